/*
 * Tasks model; see task.h. Mechanism layer: rules and SQL for plan, task, task_assist,
 * task_progress and supervision; every change is audited under the object "task:ID", which is
 * also the task's timeline.
 */
#include "task/task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/file.h"
#include "core/str.h"
#include "unit/unit.h"

/* The columns every task read selects, with the count of sub-tasks as children (lists pass
 * "-1": unknown, to spare a look-up per row). */
#define TASK_COLUMNS_WITH(children)                                                                \
    "t.id, coalesce(t.parent_id, 0), coalesce(t.plan_id, 0), coalesce(t.leader_id, 0), t.depth,"   \
    " t.percent, " children ", t.title, t.description, t.kind, t.state, t.deadline,"               \
    " t.last_activity, lu.code, lu.name, au.code, au.name, coalesce(p.name, ''), lu.path, "        \
    "au.path,"                                                                                     \
    " coalesce(t.reported_by, 0)"
#define TASK_COLUMNS TASK_COLUMNS_WITH("(SELECT count(*) FROM task c WHERE c.parent_id = t.id)")
#define TASK_JOINS                                                                                 \
    " FROM task t JOIN unit lu ON lu.id = t.lead_unit_id JOIN unit au ON au.id ="                  \
    " t.assigner_unit_id LEFT JOIN person p ON p.id = t.leader_id"

struct dates {
    char today[11];   /* today */
    char soon[11];    /* today + TASK_DUE_SOON_DAYS */
    char stalled[11]; /* today - TASK_STALLED_DAYS */
};

static void dates_now(struct dates *d)
{
    clock_today(d->today);
    date_add(d->today, TASK_DUE_SOON_DAYS, d->soon);
    date_add(d->today, -TASK_STALLED_DAYS, d->stalled);
}

/* The lights of an open task, computed from its dates. */
static void task_lights(struct task *t, const struct dates *d)
{
    if (strcmp(t->state, "accepted") == 0)
        return;
    t->overdue = strcmp(t->deadline, d->today) < 0;
    t->due_soon = !t->overdue && strcmp(t->deadline, d->soon) <= 0;
    t->stalled = strcmp(t->last_activity, d->stalled) < 0;
    t->light = t->overdue ? LIGHT_RED : t->due_soon ? LIGHT_YELLOW : LIGHT_GREEN;
}

static void task_from_row(sqlite3_stmt *st, const struct dates *d, struct task *t)
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
    task_lights(t, d);
}

/* A row of TASK_BRIEF_SQL: the fields a list shows, the others zero or empty. */
static void task_brief_from_row(sqlite3_stmt *st, const struct dates *d, struct task *t)
{
    memset(t, 0, sizeof(*t));
    t->id = sqlite3_column_int64(st, 0);
    t->percent = sqlite3_column_int(st, 1);
    t->title = db_col_text(st, 2);
    t->description = "";
    t->kind = db_col_text(st, 3);
    t->state = db_col_text(st, 4);
    t->deadline = db_col_text(st, 5);
    t->last_activity = db_col_text(st, 6);
    t->lead_code = "";
    t->lead_name = db_col_text(st, 7);
    t->assigner_code = "";
    t->assigner_name = "";
    t->leader_name = db_col_text(st, 8);
    t->leader_id = sqlite3_column_int64(st, 9);
    t->n_children = -1;
    task_lights(t, d);
}

/* What the actor may do with a loaded task. */
struct task_access {
    long long lead_unit_id;        /* the lead unit */
    long long assigner_unit_id;    /* the assigning unit */
    char lead_path[UNIT_PATH_MAX]; /* paths for scope checks */
    char assigner_path[UNIT_PATH_MAX];
    char state[16];        /* current state */
    char kind[8];          /* key | routine */
    char deadline[11];     /* deadline */
    long long leader_id;   /* responsible leader */
    long long plan_id;     /* plan */
    int depth;             /* split level */
    long long reported_by; /* account that reported it done */
};

static enum result task_load(struct db *db, long long id, struct task_access *a)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT t.lead_unit_id, t.assigner_unit_id, lu.path, au.path,"
                                   " t.state, t.kind, t.deadline, coalesce(t.leader_id, 0),"
                                   " coalesce(t.plan_id, 0), t.depth, coalesce(t.reported_by, 0)"
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
        r = RES_OK;
    }
    db_done(st);
    return r;
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

static int visible(struct db *db, const struct actor *who, long long id,
                   const struct task_access *a)
{
    return scope_has_path(who, a->lead_path) || scope_has_path(who, a->assigner_path) ||
           (who->person_id && a->leader_id == who->person_id) || assist_in_scope(db, who, id);
}

/* RES_OK when the task exists and the actor may see it, else RES_NOT_FOUND (or RES_FAIL). */
static enum result check_visible(struct db *db, const struct actor *who, long long id)
{
    struct task_access a;
    enum result r = task_load(db, id, &a);
    if (r != RES_OK)
        return r;
    return visible(db, who, id, &a) ? RES_OK : RES_NOT_FOUND;
}

