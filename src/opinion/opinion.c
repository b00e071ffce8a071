/*
 * Opinions, problems, measures, replies and search; see opinion.h. Mechanism layer. Anonymous
 * opinions are written without account, address or time, and their audit records say only that
 * an opinion arrived, with the day.
 */
#include "opinion/opinion.h"
#include "opinion/opinion_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "core/bigram.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/str.h"
#include "unit/unit.h"

const char *const channel_codes[N_CHANNELS] = { "hotline",       "box",    "notice",
                                                "form",          "forum",  "visit",
                                                "questionnaire", "letter", "web" };
const char *const area_codes[N_AREAS] = { "thinking", "work", "style", "ability", "life" };
const char *const outreach_codes[N_OUTREACH] = {
    "letters", "forums",   "visits", "questionnaires_out", "questionnaires_back",
    "notices", "hotlines", "boxes"
};

int in_set(const char *v, const char *const *set, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(v, set[i]) == 0)
            return 1;
    return 0;
}

const char OPINION_OWNER[] =
    "SELECT u.path, u.id FROM opinion o JOIN unit u ON u.id = o.unit_id WHERE o.id = ?1";
const char CAMPAIGN_OWNER[] =
    "SELECT u.path, u.id FROM campaign c JOIN unit u ON u.id = c.unit_id WHERE c.id = ?1";
static const char PROBLEM_OWNER[] =
    "SELECT u.path, u.id FROM problem p JOIN unit u ON u.id = p.unit_id WHERE p.id = ?1";
static const char MEASURE_OWNER[] =
    "SELECT u.path, u.id FROM measure m JOIN unit u ON u.id = m.unit_id WHERE m.id = ?1";

static enum result check_area(const char *area, int required, struct err *err)
{
    if ((!area || !*area) && !required)
        return RES_OK;
    if (!in_set(area, area_codes, 5))
        return err_setf(err, RES_INVALID, "area", "err.bad_enum", "%s",
                        "thinking|work|style|ability|life");
    return RES_OK;
}

/* Adds text to the search index under kind and id, at rowid when it is not 0. */
static enum result index_text(struct db *db, const char *kind, long long id, long long unit_id,
                              const char *text, long long rowid)
{
    struct buf body;
    buf_init(&body, (size_t)OPINION_TEXT_MAX * 16);
    bigram_index(&body, text);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO search(rowid, body, kind, ref, unit_id)"
                                   " VALUES (nullif(?5, 0), ?1, ?2, ?3, ?4)");
    int rc = SQLITE_ERROR;
    if (st && !body.err) {
        db_bind_text(st, 1, buf_str(&body));
        db_bind_text(st, 2, kind);
        sqlite3_bind_int64(st, 3, id);
        sqlite3_bind_int64(st, 4, unit_id);
        sqlite3_bind_int64(st, 5, rowid);
        rc = sqlite3_step(st);
        db_done(st);
    }
    buf_release(&body);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

/* Checks an opinion's fields and loads its unit. For staff (who) a unit that does not exist and
 * one outside who's scope answer alike, as missing (unit_get); the public may name any unit, and
 * an unknown one is bad input. */
static enum result check_opinion(struct db *db, const struct actor *who,
                                 const struct opinion_input *in, struct unit *u, struct err *err)
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
        /* none named: the top of the tree receives it, if it is in scope */
        if (unit_get_id(db, &all,
                        db_count(db, "SELECT min(id) FROM unit WHERE parent_id IS NULL", NULL, 0),
                        u) != RES_OK ||
            (who && !scope_has_path(who, u->path)))
            return err_set(err, RES_INVALID, "target_unit", "err.required");
    } else if (unit_get(db, &all, in->target_unit, u, NULL) != RES_OK ||
               (who && !scope_has_path(who, u->path))) {
        return err_set(err, who ? RES_NOT_FOUND : RES_INVALID, "target_unit", "err.not_found");
    }
    if (in->target_person) {
        sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM person WHERE id = ?1 AND unit_id = ?2");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, in->target_person);
        sqlite3_bind_int64(st, 2, u->id);
        int ok = sqlite3_step(st) == SQLITE_ROW;
        db_done(st);
        if (!ok)
            return err_set(err, RES_INVALID, "target_person", "err.not_found");
    }
    return RES_OK;
}

enum { SEARCH_BATCH = 64 };

/* Moves the queued public opinions into the search index, at their ids as rowids. */
static enum result index_queued(struct db *db)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT id, unit_id, content FROM opinion"
                    " WHERE id IN (SELECT opinion_id FROM search_queue) ORDER BY id");
    if (!st)
        return RES_FAIL;
    enum result r = RES_OK;
    while (r == RES_OK && sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        r = index_text(db, "opinion", id, sqlite3_column_int64(st, 1), db_col_text(st, 2), id);
    }
    db_done(st);
    return r == RES_OK ? db_exec(db, "DELETE FROM search_queue") : r;
}

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

