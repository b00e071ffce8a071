/*
 * Grade scales and the satisfaction survey through the model (issue 24): scales refused and
 * added, a survey's scores against tables worked out by hand (the weighted-assignment method,
 * rounding at .005, an item nobody answered, one grade only, a grade left out of the rates),
 * tallies replaced and refused, web and paper answers once each, the roll-up and the units
 * ranked, design weights, last year's scores, a weak item turned into a problem once, and the
 * stored answers holding nothing that links them to an account or a code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "testlib.h"
#include "auth/audit.h"
#include "core/buf.h"
#include "core/xlsx.h"
#include "evaluation/evaluation.h"
#include "report/indicator.h"
#include "report/report.h"
#include "survey/survey.h"

static int reset_today(void **state)
{
    (void)state;
    set_today(NULL);
    return 0;
}

struct sworld {
    struct db *db;
    struct actor admin; /* admin at P */
    struct actor c1;    /* unit admin at C1 */
    struct actor k1;    /* staff at K1 */
    struct actor k2;    /* staff at K2 */
};

/* The world in a fresh file whose path goes to path (TEST_PATH_LEN) when given. */
static void sworld_open_at(struct sworld *w, char *path)
{
    memset(w, 0, sizeof(*w));
    w->db = open_fresh(path);
    build_tree(w->db);
    add_account(w->db, "P", "sadmin", "省管理员", "admin");
    add_account(w->db, "C1", "sc1", "市管理员", "unit_admin");
    add_account(w->db, "K1", "sk1", "甲县", "staff");
    add_account(w->db, "K2", "sk2", "乙县", "staff");
    actor_of(w->db, "sadmin", &w->admin);
    actor_of(w->db, "sc1", &w->c1);
    actor_of(w->db, "sk1", &w->k1);
    actor_of(w->db, "sk2", &w->k2);
}

static void sworld_open(struct sworld *w)
{
    sworld_open_at(w, NULL);
}

static void grade(struct scale_input *in, const char *code, int points)
{
    struct scale_grade *g = &in->grades[in->n++];
    snprintf(g->code, sizeof(g->code), "%s", code);
    snprintf(g->name, sizeof(g->name), "%s", code);
    g->points = points;
}

static void test_scales(void **state)
{
    (void)state;
    struct sworld w;
    sworld_open(&w);
    struct err e = { 0 };
    struct scale_input in = { .unit = "C1", .code = "c1three", .name = "三级" };
    grade(&in, "good", 100);
    assert_int_equal(scale_add(w.db, &w.c1, &in, &e), RES_INVALID); /* one grade */
    assert_string_equal(e.field, "grades");
    grade(&in, "good", 0);
    assert_int_equal(scale_add(w.db, &w.c1, &in, &e), RES_INVALID); /* a code twice */
    in.n = 1;
    grade(&in, "poor", 101);
    assert_int_equal(scale_add(w.db, &w.c1, &in, &e), RES_INVALID);
    in.n = 1;
    grade(&in, "unknown", SCALE_NO_POINTS);
    in.grades[0].points = SCALE_NO_POINTS;
    assert_int_equal(scale_add(w.db, &w.c1, &in, &e), RES_INVALID); /* nothing counted */
    in.grades[0].points = 100;
    in.code = "satisfaction5";
    assert_int_equal(scale_add(w.db, &w.c1, &in, &e), RES_INVALID); /* a built-in's code */
    assert_string_equal(e.field, "code");
    in.code = "c1three";
    assert_int_equal(scale_add(w.db, &w.k1, &in, &e), RES_NOT_FOUND); /* C1 out of K1's scope */
    assert_int_equal(scale_add(w.db, &w.c1, &in, &e), RES_OK);
    assert_int_equal(scale_add(w.db, &w.c1, &in, &e), RES_CONFLICT);
    struct scale s;
    assert_int_equal(scale_load(w.db, "c1three", &s), RES_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.grades[1].points, SCALE_NO_POINTS);
    assert_string_equal(s.unit_code, "C1");
    /* usable at C1 and below it, not beside it */
    assert_true(scale_usable(&s, w.db, get_unit(w.db, "K1").path));
    assert_false(scale_usable(&s, w.db, get_unit(w.db, "C2").path));
    assert_int_equal(scale_load(w.db, "selection4", &s), RES_OK);
    assert_int_equal(s.grades[3].points, SCALE_NO_POINTS);
    assert_int_equal(scale_set(w.db, &w.c1, "rating3", &in, &e), RES_NOT_FOUND); /* built in */
    expect_audit_chain(w.db);
    db_close(w.db);
}

