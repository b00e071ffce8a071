/*
 * Activities (test code; src/activity): issuing with its validation, marking a unit's items in
 * and out of scope, the roll-up over a three-level tree against figures counted by hand, the
 * items computed from opinions, problems and measures, and the API and pages over a real server.
 */
#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "activity/activity.h"
#include "core/arena.h"
#include "opinion/opinion.h"
#include "opinion/rectification.h"

/* P > C1 > K1, K2 and P > C2 > K3, with the accounts the tests act as. */
struct world {
    char path[TEST_PATH_LEN]; /* the database */
    struct db *db;            /* its connection */
    struct actor sys;         /* the command line */
    long long k1_person;      /* a person of K1, owner of its measure */
};

static void world_open(struct world *w)
{
    set_today("2026-05-10");
    w->db = open_fresh(w->path);
    build_tree(w->db);
    actor_system(&w->sys);
    add_account(w->db, "P", "padmin", "省管理员", "admin");
    add_account(w->db, "C1", "c1lead", "吴部长", "leader");
    add_account(w->db, "C1", "c1cad", "郑干部", "cadre");
    add_account(w->db, "C2", "c2staff", "王科员", "staff");
    w->k1_person = add_account(w->db, "K1", "k1staff", "李干事", "staff");
}

static int reset_clock(void **state)
{
    (void)state;
    set_today(NULL);
    return 0;
}

static const struct activity_item_input study_items[] = { { "study", "集中学习" } };
static const struct activity_item_input solicit_items[] = {
    { "selfcheck", "自我剖析材料" }, { "opinions", "征求意见建议" }, { "problems", "查摆问题" },
};
static const struct activity_item_input rectify_items[] = { { "rectify", "整改措施" } };

/* The test's campaign: three phases, five items of which three are computed. */
static long long issue(struct world *w, const char *unit)
{
    const struct activity_phase_input phases[] = {
        { "学习教育", "2026-01-01", "2026-03-31", study_items, 1 },
        { "征求意见、自我剖析", "2026-04-01", "2026-06-30", solicit_items, 3 },
        { "整改提高", "2026-07-01", "2026-09-30", rectify_items, 1 },
    };
    const struct activity_input in = { unit, "树组工干部形象集中学习教育活动", phases, 3 };
    struct err err = { 0 };
    long long id = 0;
    assert_int_equal(activity_create(w->db, &w->sys, &in, &id, &err), RES_OK);
    assert_true(id > 0);
    return id;
}

static enum result mark(struct world *w, const struct actor *who, long long id, const char *unit,
                        const char *item, long long count, long long participants,
                        struct err *err)
{
    const struct activity_mark_input m = { item, 1, count, "" };
    const struct activity_record_input in = { unit, item ? &m : NULL, item ? 1 : 0,
                                              participants };
    memset(err, 0, sizeof(*err));
    return activity_record(w->db, who, id, &in, err);
}

