/*
 * HTML handlers of the indicators and period reports (handler layer; issue 17): the catalogue
 * with a unit's figures and drafted summary for a period, the reports in the actor's scope
 * with the form that issues one, a report's tree of submitting units with their states and
 * lights, and one unit's submission with the actions the viewer may take (drawn from the
 * model's MAY_* flags). Works without JavaScript.
 */
#include <string.h>

#include "core/clock.h"
#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "report/indicator.h"
#include "report/report.h"
#include "report/report_web.h"
#include "report/summary.h"
#include "survey/survey_web.h"
#include "unit/unit.h"
#include "web/form.h"
#include "web/layout.h"

/* The unit shown by default: the query's, else the actor's own department. */
static const char *default_unit(struct req *r)
{
    const char *unit = param_str(r, "unit", NULL);
    if (unit && *unit)
        return unit;
    struct unit own;
    long long id = r->actor.dept_id ? r->actor.dept_id : r->actor.unit_id;
    return unit_get_id(r->db, &r->actor, id, &own) == RES_OK ? arena_strdup(&r->arena, own.code)
                                                             : "";
}

const char *indicator_name(const struct req *r, const struct indicator *d)
{
    return r->lang == LANG_EN ? d->en : d->zh;
}

const char *indicator_word(const struct req *r, const struct indicator *d)
{
    return r->lang == LANG_EN ? d->word_en : d->word;
}

const char *indicator_label(struct req *r, const struct indicator *d)
{
    return arena_printf(&r->arena, r->lang == LANG_EN ? "%s (%s)" : "%s（%s）",
                        indicator_name(r, d), indicator_word(r, d));
}

void indicators_page(struct req *r)
{
    char today[11];
    clock_today(today);
    const char *unit = default_unit(r);
    const char *from = param_str(r, "from", NULL), *to = param_str(r, "to", NULL);
    if (!from || !date_valid(from))
        from = arena_printf(&r->arena, "%.4s-01-01", today);
    if (!to || !date_valid(to))
        to = arena_strdup(&r->arena, today);
    long long *v = arena_alloc(&r->arena, n_indicators * sizeof(*v));
    struct err err = { 0 };
    struct unit u;
    enum result res = unit_get(r->db, &r->actor, unit, &u, &err);
    if (res == RES_OK)
        res = indicator_values(r->db, &r->actor, unit, from, to, v, &err);
    if (res != RES_OK && res != RES_NOT_FOUND) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, tr(r, "report.indicators"));
    form_begin(r, "/indicators", "filters", FORM_GET);
    html_printf(&r->out,
                "<label>%s<input name=\"unit\" value=\"%s\"></label><label>%s<input"
                " type=\"date\" name=\"from\" value=\"%s\"></label><label>%s<input type=\"date\""
                " name=\"to\" value=\"%s\"></label>",
                tr(r, "report.unit"), unit, tr(r, "report.from"), from, tr(r, "report.to"), to);
    form_submit(r, "report.show", 0);
    if (res == RES_NOT_FOUND) {
        r->status = 404;
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", err_text_for(r, &err));
        page_end(r);
        return;
    }
    struct buf text;
    buf_init(&text, 1 << 16);
    summary_write(&text, r->lang == LANG_EN, u.name, from, to, v, NULL, NULL);
    struct url docx;
    url_begin(&docx, r, "/api/v1/summary.docx");
    url_param(&docx, "unit", u.code);
    url_param(&docx, "from", from);
    url_param(&docx, "to", to);
    html_printf(&r->out,
                "<h2>%s</h2><p class=\"summary\">%s</p><p><a href=\"%s\">%s</a></p><h2>%s</h2>",
                tr(r, "report.summary"), buf_str(&text), url_end(&docx), tr(r, "report.docx"),
                tr(r, "report.figures"));
    buf_release(&text);
    static const char *const cols[] = { "report.code", "report.indicator", "report.word",
                                        "report.source", "#report.value" };
    table_head(r, cols, 5);
    for (size_t i = 0; i < n_indicators; i++) {
        const struct indicator *d = &indicators[i];
        html_printf(&r->out, "<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td>",
                    d->code, indicator_name(r, d), indicator_word(r, d),
                    tr(r, d->source == IND_MANUAL ? "report.manual"
                          : d->current            ? "report.current"
                                                  : "report.computed"));
        if (d->source == IND_MANUAL)
            html_raw(&r->out, "<td class=\"num\">—</td></tr>");
        else
            html_printf(&r->out, "<td class=\"num\">%lld</td></tr>", v[i]);
    }
    table_end(r);
    page_end(r);
}

