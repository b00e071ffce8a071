/*
 * Level-by-level reports (test code; issue 17): the indicator catalogue and statistics read from
 * the roll-ups, every transition of a submission and who may take it, the snapshot after later
 * changes, the drafted summary's phrasing, the XLSX and DOCX, the pages, the inbox reminder of
 * a late report, and `stats verify` against the records — over the model and real HTTP.
 */
#include <curl/curl.h>
#include <minizip/unzip.h>
#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "report/indicator.h"
#include "report/report.h"
#include "report/summary.h"

/* One part of a zip held in memory by the response, as text (caller frees), NULL if absent. */
static char *zip_part(const struct resp *r, const char *name)
{
    char path[TEST_PATH_LEN];
    snprintf(path, sizeof(path), "%s/zip-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    fwrite(r->body.data, 1, r->body.len, f);
    fclose(f);
    unzFile z = unzOpen64(path);
    char *text = NULL;
    if (z && unzLocateFile(z, name, 1) == UNZ_OK && unzOpenCurrentFile(z) == UNZ_OK) {
        unz_file_info64 info;
        unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0);
        text = calloc(1, info.uncompressed_size + 1);
        unzReadCurrentFile(z, text, (unsigned)info.uncompressed_size);
        unzCloseCurrentFile(z);
    }
    if (z)
        unzClose(z);
    unlink(path);
    return text;
}

/* The world of the contract: P > C1 > (O1 office, K1, K2), P > C2 > K3, an account each. */
struct world {
    char path[TEST_PATH_LEN];
    struct server *srv;
    CURL *h;
    char p[TOKEN_TEXT], c1[TOKEN_TEXT], k1[TOKEN_TEXT], k2[TOKEN_TEXT], c2[TOKEN_TEXT];
    char sup[TOKEN_TEXT]; /* C1's supervisor */
};

static void world_open(struct world *w)
{
    set_today("2026-06-15");
    struct db *db = open_fresh(w->path);
    build_tree(db);
    add_unit(db, "O1", "一市委组织部办公室", "C1", "office");
    add_account(db, "P", "padmin", "省管理员", "admin");
    add_account(db, "C1", "c1admin", "市管理员", "unit_admin");
    add_account(db, "K1", "k1staff", "甲县科员", "staff");
    add_account(db, "K2", "k2staff", "乙县科员", "staff");
    add_account(db, "C2", "c2staff", "二市科员", "staff");
    add_account(db, "O1", "o1staff", "办公室科员", "staff");
    add_account(db, "C1", "c1sup", "市督查员", "supervisor");
    add_token(db, "c1sup", w->sup);
    add_token(db, "padmin", w->p);
    add_token(db, "c1admin", w->c1);
    add_token(db, "k1staff", w->k1);
    add_token(db, "k2staff", w->k2);
    add_token(db, "c2staff", w->c2);
    db_close(db);
    w->srv = test_server_start(w->path, 0);
    assert_non_null(w->srv);
    w->h = client_new();
}

static void world_close(struct world *w)
{
    curl_easy_cleanup(w->h);
    server_stop(w->srv);
    set_today(NULL);
}

static void opinion(struct world *w, const char *token, const char *unit, int n)
{
    struct resp r = { 0 };
    char body[256];
    for (int i = 0; i < n; i++) {
        snprintf(body, sizeof(body),
                 "{\"channel\":\"forum\",\"content\":\"座谈会意见%d\",\"area\":\"work\","
                 "\"target_unit\":\"%s\"}",
                 i, unit);
        assert_int_equal(api(w->h, "POST", "/api/v1/opinions", token, body, &r), 201);
        resp_free(&r);
    }
}

/* POST .../units/UNIT/ACTION by token: the status. */
static long act(struct world *w, long long rep, const char *unit, const char *action,
                const char *token, const char *body, struct resp *r)
{
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/reports/%lld/units/%s/%s", rep, unit, action);
    resp_free(r);
    return api(w->h, "POST", path, token, body ? body : "{}", r);
}

/* GET .../units/UNIT as token, parsed (decref it). */
static json_t *sub(struct world *w, long long rep, const char *unit, const char *token)
{
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/reports/%lld/units/%s", rep, unit);
    struct resp r = { 0 };
    assert_int_equal(api(w->h, "GET", path, token, NULL, &r), 200);
    json_t *doc = body_json(&r);
    resp_free(&r);
    return doc;
}

static const char *state_of(json_t *d)
{
    return json_string_value(json_object_get(d, "state"));
}

static int may(json_t *d, const char *action)
{
    json_t *m = json_object_get(d, "may");
    for (size_t i = 0; i < json_array_size(m); i++)
        if (strcmp(json_string_value(json_array_get(m, i)), action) == 0)
            return 1;
    return 0;
}

static long long value(json_t *d, const char *group, const char *code)
{
    json_t *v = json_object_get(json_object_get(d, group), code);
    return json_is_integer(v) ? json_integer_value(v) : -1;
}

#define REPORT_BODY                                                                                \
    "{\"unit\":\"P\",\"title\":\"2026年树形象活动情况统计\",\"from\":\"2026-01-01\","             \
    "\"to\":\"2026-12-31\",\"due\":\"2026-06-30\",\"indicators\":[\"opinion.collected\","         \
    "\"campaign.participants\"],\"levels\":[\"county\",\"city\"]}"

/* The catalogue names every code with a Chinese name and measure word; stats sum a subtree
 * over a period from the roll-ups; bad input names its field. */
