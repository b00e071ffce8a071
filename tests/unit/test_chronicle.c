/*
 * Commendations, media reports and meetings (test code; src/chronicle): validation naming each
 * field, persons only of the unit's tree and the caller's scope, a rejected record leaving
 * nothing, the roll-up against a recount from the records (also after a unit move), the lists'
 * filters and paging, the CSV imports, and the API and pages over a real server.
 */
#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "chronicle/chronicle.h"
#include "core/arena.h"
#include "registry/registry.h"
#include "unit/unit.h"

/* P > C1 > K1, K2 and P > C2 > K3, with the accounts the tests act as. */
struct world {
    char path[TEST_PATH_LEN]; /* the database */
    struct db *db;            /* its connection */
    struct actor sys;         /* the command line */
    struct actor c1;          /* C1's staff */
    long long k1_person;      /* a person of K1 */
    long long k2_person;      /* a person of K2 */
    long long k3_person;      /* a person of K3, beside C1 */
};

static void world_open(struct world *w)
{
    set_today("2026-05-10");
    w->db = open_fresh(w->path);
    build_tree(w->db);
    actor_system(&w->sys);
    add_account(w->db, "P", "padmin", "省管理员", "admin");
    add_account(w->db, "C1", "c1staff", "吴科员", "staff");
    add_account(w->db, "C2", "c2staff", "王科员", "staff");
    w->k1_person = add_account(w->db, "K1", "k1staff", "李干事", "staff");
    w->k2_person = add_account(w->db, "K2", "k2staff", "张干事", "staff");
    w->k3_person = add_account(w->db, "K3", "k3staff", "陈干事", "staff");
    actor_of(w->db, "c1staff", &w->c1);
}

static int reset_clock(void **state)
{
    (void)state;
    set_today(NULL);
    return 0;
}

static long long count(struct db *db, const char *sql)
{
    return db_count(db, sql, NULL, -1);
}

/* The tally of key under unit code over all days. */
static long long tally(struct world *w, const char *code, const char *key)
{
    struct unit u;
    struct err err = { 0 };
    assert_int_equal(unit_get(w->db, &w->sys, code, &u, &err), RES_OK);
    long long n[64];
    assert_true(registry_n_keys <= 64);
    assert_int_equal(registry_sums(w->db, u.id, NULL, NULL, n), RES_OK);
    for (size_t i = 0; i < registry_n_keys; i++)
        if (strcmp(registry_keys[i], key) == 0)
            return n[i];
    fail_msg("no key %s", key);
    return -1;
}

static enum result add(struct world *w, const struct actor *who, enum chronicle_kind k,
                       const struct chronicle_input *in, struct err *err)
{
    long long id;
    memset(err, 0, sizeof(*err));
    return chronicle_create(w->db, who, k, in, &id, err);
}

static void expect_field(enum result got, enum result want, const struct err *err,
                         const char *field)
{
    assert_int_equal(got, want);
    assert_non_null(err->field);
    assert_string_equal(err->field, field);
}

