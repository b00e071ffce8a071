/*
 * Login, logout, language switch, health check and static assets (handler layer).
 * Login is throttled per account and per client address; a session cookie is HttpOnly and
 * SameSite=Lax; its token is stored hashed.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/throttle.h"
#include "core/clock.h"
#include "core/embedded.h"
#include "core/html.h"
#include "core/log.h"
#include "http/param.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/web_pages.h"

enum { LOGIN_MAX_PER_ACCOUNT = 5, LOGIN_MAX_PER_CLIENT = 20 };

/* A local path to go to after login, or "/". */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, ':'))
        return "/";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20)
            return "/";
    return next;
}

static void login_form(struct req *r, const char *login, const char *error)
{
    page_begin(r, tr(r, "login.title"));
    if (error)
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", error);
    form_begin(r, "/login", "stack", 0);
    html_printf(&r->out, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
                safe_next(req_form(r, "next") ? req_form(r, "next") : req_query(r, "next")));
    html_printf(&r->out,
                "<label>%s<input name=\"login\" autocomplete=\"username\" required value=\"%s\""
                " autocapitalize=\"none\"></label>",
                tr(r, "login.login"), login ? login : "");
    html_printf(&r->out,
                "<label>%s<input name=\"password\" type=\"password\" required"
                " autocomplete=\"current-password\"></label>",
                tr(r, "login.password"));
    form_submit(r, "login.submit", 1);
    page_end(r);
}

void login_page(struct req *r)
{
    if (r->authed) {
        resp_redirect(r, "/");
        return;
    }
    login_form(r, NULL, NULL);
}

struct session_job {
    long long account_id;   /* whose session */
    char token[TOKEN_TEXT]; /* the new session's token */
};

static enum result session_job_run(struct db *db, void *arg)
{
    struct session_job *job = arg;
    return session_create(db, job->account_id, job->token);
}

void login_post(struct req *r)
{
    const char *login = req_form(r, "login");
    const char *password = req_form(r, "password");
    if (!login || !password || !*login || !*password) {
        r->status = 400;
        login_form(r, login, tr(r, "login.failed"));
        return;
    }
    char account_key[96], client_key[96];
    snprintf(account_key, sizeof(account_key), "a:%.80s", login);
    snprintf(client_key, sizeof(client_key), "c:%s", req_client(r));
    time_t now = clock_unix();
    long wait = throttle_wait(account_key, LOGIN_MAX_PER_ACCOUNT, now);
    long wait_client = throttle_wait(client_key, LOGIN_MAX_PER_CLIENT, now);
    if (wait_client > wait)
        wait = wait_client;
    if (wait > 0) {
        char shown[64];
        log_clean(login, shown, sizeof(shown));
        log_warn("login failed login=%s client=%s reason=throttled", shown, req_client(r));
        r->status = 429;
        resp_header(r, "Retry-After", arena_printf(&r->arena, "%ld", wait));
        login_form(r, login, tr(r, "err.throttled"));
        return;
    }
    struct actor who;
    char shown[64];
    log_clean(login, shown, sizeof(shown));
    if (account_login(r->db, login, password, &who) != RES_OK) {
        log_warn("login failed login=%s client=%s reason=password", shown, req_client(r));
        throttle_fail(account_key, now);
        throttle_fail(client_key, now);
        r->status = 401;
        login_form(r, login, tr(r, "login.failed"));
        return;
    }
    throttle_reset(account_key);
    struct session_job job = { .account_id = who.account_id };
    enum result res = req_write(r, session_job_run, &job);
    if (res != RES_OK) {
        struct err err = { 0 };
        err_set(&err, res, NULL, "err.internal");
        page_error(r, result_status(res), &err);
        return;
    }
    log_info("login ok login=%s client=%s", shown, req_client(r));
    resp_cookie(r, "tz_session", job.token, -1);
    resp_redirect(r, who.must_change ? "/account/password" : safe_next(req_form(r, "next")));
}

static enum result logout_job(struct db *db, void *arg)
{
    return session_delete(db, arg);
}

void logout_post(struct req *r)
{
    if (r->session[0])
        req_write(r, logout_job, r->session);
    resp_cookie(r, "tz_session", "", 0);
    resp_redirect(r, "/login");
}