static void test_create_validation(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err err = { 0 };
    long long id = 0;
    const struct activity_item_input dup[] = { { "study", "学习" }, { "study", "再学习" } };
    const struct activity_item_input bad_code[] = { { "st udy", "学习" } };
    const struct {
        struct activity_phase_input phase; /* the one phase given */
        size_t n_phases;                   /* 0: none at all */
        const char *title;                 /* the title */
        const char *field;                 /* the field named */
    } cases[] = {
        { { "学习", "2026-01-01", "2026-01-31", study_items, 1 }, 0, "活动", "phases" },
        { { "学习", "2026-02-30", "2026-03-31", study_items, 1 }, 1, "活动", "from" },
        { { "学习", "2026-03-01", "2026-02-28", study_items, 1 }, 1, "活动", "to" },
        { { "学习", "2026-03-01", NULL, study_items, 1 }, 1, "活动", "to" },
        { { "学习", "2026-03-01", "2026-03-31", dup, 2 }, 1, "活动", "code" },
        { { "学习", "2026-03-01", "2026-03-31", bad_code, 1 }, 1, "活动", "code" },
        { { "学习", "2026-03-01", "2026-03-31", study_items, 0 }, 1, "活动", "items" },
        { { "", "2026-03-01", "2026-03-31", study_items, 1 }, 1, "活动", "name" },
        { { "学习", "2026-03-01", "2026-03-31", study_items, 1 }, 1, "", "title" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct activity_input in = { "C1", cases[i].title, &cases[i].phase,
                                           cases[i].n_phases };
        memset(&err, 0, sizeof(err));
        assert_int_equal(activity_create(w.db, &w.sys, &in, &id, &err), RES_INVALID);
        assert_string_equal(err.field, cases[i].field);
    }
    /* a code used in two phases is a duplicate too */
    const struct activity_phase_input two[] = {
        { "学习", "2026-01-01", "2026-01-31", study_items, 1 },
        { "再学习", "2026-02-01", "2026-02-28", study_items, 1 },
    };
    const struct activity_input again = { "C1", "活动", two, 2 };
    assert_int_equal(activity_create(w.db, &w.sys, &again, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "code");
    assert_string_equal(err.detail, "phases[1].items[0]");
    /* a unit outside the issuer's scope is missing; a cadre may not issue */
    struct actor c2, cadre;
    actor_of(w.db, "c2staff", &c2);
    actor_of(w.db, "c1cad", &cadre);
    const struct activity_input at_c1 = { "C1", "活动", two, 1 };
    assert_int_equal(activity_create(w.db, &c2, &at_c1, &id, &err), RES_NOT_FOUND);
    assert_int_equal(activity_create(w.db, &cadre, &at_c1, &id, &err), RES_FORBIDDEN);
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM activity", NULL, -1), 0);
    assert_int_equal(activity_create(w.db, &c2, &(struct activity_input){ "C2", "活动", two, 1 },
                                     &id, &err),
                     RES_OK);
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM audit WHERE action = 'activity.create'",
                              NULL, -1),
                     1);
    db_close(w.db);
}

static void test_mark_scope(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    long long id = issue(&w, "P");
    struct actor lead, cadre, c2;
    actor_of(w.db, "c1lead", &lead);
    actor_of(w.db, "c1cad", &cadre);
    actor_of(w.db, "c2staff", &c2);
    struct err err;
    /* C1's leader marks C1 and the units below it, never C2 or P above */
    assert_int_equal(mark(&w, &lead, id, "C1", "study", 3, -1, &err), RES_OK);
    assert_int_equal(mark(&w, &lead, id, "K1", "study", -1, 12, &err), RES_OK);
    assert_int_equal(mark(&w, &lead, id, "C2", "study", 1, -1, &err), RES_NOT_FOUND);
    assert_string_equal(err.field, "unit");
    assert_int_equal(mark(&w, &lead, id, "P", "study", 1, -1, &err), RES_NOT_FOUND);
    assert_int_equal(mark(&w, &lead, id, "C1", "nosuch", 1, -1, &err), RES_NOT_FOUND);
    assert_string_equal(err.field, "item");
    assert_int_equal(mark(&w, &lead, id, "C1", "opinions", 1, -1, &err), RES_CONFLICT);
    assert_int_equal(mark(&w, &cadre, id, "C1", "study", 1, -1, &err), RES_FORBIDDEN);
    assert_int_equal(mark(&w, &lead, id, "C1", NULL, -1, -2, &err), RES_INVALID);
    assert_int_equal(mark(&w, &lead, id + 1, "C1", "study", 1, -1, &err), RES_NOT_FOUND);
    assert_string_equal(err.field, "activity");
    /* an activity of C1 is not C2's to see or mark */
    long long c1_only = issue(&w, "C1");
    assert_int_equal(mark(&w, &c2, c1_only, "C2", "study", 1, -1, &err), RES_NOT_FOUND);
    struct arena ar;
    arena_init(&ar);
    struct activity a;
    assert_int_equal(activity_get(w.db, &c2, c1_only, NULL, &ar, &a, &err), RES_NOT_FOUND);
    /* the leader sees P's activity from C1 down, with who marked */
    assert_int_equal(activity_get(w.db, &lead, id, NULL, &ar, &a, &err), RES_OK);
    assert_string_equal(a.units[0].code, "C1");
    assert_int_equal(a.n_units, 3);
    assert_int_equal(a.units[0].cells[0].done, 1);
    assert_int_equal(a.units[0].cells[0].count, 3);
    assert_string_equal(a.units[0].cells[0].by, "c1lead");
    assert_int_equal(a.units[1].participants, 12);
    assert_int_equal(activity_get(w.db, &lead, id, "P", &ar, &a, &err), RES_NOT_FOUND);
    arena_release(&ar);
    /* a mark equal to the stored one writes nothing: three records in all */
    assert_int_equal(mark(&w, &lead, id, "C1", "study", 3, -1, &err), RES_OK);
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM audit WHERE action = 'activity.record'",
                              NULL, -1),
                     2);
    db_close(w.db);
}

