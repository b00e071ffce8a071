/*
 * Roll-up counts of opinions, problems, measures and outreach (mechanism model; DESIGN.md
 * mechanism 8): kept per unit subtree and day in the same transaction as each change, read by
 * the statistics in a few indexed reads, rebuilt from the records after a unit move. No http
 * types.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "opinion/opinion.h"
#include "opinion/opinion_int.h"
#include "opinion/rectification.h"
#include "registry/registry.h"
#include "unit/unit.h"

/* The day of the rows that count every day: sorts before any date, so a period's range of days
 * never includes it, and a roll-up without a period reads these rows alone. */
static const char ALL_DAYS[] = "*";

enum result tally_opinion(struct db *db, const char *path, const char *day, const char *channel,
                          const char *area, const struct opinion_delta *d)
{
    /* the area's count moves with the collected count, in the same row */
    long long v[8 + N_AREAS] = { d->collected, d->consolidated, d->to_person,   d->replied,
                                 d->satisfied, d->basic,        d->dissatisfied };
    for (int i = 0; i < N_AREAS; i++)
        v[7 + i] = area && strcmp(area, area_codes[i]) == 0 ? d->collected : 0;
    v[7 + N_AREAS] = d->consolidated_to_person;
    return registry_counts_up(
        db, path,
        "INSERT INTO opinion_tally(unit_id, day, channel, collected, consolidated,"
        " to_person, replied, satisfied, basic, dissatisfied, thinking, work, style,"
        " ability, life, consolidated_to_person) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
        " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) ON CONFLICT(unit_id, day, channel) DO"
        " UPDATE SET collected = collected + ?4, consolidated = consolidated + ?5,"
        " to_person = to_person + ?6, replied = replied + ?7,"
        " satisfied = satisfied + ?8, basic = basic + ?9,"
        " dissatisfied = dissatisfied + ?10, thinking = thinking + ?11,"
        " work = work + ?12, style = style + ?13, ability = ability + ?14,"
        " life = life + ?15, consolidated_to_person = consolidated_to_person + ?16",
        day, 1, channel, v, 8 + N_AREAS);
}

enum result tally_measure(struct db *db, const char *path, const char *day, int problems,
                          int measures, int implemented, int verified, int solved)
{
    const long long v[] = { problems, measures, implemented, verified, solved };
    return registry_counts_up(
        db, path,
        "INSERT INTO measure_tally(unit_id, day, problems, measures, implemented,"
        " verified, solved) VALUES (?1, ?2, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(unit_id, day)"
        " DO UPDATE SET problems = problems + ?4, measures = measures + ?5,"
        " implemented = implemented + ?6, verified = verified + ?7,"
        " solved = solved + ?8",
        day, 1, NULL, v, 5);
}

enum result tally_open(struct db *db, const char *path, const char *deadline, int n)
{
    const long long v = n;
    return registry_counts_up(db, path,
                              "INSERT INTO measure_open(unit_id, deadline, n) VALUES (?1, ?2, ?4)"
                              " ON CONFLICT(unit_id, deadline) DO UPDATE SET n = n + ?4",
                              deadline, 0, NULL, &v, 1);
}

enum result tally_campaign_area(struct db *db, const char *path, long long campaign,
                                const char *area, int delta)
{
    long long ids[UNIT_PATH_MAX / 2];
    int n = path_ids(path, ids, UNIT_PATH_MAX / 2);
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO campaign_area_tally(campaign_id, unit_id,"
                                       " area, n) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE"
                                       " SET n = n + ?4");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, campaign);
        sqlite3_bind_int64(st, 2, ids[i]);
        db_bind_text(st, 3, area);
        sqlite3_bind_int(st, 4, delta);
        int rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return RES_FAIL;
    }
    return RES_OK;
}

enum result tally_campaign(struct db *db, long long campaign, int delta)
{
    const long long v = delta;
    return db_counts_add(db,
                         "INSERT INTO campaign_tally(campaign_id, unit_id, opinions) VALUES (?1,"
                         " (SELECT unit_id FROM campaign WHERE id = ?1), ?4) ON CONFLICT DO"
                         " UPDATE SET opinions = opinions + ?4",
                         campaign, NULL, NULL, &v, 1);
}

enum result tally_outreach(struct db *db, const char *path, const char *day, const char *kind,
                           long long count, long long attendees)
{
    const long long v[] = { count, attendees };
    return registry_counts_up(
        db, path,
        "INSERT INTO outreach_tally(unit_id, day, kind, n, attendees)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(unit_id, day, kind) DO UPDATE"
        " SET n = n + ?4, attendees = attendees + ?5",
        day, 1, kind, v, 2);
}

