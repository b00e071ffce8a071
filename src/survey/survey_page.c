/*
 * HTML handlers of grade scales and surveys (handler layer; issue 24 item 5): the surveys a
 * unit issued or collects, one survey's page (its items while a draft, the sheets each
 * collecting unit has in while open, and once closed the results: units × items with weak items
 * marked, the ranking, a bar chart of this year against the previous, the answers per kind, and
 * the action that turns a weak item into a problem), and the list of scales.
 */
#include <stdio.h>
#include <string.h>

#include "core/html.h"
#include "core/str.h"
#include "evaluation/evaluation_web.h"
#include "http/param.h"
#include "survey/survey.h"
#include "survey/survey_web.h"
#include "unit/unit.h"
#include "web/chart.h"
#include "web/export.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

static void list_row(void *ctx, const struct survey_summary *s)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td><a href=\"/surveys/%lld\">%s</a></td><td>%s</td><td>%s — %s</td>"
                "<td>%s</td></tr>",
                s->id, s->title, s->unit_name, s->from, s->to,
                tr_enum(r, "survey.state", s->state));
}

void survey_list_page(struct req *r)
{
    page_begin(r, tr(r, "survey.title"));
    html_printf(&r->out, "<p class=\"muted\">%s <a href=\"/scales\">%s</a></p>",
                tr(r, "survey.hint"), tr(r, "scale.title"));
    static const char *const cols[] = { "survey.name", "survey.issuer", "survey.period",
                                        "survey.state_col" };
    table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    if (survey_each(r->db, &r->actor, list_row, r) != RES_OK) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    table_end(r);
    page_end(r);
}

/* A score to two decimals, or a dash. */
static const char *score_text(struct req *r, int has, double v)
{
    return has ? arena_printf(&r->arena, "%.2f", survey_round(v)) : "—";
}

struct progress_ctx {
    struct req *r;
    long long id; /* the survey */
};

static void progress_row(void *ctx, const char *code, const char *name, long long sheets)
{
    struct progress_ctx *c = ctx;
    struct req *r = c->r;
    struct url u;
    url_begin(&u, r, "/surveys/%lld/tallies/%s", c->id, code);
    html_printf(&r->out,
                "<tr><td>%s</td><td class=\"num\">%lld</td><td><a href=\"%s\">%s</a></td></tr>",
                name, sheets, url_end(&u), tr(r, "survey.enter_tally"));
}

struct units_ctx {
    struct req *r;
    const struct survey *s;
    int n;
};

static void unit_row(void *ctx, const char *code, const char *name,
                     const struct survey_results *res, int rank)
{
    struct units_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0) {
        html_printf(&r->out,
                    "<h2>%s</h2><div class=\"scroll\"><table><thead><tr><th>%s</th>"
                    "<th>%s</th><th class=\"num\">%s</th>",
                    tr(r, "survey.units"), tr(r, "survey.rank"), tr(r, "survey.unit"),
                    tr(r, "survey.overall"));
        for (size_t i = 0; i < c->s->n_items; i++)
            if (!c->s->items[i].choices)
                html_printf(&r->out, "<th class=\"num\">%s</th>", c->s->items[i].text);
        html_raw(&r->out, "</tr></thead><tbody>");
    }
    (void)code;
    html_printf(&r->out, "<tr><td class=\"num\">%d</td><td>%s</td><td class=\"num\">%s</td>", rank,
                name, score_text(r, res->has_overall, res->overall));
    for (size_t i = 0; i < c->s->n_items; i++)
        if (!c->s->items[i].choices)
            html_printf(&r->out, "<td class=\"num\">%s%s</td>",
                        score_text(r, res->all[i].has_score, res->all[i].score),
                        res->all[i].weak ? tr(r, "survey.weak_mark") : "");
    html_raw(&r->out, "</tr>");
}

/* The counts of a choices item, each option with its ticks. */
static void choices_cell(struct req *r, const struct survey_item *it,
                         const struct survey_figures *f)
{
    for (size_t o = 0; o < it->n_options; o++)
        html_printf(&r->out, "%s%s %lld", o ? "; " : "", it->options[o], f->counts[o]);
}

