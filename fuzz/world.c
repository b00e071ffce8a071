/* The HTTP fuzz targets' world; see world.h. Fuzz code. */
#include "world.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "core/file.h"
#include "db/db.h"
#include "http/http.h"
#include "routes.h"

static struct {
    char dir[64];        /* the temporary directory */
    char pristine[96];   /* the demo as made */
    char live[96];       /* the copy the server runs on */
    struct server *srv;  /* the server, NULL before the first input */
    struct world w;      /* what the inputs use */
    long inputs;         /* inputs since the world was made */
    int lost;            /* 1: start over before the next input */
} g;

static void die(const char *what)
{
    fprintf(stderr, "fuzz world: %s\n", what);
    exit(1);
}

static void world_stop(void)
{
    if (g.srv)
        server_stop(g.srv);
    g.srv = NULL;
}

static void remove_db(const char *path);

/* At exit: the server stopped and the temporary directory removed. */
static void world_end(void)
{
    world_stop();
    remove_db(g.live);
    remove_db(g.pristine);
    rmdir(g.dir);
}

static void remove_db(const char *path)
{
    char side[128];
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

/* The demo province, made once per process with the command's own code. */
static void make_pristine(void)
{
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(g.dir, sizeof(g.dir), "%s/tz-fuzz-XXXXXX", tmp);
    if (!mkdtemp(g.dir))
        die("cannot make a temporary directory");
    snprintf(g.pristine, sizeof(g.pristine), "%s/demo.db", g.dir);
    snprintf(g.live, sizeof(g.live), "%s/live.db", g.dir);
    char *argv[] = { "demo", "--db", g.pristine, NULL };
    fflush(stdout);
    int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    int rc = demo_cmd(3, argv);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    close(null);
    if (rc != 0)
        die("taizhang demo failed");
    atexit(world_end);
}

static void copy_file(const char *from, const char *to)
{
    struct buf data;
    buf_init(&data, (size_t)1 << 30);
    if (file_read_all(from, &data) != 0)
        die("cannot read the pristine demo");
    FILE *f = fopen(to, "wb");
    if (!f || fwrite(data.data, 1, data.len, f) != data.len || fclose(f) != 0)
        die("cannot copy the demo");
    buf_release(&data);
}

/* The first administrator's token and a session of theirs, made through the model. */
static void sign_in(void)
{
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(g.live, 0, &msg);
    if (!db)
        die(buf_str(&msg));
    buf_release(&msg);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, login FROM account WHERE role = 'admin' AND "
                                   "disabled = 0 ORDER BY id LIMIT 1");
    if (!st || sqlite3_step(st) != SQLITE_ROW)
        die("the demo has no administrator");
    long long id = sqlite3_column_int64(st, 0);
    char login[64];
    snprintf(login, sizeof(login), "%s", (const char *)sqlite3_column_text(st, 1));
    db_done(st);
    struct actor admin;
    struct err err = { 0 };
    if (account_actor(db, id, &admin) != RES_OK ||
        token_create(db, &admin, login, g.w.token, &err) != RES_OK ||
        session_create(db, id, g.w.session) != RES_OK)
        die("cannot sign the administrator in");
    db_close(db);
}

static const char CSRF_MARK[] = "name=\"csrf\" value=\"";

static long exchange(const char *req, size_t len, struct buf *out);

/* GETs path with one more header line (name: value) into out; returns the status. */
static long get(const char *path, const char *name, const char *value, struct buf *out)
{
    char req[512];
    int n = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: fuzz\r\n%s: %s\r\n"
                     "Connection: close\r\n\r\n", path, name, value);
    return exchange(req, (size_t)n, out);
}

/* Reads the session's CSRF token from the home page, as a browser does. */
static int read_csrf(void)
{
    char cookie[64];
    snprintf(cookie, sizeof(cookie), "tz_session=%s", g.w.session);
    struct buf page;
    buf_init(&page, (size_t)64 << 20);
    long status = get("/", "Cookie", cookie, &page);
    const char *at = status == 200 ? strstr(buf_str(&page), CSRF_MARK) : NULL;
    if (at) {
        at += sizeof(CSRF_MARK) - 1;
        size_t k = strcspn(at, "\"");
        snprintf(g.w.csrf, sizeof(g.w.csrf), "%.*s", (int)k, at);
    }
    buf_release(&page);
    return at ? 0 : -1;
}