static void test_validation(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err err;
    struct chronicle_person ok_persons[] = { { w.k1_person, "扎根基层" }, { w.k2_person, NULL } };
    struct chronicle_input c = { .unit = "C1", .title = "全市优秀组工干部", .day = "2026-04-01",
                                 .level = "city", .persons = ok_persons, .n_persons = 2,
                                 .attendees = -1 };
    struct chronicle_input in = c;
    in.title = "";
    expect_field(add(&w, &w.c1, CHRONICLE_COMMENDATION, &in, &err), RES_INVALID, &err, "title");
    in = c;
    in.level = "galactic";
    expect_field(add(&w, &w.c1, CHRONICLE_COMMENDATION, &in, &err), RES_INVALID, &err, "level");
    in = c;
    in.day = "2026-02-30";
    expect_field(add(&w, &w.c1, CHRONICLE_COMMENDATION, &in, &err), RES_INVALID, &err, "day");
    in = c;
    in.n_persons = 0;
    expect_field(add(&w, &w.c1, CHRONICLE_COMMENDATION, &in, &err), RES_INVALID, &err, "persons");
    /* a person beside the unit's tree, and one named twice */
    struct chronicle_person beside[] = { { w.k1_person, "" }, { w.k3_person, "" } };
    in = c;
    in.persons = beside;
    expect_field(add(&w, &w.sys, CHRONICLE_COMMENDATION, &in, &err), RES_INVALID, &err,
                 "persons");
    struct chronicle_person twice[] = { { w.k1_person, "" }, { w.k1_person, "" } };
    in.persons = twice;
    expect_field(add(&w, &w.c1, CHRONICLE_COMMENDATION, &in, &err), RES_INVALID, &err, "persons");
    struct chronicle_person nobody[] = { { 999999, "" } };
    in.persons = nobody;
    in.n_persons = 1;
    expect_field(add(&w, &w.c1, CHRONICLE_COMMENDATION, &in, &err), RES_INVALID, &err, "persons");
    /* another scope's unit is missing for C2's staff; C1's staff may not name P */
    struct actor c2;
    actor_of(w.db, "c2staff", &c2);
    assert_int_equal(add(&w, &c2, CHRONICLE_COMMENDATION, &c, &err), RES_NOT_FOUND);
    in = c;
    in.unit = "P";
    assert_int_not_equal(add(&w, &w.c1, CHRONICLE_COMMENDATION, &in, &err), RES_OK);
    /* nothing of the rejected ones was written */
    assert_int_equal(count(w.db, "SELECT count(*) FROM commendation"), 0);
    assert_int_equal(count(w.db, "SELECT count(*) FROM commendation_person"), 0);
    assert_int_equal(count(w.db, "SELECT count(*) FROM registry_tally"), 0);
    assert_int_equal(add(&w, &w.c1, CHRONICLE_COMMENDATION, &c, &err), RES_OK);

    /* media: links are http(s) only, the scheme in any case */
    struct chronicle_input m = { .unit = "K1", .title = "甲县动态", .outlet = "一市日报",
                                 .level = "city", .kind = "report", .day = "2026-04-02",
                                 .attendees = -1 };
    static const char *const bad_links[] = { "javascript:alert(1)", "JavaScript:alert(1)",
                                             "data:text/html,x", "ftp://x.org/", "http://",
                                             "https:///x", "//x.org", "http://a b",
                                             "http://x.org/\"onclick" };
    for (size_t i = 0; i < sizeof(bad_links) / sizeof(bad_links[0]); i++) {
        in = m;
        in.link = bad_links[i];
        expect_field(add(&w, &w.c1, CHRONICLE_MEDIA, &in, &err), RES_INVALID, &err, "link");
    }
    in = m;
    in.kind = "rumour";
    expect_field(add(&w, &w.c1, CHRONICLE_MEDIA, &in, &err), RES_INVALID, &err, "kind");
    in = m;
    in.outlet = "";
    expect_field(add(&w, &w.c1, CHRONICLE_MEDIA, &in, &err), RES_INVALID, &err, "outlet");
    in = m;
    in.link = "HTTPS://Example.org/a?b=1";
    assert_int_equal(add(&w, &w.c1, CHRONICLE_MEDIA, &in, &err), RES_OK);
    in.link = "";
    assert_int_equal(add(&w, &w.c1, CHRONICLE_MEDIA, &in, &err), RES_OK);

    /* meetings */
    struct chronicle_input g = { .unit = "C1", .title = "部务会", .kind = "leadership",
                                 .day = "2026-04-03", .attendees = -1 };
    in = g;
    in.title = NULL;
    expect_field(add(&w, &w.c1, CHRONICLE_MEETING, &in, &err), RES_INVALID, &err, "title");
    in = g;
    in.kind = "party";
    expect_field(add(&w, &w.c1, CHRONICLE_MEETING, &in, &err), RES_INVALID, &err, "kind");
    in = g;
    in.attendees = -5;
    expect_field(add(&w, &w.c1, CHRONICLE_MEETING, &in, &err), RES_INVALID, &err, "attendees");
    in = g;
    in.attendees = 0;
    assert_int_equal(add(&w, &w.c1, CHRONICLE_MEETING, &in, &err), RES_OK);

    /* every create is audited */
    assert_int_equal(count(w.db, "SELECT count(*) FROM audit WHERE action IN"
                                 " ('commendation.create','media.create','meeting.create')"),
                     4);
    db_close(w.db);
}

/* Hand-counted figures of the world the roll-up test builds. */
static void expect_counts(struct world *w, const char *unit, long long events, long long persons,
                          long long city, long long province, long long conference)
{
    assert_int_equal(tally(w, unit, "commendations.events"), events);
    assert_int_equal(tally(w, unit, "commendations.persons"), persons);
    assert_int_equal(tally(w, unit, "media.city"), city);
    assert_int_equal(tally(w, unit, "media.province"), province);
    assert_int_equal(tally(w, unit, "meetings.conference"), conference);
}

