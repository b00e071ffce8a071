/*
 * The registries' shared parts (test code): the list filter checked against the scope, the
 * input checks every registry uses, and the figures page GET /registries read from the
 * roll-up, over real HTTP.
 */
#include <curl/curl.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "registry/registry.h"
#include "unit/unit.h"

static void test_span(void **state)
{
    (void)state;
    struct db *db = open_fresh(NULL);
    build_tree(db);
    add_account(db, "C1", "c1staff", "赵科员", "staff");
    struct actor c1;
    actor_of(db, "c1staff", &c1);
    static const char *const levels[] = { "county", "city", NULL };
    struct registry_span s;
    struct err err = { 0 };
    struct registry_filter f = { .unit = "C1", .subtree = 1, .kind = "city" };
    assert_int_equal(registry_span(db, &c1, &f, levels, &s, &err), RES_OK);
    assert_string_equal(s.kind, "city");
    assert_string_equal(s.from, "0000-00-00");
    assert_true(strcmp(get_unit(db, "K1").path, s.unit.path) > 0);
    assert_true(strcmp(get_unit(db, "K1").path, s.hi) < 0);
    assert_true(strcmp(get_unit(db, "C2").path, s.hi) > 0);
    f.subtree = 0; /* the unit alone */
    assert_int_equal(registry_span(db, &c1, &f, levels, &s, &err), RES_OK);
    assert_true(strcmp(get_unit(db, "K1").path, s.hi) > 0);
    f.kind = "galactic";
    assert_int_equal(registry_span(db, &c1, &f, levels, &s, &err), RES_INVALID);
    assert_string_equal(err.field, "kind");
    assert_string_equal(err.detail, "county|city");
    f.kind = NULL;
    f.from = "2026-02-30";
    assert_int_equal(registry_span(db, &c1, &f, levels, &s, &err), RES_INVALID);
    assert_string_equal(err.field, "from");
    f.from = NULL;
    f.unit = "C2"; /* beside C1: missing, as any record out of scope */
    assert_int_equal(registry_span(db, &c1, &f, levels, &s, &err), RES_NOT_FOUND);
    struct unit u;
    assert_int_equal(registry_unit(db, &c1, "K1", &u, &err), RES_OK);
    assert_int_equal(registry_unit(db, &c1, "C2", &u, &err), RES_NOT_FOUND);
    assert_int_equal(registry_unit(db, &c1, "", &u, &err), RES_INVALID);
    assert_int_equal(registry_day("2026-12-31", "day", &err), RES_OK);
    assert_int_equal(registry_day("2026-13-01", "day", &err), RES_INVALID);
    assert_string_equal(err.msg, "err.bad_date");
    assert_int_equal(registry_day("", "day", &err), RES_INVALID);
    assert_string_equal(err.msg, "err.required");
    db_close(db);
}

/* The figures page: the subtree's counts with the media's cumulative figures, a registry's
 * figures per unit below, each linking on; out of scope is missing. */