/* Applies a task's change to the roll-up counts of its lead unit and every unit above it. */
static enum result tally(struct db *db, const char *lead_path, const char *deadline, int d_total,
                         int d_accepted, int d_on_time, int d_open)
{
    long long ids[UNIT_PATH_MAX / 2];
    int n = path_ids(lead_path, ids, UNIT_PATH_MAX / 2);
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO task_tally(unit_id, total, accepted, on_time)"
                                       " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(unit_id) DO UPDATE"
                                       " SET total = total + ?2, accepted = accepted + ?3,"
                                       " on_time = on_time + ?4");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int(st, 2, d_total);
        sqlite3_bind_int(st, 3, d_accepted);
        sqlite3_bind_int(st, 4, d_on_time);
        int rc = sqlite3_step(st);
        db_done(st);
        st = db_stmt(db, "INSERT INTO task_open(unit_id, deadline, n) VALUES (?1, ?2, ?3)"
                         " ON CONFLICT(unit_id, deadline) DO UPDATE SET n = n + ?3");
        if (rc != SQLITE_DONE || !st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, ids[i]);
        db_bind_text(st, 2, deadline);
        sqlite3_bind_int(st, 3, d_open);
        rc = sqlite3_step(st);
        db_done(st);
        st = db_stmt(db, "INSERT INTO task_open_month(unit_id, month, n) VALUES (?1,"
                         " substr(?2, 1, 7), ?3) ON CONFLICT(unit_id, month) DO UPDATE"
                         " SET n = n + ?3");
        if (rc != SQLITE_DONE || !st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, ids[i]);
        db_bind_text(st, 2, deadline);
        sqlite3_bind_int(st, 3, d_open);
        rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return RES_FAIL;
    }
    static const char *const prune[] = {
        "DELETE FROM task_open WHERE deadline = ?1 AND n = 0",
        "DELETE FROM task_open_month WHERE month = substr(?1, 1, 7) AND n = 0",
    };
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *st = db_stmt(db, prune[k]);
        if (!st)
            return RES_FAIL;
        db_bind_text(st, 1, deadline);
        int rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return RES_FAIL;
    }
    return RES_OK;
}

enum result task_tally_rebuild(struct db *db)
{
    static const char *const sql[] = {
        "DELETE FROM task_tally",
        "DELETE FROM task_open",
        "DELETE FROM task_open_month",
        "INSERT INTO task_tally(unit_id, total, accepted, on_time) SELECT u.id, count(*),"
        " sum(t.state = 'accepted'), sum(t.state = 'accepted' AND t.finished <= t.deadline)"
        " FROM unit u JOIN unit lu ON lu.path >= u.path AND lu.path < substr(u.path, 1,"
        " length(u.path) - 1) || '0' JOIN task t ON t.lead_unit_id = lu.id GROUP BY u.id",
        "INSERT INTO task_open(unit_id, deadline, n) SELECT u.id, t.deadline, count(*)"
        " FROM unit u JOIN unit lu ON lu.path >= u.path AND lu.path < substr(u.path, 1,"
        " length(u.path) - 1) || '0' JOIN task t ON t.lead_unit_id = lu.id"
        " WHERE t.state <> 'accepted' GROUP BY u.id, t.deadline",
        "INSERT INTO task_open_month(unit_id, month, n) SELECT unit_id, substr(deadline, 1, 7),"
        " sum(n) FROM task_open GROUP BY unit_id, substr(deadline, 1, 7)",
        "UPDATE task_tally SET reminders = s.r, urges = s.u, criticisms = s.c, notices = s.n"
        " FROM (SELECT u.id AS unit_id, sum(v.kind = 'reminder') AS r, sum(v.kind = 'urge') AS u,"
        " sum(v.kind = 'criticism') AS c, sum(v.kind = 'notice') AS n FROM unit u JOIN unit lu"
        " ON lu.path >= u.path AND lu.path < substr(u.path, 1, length(u.path) - 1) || '0'"
        " JOIN task t ON t.lead_unit_id = lu.id JOIN supervision v ON v.task_id = t.id"
        " GROUP BY u.id) AS s WHERE task_tally.unit_id = s.unit_id",
    };
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        if (db_exec(db, sql[i]) != RES_OK)
            return RES_FAIL;
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
    }
    return RES_OK;
}

