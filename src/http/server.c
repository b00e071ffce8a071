/*
 * The HTTP server (http layer): the only file that includes microhttpd.h. It runs a pool of
 * worker threads, each with its own SQLite connection, collects a request's body or form
 * within limits (a field grows in place; past the limit the rest is read and dropped up to a
 * bound, then 413), hands the complete request to the route table, and sends the response whole
 * with security headers. A client holds at most per_client connections, and one whose request
 * headers are not complete header_seconds after they began is closed (the reaper thread).
 * It listens on IPv4, IPv6 (dual stack) or a Unix socket; believes X-Forwarded-For and
 * X-Forwarded-Proto, and a sign-on header, only from trusted proxies; logs a line per request;
 * and counts requests for /metrics.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "http/http.h"
#include "http/route.h"

/* DISCARD_MAX: body bytes read and dropped past a limit before the 413, so that a client that
 * sends its whole body before reading (Python's http.client) reads the 413 and is not reset by
 * a close with its data unread (16 resets in 20 such requests without it) */
enum { MAX_FORM_FIELDS = 200, MAX_THREADS = 256, DISCARD_MAX = 64 << 20 };

/* A connection as the reaper sees it (one per TCP connection, libmicrohttpd's socket context). */
struct watched {
    int fd;                   /* its socket */
    _Atomic long long due;    /* when the request headers being read must be complete; 0 while a
                                 request is handled */
    struct watched *prev;     /* server.watched links */
    struct watched *next;
};

/* Addresses in a list of trusted proxies or of /metrics readers, at most. */
enum { TRUSTED_MAX = 16 };

/* The requests counted for /metrics: by route class and status, and their time. */
enum { CLASS_PAGE, CLASS_API, CLASS_PUBLIC, CLASS_NONE, N_CLASSES, N_CODES = 600 };
static const char *const class_names[N_CLASSES] = { "page", "api", "public", "none" };
static const double latency_le[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                     0.1,   0.25,   0.5,   1,    2.5,   5 };
enum { N_LE = sizeof(latency_le) / sizeof(latency_le[0]) };

/* An audited read lately written (req_log_read): the same account's identical read within
 * READ_AUDIT_SECONDS is covered by this record. */
enum { RECENT_READS = 1024, READ_AUDIT_SECONDS = 60 };
struct recent_read {
    unsigned char hash[16];    /* of the account, the path and what was read */
    time_t at;                 /* when its record was written (clock_time) */
    unsigned long long ticket; /* the commit that holds the record */
};

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
    pthread_mutex_t sync_lock;   /* guards the four below */
    unsigned long long durable;  /* writes up to this ticket are on disk */
    unsigned long long failed_upto; /* the last ticket whose sync failed (not on disk unless
                                       durable reaches it later) */
    int failed_errno;               /* that failure's errno */
    struct pending *waiting;     /* suspended until their writes are on disk */
    pthread_mutex_t watch_lock;  /* guards watched and reaper_stop */
    pthread_cond_t reaper_wake;  /* signalled at stop */
    struct watched *watched;     /* every open connection */
    pthread_t reaper;            /* runs reaper_main */
    int reaper_started;          /* 1 once reaper runs */
    int reaper_stop;             /* set by server_stop */
    char trusted[TRUSTED_MAX][INET6_ADDRSTRLEN]; /* proxies' addresses, as inet_ntop writes */
    int n_trusted;                               /* how many */
    char metrics_from[TRUSTED_MAX][INET6_ADDRSTRLEN]; /* who may read /metrics (none: the
                                                         loopback addresses) */
    int n_metrics_from;                               /* how many */
    atomic_ullong requests[N_CLASSES][N_CODES];       /* answered, by class and status */
    atomic_ullong latency[N_LE + 1];                  /* answered within each latency_le, and
                                                         in all (the last) */
    atomic_ullong latency_us;                         /* their time, all told, in µs */
    pthread_mutex_t recent_lock; /* guards recent */
    struct recent_read recent[RECENT_READS]; /* reads audited lately (req_log_read) */
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

