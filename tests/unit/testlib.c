/*
 * Helpers shared by the test groups: fresh database files, units and accounts made through the
 * model API, and a libcurl client for the server running in-process on test_port. Test code.
 */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "auth/account.h"
#include "auth/audit.h"
#include "core/csv.h"
#include "person/person.h"
#include "routes.h"
#include "unit/unit.h"

int test_port;

/* Fixes "today" for the model and the server (NULL: the real clock again). */
void set_today(const char *day)
{
    if (day)
        setenv("TAIZHANG_TODAY", day, 1);
    else
        unsetenv("TAIZHANG_TODAY");
}

/* Creates a fresh database; its path is copied into path when given. */
struct db *open_fresh(char *path)
{
    char local[TEST_PATH_LEN];
    if (!path)
        path = local;
    snprintf(path, TEST_PATH_LEN, "%s", test_tmp_db());
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(path, DB_F_CREATE, &msg);
    if (!db)
        print_error("db_open: %s\n", buf_str(&msg));
    buf_release(&msg);
    assert_non_null(db);
    return db;
}

long long add_unit(struct db *db, const char *code, const char *name, const char *parent,
                   const char *kind)
{
    struct actor sys;
    actor_system(&sys);
    struct unit_input in = { code, name, parent, kind };
    struct err e = { 0 };
    long long id = 0;
    if (unit_add(db, &sys, &in, &id, &e) != RES_OK)
        fail_msg("unit_add '%s': %s %s", code, e.field ? e.field : "-", e.msg ? e.msg : "-");
    return id;
}

/* P > C1 > K1, K2 and P > C2 > K3. */
void build_tree(struct db *db)
{
    add_unit(db, "P", "测试省委组织部", NULL, "province");
    add_unit(db, "C1", "一市委组织部", "P", "city");
    add_unit(db, "K1", "甲县委组织部", "C1", "county");
    add_unit(db, "K2", "乙县委组织部", "C1", "county");
    add_unit(db, "C2", "二市委组织部", "P", "city");
    add_unit(db, "K3", "丙县委组织部", "C2", "county");
}

/* The argon2id hash of TEST_PASSWORD, made once: hashing is slow by design. */
const char *pw_hash(void)
{
    static char hash[crypto_pwhash_STRBYTES];
    if (!hash[0]) {
        struct err e = { 0 };
        assert_int_equal(password_hash(TEST_PASSWORD, hash, &e), RES_OK);
    }
    return hash;
}

/* Adds a person named name to unit and an account login for them; returns the person id. */
long long add_account(struct db *db, const char *unit, const char *login, const char *name,
                      const char *role)
{
    struct actor sys;
    actor_system(&sys);
    struct person_input pin = { .unit_code = unit, .name = name, .position = "科员" };
    struct err e = { 0 };
    long long person_id = 0, account_id = 0;
    if (person_add(db, &sys, &pin, &person_id, &e) != RES_OK)
        fail_msg("person_add '%s': %s", name, e.field ? e.field : "-");
    struct account_input ain = { .login = login, .person_id = person_id, .role = role,
                                 .password_hash = pw_hash() };
    if (account_add(db, &sys, &ain, &account_id, &e) != RES_OK)
        fail_msg("account_add '%s': %s %s", login, e.field ? e.field : "-", e.msg ? e.msg : "-");
    return person_id;
}

/* The actor of an account, through an API token (no slow password check). */
void actor_of(struct db *db, const char *login, struct actor *out)
{
    struct actor sys;
    actor_system(&sys);
    char token[TOKEN_TEXT];
    struct err e = { 0 };
    assert_int_equal(token_create(db, &sys, login, token, &e), RES_OK);
    assert_int_equal(token_actor(db, token, out), RES_OK);
    assert_string_equal(out->login, login);
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    buf_add(ctx, data, size * n);
    return size * n;
}

void resp_free(struct resp *r)
{
    buf_release(&r->body);
    buf_release(&r->head);
}

/* Sends one request on h (whose cookie jar persists); body is posted when given, as JSON when
 * json is set, else as a form. token adds a bearer token. Returns the status. */
long request(CURL *h, const char *method, const char *path, const char *token, const char *body,
             int json, struct resp *out)
{
    return request_mime(h, method, path, token, body, json, NULL, out);
}

long request_mime(CURL *h, const char *method, const char *path, const char *token,
                  const char *body, int json, curl_mime *mime, struct resp *out)
{
    resp_free(out);
    buf_init(&out->body, TEST_RESP_MAX);
    buf_init(&out->head, 1 << 16);
    char url[TEST_PATH_LEN + 64], auth[TOKEN_TEXT + 32];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", test_port, path);
    struct curl_slist *list = NULL;
    if (token) {
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
        list = curl_slist_append(list, auth);
    }
    if (json)
        list = curl_slist_append(list, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    }
    if (mime)
        curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out->body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &out->head);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, NULL);
    curl_slist_free_all(list);
    if (rc != CURLE_OK)
        fail_msg("%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    return out->status;
}

long api(CURL *h, const char *method, const char *path, const char *token, const char *json,
         struct resp *out)
{
    return request(h, method, path, token, json, 1, out);
}

json_t *body_json(const struct resp *r)
{
    json_error_t jerr;
    json_t *doc = json_loadb(buf_str(&r->body), r->body.len, 0, &jerr);
    if (!doc)
        fail_msg("response is not JSON (%s): %.300s", jerr.text, buf_str(&r->body));
    return doc;
}

