/*
 * The statistics of the supervision cycle (mechanism model; issue 25 item 9; see
 * supervision_stats() in task_cycle.h): over the tasks led in a unit's subtree, issued in a
 * period, their signing, extensions, suspension, lights, acceptance on time and ratings, and
 * the leaders' instructions received and done there. Read from the registries' roll-up, where
 * each change of a task counts its figures on the day it was issued (task_book.c) and the daily
 * sweep counts the lights: a few rows per unit, whatever the number of tasks.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "registry/registry.h"
#include "task/task.h"
#include "task/task_cycle.h"
#include "task/task_int.h"
#include "unit/unit.h"

#define STATS_KEY(bit, key) key,
static const char *const keys[] = { TASK_BOOK_KEYS(STATS_KEY) "instruction.received",
                                    "instruction.done" };
enum { N_KEYS = sizeof(keys) / sizeof(keys[0]) };

/* The figures of unit_id's subtree over the tasks issued in [from, to] into s. */
static enum result stats_of(struct db *db, long long unit_id, const char *from, const char *to,
                            struct supervision_stats *s, struct err *err)
{
    long long n[N_KEYS];
    if (registry_sums_of(db, unit_id, from, to, keys, N_KEYS, n) != RES_OK)
        return db_fail(db, err);
    *s = (struct supervision_stats){
        .tasks = n[BOOK_TASKS],
        .is_signed = n[BOOK_SIGNED],
        .signed_late = n[BOOK_SIGNED_LATE],
        .unsigned_late = n[BOOK_UNSIGNED_LATE],
        .extended = n[BOOK_EXTENDED],
        .suspended = n[BOOK_SUSPENDED],
        .overdue = n[BOOK_RED],
        .accepted = n[BOOK_ACCEPTED],
        .accepted_on_time = n[BOOK_ON_TIME],
        .accepted_on_original = n[BOOK_ON_ORIGINAL],
        .lights = { n[BOOK_GREEN], n[BOOK_BLUE], n[BOOK_YELLOW], n[BOOK_RED] },
        .ratings = { n[BOOK_SATISFIED], n[BOOK_BASIC], n[BOOK_DISSATISFIED] },
        .instructions_received = n[TASK_BOOK_N],
        .instructions_done = n[TASK_BOOK_N + 1],
    };
    return RES_OK;
}

struct below_ctx {
    struct db *db;
    const struct actor *who;
    const struct unit *root;
    const char *from, *to;
    void (*fn)(void *ctx, const char *code, const struct supervision_stats *s);
    void *ctx;
    enum result r;
    struct err *err;
};

static void one_below(void *ctx, const struct unit *u)
{
    struct below_ctx *b = ctx;
    if (b->r != RES_OK || u->id == b->root->id)
        return;
    struct supervision_stats s;
    b->r = stats_of(b->db, u->id, b->from, b->to, &s, b->err);
    if (b->r == RES_OK)
        b->fn(b->ctx, u->code, &s);
}

enum result supervision_stats(struct db *db, const struct actor *who, const char *unit,
                              const char *from, const char *to, struct supervision_stats *all,
                              void (*fn)(void *ctx, const char *code,
                                         const struct supervision_stats *s),
                              void *ctx, struct err *err)
{
    if ((from && !date_valid(from)) || (to && !date_valid(to)))
        return err_set(err, RES_INVALID, from && !date_valid(from) ? "from" : "to",
                       "err.bad_date");
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    if (all && (r = stats_of(db, u.id, from, to, all, err)) != RES_OK)
        return r;
    if (!fn)
        return RES_OK;
    struct below_ctx b = { db, who, &u, from, to, fn, ctx, RES_OK, err };
    if (unit_each(db, who, &u, 1, one_below, &b) != RES_OK && b.r == RES_OK)
        b.r = RES_FAIL;
    return b.r;
}
