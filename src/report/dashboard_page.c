/*
 * The dashboard at "/" (handler layer; issue 17 item 6): for the account's own department (or
 * ?unit= in its scope) and the subtree below it, this year's key indicators against the same
 * span of last year, the red and yellow work, the units directly below ranked, the opinions
 * collected month by month, and the open period reports with their states. Every figure comes
 * from the roll-ups through indicator_values() — two reads for the years, one per unit below,
 * one per month so far — never from the records. Charts are inline SVG (web/chart.h) beside
 * tables of the same figures, for screen readers and print.
 */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/html.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "http/param.h"
#include "report/indicator.h"
#include "report/report.h"
#include "report/report_web.h"
#include "task/task.h"
#include "unit/unit.h"
#include "web/chart.h"
#include "web/form.h"
#include "web/fragment.h"
#include "web/layout.h"

/* The key indicators, in the order shown: what the year's work reports lead with, then the
 * overdue tasks, which count what is open today whatever the period. */
static const char *const key_codes[] = {
    "opinion.collected",     "opinion.replied", "measure.made",        "measure.implemented",
    "training.person_times", "exam.takers",     "media.city_or_above", "rule.new",
    "rule.revised",          "task.overdue",
};

enum { DASH_REPORTS = 8 }; /* open reports listed; the rest are on /reports */

/* One unit directly below, with the figures it is ranked by. */
struct below {
    const char *code, *name; /* arena */
    long long overdue;       /* task.overdue */
    long long unanswered;    /* opinion.collected - opinion.replied this year */
    long long made;          /* measure.made this year */
    long long implemented;   /* measure.implemented this year */
    long long rate;          /* implemented per mille of made; -1 when none were made */
    int office;              /* an office of the unit itself, not a level below */
};

struct dash {
    struct req *r;
    struct unit unit;      /* the unit shown */
    const char *from, *to; /* this year so far */
    struct below *below;   /* the units directly below (heap: vec_grow) */
    size_t n_below, cap;
    enum result res; /* the first failed read */
    struct err err;
};

/* The index of code in indicators[]: every code named here is in the catalogue. */
static int ind_at(const char *code)
{
    int at = indicator_index(code);
    if (at < 0)
        BUG("a dashboard indicator is missing from the catalogue");
    return at;
}

/* The value of code among v (indicators order). */
static long long value_of(const long long *v, const char *code)
{
    return v[ind_at(code)];
}

/* The unit shown: ?unit= when given, else the actor's own department. */
static enum result dash_unit(struct req *r, struct unit *u, struct err *err)
{
    const char *code = param_str(r, "unit", NULL);
    if (code)
        return unit_get(r->db, &r->actor, code, u, err);
    long long id = r->actor.dept_id ? r->actor.dept_id : r->actor.unit_id;
    if (unit_get_id(r->db, &r->actor, id, u) == RES_OK)
        return RES_OK;
    return err_set(err, RES_NOT_FOUND, "unit", "err.not_found");
}

static void add_below(void *ctx, const struct unit *u)
{
    struct dash *d = ctx;
    if (u->id == d->unit.id || d->res != RES_OK)
        return;
    long long *v = arena_alloc(&d->r->arena, n_indicators * sizeof(*v));
    d->res = indicator_values(d->r->db, &d->r->actor, u->code, d->from, d->to, v, &d->err);
    if (d->res != RES_OK)
        return;
    d->below = vec_grow(d->below, d->n_below, &d->cap);
    struct below *b = &d->below[d->n_below++];
    b->code = arena_strdup(&d->r->arena, u->code);
    b->name = arena_strdup(&d->r->arena, u->name);
    b->overdue = value_of(v, "task.overdue");
    b->unanswered = value_of(v, "opinion.collected") - value_of(v, "opinion.replied");
    if (b->unanswered < 0) /* replies this year to opinions of last year */
        b->unanswered = 0;
    b->made = value_of(v, "measure.made");
    b->implemented = value_of(v, "measure.implemented");
    b->rate = b->made ? b->implemented * 1000 / b->made : -1;
    b->office = strcmp(u->kind, "office") == 0;
}

/* task_stats' callback: a unit below's tasks overdue now, whatever their deadline. */
static void overdue_below(void *ctx, const char *code, const char *name, int office,
                          const struct task_stats *s)
{
    (void)name, (void)office;
    struct dash *d = ctx;
    for (size_t i = 0; code && s && i < d->n_below; i++)
        if (strcmp(d->below[i].code, code) == 0)
            d->below[i].overdue = s->overdue;
}