/* A survey of P on satisfaction5 collected by K1 and K2, one graded item "a", one nobody
 * answers "b", one answered on one grade only "c", and a choices item "p". */
static long long issue(struct sworld *w, const char *scale, const double *weights,
                       long long previous, double threshold)
{
    static const struct survey_option_input options[] = { { "seek", "跑官要官" },
                                                          { "canvass", "拉票贿选" } };
    const struct survey_item_input items[] = { { "a", "总体", 0, NULL, 0 },
                                               { "b", "无人作答", 0, NULL, 0 },
                                               { "c", "单一等次", 0, NULL, 0 },
                                               { "p", "问题", 1, options, 2 } };
    static const struct survey_kind_input kinds[] = { { "cadre", "干部" }, { "public", "群众" } };
    static const char *const collectors[] = { "K1", "K2" };
    const struct survey_input in = { .unit = "P",
                                     .title = "满意度",
                                     .scale = scale,
                                     .from = "2026-07-01",
                                     .to = "2026-07-31",
                                     .items = items,
                                     .n_items = 4,
                                     .kinds = kinds,
                                     .n_kinds = 2,
                                     .collectors = collectors,
                                     .n_collectors = 2,
                                     .weights = weights,
                                     .previous = previous,
                                     .threshold = threshold };
    long long id = 0;
    struct err e = { 0 };
    assert_int_equal(survey_create(w->db, &w->admin, &in, &id, &e), RES_OK);
    assert_int_equal(survey_open(w->db, &w->admin, id, &e), RES_OK);
    return id;
}

static void tally(struct sworld *w, const struct actor *who, long long id, const char *unit,
                  const char *kind, long long forms, const struct survey_mark *marks, size_t n,
                  enum result want)
{
    struct err e = { 0 };
    enum result r = survey_tally(w->db, who, id, unit, kind, forms, marks, n, &e);
    if (r != want)
        fail_msg("tally %s %s: %d (%s), %d expected", unit, kind, r, e.field ? e.field : "-", want);
}

static const struct survey_figures *item(const struct survey_results *r, int i)
{
    return &r->all[i];
}

static void results_of(struct sworld *w, long long id, const char *unit, struct survey_results *out,
                       struct survey *s)
{
    struct err e = { 0 };
    assert_int_equal(survey_load(w->db, &w->admin, id, s), RES_OK);
    assert_int_equal(survey_results(w->db, &w->admin, s, unit, out, NULL, NULL, &e), RES_OK);
}

