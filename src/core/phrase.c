/*
 * Counts and rates as Chinese work reports print them (core layer), by the rule set of
 * shared/research/rollup-summary-print.md §2.2; the rule numbers below are its numbers. Only 万 and
 * 亿 ever follow Arabic digits (GB/T 15835-2011 §5.3), digits are never grouped, and a qualifier
 * always precedes the classifier. Depends on core/buf only.
 */
#include <limits.h>

#include "core/phrase.h"

typedef unsigned long long ull;

enum {
    WAN_MIN = 100000, /* below it lo/10^4 may have a decimal, and "3.6万多" is wrong (§2.2, 5) */
};

static const ull WAN = 10000ULL;
static const ull YI = 100000000ULL;

const struct phrase_style phrase_style_default = {
    .qual = "多",
    .wan_threshold = 100000,
    .min_approx = 100,
    .near_pct = 10,
};

static int digits_of(ull n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

static ull pow10_of(int k)
{
    ull p = 1;
    while (k-- > 0)
        p *= 10;
    return p;
}

/* Appends a round figure x (two significant figures at most, as every lo and hi here is)
 * without a qualifier: digits below the threshold, then m万, then X亿 or the mixed X亿Y万. */
static void add_round(struct buf *out, ull x, ull threshold)
{
    if (x < threshold || x % WAN != 0)
        buf_addf(out, "%llu", x);
    else if (x < YI)
        buf_addf(out, "%llu万", x / WAN);
    else if (x % YI == 0)
        buf_addf(out, "%llu亿", x / YI);
    else
        buf_addf(out, "%llu亿%llu万", x / YI, x % YI / WAN);
}

/* Appends lo, the floor of n to its step u, with the qualifier where it tells which digit is
 * uncertain (§2.2, 5): 2700多, 22万多 (the 万 digit known), 120多万 (not known), 14亿多, 120多亿,
 * 1亿2000多万. */
static void add_floor(struct buf *out, ull n, ull lo, ull u, const struct phrase_style *st,
                      ull threshold)
{
    const char *q = st->qual;
    if (n < threshold)
        buf_addf(out, "%llu%s", lo, q);
    else if (n < YI)
        buf_addf(out, u == WAN ? "%llu万%s" : "%llu%s万", lo / WAN, q);
    else if (u == YI / 10 && lo % YI != 0)
        buf_addf(out, "%llu亿%llu%s万", lo / YI, lo % YI / WAN, q);
    else if (u <= YI)
        buf_addf(out, "%llu亿%s", lo / YI, q);
    else
        buf_addf(out, "%llu%s亿", lo / YI, q);
}

void phrase_count_style(struct buf *out, long long n, const char *cls, enum phrase_mode mode,
                        const struct phrase_style *st)
{
    ull threshold = st->wan_threshold < WAN_MIN ? WAN_MIN : (ull)st->wan_threshold;
    cls = cls ? cls : "";
    if (n < 0) {
        buf_addf(out, "%lld%s", n, cls);
        return;
    }
    ull v = (ull)n;
    if (mode == PHRASE_EXACT) {
        if (v < threshold) {
            buf_addf(out, "%llu%s", v, cls);
        } else {
            ull tenths = v / 1000 + (v % 1000 >= 500); /* 0.1万, half up, ".0" kept */
            buf_addf(out, "%llu.%llu万%s", tenths / 10, tenths % 10, cls);
        }
        return;
    }
    /* 1: small counts are exact; so are one- and two-digit ones, which step 2 cannot shorten */
    if (n < st->min_approx || v < 100) {
        buf_addf(out, "%llu%s", v, cls);
        return;
    }
    /* 2: two significant figures */
    ull u = pow10_of(digits_of(v) - 2);
    ull lo = v - v % u;
    ull hi = lo + u; /* no overflow: v < 2^63 and u <= 10^17 */
    int near_pct = st->near_pct < 0 ? 0 : st->near_pct > 100 ? 100 : st->near_pct;
    if (v == lo) /* 3 */
        add_round(out, lo, threshold);
    else if ((hi - v) * 100 <= u * (ull)near_pct) { /* 4 */
        buf_adds(out, "近");
        add_round(out, hi, threshold);
    } else /* 5 */
        add_floor(out, v, lo, u, st, threshold);
    buf_adds(out, cls);
}

void phrase_count(struct buf *out, long long n, const char *cls, enum phrase_mode mode)
{
    phrase_count_style(out, n, cls, mode, &phrase_style_default);
}

void phrase_percent(struct buf *out, long long num, long long den)
{
    if (den <= 0 || num < 0) {
        buf_adds(out, "—");
        return;
    }
    /* tenths of a percent, half up: floor(1000 num / den + 1/2), without overflow */
    unsigned __int128 tenths = ((unsigned __int128)num * 2000 + (ull)den) / ((ull)den * 2);
    if (tenths / 10 > LLONG_MAX) {
        buf_adds(out, "—");
        return;
    }
    ull whole = (ull)(tenths / 10), tenth = (ull)(tenths % 10);
    if (tenth)
        buf_addf(out, "%llu.%llu%%", whole, tenth);
    else
        buf_addf(out, "%llu%%", whole);
}