/* Inserts a checked opinion with its search entry and roll-up counts; the caller holds the
 * transaction. A public one (with a tracking hash) gets a random id. */
static enum result insert_opinion(struct db *db, const struct opinion_input *in,
                                  const struct unit *u, long long account_id,
                                  const unsigned char *tracking_hash, long long *id)
{
    char today[11];
    clock_today(today);
    long long want = 0;
    if (tracking_hash && !(want = random_id(db)))
        return RES_FAIL;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO opinion(id, unit_id, channel, area,"
                                   " target_person_id, content, contact, day, account_id,"
                                   " tracking_hash, campaign_id) VALUES (nullif(?10, 0), ?1, ?2,"
                                   " ?3, nullif(?4, 0), ?5, nullif(?6, ''), ?7, nullif(?8, 0), ?9,"
                                   " nullif(?11, 0))");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, u->id);
    db_bind_text(st, 2, in->channel);
    if (in->area && *in->area)
        db_bind_text(st, 3, in->area);
    sqlite3_bind_int64(st, 4, in->target_person);
    db_bind_text(st, 5, in->content);
    db_bind_text(st, 6, in->contact);
    db_bind_text(st, 7, today);
    sqlite3_bind_int64(st, 8, account_id);
    if (tracking_hash)
        sqlite3_bind_blob(st, 9, tracking_hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 10, want);
    sqlite3_bind_int64(st, 11, in->campaign);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    *id = sqlite3_last_insert_rowid(db->h);
    struct opinion_delta d = { .collected = 1,
                               .consolidated = 1,
                               .to_person = in->target_person != 0 };
    if (tally_opinion(db, u->path, today, in->channel, in->area, &d) != RES_OK)
        return RES_FAIL;
    if (!tracking_hash)
        return index_text(db, "opinion", *id, u->id, in->content, 0);
    /* public ones are indexed in batches: each write to the index costs a flush of its own */
    st = db_stmt(db, "INSERT INTO search_queue(opinion_id) VALUES (?1)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, *id);
    rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    if (db_count(db, "SELECT count(*) FROM search_queue", NULL, 0) < SEARCH_BATCH)
        return RES_OK;
    return index_queued(db);
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
    if (insert_opinion(db, &pub, &u, 0, hash, &id) != RES_OK ||
        audit_append(db, &public_actor, "opinion.public", "opinion", NULL, after) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result opinion_add(struct db *db, const struct actor *who, const struct opinion_input *in,
                        long long *id, struct err *err)
{
    struct unit u;
    enum result r = check_opinion(db, who, in, &u, err);
    if (r != RES_OK)
        return r;
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    char path[UNIT_PATH_MAX];
    if (in->campaign && (owner_path(db, CAMPAIGN_OWNER, in->campaign, path, NULL) != RES_OK ||
                         !scope_has_path(who, path)))
        return err_set(err, RES_INVALID, "campaign", "err.not_found");
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    if (insert_opinion(db, in, &u, who->account_id, NULL, id) != RES_OK ||
        audit_record(db, who, "opinion.add", "opinion", *id,
                   json_pack("{s:s, s:s, s:s}", "unit", u.code, "channel", in->channel, "content",
                             in->content)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
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

#define OPINION_FILTER                                                                             \
    " WHERE u.path >= ?1 AND u.path < ?2 AND (?5 = '' OR o.channel = ?5)"                          \
    " AND (?6 = '' OR o.area = ?6) AND (?7 = 0 OR o.campaign_id = ?7)"                             \
    " AND (?8 = '' OR (?8 = 'merged' AND o.consolidated_into IS NOT NULL)"                         \
    " OR (?8 = 'consolidated' AND o.consolidated_into IS NULL)"                                    \
    " OR (?8 = 'replied' AND o.reply IS NOT NULL) OR (?8 = 'unreplied' AND o.reply IS NULL))"

static void bind_filter(sqlite3_stmt *st, const struct unit *u, const char *end,
                        const struct opinion_filter *f)
{
    db_bind_text(st, 1, u->path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 5, f->channel ? f->channel : "");
    db_bind_text(st, 6, f->area ? f->area : "");
    sqlite3_bind_int64(st, 7, f->campaign);
    db_bind_text(st, 8, f->state ? f->state : "");
}

enum result opinion_list(struct db *db, const struct actor *who, const struct opinion_filter *f,
                         void (*fn)(void *ctx, const struct opinion *o), void *ctx,
                         long long *total, struct err *err)
{
    static const char *const states[] = { "consolidated", "merged", "replied", "unreplied" };
    if (f->channel && *f->channel && !in_set(f->channel, channel_codes, N_CHANNELS))
        return err_set(err, RES_INVALID, "channel", "err.bad_enum");
    if (f->area && *f->area && !in_set(f->area, area_codes, N_AREAS))
        return err_set(err, RES_INVALID, "area", "err.bad_enum");
    if (f->state && *f->state && !in_set(f->state, states, 4))
        return err_set(err, RES_INVALID, "state", "err.bad_enum");
    struct unit u;
    enum result r = unit_get(db, who, f->unit, &u, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX + 2];
    if (f->subtree)
        path_end(end, u.path);
    else
        snprintf(end, sizeof(end), "%s\x01", u.path);
    int plain = !(f->channel && *f->channel) && !(f->area && *f->area) &&
                !(f->state && *f->state) && !f->campaign;
    /* unfiltered, the page's ids come from the index alone before the rows are read */
    sqlite3_stmt *st =
        plain
            ? db_stmt(db, "SELECT " OPINION_COLUMNS OPINION_JOINS " WHERE o.id IN (SELECT o2.id"
                          " FROM opinion o2 JOIN unit u2 ON u2.id = o2.unit_id WHERE u2.path >= ?1"
                          " AND u2.path < ?2 ORDER BY o2.day DESC, o2.id DESC LIMIT ?3 OFFSET ?4)"
                          " ORDER BY o.day DESC, o.id DESC")
            : db_stmt(db, "SELECT " OPINION_COLUMNS OPINION_JOINS OPINION_FILTER
                          " ORDER BY o.day DESC, o.id DESC LIMIT ?3 OFFSET ?4");
    if (!st)
        return db_fail(db, err);
    if (plain) {
        db_bind_text(st, 1, u.path);
        db_bind_text(st, 2, end);
    } else {
        bind_filter(st, &u, end, f);
    }
    sqlite3_bind_int64(st, 3, f->limit);
    sqlite3_bind_int64(st, 4, f->offset);
    struct opinion o;
    while (sqlite3_step(st) == SQLITE_ROW) {
        opinion_from_row(st, &o);
        fn(ctx, &o);
    }
    db_done(st);
    if (!total)
        return RES_OK;
    if (plain && f->subtree) {
        /* the roll-up counts answer without counting rows */
        st = db_stmt(db, "SELECT coalesce(sum(collected), 0) FROM opinion_tally"
                         " WHERE unit_id = ?1 AND day = '*'");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, u.id);
    } else {
        st = db_stmt(
            db, "SELECT count(*) FROM opinion o JOIN unit u ON u.id = o.unit_id" OPINION_FILTER);
        if (!st)
            return db_fail(db, err);
        bind_filter(st, &u, end, f);
    }
    *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
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

/* The unit path of an opinion, problem or measure, for scope checks. */
enum result owner_path(struct db *db, const char *sql, long long id, char path[UNIT_PATH_MAX],
                       long long *unit_id)
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

/* Loads the owner of a record and checks the actor may write it. */
enum result writable(struct db *db, const struct actor *who, const char *sql, long long id,
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

/* Gives the reply to opinion id and every opinion merged into it (only those without one when
 * only_missing is set), counting first replies once; the caller holds the transaction. */
static enum result apply_reply(struct db *db, long long id, const char *text, const char *day,
                               int only_missing)
{
    /* the authors of merged opinions get the same reply */
    sqlite3_stmt *st = db_stmt(db, "SELECT o.day, o.channel, u.path FROM opinion o JOIN unit u"
                                   " ON u.id = o.unit_id WHERE (o.id = ?1 OR o.consolidated_into"
                                   " = ?1) AND o.reply IS NULL");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        struct opinion_delta d = { .replied = 1 };
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            if (tally_opinion(db, db_col_text(st, 2), db_col_text(st, 0), db_col_text(st, 1), NULL,
                              &d) != RES_OK)
                break;
        db_done(st);
    }
    st = rc == SQLITE_DONE ? db_stmt(db, "UPDATE opinion SET reply = ?2, reply_day = ?3"
                                         " WHERE (id = ?1 OR consolidated_into = ?1)"
                                         " AND (?4 = 0 OR reply IS NULL)")
                           : NULL;
    rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, text);
        db_bind_text(st, 3, day);
        sqlite3_bind_int(st, 4, only_missing);
        rc = sqlite3_step(st);
        db_done(st);
    }
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
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
        return db_fail(db, err);
    int rc = apply_reply(db, id, text, today, 0) == RES_OK ? SQLITE_DONE : SQLITE_ERROR;
    if (rc != SQLITE_DONE || audit_record(db, who, "opinion.reply", "opinion", id,
                                        json_pack("{s:s}", "reply", text)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
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
        return db_fail(db, err);
    /* id stops counting as a consolidated opinion unless it was merged already */
    sqlite3_stmt *st = db_stmt(db, "SELECT o.consolidated_into IS NULL, o.day, o.channel, u.path"
                                   " FROM opinion o JOIN unit u ON u.id = o.unit_id"
                                   " WHERE o.id = ?1");
    int was_own = 0;
    char day[11] = "", channel[16] = "", opath[UNIT_PATH_MAX] = "";
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            was_own = sqlite3_column_int(st, 0);
            snprintf(day, sizeof(day), "%s", db_col_text(st, 1));
            snprintf(channel, sizeof(channel), "%s", db_col_text(st, 2));
            snprintf(opath, sizeof(opath), "%s", db_col_text(st, 3));
        }
        db_done(st);
    }
    /* one level only: what was merged into id now points at into as well */
    st = db_stmt(db, "UPDATE opinion SET consolidated_into = ?2"
                     " WHERE (id = ?1 OR consolidated_into = ?1) AND NOT EXISTS (SELECT 1"
                     " FROM opinion WHERE id = ?2 AND consolidated_into IS NOT NULL)");
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
    /* a reply given already reaches the authors merged in now */
    char *reply = NULL, reply_day[11] = "";
    st = rc == SQLITE_DONE ? db_stmt(db, "SELECT reply, reply_day FROM opinion WHERE id = ?1"
                                         " AND reply IS NOT NULL")
                           : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, into);
        if (sqlite3_step(st) == SQLITE_ROW) {
            reply = db_col_dup(st, 0);
            snprintf(reply_day, sizeof(reply_day), "%s", db_col_text(st, 1));
        }
        db_done(st);
    }
    if (reply && apply_reply(db, into, reply, reply_day, 1) != RES_OK)
        rc = SQLITE_ERROR;
    free(reply);
    struct opinion_delta d = { .consolidated = -1 };
    if (rc != SQLITE_DONE ||
        (was_own && tally_opinion(db, opath, day, channel, NULL, &d) != RES_OK) ||
        audit_record(db, who, "opinion.merge", "opinion", id,
                   json_pack("{s:I}", "into", (json_int_t)into)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

/* Runs one of the many-opinion loops in one transaction. */
static enum result many(struct db *db, const struct actor *who, const long long *ids,
                        const struct opinion_input *rows, size_t n, const char *text,
                        long long into, long long *n_added, size_t *bad, struct err *err)
{
    if (n == 0)
        return err_set(err, RES_INVALID, rows ? "content" : "ids", "err.required");
    enum result r = db_tx_begin(db);
    if (r != RES_OK)
        return db_fail(db, err);
    for (size_t i = 0; i < n && r == RES_OK; i++) {
        long long id;
        r = rows   ? opinion_add(db, who, &rows[i], &id, err)
            : text ? opinion_reply(db, who, ids[i], text, err)
                   : opinion_merge(db, who, ids[i], into, err);
        if (r != RES_OK && bad)
            *bad = i;
    }
    if (r != RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    if (n_added)
        *n_added = (long long)n;
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result opinion_reply_many(struct db *db, const struct actor *who, const long long *ids,
                               size_t n, const char *text, size_t *bad, struct err *err)
{
    if (!text)
        return err_set(err, RES_INVALID, "text", "err.required");
    return many(db, who, ids, NULL, n, text, 0, NULL, bad, err);
}

enum result opinion_merge_many(struct db *db, const struct actor *who, const long long *ids,
                               size_t n, long long into, size_t *bad, struct err *err)
{
    return many(db, who, ids, NULL, n, NULL, into, NULL, bad, err);
}

enum result opinion_add_many(struct db *db, const struct actor *who,
                             const struct opinion_input *rows, size_t n, long long *n_added,
                             size_t *bad, struct err *err)
{
    return many(db, who, NULL, rows, n, NULL, 0, n_added, bad, err);
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
        return db_fail(db, err);
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
    if (rc != SQLITE_DONE || index_text(db, "problem", *id, u.id, in->title, 0) != RES_OK ||
        tally_measure(db, u.path, today, 1, 0, 0, 0) != RES_OK ||
        audit_record(db, who, "problem.add", "problem", *id,
                   json_pack("{s:s, s:s, s:s, s:o}", "unit", u.code, "title", in->title, "area",
                             in->area, "opinions", ids)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
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
        return db_fail(db, err);
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
    char day[11] = "";
    st = rc == SQLITE_DONE ? db_stmt(db, "SELECT day FROM problem WHERE id = ?1") : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, in->problem);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(day, sizeof(day), "%s", db_col_text(st, 0));
        db_done(st);
    }
    if (rc != SQLITE_DONE || !*day ||
        index_text(db, "measure", *id, unit_id, in->title, 0) != RES_OK ||
        tally_measure(db, path, day, 0, 1, 0, 0) != RES_OK ||
        tally_open(db, path, in->deadline, 1) != RES_OK ||
        audit_record(db, who, "measure.add", "measure", *id,
                   json_pack("{s:I, s:s, s:I, s:s}", "problem", (json_int_t)in->problem, "title",
                             in->title, "owner", (json_int_t)in->owner, "deadline",
                             in->deadline)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

/* The steps of a measure, for the roll-up counts they change. */
enum measure_stepkind { STEP_STARTED, STEP_IMPLEMENTED, STEP_VERIFIED };

/* Moves a measure to a new state when it is in one of the states allowed. */
static enum result measure_step(struct db *db, const struct actor *who, long long id,
                                const char *sql, const char *evidence, const char *action,
                                enum measure_stepkind kind, struct err *err)
{
    char today[11];
    clock_today(today);
    enum result r = db_tx_begin(db);
    if (r != RES_OK)
        return db_fail(db, err);
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
    /* the roll-up: implemented leaves the open counts; verified counts once more; started
     * stays open */
    int verify = kind == STEP_VERIFIED;
    st = rc == SQLITE_DONE && kind != STEP_STARTED
             ? db_stmt(db, "SELECT u.path, p.day, m.deadline FROM measure m"
                           " JOIN unit u ON u.id = m.unit_id JOIN problem p"
                           " ON p.id = m.problem_id WHERE m.id = ?1")
             : NULL;
    rc = rc == SQLITE_DONE && kind == STEP_STARTED ? SQLITE_DONE : SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW &&
            tally_measure(db, db_col_text(st, 0), db_col_text(st, 1), 0, 0, !verify, verify) ==
                RES_OK &&
            (verify || tally_open(db, db_col_text(st, 0), db_col_text(st, 2), -1) == RES_OK))
            rc = SQLITE_DONE;
        db_done(st);
    }
    if (rc != SQLITE_DONE ||
        audit_record(db, who, action, "measure", id,
                   evidence ? json_pack("{s:s}", "evidence", evidence) : NULL) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
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
                        evidence, "measure.implemented", STEP_IMPLEMENTED, err);
}

enum result measure_start(struct db *db, const struct actor *who, long long id, struct err *err)
{
    char path[UNIT_PATH_MAX];
    enum result r = writable(db, who, MEASURE_OWNER, id, "measure", path, NULL, err);
    if (r != RES_OK)
        return r;
    return measure_step(db, who, id,
                        "UPDATE measure SET state = 'in_progress' WHERE id = ?1 AND state = 'open'",
                        NULL, "measure.start", STEP_STARTED, err);
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
                        NULL, "measure.verify", STEP_VERIFIED, err);
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
    /* first the public opinions waiting for the index (a few dozen at most), by their text */
    sqlite3_stmt *st = db_stmt(db, "SELECT o.id, substr(o.content, 1, 80) FROM opinion o"
                                   " JOIN unit u ON u.id = o.unit_id WHERE o.id IN (SELECT"
                                   " opinion_id FROM search_queue) AND instr(o.content, ?1) > 0"
                                   " AND u.path >= ?2 AND u.path < ?3 LIMIT ?4");
    if (!st) {
        buf_release(&match);
        return db_fail(db, err);
    }
    db_bind_text(st, 1, q);
    db_bind_text(st, 2, who->unit_path);
    db_bind_text(st, 3, end);
    sqlite3_bind_int64(st, 4, limit);
    long long n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && ++n)
        fn(ctx, "opinion", sqlite3_column_int64(st, 0), db_col_text(st, 1));
    db_done(st);
    /* then the index, in scope only, newest first (so it is read only until the limit is met);
     * the snippet is the stored text around the start, not the index */
    st = db_stmt(
        db, "SELECT s.kind, s.ref, CASE s.kind"
            " WHEN 'opinion' THEN (SELECT substr(content, 1, 80) FROM opinion WHERE id = s.ref)"
            " WHEN 'problem' THEN (SELECT title FROM problem WHERE id = s.ref)"
            " ELSE (SELECT title FROM measure WHERE id = s.ref) END"
            " FROM search s JOIN unit u ON u.id = s.unit_id"
            " WHERE search MATCH ?1 AND u.path >= ?2 AND u.path < ?3 ORDER BY s.rowid DESC"
            " LIMIT ?4");
    if (!st) {
        buf_release(&match);
        return db_fail(db, err);
    }
    db_bind_text(st, 1, buf_str(&match));
    db_bind_text(st, 2, who->unit_path);
    db_bind_text(st, 3, end);
    sqlite3_bind_int64(st, 4, limit - n);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), sqlite3_column_int64(st, 1), db_col_text(st, 2));
    db_done(st);
    buf_release(&match);
    return RES_OK;
}

enum result opinion_get(struct db *db, const struct actor *who, long long id,
                        void (*fn)(void *ctx, const struct opinion *o), void *ctx)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT " OPINION_COLUMNS ", u.path" OPINION_JOINS " WHERE o.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 14))) {
        struct opinion o;
        opinion_from_row(st, &o);
        fn(ctx, &o);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

struct token {
    const char *text; /* in the index form */
    long long n_docs; /* texts holding it */
};

static int by_docs(const void *a, const void *b)
{
    long long x = ((const struct token *)a)->n_docs, y = ((const struct token *)b)->n_docs;
    return (x > y) - (x < y);
}

/* Appends to match an FTS5 query of the used tokens of text that the fewest other texts share,
 * joined by sep (" ": all of them, " OR ": any): common pairs would match most of the index and
 * make ranking slow. Returns how many. */
static int rare_tokens(struct db *db, const char *text, struct buf *match, const char *sep,
                       int used)
{
    enum { MAX_TOKENS = 64 };
    struct buf idx;
    buf_init(&idx, (size_t)OPINION_TEXT_MAX * 16);
    bigram_index(&idx, text);
    struct token t[MAX_TOKENS];
    int n = 0;
    for (char *p = idx.err ? NULL : idx.data; p && *p && n < MAX_TOKENS;) {
        size_t k = strcspn(p, " ");
        int last = p[k] == '\0';
        p[k] = '\0';
        int seen = 0;
        for (int i = 0; i < n && !seen; i++)
            seen = strcmp(t[i].text, p) == 0;
        sqlite3_stmt *st =
            seen ? NULL : db_stmt(db, "SELECT doc FROM search_vocab WHERE term = ?1");
        if (st) {
            db_bind_text(st, 1, p);
            long long docs = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
            db_done(st);
            /* a token of this text alone matches nothing else */
            if (docs > 1)
                t[n++] = (struct token){ p, docs };
        }
        p += k + !last;
    }
    qsort(t, (size_t)n, sizeof(t[0]), by_docs);
    if (n > used)
        n = used;
    for (int i = 0; i < n; i++)
        buf_addf(match, "%s\"%s\"", i ? sep : "", t[i].text);
    buf_release(&idx);
    return n;
}

enum { SIMILAR_MAX = 50 };

struct similar {
    long long ids[SIMILAR_MAX]; /* listed already */
    long long n;                /* how many */
    long long limit;            /* wanted at most */
};

/* Lists the opinions matching an FTS5 query in the paths [lo, end), best first when ranked,
 * else newest first (the index is then read only until enough are found), without id, without
 * merged ones and without those listed already. */
static enum result similar_run(struct db *db, const char *lo, const char *end, const char *match,
                               long long id, int ranked, struct similar *seen,
                               void (*fn)(void *ctx, const struct opinion *o), void *ctx)
{
    sqlite3_stmt *st =
        ranked
            ? db_stmt(db, "WITH hit AS (SELECT s.ref, rank AS r FROM search s JOIN unit u"
                          " ON u.id = s.unit_id WHERE search MATCH ?1 AND s.kind = 'opinion'"
                          " AND s.ref <> ?2 AND u.path >= ?3 AND u.path < ?4 ORDER BY rank"
                          " LIMIT ?5) SELECT " OPINION_COLUMNS OPINION_JOINS
                          " JOIN hit ON hit.ref = o.id WHERE o.consolidated_into IS NULL"
                          " ORDER BY hit.r")
            : db_stmt(db, "WITH hit AS (SELECT s.ref, s.rowid AS r FROM search s JOIN unit u"
                          " ON u.id = s.unit_id WHERE search MATCH ?1 AND s.kind = 'opinion'"
                          " AND s.ref <> ?2 AND u.path >= ?3 AND u.path < ?4"
                          " ORDER BY s.rowid DESC LIMIT ?5) SELECT " OPINION_COLUMNS OPINION_JOINS
                          " JOIN hit ON hit.ref = o.id"
                          " WHERE o.consolidated_into IS NULL ORDER BY hit.r DESC");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, match);
    sqlite3_bind_int64(st, 2, id);
    db_bind_text(st, 3, lo);
    db_bind_text(st, 4, end);
    sqlite3_bind_int64(st, 5, seen->limit * 4);
    struct opinion o;
    while (seen->n < seen->limit && sqlite3_step(st) == SQLITE_ROW) {
        opinion_from_row(st, &o);
        int dup = 0;
        for (long long i = 0; i < seen->n && !dup; i++)
            dup = seen->ids[i] == o.id;
        if (dup)
            continue;
        seen->ids[seen->n++] = o.id;
        fn(ctx, &o);
    }
    db_done(st);
    return RES_OK;
}

