/*
 * Essay contests (test code; src/contest): creation's checks (reviewers of the organizing unit,
 * quotas, period), submissions from units below, blind scores by reviewers only, awards by mean
 * into the quotas with a tie at a quota's edge left undecided and then decided, the flags, the
 * roll-up counts against a rebuild from the records, and the API and pages over a real server
 * (the reviewer's page shows no author; list, filter, exports, the create form's error, import).
 */
#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "contest/contest.h"
#include "registry/registry.h"

/* P > C1 > K1, K2 and P > C2 > K3, with the accounts the tests act as. */
struct world {
    char path[TEST_PATH_LEN];
    struct db *db;
    struct actor sys;                  /* the command line */
    struct actor padmin, prev, c1lead; /* P's admin and reviewer, C1's leader */
    long long k1_person, k2_person, k3_person;
};

static void world_open(struct world *w)
{
    set_today("2026-05-10");
    w->db = open_fresh(w->path);
    build_tree(w->db);
    actor_system(&w->sys);
    add_account(w->db, "P", "padmin", "省管理员", "admin");
    add_account(w->db, "P", "prev", "评委甲", "staff");
    add_account(w->db, "C1", "c1lead", "吴部长", "leader");
    w->k1_person = add_account(w->db, "K1", "k1staff", "李干事", "staff");
    w->k2_person = add_account(w->db, "K2", "k2staff", "张干事", "staff");
    w->k3_person = add_account(w->db, "K3", "k3staff", "赵干事", "staff");
    actor_of(w->db, "padmin", &w->padmin);
    actor_of(w->db, "prev", &w->prev);
    actor_of(w->db, "c1lead", &w->c1lead);
}

static int reset_clock(void **state)
{
    (void)state;
    set_today(NULL);
    return 0;
}

static enum result run(struct world *w, struct contest_job *job)
{
    memset(&job->err, 0, sizeof(job->err));
    job->out = NULL;
    return contest_run(w->db, job);
}

static long long make_contest(struct world *w, long long q1, long long q2, long long q3,
                              const char *const *reviewers, size_t n)
{
    struct contest_job j = { .who = &w->padmin, .op = CONTEST_CREATE };
    j.c = (struct contest_input){
        "P", "树形象征文", "2026-03-01", "2026-10-31", { q1, q2, q3 }, reviewers, n
    };
    assert_int_equal(run(w, &j), RES_OK);
    return j.id;
}

static long long submit(struct world *w, const struct actor *who, long long contest,
                        const char *unit, long long author, const char *title)
{
    struct contest_job j = { .who = who, .op = CONTEST_SUBMIT, .id = contest };
    j.e = (struct essay_input){ unit, title, author, "正文", NULL };
    assert_int_equal(run(w, &j), RES_OK);
    return j.id;
}

static enum result score(struct world *w, const struct actor *who, long long essay, long long s)
{
    struct contest_job j = { .who = who, .op = CONTEST_SCORE, .id = essay, .score = s };
    return run(w, &j);
}

