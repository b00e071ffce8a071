/*
 * JSON handlers of the supervision cycle's lists and messages (handler layer; issue 25): the
 * inbox and its read marks, leaders' instructions and the tasks issued from them, and what is
 * asked of a unit. Each write goes through the single writer as its own typed job.
 */
#include <math.h>
#include <string.h>

#include "auth/outbox.h"
#include "core/json.h"
#include "http/param.h"
#include "task/instruction.h"
#include "task/task.h"
#include "task/task_cycle.h"
#include "task/task_int_web.h"
#include "task/task_web.h"

static void add_message(void *ctx, const struct inbox_msg *m)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)m->id, "kind",
                          m->kind, "title", m->title, "path", m->path, "day", m->day, "read",
                          m->read);
    json_object_set_new(j, "task", m->task_id ? json_integer(m->task_id) : json_null());
    json_object_set_new(j, "instruction",
                        m->instruction_id ? json_integer(m->instruction_id) : json_null());
    json_array_append_new(ctx, j);
}

void inbox_api(struct req *r)
{
    long long limit = 0;
    if (param_int(r, "limit", 1, 1000, 200, &limit))
        return;
    json_t *list = json_array();
    if (outbox_inbox(r->db, &r->actor, limit, add_message, list) != RES_OK) {
        json_decref(list);
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "messages", list));
}

void inbox_read_api(struct req *r)
{
    long long id = param_path_id(r, 0, "message");
    if (!id)
        return;
    struct outbox_read_job job = { .who = &r->actor, .id = id };
    if (req_run(r, outbox_read_job, &job, &job.err) == RES_OK)
        resp_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "read", 1));
}

void instruction_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct instruction_create_job job = { .who = &r->actor };
    enum result res = json_need_str(in, "unit", &job.in.unit, &job.err);
    if (res == RES_OK)
        res = json_need_int(in, "leader", &job.in.leader, &job.err);
    const struct {
        const char *key;
        const char **out;
    } texts[] = { { "day", &job.in.day },
                  { "text", &job.in.text },
                  { "on", &job.in.on },
                  { "on_kind", &job.in.on_kind } };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]) && res == RES_OK; i++)
        res = json_get_str(in, texts[i].key, texts[i].out, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, instruction_create_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

void instruction_task_api(struct req *r)
{
    long long id = param_path_id(r, 0, "instruction");
    json_t *in = id ? req_json(r) : NULL;
    if (!in)
        return;
    struct instruction_task_job job = { .who = &r->actor, .id = id };
    enum result res = task_input_from_json(r, in, &job.in, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, instruction_task_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.task_id));
}

static json_t *instruction_json(const struct instruction *i)
{
    return json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:o, s:I, s:b}", "id", (json_int_t)i->id,
                     "unit", i->unit_code, "leader", (json_int_t)i->leader_id, "leader_name",
                     i->leader_name, "day", i->day, "text", i->text, "on", i->on, "on_kind",
                     *i->on_kind ? json_string(i->on_kind) : json_null(), "n_tasks",
                     (json_int_t)i->n_tasks, "done", INSTRUCTION_DONE(i));
}

struct instruction_doc {
    json_t *doc;   /* the instruction */
    json_t *tasks; /* its tasks */
};

static void set_instruction(void *ctx, const struct instruction *i)
{
    struct instruction_doc *d = ctx;
    d->doc = instruction_json(i);
}

static void add_instruction_task(void *ctx, long long task, const char *title, const char *state)
{
    struct instruction_doc *d = ctx;
    json_array_append_new(d->tasks, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)task, "title",
                                              title, "state", state));
}

void instruction_show_api(struct req *r)
{
    long long id = param_path_id(r, 0, "instruction");
    if (!id)
        return;
    struct instruction_doc d = { .tasks = json_array() };
    enum result res = instruction_get(r->db, &r->actor, id, set_instruction, add_instruction_task,
                                      &d);
    if (res != RES_OK || !d.doc) {
        json_decref(d.tasks);
        json_decref(d.doc);
        struct err err = { 0 };
        req_fail(r, err_set(&err, res == RES_FAIL ? RES_FAIL : RES_NOT_FOUND, "instruction",
                            res == RES_FAIL ? "err.internal" : "err.not_found"),
                 &err);
        return;
    }
    json_object_set_new(d.doc, "tasks", d.tasks);
    resp_json(r, 200, d.doc);
}

static void add_instruction(void *ctx, const struct instruction *i)
{
    json_array_append_new(ctx, instruction_json(i));
}

