/*
 * The append-only, hash-chained audit log (auth layer; DESIGN.md mechanism 9). Each record's
 * BLAKE2b hash covers the previous record's hash and every field, so an edited, removed or
 * reordered record breaks the chain that audit_verify() walks. Depends on core and db.
 */
#ifndef TZ_AUDIT_H
#define TZ_AUDIT_H

#include <jansson.h>

#include "auth/scope.h"
#include "core/buf.h"
#include "db/db.h"

/* Appends a record inside the caller's open transaction. before and after are JSON text or
 * NULL. Returns RES_OK or RES_FAIL. */
enum result audit_append(struct db *db, const struct actor *who, const char *action,
                         const char *object, const char *before, const char *after);

/* Appends a record for the object "kind:id" whose after-state is the JSON document after, taken
 * over (freed here; NULL for none), keys sorted. Returns what audit_append returns. */
enum result audit_record(struct db *db, const struct actor *who, const char *action,
                         const char *kind, long long id, json_t *after);
/* The same for an object named by text, such as "unit:P". */
enum result audit_record_object(struct db *db, const struct actor *who, const char *action,
                                const char *object, json_t *after);

/* Walks the chain. Returns RES_OK when intact; RES_CONFLICT with the first broken record's id in
 * *bad_id and a reason in msg; RES_FAIL when the store cannot be read. n_records gets the count. */
enum result audit_verify(struct db *db, long long *n_records, long long *bad_id, struct buf *msg);

#endif