static void test_scores(void **state)
{
    (void)state;
    struct sworld w;
    sworld_open(&w);
    struct err e = { 0 };
    long long id = issue(&w, "satisfaction5", NULL, 0, 70);
    /* K1 cadre, 8 forms: a 1,0,0,1,6 (100+30)/8 = 16.25; c all 满意: 80; p: seek 3 */
    const struct survey_mark k1[] = { { "a", "very_satisfied", 1 },
                                      { "a", "not_very_satisfied", 1 },
                                      { "a", "dissatisfied", 6 },
                                      { "c", "satisfied", 8 },
                                      { "p", "seek", 3 } };
    /* refused: over the forms, an unknown grade, an option ticked more often than the forms,
     * beside the caller's scope, before nothing changed */
    const struct survey_mark over[] = { { "a", "satisfied", 9 } };
    const struct survey_mark alien[] = { { "a", "superb", 1 } };
    const struct survey_mark ticks[] = { { "p", "seek", 9 } };
    const struct survey_mark negative[] = { { "a", "satisfied", -1 } };
    tally(&w, &w.k1, id, "K1", "cadre", 8, over, 1, RES_INVALID);
    tally(&w, &w.k1, id, "K1", "cadre", 8, alien, 1, RES_INVALID);
    tally(&w, &w.k1, id, "K1", "cadre", 8, ticks, 1, RES_INVALID);
    tally(&w, &w.k1, id, "K1", "cadre", 8, negative, 1, RES_INVALID);
    tally(&w, &w.k1, id, "K1", "alien", 8, k1, 5, RES_INVALID);
    tally(&w, &w.k1, id, "K2", "cadre", 8, k1, 5, RES_NOT_FOUND);
    tally(&w, &w.k1, id, "K1", "cadre", 8, over, 0, RES_OK); /* then replaced */
    tally(&w, &w.k1, id, "K1", "cadre", 8, k1, 5, RES_OK);
    /* K2: one web sheet (satisfied on a), one paper sheet (basically_satisfied on a) */
    const struct survey_mark web[] = { { "a", "satisfied", 1 }, { "p", "canvass", 1 } };
    assert_int_equal(survey_answer(w.db, &w.k2, id, "public", NULL, web, 2, &e), RES_OK);
    assert_int_equal(survey_answer(w.db, &w.k2, id, "public", NULL, web, 2, &e), RES_CONFLICT);
    char codes[2 * (SURVEY_CODE_LEN + 1)];
    assert_int_equal(survey_codes(w.db, &w.k1, id, "K2", "public", 2, codes, &e), RES_NOT_FOUND);
    assert_int_equal(survey_codes(w.db, &w.k2, id, "K2", "public", 2, codes, &e), RES_OK);
    const struct survey_mark paper[] = { { "a", "basically_satisfied", 1 } };
    const struct survey_mark twice[] = { { "a", "satisfied", 1 }, { "a", "dissatisfied", 1 } };
    assert_int_equal(survey_answer(w.db, NULL, id, NULL, codes, twice, 2, &e), RES_INVALID);
    assert_int_equal(survey_answer(w.db, NULL, id, NULL, "NOPE", paper, 1, &e), RES_NOT_FOUND);
    assert_int_equal(survey_answer(w.db, NULL, id, NULL, codes, paper, 1, &e), RES_OK);
    assert_int_equal(survey_answer(w.db, NULL, id, NULL, codes, paper, 1, &e), RES_CONFLICT);
    /* secrecy: the counters hold no account, code or time; the sheets none either */
    assert_int_equal(db_count(w.db,
                              "SELECT count(*) FROM pragma_table_info('survey_count') WHERE"
                              " name NOT IN ('survey_id', 'unit_id', 'kind_code',"
                              " 'item_code', 'grade_code', 'tallied', 'answered')",
                              NULL, -1),
                     0);
    assert_int_equal(db_count(w.db, "SELECT count(*) FROM survey_respondent", NULL, -1), 1);
    /* the totals of each unit from the collectors up hold their sums, a replaced tally once */
    assert_int_equal(db_count(w.db,
                              "SELECT count(*) FROM survey_total t JOIN unit u ON u.id = t.unit_id"
                              " WHERE t.n <> (SELECT coalesce(sum(c.tallied + c.answered), 0)"
                              " FROM survey_count c JOIN unit cu ON cu.id = c.unit_id WHERE"
                              " c.survey_id = t.survey_id AND c.kind_code = t.kind_code AND"
                              " c.item_code = t.item_code AND c.grade_code = t.grade_code AND"
                              " substr(cu.path, 1, length(u.path)) = u.path)",
                              NULL, -1),
                     0);
    assert_int_equal(db_count(w.db,
                              "SELECT n FROM survey_total_sheets t JOIN unit u ON u.id ="
                              " t.unit_id WHERE u.code = 'P' AND t.kind_code = 'cadre'",
                              NULL, -1),
                     8);
    assert_int_equal(db_count(w.db, "SELECT count(DISTINCT unit_id) FROM survey_total", NULL, -1),
                     4); /* P, C1, K1, K2 */
    struct survey_results *r = calloc(1, sizeof(*r));
    struct survey *s = calloc(1, sizeof(*s));
    assert_int_equal(survey_load(w.db, &w.admin, id, s), RES_OK);
    assert_int_equal(survey_results(w.db, &w.admin, s, "P", r, NULL, NULL, &e), RES_CONFLICT);
    assert_int_equal(survey_close(w.db, &w.admin, id, &e), RES_OK);
    assert_int_equal(survey_answer(w.db, NULL, id, NULL, codes + SURVEY_CODE_LEN + 1, paper, 1, &e),
                     RES_CONFLICT); /* closed */
    results_of(&w, id, "P", r, s);
    /* a: 1,1,1,1,6 over 10: (100+80+60+30)/10 = 27.00, rate 3/10 = 30.00 */
    assert_int_equal(r->respondents, 10);
    assert_int_equal(item(r, 0)->respondents, 10);
    assert_int_equal(item(r, 0)->counted, 10);
    assert_true(item(r, 0)->has_score);
    assert_float_equal(survey_round(item(r, 0)->score), 27.0, 1e-9);
    assert_float_equal(survey_round(item(r, 0)->rate), 30.0, 1e-9);
    assert_true(item(r, 0)->weak);
    /* b: nobody answered: no score, not weak */
    assert_false(item(r, 1)->has_score);
    assert_false(item(r, 1)->weak);
    /* c: one grade only */
    assert_float_equal(survey_round(item(r, 2)->score), 80.0, 1e-9);
    assert_float_equal(survey_round(item(r, 2)->rate), 100.0, 1e-9);
    /* p: ticks counted, sheets as respondents, no score */
    assert_int_equal(item(r, 3)->counts[0], 3);
    assert_int_equal(item(r, 3)->counts[1], 1);
    assert_int_equal(item(r, 3)->respondents, 10);
    assert_false(item(r, 3)->has_score);
    /* overall: the mean of the scored items, (27 + 80) / 2 */
    assert_float_equal(survey_round(r->overall), 53.5, 1e-9);
    /* K1 alone: 16.25; its cadre kind the same; the public kind empty */
    results_of(&w, id, "K1", r, s);
    assert_float_equal(survey_round(item(r, 0)->score), 16.25, 1e-9);
    assert_int_equal(r->kind_respondents[1], 0);
    /* rounding at .005 away from zero */
    assert_float_equal(survey_round(8.125), 8.13, 1e-9);
    assert_float_equal(survey_round(8.124999), 8.12, 1e-9);
    assert_float_equal(survey_round(-8.125), -8.13, 1e-9);
    /* a weak item becomes a problem of P once; one not weak does not */
    long long problem = 0;
    assert_int_equal(survey_problem(w.db, &w.k1, id, "a", NULL, &problem, &e), RES_NOT_FOUND);
    assert_int_equal(survey_problem(w.db, &w.admin, id, "c", NULL, &problem, &e), RES_CONFLICT);
    assert_int_equal(survey_problem(w.db, &w.admin, id, "a", NULL, &problem, &e), RES_OK);
    assert_true(problem > 0);
    assert_int_equal(survey_problem(w.db, &w.admin, id, "a", NULL, &problem, &e), RES_CONFLICT);

    /* next year, weighted 3:1, compared with this one: K1 a 100 (one form), K2 a 0 (one form):
     * pooled would be 50, weighted (3 * 100 + 0) / 4 = 75 */
    const double weights[] = { 3, 1 };
    long long next = issue(&w, "satisfaction5", weights, id, -1);
    const struct survey_mark best[] = { { "a", "very_satisfied", 1 } };
    const struct survey_mark worst[] = { { "a", "dissatisfied", 1 } };
    tally(&w, &w.k1, next, "K1", "cadre", 1, best, 1, RES_OK);
    tally(&w, &w.k2, next, "K2", "cadre", 1, worst, 1, RES_OK);
    assert_int_equal(survey_close(w.db, &w.admin, next, &e), RES_OK);
    results_of(&w, next, "P", r, s);
    assert_true(s->weighted);
    assert_float_equal(survey_round(item(r, 0)->score), 75.0, 1e-9);
    assert_true(item(r, 0)->has_previous);
    assert_float_equal(item(r, 0)->previous, 27.0, 1e-9);
    assert_false(item(r, 0)->weak); /* no threshold */
    free(r);
    free(s);
    expect_audit_chain(w.db);
    db_close(w.db);
}

