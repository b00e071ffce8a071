/*
 * HTML handlers of the task ledger (台账; handler layer): the ledger with its filters, pages and
 * XLSX and CSV exports, the new-task form and its post, and the subtree roll-up; the ledger's
 * rows and the badges every task page shows (task_int_web.h). One task's page is in
 * task_show_page.c, supervision's pages in supervision_page.c, the plans in plan_page.c.
 */
#include <stdio.h>
#include <string.h>

#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "person/person.h"
#include "task/plan.h"
#include "task/task.h"
#include "task/task_int_web.h"
#include "task/task_web.h"
#include "unit/unit.h"
#include "web/export.h"
#include "web/form.h"
#include "web/layout.h"

enum { LEDGER_PAGE = 50 };

static const char *const sort_names[] = { "deadline", "-deadline", "newest", "progress" };
static const char *const light_class[] = { "", "green", "blue", "yellow", "red" };
static const char *const light_ids[] = { "", "light.green", "light.blue", "light.yellow",
                                         "light.red" };

/* A badge of class "light cls": a light, or "stalled" beside it. */
static void light_span(struct req *r, const char *cls, const char *label)
{
    struct buf *o = &r->out;
    html_raw(o, "<span class=\"light ");
    html_text(o, cls);
    html_raw(o, "\">");
    html_text(o, label);
    html_raw(o, "</span>");
}

void task_badges(struct req *r, const struct task *t, int stalled)
{
    if (t->light)
        light_span(r, light_class[t->light], tr(r, light_ids[t->light]));
    if (stalled && t->light_reason)
        html_printf(&r->out, " %s", tr_enum(r, "reason", t->light_reason));
    /* stalled under another light (or none): said beside it, unless the reason said it */
    if (stalled && t->stalled && !(t->light_reason && strcmp(t->light_reason, "stalled") == 0)) {
        html_raw(&r->out, " ");
        light_span(r, "stalled", tr(r, "light.stalled"));
    }
}

/* The message IDs of task states and kinds, "prefix.value", NULL-terminated; the first
 * TASK_STATES states are those a task is in, the others those the ledger filters by. */
static const char *const state_ids[] = {
    "state.assigned", "state.in_progress", "state.reported", "state.accepted",
    "state.returned", "state.suspended",   "state.open",     "state.overdue",
    "state.due_soon", "state.stalled",     NULL
};
static const char *const kind_ids[] = { "kind.key", "kind.routine", NULL };

/* The index in ids, which share one "prefix.", of the message ID "prefix.value", or -1. */
static int msg_index(const char *const *ids, const char *value)
{
    size_t skip = (size_t)(strchr(ids[0], '.') - ids[0]) + 1;
    for (int i = 0; ids[i]; i++)
        if (ids[i][skip] == value[0] && strcmp(ids[i] + skip, value) == 0)
            return i;
    return -1;
}

/* The ledger's "role" parameter for a role. */
static const char *role_param(enum task_role role)
{
    return role == TASK_ROLE_LEAD ? "lead" : role == TASK_ROLE_ASSIST ? "assist" : "any";
}

/* The unit of a unit's page: the query's unit, else the actor's own unit's code ("" for none;
 * arena). */
static const char *unit_param(struct req *r)
{
    const char *code = param_str(r, "unit", NULL);
    struct unit own;
    if (!code)
        code = unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK
                   ? arena_strdup(&r->arena, own.code)
                   : "";
    return code;
}

/* Reads the ledger's filters from the query. A year, leader or page that is not one is left
 * out rather than refused: the filter form takes them as typed. */
static void read_filter(struct req *r, struct task_filter *f, long long *page)
{
    memset(f, 0, sizeof(*f));
    f->unit = unit_param(r);
    f->subtree = strcmp(param_str(r, "subtree", ""), "1") == 0;
    f->state = param_str(r, "state", "");
    f->kind = param_str(r, "kind", "");
    if (str_to_ll(param_str(r, "year", ""), 2000, 2100, &f->year) != 0)
        f->year = 0;
    if (str_to_ll(param_str(r, "leader", ""), 1, 1LL << 62, &f->leader) != 0)
        f->leader = 0;
    const char *role = param_str(r, "role", "");
    /* a unit's ledger is what it leads, unless asked for assisting work too */
    f->role = !strcmp(role, "assist") ? TASK_ROLE_ASSIST
              : !strcmp(role, "any")  ? TASK_ROLE_ANY
                                      : TASK_ROLE_LEAD;
    int sort = task_sort_parse(param_str(r, "sort", ""));
    f->sort = sort < 0 ? TASK_SORT_DEADLINE : (enum task_sort)sort;
    if (str_to_ll(param_str(r, "page", ""), 1, 1000000, page) != 0)
        *page = 1;
    f->limit = LEDGER_PAGE;
    f->offset = (*page - 1) * LEDGER_PAGE;
}