/* Checks the status and the error envelope's field. */
void expect_error(const struct resp *r, long status, const char *field)
{
    if (r->status != status)
        fail_msg("status %ld, expected %ld: %.300s", r->status, status, buf_str(&r->body));
    json_t *doc = body_json(r);
    json_t *e = json_object_get(doc, "error");
    assert_true(json_is_object(e));
    assert_true(json_is_string(json_object_get(e, "code")));
    if (field) {
        const char *got = json_string_value(json_object_get(e, "field"));
        if (!got || strcmp(got, field) != 0)
            fail_msg("error field %s, expected %s: %.300s", got ? got : "-", field,
                     buf_str(&r->body));
    }
    json_decref(doc);
}

/* An integer member of the response body. */
long long body_int(const struct resp *r, const char *key)
{
    json_t *doc = body_json(r);
    json_t *v = json_object_get(doc, key);
    if (!json_is_integer(v))
        fail_msg("no integer '%s' in %.300s", key, buf_str(&r->body));
    long long x = json_integer_value(v);
    json_decref(doc);
    return x;
}

int body_has(const struct resp *r, const char *text)
{
    return strstr(buf_str(&r->body), text) != NULL;
}

int csv_has_cell(const struct resp *r, int col, const char *value)
{
    struct csv c;
    char *f[CSV_MAX_FIELDS];
    int n, found = 0;
    csv_init(&c, r->body.data ? r->body.data : "", r->body.len);
    while (!found && (n = csv_next(&c, f)) != 0)
        found = n > col && strcmp(f[col], value) == 0;
    csv_release(&c);
    return found;
}

void add_token(struct db *db, const char *login, char token[TOKEN_TEXT])
{
    struct actor sys;
    actor_system(&sys);
    struct err e = { 0 };
    if (token_create(db, &sys, login, token, &e) != RES_OK)
        fail_msg("token_create %s", login);
}

CURL *client_new(void)
{
    CURL *h = curl_easy_init();
    assert_non_null(h);
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    return h;
}

struct server *test_server_start(const char *path, int public_rate)
{
    struct buf msg;
    buf_init(&msg, 1024);
    struct server_config cfg = {
        .db_path = path,
        .host = "127.0.0.1",
        .port = 0,
        .threads = 4,
        .max_body = (size_t)1 << 20,
        .max_upload = (size_t)20 << 20,
        .dispatch = routes_dispatch,
        .uploads = routes_uploads,
        .public_rate = public_rate,
    };
    struct server *srv = server_start(&cfg, &msg);
    if (!srv)
        fprintf(stderr, "server_start: %s\n", buf_str(&msg));
    buf_release(&msg);
    test_port = srv ? server_port(srv) : 0;
    return srv;
}

int test_snap_row(void *ctx, int n, char **vals, char **cols)
{
    (void)cols;
    struct buf *b = ctx;
    for (int i = 0; i < n; i++)
        buf_addf(b, "%s%s", i ? "|" : "", vals[i] ? vals[i] : "NULL");
    buf_addch(b, '\n');
    return 0;
}

void mime_add(curl_mime *mime, const char *name, const char *value, const char *filename,
              const char *type)
{
    curl_mimepart *part = curl_mime_addpart(mime);
    curl_mime_name(part, name);
    if (filename) {
        curl_mime_filename(part, filename);
        curl_mime_type(part, type);
    }
    curl_mime_data(part, value, CURL_ZERO_TERMINATED);
}

long post_form(CURL *h, const char *form_page, const char *action, const char *fields,
               struct resp *r)
{
    char csrf[128], body[4096];
    assert_int_equal(request(h, "GET", form_page, NULL, NULL, 0, r), 200);
    snprintf(body, sizeof(body), "csrf=%s&%s", csrf_in(r, csrf, sizeof(csrf)), fields);
    return request(h, "POST", action, NULL, body, 0, r);
}

const char *csrf_in(const struct resp *r, char *out, size_t size)
{
    const char *key = "name=\"csrf\" value=\"";
    const char *p = strstr(buf_str(&r->body), key);
    if (!p)
        fail_msg("no CSRF token in %.300s", buf_str(&r->body));
    p += strlen(key);
    size_t n = strcspn(p, "\"");
    assert_true(n > 0 && n < size);
    snprintf(out, size, "%.*s", (int)n, p);
    return out;
}

void login_as(CURL *h, const char *login)
{
    struct resp r = { 0 };
    assert_int_equal(request(h, "GET", "/login", NULL, NULL, 0, &r), 200);
    char csrf[128], form[512];
    snprintf(form, sizeof(form), "csrf=%s&login=%s&password=%s", csrf_in(&r, csrf, sizeof(csrf)),
             login, TEST_PASSWORD);
    assert_int_equal(request(h, "POST", "/login", NULL, form, 0, &r), 303);
    resp_free(&r);
}

struct unit get_unit(struct db *db, const char *code)
{
    struct actor sys;
    actor_system(&sys);
    struct unit u;
    struct err e = { 0 };
    if (unit_get(db, &sys, code, &u, &e) != RES_OK)
        fail_msg("unit '%s' not found", code);
    return u;
}

void expect_audit_chain(struct db *db)
{
    long long n = 0, bad = 0;
    struct buf msg;
    buf_init(&msg, 1024);
    if (audit_verify(db, &n, &bad, &msg) != RES_OK)
        fail_msg("audit chain broken at %lld: %s", bad, buf_str(&msg));
    buf_release(&msg);
    assert_true(n > 0);
}
