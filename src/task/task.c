/*
 * Tasks model; see task.h. Mechanism layer: rules and SQL for task, task_assist, task_milestone
 * and task_progress, whose files go to the one store of attachment.c; every change is audited
 * under the object "task:ID", which is also the task's timeline. The list query is in task_list.c, the roll-up counts in
 * task_tally.c.
 */
#include "task/task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "auth/jurisdiction.h"
#include "auth/outbox.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/file.h"
#include "core/str.h"
#include "task/instruction.h"
#include "task/plan.h"
#include "task/task_int.h"
#include "unit/leader.h"
#include "unit/unit.h"

void task_dates_now(struct db *db, struct task_dates *d)
{
    clock_today(d->today);
    long long soon = SUPERVISION_DUE_SOON_DAYS, stalled = SUPERVISION_STALLED_DAYS;
    sqlite3_stmt *st = db_stmt(db, "SELECT max(due_soon_days), min(stalled_days)"
                                   " FROM supervision_setting");
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        if (sqlite3_column_int64(st, 0) > soon)
            soon = sqlite3_column_int64(st, 0);
        if (sqlite3_column_int64(st, 1) < stalled)
            stalled = sqlite3_column_int64(st, 1);
    }
    if (st)
        db_done(st);
    date_add(d->today, soon, d->soon);
    date_add(d->today, -stalled, d->stalled);
}

void task_bind_today(sqlite3_stmt *st, const struct task_dates *d)
{
    if (sqlite3_bind_parameter_count(st) >= TASK_TODAY_PARAM)
        db_bind_text(st, TASK_TODAY_PARAM, d->today);
}

void task_clock_from_row(sqlite3_stmt *st, int col, struct task_clock *c)
{
    c->signed_at = (const char *)sqlite3_column_text(st, col);
    c->issued = db_col_text(st, col + 1);
    c->sign_days = sqlite3_column_int64(st, col + 2);
    c->due_soon_days = sqlite3_column_int64(st, col + 3);
    c->stalled_days = sqlite3_column_int64(st, col + 4);
    c->behind_plan = sqlite3_column_int(st, col + 5);
}

const char *task_light_name(enum task_light light)
{
    static const char *const names[] = { NULL, "green", "blue", "yellow", "red" };
    return (unsigned)light <= LIGHT_RED ? names[light] : NULL;
}

/* today + n days: the few distinct day counts of a list's issuing units, each worked out once
 * per thread and day (a list of 100 tasks asked for 300 dates). */
static const char *today_plus(const char *today, long n)
{
    enum { SLOTS = 16 };
    static _Thread_local struct {
        char today[11];
        long n;
        char day[11];
    } seen[SLOTS];
    static _Thread_local unsigned next;
    for (int i = 0; i < SLOTS; i++)
        if (seen[i].n == n && strcmp(seen[i].today, today) == 0)
            return seen[i].day;
    unsigned i = next++ % SLOTS;
    snprintf(seen[i].today, sizeof(seen[i].today), "%s", today);
    seen[i].n = n;
    date_add(today, n, seen[i].day);
    return seen[i].day;
}

void task_lights(struct task *t, const struct task_dates *d, const struct task_clock *c)
{
    if (t->suspended)
        t->state = "suspended";
    if (t->suspended || strcmp(t->state, "accepted") == 0 || strcmp(t->state, "reported") == 0)
        return;
    t->overdue = strcmp(t->deadline, d->today) < 0;
    t->due_soon = !t->overdue && strcmp(t->deadline, today_plus(d->today, c->due_soon_days)) <= 0;
    t->stalled = strcmp(t->last_activity, today_plus(d->today, -c->stalled_days)) <= 0;
    int unsigned_late = !c->signed_at && strcmp(c->issued, today_plus(d->today, -c->sign_days)) < 0;
    static const struct {
        enum task_light light;
        const char *reason;
    } tiers[] = { { LIGHT_RED, "overdue" },     { LIGHT_YELLOW, "unsigned" },
                  { LIGHT_YELLOW, "behind_plan" }, { LIGHT_YELLOW, "stalled" },
                  { LIGHT_BLUE, "due_soon" },   { LIGHT_GREEN, NULL } };
    const int hit[] = { t->overdue, unsigned_late, c->behind_plan, t->stalled, t->due_soon, 1 };
    size_t i = 0;
    while (!hit[i])
        i++;
    t->light = tiers[i].light;
    t->light_reason = tiers[i].reason;
}

