/*
 * JSON handlers of tasks (handler layer): create, split, progress, accept, return,
 * supervision, the ledger list with filters, one task with its timeline, and the subtree
 * statistics. Each write goes through the single writer as its own typed job.
 */
#include <string.h>

#include "core/json.h"
#include "http/param.h"
#include "task/supervision.h"
#include "task/task.h"
#include "task/task_cycle.h"
#include "task/task_int_web.h"
#include "task/task_web.h"

static json_t *task_to_json(const struct task *t)
{
    json_t *j = json_object();
    json_put_int(j, "id", t->id);
    json_put_str(j, "title", t->title);
    json_put_str(j, "kind", t->kind);
    json_put_str(j, "state", t->state);
    json_put_str(j, "deadline", t->deadline);
    json_put_str(j, "lead_unit", t->lead_code);
    json_put_str(j, "lead_unit_name", t->lead_name);
    json_put_str(j, "assigner_unit", t->assigner_code);
    json_put_int(j, "percent", t->percent);
    json_put_int(j, "leader", t->leader_id);
    if (t->n_children >= 0)
        json_put_int(j, "children", t->n_children);
    json_object_set_new_nocheck(j, "parent", t->parent_id ? json_integer(t->parent_id)
                                                          : json_null());
    json_put_str(j, "leader_name", t->leader_name);
    json_put_str(j, "description", t->description);
    json_object_set_new_nocheck(j, "light", t->light ? json_string(task_light_name(t->light))
                                                     : json_null());
    json_object_set_new_nocheck(j, "light_reason",
                                t->light_reason ? json_string(t->light_reason) : json_null());
    json_object_set_new_nocheck(j, "overdue", json_boolean(t->overdue));
    json_object_set_new_nocheck(j, "due_soon", json_boolean(t->due_soon));
    json_object_set_new_nocheck(j, "stalled", json_boolean(t->stalled));
    if (t->n_children >= 0) { /* one task, not a list's row */
        json_object_set_new(j, "signed_at", t->signed_at ? json_string(t->signed_at) : json_null());
        json_object_set_new(j, "instruction",
                            t->instruction_id ? json_integer(t->instruction_id) : json_null());
        json_object_set_new(j, "original_deadline", t->original_deadline
                                                        ? json_string(t->original_deadline)
                                                        : json_null());
    }
    return j;
}

enum result task_input_from_json(struct req *r, json_t *o, struct task_input *in,
                                 struct err *err)
{
    enum result res;
    int present;
    if ((res = json_get_str(o, "title", &in->title, err)) != RES_OK ||
        (res = json_get_str(o, "description", &in->description, err)) != RES_OK ||
        (res = json_get_str(o, "kind", &in->kind, err)) != RES_OK ||
        (res = json_get_str(o, "lead_unit", &in->lead_unit, err)) != RES_OK ||
        (res = json_get_str(o, "deadline", &in->deadline, err)) != RES_OK ||
        (res = json_get_int(o, "leader", &in->leader, &present, err)) != RES_OK ||
        (res = json_get_int(o, "plan", &in->plan, &present, err)) != RES_OK)
        return res;
    json_t *ms = json_object_get(o, "milestones");
    if (ms && !json_is_null(ms)) {
        size_t n = json_array_size(ms);
        if (!json_is_array(ms) || n > TASK_MILESTONES_MAX)
            return err_set(err, RES_INVALID, "milestones", "err.bad_type");
        struct task_milestone *list = arena_alloc(&r->arena, (n + 1) * sizeof(*list));
        for (size_t i = 0; i < n; i++) {
            json_t *m = json_array_get(ms, i);
            enum result res2 = json_get_str(m, "title", &list[i].title, err);
            if (res2 == RES_OK)
                res2 = json_get_str(m, "due", &list[i].due, err);
            int has_percent = 0;
            list[i].percent = -1;
            if (res2 == RES_OK)
                res2 = json_get_int(m, "percent", &list[i].percent, &has_percent, err);
            if (res2 != RES_OK || !json_is_object(m))
                return err_set(err, RES_INVALID, "milestones", "err.bad_type");
            if (!has_percent)
                list[i].percent = -1;
        }
        in->milestones = list;
        in->n_milestones = n;
    }
    return param_json_strings(r, o, "assist_units", TASK_ASSIST_MAX, &in->assist_units,
                              &in->n_assist, err);
}

