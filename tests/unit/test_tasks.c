/*
 * Tests of work plans and tasks (src/task; DESIGN.md mechanisms 1 and 2): decomposition level by
 * level, scope, acceptance and return, lights and flags from TAIZHANG_TODAY, supervision and
 * notice serials, the roll-up counts against a rebuild, CSV import and the audit timeline, on
 * real SQLite files through the model API; then the task API and the ledger exports over real
 * loopback HTTP with the server in-process. No mocks.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"
#include "testlib.h"

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/scope.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/xlsx.h"
#include "db/db.h"
#include "http/http.h"
#include "person/person.h"
#include "registry/registry.h"
#include "report/indicator.h"
#include "report/report.h"
#include "routes.h"
#include "task/plan.h"
#include "task/notice.h"
#include "task/supervision.h"
#include "task/task.h"
#include "auth/outbox.h"
#include "person/person.h"
#include "task/instruction.h"
#include "task/task_cycle.h"
#include "unit/leader.h"
#include "unit/unit.h"

#define PASSWORD TEST_PASSWORD

enum { PATH_LEN = TEST_PATH_LEN };

/* ---- helpers: the store ---- */

/* Every test leaves the clock as it found it, failed or not. */
static int reset_today(void **state)
{
    (void)state;
    set_today(NULL);
    return 0;
}

/* The one value a query selects. */
static long long n_rows(struct db *db, const char *sql)
{
    return db_count(db, sql, NULL, -1);
}

static long long n_tasks(struct db *db)
{
    return n_rows(db, "SELECT count(*) FROM task");
}

static long long n_audit(struct db *db)
{
    return n_rows(db, "SELECT count(*) FROM audit");
}

/* Adds an account and returns its actor. */
static void make_actor(struct db *db, const char *unit, const char *login, const char *role,
                       struct actor *out)
{
    add_account(db, unit, login, login, role);
    actor_of(db, login, out);
}

/* A fresh database with the tree and the actors most tests need. */
struct world {
    struct db *db;    /* the store */
    struct actor sys; /* the command line */
    struct actor p;   /* admin at P, also the responsible leader */
    struct actor c1;  /* staff at C1 */
    struct actor c1b; /* another staff at C1 */
    struct actor k1;  /* staff at K1 */
    struct actor k2;  /* staff at K2 */
    struct actor c2;  /* staff at C2 */
    struct actor sp;  /* supervisor at P */
    long long leader; /* the person id of p */
};

static void world_open(struct world *w)
{
    memset(w, 0, sizeof(*w));
    w->db = open_fresh(NULL);
    actor_system(&w->sys);
    build_tree(w->db);
    w->leader = add_account(w->db, "P", "padmin", "省管理员", "admin");
    actor_of(w->db, "padmin", &w->p);
    assert_int_equal(w->p.person_id, w->leader);
    make_actor(w->db, "C1", "c1", "staff", &w->c1);
    make_actor(w->db, "C1", "c1b", "staff", &w->c1b);
    make_actor(w->db, "K1", "k1", "staff", &w->k1);
    make_actor(w->db, "K2", "k2", "staff", &w->k2);
    make_actor(w->db, "C2", "c2", "staff", &w->c2);
    make_actor(w->db, "P", "sp", "supervisor", &w->sp);
}

static void world_close(struct world *w)
{
    db_close(w->db);
    w->db = NULL;
}

/* ---- helpers: tasks ---- */

/* Creates a key task as who; fails the test on a refusal. */
static long long mk_task(struct db *db, const struct actor *who, const char *title,
                         const char *lead, const char *deadline, long long leader)
{
    struct task_input in = {
        .title = title, .kind = "key", .lead_unit = lead, .deadline = deadline, .leader = leader
    };
    struct err e = { 0 };
    long long id = 0;
    enum result r = task_create(db, who, &in, &id, &e);
    if (r != RES_OK)
        fail_msg("task_create '%s' as %s: %d %s %s", title, who->login, r, e.field ? e.field : "-",
                 e.msg ? e.msg : "-");
    assert_true(id > 0);
    return id;
}

/* Splits one sub-task off parent as who; fails the test on a refusal. */
static long long mk_split(struct db *db, const struct actor *who, long long parent,
                          const char *lead, const char *title, const char *deadline)
{
    struct task_input in = { .title = title, .lead_unit = lead, .deadline = deadline };
    struct err e = { 0 };
    long long id = 0;
    enum result r = task_split(db, who, parent, &in, 1, &id, &e);
    if (r != RES_OK)
        fail_msg("task_split %lld to %s as %s: %d %s %s", parent, lead, who->login, r,
                 e.field ? e.field : "-", e.msg ? e.msg : "-");
    assert_true(id > 0);
    return id;
}

static void do_report(struct db *db, const struct actor *who, long long id, const char *text,
                      long long percent, int done)
{
    struct err e = { 0 };
    enum result r = task_report(db, who, id, text, percent, done, NULL, 0, &e);
    if (r != RES_OK)
        fail_msg("task_report %lld as %s: %d %s", id, who->login, r, e.field ? e.field : "-");
}

static void do_accept(struct db *db, const struct actor *who, long long id)
{
    struct err e = { 0 };
    enum result r = task_accept(db, who, id, NULL, &e);
    if (r != RES_OK)
        fail_msg("task_accept %lld as %s: %d %s %s", id, who->login, r, e.field ? e.field : "-",
                 e.msg ? e.msg : "-");
}

/* Reports a task done as the command line (no account, so anyone above may accept it) and
 * accepts it as who. */
static void finish(struct db *db, const struct actor *who, long long id)
{
    struct actor sys;
    actor_system(&sys);
    do_report(db, &sys, id, "已完成", 100, 1);
    do_accept(db, who, id);
}

/* One task as task_get or task_list passed it, copied out of the callback. */
struct seen {
    int n;                  /* calls */
    long long id;           /* task id */
    long long parent_id;    /* parent, 0 for none */
    long long leader_id;    /* responsible leader */
    long long n_children;   /* sub-tasks directly below */
    int depth;              /* split level */
    int percent;            /* progress */
    char title[1024];       /* title */
    char kind[16];          /* key | routine */
    char state[16];         /* state */
    char deadline[16];      /* deadline */
    char last_activity[16]; /* day of the last report */
    char lead[40];          /* lead unit code */
    char assigner[40];      /* assigning unit code */
    char lead_name[80];     /* lead unit name */
    char leader_name[80];   /* responsible leader's name */
    char light_reason[16];  /* why the light, "" for none */
    enum task_light light;  /* light */
    int overdue;            /* open and past the deadline */
    int due_soon;           /* open and due within 3 days */
    int stalled;            /* open and no report for 30 days */
};

static void on_seen(void *ctx, const struct task *t)
{
    struct seen *s = ctx;
    s->n++;
    s->id = t->id;
    s->parent_id = t->parent_id;
    s->leader_id = t->leader_id;
    s->n_children = t->n_children;
    s->depth = t->depth;
    s->percent = t->percent;
    snprintf(s->title, sizeof(s->title), "%s", t->title);
    snprintf(s->kind, sizeof(s->kind), "%s", t->kind);
    snprintf(s->state, sizeof(s->state), "%s", t->state);
    snprintf(s->deadline, sizeof(s->deadline), "%s", t->deadline);
    snprintf(s->last_activity, sizeof(s->last_activity), "%s", t->last_activity);
    snprintf(s->lead, sizeof(s->lead), "%s", t->lead_code);
    snprintf(s->assigner, sizeof(s->assigner), "%s", t->assigner_code);
    snprintf(s->lead_name, sizeof(s->lead_name), "%s", t->lead_name);
    snprintf(s->leader_name, sizeof(s->leader_name), "%s", t->leader_name);
    s->light = t->light;
    snprintf(s->light_reason, sizeof(s->light_reason), "%s", t->light_reason ? t->light_reason : "");
    s->overdue = t->overdue;
    s->due_soon = t->due_soon;
    s->stalled = t->stalled;
}

/* The task as who sees it; fails the test when it is not visible. */
static struct seen get_ok(struct db *db, const struct actor *who, long long id)
{
    struct seen s = { 0 };
    enum result r = task_get(db, who, id, on_seen, &s);
    if (r != RES_OK)
        fail_msg("task_get %lld as %s: %d", id, who->login, r);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.id, id);
    return s;
}

static void expect_hidden(struct db *db, const struct actor *who, long long id)
{
    struct seen s = { 0 };
    enum result r = task_get(db, who, id, on_seen, &s);
    if (r != RES_NOT_FOUND || s.n != 0)
        fail_msg("task %lld is visible to %s (%d)", id, who->login, r);
}

static const char *state_of(struct db *db, long long id)
{
    static char state[16];
    struct actor sys;
    actor_system(&sys);
    struct seen s = get_ok(db, &sys, id);
    snprintf(state, sizeof(state), "%s", s.state);
    return state;
}

/* Titles seen by task_list, comma separated, and how many. */
struct titles {
    struct buf b; /* the titles */
    long long n;  /* rows */
};

static void on_title(void *ctx, const struct task *t)
{
    struct titles *c = ctx;
    buf_addf(&c->b, "%s%s", c->n ? "," : "", t->title);
    c->n++;
}

/* Lists with the filter and checks the result, the titles in order and that the total counts
 * the rows. */
static void expect_filter(struct db *db, const struct actor *who, const struct task_filter *f,
                          enum result want_r, const char *want)
{
    struct titles c = { .n = 0 };
    buf_init(&c.b, 1 << 16);
    long long total = -1;
    struct err e = { 0 };
    enum result r = task_list(db, who, f, on_title, &c, &total, &e);
    if (r != want_r || strcmp(buf_str(&c.b), want) != 0)
        fail_msg("task_list(%s, subtree %d, state %s) as %s: %d '%s', want %d '%s'", f->unit,
                 f->subtree, f->state ? f->state : "-", who->login, r, buf_str(&c.b), want_r, want);
    if (r == RES_OK && f->offset == 0 && c.n < f->limit && total != c.n)
        fail_msg("task_list(%s, %s): total %lld for %lld rows", f->unit, f->state ? f->state : "-",
                 total, c.n);
    buf_release(&c.b);
}

static void expect_list(struct db *db, const struct actor *who, const char *unit, int subtree,
                        const char *state, enum result want_r, const char *want)
{
    struct task_filter f = { .unit = unit, .subtree = subtree, .state = state, .limit = 1000 };
    expect_filter(db, who, &f, want_r, want);
}

/* The total of tasks led in unit's subtree in a state, as the roll-up counts answer it. */
static long long lead_total(struct db *db, const struct actor *who, const char *unit,
                            const char *state)
{
    struct task_filter f = {
        .unit = unit, .subtree = 1, .state = state, .role = TASK_ROLE_LEAD, .limit = 0
    };
    struct titles c = { .n = 0 };
    buf_init(&c.b, 1024);
    long long total = -1;
    struct err e = { 0 };
    assert_int_equal(task_list(db, who, &f, on_title, &c, &total, &e), RES_OK);
    assert_int_equal(c.n, 0);
    buf_release(&c.b);
    return total;
}

/* Every row of the three roll-up tables, in key order. */
static char *tally_snapshot(struct db *db)
{
    static const char *const sql[] = {
        "SELECT 'tally', unit_id, total, accepted, on_time, reminders, urges, criticisms,"
        " notice_praises, notice_criticisms FROM task_tally ORDER BY unit_id",
        "SELECT 'open', unit_id, deadline, n FROM task_open ORDER BY unit_id, deadline",
        "SELECT 'month', unit_id, month, n FROM task_open_month ORDER BY unit_id, month",
    };
    struct buf b;
    buf_init(&b, 1 << 20);
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        assert_int_equal(sqlite3_exec(db->h, sql[i], test_snap_row, &b, NULL), SQLITE_OK);
    assert_int_equal(b.err, 0);
    return buf_detach(&b, NULL);
}

/* Rebuilds the roll-up counts and checks that the kept ones were already the same. */
static void expect_tally_rebuilds_same(struct db *db)
{
    char *kept = tally_snapshot(db);
    assert_int_equal(task_tally_rebuild(db), RES_OK);
    char *rebuilt = tally_snapshot(db);
    if (strcmp(kept, rebuilt) != 0)
        fail_msg("the kept roll-up counts differ from a rebuild:\n%s\nrebuilt:\n%s", kept, rebuilt);
    assert_true(strlen(kept) > 0);
    free(kept);
    free(rebuilt);
}

/* The store's task rows, the audit length and the roll-up counts: equal snapshots mean a
 * refusal changed nothing. */
static char *store_snapshot(struct db *db)
{
    char *tally = tally_snapshot(db);
    struct buf b;
    buf_init(&b, 1 << 20);
    static const char *const sql[] = {
        "SELECT id, state, percent, last_activity, coalesce(reported_by, 0) FROM task ORDER BY id",
        "SELECT count(*) FROM task_progress",
        "SELECT count(*) FROM task_assist",
        "SELECT count(*) FROM task_milestone",
        "SELECT count(*) FROM attachment",
        "SELECT count(*) FROM supervision",
        "SELECT count(*) FROM plan",
        "SELECT count(*) FROM audit",
        "SELECT count(*) FROM outbox",
    };
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        assert_int_equal(sqlite3_exec(db->h, sql[i], test_snap_row, &b, NULL), SQLITE_OK);
    buf_adds(&b, tally);
    free(tally);
    assert_int_equal(b.err, 0);
    return buf_detach(&b, NULL);
}

static void expect_unchanged(struct db *db, const char *before, const char *what)
{
    char *now = store_snapshot(db);
    if (strcmp(now, before) != 0)
        fail_msg("%s changed the store:\n%s\nbecame\n%s", what, before, now);
    free(now);
}

static void expect_audit_ok(struct db *db)
{
    struct buf msg;
    buf_init(&msg, 1024);
    long long n = -1, bad = -1;
    enum result r = audit_verify(db, &n, &bad, &msg);
    if (r != RES_OK)
        fail_msg("audit_verify: %d %s", r, buf_str(&msg));
    assert_int_equal(n, n_audit(db));
    assert_int_equal(bad, 0);
    buf_release(&msg);
}

/* A refused create: the result, the field named, nothing stored. */
static void expect_create_refused(struct world *w, const struct task_input *in, const char *field,
                                  const char *what)
{
    char *before = store_snapshot(w->db);
    struct err e = { 0 };
    long long id = -1;
    enum result r = task_create(w->db, &w->p, in, &id, &e);
    if (r != RES_INVALID || !e.field || strcmp(e.field, field) != 0)
        fail_msg("%s: task_create gave %d field %s, want %d field %s", what, r,
                 e.field ? e.field : "-", RES_INVALID, field);
    assert_true(e.msg != NULL);
    expect_unchanged(w->db, before, what);
    free(before);
}

/* ---- decomposition ---- */

static void tree_row(void *ctx, const struct task *t)
{
    struct buf *b = ctx;
    buf_addf(b, "%s%s:%d:%s", b->len ? "," : "", t->title, t->depth, t->lead_code);
}

static void test_three_levels(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    long long top = mk_task(w.db, &w.p, "落实干部考核评价办法", "C1", "2036-12-31", w.leader);
    struct seen s = get_ok(w.db, &w.p, top);
    /* the lead unit's message, for taizhang notify, written with the task */
    char path[32];
    snprintf(path, sizeof(path), "/tasks/%lld", top);
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM outbox o JOIN unit u ON u.id = o.unit_id"
                                    " WHERE o.kind = 'task.assigned' AND u.code = 'C1'"
                                    " AND o.title = '落实干部考核评价办法' AND o.text LIKE"
                                    " '%2036-12-31' AND o.path = ?1", path, -1), 1);
    assert_int_equal(s.depth, 0);
    assert_int_equal(s.parent_id, 0);
    assert_string_equal(s.assigner, "P");
    assert_string_equal(s.lead, "C1");
    assert_string_equal(s.state, "assigned");
    assert_string_equal(s.kind, "key");
    assert_string_equal(s.last_activity, "2036-01-01");
    assert_int_equal(s.leader_id, w.leader);
    assert_int_equal(s.n_children, 0);

    /* the city splits its task to both counties in one call; the kind is the parent's */
    struct task_input kids[] = {
        { .title = "甲县落实", .lead_unit = "K1", .deadline = "2036-11-30", .kind = "routine" },
        { .title = "乙县落实", .lead_unit = "K2", .deadline = "2036-11-30" },
    };
    long long ids[2] = { 0, 0 };
    struct err e = { 0 };
    assert_int_equal(task_split(w.db, &w.c1, top, kids, 2, ids, &e), RES_OK);
    assert_true(ids[0] > top && ids[1] > ids[0]);
    for (int i = 0; i < 2; i++) {
        s = get_ok(w.db, &w.c1, ids[i]);
        assert_int_equal(s.parent_id, top);
        assert_int_equal(s.depth, 1);
        assert_string_equal(s.assigner, "C1");
        assert_string_equal(s.lead, i ? "K2" : "K1");
        assert_string_equal(s.kind, "key");
        assert_string_equal(s.state, "assigned");
        assert_int_equal(s.leader_id, 0); /* never the parent's; the counties record none */
    }
    assert_int_equal(get_ok(w.db, &w.p, top).n_children, 2);

    /* a task at the province, split to a city, split again to a county */
    long long prov = mk_task(w.db, &w.p, "全省统筹推进", "P", "2036-12-31", 0);
    long long city = mk_split(w.db, &w.p, prov, "C1", "市级分解", "2036-10-31");
    long long county = mk_split(w.db, &w.c1, city, "K1", "县级落实", "2036-09-30");
    s = get_ok(w.db, &w.k1, county);
    assert_int_equal(s.depth, 2);
    assert_int_equal(s.parent_id, city);
    assert_string_equal(s.assigner, "C1");
    assert_string_equal(s.lead, "K1");
    s = get_ok(w.db, &w.c1, city);
    assert_int_equal(s.depth, 1);
    assert_int_equal(s.parent_id, prov);
    assert_string_equal(s.assigner, "P");
    assert_int_equal(s.n_children, 1);

    /* the parent shows its whole subtree in tree order */
    struct buf b;
    buf_init(&b, 4096);
    assert_int_equal(task_tree(w.db, &w.p, prov, tree_row, &b), RES_OK);
    assert_string_equal(buf_str(&b), "市级分解:1:C1,县级落实:2:K1");
    buf_reset(&b);
    assert_int_equal(task_tree(w.db, &w.c1, top, tree_row, &b), RES_OK);
    assert_string_equal(buf_str(&b), "甲县落实:1:K1,乙县落实:1:K2");
    buf_reset(&b);
    /* the county cannot read the tree of a task above it */
    assert_int_equal(task_tree(w.db, &w.k1, prov, tree_row, &b), RES_NOT_FOUND);
    assert_string_equal(buf_str(&b), "");
    buf_release(&b);

    /* each sub-task is in the receiving unit's ledger */
    expect_list(w.db, &w.k1, "K1", 0, NULL, RES_OK, "县级落实,甲县落实");
    expect_list(w.db, &w.c1, "C1", 0, NULL, RES_OK, "市级分解,落实干部考核评价办法");
    assert_int_equal(
        db_count(w.db, "SELECT count(*) FROM audit WHERE action = ?1", "task.split", -1), 4);
    assert_int_equal(
        db_count(w.db, "SELECT count(*) FROM audit WHERE action = ?1", "task.create", -1), 2);
    expect_tally_rebuilds_same(w.db);
    expect_audit_ok(w.db);
    world_close(&w);
}

/* ---- scope ---- */

static void test_scope(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    long long top = mk_task(w.db, &w.p, "落实干部考核评价办法", "C1", "2036-12-31", w.leader);
    long long a = mk_split(w.db, &w.c1, top, "K1", "甲县落实", "2036-11-30");
    long long b = mk_split(w.db, &w.c1, top, "K2", "乙县落实", "2036-11-30");
    /* a task of C2 that K1 assists */
    const char *assist[] = { "K1" };
    struct task_input xin = { .title = "协办任务",
                              .kind = "routine",
                              .lead_unit = "C2",
                              .assist_units = assist,
                              .n_assist = 1,
                              .deadline = "2036-10-31" };
    long long x = 0;
    struct err e = { 0 };
    assert_int_equal(task_create(w.db, &w.p, &xin, &x, &e), RES_OK);

    /* the county sees its own sub-task, not its sibling's, nor the city's task */
    assert_string_equal(get_ok(w.db, &w.k1, a).title, "甲县落实");
    expect_hidden(w.db, &w.k1, b);
    expect_hidden(w.db, &w.k1, top);
    assert_string_equal(get_ok(w.db, &w.k1, x).title, "协办任务");
    expect_list(w.db, &w.k1, "K1", 0, NULL, RES_OK, "协办任务,甲县落实");
    expect_list(w.db, &w.k1, "K1", 1, NULL, RES_OK, "协办任务,甲县落实");
    struct task_filter f = { .unit = "K1", .role = TASK_ROLE_LEAD, .limit = 100 };
    expect_filter(w.db, &w.k1, &f, RES_OK, "甲县落实");
    f.role = TASK_ROLE_ASSIST;
    expect_filter(w.db, &w.k1, &f, RES_OK, "协办任务");
    expect_list(w.db, &w.k1, "K2", 0, NULL, RES_NOT_FOUND, "");
    expect_list(w.db, &w.k1, "K2", 1, "open", RES_NOT_FOUND, "");
    expect_list(w.db, &w.k1, "C1", 1, NULL, RES_NOT_FOUND, "");
    expect_list(w.db, &w.k1, "P", 1, NULL, RES_NOT_FOUND, "");
    struct task_stats st;
    assert_int_equal(task_stats(w.db, &w.k1, "K2", &st, NULL, NULL, &e), RES_NOT_FOUND);
    assert_int_equal(task_stats(w.db, &w.k1, "P", &st, NULL, NULL, &e), RES_NOT_FOUND);

    /* the sibling likewise */
    expect_hidden(w.db, &w.k2, a);
    expect_hidden(w.db, &w.k2, x);
    expect_list(w.db, &w.k2, "K2", 0, NULL, RES_OK, "乙县落实");
    expect_list(w.db, &w.k2, "K1", 0, NULL, RES_NOT_FOUND, "");

    /* the city sees its subtree (with what its county assists), the other city does not */
    expect_list(w.db, &w.c1, "C1", 1, NULL, RES_OK,
                "协办任务,甲县落实,乙县落实,落实干部考核评价办法");
    f = (struct task_filter){ .unit = "C1", .subtree = 1, .role = TASK_ROLE_LEAD, .limit = 100 };
    expect_filter(w.db, &w.c1, &f, RES_OK, "甲县落实,乙县落实,落实干部考核评价办法");
    expect_hidden(w.db, &w.c2, a);
    expect_hidden(w.db, &w.c2, top);
    expect_list(w.db, &w.c2, "C2", 1, NULL, RES_OK, "协办任务");
    expect_list(w.db, &w.c2, "C1", 1, NULL, RES_NOT_FOUND, "");

    /* the province sees everything with its subtree, and leads nothing itself */
    expect_list(w.db, &w.p, "P", 1, NULL, RES_OK,
                "协办任务,甲县落实,乙县落实,落实干部考核评价办法");
    expect_list(w.db, &w.p, "P", 0, NULL, RES_OK, "");
    expect_list(w.db, &w.sp, "P", 1, "open", RES_OK,
                "协办任务,甲县落实,乙县落实,落实干部考核评价办法");
    long long ids[] = { top, a, b, x };
    for (size_t i = 0; i < 4; i++) {
        get_ok(w.db, &w.p, ids[i]);
        get_ok(w.db, &w.sp, ids[i]);
    }

    /* the read helpers follow the same rule */
    struct buf sink;
    buf_init(&sink, 1 << 16);
    assert_int_equal(task_tree(w.db, &w.k1, top, tree_row, &sink), RES_NOT_FOUND);
    assert_string_equal(buf_str(&sink), "");
    buf_release(&sink);
    world_close(&w);
}

/* ---- refusals ---- */

static void expect_split_refused(struct world *w, const struct actor *who, long long parent,
                                 const struct task_input *kids, size_t n, enum result want_r,
                                 const char *want_field, const char *what)
{
    char *before = store_snapshot(w->db);
    long long ids[4] = { 0, 0, 0, 0 };
    struct err e = { 0 };
    enum result r = task_split(w->db, who, parent, kids, n, ids, &e);
    if (r != want_r)
        fail_msg("%s: task_split gave %d (%s), want %d", what, r, e.field ? e.field : "-", want_r);
    if (want_field && (!e.field || strcmp(e.field, want_field) != 0))
        fail_msg("%s: field %s, want %s", what, e.field ? e.field : "-", want_field);
    expect_unchanged(w->db, before, what);
    free(before);
}

