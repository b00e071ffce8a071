/* Request bodies and response helpers (http layer); see http.h. */
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "http/http.h"

const char *req_form(const struct req *r, const char *name)
{
    for (const struct form_field *f = r->form; f; f = f->next)
        if (strcmp(f->name, name) == 0)
            return f->value;
    return NULL;
}

json_t *req_json(struct req *r)
{
    json_error_t jerr;
    struct err err = { 0 };
    json_t *doc = NULL;
    if (!utf8_valid(buf_str(&r->body), r->body.len)) {
        err_set(&err, RES_INVALID, "body", "err.bad_utf8");
    } else {
        doc = json_loadb(buf_str(&r->body), r->body.len, JSON_REJECT_DUPLICATES, &jerr);
        if (!doc || !json_is_object(doc)) {
            err_setf(&err, RES_INVALID, "body", "err.bad_json", "%s", doc ? "" : jerr.text);
            json_decref(doc);
            doc = NULL;
        }
    }
    if (!doc) {
        resp_json_error(r, 400, "bad_request", &err);
        return NULL;
    }
    json_decref(r->json_in);
    r->json_in = doc; /* freed with the request */
    return doc;
}

void resp_header(struct req *r, const char *name, const char *value)
{
    if (r->n_hdr >= REQ_HEADERS)
        return;
    r->hdr_name[r->n_hdr] = name;
    r->hdr_value[r->n_hdr] = value;
    r->n_hdr++;
}

void resp_redirect(struct req *r, const char *location)
{
    r->status = 303;
    resp_header(r, "Location", arena_strdup(&r->arena, location));
}

void resp_cookie(struct req *r, const char *name, const char *value, long max_age)
{
    /* Secure over HTTPS (as a trusted proxy says), so the browser never sends it in clear */
    const char *secure = req_https(r) ? "; Secure" : "";
    char *c;
    if (max_age < 0)
        c = arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
                         secure);
    else
        c = arena_printf(&r->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s", name,
                         value, max_age, secure);
    resp_header(r, "Set-Cookie", c);
}

void resp_json(struct req *r, int status, json_t *doc)
{
    json_decref(r->json);
    r->json = doc;
    r->status = status;
}

const char *err_text_for(struct req *r, const struct err *err)
{
    /* the job that met a full disk left its own message (often none): say what happened */
    static const struct err full = { .msg = "err.disk_full" };
    if (r->disk_full)
        err = &full;
    const char *msg = i18n(r->lang, err->msg ? err->msg : "err.internal");
    const char *sep = err->detail[0] ? (r->lang == LANG_EN ? " " : ":") : "";
    if (err->field)
        return arena_printf(&r->arena, "%s: %s%s%s", err->field, msg, sep, err->detail);
    return arena_printf(&r->arena, "%s%s%s", msg, sep, err->detail);
}

void resp_json_error(struct req *r, int status, const char *code, const struct err *err)
{
    json_t *e = json_object();
    json_object_set_new(e, "code", json_string(code));
    json_object_set_new(e, "message", json_string(err_text_for(r, err)));
    if (err->field)
        json_object_set_new(e, "field", json_string(err->field));
    resp_json(r, status, json_pack("{s:o}", "error", e));
}

int result_status(enum result res)
{
    switch (res) {
    case RES_OK: return 200;
    case RES_NOT_FOUND: return 404;
    case RES_CONFLICT: return 409;
    case RES_INVALID: return 400;
    case RES_FORBIDDEN: return 403;
    case RES_FAIL: return 500;
    case RES_UNAVAILABLE: return 503;
    }
    return 500;
}

void resp_api_fail(struct req *r, enum result res, const struct err *err)
{
    static const char *const codes[] = {
        [RES_OK] = "ok",           [RES_NOT_FOUND] = "not_found", [RES_CONFLICT] = "conflict",
        [RES_INVALID] = "invalid", [RES_FORBIDDEN] = "forbidden", [RES_FAIL] = "internal",
        [RES_UNAVAILABLE] = "unavailable",
    };
    resp_json_error(r, result_status(res), codes[res], err);
}
