/*
 * What is asked of a unit (mechanism model; issue 25 item 8; see task_asks() in task_cycle.h):
 * the tasks it leads that wait for its signature or its reports, the reports of tasks it issued
 * that wait for its acceptance, the extension requests that wait for its decision, the period
 * reports it has to submit, the evaluations it holds that are open for votes and the notices
 * sent to it that are unread; the most urgent first, a page at a time. Reads only what the
 * records hold: nothing here asks for a figure.
 *
 * One statement pages through all of them in order: each kind in the order of an index (the
 * tasks by the light counted for them, task_book.c, then the deadline), merged by SQLite, so
 * that a page costs its rows and a count whatever a unit has open.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "task/task.h"
#include "task/task_cycle.h"
#include "task/task_int.h"
#include "unit/unit.h"

/* The order of the lights as a number: red 1, yellow 2, blue 4, green 8 (the bits of
 * task.booked from BOOK_RED), none 16. */
#define LIGHT_RANK "((t.booked >> 12) & 15)"
/* A period report's light from its due day (?3 today, ?4 the default due-soon day). */
#define REPORT_RANK "CASE WHEN r.due < ?3 THEN 1 WHEN r.due <= ?4 THEN 4 ELSE 8 END"

/* Where each kind of ask of unit ?1 is read from: in work means what TASK_IN_WORK says, in the
 * form the index task_asks holds (named: else the planner takes the lead-unit index; holding
 * the state and suspension, it counts without reading the tasks); the extension requests read
 * from the pending ones (few), not from every task the unit issued. */
#define LED_FROM                                                                                   \
    " FROM task t INDEXED BY task_asks WHERE t.lead_unit_id = ?1 AND " TASK_ASKED
#define ACCEPT_FROM                                                                                \
    " FROM task t WHERE t.assigner_unit_id = ?1 AND t.state = 'reported' AND t.suspended IS NULL"
#define EXTENSION_FROM                                                                             \
    " FROM task_extension e CROSS JOIN task t ON t.id = e.task_id WHERE e.state = 'pending'"       \
    " AND t.assigner_unit_id = ?1"
#define REPORT_FROM                                                                                \
    " FROM submission s JOIN report r ON r.id = s.report_id WHERE s.unit_id = ?1"                  \
    " AND s.state = 'open'"
#define EVALUATION_FROM " FROM evaluation v WHERE v.unit_id = ?1 AND v.state = 'open'"
#define NOTICE_FROM                                                                                \
    " FROM outbox o WHERE o.unit_id = ?1 AND o.person_id = 0 AND o.kind = 'notice.signed'"         \
    " AND o.read = 0"

/* The asks, each (kind, id, task, title, due, rank, path), ?2 being the unit's code. The tasks
 * the unit leads come in order from their index; the other kinds, few, are gathered in one
 * subquery and sorted together (one sorter, not one for each: a fifth of a page's cost), and
 * left out when the count found none of them (the sorter alone costs a county's page a sixth). */
#define LED_SELECT                                                                                 \
    "SELECT CASE WHEN t.signed_at IS NULL THEN 'sign' WHEN t.state = 'returned' THEN 'returned'"   \
    " ELSE 'report' END AS kind, t.id AS id, t.id AS task, t.title AS title, t.deadline AS due,"   \
    " " LIGHT_RANK " AS rank, '' AS path" LED_FROM
#define ASKS_SELECT                                                                                \
    LED_SELECT " UNION ALL SELECT * FROM (SELECT 'accept', t.id, t.id, t.title, t.deadline, 16, "  \
    "''" ACCEPT_FROM                                                                               \
    " UNION ALL SELECT 'extension', e.id, t.id, t.title, e.to_day, 16, ''" EXTENSION_FROM          \
    " UNION ALL SELECT 'period_report', r.id, 0, r.title, r.due, " REPORT_RANK ", '/reports/'"     \
    " || r.id || '/units/' || ?2" REPORT_FROM                                                      \
    " UNION ALL SELECT 'evaluation', v.id, 0, v.title, substr(v.opened, 1, 10), 16,"               \
    " '/evaluations/' || v.id" EVALUATION_FROM " UNION ALL SELECT 'notice', o.id, 0, o.title, "    \
    "substr(o.created, 1, 10), 16, o.path" NOTICE_FROM ")"