static void test_catalogue_and_stats(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    opinion(&w, w.k1, "K1", 3);
    opinion(&w, w.k2, "K2", 2);
    struct resp r = { 0 };
    assert_int_equal(api(w.h, "GET", "/api/v1/indicators", w.k1, NULL, &r), 200);
    json_t *doc = body_json(&r);
    json_t *list = json_object_get(doc, "indicators");
    assert_int_equal(json_array_size(list), n_indicators);
    int seen = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *x = json_array_get(list, i);
        if (strcmp(json_string_value(json_object_get(x, "code")), "campaign.participants") == 0) {
            assert_string_equal(json_string_value(json_object_get(x, "source")), "manual");
            assert_string_equal(json_string_value(json_object_get(x, "measure_word")), "人");
            seen++;
        }
        if (strcmp(json_string_value(json_object_get(x, "code")), "outreach.letters") == 0) {
            assert_string_equal(json_string_value(json_object_get(x, "name_zh")), "发出征求意见函");
            assert_string_equal(json_string_value(json_object_get(x, "measure_word")), "份");
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    json_decref(doc);
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", "/api/v1/stats?unit=C1&from=2026-01-01&to=2026-12-31",
                         w.c1, NULL, &r),
                     200);
    doc = body_json(&r);
    assert_int_equal(value(doc, "indicators", "opinion.collected"), 5);
    assert_int_equal(value(doc, "indicators", "campaign.participants"), -1); /* typed, not kept */
    json_decref(doc);
    resp_free(&r);
    /* the period: none of them before June */
    assert_int_equal(
        api(w.h, "GET", "/api/v1/stats?unit=C1&to=2026-05-31&codes=opinion.collected", w.c1, NULL,
            &r),
        200);
    doc = body_json(&r);
    assert_int_equal(value(doc, "indicators", "opinion.collected"), 0);
    assert_int_equal(json_object_size(json_object_get(doc, "indicators")), 1);
    json_decref(doc);
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", "/api/v1/stats/units?unit=C1", w.c1, NULL, &r), 200);
    assert_true(body_has(&r, "\"unit\": \"K1\"") || body_has(&r, "\"unit\":\"K1\""));
    doc = body_json(&r);
    json_t *units = json_object_get(doc, "units");
    long long k1 = -1, k2 = -1;
    for (size_t i = 0; i < json_array_size(units); i++) {
        json_t *u = json_array_get(units, i);
        const char *code = json_string_value(json_object_get(u, "unit"));
        if (strcmp(code, "K1") == 0)
            k1 = value(u, "indicators", "opinion.collected");
        if (strcmp(code, "K2") == 0)
            k2 = value(u, "indicators", "opinion.collected");
    }
    assert_int_equal(k1, 3);
    assert_int_equal(k2, 2);
    json_decref(doc);
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", "/api/v1/stats?unit=C2", w.c1, NULL, &r), 404);
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", "/api/v1/stats?unit=C1&codes=nope", w.c1, NULL, &r), 400);
    expect_error(&r, 400, "codes");
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", "/api/v1/stats?unit=C1&from=2026-02-30", w.c1, NULL, &r),
                     400);
    expect_error(&r, 400, "from");
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", "/api/v1/stats", w.c1, NULL, &r), 400);
    expect_error(&r, 400, "unit");
    resp_free(&r);
    world_close(&w);
}

/* Creating a report: its submitting units (offices and the issuer do not submit) and who
 * accepts each; bad input named by field. */
static void test_create(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct resp r = { 0 };
    static const struct {
        const char *body, *field;
    } bad[] = {
        { "{\"unit\":\"P\",\"title\":\"\",\"from\":\"2026-01-01\",\"to\":\"2026-12-31\","
          "\"due\":\"2026-12-31\",\"indicators\":[\"opinion.collected\"],\"levels\":[\"city\"]}",
          "title" },
        { "{\"unit\":\"P\",\"title\":\"t\",\"from\":\"2026-12-01\",\"to\":\"2026-01-31\","
          "\"due\":\"2026-12-31\",\"indicators\":[\"opinion.collected\"],\"levels\":[\"city\"]}",
          "to" },
        { "{\"unit\":\"P\",\"title\":\"t\",\"from\":\"2026-01-01\",\"to\":\"2026-12-31\","
          "\"due\":\"2026-13-01\",\"indicators\":[\"opinion.collected\"],\"levels\":[\"city\"]}",
          "due" },
        { "{\"unit\":\"P\",\"title\":\"t\",\"from\":\"2026-01-01\",\"to\":\"2026-12-31\","
          "\"due\":\"2026-12-31\",\"indicators\":[\"opinion.nope\"],\"levels\":[\"city\"]}",
          "indicators" },
        { "{\"unit\":\"P\",\"title\":\"t\",\"from\":\"2026-01-01\",\"to\":\"2026-12-31\","
          "\"due\":\"2026-12-31\",\"indicators\":[],\"levels\":[\"city\"]}",
          "indicators" },
        { "{\"unit\":\"P\",\"title\":\"t\",\"from\":\"2026-01-01\",\"to\":\"2026-12-31\","
          "\"due\":\"2026-12-31\",\"indicators\":[\"opinion.collected\"],\"levels\":[\"moon\"]}",
          "levels" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(api(w.h, "POST", "/api/v1/reports", w.p, bad[i].body, &r), 400);
        expect_error(&r, 400, bad[i].field);
        resp_free(&r);
    }
    /* C1's staff cannot issue for the province: out of scope */
    assert_int_equal(api(w.h, "POST", "/api/v1/reports", w.c1, REPORT_BODY, &r), 404);
    resp_free(&r);
    assert_int_equal(api(w.h, "POST", "/api/v1/reports", w.p, REPORT_BODY, &r), 201);
    long long rep = body_int(&r, "id");
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/reports/%lld", rep);
    assert_int_equal(api(w.h, "GET", path, w.p, NULL, &r), 200);
    json_t *doc = body_json(&r);
    json_t *subs = json_object_get(doc, "submissions");
    char got[128] = "";
    for (size_t i = 0; i < json_array_size(subs); i++) {
        json_t *s = json_array_get(subs, i);
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s>%s:%s ",
                 json_string_value(json_object_get(s, "unit")),
                 json_string_value(json_object_get(s, "above")),
                 json_string_value(json_object_get(s, "state")));
    }
    /* tree order; cities wait for their counties; K3's city C2 accepts it */
    assert_string_equal(got, "C1>P:waiting K1>C1:ready K2>C1:ready C2>P:waiting K3>C2:ready ");
    json_decref(doc);
    resp_free(&r);
    /* K1 sees the report with its own submission only; C2 sees its subtree */
    assert_int_equal(api(w.h, "GET", path, w.k1, NULL, &r), 200);
    doc = body_json(&r);
    assert_int_equal(json_array_size(json_object_get(doc, "submissions")), 1);
    json_decref(doc);
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", "/api/v1/reports", w.c2, NULL, &r), 200);
    assert_true(body_has(&r, "树形象"));
    resp_free(&r);
    snprintf(path, sizeof(path), "/api/v1/reports/%lld/units/K1", rep);
    assert_int_equal(api(w.h, "GET", path, w.c2, NULL, &r), 404);
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", "/api/v1/reports/999", w.p, NULL, &r), 404);
    resp_free(&r);
    world_close(&w);
}

