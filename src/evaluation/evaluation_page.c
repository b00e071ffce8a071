/*
 * HTML handlers of democratic evaluation (handler layer; DESIGN.md mechanism 5): the session
 * list and form, a session with its live turnout and duty reports, the ballot page (account or
 * paper code; works on a phone, no JavaScript), printable A4 paper-code slips with QR codes, the
 * printable results and their XLSX export.
 */
#include <stdio.h>
#include <string.h>

#include "core/html.h"
#include "core/str.h"
#include "evaluation/evaluation.h"
#include "evaluation/evaluation_web.h"
#include "unit/unit.h"
#include "http/param.h"
#include "web/export.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/qr.h"

static const char *const grade_ids[GRADE_COUNT] = { "eval.excellent", "eval.competent",
                                                    "eval.basic", "eval.incompetent" };

/* The name of grade g of a session's scale in the page's language. */
static const char *grade_label(struct req *r, const struct scale *s, size_t g)
{
    if (strcmp(s->code, "evaluation4") == 0 && g < GRADE_COUNT)
        return tr(r, grade_ids[g]);
    return r->lang == LANG_EN && *s->grades[g].name_en ? s->grades[g].name_en : s->grades[g].name;
}

static void not_found(struct req *r)
{
    struct err err = { 0 };
    err_set(&err, RES_NOT_FOUND, "evaluation", "err.not_found");
    req_fail(r, RES_NOT_FOUND, &err);
}

/* The session id in the path, or 0 after answering 404. */
static long long page_id(struct req *r)
{
    return param_path_id(r, 0, "evaluation");
}

static const char *state_text(struct req *r, const char *state)
{
    return tr(r, strcmp(state, "draft") == 0  ? "eval.draft"
                 : strcmp(state, "open") == 0 ? "eval.open_state"
                                              : "eval.closed_state");
}

/* "voted / eligible (NN%)" */
static void turnout(struct req *r, const struct eval_info *e)
{
    long long pct = e->eligible ? e->voted * 100 / e->eligible : 0;
    html_printf(&r->out, "%lld / %lld(%lld%%)", e->voted, e->eligible, pct);
}

/* ---- the list and the form ---- */

static void list_row(void *ctx, const struct eval_info *e)
{
    struct req *r = ctx;
    html_printf(&r->out, "<tr><td><a href=\"/evaluations/%lld\">%s</a></td><td>%s</td><td>%s</td>",
                e->id, e->title, e->unit_name, state_text(r, e->state));
    html_raw(&r->out, "<td class=\"num\">");
    turnout(r, e);
    html_raw(&r->out, "</td><td>");
    if (e->on_roster && !e->has_voted && strcmp(e->state, "open") == 0)
        html_printf(&r->out, "<a href=\"/vote/%lld\">%s</a>", e->id, tr(r, "eval.vote"));
    else if (e->has_voted)
        html_printf(&r->out, "%s", tr(r, "eval.has_voted"));
    html_raw(&r->out, "</td></tr>");
}

