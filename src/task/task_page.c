/*
 * HTML handlers of work plans and tasks (handler layer): the task ledger (台账) with filters
 * and pages, a task's page with its decomposition tree, reports, supervision and timeline,
 * the forms that create, split, report, accept, return and supervise, the supervision queue,
 * the inbox, the printable notice, the subtree roll-up and the plans page with CSV import.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "person/person.h"
#include "task/plan.h"
#include "task/supervision.h"
#include "task/task.h"
#include "task/task_web.h"
#include "unit/unit.h"
#include "web/download.h"
#include "web/export.h"
#include "web/import_page.h"
#include "web/form.h"
#include "web/layout.h"

enum { LEDGER_PAGE = 50 };

static const char *const sort_names[] = { "deadline", "-deadline", "newest", "progress" };
static const char *const light_class[] = { "", "green", "yellow", "red" };
static const char *const light_ids[] = { "", "light.green", "light.yellow", "light.red" };

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

static void light_badge(struct req *r, const struct task *t)
{
    if (t->light)
        light_span(r, light_class[t->light], tr(r, light_ids[t->light]));
}

/* The message IDs of task states and kinds, "prefix.value", NULL-terminated; the first five
 * states are those a task is in, the others those the ledger filters by. */
static const char *const state_ids[] = {
    "state.assigned", "state.in_progress", "state.reported", "state.accepted", "state.returned",
    "state.open",     "state.overdue",     "state.due_soon", "state.stalled",  NULL
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

/* The message ID for a value out of a fixed set, without formatting. */
static const char *msg_id(const char *const *ids, const char *value)
{
    int i = msg_index(ids, value);
    return i < 0 ? value : ids[i];
}

static const char *state_text(struct req *r, const char *state)
{
    return tr(r, msg_id(state_ids, state));
}

static const char *kind_text(struct req *r, const char *kind)
{
    return tr(r, msg_id(kind_ids, kind));
}

static const char *sup_text(struct req *r, const char *kind)
{
    static const char *const ids[] = { "sup.reminder", "sup.urge", "sup.criticism", "sup.notice",
                                       NULL };
    return tr(r, msg_id(ids, kind));
}

/* The ledger's "role" parameter for a role. */
static const char *role_param(enum task_role role)
{
    return role == TASK_ROLE_LEAD ? "lead" : role == TASK_ROLE_ASSIST ? "assist" : "any";
}

/* The value of a filter parameter, or "" (arena). */
static const char *param(struct req *r, const char *name)
{
    const char *v = req_query(r, name);
    return v ? v : "";
}

/* Reads the ledger filters from the query; unit defaults to the actor's own. */
static void read_filter(struct req *r, struct task_filter *f, long long *page)
{
    memset(f, 0, sizeof(*f));
    f->unit = req_query(r, "unit");
    if (!f->unit || !*f->unit) {
        struct unit own;
        f->unit = unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK
                      ? arena_strdup(&r->arena, own.code)
                      : "";
    }
    f->subtree = strcmp(param(r, "subtree"), "1") == 0;
    f->state = param(r, "state");
    f->kind = param(r, "kind");
    if (str_to_ll(param(r, "year"), 2000, 2100, &f->year) != 0)
        f->year = 0;
    if (str_to_ll(param(r, "leader"), 1, 1LL << 62, &f->leader) != 0)
        f->leader = 0;
    const char *role = param(r, "role");
    /* a unit's ledger is what it leads, unless asked for assisting work too */
    f->role = !strcmp(role, "assist") ? TASK_ROLE_ASSIST
              : !strcmp(role, "any")  ? TASK_ROLE_ANY
                                      : TASK_ROLE_LEAD;
    int sort = task_sort_parse(param(r, "sort"));
    f->sort = sort < 0 ? TASK_SORT_DEADLINE : (enum task_sort)sort;
    if (str_to_ll(param(r, "page"), 1, 1000000, page) != 0)
        *page = 1;
    f->limit = LEDGER_PAGE;
    f->offset = (*page - 1) * LEDGER_PAGE;
}

/* The ledger's query string without the page, for links (arena). */
static const char *filter_query(struct req *r, const struct task_filter *f)
{
    struct buf q;
    buf_init(&q, 2048);
    buf_adds(&q, "unit=");
    html_urlpart(&q, f->unit);
    buf_addf(&q, "&subtree=%d&state=", f->subtree);
    html_urlpart(&q, f->state);
    buf_adds(&q, "&kind=");
    html_urlpart(&q, f->kind);
    if (f->year)
        buf_addf(&q, "&year=%lld", f->year);
    if (f->leader)
        buf_addf(&q, "&leader=%lld", f->leader);
    buf_addf(&q, "&sort=%s", sort_names[f->sort]);
    buf_addf(&q, "&role=%s", role_param(f->role));
    char *s = arena_strdup(&r->arena, buf_str(&q));
    buf_release(&q);
    return s;
}

static void option(struct req *r, const char *value, const char *label, const char *current)
{
    struct buf *o = &r->out;
    html_raw(o, "<option value=\"");
    html_text(o, value);
    if (strcmp(value, current) == 0)
        html_raw(o, "\" selected>");
    else
        html_raw(o, "\">");
    html_text(o, label);
    html_raw(o, "</option>");
}

enum { NAME_BYTES = PERSON_NAME_MAX * 4 + 1 };

/* person_get's callback: the name into a NAME_BYTES buffer. */
static void copy_name(void *ctx, const struct person *p)
{
    snprintf(ctx, NAME_BYTES, "%s", p->name);
}

static void filter_form(struct req *r, const struct task_filter *f)
{
    static const char *const states[] = { "open",     "overdue",  "due_soon",
                                          "stalled",  "assigned", "in_progress",
                                          "reported", "accepted", "returned" };
    html_raw(&r->out, "<form method=\"get\" action=\"/tasks\" class=\"filters\">");
    html_printf(&r->out, "<label>%s<input name=\"unit\" value=\"%s\" size=\"10\"></label>",
                tr(r, "unit.code"), f->unit);
    html_printf(&r->out,
                "<label><input type=\"checkbox\" name=\"subtree\" value=\"1\"%s> %s</label>",
                f->subtree ? " checked" : "", tr(r, "task.subtree"));
    html_printf(&r->out, "<label>%s<input name=\"year\" size=\"5\" value=\"", tr(r, "task.year"));
    if (f->year)
        html_printf(&r->out, "%lld", f->year);
    html_printf(&r->out, "\"></label><label>%s<select name=\"kind\">", tr(r, "task.kind"));
    option(r, "", tr(r, "filter.all"), f->kind);
    option(r, "key", tr(r, "kind.key"), f->kind);
    option(r, "routine", tr(r, "kind.routine"), f->kind);
    html_printf(&r->out, "</select></label><label>%s<select name=\"state\">", tr(r, "task.state"));
    option(r, "", tr(r, "filter.all"), f->state);
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        option(r, states[i], state_text(r, states[i]), f->state);
    const char *role = role_param(f->role);
    html_printf(&r->out, "</select></label><label>%s<select name=\"role\">", tr(r, "task.role"));
    option(r, "any", tr(r, "filter.all"), role);
    option(r, "lead", tr(r, "task.lead_unit"), role);
    option(r, "assist", tr(r, "task.assist_units"), role);
    static const char *const sort_ids[] = { "sort.deadline", "sort.deadline_desc", "sort.newest",
                                            "sort.progress" };
    html_printf(&r->out, "</select></label><label>%s<select name=\"sort\">", tr(r, "sort.label"));
    for (int i = 0; i < TASK_SORT_COUNT; i++)
        option(r, sort_names[i], tr(r, sort_ids[i]), sort_names[f->sort]);
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
    html_printf(&r->out, "<button type=\"submit\">%s</button></form>", tr(r, "filter.apply"));
}

struct ledger_ctx {
    struct req *r;               /* the request being rendered */
    const struct task_filter *f; /* the ledger's filters, for leader links; NULL for none */
    int n;                       /* rows written */
    const char *light[4];        /* labels, translated at the first row rather than at each */
    const char *stalled;
    const char *kind[2];
    const char *state[5];
};

static void ledger_head(struct req *r)
{
    html_printf(&r->out,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th class=\"num\">%s</th></tr>"
                "</thead><tbody>",
                tr(r, "task.light"), tr(r, "task.title"), tr(r, "task.kind"),
                tr(r, "task.lead_unit"), tr(r, "task.leader"), tr(r, "task.deadline"),
                tr(r, "task.state"), tr(r, "task.percent"));
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

static void ledger_row(void *ctx, const struct task *t)
{
    struct ledger_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0) {
        ledger_head(r);
        for (int i = 1; i < 4; i++)
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
    html_raw(o, "</td><td><a href=\"/tasks/");
    html_int(o, t->id);
    html_raw(o, "\">");
    html_text(o, t->title);
    html_raw(o, "</a>");
    const char *cells[] = { row_label(r, c->kind, 2, kind_ids, t->kind), t->lead_name,
                            t->leader_name, t->deadline,
                            row_label(r, c->state, 5, state_ids, t->state) };
    for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
        html_raw(o, "</td><td>");
        if (i == 2 && t->leader_id && c->f) {
            /* the leader's cell: a link to the same ledger for this leader alone */
            html_printf(o,
                        "<a href=\"/tasks?unit=%s&amp;subtree=%d&amp;role=%s&amp;leader=%lld\">"
                        "%s</a>",
                        c->f->unit, c->f->subtree, role_param(c->f->role), t->leader_id,
                        t->leader_name);
            continue;
        }
        html_text(o, cells[i]);
    }
    html_raw(o, "</td><td class=\"num\">");
    html_int(o, t->percent);
    html_raw(o, "%</td></tr>");
}

static void leader_select(struct req *r);
static void unit_select(struct req *r, const char *name, const struct unit *root, int with_root);

/* The form for a new task of the actor's unit: its own page, so that the ledger stays light. */
void task_new_page(struct req *r)
{
    struct unit own;
    struct err err = { 0 };
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) != RES_OK) {
        err_set(&err, RES_NOT_FOUND, "unit", "err.not_found");
        page_error(r, 404, &err);
        return;
    }
    page_begin(r, tr(r, "task.new"));
    html_raw(&r->out, "<form method=\"post\" action=\"/tasks\" class=\"stack\">");
    form_csrf(r);
    html_printf(&r->out, "<label>%s<input name=\"title\" required maxlength=\"200\"></label>",
                tr(r, "task.title"));
    html_printf(&r->out, "<label>%s<select name=\"kind\">", tr(r, "task.kind"));
    option(r, "key", tr(r, "kind.key"), "key");
    option(r, "routine", tr(r, "kind.routine"), "");
    html_printf(&r->out, "</select></label><label>%s", tr(r, "task.lead_unit"));
    unit_select(r, "lead_unit", &own, 1);
    html_printf(&r->out,
                "</label><label>%s %s<input name=\"assist_units\""
                " placeholder=\"C01,C02\"></label>",
                tr(r, "task.assist_units"), tr(r, "task.codes_hint"));
    html_printf(&r->out, "<label>%s", tr(r, "task.leader"));
    leader_select(r);
    html_printf(&r->out,
                "</label><label>%s<input name=\"deadline\" type=\"date\" required>"
                "</label><label>%s %s<textarea name=\"description\" rows=\"3\">"
                "</textarea></label>",
                tr(r, "task.deadline"), tr(r, "task.description"), tr(r, "form.optional"));
    html_printf(&r->out, "<button class=\"primary\" type=\"submit\">%s</button></form>",
                tr(r, "form.save"));
    page_end(r);
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
        page_error(r, result_status(res), &err);
        return;
    }
    if (c.n)
        html_raw(&r->out, "</tbody></table></div>");
    else
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "task.none"));
    const char *q = filter_query(r, &f);
    html_printf(&r->out, "<nav class=\"pager\"><span>%s %lld %s</span>", tr(r, "page.of"), total,
                tr(r, "page.items"));
    if (page > 1)
        html_printf(&r->out, "<a href=\"/tasks?%s&amp;page=%lld\">%s</a>", q, page - 1,
                    tr(r, "page.prev"));
    if (page * LEDGER_PAGE < total)
        html_printf(&r->out, "<a href=\"/tasks?%s&amp;page=%lld\">%s</a>", q, page + 1,
                    tr(r, "page.next"));
    html_printf(&r->out, "<a href=\"/tasks/export.xlsx?%s\">%s</a>", q, tr(r, "task.export_xlsx"));
    html_printf(&r->out, "<a href=\"/tasks/export.csv?%s\">%s</a>", q, tr(r, "task.export_csv"));
    html_printf(&r->out, "<a href=\"/tasks/rollup?unit=%s\">%s</a>", f.unit, tr(r, "task.rollup"));
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        html_printf(&r->out, "<a href=\"/tasks/new\">%s</a>", tr(r, "task.new"));
    html_raw(&r->out, "</nav>");
    page_end(r);
}

