/*
 * Exact shares of a total (core layer; libc only): the demos build records whose counts must
 * come out at given figures (the speech's 1425期, 6078项...), spread over units, classes or
 * levels with realistic unevenness. Knows nothing of the project.
 */
#ifndef TZ_SHARE_H
#define TZ_SHARE_H

#include <stddef.h>
#include <stdint.h>

/* Splits total (>= 0) into n parts proportional to weight[0..n) (each >= 0; all 0: equal):
 * part i gets floor(total * weight[i] / sum), the largest remainders one more, so that the
 * parts sum to total exactly. */
void share_split(long long total, const long long *weight, size_t n, long long *part);

/* Selection sampling: of n_left candidates still to come, k_left are to be picked; returns 1
 * when this one is (with probability k_left / n_left, r a random number), so that walking n
 * candidates picks exactly k of them. */
int share_pick(uint64_t r, long long k_left, long long n_left);

/* A draw from counts[0..n) (each >= 0) in proportion to them; the count drawn goes down by
 * one, so that draws until none are left give each index exactly its count, in random order.
 * Returns the index, or -1 when every count is 0. */
int share_draw(uint64_t r, long long *counts, size_t n);

/* A day between from and to (YYYY-MM-DD, from <= to, both included) into out (11 bytes). */
void share_day(uint64_t r, const char *from, const char *to, char out[11]);

#endif