void eval_list_page(struct req *r)
{
    page_begin(r, tr(r, "eval.title"));
    static const char *const cols[] = { "eval.name", "eval.unit", "task.state", "#eval.turnout",
                                        "" };
    table_head(r, cols, 5);
    eval_each(r->db, &r->actor, list_row, r);
    table_end(r);
    struct unit own;
    if (role_may(r->actor.role, PERM_RECORD_WRITE) &&
        unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK) {
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "eval.new"));
        form_begin(r, "/evaluations", "stack", 0);
        html_printf(&r->out,
                    "<label>%s<input name=\"title\" required maxlength=\"200\""
                    " placeholder=\"2026年度处长述职民主测评\"></label>"
                    "<label>%s<input name=\"unit\" required value=\"%s\"></label>"
                    "<label>%s<input name=\"candidates\" required></label>"
                    "<label>%s<input name=\"voter_unit\"></label>"
                    "<label>%s<input name=\"paper_codes\" type=\"number\" min=\"0\" max=\"100000\""
                    " value=\"0\"></label>"
                    "<label>%s<input name=\"min_group\" type=\"number\" min=\"1\" max=\"1000\""
                    " value=\"5\"></label>"
                    "<label>%s %s<input name=\"year\" type=\"number\" min=\"2000\" max=\"2100\""
                    "></label>"
                    "<label>%s<textarea name=\"groups\" rows=\"4\""
                    " placeholder=\"领导班子成员,30,P,0&#10;服务对象,20,,50\"></textarea></label>",
                    tr(r, "eval.name"), tr(r, "eval.unit_code"), own.code,
                    tr(r, "eval.candidates_hint"), tr(r, "eval.voter_unit"),
                    tr(r, "eval.paper_codes"), tr(r, "eval.min_group"), tr(r, "eval.year"),
                    tr(r, "form.optional"), tr(r, "eval.groups_hint"));
        form_submit(r, "form.save", 1);
    }
    page_end(r);
}

/* Splits "12, 13 14" into person ids. Returns -1 on a bad id. */
static int parse_ids(struct req *r, const char *text, const long long **out, size_t *n)
{
    long long *ids = arena_alloc(&r->arena, (EVAL_CANDIDATES_MAX + 1) * sizeof(*ids));
    char *copy = arena_strdup(&r->arena, text ? text : "");
    *n = 0;
    for (char *p = copy; *p;) {
        p += strspn(p, " ,;,;\t");
        size_t k = strcspn(p, " ,;\t");
        if (!k)
            break;
        int last = p[k] == '\0';
        p[k] = '\0';
        if (*n == EVAL_CANDIDATES_MAX || str_to_ll(p, 1, 1LL << 62, &ids[*n]) != 0)
            return -1;
        (*n)++;
        p += k + !last;
    }
    *out = ids;
    return 0;
}

/* Reads lines "name,weight,unit code,paper codes" into groups. Returns -1 on a bad line. */
static int parse_group_lines(struct req *r, const char *text, struct eval_input *in)
{
    struct eval_group_input *g = arena_alloc(&r->arena, (EVAL_GROUPS_MAX + 1) * sizeof(*g));
    char *copy = arena_strdup(&r->arena, text ? text : "");
    size_t n = 0;
    for (char *line = copy; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line[strcspn(line, "\r")] = '\0';
        if (*line) {
            if (n == EVAL_GROUPS_MAX)
                return -1;
            char *field[4] = { line, NULL, NULL, NULL };
            for (int i = 1; i < 4 && field[i - 1]; i++) {
                field[i] = strchr(field[i - 1], ',');
                if (field[i])
                    *field[i]++ = '\0';
            }
            if (!field[3] || str_to_ll(field[1], -1000000, 1000000, &g[n].weight) != 0 ||
                str_to_ll(*field[3] ? field[3] : "0", 0, 1000000, &g[n].n_codes) != 0)
                return -1;
            g[n].name = field[0];
            g[n].voter_unit = *field[2] ? field[2] : NULL;
            n++;
        }
        line = next;
    }
    in->groups = g;
    in->n_groups = n;
    return 0;
}

