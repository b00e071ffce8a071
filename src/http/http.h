/*
 * One HTTP request as handlers see it (http layer): method, path, parameters, body or form,
 * the thread's database connection, the per-request arena, the caller, and the response being
 * built. server.c hides libmicrohttpd behind it. No mechanism knowledge.
 */
#ifndef TZ_HTTP_H
#define TZ_HTTP_H

#include <jansson.h>
#include <stddef.h>

#include "auth/account.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/result.h"
#include "db/db.h"
#include "core/i18n.h"

enum method {
    M_GET = 1 << 0,
    M_HEAD = 1 << 1,
    M_POST = 1 << 2,
    M_PUT = 1 << 3,
    M_DELETE = 1 << 4,
    M_PATCH = 1 << 5,
    M_OTHER = 1 << 6,
};

struct form_field {
    const char *name;        /* field name */
    char *value;             /* contents, NUL-terminated (the request's until it completes) */
    size_t len;              /* bytes in value */
    const char *filename;    /* for a file part, else NULL */
    const char *type;        /* the part's content type, or NULL */
    struct form_field *next; /* next field in the order received */
    struct buf data;         /* holds value as it arrives, within the body's limit (server.c) */
};

enum { REQ_ARGS = 4, REQ_HEADERS = 8 };

struct route;
struct server;

struct req {
    void *conn;                         /* the libmicrohttpd connection; only server.c uses it */
    struct server *server;              /* the server serving it */
    enum method method;                 /* request method */
    const char *path;                   /* decoded path, without the query */
    const char *args[REQ_ARGS];         /* path segments captured by "{}" in the route */
    const struct route *route;          /* the matched route */
    void (*page_error)(struct req *r, int status, const struct err *err); /* answers a failure
                                                                             on a page route */
    struct arena arena;                 /* request-lifetime memory */
    struct buf body;                    /* raw body for non-form requests */
    struct form_field *form;            /* parsed form fields, in order */
    struct form_field *form_tail;       /* last of them */
    size_t n_form;                      /* fields received */
    size_t received;                    /* body bytes received */
    int too_large;                      /* the body passed its limit */
    int bad_form;                       /* the form could not be parsed */
    struct db *db;                      /* this worker thread's connection */
    struct db_writer *writer;           /* the single writer, or NULL to write on db directly */
    struct actor actor;                 /* who is asking, when authed */
    int authed;                         /* 1 when actor is set */
    int by_token;                       /* 1 when authed by a bearer token */
    int by_signon;                      /* 1 when authed by a trusted proxy's sign-on header */
    int reading;                        /* 1 while its read transaction is open */
    int disk_full;                      /* a write met a full disk: every error message says so */
    int read_only;                      /* a GET or HEAD handler runs: req_write refuses */
    unsigned long long ticket;          /* its last write's, answered once that is on disk */
    char session[TOKEN_TEXT];           /* the session token when authed by cookie */
    const char *client;                 /* req_client's answer once asked (arena) */
    char csrf[48];                      /* the CSRF token that forms of this response carry */
    enum lang lang;                     /* language of the response */
    char nonce[24];                     /* CSP nonce for this response */
    int status;                         /* response status, 200 unless set */
    const char *content_type;           /* response type; HTML when NULL */
    struct buf out;                     /* response body */
    json_t *json;                       /* JSON response, owned by the request, dumped at the end */
    json_t *json_in;                    /* the parsed JSON body, owned by the request */
    const char *hdr_name[REQ_HEADERS];  /* extra response headers */
    const char *hdr_value[REQ_HEADERS]; /* their values (arena or static) */
    int n_hdr;                          /* headers used */
};

/* Request data held by the connection (server.c). NULL when absent. */
const char *req_query(struct req *r, const char *name);
const char *req_header(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);
/* The client's address as text (arena): the peer's, or, when the peer is a trusted proxy
 * (server_config.trust_proxy), the rightmost address of X-Forwarded-For that is not one of
 * them. Every limit and log line uses it. */
const char *req_client(struct req *r);
/* 1 when the request came over HTTPS, as a trusted proxy says in X-Forwarded-Proto: cookies are
 * then Secure and pages carry HSTS. */
int req_https(struct req *r);
/* The login a trusted proxy vouches for in server_config.auth_header (single sign-on), or NULL
 * when none is configured, the peer is not a trusted proxy, or the header is absent or empty. */
const char *req_signon(struct req *r);
/* A form field's value, or NULL. */
const char *req_form(const struct req *r, const char *name);
/* The body parsed as a JSON object (owned by the request), or NULL after answering 400. */
json_t *req_json(struct req *r);

