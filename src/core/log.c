/* Logging; see log.h. Core layer. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* priority: syslog's, 6 info, 4 warning, 3 error */
static void vlog(int priority, const char *level, const char *fmt, va_list ap)
{
    char line[1024];
    vsnprintf(line, sizeof(line), fmt, ap);
    /* under systemd the journal stamps the time and reads the priority from "<N>" */
    if (getenv("JOURNAL_STREAM")) {
        fprintf(stderr, "<%d>%s %s\n", priority, level, line);
        return;
    }
    /* the real time, never TAIZHANG_TODAY: a log is evidence of when things happened */
    time_t now = time(NULL);
    struct tm tm;
    char stamp[32];
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s %s %s\n", stamp, level, line);
}

void log_clean(const char *text, char *out, size_t size)
{
    size_t i = 0;
    for (; text[i] && i + 1 < size; i++)
        out[i] = (unsigned char)text[i] < 0x20 || text[i] == 0x7f ? '?' : text[i];
    out[i] = '\0';
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(6, "info", fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(4, "warning", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(3, "error", fmt, ap);
    va_end(ap);
}
