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

int test_registry(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_span),
        cmocka_unit_test(test_figures_page),
    };
    return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
