/*
 * JSON handlers of activities (handler layer; issue 15 item 6): issue an activity, list those
 * reaching a unit, one activity with every unit's state and roll-up, and a unit's item or
 * participants. Every write is a typed job run by req_run.
 */
#include <string.h>

#include "activity/activity.h"
#include "activity/activity_web.h"
#include "core/json.h"
#include "http/param.h"

/* Reads the items of one phase of the request into p, arena memory. */
static enum result read_items(struct req *r, json_t *phase, struct activity_phase_input *p,
                              struct err *err)
{
    json_t *items = json_object_get(phase, "items");
    if (items && !json_is_null(items) && !json_is_array(items))
        return err_set(err, RES_INVALID, "items", "err.bad_type");
    size_t n = json_array_size(items);
    if (n > ACTIVITY_ITEMS_MAX)
        return err_setf(err, RES_INVALID, "items", "err.too_long", "%d", ACTIVITY_ITEMS_MAX);
    struct activity_item_input *list = arena_alloc(&r->arena, (n + 1) * sizeof(*list));
    for (size_t k = 0; k < n; k++) {
        json_t *it = json_array_get(items, k);
        enum result res;
        if (!json_is_object(it))
            return err_set(err, RES_INVALID, "items", "err.bad_type");
        if ((res = json_get_str(it, "code", &list[k].code, err)) != RES_OK ||
            (res = json_get_str(it, "name", &list[k].name, err)) != RES_OK)
            return res;
    }
    p->items = list;
    p->n_items = n;
    return RES_OK;
}

/* Reads {"unit","title","phases":[...]} into in, arena memory. */
static enum result read_activity(struct req *r, json_t *o, struct activity_input *in,
                                 struct err *err)
{
    enum result res;
    if ((res = json_need_str(o, "unit", &in->unit, err)) != RES_OK ||
        (res = json_get_str(o, "title", &in->title, err)) != RES_OK)
        return res;
    json_t *phases = json_object_get(o, "phases");
    if (phases && !json_is_null(phases) && !json_is_array(phases))
        return err_set(err, RES_INVALID, "phases", "err.bad_type");
    size_t n = json_array_size(phases);
    if (n > ACTIVITY_PHASES_MAX)
        return err_setf(err, RES_INVALID, "phases", "err.too_long", "%d", ACTIVITY_PHASES_MAX);
    struct activity_phase_input *list = arena_alloc(&r->arena, (n + 1) * sizeof(*list));
    for (size_t i = 0; i < n; i++) {
        json_t *p = json_array_get(phases, i);
        memset(&list[i], 0, sizeof(list[i]));
        if (!json_is_object(p))
            return err_set(err, RES_INVALID, "phases", "err.bad_type");
        if ((res = json_get_str(p, "name", &list[i].name, err)) != RES_OK ||
            (res = json_get_str(p, "from", &list[i].from, err)) != RES_OK ||
            (res = json_get_str(p, "to", &list[i].to, err)) != RES_OK ||
            (res = read_items(r, p, &list[i], err)) != RES_OK)
            return res;
    }
    in->phases = list;
    in->n_phases = n;
    return RES_OK;
}

void activity_create_api(struct req *r)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct activity_create_job job = { .who = &r->actor };
    enum result res = read_activity(r, o, &job.in, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, activity_create_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

static void summary_row(void *ctx, const struct activity_summary *s)
{
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "id",
                                         (json_int_t)s->id, "title", s->title, "unit",
                                         s->unit_code, "unit_name", s->unit_name, "from", s->from,
                                         "to", s->to, "phases", (json_int_t)s->n_phases, "items",
                                         (json_int_t)s->n_items));
}

void activity_list_api(struct req *r)
{
    struct err err = { 0 };
    json_t *list = json_array();
    enum result res =
        activity_each(r->db, &r->actor, param_str(r, "unit", NULL), summary_row, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "activities", list));
}

/* A figure that may be missing: null for -1. */
static json_t *figure(long long v)
{
    return v < 0 ? json_null() : json_integer(v);
}