static void test_split_refusals(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    long long top = mk_task(w.db, &w.p, "落实干部考核评价办法", "C1", "2036-12-31", w.leader);
    long long a = mk_split(w.db, &w.c1, top, "K1", "甲县落实", "2036-11-30");
    const char *assist[] = { "K1" };
    struct task_input xin = { .title = "协办任务",
                              .kind = "key",
                              .lead_unit = "C2",
                              .assist_units = assist,
                              .n_assist = 1,
                              .deadline = "2036-10-31" };
    long long x = 0;
    struct err e = { 0 };
    assert_int_equal(task_create(w.db, &w.p, &xin, &x, &e), RES_OK);
    struct actor cadre, sc1;
    make_actor(w.db, "C1", "cadre1", "cadre", &cadre);
    make_actor(w.db, "C1", "sc1", "supervisor", &sc1);

    struct task_input to_k2 = { .title = "越权", .lead_unit = "K2", .deadline = "2036-05-01" };
    struct task_input to_k1 = { .title = "再分", .lead_unit = "K1", .deadline = "2036-05-01" };
    /* a unit that does not hold the task */
    expect_split_refused(&w, &w.k1, top, &to_k2, 1, RES_NOT_FOUND, NULL, "K1 splits C1's task");
    expect_split_refused(&w, &w.k2, a, &to_k2, 1, RES_NOT_FOUND, NULL, "K2 splits K1's task");
    expect_split_refused(&w, &w.k1, x, &to_k1, 1, RES_FORBIDDEN, NULL,
                         "the assisting K1 splits C2's task");
    expect_split_refused(&w, &w.c2, top, &to_k1, 1, RES_NOT_FOUND, NULL, "C2 splits C1's task");
    expect_split_refused(&w, &w.c1, 999999, &to_k1, 1, RES_NOT_FOUND, NULL, "no such task");
    /* roles that may not write */
    expect_split_refused(&w, &cadre, top, &to_k1, 1, RES_FORBIDDEN, NULL, "a cadre splits");
    expect_split_refused(&w, &sc1, top, &to_k1, 1, RES_FORBIDDEN, NULL, "a supervisor splits");

    /* a lead unit not below the task's lead unit */
    const char *const not_below[] = { "K3", "C2", "P", "C1", "NOPE", "" };
    for (size_t i = 0; i < sizeof(not_below) / sizeof(not_below[0]); i++) {
        struct task_input kid = { .title = "下放",
                                  .lead_unit = not_below[i],
                                  .deadline = "2036-05-01" };
        expect_split_refused(&w, &w.p, top, &kid, 1, RES_INVALID, "lead_unit", not_below[i]);
        expect_split_refused(&w, &w.c1, top, &kid, 1, RES_INVALID, "lead_unit", not_below[i]);
    }
    /* all or nothing: a good child before a bad one is not kept */
    struct task_input mixed[] = {
        { .title = "好的", .lead_unit = "K1", .deadline = "2036-05-01" },
        { .title = "坏的", .lead_unit = "K3", .deadline = "2036-05-01" },
    };
    expect_split_refused(&w, &w.c1, top, mixed, 2, RES_INVALID, "lead_unit", "a bad second child");
    mixed[1].lead_unit = "K2";
    mixed[1].deadline = "2036-13-01";
    expect_split_refused(&w, &w.c1, top, mixed, 2, RES_INVALID, "deadline", "a bad deadline");
    mixed[1].deadline = "2036-05-01";
    mixed[1].title = "";
    expect_split_refused(&w, &w.c1, top, mixed, 2, RES_INVALID, "title", "an empty title");
    expect_split_refused(&w, &w.c1, top, mixed, 0, RES_INVALID, "children", "no children");
    /* and the same good children then go through */
    mixed[1].title = "乙县";
    long long ids[2];
    assert_int_equal(task_split(w.db, &w.c1, top, mixed, 2, ids, &e), RES_OK);
    assert_int_equal(n_tasks(w.db), 5);
    expect_tally_rebuilds_same(w.db);
    expect_audit_ok(w.db);
    world_close(&w);
}

static void on_file(void *ctx, const char *name, const char *type, const void *data, size_t size)
{
    buf_addf(ctx, "%s|%s|", name, type);
    buf_add(ctx, data, size);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    char long_title[TASK_TITLE_MAX * 3 + 8] = "";
    for (int i = 0; i < TASK_TITLE_MAX; i++)
        memcpy(long_title + 3 * i, "字", 3);
    long_title[TASK_TITLE_MAX * 3] = '\0';
    char too_long[sizeof(long_title) + 4];
    snprintf(too_long, sizeof(too_long), "%s字", long_title);
    static char long_text[TASK_TEXT_MAX + 2];
    memset(long_text, 'x', TASK_TEXT_MAX + 1);
    const char *nope[] = { "NOPE" };
    struct task_milestone bad_ms[] = { { "中期检查", "2036-06-31", -1 } };

    const struct task_input good = {
        .title = "任务", .kind = "key", .lead_unit = "C1", .deadline = "2036-12-31"
    };
    struct {
        const char *what;     /* the case */
        struct task_input in; /* the input */
        const char *field;    /* the field named */
    } cases[] = {
        { "deadline tomorrow", good, "deadline" },
        { "deadline 2026-02-30", good, "deadline" },
        { "deadline 2035-02-29", good, "deadline" },
        { "deadline empty", good, "deadline" },
        { "deadline missing", good, "deadline" },
        { "kind x", good, "kind" },
        { "kind missing", good, "kind" },
        { "title empty", good, "title" },
        { "title missing", good, "title" },
        { "title 201 characters", good, "title" },
        { "title invalid UTF-8", good, "title" },
        { "title with a line break", good, "title" },
        { "description too long", good, "description" },
        { "lead unit unknown", good, "lead_unit" },
        { "lead unit missing", good, "lead_unit" },
        { "leader unknown", good, "leader" },
        { "assisting unit unknown", good, "assist_units" },
        { "milestone date", good, "milestones" },
    };
    cases[0].in.deadline = "tomorrow";
    cases[1].in.deadline = "2026-02-30";
    cases[2].in.deadline = "2035-02-29";
    cases[3].in.deadline = "";
    cases[4].in.deadline = NULL;
    cases[5].in.kind = "x";
    cases[6].in.kind = NULL;
    cases[7].in.title = "";
    cases[8].in.title = NULL;
    cases[9].in.title = too_long;
    cases[10].in.title = "\xe4\xbb\xbb\xff\xfe";
    cases[11].in.title = "第一行\n第二行";
    cases[12].in.description = long_text;
    cases[13].in.lead_unit = "NOPE";
    cases[14].in.lead_unit = NULL;
    cases[15].in.leader = 987654;
    cases[16].in.assist_units = nope;
    cases[16].in.n_assist = 1;
    cases[17].in.milestones = bad_ms;
    cases[17].in.n_milestones = 1;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_create_refused(&w, &cases[i].in, cases[i].field, cases[i].what);
    assert_int_equal(n_tasks(w.db), 0);

    /* the limits themselves pass: 200 characters (600 bytes), a leap day */
    struct task_input in = good;
    in.title = long_title;
    in.deadline = "2036-02-29";
    long long id = 0;
    struct err e = { 0 };
    assert_int_equal(task_create(w.db, &w.p, &in, &id, &e), RES_OK);
    assert_string_equal(get_ok(w.db, &w.p, id).title, long_title);

    /* progress: percent outside 0-100, no text, attachments too big or of a wrong type */
    struct attachment_input big = { "报告.pdf", "application/pdf", "x", (size_t)TASK_FILE_MAX + 1 };
    struct attachment_input exe = { "run.exe", "application/octet-stream", "MZ", 2 };
    struct attachment_input mismatch = { "报告.pdf", "image/png", "x", 1 };
    struct {
        const char *what;             /* the case */
        const char *text;             /* report text */
        long long percent;            /* progress */
        const struct attachment_input *file; /* attachment or NULL */
        const char *field;            /* field named */
    } reps[] = {
        { "percent 150", "进展", 150, NULL, "percent" },
        { "percent -1", "进展", -1, NULL, "percent" },
        { "no text", "", 50, NULL, "text" },
        { "attachment over the limit", "进展", 50, &big, "attachment" },
        { "attachment of a wrong type", "进展", 50, &exe, "attachment" },
        { "attachment whose type and name disagree", "进展", 50, &mismatch, "attachment" },
    };
    for (size_t i = 0; i < sizeof(reps) / sizeof(reps[0]); i++) {
        char *before = store_snapshot(w.db);
        e = (struct err){ 0 };
        enum result r = task_report(w.db, &w.c1, id, reps[i].text, reps[i].percent, 0, reps[i].file,
                                    reps[i].file ? 1 : 0, &e);
        if (r != RES_INVALID || !e.field || strcmp(e.field, reps[i].field) != 0)
            fail_msg("%s: task_report gave %d field %s", reps[i].what, r, e.field ? e.field : "-");
        expect_unchanged(w.db, before, reps[i].what);
        free(before);
    }
    assert_string_equal(state_of(w.db, id), "assigned");

    /* a good attachment is kept with its size and type, readable only in scope */
    struct attachment_input txt = { "说明.txt", "text/plain; charset=utf-8", "hello", 5 };
    e = (struct err){ 0 };
    assert_int_equal(task_report(w.db, &w.c1, id, "附材料", 30, 0, &txt, 1, &e), RES_OK);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM attachment WHERE owner = 'task'"), 1);
    assert_int_equal(n_rows(w.db, "SELECT size FROM attachment WHERE owner = 'task'"), 5);
    assert_int_equal(get_ok(w.db, &w.c1, id).percent, 30);
    long long file_id = n_rows(w.db, "SELECT id FROM attachment WHERE owner = 'task'");
    struct buf got;
    buf_init(&got, 1024);
    assert_int_equal(task_attachment_get(w.db, &w.c1, file_id, on_file, &got), RES_OK);
    assert_string_equal(buf_str(&got), "说明.txt|text/plain; charset=utf-8|hello");
    buf_reset(&got);
    assert_int_equal(task_attachment_get(w.db, &w.k1, file_id, on_file, &got), RES_NOT_FOUND);
    assert_string_equal(buf_str(&got), "");
    buf_release(&got);
    expect_tally_rebuilds_same(w.db);
    expect_audit_ok(w.db);
    world_close(&w);
}

/* ---- acceptance and return ---- */

static void expect_decision(struct db *db, const struct actor *who, long long id, int accept,
                            const char *reason, enum result want, const char *what)
{
    char *before = want == RES_OK ? NULL : store_snapshot(db);
    struct err e = { 0 };
    enum result r = accept ? task_accept(db, who, id, NULL, &e) : task_return(db, who, id, reason, &e);
    if (r != want)
        fail_msg("%s: %s gave %d (%s %s), want %d", what, accept ? "accept" : "return", r,
                 e.field ? e.field : "-", e.msg ? e.msg : "-", want);
    if (before) {
        expect_unchanged(db, before, what);
        free(before);
    }
}

static void report_row(void *ctx, const struct task_report_row *row)
{
    buf_addf(ctx, "%s%s:%d:%d:%s", ((struct buf *)ctx)->len ? "," : "", row->login, row->percent,
             row->done, row->text);
}

static void test_accept_and_return(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    long long top = mk_task(w.db, &w.p, "落实干部考核评价办法", "C1", "2036-12-31", w.leader);
    long long a = mk_split(w.db, &w.c1, top, "K1", "甲县落实", "2036-11-30");
    long long b = mk_split(w.db, &w.c1, top, "K2", "乙县落实", "2036-11-30");

    /* nothing to decide before a report */
    expect_decision(w.db, &w.c1, a, 1, NULL, RES_CONFLICT, "accept before a report");
    expect_decision(w.db, &w.c1, a, 0, "不行", RES_CONFLICT, "return before a report");
    set_today("2036-03-01");
    do_report(w.db, &w.k1, a, "已部署", 40, 0);
    struct seen s = get_ok(w.db, &w.k1, a);
    assert_string_equal(s.state, "in_progress");
    assert_int_equal(s.percent, 40);
    assert_string_equal(s.last_activity, "2036-03-01");
    expect_decision(w.db, &w.c1, a, 1, NULL, RES_CONFLICT, "accept while in progress");

    /* reported done: percent 100; the county cannot accept its own report */
    set_today("2036-04-01");
    do_report(w.db, &w.k1, a, "已完成全部工作", 60, 1);
    s = get_ok(w.db, &w.k1, a);
    assert_string_equal(s.state, "reported");
    assert_int_equal(s.percent, 100);
    expect_decision(w.db, &w.k1, a, 1, NULL, RES_FORBIDDEN, "K1 accepts its own report");
    expect_decision(w.db, &w.k1, a, 0, "自己退回", RES_FORBIDDEN, "K1 returns its own report");
    expect_decision(w.db, &w.k2, a, 1, NULL, RES_NOT_FOUND, "the sibling accepts");
    expect_decision(w.db, &w.sp, a, 1, NULL, RES_FORBIDDEN, "a supervisor accepts");
    expect_decision(w.db, &w.c1, a, 1, NULL, RES_OK, "the assigning city accepts");
    s = get_ok(w.db, &w.k1, a);
    assert_string_equal(s.state, "accepted");
    assert_int_equal(s.light, LIGHT_NONE);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE finished = '2036-04-01'"), 1);
    expect_decision(w.db, &w.c1, a, 1, NULL, RES_CONFLICT, "accept twice");
    /* an accepted task is closed to reports and splits */
    char *before = store_snapshot(w.db);
    struct err e = { 0 };
    assert_int_equal(task_report(w.db, &w.k1, a, "补充", 100, 0, NULL, 0, &e), RES_CONFLICT);
    struct task_input kid = { .title = "再分", .lead_unit = "K1", .deadline = "2036-05-01" };
    long long kid_id;
    assert_int_equal(task_split(w.db, &w.c1, a, &kid, 1, &kid_id, &e), RES_CONFLICT);
    expect_unchanged(w.db, before, "writes on an accepted task");
    free(before);

    /* returned with a reason, reported again, then accepted */
    do_report(w.db, &w.k2, b, "已完成", 100, 1);
    expect_decision(w.db, &w.c1, b, 0, "", RES_INVALID, "a return without a reason");
    expect_decision(w.db, &w.c1, b, 0, NULL, RES_INVALID, "a return with no reason");
    expect_decision(w.db, &w.c1, b, 0, "材料不全,请补充佐证", RES_OK, "a return");
    assert_string_equal(state_of(w.db, b), "returned");
    expect_decision(w.db, &w.c1, b, 1, NULL, RES_CONFLICT, "accept a returned task");
    expect_decision(w.db, &w.c1, b, 0, "再退", RES_CONFLICT, "return twice");
    set_today("2036-04-02");
    do_report(w.db, &w.k2, b, "已补充佐证材料", 100, 1);
    assert_string_equal(state_of(w.db, b), "reported");
    expect_decision(w.db, &w.c1b, b, 1, NULL, RES_OK, "another C1 account accepts");
    assert_string_equal(state_of(w.db, b), "accepted");
    struct buf rows;
    buf_init(&rows, 4096);
    assert_int_equal(task_reports(w.db, &w.c1, b, report_row, &rows), RES_OK);
    assert_string_equal(buf_str(&rows), "k2:100:1:已完成,k2:100:1:已补充佐证材料");
    buf_reset(&rows);
    assert_int_equal(task_reports(w.db, &w.k1, b, report_row, &rows), RES_NOT_FOUND);
    buf_release(&rows);

    /* one's own report, as an account: the city reports on the county's task itself */
    long long c = mk_split(w.db, &w.c1, top, "K1", "第三项", "2036-11-30");
    do_report(w.db, &w.c1, c, "市里代报", 100, 1);
    expect_decision(w.db, &w.c1, c, 1, NULL, RES_FORBIDDEN, "c1 accepts its own report");
    expect_decision(w.db, &w.c1b, c, 1, NULL, RES_OK, "c1b accepts c1's report");

    /* the city's own task: the city cannot accept it, the province can */
    do_report(w.db, &w.c1, top, "全市完成", 100, 1);
    expect_decision(w.db, &w.c1b, top, 1, NULL, RES_FORBIDDEN, "the lead unit accepts");
    expect_decision(w.db, &w.p, top, 1, NULL, RES_OK, "the province accepts");

    /* a task the province assigns to itself: another of its accounts decides, not the reporter */
    struct actor p2;
    make_actor(w.db, "P", "p2", "staff", &p2);
    long long own = mk_task(w.db, &w.p, "省本级任务", "P", "2036-12-31", w.leader);
    do_report(w.db, &w.p, own, "已完成", 100, 1);
    expect_decision(w.db, &w.p, own, 1, NULL, RES_FORBIDDEN, "the reporter accepts");
    expect_decision(w.db, &w.sp, own, 1, NULL, RES_FORBIDDEN, "a supervisor accepts");
    expect_decision(w.db, &p2, own, 0, "请补充材料", RES_OK, "another account returns");
    do_report(w.db, &w.p, own, "已补充", 100, 1);
    expect_decision(w.db, &p2, own, 1, NULL, RES_OK, "another account accepts");
    expect_tally_rebuilds_same(w.db);
    expect_audit_ok(w.db);
    world_close(&w);
}

/* ---- lights and flags ---- */

/* The light, its reason ("" for none) and the flags of a task on day, as the task and the
 * ledger's rows (full and brief) show them; the lead unit leads this task alone. */
static void expect_flags(struct db *db, const struct actor *who, long long id, const char *day,
                         enum task_light light, const char *reason, int overdue, int due_soon,
                         int stalled)
{
    set_today(day);
    struct seen s = get_ok(db, who, id);
    if (s.light != light || strcmp(s.light_reason, reason) != 0 || s.overdue != overdue ||
        s.due_soon != due_soon || s.stalled != stalled)
        fail_msg("task %lld (deadline %s, last %s) on %s: light %d %s overdue %d due_soon %d"
                 " stalled %d, want %d %s %d %d %d",
                 id, s.deadline, s.last_activity, day, s.light, s.light_reason, s.overdue,
                 s.due_soon, s.stalled, light, reason, overdue, due_soon, stalled);
    /* the ledger computes the same */
    struct seen l = { 0 };
    struct task_filter f = { .unit = s.lead, .limit = 1000 };
    long long total;
    struct err e = { 0 };
    assert_int_equal(task_list(db, who, &f, on_seen, &l, &total, &e), RES_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.light, light);
    assert_string_equal(l.light_reason, reason);
    assert_int_equal(l.overdue, overdue);
    assert_int_equal(l.due_soon, due_soon);
    assert_int_equal(l.stalled, stalled);
    /* and so does its brief row, with every field a list shows */
    struct seen b = { 0 };
    f.brief = 1;
    assert_int_equal(task_list(db, who, &f, on_seen, &b, &total, &e), RES_OK);
    assert_int_equal(b.n, 1);
    assert_int_equal(b.id, s.id);
    assert_int_equal(b.percent, s.percent);
    assert_string_equal(b.title, s.title);
    assert_string_equal(b.kind, s.kind);
    assert_string_equal(b.state, s.state);
    assert_string_equal(b.deadline, s.deadline);
    assert_string_equal(b.last_activity, s.last_activity);
    assert_string_equal(b.lead_name, s.lead_name);
    assert_string_equal(b.leader_name, s.leader_name);
    assert_true(b.lead_name[0] && b.leader_name[0]);
    assert_int_equal(b.light, light);
    assert_int_equal(b.overdue, overdue);
    assert_int_equal(b.due_soon, due_soon);
    assert_int_equal(b.stalled, stalled);
}

/* ---- leaders and jurisdiction ---- */

static void stats_row(void *ctx, const char *code, const char *name, int office,
                      const struct task_stats *s);

/* Collects a department's leaders: person ids and offices in charge. */
struct leaders_seen {
    long long person[4]; /* in rank order */
    char offices[4][64]; /* office codes of each */
    int n;               /* how many */
};

static void on_leader(void *ctx, const struct leader_row *l)
{
    struct leaders_seen *s = ctx;
    if (s->n < 4) {
        s->person[s->n] = l->person_id;
        snprintf(s->offices[s->n++], 64, "%s", l->offices);
    }
}

/* An office leads, the leader in charge is the task's by default; the office splits its task
 * to the cities, each sub-task with its own department's leader in charge, never the parent's. */