/* Keeps the levels below (the cities of a province), leaving out the unit's own offices, which
 * are not ranked against them; a unit with offices alone below ranks those. */
static void levels_only(struct dash *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_below; i++)
        if (!d->below[i].office)
            d->below[n++] = d->below[i];
    if (n)
        d->n_below = n;
}

/* The ranking: most tasks overdue, then most opinions unanswered, then the lowest rate (none
 * made last), then by code. */
static int by_rank(const void *pa, const void *pb)
{
    const struct below *a = pa, *b = pb;
    if (a->overdue != b->overdue)
        return a->overdue > b->overdue ? -1 : 1;
    if (a->unanswered != b->unanswered)
        return a->unanswered > b->unanswered ? -1 : 1;
    long long ra = a->rate < 0 ? 1001 : a->rate, rb = b->rate < 0 ? 1001 : b->rate;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return strcmp(a->code, b->code);
}

/* A chart's bars worst first: the largest value, or for a rate the lowest, none last. */
static int by_value_desc(const void *pa, const void *pb)
{
    const struct chart_point *a = pa, *b = pb;
    return a->value != b->value ? (a->value > b->value ? -1 : 1) : strcmp(a->label, b->label);
}

static int by_rate_asc(const void *pa, const void *pb)
{
    const struct chart_point *a = pa, *b = pb;
    long long ra = a->value < 0 ? 1001 : a->value, rb = b->value < 0 ? 1001 : b->value;
    return ra != rb ? (ra < rb ? -1 : 1) : strcmp(a->label, b->label);
}

/* A rate per mille as "87.5%", "—" for none. */
static const char *rate_text(struct req *r, long long rate)
{
    return rate < 0 ? "—" : arena_printf(&r->arena, "%lld.%lld%%", rate / 10, rate % 10);
}

/* The change from last to now: "+3 (+50%)", "-2", "0". */
static const char *change_text(struct req *r, long long now, long long last)
{
    long long d = now - last;
    const char *sign = d > 0 ? "+" : "";
    if (last <= 0 || d == 0)
        return arena_printf(&r->arena, "%s%lld", sign, d);
    return arena_printf(&r->arena, "%s%lld (%s%lld%%)", sign, d, sign, d * 100 / last);
}

/* This year's key figures beside last year's over the same days. */
static void key_figures(struct req *r, const long long *now, const long long *last)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "dash.key"));
    static const char *const cols[] = { "report.indicator", "#dash.this_year", "#dash.last_year",
                                        "#dash.change", "report.word" };
    table_head(r, cols, 5);
    for (size_t i = 0; i < sizeof(key_codes) / sizeof(key_codes[0]); i++) {
        int at = ind_at(key_codes[i]);
        const struct indicator *ind = &indicators[at];
        html_printf(&r->out, "<tr><td>%s%s</td><td class=\"num\">%lld</td>", indicator_name(r, ind),
                    ind->current ? tr(r, "dash.as_of_today") : "", now[at]);
        if (ind->current)
            html_raw(&r->out, "<td class=\"num\">—</td><td class=\"num\">—</td>");
        else
            html_printf(&r->out, "<td class=\"num\">%lld</td><td class=\"num\">%s</td>", last[at],
                        change_text(r, now[at], last[at]));
        html_printf(&r->out, "<td>%s</td></tr>", indicator_word(r, ind));
    }
    table_end(r);
}

/* The overdue and soon-due tasks led in the subtree, with links to them in the ledger, and the
 * measures overdue. */