struct option_ctx {
    struct req *r;     /* the request being rendered */
    long long skip_id; /* a unit not to list */
};

static void unit_option(void *ctx, const struct unit *u)
{
    struct option_ctx *c = ctx;
    if (u->id == c->skip_id)
        return;
    html_printf(&c->r->out, "<option value=\"%s\">%s</option>", u->code, u->name);
}

/* A select of root (when with_root) and the units directly below it. */
static void unit_select(struct req *r, const char *name, const struct unit *root, int with_root)
{
    html_printf(&r->out, "<select name=\"%s\" required>", name);
    struct option_ctx c = { .r = r, .skip_id = with_root ? 0 : root->id };
    unit_each(r->db, &r->actor, root, 1, unit_option, &c);
    html_raw(&r->out, "</select>");
}

static void person_option(void *ctx, const struct person *p)
{
    struct req *r = ctx;
    html_printf(&r->out, "<option value=\"%lld\">%s(%s)</option>", p->id, p->name, p->position);
}

/* A select of the people of the actor's unit, as responsible leaders. */
static void leader_select(struct req *r)
{
    struct unit own;
    long long total;
    html_printf(&r->out, "<select name=\"leader\"><option value=\"\">—</option>");
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK)
        person_each(r->db, &r->actor, own.code, 0, 200, &total, person_option, r, NULL);
    html_raw(&r->out, "</select>");
}