static void test_leaders(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    add_unit(w.db, "PO1", "干部一处", "P", "office");
    add_unit(w.db, "PO2", "干部监督处", "P", "office");
    add_unit(w.db, "C1O1", "一市干部科", "C1", "office");
    long long buzhang = add_account(w.db, "P", "buzhang", "赵部长", "leader");
    long long fubuzhang = add_account(w.db, "P", "fubuzhang", "钱副部长", "leader");
    long long c1lead = add_account(w.db, "C1", "c1lead", "吴部长", "leader");
    long long c1ke = add_account(w.db, "C1O1", "c1ke", "郑科长", "staff");
    struct actor o1;
    make_actor(w.db, "PO1", "o1", "staff", &o1);
    struct err e = { 0 };
    long long id = 0;
    /* refusals name the field */
    static const char *const po[] = { "PO1", "PO2" }, *const c1o[] = { "C1O1" };
    struct {
        struct leader_input in;
        const struct actor *who;
        enum result want;
        const char *field;
    } bad[] = {
        { { .unit = "PO1", .person = fubuzhang, .title = "处长" }, &w.sys, RES_INVALID, "unit" },
        { { .unit = "P", .person = c1lead, .title = "部长" }, &w.sys, RES_INVALID, "person" },
        { { .unit = "P", .person = fubuzhang, .title = "副部长", .offices = c1o, .n_offices = 1 },
          &w.sys, RES_INVALID, "offices" },
        { { .unit = "P", .person = fubuzhang, .title = "" }, &w.sys, RES_INVALID, "title" },
        { { .unit = "P", .person = buzhang, .title = "部长" }, &w.c1, RES_NOT_FOUND, "unit" },
        { { .unit = "C1", .person = c1lead, .title = "部长" }, &w.c1, RES_FORBIDDEN, NULL },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(&e, 0, sizeof(e));
        enum result r = leader_add(w.db, bad[i].who, &bad[i].in, &id, &e);
        if (r != bad[i].want || (bad[i].field && (!e.field || strcmp(e.field, bad[i].field))))
            fail_msg("leader case %zu: %d %s", i, r, e.field ? e.field : "-");
    }
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM leader"), 0);
    struct leader_input head = { .unit = "P", .person = buzhang, .title = "部长" };
    struct leader_input deputy = { .unit = "P", .person = fubuzhang, .title = "副部长",
                                   .offices = po, .n_offices = 2 };
    struct leader_input city = { .unit = "C1", .person = c1lead, .title = "部长",
                                 .offices = c1o, .n_offices = 1 };
    long long deputy_id = 0;
    assert_int_equal(leader_add(w.db, &w.sys, &head, &id, &e), RES_OK);
    assert_int_equal(leader_add(w.db, &w.sys, &deputy, &deputy_id, &e), RES_OK);
    assert_int_equal(leader_add(w.db, &w.sys, &city, &id, &e), RES_OK);
    struct leaders_seen seen = { 0 };
    assert_int_equal(leader_each(w.db, &w.k1, "P", on_leader, &seen), RES_NOT_FOUND);
    assert_int_equal(leader_each(w.db, &o1, "P", on_leader, &seen), RES_OK);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.person[0], buzhang);
    assert_int_equal(seen.person[1], fubuzhang);
    assert_string_equal(seen.offices[1], "PO1,PO2");
    /* the roll-up lists the levels below first, then the department's own offices */
    add_unit(w.db, "C3", "三市委组织部", "P", "city");
    struct buf order;
    buf_init(&order, 256);
    struct task_stats all;
    assert_int_equal(task_stats(w.db, &w.p, "P", &all, stats_row, &order, &e), RES_OK);
    assert_string_equal(buf_str(&order), "P:-;C1:0/0/0/0;C2:0/0/0/0;C3:0/0/0/0;office PO1:0/0/0/0;"
                                         "office PO2:0/0/0/0;self:0/0/0/0;");
    buf_release(&order);
    /* the office's task takes the leader in charge; a leader of another department is refused */
    long long task = mk_task(w.db, &w.p, "完善干部考核办法", "PO1", "2036-06-30", 0);
    assert_int_equal(get_ok(w.db, &w.p, task).leader_id, fubuzhang);
    struct task_input other = { .title = "x", .kind = "key", .lead_unit = "PO1",
                                .deadline = "2036-06-30", .leader = c1lead };
    assert_int_equal(task_create(w.db, &w.p, &other, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "leader");
    /* a unit that is its own department: its head */
    assert_int_equal(get_ok(w.db, &w.p, mk_task(w.db, &w.p, "全局任务", "P", "2036-06-30", 0))
                         .leader_id,
                     buzhang);
    /* the office splits to the cities and to its sister office, not to itself */
    long long c1_sub = mk_split(w.db, &o1, task, "C1", "一市落实", "2036-05-31");
    long long c2_sub = mk_split(w.db, &o1, task, "C2", "二市落实", "2036-05-31");
    long long po2_sub = mk_split(w.db, &o1, task, "PO2", "监督处配合", "2036-05-31");
    assert_int_equal(get_ok(w.db, &w.c1, c1_sub).leader_id, c1lead);
    assert_int_equal(get_ok(w.db, &w.c2, c2_sub).leader_id, 0); /* C2 records no leaders */
    assert_int_equal(get_ok(w.db, &o1, po2_sub).leader_id, fubuzhang);
    struct task_input self = { .title = "自己", .lead_unit = "PO1", .deadline = "2036-05-31" };
    assert_int_equal(task_split(w.db, &o1, task, &self, 1, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "lead_unit");
    /* the city's office staff read the city's ledger: their scope is their department's */
    struct actor ke;
    actor_of(w.db, "c1ke", &ke);
    assert_int_equal(ke.person_id, c1ke);
    get_ok(w.db, &ke, c1_sub);
    expect_hidden(w.db, &ke, c2_sub);
    /* a leader's ledger: the tasks they lead and those of the offices in their charge */
    long long other_lead = mk_task(w.db, &w.p, "监督处任务", "PO2", "2036-06-30", buzhang);
    struct task_filter mine = { .unit = "P", .subtree = 1, .leader = fubuzhang, .limit = 100 };
    long long total = 0;
    struct titles got = { .n = 0 };
    buf_init(&got.b, 1024);
    assert_int_equal(task_list(w.db, &w.p, &mine, on_title, &got, &total, &e), RES_OK);
    assert_int_equal(total, 3); /* PO1's task, PO2's sub-task and PO2's task under the head */
    mine.leader = buzhang;
    assert_int_equal(task_list(w.db, &w.p, &mine, on_title, &got, &total, &e), RES_OK);
    assert_int_equal(total, 2); /* the department's own task and PO2's */
    buf_release(&got.b);
    assert_int_equal(get_ok(w.db, &w.p, other_lead).leader_id, buzhang);
    /* a leader's period ends: from the next day the office's work goes to the head */
    assert_int_equal(leader_end(w.db, &w.sys, deputy_id, "2036-02-01", &e), RES_OK);
    assert_int_equal(leader_end(w.db, &w.sys, deputy_id, "2036-02-01", &e), RES_CONFLICT);
    set_today("2036-02-02");
    assert_int_equal(get_ok(w.db, &w.p, mk_task(w.db, &w.p, "新任务", "PO1", "2036-06-30", 0))
                         .leader_id,
                     buzhang);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(leader_each(w.db, &w.p, "P", on_leader, &seen), RES_OK);
    assert_int_equal(seen.n, 1);
    expect_audit_ok(w.db);
    world_close(&w);
}

static void expect_step(struct db *db, const struct actor *who, long long id, enum task_step step,
                        const char *day, const char *reason, enum result want,
                        const char *want_field);

static void test_lights(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    long long k1p = add_account(w.db, "K1", "k1lead", "甲县领导", "leader");
    long long k2p = add_account(w.db, "K2", "k2lead", "乙县领导", "leader");
    /* A: issued by C1 to K1 on 01-01, due 05-01, the default days (sign 2, due soon 7,
     * stalled 14) */
    long long a = mk_task(w.db, &w.c1, "甲县任务", "K1", "2036-05-01", k1p);
    expect_flags(w.db, &w.k1, a, "2036-01-01", LIGHT_GREEN, "", 0, 0, 0);
    expect_flags(w.db, &w.k1, a, "2036-01-03", LIGHT_GREEN, "", 0, 0, 0);
    expect_flags(w.db, &w.k1, a, "2036-01-04", LIGHT_YELLOW, "unsigned", 0, 0, 0);
    /* unsigned comes before stalled */
    expect_flags(w.db, &w.k1, a, "2036-01-15", LIGHT_YELLOW, "unsigned", 0, 0, 1);
    set_today("2036-01-04");
    expect_step(w.db, &w.k1, a, TASK_SIGN, NULL, NULL, RES_OK, NULL);
    /* stalled: 14 days without a report, counted from the issue day */
    expect_flags(w.db, &w.k1, a, "2036-01-14", LIGHT_GREEN, "", 0, 0, 0);
    expect_flags(w.db, &w.k1, a, "2036-01-15", LIGHT_YELLOW, "stalled", 0, 0, 1);
    set_today("2036-04-20");
    do_report(w.db, &w.k1, a, "推进中", 60, 0);
    /* due soon: blue from 7 days before the deadline to the deadline day; red after */
    expect_flags(w.db, &w.k1, a, "2036-04-23", LIGHT_GREEN, "", 0, 0, 0);
    expect_flags(w.db, &w.k1, a, "2036-04-24", LIGHT_BLUE, "due_soon", 0, 1, 0);
    expect_flags(w.db, &w.k1, a, "2036-05-01", LIGHT_BLUE, "due_soon", 0, 1, 0);
    expect_flags(w.db, &w.k1, a, "2036-05-02", LIGHT_RED, "overdue", 1, 0, 0);
    /* red comes before stalled */
    expect_flags(w.db, &w.k1, a, "2036-06-01", LIGHT_RED, "overdue", 1, 0, 1);
    assert_int_equal(lead_total(w.db, &w.p, "K1", "overdue"), 1);
    /* reported done: no light, not overdue, while it awaits acceptance; returned: red again */
    set_today("2036-05-03");
    do_report(w.db, &w.k1, a, "完成", 100, 1);
    expect_flags(w.db, &w.k1, a, "2036-05-03", LIGHT_NONE, "", 0, 0, 0);
    assert_int_equal(lead_total(w.db, &w.p, "K1", "overdue"), 0);
    expect_tally_rebuilds_same(w.db);
    struct err e = { 0 };
    assert_int_equal(task_return(w.db, &w.c1, a, "材料不全", &e), RES_OK);
    expect_flags(w.db, &w.k1, a, "2036-05-03", LIGHT_RED, "overdue", 1, 0, 0);
    assert_int_equal(lead_total(w.db, &w.p, "K1", "overdue"), 1);
    expect_tally_rebuilds_same(w.db);
    /* accepted: no light, whatever the day */
    do_report(w.db, &w.k1, a, "补齐材料", 100, 1);
    do_accept(w.db, &w.c1, a);
    expect_flags(w.db, &w.k1, a, "2036-05-03", LIGHT_NONE, "", 0, 0, 0);
    expect_flags(w.db, &w.k1, a, "2037-05-03", LIGHT_NONE, "", 0, 0, 0);
    assert_int_equal(lead_total(w.db, &w.p, "K1", "overdue"), 0);
    expect_tally_rebuilds_same(w.db);

    /* B: behind plan once a milestone's day has passed with its percent not reached; a milestone
     * without a percent never puts a task behind */
    set_today("2036-01-01");
    const struct task_milestone ms[] = { { "完成摸底", "2036-02-01", 50 },
                                         { "中期", "2036-03-01", -1 } };
    struct task_input in = { .title = "乙县任务", .kind = "key", .lead_unit = "K2",
                             .deadline = "2036-12-31", .leader = k2p, .milestones = ms,
                             .n_milestones = 2 };
    long long b = 0;
    assert_int_equal(task_create(w.db, &w.c1, &in, &b, &e), RES_OK);
    do_report(w.db, &w.k2, b, "启动", 20, 0);
    expect_flags(w.db, &w.k2, b, "2036-02-01", LIGHT_YELLOW, "stalled", 0, 0, 1);
    set_today("2036-01-25");
    do_report(w.db, &w.k2, b, "摸底中", 40, 0);
    expect_flags(w.db, &w.k2, b, "2036-02-01", LIGHT_GREEN, "", 0, 0, 0);
    expect_flags(w.db, &w.k2, b, "2036-02-02", LIGHT_YELLOW, "behind_plan", 0, 0, 0);
    /* behind plan comes before stalled */
    expect_flags(w.db, &w.k2, b, "2036-02-08", LIGHT_YELLOW, "behind_plan", 0, 0, 1);
    set_today("2036-02-02");
    do_report(w.db, &w.k2, b, "摸底完成", 50, 0);
    set_today("2036-02-25");
    do_report(w.db, &w.k2, b, "转入整改", 50, 0);
    expect_flags(w.db, &w.k2, b, "2036-03-02", LIGHT_GREEN, "", 0, 0, 0);

    /* the issuing unit's days drive the lights */
    struct supervision_days days = { .sign = 0, .due_soon = 30, .stalled = 5, .escalate = 3 };
    assert_int_equal(supervision_days_set(w.db, &w.p, "C1", &days, &e), RES_OK);
    expect_flags(w.db, &w.k2, b, "2036-02-29", LIGHT_GREEN, "", 0, 0, 0); /* a leap year */
    expect_flags(w.db, &w.k2, b, "2036-03-01", LIGHT_YELLOW, "stalled", 0, 0, 1);
    set_today("2036-12-01");
    do_report(w.db, &w.k2, b, "收尾", 90, 0);
    expect_flags(w.db, &w.k2, b, "2036-12-01", LIGHT_BLUE, "due_soon", 0, 1, 0);
    expect_list(w.db, &w.k2, "K2", 0, "due_soon", RES_OK, "乙县任务");
    expect_list(w.db, &w.k2, "K2", 0, "stalled", RES_OK, "");
    set_today("2036-12-06");
    expect_list(w.db, &w.k2, "K2", 0, "stalled", RES_OK, "乙县任务");
    /* sign days 0: late to sign the day after issue */
    set_today("2036-12-01");
    long long c = mk_task(w.db, &w.c1, "丙任务", "C1", "2037-06-30", k1p);
    expect_flags(w.db, &w.c1, c, "2036-12-01", LIGHT_GREEN, "", 0, 0, 0);
    set_today("2036-12-02");
    struct seen sc = get_ok(w.db, &w.c1, c);
    assert_int_equal(sc.light, LIGHT_YELLOW);
    assert_string_equal(sc.light_reason, "unsigned");
    world_close(&w);
}

/* Takes a step of a task's cycle as who and checks the result (and the field named). */
static void expect_step(struct db *db, const struct actor *who, long long id, enum task_step step,
                        const char *day, const char *reason, enum result want,
                        const char *want_field)
{
    char *before = want == RES_OK ? NULL : store_snapshot(db);
    struct err e = { 0 };
    enum result r = task_step(db, who, id, step, day, reason, &e);
    if (r != want || (want_field && (!e.field || strcmp(e.field, want_field) != 0)))
        fail_msg("task_step %d on %lld as %s: %d %s %s, want %d %s", step, id, who->login, r,
                 e.field ? e.field : "-", e.msg ? e.msg : "-", want, want_field ? want_field : "-");
    if (before) {
        expect_unchanged(db, before, "a refused step");
        free(before);
    }
}

/* Signing, extensions and suspension (issue 25): who may take each step, what each changes, the
 * counts of open and overdue tasks, and every refusal leaving the store as it was. */
static void test_task_cycle(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-06-01");
    long long t1 = mk_task(w.db, &w.c1, "甲县签收的任务", "K1", "2036-06-05", 0);
    long long t2 = mk_task(w.db, &w.c1, "甲县先报进展的任务", "K1", "2036-06-30", 0);
    long long t3 = mk_task(w.db, &w.c1, "甲县延期的任务", "K1", "2036-06-08", 0);
    struct seen s = get_ok(w.db, &w.k1, t1);
    assert_string_equal(s.state, "assigned");

    /* signing: the lead unit's own accounts only, once */
    expect_step(w.db, &w.c1, t1, TASK_SIGN, NULL, NULL, RES_FORBIDDEN, "task");
    expect_step(w.db, &w.k2, t1, TASK_SIGN, NULL, NULL, RES_NOT_FOUND, "task");
    expect_step(w.db, &w.p, t1, TASK_SIGN, NULL, NULL, RES_FORBIDDEN, "task");
    expect_step(w.db, &w.k1, t1, TASK_SIGN, NULL, NULL, RES_OK, NULL);
    expect_step(w.db, &w.k1, t1, TASK_SIGN, NULL, NULL, RES_CONFLICT, "task");
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE signed_at IS NOT NULL"), 1);
    /* a report from above does not sign; the lead unit's first report does */
    do_report(w.db, &w.c1, t2, "市里代报", 10, 0);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE signed_at IS NOT NULL"), 1);
    do_report(w.db, &w.k1, t2, "已启动", 20, 0);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE signed_at IS NOT NULL"), 2);
    expect_step(w.db, &w.k1, t2, TASK_SIGN, NULL, NULL, RES_CONFLICT, "task");

    /* extensions: asked by the lead unit with a reason, to a day after the deadline in force */
    expect_step(w.db, &w.k1, t3, TASK_EXTENSION_ASK, "2036-06-20", "", RES_INVALID, "reason");
    expect_step(w.db, &w.k1, t3, TASK_EXTENSION_ASK, "2036-06-31", "等文件", RES_INVALID, "to");
    expect_step(w.db, &w.k1, t3, TASK_EXTENSION_ASK, "2036-06-08", "等文件", RES_INVALID, "to");
    expect_step(w.db, &w.c1, t3, TASK_EXTENSION_ASK, "2036-06-20", "等文件", RES_FORBIDDEN,
                "task");
    expect_step(w.db, &w.c1, t3, TASK_EXTENSION_APPROVE, NULL, NULL, RES_CONFLICT, "task");
    expect_step(w.db, &w.k1, t3, TASK_EXTENSION_ASK, "2036-06-20", "等待省里政策文件", RES_OK,
                NULL);
    expect_step(w.db, &w.k1, t3, TASK_EXTENSION_ASK, "2036-06-25", "再延", RES_CONFLICT, "task");
    expect_step(w.db, &w.k1, t3, TASK_EXTENSION_APPROVE, NULL, "同意", RES_FORBIDDEN, "task");
    expect_step(w.db, &w.c1, t3, TASK_EXTENSION_REFUSE, NULL, "", RES_INVALID, "reason");
    /* on 06-10 the task is overdue on its first deadline, not on the one approved */
    set_today("2036-06-10");
    assert_int_equal(lead_total(w.db, &w.p, "K1", "overdue"), 2);
    expect_step(w.db, &w.c1b, t3, TASK_EXTENSION_APPROVE, NULL, "同意延期", RES_OK, NULL);
    s = get_ok(w.db, &w.k1, t3);
    assert_string_equal(s.deadline, "2036-06-20");
    assert_int_equal(s.overdue, 0);
    assert_int_equal(lead_total(w.db, &w.p, "K1", "overdue"), 1);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE original_deadline ="
                                  " '2036-06-08' AND deadline = '2036-06-20'"),
                     1);
    /* a second request, refused: the deadline stays */
    expect_step(w.db, &w.k1, t3, TASK_EXTENSION_ASK, "2036-06-25", "再延五天", RES_OK, NULL);
    expect_step(w.db, &w.c1, t3, TASK_EXTENSION_REFUSE, NULL, "理由不充分", RES_OK, NULL);
    assert_string_equal(get_ok(w.db, &w.k1, t3).deadline, "2036-06-20");
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task_extension WHERE state = 'approved'"),
                     1);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task_extension WHERE state = 'refused'"
                                  " AND decision_reason = '理由不充分'"),
                     1);

    /* suspension: the issuing side only; no light, never overdue, no reports; resumed as it was */
    expect_step(w.db, &w.k1, t1, TASK_SUSPEND, NULL, "x", RES_FORBIDDEN, "task");
    expect_step(w.db, &w.c1, t1, TASK_SUSPEND, NULL, "", RES_INVALID, "reason");
    expect_step(w.db, &w.c1, t1, TASK_RESUME, NULL, NULL, RES_CONFLICT, "task");
    expect_step(w.db, &w.c1, t1, TASK_SUSPEND, NULL, "政策调整,暂停执行", RES_OK, NULL);
    s = get_ok(w.db, &w.k1, t1);
    assert_string_equal(s.state, "suspended");
    assert_int_equal(s.light, LIGHT_NONE);
    assert_int_equal(s.overdue, 0);
    assert_int_equal(lead_total(w.db, &w.p, "K1", "overdue"), 0);
    expect_list(w.db, &w.k1, "K1", 0, "suspended", RES_OK, "甲县签收的任务");
    expect_list(w.db, &w.k1, "K1", 0, "overdue", RES_OK, "");
    expect_list(w.db, &w.k1, "K1", 0, "open", RES_OK, "甲县延期的任务,甲县先报进展的任务");
    expect_step(w.db, &w.c1, t1, TASK_SUSPEND, NULL, "再次", RES_CONFLICT, "task");
    char *before = store_snapshot(w.db);
    struct err e = { 0 };
    assert_int_equal(task_report(w.db, &w.k1, t1, "照常推进", 40, 0, NULL, 0, &e), RES_CONFLICT);
    expect_unchanged(w.db, before, "a report on a suspended task");
    free(before);
    expect_tally_rebuilds_same(w.db);
    expect_step(w.db, &w.c1, t1, TASK_RESUME, NULL, NULL, RES_OK, NULL);
    s = get_ok(w.db, &w.k1, t1);
    assert_string_equal(s.state, "assigned");
    assert_int_equal(s.light, LIGHT_RED);
    assert_int_equal(lead_total(w.db, &w.p, "K1", "overdue"), 1);
    expect_tally_rebuilds_same(w.db);

    /* an accepted task takes no step */
    do_report(w.db, &w.k1, t2, "完成", 100, 1);
    do_accept(w.db, &w.c1, t2);
    expect_step(w.db, &w.c1, t2, TASK_SUSPEND, NULL, "x", RES_CONFLICT, "task");
    expect_step(w.db, &w.k1, t2, TASK_EXTENSION_ASK, "2036-12-31", "x", RES_CONFLICT, "task");
    expect_tally_rebuilds_same(w.db);
    expect_audit_ok(w.db);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM audit WHERE action LIKE 'task.extension%'"
                                  " OR action IN ('task.sign', 'task.suspend', 'task.resume')"),
                     7);

    /* the issuing unit's days: its admins set them, 0-365, staff may not */
    struct supervision_days d = { 0 };
    assert_int_equal(supervision_days_get(w.db, &w.k1, "K1", &d, &e), RES_OK);
    assert_true(d.sign == 2 && d.due_soon == 7 && d.stalled == 14 && d.escalate == 3);
    struct supervision_days bad = { 2, 7, 400, 3 }, good = { 1, 5, 10, 2 };
    assert_int_equal(supervision_days_set(w.db, &w.c1, "C1", &good, &e), RES_FORBIDDEN);
    assert_int_equal(supervision_days_set(w.db, &w.p, "C1", &bad, &e), RES_INVALID);
    assert_string_equal(e.field, "stalled_days");
    assert_int_equal(supervision_days_set(w.db, &w.p, "C1", &good, &e), RES_OK);
    assert_int_equal(supervision_days_get(w.db, &w.c1, "C1", &d, &e), RES_OK);
    assert_true(d.sign == 1 && d.due_soon == 5 && d.stalled == 10 && d.escalate == 2);
    assert_int_equal(supervision_days_get(w.db, &w.k1, "C1", &d, &e), RES_NOT_FOUND);
    world_close(&w);
}

/* ---- instructions, the inbox, escalation, asks and the statistics (issue 25) ---- */

struct inbox_seen {
    int n;               /* messages */
    char kinds[512];     /* "kind:task," each, newest first */
    long long first_id;  /* the newest message */
    int unread;          /* of them not read */
};

static void on_message(void *ctx, const struct inbox_msg *m)
{
    struct inbox_seen *s = ctx;
    if (s->n++ == 0)
        s->first_id = m->id;
    s->unread += !m->read;
    size_t used = strlen(s->kinds);
    snprintf(s->kinds + used, sizeof(s->kinds) - used, "%s:%lld,", m->kind, m->task_id);
}

static struct inbox_seen inbox_of(struct db *db, const struct actor *who)
{
    struct inbox_seen s = { 0 };
    assert_int_equal(outbox_inbox(db, who, 100, on_message, &s), RES_OK);
    return s;
}

static long long n_messages(struct db *db, const struct actor *who, const char *kind)
{
    struct inbox_seen s = inbox_of(db, who);
    long long n = 0;
    for (const char *p = s.kinds; (p = strstr(p, kind)); p += strlen(kind))
        n++;
    return n;
}

static void on_instruction(void *ctx, const struct instruction *i)
{
    *(int *)ctx = INSTRUCTION_DONE(i) ? 2 : 1;
}

static void on_instruction_task(void *ctx, long long task, const char *title, const char *state)
{
    (void)ctx;
    (void)task;
    (void)title;
    (void)state;
}

/* An instruction's state: 0 not visible, 1 open, 2 done. */
static int instruction_state(struct db *db, const struct actor *who, long long id)
{
    int state = 0;
    enum result r = instruction_get(db, who, id, on_instruction, on_instruction_task, &state);
    return r == RES_OK ? state : 0;
}

