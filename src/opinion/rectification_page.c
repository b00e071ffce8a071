/*
 * The pages of the rectification ledger (handler layer; DESIGN.md mechanism 4, speech.txt
 * "整改台帐"): problems with their measures and the forms that move them, reply templates, the
 * roll-up by unit (统计汇总) and its XLSX and CSV exports.
 */
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "core/html.h"
#include "http/param.h"
#include "opinion/opinion_parts_web.h"
#include "opinion/opinion_web.h"
#include "opinion/rectification.h"
#include "web/form.h"
#include "web/layout.h"

enum { PROBLEM_PAGE = 20 };

struct problem_ctx {
    struct req *r;     /* the request being rendered */
    const char *own;   /* the actor's unit code */
    int writer;        /* the actor may write */
    int n;             /* problems written */
    int in_measures;   /* a measures table is open */
    long long problem; /* the current problem */
};

static void close_measures(struct problem_ctx *c)
{
    struct req *r = c->r;
    if (c->in_measures)
        table_end(r);
    c->in_measures = 0;
    if (!c->problem || !c->writer)
        return;
    /* a new measure for the problem just listed, on a page of its own: the list would repeat
     * the unit's people in a select under each problem (109 KB for twenty problems) */
    html_printf(&r->out, "<p><a href=\"/measures/new?problem=%lld\">%s</a></p>", c->problem,
                tr(r, "measure.new"));
}

static void problem_row(void *ctx, const struct problem *p)
{
    struct problem_ctx *c = ctx;
    struct req *r = c->r;
    close_measures(c);
    c->n++;
    c->problem = p->id;
    html_printf(&r->out, "<h2>%lld. %s</h2><p class=\"muted\">%s · %s · %s · %s %s · %s %lld</p>",
                p->id, p->title, p->unit_name, area_text(r, p->area),
                tr(r, strcmp(p->source, "self") == 0 ? "problem.self" : "problem.opinion"),
                tr(r, "opinion.day"), p->day, tr(r, "problem.n_opinions"), p->n_opinions);
}

static void measure_row(void *ctx, const struct measure *m)
{
    struct problem_ctx *c = ctx;
    struct req *r = c->r;
    static const char *const cols[] = { "measure.title", "measure.owner",    "measure.deadline",
                                        "measure.state", "measure.evidence", "measure.action" };
    if (!c->in_measures) {
        c->in_measures = 1;
        table_head(r, cols, 6);
    }
    html_printf(&r->out, "<tr><td>%s%s</td><td>%s</td><td>%s</td><td>%s", m->title,
                m->public ? tr(r, "measure.is_public") : "", m->owner_name, m->deadline,
                measure_state_text(r, m->state));
    if (m->overdue)
        html_printf(&r->out, " <span class=\"light red\">%s</span>", tr(r, "state.overdue"));
    html_printf(&r->out, "</td><td class=\"pre\">%s</td><td>", m->evidence);
    int open = !strcmp(m->state, "open") || !strcmp(m->state, "in_progress");
    if (c->writer && !strcmp(m->state, "open")) {
        form_begin(r, arena_printf(&r->arena, "/measures/%lld/start", m->id), NULL, 0);
        form_submit(r, "measure.start", 0);
    }
    if (c->writer && open) {
        form_begin(r, arena_printf(&r->arena, "/measures/%lld/implemented", m->id), NULL, 0);
        html_printf(&r->out,
                    "<input name=\"evidence\" required maxlength=\"5000\" aria-label=\"%s\""
                    " placeholder=\"%s\">",
                    tr(r, "measure.evidence"), tr(r, "measure.evidence"));
        form_submit(r, "measure.implement", 0);
    } else if (c->writer && !strcmp(m->state, "implemented") && strcmp(m->unit_code, c->own)) {
        form_begin(r, arena_printf(&r->arena, "/measures/%lld/verify", m->id), NULL, 0);
        form_submit(r, "measure.verify", 0);
    }
    html_raw(&r->out, "</td></tr>");
}

static void new_problem_form(struct req *r, const char *unit)
{
    html_printf(&r->out, "<details><summary>%s</summary>", tr(r, "problem.new"));
    form_begin(r, "/problems", "stack", 0);
    html_printf(&r->out, "<label>%s", tr(r, "opinion.unit"));
    unit_select(r, &r->actor, "unit", unit, -1);
    html_printf(&r->out,
                "</label><label>%s<input name=\"title\" required maxlength=\"200\">"
                "</label><label>%s",
                tr(r, "problem.name"), tr(r, "opinion.area"));
    area_select(r, "area", "work", NULL);
    html_printf(&r->out,
                "</label><label>%s %s<input name=\"opinions\" placeholder=\"12,15\"></label>",
                tr(r, "problem.opinion_ids"), tr(r, "problem.self_hint"));
    form_submit(r, "form.save", 1);
    html_raw(&r->out, "</details>");
}

