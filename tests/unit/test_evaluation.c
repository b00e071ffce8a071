/*
 * Tests of duty reports and democratic evaluation (src/evaluation; DESIGN.md mechanism 5): bad
 * input refused with nothing changed, one ballot per voter and per paper code, tallies against a
 * hand-computed fixture, min_group pooling, scope, secrecy of the stored ballots (no order, no
 * voter, nothing in the audit), through the model API on real SQLite files; then the API over
 * real loopback HTTP with 50 concurrent attempts by one voter. No mocks.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "auth/audit.h"
#include "core/embedded.h"
#include "evaluation/evaluation.h"
#include "registry/registry.h"
#include "report/indicator.h"
#include "unit/leader.h"
#include "unit/unit.h"

/* ---- helpers ---- */

/* The tree, an organizer at P, candidates and voters in K1 and K2, an outsider in C2. */
struct eworld {
    struct db *db;      /* the store */
    struct actor admin; /* admin at P */
    struct actor k1[4]; /* staff at K1 */
    struct actor k2;    /* staff at K2 */
    struct actor c2;    /* staff at C2 */
    long long cand[2];  /* two officials in C1 */
};

/* The world in a fresh file whose path goes to path (TEST_PATH_LEN) when given. */
static void eworld_open_at(struct eworld *w, char *path)
{
    memset(w, 0, sizeof(*w));
    w->db = open_fresh(path);
    build_tree(w->db);
    add_account(w->db, "P", "eadmin", "省管理员", "admin");
    actor_of(w->db, "eadmin", &w->admin);
    w->cand[0] = add_account(w->db, "C1", "chu1", "王处长", "leader");
    w->cand[1] = add_account(w->db, "C1", "chu2", "李处长", "leader");
    for (int i = 0; i < 4; i++) {
        char login[16];
        snprintf(login, sizeof(login), "kv%d", i);
        add_account(w->db, "K1", login, login, "cadre");
        actor_of(w->db, login, &w->k1[i]);
    }
    add_account(w->db, "K2", "kv9", "kv9", "staff");
    actor_of(w->db, "kv9", &w->k2);
    add_account(w->db, "C2", "out", "外单位", "staff");
    actor_of(w->db, "out", &w->c2);
}

static void eworld_open(struct eworld *w)
{
    eworld_open_at(w, NULL);
}

static long long count(struct db *db, const char *sql)
{
    return db_count(db, sql, NULL, -1);
}

/* Every count that a refused write must leave alone. */
static void snapshot(struct db *db, long long out[8])
{
    static const char *const sql[8] = {
        "SELECT count(*) FROM evaluation",
        "SELECT count(*) FROM evaluation_candidate",
        "SELECT count(*) FROM evaluation_group",
        "SELECT count(*) FROM evaluation_ballot",
        "SELECT coalesce(sum(length(grades)), 0) FROM evaluation_ballot",
        "SELECT count(*) FROM evaluation_voter WHERE voted = 1",
        "SELECT count(*) FROM evaluation_code WHERE used = 1",
        "SELECT count(*) FROM audit",
    };
    for (int i = 0; i < 8; i++)
        out[i] = count(db, sql[i]);
}

static void expect_same(struct db *db, const long long before[8], const char *what)
{
    long long now[8];
    snapshot(db, now);
    for (int i = 0; i < 8; i++)
        if (now[i] != before[i])
            fail_msg("%s changed count %d: %lld -> %lld", what, i, before[i], now[i]);
}

/* Ballots stored = voters marked voted + codes used. */
static void expect_balanced(struct db *db)
{
    assert_int_equal(count(db, "SELECT count(*) FROM evaluation_ballot"),
                     count(db, "SELECT count(*) FROM evaluation_voter WHERE voted = 1") +
                         count(db, "SELECT count(*) FROM evaluation_code WHERE used = 1"));
}

static long long create(struct eworld *w, struct eval_input *in)
{
    struct err e = { 0 };
    long long id = 0;
    enum result r = eval_create(w->db, &w->admin, in, &id, &e);
    if (r != RES_OK)
        fail_msg("eval_create: %d %s %s %s", r, e.field ? e.field : "-", e.msg, e.detail);
    return id;
}

/* A session of the two officials with voters in K1's subtree and n_codes paper codes. */
static long long simple_session(struct eworld *w, long long n_codes)
{
    struct eval_input in = { .unit = "P",
                             .title = "2026年度处长述职民主测评",
                             .candidates = w->cand,
                             .n_candidates = 2,
                             .voter_unit = "K1",
                             .n_codes = n_codes };
    return create(w, &in);
}

static void must(enum result got, enum result want, const struct err *e, const char *what)
{
    if (got != want)
        fail_msg("%s: result %d, expected %d (%s %s %s)", what, got, want,
                 e->field ? e->field : "-", e->msg ? e->msg : "-", e->detail);
}

static void open_close(struct eworld *w, long long id, int open)
{
    struct err e = { 0 };
    must(open ? eval_open(w->db, &w->admin, id, &e) : eval_close(w->db, &w->admin, id, &e), RES_OK,
         &e, open ? "open" : "close");
}

/* Casts a ballot grading the two officials g0 and g1. */
static enum result cast(struct eworld *w, const struct actor *who, long long id, const char *code,
                        const char *g0, const char *g1, const char *comment)
{
    struct eval_vote votes[2] = { { w->cand[0], g0 }, { w->cand[1], g1 } };
    struct eval_ballot b = { id, code, votes, 2, comment };
    struct err e = { 0 };
    return eval_cast(w->db, who, &b, &e);
}

struct codes {
    char code[64][EVAL_CODE_TEXT]; /* codes in listing order */
    char group[64][32];            /* their group names */
    int n;                         /* how many */
};

static void on_code(void *ctx, const char *code, const char *group, int used)
{
    struct codes *c = ctx;
    (void)used;
    if (c->n < 64) {
        snprintf(c->code[c->n], EVAL_CODE_TEXT, "%s", code);
        snprintf(c->group[c->n++], 32, "%s", group);
    }
}

static void get_codes(struct eworld *w, long long id, struct codes *c)
{
    memset(c, 0, sizeof(*c));
    struct err e = { 0 };
    must(eval_codes(w->db, &w->admin, id, on_code, c, &e), RES_OK, &e, "codes");
}

/* The first code of the named group that has not been handed out yet (*next counts). */
static const char *code_of(const struct codes *c, const char *group, int *next)
{
    for (int i = 0, seen = 0; i < c->n; i++)
        if (strcmp(c->group[i], group) == 0 && seen++ == *next) {
            (*next)++;
            return c->code[i];
        }
    fail_msg("no code %d in group %s", *next, group);
    return NULL;
}

/* ---- tests ---- */

/* Without a voter unit or groups, the organising department's own staff vote: the accounts of
 * the unit and of its offices, not of the counties below; an office's account acts for its
 * department; a moved office votes where it now belongs. */
static void test_default_voters(void **state)
{
    (void)state;
    struct eworld w;
    eworld_open(&w);
    add_unit(w.db, "C1O", "一市干部科", "C1", "office");
    add_account(w.db, "C1O", "keyuan", "科员", "staff");
    struct actor office;
    actor_of(w.db, "keyuan", &office);
    struct err e = { 0 };
    struct unit c1;
    assert_int_equal(unit_get(w.db, &w.admin, "C1", &c1, &e), RES_OK);
    assert_string_equal(office.unit_path, c1.path); /* the office's scope is its department's */
    assert_int_equal(office.dept_id, c1.id);
    /* named 李 then 王, the ballot lists 王 (4 strokes) before 李 (7): surname stroke order */
    const long long named[] = { w.cand[1], w.cand[0] };
    struct eval_input in = { .unit = "C1", .title = "科长述职评议", .candidates = named,
                             .n_candidates = 2 };
    long long id = create(&w, &in);
    char first[128];
    snprintf(first, sizeof(first), "SELECT person_id FROM evaluation_candidate WHERE eval_id ="
                                   " %lld AND position = 0", id);
    assert_int_equal(count(w.db, first), w.cand[0]);
    struct eval_info info;
    assert_int_equal(eval_get(w.db, &w.admin, id, &info), RES_OK);
    assert_int_equal(info.eligible, 3); /* chu1, chu2 at C1 and keyuan at its office; not K1's */
    open_close(&w, id, 1);
    assert_int_equal(count(w.db, "SELECT count(*) FROM evaluation_voter v JOIN account a"
                                 " ON a.id = v.account_id WHERE a.login IN ('chu1', 'chu2',"
                                 " 'keyuan')"),
                     3);
    assert_int_equal(count(w.db, "SELECT count(*) FROM evaluation_voter"), 3);
    /* the office moves to C2: it belongs to C2's department from then on */
    struct actor sys;
    actor_system(&sys);
    assert_int_equal(unit_move(w.db, &sys, "C1O", "C2", &e), RES_OK);
    assert_int_equal(count(w.db, "SELECT count(*) FROM unit o JOIN unit d ON d.id = o.dept_id"
                                 " WHERE o.code = 'C1O' AND d.code = 'C2'"),
                     1);
    actor_of(w.db, "keyuan", &office);
    struct unit c2;
    assert_int_equal(unit_get(w.db, &w.admin, "C2", &c2, &e), RES_OK);
    assert_string_equal(office.unit_path, c2.path);
    db_close(w.db);
}

