/*
 * HTML handlers of one task (handler layer): its page with milestones, attachments, its
 * decomposition tree, reports, supervision records and timeline, the forms the caller's place
 * allows (report, split, accept or return, supervise) and their posts, and an attachment's
 * download.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "task/notice.h"
#include "task/supervision.h"
#include "task/task.h"
#include "task/task_cycle.h"
#include "task/task_int_web.h"
#include "task/task_web.h"
#include "unit/unit.h"
#include "web/download.h"
#include "web/form.h"
#include "web/layout.h"

struct show_ctx {
    struct req *r;         /* the request being rendered */
    long long id;          /* the task */
    char lead[40];         /* its lead unit's code */
    char assigner[40];     /* its assigning unit's code */
    char state[16];        /* its state */
    long long reported_by; /* the account that reported it done */
    int depth;             /* its split level */
    int is_signed;         /* signed for by the lead unit */
    int suspended;         /* suspended by the issuing unit */
    int pending;           /* an extension request waits for a decision */
    int n;                 /* rows written by the current list */
};

static void assist_name(void *ctx, const char *code, const char *name)
{
    struct show_ctx *c = ctx;
    (void)code;
    html_printf(&c->r->out, "%s%s", c->n++ ? tr(c->r, "list.sep") : "", name);
}

static void task_detail(void *ctx, const struct task *t)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    snprintf(c->lead, sizeof(c->lead), "%s", t->lead_code);
    snprintf(c->assigner, sizeof(c->assigner), "%s", t->assigner_code);
    snprintf(c->state, sizeof(c->state), "%s", t->state);
    c->reported_by = t->reported_by;
    c->depth = t->depth;
    c->is_signed = t->signed_at != NULL;
    c->suspended = t->suspended;
    page_begin(r, t->title);
    page_notice(r);
    html_raw(&r->out, "<p>");
    task_badges(r, t, 1);
    html_printf(&r->out, " %s · %s</p>", tr_enum(r, "state", t->state),
                tr_enum(r, "kind", t->kind));
    if (t->parent_id)
        html_printf(&r->out, "<p class=\"crumbs\"><a href=\"/tasks/%lld\">%s</a></p>", t->parent_id,
                    tr(r, "task.parent"));
    html_printf(&r->out, "<table><tbody><tr><th>%s</th><td>%s</td></tr>", tr(r, "task.lead_unit"),
                t->lead_name);
    html_printf(&r->out, "<tr><th>%s</th><td>", tr(r, "task.assist_units"));
    c->n = 0;
    task_assists(r->db, t->id, assist_name, c);
    html_printf(&r->out, "%s</td></tr><tr><th>%s</th><td>%s</td></tr>", c->n ? "" : "—",
                tr(r, "task.assigner"), t->assigner_name);
    c->n = 0;
    html_printf(&r->out, "<tr><th>%s</th><td>%s</td></tr>", tr(r, "task.leader"), t->leader_name);
    html_printf(&r->out, "<tr><th>%s</th><td>%s</td></tr>", tr(r, "task.deadline"), t->deadline);
    if (t->instruction_id)
        html_printf(&r->out, "<tr><th>%s</th><td><a href=\"/instructions/%lld\">%s</a></td></tr>",
                    tr(r, "task.from_instruction"), t->instruction_id, tr(r, "instruction.one"));
    html_printf(&r->out, "<tr><th>%s</th><td>%d%%</td></tr>", tr(r, "task.percent"), t->percent);
    html_printf(&r->out, "<tr><th>%s</th><td class=\"pre\">%s</td></tr></tbody></table>",
                tr(r, "task.description"), t->description);
}

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

static void tree_row(void *ctx, const struct task *t)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul class=\"tree\">", tr(r, "task.tree"));
    int level = t->depth - c->depth;
    html_printf(&r->out, "<li class=\"d%d\">", level > 6 ? 6 : level);
    task_badges(r, t, 0);
    html_printf(&r->out, " <a href=\"/tasks/%lld\">%s</a> · %s · %s · %s · %d%%</li>", t->id,
                t->title, t->lead_name, t->deadline, tr_enum(r, "state", t->state), t->percent);
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

