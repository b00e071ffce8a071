/*
 * Research reports and discipline cases (test code; src/research, src/discipline): validation
 * naming the field, scope, the roll-up counts against a recount from the records after a unit
 * move, and over a real server the API and pages — lists, filters, exports, create forms with
 * the error beside the field, imports — and the discipline restriction on every page, API
 * route, export and search, each read leaving an audit record.
 */
#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "core/clock.h"
#include "discipline/discipline.h"
#include "registry/registry.h"
#include "research/research.h"
#include "unit/unit.h"

/* Past the minute in which a repeated read of discipline cases is covered by its record. */
#define READ_WINDOW 61

struct world {
    char path[TEST_PATH_LEN]; /* the database */
    struct db *db;            /* its connection */
    struct actor sys;         /* the command line */
    long long k1_person;      /* a person of K1 (k1staff) */
    long long k2_person;      /* a person of K2 */
    long long k3_person;      /* a person of K3, under C2 */
};

static void world_open(struct world *w)
{
    set_today("2026-09-10");
    w->db = open_fresh(w->path);
    build_tree(w->db);
    actor_system(&w->sys);
    add_account(w->db, "P", "padmin", "省管理员", "admin");
    add_account(w->db, "P", "psup", "赵督查", "supervisor");
    add_account(w->db, "C1", "c1admin", "钱市管", "unit_admin");
    add_account(w->db, "C1", "c1lead", "吴部长", "leader");
    add_account(w->db, "C1", "c1sup", "孙督查", "supervisor");
    w->k1_person = add_account(w->db, "K1", "k1staff", "李干事", "staff");
    w->k2_person = add_account(w->db, "K2", "k2staff", "周干事", "staff");
    w->k3_person = add_account(w->db, "K3", "k3staff", "郑干事", "staff");
}

static int reset_clock(void **state)
{
    (void)state;
    set_today(NULL);
    return 0;
}

/* The count of key over unit code's subtree (all days). */
static long long tally(struct db *db, const char *code, const char *key)
{
    struct actor sys;
    actor_system(&sys);
    struct unit u;
    struct err err = { 0 };
    assert_int_equal(unit_get(db, &sys, code, &u, &err), RES_OK);
    long long n[64];
    assert_true(registry_n_keys <= 64);
    assert_int_equal(registry_sums(db, u.id, NULL, NULL, n), RES_OK);
    for (size_t i = 0; i < registry_n_keys; i++)
        if (strcmp(registry_keys[i], key) == 0)
            return n[i];
    fail_msg("no key %s", key);
    return -1;
}

/* The registry_tally rows of research and discipline, as text. */
static void snapshot(struct db *db, struct buf *out)
{
    buf_reset(out);
    char *msg = NULL;
    assert_int_equal(sqlite3_exec(db->h,
                                  "SELECT unit_id, key, day, n FROM registry_tally WHERE n <> 0"
                                  " AND (key LIKE 'research.%' OR key LIKE 'discipline.%')"
                                  " ORDER BY 1, 2, 3",
                                  test_snap_row, out, &msg),
                     SQLITE_OK);
}

static void no_research(void *ctx, const struct research *x)
{
    (void)ctx;
    assert_true(x->id > 0);
}

static void no_case(void *ctx, const struct discipline_case *c)
{
    (void)ctx;
    assert_true(c->id > 0);
}

static long long count_rows(struct db *db, const char *sql)
{
    return db_count(db, sql, NULL, -1);
}

/* Appends a report's authors, "names:numbers;", to the text ctx. */
static void authors_of(void *ctx, const struct research *x)
{
    char *seen = ctx;
    snprintf(seen + strlen(seen), 256 - strlen(seen), "%s:%s;", x->authors, x->author_ids);
}

