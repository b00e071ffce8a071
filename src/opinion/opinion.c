/*
 * Opinions entered by staff, their ledger, replies and consolidation (梳理: merging duplicates,
 * finding similar ones) and CSV import; see opinion.h. Mechanism model. Also what the model's
 * files share (opinion_int.h): the codes, the owners of records and the writable check, an
 * opinion's checks, row and insert. No http types.
 */
#include "opinion/opinion.h"
#include "opinion/opinion_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
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

enum result writable(struct db *db, const struct actor *who, const char *sql, long long id,
                     const char *field, char path[UNIT_PATH_MAX], long long *unit_id,
                     struct err *err)
{
    enum result r = owner_path(db, sql, id, path, unit_id);
    if (r == RES_NOT_FOUND || (r == RES_OK && !scope_has_path(who, path)))
        return err_set(err, RES_NOT_FOUND, field, "err.not_found");
    if (r != RES_OK)
        return db_fail(db, err);
    return scope_check(who, path, PERM_RECORD_WRITE, err);
}

enum result check_area(const char *area, int required, struct err *err)
{
    if ((!area || !*area) && !required)
        return RES_OK;
    if (!in_set(area, area_codes, 5))
        return err_setf(err, RES_INVALID, "area", "err.bad_enum", "%s",
                        "thinking|work|style|ability|life");
    return RES_OK;
}

/* The areas of a campaign's own, "a|b|c" into list (empty when it has none). */
static void campaign_area_list(struct db *db, long long campaign, struct buf *list)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT code FROM campaign_area WHERE campaign_id = ?1 ORDER BY pos");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, campaign);
    while (sqlite3_step(st) == SQLITE_ROW)
        buf_addf(list, "%s%s", list->len ? "|" : "", db_col_text(st, 0));
    db_done(st);
}

/* 1 when area is one of the campaign's own areas. */
static int campaign_area_known(struct db *db, long long campaign, const char *area)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT 1 FROM campaign_area WHERE campaign_id = ?1 AND code = ?2");
    if (!st || !area)
        return 0;
    sqlite3_bind_int64(st, 1, campaign);
    db_bind_text(st, 2, area);
    int known = sqlite3_step(st) == SQLITE_ROW;
    db_done(st);
    return known;
}

enum result check_campaign_area(struct db *db, long long campaign, const char *area,
                                struct err *err)
{
    struct buf list;
    buf_init(&list, 4096);
    campaign_area_list(db, campaign, &list);
    enum result r = RES_OK;
    if (!list.len)
        r = check_area(area, 0, err); /* none of its own: the fixed five */
    else if (area && *area && !campaign_area_known(db, campaign, area))
        r = err_setf(err, RES_INVALID, "area", "err.bad_enum", "%s", buf_str(&list));
    buf_release(&list);
    return r;
}

