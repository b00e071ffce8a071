/*
 * HTML handlers of learning (handler layer): the exam list and the form that composes an exam,
 * the exam page (one page per paper, a plain form that saves and hands in, made better by
 * static/exam.js), results with a score chart in inline SVG, top units, item statistics and an
 * XLSX export; the question bank with its add and import forms; training classes with
 * enrolment, rosters, attendance and statistics. All of it works without JavaScript.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/html.h"
#include "core/str.h"
#include "learning/exam.h"
#include "learning/learning_web.h"
#include "learning/question.h"
#include "learning/training.h"
#include "web/export.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

enum { BANK_PAGE = 50 };

/* The id in the path, or 0 after an error page. */
static long long page_id(struct req *r)
{
    long long id;
    if (r->args[0] && str_to_ll(r->args[0], 1, 1LL << 62, &id) == 0)
        return id;
    struct err err = { 0 };
    err_set(&err, RES_NOT_FOUND, NULL, "err.not_found");
    page_error(r, 404, &err);
    return 0;
}

static void fail_page(struct req *r, enum result res, const struct err *err)
{
    page_error(r, result_status(res), err);
}

static const char *kind_text(struct req *r, const char *kind)
{
    return tr(r, strcmp(kind, "multiple") == 0    ? "question.multiple"
                 : strcmp(kind, "truefalse") == 0 ? "question.truefalse"
                                                  : "question.single");
}

/* x with one decimal and a suffix, as arena text (html_printf has no %f). */
static const char *fixed1(struct req *r, double x, const char *suffix)
{
    return arena_printf(&r->arena, "%.1f%s", x, suffix);
}

static void local_time(struct req *r, time_t t, const char **out)
{
    char *s = arena_alloc(&r->arena, 20);
    clock_format_local(t, s);
    s[10] = ' ';
    s[16] = '\0'; /* minutes are enough on a page */
    *out = s;
}

/* ---- exam list and the form that composes one ---- */

static void exam_row(void *ctx, const struct exam *e)
{
    struct req *r = ctx;
    const char *opens, *closes;
    local_time(r, e->opens, &opens);
    local_time(r, e->closes, &closes);
    html_printf(&r->out, "<tr><td><a href=\"/exams/%lld\">%s</a></td><td>%s</td><td>%s — %s</td>",
                e->id, e->title, e->unit_name, opens, closes);
    html_printf(&r->out, "<td class=\"num\">%lld</td><td class=\"num\">%lld</td><td>",
                e->n_questions, e->minutes);
    if (e->may_sit && e->my_state[0] && e->my_score >= 0)
        html_printf(&r->out, "%s %s", tr(r, "exam.my_score"), fixed1(r, e->my_score, ""));
    else if (e->may_sit && e->my_state[0])
        html_printf(&r->out, "%s", tr(r, "exam.in_progress"));
    else if (e->may_sit)
        html_printf(&r->out, "%s", tr(r, "exam.not_started"));
    if (e->may_manage || !e->may_sit)
        html_printf(&r->out, " <a href=\"/exams/%lld/results\">%s</a>", e->id,
                    tr(r, "exam.results"));
    html_raw(&r->out, "</td></tr>");
}

static void learning_links(struct req *r)
{
    html_printf(&r->out, "<p class=\"crumbs\"><a href=\"/exams\">%s</a> · ", tr(r, "exam.title"));
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        html_printf(&r->out, "<a href=\"/questions\">%s</a> · ", tr(r, "question.bank"));
    html_printf(&r->out, "<a href=\"/training\">%s</a></p>", tr(r, "training.title"));
}

void exam_list_page(struct req *r)
{
    page_begin(r, tr(r, "exam.title"));
    page_notice(r);
    learning_links(r);
    html_printf(&r->out,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th class=\"num\">%s</th><th class=\"num\">%s</th><th></th></tr></thead><tbody>",
                tr(r, "exam.name"), tr(r, "exam.organiser"), tr(r, "exam.window"),
                tr(r, "exam.questions"), tr(r, "exam.minutes"));
    exam_each(r->db, &r->actor, exam_row, r);
    html_raw(&r->out, "</tbody></table></div>");
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        html_printf(&r->out, "<h2>%s</h2><form method=\"post\" action=\"/exams\" class=\"stack\">",
                    tr(r, "exam.new"));
        form_csrf(r);
        html_printf(&r->out,
                    "<label>%s<input name=\"title\" required maxlength=\"200\"></label>"
                    "<label>%s<input name=\"unit\" required></label>"
                    "<label>%s<input name=\"examinee_unit\" required></label>",
                    tr(r, "exam.name"), tr(r, "exam.organiser_code"), tr(r, "exam.examinee_code"));
        html_printf(&r->out,
                    "<label>%s<textarea name=\"rules\" rows=\"4\" required placeholder=\"%s\">"
                    "</textarea></label>",
                    tr(r, "exam.rules"), tr(r, "exam.rules_hint"));
        html_printf(&r->out,
                    "<label>%s<input name=\"minutes\" type=\"number\" min=\"1\" max=\"600\""
                    " value=\"60\"></label><label>%s<input name=\"opens\""
                    " type=\"datetime-local\" required></label><label>%s<input name=\"closes\""
                    " type=\"datetime-local\" required></label>",
                    tr(r, "exam.minutes"), tr(r, "exam.opens"), tr(r, "exam.closes"));
        html_printf(&r->out,
                    "<label>%s<input name=\"pass_score\" type=\"number\" min=\"0\" max=\"100\""
                    " value=\"60\"></label><label>%s<input name=\"sittings\" type=\"number\""
                    " min=\"1\" max=\"10\" value=\"1\"></label><label><input name=\"partial\""
                    " type=\"checkbox\" value=\"1\"> %s</label>",
                    tr(r, "exam.pass_score"), tr(r, "exam.sittings"), tr(r, "exam.partial"));
        html_printf(&r->out, "<button class=\"primary\" type=\"submit\">%s</button></form>",
                    tr(r, "exam.create"));
    }
    page_end(r);
}