static void test_create_refusals(void **state)
{
    (void)state;
    struct eworld w;
    eworld_open(&w);
    long long before[8];
    snapshot(w.db, before);
    long long outsider = add_account(w.db, "C2", "c2x", "外人", "staff");
    long long dup[2] = { w.cand[0], w.cand[0] }, far[2] = { w.cand[0], outsider };
    long long bad_points[GRADE_COUNT] = { 100, 80, 60, -1 };
    struct eval_group_input zero = { "一般干部", 0, "K1", NULL, 0, 0 };
    struct eval_group_input twice[2] = { { "一般干部", 50, "K1", NULL, 0, 0 },
                                         { "一般干部", 50, "K2", NULL, 0, 0 } };
    struct eval_group_input bad_role = { "班子", 50, "K1", "boss", 0, 0 };
    struct eval_group_input one = { "一般干部", 50, "K1", NULL, 0, 0 };
    struct eval_group_input role_only = { "班子", 50, NULL, "leader", 3, 0 };
    struct {
        struct eval_input in;
        const char *field;
    } cases[] = {
        { { .unit = "C1", .title = "", .candidates = w.cand, .n_candidates = 2, .n_codes = 5 },
          "title" },
        { { .unit = "C1", .title = "测评", .candidates = w.cand, .n_candidates = 0, .n_codes = 5 },
          "candidates" },
        { { .unit = "C1", .title = "测评", .candidates = dup, .n_candidates = 2, .n_codes = 5 },
          "candidates" },
        { { .unit = "C1", .title = "测评", .candidates = far, .n_candidates = 2, .n_codes = 5 },
          "candidates" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .voter_unit = "NOPE" },
          "voter_unit" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .n_codes = EVAL_CODES_MAX + 1 },
          "paper_codes" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .n_codes = 5,
            .points = bad_points },
          "points" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .n_codes = 5,
            .min_group = -2 },
          "min_group" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .groups = &zero,
            .n_groups = 1 },
          "weight" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .groups = twice,
            .n_groups = 2 },
          "groups" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .groups = &bad_role,
            .n_groups = 1 },
          "role" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .groups = &one,
            .n_groups = 1,
            .voter_unit = "K2" },
          "voter_unit" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .groups = &one,
            .n_groups = 1,
            .n_codes = 5 },
          "paper_codes" },
        { { .unit = "C1",
            .title = "测评",
            .candidates = w.cand,
            .n_candidates = 2,
            .groups = &role_only,
            .n_groups = 1 },
          "role" },
    };
    snapshot(w.db, before);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct err e = { 0 };
        long long id = 0;
        enum result r = eval_create(w.db, &w.admin, &cases[i].in, &id, &e);
        if (r != RES_INVALID || !e.field || strcmp(e.field, cases[i].field) != 0)
            fail_msg("case %zu: result %d field %s, expected field %s", i, r,
                     e.field ? e.field : "-", cases[i].field);
        expect_same(w.db, before, "a refused create");
    }
    /* outside the actor's scope: staff at K2 cannot hold a session for C1 */
    struct eval_input in = {
        .unit = "C1", .title = "测评", .candidates = w.cand, .n_candidates = 2, .n_codes = 5
    };
    struct err e = { 0 };
    long long id = 0;
    must(eval_create(w.db, &w.k2, &in, &id, &e), RES_NOT_FOUND, &e, "create out of scope");
    must(eval_create(w.db, &w.k1[0], &in, &id, &e), RES_NOT_FOUND, &e, "cadre create");
    expect_same(w.db, before, "a refused create");
    db_close(w.db);
}

/* Sums the groups' eligible voters into ctx[0] and their ballots into ctx[1]. */
static void sum_groups(void *ctx, const struct eval_group_info *g)
{
    long long *n = ctx;
    n[0] += g->eligible;
    n[1] += g->voted;
}

