/*
 * Solicitation campaigns (征求意见活动) of a unit with a period, the outreach counted for them
 * (letters sent, forums held, people visited...; speech.txt "征求意见") and the reply templates of
 * a unit (mechanism model; see opinion.h). Owns campaign, outreach and reply_template. Uses the
 * owners and checks of opinion.c (opinion_int.h); nothing there calls back. No http types.
 */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/str.h"
#include "opinion/opinion.h"
#include "opinion/opinion_int.h"
#include "unit/unit.h"

/* Loads a unit in scope that the actor may write. */
static enum result unit_writable(struct db *db, const struct actor *who, const char *code,
                                 struct unit *u, struct err *err)
{
    enum result r = unit_get(db, who, code, u, err);
    return r == RES_OK ? scope_check(who, u->path, PERM_RECORD_WRITE, err) : r;
}

/* Checks a campaign's own areas: codes, names, none twice, not too many. */
static enum result check_areas(const struct campaign_area *areas, size_t n, struct err *err)
{
    if (n > CAMPAIGN_AREAS_MAX)
        return err_setf(err, RES_INVALID, "areas", "err.too_long", "%d", CAMPAIGN_AREAS_MAX);
    for (size_t i = 0; i < n; i++) {
        if (!areas[i].code || !code_valid(areas[i].code, 32))
            return err_setf(err, RES_INVALID, "areas", "err.code_format", "%s",
                            areas[i].code ? areas[i].code : "");
        if (err_text(err, "areas", areas[i].name, 1, 30, 0) != RES_OK)
            return RES_INVALID;
        for (size_t j = 0; j < i; j++)
            if (strcmp(areas[i].code, areas[j].code) == 0)
                return err_setf(err, RES_INVALID, "areas", "err.duplicate", "%s", areas[i].code);
    }
    return RES_OK;
}

