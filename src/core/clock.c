/* The clock; see clock.h. Core layer. */
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

enum { UTC_OFFSET = 8 * 3600 };

time_t clock_unix(void)
{
    return time(NULL);
}

static void local_tm(struct tm *tm)
{
    time_t t = clock_unix() + UTC_OFFSET;
    gmtime_r(&t, tm);
}

void clock_today(char out[11])
{
    const char *env = getenv("TAIZHANG_TODAY");
    if (env && date_valid(env)) {
        memcpy(out, env, 11);
        return;
    }
    struct tm tm;
    local_tm(&tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void clock_now(char out[26])
{
    struct tm tm;
    local_tm(&tm);
    char day[11];
    const char *env = getenv("TAIZHANG_TODAY");
    if (env && date_valid(env))
        memcpy(day, env, 11);
    else
        strftime(day, sizeof(day), "%Y-%m-%d", &tm); /* the same reading as the time */
    /* day "T" hh:mm:ss "+08:00", written digit by digit: every audit record and message reads
     * the clock, twice a row of a task import, and snprintf cost 1% of it */
    memcpy(out, day, 10);
    const int hms[3] = { tm.tm_hour, tm.tm_min, tm.tm_sec };
    for (int i = 0; i < 3; i++) {
        out[10 + 3 * i] = i ? ':' : 'T';
        out[11 + 3 * i] = (char)('0' + hms[i] / 10);
        out[12 + 3 * i] = (char)('0' + hms[i] % 10);
    }
    memcpy(out + 19, "+08:00", 7);
}

/* Civil-from-days and days-from-civil after Howard Hinnant's public-domain algorithms. */
long date_days(const char *date)
{
    long y = strtol(date, NULL, 10), m = strtol(date + 5, NULL, 10), d = strtol(date + 8, NULL, 10);
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Writes the n last decimal digits of v, zero-padded, at at. */
static void put_digits(char *at, unsigned v, int n)
{
    while (n--) {
        at[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

void date_from_days(long days, char out[11])
{
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long doe = days - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    unsigned yy = (unsigned)((y % 10000 + 10000) % 10000), mm = (unsigned)m, dd = (unsigned)d;
    /* by hand rather than snprintf: the ledger computes days for every page */
    put_digits(out, yy, 4);
    out[4] = '-';
    put_digits(out + 5, mm, 2);
    out[7] = '-';
    put_digits(out + 8, dd, 2);
    out[10] = '\0';
}

void date_add(const char *date, long n, char out[11])
{
    date_from_days(date_days(date) + n, out);
}

/* Year and month of a date as one number, y * 12 + m - 1. */
static long month_index(const char *date)
{
    return strtol(date, NULL, 10) * 12 + strtol(date + 5, NULL, 10) - 1;
}

/* The first day of the month of index i into out. */
static void month_first(long i, char out[11])
{
    snprintf(out, 11, "%04u-%02u-01", (unsigned)(i / 12 % 10000), (unsigned)(i % 12 + 1));
}

static void empty_range(char range[2][11])
{
    snprintf(range[0], 11, "1");
    snprintf(range[1], 11, "0");
}

void period_rows(const char *lo, const char *hi, struct period_rows *p)
{
    empty_range(p->head);
    empty_range(p->tail);
    snprintf(p->months[0], sizeof(p->months[0]), "1");
    snprintf(p->months[1], sizeof(p->months[1]), "0");
    if (strcmp(lo, "*") == 0) {
        snprintf(p->head[0], sizeof(p->head[0]), "*");
        snprintf(p->head[1], sizeof(p->head[1]), "*");
        return;
    }
    int open_lo = strcmp(lo, "0000-00-00") <= 0, open_hi = strcmp(hi, "9999-99-99") >= 0;
    /* the first and last whole months: lo's own when it is the 1st, hi's when its last day */
    long first = open_lo ? 0 : month_index(lo) + (strcmp(lo + 8, "01") != 0);
    char next[11];
    if (!open_hi)
        month_first(month_index(hi) + 1, next);
    long last = open_hi ? 9999 * 12 + 11 : month_index(hi) - (date_days(next) - date_days(hi) != 1);
    if (first > last) { /* no whole month: the days alone */
        snprintf(p->head[0], sizeof(p->head[0]), "%s", lo);
        snprintf(p->head[1], sizeof(p->head[1]), "%s", hi);
        return;
    }
    char day[11];
    if (!open_lo && strcmp(lo + 8, "01") != 0) {
        month_first(first, day);
        snprintf(p->head[0], sizeof(p->head[0]), "%s", lo);
        date_add(day, -1, p->head[1]);
    }
    long ends[2] = { first, last };
    for (int k = 0; k < 2; k++)
        snprintf(p->months[k], sizeof(p->months[k]), "m%04u-%02u",
                 (unsigned)(ends[k] / 12 % 10000), (unsigned)(ends[k] % 12 + 1));
    if (!open_hi && last < month_index(hi)) {
        month_first(month_index(hi), p->tail[0]);
        snprintf(p->tail[1], sizeof(p->tail[1]), "%s", hi);
    }
}

static _Atomic long clock_offset;

void clock_shift(long seconds)
{
    clock_offset += seconds;
}

time_t clock_time(void)
{
    const char *env = getenv("TAIZHANG_NOW");
    time_t t;
    if (!env || clock_parse_local(env, &t) != 0)
        t = clock_unix();
    return t + clock_offset;
}

int clock_parse_local(const char *s, time_t *out)
{
    size_t n = s ? strlen(s) : 0;
    if ((n != 16 && n != 19) || s[10] != 'T' || s[13] != ':' || (n == 19 && s[16] != ':'))
        return -1;
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    if (!date_valid(day))
        return -1;
    int hms[3] = { 0, 0, 0 };
    for (int i = 0; i < (n == 19 ? 3 : 2); i++) {
        const char *p = s + 11 + 3 * i;
        if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
            return -1;
        hms[i] = (p[0] - '0') * 10 + (p[1] - '0');
    }
    if (hms[0] > 23 || hms[1] > 59 || hms[2] > 59)
        return -1;
    *out = (time_t)date_days(day) * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2] - UTC_OFFSET;
    return 0;
}

void clock_format_local(time_t t, char out[20])
{
    long long local = (long long)t + UTC_OFFSET;
    long long days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    long long secs = local - days * 86400;
    char day[11];
    date_from_days((long)days, day);
    unsigned hh = (unsigned)(secs / 3600) % 24u, mm = (unsigned)(secs / 60 % 60),
             ss = (unsigned)(secs % 60);
    snprintf(out, 20, "%.10sT%02u:%02u:%02u", day, hh, mm, ss);
}