/* ---- one task ---- */

struct show_ctx {
    struct req *r;         /* the request being rendered */
    long long id;          /* the task */
    char lead[40];         /* its lead unit's code */
    char assigner[40];     /* its assigning unit's code */
    char state[16];        /* its state */
    long long reported_by; /* the account that reported it done */
    int depth;             /* its split level */
    int n;                 /* rows written by the current list */
};

static void task_detail(void *ctx, const struct task *t)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    snprintf(c->lead, sizeof(c->lead), "%s", t->lead_code);
    snprintf(c->assigner, sizeof(c->assigner), "%s", t->assigner_code);
    snprintf(c->state, sizeof(c->state), "%s", t->state);
    c->reported_by = t->reported_by;
    c->depth = t->depth;
    page_begin(r, t->title);
    page_notice(r);
    html_raw(&r->out, "<p>");
    light_badge(r, t);
    if (t->stalled) {
        html_raw(&r->out, " ");
        light_span(r, "stalled", tr(r, "light.stalled"));
    }
    html_printf(&r->out, " %s · %s</p>", state_text(r, t->state), kind_text(r, t->kind));
    if (t->parent_id)
        html_printf(&r->out, "<p class=\"crumbs\"><a href=\"/tasks/%lld\">%s</a></p>", t->parent_id,
                    tr(r, "task.parent"));
    html_printf(&r->out, "<table><tbody><tr><th>%s</th><td>%s</td></tr>", tr(r, "task.lead_unit"),
                t->lead_name);
    html_printf(&r->out, "<tr><th>%s</th><td>%s</td></tr>", tr(r, "task.assigner"),
                t->assigner_name);
    html_printf(&r->out, "<tr><th>%s</th><td>%s</td></tr>", tr(r, "task.leader"), t->leader_name);
    html_printf(&r->out, "<tr><th>%s</th><td>%s</td></tr>", tr(r, "task.deadline"), t->deadline);
    html_printf(&r->out, "<tr><th>%s</th><td>%d%%</td></tr>", tr(r, "task.percent"), t->percent);
    html_printf(&r->out, "<tr><th>%s</th><td class=\"pre\">%s</td></tr></tbody></table>",
                tr(r, "task.description"), t->description);
}