static void world_start(void)
{
    world_stop();
    remove_db(g.live);
    copy_file(g.pristine, g.live);
    sign_in();
    struct buf msg;
    buf_init(&msg, 1024);
    struct server_config cfg = {
        .db_path = g.live,
        .host = "127.0.0.1",
        .threads = 2,
        .max_body = (size_t)1 << 20,
        .max_upload = (size_t)20 << 20,
        .dispatch = routes_dispatch,
        .uploads = routes_uploads,
    };
    g.srv = server_start(&cfg, &msg);
    if (!g.srv)
        die(buf_str(&msg));
    buf_release(&msg);
    g.w.port = server_port(g.srv);
    if (read_csrf() != 0)
        die("the home page has no CSRF token for the session");
    g.inputs = 0;
    g.lost = 0;
}

/* Whether the administrator still has both the token and the session. */
static int world_alive(void)
{
    char bearer[64];
    snprintf(bearer, sizeof(bearer), "Bearer %s", g.w.token);
    struct buf ans;
    buf_init(&ans, (size_t)64 << 20);
    long status = get("/api/v1/units", "Authorization", bearer, &ans);
    buf_release(&ans);
    return status == 200 && read_csrf() == 0;
}

const struct world *world_next(void)
{
    if (!g.dir[0])
        make_pristine();
    if (!g.srv || g.lost || g.inputs >= WORLD_INPUTS ||
        (g.inputs % WORLD_CHECK == WORLD_CHECK - 1 && !world_alive()))
        world_start();
    g.inputs++;
    return &g.w;
}

static void finding(const char *why, const char *req, size_t len, const struct buf *ans)
{
    fprintf(stderr, "\n== fuzz finding: %s\n== request (%zu bytes):\n", why, len);
    fwrite(req, 1, len < 4096 ? len : 4096, stderr);
    fprintf(stderr, "\n== answer (%zu bytes):\n", ans->len);
    fwrite(buf_str(ans), 1, ans->len < 4096 ? ans->len : 4096, stderr);
    fputc('\n', stderr);
    abort();
}

/* Sends req and reads until the server closes; returns the status, 0 for no status line. */
static long exchange(const char *req, size_t len, struct buf *out)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)g.w.port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int fd = -1;
    /* a busy machine may refuse a connection for a moment; a server that keeps refusing them
     * for WORLD_WAIT seconds is a finding */
    for (int tries = 0; fd < 0; tries++) {
        fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
            int e = errno;
            close(fd);
            fd = -1;
            if (tries == WORLD_WAIT * 10) {
                fprintf(stderr, "connect: %s\n", strerror(e));
                finding("the server refuses connections", req, len, out);
            }
            usleep(100 * 1000);
        }
    }
    /* closed with a reset: a fuzzer's thousands of connections a minute would otherwise use up
     * the ephemeral ports in TIME-WAIT */
    struct linger reset = { .l_onoff = 1, .l_linger = 0 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
    for (size_t sent = 0; sent < len;) {
        ssize_t k = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
        if (k <= 0)
            break; /* the server may answer (413) and close before reading everything */
        sent += (size_t)k;
    }
    char chunk[65536];
    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int ready = poll(&p, 1, WORLD_WAIT * 1000);
        if (ready == 0)
            finding("no answer within the wait", req, len, out);
        ssize_t k = ready < 0 ? -1 : recv(fd, chunk, sizeof(chunk), 0);
        if (k < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (k <= 0)
            break;
        buf_add(out, chunk, (size_t)k);
    }
    close(fd);
    const char *s = buf_str(out);
    long status = 0;
    if (strncmp(s, "HTTP/1.", 7) == 0 && out->len > 12)
        status = strtol(s + 9, NULL, 10);
    return status;
}

/* Header lines the world sets itself. */
static int own_header(const char *line, size_t n)
{
    static const char *const own[] = { "content-length:", "connection:", "transfer-encoding:" };
    for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
        if (n >= strlen(own[i]) && strncasecmp(line, own[i], strlen(own[i])) == 0)
            return 1;
    return 0;
}

/* What an error answer must not show: SQLite's messages and the source's paths. */
static const char *const leaks[] = { "SQL logic",      "constraint failed",  "no such table",
                                     "no such column", "database is locked", "sqlite3_",
                                     "src/core/",      "src/http/",          "src/web/" };