void instruction_list_api(struct req *r)
{
    const char *unit = req_query(r, "unit");
    if (!unit) {
        req_fail_invalid(r, "unit", "err.required");
        return;
    }
    json_t *list = json_array();
    struct err err = { 0 };
    enum result res = instruction_each(r->db, &r->actor, unit, req_query(r, "from"),
                                       req_query(r, "to"), add_instruction, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "instructions", list));
}

/* One ask: built key by key, the texts unchecked (stored only after text_check), since a page
 * of a busy county holds a hundred of them. */
static void add_ask(void *ctx, const struct task_ask *a)
{
    const char *light = task_light_name((enum task_light)a->light);
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "kind", json_string_nocheck(a->kind));
    json_object_set_new_nocheck(o, "id", json_integer(a->id));
    json_object_set_new_nocheck(o, "task", a->task ? json_integer(a->task) : json_null());
    json_object_set_new_nocheck(o, "title", json_string_nocheck(a->title));
    json_object_set_new_nocheck(o, "due", json_string_nocheck(a->due));
    json_object_set_new_nocheck(o, "light", light ? json_string_nocheck(light) : json_null());
    json_object_set_new_nocheck(o, "path", json_string_nocheck(a->path));
    json_array_append_new(ctx, o);
}

void asks_api(struct req *r)
{
    const char *unit = req_query(r, "unit");
    if (!unit) {
        req_fail_invalid(r, "unit", "err.required");
        return;
    }
    struct paging page;
    if (param_paging(r, 100, 1000, &page))
        return;
    json_t *list = json_array();
    struct err err = { 0 };
    long long total = 0;
    enum result res = task_asks(r->db, &r->actor, unit, page.offset, page.limit, add_ask, list,
                                &total, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o, s:I}", "asks", list, "total", (json_int_t)total));
}

static json_t *stats_json(const struct supervision_stats *s)
{
    double rate = s->accepted ? (double)s->accepted_on_time * 100.0 / (double)s->accepted : 0.0;
    json_t *j = json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}", "tasks", (json_int_t)s->tasks,
        "signed", (json_int_t)s->is_signed, "signed_late", (json_int_t)s->signed_late,
        "unsigned_late", (json_int_t)s->unsigned_late, "extended", (json_int_t)s->extended,
        "suspended", (json_int_t)s->suspended, "overdue", (json_int_t)s->overdue, "accepted",
        (json_int_t)s->accepted, "accepted_on_time", (json_int_t)s->accepted_on_time,
        "accepted_on_original", (json_int_t)s->accepted_on_original, "on_time_rate",
        round(rate * 100.0) / 100.0);
    json_object_set_new(j, "lights",
                        json_pack("{s:I, s:I, s:I, s:I}", "red", (json_int_t)s->lights[3],
                                  "yellow", (json_int_t)s->lights[2], "blue",
                                  (json_int_t)s->lights[1], "green", (json_int_t)s->lights[0]));
    json_object_set_new(j, "ratings",
                        json_pack("{s:I, s:I, s:I}", "satisfied", (json_int_t)s->ratings[0],
                                  "basic", (json_int_t)s->ratings[1], "dissatisfied",
                                  (json_int_t)s->ratings[2]));
    json_object_set_new(j, "instructions",
                        json_pack("{s:I, s:I}", "received", (json_int_t)s->instructions_received,
                                  "done", (json_int_t)s->instructions_done));
    return j;
}

static void add_stats_unit(void *ctx, const char *code, const struct supervision_stats *s)
{
    json_t *j = stats_json(s);
    json_object_set_new(j, "unit", json_string(code));
    json_array_append_new(ctx, j);
}

/* The statistics of the unit's subtree, or with below those of each unit directly below. */
static void stats_answer(struct req *r, int below)
{
    const char *unit = req_query(r, "unit");
    if (!unit) {
        req_fail_invalid(r, "unit", "err.required");
        return;
    }
    struct supervision_stats all;
    json_t *list = below ? json_array() : NULL;
    struct err err = { 0 };
    enum result res = supervision_stats(r->db, &r->actor, unit, req_query(r, "from"),
                                        req_query(r, "to"), below ? NULL : &all,
                                        below ? add_stats_unit : NULL, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    if (below) {
        resp_json(r, 200, json_pack("{s:o}", "units", list));
        return;
    }
    json_t *doc = stats_json(&all);
    json_object_set_new(doc, "unit", json_string(unit));
    resp_json(r, 200, doc);
}

void supervision_stats_api(struct req *r)
{
    stats_answer(r, 0);
}

void supervision_stats_units_api(struct req *r)
{
    stats_answer(r, 1);
}
