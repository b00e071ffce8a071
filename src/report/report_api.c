/*
 * JSON handlers of the indicator catalogue, statistics over a subtree and period, the drafted
 * summary, and period reports with their sign-off (handler layer; issue 17). Writes are typed
 * jobs run by req_run; reads answer 404 outside the caller's scope.
 */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "http/param.h"
#include "report/indicator.h"
#include "report/report.h"
#include "report/report_file.h"
#include "report/report_web.h"
#include "report/summary.h"
#include "unit/unit.h"
#include "web/download.h"

static const char *const source_names[] = { "computed", "manual" };

void indicators_api(struct req *r)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n_indicators; i++) {
        const struct indicator *d = &indicators[i];
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "code", d->code, "group",
                            d->group, "name_zh", d->zh, "name_en", d->en, "measure_word", d->word,
                            "unit_en", d->word_en, "source", source_names[d->source], "current",
                            d->current));
    }
    resp_json(r, 200, json_pack("{s:o}", "indicators", list));
}

/* The period asked for: from and to, by default this year up to today, into the arena. */
struct period {
    const char *unit, *from, *to;
    int want[256]; /* indicators asked for (codes=), all when none named */
};

/* Reads unit, from, to and codes; 0 after answering 400. */
static int read_period(struct req *r, struct period *p)
{
    char today[11];
    clock_today(today);
    p->unit = param_str(r, "unit", NULL);
    p->from = param_str(r, "from", NULL);
    p->to = param_str(r, "to", NULL);
    if (!p->unit || !*p->unit) {
        req_fail_invalid(r, "unit", "err.required");
        return 0;
    }
    if (!p->from || !*p->from)
        p->from = arena_printf(&r->arena, "%.4s-01-01", today);
    if (!p->to || !*p->to)
        p->to = arena_strdup(&r->arena, today);
    if (!date_valid(p->from) || !date_valid(p->to)) {
        req_fail_invalid(r, date_valid(p->from) ? "to" : "from", "err.bad_date");
        return 0;
    }
    const char *codes = param_str(r, "codes", NULL);
    memset(p->want, 0, sizeof(p->want));
    int any = 0;
    for (const char *c = codes; c && *c;) {
        size_t len = strcspn(c, ",");
        char *code = arena_strndup(&r->arena, c, len);
        int at = indicator_index(code);
        if (at < 0) {
            struct err err = { 0 };
            err_setf(&err, RES_INVALID, "codes", "err.report_indicator", "%s", code);
            req_fail(r, RES_INVALID, &err);
            return 0;
        }
        p->want[at] = any = 1;
        c += len + (c[len] == ',');
    }
    for (size_t i = 0; !any && i < n_indicators; i++)
        p->want[i] = 1;
    return 1;
}

/* {code: value} of the indicators asked for: the computed ones, and the hand-entered ones
 * known for the period (manual, -1 where none is). */
static json_t *values_json(const struct period *p, const long long *v, const long long *manual)
{
    json_t *o = json_object();
    for (size_t i = 0; i < n_indicators; i++)
        if (p->want[i] && indicators[i].source == IND_COMPUTED)
            json_object_set_new(o, indicators[i].code, json_integer(v[i]));
        else if (p->want[i] && manual[i] >= 0)
            json_object_set_new(o, indicators[i].code, json_integer(manual[i]));
    return o;
}

void stats_api(struct req *r)
{
    struct period p;
    if (!read_period(r, &p))
        return;
    long long *v = arena_alloc(&r->arena, 2 * n_indicators * sizeof(*v));
    long long *manual = v + n_indicators;
    struct err err = { 0 };
    struct unit u;
    enum result res = indicator_values(r->db, &r->actor, p.unit, p.from, p.to, v, &err);
    if (res == RES_OK)
        res = unit_get(r->db, &r->actor, p.unit, &u, &err);
    if (res == RES_OK && report_manual_values(r->db, u.id, p.from, p.to, manual) != RES_OK)
        res = db_fail(r->db, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:s, s:s, s:s, s:o}", "unit", p.unit, "from", p.from, "to",
                                p.to, "indicators", values_json(&p, v, manual)));
}

struct below_ctx {
    struct req *r;
    const struct period *p;
    long long root_id;
    json_t *units;
    enum result res;
    struct err err;
};