static void extension_row(void *ctx, const struct task_extension *e)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "task.extensions"));
    c->pending |= strcmp(e->state, "pending") == 0;
    html_printf(&r->out, "<li><span class=\"muted\">%s</span> %s → %s · %s<br>"
                         "<span class=\"pre\">%s</span>",
                e->asked_at, e->from, e->to, tr_enum(r, "extension", e->state), e->reason);
    if (*e->decision_reason)
        html_printf(&r->out, "<br><span class=\"pre\">%s</span>", e->decision_reason);
    html_raw(&r->out, "</li>");
}

static void supervision_row(void *ctx, const struct supervision_row *s)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "sup.records"));
    html_printf(&r->out,
                "<li><span class=\"muted\">%s %s</span> <strong>%s</strong><br>"
                "<span class=\"pre\">%s</span></li>",
                s->created, s->unit_name, tr_enum(r, "sup", s->kind), s->text);
}

static void notice_row(void *ctx, const struct notice *n)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "notice.list"));
    notice_item(r, n);
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

/* The URL of the task's action what, such as "accept" (arena). */
static const char *action_url(struct req *r, long long id, const char *what)
{
    struct url u;
    url_begin(&u, r, "/tasks/%lld/%s", id, what);
    return url_end(&u);
}

/* The lead unit's forms: a progress report with its files, and a split for units below. */
static void holder_forms(struct req *r, long long id, const struct unit *lead)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "task.report"));
    form_begin(r, action_url(r, id, "progress"), "stack", FORM_UPLOAD);
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
                "</label>",
                tr(r, "task.report_done"));
    form_submit(r, "form.save", 1);
    if (!lead->n_children)
        return;
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "task.split"));
    form_begin(r, action_url(r, id, "split"), "stack", 0);
    html_printf(&r->out, "<label>%s", tr(r, "task.lead_unit"));
    task_unit_select(r, "lead_unit", lead, 0);
    html_printf(&r->out,
                "</label><label>%s<input name=\"title\" required"
                " maxlength=\"200\"></label><label>%s<input name=\"deadline\""
                " type=\"date\" required></label>",
                tr(r, "task.title"), tr(r, "task.deadline"));
    form_submit(r, "task.split", 1);
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
    int open = strcmp(c->state, "accepted") != 0 && !c->suspended;
    /* the lead unit's own accounts sign for it and ask for a later deadline */
    int own = holds && a->unit_id == lead.id;
    if (own && open && !c->is_signed) {
        form_begin(r, action_url(r, c->id, "sign"), "inline", 0);
        form_submit(r, "task.sign", 1);
    }
    if (holds && open)
        holder_forms(r, c->id, &lead);
    if (own && open && !c->pending) {
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "task.extension"));
        form_begin(r, action_url(r, c->id, "extension"), "stack", 0);
        html_printf(&r->out,
                    "<label>%s<input name=\"to\" type=\"date\" required></label>"
                    "<label>%s<textarea name=\"reason\" rows=\"2\" required></textarea></label>",
                    tr(r, "task.extension_to"), tr(r, "task.extension_reason"));
        form_submit(r, "task.extension", 0);
    }
    /* the issuing unit decides extensions, suspends and resumes */
    if (decides && c->pending) {
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "task.extension_decide"));
        form_begin(r, action_url(r, c->id, "extension/approve"), "stack", 0);
        html_printf(&r->out, "<label>%s %s<input name=\"reason\"></label>",
                    tr(r, "task.decision_reason"), tr(r, "form.optional"));
        form_submit(r, "task.extension_approve", 1);
        form_begin(r, action_url(r, c->id, "extension/refuse"), "stack", 0);
        html_printf(&r->out, "<label>%s<input name=\"reason\" required></label>",
                    tr(r, "task.decision_reason"));
        form_submit(r, "task.extension_refuse", 0);
    }
    if (decides && strcmp(c->state, "accepted") != 0) {
        form_begin(r, action_url(r, c->id, c->suspended ? "resume" : "suspend"), "stack", 0);
        if (!c->suspended)
            html_printf(&r->out, "<label>%s<input name=\"reason\" required></label>",
                        tr(r, "task.suspend_reason"));
        form_submit(r, c->suspended ? "task.resume" : "task.suspend", 0);
    }
    if (decides && !c->suspended && strcmp(c->state, "reported") == 0) {
        static const char *const ratings[] = { "satisfied", "basic", "dissatisfied" };
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "task.decide"));
        form_begin(r, action_url(r, c->id, "accept"), "stack", 0);
        html_printf(&r->out, "<label>%s %s<select name=\"rating\">", tr(r, "task.rating"),
                    tr(r, "form.optional"));
        form_option(r, "", "—", NULL);
        for (size_t i = 0; i < sizeof(ratings) / sizeof(ratings[0]); i++)
            form_option(r, ratings[i], tr_enum(r, "rating", ratings[i]), NULL);
        html_raw(&r->out, "</select></label>");
        form_submit(r, "task.accept", 1);
        form_begin(r, action_url(r, c->id, "return"), "stack", 0);
        html_printf(&r->out, "<label>%s<input name=\"reason\" required></label>",
                    tr(r, "task.return_reason"));
        form_submit(r, "task.return", 0);
    }
    if (open && (role_may(a->role, PERM_SUPERVISE) || a->role == ROLE_LEADER)) {
        static const char *const kinds[] = { "reminder", "urge", "criticism" };
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "sup.issue"));
        form_begin(r, action_url(r, c->id, "supervision"), "stack", 0);
        html_printf(&r->out, "<label>%s<select name=\"kind\">", tr(r, "sup.kind"));
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
            form_option(r, kinds[i], tr_enum(r, "sup", kinds[i]), NULL);
        html_printf(&r->out,
                    "</select></label><label>%s<textarea name=\"text\" rows=\"3\" required>"
                    "</textarea></label>",
                    tr(r, "sup.text"));
        form_submit(r, "sup.issue", 1);
        struct url u;
        url_begin(&u, r, "/notices");
        url_int(&u, "task", c->id);
        html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>", url_end(&u), tr(r, "notice.new"));
    }
}

