/*
 * Tests of learning (src/learning; DESIGN.md mechanism 6): the random draw against the
 * composition rules, grading of every question kind, the time window and limit with a shifted
 * clock, autosave then reload, statistics and item statistics against a hand-computed fixture,
 * scope, refusals that change nothing, the question import formats and training classes, on
 * real SQLite files through the model API; then the exam API over real loopback HTTP.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"

#include "auth/account.h"
#include "auth/scope.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/xlsx.h"
#include "db/db.h"
#include "http/http.h"
#include "learning/exam.h"
#include "learning/question.h"
#include "learning/training.h"
#include "person/person.h"
#include "routes.h"
#include "unit/unit.h"
#include "web/export.h"

enum { N_BANK = 10 };

/* ---- the world: a small province with examinees ---- */

struct world {
    struct db *db;              /* the store */
    char path[512];             /* its file */
    struct actor sys;           /* the command line */
    struct actor admin;         /* admin at P */
    struct actor c1;            /* staff at C1 */
    struct actor k1a, k1b, k1c; /* staff at K1 */
    struct actor k2a, k2b, k2c; /* cadres at K2 */
    struct actor c2a;           /* cadre at C2 */
    long long person_k1a;       /* person of k1a */
    long long person_c2a;       /* person of c2a */
};

static long shifted; /* seconds the tests moved clock_time(), undone by teardown */

static void shift(long seconds)
{
    clock_shift(seconds);
    shifted += seconds;
}

static int reset_clock(void **state)
{
    (void)state;
    clock_shift(-shifted);
    shifted = 0;
    return 0;
}

static void unit_of(struct db *db, const char *code, const char *parent, const char *kind)
{
    struct actor sys;
    actor_system(&sys);
    struct unit_input in = { code, code, parent, kind };
    struct err e = { 0 };
    long long id;
    if (unit_add(db, &sys, &in, &id, &e) != RES_OK)
        fail_msg("unit_add %s: %s", code, e.msg);
}

/* Adds a person with an account and loads its actor; returns the person id. */
static long long user(struct db *db, const char *unit, const char *login, const char *role,
                      struct actor *out)
{
    struct actor sys;
    actor_system(&sys);
    struct person_input pin = { .unit_code = unit, .name = login, .position = "科员" };
    struct err e = { 0 };
    long long person = 0, account = 0;
    assert_int_equal(person_add(db, &sys, &pin, &person, &e), RES_OK);
    struct account_input ain = { .login = login, .person_id = person, .role = role,
                                 .password_hash = pw_hash() };
    if (account_add(db, &sys, &ain, &account, &e) != RES_OK)
        fail_msg("account_add %s: %s", login, e.msg);
    assert_int_equal(account_actor(db, account, out), RES_OK);
    return person;
}

static void world_open(struct world *w)
{
    memset(w, 0, sizeof(*w));
    snprintf(w->path, sizeof(w->path), "%s", test_tmp_db());
    struct buf msg;
    buf_init(&msg, 1024);
    w->db = db_open(w->path, DB_F_CREATE, &msg);
    buf_release(&msg);
    assert_non_null(w->db);
    actor_system(&w->sys);
    unit_of(w->db, "P", NULL, "province");
    unit_of(w->db, "C1", "P", "city");
    unit_of(w->db, "K1", "C1", "county");
    unit_of(w->db, "K2", "C1", "county");
    unit_of(w->db, "C2", "P", "city");
    user(w->db, "P", "admin", "admin", &w->admin);
    user(w->db, "C1", "c1", "staff", &w->c1);
    w->person_k1a = user(w->db, "K1", "k1a", "staff", &w->k1a);
    user(w->db, "K1", "k1b", "staff", &w->k1b);
    user(w->db, "K1", "k1c", "staff", &w->k1c);
    user(w->db, "K2", "k2a", "cadre", &w->k2a);
    user(w->db, "K2", "k2b", "cadre", &w->k2b);
    user(w->db, "K2", "k2c", "cadre", &w->k2c);
    w->person_c2a = user(w->db, "C2", "c2a", "cadre", &w->c2a);
}

static void world_close(struct world *w)
{
    db_close(w->db);
    w->db = NULL;
}

/* Runs a write job the way the single writer does: inside a transaction, rolled back when it
 * fails. */
static enum result run_job(struct db *db, db_job_fn fn, void *arg)
{
    assert_int_equal(db_tx_begin(db), RES_OK);
    enum result r = fn(db, arg);
    if (r == RES_OK)
        assert_int_equal(db_tx_commit(db), RES_OK);
    else
        db_tx_rollback(db);
    return r;
}

static long long n_rows(struct db *db, const char *sql)
{
    return db_count(db, sql, NULL, -1);
}

/* Everything a refusal must leave alone, as text. */
static char *snapshot(struct db *db)
{
    static const char *const sql[] = {
        "SELECT group_concat(sitting_id || ':' || question_id || ':' || coalesce(choice, '-')"
        " || ':' || coalesce(credit, '-'), ',') FROM sitting_item",
        "SELECT group_concat(id || ':' || state || ':' || coalesce(score, '-'), ',') FROM sitting",
        "SELECT count(*) || ':' || max(id) FROM audit",
        "SELECT count(*) FROM question",
    };
    struct buf b;
    buf_init(&b, 1 << 22);
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
        sqlite3_stmt *st = db_stmt(db, sql[i]);
        assert_non_null(st);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        buf_addf(&b, "%s|", db_col_text(st, 0));
        db_done(st);
    }
    return buf_detach(&b, NULL);
}

static void expect_unchanged(struct db *db, const char *before, const char *what)
{
    char *now = snapshot(db);
    if (strcmp(before, now) != 0)
        fail_msg("%s changed the store", what);
    free(now);
}

/* ---- helpers: bank and exams ---- */

/* Adds a single-choice question with options 选项0..选项3, the right one 选项right. */
static long long add_single(struct db *db, const struct actor *who, const char *category,
                            long long difficulty, const char *text, int right)
{
    struct question_input in = { .kind = "single",
                                 .category = category,
                                 .difficulty = difficulty,
                                 .text = text,
                                 .options = { "选项0", "选项1", "选项2", "选项3" },
                                 .n_options = 4,
                                 .answer = { right },
                                 .n_answer = 1 };
    struct err e = { 0 };
    long long id = 0;
    if (question_add(db, who, &in, &id, &e) != RES_OK)
        fail_msg("question_add: %s %s", e.field ? e.field : "", e.msg);
    return id;
}

static long long make_exam(struct db *db, const struct actor *who, const char *examinees,
                           const struct exam_rule *rules, size_t n_rules, int partial,
                           long long sittings)
{
    struct exam_input in = { .unit = "P",
                             .title = "应知应会测试",
                             .examinee_unit = examinees,
                             .rules = rules,
                             .n_rules = n_rules,
                             .minutes = 30,
                             .opens = "2020-01-01T00:00:00",
                             .closes = "2099-01-01T00:00:00",
                             .pass_score = 60,
                             .sittings = sittings,
                             .partial = partial };
    struct exam_create_job job = { .who = who, .in = in };
    if (run_job(db, exam_create_job, &job) != RES_OK)
        fail_msg("exam_create: %s %s %s", job.err.field ? job.err.field : "", job.err.msg,
                 job.err.detail);
    return job.id;
}

/* Starts (or resumes) the actor's sitting; returns the model's result. */
static enum result start(struct db *db, const struct actor *who, long long exam,
                         struct exam_draw *d)
{
    memset(d, 0, sizeof(*d));
    d->who = who;
    d->exam_id = exam;
    d->now = clock_time();
    enum result r = exam_draw(db, d);
    if (r == RES_OK && !d->resume)
        r = run_job(db, exam_start_job, d);
    return r;
}

/* A copy of a paper for the test to look at. */
struct seen_paper {
    int n;                                                      /* questions */
    long long qid[EXAM_QUESTIONS_MAX];                          /* in order */
    char options[EXAM_QUESTIONS_MAX][QUESTION_OPTIONS_MAX][16]; /* texts as shown */
    int n_options[EXAM_QUESTIONS_MAX];                          /* per question */
    unsigned choice[EXAM_QUESTIONS_MAX];                        /* saved, shown positions */
    unsigned right[EXAM_QUESTIONS_MAX];                         /* revealed right options */
    double credit[EXAM_QUESTIONS_MAX];                          /* graded credit */
    char state[12];                                             /* sitting state */
    double score;                                               /* score or -1 */
    int reveal;                                                 /* answers shown */
};

static void on_paper(void *ctx, const struct paper *p)
{
    struct seen_paper *s = ctx;
    memset(s, 0, sizeof(*s));
    s->n = p->n_items;
    snprintf(s->state, sizeof(s->state), "%s", p->state);
    s->score = p->score;
    s->reveal = p->reveal;
    for (int i = 0; i < p->n_items; i++) {
        s->qid[i] = p->items[i].question_id;
        s->n_options[i] = p->items[i].n_options;
        s->choice[i] = p->items[i].choice;
        s->right[i] = p->items[i].right;
        s->credit[i] = p->items[i].credit;
        for (int j = 0; j < p->items[i].n_options; j++)
            snprintf(s->options[i][j], sizeof(s->options[i][j]), "%s", p->items[i].options[j]);
    }
}

