/*
 * The HTTP server (http layer): the only file that includes microhttpd.h. It runs a pool of
 * worker threads, each with its own SQLite connection, collects a request's body or form
 * within limits (413 decided from Content-Length before the body is read), hands the complete
 * request to the route table, and sends the response whole with security headers.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "http/http.h"

enum { MAX_FORM_FIELDS = 200, MAX_THREADS = 256 };

struct server {
    struct MHD_Daemon *daemon;   /* libmicrohttpd */
    struct server_config cfg;    /* copy of the configuration */
    char *db_path;               /* owned copy of cfg.db_path */
    struct db_writer *writer;    /* the single writer */
    unsigned char key[32];       /* CSRF key, from the meta table */
    pthread_mutex_t lock;        /* guards dbs */
    struct db *dbs[MAX_THREADS]; /* every worker's connection, closed at stop */
    int n_dbs;                   /* connections opened */
    atomic_int stopping;         /* set by server_stop: new requests get 503 */
    atomic_int in_flight;        /* requests begun and not yet completed */
    pthread_mutex_t sync_lock;   /* guards the two below */
    unsigned long long durable;  /* writes up to this ticket are on disk */
    struct pending *waiting;     /* suspended until their writes are on disk */
};

static _Thread_local struct db *thread_db;

/* CSP nonces from a per-thread ChaCha20 stream under a random key: unpredictable, and no
 * system call per response. */
static void nonce_bytes(unsigned char *out, size_t n)
{
    static _Thread_local unsigned char key[crypto_stream_chacha20_KEYBYTES];
    static _Thread_local unsigned long long counter;
    if (counter++ == 0)
        randombytes_buf(key, sizeof(key));
    unsigned char iv[crypto_stream_chacha20_NONCEBYTES] = { 0 };
    memcpy(iv, &counter, sizeof(counter) < sizeof(iv) ? sizeof(counter) : sizeof(iv));
    crypto_stream_chacha20(out, n, iv, key);
}

/* The calling worker's connection, opened on first use. */
static struct db *worker_db(struct server *s)
{
    if (thread_db)
        return thread_db;
    struct buf msg;
    buf_init(&msg, 512);
    struct db *db = db_open(s->db_path, 0, &msg);
    if (!db) {
        log_error("worker database: %s", buf_str(&msg));
        buf_release(&msg);
        return NULL;
    }
    buf_release(&msg);
    db_guard(db, 1);
    pthread_mutex_lock(&s->lock);
    if (s->n_dbs < MAX_THREADS) {
        s->dbs[s->n_dbs++] = db;
        thread_db = db;
    }
    pthread_mutex_unlock(&s->lock);
    if (!thread_db) {
        db_close(db);
        return NULL;
    }
    return db;
}

const char *req_query(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_client(struct req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char text[INET6_ADDRSTRLEN] = "?";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof(text));
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text, sizeof(text));
    }
    return arena_strdup(&r->arena, text);
}

enum result req_write(struct req *r, db_job_fn fn, void *arg)
{
    if (!r->writer)
        return fn(r->db, arg);
    /* no snapshot is held while the write waits for its group commit (a snapshot kept by every
     * waiting request would keep the checkpointer from ever restarting the log), and what the
     * request reads afterwards includes the write */
    if (r->reading)
        db_read_end(r->db);
    unsigned long long ticket = 0;
    enum result res = db_writer_commit(r->writer, fn, arg, &ticket);
    if (ticket > r->ticket)
        r->ticket = ticket;
    if (r->reading)
        r->reading = db_read_begin(r->db) == RES_OK;
    return res;
}

int server_public_rate(const struct server *s)
{
    return s->cfg.public_rate > 0 ? s->cfg.public_rate : 30;
}

const unsigned char *server_key(const struct server *s)
{
    return s->key;
}

/* Per-connection state while a request is read. */
struct pending {
    struct req req;               /* the request being built */
    struct MHD_PostProcessor *pp; /* form parser, for form bodies */
    size_t limit;                 /* body limit for this request */
    int answered;                 /* a response was queued early (413) */
    int suspended;                /* its response waits for its writes to reach the disk */
    int sync_failed;              /* the sync of its writes failed */
    struct pending *next_waiting; /* server.waiting link */
};

