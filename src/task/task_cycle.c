/*
 * The supervision cycle of a task; see task_cycle.h. Each step checks who may take it and
 * whether the task's state allows it, changes the task (and its extension requests) and the
 * roll-up counts of open tasks by deadline, and audits it, in one transaction.
 */
#include "task/task_cycle.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "auth/outbox.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "core/str.h"
#include "task/task.h"
#include "task/task_int.h"
#include "unit/unit.h"

static const struct supervision_days DEFAULT_DAYS = {
    SUPERVISION_SIGN_DAYS, SUPERVISION_DUE_SOON_DAYS, SUPERVISION_STALLED_DAYS,
    SUPERVISION_ESCALATE_DAYS
};

void supervision_days_of(struct db *db, long long unit_id, struct supervision_days *out)
{
    *out = DEFAULT_DAYS;
    sqlite3_stmt *st = db_stmt(db, "SELECT sign_days, due_soon_days, stalled_days, escalate_days"
                                   " FROM supervision_setting WHERE unit_id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, unit_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (struct supervision_days){ sqlite3_column_int64(st, 0),
                                          sqlite3_column_int64(st, 1),
                                          sqlite3_column_int64(st, 2),
                                          sqlite3_column_int64(st, 3) };
    db_done(st);
}

enum result supervision_days_get(struct db *db, const struct actor *who, const char *unit,
                                 struct supervision_days *out, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    supervision_days_of(db, u.id, out);
    return RES_OK;
}

enum result supervision_days_set(struct db *db, const struct actor *who, const char *unit,
                                 const struct supervision_days *in, struct err *err)
{
    const struct {
        const char *field;
        long long v;
    } days[] = { { "sign_days", in->sign },
                 { "due_soon_days", in->due_soon },
                 { "stalled_days", in->stalled },
                 { "escalate_days", in->escalate } };
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK || (r = scope_check(who, u.path, PERM_UNIT_WRITE, err)) != RES_OK)
        return r;
    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++)
        if (days[i].v < 0 || days[i].v > SUPERVISION_DAYS_MAX)
            return err_setf(err, RES_INVALID, days[i].field, "err.range", "0-%d",
                            SUPERVISION_DAYS_MAX);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO supervision_setting(unit_id, sign_days,"
                                   " due_soon_days, stalled_days, escalate_days)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(unit_id) DO UPDATE"
                                   " SET sign_days = ?2, due_soon_days = ?3, stalled_days = ?4,"
                                   " escalate_days = ?5");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        for (int i = 0; i < 4; i++)
            sqlite3_bind_int64(st, 2 + i, days[i].v);
        rc = sqlite3_step(st);
        db_done(st);
    }
    char object[UNIT_CODE_MAX + 8];
    snprintf(object, sizeof(object), "unit:%s", u.code);
    long long moved; /* the lights of the unit's tasks count its new days */
    if (rc != SQLITE_DONE || task_book_all(db, u.id, &moved) != RES_OK ||
        audit_record_object(db, who, "supervision.days", object,
                            json_pack("{s:I, s:I, s:I, s:I}", "sign_days", (json_int_t)in->sign,
                                      "due_soon_days", (json_int_t)in->due_soon, "stalled_days",
                                      (json_int_t)in->stalled, "escalate_days",
                                      (json_int_t)in->escalate)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result supervision_days_job(struct db *db, void *arg)
{
    struct supervision_days_job *job = arg;
    return supervision_days_set(db, job->who, job->unit, &job->in, &job->err);
}

/* Whether the step is the lead unit's (else the issuing unit's). */
static int lead_step(enum task_step step)
{
    return step == TASK_SIGN || step == TASK_EXTENSION_ASK;
}

/* Who may take the step: the lead unit's own accounts for its steps; for the issuing unit's,
 * the accounts that may write records there or above it, but not the lead unit's. */
static enum result may_step(const struct actor *who, const struct task_access *a,
                            enum task_step step, struct err *err)
{
    if (lead_step(step)) {
        if (who->unit_id != a->lead_unit_id)
            return err_set(err, RES_FORBIDDEN, "task", "err.not_holder");
        return scope_check(who, a->lead_path, PERM_RECORD_WRITE, err);
    }
    if (!scope_has_path(who, a->assigner_path) ||
        (who->unit_id == a->lead_unit_id && a->lead_unit_id != a->assigner_unit_id))
        return err_set(err, RES_FORBIDDEN, "task", "err.not_issuer");
    return scope_check(who, a->assigner_path, PERM_RECORD_WRITE, err);
}

/* Whether the task's state allows the step. */
static enum result state_allows(const struct task_access *a, enum task_step step,
                                long long pending, struct err *err)
{
    if (strcmp(a->state, "accepted") == 0)
        return err_set(err, RES_CONFLICT, "task", "err.task_closed");
    if (step == TASK_RESUME)
        return a->suspended ? RES_OK : err_set(err, RES_CONFLICT, "task", "err.not_suspended");
    if (a->suspended && step != TASK_EXTENSION_APPROVE && step != TASK_EXTENSION_REFUSE)
        return err_set(err, RES_CONFLICT, "task", "err.task_suspended");
    if (step == TASK_SIGN && a->is_signed)
        return err_set(err, RES_CONFLICT, "task", "err.task_signed");
    if (step == TASK_EXTENSION_ASK && pending)
        return err_set(err, RES_CONFLICT, "task", "err.extension_pending");
    if ((step == TASK_EXTENSION_APPROVE || step == TASK_EXTENSION_REFUSE) && !pending)
        return err_set(err, RES_CONFLICT, "task", "err.extension_none");
    return RES_OK;
}

/* The pending extension request of task id, 0 for none; its day goes to to. */
static long long pending_extension(struct db *db, long long id, char to[11])
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, to_day FROM task_extension"
                                   " WHERE task_id = ?1 AND state = 'pending'");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    long long ext = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        ext = sqlite3_column_int64(st, 0);
        snprintf(to, 11, "%s", db_col_text(st, 1));
    }
    db_done(st);
    return ext;
}

