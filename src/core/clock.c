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
    clock_today(day);
    snprintf(out, 26, "%sT%02d:%02d:%02d+08:00", day, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