static void results(struct req *r, const struct survey *s, const char *unit)
{
    struct survey_results *res = arena_alloc(&r->arena, sizeof(*res));
    struct units_ctx c = { r, s, 0 };
    struct err err = { 0 };
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "survey.results"));
    /* the units table comes after the items: written into a buffer of its own first */
    struct buf page = r->out;
    buf_init(&r->out, page.max);
    enum result rc = survey_results(r->db, &r->actor, s, unit, res, unit_row, &c, &err);
    if (c.n)
        html_raw(&r->out, "</tbody></table></div>");
    struct buf units = r->out;
    r->out = page;
    if (rc != RES_OK) {
        buf_release(&units);
        html_printf(&r->out, "<p class=\"muted\">%s</p>",
                    tr(r, err.msg ? err.msg : "err.internal"));
        return;
    }
    struct url xlsx;
    url_begin(&xlsx, r, "/surveys/%lld/results.xlsx", s->id);
    url_param(&xlsx, "unit", unit);
    html_printf(&r->out, "<p>%s %lld · %s %s · <a href=\"%s\">%s</a></p>",
                tr(r, "survey.respondents"), res->respondents, tr(r, "survey.overall"),
                score_text(r, res->has_overall, res->overall), url_end(&xlsx),
                tr(r, "survey.xlsx"));
    static const char *const cols[] = { "survey.item",  "#survey.answers",  "#survey.score",
                                        "#survey.rate", "#survey.previous", "survey.weak" };
    table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    int may_file = scope_check(&r->actor, s->unit_path, PERM_UNIT_WRITE, NULL) == RES_OK &&
                   strcmp(unit, s->unit_code) == 0;
    struct chart_point bars[2 * SURVEY_ITEMS_MAX];
    size_t n_bars = 0;
    for (size_t i = 0; i < s->n_items; i++) {
        const struct survey_item *it = &s->items[i];
        const struct survey_figures *f = &res->all[i];
        html_printf(&r->out, "<tr><td>%s</td><td class=\"num\">%lld</td>", it->text,
                    f->respondents);
        if (it->choices) {
            html_raw(&r->out, "<td colspan=\"4\">");
            choices_cell(r, it, f);
            html_raw(&r->out, "</td></tr>");
            continue;
        }
        html_printf(&r->out,
                    "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
                    "<td>",
                    score_text(r, f->has_score, f->score), score_text(r, f->has_score, f->rate),
                    score_text(r, f->has_previous, f->previous));
        if (f->weak) {
            html_printf(&r->out, "%s", tr(r, "survey.weak_mark"));
            if (may_file) {
                char action[96];
                snprintf(action, sizeof(action), "/surveys/%lld/items/%s/problem", s->id, it->code);
                form_begin(r, action, "inline", 0);
                form_submit(r, "survey.to_problem", 0);
            }
        }
        html_raw(&r->out, "</td></tr>");
        if (f->has_score)
            bars[n_bars++] =
                (struct chart_point){ it->text, (long long)(survey_round(f->score) * 100 + 0.5),
                                      score_text(r, 1, f->score) };
        if (f->has_previous)
            bars[n_bars++] = (struct chart_point){
                arena_printf(&r->arena, "%s %s", it->text, tr(r, "survey.previous")),
                (long long)(f->previous * 100 + 0.5), score_text(r, 1, f->previous)
            };
    }
    table_end(r);
    if (n_bars)
        chart_bars(&r->out, tr(r, "survey.chart"), bars, n_bars, 10000);
    html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "survey.kinds"));
    for (size_t k = 0; k < s->n_kinds; k++)
        html_printf(&r->out, "<li>%s %lld</li>", s->kind_names[k], res->kind_respondents[k]);
    html_raw(&r->out, "</ul>");
    buf_add(&r->out, buf_str(&units), units.len);
    buf_release(&units);
}

