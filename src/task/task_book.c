/*
 * The supervision figures of each task, counted where they are read (mechanism model; issue 25
 * item 9): every figure of supervision_stats() is a key of the registries' roll-up, counted on
 * the day the task was issued for its lead unit and every unit above, so that a subtree's
 * figures over any period read a few rows whatever the number of tasks. task.booked holds the
 * bits of the keys a task is counted in (TASK_BOOK_KEYS); each change of a task counts the
 * difference in its transaction, and the daily sweep counts the figures that move with the day
 * alone (the lights, late to sign).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xalloc.h"
#include "registry/registry.h"
#include "task/task.h"
#include "task/task_cycle.h"
#include "task/task_int.h"

#define BOOK_KEY(bit, key) key,
static const char *const book_keys[TASK_BOOK_N] = { TASK_BOOK_KEYS(BOOK_KEY) };

/* A task with what its figures read: the bits counted, the day reported done, the rating. */
#define BOOK_SELECT                                                                                \
    "SELECT " TASK_COLUMNS_WITH("0") ", t.booked, " TASK_DONE_DAY ", coalesce(t.rating, '')"       \
    TASK_JOINS

/* The bits of the figures a row of BOOK_SELECT counts in today. */
static long long mask_of(sqlite3_stmt *st, const struct task_dates *d)
{
    struct task t;
    task_from_row(st, d, &t);
    struct task_clock c;
    task_clock_from_row(st, 24, &c);
    char day[11];
    long long m = 1LL << BOOK_TASKS;
    if (c.signed_at) {
        date_add(c.issued, (int)c.sign_days, day);
        m |= 1LL << BOOK_SIGNED;
        if (strncmp(c.signed_at, day, 10) > 0)
            m |= 1LL << BOOK_SIGNED_LATE;
    } else if (t.light != LIGHT_NONE) {
        date_add(d->today, -(int)c.sign_days, day);
        if (strcmp(c.issued, day) < 0)
            m |= 1LL << BOOK_UNSIGNED_LATE;
    }
    if (t.original_deadline)
        m |= 1LL << BOOK_EXTENDED;
    if (t.suspended)
        m |= 1LL << BOOK_SUSPENDED;
    if (strcmp(t.state, "accepted") == 0) {
        const char *done = (const char *)sqlite3_column_text(st, 32);
        const char *original = t.original_deadline ? t.original_deadline : t.deadline;
        m |= 1LL << BOOK_ACCEPTED;
        if (done && strcmp(done, t.deadline) <= 0)
            m |= 1LL << BOOK_ON_TIME;
        if (done && strcmp(done, original) <= 0)
            m |= 1LL << BOOK_ON_ORIGINAL;
    }
    static const char *const ratings[] = { "satisfied", "basic", "dissatisfied" };
    for (int i = 0; i < 3; i++)
        if (strcmp(db_col_text(st, 33), ratings[i]) == 0)
            m |= 1LL << (BOOK_SATISFIED + i);
    if (t.light >= LIGHT_GREEN && t.light <= LIGHT_RED)
        m |= 1LL << (BOOK_GREEN - (t.light - LIGHT_GREEN));
    return m;
}

/* Counts the difference between the bits booked and m for the task issued on day and led at
 * path, and keeps m. */
