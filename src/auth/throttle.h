/*
 * Login throttling (auth layer): counts failed logins per key (an account or a client
 * address) in memory over a sliding window. Thread-safe; no database.
 */
#ifndef TZ_THROTTLE_H
#define TZ_THROTTLE_H

#include <time.h>

enum { THROTTLE_WINDOW = 15 * 60 };

/* Seconds the key must wait before another attempt, 0 when it may try now. */
long throttle_wait(const char *key, int max_failures, time_t now);
/* Records a failure of key. */
void throttle_fail(const char *key, time_t now);
/* Forgets key's failures (after a success). */
void throttle_reset(const char *key);

/* Counts one use of key against max uses per window; returns 1 when allowed, 0 when over. */
int rate_take(const char *key, int max, time_t now);

#endif
