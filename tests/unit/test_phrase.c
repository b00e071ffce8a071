/*
 * Tests of src/core/phrase.c: the whole test table of shared/research/rollup-summary-print.md
 * §2.2 in both registers, the speech's figures (seed/speech.txt), each rule's edges, the style
 * options, and percentages. Oracles are the research note's table and hand-worked values.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "tests.h"

#include "core/buf.h"
#include "core/phrase.h"

struct row {
    long long n;
    const char *cls;
    const char *want;
};

static void check_rows(const struct row *rows, size_t n_rows, enum phrase_mode mode,
                       const struct phrase_style *style)
{
    struct buf b;
    buf_init(&b, 256);
    for (size_t i = 0; i < n_rows; i++) {
        buf_reset(&b);
        if (style)
            phrase_count_style(&b, rows[i].n, rows[i].cls, mode, style);
        else
            phrase_count(&b, rows[i].n, rows[i].cls, mode);
        assert_int_equal(b.err, BUF_ERR_NONE);
        if (strcmp(buf_str(&b), rows[i].want) != 0)
            fail_msg("%lld %s (%s): got '%s', want '%s'", rows[i].n, rows[i].cls,
                     mode == PHRASE_APPROX ? "approx" : "exact", buf_str(&b), rows[i].want);
    }
    buf_release(&b);
}

#define CHECK(rows, mode) check_rows((rows), sizeof(rows) / sizeof((rows)[0]), (mode), NULL)

/* The §2.2 table, APPROX column */
static void test_table_approx(void **state)
{
    (void)state;
    static const struct row rows[] = {
        { 47, "人", "47人" },
        { 105, "个", "100多个" },
        { 2700, "次", "2700次" },
        { 2734, "次", "2700多次" },
        { 2795, "次", "近2800次" },
        { 36000, "人次", "36000人次" },
        { 36210, "人（次）", "36000多人（次）" },
        { 99950, "人", "近10万人" },
        { 149000, "条", "近15万条" },
        { 220000, "份", "22万份" },
        { 220345, "份", "22万多份" },
        { 1234567, "人", "120多万人" },
        { 95148000, "名", "9500多万名" },
        { 1412000000, "人", "14亿多人" },
    };
    CHECK(rows, PHRASE_APPROX);
}

/* The §2.2 table, EXACT column */
static void test_table_exact(void **state)
{
    (void)state;
    static const struct row rows[] = {
        { 47, "人", "47人" },
        { 105, "个", "105个" },
        { 2700, "次", "2700次" },
        { 2734, "次", "2734次" },
        { 2795, "次", "2795次" },
        { 36000, "人次", "36000人次" },
        { 36210, "人（次）", "36210人（次）" },
        { 99950, "人", "99950人" },
        { 149000, "条", "14.9万条" },
        { 220000, "份", "22.0万份" },
        { 220345, "份", "22.0万份" },
        { 1234567, "人", "123.5万人" },
        { 95148000, "名", "9514.8万名" },
        { 1412000000, "人", "141200.0万人" },
    };
    CHECK(rows, PHRASE_EXACT);
}

/* The figures the speech states (issue 17, item 7), from counts that round to them. */
static void test_speech_figures(void **state)
{
    (void)state;
    static const struct row approx[] = {
        { 220345, "份", "22万多份" },
        { 2734, "次", "2700多次" },
        { 36210, "人（次）", "36000多人（次）" },
        { 54321, "人（次）", "54000多人（次）" },
        { 27450, "名", "27000多名" },
        { 2543, "篇（次）", "2500多篇（次）" },
        /* 800多 holds for 801..808 only: two significant figures make 812 "810多" (rule 2) */
        { 805, "篇（次）", "800多篇（次）" },
        { 812, "篇（次）", "810多篇（次）" },
        { 17, "人", "17人" },
    };
    CHECK(approx, PHRASE_APPROX);
    static const struct row exact[] = {
        { 1425, "期", "1425期" }, { 6078, "项", "6078项" }, { 5347, "项", "5347项" },
        { 2904, "项", "2904项" }, { 4970, "项", "4970项" },
    };
    CHECK(exact, PHRASE_EXACT);
    /* every count from 149000 to 149999 is 近15万 */
    struct buf b;
    buf_init(&b, 64);
    for (long long n = 149000; n <= 149999; n++) {
        buf_reset(&b);
        phrase_count(&b, n, "条", PHRASE_APPROX);
        if (strcmp(buf_str(&b), "近15万条") != 0)
            fail_msg("%lld: got '%s'", n, buf_str(&b));
    }
    buf_release(&b);
}

/* Each rule's edges: small counts, the 近 boundary (a tenth of a step), the 万 threshold, the 万
 * and 亿 placements of the qualifier, and the mixed 亿万 form. */