void task_from_row(sqlite3_stmt *st, const struct task_dates *d, struct task *t)
{
    memset(t, 0, sizeof(*t));
    t->id = sqlite3_column_int64(st, 0);
    t->parent_id = sqlite3_column_int64(st, 1);
    t->plan_id = sqlite3_column_int64(st, 2);
    t->leader_id = sqlite3_column_int64(st, 3);
    t->depth = sqlite3_column_int(st, 4);
    t->percent = sqlite3_column_int(st, 5);
    t->n_children = sqlite3_column_int64(st, 6);
    t->title = db_col_text(st, 7);
    t->description = db_col_text(st, 8);
    t->kind = db_col_text(st, 9);
    t->state = db_col_text(st, 10);
    t->deadline = db_col_text(st, 11);
    t->last_activity = db_col_text(st, 12);
    t->lead_code = db_col_text(st, 13);
    t->lead_name = db_col_text(st, 14);
    t->assigner_code = db_col_text(st, 15);
    t->assigner_name = db_col_text(st, 16);
    t->leader_name = db_col_text(st, 17);
    t->reported_by = sqlite3_column_int64(st, 20);
    t->signed_at = (const char *)sqlite3_column_text(st, 21);
    t->original_deadline = (const char *)sqlite3_column_text(st, 22);
    t->suspended = sqlite3_column_int(st, 23);
    struct task_clock c;
    task_clock_from_row(st, 24, &c);
    t->instruction_id = sqlite3_column_int64(st, 30);
    task_lights(t, d, &c);
}

enum result task_load(struct db *db, long long id, struct task_access *a)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT t.lead_unit_id, t.assigner_unit_id, lu.path, au.path,"
                                   " t.state, t.kind, t.deadline, coalesce(t.leader_id, 0),"
                                   " coalesce(t.plan_id, 0), t.depth, coalesce(t.reported_by, 0),"
                                   " t.suspended IS NOT NULL, t.signed_at IS NOT NULL"
                                   " FROM task t JOIN unit lu ON lu.id = t.lead_unit_id"
                                   " JOIN unit au ON au.id = t.assigner_unit_id WHERE t.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        a->lead_unit_id = sqlite3_column_int64(st, 0);
        a->assigner_unit_id = sqlite3_column_int64(st, 1);
        snprintf(a->lead_path, sizeof(a->lead_path), "%s", db_col_text(st, 2));
        snprintf(a->assigner_path, sizeof(a->assigner_path), "%s", db_col_text(st, 3));
        snprintf(a->state, sizeof(a->state), "%s", db_col_text(st, 4));
        snprintf(a->kind, sizeof(a->kind), "%s", db_col_text(st, 5));
        snprintf(a->deadline, sizeof(a->deadline), "%s", db_col_text(st, 6));
        a->leader_id = sqlite3_column_int64(st, 7);
        a->plan_id = sqlite3_column_int64(st, 8);
        a->depth = sqlite3_column_int(st, 9);
        a->reported_by = sqlite3_column_int64(st, 10);
        a->suspended = sqlite3_column_int(st, 11);
        a->is_signed = sqlite3_column_int(st, 12);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result task_assists(struct db *db, long long id,
                         void (*fn)(void *ctx, const char *code, const char *name), void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.code, u.name FROM task_assist a JOIN unit u"
                                   " ON u.id = a.unit_id WHERE a.task_id = ?1 ORDER BY u.path");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1));
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

/* 1 if an assisting unit of the task lies in the actor's scope. */
static int assist_in_scope(struct db *db, const struct actor *who, long long id)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM task_assist a JOIN unit u ON u.id = a.unit_id"
                                   " WHERE a.task_id = ?1 AND u.path >= ?2 AND u.path < ?3");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, who->unit_path);
    db_bind_text(st, 3, end);
    int found = sqlite3_step(st) == SQLITE_ROW;
    db_done(st);
    return found;
}

int task_visible(struct db *db, const struct actor *who, long long id, const struct task_access *a)
{
    return scope_has_path(who, a->lead_path) || scope_has_path(who, a->assigner_path) ||
           (who->person_id && a->leader_id == who->person_id) || assist_in_scope(db, who, id);
}

enum result task_check_visible(struct db *db, const struct actor *who, long long id)
{
    struct task_access a;
    enum result r = task_load(db, id, &a);
    if (r != RES_OK)
        return r;
    return task_visible(db, who, id, &a) ? RES_OK : RES_NOT_FOUND;
}

enum result task_load_for(struct db *db, const struct actor *who, long long id,
                          struct task_access *a, struct err *err)
{
    enum result r = task_load(db, id, a);
    if (r == RES_FAIL)
        return db_fail(db, err);
    if (r != RES_OK || !task_visible(db, who, id, a))
        return err_set(err, RES_NOT_FOUND, "task", "err.not_found");
    return RES_OK;
}