static void add_below(void *ctx, const struct unit *u)
{
    struct below_ctx *c = ctx;
    if (u->id == c->root_id || c->res != RES_OK)
        return;
    long long *v = arena_alloc(&c->r->arena, 2 * n_indicators * sizeof(*v));
    long long *manual = v + n_indicators;
    c->res = indicator_values(c->r->db, &c->r->actor, u->code, c->p->from, c->p->to, v, &c->err);
    if (c->res == RES_OK &&
        report_manual_values(c->r->db, u->id, c->p->from, c->p->to, manual) != RES_OK)
        c->res = db_fail(c->r->db, &c->err);
    if (c->res == RES_OK)
        json_array_append_new(c->units,
                              json_pack("{s:s, s:s, s:o}", "unit", u->code, "name", u->name,
                                        "indicators", values_json(c->p, v, manual)));
}

void stats_units_api(struct req *r)
{
    struct period p;
    if (!read_period(r, &p))
        return;
    struct unit u;
    struct below_ctx c = { .r = r, .p = &p, .units = json_array() };
    c.res = unit_get(r->db, &r->actor, p.unit, &u, &c.err);
    c.root_id = u.id;
    if (c.res == RES_OK && unit_each(r->db, &r->actor, &u, 1, add_below, &c) != RES_OK &&
        c.res == RES_OK)
        c.res = RES_FAIL;
    if (c.res != RES_OK) {
        json_decref(c.units);
        req_fail(r, c.res, &c.err);
        return;
    }
    resp_json(r, 200, json_pack("{s:s, s:s, s:s, s:o}", "unit", p.unit, "from", p.from, "to",
                                p.to, "units", c.units));
}

static void add_figure(void *ctx, const char *code, long long value, const char *phrase)
{
    json_array_append_new(ctx, json_pack("{s:s, s:I, s:s}", "code", code, "value",
                                         (json_int_t)value, "phrase", phrase));
}

/* The summary of the period's unit: text (Chinese, or English under ?lang=en) and figures;
 * 0 after answering the failure. */
static int draft(struct req *r, struct period *p, struct unit *u, struct buf *text,
                 json_t *figures, long long **values)
{
    struct err err = { 0 };
    enum result res = unit_get(r->db, &r->actor, p->unit, u, &err);
    long long *v = arena_alloc(&r->arena, n_indicators * sizeof(*v));
    if (res == RES_OK)
        res = indicator_values(r->db, &r->actor, p->unit, p->from, p->to, v, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return 0;
    }
    summary_write(text, r->lang == LANG_EN, u->name, p->from, p->to, v, add_figure, figures);
    if (values)
        *values = v;
    return 1;
}

void summary_api(struct req *r)
{
    struct period p;
    if (!read_period(r, &p))
        return;
    struct unit u;
    struct buf text;
    buf_init(&text, 1 << 16);
    json_t *figures = json_array();
    if (draft(r, &p, &u, &text, figures, NULL))
        resp_json(r, 200, json_pack("{s:s, s:s, s:s, s:s, s:o}", "unit", u.code, "from", p.from,
                                    "to", p.to, "text", buf_str(&text), "figures", figures));
    else
        json_decref(figures);
    buf_release(&text);
}

void report_send_docx(struct req *r, const char *title, const char *text, const int *codes,
                      const long long *values, size_t n, const char *signer, const char *name)
{
    struct buf out;
    buf_init(&out, 16 << 20);
    struct err err = { 0 };
    char today[11];
    clock_today(today);
    enum result res = report_docx(title, text, codes, values, n, signer, today, &out, &err);
    if (res == RES_OK)
        page_send_file(r, name,
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       out.data, out.len);
    else
        req_fail(r, res, &err);
    buf_release(&out);
}

void summary_docx_api(struct req *r)
{
    struct period p;
    if (!read_period(r, &p))
        return;
    struct unit u;
    struct buf text;
    buf_init(&text, 1 << 16);
    long long *v = NULL;
    if (draft(r, &p, &u, &text, NULL, &v)) {
        int *codes = arena_alloc(&r->arena, n_indicators * sizeof(*codes));
        long long *vals = arena_alloc(&r->arena, n_indicators * sizeof(*vals));
        size_t n = 0;
        for (size_t i = 0; i < n_indicators; i++)
            if (v[i] && indicators[i].source == IND_COMPUTED && !indicators[i].current) {
                codes[n] = (int)i;
                vals[n++] = v[i];
            }
        report_send_docx(r, arena_printf(&r->arena, "%s工作情况综述", u.name), buf_str(&text), codes,
                  vals, n, u.name, arena_printf(&r->arena, "summary-%s.docx", u.code));
    }
    buf_release(&text);
}