void survey_brief(struct req *r, const struct unit *u, const char *from, const char *to)
{
    struct survey *s = arena_alloc(&r->arena, sizeof(*s));
    struct survey_results *res = arena_alloc(&r->arena, sizeof(*res));
    struct err err = { 0 };
    if (survey_latest_closed(r->db, &r->actor, u, from, to, s) != RES_OK ||
        survey_results(r->db, &r->actor, s, u->code, res, NULL, NULL, &err) != RES_OK)
        return;
    struct url link;
    url_begin(&link, r, "/surveys/%lld", s->id);
    url_param(&link, "unit", u->code);
    html_printf(&r->out, "<h2>%s</h2><p><a href=\"%s\">%s</a> (%s — %s) · %s %lld · %s %s</p>",
                tr(r, "survey.latest"), url_end(&link), s->title, s->from, s->to,
                tr(r, "survey.respondents"), res->respondents, tr(r, "survey.overall"),
                score_text(r, res->has_overall, res->overall));
    static const char *const cols[] = { "survey.item", "#survey.answers", "#survey.score",
                                        "#survey.rate" };
    table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    for (size_t i = 0; i < s->n_items; i++) {
        const struct survey_figures *f = &res->all[i];
        if (!s->items[i].choices)
            html_printf(&r->out,
                        "<tr><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%s</td>"
                        "<td class=\"num\">%s</td></tr>",
                        s->items[i].text, f->respondents, score_text(r, f->has_score, f->score),
                        score_text(r, f->has_score, f->rate));
    }
    table_end(r);
}

void survey_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return;
    struct survey *s = arena_alloc(&r->arena, sizeof(*s));
    enum result res = survey_load(r->db, &r->actor, id, s);
    if (res != RES_OK) {
        struct err err = { 0 };
        req_fail(r,
                 err_set(&err, res, "survey", res == RES_FAIL ? "err.internal" : "err.not_found"),
                 &err);
        return;
    }
    struct unit own;
    const char *unit = param_str(r, "unit", NULL);
    if (!unit)
        unit = scope_has_path(&r->actor, s->unit_path) ||
                       unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) != RES_OK
                   ? s->unit_code
                   : own.code;
    page_begin(r, s->title);
    html_printf(&r->out, "<p class=\"muted\">%s · %s — %s · %s · %s</p>", s->unit_code, s->from,
                s->to, s->scale.name, tr_enum(r, "survey.state", s->state));
    if (strcmp(s->state, "closed") == 0) {
        results(r, s, unit);
    } else if (strcmp(s->state, "open") == 0) {
        static const char *const cols[] = { "survey.unit", "#survey.sheets", "survey.tally" };
        html_printf(&r->out, "<p><a href=\"/surveys/%lld/answer\">%s</a></p><h2>%s</h2>", s->id,
                    tr(r, "survey.answer"), tr(r, "survey.progress"));
        table_head(r, cols, 3);
        struct progress_ctx pc = { r, s->id };
        survey_progress(r->db, &r->actor, s, progress_row, &pc);
        table_end(r);
    } else {
        html_raw(&r->out, "<ol>");
        for (size_t i = 0; i < s->n_items; i++)
            html_printf(&r->out, "<li>%s</li>", s->items[i].text);
        html_raw(&r->out, "</ol>");
    }
    page_end(r);
}

void survey_problem_post(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return;
    struct survey_problem_job job = { .who = &r->actor, .id = id, .item = r->args[1] };
    if (req_run(r, survey_problem_job, &job, &job.err) != RES_OK)
        return;
    struct url u;
    url_begin(&u, r, "/surveys/%lld", id);
    url_param(&u, "ok", "survey.problem_filed");
    resp_redirect(r, url_end(&u));
}

static void scale_row(void *ctx, const struct scale *s)
{
    struct req *r = ctx;
    html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", s->code, s->name,
                *s->unit_code ? s->unit_code : tr(r, "scale.builtin"));
    for (size_t i = 0; i < s->n; i++) {
        const struct scale_grade *g = &s->grades[i];
        if (g->points == SCALE_NO_POINTS)
            html_printf(&r->out, "%s%s(%s)", i ? ";" : "", g->name, tr(r, "scale.not_counted"));
        else
            html_printf(&r->out, "%s%s %d", i ? ";" : "", g->name, g->points);
    }
    html_raw(&r->out, "</td></tr>");
}