static void test_edges(void **state)
{
    (void)state;
    static const struct row rows[] = {
        { 0, "个", "0个" },
        { 99, "人", "99人" },   /* below min_approx */
        { 100, "人", "100人" }, /* round */
        { 101, "人", "100多人" },
        { 108, "人", "100多人" },
        { 109, "人", "近110人" }, /* 1 away from 110: a tenth of the step 10 */
        { 999, "人", "近1000人" },
        { 1000, "次", "1000次" },
        { 1089, "次", "1000多次" },
        { 1090, "次", "近1100次" },
        { 99000, "人", "99000人" },
        { 99899, "人", "99000多人" }, /* 101 away: not near */
        { 99900, "人", "近10万人" },
        { 100000, "份", "10万份" }, /* the threshold itself */
        { 100001, "份", "10万多份" },
        { 109000, "份", "近11万份" },
        { 990000, "份", "99万份" },
        { 999999, "份", "近100万份" },
        { 1000000, "份", "100万份" },
        { 1250000, "份", "120多万份" },
        { 1290000, "份", "近130万份" },
        { 99999999, "人", "近1亿人" },
        { 100000000, "人", "1亿人" },
        { 105000000, "人", "1亿多人" }, /* the 千万 digit of lo is 0 */
        { 120000000, "人", "1亿2000万人" },
        { 123456789, "人", "1亿2000多万人" },
        { 129500000, "人", "近1亿3000万人" },
        { 995000000, "人", "9亿9000多万人" },
        { 12300000000LL, "元", "120多亿元" },
        { 12000000000LL, "元", "120亿元" },
        { 1490000000, "人", "近15亿人" },
        { LLONG_MAX, "人", "92000000000多亿人" },
        { -3, "人", "-3人" },
    };
    CHECK(rows, PHRASE_APPROX);
    static const struct row exact[] = {
        { 0, "个", "0个" },           { 99999, "人", "99999人" },   { 100000, "份", "10.0万份" },
        { 100499, "份", "10.0万份" }, { 100500, "份", "10.1万份" }, { 999950, "份", "100.0万份" },
        { -3, "人", "-3人" },
    };
    CHECK(exact, PHRASE_EXACT);
}

/* The options: 余 for 多, another threshold, no 近, a higher min_approx; a threshold below
 * 100000 is raised to it. */
static void test_style(void **state)
{
    (void)state;
    static const struct phrase_style yu = { "余", 100000, 100, 10 };
    static const struct row yu_rows[] = {
        { 2734, "次", "2700余次" },
        { 220345, "份", "22万余份" },
        { 1234567, "人", "120余万人" },
        { 2795, "次", "近2800次" },
    };
    check_rows(yu_rows, sizeof(yu_rows) / sizeof(yu_rows[0]), PHRASE_APPROX, &yu);
    static const struct phrase_style million = { "多", 1000000, 1000, 0 };
    static const struct row million_rows[] = {
        { 500, "人", "500人" },         /* below min_approx 1000 */
        { 2795, "次", "2700多次" },     /* no 近 */
        { 220345, "份", "220000多份" }, /* below the 万 threshold */
        { 999999, "份", "990000多份" }, { 1234567, "人", "120多万人" },
    };
    check_rows(million_rows, sizeof(million_rows) / sizeof(million_rows[0]), PHRASE_APPROX,
               &million);
    static const struct row million_exact[] = {
        { 220345, "份", "220345份" },
        { 1234567, "人", "123.5万人" },
    };
    check_rows(million_exact, sizeof(million_exact) / sizeof(million_exact[0]), PHRASE_EXACT,
               &million);
    static const struct phrase_style low = { "多", 10000, 100, 10 };
    static const struct row low_rows[] = {
        { 36210, "人", "36000多人" }, /* never 3.6万多 */
        { 220345, "份", "22万多份" },
    };
    check_rows(low_rows, sizeof(low_rows) / sizeof(low_rows[0]), PHRASE_APPROX, &low);
}

static void test_percent(void **state)
{
    (void)state;
    static const struct {
        long long num, den;
        const char *want;
    } rows[] = {
        { 22, 25, "88%" },       { 883, 1000, "88.3%" },
        { 5347, 6078, "88%" },   { 91, 1000, "9.1%" },
        { 466, 1000, "46.6%" },  { 1, 3, "33.3%" },
        { 2, 3, "66.7%" },       { 1, 16, "6.3%" }, /* 6.25 half up */
        { 0, 7, "0%" },          { 7, 7, "100%" },
        { 3, 2, "150%" },        { 1, 2000, "0.1%" },
        { 1, 2001, "0%" },       { 999, 1000, "99.9%" },
        { 9995, 10000, "100%" }, { 1, 0, "—" },
        { -1, 5, "—" },          { LLONG_MAX, LLONG_MAX, "100%" },
    };
    struct buf b;
    buf_init(&b, 64);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        buf_reset(&b);
        phrase_percent(&b, rows[i].num, rows[i].den);
        if (strcmp(buf_str(&b), rows[i].want) != 0)
            fail_msg("%lld/%lld: got '%s', want '%s'", rows[i].num, rows[i].den, buf_str(&b),
                     rows[i].want);
    }
    buf_release(&b);
}

/* A figure that does not fit leaves the buffer's sticky error, as every append does; a NULL
 * classifier is none. */
static void test_full_buffer(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4);
    phrase_count(&b, 220345, "份", PHRASE_APPROX);
    assert_int_equal(b.err, BUF_ERR_FULL);
    buf_release(&b);
    /* no classifier */
    buf_init(&b, 64);
    phrase_count(&b, 2734, NULL, PHRASE_APPROX);
    assert_string_equal(buf_str(&b), "2700多");
    buf_release(&b);
}

int test_phrase(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_approx),   cmocka_unit_test(test_table_exact),
        cmocka_unit_test(test_speech_figures), cmocka_unit_test(test_edges),
        cmocka_unit_test(test_style),          cmocka_unit_test(test_percent),
        cmocka_unit_test(test_full_buffer),
    };
    return cmocka_run_group_tests_name("phrase", tests, NULL, NULL);
}