enum result opinion_similar(struct db *db, const struct actor *who, long long id, long long limit,
                            void (*fn)(void *ctx, const struct opinion *o), void *ctx,
                            struct err *err)
{
    char path[UNIT_PATH_MAX];
    enum result r = owner_path(db, OPINION_OWNER, id, path, NULL);
    if (r != RES_OK || !scope_has_path(who, path))
        return err_set(err, RES_NOT_FOUND, "opinion", "err.not_found");
    sqlite3_stmt *st = db_stmt(db, "SELECT content FROM opinion WHERE id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    char *content = sqlite3_step(st) == SQLITE_ROW ? db_col_dup(st, 0) : NULL;
    db_done(st);
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    /* first those sharing all of the three rarest pairs, ranked; then, newest first, those
     * sharing any of the eight rarest */
    static const struct {
        const char *sep;
        int used;
    } tries[] = { { " ", 3 }, { " OR ", 8 } };
    struct similar seen = { .limit = limit < SIMILAR_MAX ? limit : SIMILAR_MAX };
    for (int k = 0; k < 2 && seen.n < seen.limit && content && r == RES_OK; k++) {
        struct buf match;
        buf_init(&match, 4096);
        if (rare_tokens(db, content, &match, tries[k].sep, tries[k].used) && !match.err)
            r = similar_run(db, who->unit_path, end, buf_str(&match), id, k == 0, &seen, fn, ctx);
        buf_release(&match);
    }
    free(content);
    return r == RES_OK ? RES_OK : db_fail(db, err);
}

#define MEASURE_COLUMNS                                                                            \
    "m.id, m.problem_id, u.code, u.name, m.title, coalesce(pe.name, ''), m.deadline, m.state,"     \
    " m.evidence, coalesce(m.implemented_day, ''), coalesce(m.verified_day, ''), m.public,"        \
    " m.state IN ('open', 'in_progress') AND m.deadline < ?9"
#define MEASURE_JOINS                                                                              \
    " FROM measure m JOIN unit u ON u.id = m.unit_id LEFT JOIN person pe ON pe.id = m.owner_id"

static void measure_from_row(sqlite3_stmt *st, struct measure *m)
{
    m->id = sqlite3_column_int64(st, 0);
    m->problem_id = sqlite3_column_int64(st, 1);
    m->unit_code = db_col_text(st, 2);
    m->unit_name = db_col_text(st, 3);
    m->title = db_col_text(st, 4);
    m->owner_name = db_col_text(st, 5);
    m->deadline = db_col_text(st, 6);
    m->state = db_col_text(st, 7);
    m->evidence = db_col_text(st, 8);
    m->implemented_day = db_col_text(st, 9);
    m->verified_day = db_col_text(st, 10);
    m->public = sqlite3_column_int(st, 11);
    m->overdue = sqlite3_column_int(st, 12);
}

enum result problem_each(struct db *db, const struct actor *who, const char *unit_code,
                         long long offset, long long limit,
                         void (*fp)(void *ctx, const struct problem *p),
                         void (*fm)(void *ctx, const struct measure *m), void *ctx, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit_code, &u, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX], today[11];
    path_end(end, u.path);
    clock_today(today);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.id, u.code, u.name, p.title, p.area, p.source, p.day,"
            " (SELECT count(*) FROM problem_opinion po WHERE po.problem_id = p.id)"
            " FROM problem p JOIN unit u ON u.id = p.unit_id WHERE u.path >= ?1 AND u.path < ?2"
            " ORDER BY p.id DESC LIMIT ?3 OFFSET ?4");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    sqlite3_bind_int64(st, 3, limit);
    sqlite3_bind_int64(st, 4, offset);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct problem p = {
            .id = sqlite3_column_int64(st, 0),
            .unit_code = db_col_text(st, 1),
            .unit_name = db_col_text(st, 2),
            .title = db_col_text(st, 3),
            .area = db_col_text(st, 4),
            .source = db_col_text(st, 5),
            .day = db_col_text(st, 6),
            .n_opinions = sqlite3_column_int64(st, 7),
        };
        fp(ctx, &p);
        if (!fm)
            continue;
        sqlite3_stmt *ms = db_stmt(db, "SELECT " MEASURE_COLUMNS MEASURE_JOINS
                                       " WHERE m.problem_id = ?1 ORDER BY m.id");
        if (!ms)
            break;
        sqlite3_bind_int64(ms, 1, p.id);
        db_bind_text(ms, 9, today);
        struct measure m;
        while (sqlite3_step(ms) == SQLITE_ROW) {
            measure_from_row(ms, &m);
            fm(ctx, &m);
        }
        db_done(ms);
    }
    db_done(st);
    return RES_OK;
}

