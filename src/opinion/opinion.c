/*
 * Opinions, problems, measures, replies and search; see opinion.h. Mechanism layer. Anonymous
 * opinions are written without account, address or time, and their audit records say only that
 * an opinion arrived, with the day.
 */
#include "opinion/opinion.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "core/bigram.h"
#include "core/clock.h"
#include "core/str.h"
#include "unit/unit.h"

const char *const channel_codes[9] = { "hotline", "box",           "notice", "form", "forum",
                                       "visit",   "questionnaire", "letter", "web" };
const char *const area_codes[5] = { "thinking", "work", "style", "ability", "life" };

static int in_set(const char *v, const char *const *set, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(v, set[i]) == 0)
            return 1;
    return 0;
}

static enum result check_area(const char *area, int required, struct err *err)
{
    if (!area && !required)
        return RES_OK;
    if (!in_set(area, area_codes, 5))
        return err_setf(err, RES_INVALID, "area", "err.bad_enum", "%s",
                        "thinking|work|style|ability|life");
    return RES_OK;
}

/* Adds text to the search index under kind and id. */
static enum result index_text(struct db *db, const char *kind, long long id, long long unit_id,
                              const char *text)
{
    struct buf body;
    buf_init(&body, (size_t)OPINION_TEXT_MAX * 16);
    bigram_index(&body, text);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO search(body, kind, ref, unit_id)"
                                   " VALUES (?1, ?2, ?3, ?4)");
    int rc = SQLITE_ERROR;
    if (st && !body.err) {
        db_bind_text(st, 1, buf_str(&body));
        db_bind_text(st, 2, kind);
        sqlite3_bind_int64(st, 3, id);
        sqlite3_bind_int64(st, 4, unit_id);
        rc = sqlite3_step(st);
        db_done(st);
    }
    buf_release(&body);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

static enum result audit_json(struct db *db, const struct actor *who, const char *action,
                              const char *kind, long long id, json_t *after)
{
    char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(after);
    char object[48];
    snprintf(object, sizeof(object), "%s:%lld", kind, id);
    enum result r = audit_append(db, who, action, object, NULL, text);
    free(text);
    return r;
}

/* Checks an opinion's fields; loads its unit (no scope check: the caller decides). */
static enum result check_opinion(struct db *db, const struct opinion_input *in, struct unit *u,
                                 struct err *err)
{
    if (!in_set(in->channel, channel_codes, 9))
        return err_setf(err, RES_INVALID, "channel", "err.bad_enum", "%s",
                        "hotline|box|notice|form|forum|visit|questionnaire|letter|web");
    enum result r = err_text(err, "content", in->content, 1, OPINION_TEXT_MAX, 1);
    if (r == RES_OK)
        r = err_text(err, "contact", in->contact, 0, OPINION_CONTACT_MAX, 0);
    if (r == RES_OK)
        r = check_area(in->area, 0, err);
    if (r != RES_OK)
        return r;
    struct actor all;
    actor_system(&all);
    if (!in->target_unit || !*in->target_unit) {
        /* none named: the top of the tree receives it */
        if (unit_get_id(db, &all,
                        db_count(db, "SELECT min(id) FROM unit WHERE parent_id IS NULL", NULL, 0),
                        u) != RES_OK)
            return err_set(err, RES_INVALID, "target_unit", "err.required");
    } else if (unit_get(db, &all, in->target_unit, u, NULL) != RES_OK) {
        return err_set(err, RES_INVALID, "target_unit", "err.not_found");
    }
    if (in->target_person) {
        sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM person WHERE id = ?1 AND unit_id = ?2");
        if (!st)
            return err_set(err, RES_FAIL, NULL, "err.internal");
        sqlite3_bind_int64(st, 1, in->target_person);
        sqlite3_bind_int64(st, 2, u->id);
        int ok = sqlite3_step(st) == SQLITE_ROW;
        db_done(st);
        if (!ok)
            return err_set(err, RES_INVALID, "target_person", "err.not_found");
    }
    return RES_OK;
}