/* Reads the rules typed one per line: "category, difficulty (empty for any), count". */
static enum result parse_rule_lines(struct req *r, const char *text, struct exam_input *in,
                                    struct err *err)
{
    struct exam_rule *rules = arena_alloc(&r->arena, EXAM_RULES_MAX * sizeof(*rules));
    size_t n = 0;
    char *copy = arena_strdup(&r->arena, text ? text : ""), *save = NULL;
    for (char *line = strtok_r(copy, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        char *f[3] = { NULL, NULL, NULL };
        int k = 0;
        for (char *p = line; k < 3; k++) {
            f[k] = p;
            char *comma = strpbrk(p, ",");
            char *wide = strstr(p, "，");
            if (wide && (!comma || wide < comma)) {
                *wide = '\0';
                p = wide + 3;
            } else if (comma) {
                *comma = '\0';
                p = comma + 1;
            } else {
                k++;
                break;
            }
        }
        while (*line == ' ')
            line++;
        if (!*line)
            continue;
        if (n == EXAM_RULES_MAX)
            return err_setf(err, RES_INVALID, "rules", "err.range", "1-%d", EXAM_RULES_MAX);
        struct exam_rule *rule = &rules[n++];
        for (int i = 0; i < 3; i++)
            while (f[i] && *f[i] == ' ')
                f[i]++;
        rule->category = f[0];
        const char *count = k == 3 ? f[2] : f[1], *diff = k == 3 ? f[1] : "";
        if (!count || str_to_ll(count, 1, EXAM_QUESTIONS_MAX, &rule->count) != 0 ||
            (*diff && str_to_ll(diff, 0, 3, &rule->difficulty) != 0))
            return err_setf(err, RES_INVALID, "rules", "err.exam_rule_line", "%s", f[0]);
    }
    in->rules = rules;
    in->n_rules = n;
    return RES_OK;
}

/* An optional number from a form field into *out; RES_INVALID naming it when not a number. */
static enum result form_ll(struct req *r, const char *name, long long lo, long long hi,
                           long long *out, struct err *err)
{
    const char *v = req_form(r, name);
    if (!v || !*v)
        return RES_OK;
    if (str_to_ll(v, lo, hi, out) != 0)
        return err_setf(err, RES_INVALID, name, "err.range", "%lld-%lld", lo, hi);
    return RES_OK;
}

void exam_new_post(struct req *r)
{
    struct exam_create_job job = { .who = &r->actor };
    struct exam_input *in = &job.in;
    in->unit = req_form(r, "unit");
    in->title = req_form(r, "title");
    in->examinee_unit = req_form(r, "examinee_unit");
    in->opens = req_form(r, "opens");
    in->closes = req_form(r, "closes");
    in->partial = req_form(r, "partial") != NULL;
    in->minutes = 60;
    in->pass_score = 60;
    enum result res = parse_rule_lines(r, req_form(r, "rules"), in, &job.err);
    if (res == RES_OK)
        res = form_ll(r, "minutes", 1, 600, &in->minutes, &job.err);
    if (res == RES_OK)
        res = form_ll(r, "pass_score", 0, 100, &in->pass_score, &job.err);
    if (res == RES_OK)
        res = form_ll(r, "sittings", 1, 10, &in->sittings, &job.err);
    if (res == RES_OK)
        res = req_write(r, exam_create_job, &job);
    if (res != RES_OK) {
        fail_page(r, res, &job.err);
        return;
    }
    resp_redirect(r, arena_printf(&r->arena, "/exams/%lld?ok=exam.created", job.id));
}

/* ---- the exam page ---- */

/* An exam copied out of its callback, with what the page needs. */
struct exam_copy {
    struct exam e; /* strings in the request arena */
    int found;     /* 1 once copied */
};

static void copy_exam(void *ctx, const struct exam *e)
{
    struct req *r = ((void **)ctx)[0];
    struct exam_copy *c = ((void **)ctx)[1];
    c->e = *e;
    c->e.unit_name = arena_strdup(&r->arena, e->unit_name);
    c->e.unit_code = arena_strdup(&r->arena, e->unit_code);
    c->e.examinee_code = arena_strdup(&r->arena, e->examinee_code);
    c->e.examinee_name = arena_strdup(&r->arena, e->examinee_name);
    c->e.title = arena_strdup(&r->arena, e->title);
    c->e.my_state = arena_strdup(&r->arena, e->my_state);
    c->found = 1;
}

static enum result load_exam(struct req *r, long long id, struct exam_copy *c)
{
    void *ctx[2] = { r, c };
    memset(c, 0, sizeof(*c));
    return exam_get(r->db, &r->actor, id, copy_exam, ctx);
}

/* What the paper callback needs. */
struct paper_page {
    struct req *r;        /* the request */
    const struct exam *e; /* the exam */
    time_t now;           /* clock_time() */
    int shown;            /* a paper was rendered */
};

static void option_letter(struct req *r, int j)
{
    static const char *const letters[QUESTION_OPTIONS_MAX] = { "A", "B", "C", "D",
                                                               "E", "F", "G", "H" };
    html_printf(&r->out, "%s. ", letters[j & (QUESTION_OPTIONS_MAX - 1)]);
}

static void paper_open(struct paper_page *pp, const struct paper *p)
{
    struct req *r = pp->r;
    const char *deadline;
    local_time(r, p->deadline, &deadline);
    html_printf(&r->out,
                "<form method=\"post\" action=\"/exams/%lld/answers\" id=\"paper\" class=\"paper\""
                " data-exam=\"%lld\" data-sitting=\"%lld\" data-left=\"%lld\" data-saved=\"%s\""
                " data-saving=\"%s\" data-offline=\"%s\" data-refused=\"%s\">",
                p->exam_id, p->exam_id, p->sitting_id, (long long)(p->deadline - pp->now),
                tr(r, "exam.saved"), tr(r, "exam.saving"), tr(r, "exam.offline"),
                tr(r, "exam.refused"));
    form_csrf(r);
    html_printf(&r->out,
                "<div class=\"bar\"><span>%s %s</span><span>%s <b id=\"time-left\"></b></span>"
                "<span id=\"save-status\" role=\"status\"></span></div>",
                tr(r, "exam.deadline"), deadline, tr(r, "exam.time_left"));
    for (int i = 0; i < p->n_items; i++) {
        const struct paper_item *it = &p->items[i];
        int multi = strcmp(it->kind, "multiple") == 0;
        html_printf(&r->out, "<fieldset><legend>%d. [%s] %s</legend>", i + 1,
                    kind_text(r, it->kind), it->text);
        for (int j = 0; j < it->n_options; j++) {
            html_printf(&r->out, "<label><input type=\"%s\" name=\"q%lld\" value=\"%d\"%s> ",
                        multi ? "checkbox" : "radio", it->question_id, j,
                        (it->choice & (1u << j)) ? " checked" : "");
            option_letter(r, j);
            html_printf(&r->out, "%s</label>", it->options[j]);
        }
        html_raw(&r->out, "</fieldset>");
    }
    html_printf(&r->out,
                "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\">%s"
                "</button><button class=\"primary\" type=\"submit\" name=\"action\""
                " value=\"submit\">%s</button></div></form>",
                tr(r, "exam.save"), tr(r, "exam.hand_in"));
    html_printf(&r->out, "<script nonce=\"%s\" src=\"/static/exam.js\" defer></script>", r->nonce);
}

static void paper_done(struct paper_page *pp, const struct paper *p)
{
    struct req *r = pp->r;
    html_printf(&r->out, "<p>%s <span class=\"score\">%s</span> / 100 · %s</p>",
                tr(r, "exam.score"), fixed1(r, p->score, ""),
                tr(r, p->score >= (double)p->pass_score ? "exam.passed" : "exam.failed"));
    if (strcmp(p->state, "timeout") == 0)
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "exam.timed_out"));
    if (!p->reveal) {
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "exam.reveal_later"));
        return;
    }
    html_printf(&r->out, "<h2>%s</h2><div class=\"paper\">", tr(r, "exam.review"));
    for (int i = 0; i < p->n_items; i++) {
        const struct paper_item *it = &p->items[i];
        html_printf(&r->out, "<fieldset><legend>%d. [%s] %s</legend><ul>", i + 1,
                    kind_text(r, it->kind), it->text);
        for (int j = 0; j < it->n_options; j++) {
            int right = (it->right >> j) & 1, mine = (it->choice >> j) & 1;
            html_printf(&r->out, "<li class=\"%s\">", right ? "right" : mine ? "wrong" : "");
            option_letter(r, j);
            html_printf(&r->out, "%s%s%s</li>", it->options[j], mine ? " ← " : "",
                        mine ? tr(r, "exam.your_choice") : "");
        }
        html_printf(&r->out, "</ul><p>%s</p></fieldset>", it->explanation);
    }
    html_raw(&r->out, "</div>");
}