static json_t *unit_json(const struct activity *a, const struct activity_unit *u)
{
    json_t *items = json_array(), *rolled = json_array();
    for (size_t k = 0; k < a->n_items; k++) {
        const struct activity_cell *c = &u->cells[k];
        const char *code = a->items[k].code;
        json_array_append_new(items, json_pack("{s:s, s:b, s:o, s:s, s:s, s:s, s:b}", "code", code,
                                               "done", c->done, "count", figure(c->count), "note",
                                               c->note, "by", c->by, "at", c->at, "computed",
                                               a->items[k].source != ACTIVITY_MARKED));
        json_array_append_new(rolled, json_pack("{s:s, s:I, s:I}", "code", code, "done",
                                                (json_int_t)u->n_done[k], "count",
                                                (json_int_t)u->sum_count[k]));
    }
    return json_pack(
        "{s:s, s:s, s:i, s:o, s:b, s:o, s:{s:I, s:I, s:I, s:I, s:o}}", "code", u->code, "name",
        u->name, "depth", u->depth, "participants", figure(u->participants), "may_record",
        u->may_record, "items", items, "rollup", "units", (json_int_t)u->n_units, "done",
        (json_int_t)u->done, "required", (json_int_t)u->required, "participants",
        (json_int_t)u->sum_participants, "items", rolled);
}

void activity_show_api(struct req *r)
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
    json_t *phases = json_array(), *units = json_array();
    for (size_t i = 0; i < a.n_phases; i++) {
        json_t *items = json_array();
        for (size_t k = 0; k < a.n_items; k++)
            if (a.items[k].phase == i)
                json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "code", a.items[k].code,
                                                       "name", a.items[k].name, "computed",
                                                       a.items[k].source != ACTIVITY_MARKED));
        json_array_append_new(phases, json_pack("{s:s, s:s, s:s, s:o}", "name", a.phases[i].name,
                                                "from", a.phases[i].from, "to", a.phases[i].to,
                                                "items", items));
    }
    for (size_t i = 0; i < a.n_units; i++)
        json_array_append_new(units, unit_json(&a, &a.units[i]));
    resp_json(r, 200,
              json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)a.id, "title",
                        a.title, "unit", a.unit_code, "unit_name", a.unit_name, "created",
                        a.created, "phases", phases, "units", units));
}

void activity_item_api(struct req *r)
{
    long long id = param_path_id(r, 0, "activity");
    json_t *o = id ? req_json(r) : NULL;
    if (!o)
        return;
    struct activity_mark_input m = { .item = r->args[2], .count = -1 };
    struct activity_record_job job = {
        .who = &r->actor,
        .id = id,
        .in = { .unit = r->args[1], .marks = &m, .n_marks = 1, .participants = -1 },
    };
    int present;
    enum result res = RES_OK;
    if (!json_is_boolean(json_object_get(o, "done")))
        res = err_set(&job.err, RES_INVALID, "done", "err.required");
    if (res == RES_OK)
        res = json_get_bool(o, "done", &m.done, &job.err);
    if (res == RES_OK)
        res = json_get_int(o, "count", &m.count, &present, &job.err);
    if (res == RES_OK && !present)
        m.count = -1;
    if (res == RES_OK)
        res = json_get_str(o, "note", &m.note, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, activity_record_job, &job, &job.err) == RES_OK)
        resp_json(r, 200, json_pack("{s:s, s:s, s:b}", "unit", r->args[1], "item", m.item,
                                    "done", m.done));
}

void activity_participants_api(struct req *r)
{
    long long id = param_path_id(r, 0, "activity");
    json_t *o = id ? req_json(r) : NULL;
    if (!o)
        return;
    struct activity_record_job job = {
        .who = &r->actor,
        .id = id,
        .in = { .unit = r->args[1] },
    };
    enum result res = json_need_int(o, "count", &job.in.participants, &job.err);
    if (res == RES_OK && job.in.participants < 0)
        res = err_setf(&job.err, RES_INVALID, "count", "err.range", "0-10000000");
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, activity_record_job, &job, &job.err) == RES_OK)
        resp_json(r, 200, json_pack("{s:s, s:I}", "unit", r->args[1], "participants",
                                    (json_int_t)job.in.participants));
}
