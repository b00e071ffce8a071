/*
 * Tests of the core layer (src/core): the bounded buffer, the arena, UTF-8 and number checks,
 * the HTML writer, the CSV reader and cell writer, the clock, exact shares and the result helpers.
 * No database, no threads.
 */
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "tests.h"

#include "core/arena.h"
#include "core/bigram.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/collate.h"
#include "core/csv.h"
#include "core/file.h"
#include "core/html.h"
#include "core/json.h"
#include "core/result.h"
#include "core/share.h"
#include "core/str.h"
#include "core/table.h"
#include "core/xalloc.h"
#include "core/xlsx.h"
#include "web/export.h"

/* ---- buf ---- */

static void test_buf_empty(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 16);
    assert_null(b.data);
    assert_string_equal(buf_str(&b), "");
    buf_add(&b, "", 0);
    assert_int_equal(b.err, 0);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    buf_release(&b);
    assert_int_equal(b.max, 16);
}

static void test_buf_bounded(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    buf_adds(&b, "abcd");
    assert_int_equal(b.len, 4);
    assert_int_equal(b.err, 0);

    /* 4 + 5 > 8: nothing of it is appended, and the error sticks */
    buf_adds(&b, "efghi");
    assert_int_equal(b.err, 1);
    assert_int_equal(b.len, 4);
    assert_string_equal(buf_str(&b), "abcd");
    buf_addch(&b, 'e');
    buf_addf(&b, "%d", 1);
    assert_int_equal(b.err, 1);
    assert_string_equal(buf_str(&b), "abcd");

    /* a reset clears the error; exactly max bytes fit, one more does not */
    buf_reset(&b);
    assert_int_equal(b.err, 0);
    assert_string_equal(buf_str(&b), "");
    buf_adds(&b, "12345678");
    assert_int_equal(b.err, 0);
    assert_string_equal(buf_str(&b), "12345678");
    buf_addch(&b, '9');
    assert_int_equal(b.err, 1);
    assert_int_equal(b.len, 8);
    assert_string_equal(buf_str(&b), "12345678");
    buf_release(&b);
    assert_int_equal(b.err, 0);
    assert_int_equal(b.len, 0);
}

static void test_buf_addf(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    buf_addf(&b, "%s=%d;", "n", 42);
    buf_addf(&b, "%s", "");
    buf_addf(&b, "%05.1f|%lld", 2.5, -7LL);
    assert_int_equal(b.err, 0);
    assert_string_equal(buf_str(&b), "n=42;002.5|-7");

    /* many appends grow the storage past its first allocation */
    buf_reset(&b);
    for (int i = 0; i < 300; i++)
        buf_addf(&b, "%03d,", i);
    assert_int_equal(b.err, 0);
    assert_int_equal(b.len, 1200);
    assert_int_equal(strlen(buf_str(&b)), 1200);
    assert_memory_equal(buf_str(&b) + 1196, "299,", 4);
    buf_release(&b);

    /* a formatted append that does not fit appends nothing */
    buf_init(&b, 10);
    buf_addf(&b, "%s", "0123");
    buf_addf(&b, "%s-%s", "abcd", "efgh");
    assert_int_equal(b.err, 1);
    assert_string_equal(buf_str(&b), "0123");
    buf_release(&b);
}

static void test_buf_detach(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    buf_adds(&b, "hello");
    size_t len = 0;
    char *s = buf_detach(&b, &len);
    assert_string_equal(s, "hello");
    assert_int_equal(len, 5);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 100);
    free(s);

    /* the buffer is usable again, and an empty one detaches to an allocated "" */
    buf_adds(&b, "x");
    assert_string_equal(buf_str(&b), "x");
    buf_release(&b);
    s = buf_detach(&b, &len);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    s = buf_detach(&b, NULL);
    free(s);
}

/* ---- arena ---- */

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void test_arena_alloc(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    for (size_t n = 0; n < 100; n++) {
        unsigned char *p = arena_alloc(&a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        assert_true(all_zero(p, n));
        memset(p, 0xa5, n); /* the next allocation must not see this */
    }
    /* enough small allocations to fill several blocks */
    for (int i = 0; i < 2000; i++) {
        unsigned char *p = arena_alloc(&a, 40);
        assert_int_equal((uintptr_t)p % 16, 0);
        assert_true(all_zero(p, 40));
        memset(p, 0x5a, 40);
    }
    arena_release(&a);
    assert_null(a.head);
    arena_release(&a); /* twice is harmless */
}

static void test_arena_strings(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    char *s = arena_strdup(&a, "中文 text");
    assert_string_equal(s, "中文 text");
    s = arena_strndup(&a, "hello", 3);
    assert_string_equal(s, "hel");
    s = arena_strdup(&a, "");
    assert_string_equal(s, "");
    s = arena_printf(&a, "%s-%d-%05.2f", "a", 5, 1.5);
    assert_string_equal(s, "a-5-01.50");
    /* a formatted string longer than a block */
    s = arena_printf(&a, "%*s|", 20000, "x");
    assert_int_equal(strlen(s), 20001);
    assert_int_equal(s[19999], 'x');
    assert_int_equal(s[20000], '|');
    /* numbers as "%lld" gives them, at both ends of the range */
    static const long long nums[] = { 0, 7, -7, 1234567890123LL, LLONG_MAX, LLONG_MIN };
    for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
        char want[32];
        snprintf(want, sizeof(want), "%lld", nums[i]);
        assert_string_equal(arena_int(&a, nums[i]), want);
    }
    arena_release(&a);
}

static void test_arena_big(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    unsigned char *small = arena_alloc(&a, 10);
    memset(small, 1, 10);
    static const size_t sizes[] = { 16384, 16385, 40000, 100000, 1 << 20 };
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        unsigned char *p = arena_alloc(&a, sizes[i]);
        assert_int_equal((uintptr_t)p % 16, 0);
        assert_true(all_zero(p, sizes[i]));
        memset(p, 0xff, sizes[i]); /* ASan catches a block that is too small */
        unsigned char *q = arena_alloc(&a, 24);
        assert_true(all_zero(q, 24));
        memset(q, 0xee, 24);
    }
    for (int i = 0; i < 10; i++)
        assert_int_equal(small[i], 1); /* earlier allocations stay valid */
    arena_release(&a);
}

/* A request for more memory than exists must end the process (out of memory is fatal), not
 * hand out a block smaller than asked: the size is rounded up to 16 without an overflow check. */
static void test_arena_huge_is_fatal(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* cmocka's handlers would resume the suite inside the child after a crash */
        static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGSYS };
        for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
            signal(sigs[i], SIG_DFL);
        if (!freopen("/dev/null", "w", stderr))
            _exit(3);
        struct arena a;
        arena_init(&a);
        (void)arena_alloc(&a, 8);
        (void)arena_alloc(&a, SIZE_MAX - 7); /* rounds up past SIZE_MAX */
        _exit(0);                            /* reached only when it "succeeded" */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- str ---- */

