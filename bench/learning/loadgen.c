/*
 * Load generator for the province-wide knowledge test (bench, not part of the product): plays N
 * distinct examinees, each starting a paper, saving one answer per question and handing in, over
 * one simulated hour with a peak in which a share of them start within a few minutes. One
 * thread, libcurl's multi interface, keep-alive connections. Records the latency of every call
 * by kind (overall and for calls sent during the peak), and writes every answer the server
 * confirmed with 204 and every score it returned, so that verify.py can prove nothing was lost.
 *
 *   loadgen --base URL --exam ID --tokens FILE [--n N] [--hour SECONDS] [--peak-share F]
 *           [--peak-start F] [--peak-len F] [--conns N] [--out DIR] [--seed N]
 * FILE has one "login token" per line. --hour is the real length of the simulated hour.
 */
#define _DEFAULT_SOURCE
#include <curl/curl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum kind { K_START, K_SAVE, K_SUBMIT, K_COUNT };
static const char *const kind_names[K_COUNT] = { "start", "save", "submit" };

enum { MAX_Q = 200 };

struct examinee {
    char login[64];                /* account */
    char auth[128];                /* "Authorization: Bearer ..." */
    double start_at;               /* seconds after the run's start */
    double gap;                    /* seconds between two answers */
    int step;                      /* 0 start, 1..n answers, n+1 submit, -1 done or failed */
    int n;                         /* questions on the paper */
    long long qid[MAX_Q];          /* their ids */
    int n_options[MAX_Q];          /* and option counts */
};

struct event {
    double due;  /* seconds after the run's start */
    int who;     /* examinee */
};

/* A min-heap of events by due time. */
struct heap {
    struct event *e;
    size_t n, cap;
};

static void heap_push(struct heap *h, double due, int who)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 1024;
        h->e = realloc(h->e, h->cap * sizeof(*h->e));
        if (!h->e)
            abort();
    }
    size_t i = h->n++;
    while (i && h->e[(i - 1) / 2].due > due) {
        h->e[i] = h->e[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->e[i] = (struct event){ due, who };
}

static struct event heap_pop(struct heap *h)
{
    struct event top = h->e[0], last = h->e[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->e[c + 1].due < h->e[c].due)
            c++;
        if (h->e[c].due >= last.due)
            break;
        h->e[i] = h->e[c];
        i = c;
    }
    if (h->n)
        h->e[i] = last;
    return top;
}

/* Latencies of one kind, in milliseconds. */
struct series {
    double *ms;
    size_t n, cap;
};

static void series_add(struct series *s, double ms)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4096;
        s->ms = realloc(s->ms, s->cap * sizeof(*s->ms));
        if (!s->ms)
            abort();
    }
    s->ms[s->n++] = ms;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(struct series *s, double p)
{
    if (!s->n)
        return 0;
    qsort(s->ms, s->n, sizeof(*s->ms), by_value);
    size_t i = (size_t)(p * (double)(s->n - 1) + 0.5);
    return s->ms[i];
}

/* One transfer in flight. */
struct xfer {
    CURL *h;                 /* easy handle */
    int who;                 /* examinee */
    enum kind kind;          /* what it is */
    double sent;             /* seconds after the run's start */
    char *body;              /* request body, owned */
    char *resp;              /* response bytes */
    size_t resp_len, resp_cap;
    struct curl_slist *hdrs; /* headers */
    long long qid;           /* a save: the question */
    int choice;              /* a save: the option position */
};

static struct timespec t0;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
}

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
    struct xfer *x = ctx;
    size_t len = size * n;
    if (x->resp_len + len + 1 > x->resp_cap) {
        x->resp_cap = (x->resp_len + len + 1) * 2;
        x->resp = realloc(x->resp, x->resp_cap);
        if (!x->resp)
            abort();
    }
    memcpy(x->resp + x->resp_len, p, len);
    x->resp_len += len;
    x->resp[x->resp_len] = '\0';
    return len;
}

static uint64_t rng_s = 88172645463325252ULL;
static double uniform(void)
{
    rng_s ^= rng_s << 13;
    rng_s ^= rng_s >> 7;
    rng_s ^= rng_s << 17;
    return (double)(rng_s >> 11) / 9007199254740992.0;
}

struct config {
    const char *base, *tokens, *out;
    long long exam;
    int n, conns;
    double hour, peak_share, peak_start, peak_len;
};

static struct config cfg = { .out = ".", .n = 27000, .conns = 256, .hour = 3600,
                             .peak_share = 1.0 / 3, .peak_start = 0.25, .peak_len = 5.0 / 60 };

static struct examinee *people;
static struct heap due;
static struct series lat[K_COUNT], lat_peak[K_COUNT];
static long long n_ok[K_COUNT], n_err[K_COUNT], statuses[K_COUNT][6];
static double late_max;
static FILE *answers_out, *scores_out;
static CURLM *multi;
static int in_flight;