/* The unit's row of a loaded activity. */
static const struct activity_unit *row_of(const struct activity *a, const char *code)
{
    for (size_t i = 0; i < a->n_units; i++)
        if (strcmp(a->units[i].code, code) == 0)
            return &a->units[i];
    fail_msg("no row for %s", code);
    return NULL;
}

/* Opinions, a problem and a measure in the records: K1 two opinions in the phase and one before
 * it, K2 one, C2 one; K1 one problem with one measure. */
static void add_records(struct world *w)
{
    struct err err = { 0 };
    long long id;
    const char *const units[] = { "K1", "K1", "K2", "C2" };
    for (size_t i = 0; i < 4; i++) {
        const struct opinion_input in = { "forum", "窗口服务态度差", "style", units[i], 0, NULL, 0 };
        assert_int_equal(opinion_add(w->db, &w->sys, &in, &id, &err), RES_OK);
    }
    set_today("2026-03-15");
    const struct opinion_input early = { "visit", "早于阶段的意见", "work", "K1", 0, NULL, 0 };
    assert_int_equal(opinion_add(w->db, &w->sys, &early, &id, &err), RES_OK);
    set_today("2026-05-10");
    const struct problem_input p = { "K1", "服务作风不实", "style", NULL, 0 };
    long long problem;
    assert_int_equal(problem_add(w->db, &w->sys, &p, &problem, &err), RES_OK);
    const struct measure_input m = { problem, "建立限时办结制度", w->k1_person, "2026-08-31", 0 };
    assert_int_equal(measure_add(w->db, &w->sys, &m, &id, &err), RES_OK);
}

static void test_rollup(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    long long id = issue(&w, "P");
    add_records(&w);
    struct err err;
    const struct {
        const char *unit, *item;       /* what is marked */
        long long count, participants; /* its count and the unit's participants */
    } marks[] = {
        { "K1", "study", 3, 10 },   { "K2", "study", 2, 5 }, { "C1", "study", 1, 7 },
        { "P", "study", 4, 20 },    { "K1", "selfcheck", -1, -1 },
    };
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
        assert_int_equal(mark(&w, &w.sys, id, marks[i].unit, marks[i].item, marks[i].count,
                              marks[i].participants, &err),
                         RES_OK);
    struct arena ar;
    arena_init(&ar);
    struct activity a;
    assert_int_equal(activity_get(w.db, &w.sys, id, NULL, &ar, &a, &err), RES_OK);
    assert_int_equal(a.n_items, 5);
    assert_int_equal(a.n_phases, 3);
    assert_int_equal(a.items[2].source, ACTIVITY_OPINIONS);
    assert_int_equal(a.items[4].phase, 2);
    /* items: study selfcheck opinions problems rectify; counted by hand */
    const struct {
        const char *unit;         /* row */
        long long units;          /* units in its subtree */
        long long done, required; /* items done and required over it */
        long long participants;   /* summed */
        long long study_done, study_sum, opinions_done, opinions_sum;
    } want[] = {
        { "K1", 1, 5, 5, 10, 1, 3, 1, 2 },   /* every item: two opinions, a problem, a measure */
        { "K2", 1, 2, 5, 5, 1, 2, 1, 1 },    /* study and one opinion */
        { "K3", 1, 0, 5, 0, 0, 0, 0, 0 },
        { "C1", 3, 8, 15, 22, 3, 6, 2, 3 },  /* its own study, K1's five, K2's two */
        { "C2", 2, 1, 10, 0, 0, 0, 1, 1 },   /* one opinion; the one before the phase not */
        { "P", 6, 10, 30, 42, 4, 10, 3, 4 },
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const struct activity_unit *u = row_of(&a, want[i].unit);
        assert_int_equal(u->n_units, want[i].units);
        assert_int_equal(u->done, want[i].done);
        assert_int_equal(u->required, want[i].required);
        assert_int_equal(u->sum_participants, want[i].participants);
        assert_int_equal(u->n_done[0], want[i].study_done);
        assert_int_equal(u->sum_count[0], want[i].study_sum);
        assert_int_equal(u->n_done[2], want[i].opinions_done);
        assert_int_equal(u->sum_count[2], want[i].opinions_sum);
    }
    /* the computed items of K1 are the records' own */
    const struct activity_unit *k1 = row_of(&a, "K1");
    assert_int_equal(k1->cells[2].count, 2);
    assert_int_equal(k1->cells[3].count, 1);
    assert_int_equal(k1->cells[4].count, 1);
    assert_string_equal(k1->cells[2].by, "");
    /* the same figures from the unit's own subtree */
    assert_int_equal(activity_get(w.db, &w.sys, id, "C1", &ar, &a, &err), RES_OK);
    assert_int_equal(a.n_units, 3);
    assert_int_equal(a.units[0].done, 8);
    assert_int_equal(a.units[0].depth, 0);
    assert_int_equal(a.units[1].depth, 1);
    arena_release(&ar);
    db_close(w.db);
}