/* Every transition and who may take it; the snapshot and what changed since. */
static void test_sign_off(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    opinion(&w, w.k1, "K1", 3);
    opinion(&w, w.k2, "K2", 2);
    struct resp r = { 0 };
    assert_int_equal(api(w.h, "POST", "/api/v1/reports", w.p, REPORT_BODY, &r), 201);
    long long rep = body_int(&r, "id");
    resp_free(&r);
    json_t *d = sub(&w, rep, "K1", w.k1);
    assert_true(may(d, "submit") && !may(d, "accept") && !may(d, "withdraw"));
    json_decref(d);
    d = sub(&w, rep, "K1", w.c1);
    assert_int_equal(json_array_size(json_object_get(d, "may")), 0); /* not submitted yet */
    assert_int_equal(value(d, "live", "opinion.collected"), 3);
    json_decref(d);
    /* a computed figure cannot be typed; a hand-entered one must be a count */
    assert_int_equal(act(&w, rep, "K1", "submit", w.k1, "{\"values\":{\"opinion.collected\":9}}",
                         &r),
                     400);
    expect_error(&r, 400, "values");
    assert_int_equal(
        act(&w, rep, "K1", "submit", w.k1, "{\"values\":{\"campaign.participants\":-3}}", &r),
        400);
    assert_int_equal(
        act(&w, rep, "K1", "submit", w.k1, "{\"values\":{\"campaign.participants\":\"x\"}}", &r),
        400);
    /* only the unit itself submits; C1, above it, may not */
    assert_int_equal(act(&w, rep, "K1", "submit", w.c1, NULL, &r), 403);
    assert_int_equal(act(&w, rep, "K1", "submit", w.k1,
                         "{\"values\":{\"campaign.participants\":30},\"summary\":\"甲县综述\"}", &r),
                     200);
    d = sub(&w, rep, "K1", w.k1);
    assert_string_equal(state_of(d), "submitted");
    assert_true(may(d, "withdraw") && !may(d, "submit") && !may(d, "accept"));
    assert_int_equal(value(d, "values", "opinion.collected"), 3);
    assert_int_equal(value(d, "values", "campaign.participants"), 30);
    assert_string_equal(json_string_value(json_object_get(d, "summary")), "甲县综述");
    json_decref(d);
    /* the city waits for its counties, naming the first not accepted */
    assert_int_equal(act(&w, rep, "C1", "submit", w.c1, NULL, &r), 409);
    assert_true(body_has(&r, "K1"));
    /* K2 does not see K1; the province may not accept it (only the level directly above) */
    assert_int_equal(act(&w, rep, "K1", "accept", w.k2, NULL, &r), 404);
    assert_int_equal(act(&w, rep, "K1", "accept", w.p, NULL, &r), 403);
    /* withdrawn by K1 and submitted again */
    assert_int_equal(act(&w, rep, "K1", "withdraw", w.k1, NULL, &r), 200);
    d = sub(&w, rep, "K1", w.k1);
    assert_string_equal(state_of(d), "ready");
    json_decref(d);
    assert_int_equal(act(&w, rep, "K1", "accept", w.c1, NULL, &r), 409);
    assert_int_equal(
        act(&w, rep, "K1", "submit", w.k1, "{\"values\":{\"campaign.participants\":30}}", &r),
        200);
    d = sub(&w, rep, "K1", w.c1);
    assert_true(may(d, "accept") && may(d, "return") && !may(d, "submit"));
    json_decref(d);
    assert_int_equal(act(&w, rep, "K1", "accept", w.c1, NULL, &r), 200);
    assert_int_equal(act(&w, rep, "K1", "withdraw", w.k1, NULL, &r), 409); /* accepted */
    assert_int_equal(act(&w, rep, "K1", "return", w.c1, "{\"reason\":\"晚了\"}", &r), 409);
    /* K2: returned with a reason, which K2 reads, then accepted */
    assert_int_equal(
        act(&w, rep, "K2", "submit", w.k2, "{\"values\":{\"campaign.participants\":12}}", &r),
        200);
    assert_int_equal(act(&w, rep, "K2", "return", w.c1, "{}", &r), 400);
    expect_error(&r, 400, "reason");
    assert_int_equal(act(&w, rep, "K2", "return", w.k2, "{\"reason\":\"自己退回\"}", &r), 403);
    assert_int_equal(act(&w, rep, "K2", "return", w.c1, "{\"reason\":\"参加人数有误,请核实\"}", &r),
                     200);
    d = sub(&w, rep, "K2", w.k2);
    assert_string_equal(state_of(d), "ready");
    assert_string_equal(json_string_value(json_object_get(d, "reason")), "参加人数有误,请核实");
    { /* the returned unit hears of it outside the system too (taizhang notify) */
        struct buf msg;
        buf_init(&msg, 256);
        struct db *db = db_open(w.path, 0, &msg);
        assert_non_null(db);
        assert_int_equal(db_count(db, "SELECT count(*) FROM outbox o JOIN unit u ON u.id ="
                                      " o.unit_id WHERE o.kind = 'report.returned' AND u.code ="
                                      " 'K2' AND o.text = '参加人数有误,请核实'", NULL, -1), 1);
        /* and once the report is overdue, every unit that has not submitted hears of it */
        assert_int_equal(db_tx_begin(db), RES_OK);
        assert_int_equal(report_overdue_messages(db, "2000-01-01", "2100-01-01"), RES_OK);
        assert_int_equal(db_count(db, "SELECT count(*) FROM outbox WHERE kind = 'report.overdue'",
                                  NULL, -1),
                         db_count(db, "SELECT count(*) FROM submission WHERE state = 'open'",
                                  NULL, -2));
        assert_true(db_count(db, "SELECT count(*) FROM outbox WHERE kind = 'report.overdue'",
                             NULL, -1) > 0);
        db_tx_rollback(db);
        db_close(db);
        buf_release(&msg);
    }
    json_decref(d);
    assert_int_equal(
        act(&w, rep, "K2", "submit", w.k2, "{\"values\":{\"campaign.participants\":20}}", &r),
        200);
    assert_int_equal(act(&w, rep, "K2", "accept", w.c1, NULL, &r), 200);
    /* the city: its office's staff act for it; the hand-entered figure defaults to 30 + 20 */
    d = sub(&w, rep, "C1", w.c1);
    assert_string_equal(state_of(d), "ready");
    assert_int_equal(value(d, "live", "campaign.participants"), 50);
    json_decref(d);
    assert_int_equal(act(&w, rep, "C1", "submit", w.c1, NULL, &r), 200);
    d = sub(&w, rep, "C1", w.c1);
    assert_int_equal(value(d, "values", "opinion.collected"), 5);
    assert_int_equal(value(d, "values", "campaign.participants"), 50);
    json_decref(d);
    assert_int_equal(act(&w, rep, "C1", "accept", w.k1, NULL, &r), 404); /* above K1: out of its scope */
    assert_int_equal(act(&w, rep, "C1", "accept", w.p, NULL, &r), 200);
    /* the statistics of the report's period state the hand-entered figures accepted: a unit's
     * own, and for the issuer the sum of those it accepted; another period knows none */
    static const char *const stats_paths[] = {
        "/api/v1/stats?unit=K2&from=2026-01-01&to=2026-12-31&codes=campaign.participants",
        "/api/v1/stats?unit=C1&from=2026-01-01&to=2026-12-31&codes=campaign.participants",
        "/api/v1/stats?unit=P&from=2026-01-01&to=2026-12-31&codes=campaign.participants",
        "/api/v1/stats?unit=P&from=2026-01-01&to=2026-06-30&codes=campaign.participants",
    };
    static const long long stated[] = { 20, 50, 50, -1 };
    for (int i = 0; i < 4; i++) {
        assert_int_equal(api(w.h, "GET", stats_paths[i], w.p, NULL, &r), 200);
        d = body_json(&r);
        assert_int_equal(value(d, "indicators", "campaign.participants"), stated[i]);
        json_decref(d);
    }
    /* later records leave the snapshot alone and are flagged */
    opinion(&w, w.k1, "K1", 1);
    d = sub(&w, rep, "C1", w.p);
    assert_string_equal(state_of(d), "accepted");
    assert_int_equal(value(d, "values", "opinion.collected"), 5);
    assert_int_equal(value(d, "live", "opinion.collected"), 6);
    json_t *changed = json_object_get(d, "changed");
    assert_int_equal(json_array_size(changed), 1);
    assert_string_equal(json_string_value(json_array_get(changed, 0)), "opinion.collected");
    json_decref(d);
    /* every transition audited with who and the reason */
    struct db *db = db_open(w.path, 0, NULL);
    assert_non_null(db);
    /* the creation and ten transitions */
    assert_int_equal(db_count(db, "SELECT count(*) FROM audit WHERE action LIKE 'report.%'", NULL,
                              -1),
                     11);
    assert_int_equal(db_count(db, "SELECT count(*) FROM audit WHERE action = 'report.return' AND"
                                  " after LIKE '%参加人数有误%'",
                              NULL, -1),
                     1);
    db_close(db);
    resp_free(&r);
    world_close(&w);
}