void eval_new_post(struct req *r)
{
    struct eval_create_job job = { .who = &r->actor };
    job.in.unit = req_form(r, "unit");
    job.in.title = req_form(r, "title");
    const char *voter_unit = req_form(r, "voter_unit");
    job.in.voter_unit = voter_unit && *voter_unit ? voter_unit : NULL;
    const char *codes = req_form(r, "paper_codes"), *min_group = req_form(r, "min_group"),
               *year = req_form(r, "year");
    if (parse_ids(r, req_form(r, "candidates"), &job.in.candidates, &job.in.n_candidates) != 0) {
        err_set(&job.err, RES_INVALID, "candidates", "err.bad_type");
    } else if (codes && *codes && str_to_ll(codes, 0, 1000000, &job.in.n_codes) != 0) {
        err_setf(&job.err, RES_INVALID, "paper_codes", "err.range", "0-%d", EVAL_CODES_MAX);
    } else if (min_group && *min_group && str_to_ll(min_group, 1, 1000, &job.in.min_group) != 0) {
        err_setf(&job.err, RES_INVALID, "min_group", "err.range", "1-1000");
    } else if (year && *year && str_to_ll(year, 2000, 2100, &job.in.year) != 0) {
        err_setf(&job.err, RES_INVALID, "year", "err.range", "2000-2100");
    } else if (parse_group_lines(r, req_form(r, "groups"), &job.in) != 0) {
        err_set(&job.err, RES_INVALID, "groups", "err.bad_type");
    } else {
        if (req_run(r, eval_create_job, &job, &job.err) == RES_OK)
            resp_redirect(r, arena_printf(&r->arena, "/evaluations/%lld", job.id));
        return;
    }
    page_error(r, 400, &job.err);
}

/* ---- one session ---- */

struct show_ctx {
    struct req *r;             /* the request */
    const struct eval_info *e; /* the session */
};

static void candidate_block(void *ctx, const struct eval_candidate *c)
{
    struct show_ctx *s = ctx;
    struct req *r = s->r;
    html_printf(&r->out, "<section><h3>%s <span class=\"muted\">%s · %s</span></h3>", c->name,
                c->unit_name, c->position);
    long long rate = c->tasks.accepted ? c->tasks.on_time * 100 / c->tasks.accepted : 0;
    html_printf(&r->out, "<p class=\"muted\">%lld %s:%s %lld,%s %lld,%s %lld,%s %lld%%</p>",
                s->e->year, tr(r, "eval.tasks"), tr(r, "stats.total"), c->tasks.total,
                tr(r, "stats.accepted"), c->tasks.accepted, tr(r, "stats.overdue"),
                c->tasks.overdue, tr(r, "stats.on_time_rate"), rate);
    if (*c->report)
        html_printf(&r->out, "<div class=\"pre\">%s</div>", c->report);
    if (*c->file_name)
        html_printf(&r->out, "<p><a href=\"/evaluations/%lld/reports/%lld\">%s</a></p>", s->e->id,
                    c->person, c->file_name);
    if (s->e->organizer && strcmp(s->e->state, "draft") == 0) {
        html_printf(&r->out, "<details><summary>%s</summary>", tr(r, "eval.report_edit"));
        form_begin(r, arena_printf(&r->arena, "/evaluations/%lld/reports", s->e->id), "stack",
                   FORM_UPLOAD);
        html_printf(&r->out,
                    "<input type=\"hidden\" name=\"person\" value=\"%lld\">"
                    "<label>%s<textarea name=\"report\" rows=\"8\">%s</textarea></label>"
                    "<label>%s<input type=\"file\" name=\"attachment\""
                    " accept=\".pdf,.jpg,.jpeg,.png,.txt,.doc,.docx,.xls,.xlsx\"></label>",
                    c->person, tr(r, "eval.report"), c->report, tr(r, "task.attachments"));
        form_submit(r, "form.save", 1);
        html_raw(&r->out, "</details>");
    }
    html_raw(&r->out, "</section>");
}

static void group_row(void *ctx, const struct eval_group_info *g)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td>%s</td><td class=\"num\">%lld</td><td>%s</td><td>%s</td>"
                "<td class=\"num\">%lld / %lld</td></tr>",
                g->name, g->weight, g->unit, g->role, g->voted, g->eligible);
}

/* A form with one button posting to /evaluations/ID/what. */
static void action_button(struct req *r, long long id, const char *what, const char *label_id)
{
    form_begin(r, arena_printf(&r->arena, "/evaluations/%lld/%s", id, what), "inline", 0);
    form_submit(r, label_id, 1);
    html_raw(&r->out, " ");
}

