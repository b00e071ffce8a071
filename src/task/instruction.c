/*
 * Leaders' instructions; see instruction.h. Every instruction is audited under "instruction:ID";
 * the result reaches the leader through the one store of messages (auth/outbox.h).
 */
#include "task/instruction.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "auth/outbox.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/str.h"
#include "registry/registry.h"
#include "unit/unit.h"

static const char *const on_kinds[] = { "report", "document", "essay" };

/* Whether the person is active and in the actor's scope. */
static int person_in_scope(struct db *db, const struct actor *who, long long person)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.id = ?1 AND p.active = 1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, person);
    int ok = sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 0));
    db_done(st);
    return ok;
}

enum result instruction_create(struct db *db, const struct actor *who,
                               const struct instruction_input *in, long long *id,
                               struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, in->unit, &u, err);
    if (r != RES_OK || (r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if ((r = err_text(err, "text", in->text, 1, INSTRUCTION_TEXT_MAX, 1)) != RES_OK ||
        (r = err_text(err, "on", in->on, 1, TASK_TITLE_MAX, 0)) != RES_OK)
        return r;
    if (!in->day || !date_valid(in->day))
        return err_set(err, RES_INVALID, "day", "err.bad_date");
    int kind_ok = !in->on_kind;
    for (size_t i = 0; i < sizeof(on_kinds) / sizeof(on_kinds[0]) && !kind_ok; i++)
        kind_ok = strcmp(in->on_kind, on_kinds[i]) == 0;
    if (!kind_ok)
        return err_setf(err, RES_INVALID, "on_kind", "err.bad_enum", "report|document|essay");
    if (!in->leader || !person_in_scope(db, who, in->leader))
        return err_set(err, RES_INVALID, "leader", "err.not_found");
    char now[26];
    clock_now(now);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st =
        db_stmt(db, "INSERT INTO instruction(unit_id, leader_id, day, text,"
                    " on_title, on_kind, recorded_by, created)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''), nullif(?7, 0), ?8)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_int64(st, 2, in->leader);
        db_bind_text(st, 3, in->day);
        db_bind_text(st, 4, in->text);
        db_bind_text(st, 5, in->on);
        db_bind_text(st, 6, in->on_kind);
        sqlite3_bind_int64(st, 7, who->account_id);
        db_bind_text(st, 8, now);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    char object[32];
    snprintf(object, sizeof(object), "instruction:%lld", *id);
    if (rc != SQLITE_DONE ||
        registry_count(db, u.path, in->day, "instruction.received", 1) != RES_OK ||
        audit_record_object(db, who, "instruction.create", object,
                            json_pack("{s:s, s:I, s:s, s:s}", "unit", u.code, "leader",
                                      (json_int_t)in->leader, "day", in->day, "on", in->on)) !=
            RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result instruction_create_job(struct db *db, void *arg)
{
    struct instruction_create_job *job = arg;
    return instruction_create(db, job->who, &job->in, &job->id, &job->err);
}

/* The path of the instruction's unit into path; RES_NOT_FOUND when there is none. */
static enum result instruction_path(struct db *db, long long id, char path[UNIT_PATH_MAX])
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM instruction i JOIN unit u"
                                   " ON u.id = i.unit_id WHERE i.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(path, UNIT_PATH_MAX, "%s", db_col_text(st, 0));
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result instruction_task(struct db *db, const struct actor *who, long long id,
                             const struct task_input *in, long long *task_id, struct err *err)
{
    char path[UNIT_PATH_MAX];
    enum result r = instruction_path(db, id, path);
    if (r == RES_FAIL)
        return db_fail(db, err);
    if (r != RES_OK || !scope_has_path(who, path))
        return err_set(err, RES_NOT_FOUND, "instruction", "err.not_found");
    struct task_input from = *in;
    from.instruction = id;
    return task_create(db, who, &from, task_id, err);
}

enum result instruction_task_job(struct db *db, void *arg)
{
    struct instruction_task_job *job = arg;
    return instruction_task(db, job->who, job->id, &job->in, &job->task_id, &job->err);
}

#define INSTRUCTION_COLUMNS                                                                        \
    "i.id, u.code, i.leader_id, coalesce(p.name, ''), i.day, i.text, i.on_title,"                  \
    " coalesce(i.on_kind, ''), (SELECT count(*) FROM task t WHERE t.instruction_id = i.id),"       \
    " (SELECT count(*) FROM task t WHERE t.instruction_id = i.id AND t.state = 'accepted'),"      \
    " u.path"                                                                                      \
    " FROM instruction i JOIN unit u ON u.id = i.unit_id LEFT JOIN person p ON p.id = i.leader_id"

static void from_row(sqlite3_stmt *st, struct instruction *i)
{
    *i = (struct instruction){
        .id = sqlite3_column_int64(st, 0),
        .unit_code = db_col_text(st, 1),
        .leader_id = sqlite3_column_int64(st, 2),
        .leader_name = db_col_text(st, 3),
        .day = db_col_text(st, 4),
        .text = db_col_text(st, 5),
        .on = db_col_text(st, 6),
        .on_kind = db_col_text(st, 7),
        .n_tasks = sqlite3_column_int64(st, 8),
        .n_accepted = sqlite3_column_int64(st, 9),
    };
}

enum result instruction_get(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const struct instruction *i),
                            void (*task_fn)(void *ctx, long long task, const char *title,
                                            const char *state),
                            void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " INSTRUCTION_COLUMNS " WHERE i.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 10)) &&
        role_may(who->role, PERM_READ)) {
        struct instruction i;
        from_row(st, &i);
        fn(ctx, &i);
        r = RES_OK;
    }
    db_done(st);
    if (r != RES_OK)
        return r;
    st = db_stmt(db, "SELECT id, title, CASE WHEN suspended IS NOT NULL THEN 'suspended'"
                     " ELSE state END FROM task WHERE instruction_id = ?1 ORDER BY id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        task_fn(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2));
    db_done(st);
    return RES_OK;
}

enum result instruction_each(struct db *db, const struct actor *who, const char *unit,
                             const char *from, const char *to,
                             void (*fn)(void *ctx, const struct instruction *i), void *ctx,
                             struct err *err)
{
    if ((from && !date_valid(from)) || (to && !date_valid(to)))
        return err_set(err, RES_INVALID, from && !date_valid(from) ? "from" : "to",
                       "err.bad_date");
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX];
    path_end(end, u.path);
    sqlite3_stmt *st = db_stmt(db, "SELECT " INSTRUCTION_COLUMNS " WHERE u.path >= ?1"
                                   " AND u.path < ?2 AND i.day >= ?3 AND i.day <= ?4"
                                   " ORDER BY i.day DESC, i.id DESC");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, from ? from : "0000-00-00");
    db_bind_text(st, 4, to ? to : "9999-99-99");
    struct instruction i;
    while (sqlite3_step(st) == SQLITE_ROW) {
        from_row(st, &i);
        fn(ctx, &i);
    }
    db_done(st);
    return RES_OK;
}