static void test_pages_and_api(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    char t_admin[TOKEN_TEXT], t_lead[TOKEN_TEXT], t_c2[TOKEN_TEXT];
    add_token(w.db, "padmin", t_admin);
    add_token(w.db, "c1lead", t_lead);
    add_token(w.db, "c2staff", t_c2);
    add_records(&w);
    db_close(w.db);
    struct server *srv = test_server_start(w.path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };

    /* issue, with the errors naming their field */
    assert_int_equal(api(h, "POST", "/api/v1/activities", t_admin,
                         "{\"unit\":\"P\",\"title\":\"活动\",\"phases\":[]}", &r),
                     400);
    expect_error(&r, 400, "phases");
    assert_int_equal(api(h, "POST", "/api/v1/activities", t_admin,
                         "{\"unit\":\"P\",\"title\":\"活动\",\"phases\":[{\"name\":\"学习\","
                         "\"from\":\"2026-01-01\",\"to\":\"2026-13-01\",\"items\":[{\"code\":"
                         "\"study\",\"name\":\"学习\"}]}]}",
                         &r),
                     400);
    expect_error(&r, 400, "to");
    assert_int_equal(api(h, "POST", "/api/v1/activities", t_admin,
                         "{\"unit\":\"P\",\"title\":\"活动\",\"phases\":[{\"name\":\"学习\","
                         "\"from\":\"2026-01-01\",\"to\":\"2026-03-01\",\"items\":[{\"code\":"
                         "\"study\",\"name\":\"学习\"},{\"code\":\"study\",\"name\":\"学\"}]}]}",
                         &r),
                     400);
    expect_error(&r, 400, "code");
    assert_int_equal(
        api(h, "POST", "/api/v1/activities", t_admin,
            "{\"unit\":\"P\",\"title\":\"树组工干部形象集中学习教育活动\",\"phases\":[{\"name\":"
            "\"学习教育\",\"from\":\"2026-01-01\",\"to\":\"2026-03-31\",\"items\":[{\"code\":"
            "\"study\",\"name\":\"集中学习\"}]},{\"name\":\"征求意见\",\"from\":\"2026-04-01\","
            "\"to\":\"2026-06-30\",\"items\":[{\"code\":\"opinions\",\"name\":\"征求意见建议\"}]}]}",
            &r),
        201);
    long long id = body_int(&r, "id");
    char path[256];

    /* C1's leader marks C1, not C2; an unknown item is missing */
    snprintf(path, sizeof(path), "/api/v1/activities/%lld/units/C1/items/study", id);
    assert_int_equal(api(h, "POST", path, t_lead, "{\"done\":true,\"count\":3}", &r), 200);
    assert_int_equal(api(h, "POST", path, t_lead, "{\"count\":3}", &r), 400);
    expect_error(&r, 400, "done");
    snprintf(path, sizeof(path), "/api/v1/activities/%lld/units/C2/items/study", id);
    assert_int_equal(api(h, "POST", path, t_lead, "{\"done\":true}", &r), 404);
    snprintf(path, sizeof(path), "/api/v1/activities/%lld/units/C1/items/nosuch", id);
    assert_int_equal(api(h, "POST", path, t_lead, "{\"done\":true}", &r), 404);
    expect_error(&r, 404, "item");
    snprintf(path, sizeof(path), "/api/v1/activities/%lld/units/C1/participants", id);
    assert_int_equal(api(h, "POST", path, t_lead, "{\"count\":25}", &r), 200);

    /* the activity with each unit's state and roll-up */
    snprintf(path, sizeof(path), "/api/v1/activities/%lld", id);
    assert_int_equal(api(h, "GET", path, t_admin, NULL, &r), 200);
    json_t *doc = body_json(&r);
    assert_int_equal(json_array_size(json_object_get(doc, "phases")), 2);
    json_t *units = json_object_get(doc, "units"), *c1 = NULL;
    for (size_t i = 0; i < json_array_size(units); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(units, i), "code")), "C1") ==
            0)
            c1 = json_array_get(units, i);
    assert_non_null(c1);
    json_t *study = json_array_get(json_object_get(c1, "items"), 0);
    assert_true(json_is_true(json_object_get(study, "done")));
    assert_int_equal(json_integer_value(json_object_get(study, "count")), 3);
    assert_int_equal(json_integer_value(json_object_get(c1, "participants")), 25);
    json_t *roll = json_object_get(c1, "rollup");
    /* C1, K1, K2: study at C1, opinions at K1 and K2 */
    assert_int_equal(json_integer_value(json_object_get(roll, "done")), 3);
    assert_int_equal(json_integer_value(json_object_get(roll, "required")), 6);
    json_t *top = json_object_get(json_array_get(units, 0), "rollup");
    assert_int_equal(json_integer_value(json_object_get(top, "done")), 4);
    assert_int_equal(json_integer_value(json_object_get(top, "required")), 12);
    json_decref(doc);
    assert_int_equal(api(h, "GET", path, t_c2, NULL, &r), 200);
    assert_false(body_has(&r, "\"C1\""));
    snprintf(path, sizeof(path), "/api/v1/activities/%lld?unit=C2", id);
    assert_int_equal(api(h, "GET", path, t_lead, NULL, &r), 404);
    assert_int_equal(api(h, "GET", "/api/v1/activities?unit=K1", t_lead, NULL, &r), 200);
    assert_true(body_has(&r, "树组工干部形象"));
    assert_int_equal(api(h, "GET", "/api/v1/activities?unit=C2", t_lead, NULL, &r), 404);

    /* the pages: the list, the grid, and the leader's form for C1 */
    login_as(h, "c1lead");
    assert_int_equal(request(h, "GET", "/activities", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "树组工干部形象集中学习教育活动"));
    assert_true(body_has(&r, "name=\"p1_from\""));
    snprintf(path, sizeof(path), "/activities/%lld", id);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<th>一市委组织部 (含下级合计)</th><td class=\"num\">3/6</td>"
                             "<td class=\"num\">25</td><td class=\"num\">1/3 (3)</td>"
                             "<td class=\"num\">2/3 (3)</td></tr>"));
    assert_true(body_has(&r, "甲县委组织部</a></td><td class=\"num\">1/2</td>"
                             "<td class=\"num\">0</td><td class=\"num\">—</td>"
                             "<td class=\"num\">✓ 2</td></tr>"));
    assert_true(body_has(&r, "name=\"count_study\""));
    assert_false(body_has(&r, "name=\"count_opinions\""));
    char action[256];
    snprintf(action, sizeof(action), "/activities/%lld/units/K2", id);
    assert_int_equal(post_form(h, path, action,
                               "participants=8&count_study=2&done_study=1&note_study=%E5%B7%B2",
                               &r),
                     303);
    snprintf(action, sizeof(action), "/activities/%lld/units/C2", id);
    assert_int_equal(post_form(h, path, action, "participants=8&count_study=2", &r), 404);
    snprintf(path, sizeof(path), "/activities/%lld?unit=K2", id);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "value=\"8\""));
    assert_true(body_has(&r, " checked"));
    snprintf(path, sizeof(path), "/activities/%lld?unit=C2", id);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 404);
    /* issuing through the form */
    assert_int_equal(post_form(h, "/activities", "/activities",
                               "title=%E4%B8%80%E5%B8%82%E6%B4%BB%E5%8A%A8&unit=C1&p1_name=a&"
                               "p1_from=2026-01-01&p1_to=2026-02-01&p1_items=study+x%0D%0Arules+y"
                               "&p2_name=&p2_items=",
                               &r),
                     303);
    assert_int_equal(request(h, "GET", "/activities", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "一市活动"));
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
}

int test_activity(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_create_validation, reset_clock),
        cmocka_unit_test_teardown(test_mark_scope, reset_clock),
        cmocka_unit_test_teardown(test_rollup, reset_clock),
        cmocka_unit_test_teardown(test_pages_and_api, reset_clock),
    };
    return cmocka_run_group_tests_name("activity", tests, NULL, NULL);
}
