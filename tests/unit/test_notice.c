/*
 * Notices (src/task/notice.c; test code): kinds, who drafts and who signs, jurisdiction of the
 * addressees, serials at signing per department and year, return with a reason, the inboxes of
 * the addressed units and their subtrees, the migration of the old task notices, and the same
 * over HTTP: the API, the printable page, the drafting form and a leader's criticism on a task.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "task/notice.h"
#include "task/supervision.h"
#include "task/task.h"

/* P (province) with its offices PO1 and PO2, C1 (city) > K1 (county), C2 (city). */
struct nworld {
    struct db *db;
    struct actor sup; /* supervisor at PO2, the province's supervision office */
    struct actor lp;  /* leader at P */
    struct actor s1;  /* staff at PO1 */
    struct actor lc1; /* leader at C1 */
    struct actor sc1; /* supervisor at C1 */
    struct actor c1;  /* staff at C1 */
    struct actor k1;  /* staff at K1 */
    struct actor c2;  /* staff at C2 */
};

static void nactor(struct db *db, const char *unit, const char *login, const char *role,
                   struct actor *out)
{
    add_account(db, unit, login, login, role);
    actor_of(db, login, out);
}

static void nworld_open(struct nworld *w, char *path)
{
    memset(w, 0, sizeof(*w));
    w->db = open_fresh(path);
    add_unit(w->db, "P", "测试省委组织部", NULL, "province");
    add_unit(w->db, "PO1", "干部一处", "P", "office");
    add_unit(w->db, "PO2", "干部监督处", "P", "office");
    add_unit(w->db, "C1", "一市委组织部", "P", "city");
    add_unit(w->db, "K1", "甲县委组织部", "C1", "county");
    add_unit(w->db, "C2", "二市委组织部", "P", "city");
    nactor(w->db, "PO2", "sup", "supervisor", &w->sup);
    nactor(w->db, "P", "lp", "leader", &w->lp);
    nactor(w->db, "PO1", "s1", "staff", &w->s1);
    nactor(w->db, "C1", "lc1", "leader", &w->lc1);
    nactor(w->db, "C1", "sc1", "supervisor", &w->sc1);
    nactor(w->db, "C1", "c1", "staff", &w->c1);
    nactor(w->db, "K1", "k1", "staff", &w->k1);
    nactor(w->db, "C2", "c2", "staff", &w->c2);
    set_today("2036-06-01");
}

static int reset(void **state)
{
    (void)state;
    set_today(NULL);
    return 0;
}