static void test_rollup(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err err;
    struct chronicle_person two[] = { { w.k1_person, "事迹" }, { w.k2_person, "" } };
    struct chronicle_person one[] = { { w.k1_person, "" } };
    struct chronicle_input c = { .unit = "C1", .title = "表彰", .day = "2026-04-01",
                                 .level = "city", .persons = two, .n_persons = 2,
                                 .attendees = -1 };
    assert_int_equal(add(&w, &w.sys, CHRONICLE_COMMENDATION, &c, &err), RES_OK);
    c.unit = "K1";
    c.persons = one;
    c.n_persons = 1;
    assert_int_equal(add(&w, &w.sys, CHRONICLE_COMMENDATION, &c, &err), RES_OK);
    struct chronicle_input m = { .unit = "K1", .title = "报道", .outlet = "日报", .level = "city",
                                 .kind = "article", .day = "2026-04-02", .attendees = -1 };
    assert_int_equal(add(&w, &w.sys, CHRONICLE_MEDIA, &m, &err), RES_OK);
    m.level = "province";
    assert_int_equal(add(&w, &w.sys, CHRONICLE_MEDIA, &m, &err), RES_OK);
    m.unit = "K3";
    assert_int_equal(add(&w, &w.sys, CHRONICLE_MEDIA, &m, &err), RES_OK);
    struct chronicle_input g = { .unit = "K1", .title = "全县会议", .kind = "conference",
                                 .day = "2026-04-03", .attendees = 80 };
    assert_int_equal(add(&w, &w.sys, CHRONICLE_MEETING, &g, &err), RES_OK);

    expect_counts(&w, "P", 2, 3, 1, 2, 1);
    expect_counts(&w, "C1", 2, 3, 1, 1, 1);
    expect_counts(&w, "K1", 1, 1, 1, 1, 1);
    expect_counts(&w, "C2", 0, 0, 0, 1, 0);

    /* after K1 moves under C2, the rebuilt counts are the recount from the records */
    assert_int_equal(unit_move(w.db, &w.sys, "K1", "C2", &err), RES_OK);
    assert_int_equal(registry_tally_rebuild(w.db), RES_OK);
    expect_counts(&w, "P", 2, 3, 1, 2, 1);
    expect_counts(&w, "C1", 1, 2, 0, 0, 0);
    expect_counts(&w, "C2", 1, 1, 1, 2, 1);
    expect_counts(&w, "K1", 1, 1, 1, 1, 1);
    db_close(w.db);
}

struct seen {
    int n;            /* rows */
    char first[200];  /* the first row's title */
};

static void on_entry(void *ctx, const struct chronicle_entry *e)
{
    struct seen *s = ctx;
    if (s->n++ == 0)
        snprintf(s->first, sizeof(s->first), "%s", e->title);
}

