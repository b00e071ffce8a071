/*
 * Counters kept by additive upserts, summed in memory during a bulk import: an import of
 * 100,000 rows added to the same few hundred counter rows a million times, each an index search
 * and a page write; now each counter row is written once, when the import ends.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "db/db.h"

struct counts_entry {
    const char *sql;           /* the upsert, NULL for a free slot */
    long long unit;            /* ?1 */
    char *day;                 /* ?2 */
    char *key;                 /* ?3, or NULL when the upsert has none */
    int n;                     /* values from ?4 */
    long long v[DB_COUNTS_MAX]; /* summed */
};

struct db_counts {
    struct counts_entry *e; /* open addressing, linear probing */
    size_t cap;             /* a power of two */
    size_t used;            /* slots taken */
};

static uint64_t mix(uint64_t h, const char *s)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

static uint64_t hash_of(const char *sql, long long unit, const char *day, const char *key)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)(uintptr_t)sql;
    h = (h ^ (uint64_t)unit) * 0x100000001b3ULL;
    h = mix(h, day);
    h = mix(h ^ 0xff, key);
    return h ^ (h >> 29);
}

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static struct counts_entry *slot(struct db_counts *c, const char *sql, long long unit,
                                 const char *day, const char *key)
{
    size_t i = hash_of(sql, unit, day, key) & (c->cap - 1);
    for (;; i = (i + 1) & (c->cap - 1)) {
        struct counts_entry *e = &c->e[i];
        if (!e->sql || (e->sql == sql && e->unit == unit && same(e->day, day) &&
                        same(e->key, key)))
            return e;
    }
}

static void grow(struct db_counts *c)
{
    struct counts_entry *old = c->e;
    size_t old_cap = c->cap;
    c->cap = old_cap ? old_cap * 2 : 256;
    c->e = xcalloc(c->cap, sizeof(*c->e));
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].sql)
            *slot(c, old[i].sql, old[i].unit, old[i].day, old[i].key) = old[i];
    free(old);
}

/* Runs the upsert once with the given values. */
static enum result run(struct db *db, const char *sql, long long unit, const char *day,
                       const char *key, const long long *v, int n)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit);
    db_bind_text(st, 2, day);
    if (key)
        db_bind_text(st, 3, key);
    for (int k = 0; k < n; k++)
        sqlite3_bind_int64(st, 4 + k, v[k]);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result db_counts_add(struct db *db, const char *sql, long long unit, const char *day,
                          const char *key, const long long *v, int n)
{
    if (n > DB_COUNTS_MAX)
        BUG("more counters in one row than DB_COUNTS_MAX");
    if (!db->bulk)
        return run(db, sql, unit, day, key, v, n);
    if (!db->counts)
        db->counts = xcalloc(1, sizeof(*db->counts));
    struct db_counts *c = db->counts;
    if ((c->used + 1) * 2 > c->cap)
        grow(c);
    struct counts_entry *e = slot(c, sql, unit, day, key);
    if (!e->sql) {
        *e = (struct counts_entry){ .sql = sql, .unit = unit, .day = xstrdup(day ? day : ""),
                                    .key = key ? xstrdup(key) : NULL, .n = n };
        c->used++;
    }
    for (int k = 0; k < n; k++)
        e->v[k] += v[k];
    return RES_OK;
}

void db_counts_drop(struct db *db)
{
    struct db_counts *c = db->counts;
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++) {
        free(c->e[i].day);
        free(c->e[i].key);
    }
    free(c->e);
    free(c);
    db->counts = NULL;
}

enum result db_counts_flush(struct db *db)
{
    struct db_counts *c = db->counts;
    enum result r = RES_OK;
    for (size_t i = 0; c && i < c->cap && r == RES_OK; i++) {
        struct counts_entry *e = &c->e[i];
        if (e->sql)
            r = run(db, e->sql, e->unit, e->day, e->key, e->v, e->n);
    }
    db_counts_drop(db);
    return r;
}