static void list_row(void *ctx, const struct report *rep, long long accepted, long long total)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td><a href=\"/reports/%lld\">%s</a></td><td>%s</td><td>%s — %s</td>"
                "<td>%s</td><td class=\"num\">%lld / %lld</td></tr>",
                rep->id, rep->title, rep->issuer.name, rep->from, rep->to, rep->due, accepted,
                total);
}

/* The form that issues a report: what was posted, and err beside its field. */
static void new_form(struct req *r, const struct err *err)
{
    char today[11];
    clock_today(today);
    const char *unit = req_form(r, "unit");
    const char *title = req_form(r, "title"), *from = req_form(r, "from");
    const char *to = req_form(r, "to"), *due = req_form(r, "due");
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "report.new"));
    if (err && (!err->field || !*err->field))
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", err_text_for(r, err));
    form_begin(r, "/reports", "stack", 0);
    html_printf(&r->out, "<label>%s<input name=\"unit\" required value=\"%s\">",
                tr(r, "report.unit"), unit ? unit : default_unit(r));
    form_field_error(r, "unit", err);
    html_printf(&r->out, "</label><label>%s<input name=\"title\" required maxlength=\"200\""
                         " value=\"%s\">",
                tr(r, "report.name"), title ? title : "");
    form_field_error(r, "title", err);
    const char *days[][3] = { { "from", "report.from", NULL },
                              { "to", "report.to", NULL },
                              { "due", "report.due", NULL } };
    const char *vals[] = { from ? from : arena_printf(&r->arena, "%.4s-01-01", today),
                           to ? to : arena_printf(&r->arena, "%.4s-12-31", today),
                           due ? due : arena_printf(&r->arena, "%.4s-12-31", today) };
    for (int i = 0; i < 3; i++) {
        html_printf(&r->out, "</label><label>%s<input type=\"date\" name=\"%s\" required"
                             " value=\"%s\">",
                    tr(r, days[i][1]), days[i][0], vals[i]);
        form_field_error(r, days[i][0], err);
    }
    html_printf(&r->out, "</label><fieldset><legend>%s</legend>", tr(r, "report.levels"));
    static const char *const kinds[] = { "city", "county", "township", NULL };
    for (size_t i = 0; kinds[i]; i++) {
        int on = !r->form ? strcmp(kinds[i], "township") != 0 : 0;
        for (const struct form_field *f = r->form; f; f = f->next)
            on |= strcmp(f->name, "levels") == 0 && strcmp(f->value, kinds[i]) == 0;
        html_printf(&r->out,
                    "<label class=\"check\"><input type=\"checkbox\" name=\"levels\" value=\"%s\""
                    "%s>%s</label>",
                    kinds[i], on ? " checked" : "", tr_enum(r, "kind", kinds[i]));
    }
    form_field_error(r, "levels", err);
    html_printf(&r->out, "</fieldset><fieldset><legend>%s</legend>", tr(r, "report.asked"));
    form_field_error(r, "indicators", err);
    for (size_t i = 0; i < n_indicators; i++) {
        const struct indicator *d = &indicators[i];
        if (d->current)
            continue;
        int on = 0;
        for (const struct form_field *f = r->form; f; f = f->next)
            on |= strcmp(f->name, "indicators") == 0 && strcmp(f->value, d->code) == 0;
        html_printf(&r->out,
                    "<label class=\"check\"><input type=\"checkbox\" name=\"indicators\""
                    " value=\"%s\"%s>%s%s</label>",
                    d->code, on ? " checked" : "", indicator_label(r, d),
                    d->source == IND_MANUAL ? tr(r, "report.manual_mark") : "");
    }
    html_raw(&r->out, "</fieldset>");
    form_submit(r, "report.create", 1);
}

static void list_page(struct req *r, const struct err *form_err)
{
    page_begin(r, tr(r, "report.title"));
    page_notice(r);
    html_printf(&r->out, "<p><a href=\"/indicators\">%s</a></p>", tr(r, "report.indicators"));
    static const char *const cols[] = { "report.name", "report.issuer", "report.period",
                                        "report.due", "#report.accepted" };
    table_head(r, cols, 5);
    struct err err = { 0 };
    enum result res = report_each(r->db, &r->actor, list_row, r, &err);
    table_end(r);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        new_form(r, form_err);
    page_end(r);
}