static void paper_of(struct db *db, const struct actor *who, long long exam, struct seen_paper *s)
{
    assert_int_equal(exam_paper(db, who, exam, clock_time(), on_paper, s), RES_OK);
}

/* The shown position of the option with that text on question i. */
static int pos_of(const struct seen_paper *s, int i, const char *text)
{
    for (int j = 0; j < s->n_options[i]; j++)
        if (strcmp(s->options[i][j], text) == 0)
            return j;
    fail_msg("no option %s", text);
    return -1;
}

/* Saves an answer (shown positions); returns the model's result. */
static enum result answer(struct db *db, const struct actor *who, long long exam, long long q,
                          const int *choice, int n)
{
    struct exam_answer a = { .who = who, .exam_id = exam, .question_id = q, .now = clock_time() };
    if (n)
        memcpy(a.choice, choice, (size_t)n * sizeof(*choice));
    a.n_choice = n;
    enum result r = exam_answer_check(db, &a);
    if (r == RES_OK)
        r = run_job(db, exam_answer_job, &a);
    return r;
}

/* The actor's state and score as the exam shows them. */
struct mine {
    char state[12]; /* open | submitted | timeout, "" */
    double score;   /* or -1 */
};

static void on_mine(void *ctx, const struct exam *e)
{
    struct mine *m = ctx;
    snprintf(m->state, sizeof(m->state), "%s", e->my_state);
    m->score = e->my_score;
}

static enum result submit(struct db *db, const struct actor *who, long long exam, double *score)
{
    struct exam_submit s = { .who = who, .exam_id = exam, .now = clock_time() };
    enum result r = run_job(db, exam_submit_job, &s);
    if (score)
        *score = s.score;
    return r;
}

/* ---- the draw ---- */

struct rule_count {
    const char *category; /* category */
    long long difficulty; /* difficulty */
    int n;                /* questions seen */
};

static void test_draw_follows_rules(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    long long cat_of[64] = { 0 };
    /* A: 6 easy, 6 medium; B: 5 of mixed difficulty */
    for (int i = 0; i < 17; i++) {
        const char *cat = i < 12 ? "A" : "B";
        long long diff = i < 6 ? 1 : i < 12 ? 2 : 1 + i % 3;
        char text[32];
        snprintf(text, sizeof(text), "题%d", i);
        long long id = add_single(w.db, &w.admin, cat, diff, text, 0);
        assert_true(id < 64);
        cat_of[id] = (i < 12 ? 10 : 20) + diff;
    }
    struct exam_rule rules[] = { { "A", 1, 3 }, { "A", 2, 2 }, { "B", 0, 4 } };
    long long exam = make_exam(w.db, &w.admin, "P", rules, 3, 0, 1);
    struct seen_paper p1, p2;
    struct exam_draw d;
    assert_int_equal(start(w.db, &w.k1a, exam, &d), RES_OK);
    assert_int_equal(d.n, 9);
    paper_of(w.db, &w.k1a, exam, &p1);
    assert_int_equal(start(w.db, &w.k2a, exam, &d), RES_OK);
    paper_of(w.db, &w.k2a, exam, &p2);
    for (int k = 0; k < 2; k++) {
        const struct seen_paper *p = k ? &p2 : &p1;
        assert_int_equal(p->n, 9);
        int a1 = 0, a2 = 0, b = 0;
        for (int i = 0; i < p->n; i++) {
            for (int j = 0; j < i; j++)
                assert_true(p->qid[i] != p->qid[j]); /* no question twice */
            long long c = cat_of[p->qid[i]];
            a1 += c == 11;
            a2 += c == 12;
            b += c >= 20;
            /* the options shown are a permutation of the four */
            assert_int_equal(p->n_options[i], 4);
            unsigned seen = 0;
            for (int j = 0; j < 4; j++)
                seen |=
                    1u << pos_of(p, i, (const char *[]){ "选项0", "选项1", "选项2", "选项3" }[j]);
            assert_int_equal(seen, 15);
        }
        assert_int_equal(a1, 3);
        assert_int_equal(a2, 2);
        assert_int_equal(b, 4);
    }
    int same = 1;
    for (int i = 0; i < 9 && same; i++) {
        same = p1.qid[i] == p2.qid[i];
        for (int j = 0; j < 4 && same; j++)
            same = strcmp(p1.options[i][j], p2.options[i][j]) == 0;
    }
    assert_false(same);
    /* a seeded draw (the demo's) repeats; the server's own draws use no seed */
    struct exam_draw a = { .who = &w.k1b, .exam_id = exam, .now = clock_time(), .seed = 42 };
    struct exam_draw b = a;
    assert_int_equal(exam_draw(w.db, &a), RES_OK);
    assert_int_equal(exam_draw(w.db, &b), RES_OK);
    assert_int_equal(a.n, 9);
    assert_memory_equal(a.qid, b.qid, sizeof(a.qid));
    assert_memory_equal(a.shown, b.shown, sizeof(a.shown));
    /* a rule the bank cannot fill is refused when the exam is made */
    struct exam_rule greedy[] = { { "B", 0, 6 } };
    struct exam_create_job job = { .who = &w.admin,
                                   .in = { .unit = "P",
                                           .title = "x",
                                           .examinee_unit = "P",
                                           .rules = greedy,
                                           .n_rules = 1,
                                           .minutes = 10,
                                           .opens = "2020-01-01T00:00:00",
                                           .closes = "2099-01-01T00:00:00",
                                           .pass_score = 60 } };
    assert_int_equal(run_job(w.db, exam_create_job, &job), RES_INVALID);
    assert_string_equal(job.err.msg, "err.exam_pool_short");
    struct exam_rule overlap[] = { { "A", 0, 1 }, { "A", 2, 1 } };
    job.in.rules = overlap;
    job.in.n_rules = 2;
    assert_int_equal(run_job(w.db, exam_create_job, &job), RES_INVALID);
    assert_string_equal(job.err.msg, "err.exam_rule_overlap");
    world_close(&w);
}

/* ---- grading ---- */

static void test_grading(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct err e = { 0 };
    long long id;
    struct question_input single = { .kind = "single",
                                     .category = "G",
                                     .text = "单选",
                                     .options = { "对的", "错1", "错2" },
                                     .n_options = 3,
                                     .answer = { 0 },
                                     .n_answer = 1 };
    struct question_input multi = { .kind = "multiple",
                                    .category = "G",
                                    .text = "多选",
                                    .options = { "对的", "也对", "错1", "错2" },
                                    .n_options = 4,
                                    .answer = { 0, 1 },
                                    .n_answer = 2 };
    struct question_input tf = { .kind = "truefalse",
                                 .category = "G",
                                 .text = "判断",
                                 .options = { "对", "错" },
                                 .n_options = 2,
                                 .answer = { 1 },
                                 .n_answer = 1 };
    assert_int_equal(question_add(w.db, &w.admin, &single, &id, &e), RES_OK);
    assert_int_equal(question_add(w.db, &w.admin, &multi, &id, &e), RES_OK);
    assert_int_equal(question_add(w.db, &w.admin, &tf, &id, &e), RES_OK);
    struct exam_rule rules[] = { { "G", 0, 3 } };
    long long strict = make_exam(w.db, &w.admin, "P", rules, 1, 0, 1);
    long long partial = make_exam(w.db, &w.admin, "P", rules, 1, 1, 1);
    struct {
        const struct actor *who;
        long long exam;
        int multi_kind; /* 0 both right, 1 one right only, 2 one right one wrong */
        int single_right, tf_right;
        double score;
    } cases[] = {
        { &w.k1a, strict, 0, 1, 1, 100.0 }, { &w.k1b, strict, 1, 1, 1, 66.7 },
        { &w.k1c, strict, 2, 0, 1, 33.3 },  { &w.k1a, partial, 1, 1, 0, 50.0 },
        { &w.k1b, partial, 2, 1, 1, 66.7 }, { &w.k1c, partial, 0, 0, 0, 33.3 },
        { &w.k2a, partial, 1, 1, 1, 83.3 },
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        struct exam_draw d;
        assert_int_equal(start(w.db, cases[c].who, cases[c].exam, &d), RES_OK);
        struct seen_paper p;
        paper_of(w.db, cases[c].who, cases[c].exam, &p);
        for (int i = 0; i < p.n; i++) {
            int ch[2], n = 1;
            if (p.n_options[i] == 3) {
                ch[0] = pos_of(&p, i, cases[c].single_right ? "对的" : "错2");
            } else if (p.n_options[i] == 2) {
                ch[0] = pos_of(&p, i, cases[c].tf_right ? "错" : "对");
            } else {
                ch[0] = pos_of(&p, i, "对的");
                ch[1] = pos_of(&p, i, cases[c].multi_kind == 2 ? "错1" : "也对");
                n = cases[c].multi_kind == 1 ? 1 : 2;
            }
            assert_int_equal(answer(w.db, cases[c].who, cases[c].exam, p.qid[i], ch, n), RES_OK);
        }
        double score = -1;
        assert_int_equal(submit(w.db, cases[c].who, cases[c].exam, &score), RES_OK);
        if (score < cases[c].score - 0.01 || score > cases[c].score + 0.01)
            fail_msg("case %zu: score %.1f, expected %.1f", c, score, cases[c].score);
        /* the stored score equals a regrade from the stored answers */
        paper_of(w.db, cases[c].who, cases[c].exam, &p);
        double sum = 0;
        for (int i = 0; i < p.n; i++)
            sum += p.credit[i];
        assert_true(p.score > 100.0 * sum / 3 - 0.06 && p.score < 100.0 * sum / 3 + 0.06);
    }
    world_close(&w);
}