static long long page_id(struct req *r);

static void milestone_row(void *ctx, const char *title, const char *due)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "task.milestones"));
    html_printf(&r->out, "<li>%s · %s</li>", due, title);
}

static void attachment_row(void *ctx, long long file_id, const char *name, const char *type,
                           long long size)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    (void)type;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "task.attachments"));
    html_printf(&r->out,
                "<li><a href=\"/attachments/%lld\">%s</a> <span class=\"muted\">%lld KB"
                "</span></li>",
                file_id, name, (size + 1023) / 1024);
}

void task_attachment_page(struct req *r)
{
    long long id = page_id(r);
    if (id && task_attachment_get(r->db, &r->actor, id, page_send_file, r) != RES_OK) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, "attachment", "err.not_found");
        page_error(r, 404, &err);
    }
}

static void tree_row(void *ctx, const struct task *t)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul class=\"tree\">", tr(r, "task.tree"));
    int level = t->depth - c->depth;
    html_printf(&r->out, "<li class=\"d%d\">", level > 6 ? 6 : level);
    light_badge(r, t);
    html_printf(&r->out, " <a href=\"/tasks/%lld\">%s</a> · %s · %s · %s · %d%%</li>", t->id,
                t->title, t->lead_name, t->deadline, state_text(r, t->state), t->percent);
}

static void report_row(void *ctx, const struct task_report_row *row)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "task.reports"));
    html_printf(&r->out,
                "<li><span class=\"muted\">%s %s</span> %d%%%s<br><span class=\"pre\">"
                "%s</span></li>",
                row->at, row->login, row->percent, row->done ? tr(r, "task.reported_done") : "",
                row->text);
}

static void supervision_row(void *ctx, const struct supervision_row *s)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "sup.records"));
    html_printf(&r->out, "<li><span class=\"muted\">%s %s</span> <strong>%s</strong>", s->created,
                s->unit_name, sup_text(r, s->kind));
    if (s->serial)
        html_printf(&r->out, " <a href=\"/supervision/%lld\">%s〔%lld〕%lld%s</a>", s->id,
                    tr(r, "sup.notice_prefix"), s->year, s->serial, tr(r, "sup.notice_suffix"));
    html_printf(&r->out, "<br><span class=\"pre\">%s</span></li>", s->text);
}

static void event_row(void *ctx, const char *at, const char *actor, const char *action,
                      const char *after)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ol class=\"timeline\">", tr(r, "task.timeline"));
    html_printf(&r->out, "<li><span class=\"muted\">%s</span> %s %s", at, actor,
                tr_enum(r, "event", action));
    /* a return's reason, from the audit record's state after it */
    json_t *j = after ? json_loads(after, 0, NULL) : NULL;
    const char *reason = json_string_value(json_object_get(j, "reason"));
    if (reason)
        html_printf(&r->out, ":<span class=\"pre\">%s</span>", reason);
    json_decref(j);
    html_raw(&r->out, "</li>");
}