static void test_ballot_rules(void **state)
{
    (void)state;
    struct eworld w;
    eworld_open(&w);
    long long id = simple_session(&w, 3);
    struct codes c;
    get_codes(&w, id, &c);
    assert_int_equal(c.n, 3);
    struct eval_info info;
    assert_int_equal(eval_get(w.db, &w.k1[0], id, &info), RES_OK);
    assert_int_equal(info.eligible, 4 + 3); /* the four at K1 and the codes */
    assert_true(info.on_roster);
    long long before[8];
    snapshot(w.db, before);
    /* before open */
    assert_int_equal(cast(&w, &w.k1[0], id, NULL, "excellent", "competent", NULL), RES_CONFLICT);
    assert_int_equal(cast(&w, NULL, id, c.code[0], "excellent", "competent", NULL), RES_CONFLICT);
    expect_same(w.db, before, "a ballot before open");
    open_close(&w, id, 1);
    snapshot(w.db, before);
    /* bad ballots */
    assert_int_equal(cast(&w, &w.k1[0], id, NULL, "superb", "competent", NULL), RES_INVALID);
    assert_int_equal(cast(&w, &w.k1[0], id, NULL, "", "competent", NULL), RES_INVALID);
    assert_int_equal(cast(&w, &w.k1[0], id, NULL, NULL, "competent", NULL), RES_INVALID);
    struct err e = { 0 };
    struct eval_vote one[1] = { { w.cand[0], "excellent" } };
    struct eval_ballot missing = { id, NULL, one, 1, NULL };
    must(eval_cast(w.db, &w.k1[0], &missing, &e), RES_INVALID, &e, "a missing grade");
    assert_string_equal(e.field, "grades");
    struct eval_vote twice[2] = { { w.cand[0], "excellent" }, { w.cand[0], "basic" } };
    struct eval_ballot dup = { id, NULL, twice, 2, NULL };
    must(eval_cast(w.db, &w.k1[0], &dup, &e), RES_INVALID, &e, "an official graded twice");
    struct eval_vote stranger[2] = { { w.cand[0], "excellent" }, { 999999, "basic" } };
    struct eval_ballot other = { id, NULL, stranger, 2, NULL };
    must(eval_cast(w.db, &w.k1[0], &other, &e), RES_INVALID, &e, "a person not on the session");
    assert_string_equal(e.field, "person");
    char long_comment[EVAL_COMMENT_MAX + 2];
    memset(long_comment, 'x', sizeof(long_comment) - 1);
    long_comment[sizeof(long_comment) - 1] = '\0';
    assert_int_equal(cast(&w, &w.k1[0], id, NULL, "excellent", "basic", long_comment), RES_INVALID);
    /* voters outside the roster: another county, the command line */
    assert_int_equal(cast(&w, &w.k2, id, NULL, "excellent", "basic", NULL), RES_FORBIDDEN);
    assert_int_equal(cast(&w, &w.c2, id, NULL, "excellent", "basic", NULL), RES_FORBIDDEN);
    assert_int_equal(cast(&w, NULL, id, NULL, "excellent", "basic", NULL), RES_FORBIDDEN);
    assert_int_equal(cast(&w, NULL, id, "ZZZZZZZZZZ", "excellent", "basic", NULL), RES_NOT_FOUND);
    assert_int_equal(cast(&w, NULL, id, "short", "excellent", "basic", NULL), RES_NOT_FOUND);
    assert_int_equal(cast(&w, NULL, id + 1, c.code[0], "excellent", "basic", NULL), RES_NOT_FOUND);
    expect_same(w.db, before, "a refused ballot");
    /* one ballot per account and per code; codes as typed on a phone */
    assert_int_equal(cast(&w, &w.k1[0], id, NULL, "excellent", "basic", "很好"), RES_OK);
    assert_int_equal(cast(&w, &w.k1[0], id, NULL, "competent", "basic", NULL), RES_CONFLICT);
    char typed[32];
    snprintf(typed, sizeof(typed), "%.5s-%.5s", c.code[1], c.code[1] + 5);
    for (char *p = typed; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    assert_int_equal(cast(&w, NULL, id, typed, "excellent", "basic", NULL), RES_OK);
    assert_int_equal(cast(&w, NULL, id, c.code[1], "excellent", "basic", NULL), RES_CONFLICT);
    assert_int_equal(cast(&w, &w.k2, id, c.code[2], "basic", "basic", NULL), RES_OK);
    expect_balanced(w.db);
    assert_int_equal(eval_get(w.db, &w.admin, id, &info), RES_OK);
    assert_int_equal(info.voted, 3);
    /* the groups' figures add up to the session's, and to a count of the codes and roster */
    long long groups[2] = { 0, 0 };
    assert_int_equal(eval_groups(w.db, &w.admin, id, sum_groups, groups), RES_OK);
    assert_int_equal(groups[0], info.eligible);
    assert_int_equal(groups[1], 3);
    assert_int_equal(info.eligible, db_count(w.db, "SELECT (SELECT count(*) FROM evaluation_code)"
                                                   " + (SELECT count(*) FROM evaluation_voter)",
                                             NULL, 0));
    assert_int_equal(eval_get(w.db, &w.k1[0], id, &info), RES_OK);
    assert_true(info.has_voted);
    /* after close */
    open_close(&w, id, 0);
    snapshot(w.db, before);
    assert_int_equal(cast(&w, &w.k1[1], id, NULL, "excellent", "basic", NULL), RES_CONFLICT);
    expect_same(w.db, before, "a ballot after close");
    must(eval_open(w.db, &w.admin, id, &e), RES_CONFLICT, &e, "reopen");
    db_close(w.db);
}

/* The fixture: group A (weight 70, the K1 accounts) and group B (weight 30, paper codes),
 * points 100/80/60/0, min_group 2.
 *   official 0: A = E E C, B = C B  -> A mean 280/3, B mean 70; score 0.7*93.33+0.3*70 = 86.33
 *   official 1: A = I B C, B = E E  -> A mean 140/3, B mean 100; score 0.7*46.67+30 = 62.67
 * Returns the session, open with its five ballots cast. */
static long long tally_fixture(struct eworld *w)
{
    struct eval_group_input groups[2] = { { "中层干部", 70, "K1", NULL, 0, 0 },
                                          { "服务对象", 30, NULL, NULL, 2, 0 } };
    struct eval_input in = { .unit = "P",
                             .title = "测评",
                             .candidates = w->cand,
                             .n_candidates = 2,
                             .groups = groups,
                             .n_groups = 2,
                             .min_group = 2 };
    long long id = create(w, &in);
    struct codes c;
    get_codes(w, id, &c);
    open_close(w, id, 1);
    assert_int_equal(cast(w, &w->k1[0], id, NULL, "excellent", "incompetent", "意见一"), RES_OK);
    assert_int_equal(cast(w, &w->k1[1], id, NULL, "excellent", "basic", NULL), RES_OK);
    assert_int_equal(cast(w, &w->k1[2], id, NULL, "competent", "competent", "意见二"), RES_OK);
    int next = 0;
    assert_int_equal(
        cast(w, NULL, id, code_of(&c, "服务对象", &next), "competent", "excellent", NULL), RES_OK);
    assert_int_equal(cast(w, NULL, id, code_of(&c, "服务对象", &next), "basic", "excellent", NULL),
                     RES_OK);
    return id;
}

static void test_tally_fixture(void **state)
{
    (void)state;
    struct eworld w;
    eworld_open(&w);
    long long id = tally_fixture(&w);
    struct eval_results res;
    struct err e = { 0 };
    must(eval_results(w.db, &w.admin, id, &res, &e), RES_CONFLICT, &e, "results while open");
    open_close(&w, id, 0);
    must(eval_results(w.db, &w.k1[0], id, &res, &e), RES_NOT_FOUND, &e, "results for a voter");
    struct actor sup;
    add_account(w.db, "P", "esup", "督查员", "supervisor");
    actor_of(w.db, "esup", &sup);
    must(eval_results(w.db, &sup, id, &res, &e), RES_OK, &e, "results for a reader in scope");
    eval_results_free(&res);
    must(eval_results(w.db, &w.admin, id, &res, &e), RES_OK, &e, "results");
    assert_int_equal(res.ballots, 5);
    /* the closed session counts in the roll-up with its ballots, on the closing day only */
    long long n[64];
    assert_true(registry_n_keys <= 64);
    assert_int_equal(registry_sums(w.db, get_unit(w.db, "P").id, NULL, NULL, n), RES_OK);
    assert_int_equal(n[registry_key_index("evaluation.sessions")], 1);
    assert_int_equal(n[registry_key_index("evaluation.ballots")], 5);
    char what[512];
    assert_int_equal(indicator_verify(w.db, what, sizeof(what), NULL, NULL), RES_OK);
    assert_false(res.hidden);
    assert_int_equal(res.n_rows, 2);
    const struct eval_row *a = &res.rows[0], *b = &res.rows[1];
    assert_int_equal(a->person, w.cand[0]);
    assert_int_equal(a->rank, 1);
    assert_int_equal(b->rank, 2);
    long long want_a[GRADE_COUNT] = { 2, 2, 1, 0 }, want_b[GRADE_COUNT] = { 2, 1, 1, 1 };
    for (int g = 0; g < GRADE_COUNT; g++) {
        assert_int_equal(a->all.counts[g], want_a[g]);
        assert_int_equal(b->all.counts[g], want_b[g]);
    }
    assert_true(a->score > 86.325 && a->score < 86.335);
    assert_true(b->score > 62.665 && b->score < 62.675);
    assert_true(a->excellent_share > 0.39995 && a->excellent_share < 0.40005);
    assert_true(a->good_share > 0.79995 && a->good_share < 0.80005);
    assert_true(b->good_share > 0.59995 && b->good_share < 0.60005);
    /* both groups reach min_group: one column each */
    assert_int_equal(res.n_cols, 2);
    assert_string_equal(res.cols[0].name, "中层干部");
    assert_int_equal(res.cols[0].ballots, 3);
    assert_int_equal(a->by_column[0].counts[GRADE_EXCELLENT], 2);
    assert_int_equal(a->by_column[1].counts[GRADE_BASIC], 1);
    assert_true(a->by_column[1].score > 69.995 && a->by_column[1].score < 70.005);
    assert_int_equal(res.n_comments, 2);
    eval_results_free(&res);
    db_close(w.db);
}

/* Groups of 3, 3 and 1 ballots with min_group 3: the lone ballot cannot be shown, nor left to
 * be found by subtraction, so the smaller shown group joins it in a pool of 4. */
static void test_min_group(void **state)
{
    (void)state;
    struct eworld w;
    eworld_open(&w);
    struct eval_group_input groups[3] = { { "领导班子成员", 40, NULL, NULL, 3, 0 },
                                          { "中层干部", 40, NULL, NULL, 3, 0 },
                                          { "服务对象", 20, NULL, NULL, 1, 0 } };
    struct eval_input in = { .unit = "P",
                             .title = "测评",
                             .candidates = w.cand,
                             .n_candidates = 2,
                             .groups = groups,
                             .n_groups = 3,
                             .min_group = 3 };
    long long id = create(&w, &in);
    struct codes c;
    get_codes(&w, id, &c);
    open_close(&w, id, 1);
    for (int i = 0; i < c.n; i++)
        assert_int_equal(cast(&w, NULL, id, c.code[i], "excellent", "competent", NULL), RES_OK);
    open_close(&w, id, 0);
    struct eval_results res;
    struct err e = { 0 };
    must(eval_results(w.db, &w.admin, id, &res, &e), RES_OK, &e, "results");
    assert_int_equal(res.n_cols, 2);
    assert_string_equal(res.cols[0].name, "领导班子成员");
    assert_int_equal(res.cols[0].ballots, 3);
    assert_string_equal(res.cols[1].name, ""); /* the pool */
    assert_int_equal(res.cols[1].ballots, 4);
    eval_results_free(&res);

    /* overall below min_group: nothing but the count */
    in.groups = NULL;
    in.n_groups = 0;
    in.n_codes = 4;
    in.min_group = 5;
    id = create(&w, &in);
    get_codes(&w, id, &c);
    open_close(&w, id, 1);
    for (int i = 0; i < c.n; i++)
        assert_int_equal(cast(&w, NULL, id, c.code[i], "excellent", "competent", "说明"), RES_OK);
    open_close(&w, id, 0);
    must(eval_results(w.db, &w.admin, id, &res, &e), RES_OK, &e, "results");
    assert_true(res.hidden);
    assert_int_equal(res.ballots, 4);
    assert_int_equal(res.n_rows, 0);
    assert_int_equal(res.n_comments, 0);
    eval_results_free(&res);
    db_close(w.db);
}

/* Spearman's rank correlation of positions 0..n-1 with order[]. */
static double rank_correlation(const int *order, int n)
{
    double d2 = 0;
    for (int i = 0; i < n; i++)
        d2 += (double)(order[i] - i) * (order[i] - i);
    return 1 - 6 * d2 / ((double)n * ((double)n * n - 1));
}

struct comment_order {
    int order[256]; /* cast position of each comment read back */
    int n;          /* how many */
};

/* Ballots come back in an order unrelated to the order cast, the ballot tables have no rowid,
 * no voter and no time, and the audit holds the session's life but nothing of the ballots. */
static void test_secrecy(void **state)
{
    (void)state;
    enum { N = 200 };
    struct eworld w;
    eworld_open(&w);
    long long id = simple_session(&w, N);
    open_close(&w, id, 1);
    long long audit_before = count(w.db, "SELECT count(*) FROM audit");
    sqlite3_stmt *st = db_stmt(w.db, "SELECT code FROM evaluation_code WHERE eval_id = ?1");
    sqlite3_bind_int64(st, 1, id);
    char codes[N][EVAL_CODE_TEXT];
    int n = 0;
    while (n < N && sqlite3_step(st) == SQLITE_ROW)
        snprintf(codes[n++], EVAL_CODE_TEXT, "%s", db_col_text(st, 0));
    db_done(st);
    assert_int_equal(n, N);
    for (int i = 0; i < N; i++) {
        char comment[16];
        snprintf(comment, sizeof(comment), "%03d", i);
        assert_int_equal(
            cast(&w, NULL, id, codes[i], i % 2 ? "basic" : "excellent", "competent", comment),
            RES_OK);
    }
    assert_int_equal(cast(&w, &w.k1[3], id, NULL, "incompetent", "incompetent", NULL), RES_OK);
    assert_int_equal(count(w.db, "SELECT count(*) FROM audit"), audit_before);
    /* read back in storage order: no relation to the order cast */
    st = db_stmt(w.db, "SELECT comment FROM evaluation_ballot WHERE comment <> ''");
    int order[N], m = 0;
    while (m < N && sqlite3_step(st) == SQLITE_ROW)
        order[m++] = (int)strtol(db_col_text(st, 0), NULL, 10);
    db_done(st);
    assert_int_equal(m, N);
    double rho = rank_correlation(order, N);
    if (rho > 0.3 || rho < -0.3) /* |rho| > 0.3 is 4 standard deviations for n = 200 */
        fail_msg("ballots read back in an order correlated with the order cast: %f", rho);
    open_close(&w, id, 0);
    struct eval_results res;
    struct err e = { 0 };
    must(eval_results(w.db, &w.admin, id, &res, &e), RES_OK, &e, "results");
    assert_int_equal(res.n_comments, N);
    for (int i = 0; i < N; i++)
        order[i] = (int)strtol(res.comments[i], NULL, 10);
    rho = rank_correlation(order, N);
    assert_true(rho < 0.3 && rho > -0.3);
    eval_results_free(&res);
    /* no rowid to order by, no column that names a voter or a time */
    static const char *const tables[] = { "evaluation_ballot" };
    for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "SELECT rowid FROM %s", tables[t]);
        sqlite3_stmt *probe = NULL;
        assert_int_not_equal(sqlite3_prepare_v2(w.db->h, sql, -1, &probe, NULL), SQLITE_OK);
        sqlite3_finalize(probe);
        snprintf(sql, sizeof(sql), "SELECT group_concat(name) FROM pragma_table_info('%s')",
                 tables[t]);
        assert_int_equal(sqlite3_prepare_v2(w.db->h, sql, -1, &probe, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(probe), SQLITE_ROW);
        const char *cols = (const char *)sqlite3_column_text(probe, 0);
        static const char *const banned[] = { "voter", "account", "time", "created", "_at", "seq" };
        for (size_t k = 0; k < sizeof(banned) / sizeof(banned[0]); k++)
            if (strstr(cols, banned[k]))
                fail_msg("%s has a column like %s: %s", tables[t], banned[k], cols);
        sqlite3_finalize(probe);
    }
    /* the audit: create, open, close, with counts; no grade, no comment */
    st = db_stmt(w.db, "SELECT group_concat(action, ' ') FROM audit WHERE object = ?1");
    char object[48];
    snprintf(object, sizeof(object), "evaluation:%lld", id);
    db_bind_text(st, 1, object);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(db_col_text(st, 0), "evaluation.create evaluation.open evaluation.close");
    db_done(st);
    assert_int_equal(count(w.db, "SELECT count(*) FROM audit WHERE after LIKE '%excellent%'"
                                 " OR after LIKE '%incompetent%' OR after LIKE '%\"199\"%'"
                                 " OR action LIKE '%ballot%' OR action LIKE '%vote%'"),
                     0);
    assert_int_equal(count(w.db, "SELECT count(*) FROM audit WHERE action = 'evaluation.close'"
                                 " AND after LIKE '%\"ballots\":201%'"
                                 " AND after LIKE '%\"voted\":201%'"),
                     1);
    long long n_records = 0, bad = 0;
    struct buf msg;
    buf_init(&msg, 256);
    assert_int_equal(audit_verify(w.db, &n_records, &bad, &msg), RES_OK);
    buf_release(&msg);
    expect_balanced(w.db);
    db_close(w.db);
}