void report_list_page(struct req *r)
{
    list_page(r, NULL);
}

/* The values of every field called name, in the arena. */
static const char *const *form_all(struct req *r, const char *name, size_t *n)
{
    *n = 0;
    for (const struct form_field *f = r->form; f; f = f->next)
        *n += strcmp(f->name, name) == 0;
    const char **list = arena_alloc(&r->arena, (*n + 1) * sizeof(*list));
    size_t k = 0;
    for (const struct form_field *f = r->form; f; f = f->next)
        if (strcmp(f->name, name) == 0)
            list[k++] = f->value;
    return list;
}

void report_new_post(struct req *r)
{
    struct report_create_job j = { .who = &r->actor };
    j.in.unit = req_form(r, "unit");
    j.in.title = req_form(r, "title");
    j.in.from = req_form(r, "from");
    j.in.to = req_form(r, "to");
    j.in.due = req_form(r, "due");
    j.in.codes = form_all(r, "indicators", &j.in.n_codes);
    j.in.levels = form_all(r, "levels", &j.in.n_levels);
    enum result res = req_write(r, report_create_job, &j);
    if (res == RES_OK) {
        struct url to;
        url_begin(&to, r, "/reports/%lld", j.id);
        url_param(&to, "ok", "report.created");
        resp_redirect(r, url_end(&to));
        return;
    }
    if (res != RES_INVALID || !j.err.field) {
        req_fail(r, res, &j.err);
        return;
    }
    buf_reset(&r->out);
    r->status = 400;
    list_page(r, &j.err);
}

/* The light of each state (waiting, ready, submitted, accepted); red when late. */
static const char *const light_class[] = { "stalled", "yellow", "blue", "green" };

struct tree_ctx {
    struct req *r;
    const struct report *rep;
};

/* One submitting unit, indented under the one above it (rows come in the tree's order). */
static void tree_row(void *ctx, const struct submission *s)
{
    struct tree_ctx *c = ctx;
    struct req *r = c->r;
    struct url link;
    url_begin(&link, r, "/reports/%lld/units/%s", c->rep->id, s->unit.code);
    /* levels below the issuer: a path holds one 9-character segment per level */
    long depth = ((long)strlen(s->unit.path) - (long)strlen(c->rep->issuer.path)) / 9;
    html_printf(&r->out,
                "<tr><td class=\"tree tree-%lld\"><a href=\"%s\">%s</a></td><td><span"
                " class=\"light %s\">%s%s</span></td><td>%s</td><td>%s</td></tr>",
                (long long)(depth < 1 ? 1 : depth > 6 ? 6 : depth), url_end(&link),
                s->unit.name, s->late ? "red" : light_class[s->state],
                tr_enum(r, "report.state", submission_state_names[s->state]),
                s->late ? tr(r, "report.late") : "", s->above,
                s->submitted[0] ? arena_strndup(&r->arena, s->submitted, 10) : "—");
}

void report_show_page(struct req *r)
{
    struct report *rep = report_from_path(r, NULL);
    if (!rep)
        return;
    page_begin(r, rep->title);
    page_notice(r);
    html_printf(&r->out,
                "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s — %s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
                tr(r, "report.issuer"), rep->issuer.name, tr(r, "report.period"), rep->from,
                rep->to, tr(r, "report.due"), rep->due, tr(r, "report.asked"));
    for (size_t i = 0; i < rep->n_codes; i++)
        html_printf(&r->out, "%s%s", i ? tr(r, "list.sep") : "",
                    indicator_label(r, &indicators[rep->codes[i]]));
    html_printf(&r->out, "</dd></dl><p><a href=\"/reports/%lld/export.xlsx\">%s</a></p>",
                rep->id, tr(r, "report.xlsx"));
    static const char *const cols[] = { "report.unit", "report.state", "report.above",
                                        "report.submitted" };
    table_head(r, cols, 4);
    struct err err = { 0 };
    struct tree_ctx tc = { r, rep };
    enum result res = report_submissions(r->db, &r->actor, rep, tree_row, &tc, &err);
    table_end(r);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_end(r);
}

void report_xlsx_page(struct req *r)
{
    struct report *rep = report_from_path(r, NULL);
    if (rep)
        report_send_xlsx(r, rep);
}

/* The submit form: the hand-entered figures (defaulting to the sum of the units below) and the
 * summary, pre-filled with the drafted one. */
