/*
 * Tests of opinion solicitation and the rectification ledger (src/opinion; DESIGN.md mechanisms
 * 3 and 4): the roll-up counts against hand-counted fixtures (collected and consolidated, per
 * channel), scope, bad input leaving the store unchanged, search, import, and over real loopback
 * HTTP the public cycle (submit, track, merge, problem, measure, verify, reply, rate), the
 * honeypot, the public rate limit and the throttle on wrong tracking codes, anonymity as read
 * from the schema and the rows, CSV exports that cannot carry formulas, and the API's required
 * and boolean fields. No mocks.
 */
#define _GNU_SOURCE /* strcasestr */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "auth/audit.h"
#include "auth/throttle.h"
#include "core/buf.h"
#include "core/xlsx.h"
#include "opinion/opinion.h"
#include "opinion/rectification.h"
#include "report/indicator.h"

/* ---- helpers: the store ---- */

struct world {
    struct db *db;    /* the store */
    struct actor sys; /* the command line */
    struct actor p;   /* admin at P */
    struct actor c1;  /* staff at C1 */
    struct actor k1;  /* staff at K1 */
    struct actor k2;  /* staff at K2 */
    long long owner;  /* a person at K1, responsible for measures */
};

static void world_open(struct world *w)
{
    memset(w, 0, sizeof(*w));
    set_today("2036-03-10");
    w->db = open_fresh(NULL);
    actor_system(&w->sys);
    build_tree(w->db);
    add_account(w->db, "P", "padmin", "省管理员", "admin");
    actor_of(w->db, "padmin", &w->p);
    add_account(w->db, "C1", "c1", "市干部", "staff");
    actor_of(w->db, "c1", &w->c1);
    w->owner = add_account(w->db, "K1", "k1", "张三", "staff");
    actor_of(w->db, "k1", &w->k1);
    add_account(w->db, "K2", "k2", "李四", "staff");
    actor_of(w->db, "k2", &w->k2);
}

static void world_close(struct world *w)
{
    db_close(w->db);
    set_today(NULL);
}

static long long n_rows(struct db *db, const char *sql)
{
    return db_count(db, sql, NULL, -1);
}

/* Row counts of every table the opinion model writes, and of the audit log. */
static char *store_counts(struct db *db)
{
    static const char *const tables[] = { "opinion",  "problem",  "problem_opinion", "measure",
                                          "campaign", "outreach", "search",          "audit" };
    struct buf b;
    buf_init(&b, 4096);
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        char sql[96];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
        buf_addf(&b, "%s=%lld ", tables[i], n_rows(db, sql));
    }
    buf_addf(&b, "replied=%lld rated=%lld merged=%lld states=%lld",
             n_rows(db, "SELECT count(*) FROM opinion WHERE reply IS NOT NULL"),
             n_rows(db, "SELECT count(*) FROM opinion WHERE rating IS NOT NULL"),
             n_rows(db, "SELECT count(*) FROM opinion WHERE consolidated_into IS NOT NULL"),
             n_rows(db, "SELECT count(*) FROM measure WHERE state <> 'open'"));
    return buf_detach(&b, NULL);
}

static void expect_same(const char *before, char *after, const char *what)
{
    if (strcmp(before, after) != 0)
        fail_msg("%s changed the store:\n  %s\n  %s", what, before, after);
    free(after);
}

static long long mk_opinion(struct world *w, const struct actor *who, const char *unit,
                            const char *channel, const char *area, const char *content)
{
    struct opinion_input in = {
        .channel = channel, .content = content, .area = area, .target_unit = unit
    };
    struct err e = { 0 };
    long long id = 0;
    enum result r = opinion_add(w->db, who, &in, &id, &e);
    if (r != RES_OK)
        fail_msg("opinion_add %s as %s: %d %s %s", content, who->login, r, e.field ? e.field : "-",
                 e.msg ? e.msg : "-");
    return id;
}

static void do_merge(struct world *w, const struct actor *who, long long id, long long into)
{
    struct err e = { 0 };
    if (opinion_merge(w->db, who, id, into, &e) != RES_OK)
        fail_msg("merge %lld into %lld: %s %s", id, into, e.field ? e.field : "-",
                 e.msg ? e.msg : "-");
}

static long long mk_problem(struct world *w, const struct actor *who, const char *unit,
                            const long long *ids, size_t n)
{
    struct problem_input in = {
        .unit = unit, .title = "窗口服务作风不实", .area = "style", .opinions = ids, .n_opinions = n
    };
    struct err e = { 0 };
    long long id = 0;
    if (problem_add(w->db, who, &in, &id, &e) != RES_OK)
        fail_msg("problem_add: %s %s", e.field ? e.field : "-", e.msg ? e.msg : "-");
    return id;
}

static long long mk_measure(struct world *w, const struct actor *who, long long problem,
                            long long owner, const char *deadline)
{
    struct measure_input in = {
        .problem = problem, .title = "建立限时办结制度", .owner = owner, .deadline = deadline
    };
    struct err e = { 0 };
    long long id = 0;
    if (measure_add(w->db, who, &in, &id, &e) != RES_OK)
        fail_msg("measure_add: %s %s", e.field ? e.field : "-", e.msg ? e.msg : "-");
    /* its owner hears of it outside the system too (taizhang notify) */
    assert_int_equal(db_count(w->db, "SELECT person_id FROM outbox WHERE kind ="
                                     " 'measure.assigned' ORDER BY id DESC LIMIT 1", NULL, -1),
                     owner);
    return id;
}

static struct rectification_stats stats_of(struct world *w, const struct actor *who,
                                           const char *unit)
{
    struct rectification_stats s;
    struct err e = { 0 };
    if (rectification_stats(w->db, who, unit, NULL, NULL, &s, &e) != RES_OK)
        fail_msg("stats %s as %s: %s", unit, who->login, e.msg ? e.msg : "-");
    return s;
}

static int channel_index(const char *code)
{
    for (int i = 0; i < 9; i++)
        if (strcmp(channel_codes[i], code) == 0)
            return i;
    fail_msg("no channel %s", code);
    return -1;
}

/* One expected roll-up line: collected and consolidated, per channel as "web:2/2 forum:3/1". */
static void expect_counts(struct world *w, const char *unit, long long collected,
                          long long consolidated, const char *per_channel)
{
    struct rectification_stats s = stats_of(w, &w->p, unit);
    if (s.opinions != collected || s.consolidated != consolidated)
        fail_msg("%s: %lld collected, %lld consolidated; want %lld, %lld", unit, s.opinions,
                 s.consolidated, collected, consolidated);
    long long want[9] = { 0 }, want_c[9] = { 0 };
    char name[16];
    long long n, c;
    int used;
    for (const char *p = per_channel; sscanf(p, " %15[a-z]:%lld/%lld%n", name, &n, &c, &used) == 3;
         p += used) {
        want[channel_index(name)] = n;
        want_c[channel_index(name)] = c;
    }
    for (int i = 0; i < 9; i++)
        if (s.by_channel[i] != want[i] || s.by_channel_consolidated[i] != want_c[i])
            fail_msg("%s %s: %lld/%lld, want %lld/%lld", unit, channel_codes[i], s.by_channel[i],
                     s.by_channel_consolidated[i], want[i], want_c[i]);
}

/* Every row of the roll-up tables with a count, in key order. */
static char *tally_snapshot(struct db *db)
{
    static const char *const sql[] = {
        "SELECT * FROM opinion_tally WHERE collected OR consolidated OR replied OR satisfied"
        " OR basic OR dissatisfied ORDER BY 1, 2, 3",
        "SELECT * FROM measure_tally WHERE problems OR measures ORDER BY 1, 2",
        "SELECT * FROM measure_open WHERE n ORDER BY 1, 2",
        "SELECT * FROM outreach_tally ORDER BY 1, 2, 3",
    };
    struct buf b;
    buf_init(&b, 1 << 20);
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        assert_int_equal(sqlite3_exec(db->h, sql[i], test_snap_row, &b, NULL), SQLITE_OK);
    assert_int_equal(b.err, 0);
    return buf_detach(&b, NULL);
}

/* The kept roll-up counts equal a rebuild from the records. */
static void expect_tally_rebuilds_same(struct db *db)
{
    char *kept = tally_snapshot(db);
    assert_int_equal(opinion_tally_rebuild(db), RES_OK);
    char *rebuilt = tally_snapshot(db);
    assert_string_equal(kept, rebuilt);
    free(kept);
    free(rebuilt);
}

static void count_row(void *ctx, const struct opinion *o)
{
    (void)o;
    ++*(long long *)ctx;
}

/* The total opinion_list gives for a unit, checked against the rows it lists. */
static long long list_total(struct world *w, const char *unit, int subtree, const char *channel)
{
    struct opinion_filter f = {
        .unit = unit, .subtree = subtree, .channel = channel, .limit = 1000
    };
    long long total = -1, rows = 0;
    struct err e = { 0 };
    assert_int_equal(opinion_list(w->db, &w->p, &f, count_row, &rows, &total, &e), RES_OK);
    assert_int_equal(rows, total);
    return total;
}

/* ---- model tests ---- */

/* The fixture of the roll-up test, counted by hand:
 *   K1: web x2 (public), forum x3 merged to one, visit x1   -> 6 collected, 4 consolidated
 *   K2: letter x2 merged to one                              -> 2, 1
 *   C1: hotline x1                                           -> 1, 1
 *   C2: box x1                                               -> 1, 1
 * so C1's subtree 9 / 6 and P's 10 / 7. */
