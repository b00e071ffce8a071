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
        const struct outbox_msg m = { kind, sqlite3_column_int64(st, 1), 0, db_col_text(st, 2),
                                      text, path };
        r = outbox_put(db, &m);
    }
    if (r == RES_OK && rc != SQLITE_DONE)
        r = RES_FAIL;
    db_done(st);
    return r;
}