void scale_list_page(struct req *r)
{
    page_begin(r, tr(r, "scale.title"));
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "scale.hint"));
    static const char *const cols[] = { "scale.code", "scale.name", "scale.owner", "scale.grades" };
    table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    if (scale_each(r->db, &r->actor, scale_row, r) != RES_OK) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    table_end(r);
    page_end(r);
}

/* ---- answering: an account on the web, anyone with a paper code ---- */

struct option_ctx {
    struct req *r;    /* the request being rendered */
    const char *item; /* the item's code */
};

static void option_box(void *ctx, const char *code, const char *text)
{
    struct option_ctx *c = ctx;
    html_printf(&c->r->out,
                "<label><input type=\"checkbox\" name=\"c_%s\" value=\"%s\"> %s</label> ", c->item,
                code, text);
}

/* The answer sheet of s: per graded item one grade, per choices item any options; the kind
 * chosen by an account (a paper code carries its own). */
static void answer_form(struct req *r, const struct survey *s, const char *action, const char *code)
{
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "survey.secret"));
    form_begin(r, action, "stack ballot", 0);
    if (code) {
        html_printf(&r->out, "<input type=\"hidden\" name=\"code\" value=\"%s\">", code);
    } else {
        html_printf(&r->out, "<label>%s<select name=\"kind\" required>", tr(r, "survey.kind"));
        for (size_t k = 0; k < s->n_kinds; k++)
            form_option(r, s->kinds[k], s->kind_names[k], NULL);
        html_raw(&r->out, "</select></label>");
    }
    for (size_t i = 0; i < s->n_items; i++) {
        const struct survey_item *it = &s->items[i];
        html_printf(&r->out, "<fieldset><legend>%s</legend>", it->text);
        struct option_ctx c = { r, it->code };
        if (it->choices)
            survey_options(r->db, s->id, it->code, option_box, &c);
        else
            for (size_t g = 0; g < s->scale.n; g++)
                html_printf(&r->out,
                            "<label><input type=\"radio\" name=\"g_%s\" value=\"%s\"> %s"
                            "</label> ",
                            it->code, s->scale.grades[g].code,
                            r->lang == LANG_EN && *s->scale.grades[g].name_en
                                ? s->scale.grades[g].name_en
                                : s->scale.grades[g].name);
        html_raw(&r->out, "</fieldset>");
    }
    form_submit(r, "survey.submit", 1);
}

/* The survey of the path for answering: open, seen by who (NULL: anyone with a code). */
static struct survey *open_survey(struct req *r, const struct actor *who)
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return NULL;
    struct survey *s = arena_alloc(&r->arena, sizeof(*s));
    if (survey_load(r->db, who, id, s) != RES_OK || strcmp(s->state, "open") != 0) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_NOT_FOUND, "survey", "err.not_found"), &err);
        return NULL;
    }
    return s;
}

void survey_answer_page(struct req *r)
{
    struct survey *s = open_survey(r, &r->actor);
    if (!s)
        return;
    page_begin(r, s->title);
    answer_form(r, s, arena_printf(&r->arena, "/surveys/%lld/answer", s->id), NULL);
    page_end(r);
}

void survey_paper_page(struct req *r)
{
    struct survey *s = open_survey(r, NULL);
    if (!s)
        return;
    const char *code = req_query(r, "code");
    page_begin(r, s->title);
    struct err err = { 0 };
    enum result state = RES_OK;
    if (code && *code) {
        state = eval_code_throttled(r) ? err_set(&err, RES_FORBIDDEN, NULL, "err.throttled")
                                       : survey_code_check(r->db, s->id, code, &err);
        if (state == RES_NOT_FOUND)
            eval_code_failed(r);
    }
    if (state != RES_OK) {
        r->status = state == RES_FORBIDDEN ? 429 : result_status(state);
        html_printf(&r->out,
                    "<p class=\"error\" role=\"alert\">%s</p><p><a href=\"/answer/%lld\">"
                    "%s</a></p>",
                    err_text_for(r, &err), s->id, tr(r, "err.back"));
    } else if (!code || !*code) {
        form_begin(r, arena_printf(&r->arena, "/answer/%lld", s->id), "stack", FORM_GET);
        html_printf(&r->out,
                    "<label>%s<input name=\"code\" required autocomplete=\"off\""
                    " autocapitalize=\"characters\"></label>",
                    tr(r, "survey.code"));
        form_submit(r, "eval.next", 1);
    } else {
        answer_form(r, s, arena_printf(&r->arena, "/answer/%lld", s->id), code);
    }
    page_end(r);
}

