/*
 * Rules (test code; src/rules): create with its validation, revise and repeal in and out of
 * scope, the counts against a recount (and after a rebuild), the line diff, the CSV import all
 * or nothing, and the API and pages over a real server: list and filters, detail with versions
 * and diff, forms with the error beside the field, exports, upload and the public page.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "core/arena.h"
#include "core/buf.h"
#include "registry/registry.h"
#include "rules/rule.h"

/* P > C1 > K1, K2 and P > C2 > K3, with the accounts the tests act as. */
struct world {
    char path[TEST_PATH_LEN]; /* the database */
    struct db *db;            /* its connection */
    struct actor sys;         /* the command line */
};

static void world_open(struct world *w)
{
    set_today("2026-05-10");
    w->db = open_fresh(w->path);
    build_tree(w->db);
    actor_system(&w->sys);
    add_account(w->db, "P", "padmin", "省管理员", "admin");
    add_account(w->db, "K1", "k1staff", "李干事", "staff");
    add_account(w->db, "C1", "c1lead", "吴部长", "leader");
    add_account(w->db, "C1", "c1cad", "郑干部", "cadre");
    add_account(w->db, "C2", "c2staff", "王科员", "staff");
}

static int reset_clock(void **state)
{
    (void)state;
    set_today(NULL);
    return 0;
}

static long long create(struct world *w, const struct actor *who, const char *unit,
                        const char *category, const char *effective, struct err *err)
{
    const struct rule_input in = { unit,
                                   "干部选拔任用工作全程纪实办法",
                                   category,
                                   "甲组发〔2026〕3号",
                                   effective,
                                   1,
                                   "第一条 为规范干部选拔任用工作。\n第二条 自印发之日起施行。" };
    long long id = 0;
    memset(err, 0, sizeof(*err));
    enum result r = rule_create(w->db, who, &in, &id, err);
    return r == RES_OK ? id : -(long long)r;
}

/* The roll-up's count of key for unit, all days (prepared here: db_stmt keeps statements by
 * their text's address). */