/* Runs sql with ?1 the task (or request) id, the texts ?2 and ?3 and the number ?4, as far as
 * it has them. Returns 1 when it ran. */
static int run(struct db *db, const char *sql, long long id, const char *p2, const char *p3,
               long long p4)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    int n = sqlite3_bind_parameter_count(st);
    if (n >= 2)
        db_bind_text(st, 2, p2);
    if (n >= 3)
        db_bind_text(st, 3, p3);
    if (n >= 4)
        sqlite3_bind_int64(st, 4, p4);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE;
}

/* Records a request for a later deadline. Returns 1 when it went in. */
static int ask(struct db *db, const struct actor *who, long long id, const char *from,
               const char *to, const char *reason, const char *now)
{
    sqlite3_stmt *st =
        db_stmt(db, "INSERT INTO task_extension(task_id, from_day, to_day, reason,"
                    " asked_by, asked_at) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6)");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    db_bind_text(st, 4, reason);
    sqlite3_bind_int64(st, 5, who->account_id);
    db_bind_text(st, 6, now);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE;
}

/* The step's changes of the task and its requests, and of the open tasks' counts (a suspended
 * task is not open: it is never overdue). Returns 1 when all went in. */
static int apply(struct db *db, const struct actor *who, long long id, const struct task_access *a,
                 enum task_step step, const char *day, const char *reason, long long ext,
                 const char *ext_to)
{
    char now[26], today[11];
    clock_now(now);
    clock_today(today);
    int open = strcmp(a->state, "accepted") != 0 && strcmp(a->state, "reported") != 0 &&
               !a->suspended; /* in work, counted open by deadline */
    switch (step) {
    case TASK_SIGN:
        return run(db, "UPDATE task SET signed_at = ?2, signed_by = nullif(?4, 0) WHERE id = ?1",
                   id, now, NULL, who->account_id);
    case TASK_EXTENSION_ASK:
        return ask(db, who, id, a->deadline, day, reason, now);
    case TASK_EXTENSION_APPROVE:
        /* the task moves to its new day in the counts by deadline */
        return run(db, "UPDATE task_extension SET state = 'approved', decided_by = nullif(?4, 0),"
                       " decided_at = ?2, decision_reason = ?3 WHERE id = ?1",
                   ext, now, reason ? reason : "", who->account_id) &&
               run(db, "UPDATE task SET original_deadline = coalesce(original_deadline,"
                       " deadline), deadline = ?2 WHERE id = ?1",
                   id, ext_to, NULL, 0) &&
               tally_task(db, a->lead_path, a->deadline, -1, 0, 0, -open) == RES_OK &&
               tally_task(db, a->lead_path, ext_to, 1, 0, 0, open) == RES_OK;
    case TASK_EXTENSION_REFUSE:
        return run(db, "UPDATE task_extension SET state = 'refused', decided_by = nullif(?4, 0),"
                       " decided_at = ?2, decision_reason = ?3 WHERE id = ?1",
                   ext, now, reason, who->account_id);
    case TASK_SUSPEND:
        return run(db, "UPDATE task SET suspended = ?2, suspend_reason = ?3 WHERE id = ?1", id,
                   today, reason, 0) &&
               tally_task(db, a->lead_path, a->deadline, 0, 0, 0, -open) == RES_OK;
    case TASK_RESUME:
        return run(db, "UPDATE task SET suspended = NULL, suspend_reason = '' WHERE id = ?1", id,
                   NULL, NULL, 0) &&
               tally_task(db, a->lead_path, a->deadline, 0, 0, 0,
                          strcmp(a->state, "reported") != 0) == RES_OK;
    }
    return 0;
}