static void test_utf8_valid(void **state)
{
    (void)state;
    static const char zh[] = "台账管理";
    assert_true(utf8_valid(zh, strlen(zh)));
    assert_true(utf8_valid("", 0));
    assert_true(utf8_valid("plain ascii", 11));
    assert_true(utf8_valid("\xF0\x9F\x98\x80", 4)); /* U+1F600, four bytes */
    assert_false(utf8_valid("\xff\xfe", 2));
    assert_false(utf8_valid("a\xff", 2));
    assert_false(utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
    assert_false(utf8_valid("\xe0\x80\xaf", 3));     /* overlong '/', three bytes */
    assert_false(utf8_valid("\xf0\x80\x80\xaf", 4)); /* overlong '/', four bytes */
    assert_false(utf8_valid("\xed\xa0\x80", 3));     /* a UTF-16 surrogate */
    assert_false(utf8_valid("\xe5\x8f", 2));         /* truncated sequence */
    assert_false(utf8_valid("\x80", 1));             /* lone continuation byte */
    assert_false(utf8_valid("a\0b", 3));             /* NUL byte */
    assert_false(utf8_valid("\0", 1));
}

static void test_utf8_chars(void **state)
{
    (void)state;
    static const char mixed[] = "台账ab";
    assert_int_equal(strlen(mixed), 8);
    assert_int_equal(utf8_chars(mixed, strlen(mixed)), 4);
    assert_int_equal(utf8_chars("", 0), 0);
    assert_int_equal(utf8_chars("\xF0\x9F\x98\x80x", 5), 2);
    assert_int_equal(utf8_chars("ab\xfe", 3), -1);
    assert_int_equal(utf8_chars("a\0", 2), -1);
}

static void test_text_check(void **state)
{
    (void)state;
    assert_int_equal(text_check("", 1, 10, 0), TEXT_EMPTY);
    assert_int_equal(text_check(NULL, 1, 10, 0), TEXT_EMPTY);
    assert_int_equal(text_check("   ", 1, 10, 0), TEXT_EMPTY);
    assert_int_equal(text_check("\n \r\n", 1, 10, 1), TEXT_EMPTY);
    assert_int_equal(text_check("", 0, 10, 0), TEXT_OK);
    assert_int_equal(text_check(NULL, 0, 10, 0), TEXT_OK);

    /* lengths count characters: 3 characters in 9 bytes fit a limit of 3 */
    assert_int_equal(text_check("中文字", 1, 3, 0), TEXT_OK);
    assert_int_equal(text_check("中文字符", 1, 3, 0), TEXT_TOO_LONG);
    assert_int_equal(text_check("abc", 1, 3, 0), TEXT_OK);
    assert_int_equal(text_check("abcd", 1, 3, 0), TEXT_TOO_LONG);

    assert_int_equal(text_check("a\xff", 1, 10, 0), TEXT_BAD_UTF8);
    assert_int_equal(text_check("\xc0\xaf", 0, 10, 0), TEXT_BAD_UTF8);

    assert_int_equal(text_check("a\x01z", 1, 10, 0), TEXT_CONTROL);
    assert_int_equal(text_check("a\x1bz", 1, 10, 1), TEXT_CONTROL);
    assert_int_equal(text_check("del\x7f", 1, 10, 1), TEXT_CONTROL);
    assert_int_equal(text_check("two\nlines", 1, 20, 0), TEXT_CONTROL);
    assert_int_equal(text_check("a\tb", 1, 20, 0), TEXT_CONTROL);
    assert_int_equal(text_check("two\nlines", 1, 20, 1), TEXT_OK);
    assert_int_equal(text_check("two\r\nlines\tx", 1, 20, 1), TEXT_OK);
}

/* U+0085 (NEL) and the other C1 codes are control characters too (Unicode category Cc): a name
 * holding one shows as a line break or nothing, depending on the program. */
static void test_text_check_c1_control(void **state)
{
    (void)state;
    assert_int_equal(text_check("a\xc2\x85z", 1, 10, 0), TEXT_CONTROL);
    assert_int_equal(text_check("a\xc2\x9bz", 1, 10, 1), TEXT_CONTROL);
    assert_int_equal(text_check("a\xc2\xa0z", 1, 10, 0), TEXT_OK); /* no-break space is fine */
}

/* Chinese numerals for 1..99 as headings and names count (十二, 二十九), digits beyond. */
static void test_str_zh_number(void **state)
{
    (void)state;
    static const struct {
        int n;
        const char *zh;
    } cases[] = { { 1, "一" },      { 9, "九" },      { 10, "十" },    { 12, "十二" },
                  { 20, "二十" },   { 29, "二十九" }, { 31, "三十一" }, { 99, "九十九" },
                  { 100, "100" }, { 0, "0" },       { -3, "-3" } };
    char zh[STR_ZH_NUMBER_MAX];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_string_equal(str_zh_number(zh, cases[i].n), cases[i].zh);
}

static void test_str_copy(void **state)
{
    (void)state;
    char small[4];
    memset(small, 'x', sizeof(small));
    str_copy(small, sizeof(small), "abcdef");
    assert_string_equal(small, "abc");
    str_copy(small, sizeof(small), "");
    assert_string_equal(small, "");
    char big[16];
    str_copy(big, sizeof(big), "单位");
    assert_string_equal(big, "单位");
    str_copy(big, 1, "abc");
    assert_string_equal(big, "");
}

static void test_str_to_ll(void **state)
{
    (void)state;
    long long v = 99;
    assert_int_equal(str_to_ll("42", 0, 100, &v), 0);
    assert_int_equal(v, 42);
    assert_int_equal(str_to_ll("-7", -10, 10, &v), 0);
    assert_int_equal(v, -7);
    assert_int_equal(str_to_ll("0", 0, 0, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(str_to_ll("9223372036854775807", 0, INT64_MAX, &v), 0);
    assert_true(v == INT64_MAX);
    assert_int_equal(str_to_ll("-9223372036854775808", INT64_MIN, 0, &v), 0);
    assert_true(v == INT64_MIN);

    v = 99;
    static const char *const bad[] = {
        "", "12x", " 1", "1 ", "-", "+", "--1", "0x10", "1e3", "1.0", "1,000", "\t5", "５",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (str_to_ll(bad[i], INT64_MIN, INT64_MAX, &v) != -1)
            fail_msg("'%s' was accepted", bad[i]);
        assert_int_equal(v, 99); /* untouched on failure */
    }
    assert_int_equal(str_to_ll(NULL, 0, 10, &v), -1);
    /* overflow */
    assert_int_equal(str_to_ll("9223372036854775808", INT64_MIN, INT64_MAX, &v), -1);
    assert_int_equal(str_to_ll("-9223372036854775809", INT64_MIN, INT64_MAX, &v), -1);
    assert_int_equal(str_to_ll("99999999999999999999999", INT64_MIN, INT64_MAX, &v), -1);
    /* range */
    assert_int_equal(str_to_ll("11", 0, 10, &v), -1);
    assert_int_equal(str_to_ll("-1", 0, 10, &v), -1);
    assert_int_equal(str_to_ll("10", 0, 10, &v), 0);
    assert_int_equal(v, 10);
}

static void test_date_valid(void **state)
{
    (void)state;
    static const char *const good[] = {
        "2024-02-29", "2000-02-29", "2026-01-01", "2026-12-31", "2026-04-30", "1900-01-01",
    };
    static const char *const bad[] = {
        "2023-02-29",  "1900-02-29",  "2100-02-29",  "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-04-31",  "2026-01-32",  "2026-1-01",   "2026-01-1",  "26-01-01",   "2026/01/01",
        "2026-01-01x", "2026-01-01 ", " 2026-01-01", "abcd-ef-gh", "",           "2026-0a-01",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        if (!date_valid(good[i]))
            fail_msg("'%s' was refused", good[i]);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (date_valid(bad[i]))
            fail_msg("'%s' was accepted", bad[i]);
    assert_false(date_valid(NULL));
}

/* Days since 1970-01-01 and back agree with the C library's calendar for every day from 1900
 * to 2200, and date_add crosses months, leap days and years. */
static void test_date_days(void **state)
{
    (void)state;
    for (long days = -25567; days <= 84006; days++) {
        time_t t = (time_t)days * 86400;
        struct tm tm;
        char want[11], got[11];
        gmtime_r(&t, &tm);
        strftime(want, sizeof(want), "%Y-%m-%d", &tm);
        date_from_days(days, got);
        if (strcmp(got, want) != 0 || date_days(want) != days)
            fail_msg("day %ld: '%s', want '%s' (back: %ld)", days, got, want, date_days(want));
    }
    static const struct {
        const char *from;
        long n;
        const char *want;
    } adds[] = {
        { "2026-12-04", 3, "2026-12-07" },   { "2026-12-30", 3, "2027-01-02" },
        { "2028-02-27", 3, "2028-03-01" },   { "2026-02-27", 3, "2026-03-02" },
        { "2026-12-04", -30, "2026-11-04" }, { "2000-03-01", -1, "2000-02-29" },
    };
    for (size_t i = 0; i < sizeof(adds) / sizeof(adds[0]); i++) {
        char got[11];
        date_add(adds[i].from, adds[i].n, got);
        assert_string_equal(got, adds[i].want);
    }
}

static void test_hex_encode(void **state)
{
    (void)state;
    static const unsigned char in[] = { 0x00, 0x0f, 0xa5, 0xff };
    char out[9];
    hex_encode(out, in, sizeof(in));
    assert_string_equal(out, "000fa5ff");
    hex_encode(out, in, 0);
    assert_string_equal(out, "");
}

/* ---- html ---- */

static void test_html_printf_escapes(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1024);
    html_printf(&b, "<a title=\"%s\">%s</a>", "x\"y'z", "<b>&amp;</b>");
    assert_int_equal(b.err, 0);
    assert_string_equal(buf_str(&b),
                        "<a title=\"x&quot;y&#39;z\">&lt;b&gt;&amp;amp;&lt;/b&gt;</a>");

    /* every %s is escaped, not only the first; the format itself is trusted */
    buf_reset(&b);
    html_printf(&b, "<p>%s|%s|%s</p>", "<", "'", "中文");
    assert_string_equal(buf_str(&b), "<p>&lt;|&#39;|中文</p>");

    buf_reset(&b);
    const char *none = getenv("TZ_TEST_SURELY_UNSET_VARIABLE");
    html_printf(&b, "[%s]", none);
    assert_string_equal(buf_str(&b), "[]");

    buf_reset(&b);
    html_text(&b, "a&b<c>d\"e'f");
    html_text(&b, NULL);
    assert_string_equal(buf_str(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    buf_release(&b);
}

static void test_html_printf_numbers(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1024);
    html_printf(&b, "%d|%lld|%zu|%u|%ld|%lu|%llu|100%%", -5, 1LL << 40, (size_t)7, 3u, -9L, 10UL,
                18446744073709551615ULL);
    assert_int_equal(b.err, 0);
    assert_string_equal(buf_str(&b), "-5|1099511627776|7|3|-9|10|18446744073709551615|100%");

    buf_reset(&b);
    html_printf(&b, "%lld<%s>%d", -9223372036854775807LL - 1, "&", 0);
    assert_string_equal(buf_str(&b), "-9223372036854775808<&amp;>0");

    /* an unsupported conversion (or flag, or width) is a programming error: the buffer's error
     * says so, and later appends keep that cause rather than reading as a full buffer */
    buf_reset(&b);
    html_printf(&b, "n=%x", 255u);
    assert_int_equal(b.err, BUF_ERR_FORMAT);
    buf_reset(&b);
    html_printf(&b, "%lld.%02lld", 86LL, 3LL);
    assert_int_equal(b.err, BUF_ERR_FORMAT);
    buf_reset(&b);
    html_printf(&b, "%5d", 1);
    assert_int_equal(b.err, BUF_ERR_FORMAT);
    buf_reset(&b);
    html_printf(&b, "%.2s", "abc");
    assert_int_equal(b.err, BUF_ERR_FORMAT);
    buf_reset(&b);
    html_printf(&b, "%f", 0.5);
    assert_int_equal(b.err, BUF_ERR_FORMAT);
    html_raw(&b, "more");
    html_printf(&b, "%s", "more");
    assert_int_equal(b.err, BUF_ERR_FORMAT);

    /* output past the buffer's maximum sets its error */
    struct buf small;
    buf_init(&small, 8);
    html_printf(&small, "%s", "<<<");
    assert_int_equal(small.err, BUF_ERR_FULL);
    buf_release(&small);
    buf_release(&b);
}

static void test_html_urlpart(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1024);
    html_urlpart(&b, "中");
    assert_string_equal(buf_str(&b), "%E4%B8%AD");
    buf_reset(&b);
    html_urlpart(&b, "A-z_0.9~ /?&=#%+\"<");
    assert_string_equal(buf_str(&b), "A-z_0.9~%20%2F%3F%26%3D%23%25%2B%22%3C");
    buf_reset(&b);
    html_urlpart(&b, NULL);
    html_urlpart(&b, "");
    assert_string_equal(buf_str(&b), "");
    buf_release(&b);
}

/* html_vformat with html_urlpart: the path builder of web/form.c encodes each %s as a segment
 * and writes numbers as html_printf does. */
static void url_format(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    html_vformat(b, html_urlpart, fmt, ap);
    va_end(ap);
}

static void test_html_vformat_url(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1024);
    url_format(&b, "/units/%s/persons/%lld", "K1/../&x=中", -7LL);
    assert_string_equal(buf_str(&b), "/units/K1%2F..%2F%26x%3D%E4%B8%AD/persons/-7");
    buf_release(&b);
}

/* The growable array: every element kept in order over many doublings; the capacity doubles
 * from 16. */
static void test_vec_grow(void **state)
{
    (void)state;
    long long *v = NULL;
    size_t n = 0, cap = 0;
    for (long long i = 0; i < 5000; i++) {
        v = vec_grow(v, n, &cap);
        v[n++] = i * i;
    }
    assert_int_equal(cap, 16 << 9);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i], (long long)(i * i));
    free(v);
}

