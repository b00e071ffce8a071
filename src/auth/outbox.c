/* The outbox; see outbox.h. Auth layer. */
#include "auth/outbox.h"

#include <stdio.h>

#include "core/clock.h"
#include "core/i18n.h"

void outbox_deadline(char out[OUTBOX_DEADLINE_MAX], const char *date)
{
    snprintf(out, OUTBOX_DEADLINE_MAX, "%s %s", i18n(LANG_ZH, "outbox.deadline"), date);
}

enum result outbox_put(struct db *db, const struct outbox_msg *m)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO outbox(created, kind, unit_id, person_id, title,"
                                   " text, path, account_id, task_id, instruction_id)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, 0),"
                                   " nullif(?9, 0), nullif(?10, 0))");
    if (!st)
        return RES_FAIL;
    char now[26];
    clock_now(now);
    db_bind_text(st, 1, now);
    db_bind_text(st, 2, m->kind);
    sqlite3_bind_int64(st, 3, m->unit_id);
    sqlite3_bind_int64(st, 4, m->person_id);
    db_bind_text(st, 5, m->title);
    db_bind_text(st, 6, m->text ? m->text : "");
    db_bind_text(st, 7, m->path ? m->path : "");
    sqlite3_bind_int64(st, 8, m->account_id);
    sqlite3_bind_int64(st, 9, m->task_id);
    sqlite3_bind_int64(st, 10, m->instruction_id);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result outbox_put_between(struct db *db, const char *sql, const char *from,
                               const char *before, const char *kind, const char *path_prefix)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, from);
    db_bind_text(st, 2, before);
    enum result r = RES_OK;
    int rc;
    while (r == RES_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char path[64], text[OUTBOX_DEADLINE_MAX];
        snprintf(path, sizeof(path), "%s%lld", path_prefix, sqlite3_column_int64(st, 0));
        outbox_deadline(text, db_col_text(st, 3));
        const struct outbox_msg m = { .kind = kind,
                                      .unit_id = sqlite3_column_int64(st, 1),
                                      .title = db_col_text(st, 2),
                                      .text = text,
                                      .path = path };
        r = outbox_put(db, &m);
    }
    if (r == RES_OK && rc != SQLITE_DONE)
        r = RES_FAIL;
    db_done(st);
    return r;
}

/* The actor's messages: ?1 its account, ?2 its person (0 for none), ?3 its unit, ?4 whether the
 * unit's staff messages are its (not a cadre's). */
#define INBOX_OF_ACTOR                                                                             \
    "(account_id = ?1 OR (account_id IS NULL AND unit_id = ?3 AND ((person_id = ?2 AND ?2 <> 0)"   \
    " OR (person_id = 0 AND ?4))))"

static void bind_actor(sqlite3_stmt *st, const struct actor *who)
{
    sqlite3_bind_int64(st, 1, who->account_id);
    sqlite3_bind_int64(st, 2, who->person_id);
    sqlite3_bind_int64(st, 3, who->unit_id);
    sqlite3_bind_int(st, 4, who->role != ROLE_CADRE);
}

enum result outbox_inbox(struct db *db, const struct actor *who, long long limit,
                         void (*fn)(void *ctx, const struct inbox_msg *m), void *ctx)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT id, kind, coalesce(task_id, 0),"
                    " coalesce(instruction_id, 0), title, path, substr(created, 1, 10),"
                    " read FROM outbox WHERE " INBOX_OF_ACTOR " ORDER BY id DESC LIMIT ?5");
    if (!st)
        return RES_FAIL;
    bind_actor(st, who);
    sqlite3_bind_int64(st, 5, limit);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const struct inbox_msg m = {
            .id = sqlite3_column_int64(st, 0),
            .kind = db_col_text(st, 1),
            .task_id = sqlite3_column_int64(st, 2),
            .instruction_id = sqlite3_column_int64(st, 3),
            .title = db_col_text(st, 4),
            .path = db_col_text(st, 5),
            .day = db_col_text(st, 6),
            .read = sqlite3_column_int(st, 7),
        };
        fn(ctx, &m);
    }
    db_done(st);
    return RES_OK;
}

enum result outbox_read(struct db *db, const struct actor *who, long long id, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE outbox SET read = 1 WHERE id = ?5 AND " INBOX_OF_ACTOR);
    if (!st)
        return db_fail(db, err);
    bind_actor(st, who);
    sqlite3_bind_int64(st, 5, id);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err);
    return sqlite3_changes(db->h) ? RES_OK
                                  : err_set(err, RES_NOT_FOUND, "message", "err.not_found");
}

enum result outbox_read_job(struct db *db, void *arg)
{
    struct outbox_read_job *job = arg;
    return outbox_read(db, job->who, job->id, &job->err);
}
