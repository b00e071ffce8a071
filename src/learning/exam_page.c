/*
 * HTML handlers of knowledge tests (handler layer; DESIGN.md mechanism 6): the exam list and the
 * form that composes an exam, the exam page (one page per paper, a plain form that saves and
 * hands in, made better by static/exam.js), results with a score chart in inline SVG, top units,
 * item statistics and an XLSX export. Reads never write (exam.h). Works without JavaScript.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/html.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "http/param.h"
#include "learning/exam.h"
#include "learning/learning_int_web.h"
#include "learning/learning_web.h"
#include "web/export.h"
#include "web/form.h"
#include "web/layout.h"

/* x with one decimal and a suffix, as arena text (html_printf has no %f). */
static const char *fixed1(struct req *r, double x, const char *suffix)
{
    return arena_printf(&r->arena, "%.1f%s", x, suffix);
}

/* A time to the minute, "YYYY-MM-DD HH:MM" (arena). */
static const char *local_time(struct req *r, time_t t)
{
    char *s = arena_alloc(&r->arena, 20);
    clock_format_local(t, s);
    s[10] = ' ';
    s[16] = '\0';
    return s;
}

/* ---- exam list and the form that composes one ---- */

static void exam_row(void *ctx, const struct exam *e)
{
    struct req *r = ctx;
    html_printf(&r->out, "<tr><td><a href=\"/exams/%lld\">%s</a></td><td>%s</td><td>%s — %s</td>",
                e->id, e->title, e->unit_name, local_time(r, e->opens), local_time(r, e->closes));
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

/* The form that composes an exam. */
static void exam_form(struct req *r)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "exam.new"));
    form_begin(r, "/exams", "stack", 0);
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
    form_submit(r, "exam.create", 1);
}