static void test_html_raw(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1024);
    html_raw(&b, "<br>&nbsp;\"'");
    html_printf(&b, "%s", "<br>");
    assert_string_equal(buf_str(&b), "<br>&nbsp;\"'&lt;br&gt;");
    buf_release(&b);
}

/* ---- csv ---- */

static void test_csv_quoting(void **state)
{
    (void)state;
    static const char data[] = "a,b,c\n"
                               "\"x,y\",z,\n"
                               "\"he said \"\"hi\"\"\",\"\",2\n"
                               "last,no newline";
    struct csv c;
    char *f[CSV_MAX_FIELDS];
    csv_init(&c, data, sizeof(data) - 1);
    assert_int_equal(csv_next(&c, f), 3);
    assert_string_equal(f[0], "a");
    assert_string_equal(f[2], "c");
    assert_int_equal(csv_next(&c, f), 3);
    assert_string_equal(f[0], "x,y");
    assert_string_equal(f[1], "z");
    assert_string_equal(f[2], "");
    assert_int_equal(csv_next(&c, f), 3);
    assert_string_equal(f[0], "he said \"hi\"");
    assert_string_equal(f[1], "");
    assert_string_equal(f[2], "2");
    assert_int_equal(csv_next(&c, f), 2);
    assert_string_equal(f[1], "no newline");
    assert_int_equal(c.line, 4);
    assert_int_equal(csv_next(&c, f), 0);
    assert_int_equal(csv_next(&c, f), 0);
    csv_release(&c);
}