void eval_show_page(struct req *r)
{
    long long id = page_id(r);
    struct eval_info e;
    if (!id)
        return;
    if (eval_get(r->db, &r->actor, id, &e) != RES_OK) {
        not_found(r);
        return;
    }
    page_begin(r, e.title);
    html_printf(&r->out, "<p>%s · %s · %s ", e.unit_name, state_text(r, e.state),
                tr(r, "eval.turnout"));
    turnout(r, &e);
    html_printf(&r->out, " <a href=\"/evaluations/%lld\">%s</a></p>", id, tr(r, "eval.refresh"));
    html_raw(&r->out, "<div class=\"filters\">");
    if (e.on_roster && !e.has_voted && strcmp(e.state, "open") == 0)
        html_printf(&r->out, "<a class=\"primary\" href=\"/vote/%lld\">%s</a> ", id,
                    tr(r, "eval.vote"));
    if (e.organizer) {
        if (strcmp(e.state, "draft") == 0)
            action_button(r, id, "open", "eval.do_open");
        if (strcmp(e.state, "open") == 0)
            action_button(r, id, "close", "eval.do_close");
        if (e.n_codes)
            html_printf(&r->out, "<a href=\"/evaluations/%lld/codes\">%s</a> ", id,
                        tr(r, "eval.codes"));
    }
    if (e.reader && strcmp(e.state, "closed") == 0)
        html_printf(&r->out,
                    "<a href=\"/evaluations/%lld/results\">%s</a> "
                    "<a href=\"/evaluations/%lld/results.xlsx\">%s</a>",
                    id, tr(r, "eval.results"), id, tr(r, "task.export_xlsx"));
    html_raw(&r->out, "</div>");
    if (e.organizer) {
        static const char *const cols[] = { "eval.group", "#eval.weight", "eval.voter_unit",
                                            "account.role", "#eval.turnout" };
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "eval.groups"));
        table_head(r, cols, 5);
        eval_groups(r->db, &r->actor, id, group_row, r);
        table_end(r);
    }
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "eval.officials"));
    struct show_ctx s = { r, &e };
    eval_candidates(r->db, &r->actor, id, candidate_block, &s);
    page_end(r);
}