static enum method method_of(const char *m)
{
    static const struct {
        const char *name;
        enum method m;
    } map[] = {
        { "GET", M_GET }, { "HEAD", M_HEAD },     { "POST", M_POST },
        { "PUT", M_PUT }, { "DELETE", M_DELETE }, { "PATCH", M_PATCH },
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(m, map[i].name) == 0)
            return map[i].m;
    return M_OTHER;
}

static enum MHD_Result form_field_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data, uint64_t off,
                                     size_t size)
{
    (void)kind;
    (void)transfer_encoding;
    struct req *r = cls;
    struct form_field *f = r->form_tail;
    if (!f || off == 0 || strcmp(f->name, key) != 0) {
        if (r->n_form >= MAX_FORM_FIELDS) {
            r->too_large = 1;
            return MHD_NO;
        }
        f = arena_alloc(&r->arena, sizeof(*f));
        f->name = arena_strdup(&r->arena, key);
        f->filename = filename ? arena_strdup(&r->arena, filename) : NULL;
        f->type = content_type ? arena_strdup(&r->arena, content_type) : NULL;
        f->value = arena_strdup(&r->arena, "");
        if (r->form_tail)
            r->form_tail->next = f;
        else
            r->form = f;
        r->form_tail = f;
        r->n_form++;
    }
    if (size > 0) {
        char *v = arena_alloc(&r->arena, f->len + size + 1);
        memcpy(v, f->value, f->len);
        memcpy(v + f->len, data, size);
        f->len += size;
        v[f->len] = '\0';
        f->value = v;
    }
    return MHD_YES;
}

static enum MHD_Result send_status(struct MHD_Connection *c, unsigned status, const char *body,
                                   const char *type)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static const char too_large_json[] =
    "{\"error\":{\"code\":\"too_large\",\"message\":\"request body too large\"}}";
static const char stopping_json[] =
    "{\"error\":{\"code\":\"stopping\",\"message\":\"the server is shutting down\"}}";

/* Builds and queues the response of a finished request. */
static enum MHD_Result respond(struct MHD_Connection *c, struct req *r)
{
    if (r->json) {
        buf_reset(&r->out);
        char *text = json_dumps(r->json, JSON_COMPACT | JSON_REAL_PRECISION(12));
        buf_adds(&r->out, text ? text : "null");
        free(text);
        r->content_type = "application/json; charset=utf-8";
    }
    if (r->out.err) {
        if (r->out.err == BUF_ERR_FULL)
            log_error("response to %s over its size limit", r->path);
        else
            log_error("response to %s not built: a page writer failed (see above)", r->path);
        return send_status(c, 500, "internal error\n", "text/plain; charset=utf-8");
    }
    size_t len;
    char *body = buf_detach(&r->out, &len);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, "Content-Type",
                            r->content_type ? r->content_type : "text/html; charset=utf-8");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    static const char csp_head[] = "default-src 'self'; script-src 'nonce-";
    static const char csp_tail[] = "'; style-src 'self'; img-src 'self' data:;"
                                   " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    char csp[sizeof(csp_head) + sizeof(r->nonce) + sizeof(csp_tail)];
    size_t n_nonce = strlen(r->nonce);
    memcpy(csp, csp_head, sizeof(csp_head) - 1);
    memcpy(csp + sizeof(csp_head) - 1, r->nonce, n_nonce);
    memcpy(csp + sizeof(csp_head) - 1 + n_nonce, csp_tail, sizeof(csp_tail));
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    int has_cache = 0;
    for (int i = 0; i < r->n_hdr; i++) {
        MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
        has_cache |= strcmp(r->hdr_name[i], "Cache-Control") == 0;
    }
    if (!has_cache)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)(r->status ? r->status : 200), resp);
    MHD_destroy_response(resp);
    return ret;
}