static enum result book(struct db *db, long long id, const char *path, const char *day,
                        long long booked, long long m)
{
    for (int i = 0; i < TASK_BOOK_N; i++)
        if (((booked ^ m) >> i) & 1)
            if (registry_count(db, path, day, book_keys[i], (m >> i) & 1 ? 1 : -1) != RES_OK)
                return RES_FAIL;
    sqlite3_stmt *st = db_stmt(db, "UPDATE task SET booked = ?2 WHERE id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, m);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

/* Counts an instruction done once every task issued from it is accepted, and not done when a
 * task is issued from it again. */
static enum result book_instruction(struct db *db, long long id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT u.path, i.day, i.done, NOT EXISTS (SELECT 1 FROM task t WHERE"
            " t.instruction_id = i.id AND t.state <> 'accepted') FROM instruction i"
            " JOIN unit u ON u.id = i.unit_id WHERE i.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_OK;
    int done = 0;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 2) != sqlite3_column_int(st, 3)) {
        done = sqlite3_column_int(st, 3);
        r = registry_count(db, db_col_text(st, 0), db_col_text(st, 1), "instruction.done",
                           done ? 1 : -1);
        if (r == RES_OK)
            r = RES_NOT_FOUND; /* changed: write it below, after the statement is done */
    }
    db_done(st);
    if (r != RES_NOT_FOUND)
        return r;
    st = db_stmt(db, "UPDATE instruction SET done = ?2 WHERE id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, done);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result task_book(struct db *db, long long id)
{
    struct task_dates d;
    task_dates_now(db, &d);
    sqlite3_stmt *st = db_stmt(db, BOOK_SELECT " WHERE t.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    task_bind_today(st, &d);
    enum result r = RES_NOT_FOUND;
    long long booked = 0, m = 0, instruction = 0;
    char path[UNIT_PATH_MAX], day[11];
    if (sqlite3_step(st) == SQLITE_ROW) {
        booked = sqlite3_column_int64(st, 31);
        m = mask_of(st, &d);
        instruction = sqlite3_column_int64(st, 30);
        snprintf(path, sizeof(path), "%s", db_col_text(st, 18));
        snprintf(day, sizeof(day), "%s", (const char *)sqlite3_column_text(st, 25));
        r = RES_OK;
    }
    db_done(st);
    if (r != RES_OK)
        return r == RES_NOT_FOUND ? RES_OK : r;
    if (booked != m && book(db, id, path, day, booked, m) != RES_OK)
        return RES_FAIL;
    return instruction ? book_instruction(db, instruction) : RES_OK;
}

/* One task whose figures moved (task_book_all). */
struct moved {
    long long id, booked, m;
    char path[UNIT_PATH_MAX], day[11];
};

enum result task_book_all(struct db *db, long long assigner, long long *n)
{
    struct task_dates d;
    task_dates_now(db, &d);
    *n = 0;
    /* the tasks read first, the changes written after: no statement reads the table it writes.
     * With the day alone only the tasks in work can move (a task reported, accepted or
     * suspended has no light and is booked when it changes), read from the index that holds
     * them alone; an issuing unit's new days move any of its tasks. */
    sqlite3_stmt *st =
        assigner ? db_stmt(db, BOOK_SELECT " WHERE t.assigner_unit_id = ?1")
                 : db_stmt(db, BOOK_SELECT " WHERE " TASK_ASKED);
    if (!st)
        return RES_FAIL;
    if (assigner)
        sqlite3_bind_int64(st, 1, assigner);
    task_bind_today(st, &d);
    struct moved *list = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long booked = sqlite3_column_int64(st, 31), m = mask_of(st, &d);
        if (booked == m)
            continue;
        if (len == cap) {
            cap = cap ? 2 * cap : 256;
            list = xrealloc(list, cap * sizeof(*list));
        }
        struct moved *v = &list[len++];
        v->id = sqlite3_column_int64(st, 0);
        v->booked = booked;
        v->m = m;
        snprintf(v->path, sizeof(v->path), "%s", db_col_text(st, 18));
        snprintf(v->day, sizeof(v->day), "%s", (const char *)sqlite3_column_text(st, 25));
    }
    db_done(st);
    enum result r = rc == SQLITE_DONE ? RES_OK : RES_FAIL;
    for (size_t i = 0; i < len && r == RES_OK; i++)
        r = book(db, list[i].id, list[i].path, list[i].day, list[i].booked, list[i].m);
    free(list);
    *n = (long long)len;
    return r;
}
