/* Request parameters and failures; see param.h. Http layer. */
#include "http/param.h"

#include <sodium.h>
#include <string.h>

#include "core/json.h"
#include "core/str.h"
#include "http/route.h"

enum { ID_MAX_BITS = 62 };

void req_fail(struct req *r, enum result res, const struct err *err)
{
    if ((r->route && (r->route->flags & RF_API)) || !r->page_error)
        resp_api_fail(r, res, err);
    else
        r->page_error(r, result_status(res), err);
}

void req_fail_invalid(struct req *r, const char *field, const char *msg)
{
    struct err err = { 0 };
    err_set(&err, RES_INVALID, field, msg);
    req_fail(r, RES_INVALID, &err);
}

long long param_path_id(struct req *r, int i, const char *field)
{
    long long id;
    if (i >= 0 && i < REQ_ARGS && r->args[i] &&
        str_to_ll(r->args[i], 1, 1LL << ID_MAX_BITS, &id) == 0)
        return id;
    struct err err = { 0 };
    err_set(&err, RES_NOT_FOUND, field, "err.not_found");
    req_fail(r, RES_NOT_FOUND, &err);
    return 0;
}

long long param_need_id(struct req *r, const char *text, const char *field)
{
    long long id;
    if (text && str_to_ll(text, 1, 1LL << ID_MAX_BITS, &id) == 0)
        return id;
    req_fail_invalid(r, field, "err.required");
    return 0;
}

int param_int(struct req *r, const char *name, long long min, long long max, long long def,
              long long *out)
{
    const char *v = req_query(r, name);
    if (!v || !*v) {
        *out = def;
        return 0;
    }
    if (str_to_ll(v, min, max, out) == 0)
        return 0;
    struct err err = { 0 };
    err_setf(&err, RES_INVALID, name, "err.range", "%lld-%lld", min, max);
    req_fail(r, RES_INVALID, &err);
    return -1;
}

const char *param_str(struct req *r, const char *name, const char *def)
{
    const char *v = req_query(r, name);
    return v && *v ? v : def;
}

int param_paging(struct req *r, long long def, long long max, struct paging *p)
{
    if (r->route && (r->route->flags & RF_API)) {
        if (param_int(r, "limit", 1, max, def, &p->limit) ||
            param_int(r, "offset", 0, 1LL << 40, 0, &p->offset))
            return -1;
        p->page = p->offset / p->limit + 1;
        return 0;
    }
    if (param_int(r, "page", 1, 1000000, 1, &p->page))
        return -1;
    p->limit = def;
    p->offset = (p->page - 1) * def;
    return 0;
}

int param_name_order(struct req *r)
{
    const char *order = param_str(r, "order", "stroke");
    if (strcmp(order, "stroke") == 0)
        return ORDER_STROKE;
    if (strcmp(order, "pinyin") == 0)
        return ORDER_PINYIN;
    struct err err = { 0 };
    err_setf(&err, RES_INVALID, "order", "err.bad_enum", "stroke|pinyin");
    req_fail(r, RES_INVALID, &err);
    return -1;
}

enum result param_json_strings(struct req *r, json_t *o, const char *key, size_t max,
                               const char *const **list, size_t *n, struct err *err)
{
    json_t *a = json_object_get(o, key);
    *list = NULL;
    *n = 0;
    if (!a || json_is_null(a))
        return RES_OK;
    if (!json_is_array(a))
        return err_set(err, RES_INVALID, key, "err.bad_type");
    size_t len = json_array_size(a);
    if (len > max)
        return err_setf(err, RES_INVALID, key, "err.too_long", "%zu", max);
    const char **codes = arena_alloc(&r->arena, (len + 1) * sizeof(*codes));
    for (size_t i = 0; i < len; i++)
        if (!(codes[i] = json_string_value(json_array_get(a, i))))
            return err_set(err, RES_INVALID, key, "err.bad_type");
    *list = codes;
    *n = len;
    return RES_OK;
}

enum result param_json_file(struct req *r, json_t *o, const char *field,
                            struct attachment_input *f, struct err *err)
{
    const char *data = NULL;
    if (!json_is_object(o) || json_get_str(o, "name", &f->name, err) != RES_OK ||
        json_get_str(o, "type", &f->type, err) != RES_OK ||
        json_get_str(o, "data", &data, err) != RES_OK || !data || !f->name)
        return err_set(err, RES_INVALID, field, "err.bad_type");
    size_t n = strlen(data), cap = n / 4 * 3 + 3, len = 0;
    unsigned char *bin = arena_alloc(&r->arena, cap + 1);
    if (sodium_base642bin(bin, cap, data, n, " \n\r", &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return err_set(err, RES_INVALID, field, "err.bad_base64");
    f->data = bin;
    f->size = len;
    return RES_OK;
}

enum result req_run(struct req *r, db_job_fn fn, void *job, const struct err *err)
{
    enum result res = req_write(r, fn, job);
    if (res != RES_OK)
        req_fail(r, res, err);
    return res;
}