static void render_paper(void *ctx, const struct paper *p)
{
    struct paper_page *pp = ctx;
    pp->shown = 1;
    if (strcmp(p->state, "open") == 0)
        paper_open(pp, p);
    else
        paper_done(pp, p);
}

static void start_form(struct req *r, const struct exam *e, const char *label)
{
    html_printf(&r->out, "<form method=\"post\" action=\"/exams/%lld/start\">", e->id);
    form_csrf(r);
    html_printf(&r->out, "<button class=\"primary\" type=\"submit\">%s</button></form>", label);
}

void exam_show_page(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct exam_copy c;
    struct err err = { 0 };
    if (load_exam(r, id, &c) != RES_OK || !c.found) {
        err_set(&err, RES_NOT_FOUND, "exam", "err.not_found");
        page_error(r, 404, &err);
        return;
    }
    const struct exam *e = &c.e;
    page_begin(r, e->title);
    page_notice(r);
    learning_links(r);
    const char *opens, *closes;
    local_time(r, e->opens, &opens);
    local_time(r, e->closes, &closes);
    html_printf(&r->out, "<p>%s %s · %s %s — %s · %s %lld · %s %lld · %s %lld</p>",
                tr(r, "exam.organiser"), e->unit_name, tr(r, "exam.window"), opens, closes,
                tr(r, "exam.questions"), e->n_questions, tr(r, "exam.minutes"), e->minutes,
                tr(r, "exam.pass_score"), e->pass_score);
    if (e->may_manage || !e->may_sit)
        html_printf(&r->out, "<p><a href=\"/exams/%lld/results\">%s</a></p>", e->id,
                    tr(r, "exam.results"));
    if (e->may_sit) {
        struct paper_page pp = { .r = r, .e = e, .now = clock_time() };
        exam_paper(r->db, &r->actor, id, pp.now, render_paper, &pp);
        int open_now = pp.now >= e->opens && pp.now < e->closes;
        if (!pp.shown && open_now)
            start_form(r, e, tr(r, "exam.start"));
        else if (!pp.shown)
            html_printf(&r->out, "<p class=\"muted\">%s</p>",
                        tr(r, pp.now < e->opens ? "err.exam_not_open" : "err.exam_closed"));
        else if (strcmp(e->my_state, "open") != 0 && open_now && e->my_attempts < e->sittings)
            start_form(r, e, tr(r, "exam.retake"));
    }
    page_end(r);
}

void exam_start_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    int resumed;
    struct err err = { 0 };
    enum result res = exam_start_req(r, id, &resumed, &err);
    if (res != RES_OK) {
        fail_page(r, res, &err);
        return;
    }
    resp_redirect(r, arena_printf(&r->arena, "/exams/%lld", id));
}

/* The plain form: saves every answer on the paper as the form has it, then hands in when
 * asked. */
struct form_save {
    struct req *r;     /* the request */
    long long exam_id; /* exam */
    time_t now;        /* when received */
    enum result res;   /* first failure */
    struct err err;    /* its reason */
};

static void save_from_form(void *ctx, const struct paper *p)
{
    struct form_save *fs = ctx;
    struct req *r = fs->r;
    if (strcmp(p->state, "open") != 0 && !p->due) {
        fs->res = err_set(&fs->err, RES_CONFLICT, "exam", "err.exam_finished");
        return;
    }
    for (int i = 0; i < p->n_items && fs->res == RES_OK; i++) {
        const struct paper_item *it = &p->items[i];
        struct exam_answer a = {
            .who = &r->actor, .exam_id = fs->exam_id, .question_id = it->question_id, .now = fs->now
        };
        char name[32];
        snprintf(name, sizeof(name), "q%lld", it->question_id);
        for (const struct form_field *f = r->form; f; f = f->next) {
            long long v;
            if (strcmp(f->name, name) != 0 || a.n_choice == QUESTION_OPTIONS_MAX)
                continue;
            if (str_to_ll(f->value, 0, QUESTION_OPTIONS_MAX - 1, &v) != 0) {
                fs->res = err_set(&fs->err, RES_INVALID, "choice", "err.range");
                return;
            }
            a.choice[a.n_choice++] = (int)v;
        }
        unsigned given = 0;
        for (int k = 0; k < a.n_choice; k++)
            given |= 1u << a.choice[k];
        if (given == it->choice && a.n_choice == __builtin_popcount(given))
            continue; /* unchanged: nothing to write */
        enum result res = exam_answer_req(r, &a);
        if (res != RES_OK) {
            fs->res = res;
            fs->err = a.err;
        }
    }
}

