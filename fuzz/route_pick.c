/* Requests built from the route table; see route_pick.h. Fuzz code. */
#include "route_pick.h"

#include <string.h>

#include "http/http.h"
#include "routes.h"

static const char *const methods[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH" };
static const char *const units[] = { "P", "P-01", "C01", "C01-01", "C01-K01", "C02-K03", "X" };

const struct route *route_pick(struct buf *head, const uint8_t in[PICK_BYTES],
                               int (*keep)(const struct route *row), int reads)
{
    size_t n, kept = 0;
    const struct route *table = routes_table(&n);
    unsigned want = reads ? M_GET | M_HEAD : M_POST | M_PUT | M_DELETE | M_PATCH;
    for (size_t i = 0; i < n; i++)
        kept += keep(&table[i]) && (table[i].methods & want);
    if (kept == 0)
        return NULL;
    const struct route *row = NULL;
    for (size_t i = 0, k = in[0] % kept; i < n && !row; i++)
        if (keep(&table[i]) && (table[i].methods & want) && k-- == 0)
            row = &table[i];
    unsigned ms = row->methods & want;
    int n_ms = __builtin_popcount(ms), m = in[1] % n_ms, bit = 0;
    for (;; bit++)
        if ((ms & (1u << bit)) && m-- == 0)
            break;
    buf_addf(head, "%s ", methods[bit]);
    int arg = 0;
    for (const char *p = row->pattern; *p; p++) {
        if (p[0] == '{' && p[1] == '}') {
            uint8_t b = in[2 + (arg++ % 2)];
            if (b >= 224)
                buf_adds(head, units[b % (sizeof(units) / sizeof(units[0]))]);
            else
                buf_addf(head, "%d", 1 + b % 64);
            p++;
        } else {
            buf_addch(head, *p);
        }
    }
    buf_adds(head, " HTTP/1.1\r\nHost: fuzz\r\n");
    return row;
}