static void red_yellow(struct req *r, const struct unit *u, const long long *now,
                       long long overdue_now, long long due_soon)
{
    const struct indicator *overdue = &indicators[ind_at("task.overdue")];
    const struct indicator *measures = &indicators[ind_at("measure.overdue")];
    html_printf(&r->out, "<h2>%s</h2><ul class=\"work\">", tr(r, "dash.work"));
    static const char *const states[] = { "overdue", "due_soon" };
    const char *labels[] = { indicator_name(r, overdue), tr(r, "dash.due_soon") };
    const char *lights[] = { "red", "blue" };
    long long counts[] = { overdue_now, due_soon };
    for (int i = 0; i < 2; i++) {
        struct url link;
        url_begin(&link, r, "/tasks");
        url_param(&link, "unit", u->code);
        url_int(&link, "subtree", 1);
        url_param(&link, "state", states[i]);
        html_printf(&r->out,
                    "<li><span class=\"light %s\">%s</span> %s <b>%lld</b> %s <a href=\"%s\">%s"
                    "</a></li>",
                    lights[i], tr_enum(r, "light", lights[i]), labels[i], counts[i],
                    indicator_word(r, overdue), url_end(&link), tr(r, "dash.see"));
    }
    html_printf(&r->out, "<li><span class=\"light red\">%s</span> %s <b>%lld</b> %s</li>",
                tr(r, "light.red"), indicator_name(r, measures), value_of(now, "measure.overdue"),
                indicator_word(r, measures));
    struct url asks;
    url_begin(&asks, r, "/asks");
    url_param(&asks, "unit", u->code);
    html_printf(&r->out, "<li><a href=\"%s\">%s</a></li>", url_end(&asks), tr(r, "asks.title"));
    struct url instructions;
    url_begin(&instructions, r, "/instructions");
    url_param(&instructions, "unit", u->code);
    html_printf(&r->out, "<li><a href=\"%s\">%s</a></li></ul>", url_end(&instructions),
                tr(r, "instruction.title"));
}

/* One bar chart of the units below: values[i] for d->below[i], worst first by cmp. */
static void below_chart(struct req *r, const struct dash *d, const char *title,
                        const long long *values, int rate, int (*cmp)(const void *, const void *))
{
    struct chart_point *p = arena_alloc(&r->arena, d->n_below * sizeof(*p));
    for (size_t i = 0; i < d->n_below; i++)
        p[i] = (struct chart_point){ d->below[i].name, values[i],
                                     rate ? rate_text(r, values[i]) : NULL };
    qsort(p, d->n_below, sizeof(*p), cmp);
    html_printf(&r->out, "<figure><figcaption>%s</figcaption>", title);
    chart_bars(&r->out, title, p, d->n_below, rate ? 1000 : 0);
    html_raw(&r->out, "</figure>");
}

/* The units directly below, ranked, as a table and as bar charts. */
static void units_below(struct req *r, struct dash *d)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "dash.units"));
    if (!d->n_below) {
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "dash.no_units"));
        return;
    }
    levels_only(d);
    qsort(d->below, d->n_below, sizeof(*d->below), by_rank);
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "dash.rank_hint"));
    static const char *const cols[] = { "#dash.rank",       "dash.unit",         "#dash.overdue",
                                        "#dash.unanswered", "#dash.implemented", "#dash.rate" };
    table_head(r, cols, 6);
    long long *overdue = arena_alloc(&r->arena, 3 * d->n_below * sizeof(*overdue));
    long long *unanswered = overdue + d->n_below, *rate = unanswered + d->n_below;
    for (size_t i = 0; i < d->n_below; i++) {
        const struct below *b = &d->below[i];
        struct url link;
        url_begin(&link, r, "/");
        url_param(&link, "unit", b->code);
        html_printf(&r->out,
                    "<tr><td class=\"num\">%zu</td><td><a href=\"%s\">%s</a></td>"
                    "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                    "<td class=\"num\">%lld / %lld</td><td class=\"num\">%s</td></tr>",
                    i + 1, url_end(&link), b->name, b->overdue, b->unanswered, b->implemented,
                    b->made, rate_text(r, b->rate));
        overdue[i] = b->overdue;
        unanswered[i] = b->unanswered;
        rate[i] = b->rate;
    }
    table_end(r);
    html_raw(&r->out, "<div class=\"charts\">");
    below_chart(r, d, tr(r, "dash.overdue_chart"), overdue, 0, by_value_desc);
    below_chart(r, d, tr(r, "dash.unanswered_chart"), unanswered, 0, by_value_desc);
    below_chart(r, d, tr(r, "dash.rate_chart"), rate, 1, by_rate_asc);
    html_raw(&r->out, "</div>");
}

/* The opinions collected in each month of this year so far: one read of the roll-up a month,
 * a line over the year's twelve months and the same figures in a table. */