void exam_answers_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct form_save fs = { .r = r, .exam_id = id, .now = clock_time() };
    enum result res = exam_paper(r->db, &r->actor, id, fs.now, save_from_form, &fs);
    if (res == RES_OK)
        res = fs.res;
    const char *action = req_form(r, "action");
    if (res == RES_OK && action && strcmp(action, "submit") == 0) {
        struct exam_submit s = { .who = &r->actor, .exam_id = id, .now = fs.now };
        res = req_write(r, exam_submit_job, &s);
        fs.err = s.err;
    }
    if (res != RES_OK) {
        fail_page(r, res, &fs.err);
        return;
    }
    resp_redirect(
        r, arena_printf(&r->arena, "/exams/%lld?ok=%s", id,
                        action && strcmp(action, "submit") == 0 ? "exam.handed_in" : "exam.saved"));
}

/* ---- results ---- */

/* A unit's figures kept for sorting. */
struct unit_result {
    const char *code;      /* unit code */
    const char *name;      /* its name */
    struct exam_figures f; /* figures */
};

struct unit_results {
    struct req *r;            /* for the arena */
    struct unit_result *list; /* collected */
    size_t n;                 /* how many */
    size_t cap;               /* allocated */
};

static void collect_unit(void *ctx, const char *code, const char *name,
                         const struct exam_figures *f)
{
    struct unit_results *u = ctx;
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 32;
        struct unit_result *list = arena_alloc(&u->r->arena, cap * sizeof(*list));
        if (u->n)
            memcpy(list, u->list, u->n * sizeof(*list));
        u->list = list;
        u->cap = cap;
    }
    u->list[u->n++] = (struct unit_result){ arena_strdup(&u->r->arena, code),
                                            arena_strdup(&u->r->arena, name), *f };
}

/* Units with an average shown first, best first; then the others by code, so that the order
 * tells nothing of a hidden average. */
static int by_average(const void *a, const void *b)
{
    const struct unit_result *x = a, *y = b;
    int x_shown = x->f.participants && !x->f.hidden, y_shown = y->f.participants && !y->f.hidden;
    if (x_shown != y_shown)
        return y_shown - x_shown;
    if (!x_shown)
        return strcmp(x->code, y->code);
    return x->f.average < y->f.average ? 1 : x->f.average > y->f.average ? -1 : 0;
}

/* The score distribution as a bar chart in inline SVG: no script, no external file. */
static void chart(struct req *r, const struct exam_figures *f)
{
    long long top = 1;
    for (int i = 0; i < EXAM_BUCKETS; i++)
        if (f->distribution[i] > top)
            top = f->distribution[i];
    html_printf(&r->out,
                "<svg class=\"chart\" viewBox=\"0 0 500 220\" role=\"img\" aria-label=\"%s\">",
                tr(r, "exam.distribution"));
    for (int i = 0; i < EXAM_BUCKETS; i++) {
        long long h = f->distribution[i] * 170 / top;
        int x = 10 + i * 48;
        html_printf(&r->out,
                    "<rect x=\"%d\" y=\"%lld\" width=\"40\" height=\"%lld\"></rect>"
                    "<text x=\"%d\" y=\"%lld\">%lld</text><text x=\"%d\" y=\"212\">%d</text>",
                    x, 190 - h, h, x + 20, 185 - h, f->distribution[i], x + 20, i * 10);
    }
    html_raw(&r->out, "</svg>");
}

static void figure(struct req *r, const char *label_id, const char *value)
{
    html_printf(&r->out, "<div><span class=\"muted\">%s</span><b>%s</b></div>", tr(r, label_id),
                value);
}

static void item_row(void *ctx, const struct exam_item_stat *s)
{
    struct req *r = ctx;
    int bad = s->share_correct < 0.3 || s->discrimination < 0.2;
    html_printf(&r->out,
                "<tr%s><td>%lld</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%s</td><td class=\"num\">%s</td></tr>",
                bad ? " class=\"warn\"" : "", s->question_id, s->category, kind_text(r, s->kind),
                s->text, s->n, fixed1(r, 100.0 * s->share_correct, "%"),
                arena_printf(&r->arena, "%.2f", s->discrimination));
}

void exam_results_page(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct exam_copy c;
    struct err err = { 0 };
    if (load_exam(r, id, &c) != RES_OK || !c.found) {
        err_set(&err, RES_NOT_FOUND, "exam", "err.not_found");
        page_error(r, 404, &err);
        return;
    }
    const char *unit = req_query(r, "unit");
    struct exam_figures all;
    struct unit_results units = { .r = r };
    enum result res = exam_stats(r->db, &r->actor, id, unit, &all, collect_unit, &units, &err);
    if (res != RES_OK) {
        fail_page(r, res, &err);
        return;
    }
    page_begin(r, arena_printf(&r->arena, "%s · %s", c.e.title, tr(r, "exam.results")));
    learning_links(r);
    html_printf(&r->out,
                "<form class=\"filters\" method=\"get\"><label>%s<input name=\"unit\""
                " value=\"%s\"></label><button type=\"submit\">%s</button></form>",
                tr(r, "exam.unit"), unit ? unit : "", tr(r, "exam.show"));
    html_raw(&r->out, "<div class=\"figures\">");
    figure(r, "exam.participants", arena_printf(&r->arena, "%lld", all.participants));
    figure(r, "exam.eligible", arena_printf(&r->arena, "%lld", all.eligible));
    figure(r, "exam.participation", fixed1(r, 100 * all.participation, "%"));
    figure(r, "exam.average", all.hidden ? "—" : fixed1(r, all.average, ""));
    figure(r, "exam.pass_rate", all.hidden ? "—" : fixed1(r, 100 * all.pass_rate, "%"));
    html_printf(&r->out, "</div><h2>%s</h2>", tr(r, "exam.distribution"));
    if (all.hidden)
        html_printf(&r->out, "<p class=\"muted\">%s %d</p>", tr(r, "exam.hidden"), SCOPE_MIN_GROUP);
    else
        chart(r, &all);
    if (units.n)
        qsort(units.list, units.n, sizeof(*units.list), by_average);
    html_printf(&r->out,
                "<h2>%s</h2><div class=\"table-wrap\"><table><thead><tr><th>%s</th>"
                "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
                tr(r, "exam.top_units"), tr(r, "exam.unit"), tr(r, "exam.participants"),
                tr(r, "exam.eligible"), tr(r, "exam.participation"), tr(r, "exam.average"),
                tr(r, "exam.pass_rate"));
    for (size_t i = 0; i < units.n; i++) {
        const struct unit_result *u = &units.list[i];
        html_printf(&r->out, "<tr><td><a href=\"/exams/%lld/results?unit=", id);
        html_urlpart(&r->out, u->code);
        html_printf(&r->out,
                    "\">%s</a></td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                    "<td class=\"num\">%s</td><td class=\"num\">%s</td>"
                    "<td class=\"num\">%s</td></tr>",
                    u->name, u->f.participants, u->f.eligible,
                    fixed1(r, 100 * u->f.participation, "%"),
                    u->f.hidden ? "—" : fixed1(r, u->f.average, ""),
                    u->f.hidden ? "—" : fixed1(r, 100 * u->f.pass_rate, "%"));
    }
    html_raw(&r->out, "</tbody></table></div>");
    html_printf(&r->out, "<p><a href=\"/exams/%lld/results.xlsx?unit=", id);
    html_urlpart(&r->out, unit ? unit : "");
    html_printf(&r->out, "\">%s</a></p>", tr(r, "exam.export"));
    if (c.e.may_manage) {
        html_printf(&r->out,
                    "<h2>%s</h2><p class=\"muted\">%s</p><div class=\"table-wrap\"><table><thead>"
                    "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th class=\"num\">%s</th>"
                    "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
                    tr(r, "exam.items"), tr(r, "exam.items_hint"), tr(r, "question.id"),
                    tr(r, "question.category"), tr(r, "question.kind"), tr(r, "question.text"),
                    tr(r, "exam.answered"), tr(r, "exam.share_correct"),
                    tr(r, "exam.discrimination"));
        exam_item_stats(r->db, &r->actor, id, item_row, r, &err);
        html_raw(&r->out, "</tbody></table></div>");
    }
    page_end(r);
}