struct seen_official {
    long long person;        /* the official looked for */
    char report[256];        /* their report */
    char file[64];           /* their attachment's name */
    struct task_stats tasks; /* their tasks */
};

static void on_official(void *ctx, const struct eval_candidate *c)
{
    struct seen_official *s = ctx;
    if (c->person != s->person)
        return;
    snprintf(s->report, sizeof(s->report), "%s", c->report);
    snprintf(s->file, sizeof(s->file), "%s", c->file_name);
    s->tasks = c->tasks;
}

static void on_file(void *ctx, const char *name, const char *type, const void *data, size_t size)
{
    (void)name;
    (void)type;
    snprintf(ctx, 32, "%.*s", (int)size, (const char *)data);
}

/* A duty report (text and attachment) is set while a draft, shown with the official's tasks as
 * responsible leader, audited, and frozen once the session opens. */
static void test_duty_reports(void **state)
{
    (void)state;
    struct eworld w;
    eworld_open(&w);
    set_today("2026-06-01");
    struct task_input task = { .title = "推进干部队伍建设",
                               .kind = "key",
                               .lead_unit = "C1",
                               .leader = w.cand[0],
                               .deadline = "2026-05-01" };
    long long task_id = 0;
    struct err e = { 0 };
    must(task_create(w.db, &w.admin, &task, &task_id, &e), RES_OK, &e, "task");
    long long id = simple_session(&w, 0);
    must(eval_report_set(w.db, &w.admin, id, w.cand[0], "一年来认真履职。", &(struct attachment_input){ "述职.txt", "text/plain", "report body", 11 }, &e),
         RES_OK, &e, "report");
    must(eval_report_set(w.db, &w.k1[0], id, w.cand[0], "改写", NULL, &e),
         RES_NOT_FOUND, &e, "report by a voter");
    must(eval_report_set(w.db, &w.admin, id, 999999, "无关", NULL, &e), RES_INVALID,
         &e, "report of a stranger");
    struct seen_official s = { .person = w.cand[0] };
    assert_int_equal(eval_candidates(w.db, &w.k1[0], id, on_official, &s), RES_OK);
    assert_string_equal(s.report, "一年来认真履职。");
    assert_string_equal(s.file, "述职.txt");
    assert_int_equal(s.tasks.total, 1);
    assert_int_equal(s.tasks.overdue, 1);
    /* an office head answers for what the office leads and assists, a leader also for the
     * offices in charge */
    add_unit(w.db, "C1K", "一市干部科", "C1", "office");
    long long head = add_account(w.db, "C1K", "kezhang", "孙科长", "staff");
    struct actor sys;
    actor_system(&sys);
    static const char *const c1k[] = { "C1K" };
    struct leader_input charge = { .unit = "C1", .person = w.cand[0], .title = "副部长",
                                   .offices = c1k, .n_offices = 1 };
    long long leader_id = 0;
    must(leader_add(w.db, &sys, &charge, &leader_id, &e), RES_OK, &e, "leader");
    struct task_input led = { .title = "科室牵头", .kind = "key", .lead_unit = "C1K",
                              .deadline = "2026-12-01" };
    struct task_input assisted = { .title = "科室协办", .kind = "key", .lead_unit = "K1",
                                   .assist_units = c1k, .n_assist = 1,
                                   .deadline = "2026-12-01" };
    long long t2 = 0, t3 = 0;
    must(task_create(w.db, &w.admin, &led, &t2, &e), RES_OK, &e, "led task");
    must(task_create(w.db, &w.admin, &assisted, &t3, &e), RES_OK, &e, "assisted task");
    struct task_stats duty;
    assert_int_equal(task_duty_stats(w.db, head, 0, &duty), RES_OK);
    assert_int_equal(duty.total, 2);
    assert_int_equal(duty.overdue, 0);
    assert_int_equal(task_duty_stats(w.db, w.cand[0], 0, &duty), RES_OK);
    assert_int_equal(duty.total, 3);
    assert_int_equal(duty.overdue, 1);
    assert_int_equal(task_duty_stats(w.db, w.cand[1], 0, &duty), RES_OK);
    assert_int_equal(duty.total, 0);
    /* a session covers one year: the year it is held in, or the one it names */
    assert_int_equal(task_duty_stats(w.db, head, 2025, &duty), RES_OK);
    assert_int_equal(duty.total, 0);
    struct eval_input last_year = { .unit = "P", .title = "2025年度述职", .candidates = w.cand,
                                    .n_candidates = 2, .voter_unit = "K1", .year = 2025 };
    long long old = create(&w, &last_year);
    struct seen_official none = { .person = w.cand[0] };
    assert_int_equal(eval_candidates(w.db, &w.admin, old, on_official, &none), RES_OK);
    assert_int_equal(none.tasks.total, 0);
    struct eval_info held;
    assert_int_equal(eval_get(w.db, &w.admin, old, &held), RES_OK);
    assert_int_equal(held.year, 2025);
    assert_int_equal(eval_get(w.db, &w.admin, id, &held), RES_OK);
    assert_int_equal(held.year, 2026);
    last_year.year = 1999;
    assert_int_equal(eval_create(w.db, &w.admin, &last_year, &old, &e), RES_INVALID);
    assert_string_equal(e.field, "year");
    char data[32] = "";
    assert_int_equal(eval_report_file(w.db, &w.k1[0], id, w.cand[0], on_file, data), RES_OK);
    assert_string_equal(data, "report body");
    assert_int_equal(eval_report_file(w.db, &w.c2, id, w.cand[0], on_file, data), RES_NOT_FOUND);
    assert_int_equal(count(w.db, "SELECT count(*) FROM audit WHERE action = 'evaluation.report'"),
                     1);
    open_close(&w, id, 1);
    must(eval_report_set(w.db, &w.admin, id, w.cand[0], "改写", NULL, &e),
         RES_CONFLICT, &e, "report after open");
    set_today(NULL);
    db_close(w.db);
}