enum result instruction_on_accept(struct db *db, long long task_id)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT i.id, i.unit_id, i.on_title, coalesce((SELECT a.id FROM account a WHERE"
            " a.person_id = i.leader_id AND a.disabled = 0), i.recorded_by, 0),"
            " (SELECT count(*) FROM task o WHERE o.instruction_id = i.id AND o.state <> 'accepted')"
            " FROM task t JOIN instruction i ON i.id = t.instruction_id WHERE t.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, task_id);
    enum result r = RES_OK;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 4) == 0 &&
        sqlite3_column_int64(st, 3)) {
        char title[TASK_TITLE_MAX * 4 + 64], path[48];
        snprintf(title, sizeof(title), "%s:%s", i18n(LANG_ZH, "instruction.result"),
                 db_col_text(st, 2));
        snprintf(path, sizeof(path), "/tasks/%lld", task_id);
        const struct outbox_msg m = { .kind = "instruction_result",
                                      .unit_id = sqlite3_column_int64(st, 1),
                                      .title = title,
                                      .path = path,
                                      .account_id = sqlite3_column_int64(st, 3),
                                      .task_id = task_id,
                                      .instruction_id = sqlite3_column_int64(st, 0) };
        r = outbox_put(db, &m);
    }
    db_done(st);
    return r;
}