void report_create_api(struct req *r)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct report_create_job j = { .who = &r->actor };
    enum result res;
    if ((res = json_need_str(o, "unit", &j.in.unit, &j.err)) != RES_OK ||
        (res = json_get_str(o, "title", &j.in.title, &j.err)) != RES_OK ||
        (res = json_get_str(o, "from", &j.in.from, &j.err)) != RES_OK ||
        (res = json_get_str(o, "to", &j.in.to, &j.err)) != RES_OK ||
        (res = json_get_str(o, "due", &j.in.due, &j.err)) != RES_OK ||
        (res = param_json_strings(r, o, "indicators", REPORT_CODES_MAX, &j.in.codes,
                                  &j.in.n_codes, &j.err)) != RES_OK ||
        (res = param_json_strings(r, o, "levels", REPORT_LEVELS_MAX, &j.in.levels,
                                  &j.in.n_levels, &j.err)) != RES_OK) {
        req_fail(r, res, &j.err);
        return;
    }
    if (req_run(r, report_create_job, &j, &j.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)j.id));
}

static json_t *codes_json(const struct report *rep)
{
    json_t *a = json_array();
    for (size_t i = 0; i < rep->n_codes; i++)
        json_array_append_new(a, json_string(indicators[rep->codes[i]].code));
    return a;
}

static json_t *report_json(const struct report *rep)
{
    json_t *levels = json_array();
    for (size_t i = 0; i < rep->n_levels; i++)
        json_array_append_new(levels, json_string(rep->levels[i]));
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)rep->id,
                     "title", rep->title, "unit", rep->issuer.code, "unit_name", rep->issuer.name,
                     "from", rep->from, "to", rep->to, "due", rep->due, "indicators",
                     codes_json(rep), "levels", levels);
}

static void list_row(void *ctx, const struct report *rep, long long accepted, long long total)
{
    json_t *o = report_json(rep);
    json_object_set_new(o, "accepted", json_integer(accepted));
    json_object_set_new(o, "submissions", json_integer(total));
    json_array_append_new(ctx, o);
}

void report_list_api(struct req *r)
{
    json_t *list = json_array();
    struct err err = { 0 };
    enum result res = report_each(r->db, &r->actor, list_row, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "reports", list));
}

int report_cut_suffix(char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (n <= k || strcmp(s + n - k, suffix) != 0)
        return 0;
    s[n - k] = '\0';
    return 1;
}

struct report *report_from_path(struct req *r, int *xlsx)
{
    char *arg = arena_strdup(&r->arena, r->args[0]);
    int is_xlsx = report_cut_suffix(arg, ".xlsx");
    if (xlsx)
        *xlsx = is_xlsx;
    else if (is_xlsx)
        arg = "";
    long long id = param_need_id(r, arg, "report");
    if (!id)
        return NULL;
    struct report *rep = arena_alloc(&r->arena, sizeof(*rep));
    struct err err = { 0 };
    enum result res = report_load(r->db, &r->actor, id, rep, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return NULL;
    }
    return rep;
}

void report_send_xlsx(struct req *r, const struct report *rep)
{
    struct buf out;
    buf_init(&out, 64 << 20);
    struct err err = { 0 };
    enum result res = report_xlsx(r->db, &r->actor, rep, &out, &err);
    if (res == RES_OK)
        page_send_file(r, arena_printf(&r->arena, "report-%lld.xlsx", rep->id),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       out.data, out.len);
    else
        req_fail(r, res, &err);
    buf_release(&out);
}

static void submission_row(void *ctx, const struct submission *s)
{
    json_array_append_new(
        ctx, json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:s}", "unit", s->unit.code, "name",
                       s->unit.name, "above", s->above, "state",
                       submission_state_names[s->state], "submitted",
                       s->submitted[0] ? json_string(s->submitted) : json_null(), "late",
                       s->late, "reason", s->reason));
}

void report_show_api(struct req *r)
{
    int xlsx = 0;
    struct report *rep = report_from_path(r, &xlsx);
    if (!rep)
        return;
    struct err err = { 0 };
    if (xlsx) {
        report_send_xlsx(r, rep);
        return;
    }
    json_t *subs = json_array();
    enum result res = report_submissions(r->db, &r->actor, rep, submission_row, subs, &err);
    if (res != RES_OK) {
        json_decref(subs);
        req_fail(r, res, &err);
        return;
    }
    json_t *o = report_json(rep);
    json_object_set_new(o, "submissions", subs);
    resp_json(r, 200, o);
}

