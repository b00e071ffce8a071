/*
 * The roll-up counts of tasks (mechanism model): task_tally holds, per unit, the tasks its
 * subtree leads, accepted, accepted on time, supervision records by kind and the signed notices
 * addressed in the subtree by kind; task_open and task_open_month the open ones by deadline, for
 * overdue counts without a scan. The same counts by day go to the registries' roll-up (keys
 * "task.total" on the deadline, "task.accepted" and "task.on_time" on the day accepted,
 * "supervision.*" on the day recorded, "notice.*" on the day signed), so that a period's figures
 * read a few rows. Kept by each write in its transaction, rebuilt after units move, read by
 * task_stats() and the indicators.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "registry/registry.h"
#include "task/task.h"
#include "task/task_int.h"
#include "unit/unit.h"

/* Steps sql once for each unit on path, the root first, with ?1 the unit's id, ?2 text (when
 * not NULL) and ?3, ?4, ?5 the numbers in n, as far as sql has parameters. RES_OK or RES_FAIL. */
static enum result up_the_tree(struct db *db, const char *path, const char *sql, const char *text,
                               const int n[3])
{
    long long ids[UNIT_PATH_MAX / 2];
    int n_ids = path_ids(path, ids, UNIT_PATH_MAX / 2);
    for (int i = 0; i < n_ids; i++) {
        sqlite3_stmt *st = db_stmt(db, sql);
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, ids[i]);
        if (text)
            db_bind_text(st, 2, text);
        for (int k = 3; k <= sqlite3_bind_parameter_count(st); k++)
            sqlite3_bind_int(st, k, n[k - 3]);
        int rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return RES_FAIL;
    }
    return RES_OK;
}

enum result tally_task(struct db *db, const char *lead_path, const char *deadline, int d_total,
                       int d_accepted, int d_on_time, int d_open)
{
    const long long counts[3] = { d_total, d_accepted, d_on_time }, open = d_open;
    /* the month itself, so that an import sums a unit's tasks of a month into one row */
    char month[8];
    snprintf(month, sizeof(month), "%.7s", deadline);
    if (registry_counts_up(db, lead_path,
                           "INSERT INTO task_tally(unit_id, total, accepted, on_time)"
                           " VALUES (?1, ?4, ?5, ?6) ON CONFLICT(unit_id) DO UPDATE"
                           " SET total = total + ?4, accepted = accepted + ?5,"
                           " on_time = on_time + ?6",
                           "", 0, NULL, counts, 3) != RES_OK ||
        (d_open &&
         (registry_counts_up(db, lead_path,
                             "INSERT INTO task_open(unit_id, deadline, n) VALUES (?1, ?2, ?4)"
                             " ON CONFLICT(unit_id, deadline) DO UPDATE SET n = n + ?4",
                             deadline, 0, NULL, &open, 1) != RES_OK ||
          registry_counts_up(db, lead_path,
                             "INSERT INTO task_open_month(unit_id, month, n) VALUES (?1, ?2, ?4)"
                             " ON CONFLICT(unit_id, month) DO UPDATE SET n = n + ?4",
                             month, 0, NULL, &open, 1) != RES_OK)))
        return RES_FAIL;
    char today[11];
    clock_today(today);
    if ((d_total && registry_count(db, lead_path, deadline, "task.total", d_total) != RES_OK) ||
        (d_accepted &&
         registry_count(db, lead_path, today, "task.accepted", d_accepted) != RES_OK) ||
        (d_on_time && registry_count(db, lead_path, today, "task.on_time", d_on_time) != RES_OK))
        return RES_FAIL;
    /* a count falls to nought only when one is taken away: its rows on the path go, each found
     * by its key (by the deadline alone, the delete read every unit's rows) */
    static const int none[3] = { 0, 0, 0 };
    if (d_open < 0 &&
        (up_the_tree(db, lead_path, "DELETE FROM task_open WHERE unit_id = ?1 AND deadline = ?2"
                                    " AND n = 0",
                     deadline, none) != RES_OK ||
         up_the_tree(db, lead_path, "DELETE FROM task_open_month WHERE unit_id = ?1 AND"
                                    " month = substr(?2, 1, 7) AND n = 0",
                     deadline, none) != RES_OK))
        return RES_FAIL;
    return RES_OK;
}

enum result tally_supervision(struct db *db, const char *lead_path, const char *kind)
{
    static const int none[3] = { 0, 0, 0 };
    char today[11], key[32];
    clock_today(today);
    snprintf(key, sizeof(key), "supervision.%ss", kind);
    if (strcmp(kind, "notice") != 0 && registry_count(db, lead_path, today, key, 1) != RES_OK)
        return RES_FAIL;
    return up_the_tree(db, lead_path,
                       "UPDATE task_tally SET reminders = reminders + (?2 = 'reminder'),"
                       " urges = urges + (?2 = 'urge'), criticisms = criticisms +"
                       " (?2 = 'criticism') WHERE unit_id = ?1",
                       kind, none);
}