static void test_instructions(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-06-01");
    struct err e = { 0 };
    long long id = 0;
    struct instruction_input in = { .unit = "P", .leader = w.leader, .day = "2036-06-01",
                                    .text = "请抓紧研究落实。", .on = "关于档案审核的报告",
                                    .on_kind = "report" };
    /* refusals: out of scope, a bad day, an unknown kind, a leader out of sight */
    char *before = store_snapshot(w.db);
    assert_int_equal(instruction_create(w.db, &w.c1, &in, &id, &e), RES_NOT_FOUND);
    in.day = "2036-06-31";
    assert_int_equal(instruction_create(w.db, &w.p, &in, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "day");
    in.day = "2036-06-01";
    in.on_kind = "letter";
    assert_int_equal(instruction_create(w.db, &w.p, &in, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "on_kind");
    in.on_kind = NULL;
    struct instruction_input far = in;
    far.unit = "C1";
    assert_int_equal(instruction_create(w.db, &w.c1, &far, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "leader");
    expect_unchanged(w.db, before, "refused instructions");
    free(before);
    assert_int_equal(instruction_create(w.db, &w.p, &in, &id, &e), RES_OK);
    assert_int_equal(instruction_state(w.db, &w.c1, id), 0);
    assert_int_equal(instruction_state(w.db, &w.p, id), 1);

    /* two tasks from it; the leader hears when the last is accepted, rated */
    struct task_input t = { .title = "落实批示一", .kind = "key", .lead_unit = "C1",
                            .deadline = "2036-06-20" };
    long long t1 = 0, t2 = 0;
    assert_int_equal(instruction_task(w.db, &w.p, id, &t, &t1, &e), RES_OK);
    t.title = "落实批示二";
    t.lead_unit = "C2";
    assert_int_equal(instruction_task(w.db, &w.p, id, &t, &t2, &e), RES_OK);
    assert_int_equal(instruction_task(w.db, &w.c1, id, &t, &t2, &e), RES_NOT_FOUND);
    do_report(w.db, &w.c1, t1, "完成", 100, 1);
    do_report(w.db, &w.c2, t2, "完成", 100, 1);
    assert_int_equal(task_accept(w.db, &w.p, t1, "superb", &e), RES_INVALID);
    assert_string_equal(e.field, "rating");
    assert_int_equal(task_accept(w.db, &w.p, t1, "satisfied", &e), RES_OK);
    assert_int_equal(instruction_state(w.db, &w.p, id), 1);
    assert_int_equal(n_messages(w.db, &w.p, "instruction_result"), 0);
    assert_int_equal(task_accept(w.db, &w.p, t2, "basic", &e), RES_OK);
    assert_int_equal(instruction_state(w.db, &w.p, id), 2);
    assert_int_equal(n_messages(w.db, &w.p, "instruction_result"), 1);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE rating IS NOT NULL"), 2);

    /* a leader without an account: the account that recorded it hears */
    struct person_input pin = { .unit_code = "P", .name = "无账号领导" };
    long long nobody = 0;
    assert_int_equal(person_add(w.db, &w.sys, &pin, &nobody, &e), RES_OK);
    in.leader = nobody;
    long long id2 = 0, t3 = 0;
    assert_int_equal(instruction_create(w.db, &w.p, &in, &id2, &e), RES_OK);
    t.title = "落实批示三";
    assert_int_equal(instruction_task(w.db, &w.p, id2, &t, &t3, &e), RES_OK);
    do_report(w.db, &w.c2, t3, "完成", 100, 1);
    assert_int_equal(task_accept(w.db, &w.p, t3, NULL, &e), RES_OK);
    assert_int_equal(n_messages(w.db, &w.p, "instruction_result"), 2);

    /* the statistics count the instructions where they were written, and the ratings */
    struct supervision_stats st;
    assert_int_equal(supervision_stats(w.db, &w.p, "P", NULL, NULL, &st, NULL, NULL, &e), RES_OK);
    assert_int_equal(st.instructions_received, 2);
    assert_int_equal(st.instructions_done, 2);
    assert_int_equal(st.ratings[0], 1);
    assert_int_equal(st.ratings[1], 1);
    assert_int_equal(st.accepted, 3);
    assert_int_equal(supervision_stats(w.db, &w.c1, "P", NULL, NULL, &st, NULL, NULL, &e),
                     RES_NOT_FOUND);
    expect_audit_ok(w.db);
    world_close(&w);
}

static void count_light(void *ctx, const struct task *t)
{
    long long *lights = ctx; /* green, blue, yellow, red */
    if (t->light != LIGHT_NONE)
        lights[t->light - LIGHT_GREEN]++;
}

/* The figures of supervision_stats() for unit's subtree over [from, to], read from the records
 * task by task, as the statistics must count them; lights only for an open period. */
static struct supervision_stats stats_from_records(struct db *db, const struct actor *who,
                                                   const char *unit, const char *from,
                                                   const char *to)
{
    struct supervision_stats s = { 0 };
    char sql[4096];
    const char *range = "u.path >= x.path AND u.path < substr(x.path, 1, length(x.path) - 1) || '0'",
               *sign_days = "coalesce((SELECT d.sign_days FROM supervision_setting d"
                            " WHERE d.unit_id = t.assigner_unit_id), 2)";
    snprintf(sql, sizeof(sql),
             "SELECT count(*), sum(t.signed_at IS NOT NULL), sum(substr(t.signed_at, 1, 10) >"
             " date(substr(t.created, 1, 10), '+' || %s || ' days')), sum(t.signed_at IS NULL AND"
             " t.state NOT IN ('accepted', 'reported') AND t.suspended IS NULL AND"
             " substr(t.created, 1, 10) < date('%s', '-' || %s || ' days')),"
             " sum(t.original_deadline IS NOT NULL),"
             " sum(t.suspended IS NOT NULL), sum(t.state = 'accepted'), sum(t.state = 'accepted'"
             " AND (SELECT substr(max(g.at), 1, 10) FROM task_progress g WHERE g.task_id = t.id AND"
             " g.done) <= t.deadline), sum(t.state = 'accepted' AND (SELECT substr(max(g.at), 1,"
             " 10) FROM task_progress g WHERE g.task_id = t.id AND g.done) <="
             " coalesce(t.original_deadline, t.deadline)), sum(t.rating = 'satisfied'),"
             " sum(t.rating = 'basic'), sum(t.rating = 'dissatisfied') FROM unit x JOIN unit u ON"
             " %s JOIN task t ON t.lead_unit_id = u.id WHERE x.code = '%s' AND substr(t.created,"
             " 1, 10) BETWEEN '%s' AND '%s'",
             sign_days, getenv("TAIZHANG_TODAY"), sign_days, range, unit, from ? from : "0",
             to ? to : "9");
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long *const out[] = { &s.tasks,    &s.is_signed,        &s.signed_late,
                               &s.unsigned_late, &s.extended,    &s.suspended,
                               &s.accepted, &s.accepted_on_time, &s.accepted_on_original,
                               &s.ratings[0], &s.ratings[1],     &s.ratings[2] };
    for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
        *out[i] = sqlite3_column_int64(st, (int)i);
    sqlite3_finalize(st);
    snprintf(sql, sizeof(sql),
             "SELECT count(*), sum(i.done) FROM unit x JOIN unit u ON %s JOIN instruction i ON"
             " i.unit_id = u.id WHERE x.code = '%s' AND i.day BETWEEN '%s' AND '%s' AND i.done ="
             " (EXISTS (SELECT 1 FROM task t WHERE t.instruction_id = i.id) AND NOT EXISTS"
             " (SELECT 1 FROM task t WHERE t.instruction_id = i.id AND t.state <> 'accepted'))",
             range, unit, from ? from : "0", to ? to : "9");
    assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    s.instructions_received = sqlite3_column_int64(st, 0);
    s.instructions_done = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    if (!from && !to) {
        /* the lights as the ledger shows them today */
        struct task_filter f = { .unit = unit, .subtree = 1, .state = "open",
                                 .role = TASK_ROLE_LEAD, .limit = 1000 };
        long long total = 0;
        struct err e = { 0 };
        assert_int_equal(task_list(db, who, &f, count_light, s.lights, &total, &e), RES_OK);
        s.overdue = s.lights[3];
    }
    return s;
}

/* The statistics from the counts equal the records' for each unit, over all days and a period,
 * and the counts equal a rebuild of them from the records. */
static void expect_counts_true(struct db *db, const struct actor *who)
{
    static const char *const units[] = { "P", "C1", "C2", "K1", "K2", "K3" };
    static const char *const periods[][2] = { { NULL, NULL }, { "2036-05-02", "2036-05-03" } };
    for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++)
        for (int k = 0; k < 2; k++) {
            struct supervision_stats got, want;
            struct err e = { 0 };
            assert_int_equal(supervision_stats(db, who, units[u], periods[k][0], periods[k][1],
                                               &got, NULL, NULL, &e),
                             RES_OK);
            want = stats_from_records(db, who, units[u], periods[k][0], periods[k][1]);
            if (k) { /* the ledger's lights have no period: compare the counts over all days */
                memcpy(want.lights, got.lights, sizeof(want.lights));
                want.overdue = got.overdue;
            }
            /* the reports' catalogue reads the same counts */
            long long v[128];
            assert_true(n_indicators <= 128);
            assert_int_equal(indicator_values(db, who, units[u], periods[k][0], periods[k][1], v,
                                              &e),
                             RES_OK);
            const struct {
                const char *code;
                long long n;
            } read[] = { { "task.signed_late", got.signed_late },
                         { "task.unsigned_late", got.unsigned_late },
                         { "task.extended", got.extended },
                         { "task.suspended", got.suspended },
                         { "task.accepted_on_time", got.accepted_on_time },
                         { "instruction.received", got.instructions_received },
                         { "instruction.done", got.instructions_done } };
            for (size_t i = 0; i < sizeof(read) / sizeof(read[0]); i++)
                assert_int_equal(v[indicator_index(read[i].code)], read[i].n);
            if (memcmp(&got, &want, sizeof(got)) != 0)
                fail_msg("%s %s: counted tasks %lld signed %lld/%lld/%lld ext %lld susp %lld"
                         " acc %lld/%lld/%lld lights %lld %lld %lld %lld instr %lld/%lld;"
                         " records %lld %lld/%lld/%lld %lld %lld %lld/%lld/%lld lights %lld"
                         " %lld %lld %lld instr %lld/%lld",
                         units[u], periods[k][0] ? "period" : "all", got.tasks, got.is_signed,
                         got.signed_late, got.unsigned_late, got.extended, got.suspended,
                         got.accepted, got.accepted_on_time, got.accepted_on_original,
                         got.lights[0], got.lights[1], got.lights[2], got.lights[3],
                         got.instructions_received, got.instructions_done, want.tasks,
                         want.is_signed, want.signed_late, want.unsigned_late, want.extended,
                         want.suspended, want.accepted, want.accepted_on_time,
                         want.accepted_on_original, want.lights[0], want.lights[1],
                         want.lights[2], want.lights[3], want.instructions_received,
                         want.instructions_done);
        }
    static const char *const kept =
        "SELECT unit_id, key, day, n FROM registry_tally WHERE n <> 0 AND (key LIKE 'sup.%' OR"
        " key LIKE 'task.%' OR key LIKE 'instruction.%') ORDER BY unit_id, key, day";
    struct buf before, after;
    buf_init(&before, 1 << 16);
    buf_init(&after, 1 << 16);
    assert_int_equal(sqlite3_exec(db->h, kept, test_snap_row, &before, NULL), SQLITE_OK);
    assert_int_equal(db_tx_begin(db), RES_OK);
    assert_int_equal(registry_tally_rebuild(db), RES_OK);
    assert_int_equal(sqlite3_exec(db->h, kept, test_snap_row, &after, NULL), SQLITE_OK);
    db_tx_rollback(db);
    if (strcmp(buf_str(&before), buf_str(&after)) != 0)
        fail_msg("the supervision counts differ from a rebuild:\n%s\nrebuilt:\n%s",
                 buf_str(&before), buf_str(&after));
    buf_release(&before);
    buf_release(&after);
}

/* Starts a new day as the server does: the clock, then the day's sweep. */
static void new_day(struct db *db, const char *day)
{
    set_today(day);
    long long n = 0;
    assert_int_equal(supervision_sweep(db, &n, NULL), RES_OK);
}

static void test_supervision_counts(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err e = { 0 };
    new_day(w.db, "2036-05-01");
    long long t[10];
    t[0] = mk_task(w.db, &w.c1, "签收任务", "K1", "2036-05-20", 0);
    t[1] = mk_task(w.db, &w.c1, "逾期任务", "K1", "2036-05-04", 0);
    t[2] = mk_task(w.db, &w.c1, "延期任务", "K2", "2036-05-06", 0);
    t[3] = mk_task(w.db, &w.p, "中止任务", "C2", "2036-05-30", 0);
    expect_counts_true(w.db, &w.p);
    new_day(w.db, "2036-05-02");
    t[4] = mk_task(w.db, &w.p, "市级任务", "C2", "2036-05-03", 0);
    t[5] = mk_task(w.db, &w.p, "区县任务", "K3", "2036-06-30", 0);
    expect_step(w.db, &w.k1, t[0], TASK_SIGN, NULL, NULL, RES_OK, NULL);
    do_report(w.db, &w.k2, t[2], "已启动", 30, 0);
    expect_counts_true(w.db, &w.p);
    new_day(w.db, "2036-05-05"); /* t[1] is late to sign and overdue, t[5] late to sign */
    expect_counts_true(w.db, &w.p);
    expect_step(w.db, &w.k2, t[2], TASK_EXTENSION_ASK, "2036-05-15", "等文件", RES_OK, NULL);
    expect_step(w.db, &w.c1, t[2], TASK_EXTENSION_APPROVE, NULL, "同意", RES_OK, NULL);
    expect_step(w.db, &w.p, t[3], TASK_SUSPEND, NULL, "暂停", RES_OK, NULL);
    expect_step(w.db, &w.k1, t[1], TASK_SIGN, NULL, NULL, RES_OK, NULL); /* late */
    do_report(w.db, &w.k1, t[0], "完成", 100, 1);
    do_report(w.db, &w.c2, t[4], "完成", 100, 1); /* after its deadline */
    expect_counts_true(w.db, &w.p);
    new_day(w.db, "2036-05-21");
    assert_int_equal(task_accept(w.db, &w.c1, t[0], "satisfied", &e), RES_OK);
    assert_int_equal(task_accept(w.db, &w.p, t[4], "dissatisfied", &e), RES_OK);
    expect_step(w.db, &w.p, t[3], TASK_RESUME, NULL, NULL, RES_OK, NULL);
    /* an instruction done, then not done once a task is issued from it again */
    struct instruction_input in = { .unit = "P", .leader = w.leader, .day = "2036-05-21",
                                    .text = "抓紧落实。", .on = "报告" };
    long long ins = 0, it = 0;
    assert_int_equal(instruction_create(w.db, &w.p, &in, &ins, &e), RES_OK);
    struct task_input ti = { .title = "落实批示", .kind = "key", .lead_unit = "C1",
                             .deadline = "2036-05-25" };
    assert_int_equal(instruction_task(w.db, &w.p, ins, &ti, &it, &e), RES_OK);
    do_report(w.db, &w.c1, it, "完成", 100, 1);
    assert_int_equal(task_accept(w.db, &w.p, it, "basic", &e), RES_OK);
    expect_counts_true(w.db, &w.p);
    /* the roll-up's on time is the same: reported done by the deadline in force (t[0], accepted
     * after its deadline, is; t[4], reported after it, is not) */
    struct task_stats ts;
    assert_int_equal(task_stats(w.db, &w.p, "P", &ts, NULL, NULL, &e), RES_OK);
    assert_int_equal(ts.accepted, 3);
    assert_int_equal(ts.on_time, 2);
    expect_tally_rebuilds_same(w.db);
    ti.title = "再次落实";
    assert_int_equal(instruction_task(w.db, &w.p, ins, &ti, &it, &e), RES_OK);
    /* an issuing unit's new days move its tasks' lights at once */
    struct supervision_days days = { .sign = 30, .due_soon = 60, .stalled = 60, .escalate = 3 };
    assert_int_equal(supervision_days_set(w.db, &w.p, "C1", &days, &e), RES_OK);
    expect_counts_true(w.db, &w.p);
    new_day(w.db, "2036-07-01");
    expect_counts_true(w.db, &w.p);
    /* the sweep again on the same day (a restart) counts nothing twice */
    long long n = 0, counted = -1;
    assert_int_equal(supervision_sweep(w.db, &n, &counted), RES_OK);
    assert_int_equal(counted, 0);
    expect_counts_true(w.db, &w.p);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE booked = 0"), 0);
    world_close(&w);
}

static void test_inbox_and_escalation(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-06-01");
    long long k1p = add_account(w.db, "K1", "k1lead", "甲县领导", "leader");
    struct actor k1lead;
    actor_of(w.db, "k1lead", &k1lead);
    add_account(w.db, "K1", "k1cadre", "甲县干部", "cadre");
    struct actor cadre;
    actor_of(w.db, "k1cadre", &cadre);
    /* a: its leader has an account; b: no leader, so the lead unit's leaders hear */
    long long a = mk_task(w.db, &w.c1, "甲县逾期任务", "K1", "2036-06-05", k1p);
    mk_task(w.db, &w.c1, "甲县无领导任务", "K1", "2036-06-05", 0);
    long long c = mk_task(w.db, &w.c1, "甲县中止任务", "K1", "2036-06-05", k1p);
    expect_step(w.db, &w.c1, c, TASK_SUSPEND, NULL, "暂停", RES_OK, NULL);
    /* the unit's messages reach its staff, not its cadres */
    assert_true(n_messages(w.db, &w.k1, "task.assigned") == 3);
    assert_int_equal(inbox_of(w.db, &cadre).n, 0);

    long long n = -1;
    set_today("2036-06-07"); /* 2 days late: not yet */
    assert_int_equal(supervision_sweep(w.db, &n, NULL), RES_OK);
    assert_int_equal(n, 0);
    set_today("2036-06-08"); /* 3 days late */
    assert_int_equal(supervision_sweep(w.db, &n, NULL), RES_OK);
    assert_int_equal(n, 2);
    assert_int_equal(n_messages(w.db, &k1lead, "escalation"), 2); /* a as its leader, b too */
    assert_int_equal(n_messages(w.db, &w.k1, "escalation"), 0);
    /* once per deadline in force, whatever the restarts: the connection closed and opened */
    for (int i = 0; i < 2; i++) {
        char path[PATH_LEN];
        snprintf(path, sizeof(path), "%s", sqlite3_db_filename(w.db->h, "main"));
        db_close(w.db);
        struct buf msg;
        buf_init(&msg, 1024);
        w.db = db_open(path, 0, &msg);
        buf_release(&msg);
        assert_non_null(w.db);
        assert_int_equal(supervision_sweep(w.db, &n, NULL), RES_OK);
        assert_int_equal(n, 0);
    }
    /* an approved extension starts anew */
    expect_step(w.db, &w.k1, a, TASK_EXTENSION_ASK, "2036-06-10", "再给几天", RES_OK, NULL);
    expect_step(w.db, &w.c1, a, TASK_EXTENSION_APPROVE, NULL, NULL, RES_OK, NULL);
    set_today("2036-06-12");
    assert_int_equal(supervision_sweep(w.db, &n, NULL), RES_OK);
    assert_int_equal(n, 0);
    set_today("2036-06-13");
    assert_int_equal(supervision_sweep(w.db, &n, NULL), RES_OK);
    assert_int_equal(n, 1);
    assert_int_equal(n_messages(w.db, &k1lead, "escalation"), 3);

    /* marking read: one's own messages only */
    struct inbox_seen s = inbox_of(w.db, &k1lead);
    assert_int_equal(s.unread, s.n);
    struct err e = { 0 };
    assert_int_equal(outbox_read(w.db, &w.k2, s.first_id, &e), RES_NOT_FOUND);
    assert_int_equal(outbox_read(w.db, &k1lead, s.first_id, &e), RES_OK);
    assert_int_equal(inbox_of(w.db, &k1lead).unread, s.n - 1);
    world_close(&w);
}

struct asks_seen {
    char text[1024]; /* "kind:title:light," each in order */
};

static void on_ask(void *ctx, const struct task_ask *a)
{
    struct asks_seen *s = ctx;
    size_t used = strlen(s->text);
    snprintf(s->text + used, sizeof(s->text) - used, "%s:%s:%d,", a->kind, a->title, a->light);
}

static void test_asks(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-06-01");
    long long red = mk_task(w.db, &w.c1, "红", "K1", "2036-06-03", 0);
    long long blue = mk_task(w.db, &w.c1, "蓝", "K1", "2036-06-20", 0);
    long long green = mk_task(w.db, &w.c1, "绿", "K1", "2036-09-30", 0);
    long long done = mk_task(w.db, &w.c1, "报结", "K1", "2036-06-30", 0);
    long long held = mk_task(w.db, &w.c1, "中止", "K1", "2036-06-30", 0);
    expect_step(w.db, &w.k1, red, TASK_SIGN, NULL, NULL, RES_OK, NULL);
    expect_step(w.db, &w.k1, blue, TASK_SIGN, NULL, NULL, RES_OK, NULL);
    do_report(w.db, &w.k1, done, "完成", 100, 1);
    expect_step(w.db, &w.c1, held, TASK_SUSPEND, NULL, "暂停", RES_OK, NULL);
    expect_step(w.db, &w.k1, green, TASK_EXTENSION_ASK, "2036-10-31", "延期", RES_OK, NULL);
    new_day(w.db, "2036-06-14");
    struct asks_seen k1 = { "" }, c1 = { "" };
    struct err e = { 0 };
    long long total = 0;
    assert_int_equal(task_asks(w.db, &w.k1, "K1", 0, 100, on_ask, &k1, &total, &e), RES_OK);
    /* red, yellow (green is unsigned), blue; the reported and the suspended not asked */
    assert_string_equal(k1.text, "report:红:4,sign:绿:3,report:蓝:2,");
    assert_int_equal(total, 3);
    assert_int_equal(task_asks(w.db, &w.c1, "C1", 0, 100, on_ask, &c1, &total, &e), RES_OK);
    assert_string_equal(c1.text, "accept:报结:0,extension:绿:0,");
    /* the tasks in work counted below C1 are K1's, not C1's own */
    assert_int_equal(total, 2);
    assert_int_equal(task_asks(w.db, &w.k2, "K1", 0, 100, on_ask, &c1, &total, &e),
                     RES_NOT_FOUND);
    /* a page from an offset, the total kept */
    struct asks_seen page = { "" };
    assert_int_equal(task_asks(w.db, &w.k1, "K1", 1, 1, on_ask, &page, &total, &e), RES_OK);
    assert_string_equal(page.text, "sign:绿:3,");
    assert_int_equal(total, 3);
    /* a period report to submit (its light from its due day) and an unread notice; read, the
     * notice is no longer asked */
    static const char *const codes[] = { "task.total" }, *const levels[] = { "county" };
    struct report_input rin = { .unit = "C1", .title = "六月报表", .from = "2036-06-01",
                                .to = "2036-06-30", .due = "2036-06-16", .codes = codes,
                                .n_codes = 1, .levels = levels, .n_levels = 1 };
    long long rep = 0;
    assert_int_equal(report_create(w.db, &w.c1, &rin, &rep, &e), RES_OK);
    const struct outbox_msg m = { .kind = "notice.signed", .unit_id = n_rows(w.db, "SELECT id FROM unit WHERE code = 'K1'"),
                                  .title = "关于表扬的通报", .path = "/notices/1" };
    assert_int_equal(db_tx_begin(w.db), RES_OK);
    assert_int_equal(outbox_put(w.db, &m), RES_OK);
    assert_int_equal(db_tx_commit(w.db), RES_OK);
    struct asks_seen more = { "" };
    assert_int_equal(task_asks(w.db, &w.k1, "K1", 0, 100, on_ask, &more, &total, &e), RES_OK);
    assert_string_equal(more.text, "report:红:4,sign:绿:3,period_report:六月报表:2,report:蓝:2,"
                                   "notice:关于表扬的通报:0,");
    long long msg = n_rows(w.db, "SELECT max(id) FROM outbox WHERE kind = 'notice.signed'");
    assert_int_equal(outbox_read(w.db, &w.k1, msg, &e), RES_OK);
    struct asks_seen after = { "" };
    assert_int_equal(task_asks(w.db, &w.k1, "K1", 0, 100, on_ask, &after, &total, &e), RES_OK);
    assert_null(strstr(after.text, "notice:"));
    assert_int_equal(total, 4);
    world_close(&w);
}

/* Many tasks led by one unit: their number from the roll-up's lights, less the units' below. */
static void test_asks_many(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-06-01");
    enum { N_C1 = 300, N_K1 = 7 };
    for (int i = 0; i < N_C1; i++)
        mk_task(w.db, &w.p, "市级任务", "C1", i % 2 ? "2036-06-03" : "2036-09-30", 0);
    for (int i = 0; i < N_K1; i++)
        mk_task(w.db, &w.c1, "县级任务", "K1", "2036-07-01", 0);
    /* one of C1's reported, one suspended: neither asked */
    long long done = mk_task(w.db, &w.p, "报结", "C1", "2036-06-30", 0);
    do_report(w.db, &w.c1, done, "完成", 100, 1);
    long long held = mk_task(w.db, &w.p, "中止", "C1", "2036-06-30", 0);
    expect_step(w.db, &w.p, held, TASK_SUSPEND, NULL, "暂停", RES_OK, NULL);
    struct asks_seen page = { "" };
    struct err e = { 0 };
    long long total = 0;
    assert_int_equal(task_asks(w.db, &w.c1, "C1", 0, 2, on_ask, &page, &total, &e), RES_OK);
    assert_int_equal(total, N_C1);
    assert_int_equal(task_asks(w.db, &w.k1, "K1", 0, 2, on_ask, &page, &total, &e), RES_OK);
    assert_int_equal(total, N_K1);
    /* the report waits for the issuer's acceptance */
    assert_int_equal(task_asks(w.db, &w.p, "P", 0, 2, on_ask, &page, &total, &e), RES_OK);
    assert_int_equal(total, 1);
    world_close(&w);
}

/* The tasks of test_list_plans: their lead units, assisting units ("" for none) and deadlines,
 * ties included. */
static const struct {
    const char *lead;
    const char *assist;
    const char *deadline;
} plan_tasks[] = {
    { "C2", "", "2036-03-01" },   { "C1", "K3", "2036-02-01" }, { "C2", "K1", "2036-02-01" },
    { "K1", "", "2036-04-01" },   { "C2", "", "2036-01-15" },   { "C2", "K2", "2036-03-01" },
    { "C1", "", "2036-03-01" },   { "C2", "", "2036-02-01" },   { "K3", "C1", "2036-05-01" },
    { "C2", "K1", "2036-01-15" }, { "C2", "", "2036-04-01" },   { "C1", "", "2036-01-15" },
    { "C2", "", "2036-03-01" },   { "C2", "", "2036-02-01" },   { "K2", "", "2036-02-01" },
    { "C2", "", "2036-06-01" },
};
static enum task_sort plan_sort;

/* Orders indexes into plan_tasks (their ids ascend with them) as plan_sort does. */
static int plan_cmp(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    int d = strcmp(plan_tasks[i].deadline, plan_tasks[j].deadline);
    switch (plan_sort) {
    case TASK_SORT_DEADLINE: return d ? d : i - j;
    case TASK_SORT_DEADLINE_DESC: return d ? -d : j - i;
    default: return j - i;
    }
}

/* Whether unit is one of the ','-terminated codes in list. */
static int listed(const char *list, const char *unit)
{
    char item[8];
    snprintf(item, sizeof(item), "%s,", unit);
    return *unit && strstr(list, item) != NULL;
}

/* A list reads a scope with few tasks unit by unit and sorts them, and one with many by walking
 * all tasks in order; which depends on the role and on the page's end. Every way gives the same
 * rows, page by page, as a model of the scope sorted. */
static void test_list_plans(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    size_t n_tasks = sizeof(plan_tasks) / sizeof(plan_tasks[0]);
    for (size_t i = 0; i < n_tasks; i++) {
        char title[8];
        snprintf(title, sizeof(title), "T%02zu", i);
        const char *assist[] = { plan_tasks[i].assist };
        struct task_input in = { .title = title,
                                 .kind = "key",
                                 .lead_unit = plan_tasks[i].lead,
                                 .assist_units = assist,
                                 .n_assist = *assist[0] ? 1 : 0,
                                 .deadline = plan_tasks[i].deadline };
        long long id = 0;
        struct err e = { 0 };
        assert_int_equal(task_create(w.db, &w.p, &in, &id, &e), RES_OK);
        /* a few reported on since: not stalled on the day the lists are read */
        if (i % 5 == 1) {
            set_today("2036-02-20");
            do_report(w.db, &w.p, id, "推进中", 30, 0);
            set_today("2036-01-01");
        }
    }
    /* read on 2036-03-01: overdue before it, due soon up to 03-08, stalled since 02-16 or before */
    set_today("2036-03-01");
    static const char *const states[] = { NULL, "overdue", "due_soon", "stalled", "open" };
    static const struct {
        const char *unit;
        int subtree;
        const char *units; /* the units in scope, each followed by ',' */
    } scopes[] = {
        { "C1", 1, "C1,K1,K2," }, { "C2", 1, "C2,K3," }, { "K1", 1, "K1," },
        { "C1", 0, "C1," },       { "C2", 0, "C2," },    { "P", 1, "P,C1,C2,K1,K2,K3," },
    };
    static const enum task_role roles[] = { TASK_ROLE_LEAD, TASK_ROLE_ASSIST, TASK_ROLE_ANY };
    static const enum task_sort sorts[] = { TASK_SORT_DEADLINE, TASK_SORT_DEADLINE_DESC,
                                            TASK_SORT_NEWEST };
    static const long long limits[] = { 1, 2, 3, 5, 20 };
    for (size_t s = 0; s < sizeof(scopes) / sizeof(scopes[0]); s++)
        for (size_t ro = 0; ro < sizeof(roles) / sizeof(roles[0]); ro++)
            for (size_t o = 0; o < sizeof(sorts) / sizeof(sorts[0]); o++) {
                const char *st = states[(s + ro + o) % (sizeof(states) / sizeof(states[0]))];
                int order[16], n = 0;
                for (size_t i = 0; i < n_tasks; i++) {
                    int lead = listed(scopes[s].units, plan_tasks[i].lead);
                    int assist = listed(scopes[s].units, plan_tasks[i].assist);
                    const char *dl = plan_tasks[i].deadline;
                    int in_state = !st || !strcmp(st, "open") ||
                                   (!strcmp(st, "overdue") && strcmp(dl, "2036-03-01") < 0) ||
                                   (!strcmp(st, "due_soon") && strcmp(dl, "2036-03-01") >= 0 &&
                                    strcmp(dl, "2036-03-08") <= 0) ||
                                   (!strcmp(st, "stalled") && i % 5 != 1);
                    if (in_state && (roles[ro] == TASK_ROLE_LEAD     ? lead
                                     : roles[ro] == TASK_ROLE_ASSIST ? assist
                                                                     : lead || assist))
                        order[n++] = (int)i;
                }
                plan_sort = sorts[o];
                qsort(order, (size_t)n, sizeof(order[0]), plan_cmp);
                struct buf want;
                buf_init(&want, 1024);
                for (int i = 0; i < n; i++)
                    buf_addf(&want, "%sT%02d", i ? "," : "", order[i]);
                for (size_t l = 0; l < sizeof(limits) / sizeof(limits[0]); l++) {
                    struct titles got = { .n = 0 };
                    buf_init(&got.b, 1024);
                    for (long long offset = 0; offset < 20; offset += limits[l]) {
                        struct task_filter f = { .unit = scopes[s].unit,
                                                 .subtree = scopes[s].subtree,
                                                 .role = roles[ro],
                                                 .sort = sorts[o],
                                                 .limit = limits[l],
                                                 .offset = offset,
                                                 .brief = (int)(l % 2),
                                                 .state = st };
                        long long total = -1;
                        struct err e = { 0 };
                        assert_int_equal(task_list(w.db, &w.p, &f, on_title, &got, &total, &e),
                                         RES_OK);
                        assert_int_equal(total, n);
                    }
                    if (strcmp(buf_str(&got.b), buf_str(&want)) != 0)
                        fail_msg("%s subtree %d role %d sort %d state %s by %lld: '%s',"
                                 " want '%s'",
                                 scopes[s].unit, scopes[s].subtree, (int)roles[ro], (int)sorts[o],
                                 st ? st : "-", limits[l], buf_str(&got.b), buf_str(&want));
                    buf_release(&got.b);
                }
                buf_release(&want);
            }
    world_close(&w);
}

static void test_state_filters(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    long long top = mk_task(w.db, &w.p, "总任务", "C1", "2037-12-31", 0);
    long long ta = mk_split(w.db, &w.c1, top, "K1", "A逾期", "2036-05-01");
    long long tb = mk_split(w.db, &w.c1, top, "K1", "B将到期", "2036-06-03");
    long long tc = mk_split(w.db, &w.c1, top, "K2", "C停滞", "2036-12-31");
    long long td = mk_split(w.db, &w.c1, top, "K2", "D推进中", "2036-12-31");
    long long te = mk_split(w.db, &w.c1, top, "K1", "E已验收", "2036-12-31");
    long long tf = mk_split(w.db, &w.c1, top, "K2", "F逾期验收", "2036-05-01");
    long long tg = mk_split(w.db, &w.c1, top, "K1", "G本月逾期", "2036-06-10");
    long long th = mk_split(w.db, &w.c1, top, "K2", "H已上报", "2036-07-15");
    (void)ta;
    (void)tb;
    (void)tc;
    (void)tg;
    set_today("2036-05-20");
    do_report(w.db, &w.k2, td, "推进中", 30, 0);
    do_report(w.db, &w.k1, te, "完成", 100, 1);
    do_accept(w.db, &w.c1, te);
    set_today("2036-05-25");
    do_report(w.db, &w.k2, tf, "完成", 100, 1);
    do_accept(w.db, &w.c1, tf);
    set_today("2036-05-31");
    do_report(w.db, &w.k2, th, "完成", 100, 1);

    set_today("2036-06-01");
    expect_list(w.db, &w.c1, "C1", 1, NULL, RES_OK,
                "A逾期,F逾期验收,B将到期,G本月逾期,H已上报,C停滞,D推进中,E已验收,总任务");
    expect_list(w.db, &w.c1, "C1", 1, "all", RES_OK,
                "A逾期,F逾期验收,B将到期,G本月逾期,H已上报,C停滞,D推进中,E已验收,总任务");
    /* open: in work, so not H, reported done and awaiting acceptance */
    expect_list(w.db, &w.c1, "C1", 1, "open", RES_OK,
                "A逾期,B将到期,G本月逾期,C停滞,D推进中,总任务");
    expect_list(w.db, &w.c1, "C1", 1, "overdue", RES_OK, "A逾期");
    expect_list(w.db, &w.c1, "C1", 1, "due_soon", RES_OK, "B将到期");
    expect_list(w.db, &w.c1, "C1", 1, "stalled", RES_OK, "A逾期,B将到期,G本月逾期,C停滞,总任务");
    expect_list(w.db, &w.c1, "C1", 1, "accepted", RES_OK, "F逾期验收,E已验收");
    expect_list(w.db, &w.c1, "C1", 1, "reported", RES_OK, "H已上报");
    expect_list(w.db, &w.c1, "C1", 1, "in_progress", RES_OK, "D推进中");
    expect_list(w.db, &w.c1, "C1", 1, "assigned", RES_OK, "A逾期,B将到期,G本月逾期,C停滞,总任务");
    expect_list(w.db, &w.c1, "C1", 1, "returned", RES_OK, "");
    expect_list(w.db, &w.k1, "K1", 0, "overdue", RES_OK, "A逾期");
    expect_list(w.db, &w.k2, "K2", 0, "stalled", RES_OK, "C停滞");
    expect_list(w.db, &w.c1, "C1", 0, "open", RES_OK, "总任务");
    /* the roll-up counts give the same totals */
    assert_int_equal(lead_total(w.db, &w.c1, "C1", "all"), 9);
    assert_int_equal(lead_total(w.db, &w.c1, "C1", "accepted"), 2);
    assert_int_equal(lead_total(w.db, &w.c1, "C1", "open"), 6);
    assert_int_equal(lead_total(w.db, &w.c1, "C1", "overdue"), 1);
    assert_int_equal(lead_total(w.db, &w.p, "P", "overdue"), 1);
    assert_int_equal(lead_total(w.db, &w.k2, "K2", "open"), 2);

    /* mid-June: deadlines earlier this month are overdue too */
    set_today("2036-06-15");
    expect_list(w.db, &w.c1, "C1", 1, "overdue", RES_OK, "A逾期,B将到期,G本月逾期");
    expect_list(w.db, &w.c1, "C1", 1, "due_soon", RES_OK, "");
    assert_int_equal(lead_total(w.db, &w.p, "P", "overdue"), 3);
    assert_int_equal(lead_total(w.db, &w.c1, "K1", "overdue"), 3);
    assert_int_equal(lead_total(w.db, &w.c1, "K2", "overdue"), 0);
    set_today("2036-07-16");
    /* H, reported done before its deadline, is never overdue while it awaits acceptance */
    expect_list(w.db, &w.p, "P", 1, "overdue", RES_OK, "A逾期,B将到期,G本月逾期");
    assert_int_equal(lead_total(w.db, &w.p, "P", "overdue"), 3);
    assert_int_equal(lead_total(w.db, &w.p, "K2", "overdue"), 0);
    set_today("2038-01-01");
    assert_int_equal(lead_total(w.db, &w.p, "P", "overdue"), 6);

    /* pagination: the total still counts every match */
    set_today("2036-06-01");
    struct task_filter f = { .unit = "C1", .subtree = 1, .offset = 1, .limit = 2 };
    expect_filter(w.db, &w.c1, &f, RES_OK, "F逾期验收,B将到期");
    struct titles c = { .n = 0 };
    buf_init(&c.b, 4096);
    long long total = 0;
    struct err e = { 0 };
    assert_int_equal(task_list(w.db, &w.c1, &f, on_title, &c, &total, &e), RES_OK);
    assert_int_equal(total, 9);
    buf_release(&c.b);
    f = (struct task_filter){ .unit = "C1", .subtree = 1, .limit = 100, .sort = TASK_SORT_NEWEST };
    expect_filter(w.db, &w.c1, &f, RES_OK,
                  "H已上报,G本月逾期,F逾期验收,E已验收,D推进中,C停滞,B将到期,A逾期,总任务");

    /* bad filters name their field */
    const struct {
        struct task_filter f; /* the filter */
        const char *field;    /* field named */
    } bad[] = {
        { { .unit = "C1", .state = "late", .limit = 10 }, "state" },
        { { .unit = "C1", .kind = "x", .limit = 10 }, "kind" },
        { { .unit = "C1", .sort = (enum task_sort)99, .limit = 10 }, "sort" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        e = (struct err){ 0 };
        c.n = 0;
        buf_init(&c.b, 1024);
        assert_int_equal(task_list(w.db, &w.c1, &bad[i].f, on_title, &c, &total, &e), RES_INVALID);
        assert_string_equal(e.field, bad[i].field);
        assert_int_equal(c.n, 0);
        buf_release(&c.b);
    }
    world_close(&w);
}

/* ---- supervision ---- */

/* Issues supervision as who, expecting want; returns the draft notice's id for the kind
 * "notice", else 0 (-1 when refused). */
static long long supervise(struct db *db, const struct actor *who, long long id, const char *kind,
                           const char *text, enum result want)
{
    char *before = want == RES_OK ? NULL : store_snapshot(db);
    long long sup_id = -1, notice_id = -1;
    struct err e = { 0 };
    enum result r = task_supervise(db, who, id, kind, text, &sup_id, &notice_id, &e);
    if (r != want)
        fail_msg("task_supervise %s on %lld by %s: %d (%s), want %d", kind ? kind : "-", id,
                 who->login, r, e.field ? e.field : "-", want);
    if (before) {
        expect_unchanged(db, before, "a refused supervision");
        free(before);
        return -1;
    }
    assert_true(sup_id > 0 || notice_id > 0);
    return notice_id;
}

static void sup_row(void *ctx, const struct supervision_row *s)
{
    struct buf *b = ctx;
    buf_addf(b, "%s%s/%s", b->len ? "," : "", s->kind, s->unit_name);
}

static void test_supervision(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct actor sc1, sc2, lc1;
    make_actor(w.db, "C1", "sc1", "supervisor", &sc1);
    make_actor(w.db, "C2", "sc2", "supervisor", &sc2);
    make_actor(w.db, "C1", "lc1", "leader", &lc1);
    set_today("2036-01-01");
    long long top = mk_task(w.db, &w.p, "落实干部考核评价办法", "C1", "2036-12-31", w.leader);
    long long a = mk_split(w.db, &w.c1, top, "K1", "甲县落实", "2036-05-01");
    long long b = mk_split(w.db, &w.c1, top, "K2", "乙县落实", "2036-05-01");

    set_today("2036-04-29");
    assert_int_equal(supervise(w.db, &w.sp, a, "reminder", "临近时限,请抓紧", RES_OK), 0);
    set_today("2036-06-01");
    assert_int_equal(supervise(w.db, &w.sp, a, "urge", "已逾期,请尽快办结", RES_OK), 0);
    assert_int_equal(supervise(w.db, &w.sp, a, "criticism", "逾期未办,提出批评", RES_OK), 0);
    /* a leader criticises directly */
    assert_int_equal(supervise(w.db, &lc1, a, "criticism", "进度滞后,提出批评", RES_OK), 0);
    assert_int_equal(supervise(w.db, &w.sp, b, "reminder", "请按时报送", RES_OK), 0);
    /* each reaches the lead unit's people through the outbox (taizhang notify) */
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM outbox WHERE kind = 'supervision.urge'"
                                    " AND text = '已逾期,请尽快办结'", NULL, -1), 1);
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM outbox WHERE kind LIKE"
                                    " 'supervision.%'", NULL, -1), 5);
    /* the kind "notice" of older clients drafts a notice to the lead unit, for a leader to sign */
    long long drafted = supervise(w.db, &sc1, a, "notice", "通报一", RES_OK);
    assert_true(drafted > 0);
    char drafted_id[24];
    snprintf(drafted_id, sizeof(drafted_id), "%lld", drafted);
    assert_int_equal(db_count(w.db,
                              "SELECT count(*) FROM notice n JOIN notice_to t ON t.notice_id = n.id"
                              " JOIN unit u ON u.id = t.unit_id WHERE n.state = 'draft'"
                              " AND n.kind = 'criticism' AND u.code = 'K1' AND n.id = ?1",
                              drafted_id, -1),
                     1);

    /* refusals: roles without supervision (an administrator too), out of scope, bad kind or
     * text, closed tasks */
    supervise(w.db, &w.p, b, "reminder", "管理员不是督查人员", RES_FORBIDDEN);
    supervise(w.db, &w.k1, a, "notice", "越权", RES_FORBIDDEN);
    supervise(w.db, &w.k2, b, "reminder", "越权", RES_FORBIDDEN);
    supervise(w.db, &w.c1, a, "urge", "越权", RES_FORBIDDEN);
    supervise(w.db, &sc2, a, "urge", "别的市", RES_NOT_FOUND);
    supervise(w.db, &sc1, 999999, "urge", "无此任务", RES_NOT_FOUND);
    supervise(w.db, &w.sp, a, "warning", "未知种类", RES_INVALID);
    supervise(w.db, &w.sp, a, NULL, "未知种类", RES_INVALID);
    supervise(w.db, &w.sp, a, "urge", "", RES_INVALID);
    long long done = mk_split(w.db, &w.c1, top, "K1", "已办结", "2036-12-31");
    finish(w.db, &w.c1, done);
    supervise(w.db, &w.sp, done, "notice", "已验收的任务", RES_CONFLICT);
    supervise(w.db, &w.sp, done, "reminder", "已验收的任务", RES_CONFLICT);

    /* listed on the task, newest first, for everyone who sees the task */
    struct buf rows;
    buf_init(&rows, 1 << 16);
    const char *on_a = "criticism/一市委组织部,criticism/测试省委组织部,urge/测试省委组织部,"
                       "reminder/测试省委组织部";
    assert_int_equal(supervision_each(w.db, &w.sp, SUP_TASK, a, sup_row, &rows), RES_OK);
    assert_string_equal(buf_str(&rows), on_a);
    buf_reset(&rows);
    assert_int_equal(supervision_each(w.db, &w.k1, SUP_TASK, a, sup_row, &rows), RES_OK);
    assert_string_equal(buf_str(&rows), on_a);
    buf_reset(&rows);
    assert_int_equal(supervision_each(w.db, &w.k2, SUP_TASK, a, sup_row, &rows), RES_OK);
    assert_string_equal(buf_str(&rows), "");
    buf_reset(&rows);
    /* the lead unit's inbox holds them */
    assert_int_equal(supervision_each(w.db, &w.k1, SUP_INBOX, 0, sup_row, &rows), RES_OK);
    assert_string_equal(buf_str(&rows), on_a);
    buf_reset(&rows);
    assert_int_equal(supervision_each(w.db, &w.k2, SUP_INBOX, 0, sup_row, &rows), RES_OK);
    assert_string_equal(buf_str(&rows), "reminder/测试省委组织部");
    buf_reset(&rows);
    long long first = n_rows(w.db, "SELECT min(id) FROM supervision");
    assert_int_equal(supervision_each(w.db, &w.k1, SUP_ONE, first, sup_row, &rows), RES_OK);
    assert_string_equal(buf_str(&rows), "reminder/测试省委组织部");
    buf_reset(&rows);
    assert_int_equal(supervision_each(w.db, &w.k2, SUP_ONE, first, sup_row, &rows), RES_NOT_FOUND);
    buf_release(&rows);
    assert_int_equal(
        db_count(w.db, "SELECT count(*) FROM audit WHERE action = ?1", "task.supervise", -1),
        n_rows(w.db, "SELECT count(*) FROM supervision"));
    expect_audit_ok(w.db);
    world_close(&w);
}

