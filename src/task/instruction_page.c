/*
 * HTML handlers of leaders' instructions (handler layer; issue 25 item 6, 领导批示): the list of
 * a unit's instructions with the form that records one, an instruction's page with its tasks
 * and the form that issues a task from it. The rules are instruction.c's.
 */
#include <stdio.h>

#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "task/instruction.h"
#include "task/task.h"
#include "task/task_int_web.h"
#include "task/task_web.h"
#include "unit/unit.h"
#include "web/form.h"
#include "web/layout.h"

static const char *const on_kinds[] = { "report", "document", "essay" };

/* The kind of what an instruction is written on, in words, after its title; "" for none. */
static const char *on_kind_text(struct req *r, const char *kind)
{
    return *kind ? arena_printf(&r->arena, "(%s)", tr_enum(r, "instruction.on_kind", kind)) : "";
}

static void list_row(void *ctx, const struct instruction *i)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td>%s</td><td>%s</td><td><a href=\"/instructions/%lld\">%s</a> %s</td>"
                "<td class=\"num\">%lld</td><td>%s</td></tr>",
                i->day, i->leader_name, i->id, i->on, on_kind_text(r, i->on_kind), i->n_tasks,
                tr(r, INSTRUCTION_DONE(i) ? "instruction.done" : "instruction.open"));
}

/* The form that records an instruction of the actor's unit or one below it. */
static void create_form(struct req *r, const struct unit *own)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "instruction.new"));
    form_begin(r, "/instructions", "stack", 0);
    html_printf(&r->out, "<label>%s", tr(r, "instruction.unit"));
    task_unit_select(r, "unit", own, 1);
    html_printf(&r->out, "</label><label>%s", tr(r, "instruction.leader"));
    task_leader_select(r, own, 1);
    html_printf(&r->out,
                "</label><label>%s<input name=\"day\" type=\"date\" required></label>"
                "<label>%s<input name=\"on\" required maxlength=\"200\"></label><label>%s"
                "<select name=\"on_kind\">",
                tr(r, "instruction.day"), tr(r, "instruction.on"), tr(r, "instruction.on_kind"));
    form_option(r, "", "—", NULL);
    for (size_t k = 0; k < sizeof(on_kinds) / sizeof(on_kinds[0]); k++)
        form_option(r, on_kinds[k], tr_enum(r, "instruction.on_kind", on_kinds[k]), NULL);
    html_printf(&r->out,
                "</select></label><label>%s<textarea name=\"text\" rows=\"4\" required"
                " maxlength=\"2000\"></textarea></label>",
                tr(r, "instruction.text"));
    form_submit(r, "form.save", 1);
}

void instruction_list_page(struct req *r)
{
    struct unit own;
    struct err err = { 0 };
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) != RES_OK) {
        req_fail(r, err_set(&err, RES_NOT_FOUND, "unit", "err.not_found"), &err);
        return;
    }
    const char *unit = param_str(r, "unit", own.code), *from = param_str(r, "from", NULL),
               *to = param_str(r, "to", NULL);
    page_begin(r, tr(r, "instruction.title"));
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "instruction.hint"));
    form_begin(r, "/instructions", "filters", FORM_GET);
    html_printf(&r->out,
                "<label>%s<input name=\"unit\" value=\"%s\"></label>"
                "<label>%s<input name=\"from\" type=\"date\" value=\"%s\"></label>"
                "<label>%s<input name=\"to\" type=\"date\" value=\"%s\"></label>",
                tr(r, "instruction.unit"), unit, tr(r, "report.from"), from ? from : "",
                tr(r, "report.to"), to ? to : "");
    form_submit(r, "filter.apply", 0);
    static const char *const cols[] = { "instruction.day", "instruction.leader",
                                        "instruction.on", "#instruction.tasks",
                                        "instruction.state" };
    table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    enum result res = instruction_each(r->db, &r->actor, unit, from, to, list_row, r, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    table_end(r);
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        create_form(r, &own);
    page_end(r);
}