enum result check_opinion(struct db *db, const struct actor *who, const struct opinion_input *in,
                          struct unit *u, struct err *err)
{
    if (!in_set(in->channel, channel_codes, 9))
        return err_setf(err, RES_INVALID, "channel", "err.bad_enum", "%s",
                        "hotline|box|notice|form|forum|visit|questionnaire|letter|web");
    enum result r = err_text(err, "content", in->content, 1, OPINION_TEXT_MAX, 1);
    if (r == RES_OK)
        r = err_text(err, "contact", in->contact, 0, OPINION_CONTACT_MAX, 0);
    if (r == RES_OK && !in->campaign) /* a campaign's opinion: its own areas (opinion_add) */
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

enum result insert_opinion(struct db *db, const struct opinion_input *in, const struct unit *u,
                           long long account_id, const unsigned char *tracking_hash, long long want,
                           long long *id)
{
    char today[11];
    clock_today(today);
    /* an area of the campaign's own goes to campaign_area, one of the fixed five to area */
    int own_area = in->campaign && in->area && *in->area &&
                   campaign_area_known(db, in->campaign, in->area);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO opinion(id, unit_id, channel, area,"
                                   " target_person_id, content, contact, day, account_id,"
                                   " tracking_hash, campaign_id, campaign_area) VALUES"
                                   " (nullif(?10, 0), ?1, ?2, ?3, nullif(?4, 0), ?5,"
                                   " nullif(?6, ''), ?7, nullif(?8, 0), ?9, nullif(?11, 0), ?12)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, u->id);
    db_bind_text(st, 2, in->channel);
    if (in->area && *in->area)
        db_bind_text(st, own_area ? 12 : 3, in->area);
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
                               .to_person = in->target_person != 0,
                               .consolidated_to_person = in->target_person != 0 };
    if ((own_area && tally_campaign_area(db, u->path, in->campaign, in->area, 1) != RES_OK) ||
        (in->campaign && tally_campaign(db, in->campaign, 1) != RES_OK))
        return RES_FAIL;
    return tally_opinion(db, u->path, today, in->channel, own_area ? NULL : in->area, &d);
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
    if (in->campaign && (r = check_campaign_area(db, in->campaign, in->area, err)) != RES_OK)
        return r;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    if (insert_opinion(db, in, &u, who->account_id, NULL, 0, id) != RES_OK ||
        index_text(db, "opinion", *id, u.id, in->content, 0) != RES_OK ||
        audit_record(db, who, "opinion.add", "opinion", *id,
                     json_pack("{s:s, s:s, s:s}", "unit", u.code, "channel", in->channel, "content",
                               in->content)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

void opinion_from_row(sqlite3_stmt *st, struct opinion *o)
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
    /* unfiltered, the page's ids come from the index alone before the rows are read: the
     * unit's own in the index's order, read no further than the page (by its path, the unit's
     * own were all sorted: 11,342 of them at the root of a million tasks), or its subtree's */
    sqlite3_stmt *st =
        plain && !f->subtree
            ? db_stmt(db, "SELECT " OPINION_COLUMNS OPINION_JOINS " WHERE o.id IN (SELECT o2.id"
                          " FROM opinion o2 WHERE o2.unit_id = ?1 ORDER BY o2.day DESC,"
                          " o2.id DESC LIMIT ?3 OFFSET ?4) ORDER BY o.day DESC, o.id DESC")
        : plain
            ? db_stmt(db, "SELECT " OPINION_COLUMNS OPINION_JOINS " WHERE o.id IN (SELECT o2.id"
                          " FROM opinion o2 JOIN unit u2 ON u2.id = o2.unit_id WHERE u2.path >= ?1"
                          " AND u2.path < ?2 ORDER BY o2.day DESC, o2.id DESC LIMIT ?3 OFFSET ?4)"
                          " ORDER BY o.day DESC, o.id DESC")
            : db_stmt(db, "SELECT " OPINION_COLUMNS OPINION_JOINS OPINION_FILTER
                          " ORDER BY o.day DESC, o.id DESC LIMIT ?3 OFFSET ?4");
    if (!st)
        return db_fail(db, err);
    if (plain && !f->subtree) {
        sqlite3_bind_int64(st, 1, u.id);
    } else if (plain) {
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
    if (plain) {
        /* the roll-up counts answer without counting rows: the subtree's, or the unit's own as
         * its subtree's less its children's */
        st = db_stmt(db, "SELECT (SELECT coalesce(sum(collected), 0) FROM opinion_tally"
                         " WHERE unit_id = ?1 AND day = '*') - (CASE WHEN ?2 THEN 0 ELSE"
                         " (SELECT coalesce(sum(t.collected), 0) FROM unit c JOIN opinion_tally t"
                         " ON t.unit_id = c.id AND t.day = '*' WHERE c.parent_id = ?1) END)");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_int(st, 2, f->subtree);
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

enum result opinion_first(sqlite3_stmt *st, const struct actor *who,
                          void (*fn)(void *ctx, const struct opinion *o), void *ctx)
{
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW &&
        (!who || scope_has_path(who, db_col_text(st, OPINION_N_COLUMNS)))) {
        struct opinion o;
        opinion_from_row(st, &o);
        fn(ctx, &o);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result opinion_get(struct db *db, const struct actor *who, long long id,
                        void (*fn)(void *ctx, const struct opinion *o), void *ctx)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT " OPINION_COLUMNS ", u.path" OPINION_JOINS " WHERE o.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    return opinion_first(st, who, fn, ctx);
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
    sqlite3_stmt *st = db_stmt(db, "SELECT o.consolidated_into IS NULL, o.day, o.channel, u.path,"
                                   " o.target_person_id IS NOT NULL FROM opinion o JOIN unit u"
                                   " ON u.id = o.unit_id WHERE o.id = ?1");
    int was_own = 0, to_person = 0;
    char day[11] = "", channel[16] = "", opath[UNIT_PATH_MAX] = "";
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            was_own = sqlite3_column_int(st, 0);
            snprintf(day, sizeof(day), "%s", db_col_text(st, 1));
            snprintf(channel, sizeof(channel), "%s", db_col_text(st, 2));
            snprintf(opath, sizeof(opath), "%s", db_col_text(st, 3));
            to_person = sqlite3_column_int(st, 4);
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
    struct opinion_delta d = { .consolidated = -1, .consolidated_to_person = -to_person };
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

/* the import file's columns, their named values (catalog prefixes) and dates */
static const char *const import_header[] = { "channel", "content", "area", "target_unit",
                                             "contact" };
static const char *const import_values[] = { "channel.", NULL, "area.", NULL, NULL };
const struct csv_columns opinion_import_columns = { import_header, 5, 0, import_values };

enum result opinion_import(struct db *db, const struct actor *who, long long campaign,
                           const char *data, size_t len, long long *n_added,
                           const struct import_report *rep)
{
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
    enum result r = db_import_csv(db, data, len, &opinion_import_columns, import_row, &ic, rep);
    if (r != RES_OK)
        *n_added = 0;
    return r;
}
