/*
 * JSON handlers of research reports (handler layer; issue 16 item 6): list, create, one report,
 * and its adoption. Every write is a typed job run by req_run.
 */
#include <string.h>

#include "core/json.h"
#include "http/param.h"
#include "registry/registry_web.h"
#include "research/research.h"
#include "research/research_web.h"

/* Author ids "3,5" as a JSON array. */
static json_t *ids_json(const char *ids)
{
    json_t *a = json_array();
    while (ids && *ids) {
        json_array_append_new(a, json_integer(strtoll(ids, NULL, 10)));
        ids = strchr(ids, ',');
        if (ids)
            ids++;
    }
    return a;
}

static json_t *research_json(const struct research *x)
{
    json_t *o = json_object();
    json_put_int(o, "id", x->id);
    json_put_str(o, "unit", x->unit_code);
    json_put_str(o, "unit_name", x->unit_name);
    json_put_str(o, "title", x->title);
    json_put_str(o, "day", x->day);
    json_object_set_new_nocheck(o, "authors", ids_json(x->author_ids));
    json_put_str(o, "author_names", x->authors);
    json_object_set_new_nocheck(o, "adopted", json_boolean(x->adopted));
    json_put_str(o, "adopted_by", x->adopted_by);
    json_put_str(o, "adopted_on", x->adopted_on);
    return o;
}

static void list_row(void *ctx, const struct research *x)
{
    json_array_append_new(ctx, research_json(x));
}

void research_list_api(struct req *r)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    struct err err = { 0 };
    json_t *list = json_array();
    long long total = 0;
    enum result res = research_list(r->db, &r->actor, &f, list_row, list, &total, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o, s:I}", "research", list, "total", (json_int_t)total));
}

void research_create_api(struct req *r)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct research_add_job job = { .who = &r->actor };
    enum result res;
    if ((res = json_get_str(o, "unit", &job.in.unit, &job.err)) != RES_OK ||
        (res = json_get_str(o, "title", &job.in.title, &job.err)) != RES_OK ||
        (res = json_get_str(o, "day", &job.in.day, &job.err)) != RES_OK ||
        (res = json_get_str(o, "text", &job.in.text, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    json_t *authors = json_object_get(o, "authors");
    size_t n = json_array_size(authors);
    if ((authors && !json_is_array(authors)) || n > RESEARCH_AUTHORS_MAX) {
        req_fail_invalid(r, "authors", "err.bad_type");
        return;
    }
    long long *ids = arena_alloc(&r->arena, (n + 1) * sizeof(*ids));
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(authors, i);
        if (!json_is_integer(v)) {
            req_fail_invalid(r, "authors", "err.bad_type");
            return;
        }
        ids[i] = json_integer_value(v);
    }
    job.in.authors = ids;
    job.in.n_authors = n;
    if (req_run(r, research_add_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

void research_show_api(struct req *r)
{
    long long id = param_path_id(r, 0, "research");
    if (!id)
        return;
    struct research x;
    struct err err = { 0 };
    enum result res = research_get(r->db, &r->actor, id, &r->arena, &x, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    json_t *doc = research_json(&x);
    json_object_set_new(doc, "text", json_string(x.text));
    resp_json(r, 200, doc);
}

void research_adopt_api(struct req *r)
{
    long long id = param_path_id(r, 0, "research");
    json_t *o = id ? req_json(r) : NULL;
    if (!o)
        return;
    struct research_adopt_job job = { .who = &r->actor, .id = id };
    enum result res = json_get_str(o, "by", &job.by, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, research_adopt_job, &job, &job.err) == RES_OK)
        resp_json(r, 200,
                  json_pack("{s:I, s:b, s:s}", "id", (json_int_t)id, "adopted", 1, "by", job.by));
}
