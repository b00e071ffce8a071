/*
 * HTML handlers of activities (handler layer; issue 15 item 6): the activities reaching a unit
 * with the form that issues one, and an activity's page: its phases and items, the grid of the
 * unit shown and the units directly below it with figures rolled up over each subtree, and the
 * form in which the unit shown records its items and participants. Works without JavaScript.
 */
#include <string.h>

#include "activity/activity.h"
#include "activity/activity_web.h"
#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "unit/unit.h"
#include "web/form.h"
#include "web/layout.h"

/* Phases offered by the form that issues an activity: the speech's four and two spare. */
enum { FORM_PHASES = 6 };

static const struct {
    const char *name;  /* phase name */
    const char *items; /* its items, one "code name" a line */
} speech_phases[FORM_PHASES] = {
    { "学习教育", "study 集中学习(次)\nlectures 专题辅导报告" },
    { "征求意见、自我剖析", "opinions 征求意见建议\nselfcheck 自我剖析材料\nproblems 查摆问题" },
    { "整改提高", "rectify 整改措施\nledger 建立整改台帐" },
    { "建章立制", "rules 建立健全制度" },
    { "", "" },
    { "", "" },
};

static void summary_row(void *ctx, const struct activity_summary *s)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td><a href=\"/activities/%lld\">%s</a></td><td>%s</td><td>%s — %s</td>"
                "<td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
                s->id, s->title, s->unit_name, s->from, s->to, s->n_phases, s->n_items);
}

/* The form that issues an activity, filled with the speech's phases and items. */
static void activity_form(struct req *r)
{
    struct unit own;
    int has_own = unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK;
    html_printf(&r->out, "<h2>%s</h2><p class=\"muted\">%s</p>", tr(r, "activity.new"),
                tr(r, "activity.items_hint"));
    form_begin(r, "/activities", "stack", 0);
    html_printf(&r->out,
                "<label>%s<input name=\"title\" required maxlength=\"200\"></label>"
                "<label>%s<input name=\"unit\" required value=\"%s\"></label>",
                tr(r, "activity.name"), tr(r, "activity.unit_code"), has_own ? own.code : "");
    for (int i = 0; i < FORM_PHASES; i++)
        html_printf(&r->out,
                    "<fieldset><legend>%s %d</legend><label>%s<input name=\"p%d_name\""
                    " maxlength=\"100\" value=\"%s\"></label><label>%s<input type=\"date\""
                    " name=\"p%d_from\"></label><label>%s<input type=\"date\" name=\"p%d_to\">"
                    "</label><label>%s<textarea name=\"p%d_items\" rows=\"3\">%s</textarea>"
                    "</label></fieldset>",
                    tr(r, "activity.phase"), i + 1, tr(r, "activity.phase_name"), i + 1,
                    speech_phases[i].name, tr(r, "activity.from"), i + 1, tr(r, "activity.to"),
                    i + 1, tr(r, "activity.items"), i + 1, speech_phases[i].items);
    form_submit(r, "activity.create", 1);
}

void activity_list_page(struct req *r)
{
    const char *unit = param_str(r, "unit", NULL);
    struct err err = { 0 };
    page_begin(r, tr(r, "activity.title"));
    page_notice(r);
    form_begin(r, "/activities", "filters", FORM_GET);
    html_printf(&r->out, "<label>%s<input name=\"unit\" value=\"%s\"></label>",
                tr(r, "activity.unit_code"), unit ? unit : "");
    form_submit(r, "activity.show", 0);
    static const char *const cols[] = { "activity.name", "activity.issuer", "activity.dates",
                                        "#activity.phases", "#activity.n_items" };
    table_head(r, cols, 5);
    enum result res = activity_each(r->db, &r->actor, unit, summary_row, r, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err); /* a unit out of scope is missing, as on the API */
        return;
    }
    table_end(r);
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        activity_form(r);
    page_end(r);
}

/* Reads one "code name" line of a phase's items into it; the line is changed in place. */
static void read_item_line(char *line, struct activity_item_input *it)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
        line[--n] = '\0';
    size_t code_len = strcspn(line, " \t");
    it->code = line;
    it->name = NULL;
    if (line[code_len]) {
        line[code_len] = '\0';
        char *name = line + code_len + 1;
        name += strspn(name, " \t");
        it->name = *name ? name : NULL;
    }
}

/* Reads the items of phase i (from 1) of the form; blank lines are skipped. */
static void read_form_items(struct req *r, int i, struct activity_phase_input *p)
{
    const char *text = req_form(r, arena_printf(&r->arena, "p%d_items", i));
    char *copy = arena_strdup(&r->arena, text ? text : "");
    struct activity_item_input *items =
        arena_alloc(&r->arena, (ACTIVITY_ITEMS_MAX + 1) * sizeof(*items));
    p->items = items;
    p->n_items = 0;
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line && p->n_items <= ACTIVITY_ITEMS_MAX;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[strspn(line, " \t\r")] == '\0')
            continue;
        read_item_line(line, &items[p->n_items++]);
    }
}