struct export_ctx {
    struct req *r;              /* for translations */
    struct export_sheet *sheet; /* the sheet */
};

static void export_result(void *ctx, const struct exam_result_row *row)
{
    struct export_ctx *c = ctx;
    char attempt[24], score[32];
    snprintf(attempt, sizeof(attempt), "%lld", row->attempt);
    if (row->score >= 0)
        snprintf(score, sizeof(score), "%.1f", row->score);
    else
        score[0] = '\0';
    const char *values[] = {
        row->unit_name, row->name,
        row->login,     attempt,
        row->started,   tr(c->r, arena_printf(&c->r->arena, "exam.state_%s", row->state)),
        score
    };
    export_row(c->sheet, values);
}

void exam_results_xlsx_page(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    static const enum export_cell types[] = { CELL_TEXT, CELL_TEXT, CELL_TEXT,  CELL_NUMBER,
                                              CELL_TEXT, CELL_TEXT, CELL_NUMBER };
    const char *headers[] = { tr(r, "exam.unit"),    tr(r, "person.name"),  tr(r, "login.login"),
                              tr(r, "exam.attempt"), tr(r, "exam.started"), tr(r, "exam.state"),
                              tr(r, "exam.score") };
    struct err err = { 0 };
    struct export_ctx c = { .r = r };
    c.sheet = export_begin(1, tr(r, "exam.results"), headers, types, 7);
    if (!c.sheet) {
        err_set(&err, RES_FAIL, NULL, "err.internal");
        page_error(r, 500, &err);
        return;
    }
    const char *unit = req_query(r, "unit");
    enum result res =
        exam_results(r->db, &r->actor, id, unit && *unit ? unit : NULL, export_result, &c, &err);
    buf_reset(&r->out);
    if (export_finish(c.sheet, &r->out) != 0 || res != RES_OK) {
        if (res == RES_OK)
            err_set(&err, RES_FAIL, NULL, "err.internal");
        page_error(r, res == RES_OK ? 500 : result_status(res), &err);
        return;
    }
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp_header(r, "Content-Disposition", "attachment; filename=\"exam-results.xlsx\"");
}

/* ---- the question bank ---- */

static void category_row(void *ctx, const char *category, const long long n[3])
{
    struct req *r = ctx;
    html_printf(&r->out, "<tr><td><a href=\"/questions?category=");
    html_urlpart(&r->out, category);
    html_printf(&r->out,
                "\">%s</a></td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%lld</td></tr>",
                category, n[0], n[1], n[2]);
}

static void question_row(void *ctx, const struct question *q)
{
    struct req *r = ctx;
    html_printf(&r->out, "<tr><td>%lld</td><td>%s</td><td>%s</td><td class=\"num\">%d</td><td>%s",
                q->id, kind_text(r, q->kind), q->category, q->difficulty, q->text);
    json_t *opts = json_loads(q->options_json, 0, NULL);
    html_raw(&r->out, "<ol type=\"A\">");
    for (size_t j = 0; j < json_array_size(opts); j++)
        html_printf(&r->out, "<li%s>%s</li>", (q->answer >> j) & 1 ? " class=\"right\"" : "",
                    json_string_value(json_array_get(opts, j)));
    json_decref(opts);
    html_printf(&r->out, "</ol></td><td>%s</td></tr>", q->explanation);
}