static void test_rollup_counts(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct opinion_input pub = { .content = "窗口办事拖拉", .area = "style", .target_unit = "K1" };
    char code[TRACKING_TEXT], code2[TRACKING_TEXT];
    struct err e = { 0 };
    assert_int_equal(opinion_submit_public(w.db, &pub, code, &e), RES_OK);
    assert_int_equal(opinion_submit_public(w.db, &pub, code2, &e), RES_OK);
    long long f1 = mk_opinion(&w, &w.k1, "K1", "forum", "work", "考核不透明");
    long long f2 = mk_opinion(&w, &w.k1, "K1", "forum", "work", "考核标准不公开");
    long long f3 = mk_opinion(&w, &w.c1, "K1", "forum", "work", "考核结果不反馈");
    mk_opinion(&w, &w.k1, "K1", "visit", "life", "关心干部生活不够");
    long long l1 = mk_opinion(&w, &w.k2, "K2", "letter", "thinking", "学习流于形式");
    long long l2 = mk_opinion(&w, &w.k2, "K2", "letter", "thinking", "学习形式主义");
    mk_opinion(&w, &w.c1, "C1", "hotline", "ability", "业务能力不足");
    mk_opinion(&w, &w.p, "C2", "box", NULL, "意见箱来信");
    do_merge(&w, &w.k1, f2, f1);
    do_merge(&w, &w.c1, f3, f1);
    do_merge(&w, &w.k2, l2, l1);
    expect_counts(&w, "K1", 6, 4, "web:2/2 forum:3/1 visit:1/1");
    expect_counts(&w, "K2", 2, 1, "letter:2/1");
    expect_counts(&w, "C1", 9, 6, "web:2/2 forum:3/1 visit:1/1 letter:2/1 hotline:1/1");
    expect_counts(&w, "C2", 1, 1, "box:1/1");
    expect_counts(&w, "P", 10, 7, "web:2/2 forum:3/1 visit:1/1 letter:2/1 hotline:1/1 box:1/1");
    /* the ledger's totals: from the roll-up when unfiltered, counted when filtered */
    assert_int_equal(list_total(&w, "P", 1, NULL), 10);
    assert_int_equal(list_total(&w, "C1", 1, NULL), 9);
    assert_int_equal(list_total(&w, "C1", 0, NULL), 1);
    /* a unit's own, from the roll-up: its subtree's less its children's */
    assert_int_equal(list_total(&w, "K1", 0, NULL), 6);
    assert_int_equal(list_total(&w, "P", 0, NULL), 0);
    assert_int_equal(list_total(&w, "P", 1, "forum"), 3);
    struct rectification_stats s = stats_of(&w, &w.p, "P");
    assert_int_equal(s.by_area[1], 3); /* work */
    assert_int_equal(s.by_area[2], 2); /* style */
    assert_int_equal(s.to_body, 10);
    /* a merged opinion cannot take merges, and merging it again is refused */
    assert_int_equal(opinion_merge(w.db, &w.k1, f1, f2, &e), RES_CONFLICT);
    expect_counts(&w, "K1", 6, 4, "web:2/2 forum:3/1 visit:1/1");

    /* problems and measures: two at K1 (one verified), one overdue at K2 */
    long long ids[] = { f1 };
    long long prob = mk_problem(&w, &w.k1, "K1", ids, 1);
    long long m1 = mk_measure(&w, &w.k1, prob, w.owner, "2036-12-31");
    mk_measure(&w, &w.k1, prob, w.owner, "2036-12-31");
    long long k2_owner = n_rows(w.db, "SELECT id FROM person WHERE name = '李四'");
    long long prob2 = mk_problem(&w, &w.k2, "K2", NULL, 0);
    mk_measure(&w, &w.k2, prob2, k2_owner, "2036-03-01");
    assert_int_equal(measure_start(w.db, &w.k1, m1, &e), RES_OK);
    assert_int_equal(measure_start(w.db, &w.k1, m1, &e), RES_CONFLICT);
    assert_int_equal(measure_start(w.db, &w.k2, m1, &e), RES_NOT_FOUND);
    assert_int_equal(measure_implemented(w.db, &w.k1, m1, "制度已印发", &e), RES_OK);
    assert_int_equal(measure_verify(w.db, &w.c1, m1, &e), RES_OK);
    assert_int_equal(opinion_reply(w.db, &w.k1, f1, "已公开考核标准", &e), RES_OK);
    s = stats_of(&w, &w.p, "P");
    assert_int_equal(s.problems, 2);
    assert_int_equal(s.measures, 3);
    assert_int_equal(s.implemented, 1);
    assert_int_equal(s.verified, 1);
    assert_int_equal(s.overdue, 1);
    assert_int_equal(s.replied, 3); /* the consolidated opinion and the two merged into it */
    s = stats_of(&w, &w.p, "K1");
    assert_int_equal(s.problems, 1);
    assert_int_equal(s.overdue, 0);
    s = stats_of(&w, &w.p, "C2");
    assert_int_equal(s.measures, 0);

    /* a rating counts once per opinion; rating an opinion without a reply is refused */
    assert_int_equal(opinion_rate(w.db, code, "satisfied", &e), RES_NOT_FOUND);
    assert_int_equal(
        opinion_reply(w.db, &w.k1, n_rows(w.db, "SELECT min(id) FROM opinion"), "已整改", &e),
        RES_OK);
    s = stats_of(&w, &w.p, "K1");
    long long replied = s.replied;
    assert_int_equal(opinion_rate(w.db, code, "satisfied", &e) == RES_OK ||
                         opinion_rate(w.db, code2, "satisfied", &e) == RES_OK,
                     1);
    s = stats_of(&w, &w.p, "K1");
    assert_int_equal(s.satisfied, 1);
    assert_int_equal(s.replied, replied);

    /* outreach counts roll up */
    struct outreach_input o = {
        .unit = "K1", .kind = "forums", .count = 2, .attendees = 35, .day = "2036-03-02"
    };
    long long oid;
    assert_int_equal(outreach_add(w.db, &w.k1, &o, &oid, &e), RES_OK);
    o = (struct outreach_input){
        .unit = "K2", .kind = "letters", .count = 120, .day = "2036-03-03"
    };
    assert_int_equal(outreach_add(w.db, &w.k2, &o, &oid, &e), RES_OK);
    s = stats_of(&w, &w.p, "C1");
    assert_int_equal(s.forums, 2);
    assert_int_equal(s.letters, 120);
    assert_int_equal(s.attendees, 35);
    s = stats_of(&w, &w.p, "K2");
    assert_int_equal(s.forums, 0);

    /* the kept roll-up equals a rebuild from the rows */
    expect_tally_rebuilds_same(w.db);
    expect_audit_chain(w.db);
    world_close(&w);
}

/* An opinion merged after the reply still reaches its author, and counts as replied once. */
static void test_merge_after_reply(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err e = { 0 };
    long long a = mk_opinion(&w, &w.k1, "K1", "forum", "work", "考核不透明");
    long long b = mk_opinion(&w, &w.k1, "K1", "visit", "work", "考核不公开");
    long long c = mk_opinion(&w, &w.k1, "K1", "visit", "work", "考核结果不公开");
    assert_int_equal(opinion_reply(w.db, &w.k1, c, "另行答复", &e), RES_OK);
    assert_int_equal(opinion_reply(w.db, &w.k1, a, "已公开考核办法", &e), RES_OK);
    assert_int_equal(stats_of(&w, &w.p, "K1").replied, 2);
    do_merge(&w, &w.k1, b, a);
    do_merge(&w, &w.k1, c, a);
    assert_int_equal(stats_of(&w, &w.p, "K1").replied, 3);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM opinion WHERE reply = '已公开考核办法'"),
                     2);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM opinion WHERE reply = '另行答复'"), 1);
    expect_tally_rebuilds_same(w.db);
    world_close(&w);
}

static void test_period(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-15");
    mk_opinion(&w, &w.k1, "K1", "forum", "work", "一月意见");
    set_today("2036-02-15");
    mk_opinion(&w, &w.k1, "K1", "visit", "work", "二月意见");
    mk_opinion(&w, &w.k1, "K1", "visit", "work", "二月意见二");
    struct rectification_stats s;
    struct err e = { 0 };
    assert_int_equal(rectification_stats(w.db, &w.p, "P", "2036-02-01", "2036-02-28", &s, &e),
                     RES_OK);
    assert_int_equal(s.opinions, 2);
    assert_int_equal(rectification_stats(w.db, &w.p, "P", "2036-01-15", "2036-01-15", &s, &e),
                     RES_OK);
    assert_int_equal(s.opinions, 1);
    assert_int_equal(rectification_stats(w.db, &w.p, "P", "2036-13-01", NULL, &s, &e), RES_INVALID);
    world_close(&w);
}

static void count_of(void *ctx, const struct campaign *c)
{
    *(long long *)ctx = c->n_opinions;
}

static void quiet(void *ctx, int line, const struct err *err)
{
    (void)ctx;
    fail_msg("line %d: %s %s", line, err->field ? err->field : "-", err->msg ? err->msg : "-");
}

/* A campaign's opinions are counted as they are added, one by one or imported in bulk, and
 * agree with a recount; another campaign's and none's are not its. */
static void test_campaign_counts(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err e = { 0 };
    long long campaign = 0, other = 0, n = -1, id = 0;
    assert_int_equal(campaign_add(w.db, &w.p, "P", "征求意见", "2036-01-01", "2036-12-31", NULL, 0,
                                  &campaign, &e),
                     RES_OK);
    assert_int_equal(campaign_add(w.db, &w.p, "P", "另一次", "2036-01-01", "2036-12-31", NULL, 0,
                                  &other, &e),
                     RES_OK);
    assert_int_equal(campaign_get(w.db, &w.p, campaign, count_of, &n), RES_OK);
    assert_int_equal(n, 0);
    for (int i = 0; i < 2; i++) {
        const struct opinion_input in = { .channel = "forum", .content = "加强干部教育",
                                          .target_unit = "K1", .campaign = campaign };
        assert_int_equal(opinion_add(w.db, &w.p, &in, &id, &e), RES_OK);
    }
    mk_opinion(&w, &w.k1, "K1", "forum", "work", "不属于征求意见活动");
    static const char csv[] = "channel,content,area,target_unit,contact\n"
                              "letter,一,work,K1,\nletter,二,style,K2,\nweb,三,,C1,\n";
    const struct import_report rep = { .fn = quiet };
    long long added = 0;
    assert_int_equal(opinion_import(w.db, &w.p, campaign, csv, sizeof(csv) - 1, &added, &rep),
                     RES_OK);
    assert_int_equal(added, 3);
    assert_int_equal(campaign_get(w.db, &w.p, campaign, count_of, &n), RES_OK);
    assert_int_equal(n, 5);
    assert_int_equal(campaign_get(w.db, &w.p, other, count_of, &n), RES_OK);
    assert_int_equal(n, 0);
    char what[256] = "";
    if (indicator_verify(w.db, what, sizeof(what), NULL, NULL) != RES_OK)
        fail_msg("the counts differ from a recount: %s", what);
    world_close(&w);
}