static void monthly(struct req *r, struct dash *d, const char *today)
{
    long long year = 0;
    str_to_ll(arena_strndup(&r->arena, today, 4), 1, 9999, &year);
    long long this_month = (today[5] - '0') * 10 + (today[6] - '0');
    int at = ind_at("opinion.collected");
    long long *v = arena_alloc(&r->arena, n_indicators * sizeof(*v));
    struct chart_point p[12];
    for (int m = 1; m <= 12; m++) {
        p[m - 1] =
            (struct chart_point){ tr(r, arena_printf(&r->arena, "dash.month.%d", m)), 0, NULL };
        if (m > this_month)
            continue;
        char end[11];
        const char *first = arena_printf(&r->arena, "%04lld-%02d-01", year, m);
        date_add(m == 12 ? arena_printf(&r->arena, "%04lld-01-01", year + 1)
                         : arena_printf(&r->arena, "%04lld-%02d-01", year, m + 1),
                 -1, end);
        if (d->res == RES_OK)
            d->res = indicator_values(r->db, &r->actor, d->unit.code, first, end, v, &d->err);
        p[m - 1].value = d->res == RES_OK ? v[at] : 0;
    }
    const char *title = tr(r, "dash.monthly");
    html_printf(&r->out, "<h2>%s</h2><figure>", title);
    chart_line(&r->out, title, p, 12, (size_t)this_month);
    html_printf(&r->out,
                "</figure><div class=\"table-wrap\" tabindex=\"0\"><table class=\"months\">"
                "<thead><tr><th>%s</th>",
                tr(r, "dash.month"));
    for (long long m = 0; m < this_month; m++)
        html_printf(&r->out, "<th class=\"num\">%s</th>", p[m].label);
    html_printf(&r->out, "</tr></thead><tbody><tr><th>%s</th>",
                indicator_label(r, &indicators[at]));
    for (long long m = 0; m < this_month; m++)
        html_printf(&r->out, "<td class=\"num\">%lld</td>", p[m].value);
    html_raw(&r->out, "</tr></tbody></table></div>");
}

/* An open report (not every submission in scope accepted) and its submissions by state. */
struct open_report {
    struct report rep;
    long long accepted, total;
    long long by_state[4]; /* submission_state order */
    long long late;
};

struct reports_ctx {
    struct req *r;
    struct open_report *list; /* arena, DASH_REPORTS */
    size_t n;
    size_t n_more; /* open ones past DASH_REPORTS */
};

static void add_report(void *ctx, const struct report *rep, long long accepted, long long total)
{
    struct reports_ctx *c = ctx;
    if (accepted >= total)
        return;
    if (c->n == DASH_REPORTS) {
        c->n_more++;
        return;
    }
    struct open_report *o = &c->list[c->n++];
    memset(o, 0, sizeof(*o));
    o->rep = *rep;
    o->accepted = accepted;
    o->total = total;
}

static void count_state(void *ctx, const struct submission *s)
{
    struct open_report *o = ctx;
    o->by_state[s->state]++;
    o->late += s->late;
}

/* The open reports newest first, each with its submissions in scope by state. */
static void open_reports(struct req *r, struct dash *d)
{
    struct reports_ctx c = { r, arena_alloc(&r->arena, DASH_REPORTS * sizeof(*c.list)), 0, 0 };
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "dash.reports"));
    if (d->res == RES_OK)
        d->res = report_each(r->db, &r->actor, add_report, &c, &d->err);
    for (size_t i = 0; i < c.n && d->res == RES_OK; i++)
        d->res =
            report_submissions(r->db, &r->actor, &c.list[i].rep, count_state, &c.list[i], &d->err);
    if (d->res != RES_OK)
        return;
    if (!c.n) {
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "dash.no_reports"));
        return;
    }
    static const char *const cols[] = { "report.name", "report.period", "report.due", "dash.states",
                                        "#report.accepted" };
    table_head(r, cols, 5);
    for (size_t i = 0; i < c.n; i++) {
        const struct open_report *o = &c.list[i];
        struct url link;
        url_begin(&link, r, "/reports/%lld", o->rep.id);
        html_printf(&r->out, "<tr><td><a href=\"%s\">%s</a></td><td>%s — %s</td><td>%s</td><td>",
                    url_end(&link), o->rep.title, o->rep.from, o->rep.to, o->rep.due);
        const char *sep = "";
        for (int s = 0; s < 4; s++) {
            if (!o->by_state[s])
                continue;
            html_printf(&r->out, "%s%s %lld", sep,
                        tr_enum(r, "report.state", submission_state_names[s]), o->by_state[s]);
            sep = tr(r, "dash.list_sep");
        }
        if (o->late)
            html_printf(&r->out, " <span class=\"light red\">%s %lld</span>", tr(r, "dash.late"),
                        o->late);
        html_printf(&r->out, "</td><td class=\"num\">%lld / %lld</td></tr>", o->accepted, o->total);
    }
    table_end(r);
    if (c.n_more)
        html_printf(&r->out, "<p><a href=\"/reports\">%s (%zu)</a></p>", tr(r, "dash.more_reports"),
                    c.n_more);
}

