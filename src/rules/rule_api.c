/*
 * JSON handlers of rules (handler layer; issue 16 item 1): create, revise and repeal, the list
 * of versions by unit, period, category and action, and one rule with every version's text.
 * Every write is a job run by req_run.
 */
#include <string.h>

#include "core/json.h"
#include "http/param.h"
#include "registry/registry_web.h"
#include "rules/rule.h"
#include "rules/rule_web.h"

void rule_create_api(struct req *r)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct rule_job job = { .who = &r->actor };
    struct rule_input *in = &job.in;
    enum result res;
    if ((res = json_need_str(o, "unit", &in->unit, &job.err)) != RES_OK ||
        (res = json_get_str(o, "title", &in->title, &job.err)) != RES_OK ||
        (res = json_get_str(o, "category", &in->category, &job.err)) != RES_OK ||
        (res = json_get_str(o, "doc_number", &in->doc_number, &job.err)) != RES_OK ||
        (res = json_get_str(o, "effective", &in->effective, &job.err)) != RES_OK ||
        (res = json_get_bool(o, "public", &in->public, &job.err)) != RES_OK ||
        (res = json_get_str(o, "text", &in->text, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, rule_create_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

void rule_revise_api(struct req *r)
{
    struct rule_job job = { .who = &r->actor, .id = param_path_id(r, 0, "rule") };
    if (!job.id)
        return;
    json_t *o = req_json(r);
    if (!o)
        return;
    enum result res;
    if ((res = json_get_str(o, "text", &job.in.text, &job.err)) != RES_OK ||
        (res = json_get_str(o, "effective", &job.in.effective, &job.err)) != RES_OK ||
        (res = json_get_str(o, "doc_number", &job.in.doc_number, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, rule_revise_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "version", (json_int_t)job.version));
}

void rule_repeal_api(struct req *r)
{
    struct rule_job job = { .who = &r->actor, .id = param_path_id(r, 0, "rule") };
    if (!job.id)
        return;
    json_t *o = req_json(r);
    if (!o)
        return;
    enum result res = json_get_str(o, "effective", &job.in.effective, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, rule_repeal_job, &job, &job.err) == RES_OK)
        resp_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)job.id, "action", "repealed"));
}

static void list_row(void *ctx, const struct rule_row *w)
{
    json_t *o = json_object();
    json_put_int(o, "id", w->id);
    json_put_str(o, "unit", w->unit);
    json_put_str(o, "title", w->title);
    json_put_str(o, "category", w->category);
    json_put_str(o, "action", w->action);
    json_put_int(o, "version", w->version);
    json_put_str(o, "effective", w->effective);
    json_put_str(o, "doc_number", w->doc_number);
    json_array_append_new(ctx, o);
}

void rule_list_api(struct req *r)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    if (!*f.kind)
        f.kind = param_str(r, "category", "");
    struct err err = { 0 };
    json_t *list = json_array();
    long long total = 0;
    enum result res =
        rule_list(r->db, &r->actor, &f, param_str(r, "action", ""), list_row, list, &total, &err);
    if (res != RES_OK) {
        json_decref(list);
        if (err.field && strcmp(err.field, "kind") == 0)
            err.field = "category";
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o, s:I}", "rules", list, "total", (json_int_t)total));
}

void rule_show_api(struct req *r)
{
    long long id = param_path_id(r, 0, "rule");
    if (!id)
        return;
    struct rule ru;
    struct err err = { 0 };
    enum result res = rule_get(r->db, &r->actor, id, &r->arena, &ru, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    json_t *versions = json_array();
    for (size_t i = 0; i < ru.n_versions; i++) {
        const struct rule_version *v = &ru.versions[i];
        json_array_append_new(versions, json_pack("{s:I, s:s, s:s, s:s, s:s}", "version",
                                                  (json_int_t)v->version, "action", v->action,
                                                  "effective", v->effective, "doc_number",
                                                  v->doc_number, "text", v->text));
    }
    resp_json(r, 200,
              json_pack("{s:I, s:s, s:s, s:s, s:b, s:o}", "id", (json_int_t)ru.id, "unit", ru.unit,
                        "title", ru.title, "category", ru.category, "public", ru.public, "versions",
                        versions));
}