static void test_csv_lines(void **state)
{
    (void)state;
    /* BOM, CRLF, a quoted field over two lines, blank lines */
    static const char data[] = "\xEF\xBB\xBF"
                               "code,name\r\n"
                               "A,\"one\r\ntwo\"\r\n"
                               "\r\n"
                               "\n"
                               "B,三\r\n"
                               "C,\"x\ny\nz\"\n"
                               "D,d\n";
    struct csv c;
    char *f[CSV_MAX_FIELDS];
    csv_init(&c, data, sizeof(data) - 1);
    assert_int_equal(csv_next(&c, f), 2);
    assert_string_equal(f[0], "code"); /* no BOM left on the first field */
    assert_string_equal(f[1], "name"); /* no \r left on the last */
    assert_int_equal(c.line, 1);
    assert_int_equal(csv_next(&c, f), 2);
    assert_string_equal(f[0], "A");
    assert_string_equal(f[1], "one\r\ntwo");
    assert_int_equal(c.line, 2);
    assert_int_equal(csv_next(&c, f), 2);
    assert_string_equal(f[0], "B");
    assert_string_equal(f[1], "三");
    assert_int_equal(c.line, 6);
    assert_int_equal(csv_next(&c, f), 2);
    assert_string_equal(f[1], "x\ny\nz");
    assert_int_equal(c.line, 7);
    assert_int_equal(csv_next(&c, f), 2);
    assert_string_equal(f[0], "D");
    assert_int_equal(c.line, 10);
    assert_int_equal(csv_next(&c, f), 0);
    csv_release(&c);

    /* only a BOM and blank lines: no records */
    static const char empty[] = "\xEF\xBB\xBF\r\n\n";
    csv_init(&c, empty, sizeof(empty) - 1);
    assert_int_equal(csv_next(&c, f), 0);
    csv_release(&c);
    csv_init(&c, "", 0);
    assert_int_equal(csv_next(&c, f), 0);
    csv_release(&c);
}

static void test_csv_malformed(void **state)
{
    (void)state;
    static const char data[] = "ok,1\n\"never closed,2\nmore\n";
    struct csv c;
    char *f[CSV_MAX_FIELDS];
    csv_init(&c, data, sizeof(data) - 1);
    assert_int_equal(csv_next(&c, f), 2);
    assert_int_equal(csv_next(&c, f), -1);
    assert_int_equal(c.line, 2);
    assert_int_equal(csv_next(&c, f), 0);
    csv_release(&c);

    /* exactly CSV_MAX_FIELDS fields are fine */
    struct buf b;
    buf_init(&b, 4096);
    for (int i = 0; i < CSV_MAX_FIELDS; i++)
        buf_addf(&b, i ? ",%d" : "%d", i);
    buf_adds(&b, "\n");
    csv_init(&c, buf_str(&b), b.len);
    assert_int_equal(csv_next(&c, f), CSV_MAX_FIELDS);
    assert_string_equal(f[CSV_MAX_FIELDS - 1], "63");
    csv_release(&c);
    buf_release(&b);
}

/* A record with too many fields is refused as a whole: the reader goes on with the next line,
 * not with the rest of the refused one (unit_import would read that rest as a record). */
static void test_csv_too_many_fields(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    for (int i = 0; i < CSV_MAX_FIELDS + 4; i++)
        buf_addf(&b, i ? ",f%d" : "f%d", i);
    buf_adds(&b, "\nnext,line\n");
    struct csv c;
    char *f[CSV_MAX_FIELDS];
    csv_init(&c, buf_str(&b), b.len);
    assert_true(csv_next(&c, f) < 0);
    assert_int_equal(c.line, 1);
    assert_int_equal(csv_next(&c, f), 2);
    assert_string_equal(f[0], "next");
    assert_int_equal(c.line, 2);
    csv_release(&c);
    buf_release(&b);
}

/* One cell as a writer puts it (static memory). */
static const char *cell(void (*add)(struct buf *, const char *), const char *s)
{
    static char out[256];
    struct buf b;
    buf_init(&b, sizeof(out) - 1);
    add(&b, s);
    assert_int_equal(b.err, 0);
    snprintf(out, sizeof(out), "%s", buf_str(&b));
    buf_release(&b);
    return out;
}

/* The export writer: a text cell that a spreadsheet would run as a formula starts with a ', a
 * plain number does not, and the import path (XLSX read back as CSV) keeps every cell as it was. */
static void test_csv_cells(void **state)
{
    (void)state;
    /* the OWASP starters: = + - @ tab and carriage return */
    assert_string_equal(cell(csv_add_field, "=1+1"), "'=1+1");
    assert_string_equal(cell(csv_add_field, "+86 10 1234"), "'+86 10 1234");
    assert_string_equal(cell(csv_add_field, "-2+3"), "'-2+3");
    assert_string_equal(cell(csv_add_field, "@SUM(A1:A9)"), "'@SUM(A1:A9)");
    assert_string_equal(cell(csv_add_field, "\t=1"), "'\t=1");
    assert_string_equal(cell(csv_add_field, "\r=1"), "\"'\r=1\"");
    /* quoted as well: the ' is inside the quotes, part of the cell */
    assert_string_equal(cell(csv_add_field, "=HYPERLINK(\"http://x.example/?a,b\",\"点此\")"),
                        "\"'=HYPERLINK(\"\"http://x.example/?a,b\"\",\"\"点此\"\")\"");
    /* in a text column even a negative number stays text */
    assert_string_equal(cell(csv_add_field, "-5"), "'-5");
    /* anything else is left alone */
    assert_string_equal(cell(csv_add_field, ""), "");
    assert_string_equal(cell(csv_add_field, "a=b"), "a=b");
    assert_string_equal(cell(csv_add_field, " =1"), " =1");
    assert_string_equal(cell(csv_add_field, "窗口=服务"), "窗口=服务");
    assert_string_equal(cell(csv_add_field, "x,y"), "\"x,y\"");
    assert_string_equal(cell(csv_add_field, "'=1"), "'=1");

    /* number columns: plain numbers as they are, negative ones too; anything else as text */
    assert_string_equal(cell(csv_add_number, "42"), "42");
    assert_string_equal(cell(csv_add_number, "-5"), "-5");
    assert_string_equal(cell(csv_add_number, "-0.25"), "-0.25");
    assert_string_equal(cell(csv_add_number, ""), "");
    assert_string_equal(cell(csv_add_number, "-"), "'-");
    assert_string_equal(cell(csv_add_number, "-5+cmd|' /C calc'!A0"), "'-5+cmd|' /C calc'!A0");
    assert_string_equal(cell(csv_add_number, "+5"), "'+5");
    assert_string_equal(cell(csv_add_number, "=5"), "'=5");
    assert_string_equal(cell(csv_add_number, "1."), "1.");
    assert_string_equal(cell(csv_add_number, "-.5"), "'-.5");

    /* verbatim: quoting only */
    assert_string_equal(cell(csv_add_verbatim, "=1+1"), "=1+1");
    assert_string_equal(cell(csv_add_verbatim, "-5"), "-5");
    assert_string_equal(cell(csv_add_verbatim, "a\"b"), "\"a\"\"b\"");

    /* what the reader gets back from an export: the cell with its ' */
    struct buf b;
    buf_init(&b, 4096);
    csv_add_field(&b, "=cmd|' /C calc'!A0");
    buf_addch(&b, ',');
    csv_add_number(&b, "-7");
    buf_addch(&b, ',');
    csv_add_field(&b, "\r\n@x");
    buf_adds(&b, "\r\n");
    struct csv c;
    char *f[CSV_MAX_FIELDS];
    csv_init(&c, buf_str(&b), b.len);
    assert_int_equal(csv_next(&c, f), 3);
    assert_string_equal(f[0], "'=cmd|' /C calc'!A0");
    assert_string_equal(f[1], "-7");
    assert_string_equal(f[2], "'\r\n@x");
    assert_int_equal(csv_next(&c, f), 0);
    csv_release(&c);
    buf_release(&b);

    /* the import side: a roster typed in a spreadsheet and uploaded as XLSX is read back as
     * CSV (xlsx_to_csv), and its cells arrive as typed, with no ' added */
    static const char *const rows[] = { "unit", "name", "K1", "=1+1", "-5", "@张三" };
    static const enum export_cell types[] = { CELL_TEXT, CELL_TEXT };
    struct export_sheet *sheet = export_begin(1, "名单", rows, types, 2);
    assert_non_null(sheet);
    export_row(sheet, rows + 2);
    export_row(sheet, rows + 4);
    struct buf xlsx, csv;
    buf_init(&xlsx, 1 << 20);
    assert_int_equal(export_finish(sheet, &xlsx), 0);
    buf_init(&csv, 1 << 20);
    assert_int_equal(xlsx_to_csv(xlsx.data, xlsx.len, &csv), 0);
    csv_init(&c, buf_str(&csv), csv.len);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i += 2) {
        assert_int_equal(csv_next(&c, f), 2);
        assert_string_equal(f[0], rows[i]);
        assert_string_equal(f[1], rows[i + 1]);
    }
    assert_int_equal(csv_next(&c, f), 0);
    csv_release(&c);
    buf_release(&csv);
    buf_release(&xlsx);
}