static void test_create_and_submit(void **state)
{
    (void)state;
    struct world w = { 0 };
    world_open(&w);
    const char *const bad[] = { "c1lead" }, *const good[] = { "padmin", "prev" };
    struct contest_job j = { .who = &w.padmin, .op = CONTEST_CREATE };
    j.c = (struct contest_input){ "P", "征文", "2026-03-01", "2026-10-31", { 1, 1, 1 }, bad, 1 };
    assert_int_equal(run(&w, &j), RES_INVALID);
    assert_string_equal(j.err.field, "reviewers");
    j.c.reviewers = good;
    j.c.n_reviewers = 2;
    j.c.quota[1] = -1;
    assert_int_equal(run(&w, &j), RES_INVALID);
    assert_string_equal(j.err.field, "quotas");
    j.c.quota[1] = 1;
    j.c.to = "2026-02-30";
    assert_int_equal(run(&w, &j), RES_INVALID);
    assert_string_equal(j.err.field, "to");
    j.c.to = "2026-10-31";
    j.who = &w.c1lead; /* P is not in C1's scope */
    assert_int_equal(run(&w, &j), RES_NOT_FOUND);
    long long c = make_contest(&w, 1, 1, 1, good, 2);

    /* essays come from units below, with an author in the submitter's scope */
    struct contest_job s = { .who = &w.padmin, .op = CONTEST_SUBMIT, .id = c };
    s.e = (struct essay_input){ "P", "x", w.k1_person, "正文", NULL };
    assert_int_equal(run(&w, &s), RES_INVALID);
    assert_string_equal(s.err.field, "unit");
    s.who = &w.c1lead;
    s.e.unit = "K1";
    s.e.author = w.k3_person;
    assert_int_equal(run(&w, &s), RES_INVALID);
    assert_string_equal(s.err.field, "author");
    s.e.title = "";
    s.e.author = w.k1_person;
    assert_int_equal(run(&w, &s), RES_INVALID);
    assert_string_equal(s.err.field, "title");
    long long e = submit(&w, &w.c1lead, c, "K1", w.k1_person, "做公道正派的组工干部");

    /* scores: reviewers only, 0..100, a second replaces the first */
    assert_int_equal(score(&w, &w.c1lead, e, 90), RES_FORBIDDEN);
    assert_int_equal(score(&w, &w.prev, e, 101), RES_INVALID);
    assert_int_equal(score(&w, &w.prev, e, 60), RES_OK);
    assert_int_equal(score(&w, &w.prev, e, 70), RES_OK);

    /* blind: the reviewer sees no author, only its own score; C1's leader sees its essay */
    json_t *doc = NULL;
    struct err err = { 0 };
    assert_int_equal(contest_get(w.db, &w.prev, c, &doc, &err), RES_OK);
    json_t *e0 = json_array_get(json_object_get(doc, "essays"), 0);
    assert_null(json_object_get(e0, "author"));
    assert_null(json_object_get(e0, "unit"));
    assert_null(json_object_get(e0, "mean"));
    assert_int_equal(json_integer_value(json_object_get(e0, "my_score")), 70);
    json_decref(doc);
    assert_int_equal(contest_get(w.db, &w.padmin, c, &doc, &err), RES_OK);
    e0 = json_array_get(json_object_get(doc, "essays"), 0);
    assert_null(json_object_get(e0, "author")); /* padmin reviews too */
    assert_null(json_object_get(e0, "mean"));   /* padmin has not scored yet */
    json_decref(doc);
    assert_int_equal(contest_get(w.db, &w.c1lead, c, &doc, &err), RES_OK);
    e0 = json_array_get(json_object_get(doc, "essays"), 0);
    assert_string_equal(json_string_value(json_object_get(e0, "author_name")), "李干事");
    assert_null(json_object_get(e0, "my_score"));
    json_decref(doc);
    /* the command line organizes without reviewing: it sees authors before the awards */
    assert_int_equal(contest_get(w.db, &w.sys, c, &doc, &err), RES_OK);
    e0 = json_array_get(json_object_get(doc, "essays"), 0);
    assert_string_equal(json_string_value(json_object_get(e0, "unit")), "K1");
    json_decref(doc);
    db_close(w.db);
}

/* The tier of essay in an award answer, "" when none. */
static const char *tier_of(json_t *out, long long essay)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(out, "awards"), i,
                       a) if (json_integer_value(json_object_get(a, "essay")) ==
                              essay) return json_string_value(json_object_get(a, "tier"));
    return "";
}

static int tied(json_t *out, long long essay)
{
    size_t i, k;
    json_t *t, *id;
    json_array_foreach(json_object_get(out, "ties"), i, t) json_array_foreach(
        json_object_get(t, "essays"), k, id) if (json_integer_value(id) == essay) return 1;
    return 0;
}

static long long count_of(struct world *w, const char *unit, const char *key)
{
    long long n[64];
    assert_true(registry_n_keys <= 64);
    struct unit u;
    assert_int_equal(unit_get(w->db, &w->sys, unit, &u, NULL), RES_OK);
    assert_int_equal(registry_sums(w->db, u.id, NULL, NULL, n), RES_OK);
    for (size_t i = 0; i < registry_n_keys; i++)
        if (strcmp(registry_keys[i], key) == 0)
            return n[i];
    fail_msg("no key %s", key);
    return -1;
}