static void action_forms(struct req *r, struct show_ctx *c)
{
    struct actor *a = &r->actor;
    struct unit lead = { 0 }, assigner = { 0 };
    int holds =
        unit_get(r->db, a, c->lead, &lead, NULL) == RES_OK && role_may(a->role, PERM_RECORD_WRITE);
    int decides = unit_get(r->db, a, c->assigner, &assigner, NULL) == RES_OK &&
                  role_may(a->role, PERM_RECORD_WRITE) &&
                  (a->unit_id != lead.id || lead.id == assigner.id) &&
                  a->account_id != c->reported_by;
    int open = strcmp(c->state, "accepted") != 0;
    if (holds && open) {
        html_printf(&r->out,
                    "<h2>%s</h2><form method=\"post\" action=\"/tasks/%lld/progress\""
                    " class=\"stack\" enctype=\"multipart/form-data\">",
                    tr(r, "task.report"), c->id);
        form_csrf(r);
        html_printf(&r->out,
                    "<label>%s<textarea name=\"text\" rows=\"3\" required></textarea>"
                    "</label><label>%s<input name=\"percent\" type=\"number\" min=\"0\""
                    " max=\"100\" value=\"50\"></label>",
                    tr(r, "task.report_text"), tr(r, "task.percent"));
        html_printf(&r->out,
                    "<label>%s %s<input type=\"file\" name=\"attachment\" multiple"
                    " accept=\".pdf,.jpg,.jpeg,.png,.txt,.doc,.docx,.xls,.xlsx\"></label>",
                    tr(r, "task.attachments"), tr(r, "form.optional"));
        html_printf(&r->out,
                    "<label><input type=\"checkbox\" name=\"done\" value=\"1\"> %s"
                    "</label><button class=\"primary\" type=\"submit\">%s</button></form>",
                    tr(r, "task.report_done"), tr(r, "form.save"));
        if (lead.n_children) {
            html_printf(&r->out,
                        "<h2>%s</h2><form method=\"post\" action=\"/tasks/%lld/split\""
                        " class=\"stack\">",
                        tr(r, "task.split"), c->id);
            form_csrf(r);
            html_printf(&r->out, "<label>%s", tr(r, "task.lead_unit"));
            unit_select(r, "lead_unit", &lead, 0);
            html_printf(&r->out,
                        "</label><label>%s<input name=\"title\" required"
                        " maxlength=\"200\"></label><label>%s<input name=\"deadline\""
                        " type=\"date\" required></label>",
                        tr(r, "task.title"), tr(r, "task.deadline"));
            html_printf(&r->out, "<button class=\"primary\" type=\"submit\">%s</button></form>",
                        tr(r, "task.split"));
        }
    }
    if (decides && strcmp(c->state, "reported") == 0) {
        html_printf(&r->out,
                    "<h2>%s</h2><form method=\"post\" action=\"/tasks/%lld/accept\""
                    " class=\"inline\">",
                    tr(r, "task.decide"), c->id);
        form_csrf(r);
        html_printf(&r->out, "<button class=\"primary\" type=\"submit\">%s</button></form>",
                    tr(r, "task.accept"));
        html_printf(&r->out, "<form method=\"post\" action=\"/tasks/%lld/return\" class=\"stack\">",
                    c->id);
        form_csrf(r);
        html_printf(&r->out,
                    "<label>%s<input name=\"reason\" required></label><button"
                    " type=\"submit\">%s</button></form>",
                    tr(r, "task.return_reason"), tr(r, "task.return"));
    }
    if (open && role_may(a->role, PERM_SUPERVISE)) {
        static const char *const kinds[] = { "reminder", "urge", "criticism", "notice" };
        html_printf(&r->out,
                    "<h2>%s</h2><form method=\"post\" action=\"/tasks/%lld/supervision\""
                    " class=\"stack\"><label>%s<select name=\"kind\">",
                    tr(r, "sup.issue"), c->id, tr(r, "sup.kind"));
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
            html_printf(&r->out, "<option value=\"%s\">%s</option>", kinds[i],
                        sup_text(r, kinds[i]));
        html_raw(&r->out, "</select></label>");
        form_csrf(r);
        html_printf(&r->out,
                    "<label>%s<textarea name=\"text\" rows=\"3\" required></textarea>"
                    "</label><button class=\"primary\" type=\"submit\">%s</button></form>",
                    tr(r, "sup.text"), tr(r, "sup.issue"));
    }
}

/* The task id in the path, or 0 after answering 404. */
static long long page_id(struct req *r)
{
    long long id;
    if (str_to_ll(r->args[0], 1, 1LL << 62, &id) == 0)
        return id;
    struct err err = { 0 };
    err_set(&err, RES_NOT_FOUND, "task", "err.not_found");
    page_error(r, 404, &err);
    return 0;
}