/* Reads the marks of an answer sheet from the form: g_ITEM (one grade), c_ITEM (options). */
static void read_sheet(struct req *r, struct survey_answer_job *job)
{
    size_t n = 0;
    for (const struct form_field *f = r->form; f; f = f->next)
        n++;
    struct survey_mark *marks = arena_alloc(&r->arena, (n + 1) * sizeof(*marks));
    n = 0;
    for (const struct form_field *f = r->form; f; f = f->next)
        if ((strncmp(f->name, "g_", 2) == 0 || strncmp(f->name, "c_", 2) == 0) && *f->value)
            marks[n++] = (struct survey_mark){ f->name + 2, f->value, 1 };
    job->marks = marks;
    job->n = n;
}

static void answered(struct req *r, struct survey_answer_job *job)
{
    enum result res = req_run(r, survey_answer_job, job, &job->err);
    if (res == RES_NOT_FOUND && job->code)
        eval_code_failed(r);
    if (res != RES_OK)
        return;
    page_begin(r, tr(r, "eval.thanks"));
    html_printf(&r->out, "<p class=\"notice\" role=\"status\">%s</p>", tr(r, "survey.thanks_text"));
    page_end(r);
}

void survey_answer_post(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return;
    struct survey_answer_job job = { .who = &r->actor, .id = id, .kind = req_form(r, "kind") };
    read_sheet(r, &job);
    answered(r, &job);
}

void survey_paper_post(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return;
    struct survey_answer_job job = { .who = NULL, .id = id, .code = req_form(r, "code") };
    if (!job.code || !*job.code) {
        req_fail_invalid(r, "code", "err.required");
        return;
    }
    if (eval_code_throttled(r)) {
        err_set(&job.err, RES_INVALID, NULL, "err.throttled");
        page_error(r, 429, &job.err);
        return;
    }
    read_sheet(r, &job);
    answered(r, &job);
}

/* ---- the results as a spreadsheet ---- */

struct sheet_ctx {
    struct req *r;
    struct export_sheet *sheet;
};

static void sheet_unit(void *ctx, const char *code, const char *name,
                       const struct survey_results *res, int rank)
{
    struct sheet_ctx *c = ctx;
    struct req *r = c->r;
    (void)code;
    const char *v[] = { arena_printf(&r->arena, "%s(%s %d)", name, tr(r, "survey.rank"), rank),
                        arena_int(&r->arena, res->respondents),
                        score_text(r, res->has_overall, res->overall),
                        "",
                        score_text(r, res->has_previous_overall, res->previous_overall),
                        "" };
    export_row(c->sheet, v);
}

