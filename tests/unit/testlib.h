/*
 * Helpers shared by the test groups (test code): fresh database files, units, people, accounts
 * and tokens made through the model API, the server started in-process on an ephemeral port,
 * and a libcurl client for it. Failures end the current cmocka test.
 */
#ifndef TZ_TESTLIB_H
#define TZ_TESTLIB_H

#include <curl/curl.h>
#include <jansson.h>

#include "auth/account.h"
#include "auth/scope.h"
#include "core/buf.h"
#include "db/db.h"
#include "http/http.h"
#include "unit/unit.h"

#define TEST_PASSWORD "S3cret-pass-tasks"

enum { TEST_PATH_LEN = 512, TEST_RESP_MAX = 16 << 20 };

/* The port of the server that request() talks to. */
extern int test_port;

/* Fixes "today" for the model and the server (NULL: the real clock again). */
void set_today(const char *day);
/* Creates a fresh database; its path is copied into path (TEST_PATH_LEN) when given. */
struct db *open_fresh(char *path);
/* Adds a unit as the command line; returns its id. */
long long add_unit(struct db *db, const char *code, const char *name, const char *parent,
                   const char *kind);
/* P > C1 > K1, K2 and P > C2 > K3. */
void build_tree(struct db *db);
/* Loads a unit with the command line's view of everything; fails the test when it is missing. */
struct unit get_unit(struct db *db, const char *code);
/* The argon2id hash of TEST_PASSWORD, made once (static memory). */
const char *pw_hash(void);
/* Adds a person named name to unit and an account login for them; returns the person id. */
long long add_account(struct db *db, const char *unit, const char *login, const char *name,
                      const char *role);
/* The actor of an account, through an API token (no slow password check). */
void actor_of(struct db *db, const char *login, struct actor *out);
/* Makes an API token for login. */
void add_token(struct db *db, const char *login, char token[TOKEN_TEXT]);

/* Starts the server on path at an ephemeral port with public_rate public submissions per
 * client (0: the default) and sets test_port; NULL on failure. Stop with server_stop(). */
struct server *test_server_start(const char *path, int public_rate);

/* An sqlite3_exec() callback appending the row to the struct buf ctx as "a|b|NULL\n". */
int test_snap_row(void *ctx, int n, char **vals, char **cols);

struct resp {
    long status;     /* HTTP status */
    struct buf body; /* body bytes */
    struct buf head; /* header block */
};

/* A client with its own cookie jar; free with curl_easy_cleanup(). */
CURL *client_new(void);
/* Releases a response's buffers (a zeroed one too). */
void resp_free(struct resp *r);
/* Sends one request on h (whose cookie jar persists); body is posted when given, as JSON when
 * json is set, else as a form. token adds a bearer token. Returns the status. */
long request(CURL *h, const char *method, const char *path, const char *token, const char *body,
             int json, struct resp *out);
/* request() posting a multipart form when mime is given. */
long request_mime(CURL *h, const char *method, const char *path, const char *token,
                  const char *body, int json, curl_mime *mime, struct resp *out);
/* Adds a part to a multipart form: a field, or a file when filename is given. */
void mime_add(curl_mime *mime, const char *name, const char *value, const char *filename,
              const char *type);
/* request() with a JSON body. */
long api(CURL *h, const char *method, const char *path, const char *token, const char *json,
         struct resp *out);
/* The body parsed as JSON (free with json_decref()); fails the test when it is not. */
json_t *body_json(const struct resp *r);
/* Checks the status and the error envelope's field (NULL: any). */
void expect_error(const struct resp *r, long status, const char *field);
/* An integer member of the response body. */
long long body_int(const struct resp *r, const char *key);
/* 1 when the body contains text. */
int body_has(const struct resp *r, const char *text);
/* 1 when a record of the CSV body holds value in column col (from 0), read as a spreadsheet
 * program reads the file (csv_next: quotes removed, the cell's text exactly). */
int csv_has_cell(const struct resp *r, int col, const char *value);

/* The CSRF token of the first form in a page, into out. */
const char *csrf_in(const struct resp *r, char *out, size_t size);
/* Posts url-encoded fields to action with the CSRF token of form_page's first form, as a
 * browser would after reading that page. Returns the status. */
long post_form(CURL *h, const char *form_page, const char *action, const char *fields,
               struct resp *r);
/* Logs h in through the login page with TEST_PASSWORD; its cookie jar keeps the session. */
void login_as(CURL *h, const char *login);
/* Fails the test unless the audit chain verifies and holds a record. */
void expect_audit_chain(struct db *db);

#endif