static long long tally(struct world *w, const char *unit, const char *key)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(w->db->h,
                           "SELECT coalesce((SELECT n FROM registry_tally t JOIN unit u"
                           " ON u.id = t.unit_id WHERE u.code = ?1 AND t.day = '*'"
                           " AND t.key = ?2), 0)",
                           -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_validation_and_scope(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err err;
    struct actor k1, c2, cadre;
    actor_of(w.db, "k1staff", &k1);
    actor_of(w.db, "c2staff", &c2);
    actor_of(w.db, "c1cad", &cadre);
    assert_true(create(&w, &k1, "K1", "selection", "2026-03-01", &err) > 0);
    assert_int_equal(create(&w, &k1, "K1", "astrology", "2026-03-01", &err), -RES_INVALID);
    assert_string_equal(err.field, "category");
    assert_int_equal(create(&w, &k1, "K1", "internal", "2026-02-30", &err), -RES_INVALID);
    assert_string_equal(err.field, "effective");
    assert_int_equal(create(&w, &k1, "K2", "internal", "2026-02-01", &err), -RES_NOT_FOUND);
    assert_int_equal(create(&w, &cadre, "C1", "internal", "2026-02-01", &err), -RES_FORBIDDEN);
    const struct rule_input no_text = { "K1", "标题", "other", NULL, "2026-01-01", 0, "" };
    long long id;
    assert_int_equal(rule_create(w.db, &k1, &no_text, &id, &err), RES_INVALID);
    assert_string_equal(err.field, "text");

    long long rid = create(&w, &k1, "K1", "supervision", "2026-03-01", &err);
    long long v = 0;
    assert_int_equal(rule_revise(w.db, &c2, rid, "新", "2026-04-01", NULL, &v, &err),
                     RES_NOT_FOUND);
    assert_int_equal(rule_revise(w.db, &k1, rid, "新", "2026-02-01", NULL, &v, &err), RES_INVALID);
    assert_string_equal(err.field, "effective");
    assert_int_equal(
        rule_revise(w.db, &k1, rid, "第一条 新", "2026-04-01", "甲组发〔2026〕9号", &v, &err),
        RES_OK);
    assert_int_equal(v, 2);
    assert_int_equal(rule_repeal(w.db, &k1, rid, "2026-05-01", &err), RES_OK);
    assert_int_equal(rule_repeal(w.db, &k1, rid, "2026-06-01", &err), RES_CONFLICT);
    assert_int_equal(rule_revise(w.db, &k1, rid, "x", "2026-06-01", NULL, &v, &err), RES_CONFLICT);

    /* versions readable in scope, missing outside */
    struct arena ar;
    arena_init(&ar);
    struct rule ru;
    assert_int_equal(rule_get(w.db, &k1, rid, &ar, &ru, &err), RES_OK);
    assert_int_equal(ru.n_versions, 3);
    assert_string_equal(ru.versions[1].action, "revised");
    assert_string_equal(ru.versions[1].text, "第一条 新");
    assert_string_equal(ru.versions[0].doc_number, "甲组发〔2026〕3号");
    assert_string_equal(ru.versions[2].text, "");
    assert_int_equal(rule_get(w.db, &c2, rid, &ar, &ru, &err), RES_NOT_FOUND);
    arena_release(&ar);

    /* audited */
    assert_int_equal(
        db_count(w.db, "SELECT count(*) FROM audit WHERE action LIKE 'rule.%'", NULL, 0), 4);
    db_close(w.db);
}

static void list_count(void *ctx, const struct rule_row *row)
{
    (void)row;
    (*(long long *)ctx)++;
}

static void test_counts_and_list(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err err;
    long long a = create(&w, &w.sys, "K1", "selection", "2026-03-01", &err);
    create(&w, &w.sys, "K2", "internal", "2026-03-05", &err);
    create(&w, &w.sys, "C2", "internal", "2026-03-05", &err);
    long long v;
    assert_int_equal(rule_revise(w.db, &w.sys, a, "修订", "2026-09-01", NULL, &v, &err), RES_OK);
    assert_int_equal(rule_repeal(w.db, &w.sys, a, "2026-12-01", &err), RES_OK);
    assert_int_equal(tally(&w, "C1", "rules.new"), 2);
    assert_int_equal(tally(&w, "C1", "rules.revised"), 1);
    assert_int_equal(tally(&w, "C1", "rules.repealed"), 1);
    assert_int_equal(tally(&w, "C1", "rules.category.selection"), 1);
    assert_int_equal(tally(&w, "P", "rules.category.internal"), 2);
    assert_int_equal(tally(&w, "C2", "rules.revised"), 0);
    /* a period: the revision's day */
    long long n[64];
    struct unit c1;
    assert_int_equal(unit_get(w.db, &w.sys, "C1", &c1, &err), RES_OK);
    assert_int_equal(registry_sums(w.db, c1.id, "2026-09-01", "2026-09-30", n), RES_OK);
    assert_int_equal(n[1], 1);
    assert_int_equal(n[0], 0);
    /* the rebuild gives the same counts */
    assert_int_equal(registry_tally_rebuild(w.db), RES_OK);
    assert_int_equal(tally(&w, "C1", "rules.new"), 2);
    assert_int_equal(tally(&w, "C1", "rules.revised"), 1);
    assert_int_equal(tally(&w, "P", "rules.category.internal"), 2);

    /* the list: versions, narrowed by action, category and period */
    struct registry_filter f = { .unit = "C1", .subtree = 1, .limit = 50 };
    long long seen = 0, total = 0;
    assert_int_equal(rule_list(w.db, &w.sys, &f, "revised", list_count, &seen, &total, &err),
                     RES_OK);
    assert_int_equal(total, 1);
    assert_int_equal(seen, 1);
    assert_int_equal(rule_list(w.db, &w.sys, &f, NULL, list_count, &seen, &total, &err), RES_OK);
    assert_int_equal(total, 4);
    f.kind = "internal";
    assert_int_equal(rule_list(w.db, &w.sys, &f, NULL, list_count, &seen, &total, &err), RES_OK);
    assert_int_equal(total, 1);
    f.kind = NULL;
    f.from = "2026-04-01";
    assert_int_equal(rule_list(w.db, &w.sys, &f, NULL, list_count, &seen, &total, &err), RES_OK);
    assert_int_equal(total, 2);
    assert_int_equal(rule_list(w.db, &w.sys, &f, "enacted", list_count, &seen, &total, &err),
                     RES_INVALID);
    assert_string_equal(err.field, "action");
    struct actor c2;
    actor_of(w.db, "c2staff", &c2);
    assert_int_equal(rule_list(w.db, &c2, &f, NULL, list_count, &seen, &total, &err),
                     RES_NOT_FOUND);
    /* the list by unit and day goes through the index */
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(w.db->h,
                           "EXPLAIN QUERY PLAN SELECT 1 FROM unit u JOIN rule_version v"
                           " ON v.unit_id = u.id JOIN rule r ON r.id = v.rule_id"
                           " WHERE u.path >= '/' AND u.path < '0' AND v.effective"
                           " >= '2026' AND v.effective <= '2027'",
                           -1, &st, NULL),
        SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *detail = (const char *)sqlite3_column_text(st, 3);
        assert_null(strstr(detail, "SCAN v"));
        assert_null(strstr(detail, "SCAN r"));
    }
    sqlite3_finalize(st);
    db_close(w.db);
}