static void test_scope(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    long long k1_op = mk_opinion(&w, &w.k1, "K1", "forum", "work", "甲县的意见");
    long long k2_op = mk_opinion(&w, &w.k2, "K2", "forum", "work", "乙县的意见");
    long long ids[] = { k1_op };
    long long prob = mk_problem(&w, &w.k1, "K1", ids, 1);
    long long m = mk_measure(&w, &w.k1, prob, w.owner, "2036-12-31");
    char *before = store_counts(w.db);
    struct err e = { 0 };
    long long id;
    struct opinion_input in = {
        .channel = "forum", .content = "越权录入", .area = "work", .target_unit = "K1"
    };
    assert_int_equal(opinion_add(w.db, &w.k2, &in, &id, &e), RES_NOT_FOUND);
    assert_string_equal(e.field, "target_unit");
    assert_int_equal(opinion_reply(w.db, &w.k2, k1_op, "越权答复", &e), RES_NOT_FOUND);
    assert_int_equal(opinion_merge(w.db, &w.k2, k2_op, k1_op, &e), RES_NOT_FOUND);
    assert_int_equal(opinion_merge(w.db, &w.k2, k1_op, k2_op, &e), RES_NOT_FOUND);
    struct problem_input pin = {
        .unit = "K2", .title = "越权", .area = "work", .opinions = ids, .n_opinions = 1
    };
    assert_int_equal(problem_add(w.db, &w.k2, &pin, &id, &e), RES_INVALID);
    pin.unit = "K1";
    pin.n_opinions = 0;
    assert_int_equal(problem_add(w.db, &w.k2, &pin, &id, &e), RES_NOT_FOUND);
    struct measure_input min = {
        .problem = prob, .title = "越权措施", .owner = w.owner, .deadline = "2036-12-31"
    };
    assert_int_equal(measure_add(w.db, &w.k2, &min, &id, &e), RES_NOT_FOUND);
    assert_int_equal(measure_implemented(w.db, &w.k2, m, "越权", &e), RES_NOT_FOUND);
    assert_int_equal(measure_verify(w.db, &w.k2, m, &e), RES_NOT_FOUND);
    struct outreach_input o = { .unit = "K1", .kind = "visits", .count = 3, .day = "2036-03-01" };
    assert_int_equal(outreach_add(w.db, &w.k2, &o, &id, &e), RES_NOT_FOUND);
    struct rectification_stats s;
    assert_int_equal(rectification_stats(w.db, &w.k2, "K1", NULL, NULL, &s, &e), RES_NOT_FOUND);
    expect_same(before, store_counts(w.db), "writes out of scope");
    free(before);
    world_close(&w);
}

static void test_bad_input(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    long long op = mk_opinion(&w, &w.k1, "K1", "forum", "work", "正常意见");
    long long ids[] = { op };
    long long prob = mk_problem(&w, &w.k1, "K1", ids, 1);
    long long m = mk_measure(&w, &w.k1, prob, w.owner, "2036-12-31");
    char *before = store_counts(w.db);
    char big[OPINION_TEXT_MAX * 3 + 8];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    struct {
        const char *channel, *content, *area, *unit, *field;
        enum result staff; /* what opinion_add answers; the public submission is RES_INVALID */
    } bad[] = {
        { "forum", "", "work", "K1", "content", RES_INVALID },
        { "forum", big, "work", "K1", "content", RES_INVALID },
        { "forum", "bad \xff\xfe utf-8", "work", "K1", "content", RES_INVALID },
        { "pigeon", "内容", "work", "K1", "channel", RES_INVALID },
        { "forum", "内容", "mood", "K1", "area", RES_INVALID },
        /* for staff an unknown unit is missing, as one outside their scope is */
        { "forum", "内容", "work", "NOPE", "target_unit", RES_NOT_FOUND },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct opinion_input in = { .channel = bad[i].channel,
                                    .content = bad[i].content,
                                    .area = bad[i].area,
                                    .target_unit = bad[i].unit };
        struct err e = { 0 };
        long long id;
        enum result r = opinion_add(w.db, &w.k1, &in, &id, &e);
        if (r != bad[i].staff || !e.field || strcmp(e.field, bad[i].field) != 0)
            fail_msg("case %zu: %d field %s, want %s", i, r, e.field ? e.field : "-", bad[i].field);
        char code[TRACKING_TEXT];
        /* the public channel is always "web" */
        if (strcmp(bad[i].field, "channel") != 0)
            assert_int_equal(opinion_submit_public(w.db, &in, code, &e), RES_INVALID);
    }
    struct err e = { 0 };
    long long id;
    struct measure_input min = { .problem = prob, .title = "无责任人", .deadline = "2036-12-31" };
    assert_int_equal(measure_add(w.db, &w.k1, &min, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "owner");
    min = (struct measure_input){ .problem = prob, .title = "无时限", .owner = w.owner };
    assert_int_equal(measure_add(w.db, &w.k1, &min, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "deadline");
    min.deadline = "2036-02-30";
    assert_int_equal(measure_add(w.db, &w.k1, &min, &id, &e), RES_INVALID);
    /* the unit itself may not verify, nor verify what is not implemented */
    assert_int_equal(measure_verify(w.db, &w.c1, m, &e), RES_CONFLICT);
    assert_int_equal(measure_implemented(w.db, &w.k1, m, "", &e), RES_INVALID);
    struct problem_input pin = { .unit = "K1", .title = "", .area = "work" };
    assert_int_equal(problem_add(w.db, &w.k1, &pin, &id, &e), RES_INVALID);
    pin = (struct problem_input){ .unit = "K1", .title = "问题", .area = "weather" };
    assert_int_equal(problem_add(w.db, &w.k1, &pin, &id, &e), RES_INVALID);
    assert_int_equal(opinion_reply(w.db, &w.k1, op, "", &e), RES_INVALID);
    assert_int_equal(opinion_merge(w.db, &w.k1, op, op, &e), RES_INVALID);
    assert_int_equal(opinion_rate(w.db, "ZZZZZZZZZZZZZZZZ", "satisfied", &e), RES_NOT_FOUND);
    struct outreach_input o = { .unit = "K1", .kind = "pigeons", .count = 3, .day = "2036-03-01" };
    assert_int_equal(outreach_add(w.db, &w.k1, &o, &id, &e), RES_INVALID);
    o = (struct outreach_input){ .unit = "K1", .kind = "visits", .count = -1, .day = "2036-03-01" };
    assert_int_equal(outreach_add(w.db, &w.k1, &o, &id, &e), RES_INVALID);
    assert_int_equal(
        opinion_attach(w.db, &w.k1, op, "run.exe", "application/x-msdownload", "MZ", 2, &id, &e),
        RES_INVALID);
    assert_int_equal(opinion_attach(w.db, &w.k1, op, "scan.pdf", "application/pdf", "%PDF",
                                    (size_t)OPINION_FILE_MAX + 1, &id, &e),
                     RES_INVALID);
    assert_int_equal(
        opinion_attach(w.db, &w.k2, op, "scan.pdf", "application/pdf", "%PDF", 4, &id, &e),
        RES_NOT_FOUND);
    expect_same(before, store_counts(w.db), "bad input");
    /* once implemented, the unit still may not verify its own measure; the level above may */
    assert_int_equal(measure_implemented(w.db, &w.k1, m, "制度已印发", &e), RES_OK);
    assert_int_equal(measure_verify(w.db, &w.k1, m, &e), RES_FORBIDDEN);
    assert_int_equal(measure_verify(w.db, &w.c1, m, &e), RES_OK);
    assert_int_equal(measure_verify(w.db, &w.c1, m, &e), RES_CONFLICT);
    free(before);
    world_close(&w);
}

struct hits {
    int n;           /* results */
    char kinds[256]; /* their kinds, comma separated */
};

static void on_hit(void *ctx, const char *kind, long long id, const char *snippet)
{
    struct hits *h = ctx;
    (void)id;
    (void)snippet;
    size_t len = strlen(h->kinds);
    snprintf(h->kinds + len, sizeof(h->kinds) - len, "%s%s", h->n++ ? "," : "", kind);
}

struct similar {
    int n;           /* opinions listed */
    long long first; /* the first of them */
};

static void on_similar_test(void *ctx, const struct opinion *o)
{
    struct similar *s = ctx;
    if (s->n++ == 0)
        s->first = o->id;
}

static void test_search_and_similar(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    long long a = mk_opinion(&w, &w.k1, "K1", "forum", "work", "干部考核标准不透明");
    long long b = mk_opinion(&w, &w.k1, "K1", "visit", "work", "希望公开考核结果");
    mk_opinion(&w, &w.k1, "K1", "visit", "life", "食堂饭菜太贵");
    long long k2 = mk_opinion(&w, &w.k2, "K2", "forum", "work", "乙县考核也不透明");
    struct hits h = { 0 };
    struct err e = { 0 };
    assert_int_equal(search_run(w.db, &w.k1, "考核", 50, on_hit, &h, &e), RES_OK);
    assert_int_equal(h.n, 2);
    memset(&h, 0, sizeof(h));
    assert_int_equal(search_run(w.db, &w.p, "考核", 50, on_hit, &h, &e), RES_OK);
    assert_int_equal(h.n, 3);
    memset(&h, 0, sizeof(h));
    assert_int_equal(search_run(w.db, &w.k1, "", 50, on_hit, &h, &e), RES_INVALID);
    /* public opinions are searched while they wait for the index, and after */
    struct opinion_input pub = { .content = "网上反映窗口排队太久", .target_unit = "K1" };
    char code[TRACKING_TEXT];
    assert_int_equal(opinion_submit_public(w.db, &pub, code, &e), RES_OK);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM search_queue"), 1);
    memset(&h, 0, sizeof(h));
    assert_int_equal(search_run(w.db, &w.k1, "排队", 50, on_hit, &h, &e), RES_OK);
    assert_int_equal(h.n, 1);
    memset(&h, 0, sizeof(h));
    assert_int_equal(search_run(w.db, &w.k2, "排队", 50, on_hit, &h, &e), RES_OK);
    assert_int_equal(h.n, 0);
    pub.content = "网上反映食堂";
    for (int i = 0; i < 70; i++)
        assert_int_equal(opinion_submit_public(w.db, &pub, code, &e), RES_OK);
    assert_true(n_rows(w.db, "SELECT count(*) FROM search_queue") < 64);
    memset(&h, 0, sizeof(h));
    assert_int_equal(search_run(w.db, &w.k1, "排队", 50, on_hit, &h, &e), RES_OK);
    assert_int_equal(h.n, 1);
    memset(&h, 0, sizeof(h));
    assert_int_equal(search_run(w.db, &w.k1, "食堂", 100, on_hit, &h, &e), RES_OK);
    assert_int_equal(h.n, 71); /* 70 public ones and the visit */
    /* similar to a: b shares 考核, the K2 opinion is out of K1's scope, a itself is left out */
    struct similar sim = { 0 };
    assert_int_equal(opinion_similar(w.db, &w.k1, a, 10, on_similar_test, &sim, &e), RES_OK);
    assert_int_equal(sim.n, 1);
    assert_int_equal(sim.first, b);
    memset(&sim, 0, sizeof(sim));
    assert_int_equal(opinion_similar(w.db, &w.p, a, 10, on_similar_test, &sim, &e), RES_OK);
    assert_int_equal(sim.n, 2);
    assert_int_equal(sim.first, k2); /* it shares 考核, 不透 and 透明 */
    assert_int_equal(opinion_similar(w.db, &w.k2, a, 10, on_similar_test, &sim, &e), RES_NOT_FOUND);
    world_close(&w);
}

/* ---- HTTP: the API as clients use it ---- */

struct http_fx {
    char path[TEST_PATH_LEN]; /* the database file */
    struct server *srv;       /* the running server */
    long long owner;          /* person id of k1, responsible for measures */
    char tok_admin[TOKEN_TEXT];
    char tok_c1[TOKEN_TEXT];
    char tok_k1[TOKEN_TEXT];
    char tok_k2[TOKEN_TEXT];
};

static struct http_fx hx;

static int http_setup(void **state)
{
    (void)state;
    memset(&hx, 0, sizeof(hx));
    set_today("2036-03-10");
    throttle_reset("p:127.0.0.1");
    throttle_reset("t:127.0.0.1");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return -1;
    struct db *db = open_fresh(hx.path);
    build_tree(db);
    add_account(db, "P", "admin", "管理员", "admin");
    add_account(db, "C1", "c1", "张市", "staff");
    hx.owner = add_account(db, "K1", "k1", "张三", "staff");
    add_account(db, "K2", "k2", "李四", "staff");
    add_token(db, "admin", hx.tok_admin);
    add_token(db, "c1", hx.tok_c1);
    add_token(db, "k1", hx.tok_k1);
    add_token(db, "k2", hx.tok_k2);
    db_close(db);
    hx.srv = test_server_start(hx.path, 0);
    return hx.srv ? 0 : -1;
}

static int http_teardown(void **state)
{
    (void)state;
    if (hx.srv)
        server_stop(hx.srv);
    hx.srv = NULL;
    curl_global_cleanup();
    throttle_reset("p:127.0.0.1");
    throttle_reset("t:127.0.0.1");
    set_today(NULL);
    return 0;
}

/* A read-only connection to the server's database. */
static struct db *peek(void)
{
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(hx.path, DB_F_READONLY, &msg);
    if (!db)
        fail_msg("db_open: %s", buf_str(&msg));
    buf_release(&msg);
    return db;
}

static char *counts_now(void)
{
    struct db *db = peek();
    char *s = store_counts(db);
    db_close(db);
    return s;
}

/* A string member of the response body (static memory). */
static const char *body_str(const struct resp *r, const char *key)
{
    static char out[1024];
    json_t *doc = body_json(r);
    const char *v = json_string_value(json_object_get(doc, key));
    if (!v)
        fail_msg("no string '%s' in %.300s", key, buf_str(&r->body));
    snprintf(out, sizeof(out), "%s", v);
    json_decref(doc);
    return out;
}

/* Submits a public opinion about K1 and returns its tracking code (static memory). */
static const char *submit_public(CURL *h, const char *content)
{
    static char code[64];
    struct resp r = { 0 };
    char json[1024];
    snprintf(json, sizeof(json), "{\"content\":\"%s\",\"area\":\"style\",\"target_unit\":\"K1\"}",
             content);
    if (api(h, "POST", "/api/v1/public/opinions", NULL, json, &r) != 201)
        fail_msg("public submission: %ld %.300s", r.status, buf_str(&r.body));
    snprintf(code, sizeof(code), "%s", body_str(&r, "tracking_code"));
    resp_free(&r);
    return code;
}

/* The id of the opinion whose content is text, as K1 staff list it; 0 when not listed. */
static long long listed_id(CURL *h, const char *token, const char *unit, const char *text)
{
    struct resp r = { 0 };
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/opinions?unit=%s", unit);
    if (api(h, "GET", path, token, NULL, &r) != 200) {
        resp_free(&r);
        return 0;
    }
    json_t *doc = body_json(&r), *o;
    size_t i;
    long long id = 0;
    json_array_foreach(json_object_get(doc, "opinions"), i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "content")), text) == 0)
            id = json_integer_value(json_object_get(o, "id"));
    }
    json_decref(doc);
    resp_free(&r);
    return id;
}

