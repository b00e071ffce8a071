/*
 * The unit subtree a learning report covers; see learning_int.h. Mechanism layer: reads only.
 */
#include "learning/learning_int.h"

#include <stdio.h>

#include "core/xalloc.h"

enum result learning_report_unit(struct db *db, const struct actor *who, const char *code,
                                 struct unit *u, struct err *err)
{
    enum result r =
        code && *code ? unit_get(db, who, code, u, err) : unit_get_id(db, who, who->unit_id, u);
    if (r == RES_FAIL)
        return db_fail(db, err);
    return r == RES_OK ? RES_OK : err_set(err, r, "unit", "err.not_found");
}

enum result learning_units_below(struct db *db, const struct unit *u, struct learning_below **below,
                                 size_t *n, struct err *err)
{
    *below = NULL;
    *n = 0;
    /* the levels below first, then the unit's own offices (as every roll-up lists them) */
    sqlite3_stmt *st = db_stmt(db, "SELECT code, name, path FROM unit WHERE parent_id = ?1"
                                   " ORDER BY kind = 'office', path");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u->id);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        *below = vec_grow(*below, *n, &cap);
        struct learning_below *b = &(*below)[(*n)++];
        snprintf(b->code, sizeof(b->code), "%s", db_col_text(st, 0));
        snprintf(b->name, sizeof(b->name), "%s", db_col_text(st, 1));
        snprintf(b->path, sizeof(b->path), "%s", db_col_text(st, 2));
    }
    db_done(st);
    return RES_OK;
}
