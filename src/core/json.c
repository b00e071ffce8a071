/* jansson glue; see json.h. Core layer. */
#include "core/json.h"

enum result json_get_str(json_t *o, const char *key, const char **out, struct err *err)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return RES_OK;
    if (!json_is_string(v))
        return err_set(err, RES_INVALID, key, "err.bad_type");
    *out = json_string_value(v);
    return RES_OK;
}

enum result json_get_int(json_t *o, const char *key, long long *out, int *present, struct err *err)
{
    json_t *v = json_object_get(o, key);
    *present = 0;
    if (!v || json_is_null(v))
        return RES_OK;
    if (!json_is_integer(v))
        return err_set(err, RES_INVALID, key, "err.bad_type");
    *out = (long long)json_integer_value(v);
    *present = 1;
    return RES_OK;
}

enum result json_need_str(json_t *o, const char *key, const char **out, struct err *err)
{
    enum result r = json_get_str(o, key, out, err);
    if (r == RES_OK && (!*out || !**out))
        r = err_set(err, RES_INVALID, key, "err.required");
    return r;
}

enum result json_need_int(json_t *o, const char *key, long long *out, struct err *err)
{
    int present;
    enum result r = json_get_int(o, key, out, &present, err);
    if (r == RES_OK && !present)
        r = err_set(err, RES_INVALID, key, "err.required");
    return r;
}

enum result json_get_bool(json_t *o, const char *key, int *out, struct err *err)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return RES_OK;
    if (!json_is_boolean(v))
        return err_set(err, RES_INVALID, key, "err.bad_type");
    *out = json_is_true(v);
    return RES_OK;
}