static void test_http_cycle(void **state)
{
    (void)state;
    CURL *h = client_new();
    struct resp r = { 0 };
    char path[256], json[512];
    const char *c = submit_public(h, "窗口办事拖拉,群众等候时间长");
    char code[64];
    snprintf(code, sizeof(code), "%s", c);
    assert_int_equal(strlen(code), 16);
    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s", code);
    assert_int_equal(api(h, "GET", path, NULL, NULL, &r), 200);
    assert_string_equal(body_str(&r, "state"), "received");
    assert_false(body_has(&r, "\"id\""));
    /* the code as people type it: lower case works too */
    char lower[64];
    for (size_t i = 0; i <= strlen(code); i++)
        lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s", lower);
    assert_int_equal(api(h, "GET", path, NULL, NULL, &r), 200);

    long long pub = listed_id(h, hx.tok_k1, "K1", "窗口办事拖拉,群众等候时间长");
    assert_true(pub > 0);
    assert_int_equal(api(h, "POST", "/api/v1/opinions", hx.tok_k1,
                         "{\"channel\":\"forum\",\"content\":\"窗口人员态度生硬\","
                         "\"area\":\"style\",\"target_unit\":\"K1\"}",
                         &r),
                     201);
    long long forum = body_int(&r, "id");
    /* consolidation: the forum opinion merges into the public one */
    snprintf(path, sizeof(path), "/api/v1/opinions/%lld/merge", forum);
    snprintf(json, sizeof(json), "{\"into\":%lld}", pub);
    assert_int_equal(api(h, "POST", path, hx.tok_k1, json, &r), 200);
    assert_int_equal(api(h, "GET", "/api/v1/stats/rectification?unit=K1", hx.tok_k1, NULL, &r),
                     200);
    assert_int_equal(body_int(&r, "opinions"), 2);
    assert_int_equal(body_int(&r, "consolidated"), 1);

    snprintf(json, sizeof(json),
             "{\"unit\":\"K1\",\"title\":\"窗口服务作风不实\",\"area\":\"style\","
             "\"opinions\":[%lld]}",
             pub);
    assert_int_equal(api(h, "POST", "/api/v1/problems", hx.tok_k1, json, &r), 201);
    long long prob = body_int(&r, "id");
    snprintf(json, sizeof(json),
             "{\"problem\":%lld,\"title\":\"建立限时办结制度\",\"owner\":%lld,"
             "\"deadline\":\"2036-12-31\",\"public\":true}",
             prob, hx.owner);
    assert_int_equal(api(h, "POST", "/api/v1/measures", hx.tok_k1, json, &r), 201);
    long long m = body_int(&r, "id");
    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s", code);
    assert_int_equal(api(h, "GET", path, NULL, NULL, &r), 200);
    assert_string_equal(body_str(&r, "state"), "classified");

    snprintf(path, sizeof(path), "/api/v1/measures/%lld/implemented", m);
    assert_int_equal(api(h, "POST", path, hx.tok_k1, "{\"evidence\":\"制度已印发\"}", &r), 200);
    snprintf(path, sizeof(path), "/api/v1/measures/%lld/verify", m);
    assert_int_equal(api(h, "POST", path, hx.tok_k1, "{}", &r), 403);
    assert_int_equal(api(h, "POST", path, hx.tok_c1, "{}", &r), 200);

    snprintf(path, sizeof(path), "/api/v1/opinions/%lld/reply", pub);
    assert_int_equal(
        api(h, "POST", path, hx.tok_k1, "{\"text\":\"已建立限时办结制度,感谢监督\"}", &r), 200);
    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s", code);
    assert_int_equal(api(h, "GET", path, NULL, NULL, &r), 200);
    assert_string_equal(body_str(&r, "state"), "replied");
    assert_string_equal(body_str(&r, "reply"), "已建立限时办结制度,感谢监督");
    /* the tracking page shows it too, escaped, with the rating form */
    snprintf(path, sizeof(path), "/track?code=%s", code);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "已建立限时办结制度"));
    assert_true(body_has(&r, "name=\"rating\""));

    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s/rating", code);
    assert_int_equal(api(h, "POST", path, NULL, "{\"rating\":\"great\"}", &r), 400);
    assert_int_equal(api(h, "POST", path, NULL, "{\"rating\":\"basic\"}", &r), 200);
    assert_int_equal(api(h, "GET", "/api/v1/stats/rectification?unit=P", hx.tok_admin, NULL, &r),
                     200);
    json_t *doc = body_json(&r);
    assert_int_equal(json_integer_value(json_object_get(doc, "implemented")), 1);
    assert_int_equal(json_integer_value(json_object_get(doc, "verified")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "ratings"), "basic")),
                     1);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(doc, "by_channel"), "forum")), 1);
    assert_int_equal(json_integer_value(
                         json_object_get(json_object_get(doc, "consolidated_by_channel"), "forum")),
                     0);
    json_decref(doc);
    /* the implemented public measure is listed on the unit's public results page */
    assert_int_equal(request(h, "GET", "/results/K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "建立限时办结制度"));
    /* search of two Chinese characters, within scope */
    assert_int_equal(api(h, "GET", "/api/v1/search?q=%E7%AA%97%E5%8F%A3", hx.tok_k1, NULL, &r),
                     200);
    assert_true(body_has(&r, "窗口"));
    assert_int_equal(api(h, "GET", "/api/v1/search?q=%E7%AA%97%E5%8F%A3", hx.tok_k2, NULL, &r),
                     200);
    assert_false(body_has(&r, "窗口"));
    resp_free(&r);
    curl_easy_cleanup(h);
    struct db *db = peek();
    expect_audit_chain(db);
    /* every change of the cycle left its record */
    assert_int_equal(n_rows(db, "SELECT count(DISTINCT action) FROM audit WHERE action IN"
                                " ('opinion.public', 'opinion.add', 'opinion.merge',"
                                " 'problem.add', 'measure.add', 'measure.implemented',"
                                " 'measure.verify', 'opinion.reply', 'opinion.rate')"),
                     9);
    db_close(db);
}

static void test_http_scope_and_bad_input(void **state)
{
    (void)state;
    CURL *h = client_new();
    struct resp r = { 0 };
    char path[256];
    assert_int_equal(api(h, "POST", "/api/v1/opinions", hx.tok_k1,
                         "{\"channel\":\"visit\",\"content\":\"甲县走访意见\",\"area\":\"work\","
                         "\"target_unit\":\"K1\"}",
                         &r),
                     201);
    long long id = body_int(&r, "id");
    char *before = counts_now();
    /* another county neither reads nor writes it */
    assert_int_equal(listed_id(h, hx.tok_k2, "K2", "甲县走访意见"), 0);
    assert_int_equal(api(h, "GET", "/api/v1/opinions?unit=K1", hx.tok_k2, NULL, &r), 404);
    snprintf(path, sizeof(path), "/api/v1/opinions/%lld/reply", id);
    assert_int_equal(api(h, "POST", path, hx.tok_k2, "{\"text\":\"越权\"}", &r), 404);
    assert_int_equal(api(h, "GET", "/api/v1/stats/rectification?unit=K1", hx.tok_k2, NULL, &r),
                     404);
    /* a unit outside the caller's scope answers as a missing one does, 404 with the same body */
    assert_int_equal(api(h, "POST", "/api/v1/opinions", hx.tok_k2,
                         "{\"channel\":\"visit\",\"content\":\"越权\",\"area\":\"work\","
                         "\"target_unit\":\"K1\"}",
                         &r),
                     404);
    expect_error(&r, 404, "target_unit");
    char outside[512];
    snprintf(outside, sizeof(outside), "%s", buf_str(&r.body));
    assert_int_equal(api(h, "POST", "/api/v1/opinions", hx.tok_k2,
                         "{\"channel\":\"visit\",\"content\":\"越权\",\"area\":\"work\","
                         "\"target_unit\":\"NOPE\"}",
                         &r),
                     404);
    assert_string_equal(buf_str(&r.body), outside);
    /* bad input: a clear 4xx naming the field */
    static const struct {
        const char *path, *json, *field;
        long status;
    } bad[] = {
        { "/api/v1/opinions",
          "{\"channel\":\"pigeon\",\"content\":\"x\",\"area\":\"work\",\"target_unit\":\"K1\"}",
          "channel", 400 },
        { "/api/v1/opinions",
          "{\"channel\":\"forum\",\"content\":\"\",\"area\":\"work\",\"target_unit\":\"K1\"}",
          "content", 400 },
        { "/api/v1/opinions",
          "{\"channel\":\"forum\",\"content\":\"x\",\"area\":\"mood\",\"target_unit\":\"K1\"}",
          "area", 400 },
        { "/api/v1/opinions", "{\"channel\":\"forum\",\"content\":42}", "content", 400 },
        { "/api/v1/problems", "{\"unit\":\"K1\",\"title\":\"t\",\"area\":\"work\",\"opinions\":7}",
          "opinions", 400 },
        { "/api/v1/measures", "{\"problem\":1,\"title\":\"t\",\"deadline\":\"2036-12-31\"}",
          "owner", 400 },
        { "/api/v1/public/opinions", "{\"content\":\"\",\"target_unit\":\"K1\"}", "content", 400 },
        { "/api/v1/public/opinions", "{\"content\":\"x\",\"target_unit\":\"NOPE\"}", "target_unit",
          400 },
        { "/api/v1/public/opinions", "not json", NULL, 400 },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        api(h, "POST", bad[i].path, strstr(bad[i].path, "public") ? NULL : hx.tok_k1, bad[i].json,
            &r);
        expect_error(&r, bad[i].status, bad[i].field);
    }
    /* an unknown tracking code: 404 with the same body as any other unknown code */
    assert_int_equal(api(h, "GET", "/api/v1/public/opinions/ZZZZZZZZZZZZ", NULL, NULL, &r), 404);
    char first[512];
    snprintf(first, sizeof(first), "%s", buf_str(&r.body));
    assert_int_equal(api(h, "GET", "/api/v1/public/opinions/0123456789ABCDEF", NULL, NULL, &r),
                     404);
    assert_string_equal(first, buf_str(&r.body));
    assert_int_equal(api(h, "POST", "/api/v1/public/opinions/ZZZZZZZZZZZZ/rating", NULL,
                         "{\"rating\":\"satisfied\"}", &r),
                     404);
    assert_int_equal(request(h, "GET", "/track?code=ZZZZZZZZZZZZ", NULL, NULL, 0, &r), 404);
    expect_same(before, counts_now(), "refused requests");
    free(before);
    resp_free(&r);
    curl_easy_cleanup(h);
}

/* Posts a form with the CSRF token of the page at form_page; returns the status. */
static long long peek_count(const char *sql)
{
    struct db *db = peek();
    long long n = n_rows(db, sql);
    db_close(db);
    return n;
}

/* A boolean field takes JSON true or false only (issue #13): "yes", 1, "false" or [] is refused
 * naming the field, and nothing is stored; null and absence leave the default (not public). */
static void test_http_strict_booleans(void **state)
{
    (void)state;
    CURL *h = client_new();
    struct resp r = { 0 };
    assert_int_equal(api(h, "POST", "/api/v1/problems", hx.tok_k1,
                         "{\"unit\":\"K1\",\"title\":\"布尔测试\",\"area\":\"work\"}", &r),
                     201);
    long long prob = body_int(&r, "id");
    static const char *const bad[] = { "\"yes\"", "\"no\"", "1", "0", "\"false\"", "[]", "{}" };
    char json[256];
    char *before = counts_now();
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(json, sizeof(json),
                 "{\"problem\":%lld,\"title\":\"t\",\"owner\":%lld,\"deadline\":\"2036-12-31\","
                 "\"public\":%s}",
                 prob, hx.owner, bad[i]);
        api(h, "POST", "/api/v1/measures", hx.tok_k1, json, &r);
        expect_error(&r, 400, "public");
    }
    expect_same(before, counts_now(), "measures with a public that is no boolean");
    free(before);
    static const struct {
        const char *value;
        int public;
    } good[] = { { "true", 1 }, { "false", 0 }, { "null", 0 }, { NULL, 0 } };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        snprintf(
            json, sizeof(json),
            "{\"problem\":%lld,\"title\":\"t\",\"owner\":%lld,\"deadline\":\"2036-12-31\"%s%s}",
            prob, hx.owner, good[i].value ? ",\"public\":" : "",
            good[i].value ? good[i].value : "");
        assert_int_equal(api(h, "POST", "/api/v1/measures", hx.tok_k1, json, &r), 201);
        char sql[96];
        snprintf(sql, sizeof(sql), "SELECT public FROM measure WHERE id = %lld",
                 body_int(&r, "id"));
        assert_int_equal(peek_count(sql), good[i].public);
    }
    resp_free(&r);
    curl_easy_cleanup(h);
}