/* ---- window and time limit ---- */

static void test_time_limit(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    for (int i = 0; i < 4; i++)
        add_single(w.db, &w.admin, "T", 2, "题", 0);
    struct exam_rule rules[] = { { "T", 0, 4 } };
    long long exam = make_exam(w.db, &w.admin, "P", rules, 1, 0, 1);
    struct exam_draw d;
    assert_int_equal(start(w.db, &w.k1a, exam, &d), RES_OK);
    assert_true(d.deadline == d.now + 30 * 60);
    struct seen_paper p;
    paper_of(w.db, &w.k1a, exam, &p);
    int right[4];
    for (int i = 0; i < 4; i++)
        right[i] = pos_of(&p, i, "选项0");
    assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[0], &right[0], 1), RES_OK);
    shift(29 * 60);
    assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[1], &right[1], 1), RES_OK);
    shift(2 * 60); /* 31 minutes after the start: time is up */
    char *before = snapshot(w.db);
    assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[2], &right[2], 1), RES_CONFLICT);
    expect_unchanged(w.db, before, "an answer after the time limit");
    free(before);
    /* a late submit grades what was saved in time */
    struct exam_submit s = { .who = &w.k1a, .exam_id = exam, .now = clock_time() };
    assert_int_equal(run_job(w.db, exam_submit_job, &s), RES_OK);
    assert_true(s.timed_out);
    assert_true(s.score > 49.9 && s.score < 50.1);
    /* an unsubmitted sitting is graded when its time is up */
    assert_int_equal(start(w.db, &w.k1b, exam, &d), RES_OK);
    paper_of(w.db, &w.k1b, exam, &p);
    for (int i = 0; i < 4; i++) {
        int c = pos_of(&p, i, "选项0");
        assert_int_equal(answer(w.db, &w.k1b, exam, p.qid[i], &c, 1), RES_OK);
    }
    struct exam_expire x = { .exam_id = exam, .now = clock_time() };
    assert_int_equal(run_job(w.db, exam_expire_job, &x), RES_OK);
    assert_int_equal(x.n, 0);
    shift(31 * 60);
    /* its time is up: every read shows it graded from the saved answers, and none writes */
    before = snapshot(w.db);
    paper_of(w.db, &w.k1b, exam, &p);
    assert_string_equal(p.state, "timeout");
    assert_true(p.score > 99.9);
    for (int i = 0; i < 4; i++)
        assert_true(p.credit[i] > 0.99);
    struct mine m = { 0 };
    assert_int_equal(exam_get(w.db, &w.k1b, exam, on_mine, &m), RES_OK);
    assert_string_equal(m.state, "timeout");
    assert_true(m.score > 99.9);
    expect_unchanged(w.db, before, "reading a paper whose time is up");
    free(before);
    /* storing the grade changes nothing a read shows */
    x.now = clock_time();
    assert_int_equal(run_job(w.db, exam_expire_job, &x), RES_OK);
    assert_int_equal(x.n, 1);
    paper_of(w.db, &w.k1b, exam, &p);
    assert_string_equal(p.state, "timeout");
    assert_true(p.score > 99.9);
    /* the window: not yet open, and closed; a limit never runs past the window's end */
    struct exam_input in = { .unit = "P",
                             .title = "窗口",
                             .examinee_unit = "P",
                             .rules = rules,
                             .n_rules = 1,
                             .minutes = 60,
                             .pass_score = 60 };
    char opens[20], closes[20];
    clock_format_local(clock_time() + 3600, opens);
    clock_format_local(clock_time() + 3600 + 600, closes);
    in.opens = opens;
    in.closes = closes;
    struct exam_create_job job = { .who = &w.admin, .in = in };
    assert_int_equal(run_job(w.db, exam_create_job, &job), RES_OK);
    assert_int_equal(start(w.db, &w.k1c, job.id, &d), RES_CONFLICT);
    assert_string_equal(d.err.msg, "err.exam_not_open");
    shift(3600 + 60);
    assert_int_equal(start(w.db, &w.k1c, job.id, &d), RES_OK);
    time_t window_end;
    assert_int_equal(clock_parse_local(closes, &window_end), 0);
    assert_true(d.deadline == window_end); /* the window closes before the hour is up */
    assert_true(d.deadline < d.now + 3600);
    shift(600);
    assert_int_equal(start(w.db, &w.k2a, job.id, &d), RES_CONFLICT);
    assert_string_equal(d.err.msg, "err.exam_closed");
    paper_of(w.db, &w.k1c, job.id, &p);
    assert_true(p.reveal); /* explanations and answers once the window closed */
    world_close(&w);
}

/* ---- autosave and reload ---- */

static void test_autosave_reload(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    for (int i = 0; i < 5; i++)
        add_single(w.db, &w.admin, "R", 1, "题", 2);
    struct exam_rule rules[] = { { "R", 0, 5 } };
    long long exam = make_exam(w.db, &w.admin, "P", rules, 1, 0, 1);
    struct exam_draw d;
    assert_int_equal(start(w.db, &w.k1a, exam, &d), RES_OK);
    assert_false(d.resume);
    long long sitting = d.sitting_id;
    struct seen_paper p, again;
    paper_of(w.db, &w.k1a, exam, &p);
    int picks[5] = { 0, 3, 1, 2, 0 };
    for (int i = 0; i < 5; i++)
        assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[i], &picks[i], 1), RES_OK);
    int change = 2; /* the examinee changes their mind on the second question */
    assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[1], &change, 1), RES_OK);
    /* a reload (start again) resumes the same paper with the answers given */
    assert_int_equal(start(w.db, &w.k1a, exam, &d), RES_OK);
    assert_true(d.resume);
    assert_int_equal(d.sitting_id, sitting);
    paper_of(w.db, &w.k1a, exam, &again);
    assert_int_equal(again.n, 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(again.qid[i], p.qid[i]);
        for (int j = 0; j < 4; j++)
            assert_string_equal(again.options[i][j], p.options[i][j]);
        assert_int_equal(again.choice[i], 1u << (i == 1 ? change : picks[i]));
    }
    /* clearing an answer */
    assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[4], NULL, 0), RES_OK);
    paper_of(w.db, &w.k1a, exam, &again);
    assert_int_equal(again.choice[4], 0);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM sitting"), 1);
    world_close(&w);
}

/* ---- statistics against a hand-computed fixture ---- */

struct unit_fig {
    char code[8];          /* unit */
    struct exam_figures f; /* figures */
};

static void on_unit(void *ctx, const char *code, const char *name, const struct exam_figures *f)
{
    (void)name;
    struct unit_fig *list = ctx;
    while (list->code[0])
        list++;
    snprintf(list->code, sizeof(list->code), "%s", code);
    list->f = *f;
}

struct item_seen {
    long long qid[N_BANK]; /* question */
    double share[N_BANK];  /* share correct */
    double disc[N_BANK];   /* discrimination */
    int n;                 /* rows */
};

static void on_item(void *ctx, const struct exam_item_stat *s)
{
    struct item_seen *it = ctx;
    it->qid[it->n] = s->question_id;
    it->share[it->n] = s->share_correct;
    it->disc[it->n++] = s->discrimination;
}

static void near(double got, double want, const char *what)
{
    if (got < want - 0.001 || got > want + 0.001)
        fail_msg("%s: %.4f, expected %.4f", what, got, want);
}

/* Sits the exam answering questions q[0..n_right) right and the others wrong. */
static void sit(struct db *db, const struct actor *who, long long exam, const long long *q,
                int n_right, int hand_in)
{
    struct exam_draw d;
    assert_int_equal(start(db, who, exam, &d), RES_OK);
    struct seen_paper p;
    paper_of(db, who, exam, &p);
    for (int i = 0; i < p.n; i++) {
        int k = 0;
        while (q[k] != p.qid[i])
            k++;
        int c = pos_of(&p, i, k < n_right ? "选项0" : "选项1");
        assert_int_equal(answer(db, who, exam, p.qid[i], &c, 1), RES_OK);
    }
    if (hand_in)
        assert_int_equal(submit(db, who, exam, NULL), RES_OK);
}

