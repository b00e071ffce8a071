/* JSON handlers for people (handler layer): GET /api/v1/persons?unit=CODE, POST /api/v1/persons. */
#include "core/json.h"
#include "core/str.h"
#include "http/param.h"
#include "person/person.h"
#include "person/person_web.h"

static void add_person(void *ctx, const struct person *p)
{
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)p->id, "name",
                                         p->name, "unit", p->unit_code, "position", p->position));
}

void person_list_api(struct req *r)
{
    struct err err = { 0 };
    const char *unit = req_query(r, "unit");
    if (!unit) {
        err_set(&err, RES_INVALID, "unit", "err.required");
        resp_api_fail(r, RES_INVALID, &err);
        return;
    }
    struct paging pg;
    int order = param_name_order(r);
    if (order < 0 || param_paging(r, 1000, 10000, &pg))
        return;
    json_t *list = json_array();
    long long total = 0;
    enum result res = person_each_in(r->db, &r->actor, unit, (enum name_order)order, pg.offset,
                                     pg.limit, &total, add_person, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        resp_api_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o, s:I}", "persons", list, "total", (json_int_t)total));
}

void person_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct person_add_job job = { .who = &r->actor };
    enum result res;
    if ((res = json_get_str(in, "name", &job.in.name, &job.err)) != RES_OK ||
        (res = json_get_str(in, "unit", &job.in.unit_code, &job.err)) != RES_OK ||
        (res = json_get_str(in, "position", &job.in.position, &job.err)) != RES_OK ||
        (res = json_get_str(in, "phone", &job.in.phone, &job.err)) != RES_OK ||
        (res = json_get_str(in, "email", &job.in.email, &job.err)) != RES_OK ||
        (res = req_write(r, person_add_job, &job)) != RES_OK) {
        resp_api_fail(r, res, &job.err);
        return;
    }
    resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}