static void submit_form(struct req *r, const struct report *rep, const struct submission_detail *d)
{
    struct url action;
    url_begin(&action, r, "/reports/%lld/units/%s/submit", rep->id, d->s.unit.code);
    form_begin(r, url_end(&action), "stack", 0);
    for (size_t i = 0; i < rep->n_codes; i++) {
        const struct indicator *ind = &indicators[rep->codes[i]];
        if (ind->source != IND_MANUAL)
            continue;
        const char *typed = req_form(r, ind->code);
        html_printf(&r->out,
                    "<label>%s<input type=\"number\" min=\"0\" name=\"%s\" value=\"%s\">"
                    "</label>",
                    indicator_label(r, ind), ind->code,
                    typed ? typed
                          : arena_int(&r->arena, d->has[i] ? d->value[i] : d->live[i]));
    }
    const char *summary = req_form(r, "summary");
    if (!summary) {
        long long *v = arena_alloc(&r->arena, n_indicators * sizeof(*v));
        memset(v, 0, n_indicators * sizeof(*v));
        for (size_t i = 0; i < rep->n_codes; i++)
            v[rep->codes[i]] = d->live[i];
        struct buf text;
        buf_init(&text, 1 << 16);
        summary_write(&text, r->lang == LANG_EN, d->s.unit.name, rep->from, rep->to, v, NULL,
                      NULL);
        summary = d->s.summary && d->s.summary[0] ? d->s.summary
                                                  : arena_strdup(&r->arena, buf_str(&text));
        buf_release(&text);
    }
    html_printf(&r->out, "<label>%s<textarea name=\"summary\" rows=\"6\">%s</textarea></label>",
                tr(r, "report.summary"), summary);
    form_submit(r, "report.submit", 1);
}

/* One button (or the return form with its reason) for action. */
static void action_form(struct req *r, const struct report *rep, const char *unit,
                        const char *action, const char *label, int reason)
{
    struct url u;
    url_begin(&u, r, "/reports/%lld/units/%s/%s", rep->id, unit, action);
    form_begin(r, url_end(&u), reason ? "stack" : "inline", 0);
    if (reason)
        html_printf(&r->out, "<label>%s<textarea name=\"reason\" rows=\"2\" required"
                             " maxlength=\"500\"></textarea></label>",
                    tr(r, "report.reason"));
    form_submit(r, label, 0);
}

static void unit_page(struct req *r, struct report *rep, const char *code, const struct err *fail)
{
    struct submission_detail *d = arena_alloc(&r->arena, sizeof(*d));
    struct err err = { 0 };
    enum result res = report_detail(r->db, &r->actor, rep, code, d, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, arena_printf(&r->arena, "%s · %s", rep->title, d->s.unit.name));
    page_notice(r);
    if (fail)
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", err_text_for(r, fail));
    html_printf(&r->out,
                "<p><a href=\"/reports/%lld\">%s</a></p><dl class=\"facts\"><dt>%s</dt><dd>"
                "<span class=\"light %s\">%s%s</span></dd><dt>%s</dt>"
                "<dd>%s — %s</dd><dt>%s</dt><dd>%s</dd>",
                rep->id, rep->title, tr(r, "report.state"),
                d->s.late ? "red" : light_class[d->s.state],
                tr_enum(r, "report.state", submission_state_names[d->s.state]),
                d->s.late ? tr(r, "report.late") : "", tr(r, "report.period"), rep->from, rep->to,
                tr(r, "report.submitted"), d->s.submitted[0] ? d->s.submitted : "—");
    if (d->s.reason && d->s.reason[0])
        html_printf(&r->out, "<dt>%s</dt><dd class=\"error\">%s</dd>", tr(r, "report.returned"),
                    d->s.reason);
    html_raw(&r->out, "</dl>");
    int changed = 0;
    for (size_t i = 0; i < rep->n_codes; i++)
        changed |= d->changed[i];
    if (changed)
        html_printf(&r->out, "<p class=\"warning\" role=\"status\">%s</p>",
                    tr(r, "report.changed"));
    static const char *const cols[] = { "report.indicator", "report.word", "#report.snapshot",
                                        "#report.live" };
    table_head(r, cols, 4);
    for (size_t i = 0; i < rep->n_codes; i++) {
        const struct indicator *ind = &indicators[rep->codes[i]];
        html_printf(&r->out, "<tr%s><td>%s</td><td>%s</td>",
                    d->changed[i] ? " class=\"changed\"" : "", indicator_name(r, ind),
                    indicator_word(r, ind));
        if (d->has[i])
            html_printf(&r->out, "<td class=\"num\">%lld</td>", d->value[i]);
        else
            html_raw(&r->out, "<td class=\"num\">—</td>");
        html_printf(&r->out, "<td class=\"num\">%lld</td></tr>", d->live[i]);
    }
    table_end(r);
    /* scores are not sums: beside the figures, not among them */
    survey_brief(r, &d->s.unit, rep->from, rep->to);
    if (d->s.summary && d->s.summary[0])
        html_printf(&r->out, "<h2>%s</h2><p class=\"summary\">%s</p>", tr(r, "report.summary"),
                    d->s.summary);
    struct url docx;
    url_begin(&docx, r, "/reports/%lld/units/%s", rep->id,
              arena_printf(&r->arena, "%s.docx", d->s.unit.code));
    html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>", url_end(&docx), tr(r, "report.docx"));
    if (d->s.may & MAY_SUBMIT)
        submit_form(r, rep, d);
    if (d->s.may & MAY_WITHDRAW)
        action_form(r, rep, d->s.unit.code, "withdraw", "report.withdraw", 0);
    if (d->s.may & MAY_ACCEPT)
        action_form(r, rep, d->s.unit.code, "accept", "report.accept", 0);
    if (d->s.may & MAY_RETURN)
        action_form(r, rep, d->s.unit.code, "return", "report.return", 1);
    if (d->s.state == SUB_WAITING && r->actor.dept_id == d->s.unit.id)
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "report.waiting_hint"));
    report_detail_free(d);
    page_end(r);
}