static void test_stats_fixture(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    long long q[N_BANK];
    for (int i = 0; i < N_BANK; i++)
        q[i] = add_single(w.db, &w.admin, "S", 2, "题", 0);
    struct exam_rule rules[] = { { "S", 0, N_BANK } };
    long long exam = make_exam(w.db, &w.admin, "P", rules, 1, 0, 1);
    /* scores 100, 90, 70, 60 (timed out), 50, 40; k2c never sits */
    sit(w.db, &w.k1a, exam, q, 10, 1);
    sit(w.db, &w.k2a, exam, q, 9, 1);
    sit(w.db, &w.k1b, exam, q, 7, 1);
    sit(w.db, &w.c2a, exam, q, 6, 0);
    sit(w.db, &w.k2b, exam, q, 5, 1);
    sit(w.db, &w.k1c, exam, q, 4, 1);
    shift(31 * 60); /* c2a's time is up: counted as graded, nothing stored */
    char *before = snapshot(w.db);

    struct exam_figures all;
    struct unit_fig below[8];
    memset(below, 0, sizeof(below));
    struct err e = { 0 };
    assert_int_equal(exam_stats(w.db, &w.admin, exam, "P", &all, on_unit, below, &e), RES_OK);
    assert_int_equal(all.participants, 6);
    assert_int_equal(all.eligible, 9);  /* every account in P's subtree */
    near(all.average, 68.3, "average"); /* 410 / 6 */
    assert_int_equal(all.passed, 4);
    near(all.pass_rate, 4.0 / 6, "pass rate");
    near(all.participation, 6.0 / 9, "participation");
    long long dist[EXAM_BUCKETS] = { 0, 0, 0, 0, 1, 1, 1, 1, 0, 2 };
    for (int i = 0; i < EXAM_BUCKETS; i++)
        assert_int_equal(all.distribution[i], dist[i]);
    struct exam_figures shown = all;
    assert_string_equal(below[0].code, "C1");
    assert_int_equal(below[0].f.participants, 5);
    assert_int_equal(below[0].f.eligible, 7); /* c1 and the six county accounts */
    near(below[0].f.average, 70.0, "C1 average");
    assert_int_equal(below[0].f.passed, 3);
    assert_string_equal(below[1].code, "C2");
    assert_int_equal(below[1].f.participants, 1);
    assert_int_equal(below[1].f.eligible, 1);
    near(below[1].f.average, 60.0, "C2 average");
    assert_int_equal(below[2].code[0], '\0');
    /* one county, asked by the city's staff */
    assert_int_equal(exam_stats(w.db, &w.c1, exam, "K2", &all, NULL, NULL, &e), RES_OK);
    assert_int_equal(all.participants, 2);
    assert_int_equal(all.eligible, 3);
    near(all.average, 70.0, "K2 average");

    /* item statistics: top third k1a, k2a; bottom third k2b, k1c */
    struct item_seen it = { 0 };
    assert_int_equal(exam_item_stats(w.db, &w.admin, exam, on_item, &it, &e), RES_OK);
    assert_int_equal(it.n, N_BANK);
    double share[N_BANK] = { 1, 1, 1, 1, 5.0 / 6, 4.0 / 6, 3.0 / 6, 2.0 / 6, 2.0 / 6, 1.0 / 6 };
    double disc[N_BANK] = { 0, 0, 0, 0, 0.5, 1, 1, 1, 1, 0.5 };
    for (int i = 0; i < it.n; i++) {
        int k = 0;
        while (q[k] != it.qid[i])
            k++;
        near(it.share[i], share[k], "share correct");
        near(it.disc[i], disc[k], "discrimination");
        if (i)
            assert_true(it.share[i] >= it.share[i - 1]); /* hardest first */
    }
    expect_unchanged(w.db, before, "statistics over a sitting whose time is up");
    free(before);
    /* storing its grade changes no figure */
    struct exam_expire x = { .exam_id = exam, .now = clock_time() };
    assert_int_equal(run_job(w.db, exam_expire_job, &x), RES_OK);
    assert_int_equal(x.n, 1);
    assert_int_equal(exam_stats(w.db, &w.admin, exam, "P", &all, NULL, NULL, &e), RES_OK);
    assert_int_equal(all.participants, shown.participants);
    assert_int_equal(all.passed, shown.passed);
    near(all.average, shown.average, "stored average");
    for (int i = 0; i < EXAM_BUCKETS; i++)
        assert_int_equal(all.distribution[i], shown.distribution[i]);
    struct item_seen stored = { 0 };
    assert_int_equal(exam_item_stats(w.db, &w.admin, exam, on_item, &stored, &e), RES_OK);
    assert_int_equal(stored.n, it.n);
    for (int i = 0; i < it.n; i++) {
        assert_int_equal(stored.qid[i], it.qid[i]);
        near(stored.share[i], it.share[i], "stored share correct");
        near(stored.disc[i], it.disc[i], "stored discrimination");
    }
    world_close(&w);
}

/* ---- scope ---- */

static void test_scope(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    for (int i = 0; i < 3; i++)
        add_single(w.db, &w.admin, "X", 2, "题", 0);
    struct exam_rule rules[] = { { "X", 0, 3 } };
    long long exam = make_exam(w.db, &w.admin, "K1", rules, 1, 0, 1);
    struct exam_draw d;
    /* only accounts under the examinee unit sit */
    assert_int_equal(start(w.db, &w.k2a, exam, &d), RES_NOT_FOUND);
    assert_int_equal(start(w.db, &w.admin, exam, &d), RES_NOT_FOUND);
    assert_int_equal(start(w.db, &w.k1a, exam, &d), RES_OK);
    /* the bank holds answers: examinees below cannot read the bank above them */
    long long total;
    struct err e = { 0 };
    assert_int_equal(question_each(w.db, &w.k1a, "P", NULL, 0, 10, &total, NULL, NULL, &e),
                     RES_NOT_FOUND);
    /* statistics only for units in scope; item statistics only for the organiser */
    struct exam_figures f;
    assert_int_equal(exam_stats(w.db, &w.k2a, exam, "K1", &f, NULL, NULL, &e), RES_NOT_FOUND);
    assert_int_equal(exam_stats(w.db, &w.c2a, exam, "C2", &f, NULL, NULL, &e), RES_NOT_FOUND);
    assert_int_equal(exam_item_stats(w.db, &w.k1a, exam, on_item, NULL, &e), RES_FORBIDDEN);
    /* a cadre cannot add questions; staff cannot add to a bank above them */
    struct question_input in = { .unit = "P",
                                 .kind = "single",
                                 .category = "X",
                                 .text = "t",
                                 .options = { "a", "b" },
                                 .n_options = 2,
                                 .answer = { 0 },
                                 .n_answer = 1 };
    long long id;
    assert_int_equal(question_add(w.db, &w.k1a, &in, &id, &e), RES_NOT_FOUND);
    in.unit = NULL;
    assert_int_equal(question_add(w.db, &w.k2a, &in, &id, &e), RES_FORBIDDEN);
    assert_int_equal(question_add(w.db, &w.k1a, &in, &id, &e), RES_OK);
    /* the exam is invisible to those neither organising nor sitting nor above the examinees */
    assert_int_equal(exam_get(w.db, &w.c2a, exam, NULL, NULL), RES_NOT_FOUND);
    world_close(&w);
}

/* ---- refusals ---- */