void problem_list_page(struct req *r)
{
    const char *unit = unit_param(r);
    struct paging p;
    if (param_paging(r, PROBLEM_PAGE, PROBLEM_PAGE, &p))
        return;
    struct problem_ctx c = { .r = r,
                             .own = own_unit(r),
                             .writer = role_may(r->actor.role, PERM_RECORD_WRITE) };
    page_begin(r, tr(r, "problem.title"));
    page_notice(r);
    ledger_links(r, unit);
    if (c.writer)
        new_problem_form(r, unit);
    struct err err = { 0 };
    long long total = 0;
    enum result res = problem_each(r->db, &r->actor, unit, p.offset, p.limit, &total, problem_row,
                                   measure_row, &c, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    close_measures(&c);
    if (!c.n)
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "problem.none"));
    struct url list;
    url_begin(&list, r, "/problems");
    url_param(&list, "unit", unit);
    form_pager(r, url_end(&list), p.page, PROBLEM_PAGE, total);
    page_end(r);
}

void problem_new_post(struct req *r)
{
    struct problem_add_job job = { .who = &r->actor,
                                   .in = { .unit = req_form(r, "unit"),
                                           .title = req_form(r, "title"),
                                           .area = req_form(r, "area") } };
    long long *ids = arena_alloc(&r->arena, (BULK_MAX + 1) * sizeof(*ids));
    size_t n = 0;
    char *list = arena_strdup(&r->arena, form_or(r, "opinions"));
    for (char *p = list; *p;) {
        p += strspn(p, " ,;,;");
        size_t k = strcspn(p, " ,;");
        if (!k)
            break;
        char saved = p[k];
        p[k] = '\0';
        if (n >= BULK_MAX || str_to_ll(p, 1, 1LL << 62, &ids[n++]) != 0) {
            req_fail_invalid(r, "opinions", "err.bad_type");
            return;
        }
        p[k] = saved;
        p += k;
    }
    job.in.opinions = ids;
    job.in.n_opinions = n;
    if (req_run(r, problem_add_job, &job, &job.err) != RES_OK)
        return;
    struct url back;
    url_begin(&back, r, "/problems");
    url_param(&back, "ok", "problem.added");
    url_param(&back, "unit", job.in.unit);
    resp_redirect(r, url_end(&back));
}

void measure_new_page(struct req *r)
{
    long long id = param_need_id(r, req_query(r, "problem"), "problem");
    if (!id)
        return;
    struct problem p;
    struct err err = { 0 };
    enum result res = problem_get(r->db, &r->actor, id, &r->arena, &p, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, tr(r, "measure.new"));
    html_printf(&r->out, "<p>%lld. %s · %s</p>", p.id, p.title, p.unit_name);
    form_begin(r, "/measures", "stack", 0);
    html_printf(&r->out,
                "<input type=\"hidden\" name=\"problem\" value=\"%lld\"><label>%s<input"
                " name=\"title\" required maxlength=\"200\"></label><label>%s<select"
                " name=\"owner\" required>",
                p.id, tr(r, "measure.title"), tr(r, "measure.owner"));
    long long total;
    person_each(r->db, &r->actor, p.unit_code, 0, 200, &total, person_option, r, NULL);
    html_printf(&r->out,
                "</select></label><label>%s<input name=\"deadline\" type=\"date\" required>"
                "</label><label><input type=\"checkbox\" name=\"public\" value=\"1\"> %s</label>",
                tr(r, "measure.deadline"), tr(r, "measure.public"));
    form_submit(r, "form.save", 1);
    page_end(r);
}