static const char *const step_actions[] = {
    [TASK_SIGN] = "task.sign",
    [TASK_EXTENSION_ASK] = "task.extension_ask",
    [TASK_EXTENSION_APPROVE] = "task.extension_approve",
    [TASK_EXTENSION_REFUSE] = "task.extension_refuse",
    [TASK_SUSPEND] = "task.suspend",
    [TASK_RESUME] = "task.resume",
};

enum result task_step(struct db *db, const struct actor *who, long long id, enum task_step step,
                      const char *day, const char *reason, struct err *err)
{
    if ((unsigned)step > TASK_RESUME)
        BUG("an unknown step of a task");
    /* the reasons: required to ask, refuse and suspend, optional to approve, none otherwise */
    int need_reason = step == TASK_EXTENSION_ASK || step == TASK_EXTENSION_REFUSE ||
                      step == TASK_SUSPEND;
    enum result r = RES_OK;
    if (need_reason || step == TASK_EXTENSION_APPROVE)
        r = err_text(err, "reason", reason, need_reason, TASK_TEXT_MAX, 1);
    if (r == RES_OK && step == TASK_EXTENSION_ASK && !date_valid(day))
        r = err_set(err, RES_INVALID, "to", "err.bad_date");
    if (r != RES_OK)
        return r;
    struct task_access a;
    if ((r = task_load_for(db, who, id, &a, err)) != RES_OK ||
        (r = may_step(who, &a, step, err)) != RES_OK)
        return r;
    char ext_to[11] = "";
    long long ext = pending_extension(db, id, ext_to);
    if (ext < 0)
        return db_fail(db, err);
    if ((r = state_allows(&a, step, ext, err)) != RES_OK)
        return r;
    if (step == TASK_EXTENSION_ASK && strcmp(day, a.deadline) <= 0)
        return err_setf(err, RES_INVALID, "to", "err.extension_day", "%s", a.deadline);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    json_t *after = json_object();
    if (day && step == TASK_EXTENSION_ASK)
        json_object_set_new(after, "to", json_string(day));
    if (step == TASK_EXTENSION_APPROVE)
        json_object_set_new(after, "deadline", json_string(ext_to));
    if (reason && *reason)
        json_object_set_new(after, "reason", json_string(reason));
    int done = apply(db, who, id, &a, step, day, reason, ext, ext_to) && task_book(db, id) == RES_OK;
    if (!done)
        json_decref(after);
    /* the audit record only after the change: audit_record takes over its document */
    if (!done || audit_record(db, who, step_actions[step], "task", id, after) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result task_step_job(struct db *db, void *arg)
{
    struct task_step_job *job = arg;
    return task_step(db, job->who, job->id, job->step, job->day, job->reason, &job->err);
}

enum result task_extensions(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const struct task_extension *e), void *ctx)
{
    enum result r = task_check_visible(db, who, id);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, from_day, to_day, reason, asked_at, state,"
                                   " coalesce(decided_at, ''), decision_reason FROM task_extension"
                                   " WHERE task_id = ?1 ORDER BY id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const struct task_extension e = {
            .id = sqlite3_column_int64(st, 0),
            .from = db_col_text(st, 1),
            .to = db_col_text(st, 2),
            .reason = db_col_text(st, 3),
            .asked_at = db_col_text(st, 4),
            .state = db_col_text(st, 5),
            .decided_at = db_col_text(st, 6),
            .decision_reason = db_col_text(st, 7),
        };
        fn(ctx, &e);
    }
    db_done(st);
    return RES_OK;
}