void survey_export_xlsx_page(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return;
    struct survey *s = arena_alloc(&r->arena, sizeof(*s));
    struct survey_results *res = arena_alloc(&r->arena, sizeof(*res));
    struct err err = { 0 };
    enum result rc = survey_load(r->db, &r->actor, id, s);
    if (rc != RES_OK) {
        req_fail(r, err_set(&err, rc, "survey", rc == RES_FAIL ? "err.internal" : "err.not_found"),
                 &err);
        return;
    }
    /* the items of the unit's subtree, then the units below it ranked by their overall score */
    static const enum export_cell types[] = { CELL_TEXT,   CELL_NUMBER, CELL_NUMBER,
                                              CELL_NUMBER, CELL_NUMBER, CELL_TEXT };
    const char *headers[] = {
        tr(r, "survey.item"), tr(r, "survey.answers"),  tr(r, "survey.score"),
        tr(r, "survey.rate"), tr(r, "survey.previous"), tr(r, "survey.weak")
    };
    struct sheet_ctx c = { r, export_begin(1, tr(r, "survey.results"), headers, types, 6) };
    if (!c.sheet) {
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    const char *unit = param_str(r, "unit", s->unit_code);
    rc = survey_results(r->db, &r->actor, s, unit, res, NULL, NULL, &err);
    for (size_t i = 0; rc == RES_OK && i < s->n_items; i++) {
        const struct survey_figures *f = &res->all[i];
        const char *v[] = { s->items[i].text,
                            arena_int(&r->arena, f->respondents),
                            score_text(r, f->has_score, f->score),
                            score_text(r, f->has_score, f->rate),
                            score_text(r, f->has_previous, f->previous),
                            f->weak ? tr(r, "survey.weak") : "" };
        export_row(c.sheet, v);
    }
    if (rc == RES_OK)
        rc = survey_results(r->db, &r->actor, s, unit, res, sheet_unit, &c, &err);
    buf_reset(&r->out);
    if (export_finish(c.sheet, &r->out) != 0 || rc != RES_OK) {
        buf_reset(&r->out);
        req_fail(r, rc != RES_OK ? rc : err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp_header(r, "Content-Disposition", "attachment; filename=\"survey.xlsx\"");
}

/* ---- a collecting unit's tally, entered from the paper forms ---- */

struct texts {
    struct req *r;
    const char *t[SURVEY_OPTIONS_MAX];
    size_t n;
};

static void option_text(void *ctx, const char *code, const char *text)
{
    struct texts *x = ctx;
    (void)code;
    if (x->n < SURVEY_OPTIONS_MAX)
        x->t[x->n++] = arena_strdup(&x->r->arena, text);
}

struct tally_ctx {
    struct req *r;
    const struct survey *s;
    long long *counts; /* [item][mark] */
};

static void tally_count(void *ctx, const char *item, const char *code, long long n)
{
    struct tally_ctx *c = ctx;
    for (size_t i = 0; i < c->s->n_items; i++) {
        const struct survey_item *it = &c->s->items[i];
        if (strcmp(it->code, item) != 0)
            continue;
        size_t marks = it->choices ? it->n_options : c->s->scale.n;
        for (size_t m = 0; m < marks; m++)
            if (strcmp(it->choices ? it->options[m] : c->s->scale.grades[m].code, code) == 0)
                c->counts[i * SURVEY_MARKS_MAX + m] = n;
    }
}

void survey_tally_page(struct req *r)
{
    struct survey *s = open_survey(r, &r->actor);
    if (!s)
        return;
    const char *unit = r->args[1], *kind = param_str(r, "kind", s->kinds[0]);
    struct tally_ctx c = {
        r, s, arena_alloc(&r->arena, SURVEY_ITEMS_MAX * SURVEY_MARKS_MAX * sizeof(long long))
    };
    memset(c.counts, 0, SURVEY_ITEMS_MAX * SURVEY_MARKS_MAX * sizeof(long long));
    long long forms = 0;
    struct err err = { 0 };
    enum result res =
        survey_tally_get(r->db, &r->actor, s->id, unit, kind, &forms, tally_count, &c, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, s->title);
    html_printf(&r->out, "<p class=\"muted\">%s · %s</p>", unit, tr(r, "survey.tally_hint"));
    /* the kind: a form of its own, so that switching it reloads the tally entered for it */
    struct url here;
    url_begin(&here, r, "/surveys/%lld/tallies/%s", s->id, unit);
    const char *action = url_end(&here);
    form_begin(r, action, "filters", FORM_GET);
    html_printf(&r->out, "<label>%s<select name=\"kind\">", tr(r, "survey.kind"));
    for (size_t k = 0; k < s->n_kinds; k++)
        form_option(r, s->kinds[k], s->kind_names[k], kind);
    html_raw(&r->out, "</select></label>");
    form_submit(r, "filter.apply", 0);
    form_begin(r, action, "stack", 0);
    html_printf(&r->out,
                "<input type=\"hidden\" name=\"kind\" value=\"%s\"><label>%s<input"
                " name=\"forms\" type=\"number\" min=\"0\" required value=\"%lld\"></label>",
                kind, tr(r, "survey.forms"), forms);
    for (size_t i = 0; i < s->n_items; i++) {
        const struct survey_item *it = &s->items[i];
        size_t marks = it->choices ? it->n_options : s->scale.n;
        struct texts options = { .r = r };
        if (it->choices)
            survey_options(r->db, s->id, it->code, option_text, &options);
        html_printf(&r->out, "<fieldset><legend>%s</legend>", it->text);
        for (size_t m = 0; m < marks; m++) {
            const char *code = it->choices ? it->options[m] : s->scale.grades[m].code;
            const char *label = it->choices ? (m < options.n ? options.t[m] : code)
                                : r->lang == LANG_EN && *s->scale.grades[m].name_en
                                    ? s->scale.grades[m].name_en
                                    : s->scale.grades[m].name;
            html_printf(&r->out,
                        "<label>%s<input name=\"n_%s_%s\" type=\"number\" min=\"0\""
                        " value=\"%lld\"></label>",
                        label, it->code, code, c.counts[i * SURVEY_MARKS_MAX + m]);
        }
        html_raw(&r->out, "</fieldset>");
    }
    form_submit(r, "form.save", 1);
    html_printf(&r->out, "<h2>%s</h2><p class=\"muted\">%s</p>", tr(r, "survey.tally_import"),
                tr(r, "survey.tally_import_hint"));
    url_begin(&here, r, "/surveys/%lld/tallies", s->id);
    form_begin(r, url_end(&here), "stack", FORM_UPLOAD);
    form_file(r, "plan.file");
    form_submit(r, "survey.tally_import", 0);
    page_end(r);
}

void survey_tally_import_post(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return;
    struct url back, ok;
    url_begin(&back, r, "/surveys/%lld", id);
    url_begin(&ok, r, "/surveys/%lld", id);
    url_param(&ok, "ok", "survey.tallies_imported");
    const struct page_import im = {
        .title_id = "survey.tally_import",
        .failed_id = "survey.tally_import_failed",
        .back = url_end(&back),
        .ok = url_end(&ok),
        .run = survey_tally_import,
        .arg = id,
    };
    page_import(r, &im);
}

void survey_tally_post(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return;
    struct survey *s = arena_alloc(&r->arena, sizeof(*s));
    if (survey_load(r->db, &r->actor, id, s) != RES_OK) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_NOT_FOUND, "survey", "err.not_found"), &err);
        return;
    }
    struct survey_tally_job job = {
        .who = &r->actor, .id = id, .unit = r->args[1], .kind = req_form(r, "kind")
    };
    const char *forms = req_form(r, "forms");
    if (!forms || str_to_ll(forms, 0, 1LL << 40, &job.forms) != 0) {
        req_fail_invalid(r, "forms", "err.range");
        return;
    }
    /* one count per field n_ITEM_CODE, an empty one as 0 */
    size_t n = 0;
    for (const struct form_field *f = r->form; f; f = f->next)
        n++;
    struct survey_mark *marks = arena_alloc(&r->arena, (n + 1) * sizeof(*marks));
    n = 0;
    for (size_t i = 0; i < s->n_items; i++) {
        const struct survey_item *it = &s->items[i];
        size_t count = it->choices ? it->n_options : s->scale.n;
        for (size_t m = 0; m < count; m++) {
            const char *code = it->choices ? it->options[m] : s->scale.grades[m].code;
            const char *v = req_form(r, arena_printf(&r->arena, "n_%s_%s", it->code, code));
            long long k = 0;
            if (v && *v && str_to_ll(v, -(1LL << 40), 1LL << 40, &k) != 0) {
                req_fail_invalid(r, it->code, "err.bad_type");
                return;
            }
            if (k)
                marks[n++] = (struct survey_mark){ it->code, code, k };
        }
    }
    job.marks = marks;
    job.n = n;
    if (req_run(r, survey_tally_job, &job, &job.err) != RES_OK)
        return;
    struct url u;
    url_begin(&u, r, "/surveys/%lld/tallies/%s", id, job.unit);
    url_param(&u, "kind", job.kind);
    url_param(&u, "ok", "survey.tally_saved");
    resp_redirect(r, url_end(&u));
}
