/* jansson glue; see json.h. Core layer. */
#include "core/json.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/str.h"
#include "core/xalloc.h"

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

void json_put_str(json_t *o, const char *key, const char *v)
{
    json_object_set_new_nocheck(o, key, json_string_nocheck(v ? v : ""));
}

void json_put_int(json_t *o, const char *key, long long v)
{
    json_object_set_new_nocheck(o, key, json_integer(v));
}

/* A string as jansson escapes it: the quote, the backslash and the control characters (NUL
 * among them), the five of them with a letter of their own; the rest of UTF-8 as it is, each
 * multi-byte character checked as jansson checks it (by utf8proc). */
static int write_string(struct buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_addch(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                                  (utf8proc_ssize_t)(n - i), &cp);
            if (k <= 0)
                return -1;
            i += (size_t)k - 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_add(out, s + run, i - run);
        run = i + 1;
        char e[6] = { '\\', (char)c, 0 };
        size_t len = 2;
        switch (c) {
        case '"': case '\\': break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            e[1] = 'u', e[2] = '0', e[3] = '0', e[4] = hex[c >> 4], e[5] = hex[c & 15];
            len = 6;
        }
        buf_add(out, e, len);
    }
    buf_add(out, s + run, n - run);
    buf_addch(out, '"');
    return 0;
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int write_value(struct buf *out, const json_t *doc, int sorted);

/* One member: "key":value. */
static int write_member(struct buf *out, const char *key, const json_t *v, int sorted)
{
    return write_string(out, key, strlen(key)) ||
           (buf_addch(out, ':'), write_value(out, v, sorted));
}

/* An object's members, in the order added or, when sorted, by key as strcmp orders them. */
static int write_object(struct buf *out, const json_t *doc, int sorted)
{
    const char *key;
    json_t *v;
    int bad = 0;
    buf_addch(out, '{');
    if (!sorted) {
        int first = 1;
        json_object_foreach((json_t *)doc, key, v) {
            if (!first)
                buf_addch(out, ',');
            first = 0;
            if (write_member(out, key, v, 0))
                return -1;
        }
    } else {
        size_t n = json_object_size(doc), i = 0;
        const char *few[32], **keys = n <= 32 ? few : xcalloc(n, sizeof(*keys));
        json_object_foreach((json_t *)doc, key, v)
            keys[i++] = key;
        qsort(keys, n, sizeof(*keys), compare_keys);
        for (i = 0; i < n && !bad; i++) {
            if (i)
                buf_addch(out, ',');
            bad = write_member(out, keys[i], json_object_get(doc, keys[i]), 1);
        }
        if (keys != few)
            free(keys);
    }
    buf_addch(out, '}');
    return bad ? -1 : 0;
}

static int write_value(struct buf *out, const json_t *doc, int sorted)
{
    switch (json_typeof(doc)) {
    case JSON_OBJECT:
        return write_object(out, doc, sorted);
    case JSON_ARRAY: {
        size_t i;
        json_t *v;
        buf_addch(out, '[');
        json_array_foreach(doc, i, v) {
            if (i)
                buf_addch(out, ',');
            if (write_value(out, v, sorted))
                return -1;
        }
        buf_addch(out, ']');
        return 0;
    }
    case JSON_STRING:
        return write_string(out, json_string_value(doc), json_string_length(doc));
    case JSON_INTEGER: {
        char num[24];
        char *p = str_int(num + sizeof(num), json_integer_value(doc));
        buf_add(out, p, (size_t)(num + sizeof(num) - p));
        return 0;
    }
    case JSON_REAL: {
        /* few, and jansson's own figures (its precision, its ".0"): jansson writes them */
        char *text = json_dumps(doc, JSON_ENCODE_ANY | JSON_REAL_PRECISION(12));
        if (!text)
            return -1;
        buf_adds(out, text);
        free(text);
        return 0;
    }
    case JSON_TRUE:
        buf_add(out, "true", 4);
        return 0;
    case JSON_FALSE:
        buf_add(out, "false", 5);
        return 0;
    case JSON_NULL:
        buf_add(out, "null", 4);
        return 0;
    }
    return -1;
}

int json_write(struct buf *out, const json_t *doc)
{
    return write_value(out, doc, 0);
}

int json_write_sorted(struct buf *out, const json_t *doc)
{
    return write_value(out, doc, 1);
}