void task_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct task_create_job job = { .who = &r->actor };
    long long parent = 0;
    int has_parent = 0;
    enum result res = task_input_from_json(r, in, &job.in, &job.err);
    if (res == RES_OK)
        res = json_get_int(in, "parent", &parent, &has_parent, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (has_parent) {
        /* a sub-task of parent, as the split API makes one */
        struct task_split_job split = {
            .who = &r->actor, .parent = parent, .children = &job.in, .n_children = 1, .ids = &job.id
        };
        res = req_run(r, task_split_job, &split, &split.err);
    } else {
        res = req_run(r, task_create_job, &job, &job.err);
    }
    if (res == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

void task_split_api(struct req *r)
{
    long long id = param_path_id(r, 0, "task");
    json_t *in = id ? req_json(r) : NULL;
    if (!in)
        return;
    struct task_split_job job = { .who = &r->actor, .parent = id };
    json_t *children = json_object_get(in, "children");
    if (!json_is_array(children) || json_array_size(children) == 0 ||
        json_array_size(children) > TASK_SPLIT_MAX) {
        req_fail_invalid(r, "children", "err.required");
        return;
    }
    size_t n = json_array_size(children);
    struct task_input *list = arena_alloc(&r->arena, n * sizeof(*list));
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_array_get(children, i);
        enum result res = json_is_object(c)
                              ? task_input_from_json(r, c, &list[i], &job.err)
                              : err_set(&job.err, RES_INVALID, "children", "err.bad_type");
        if (res != RES_OK) {
            req_fail(r, res, &job.err);
            return;
        }
    }
    long long *ids = arena_alloc(&r->arena, n * sizeof(*ids));
    job.children = list;
    job.n_children = n;
    job.ids = ids;
    if (req_run(r, task_split_job, &job, &job.err) != RES_OK)
        return;
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, json_integer(ids[i]));
    resp_json(r, 201, json_pack("{s:o}", "ids", out));
}

/* Reads "attachments":[{"name","type","data"}] with base64 data into job. */
static enum result parse_files(struct req *r, json_t *files, struct task_report_job *job)
{
    if (!files || json_is_null(files))
        return RES_OK;
    size_t n = json_array_size(files);
    if (!json_is_array(files) || n > TASK_FILES_MAX)
        return err_setf(&job->err, RES_INVALID, "attachments", "err.too_long", "%d",
                        TASK_FILES_MAX);
    struct attachment_input *list = arena_alloc(&r->arena, (n + 1) * sizeof(*list));
    for (size_t i = 0; i < n; i++) {
        enum result res =
            param_json_file(r, json_array_get(files, i), "attachments", &list[i], &job->err);
        if (res != RES_OK)
            return res;
    }
    job->files = list;
    job->n_files = n;
    return RES_OK;
}

void task_progress_api(struct req *r)
{
    long long id = param_path_id(r, 0, "task");
    json_t *in = id ? req_json(r) : NULL;
    if (!in)
        return;
    struct task_report_job job = { .who = &r->actor, .id = id };
    int present = 0;
    enum result res = json_get_str(in, "text", &job.text, &job.err);
    if (res == RES_OK)
        res = json_get_int(in, "percent", &job.percent, &present, &job.err);
    if (res == RES_OK)
        res = json_get_bool(in, "done", &job.done, &job.err);
    if (res == RES_OK)
        res = parse_files(r, json_object_get(in, "attachments"), &job);
    if (res == RES_OK && !present && !job.done)
        res = err_set(&job.err, RES_INVALID, "percent", "err.required");
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, task_report_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* A decision's answer: the task and its new state. */
static void decided(struct req *r, long long id, const char *state)
{
    resp_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", state));
}

void task_accept_api(struct req *r)
{
    long long id = param_path_id(r, 0, "task");
    if (!id)
        return;
    /* the body, {"rating"} or {}, may be left out */
    json_t *in = r->body.len ? req_json(r) : NULL;
    if (r->body.len && !in)
        return;
    struct task_accept_job job = { .who = &r->actor, .id = id };
    enum result res = in ? json_get_str(in, "rating", &job.rating, &job.err) : RES_OK;
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, task_accept_job, &job, &job.err) == RES_OK)
        decided(r, id, "accepted");
}

