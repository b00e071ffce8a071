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
    uint64_t hash;              /* of the four keys below */
    const char *sql;            /* the upsert */
    long long unit;             /* ?1 */
    char *day;                  /* ?2 */
    char *key;                  /* ?3, or NULL when the upsert has none */
    int n;                      /* values from ?4 */
    long long v[DB_COUNTS_MAX]; /* summed */
};

/* The entries in the order first seen, found through an open-addressing index of their hashes
 * and positions: a probe compares the hash in the index and reads an entry only when it
 * matches, and growing moves the small index, not the entries. */
struct counts_slot {
    uint32_t hash; /* the entry's hash, low half */
    uint32_t at;   /* 1 + its position in e, 0 for a free slot */
};

struct db_counts {
    struct counts_slot *slots; /* linear probing */
    size_t cap;                /* slots, a power of two */
    struct counts_entry *e;    /* the entries */
    size_t n, e_cap;           /* entries used, allocated */
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
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL; /* every bit of the keys reaches the low bits the index uses */
    return h ^ (h >> 32);
}

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The slot of the entry with these keys, or the free slot where it belongs. */
static struct counts_slot *slot(struct db_counts *c, uint64_t h, const char *sql, long long unit,
                                const char *day, const char *key)
{
    for (size_t i = h & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        struct counts_slot *s = &c->slots[i];
        if (!s->at)
            return s;
        const struct counts_entry *e = &c->e[s->at - 1];
        if (s->hash == (uint32_t)h && e->sql == sql && e->unit == unit && same(e->day, day) &&
            same(e->key, key))
            return s;
    }
}

static void grow(struct db_counts *c)
{
    free(c->slots);
    c->cap = c->cap ? c->cap * 2 : 256;
    c->slots = xcalloc(c->cap, sizeof(*c->slots));
    for (size_t k = 0; k < c->n; k++) {
        size_t i = c->e[k].hash & (c->cap - 1);
        while (c->slots[i].at)
            i = (i + 1) & (c->cap - 1);
        c->slots[i] = (struct counts_slot){ (uint32_t)c->e[k].hash, (uint32_t)(k + 1) };
    }
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
    if ((c->n + 1) * 2 > c->cap)
        grow(c);
    uint64_t h = hash_of(sql, unit, day, key);
    struct counts_slot *s = slot(c, h, sql, unit, day, key);
    if (!s->at) {
        c->e = vec_grow(c->e, c->n, &c->e_cap);
        c->e[c->n] = (struct counts_entry){ .hash = h, .sql = sql, .unit = unit,
                                            .day = xstrdup(day ? day : ""),
                                            .key = key ? xstrdup(key) : NULL, .n = n };
        *s = (struct counts_slot){ (uint32_t)h, (uint32_t)++c->n };
    }
    struct counts_entry *e = &c->e[s->at - 1];
    for (int k = 0; k < n; k++)
        e->v[k] += v[k];
    return RES_OK;
}

void db_counts_drop(struct db *db)
{
    struct db_counts *c = db->counts;
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->e[i].day);
        free(c->e[i].key);
    }
    free(c->e);
    free(c->slots);
    free(c);
    db->counts = NULL;
}

enum result db_counts_flush(struct db *db)
{
    struct db_counts *c = db->counts;
    enum result r = RES_OK;
    for (size_t i = 0; c && i < c->n && r == RES_OK; i++) {
        struct counts_entry *e = &c->e[i];
        r = run(db, e->sql, e->unit, e->day, e->key, e->v, e->n);
    }
    db_counts_drop(db);
    return r;
}
