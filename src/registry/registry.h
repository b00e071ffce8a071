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
#include "unit/unit.h"

/* Every key counted, grouped by registry in the order the statistics show them. */
extern const char *const registry_keys[];
extern const size_t registry_n_keys;

/* Adds delta to key's count on day (YYYY-MM-DD) for the unit at unit_path and every unit above
 * it, and to their all-days rows. The caller holds the transaction. RES_OK or RES_FAIL. */
enum result registry_count(struct db *db, const char *unit_path, const char *day, const char *key,
                           long long delta);
/* Adds to the counter rows of sql (see db_counts_add: ?1 the unit, ?2 the day, ?3 key when not
 * NULL, ?4... the n_v values v) of the unit at path and every unit above it, for day and, with
 * all_days, for its month ("mYYYY-MM") and all days ("*"): every roll-up kept by day shares it.
 * RES_OK or RES_FAIL. */
enum result registry_counts_up(struct db *db, const char *path, const char *sql, const char *day,
                               int all_days, const char *key, const long long *v, int n_v);

/* Fills n[i] (registry_n_keys of them) with the counts of the unit_id's subtree between from and
 * to (either NULL: open). RES_OK or RES_FAIL. */
enum result registry_sums(struct db *db, long long unit_id, const char *from, const char *to,
                          long long *n);

/* The same for the n_keys keys given (any key counted with registry_count, also those of other
 * mechanisms kept here by day, such as "task.total"). */
enum result registry_sums_of(struct db *db, long long unit_id, const char *from, const char *to,
                             const char *const *keys, size_t n_keys, long long *n);

/* The index of key in registry_keys, or -1. */
int registry_key_index(const char *key);
/* The cumulative figures reports state of media counts n (registry_keys order): reports at
 * city level or above (市级以上) and at province level or above (省部级以上). */
void registry_media_above(const long long *n, long long *city_up, long long *province_up);

/* Rebuilds every count from the records, as after a unit move: select names the records as rows
 * of (unit_id, day, key, n); registry_tally_rebuild() clears the table and runs each registry's. */
enum result registry_rebuild_rows(struct db *db, const char *select);
enum result registry_tally_rebuild(struct db *db);

/* What every registry's list is narrowed by. */
struct registry_filter {
    const char *unit;      /* unit code, required */
    int subtree;           /* 1: the units below it too */
    const char *from, *to; /* days YYYY-MM-DD, NULL or "" for an open end */
    const char *kind;      /* the registry's own narrowing (a category, level or kind), NULL or ""
                            * for any */
    const char *level;     /* commendations and media: the level (registry_levels), NULL or ""
                            * for any */
    long long offset;      /* rows to skip */
    long long limit;       /* rows at most */
    int brief;             /* 1: a page's rows, the fields a list page shows (research: its
                            * authors' names, not their numbers) */
};

/* A filter checked against the actor's scope, ready to bind: records whose unit path lies in
 * [unit.path, hi) (the unit alone, or its subtree) and whose day lies in [from, to]. */
struct registry_span {
    struct unit unit;              /* the filter's unit */
    char hi[UNIT_PATH_MAX + 2];    /* the end of the paths listed */
    const char *from, *to;         /* the period, its open ends filled in */
    const char *kind;              /* NULL for any */
    const char *level;             /* NULL for any */
};

/* The levels of a commending body or a media outlet, lowest first. */
extern const char *const registry_levels[];

/* Checks f (its kind against kinds, NULL-terminated, when kinds is not NULL; its level against
 * registry_levels) and the unit's
 * scope into *s. RES_INVALID names the bad field; RES_NOT_FOUND for a unit out of scope. */
enum result registry_span(struct db *db, const struct actor *who, const struct registry_filter *f,
                          const char *const *kinds, struct registry_span *s, struct err *err);
/* Binds the span's unit path, end, from and to as parameters ?1..?4 of st, its kind (NULL for
 * any) as ?5 and its level (NULL for any) as ?8. */
void registry_bind_span(sqlite3_stmt *st, const struct registry_span *s);
/* The SQL condition on a record's unit path column and day column that registry_bind_span
 * fills, e.g. REGISTRY_SPAN_SQL("u.path", "r.day"); a kind column is narrowed by
 * "(?5 IS NULL OR r.kind = ?5)". */
#define REGISTRY_SPAN_SQL(path, day)                                                               \
    path " >= ?1 AND " path " < ?2 AND " day " >= ?3 AND " day " <= ?4"

/* A list's total from the roll-up instead of a count of its records: the sum of keys (NULL-
 * terminated) over the span's subtree and period; -1 when the list is of one unit alone (the
 * roll-up holds subtrees) or the read fails, for the caller to count. */
long long registry_tally_total(struct db *db, const struct registry_filter *f,
                               const struct registry_span *s, const char *const *keys);
/* Whether a list of total records reads its page from the newest day down (an index on the day:
 * the page's rows come early) rather than unit by unit and sorted (a county's few at once): when
 * the span holds more than a thousand records, or at least a twentieth of the table's (of_table,
 * the table's largest id: a province's 500 cases lie in 935 units), and the page lies within the
 * first thousand rows. */
int registry_by_day(const struct registry_filter *f, long long total, long long of_table);

/* RES_OK when value is one of allowed (NULL-terminated); else RES_INVALID naming field and the
 * allowed values. */
enum result registry_enum(const char *value, const char *const *allowed, const char *field,
                          struct err *err);
/* RES_OK when s is a date YYYY-MM-DD; else RES_INVALID naming field (err.required when empty). */
enum result registry_day(const char *s, const char *field, struct err *err);
/* The unit of code for a new record of the actor's: in scope and writable (RES_NOT_FOUND or
 * RES_FORBIDDEN otherwise, naming "unit"). */
enum result registry_unit(struct db *db, const struct actor *who, const char *code,
                          struct unit *out, struct err *err);

#endif