/* Closes the list of a section that wrote rows, for the next section. */
static void section_end(struct show_ctx *c)
{
    if (c->n)
        html_raw(&c->r->out, "</ul>");
    c->n = 0;
}

void task_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "task");
    if (!id)
        return;
    struct show_ctx c = { .r = r, .id = id };
    if (task_get(r->db, &r->actor, id, task_detail, &c) != RES_OK) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_NOT_FOUND, "task", "err.not_found"), &err);
        return;
    }
    task_milestones(r->db, &r->actor, id, milestone_row, &c);
    section_end(&c);
    task_attachments(r->db, &r->actor, id, attachment_row, &c);
    section_end(&c);
    task_tree(r->db, &r->actor, id, tree_row, &c);
    section_end(&c);
    task_reports(r->db, &r->actor, id, report_row, &c);
    section_end(&c);
    task_extensions(r->db, &r->actor, id, extension_row, &c);
    section_end(&c);
    supervision_each(r->db, &r->actor, SUP_TASK, id, supervision_row, &c);
    section_end(&c);
    notice_each(r->db, &r->actor, NOTICE_TASK, id, notice_row, &c);
    section_end(&c);
    action_forms(r, &c);
    task_timeline(r->db, &r->actor, id, event_row, &c);
    if (c.n)
        html_raw(&r->out, "</ol>");
    page_end(r);
}

void task_attachment_page(struct req *r)
{
    long long id = param_path_id(r, 0, "attachment");
    if (id && task_attachment_get(r->db, &r->actor, id, page_send_file, r) != RES_OK) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_NOT_FOUND, "attachment", "err.not_found"), &err);
    }
}

/* ---- form posts ---- */

void task_split_post(struct req *r)
{
    long long id = param_path_id(r, 0, "task"), child = 0;
    if (!id)
        return;
    struct task_input in = { .title = req_form(r, "title"),
                             .lead_unit = req_form(r, "lead_unit"),
                             .deadline = req_form(r, "deadline") };
    struct task_split_job job = {
        .who = &r->actor, .parent = id, .children = &in, .n_children = 1, .ids = &child
    };
    if (req_run(r, task_split_job, &job, &job.err) == RES_OK)
        task_redirect(r, id, "task.split_done");
}