void report_send_submission_docx(struct req *r, const struct report *rep,
                                 const struct submission_detail *d)
{
    long long *vals = arena_alloc(&r->arena, REPORT_CODES_MAX * sizeof(*vals));
    for (size_t i = 0; i < rep->n_codes; i++)
        vals[i] = d->has[i] ? d->value[i] : d->live[i];
    report_send_docx(r, arena_printf(&r->arena, "%s（%s）", rep->title, d->s.unit.name),
                     d->s.summary ? d->s.summary : "", rep->codes, vals, rep->n_codes,
                     d->s.unit.name,
                     arena_printf(&r->arena, "report-%lld-%s.docx", rep->id, d->s.unit.code));
}

static json_t *may_json(unsigned may)
{
    static const char *const names[] = { "submit", "withdraw", "accept", "return" };
    json_t *a = json_array();
    for (int i = 0; i < 4; i++)
        if (may & (1u << i))
            json_array_append_new(a, json_string(names[i]));
    return a;
}

void report_unit_api(struct req *r)
{
    struct report *rep = report_from_path(r, NULL);
    if (!rep)
        return;
    char *code = arena_strdup(&r->arena, r->args[1]);
    int docx = report_cut_suffix(code, ".docx");
    struct submission_detail *d = arena_alloc(&r->arena, sizeof(*d));
    struct err err = { 0 };
    enum result res = report_detail(r->db, &r->actor, rep, code, d, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    if (docx) {
        report_send_submission_docx(r, rep, d);
        report_detail_free(d);
        return;
    }
    json_t *values = json_object(), *live = json_object(), *changed = json_array();
    for (size_t i = 0; i < rep->n_codes; i++) {
        const char *c = indicators[rep->codes[i]].code;
        if (d->has[i])
            json_object_set_new(values, c, json_integer(d->value[i]));
        json_object_set_new(live, c, json_integer(d->live[i]));
        if (d->changed[i])
            json_array_append_new(changed, json_string(c));
    }
    resp_json(r, 200,
              json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:s, s:o, s:b}",
                        "unit", d->s.unit.code, "name", d->s.unit.name, "above", d->s.above,
                        "state", submission_state_names[d->s.state], "submitted",
                        d->s.submitted[0] ? json_string(d->s.submitted) : json_null(),
                        "accepted", d->s.accepted[0] ? json_string(d->s.accepted) : json_null(),
                        "reason", d->s.reason, "values", values, "live", live, "changed",
                        changed, "summary", d->s.summary, "may", may_json(d->s.may), "late",
                        d->s.late));
    report_detail_free(d);
}

void report_act_api(struct req *r)
{
    struct report *rep = report_from_path(r, NULL);
    if (!rep)
        return;
    int action = report_action_parse(r->args[2]);
    if (action < 0) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, NULL, "err.not_found");
        req_fail(r, RES_NOT_FOUND, &err);
        return;
    }
    json_t *o = req_json(r);
    if (!o)
        return;
    struct report_act_job j = { .who = &r->actor, .rep = rep,
                         .act = { .action = (enum report_action)action, .unit = r->args[1] } };
    enum result res = RES_OK;
    json_t *values = json_object_get(o, "values");
    if (values && !json_is_null(values) && !json_is_object(values))
        res = err_set(&j.err, RES_INVALID, "values", "err.bad_type");
    size_t n = json_object_size(values);
    const char **codes = arena_alloc(&r->arena, (n + 1) * sizeof(*codes));
    long long *vals = arena_alloc(&r->arena, (n + 1) * sizeof(*vals));
    const char *key;
    json_t *val;
    size_t k = 0;
    json_object_foreach(values, key, val)
    {
        if (res == RES_OK && !json_is_integer(val))
            res = err_setf(&j.err, RES_INVALID, "values", "err.bad_type", "%s", key);
        codes[k] = key;
        vals[k++] = json_integer_value(val);
    }
    j.act.codes = codes;
    j.act.values = vals;
    j.act.n_values = k;
    if (res == RES_OK)
        res = json_get_str(o, "summary", &j.act.summary, &j.err);
    if (res == RES_OK)
        res = json_get_str(o, "reason", &j.act.reason, &j.err);
    if (res != RES_OK) {
        req_fail(r, res, &j.err);
        return;
    }
    if (req_run(r, report_act_job, &j, &j.err) == RES_OK)
        resp_json(r, 200, json_pack("{s:s, s:s}", "unit", r->args[1], "action", r->args[2]));
}
