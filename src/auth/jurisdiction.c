/*
 * The department a unit belongs to, as unit.c keeps it in unit.dept_id (see jurisdiction.h and
 * db/schema/0012-leader.sql).
 */
#include <stdio.h>

#include "auth/jurisdiction.h"

enum result unit_department(struct db *db, long long unit_id, long long *dept_id,
                            char dept_path[UNIT_PATH_MAX])
{
    sqlite3_stmt *st = db_stmt(db, "SELECT d.id, d.path FROM unit u JOIN unit d"
                                   " ON d.id = u.dept_id WHERE u.id = ?1");
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
    /* an office's accounts act for the department: their scope is its subtree */
    return unit_department(db, a->unit_id, &a->dept_id, a->unit_path);
}