/* ---- XLSX as other programs write it ---- */

/* Writes a workbook of the parts name[i] with text[i] into out (minizip, through a file). */
static void zip_parts(struct buf *out, const char *const *names, const char *const *texts,
                      size_t n)
{
    char path[] = "/tmp/tz-test-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(zipOpenNewFileInZip64(z, names[i], NULL, NULL, 0, NULL, 0, NULL,
                                               Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0), ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(z, texts[i], (unsigned)strlen(texts[i])), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
    }
    assert_int_equal(zipClose(z, NULL), ZIP_OK);
    buf_init(out, 1 << 20);
    assert_int_equal(file_read_all(path, out), 0);
    unlink(path);
}

#define X_NS "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "         \
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/* The XLSX reader parses XML (expat): prefixed tags, the first sheet found through the
 * workbook and its relationships (not by its file name), shared strings with rich runs and
 * without their phonetic runs, inline strings, entities, skipped rows and cells, and numbers in
 * date formats (built-in and the workbook's own, 1900 and 1904 systems) read as dates. */
static void test_xlsx_reader(void **state)
{
    (void)state;
    static const char *const names[] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                          "xl/styles.xml", "xl/sharedStrings.xml",
                                          "xl/worksheets/sheet1.xml", "xl/worksheets/data.xml" };
    const char *texts[] = {
        "<?xml version=\"1.0\"?><x:workbook " X_NS "><x:sheets>"
        "<x:sheet name=\"名单\" sheetId=\"2\" r:id=\"rId7\"/>"
        "<x:sheet name=\"旧表\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\" Type=\"t\"/>"
        "<Relationship Id=\"rId7\" Target=\"/xl/worksheets/data.xml\" Type=\"t\"/>"
        "</Relationships>",
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<numFmts count=\"2\"><numFmt numFmtId=\"176\" formatCode=\"yyyy&quot;年&quot;m&quot;月"
        "&quot;d&quot;日&quot;\"/><numFmt numFmtId=\"177\" formatCode=\"[Red]#,##0.00&quot;元"
        "&quot;\"/></numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
        "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"176\"/>"
        "<xf numFmtId=\"22\"/><xf numFmtId=\"177\"/><xf numFmtId=\"31\"/></cellXfs></styleSheet>",
        "<x:sst " X_NS "><x:si><x:t>姓名</x:t></x:si><x:si><x:r><x:t>张</x:t></x:r>"
        "<x:r><x:t xml:space=\"preserve\">三</x:t></x:r><x:rPh><x:t>zhang san</x:t></x:rPh>"
        "</x:si><x:si><x:t>a&amp;b &lt;c&gt; &#x4E00;</x:t></x:si><x:si><x:t>完成时限</x:t>"
        "</x:si></x:sst>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>错表</t></is>"
        "</c></row></sheetData></worksheet>",
        "<x:worksheet " X_NS "><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v>"
        "</x:c><x:c r=\"B1\" t=\"s\"><x:v>3</x:v></x:c><x:c r=\"C1\" t=\"inlineStr\"><x:is>"
        "<x:t>备注</x:t></x:is></x:c></x:row><x:row r=\"3\"><x:c r=\"A3\" t=\"s\"><x:v>1</x:v>"
        "</x:c><x:c r=\"B3\" s=\"1\"><x:v>46112</x:v></x:c><x:c r=\"C3\" s=\"2\"><x:v>46112</x:v>"
        "</x:c><x:c r=\"D3\" s=\"3\"><x:v>46112.5</x:v></x:c></x:row><x:row r=\"4\">"
        "<x:c r=\"A4\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"C4\" s=\"4\"><x:v>1234.5</x:v></x:c>"
        "<x:c r=\"D4\" s=\"5\"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>",
    };
    struct buf x, csv;
    zip_parts(&x, names, texts, 6);
    buf_init(&csv, 1 << 20);
    assert_int_equal(xlsx_to_csv(x.data, x.len, &csv), 0);
    assert_string_equal(buf_str(&csv), "姓名,完成时限,备注\n\n"
                                       "张三,2026-03-31,2026-03-31,2026-03-31 12:00\n"
                                       "a&b <c> 一,,1234.5,1900-01-01\n");
    buf_release(&csv);
    buf_release(&x);

    /* the 1904 system; a sheet past Excel's last row and one that is not XML are refused */
    const char *old[] = {
        "<workbook><workbookPr date1904=\"1\"/></workbook>",
        "<worksheet><sheetData><row><c s=\"1\"><v>0</v></c><c s=\"1\"><v>46112</v></c>"
        "</row></sheetData></worksheet>",
        "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>",
    };
    static const char *const old_names[] = { "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                                              "xl/styles.xml" };
    zip_parts(&x, old_names, old, 3);
    buf_init(&csv, 1 << 20);
    assert_int_equal(xlsx_to_csv(x.data, x.len, &csv), 0);
    assert_string_equal(buf_str(&csv), "1904-01-01,2030-04-01\n");
    buf_release(&csv);
    buf_release(&x);
    old[1] = "<worksheet><sheetData><row r=\"2000000\"><c><v>1</v></c></row></sheetData>"
             "</worksheet>";
    zip_parts(&x, old_names, old, 3);
    buf_init(&csv, 1 << 20);
    assert_int_equal(xlsx_to_csv(x.data, x.len, &csv), -1);
    buf_release(&csv);
    buf_release(&x);
    old[1] = "<worksheet><sheetData><row><c><v>1</v></row></sheetData></worksheet>";
    zip_parts(&x, old_names, old, 3);
    buf_init(&csv, 1 << 20);
    assert_int_equal(xlsx_to_csv(x.data, x.len, &csv), -1);
    buf_release(&csv);
    buf_release(&x);
}

/* Dates as offices write them in their tables read as YYYY-MM-DD; anything else, or a day
 * that never was, does not. */