void task_progress_post(struct req *r)
{
    long long id = param_path_id(r, 0, "task");
    if (!id)
        return;
    struct task_report_job job = { .who = &r->actor, .id = id, .text = req_form(r, "text") };
    job.done = req_form(r, "done") != NULL;
    struct attachment_input *files = arena_alloc(&r->arena, (TASK_FILES_MAX + 1) * sizeof(*files));
    for (const struct form_field *f = r->form; f; f = f->next) {
        if (strcmp(f->name, "attachment") != 0 || !f->filename || !*f->filename)
            continue;
        if (job.n_files == TASK_FILES_MAX) {
            req_fail(
                r,
                err_setf(&job.err, RES_INVALID, "attachment", "err.too_long", "%d", TASK_FILES_MAX),
                &job.err);
            return;
        }
        files[job.n_files++] = (struct attachment_input){ f->filename, f->type, f->value, f->len };
    }
    job.files = files;
    const char *percent = req_form(r, "percent");
    if (str_to_ll(percent ? percent : "", -1000000, 1000000, &job.percent) != 0 && !job.done) {
        req_fail(r, err_setf(&job.err, RES_INVALID, "percent", "err.range", "0-100"), &job.err);
        return;
    }
    if (req_run(r, task_report_job, &job, &job.err) == RES_OK)
        task_redirect(r, id, "task.reported");
}

/* One step of the task's cycle from a form with "to" and "reason" as the step takes them. */
static void step_post(struct req *r, enum task_step step, const char *ok)
{
    const char *reason = req_form(r, "reason");
    struct task_step_job job = { .who = &r->actor,
                                 .id = param_path_id(r, 0, "task"),
                                 .step = step,
                                 .day = req_form(r, "to"),
                                 .reason = reason && *reason ? reason : NULL };
    if (job.id && req_run(r, task_step_job, &job, &job.err) == RES_OK)
        task_redirect(r, job.id, ok);
}

void task_sign_post(struct req *r)
{
    step_post(r, TASK_SIGN, "task.signed_ok");
}

void task_extension_post(struct req *r)
{
    step_post(r, TASK_EXTENSION_ASK, "task.extension_asked");
}

void task_extension_approve_post(struct req *r)
{
    step_post(r, TASK_EXTENSION_APPROVE, "task.extension_decided");
}

void task_extension_refuse_post(struct req *r)
{
    step_post(r, TASK_EXTENSION_REFUSE, "task.extension_decided");
}

void task_suspend_post(struct req *r)
{
    step_post(r, TASK_SUSPEND, "task.suspended_ok");
}

void task_resume_post(struct req *r)
{
    step_post(r, TASK_RESUME, "task.resumed_ok");
}

void task_accept_post(struct req *r)
{
    const char *rating = req_form(r, "rating");
    struct task_accept_job job = { .who = &r->actor,
                                   .id = param_path_id(r, 0, "task"),
                                   .rating = rating && *rating ? rating : NULL };
    if (job.id && req_run(r, task_accept_job, &job, &job.err) == RES_OK)
        task_redirect(r, job.id, "task.accepted");
}

void task_return_post(struct req *r)
{
    struct task_return_job job = { .who = &r->actor,
                                   .id = param_path_id(r, 0, "task"),
                                   .reason = req_form(r, "reason") };
    if (job.id && req_run(r, task_return_job, &job, &job.err) == RES_OK)
        task_redirect(r, job.id, "task.returned");
}

void task_supervision_post(struct req *r)
{
    struct task_supervise_job job = { .who = &r->actor,
                                      .id = param_path_id(r, 0, "task"),
                                      .kind = req_form(r, "kind"),
                                      .text = req_form(r, "text") };
    if (job.id && req_run(r, task_supervise_job, &job, &job.err) == RES_OK)
        task_redirect(r, job.id, "sup.issued");
}