void instruction_create_post(struct req *r)
{
    struct instruction_create_job job = { .who = &r->actor };
    job.in.unit = req_form(r, "unit");
    job.in.day = req_form(r, "day");
    job.in.text = req_form(r, "text");
    job.in.on = req_form(r, "on");
    const char *kind = req_form(r, "on_kind");
    job.in.on_kind = kind && *kind ? kind : NULL;
    const char *leader = req_form(r, "leader");
    if (leader && *leader && str_to_ll(leader, 1, 1LL << 62, &job.in.leader) != 0) {
        req_fail_invalid(r, "leader", "err.bad_type");
        return;
    }
    if (req_run(r, instruction_create_job, &job, &job.err) != RES_OK)
        return;
    struct url u;
    url_begin(&u, r, "/instructions/%lld", job.id);
    url_param(&u, "ok", "instruction.created");
    resp_redirect(r, url_end(&u));
}

struct show_ctx {
    struct req *r; /* the request being rendered */
    int found;     /* the instruction was shown */
    int n;         /* its tasks shown */
};

static void show_instruction(void *ctx, const struct instruction *i)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    c->found = 1;
    page_begin(r, tr(r, "instruction.one"));
    html_printf(&r->out,
                "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
                "<dd>%s %s</dd><dt>%s</dt><dd>%s</dd></dl><blockquote>%s</blockquote>",
                tr(r, "instruction.leader"), i->leader_name, tr(r, "instruction.day"), i->day,
                tr(r, "instruction.on"), i->on, on_kind_text(r, i->on_kind),
                tr(r, "instruction.state"),
                tr(r, INSTRUCTION_DONE(i) ? "instruction.done" : "instruction.open"), i->text);
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "instruction.tasks"));
}

static void show_task(void *ctx, long long task, const char *title, const char *state)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0) {
        static const char *const cols[] = { "task.title", "task.state" };
        table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    }
    html_printf(&r->out, "<tr><td><a href=\"/tasks/%lld\">%s</a></td><td>%s</td></tr>", task,
                title, tr_enum(r, "state", state));
}

/* The form that issues a task from instruction id, led by a unit of the actor's subtree. */
static void task_form(struct req *r, long long id)
{
    struct unit own;
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) != RES_OK)
        return;
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "instruction.issue"));
    char action[64];
    snprintf(action, sizeof(action), "/instructions/%lld/tasks", id);
    form_begin(r, action, "stack", 0);
    html_printf(&r->out,
                "<label>%s<input name=\"title\" required maxlength=\"200\"></label><label>%s"
                "<select name=\"kind\">",
                tr(r, "task.title"), tr(r, "task.kind"));
    form_option(r, "key", tr(r, "kind.key"), "key");
    form_option(r, "routine", tr(r, "kind.routine"), "key");
    html_printf(&r->out, "</select></label><label>%s", tr(r, "task.lead_unit"));
    task_unit_select(r, "lead_unit", &own, 1);
    html_printf(&r->out, "</label><label>%s", tr(r, "task.leader"));
    task_leader_select(r, &own, 0);
    html_printf(&r->out, "</label><label>%s<input name=\"deadline\" type=\"date\" required>"
                         "</label>",
                tr(r, "task.deadline"));
    form_submit(r, "instruction.issue", 1);
}

void instruction_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "instruction");
    if (!id)
        return;
    struct show_ctx c = { .r = r };
    enum result res = instruction_get(r->db, &r->actor, id, show_instruction, show_task, &c);
    if (res != RES_OK || !c.found) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, res == RES_FAIL ? RES_FAIL : RES_NOT_FOUND, "instruction",
                            res == RES_FAIL ? "err.internal" : "err.not_found"),
                 &err);
        return;
    }
    if (c.n)
        table_end(r);
    else
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "instruction.no_tasks"));
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        task_form(r, id);
    page_end(r);
}

void instruction_task_post(struct req *r)
{
    long long id = param_path_id(r, 0, "instruction");
    if (!id)
        return;
    struct instruction_task_job job = { .who = &r->actor, .id = id };
    job.in.title = req_form(r, "title");
    job.in.kind = req_form(r, "kind");
    job.in.lead_unit = req_form(r, "lead_unit");
    job.in.deadline = req_form(r, "deadline");
    const char *leader = req_form(r, "leader");
    if (leader && *leader && str_to_ll(leader, 1, 1LL << 62, &job.in.leader) != 0) {
        req_fail_invalid(r, "leader", "err.bad_type");
        return;
    }
    if (req_run(r, instruction_task_job, &job, &job.err) == RES_OK)
        task_redirect(r, job.task_id, "task.created");
}