/* Loads an open task that the actor holds, for a split or a report: its lead unit in scope and
 * the role allowed to write there. */
static enum result load_held(struct db *db, const struct actor *who, long long id,
                             struct task_access *a, struct err *err)
{
    enum result r = task_load_for(db, who, id, a, err);
    if (r != RES_OK)
        return r;
    if (!scope_has_path(who, a->lead_path))
        return err_set(err, RES_FORBIDDEN, "task", "err.not_holder");
    if ((r = scope_check(who, a->lead_path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if (strcmp(a->state, "accepted") == 0)
        return err_set(err, RES_CONFLICT, "task", "err.task_closed");
    if (a->suspended)
        return err_set(err, RES_CONFLICT, "task", "err.task_suspended");
    return RES_OK;
}

/* Checks the fields shared by a new task and a sub-task. */
static enum result check_fields(const struct task_input *in, int need_kind, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, TASK_TITLE_MAX, 0);
    if (r == RES_OK)
        r = err_text(err, "description", in->description, 0, TASK_TEXT_MAX, 1);
    if (r != RES_OK)
        return r;
    if (need_kind || in->kind) {
        if (!in->kind || (strcmp(in->kind, "key") && strcmp(in->kind, "routine")))
            return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "key|routine");
    }
    if (!in->lead_unit || !*in->lead_unit)
        return err_set(err, RES_INVALID, "lead_unit", "err.required");
    if (!in->deadline || !date_valid(in->deadline))
        return err_set(err, RES_INVALID, "deadline", "err.bad_date");
    if (in->n_assist > TASK_ASSIST_MAX)
        return err_setf(err, RES_INVALID, "assist_units", "err.too_long", "%d", TASK_ASSIST_MAX);
    if (in->n_milestones > TASK_MILESTONES_MAX)
        return err_setf(err, RES_INVALID, "milestones", "err.too_long", "%d", TASK_MILESTONES_MAX);
    for (size_t i = 0; i < in->n_milestones; i++) {
        r = err_text(err, "milestones", in->milestones[i].title, 1, TASK_TITLE_MAX, 0);
        if (r != RES_OK)
            return r;
        if (!in->milestones[i].due || !date_valid(in->milestones[i].due))
            return err_set(err, RES_INVALID, "milestones", "err.bad_date");
        if (in->milestones[i].percent < -1 || in->milestones[i].percent > 100)
            return err_setf(err, RES_INVALID, "milestones", "err.range", "0-100");
    }
    return RES_OK;
}

/* Checks that a leader, when given, is a person in the actor's scope and, where the lead unit's
 * department has its leaders recorded, one of them. */
static enum result check_leader(struct db *db, const struct actor *who, long long leader,
                                long long lead_unit, struct err *err)
{
    if (!leader)
        return RES_OK;
    if (leader_of(db, lead_unit, leader) == 0)
        return err_set(err, RES_INVALID, "leader", "err.not_leader");
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.id = ?1 AND p.active = 1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, leader);
    int ok = sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 0));
    db_done(st);
    return ok ? RES_OK : err_set(err, RES_INVALID, "leader", "err.not_found");
}