static void test_figures_page(void **state)
{
    (void)state;
    char path[TEST_PATH_LEN];
    struct db *db = open_fresh(path);
    build_tree(db);
    add_account(db, "C1", "c1lead", "吴部长", "leader");
    add_account(db, "C2", "c2staff", "王科员", "staff");
    assert_int_equal(db_tx_begin(db), RES_OK);
    assert_int_equal(registry_count(db, get_unit(db, "K1").path, "2026-05-04", "media.city", 3),
                     RES_OK);
    assert_int_equal(
        registry_count(db, get_unit(db, "K2").path, "2026-06-01", "media.central", 2), RES_OK);
    assert_int_equal(registry_count(db, get_unit(db, "K2").path, "2026-06-01", "rules.new", 4),
                     RES_OK);
    assert_int_equal(db_tx_commit(db), RES_OK);
    db_close(db);
    struct server *srv = test_server_start(path, 0);
    CURL *h = client_new();
    login_as(h, "c1lead");
    struct resp r = { 0 };
    assert_int_equal(request(h, "GET", "/registries?unit=C1&group=media", NULL, NULL, 0, &r),
                     200);
    /* city 3 + central 2 at city level or above, central 2 at province level or above */
    assert_true(body_has(&r, "市级以上媒体</td><td class=\"num\">5<"));
    assert_true(body_has(&r, "省部级以上媒体</td><td class=\"num\">2<"));
    assert_true(body_has(&r, "新建制度</td><td class=\"num\">4<"));
    assert_true(body_has(&r, "href=\"/media?unit=C1&amp;subtree=1\""));
    assert_true(body_has(&r, "href=\"/registries?unit=K1&amp;group=media\""));
    resp_free(&r);
    assert_int_equal(
        request(h, "GET", "/registries?unit=C1&from=2026-06-01&group=media", NULL, NULL, 0, &r),
        200);
    assert_true(body_has(&r, "市级以上媒体</td><td class=\"num\">2<"));
    resp_free(&r);
    assert_int_equal(request(h, "GET", "/registries?unit=C1&group=x", NULL, NULL, 0, &r), 400);
    resp_free(&r);
    assert_int_equal(request(h, "GET", "/registries?unit=C2", NULL, NULL, 0, &r), 404);
    resp_free(&r);
    /* by default the caller's own unit */
    assert_int_equal(request(h, "GET", "/registries", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "新建制度</td><td class=\"num\">4<"));
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
}

/* The registry_tally rows that count something, one per line (a snapshot to compare). */
static void tally_snapshot(struct db *db, struct buf *out)
{
    buf_reset(out);
    assert_int_equal(sqlite3_exec(db->h,
                                  "SELECT unit_id, key, day, n FROM registry_tally WHERE n <> 0"
                                  " ORDER BY unit_id, key, day",
                                  test_snap_row, out, NULL),
                     SQLITE_OK);
}

/* One record of every registry in K1 through the API, as its users enter them. */
static void record_everything(const char *t_k1, const char *t_admin, const char *t_sup,
                              long long person)
{
    CURL *h = client_new();
    struct resp r = { 0 };
    char body[1024];
#define POST(path, token, ...)                                                                     \
    do {                                                                                           \
        snprintf(body, sizeof(body), __VA_ARGS__);                                                 \
        long st_ = api(h, "POST", path, token, body, &r);                                          \
        if (st_ / 100 != 2)                                                                        \
            fail_msg("%s answered %ld: %.300s", path, st_, r.body.data);                          \
    } while (0)
    POST("/api/v1/rules", t_k1,
         "{\"unit\":\"K1\",\"title\":\"干部选拔任用工作全程纪实办法\",\"category\":\"selection\","
         "\"effective\":\"2026-03-01\",\"text\":\"第一条\"}");
    long long rule = body_int(&r, "id");
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/rules/%lld/revise", rule);
    POST(path, t_k1, "{\"text\":\"第一条(修订)\",\"effective\":\"2026-09-01\"}");
    resp_free(&r);
    POST("/api/v1/commendations", t_k1,
         "{\"unit\":\"K1\",\"title\":\"优秀组工干部\",\"level\":\"county\",\"day\":\"2026-06-30\","
         "\"persons\":[{\"person\":%lld}]}",
         person);
    resp_free(&r);
    POST("/api/v1/contests", t_admin,
         "{\"unit\":\"P\",\"title\":\"征文\",\"from\":\"2026-03-01\",\"to\":\"2026-10-31\","
         "\"quotas\":{\"first\":1,\"second\":0,\"third\":0},\"reviewers\":[\"padmin\"]}");
    long long contest = body_int(&r, "id");
    resp_free(&r);
    snprintf(path, sizeof(path), "/api/v1/contests/%lld/essays", contest);
    POST(path, t_k1, "{\"unit\":\"K1\",\"title\":\"树形象\",\"author\":%lld,\"text\":\"正文\"}",
         person);
    resp_free(&r);
    POST("/api/v1/media", t_k1,
         "{\"unit\":\"K1\",\"title\":\"纪实\",\"outlet\":\"一市日报\",\"level\":\"city\","
         "\"kind\":\"report\",\"day\":\"2026-05-04\"}");
    resp_free(&r);
    POST("/api/v1/meetings", t_k1,
         "{\"unit\":\"K1\",\"title\":\"座谈会\",\"kind\":\"forum\",\"day\":\"2026-01-10\"}");
    resp_free(&r);
    POST("/api/v1/research", t_k1,
         "{\"unit\":\"K1\",\"title\":\"调研\",\"authors\":[%lld],\"day\":\"2026-07-01\","
         "\"text\":\"正文\"}",
         person);
    resp_free(&r);
    POST("/api/v1/discipline", t_sup,
         "{\"unit\":\"K1\",\"person\":%lld,\"category\":\"work\",\"handling\":\"education\","
         "\"day\":\"2026-08-01\",\"summary\":\"迟报\"}",
         person);
    resp_free(&r);
#undef POST
    curl_easy_cleanup(h);
}