void task_return_api(struct req *r)
{
    long long id = param_path_id(r, 0, "task");
    json_t *in = id ? req_json(r) : NULL;
    if (!in)
        return;
    struct task_return_job job = { .who = &r->actor, .id = id };
    enum result res = json_get_str(in, "reason", &job.reason, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, task_return_job, &job, &job.err) == RES_OK)
        decided(r, id, "returned");
}

void task_supervision_api(struct req *r)
{
    long long id = param_path_id(r, 0, "task");
    json_t *in = id ? req_json(r) : NULL;
    if (!in)
        return;
    struct task_supervise_job job = { .who = &r->actor, .id = id };
    enum result res = json_get_str(in, "kind", &job.kind, &job.err);
    if (res == RES_OK)
        res = json_get_str(in, "text", &job.text, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, task_supervise_job, &job, &job.err) != RES_OK)
        return;
    json_t *out = json_pack("{s:I, s:s}", "id", (json_int_t)(job.notice_id ? job.notice_id : job.sup_id),
                            "kind", job.kind);
    if (job.notice_id) { /* numbered once a leader signs it */
        json_object_set_new(out, "state", json_string("draft"));
        json_object_set_new(out, "serial", json_string(""));
    }
    resp_json(r, 201, out);
}

static void add_task(void *ctx, const struct task *t)
{
    json_array_append_new(ctx, task_to_json(t));
}

void task_list_api(struct req *r)
{
    struct err err = { 0 };
    struct task_filter f = {
        .unit = req_query(r, "unit"),
        .state = req_query(r, "state"),
        .kind = req_query(r, "kind"),
    };
    if (!f.unit) {
        req_fail_invalid(r, "unit", "err.required");
        return;
    }
    long long subtree = 0, role = 0;
    struct paging page;
    if (param_int(r, "subtree", 0, 1, 0, &subtree) || param_int(r, "year", 0, 9999, 0, &f.year) ||
        param_int(r, "leader", 0, 1LL << 62, 0, &f.leader) || param_paging(r, 100, 1000, &page))
        return;
    f.limit = page.limit;
    f.offset = page.offset;
    const char *role_arg = req_query(r, "role");
    if (role_arg && *role_arg) {
        if (strcmp(role_arg, "lead") == 0)
            role = TASK_ROLE_LEAD;
        else if (strcmp(role_arg, "assist") == 0)
            role = TASK_ROLE_ASSIST;
        else {
            err_setf(&err, RES_INVALID, "role", "err.bad_enum", "lead|assist");
            req_fail(r, RES_INVALID, &err);
            return;
        }
    }
    const char *sort = req_query(r, "sort");
    int sort_id = sort ? task_sort_parse(sort) : TASK_SORT_DEADLINE;
    if (sort_id < 0) {
        err_setf(&err, RES_INVALID, "sort", "err.bad_enum", "deadline|-deadline|newest|progress");
        req_fail(r, RES_INVALID, &err);
        return;
    }
    f.sort = (enum task_sort)sort_id;
    f.subtree = (int)subtree;
    f.role = (enum task_role)role;
    json_t *list = json_array();
    long long total = 0;
    enum result res = task_list(r->db, &r->actor, &f, add_task, list, &total, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o, s:I}", "tasks", list, "total", (json_int_t)total));
}