static void test_awards_and_ties(void **state)
{
    (void)state;
    struct world w = { 0 };
    world_open(&w);
    const char *const revs[] = { "padmin", "prev" };
    long long c = make_contest(&w, 1, 2, 1, revs, 2);
    /* sums: 180, 160, 150, 150, 150, 100: first e[0]; second e[1] and one of three tied at 150
     * (the second's edge falls inside them); the third's place is theirs too */
    static const long long sums[] = { 180, 160, 150, 150, 150, 100 };
    long long e[6];
    for (int i = 0; i < 6; i++) {
        char title[32];
        snprintf(title, sizeof(title), "征文%d", i);
        e[i] = submit(&w, i % 2 ? &w.c1lead : &w.padmin, c, i % 2 ? "K1" : "K3",
                      i % 2 ? w.k1_person : w.k3_person, title);
        assert_int_equal(score(&w, &w.padmin, e[i], sums[i] / 2), RES_OK);
    }
    struct contest_job a = { .who = &w.padmin, .op = CONTEST_AWARD, .id = c };
    assert_int_equal(run(&w, &a), RES_CONFLICT); /* prev has scored nothing */
    for (int i = 0; i < 5; i++)
        assert_int_equal(score(&w, &w.prev, e[i], sums[i] - sums[i] / 2), RES_OK);
    assert_int_equal(run(&w, &a), RES_CONFLICT); /* one essay still lacks prev's score */
    assert_int_equal(score(&w, &w.prev, e[5], 50), RES_OK);
    struct contest_job other = { .who = &w.c1lead, .op = CONTEST_AWARD, .id = c };
    assert_int_equal(run(&w, &other), RES_FORBIDDEN); /* C1 sees P's contest, does not organize */
    assert_int_equal(run(&w, &a), RES_OK);
    assert_string_equal(tier_of(a.out, e[0]), "first");
    assert_string_equal(tier_of(a.out, e[1]), "second");
    for (int i = 2; i < 5; i++) {
        assert_true(tied(a.out, e[i]));
        assert_string_equal(tier_of(a.out, e[i]), "");
    }
    assert_false(tied(a.out, e[5]));
    assert_string_equal(tier_of(a.out, e[5]), "");
    json_decref(a.out);
    assert_int_equal(run(&w, &a), RES_CONFLICT); /* a second run */
    assert_int_equal(score(&w, &w.prev, e[0], 10), RES_CONFLICT);

    /* the organizer decides the tied places within the quotas */
    struct contest_job d = { .who = &w.padmin, .op = CONTEST_DECIDE, .id = e[2], .text = "gold" };
    assert_int_equal(run(&w, &d), RES_INVALID);
    d.text = "first"; /* the one first prize is taken */
    assert_int_equal(run(&w, &d), RES_CONFLICT);
    d.text = "second";
    assert_int_equal(run(&w, &d), RES_OK);
    d.id = e[3];
    assert_int_equal(run(&w, &d), RES_CONFLICT); /* two seconds given */
    d.text = "third";
    assert_int_equal(run(&w, &d), RES_OK);
    d.id = e[4];
    d.text = "none";
    assert_int_equal(run(&w, &d), RES_OK);
    d.id = e[0];
    assert_int_equal(run(&w, &d), RES_CONFLICT); /* not tied */

    /* flags, counted once */
    struct contest_job f = {
        .who = &w.padmin, .op = CONTEST_PUBLISHED, .id = e[0], .text = "专刊"
    };
    assert_int_equal(run(&w, &f), RES_OK);
    assert_int_equal(run(&w, &f), RES_OK);
    f.op = CONTEST_INSTRUCTED;
    f.text = "";
    assert_int_equal(run(&w, &f), RES_INVALID);
    assert_string_equal(f.err.field, "by");
    f.text = "部领导";
    assert_int_equal(run(&w, &f), RES_OK);
    f.who = &w.c1lead; /* sees K1's essay, not K3's; organizes neither */
    assert_int_equal(run(&w, &f), RES_NOT_FOUND);
    f.id = e[1];
    assert_int_equal(run(&w, &f), RES_FORBIDDEN);

    /* counts, and the same after a rebuild from the records */
    static const char *const keys[] = {
        "essays.submitted", "essays.first",     "essays.second",
        "essays.third",     "essays.published", "essays.instructed"
    };
    static const long long at_p[] = { 6, 1, 2, 1, 1, 1 };
    long long before[6];
    for (int i = 0; i < 6; i++) {
        before[i] = count_of(&w, "P", keys[i]);
        assert_int_equal(before[i], at_p[i]);
    }
    assert_int_equal(count_of(&w, "K1", "essays.submitted"), 3);
    assert_int_equal(count_of(&w, "C2", "essays.first"), 1);
    assert_int_equal(db_tx_begin(w.db), RES_OK);
    assert_int_equal(registry_tally_rebuild(w.db), RES_OK);
    assert_int_equal(db_tx_commit(w.db), RES_OK);
    for (int i = 0; i < 6; i++)
        assert_int_equal(count_of(&w, "P", keys[i]), before[i]);
    assert_int_equal(count_of(&w, "K1", "essays.submitted"), 3);

    /* after the awards the reviewers see authors and means */
    json_t *doc = NULL;
    struct err err = { 0 };
    assert_int_equal(contest_get(w.db, &w.prev, c, &doc, &err), RES_OK);
    json_t *e0 = json_array_get(json_object_get(doc, "essays"), 0);
    assert_non_null(json_object_get(e0, "author"));
    json_decref(doc);
    db_close(w.db);
}