static void state_post(struct req *r, db_job_fn fn)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct eval_state_job job = { .who = &r->actor, .id = id };
    if (req_run(r, fn, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/evaluations/%lld", id));
}

void eval_open_post(struct req *r)
{
    state_post(r, eval_open_job);
}

void eval_close_post(struct req *r)
{
    state_post(r, eval_close_job);
}

void eval_report_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct eval_report_job job = { .who = &r->actor, .id = id };
    job.text = req_form(r, "report");
    job.person = param_need_id(r, req_form(r, "person"), "person");
    if (!job.person)
        return;
    for (const struct form_field *f = r->form; f; f = f->next)
        if (strcmp(f->name, "attachment") == 0 && f->filename && *f->filename) {
            job.file = (struct attachment_input){ f->filename, f->type, f->value, f->len };
        }
    if (req_run(r, eval_report_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/evaluations/%lld", id));
}

static void send_file(void *ctx, const char *name, const char *type, const void *data, size_t size)
{
    struct req *r = ctx;
    buf_reset(&r->out);
    buf_add(&r->out, data, size);
    r->content_type = "application/octet-stream";
    (void)type; /* never trust an uploaded type to be rendered inline */
    struct buf cd;
    buf_init(&cd, 1024);
    buf_adds(&cd, "attachment; filename=\"report\"; filename*=UTF-8''");
    html_urlpart(&cd, name);
    resp_header(r, "Content-Disposition", arena_strdup(&r->arena, buf_str(&cd)));
    buf_release(&cd);
}

void eval_report_file_page(struct req *r)
{
    long long id = page_id(r);
    long long person = id ? param_path_id(r, 1, "person") : 0;
    if (person && eval_report_file(r->db, &r->actor, id, person, send_file, r) != RES_OK)
        not_found(r);
}

/* Tallies the session in the path into res; 0 after answering an error page. */
static long long results_of(struct req *r, struct eval_results *res)
{
    long long id = page_id(r);
    if (!id)
        return 0;
    struct err err = { 0 };
    enum result rc = eval_results(r->db, &r->actor, id, res, &err);
    if (rc != RES_OK) {
        req_fail(r, rc, &err);
        return 0;
    }
    return id;
}

/* Opens a printed document (no navigation) with the evaluation stylesheet. */
static void print_begin(struct req *r, const char *title, const char *what_id, const char *cls)
{
    html_printf(&r->out,
                "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<title>%s · %s</title>",
                title, tr(r, what_id));
    html_printf(&r->out,
                "<link rel=\"stylesheet\" href=\"/static/evaluation.css\"></head><body>"
                "<main class=\"%s\">",
                cls);
}

/* ---- paper-code slips ---- */

struct slips_ctx {
    struct req *r;             /* the request */
    const char *base;          /* "http://host" for the QR links */
    const struct eval_info *e; /* the session */
};

static void slip(void *ctx, const char *code, const char *group, int used)
{
    struct slips_ctx *s = ctx;
    struct req *r = s->r;
    if (used)
        return;
    html_printf(&r->out, "<div class=\"slip\"><p class=\"slip-title\">%s</p>", s->e->title);
    /* the QR code as an image of its own: inline, a slip weighed 2 KB and a session's sheet of
     * slips passed the page budget */
    struct url qr;
    url_begin(&qr, r, "/evaluations/%lld/codes/%s", s->e->id, code);
    html_printf(&r->out, "<img class=\"qr\" src=\"%s\" alt=\"%s\">", url_end(&qr),
                tr(r, "eval.qr"));
    char shown[EVAL_CODE_TEXT + 1];
    snprintf(shown, sizeof(shown), "%.5s-%.5s", code, code + 5);
    html_printf(&r->out,
                "<p class=\"slip-code\">%s</p><p class=\"slip-hint\">%s %s/vote/%lld"
                "</p><p class=\"slip-group\">%s</p></div>",
                shown, tr(r, "eval.slip_hint"), s->base, s->e->id, group);
}

void eval_code_qr_page(struct req *r)
{
    long long id = page_id(r);
    struct eval_info e;
    if (!id)
        return;
    const char *code = r->args[1];
    if (eval_get(r->db, &r->actor, id, &e) != RES_OK || !e.organizer ||
        strlen(code) != EVAL_CODE_LEN || strspn(code, EVAL_CODE_ALPHABET) != EVAL_CODE_LEN) {
        not_found(r);
        return;
    }
    struct url u;
    url_begin(&u, r, "/vote/%lld", id);
    url_param(&u, "code", code);
    qr_svg(&r->out, arena_printf(&r->arena, "%s%s", url_base(r), url_end(&u)), 30);
    r->content_type = "image/svg+xml";
}

void eval_codes_page(struct req *r)
{
    long long id = page_id(r);
    struct eval_info e;
    if (!id)
        return;
    if (eval_get(r->db, &r->actor, id, &e) != RES_OK || !e.organizer) {
        not_found(r);
        return;
    }
    struct slips_ctx s = { r, url_base(r), &e };
    print_begin(r, e.title, "eval.codes", "slips");
    struct err err = { 0 };
    enum result res = eval_codes(r->db, &r->actor, id, slip, &s, &err);
    html_raw(&r->out, "</main></body></html>\n");
    if (res != RES_OK)
        req_fail(r, res, &err);
}

/* ---- results ---- */

/* A cell of x with two decimals, then suffix; formatted here because html_printf has no
 * width or precision. */
static void decimal_cell(struct req *r, double x, const char *suffix)
{
    char num[48];
    snprintf(num, sizeof(num), "%.2f%s", x, suffix);
    html_printf(&r->out, "<td class=\"num\">%s</td>", num);
}

static void share(struct req *r, double x)
{
    decimal_cell(r, 100 * x, "%");
}

static void score_cell(struct req *r, double x)
{
    decimal_cell(r, x, "");
}

static void results_table(struct req *r, const struct eval_results *res)
{
    html_printf(&r->out, "<table><thead><tr><th class=\"num\">%s</th><th>%s</th>",
                tr(r, "eval.rank"), tr(r, "person.name"));
    for (size_t g = 0; g < res->info.scale.n; g++)
        html_printf(&r->out, "<th class=\"num\">%s</th>", grade_label(r, &res->info.scale, g));
    html_printf(&r->out,
                "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                "</tr></thead><tbody>",
                tr(r, "eval.excellent_share"), tr(r, "eval.good_share"), tr(r, "eval.score"));
    for (size_t i = 0; i < res->n_rows; i++) {
        const struct eval_row *row = &res->rows[i];
        html_printf(&r->out, "<tr><td class=\"num\">%d</td><td>%s</td>", row->rank, row->name);
        for (size_t g = 0; g < res->info.scale.n; g++)
            html_printf(&r->out, "<td class=\"num\">%lld</td>", row->all.counts[g]);
        share(r, row->excellent_share);
        share(r, row->good_share);
        score_cell(r, row->score);
        html_raw(&r->out, "</tr>");
    }
    html_raw(&r->out, "</tbody></table>");
}

static void group_tables(struct req *r, const struct eval_results *res)
{
    for (size_t c = 0; c < res->n_cols; c++) {
        html_printf(&r->out, "<h2>%s(%s %lld)</h2><table><thead><tr><th>%s</th>",
                    res->cols[c].name[0] ? res->cols[c].name : tr(r, "eval.pool"),
                    tr(r, "eval.ballots"), res->cols[c].ballots, tr(r, "person.name"));
        for (size_t g = 0; g < res->info.scale.n; g++)
            html_printf(&r->out, "<th class=\"num\">%s</th>", grade_label(r, &res->info.scale, g));
        html_printf(&r->out, "<th class=\"num\">%s</th></tr></thead><tbody>", tr(r, "eval.mean"));
        for (size_t i = 0; i < res->n_rows; i++) {
            const struct eval_tally *t = &res->rows[i].by_column[c];
            html_printf(&r->out, "<tr><td>%s</td>", res->rows[i].name);
            for (size_t g = 0; g < res->info.scale.n; g++)
                html_printf(&r->out, "<td class=\"num\">%lld</td>", t->counts[g]);
            score_cell(r, t->score);
            html_raw(&r->out, "</tr>");
        }
        html_raw(&r->out, "</tbody></table>");
    }
}

void eval_results_page(struct req *r)
{
    struct eval_results res;
    long long id = results_of(r, &res);
    if (!id)
        return;
    print_begin(r, res.info.title, "eval.results", "results");
    html_printf(&r->out, "<h1>%s</h1><p>%s · %s %lld · %s %lld / %lld · %s %s</p>", res.info.title,
                res.info.unit_name, tr(r, "eval.ballots"), res.ballots, tr(r, "eval.turnout"),
                res.info.voted, res.info.eligible, tr(r, "eval.closed_at"), res.info.closed);
    html_printf(&r->out, "<p class=\"muted\">%s", tr(r, "eval.points"));
    for (size_t g = 0; g < res.info.scale.n; g++)
        if (res.info.points[g] != SCALE_NO_POINTS)
            html_printf(&r->out, "%s%s %lld", g ? " / " : " ", grade_label(r, &res.info.scale, g),
                        res.info.points[g]);
    html_raw(&r->out, "</p>");
    if (res.hidden) {
        html_printf(&r->out, "<p>%s %lld</p>", tr(r, "eval.hidden"), res.info.min_group);
    } else {
        results_table(r, &res);
        group_tables(r, &res);
        if (res.n_comments)
            html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "eval.comments"));
        for (size_t i = 0; i < res.n_comments; i++)
            html_printf(&r->out, "<li class=\"pre\">%s</li>", res.comments[i]);
        if (res.n_comments)
            html_raw(&r->out, "</ul>");
    }
    html_printf(&r->out, "<p class=\"noprint\"><a href=\"/evaluations/%lld\">%s</a></p>", id,
                tr(r, "err.back"));
    html_raw(&r->out, "</main></body></html>\n");
    eval_results_free(&res);
}