static int is_form(const char *type)
{
    return type && (strncasecmp(type, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
                                strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) == 0 ||
                    strncasecmp(type, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
                                strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) == 0);
}

/* Suspends the connection of a request whose writes are not yet on disk, without holding its
 * thread: on_sync resumes it, and access_cb then answers. 0 when they are on disk already. */
static int await_durable(struct server *s, struct pending *p)
{
    pthread_mutex_lock(&s->sync_lock);
    int wait = p->req.ticket > s->durable;
    if (wait) {
        p->suspended = 1;
        MHD_suspend_connection(p->req.conn);
        p->next_waiting = s->waiting;
        s->waiting = p;
    }
    pthread_mutex_unlock(&s->sync_lock);
    return wait;
}

/* Resumes the requests waiting for tickets up to durable (all of them when durable is the
 * largest ticket); called on the writer's syncing thread. */
static void on_sync(void *ctx, unsigned long long durable, int failed)
{
    struct server *s = ctx;
    pthread_mutex_lock(&s->sync_lock);
    if (durable > s->durable)
        s->durable = durable;
    for (struct pending **link = &s->waiting; *link;) {
        struct pending *p = *link;
        if (p->req.ticket > durable) {
            link = &p->next_waiting;
            continue;
        }
        *link = p->next_waiting;
        p->sync_failed = failed;
        MHD_resume_connection(p->req.conn);
    }
    pthread_mutex_unlock(&s->sync_lock);
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **ctx)
{
    (void)version;
    struct server *s = cls;
    struct pending *p = *ctx;
    if (!p) {
        p = xcalloc(1, sizeof(*p));
        *ctx = p;
        atomic_fetch_add(&s->in_flight, 1);
        struct req *r = &p->req;
        arena_init(&r->arena);
        r->conn = c;
        r->server = s;
        r->method = method_of(method);
        r->path = arena_strdup(&r->arena, url);
        const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        int multipart = type && strncasecmp(type, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
                                            strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) == 0;
        p->limit = multipart || (s->cfg.uploads && s->cfg.uploads(r)) ? s->cfg.max_upload
                                                                        : s->cfg.max_body;
        buf_init(&r->body, p->limit);
        buf_init(&r->out, (size_t)64 << 20);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > p->limit) {
            p->answered = 1;
            return send_status(c, 413, too_large_json, "application/json; charset=utf-8");
        }
        if (atomic_load(&s->stopping)) {
            p->answered = 1;
            return send_status(c, 503, stopping_json, "application/json; charset=utf-8");
        }
        if (is_form(type)) {
            p->pp = MHD_create_post_processor(c, 16384, form_field_cb, r);
            if (!p->pp)
                r->bad_form = 1;
        }
        return MHD_YES;
    }
    struct req *r = &p->req;
    if (p->suspended) {
        /* resumed: its writes are on disk, or their sync failed */
        p->suspended = 0;
        if (p->sync_failed)
            return send_status(c, 500, "internal error\n", "text/plain; charset=utf-8");
        return respond(c, r);
    }
    if (p->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (r->too_large || n > p->limit - r->received) {
            r->too_large = 1;
            return MHD_YES;
        }
        r->received += n;
        if (p->pp) {
            if (!r->bad_form && MHD_post_process(p->pp, upload_data, n) != MHD_YES)
                r->bad_form = 1;
        } else {
            buf_add(&r->body, upload_data, n);
        }
        return MHD_YES;
    }
    if (r->too_large)
        return send_status(c, 413, too_large_json, "application/json; charset=utf-8");
    r->db = worker_db(s);
    if (!r->db)
        return send_status(c, 503, "service unavailable\n", "text/plain; charset=utf-8");
    r->writer = s->writer;
    unsigned char raw[12];
    nonce_bytes(raw, sizeof(raw));
    sodium_bin2base64(r->nonce, sizeof(r->nonce), raw, sizeof(raw), sodium_base64_VARIANT_ORIGINAL);
    r->reading = db_read_begin(r->db) == RES_OK;
    s->cfg.dispatch(r);
    if (r->reading)
        db_read_end(r->db);
    if (r->ticket && await_durable(s, p))
        return MHD_YES;
    return respond(c, r);
}