void measure_new_post(struct req *r)
{
    struct measure_add_job job = { .who = &r->actor,
                                   .in = { .title = req_form(r, "title"),
                                           .deadline = req_form(r, "deadline"),
                                           .public = strcmp(form_or(r, "public"), "1") == 0 } };
    if ((job.in.problem = param_need_id(r, req_form(r, "problem"), "problem")) &&
        (job.in.owner = param_need_id(r, req_form(r, "owner"), "owner")) &&
        req_run(r, measure_add_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/problems?ok=measure.added");
}

void measure_implemented_post(struct req *r)
{
    struct measure_implemented_job job = { .who = &r->actor, .evidence = req_form(r, "evidence") };
    if ((job.id = param_path_id(r, 0, "measure")) &&
        req_run(r, measure_implemented_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/problems?ok=measure.implemented");
}

/* POST /measures/{id}/start or /verify, then back to the ledger saying ok. */
static void measure_step_post(struct req *r, db_job_fn fn, const char *location)
{
    struct measure_step_job job = { .who = &r->actor };
    if ((job.id = param_path_id(r, 0, "measure")) && req_run(r, fn, &job, &job.err) == RES_OK)
        resp_redirect(r, location);
}

void measure_start_post(struct req *r)
{
    measure_step_post(r, measure_start_job, "/problems?ok=measure.started");
}

void measure_verify_post(struct req *r)
{
    measure_step_post(r, measure_verify_job, "/problems?ok=measure.verified");
}

void reply_template_new_post(struct req *r)
{
    struct reply_template_add_job job = { .who = &r->actor,
                                          .unit = req_form(r, "unit"),
                                          .title = req_form(r, "title"),
                                          .text = req_form(r, "text") };
    if (req_run(r, reply_template_add_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/rectification?ok=template.added");
}

/* The roll-up's counts in the order of its table and of its export; the table puts the rate
 * implemented after ROLLUP_IMPLEMENTED. */
enum { N_ROLLUP = 13, ROLLUP_IMPLEMENTED = 7 };
static void rollup_counts(const struct rectification_stats *s, long long v[N_ROLLUP])
{
    const long long counts[N_ROLLUP] = {
        s->letters,   s->forums,   s->visits,       s->opinions, s->consolidated,
        s->problems,  s->measures, s->implemented,  s->verified, s->overdue,
        s->satisfied, s->basic,    s->dissatisfied,
    };
    memcpy(v, counts, sizeof(counts));
}

static void percent(struct req *r, long long part, long long whole)
{
    if (whole)
        html_printf(&r->out, "<td class=\"num\">%lld.%lld%%</td>", part * 100 / whole,
                    part * 1000 / whole % 10);
    else
        html_raw(&r->out, "<td class=\"num\">—</td>");
}

/* The roll-up's URL at u, begun at one of its paths, for unit and the period (arena). */
static const char *period_url(struct url *u, const char *unit, const char *from, const char *to)
{
    url_param(u, "unit", unit);
    url_param(u, "from", from);
    url_param(u, "to", to);
    return url_end(u);
}

struct rollup_ctx {
    struct req *r;                   /* the request being rendered */
    const char *from, *to;           /* the period, as asked */
    struct rectification_stats self; /* the unit itself (its subtree) */
    int n;                           /* rows written */
};

static void rollup_row(void *ctx, const char *code, const char *name,
                       const struct rectification_stats *s)
{
    struct rollup_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        c->self = *s;
    struct url u;
    url_begin(&u, r, "/rectification");
    html_printf(&r->out, "<tr><td><a href=\"%s\">%s</a></td>", period_url(&u, code, c->from, c->to),
                name);
    long long v[N_ROLLUP];
    rollup_counts(s, v);
    for (int i = 0; i < N_ROLLUP; i++) {
        html_printf(&r->out, "<td class=\"num\">%lld</td>", v[i]);
        if (i == ROLLUP_IMPLEMENTED)
            percent(r, s->implemented, s->measures);
    }
    html_raw(&r->out, "</tr>");
}

void rectification_rollup_page(struct req *r)
{
    const char *unit = unit_param(r);
    const char *from = param_str(r, "from", ""), *to = param_str(r, "to", "");
    struct rollup_ctx c = { .r = r, .from = from, .to = to };
    page_begin(r, tr(r, "rollup.title"));
    page_notice(r);
    form_begin(r, "/rectification", "filters", FORM_GET);
    html_printf(&r->out,
                "<input type=\"hidden\" name=\"unit\" value=\"%s\"><label>%s<input name=\"from\""
                " type=\"date\" value=\"%s\"></label><label>%s<input name=\"to\" type=\"date\""
                " value=\"%s\"></label>",
                unit, tr(r, "campaign.starts"), from, tr(r, "campaign.ends"), to);
    form_submit(r, "filter.apply", 0);
    static const char *const cols[] = {
        "opinion.unit",        "#outreach.letters",    "#outreach.forums",     "#outreach.visits",
        "#rollup.collected",   "#rollup.consolidated", "#rollup.problems",     "#rollup.measures",
        "#rollup.implemented", "#rollup.rate",         "#rollup.verified",     "#state.overdue",
        "#rating.satisfied",   "#rating.basic",        "#rating.dissatisfied",
    };
    table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    struct err err = { 0 };
    enum result res = rectification_rollup(r->db, &r->actor, unit, from, to, rollup_row, &c, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    table_end(r);
    /* the unit's own subtree by channel and by area */
    html_printf(&r->out, "<h2>%s</h2><p>%s%lld%s%lld%s</p>", tr(r, "rollup.by_channel"),
                tr(r, "rollup.said_a"), c.self.opinions, tr(r, "rollup.said_b"),
                c.self.consolidated, tr(r, "rollup.said_c"));
    static const char *const by_channel[] = { "opinion.channel", "#rollup.collected",
                                              "#rollup.consolidated" };
    table_head(r, by_channel, 3);
    for (int i = 0; i < N_CHANNELS; i++)
        html_printf(&r->out,
                    "<tr><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
                    channel_text(r, channel_codes[i]), c.self.by_channel[i],
                    c.self.by_channel_consolidated[i]);
    table_end(r);
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "rollup.by_area"));
    static const char *const by_area[] = { "opinion.area", "#rollup.collected" };
    table_head(r, by_area, 2);
    for (int i = 0; i < N_AREAS; i++)
        html_printf(&r->out, "<tr><td>%s</td><td class=\"num\">%lld</td></tr>",
                    area_text(r, area_codes[i]), c.self.by_area[i]);
    html_printf(&r->out,
                "<tr><td>%s</td><td class=\"num\">%lld</td></tr><tr><td>%s</td>"
                "<td class=\"num\">%lld</td></tr>",
                tr(r, "opinion.body"), c.self.to_body, tr(r, "opinion.person"), c.self.to_person);
    table_end(r);
    struct url xlsx, csv;
    url_begin(&xlsx, r, "/rectification/export.xlsx");
    url_begin(&csv, r, "/rectification/export.csv");
    html_printf(&r->out, "<p><a href=\"%s\">%s</a> · <a href=\"%s\">%s</a></p>",
                period_url(&xlsx, unit, from, to), tr(r, "task.export_xlsx"),
                period_url(&csv, unit, from, to), tr(r, "task.export_csv"));
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "template.new"));
        form_begin(r, "/reply-templates", "stack", 0);
        html_printf(&r->out,
                    "<input type=\"hidden\" name=\"unit\" value=\"%s\"><label>%s<input"
                    " name=\"title\" required maxlength=\"100\"></label><label>%s<textarea"
                    " name=\"text\" rows=\"3\" required maxlength=\"5000\"></textarea></label>",
                    own_unit(r), tr(r, "template.title"), tr(r, "opinion.reply_text"));
        form_submit(r, "form.save", 1);
    }
    page_end(r);
}

static void export_rollup_row(void *ctx, const char *code, const char *name,
                              const struct rectification_stats *s)
{
    struct export_ctx *c = ctx;
    long long n[N_ROLLUP];
    rollup_counts(s, n);
    const char *v[2 + N_ROLLUP] = { code, name };
    for (int i = 0; i < N_ROLLUP; i++)
        v[2 + i] = arena_int(&c->r->arena, n[i]);
    export_row(c->sheet, v);
}

static void export_rollup(struct req *r, int xlsx)
{
    static const enum export_cell types[15] = { CELL_TEXT,   CELL_TEXT,   CELL_NUMBER, CELL_NUMBER,
                                                CELL_NUMBER, CELL_NUMBER, CELL_NUMBER, CELL_NUMBER,
                                                CELL_NUMBER, CELL_NUMBER, CELL_NUMBER, CELL_NUMBER,
                                                CELL_NUMBER, CELL_NUMBER, CELL_NUMBER };
    const char *headers[] = {
        tr(r, "unit.code"),           tr(r, "opinion.unit"),    tr(r, "outreach.letters"),
        tr(r, "outreach.forums"),     tr(r, "outreach.visits"), tr(r, "rollup.collected"),
        tr(r, "rollup.consolidated"), tr(r, "rollup.problems"), tr(r, "rollup.measures"),
        tr(r, "rollup.implemented"),  tr(r, "rollup.verified"), tr(r, "state.overdue"),
        tr(r, "rating.satisfied"),    tr(r, "rating.basic"),    tr(r, "rating.dissatisfied"),
    };
    struct err err = { 0 };
    struct export_ctx c = { .r = r };
    c.sheet = export_begin(xlsx, tr(r, "rollup.title"), headers, types, 15);
    if (!c.sheet) {
        err_set(&err, RES_FAIL, NULL, "err.internal");
        req_fail(r, RES_FAIL, &err);
        return;
    }
    enum result res =
        rectification_rollup(r->db, &r->actor, unit_param(r), param_str(r, "from", ""),
                             param_str(r, "to", ""), export_rollup_row, &c, &err);
    export_send(r, &c, res, &err, xlsx, "rectification");
}

void rectification_export_xlsx_page(struct req *r)
{
    export_rollup(r, 1);
}

void rectification_export_csv_page(struct req *r)
{
    export_rollup(r, 0);
}