enum result tally_notice(struct db *db, const char *path, const char *kind)
{
    static const int none[3] = { 0, 0, 0 };
    char today[11], key[32];
    clock_today(today);
    snprintf(key, sizeof(key), "notice.%ss", kind);
    if (registry_count(db, path, today, key, 1) != RES_OK)
        return RES_FAIL;
    /* an addressed unit may lead no task, so it may have no row yet */
    return up_the_tree(db, path,
                       "INSERT INTO task_tally(unit_id, notice_praises, notice_criticisms)"
                       " VALUES (?1, ?2 = 'praise', ?2 = 'criticism') ON CONFLICT(unit_id) DO"
                       " UPDATE SET notice_praises = notice_praises + (?2 = 'praise'),"
                       " notice_criticisms = notice_criticisms + (?2 = 'criticism')",
                       kind, none);
}

enum result task_tally_rebuild(struct db *db)
{
    static const char *const sql[] = {
        "DELETE FROM task_tally",
        "DELETE FROM task_open",
        "DELETE FROM task_open_month",
        "INSERT INTO task_tally(unit_id, total, accepted, on_time) SELECT u.id, count(*),"
        " sum(t.state = 'accepted'), sum(t.state = 'accepted' AND " TASK_DONE_DAY " <= t.deadline)"
        " FROM unit u JOIN unit lu ON lu.path >= u.path AND lu.path < substr(u.path, 1,"
        " length(u.path) - 1) || '0' JOIN task t ON t.lead_unit_id = lu.id GROUP BY u.id",
        "INSERT INTO task_open(unit_id, deadline, n) SELECT u.id, t.deadline, count(*)"
        " FROM unit u JOIN unit lu ON lu.path >= u.path AND lu.path < substr(u.path, 1,"
        " length(u.path) - 1) || '0' JOIN task t ON t.lead_unit_id = lu.id"
        " WHERE " TASK_IN_WORK " GROUP BY u.id, t.deadline",
        "INSERT INTO task_open_month(unit_id, month, n) SELECT unit_id, substr(deadline, 1, 7),"
        " sum(n) FROM task_open GROUP BY unit_id, substr(deadline, 1, 7)",
        "UPDATE task_tally SET reminders = s.r, urges = s.u, criticisms = s.c"
        " FROM (SELECT u.id AS unit_id, sum(v.kind = 'reminder') AS r, sum(v.kind = 'urge') AS u,"
        " sum(v.kind = 'criticism') AS c FROM unit u JOIN unit lu"
        " ON lu.path >= u.path AND lu.path < substr(u.path, 1, length(u.path) - 1) || '0'"
        " JOIN task t ON t.lead_unit_id = lu.id JOIN supervision v ON v.task_id = t.id"
        " GROUP BY u.id) AS s WHERE task_tally.unit_id = s.unit_id",
        /* signed notices per addressed unit, counted up the tree (tally_notice) */
        "INSERT INTO task_tally(unit_id, notice_praises, notice_criticisms) SELECT u.id,"
        " sum(n.kind = 'praise'), sum(n.kind = 'criticism') FROM unit u JOIN unit au"
        " ON au.path >= u.path AND au.path < substr(u.path, 1, length(u.path) - 1) || '0'"
        " JOIN notice_to nt ON nt.unit_id = au.id JOIN notice n ON n.id = nt.notice_id"
        " AND n.state = 'signed' GROUP BY u.id ON CONFLICT(unit_id) DO UPDATE"
        " SET notice_praises = excluded.notice_praises,"
        " notice_criticisms = excluded.notice_criticisms",
    };
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        if (db_exec(db, sql[i]) != RES_OK)
            return RES_FAIL;
    return RES_OK;
}