/* Writes the address text as inet_ntop writes it into out; 0, or -1 when text is none. */
static int address_norm(const char *text, size_t len, char out[INET6_ADDRSTRLEN])
{
    char in[INET6_ADDRSTRLEN];
    while (len && (*text == ' ' || *text == '\t'))
        text++, len--;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (!len || len >= sizeof(in))
        return -1;
    memcpy(in, text, len);
    in[len] = '\0';
    if (strcmp(in, "unix") == 0) /* the clients of a Unix socket (server_config.unix_path) */
        return snprintf(out, INET6_ADDRSTRLEN, "unix") < 0 ? -1 : 0;
    unsigned char bin[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, in, bin) == 1)
        return inet_ntop(AF_INET, bin, out, INET6_ADDRSTRLEN) ? 0 : -1;
    if (inet_pton(AF_INET6, in, bin) == 1)
        return inet_ntop(AF_INET6, bin, out, INET6_ADDRSTRLEN) ? 0 : -1;
    return -1;
}

static int trusted(const struct server *s, const char *address)
{
    for (int i = 0; s && i < s->n_trusted; i++)
        if (strcmp(s->trusted[i], address) == 0)
            return 1;
    return 0;
}

/* The connection's peer address into out ("?" when unknown). */
static void peer_address(struct req *r, char out[INET6_ADDRSTRLEN])
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, INET6_ADDRSTRLEN, "?");
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
                      INET6_ADDRSTRLEN);
        else if (sa->sa_family == AF_INET6) {
            const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
            if (IN6_IS_ADDR_V4MAPPED(a))
                inet_ntop(AF_INET, a->s6_addr + 12, out, INET6_ADDRSTRLEN);
            else
                inet_ntop(AF_INET6, a, out, INET6_ADDRSTRLEN);
        } else if (sa->sa_family == AF_UNIX) {
            snprintf(out, INET6_ADDRSTRLEN, "unix");
        }
    } else if (r->server && r->server->cfg.unix_path) {
        snprintf(out, INET6_ADDRSTRLEN, "unix");
    }
}

const char *req_client(struct req *r)
{
    if (r->client)
        return r->client;
    char client[INET6_ADDRSTRLEN], hop[INET6_ADDRSTRLEN];
    peer_address(r, client);
    const char *fwd = trusted(r->server, client) ? req_header(r, "X-Forwarded-For") : NULL;
    /* from the right: each hop a trusted proxy added, until the first it did not vouch for */
    for (size_t end = fwd ? strlen(fwd) : 0; end > 0 && trusted(r->server, client);) {
        size_t start = end;
        while (start > 0 && fwd[start - 1] != ',')
            start--;
        if (address_norm(fwd + start, end - start, hop) != 0)
            break;
        memcpy(client, hop, sizeof(client));
        end = start ? start - 1 : 0;
    }
    r->client = arena_strdup(&r->arena, client);
    return r->client;
}

const char *req_signon(struct req *r)
{
    if (!r->server || !r->server->cfg.auth_header || !r->server->n_trusted)
        return NULL;
    char peer[INET6_ADDRSTRLEN];
    peer_address(r, peer);
    const char *login = trusted(r->server, peer) ? req_header(r, r->server->cfg.auth_header)
                                                 : NULL;
    return login && *login ? login : NULL;
}

int req_https(struct req *r)
{
    if (!r->server || !r->server->n_trusted)
        return 0;
    char peer[INET6_ADDRSTRLEN];
    peer_address(r, peer);
    const char *proto = trusted(r->server, peer) ? req_header(r, "X-Forwarded-Proto") : NULL;
    return proto && strcasecmp(proto, "https") == 0;
}

enum result req_write(struct req *r, db_job_fn fn, void *arg)
{
    if (r->read_only) {
        /* a programming error that tools/check.sh looks for: a GET that writes would change
         * state on a prefetch, a crawler or a link followed from elsewhere, without CSRF */
        log_error("%s: a GET handler tried to write", r->path);
        return RES_FAIL;
    }
    if (!r->writer)
        return fn(r->db, arg);
    /* no snapshot is held while the write waits for its group commit (a snapshot kept by every
     * waiting request would keep the checkpointer from ever restarting the log), and what the
     * request reads afterwards includes the write */
    if (r->reading)
        db_read_end(r->db);
    unsigned long long ticket = 0;
    enum result res = db_writer_commit(r->writer, fn, arg, &ticket);
    r->disk_full |= res == RES_UNAVAILABLE;
    if (ticket > r->ticket)
        r->ticket = ticket;
    if (r->reading)
        r->reading = db_read_begin(r->db) == RES_OK;
    return res;
}