static void test_list(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err err;
    static const char *const days[] = { "2026-01-05", "2026-02-05", "2026-03-05" };
    static const char *const units[] = { "C1", "K1", "K3" };
    for (int i = 0; i < 3; i++) {
        char title[32];
        snprintf(title, sizeof(title), "会议%d", i);
        struct chronicle_input g = { .unit = units[i], .title = title,
                                     .kind = i ? "forum" : "study", .day = days[i],
                                     .attendees = -1 };
        assert_int_equal(add(&w, &w.sys, CHRONICLE_MEETING, &g, &err), RES_OK);
    }
    struct seen s = { 0 };
    long long total = 0;
    struct registry_filter f = { .unit = "P", .subtree = 1 };
    assert_int_equal(chronicle_list(w.db, &w.sys, CHRONICLE_MEETING, &f, on_entry, &s, &total,
                                    &err),
                     RES_OK);
    assert_int_equal(total, 3);
    assert_string_equal(s.first, "会议2"); /* newest first */
    f = (struct registry_filter){ .unit = "C1", .subtree = 1 };
    memset(&s, 0, sizeof(s));
    assert_int_equal(chronicle_list(w.db, &w.c1, CHRONICLE_MEETING, &f, on_entry, &s, &total,
                                    &err),
                     RES_OK);
    assert_int_equal(total, 2);
    f.subtree = 0;
    assert_int_equal(chronicle_list(w.db, &w.c1, CHRONICLE_MEETING, &f, on_entry, &s, &total,
                                    &err),
                     RES_OK);
    assert_int_equal(total, 1);
    f = (struct registry_filter){ .unit = "P", .subtree = 1, .kind = "forum", .from = "2026-02-01",
                                  .to = "2026-02-28", .limit = 1 };
    memset(&s, 0, sizeof(s));
    assert_int_equal(chronicle_list(w.db, &w.sys, CHRONICLE_MEETING, &f, on_entry, &s, &total,
                                    &err),
                     RES_OK);
    assert_int_equal(total, 1);
    assert_string_equal(s.first, "会议1");
    /* paging: the second of three */
    f = (struct registry_filter){ .unit = "P", .subtree = 1, .offset = 1, .limit = 1 };
    memset(&s, 0, sizeof(s));
    assert_int_equal(chronicle_list(w.db, &w.sys, CHRONICLE_MEETING, &f, on_entry, &s, &total,
                                    &err),
                     RES_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.first, "会议1");
    /* bad filters name their field; another scope's unit is missing */
    f = (struct registry_filter){ .unit = "P", .kind = "party" };
    assert_int_equal(chronicle_list(w.db, &w.sys, CHRONICLE_MEETING, &f, on_entry, &s, NULL, &err),
                     RES_INVALID);
    assert_string_equal(err.field, "kind");
    f = (struct registry_filter){ .unit = "C2" };
    assert_int_equal(chronicle_list(w.db, &w.c1, CHRONICLE_MEETING, &f, on_entry, &s, NULL, &err),
                     RES_NOT_FOUND);
    /* past 1,000 records a page is read by day: the same order, the roll-up's total */
    assert_int_equal(db_tx_begin(w.db), RES_OK);
    for (int i = 0; i < 1100; i++) {
        char day[16];
        snprintf(day, sizeof(day), "2025-%02d-%02d", 1 + i % 12, 1 + i % 28);
        struct chronicle_input g = { .unit = i % 2 ? "K1" : "K3", .title = "批量会议",
                                     .kind = "study", .day = day, .attendees = -1 };
        assert_int_equal(add(&w, &w.sys, CHRONICLE_MEETING, &g, &err), RES_OK);
    }
    assert_int_equal(db_tx_commit(w.db), RES_OK);
    f = (struct registry_filter){ .unit = "P", .subtree = 1, .limit = 4 };
    memset(&s, 0, sizeof(s));
    assert_int_equal(chronicle_list(w.db, &w.sys, CHRONICLE_MEETING, &f, on_entry, &s, &total,
                                    &err),
                     RES_OK);
    assert_int_equal(total, 1103);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.first, "会议2");
    f = (struct registry_filter){ .unit = "P", .subtree = 1, .offset = 3, .limit = 1 };
    memset(&s, 0, sizeof(s));
    assert_int_equal(chronicle_list(w.db, &w.sys, CHRONICLE_MEETING, &f, on_entry, &s, &total,
                                    &err),
                     RES_OK);
    assert_string_equal(s.first, "批量会议"); /* after the three of 2026 */
    f = (struct registry_filter){ .unit = "C1", .subtree = 1, .kind = "study", .limit = 1000 };
    memset(&s, 0, sizeof(s));
    assert_int_equal(chronicle_list(w.db, &w.c1, CHRONICLE_MEETING, &f, on_entry, &s, &total,
                                    &err),
                     RES_OK);
    assert_int_equal(total, 551); /* with 会议0 of C1 */
    assert_int_equal(s.n, 551);

    /* the list by unit and day uses the index, not a scan of the table */
    assert_int_equal(count(w.db, "SELECT count(*) FROM pragma_index_list('meeting')"
                                 " WHERE name = 'meeting_unit_day'"),
                     1);
    db_close(w.db);
}

struct lines {
    int n;        /* problems */
    int line[8];  /* their lines */
    char field[8][32]; /* and fields */
};

static void on_line(void *ctx, int line, const struct err *err)
{
    struct lines *l = ctx;
    if (l->n < 8) {
        l->line[l->n] = line;
        snprintf(l->field[l->n], sizeof(l->field[0]), "%s", err->field ? err->field : "");
    }
    l->n++;
}