/* ---- statistics and the roll-up counts ---- */

/* A task of the statistics scenario. */
struct stat_task {
    const char *lead;     /* the lead unit */
    const char *chain;    /* its ancestry, "/P/C1/K1/" */
    const char *deadline; /* deadline */
    const char *accept;   /* day accepted, or NULL */
    long long id;         /* set when created */
};

/* The counts by hand for the tasks led in unit's subtree on day. */
static struct task_stats hand_count(const struct stat_task *t, size_t n, const char *unit,
                                    const char *day)
{
    char seg[48];
    snprintf(seg, sizeof(seg), "/%s/", unit);
    struct task_stats s = { 0 };
    for (size_t i = 0; i < n; i++) {
        if (!strstr(t[i].chain, seg))
            continue;
        s.total++;
        int accepted = t[i].accept && strcmp(t[i].accept, day) <= 0;
        s.accepted += accepted;
        s.on_time += accepted && strcmp(t[i].accept, t[i].deadline) <= 0;
        s.overdue += !accepted && strcmp(t[i].deadline, day) < 0;
    }
    return s;
}

/* Hand counts of a unit's own tasks: those whose chain ends with it. */
static struct task_stats hand_own(const struct stat_task *t, size_t n, const char *unit,
                                  const char *day)
{
    char seg[48];
    snprintf(seg, sizeof(seg), "/%s/", unit);
    struct task_stats s = { 0 };
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(t[i].chain), k = strlen(seg);
        if (len < k || strcmp(t[i].chain + len - k, seg) != 0)
            continue;
        struct stat_task one = t[i];
        struct task_stats c = hand_count(&one, 1, unit, day);
        s.total += c.total;
        s.accepted += c.accepted;
        s.on_time += c.on_time;
        s.overdue += c.overdue;
    }
    return s;
}

static void stats_row(void *ctx, const char *code, const char *name, int office,
                      const struct task_stats *s)
{
    struct buf *b = ctx;
    (void)name;
    if (office)
        buf_adds(b, "office ");
    if (!s)
        buf_addf(b, "%s:-;", code);
    else
        buf_addf(b, "%s:%lld/%lld/%lld/%lld;", code ? code : "self", s->total, s->accepted,
                 s->overdue, s->on_time);
}

static void add_stats_row(struct buf *b, const char *code, struct task_stats s)
{
    buf_addf(b, "%s:%lld/%lld/%lld/%lld;", code, s.total, s.accepted, s.overdue, s.on_time);
}

/* Checks task_stats of unit (with its children) against the hand counts on day, and the
 * ledger's totals against the statistics. */
static void expect_stats(struct db *db, const struct actor *who, const struct stat_task *t,
                         size_t n, const char *unit, const char *const *children, const char *day)
{
    set_today(day);
    struct buf want, got;
    buf_init(&want, 4096);
    buf_init(&got, 4096);
    buf_addf(&want, "%s:-;", unit);
    for (size_t i = 0; children[i]; i++)
        add_stats_row(&want, children[i], hand_count(t, n, children[i], day));
    add_stats_row(&want, "self", hand_own(t, n, unit, day));
    struct task_stats all = { .total = -1, .accepted = -1, .overdue = -1, .on_time = -1 };
    struct err e = { 0 };
    assert_int_equal(task_stats(db, who, unit, &all, stats_row, &got, &e), RES_OK);
    if (strcmp(buf_str(&want), buf_str(&got)) != 0)
        fail_msg("task_stats %s on %s: %s, want %s", unit, day, buf_str(&got), buf_str(&want));
    struct task_stats h = hand_count(t, n, unit, day);
    if (all.total != h.total || all.accepted != h.accepted || all.overdue != h.overdue ||
        all.on_time != h.on_time)
        fail_msg("task_stats %s on %s: %lld/%lld/%lld/%lld, want %lld/%lld/%lld/%lld", unit, day,
                 all.total, all.accepted, all.overdue, all.on_time, h.total, h.accepted, h.overdue,
                 h.on_time);
    /* without a callback too */
    struct task_stats again;
    assert_int_equal(task_stats(db, who, unit, &again, NULL, NULL, &e), RES_OK);
    assert_memory_equal(&again, &all, sizeof(all));
    /* the ledger agrees */
    assert_int_equal(lead_total(db, who, unit, "all"), h.total);
    assert_int_equal(lead_total(db, who, unit, "accepted"), h.accepted);
    assert_int_equal(lead_total(db, who, unit, "overdue"), h.overdue);
    assert_int_equal(lead_total(db, who, unit, "open"), h.total - h.accepted);
    struct task_filter f = { .unit = unit, .subtree = 1, .state = "overdue", .limit = 0 };
    struct titles c = { .n = 0 };
    buf_init(&c.b, 64);
    long long total = -1;
    assert_int_equal(task_list(db, who, &f, on_title, &c, &total, &e), RES_OK);
    assert_int_equal(total, h.overdue);
    buf_release(&c.b);
    buf_release(&want);
    buf_release(&got);
}

/* Writes a roll-up row's supervision counts, "CODE reminders/urges/criticisms/praise
 * notices/criticism notices ". */
static void sup_counts(void *ctx, const char *code, const char *name, int office,
                       const struct task_stats *s)
{
    (void)name;
    (void)office;
    if (s)
        buf_addf(ctx, "%s %lld/%lld/%lld/%lld/%lld ", code ? code : "self", s->reminders,
                 s->urges, s->criticisms, s->notice_praises, s->notice_criticisms);
}