/* Adds the ledger's filters to a URL, all but the page. */
static void filter_params(struct url *u, const struct task_filter *f)
{
    url_param(u, "unit", f->unit);
    url_int(u, "subtree", f->subtree);
    url_param(u, "state", f->state);
    url_param(u, "kind", f->kind);
    if (f->year)
        url_int(u, "year", f->year);
    if (f->leader)
        url_int(u, "leader", f->leader);
    url_param(u, "sort", sort_names[f->sort]);
    url_param(u, "role", role_param(f->role));
}

enum { NAME_BYTES = PERSON_NAME_MAX * 4 + 1 };

/* person_get's callback: the name into a NAME_BYTES buffer. */
static void copy_name(void *ctx, const struct person *p)
{
    snprintf(ctx, NAME_BYTES, "%s", p->name);
}

static void filter_form(struct req *r, const struct task_filter *f)
{
    static const char *const states[] = { "open",     "overdue",  "due_soon",    "stalled",
                                          "assigned", "in_progress", "reported", "accepted",
                                          "returned", "suspended" };
    form_begin(r, "/tasks", "filters", FORM_GET);
    html_printf(&r->out, "<label>%s<input name=\"unit\" value=\"%s\" size=\"10\"></label>",
                tr(r, "unit.code"), f->unit);
    html_printf(&r->out,
                "<label><input type=\"checkbox\" name=\"subtree\" value=\"1\"%s> %s</label>",
                f->subtree ? " checked" : "", tr(r, "task.subtree"));
    html_printf(&r->out, "<label>%s<input name=\"year\" size=\"5\" value=\"", tr(r, "task.year"));
    if (f->year)
        html_printf(&r->out, "%lld", f->year);
    html_printf(&r->out, "\"></label><label>%s<select name=\"kind\">", tr(r, "task.kind"));
    form_option(r, "", tr(r, "filter.all"), f->kind);
    form_option(r, "key", tr(r, "kind.key"), f->kind);
    form_option(r, "routine", tr(r, "kind.routine"), f->kind);
    html_printf(&r->out, "</select></label><label>%s<select name=\"state\">", tr(r, "task.state"));
    form_option(r, "", tr(r, "filter.all"), f->state);
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        form_option(r, states[i], tr_enum(r, "state", states[i]), f->state);
    const char *role = role_param(f->role);
    html_printf(&r->out, "</select></label><label>%s<select name=\"role\">", tr(r, "task.role"));
    form_option(r, "any", tr(r, "filter.all"), role);
    form_option(r, "lead", tr(r, "task.lead_unit"), role);
    form_option(r, "assist", tr(r, "task.assist_units"), role);
    static const char *const sort_ids[] = { "sort.deadline", "sort.deadline_desc", "sort.newest",
                                            "sort.progress" };
    html_printf(&r->out, "</select></label><label>%s<select name=\"sort\">", tr(r, "sort.label"));
    for (int i = 0; i < TASK_SORT_COUNT; i++)
        form_option(r, sort_names[i], tr(r, sort_ids[i]), sort_names[f->sort]);
    html_raw(&r->out, "</select></label>");
    if (f->leader) {
        /* set from a row's leader link; unticked, the next search drops it */
        char name[NAME_BYTES] = "";
        if (person_get(r->db, &r->actor, f->leader, copy_name, name) != RES_OK)
            snprintf(name, sizeof(name), "#%lld", f->leader);
        html_printf(&r->out,
                    "<label><input type=\"checkbox\" name=\"leader\" value=\"%lld\" checked>"
                    " %s:%s</label>",
                    f->leader, tr(r, "task.leader"), name);
    }
    form_submit(r, "filter.apply", 0);
}