/* Runs a write job on the single writer (or directly when there is none), waiting for its
 * commit. Returns what the job returned; RES_FAIL, logged, from a GET or HEAD handler. */
enum result req_write(struct req *r, db_job_fn fn, void *arg);
/* The one write a GET or HEAD handler may make: a job that only appends the audit record of a
 * read (who read which restricted records, such as discipline cases), run as req_write runs
 * one. Any other write from a GET stays refused. what (what_len bytes) names what was read,
 * such as the records' ids: the same account's read of the same path and what within a minute
 * is covered by the record already written (a reloaded page writes no second one; its answer
 * still waits for that record to be on disk), and returns RES_OK without writing. */
enum result req_log_read(struct req *r, const void *what, size_t what_len, db_job_fn fn,
                         void *arg);

/* Response helpers. */
void resp_header(struct req *r, const char *name, const char *value);
void resp_redirect(struct req *r, const char *location);
/* Sets a cookie: HttpOnly, SameSite=Lax, Path=/; max_age < 0 for a session cookie, 0 to
 * delete it. */
void resp_cookie(struct req *r, const char *name, const char *value, long max_age);
/* Answers with a JSON document (ownership passes to the request). */
void resp_json(struct req *r, int status, json_t *doc);
/* Answers with the one error envelope {"error":{"code","message","field"}}. */
void resp_json_error(struct req *r, int status, const char *code, const struct err *err);
/* Maps a model result to an HTTP status: RES_OK 200, RES_NOT_FOUND 404, RES_CONFLICT 409,
 * RES_INVALID 400, RES_FORBIDDEN 403, RES_FAIL 500. */
int result_status(enum result r);
/* Answers an API request from a failed model result. */
void resp_api_fail(struct req *r, enum result res, const struct err *err);
/* The message for err in the request's language: "field: message detail" (arena); the full
 * disk's message instead once a write of the request met one. */
const char *err_text_for(struct req *r, const struct err *err);

/* Server configuration and life cycle (server.c). */
struct server_config {
    const char *db_path;             /* database file */
    const char *host;                /* address to listen on: "127.0.0.1", "::" (IPv6 and
                                        IPv4 both), "::1" */
    int port;                        /* 0 for an ephemeral port */
    const char *unix_path;           /* or a Unix socket for the proxy (host and port unused);
                                        its clients' address is "unix" (trust_proxy may name
                                        it) */
    int threads;                     /* worker threads, each with its own connection */
    size_t max_body;                 /* limit for JSON and url-encoded bodies */
    size_t max_upload;               /* limit for multipart bodies */
    void (*dispatch)(struct req *r); /* the route table's entry point */
    int (*uploads)(struct req *r);   /* whether a JSON body may carry files (max_upload) */
    int public_rate;                 /* public submissions, and failed tracking-code lookups,
                                        per client per 15 minutes */
    int per_client;                  /* connections one client address may hold at once (512
                                        when 0) */
    int header_seconds;              /* time a request's headers may take to arrive (10 when 0) */
    const char *trust_proxy;         /* addresses ("a,b"; NULL for none) of proxies whose
                                        X-Forwarded-For and X-Forwarded-Proto are believed */
    int log_requests;                /* 1: a log line for every request */
    const char *auth_header;         /* a header (NULL for none) in which a trusted proxy names
                                        the signed-in account's login; outlives the server */
    const char *metrics_from;        /* addresses ("a,b") that may read /metrics; NULL for the
                                        loopback addresses */
};

/* Starts serving; NULL with a reason in errmsg. */
struct server *server_start(const struct server_config *cfg, struct buf *errmsg);
/* The port actually bound. */
int server_port(const struct server *s);
/* Stops accepting, lets in-flight requests finish (up to a few seconds), stops the threads,
 * stops the writer and closes every connection. */
void server_stop(struct server *s);
/* Writes the server's own figures for /metrics in Prometheus' text format: requests by route
 * class and status, their latency histogram, requests in flight, the write queue's depth and
 * the syncs of the write-ahead log. */
void server_metrics(struct server *s, struct buf *out);
/* 1 when the request's client (req_client) may read /metrics (server_config.metrics_from). */
int req_metrics_allowed(struct req *r);
/* Public submissions allowed per client per 15 minutes; the opinion handlers allow as many
 * failed tracking-code lookups. */
int server_public_rate(const struct server *s);
/* The server's secret key for CSRF tokens (32 bytes). */
const unsigned char *server_key(const struct server *s);

#endif