/* The form to change one's own password; error (a message) above it. */
static void password_form(struct req *r, const char *error)
{
    page_begin(r, tr(r, "account.password"));
    page_notice(r);
    if (error)
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", error);
    else if (r->actor.must_change)
        html_printf(&r->out, "<p class=\"notice\" role=\"status\">%s</p>",
                    tr(r, "account.must_change"));
    html_printf(&r->out, "<p>%s</p>", tr(r, "account.password_hint"));
    form_begin(r, "/account/password", "stack", 0);
    html_printf(&r->out,
                "<input name=\"login\" type=\"hidden\" autocomplete=\"username\" value=\"%s\">",
                r->actor.login);
    static const char *const fields[][3] = {
        { "current", "account.current", "current-password" },
        { "password", "account.new", "new-password" },
        { "again", "account.again", "new-password" },
    };
    for (size_t i = 0; i < 3; i++)
        html_printf(&r->out,
                    "<label>%s<input name=\"%s\" type=\"password\" required"
                    " autocomplete=\"%s\"></label>",
                    tr(r, fields[i][1]), fields[i][0], fields[i][2]);
    form_submit(r, "account.change", 1);
    page_end(r);
}

void account_password_page(struct req *r)
{
    password_form(r, NULL);
}

struct password_job {
    const struct actor *who; /* the account */
    const char *hash;        /* its new password hash */
    const char *keep;        /* the session that changes it, kept; NULL for a token */
    struct err err;          /* set on failure */
};

static enum result password_job_run(struct db *db, void *arg)
{
    struct password_job *job = arg;
    return account_own_password(db, job->who, job->hash, job->keep, &job->err);
}

/* Changes the signed-in account's password: the current one checked (throttled as a login),
 * the new one typed twice; every other session of the account ends. */
void account_password_post(struct req *r)
{
    const char *current = req_form(r, "current"), *fresh = req_form(r, "password");
    const char *again = req_form(r, "again");
    char account_key[96];
    snprintf(account_key, sizeof(account_key), "a:%.80s", r->actor.login);
    time_t now = clock_unix();
    r->status = 400;
    if (!current || !fresh || !again || !*current) {
        password_form(r, tr(r, "account.current_wrong"));
        return;
    }
    long wait = throttle_wait(account_key, LOGIN_MAX_PER_ACCOUNT, now);
    if (wait > 0) {
        r->status = 429;
        resp_header(r, "Retry-After", arena_printf(&r->arena, "%ld", wait));
        password_form(r, tr(r, "err.throttled"));
        return;
    }
    struct actor checked;
    if (account_login(r->db, r->actor.login, current, &checked) != RES_OK ||
        checked.account_id != r->actor.account_id) {
        throttle_fail(account_key, now);
        password_form(r, tr(r, "account.current_wrong"));
        return;
    }
    if (strcmp(fresh, again) != 0) {
        password_form(r, tr(r, "account.mismatch"));
        return;
    }
    char hash[crypto_pwhash_STRBYTES];
    struct password_job job = { .who = &r->actor, .hash = hash,
                                .keep = r->session[0] ? r->session : NULL };
    if (password_hash(fresh, hash, &job.err) != RES_OK) {
        password_form(r, err_text_for(r, &job.err));
        return;
    }
    enum result res = req_write(r, password_job_run, &job);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    r->status = 0;
    log_info("password changed login=%s client=%s", r->actor.login, req_client(r));
    resp_redirect(r, "/account/password?ok=account.password_changed");
}

void lang_page(struct req *r)
{
    const char *to = req_query(r, "to");
    resp_cookie(r, "lang", to && strcmp(to, "en") == 0 ? "en" : "zh", 365L * 24 * 3600);
    resp_redirect(r, safe_next(req_query(r, "next")));
}

void healthz_page(struct req *r)
{
    r->content_type = "text/plain; charset=utf-8";
    buf_adds(&r->out, db_count(r->db, "SELECT 1", NULL, 0) == 1 ? "ok\n" : "degraded\n");
}

void static_page(struct req *r)
{
    static const struct {
        const char *ext;
        const char *type;
    } types[] = {
        { ".css", "text/css; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".png", "image/png" },
    };
    const struct embedded_file *f =
        embedded_find(arena_printf(&r->arena, "web/static/%s", r->args[0]));
    const char *type = NULL;
    for (size_t i = 0; f && i < sizeof(types) / sizeof(types[0]); i++) {
        size_t n = strlen(f->name), k = strlen(types[i].ext);
        if (n > k && strcmp(f->name + n - k, types[i].ext) == 0)
            type = types[i].type;
    }
    if (!f || !type) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, NULL, "err.no_route");
        page_error(r, 404, &err);
        return;
    }
    r->content_type = type;
    resp_header(r, "Cache-Control", "public, max-age=86400");
    buf_add(&r->out, f->data, f->len);
}
