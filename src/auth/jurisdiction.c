/*
 * The department a unit belongs to: one walk up the parent chain while the unit is an office
 * (see jurisdiction.h).
 */
#include <stdio.h>

#include "auth/jurisdiction.h"

enum result unit_department(struct db *db, long long unit_id, long long *dept_id,
                            char dept_path[UNIT_PATH_MAX])
{
    sqlite3_stmt *st = db_stmt(db, "WITH RECURSIVE up(id, parent_id, kind, path) AS"
                                   " (SELECT id, parent_id, kind, path FROM unit WHERE id = ?1"
                                   " UNION ALL SELECT u.id, u.parent_id, u.kind, u.path FROM unit u"
                                   " JOIN up ON u.id = up.parent_id WHERE up.kind = 'office')"
                                   " SELECT id, path FROM up WHERE kind <> 'office'"
                                   " OR parent_id IS NULL ORDER BY length(path) DESC LIMIT 1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        if (dept_id)
            *dept_id = sqlite3_column_int64(st, 0);
        if (dept_path)
            snprintf(dept_path, UNIT_PATH_MAX, "%s", db_col_text(st, 1));
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result actor_department(struct db *db, struct actor *a)
{
    if (!a->unit_id)
        return RES_OK;
    return unit_department(db, a->unit_id, &a->dept_id, a->dept_path);
}
