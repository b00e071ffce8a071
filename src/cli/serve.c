/*
 * taizhang serve (top layer, beside main): starts the HTTP server with the route table and
 * waits for SIGINT or SIGTERM, then lets in-flight requests finish and closes the database.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/str.h"
#include "notify/notify.h"
#include "routes.h"
#include "task/task_cycle.h"

static const char serve_usage[] =
    "usage: taizhang serve --db PATH [--config FILE] [--listen ADDRESS] [--threads N]\n"
    "                      [--public-rate N]\n"
    "                      [--per-client N] [--trust-proxy ADDR[,ADDR]] [--auth-header NAME]\n"
    "                      [--metrics-from ADDR[,ADDR]] [--notify-webhook URL ...]\n"
    "Serves the pages and the API (default 127.0.0.1:8080) until SIGINT or SIGTERM, logging a\n"
    "line per request and per login on stderr.\n"
    "--listen       IPV4:PORT (127.0.0.1:8080 when not given), [IPV6]:PORT ([::]:8080 takes\n"
    "               IPv4 clients too) or unix:PATH, a socket for the proxy on this machine (its\n"
    "               clients' address is 'unix', which --trust-proxy may name)\n"
    "--config       a file of 'name = value' lines, a name for each option here (db = PATH,\n"
    "               listen = HOST:PORT, ...), '#' starting a comment; the options given and\n"
    "               TAIZHANG_NAME environment variables (TAIZHANG_TRUST_PROXY) override it\n"
    "--threads      worker threads, each with its own database connection (default one per core and one more)\n"
    "--public-rate  opinions one client may submit without an account per 15 minutes (30),\n"
    "               and wrong tracking codes it may look up before all its lookups get 429\n"
    "--per-client   connections one client address may hold at once (512; behind a proxy every\n"
    "               client has the proxy's address: raise it to 4000)\n"
    "--trust-proxy  the reverse proxies (IP addresses, comma-separated) whose X-Forwarded-For\n"
    "               names the client for every limit and log line, and whose\n"
    "               X-Forwarded-Proto: https makes cookies Secure and pages send HSTS; from any\n"
    "               other address both headers are ignored\n"
    "--auth-header  single sign-on: a request from a trusted proxy (--trust-proxy) that carries\n"
    "               this header (e.g. X-Remote-User) is signed in as the account of that login,\n"
    "               for pages and the API alike; from any other address the header is ignored\n"
    "--metrics-from the clients (IP addresses, comma-separated) that may read /metrics\n"
    "               (Prometheus text); the loopback addresses when not given\n"
    "--notify-webhook URL, --notify-format json|wecom|dingtalk, --notify-smtp smtp://HOST:PORT,\n"
    "--notify-from ADDRESS, --notify-base URL, --notify-every SECONDS (60), --notify-ca FILE\n"
    "               deliver the inbox's messages from the server, as taizhang notify does (see\n"
    "               taizhang notify --help), every SECONDS\n";

/* Splits "127.0.0.1:8080", "[::]:8080" or "localhost:8080" into an address (host, size bytes)
 * and *port. Returns 0, or -1 when listen is none of those. */
static int parse_listen(const char *listen, char *host, size_t size, long long *port)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || str_to_ll(colon + 1, 0, 65535, port) != 0)
        return -1;
    const char *start = listen, *end = colon;
    if (*listen == '[') {
        if (end[-1] != ']')
            return -1;
        start++;
        end--;
    }
    if (end <= start || (size_t)(end - start) >= size)
        return -1;
    snprintf(host, size, "%.*s", (int)(end - start), start);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, size, "127.0.0.1");
    unsigned char probe[16];
    int v6 = inet_pton(AF_INET6, host, probe) == 1;
    /* an IPv6 address goes in brackets: "::1:8080" would be ambiguous */
    if (v6 != (*listen == '['))
        return -1;
    return v6 || inet_pton(AF_INET, host, probe) == 1 ? 0 : -1;
}

/* The server's deliverer of the outbox (--notify-*): taizhang notify's runs on a thread of
 * its own with its own connection, every so many seconds, until the server stops. */
struct notifier {
    const char *db_path;
    struct notify_channels ch;
    long long every; /* seconds between runs */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
    int lock; /* notify_lock()'s */
    pthread_t thread;
};