/* Inserts one task; the caller holds the transaction and has checked the fields. */
static enum result insert_task(struct db *db, const struct actor *who, const struct task_input *in,
                               long long parent, int depth, long long assigner_unit_id,
                               const struct unit *lead, long long *id, struct err *err)
{
    char today[11];
    clock_today(today);
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO task(plan_id, parent_id, depth, assigner_unit_id, lead_unit_id,"
            " leader_id, kind, title, description, year, deadline, state, last_activity, created,"
            " instruction_id) VALUES (nullif(?1, 0), nullif(?2, 0), ?3, ?4, ?5, nullif(?6, 0), ?7,"
            " ?8, ?9, ?10, ?11, 'assigned', ?12, ?12, nullif(?13, 0))");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, in->plan);
    sqlite3_bind_int64(st, 2, parent);
    sqlite3_bind_int(st, 3, depth);
    sqlite3_bind_int64(st, 4, assigner_unit_id);
    sqlite3_bind_int64(st, 5, lead->id);
    sqlite3_bind_int64(st, 6, in->leader);
    db_bind_text(st, 7, in->kind);
    db_bind_text(st, 8, in->title);
    db_bind_text(st, 9, in->description);
    sqlite3_bind_int(st, 10, (int)strtol(in->deadline, NULL, 10));
    db_bind_text(st, 11, in->deadline);
    db_bind_text(st, 12, today);
    sqlite3_bind_int64(st, 13, in->instruction);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err);
    *id = sqlite3_last_insert_rowid(db->h);
    if (tally_task(db, lead->path, in->deadline, 1, 0, 0, 1) != RES_OK)
        return db_fail(db, err);
    if (in->plan && depth == 0) { /* the plan's own counts, read by /plans */
        st = db_stmt(db, "UPDATE plan SET n_key = n_key + (?2 = 'key'),"
                         " n_routine = n_routine + (?2 = 'routine') WHERE id = ?1");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, in->plan);
        db_bind_text(st, 2, in->kind);
        rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return db_fail(db, err);
    }
    for (size_t i = 0; i < in->n_milestones; i++) {
        st = db_stmt(db, "INSERT INTO task_milestone(task_id, title, due, percent)"
                         " VALUES (?1, ?2, ?3, nullif(?4, -1))");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, *id);
        db_bind_text(st, 2, in->milestones[i].title);
        db_bind_text(st, 3, in->milestones[i].due);
        sqlite3_bind_int64(st, 4, in->milestones[i].percent);
        rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return db_fail(db, err);
    }
    json_t *assist = json_array();
    for (size_t i = 0; i < in->n_assist; i++) {
        struct unit au;
        if (unit_get(db, who, in->assist_units[i], &au, NULL) != RES_OK) {
            json_decref(assist);
            return err_setf(err, RES_INVALID, "assist_units", "err.parent_unknown", "%s",
                            in->assist_units[i] ? in->assist_units[i] : "");
        }
        st = db_stmt(db, "INSERT OR IGNORE INTO task_assist(task_id, unit_id) VALUES (?1, ?2)");
        rc = SQLITE_ERROR;
        if (st) {
            sqlite3_bind_int64(st, 1, *id);
            sqlite3_bind_int64(st, 2, au.id);
            rc = sqlite3_step(st);
            db_done(st);
        }
        if (rc != SQLITE_DONE) {
            json_decref(assist);
            return db_fail(db, err);
        }
        json_array_append_new(assist, json_string(au.code));
    }
    if (task_book(db, *id) != RES_OK) {
        json_decref(assist);
        return db_fail(db, err);
    }
    json_t *after =
        json_pack("{s:s, s:s, s:s, s:o, s:s, s:I, s:I}", "title", in->title, "kind", in->kind,
                  "lead_unit", lead->code, "assist_units", assist, "deadline", in->deadline,
                  "leader", (json_int_t)in->leader, "parent", (json_int_t)parent);
    if (audit_record(db, who, parent ? "task.split" : "task.create", "task", *id, after) != RES_OK)
        return db_fail(db, err);
    char path[32], text[OUTBOX_DEADLINE_MAX];
    snprintf(path, sizeof(path), "/tasks/%lld", *id);
    outbox_deadline(text, in->deadline);
    const struct outbox_msg m = { .kind = "task.assigned",
                                  .unit_id = lead->id,
                                  .title = in->title,
                                  .text = text,
                                  .path = path,
                                  .task_id = *id };
    if (outbox_put(db, &m) != RES_OK)
        return db_fail(db, err);
    return RES_OK;
}