enum result measure_public_each(struct db *db, const char *unit_code,
                                void (*fn)(void *ctx, const struct measure *m), void *ctx)
{
    struct actor all;
    actor_system(&all);
    struct unit u;
    if (unit_get(db, &all, unit_code, &u, NULL) != RES_OK)
        return RES_NOT_FOUND;
    char end[UNIT_PATH_MAX], today[11];
    path_end(end, u.path);
    clock_today(today);
    sqlite3_stmt *st = db_stmt(db, "SELECT " MEASURE_COLUMNS MEASURE_JOINS
                                   " WHERE u.path >= ?1 AND u.path < ?2 AND m.public = 1"
                                   " AND m.state IN ('implemented', 'verified')"
                                   " ORDER BY m.implemented_day DESC, m.id DESC LIMIT 500");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 9, today);
    struct measure m;
    while (sqlite3_step(st) == SQLITE_ROW) {
        measure_from_row(st, &m);
        fn(ctx, &m);
    }
    db_done(st);
    return RES_OK;
}

struct import_ctx {
    struct db *db;           /* the store */
    const struct actor *who; /* the caller */
    long long campaign;      /* into this campaign, or 0 */
    long long *n_added;      /* opinions added */
};

/* One CSV record: channel,content,area,target_unit,contact. */
static enum result import_row(void *ctx, char **f, struct err *e)
{
    struct import_ctx *ic = ctx;
    struct opinion_input in = { .channel = f[0],
                                .content = f[1],
                                .area = f[2],
                                .target_unit = f[3],
                                .contact = f[4],
                                .campaign = ic->campaign };
    long long id;
    enum result r = opinion_add(ic->db, ic->who, &in, &id, e);
    if (r == RES_OK)
        (*ic->n_added)++;
    return r;
}