static void test_import(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct lines l = { 0 };
    struct import_report rep = { .fn = on_line, .ctx = &l };
    long long n = 0;
    char csv[1024];
    /* commendations: the same event over two lines, then another */
    snprintf(csv, sizeof(csv),
             "unit,title,level,day,person,citation\n"
             "C1,全市优秀组工干部,city,2026-04-01,%lld,扎根基层\n"
             "C1,全市优秀组工干部,city,2026-04-01,%lld,\n"
             "K1,先进个人,county,2026-04-02,%lld,\"事迹,有逗号\"\n",
             w.k1_person, w.k2_person, w.k1_person);
    assert_int_equal(chronicle_import(w.db, &w.sys, CHRONICLE_COMMENDATION, csv, strlen(csv), &n,
                                      &rep),
                     RES_OK);
    assert_int_equal(n, 2);
    assert_int_equal(l.n, 0);
    assert_int_equal(count(w.db, "SELECT count(*) FROM commendation_person"), 3);
    assert_int_equal(tally(&w, "P", "commendations.events"), 2);
    assert_int_equal(tally(&w, "P", "commendations.persons"), 3);
    /* a person of K3 under C1's event: all or nothing, the line named */
    snprintf(csv, sizeof(csv),
             "unit,title,level,day,person,citation\n"
             "C1,又一表彰,city,2026-04-05,%lld,\n"
             "C1,又一表彰,city,2026-04-05,%lld,\n",
             w.k1_person, w.k3_person);
    assert_int_equal(chronicle_import(w.db, &w.sys, CHRONICLE_COMMENDATION, csv, strlen(csv), &n,
                                      &rep),
                     RES_INVALID);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.line[0], 3);
    assert_int_equal(count(w.db, "SELECT count(*) FROM commendation"), 2);
    assert_int_equal(tally(&w, "P", "commendations.persons"), 3);

    /* media: a javascript: link on line 3 */
    memset(&l, 0, sizeof(l));
    static const char media[] = "unit,title,outlet,level,kind,day,link\n"
                                "K1,报道一,日报,city,report,2026-04-01,https://x.org/1\n"
                                "K1,报道二,日报,city,report,2026-04-01,javascript:alert(1)\n"
                                "K1,报道三,日报,galactic,report,2026-04-01,\n";
    assert_int_equal(chronicle_import(w.db, &w.sys, CHRONICLE_MEDIA, media, strlen(media), &n,
                                      &rep),
                     RES_INVALID);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.line[0], 3);
    assert_string_equal(l.field[0], "link");
    assert_int_equal(l.line[1], 4);
    assert_string_equal(l.field[1], "level");
    assert_int_equal(count(w.db, "SELECT count(*) FROM media"), 0);
    assert_int_equal(tally(&w, "P", "media.city"), 0);
    static const char media_ok[] = "unit,title,outlet,level,kind,day,link\n"
                                   "K1,报道一,日报,city,report,2026-04-01,https://x.org/1\n"
                                   "K2,报道二,省报,province,article,2026-04-02,\n";
    assert_int_equal(chronicle_import(w.db, &w.sys, CHRONICLE_MEDIA, media_ok, strlen(media_ok),
                                      &n, &rep),
                     RES_OK);
    assert_int_equal(n, 2);

    /* meetings: a bad header stops at line 1; then a good file */
    memset(&l, 0, sizeof(l));
    static const char bad_head[] = "unit,title,kind\nC1,会,study\n";
    assert_int_equal(chronicle_import(w.db, &w.sys, CHRONICLE_MEETING, bad_head,
                                      strlen(bad_head), &n, &rep),
                     RES_INVALID);
    assert_int_equal(l.line[0], 1);
    static const char meetings[] = "unit,title,kind,day,attendees,minutes\n"
                                   "C1,全市组织部长会议,conference,2026-01-10,120,纪要\n"
                                   "C1,部务会,leadership,2026-01-11,,\n";
    assert_int_equal(chronicle_import(w.db, &w.sys, CHRONICLE_MEETING, meetings,
                                      strlen(meetings), &n, &rep),
                     RES_OK);
    assert_int_equal(n, 2);
    assert_int_equal(count(w.db, "SELECT count(*) FROM meeting WHERE attendees IS NULL"), 1);
    assert_int_equal(tally(&w, "C1", "meetings.conference"), 1);
    db_close(w.db);
}