static void test_date_parse(void **state)
{
    (void)state;
    static const char *const good[] = { "2026-03-31", "2026/3/31", "2026.3.31", "2026年3月31日",
                                         " 2026年03月31号 ", "2026年3月31", "2026/03/31" };
    char out[11];
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        assert_int_equal(date_parse(good[i], out), 0);
        assert_string_equal(out, "2026-03-31");
    }
    static const char *const bad[] = { "2026/2/30", "2026-3/31", "26/3/31", "2026年3月",
                                       "2026/3/31x", "", "3/31/2026", "2026.13.1" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(date_parse(bad[i], out), -1);
}

/* An upload becomes UTF-8 CSV whatever it was saved as: UTF-8 passes as it is, GB18030 (Excel's
 * and WPS's CSV on Chinese Windows) is converted, a workbook gives its first sheet; an .xls, a
 * broken workbook of either kind and bytes in neither encoding are refused naming the file. */
static void test_table_text(void **state)
{
    (void)state;
    struct buf out;
    struct err err = { 0 };
    buf_init(&out, 1 << 20);
    assert_int_equal(table_text("\xEF\xBB\xBF" "a,b\n", 7, &out, &err), RES_OK);
    assert_string_equal(buf_str(&out), "\xEF\xBB\xBF" "a,b\n");
    buf_reset(&out);
    static const char gb[] = "\xD0\xD5\xC3\xFB,\xB5\xA5\xCE\xBB\n\xD5\xC5\xC8\xFD,\xBC\xD7\xCF\xD8\n";
    assert_int_equal(table_text(gb, strlen(gb), &out, &err), RES_OK);
    assert_string_equal(buf_str(&out), "姓名,单位\n张三,甲县\n");
    static const char *const bad[] = { "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an old workbook",
                                       "PK\x03\x04 not really a zip", "\xFF\xFF\xFF\n" };
    static const char *const why[] = { "err.xls", "err.xlsx", "err.file_encoding" };
    for (size_t i = 0; i < 3; i++) {
        buf_reset(&out);
        memset(&err, 0, sizeof(err));
        assert_int_equal(table_text(bad[i], strlen(bad[i]), &out, &err), RES_INVALID);
        assert_string_equal(err.field, "file");
        assert_string_equal(err.msg, why[i]);
    }
    buf_release(&out);
}

/* ---- json ---- */

/* A boolean field is JSON true or false, nothing else; absence and null keep the default. */
static void test_json_bool(void **state)
{
    (void)state;
    json_t *o = json_loads("{\"t\":true,\"f\":false,\"n\":null,\"s\":\"no\",\"one\":1,"
                           "\"zero\":0,\"str\":\"true\",\"a\":[]}",
                           0, NULL);
    assert_non_null(o);
    struct err e = { 0 };
    int v = 0;
    assert_int_equal(json_get_bool(o, "t", &v, &e), RES_OK);
    assert_int_equal(v, 1);
    assert_int_equal(json_get_bool(o, "f", &v, &e), RES_OK);
    assert_int_equal(v, 0);
    v = 7;
    assert_int_equal(json_get_bool(o, "n", &v, &e), RES_OK);
    assert_int_equal(v, 7);
    assert_int_equal(json_get_bool(o, "absent", &v, &e), RES_OK);
    assert_int_equal(v, 7);
    static const char *const bad[] = { "s", "one", "zero", "str", "a" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(&e, 0, sizeof(e));
        assert_int_equal(json_get_bool(o, bad[i], &v, &e), RES_INVALID);
        assert_string_equal(e.field, bad[i]);
        assert_string_equal(e.msg, "err.bad_type");
        assert_int_equal(v, 7);
    }
    json_decref(o);
}

/* A value for test_json_write, from the generator's state: nested up to depth. */
static json_t *random_json(uint64_t *x, int depth)
{
    static const char *const texts[] = {
        "",        "a",        "中文\"引号\"",      "back\\slash",
        "\b\f\n\r\t", "\x01\x1f\x7f", "/slash/",           "\xe2\x80\xa8 line",
        "emoji \xf0\x9f\x98\x80", "tab\tin", "键",
    };
    static const double reals[] = { 0.0, -0.5, 1.0, 3.14159265358979, 1e300, -2.5e-7, 100.0,
                                    0.1 + 0.2, 123456789012.5 };
    static const long long ints[] = { 0, 1, -1, 42, LLONG_MAX, LLONG_MIN, 1000000007 };
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    unsigned pick = (unsigned)(*x >> 33) % (depth > 0 ? 9 : 6);
    switch (pick) {
    case 0: return json_string(texts[(*x >> 20) % (sizeof(texts) / sizeof(texts[0]))]);
    case 1: return json_integer(ints[(*x >> 20) % (sizeof(ints) / sizeof(ints[0]))]);
    case 2: return json_real(reals[(*x >> 20) % (sizeof(reals) / sizeof(reals[0]))]);
    case 3: return json_true();
    case 4: return json_false();
    case 5: return json_null();
    case 6:
    case 7: {
        json_t *o = json_object();
        for (unsigned i = 0, n = (unsigned)(*x >> 40) % 5; i < n; i++) {
            char key[32];
            snprintf(key, sizeof(key), "%s%u", texts[(*x >> 24) % 11], i);
            json_object_set_new(o, key, random_json(x, depth - 1));
        }
        return o;
    }
    default: {
        json_t *a = json_array();
        for (unsigned i = 0, n = (unsigned)(*x >> 40) % 5; i < n; i++)
            json_array_append_new(a, random_json(x, depth - 1));
        return a;
    }
    }
}

/* The answers' writer gives what json_dumps gives, byte for byte, and fails where it fails; so
 * does the audit's, whose keys are sorted. */
static void test_json_write(void **state)
{
    (void)state;
    uint64_t x = 7;
    for (int i = 0; i < 3000; i++) {
        json_t *doc = random_json(&x, 4);
        if (!json_is_object(doc) && !json_is_array(doc)) /* answers are objects */
            doc = json_pack("{s:o}", "v", doc);
        char *want = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(12));
        struct buf got;
        buf_init(&got, 1 << 20);
        assert_int_equal(json_write(&got, doc), 0);
        assert_non_null(want);
        assert_string_equal(buf_str(&got), want);
        free(want);
        /* and with the keys sorted, as the audit records are written */
        want = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(12));
        buf_reset(&got);
        assert_int_equal(json_write_sorted(&got, doc), 0);
        assert_string_equal(buf_str(&got), want);
        free(want);
        buf_release(&got);
        json_decref(doc);
    }
    /* an object of more keys than the sort keeps on the stack */
    json_t *many = json_object();
    for (int i = 0; i < 100; i++) {
        char key[16];
        snprintf(key, sizeof(key), "k%d", (i * 37) % 100);
        json_object_set_new(many, key, json_integer(i));
    }
    char *sorted = json_dumps(many, JSON_COMPACT | JSON_SORT_KEYS);
    struct buf all;
    buf_init(&all, 4096);
    assert_int_equal(json_write_sorted(&all, many), 0);
    assert_string_equal(buf_str(&all), sorted);
    free(sorted);
    buf_release(&all);
    json_decref(many);
    /* a NUL inside a string is escaped by both */
    json_t *nul = json_pack("{s:o}", "k", json_stringn("a\0b", 3));
    char *want = json_dumps(nul, JSON_COMPACT);
    struct buf got;
    buf_init(&got, 1024);
    assert_int_equal(json_write(&got, nul), 0);
    assert_string_equal(buf_str(&got), want);
    free(want);
    json_decref(nul);
    /* strings that are not UTF-8 (a stray byte, a cut character, a surrogate), as a model could
     * pass them unchecked: both refuse */
    static const char *const bad_texts[] = { "\xff\xfe", "ok\xe4\xb8", "\xed\xa0\x80" };
    for (size_t i = 0; i < sizeof(bad_texts) / sizeof(bad_texts[0]); i++) {
        json_t *bad = json_pack("{s:[o]}", "k", json_string_nocheck(bad_texts[i]));
        buf_reset(&got);
        assert_null(json_dumps(bad, JSON_COMPACT));
        assert_int_equal(json_write(&got, bad), -1);
        json_decref(bad);
    }
    buf_release(&got);
}