void task_show_page(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct show_ctx c = { .r = r, .id = id };
    if (task_get(r->db, &r->actor, id, task_detail, &c) != RES_OK) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, "task", "err.not_found");
        page_error(r, 404, &err);
        return;
    }
    task_milestones(r->db, &r->actor, id, milestone_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    c.n = 0;
    task_attachments(r->db, &r->actor, id, attachment_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    c.n = 0;
    task_tree(r->db, &r->actor, id, tree_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    c.n = 0;
    task_reports(r->db, &r->actor, id, report_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    c.n = 0;
    supervision_each(r->db, &r->actor, SUP_TASK, id, supervision_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    action_forms(r, &c);
    c.n = 0;
    task_timeline(r->db, &r->actor, id, event_row, &c);
    if (c.n)
        html_raw(&r->out, "</ol>");
    page_end(r);
}

/* ---- form posts ---- */

/* After a write from a form: back to the task's page with the notice ok. */
static void back_to_task(struct req *r, long long task_id, const char *ok)
{
    resp_redirect(r, arena_printf(&r->arena, "/tasks/%lld?ok=%s", task_id, ok));
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
        err_set(&job.err, RES_INVALID, "leader", "err.bad_type");
        page_error(r, 400, &job.err);
        return;
    }
    if (req_run(r, task_create_job, &job, &job.err) == RES_OK)
        back_to_task(r, job.id, "task.created");
}

void task_split_post(struct req *r)
{
    long long id = page_id(r), child = 0;
    if (!id)
        return;
    struct task_input in = { .title = req_form(r, "title"),
                             .lead_unit = req_form(r, "lead_unit"),
                             .deadline = req_form(r, "deadline") };
    struct task_split_job job = {
        .who = &r->actor, .parent = id, .children = &in, .n_children = 1, .ids = &child
    };
    if (req_run(r, task_split_job, &job, &job.err) == RES_OK)
        back_to_task(r, id, "task.split_done");
}

void task_progress_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct task_report_job job = { .who = &r->actor, .id = id, .text = req_form(r, "text") };
    job.done = req_form(r, "done") != NULL;
    struct task_file *files = arena_alloc(&r->arena, (TASK_FILES_MAX + 1) * sizeof(*files));
    for (const struct form_field *f = r->form; f; f = f->next) {
        if (strcmp(f->name, "attachment") != 0 || !f->filename || !*f->filename)
            continue;
        if (job.n_files == TASK_FILES_MAX) {
            err_setf(&job.err, RES_INVALID, "attachment", "err.too_long", "%d", TASK_FILES_MAX);
            page_error(r, 400, &job.err);
            return;
        }
        files[job.n_files++] = (struct task_file){ f->filename, f->type, f->value, f->len };
    }
    job.files = files;
    if (str_to_ll(req_form(r, "percent") ? req_form(r, "percent") : "", -1000000, 1000000,
                  &job.percent) != 0 &&
        !job.done) {
        err_set(&job.err, RES_INVALID, "percent", "err.range");
        snprintf(job.err.detail, sizeof(job.err.detail), "0-100");
        page_error(r, 400, &job.err);
        return;
    }
    if (req_run(r, task_report_job, &job, &job.err) == RES_OK)
        back_to_task(r, id, "task.reported");
}

void task_accept_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct task_accept_job job = { .who = &r->actor, .id = id };
    if (req_run(r, task_accept_job, &job, &job.err) == RES_OK)
        back_to_task(r, id, "task.accepted");
}

void task_return_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct task_return_job job = { .who = &r->actor, .id = id, .reason = req_form(r, "reason") };
    if (req_run(r, task_return_job, &job, &job.err) == RES_OK)
        back_to_task(r, id, "task.returned");
}

void task_supervision_post(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct task_supervise_job job = {
        .who = &r->actor, .id = id, .kind = req_form(r, "kind"), .text = req_form(r, "text")
    };
    if (req_run(r, task_supervise_job, &job, &job.err) == RES_OK)
        back_to_task(r, id, "sup.issued");
}

/* ---- supervision queue, inbox, notice, roll-up ---- */

static void queue_section(struct req *r, const char *state, const char *title_id)
{
    struct unit own;
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) != RES_OK)
        return;
    struct task_filter f = {
        .unit = own.code, .subtree = 1, .state = state, .limit = 200, .brief = 1
    };
    struct ledger_ctx c = { .r = r };
    long long total = 0;
    html_printf(&r->out, "<h2>%s</h2>", tr(r, title_id));
    task_list(r->db, &r->actor, &f, ledger_row, &c, &total, NULL);
    if (c.n)
        html_raw(&r->out, "</tbody></table></div>");
    else
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "task.none"));
    if (total > c.n)
        html_printf(&r->out,
                    "<p><a href=\"/tasks?unit=%s&amp;subtree=1&amp;state=%s\">%s %lld"
                    "</a></p>",
                    own.code, state, tr(r, "page.of"), total);
}

void supervision_queue_page(struct req *r)
{
    page_begin(r, tr(r, "sup.queue"));
    queue_section(r, "overdue", "sup.red");
    queue_section(r, "due_soon", "sup.yellow");
    queue_section(r, "stalled", "sup.stalled");
    page_end(r);
}