static void test_pages_and_api(void **state)
{
    (void)state;
    struct world w = { 0 };
    world_open(&w);
    char t_admin[TOKEN_TEXT], t_prev[TOKEN_TEXT], t_k1[TOKEN_TEXT], t_k3[TOKEN_TEXT];
    add_token(w.db, "padmin", t_admin);
    add_token(w.db, "prev", t_prev);
    add_token(w.db, "k1staff", t_k1);
    add_token(w.db, "k3staff", t_k3);
    db_close(w.db);
    struct server *srv = test_server_start(w.path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };
    assert_int_equal(
        api(h, "POST", "/api/v1/contests", t_admin,
            "{\"unit\":\"P\",\"title\":\"树形象征文\",\"from\":\"2026-03-01\","
            "\"to\":\"2026-10-31\",\"quotas\":{\"first\":1},\"reviewers\":[\"k1staff\"]}",
            &r),
        400);
    expect_error(&r, 400, "reviewers");
    assert_int_equal(api(h, "POST", "/api/v1/contests", t_admin,
                         "{\"unit\":\"P\",\"title\":\"树形象征文\",\"from\":\"2026-03-01\","
                         "\"to\":\"2026-10-31\",\"quotas\":{\"first\":1,\"second\":1},"
                         "\"reviewers\":[\"prev\"]}",
                         &r),
                     201);
    long long c = body_int(&r, "id");
    char path[256], body[512];
    snprintf(path, sizeof(path), "/api/v1/contests/%lld/essays", c);
    snprintf(body, sizeof(body),
             "{\"unit\":\"K1\",\"title\":\"在基层一线树形象\",\"author\":%lld,\"text\":\"正文一\"}",
             w.k1_person);
    assert_int_equal(api(h, "POST", path, t_k1, body, &r), 201);
    long long e1 = body_int(&r, "id");
    snprintf(body, sizeof(body),
             "{\"unit\":\"K3\",\"title\":\"丙县征文\",\"author\":%lld,\"text\":\"正文二\"}",
             w.k3_person);
    assert_int_equal(api(h, "POST", path, t_k3, body, &r), 201);

    /* K3 does not see K1's essay; the reviewer sees no author */
    snprintf(path, sizeof(path), "/api/v1/contests/%lld", c);
    assert_int_equal(api(h, "GET", path, t_k3, NULL, &r), 200);
    assert_false(body_has(&r, "在基层一线树形象"));
    assert_true(body_has(&r, "丙县征文"));
    assert_int_equal(api(h, "GET", path, t_prev, NULL, &r), 200);
    assert_true(body_has(&r, "在基层一线树形象"));
    assert_false(body_has(&r, "李干事"));
    assert_false(body_has(&r, "甲县"));
    snprintf(path, sizeof(path), "/api/v1/essays/%lld/score", e1);
    assert_int_equal(api(h, "POST", path, t_k3, "{\"score\":90}", &r), 404);
    assert_int_equal(api(h, "POST", path, t_prev, "{\"score\":101}", &r), 400);
    expect_error(&r, 400, "score");
    assert_int_equal(api(h, "POST", path, t_prev, "{\"score\":90}", &r), 200);
    snprintf(path, sizeof(path), "/api/v1/contests/%lld/awards", c);
    assert_int_equal(api(h, "POST", path, t_admin, "{}", &r), 409);

    /* list and filter */
    assert_int_equal(
        api(h, "GET", "/api/v1/contests?unit=P&subtree=1&from=2026-01-01", t_admin, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 1);
    assert_int_equal(api(h, "GET", "/api/v1/contests?unit=P&from=2026-06-01", t_admin, NULL, &r),
                     200);
    assert_int_equal(body_int(&r, "total"), 0);
    assert_int_equal(api(h, "GET", "/api/v1/contests?unit=C1", t_k3, NULL, &r), 404);
    /* a county lists the province's contest its essays go up to, and narrows by its state */
    assert_int_equal(api(h, "GET", "/api/v1/contests?unit=K3", t_k3, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 1);
    assert_true(body_has(&r, "树形象征文"));
    assert_int_equal(api(h, "GET", "/api/v1/contests?unit=K3&kind=awarded", t_k3, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 0);
    assert_int_equal(api(h, "GET", "/api/v1/contests?unit=K3&kind=open", t_k3, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 1);
    assert_int_equal(api(h, "GET", "/api/v1/contests?unit=K3&kind=x", t_k3, NULL, &r), 400);
    expect_error(&r, 400, "kind");

    /* pages: the reviewer's blind page, scoring through it */
    login_as(h, "prev");
    snprintf(path, sizeof(path), "/contests/%lld/review", c);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "丙县征文"));
    assert_false(body_has(&r, "赵干事"));
    assert_false(body_has(&r, "丙县委组织部"));
    char action[64];
    snprintf(action, sizeof(action), "/essays/%lld/score", e1 + 1);
    assert_int_equal(post_form(h, path, action, "score=80", &r), 303);
    snprintf(path, sizeof(path), "/contests/%lld", c);
    assert_int_equal(request(h, "GET", path, NULL, NULL, 0, &r), 200);

    /* a submitter's page form: the error beside its field with the text kept, then an essay */
    CURL *hk = client_new();
    login_as(hk, "k1staff");
    assert_int_equal(request(hk, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "name=\"author\""));
    snprintf(action, sizeof(action), "/contests/%lld/essays", c);
    snprintf(body, sizeof(body), "unit=K1&title=&author=%lld&text=%%E8%%8D%%89%%E7%%A8%%BF",
             w.k1_person);
    assert_int_equal(post_form(hk, path, action, body, &r), 400);
    assert_true(body_has(&r, "name=\"title\" value=\"\" required aria-invalid"));
    assert_true(body_has(&r, "草稿</textarea>"));
    /* the third essay comes as a file, without text */
    char csrf[128], author[32];
    assert_int_equal(request(hk, "GET", path, NULL, NULL, 0, &r), 200);
    curl_mime *mime = curl_mime_init(hk);
    mime_add(mime, "csrf", csrf_in(&r, csrf, sizeof(csrf)), NULL, NULL);
    mime_add(mime, "unit", "K1", NULL, NULL);
    mime_add(mime, "title", "第三篇", NULL, NULL);
    snprintf(author, sizeof(author), "%lld", w.k1_person);
    mime_add(mime, "author", author, NULL, NULL);
    mime_add(mime, "attachment", "征文全文", "李干事的征文.txt", "text/plain");
    long status = request_mime(hk, "POST", action, NULL, NULL, 0, mime, &r);
    curl_mime_free(mime);
    assert_int_equal(status, 303);
    /* its submitter downloads it as sent; the blind reviewer by its number only */
    snprintf(action, sizeof(action), "/essays/%lld/file", e1 + 2);
    assert_int_equal(request(hk, "GET", action, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "征文全文"));
    assert_true(strstr(buf_str(&r.head), "%E6%9D%8E") != NULL); /* 李, percent-encoded */
    curl_easy_cleanup(hk);
    assert_int_equal(request(h, "GET", action, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "征文全文"));
    assert_true(strstr(buf_str(&r.head), "essay-3.txt") != NULL);
    assert_true(strstr(buf_str(&r.head), "%E6%9D%8E") == NULL);
    snprintf(action, sizeof(action), "/contests/%lld/review", c);
    assert_int_equal(request(h, "GET", action, NULL, NULL, 0, &r), 200);
    snprintf(action, sizeof(action), "href=\"/essays/%lld/file\"", e1 + 2);
    assert_true(body_has(&r, action));
    snprintf(action, sizeof(action), "/api/v1/essays/%lld/score", e1 + 2);
    assert_int_equal(api(h, "POST", action, t_prev, "{\"score\":70}", &r), 200);

    /* the organizer's pages: awards, list, exports, the form's error, import */
    CURL *ha = client_new();
    login_as(ha, "padmin");
    snprintf(action, sizeof(action), "/contests/%lld/awards", c);
    assert_int_equal(post_form(ha, path, action, "", &r), 303);
    assert_int_equal(request(ha, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "李干事"));
    assert_true(body_has(&r, "一等奖"));
    snprintf(action, sizeof(action), "/essays/%lld/published", e1);
    assert_int_equal(post_form(ha, path, action, "where=%E7%AE%80%E6%8A%A5", &r), 303);
    snprintf(action, sizeof(action), "/essays/%lld/instructed", e1);
    assert_int_equal(post_form(ha, path, action, "by=", &r), 400);
    assert_int_equal(request(ha, "GET", path, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "简报"));
    assert_int_equal(request(ha, "GET", "/contests?unit=P&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "树形象征文"));
    assert_int_equal(request(ha, "GET", "/contests/export.csv?unit=P&subtree=1", NULL, NULL, 0, &r),
                     200);
    assert_true(csv_has_cell(&r, 2, "在基层一线树形象"));
    assert_true(csv_has_cell(&r, 4, "李干事"));
    assert_int_equal(
        request(ha, "GET", "/contests/export.xlsx?unit=P&subtree=1", NULL, NULL, 0, &r), 200);
    assert_true(r.body.len > 100 && memcmp(r.body.data, "PK", 2) == 0);
    assert_int_equal(request(ha, "GET", "/contests/new", NULL, NULL, 0, &r), 200);
    assert_int_equal(post_form(ha, "/contests/new", "/contests",
                               "unit=P&title=x&from=2026-01-01&to=2026-12-31&quotas=1&q_second=0"
                               "&q_third=0&reviewers=k1staff",
                               &r),
                     400);
    assert_true(body_has(&r, "不是主办单位的账号"));
    assert_true(body_has(&r, "aria-invalid"));
    assert_int_equal(
        post_form(ha, "/contests/new", "/contests",
                  "unit=P&title=%E7%AC%AC%E4%BA%8C%E5%B1%8A&from=2026-01-01&"
                  "to=2026-12-31&quotas=1&q_second=0&q_third=0&reviewers=padmin%EF%BC%8Cprev",
                  &r),
        303);
    snprintf(body, sizeof(body),
             "file=contest,unit,title,author,text%%0A%lld,K1,%%E5%%AF%%BC%%E5%%85%%A5,%lld,x",
             c + 1, w.k1_person);
    assert_int_equal(post_form(ha, "/contests", "/contests/import", body, &r), 303);
    snprintf(body, sizeof(body), "file=contest,unit,title,author,text%%0A%lld,P,x,%lld,x", c + 1,
             w.k1_person);
    assert_int_equal(post_form(ha, "/contests", "/contests/import", body, &r), 400);
    assert_int_equal(api(h, "GET", "/api/v1/contests?unit=P", t_admin, NULL, &r), 200);
    assert_int_equal(body_int(&r, "total"), 2);
    resp_free(&r);
    curl_easy_cleanup(h);
    curl_easy_cleanup(ha);
    server_stop(srv);
}

int test_contest(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_create_and_submit, reset_clock),
        cmocka_unit_test_teardown(test_awards_and_ties, reset_clock),
        cmocka_unit_test_teardown(test_pages_and_api, reset_clock),
    };
    return cmocka_run_group_tests_name("contests", tests, NULL, NULL);
}