static void set_task(void *ctx, const struct task *t)
{
    json_t **out = ctx;
    *out = task_to_json(t);
}

static void add_event(void *ctx, const char *at, const char *actor, const char *action,
                      const char *after)
{
    json_t *detail = json_loads(after, 0, NULL);
    json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:o}", "at", at, "actor", actor, "action",
                                         action, "detail", detail ? detail : json_null()));
}

/* task_tree's callback: a sub-task into the "subtree" array, with what the task's page shows
 * of it (a sub-task may lie outside the caller's scope: no description, leader or flags). */
static void add_subtask(void *ctx, const struct task *t)
{
    json_array_append_new(
        ctx,
        json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:s, s:i, s:o}", "id", (json_int_t)t->id, "depth",
                  t->depth, "title", t->title, "lead_unit", t->lead_code, "lead_unit_name",
                  t->lead_name, "deadline", t->deadline, "state", t->state, "percent", t->percent,
                  "light", t->light ? json_string(task_light_name(t->light)) : json_null()));
}

static void add_extension(void *ctx, const struct task_extension *e)
{
    json_array_append_new(
        ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)e->id, "from",
                       e->from, "to", e->to, "reason", e->reason, "asked_at", e->asked_at, "state",
                       e->state, "decided_at",
                       *e->decided_at ? json_string(e->decided_at) : json_null(),
                       "decision_reason", e->decision_reason));
}

void task_show_api(struct req *r)
{
    long long id = param_path_id(r, 0, "task");
    if (!id)
        return;
    json_t *doc = NULL;
    if (task_get(r->db, &r->actor, id, set_task, &doc) != RES_OK || !doc) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_NOT_FOUND, "task", "err.not_found"), &err);
        return;
    }
    json_t *events = json_array();
    task_timeline(r->db, &r->actor, id, add_event, events);
    json_object_set_new(doc, "timeline", events);
    /* the state of the whole subtree: every sub-task below, in tree order */
    json_t *tree = json_array();
    task_tree(r->db, &r->actor, id, add_subtask, tree);
    json_object_set_new(doc, "subtree", tree);
    json_t *extensions = json_array();
    task_extensions(r->db, &r->actor, id, add_extension, extensions);
    json_object_set_new(doc, "extensions", extensions);
    resp_json(r, 200, doc);
}

/* One step of a task's cycle from a JSON body with "to" and "reason" as the step takes them;
 * answers the task as it now stands. */
static void step_api(struct req *r, enum task_step step)
{
    long long id = param_path_id(r, 0, "task");
    json_t *in = id ? req_json(r) : NULL;
    if (!in)
        return;
    struct task_step_job job = { .who = &r->actor, .id = id, .step = step };
    enum result res = json_get_str(in, "reason", &job.reason, &job.err);
    if (res == RES_OK && step == TASK_EXTENSION_ASK)
        res = json_need_str(in, "to", &job.day, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, task_step_job, &job, &job.err) != RES_OK)
        return;
    json_t *doc = NULL;
    task_get(r->db, &r->actor, id, set_task, &doc);
    resp_json(r, step == TASK_EXTENSION_ASK ? 201 : 200,
              doc ? doc : json_pack("{s:I}", "id", (json_int_t)id));
}

void task_sign_api(struct req *r)
{
    step_api(r, TASK_SIGN);
}

void task_extension_api(struct req *r)
{
    step_api(r, TASK_EXTENSION_ASK);
}

void task_extension_approve_api(struct req *r)
{
    step_api(r, TASK_EXTENSION_APPROVE);
}

void task_extension_refuse_api(struct req *r)
{
    step_api(r, TASK_EXTENSION_REFUSE);
}

void task_suspend_api(struct req *r)
{
    step_api(r, TASK_SUSPEND);
}

void task_resume_api(struct req *r)
{
    step_api(r, TASK_RESUME);
}