static void test_bad_input(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    long long stray = add_single(w.db, &w.admin, "other", 2, "别的题", 0);
    for (int i = 0; i < 3; i++)
        add_single(w.db, &w.admin, "Y", 2, "题", 0);
    struct exam_rule rules[] = { { "Y", 0, 3 } };
    long long exam = make_exam(w.db, &w.admin, "P", rules, 1, 0, 1);
    int zero = 0, four = 4, two[] = { 0, 1 }, dup[] = { 1, 1 };
    /* no sitting yet */
    assert_int_equal(answer(w.db, &w.k1a, exam, stray, &zero, 1), RES_NOT_FOUND);
    struct exam_draw d;
    assert_int_equal(start(w.db, &w.k1a, exam, &d), RES_OK);
    struct seen_paper p;
    paper_of(w.db, &w.k1a, exam, &p);
    char *before = snapshot(w.db);
    assert_int_equal(answer(w.db, &w.k1a, exam, stray, &zero, 1), RES_NOT_FOUND);
    assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[0], &four, 1), RES_INVALID);
    assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[0], two, 2), RES_INVALID);
    assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[0], dup, 1 + 1), RES_INVALID);
    assert_int_equal(answer(w.db, &w.k2a, exam, p.qid[0], &zero, 1), RES_NOT_FOUND);
    expect_unchanged(w.db, before, "a bad answer");
    free(before);
    assert_int_equal(submit(w.db, &w.k1a, exam, NULL), RES_OK);
    before = snapshot(w.db);
    assert_int_equal(answer(w.db, &w.k1a, exam, p.qid[0], &zero, 1), RES_CONFLICT);
    assert_int_equal(submit(w.db, &w.k1a, exam, NULL), RES_CONFLICT);
    assert_int_equal(start(w.db, &w.k1a, exam, &d), RES_CONFLICT);
    assert_string_equal(d.err.msg, "err.exam_done");
    expect_unchanged(w.db, before, "a second sitting");
    free(before);
    /* a question without options or with an answer out of range */
    struct question_input in = { .kind = "single",
                                 .category = "Z",
                                 .text = "t",
                                 .n_options = 0,
                                 .answer = { 0 },
                                 .n_answer = 1 };
    struct err e = { 0 };
    long long id;
    assert_int_equal(question_add(w.db, &w.admin, &in, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "options");
    struct question_input two_right = { .kind = "single",
                                        .category = "Z",
                                        .text = "t",
                                        .options = { "a", "b" },
                                        .n_options = 2,
                                        .answer = { 0, 1 },
                                        .n_answer = 2 };
    assert_int_equal(question_add(w.db, &w.admin, &two_right, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "answer");
    /* retakes when allowed */
    long long again = make_exam(w.db, &w.admin, "P", rules, 1, 0, 2);
    assert_int_equal(start(w.db, &w.k1b, again, &d), RES_OK);
    assert_int_equal(submit(w.db, &w.k1b, again, NULL), RES_OK);
    assert_int_equal(start(w.db, &w.k1b, again, &d), RES_OK);
    assert_int_equal(d.attempt, 2);
    assert_int_equal(submit(w.db, &w.k1b, again, NULL), RES_OK);
    assert_int_equal(start(w.db, &w.k1b, again, &d), RES_CONFLICT);
    world_close(&w);
}

/* An XLSX workbook with one sheet of text rows (n_cols each), written by the project's own
 * exporter, as a spreadsheet program would save it. */
static void workbook(struct buf *out, const char *const *cells, int n_cols, int n_rows)
{
    enum export_cell types[8] = { CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT,
                                  CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT };
    struct export_sheet *sheet = export_begin(1, "名单", cells, types, n_cols);
    assert_non_null(sheet);
    for (int i = 1; i < n_rows; i++)
        export_row(sheet, cells + i * n_cols);
    buf_init(out, 1 << 20);
    assert_int_equal(export_finish(sheet, out), 0);
}

/* ---- import ---- */

struct lines {
    char text[2048]; /* "line:field:msg;" for each report */
    int n;           /* reports */
};

static void on_line(void *ctx, int line, const struct err *err)
{
    struct lines *l = ctx;
    size_t used = strlen(l->text);
    snprintf(l->text + used, sizeof(l->text) - used, "%d:%s:%s;", line,
             err->field ? err->field : "-", err->msg);
    l->n++;
}

static void test_import(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    static const char good[] = "# 组工干部应知应会\n"
                               "[党的组织工作]\n"
                               "1. 党的基层组织设立的依据是\n"
                               "（多行题干）\n"
                               "A. 党员人数\n"
                               "B. 工作需要\n"
                               "C. 上级指示\n"
                               "ANSWER: A\n"
                               "难度: 1\n"
                               "解析: 见党章第三十条。\n"
                               "\n"
                               "2、下列属于党的纪律的有\n"
                               "*A、政治纪律\n"
                               "*B、组织纪律\n"
                               "C、生活作风\n"
                               "\n"
                               "分类：干部工作\n"
                               "3. 干部选拔任用必须经过民主推荐。\n"
                               "答案：对\n";
    struct lines rep = { 0 };
    struct import_report r = { .fn = on_line, .ctx = &rep };
    long long n = 0;
    assert_int_equal(question_import(w.db, &w.admin, "P", QFORMAT_TEXT, good, strlen(good), &n, &r),
                     RES_OK);
    assert_int_equal(rep.n, 0);
    assert_int_equal(n, 3);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM question WHERE kind = 'single' AND"
                                  " answer = 1 AND difficulty = 1 AND category = '党的组织工作'"
                                  " AND text LIKE '%依据是' || char(10) || '%'"),
                     1);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM question WHERE kind = 'multiple' AND"
                                  " answer = 3 AND n_options = 3"),
                     1);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM question WHERE kind = 'truefalse' AND"
                                  " answer = 1 AND category = '干部工作'"),
                     1);
    static const char bad[] = "[甲]\n"
                              "1. 题干\n"
                              "A. 一\n"
                              "C. 三\n"
                              "ANSWER: A\n"
                              "\n"
                              "2. 没有答案\n"
                              "A. 一\n"
                              "B. 二\n"
                              "\n"
                              "3. 判断\n"
                              "答案: 也许\n"
                              "\n"
                              "4. 答案越界\n"
                              "A. 一\n"
                              "B. 二\n"
                              "ANSWER: D\n"
                              "多余的一行\n";
    memset(&rep, 0, sizeof(rep));
    char *before = snapshot(w.db);
    assert_int_equal(question_import(w.db, &w.admin, "P", QFORMAT_TEXT, bad, strlen(bad), &n, &r),
                     RES_INVALID);
    expect_unchanged(w.db, before, "a bad import");
    assert_string_equal(rep.text, "4:options:err.q_option_order;2:options:err.range;"
                                  "7:answer:err.required;11:answer:err.q_truth;"
                                  "18:line:err.q_line;14:answer:err.q_answer;");
    static const char csv_good[] =
        "kind,category,difficulty,text,options,answer,explanation\n"
        "single,党章,1,\"党的最高领导机关是\",\"全国代表大会和中央委员会|中央政治局\",A,\n"
        "multiple,党章,,\"选出两项\",\"甲|乙|丙\",AC,因为\n"
        "truefalse,党章,3,\"这是判断题\",,错,\n";
    memset(&rep, 0, sizeof(rep));
    assert_int_equal(
        question_import(w.db, &w.admin, NULL, QFORMAT_CSV, csv_good, strlen(csv_good), &n, &r),
        RES_OK);
    assert_int_equal(n, 3);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM question WHERE category = '党章' AND"
                                  " ((kind = 'multiple' AND answer = 5) OR (kind = 'truefalse'"
                                  " AND answer = 2 AND difficulty = 3))"),
                     2);
    /* the Chinese column names and kinds, as the template and offices write them */
    static const char csv_zh[] = "题型,分类,难度,题干,选项,答案,解析\n"
                                 "单选题,中文表头,1,\"中文题一\",\"甲|乙\",B,\n"
                                 "判断题,中文表头,,\"中文题二\",,对,\n";
    assert_int_equal(
        question_import(w.db, &w.admin, NULL, QFORMAT_CSV, csv_zh, strlen(csv_zh), &n, &r), RES_OK);
    assert_int_equal(n, 2);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM question WHERE category = '中文表头' AND"
                                  " ((kind = 'single' AND answer = 2) OR (kind = 'truefalse'"
                                  " AND answer = 1))"),
                     2);
    static const char csv_bad[] = "kind,category,difficulty,text,options,answer,explanation\n"
                                  "single,党章,9,\"难度错\",\"甲|乙\",A,\n"
                                  "single,党章,1,\"两个答案\",\"甲|乙\",AB,\n"
                                  "single,党章,1,\"好的\",\"甲|乙\",A,\n";
    memset(&rep, 0, sizeof(rep));
    free(before);
    before = snapshot(w.db);
    assert_int_equal(
        question_import(w.db, &w.admin, NULL, QFORMAT_CSV, csv_bad, strlen(csv_bad), &n, &r),
        RES_INVALID);
    assert_string_equal(rep.text, "2:difficulty:err.range;3:answer:err.q_answer_count;");
    expect_unchanged(w.db, before, "a bad CSV import");
    const char *sheet[] = { "kind",           "category",    "difficulty", "text", "options",
                            "answer",         "explanation", "single",     "表格", "2",
                            "从表格导入的题", "甲|乙|丙",    "C",          "" };
    struct buf xlsx;
    workbook(&xlsx, sheet, 7, 2);
    memset(&rep, 0, sizeof(rep));
    assert_int_equal(
        question_import(w.db, &w.admin, NULL, QFORMAT_TEXT, xlsx.data, xlsx.len, &n, &r), RES_OK);
    assert_int_equal(n, 1);
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM question WHERE category = '表格' AND"
                                  " answer = 4 AND n_options = 3"),
                     1);
    buf_release(&xlsx);
    free(before);
    world_close(&w);
}

/* Mangled uploads: the question parsers and the XLSX reader take any bytes without harm, and an
 * import still adds all of a file or nothing. */
static void test_mangled_uploads(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    static const char text[] = "[甲]\n1. 题干\nA. 一\nB. 二\nANSWER: A\n解析: 无\n\n2. 判断\n"
                               "答案: 对\n\n3. 多选\n*A. 一\n*B. 二\nC. 三\n";
    const char *cells[] = { "kind",   "category",    "difficulty", "text", "options",
                            "answer", "explanation", "single",     "乙",   "1",
                            "题",     "甲|乙",       "A",          "" };
    struct buf xlsx;
    workbook(&xlsx, cells, 7, 2);
    uint64_t x = 12345;
    char *copy = malloc(xlsx.len > sizeof(text) ? xlsx.len : sizeof(text));
    assert_non_null(copy);
    for (int round = 0; round < 300; round++) {
        int from_sheet = round % 2;
        const char *src = from_sheet ? xlsx.data : text;
        size_t len = from_sheet ? xlsx.len : sizeof(text) - 1;
        memcpy(copy, src, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            copy[x % len] = (char)(x >> 32);
        }
        if (round % 10 == 9)
            len = x % len; /* cut short */
        long long before = n_rows(w.db, "SELECT count(*) FROM question"), n = -1;
        enum result r = question_import(
            w.db, &w.admin, NULL, from_sheet ? QFORMAT_CSV : QFORMAT_TEXT, copy, len, &n, NULL);
        assert_true(r == RES_OK || r == RES_INVALID);
        assert_int_equal(n_rows(w.db, "SELECT count(*) FROM question"),
                         before + (r == RES_OK ? n : 0));
        struct buf out;
        buf_init(&out, 1 << 20);
        xlsx_to_csv(copy, len, &out);
        buf_release(&out);
    }
    free(copy);
    buf_release(&xlsx);
    world_close(&w);
}