enum result req_log_read(struct req *r, const void *what, size_t what_len, db_job_fn fn,
                         void *arg)
{
    unsigned char hash[16];
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, sizeof(hash));
    crypto_generichash_update(&h, (const unsigned char *)&r->actor.account_id,
                              sizeof(r->actor.account_id));
    crypto_generichash_update(&h, (const unsigned char *)r->path, strlen(r->path) + 1);
    crypto_generichash_update(&h, what, what_len);
    crypto_generichash_final(&h, hash, sizeof(hash));
    struct server *s = r->server;
    struct recent_read *slot = s ? &s->recent[(hash[0] | hash[1] << 8) % RECENT_READS] : NULL;
    time_t now = clock_time();
    if (slot) {
        pthread_mutex_lock(&s->recent_lock);
        int covered = memcmp(slot->hash, hash, sizeof(hash)) == 0 && now >= slot->at &&
                      now - slot->at < READ_AUDIT_SECONDS;
        unsigned long long ticket = slot->ticket;
        pthread_mutex_unlock(&s->recent_lock);
        if (covered) {
            /* answered once that record is on disk, as its own read was */
            if (ticket > r->ticket)
                r->ticket = ticket;
            return RES_OK;
        }
    }
    int read_only = r->read_only;
    r->read_only = 0;
    unsigned long long before = r->ticket;
    r->ticket = 0;
    enum result res = req_write(r, fn, arg);
    unsigned long long ticket = r->ticket;
    if (before > r->ticket)
        r->ticket = before;
    r->read_only = read_only;
    if (slot && res == RES_OK) {
        pthread_mutex_lock(&s->recent_lock);
        *slot = (struct recent_read){ .at = now, .ticket = ticket };
        memcpy(slot->hash, hash, sizeof(hash));
        pthread_mutex_unlock(&s->recent_lock);
    }
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
    int sync_failed;              /* the errno of the failed sync of its writes, or 0 */
    struct pending *next_waiting; /* server.waiting link */
    struct timespec started;      /* when its headers had arrived (CLOCK_MONOTONIC) */
    unsigned status;              /* the status sent, for the request's log line */
    size_t bytes;                 /* the body's bytes sent */
    char method[8];               /* the request's method as sent, cut to 7 bytes */
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

/* Takes a piece of a form field: the field's buffer grows in place (linear time and memory,
 * bounded by the body's limit); a NUL in a field other than a file makes the form bad, since
 * handlers read fields as C strings and would see it cut short. */
static enum MHD_Result form_field_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data, uint64_t off,
                                     size_t size)
{
    (void)kind;
    (void)transfer_encoding;
    struct pending *p = cls;
    struct req *r = &p->req;
    /* a multipart part without a name (no Content-Disposition) belongs to no field: skipped */
    if (!key)
        return MHD_YES;
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
        buf_init(&f->data, p->limit);
        if (r->form_tail)
            r->form_tail->next = f;
        else
            r->form = f;
        r->form_tail = f;
        r->n_form++;
    }
    if (size == 0)
        return MHD_YES;
    if (!f->filename && memchr(data, '\0', size)) {
        r->bad_form = 1;
        return MHD_NO;
    }
    buf_add(&f->data, data, size);
    if (f->data.err) {
        r->too_large = 1;
        return MHD_NO;
    }
    f->value = f->data.data;
    f->len = f->data.len;
    return MHD_YES;
}

/* Forgets a connection's watch: at its close, and before libmicrohttpd closes its socket, so
 * the reaper never shuts down a descriptor that was reused by another connection. */
static void notify_cb(void *cls, struct MHD_Connection *c, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe)
{
    struct server *s = cls;
    struct watched *w = *socket_context;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        w = xcalloc(1, sizeof(*w));
        w->fd = ci ? ci->connect_fd : -1;
        atomic_store(&w->due, (long long)time(NULL) + s->cfg.header_seconds);
        pthread_mutex_lock(&s->watch_lock);
        w->next = s->watched;
        if (s->watched)
            s->watched->prev = w;
        s->watched = w;
        pthread_mutex_unlock(&s->watch_lock);
        *socket_context = w;
        return;
    }
    if (!w)
        return;
    pthread_mutex_lock(&s->watch_lock);
    if (w->prev)
        w->prev->next = w->next;
    else
        s->watched = w->next;
    if (w->next)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&s->watch_lock);
    free(w);
    *socket_context = NULL;
}

