/*
 * The statistics of the supervision cycle (mechanism model; issue 25 item 9; see
 * supervision_stats() in task_cycle.h): over the tasks led in a unit's subtree, issued in a
 * period, their signing, extensions, suspension, lights, acceptance on time and ratings, and
 * the leaders' instructions received and done there. Read from the records: a count for the
 * figures that do not move with the day, and one pass over the subtree's tasks in work for
 * the lights.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "task/task.h"
#include "task/task_cycle.h"
#include "task/task_int.h"
#include "unit/unit.h"

/* The day a task was reported done last (the report that stands), for acceptance on time. */
#define DONE_DAY                                                                                   \
    "(SELECT substr(max(p.at), 1, 10) FROM task_progress p WHERE p.task_id = t.id AND p.done = 1)"

static void count_light(void *ctx, const struct task *t)
{
    struct supervision_stats *s = ctx;
    if (t->light >= LIGHT_GREEN && t->light <= LIGHT_RED)
        s->lights[t->light - LIGHT_GREEN]++;
}

/* The figures of the subtree at path (end its range) into s. */
static enum result stats_of(struct db *db, const struct actor *who, const struct unit *u,
                            const char *from, const char *to, struct supervision_stats *s,
                            struct err *err)
{
    memset(s, 0, sizeof(*s));
    char end[UNIT_PATH_MAX], today[11];
    path_end(end, u->path);
    clock_today(today);
    sqlite3_stmt *st = db_stmt(
        db,
        "SELECT count(*), coalesce(sum(t.signed_at IS NOT NULL), 0),"
        " coalesce(sum(substr(t.signed_at, 1, 10) > date(substr(t.created, 1, 10), '+' || "
        TASK_SIGN_SQL " || ' days')), 0),"
        " coalesce(sum(t.signed_at IS NULL AND " TASK_IN_WORK " AND substr(t.created, 1, 10) <"
        " date(?3, '-' || " TASK_SIGN_SQL " || ' days')), 0),"
        " coalesce(sum(t.original_deadline IS NOT NULL), 0),"
        " coalesce(sum(t.suspended IS NOT NULL), 0),"
        " coalesce(sum(" TASK_IN_WORK " AND t.deadline < ?3), 0),"
        " coalesce(sum(t.state = 'accepted'), 0),"
        " coalesce(sum(t.state = 'accepted' AND " DONE_DAY " <= t.deadline), 0),"
        " coalesce(sum(t.state = 'accepted' AND " DONE_DAY
        " <= coalesce(t.original_deadline, t.deadline)), 0),"
        " coalesce(sum(t.rating = 'satisfied'), 0), coalesce(sum(t.rating = 'basic'), 0),"
        " coalesce(sum(t.rating = 'dissatisfied'), 0)"
        " FROM unit lu JOIN task t ON t.lead_unit_id = lu.id WHERE lu.path >= ?1 AND lu.path < ?2"
        " AND substr(t.created, 1, 10) >= ?4 AND substr(t.created, 1, 10) <= ?5");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, u->path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, today);
    db_bind_text(st, 4, from ? from : "0000-00-00");
    db_bind_text(st, 5, to ? to : "9999-99-99");
    if (sqlite3_step(st) == SQLITE_ROW) {
        long long *const out[] = { &s->tasks,    &s->is_signed,  &s->signed_late,
                                   &s->unsigned_late, &s->extended, &s->suspended,
                                   &s->overdue,  &s->accepted,   &s->accepted_on_time,
                                   &s->accepted_on_original, &s->ratings[0], &s->ratings[1],
                                   &s->ratings[2] };
        for (int i = 0; i < (int)(sizeof(out) / sizeof(out[0])); i++)
            *out[i] = sqlite3_column_int64(st, i);
    }
    db_done(st);
    st = db_stmt(db, "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM task t WHERE"
                     " t.instruction_id = i.id) AND NOT EXISTS (SELECT 1 FROM task t WHERE"
                     " t.instruction_id = i.id AND t.state <> 'accepted')), 0)"
                     " FROM unit iu JOIN instruction i ON i.unit_id = iu.id WHERE iu.path >= ?1"
                     " AND iu.path < ?2 AND i.day >= ?3 AND i.day <= ?4");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, u->path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, from ? from : "0000-00-00");
    db_bind_text(st, 4, to ? to : "9999-99-99");
    if (sqlite3_step(st) == SQLITE_ROW) {
        s->instructions_received = sqlite3_column_int64(st, 0);
        s->instructions_done = sqlite3_column_int64(st, 1);
    }
    db_done(st);
    /* the lights, task by task, as the ledger shows them */
    struct task_filter f = {
        .unit = u->code, .subtree = 1, .state = "open", .role = TASK_ROLE_LEAD, .limit = 1LL << 40,
        .brief = 1,
    };
    long long total = 0;
    if (!from && !to)
        return task_list(db, who, &f, count_light, s, &total, err);
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
    b->r = stats_of(b->db, b->who, u, b->from, b->to, &s, b->err);
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
    if (all && (r = stats_of(db, who, &u, from, to, all, err)) != RES_OK)
        return r;
    if (!fn)
        return RES_OK;
    struct below_ctx b = { db, who, &u, from, to, fn, ctx, RES_OK, err };
    if (unit_each(db, who, &u, 1, one_below, &b) != RES_OK && b.r == RES_OK)
        b.r = RES_FAIL;
    return b.r;
}