void activity_new_post(struct req *r)
{
    struct activity_create_job job = { .who = &r->actor };
    struct activity_phase_input *phases =
        arena_alloc(&r->arena, FORM_PHASES * sizeof(*phases));
    job.in.unit = req_form(r, "unit");
    job.in.title = req_form(r, "title");
    job.in.phases = phases;
    for (int i = 1; i <= FORM_PHASES; i++) {
        struct activity_phase_input *p = &phases[job.in.n_phases];
        p->name = req_form(r, arena_printf(&r->arena, "p%d_name", i));
        p->from = req_form(r, arena_printf(&r->arena, "p%d_from", i));
        p->to = req_form(r, arena_printf(&r->arena, "p%d_to", i));
        read_form_items(r, i, p);
        /* a phase left without a name and dates is a spare one, not an error */
        if ((p->name && *p->name) || (p->from && *p->from) || (p->to && *p->to))
            job.in.n_phases++;
    }
    if (req_run(r, activity_create_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/activities/%lld?ok=activity.created", job.id));
}

/* ---- one activity ---- */

static void phases_table(struct req *r, const struct activity *a)
{
    static const char *const cols[] = { "activity.phase", "activity.dates", "activity.items" };
    table_head(r, cols, 3);
    for (size_t i = 0; i < a->n_phases; i++) {
        html_printf(&r->out, "<tr><td>%s</td><td>%s — %s</td><td>", a->phases[i].name,
                    a->phases[i].from, a->phases[i].to);
        for (size_t k = 0; k < a->n_items; k++) {
            if (a->items[k].phase != i)
                continue;
            html_printf(&r->out, "<span class=\"tag\">%s <code>%s</code>%s</span> ",
                        a->items[k].name, a->items[k].code,
                        a->items[k].source != ACTIVITY_MARKED ? tr(r, "activity.computed_mark")
                                                              : "");
        }
        html_raw(&r->out, "</td></tr>");
    }
    table_end(r);
}

/* One cell of the grid: a single unit's own state, or a subtree's units done. */
static void grid_cell(struct req *r, const struct activity_unit *u, size_t k)
{
    if (u->n_units == 1) {
        const struct activity_cell *c = &u->cells[k];
        html_printf(&r->out, "<td class=\"num\">%s", c->done ? "✓" : "—");
        if (c->count >= 0)
            html_printf(&r->out, " %lld", c->count);
        html_raw(&r->out, "</td>");
        return;
    }
    html_printf(&r->out, "<td class=\"num\">%lld/%lld", u->n_done[k], u->n_units);
    if (u->sum_count[k] > 0)
        html_printf(&r->out, " (%lld)", u->sum_count[k]);
    html_raw(&r->out, "</td>");
}

static void grid_row(struct req *r, const struct activity *a, const struct activity_unit *u,
                     int total)
{
    if (total) {
        html_printf(&r->out, "<tr><th>%s %s</th>", u->name, tr(r, "activity.subtree_total"));
    } else {
        struct url link;
        url_begin(&link, r, "/activities/%lld", a->id);
        url_param(&link, "unit", u->code);
        html_printf(&r->out, "<tr><td><a href=\"%s\">%s</a></td>", url_end(&link), u->name);
    }
    html_printf(&r->out, "<td class=\"num\">%lld/%lld</td><td class=\"num\">%lld</td>", u->done,
                u->required, u->sum_participants);
    for (size_t k = 0; k < a->n_items; k++)
        grid_cell(r, u, k);
    html_raw(&r->out, "</tr>");
}

/* The unit shown, subtree totals first, then each unit directly below it. */
static void grid(struct req *r, const struct activity *a)
{
    html_printf(&r->out, "<h2>%s</h2><p class=\"muted\">%s</p>", tr(r, "activity.grid"),
                tr(r, "activity.grid_hint"));
    /* the item columns are the activity's own names, not message IDs: the head is written here */
    html_printf(&r->out,
                "<div class=\"table-wrap\" tabindex=\"0\"><table><thead><tr><th>%s</th>"
                "<th class=\"num\">%s</th><th class=\"num\">%s</th>",
                tr(r, "activity.unit"), tr(r, "activity.done_required"),
                tr(r, "activity.participants"));
    for (size_t k = 0; k < a->n_items; k++)
        html_printf(&r->out, "<th class=\"num\">%s</th>", a->items[k].name);
    html_raw(&r->out, "</tr></thead><tbody>");
    if (a->n_units)
        grid_row(r, a, &a->units[0], 1);
    for (size_t i = 1; i < a->n_units; i++)
        if (a->units[i].depth == 1)
            grid_row(r, a, &a->units[i], 0);
    table_end(r);
}

/* The form in which the unit shown records its own items and participants. */
static void record_form(struct req *r, const struct activity *a)
{
    const struct activity_unit *u = &a->units[0];
    html_printf(&r->out, "<h2>%s · %s</h2>", tr(r, "activity.record"), u->name);
    struct url action;
    url_begin(&action, r, "/activities/%lld/units/%s", a->id, u->code);
    form_begin(r, url_end(&action), "stack", 0);
    html_printf(&r->out,
                "<label>%s<input type=\"number\" name=\"participants\" min=\"0\" value=\"%s\">"
                "</label>",
                tr(r, "activity.participants"),
                u->participants >= 0 ? arena_int(&r->arena, u->participants) : "");
    for (size_t k = 0; k < a->n_items; k++) {
        const struct activity_item *it = &a->items[k];
        const struct activity_cell *c = &u->cells[k];
        if (it->source != ACTIVITY_MARKED) {
            html_printf(&r->out, "<p>%s: %lld <span class=\"muted\">%s</span></p>", it->name,
                        c->count > 0 ? c->count : 0, tr(r, "activity.from_records"));
            continue;
        }
        html_printf(&r->out,
                    "<fieldset><legend>%s</legend><label><input type=\"checkbox\" name=\"done_%s\""
                    " value=\"1\"%s> %s</label><label>%s<input type=\"number\" name=\"count_%s\""
                    " min=\"0\" value=\"%s\"></label><label>%s<input name=\"note_%s\""
                    " maxlength=\"500\" value=\"%s\"></label>",
                    it->name, it->code, c->done ? " checked" : "", tr(r, "activity.done"),
                    tr(r, "activity.count"), it->code,
                    c->count >= 0 ? arena_int(&r->arena, c->count) : "",
                    tr(r, "activity.note"), it->code, c->note);
        if (*c->by)
            html_printf(&r->out, "<p class=\"muted\">%s %s %s</p>", tr(r, "activity.marked_by"),
                        c->by, c->at);
        html_raw(&r->out, "</fieldset>");
    }
    form_submit(r, "activity.save", 1);
}

void activity_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "activity");
    if (!id)
        return;
    struct activity a;
    struct err err = { 0 };
    enum result res =
        activity_get(r->db, &r->actor, id, param_str(r, "unit", NULL), &r->arena, &a, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, a.title);
    page_notice(r);
    html_printf(&r->out, "<p>%s %s · %s %s · <a href=\"/activities\">%s</a></p>",
                tr(r, "activity.issuer"), a.unit_name, tr(r, "activity.issued_on"), a.created,
                tr(r, "activity.title"));
    phases_table(r, &a);
    grid(r, &a);
    if (a.n_units && a.units[0].may_record)
        record_form(r, &a);
    page_end(r);
}