void report_unit_page(struct req *r)
{
    struct report *rep = report_from_path(r, NULL);
    if (!rep)
        return;
    char *code = arena_strdup(&r->arena, r->args[1]);
    if (!report_cut_suffix(code, ".docx")) {
        unit_page(r, rep, code, NULL);
        return;
    }
    struct submission_detail *d = arena_alloc(&r->arena, sizeof(*d));
    struct err err = { 0 };
    enum result res = report_detail(r->db, &r->actor, rep, code, d, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    report_send_submission_docx(r, rep, d);
    report_detail_free(d);
}

void report_act_post(struct req *r)
{
    struct report *rep = report_from_path(r, NULL);
    if (!rep)
        return;
    int action = report_action_parse(r->args[2]);
    struct report_act_job j = { .who = &r->actor, .rep = rep };
    if (action < 0) {
        err_set(&j.err, RES_NOT_FOUND, NULL, "err.not_found");
        req_fail(r, RES_NOT_FOUND, &j.err);
        return;
    }
    j.act.action = (enum report_action)action;
    j.act.unit = r->args[1];
    j.act.summary = req_form(r, "summary");
    j.act.reason = req_form(r, "reason");
    /* the hand-entered figures: a field per indicator of the report */
    const char **codes = arena_alloc(&r->arena, REPORT_CODES_MAX * sizeof(*codes));
    long long *vals = arena_alloc(&r->arena, REPORT_CODES_MAX * sizeof(*vals));
    enum result res = RES_OK;
    for (size_t i = 0; i < rep->n_codes && action == ACT_SUBMIT; i++) {
        const struct indicator *ind = &indicators[rep->codes[i]];
        const char *typed = req_form(r, ind->code);
        if (ind->source != IND_MANUAL || !typed || !*typed)
            continue;
        codes[j.act.n_values] = ind->code;
        if (str_to_ll(typed, 0, 1000000000000LL, &vals[j.act.n_values]) != 0)
            res = err_setf(&j.err, RES_INVALID, ind->code, "err.range", "0-1000000000000");
        j.act.n_values++;
    }
    j.act.codes = codes;
    j.act.values = vals;
    if (res == RES_OK)
        res = req_write(r, report_act_job, &j);
    if (res == RES_OK) {
        struct url back;
        url_begin(&back, r, "/reports/%lld/units/%s", rep->id, r->args[1]);
        url_param(&back, "ok", "report.done");
        resp_redirect(r, url_end(&back));
        return;
    }
    if (res == RES_FAIL) {
        req_fail(r, res, &j.err);
        return;
    }
    buf_reset(&r->out);
    r->status = result_status(res);
    unit_page(r, rep, r->args[1], &j.err);
}
