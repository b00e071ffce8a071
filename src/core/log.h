/* Logging to stderr (core layer), a line each: the real time in UTC and the level, or under
 * systemd (JOURNAL_STREAM set) the syslog priority prefix "<6>", "<4>" or "<3>" in their place,
 * as the journal reads it. Text follows Git: lower case, no period. */
#ifndef TZ_LOG_H
#define TZ_LOG_H

#include <stddef.h>

/* Copies text into out (size bytes) with control characters as '?', so that a logged value a
 * client sent keeps the line one line. */
void log_clean(const char *text, char *out, size_t size);

/* From now on lines are written by a thread of their own, many at a time, at most 100 ms after
 * they were logged (errors at once): the server's line per request costs no system call.
 * log_buffer_stop writes what is left and stops that thread. */
void log_buffer_start(void);
void log_buffer_stop(void);

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