static void completed_cb(void *cls, struct MHD_Connection *c, void **ctx,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    (void)toe;
    struct server *s = cls;
    struct pending *p = *ctx;
    if (!p)
        return;
    atomic_fetch_sub(&s->in_flight, 1);
    if (p->pp)
        MHD_destroy_post_processor(p->pp);
    json_decref(p->req.json);
    json_decref(p->req.json_in);
    buf_release(&p->req.body);
    buf_release(&p->req.out);
    arena_release(&p->req.arena);
    free(p);
    *ctx = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log_error("http: %s", line);
}

/* Loads the CSRF key from the meta table, creating it on first start. */
static int load_key(struct server *s, struct buf *errmsg)
{
    struct db *db = db_open(s->db_path, 0, errmsg);
    if (!db)
        return -1;
    int ok = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key = 'csrf_key'");
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
        memcpy(s->key, sqlite3_column_blob(st, 0), 32);
        ok = 1;
    }
    db_done(st);
    if (!ok) {
        randombytes_buf(s->key, sizeof(s->key));
        st = db_stmt(db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('csrf_key', ?1)");
        if (st) {
            sqlite3_bind_blob(st, 1, s->key, 32, SQLITE_STATIC);
            ok = sqlite3_step(st) == SQLITE_DONE;
            db_done(st);
        }
        if (!ok)
            buf_addf(errmsg, "cannot store the server key: %s", sqlite3_errmsg(db->h));
    }
    db_close(db);
    return ok ? 0 : -1;
}

struct server *server_start(const struct server_config *cfg, struct buf *errmsg)
{
    struct server *s = xcalloc(1, sizeof(*s));
    s->cfg = *cfg;
    s->db_path = xstrdup(cfg->db_path);
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->sync_lock, NULL);
    if (s->cfg.threads < 1)
        s->cfg.threads = 1;
    if (s->cfg.threads > MAX_THREADS)
        s->cfg.threads = MAX_THREADS;
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port) };
    if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
        buf_addf(errmsg, "cannot listen on '%s': not an IPv4 address", cfg->host);
        goto fail;
    }
    if (load_key(s, errmsg))
        goto fail;
    s->writer = db_writer_start(s->db_path, errmsg);
    if (!s->writer)
        goto fail;
    db_writer_on_sync(s->writer, on_sync, s);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    /* the logger comes first so that it receives every message; strict parsing answers 400 to
     * an HTTP/1.1 request without Host */
    s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, access_cb, s, MHD_OPTION_EXTERNAL_LOGGER,
                                 mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                 MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->cfg.threads,
                                 MHD_OPTION_NOTIFY_COMPLETED, completed_cb, s,
                                 MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT,
                                 4000u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
                                 MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
                                 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_END);
    if (!s->daemon) {
        buf_addf(errmsg, "cannot listen on %s:%d (address in use?)", cfg->host, cfg->port);
        goto fail;
    }
    return s;
fail:
    db_writer_stop(s->writer);
    free(s->db_path);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->sync_lock);
    free(s);
    return NULL;
}

int server_port(const struct server *s)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

void server_stop(struct server *s)
{
    if (!s)
        return;
    /* Not MHD_quiesce_daemon: with epoll and a thread pool it races a worker removing the
     * listen socket from its epoll set and can abort the process (an open libmicrohttpd defect).
     * New requests are answered 503 instead, and those in flight get up to 5 s to finish. */
    atomic_store(&s->stopping, 1);
    for (int i = 0; i < 500 && atomic_load(&s->in_flight) > 0; i++)
        usleep(10 * 1000);
    /* libmicrohttpd must not be stopped with connections suspended: any still waiting for a
     * sync that never came are answered as failed */
    on_sync(s, ULLONG_MAX, 1);
    MHD_stop_daemon(s->daemon);
    db_writer_stop(s->writer);
    for (int i = 0; i < s->n_dbs; i++)
        db_close(s->dbs[i]);
    free(s->db_path);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->sync_lock);
    free(s);
}
