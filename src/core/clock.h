/*
 * The clock (core layer). "Today" comes from env TAIZHANG_TODAY (YYYY-MM-DD) when set, so
 * tests and demos are deterministic; times are UTC+8 calendar days, as the users live there.
 */
#ifndef TZ_CLOCK_H
#define TZ_CLOCK_H

#include <time.h>

/* Writes today's date as YYYY-MM-DD into out (11 bytes). */
void clock_today(char out[11]);
/* Writes the current time as YYYY-MM-DDTHH:MM:SS+08:00 into out (26 bytes); the date part
 * follows TAIZHANG_TODAY when set. */
void clock_now(char out[26]);
/* Seconds since the epoch (real time, for expiry and throttling). */
time_t clock_unix(void);

/* Days since 1970-01-01 of a valid YYYY-MM-DD date. */
long date_days(const char *date);
/* Writes the date that is days after 1970-01-01 as YYYY-MM-DD into out (11 bytes); a year past
 * 9999 is written modulo 10000 (no caller comes near). */
void date_from_days(long days, char out[11]);
/* Writes date plus n days (n may be negative) into out. */
void date_add(const char *date, long n, char out[11]);

/* A period of days [lo, hi] as the rows of a roll-up that keeps a row per day ("YYYY-MM-DD"),
 * per month ("mYYYY-MM": after every day in sort order) and for all days ("*"): the days before
 * the first whole month, the whole months, and the days after the last, three ranges of at most
 * a month of day rows each, so a year is ~12 month rows and a few days. lo may be "0000-00-00"
 * and hi "9999-99-99" for open ends; lo and hi both "*" is every day (the "*" row alone). An
 * empty range has lo > hi. */
struct period_rows {
    char head[2][11];  /* days before the first whole month */
    char months[2][9]; /* "mYYYY-MM" of the first and last whole month */
    char tail[2][11];  /* days after the last whole month */
};
void period_rows(const char *lo, const char *hi, struct period_rows *p);

/* Seconds since the epoch for deadlines that tests move (exam windows and time limits): env
 * TAIZHANG_NOW ("YYYY-MM-DDTHH:MM:SS", local time) when set, else the real time; plus the
 * shift set by clock_shift(). */
time_t clock_time(void);
/* Moves clock_time() by seconds from now on (cumulative; a test hook, safe across threads). */
void clock_shift(long seconds);
/* Parses local time "YYYY-MM-DDTHH:MM:SS" (or without seconds) into *out. Returns 0 or -1. */
int clock_parse_local(const char *s, time_t *out);
/* Writes t as local time "YYYY-MM-DDTHH:MM:SS" into out (20 bytes). */
void clock_format_local(time_t t, char out[20]);

#endif