/* ---- training classes ---- */

struct training_seen {
    char code[4][8];            /* units below */
    struct training_stats s[4]; /* their figures */
    int n;                      /* rows */
};

static void on_training_unit(void *ctx, const char *code, const char *name,
                             const struct training_stats *s)
{
    (void)name;
    struct training_seen *t = ctx;
    snprintf(t->code[t->n], sizeof(t->code[t->n]), "%s", code);
    t->s[t->n++] = *s;
}

static long long make_class(struct db *db, const struct actor *who, const char *unit,
                            const char *starts, long long capacity, const char *const *targets,
                            size_t n_targets)
{
    struct training_create_job job = { .who = who,
                                       .in = { .unit = unit,
                                               .title = "党务干部培训班",
                                               .starts = starts,
                                               .ends = starts,
                                               .place = "省委党校",
                                               .capacity = capacity,
                                               .sessions = 3,
                                               .targets = targets,
                                               .n_targets = n_targets } };
    if (run_job(db, training_create_job, &job) != RES_OK)
        fail_msg("training_create: %s %s", job.err.field ? job.err.field : "", job.err.msg);
    return job.id;
}

static enum result enrol(struct db *db, const struct actor *who, long long id, long long person)
{
    struct training_enrol_job job = { .who = who, .id = id, .person_id = person };
    return run_job(db, training_enrol_job, &job);
}

/* Person ids of a roster, in order. */
struct trainees {
    long long id[8]; /* person ids */
    size_t n;        /* how many */
};

static void on_trainee(void *ctx, const struct training_trainee *t)
{
    struct trainees *l = ctx;
    if (l->n < 8)
        l->id[l->n++] = t->person_id;
}

static void test_training(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    const char *k1[] = { "K1" };
    long long a = make_class(w.db, &w.admin, "P", "2026-03-02", 2, k1, 1);
    long long b = make_class(w.db, &w.c1, "C1", "2026-05-10", 100, NULL, 0);
    long long c = make_class(w.db, &w.c1, "C1", "2027-01-05", 100, NULL, 0);
    long long k1b_person = n_rows(w.db, "SELECT person_id FROM account WHERE login = 'k1b'");
    long long k1c_person = n_rows(w.db, "SELECT person_id FROM account WHERE login = 'k1c'");
    /* targets, capacity, duplicates, scope */
    assert_int_equal(enrol(w.db, &w.admin, a, w.person_k1a), RES_OK);
    assert_int_equal(enrol(w.db, &w.admin, a, w.person_k1a), RES_CONFLICT);
    assert_int_equal(enrol(w.db, &w.admin, a, w.person_c2a), RES_INVALID);
    assert_int_equal(enrol(w.db, &w.k1a, a, k1b_person),
                     RES_OK); /* a K1 staff enrols a colleague */
    assert_int_equal(enrol(w.db, &w.admin, a, k1c_person), RES_CONFLICT); /* full */
    assert_int_equal(enrol(w.db, &w.c1, b, w.person_c2a), RES_NOT_FOUND); /* outside C1 */
    assert_int_equal(enrol(w.db, &w.k2a, b, k1b_person), RES_NOT_FOUND);
    /* a roster, all or nothing */
    static const char roster_bad[] = "unit,name\nK1,k1a\nK2,nobody\nK2,k2a\n";
    struct lines rep = { 0 };
    struct import_report r = { .fn = on_line, .ctx = &rep };
    long long n = 0;
    assert_int_equal(training_enrol_csv(w.db, &w.c1, b, roster_bad, strlen(roster_bad), &n, &r),
                     RES_INVALID);
    assert_string_equal(rep.text, "3:name:err.not_found;");
    assert_int_equal(n_rows(w.db, "SELECT count(*) FROM training_enrol"), 2);
    /* headed with the Chinese column names, as the template writes them */
    static const char roster[] = "单位,姓名\nK1,k1a\nK2,k2a\nK2,k2b\n";
    assert_int_equal(training_enrol_csv(w.db, &w.c1, b, roster, strlen(roster), &n, &r), RES_OK);
    assert_int_equal(n, 3);
    assert_int_equal(enrol(w.db, &w.c1, c, w.person_k1a), RES_OK);
    /* a roster saved from a spreadsheet: the sheet's row numbers in the report */
    long long d = make_class(w.db, &w.c1, "C1", "2027-02-01", 100, NULL, 0);
    const char *bad_rows[] = { "unit", "name", "K1", "k1b", "K2", "nobody" };
    struct buf xlsx;
    workbook(&xlsx, bad_rows, 2, 3);
    memset(&rep, 0, sizeof(rep));
    assert_int_equal(training_enrol_csv(w.db, &w.c1, d, xlsx.data, xlsx.len, &n, &r), RES_INVALID);
    assert_string_equal(rep.text, "3:name:err.not_found;");
    buf_release(&xlsx);
    const char *rows[] = { "unit", "name", "K1", "k1b", "K2", "k2c" };
    workbook(&xlsx, rows, 2, 3);
    assert_int_equal(training_enrol_csv(w.db, &w.c1, d, xlsx.data, xlsx.len, &n, &r), RES_OK);
    assert_int_equal(n, 2);
    buf_release(&xlsx);
    static const char not_a_workbook[] = "PK\x03\x04 not really a zip";
    memset(&rep, 0, sizeof(rep));
    assert_int_equal(
        training_enrol_csv(w.db, &w.c1, d, not_a_workbook, sizeof(not_a_workbook) - 1, &n, &r),
        RES_INVALID);
    assert_string_equal(rep.text, "0:file:err.xlsx;");
    /* attendance by the organiser, sessions 1..3 */
    struct training_attend_job att = {
        .who = &w.admin, .id = a, .person_id = w.person_k1a, .session = 1, .present = 1
    };
    assert_int_equal(run_job(w.db, training_attend_job, &att), RES_OK);
    att.session = 2;
    assert_int_equal(run_job(w.db, training_attend_job, &att), RES_OK);
    att.session = 4;
    assert_int_equal(run_job(w.db, training_attend_job, &att), RES_INVALID);
    att.session = 1;
    att.person_id = w.person_c2a;
    assert_int_equal(run_job(w.db, training_attend_job, &att), RES_INVALID); /* not enrolled */
    att.person_id = w.person_k1a;
    att.who = &w.k1a;
    assert_int_equal(run_job(w.db, training_attend_job, &att), RES_NOT_FOUND);
    /* a class of two cities' trainees: each city sees its own on the roster, the organiser all */
    const char *k1_c2[] = { "K1", "C2" };
    long long shared = make_class(w.db, &w.admin, "P", "2028-03-01", 10, k1_c2, 2);
    assert_int_equal(enrol(w.db, &w.admin, shared, w.person_k1a), RES_OK);
    assert_int_equal(enrol(w.db, &w.admin, shared, w.person_c2a), RES_OK);
    struct trainees seen_by = { 0 };
    assert_int_equal(training_roster(w.db, &w.admin, shared, on_trainee, &seen_by), RES_OK);
    assert_int_equal(seen_by.n, 2);
    memset(&seen_by, 0, sizeof(seen_by));
    assert_int_equal(training_roster(w.db, &w.c2a, shared, on_trainee, &seen_by), RES_OK);
    assert_int_equal(seen_by.n, 1);
    assert_int_equal(seen_by.id[0], w.person_c2a);
    memset(&seen_by, 0, sizeof(seen_by));
    assert_int_equal(training_roster(w.db, &w.k1a, shared, on_trainee, &seen_by), RES_OK);
    assert_int_equal(seen_by.n, 1);
    assert_int_equal(seen_by.id[0], w.person_k1a);
    /* classes and person-times over a subtree and a period */
    struct training_stats all;
    struct training_seen seen = { 0 };
    struct err e = { 0 };
    assert_int_equal(training_stats(w.db, &w.admin, "P", "2026-01-01", "2026-12-31", &all,
                                    on_training_unit, &seen, &e),
                     RES_OK);
    assert_int_equal(all.classes, 2);
    assert_int_equal(all.person_times, 5);
    assert_int_equal(all.present, 2);
    assert_int_equal(all.persons, 4); /* k1a in both classes */
    assert_int_equal(seen.n, 2);
    assert_string_equal(seen.code[0], "C1");
    assert_int_equal(seen.s[0].classes, 1);
    assert_int_equal(seen.s[0].person_times, 3);
    assert_string_equal(seen.code[1], "C2");
    assert_int_equal(seen.s[1].classes, 0);
    assert_int_equal(training_stats(w.db, &w.c1, "C1", NULL, NULL, &all, NULL, NULL, &e), RES_OK);
    assert_int_equal(all.classes, 3);
    assert_int_equal(all.person_times, 6); /* b 3, c 1, d 2 */
    assert_int_equal(training_stats(w.db, &w.c1, "P", NULL, NULL, &all, NULL, NULL, &e),
                     RES_NOT_FOUND);
    world_close(&w);
}