static void inbox_row(void *ctx, const struct supervision_row *s)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "sup.records"));
    html_printf(&r->out,
                "<li><span class=\"muted\">%s %s</span> <strong>%s</strong> "
                "<a href=\"/tasks/%lld\">%s</a><br><span class=\"pre\">%s</span></li>",
                s->created, s->unit_name, sup_text(r, s->kind), s->task_id, s->task_title, s->text);
}

void inbox_page(struct req *r)
{
    page_begin(r, tr(r, "nav.inbox"));
    struct show_ctx c = { .r = r };
    supervision_each(r->db, &r->actor, SUP_INBOX, 0, inbox_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    struct unit own;
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK) {
        struct task_filter f = { .unit = own.code, .state = "open", .limit = 200, .brief = 1 };
        struct ledger_ctx lc = { .r = r };
        long long total = 0;
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "task.inbox_open"));
        task_list(r->db, &r->actor, &f, ledger_row, &lc, &total, NULL);
        if (lc.n)
            html_raw(&r->out, "</tbody></table></div>");
        else
            html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "task.none"));
    }
    page_end(r);
}

struct notice_ctx {
    struct req *r; /* the request being rendered */
    int found;     /* the record is a notice */
};

/* The printable page of a notice; other kinds of record have none. */
static void notice_body(void *ctx, const struct supervision_row *s)
{
    struct notice_ctx *c = ctx;
    struct req *r = c->r;
    if (strcmp(s->kind, "notice") != 0)
        return;
    c->found = 1;
    html_printf(&r->out,
                "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<title>%s〔%lld〕%lld%s</title>",
                tr(r, "sup.notice_prefix"), s->year, s->serial, tr(r, "sup.notice_suffix"));
    html_raw(&r->out, "<link rel=\"stylesheet\" href=\"/static/print.css\"></head><body>"
                      "<article class=\"notice-doc\">");
    html_printf(&r->out, "<h1>%s</h1><p class=\"docno\">%s〔%lld〕%lld%s</p>", s->unit_name,
                tr(r, "sup.notice_prefix"), s->year, s->serial, tr(r, "sup.notice_suffix"));
    html_printf(&r->out, "<h2>%s</h2><p>%s:</p>", tr(r, "sup.notice_title"), s->lead_name);
    html_printf(&r->out, "<p class=\"body\">%s「%s」(%s %s)。</p>", tr(r, "sup.notice_about"),
                s->task_title, tr(r, "task.deadline"), s->deadline);
    html_printf(&r->out, "<p class=\"body pre\">%s</p><p class=\"sign\">%s<br>%s</p>", s->text,
                s->unit_name, arena_strndup(&r->arena, s->created, 10));
    html_raw(&r->out, "</article></body></html>\n");
}

void supervision_notice_page(struct req *r)
{
    long long id = page_id(r);
    if (!id)
        return;
    struct notice_ctx c = { .r = r };
    if (supervision_each(r->db, &r->actor, SUP_ONE, id, notice_body, &c) != RES_OK || !c.found) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, "supervision", "err.not_found");
        page_error(r, 404, &err);
    }
}

/* The counts of a roll-up row after its first cell, in <td> cells (<th> for the sums): tasks,
 * accepted, overdue, on-time rate, then supervision records by kind. */