void question_bank_page(struct req *r)
{
    const char *category = req_query(r, "category"), *page_q = req_query(r, "page");
    long long page = 1, total = 0;
    if (page_q)
        str_to_ll(page_q, 1, 1000000, &page);
    page_begin(r, tr(r, "question.bank"));
    page_notice(r);
    learning_links(r);
    struct err err = { 0 };
    html_printf(&r->out,
                "<h2>%s</h2><div class=\"table-wrap\"><table><thead><tr><th>%s</th>"
                "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                "</tr></thead><tbody>",
                tr(r, "question.categories"), tr(r, "question.category"), tr(r, "question.easy"),
                tr(r, "question.medium"), tr(r, "question.hard"));
    question_categories(r->db, &r->actor, NULL, category_row, r, &err);
    html_raw(&r->out, "</tbody></table></div>");
    html_printf(&r->out,
                "<h2>%s</h2><div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th class=\"num\">%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                category && *category ? category : tr(r, "question.all"), tr(r, "question.id"),
                tr(r, "question.kind"), tr(r, "question.category"), tr(r, "question.difficulty"),
                tr(r, "question.text"), tr(r, "question.explanation"));
    question_each(r->db, &r->actor, NULL, category, (page - 1) * BANK_PAGE, BANK_PAGE, &total,
                  question_row, r, &err);
    html_raw(&r->out, "</tbody></table></div><p class=\"pager\">");
    if (page > 1) {
        html_printf(&r->out, "<a href=\"/questions?page=%lld&amp;category=", page - 1);
        html_urlpart(&r->out, category ? category : "");
        html_printf(&r->out, "\">%s</a>", tr(r, "question.prev"));
    }
    if (page * BANK_PAGE < total) {
        html_printf(&r->out, "<a href=\"/questions?page=%lld&amp;category=", page + 1);
        html_urlpart(&r->out, category ? category : "");
        html_printf(&r->out, "\">%s</a>", tr(r, "question.next"));
    }
    html_printf(&r->out,
                "</p><h2>%s</h2><form method=\"post\" action=\"/questions\""
                " class=\"stack\">",
                tr(r, "question.add"));
    form_csrf(r);
    html_printf(&r->out,
                "<label>%s<select name=\"kind\"><option value=\"single\">%s</option>"
                "<option value=\"multiple\">%s</option><option value=\"truefalse\">%s</option>"
                "</select></label><label>%s<input name=\"category\" required maxlength=\"50\""
                " value=\"%s\"></label>",
                tr(r, "question.kind"), tr(r, "question.single"), tr(r, "question.multiple"),
                tr(r, "question.truefalse"), tr(r, "question.category"), category ? category : "");
    html_printf(&r->out,
                "<label>%s<select name=\"difficulty\"><option value=\"1\">%s</option>"
                "<option value=\"2\" selected>%s</option><option value=\"3\">%s</option></select>"
                "</label><label>%s<textarea name=\"text\" rows=\"3\" required></textarea></label>",
                tr(r, "question.difficulty"), tr(r, "question.easy"), tr(r, "question.medium"),
                tr(r, "question.hard"), tr(r, "question.text"));
    html_printf(&r->out,
                "<label>%s<textarea name=\"options\" rows=\"4\"></textarea></label>"
                "<label>%s<input name=\"answer\" required></label><label>%s<textarea"
                " name=\"explanation\" rows=\"2\"></textarea></label>"
                "<button class=\"primary\" type=\"submit\">%s</button></form>",
                tr(r, "question.options_hint"), tr(r, "question.answer_hint"),
                tr(r, "question.explanation"), tr(r, "question.add"));
    html_printf(&r->out,
                "<h2>%s</h2><p class=\"muted\">%s</p><form method=\"post\""
                " action=\"/questions/import\" class=\"stack\" enctype=\"multipart/form-data\">",
                tr(r, "question.import"), tr(r, "question.import_hint"));
    form_csrf(r);
    html_printf(&r->out,
                "<label>%s<input type=\"file\" name=\"file\" required></label><label>%s<select"
                " name=\"format\"><option value=\"text\">%s</option><option value=\"csv\">CSV"
                "</option></select></label><button class=\"primary\" type=\"submit\">%s</button>"
                "</form>",
                tr(r, "question.file"), tr(r, "question.format"), tr(r, "question.format_text"),
                tr(r, "question.import"));
    page_end(r);
}

void question_new_post(struct req *r)
{
    struct question_add_job job = { .who = &r->actor };
    struct question_input *q = &job.in;
    q->kind = req_form(r, "kind");
    q->category = req_form(r, "category");
    q->text = req_form(r, "text");
    q->explanation = req_form(r, "explanation");
    enum result res = form_ll(r, "difficulty", 1, 3, &q->difficulty, &job.err);
    int tf = q->kind && strcmp(q->kind, "truefalse") == 0;
    char *opts = arena_strdup(&r->arena, req_form(r, "options") ? req_form(r, "options") : "");
    char *save = NULL;
    for (char *line = strtok_r(opts, "\r\n", &save); line && !tf && res == RES_OK;
         line = strtok_r(NULL, "\r\n", &save)) {
        if (!*line)
            continue;
        if (q->n_options == QUESTION_OPTIONS_MAX)
            res = err_setf(&job.err, RES_INVALID, "options", "err.range", "2-%d",
                           QUESTION_OPTIONS_MAX);
        else
            q->options[q->n_options++] = line;
    }
    if (res == RES_OK)
        res = question_parse_answer(req_form(r, "answer"), q, &job.err);
    if (res == RES_OK)
        res = req_write(r, question_add_job, &job);
    if (res != RES_OK) {
        fail_page(r, res, &job.err);
        return;
    }
    resp_redirect(r, "/questions?ok=question.added");
}

/* Import problems listed on the page as they are reported. */
struct problem_list {
    struct req *r;    /* the page */
    const char *file; /* the uploaded file's name */
    int n;            /* problems listed */
};

static void list_problem(void *ctx, int line, const struct err *e)
{
    struct problem_list *p = ctx;
    struct req *r = p->r;
    if (p->n++ == 0)
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p><ul>",
                    tr(r, "question.import_failed"));
    html_printf(&r->out, "<li>%s:%d: %s</li>", p->file, line, err_text_for(r, e));
}

/* The form field named "file", or NULL after an error page. */
static const struct form_field *upload(struct req *r)
{
    for (const struct form_field *f = r->form; f; f = f->next)
        if (strcmp(f->name, "file") == 0)
            return f;
    struct err err = { 0 };
    err_set(&err, RES_INVALID, "file", "err.required");
    page_error(r, 400, &err);
    return NULL;
}

/* Ends an upload's page: a redirect to done when it worked, else the problems and a way back. */
static void upload_done(struct req *r, enum result res, const struct problem_list *p,
                        const char *done, const char *back)
{
    if (p->n)
        html_raw(&r->out, "</ul>");
    if (res == RES_OK) {
        buf_reset(&r->out);
        resp_redirect(r, done);
        return;
    }
    r->status = result_status(res);
    html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>", back, tr(r, "err.back"));
    page_end(r);
}

struct upload_job {
    const struct actor *who;       /* the caller */
    const struct form_field *file; /* the upload */
    int csv;                       /* its format */
    long long n;                   /* questions imported */
    struct problem_list problems;  /* shown on the page */
};

static enum result upload_run(struct db *db, void *arg)
{
    struct upload_job *j = arg;
    struct import_report rep = { list_problem, &j->problems };
    return question_import(db, j->who, NULL, j->csv ? QFORMAT_CSV : QFORMAT_TEXT, j->file->value,
                           j->file->len, &j->n, &rep);
}

void question_import_post(struct req *r)
{
    struct upload_job job = { .who = &r->actor, .file = upload(r) };
    if (!job.file)
        return;
    const char *format = req_form(r, "format");
    job.csv = format && strcmp(format, "csv") == 0;
    job.problems = (struct problem_list){ r, job.file->filename ? job.file->filename : "file", 0 };
    page_begin(r, tr(r, "question.import"));
    enum result res = req_write(r, upload_run, &job);
    upload_done(r, res, &job.problems, "/questions?ok=question.imported", "/questions");
}

