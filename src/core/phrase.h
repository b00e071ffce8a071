/*
 * Counts and rates as Chinese work reports print them (core layer): the approximate register of
 * a summary (22万多份, 近15万条, 2700多次) and the exact register of a statistical report (6078项,
 * 14.9万条), by the rules of shared/research/rollup-summary-print.md §2.2. Knows nothing of the
 * project; depends on core/buf only.
 */
#ifndef TZ_PHRASE_H
#define TZ_PHRASE_H

#include "core/buf.h"

/* Which register a figure is written in. */
enum phrase_mode {
    PHRASE_APPROX, /* 工作总结: two significant figures with 多/余 or 近, small counts exact */
    PHRASE_EXACT, /* 报表: every digit, or 0.1万 rounded half-up from wan_threshold on */
};

/* The options of §2.2. */
struct phrase_style {
    const char *qual;        /* "多" or "余": the one qualifier of a document */
    long long wan_threshold; /* from this count on, 万 is used; at least 100000 */
    long long min_approx;    /* counts below this are exact even in PHRASE_APPROX */
    int near_pct;            /* 近 when the next round figure is at most this % of a step away */
};

/* §2.2's defaults: 多, 100000, 100, 10 (near_frac 0.1). */
extern const struct phrase_style phrase_style_default;

/* Appends the count n of cls (the classifier, copied verbatim, e.g. "份" or "人（次）"; NULL for
 * none) to out in mode with the default style: 220345 "份" gives "22万多份" (PHRASE_APPROX) or
 * "22.0万份" (PHRASE_EXACT). A negative n, which no count should be, is written exactly. */
void phrase_count(struct buf *out, long long n, const char *cls, enum phrase_mode mode);
/* phrase_count with the options of style instead of the defaults. A wan_threshold below 100000
 * is taken as 100000 (below it 万 would need a decimal, which cannot take 多). */
void phrase_count_style(struct buf *out, long long n, const char *cls, enum phrase_mode mode,
                        const struct phrase_style *style);

/* Appends the rate num/den as a percentage, exact to one decimal rounded half-up, without a
 * trailing ".0": 883/1000 gives "88.3%", 22/25 gives "88%". Appends "—" (a figure that cannot be
 * stated, as a table's empty cell) when den <= 0 or num < 0. */
void phrase_percent(struct buf *out, long long num, long long den);

#endif