/* Each unit joined with every record unit in its subtree: "lu" is the record's unit. */
#define SUBTREE_JOIN                                                                               \
    " FROM unit u JOIN unit lu ON lu.path >= u.path AND lu.path < substr(u.path, 1,"               \
    " length(u.path) - 1) || '0'"

enum result opinion_tally_rebuild(struct db *db)
{
    static const char *const sql[] = {
        "DELETE FROM opinion_tally",
        "DELETE FROM measure_tally",
        "DELETE FROM measure_open",
        "DELETE FROM outreach_tally",
        "DELETE FROM campaign_area_tally",
        "DELETE FROM campaign_tally",
        "INSERT INTO campaign_tally(campaign_id, unit_id, opinions) SELECT c.id, c.unit_id,"
        " count(*) FROM campaign c JOIN opinion o ON o.campaign_id = c.id GROUP BY c.id",
        "INSERT INTO campaign_area_tally(campaign_id, unit_id, area, n) SELECT o.campaign_id,"
        " u.id, o.campaign_area, count(*)" SUBTREE_JOIN " JOIN opinion o ON o.unit_id = lu.id"
        " WHERE o.campaign_area IS NOT NULL GROUP BY o.campaign_id, u.id, o.campaign_area",
        "INSERT INTO opinion_tally(unit_id, day, channel, collected, consolidated, to_person,"
        " replied, satisfied, basic, dissatisfied, thinking, work, style, ability, life,"
        " consolidated_to_person)"
        " SELECT u.id, o.day, o.channel, count(*), sum(o.consolidated_into IS NULL),"
        " sum(o.target_person_id IS NOT NULL), sum(o.reply IS NOT NULL),"
        " sum(coalesce(o.rating = 'satisfied', 0)), sum(coalesce(o.rating = 'basic', 0)),"
        " sum(coalesce(o.rating = 'dissatisfied', 0)), sum(coalesce(o.area = 'thinking', 0)),"
        " sum(coalesce(o.area = 'work', 0)), sum(coalesce(o.area = 'style', 0)),"
        " sum(coalesce(o.area = 'ability', 0)), sum(coalesce(o.area = 'life', 0)),"
        " sum(o.consolidated_into IS NULL AND o.target_person_id IS NOT NULL)" SUBTREE_JOIN
        " JOIN opinion o ON o.unit_id = lu.id GROUP BY u.id, o.day, o.channel",
        /* a problem is solved once it has measures and every one is implemented */
        "INSERT INTO measure_tally(unit_id, day, problems, measures, implemented, verified,"
        " solved) SELECT u.id, p.day, 1, 0, 0, 0, EXISTS (SELECT 1 FROM measure m WHERE"
        " m.problem_id = p.id) AND NOT EXISTS (SELECT 1 FROM measure m WHERE m.problem_id = p.id"
        " AND m.state NOT IN ('implemented', 'verified'))" SUBTREE_JOIN " JOIN problem p ON"
        " p.unit_id = lu.id WHERE 1 ON CONFLICT(unit_id, day) DO UPDATE SET problems ="
        " problems + 1, solved = solved + excluded.solved",
        "INSERT INTO measure_tally(unit_id, day, problems, measures, implemented, verified)"
        " SELECT u.id, p.day, 0, 1, m.state IN ('implemented', 'verified'), m.state = "
        "'verified'" SUBTREE_JOIN
        " JOIN measure m ON m.unit_id = lu.id JOIN problem p ON p.id = m.problem_id"
        " WHERE 1 ON CONFLICT(unit_id, day) DO UPDATE SET measures = measures + 1,"
        " implemented = implemented + excluded.implemented, verified = verified + "
        "excluded.verified",
        "INSERT INTO measure_open(unit_id, deadline, n) SELECT u.id, m.deadline, "
        "count(*)" SUBTREE_JOIN " JOIN measure m ON m.unit_id = lu.id WHERE m.state IN ('open',"
        " 'in_progress') GROUP BY u.id, m.deadline",
        "INSERT INTO outreach_tally(unit_id, day, kind, n, attendees) SELECT u.id, o.day, o.kind,"
        " sum(o.count), sum(o.attendees)" SUBTREE_JOIN " JOIN outreach o ON o.unit_id = lu.id"
        " GROUP BY u.id, o.day, o.kind",
        /* the rows of every day, from the rows of each day */
        "INSERT INTO opinion_tally(unit_id, day, channel, collected, consolidated, to_person,"
        " replied, satisfied, basic, dissatisfied, thinking, work, style, ability, life,"
        " consolidated_to_person) SELECT unit_id, '*', channel, sum(collected),"
        " sum(consolidated), sum(to_person), sum(replied), sum(satisfied), sum(basic),"
        " sum(dissatisfied), sum(thinking), sum(work), sum(style), sum(ability), sum(life),"
        " sum(consolidated_to_person) FROM opinion_tally GROUP BY unit_id, channel",
        "INSERT INTO measure_tally(unit_id, day, problems, measures, implemented, verified,"
        " solved) SELECT unit_id, '*', sum(problems), sum(measures), sum(implemented), sum(verified),"
        " sum(solved) FROM measure_tally GROUP BY unit_id",
        "INSERT INTO outreach_tally(unit_id, day, kind, n, attendees) SELECT unit_id, '*', kind,"
        " sum(n), sum(attendees) FROM outreach_tally GROUP BY unit_id, kind",
        /* and the rows of each month, from the rows of each day */
        "INSERT INTO opinion_tally(unit_id, day, channel, collected, consolidated, to_person,"
        " replied, satisfied, basic, dissatisfied, thinking, work, style, ability, life,"
        " consolidated_to_person) SELECT unit_id, 'm' || substr(day, 1, 7), channel,"
        " sum(collected), sum(consolidated), sum(to_person), sum(replied), sum(satisfied),"
        " sum(basic), sum(dissatisfied), sum(thinking), sum(work), sum(style), sum(ability),"
        " sum(life), sum(consolidated_to_person) FROM opinion_tally"
        " WHERE day BETWEEN '0' AND '9' GROUP BY unit_id, substr(day, 1, 7), channel",
        "INSERT INTO measure_tally(unit_id, day, problems, measures, implemented, verified,"
        " solved) SELECT unit_id, 'm' || substr(day, 1, 7), sum(problems), sum(measures),"
        " sum(implemented), sum(verified), sum(solved) FROM measure_tally WHERE day BETWEEN"
        " '0' AND '9' GROUP BY unit_id, substr(day, 1, 7)",
        "INSERT INTO outreach_tally(unit_id, day, kind, n, attendees) SELECT unit_id,"
        " 'm' || substr(day, 1, 7), kind, sum(n), sum(attendees) FROM outreach_tally"
        " WHERE day BETWEEN '0' AND '9' GROUP BY unit_id, substr(day, 1, 7), kind",
    };
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        if (db_exec(db, sql[i]) != RES_OK)
            return RES_FAIL;
    return RES_OK;
}