/* ---- training classes ---- */

static void class_row(void *ctx, const struct training_class *c)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td><a href=\"/training/%lld\">%s</a></td><td>%s</td><td>%s — %s</td>"
                "<td>%s</td><td class=\"num\">%lld/%lld</td><td class=\"num\">%lld</td></tr>",
                c->id, c->title, c->unit_name, c->starts, c->ends, c->place, c->n_enrolled,
                c->capacity, c->n_present);
}

static void training_unit_row(void *ctx, const char *code, const char *name,
                              const struct training_stats *s)
{
    struct req *r = ctx;
    html_raw(&r->out, "<tr><td><a href=\"/training?unit=");
    html_urlpart(&r->out, code);
    html_printf(&r->out,
                "\">%s</a></td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%lld</td></tr>",
                name, s->classes, s->person_times, s->persons);
}

void training_list_page(struct req *r)
{
    const char *unit = req_query(r, "unit"), *from = req_query(r, "from"), *to = req_query(r, "to");
    struct err err = { 0 };
    struct training_stats all;
    page_begin(r, tr(r, "training.title"));
    page_notice(r);
    learning_links(r);
    html_printf(&r->out,
                "<form class=\"filters\" method=\"get\"><label>%s<input name=\"unit\" value=\"%s\">"
                "</label><label>%s<input type=\"date\" name=\"from\" value=\"%s\"></label>"
                "<label>%s<input type=\"date\" name=\"to\" value=\"%s\"></label>"
                "<button type=\"submit\">%s</button></form>",
                tr(r, "exam.unit"), unit ? unit : "", tr(r, "training.from"), from ? from : "",
                tr(r, "training.to"), to ? to : "", tr(r, "exam.show"));
    html_printf(&r->out,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th class=\"num\">%s</th>"
                "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
                tr(r, "exam.unit"), tr(r, "training.classes"), tr(r, "training.person_times"),
                tr(r, "training.persons"));
    enum result res =
        training_stats(r->db, &r->actor, unit, from, to, &all, training_unit_row, r, &err);
    if (res != RES_OK) {
        html_printf(&r->out, "</tbody></table></div><p class=\"error\">%s</p>",
                    err_text_for(r, &err));
        page_end(r);
        return;
    }
    html_printf(&r->out,
                "<tr><th>%s</th><th class=\"num\">%lld</th><th class=\"num\">%lld</th>"
                "<th class=\"num\">%lld</th></tr></tbody></table></div>",
                tr(r, "training.total"), all.classes, all.person_times, all.persons);
    html_printf(&r->out,
                "<h2>%s</h2><div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr>"
                "</thead><tbody>",
                tr(r, "training.list"), tr(r, "training.name"), tr(r, "exam.organiser"),
                tr(r, "training.dates"), tr(r, "training.place"), tr(r, "training.enrolled"),
                tr(r, "training.attendances"));
    training_each(r->db, &r->actor, unit, from, to, class_row, r, &err);
    html_raw(&r->out, "</tbody></table></div>");
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        html_printf(&r->out,
                    "<h2>%s</h2><form method=\"post\" action=\"/training\" class=\"stack\">",
                    tr(r, "training.new"));
        form_csrf(r);
        html_printf(&r->out,
                    "<label>%s<input name=\"title\" required maxlength=\"200\"></label>"
                    "<label>%s<input name=\"unit\" required></label><label>%s<input"
                    " type=\"date\" name=\"starts\" required></label><label>%s<input"
                    " type=\"date\" name=\"ends\" required></label>",
                    tr(r, "training.name"), tr(r, "exam.organiser_code"), tr(r, "training.starts"),
                    tr(r, "training.ends"));
        html_printf(&r->out,
                    "<label>%s<input name=\"place\" maxlength=\"200\"></label><label>%s<input"
                    " type=\"number\" name=\"capacity\" min=\"1\" value=\"50\"></label><label>%s"
                    "<input type=\"number\" name=\"sessions\" min=\"1\" max=\"100\" value=\"1\">"
                    "</label><label>%s<input name=\"targets\"></label>"
                    "<button class=\"primary\" type=\"submit\">%s</button></form>",
                    tr(r, "training.place"), tr(r, "training.capacity"), tr(r, "training.sessions"),
                    tr(r, "training.targets"), tr(r, "training.create"));
    }
    page_end(r);
}

void training_new_post(struct req *r)
{
    struct training_create_job job = { .who = &r->actor };
    struct training_input *in = &job.in;
    in->unit = req_form(r, "unit");
    in->title = req_form(r, "title");
    in->starts = req_form(r, "starts");
    in->ends = req_form(r, "ends");
    in->place = req_form(r, "place");
    enum result res = form_ll(r, "capacity", 1, 100000, &in->capacity, &job.err);
    if (res == RES_OK)
        res = form_ll(r, "sessions", 1, 100, &in->sessions, &job.err);
    const char **codes = arena_alloc(&r->arena, TRAINING_TARGETS_MAX * sizeof(*codes));
    char *targets = arena_strdup(&r->arena, req_form(r, "targets") ? req_form(r, "targets") : "");
    char *save = NULL;
    for (char *t = strtok_r(targets, ", ", &save); t && res == RES_OK;
         t = strtok_r(NULL, ", ", &save)) {
        if (in->n_targets == TRAINING_TARGETS_MAX)
            res = err_setf(&job.err, RES_INVALID, "targets", "err.too_long", "%d",
                           TRAINING_TARGETS_MAX);
        else
            codes[in->n_targets++] = t;
    }
    in->targets = codes;
    if (res == RES_OK)
        res = req_write(r, training_create_job, &job);
    if (res != RES_OK) {
        fail_page(r, res, &job.err);
        return;
    }
    resp_redirect(r, arena_printf(&r->arena, "/training/%lld?ok=training.created", job.id));
}

/* What the class page keeps from its callbacks. */
struct class_page {
    struct req *r;           /* the request */
    struct training_class c; /* the class, strings in the arena */
    int found;               /* loaded */
};

static void copy_class(void *ctx, const struct training_class *c)
{
    struct class_page *cp = ctx;
    struct arena *a = &cp->r->arena;
    cp->c = *c;
    cp->c.unit_code = arena_strdup(a, c->unit_code);
    cp->c.unit_name = arena_strdup(a, c->unit_name);
    cp->c.title = arena_strdup(a, c->title);
    cp->c.starts = arena_strdup(a, c->starts);
    cp->c.ends = arena_strdup(a, c->ends);
    cp->c.place = arena_strdup(a, c->place);
    cp->found = 1;
}