/* Sets when the connection's next request headers are due: now + header_seconds, or 0 (none
 * due) while a request is handled. */
static void watch_headers(struct server *s, struct MHD_Connection *c, int reading)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct watched *w = ci ? ci->socket_context : NULL;
    if (w)
        atomic_store(&w->due, reading ? (long long)time(NULL) + s->cfg.header_seconds : 0);
}

/* Once a second, shuts down the sockets whose request headers are overdue: libmicrohttpd's
 * own timeout starts again with every byte, so a client sending a byte a second held its
 * connection for ever (and 4,100 of them held the server). libmicrohttpd then closes them. */
static void *reaper_main(void *arg)
{
    struct server *s = arg;
    pthread_mutex_lock(&s->watch_lock);
    while (!s->reaper_stop) {
        long long now = (long long)time(NULL);
        for (struct watched *w = s->watched; w; w = w->next) {
            long long due = atomic_load(&w->due);
            if (due && now >= due && w->fd >= 0) {
                shutdown(w->fd, SHUT_RDWR);
                atomic_store(&w->due, 0);
            }
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&s->reaper_wake, &s->watch_lock, &until);
    }
    pthread_mutex_unlock(&s->watch_lock);
    return NULL;
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

/* send_status for a request, noted for its log line. */
static enum MHD_Result refuse(struct pending *p, unsigned status, const char *body,
                              const char *type)
{
    p->status = status;
    p->bytes = strlen(body);
    return send_status(p->req.conn, status, body, type);
}

static const char json_mime[] = "application/json; charset=utf-8";
static const char too_large_json[] =
    "{\"error\":{\"code\":\"too_large\",\"message\":\"request body too large\"}}";
static const char stopping_json[] =
    "{\"error\":{\"code\":\"stopping\",\"message\":\"the server is shutting down\"}}";
static const char internal_json[] =
    "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}";
static const char storage_json[] =
    "{\"error\":{\"code\":\"unavailable\",\"message\":\"服务器存储空间已满或只读,本次写入未保存,"
    "请稍后再试\"}}";
static const char unavailable_json[] =
    "{\"error\":{\"code\":\"unavailable\",\"message\":\"service unavailable\"}}";
static const char coding_json[] =
    "{\"error\":{\"code\":\"not_implemented\",\"message\":\"unsupported transfer coding\"}}";
static const char framing_json[] =
    "{\"error\":{\"code\":\"bad_request\",\"message\":\"conflicting body length\"}}";

/* Builds and queues the response of a finished request. */
static enum MHD_Result respond(struct pending *p)
{
    struct req *r = &p->req;
    struct MHD_Connection *c = r->conn;
    if (r->json) {
        buf_reset(&r->out);
        if (json_write(&r->out, r->json) != 0) {
            buf_reset(&r->out);
            buf_adds(&r->out, "null"); /* as json_dumps's failure was answered */
        }
        r->content_type = "application/json; charset=utf-8";
    }
    if (r->out.err) {
        if (r->out.err == BUF_ERR_FULL)
            log_error("response to %s over its size limit", r->path);
        else
            log_error("response to %s not built: a page writer failed (see above)", r->path);
        return refuse(p, 500, internal_json, json_mime);
    }
    size_t len;
    char *body = buf_detach(&r->out, &len);
    p->status = (unsigned)(r->status ? r->status : 200);
    p->bytes = len;
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
    if (req_https(r))
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    enum MHD_Result ret = MHD_queue_response(c, p->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Counts the Content-Length headers and whether their values differ. */
struct lengths {
    const char *first; /* the first value */
    int n;             /* headers seen */
    int differ;        /* 1 when a later one differs from the first */
};

static enum MHD_Result count_length(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    (void)kind;
    struct lengths *l = cls;
    if (strcasecmp(key, "Content-Length") != 0)
        return MHD_YES;
    if (l->n++ == 0)
        l->first = value;
    else if (strcmp(l->first, value) != 0)
        l->differ = 1;
    return MHD_YES;
}

/* How the body is framed: 0 when it can be read, else the status that refuses it (a body framed
 * two ways is how requests are smuggled past a proxy, so it is refused, not guessed at). */
static unsigned framing_refused(struct MHD_Connection *c)
{
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
    struct lengths l = { 0 };
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_length, &l);
    if (te && strcasecmp(te, "chunked") != 0)
        return 501;
    if (l.differ || (te && l.n))
        return 400;
    return 0;
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
    if (wait && p->req.ticket <= s->failed_upto) {
        /* the sync of its commit failed before it came to wait: it is refused as the waiting
         * ones were, never answered as written */
        wait = 0;
        p->sync_failed = s->failed_errno;
    }
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
    if (failed && durable > s->failed_upto) {
        s->failed_upto = durable;
        s->failed_errno = failed;
    } else if (!failed && durable > s->durable) {
        s->durable = durable;
    }
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

/* Answers a request once its writes are on disk; when their sync failed, an answer that refuses
 * already stands, and storage that refuses writes (full, read-only) answers 503. */
static enum MHD_Result answer_written(struct pending *p)
{
    if (p->sync_failed && p->req.status < 400)
        return db_storage_refused(p->sync_failed) ? refuse(p, 503, storage_json, json_mime)
                                                  : refuse(p, 500, internal_json, json_mime);
    return respond(p);
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **ctx)
{
    (void)version;
    struct server *s = cls;
    struct pending *p = *ctx;
    if (!p) {
        watch_headers(s, c, 0);
        p = xcalloc(1, sizeof(*p));
        clock_gettime(CLOCK_MONOTONIC, &p->started);
        *ctx = p;
        atomic_fetch_add(&s->in_flight, 1);
        struct req *r = &p->req;
        arena_init(&r->arena);
        r->conn = c;
        r->server = s;
        r->method = method_of(method);
        log_clean(method, p->method, sizeof(p->method));
        r->path = arena_strdup(&r->arena, url);
        const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        int multipart = type && strncasecmp(type, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
                                            strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) == 0;
        p->limit = multipart || (s->cfg.uploads && s->cfg.uploads(r)) ? s->cfg.max_upload
                                                                        : s->cfg.max_body;
        buf_init(&r->body, p->limit);
        buf_init(&r->out, (size_t)64 << 20);
        unsigned refused = framing_refused(c);
        if (refused) {
            p->answered = 1;
            return refuse(p, refused, refused == 501 ? coding_json : framing_json, json_mime);
        }
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        unsigned long long length = cl ? strtoull(cl, NULL, 10) : 0;
        if (length > p->limit) {
            /* a client waiting for 100 Continue sends nothing more: answer now */
            if (length > p->limit + DISCARD_MAX ||
                MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Expect")) {
                p->answered = 1;
                return refuse(p, 413, too_large_json, json_mime);
            }
            r->too_large = 1;
        }
        if (atomic_load(&s->stopping)) {
            p->answered = 1;
            return refuse(p, 503, stopping_json, json_mime);
        }
        if (is_form(type) && !r->too_large) {
            p->pp = MHD_create_post_processor(c, 16384, form_field_cb, p);
            if (!p->pp)
                r->bad_form = 1;
        }
        return MHD_YES;
    }
    struct req *r = &p->req;
    if (p->suspended) {
        /* resumed: its writes are on disk, or their sync failed */
        p->suspended = 0;
        return answer_written(p);
    }
    if (p->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        r->received += n;
        if (r->too_large || r->received > p->limit) {
            /* the rest is read and dropped, up to a bound past which the 413 goes at once */
            r->too_large = 1;
            if (r->received > p->limit + DISCARD_MAX) {
                p->answered = 1;
                return refuse(p, 413, too_large_json, json_mime);
            }
            return MHD_YES;
        }
        if (p->pp) {
            if (!r->bad_form && MHD_post_process(p->pp, upload_data, n) != MHD_YES)
                r->bad_form = 1;
        } else {
            buf_add(&r->body, upload_data, n);
        }
        return MHD_YES;
    }
    if (r->too_large)
        return refuse(p, 413, too_large_json, json_mime);
    r->db = worker_db(s);
    if (!r->db)
        return refuse(p, 503, unavailable_json, json_mime);
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
    return answer_written(p);
}

/* The seconds since the request's headers arrived. */
static double request_seconds(const struct pending *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->started.tv_sec) +
           (double)(now.tv_nsec - p->started.tv_nsec) / 1e9;
}

static void count_request(struct server *s, const struct pending *p)
{
    const struct route *rt = p->req.route;
    int k = !rt                         ? CLASS_NONE
            : (rt->flags & RF_API)      ? CLASS_API
            : (rt->flags & RF_PUBLIC)   ? CLASS_PUBLIC
                                        : CLASS_PAGE;
    if (p->status < N_CODES)
        atomic_fetch_add_explicit(&s->requests[k][p->status], 1, memory_order_relaxed);
    double took = request_seconds(p);
    int i = 0;
    while (i < N_LE && took > latency_le[i])
        i++;
    atomic_fetch_add_explicit(&s->latency[i], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->latency_us, (unsigned long long)(took * 1e6),
                              memory_order_relaxed);
}

void server_metrics(struct server *s, struct buf *out)
{
    buf_adds(out, "# HELP taizhang_http_requests_total Requests answered, by route class and"
                  " status.\n# TYPE taizhang_http_requests_total counter\n");
    for (int k = 0; k < N_CLASSES; k++)
        for (int c = 100; c < N_CODES; c++) {
            unsigned long long n = atomic_load_explicit(&s->requests[k][c], memory_order_relaxed);
            if (n)
                buf_addf(out, "taizhang_http_requests_total{class=\"%s\",code=\"%d\"} %llu\n",
                         class_names[k], c, n);
        }
    buf_adds(out, "# HELP taizhang_http_request_duration_seconds Time from a request's headers"
                  " to its answer.\n# TYPE taizhang_http_request_duration_seconds histogram\n");
    unsigned long long cumulative = 0;
    for (int i = 0; i <= N_LE; i++) {
        cumulative += atomic_load_explicit(&s->latency[i], memory_order_relaxed);
        if (i < N_LE)
            buf_addf(out, "taizhang_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                     latency_le[i], cumulative);
        else
            buf_addf(out, "taizhang_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                     cumulative);
    }
    buf_addf(out, "taizhang_http_request_duration_seconds_sum %.6f\n"
                  "taizhang_http_request_duration_seconds_count %llu\n",
             (double)atomic_load(&s->latency_us) / 1e6, cumulative);
    buf_addf(out, "# HELP taizhang_http_requests_in_flight Requests begun and not yet done.\n"
                  "# TYPE taizhang_http_requests_in_flight gauge\n"
                  "taizhang_http_requests_in_flight %d\n",
             atomic_load(&s->in_flight));
    struct db_writer_stats w = { 0 };
    if (s->writer)
        db_writer_stats(s->writer, &w);
    buf_addf(out, "# HELP taizhang_write_queue_depth Writes waiting for the single writer.\n"
                  "# TYPE taizhang_write_queue_depth gauge\ntaizhang_write_queue_depth %d\n"
                  "# HELP taizhang_wal_fsync_seconds Syncs of the write-ahead log.\n"
                  "# TYPE taizhang_wal_fsync_seconds summary\n"
                  "taizhang_wal_fsync_seconds_sum %.6f\ntaizhang_wal_fsync_seconds_count %llu\n"
                  "# HELP taizhang_wal_fsync_max_seconds The longest sync of the log.\n"
                  "# TYPE taizhang_wal_fsync_max_seconds gauge\n"
                  "taizhang_wal_fsync_max_seconds %.6f\n",
             w.queued, w.sync_seconds, w.syncs, w.sync_max);
}

int req_metrics_allowed(struct req *r)
{
    const char *client = req_client(r);
    struct server *s = r->server;
    if (!s->n_metrics_from)
        return strncmp(client, "127.", 4) == 0 || strcmp(client, "::1") == 0;
    for (int i = 0; i < s->n_metrics_from; i++)
        if (strcmp(s->metrics_from[i], client) == 0)
            return 1;
    return 0;
}

/* The request's line: client, account, method, path, status, bytes and milliseconds. */
static void log_request(struct pending *p)
{
    struct req *r = &p->req;
    double ms = request_seconds(p) * 1e3;
    char path[512], account[64];
    log_clean(r->path, path, sizeof(path));
    log_clean(r->authed && r->actor.login[0] ? r->actor.login : "-", account, sizeof(account));
    log_info("request client=%s account=%s %s %s %u %zu %.1fms", req_client(r), account,
             p->method, path, p->status, p->bytes, ms);
}

static void completed_cb(void *cls, struct MHD_Connection *c, void **ctx,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    struct server *s = cls;
    struct pending *p = *ctx;
    if (!p)
        return;
    watch_headers(s, c, 1); /* the next request's, on a kept-alive connection */
    atomic_fetch_sub(&s->in_flight, 1);
    if (p->status)
        count_request(s, p);
    if (s->cfg.log_requests && p->status)
        log_request(p);
    if (p->pp)
        MHD_destroy_post_processor(p->pp);
    for (struct form_field *f = p->req.form; f; f = f->next)
        buf_release(&f->data);
    json_decref(p->req.json);
    json_decref(p->req.json_in);
    buf_release(&p->req.body);
    buf_release(&p->req.out);
    arena_release(&p->req.arena);
    free(p);
    *ctx = NULL;
}

__attribute__((format(printf, 2, 0)))
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log_error("http: %s", line);
}

/* Loads the CSRF key, creating it on first start. */
static int load_key(struct server *s, struct buf *errmsg)
{
    struct db *db = db_open(s->db_path, 0, errmsg);
    if (!db)
        return -1;
    enum result r = secret_key(db, "csrf_key", s->key, sizeof(s->key), errmsg);
    db_close(db);
    return r == RES_OK ? 0 : -1;
}

static void stop_reaper(struct server *s)
{
    if (!s->reaper_started)
        return;
    pthread_mutex_lock(&s->watch_lock);
    s->reaper_stop = 1;
    pthread_cond_signal(&s->reaper_wake);
    pthread_mutex_unlock(&s->watch_lock);
    pthread_join(s->reaper, NULL);
    s->reaper_started = 0;
}

/* Reads addresses ("a,b") into out and *n; what names them in a reason. Returns 0, or -1 with
 * a reason in errmsg. */
static int parse_addresses(const char *list, char out[TRUSTED_MAX][INET6_ADDRSTRLEN], int *n,
                           const char *what, struct buf *errmsg)
{
    while (list && *list) {
        size_t len = strcspn(list, ",");
        if (*n == TRUSTED_MAX) {
            buf_addf(errmsg, "more than %d addresses in %s", TRUSTED_MAX, what);
            return -1;
        }
        if (address_norm(list, len, out[*n]) != 0) {
            buf_addf(errmsg, "not an IP address in %s: '%.*s'", what, (int)len, list);
            return -1;
        }
        (*n)++;
        list += len + (list[len] == ',');
    }
    return 0;
}

/* A listening Unix socket at path (a stale one there replaced), readable and writable by the
 * owner and group (the proxy's user joins the group); the descriptor, or -1 with a reason. */
static int unix_listen(const char *path, struct buf *errmsg)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(sa.sun_path)) {
        buf_addf(errmsg, "the socket path '%s' is too long", path);
        return -1;
    }
    memcpy(sa.sun_path, path, strlen(path) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct stat st;
    if (fd >= 0 && lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(path);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || chmod(path, 0660) != 0 ||
        listen(fd, 1024) != 0) {
        buf_addf(errmsg, "cannot listen on the socket '%s': %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

struct server *server_start(const struct server_config *cfg, struct buf *errmsg)
{
    struct server *s = xcalloc(1, sizeof(*s));
    if (parse_addresses(cfg->trust_proxy, s->trusted, &s->n_trusted, "the trusted proxies",
                        errmsg) != 0 ||
        parse_addresses(cfg->metrics_from, s->metrics_from, &s->n_metrics_from,
                        "the addresses that may read /metrics", errmsg) != 0) {
        free(s);
        return NULL;
    }
    s->cfg = *cfg;
    /* read above; the caller's texts need not outlive the call */
    s->cfg.trust_proxy = s->cfg.metrics_from = NULL;
    s->db_path = xstrdup(cfg->db_path);
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->sync_lock, NULL);
    pthread_mutex_init(&s->watch_lock, NULL);
    pthread_mutex_init(&s->recent_lock, NULL);
    pthread_cond_init(&s->reaper_wake, NULL);
    /* a fixed threshold: glibc's own rises to the largest block freed (up to 32 MB), after
     * which a 20 MB upload's memory stayed with the process when the request was done */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    if (s->cfg.per_client < 1)
        s->cfg.per_client = 512;
    if (s->cfg.header_seconds < 1)
        s->cfg.header_seconds = 10;
    if (s->cfg.threads < 1)
        s->cfg.threads = 1;
    if (s->cfg.threads > MAX_THREADS)
        s->cfg.threads = MAX_THREADS;
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port) };
    struct sockaddr_in6 addr6 = { .sin6_family = AF_INET6,
                                  .sin6_port = htons((uint16_t)cfg->port) };
    struct sockaddr *bind_to = (struct sockaddr *)&addr;
    unsigned family_flags = 0;
    int listen_fd = -1;
    if (cfg->unix_path) {
        listen_fd = unix_listen(cfg->unix_path, errmsg);
        if (listen_fd < 0)
            goto fail;
    } else if (inet_pton(AF_INET6, cfg->host, &addr6.sin6_addr) == 1) {
        bind_to = (struct sockaddr *)&addr6;
        /* "::" takes IPv4 clients too, as ::ffff:a.b.c.d (peer_address shows a.b.c.d) */
        family_flags = MHD_USE_IPv6 |
                       (IN6_IS_ADDR_UNSPECIFIED(&addr6.sin6_addr) ? MHD_USE_DUAL_STACK : 0);
    } else if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
        buf_addf(errmsg, "cannot listen on '%s': not an IP address", cfg->host);
        goto fail;
    }
    if (load_key(s, errmsg))
        goto fail;
    s->writer = db_writer_start(s->db_path, errmsg);
    if (!s->writer)
        goto fail;
    db_writer_on_sync(s->writer, on_sync, s);
    if (pthread_create(&s->reaper, NULL, reaper_main, s) != 0) {
        buf_adds(errmsg, "cannot start the connection reaper");
        goto fail;
    }
    s->reaper_started = 1;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG | family_flags;
    /* the logger comes first so that it receives every message; strict parsing answers 400 to
     * an HTTP/1.1 request without Host */
    s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, access_cb, s, MHD_OPTION_EXTERNAL_LOGGER,
                                 mhd_log, NULL, listen_fd >= 0 ? MHD_OPTION_LISTEN_SOCKET
                                                              : MHD_OPTION_SOCK_ADDR,
                                 listen_fd >= 0 ? (void *)(intptr_t)listen_fd : (void *)bind_to,
                                 MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->cfg.threads,
                                 MHD_OPTION_NOTIFY_COMPLETED, completed_cb, s,
                                 MHD_OPTION_NOTIFY_CONNECTION, notify_cb, s,
                                 MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT,
                                 4000u, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                                 (unsigned)s->cfg.per_client, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
                                 MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
                                 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_END);
    if (!s->daemon) {
        if (listen_fd >= 0)
            close(listen_fd);
        buf_addf(errmsg, "cannot listen on %s:%d (address in use?)", cfg->host, cfg->port);
        goto fail;
    }
    return s;
fail:
    stop_reaper(s);
    db_writer_stop(s->writer);
    free(s->db_path);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->sync_lock);
    pthread_mutex_destroy(&s->watch_lock);
    pthread_mutex_destroy(&s->recent_lock);
    pthread_cond_destroy(&s->reaper_wake);
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
    stop_reaper(s);
    MHD_stop_daemon(s->daemon);
    /* the readers first: the writer's close then checkpoints the log and truncates it */
    for (int i = 0; i < s->n_dbs; i++)
        db_close(s->dbs[i]);
    db_writer_stop(s->writer);
    free(s->db_path);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->sync_lock);
    pthread_mutex_destroy(&s->watch_lock);
    pthread_mutex_destroy(&s->recent_lock);
    pthread_cond_destroy(&s->reaper_wake);
    free(s);
}
