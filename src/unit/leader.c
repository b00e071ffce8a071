/*
 * Leaders of departments and their charge; see leader.h. Every change is audited.
 */
#include "unit/leader.h"

#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/str.h"
#include "unit/unit.h"

/* 1 if the active person's unit belongs to department dept (the department or its offices). */
static int person_of_department(struct db *db, long long person, long long dept)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.id = ?1 AND p.active = 1 AND u.dept_id = ?2");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, person);
    sqlite3_bind_int64(st, 2, dept);
    int ok = sqlite3_step(st) == SQLITE_ROW;
    db_done(st);
    return ok;
}

/* Checks the fields and loads the department and the office ids. */
static enum result check_input(struct db *db, const struct actor *who, const struct leader_input *in,
                               struct unit *dept, long long *offices, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, LEADER_TITLE_MAX, 0);
    if (r != RES_OK)
        return r;
    if (in->starts && !date_valid(in->starts))
        return err_set(err, RES_INVALID, "starts", "err.bad_date");
    if (!in->unit || !*in->unit)
        return err_set(err, RES_INVALID, "unit", "err.required");
    if ((r = unit_get(db, who, in->unit, dept, err)) != RES_OK)
        return r;
    if ((r = scope_check(who, dept->path, PERM_UNIT_WRITE, err)) != RES_OK)
        return r;
    if (strcmp(dept->kind, "office") == 0)
        return err_set(err, RES_INVALID, "unit", "err.not_department");
    if (!person_of_department(db, in->person, dept->id))
        return err_set(err, RES_INVALID, "person", "err.not_found");
    if (in->n_offices > LEADER_OFFICES_MAX)
        return err_setf(err, RES_INVALID, "offices", "err.too_long", "%d", LEADER_OFFICES_MAX);
    for (size_t i = 0; i < in->n_offices; i++) {
        struct unit o;
        long long o_dept = 0;
        sqlite3_stmt *st = NULL;
        if (unit_get(db, who, in->offices[i], &o, NULL) == RES_OK &&
            strcmp(o.kind, "office") == 0 &&
            (st = db_stmt(db, "SELECT dept_id FROM unit WHERE id = ?1")) != NULL) {
            sqlite3_bind_int64(st, 1, o.id);
            if (sqlite3_step(st) == SQLITE_ROW)
                o_dept = sqlite3_column_int64(st, 0);
            db_done(st);
        }
        if (o_dept != dept->id)
            return err_setf(err, RES_INVALID, "offices", "err.not_office_of", "%s",
                            in->offices[i] ? in->offices[i] : "");
        offices[i] = o.id;
    }
    return RES_OK;
}

