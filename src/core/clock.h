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

#endif
