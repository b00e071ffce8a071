/*
 * Files attached to opinions by staff (mechanism model; see opinion.h): minutes of a forum, a
 * scanned letter... checked by core/file.c, stored in the database, read in scope only. Owns
 * opinion_attachment. No http types.
 */
#include <jansson.h>

#include "auth/audit.h"
#include "core/file.h"
#include "opinion/opinion.h"
#include "opinion/opinion_int.h"

enum result opinion_attach(struct db *db, const struct actor *who, long long opinion,
                           const char *name, const char *type, const void *data, size_t size,
                           long long *id, struct err *err)
{
    enum result r = file_check(name, type, size, OPINION_FILE_MAX, err);
    char path[UNIT_PATH_MAX];
    if (r != RES_OK ||
        (r = writable(db, who, OPINION_OWNER, opinion, "opinion", path, NULL, err)) != RES_OK)
        return r;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO opinion_attachment(opinion_id, name, type, size,"
                                   " data) VALUES (?1, ?2, ?3, ?4, ?5)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, opinion);
        db_bind_text(st, 2, name);
        db_bind_text(st, 3, type);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)size);
        sqlite3_bind_blob64(st, 5, data, size, SQLITE_STATIC);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    if (rc != SQLITE_DONE ||
        audit_record(db, who, "opinion.attach", "opinion", opinion,
                     json_pack("{s:I, s:s, s:s, s:I}", "file", (json_int_t)*id, "name", name,
                               "type", type, "size", (json_int_t)size)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result opinion_attachments(struct db *db, const struct actor *who, long long opinion,
                                void (*fn)(void *ctx, long long file_id, const char *name,
                                           const char *type, long long size),
                                void *ctx)
{
    char path[UNIT_PATH_MAX];
    if (owner_path(db, OPINION_OWNER, opinion, path, NULL) != RES_OK || !scope_has_path(who, path))
        return RES_NOT_FOUND;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, name, type, size FROM opinion_attachment"
                                   " WHERE opinion_id = ?1 ORDER BY id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, opinion);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
           sqlite3_column_int64(st, 3));
    db_done(st);
    return RES_OK;
}

enum result opinion_attachment_get(struct db *db, const struct actor *who, long long file_id,
                                   void (*fn)(void *ctx, const char *name, const char *type,
                                              const void *data, size_t size),
                                   void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT a.name, a.type, a.data, u.path FROM opinion_attachment a"
                                   " JOIN opinion o ON o.id = a.opinion_id JOIN unit u"
                                   " ON u.id = o.unit_id WHERE a.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, file_id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 3))) {
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_blob(st, 2),
           (size_t)sqlite3_column_bytes(st, 2));
        r = RES_OK;
    }
    db_done(st);
    return r;
}