static int index_of(const char *v, const char *const *set, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v, set[i]) == 0)
            return i;
    return -1;
}

/* The roll-up rows of a period: its days and whole months (see period_rows). */
#define PERIOD_ROWS " (day BETWEEN ?2 AND ?3 OR day BETWEEN ?4 AND ?5 OR day BETWEEN ?6 AND ?7)"

/* The counts of one unit's subtree from the roll-up rows. */
static enum result stats_of_unit(struct db *db, long long unit_id, const char *lo, const char *hi,
                                 struct rectification_stats *s)
{
    memset(s, 0, sizeof(*s));
    struct period_rows p;
    period_rows(lo, hi, &p);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT channel, sum(collected), sum(consolidated), sum(to_person), sum(replied),"
            " sum(satisfied), sum(basic), sum(dissatisfied), sum(thinking), sum(work), sum(style),"
            " sum(ability), sum(life), sum(consolidated_to_person) FROM opinion_tally"
            " WHERE unit_id = ?1 AND" PERIOD_ROWS " GROUP BY channel");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    db_bind_period(st, 2, &p);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int i = index_of(db_col_text(st, 0), channel_codes, N_CHANNELS);
        long long n = sqlite3_column_int64(st, 1), c = sqlite3_column_int64(st, 2);
        if (i >= 0) {
            s->by_channel[i] += n;
            s->by_channel_consolidated[i] += c;
        }
        s->opinions += n;
        s->consolidated += c;
        s->to_person += sqlite3_column_int64(st, 3);
        s->replied += sqlite3_column_int64(st, 4);
        s->satisfied += sqlite3_column_int64(st, 5);
        s->basic += sqlite3_column_int64(st, 6);
        s->dissatisfied += sqlite3_column_int64(st, 7);
        for (int a = 0; a < N_AREAS; a++)
            s->by_area[a] += sqlite3_column_int64(st, 8 + a);
        s->consolidated_to_person += sqlite3_column_int64(st, 8 + N_AREAS);
    }
    db_done(st);
    s->to_body = s->opinions - s->to_person;
    s->consolidated_to_body = s->consolidated - s->consolidated_to_person;
    st = db_stmt(db, "SELECT coalesce(sum(problems), 0), coalesce(sum(measures), 0),"
                     " coalesce(sum(implemented), 0), coalesce(sum(verified), 0),"
                     " coalesce(sum(solved), 0),"
                     " (SELECT coalesce(sum(n), 0) FROM measure_open WHERE unit_id = ?1"
                     " AND deadline < ?8) FROM measure_tally"
                     " WHERE unit_id = ?1 AND" PERIOD_ROWS);
    if (!st)
        return RES_FAIL;
    char today[11];
    clock_today(today);
    sqlite3_bind_int64(st, 1, unit_id);
    db_bind_period(st, 2, &p);
    db_bind_text(st, 8, today);
    if (sqlite3_step(st) == SQLITE_ROW) {
        s->problems = sqlite3_column_int64(st, 0);
        s->measures = sqlite3_column_int64(st, 1);
        s->implemented = sqlite3_column_int64(st, 2);
        s->verified = sqlite3_column_int64(st, 3);
        s->solved = sqlite3_column_int64(st, 4);
        s->overdue = sqlite3_column_int64(st, 5);
    }
    db_done(st);
    st = db_stmt(db, "SELECT kind, sum(n), sum(attendees) FROM outreach_tally"
                     " WHERE unit_id = ?1 AND" PERIOD_ROWS " GROUP BY kind");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    db_bind_period(st, 2, &p);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int i = index_of(db_col_text(st, 0), outreach_codes, N_OUTREACH);
        if (i >= 0)
            s->outreach[i] += sqlite3_column_int64(st, 1);
        s->attendees += sqlite3_column_int64(st, 2);
    }
    db_done(st);
    s->letters = s->outreach[0];
    s->forums = s->outreach[1];
    s->visits = s->outreach[2];
    return RES_OK;
}