/* Drafts a notice as who to the units in to (comma separated), expecting want; returns its id. */
static long long draft(struct db *db, const struct actor *who, const char *kind, const char *to,
                       int subtree, long long task, enum result want)
{
    char copy[256];
    snprintf(copy, sizeof(copy), "%s", to);
    const char *codes[8];
    size_t n = 0;
    for (char *p = copy; *p && n < 8;) {
        codes[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    struct notice_input in = { .kind = kind,
                               .title = "关于表扬的通报",
                               .text = "特予通报。",
                               .to = codes,
                               .n_to = n,
                               .subtree = subtree,
                               .task_id = task };
    long long id = 0;
    struct err e = { 0 };
    enum result r = notice_draft(db, who, &in, &id, &e);
    if (r != want)
        fail_msg("notice_draft %s to %s by %s: %d (%s), want %d", kind ? kind : "-", to, who->login,
                 r, e.field ? e.field : "-", want);
    return r == RES_OK ? id : 0;
}

static long long sign(struct db *db, const struct actor *who, long long id, enum result want)
{
    long long year = 0, serial = 0;
    struct err e = { 0 };
    enum result r = notice_sign(db, who, id, &year, &serial, &e);
    if (r != want)
        fail_msg("notice_sign %lld by %s: %d, want %d", id, who->login, r, want);
    return serial;
}

static void collect(void *ctx, const struct notice *n)
{
    char number[NOTICE_NUMBER_MAX];
    notice_number(number, n->year, n->serial);
    buf_addf(ctx, "%s%lld:%s:%s:%s", ((struct buf *)ctx)->len ? "," : "", n->id, n->kind, n->state,
             number);
}

/* The notices of what for who, "id:kind:state:number,..." (static memory). */
static const char *seen(struct db *db, const struct actor *who, enum notice_scope what,
                        long long id)
{
    static char out[1024];
    struct buf b;
    buf_init(&b, sizeof(out));
    notice_each(db, who, what, id, collect, &b);
    snprintf(out, sizeof(out), "%s", buf_str(&b));
    buf_release(&b);
    return out;
}

static void test_notice_drafting(void **state)
{
    (void)state;
    struct nworld w;
    nworld_open(&w, NULL);
    /* supervisors and leaders draft; other roles may not */
    assert_true(draft(w.db, &w.sup, "praise", "C1,C2", 0, 0, RES_OK) > 0);
    assert_true(draft(w.db, &w.sup, "criticism", "C1", 0, 0, RES_OK) > 0);
    assert_true(draft(w.db, &w.lp, "criticism", "PO1", 0, 0, RES_OK) > 0);
    draft(w.db, &w.s1, "praise", "C1", 0, 0, RES_FORBIDDEN);
    draft(w.db, &w.c1, "praise", "K1", 0, 0, RES_FORBIDDEN);
    /* kinds, addressees */
    draft(w.db, &w.sup, "gossip", "C1", 0, 0, RES_INVALID);
    draft(w.db, &w.sup, NULL, "C1", 0, 0, RES_INVALID);
    draft(w.db, &w.sup, "praise", "", 0, 0, RES_INVALID);
    /* the supervision office reaches its department's jurisdiction; a city's supervisor does
     * not reach the neighbouring city, nor a unit that does not exist */
    draft(w.db, &w.sc1, "praise", "K1", 0, 0, RES_OK);
    draft(w.db, &w.sc1, "praise", "C2", 0, 0, RES_NOT_FOUND);
    draft(w.db, &w.sc1, "praise", "P", 0, 0, RES_NOT_FOUND);
    draft(w.db, &w.sup, "praise", "NOPE", 0, 0, RES_NOT_FOUND);
    /* a task out of the drafter's sight */
    struct actor sys;
    actor_system(&sys);
    struct task_input t = {
        .title = "二市任务", .kind = "key", .lead_unit = "C2", .deadline = "2036-12-31"
    };
    long long task = 0;
    struct err e = { 0 };
    assert_int_equal(task_create(w.db, &sys, &t, &task, &e), RES_OK);
    draft(w.db, &w.sc1, "criticism", "K1", 0, task, RES_NOT_FOUND);
    /* the province's supervision office links a task of its department's jurisdiction */
    long long about = draft(w.db, &w.sup, "criticism", "C2", 0, task, RES_OK);
    assert_string_equal(seen(w.db, &w.sup, NOTICE_TASK, task),
                        seen(w.db, &w.sup, NOTICE_ONE, about));
    db_close(w.db);
}

static void test_notice_signing(void **state)
{
    (void)state;
    struct nworld w;
    nworld_open(&w, NULL);
    long long a = draft(w.db, &w.sup, "praise", "C1,C2", 0, 0, RES_OK);
    long long b = draft(w.db, &w.sup, "criticism", "C1", 0, 0, RES_OK);
    long long c = draft(w.db, &w.lp, "criticism", "C2", 0, 0, RES_OK);
    /* only a leader whose unit is the issuing department signs */
    sign(w.db, &w.s1, a, RES_FORBIDDEN); /* an office acts for the department, but staff do not sign */
    sign(w.db, &w.sup, a, RES_FORBIDDEN);
    sign(w.db, &w.lc1, a, RES_NOT_FOUND); /* another department: a draft is not its to see */
    sign(w.db, &w.c2, a, RES_NOT_FOUND);
    sign(w.db, &w.lp, 99999, RES_NOT_FOUND);
    /* numbered at signing, in the order signed, per department and year */
    assert_int_equal(sign(w.db, &w.lp, b, RES_OK), 1);
    assert_int_equal(sign(w.db, &w.lp, a, RES_OK), 2);
    sign(w.db, &w.lp, a, RES_CONFLICT);
    set_today("2037-01-04");
    assert_int_equal(sign(w.db, &w.lp, c, RES_OK), 1);
    long long city = draft(w.db, &w.sc1, "praise", "K1", 0, 0, RES_OK);
    sign(w.db, &w.lp, city, RES_FORBIDDEN); /* the province's leader does not sign for C1 */
    assert_int_equal(sign(w.db, &w.lc1, city, RES_OK), 1);
    /* each addressed unit gets the signed notice's message (taizhang notify); a draft none */
    char notice_path[32];
    snprintf(notice_path, sizeof(notice_path), "/notices/%lld", a);
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM outbox WHERE kind = 'notice.signed'"
                                    " AND text = '督查通报〔2036〕2号' AND path = ?1",
                              notice_path, -1),
                     db_count(w.db, "SELECT count(*) FROM notice_to nt JOIN notice n"
                                    " ON n.id = nt.notice_id WHERE n.serial = 2 AND n.year = 2036",
                              NULL, -2));
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM outbox o JOIN notice n ON o.path ="
                                    " '/notices/' || n.id WHERE n.state != 'signed'", NULL, -1),
                     0);
    char want[128];
    snprintf(want, sizeof(want), "%lld:praise:signed:督查通报〔2036〕2号", a);
    assert_string_equal(seen(w.db, &w.c2, NOTICE_ONE, a), want);

    /* returned with a reason, and then neither signed nor returned again */
    long long d = draft(w.db, &w.sup, "praise", "C1", 0, 0, RES_OK);
    struct err e = { 0 };
    assert_int_equal(notice_return(w.db, &w.lp, d, "", &e), RES_INVALID);
    assert_int_equal(notice_return(w.db, &w.sup, d, "不妥", &e), RES_FORBIDDEN);
    assert_int_equal(notice_return(w.db, &w.lp, d, "事实需核实", &e), RES_OK);
    assert_int_equal(notice_return(w.db, &w.lp, d, "再退", &e), RES_CONFLICT);
    sign(w.db, &w.lp, d, RES_CONFLICT);
    snprintf(want, sizeof(want), "%lld:praise:returned:", d);
    assert_string_equal(seen(w.db, &w.sup, NOTICE_ONE, d), want);
    assert_int_equal(
        db_count(w.db, "SELECT count(*) FROM notice WHERE reason = ?1", "事实需核实", -1), 1);
    /* every write is audited */
    assert_int_equal(
        db_count(w.db, "SELECT count(*) FROM audit WHERE object LIKE 'notice:%'", NULL, -1),
        5 + 4 + 1);
    db_close(w.db);
}