/* The XLSX holds a row per unit with the frozen figures and the totals row; the DOCX the
 * summary and the figures; the pages draw the tree and the actions allowed. */
static void test_files_and_pages(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    opinion(&w, w.k1, "K1", 3);
    struct resp r = { 0 };
    assert_int_equal(api(w.h, "POST", "/api/v1/reports", w.p, REPORT_BODY, &r), 201);
    long long rep = body_int(&r, "id");
    assert_int_equal(
        act(&w, rep, "K1", "submit", w.k1, "{\"values\":{\"campaign.participants\":37}}", &r),
        200);
    assert_int_equal(act(&w, rep, "K1", "accept", w.c1, NULL, &r), 200);
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/reports/%lld.xlsx", rep);
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", path, w.p, NULL, &r), 200);
    char *sheet = zip_part(&r, "xl/worksheets/sheet1.xml");
    char *strings = zip_part(&r, "xl/sharedStrings.xml");
    assert_non_null(sheet);
    assert_non_null(strings);
    assert_non_null(strstr(sheet, "<v>37</v>"));
    assert_non_null(strstr(sheet, "<v>3</v>"));
    assert_non_null(strstr(sheet, "<mergeCell"));
    assert_non_null(strstr(sheet, "<pane"));
    assert_non_null(strstr(strings, "甲县委组织部"));
    assert_non_null(strstr(strings, "合计"));
    assert_non_null(strstr(strings, "意见建议"));
    assert_non_null(strstr(strings, "征求到各类意见和建议（条）"));
    free(sheet);
    free(strings);
    resp_free(&r);
    snprintf(path, sizeof(path), "/api/v1/reports/%lld/units/K1.docx", rep);
    assert_int_equal(api(w.h, "GET", path, w.k1, NULL, &r), 200);
    char *doc = zip_part(&r, "word/document.xml");
    assert_non_null(doc);
    assert_non_null(strstr(doc, "甲县委组织部"));
    assert_non_null(strstr(doc, "参加活动干部人数"));
    assert_non_null(strstr(doc, ">37<"));
    free(doc);
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", path, w.c2, NULL, &r), 404);
    resp_free(&r);
    assert_int_equal(api(w.h, "GET", "/api/v1/summary.docx?unit=K1", w.k1, NULL, &r), 200);
    doc = zip_part(&r, "word/document.xml");
    assert_non_null(doc);
    assert_non_null(strstr(doc, "3条"));
    free(doc);
    resp_free(&r);
    /* pages: C1's admin sees the tree with K1 accepted and may accept nothing yet */
    login_as(w.h, "c1admin");
    snprintf(path, sizeof(path), "/reports/%lld", rep);
    assert_int_equal(request(w.h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "甲县委组织部"));
    /* the tree: the city, then its counties indented under it */
    const char *city = strstr(buf_str(&r.body), "class=\"tree tree-1\"");
    const char *county = strstr(buf_str(&r.body), "class=\"tree tree-2\"");
    assert_true(city && county && city < county);
    assert_true(body_has(&r, "light green\">已接收"));
    assert_true(body_has(&r, "light yellow\">未报"));
    resp_free(&r);
    snprintf(path, sizeof(path), "/reports/%lld/units/K2", rep);
    assert_int_equal(request(w.h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_false(body_has(&r, "/submit\""));
    resp_free(&r);
    /* K2's staff: the submit form, pre-filled with the drafted summary; a submit through it */
    CURL *k2 = client_new();
    login_as(k2, "k2staff");
    assert_int_equal(request(k2, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "name=\"campaign.participants\""));
    assert_true(body_has(&r, "在此期间暂无统计数据"));
    resp_free(&r);
    char action[128];
    snprintf(action, sizeof(action), "/reports/%lld/units/K2/submit", rep);
    assert_int_equal(post_form(k2, path, action, "campaign.participants=-1&summary=x", &r), 400);
    resp_free(&r);
    assert_int_equal(post_form(k2, path, action, "campaign.participants=8&summary=乙县综述", &r),
                     303);
    resp_free(&r);
    /* the city may now return it, with a reason typed on the page */
    snprintf(action, sizeof(action), "/reports/%lld/units/K2/return", rep);
    assert_int_equal(request(w.h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "name=\"reason\""));
    assert_true(body_has(&r, "乙县综述"));
    resp_free(&r);
    assert_int_equal(post_form(w.h, path, action, "reason=", &r), 400);
    resp_free(&r);
    assert_int_equal(post_form(w.h, path, action, "reason=请补充", &r), 303);
    resp_free(&r);
    assert_int_equal(request(k2, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "请补充"));
    resp_free(&r);
    /* the list and the form that issues a report, with the error beside its field */
    assert_int_equal(request(w.h, "GET", "/reports", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "树形象"));
    assert_true(body_has(&r, "name=\"indicators\""));
    resp_free(&r);
    assert_int_equal(post_form(w.h, "/reports", "/reports",
                               "unit=C1&title=&from=2026-01-01&to=2026-12-31&due=2026-12-31"
                               "&indicators=opinion.collected&levels=county",
                               &r),
                     400);
    assert_true(body_has(&r, "field-error"));
    resp_free(&r);
    assert_int_equal(post_form(w.h, "/reports", "/reports",
                               "unit=C1&title=半年统计&from=2026-01-01&to=2026-06-30&due=2026-07-10"
                               "&indicators=opinion.collected&levels=county",
                               &r),
                     303);
    resp_free(&r);
    assert_int_equal(request(w.h, "GET", "/indicators?unit=C1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "征求到各类意见和建议3条"));
    assert_true(body_has(&r, "opinion.collected"));
    resp_free(&r);
    /* past the due day the county's inbox reminds it, and the report shows it red */
    set_today("2026-07-01");
    assert_int_equal(request(k2, "GET", "/inbox", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "树形象"));
    resp_free(&r);
    snprintf(path, sizeof(path), "/reports/%lld", rep);
    assert_int_equal(request(w.h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "light red"));
    resp_free(&r);
    curl_easy_cleanup(k2);
    world_close(&w);
}

/* The summary states each figure as a work report does, in report order, only those not zero. */
static void test_summary(void **state)
{
    (void)state;
    long long *v = calloc(n_indicators, sizeof(*v));
    static const struct {
        const char *code;
        long long n;
    } figures[] = {
        { "training.classes", 1425 },      { "training.person_times", 54321 },
        { "exam.takers", 27450 },          { "essay.published", 7 },
        { "essay.instructed", 2 },         { "essay.first", 5 },
        { "essay.second", 10 },            { "essay.third", 20 },
        { "media.city_or_above", 2543 },   { "media.province_or_above", 805 },
        { "outreach.letters", 220345 },    { "outreach.forums", 2734 },
        { "outreach.visits", 36210 },      { "opinion.collected", 149300 },
        { "measure.made", 6078 },          { "measure.implemented", 5347 },
        { "discipline.persons", 17 },      { "rule.new", 2904 },
        { "rule.revised", 4970 },          { "commendation.persons", 10 },
    };
    for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
        v[indicator_index(figures[i].code)] = figures[i].n;
    struct buf text;
    buf_init(&text, 1 << 16);
    summary_write(&text, 0, "示范省委组织部", "2026-01-01", "2026-12-31", v, NULL, NULL);
    const char *t = buf_str(&text);
    static const char *const want[] = {
        "2026年1月1日至2026年12月31日，示范省委组织部举办培训班1425期，培训干部54000多人（次）",
        "组织27000多名干部参加知识测试", "被专刊选登7篇", "有2篇被领导同志批示",
        "评出一等奖5篇，二等奖10篇，三等奖20篇", "市级以上媒体刊播宣传报道2500多篇（次）",
        "其中在省部级以上媒体刊播800多篇（次）", "发出征求意见函22万多份", "召开座谈会2700多次",
        "走访干部群众36000多人（次）", "共征求到各类意见和建议近15万条",
        "制定整改措施6078项，已落实5347项", "处理违规违纪组织人事干部17人",
        "新建规章制度2904项，修订完善规章制度4970项", "表彰优秀干部10名。",
    };
    const char *at = t;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const char *found = strstr(at, want[i]);
        if (!found)
            fail_msg("'%s' not after its predecessor in: %s", want[i], t);
        at = found;
    }
    assert_null(strstr(t, "查找出问题")); /* zero: no sentence */
    buf_reset(&text);
    summary_write(&text, 1, "Demo", "2026-01-01", "2026-12-31", v, NULL, NULL);
    assert_non_null(strstr(buf_str(&text), "held 1425 classes"));
    buf_reset(&text);
    memset(v, 0, n_indicators * sizeof(*v));
    summary_write(&text, 0, "甲县", "2026-01-01", "2026-03-31", v, NULL, NULL);
    assert_non_null(strstr(buf_str(&text), "暂无统计数据"));
    buf_release(&text);
    free(v);
}

/* POST path body by token: the "id" answered (201 or 200). */
static long long post_id(struct world *w, const char *path, const char *token, const char *body)
{
    struct resp r = { 0 };
    long status = api(w->h, "POST", path, token, body, &r);
    if (status != 201 && status != 200)
        fail_msg("%s answered %ld: %.300s", path, status, buf_str(&r.body));
    json_t *doc = body_json(&r);
    json_t *id = json_object_get(doc, "id");
    long long v = json_is_integer(id) ? json_integer_value(id) : 0;
    json_decref(doc);
    resp_free(&r);
    return v;
}

/* A figure of C1's statistics over [from, to] (NULL: the answer's default, this year to
 * today). */
static long long c1_figure(struct world *w, const char *code, const char *from, const char *to)
{
    char path[200];
    snprintf(path, sizeof(path), "/api/v1/stats?unit=C1&codes=%s%s%s%s%s", code,
             from ? "&from=" : "", from ? from : "", to ? "&to=" : "", to ? to : "");
    struct resp r = { 0 };
    assert_int_equal(api(w->h, "GET", path, w->c1, NULL, &r), 200);
    json_t *doc = body_json(&r);
    long long v = value(doc, "indicators", code);
    json_decref(doc);
    resp_free(&r);
    return v;
}

/* Task figures follow the period: tasks by their deadline, the open ones past it as overdue,
 * supervision by the day it was recorded; the counts by day equal a recount. */
static void test_task_period(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2026-01-05");
    long long t1 = post_id(&w, "/api/v1/tasks", w.p,
                           "{\"title\":\"一季度任务\",\"kind\":\"key\",\"lead_unit\":\"K1\","
                           "\"deadline\":\"2026-03-10\"}");
    post_id(&w, "/api/v1/tasks", w.p,
            "{\"title\":\"三季度任务\",\"kind\":\"key\",\"lead_unit\":\"K1\","
            "\"deadline\":\"2026-09-30\"}");
    post_id(&w, "/api/v1/tasks", w.p,
            "{\"title\":\"明年任务\",\"kind\":\"routine\",\"lead_unit\":\"K2\","
            "\"deadline\":\"2027-03-01\"}");
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/supervision", t1);
    post_id(&w, path, w.sup, "{\"kind\":\"reminder\",\"text\":\"请按期完成\"}");
    set_today("2026-06-15");

    assert_int_equal(c1_figure(&w, "task.total", "2026-01-01", "2026-06-30"), 1);
    assert_int_equal(c1_figure(&w, "task.overdue", "2026-01-01", "2026-06-30"), 1);
    assert_int_equal(c1_figure(&w, "supervision.reminders", "2026-01-01", "2026-06-30"), 1);
    assert_int_equal(c1_figure(&w, "task.total", "2026-07-01", "2026-12-31"), 1);
    assert_int_equal(c1_figure(&w, "task.overdue", "2026-07-01", "2026-12-31"), 0);
    assert_int_equal(c1_figure(&w, "supervision.reminders", "2026-07-01", "2026-12-31"), 0);
    assert_int_equal(c1_figure(&w, "task.total", "2026-01-01", "2099-12-31"), 3);
    /* without a period: this year to today */
    assert_int_equal(c1_figure(&w, "task.total", NULL, NULL), 1);
    assert_int_equal(c1_figure(&w, "task.overdue", NULL, NULL), 1);
    assert_int_equal(c1_figure(&w, "supervision.reminders", NULL, NULL), 1);
    /* next year: none of this year's tasks is due, yet the dashboard's red light counts both
     * of last year's still open, as the ledger's overdue list does */
    set_today("2027-02-01");
    assert_int_equal(c1_figure(&w, "task.overdue", NULL, NULL), 0);
    CURL *h = client_new();
    login_as(h, "c1admin");
    struct resp r = { 0 };
    assert_int_equal(request(h, "GET", "/", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<span class=\"light red\">红灯</span> 逾期未办结任务 <b>2</b>"));
    resp_free(&r);
    curl_easy_cleanup(h);
    set_today("2026-06-15");
    world_close(&w);

    struct db *db = db_open(w.path, 0, NULL);
    assert_non_null(db);
    char what[512] = "";
    assert_int_equal(indicator_verify(db, what, sizeof(what), NULL, NULL), RES_OK);
    db_close(db);
}

/* stats verify finds nothing after real writes and a unit move, and names a count that was
 * tampered with. */
static void test_verify(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    opinion(&w, w.k1, "K1", 2);
    world_close(&w);
    struct db *db = db_open(w.path, 0, NULL);
    assert_non_null(db);
    char what[512] = "";
    assert_int_equal(indicator_verify(db, what, sizeof(what), NULL, NULL), RES_OK);
    assert_int_equal(sqlite3_exec(db->h,
                                  "UPDATE opinion_tally SET collected = collected + 1 WHERE"
                                  " day <> '*' AND unit_id = (SELECT id FROM unit WHERE code = 'K1')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(indicator_verify(db, what, sizeof(what), NULL, NULL), RES_CONFLICT);
    assert_non_null(strstr(what, "opinion_tally of unit K1"));
    assert_non_null(strstr(what, "kept [3"));
    assert_non_null(strstr(what, "recounted [2"));
    /* nothing changed by the check itself */
    assert_int_equal(db_count(db, "SELECT sum(collected) FROM opinion_tally WHERE day LIKE '2%' AND"
                                  " unit_id = (SELECT id FROM unit WHERE code = 'K1')",
                              NULL, -1),
                     3);
    db_close(db);
}

/* A figure of stats for K1 this year. */
static long long k1_figure(struct world *w, const char *code)
{
    char path[160];
    snprintf(path, sizeof(path), "/api/v1/stats?unit=K1&codes=%s", code);
    struct resp r = { 0 };
    assert_int_equal(api(w->h, "GET", path, w->k1, NULL, &r), 200);
    json_t *doc = body_json(&r);
    long long v = value(doc, "indicators", code);
    json_decref(doc);
    resp_free(&r);
    return v;
}

/* What reports count beyond the plain totals: consolidated opinions split by target (the
 * leadership as a body, a named member) and problems solved, kept in the roll-ups as the
 * records change, and equal to a recount. */
static void test_split_and_solved(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct db *db = db_open(w.path, 0, NULL);
    assert_non_null(db);
    long long member = db_count(db, "SELECT id FROM person WHERE name = '甲县科员'", NULL, 0);
    db_close(db);
    char body[512];
    long long ids[3];
    /* the first about the leadership as a body, the others about one of its members */
    char person[24];
    snprintf(person, sizeof(person), "%lld", member);
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof(body),
                 "{\"channel\":\"forum\",\"content\":\"意见%d\",\"area\":\"work\","
                 "\"target_unit\":\"K1\",\"target_person\":%s}",
                 i, i ? person : "null");
        ids[i] = post_id(&w, "/api/v1/opinions", w.k1, body);
    }
    assert_int_equal(k1_figure(&w, "opinion.consolidated_to_person"), 2);
    assert_int_equal(k1_figure(&w, "opinion.consolidated_to_body"), 1);
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/opinions/%lld/merge", ids[2]);
    snprintf(body, sizeof(body), "{\"into\":%lld}", ids[1]);
    post_id(&w, path, w.k1, body);
    assert_int_equal(k1_figure(&w, "opinion.consolidated_to_person"), 1);
    assert_int_equal(k1_figure(&w, "opinion.consolidated_to_body"), 1);
    assert_int_equal(k1_figure(&w, "opinion.collected"), 3);
    /* a problem is solved once every one of its measures is implemented */
    long long problem = post_id(&w, "/api/v1/problems", w.k1,
                                "{\"unit\":\"K1\",\"title\":\"办事拖拉\",\"area\":\"work\"}");
    long long m[3];
    for (int i = 0; i < 2; i++) {
        snprintf(body, sizeof(body),
                 "{\"problem\":%lld,\"title\":\"措施%d\",\"owner\":%lld,"
                 "\"deadline\":\"2026-12-31\"}",
                 problem, i, member);
        m[i] = post_id(&w, "/api/v1/measures", w.k1, body);
    }
    assert_int_equal(k1_figure(&w, "problem.solved"), 0);
    snprintf(path, sizeof(path), "/api/v1/measures/%lld/implemented", m[0]);
    post_id(&w, path, w.k1, "{\"evidence\":\"已印发\"}");
    assert_int_equal(k1_figure(&w, "problem.solved"), 0);
    snprintf(path, sizeof(path), "/api/v1/measures/%lld/implemented", m[1]);
    post_id(&w, path, w.k1, "{\"evidence\":\"已落实\"}");
    assert_int_equal(k1_figure(&w, "problem.solved"), 1);
    struct resp r = { 0 };
    assert_int_equal(api(w.h, "GET", "/api/v1/summary?unit=K1", w.k1, NULL, &r), 200);
    assert_true(body_has(&r, "查找出问题1个，已解决1个"));
    resp_free(&r);
    /* a new measure opens it again */
    snprintf(body, sizeof(body),
             "{\"problem\":%lld,\"title\":\"措施2\",\"owner\":%lld,\"deadline\":\"2026-12-31\"}",
             problem, member);
    m[2] = post_id(&w, "/api/v1/measures", w.k1, body);
    assert_int_equal(k1_figure(&w, "problem.solved"), 0);
    snprintf(path, sizeof(path), "/api/v1/measures/%lld/implemented", m[2]);
    post_id(&w, path, w.k1, "{\"evidence\":\"已落实\"}");
    assert_int_equal(k1_figure(&w, "problem.solved"), 1);
    world_close(&w);
    db = db_open(w.path, 0, NULL);
    char what[512] = "";
    assert_int_equal(indicator_verify(db, what, sizeof(what), NULL, NULL), RES_OK);
    db_close(db);
}

/* A campaign's own areas: opinions of it are classed under them (not the fixed five), each
 * counted per unit subtree in the roll-up, shown on its page and by the API. */
static void test_campaign_areas(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct resp r = { 0 };
    static const char *const bad[] = {
        "[{\"code\":\"quality\",\"name\":\"工作质量\"},{\"code\":\"quality\",\"name\":\"质量\"}]",
        "[{\"code\":\"a b\",\"name\":\"工作质量\"}]",
        "[{\"code\":\"quality\",\"name\":\"\"}]",
        "[{\"code\":\"quality\"}]",
    };
    char body[1024];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(body, sizeof(body),
                 "{\"unit\":\"C1\",\"title\":\"征求意见\",\"starts\":\"2026-01-01\","
                 "\"ends\":\"2026-12-31\",\"areas\":%s}",
                 bad[i]);
        assert_int_equal(api(w.h, "POST", "/api/v1/campaigns", w.c1, body, &r), 400);
        expect_error(&r, 400, "areas");
        resp_free(&r);
    }
    long long own = post_id(&w, "/api/v1/campaigns", w.c1,
                            "{\"unit\":\"C1\",\"title\":\"树形象征求意见\",\"starts\":"
                            "\"2026-01-01\",\"ends\":\"2026-12-31\",\"areas\":["
                            "{\"code\":\"quality\",\"name\":\"工作质量\"},"
                            "{\"code\":\"conduct\",\"name\":\"工作作风\"},"
                            "{\"code\":\"clean\",\"name\":\"廉政建设\"},"
                            "{\"code\":\"train\",\"name\":\"教育培训\"}]}");
    long long plain = post_id(&w, "/api/v1/campaigns", w.c1,
                              "{\"unit\":\"C1\",\"title\":\"常规征求意见\",\"starts\":"
                              "\"2026-01-01\",\"ends\":\"2026-12-31\"}");
    static const struct {
        const char *unit, *area;
    } ops[] = { { "K1", "quality" }, { "K1", "quality" }, { "K2", "clean" }, { "C1", "train" } };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        snprintf(body, sizeof(body),
                 "{\"channel\":\"forum\",\"content\":\"意见%zu\",\"area\":\"%s\","
                 "\"target_unit\":\"%s\",\"campaign\":%lld}",
                 i, ops[i].area, ops[i].unit, own);
        post_id(&w, "/api/v1/opinions", w.c1, body);
    }
    /* the fixed five are not this campaign's; its areas are not another's */
    snprintf(body, sizeof(body),
             "{\"channel\":\"forum\",\"content\":\"x\",\"area\":\"work\",\"target_unit\":"
             "\"K1\",\"campaign\":%lld}",
             own);
    assert_int_equal(api(w.h, "POST", "/api/v1/opinions", w.c1, body, &r), 400);
    expect_error(&r, 400, "area");
    assert_true(body_has(&r, "quality|conduct|clean|train"));
    resp_free(&r);
    snprintf(body, sizeof(body),
             "{\"channel\":\"forum\",\"content\":\"x\",\"area\":\"quality\","
             "\"target_unit\":\"K1\",\"campaign\":%lld}",
             plain);
    assert_int_equal(api(w.h, "POST", "/api/v1/opinions", w.c1, body, &r), 400);
    resp_free(&r);
    snprintf(body, sizeof(body),
             "{\"channel\":\"forum\",\"content\":\"常规\",\"area\":\"work\","
             "\"target_unit\":\"K1\",\"campaign\":%lld}",
             plain);
    post_id(&w, "/api/v1/opinions", w.c1, body);
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/campaigns/%lld", own);
    assert_int_equal(api(w.h, "GET", path, w.c1, NULL, &r), 200);
    json_t *doc = body_json(&r);
    json_t *areas = json_object_get(doc, "areas");
    assert_int_equal(json_array_size(areas), 4);
    long long want[] = { 2, 0, 1, 1 };
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(json_integer_value(json_object_get(json_array_get(areas, i), "opinions")),
                         want[i]);
    assert_string_equal(json_string_value(json_object_get(json_array_get(areas, 2), "name")),
                        "廉政建设");
    json_decref(doc);
    resp_free(&r);
    snprintf(path, sizeof(path), "/api/v1/campaigns/%lld?unit=K1", own);
    assert_int_equal(api(w.h, "GET", path, w.c1, NULL, &r), 200);
    doc = body_json(&r);
    areas = json_object_get(doc, "areas");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(areas, 0), "opinions")), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(areas, 2), "opinions")), 0);
    json_decref(doc);
    resp_free(&r);
    snprintf(path, sizeof(path), "/api/v1/campaigns/%lld", plain);
    assert_int_equal(api(w.h, "GET", path, w.c1, NULL, &r), 200);
    doc = body_json(&r);
    assert_int_equal(json_array_size(json_object_get(doc, "areas")), 0);
    json_decref(doc);
    resp_free(&r);
    snprintf(path, sizeof(path), "/api/v1/campaigns/%lld", own);
    assert_int_equal(api(w.h, "GET", path, w.c2, NULL, &r), 404);
    resp_free(&r);
    /* the page: the areas with their counts; the opinions list names the area */
    login_as(w.h, "c1admin");
    snprintf(path, sizeof(path), "/campaigns/%lld", own);
    assert_int_equal(request(w.h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<td>工作质量</td><td><code>quality</code></td><td class=\"num\">2<"));
    resp_free(&r);
    assert_int_equal(request(w.h, "GET", "/opinions?unit=C1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "廉政建设"));
    resp_free(&r);
    /* a campaign made on the page with its areas typed one a line */
    assert_int_equal(post_form(w.h, "/campaigns", "/campaigns",
                               "unit=C1&title=页面活动&starts=2026-01-01&ends=2026-12-31"
                               "&areas=quality+工作质量%0D%0Aclean+廉政建设",
                               &r),
                     303);
    resp_free(&r);
    world_close(&w);
    struct db *db = db_open(w.path, 0, NULL);
    assert_int_equal(db_count(db, "SELECT count(*) FROM campaign_area", NULL, -1), 6);
    char what[512] = "";
    assert_int_equal(indicator_verify(db, what, sizeof(what), NULL, NULL), RES_OK);
    /* a recount after the roll-up lost a row names it */
    assert_int_equal(sqlite3_exec(db->h, "DELETE FROM campaign_area_tally WHERE area = 'clean'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(indicator_verify(db, what, sizeof(what), NULL, NULL), RES_CONFLICT);
    assert_non_null(strstr(what, "campaign_area_tally"));
    db_close(db);
}

int test_reports(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_and_stats), cmocka_unit_test(test_create),
        cmocka_unit_test(test_sign_off),            cmocka_unit_test(test_files_and_pages),
        cmocka_unit_test(test_summary),             cmocka_unit_test(test_verify),
        cmocka_unit_test(test_task_period),
        cmocka_unit_test(test_split_and_solved),    cmocka_unit_test(test_campaign_areas),
    };
    return cmocka_run_group_tests_name("reports", tests, NULL, NULL);
}