enum result opinion_import(struct db *db, const struct actor *who, long long campaign,
                           const char *data, size_t len, long long *n_added,
                           const struct import_report *rep)
{
    static const char *const header[] = { "channel", "content", "area", "target_unit", "contact" };
    struct import_ctx ic = { db, who, campaign, n_added };
    *n_added = 0;
    char path[UNIT_PATH_MAX];
    if (campaign && (owner_path(db, CAMPAIGN_OWNER, campaign, path, NULL) != RES_OK ||
                     !scope_has_path(who, path))) {
        struct err e = { 0 };
        err_set(&e, RES_INVALID, "campaign", "err.not_found");
        rep->fn(rep->ctx, 1, &e);
        return RES_INVALID;
    }
    if (db_tx_begin(db) != RES_OK)
        return RES_FAIL;
    if (csv_each_row(data, len, header, sizeof(header) / sizeof(header[0]), import_row, &ic, rep) !=
        0) {
        db_tx_rollback(db);
        *n_added = 0;
        return RES_INVALID;
    }
    return db_tx_commit(db);
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
    case OP_START: return measure_start(db, j->who, j->id, &j->err);
    case OP_CAMPAIGN:
        return campaign_add(db, j->who, j->unit, j->title, j->starts, j->ends, &j->id, &j->err);
    case OP_OUTREACH: return outreach_add(db, j->who, &j->outreach, &j->id, &j->err);
    case OP_TEMPLATE:
        return reply_template_add(db, j->who, j->unit, j->title, j->text, &j->id, &j->err);
    case OP_REPLY_MANY:
        return opinion_reply_many(db, j->who, j->ids, j->n, j->text, &j->bad, &j->err);
    case OP_MERGE_MANY:
        return opinion_merge_many(db, j->who, j->ids, j->n, j->into, &j->bad, &j->err);
    case OP_ADD_MANY: return opinion_add_many(db, j->who, j->rows, j->n, &j->id, &j->bad, &j->err);
    case OP_ATTACH:
        return opinion_attach(db, j->who, j->into, j->title, j->file_type, j->data, j->size, &j->id,
                              &j->err);
    }
    return db_fail(db, &j->err);
}