static void test_pages(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    char t_admin[TOKEN_TEXT], t_c1[TOKEN_TEXT], t_c2[TOKEN_TEXT];
    add_token(w.db, "padmin", t_admin);
    add_token(w.db, "c1staff", t_c1);
    add_token(w.db, "c2staff", t_c2);
    db_close(w.db);
    struct server *srv = test_server_start(w.path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };
    char body[1024], path[256];

    /* commendations over the API: the bad fields named, a person beside the tree refused */
    snprintf(body, sizeof(body),
             "{\"unit\":\"C1\",\"title\":\"全市优秀组工干部\",\"level\":\"city\",\"day\":"
             "\"2026-04-01\",\"persons\":[{\"person\":%lld,\"citation\":\"扎根基层<b>\"},"
             "{\"person\":%lld}]}",
             w.k1_person, w.k2_person);
    assert_int_equal(api(h, "POST", "/api/v1/commendations", t_c1, body, &r), 201);
    long long cid = body_int(&r, "id");
    snprintf(body, sizeof(body),
             "{\"unit\":\"C1\",\"title\":\"x\",\"level\":\"city\",\"day\":\"2026-04-01\","
             "\"persons\":[{\"person\":%lld}]}",
             w.k3_person);
    assert_int_equal(api(h, "POST", "/api/v1/commendations", t_admin, body, &r), 400);
    expect_error(&r, 400, "persons");
    assert_int_equal(api(h, "POST", "/api/v1/commendations", t_c1,
                         "{\"unit\":\"C1\",\"title\":\"x\",\"level\":\"galactic\",\"day\":"
                         "\"2026-04-01\",\"persons\":[]}",
                         &r),
                     400);
    assert_int_equal(api(h, "POST", "/api/v1/commendations", t_c1,
                         "{\"unit\":\"C1\",\"title\":\"x\",\"level\":\"city\",\"day\":"
                         "\"2026-04-01\",\"persons\":\"all\"}",
                         &r),
                     400);
    expect_error(&r, 400, "persons");
    assert_int_equal(api(h, "GET", "/api/v1/commendations?unit=P&subtree=1&level=city", t_admin,
                         NULL, &r),
                     200);
    assert_int_equal(body_int(&r, "total"), 1);
    assert_true(body_has(&r, "\"persons\": 2") || body_has(&r, "\"persons\":2"));
    assert_int_equal(api(h, "GET", "/api/v1/commendations?unit=C1", t_c2, NULL, &r), 404);
    assert_int_equal(api(h, "GET", "/api/v1/commendations?unit=P&subtree=1&level=province",
                         t_admin, NULL, &r),
                     200);
    assert_int_equal(body_int(&r, "total"), 0);
    assert_int_equal(api(h, "GET", "/api/v1/commendations?unit=P&level=galactic", t_admin, NULL,
                         &r),
                     400);
    expect_error(&r, 400, "level");

    /* media and meetings over the API */
    assert_int_equal(api(h, "POST", "/api/v1/media", t_c1,
                         "{\"unit\":\"K1\",\"title\":\"甲县纪实\",\"outlet\":\"一市日报\","
                         "\"level\":\"city\",\"kind\":\"report\",\"day\":\"2026-05-04\","
                         "\"link\":\"https://example.org/a\"}",
                         &r),
                     201);
    assert_int_equal(api(h, "POST", "/api/v1/media", t_c1,
                         "{\"unit\":\"K1\",\"title\":\"x\",\"outlet\":\"x\",\"level\":\"city\","
                         "\"kind\":\"report\",\"day\":\"2026-05-04\",\"link\":\"jAvAsCrIpT:1\"}",
                         &r),
                     400);
    expect_error(&r, 400, "link");
    assert_int_equal(api(h, "GET", "/api/v1/media?unit=C1&subtree=1", t_c1, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 1);
    assert_int_equal(api(h, "POST", "/api/v1/meetings", t_admin,
                         "{\"unit\":\"P\",\"title\":\"全省组织部长会议\",\"kind\":\"conference\","
                         "\"day\":\"2026-01-10\",\"attendees\":300,\"minutes\":\"纪要\"}",
                         &r),
                     201);
    assert_int_equal(api(h, "POST", "/api/v1/meetings", t_admin,
                         "{\"unit\":\"P\",\"title\":\"会\",\"kind\":\"conference\","
                         "\"day\":\"2026-01-10\",\"attendees\":-1}",
                         &r),
                     400);
    expect_error(&r, 400, "attendees");
    assert_int_equal(api(h, "POST", "/api/v1/meetings", t_admin,
                         "{\"unit\":\"P\",\"title\":\"\",\"kind\":\"conference\","
                         "\"day\":\"2026-01-11\"}",
                         &r),
                     400);
    expect_error(&r, 400, "title");
    assert_int_equal(api(h, "GET", "/api/v1/meetings?unit=P&subtree=1&limit=1", t_admin, NULL,
                         &r),
                     200);
    assert_int_equal(body_int(&r, "total"), 1);
    assert_true(body_has(&r, "\"attendees\""));

    /* pages: the lists, their exports, a commendation's page with its citations */
    login_as(h, "c1staff");
    assert_int_equal(request(h, "GET", "/commendations?unit=C1&subtree=1", NULL, NULL, 0, &r),
                     200);
    assert_true(body_has(&r, "全市优秀组工干部"));
    assert_true(body_has(&r, "/commendations/export.xlsx"));
    assert_true(body_has(&r, "/commendations/import"));
    snprintf(path, sizeof(path), "/commendations/%lld", cid);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "李干事"));
    assert_true(body_has(&r, "扎根基层&lt;b&gt;"));
    assert_int_equal(request(h, "GET", "/commendations/export.csv?unit=C1&subtree=1", NULL, NULL,
                             0, &r),
                     200);
    assert_true(csv_has_cell(&r, 2, "全市优秀组工干部"));
    assert_int_equal(request(h, "GET", "/commendations/export.xlsx?unit=C1&subtree=1", NULL, NULL,
                             0, &r),
                     200);
    assert_true(r.body.len > 4 && memcmp(r.body.data, "PK", 2) == 0);
    /* media narrow by the outlet's level and by the report's kind, the form keeping both */
    assert_int_equal(request(h, "GET", "/media?unit=C1&subtree=1&level=city", NULL, NULL, 0, &r),
                     200);
    assert_true(body_has(&r, "href=\"https://example.org/a\""));
    assert_true(body_has(&r, "<option value=\"city\" selected>"));
    assert_int_equal(request(h, "GET", "/media?unit=C1&subtree=1&level=central", NULL, NULL, 0,
                             &r),
                     200);
    assert_false(body_has(&r, "甲县纪实"));
    assert_int_equal(request(h, "GET", "/media?unit=C1&subtree=1&level=city&kind=report", NULL,
                             NULL, 0, &r),
                     200);
    assert_true(body_has(&r, "甲县纪实"));
    assert_int_equal(request(h, "GET", "/media?unit=C1&subtree=1&kind=broadcast", NULL, NULL, 0,
                             &r),
                     200);
    assert_false(body_has(&r, "甲县纪实"));
    assert_int_equal(api(h, "GET", "/api/v1/media?unit=C1&subtree=1&kind=article", t_c1, NULL, &r),
                     200);
    assert_int_equal(body_int(&r, "total"), 0);
    assert_int_equal(api(h, "GET", "/api/v1/media?unit=C1&subtree=1&kind=city", t_c1, NULL, &r),
                     400);
    expect_error(&r, 400, "kind");
    assert_int_equal(request(h, "GET", "/media/export.csv?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(csv_has_cell(&r, 3, "一市日报"));
    assert_int_equal(request(h, "GET", "/media/export.xlsx?unit=K1", NULL, NULL, 0, &r), 200);
    assert_int_equal(request(h, "GET", "/meetings", NULL, NULL, 0, &r), 200);
    assert_int_equal(request(h, "GET", "/meetings/export.csv", NULL, NULL, 0, &r), 200);
    assert_int_equal(request(h, "GET", "/meetings/export.xlsx", NULL, NULL, 0, &r), 200);
    /* another city's staff: the commendation is missing, the list of C1 too */
    CURL *other = client_new();
    login_as(other, "c2staff");
    assert_int_equal(request(other, "GET", path, NULL, NULL, 0, &r), 404);
    assert_int_equal(request(other, "GET", "/commendations?unit=C1", NULL, NULL, 0, &r), 404);

    /* the create forms: the error beside its field, what was typed kept; then saved */
    assert_int_equal(request(h, "GET", "/media/new", NULL, NULL, 0, &r), 200);
    assert_int_equal(post_form(h, "/media/new", "/media/new",
                               "unit=K1&title=%E6%8A%A5%E9%81%93&outlet=%E6%97%A5%E6%8A%A5"
                               "&level=city&kind=report&day=2026-05-05&link=javascript%3Aalert(1)",
                               &r),
                     400);
    assert_true(body_has(&r, "field-error"));
    assert_true(body_has(&r, "value=\"2026-05-05\""));
    assert_int_equal(post_form(h, "/media/new", "/media/new",
                               "unit=K1&title=%E6%8A%A5%E9%81%93&outlet=%E6%97%A5%E6%8A%A5"
                               "&level=province&kind=report&day=2026-05-05&link=",
                               &r),
                     303);
    assert_int_equal(request(h, "GET", "/meetings/new", NULL, NULL, 0, &r), 200);
    assert_int_equal(post_form(h, "/meetings/new", "/meetings/new",
                               "unit=C1&title=&kind=forum&day=2026-05-05", &r),
                     400);
    assert_true(body_has(&r, "field-error"));
    assert_int_equal(post_form(h, "/meetings/new", "/meetings/new",
                               "unit=C1&title=%E5%BA%A7%E8%B0%88%E4%BC%9A&kind=forum"
                               "&day=2026-05-05&attendees=12&minutes=%E7%BA%AA%E8%A6%81",
                               &r),
                     303);
    assert_int_equal(request(h, "GET", "/commendations/new?people=K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "李干事")); /* the people of K1 with their ids */
    snprintf(path, sizeof(path), ">%lld<", w.k1_person);
    assert_true(body_has(&r, path));
    snprintf(body, sizeof(body),
             "unit=C1&title=%%E8%%A1%%A8%%E5%%BD%%B0&level=city&day=2026-05-06&persons=%lld",
             w.k3_person);
    assert_int_equal(post_form(h, "/commendations/new", "/commendations/new", body, &r), 400);
    assert_true(body_has(&r, "field-error"));
    snprintf(body, sizeof(body),
             "unit=C1&title=%%E8%%A1%%A8%%E5%%BD%%B0&level=city&day=2026-05-06"
             "&persons=%lld+%%E4%%BA%%8B%%E8%%BF%%B9%%0D%%0A%lld",
             w.k1_person, w.k2_person);
    assert_int_equal(post_form(h, "/commendations/new", "/commendations/new", body, &r), 303);
    assert_int_equal(api(h, "GET", "/api/v1/commendations?unit=C1&from=2026-05-06", t_c1, NULL,
                         &r),
                     200);
    assert_int_equal(body_int(&r, "total"), 1);

    /* the CSV upload: all or nothing */
    assert_int_equal(request(h, "GET", "/meetings", NULL, NULL, 0, &r), 200);
    char csrf[128];
    assert_non_null(csrf_in(&r, csrf, sizeof(csrf)));
    curl_mime *mime = curl_mime_init(h);
    mime_add(mime, "csrf", csrf, NULL, NULL);
    mime_add(mime, "file",
             "unit,title,kind,day,attendees,minutes\nC1,学习会,study,2026-03-01,20,\n",
             "meetings.csv", "text/csv");
    assert_int_equal(request_mime(h, "POST", "/meetings/import", NULL, NULL, 0, mime, &r), 303);
    curl_mime_free(mime);
    mime = curl_mime_init(h);
    mime_add(mime, "csrf", csrf, NULL, NULL);
    mime_add(mime, "file",
             "unit,title,kind,day,attendees,minutes\nC1,学习会,study,2026-03-01,20,\n"
             "C1,坏,party,2026-03-01,,\n",
             "meetings.csv", "text/csv");
    assert_int_equal(request_mime(h, "POST", "/meetings/import", NULL, NULL, 0, mime, &r), 400);
    assert_true(body_has(&r, "meetings.csv 第3行“类型”列"));
    curl_mime_free(mime);
    for (int i = 0; i < 2; i++) {
        static const char *const targets[] = { "/media/import", "/commendations/import" };
        static const char *const files[] = {
            "unit,title,outlet,level,kind,day,link\nK1,t,o,city,report,2026-03-01,\n",
            "unit,title,level,day,person,citation\nC1,t,city,2026-03-01,999999,\n",
        };
        mime = curl_mime_init(h);
        mime_add(mime, "csrf", csrf, NULL, NULL);
        mime_add(mime, "file", files[i], "x.csv", "text/csv");
        assert_int_equal(request_mime(h, "POST", targets[i], NULL, NULL, 0, mime, &r),
                         i ? 400 : 303);
        curl_mime_free(mime);
    }
    assert_int_equal(api(h, "GET", "/api/v1/meetings?unit=C1", t_c1, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 2);

    resp_free(&r);
    curl_easy_cleanup(other);
    curl_easy_cleanup(h);
    server_stop(srv);
}

int test_chronicle(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_validation, reset_clock),
        cmocka_unit_test_teardown(test_rollup, reset_clock),
        cmocka_unit_test_teardown(test_list, reset_clock),
        cmocka_unit_test_teardown(test_import, reset_clock),
        cmocka_unit_test_teardown(test_pages, reset_clock),
    };
    return cmocka_run_group_tests_name("chronicle", tests, NULL, NULL);
}