static void test_scope(void **state)
{
    (void)state;
    struct eworld w;
    eworld_open(&w);
    long long id = simple_session(&w, 2);
    struct eval_info info;
    struct err e = { 0 };
    struct codes c;
    /* the outsider sees nothing; a voter sees the session but not the codes */
    assert_int_equal(eval_get(w.db, &w.c2, id, &info), RES_NOT_FOUND);
    assert_int_equal(eval_get(w.db, &w.k1[0], id, &info), RES_OK);
    assert_false(info.organizer);
    must(eval_codes(w.db, &w.k1[0], id, on_code, &c, &e), RES_NOT_FOUND, &e, "codes by a voter");
    must(eval_open(w.db, &w.k1[0], id, &e), RES_NOT_FOUND, &e, "open by a voter");
    must(eval_open(w.db, &w.c2, id, &e), RES_NOT_FOUND, &e, "open by an outsider");
    open_close(&w, id, 1);
    /* a paper-code holder sees an open session only */
    assert_int_equal(eval_get(w.db, NULL, id, &info), RES_OK);
    open_close(&w, id, 0);
    assert_int_equal(eval_get(w.db, NULL, id, &info), RES_NOT_FOUND);
    must(eval_results(w.db, &w.c2, id, &(struct eval_results){ 0 }, &e), RES_NOT_FOUND, &e,
         "results for an outsider");
    db_close(w.db);
}

/* ---- over HTTP ---- */

struct voter_thread {
    const char *path;           /* the ballot URL */
    const char *token;          /* the voter's token */
    const char *body;           /* the ballot */
    pthread_barrier_t *barrier; /* start together */
    long status;                /* the answer */
};

static void *vote_thread(void *p)
{
    struct voter_thread *v = p;
    CURL *h = curl_easy_init();
    struct resp out = { 0 };
    pthread_barrier_wait(v->barrier);
    v->status = h ? api(h, "POST", v->path, v->token, v->body, &out) : -1;
    resp_free(&out);
    curl_easy_cleanup(h);
    return NULL;
}

