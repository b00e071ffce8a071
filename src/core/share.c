/*
 * Exact shares of a total; see share.h.
 */
#include "core/share.h"

#include <stdlib.h>

#include "core/clock.h"
#include "core/xalloc.h"

void share_split(long long total, const long long *weight, size_t n, long long *part)
{
    if (n == 0)
        return;
    long long sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += weight[i];
    /* the remainders in units of 1/sum, to hand out the parts rounded down left over */
    long long *rest = xcalloc(n, sizeof(*rest)), given = 0;
    for (size_t i = 0; i < n; i++) {
        long long w = sum > 0 ? weight[i] : 1, s = sum > 0 ? sum : (long long)n;
        /* total * w may pass 2^63 only for totals far beyond any demo's; use 128 bits anyway */
        __int128 x = (__int128)total * w;
        part[i] = (long long)(x / s);
        rest[i] = (long long)(x % s);
        given += part[i];
    }
    for (long long left = total - given; left > 0; left--) {
        size_t best = 0;
        for (size_t i = 1; i < n; i++)
            if (rest[i] > rest[best])
                best = i;
        part[best]++;
        rest[best] = -1;
    }
    free(rest);
}

int share_pick(uint64_t r, long long k_left, long long n_left)
{
    if (k_left <= 0)
        return 0;
    if (k_left >= n_left)
        return 1;
    return (long long)(r % (uint64_t)n_left) < k_left;
}

int share_draw(uint64_t r, long long *counts, size_t n)
{
    long long sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += counts[i];
    if (sum <= 0)
        return -1;
    long long at = (long long)(r % (uint64_t)sum);
    for (size_t i = 0; i < n; i++) {
        if (at < counts[i]) {
            counts[i]--;
            return (int)i;
        }
        at -= counts[i];
    }
    BUG("share_draw ran past its counts");
}

void share_day(uint64_t r, const char *from, const char *to, char out[11])
{
    long span = date_days(to) - date_days(from) + 1;
    date_add(from, span > 0 ? (long)(r % (uint64_t)span) : 0, out);
}