/* ---- the exam API over HTTP ---- */

struct http {
    struct server *srv; /* in-process server */
    int port;           /* its port */
    CURL *curl;         /* one client */
    struct buf body;    /* the last response */
    long status;        /* its status */
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    buf_add(ctx, data, size * n);
    return size * n;
}

static long call(struct http *h, const char *method, const char *path, const char *token,
                 const char *json)
{
    char url[512], auth[TOKEN_TEXT + 32];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", h->port, path);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
    struct curl_slist *hdrs = curl_slist_append(NULL, auth);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    buf_reset(&h->body);
    curl_easy_setopt(h->curl, CURLOPT_URL, url);
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdrs);
    if (strcmp(method, "GET") == 0)
        curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
    else
        curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, json ? json : "");
    curl_easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &h->body);
    CURLcode rc = curl_easy_perform(h->curl);
    curl_slist_free_all(hdrs);
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
    if (rc != CURLE_OK)
        fail_msg("%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &h->status);
    return h->status;
}

static json_t *http_json(struct http *h)
{
    json_t *j = json_loads(buf_str(&h->body), 0, NULL);
    if (!j)
        fail_msg("not JSON: %s", buf_str(&h->body));
    return j;
}

static void token_of(struct db *db, const char *login, char token[TOKEN_TEXT])
{
    struct actor sys;
    actor_system(&sys);
    struct err e = { 0 };
    assert_int_equal(token_create(db, &sys, login, token, &e), RES_OK);
}

/* Sittings still open in the store of the database file at path. */
static long long stored_open(const char *path)
{
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(path, DB_F_READONLY, &msg);
    buf_release(&msg);
    assert_non_null(db);
    long long n = n_rows(db, "SELECT count(*) FROM sitting WHERE state = 'open'");
    db_close(db);
    return n;
}

static void test_http_exam(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    for (int i = 0; i < 4; i++)
        add_single(w.db, &w.admin, "H", 2, "题", 0);
    char t_admin[TOKEN_TEXT], t_k1[TOKEN_TEXT], t_k2[TOKEN_TEXT];
    token_of(w.db, "admin", t_admin);
    token_of(w.db, "k1a", t_k1);
    token_of(w.db, "k2a", t_k2);
    world_close(&w);
    struct http h = { 0 };
    struct buf msg;
    buf_init(&msg, 1024);
    struct server_config cfg = { .db_path = w.path,
                                 .host = "127.0.0.1",
                                 .threads = 2,
                                 .max_body = 1 << 20,
                                 .max_upload = 1 << 20,
                                 .dispatch = routes_dispatch };
    h.srv = server_start(&cfg, &msg);
    buf_release(&msg);
    assert_non_null(h.srv);
    h.port = server_port(h.srv);
    h.curl = curl_easy_init();
    buf_init(&h.body, 1 << 20);
    assert_int_equal(call(&h, "POST", "/api/v1/exams", t_admin,
                          "{\"unit\":\"P\",\"title\":\"测\",\"examinee_unit\":\"P\",\"rules\":"
                          "[{\"category\":\"H\",\"count\":4}],\"minutes\":30,\"opens\":"
                          "\"2020-01-01T00:00:00\",\"closes\":\"2099-01-01T00:00:00\","
                          "\"pass_score\":60}"),
                     201);
    json_t *j = http_json(&h);
    long long exam = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    /* a required figure left out, or a flag that is not true or false, is refused by name
     * before anything is stored */
    static const char *const bad_exams[][2] = {
        { "\"minutes\":30", "pass_score" },
        { "\"pass_score\":60", "minutes" },
        { "\"minutes\":30,\"pass_score\":60,\"partial_credit\":\"no\"", "partial_credit" },
        { "\"minutes\":30,\"pass_score\":60,\"partial_credit\":1", "partial_credit" },
    };
    for (size_t i = 0; i < sizeof(bad_exams) / sizeof(bad_exams[0]); i++) {
        char body[512];
        snprintf(body, sizeof(body),
                 "{\"unit\":\"P\",\"title\":\"测\",\"examinee_unit\":\"P\",\"rules\":"
                 "[{\"category\":\"H\",\"count\":4}],\"opens\":\"2020-01-01T00:00:00\","
                 "\"closes\":\"2099-01-01T00:00:00\",%s}",
                 bad_exams[i][0]);
        assert_int_equal(call(&h, "POST", "/api/v1/exams", t_admin, body), 400);
        j = http_json(&h);
        assert_string_equal(
            json_string_value(json_object_get(json_object_get(j, "error"), "field")),
            bad_exams[i][1]);
        json_decref(j);
    }
    char path[128];
    snprintf(path, sizeof(path), "/api/v1/exams/%lld/start", exam);
    assert_int_equal(call(&h, "POST", path, t_k1, NULL), 201);
    j = http_json(&h);
    json_t *qs = json_object_get(j, "questions");
    assert_int_equal(json_array_size(qs), 4);
    long long q0 = json_integer_value(json_object_get(json_array_get(qs, 0), "id"));
    assert_null(json_object_get(json_array_get(qs, 0), "answer"));
    json_decref(j);
    char put[128];
    snprintf(put, sizeof(put), "/api/v1/exams/%lld/answers/%lld", exam, q0);
    assert_int_equal(call(&h, "PUT", put, t_k1, "{\"choice\":[2]}"), 204);
    assert_int_equal(call(&h, "PUT", put, t_k1, "{\"choice\":[9]}"), 400);
    assert_int_equal(call(&h, "PUT", put, t_k1, "{\"choice\":\"A\"}"), 400);
    assert_int_equal(call(&h, "PUT", put, t_k2, "{\"choice\":[1]}"), 404);
    /* reload: the paper comes back with the saved answer */
    assert_int_equal(call(&h, "POST", path, t_k1, NULL), 200);
    j = http_json(&h);
    json_t *first = json_array_get(json_object_get(j, "questions"), 0);
    assert_int_equal(json_integer_value(json_object_get(first, "id")), q0);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(first, "choice"), 0)), 2);
    json_decref(j);
    /* time up: the paper and the statistics show it graded, and a look stores nothing */
    shift(31 * 60);
    snprintf(path, sizeof(path), "/api/v1/exams/%lld/paper", exam);
    assert_int_equal(call(&h, "GET", path, t_k1, NULL), 200);
    j = http_json(&h);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "timeout");
    assert_true(json_is_number(json_object_get(j, "score")));
    json_decref(j);
    snprintf(path, sizeof(path), "/api/v1/stats/exams/%lld?unit=P", exam);
    assert_int_equal(call(&h, "GET", path, t_admin, NULL), 200);
    j = http_json(&h);
    assert_int_equal(json_integer_value(json_object_get(j, "participants")), 1);
    json_decref(j);
    assert_int_equal(stored_open(w.path), 1);
    /* the save is refused, and hands the paper in */
    assert_int_equal(call(&h, "PUT", put, t_k1, "{\"choice\":[1]}"), 409);
    assert_int_equal(stored_open(w.path), 0);
    snprintf(path, sizeof(path), "/api/v1/exams/%lld/paper", exam);
    assert_int_equal(call(&h, "GET", path, t_k1, NULL), 200);
    j = http_json(&h);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "timeout");
    assert_true(json_is_number(json_object_get(j, "score")));
    json_decref(j);
    snprintf(path, sizeof(path), "/api/v1/exams/%lld/submit", exam);
    assert_int_equal(call(&h, "POST", path, t_k1, NULL), 409);
    snprintf(path, sizeof(path), "/api/v1/stats/exams/%lld?unit=P", exam);
    assert_int_equal(call(&h, "GET", path, t_admin, NULL), 200);
    j = http_json(&h);
    assert_int_equal(json_integer_value(json_object_get(j, "participants")), 1);
    json_decref(j);
    snprintf(path, sizeof(path), "/api/v1/exams/%lld/items", exam);
    assert_int_equal(call(&h, "GET", path, t_k2, NULL), 403);

    /* a class over the API: enrolment, attendance marked and cleared, counted in the list */
    assert_int_equal(call(&h, "POST", "/api/v1/training", t_admin,
                          "{\"unit\":\"P\",\"title\":\"党务干部培训班\",\"starts\":"
                          "\"2026-03-02\",\"ends\":\"2026-03-04\",\"capacity\":5,"
                          "\"sessions\":3}"),
                     201);
    j = http_json(&h);
    long long cls = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    char body[128];
    snprintf(path, sizeof(path), "/api/v1/training/%lld/enrol", cls);
    snprintf(body, sizeof(body), "{\"person\":%lld}", w.person_k1a);
    assert_int_equal(call(&h, "POST", path, t_admin, body), 204);
    snprintf(path, sizeof(path), "/api/v1/training/%lld/attendance", cls);
    static const struct {
        const char *present; /* the field as sent, "" for none */
        long status;         /* the answer */
        long long counted;   /* attendances listed after it */
    } marks[] = {
        { "", 204, 1 }, /* present unless told otherwise */
        { ",\"present\":\"no\"", 400, 1 },
        { ",\"present\":0", 400, 1 },
        { ",\"present\":false", 204, 0 },
        { ",\"present\":true", 204, 1 },
    };
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        snprintf(body, sizeof(body), "{\"person\":%lld,\"session\":2%s}", w.person_k1a,
                 marks[i].present);
        assert_int_equal(call(&h, "POST", path, t_admin, body), marks[i].status);
        assert_int_equal(
            call(&h, "GET", "/api/v1/training?unit=P&from=2026-01-01&to=2026-12-31", t_admin, NULL),
            200);
        j = http_json(&h);
        json_t *row = json_array_get(json_object_get(j, "classes"), 0);
        assert_int_equal(json_integer_value(json_object_get(row, "attendances")), marks[i].counted);
        json_decref(j);
    }
    buf_release(&h.body);
    curl_easy_cleanup(h.curl);
    server_stop(h.srv);
}

