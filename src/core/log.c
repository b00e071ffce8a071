/* Logging; see log.h. Core layer. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/clock.h"

static void vlog(const char *level, const char *fmt, va_list ap)
{
    char now[26];
    clock_now(now);
    char line[1024];
    vsnprintf(line, sizeof(line), fmt, ap);
    fprintf(stderr, "%s %s %s\n", now, level, line);
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("info", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("error", fmt, ap);
    va_end(ap);
}