/* Every field the README lists as required for the opinion API's POSTs, left out, is answered
 * 400 naming it, and nothing changes (issue #13): a missing target_unit filed a staff opinion at
 * the top of the tree, a missing unit, problem or into answered 404 as if something were unknown.
 */
static void test_http_required_fields(void **state)
{
    (void)state;
    CURL *h = client_new();
    struct resp r = { 0 };
    assert_int_equal(api(h, "POST", "/api/v1/opinions", hx.tok_admin,
                         "{\"channel\":\"forum\",\"content\":\"必填项测试\",\"area\":\"work\","
                         "\"target_unit\":\"K1\"}",
                         &r),
                     201);
    long long op = body_int(&r, "id");
    assert_int_equal(api(h, "POST", "/api/v1/problems", hx.tok_k1,
                         "{\"unit\":\"K1\",\"title\":\"必填项\",\"area\":\"work\"}", &r),
                     201);
    long long prob = body_int(&r, "id");
    char measure[256], merge[64], reply[64], implemented[64];
    snprintf(measure, sizeof(measure),
             "\"problem\":%lld,\"title\":\"t\",\"owner\":%lld,\"deadline\":\"2036-12-31\"", prob,
             hx.owner);
    snprintf(merge, sizeof(merge), "/api/v1/opinions/%lld/merge", op);
    snprintf(reply, sizeof(reply), "/api/v1/opinions/%lld/reply", op);
    char body[512];
    snprintf(body, sizeof(body), "{%s}", measure);
    assert_int_equal(api(h, "POST", "/api/v1/measures", hx.tok_k1, body, &r), 201);
    snprintf(implemented, sizeof(implemented), "/api/v1/measures/%lld/implemented",
             body_int(&r, "id"));
    /* each body is complete but for the field named */
    const struct {
        const char *path, *body, *field;
    } cases[] = {
        { "/api/v1/opinions", "{\"content\":\"c\",\"area\":\"work\",\"target_unit\":\"K1\"}",
          "channel" },
        { "/api/v1/opinions", "{\"channel\":\"forum\",\"area\":\"work\",\"target_unit\":\"K1\"}",
          "content" },
        { "/api/v1/opinions", "{\"channel\":\"forum\",\"content\":\"c\",\"area\":\"work\"}",
          "target_unit" },
        { "/api/v1/opinions",
          "{\"channel\":\"forum\",\"content\":\"c\",\"area\":\"work\",\"target_unit\":\"\"}",
          "target_unit" },
        { merge, "{}", "into" },
        { merge, "{\"into\":null}", "into" },
        { reply, "{}", "text" },
        { "/api/v1/problems", "{\"title\":\"t\",\"area\":\"work\",\"opinions\":[]}", "unit" },
        { "/api/v1/problems", "{\"unit\":\"K1\",\"area\":\"work\",\"opinions\":[]}", "title" },
        { "/api/v1/problems", "{\"unit\":\"K1\",\"title\":\"t\",\"opinions\":[]}", "area" },
        { "/api/v1/measures",
          "{\"title\":\"t\",\"owner\":1,\"deadline\":\"2036-12-31\",\"public\":true}", "problem" },
        { implemented, "{}", "evidence" },
        { "/api/v1/public/opinions", "{\"target_unit\":\"K1\"}", "content" },
    };
    char *before = counts_now();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* as the administrator at the top, whom no scope check stops first */
        api(h, "POST", cases[i].path, strstr(cases[i].path, "public") ? NULL : hx.tok_admin,
            cases[i].body, &r);
        if (r.status != 400)
            fail_msg("POST %s %s: %ld %s, expected 400 %s", cases[i].path, cases[i].body, r.status,
                     buf_str(&r.body), cases[i].field);
        expect_error(&r, 400, cases[i].field);
    }
    /* the measure fields other than problem, from a complete body each time */
    static const char *const measure_fields[] = { "title", "owner", "deadline" };
    for (size_t i = 0; i < 3; i++) {
        json_t *doc = json_loads(body, 0, NULL);
        assert_non_null(doc);
        json_object_del(doc, measure_fields[i]);
        char *text = json_dumps(doc, JSON_COMPACT);
        json_decref(doc);
        api(h, "POST", "/api/v1/measures", hx.tok_admin, text, &r);
        free(text);
        expect_error(&r, 400, measure_fields[i]);
    }
    expect_same(before, counts_now(), "requests without a required field");
    free(before);
    resp_free(&r);
    curl_easy_cleanup(h);
}