/* A required field: absent, null or "" is named as required; another type as the wrong type. */
static void test_json_need(void **state)
{
    (void)state;
    json_t *o = json_loads("{\"s\":\"K1\",\"e\":\"\",\"n\":null,\"i\":0,\"t\":\"1\"}", 0, NULL);
    assert_non_null(o);
    struct err e = { 0 };
    const char *text = NULL;
    long long v = -1;
    assert_int_equal(json_need_str(o, "s", &text, &e), RES_OK);
    assert_string_equal(text, "K1");
    assert_int_equal(json_need_int(o, "i", &v, &e), RES_OK);
    assert_int_equal(v, 0);
    static const char *const missing[] = { "e", "n", "absent" };
    for (size_t i = 0; i < 3; i++) {
        memset(&e, 0, sizeof(e));
        assert_int_equal(json_need_str(o, missing[i], &text, &e), RES_INVALID);
        assert_string_equal(e.field, missing[i]);
        assert_string_equal(e.msg, "err.required");
    }
    memset(&e, 0, sizeof(e));
    assert_int_equal(json_need_int(o, "n", &v, &e), RES_INVALID);
    assert_string_equal(e.msg, "err.required");
    memset(&e, 0, sizeof(e));
    assert_int_equal(json_need_int(o, "t", &v, &e), RES_INVALID);
    assert_string_equal(e.field, "t");
    assert_string_equal(e.msg, "err.bad_type");
    memset(&e, 0, sizeof(e));
    assert_int_equal(json_need_str(o, "i", &text, &e), RES_INVALID);
    assert_string_equal(e.msg, "err.bad_type");
    json_decref(o);
}

/* ---- clock ---- */