enum result campaign_add(struct db *db, const struct actor *who, const char *unit,
                         const char *title, const char *starts, const char *ends,
                         const struct campaign_area *areas, size_t n_areas, long long *id,
                         struct err *err)
{
    enum result r = err_text(err, "title", title, 1, 200, 0);
    if (r == RES_OK)
        r = check_areas(areas, n_areas, err);
    if (r != RES_OK)
        return r;
    if (!starts || !date_valid(starts))
        return err_set(err, RES_INVALID, "starts", "err.bad_date");
    if (!ends || !date_valid(ends) || strcmp(ends, starts) < 0)
        return err_set(err, RES_INVALID, "ends", "err.bad_date");
    struct unit u;
    if ((r = unit_writable(db, who, unit, &u, err)) != RES_OK)
        return r;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO campaign(unit_id, title, starts, ends)"
                                   " VALUES (?1, ?2, ?3, ?4)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, title);
        db_bind_text(st, 3, starts);
        db_bind_text(st, 4, ends);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    json_t *list = json_array();
    for (size_t i = 0; i < n_areas && rc == SQLITE_DONE; i++) {
        st = db_stmt(db, "INSERT INTO campaign_area(campaign_id, pos, code, name)"
                         " VALUES (?1, ?2, ?3, ?4)");
        rc = SQLITE_ERROR;
        if (st) {
            sqlite3_bind_int64(st, 1, *id);
            sqlite3_bind_int64(st, 2, (long long)i);
            db_bind_text(st, 3, areas[i].code);
            db_bind_text(st, 4, areas[i].name);
            rc = sqlite3_step(st);
            db_done(st);
        }
        json_array_append_new(list, json_pack("{s:s, s:s}", "code", areas[i].code, "name",
                                              areas[i].name));
    }
    if (rc != SQLITE_DONE ||
        audit_record(db, who, "campaign.add", "campaign", *id,
                     json_pack("{s:s, s:s, s:s, s:s, s:o}", "unit", u.code, "title", title,
                               "starts", starts, "ends", ends, "areas", list)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

#define CAMPAIGN_SELECT                                                                            \
    "SELECT c.id, u.code, u.name, c.title, c.starts, c.ends,"                                      \
    " coalesce((SELECT t.opinions FROM campaign_tally t WHERE t.campaign_id = c.id), 0), u.path"   \
    " FROM campaign c JOIN unit u ON u.id = c.unit_id"

static void campaign_from_row(sqlite3_stmt *st, struct campaign *c)
{
    c->id = sqlite3_column_int64(st, 0);
    c->unit_code = db_col_text(st, 1);
    c->unit_name = db_col_text(st, 2);
    c->title = db_col_text(st, 3);
    c->starts = db_col_text(st, 4);
    c->ends = db_col_text(st, 5);
    c->n_opinions = sqlite3_column_int64(st, 6);
}

enum result campaign_each(struct db *db, const struct actor *who, const char *unit,
                          void (*fn)(void *ctx, const struct campaign *c), void *ctx,
                          struct err *err)
{
    char lo[UNIT_PATH_MAX], end[UNIT_PATH_MAX];
    snprintf(lo, sizeof(lo), "%s", who->unit_path);
    if (unit && *unit) {
        struct unit u;
        enum result r = unit_get(db, who, unit, &u, err);
        if (r != RES_OK)
            return r;
        snprintf(lo, sizeof(lo), "%s", u.path);
    }
    path_end(end, lo);
    sqlite3_stmt *st = db_stmt(db, CAMPAIGN_SELECT " WHERE u.path >= ?1 AND u.path < ?2"
                                                   " ORDER BY c.starts DESC, c.id DESC LIMIT 500");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, lo);
    db_bind_text(st, 2, end);
    struct campaign c;
    while (sqlite3_step(st) == SQLITE_ROW) {
        campaign_from_row(st, &c);
        fn(ctx, &c);
    }
    db_done(st);
    return RES_OK;
}

enum result campaign_get(struct db *db, const struct actor *who, long long id,
                         void (*fn)(void *ctx, const struct campaign *c), void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, CAMPAIGN_SELECT " WHERE c.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 7))) {
        struct campaign c;
        campaign_from_row(st, &c);
        fn(ctx, &c);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result outreach_add(struct db *db, const struct actor *who, const struct outreach_input *in,
                         long long *id, struct err *err)
{
    if (!in_set(in->kind, outreach_codes, N_OUTREACH))
        return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "%s",
                        "letters|forums|visits|questionnaires_out|questionnaires_back|notices|"
                        "hotlines|boxes");
    if (in->count < 0 || in->count > 100000000)
        return err_setf(err, RES_INVALID, "count", "err.range", "0-100000000");
    if (in->attendees < 0 || in->attendees > 100000000)
        return err_setf(err, RES_INVALID, "attendees", "err.range", "0-100000000");
    if (!in->day || !date_valid(in->day))
        return err_set(err, RES_INVALID, "day", "err.bad_date");
    enum result r = err_text(err, "note", in->note, 0, 500, 0);
    if (r != RES_OK)
        return r;
    struct unit u;
    if ((r = unit_writable(db, who, in->unit, &u, err)) != RES_OK)
        return r;
    char path[UNIT_PATH_MAX];
    if (in->campaign && (owner_path(db, CAMPAIGN_OWNER, in->campaign, path, NULL) != RES_OK ||
                         !scope_has_path(who, path)))
        return err_set(err, RES_INVALID, "campaign", "err.not_found");
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO outreach(unit_id, campaign_id, kind, count,"
                                   " attendees, day, note) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5,"
                                   " ?6, coalesce(?7, ''))");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_int64(st, 2, in->campaign);
        db_bind_text(st, 3, in->kind);
        sqlite3_bind_int64(st, 4, in->count);
        sqlite3_bind_int64(st, 5, in->attendees);
        db_bind_text(st, 6, in->day);
        if (in->note)
            db_bind_text(st, 7, in->note);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    if (rc != SQLITE_DONE ||
        tally_outreach(db, u.path, in->day, in->kind, in->count, in->attendees) != RES_OK ||
        audit_record(db, who, "outreach.add", "outreach", *id,
                     json_pack("{s:s, s:s, s:I, s:I, s:s}", "unit", u.code, "kind", in->kind,
                               "count", (json_int_t)in->count, "attendees",
                               (json_int_t)in->attendees, "day", in->day)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result campaign_outreach(struct db *db, const struct actor *who, long long campaign,
                              long long counts[N_OUTREACH], long long *attendees)
{
    char path[UNIT_PATH_MAX];
    memset(counts, 0, sizeof(long long) * N_OUTREACH);
    *attendees = 0;
    enum result r = owner_path(db, CAMPAIGN_OWNER, campaign, path, NULL);
    if (r != RES_OK || !scope_has_path(who, path))
        return RES_NOT_FOUND;
    sqlite3_stmt *st = db_stmt(db, "SELECT kind, sum(count), sum(attendees) FROM outreach"
                                   " WHERE campaign_id = ?1 GROUP BY kind");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, campaign);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < N_OUTREACH; i++)
            if (strcmp(db_col_text(st, 0), outreach_codes[i]) == 0)
                counts[i] += sqlite3_column_int64(st, 1);
        *attendees += sqlite3_column_int64(st, 2);
    }
    db_done(st);
    return RES_OK;
}

enum result reply_template_add(struct db *db, const struct actor *who, const char *unit,
                               const char *title, const char *text, long long *id, struct err *err)
{
    enum result r = err_text(err, "title", title, 1, 100, 0);
    if (r == RES_OK)
        r = err_text(err, "text", text, 1, OPINION_TEXT_MAX, 1);
    struct unit u;
    if (r != RES_OK || (r = unit_writable(db, who, unit, &u, err)) != RES_OK)
        return r;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO reply_template(unit_id, title, text)"
                                   " VALUES (?1, ?2, ?3)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, title);
        db_bind_text(st, 3, text);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    if (rc != SQLITE_DONE || audit_record(db, who, "reply_template.add", "reply_template", *id,
                                          json_pack("{s:s, s:s, s:s}", "unit", u.code, "title",
                                                    title, "text", text)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result reply_template_each(struct db *db, const struct actor *who,
                                void (*fn)(void *ctx, long long id, const char *title,
                                           const char *text),
                                void *ctx)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    /* the templates of the actor's units and of the units above them */
    sqlite3_stmt *st = db_stmt(db, "SELECT t.id, t.title, t.text FROM reply_template t"
                                   " JOIN unit u ON u.id = t.unit_id WHERE (u.path >= ?1"
                                   " AND u.path < ?2) OR substr(?1, 1, length(u.path)) = u.path"
                                   " ORDER BY t.id LIMIT 200");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, who->unit_path);
    db_bind_text(st, 2, end);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2));
    db_done(st);
    return RES_OK;
}

enum result campaign_areas(struct db *db, const struct actor *who, long long campaign,
                           const char *unit,
                           void (*fn)(void *ctx, const char *code, const char *name, long long n),
                           void *ctx, struct err *err)
{
    char path[UNIT_PATH_MAX];
    long long unit_id = 0;
    enum result r = owner_path(db, CAMPAIGN_OWNER, campaign, path, &unit_id);
    if (r == RES_FAIL)
        return db_fail(db, err);
    if (r != RES_OK || !scope_has_path(who, path))
        return err_set(err, RES_NOT_FOUND, "campaign", "err.not_found");
    if (unit && *unit) {
        struct unit u;
        if ((r = unit_get(db, who, unit, &u, err)) != RES_OK)
            return r;
        unit_id = u.id;
    }
    sqlite3_stmt *st = db_stmt(db, "SELECT a.code, a.name, coalesce(t.n, 0) FROM campaign_area a"
                                   " LEFT JOIN campaign_area_tally t ON t.campaign_id ="
                                   " a.campaign_id AND t.unit_id = ?2 AND t.area = a.code"
                                   " WHERE a.campaign_id = ?1 ORDER BY a.pos");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, campaign);
    sqlite3_bind_int64(st, 2, unit_id);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_int64(st, 2));
    db_done(st);
    return RES_OK;
}
