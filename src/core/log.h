/* Logging to stderr with a timestamp (core layer). Text follows Git: lower case, no period. */
#ifndef TZ_LOG_H
#define TZ_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
