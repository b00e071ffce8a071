/*
 * Grade scales; see scale.h. Mechanism layer: rules and SQL for scale and scale_grade.
 */
#include "survey/scale.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/str.h"
#include "unit/unit.h"

int scale_code_valid(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n > SCALE_CODE_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= 'A' && code[i] <= 'Z') ||
              (code[i] >= '0' && code[i] <= '9') || code[i] == '_' || code[i] == '-'))
            return 0;
    return 1;
}

/* The checks every scale passes, RES_OK or RES_INVALID naming the field. */
static enum result check_input(const struct scale_input *in, struct err *err)
{
    enum result r;
    if (!scale_code_valid(in->code))
        return err_set(err, RES_INVALID, "code",
                       in->code && *in->code ? "err.code_format" : "err.required");
    if ((r = err_text(err, "name", in->name, 1, SCALE_NAME_MAX, 0)) != RES_OK ||
        (r = err_text(err, "name_en", in->name_en, 0, SCALE_NAME_MAX, 0)) != RES_OK)
        return r;
    if (in->too_many || in->n < SCALE_GRADES_MIN || in->n > SCALE_GRADES_MAX)
        return err_setf(err, RES_INVALID, "grades", "err.range", "%d-%d", SCALE_GRADES_MIN,
                        SCALE_GRADES_MAX);
    int counted = 0;
    for (size_t i = 0; i < in->n; i++) {
        const struct scale_grade *g = &in->grades[i];
        if (!scale_code_valid(g->code))
            return err_set(err, RES_INVALID, "grades", "err.code_format");
        for (size_t k = 0; k < i; k++)
            if (strcmp(in->grades[k].code, g->code) == 0)
                return err_set(err, RES_INVALID, "grades", "err.duplicate");
        if ((r = err_text(err, "grades", g->name, 1, SCALE_NAME_MAX, 0)) != RES_OK ||
            (r = err_text(err, "grades", g->name_en, 0, SCALE_NAME_MAX, 0)) != RES_OK)
            return r;
        if (g->points != SCALE_NO_POINTS && (g->points < 0 || g->points > 100))
            return err_set(err, RES_INVALID, "grades", "err.range");
        counted += g->points != SCALE_NO_POINTS;
    }
    if (!counted)
        return err_set(err, RES_INVALID, "grades", "err.required");
    return RES_OK;
}

/* Writes the grades of scale code, after deleting its old ones. */
static int write_grades(struct db *db, const char *code, const struct scale_input *in)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM scale_grade WHERE scale_code = ?1");
    if (!st)
        return 0;
    db_bind_text(st, 1, code);
    int rc = sqlite3_step(st);
    db_done(st);
    for (size_t i = 0; i < in->n && rc == SQLITE_DONE; i++) {
        const struct scale_grade *g = &in->grades[i];
        st = db_stmt(db, "INSERT INTO scale_grade(scale_code, pos, code, name, name_en, points)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?6 >= 0 THEN ?6 END)");
        if (!st)
            return 0;
        db_bind_text(st, 1, code);
        sqlite3_bind_int64(st, 2, (long long)i);
        db_bind_text(st, 3, g->code);
        db_bind_text(st, 4, g->name);
        db_bind_text(st, 5, g->name_en);
        sqlite3_bind_int(st, 6, g->points);
        rc = sqlite3_step(st);
        db_done(st);
    }
    return rc == SQLITE_DONE;
}

static json_t *audit_doc(const struct scale_input *in)
{
    json_t *grades = json_array();
    for (size_t i = 0; i < in->n; i++)
        json_array_append_new(
            grades,
            json_pack("{s:s, s:o}", "code", in->grades[i].code, "points",
                      in->grades[i].points < 0 ? json_null() : json_integer(in->grades[i].points)));
    return json_pack("{s:s, s:s, s:o}", "code", in->code, "name", in->name, "grades", grades);
}