static void *notifier_run(void *arg)
{
    struct notifier *n = arg;
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(n->db_path, 0, &msg);
    if (!db)
        log_error("notify: %s", buf_str(&msg));
    buf_release(&msg);
    pthread_mutex_lock(&n->mu);
    while (db && !n->stop) {
        pthread_mutex_unlock(&n->mu);
        struct notify_stats st;
        struct err err = { 0 };
        if (notify_run(db, &n->ch, &st, &err) != RES_OK)
            log_error("notify: %s", i18n(LANG_EN, err.msg ? err.msg : "err.internal"));
        else if (st.queued || st.sent || st.failed)
            log_info("notify queued=%lld sent=%lld failed=%lld pending=%lld", st.queued, st.sent,
                     st.failed, st.pending);
        pthread_mutex_lock(&n->mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += (time_t)n->every;
        while (!n->stop && pthread_cond_timedwait(&n->cv, &n->mu, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&n->mu);
    if (db)
        db_close(db);
    return NULL;
}

/* The supervision sweep (task_cycle.h): at the start, before the server answers, and then on
 * each new day, on a thread and a connection of its own. */
struct sweeper {
    const char *db_path;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
    char day[11]; /* the day of the last sweep */
    pthread_t thread;
};

/* Sweeps on db for today; the day goes to day. */
static void sweep(struct db *db, char day[11])
{
    long long n = 0, counted = 0;
    clock_today(day);
    if (supervision_sweep(db, &n, &counted) != RES_OK)
        log_error("supervise: the sweep failed");
    else if (n || counted)
        log_info("supervise escalated=%lld counted=%lld", n, counted);
}

static void *sweeper_run(void *arg)
{
    struct sweeper *w = arg;
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(w->db_path, 0, &msg);
    if (!db)
        log_error("supervise: %s", buf_str(&msg));
    buf_release(&msg);
    pthread_mutex_lock(&w->mu);
    while (db && !w->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 600;
        while (!w->stop && pthread_cond_timedwait(&w->cv, &w->mu, &until) == 0)
            ;
        char today[11];
        clock_today(today);
        if (!w->stop && strcmp(today, w->day) != 0) {
            pthread_mutex_unlock(&w->mu);
            sweep(db, w->day);
            pthread_mutex_lock(&w->mu);
        }
    }
    pthread_mutex_unlock(&w->mu);
    if (db)
        db_close(db);
    return NULL;
}

static int notifier_start(struct notifier *n)
{
    n->lock = notify_lock(n->db_path);
    if (n->lock < 0) {
        log_error("notify: another taizhang notify delivers for %s; the server does not",
                  n->db_path);
        return -1;
    }
    if (pthread_create(&n->thread, NULL, notifier_run, n) != 0) {
        notify_unlock(n->lock);
        return -1;
    }
    return 0;
}

static void notifier_stop(struct notifier *n)
{
    pthread_mutex_lock(&n->mu);
    n->stop = 1;
    pthread_cond_signal(&n->cv);
    pthread_mutex_unlock(&n->mu);
    pthread_join(n->thread, NULL);
    notify_unlock(n->lock);
}

int serve_cmd(int argc, char **argv)
{
    const char *db_opt = NULL, *listen = NULL, *threads_opt = NULL, *rate_opt = NULL,
               *per_client_opt = NULL, *trust_opt = NULL, *auth_header = NULL,
               *metrics_from = NULL, *config = NULL, *hook = NULL, *hook_format = NULL,
               *smtp = NULL, *from = NULL, *base = NULL, *every_opt = NULL, *ca = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "config", &config, 0 },
                                    { "listen", &listen, 0 },
                                    { "threads", &threads_opt, 0 },
                                    { "public-rate", &rate_opt, 0 },
                                    { "per-client", &per_client_opt, 0 },
                                    { "trust-proxy", &trust_opt, 0 },
                                    { "auth-header", &auth_header, 0 },
                                    { "metrics-from", &metrics_from, 0 },
                                    { "notify-webhook", &hook, 0 },
                                    { "notify-format", &hook_format, 0 },
                                    { "notify-smtp", &smtp, 0 },
                                    { "notify-from", &from, 0 },
                                    { "notify-base", &base, 0 },
                                    { "notify-every", &every_opt, 0 },
                                    { "notify-ca", &ca, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, serve_usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    static struct buf conf; /* the configuration's text, which the options then point into */
    buf_init(&conf, 1 << 20);
    if (cli_config(config, opts, &conf) != 0)
        return EXIT_USAGE;
    if (!listen || !*listen)
        listen = "127.0.0.1:8080";
    /* one thread per core for reads, which only compute, and one more to keep the cores busy
     * while a thread waits for a page from disk; a write waits for its sync suspended, holding
     * none. More threads preempt each other's reads (on 2 cores the province ledger's p99 was
     * 5 ms at 3 threads, 12 ms at 4), fewer leave a core idle between cheap requests (the unit
     * API lost a fifth at 2; bench/RESULTS.md) */
    long long port = 0, threads = sysconf(_SC_NPROCESSORS_ONLN) + 1;
    char host[64] = "";
    const char *unix_path = strncmp(listen, "unix:", 5) == 0 ? listen + 5 : NULL;
    if (!unix_path && parse_listen(listen, host, sizeof(host), &port) != 0) {
        fprintf(stderr, "error: --listen must be IPV4:PORT, [IPV6]:PORT or unix:PATH, not '%s'\n",
                listen);
        return EXIT_USAGE;
    }
    if (unix_path && *unix_path != '/') {
        fprintf(stderr, "error: --listen unix:PATH needs an absolute path, not '%s'\n", listen);
        return EXIT_USAGE;
    }
    long long public_rate = 30;
    if (rate_opt && str_to_ll(rate_opt, 1, 100000000, &public_rate) != 0) {
        fprintf(stderr, "error: --public-rate must be a positive number\n");
        return EXIT_USAGE;
    }
    long long per_client = 512;
    if (per_client_opt && str_to_ll(per_client_opt, 1, 4000, &per_client) != 0) {
        fprintf(stderr, "error: --per-client must be 1-4000\n");
        return EXIT_USAGE;
    }
    if (threads_opt && str_to_ll(threads_opt, 1, 256, &threads) != 0) {
        fprintf(stderr, "error: --threads must be 1-256\n");
        return EXIT_USAGE;
    }
    if (auth_header && (!trust_opt || !*auth_header)) {
        fprintf(stderr, "error: --auth-header needs --trust-proxy: only a trusted proxy may"
                        " name the account\n");
        return EXIT_USAGE;
    }
    int format = webhook_format_parse(hook_format ? hook_format : "json");
    long long every = 60;
    if (format < 0 || (every_opt && str_to_ll(every_opt, 1, 86400, &every) != 0) ||
        (smtp && !from)) {
        fprintf(stderr, "error: --notify-format is json, wecom or dingtalk, --notify-every a"
                        " number of seconds, and --notify-smtp needs --notify-from\n");
        return EXIT_USAGE;
    }
    const char *path = cli_db_path(db_opt);
    struct db *probe = cli_open(db_opt);
    if (!probe)
        return EXIT_FAIL;
    struct sweeper sw = { .db_path = path,
                          .mu = PTHREAD_MUTEX_INITIALIZER,
                          .cv = PTHREAD_COND_INITIALIZER };
    if (supervision_swept_today(probe))
        clock_today(sw.day);
    else
        sweep(probe, sw.day); /* finished before the server answers */
    db_close(probe);

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct server_config cfg = {
        .db_path = path,
        .host = host,
        .port = (int)port,
        .unix_path = unix_path,
        .threads = (int)threads,
        .max_body = (size_t)1 << 20,
        .max_upload = (size_t)20 << 20,
        .dispatch = routes_dispatch,
        .uploads = routes_uploads,
        .public_rate = (int)public_rate,
        .per_client = (int)per_client,
        .trust_proxy = trust_opt,
        .log_requests = 1,
        .auth_header = auth_header,
        .metrics_from = metrics_from,
    };
    struct buf msg;
    buf_init(&msg, 1024);
    struct server *s = server_start(&cfg, &msg);
    if (!s) {
        fprintf(stderr, "error: %s\n", buf_str(&msg));
        buf_release(&msg);
        return EXIT_FAIL;
    }
    buf_release(&msg);
    log_buffer_start();
    if (unix_path)
        printf("serving %s on the socket %s with %lld threads (Ctrl-C stops)\n", path, unix_path,
               threads);
    else if (strchr(host, ':'))
        printf("serving %s on http://[%s]:%d/ with %lld threads (Ctrl-C stops)\n", path, host,
               server_port(s), threads);
    else
        printf("serving %s on http://%s:%d/ with %lld threads (Ctrl-C stops)\n", path, host,
               server_port(s), threads);
    fflush(stdout);
    struct notifier nt = { .db_path = path,
                           .ch = { hook, (enum webhook_format)format, smtp, from, base, 0, ca },
                           .every = every,
                           .mu = PTHREAD_MUTEX_INITIALIZER,
                           .cv = PTHREAD_COND_INITIALIZER,
                           .lock = -1 };
    int notifying = (hook || smtp) && notifier_start(&nt) == 0;
    int sweeping = pthread_create(&sw.thread, NULL, sweeper_run, &sw) == 0;
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "stopping on signal %d\n", sig);
    if (notifying)
        notifier_stop(&nt);
    if (sweeping) {
        pthread_mutex_lock(&sw.mu);
        sw.stop = 1;
        pthread_cond_signal(&sw.cv);
        pthread_mutex_unlock(&sw.mu);
        pthread_join(sw.thread, NULL);
    }
    server_stop(s);
    log_buffer_stop();
    buf_release(&conf);
    return EXIT_OK;
}