static json_t *days_json(const struct supervision_days *d)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "sign_days", (json_int_t)d->sign, "due_soon_days",
                     (json_int_t)d->due_soon, "stalled_days", (json_int_t)d->stalled,
                     "escalate_days", (json_int_t)d->escalate);
}

void supervision_days_api(struct req *r)
{
    struct supervision_days d;
    struct err err = { 0 };
    enum result res = supervision_days_get(r->db, &r->actor, r->args[0], &d, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, days_json(&d));
}

void supervision_days_put_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct supervision_days_job job = { .who = &r->actor, .unit = r->args[0] };
    const struct {
        const char *key;
        long long *v;
    } fields[] = { { "sign_days", &job.in.sign },
                   { "due_soon_days", &job.in.due_soon },
                   { "stalled_days", &job.in.stalled },
                   { "escalate_days", &job.in.escalate } };
    enum result res = RES_OK;
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && res == RES_OK; i++)
        res = json_need_int(in, fields[i].key, fields[i].v, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, supervision_days_job, &job, &job.err) == RES_OK)
        resp_json(r, 200, days_json(&job.in));
}

static json_t *stats_json(const struct task_stats *s)
{
    double rate = s->accepted ? (double)s->on_time / (double)s->accepted : 0.0;
    return json_pack("{s:I, s:I, s:I, s:I, s:f}", "total", (json_int_t)s->total, "accepted",
                     (json_int_t)s->accepted, "overdue", (json_int_t)s->overdue, "on_time",
                     (json_int_t)s->on_time, "on_time_rate", rate);
}

struct stats_ctx {
    json_t *rows;     /* by_unit */
    json_t *own_code; /* the unit itself, for its own row */
    json_t *own_name; /* its name */
};

static void add_stats(void *ctx, const char *code, const char *name, int office,
                      const struct task_stats *s)
{
    struct stats_ctx *c = ctx;
    if (!s) {
        c->own_code = json_string(code);
        c->own_name = json_string(name);
        return;
    }
    json_t *row = stats_json(s);
    if (code) {
        json_object_set_new(row, "unit", json_string(code));
        json_object_set_new(row, "name", json_string(name));
        if (office) /* one of the unit's own offices, listed after the levels below */
            json_object_set_new(row, "office", json_true());
    } else {
        /* the tasks the unit leads itself */
        json_object_set_new(row, "unit", c->own_code);
        json_object_set_new(row, "name", c->own_name);
        json_object_set_new(row, "self", json_true());
        c->own_code = c->own_name = NULL;
    }
    json_array_append_new(c->rows, row);
}

void task_stats_api(struct req *r)
{
    struct err err = { 0 };
    const char *unit = req_query(r, "unit");
    if (!unit) {
        req_fail_invalid(r, "unit", "err.required");
        return;
    }
    struct task_stats all;
    struct stats_ctx c = { .rows = json_array() };
    json_t *by_unit = c.rows;
    enum result res = task_stats(r->db, &r->actor, unit, &all, add_stats, &c, &err);
    json_decref(c.own_code);
    json_decref(c.own_name);
    if (res != RES_OK) {
        json_decref(by_unit);
        req_fail(r, res, &err);
        return;
    }
    json_t *doc = stats_json(&all);
    /* supervision over the whole subtree; per unit below on the roll-up page, where it costs
     * no JSON objects (a nested object per row cost this answer 37% more) */
    json_object_set_new(doc, "supervision",
                        json_pack("{s:I, s:I, s:I, s:I}", "reminder", (json_int_t)all.reminders,
                                  "urge", (json_int_t)all.urges, "criticism",
                                  (json_int_t)all.criticisms, "notice",
                                  (json_int_t)(all.notice_praises + all.notice_criticisms)));
    json_object_set_new(doc, "notices",
                        json_pack("{s:I, s:I}", "praise", (json_int_t)all.notice_praises,
                                  "criticism", (json_int_t)all.notice_criticisms));
    json_object_set_new(doc, "unit", json_string(unit));
    json_object_set_new(doc, "by_unit", by_unit);
    resp_json(r, 200, doc);
}