static void test_stats(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct stat_task t[] = {
        { "P", "/P/", "2036-03-31", NULL, 0 },
        { "C1", "/P/C1/", "2036-12-31", "2036-05-01", 0 },
        { "C1", "/P/C1/", "2036-04-30", NULL, 0 },
        { "K1", "/P/C1/K1/", "2036-04-30", "2036-05-15", 0 },
        { "K1", "/P/C1/K1/", "2036-06-30", NULL, 0 },
        { "K1", "/P/C1/K1/", "2036-05-31", "2036-05-31", 0 },
        { "K1", "/P/C1/K1/", "2036-05-31", NULL, 0 },
        { "K2", "/P/C1/K2/", "2036-06-01", NULL, 0 },
        { "C2", "/P/C2/", "2036-01-15", NULL, 0 },
        { "K3", "/P/C2/K3/", "2036-07-01", "2036-06-01", 0 },
        { "K3", "/P/C2/K3/", "2035-12-31", NULL, 0 },
        { "K3", "/P/C2/K3/", "2037-02-28", "2036-06-02", 0 },
    };
    size_t n = sizeof(t) / sizeof(t[0]);
    const char *const p_children[] = { "C1", "C2", NULL };
    const char *const c1_children[] = { "K1", "K2", NULL };
    const char *const none[] = { NULL };
    set_today("2035-06-01");
    for (size_t i = 0; i < n; i++) {
        char title[32];
        snprintf(title, sizeof(title), "任务%zu", i + 1);
        t[i].id = mk_task(w.db, &w.p, title, t[i].lead, t[i].deadline, 0);
    }
    /* before any acceptance, on several days */
    const char *const days[] = { "2035-06-01", "2036-04-30", "2036-05-31",
                                 "2036-06-01", "2036-06-02", "2038-01-01" };
    /* the hand counts see acceptance only from its day on; accept in day order as we go */
    struct stat_task none_yet[sizeof(t) / sizeof(t[0])];
    memcpy(none_yet, t, sizeof(t));
    for (size_t i = 0; i < n; i++)
        none_yet[i].accept = NULL;
    for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
        expect_stats(w.db, &w.p, none_yet, n, "P", p_children, days[d]);
        expect_stats(w.db, &w.c1, none_yet, n, "C1", c1_children, days[d]);
        expect_stats(w.db, &w.k1, none_yet, n, "K1", none, days[d]);
    }
    expect_tally_rebuilds_same(w.db);

    /* accept on the days given, in day order */
    const char *order[] = { "2036-05-01", "2036-05-15", "2036-05-31", "2036-06-01", "2036-06-02" };
    for (size_t d = 0; d < sizeof(order) / sizeof(order[0]); d++) {
        set_today(order[d]);
        for (size_t i = 0; i < n; i++)
            if (t[i].accept && strcmp(t[i].accept, order[d]) == 0)
                finish(w.db, &w.p, t[i].id);
        expect_stats(w.db, &w.p, t, n, "P", p_children, order[d]);
    }
    for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
        if (strcmp(days[d], "2036-06-02") < 0)
            continue;
        expect_stats(w.db, &w.p, t, n, "P", p_children, days[d]);
        expect_stats(w.db, &w.c1, t, n, "C1", c1_children, days[d]);
        expect_stats(w.db, &w.sp, t, n, "C2", (const char *const[]){ "K3", NULL }, days[d]);
        expect_stats(w.db, &w.k1, t, n, "K1", none, days[d]);
    }
    /* a fixed point of the scenario, counted by hand once more */
    set_today("2036-06-02");
    struct task_stats all;
    struct err e = { 0 };
    assert_int_equal(task_stats(w.db, &w.p, "P", &all, NULL, NULL, &e), RES_OK);
    assert_int_equal(all.total, 12);
    assert_int_equal(all.accepted, 5);
    assert_int_equal(all.on_time, 4);
    assert_int_equal(all.overdue, 6);
    assert_int_equal(task_stats(w.db, &w.p, "NOPE", &all, NULL, NULL, &e), RES_NOT_FOUND);
    expect_tally_rebuilds_same(w.db);

    /* supervision counts in the roll-up of the lead unit and every unit above it */
    supervise(w.db, &w.sp, t[6].id, "reminder", "请按时报送", RES_OK);
    supervise(w.db, &w.sp, t[6].id, "urge", "请抓紧", RES_OK);
    supervise(w.db, &w.sp, t[6].id, "urge", "再次催办", RES_OK);
    supervise(w.db, &w.sp, t[7].id, "criticism", "进度滞后", RES_OK);
    /* notices count once signed, for the units they are addressed to */
    struct actor lp;
    make_actor(w.db, "P", "lp", "leader", &lp);
    long long n1 = supervise(w.db, &w.sp, t[10].id, "notice", "逾期通报", RES_OK);
    long long n2 = supervise(w.db, &w.sp, t[0].id, "notice", "省本级逾期", RES_OK);
    long long year, serial;
    assert_int_equal(notice_sign(w.db, &lp, n1, &year, &serial, &e), RES_OK);
    assert_int_equal(notice_sign(w.db, &lp, n2, &year, &serial, &e), RES_OK);
    struct buf rows;
    buf_init(&rows, 1024);
    assert_int_equal(task_stats(w.db, &w.p, "P", &all, sup_counts, &rows, &e), RES_OK);
    assert_string_equal(buf_str(&rows), "C1 1/2/1/0/0 C2 0/0/0/0/1 self 0/0/0/0/1 ");
    assert_int_equal(all.reminders, 1);
    assert_int_equal(all.urges, 2);
    assert_int_equal(all.criticisms, 1);
    assert_int_equal(all.notice_criticisms, 2);
    buf_reset(&rows);
    assert_int_equal(task_stats(w.db, &w.c1, "C1", &all, sup_counts, &rows, &e), RES_OK);
    assert_string_equal(buf_str(&rows), "K1 1/2/0/0/0 K2 0/0/1/0/0 self 0/0/0/0/0 ");
    buf_release(&rows);
    expect_tally_rebuilds_same(w.db);
    world_close(&w);
}

/* Migration 10 counts the supervision records of a database made before it into the roll-up
 * of the lead unit and every unit above it. */
static void test_supervision_migration(void **state)
{
    (void)state;
    static const char fixture[] =
        "INSERT INTO unit(id, code, name, kind, parent_id, path, depth) VALUES"
        " (1, 'P', 'P', 'province', NULL, '/00000001/', 0),"
        " (2, 'C1', 'C1', 'city', 1, '/00000001/00000002/', 1),"
        " (3, 'K1', 'K1', 'county', 2, '/00000001/00000002/00000003/', 2),"
        " (4, 'C2', 'C2', 'city', 1, '/00000001/00000004/', 1);"
        "INSERT INTO task(id, depth, assigner_unit_id, lead_unit_id, kind, title, year, deadline,"
        " state, last_activity, created) VALUES"
        " (1, 0, 2, 3, 'key', 'a', 2036, '2036-05-01', 'assigned', '2036-01-01', '2036-01-01'),"
        " (2, 0, 1, 4, 'key', 'b', 2036, '2036-05-01', 'assigned', '2036-01-01', '2036-01-01');"
        "INSERT INTO task_tally(unit_id, total, accepted, on_time) VALUES"
        " (1, 2, 0, 0), (2, 1, 0, 0), (3, 1, 0, 0), (4, 1, 0, 0);"
        "INSERT INTO supervision(task_id, unit_id, kind, text, year, serial, created) VALUES"
        " (1, 1, 'urge', 'x', 2036, NULL, '2036-06-01T00:00:00'),"
        " (1, 1, 'urge', 'y', 2036, NULL, '2036-06-02T00:00:00'),"
        " (1, 1, 'notice', 'z', 2036, 1, '2036-06-03T00:00:00'),"
        " (2, 1, 'reminder', 'w', 2036, NULL, '2036-04-01T00:00:00');";
    struct db *db = test_open_migrated(9, fixture);
    char *tally = tally_snapshot(db);
    /* unit, total, accepted, on time, then reminders, urges, criticisms, and (migration 13)
     * the notices that praise and criticise, the old notice now addressed to its lead unit */
    assert_string_equal(tally, "tally|1|2|0|0|1|2|0|0|1\n"
                               "tally|2|1|0|0|0|2|0|0|1\n"
                               "tally|3|1|0|0|0|2|0|0|1\n"
                               "tally|4|1|0|0|1|0|0|0|0\n");
    free(tally);
    db_close(db);
}

static void test_tally_rebuild(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    /* creates over several months and years, splits, reports, returns and acceptances */
    const char *const leads[] = { "C1", "K1", "K2", "C2", "K3", "P" };
    long long ids[48];
    int n = 0;
    for (int i = 0; i < 24; i++) {
        char day[24], deadline[24], title[32];
        snprintf(day, sizeof(day), "2036-%02d-%02d", 1 + i % 12, 1 + (i * 7) % 28);
        snprintf(deadline, sizeof(deadline), "%04d-%02d-%02d", 2036 + i % 2, 1 + (i * 5) % 12,
                 1 + (i * 3) % 28);
        snprintf(title, sizeof(title), "任务%d", i);
        set_today(day);
        ids[n++] = mk_task(w.db, &w.p, title, leads[i % 6], deadline, 0);
    }
    /* the tasks led by C1 (split by the city or the province) and by P (by the province) */
    const int parents[] = { 0, 5, 6, 11, 12, 17, 18, 23 };
    for (int i = 0; i < 8; i++) {
        char title[32];
        snprintf(title, sizeof(title), "分解%d", i);
        set_today("2036-03-15");
        const struct actor *who = parents[i] % 6 == 0 && i % 4 == 0 ? &w.c1 : &w.p;
        ids[n++] =
            mk_split(w.db, who, ids[parents[i]], "K1", title, i % 3 ? "2036-04-30" : "2037-01-31");
    }
    expect_tally_rebuilds_same(w.db);
    struct actor sys;
    actor_system(&sys);
    for (int i = 0; i < n; i += 3) {
        char day[24];
        snprintf(day, sizeof(day), "2036-%02d-15", 1 + i % 12);
        set_today(day);
        if (i % 2) {
            do_report(w.db, &sys, ids[i], "完成", 100, 1);
            struct err e = { 0 };
            assert_int_equal(task_return(w.db, &w.p, ids[i], "退回", &e), RES_OK);
        }
        if (i % 5 == 4)
            continue;
        finish(w.db, &w.p, ids[i]);
    }
    expect_tally_rebuilds_same(w.db);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE state = 'accepted'"),
                     n_rows(w.db, "SELECT accepted FROM task_tally WHERE unit_id = 1"));
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task"),
                     n_rows(w.db, "SELECT total FROM task_tally WHERE unit_id = 1"));

    /* a unit moves: after the rebuild the counts follow it, and later changes keep them */
    struct err e = { 0 };
    assert_int_equal(db_tx_begin(w.db), RES_OK);
    assert_int_equal(unit_move(w.db, &w.sys, "K1", "C2", &e), RES_OK);
    assert_int_equal(task_tally_rebuild(w.db), RES_OK);
    assert_int_equal(db_tx_commit(w.db), RES_OK);
    long long k1_tasks = n_rows(w.db, "SELECT count(*) FROM task t JOIN unit u ON u.id ="
                                      " t.lead_unit_id WHERE u.code = 'K1'");
    struct task_stats s;
    assert_int_equal(task_stats(w.db, &w.p, "C2", &s, NULL, NULL, &e), RES_OK);
    assert_int_equal(s.total, n_rows(w.db, "SELECT count(*) FROM task t JOIN unit u ON u.id ="
                                           " t.lead_unit_id WHERE u.code IN ('C2', 'K3', 'K1')"));
    assert_true(k1_tasks > 0);
    set_today("2036-08-01");
    long long moved = mk_task(w.db, &w.p, "迁移后", "K1", "2036-08-31", 0);
    long long kept = mk_task(w.db, &w.p, "原市", "K2", "2036-07-31", 0);
    finish(w.db, &w.p, moved);
    expect_tally_rebuilds_same(w.db);
    (void)kept;
    set_today("2036-09-01");
    assert_int_equal(task_stats(w.db, &w.p, "C2", &s, NULL, NULL, &e), RES_OK);
    assert_int_equal(s.total, n_rows(w.db, "SELECT count(*) FROM task t JOIN unit u ON u.id ="
                                           " t.lead_unit_id WHERE u.code IN ('C2', 'K3', 'K1')"));
    assert_int_equal(s.overdue, n_rows(w.db, "SELECT count(*) FROM task t JOIN unit u ON u.id ="
                                             " t.lead_unit_id WHERE u.code IN ('C2', 'K3', 'K1')"
                                             " AND t.state <> 'accepted'"
                                             " AND t.deadline < '2036-09-01'"));
    assert_int_equal(task_stats(w.db, &w.p, "C1", &s, NULL, NULL, &e), RES_OK);
    assert_int_equal(s.total, n_rows(w.db, "SELECT count(*) FROM task t JOIN unit u ON u.id ="
                                           " t.lead_unit_id WHERE u.code IN ('C1', 'K2')"));
    /* the ledger follows the new tree */
    struct titles c = { .n = 0 };
    buf_init(&c.b, 1 << 16);
    struct task_filter f = { .unit = "C1", .subtree = 1, .limit = 1000 };
    long long total = 0;
    assert_int_equal(task_list(w.db, &w.p, &f, on_title, &c, &total, &e), RES_OK);
    assert_null(strstr(buf_str(&c.b), "迁移后"));
    assert_non_null(strstr(buf_str(&c.b), "原市"));
    buf_release(&c.b);
    world_close(&w);
}

/* ---- import ---- */

static void collect_report(void *ctx, int line, const struct err *err)
{
    buf_addf(ctx, "%d:%s\n", line, err->field ? err->field : "-");
}

static enum result import(struct db *db, const struct actor *who, long long plan, const char *csv,
                          long long *n_added, struct buf *errors)
{
    buf_reset(errors);
    *n_added = -1;
    struct import_report rep = { .fn = collect_report, .ctx = errors };
    return task_import(db, who, plan, csv, strlen(csv), n_added, &rep);
}

static void plan_row(void *ctx, const struct plan *p)
{
    buf_addf(ctx, "%s:%lld:%s:%lld:%lld;", p->unit_code, p->year, p->title, p->n_key, p->n_routine);
}

static void test_import(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    long long plan = 0;
    struct err e = { 0 };
    assert_int_equal(plan_create(w.db, &w.p, "P", 2036, "2036年全省组织工作要点", &plan, &e),
                     RES_OK);
    assert_true(plan > 0);
    assert_int_equal(plan_create(w.db, &w.p, "P", 2036, "2036年全省组织工作要点", &plan, &e),
                     RES_CONFLICT);
    assert_string_equal(e.field, "title");
    long long other = 0;
    assert_int_equal(plan_create(w.db, &w.p, "P", 1999, "太早", &other, &e), RES_INVALID);
    assert_string_equal(e.field, "year");
    assert_int_equal(plan_create(w.db, &w.k1, "P", 2036, "越权", &other, &e), RES_NOT_FOUND);
    assert_int_equal(plan_create(w.db, &w.p, "P", 2036, "", &other, &e), RES_INVALID);
    assert_string_equal(e.field, "title");
    long long k1_plan = 0;
    assert_int_equal(plan_create(w.db, &w.k1, "K1", 2036, "县里的要点", &k1_plan, &e), RES_OK);

    struct buf errors;
    buf_init(&errors, 1 << 16);
    long long n = 0;
    char *before = store_snapshot(w.db);
    /* bad lines: each reported with its line and field, nothing imported */
    assert_int_equal(import(w.db, &w.p, plan,
                            "title,kind,lead_unit,assist_units,leader,deadline,description\n"
                            "好的一行,key,C1,,,2036-06-30,\n"
                            "坏类别,urgent,C1,,,2036-06-30,\n"
                            "坏单位,key,NOPE,,,2036-06-30,\n",
                            &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors), "3:kind\n4:lead_unit\n");
    assert_int_equal(n, 0);
    expect_unchanged(w.db, before, "an import with two bad lines");
    assert_int_equal(import(w.db, &w.p, plan,
                            "title,kind,lead_unit,assist_units,leader,deadline,description\n"
                            "坏时限,key,C1,,,2036-06-31,\n"
                            "\"跨两行\n的标题\",key,C1,,,2036-06-30,\n"
                            "坏领导,key,C1,,abc,2036-06-30,\n"
                            "少一列,key,C1,,2036-06-30,\n"
                            "未知协办,key,C1,K1;NOPE,,2036-06-30,\n"
                            "无此领导,key,C1,,999999,2036-06-30,\n"
                            ",routine,K1,,,2036-06-30,\n"
                            "好的,routine,K1,,,2036-06-30,\n",
                            &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors),
                        "2:deadline\n3:title\n5:leader\n6:line\n7:assist_units\n8:leader\n"
                        "9:title\n");
    assert_int_equal(n, 0);
    expect_unchanged(w.db, before, "an import with many bad lines");
    assert_int_equal(import(w.db, &w.p, plan, "title,kind,lead_unit\n好,key,C1\n", &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors), "1:header\n");
    assert_int_equal(import(w.db, &w.p, 999999,
                            "title,kind,lead_unit,assist_units,leader,deadline,description\n"
                            "无此计划,key,C1,,,2036-06-30,\n",
                            &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors), "2:plan\n");
    /* a county cannot import into the province's plan, nor for units above it */
    assert_int_equal(import(w.db, &w.k1, plan,
                            "title,kind,lead_unit,assist_units,leader,deadline,description\n"
                            "县里导入,key,K1,,,2036-06-30,\n",
                            &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors), "2:plan\n");
    assert_int_equal(import(w.db, &w.k1, k1_plan,
                            "title,kind,lead_unit,assist_units,leader,deadline,description\n"
                            "给市里,key,C1,,,2036-06-30,\n",
                            &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors), "2:lead_unit\n");
    expect_unchanged(w.db, before, "refused imports");
    free(before);

    /* a good file, as a spreadsheet saves it: BOM, CRLF, quoted fields */
    char good[2048];
    snprintf(good, sizeof(good),
             "\xEF\xBB\xBF"
             "title,kind,lead_unit,assist_units,leader,deadline,description\r\n"
             "落实干部考核,key,C1,K1;K2,%lld,2036-06-30,\"含逗号, 的说明\"\r\n"
             "县级培训,routine,K1,,,2036-09-30,\r\n"
             "\"督查整改\",key,C2,,,2036-12-31,\"两行\r\n说明\"\r\n",
             w.leader);
    assert_int_equal(import(w.db, &w.p, plan, good, &n, &errors), RES_OK);
    assert_string_equal(buf_str(&errors), "");
    assert_int_equal(n, 3);
    assert_int_equal(n_tasks(w.db), 3);
    expect_list(w.db, &w.p, "P", 1, NULL, RES_OK, "落实干部考核,县级培训,督查整改");
    struct seen s = { 0 };
    struct task_filter f = { .unit = "C1", .limit = 10 };
    long long total;
    assert_int_equal(task_list(w.db, &w.p, &f, on_seen, &s, &total, &e), RES_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.assigner, "P");
    assert_int_equal(s.leader_id, w.leader);
    assert_string_equal(s.kind, "key");
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE plan_id IS NULL"), 0);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task WHERE description = '含逗号, 的说明'"),
                     1);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM task_assist"), 2);
    /* the assisting county sees the task */
    get_ok(w.db, &w.k2, s.id);
    struct buf plans;
    buf_init(&plans, 4096);
    assert_int_equal(plan_each(w.db, &w.p, 0, plan_row, &plans), RES_OK);
    assert_string_equal(buf_str(&plans),
                        "P:2036:2036年全省组织工作要点:2:1;K1:2036:县里的要点:0:0;");
    buf_reset(&plans);
    assert_int_equal(plan_each(w.db, &w.k1, 0, plan_row, &plans), RES_OK);
    assert_string_equal(buf_str(&plans), "K1:2036:县里的要点:0:0;");
    buf_reset(&plans); /* one unit's plans: the new task form's choice */
    assert_int_equal(plan_each(w.db, &w.p, n_rows(w.db, "SELECT id FROM unit WHERE code = 'P'"),
                               plan_row, &plans),
                     RES_OK);
    assert_string_equal(buf_str(&plans), "P:2036:2036年全省组织工作要点:2:1;");
    buf_release(&plans);
    /* a header alone imports nothing and succeeds */
    assert_int_equal(import(w.db, &w.p, plan,
                            "title,kind,lead_unit,assist_units,leader,deadline,description\n", &n,
                            &errors),
                     RES_OK);
    assert_int_equal(n, 0);
    buf_release(&errors);
    expect_tally_rebuilds_same(w.db);
    expect_audit_ok(w.db);
    world_close(&w);
}

/* ---- the audit timeline ---- */

static void timeline_row(void *ctx, const char *at, const char *actor, const char *action,
                         const char *after)
{
    struct buf *b = ctx;
    (void)after;
    assert_true(strlen(at) >= 10);
    buf_addf(b, "%s%s@%s", b->len ? "," : "", action, actor);
}

static void test_timeline(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    long long audits = n_audit(w.db);
    long long top = mk_task(w.db, &w.p, "落实干部考核评价办法", "C1", "2036-12-31", w.leader);
    long long a = mk_split(w.db, &w.c1, top, "K1", "甲县落实", "2036-11-30");
    do_report(w.db, &w.k1, a, "已部署", 40, 0);
    do_report(w.db, &w.k1, a, "已完成", 100, 1);
    struct err e = { 0 };
    assert_int_equal(task_return(w.db, &w.c1, a, "材料不全", &e), RES_OK);
    do_report(w.db, &w.k1, a, "已补充", 100, 1);
    long long sup_id, notice_id;
    assert_int_equal(task_supervise(w.db, &w.sp, a, "criticism", "批评", &sup_id, &notice_id, &e),
                     RES_OK);
    /* refusals leave no record */
    assert_int_equal(task_accept(w.db, &w.k1, a, NULL, &e), RES_FORBIDDEN);
    assert_int_equal(task_report(w.db, &w.k1, a, "x", 101, 0, NULL, 0, &e), RES_INVALID);
    do_accept(w.db, &w.c1, a);
    assert_int_equal(n_audit(w.db), audits + 9);

    struct buf b;
    buf_init(&b, 1 << 16);
    assert_int_equal(task_timeline(w.db, &w.k1, a, timeline_row, &b), RES_OK);
    assert_string_equal(buf_str(&b), "task.split@c1,task.progress@k1,task.progress@k1,"
                                     "task.return@c1,task.progress@k1,task.supervise@sp,"
                                     "task.accept@c1");
    buf_reset(&b);
    assert_int_equal(task_timeline(w.db, &w.c1, top, timeline_row, &b), RES_OK);
    assert_string_equal(buf_str(&b), "task.create@padmin,task.split_out@c1");
    buf_reset(&b);
    assert_int_equal(task_timeline(w.db, &w.k2, a, timeline_row, &b), RES_NOT_FOUND);
    assert_string_equal(buf_str(&b), "");
    buf_release(&b);
    char object[48];
    snprintf(object, sizeof(object), "task:%lld", a);
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM audit WHERE object = ?1", object, -1), 7);
    assert_int_equal(db_count(w.db,
                              "SELECT count(*) FROM audit WHERE object = ?1 AND action ="
                              " 'task.return' AND after LIKE '%材料不全%'",
                              object, -1),
                     1);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM audit WHERE action LIKE 'task.%'"
                                  " AND object NOT LIKE 'task:%'"),
                     0);
    expect_audit_ok(w.db);
    world_close(&w);
}

/* Supervision reaches everyone the task names: an assisting unit sees the records on it, and
 * a responsible leader whose own unit neither leads nor assigns it finds it in the inbox. */
static void test_supervision_reach(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    set_today("2036-01-01");
    struct actor lk3;
    long long k3_leader = add_account(w.db, "K3", "lk3", "丙县领导", "leader");
    actor_of(w.db, "lk3", &lk3);
    const char *assist[] = { "K2" };
    struct task_input in = { .title = "干部档案专项审核",
                             .kind = "key",
                             .lead_unit = "K1",
                             .assist_units = assist,
                             .n_assist = 1,
                             .leader = k3_leader,
                             .deadline = "2036-01-02" };
    struct err e = { 0 };
    long long id = 0;
    assert_int_equal(task_create(w.db, &w.p, &in, &id, &e), RES_OK);
    long long sup_id, notice_id;
    assert_int_equal(
        task_supervise(w.db, &w.sp, id, "reminder", "临近时限", &sup_id, &notice_id, &e), RES_OK);
    struct buf b;
    buf_init(&b, 1 << 12);
    assert_int_equal(supervision_each(w.db, &w.k2, SUP_TASK, id, sup_row, &b), RES_OK);
    assert_string_equal(buf_str(&b), "reminder/测试省委组织部");
    buf_reset(&b);
    assert_int_equal(supervision_each(w.db, &lk3, SUP_INBOX, 0, sup_row, &b), RES_OK);
    assert_string_equal(buf_str(&b), "reminder/测试省委组织部");
    get_ok(w.db, &lk3, id);
    /* the leader sees it, but does not act for the lead unit */
    assert_int_equal(task_report(w.db, &lk3, id, "x", 10, 0, NULL, 0, &e), RES_FORBIDDEN);
    /* a unit the task does not name sees nothing */
    buf_reset(&b);
    assert_int_equal(supervision_each(w.db, &w.c2, SUP_TASK, id, sup_row, &b), RES_OK);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(supervision_each(w.db, &w.c2, SUP_INBOX, 0, sup_row, &b), RES_OK);
    assert_string_equal(buf_str(&b), "");
    expect_hidden(w.db, &w.c2, id);
    buf_release(&b);
    world_close(&w);
}

/* ---- HTTP: the API and the exports ---- */

/* The server fixture: a database, the running server, API tokens. */
struct http_fx {
    char path[PATH_LEN];        /* the database file */
    struct server *srv;         /* the running server */
    int port;                   /* where it listens */
    long long leader;           /* person id of admin */
    char tok_admin[TOKEN_TEXT]; /* admin at P */
    char tok_c1[TOKEN_TEXT];    /* staff at C1 */
    char tok_k1[TOKEN_TEXT];    /* staff at K1 */
    char tok_k2[TOKEN_TEXT];    /* staff at K2 */
    char tok_sup[TOKEN_TEXT];   /* supervisor at P */
    char tok_lead[TOKEN_TEXT];  /* leader at P, who signs P's notices */
};

static struct http_fx hx;

/* The titles of the "tasks" array of a list response, comma separated, into out. */
static const char *body_titles(const struct resp *r, char *out, size_t size)
{
    json_t *doc = body_json(r);
    json_t *tasks = json_object_get(doc, "tasks");
    assert_true(json_is_array(tasks));
    size_t i, len = 0;
    json_t *t;
    out[0] = '\0';
    json_array_foreach(tasks, i, t)
    {
        len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "," : "",
                                json_string_value(json_object_get(t, "title")));
        assert_true(len < size);
    }
    json_decref(doc);
    return out;
}

/* A fresh database with P > C1 > K1, K2 and P > C2, accounts and tokens; the server on an
 * ephemeral port with today fixed at 2036-06-01. */
