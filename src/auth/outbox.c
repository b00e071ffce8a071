/* The outbox; see outbox.h. Auth layer. */
#include "auth/outbox.h"

#include "core/clock.h"

enum result outbox_put(struct db *db, const struct outbox_msg *m)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO outbox(created, kind, unit_id, person_id, title,"
                                   " text, path) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
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
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}
