/*
 * Supervision model; see supervision.h. Mechanism layer: rules and SQL for supervision; a record
 * is audited on its task ("task:ID", the task's timeline) and counted in the roll-up.
 */
#include "task/supervision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "auth/outbox.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "task/notice.h"
#include "task/task.h"
#include "task/task_int.h"
#include "unit/unit.h"

/* The lead unit's message of a supervision, for taizhang notify: the task's title, the text. */
static enum result supervision_message(struct db *db, long long task, long long unit,
                                       const char *kind, const char *text)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT title FROM task WHERE id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, task);
    enum result r = RES_FAIL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        char what[48], path[32];
        snprintf(what, sizeof(what), "supervision.%s", kind);
        snprintf(path, sizeof(path), "/tasks/%lld", task);
        const struct outbox_msg m = { .kind = what,
                                      .unit_id = unit,
                                      .title = db_col_text(st, 0),
                                      .text = text,
                                      .path = path,
                                      .task_id = task };
        r = outbox_put(db, &m);
    }
    db_done(st);
    return r;
}

/* The kind "notice" of older clients: a draft notice criticising the task's lead unit, for a
 * leader of the department to sign. */
static enum result draft_notice(struct db *db, const struct actor *who, long long id,
                                const struct task_access *a, const char *text,
                                long long *notice_id, struct err *err)
{
    char lead[UNIT_CODE_MAX + 1] = "";
    sqlite3_stmt *st = db_stmt(db, "SELECT code FROM unit WHERE id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, a->lead_unit_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(lead, sizeof(lead), "%s", db_col_text(st, 0));
    db_done(st);
    const char *to[] = { lead };
    struct notice_input in = { .kind = "criticism",
                               .title = i18n(LANG_ZH, "sup.notice_title"),
                               .text = text,
                               .to = to,
                               .n_to = 1,
                               .task_id = id };
    return notice_draft(db, who, &in, notice_id, err);
}

enum result task_supervise(struct db *db, const struct actor *who, long long id, const char *kind,
                           const char *text, long long *sup_id, long long *notice_id,
                           struct err *err)
{
    static const char *const kinds[] = { "reminder", "urge", "criticism", "notice" };
    int known = 0;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        known |= kind && strcmp(kind, kinds[i]) == 0;
    if (!known)
        return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "reminder|urge|criticism");
    enum result r = err_text(err, "text", text, 1, TASK_TEXT_MAX, 1);
    if (r != RES_OK)
        return r;
    /* supervision staff, and leaders, who criticise directly (speech.txt "该批评的要批评") */
    if (!role_may(who->role, PERM_SUPERVISE) && who->role != ROLE_LEADER)
        return err_set(err, RES_FORBIDDEN, "kind", "err.forbidden");
    struct task_access a;
    if ((r = task_load_for(db, who, id, &a, err)) != RES_OK)
        return r;
    if ((r = scope_check(who, a.lead_path, PERM_READ, err)) != RES_OK)
        return r;
    if (strcmp(a.state, "accepted") == 0)
        return err_set(err, RES_CONFLICT, "task", "err.task_closed");
    *sup_id = *notice_id = 0;
    if (strcmp(kind, "notice") == 0)
        return draft_notice(db, who, id, &a, text, notice_id, err);
    char today[11], now[26];
    clock_today(today);
    clock_now(now);
    long long year = strtol(today, NULL, 10);
    /* the command line issues in the name of the lead unit's parent level */
    long long unit_id = who->unit_id ? who->unit_id : a.assigner_unit_id;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO supervision(task_id, unit_id, kind, text, year,"
                                   " account_id, created) VALUES (?1, ?2, ?3, ?4, ?5,"
                                   " nullif(?6, 0), ?7)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, unit_id);
        db_bind_text(st, 3, kind);
        db_bind_text(st, 4, text);
        sqlite3_bind_int64(st, 5, year);
        sqlite3_bind_int64(st, 6, who->account_id);
        db_bind_text(st, 7, now);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *sup_id = sqlite3_last_insert_rowid(db->h);
    r = rc == SQLITE_DONE ? tally_supervision(db, a.lead_path, kind) : RES_FAIL;
    if (r == RES_OK)
        r = audit_record(db, who, "task.supervise", "task", id,
                         json_pack("{s:s, s:s}", "kind", kind, "text", text));
    if (r == RES_OK)
        r = supervision_message(db, id, a.lead_unit_id, kind, text);
    if (r != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result task_supervise_job(struct db *db, void *arg)
{
    struct task_supervise_job *job = arg;
    return task_supervise(db, job->who, job->id, job->kind, job->text, &job->sup_id,
                          &job->notice_id, &job->err);
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
            " s.text, s.created FROM supervision s"
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
            .created = db_col_text(st, 9),
        };
        fn(ctx, &row);
        n++;
    }
    db_done(st);
    return what == SUP_ONE && n == 0 ? RES_NOT_FOUND : RES_OK;
}