static int http_setup(void **state)
{
    (void)state;
    memset(&hx, 0, sizeof(hx));
    set_today("2036-06-01");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return -1;
    snprintf(hx.path, sizeof(hx.path), "%s", test_tmp_db());
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(hx.path, DB_F_CREATE, &msg);
    if (!db) {
        fprintf(stderr, "db_open: %s\n", buf_str(&msg));
        buf_release(&msg);
        return -1;
    }
    add_unit(db, "P", "测试省委组织部", NULL, "province");
    add_unit(db, "C1", "一市委组织部", "P", "city");
    add_unit(db, "K1", "甲县委组织部", "C1", "county");
    add_unit(db, "K2", "乙县委组织部", "C1", "county");
    add_unit(db, "C2", "二市委组织部", "P", "city");
    add_unit(db, "PO1", "干部一处", "P", "office");
    hx.leader = add_account(db, "P", "admin", "管理员", "admin");
    add_account(db, "C1", "c1", "张市", "staff");
    add_account(db, "K1", "k1", "张三", "staff");
    add_account(db, "K2", "k2", "李四", "staff");
    add_account(db, "P", "sup", "督查员", "supervisor");
    add_account(db, "P", "lead", "赵部长", "leader");
    add_token(db, "admin", hx.tok_admin);
    add_token(db, "c1", hx.tok_c1);
    add_token(db, "k1", hx.tok_k1);
    add_token(db, "k2", hx.tok_k2);
    add_token(db, "sup", hx.tok_sup);
    add_token(db, "lead", hx.tok_lead);
    /* the login the pages use works with the password */
    struct actor a;
    if (account_login(db, "admin", PASSWORD, &a) != RES_OK || a.unit_id != 1) {
        db_close(db);
        buf_release(&msg);
        return -1;
    }
    db_close(db);
    buf_release(&msg);
    hx.srv = test_server_start(hx.path, 0);
    if (!hx.srv)
        return -1;
    hx.port = test_port;
    return hx.port > 0 ? 0 : -1;
}

static int http_teardown(void **state)
{
    (void)state;
    if (hx.srv)
        server_stop(hx.srv);
    hx.srv = NULL;
    curl_global_cleanup();
    set_today(NULL);
    return 0;
}

/* The first id in a split response's "ids". */
static long long split_id(const struct resp *r, size_t i)
{
    json_t *doc = body_json(r);
    json_t *ids = json_object_get(doc, "ids");
    assert_true(json_is_array(ids));
    long long id = json_integer_value(json_array_get(ids, i));
    json_decref(doc);
    assert_true(id > 0);
    return id;
}

static void test_http_api(void **state)
{
    (void)state;
    CURL *h = client_new();
    struct resp r = { 0 };
    char body[1024], path[256], titles[4096];

    /* create, 201 {"id"} */
    snprintf(body, sizeof(body),
             "{\"title\":\"落实干部考核评价办法\",\"kind\":\"key\",\"lead_unit\":\"C1\","
             "\"assist_units\":[],\"leader\":%lld,\"deadline\":\"2036-12-31\"}",
             hx.leader);
    assert_int_equal(api(h, "POST", "/api/v1/tasks", hx.tok_admin, body, &r), 201);
    long long top = body_int(&r, "id");
    assert_true(top > 0);

    /* split by the lead unit; by a unit that does not hold it */
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/split", top);
    assert_int_equal(api(h, "POST", path, hx.tok_c1,
                         "{\"children\":[{\"lead_unit\":\"K1\",\"title\":\"甲县落实\","
                         "\"deadline\":\"2036-05-01\"},{\"lead_unit\":\"K2\",\"title\":"
                         "\"乙县落实\",\"deadline\":\"2036-05-01\"}]}",
                         &r),
                     201);
    long long a = split_id(&r, 0), b = split_id(&r, 1);
    assert_int_equal(b, a + 1);
    api(h, "POST", path, hx.tok_k1,
        "{\"children\":[{\"lead_unit\":\"K2\",\"title\":\"越权\",\"deadline\":\"2036-05-01\"}]}",
        &r);
    expect_error(&r, 404, NULL);
    api(h, "POST", path, hx.tok_c1,
        "{\"children\":[{\"lead_unit\":\"C2\",\"title\":\"越级\",\"deadline\":\"2036-05-01\"}]}",
        &r);
    expect_error(&r, 400, "lead_unit");
    api(h, "POST", path, hx.tok_c1, "{\"children\":[]}", &r);
    expect_error(&r, 400, "children");

    /* scope of the ledger */
    assert_int_equal(api(h, "GET", "/api/v1/tasks?unit=K1", hx.tok_k1, NULL, &r), 200);
    assert_string_equal(body_titles(&r, titles, sizeof(titles)), "甲县落实");
    api(h, "GET", "/api/v1/tasks?unit=K2", hx.tok_k1, NULL, &r);
    expect_error(&r, 404, NULL);
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld", b);
    api(h, "GET", path, hx.tok_k1, NULL, &r);
    expect_error(&r, 404, NULL);

    /* bad input names the field and changes nothing */
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/progress", a);
    api(h, "POST", path, hx.tok_k1, "{\"text\":\"进度\",\"percent\":150}", &r);
    expect_error(&r, 400, "percent");
    api(h, "POST", path, hx.tok_k1, "{\"text\":\"进度\",\"percent\":-1}", &r);
    expect_error(&r, 400, "percent");
    /* "done" takes true or false only */
    api(h, "POST", path, hx.tok_k1, "{\"text\":\"进度\",\"percent\":5,\"done\":\"true\"}", &r);
    expect_error(&r, 400, "done");
    api(h, "POST", path, hx.tok_k1, "{\"text\":\"进度\",\"percent\":5,\"done\":1}", &r);
    expect_error(&r, 400, "done");
    /* an attachment over its 10 MB, as base64 in the JSON body (past the 1 MB for JSON, within
     * the upload limit of this route): named, and the report not filed */
    {
        static const char head[] = "{\"text\":\"附件\",\"percent\":77,\"attachments\":"
                                   "[{\"name\":\"big.txt\",\"type\":\"text/plain\",\"data\":\"";
        size_t n64 = (((size_t)10 << 20) + 2) / 3 * 4;
        char *big = malloc(sizeof(head) + n64 + 8);
        assert_non_null(big);
        memcpy(big, head, sizeof(head) - 1);
        memset(big + sizeof(head) - 1, 'A', n64);
        memcpy(big + sizeof(head) - 1 + n64, "\"}]}", 5);
        api(h, "POST", path, hx.tok_k1, big, &r);
        expect_error(&r, 400, "attachment");
        free(big);
        snprintf(path, sizeof(path), "/api/v1/tasks/%lld", a);
        assert_int_equal(api(h, "GET", path, hx.tok_k1, NULL, &r), 200);
        assert_int_not_equal(body_int(&r, "percent"), 77);
        snprintf(path, sizeof(path), "/api/v1/tasks/%lld/progress", a);
    }
    snprintf(body, sizeof(body),
             "{\"title\":\"x\",\"kind\":\"key\",\"lead_unit\":\"C1\",\"leader\":%lld,"
             "\"deadline\":\"tomorrow\"}",
             hx.leader);
    api(h, "POST", "/api/v1/tasks", hx.tok_admin, body, &r);
    expect_error(&r, 400, "deadline");
    api(h, "POST", "/api/v1/tasks", hx.tok_admin,
        "{\"title\":\"x\",\"kind\":\"x\",\"lead_unit\":\"C1\",\"deadline\":\"2036-12-31\"}", &r);
    expect_error(&r, 400, "kind");
    api(h, "POST", "/api/v1/tasks", hx.tok_admin,
        "{\"title\":\"\",\"kind\":\"key\",\"lead_unit\":\"C1\",\"deadline\":\"2036-12-31\"}", &r);
    expect_error(&r, 400, "title");
    api(h, "POST", "/api/v1/tasks", hx.tok_k1,
        "{\"title\":\"越权\",\"kind\":\"key\",\"lead_unit\":\"C1\",\"deadline\":\"2036-12-31\"}",
        &r);
    assert_true(r.status >= 400 && r.status < 500);

    /* progress, one's own acceptance refused, acceptance by the assigning city */
    assert_int_equal(api(h, "POST", path, hx.tok_k1,
                         "{\"text\":\"已完成全部工作\",\"percent\":100,\"done\":true}", &r),
                     201);
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/accept", a);
    api(h, "POST", path, hx.tok_k1, "{}", &r);
    expect_error(&r, 403, NULL);
    assert_int_equal(api(h, "POST", path, hx.tok_c1, "{}", &r), 200);
    assert_true(body_has(&r, "\"accepted\""));
    api(h, "POST", path, hx.tok_c1, "{}", &r);
    expect_error(&r, 409, NULL);
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/return", b);
    api(h, "POST", path, hx.tok_c1, "{\"reason\":\"未上报\"}", &r);
    expect_error(&r, 409, NULL);

    /* the ledger filters, today being 2036-06-01 */
    assert_int_equal(
        api(h, "GET", "/api/v1/tasks?unit=P&subtree=1&state=overdue", hx.tok_admin, NULL, &r), 200);
    assert_string_equal(body_titles(&r, titles, sizeof(titles)), "乙县落实");
    assert_int_equal(body_int(&r, "total"), 1);
    json_t *doc = body_json(&r);
    json_t *t0 = json_array_get(json_object_get(doc, "tasks"), 0);
    assert_string_equal(json_string_value(json_object_get(t0, "light")), "red");
    assert_true(json_is_true(json_object_get(t0, "overdue")));
    assert_string_equal(json_string_value(json_object_get(t0, "lead_unit")), "K2");
    assert_string_equal(json_string_value(json_object_get(t0, "assigner_unit")), "C1");
    json_decref(doc);
    assert_int_equal(
        api(h, "GET", "/api/v1/tasks?unit=P&subtree=1&state=accepted", hx.tok_admin, NULL, &r),
        200);
    assert_string_equal(body_titles(&r, titles, sizeof(titles)), "甲县落实");
    assert_int_equal(
        api(h, "GET", "/api/v1/tasks?unit=P&subtree=1&state=open", hx.tok_admin, NULL, &r), 200);
    assert_string_equal(body_titles(&r, titles, sizeof(titles)), "乙县落实,落实干部考核评价办法");
    assert_int_equal(body_int(&r, "total"), 2);
    assert_int_equal(api(h, "GET", "/api/v1/tasks?unit=C1&subtree=1", hx.tok_c1, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 3);
    api(h, "GET", "/api/v1/tasks?unit=P&subtree=1&state=late", hx.tok_admin, NULL, &r);
    expect_error(&r, 400, "state");
    api(h, "GET", "/api/v1/tasks?subtree=1", hx.tok_admin, NULL, &r);
    expect_error(&r, 400, "unit");

    /* supervision: a staff token is refused, a supervisor's notice is a draft to be signed */
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/supervision", b);
    api(h, "POST", path, hx.tok_k2, "{\"kind\":\"notice\",\"text\":\"越权\"}", &r);
    expect_error(&r, 403, NULL);
    api(h, "POST", path, hx.tok_c1, "{\"kind\":\"urge\",\"text\":\"越权\"}", &r);
    expect_error(&r, 403, NULL);
    assert_int_equal(api(h, "POST", path, hx.tok_sup,
                         "{\"kind\":\"notice\",\"text\":\"乙县任务逾期,予以通报\"}", &r),
                     201);
    assert_true(body_has(&r, "\"state\":\"draft\""));
    assert_int_equal(api(h, "POST", path, hx.tok_sup, "{\"kind\":\"urge\",\"text\":\"催办\"}", &r),
                     201);
    assert_false(body_has(&r, "draft"));
    assert_int_equal(
        api(h, "POST", path, hx.tok_sup, "{\"kind\":\"notice\",\"text\":\"再通报\"}", &r), 201);
    assert_true(body_has(&r, "\"state\":\"draft\""));
    api(h, "POST", path, hx.tok_sup, "{\"kind\":\"warning\",\"text\":\"x\"}", &r);
    expect_error(&r, 400, "kind");
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/supervision", a);
    api(h, "POST", path, hx.tok_sup, "{\"kind\":\"notice\",\"text\":\"已验收\"}", &r);
    expect_error(&r, 409, NULL);

    /* statistics over the subtree */
    assert_int_equal(api(h, "GET", "/api/v1/stats/tasks?unit=P", hx.tok_admin, NULL, &r), 200);
    doc = body_json(&r);
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), 3);
    assert_int_equal(json_integer_value(json_object_get(doc, "accepted")), 1);
    assert_int_equal(json_integer_value(json_object_get(doc, "overdue")), 1);
    assert_int_equal(json_integer_value(json_object_get(doc, "on_time")), 0); /* accepted late */
    json_t *by_unit = json_object_get(doc, "by_unit");
    assert_true(json_is_array(by_unit));
    assert_int_equal(json_array_size(by_unit), 4); /* C1, C2, its office PO1 and itself */
    json_t *c1 = json_array_get(by_unit, 0);
    assert_string_equal(json_string_value(json_object_get(c1, "unit")), "C1");
    json_t *po1 = json_array_get(by_unit, 2);
    assert_string_equal(json_string_value(json_object_get(po1, "unit")), "PO1");
    assert_true(json_is_true(json_object_get(po1, "office")));
    assert_null(json_object_get(c1, "office"));
    assert_int_equal(json_integer_value(json_object_get(c1, "total")), 3);
    assert_int_equal(json_integer_value(json_object_get(c1, "accepted")), 1);
    assert_int_equal(json_integer_value(json_object_get(c1, "overdue")), 1);
    /* the urge on K2's task; the two notices are drafts, counted once signed */
    json_t *sup = json_object_get(doc, "supervision");
    assert_int_equal(json_integer_value(json_object_get(sup, "notice")), 0);
    assert_int_equal(json_integer_value(json_object_get(sup, "urge")), 1);
    assert_int_equal(json_integer_value(json_object_get(sup, "reminder")), 0);
    assert_int_equal(json_integer_value(json_object_get(sup, "criticism")), 0);
    json_t *c2 = json_array_get(by_unit, 1);
    assert_string_equal(json_string_value(json_object_get(c2, "unit")), "C2");
    assert_int_equal(json_integer_value(json_object_get(c2, "total")), 0);
    json_t *self = json_array_get(by_unit, 3);
    assert_string_equal(json_string_value(json_object_get(self, "unit")), "P");
    assert_true(json_is_true(json_object_get(self, "self")));
    assert_int_equal(json_integer_value(json_object_get(self, "total")), 0);
    json_decref(doc);
    api(h, "GET", "/api/v1/stats/tasks?unit=C1", hx.tok_k1, NULL, &r);
    expect_error(&r, 404, NULL);

    /* one task with its timeline */
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld", a);
    assert_int_equal(api(h, "GET", path, hx.tok_k1, NULL, &r), 200);
    doc = body_json(&r);
    assert_string_equal(json_string_value(json_object_get(doc, "state")), "accepted");
    json_t *events = json_object_get(doc, "timeline");
    assert_int_equal(json_array_size(events), 3);
    const char *const actions[] = { "task.split", "task.progress", "task.accept" };
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(events, i), "action")),
                            actions[i]);
    json_decref(doc);

    resp_free(&r);
    curl_easy_cleanup(h);

    /* every state change is in the audit chain */
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(hx.path, DB_F_READONLY, &msg);
    if (!db)
        fail_msg("db_open read-only: %s", buf_str(&msg));
    long long n = 0, bad = 0;
    if (audit_verify(db, &n, &bad, &msg) != RES_OK)
        fail_msg("audit_verify: %s (record %lld)", buf_str(&msg), bad);
    assert_int_equal(n, n_audit(db));
    /* create, 2 splits (and their record on the parent), progress, accept, the urge; the two
     * notices are on their own records */
    assert_int_equal(n_rows(db, "SELECT count(*) FROM audit WHERE object LIKE 'task:%'"), 7);
    assert_int_equal(n_rows(db, "SELECT count(*) FROM audit WHERE object LIKE 'notice:%'"), 2);
    assert_int_equal(n_tasks(db), 3);
    db_close(db);
    buf_release(&msg);
}