static void diff_line(void *ctx, enum rule_diff_op op, const char *line, size_t len)
{
    static const char mark[] = { ' ', '-', '+' };
    buf_addf(ctx, "%c%.*s|", mark[op], (int)len, line);
}

static void test_diff(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1024);
    assert_int_equal(rule_diff("a\nb\nc\nd", "a\nc\nx\nd\ne", diff_line, &b), 0);
    assert_string_equal(buf_str(&b), " a|-b| c|+x| d|+e|");
    buf_reset(&b);
    assert_int_equal(rule_diff("", "一\n二\n", diff_line, &b), 0);
    assert_string_equal(buf_str(&b), "+一|+二|");
    buf_reset(&b);
    assert_int_equal(rule_diff("同\r\n", "同\n", diff_line, &b), 0);
    assert_string_equal(buf_str(&b), " 同|");
    /* past 2,000 lines: refused, nothing reported */
    buf_reset(&b);
    struct buf big;
    buf_init(&big, 1 << 16);
    for (int i = 0; i < 2001; i++)
        buf_addf(&big, "%d\n", i);
    assert_int_equal(rule_diff(buf_str(&big), "x", diff_line, &b), -1);
    assert_int_equal(b.len, 0);
    buf_release(&big);
    buf_release(&b);
}

/* The bad lines an import reported. */
struct bad_lines {
    int n;             /* how many */
    int line[8];       /* their numbers */
    char field[8][16]; /* the fields named */
};

static void on_bad(void *ctx, int line, const struct err *e)
{
    struct bad_lines *b = ctx;
    if (b->n < 8) {
        b->line[b->n] = line;
        snprintf(b->field[b->n], sizeof(b->field[0]), "%s", e->field ? e->field : "");
        b->n++;
    }
}