void eval_export_xlsx_page(struct req *r)
{
    struct eval_results res;
    struct err err = { 0 };
    if (!results_of(r, &res))
        return;
    /* rank, name, a column per grade of the scale, the two shares and the score */
    enum export_cell types[EVAL_GRADES_MAX + 5];
    const char *headers[EVAL_GRADES_MAX + 5];
    size_t n_grades = res.info.scale.n, n_cols = n_grades + 5;
    for (size_t k = 0; k < n_cols; k++)
        types[k] = k == 1 ? CELL_TEXT : CELL_NUMBER;
    headers[0] = tr(r, "eval.rank");
    headers[1] = tr(r, "person.name");
    for (size_t g = 0; g < n_grades; g++)
        headers[2 + g] = grade_label(r, &res.info.scale, g);
    headers[2 + n_grades] = tr(r, "eval.excellent_share");
    headers[3 + n_grades] = tr(r, "eval.good_share");
    headers[4 + n_grades] = tr(r, "eval.score");
    struct export_sheet *sheet =
        export_begin(1, tr(r, "eval.results"), headers, types, (int)n_cols);
    if (!sheet) {
        eval_results_free(&res);
        err_set(&err, RES_FAIL, NULL, "err.internal");
        page_error(r, 500, &err);
        return;
    }
    for (size_t i = 0; i < res.n_rows; i++) {
        const struct eval_row *row = &res.rows[i];
        const char *v[EVAL_GRADES_MAX + 5];
        v[0] = arena_printf(&r->arena, "%d", row->rank);
        v[1] = row->name;
        for (size_t g = 0; g < n_grades; g++)
            v[2 + g] = arena_int(&r->arena, row->all.counts[g]);
        v[2 + n_grades] = arena_printf(&r->arena, "%.4f", row->excellent_share);
        v[3 + n_grades] = arena_printf(&r->arena, "%.4f", row->good_share);
        v[4 + n_grades] = arena_printf(&r->arena, "%.2f", row->score);
        export_row(sheet, v);
    }
    eval_results_free(&res);
    buf_reset(&r->out);
    if (export_finish(sheet, &r->out) != 0) {
        err_set(&err, RES_FAIL, NULL, "err.internal");
        page_error(r, 500, &err);
        return;
    }
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp_header(r, "Content-Disposition", "attachment; filename=\"evaluation.xlsx\"");
}