static void test_http_exports(void **state)
{
    (void)state;
    /* a small ledger: a city's task split to a county, a title that needs CSV quoting */
    CURL *h = client_new();
    struct resp r = { 0 };
    assert_int_equal(api(h, "POST", "/api/v1/tasks", hx.tok_admin,
                         "{\"title\":\"落实干部考核评价办法\",\"kind\":\"key\",\"lead_unit\":"
                         "\"C1\",\"deadline\":\"2036-12-31\"}",
                         &r),
                     201);
    long long top = body_int(&r, "id");
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/split", top);
    assert_int_equal(api(h, "POST", path, hx.tok_c1,
                         "{\"children\":[{\"lead_unit\":\"K1\",\"title\":"
                         "\"甲县落实, \\\"试点\\\"\",\"deadline\":\"2036-05-01\"}]}",
                         &r),
                     201);
    long long kid = split_id(&r, 0);
    /* a create with a parent is a split of that parent */
    char body[256];
    snprintf(body, sizeof(body),
             "{\"parent\":%lld,\"title\":\"乙县落实\",\"lead_unit\":\"K2\","
             "\"deadline\":\"2036-05-02\"}",
             top);
    api(h, "POST", "/api/v1/tasks", hx.tok_k1, body, &r);
    expect_error(&r, 404, NULL);
    assert_int_equal(api(h, "POST", "/api/v1/tasks", hx.tok_c1, body, &r), 201);
    long long yi = body_int(&r, "id");
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld", yi);
    assert_int_equal(api(h, "GET", path, hx.tok_k2, NULL, &r), 200);
    assert_int_equal(body_int(&r, "parent"), top);
    json_t *doc = body_json(&r);
    assert_string_equal(json_string_value(json_object_get(doc, "lead_unit")), "K2");
    assert_string_equal(json_string_value(json_object_get(doc, "assigner_unit")), "C1");
    assert_string_equal(json_string_value(json_object_get(doc, "kind")), "key");
    json_decref(doc);
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/supervision", kid);
    assert_int_equal(
        api(h, "POST", path, hx.tok_sup, "{\"kind\":\"notice\",\"text\":\"逾期通报\"}", &r), 201);
    long long notice = body_int(&r, "id");
    snprintf(path, sizeof(path), "/api/v1/notices/%lld/sign", notice);
    assert_int_equal(api(h, "POST", path, hx.tok_lead, "{}", &r), 200);
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/supervision", kid);
    assert_int_equal(
        api(h, "POST", path, hx.tok_sup, "{\"kind\":\"reminder\",\"text\":\"请抓紧\"}", &r), 201);
    long long reminder = body_int(&r, "id");
    /* K2 reports done, C1 returns it with a reason */
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/progress", yi);
    api(h, "POST", path, hx.tok_k2, "{\"text\":\"已完成\",\"percent\":100,\"done\":true}", &r);
    assert_int_equal(r.status / 100, 2);
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld/return", yi);
    assert_int_equal(api(h, "POST", path, hx.tok_c1, "{\"reason\":\"材料不全<请补充>\"}", &r), 200);
    /* the parent shows the state of its whole subtree */
    snprintf(path, sizeof(path), "/api/v1/tasks/%lld", top);
    assert_int_equal(api(h, "GET", path, hx.tok_admin, NULL, &r), 200);
    doc = body_json(&r);
    json_t *tree = json_object_get(doc, "subtree");
    assert_int_equal(json_array_size(tree), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *sub = json_array_get(tree, i);
        long long sid = json_integer_value(json_object_get(sub, "id"));
        assert_true(sid == kid || sid == yi);
        assert_int_equal(json_integer_value(json_object_get(sub, "depth")), 1);
        assert_string_equal(json_string_value(json_object_get(sub, "state")),
                            sid == yi ? "returned" : "assigned");
        /* what the page shows of a sub-task, which may lie outside the caller's scope */
        assert_null(json_object_get(sub, "description"));
        assert_null(json_object_get(sub, "leader_name"));
    }
    json_decref(doc);

    /* pages need a session */
    request(h, "GET", "/tasks/export.xlsx?unit=P&subtree=1", NULL, NULL, 0, &r);
    assert_int_not_equal(r.status, 200);
    assert_false(r.body.len >= 2 && memcmp(r.body.data, "PK", 2) == 0);
    login_as(h, "admin");

    /* XLSX: a zip whose sheet has a frozen header row, Chinese headers and dates as dates */
    assert_int_equal(request(h, "GET", "/tasks/export.xlsx?unit=P&subtree=1", NULL, NULL, 0, &r),
                     200);
    assert_true(r.body.len > 100);
    assert_memory_equal(r.body.data, "PK", 2);
    assert_non_null(strstr(buf_str(&r.head), "spreadsheetml"));
    size_t part_len;
    char *sheet = xlsx_part(r.body.data, r.body.len, "xl/worksheets/sheet1.xml", &part_len);
    assert_non_null(sheet);
    if (!strstr(sheet, "<pane ySplit=\"1\""))
        fail_msg("no frozen header row in %.600s", sheet);
    assert_non_null(strstr(sheet, "state=\"frozen\""));
    assert_non_null(strstr(sheet, ">编号<"));
    assert_non_null(strstr(sheet, ">任务<"));
    assert_non_null(strstr(sheet, ">时限<"));
    assert_non_null(strstr(sheet, "落实干部考核评价办法"));
    assert_non_null(strstr(sheet, "甲县落实"));
    /* the deadlines are date serials, not text */
    char serial[32];
    snprintf(serial, sizeof(serial), "<v>%ld</v>",
             date_days("2036-12-31") - date_days("1899-12-30"));
    const char *cell = strstr(sheet, serial);
    if (!cell)
        fail_msg("no date cell %s in %.1200s", serial, sheet);
    assert_null(strstr(sheet, ">2036-12-31<"));
    /* ... shown as dates: the cell's style (s="N") has a yyyy-mm-dd number format */
    const char *open = cell;
    while (open > sheet && strncmp(open, "<c ", 3) != 0)
        open--;
    const char *style = strstr(open, " s=\"");
    assert_true(style && style < cell);
    long xf = atol(style + 4);
    char *styles = xlsx_part(r.body.data, r.body.len, "xl/styles.xml", &part_len);
    assert_non_null(styles);
    const char *x = strstr(styles, "<cellXfs");
    for (long i = 0; x && i <= xf; i++)
        x = strstr(x + 1, "<xf ");
    assert_non_null(x);
    const char *id = strstr(x, "numFmtId=\"");
    assert_non_null(id);
    char fmt[64];
    snprintf(fmt, sizeof(fmt), "<numFmt numFmtId=\"%ld\" formatCode=\"yyyy-mm-dd\"",
             atol(id + strlen("numFmtId=\"")));
    if (!strstr(styles, fmt))
        fail_msg("style %ld of the date cell is not %s: %.800s", xf, fmt, styles);
    free(styles);
    free(sheet);

    /* CSV: UTF-8 with a byte order mark and Chinese headers, RFC 4180 quoting */
    assert_int_equal(request(h, "GET", "/tasks/export.csv?unit=P&subtree=1", NULL, NULL, 0, &r),
                     200);
    assert_true(r.body.len > 3);
    assert_memory_equal(r.body.data, "\xEF\xBB\xBF", 3);
    assert_memory_equal(r.body.data + 3, "编号,任务,", strlen("编号,任务,"));
    assert_non_null(strstr(buf_str(&r.head), "text/csv"));
    assert_true(body_has(&r, "\"甲县落实, \"\"试点\"\"\""));
    assert_true(body_has(&r, "落实干部考核评价办法"));
    assert_true(body_has(&r, "2036-05-01"));

    /* the ledger, the task with its decomposition, the numbered notice */
    assert_int_equal(request(h, "GET", "/tasks?unit=P&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "落实干部考核评价办法"));
    /* a whole row: light, title escaped, kind, lead unit, leader, deadline, state, percent */
    assert_true(body_has(&r, "<tr><td><span class=\"light red\">红灯</span></td><td><a href="));
    assert_true(body_has(&r, "甲县落实, &quot;试点&quot;</a></td><td>重点工作</td><td>甲县委组织部"
                             "</td><td></td><td>2036-05-01</td><td>已交办</td>"
                             "<td class=\"num\">0%</td></tr>"));
    /* the exports and the roll-up keep the ledger's filters, values encoded */
    assert_true(body_has(&r, "<a href=\"/tasks/export.csv?unit=P&amp;subtree=1&amp;sort=deadline"
                             "&amp;role=lead\">"));
    assert_true(body_has(&r, "<a href=\"/tasks/rollup?unit=P\">"));
    assert_int_equal(request(h, "GET",
                             "/tasks?unit=P&subtree=1&kind=key&state=open&sort=-deadline&role=any",
                             NULL, NULL, 0, &r),
                     200);
    assert_true(body_has(&r, "<a href=\"/tasks/export.xlsx?unit=P&amp;subtree=1&amp;state=open"
                             "&amp;kind=key&amp;sort=-deadline&amp;role=any\">"));
    snprintf(path, sizeof(path), "/tasks/%lld", top);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "甲县落实"));
    snprintf(path, sizeof(path), "/supervision/%lld", notice);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "〔2036〕1号"));
    assert_true(body_has(&r, "逾期通报"));
    /* a reminder is no notice: it has no numbered page */
    snprintf(path, sizeof(path), "/supervision/%lld", reminder + 1000);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 404);
    /* the returned task's timeline gives the reason, escaped */
    snprintf(path, sizeof(path), "/tasks/%lld", yi);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "材料不全&lt;请补充&gt;"));
    /* a leader's name links to the ledger for that leader alone, which keeps the choice */
    char lbody[256];
    snprintf(lbody, sizeof(lbody),
             "{\"title\":\"二市专项\",\"kind\":\"routine\",\"lead_unit\":\"C2\",\"leader\":%lld,"
             "\"deadline\":\"2036-09-30\"}",
             hx.leader);
    assert_int_equal(api(h, "POST", "/api/v1/tasks", hx.tok_admin, lbody, &r), 201);
    char link[128];
    snprintf(link, sizeof(link),
             "<a href=\"/tasks?unit=P&amp;subtree=1&amp;role=lead&amp;leader=%lld\">管理员</a>",
             hx.leader);
    assert_int_equal(request(h, "GET", "/tasks?unit=P&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, link));
    snprintf(path, sizeof(path), "/tasks?unit=P&subtree=1&leader=%lld", hx.leader);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "二市专项"));
    assert_false(body_has(&r, "落实干部考核评价办法"));
    snprintf(link, sizeof(link), "name=\"leader\" value=\"%lld\" checked> 责任领导:管理员",
             hx.leader);
    assert_true(body_has(&r, link));
    assert_int_equal(request(h, "GET", "/tasks/rollup?unit=P", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "一市委组织部"));
    /* supervision by kind (reminders, urges, criticisms) and notices by kind (praise,
     * criticism): the city's row and the sums */
    assert_true(body_has(&r, "<td class=\"num\">1</td><td class=\"num\">0</td>"
                             "<td class=\"num\">0</td><td class=\"num\">0</td>"
                             "<td class=\"num\">1</td></tr>"));
    assert_true(body_has(&r, "<th class=\"num\">1</th><th class=\"num\">0</th>"
                             "<th class=\"num\">0</th><th class=\"num\">0</th>"
                             "<th class=\"num\">1</th></tr></tfoot>"));
    /* the department's own offices apart, after the cities: one row, or a row each */
    assert_true(body_has(&r, "本部门内设处室 <a href=\"/tasks/rollup?unit=P&amp;offices=1\">"));
    assert_true(body_has(&r, "<tr><td>内设处室合计 (1)</td>"));
    assert_false(body_has(&r, "干部一处"));
    assert_true(strstr(buf_str(&r.body), "二市委组织部") < strstr(buf_str(&r.body), "本部门内设处室"));
    assert_int_equal(request(h, "GET", "/tasks/rollup?unit=P&offices=1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "干部一处</a>"));
    assert_true(body_has(&r, "<a href=\"/tasks/rollup?unit=P\">合并显示</a>"));
    assert_false(body_has(&r, "内设处室合计"));
    assert_int_equal(request(h, "GET", "/tasks/rollup?unit=P&offices=7", NULL, NULL, 0, &r), 400);

    /* a county's session cannot export the province's ledger nor read the city's task */
    CURL *k = client_new();
    login_as(k, "k1");
    snprintf(path, sizeof(path), "/tasks/%lld", top);
    request(k, "GET", path, NULL, NULL, 0, &r);
    assert_int_equal(r.status, 404);
    assert_false(body_has(&r, "落实干部考核评价办法"));
    request(k, "GET", "/tasks/export.csv?unit=P&subtree=1", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 404);
    assert_false(body_has(&r, "落实干部考核评价办法"));
    assert_int_equal(request(k, "GET", "/tasks/export.csv?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "甲县落实"));
    assert_false(body_has(&r, "落实干部考核评价办法"));
    /* the county's inbox: the supervision of its task, the signed notice, then its open work */
    assert_int_equal(request(k, "GET", "/inbox", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "关于工作任务落实情况的通报</a> <span class=\"muted\">督查通报〔2036〕1号"));
    assert_true(body_has(&r, "请抓紧"));
    assert_true(body_has(&r, "甲县落实, &quot;试点&quot;</a>"));
    assert_false(body_has(&r, "二市专项"));
    /* the supervision queue is the supervisors': the county and the administrator get 403 */
    assert_int_equal(request(k, "GET", "/supervision", NULL, NULL, 0, &r), 403);
    assert_int_equal(request(h, "GET", "/supervision", NULL, NULL, 0, &r), 403);
    CURL *sv = client_new();
    login_as(sv, "sup");
    assert_int_equal(request(sv, "GET", "/supervision", NULL, NULL, 0, &r), 200);
    /* K1's task is past its deadline (today is 2036-06-01): in the red section */
    const char *red = strstr(buf_str(&r.body), "<h2>");
    assert_non_null(red);
    const char *yellow = strstr(red + 4, "<h2>");
    assert_non_null(yellow);
    const char *kid_row = strstr(red, "甲县落实");
    assert_true(kid_row && kid_row < yellow);
    curl_easy_cleanup(sv);
    resp_free(&r);
    curl_easy_cleanup(k);
    curl_easy_cleanup(h);
}

/* The id after "/attachments/" in a page, or 0. */
static long long attachment_in(const struct resp *r)
{
    const char *p = strstr(buf_str(&r->body), "/attachments/");
    return p ? atoll(p + strlen("/attachments/")) : 0;
}

/* Creates a task through the new-task form as h (fields url-encoded, without the CSRF token)
 * and returns the id of the first row of ledger (the page listing it first). */
static long long form_task(CURL *h, const char *fields, const char *ledger, struct resp *r)
{
    assert_int_equal(post_form(h, "/tasks/new", "/tasks", fields, r), 303);
    assert_int_equal(request(h, "GET", ledger, NULL, NULL, 0, r), 200);
    const char *href = strstr(buf_str(&r->body), "<a href=\"/tasks/");
    assert_non_null(href);
    return atoll(href + strlen("<a href=\"/tasks/"));
}

/* Posts task id's progress form as h, read from its page: text, percent (NULL for none), done,
 * and a text file when file_name is given. */
static void form_report(CURL *h, long long id, const char *text, const char *percent, int done,
                        const char *file_name, const char *file_text, struct resp *r)
{
    char page[64], action[64], csrf[128];
    snprintf(page, sizeof(page), "/tasks/%lld", id);
    snprintf(action, sizeof(action), "/tasks/%lld/progress", id);
    assert_int_equal(request(h, "GET", page, NULL, NULL, 0, r), 200);
    curl_mime *mime = curl_mime_init(h);
    mime_add(mime, "csrf", csrf_in(r, csrf, sizeof(csrf)), NULL, NULL);
    mime_add(mime, "text", text, NULL, NULL);
    if (percent)
        mime_add(mime, "percent", percent, NULL, NULL);
    if (done)
        mime_add(mime, "done", "1", NULL, NULL);
    if (file_name)
        mime_add(mime, "attachment", file_text, file_name, "text/plain");
    assert_int_equal(request_mime(h, "POST", action, NULL, NULL, 0, mime, r), 303);
    curl_mime_free(mime);
}

/* The forms a browser posts: a new task (CSRF checked), a progress report with a file, the
 * file's download in scope only, a return with its reason and the report again; a task a unit
 * gives itself, decided by the level above, not by its reporter. */
static void test_http_forms(void **state)
{
    (void)state;
    CURL *c1 = client_new(), *k1 = client_new(), *k2 = client_new();
    struct resp r = { 0 };
    login_as(c1, "c1");
    login_as(k1, "k1");
    login_as(k2, "k2");
    long long id = form_task(c1,
                             "title=%E5%B8%82%E7%BA%A7%E8%A1%A8%E5%8D%95%E4%BB%BB%E5%8A%A1"
                             "&kind=key&lead_unit=K1&deadline=2036-09-30",
                             "/tasks?unit=C1&subtree=1", &r);
    assert_true(body_has(&r, "市级表单任务"));
    /* a form without the session's CSRF token changes nothing */
    assert_int_equal(request(c1, "POST", "/tasks", NULL,
                             "csrf=forged&title=x&kind=key&lead_unit=K1&deadline=2036-09-30", 0,
                             &r),
                     403);
    assert_int_equal(request(c1, "GET", "/tasks?unit=C1&subtree=1", NULL, NULL, 0, &r), 200);
    assert_false(body_has(&r, ">x</a>"));

    /* K1 reports half done with a file, downloadable in scope only */
    char page[64];
    snprintf(page, sizeof(page), "/tasks/%lld", id);
    form_report(k1, id, "已完成一半", "50", 0, "进度说明.txt", "说明正文", &r);
    assert_int_equal(request(k1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "已完成一半"));
    assert_true(body_has(&r, "进度说明.txt"));
    long long file = attachment_in(&r);
    assert_true(file > 0);
    char file_page[64];
    snprintf(file_page, sizeof(file_page), "/attachments/%lld", file);
    assert_int_equal(request(k1, "GET", file_page, NULL, NULL, 0, &r), 200);
    assert_string_equal(buf_str(&r.body), "说明正文");
    assert_int_equal(request(c1, "GET", file_page, NULL, NULL, 0, &r), 200);
    assert_int_equal(request(k2, "GET", file_page, NULL, NULL, 0, &r), 404);
    assert_false(body_has(&r, "说明正文"));

    /* reported done, returned by the city with a reason, shown on the page */
    form_report(k1, id, "全部完成", "100", 1, NULL, NULL, &r);
    char action[64];
    snprintf(action, sizeof(action), "/tasks/%lld/return", id);
    assert_int_equal(
        post_form(c1, page, action, "reason=%E8%AF%B7%E8%A1%A5%E5%85%85%E6%95%B0%E6%8D%AE", &r),
        303);
    assert_int_equal(request(k1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "请补充数据"));
    assert_true(body_has(&r, "已退回"));

    /* a task the city gives itself: its reporter is offered no decision, the province is */
    long long own = form_task(c1,
                              "title=%E5%B8%82%E6%9C%AC%E7%BA%A7&kind=key&lead_unit=C1"
                              "&deadline=2036-10-31",
                              "/tasks?unit=C1", &r);
    form_report(c1, own, "本级完成", NULL, 1, NULL, NULL, &r);
    snprintf(page, sizeof(page), "/tasks/%lld", own);
    char accept_form[64];
    snprintf(accept_form, sizeof(accept_form), "action=\"/tasks/%lld/accept\"", own);
    assert_int_equal(request(c1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "本级完成"));
    assert_false(body_has(&r, accept_form));
    CURL *p = client_new();
    login_as(p, "admin");
    assert_int_equal(request(p, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, accept_form));
    curl_easy_cleanup(p);
    resp_free(&r);
    curl_easy_cleanup(c1);
    curl_easy_cleanup(k1);
    curl_easy_cleanup(k2);
}

/* The supervision cycle through the task page's forms: the lead unit signs and asks for a later
 * deadline, the issuing city approves, suspends and resumes, accepts with a rating; the page
 * offers each form to its side only; the ledger's legend, the asks and the inbox pages render. */
static void test_http_cycle_forms(void **state)
{
    (void)state;
    CURL *c1 = client_new(), *k1 = client_new();
    struct resp r = { 0 };
    login_as(c1, "c1");
    login_as(k1, "k1");
    long long id = form_task(c1,
                             "title=%E7%AD%BE%E6%94%B6%E6%B5%8B%E8%AF%95&kind=key&lead_unit=K1"
                             "&deadline=2036-09-30",
                             "/tasks?unit=C1&subtree=1", &r);
    char page[64], action[96], sign_form[80];
    snprintf(page, sizeof(page), "/tasks/%lld", id);
    snprintf(sign_form, sizeof(sign_form), "action=\"/tasks/%lld/sign\"", id);
    assert_int_equal(request(c1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_false(body_has(&r, sign_form)); /* the issuer does not sign */
    assert_int_equal(request(k1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, sign_form));
    snprintf(action, sizeof(action), "/tasks/%lld/sign", id);
    assert_int_equal(post_form(k1, page, action, "", &r), 303);
    assert_int_equal(request(k1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_false(body_has(&r, sign_form));
    /* an extension asked by the county, approved by the city with its reason on the page */
    snprintf(action, sizeof(action), "/tasks/%lld/extension", id);
    assert_int_equal(post_form(k1, page, action,
                               "to=2036-10-31&reason=%E7%AD%89%E5%BE%85%E6%96%87%E4%BB%B6", &r),
                     303);
    assert_int_equal(request(c1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "等待文件"));
    assert_true(body_has(&r, "待审批"));
    snprintf(action, sizeof(action), "/tasks/%lld/extension/approve", id);
    assert_int_equal(post_form(c1, page, action, "reason=%E5%90%8C%E6%84%8F", &r), 303);
    assert_int_equal(request(k1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "已同意"));
    assert_true(body_has(&r, "2036-10-31"));
    /* suspended and resumed by the city */
    snprintf(action, sizeof(action), "/tasks/%lld/suspend", id);
    assert_int_equal(post_form(c1, page, action, "reason=%E6%9A%82%E5%81%9C", &r), 303);
    assert_int_equal(request(k1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "已中止"));
    snprintf(action, sizeof(action), "/tasks/%lld/resume", id);
    assert_int_equal(post_form(c1, page, action, "", &r), 303);
    /* reported done and accepted with a rating */
    form_report(k1, id, "完成", "100", 1, NULL, NULL, &r);
    snprintf(action, sizeof(action), "/tasks/%lld/accept", id);
    assert_int_equal(post_form(c1, page, action, "rating=basic", &r), 303);
    assert_int_equal(request(c1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "已验收"));
    /* the pages of the cycle */
    assert_int_equal(request(c1, "GET", "/tasks?unit=C1&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "蓝灯"));
    assert_int_equal(request(k1, "GET", "/asks", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "本单位待办事项"));
    assert_int_equal(request(k1, "GET", "/asks?unit=K1&page=2", NULL, NULL, 0, &r), 200);
    /* a page of the asks with their number */
    form_task(c1, "title=%E5%86%8D%E6%AC%A1&kind=key&lead_unit=K1&deadline=2036-10-31",
              "/tasks?unit=C1&subtree=1", &r);
    assert_int_equal(request(k1, "GET", "/api/v1/asks?unit=K1&limit=1", NULL, NULL, 0, &r), 200);
    json_t *asks = body_json(&r);
    assert_non_null(asks);
    long long total = json_integer_value(json_object_get(asks, "total"));
    assert_int_equal(json_array_size(json_object_get(asks, "asks")), 1);
    json_decref(asks);
    /* the pages together hold every ask, the new task among them */
    assert_int_equal(request(k1, "GET", "/api/v1/asks?unit=K1&limit=1000", NULL, NULL, 0, &r),
                     200);
    asks = body_json(&r);
    json_t *list = json_object_get(asks, "asks");
    assert_int_equal((long long)json_array_size(list), total);
    int seen = 0;
    for (size_t i = 0; i < json_array_size(list); i++)
        seen |= strcmp(json_string_value(json_object_get(json_array_get(list, i), "title")),
                       "再次") == 0;
    assert_true(seen);
    json_decref(asks);
    assert_int_equal(request(k1, "GET", "/api/v1/asks?unit=K1&limit=0", NULL, NULL, 0, &r), 400);
    assert_int_equal(request(k1, "GET", "/inbox", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "签收测试"));
    resp_free(&r);
    curl_easy_cleanup(c1);
    curl_easy_cleanup(k1);
}

/* The number after the first occurrence of prefix in the body, 0 when there is none. */
static long long number_after(const struct resp *r, const char *prefix)
{
    const char *at = strstr(buf_str(&r->body), prefix);
    return at ? atoll(at + strlen(prefix)) : 0;
}

/* Leaders' instructions through their pages: recorded by the form, listed, shown, a task issued
 * from one by its form, and the task's page naming the instruction; the leader must be chosen. */
static void test_http_instructions(void **state)
{
    (void)state;
    CURL *c1 = client_new();
    struct resp r = { 0 };
    login_as(c1, "c1");
    assert_int_equal(request(c1, "GET", "/instructions", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "登记批示"));
    long long leader = number_after(&r, "<select name=\"leader\" required><option value=\"");
    assert_true(leader > 0);
    assert_int_equal(post_form(c1, "/instructions", "/instructions",
                               "unit=C1&day=2036-06-01&on=abc&text=x", &r),
                     400); /* no leader */
    char fields[256];
    snprintf(fields, sizeof(fields),
             "unit=C1&leader=%lld&day=2036-06-01&on=%%E6%%8A%%A5%%E5%%91%%8A%%E7%%94%%B2"
             "&on_kind=report&text=%%E8%%AF%%B7%%E8%%90%%BD%%E5%%AE%%9E",
             leader);
    assert_int_equal(post_form(c1, "/instructions", "/instructions", fields, &r), 303);
    assert_int_equal(request(c1, "GET", "/instructions?unit=C1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "报告甲"));
    long long id = number_after(&r, "<a href=\"/instructions/");
    assert_true(id > 0);
    char page[64], action[80];
    snprintf(page, sizeof(page), "/instructions/%lld", id);
    snprintf(action, sizeof(action), "/instructions/%lld/tasks", id);
    assert_int_equal(request(c1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "请落实"));
    assert_true(body_has(&r, "尚未据此交办任务"));
    assert_int_equal(post_form(c1, page, action,
                               "title=%E8%90%BD%E5%AE%9E%E6%89%B9%E7%A4%BA&kind=key"
                               "&lead_unit=K1&deadline=2036-12-31",
                               &r),
                     303);
    assert_int_equal(request(c1, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "落实批示"));
    long long task = number_after(&r, "<td><a href=\"/tasks/");
    assert_true(task > 0);
    snprintf(page, sizeof(page), "/tasks/%lld", task);
    assert_int_equal(request(c1, "GET", page, NULL, NULL, 0, &r), 200);
    snprintf(fields, sizeof(fields), "<a href=\"/instructions/%lld\">", id);
    assert_true(body_has(&r, fields));
    resp_free(&r);
    curl_easy_cleanup(c1);
}

/* The plans page: a plan published by the form, listed with its key and routine tasks counted
 * and its id (for the CSV import), in scope only. */
static void test_http_plans(void **state)
{
    (void)state;
    CURL *c1 = client_new(), *k2 = client_new();
    struct resp r = { 0 };
    login_as(c1, "c1");
    login_as(k2, "k2");
    assert_int_equal(post_form(c1, "/plans", "/plans",
                               "unit=C1&year=2036&title=%E5%B8%82%E7%BA%A7%E5%B7%A5%E4%BD%9C"
                               "%E8%A6%81%E7%82%B9",
                               &r),
                     303);
    assert_int_equal(request(c1, "GET", "/plans", NULL, NULL, 0, &r), 200);
    static const char row_start[] = "<tr><td>2036</td><td>市级工作要点</td><td>一市委组织部</td>";
    const char *row = strstr(buf_str(&r.body), row_start);
    assert_non_null(row);
    long long plan = 0;
    assert_int_equal(sscanf(row + strlen(row_start),
                            "<td class=\"num\">0</td><td class=\"num\">0</td><td>%lld</td>", &plan),
                     1);
    assert_true(plan > 0);
    static const char *const kinds[] = { "key", "routine", "key" };
    for (int i = 0; i < 3; i++) {
        char body[256];
        snprintf(body, sizeof(body),
                 "{\"title\":\"要点任务%d\",\"kind\":\"%s\",\"lead_unit\":\"K1\","
                 "\"deadline\":\"2036-09-30\",\"plan\":%lld}",
                 i, kinds[i], plan);
        assert_int_equal(api(c1, "POST", "/api/v1/tasks", hx.tok_c1, body, &r), 201);
    }
    assert_int_equal(request(c1, "GET", "/plans", NULL, NULL, 0, &r), 200);
    char want[256];
    snprintf(want, sizeof(want),
             "%s<td class=\"num\">2</td><td class=\"num\">1</td><td>%lld</td></tr>", row_start,
             plan);
    assert_true(body_has(&r, want));
    assert_true(body_has(&r, "action=\"/plans/import\""));
    /* the county below sees no plan of the city */
    assert_int_equal(request(k2, "GET", "/plans", NULL, NULL, 0, &r), 200);
    assert_false(body_has(&r, "市级工作要点"));
    resp_free(&r);
    curl_easy_cleanup(c1);
    curl_easy_cleanup(k2);
}

/* Text that a spreadsheet program would run as a formula leaves the CSV export as text (issue
 * #13): each cell starting with = + - or @ gets a leading ', in whichever text column it lies;
 * ids, percentages and dates are written as they are. (A tab or carriage return cannot start a
 * title or a name: the model refuses control characters in one-line fields.) */
static void test_http_csv_formulas(void **state)
{
    (void)state;
    CURL *h = client_new();
    struct resp r = { 0 };
    /* a leader whose name starts a formula, entered as any API client could */
    assert_int_equal(
        api(h, "POST", "/api/v1/persons", hx.tok_admin, "{\"name\":\"=张三\",\"unit\":\"C1\"}", &r),
        201);
    long long leader = body_int(&r, "id");
    static const char *const titles[] = {
        "=HYPERLINK(\"http://evil.example/?q=1\",\"点此查看\")",
        "+1 号文件落实",
        "-1+2 专项整治",
        "@SUM(1,2)",
        "落实 = 考核",
    };
    long long first = 0;
    for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
        json_t *doc =
            json_pack("{s:s, s:s, s:s, s:I, s:s}", "title", titles[i], "kind", "key", "lead_unit",
                      "C1", "leader", (json_int_t)leader, "deadline", "2036-12-31");
        char *body = json_dumps(doc, JSON_COMPACT);
        json_decref(doc);
        assert_int_equal(api(h, "POST", "/api/v1/tasks", hx.tok_admin, body, &r), 201);
        free(body);
        if (!first)
            first = body_int(&r, "id");
    }
    login_as(h, "admin");
    assert_int_equal(request(h, "GET", "/tasks/export.csv?unit=P&subtree=1", NULL, NULL, 0, &r),
                     200);
    char want[256];
    for (size_t i = 0; i < 4; i++) {
        snprintf(want, sizeof(want), "'%s", titles[i]);
        if (!csv_has_cell(&r, 1, want) || csv_has_cell(&r, 1, titles[i]))
            fail_msg("title %s not exported as %s:\n%s", titles[i], want, buf_str(&r.body));
    }
    /* a formula character inside the text is harmless and left alone */
    assert_true(csv_has_cell(&r, 1, titles[4]));
    /* the leader's column too */
    assert_true(csv_has_cell(&r, 5, "'=张三"));
    assert_false(csv_has_cell(&r, 5, "=张三"));
    /* numbers and dates as they are */
    snprintf(want, sizeof(want), "%lld", first);
    assert_true(csv_has_cell(&r, 0, want));
    assert_true(csv_has_cell(&r, 6, "2036-12-31"));
    assert_true(csv_has_cell(&r, 8, "0"));
    resp_free(&r);
    curl_easy_cleanup(h);
}

int test_tasks(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_three_levels, reset_today),
        cmocka_unit_test_teardown(test_scope, reset_today),
        cmocka_unit_test_teardown(test_split_refusals, reset_today),
        cmocka_unit_test_teardown(test_bad_inputs, reset_today),
        cmocka_unit_test_teardown(test_accept_and_return, reset_today),
        cmocka_unit_test_teardown(test_leaders, reset_today),
        cmocka_unit_test_teardown(test_lights, reset_today),
        cmocka_unit_test_teardown(test_task_cycle, reset_today),
        cmocka_unit_test_teardown(test_instructions, reset_today),
        cmocka_unit_test_teardown(test_supervision_counts, reset_today),
        cmocka_unit_test_teardown(test_inbox_and_escalation, reset_today),
        cmocka_unit_test_teardown(test_asks, reset_today),
        cmocka_unit_test_teardown(test_asks_many, reset_today),
        cmocka_unit_test_teardown(test_list_plans, reset_today),
        cmocka_unit_test_teardown(test_state_filters, reset_today),
        cmocka_unit_test_teardown(test_supervision, reset_today),
        cmocka_unit_test_teardown(test_stats, reset_today),
        cmocka_unit_test_teardown(test_tally_rebuild, reset_today),
        cmocka_unit_test(test_supervision_migration),
        cmocka_unit_test_teardown(test_import, reset_today),
        cmocka_unit_test_teardown(test_timeline, reset_today),
        cmocka_unit_test_teardown(test_supervision_reach, reset_today),
        cmocka_unit_test_setup_teardown(test_http_api, http_setup, http_teardown),
        cmocka_unit_test_setup_teardown(test_http_exports, http_setup, http_teardown),
        cmocka_unit_test_setup_teardown(test_http_forms, http_setup, http_teardown),
        cmocka_unit_test_setup_teardown(test_http_cycle_forms, http_setup, http_teardown),
        cmocka_unit_test_setup_teardown(test_http_instructions, http_setup, http_teardown),
        cmocka_unit_test_setup_teardown(test_http_plans, http_setup, http_teardown),
        cmocka_unit_test_setup_teardown(test_http_csv_formulas, http_setup, http_teardown),
    };
    return cmocka_run_group_tests_name("tasks", tests, NULL, NULL);
}