enum result
task_stats(struct db *db, const struct actor *who, const char *unit, struct task_stats *all,
           void (*fn)(void *ctx, const char *code, const char *name, int office,
                      const struct task_stats *s),
           void *ctx, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    char today[11];
    clock_today(today);
    /* the unit, then each unit directly below, from the roll-up counts */
    sqlite3_stmt *st = db_stmt(
        db, "SELECT c.code, c.name, coalesce(y.total, 0), coalesce(y.accepted, 0),"
            " coalesce(y.on_time, 0), " TASK_OVERDUE(
                "c.id",
                "?2") ", c.id = ?1,"
                      " coalesce(y.reminders, 0), coalesce(y.urges, 0), coalesce(y.criticisms, 0),"
                      " coalesce(y.notice_praises, 0), coalesce(y.notice_criticisms, 0),"
                      " c.kind = 'office' FROM unit c LEFT JOIN task_tally y"
                      " ON y.unit_id = c.id WHERE c.id = ?1 OR c.parent_id = ?1"
                      " ORDER BY c.id <> ?1, c.kind = 'office', c.path");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    db_bind_text(st, 2, today);
    memset(all, 0, sizeof(*all));
    struct task_stats own = { 0 };
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct task_stats s = {
            .total = sqlite3_column_int64(st, 2),
            .accepted = sqlite3_column_int64(st, 3),
            .on_time = sqlite3_column_int64(st, 4),
            .overdue = sqlite3_column_int64(st, 5),
            .reminders = sqlite3_column_int64(st, 7),
            .urges = sqlite3_column_int64(st, 8),
            .criticisms = sqlite3_column_int64(st, 9),
            .notice_praises = sqlite3_column_int64(st, 10),
            .notice_criticisms = sqlite3_column_int64(st, 11),
        };
        if (sqlite3_column_int(st, 6)) {
            *all = s;
            own = s;
            if (fn)
                fn(ctx, db_col_text(st, 0), db_col_text(st, 1), 0, NULL);
            continue;
        }
        own.total -= s.total;
        own.accepted -= s.accepted;
        own.on_time -= s.on_time;
        own.overdue -= s.overdue;
        own.reminders -= s.reminders;
        own.urges -= s.urges;
        own.criticisms -= s.criticisms;
        own.notice_praises -= s.notice_praises;
        own.notice_criticisms -= s.notice_criticisms;
        if (fn)
            fn(ctx, db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_int(st, 12), &s);
    }
    db_done(st);
    if (fn)
        fn(ctx, NULL, NULL, 0, &own);
    return RES_OK;
}

enum result task_stats_period(struct db *db, long long unit_id, const char *from, const char *to,
                              struct task_stats *s, struct err *err)
{
    static const char *const keys[] = { "task.total",           "task.accepted",
                                        "task.on_time",         "supervision.reminders",
                                        "supervision.urges",    "supervision.criticisms",
                                        "notice.praises",       "notice.criticisms" };
    long long n[8];
    if (registry_sums_of(db, unit_id, from, to, keys, 8, n) != RES_OK)
        return db_fail(db, err);
    *s = (struct task_stats){ .total = n[0],      .accepted = n[1],       .on_time = n[2],
                              .reminders = n[3],  .urges = n[4],          .criticisms = n[5],
                              .notice_praises = n[6], .notice_criticisms = n[7] };
    char today[11];
    clock_today(today);
    sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(sum(n), 0) FROM task_open WHERE unit_id = ?1"
                                   " AND deadline >= ?2 AND deadline <= ?3 AND deadline < ?4");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, unit_id);
    db_bind_text(st, 2, from && *from ? from : "0000-00-00");
    db_bind_text(st, 3, to && *to ? to : "9999-99-99");
    db_bind_text(st, 4, today);
    s->overdue = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    return RES_OK;
}

enum result task_due_soon(struct db *db, const struct actor *who, const char *unit, long long *n,
                          struct err *err)
{
    /* the ledger's own count behind the link the figure carries, under each issuing unit's days */
    struct task_filter f = { .unit = unit, .subtree = 1, .state = "due_soon",
                             .role = TASK_ROLE_LEAD, .limit = 0, .brief = 1 };
    *n = 0;
    return task_list(db, who, &f, NULL, NULL, n, err);
}

enum result task_duty_stats(struct db *db, long long person, long long year,
                            struct task_stats *out)
{
    char today[11];
    clock_today(today);
    memset(out, 0, sizeof(*out));
    /* the person's office (when the person works in one) and the offices in the charge of the
     * person as a leader in post (leader.h), and the tasks the person is the leader of */
    sqlite3_stmt *st = db_stmt(
        db, "WITH office(id) AS (SELECT u.id FROM person p JOIN unit u ON u.id = p.unit_id"
            " WHERE p.id = ?1 AND u.kind = 'office' UNION SELECT lo.unit_id FROM leader l"
            " JOIN leader_office lo ON lo.leader_id = l.id WHERE l.person_id = ?1"
            " AND l.starts <= ?2 AND (l.ends IS NULL OR l.ends >= ?2))"
            " SELECT count(*), coalesce(sum(state = 'accepted'), 0),"
            " coalesce(sum(state = 'accepted' AND " TASK_DONE_DAY " <= deadline), 0),"
            " coalesce(sum(state NOT IN ('accepted', 'reported') AND suspended IS NULL"
            " AND deadline < ?2), 0)"
            " FROM task t"
            " WHERE (?3 = 0 OR year = ?3) AND (leader_id = ?1 OR lead_unit_id IN office"
            " OR id IN (SELECT a.task_id FROM task_assist a WHERE a.unit_id IN office))");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, person);
    db_bind_text(st, 2, today);
    sqlite3_bind_int64(st, 3, year);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->total = sqlite3_column_int64(st, 0);
        out->accepted = sqlite3_column_int64(st, 1);
        out->on_time = sqlite3_column_int64(st, 2);
        out->overdue = sqlite3_column_int64(st, 3);
    }
    db_done(st);
    return RES_OK;
}