/* Checks that a leader, when given, is a person in the actor's scope. */
static enum result check_leader(struct db *db, const struct actor *who, long long leader,
                                struct err *err)
{
    if (!leader)
        return RES_OK;
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
            " leader_id, kind, title, description, year, deadline, state, last_activity, created)"
            " VALUES (nullif(?1, 0), nullif(?2, 0), ?3, ?4, ?5, nullif(?6, 0), ?7, ?8, ?9, ?10,"
            " ?11, 'assigned', ?12, ?12)");
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
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err);
    *id = sqlite3_last_insert_rowid(db->h);
    if (tally(db, lead->path, in->deadline, 1, 0, 0, 1) != RES_OK)
        return db_fail(db, err);
    for (size_t i = 0; i < in->n_milestones; i++) {
        st = db_stmt(db, "INSERT INTO task_milestone(task_id, title, due) VALUES (?1, ?2, ?3)");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, *id);
        db_bind_text(st, 2, in->milestones[i].title);
        db_bind_text(st, 3, in->milestones[i].due);
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
    json_t *after =
        json_pack("{s:s, s:s, s:s, s:o, s:s, s:I, s:I}", "title", in->title, "kind", in->kind,
                  "lead_unit", lead->code, "assist_units", assist, "deadline", in->deadline,
                  "leader", (json_int_t)in->leader, "parent", (json_int_t)parent);
    if (audit_record(db, who, parent ? "task.split" : "task.create", "task", *id, after) != RES_OK)
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
    if ((r = check_leader(db, who, in->leader, err)) != RES_OK)
        return r;
    long long assigner = who->unit_id;
    if (in->plan) {
        sqlite3_stmt *st = db_stmt(db, "SELECT p.unit_id, u.path FROM plan p JOIN unit u"
                                       " ON u.id = p.unit_id WHERE p.id = ?1");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, in->plan);
        assigner = 0;
        if (sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 1)))
            assigner = sqlite3_column_int64(st, 0);
        db_done(st);
        if (!assigner)
            return err_set(err, RES_INVALID, "plan", "err.not_found");
    }
    if (!assigner)
        assigner = lead.id;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    r = insert_task(db, who, in, 0, 0, assigner, &lead, id, err);
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
    enum result r = task_load(db, parent, &pa);
    if (r == RES_NOT_FOUND || (r == RES_OK && !visible(db, who, parent, &pa)))
        return err_set(err, RES_NOT_FOUND, "task", "err.not_found");
    if (r != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    if (!scope_has_path(who, pa.lead_path))
        return err_set(err, RES_FORBIDDEN, "task", "err.not_holder");
    if ((r = scope_check(who, pa.lead_path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if (strcmp(pa.state, "accepted") == 0)
        return err_set(err, RES_CONFLICT, "task", "err.task_closed");
    if (n == 0)
        return err_set(err, RES_INVALID, "children", "err.required");
    if (n > TASK_SPLIT_MAX)
        return err_setf(err, RES_INVALID, "children", "err.too_long", "%d", TASK_SPLIT_MAX);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    json_t *split = json_array();
    for (size_t i = 0; i < n; i++) {
        struct task_input in = children[i];
        in.kind = pa.kind;
        in.plan = pa.plan_id;
        if (!in.leader)
            in.leader = pa.leader_id;
        struct unit lead;
        if ((r = check_fields(&in, 0, err)) != RES_OK)
            goto fail;
        if (unit_get(db, who, in.lead_unit, &lead, NULL) != RES_OK ||
            strncmp(lead.path, pa.lead_path, strlen(pa.lead_path)) != 0 ||
            strcmp(lead.path, pa.lead_path) == 0) {
            r = err_setf(err, RES_INVALID, "lead_unit", "err.not_below", "%s", in.lead_unit);
            goto fail;
        }
        if (in.leader != pa.leader_id && (r = check_leader(db, who, in.leader, err)) != RES_OK)
            goto fail;
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
        return err_set(err, r, NULL, "err.internal");
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
                        long long percent, int done, const struct task_file *files, size_t n_files,
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
            return r;
    if (percent < 0 || percent > 100)
        return err_setf(err, RES_INVALID, "percent", "err.range", "0-100");
    struct task_access a;
    r = task_load(db, id, &a);
    if (r == RES_NOT_FOUND || (r == RES_OK && !visible(db, who, id, &a)))
        return err_set(err, RES_NOT_FOUND, "task", "err.not_found");
    if (r != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    if (!scope_has_path(who, a.lead_path))
        return err_set(err, RES_FORBIDDEN, "task", "err.not_holder");
    if ((r = scope_check(who, a.lead_path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if (strcmp(a.state, "accepted") == 0)
        return err_set(err, RES_CONFLICT, "task", "err.task_closed");
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
    long long progress_id = sqlite3_last_insert_rowid(db->h);
    for (size_t i = 0; i < n_files && rc == SQLITE_DONE; i++) {
        st = db_stmt(db, "INSERT INTO task_attachment(task_id, progress_id, name, type, size, data)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        rc = SQLITE_ERROR;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, progress_id);
            db_bind_text(st, 3, files[i].name);
            db_bind_text(st, 4, files[i].type);
            sqlite3_bind_int64(st, 5, (sqlite3_int64)files[i].size);
            sqlite3_bind_blob64(st, 6, files[i].data, files[i].size, SQLITE_STATIC);
            rc = sqlite3_step(st);
            db_done(st);
        }
    }
    if (rc != SQLITE_DONE) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    st = db_stmt(db, "UPDATE task SET state = ?2, last_activity = ?3, percent = ?4,"
                     " reported_by = CASE WHEN ?2 = 'reported' THEN nullif(?5, 0) END"
                     " WHERE id = ?1");
    rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, done ? "reported" : "in_progress");
        db_bind_text(st, 3, today);
        sqlite3_bind_int64(st, 4, percent);
        sqlite3_bind_int64(st, 5, who->account_id);
        rc = sqlite3_step(st);
        db_done(st);
    }
    json_t *after = json_pack("{s:s, s:I, s:b, s:I}", "text", text, "percent", (json_int_t)percent,
                              "done", done != 0, "attachments", (json_int_t)n_files);
    if (rc != SQLITE_DONE || audit_record(db, who, "task.progress", "task", id, after) != RES_OK) {
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
    enum result r = task_load(db, id, a);
    if (r == RES_NOT_FOUND || (r == RES_OK && !visible(db, who, id, a)))
        return err_set(err, RES_NOT_FOUND, "task", "err.not_found");
    if (r != RES_OK)
        return err_set(err, r, NULL, "err.internal");
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

enum result task_accept(struct db *db, const struct actor *who, long long id, struct err *err)
{
    struct task_access a;
    enum result r = decision_check(db, who, id, &a, err);
    if (r != RES_OK)
        return r;
    char today[11];
    clock_today(today);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    if (tally(db, a.lead_path, a.deadline, 0, 1, strcmp(today, a.deadline) <= 0, -1) != RES_OK ||
        (r = task_change(db, who, id,
                         "UPDATE task SET state = 'accepted', finished = ?2, last_activity = ?2"
                         " WHERE id = ?1",
                         today, NULL, "task.accept", json_pack("{s:s}", "state", "accepted"),
                         err)) != RES_OK) {
        db_tx_rollback(db);
        return r == RES_OK ? db_fail(db, err) : r;
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result task_accept_job(struct db *db, void *arg)
{
    struct task_accept_job *job = arg;
    return task_accept(db, job->who, job->id, &job->err);
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
    return task_change(
        db, who, id, "UPDATE task SET state = 'returned', last_activity = ?2 WHERE id = ?1", today,
        NULL, "task.return", json_pack("{s:s, s:s}", "state", "returned", "reason", reason), err);
}

enum result task_return_job(struct db *db, void *arg)
{
    struct task_return_job *job = arg;
    return task_return(db, job->who, job->id, job->reason, &job->err);
}

enum result task_supervise(struct db *db, const struct actor *who, long long id, const char *kind,
                           const char *text, long long *sup_id, long long *serial, struct err *err)
{
    static const char *const kinds[] = { "reminder", "urge", "criticism", "notice" };
    int known = 0;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        known |= kind && strcmp(kind, kinds[i]) == 0;
    if (!known)
        return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "reminder|urge|criticism|notice");
    enum result r = err_text(err, "text", text, 1, TASK_TEXT_MAX, 1);
    if (r != RES_OK)
        return r;
    struct task_access a;
    r = task_load(db, id, &a);
    if (r == RES_NOT_FOUND || (r == RES_OK && !visible(db, who, id, &a)))
        return err_set(err, RES_NOT_FOUND, "task", "err.not_found");
    if (r != RES_OK)
        return err_set(err, r, NULL, "err.internal");
    if ((r = scope_check(who, a.lead_path, PERM_SUPERVISE, err)) != RES_OK)
        return r;
    if (strcmp(a.state, "accepted") == 0)
        return err_set(err, RES_CONFLICT, "task", "err.task_closed");
    char today[11], now[26];
    clock_today(today);
    clock_now(now);
    long long year = strtol(today, NULL, 10);
    /* the command line issues in the name of the lead unit's parent level */
    long long unit_id = who->unit_id ? who->unit_id : a.assigner_unit_id;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    *serial = 0;
    if (strcmp(kind, "notice") == 0) {
        sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(serial), 0) + 1 FROM supervision"
                                       " WHERE unit_id = ?1 AND year = ?2 AND serial IS NOT NULL");
        if (st) {
            sqlite3_bind_int64(st, 1, unit_id);
            sqlite3_bind_int64(st, 2, year);
            if (sqlite3_step(st) == SQLITE_ROW)
                *serial = sqlite3_column_int64(st, 0);
            db_done(st);
        }
    }
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO supervision(task_id, unit_id, kind, text, year,"
                                   " serial, account_id, created) VALUES (?1, ?2, ?3, ?4, ?5,"
                                   " nullif(?6, 0), nullif(?7, 0), ?8)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, unit_id);
        db_bind_text(st, 3, kind);
        db_bind_text(st, 4, text);
        sqlite3_bind_int64(st, 5, year);
        sqlite3_bind_int64(st, 6, *serial);
        sqlite3_bind_int64(st, 7, who->account_id);
        db_bind_text(st, 8, now);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *sup_id = sqlite3_last_insert_rowid(db->h);
    /* the roll-up counts of the lead unit and every unit above it */
    long long ids[UNIT_PATH_MAX / 2];
    int n = path_ids(a.lead_path, ids, UNIT_PATH_MAX / 2);
    for (int i = 0; i < n && rc == SQLITE_DONE; i++) {
        st = db_stmt(db, "UPDATE task_tally SET reminders = reminders + (?2 = 'reminder'),"
                         " urges = urges + (?2 = 'urge'), criticisms = criticisms +"
                         " (?2 = 'criticism'), notices = notices + (?2 = 'notice')"
                         " WHERE unit_id = ?1");
        rc = SQLITE_ERROR;
        if (st) {
            sqlite3_bind_int64(st, 1, ids[i]);
            db_bind_text(st, 2, kind);
            rc = sqlite3_step(st);
            db_done(st);
        }
    }
    json_t *after =
        json_pack("{s:s, s:s, s:I}", "kind", kind, "text", text, "serial", (json_int_t)*serial);
    if (rc != SQLITE_DONE || audit_record(db, who, "task.supervise", "task", id, after) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result task_supervise_job(struct db *db, void *arg)
{
    struct task_supervise_job *job = arg;
    return task_supervise(db, job->who, job->id, job->kind, job->text, &job->sup_id, &job->serial,
                          &job->err);
}

enum result task_get(struct db *db, const struct actor *who, long long id,
                     void (*fn)(void *ctx, const struct task *t), void *ctx)
{
    struct task_access a;
    enum result r = task_load(db, id, &a);
    if (r != RES_OK)
        return r;
    if (!visible(db, who, id, &a) || !role_may(who->role, PERM_READ))
        return RES_NOT_FOUND;
    struct dates d;
    dates_now(&d);
    sqlite3_stmt *st = db_stmt(db, "SELECT " TASK_COLUMNS TASK_JOINS " WHERE t.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
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

/* Open tasks of a unit's subtree with a deadline before today, from the roll-up counts: whole
 * months before this one, then the days of this month. */
#define TASK_OVERDUE(unit, today)                                                                  \
    "((SELECT coalesce(sum(m.n), 0) FROM task_open_month m WHERE m.unit_id = " unit                \
    " AND m.month < substr(" today ", 1, 7)) + (SELECT coalesce(sum(o.n), 0) FROM task_open o"     \
    " WHERE o.unit_id = " unit " AND o.deadline >= substr(" today ", 1, 7) || '-01'"               \
    " AND o.deadline < " today "))"

/* The ledger's filter: ?1 today, ?2 due-soon day, ?3 stalled day, ?4 role, ?5 and ?6 the
 * unit's path range, ?7 state, ?8 kind, ?9 year, ?10 leader. First the scope (enum scope_plan),
 * in forms that SQLite plans differently:
 * - TASK_SCOPE walks all tasks in the order asked and stops when the page is full (its OR
 *   keeps SQLite from starting at the units): quick for a scope that holds most tasks;
 * - TASK_SCOPE_LEAD, for the tasks the scope's units lead, reads them unit by unit from the
 *   lead-unit index and sorts them: quick for a scope that holds few;
 * - TASK_SCOPE_UNITS does the same for any role, led and assisted tasks from their indexes
 *   (the role's OR of two IN lists becomes a union of the two);
 * - TASK_SCOPE_ALL is no scope at all, for a scope that holds every task.
 * Then the narrowing by state, kind, year and leader, which an unfiltered list leaves out. */
#define TASK_SCOPE                                                                                 \
    "((?4 <> 2 AND lu.path >= ?5 AND lu.path < ?6) OR (?4 <> 1 AND EXISTS"                         \
    " (SELECT 1 FROM task_assist ta JOIN unit tu ON tu.id = ta.unit_id"                            \
    " WHERE ta.task_id = t.id AND tu.path >= ?5 AND tu.path < ?6)))"
#define TASK_SCOPE_LEAD "lu.path >= ?5 AND lu.path < ?6"
#define TASK_SCOPE_ALL "1"
#define TASK_SCOPE_UNITS                                                                           \
    "((?4 <> 2 AND t.lead_unit_id IN (SELECT su.id FROM unit su WHERE su.path >= ?5"               \
    " AND su.path < ?6)) OR (?4 <> 1 AND t.id IN (SELECT ta.task_id FROM task_assist ta"           \
    " JOIN unit tu ON tu.id = ta.unit_id WHERE tu.path >= ?5 AND tu.path < ?6)))"
#define TASK_NARROW                                                                                \
    "(?7 = 'all' OR (?7 = 'open' AND t.state <> 'accepted')"                                       \
    " OR (?7 = 'overdue' AND t.state <> 'accepted' AND t.deadline < ?1)"                           \
    " OR (?7 = 'due_soon' AND t.state <> 'accepted' AND t.deadline >= ?1 AND t.deadline <= ?2)"    \
    " OR (?7 = 'stalled' AND t.state <> 'accepted' AND t.last_activity < ?3)"                      \
    " OR t.state = ?7)"                                                                            \
    " AND (?8 = '' OR t.kind = ?8) AND (?9 = 0 OR t.year = ?9)"                                    \
    " AND (?10 = 0 OR t.leader_id = ?10)"

/* The narrowing by one state alone, without the OR of TASK_NARROW: the deadline ranges let SQLite
 * read the deadline index from the first day to the last instead of testing every task. */
#define TASK_NARROW_OVERDUE "t.state <> 'accepted' AND t.deadline < ?1"
#define TASK_NARROW_DUE_SOON "t.state <> 'accepted' AND t.deadline >= ?1 AND t.deadline <= ?2"
#define TASK_NARROW_STALLED "t.state <> 'accepted' AND t.last_activity < ?3"
enum narrowing {
    NARROW_NONE,
    NARROW_ANY,
    NARROW_OVERDUE,
    NARROW_DUE_SOON,
    NARROW_STALLED,
    NARROW_COUNT
};

enum scope_plan { SCOPE_WALK, SCOPE_LEAD, SCOPE_UNITS, SCOPE_ALL };

/* How a list reads its scope: unit by unit (SCOPE_LEAD for the tasks its units lead, else
 * SCOPE_UNITS) for one unit, or for a subtree whose n led tasks are few next to all N,
 * n * n < N * (offset + limit); else SCOPE_WALK. Walking all tasks passes N / n of them for
 * each row shown; reading the subtree's and sorting them costs about n. The subtree of the
 * only root holds every task, led or assisted: SCOPE_ALL, no scope to check. */
static enum scope_plan scope_plan(struct db *db, const struct task_filter *f, const struct unit *u)
{
    enum scope_plan by_units = f->role == TASK_ROLE_LEAD ? SCOPE_LEAD : SCOPE_UNITS;
    if (!f->subtree)
        return by_units;
    if (u->depth == 0) {
        int only_root =
            db_count(db, "SELECT count(*) FROM unit WHERE parent_id IS NULL", NULL, 0) == 1;
        return only_root && f->role != TASK_ROLE_ASSIST ? SCOPE_ALL : SCOPE_WALK;
    }
    sqlite3_stmt *st = db_stmt(db, "SELECT coalesce((SELECT total FROM task_tally WHERE"
                                   " unit_id = ?1), 0), (SELECT coalesce(sum(y.total), 0) FROM"
                                   " unit r JOIN task_tally y ON y.unit_id = r.id"
                                   " WHERE r.parent_id IS NULL)");
    if (!st)
        return SCOPE_WALK;
    sqlite3_bind_int64(st, 1, u->id);
    enum scope_plan plan = SCOPE_WALK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        double n = (double)sqlite3_column_int64(st, 0), all = (double)sqlite3_column_int64(st, 1);
        if (n * n < all * (double)(f->offset + f->limit))
            plan = by_units;
    }
    db_done(st);
    return plan;
}

static int bind_filter(sqlite3_stmt *st, const struct dates *d, const struct task_filter *f,
                       const struct unit *u, const char *end, const char *state)
{
    const char *const text[] = {
        [1] = d->today,
        [2] = d->soon,
        [3] = d->stalled,
        [5] = u->path,
        [6] = end,
        [7] = state,
        [8] = f->kind ? f->kind : "",
    };
    const long long num[] = { [4] = f->role, [9] = f->year, [10] = f->leader };
    /* up to the statement's last: the scope or the narrowing may be left out */
    int n = sqlite3_bind_parameter_count(st), rc = SQLITE_OK;
    for (int i = 1; i <= n && i <= 10 && rc == SQLITE_OK; i++)
        rc = i < (int)(sizeof(text) / sizeof(text[0])) && text[i]
                 ? db_bind_text(st, i, text[i])
                 : sqlite3_bind_int64(st, i, num[i]);
    return rc != SQLITE_OK;
}

int task_sort_parse(const char *name)
{
    static const char *const names[TASK_SORT_COUNT] = {
        [TASK_SORT_DEADLINE] = "deadline",
        [TASK_SORT_DEADLINE_DESC] = "-deadline",
        [TASK_SORT_NEWEST] = "newest",
        [TASK_SORT_PROGRESS] = "progress",
    };
    for (int i = 0; i < TASK_SORT_COUNT; i++)
        if (name && strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

enum result task_list(struct db *db, const struct actor *who, const struct task_filter *f,
                      void (*fn)(void *ctx, const struct task *t), void *ctx, long long *total,
                      struct err *err)
{
    static const char *const states[] = { "all",      "open",     "overdue",     "due_soon",
                                          "stalled",  "assigned", "in_progress", "reported",
                                          "accepted", "returned" };
    const char *state = f->state && *f->state ? f->state : "all";
    int known = 0;
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        known |= strcmp(state, states[i]) == 0;
    if (!known)
        return err_setf(err, RES_INVALID, "state", "err.bad_enum",
                        "open|overdue|due_soon|stalled|assigned|in_progress|reported|accepted|"
                        "returned");
    if (f->kind && *f->kind && strcmp(f->kind, "key") && strcmp(f->kind, "routine"))
        return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "key|routine");
    struct unit u;
    enum result r = unit_get(db, who, f->unit, &u, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX + 2];
    if (f->subtree)
        path_end(end, u.path);
    else
        snprintf(end, sizeof(end), "%s\x01", u.path);
    struct dates d;
    dates_now(&d);
#define TASK_COUNT_SQL(where, order)                                                               \
    "SELECT count(*) FROM task t JOIN unit lu ON lu.id = t.lead_unit_id WHERE " where
/* every task: the index alone, no unit */
#define TASK_COUNT_ALL_SQL(where, order) "SELECT count(*) FROM task t WHERE " where
#define TASK_LIST_SQL(where, order)                                                                \
    "SELECT " TASK_COLUMNS_WITH("-1") TASK_JOINS " WHERE " where " ORDER BY " order                \
                                                 " LIMIT ?11 OFFSET ?12"
/* a list row: what the ledger shows of a task, all of it but the names in the deadline index */
#define TASK_BRIEF_SQL(where, order)                                                               \
    "SELECT t.id, t.percent, t.title, t.kind, t.state, t.deadline, t.last_activity, lu.name,"      \
    " p.name, coalesce(t.leader_id, 0) FROM task t JOIN unit lu ON lu.id = t.lead_unit_id"         \
    " LEFT JOIN person p ON p.id = t.leader_id WHERE " where " ORDER BY " order                    \
    " LIMIT ?11 OFFSET ?12"
/* a list under one scope, by enum narrowing */
#define TASK_SCOPED(sql, scope, order)                                                             \
    sql(scope, order), sql(scope " AND " TASK_NARROW, order),                                      \
        sql(scope " AND " TASK_NARROW_OVERDUE, order),                                             \
        sql(scope " AND " TASK_NARROW_DUE_SOON, order),                                            \
        sql(scope " AND " TASK_NARROW_STALLED, order)
#define TASK_WHERES(sql, order)                                                                    \
    {                                                                                              \
        TASK_SCOPED(sql, TASK_SCOPE, order), TASK_SCOPED(sql, TASK_SCOPE_LEAD, order),             \
            TASK_SCOPED(sql, TASK_SCOPE_UNITS, order), TASK_SCOPED(sql, TASK_SCOPE_ALL, order),    \
    }
#define TASK_ORDERS(sql)                                                                           \
    {                                                                                              \
        [TASK_SORT_DEADLINE] = TASK_WHERES(sql, "t.deadline, t.id"),                               \
        [TASK_SORT_DEADLINE_DESC] = TASK_WHERES(sql, "t.deadline DESC, t.id DESC"),                \
        [TASK_SORT_NEWEST] = TASK_WHERES(sql, "t.id DESC"),                                        \
        [TASK_SORT_PROGRESS] = TASK_WHERES(sql, "t.percent, t.deadline, t.id"),                    \
    }
    /* the order is picked from these whitelists, never from the request's text: by brief, sort,
     * then scope plan and narrowing */
    static const char *const list_sql[2][TASK_SORT_COUNT][4 * NARROW_COUNT] = {
        TASK_ORDERS(TASK_LIST_SQL), TASK_ORDERS(TASK_BRIEF_SQL)
    };
    static const char *const count_sql[4 * NARROW_COUNT] = {
        TASK_SCOPED(TASK_COUNT_SQL, TASK_SCOPE, ""),
        TASK_SCOPED(TASK_COUNT_SQL, TASK_SCOPE_LEAD, ""),
        TASK_SCOPED(TASK_COUNT_SQL, TASK_SCOPE_UNITS, ""),
        TASK_SCOPED(TASK_COUNT_ALL_SQL, TASK_SCOPE_ALL, ""),
    };
    if ((unsigned)f->sort >= TASK_SORT_COUNT)
        return err_set(err, RES_INVALID, "sort", "err.bad_enum");
    /* one state alone has a narrowing of its own; with any other filter, the general one */
    enum narrowing narrow = NARROW_ANY;
    if (!(f->kind && *f->kind) && !f->year && !f->leader) {
        static const struct {
            const char *state;
            enum narrowing narrow;
        } alone[] = { { "all", NARROW_NONE },
                      { "overdue", NARROW_OVERDUE },
                      { "due_soon", NARROW_DUE_SOON },
                      { "stalled", NARROW_STALLED } };
        for (size_t i = 0; i < sizeof(alone) / sizeof(alone[0]); i++)
            if (strcmp(state, alone[i].state) == 0)
                narrow = alone[i].narrow;
    }
    enum scope_plan plan = scope_plan(db, f, &u);
    int where = (int)narrow + NARROW_COUNT * (int)plan;
    sqlite3_stmt *st = db_stmt(db, list_sql[f->brief != 0][f->sort][where]);
    if (!st || bind_filter(st, &d, f, &u, end, state))
        return db_fail(db, err);
    sqlite3_bind_int64(st, 11, f->limit);
    sqlite3_bind_int64(st, 12, f->offset);
    struct task t;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (f->brief)
            task_brief_from_row(st, &d, &t);
        else
            task_from_row(st, &d, &t);
        fn(ctx, &t);
    }
    db_done(st);
    *total = 0;
    /* the tasks a subtree leads, or all of them: what the roll-up counts */
    int plain = (f->role == TASK_ROLE_LEAD || plan == SCOPE_ALL) && f->subtree &&
                !(f->kind && *f->kind) && !f->year && !f->leader;
    if (plain && (!strcmp(state, "all") || !strcmp(state, "accepted"))) {
        /* the roll-up counts answer without scanning */
        st = db_stmt(db, "SELECT CASE WHEN ?2 = 'all' THEN total ELSE accepted END"
                         " FROM task_tally WHERE unit_id = ?1");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, state);
    } else if (plain && (!strcmp(state, "open") || !strcmp(state, "overdue"))) {
        st = db_stmt(db,
                     "SELECT CASE WHEN ?2 = 'open' THEN (SELECT coalesce(sum(n), 0) FROM"
                     " task_open_month WHERE unit_id = ?1) ELSE " TASK_OVERDUE("?1", "?3") " END");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, state);
        db_bind_text(st, 3, d.today);
    } else {
        st = db_stmt(db, count_sql[where]);
        if (!st || bind_filter(st, &d, f, &u, end, state))
            return db_fail(db, err);
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        *total = sqlite3_column_int64(st, 0);
    db_done(st);
    return RES_OK;
}

enum result
task_stats(struct db *db, const struct actor *who, const char *unit, struct task_stats *all,
           void (*fn)(void *ctx, const char *code, const char *name, const struct task_stats *s),
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
                      " coalesce(y.notices, 0) FROM unit c LEFT JOIN task_tally y"
                      " ON y.unit_id = c.id WHERE c.id = ?1 OR c.parent_id = ?1 ORDER BY c.path");
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
            .notices = sqlite3_column_int64(st, 10),
        };
        if (sqlite3_column_int(st, 6)) {
            *all = s;
            own = s;
            if (fn)
                fn(ctx, db_col_text(st, 0), db_col_text(st, 1), NULL);
            continue;
        }
        own.total -= s.total;
        own.accepted -= s.accepted;
        own.on_time -= s.on_time;
        own.overdue -= s.overdue;
        own.reminders -= s.reminders;
        own.urges -= s.urges;
        own.criticisms -= s.criticisms;
        own.notices -= s.notices;
        if (fn)
            fn(ctx, db_col_text(st, 0), db_col_text(st, 1), &s);
    }
    db_done(st);
    if (fn)
        fn(ctx, NULL, NULL, &own);
    return RES_OK;
}

enum result task_leader_stats(struct db *db, long long person, struct task_stats *out)
{
    char today[11];
    clock_today(today);
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*), coalesce(sum(state = 'accepted'), 0),"
                                   " coalesce(sum(state = 'accepted' AND finished <= deadline), 0),"
                                   " coalesce(sum(state <> 'accepted' AND deadline < ?2), 0)"
                                   " FROM task WHERE leader_id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, person);
    db_bind_text(st, 2, today);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->total = sqlite3_column_int64(st, 0);
        out->accepted = sqlite3_column_int64(st, 1);
        out->on_time = sqlite3_column_int64(st, 2);
        out->overdue = sqlite3_column_int64(st, 3);
    }
    db_done(st);
    return RES_OK;
}

enum result task_timeline(struct db *db, const struct actor *who, long long id,
                          void (*fn)(void *ctx, const char *at, const char *actor,
                                     const char *action, const char *after),
                          void *ctx)
{
    enum result r = check_visible(db, who, id);
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

enum result plan_create(struct db *db, const struct actor *who, const char *unit_code,
                        long long year, const char *title, long long *id, struct err *err)
{
    enum result r = err_text(err, "title", title, 1, TASK_TITLE_MAX, 0);
    if (r != RES_OK)
        return r;
    if (year < 2000 || year > 2100)
        return err_setf(err, RES_INVALID, "year", "err.range", "2000-2100");
    struct unit u;
    if ((r = unit_get(db, who, unit_code, &u, err)) != RES_OK)
        return r;
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    char now[26];
    clock_now(now);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO plan(unit_id, year, title, created)"
                                   " VALUES (?1, ?2, ?3, ?4)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_int64(st, 2, year);
        db_bind_text(st, 3, title);
        db_bind_text(st, 4, now);
        rc = sqlite3_step(st);
        db_done(st);
    }
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        db_tx_rollback(db);
        return err_set(err, RES_CONFLICT, "title", "err.duplicate");
    }
    *id = sqlite3_last_insert_rowid(db->h);
    r = rc == SQLITE_DONE ? audit_record(db, who, "plan.create", "plan", *id,
                                         json_pack("{s:s, s:I, s:s}", "unit", u.code, "year",
                                                   (json_int_t)year, "title", title))
                          : RES_FAIL;
    if (r != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result plan_create_job(struct db *db, void *arg)
{
    struct plan_create_job *job = arg;
    return plan_create(db, job->who, job->unit, job->year, job->title, &job->id, &job->err);
}

enum result plan_each(struct db *db, const struct actor *who,
                      void (*fn)(void *ctx, const struct plan *p), void *ctx)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id, u.code, u.name, p.year, p.title,"
                                   " (SELECT count(*) FROM task t WHERE t.plan_id = p.id AND"
                                   " t.depth = 0 AND t.kind = 'key'),"
                                   " (SELECT count(*) FROM task t WHERE t.plan_id = p.id AND"
                                   " t.depth = 0 AND t.kind = 'routine')"
                                   " FROM plan p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE u.path >= ?1 AND u.path < ?2"
                                   " ORDER BY p.year DESC, u.path, p.id");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, who->unit_path);
    db_bind_text(st, 2, end);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct plan p = {
            .id = sqlite3_column_int64(st, 0),
            .unit_code = db_col_text(st, 1),
            .unit_name = db_col_text(st, 2),
            .year = sqlite3_column_int64(st, 3),
            .title = db_col_text(st, 4),
            .n_key = sqlite3_column_int64(st, 5),
            .n_routine = sqlite3_column_int64(st, 6),
        };
        fn(ctx, &p);
    }
    db_done(st);
    return RES_OK;
}

enum result task_tree(struct db *db, const struct actor *who, long long id,
                      void (*fn)(void *ctx, const struct task *t), void *ctx)
{
    enum result r = check_visible(db, who, id);
    if (r != RES_OK)
        return r;
    struct dates d;
    dates_now(&d);
    /* a recursive query; the sort key (ids zero-padded, lpad() in PostgreSQL) keeps each
     * subtree together */
    sqlite3_stmt *st = db_stmt(
        db, "WITH RECURSIVE sub(id, sortkey) AS (SELECT id, printf('%010d', id) FROM task"
            " WHERE parent_id = ?1 UNION ALL SELECT c.id, sub.sortkey || '/' || printf('%010d',"
            " c.id) FROM task c JOIN sub ON c.parent_id = sub.id)"
            " SELECT " TASK_COLUMNS TASK_JOINS " JOIN sub ON sub.id = t.id ORDER BY sub.sortkey");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
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
    enum result r = check_visible(db, who, id);
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

enum result supervision_each(struct db *db, const struct actor *who, enum supervision_scope what,
                             long long id, void (*fn)(void *ctx, const struct supervision_row *s),
                             void *ctx)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    /* every row must be in scope through the task's lead, assigning or an assisting unit, or
     * name the actor as the task's responsible leader */
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.id, s.task_id, t.title, lu.code, lu.name, t.deadline, iu.name, s.kind,"
            " s.text, s.year, coalesce(s.serial, 0), s.created FROM supervision s"
            " JOIN task t ON t.id = s.task_id JOIN unit lu ON lu.id = t.lead_unit_id"
            " JOIN unit au ON au.id = t.assigner_unit_id JOIN unit iu ON iu.id = s.unit_id"
            " WHERE ((lu.path >= ?1 AND lu.path < ?2) OR (au.path >= ?1 AND au.path < ?2)"
            " OR t.leader_id = ?6 OR EXISTS (SELECT 1 FROM task_assist ta JOIN unit tu"
            " ON tu.id = ta.unit_id WHERE ta.task_id = t.id AND tu.path >= ?1 AND tu.path < ?2))"
            " AND ((?3 = 0 AND s.task_id = ?4) OR (?3 = 2 AND s.id = ?4)"
            " OR (?3 = 1 AND (t.lead_unit_id = ?5 OR t.leader_id = ?6)))"
            " ORDER BY s.id DESC LIMIT 500");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, who->unit_path);
    db_bind_text(st, 2, end);
    sqlite3_bind_int(st, 3, (int)what);
    sqlite3_bind_int64(st, 4, id);
    sqlite3_bind_int64(st, 5, who->unit_id);
    sqlite3_bind_int64(st, 6, who->person_id);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct supervision_row row = {
            .id = sqlite3_column_int64(st, 0),
            .task_id = sqlite3_column_int64(st, 1),
            .task_title = db_col_text(st, 2),
            .lead_code = db_col_text(st, 3),
            .lead_name = db_col_text(st, 4),
            .deadline = db_col_text(st, 5),
            .unit_name = db_col_text(st, 6),
            .kind = db_col_text(st, 7),
            .text = db_col_text(st, 8),
            .year = sqlite3_column_int64(st, 9),
            .serial = sqlite3_column_int64(st, 10),
            .created = db_col_text(st, 11),
        };
        fn(ctx, &row);
        n++;
    }
    db_done(st);
    return what == SUP_ONE && n == 0 ? RES_NOT_FOUND : RES_OK;
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

