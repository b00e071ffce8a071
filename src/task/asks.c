/*
 * What is asked of a unit (mechanism model; issue 25 item 8; see task_asks() in task_cycle.h):
 * the tasks it leads that wait for its signature or its reports, the reports of tasks it issued
 * that wait for its acceptance, and the extension requests that wait for its decision; the most
 * urgent first. Reads only what the records hold: nothing here asks for a figure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "task/task.h"
#include "task/task_cycle.h"
#include "task/task_int.h"
#include "unit/unit.h"

enum { ASKS_MAX = 1000, ASK_TITLE_BYTES = TASK_TITLE_MAX * 4 + 1 };

struct ask_row {
    const char *kind;
    long long id, task;
    char title[ASK_TITLE_BYTES];
    char due[11];
    enum task_light light;
};

struct asks {
    struct ask_row *rows;
    size_t n, cap;
};

static void add(struct asks *a, const char *kind, long long id, long long task, const char *title,
                const char *due, enum task_light light)
{
    if (a->n >= ASKS_MAX)
        return;
    a->rows = vec_grow(a->rows, a->n, &a->cap);
    struct ask_row *r = &a->rows[a->n++];
    r->kind = kind;
    r->id = id;
    r->task = task;
    snprintf(r->title, sizeof(r->title), "%s", title);
    snprintf(r->due, sizeof(r->due), "%s", due);
    r->light = light;
}

/* A task the unit leads, in work: to sign for, returned to it, or to report on. */
static void led(struct asks *ctx, const struct task *t)
{
    const char *kind = !t->signed_at                       ? "sign"
                       : strcmp(t->state, "returned") == 0 ? "returned"
                                                           : "report";
    add(ctx, kind, t->id, t->id, t->title, t->deadline, t->light);
}

/* The most severe light first, then the earliest due day. */
static int by_urgency(const void *x, const void *y)
{
    const struct ask_row *a = x, *b = y;
    if (a->light != b->light)
        return a->light > b->light ? -1 : 1;
    int d = strcmp(a->due, b->due);
    return d ? d : (a->id > b->id) - (a->id < b->id);
}

enum result task_asks(struct db *db, const struct actor *who, const char *unit,
                      void (*fn)(void *ctx, const struct task_ask *a), void *ctx, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    struct asks a = { 0 };
    /* the tasks it leads that are in work, from the lead unit's index (lights as the ledger's) */
    struct task_dates d;
    task_dates_now(db, &d);
    sqlite3_stmt *st = db_stmt(db, "SELECT " TASK_COLUMNS TASK_JOINS " WHERE t.lead_unit_id = ?1"
                                   " AND t.state IN ('assigned', 'in_progress', 'returned')"
                                   " AND t.suspended IS NULL ORDER BY t.deadline LIMIT ?2");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    sqlite3_bind_int64(st, 2, ASKS_MAX);
    task_bind_today(st, &d);
    struct task t;
    while (sqlite3_step(st) == SQLITE_ROW) {
        task_from_row(st, &d, &t);
        led(&a, &t);
    }
    db_done(st);
    /* the issuing side: reports to accept and extensions to decide, on tasks it issued */
    static const char *const sql[] = {
        "SELECT 'accept', t.id, t.id, t.title, t.deadline FROM task t WHERE t.assigner_unit_id ="
        " ?1 AND t.state = 'reported' AND t.suspended IS NULL ORDER BY t.deadline LIMIT ?2",
        "SELECT 'extension', e.id, t.id, t.title, e.to_day FROM task_extension e JOIN task t"
        " ON t.id = e.task_id WHERE t.assigner_unit_id = ?1 AND e.state = 'pending'"
        " ORDER BY e.id LIMIT ?2",
    };
    for (size_t k = 0; k < sizeof(sql) / sizeof(sql[0]) && r == RES_OK; k++) {
        st = db_stmt(db, sql[k]);
        if (!st) {
            r = db_fail(db, err);
            break;
        }
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_int64(st, 2, ASKS_MAX);
        while (sqlite3_step(st) == SQLITE_ROW)
            add(&a, k == 0 ? "accept" : "extension", sqlite3_column_int64(st, 1),
                sqlite3_column_int64(st, 2), db_col_text(st, 3), db_col_text(st, 4), LIGHT_NONE);
        db_done(st);
    }
    if (r == RES_OK && a.n) {
        qsort(a.rows, a.n, sizeof(a.rows[0]), by_urgency);
        for (size_t i = 0; i < a.n; i++) {
            const struct task_ask ask = { a.rows[i].kind, a.rows[i].id,  a.rows[i].task,
                                          a.rows[i].title, a.rows[i].due, a.rows[i].light };
            fn(ctx, &ask);
        }
    }
    free(a.rows);
    return r;
}