/* A label of a row's value out of ids, from the list's own labels (translated once). */
static const char *row_label(struct req *r, const char **labels, size_t n, const char *const *ids,
                             const char *value)
{
    int i = msg_index(ids, value);
    if (i < 0 || (size_t)i >= n)
        return value;
    if (!labels[i])
        labels[i] = tr(r, ids[i]);
    return labels[i];
}

/* The ledger of f's unit, subtree and role for one leader alone (arena). */
static const char *leader_url(struct req *r, const struct task_filter *f, long long leader)
{
    struct url u;
    url_begin(&u, r, "/tasks");
    url_param(&u, "unit", f->unit);
    url_int(&u, "subtree", f->subtree);
    url_param(&u, "role", role_param(f->role));
    url_int(&u, "leader", leader);
    return url_end(&u);
}

void ledger_row(void *ctx, const struct task *t)
{
    static const char *const cols[] = { "task.light",     "task.title",   "task.kind",
                                        "task.lead_unit", "task.leader",  "task.deadline",
                                        "task.state",     "#task.percent" };
    struct ledger_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0) {
        table_cards(r, cols, sizeof(cols) / sizeof(cols[0]));
        for (int i = 1; i <= LIGHT_RED; i++)
            c->light[i] = tr(r, light_ids[i]);
        c->stalled = tr(r, "light.stalled");
    }
    html_raw(&r->out, "<tr><td>");
    if (t->light)
        light_span(r, light_class[t->light], c->light[t->light]);
    if (t->stalled) {
        html_raw(&r->out, " ");
        light_span(r, "stalled", c->stalled);
    }
    /* piece by piece rather than by html_printf: the ledger writes thousands of these */
    struct buf *o = &r->out;
    html_printf(o, "</td><td><a href=\"/tasks/%lld\">", t->id);
    html_text(o, t->title);
    html_raw(o, "</a>");
    const char *cells[] = { row_label(r, c->kind, 2, kind_ids, t->kind), t->lead_name,
                            t->leader_name, t->deadline,
                            row_label(r, c->state, TASK_STATES, state_ids, t->state) };
    for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
        html_raw(o, "</td><td>");
        if (i == 2 && t->leader_id && c->f) {
            /* the leader's cell: a link to the same ledger for this leader alone */
            html_printf(o, "<a href=\"%s\">%s</a>", leader_url(r, c->f, t->leader_id),
                        t->leader_name);
            continue;
        }
        html_text(o, cells[i]);
    }
    html_raw(o, "</td><td class=\"num\">");
    html_int(o, t->percent);
    html_raw(o, "%</td></tr>");
}

void ledger_end(const struct ledger_ctx *c)
{
    if (c->n)
        table_end(c->r);
    else
        html_printf(&c->r->out, "<p class=\"muted\">%s</p>", tr(c->r, "task.none"));
}

void task_legend(struct req *r)
{
    html_raw(&r->out, "<p class=\"muted legend\">");
    for (int i = LIGHT_RED; i >= LIGHT_GREEN; i--) {
        light_span(r, light_class[i], tr(r, light_ids[i]));
        html_raw(&r->out, " ");
    }
    html_printf(&r->out, "%s</p>", tr(r, "light.legend"));
}

struct option_ctx {
    struct req *r;     /* the request being rendered */
    long long skip_id; /* a unit not to list */
};

static void unit_option(void *ctx, const struct unit *u)
{
    struct option_ctx *c = ctx;
    if (u->id != c->skip_id)
        form_option(c->r, u->code, u->name, NULL);
}

void task_unit_select(struct req *r, const char *name, const struct unit *root, int with_root)
{
    html_printf(&r->out, "<select name=\"%s\" required>", name);
    struct option_ctx c = { .r = r, .skip_id = with_root ? 0 : root->id };
    unit_each(r->db, &r->actor, root, 1, unit_option, &c);
    html_raw(&r->out, "</select>");
}

static void person_option(void *ctx, const struct person *p)
{
    struct req *r = ctx;
    form_option(r, arena_int(&r->arena, p->id),
                arena_printf(&r->arena, "%s(%s)", p->name, p->position), NULL);
}

