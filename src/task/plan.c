/*
 * Work plans model; see plan.h. Mechanism layer: rules and SQL for plan; a new plan is audited
 * under the object "plan:ID".
 */
#include "task/plan.h"

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "task/task.h"
#include "unit/unit.h"

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

enum result plan_each(struct db *db, const struct actor *who, long long unit_id,
                      void (*fn)(void *ctx, const struct plan *p), void *ctx)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id, u.code, u.name, p.year, p.title, p.n_key,"
                                   " p.n_routine FROM plan p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE u.path >= ?1 AND u.path < ?2"
                                   " AND (?3 = 0 OR p.unit_id = ?3)"
                                   " ORDER BY p.year DESC, u.path, p.id");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, who->unit_path);
    db_bind_text(st, 2, end);
    sqlite3_bind_int64(st, 3, unit_id);
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

enum result plan_unit(struct db *db, const struct actor *who, long long plan, long long *unit_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT p.unit_id, u.path FROM plan p JOIN unit u"
                                   " ON u.id = p.unit_id WHERE p.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, plan);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 1))) {
        *unit_id = sqlite3_column_int64(st, 0);
        r = RES_OK;
    }
    db_done(st);
    return r;
}