/* Every registry's counts, as kept in each write, equal a recount from the records; after a
 * unit moves, the recount carries them to the new parent. */
static void test_counts_match_recount(void **state)
{
    (void)state;
    char path[TEST_PATH_LEN];
    struct db *db = open_fresh(path);
    build_tree(db);
    add_account(db, "P", "padmin", "省管理员", "admin");
    add_account(db, "P", "psup", "省督查", "supervisor");
    long long person = add_account(db, "K1", "k1staff", "张三", "staff");
    char t_admin[TOKEN_TEXT], t_sup[TOKEN_TEXT], t_k1[TOKEN_TEXT];
    add_token(db, "padmin", t_admin);
    add_token(db, "psup", t_sup);
    add_token(db, "k1staff", t_k1);
    struct server *srv = test_server_start(path, 0);
    record_everything(t_k1, t_admin, t_sup, person);
    server_stop(srv);

    struct buf kept, recount;
    buf_init(&kept, 1 << 16);
    buf_init(&recount, 1 << 16);
    tally_snapshot(db, &kept);
    assert_int_equal(db_tx_begin(db), RES_OK);
    assert_int_equal(registry_tally_rebuild(db), RES_OK);
    assert_int_equal(db_tx_commit(db), RES_OK);
    tally_snapshot(db, &recount);
    assert_string_equal(buf_str(&kept), buf_str(&recount));
    long long n[64];
    assert_true(registry_n_keys <= 64);
    assert_int_equal(registry_sums(db, get_unit(db, "C1").id, NULL, NULL, n), RES_OK);
    static const char *const counted[] = {
        "rules.new",          "rules.revised",    "rules.category.selection",
        "commendations.events", "commendations.persons", "essays.submitted",
        "media.city",         "meetings.forum",   "research.written",
        "discipline.cases",   "discipline.persons",
    };
    for (size_t i = 0; i < sizeof(counted) / sizeof(counted[0]); i++)
        assert_int_equal(n[registry_key_index(counted[i])], 1);

    /* K1 moves from C1 to C2, as `taizhang unit move` does it */
    struct actor sys;
    actor_system(&sys);
    struct err e = { 0 };
    assert_int_equal(db_tx_begin(db), RES_OK);
    assert_int_equal(unit_move(db, &sys, "K1", "C2", &e), RES_OK);
    assert_int_equal(registry_tally_rebuild(db), RES_OK);
    assert_int_equal(db_tx_commit(db), RES_OK);
    long long c1[64], c2[64];
    assert_int_equal(registry_sums(db, get_unit(db, "C1").id, NULL, NULL, c1), RES_OK);
    assert_int_equal(registry_sums(db, get_unit(db, "C2").id, NULL, NULL, c2), RES_OK);
    for (size_t i = 0; i < registry_n_keys; i++) {
        assert_int_equal(c1[i], 0);
        assert_int_equal(c2[i], n[i]);
    }
    buf_release(&kept);
    buf_release(&recount);
    db_close(db);
}

int test_registry(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_span),
        cmocka_unit_test(test_figures_page),
        cmocka_unit_test(test_counts_match_recount),
    };
    return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