enum result leader_add(struct db *db, const struct actor *who, const struct leader_input *in,
                       long long *id, struct err *err)
{
    struct unit dept;
    long long offices[LEADER_OFFICES_MAX];
    enum result r = check_input(db, who, in, &dept, offices, err);
    if (r != RES_OK)
        return r;
    char today[11];
    clock_today(today);
    const char *starts = in->starts ? in->starts : today;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO leader(unit_id, person_id, title, rank, starts)"
                                   " VALUES (?1, ?2, ?3, (SELECT coalesce(max(rank), 0) + 1 FROM"
                                   " leader WHERE unit_id = ?1), ?4)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, dept.id);
        sqlite3_bind_int64(st, 2, in->person);
        db_bind_text(st, 3, in->title);
        db_bind_text(st, 4, starts);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    json_t *codes = json_array();
    for (size_t i = 0; rc == SQLITE_DONE && i < in->n_offices; i++) {
        st = db_stmt(db, "INSERT OR IGNORE INTO leader_office(leader_id, unit_id) VALUES (?1, ?2)");
        rc = SQLITE_ERROR;
        if (st) {
            sqlite3_bind_int64(st, 1, *id);
            sqlite3_bind_int64(st, 2, offices[i]);
            rc = sqlite3_step(st);
            db_done(st);
        }
        json_array_append_new(codes, json_string(in->offices[i]));
    }
    if (rc != SQLITE_DONE ||
        audit_record(db, who, "leader.add", "leader", *id,
                     json_pack("{s:s, s:I, s:s, s:o, s:s}", "unit", dept.code, "person",
                               (json_int_t)in->person, "title", in->title, "offices", codes,
                               "starts", starts)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result leader_add_job(struct db *db, void *arg)
{
    struct leader_add_job *job = arg;
    return leader_add(db, job->who, &job->in, &job->id, &job->err);
}

enum result leader_end(struct db *db, const struct actor *who, long long id, const char *day,
                       struct err *err)
{
    char today[11];
    clock_today(today);
    if (day && !date_valid(day))
        return err_set(err, RES_INVALID, "ends", "err.bad_date");
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path, l.starts, l.ends FROM leader l JOIN unit u"
                                   " ON u.id = l.unit_id WHERE l.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    char path[UNIT_PATH_MAX] = "", starts[11] = "";
    int ended = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        str_copy(path, sizeof(path), db_col_text(st, 0));
        str_copy(starts, sizeof(starts), db_col_text(st, 1));
        ended = sqlite3_column_type(st, 2) != SQLITE_NULL;
    }
    db_done(st);
    enum result r = scope_check(who, *path ? path : NULL, PERM_UNIT_WRITE, err);
    if (r != RES_OK)
        return r;
    if (ended)
        return err_set(err, RES_CONFLICT, NULL, "err.leader_ended");
    if (!day)
        day = today;
    if (strcmp(day, starts) < 0)
        return err_set(err, RES_INVALID, "ends", "err.bad_date");
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    st = db_stmt(db, "UPDATE leader SET ends = ?2 WHERE id = ?1");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, day);
        rc = sqlite3_step(st);
        db_done(st);
    }
    if (rc != SQLITE_DONE ||
        audit_record(db, who, "leader.end", "leader", id, json_pack("{s:s}", "ends", day)) !=
            RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result leader_end_job(struct db *db, void *arg)
{
    struct leader_end_job *job = arg;
    return leader_end(db, job->who, job->id, job->day, &job->err);
}

enum result leader_each(struct db *db, const struct actor *who, const char *unit,
                        void (*fn)(void *ctx, const struct leader_row *l), void *ctx)
{
    struct unit dept;
    enum result r = unit_get(db, who, unit, &dept, NULL);
    if (r != RES_OK)
        return r;
    char today[11];
    clock_today(today);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT l.id, l.person_id, p.name, l.title, l.starts, (SELECT coalesce(group_concat("
            "code, ','), '') FROM (SELECT o.code FROM leader_office lo JOIN unit o ON o.id ="
            " lo.unit_id WHERE lo.leader_id = l.id ORDER BY o.path)), (SELECT coalesce("
            "group_concat(name, char(10)), '') FROM (SELECT o.name FROM leader_office lo JOIN"
            " unit o ON o.id = lo.unit_id WHERE lo.leader_id = l.id ORDER BY o.path))"
            " FROM leader l JOIN person p ON p.id = l.person_id WHERE l.unit_id = ?1"
            " AND l.starts <= ?2 AND (l.ends IS NULL OR l.ends >= ?2) ORDER BY l.rank, l.id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, dept.id);
    db_bind_text(st, 2, today);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct leader_row row = {
            .id = sqlite3_column_int64(st, 0),
            .person_id = sqlite3_column_int64(st, 1),
            .name = db_col_text(st, 2),
            .title = db_col_text(st, 3),
            .starts = db_col_text(st, 4),
            .offices = db_col_text(st, 5),
            .office_names = db_col_text(st, 6),
        };
        fn(ctx, &row);
    }
    db_done(st);
    return RES_OK;
}

long long leader_in_charge(struct db *db, long long unit_id)
{
    char today[11];
    clock_today(today);
    /* the leader in charge of the office itself first, then the department's first: each in
     * the order of the index (rank, id), with no sort (ordered by whether a leader is in charge
     * of the office, each call built and zeroed a temporary b-tree: a task import's tenth) */
#define DEPT_LEADERS                                                                               \
    "SELECT l.person_id FROM unit u JOIN leader l ON l.unit_id = u.dept_id WHERE u.id = ?1"        \
    " AND l.starts <= ?2 AND (l.ends IS NULL OR l.ends >= ?2)"
    sqlite3_stmt *st = db_stmt(db, "SELECT * FROM (" DEPT_LEADERS " AND EXISTS (SELECT 1 FROM"
                                   " leader_office lo WHERE lo.leader_id = l.id AND"
                                   " lo.unit_id = ?1) ORDER BY l.rank, l.id LIMIT 1)"
                                   " UNION ALL SELECT * FROM (" DEPT_LEADERS
                                   " ORDER BY l.rank, l.id LIMIT 1) LIMIT 1");
#undef DEPT_LEADERS
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, unit_id);
    db_bind_text(st, 2, today);
    long long person = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    return person;
}

int leader_of(struct db *db, long long unit_id, long long person)
{
    char today[11];
    clock_today(today);
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*), coalesce(sum(l.person_id = ?3), 0) FROM unit u"
                                   " JOIN leader l ON l.unit_id = u.dept_id AND l.starts <= ?2"
                                   " AND (l.ends IS NULL OR l.ends >= ?2) WHERE u.id = ?1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, unit_id);
    db_bind_text(st, 2, today);
    sqlite3_bind_int64(st, 3, person);
    int res = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        res = sqlite3_column_int64(st, 0) == 0 ? -1 : sqlite3_column_int64(st, 1) > 0;
    db_done(st);
    return res;
}