/* A grade without points (不了解) is tallied and shown but left out of scores and rates. */
static void test_uncounted_grade(void **state)
{
    (void)state;
    struct sworld w;
    sworld_open(&w);
    struct err e = { 0 };
    long long id = issue(&w, "selection4", NULL, 0, -1);
    const struct survey_mark marks[] = { { "a", "satisfied", 12 },
                                         { "a", "basic", 4 },
                                         { "a", "dissatisfied", 2 },
                                         { "a", "unknown", 2 } };
    tally(&w, &w.k1, id, "K1", "cadre", 20, marks, 4, RES_OK);
    assert_int_equal(survey_close(w.db, &w.admin, id, &e), RES_OK);
    struct survey_results *r = calloc(1, sizeof(*r));
    struct survey *s = calloc(1, sizeof(*s));
    results_of(&w, id, "P", r, s);
    assert_int_equal(item(r, 0)->respondents, 20);
    assert_int_equal(item(r, 0)->counted, 18);
    assert_int_equal(item(r, 0)->counts[3], 2);
    assert_float_equal(survey_round(item(r, 0)->score), 80.0, 1e-9); /* 1440 / 18 */
    assert_float_equal(survey_round(item(r, 0)->rate), 88.89, 1e-9); /* 16 / 18 */
    /* the reports' catalogue counts the sheets on the period's last day, up the tree, as a
     * rebuild does */
    long long v[128];
    assert_true(n_indicators <= 128);
    assert_int_equal(indicator_values(w.db, &w.admin, "P", "2026-07-01", "2026-07-31", v, &e),
                     RES_OK);
    assert_int_equal(v[indicator_index("survey.respondents")], 20);
    assert_int_equal(indicator_values(w.db, &w.admin, "C2", NULL, NULL, v, &e), RES_OK);
    assert_int_equal(v[indicator_index("survey.respondents")], 0);
    char what[256];
    assert_int_equal(indicator_verify(w.db, what, sizeof(what), NULL, NULL), RES_OK);
    free(r);
    free(s);
    db_close(w.db);
}