/* Inserts a checked opinion; the caller holds the transaction. */
static enum result insert_opinion(struct db *db, const struct opinion_input *in,
                                  const struct unit *u, long long account_id,
                                  const unsigned char *tracking_hash, long long *id)
{
    char today[11];
    clock_today(today);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO opinion(unit_id, channel, area, target_person_id,"
                                   " content, contact, day, account_id, tracking_hash)"
                                   " VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, nullif(?6, ''), ?7,"
                                   " nullif(?8, 0), ?9)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, u->id);
    db_bind_text(st, 2, in->channel);
    if (in->area)
        db_bind_text(st, 3, in->area);
    sqlite3_bind_int64(st, 4, in->target_person);
    db_bind_text(st, 5, in->content);
    db_bind_text(st, 6, in->contact);
    db_bind_text(st, 7, today);
    sqlite3_bind_int64(st, 8, account_id);
    if (tracking_hash)
        sqlite3_bind_blob(st, 9, tracking_hash, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    *id = sqlite3_last_insert_rowid(db->h);
    return index_text(db, "opinion", *id, u->id, in->content);
}

/* A tracking code: 16 characters of Crockford's base32 (80 bits), easy to read out. */
static void tracking_new(char code[TRACKING_TEXT])
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (int i = 0; i < TRACKING_TEXT - 1; i++)
        code[i] = alphabet[randombytes_uniform(32)];
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
    struct unit u;
    enum result r = check_opinion(db, &pub, &u, err);
    if (r != RES_OK)
        return r;
    tracking_new(code);
    unsigned char hash[32];
    tracking_hash(hash, code);
    if ((r = db_tx_begin(db)) != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    long long id;
    struct actor public_actor = { 0 };
    snprintf(public_actor.login, sizeof(public_actor.login), "public");
    char today[11];
    clock_today(today);
    /* the audit record carries no content, no client data and only the day */
    if (insert_opinion(db, &pub, &u, 0, hash, &id) != RES_OK ||
        audit_json(db, &public_actor, "opinion.public", "opinion", id,
                   json_pack("{s:s, s:s}", "unit", u.code, "day", today)) != RES_OK) {
        db_tx_rollback(db);
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : err_set(err, RES_FAIL, NULL, "err.internal");
}

enum result opinion_add(struct db *db, const struct actor *who, const struct opinion_input *in,
                        long long *id, struct err *err)
{
    struct unit u;
    enum result r = check_opinion(db, in, &u, err);
    if (r != RES_OK)
        return r;
    if (!scope_has_path(who, u.path))
        return err_set(err, RES_INVALID, "target_unit", "err.not_found");
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if ((r = db_tx_begin(db)) != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    if (insert_opinion(db, in, &u, who->account_id, NULL, id) != RES_OK ||
        audit_json(db, who, "opinion.add", "opinion", *id,
                   json_pack("{s:s, s:s, s:s}", "unit", u.code, "channel", in->channel, "content",
                             in->content)) != RES_OK) {
        db_tx_rollback(db);
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : err_set(err, RES_FAIL, NULL, "err.internal");
}

#define OPINION_COLUMNS                                                                            \
    "o.id, u.code, u.name, o.channel, coalesce(o.area, ''), o.content, o.day,"                     \
    " coalesce(tp.name, ''), coalesce(o.reply, ''), coalesce(o.reply_day, ''),"                    \
    " coalesce(o.rating, ''), coalesce(o.consolidated_into, 0), o.account_id IS NULL,"             \
    " CASE WHEN o.reply IS NOT NULL THEN 'replied' WHEN EXISTS (SELECT 1 FROM problem_opinion"     \
    " po WHERE po.opinion_id = o.id) THEN 'classified' ELSE 'received' END"
#define OPINION_JOINS                                                                              \
    " FROM opinion o JOIN unit u ON u.id = o.unit_id LEFT JOIN person tp"                          \
    " ON tp.id = o.target_person_id"

static void opinion_from_row(sqlite3_stmt *st, struct opinion *o)
{
    o->id = sqlite3_column_int64(st, 0);
    o->unit_code = db_col_text(st, 1);
    o->unit_name = db_col_text(st, 2);
    o->channel = db_col_text(st, 3);
    o->area = db_col_text(st, 4);
    o->content = db_col_text(st, 5);
    o->day = db_col_text(st, 6);
    o->target_name = db_col_text(st, 7);
    o->reply = db_col_text(st, 8);
    o->reply_day = db_col_text(st, 9);
    o->rating = db_col_text(st, 10);
    o->consolidated_into = sqlite3_column_int64(st, 11);
    o->anonymous = sqlite3_column_int(st, 12);
    o->state = db_col_text(st, 13);
}

enum result opinion_each(struct db *db, const struct actor *who, const char *unit_code, int subtree,
                         long long offset, long long limit,
                         void (*fn)(void *ctx, const struct opinion *o), void *ctx, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit_code, &u, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX + 2];
    if (subtree)
        path_end(end, u.path);
    else
        snprintf(end, sizeof(end), "%s\x01", u.path);
    sqlite3_stmt *st = db_stmt(db, "SELECT " OPINION_COLUMNS OPINION_JOINS
                                   " WHERE u.path >= ?1 AND u.path < ?2 ORDER BY o.id DESC"
                                   " LIMIT ?3 OFFSET ?4");
    if (!st)
        return err_set(err, RES_FAIL, NULL, "err.internal");
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    sqlite3_bind_int64(st, 3, limit);
    sqlite3_bind_int64(st, 4, offset);
    struct opinion o;
    while (sqlite3_step(st) == SQLITE_ROW) {
        opinion_from_row(st, &o);
        fn(ctx, &o);
    }
    db_done(st);
    return RES_OK;
}

enum result opinion_track(struct db *db, const char *code,
                          void (*fn)(void *ctx, const struct opinion *o), void *ctx)
{
    unsigned char hash[32];
    tracking_hash(hash, code ? code : "");
    sqlite3_stmt *st =
        db_stmt(db, "SELECT " OPINION_COLUMNS OPINION_JOINS " WHERE o.tracking_hash = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        struct opinion o;
        opinion_from_row(st, &o);
        fn(ctx, &o);
        r = RES_OK;
    }
    db_done(st);
    return r;
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
        return err_set(err, r, NULL, "err.internal");
    sqlite3_stmt *st = db_stmt(db, "UPDATE opinion SET rating = ?2 WHERE tracking_hash = ?1"
                                   " AND reply IS NOT NULL RETURNING id");
    long long id = 0;
    if (st) {
        sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
        db_bind_text(st, 2, rating);
        if (sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
        db_done(st);
    }
    struct actor public_actor = { 0 };
    snprintf(public_actor.login, sizeof(public_actor.login), "public");
    if (!id) {
        db_tx_rollback(db);
        return err_set(err, RES_NOT_FOUND, "code", "err.not_found");
    }
    if (audit_json(db, &public_actor, "opinion.rate", "opinion", id,
                   json_pack("{s:s}", "rating", rating)) != RES_OK) {
        db_tx_rollback(db);
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : err_set(err, RES_FAIL, NULL, "err.internal");
}

/* The unit path of an opinion, problem or measure, for scope checks. */
static enum result owner_path(struct db *db, const char *sql, long long id,
                              char path[UNIT_PATH_MAX], long long *unit_id)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(path, UNIT_PATH_MAX, "%s", db_col_text(st, 0));
        if (unit_id)
            *unit_id = sqlite3_column_int64(st, 1);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

static const char OPINION_OWNER[] =
    "SELECT u.path, u.id FROM opinion o JOIN unit u ON u.id = o.unit_id WHERE o.id = ?1";
static const char PROBLEM_OWNER[] =
    "SELECT u.path, u.id FROM problem p JOIN unit u ON u.id = p.unit_id WHERE p.id = ?1";
static const char MEASURE_OWNER[] =
    "SELECT u.path, u.id FROM measure m JOIN unit u ON u.id = m.unit_id WHERE m.id = ?1";

/* Loads the owner of a record and checks the actor may write it. */
static enum result writable(struct db *db, const struct actor *who, const char *sql, long long id,
                            const char *field, char path[UNIT_PATH_MAX], long long *unit_id,
                            struct err *err)
{
    enum result r = owner_path(db, sql, id, path, unit_id);
    if (r == RES_NOT_FOUND || (r == RES_OK && !scope_has_path(who, path)))
        return err_set(err, RES_NOT_FOUND, field, "err.not_found");
    if (r != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    return scope_check(who, path, PERM_RECORD_WRITE, err);
}

enum result opinion_reply(struct db *db, const struct actor *who, long long id, const char *text,
                          struct err *err)
{
    enum result r = err_text(err, "text", text, 1, OPINION_TEXT_MAX, 1);
    char path[UNIT_PATH_MAX];
    if (r != RES_OK || (r = writable(db, who, OPINION_OWNER, id, "opinion", path, NULL, err)))
        return r;
    char today[11];
    clock_today(today);
    if ((r = db_tx_begin(db)) != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    /* the authors of merged opinions get the same reply */
    sqlite3_stmt *st = db_stmt(db, "UPDATE opinion SET reply = ?2, reply_day = ?3"
                                   " WHERE id = ?1 OR consolidated_into = ?1");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, text);
        db_bind_text(st, 3, today);
        rc = sqlite3_step(st);
        db_done(st);
    }
    if (rc != SQLITE_DONE || audit_json(db, who, "opinion.reply", "opinion", id,
                                        json_pack("{s:s}", "reply", text)) != RES_OK) {
        db_tx_rollback(db);
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : err_set(err, RES_FAIL, NULL, "err.internal");
}

enum result opinion_merge(struct db *db, const struct actor *who, long long id, long long into,
                          struct err *err)
{
    char path[UNIT_PATH_MAX];
    enum result r = writable(db, who, OPINION_OWNER, id, "opinion", path, NULL, err);
    if (r == RES_OK)
        r = writable(db, who, OPINION_OWNER, into, "into", path, NULL, err);
    if (r != RES_OK)
        return r;
    if (id == into)
        return err_set(err, RES_INVALID, "into", "err.cycle");
    if ((r = db_tx_begin(db)) != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    /* one level only: what was merged into id now points at into as well */
    sqlite3_stmt *st = db_stmt(db, "UPDATE opinion SET consolidated_into = ?2"
                                   " WHERE (id = ?1 OR consolidated_into = ?1) AND ?2 NOT IN"
                                   " (SELECT id FROM opinion WHERE consolidated_into IS NOT NULL)");
    int rc = SQLITE_ERROR, changed = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, into);
        rc = sqlite3_step(st);
        changed = sqlite3_changes(db->h);
        db_done(st);
    }
    if (rc == SQLITE_DONE && !changed) {
        db_tx_rollback(db);
        return err_set(err, RES_CONFLICT, "into", "err.merged");
    }
    if (rc != SQLITE_DONE || audit_json(db, who, "opinion.merge", "opinion", id,
                                        json_pack("{s:I}", "into", (json_int_t)into)) != RES_OK) {
        db_tx_rollback(db);
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : err_set(err, RES_FAIL, NULL, "err.internal");
}

enum result problem_add(struct db *db, const struct actor *who, const struct problem_input *in,
                        long long *id, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, OPINION_CONTACT_MAX * 2, 0);
    if (r == RES_OK)
        r = check_area(in->area, 1, err);
    if (r != RES_OK)
        return r;
    struct unit u;
    if ((r = unit_get(db, who, in->unit, &u, err)) != RES_OK)
        return r;
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    char path[UNIT_PATH_MAX];
    for (size_t i = 0; i < in->n_opinions; i++)
        if (owner_path(db, OPINION_OWNER, in->opinions[i], path, NULL) != RES_OK ||
            !scope_has_path(who, path))
            return err_setf(err, RES_INVALID, "opinions", "err.not_found", "%lld", in->opinions[i]);
    char today[11];
    clock_today(today);
    if ((r = db_tx_begin(db)) != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO problem(unit_id, title, area, source, day)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, in->title);
        db_bind_text(st, 3, in->area);
        db_bind_text(st, 4, in->n_opinions ? "opinion" : "self");
        db_bind_text(st, 5, today);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    json_t *ids = json_array();
    for (size_t i = 0; i < in->n_opinions && rc == SQLITE_DONE; i++) {
        st = db_stmt(db, "INSERT OR IGNORE INTO problem_opinion(problem_id, opinion_id)"
                         " VALUES (?1, ?2)");
        rc = SQLITE_ERROR;
        if (st) {
            sqlite3_bind_int64(st, 1, *id);
            sqlite3_bind_int64(st, 2, in->opinions[i]);
            rc = sqlite3_step(st);
            db_done(st);
        }
        json_array_append_new(ids, json_integer(in->opinions[i]));
    }
    if (rc != SQLITE_DONE || index_text(db, "problem", *id, u.id, in->title) != RES_OK ||
        audit_json(db, who, "problem.add", "problem", *id,
                   json_pack("{s:s, s:s, s:s, s:o}", "unit", u.code, "title", in->title, "area",
                             in->area, "opinions", ids)) != RES_OK) {
        db_tx_rollback(db);
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : err_set(err, RES_FAIL, NULL, "err.internal");
}

enum result measure_add(struct db *db, const struct actor *who, const struct measure_input *in,
                        long long *id, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, OPINION_CONTACT_MAX * 2, 0);
    if (r != RES_OK)
        return r;
    if (!in->owner)
        return err_set(err, RES_INVALID, "owner", "err.required");
    if (!in->deadline || !date_valid(in->deadline))
        return err_set(err, RES_INVALID, "deadline", "err.bad_date");
    char path[UNIT_PATH_MAX];
    long long unit_id;
    if ((r = writable(db, who, PROBLEM_OWNER, in->problem, "problem", path, &unit_id, err)))
        return r;
    char owner_path_text[UNIT_PATH_MAX];
    if (owner_path(db,
                   "SELECT u.path, u.id FROM person p JOIN unit u ON u.id = p.unit_id"
                   " WHERE p.id = ?1 AND p.active = 1",
                   in->owner, owner_path_text, NULL) != RES_OK ||
        !scope_has_path(who, owner_path_text))
        return err_set(err, RES_INVALID, "owner", "err.not_found");
    if ((r = db_tx_begin(db)) != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO measure(problem_id, unit_id, title, owner_id,"
                                   " deadline, state, public) VALUES (?1, ?2, ?3, ?4, ?5, 'open',"
                                   " ?6)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, in->problem);
        sqlite3_bind_int64(st, 2, unit_id);
        db_bind_text(st, 3, in->title);
        sqlite3_bind_int64(st, 4, in->owner);
        db_bind_text(st, 5, in->deadline);
        sqlite3_bind_int(st, 6, in->public != 0);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    if (rc != SQLITE_DONE || index_text(db, "measure", *id, unit_id, in->title) != RES_OK ||
        audit_json(db, who, "measure.add", "measure", *id,
                   json_pack("{s:I, s:s, s:I, s:s}", "problem", (json_int_t)in->problem, "title",
                             in->title, "owner", (json_int_t)in->owner, "deadline",
                             in->deadline)) != RES_OK) {
        db_tx_rollback(db);
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : err_set(err, RES_FAIL, NULL, "err.internal");
}

/* Moves a measure to a new state when it is in one of the states allowed. */
static enum result measure_step(struct db *db, const struct actor *who, long long id,
                                const char *sql, const char *evidence, const char *action,
                                struct err *err)
{
    char today[11];
    clock_today(today);
    enum result r = db_tx_begin(db);
    if (r != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    sqlite3_stmt *st = db_stmt(db, sql);
    int rc = SQLITE_ERROR, changed = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, today);
        if (sqlite3_bind_parameter_count(st) >= 3)
            db_bind_text(st, 3, evidence);
        if (sqlite3_bind_parameter_count(st) >= 4)
            sqlite3_bind_int64(st, 4, who->account_id);
        rc = sqlite3_step(st);
        changed = sqlite3_changes(db->h);
        db_done(st);
    }
    if (rc == SQLITE_DONE && !changed) {
        db_tx_rollback(db);
        return err_set(err, RES_CONFLICT, "state", "err.measure_state");
    }
    if (rc != SQLITE_DONE ||
        audit_json(db, who, action, "measure", id,
                   evidence ? json_pack("{s:s}", "evidence", evidence) : NULL) != RES_OK) {
        db_tx_rollback(db);
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : err_set(err, RES_FAIL, NULL, "err.internal");
}

enum result measure_implemented(struct db *db, const struct actor *who, long long id,
                                const char *evidence, struct err *err)
{
    enum result r = err_text(err, "evidence", evidence, 1, OPINION_TEXT_MAX, 1);
    char path[UNIT_PATH_MAX];
    if (r != RES_OK || (r = writable(db, who, MEASURE_OWNER, id, "measure", path, NULL, err)))
        return r;
    return measure_step(db, who, id,
                        "UPDATE measure SET state = 'implemented', implemented_day = ?2,"
                        " evidence = ?3, implemented_by = nullif(?4, 0)"
                        " WHERE id = ?1 AND state IN ('open', 'in_progress')",
                        evidence, "measure.implemented", err);
}

enum result measure_verify(struct db *db, const struct actor *who, long long id, struct err *err)
{
    char path[UNIT_PATH_MAX];
    long long unit_id;
    enum result r = writable(db, who, MEASURE_OWNER, id, "measure", path, &unit_id, err);
    if (r != RES_OK)
        return r;
    /* the level above verifies: the actor's unit must lie strictly above the measure's */
    if (who->unit_id == unit_id || strcmp(who->unit_path, path) == 0)
        return err_set(err, RES_FORBIDDEN, "measure", "err.own_measure");
    return measure_step(db, who, id,
                        "UPDATE measure SET state = 'verified', verified_day = ?2"
                        " WHERE id = ?1 AND state = 'implemented'",
                        NULL, "measure.verify", err);
}

enum result rectification_stats(struct db *db, const struct actor *who, const char *unit_code,
                                const char *from, const char *to, struct rectification_stats *s,
                                struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit_code, &u, err);
    if (r != RES_OK)
        return r;
    if ((from && *from && !date_valid(from)) || (to && *to && !date_valid(to)))
        return err_set(err, RES_INVALID, from && *from && !date_valid(from) ? "from" : "to",
                       "err.bad_date");
    char end[UNIT_PATH_MAX], today[11];
    path_end(end, u.path);
    clock_today(today);
    const char *lo = from && *from ? from : "0000-00-00";
    const char *hi = to && *to ? to : "9999-99-99";
    memset(s, 0, sizeof(*s));
    /* NEEDSWORK: counts scan the subtree; a province of 150,000 opinions wants roll-up counts
     * kept as they change, as tasks have */
    sqlite3_stmt *st = db_stmt(
        db, "SELECT o.channel, coalesce(o.area, ''), count(*), sum(o.consolidated_into IS NULL),"
            " sum(o.reply IS NOT NULL), sum(o.rating = 'satisfied'), sum(o.rating = 'basic'),"
            " sum(o.rating = 'dissatisfied') FROM opinion o JOIN unit u ON u.id = o.unit_id"
            " WHERE u.path >= ?1 AND u.path < ?2 AND o.day BETWEEN ?3 AND ?4"
            " GROUP BY o.channel, o.area");
    if (!st)
        return err_set(err, RES_FAIL, NULL, "err.internal");
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, lo);
    db_bind_text(st, 4, hi);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long n = sqlite3_column_int64(st, 2);
        for (int i = 0; i < 9; i++)
            if (strcmp(db_col_text(st, 0), channel_codes[i]) == 0)
                s->by_channel[i] += n;
        for (int i = 0; i < 5; i++)
            if (strcmp(db_col_text(st, 1), area_codes[i]) == 0)
                s->by_area[i] += n;
        s->opinions += n;
        s->consolidated += sqlite3_column_int64(st, 3);
        s->replied += sqlite3_column_int64(st, 4);
        s->satisfied += sqlite3_column_int64(st, 5);
        s->basic += sqlite3_column_int64(st, 6);
        s->dissatisfied += sqlite3_column_int64(st, 7);
    }
    db_done(st);
    st = db_stmt(db, "SELECT (SELECT count(*) FROM problem p JOIN unit u ON u.id = p.unit_id"
                     " WHERE u.path >= ?1 AND u.path < ?2 AND p.day BETWEEN ?3 AND ?4),"
                     " count(m.id), coalesce(sum(m.state IN ('implemented', 'verified')), 0),"
                     " coalesce(sum(m.state = 'verified'), 0),"
                     " coalesce(sum(m.state IN ('open', 'in_progress') AND m.deadline < ?5), 0)"
                     " FROM measure m JOIN unit u ON u.id = m.unit_id JOIN problem p"
                     " ON p.id = m.problem_id WHERE u.path >= ?1 AND u.path < ?2"
                     " AND p.day BETWEEN ?3 AND ?4");
    if (!st)
        return err_set(err, RES_FAIL, NULL, "err.internal");
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, lo);
    db_bind_text(st, 4, hi);
    db_bind_text(st, 5, today);
    if (sqlite3_step(st) == SQLITE_ROW) {
        s->problems = sqlite3_column_int64(st, 0);
        s->measures = sqlite3_column_int64(st, 1);
        s->implemented = sqlite3_column_int64(st, 2);
        s->verified = sqlite3_column_int64(st, 3);
        s->overdue = sqlite3_column_int64(st, 4);
    }
    db_done(st);
    st = db_stmt(db, "SELECT coalesce(sum(CASE WHEN o.kind = 'letters' THEN o.count END), 0),"
                     " coalesce(sum(CASE WHEN o.kind = 'forums' THEN o.count END), 0),"
                     " coalesce(sum(CASE WHEN o.kind = 'visits' THEN o.count END), 0)"
                     " FROM outreach o JOIN unit u ON u.id = o.unit_id"
                     " WHERE u.path >= ?1 AND u.path < ?2 AND o.day BETWEEN ?3 AND ?4");
    if (!st)
        return err_set(err, RES_FAIL, NULL, "err.internal");
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, lo);
    db_bind_text(st, 4, hi);
    if (sqlite3_step(st) == SQLITE_ROW) {
        s->letters = sqlite3_column_int64(st, 0);
        s->forums = sqlite3_column_int64(st, 1);
        s->visits = sqlite3_column_int64(st, 2);
    }
    db_done(st);
    return RES_OK;
}

enum result search_run(struct db *db, const struct actor *who, const char *q, long long limit,
                       void (*fn)(void *ctx, const char *kind, long long id, const char *snippet),
                       void *ctx, struct err *err)
{
    enum result r = err_text(err, "q", q, 1, 100, 0);
    if (r != RES_OK)
        return r;
    struct buf match;
    buf_init(&match, 4096);
    if (bigram_query(&match, q) == 0 || match.err) {
        buf_release(&match);
        return err_set(err, RES_INVALID, "q", "err.required");
    }
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    /* results in scope only; the snippet is the stored text around the start, not the index */
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.kind, s.ref, CASE s.kind"
            " WHEN 'opinion' THEN (SELECT substr(content, 1, 80) FROM opinion WHERE id = s.ref)"
            " WHEN 'problem' THEN (SELECT title FROM problem WHERE id = s.ref)"
            " ELSE (SELECT title FROM measure WHERE id = s.ref) END"
            " FROM search s JOIN unit u ON u.id = s.unit_id"
            " WHERE search MATCH ?1 AND u.path >= ?2 AND u.path < ?3 ORDER BY rank LIMIT ?4");
    if (!st) {
        buf_release(&match);
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    db_bind_text(st, 1, buf_str(&match));
    db_bind_text(st, 2, who->unit_path);
    db_bind_text(st, 3, end);
    sqlite3_bind_int64(st, 4, limit);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), sqlite3_column_int64(st, 1), db_col_text(st, 2));
    db_done(st);
    buf_release(&match);
    return RES_OK;
}

enum result opinion_job_run(struct db *db, void *arg)
{
    struct opinion_job *j = arg;
    switch (j->op) {
    case OP_SUBMIT: return opinion_submit_public(db, &j->opinion, j->tracking, &j->err);
    case OP_ADD: return opinion_add(db, j->who, &j->opinion, &j->id, &j->err);
    case OP_REPLY: return opinion_reply(db, j->who, j->id, j->text, &j->err);
    case OP_MERGE: return opinion_merge(db, j->who, j->id, j->into, &j->err);
    case OP_RATE: return opinion_rate(db, j->code, j->text, &j->err);
    case OP_PROBLEM: return problem_add(db, j->who, &j->problem, &j->id, &j->err);
    case OP_MEASURE: return measure_add(db, j->who, &j->measure, &j->id, &j->err);
    case OP_IMPLEMENTED: return measure_implemented(db, j->who, j->id, j->text, &j->err);
    case OP_VERIFY: return measure_verify(db, j->who, j->id, &j->err);
    }
    return err_set(&j->err, RES_FAIL, NULL, "err.internal");
}
