/*
 * The dashboard at "/" and the chart writer it draws with (test code): the SVG of web/chart.c
 * (bars, the line, escaping, empty and cut labels), then over real HTTP records entered through
 * the API this year and last, and the page checked against those counts, which the test knows
 * independently: the key figures and their change, the units below ranked in the table and as
 * bars, the monthly line, the red and yellow work, the open report, English, and a county's
 * view limited to its own subtree.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "web/chart.h"
#include "web/fragment.h"

/* How many times needle occurs in the first len bytes of hay (len 0: all of it). */
static int count_in(const char *hay, size_t len, const char *needle)
{
    int n = 0;
    size_t k = strlen(needle);
    const char *end = len ? hay + len : hay + strlen(hay);
    for (const char *p = strstr(hay, needle); p && p + k <= end; p = strstr(p + k, needle))
        n++;
    return n;
}

/* The text from the first occurrence of from up to the next occurrence of to after it (static
 * memory); fails the test when either is missing. */
static const char *between(const char *hay, const char *from, const char *to)
{
    static char out[1 << 16];
    const char *a = strstr(hay, from);
    if (!a)
        fail_msg("'%s' is not in the page", from);
    const char *b = strstr(a + strlen(from), to);
    if (!b)
        fail_msg("'%s' does not follow '%s'", to, from);
    size_t n = (size_t)(b - a) + strlen(to);
    assert_true(n < sizeof(out));
    memcpy(out, a, n);
    out[n] = '\0';
    return out;
}

static void test_chart_bars(void **state)
{
    (void)state;
    struct buf out;
    buf_init(&out, 1 << 16);
    const struct chart_point p[] = {
        { "甲县委组织部", 4, NULL },
        { "<b>&\"", 2, "2 items" },
        { "一二三四五六七八九十十一", 0, NULL },
        { "negative", -3, NULL },
    };
    chart_bars(&out, "逾期 <任务>", p, 4, 0);
    const char *s = buf_str(&out);
    assert_int_equal(out.err, 0);
    assert_true(strncmp(s, "<svg class=\"chart bars\" viewBox=\"0 0 480 ", 40) == 0);
    assert_non_null(strstr(s, "role=\"img\" aria-label=\"逾期 &lt;任务&gt;\""));
    assert_non_null(strstr(s, "<title>逾期 &lt;任务&gt;</title>"));
    assert_int_equal(count_in(s, 0, "<rect "), 4);
    /* the largest fills the width, the others in proportion, nothing below 0 */
    assert_non_null(strstr(s, "width=\"290\" height=\"16\""));
    assert_non_null(strstr(s, "width=\"145\" height=\"16\""));
    assert_int_equal(count_in(s, 0, "width=\"0\" height=\"16\""), 2);
    assert_non_null(strstr(s, "&lt;b&gt;&amp;&quot;"));
    assert_non_null(strstr(s, ">2 items</text>"));
    assert_null(strstr(s, "<b>"));
    /* a long label is cut at nine characters, the table names it in full */
    assert_non_null(strstr(s, ">一二三四五六七八九…</text>"));
    assert_non_null(strstr(s, "</svg>"));
    /* a given maximum: a rate per mille against 1000 */
    buf_reset(&out);
    const struct chart_point rate[] = { { "K1", 500, "50.0%" } };
    chart_bars(&out, "rate", rate, 1, 1000);
    assert_non_null(strstr(buf_str(&out), "width=\"145\" height=\"16\""));
    assert_non_null(strstr(buf_str(&out), ">50.0%</text>"));
    buf_release(&out);
}