/* ---- the ballot ---- */

struct ballot_ctx {
    struct req *r;             /* the request */
    int n;                     /* officials shown */
    const struct scale *scale; /* the session's grades */
};

static void ballot_block(void *ctx, const struct eval_candidate *c)
{
    struct ballot_ctx *b = ctx;
    struct req *r = b->r;
    b->n++;
    html_printf(&r->out, "<fieldset><legend>%s <span class=\"muted\">%s · %s</span></legend>",
                c->name, c->unit_name, c->position);
    for (size_t g = 0; g < b->scale->n; g++)
        html_printf(&r->out,
                    "<label><input type=\"radio\" name=\"grade_%lld\" value=\"%s\" required> %s"
                    "</label> ",
                    c->person, b->scale->grades[g].code, grade_label(r, b->scale, g));
    html_raw(&r->out, "</fieldset>");
}

void eval_vote_page(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    const char *code = req_query(r, "code");
    const struct actor *who = r->authed && !(code && *code) ? &r->actor : NULL;
    struct eval_info e;
    if (eval_get(r->db, who, id, &e) != RES_OK || strcmp(e.state, "open") != 0) {
        not_found(r);
        return;
    }
    struct err code_err = { 0 };
    enum result code_state = RES_OK;
    if (!who && code && *code) {
        code_state = eval_code_throttled(r)
                         ? err_set(&code_err, RES_FORBIDDEN, NULL, "err.throttled")
                         : eval_code_check(r->db, id, code, &code_err);
        if (code_state == RES_NOT_FOUND)
            eval_code_failed(r);
    }
    page_begin(r, e.title);
    if (code_state != RES_OK) {
        r->status = code_state == RES_FORBIDDEN ? 429 : result_status(code_state);
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>",
                    err_text_for(r, &code_err));
        html_printf(&r->out, "<p><a href=\"/vote/%lld\">%s</a></p>", id, tr(r, "err.back"));
    } else if (who && !e.on_roster && !(code && *code)) {
        html_printf(&r->out, "<p class=\"error\">%s</p>", tr(r, "err.not_voter"));
    } else if (who && e.has_voted) {
        html_printf(&r->out, "<p class=\"notice\">%s</p>", tr(r, "err.voted"));
    } else if (!who && !(code && *code)) {
        form_begin(r, arena_printf(&r->arena, "/vote/%lld", id), "stack", FORM_GET);
        html_printf(&r->out,
                    "<label>%s<input name=\"code\" required autocomplete=\"off\""
                    " autocapitalize=\"characters\"></label>",
                    tr(r, "eval.code"));
        form_submit(r, "eval.next", 1);
    } else {
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "eval.secret"));
        form_begin(r, arena_printf(&r->arena, "/vote/%lld", id), "stack ballot", 0);
        if (!who)
            html_printf(&r->out, "<input type=\"hidden\" name=\"code\" value=\"%s\">", code);
        struct ballot_ctx b = { r, 0, &e.scale };
        eval_candidates(r->db, who, id, ballot_block, &b);
        html_printf(&r->out,
                    "<label>%s<textarea name=\"comment\" rows=\"3\" maxlength=\"1000\"></textarea>"
                    "</label>",
                    tr(r, "eval.comment"));
        form_submit(r, "eval.submit", 1);
    }
    page_end(r);
}