static void test_research_model(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct actor k1, c1admin, c1lead;
    actor_of(w.db, "k1staff", &k1);
    actor_of(w.db, "c1admin", &c1admin);
    actor_of(w.db, "c1lead", &c1lead);
    struct err err = { 0 };
    long long id, id2;
    long long a1[] = { w.k1_person }, a2[] = { w.k2_person }, a3[] = { w.k1_person, w.k1_person };

    struct research_input in = { "K1", "", a1, 1, "2026-07-01", "正文", NULL };
    assert_int_equal(research_add(w.db, &k1, &in, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "title");
    in.title = "关于村干部报酬待遇的调研";
    in.authors = a2; /* K2's person: outside K1's scope */
    memset(&err, 0, sizeof(err));
    assert_int_equal(research_add(w.db, &k1, &in, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "authors");
    in.authors = a3;
    in.n_authors = 2;
    memset(&err, 0, sizeof(err));
    assert_int_equal(research_add(w.db, &k1, &in, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "authors");
    in.authors = a1;
    in.n_authors = 0;
    memset(&err, 0, sizeof(err));
    assert_int_equal(research_add(w.db, &k1, &in, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "authors");
    in.n_authors = 1;
    in.day = "2026-02-30";
    memset(&err, 0, sizeof(err));
    assert_int_equal(research_add(w.db, &k1, &in, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "day");
    in.day = "2026-07-01";
    in.unit = "K2";
    memset(&err, 0, sizeof(err));
    assert_int_equal(research_add(w.db, &k1, &in, &id, &err), RES_NOT_FOUND);
    in.unit = "K1";
    assert_int_equal(count_rows(w.db, "SELECT count(*) FROM research"), 0);
    assert_int_equal(research_add(w.db, &k1, &in, &id, &err), RES_OK);
    in.day = "2026-08-01";
    in.title = "第二篇";
    assert_int_equal(research_add(w.db, &k1, &in, &id2, &err), RES_OK);

    /* adoption: by C1 above it; K2 (beside) cannot see it; the leader may; twice is a conflict */
    struct actor k2;
    actor_of(w.db, "k2staff", &k2);
    assert_int_equal(research_adopt(w.db, &k2, id, "乙县", &err), RES_NOT_FOUND);
    memset(&err, 0, sizeof(err));
    assert_int_equal(research_adopt(w.db, &c1admin, id, "", &err), RES_INVALID);
    assert_string_equal(err.field, "by");
    assert_int_equal(research_adopt(w.db, &c1admin, id, "市委组织部部务会", &err), RES_OK);
    assert_int_equal(research_adopt(w.db, &c1lead, id, "再次", &err), RES_CONFLICT);

    assert_int_equal(tally(w.db, "C1", "research.written"), 2);
    assert_int_equal(tally(w.db, "P", "research.written"), 2);
    assert_int_equal(tally(w.db, "C1", "research.adopted"), 1);
    assert_int_equal(tally(w.db, "K2", "research.written"), 0);
    assert_int_equal(count_rows(w.db, "SELECT count(*) FROM audit WHERE action ="
                                      " 'research.create'"),
                     2);
    assert_int_equal(count_rows(w.db, "SELECT count(*) FROM audit WHERE action ="
                                      " 'research.adopt'"),
                     1);

    /* the list: scope, subtree, period and kind */
    struct registry_filter f = { .unit = "C1", .subtree = 1, .limit = 50 };
    long long total;
    assert_int_equal(research_list(w.db, &c1admin, &f, no_research, NULL, &total, &err), RES_OK);
    assert_int_equal(total, 2);
    f.from = "2026-07-15";
    assert_int_equal(research_list(w.db, &c1admin, &f, no_research, NULL, &total, &err), RES_OK);
    assert_int_equal(total, 1);
    f.from = NULL;
    f.kind = "adopted";
    assert_int_equal(research_list(w.db, &c1admin, &f, no_research, NULL, &total, &err), RES_OK);
    assert_int_equal(total, 1);
    f.kind = "astrology";
    assert_int_equal(research_list(w.db, &c1admin, &f, no_research, NULL, &total, &err),
                     RES_INVALID);
    f.kind = NULL;
    f.subtree = 0;
    assert_int_equal(research_list(w.db, &c1admin, &f, no_research, NULL, &total, &err), RES_OK);
    assert_int_equal(total, 0);
    f.unit = "C1";
    assert_int_equal(research_list(w.db, &k2, &f, no_research, NULL, &total, &err), RES_NOT_FOUND);
    /* a page's rows name the authors; the list for the API numbers them too */
    char seen[256] = "";
    f.subtree = 1;
    assert_int_equal(research_list(w.db, &c1admin, &f, authors_of, seen, &total, &err), RES_OK);
    snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "|");
    f.brief = 1;
    assert_int_equal(research_list(w.db, &c1admin, &f, authors_of, seen, &total, &err), RES_OK);
    char want[256];
    snprintf(want, sizeof(want), "李干事:%lld;李干事:%lld;|李干事:;李干事:;", w.k1_person,
             w.k1_person);
    assert_string_equal(seen, want);
    db_close(w.db);
}

static void test_discipline_model(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct actor k1, sup, padmin, c1lead;
    actor_of(w.db, "k1staff", &k1);
    actor_of(w.db, "c1sup", &sup);
    actor_of(w.db, "padmin", &padmin);
    actor_of(w.db, "c1lead", &c1lead);
    struct err err = { 0 };
    long long id;
    struct discipline_input in = { "K1",         w.k1_person,  "selection",
                                   "admonition", "2026-08-01", "违规操作" };
    assert_int_equal(discipline_add(w.db, &k1, &in, &id, &err), RES_FORBIDDEN);
    assert_int_equal(discipline_add(w.db, &c1lead, &in, &id, &err), RES_FORBIDDEN);
    in.category = "astrology";
    memset(&err, 0, sizeof(err));
    assert_int_equal(discipline_add(w.db, &sup, &in, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "category");
    in.category = "selection";
    in.handling = "exile";
    memset(&err, 0, sizeof(err));
    assert_int_equal(discipline_add(w.db, &sup, &in, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "handling");
    in.handling = "admonition";
    in.person = w.k3_person; /* under C2: outside C1's supervisor's scope */
    memset(&err, 0, sizeof(err));
    assert_int_equal(discipline_add(w.db, &sup, &in, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "person");
    in.person = w.k1_person;
    in.summary = "";
    memset(&err, 0, sizeof(err));
    assert_int_equal(discipline_add(w.db, &sup, &in, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "summary");
    in.summary = "违规操作";
    assert_int_equal(count_rows(w.db, "SELECT count(*) FROM discipline"), 0);
    assert_int_equal(discipline_add(w.db, &sup, &in, &id, &err), RES_OK);
    assert_int_equal(tally(w.db, "K1", "discipline.cases"), 1);
    assert_int_equal(tally(w.db, "K1", "discipline.persons"), 1);

    /* a second case of the same person: a case more, no person more; an earlier one at K2 moves
     * the person to K2 (their first case) */
    in.day = "2026-08-20";
    in.handling = "party";
    assert_int_equal(discipline_add(w.db, &sup, &in, &id, &err), RES_OK);
    assert_int_equal(tally(w.db, "K1", "discipline.cases"), 2);
    assert_int_equal(tally(w.db, "K1", "discipline.persons"), 1);
    in.unit = "K2";
    in.day = "2026-03-01";
    assert_int_equal(discipline_add(w.db, &padmin, &in, &id, &err), RES_OK);
    assert_int_equal(tally(w.db, "K1", "discipline.persons"), 0);
    assert_int_equal(tally(w.db, "K2", "discipline.persons"), 1);
    assert_int_equal(tally(w.db, "C1", "discipline.persons"), 1);
    assert_int_equal(tally(w.db, "C1", "discipline.cases"), 3);
    in.person = w.k2_person;
    in.day = "2026-04-01";
    assert_int_equal(discipline_add(w.db, &padmin, &in, &id, &err), RES_OK);
    assert_int_equal(tally(w.db, "P", "discipline.persons"), 2);
    assert_int_equal(tally(w.db, "P", "discipline.cases"), 4);

    /* reads: staff and leaders see no case at all */
    struct registry_filter f = { .unit = "C1", .subtree = 1, .limit = 50 };
    long long total;
    assert_int_equal(discipline_list(w.db, &k1, &f, no_case, NULL, &total, &err), RES_NOT_FOUND);
    assert_int_equal(discipline_list(w.db, &c1lead, &f, no_case, NULL, &total, &err),
                     RES_NOT_FOUND);
    assert_int_equal(discipline_list(w.db, &sup, &f, no_case, NULL, &total, &err), RES_OK);
    assert_int_equal(total, 4);
    f.kind = "selection";
    assert_int_equal(discipline_list(w.db, &sup, &f, no_case, NULL, &total, &err), RES_OK);
    assert_int_equal(total, 4);
    f.kind = "integrity";
    assert_int_equal(discipline_list(w.db, &sup, &f, no_case, NULL, &total, &err), RES_OK);
    assert_int_equal(total, 0);
    struct arena ar;
    arena_init(&ar);
    struct discipline_case c;
    assert_int_equal(discipline_get(w.db, &c1lead, id, &ar, &c, &err), RES_NOT_FOUND);
    assert_int_equal(discipline_get(w.db, &sup, id, &ar, &c, &err), RES_OK);
    assert_string_equal(c.person, "周干事");
    arena_release(&ar);
    db_close(w.db);
}

/* The counts after a unit move, rebuilt from the records, equal those kept by the writes, and
 * those of the moved unit's new parents follow it. */
static void test_rebuild_after_move(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct actor padmin;
    actor_of(w.db, "padmin", &padmin);
    struct err err = { 0 };
    long long id;
    long long a1[] = { w.k1_person };
    static const char *const days[] = { "2026-01-05", "2026-03-05", "2026-03-05", "2026-06-30" };
    for (int i = 0; i < 4; i++) {
        struct research_input in = { i % 2 ? "K1" : "C1", "调研", a1, 1, days[i], "", NULL };
        assert_int_equal(research_add(w.db, &padmin, &in, &id, &err), RES_OK);
        if (i % 2)
            assert_int_equal(research_adopt(w.db, &padmin, id, "部务会", &err), RES_OK);
        struct discipline_input d = { i % 2 ? "K1" : "K2",
                                      i < 2 ? w.k1_person : w.k2_person,
                                      "work",
                                      "education",
                                      days[3 - i],
                                      "案情" };
        assert_int_equal(discipline_add(w.db, &padmin, &d, &id, &err), RES_OK);
    }
    struct buf kept, rebuilt;
    buf_init(&kept, 1 << 20);
    buf_init(&rebuilt, 1 << 20);
    snapshot(w.db, &kept);
    assert_int_equal(db_tx_begin(w.db), RES_OK);
    assert_int_equal(registry_tally_rebuild(w.db), RES_OK);
    assert_int_equal(db_tx_commit(w.db), RES_OK);
    snapshot(w.db, &rebuilt);
    assert_string_equal(buf_str(&kept), buf_str(&rebuilt));

    /* K1 moves under C2: C2 now counts K1's records, C1 no longer */
    assert_int_equal(tally(w.db, "C1", "research.written"), 4);
    assert_int_equal(db_tx_begin(w.db), RES_OK);
    assert_int_equal(unit_move(w.db, &w.sys, "K1", "C2", &err), RES_OK);
    assert_int_equal(registry_tally_rebuild(w.db), RES_OK);
    assert_int_equal(db_tx_commit(w.db), RES_OK);
    assert_int_equal(tally(w.db, "C1", "research.written"), 2);
    assert_int_equal(tally(w.db, "C2", "research.written"), 2);
    assert_int_equal(tally(w.db, "C2", "research.adopted"), 2);
    assert_int_equal(tally(w.db, "C2", "discipline.cases"), 2);
    assert_int_equal(tally(w.db, "P", "discipline.cases"), 4);
    assert_int_equal(tally(w.db, "P", "discipline.persons"), 2);
    /* the recount by hand: each person's first case (k1: 2026-03-05 at K1; k2: 2026-01-05 at K1) */
    assert_int_equal(tally(w.db, "C2", "discipline.persons"), 2);
    assert_int_equal(tally(w.db, "C1", "discipline.persons"), 0);
    buf_release(&kept);
    buf_release(&rebuilt);
    db_close(w.db);
}

static long long audits(struct db *db, const char *action)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM audit WHERE action = ?1");
    db_bind_text(st, 1, action);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    db_done(st);
    return n;
}

/* Opens the database file again to count audit records of action. */
static long long audits_now(const char *path, const char *action)
{
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(path, 0, &msg);
    assert_non_null(db);
    long long n = audits(db, action);
    db_close(db);
    buf_release(&msg);
    return n;
}

/* A fresh browser for login (the login page redirects a session that has one). */
static void relogin(CURL **h, const char *login)
{
    curl_easy_cleanup(*h);
    *h = client_new();
    login_as(*h, login);
}

static void test_casework_http(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    char t_k1[TOKEN_TEXT], t_c1[TOKEN_TEXT], t_sup[TOKEN_TEXT], t_lead[TOKEN_TEXT];
    add_token(w.db, "k1staff", t_k1);
    add_token(w.db, "c1admin", t_c1);
    add_token(w.db, "c1sup", t_sup);
    add_token(w.db, "c1lead", t_lead);
    db_close(w.db);
    struct server *srv = test_server_start(w.path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };
    char body[512], path[256];

    /* research over the API */
    snprintf(body, sizeof(body),
             "{\"unit\":\"K1\",\"title\":\"关于村干部报酬待遇的调研\",\"authors\":[%lld],"
             "\"day\":\"2026-07-01\",\"text\":\"调研报告正文\"}",
             w.k1_person);
    assert_int_equal(api(h, "POST", "/api/v1/research", t_k1, body, &r), 201);
    long long rid = body_int(&r, "id");
    snprintf(body, sizeof(body),
             "{\"unit\":\"K1\",\"title\":\"x\",\"authors\":[%lld],\"day\":\"2026-07-01\"}",
             w.k2_person);
    assert_int_equal(api(h, "POST", "/api/v1/research", t_k1, body, &r), 400);
    expect_error(&r, 400, "authors");
    assert_int_equal(api(h, "POST", "/api/v1/research", t_k1,
                         "{\"unit\":\"K1\",\"title\":\"x\",\"authors\":\"7\"}", &r),
                     400);
    expect_error(&r, 400, "authors");
    snprintf(path, sizeof(path), "/api/v1/research/%lld/adopted", rid);
    assert_int_equal(api(h, "POST", path, t_c1, "{\"by\":\"市委组织部部务会\"}", &r), 200);
    assert_int_equal(api(h, "POST", path, t_c1, "{\"by\":\"again\"}", &r), 409);
    snprintf(path, sizeof(path), "/api/v1/research/%lld", rid);
    assert_int_equal(api(h, "GET", path, t_c1, NULL, &r), 200);
    assert_true(body_has(&r, "调研报告正文"));
    assert_true(body_has(&r, "市委组织部部务会"));
    assert_int_equal(
        api(h, "GET", "/api/v1/research?unit=C1&subtree=1&kind=adopted", t_c1, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 1);
    assert_int_equal(
        api(h, "GET", "/api/v1/research?unit=C1&subtree=1&from=2026-08-01", t_c1, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 0);
    assert_int_equal(api(h, "GET", "/api/v1/research?unit=C1&from=2026-13-01", t_c1, NULL, &r),
                     400);
    expect_error(&r, 400, "from");
    assert_int_equal(api(h, "GET", "/api/v1/stats/registries?unit=C1", t_c1, NULL, &r), 200);
    assert_true(body_has(&r, "\"research\": {\"written\": 1, \"adopted\": 1}") ||
                body_has(&r, "\"adopted\":1"));

    /* research pages: list, detail with the adoption form, exports, create form, import */
    relogin(&h, "c1admin");
    assert_int_equal(request(h, "GET", "/research?unit=C1&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "关于村干部报酬待遇的调研"));
    assert_true(body_has(&r, "export.xlsx"));
    assert_int_equal(request(h, "GET", "/research/export.csv?unit=C1&subtree=1", NULL, NULL, 0, &r),
                     200);
    assert_true(csv_has_cell(&r, 3, "关于村干部报酬待遇的调研"));
    assert_int_equal(
        request(h, "GET", "/research/export.xlsx?unit=C1&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(r.body.len > 100 && memcmp(r.body.data, "PK", 2) == 0);
    assert_int_equal(post_form(h, "/research/new", "/research/new",
                               "unit=K1&title=&authors=1&day=2026-07-02&text=x", &r),
                     400);
    assert_true(body_has(&r, "field-error"));
    assert_true(body_has(&r, "aria-invalid"));
    assert_true(body_has(&r, "2026-07-02")); /* what was typed is kept */
    snprintf(body, sizeof(body), "unit=K1&title=%%E6%%96%%B0&authors=%lld&day=2026-07-02",
             w.k1_person);
    assert_int_equal(post_form(h, "/research/new", "/research/new", body, &r), 303);
    snprintf(path, sizeof(path), "/research/%lld", rid + 1);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "/adopted"));
    snprintf(body, sizeof(body), "by=%%E9%%83%%A8");
    char action[128];
    snprintf(action, sizeof(action), "/research/%lld/adopted", rid + 1);
    assert_int_equal(post_form(h, path, action, body, &r), 303);
    snprintf(body, sizeof(body),
             "file=unit,title,authors,day,text,adopted_by%%0AK1,%%E5%%AF%%BC,%lld,2026-07-03,x,"
             "%%0AK1,,%lld,2026-07-03,x,",
             w.k1_person, w.k1_person);
    assert_int_equal(post_form(h, "/research?unit=C1", "/research/import", body, &r), 400);
    assert_true(body_has(&r, "第3行“标题”列"));
    snprintf(body, sizeof(body),
             "file=unit,title,authors,day,text,adopted_by%%0AK1,%%E5%%AF%%BC,%lld,2026-07-03,x,",
             w.k1_person);
    assert_int_equal(post_form(h, "/research?unit=C1", "/research/import", body, &r), 303);
    assert_int_equal(api(h, "GET", "/api/v1/research?unit=C1&subtree=1", t_c1, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 3);
    /* a report sent as a file: its page links the file, which downloads as sent */
    char csrf[128], authors[32];
    assert_int_equal(request(h, "GET", "/research/new", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "enctype=\"multipart/form-data\""));
    curl_mime *mime = curl_mime_init(h);
    mime_add(mime, "csrf", csrf_in(&r, csrf, sizeof(csrf)), NULL, NULL);
    mime_add(mime, "unit", "K1", NULL, NULL);
    mime_add(mime, "title", "附件调研", NULL, NULL);
    snprintf(authors, sizeof(authors), "%lld", w.k1_person);
    mime_add(mime, "authors", authors, NULL, NULL);
    mime_add(mime, "day", "2026-07-04", NULL, NULL);
    mime_add(mime, "attachment", "调研全文", "调研报告.txt", "text/plain");
    long status = request_mime(h, "POST", "/research/new", NULL, NULL, 0, mime, &r);
    curl_mime_free(mime);
    assert_int_equal(status, 303);
    snprintf(path, sizeof(path), "/research/%lld", rid + 3);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "调研报告.txt</a>"));
    snprintf(path, sizeof(path), "/research/%lld/file", rid + 3);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "调研全文"));
    snprintf(path, sizeof(path), "/research/%lld/file", rid + 1); /* no file */
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 404);

    /* discipline: staff are refused, the supervisor records */
    snprintf(body, sizeof(body),
             "{\"unit\":\"K1\",\"person\":%lld,\"category\":\"selection\",\"handling\":"
             "\"admonition\",\"day\":\"2026-08-01\",\"summary\":\"违规操作机密\"}",
             w.k1_person);
    assert_int_equal(api(h, "POST", "/api/v1/discipline", t_k1, body, &r), 403);
    assert_int_equal(api(h, "POST", "/api/v1/discipline", t_lead, body, &r), 403);
    assert_int_equal(api(h, "POST", "/api/v1/discipline", t_sup, body, &r), 201);
    long long did = body_int(&r, "id");
    assert_int_equal(api(h, "POST", "/api/v1/discipline", t_sup,
                         "{\"unit\":\"K1\",\"person\":1,\"category\":\"x\"}", &r),
                     400);

    /* every read by staff, a leader and a unit admin: 404, never the case */
    snprintf(path, sizeof(path), "/api/v1/discipline/%lld", did);
    const char *const others[] = { t_k1, t_lead, t_c1 };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(api(h, "GET", path, others[i], NULL, &r), 404);
        assert_false(body_has(&r, "违规操作"));
        assert_int_equal(api(h, "GET", "/api/v1/discipline?unit=K1", others[i], NULL, &r), 404);
        assert_false(body_has(&r, "违规操作"));
        assert_int_equal(api(h, "GET", "/api/v1/search?q=%E6%9C%BA%E5%AF%86", others[i], NULL, &r),
                         200);
        assert_false(body_has(&r, "违规操作"));
        assert_false(body_has(&r, "discipline"));
        assert_int_equal(api(h, "GET", "/api/v1/stats/registries?unit=K1", others[i], NULL, &r),
                         200);
        assert_true(body_has(&r, "\"cases\": 1") || body_has(&r, "\"cases\":1"));
        assert_false(body_has(&r, "李干事"));
    }
    assert_int_equal(audits_now(w.path, "discipline.read"), 0);
    assert_int_equal(audits_now(w.path, "discipline.list"), 0);
    static const char *const pages[] = { "/discipline?unit=K1", "/discipline/new",
                                         "/discipline/export.csv?unit=K1",
                                         "/discipline/export.xlsx?unit=K1" };
    for (int i = 0; i < 2; i++) {
        relogin(&h, i ? "c1lead" : "k1staff");
        for (size_t k = 0; k < sizeof(pages) / sizeof(pages[0]); k++) {
            assert_int_equal(request(h, "GET", pages[k], NULL, NULL, 0, &r), 404);
            assert_false(body_has(&r, "违规操作"));
        }
        snprintf(path, sizeof(path), "/discipline/%lld", did);
        assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 404);
        assert_false(body_has(&r, "违规操作"));
        assert_int_equal(request(h, "GET", "/search?q=%E6%9C%BA%E5%AF%86", NULL, NULL, 0, &r), 200);
        assert_false(body_has(&r, "违规操作"));
        assert_int_equal(request(h, "GET", "/inbox", NULL, NULL, 0, &r), 200);
        assert_false(body_has(&r, "违规操作"));
        assert_int_equal(request(h, "GET", "/", NULL, NULL, 0, &r), 200);
        assert_false(body_has(&r, "违规操作"));
    }
    assert_int_equal(audits_now(w.path, "discipline.read"), 0);

    /* the supervisor sees it, each read audited: the case, the list, both exports */
    snprintf(path, sizeof(path), "/api/v1/discipline/%lld", did);
    assert_int_equal(api(h, "GET", path, t_sup, NULL, &r), 200);
    assert_true(body_has(&r, "违规操作机密"));
    assert_int_equal(audits_now(w.path, "discipline.read"), 1);
    assert_int_equal(api(h, "GET", "/api/v1/discipline?unit=K1", t_sup, NULL, &r), 200);
    assert_true(body_has(&r, "违规操作机密"));
    assert_int_equal(audits_now(w.path, "discipline.list"), 1);
    assert_int_equal(api(h, "GET", "/api/v1/search?q=%E6%9C%BA%E5%AF%86", t_sup, NULL, &r), 200);
    assert_false(body_has(&r, "违规操作")); /* never indexed */
    relogin(&h, "c1sup");
    assert_int_equal(request(h, "GET", "/discipline?unit=C1&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "李干事"));
    assert_int_equal(audits_now(w.path, "discipline.list"), 2);
    snprintf(path, sizeof(path), "/discipline/%lld", did);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "违规操作机密"));
    assert_int_equal(audits_now(w.path, "discipline.read"), 2);
    assert_int_equal(
        request(h, "GET", "/discipline/export.csv?unit=C1&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(csv_has_cell(&r, 8, "违规操作机密"));
    assert_int_equal(
        request(h, "GET", "/discipline/export.xlsx?unit=C1&subtree=1", NULL, NULL, 0, &r), 200);
    assert_int_equal(audits_now(w.path, "discipline.export"), 2);
    /* the same read again within a minute is covered by its record; another list, another
     * account or the same read a minute later is written again */
    assert_int_equal(request(h, "GET", "/discipline?unit=C1&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "李干事"));
    assert_int_equal(audits_now(w.path, "discipline.list"), 2);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_int_equal(audits_now(w.path, "discipline.read"), 2);
    assert_int_equal(request(h, "GET", "/discipline?unit=K1", NULL, NULL, 0, &r), 200);
    assert_int_equal(audits_now(w.path, "discipline.list"), 3);
    assert_int_equal(api(h, "GET", "/api/v1/discipline?unit=K1", t_sup, NULL, &r), 200);
    assert_int_equal(audits_now(w.path, "discipline.list"), 3);
    clock_shift(READ_WINDOW);
    assert_int_equal(api(h, "GET", "/api/v1/discipline?unit=K1", t_sup, NULL, &r), 200);
    assert_int_equal(audits_now(w.path, "discipline.list"), 4);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_int_equal(audits_now(w.path, "discipline.read"), 3);
    clock_shift(-READ_WINDOW);
    /* the supervisor's form, its error beside the field, and the import */
    assert_int_equal(request(h, "GET", "/discipline/new", NULL, NULL, 0, &r), 200);
    snprintf(body, sizeof(body),
             "unit=K1&person=%lld&category=work&handling=banish&day=2026-08-02&summary=x",
             w.k1_person);
    assert_int_equal(post_form(h, "/discipline/new", "/discipline/new", body, &r), 400);
    assert_true(body_has(&r, "field-error"));
    snprintf(body, sizeof(body),
             "unit=K1&person=%lld&category=work&handling=education&day=2026-08-02&summary=x",
             w.k1_person);
    assert_int_equal(post_form(h, "/discipline/new", "/discipline/new", body, &r), 303);
    snprintf(body, sizeof(body),
             "file=unit,person,category,handling,day,summary%%0AK1,%lld,work,education,"
             "2026-08-03,y%%0AK1,%lld,work,education,2026-08-33,z",
             w.k1_person, w.k1_person);
    assert_int_equal(post_form(h, "/discipline?unit=C1", "/discipline/import", body, &r), 400);
    assert_true(body_has(&r, "第3行“日期”列"));
    assert_int_equal(api(h, "GET", "/api/v1/stats/registries?unit=C1", t_lead, NULL, &r), 200);
    assert_true(body_has(&r, "\"cases\": 2") || body_has(&r, "\"cases\":2"));
    assert_true(body_has(&r, "\"persons\": 1") || body_has(&r, "\"persons\":1"));
    /* every create and adoption is audited, and the chain holds */
    assert_int_equal(audits_now(w.path, "discipline.create"), 2);
    assert_int_equal(audits_now(w.path, "research.adopt"), 2);
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
}

int test_casework(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_research_model, reset_clock),
        cmocka_unit_test_teardown(test_discipline_model, reset_clock),
        cmocka_unit_test_teardown(test_rebuild_after_move, reset_clock),
        cmocka_unit_test_teardown(test_casework_http, reset_clock),
    };
    return cmocka_run_group_tests_name("casework", tests, NULL, NULL);
}