/* Writes one escalation of task id (title, deadline, lead unit) to account, or to each account
 * of the leader role in the lead unit when account is 0. */
static enum result escalate(struct db *db, long long id, const char *title, const char *deadline,
                            long long unit, long long account)
{
    char path[32], text[OUTBOX_DEADLINE_MAX], line[TASK_TITLE_MAX * 4 + 64];
    snprintf(path, sizeof(path), "/tasks/%lld", id);
    outbox_deadline(text, deadline);
    snprintf(line, sizeof(line), "%s:%s", i18n(LANG_ZH, "escalation.title"), title);
    struct outbox_msg m = { .kind = "escalation",
                            .unit_id = unit,
                            .title = line,
                            .text = text,
                            .path = path,
                            .account_id = account,
                            .task_id = id };
    if (account)
        return outbox_put(db, &m);
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM account WHERE unit_id = ?1 AND role = 'leader'"
                                   " AND disabled = 0 ORDER BY id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit);
    enum result r = RES_OK;
    while (r == RES_OK && sqlite3_step(st) == SQLITE_ROW) {
        m.account_id = sqlite3_column_int64(st, 0);
        r = outbox_put(db, &m);
    }
    db_done(st);
    return r;
}

enum result supervision_sweep(struct db *db, long long *n, long long *counted)
{
    *n = 0;
    char today[11];
    clock_today(today);
    if (db_tx_begin(db) != RES_OK)
        return RES_FAIL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT t.id, t.title, t.deadline, t.lead_unit_id, coalesce((SELECT a.id FROM account a"
            " WHERE a.person_id = t.leader_id AND a.disabled = 0), 0) FROM task t"
            " WHERE t.deadline < ?1 AND " TASK_IN_WORK " AND (t.escalated IS NULL"
            " OR t.escalated <> t.deadline) AND t.deadline <= date(?1, '-' || coalesce((SELECT"
            " s.escalate_days FROM supervision_setting s WHERE s.unit_id = t.assigner_unit_id), "
            TASK_DAYS_STR(SUPERVISION_ESCALATE_DAYS) ") || ' days') ORDER BY t.deadline, t.id");
    enum result r = st ? RES_OK : RES_FAIL;
    if (st)
        db_bind_text(st, 1, today);
    while (r == RES_OK && sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        r = escalate(db, id, db_col_text(st, 1), db_col_text(st, 2), sqlite3_column_int64(st, 3),
                     sqlite3_column_int64(st, 4));
        if (r == RES_OK &&
            !run(db, "UPDATE task SET escalated = deadline WHERE id = ?1", id, NULL, NULL, 0))
            r = RES_FAIL;
        (*n)++;
    }
    if (st)
        db_done(st);
    /* the figures that move with the day alone, each counter row written once */
    long long moved = 0;
    db_bulk_begin(db);
    if (r == RES_OK && task_book_all(db, 0, &moved) != RES_OK)
        r = RES_FAIL;
    if (db_bulk_end(db) != 0)
        r = RES_FAIL;
    if (r != RES_OK) {
        db_tx_rollback(db);
        *n = 0;
        return RES_FAIL;
    }
    if (counted)
        *counted = moved;
    st = db_stmt(db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('supervision.swept',"
                     " CAST(?1 AS BLOB))");
    if (!st || db_bind_text(st, 1, today) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
        if (st)
            db_done(st);
        db_tx_rollback(db);
        *n = 0;
        return RES_FAIL;
    }
    db_done(st);
    return db_tx_commit(db);
}

int supervision_swept_today(struct db *db)
{
    char today[11];
    clock_today(today);
    return db_count(db, "SELECT count(*) FROM meta WHERE key = 'supervision.swept'"
                        " AND value = CAST(?1 AS BLOB)", today, 0) > 0;
}
