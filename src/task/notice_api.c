/*
 * JSON handlers of notices (handler layer; model in notice.h): draft, sign, return, and the
 * notices addressed to a unit or issued by it.
 */
#include <string.h>

#include "core/json.h"
#include "http/param.h"
#include "task/notice.h"
#include "task/task_web.h"
#include "unit/unit.h"

/* Reads "to" (unit codes), "subtree" and "task" of a draft into in. */
static enum result parse_addressees(struct req *r, json_t *o, struct notice_input *in,
                                    struct err *err)
{
    json_t *to = json_object_get(o, "to");
    if (!to || json_is_null(to))
        return err_set(err, RES_INVALID, "to", "err.required");
    if (!json_is_array(to))
        return err_set(err, RES_INVALID, "to", "err.bad_type");
    size_t n = json_array_size(to);
    if (n > NOTICE_TO_MAX)
        return err_setf(err, RES_INVALID, "to", "err.too_long", "%d", NOTICE_TO_MAX);
    const char **codes = arena_alloc(&r->arena, (n + 1) * sizeof(*codes));
    for (size_t i = 0; i < n; i++)
        if (!(codes[i] = json_string_value(json_array_get(to, i))))
            return err_set(err, RES_INVALID, "to", "err.bad_type");
    in->to = codes;
    in->n_to = n;
    int present = 0;
    enum result res = json_get_bool(o, "subtree", &in->subtree, err);
    if (res == RES_OK)
        res = json_get_int(o, "task", &in->task_id, &present, err);
    if (res == RES_OK && present && in->task_id <= 0)
        return err_set(err, RES_NOT_FOUND, "task", "err.not_found");
    return res;
}

void notice_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct notice_draft_job job = { .who = &r->actor };
    enum result res = json_need_str(in, "kind", &job.in.kind, &job.err);
    if (res == RES_OK)
        res = json_need_str(in, "title", &job.in.title, &job.err);
    if (res == RES_OK)
        res = json_need_str(in, "text", &job.in.text, &job.err);
    if (res == RES_OK)
        res = parse_addressees(r, in, &job.in, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, notice_draft_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I, s:s}", "id", (json_int_t)job.id, "state", "draft"));
}

void notice_sign_api(struct req *r)
{
    struct notice_sign_job job = { .who = &r->actor, .id = param_path_id(r, 0, "notice") };
    if (!job.id || req_run(r, notice_sign_job, &job, &job.err) != RES_OK)
        return;
    char number[NOTICE_NUMBER_MAX];
    notice_number(number, job.year, job.serial);
    resp_json(r, 200,
              json_pack("{s:I, s:s, s:s, s:I, s:I}", "id", (json_int_t)job.id, "state", "signed",
                        "serial", number, "year", (json_int_t)job.year, "number",
                        (json_int_t)job.serial));
}

void notice_return_api(struct req *r)
{
    long long id = param_path_id(r, 0, "notice");
    json_t *in = id ? req_json(r) : NULL;
    if (!in)
        return;
    struct notice_return_job job = { .who = &r->actor, .id = id };
    enum result res = json_need_str(in, "reason", &job.reason, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, notice_return_job, &job, &job.err) == RES_OK)
        resp_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "returned"));
}

static void add_notice(void *ctx, const struct notice *n)
{
    char number[NOTICE_NUMBER_MAX];
    notice_number(number, n->year, n->serial);
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id",
                                         (json_int_t)n->id, "kind", n->kind, "title", n->title,
                                         "serial", number, "state", n->state, "issuer",
                                         n->dept_name, "task", (json_int_t)n->task_id));
}

void notice_list_api(struct req *r)
{
    const char *code = req_query(r, "unit");
    if (!code || !*code) {
        req_fail_invalid(r, "unit", "err.required");
        return;
    }
    struct unit u;
    struct err err = { 0 };
    enum result res = unit_get(r->db, &r->actor, code, &u, &err);
    json_t *list = json_array();
    if (res == RES_OK &&
        notice_each(r->db, &r->actor, NOTICE_UNIT, u.id, add_notice, list) != RES_OK)
        res = err_set(&err, RES_FAIL, NULL, "err.internal");
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "notices", list));
}