static void test_chart_line(void **state)
{
    (void)state;
    struct buf out;
    buf_init(&out, 1 << 16);
    struct chart_point p[12];
    static const char *const months[] = { "1月", "2月", "3月", "4月",  "5月",  "6月",
                                          "7月", "8月", "9月", "10月", "11月", "12月" };
    for (int i = 0; i < 12; i++)
        p[i] = (struct chart_point){ months[i], i == 2 ? 4 : i == 5 ? 2 : 0, NULL };
    chart_line(&out, "每月", p, 12, 6);
    const char *s = buf_str(&out);
    assert_int_equal(out.err, 0);
    assert_true(strncmp(s, "<svg class=\"chart line\" viewBox=\"0 0 480 240\" role=\"img\"", 56) ==
                0);
    /* every month labelled, the six so far joined: the top at 24, 0 on the axis at 196 */
    assert_int_equal(count_in(s, 0, "月</text>"), 12);
    assert_non_null(
        strstr(s, "<polyline points=\"44,196 82,196 120,24 158,196 196,196 234,110\">"));
    assert_int_equal(count_in(s, 0, "<circle "), 6);
    assert_non_null(strstr(s, "<text class=\"axis\" x=\"38\" y=\"28\">4</text>"));
    buf_reset(&out);
    chart_line(&out, "none", p, 0, 0);
    assert_int_equal(out.len, 0);
    /* nothing drawn yet: the axes and labels, no line */
    chart_line(&out, "none", p, 12, 0);
    assert_null(strstr(buf_str(&out), "<polyline"));
    assert_int_equal(count_in(buf_str(&out), 0, "月</text>"), 12);
    buf_release(&out);
}

/* The kept parts: found by key and version only, the least recently used one replaced. */
static void test_fragment(void **state)
{
    (void)state;
    struct buf out;
    buf_init(&out, 1 << 16);
    assert_int_equal(fragment_get("a", 1, &out), 0);
    fragment_put("a", 1, "<p>A1</p>", 9);
    assert_int_equal(fragment_get("a", 2, &out), 0);
    assert_int_equal(fragment_get("b", 1, &out), 0);
    assert_int_equal(out.len, 0);
    assert_int_equal(fragment_get("a", 1, &out), 1);
    assert_string_equal(buf_str(&out), "<p>A1</p>");
    fragment_put("a", 2, "<p>A2</p>", 9); /* the same key drawn again replaces its old part */
    buf_reset(&out);
    assert_int_equal(fragment_get("a", 1, &out), 0);
    assert_int_equal(fragment_get("a", 2, &out), 1);
    assert_string_equal(buf_str(&out), "<p>A2</p>");
    /* FRAGMENT_SLOTS more keys: "a" is used last, so "k0" goes first */
    char key[16];
    for (int i = 0; i < FRAGMENT_SLOTS - 1; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        fragment_put(key, 1, key, strlen(key));
    }
    buf_reset(&out);
    assert_int_equal(fragment_get("a", 2, &out), 1);
    fragment_put("new", 1, "n", 1);
    assert_int_equal(fragment_get("k0", 1, &out), 0);
    assert_int_equal(fragment_get("k1", 1, &out), 1);
    assert_int_equal(fragment_get("a", 2, &out), 1);
    assert_int_equal(fragment_get("new", 1, &out), 1);
    /* a key too long is never kept */
    char long_key[FRAGMENT_KEY_MAX + 2];
    memset(long_key, 'x', sizeof(long_key) - 1);
    long_key[sizeof(long_key) - 1] = '\0';
    fragment_put(long_key, 1, "x", 1);
    assert_int_equal(fragment_get(long_key, 1, &out), 0);
    buf_release(&out);
}

/* One opinion through the API on today's date, targeting unit; its id. */
static long long opinion(CURL *h, const char *token, const char *unit, const char *content)
{
    char json[512];
    snprintf(json, sizeof(json),
             "{\"channel\":\"forum\",\"content\":\"%s\",\"area\":\"work\","
             "\"target_unit\":\"%s\"}",
             content, unit);
    struct resp r = { 0 };
    assert_int_equal(api(h, "POST", "/api/v1/opinions", token, json, &r), 201);
    long long id = body_int(&r, "id");
    resp_free(&r);
    return id;
}

/* One task led by unit with the deadline, through the API; its id. */
static void task(CURL *h, const char *token, const char *unit, long long leader,
                 const char *deadline)
{
    char json[512];
    snprintf(json, sizeof(json),
             "{\"title\":\"%s 的任务\",\"kind\":\"key\",\"lead_unit\":\"%s\",\"leader\":%lld,"
             "\"deadline\":\"%s\"}",
             unit, unit, leader, deadline);
    struct resp r = { 0 };
    assert_int_equal(api(h, "POST", "/api/v1/tasks", token, json, &r), 201);
    resp_free(&r);
}

struct world {
    char path[TEST_PATH_LEN];
    char token[TOKEN_TEXT]; /* c1staff's API token */
    long long report;       /* the open report's id */
};