static void test_notice_inbox(void **state)
{
    (void)state;
    struct nworld w;
    nworld_open(&w, NULL);
    long long to_c1 = draft(w.db, &w.sup, "praise", "C1", 0, 0, RES_OK);
    long long below = draft(w.db, &w.sup, "criticism", "C1", 1, 0, RES_OK);
    long long to_c2 = draft(w.db, &w.sup, "praise", "C2", 0, 0, RES_OK);
    /* a draft is the issuing side's alone */
    assert_string_equal(seen(w.db, &w.c1, NOTICE_INBOX, 0), "");
    assert_string_equal(seen(w.db, &w.c1, NOTICE_ONE, to_c1), "");
    assert_string_not_equal(seen(w.db, &w.lp, NOTICE_ONE, to_c1), "");
    sign(w.db, &w.lp, to_c1, RES_OK);
    sign(w.db, &w.lp, below, RES_OK);
    sign(w.db, &w.lp, to_c2, RES_OK);
    char want[256];
    /* C1 gets both; K1 only the one sent with the subtree; C2 its own */
    snprintf(want, sizeof(want),
             "%lld:criticism:signed:督查通报〔2036〕2号,"
             "%lld:praise:signed:督查通报〔2036〕1号",
             below, to_c1);
    assert_string_equal(seen(w.db, &w.c1, NOTICE_INBOX, 0), want);
    assert_string_equal(seen(w.db, &w.lc1, NOTICE_INBOX, 0), want);
    snprintf(want, sizeof(want), "%lld:criticism:signed:督查通报〔2036〕2号", below);
    assert_string_equal(seen(w.db, &w.k1, NOTICE_INBOX, 0), want);
    assert_string_equal(seen(w.db, &w.k1, NOTICE_ONE, to_c1), "");
    snprintf(want, sizeof(want), "%lld:praise:signed:督查通报〔2036〕3号", to_c2);
    assert_string_equal(seen(w.db, &w.c2, NOTICE_INBOX, 0), want);
    assert_string_equal(seen(w.db, &w.c2, NOTICE_ONE, to_c1), "");
    /* the department issued all three: its leader and its offices see them as issued, another
     * department not */
    assert_int_equal(strlen(seen(w.db, &w.lp, NOTICE_ISSUED, 0)) > 0, 1);
    assert_int_equal(strlen(seen(w.db, &w.s1, NOTICE_ISSUED, 0)) > 0, 1);
    assert_string_equal(seen(w.db, &w.c1, NOTICE_ISSUED, 0), "");
    /* counted per kind for each addressed unit and those above it */
    struct task_stats all;
    struct err e = { 0 };
    assert_int_equal(task_stats(w.db, &w.lp, "P", &all, NULL, NULL, &e), RES_OK);
    assert_int_equal(all.notice_praises, 2);
    assert_int_equal(all.notice_criticisms, 1);
    assert_int_equal(task_stats(w.db, &w.k1, "K1", &all, NULL, NULL, &e), RES_OK);
    assert_int_equal(all.notice_praises, 0);
    assert_int_equal(all.notice_criticisms, 0);
    assert_int_equal(task_tally_rebuild(w.db), RES_OK);
    assert_int_equal(task_stats(w.db, &w.lp, "P", &all, NULL, NULL, &e), RES_OK);
    assert_int_equal(all.notice_praises, 2);
    assert_int_equal(all.notice_criticisms, 1);
    db_close(w.db);
}