static void test_http_pages(void **state)
{
    (void)state;
    CURL *h = client_new(), *other = client_new();
    struct resp r = { 0 };
    char path[256], fields[1024];
    login_as(h, "k1");
    login_as(other, "k2");
    assert_int_equal(request(h, "GET", "/opinions?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "href=\"/opinions\""));

    /* the batch form: all or nothing, the rows kept on a refusal */
    long long before = peek_count("SELECT count(*) FROM opinion");
    assert_int_equal(post_form(h, "/opinions/batch", "/opinions/batch",
                               "channel=forum&target_unit=K1&content1=%E5%BA%A7%E8%B0%88"
                               "<script>x</script>&area1=work&content3=%E8%B5%B0%E8%AE%BF"
                               "&area3=mood",
                               &r),
                     400);
    assert_true(body_has(&r, "&lt;script&gt;x"));
    assert_int_equal(peek_count("SELECT count(*) FROM opinion"), before);
    assert_int_equal(post_form(h, "/opinions/batch", "/opinions/batch",
                               "channel=forum&target_unit=K1&content1=%E5%BA%A7%E8%B0%88"
                               "<script>x</script>&area1=work&content3=%E8%B5%B0%E8%AE%BF"
                               "%E6%84%8F%E8%A7%81&area3=",
                               &r),
                     303);
    assert_int_equal(peek_count("SELECT count(*) FROM opinion"), before + 2);
    /* about one named leader, counted apart from the leadership as a body */
    snprintf(fields, sizeof(fields),
             "channel=visit&target_unit=K1&target_person=%lld&content1=%%E4%%B8%%AA%%E4%%BA%%BA",
             hx.owner);
    assert_int_equal(post_form(h, "/opinions/batch", "/opinions/batch", fields, &r), 303);
    snprintf(path, sizeof(path), "SELECT count(*) FROM opinion WHERE target_person_id = %lld",
             hx.owner);
    assert_int_equal(peek_count(path), 1);
    assert_int_equal(api(h, "GET", "/api/v1/stats/rectification?unit=K1", hx.tok_k1, NULL, &r),
                     200);
    assert_int_equal(body_int(&r, "to_person"), 1);
    long long a = listed_id(h, hx.tok_k1, "K1", "座谈<script>x</script>");
    long long b = listed_id(h, hx.tok_k1, "K1", "走访意见");
    assert_true(a > 0 && b > 0);
    assert_int_equal(request(h, "GET", "/opinions?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "座谈&lt;script&gt;x"));
    assert_false(body_has(&r, "<script>x"));

    /* a form without its token changes nothing */
    snprintf(fields, sizeof(fields), "ids=%lld&action=reply&text=x", a);
    assert_int_equal(request(h, "POST", "/opinions/bulk", NULL, fields, 0, &r), 403);
    /* bulk reply to the selected, then merge b into a from the opinion's page */
    snprintf(fields, sizeof(fields),
             "ids=%lld&ids=%lld&action=reply&text=%%E7%%BB%%9F%%E4%%B8%%80%%E7%%AD%%94%%E5%%A4%%8D",
             a, b);
    assert_int_equal(post_form(h, "/opinions?unit=K1", "/opinions/bulk", fields, &r), 303);
    snprintf(path, sizeof(path),
             "SELECT count(*) FROM opinion WHERE reply = '统一答复' AND id IN (%lld, %lld)", a, b);
    assert_int_equal(peek_count(path), 2);
    snprintf(path, sizeof(path), "/opinions/%lld", a);
    char action[64];
    snprintf(action, sizeof(action), "/opinions/%lld/merge", b);
    snprintf(fields, sizeof(fields), "into=%lld", a);
    assert_int_equal(post_form(h, path, action, fields, &r), 303);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "座谈&lt;script&gt;x"));
    /* a file attached on the opinion's page, downloaded in scope only */
    char csrf[128];
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    csrf_in(&r, csrf, sizeof(csrf));
    curl_mime *mime = curl_mime_init(h);
    mime_add(mime, "csrf", csrf, NULL, NULL);
    mime_add(mime, "file", "纪要正文", "座谈会纪要.txt", "text/plain");
    snprintf(action, sizeof(action), "/opinions/%lld/attachments", a);
    assert_int_equal(request_mime(h, "POST", action, NULL, NULL, 0, mime, &r), 303);
    curl_mime_free(mime);
    long long file = peek_count("SELECT max(id) FROM attachment WHERE owner = 'opinion'");
    char file_path[64];
    snprintf(file_path, sizeof(file_path), "/opinions/attachments/%lld", file);
    assert_int_equal(request(h, "GET", file_path, NULL, NULL, 0, &r), 200);
    assert_string_equal(buf_str(&r.body), "纪要正文");
    assert_int_equal(request(other, "GET", file_path, NULL, NULL, 0, &r), 404);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "座谈会纪要.txt"));
    /* another county sees and answers nothing of it */
    assert_int_equal(request(other, "GET", path, NULL, NULL, 0, &r), 404);
    snprintf(action, sizeof(action), "/opinions/%lld/reply", a);
    assert_int_equal(post_form(other, "/opinions", action, "text=x", &r), 404);

    /* a problem from the opinion, a measure, implemented; the unit may not verify it */
    snprintf(fields, sizeof(fields),
             "unit=K1&title=%%E4%%BC%%9A%%E8%%AE%%AE%%E5%%A4%%AA%%E5%%A4%%9A&area=style"
             "&opinions=%lld",
             a);
    assert_int_equal(post_form(h, "/problems?unit=K1", "/problems", fields, &r), 303);
    long long prob = peek_count("SELECT max(id) FROM problem");
    snprintf(fields, sizeof(fields),
             "problem=%lld&title=%%E7%%B2%%BE%%E7%%AE%%80%%E4%%BC%%9A%%E8%%AE%%AE&owner=%lld"
             "&deadline=2036-12-31&public=1",
             prob, hx.owner);
    /* the list links each problem to the form of a new measure, which lists the unit's people */
    snprintf(path, sizeof(path), "/measures/new?problem=%lld", prob);
    assert_int_equal(request(h, "GET", "/problems?unit=K1", NULL, NULL, 0, &r), 200);
    snprintf(action, sizeof(action), "href=\"/measures/new?problem=%lld\"", prob);
    assert_true(body_has(&r, action));
    assert_false(body_has(&r, "name=\"owner\""));
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    snprintf(action, sizeof(action), "<option value=\"%lld\"", hx.owner);
    assert_true(body_has(&r, action) && body_has(&r, "会议太多"));
    assert_int_equal(post_form(h, path, "/measures", fields, &r), 303);
    long long m = peek_count("SELECT max(id) FROM measure");
    assert_int_equal(request(h, "GET", "/problems?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "会议太多") && body_has(&r, "精简会议"));
    snprintf(action, sizeof(action), "/measures/%lld/start", m);
    assert_int_equal(post_form(h, "/problems?unit=K1", action, "x=1", &r), 303);
    snprintf(path, sizeof(path),
             "SELECT count(*) FROM measure WHERE id = %lld AND state = 'in_progress'", m);
    assert_int_equal(peek_count(path), 1);
    snprintf(action, sizeof(action), "/measures/%lld/implemented", m);
    assert_int_equal(post_form(h, "/problems?unit=K1", action, "evidence=done", &r), 303);
    snprintf(action, sizeof(action), "/measures/%lld/verify", m);
    assert_int_equal(post_form(h, "/problems?unit=K1", action, "x=1", &r), 403);

    /* merging the selected without naming a target: into the first selected */
    long long x = 0, y = 0;
    assert_int_equal(api(h, "POST", "/api/v1/opinions", hx.tok_k1,
                         "{\"channel\":\"box\",\"content\":\"x1\",\"target_unit\":\"K1\"}", &r),
                     201);
    x = body_int(&r, "id");
    assert_int_equal(api(h, "POST", "/api/v1/opinions", hx.tok_k1,
                         "{\"channel\":\"box\",\"content\":\"y1\",\"target_unit\":\"K1\"}", &r),
                     201);
    y = body_int(&r, "id");
    snprintf(fields, sizeof(fields), "ids=%lld&ids=%lld&action=merge&into=", x, y);
    assert_int_equal(post_form(h, "/opinions?unit=K1", "/opinions/bulk", fields, &r), 303);
    snprintf(path, sizeof(path), "SELECT consolidated_into FROM opinion WHERE id = %lld", y);
    assert_int_equal(peek_count(path), x);
    snprintf(fields, sizeof(fields), "ids=%lld&action=merge&into=", x);
    assert_int_equal(post_form(h, "/opinions?unit=K1", "/opinions/bulk", fields, &r), 400);
    /* a campaign with outreach; the roll-up page says the report's sentence */
    assert_int_equal(post_form(h, "/campaigns", "/campaigns",
                               "unit=K1&title=t&starts=2036-03-01&ends=2036-03-31", &r),
                     303);
    long long campaign = peek_count("SELECT max(id) FROM campaign");
    snprintf(path, sizeof(path), "/campaigns/%lld", campaign);
    snprintf(action, sizeof(action), "/campaigns/%lld/outreach", campaign);
    assert_int_equal(
        post_form(h, path, action, "unit=K1&kind=forums&count=2&attendees=31&day=2036-03-02", &r),
        303);
    assert_int_equal(post_form(h, path, action, "unit=K1&kind=forums&count=-2&day=2036-03-02", &r),
                     400);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, ">31<"));
    assert_int_equal(request(h, "GET", "/rectification?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "共征求意见建议"));
    assert_int_equal(request(h, "GET", "/rectification?unit=K2", NULL, NULL, 0, &r), 404);
    assert_int_equal(request(h, "GET", "/search?q=%E8%B5%B0%E8%AE%BF", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "走访意见"));
    assert_int_equal(request(other, "GET", "/search?q=%E8%B5%B0%E8%AE%BF", NULL, NULL, 0, &r), 200);
    assert_false(body_has(&r, "走访意见"));
    assert_int_equal(request(h, "GET", "/opinions/export.csv?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "走访意见"));
    /* the same ledger as XLSX, the roll-up as CSV: the unit first, then the units below */
    assert_int_equal(request(h, "GET", "/opinions/export.xlsx?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(r.body.len > 2 && memcmp(r.body.data, "PK", 2) == 0);
    size_t part_len;
    char *sheet = xlsx_part(r.body.data, r.body.len, "xl/worksheets/sheet1.xml", &part_len);
    assert_non_null(sheet);
    assert_non_null(strstr(sheet, "走访意见"));
    free(sheet);
    assert_int_equal(request(h, "GET", "/rectification/export.csv?unit=K1", NULL, NULL, 0, &r),
                     200);
    assert_true(body_has(&r, "代码,单位,发出征求意见函(份)"));
    assert_true(body_has(&r, "\nK1,甲县委组织部,0,2,"));
    assert_int_equal(request(other, "GET", "/rectification/export.csv?unit=K1", NULL, NULL, 0, &r),
                     404);
    assert_int_equal(request(h, "GET", "/rectification/export.xlsx?unit=K1", NULL, NULL, 0, &r),
                     200);
    assert_true(r.body.len > 2 && memcmp(r.body.data, "PK", 2) == 0);
    resp_free(&r);
    curl_easy_cleanup(h);
    curl_easy_cleanup(other);
}

static void test_http_honeypot(void **state)
{
    (void)state;
    CURL *h = client_new();
    struct resp r = { 0 };
    char *before = counts_now();
    assert_int_equal(api(h, "POST", "/api/v1/public/opinions", NULL,
                         "{\"content\":\"机器人填写\",\"target_unit\":\"K1\","
                         "\"website\":\"http://spam.example\"}",
                         &r),
                     201);
    expect_same(before, counts_now(), "a honeypot submission");
    /* its code looks like any other and tracks nothing */
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s", body_str(&r, "tracking_code"));
    assert_int_equal(strlen(path), strlen("/api/v1/public/opinions/") + 16);
    assert_int_equal(api(h, "GET", path, NULL, NULL, &r), 404);
    /* the page form too: answered like a success, nothing kept */
    assert_int_equal(request(h, "GET", "/opinion/new", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "name=\"website\""));
    assert_int_equal(post_form(h, "/opinion/new", "/opinion/new",
                               "content=robot&target_unit=K1&website=http%3A%2F%2Fspam", &r),
                     200);
    expect_same(before, counts_now(), "a honeypot form");
    free(before);
    resp_free(&r);
    curl_easy_cleanup(h);
}

/* Calls fn for every value of every row of every table (the whole store). */
static int each_cell(void *ctx, int n, char **vals, char **cols)
{
    (void)cols;
    const char *needle = ctx;
    for (int i = 0; i < n; i++)
        if (vals[i] && strcasestr(vals[i], needle))
            return 1;
    return 0;
}

static int store_holds(struct db *db, const char *needle)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h,
                                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                                        " AND name NOT LIKE 'search_%' AND name NOT LIKE 'sqlite%'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int found = 0;
    while (!found && sqlite3_step(st) == SQLITE_ROW) {
        char sql[160];
        snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", sqlite3_column_text(st, 0));
        found = sqlite3_exec(db->h, sql, each_cell, (void *)needle, NULL) == SQLITE_ABORT;
    }
    sqlite3_finalize(st);
    return found;
}

static void test_http_anonymity(void **state)
{
    (void)state;
    CURL *h = client_new();
    curl_easy_setopt(h, CURLOPT_USERAGENT, "AnonProbe/7.7");
    struct resp r = { 0 };
    struct db *db = peek();
    long long sessions = n_rows(db, "SELECT count(*) FROM session");
    db_close(db);
    assert_int_equal(api(h, "POST", "/api/v1/public/opinions", NULL,
                         "{\"content\":\"匿名反映领导作风问题\",\"target_unit\":\"K1\"}", &r),
                     201);
    char code[64];
    snprintf(code, sizeof(code), "%s", body_str(&r, "tracking_code"));
    /* no cookie is set, so nothing ties the submission to a later request */
    assert_null(strcasestr(buf_str(&r.head), "set-cookie"));
    /* 16 characters of a 32-letter alphabet: 80 bits */
    assert_int_equal(strlen(code), 16);
    assert_int_equal(strspn(code, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), 16);

    db = peek();
    assert_int_equal(n_rows(db, "SELECT count(*) FROM session"), sessions);
    /* the schema: an opinion has no column for a client address, agent, session or time */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h,
                                        "SELECT name, type FROM pragma_table_info('opinion')", -1,
                                        &st, NULL),
                     SQLITE_OK);
    static const char *const allowed[] = {
        "id",      "unit_id",   "campaign_id", "channel",    "area",          "target_person_id",
        "content", "contact",   "day",         "account_id", "tracking_hash", "consolidated_into",
        "reply",   "reply_day", "rating",      "campaign_area",
    };
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(st, 0);
        int ok = 0;
        for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
            ok |= strcmp(col, allowed[i]) == 0;
        if (!ok)
            fail_msg("opinion has an unexpected column '%s'", col);
    }
    sqlite3_finalize(st);
    /* the row: no account, no contact, the day only, the code only as a 32-byte hash */
    assert_int_equal(n_rows(db,
                            "SELECT count(*) FROM opinion WHERE content = '匿名反映领导作风问题'"
                            " AND account_id IS NULL AND contact IS NULL AND day = '2036-03-10'"
                            " AND length(tracking_hash) = 32"),
                     1);
    /* nothing anywhere in the store holds the code, the address, the agent or the session */
    assert_false(store_holds(db, code));
    assert_false(store_holds(db, "127.0.0.1"));
    assert_false(store_holds(db, "AnonProbe"));
    /* the audit record says an opinion arrived, not which one */
    assert_int_equal(n_rows(db, "SELECT count(*) FROM audit WHERE action = 'opinion.public'"
                                " AND (object <> 'opinion' OR after LIKE '%匿名%')"),
                     0);
    /* ids of public opinions are random, so their order tells nothing about time */
    assert_true(n_rows(db, "SELECT max(id) FROM opinion WHERE account_id IS NULL") > (1LL << 40));
    db_close(db);
    resp_free(&r);
    curl_easy_cleanup(h);
}

static void test_http_rate_limit(void **state)
{
    (void)state;
    int port = test_port;
    throttle_reset("p:127.0.0.1");
    struct server *limited = test_server_start(hx.path, 3);
    assert_non_null(limited);
    CURL *h = client_new();
    struct resp r = { 0 };
    for (int i = 0; i < 3; i++)
        submit_public(h, "限流测试");
    char *before = counts_now();
    assert_int_equal(api(h, "POST", "/api/v1/public/opinions", NULL,
                         "{\"content\":\"限流测试\",\"target_unit\":\"K1\"}", &r),
                     429);
    expect_error(&r, 429, NULL);
    expect_same(before, counts_now(), "a throttled submission");
    free(before);
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(limited);
    throttle_reset("p:127.0.0.1");
    test_port = port;
}

/* Posts doc (taken) as JSON; returns the status. */
static long api_doc(CURL *h, const char *path, const char *token, json_t *doc, struct resp *r)
{
    char *body = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    long status = api(h, "POST", path, token, body, r);
    free(body);
    return status;
}

/* Fails unless the CSV body holds "'" + text in column col and not text itself. */
static void expect_text_cell(const struct resp *r, int col, const char *text)
{
    char want[512];
    snprintf(want, sizeof(want), "'%s", text);
    if (!csv_has_cell(r, col, want) || csv_has_cell(r, col, text))
        fail_msg("column %d: '%s' is not exported as text:\n%s", col, text, buf_str(&r->body));
}

/* An anonymous opinion that starts a formula reaches staff's CSV export as text (issue #13):
 * every text cell starting with = + - @, a tab or a carriage return gets a leading ', the content
 * and the reply alike; ids stay numbers. */
static void test_http_csv_formulas(void **state)
{
    (void)state;
    CURL *h = client_new();
    struct resp r = { 0 };
    static const char *const attack = "=HYPERLINK(\"http://evil.example/?q=1\",\"点此查看\")";
    assert_int_equal(api_doc(h, "/api/v1/public/opinions", NULL,
                             json_pack("{s:s, s:s}", "content", attack, "target_unit", "K1"), &r),
                     201);
    static const char *const staff[] = { "+1 窗口服务", "-1+2 考核", "@SUM(1,2) 食堂",
                                         "\t=1+1 制表符", "\r=1+1 回车" };
    long long last = 0;
    for (size_t i = 0; i < sizeof(staff) / sizeof(staff[0]); i++) {
        assert_int_equal(api_doc(h, "/api/v1/opinions", hx.tok_k1,
                                 json_pack("{s:s, s:s, s:s, s:s}", "channel", "forum", "content",
                                           staff[i], "area", "work", "target_unit", "K1"),
                                 &r),
                         201);
        last = body_int(&r, "id");
    }
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/opinions/%lld/reply", last);
    assert_int_equal(api(h, "POST", path, hx.tok_k1, "{\"text\":\"=1+1 已答复\"}", &r), 200);

    login_as(h, "k1");
    assert_int_equal(request(h, "GET", "/opinions/export.csv?unit=K1", NULL, NULL, 0, &r), 200);
    expect_text_cell(&r, 5, attack);
    for (size_t i = 0; i < sizeof(staff) / sizeof(staff[0]); i++)
        expect_text_cell(&r, 5, staff[i]);
    expect_text_cell(&r, 7, "=1+1 已答复");
    char id[32];
    snprintf(id, sizeof(id), "%lld", last);
    assert_true(csv_has_cell(&r, 0, id));
    assert_true(csv_has_cell(&r, 1, "2036-03-10"));
    resp_free(&r);
    curl_easy_cleanup(h);
}

/* The roll-up's CSV export: unit codes and names that start a formula are written as text, the
 * counts as numbers. */
static void test_http_rollup_csv_formulas(void **state)
{
    (void)state;
    CURL *h = client_new();
    struct resp r = { 0 };
    static const struct {
        const char *code, *name;
    } units[] = {
        { "-K9", "=1+1 乡" },
        { "K1_2", "+1 乡" },
        { "K1_3", "-1 乡" },
        { "K1_4", "@SUM(1,2) 乡" },
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        assert_int_equal(api_doc(h, "/api/v1/units", hx.tok_admin,
                                 json_pack("{s:s, s:s, s:s}", "code", units[i].code, "name",
                                           units[i].name, "parent", "K1"),
                                 &r),
                         201);
    login_as(h, "k1");
    assert_int_equal(request(h, "GET", "/rectification/export.csv?unit=K1", NULL, NULL, 0, &r),
                     200);
    expect_text_cell(&r, 0, "-K9");
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        expect_text_cell(&r, 1, units[i].name);
    assert_true(csv_has_cell(&r, 0, "K1"));
    assert_true(csv_has_cell(&r, 0, "K1_2"));
    assert_true(csv_has_cell(&r, 2, "0"));
    resp_free(&r);
    curl_easy_cleanup(h);
}

/* The Retry-After header's seconds, or -1 when there is none. */
static long retry_after(const struct resp *r)
{
    const char *h = strcasestr(buf_str(&r->head), "\nRetry-After:");
    return h ? strtol(h + strlen("\nRetry-After:"), NULL, 10) : -1;
}

/* Wrong tracking codes are throttled per client (issue #13): with a limit of 3, three failed
 * lookups on any of the four routes (status and rating, API and page) lock the client out of all
 * of them, right codes included, for the window: 429 with the JSON envelope on the API, a
 * translated page on the HTML routes. Right codes never count; submissions keep their own
 * budget. */
static void test_http_track_throttle(void **state)
{
    (void)state;
    int port = test_port;
    throttle_reset("p:127.0.0.1");
    throttle_reset("t:127.0.0.1");
    struct server *limited = test_server_start(hx.path, 3);
    assert_non_null(limited);
    CURL *h = client_new();
    struct resp r = { 0 };
    char code[64], path[128], form[160];
    snprintf(code, sizeof(code), "%s", submit_public(h, "查询码限流测试"));
    /* right codes do not count, however often */
    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s", code);
    for (int i = 0; i < 5; i++)
        assert_int_equal(api(h, "GET", path, NULL, NULL, &r), 200);
    snprintf(path, sizeof(path), "/track?code=%s", code);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    /* three wrong ones, one per route; each is still answered 404 */
    assert_int_equal(api(h, "GET", "/api/v1/public/opinions/ZZZZZZZZZZZZZZZZ", NULL, NULL, &r),
                     404);
    assert_int_equal(request(h, "GET", "/track?code=YYYYYYYYYYYYYYYY", NULL, NULL, 0, &r), 404);
    assert_int_equal(api(h, "POST", "/api/v1/public/opinions/XXXXXXXXXXXXXXXX/rating", NULL,
                         "{\"rating\":\"basic\"}", &r),
                     404);
    char *before = counts_now();
    /* now every lookup is refused, the right code too */
    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s", code);
    assert_int_equal(api(h, "GET", path, NULL, NULL, &r), 429);
    expect_error(&r, 429, NULL);
    assert_true(body_has(&r, "\"too_many\""));
    assert_false(body_has(&r, "查询码限流测试"));
    long wait = retry_after(&r);
    assert_true(wait > 0 && wait <= 900);
    assert_int_equal(api(h, "GET", "/api/v1/public/opinions/WWWWWWWWWWWWWWWW", NULL, NULL, &r),
                     429);
    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s/rating", code);
    assert_int_equal(api(h, "POST", path, NULL, "{\"rating\":\"basic\"}", &r), 429);
    expect_error(&r, 429, NULL);
    /* the page: translated, in Chinese by default and in English when asked */
    snprintf(path, sizeof(path), "/track?code=%s", code);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 429);
    assert_true(body_has(&r, "尝试次数过多"));
    assert_false(body_has(&r, "查询码限流测试"));
    assert_true(retry_after(&r) > 0);
    snprintf(path, sizeof(path), "/track?code=%s&lang=en", code);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 429);
    assert_true(body_has(&r, "too many attempts"));
    snprintf(form, sizeof(form), "code=%s&rating=satisfied", code);
    assert_int_equal(post_form(h, "/opinion/new", "/track/rate", form, &r), 429);
    assert_true(body_has(&r, "尝试次数过多"));
    expect_same(before, counts_now(), "throttled lookups");
    free(before);
    /* the empty form is no lookup; submissions have a budget of their own */
    assert_int_equal(request(h, "GET", "/track", NULL, NULL, 0, &r), 200);
    submit_public(h, "查询被限后仍可提交");
    /* the window over (here: the count forgotten), the right code is answered again */
    throttle_reset("t:127.0.0.1");
    snprintf(path, sizeof(path), "/api/v1/public/opinions/%s", code);
    assert_int_equal(api(h, "GET", path, NULL, NULL, &r), 200);
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(limited);
    throttle_reset("p:127.0.0.1");
    throttle_reset("t:127.0.0.1");
    test_port = port;
}

int test_opinions(void)
{
    const struct CMUnitTest model[] = {
        cmocka_unit_test(test_rollup_counts), cmocka_unit_test(test_merge_after_reply),
        cmocka_unit_test(test_period),        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_bad_input),     cmocka_unit_test(test_search_and_similar),
        cmocka_unit_test(test_campaign_counts),
    };
    const struct CMUnitTest http[] = {
        cmocka_unit_test(test_http_cycle),
        cmocka_unit_test(test_http_scope_and_bad_input),
        cmocka_unit_test(test_http_pages),
        cmocka_unit_test(test_http_honeypot),
        cmocka_unit_test(test_http_anonymity),
        cmocka_unit_test(test_http_rate_limit),
        cmocka_unit_test(test_http_csv_formulas),
        cmocka_unit_test(test_http_rollup_csv_formulas),
        cmocka_unit_test(test_http_strict_booleans),
        cmocka_unit_test(test_http_required_fields),
        cmocka_unit_test(test_http_track_throttle),
    };
    return cmocka_run_group_tests_name("opinions", model, NULL, NULL) +
           cmocka_run_group_tests_name("opinions over HTTP", http, http_setup, http_teardown);
}