static int in_peak(double t)
{
    double a = cfg.peak_start * cfg.hour, b = a + cfg.peak_len * cfg.hour;
    return t >= a && t < b;
}

static void issue(int who, enum kind kind, double t)
{
    struct examinee *e = &people[who];
    struct xfer *x = calloc(1, sizeof(*x));
    if (!x)
        abort();
    x->who = who;
    x->kind = kind;
    x->h = curl_easy_init();
    char url[512];
    x->hdrs = curl_slist_append(NULL, e->auth);
    x->hdrs = curl_slist_append(x->hdrs, "Content-Type: application/json");
    if (kind == K_START) {
        snprintf(url, sizeof(url), "%s/api/v1/exams/%lld/start", cfg.base, cfg.exam);
        x->body = strdup("");
        curl_easy_setopt(x->h, CURLOPT_POST, 1L);
    } else if (kind == K_SAVE) {
        int q = e->step - 1;
        x->qid = e->qid[q];
        x->choice = (int)(uniform() * e->n_options[q]);
        snprintf(url, sizeof(url), "%s/api/v1/exams/%lld/answers/%lld", cfg.base, cfg.exam,
                 x->qid);
        char b[64];
        snprintf(b, sizeof(b), "{\"choice\":[%d]}", x->choice);
        x->body = strdup(b);
        curl_easy_setopt(x->h, CURLOPT_CUSTOMREQUEST, "PUT");
    } else {
        snprintf(url, sizeof(url), "%s/api/v1/exams/%lld/submit", cfg.base, cfg.exam);
        x->body = strdup("");
        curl_easy_setopt(x->h, CURLOPT_POST, 1L);
    }
    curl_easy_setopt(x->h, CURLOPT_URL, url);
    curl_easy_setopt(x->h, CURLOPT_POSTFIELDS, x->body);
    curl_easy_setopt(x->h, CURLOPT_HTTPHEADER, x->hdrs);
    curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
    curl_easy_setopt(x->h, CURLOPT_TIMEOUT, 60L);
    x->sent = now_s();
    if (x->sent - t > late_max)
        late_max = x->sent - t;
    curl_multi_add_handle(multi, x->h);
    in_flight++;
}

/* Reads the paper of a start: question ids and option counts. */
static int read_paper(struct examinee *e, const char *body)
{
    json_t *doc = json_loads(body, 0, NULL);
    json_t *qs = json_object_get(doc, "questions");
    e->n = 0;
    for (size_t i = 0; i < json_array_size(qs) && i < MAX_Q; i++) {
        json_t *q = json_array_get(qs, i);
        e->qid[e->n] = json_integer_value(json_object_get(q, "id"));
        e->n_options[e->n++] = (int)json_array_size(json_object_get(q, "options"));
    }
    json_decref(doc);
    return e->n > 0;
}

static void done(struct xfer *x, CURLcode rc)
{
    struct examinee *e = &people[x->who];
    double t = now_s(), ms = (t - x->sent) * 1000;
    long status = 0;
    curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
    int want = x->kind == K_SAVE ? 204 : x->kind == K_START ? 201 : 200;
    int ok = rc == CURLE_OK && (status == want || (x->kind == K_START && status == 200));
    statuses[x->kind][status >= 100 && status < 600 ? status / 100 : 0]++;
    series_add(&lat[x->kind], ms);
    if (in_peak(x->sent))
        series_add(&lat_peak[x->kind], ms);
    if (ok && x->kind == K_START)
        ok = read_paper(e, x->resp ? x->resp : "");
    if (ok) {
        n_ok[x->kind]++;
        if (x->kind == K_SAVE)
            fprintf(answers_out, "%s %lld %d\n", e->login, x->qid, x->choice);
        if (x->kind == K_SUBMIT) {
            json_t *doc = json_loads(x->resp ? x->resp : "", 0, NULL);
            fprintf(scores_out, "%s %.1f\n", e->login,
                    json_number_value(json_object_get(doc, "score")));
            json_decref(doc);
        }
    } else {
        n_err[x->kind]++;
        if (n_err[x->kind] <= 5)
            fprintf(stderr, "%s %s: %s %ld %.200s\n", kind_names[x->kind], e->login,
                    curl_easy_strerror(rc), status, x->resp ? x->resp : "");
    }
    if (!ok && x->kind != K_SAVE) {
        e->step = -1; /* a failed start or submit ends this examinee */
    } else if (x->kind == K_SUBMIT) {
        e->step = -1;
    } else {
        e->step++;
        heap_push(&due, (e->step <= e->n ? t + e->gap : t + e->gap / 2), x->who);
    }
    curl_multi_remove_handle(multi, x->h);
    curl_easy_cleanup(x->h);
    curl_slist_free_all(x->hdrs);
    free(x->body);
    free(x->resp);
    free(x);
    in_flight--;
}