/* Migration 13 moves a numbered notice on a task into the notices: signed, its serial, year and
 * id kept, criticising the task's lead unit; the task keeps its other supervision. */
static void test_notice_migration(void **state)
{
    (void)state;
    static const char fixture[] =
        "INSERT INTO unit(id, code, name, kind, parent_id, path, depth) VALUES"
        " (1, 'P', 'P', 'province', NULL, '/00000001/', 0),"
        " (2, 'PO2', 'PO2', 'office', 1, '/00000001/00000002/', 1),"
        " (3, 'C1', 'C1', 'city', 1, '/00000001/00000003/', 1);"
        "INSERT INTO task(id, depth, assigner_unit_id, lead_unit_id, kind, title, year, deadline,"
        " state, last_activity, created) VALUES"
        " (1, 0, 1, 3, 'key', '考核', 2036, '2036-05-01', 'assigned', '2036-01-01', '2036-01-01');"
        "INSERT INTO task_tally(unit_id, total, accepted, on_time, urges, notices) VALUES"
        " (1, 1, 0, 0, 1, 1), (3, 1, 0, 0, 1, 1);"
        "INSERT INTO supervision(id, task_id, unit_id, kind, text, year, serial, created) VALUES"
        " (4, 1, 2, 'urge', 'x', 2036, NULL, '2036-06-01T00:00:00'),"
        " (7, 1, 2, 'notice', '逾期通报', 2036, 3, '2036-06-03T00:00:00');";
    struct db *db = test_open_migrated(11, fixture);
    assert_int_equal(db_count(db,
                              "SELECT count(*) FROM notice n JOIN notice_to t ON t.notice_id = n.id"
                              " WHERE n.id = 7 AND n.kind = 'criticism' AND n.state = 'signed'"
                              " AND n.year = 2036 AND n.serial = 3 AND n.task_id = 1"
                              " AND n.unit_id = 2 AND n.dept_id = 1 AND t.unit_id = 3"
                              " AND n.text = '逾期通报'",
                              NULL, -1),
                     1);
    assert_int_equal(db_count(db, "SELECT count(*) FROM supervision", NULL, -1), 1);
    assert_int_equal(db_count(db, "SELECT kind = 'urge' FROM supervision WHERE id = 4", NULL, -1),
                     1);
    /* the roll-up counts it as a criticism of C1 and P */
    assert_int_equal(
        db_count(db, "SELECT sum(notice_criticisms) FROM task_tally WHERE unit_id IN (1, 3)", NULL,
                 -1),
        2);
    /* the next notice of the department follows it */
    struct actor lp, sup;
    add_account(db, "P", "lp", "lp", "leader");
    add_account(db, "PO2", "sup", "sup", "supervisor");
    actor_of(db, "lp", &lp);
    actor_of(db, "sup", &sup);
    set_today("2036-07-01");
    long long id = draft(db, &sup, "praise", "C1", 0, 0, RES_OK);
    assert_int_equal(sign(db, &lp, id, RES_OK), 4);
    set_today(NULL);
    db_close(db);
}