static void test_import(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct actor k1;
    actor_of(w.db, "k1staff", &k1);
    static const char bad[] = "unit,title,category,doc_number,effective,public,text\n"
                              "K1,好,selection,,2026-01-01,1,x\n"
                              "K2,外单位,selection,,2026-01-01,1,x\n"
                              "K1,坏,selection,,2026-01-01,maybe,x\n"
                              "K1,坏日,other,,2026-13-01,0,x\n";
    struct bad_lines b = { 0 };
    struct import_report rep = { .fn = on_bad, .ctx = &b };
    long long n = -1;
    assert_int_equal(rule_import(w.db, &k1, bad, sizeof(bad) - 1, &n, &rep), RES_INVALID);
    assert_int_equal(n, 0);
    assert_int_equal(b.n, 3);
    assert_int_equal(b.line[0], 3);
    assert_string_equal(b.field[0], "unit");
    assert_int_equal(b.line[1], 4);
    assert_string_equal(b.field[1], "public");
    assert_int_equal(b.line[2], 5);
    assert_string_equal(b.field[2], "effective");
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM rule", NULL, 0), 0);
    assert_int_equal(tally(&w, "K1", "rules.new"), 0);
    static const char good[] =
        "unit,title,category,doc_number,effective,public,text\n"
        "K1,甲,selection,甲组发〔2026〕1号,2026-01-01,1,\"第一条,一\n第二条\"\n"
        "K1,乙,other,,2026-01-01,0,x\n"
        "C1,丙,internal,,2026-02-01,,x\n";
    struct actor c1;
    actor_of(w.db, "c1lead", &c1);
    assert_int_equal(rule_import(w.db, &c1, good, sizeof(good) - 1, &n, &rep), RES_OK);
    assert_int_equal(n, 3);
    assert_int_equal(tally(&w, "C1", "rules.new"), 3);
    assert_int_equal(tally(&w, "K1", "rules.new"), 2);
    assert_int_equal(tally(&w, "P", "rules.category.selection"), 1);
    assert_int_equal(db_count(w.db,
                              "SELECT count(*) FROM rule_version WHERE text ="
                              " '第一条,一\n第二条'",
                              NULL, 0),
                     1);
    /* one record for the import names the run of rules it created */
    assert_int_equal(
        db_count(w.db, "SELECT count(*) FROM audit WHERE action = 'rule.import'", NULL, 0), 1);
    assert_int_equal(db_count(w.db,
                              "SELECT json_extract(after, '$.last') -"
                              " json_extract(after, '$.first') FROM audit"
                              " WHERE action = 'rule.import'",
                              NULL, -1),
                     2);
    assert_int_equal(db_count(w.db,
                              "SELECT count(*) FROM rule r JOIN audit a ON a.action = 'rule.import'"
                              " AND r.id BETWEEN json_extract(a.after, '$.first') AND"
                              " json_extract(a.after, '$.last')",
                              NULL, 0),
                     3);
    db_close(w.db);
}