/* How often needle occurs in hay. */
static int count_text(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The first code printed on a slip page, without its dash (static memory). */
static const char *code_on_slip(const char *html)
{
    static char code[EVAL_CODE_TEXT];
    const char *p = strstr(html, "slip-code\">");
    assert_non_null(p);
    p += strlen("slip-code\">");
    snprintf(code, sizeof(code), "%.5s%.5s", p, p + 6);
    return code;
}

/* A malformed ballot is answered 400. */
static void expect_bad_ballot(CURL *h, const char *url, const char *token, const char *body)
{
    struct resp r = { 0 };
    long status = api(h, "POST", url, token, body, &r);
    if (status != 400)
        fail_msg("bad ballot %s answered %ld: %s", body, status, buf_str(&r.body));
    resp_free(&r);
}

static void test_http_api(void **state)
{
    (void)state;
    enum { ATTEMPTS = 50 };
    char path[TEST_PATH_LEN];
    struct db *db = open_fresh(path);
    build_tree(db);
    add_account(db, "P", "hadmin", "管理员", "admin");
    long long c1 = add_account(db, "C1", "hc1", "王五", "leader");
    long long k1 = add_account(db, "K1", "hk1", "张三", "staff");
    add_account(db, "K2", "hk2", "李四", "staff");
    add_account(db, "C2", "hc2", "赵六", "staff");
    char ta[TOKEN_TEXT], tk1[TOKEN_TEXT], tk2[TOKEN_TEXT], tc2[TOKEN_TEXT];
    add_token(db, "hadmin", ta);
    add_token(db, "hk1", tk1);
    add_token(db, "hk2", tk2);
    add_token(db, "hc2", tc2);
    struct server *srv = test_server_start(path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };
    char body[512], url[128];
    snprintf(body, sizeof(body),
             "{\"unit\":\"P\",\"title\":\"2026年度述职民主测评\",\"candidates\":[%lld,%lld],"
             "\"voter_unit\":\"C1\",\"paper_codes\":3}",
             c1, k1);
    assert_int_equal(api(h, "POST", "/api/v1/evaluations", ta, body, &r), 201);
    long long id = body_int(&r, "id");
    api(h, "POST", "/api/v1/evaluations", tk1, body, &r);
    expect_error(&r, 404, "unit");
    snprintf(url, sizeof(url), "/api/v1/evaluations/%lld/open", id);
    assert_int_equal(api(h, "POST", url, tk1, "{}", &r), 404);
    assert_int_equal(api(h, "POST", url, ta, "{}", &r), 200);
    snprintf(url, sizeof(url), "/api/v1/evaluations/%lld", id);
    assert_int_equal(api(h, "GET", url, tk2, NULL, &r), 200);
    assert_int_equal(body_int(&r, "eligible"), 3 + 3); /* hc1, hk1, hk2 and three codes */
    assert_int_equal(body_int(&r, "voted"), 0);
    assert_int_equal(api(h, "GET", url, tc2, NULL, &r), 404);
    snprintf(url, sizeof(url), "/api/v1/evaluations/%lld/codes", id);
    assert_int_equal(api(h, "GET", url, tk2, NULL, &r), 404);
    assert_int_equal(api(h, "GET", url, ta, NULL, &r), 200);
    json_t *doc = body_json(&r);
    json_t *codes = json_object_get(doc, "codes");
    assert_int_equal(json_array_size(codes), 3);
    char code[EVAL_CODE_TEXT];
    snprintf(code, sizeof(code), "%s", json_string_value(json_array_get(codes, 0)));
    json_decref(doc);

    /* 50 attempts by one voter at once: exactly one ballot */
    char ballot[256], ballot_url[128];
    snprintf(ballot, sizeof(ballot),
             "{\"grades\":[{\"person\":%lld,\"grade\":\"excellent\"},"
             "{\"person\":%lld,\"grade\":\"competent\"}],\"comment\":\"好\"}",
             c1, k1);
    snprintf(ballot_url, sizeof(ballot_url), "/api/v1/evaluations/%lld/ballots", id);
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, ATTEMPTS);
    struct voter_thread v[ATTEMPTS];
    pthread_t threads[ATTEMPTS];
    for (int i = 0; i < ATTEMPTS; i++) {
        v[i] = (struct voter_thread){ ballot_url, tk2, ballot, &barrier, 0 };
        assert_int_equal(pthread_create(&threads[i], NULL, vote_thread, &v[i]), 0);
    }
    int n_ok = 0, n_conflict = 0;
    for (int i = 0; i < ATTEMPTS; i++) {
        pthread_join(threads[i], NULL);
        n_ok += v[i].status == 201;
        n_conflict += v[i].status == 409;
    }
    pthread_barrier_destroy(&barrier);
    assert_int_equal(n_ok, 1);
    assert_int_equal(n_conflict, ATTEMPTS - 1);
    assert_int_equal(count(db, "SELECT count(*) FROM evaluation_ballot"), 1);
    expect_balanced(db);

    /* bad ballots over the wire: 4xx and nothing stored */
    snprintf(body, sizeof(body),
             "{\"grades\":[{\"person\":%lld,\"grade\":\"superb\"},"
             "{\"person\":%lld,\"grade\":\"basic\"}]}",
             c1, k1);
    expect_bad_ballot(h, ballot_url, tk1, body);
    snprintf(body, sizeof(body), "{\"grades\":[{\"person\":%lld,\"grade\":\"basic\"}]}", c1);
    expect_bad_ballot(h, ballot_url, tk1, body);
    snprintf(body, sizeof(body),
             "{\"grades\":[{\"person\":%lld,\"grade\":\"basic\"},{\"person\":%lld}]}", c1, k1);
    expect_bad_ballot(h, ballot_url, tk1, body);
    expect_bad_ballot(h, ballot_url, tk1, "{\"grades\":\"all excellent\"}");
    snprintf(body, sizeof(body),
             "{\"grades\":[{\"person\":%lld,\"grade\":\"basic\"},"
             "{\"person\":%lld,\"grade\":\"basic\"}]}",
             c1, k1 + 1000);
    expect_bad_ballot(h, ballot_url, tk1, body);
    assert_int_equal(api(h, "POST", ballot_url, tc2, ballot, &r), 403);
    assert_int_equal(api(h, "POST", ballot_url, NULL, ballot, &r), 401);
    assert_int_equal(count(db, "SELECT count(*) FROM evaluation_ballot"), 1);
    /* a paper code, once, without an account */
    snprintf(body, sizeof(body),
             "{\"code\":\"%s\",\"grades\":[{\"person\":%lld,\"grade\":\"basic\"},"
             "{\"person\":%lld,\"grade\":\"excellent\"}]}",
             code, c1, k1);
    assert_int_equal(api(h, "POST", ballot_url, NULL, body, &r), 201);
    assert_int_equal(api(h, "POST", ballot_url, NULL, body, &r), 409);
    snprintf(body, sizeof(body),
             "{\"code\":\"0000000000\",\"grades\":[{\"person\":%lld,\"grade\":\"basic\"},"
             "{\"person\":%lld,\"grade\":\"excellent\"}]}",
             c1, k1);
    assert_int_equal(api(h, "POST", ballot_url, NULL, body, &r), 404);
    assert_int_equal(api(h, "POST", ballot_url, tk1, ballot, &r), 201);

    /* pages: the printable slips of the unused codes, and a ballot on the phone page */
    snprintf(url, sizeof(url), "/evaluations/%lld/codes", id);
    assert_int_equal(request(h, "GET", url, tk2, NULL, 0, &r), 404);
    assert_int_equal(request(h, "GET", url, ta, NULL, 0, &r), 200);
    assert_int_equal(count_text(buf_str(&r.body), "<img class=\"qr\""), 2);
    assert_false(body_has(&r, code));
    snprintf(code, sizeof(code), "%s", code_on_slip(buf_str(&r.body)));
    /* each slip's QR code is an image of its own, for the session's organizers only, of the
     * ballot's address with the code */
    snprintf(url, sizeof(url), "/evaluations/%lld/codes/%s", id, code);
    assert_true(body_has(&r, url));
    assert_int_equal(request(h, "GET", url, ta, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<svg") && body_has(&r, "<path"));
    assert_int_equal(request(h, "GET", url, tk2, NULL, 0, &r), 404);
    snprintf(url, sizeof(url), "/evaluations/%lld/codes/..%%2Fx", id);
    assert_int_equal(request(h, "GET", url, ta, NULL, 0, &r), 404);
    CURL *phone = client_new();
    snprintf(url, sizeof(url), "/vote/%lld?code=%s", id, code);
    assert_int_equal(request(phone, "GET", url, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "type=\"radio\""));
    char csrf[64];
    csrf_in(&r, csrf, sizeof(csrf));
    snprintf(url, sizeof(url), "/vote/%lld", id);
    snprintf(body, sizeof(body), "csrf=%s&code=%s&grade_%lld=competent&grade_%lld=basic", csrf,
             code, c1, k1);
    assert_int_equal(request(phone, "POST", url, NULL, body, 0, &r), 200);
    assert_int_equal(request(phone, "POST", url, NULL, body, 0, &r), 409);
    snprintf(url, sizeof(url), "/vote/%lld?code=%s", id, code);
    assert_int_equal(request(phone, "GET", url, NULL, NULL, 0, &r), 409); /* used: no ballot */
    assert_false(body_has(&r, "type=\"radio\""));
    snprintf(url, sizeof(url), "/vote/%lld?code=ZZZZZ-ZZZZZ", id);
    assert_int_equal(request(phone, "GET", url, NULL, NULL, 0, &r), 404);
    snprintf(url, sizeof(url), "/vote/%lld", id);
    snprintf(body, sizeof(body), "code=%s&grade_%lld=competent&grade_%lld=basic", code, c1, k1);
    assert_int_equal(request(phone, "POST", url, NULL, body, 0, &r), 403); /* no CSRF token */
    curl_easy_cleanup(phone);
    assert_int_equal(count(db, "SELECT count(*) FROM evaluation_ballot"), 4);
    expect_balanced(db);

    /* results: hidden while open, then the tallies */
    snprintf(url, sizeof(url), "/api/v1/evaluations/%lld/results", id);
    api(h, "GET", url, ta, NULL, &r);
    expect_error(&r, 409, "state");
    snprintf(url, sizeof(url), "/api/v1/evaluations/%lld/close", id);
    assert_int_equal(api(h, "POST", url, ta, "{}", &r), 200);
    snprintf(url, sizeof(url), "/api/v1/evaluations/%lld/results", id);
    assert_int_equal(api(h, "GET", url, tk1, NULL, &r), 404);
    assert_int_equal(api(h, "GET", url, ta, NULL, &r), 200);
    assert_int_equal(body_int(&r, "ballots"), 4);
    doc = body_json(&r);
    assert_true(json_is_true(json_object_get(doc, "hidden"))); /* 4 ballots < min_group 5 */
    json_decref(doc);
    snprintf(url, sizeof(url), "/evaluations/%lld/results", id);
    assert_int_equal(request(h, "GET", url, ta, NULL, 0, &r), 200);
    assert_true(body_has(&r, "2026年度述职民主测评"));
    snprintf(url, sizeof(url), "/evaluations/%lld/results.xlsx", id);
    assert_int_equal(request(h, "GET", url, ta, NULL, 0, &r), 200);
    assert_true(r.body.len > 4 && memcmp(buf_str(&r.body), "PK", 2) == 0);
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
    db_close(db);
}

/* The body contains each of the rows, in order. */
static void expect_rows(const struct resp *r, const char *const *rows, size_t n)
{
    const char *at = buf_str(&r->body);
    for (size_t i = 0; i < n; i++) {
        const char *p = strstr(at, rows[i]);
        if (!p)
            fail_msg("row %zu not found after offset %td: %s", i, at - buf_str(&r->body), rows[i]);
        at = p + strlen(rows[i]);
    }
}

/* The printable results of a closed session over HTTP: the fixture's hand-computed counts,
 * shares and scores in the ranking and in each group's table, the comments; only for readers
 * of the holding unit. */
static void test_results_page(void **state)
{
    (void)state;
    char path[TEST_PATH_LEN], tok[TOKEN_TEXT], tok_voter[TOKEN_TEXT], url[128];
    struct eworld w;
    eworld_open_at(&w, path);
    add_token(w.db, "eadmin", tok);
    add_token(w.db, "kv0", tok_voter);
    long long id = tally_fixture(&w);
    open_close(&w, id, 0);
    struct server *srv = test_server_start(path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };
    snprintf(url, sizeof(url), "/evaluations/%lld/results", id);
    assert_int_equal(request(h, "GET", url, tok, NULL, 0, &r), 200);
    /* five ballots of six eligible (four accounts at K1, two codes) */
    assert_true(body_has(&r, "有效票数 5"));
    assert_true(body_has(&r, "5 / 6"));
    assert_false(body_has(&r, "参评人数不足"));
    static const char *const rows[] = {
        /* rank, name, excellent, competent, basic, incompetent, shares, score */
        "<tr><td class=\"num\">1</td><td>王处长</td><td class=\"num\">2</td>"
        "<td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">0</td>"
        "<td class=\"num\">40.00%</td><td class=\"num\">80.00%</td>"
        "<td class=\"num\">86.33</td></tr>",
        "<tr><td class=\"num\">2</td><td>李处长</td><td class=\"num\">2</td>"
        "<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td>"
        "<td class=\"num\">40.00%</td><td class=\"num\">60.00%</td>"
        "<td class=\"num\">62.67</td></tr>",
        /* group A, 3 ballots: E E C and I B C */
        "<h2>中层干部(有效票数 3)</h2>",
        "<tr><td>王处长</td><td class=\"num\">2</td><td class=\"num\">1</td>"
        "<td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">93.33</td></tr>",
        "<tr><td>李处长</td><td class=\"num\">0</td><td class=\"num\">1</td>"
        "<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">46.67</td></tr>",
        /* group B, 2 ballots: C B and E E */
        "<h2>服务对象(有效票数 2)</h2>",
        "<tr><td>王处长</td><td class=\"num\">0</td><td class=\"num\">1</td>"
        "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">70.00</td></tr>",
        "<tr><td>李处长</td><td class=\"num\">2</td><td class=\"num\">0</td>"
        "<td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">100.00</td></tr>",
    };
    expect_rows(&r, rows, sizeof(rows) / sizeof(rows[0]));
    assert_true(body_has(&r, "意见一"));
    assert_true(body_has(&r, "意见二"));
    /* a voter who is no reader of the holding unit sees no results */
    assert_int_equal(request(h, "GET", url, tok_voter, NULL, 0, &r), 404);
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
    db_close(w.db);
}

/* The session pages over HTTP: the list with each session's state and turnout, a draft with its
 * officials, their escaped duty report and its file, downloaded as an attachment; nothing of it
 * for an outsider. */
static void test_session_pages(void **state)
{
    (void)state;
    char path[TEST_PATH_LEN], tok[TOKEN_TEXT], tok_out[TOKEN_TEXT], url[128], want[256];
    struct eworld w;
    eworld_open_at(&w, path);
    add_token(w.db, "eadmin", tok);
    add_token(w.db, "out", tok_out);
    long long closed = tally_fixture(&w);
    open_close(&w, closed, 0);
    long long draft = simple_session(&w, 0);
    struct err e = { 0 };
    must(eval_report_set(w.db, &w.admin, draft, w.cand[0], "一年来<认真>履职。", &(struct attachment_input){ "述职.txt", "text/plain", "report body", 11 }, &e),
         RES_OK, &e, "report");
    struct server *srv = test_server_start(path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };

    assert_int_equal(request(h, "GET", "/evaluations", tok, NULL, 0, &r), 200);
    snprintf(want, sizeof(want),
             "<a href=\"/evaluations/%lld\">测评</a></td><td>测试省委组织部</td><td>已结束</td>"
             "<td class=\"num\">5 / 6(83%%)</td>",
             closed);
    assert_true(body_has(&r, want));
    snprintf(want, sizeof(want), "<a href=\"/evaluations/%lld\">2026年度处长述职民主测评</a>",
             draft);
    assert_true(body_has(&r, want));
    assert_true(body_has(&r, "筹备中"));
    assert_true(body_has(&r, "action=\"/evaluations\""));

    snprintf(url, sizeof(url), "/evaluations/%lld", draft);
    assert_int_equal(request(h, "GET", url, tok, NULL, 0, &r), 200);
    assert_true(body_has(&r, "王处长"));
    assert_true(body_has(&r, "李处长"));
    assert_true(body_has(&r, "一年来&lt;认真&gt;履职。"));
    snprintf(want, sizeof(want), "<a href=\"/evaluations/%lld/reports/%lld\">述职.txt</a>", draft,
             w.cand[0]);
    assert_true(body_has(&r, want));
    assert_true(body_has(&r, "编辑述职报告"));
    assert_int_equal(request(h, "GET", url, tok_out, NULL, 0, &r), 404);

    snprintf(url, sizeof(url), "/evaluations/%lld/reports/%lld", draft, w.cand[0]);
    assert_int_equal(request(h, "GET", url, tok, NULL, 0, &r), 200);
    assert_string_equal(buf_str(&r.body), "report body");
    assert_non_null(strstr(buf_str(&r.head), "Content-Type: application/octet-stream"));
    assert_non_null(strstr(buf_str(&r.head), "Content-Disposition: attachment;"));
    assert_int_equal(request(h, "GET", url, tok_out, NULL, 0, &r), 404);
    snprintf(url, sizeof(url), "/evaluations/%lld/reports/%lld", draft, w.cand[1]); /* none */
    assert_int_equal(request(h, "GET", url, tok, NULL, 0, &r), 404);
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
    db_close(w.db);
}

/* With rater groups, the voters are the groups': a session-wide voter unit or paper codes, or a
 * group's role without its voter unit, would be dropped without a word, so the API and the page
 * form refuse them with 400 naming the field and store nothing; groups alone are taken. */
static void test_groups_conflicts(void **state)
{
    (void)state;
    char path[TEST_PATH_LEN], tok[TOKEN_TEXT], body[512], fields[1024], groups[256];
    struct eworld w;
    eworld_open_at(&w, path);
    add_token(w.db, "eadmin", tok);
    struct server *srv = test_server_start(path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };
    long long before[8];
    snapshot(w.db, before);
    snprintf(groups, sizeof(groups),
             "\"groups\":[{\"name\":\"中层干部\",\"weight\":70,\"voter_unit\":\"K1\"},"
             "{\"name\":\"服务对象\",\"weight\":30,\"paper_codes\":3}]");
    struct {
        const char *extra; /* members besides unit, title, candidates and groups */
        const char *field; /* the field named */
    } api_cases[] = {
        { "\"voter_unit\":\"K1\",", "voter_unit" },
        { "\"paper_codes\":5,", "paper_codes" },
        { "\"voter_unit\":\"K2\",\"paper_codes\":5,", "voter_unit" },
    };
    for (size_t i = 0; i < sizeof(api_cases) / sizeof(api_cases[0]); i++) {
        snprintf(body, sizeof(body),
                 "{\"unit\":\"P\",\"title\":\"测评\",\"candidates\":[%lld,%lld],%s%s}", w.cand[0],
                 w.cand[1], api_cases[i].extra, groups);
        api(h, "POST", "/api/v1/evaluations", tok, body, &r);
        expect_error(&r, 400, api_cases[i].field);
    }
    snprintf(body, sizeof(body),
             "{\"unit\":\"P\",\"title\":\"测评\",\"candidates\":[%lld],\"groups\":[{\"name\":"
             "\"班子\",\"weight\":50,\"role\":\"leader\",\"paper_codes\":3}]}",
             w.cand[0]);
    api(h, "POST", "/api/v1/evaluations", tok, body, &r);
    expect_error(&r, 400, "role");
    expect_same(w.db, before, "a refused create over the API");

    /* the page form: the field is named on the page */
    login_as(h, "eadmin");
    static const char form_groups[] = "%E4%B8%AD%E5%B1%82%E5%B9%B2%E9%83%A8%2C70%2CK1%2C0%0A"
                                      "%E6%9C%8D%E5%8A%A1%E5%AF%B9%E8%B1%A1%2C30%2C%2C3";
    snprintf(fields, sizeof(fields),
             "title=%%E6%%B5%%8B%%E8%%AF%%84&unit=P&candidates=%lld,%lld&voter_unit=K1"
             "&paper_codes=0&min_group=5&groups=%s",
             w.cand[0], w.cand[1], form_groups);
    assert_int_equal(post_form(h, "/evaluations", "/evaluations", fields, &r), 400);
    assert_true(body_has(&r, "voter_unit"));
    snprintf(fields, sizeof(fields),
             "title=%%E6%%B5%%8B%%E8%%AF%%84&unit=P&candidates=%lld,%lld&voter_unit="
             "&paper_codes=4&min_group=5&groups=%s",
             w.cand[0], w.cand[1], form_groups);
    assert_int_equal(post_form(h, "/evaluations", "/evaluations", fields, &r), 400);
    assert_true(body_has(&r, "paper_codes"));
    expect_same(w.db, before, "a refused create by the form");

    /* groups alone (the form's empty voter unit and zero codes are no conflict) */
    snprintf(fields, sizeof(fields),
             "title=%%E6%%B5%%8B%%E8%%AF%%84&unit=P&candidates=%lld,%lld&voter_unit="
             "&paper_codes=0&min_group=5&groups=%s",
             w.cand[0], w.cand[1], form_groups);
    assert_int_equal(post_form(h, "/evaluations", "/evaluations", fields, &r), 303);
    assert_int_equal(count(w.db, "SELECT count(*) FROM evaluation_group WHERE name IN"
                                 " ('中层干部', '服务对象')"),
                     2);
    assert_int_equal(count(w.db, "SELECT count(*) FROM evaluation_code"), 3);
    snprintf(body, sizeof(body), "{\"unit\":\"P\",\"title\":\"测评二\",\"candidates\":[%lld],%s}",
             w.cand[0], groups);
    assert_int_equal(api(h, "POST", "/api/v1/evaluations", tok, body, &r), 201);
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
    db_close(w.db);
}

/* A duty report's attachment must be a document or image whose type matches its name (the check
 * task progress files have): 400 naming "attachment" over the API and on the page form, nothing
 * stored; such a file is taken by both. */
static void test_report_file_types(void **state)
{
    (void)state;
    char path[TEST_PATH_LEN], tok[TOKEN_TEXT], body[512], url[128];
    struct eworld w;
    eworld_open_at(&w, path);
    add_token(w.db, "eadmin", tok);
    long long id = simple_session(&w, 0);
    struct server *srv = test_server_start(path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };
    static const char stored_sql[] = "SELECT count(*) FROM attachment"
                                     " WHERE owner = 'evaluation'";
    snprintf(url, sizeof(url), "/api/v1/evaluations/%lld/reports", id);
    static const char *const refused[][2] = {
        { "述职.exe", "application/x-msdownload" },
        { "述职.html", "text/html" },
        { "述职.pdf", "text/html" }, /* the type does not match the name */
        { "述职", "application/pdf" },
        { "述职.svg", "image/svg+xml" },
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        snprintf(body, sizeof(body),
                 "{\"person\":%lld,\"report\":\"述职\",\"attachment\":{\"name\":\"%s\","
                 "\"type\":\"%s\",\"data\":\"PGI+aGk8L2I+\"}}",
                 w.cand[0], refused[i][0], refused[i][1]);
        api(h, "POST", url, tok, body, &r);
        expect_error(&r, 400, "attachment");
    }
    /* the report text left out is a mistake, not a way to clear it */
    snprintf(body, sizeof(body), "{\"person\":%lld}", w.cand[0]);
    api(h, "POST", url, tok, body, &r);
    expect_error(&r, 400, "report");
    assert_int_equal(count(w.db, stored_sql), 0);
    snprintf(body, sizeof(body),
             "{\"person\":%lld,\"report\":\"述职\",\"attachment\":{\"name\":\"述职.PDF\","
             "\"type\":\"application/pdf\",\"data\":\"JVBERi0=\"}}",
             w.cand[0]);
    assert_int_equal(api(h, "POST", url, tok, body, &r), 200);
    assert_int_equal(count(w.db, stored_sql), 1);

    /* the page form (multipart), as a browser sends it */
    login_as(h, "eadmin");
    char page[64], action[64], csrf[128], person[32];
    snprintf(page, sizeof(page), "/evaluations/%lld", id);
    snprintf(action, sizeof(action), "/evaluations/%lld/reports", id);
    snprintf(person, sizeof(person), "%lld", w.cand[1]);
    for (int ok = 0; ok < 2; ok++) {
        assert_int_equal(request(h, "GET", page, NULL, NULL, 0, &r), 200);
        curl_mime *mime = curl_mime_init(h);
        mime_add(mime, "csrf", csrf_in(&r, csrf, sizeof(csrf)), NULL, NULL);
        mime_add(mime, "person", person, NULL, NULL);
        mime_add(mime, "report", "述职正文", NULL, NULL);
        if (ok)
            mime_add(mime, "attachment", "照片", "述职照片.jpg", "image/jpeg");
        else
            mime_add(mime, "attachment", "<script>x</script>", "述职.html", "text/html");
        long status = request_mime(h, "POST", action, NULL, NULL, 0, mime, &r);
        curl_mime_free(mime);
        if (ok) {
            assert_int_equal(status, 303);
            assert_int_equal(count(w.db, stored_sql), 2);
        } else {
            assert_int_equal(status, 400);
            assert_true(body_has(&r, "attachment"));
            assert_true(body_has(&r, "文件类型不允许"));
            assert_int_equal(count(w.db, stored_sql), 1);
        }
    }
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
    db_close(w.db);
}

/* Migration 6 moves a ballot's grades from a row per official into one letter per official in
 * ballot order, and the results read from a migrated database equal those cast before. */
static void test_grades_migration(void **state)
{
    (void)state;
    /* two officials on the ballot, positions the reverse of their ids; two ballots */
    static const char fixture[] =
        "INSERT INTO unit(id, code, name, kind, path, depth) VALUES (1, 'P', 'P', 'province',"
        " '/00000001/', 0);"
        "INSERT INTO person(id, unit_id, name) VALUES (1, 1, 'a'), (2, 1, 'b');"
        "INSERT INTO evaluation(id, unit_id, title, state, min_group, created)"
        " VALUES (1, 1, 't', 'closed', 1, '2026-01-01');"
        "INSERT INTO evaluation_candidate(eval_id, person_id, position) VALUES (1, 2, 0), (1, 1, 1);"
        "INSERT INTO evaluation_group(id, eval_id, name, weight) VALUES (1, 1, 'g', 100);"
        "INSERT INTO evaluation_ballot(eval_id, id, group_id, comment)"
        " VALUES (1, x'01', 1, ''), (1, x'02', 1, 'ok');"
        "INSERT INTO evaluation_grade(eval_id, ballot_id, person_id, grade) VALUES"
        " (1, x'01', 1, 'excellent'), (1, x'01', 2, 'basic'),"
        " (1, x'02', 1, 'incompetent'), (1, x'02', 2, 'competent');";
    struct db *db = test_open_migrated(5, fixture);
    sqlite3_stmt *st = db_stmt(db, "SELECT group_concat(grades, ' ') FROM"
                                   " (SELECT grades FROM evaluation_ballot ORDER BY id)");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(db_col_text(st, 0), "BE CI");
    db_done(st);
    assert_int_equal(db_count(db, "SELECT count(*) FROM sqlite_master WHERE name ="
                                  " 'evaluation_grade'", NULL, -1),
                     0);
    struct actor sys;
    actor_system(&sys);
    struct eval_results res = { 0 };
    struct err e = { 0 };
    must(eval_results(db, &sys, 1, &res, &e), RES_OK, &e, "results");
    assert_int_equal(res.n_rows, 2);
    for (size_t i = 0; i < res.n_rows; i++) {
        const struct eval_row *row = &res.rows[i];
        long long want[2][GRADE_COUNT] = { { 1, 0, 0, 1 }, { 0, 1, 1, 0 } };
        for (int g = 0; g < GRADE_COUNT; g++)
            assert_int_equal(row->all.counts[g], want[row->person - 1][g]);
    }
    eval_results_free(&res);
    db_close(db);
}

int test_evaluation(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_voters),    cmocka_unit_test(test_create_refusals),   cmocka_unit_test(test_ballot_rules),
        cmocka_unit_test(test_tally_fixture),     cmocka_unit_test(test_min_group),
        cmocka_unit_test(test_secrecy),           cmocka_unit_test(test_scope),
        cmocka_unit_test(test_duty_reports),      cmocka_unit_test(test_http_api),
        cmocka_unit_test(test_grades_migration),  cmocka_unit_test(test_results_page),
        cmocka_unit_test(test_session_pages),     cmocka_unit_test(test_groups_conflicts),
        cmocka_unit_test(test_report_file_types),
    };
    return cmocka_run_group_tests_name("evaluation", tests, NULL, NULL);
}