void eval_vote_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    const char *code = req_form(r, "code");
    struct eval_cast_job job = { .who = r->authed && !code ? &r->actor : NULL };
    job.ballot.eval = id;
    job.ballot.code = code;
    job.ballot.comment = req_form(r, "comment");
    struct eval_vote *votes = arena_alloc(&r->arena, EVAL_CANDIDATES_MAX * sizeof(*votes));
    for (const struct form_field *f = r->form; f; f = f->next) {
        if (strncmp(f->name, "grade_", 6) != 0)
            continue;
        if (job.ballot.n_votes == EVAL_CANDIDATES_MAX ||
            str_to_ll(f->name + 6, 1, 1LL << 62, &votes[job.ballot.n_votes].person) != 0) {
            err_set(&job.err, RES_INVALID, "grades", "err.bad_type");
            page_error(r, 400, &job.err);
            return;
        }
        votes[job.ballot.n_votes++].grade = f->value;
    }
    job.ballot.votes = votes;
    if (!job.who && !code) {
        err_set(&job.err, RES_INVALID, "code", "err.required");
        page_error(r, 400, &job.err);
        return;
    }
    if (code && eval_code_throttled(r)) {
        err_set(&job.err, RES_INVALID, NULL, "err.throttled");
        page_error(r, 429, &job.err);
        return;
    }
    enum result res = req_run(r, eval_cast_job, &job, &job.err);
    if (res == RES_NOT_FOUND && code)
        eval_code_failed(r);
    if (res != RES_OK)
        return;
    page_begin(r, tr(r, "eval.thanks"));
    html_printf(&r->out, "<p class=\"notice\" role=\"status\">%s</p>", tr(r, "eval.thanks_text"));
    page_end(r);
}