static void test_pages_and_api(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    char t_k1[TOKEN_TEXT], t_c2[TOKEN_TEXT], t_lead[TOKEN_TEXT];
    add_token(w.db, "k1staff", t_k1);
    add_token(w.db, "c2staff", t_c2);
    add_token(w.db, "c1lead", t_lead);
    db_close(w.db);
    struct server *srv = test_server_start(w.path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };

    /* create, with the errors naming their field */
    assert_int_equal(api(h, "POST", "/api/v1/rules", t_k1,
                         "{\"unit\":\"K1\",\"title\":\"x\",\"category\":\"astrology\","
                         "\"effective\":\"2026-03-01\",\"text\":\"x\"}",
                         &r),
                     400);
    expect_error(&r, 400, "category");
    assert_int_equal(api(h, "POST", "/api/v1/rules", t_k1,
                         "{\"unit\":\"K2\",\"title\":\"x\",\"category\":\"other\","
                         "\"effective\":\"2026-03-01\",\"text\":\"x\"}",
                         &r),
                     404);
    assert_int_equal(api(h, "POST", "/api/v1/rules", t_k1,
                         "{\"unit\":\"K1\",\"title\":\"干部选拔任用工作全程纪实办法\",\"category\":"
                         "\"selection\",\"effective\":\"2026-03-01\",\"public\":true,\"text\":"
                         "\"第一条 为规范干部选拔任用工作\\n第二条 <b>施行</b>\",\"doc_number\":"
                         "\"甲组发〔2026〕3号\"}",
                         &r),
                     201);
    long long id = body_int(&r, "id");
    char path[256], page[256];
    snprintf(path, sizeof(path), "/api/v1/rules/%lld/revise", id);
    assert_int_equal(api(h, "POST", path, t_k1,
                         "{\"text\":\"第一条 为进一步规范干部选拔任用工作(修订)\\n第二条 "
                         "<b>施行</b>\",\"effective\":\"2026-09-01\"}",
                         &r),
                     201);
    assert_int_equal(body_int(&r, "version"), 2);
    assert_int_equal(
        api(h, "POST", path, t_c2, "{\"text\":\"x\",\"effective\":\"2026-10-01\"}", &r), 404);
    snprintf(path, sizeof(path), "/api/v1/rules/%lld", id);
    assert_int_equal(api(h, "GET", path, t_k1, NULL, &r), 200);
    json_t *doc = body_json(&r);
    assert_int_equal(json_array_size(json_object_get(doc, "versions")), 2);
    json_decref(doc);
    assert_int_equal(api(h, "GET", path, t_c2, NULL, &r), 404);
    assert_int_equal(
        api(h, "GET", "/api/v1/rules?unit=C1&subtree=1&action=revised", t_lead, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 1);
    assert_int_equal(
        api(h, "GET", "/api/v1/rules?unit=C1&subtree=1&category=astrology", t_lead, NULL, &r), 400);
    expect_error(&r, 400, "category");
    assert_int_equal(
        api(h, "GET", "/api/v1/rules?unit=C1&subtree=1&category=selection", t_lead, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 2);
    assert_int_equal(api(h, "GET", "/api/v1/rules?unit=C2", t_lead, NULL, &r), 404);

    /* the pages: list, detail with both texts and the diff, the forms */
    login_as(h, "k1staff");
    assert_int_equal(request(h, "GET", "/rules?unit=C1&subtree=1", NULL, NULL, 0, &r), 404);
    assert_int_equal(request(h, "GET", "/rules?unit=K1&action=revised", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "干部选拔任用工作全程纪实办法"));
    assert_true(body_has(&r, "/rules/export.xlsx?action=revised&amp;unit=K1"));
    snprintf(page, sizeof(page), "/rules/%lld?a=1&b=2", id);
    assert_int_equal(request(h, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<del>- 第一条 为规范干部选拔任用工作</del>"));
    assert_true(body_has(&r, "<ins>+ 第一条 为进一步规范干部选拔任用工作(修订)</ins>"));
    assert_true(body_has(&r, "  第二条 &lt;b&gt;施行&lt;/b&gt;"));
    assert_false(body_has(&r, "<b>施行"));
    assert_true(body_has(&r, "甲组发〔2026〕3号"));
    snprintf(page, sizeof(page), "/rules/%lld?a=1&b=9", id);
    assert_int_equal(request(h, "GET", page, NULL, NULL, 0, &r), 400);
    snprintf(page, sizeof(page), "/rules/%lld", id);
    snprintf(path, sizeof(path), "/rules/%lld/revise", id);
    assert_int_equal(post_form(h, page, path, "effective=2026-01-01&text=x", &r), 400);
    assert_int_equal(
        post_form(h, page, path, "effective=2026-10-01&text=%E7%AC%AC%E4%B8%89%E7%89%88", &r), 303);
    snprintf(path, sizeof(path), "/rules/%lld/repeal", id);
    assert_int_equal(post_form(h, page, path, "effective=2026-12-01", &r), 303);
    assert_int_equal(request(h, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "第三版"));
    assert_false(body_has(&r, "/repeal\""));
    /* the create form keeps what was typed and shows the error beside the field */
    assert_int_equal(request(h, "GET", "/rules/new", NULL, NULL, 0, &r), 200);
    assert_int_equal(
        post_form(h, "/rules/new", "/rules",
                  "unit=K1&title=%E5%86%85%E9%83%A8%E5%88%B6%E5%BA%A6&category=internal"
                  "&effective=2026-02-30&text=x&public=1",
                  &r),
        400);
    assert_true(body_has(&r, "value=\"内部制度\""));
    assert_true(body_has(&r, "name=\"effective\" value=\"2026-02-30\" required aria-invalid"));
    assert_true(body_has(&r, "field-error"));
    assert_int_equal(
        post_form(h, "/rules/new", "/rules",
                  "unit=K1&title=%E5%86%85%E9%83%A8%E5%88%B6%E5%BA%A6&category=internal"
                  "&effective=2026-02-03&text=%E5%86%85%E9%83%A8&public=1",
                  &r),
        303);
    /* exports */
    assert_int_equal(request(h, "GET", "/rules/export.csv?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(csv_has_cell(&r, 3, "内部制度"));
    assert_true(csv_has_cell(&r, 7, "废止"));
    assert_int_equal(request(h, "GET", "/rules/export.xlsx?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(r.body.len > 100 && memcmp(r.body.data, "PK", 2) == 0);
    /* the upload, all or nothing */
    char csrf[128];
    for (int ok = 0; ok < 2; ok++) {
        assert_int_equal(request(h, "GET", "/rules", NULL, NULL, 0, &r), 200);
        curl_mime *mime = curl_mime_init(h);
        mime_add(mime, "csrf", csrf_in(&r, csrf, sizeof(csrf)), NULL, NULL);
        mime_add(mime, "file",
                 ok ? "unit,title,category,doc_number,effective,public,text\n"
                      "K1,上传制度,other,甲组发〔2026〕1号,2026-04-01,1,正文\n"
                    : "unit,title,category,doc_number,effective,public,text\n"
                      "K1,上传制度,other,,2026-04-31,1,正文\n",
                 "rules.csv", "text/csv");
        long status = request_mime(h, "POST", "/rules/import", NULL, NULL, 0, mime, &r);
        curl_mime_free(mime);
        assert_int_equal(status, ok ? 303 : 400);
        if (!ok)
            assert_true(body_has(&r, "rules.csv 第2行“施行日期”列")); /* as the sheet shows it */
    }
    /* as Excel and WPS save CSV on Chinese Windows, in GB18030, headed in Chinese (单位,标题...)
     * with values in Chinese (其他, 是) and a date as 2026/4/2; a broken .xls is refused naming
     * the kind of file */
    static const char *const saved[] = {
        "\xB5\xA5\xCE\xBB,\xB1\xEA\xCC\xE2,\xC0\xE0\xB1\xF0,\xCE\xC4\xBA\xC5,"
        "\xCA\xA9\xD0\xD0\xC8\xD5\xC6\xDA,\xCA\xC7\xB7\xF1\xB9\xAB\xBF\xAA,\xD5\xFD\xCE\xC4\n"
        "K1,\xB9\xFA\xB1\xEA\xD6\xC6\xB6\xC8,\xC6\xE4\xCB\xFB,,2026/4/2,\xCA\xC7,"
        "\xD5\xFD\xCE\xC4\n",
        "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an old workbook",
    };
    for (int i = 0; i < 2; i++) {
        assert_int_equal(request(h, "GET", "/rules", NULL, NULL, 0, &r), 200);
        curl_mime *mime = curl_mime_init(h);
        mime_add(mime, "csrf", csrf_in(&r, csrf, sizeof(csrf)), NULL, NULL);
        mime_add(mime, "file", saved[i], i ? "rules.xls" : "rules.csv", "text/csv");
        long status = request_mime(h, "POST", "/rules/import", NULL, NULL, 0, mime, &r);
        curl_mime_free(mime);
        assert_int_equal(status, i ? 400 : 303);
        if (i)
            assert_true(body_has(&r, "Excel 97-2003(.xls)"));
    }
    assert_int_equal(request(h, "GET", "/rules?unit=K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "上传制度"));
    assert_true(body_has(&r, "国标制度"));
    assert_true(body_has(&r, "2026-04-02"));

    /* a revision under a new document number: the public page shows the number in force */
    struct db *d = db_open(w.path, 0, NULL);
    assert_non_null(d);
    long long up = db_count(d, "SELECT id FROM rule WHERE title = ?1", "上传制度", 0);
    db_close(d);
    snprintf(page, sizeof(page), "/rules/%lld", up);
    snprintf(path, sizeof(path), "/rules/%lld/revise", up);
    assert_int_equal(post_form(h, page, path,
                               "effective=2026-05-01&text=x&doc_number=%E7%94%B2%E7%BB%84%E5%8F%91"
                               "%E3%80%942026%E3%80%955%E5%8F%B7",
                               &r),
                     303);

    /* the public page, without login: public rules only, the text readable */
    CURL *anon = client_new();
    assert_int_equal(request(anon, "GET", "/rules/public/K1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "内部制度"));
    assert_true(body_has(&r, "上传制度"));
    assert_true(body_has(&r, "甲组发〔2026〕5号"));
    assert_false(body_has(&r, "甲组发〔2026〕1号"));
    assert_false(body_has(&r, "全程纪实办法")); /* repealed */
    assert_int_equal(request(anon, "GET", "/rules/public/NOPE", NULL, NULL, 0, &r), 404);
    assert_int_equal(request(anon, "GET", "/rules", NULL, NULL, 0, &r), 303);
    curl_easy_cleanup(anon);
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
}

/* Migration 38 rebuilds the rules' tables with their list checks written as comparisons: the
 * rules and their versions come through whole, a bad category is still refused, and an insert
 * builds no temporary index any more. */
static void test_checks_migration(void **state)
{
    (void)state;
    static const char fixture[] =
        "INSERT INTO unit(id, code, name, kind, path, depth) VALUES (1, 'P', 'P', 'province',"
        " '/00000001/', 0);"
        "INSERT INTO rule(id, unit_id, title, category, public, created)"
        " VALUES (7, 1, '干部选拔任用工作规定', 'selection', 1, '2026-01-02');"
        "INSERT INTO rule_version(id, rule_id, unit_id, version, action, effective, doc_number,"
        " text) VALUES (3, 7, 1, 1, 'new', '2026-01-05', '组发〔2026〕1号', '第一条'),"
        " (4, 7, 1, 2, 'revised', '2026-03-01', '', '第一条 修订')";
    struct db *db = test_open_migrated(37, fixture);
    struct actor sys;
    actor_system(&sys);
    struct arena arena;
    arena_init(&arena);
    struct rule r;
    struct err e = { 0 };
    assert_int_equal(rule_get(db, &sys, 7, &arena, &r, &e), RES_OK);
    assert_string_equal(r.title, "干部选拔任用工作规定");
    assert_string_equal(r.category, "selection");
    assert_int_equal(r.public, 1);
    assert_int_equal(r.n_versions, 2);
    assert_string_equal(r.versions[0].doc_number, "组发〔2026〕1号");
    assert_string_equal(r.versions[1].action, "revised");
    assert_string_equal(r.versions[1].text, "第一条 修订");
    arena_release(&arena);
    assert_int_not_equal(db_exec(db, "INSERT INTO rule(unit_id, title, category, created)"
                                     " VALUES (1, 'x', 'bogus', '2026-01-01')"),
                         0);
    assert_int_equal(db_count(db, "SELECT count(*) FROM pragma_foreign_key_check", NULL, -1), 0);
    static const char *const inserts[] = {
        "INSERT INTO rule(unit_id, title, category, created) VALUES (1, 'x', 'other', '')",
        "INSERT INTO rule_version(rule_id, unit_id, version, action, effective)"
        " VALUES (7, 1, 3, 'repealed', '')",
    };
    for (size_t i = 0; i < 2; i++)
        if (test_builds_temp_index(db, inserts[i]))
            fail_msg("%s opens a temporary index", inserts[i]);
    db_close(db);
}

int test_rules(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_validation_and_scope, reset_clock),
        cmocka_unit_test_teardown(test_counts_and_list, reset_clock),
        cmocka_unit_test(test_diff),
        cmocka_unit_test(test_checks_migration),
        cmocka_unit_test_teardown(test_import, reset_clock),
        cmocka_unit_test_teardown(test_pages_and_api, reset_clock),
    };
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