/* ---- over HTTP ---- */

static void test_notice_http(void **state)
{
    (void)state;
    char path[TEST_PATH_LEN];
    struct nworld w;
    nworld_open(&w, path);
    add_account(w.db, "P", "fu", "钱副部长", "leader");
    char t_sup[TOKEN_TEXT], t_lp[TOKEN_TEXT], t_s1[TOKEN_TEXT], t_lc1[TOKEN_TEXT], t_c2[TOKEN_TEXT],
        t_k1[TOKEN_TEXT], t_c1[TOKEN_TEXT];
    add_token(w.db, "sup", t_sup);
    add_token(w.db, "fu", t_lp);
    add_token(w.db, "s1", t_s1);
    add_token(w.db, "lc1", t_lc1);
    add_token(w.db, "c2", t_c2);
    add_token(w.db, "k1", t_k1);
    add_token(w.db, "c1", t_c1);
    struct actor sys;
    actor_system(&sys);
    struct task_input t = {
        .title = "完善考核办法", .kind = "key", .lead_unit = "C1", .deadline = "2036-12-31"
    };
    long long task = 0;
    struct err e = { 0 };
    assert_int_equal(task_create(w.db, &sys, &t, &task, &e), RES_OK);
    db_close(w.db);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        fail();
    struct server *srv = test_server_start(path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };
    const char *body = "{\"kind\":\"praise\",\"title\":\"关于表扬一市、二市的通报\",\"text\":\"特予"
                       "通报表扬。\",\"to\":[\"C1\",\"C2\"]}";
    api(h, "POST", "/api/v1/notices", t_s1, body, &r);
    expect_error(&r, 403, NULL);
    api(h, "POST", "/api/v1/notices", t_sup,
        "{\"kind\":\"gossip\",\"title\":\"x\",\"text\":\"x\",\"to\":[\"C1\"]}", &r);
    expect_error(&r, 400, "kind");
    api(h, "POST", "/api/v1/notices", t_lc1,
        "{\"kind\":\"praise\",\"title\":\"x\",\"text\":\"x\",\"to\":[\"C2\"]}", &r);
    expect_error(&r, 404, "to");
    assert_int_equal(api(h, "POST", "/api/v1/notices", t_sup, body, &r), 201);
    assert_true(body_has(&r, "\"state\":\"draft\""));
    long long id = body_int(&r, "id");
    char url[128];
    snprintf(url, sizeof(url), "/api/v1/notices/%lld/sign", id);
    api(h, "POST", url, t_sup, "{}", &r);
    expect_error(&r, 403, NULL);
    api(h, "POST", url, t_lc1, "{}", &r);
    expect_error(&r, 404, NULL);
    assert_int_equal(api(h, "POST", url, t_lp, "{}", &r), 200);
    assert_true(body_has(&r, "\"serial\":\"督查通报〔2036〕1号\""));
    api(h, "POST", url, t_lp, "{}", &r);
    expect_error(&r, 409, NULL);
    /* each addressed unit lists it; K1 (not addressed) does not; C1 is out of C2's scope */
    assert_int_equal(api(h, "GET", "/api/v1/notices?unit=C2", t_c2, NULL, &r), 200);
    assert_true(body_has(&r, "关于表扬一市、二市的通报"));
    assert_true(body_has(&r, "督查通报〔2036〕1号"));
    assert_int_equal(api(h, "GET", "/api/v1/notices?unit=C1", t_c1, NULL, &r), 200);
    assert_true(body_has(&r, "关于表扬一市、二市的通报"));
    assert_int_equal(api(h, "GET", "/api/v1/notices?unit=K1", t_k1, NULL, &r), 200);
    assert_false(body_has(&r, "关于表扬"));
    api(h, "GET", "/api/v1/notices?unit=C1", t_c2, NULL, &r);
    expect_error(&r, 404, "unit");
    /* the printable page: issuer, number, title, addressees, text, date, signer */
    snprintf(url, sizeof(url), "/notices/%lld", id);
    assert_int_equal(request(h, "GET", url, t_c2, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<h1>测试省委组织部</h1><p class=\"docno\">督查通报〔2036〕1号</p>"));
    assert_true(body_has(&r, "<p class=\"to\">一市委组织部、二市委组织部:</p>"));
    assert_true(body_has(&r, "特予通报表扬。"));
    assert_true(body_has(&r, "2036年6月1日"));
    assert_true(body_has(&r, "签发人:钱副部长"));
    assert_true(body_has(&r, "/static/print.css"));
    assert_false(body_has(&r, "<nav"));
    assert_int_equal(request(h, "GET", url, t_k1, NULL, 0, &r), 404);
    /* return with a reason */
    assert_int_equal(api(h, "POST", "/api/v1/notices", t_sup, body, &r), 201);
    snprintf(url, sizeof(url), "/api/v1/notices/%lld/return", body_int(&r, "id"));
    api(h, "POST", url, t_lp, "{}", &r);
    expect_error(&r, 400, "reason");
    assert_int_equal(api(h, "POST", url, t_lp, "{\"reason\":\"请核实\"}", &r), 200);
    /* a leader criticises on a task; a staff member may not */
    snprintf(url, sizeof(url), "/api/v1/tasks/%lld/supervision", task);
    assert_int_equal(
        api(h, "POST", url, t_lc1, "{\"kind\":\"criticism\",\"text\":\"进度滞后,提出批评\"}", &r),
        201);
    api(h, "POST", url, t_c1, "{\"kind\":\"criticism\",\"text\":\"x\"}", &r);
    expect_error(&r, 403, NULL);
    /* the form: a supervisor drafts with the subtree, the leader signs on the page */
    CURL *s = client_new(), *l = client_new();
    login_as(s, "sup");
    assert_int_equal(request(s, "GET", "/notices", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<option value=\"K1\">"));
    assert_int_equal(post_form(s, "/notices", "/notices",
                               "kind=criticism&title=批评通报&text=予以批评&to=C1&subtree=1", &r),
                     303);
    login_as(l, "fu");
    assert_int_equal(request(l, "GET", "/notices", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "批评通报"));
    assert_int_equal(api(h, "GET", "/api/v1/notices?unit=P", t_lp, NULL, &r), 200);
    json_t *doc = body_json(&r);
    long long drafted = json_integer_value(
        json_object_get(json_array_get(json_object_get(doc, "notices"), 0), "id"));
    json_decref(doc);
    snprintf(url, sizeof(url), "/notices/%lld", drafted);
    char action[64];
    snprintf(action, sizeof(action), "/notices/%lld/sign", drafted);
    assert_int_equal(post_form(l, url, action, "", &r), 303);
    /* K1 gets the notice sent with the subtree in its inbox */
    CURL *k = client_new();
    login_as(k, "k1");
    assert_int_equal(request(k, "GET", "/inbox", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "批评通报"));
    assert_true(body_has(&r, "督查通报〔2036〕2号"));
    assert_false(body_has(&r, "关于表扬一市"));
    resp_free(&r);
    curl_easy_cleanup(h);
    curl_easy_cleanup(s);
    curl_easy_cleanup(l);
    curl_easy_cleanup(k);
    server_stop(srv);
}

int test_notice(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_notice_drafting, reset),
        cmocka_unit_test_teardown(test_notice_signing, reset),
        cmocka_unit_test_teardown(test_notice_inbox, reset),
        cmocka_unit_test_teardown(test_notice_migration, reset),
        cmocka_unit_test_teardown(test_notice_http, reset),
    };
    return cmocka_run_group_tests_name("notice", tests, NULL, NULL);
}