enum result task_import(struct db *db, const struct actor *who, long long plan, const char *data,
                        size_t len, long long *n_added, const struct import_report *rep)
{
    static const char *const header[] = { "title",  "kind",     "lead_unit",  "assist_units",
                                          "leader", "deadline", "description" };
    struct import_ctx ic = { db, who, plan, n_added };
    *n_added = 0;
    if (db_tx_begin(db) != RES_OK)
        return RES_FAIL;
    if (csv_each_row(data, len, header, sizeof(header) / sizeof(header[0]), import_row, &ic, rep) !=
        0) {
        db_tx_rollback(db);
        *n_added = 0;
        return RES_INVALID;
    }
    return db_tx_commit(db);
}

enum result task_milestones(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const char *title, const char *due), void *ctx)
{
    enum result r = check_visible(db, who, id);
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
    enum result r = check_visible(db, who, id);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, name, type, size FROM task_attachment"
                                   " WHERE task_id = ?1 ORDER BY id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
           sqlite3_column_int64(st, 3));
    db_done(st);
    return RES_OK;
}

enum result task_attachment_get(struct db *db, const struct actor *who, long long file_id,
                                void (*fn)(void *ctx, const char *name, const char *type,
                                           const void *data, size_t size),
                                void *ctx)
{
    long long task_id = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT task_id FROM task_attachment WHERE id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, file_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        task_id = sqlite3_column_int64(st, 0);
    db_done(st);
    struct task_access a;
    if (!task_id || task_load(db, task_id, &a) != RES_OK || !visible(db, who, task_id, &a))
        return RES_NOT_FOUND;
    st = db_stmt(db, "SELECT name, type, data FROM task_attachment WHERE id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, file_id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_blob(st, 2),
           (size_t)sqlite3_column_bytes(st, 2));
        r = RES_OK;
    }
    db_done(st);
    return r;
}