static void real_today(char out[11])
{
    time_t t = time(NULL) + 8 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- share ---- */

static void test_share_split(void **state)
{
    (void)state;
    /* by hand: 10 over 1:1:1 is 3,3,3 and the one left to the first largest remainder */
    const long long w1[] = { 1, 1, 1 };
    long long p[8];
    share_split(10, w1, 3, p);
    assert_true(p[0] + p[1] + p[2] == 10 && p[0] == 4 && p[1] == 3 && p[2] == 3);
    /* 1425 over 3:2:0: 855, 570, 0 exactly */
    const long long w2[] = { 3, 2, 0 };
    share_split(1425, w2, 3, p);
    assert_true(p[0] == 855 && p[1] == 570 && p[2] == 0);
    /* 7 over 2:1:1:1 (7 * 2/5 = 2.8, 1.4 each): 3,2,1,1 by the largest remainders in order */
    const long long w3[] = { 2, 1, 1, 1 };
    share_split(7, w3, 4, p);
    assert_true(p[0] == 3 && p[1] == 2 && p[2] == 1 && p[3] == 1);
    /* all weights 0: equal parts; a total of 0: nothing */
    const long long w0[] = { 0, 0, 0, 0 };
    share_split(6, w0, 4, p);
    assert_true(p[0] == 2 && p[1] == 2 && p[2] == 1 && p[3] == 1);
    share_split(0, w1, 3, p);
    assert_true(p[0] == 0 && p[1] == 0 && p[2] == 0);
    /* the speech's opinions over uneven weights: the sum holds, each part within one of its
     * proportion */
    const long long w4[] = { 560, 1119, 400, 699, 800, 1, 0, 777 };
    long long sum_w = 0, sum_p = 0;
    for (int i = 0; i < 8; i++)
        sum_w += w4[i];
    share_split(149590, w4, 8, p);
    for (int i = 0; i < 8; i++) {
        double exact = 149590.0 * (double)w4[i] / (double)sum_w;
        assert_true((double)p[i] >= exact - 1 && (double)p[i] <= exact + 1);
        sum_p += p[i];
    }
    assert_true(sum_p == 149590);
}

static void test_share_pick_and_draw(void **state)
{
    (void)state;
    /* selection sampling picks exactly k of n whatever the random numbers */
    uint64_t x = 88172645463325252ULL;
    for (long long k = 0; k <= 10; k++) {
        long long picked = 0, left = k;
        for (long long i = 0; i < 10; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int p = share_pick(x, left, 10 - i);
            picked += p;
            left -= p;
        }
        assert_true(picked == k);
    }
    /* draws give each index exactly its count, then -1 */
    long long counts[4] = { 3, 0, 5, 1 }, seen[4] = { 0 };
    for (int i = 0; i < 9; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int at = share_draw(x, counts, 4);
        assert_true(at >= 0 && at < 4);
        seen[at]++;
    }
    assert_true(seen[0] == 3 && seen[1] == 0 && seen[2] == 5 && seen[3] == 1);
    assert_int_equal(share_draw(x, counts, 4), -1);
}

static void test_share_day(void **state)
{
    (void)state;
    char day[11];
    share_day(0, "2026-01-01", "2026-12-06", day);
    assert_string_equal(day, "2026-01-01");
    share_day(339, "2026-01-01", "2026-12-06", day); /* the 340th day: the last */
    assert_string_equal(day, "2026-12-06");
    share_day(340, "2026-01-01", "2026-12-06", day); /* wraps to the first */
    assert_string_equal(day, "2026-01-01");
    share_day(12345, "2024-02-29", "2024-02-29", day);
    assert_string_equal(day, "2024-02-29");
}

static void test_clock_today(void **state)
{
    (void)state;
    char saved[64] = "";
    const char *env = getenv("TAIZHANG_TODAY");
    int had = env != NULL;
    if (had)
        snprintf(saved, sizeof(saved), "%s", env);

    char day[11], now[26];
    assert_int_equal(setenv("TAIZHANG_TODAY", "2024-02-29", 1), 0);
    clock_today(day);
    assert_string_equal(day, "2024-02-29");
    clock_now(now);
    assert_int_equal(strlen(now), 25);
    assert_memory_equal(now, "2024-02-29T", 11);
    assert_string_equal(now + 19, "+08:00");
    assert_int_equal(now[13], ':');
    assert_int_equal(now[16], ':');
    for (int i = 11; i < 19; i += 3)
        assert_true(now[i] >= '0' && now[i] <= '5' && now[i + 1] >= '0' && now[i + 1] <= '9');

    /* an invalid value is ignored: the real date is used */
    char before[11], after[11];
    assert_int_equal(setenv("TAIZHANG_TODAY", "2023-02-29", 1), 0);
    real_today(before);
    clock_today(day);
    real_today(after);
    assert_true(strcmp(day, before) == 0 || strcmp(day, after) == 0);

    assert_int_equal(unsetenv("TAIZHANG_TODAY"), 0);
    real_today(before);
    clock_today(day);
    clock_now(now);
    real_today(after);
    assert_true(date_valid(day));
    assert_true(strcmp(day, before) == 0 || strcmp(day, after) == 0);
    assert_true(strncmp(now, before, 10) == 0 || strncmp(now, after, 10) == 0);
    assert_true(clock_unix() >= time(NULL) - 1);

    if (had)
        setenv("TAIZHANG_TODAY", saved, 1);
}

/* ---- result ---- */

static void test_err_text(void **state)
{
    (void)state;
    struct err e = { 0 };
    assert_int_equal(err_text(&e, "name", "ok", 1, 10, 0), RES_OK);
    assert_null(e.field);
    assert_null(e.msg);

    assert_int_equal(err_text(&e, "name", "", 1, 10, 0), RES_INVALID);
    assert_string_equal(e.field, "name");
    assert_string_equal(e.msg, "err.required");
    assert_string_equal(e.detail, "");

    assert_int_equal(err_text(&e, "title", "a\xfe", 1, 10, 0), RES_INVALID);
    assert_string_equal(e.field, "title");
    assert_string_equal(e.msg, "err.bad_utf8");

    assert_int_equal(err_text(&e, "name", "中文字符", 1, 3, 0), RES_INVALID);
    assert_string_equal(e.msg, "err.too_long");
    assert_string_equal(e.detail, "3");

    assert_int_equal(err_text(&e, "note", "a\x02", 0, 10, 1), RES_INVALID);
    assert_string_equal(e.field, "note");
    assert_string_equal(e.msg, "err.control_char");
    assert_string_equal(e.detail, ""); /* the previous detail is cleared */

    assert_int_equal(err_text(NULL, "name", "", 1, 10, 0), RES_INVALID);
}

static void test_err_set(void **state)
{
    (void)state;
    struct err e;
    assert_int_equal(err_set(&e, RES_CONFLICT, "code", "err.duplicate"), RES_CONFLICT);
    assert_string_equal(e.field, "code");
    assert_string_equal(e.msg, "err.duplicate");
    assert_string_equal(e.detail, "");
    assert_int_equal(err_setf(&e, RES_NOT_FOUND, NULL, "err.not_found", "%s #%d", "unit", 7),
                     RES_NOT_FOUND);
    assert_null(e.field);
    assert_string_equal(e.detail, "unit #7");

    /* a long detail is cut to fit, still terminated */
    char long_text[400];
    memset(long_text, 'x', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    err_setf(&e, RES_INVALID, "f", "m", "%s", long_text);
    assert_int_equal(strlen(e.detail), sizeof(e.detail) - 1);
    assert_int_equal(err_set(NULL, RES_FAIL, NULL, "err.internal"), RES_FAIL);
}

/* ---- bigram ---- */

static void expect_index(const char *text, const char *want)
{
    struct buf b;
    buf_init(&b, 4096);
    bigram_index(&b, text);
    assert_string_equal(buf_str(&b), want);
    buf_release(&b);
}

static void test_bigram_index(void **state)
{
    (void)state;
    expect_index("干部考核", "干部 部考 考核");
    expect_index("考", "考");
    expect_index("考,核", "考 核");
    expect_index("ABC 考核2026", "abc 考核 2026");
    expect_index("", "");
    expect_index("  ,,  ", "");
}

static void expect_query(const char *text, const char *want, int n)
{
    struct buf b;
    buf_init(&b, 4096);
    assert_int_equal(bigram_query(&b, text), n);
    assert_string_equal(buf_str(&b), want);
    buf_release(&b);
}

static void test_bigram_query(void **state)
{
    (void)state;
    expect_query("考核", "\"考核\"", 1); /* a pair starts no longer token */
    expect_query("Excel", "\"excel\"*", 1);
    expect_query("干部考核", "\"干部\" \"部考\" \"考核\"", 3);
    expect_query("考", "\"考\"*", 1);
    expect_query("\"", "", 0);
}

/* Logins from names: the pinyin in plain letters, through ICU. */
static void test_name_pinyin(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "欧阳五", "ouyangwu" }, { "王一", "wangyi" }, { "吕布", "lubu" },
        { "Zhang San", "zhangsan" }, { "李 四2", "lisi2" }, { "——", "" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[40];
        assert_int_equal(name_pinyin(cases[i][0], out, sizeof(out)), (int)strlen(cases[i][1]));
        assert_string_equal(out, cases[i][1]);
    }
    char small[5];
    assert_int_equal(name_pinyin("欧阳五", small, sizeof(small)), 4);
    assert_string_equal(small, "ouya");
}

/* A period as roll-up rows: days at the edges, whole months between, every day as '*'. */
static void test_period_rows(void **state)
{
    (void)state;
    static const struct {
        const char *lo, *hi, *want;
    } cases[] = {
        { "2026-01-01", "2026-12-06", "1..0 m2026-01..m2026-11 2026-12-01..2026-12-06" },
        { "2026-01-15", "2026-12-31", "2026-01-15..2026-01-31 m2026-02..m2026-12 1..0" },
        { "2026-03-05", "2026-03-20", "2026-03-05..2026-03-20 1..0 1..0" },
        { "2026-02-01", "2026-02-28", "1..0 m2026-02..m2026-02 1..0" },
        { "2024-02-01", "2024-02-28", "2024-02-01..2024-02-28 1..0 1..0" }, /* leap year */
        { "2025-12-31", "2026-01-01", "2025-12-31..2026-01-01 1..0 1..0" },
        { "2025-12-31", "2026-02-01", "2025-12-31..2025-12-31 m2026-01..m2026-01 2026-02-01..2026-02-01" },
        { "0000-00-00", "2026-06-10", "1..0 m0000-01..m2026-05 2026-06-01..2026-06-10" },
        { "2026-06-10", "9999-99-99", "2026-06-10..2026-06-30 m2026-07..m9999-12 1..0" },
        { "*", "*", "*..* 1..0 1..0" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct period_rows p;
        period_rows(cases[i].lo, cases[i].hi, &p);
        char got[128];
        snprintf(got, sizeof(got), "%s..%s %s..%s %s..%s", p.head[0], p.head[1], p.months[0],
                 p.months[1], p.tail[0], p.tail[1]);
        assert_string_equal(got, cases[i].want);
    }
}

int test_core(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_empty),
        cmocka_unit_test(test_html_vformat_url),
        cmocka_unit_test(test_vec_grow),
        cmocka_unit_test(test_buf_bounded),
        cmocka_unit_test(test_buf_addf),
        cmocka_unit_test(test_buf_detach),
        cmocka_unit_test(test_arena_alloc),
        cmocka_unit_test(test_arena_strings),
        cmocka_unit_test(test_arena_big),
        cmocka_unit_test(test_arena_huge_is_fatal),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_chars),
        cmocka_unit_test(test_text_check),
        cmocka_unit_test(test_text_check_c1_control),
        cmocka_unit_test(test_str_zh_number),
        cmocka_unit_test(test_str_copy),
        cmocka_unit_test(test_str_to_ll),
        cmocka_unit_test(test_date_valid),
        cmocka_unit_test(test_date_days),
        cmocka_unit_test(test_hex_encode),
        cmocka_unit_test(test_html_printf_escapes),
        cmocka_unit_test(test_html_printf_numbers),
        cmocka_unit_test(test_html_urlpart),
        cmocka_unit_test(test_html_raw),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_lines),
        cmocka_unit_test(test_csv_malformed),
        cmocka_unit_test(test_csv_too_many_fields),
        cmocka_unit_test(test_csv_cells),
        cmocka_unit_test(test_xlsx_reader),
        cmocka_unit_test(test_table_text),
        cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_json_bool),
        cmocka_unit_test(test_json_write),
        cmocka_unit_test(test_json_need),
        cmocka_unit_test(test_share_split),
        cmocka_unit_test(test_share_pick_and_draw),
        cmocka_unit_test(test_share_day),
        cmocka_unit_test(test_clock_today),
        cmocka_unit_test(test_err_text),
        cmocka_unit_test(test_err_set),
        cmocka_unit_test(test_bigram_index),
        cmocka_unit_test(test_bigram_query),
        cmocka_unit_test(test_period_rows),
        cmocka_unit_test(test_name_pinyin),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