/* The roll-up's rows of the tasks in work, by light, over all days (t: the table's alias). */
#define LIGHTS_COUNTED(t)                                                                          \
    " AND " t "day = '*' AND (" t "key = 'sup.light.red' OR " t "key = 'sup.light.yellow' OR "     \
    t "key = 'sup.light.blue' OR " t "key = 'sup.light.green')"
/* Their number, of the tasks the unit leads and of the others: the first counted from their
 * index up to LED_COUNTED, the others from their indexes alone. */
enum { LED_COUNTED = 256 };
#define ASKS_COUNT                                                                                 \
    "SELECT (SELECT count(*) FROM (SELECT 1" LED_FROM " LIMIT ?2)), (SELECT count(*)" ACCEPT_FROM  \
    ") + (SELECT count(*)" EXTENSION_FROM ") + (SELECT count(*)" REPORT_FROM                       \
    ") + (SELECT count(*)" EVALUATION_FROM ") + (SELECT count(*)" NOTICE_FROM ")"
/* More: the tasks in work with a light in the unit's subtree's roll-up less those of the units
 * directly below (task_book.c books a light for every task in work and none for the others): a
 * seek for each light of each unit below rather than a step for each of a county's thousands. */
#define LED_TALLIED                                                                                \
    "SELECT (SELECT coalesce(sum(n), 0) FROM registry_tally WHERE unit_id = ?1"                    \
    LIGHTS_COUNTED("") ") - (SELECT coalesce(sum(x.n), 0) FROM unit c CROSS JOIN registry_tally x" \
    " ON x.unit_id = c.id WHERE c.parent_id = ?1" LIGHTS_COUNTED("x.") ")"

static enum task_light light_of(int rank)
{
    return rank == 1   ? LIGHT_RED
           : rank == 2 ? LIGHT_YELLOW
           : rank == 4 ? LIGHT_BLUE
           : rank == 8 ? LIGHT_GREEN
                       : LIGHT_NONE;
}

enum result task_asks(struct db *db, const struct actor *who, const char *unit, long long offset,
                      long long limit, void (*fn)(void *ctx, const struct task_ask *a), void *ctx,
                      long long *total, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    char today[11], soon[11];
    clock_today(today);
    date_add(today, SUPERVISION_DUE_SOON_DAYS, soon);
    sqlite3_stmt *st = db_stmt(db, ASKS_COUNT);
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    sqlite3_bind_int64(st, 2, LED_COUNTED);
    int rc = sqlite3_step(st);
    long long led = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    long long others = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    db_done(st);
    if (rc != SQLITE_ROW)
        return db_fail(db, err);
    if (led == LED_COUNTED) {
        st = db_stmt(db, LED_TALLIED);
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, u.id);
        rc = sqlite3_step(st);
        led = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        db_done(st);
        if (rc != SQLITE_ROW)
            return db_fail(db, err);
    }
    *total = led + others;
    st = db_stmt(db, others ? ASKS_SELECT " ORDER BY rank, due, id LIMIT ?5 OFFSET ?6"
                            : LED_SELECT " ORDER BY rank, due, id LIMIT ?5 OFFSET ?6");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    db_bind_text(st, 2, u.code);
    db_bind_text(st, 3, today);
    db_bind_text(st, 4, soon);
    sqlite3_bind_int64(st, 5, limit);
    sqlite3_bind_int64(st, 6, offset);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char path[64];
        long long task = sqlite3_column_int64(st, 2);
        if (task)
            snprintf(path, sizeof(path), "/tasks/%lld", task);
        const struct task_ask a = { db_col_text(st, 0),
                                    sqlite3_column_int64(st, 1),
                                    task,
                                    db_col_text(st, 3),
                                    db_col_text(st, 4),
                                    (int)light_of(sqlite3_column_int(st, 5)),
                                    task ? path : db_col_text(st, 6) };
        fn(ctx, &a);
    }
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : db_fail(db, err);
}