/* The page's body for the unit (after its heading): every read and all the markup. */
static enum result dash_body(struct req *r, const struct unit *u, const char *today,
                             struct err *err)
{
    struct dash d = { .r = r, .unit = *u };
    long long year = 0;
    str_to_ll(arena_strndup(&r->arena, today, 4), 1, 9999, &year);
    d.from = arena_printf(&r->arena, "%.4s-01-01", today);
    d.to = today;
    /* the same days of last year; 29 February falls back to the 28th */
    const char *last_from = arena_printf(&r->arena, "%04lld-01-01", year - 1);
    const char *last_to = arena_printf(&r->arena, "%04lld%s", year - 1, today + 4);
    if (!date_valid(last_to))
        last_to = arena_printf(&r->arena, "%04lld-02-28", year - 1);
    long long *now = arena_alloc(&r->arena, 2 * n_indicators * sizeof(*now));
    long long *last = now + n_indicators, due_soon = 0;
    d.res = indicator_values(r->db, &r->actor, u->code, d.from, d.to, now, &d.err);
    if (d.res == RES_OK)
        d.res = indicator_values(r->db, &r->actor, u->code, last_from, last_to, last, &d.err);
    if (d.res == RES_OK)
        d.res = task_due_soon(r->db, &r->actor, u->code, &due_soon, &d.err);
    if (d.res == RES_OK && unit_each(r->db, &r->actor, u, 1, add_below, &d) != RES_OK &&
        d.res == RES_OK)
        d.res = RES_FAIL;
    /* the red light and the ranking count every task overdue now, whatever year it was due */
    struct task_stats overdue_all;
    if (d.res == RES_OK)
        d.res = task_stats(r->db, &r->actor, u->code, &overdue_all, overdue_below, &d, &d.err);
    if (d.res == RES_OK) {
        html_printf(&r->out, "<p class=\"muted\">%s · %s %s — %s · %s %s — %s</p>", u->name,
                    tr(r, "dash.this_year"), d.from, d.to, tr(r, "dash.last_year"), last_from,
                    last_to);
        key_figures(r, now, last);
        red_yellow(r, u, now, overdue_all.overdue, due_soon);
        units_below(r, &d);
        monthly(r, &d, today);
        open_reports(r, &d);
    }
    free(d.below);
    *err = d.err;
    return d.res;
}

void dashboard_page(struct req *r)
{
    struct unit u;
    struct err err = { 0 };
    enum result res = dash_unit(r, &u, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    char today[11];
    clock_today(today);
    /* the body drawn once per unit, scope (the reports listed), language, day and change of
     * the database: 2 + units below + months so far roll-up reads when drawn (measured in
     * bench/RESULTS.md), none when kept */
    const char *key = arena_printf(&r->arena, "dashboard %p %lld %s %s %s", (void *)r->db, u.id,
                                   r->actor.unit_path, lang_code(r->lang), today);
    long long version = db_count(r->db, "PRAGMA data_version", NULL, -1);
    page_begin(r, tr(r, "dash.title"));
    if (u.id != r->actor.dept_id) /* a unit below, from the ranking */
        html_printf(&r->out, "<p class=\"crumbs\"><a href=\"/\">%s</a></p>", tr(r, "dash.own"));
    size_t start = r->out.len;
    if (version < 0 || !fragment_get(key, version, &r->out)) {
        res = dash_body(r, &u, today, &err);
        if (res != RES_OK) {
            req_fail(r, res, &err);
            return;
        }
        if (version >= 0 && !r->out.err)
            fragment_put(key, version, r->out.data + start, r->out.len - start);
    }
    page_end(r);
}