enum result scale_add(struct db *db, const struct actor *who, const struct scale_input *in,
                      struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, in->unit, &u, err);
    if (r != RES_OK || (r = scope_check(who, u.path, PERM_UNIT_WRITE, err)) != RES_OK ||
        (r = check_input(in, err)) != RES_OK)
        return r;
    struct scale old;
    if ((r = scale_load(db, in->code, &old)) == RES_FAIL)
        return db_fail(db, err);
    if (r == RES_OK)
        return !*old.unit_code ? err_set(err, RES_INVALID, "code", "err.builtin")
                               : err_set(err, RES_CONFLICT, "code", "err.duplicate");
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO scale(code, unit_id, name, name_en)"
                                   " VALUES (?1, ?2, ?3, ?4)");
    int rc = SQLITE_ERROR;
    if (st) {
        db_bind_text(st, 1, in->code);
        sqlite3_bind_int64(st, 2, u.id);
        db_bind_text(st, 3, in->name);
        db_bind_text(st, 4, in->name_en ? in->name_en : "");
        rc = sqlite3_step(st);
        db_done(st);
    }
    char object[SCALE_CODE_MAX + 8];
    snprintf(object, sizeof(object), "scale:%s", in->code);
    if (rc != SQLITE_DONE || !write_grades(db, in->code, in) ||
        audit_record_object(db, who, "scale.add", object, audit_doc(in)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result scale_set(struct db *db, const struct actor *who, const char *code,
                      const struct scale_input *in, struct err *err)
{
    struct scale old;
    enum result r = scale_load(db, code, &old);
    if (r == RES_FAIL)
        return db_fail(db, err);
    if (r != RES_OK || !*old.unit_code)
        return err_set(err, RES_NOT_FOUND, "scale", "err.not_found");
    struct unit u;
    if ((r = unit_get(db, who, old.unit_code, &u, err)) != RES_OK ||
        (r = scope_check(who, u.path, PERM_UNIT_WRITE, err)) != RES_OK)
        return r == RES_NOT_FOUND ? err_set(err, RES_NOT_FOUND, "scale", "err.not_found") : r;
    if (!in->code || strcmp(in->code, code) != 0)
        return err_set(err, RES_INVALID, "code", "err.mismatch");
    if ((r = check_input(in, err)) != RES_OK)
        return r;
    if (db_count(db, "SELECT count(*) FROM survey WHERE scale_code = ?1", code, -1) > 0)
        return err_set(err, RES_CONFLICT, "scale", "err.in_use");
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "UPDATE scale SET name = ?2, name_en = ?3 WHERE code = ?1");
    int rc = SQLITE_ERROR;
    if (st) {
        db_bind_text(st, 1, code);
        db_bind_text(st, 2, in->name);
        db_bind_text(st, 3, in->name_en ? in->name_en : "");
        rc = sqlite3_step(st);
        db_done(st);
    }
    char object[SCALE_CODE_MAX + 8];
    snprintf(object, sizeof(object), "scale:%s", code);
    if (rc != SQLITE_DONE || !write_grades(db, code, in) ||
        audit_record_object(db, who, "scale.set", object, audit_doc(in)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result scale_add_job(struct db *db, void *arg)
{
    struct scale_add_job *job = arg;
    return scale_add(db, job->who, &job->in, &job->err);
}

enum result scale_set_job(struct db *db, void *arg)
{
    struct scale_add_job *job = arg;
    return scale_set(db, job->who, job->code, &job->in, &job->err);
}

#define SCALE_COLUMNS                                                                              \
    "s.code, s.name, s.name_en, coalesce(u.code, ''), (SELECT json_group_array(json_array(g.code," \
    " g.name, g.name_en, coalesce(g.points, -1))) FROM (SELECT * FROM scale_grade g WHERE"         \
    " g.scale_code = s.code ORDER BY g.pos) g) FROM scale s LEFT JOIN unit u ON u.id = s.unit_id"

/* A row of SCALE_COLUMNS into *s. */
static void from_row(sqlite3_stmt *st, struct scale *s)
{
    memset(s, 0, sizeof(*s));
    str_copy(s->code, sizeof(s->code), db_col_text(st, 0));
    str_copy(s->name, sizeof(s->name), db_col_text(st, 1));
    str_copy(s->name_en, sizeof(s->name_en), db_col_text(st, 2));
    str_copy(s->unit_code, sizeof(s->unit_code), db_col_text(st, 3));
    json_t *grades = json_loads(db_col_text(st, 4), 0, NULL);
    for (size_t i = 0; i < json_array_size(grades) && s->n < SCALE_GRADES_MAX; i++) {
        json_t *g = json_array_get(grades, i);
        struct scale_grade *out = &s->grades[s->n++];
        str_copy(out->code, sizeof(out->code), json_string_value(json_array_get(g, 0)));
        str_copy(out->name, sizeof(out->name), json_string_value(json_array_get(g, 1)));
        str_copy(out->name_en, sizeof(out->name_en), json_string_value(json_array_get(g, 2)));
        out->points = (int)json_integer_value(json_array_get(g, 3));
    }
    json_decref(grades);
}

enum result scale_load(struct db *db, const char *code, struct scale *s)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " SCALE_COLUMNS " WHERE s.code = ?1");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, code ? code : "");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        from_row(st, s);
    db_done(st);
    return rc == SQLITE_ROW ? RES_OK : rc == SQLITE_DONE ? RES_NOT_FOUND : RES_FAIL;
}

int scale_usable(const struct scale *s, struct db *db, const char *path)
{
    if (!*s->unit_code)
        return 1;
    sqlite3_stmt *st = db_stmt(db, "SELECT path FROM unit WHERE code = ?1");
    if (!st)
        return 0;
    db_bind_text(st, 1, s->unit_code);
    int ok = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *owner = db_col_text(st, 0);
        ok = strncmp(path, owner, strlen(owner)) == 0;
    }
    db_done(st);
    return ok;
}

enum result scale_each(struct db *db, const struct actor *who,
                       void (*fn)(void *ctx, const struct scale *s), void *ctx)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    /* built in; owned above the actor's unit (usable there) or inside its scope */
    sqlite3_stmt *st = db_stmt(
        db, "SELECT " SCALE_COLUMNS " WHERE s.unit_id IS NULL OR substr(?1, 1, length(u.path))"
            " = u.path OR (u.path >= ?1 AND u.path < ?2) ORDER BY s.unit_id IS NOT NULL, s.code");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, who->unit_path);
    db_bind_text(st, 2, end);
    struct scale s;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        from_row(st, &s);
        fn(ctx, &s);
    }
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

int scale_grade_at(const struct scale *s, const char *code)
{
    for (size_t i = 0; code && i < s->n; i++)
        if (strcmp(s->grades[i].code, code) == 0)
            return (int)i;
    return -1;
}