void task_leader_select(struct req *r, const struct unit *unit, int required)
{
    long long total;
    html_printf(&r->out, "<select name=\"leader\"%s>", required ? " required" : "");
    if (!required)
        form_option(r, "", "—", NULL);
    person_each(r->db, &r->actor, unit->code, 0, 200, &total, person_option, r, NULL);
    html_raw(&r->out, "</select>");
}

struct plan_option {
    struct req *r;
    const char *chosen; /* the plan asked for (?plan=), or "" */
};

static void plan_option(void *ctx, const struct plan *p)
{
    struct plan_option *o = ctx;
    char id[24];
    snprintf(id, sizeof(id), "%lld", p->id);
    form_option(o->r, id, arena_printf(&o->r->arena, "%lld %s", p->year, p->title), o->chosen);
}

/* The form for a new task of the actor's unit: its own page, so that the ledger stays light. */
void task_new_page(struct req *r)
{
    struct unit own;
    struct err err = { 0 };
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) != RES_OK) {
        req_fail(r, err_set(&err, RES_NOT_FOUND, "unit", "err.not_found"), &err);
        return;
    }
    page_begin(r, tr(r, "task.new"));
    form_begin(r, "/tasks", "stack", 0);
    html_printf(&r->out, "<label>%s<input name=\"title\" required maxlength=\"200\"></label>",
                tr(r, "task.title"));
    html_printf(&r->out, "<label>%s<select name=\"kind\">", tr(r, "task.kind"));
    form_option(r, "key", tr(r, "kind.key"), "key");
    form_option(r, "routine", tr(r, "kind.routine"), "key");
    html_printf(&r->out, "</select></label><label>%s", tr(r, "task.lead_unit"));
    task_unit_select(r, "lead_unit", &own, 1);
    html_printf(&r->out,
                "</label><label>%s %s<input name=\"assist_units\""
                " placeholder=\"C01,C02\"></label>",
                tr(r, "task.assist_units"), tr(r, "task.codes_hint"));
    html_printf(&r->out, "<label>%s %s<select name=\"plan\">", tr(r, "task.plan"),
                tr(r, "form.optional"));
    form_option(r, "", "—", NULL);
    struct plan_option po = { r, param_str(r, "plan", "") };
    plan_each(r->db, &r->actor, own.id, plan_option, &po);
    html_raw(&r->out, "</select></label>");
    html_printf(&r->out, "<label>%s", tr(r, "task.leader"));
    task_leader_select(r, &own, 0);
    html_printf(&r->out,
                "</label><label>%s<input name=\"deadline\" type=\"date\" required>"
                "</label><label>%s %s<textarea name=\"description\" rows=\"3\">"
                "</textarea></label>",
                tr(r, "task.deadline"), tr(r, "task.description"), tr(r, "form.optional"));
    form_submit(r, "form.save", 1);
    page_end(r);
}

void task_redirect(struct req *r, long long id, const char *ok)
{
    struct url u;
    url_begin(&u, r, "/tasks/%lld", id);
    url_param(&u, "ok", ok);
    resp_redirect(r, url_end(&u));
}

/* Splits "C01, C02" into an arena array. */
static const char **split_codes(struct req *r, const char *text, size_t *n)
{
    *n = 0;
    if (!text)
        return NULL;
    const char **codes = arena_alloc(&r->arena, (TASK_ASSIST_MAX + 2) * sizeof(*codes));
    char *copy = arena_strdup(&r->arena, text);
    for (char *p = copy; *p && *n <= TASK_ASSIST_MAX;) {
        p += strspn(p, " ,;,;");
        size_t k = strcspn(p, " ,;");
        if (!k)
            break;
        int last = p[k] == '\0';
        p[k] = '\0';
        codes[(*n)++] = p;
        p += k + !last;
    }
    return codes;
}

void task_new_post(struct req *r)
{
    struct task_create_job job = { .who = &r->actor };
    job.in.title = req_form(r, "title");
    job.in.kind = req_form(r, "kind");
    job.in.lead_unit = req_form(r, "lead_unit");
    job.in.deadline = req_form(r, "deadline");
    job.in.description = req_form(r, "description");
    job.in.assist_units = split_codes(r, req_form(r, "assist_units"), &job.in.n_assist);
    const char *leader = req_form(r, "leader");
    if (leader && *leader && str_to_ll(leader, 1, 1LL << 62, &job.in.leader) != 0) {
        req_fail_invalid(r, "leader", "err.bad_type");
        return;
    }
    if (form_optional_id(r, "plan", &job.in.plan))
        return;
    if (req_run(r, task_create_job, &job, &job.err) == RES_OK)
        task_redirect(r, job.id, "task.created");
}

