/*
 * JSON handlers of discipline cases (handler layer; issue 16 item 7): list, create and one
 * case, for supervisors and admins only (others: 403 on create, 404 on every read). Each read
 * is audited before the answer is built.
 */
#include <string.h>

#include "core/json.h"
#include "discipline/discipline.h"
#include "discipline/discipline_web.h"
#include "http/param.h"
#include "registry/registry_web.h"

static json_t *case_json(const struct discipline_case *c)
{
    json_t *o = json_object();
    json_put_int(o, "id", c->id);
    json_put_str(o, "unit", c->unit_code);
    json_put_str(o, "unit_name", c->unit_name);
    json_put_int(o, "person", c->person_id);
    json_put_str(o, "person_name", c->person);
    json_put_str(o, "category", c->category);
    json_put_str(o, "handling", c->handling);
    json_put_str(o, "day", c->day);
    json_put_str(o, "summary", c->summary);
    return o;
}

void discipline_list_api(struct req *r)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    struct discipline_rows rows = { .r = r };
    long long total = 0;
    if (!discipline_read(r, "discipline.list", &f, &rows, &total))
        return;
    json_t *list = json_array();
    for (size_t i = 0; i < rows.n; i++)
        json_array_append_new(list, case_json(&rows.cases[i]));
    resp_json(r, 200, json_pack("{s:o, s:I}", "discipline", list, "total", (json_int_t)total));
}

void discipline_create_api(struct req *r)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct discipline_add_job job = { .who = &r->actor };
    int present;
    enum result res;
    if ((res = json_get_str(o, "unit", &job.in.unit, &job.err)) != RES_OK ||
        (res = json_get_int(o, "person", &job.in.person, &present, &job.err)) != RES_OK ||
        (res = json_get_str(o, "category", &job.in.category, &job.err)) != RES_OK ||
        (res = json_get_str(o, "handling", &job.in.handling, &job.err)) != RES_OK ||
        (res = json_get_str(o, "day", &job.in.day, &job.err)) != RES_OK ||
        (res = json_get_str(o, "summary", &job.in.summary, &job.err)) != RES_OK) {
        /* a role that may not record a case learns nothing about the input either */
        if (!discipline_may(&r->actor))
            res = err_set(&job.err, RES_FORBIDDEN, NULL, "err.forbidden");
        req_fail(r, res, &job.err);
        return;
    }
    if (!present)
        job.in.person = 0;
    if (req_run(r, discipline_add_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

void discipline_show_api(struct req *r)
{
    long long id = param_path_id(r, 0, "discipline");
    if (!id)
        return;
    struct discipline_case c;
    struct err err = { 0 };
    enum result res = discipline_get(r->db, &r->actor, id, &r->arena, &c, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    struct discipline_read_job job = { &r->actor, "discipline.read", NULL, &c.id, 1, { 0 } };
    if (!discipline_log_read(r, &job))
        return;
    resp_json(r, 200, case_json(&c));
}