/* The records, entered through the API on the days they happened:
 * 2025-04-10 one opinion to K1 and 2025-08-01 one to K2 (after last year's same span);
 * 2026-03-05 two to K1; 2026-06-01 a task of K1 due 06-10 and one of K2 due 06-17;
 * 2026-06-15 (today) one to K1, answered, one to K2, K2's problem with two measures, one
 * implemented, and C1's report to the counties. */
static void enter_records(struct world *w)
{
    struct db *db = open_fresh(w->path);
    build_tree(db);
    add_unit(db, "C1-O1", "一市干部科", "C1", "office");
    add_unit(db, "K1-O1", "甲县干部股", "K1", "office");
    add_account(db, "C1", "c1staff", "赵科员", "staff");
    add_account(db, "K1", "k1staff", "钱科员", "staff");
    long long k1_leader = add_account(db, "K1", "k1lead", "孙局长", "leader");
    long long k2_leader = add_account(db, "K2", "k2lead", "李局长", "leader");
    add_token(db, "c1staff", w->token);
    const char *tok = w->token;
    db_close(db);
    struct server *srv = test_server_start(w->path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    set_today("2025-04-10");
    opinion(h, tok, "K1", "去年春天的意见");
    set_today("2025-08-01");
    opinion(h, tok, "K2", "去年夏天的意见");
    set_today("2026-03-05");
    opinion(h, tok, "K1", "三月的意见一");
    opinion(h, tok, "K1", "三月的意见二");
    set_today("2026-06-01");
    task(h, tok, "K1", k1_leader, "2026-06-10");
    task(h, tok, "K2", k2_leader, "2026-06-17");
    set_today("2026-06-15");
    long long answered = opinion(h, tok, "K1", "六月的意见");
    opinion(h, tok, "K2", "乙县的意见");
    char path[128], json[512];
    struct resp r = { 0 };
    snprintf(path, sizeof(path), "/api/v1/opinions/%lld/reply", answered);
    assert_int_equal(api(h, "POST", path, tok, "{\"text\":\"已答复\"}", &r), 200);
    assert_int_equal(api(h, "POST", "/api/v1/problems", tok,
                         "{\"unit\":\"K2\",\"title\":\"办事拖拉\",\"area\":\"work\"}", &r),
                     201);
    long long problem = body_int(&r, "id");
    long long measure = 0;
    for (int i = 0; i < 2; i++) {
        snprintf(json, sizeof(json),
                 "{\"problem\":%lld,\"title\":\"措施%d\",\"owner\":%lld,"
                 "\"deadline\":\"2036-12-31\"}",
                 problem, i, k2_leader);
        assert_int_equal(api(h, "POST", "/api/v1/measures", tok, json, &r), 201);
        measure = body_int(&r, "id");
    }
    snprintf(path, sizeof(path), "/api/v1/measures/%lld/implemented", measure);
    assert_int_equal(api(h, "POST", path, tok, "{\"evidence\":\"已印发\"}", &r), 200);
    assert_int_equal(
        api(h, "POST", "/api/v1/reports", tok,
            "{\"unit\":\"C1\",\"title\":\"2026年意见征集情况统计\",\"from\":\"2026-01-01\","
            "\"to\":\"2026-12-31\",\"due\":\"2026-12-31\",\"indicators\":[\"opinion.collected\"],"
            "\"levels\":[\"county\"]}",
            &r),
        201);
    w->report = body_int(&r, "id");
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
}

static void test_dashboard_page(void **state)
{
    (void)state;
    struct world w;
    enter_records(&w);
    struct server *srv = test_server_start(w.path, 0);
    CURL *h = client_new();
    login_as(h, "c1staff");
    struct resp r = { 0 };
    assert_int_equal(request(h, "GET", "/", NULL, NULL, 0, &r), 200);
    const char *page = buf_str(&r.body);
    assert_true(body_has(&r, "<title>工作台 · "));
    assert_false(body_has(&r, "class=\"crumbs\""));
    assert_true(body_has(&r, "一市委组织部 · 本年 2026-01-01 — 2026-06-15 · 去年同期 2025-01-01 —"
                             " 2025-06-15"));
    /* this year 2 + 2 in C1's subtree, last year's same span 1 (the August one is later) */
    assert_true(body_has(&r, "<tr><td>征求到各类意见和建议</td><td class=\"num\">4</td>"
                             "<td class=\"num\">1</td><td class=\"num\">+3 (+300%)</td>"));
    assert_true(body_has(&r, "<tr><td>已答复意见</td><td class=\"num\">1</td>"
                             "<td class=\"num\">0</td><td class=\"num\">+1</td>"));
    assert_true(body_has(&r, "<tr><td>制定整改措施</td><td class=\"num\">2</td>"
                             "<td class=\"num\">0</td><td class=\"num\">+2</td>"));
    assert_true(body_has(&r, "<tr><td>已落实整改措施</td><td class=\"num\">1</td>"));
    assert_true(body_has(&r, "<tr><td>新建规章制度</td><td class=\"num\">0</td>"
                             "<td class=\"num\">0</td><td class=\"num\">0</td>"));
    /* the overdue tasks count what is open today: no change against last year */
    assert_true(body_has(&r, "<tr><td>逾期未办结任务（当前）</td><td class=\"num\">1</td>"
                             "<td class=\"num\">—</td><td class=\"num\">—</td>"));
    /* red and yellow: K1's task is past its deadline, K2's due in two days */
    const char *work = between(page, "<ul class=\"work\">", "</ul>");
    assert_non_null(strstr(work, "逾期未办结任务 <b>1</b> 项 <a href=\"/tasks?unit=C1&amp;"
                                 "subtree=1&amp;state=overdue\">"));
    assert_non_null(strstr(work, "临近时限任务 <b>1</b> 项 <a href=\"/tasks?unit=C1&amp;"
                                 "subtree=1&amp;state=due_soon\">"));
    /* the units below ranked: K1 (1 overdue, 2 unanswered, no measures) before K2 */
    const char *table = between(page, "<th>单位</th>", "</table>");
    const char *k1 = strstr(table, "<td class=\"num\">1</td><td><a href=\"/?unit=K1\">"
                                   "甲县委组织部</a></td><td class=\"num\">1</td>"
                                   "<td class=\"num\">2</td><td class=\"num\">0 / 0</td>"
                                   "<td class=\"num\">—</td>");
    const char *k2 = strstr(table, "<td class=\"num\">2</td><td><a href=\"/?unit=K2\">"
                                   "乙县委组织部</a></td><td class=\"num\">0</td>"
                                   "<td class=\"num\">1</td><td class=\"num\">1 / 2</td>"
                                   "<td class=\"num\">50.0%</td>");
    assert_non_null(k1);
    assert_non_null(k2);
    assert_true(k1 < k2);
    /* C1's own office is not ranked against the counties */
    assert_false(body_has(&r, "一市干部科"));
    /* three bar charts, each one bar per unit below, worst first */
    assert_int_equal(count_in(page, 0, "<svg class=\"chart bars\""), 3);
    const char *bars = between(page, "<svg class=\"chart bars\"", "</svg>");
    assert_int_equal(count_in(bars, 0, "<rect "), 2);
    assert_non_null(strstr(bars, "role=\"img\" aria-label=\"各单位逾期未办结任务（项）\""));
    assert_true(strstr(bars, "甲县委组织部") < strstr(bars, "乙县委组织部"));
    const char *rates =
        between(strstr(page, "各单位整改措施落实率</figcaption>"), "<svg", "</svg>");
    assert_int_equal(count_in(rates, 0, "<rect "), 2);
    assert_non_null(strstr(rates, ">50.0%</text>"));
    assert_true(strstr(rates, "乙县委组织部") < strstr(rates, "甲县委组织部"));
    /* the months: March 2, June 2, a line through January to June */
    const char *line = between(page, "<svg class=\"chart line\"", "</svg>");
    assert_non_null(strstr(line, "<polyline points=\"44,196 82,196 120,24 158,196 196,196 "
                                 "234,24\">"));
    assert_int_equal(count_in(line, 0, "<circle "), 6);
    assert_true(body_has(&r, "<th>征求到各类意见和建议（条）</th><td class=\"num\">0</td>"
                             "<td class=\"num\">0</td><td class=\"num\">2</td>"
                             "<td class=\"num\">0</td><td class=\"num\">0</td>"
                             "<td class=\"num\">2</td></tr>"));
    /* the open report, its two counties ready to submit */
    char link[128];
    snprintf(link, sizeof(link), "<a href=\"/reports/%lld\">2026年意见征集情况统计</a>", w.report);
    assert_true(body_has(&r, link));
    assert_true(body_has(&r, "<td>未报 2</td><td class=\"num\">0 / 2</td>"));
    resp_free(&r);
    /* the page is kept per thread until the database changes: a new opinion shows at once */
    assert_int_equal(request(h, "GET", "/", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<tr><td>征求到各类意见和建议</td><td class=\"num\">4</td>"));
    resp_free(&r);
    opinion(h, w.token, "K2", "又一条意见");
    assert_int_equal(request(h, "GET", "/", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<tr><td>征求到各类意见和建议</td><td class=\"num\">5</td>"
                             "<td class=\"num\">1</td><td class=\"num\">+4 (+400%)</td>"));
    assert_true(body_has(&r, "<td class=\"num\">2</td><td><a href=\"/?unit=K2\">"
                             "乙县委组织部</a></td><td class=\"num\">0</td>"
                             "<td class=\"num\">2</td>"));
    resp_free(&r);
    /* a unit below, through the ranking's link; one out of scope is missing */
    assert_int_equal(request(h, "GET", "/?unit=K2", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<tr><td>征求到各类意见和建议</td><td class=\"num\">2</td>"
                             "<td class=\"num\">0</td><td class=\"num\">+2</td>"));
    assert_true(body_has(&r, "<p class=\"muted\">没有下级单位。</p>"));
    assert_true(body_has(&r, "<p class=\"crumbs\"><a href=\"/\">返回本单位工作台</a></p>"));
    assert_false(body_has(&r, "<svg class=\"chart bars\""));
    resp_free(&r);
    assert_int_equal(request(h, "GET", "/?unit=C2", NULL, NULL, 0, &r), 404);
    resp_free(&r);

    /* English under the language switch */
    assert_int_equal(request(h, "GET", "/lang?to=en", NULL, NULL, 0, &r), 303);
    resp_free(&r);
    assert_int_equal(request(h, "GET", "/", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<title>Dashboard · "));
    assert_true(body_has(&r, "<h2>Key figures this year</h2>"));
    assert_true(body_has(&r, "<tr><td>opinions and suggestions collected</td><td class=\"num\">5"
                             "</td><td class=\"num\">1</td><td class=\"num\">+4 (+400%)</td>"));
    assert_true(body_has(&r, "aria-label=\"Tasks overdue by unit\""));
    assert_true(body_has(&r, ">Jun</text>"));
    assert_true(body_has(&r, "<td>Ready to submit 2</td>"));
    assert_false(body_has(&r, "本年主要指标"));
    resp_free(&r);
    curl_easy_cleanup(h);

    /* a county sees its own subtree only */
    h = client_new();
    login_as(h, "k1staff");
    assert_int_equal(request(h, "GET", "/", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "甲县委组织部 · 本年"));
    assert_true(body_has(&r, "<tr><td>征求到各类意见和建议</td><td class=\"num\">3</td>"
                             "<td class=\"num\">1</td><td class=\"num\">+2 (+200%)</td>"));
    assert_false(body_has(&r, "乙县委组织部"));
    assert_false(body_has(&r, "一市委组织部"));
    /* offices alone below: those are ranked */
    assert_true(body_has(&r, "<a href=\"/?unit=K1-O1\">甲县干部股</a>"));
    assert_int_equal(count_in(buf_str(&r.body), 0, "<svg class=\"chart bars\""), 3);
    assert_true(body_has(&r, "<svg class=\"chart line\""));
    assert_true(body_has(&r, "<td>未报 1</td><td class=\"num\">0 / 1</td>"));
    resp_free(&r);
    assert_int_equal(request(h, "GET", "/?unit=C1", NULL, NULL, 0, &r), 404);
    resp_free(&r);
    assert_int_equal(request(h, "GET", "/?unit=K2", NULL, NULL, 0, &r), 404);
    resp_free(&r);
    /* on 29 February last year's same span ends on the 28th */
    set_today("2028-02-29");
    assert_int_equal(request(h, "GET", "/", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "本年 2028-01-01 — 2028-02-29 · 去年同期 2027-01-01 — 2027-02-28"));
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
    set_today(NULL);
}

int test_dashboard(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_bars),
        cmocka_unit_test(test_chart_line),
        cmocka_unit_test(test_fragment),
        cmocka_unit_test(test_dashboard_page),
    };
    return cmocka_run_group_tests_name("dashboard", tests, NULL, NULL);
}
