/* Route matching and common checks; see route.h. Http layer. */
#include "http/route.h"

#include <sodium.h>
#include <string.h>

#include "core/clock.h"
#include "http/csrf.h"

static const char SESSION_COOKIE[] = "tz_session";

/* Matches path against pattern; fills r->args. */
static int match(struct req *r, const char *pattern, const char *path)
{
    int n_args = 0;
    const char *args[REQ_ARGS];
    size_t args_len[REQ_ARGS];
    while (*pattern && *path) {
        if (pattern[0] == '{' && pattern[1] == '}') {
            size_t seg = strcspn(path, "/");
            if (seg == 0 || n_args == REQ_ARGS)
                return 0;
            args[n_args] = path;
            args_len[n_args++] = seg;
            path += seg;
            pattern += 2;
        } else if (*pattern++ != *path++) {
            return 0;
        }
    }
    if (*pattern || *path)
        return 0;
    for (int i = 0; i < n_args; i++)
        r->args[i] = arena_strndup(&r->arena, args[i], args_len[i]);
    return 1;
}

/* A job for the writer: refresh a session's last-seen time. */
static enum result touch_job(struct db *db, void *arg)
{
    return session_touch(db, arg, clock_unix());
}

static void authenticate(struct req *r)
{
    /* behind a sign-on gateway the proxy's word decides, for pages and the API alike */
    const char *signon = req_signon(r);
    if (signon) {
        if (account_signon(r->db, signon, &r->actor) == RES_OK)
            r->authed = r->by_signon = 1;
        return;
    }
    const char *auth = req_header(r, "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
        if (token_actor(r->db, auth + 7, &r->actor) == RES_OK) {
            r->authed = 1;
            r->by_token = 1;
        }
        return;
    }
    const char *cookie = req_cookie(r, SESSION_COOKIE);
    if (!cookie || strlen(cookie) != TOKEN_TEXT - 1)
        return;
    int stale = 0;
    if (session_actor(r->db, cookie, clock_unix(), &r->actor, &stale) != RES_OK)
        return;
    r->authed = 1;
    memcpy(r->session, cookie, TOKEN_TEXT);
    if (stale)
        req_write(r, touch_job, r->session);
}

static void fail(struct req *r, int status, const char *code, const char *msg, const char *field,
                 page_error_fn page_error)
{
    struct err err = { 0 };
    err_set(&err, RES_INVALID, field, msg);
    if (r->route && (r->route->flags & RF_API))
        resp_json_error(r, status, code, &err);
    else
        page_error(r, status, &err);
}

int route_uploads(struct req *r, const struct route *routes, size_t n_routes)
{
    for (size_t i = 0; i < n_routes; i++)
        if ((routes[i].flags & RF_UPLOAD) && (routes[i].methods & r->method) &&
            match(r, routes[i].pattern, r->path))
            return 1;
    return 0;
}

void route_dispatch(struct req *r, const struct route *routes, size_t n_routes,
                    page_error_fn page_error)
{
    r->page_error = page_error;
    const char *lang = req_query(r, "lang");
    if (!lang)
        lang = req_cookie(r, "lang");
    r->lang = lang && strcmp(lang, "en") == 0 ? LANG_EN : LANG_ZH;
    const struct route *path_match = NULL;
    for (size_t i = 0; i < n_routes; i++) {
        if (!match(r, routes[i].pattern, r->path))
            continue;
        path_match = &routes[i];
        unsigned m = r->method == M_HEAD ? M_GET : r->method;
        if (routes[i].methods & m) {
            r->route = &routes[i];
            break;
        }
    }
    if (!r->route) {
        int api = strncmp(r->path, "/api/", 5) == 0;
        struct route probe = { .flags = api ? RF_API : 0 };
        r->route = &probe;
        if (path_match) {
            unsigned allowed = 0;
            for (size_t i = 0; i < n_routes; i++)
                if (match(r, routes[i].pattern, r->path))
                    allowed |= routes[i].methods;
            resp_header(r, "Allow",
                        (allowed & M_POST) ? ((allowed & M_GET) ? "GET, HEAD, POST" : "POST")
                                           : "GET, HEAD");
            fail(r, 405, "method_not_allowed", "err.method", NULL, page_error);
        } else
            fail(r, 404, "not_found", "err.no_route", NULL, page_error);
        r->route = NULL;
        return;
    }
    const struct route *rt = r->route;
    int api = (rt->flags & RF_API) != 0;
    if (r->bad_form) {
        fail(r, 400, "bad_request", "err.bad_request", NULL, page_error);
        return;
    }
    authenticate(r);
    if (!r->authed && !(rt->flags & RF_PUBLIC)) {
        if (api) {
            fail(r, 401, "unauthorized", "err.unauthorized", NULL, page_error);
            return;
        }
        struct buf loc;
        buf_init(&loc, 4096);
        buf_adds(&loc, "/login?next=");
        for (const char *p = r->path; *p; p++) {
            unsigned char c = (unsigned char)*p;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '/' || c == '-' || c == '_' || c == '.')
                buf_addch(&loc, (char)c);
            else
                buf_addf(&loc, "%%%02X", c);
        }
        resp_redirect(r, buf_str(&loc));
        buf_release(&loc);
        return;
    }
    int writes = !(r->method & (M_GET | M_HEAD));
    if (writes && !(api && (r->by_token || !r->authed))) {
        const char *given = api ? req_header(r, "X-CSRF-Token") : req_form(r, "csrf");
        if (!csrf_check(r, given)) {
            fail(r, 403, "csrf", "err.csrf", "csrf", page_error);
            return;
        }
    }
    /* a generated password is replaced before anything else is done with the session */
    if (r->authed && r->actor.must_change && !r->by_token && !r->by_signon &&
        !(rt->flags & RF_FIRST)) {
        if (api)
            fail(r, 403, "must_change_password", "err.must_change", NULL, page_error);
        else
            resp_redirect(r, "/account/password");
        return;
    }
    if (rt->perm && r->authed && !role_may(r->actor.role, rt->perm)) {
        fail(r, 403, "forbidden", "err.forbidden", NULL, page_error);
        return;
    }
    r->read_only = (r->method & (M_GET | M_HEAD)) != 0;
    rt->fn(r);
}