/* The marks of the form: one per item that has a count_CODE field (every marked item). */
static enum result read_marks(struct req *r, struct activity_record_input *in, struct err *err)
{
    struct activity_mark_input *marks =
        arena_alloc(&r->arena, (ACTIVITY_ITEMS_MAX + 1) * sizeof(*marks));
    in->marks = marks;
    in->n_marks = 0;
    for (const struct form_field *f = r->form; f; f = f->next) {
        if (strncmp(f->name, "count_", 6) != 0)
            continue;
        if (in->n_marks == ACTIVITY_ITEMS_MAX)
            return err_setf(err, RES_INVALID, "items", "err.too_long", "%d", ACTIVITY_ITEMS_MAX);
        struct activity_mark_input *m = &marks[in->n_marks++];
        m->item = f->name + 6;
        m->done = req_form(r, arena_printf(&r->arena, "done_%s", m->item)) != NULL;
        m->note = req_form(r, arena_printf(&r->arena, "note_%s", m->item));
        m->count = -1;
        if (*f->value && str_to_ll(f->value, 0, 1000000000, &m->count) != 0)
            return err_setf(err, RES_INVALID, "count", "err.range", "0-1000000000");
    }
    return RES_OK;
}

void activity_record_post(struct req *r)
{
    long long id = param_path_id(r, 0, "activity");
    if (!id)
        return;
    struct activity_record_job job = {
        .who = &r->actor,
        .id = id,
        .in = { .unit = r->args[1], .participants = -1 },
    };
    const char *participants = req_form(r, "participants");
    enum result res = read_marks(r, &job.in, &job.err);
    if (res == RES_OK && participants && *participants &&
        str_to_ll(participants, 0, 10000000, &job.in.participants) != 0)
        res = err_setf(&job.err, RES_INVALID, "participants", "err.range", "0-10000000");
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, activity_record_job, &job, &job.err) != RES_OK)
        return;
    struct url back;
    url_begin(&back, r, "/activities/%lld", id);
    url_param(&back, "unit", r->args[1]);
    url_param(&back, "ok", "activity.recorded");
    resp_redirect(r, url_end(&back));
}