/* An evaluation on a scale of its own: ballots take that scale's grades only, a grade without
 * points is counted but left out of the score and the shares, the results count by its codes. */
static void test_evaluation_scale(void **state)
{
    (void)state;
    struct sworld w;
    sworld_open(&w);
    long long cand = add_account(w.db, "C1", "chu", "王处长", "leader");
    add_account(w.db, "K1", "sk1b", "甲县二", "staff");
    struct actor k1b;
    actor_of(w.db, "sk1b", &k1b);
    const long long cands[] = { cand };
    struct eval_input in = { .unit = "C1",
                             .title = "新提任干部民主评议",
                             .candidates = cands,
                             .n_candidates = 1,
                             .voter_unit = "K1",
                             .min_group = 1,
                             .scale = "nope" };
    long long id = 0;
    struct err e = { 0 };
    assert_int_equal(eval_create(w.db, &w.c1, &in, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "scale");
    in.scale = "selection4";
    assert_int_equal(eval_create(w.db, &w.c1, &in, &id, &e), RES_OK);
    assert_int_equal(eval_open(w.db, &w.c1, id, &e), RES_OK);
    struct eval_vote vote = { cand, "excellent" };
    struct eval_ballot b = { .eval = id, .votes = &vote, .n_votes = 1 };
    assert_int_equal(eval_cast(w.db, &w.k1, &b, &e), RES_INVALID); /* evaluation4's grade */
    vote.grade = "unknown";
    assert_int_equal(eval_cast(w.db, &w.k1, &b, &e), RES_OK);
    vote.grade = "basic";
    assert_int_equal(eval_cast(w.db, &k1b, &b, &e), RES_OK);
    assert_int_equal(eval_close(w.db, &w.c1, id, &e), RES_OK);
    struct eval_results res;
    assert_int_equal(eval_results(w.db, &w.c1, id, &res, &e), RES_OK);
    assert_string_equal(res.info.scale.code, "selection4");
    assert_int_equal(res.n_rows, 1);
    assert_int_equal(res.rows[0].all.counts[1], 1); /* basic */
    assert_int_equal(res.rows[0].all.counts[3], 1); /* unknown */
    assert_int_equal(res.rows[0].all.n, 2);
    assert_float_equal(res.rows[0].all.score, 60.0, 1e-9);      /* unknown left out */
    assert_float_equal(res.rows[0].excellent_share, 0.0, 1e-9); /* no 满意 */
    assert_float_equal(res.rows[0].good_share, 0.0, 1e-9);      /* 60 is not above 60 */
    assert_int_equal(res.info.points[3], SCALE_NO_POINTS);
    eval_results_free(&res);
    db_close(w.db);
}

/* The results page of a closed survey: its items with their scores and weak marks, the chart of
 * this year against the previous, the ranking; the weak item filed as a problem from its button,
 * once; the list of surveys and the scales. */
/* Collects an import's problems as "line field" words. */
static void import_problem(void *ctx, int line, const struct err *err)
{
    buf_addf(ctx, "%d %s;", line, err->field ? err->field : "-");
}

/* Sums a tally's counts into ctx: item a's very_satisfied ×1, everything ×0 beside it, so that
 * the sum names both the counts and where they went. */
struct tally_seen {
    long long a_very, a_not_very, a_dissatisfied, c_satisfied, p_seek, total;
};

static void seen_count(void *ctx, const char *item, const char *code, long long n)
{
    struct tally_seen *t = ctx;
    t->total += n;
    if (strcmp(item, "a") == 0 && strcmp(code, "very_satisfied") == 0)
        t->a_very = n;
    if (strcmp(item, "a") == 0 && strcmp(code, "not_very_satisfied") == 0)
        t->a_not_very = n;
    if (strcmp(item, "a") == 0 && strcmp(code, "dissatisfied") == 0)
        t->a_dissatisfied = n;
    if (strcmp(item, "c") == 0 && strcmp(code, "satisfied") == 0)
        t->c_satisfied = n;
    if (strcmp(item, "p") == 0 && strcmp(code, "seek") == 0)
        t->p_seek = n;
}

static void test_tally_import(void **state)
{
    (void)state;
    struct sworld w;
    sworld_open(&w);
    struct err e = { 0 };
    long long id = issue(&w, "satisfaction5", NULL, 0, 70);
    /* Chinese headers and names, codes beside them; one item per row, a unit and kind's rows
     * one tally; blank cells are none */
    static const char good[] = "单位,对象类别,份数,测评项目,很满意,满意,basically_satisfied,"
                               "不太满意,不满意,跑官要官,canvass\n"
                               "K1,干部,8,a,1,,,1,6,,\n"
                               "K2,群众,2,总体,,2,,,,,\n"
                               "K1,cadre,8,单一等次,,8,,,,,\n"
                               "K1,cadre,8,p,,,,,,3,\n";
    struct buf problems;
    buf_init(&problems, 4096);
    struct import_report rep = { .fn = import_problem, .ctx = &problems };
    long long n = 0;
    assert_int_equal(survey_tally_import(w.db, &w.k1, id, good, strlen(good), &n, &rep),
                     RES_INVALID);
    assert_string_equal(buf_str(&problems), "3 unit;"); /* K2 is outside sk1's scope */
    buf_reset(&problems);
    assert_int_equal(survey_tally_import(w.db, &w.c1, id, good, strlen(good), &n, &rep), RES_OK);
    assert_int_equal(n, 2);
    assert_string_equal(buf_str(&problems), "");
    long long forms = 0;
    struct tally_seen t = { 0 };
    assert_int_equal(
        survey_tally_get(w.db, &w.admin, id, "K1", "cadre", &forms, seen_count, &t, &e), RES_OK);
    assert_int_equal(forms, 8);
    assert_int_equal(t.a_very, 1);
    assert_int_equal(t.a_not_very, 1);
    assert_int_equal(t.a_dissatisfied, 6);
    assert_int_equal(t.c_satisfied, 8);
    assert_int_equal(t.p_seek, 3);
    assert_int_equal(t.total, 19);
    /* a bad file: every bad row reported with its column, and nothing kept, not even its good
     * rows (K2 public stays 2 on a) */
    static const char bad[] =
        "unit,kind,forms,item,very_satisfied,satisfied,跑官要官\n"
        "K2,public,1,a,5,,\n" /* more than the forms: the tally's first line, the item */
        "K1,cadre,8,a,,1,\n"
        "K1,cadre,9,c,,1,\n"    /* forms differ from the tally's first row */
        "K1,cadre,8,a,,1,\n"    /* item a twice */
        "K1,public,3,a,3,,\n"   /* good, but not kept */
        "K1,alien,8,a,1,,\n"    /* unknown kind */
        "K1,cadre,x,a,1,,\n"    /* forms not a number */
        "K1,cadre,8,nope,1,,\n" /* unknown item */
        "K1,cadre,8,a,,,1\n"    /* an option's column on a graded item */
        "K1,cadre,8,a,-1,,\n"   /* a negative count */
        "K1,cadre,8\n";         /* too few fields */
    buf_reset(&problems);
    assert_int_equal(survey_tally_import(w.db, &w.admin, id, bad, strlen(bad), &n, &rep),
                     RES_INVALID);
    assert_int_equal(n, 0);
    assert_string_equal(buf_str(&problems), "7 kind;8 forms;9 item;10 跑官要官;11 very_satisfied;"
                                            "12 line;4 forms;5 item;2 a;");
    memset(&t, 0, sizeof(t));
    assert_int_equal(
        survey_tally_get(w.db, &w.admin, id, "K1", "public", &forms, seen_count, &t, &e), RES_OK);
    assert_int_equal(forms + t.total, 0);
    memset(&t, 0, sizeof(t));
    assert_int_equal(
        survey_tally_get(w.db, &w.admin, id, "K2", "public", &forms, seen_count, &t, &e), RES_OK);
    assert_int_equal(forms, 2);
    assert_int_equal(t.total, 2);
    /* a header without the fixed columns, and a closed survey: refused on line 1 */
    buf_reset(&problems);
    assert_int_equal(survey_tally_import(w.db, &w.admin, id, "a,b\n", 4, &n, &rep), RES_INVALID);
    assert_string_equal(buf_str(&problems), "1 header;");
    assert_int_equal(survey_close(w.db, &w.admin, id, &e), RES_OK);
    buf_reset(&problems);
    assert_int_equal(survey_tally_import(w.db, &w.admin, id, good, strlen(good), &n, &rep),
                     RES_CONFLICT);
    assert_string_equal(buf_str(&problems), "1 state;");
    buf_release(&problems);
    db_close(w.db);
}

static void test_pages(void **state)
{
    (void)state;
    struct sworld w;
    char path[TEST_PATH_LEN];
    sworld_open_at(&w, path);
    struct err e = { 0 };
    long long first = issue(&w, "satisfaction5", NULL, 0, -1);
    const struct survey_mark good[] = { { "a", "very_satisfied", 4 } };
    tally(&w, &w.k1, first, "K1", "cadre", 4, good, 1, RES_OK);
    assert_int_equal(survey_close(w.db, &w.admin, first, &e), RES_OK);
    long long id = issue(&w, "satisfaction5", NULL, first, 70);
    const struct survey_mark k1[] = { { "a", "dissatisfied", 3 },
                                      { "a", "satisfied", 1 },
                                      { "c", "satisfied", 4 } };
    const struct survey_mark k2[] = { { "a", "very_satisfied", 2 }, { "c", "satisfied", 2 } };
    tally(&w, &w.k1, id, "K1", "cadre", 4, k1, 3, RES_OK);
    tally(&w, &w.k2, id, "K2", "public", 2, k2, 2, RES_OK);
    assert_int_equal(survey_close(w.db, &w.admin, id, &e), RES_OK);
    /* a period report over July, when the survey's period ends */
    static const char *const codes[] = { "task.total" }, *const levels[] = { "county" };
    const struct report_input rin = { .unit = "P",
                                      .title = "七月报表",
                                      .from = "2026-07-01",
                                      .to = "2026-07-31",
                                      .due = "2026-08-05",
                                      .codes = codes,
                                      .n_codes = 1,
                                      .levels = levels,
                                      .n_levels = 1 };
    long long rep = 0;
    assert_int_equal(report_create(w.db, &w.admin, &rin, &rep, &e), RES_OK);
    db_close(w.db);

    struct server *srv = test_server_start(path, 0);
    assert_non_null(srv);
    CURL *h = client_new();
    struct resp r = { 0 };
    login_as(h, "sadmin");
    char page[64], action[96];
    snprintf(page, sizeof(page), "/surveys/%lld", id);
    assert_int_equal(request(h, "GET", page, NULL, NULL, 0, &r), 200);
    /* a: (80 + 200) / 6 = 46.67 against 100.00 the year before, weak; c: 80.00 */
    assert_true(body_has(&r, "总体"));
    assert_true(body_has(&r, "46.67"));
    assert_true(body_has(&r, "100.00"));
    assert_true(body_has(&r, "80.00"));
    assert_true(body_has(&r, "▼弱项"));
    assert_true(body_has(&r, "<svg"));
    assert_true(body_has(&r, "下级单位排名"));
    snprintf(action, sizeof(action), "/surveys/%lld/items/a/problem", id);
    assert_true(body_has(&r, action));
    assert_int_equal(post_form(h, page, action, "", &r), 303);
    assert_int_equal(request(h, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "已转入整改台账") || body_has(&r, "总体"));
    assert_int_equal(post_form(h, page, action, "", &r), 409);
    /* the same figures in the spreadsheet */
    snprintf(action, sizeof(action), "/surveys/%lld/results.xlsx?unit=P", id);
    assert_int_equal(request(h, "GET", action, NULL, NULL, 0, &r), 200);
    struct buf csv;
    buf_init(&csv, 1 << 20);
    assert_int_equal(xlsx_to_csv(r.body.data, r.body.len, &csv), 0);
    assert_non_null(strstr(buf_str(&csv), "总体"));
    assert_non_null(strstr(buf_str(&csv), "46.67"));
    assert_non_null(strstr(buf_str(&csv), "一市委组织部"));
    buf_release(&csv);
    assert_int_equal(request(h, "GET", "/surveys", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, page));
    assert_int_equal(request(h, "GET", "/scales", NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "不了解"));
    /* the report shows K1's results beside its figures: a (0 × 3 + 80) / 4 = 20.00 */
    snprintf(action, sizeof(action), "/reports/%lld/units/K1", rep);
    assert_int_equal(request(h, "GET", action, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "满意度调查结果"));
    assert_true(body_has(&r, "20.00"));
    assert_true(body_has(&r, "80.00"));
    /* a county sees its own figures only */
    CURL *k = client_new();
    login_as(k, "sk1");
    assert_int_equal(request(k, "GET", page, NULL, NULL, 0, &r), 200);
    assert_false(body_has(&r, "下级单位排名"));
    char other[96];
    snprintf(other, sizeof(other), "%s?unit=K2", page);
    assert_int_equal(request(k, "GET", other, NULL, NULL, 0, &r), 200);
    assert_false(body_has(&r, "46.67"));
    resp_free(&r);
    curl_easy_cleanup(h);
    curl_easy_cleanup(k);
    server_stop(srv);
}

/* Answering on the pages: an account's sheet once, a paper code's sheet once without login;
 * both counted. */
static void test_answer_pages(void **state)
{
    (void)state;
    struct sworld w;
    char path[TEST_PATH_LEN];
    sworld_open_at(&w, path);
    long long id = issue(&w, "satisfaction5", NULL, 0, -1);
    char code[SURVEY_CODE_LEN + 1];
    struct err e = { 0 };
    assert_int_equal(survey_codes(w.db, &w.k2, id, "K2", "public", 1, code, &e), RES_OK);
    db_close(w.db);

    struct server *srv = test_server_start(path, 0);
    assert_non_null(srv);
    CURL *h = client_new(), *anon = client_new();
    struct resp r = { 0 };
    login_as(h, "sk1");
    char page[64], paper[96], fields[160];
    snprintf(page, sizeof(page), "/surveys/%lld/answer", id);
    assert_int_equal(request(h, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "name=\"g_a\""));
    assert_true(body_has(&r, "跑官要官"));
    assert_int_equal(post_form(h, page, page, "kind=cadre&g_a=satisfied&c_p=seek&c_p=canvass", &r),
                     200);
    assert_true(body_has(&r, "答卷已提交"));
    assert_int_equal(post_form(h, page, page, "kind=cadre&g_a=dissatisfied", &r), 409);
    /* K1's tally from its paper forms, entered on its page, shown again for correcting; an
     * item counted more often than the forms refused */
    char tally[80];
    snprintf(tally, sizeof(tally), "/surveys/%lld/tallies/K1", id);
    assert_int_equal(request(h, "GET", tally, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "name=\"n_a_satisfied\""));
    assert_true(body_has(&r, "拉票贿选"));
    assert_int_equal(post_form(h, tally, tally, "kind=cadre&forms=2&n_a_satisfied=3", &r), 400);
    assert_int_equal(
        post_form(h, tally, tally,
                  "kind=cadre&forms=5&n_a_very_satisfied=3&n_a_satisfied=2&n_p_canvass=1", &r),
        303);
    assert_int_equal(request(h, "GET", tally, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "name=\"n_a_very_satisfied\" type=\"number\" min=\"0\" value=\"3\""));
    snprintf(tally, sizeof(tally), "/surveys/%lld/tallies/K2", id);
    assert_int_equal(request(h, "GET", tally, NULL, NULL, 0, &r), 404);
    /* the paper code: asked for, then its sheet, once */
    snprintf(page, sizeof(page), "/answer/%lld", id);
    assert_int_equal(request(anon, "GET", page, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "name=\"code\""));
    snprintf(paper, sizeof(paper), "/answer/%lld?code=%s", id, code);
    assert_int_equal(request(anon, "GET", paper, NULL, NULL, 0, &r), 200);
    assert_true(body_has(&r, "name=\"g_a\""));
    snprintf(fields, sizeof(fields), "code=%s&g_a=dissatisfied", code);
    assert_int_equal(post_form(anon, paper, page, fields, &r), 200);
    assert_int_equal(request(anon, "GET", paper, NULL, NULL, 0, &r), 409);
    resp_free(&r);
    curl_easy_cleanup(h);
    curl_easy_cleanup(anon);
    server_stop(srv);

    struct buf msg;
    buf_init(&msg, 1024);
    w.db = db_open(path, 0, &msg);
    buf_release(&msg);
    assert_non_null(w.db);
    assert_int_equal(survey_close(w.db, &w.admin, id, &e), RES_OK);
    struct survey_results *res = calloc(1, sizeof(*res));
    struct survey *s = calloc(1, sizeof(*s));
    results_of(&w, id, "P", res, s);
    assert_int_equal(res->respondents, 2 + 5);
    assert_int_equal(item(res, 0)->counts[0], 3);     /* very satisfied, tallied */
    assert_int_equal(item(res, 0)->counts[1], 1 + 2); /* satisfied */
    assert_int_equal(item(res, 0)->counts[4], 1);     /* dissatisfied */
    assert_int_equal(item(res, 3)->counts[0], 1);     /* seek */
    assert_int_equal(item(res, 3)->counts[1], 1 + 1); /* canvass */
    free(res);
    free(s);
    db_close(w.db);
}

int test_survey(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_scales, reset_today),
        cmocka_unit_test_teardown(test_scores, reset_today),
        cmocka_unit_test_teardown(test_uncounted_grade, reset_today),
        cmocka_unit_test_teardown(test_tally_import, reset_today),
        cmocka_unit_test_teardown(test_evaluation_scale, reset_today),
        cmocka_unit_test_teardown(test_pages, reset_today),
        cmocka_unit_test_teardown(test_answer_pages, reset_today),
    };
    return cmocka_run_group_tests_name("survey", tests, NULL, NULL);
}