static void usage(void)
{
    fprintf(stderr, "usage: loadgen --base URL --exam ID --tokens FILE [--n N] [--hour S]"
                    " [--peak-share F] [--peak-start F] [--peak-len F] [--conns N] [--out DIR]"
                    " [--seed N]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        if (!strcmp(a, "--base"))
            cfg.base = v;
        else if (!strcmp(a, "--exam"))
            cfg.exam = atoll(v);
        else if (!strcmp(a, "--tokens"))
            cfg.tokens = v;
        else if (!strcmp(a, "--n"))
            cfg.n = atoi(v);
        else if (!strcmp(a, "--hour"))
            cfg.hour = atof(v);
        else if (!strcmp(a, "--peak-share"))
            cfg.peak_share = atof(v);
        else if (!strcmp(a, "--peak-start"))
            cfg.peak_start = atof(v);
        else if (!strcmp(a, "--peak-len"))
            cfg.peak_len = atof(v);
        else if (!strcmp(a, "--conns"))
            cfg.conns = atoi(v);
        else if (!strcmp(a, "--out"))
            cfg.out = v;
        else if (!strcmp(a, "--seed"))
            rng_s = (uint64_t)atoll(v) * 2654435761ULL + 1;
        else
            usage();
        i++;
    }
    if (!cfg.base || !cfg.exam || !cfg.tokens || cfg.n < 1 || cfg.hour <= 0)
        usage();
    FILE *tf = fopen(cfg.tokens, "r");
    if (!tf) {
        perror(cfg.tokens);
        return 1;
    }
    people = calloc((size_t)cfg.n, sizeof(*people));
    int n = 0;
    char login[64], token[96];
    while (n < cfg.n && fscanf(tf, "%63s %95s", login, token) == 2) {
        struct examinee *e = &people[n++];
        snprintf(e->login, sizeof(e->login), "%s", login);
        snprintf(e->auth, sizeof(e->auth), "Authorization: Bearer %s", token);
    }
    fclose(tf);
    if (n < cfg.n) {
        fprintf(stderr, "only %d tokens in %s\n", n, cfg.tokens);
        cfg.n = n;
    }
    /* arrivals: a share within the peak window, the rest spread over the first 50 minutes; a
     * sitting lasts 15-45 simulated minutes, its answers evenly spaced */
    double minute = cfg.hour / 60;
    for (int i = 0; i < cfg.n; i++) {
        struct examinee *e = &people[i];
        if (uniform() < cfg.peak_share)
            e->start_at = (cfg.peak_start + uniform() * cfg.peak_len) * cfg.hour;
        else
            e->start_at = uniform() * 50 * minute;
        e->gap = (15 + uniform() * 30) * minute / 51;
        heap_push(&due, e->start_at, i);
    }
    char path[1024];
    snprintf(path, sizeof(path), "%s/answers.txt", cfg.out);
    answers_out = fopen(path, "w");
    snprintf(path, sizeof(path), "%s/scores.txt", cfg.out);
    scores_out = fopen(path, "w");
    if (!answers_out || !scores_out) {
        perror(cfg.out);
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)cfg.conns);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)cfg.conns);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (due.n || in_flight) {
        double t = now_s();
        while (due.n && due.e[0].due <= t && in_flight < cfg.conns) {
            struct event ev = heap_pop(&due);
            struct examinee *e = &people[ev.who];
            if (e->step < 0)
                continue;
            issue(ev.who, e->step == 0 ? K_START : e->step <= e->n ? K_SAVE : K_SUBMIT, ev.due);
        }
        int running;
        curl_multi_perform(multi, &running);
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(multi, &left)))
            if (m->msg == CURLMSG_DONE) {
                struct xfer *x;
                curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
                done(x, m->data.result);
            }
        double wait = due.n ? (due.e[0].due - now_s()) * 1000 : 100;
        curl_multi_poll(multi, NULL, 0, wait < 0 ? 0 : wait > 100 ? 100 : (int)wait + 1, NULL);
    }
    double took = now_s();
    fclose(answers_out);
    fclose(scores_out);
    printf("examinees %d, simulated hour %.0f s, ran %.1f s, generator late by at most %.3f s\n",
           cfg.n, cfg.hour, took, late_max);
    for (int k = 0; k < K_COUNT; k++)
        printf("%-6s ok %lld errors %lld (2xx %lld 4xx %lld 5xx %lld other %lld) p50 %.2f ms p99 %.2f"
               " ms max %.2f ms | at the peak: n %zu p50 %.2f ms p99 %.2f ms\n",
               kind_names[k], n_ok[k], n_err[k], statuses[k][2], statuses[k][4], statuses[k][5],
               statuses[k][0] + statuses[k][1] + statuses[k][3], pct(&lat[k], 0.5),
               pct(&lat[k], 0.99), pct(&lat[k], 1.0), lat_peak[k].n, pct(&lat_peak[k], 0.5),
               pct(&lat_peak[k], 0.99));
    long long total = n_ok[0] + n_ok[1] + n_ok[2];
    printf("throughput %.1f calls/s overall\n", (double)total / took);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return n_err[0] + n_err[1] + n_err[2] ? 1 : 0;
}