void task_ledger_page(struct req *r)
{
    struct task_filter f;
    long long page;
    read_filter(r, &f, &page);
    f.brief = 1;
    struct ledger_ctx c = { .r = r, .f = &f };
    long long total = 0;
    struct err err = { 0 };
    page_begin(r, tr(r, "task.ledger"));
    page_notice(r);
    filter_form(r, &f);
    enum result res = task_list(r->db, &r->actor, &f, ledger_row, &c, &total, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    ledger_end(&c);
    task_legend(r);
    struct url u;
    url_begin(&u, r, "/tasks");
    filter_params(&u, &f);
    form_pager(r, url_end(&u), page, LEDGER_PAGE, total);
    html_raw(&r->out, "<p class=\"pager\">");
    url_begin(&u, r, "/tasks/export.xlsx");
    filter_params(&u, &f);
    html_printf(&r->out, "<a href=\"%s\">%s</a>", url_end(&u), tr(r, "task.export_xlsx"));
    url_begin(&u, r, "/tasks/export.csv");
    filter_params(&u, &f);
    html_printf(&r->out, "<a href=\"%s\">%s</a>", url_end(&u), tr(r, "task.export_csv"));
    url_begin(&u, r, "/tasks/rollup");
    url_param(&u, "unit", f.unit);
    html_printf(&r->out, "<a href=\"%s\">%s</a>", url_end(&u), tr(r, "task.rollup"));
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        html_printf(&r->out, "<a href=\"/tasks/new\">%s</a>", tr(r, "task.new"));
    html_raw(&r->out, "</p>");
    page_end(r);
}

/* ---- roll-up ---- */

/* The counts of a roll-up row after its first cell, in <td> cells (<th> for the sums): tasks,
 * accepted, overdue, on-time rate, supervision records by kind, then notices by kind. */
static void rollup_cells(struct req *r, const struct task_stats *s, int head)
{
    const long long n[] = { s->total,      s->accepted,          s->overdue,
                            -1,            s->reminders,         s->urges,
                            s->criticisms, s->notice_praises,    s->notice_criticisms };
    for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
        if (head)
            html_raw(&r->out, "<th class=\"num\">");
        else
            html_raw(&r->out, "<td class=\"num\">");
        if (n[i] >= 0)
            html_int(&r->out, n[i]);
        else if (s->accepted)
            html_printf(&r->out, "%lld%%", s->on_time * 100 / s->accepted);
        if (head)
            html_raw(&r->out, "</th>");
        else
            html_raw(&r->out, "</td>");
    }
}

/* Sums b into a, field by field. */
static void stats_add(struct task_stats *a, const struct task_stats *b)
{
    a->total += b->total;
    a->accepted += b->accepted;
    a->overdue += b->overdue;
    a->on_time += b->on_time;
    a->reminders += b->reminders;
    a->urges += b->urges;
    a->criticisms += b->criticisms;
    a->notice_praises += b->notice_praises;
    a->notice_criticisms += b->notice_criticisms;
}

struct rollup_ctx {
    struct req *r;              /* the request */
    const char *unit;           /* the unit rolled up, from the first call */
    int expand;                 /* ?offices=1: a row per office, else one row for them all */
    int n_offices;              /* the unit's own offices seen */
    struct task_stats offices;  /* their sums */
};

/* The head of the group of the unit's own offices, with the toggle between one row for them all
 * and a row per office. */
static void offices_head(struct rollup_ctx *c)
{
    struct req *r = c->r;
    struct url u;
    url_begin(&u, r, "/tasks/rollup");
    url_param(&u, "unit", c->unit);
    if (!c->expand)
        url_int(&u, "offices", 1);
    html_printf(&r->out,
                "<tr class=\"group\"><th colspan=\"10\">%s <a href=\"%s\">%s</a></th></tr>",
                tr(r, "rollup.offices"), url_end(&u),
                tr(r, c->expand ? "rollup.collapse" : "rollup.expand"));
}