/* Checks the period; lo and hi get the bounds to query. */
static enum result period(const char *from, const char *to, const char **lo, const char **hi,
                          struct err *err)
{
    if (from && *from && !date_valid(from))
        return err_set(err, RES_INVALID, "from", "err.bad_date");
    if (to && *to && !date_valid(to))
        return err_set(err, RES_INVALID, "to", "err.bad_date");
    if (!(from && *from) && !(to && *to)) {
        *lo = *hi = ALL_DAYS;
        return RES_OK;
    }
    *lo = from && *from ? from : "0000-00-00";
    *hi = to && *to ? to : "9999-99-99";
    return RES_OK;
}

enum result rectification_stats(struct db *db, const struct actor *who, const char *unit_code,
                                const char *from, const char *to, struct rectification_stats *s,
                                struct err *err)
{
    struct unit u;
    const char *lo, *hi;
    enum result r = unit_get(db, who, unit_code, &u, err);
    if (r == RES_OK)
        r = period(from, to, &lo, &hi, err);
    if (r != RES_OK)
        return r;
    return stats_of_unit(db, u.id, lo, hi, s) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result rectification_rollup(struct db *db, const struct actor *who, const char *unit_code,
                                 const char *from, const char *to,
                                 void (*fn)(void *ctx, const char *code, const char *name,
                                            const struct rectification_stats *s),
                                 void *ctx, struct err *err)
{
    struct unit u;
    const char *lo, *hi;
    enum result r = unit_get(db, who, unit_code, &u, err);
    if (r == RES_OK)
        r = period(from, to, &lo, &hi, err);
    if (r != RES_OK)
        return r;
    /* the unit, the levels below, then its own offices (as every roll-up lists them) */
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name FROM unit WHERE id = ?1 OR parent_id = ?1"
                                   " ORDER BY id <> ?1, kind = 'office', path");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    /* the rows are copied out first: the counts use statements of their own */
    struct row {
        long long id;
        char code[64];
        char name[256];
    };
    size_t n = 0, cap = 0;
    struct row *rows = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows = vec_grow(rows, n, &cap);
        rows[n].id = sqlite3_column_int64(st, 0);
        snprintf(rows[n].code, sizeof(rows[n].code), "%s", db_col_text(st, 1));
        snprintf(rows[n].name, sizeof(rows[n].name), "%s", db_col_text(st, 2));
        n++;
    }
    db_done(st);
    for (size_t i = 0; i < n && r == RES_OK; i++) {
        struct rectification_stats s;
        if (stats_of_unit(db, rows[i].id, lo, hi, &s) != RES_OK)
            r = db_fail(db, err);
        else
            fn(ctx, rows[i].code, rows[i].name, &s);
    }
    free(rows);
    return r;
}
