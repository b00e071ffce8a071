/*
 * Opinions from the public, without an account (mechanism model; DESIGN.md mechanism 3,
 * speech.txt "征求意见"): submission, tracking by code and the author's rating. Nothing about the
 * request is kept: no account, no address, no time finer than the day; ids are random, codes are
 * stored only hashed, and the audit record says only that an opinion arrived, with the day. No
 * http types.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "opinion/opinion.h"
#include "opinion/opinion_int.h"
#include "unit/unit.h"

/* A random id for a public opinion, unused both as an opinion id and as a search rowid:
 * sequential ids would tell the order, and so the time, of anonymous submissions. */
static long long random_id(struct db *db)
{
    for (int tries = 0; tries < 8; tries++) {
        uint64_t v;
        randombytes_buf(&v, sizeof(v));
        long long id = (long long)((1ULL << 40) + (v & ((1ULL << 50) - 1)));
        sqlite3_stmt *st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM opinion WHERE id = ?1)"
                                       " OR EXISTS (SELECT 1 FROM search WHERE rowid = ?1)");
        if (!st)
            return 0;
        sqlite3_bind_int64(st, 1, id);
        int used = sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0);
        db_done(st);
        if (!used)
            return id;
    }
    return 0;
}

/* A tracking code: 16 characters of Crockford's base32 (80 bits), easy to read out. */
void tracking_new(char code[TRACKING_TEXT])
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    unsigned char bytes[TRACKING_TEXT - 1];
    randombytes_buf(bytes, sizeof(bytes));
    /* 32 letters: the low five bits of a random byte pick one uniformly */
    for (int i = 0; i < TRACKING_TEXT - 1; i++)
        code[i] = alphabet[bytes[i] & 31];
    code[TRACKING_TEXT - 1] = '\0';
}

/* The stored hash of a code as typed: upper-cased, with O read as 0 and I, L as 1. */
static void tracking_hash(unsigned char out[32], const char *code)
{
    char norm[TRACKING_TEXT];
    size_t n = 0;
    for (const char *p = code; *p && n < TRACKING_TEXT - 1; p++) {
        char c = *p;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c == 'O')
            c = '0';
        if (c == 'I' || c == 'L')
            c = '1';
        if (c == '-' || c == ' ')
            continue;
        norm[n++] = c;
    }
    norm[n] = '\0';
    crypto_generichash(out, 32, (const unsigned char *)norm, n, NULL, 0);
}

enum result opinion_submit_public(struct db *db, const struct opinion_input *in,
                                  char code[TRACKING_TEXT], struct err *err)
{
    struct opinion_input pub = *in;
    pub.channel = "web";
    pub.target_person = 0;
    pub.campaign = 0;
    struct unit u;
    enum result r = check_opinion(db, NULL, &pub, &u, err);
    if (r != RES_OK)
        return r;
    tracking_new(code);
    unsigned char hash[32];
    tracking_hash(hash, code);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    long long id;
    struct actor public_actor = { 0 };
    snprintf(public_actor.login, sizeof(public_actor.login), "public");
    char today[11];
    clock_today(today);
    /* the audit record says that an opinion arrived, not which: no id, no content, no client
     * data, the day only */
    char after[UNIT_CODE_MAX + 48];
    snprintf(after, sizeof(after), "{\"day\":\"%s\",\"unit\":\"%s\"}", today, u.code);
    /* public ones go into the search index by batches: each write to it costs a flush */
    long long want = random_id(db);
    if (!want || insert_opinion(db, &pub, &u, 0, hash, want, &id) != RES_OK ||
        index_later(db, id) != RES_OK ||
        audit_append(db, &public_actor, "opinion.public", "opinion", NULL, after) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result opinion_track(struct db *db, const char *code,
                          void (*fn)(void *ctx, const struct opinion *o), void *ctx)
{
    unsigned char hash[32];
    tracking_hash(hash, code ? code : "");
    sqlite3_stmt *st = db_stmt(db, "SELECT " OPINION_COLUMNS ", u.path" OPINION_JOINS
                                   " WHERE o.tracking_hash = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
    return opinion_first(st, NULL, fn, ctx);
}

/* Adds n to the rating's count in d. */
static void rating_delta(struct opinion_delta *d, const char *rating, int n)
{
    if (!strcmp(rating, "satisfied"))
        d->satisfied += n;
    else if (!strcmp(rating, "basic"))
        d->basic += n;
    else if (!strcmp(rating, "dissatisfied"))
        d->dissatisfied += n;
}

enum result opinion_rate(struct db *db, const char *code, const char *rating, struct err *err)
{
    static const char *const ratings[] = { "satisfied", "basic", "dissatisfied" };
    if (!in_set(rating, ratings, 3))
        return err_setf(err, RES_INVALID, "rating", "err.bad_enum", "satisfied|basic|dissatisfied");
    unsigned char hash[32];
    tracking_hash(hash, code ? code : "");
    enum result r = db_tx_begin(db);
    if (r != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "SELECT o.id, coalesce(o.rating, ''), o.day, o.channel, u.path"
                                   " FROM opinion o JOIN unit u ON u.id = o.unit_id"
                                   " WHERE o.tracking_hash = ?1 AND o.reply IS NOT NULL");
    long long id = 0;
    char old[16] = "", day[11] = "", channel[16] = "", path[UNIT_PATH_MAX] = "";
    if (st) {
        sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            snprintf(old, sizeof(old), "%s", db_col_text(st, 1));
            snprintf(day, sizeof(day), "%s", db_col_text(st, 2));
            snprintf(channel, sizeof(channel), "%s", db_col_text(st, 3));
            snprintf(path, sizeof(path), "%s", db_col_text(st, 4));
        }
        db_done(st);
    }
    if (!id) {
        db_tx_rollback(db);
        return err_set(err, RES_NOT_FOUND, "code", "err.not_found");
    }
    struct opinion_delta d = { 0 };
    rating_delta(&d, old, -1);
    rating_delta(&d, rating, 1);
    st = db_stmt(db, "UPDATE opinion SET rating = ?2 WHERE id = ?1");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, rating);
        rc = sqlite3_step(st);
        db_done(st);
    }
    struct actor public_actor = { 0 };
    snprintf(public_actor.login, sizeof(public_actor.login), "public");
    if (rc != SQLITE_DONE || tally_opinion(db, path, day, channel, NULL, &d) != RES_OK ||
        audit_record(db, &public_actor, "opinion.rate", "opinion", id,
                     json_pack("{s:s}", "rating", rating)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}