/* req[0..len) with %XX and '+' decoded, as a page may echo a value back (caller frees). */
static char *decoded(const char *req, size_t len)
{
    char *out = malloc(len + 1), *o = out;
    for (size_t i = 0; out && i < len; i++) {
        unsigned v;
        if (req[i] == '%' && i + 2 < len && sscanf(req + i + 1, "%2x", &v) == 1) {
            *o++ = (char)v;
            i += 2;
        } else {
            *o++ = req[i] == '+' ? ' ' : req[i];
        }
    }
    if (out)
        *o = '\0';
    return out;
}

static void check_answer(long status, const char *req, size_t len, const struct buf *ans)
{
    if (status == 500)
        finding("500", req, len, ans);
    const char *s = buf_str(ans);
    const char *body = strstr(s, "\r\n\r\n");
    if (!body)
        return;
    body += 4;
    size_t head_len = (size_t)(body - s);
    /* a head that ends early leaves the rest of the input as a second request, whose answer
     * follows the first one's Content-Length bytes: only the first answer is looked at */
    static const char ctype[] = "\ncontent-type: application/json", clen[] = "\ncontent-length:";
    int json = 0;
    /* the answer to HEAD declares the length of the body it leaves out */
    size_t body_len = len >= 5 && memcmp(req, "HEAD ", 5) == 0 ? 0 : ans->len - head_len;
    for (const char *nl = s; (nl = memchr(nl, '\n', head_len - (size_t)(nl - s))) != NULL; nl++) {
        size_t left = head_len - (size_t)(nl - s);
        if (left > sizeof(ctype) && strncasecmp(nl, ctype, sizeof(ctype) - 1) == 0)
            json = 1;
        if (left > sizeof(clen) && strncasecmp(nl, clen, sizeof(clen) - 1) == 0) {
            size_t declared = strtoul(nl + sizeof(clen) - 1, NULL, 10);
            body_len = declared < body_len ? declared : body_len;
        }
    }
    /* a text the request itself holds, as sent or decoded, may be echoed back (a refused value
     * shown in its field, a path in a "not found") */
    if (status >= 400) {
        char *plain = decoded(req, len);
        for (size_t i = 0; i < sizeof(leaks) / sizeof(leaks[0]); i++)
            if (memmem(body, body_len, leaks[i], strlen(leaks[i])) &&
                !memmem(req, len, leaks[i], strlen(leaks[i])) &&
                !(plain && strstr(plain, leaks[i])))
                finding("an error answer shows internals", req, len, ans);
        free(plain);
    }
    if (json && body_len > 0) {
        json_error_t e;
        json_t *j = json_loadb(body, body_len, 0, &e);
        if (!j)
            finding("a JSON answer that does not parse", req, len, ans);
        json_decref(j);
    }
}

long world_send(const char *head, size_t head_len, const char *body, size_t body_len,
                struct buf *out)
{
    struct buf req;
    buf_init(&req, (size_t)64 << 20);
    for (size_t i = 0; i < head_len;) {
        const char *nl = memchr(head + i, '\n', head_len - i);
        size_t n = nl ? (size_t)(nl - (head + i)) + 1 : head_len - i;
        if (!own_header(head + i, n))
            buf_add(&req, head + i, n);
        i += n;
    }
    if (req.len == 0 || req.data[req.len - 1] != '\n')
        buf_adds(&req, "\r\n");
    buf_addf(&req, "Content-Length: %zu\r\nConnection: close\r\n\r\n", body_len);
    buf_add(&req, body, body_len);
    buf_reset(out);
    long status = exchange(req.data, req.len, out);
    check_answer(status, req.data, req.len, out);
    if (status == 401 && (memmem(req.data, req.len, g.w.token, strlen(g.w.token)) ||
                          memmem(req.data, req.len, g.w.session, strlen(g.w.session))))
        g.lost = !world_alive();
    buf_release(&req);
    return status;
}

void world_expand(struct buf *b, const char *in, size_t len)
{
    static const struct { const char *mark; size_t off; } marks[] = {
        { "@TOKEN@", offsetof(struct world, token) },
        { "@SESSION@", offsetof(struct world, session) },
        { "@CSRF@", offsetof(struct world, csrf) },
    };
    for (size_t i = 0; i < len;) {
        size_t k = 0;
        for (; k < sizeof(marks) / sizeof(marks[0]); k++) {
            size_t m = strlen(marks[k].mark);
            if (len - i >= m && memcmp(in + i, marks[k].mark, m) == 0) {
                buf_adds(b, (const char *)&g.w + marks[k].off);
                i += m;
                break;
            }
        }
        if (k == sizeof(marks) / sizeof(marks[0]))
            buf_addch(b, in[i++]);
    }
}
