/*
 * The registries' shared roll-up (mechanism model; issue 16): rules, commendations, essay
 * contests, media reports, meetings, research and discipline cases each count their figures
 * here, per unit subtree and day, in the same transaction as the record, under a key of the
 * form "REGISTRY.FIGURE" taken from registry_keys (e.g. "rules.new", "media.province"). The
 * statistics read them in a few indexed rows; after a unit move every registry's counts are
 * rebuilt from its records. Owns the registry_tally table. No http types.
 */
#ifndef TZ_REGISTRY_H
#define TZ_REGISTRY_H

#include <stddef.h>

#include "auth/scope.h"
#include "db/db.h"

/* Every key counted, grouped by registry in the order the statistics show them. */
extern const char *const registry_keys[];
extern const size_t registry_n_keys;

/* Adds delta to key's count on day (YYYY-MM-DD) for the unit at unit_path and every unit above
 * it, and to their all-days rows. The caller holds the transaction. RES_OK or RES_FAIL. */
enum result registry_count(struct db *db, const char *unit_path, const char *day, const char *key,
                           long long delta);

/* Fills n[i] (registry_n_keys of them) with the counts of the unit_id's subtree between from and
 * to (either NULL: open). RES_OK or RES_FAIL. */
enum result registry_sums(struct db *db, long long unit_id, const char *from, const char *to,
                          long long *n);

/* Rebuilds every count from the records, as after a unit move: select names the records as rows
 * of (unit_id, day, key, n); registry_tally_rebuild() clears the table and runs each registry's. */
enum result registry_rebuild_rows(struct db *db, const char *select);
enum result registry_tally_rebuild(struct db *db);

#endif
