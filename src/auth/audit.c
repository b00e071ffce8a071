/* The audit chain; see audit.h. Auth layer. */
#include "auth/audit.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"

enum { HASH_LEN = 32 };

static void absorb(crypto_generichash_state *h, const char *s, int present)
{
    uint64_t n = present ? strlen(s) : UINT64_MAX;
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    crypto_generichash_update(h, len, sizeof(len));
    if (present)
        crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

static void record_hash(unsigned char out[HASH_LEN], const unsigned char prev[HASH_LEN],
                        long long id, const char *at, const char *actor, const char *action,
                        const char *object, const char *before, const char *after)
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, HASH_LEN);
    crypto_generichash_update(&h, prev, HASH_LEN);
    char idtext[24];
    snprintf(idtext, sizeof(idtext), "%lld", id);
    absorb(&h, idtext, 1);
    absorb(&h, at, 1);
    absorb(&h, actor, 1);
    absorb(&h, action, 1);
    absorb(&h, object, 1);
    absorb(&h, before ? before : "", before != NULL);
    absorb(&h, after ? after : "", after != NULL);
    crypto_generichash_final(&h, out, HASH_LEN);
}

enum result audit_append(struct db *db, const struct actor *who, const char *action,
                         const char *object, const char *before, const char *after)
{
    unsigned char prev[HASH_LEN] = { 0 };
    long long id = 1;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (!st)
        return RES_FAIL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0) + 1;
        if (sqlite3_column_bytes(st, 1) == HASH_LEN)
            memcpy(prev, sqlite3_column_blob(st, 1), HASH_LEN);
    }
    db_done(st);
    char at[26];
    clock_now(at);
    unsigned char hash[HASH_LEN];
    record_hash(hash, prev, id, at, who->login, action, object, before, after);
    st = db_stmt(db, "INSERT INTO audit(id, at, actor, action, object, before, after, prev_hash,"
                     " hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, at);
    db_bind_text(st, 3, who->login);
    db_bind_text(st, 4, action);
    db_bind_text(st, 5, object);
    if (before)
        db_bind_text(st, 6, before);
    if (after)
        db_bind_text(st, 7, after);
    sqlite3_bind_blob(st, 8, prev, HASH_LEN, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 9, hash, HASH_LEN, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

static const char *opt_text(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

enum result audit_verify(struct db *db, long long *n_records, long long *bad_id, struct buf *msg)
{
    unsigned char prev[HASH_LEN] = { 0 };
    long long expect_id = 1;
    enum result r = RES_OK;
    *n_records = 0;
    *bad_id = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, at, actor, action, object, before, after,"
                                   " prev_hash, hash FROM audit ORDER BY id");
    if (!st)
        return RES_FAIL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        unsigned char hash[HASH_LEN];
        record_hash(hash, prev, id, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                    db_col_text(st, 4), opt_text(st, 5), opt_text(st, 6));
        const char *why = NULL;
        if (id != expect_id)
            why = "a record is missing before it";
        else if (sqlite3_column_bytes(st, 7) != HASH_LEN ||
                 memcmp(sqlite3_column_blob(st, 7), prev, HASH_LEN) != 0)
            why = "its link to the previous record is broken";
        else if (sqlite3_column_bytes(st, 8) != HASH_LEN ||
                 memcmp(sqlite3_column_blob(st, 8), hash, HASH_LEN) != 0)
            why = "its contents do not match its hash";
        if (why) {
            *bad_id = id;
            buf_addf(msg, "audit record %lld: %s", id, why);
            r = RES_CONFLICT;
            break;
        }
        memcpy(prev, hash, HASH_LEN);
        expect_id++;
        (*n_records)++;
    }
    if (r == RES_OK && rc != SQLITE_DONE) {
        buf_addf(msg, "cannot read the audit log: %s", sqlite3_errmsg(db->h));
        r = RES_FAIL;
    }
    db_done(st);
    return r;
}

enum result audit_record_object(struct db *db, const struct actor *who, const char *action,
                                const char *object, json_t *after)
{
    struct buf text;
    buf_init(&text, 1 << 24);
    int bad = after && (json_write_sorted(&text, after) != 0 || text.err);
    json_decref(after);
    enum result r = bad ? RES_FAIL
                        : audit_append(db, who, action, object, NULL, after ? buf_str(&text) : NULL);
    buf_release(&text);
    return r;
}

enum result audit_record(struct db *db, const struct actor *who, const char *action,
                         const char *kind, long long id, json_t *after)
{
    char object[64];
    snprintf(object, sizeof(object), "%s:%lld", kind, id);
    return audit_record_object(db, who, action, object, after);
}
