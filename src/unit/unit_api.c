/* JSON handlers of the unit tree (handler layer): GET/POST /api/v1/units, GET .../{code}, and
 * the departments' leaders: POST /api/v1/leaders, GET /api/v1/units/{code}/leaders. */
#include "core/json.h"
#include "http/param.h"
#include "unit/leader.h"
#include "unit/unit.h"
#include "unit/unit_web.h"

static json_t *unit_to_json(const struct unit *u)
{
    return json_pack("{s:s, s:s, s:s?, s:s, s:I, s:I}", "code", u->code, "name", u->name, "parent",
                     u->parent_code[0] ? u->parent_code : NULL, "kind", u->kind, "persons",
                     (json_int_t)u->n_persons, "persons_total", (json_int_t)u->n_total);
}

static void add_unit(void *ctx, const struct unit *u)
{
    json_array_append_new(ctx, unit_to_json(u));
}

void unit_list_api(struct req *r)
{
    json_t *list = json_array();
    enum result res = unit_each(r->db, &r->actor, NULL, -1, add_unit, list);
    if (res != RES_OK) {
        json_decref(list);
        struct err err = { 0 };
        resp_api_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "units", list));
}

void unit_show_api(struct req *r)
{
    struct unit u;
    struct err err = { 0 };
    enum result res = unit_get(r->db, &r->actor, r->args[0], &u, &err);
    if (res != RES_OK) {
        resp_api_fail(r, res, &err);
        return;
    }
    json_t *doc = unit_to_json(&u);
    json_object_set_new(doc, "children", json_integer(u.n_children));
    resp_json(r, 200, doc);
}

/* The parent is required: only the command line makes a root, and unit_add would answer 403 to
 * a request without one, not say what is missing. */
void unit_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct unit_add_job job = { .who = &r->actor };
    enum result res;
    if ((res = json_get_str(in, "code", &job.in.code, &job.err)) != RES_OK ||
        (res = json_get_str(in, "name", &job.in.name, &job.err)) != RES_OK ||
        (res = json_need_str(in, "parent", &job.in.parent_code, &job.err)) != RES_OK ||
        (res = json_get_str(in, "kind", &job.in.kind, &job.err)) != RES_OK ||
        (res = req_write(r, unit_add_job, &job)) != RES_OK) {
        resp_api_fail(r, res, &job.err);
        return;
    }
    resp_json(r, 201, json_pack("{s:s, s:I}", "code", job.in.code, "id", (json_int_t)job.id));
}

void leader_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct leader_add_job job = { .who = &r->actor };
    enum result res;
    if ((res = json_need_str(in, "unit", &job.in.unit, &job.err)) != RES_OK ||
        (res = json_need_int(in, "person", &job.in.person, &job.err)) != RES_OK ||
        (res = json_need_str(in, "title", &job.in.title, &job.err)) != RES_OK ||
        (res = json_get_str(in, "starts", &job.in.starts, &job.err)) != RES_OK ||
        (res = param_json_strings(r, in, "offices", LEADER_OFFICES_MAX, &job.in.offices,
                                  &job.in.n_offices, &job.err)) != RES_OK ||
        (res = req_run(r, leader_add_job, &job, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

static void add_leader(void *ctx, const struct leader_row *l)
{
    json_t *offices = json_array();
    for (const char *p = l->offices; *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        json_array_append_new(offices, json_stringn(p, n));
        p += n + (comma != NULL);
    }
    json_array_append_new(ctx, json_pack("{s:I, s:I, s:s, s:s, s:o, s:s}", "id", (json_int_t)l->id,
                                         "person", (json_int_t)l->person_id, "name", l->name,
                                         "title", l->title, "offices", offices, "starts",
                                         l->starts));
}

void leader_list_api(struct req *r)
{
    json_t *list = json_array();
    struct err err = { 0 };
    enum result res = leader_each(r->db, &r->actor, r->args[0], add_leader, list);
    if (res != RES_OK) {
        json_decref(list);
        err_set(&err, res, "unit", "err.not_found");
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "leaders", list));
}