enum result task_create(struct db *db, const struct actor *who, const struct task_input *in,
                        long long *id, struct err *err)
{
    enum result r = check_fields(in, 1, err);
    if (r != RES_OK)
        return r;
    struct unit lead;
    if (unit_get(db, who, in->lead_unit, &lead, NULL) != RES_OK)
        return err_setf(err, RES_INVALID, "lead_unit", "err.parent_unknown", "%s", in->lead_unit);
    if ((r = scope_check(who, lead.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if ((r = check_leader(db, who, in->leader, lead.id, err)) != RES_OK)
        return r;
    struct task_input with_leader = *in;
    if (!with_leader.leader) /* the leader in charge of the lead office */
        with_leader.leader = leader_in_charge(db, lead.id);
    long long assigner = who->unit_id;
    /* a plan's tasks are assigned by the unit that published it */
    if (in->plan && (r = plan_unit(db, who, in->plan, &assigner)) != RES_OK)
        return r == RES_NOT_FOUND ? err_set(err, RES_INVALID, "plan", "err.not_found")
                                  : db_fail(db, err);
    if (!assigner)
        assigner = lead.id;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    r = insert_task(db, who, &with_leader, 0, 0, assigner, &lead, id, err);
    if (r != RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result task_create_job(struct db *db, void *arg)
{
    struct task_create_job *job = arg;
    return task_create(db, job->who, &job->in, &job->id, &job->err);
}

enum result task_split(struct db *db, const struct actor *who, long long parent,
                       const struct task_input *children, size_t n, long long *ids, struct err *err)
{
    struct task_access pa;
    enum result r = load_held(db, who, parent, &pa, err);
    if (r != RES_OK)
        return r;
    if (n == 0)
        return err_set(err, RES_INVALID, "children", "err.required");
    if (n > TASK_SPLIT_MAX)
        return err_setf(err, RES_INVALID, "children", "err.too_long", "%d", TASK_SPLIT_MAX);
    /* the lead unit's department has jurisdiction over the units the work goes to: an office
     * splits its task to its sister offices and to the levels below */
    char reach[UNIT_PATH_MAX];
    if (unit_department(db, pa.lead_unit_id, NULL, reach) != RES_OK)
        return db_fail(db, err);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    json_t *split = json_array();
    for (size_t i = 0; i < n; i++) {
        struct task_input in = children[i];
        in.kind = pa.kind;
        in.plan = pa.plan_id;
        struct unit lead;
        if ((r = check_fields(&in, 0, err)) != RES_OK)
            goto fail;
        if (unit_get(db, who, in.lead_unit, &lead, NULL) != RES_OK ||
            strncmp(lead.path, reach, strlen(reach)) != 0 ||
            strcmp(lead.path, pa.lead_path) == 0) {
            r = err_setf(err, RES_INVALID, "lead_unit", "err.not_below", "%s", in.lead_unit);
            goto fail;
        }
        /* a sub-task's leader is of its own lead unit's department, never the parent's */
        if ((r = check_leader(db, who, in.leader, lead.id, err)) != RES_OK)
            goto fail;
        if (!in.leader)
            in.leader = leader_in_charge(db, lead.id);
        if ((r = insert_task(db, who, &in, parent, pa.depth + 1, pa.lead_unit_id, &lead, &ids[i],
                             err)) != RES_OK)
            goto fail;
        json_array_append_new(
            split, json_pack("{s:I, s:s}", "id", (json_int_t)ids[i], "lead_unit", lead.code));
    }
    /* the parent's own timeline shows where it went */
    r = audit_record(db, who, "task.split_out", "task", parent,
                     json_pack("{s:o}", "children", split));
    split = NULL;
    if (r != RES_OK) {
        r = db_fail(db, err);
        goto fail;
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
fail:
    json_decref(split);
    db_tx_rollback(db);
    return r;
}

enum result task_split_job(struct db *db, void *arg)
{
    struct task_split_job *job = arg;
    return task_split(db, job->who, job->parent, job->children, job->n_children, job->ids,
                      &job->err);
}

/* Runs one UPDATE on task ?1 with text parameters ?2 and ?3 and audits it with after. */
static enum result task_change(struct db *db, const struct actor *who, long long id,
                               const char *sql, const char *p2, const char *p3, const char *action,
                               json_t *after, struct err *err)
{
    enum result r = db_tx_begin(db);
    if (r != RES_OK) {
        json_decref(after);
        return db_fail(db, err);
    }
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    int n_params = sqlite3_bind_parameter_count(st);
    if (n_params >= 2)
        db_bind_text(st, 2, p2);
    if (n_params >= 3)
        db_bind_text(st, 3, p3);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        goto fail;
    r = audit_record(db, who, action, "task", id, after);
    after = NULL;
    if (r != RES_OK)
        goto fail;
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
fail:
    json_decref(after);
    db_tx_rollback(db);
    return db_fail(db, err);
}

enum result task_report(struct db *db, const struct actor *who, long long id, const char *text,
                        long long percent, int done, const struct attachment_input *files, size_t n_files,
                        struct err *err)
{
    enum result r = err_text(err, "text", text, 1, TASK_TEXT_MAX, 1);
    if (r != RES_OK)
        return r;
    if (n_files > TASK_FILES_MAX)
        return err_setf(err, RES_INVALID, "attachment", "err.too_long", "%d", TASK_FILES_MAX);
    for (size_t i = 0; i < n_files; i++)
        if ((r = file_check(files[i].name, files[i].type, files[i].size, TASK_FILE_MAX, err)) !=
            RES_OK)
            return r; /* before anything is written: the store checks again */
    if (percent < 0 || percent > 100)
        return err_setf(err, RES_INVALID, "percent", "err.range", "0-100");
    struct task_access a;
    if ((r = load_held(db, who, id, &a, err)) != RES_OK)
        return r;
    if (done)
        percent = 100;
    char today[11], now[26];
    clock_today(today);
    clock_now(now);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO task_progress(task_id, at, account_id, text,"
                                   " percent, done) VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, ?6)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, now);
        sqlite3_bind_int64(st, 3, who->account_id);
        db_bind_text(st, 4, text);
        sqlite3_bind_int64(st, 5, percent);
        sqlite3_bind_int(st, 6, done != 0);
        rc = sqlite3_step(st);
        db_done(st);
    }
    long long progress_id = sqlite3_last_insert_rowid(db->h), file_id;
    for (size_t i = 0; i < n_files && rc == SQLITE_DONE; i++)
        if (attachment_add(db, ATTACH_TASK, id, progress_id, &files[i], TASK_FILE_MAX, &file_id,
                           err) != RES_OK)
            rc = SQLITE_ERROR;
    if (rc != SQLITE_DONE) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    /* the lead unit's first report signs for the task too (a report from above does not) */
    st = db_stmt(db, "UPDATE task SET state = ?2, last_activity = ?3, percent = ?4,"
                     " reported_by = CASE WHEN ?2 = 'reported' THEN nullif(?5, 0) END,"
                     " signed_at = coalesce(signed_at, CASE WHEN ?6 THEN ?7 END),"
                     " signed_by = CASE WHEN signed_at IS NULL AND ?6 THEN nullif(?5, 0)"
                     " ELSE signed_by END WHERE id = ?1");
    rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, done ? "reported" : "in_progress");
        db_bind_text(st, 3, today);
        sqlite3_bind_int64(st, 4, percent);
        sqlite3_bind_int64(st, 5, who->account_id);
        sqlite3_bind_int(st, 6, who->unit_id == a.lead_unit_id);
        db_bind_text(st, 7, now);
        rc = sqlite3_step(st);
        db_done(st);
    }
    /* a task reported done leaves the tasks in work, one reported again in progress returns */
    int was_open = strcmp(a.state, "reported") != 0, is_open = !done;
    if (rc == SQLITE_DONE && was_open != is_open &&
        tally_task(db, a.lead_path, a.deadline, 0, 0, 0, is_open - was_open) != RES_OK)
        rc = SQLITE_ERROR;
    if (rc == SQLITE_DONE && task_book(db, id) != RES_OK)
        rc = SQLITE_ERROR;
    /* the audit record only after the update: audit_record takes over its document */
    if (rc != SQLITE_DONE ||
        audit_record(db, who, "task.progress", "task", id,
                     json_pack("{s:s, s:I, s:b, s:I}", "text", text, "percent", (json_int_t)percent,
                               "done", done != 0, "attachments", (json_int_t)n_files)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result task_report_job(struct db *db, void *arg)
{
    struct task_report_job *job = arg;
    return task_report(db, job->who, job->id, job->text, job->percent, job->done, job->files,
                       job->n_files, &job->err);
}

/* Loads a reported task for the assigning level's decision. */
static enum result decision_check(struct db *db, const struct actor *who, long long id,
                                  struct task_access *a, struct err *err)
{
    enum result r = task_load_for(db, who, id, a, err);
    if (r != RES_OK)
        return r;
    /* the assigning level decides, never the unit that did the work, unless the unit assigned
     * it to itself; and never the account that reported it */
    if (!scope_has_path(who, a->assigner_path) ||
        (who->unit_id == a->lead_unit_id && a->lead_unit_id != a->assigner_unit_id) ||
        (a->reported_by && a->reported_by == who->account_id))
        return err_set(err, RES_FORBIDDEN, "task", "err.own_report");
    if ((r = scope_check(who, a->assigner_path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if (strcmp(a->state, "reported") != 0)
        return err_set(err, RES_CONFLICT, "state", "err.not_reported");
    return RES_OK;
}

/* 1 when task id was reported done on or before deadline (the report that stands). */
static int done_by(struct db *db, long long id, const char *deadline)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " TASK_DONE_DAY " <= ?2 FROM task t WHERE t.id = ?1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, deadline);
    int by = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    db_done(st);
    return by;
}

enum result task_accept(struct db *db, const struct actor *who, long long id, const char *rating,
                        struct err *err)
{
    if (rating && strcmp(rating, "satisfied") && strcmp(rating, "basic") &&
        strcmp(rating, "dissatisfied"))
        return err_setf(err, RES_INVALID, "rating", "err.bad_enum", "satisfied|basic|dissatisfied");
    struct task_access a;
    enum result r = decision_check(db, who, id, &a, err);
    if (r != RES_OK)
        return r;
    char today[11];
    clock_today(today);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    /* a reported task is no longer counted in work (task_report); on time when reported done by
     * the deadline in force */
    if (tally_task(db, a.lead_path, a.deadline, 0, 1, done_by(db, id, a.deadline), 0) != RES_OK ||
        (r = task_change(db, who, id,
                         "UPDATE task SET state = 'accepted', finished = ?2, last_activity = ?2,"
                         " rating = nullif(?3, '') WHERE id = ?1",
                         today, rating, "task.accept",
                         rating ? json_pack("{s:s, s:s}", "state", "accepted", "rating", rating)
                                : json_pack("{s:s}", "state", "accepted"),
                         err)) != RES_OK ||
        (r = task_book(db, id) == RES_OK ? RES_OK : db_fail(db, err)) != RES_OK ||
        /* the last task of a leader's instruction: the result goes back to the leader */
        (r = instruction_on_accept(db, id) == RES_OK ? RES_OK : db_fail(db, err)) != RES_OK) {
        db_tx_rollback(db);
        return r == RES_OK ? db_fail(db, err) : r;
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result task_accept_job(struct db *db, void *arg)
{
    struct task_accept_job *job = arg;
    return task_accept(db, job->who, job->id, job->rating, &job->err);
}

enum result task_return(struct db *db, const struct actor *who, long long id, const char *reason,
                        struct err *err)
{
    enum result r = err_text(err, "reason", reason, 1, TASK_TEXT_MAX, 1);
    if (r != RES_OK)
        return r;
    struct task_access a;
    if ((r = decision_check(db, who, id, &a, err)) != RES_OK)
        return r;
    char today[11];
    clock_today(today);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    /* back in work */
    if (tally_task(db, a.lead_path, a.deadline, 0, 0, 0, 1) != RES_OK ||
        (r = task_change(db, who, id,
                         "UPDATE task SET state = 'returned', last_activity = ?2 WHERE id = ?1",
                         today, NULL, "task.return",
                         json_pack("{s:s, s:s}", "state", "returned", "reason", reason), err)) !=
            RES_OK ||
        (r = task_book(db, id) == RES_OK ? RES_OK : db_fail(db, err)) != RES_OK) {
        db_tx_rollback(db);
        return r == RES_OK ? db_fail(db, err) : r;
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result task_return_job(struct db *db, void *arg)
{
    struct task_return_job *job = arg;
    return task_return(db, job->who, job->id, job->reason, &job->err);
}

enum result task_get(struct db *db, const struct actor *who, long long id,
                     void (*fn)(void *ctx, const struct task *t), void *ctx)
{
    struct task_access a;
    enum result r = task_load(db, id, &a);
    if (r != RES_OK)
        return r;
    if (!task_visible(db, who, id, &a) || !role_may(who->role, PERM_READ))
        return RES_NOT_FOUND;
    struct task_dates d;
    task_dates_now(db, &d);
    sqlite3_stmt *st = db_stmt(db, "SELECT " TASK_COLUMNS TASK_JOINS " WHERE t.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    task_bind_today(st, &d);
    r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        struct task t;
        task_from_row(st, &d, &t);
        fn(ctx, &t);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result task_timeline(struct db *db, const struct actor *who, long long id,
                          void (*fn)(void *ctx, const char *at, const char *actor,
                                     const char *action, const char *after),
                          void *ctx)
{
    enum result r = task_check_visible(db, who, id);
    if (r != RES_OK)
        return r;
    char object[48];
    snprintf(object, sizeof(object), "task:%lld", id);
    sqlite3_stmt *st = db_stmt(db, "SELECT at, actor, action, coalesce(after, '') FROM audit"
                                   " WHERE object = ?1 ORDER BY id");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, object);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3));
    db_done(st);
    return RES_OK;
}

enum result task_tree(struct db *db, const struct actor *who, long long id,
                      void (*fn)(void *ctx, const struct task *t), void *ctx)
{
    enum result r = task_check_visible(db, who, id);
    if (r != RES_OK)
        return r;
    struct task_dates d;
    task_dates_now(db, &d);
    /* a recursive query; the sort key (ids zero-padded, lpad() in PostgreSQL) keeps each
     * subtree together */
    sqlite3_stmt *st = db_stmt(
        db, "WITH RECURSIVE sub(id, sortkey) AS (SELECT id, printf('%010d', id) FROM task"
            " WHERE parent_id = ?1 UNION ALL SELECT c.id, sub.sortkey || '/' || printf('%010d',"
            " c.id) FROM task c JOIN sub ON c.parent_id = sub.id)"
            /* the subtree's rows first, then each task by its id: never a scan of every task */
            " SELECT " TASK_COLUMNS " FROM sub CROSS JOIN task t ON t.id = sub.id" TASK_UNIT_JOINS
            " ORDER BY sub.sortkey");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    task_bind_today(st, &d);
    struct task t;
    while (sqlite3_step(st) == SQLITE_ROW) {
        task_from_row(st, &d, &t);
        fn(ctx, &t);
    }
    db_done(st);
    return RES_OK;
}

enum result task_reports(struct db *db, const struct actor *who, long long id,
                         void (*fn)(void *ctx, const struct task_report_row *row), void *ctx)
{
    enum result r = task_check_visible(db, who, id);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT p.at, coalesce(a.login, ''), p.text, p.percent, p.done"
                                   " FROM task_progress p LEFT JOIN account a"
                                   " ON a.id = p.account_id WHERE p.task_id = ?1 ORDER BY p.id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct task_report_row row = {
            .at = db_col_text(st, 0),
            .login = db_col_text(st, 1),
            .text = db_col_text(st, 2),
            .percent = sqlite3_column_int(st, 3),
            .done = sqlite3_column_int(st, 4),
        };
        fn(ctx, &row);
    }
    db_done(st);
    return RES_OK;
}

struct import_ctx {
    struct db *db;           /* the store */
    const struct actor *who; /* the caller */
    long long plan;          /* into this plan */
    long long *n_added;      /* tasks created */
};

/* One CSV record: title,kind,lead_unit,assist_units,leader,deadline,description. */
static enum result import_row(void *ctx, char **f, struct err *e)
{
    struct import_ctx *ic = ctx;
    const char *assist[TASK_ASSIST_MAX + 1];
    size_t n_assist = 0;
    for (char *p = f[3]; *p && n_assist <= TASK_ASSIST_MAX;) {
        size_t k = strcspn(p, ";");
        int last = p[k] == '\0';
        p[k] = '\0';
        if (*p)
            assist[n_assist++] = p;
        p += k + !last;
    }
    long long leader = 0;
    if (*f[4] && str_to_ll(f[4], 1, 1LL << 62, &leader) != 0)
        return err_set(e, RES_INVALID, "leader", "err.bad_type");
    struct task_input in = { .title = f[0],
                             .kind = f[1],
                             .lead_unit = f[2],
                             .assist_units = assist,
                             .n_assist = n_assist,
                             .leader = leader,
                             .deadline = f[5],
                             .description = f[6],
                             .plan = ic->plan };
    long long id;
    enum result r = task_create(ic->db, ic->who, &in, &id, e);
    if (r == RES_OK)
        (*ic->n_added)++;
    return r;
}

enum result task_red_messages(struct db *db, const char *from, const char *before)
{
    return outbox_put_between(db,
                              "SELECT id, lead_unit_id, title, deadline FROM task"
                              " WHERE deadline >= ?1 AND deadline < ?2"
                              " AND state NOT IN ('accepted', 'reported') AND suspended IS NULL"
                              " ORDER BY deadline, id",
                              from, before, "task.red", "/tasks/");
}

/* the import file's columns, their named values (catalog prefixes) and dates */
static const char *const import_header[] = { "title",  "kind",     "lead_unit",  "assist_units",
                                             "leader", "deadline", "description" };
static const char *const import_values[] = { NULL, "kind.", NULL, NULL, NULL, NULL, NULL };
const struct csv_columns task_import_columns = { import_header, 7, 1u << 5, import_values };

enum result task_import(struct db *db, const struct actor *who, long long plan, const char *data,
                        size_t len, long long *n_added, const struct import_report *rep)
{
    struct import_ctx ic = { db, who, plan, n_added };
    *n_added = 0;
    /* the roll-ups' counter rows summed in memory and written once, no savepoint per row */
    enum result r = db_import_csv(db, data, len, &task_import_columns, import_row, &ic, rep);
    if (r != RES_OK)
        *n_added = 0;
    return r;
}

enum result task_milestones(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const char *title, const char *due), void *ctx)
{
    enum result r = task_check_visible(db, who, id);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT title, due FROM task_milestone WHERE task_id = ?1"
                                   " ORDER BY due, id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1));
    db_done(st);
    return RES_OK;
}

enum result task_attachments(struct db *db, const struct actor *who, long long id,
                             void (*fn)(void *ctx, long long file_id, const char *name,
                                        const char *type, long long size),
                             void *ctx)
{
    enum result r = task_check_visible(db, who, id);
    if (r != RES_OK)
        return r;
    return attachment_each(db, ATTACH_TASK, id, 0, fn, ctx);
}

enum result task_attachment_get(struct db *db, const struct actor *who, long long file_id,
                                void (*fn)(void *ctx, const char *name, const char *type,
                                           const void *data, size_t size),
                                void *ctx)
{
    long long task_id = 0;
    enum result r = attachment_owner_of(db, ATTACH_TASK, file_id, &task_id, NULL);
    if (r != RES_OK)
        return r;
    struct task_access a;
    if (task_load(db, task_id, &a) != RES_OK || !task_visible(db, who, task_id, &a))
        return RES_NOT_FOUND;
    return attachment_read(db, ATTACH_TASK, file_id, fn, ctx);
}