void exam_list_page(struct req *r)
{
    page_begin(r, tr(r, "exam.title"));
    page_notice(r);
    learning_links(r);
    static const char *const cols[] = { "exam.name",       "exam.organiser", "exam.window",
                                        "#exam.questions", "#exam.minutes",  "" };
    table_head(r, cols, 6);
    exam_each(r->db, &r->actor, exam_row, r);
    table_end(r);
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        exam_form(r);
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
        res = learning_form_number(r, "minutes", 1, 600, &in->minutes, &job.err);
    if (res == RES_OK)
        res = learning_form_number(r, "pass_score", 0, 100, &in->pass_score, &job.err);
    if (res == RES_OK)
        res = learning_form_number(r, "sittings", 1, 10, &in->sittings, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, exam_create_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/exams/%lld?ok=exam.created", job.id));
}

/* ---- the exam page ---- */

/* An exam copied out of its callback, with what the page needs. */
struct exam_copy {
    struct req *r; /* whose arena holds the strings */
    struct exam e; /* the exam */
    int found;     /* 1 once copied */
};

static void copy_exam(void *ctx, const struct exam *e)
{
    struct exam_copy *c = ctx;
    struct arena *a = &c->r->arena;
    c->e = *e;
    c->e.unit_name = arena_strdup(a, e->unit_name);
    c->e.unit_code = arena_strdup(a, e->unit_code);
    c->e.examinee_code = arena_strdup(a, e->examinee_code);
    c->e.examinee_name = arena_strdup(a, e->examinee_name);
    c->e.title = arena_strdup(a, e->title);
    c->e.my_state = arena_strdup(a, e->my_state);
    c->found = 1;
}

/* The exam of the path into *c; 0, or -1 after answering 404 (500 when the store failed). */
static int load_exam(struct req *r, struct exam_copy *c)
{
    long long id = param_path_id(r, 0, "exam");
    if (!id)
        return -1;
    *c = (struct exam_copy){ .r = r };
    enum result res = exam_get(r->db, &r->actor, id, copy_exam, c);
    if (res == RES_OK && c->found)
        return 0;
    learning_fail_read(r, res, "exam", "err.not_found");
    return -1;
}

/* What the paper callback needs. */
struct paper_page {
    struct req *r; /* the request */
    time_t now;    /* clock_time() */
    int shown;     /* a paper was rendered */
};

static void option_letter(struct req *r, int j)
{
    static const char *const letters[QUESTION_OPTIONS_MAX] = { "A", "B", "C", "D",
                                                               "E", "F", "G", "H" };
    html_printf(&r->out, "%s. ", letters[j & (QUESTION_OPTIONS_MAX - 1)]);
}

/* An open paper: the plain form that saves and hands in. It carries what static/exam.js reads,
 * so it is opened here rather than by form_begin. */
static void paper_open(struct paper_page *pp, const struct paper *p)
{
    struct req *r = pp->r;
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
                tr(r, "exam.deadline"), local_time(r, p->deadline), tr(r, "exam.time_left"));
    for (int i = 0; i < p->n_items; i++) {
        const struct paper_item *it = &p->items[i];
        int multi = strcmp(it->kind, "multiple") == 0;
        html_printf(&r->out, "<fieldset><legend>%d. [%s] %s</legend>", i + 1,
                    tr_enum(r, "question", it->kind), it->text);
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

/* A graded paper (or one whose time is up, graded as shown): the score, and after the window
 * closes the review with the right answers. */
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
                    tr_enum(r, "question", it->kind), it->text);
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

/* The button that starts (or retakes) the exam, labelled by message ID label. */
static void start_form(struct req *r, long long exam_id, const char *label)
{
    form_begin(r, arena_printf(&r->arena, "/exams/%lld/start", exam_id), NULL, 0);
    form_submit(r, label, 1);
}

void exam_show_page(struct req *r)
{
    struct exam_copy c;
    if (load_exam(r, &c))
        return;
    const struct exam *e = &c.e;
    page_begin(r, e->title);
    page_notice(r);
    learning_links(r);
    html_printf(&r->out, "<p>%s %s · %s %s — %s · %s %lld · %s %lld · %s %lld</p>",
                tr(r, "exam.organiser"), e->unit_name, tr(r, "exam.window"),
                local_time(r, e->opens), local_time(r, e->closes), tr(r, "exam.questions"),
                e->n_questions, tr(r, "exam.minutes"), e->minutes, tr(r, "exam.pass_score"),
                e->pass_score);
    if (e->may_manage || !e->may_sit)
        html_printf(&r->out, "<p><a href=\"/exams/%lld/results\">%s</a></p>", e->id,
                    tr(r, "exam.results"));
    if (e->may_sit) {
        struct paper_page pp = { .r = r, .now = clock_time() };
        exam_paper(r->db, &r->actor, e->id, pp.now, render_paper, &pp);
        int open_now = pp.now >= e->opens && pp.now < e->closes;
        if (!pp.shown && open_now)
            start_form(r, e->id, "exam.start");
        else if (!pp.shown)
            html_printf(&r->out, "<p class=\"muted\">%s</p>",
                        tr(r, pp.now < e->opens ? "err.exam_not_open" : "err.exam_closed"));
        else if (strcmp(e->my_state, "open") != 0 && open_now && e->my_attempts < e->sittings)
            start_form(r, e->id, "exam.retake");
    }
    page_end(r);
}

void exam_start_post(struct req *r)
{
    long long id = param_path_id(r, 0, "exam");
    if (!id)
        return;
    int resumed;
    struct err err = { 0 };
    enum result res = exam_start_req(r, id, &resumed, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
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
    long long id = param_path_id(r, 0, "exam");
    if (!id)
        return;
    struct form_save fs = { .r = r, .exam_id = id, .now = clock_time() };
    enum result res = exam_paper(r->db, &r->actor, id, fs.now, save_from_form, &fs);
    if (res == RES_OK)
        res = fs.res;
    else
        err_set(&fs.err, res, "exam", res == RES_FAIL ? "err.internal" : "err.exam_no_sitting");
    const char *action = req_form(r, "action");
    int hand_in = action && strcmp(action, "submit") == 0;
    if (res == RES_OK && hand_in) {
        struct exam_submit s = { .who = &r->actor, .exam_id = id, .now = fs.now };
        res = req_write(r, exam_submit_job, &s);
        fs.err = s.err;
    }
    if (res != RES_OK) {
        req_fail(r, res, &fs.err);
        return;
    }
    resp_redirect(r, arena_printf(&r->arena, "/exams/%lld?ok=%s", id,
                                  hand_in ? "exam.handed_in" : "exam.saved"));
}

/* ---- results ---- */

/* A unit's figures kept for sorting. */
struct unit_result {
    const char *code;      /* unit code (arena) */
    const char *name;      /* its name (arena) */
    struct exam_figures f; /* figures */
};

struct unit_results {
    struct req *r;            /* for the arena */
    struct unit_result *list; /* collected; free() it */
    size_t n;                 /* how many */
    size_t cap;               /* allocated */
};

static void collect_unit(void *ctx, const char *code, const char *name,
                         const struct exam_figures *f)
{
    struct unit_results *u = ctx;
    u->list = vec_grow(u->list, u->n, &u->cap);
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

/* The overall figures and the distribution, "—" for those hidden from the caller. */
static void figures(struct req *r, const struct exam_figures *all)
{
    html_raw(&r->out, "<div class=\"figures\">");
    figure(r, "exam.participants", arena_int(&r->arena, all->participants));
    figure(r, "exam.eligible", arena_int(&r->arena, all->eligible));
    figure(r, "exam.participation", fixed1(r, 100 * all->participation, "%"));
    figure(r, "exam.average", all->hidden ? "—" : fixed1(r, all->average, ""));
    figure(r, "exam.pass_rate", all->hidden ? "—" : fixed1(r, 100 * all->pass_rate, "%"));
    html_printf(&r->out, "</div><h2>%s</h2>", tr(r, "exam.distribution"));
    if (all->hidden)
        html_printf(&r->out, "<p class=\"muted\">%s %d</p>", tr(r, "exam.hidden"), SCOPE_MIN_GROUP);
    else
        chart(r, all);
}

/* The units below, best average first, each linking to its own results. */
static void top_units(struct req *r, long long exam_id, struct unit_results *units)
{
    if (units->n)
        qsort(units->list, units->n, sizeof(*units->list), by_average);
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "exam.top_units"));
    static const char *const cols[] = { "exam.unit",      "#exam.participants",
                                        "#exam.eligible", "#exam.participation",
                                        "#exam.average",  "#exam.pass_rate" };
    table_head(r, cols, 6);
    for (size_t i = 0; i < units->n; i++) {
        const struct unit_result *u = &units->list[i];
        struct url link;
        url_begin(&link, r, "/exams/%lld/results", exam_id);
        url_param(&link, "unit", u->code);
        html_printf(&r->out,
                    "<tr><td><a href=\"%s\">%s</a></td><td class=\"num\">%lld</td>"
                    "<td class=\"num\">%lld</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
                    "<td class=\"num\">%s</td></tr>",
                    url_end(&link), u->name, u->f.participants, u->f.eligible,
                    fixed1(r, 100 * u->f.participation, "%"),
                    u->f.hidden ? "—" : fixed1(r, u->f.average, ""),
                    u->f.hidden ? "—" : fixed1(r, 100 * u->f.pass_rate, "%"));
    }
    table_end(r);
}

static void item_row(void *ctx, const struct exam_item_stat *s)
{
    struct req *r = ctx;
    int bad = s->share_correct < 0.3 || s->discrimination < 0.2;
    html_printf(&r->out,
                "<tr%s><td>%lld</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%s</td><td class=\"num\">%s</td></tr>",
                bad ? " class=\"warn\"" : "", s->question_id, s->category,
                tr_enum(r, "question", s->kind), s->text, s->n,
                fixed1(r, 100.0 * s->share_correct, "%"),
                arena_printf(&r->arena, "%.2f", s->discrimination));
}

void exam_results_page(struct req *r)
{
    struct exam_copy c;
    if (load_exam(r, &c))
        return;
    long long id = c.e.id;
    const char *unit = param_str(r, "unit", NULL);
    struct exam_figures all;
    struct unit_results units = { .r = r };
    struct err err = { 0 };
    enum result res = exam_stats(r->db, &r->actor, id, unit, &all, collect_unit, &units, &err);
    if (res != RES_OK) {
        free(units.list);
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, arena_printf(&r->arena, "%s · %s", c.e.title, tr(r, "exam.results")));
    learning_links(r);
    form_begin(r, arena_printf(&r->arena, "/exams/%lld/results", id), "filters", FORM_GET);
    html_printf(&r->out, "<label>%s<input name=\"unit\" value=\"%s\"></label>", tr(r, "exam.unit"),
                unit ? unit : "");
    form_submit(r, "exam.show", 0);
    figures(r, &all);
    top_units(r, id, &units);
    free(units.list);
    struct url xlsx;
    url_begin(&xlsx, r, "/exams/%lld/results.xlsx", id);
    url_param(&xlsx, "unit", unit);
    html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>", url_end(&xlsx), tr(r, "exam.export"));
    if (c.e.may_manage) {
        html_printf(&r->out, "<h2>%s</h2><p class=\"muted\">%s</p>", tr(r, "exam.items"),
                    tr(r, "exam.items_hint"));
        static const char *const cols[] = { "question.id",         "question.category",
                                            "question.kind",       "question.text",
                                            "#exam.answered",      "#exam.share_correct",
                                            "#exam.discrimination" };
        table_head(r, cols, 7);
        exam_item_stats(r->db, &r->actor, id, item_row, r, &err);
        table_end(r);
    }
    page_end(r);
}

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
    long long id = param_path_id(r, 0, "exam");
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
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    enum result res =
        exam_results(r->db, &r->actor, id, param_str(r, "unit", NULL), export_result, &c, &err);
    export_send(r, &c, res, &err, 1, "exam-results");
}
