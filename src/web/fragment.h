/*
 * Rendered parts of pages kept per worker thread (web layer), so that a page whose figures cost
 * many roll-up reads (the dashboard) draws them once per change of the database rather than on
 * every request. A part is found by its key text (what it was drawn for: unit, scope, language,
 * day) and the data version of the thread's connection (PRAGMA data_version), which moves when
 * another connection commits and stays fixed inside a read transaction: a part is served only
 * to a request reading the very snapshot it was drawn from. That holds as the server's readers
 * never write; a connection's own commits do not move its data version, so a page read on a
 * connection that also writes must not be kept. Each thread keeps a few parts, freed when the
 * thread ends. No mechanism knowledge.
 */
#ifndef TZ_FRAGMENT_H
#define TZ_FRAGMENT_H

#include <stddef.h>

#include "core/buf.h"

enum { FRAGMENT_SLOTS = 8, FRAGMENT_KEY_MAX = 400 };

/* Appends the part kept under key at version to out and returns 1; 0 when none is kept (a key
 * longer than FRAGMENT_KEY_MAX is never kept). */
int fragment_get(const char *key, long long version, struct buf *out);
/* Keeps len bytes of text as the part under key at version, in place of an older part under the
 * same key, else of the least recently used one. */
void fragment_put(const char *key, long long version, const char *text, size_t len);

#endif