static void trainee_row(void *ctx, const struct training_trainee *t)
{
    struct class_page *cp = ctx;
    struct req *r = cp->r;
    html_printf(&r->out, "<tr><td>%s</td><td>%s</td>", t->name, t->unit_name);
    for (long long s = 1; s <= cp->c.sessions && s <= 64; s++) {
        int here = (t->present >> (s - 1)) & 1;
        if (cp->c.may_manage)
            html_printf(&r->out,
                        "<td><input type=\"checkbox\" name=\"p%lld_%lld\" value=\"1\"%s"
                        " aria-label=\"%s %lld\"></td>",
                        t->person_id, s, here ? " checked" : "", t->name, s);
        else
            html_printf(&r->out, "<td>%s</td>", here ? "✓" : "");
    }
    html_raw(&r->out, "</tr>");
}

void training_show_page(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct class_page cp = { .r = r };
    struct err err = { 0 };
    if (training_get(r->db, &r->actor, id, copy_class, &cp) != RES_OK || !cp.found) {
        err_set(&err, RES_NOT_FOUND, "class", "err.not_found");
        page_error(r, 404, &err);
        return;
    }
    const struct training_class *c = &cp.c;
    page_begin(r, c->title);
    page_notice(r);
    learning_links(r);
    html_printf(&r->out, "<p>%s %s · %s — %s · %s · %s %lld/%lld</p>", tr(r, "exam.organiser"),
                c->unit_name, c->starts, c->ends, c->place, tr(r, "training.enrolled"),
                c->n_enrolled, c->capacity);
    if (c->may_manage) {
        html_printf(&r->out, "<form method=\"post\" action=\"/training/%lld/attendance\">", id);
        form_csrf(r);
    }
    html_printf(&r->out,
                "<h2>%s</h2><div class=\"table-wrap\"><table><thead><tr><th>%s</th>"
                "<th>%s</th>",
                tr(r, "training.roster"), tr(r, "person.name"), tr(r, "person.unit"));
    for (long long s = 1; s <= c->sessions && s <= 64; s++)
        html_printf(&r->out, "<th>%s %lld</th>", tr(r, "training.session"), s);
    html_raw(&r->out, "</tr></thead><tbody>");
    training_roster(r->db, &r->actor, id, trainee_row, &cp);
    html_raw(&r->out, "</tbody></table></div>");
    if (c->may_manage)
        html_printf(&r->out, "<button class=\"primary\" type=\"submit\">%s</button></form>",
                    tr(r, "training.save_attendance"));
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        html_printf(&r->out,
                    "<h2>%s</h2><form method=\"post\" action=\"/training/%lld/enrol\""
                    " class=\"stack\">",
                    tr(r, "training.enrol"), id);
        form_csrf(r);
        html_printf(&r->out,
                    "<label>%s<input type=\"number\" name=\"person\" min=\"1\" required></label>"
                    "<button class=\"primary\" type=\"submit\">%s</button></form>",
                    tr(r, "training.person_id"), tr(r, "training.enrol"));
        html_printf(&r->out,
                    "<h2>%s</h2><p class=\"muted\">%s</p><form method=\"post\""
                    " action=\"/training/%lld/roster\" class=\"stack\""
                    " enctype=\"multipart/form-data\">",
                    tr(r, "training.roster_upload"), tr(r, "training.roster_hint"), id);
        form_csrf(r);
        html_printf(&r->out,
                    "<label>%s<input type=\"file\" name=\"file\" required></label>"
                    "<button class=\"primary\" type=\"submit\">%s</button></form>",
                    tr(r, "question.file"), tr(r, "training.roster_upload"));
    }
    page_end(r);
}

void training_enrol_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct training_enrol_job job = { .who = &r->actor, .id = id };
    enum result res = form_ll(r, "person", 1, 1LL << 62, &job.person_id, &job.err);
    if (res == RES_OK && !job.person_id)
        res = err_set(&job.err, RES_INVALID, "person", "err.required");
    if (res == RES_OK)
        res = req_write(r, training_enrol_job, &job);
    if (res != RES_OK) {
        fail_page(r, res, &job.err);
        return;
    }
    resp_redirect(r, arena_printf(&r->arena, "/training/%lld?ok=training.enrolled_ok", id));
}

void training_roster_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    const struct page_import im = {
        "training.roster_upload",
        "question.import_failed",
        arena_printf(&r->arena, "/training/%lld", id),
        arena_printf(&r->arena, "/training/%lld?ok=training.enrolled_ok", id),
        training_enrol_csv,
        id,
    };
    page_import(r, &im);
}

/* Attendance from the roster form: every enrolled person and session, checked or not. */
struct attendance_form {
    struct req *r;      /* the request */
    long long id;       /* class */
    long long sessions; /* its sessions */
    enum result res;    /* first failure */
    struct err err;     /* its reason */
};

static void attend_row(void *ctx, const struct training_trainee *t)
{
    struct attendance_form *a = ctx;
    for (long long s = 1; s <= a->sessions && s <= 64 && a->res == RES_OK; s++) {
        char name[48];
        snprintf(name, sizeof(name), "p%lld_%lld", t->person_id, s);
        int want = req_form(a->r, name) != NULL, have = (t->present >> (s - 1)) & 1;
        if (want == have)
            continue;
        struct training_attend_job job = { .who = &a->r->actor,
                                           .id = a->id,
                                           .person_id = t->person_id,
                                           .session = s,
                                           .present = want };
        a->res = req_write(a->r, training_attend_job, &job);
        a->err = job.err;
    }
}

static void class_sessions(void *ctx, const struct training_class *c)
{
    *(long long *)ctx = c->sessions;
}

void training_attend_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct attendance_form a = { .r = r, .id = id };
    enum result res = training_get(r->db, &r->actor, id, class_sessions, &a.sessions);
    if (res == RES_OK)
        res = training_roster(r->db, &r->actor, id, attend_row, &a);
    if (res == RES_OK)
        res = a.res;
    if (res != RES_OK) {
        if (!a.err.msg)
            err_set(&a.err, res, "class", "err.not_found");
        fail_page(r, res, &a.err);
        return;
    }
    resp_redirect(r, arena_printf(&r->arena, "/training/%lld?ok=training.attendance_saved", id));
}