static void rollup_cells(struct req *r, const struct task_stats *s, int head)
{
    const long long n[] = { s->total,     s->accepted, s->overdue,    -1,
                            s->reminders, s->urges,    s->criticisms, s->notices };
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

static void rollup_row(void *ctx, const char *code, const char *name, const struct task_stats *s)
{
    struct req *r = ctx;
    if (!s)
        return;
    if (code)
        html_printf(&r->out, "<tr><td><a href=\"/tasks?unit=%s&amp;subtree=1\">%s</a></td>", code,
                    name);
    else
        html_printf(&r->out, "<tr><td>%s</td>", tr(r, "stats.self"));
    rollup_cells(r, s, 0);
    html_raw(&r->out, "</tr>");
}

void task_rollup_page(struct req *r)
{
    struct task_filter f;
    long long page;
    read_filter(r, &f, &page);
    struct task_stats all;
    struct err err = { 0 };
    page_begin(r, tr(r, "task.rollup"));
    html_printf(&r->out,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th class=\"num\">%s</th>"
                "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>",
                tr(r, "unit.name"), tr(r, "stats.total"), tr(r, "stats.accepted"),
                tr(r, "stats.overdue"), tr(r, "stats.on_time_rate"));
    static const char *const kinds[] = { "reminder", "urge", "criticism", "notice" };
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        html_printf(&r->out, "<th class=\"num\">%s</th>", sup_text(r, kinds[i]));
    html_raw(&r->out, "</tr></thead><tbody>");
    enum result res = task_stats(r->db, &r->actor, f.unit, &all, rollup_row, r, &err);
    if (res != RES_OK) {
        page_error(r, result_status(res), &err);
        return;
    }
    html_printf(&r->out, "</tbody><tfoot><tr><th>%s</th>", tr(r, "stats.sum"));
    rollup_cells(r, &all, 1);
    html_raw(&r->out, "</tr></tfoot></table></div>");
    page_end(r);
}

/* ---- export ---- */

struct export_ctx {
    struct req *r;              /* the request */
    struct export_sheet *sheet; /* the file being written */
};

static void export_task(void *ctx, const struct task *t)
{
    struct export_ctx *c = ctx;
    struct req *r = c->r;
    const char *v[] = {
        arena_printf(&r->arena, "%lld", t->id),
        t->title,
        kind_text(r, t->kind),
        t->lead_name,
        t->assigner_name,
        t->leader_name,
        t->deadline,
        state_text(r, t->state),
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
        err_set(&err, RES_FAIL, NULL, "err.internal");
        page_error(r, 500, &err);
        return;
    }
    enum result res = task_list(r->db, &r->actor, &f, export_task, &c, &total, &err);
    buf_reset(&r->out);
    if (export_finish(c.sheet, &r->out) != 0 || res != RES_OK) {
        if (res == RES_OK)
            err_set(&err, RES_FAIL, NULL, "err.internal");
        page_error(r, res == RES_OK ? 500 : result_status(res), &err);
        return;
    }
    r->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                           : "text/csv; charset=utf-8";
    resp_header(r, "Content-Disposition",
                xlsx ? "attachment; filename=\"tasks.xlsx\""
                     : "attachment; filename=\"tasks.csv\"");
}

void task_export_xlsx_page(struct req *r)
{
    export_ledger(r, 1);
}

void task_export_csv_page(struct req *r)
{
    export_ledger(r, 0);
}

/* ---- plans ---- */

static void plan_row(void *ctx, const struct plan *p)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td>%lld</td><td>%s</td><td>%s</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%lld</td><td>%lld</td></tr>",
                p->year, p->title, p->unit_name, p->n_key, p->n_routine, p->id);
}

void plan_list_page(struct req *r)
{
    page_begin(r, tr(r, "plan.title"));
    page_notice(r);
    html_printf(&r->out,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>",
                tr(r, "task.year"), tr(r, "plan.name"), tr(r, "unit.name"), tr(r, "kind.key"),
                tr(r, "kind.routine"), tr(r, "plan.id"));
    plan_each(r->db, &r->actor, plan_row, r);
    html_raw(&r->out, "</tbody></table></div>");
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        struct unit own;
        if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK) {
            html_printf(&r->out,
                        "<h2>%s</h2><form method=\"post\" action=\"/plans\""
                        " class=\"stack\">",
                        tr(r, "plan.new"));
            form_csrf(r);
            html_printf(&r->out, "<input type=\"hidden\" name=\"unit\" value=\"%s\">", own.code);
            html_printf(&r->out,
                        "<label>%s<input name=\"year\" type=\"number\" min=\"2000\""
                        " max=\"2100\" required></label><label>%s<input name=\"title\""
                        " required maxlength=\"200\"></label>",
                        tr(r, "task.year"), tr(r, "plan.name"));
            html_printf(&r->out, "<button class=\"primary\" type=\"submit\">%s</button></form>",
                        tr(r, "form.save"));
        }
        html_printf(&r->out,
                    "<h2>%s</h2><p class=\"muted\">%s</p><form method=\"post\""
                    " action=\"/plans/import\" enctype=\"multipart/form-data\""
                    " class=\"stack\">",
                    tr(r, "plan.import"), tr(r, "plan.import_hint"));
        form_csrf(r);
        html_printf(&r->out,
                    "<label>%s<input name=\"plan\" type=\"number\" min=\"1\" required>"
                    "</label><label>%s<input name=\"file\" type=\"file\" accept=\".csv\""
                    " required></label><button class=\"primary\" type=\"submit\">%s"
                    "</button></form>",
                    tr(r, "plan.id"), tr(r, "plan.file"), tr(r, "plan.import"));
    }
    page_end(r);
}

void plan_new_post(struct req *r)
{
    struct plan_create_job job = { .who = &r->actor,
                                   .unit = req_form(r, "unit"),
                                   .title = req_form(r, "title") };
    const char *year = req_form(r, "year");
    if (!year || str_to_ll(year, 2000, 2100, &job.year) != 0) {
        err_setf(&job.err, RES_INVALID, "year", "err.range", "2000-2100");
        page_error(r, 400, &job.err);
        return;
    }
    if (req_run(r, plan_create_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/plans?ok=plan.created");
}

void plan_import_post(struct req *r)
{
    long long plan;
    const char *text = req_form(r, "plan");
    if (!text || str_to_ll(text, 1, 1LL << 62, &plan) != 0) {
        struct err err = { 0 };
        err_set(&err, RES_INVALID, "plan", "err.required");
        page_error(r, 400, &err);
        return;
    }
    const struct page_import im = { "plan.import", "plan.import_failed",
                                    "/plans",      "/plans?ok=plan.imported",
                                    task_import,   plan };
    page_import(r, &im);
}