/* The figures of an exam in a unit's subtree: their average, pass rate and distribution,
 * against what the API and the results page show, by role. */
static json_t *stats_of(CURL *h, long long exam, const char *unit, const char *token)
{
    char url[128];
    struct resp r = { 0 };
    snprintf(url, sizeof(url), "/api/v1/stats/exams/%lld?unit=%s", exam, unit);
    assert_int_equal(request(h, "GET", url, token, NULL, 0, &r), 200);
    json_t *doc = body_json(&r);
    resp_free(&r);
    return doc;
}

/* The by_unit entry of code in a statistics document. */
static json_t *by_unit_of(json_t *doc, const char *code)
{
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(doc, "by_unit"), i, u)
    {
        if (strcmp(json_string_value(json_object_get(u, "unit")), code) == 0)
            return u;
    }
    fail_msg("no unit %s in by_unit", code);
    return NULL;
}

/* Figures hidden: the counts without the average, pass rate and distribution. */
static void expect_hidden(json_t *f, long long participants, long long eligible)
{
    assert_int_equal(json_integer_value(json_object_get(f, "participants")), participants);
    assert_int_equal(json_integer_value(json_object_get(f, "eligible")), eligible);
    assert_true(json_is_true(json_object_get(f, "hidden")));
    static const char *const gone[] = { "average", "passed", "pass_rate", "distribution" };
    for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
        if (!json_is_null(json_object_get(f, gone[i])))
            fail_msg("%s shown for %lld participants", gone[i], participants);
}

/* Figures shown: the average among them. */
static void expect_shown(json_t *f, long long participants, double average)
{
    assert_int_equal(json_integer_value(json_object_get(f, "participants")), participants);
    assert_true(json_is_false(json_object_get(f, "hidden")));
    near(json_number_value(json_object_get(f, "average")), average, "average");
    assert_int_equal(json_array_size(json_object_get(f, "distribution")), EXAM_BUCKETS);
}

/* A role that may not see each examinee's score (a cadre) sees no average, pass rate or score
 * distribution of fewer than SCOPE_MIN_GROUP examinees, over the API and on the results page:
 * one examinee's average is their score. Staff, who may see the scores, see every figure. */
static void test_http_small_groups(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct actor c1_cadre;
    user(w.db, "C1", "c1cad", "cadre", &c1_cadre);
    long long q[N_BANK];
    for (int i = 0; i < N_BANK; i++)
        q[i] = add_single(w.db, &w.admin, "S", 2, "题", 0);
    struct exam_rule rules[] = { { "S", 0, N_BANK } };
    /* six sit the first: K1 100, 70, 40; K2 90, 50; C2 60. C1's subtree: 5, average 70 */
    long long exam = make_exam(w.db, &w.admin, "P", rules, 1, 0, 1);
    sit(w.db, &w.k1a, exam, q, 10, 1);
    sit(w.db, &w.k2a, exam, q, 9, 1);
    sit(w.db, &w.k1b, exam, q, 7, 1);
    sit(w.db, &w.c2a, exam, q, 6, 1);
    sit(w.db, &w.k2b, exam, q, 5, 1);
    sit(w.db, &w.k1c, exam, q, 4, 1);
    /* one sits the second: k2b, 50 */
    long long lone = make_exam(w.db, &w.admin, "P", rules, 1, 0, 1);
    sit(w.db, &w.k2b, lone, q, 5, 1);
    char t_cadre[TOKEN_TEXT], t_c1cad[TOKEN_TEXT], t_staff[TOKEN_TEXT];
    add_token(w.db, "k2a", t_cadre);
    add_token(w.db, "c1cad", t_c1cad);
    add_token(w.db, "c1", t_staff);
    world_close(&w);
    struct server *srv = test_server_start(w.path, 0);
    assert_non_null(srv);
    CURL *h = client_new();

    /* the lone examinee's county: hidden from a cadre, shown to the city's staff */
    json_t *doc = stats_of(h, lone, "K2", t_cadre);
    expect_hidden(doc, 1, 3);
    json_decref(doc);
    doc = stats_of(h, lone, "K2", t_staff);
    expect_shown(doc, 1, 50.0);
    json_decref(doc);
    /* the city: five in all are enough; its counties of three and two are not, for a cadre */
    doc = stats_of(h, exam, "C1", t_c1cad);
    expect_shown(doc, 5, 70.0);
    expect_hidden(by_unit_of(doc, "K1"), 3, 3);
    expect_hidden(by_unit_of(doc, "K2"), 2, 3);
    json_decref(doc);
    doc = stats_of(h, exam, "C1", t_staff);
    expect_shown(doc, 5, 70.0);
    expect_shown(by_unit_of(doc, "K1"), 3, 70.0);
    expect_shown(by_unit_of(doc, "K2"), 2, 70.0);
    json_decref(doc);

    /* the results page */
    struct resp r = { 0 };
    char url[128];
    snprintf(url, sizeof(url), "/exams/%lld/results?unit=K2", lone);
    assert_int_equal(request(h, "GET", url, t_cadre, NULL, 0, &r), 200);
    assert_false(body_has(&r, "50.0"));
    assert_false(body_has(&r, "<svg class=\"chart\""));
    assert_true(body_has(&r, "参加人数过少"));
    assert_int_equal(request(h, "GET", url, t_staff, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<b>50.0</b>"));
    assert_true(body_has(&r, "<svg class=\"chart\""));
    assert_false(body_has(&r, "参加人数过少"));
    snprintf(url, sizeof(url), "/exams/%lld/results?unit=C1", exam);
    assert_int_equal(request(h, "GET", url, t_c1cad, NULL, 0, &r), 200);
    assert_true(body_has(&r, "<b>70.0</b>"));
    assert_true(body_has(&r, "<svg class=\"chart\""));
    assert_true(body_has(&r, "K1</a></td><td class=\"num\">3</td><td class=\"num\">3</td>"
                             "<td class=\"num\">100.0%</td><td class=\"num\">—</td>"
                             "<td class=\"num\">—</td></tr>"));
    assert_true(body_has(&r, "K2</a></td><td class=\"num\">2</td><td class=\"num\">3</td>"
                             "<td class=\"num\">66.7%</td><td class=\"num\">—</td>"
                             "<td class=\"num\">—</td></tr>"));
    assert_int_equal(request(h, "GET", url, t_staff, NULL, 0, &r), 200);
    assert_true(body_has(&r, "K1</a></td><td class=\"num\">3</td><td class=\"num\">3</td>"
                             "<td class=\"num\">100.0%</td><td class=\"num\">70.0</td>"));
    resp_free(&r);
    curl_easy_cleanup(h);
    server_stop(srv);
}

int test_learning(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_draw_follows_rules, reset_clock),
        cmocka_unit_test_teardown(test_grading, reset_clock),
        cmocka_unit_test_teardown(test_time_limit, reset_clock),
        cmocka_unit_test_teardown(test_autosave_reload, reset_clock),
        cmocka_unit_test_teardown(test_stats_fixture, reset_clock),
        cmocka_unit_test_teardown(test_scope, reset_clock),
        cmocka_unit_test_teardown(test_bad_input, reset_clock),
        cmocka_unit_test_teardown(test_import, reset_clock),
        cmocka_unit_test_teardown(test_mangled_uploads, reset_clock),
        cmocka_unit_test_teardown(test_training, reset_clock),
        cmocka_unit_test_teardown(test_http_exam, reset_clock),
        cmocka_unit_test_teardown(test_http_small_groups, reset_clock),
    };
    return cmocka_run_group_tests_name("learning", tests, NULL, NULL);
}
