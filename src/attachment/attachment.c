/* The store of uploaded files; see attachment.h. Mechanism layer: the table attachment. */
#include "attachment/attachment.h"

#include "core/file.h"

static const char *const owner_names[] = {
    [ATTACH_TASK] = "task",
    [ATTACH_OPINION] = "opinion",
    [ATTACH_EVALUATION] = "evaluation",
    [ATTACH_ESSAY] = "essay",
    [ATTACH_RESEARCH] = "research",
};

enum result attachment_add(struct db *db, enum attachment_owner owner, long long owner_id,
                           long long part_id, const struct attachment_input *f, size_t max,
                           long long *id, struct err *err)
{
    enum result r = file_check(f->name, f->type, f->size, max, err);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO attachment(owner, owner_id, part_id, name, type,"
                                   " size, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, owner_names[owner]);
    sqlite3_bind_int64(st, 2, owner_id);
    sqlite3_bind_int64(st, 3, part_id);
    db_bind_text(st, 4, f->name);
    db_bind_text(st, 5, f->type);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)f->size);
    sqlite3_bind_blob64(st, 7, f->data, f->size, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err);
    *id = sqlite3_last_insert_rowid(db->h);
    return RES_OK;
}

enum result attachment_clear(struct db *db, enum attachment_owner owner, long long owner_id,
                             long long part_id, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM attachment WHERE owner = ?1 AND owner_id = ?2"
                                   " AND part_id = ?3");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, owner_names[owner]);
    sqlite3_bind_int64(st, 2, owner_id);
    sqlite3_bind_int64(st, 3, part_id);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : db_fail(db, err);
}

enum result attachment_each(struct db *db, enum attachment_owner owner, long long owner_id,
                            long long part_id,
                            void (*fn)(void *ctx, long long id, const char *name, const char *type,
                                       long long size),
                            void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, name, type, size FROM attachment WHERE owner = ?1"
                                   " AND owner_id = ?2 AND (?3 = 0 OR part_id = ?3) ORDER BY id");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, owner_names[owner]);
    sqlite3_bind_int64(st, 2, owner_id);
    sqlite3_bind_int64(st, 3, part_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
           sqlite3_column_int64(st, 3));
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result attachment_owner_of(struct db *db, enum attachment_owner owner, long long id,
                                long long *owner_id, long long *part_id)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT owner_id, part_id FROM attachment WHERE id = ?1 AND owner = ?2");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, owner_names[owner]);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *owner_id = sqlite3_column_int64(st, 0);
        if (part_id)
            *part_id = sqlite3_column_int64(st, 1);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result attachment_read(struct db *db, enum attachment_owner owner, long long id,
                            void (*fn)(void *ctx, const char *name, const char *type,
                                       const void *data, size_t size),
                            void *ctx)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT name, type, data FROM attachment WHERE id = ?1 AND owner = ?2");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, owner_names[owner]);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_blob(st, 2),
           (size_t)sqlite3_column_bytes(st, 2));
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result attachment_read_first(struct db *db, enum attachment_owner owner, long long owner_id,
                                  void (*fn)(void *ctx, const char *name, const char *type,
                                             const void *data, size_t size),
                                  void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM attachment WHERE owner = ?1 AND owner_id = ?2"
                                   " ORDER BY id LIMIT 1");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, owner_names[owner]);
    sqlite3_bind_int64(st, 2, owner_id);
    long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    return id ? attachment_read(db, owner, id, fn, ctx) : RES_NOT_FOUND;
}