static void rollup_row(void *ctx, const char *code, const char *name, int office,
                       const struct task_stats *s)
{
    struct rollup_ctx *c = ctx;
    struct req *r = c->r;
    if (!s) {
        c->unit = arena_printf(&r->arena, "%s", code);
        return;
    }
    if (office) {
        if (c->n_offices++ == 0 && c->expand)
            offices_head(c);
        stats_add(&c->offices, s);
        if (!c->expand)
            return;
    } else if (!code && c->n_offices && !c->expand) {
        /* the offices came after the levels below: their one row before the unit itself */
        offices_head(c);
        html_printf(&r->out, "<tr><td>%s (%d)</td>", tr(r, "rollup.offices_sum"), c->n_offices);
        rollup_cells(r, &c->offices, 0);
        html_raw(&r->out, "</tr>");
    }
    if (code) {
        struct url u;
        url_begin(&u, r, "/tasks");
        url_param(&u, "unit", code);
        url_int(&u, "subtree", 1);
        html_printf(&r->out, "<tr><td><a href=\"%s\">%s</a></td>", url_end(&u), name);
    } else {
        html_printf(&r->out, "<tr><td>%s</td>", tr(r, "stats.self"));
    }
    rollup_cells(r, s, 0);
    html_raw(&r->out, "</tr>");
}

void task_rollup_page(struct req *r)
{
    static const char *const cols[] = { "unit.name",      "#stats.total",        "#stats.accepted",
                                        "#stats.overdue", "#stats.on_time_rate", "#sup.reminder",
                                        "#sup.urge",      "#sup.criticism",      "#notice.praise",
                                        "#notice.criticism" };
    struct task_stats all;
    struct err err = { 0 };
    long long expand;
    if (param_int(r, "offices", 0, 1, 0, &expand))
        return;
    struct rollup_ctx c = { .r = r, .expand = (int)expand };
    page_begin(r, tr(r, "task.rollup"));
    table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    enum result res = task_stats(r->db, &r->actor, unit_param(r), &all, rollup_row, &c, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    html_printf(&r->out, "</tbody><tfoot><tr><th>%s</th>", tr(r, "stats.sum"));
    rollup_cells(r, &all, 1);
    html_raw(&r->out, "</tr></tfoot></table></div>");
    page_end(r);
}

/* ---- export ---- */

static void export_task(void *ctx, const struct task *t)
{
    struct export_ctx *c = ctx;
    struct req *r = c->r;
    const char *v[] = {
        arena_int(&r->arena, t->id),
        t->title,
        tr_enum(r, "kind", t->kind),
        t->lead_name,
        t->assigner_name,
        t->leader_name,
        t->deadline,
        tr_enum(r, "state", t->state),
        arena_printf(&r->arena, "%d", t->percent),
        t->light ? tr(r, light_ids[t->light]) : "",
    };
    export_row(c->sheet, v);
}

static void export_ledger(struct req *r, int xlsx)
{
    static const enum export_cell types[] = { CELL_NUMBER, CELL_TEXT, CELL_TEXT, CELL_TEXT,
                                              CELL_TEXT,   CELL_TEXT, CELL_DATE, CELL_TEXT,
                                              CELL_NUMBER, CELL_TEXT };
    const char *headers[] = { tr(r, "task.id"),       tr(r, "task.title"),
                              tr(r, "task.kind"),     tr(r, "task.lead_unit"),
                              tr(r, "task.assigner"), tr(r, "task.leader"),
                              tr(r, "task.deadline"), tr(r, "task.state"),
                              tr(r, "task.percent"),  tr(r, "task.light") };
    struct task_filter f;
    long long page, total = 0;
    read_filter(r, &f, &page);
    f.offset = 0;
    f.limit = 200000;
    struct err err = { 0 };
    struct export_ctx c = { .r = r };
    c.sheet = export_begin(xlsx, tr(r, "task.ledger"), headers, types, 10);
    if (!c.sheet) {
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    enum result res = task_list(r->db, &r->actor, &f, export_task, &c, &total, &err);
    export_send(r, &c, res, &err, xlsx, "tasks");
}

void task_export_xlsx_page(struct req *r)
{
    export_ledger(r, 1);
}

void task_export_csv_page(struct req *r)
{
    export_ledger(r, 0);
}
