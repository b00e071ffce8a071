/*
 * Requests built from the route table for the HTTP fuzz targets (fuzz code): a route chosen by
 * a byte among the rows that pass a filter, one of its methods, and its "{}" filled from the
 * following bytes with a small id or a unit code of the demo.
 */
#ifndef TZ_FUZZ_ROUTE_PICK_H
#define TZ_FUZZ_ROUTE_PICK_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "http/route.h"

enum { PICK_BYTES = 4 }; /* the input bytes a pick uses */

/* Appends "METHOD /path HTTP/1.1\r\nHost: fuzz\r\n" to head for the route the first
 * PICK_BYTES of in choose among the rows keep(row) accepts (GET and HEAD only when reads is set,
 * else only the state-changing methods). Returns the chosen row, or NULL when none is kept. */
const struct route *route_pick(struct buf *head, const uint8_t in[PICK_BYTES],
                               int (*keep)(const struct route *row), int reads);

#endif
