/*
 * Training classes; see training.h. Mechanism layer: rules and SQL for training_class,
 * training_target, training_enrol and training_attend; every change is audited under
 * "training:ID".
 */
#include "learning/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/str.h"
#include "core/table.h"
#include "core/xalloc.h"
#include "learning/learning_int.h"
#include "registry/registry.h"
#include "unit/unit.h"

/* A class as loaded for access checks. */
struct class_row {
    long long id;                  /* class */
    char unit_path[UNIT_PATH_MAX]; /* organiser's path */
    long long capacity;            /* places */
    long long sessions;            /* sessions */
    char starts[11];               /* first day */
};

static enum result class_load(struct db *db, long long id, struct class_row *c)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT c.id, u.path, c.capacity, c.sessions, c.starts FROM"
                                   " training_class c JOIN unit u ON u.id = c.unit_id"
                                   " WHERE c.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        c->id = sqlite3_column_int64(st, 0);
        snprintf(c->unit_path, sizeof(c->unit_path), "%s", db_col_text(st, 1));
        c->capacity = sqlite3_column_int64(st, 2);
        c->sessions = sqlite3_column_int64(st, 3);
        snprintf(c->starts, sizeof(c->starts), "%s", db_col_text(st, 4));
        r = RES_OK;
    }
    db_done(st);
    return r;
}

/* The organiser is in scope, or a target unit overlaps the actor's scope. */
static int class_visible(struct db *db, const struct actor *who, const struct class_row *c)
{
    if (scope_has_path(who, c->unit_path))
        return 1;
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM training_target t JOIN unit u"
                                   " ON u.id = t.unit_id WHERE t.class_id = ?1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, c->id);
    int seen = 0;
    while (!seen && sqlite3_step(st) == SQLITE_ROW)
        seen = path_overlap(who->unit_path, db_col_text(st, 0));
    db_done(st);
    return seen;
}

/* Loads a class the actor may see; RES_NOT_FOUND otherwise (or RES_FAIL). */
static enum result class_seen(struct db *db, const struct actor *who, long long id,
                              struct class_row *c)
{
    enum result r = class_load(db, id, c);
    if (r == RES_OK && !class_visible(db, who, c))
        r = RES_NOT_FOUND;
    return r;
}

static int step_done(sqlite3_stmt *st)
{
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (st)
        db_done(st);
    return rc == SQLITE_DONE;
}

enum result training_create(struct db *db, const struct actor *who, const struct training_input *in,
                            long long *id, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, TRAINING_TITLE_MAX, 0);
    if (r == RES_OK)
        r = err_text(err, "place", in->place, 0, TRAINING_PLACE_MAX, 0);
    if (r != RES_OK)
        return r;
    if (!in->starts || !date_valid(in->starts))
        return err_set(err, RES_INVALID, "starts", "err.bad_date");
    if (!in->ends || !date_valid(in->ends) || strcmp(in->ends, in->starts) < 0)
        return err_set(err, RES_INVALID, "ends", "err.bad_date");
    if (in->capacity < 1 || in->capacity > 100000)
        return err_setf(err, RES_INVALID, "capacity", "err.range", "1-100000");
    if (in->sessions < 0 || in->sessions > 100)
        return err_setf(err, RES_INVALID, "sessions", "err.range", "1-100");
    if (in->n_targets > TRAINING_TARGETS_MAX)
        return err_setf(err, RES_INVALID, "targets", "err.too_long", "%d", TRAINING_TARGETS_MAX);
    struct unit u;
    if (!in->unit || unit_get(db, who, in->unit, &u, NULL) != RES_OK)
        return err_setf(err, RES_INVALID, "unit", "err.parent_unknown", "%s",
                        in->unit ? in->unit : "");
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    long long target_ids[TRAINING_TARGETS_MAX];
    json_t *targets = json_array();
    for (size_t i = 0; i < in->n_targets; i++) {
        struct unit t;
        if (unit_get(db, who, in->targets[i], &t, NULL) != RES_OK) {
            json_decref(targets);
            return err_setf(err, RES_INVALID, "targets", "err.parent_unknown", "%s",
                            in->targets[i] ? in->targets[i] : "");
        }
        target_ids[i] = t.id;
        json_array_append_new(targets, json_string(t.code));
    }
    if (db_tx_begin(db) != RES_OK) {
        json_decref(targets);
        return db_fail(db, err);
    }
    char today[11];
    clock_today(today);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO training_class(unit_id, title, starts, ends,"
                                   " place, capacity, sessions, created) VALUES (?1, ?2, ?3, ?4,"
                                   " ?5, ?6, ?7, ?8)");
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, in->title);
        db_bind_text(st, 3, in->starts);
        db_bind_text(st, 4, in->ends);
        db_bind_text(st, 5, in->place);
        sqlite3_bind_int64(st, 6, in->capacity);
        sqlite3_bind_int64(st, 7, in->sessions ? in->sessions : 1);
        db_bind_text(st, 8, today);
    }
    int ok = step_done(st);
    if (ok)
        *id = sqlite3_last_insert_rowid(db->h);
    ok = ok && registry_count(db, u.path, in->starts, "training.classes", 1) == RES_OK;
    for (size_t i = 0; i < in->n_targets && ok; i++) {
        st =
            db_stmt(db, "INSERT OR IGNORE INTO training_target(class_id, unit_id) VALUES (?1, ?2)");
        if (st) {
            sqlite3_bind_int64(st, 1, *id);
            sqlite3_bind_int64(st, 2, target_ids[i]);
        }
        ok = step_done(st);
    }
    if (!ok || audit_record(db, who, "training.create", "training", *id,
                            json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "unit", u.code, "title",
                                      in->title, "starts", in->starts, "ends", in->ends, "capacity",
                                      (json_int_t)in->capacity, "targets", targets)) != RES_OK) {
        if (!ok)
            json_decref(targets);
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result training_create_job(struct db *db, void *arg)
{
    struct training_create_job *job = arg;
    return training_create(db, job->who, &job->in, &job->id, &job->err);
}

/* Checks that a person may join a class: in the actor's scope, and in a target unit (or the
 * organiser's subtree when the class names none). */
static enum result check_trainee(struct db *db, const struct actor *who, const struct class_row *c,
                                 long long person_id, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.id = ?1 AND p.active = 1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, person_id);
    char path[UNIT_PATH_MAX] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(path, sizeof(path), "%s", db_col_text(st, 0));
    db_done(st);
    if (!path[0] || !scope_has_path(who, path))
        return err_set(err, RES_NOT_FOUND, "person", "err.not_found");
    st = db_stmt(db, "SELECT u.path FROM training_target t JOIN unit u ON u.id = t.unit_id"
                     " WHERE t.class_id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, c->id);
    int n_targets = 0, inside = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = db_col_text(st, 0);
        n_targets++;
        inside |= strncmp(path, t, strlen(t)) == 0;
    }
    db_done(st);
    if (!n_targets)
        inside = strncmp(path, c->unit_path, strlen(c->unit_path)) == 0;
    return inside ? RES_OK : err_set(err, RES_INVALID, "person", "err.training_not_target");
}

/* Enrols one checked person; the caller holds the transaction. */
static enum result enrol_one(struct db *db, const struct class_row *c, long long person_id,
                             struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM training_enrol WHERE class_id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, c->id);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    if (n >= c->capacity)
        return err_setf(err, RES_CONFLICT, "class", "err.training_full", "%lld", c->capacity);
    char today[11];
    clock_today(today);
    st = db_stmt(db, "INSERT INTO training_enrol(class_id, person_id, day) VALUES (?1, ?2, ?3)"
                     " ON CONFLICT DO NOTHING");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, c->id);
    sqlite3_bind_int64(st, 2, person_id);
    db_bind_text(st, 3, today);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err);
    if (sqlite3_changes(db->h) != 1)
        return err_set(err, RES_CONFLICT, "person", "err.training_enrolled");
    return registry_count(db, c->unit_path, c->starts, "training.person_times", 1) == RES_OK
               ? RES_OK
               : db_fail(db, err);
}

static enum result visible_class(struct db *db, const struct actor *who, long long id,
                                 struct class_row *c, struct err *err)
{
    enum result r = class_seen(db, who, id, c);
    if (r != RES_OK)
        return r == RES_FAIL ? db_fail(db, err) : err_set(err, r, "class", "err.not_found");
    if (!role_may(who->role, PERM_RECORD_WRITE))
        return err_set(err, RES_FORBIDDEN, NULL, "err.forbidden");
    return RES_OK;
}

enum result training_enrol(struct db *db, const struct actor *who, long long id,
                           long long person_id, struct err *err)
{
    struct class_row c;
    enum result r = visible_class(db, who, id, &c, err);
    if (r == RES_OK)
        r = check_trainee(db, who, &c, person_id, err);
    if (r != RES_OK)
        return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    r = enrol_one(db, &c, person_id, err);
    if (r == RES_OK && audit_record(db, who, "training.enrol", "training", id,
                                    json_pack("{s:I}", "person", (json_int_t)person_id)) != RES_OK)
        r = db_fail(db, err);
    if (r != RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result training_enrol_job(struct db *db, void *arg)
{
    struct training_enrol_job *job = arg;
    return training_enrol(db, job->who, job->id, job->person_id, &job->err);
}

/* The person called name in the unit with that code; 0 when none, -1 when several. */
static long long person_by_name(struct db *db, const char *unit, const char *name)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE u.code = ?1 AND p.name = ?2 AND p.active = 1 LIMIT 2");
    if (!st)
        return 0;
    db_bind_text(st, 1, unit);
    db_bind_text(st, 2, name);
    long long id = 0;
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        n++;
    }
    db_done(st);
    return n > 1 ? -1 : id;
}

static void report(const struct import_report *rep, int line, const struct err *err, int *n_bad)
{
    (*n_bad)++;
    if (rep && rep->fn)
        rep->fn(rep->ctx, line, err);
}

/* the roster file's columns: a unit's code and a person's name in it */
static const char *const roster_header[] = { "unit", "name" };
const struct csv_columns training_roster_columns = { roster_header, 2, 0, NULL };

struct roster_ctx {
    struct db *db;             /* the store */
    const struct actor *who;   /* the caller */
    const struct class_row *c; /* the class */
    long long *n;              /* enrolled so far */
};

/* One record of a roster: the person it names enrolled, or err saying why not. */
static enum result roster_row(void *ctx, char **f, struct err *err)
{
    struct roster_ctx *rc = ctx;
    long long person = person_by_name(rc->db, f[0], f[1]);
    if (person <= 0)
        return err_setf(err, RES_INVALID, "name",
                        person < 0 ? "err.training_ambiguous" : "err.not_found", "%s %s", f[0],
                        f[1]);
    enum result r = check_trainee(rc->db, rc->who, rc->c, person, err);
    if (r == RES_OK)
        r = enrol_one(rc->db, rc->c, person, err);
    if (r == RES_OK)
        (*rc->n)++;
    return r;
}

enum result training_enrol_csv(struct db *db, const struct actor *who, long long id,
                               const char *data, size_t len, long long *n,
                               const struct import_report *rep)
{
    *n = 0;
    struct err err = { 0 };
    struct class_row c;
    int n_bad = 0;
    enum result r = visible_class(db, who, id, &c, &err);
    if (r != RES_OK) {
        report(rep, 0, &err, &n_bad);
        return r;
    }
    struct buf sheet;
    buf_init(&sheet, (size_t)64 << 20);
    /* a workbook's first sheet, or CSV saved in GB18030, as UTF-8 (core/table.h) */
    if (table_text(data, len, &sheet, &err) != RES_OK) {
        buf_release(&sheet);
        report(rep, 0, &err, &n_bad);
        return RES_INVALID;
    }
    data = buf_str(&sheet);
    len = sheet.len;
    if (db_tx_begin(db) != RES_OK) {
        buf_release(&sheet);
        db_fail(db, &err);
        report(rep, 0, &err, &n_bad);
        return RES_FAIL;
    }
    struct roster_ctx ctx = { db, who, &c, n };
    n_bad = csv_each_row(data, len, &training_roster_columns, roster_row, &ctx, rep);
    buf_release(&sheet);
    if (!n_bad && *n == 0) {
        err_set(&err, RES_INVALID, "file", "err.required");
        report(rep, 1, &err, &n_bad);
    }
    if (!n_bad && audit_record(db, who, "training.roster", "training", id,
                               json_pack("{s:I}", "count", (json_int_t)*n)) != RES_OK) {
        db_fail(db, &err);
        report(rep, 0, &err, &n_bad);
        n_bad = -1;
    }
    if (n_bad) {
        db_tx_rollback(db);
        *n = 0;
        return n_bad < 0 ? RES_FAIL : RES_INVALID;
    }
    if (db_tx_commit(db) != RES_OK) {
        db_fail(db, &err);
        report(rep, 0, &err, &n_bad);
        return RES_FAIL;
    }
    return RES_OK;
}

enum result training_attend(struct db *db, const struct actor *who, long long id,
                            long long person_id, long long session, int present, struct err *err)
{
    struct class_row c;
    enum result r = class_seen(db, who, id, &c);
    if (r != RES_OK)
        return r == RES_FAIL ? db_fail(db, err) : err_set(err, r, "class", "err.not_found");
    if ((r = scope_check(who, c.unit_path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if (session < 1 || session > c.sessions)
        return err_setf(err, RES_INVALID, "session", "err.range", "1-%lld", c.sessions);
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM training_enrol WHERE class_id = ?1"
                                   " AND person_id = ?2");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, person_id);
    int enrolled = sqlite3_step(st) == SQLITE_ROW;
    db_done(st);
    if (!enrolled)
        return err_set(err, RES_INVALID, "person", "err.training_not_enrolled");
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    st = db_stmt(db, present ? "INSERT INTO training_attend(class_id, person_id, session)"
                               " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"
                             : "DELETE FROM training_attend WHERE class_id = ?1 AND"
                               " person_id = ?2 AND session = ?3");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, person_id);
        sqlite3_bind_int64(st, 3, session);
    }
    if (!step_done(st) ||
        audit_record(db, who, present ? "training.present" : "training.absent", "training", id,
                     json_pack("{s:I, s:I}", "person", (json_int_t)person_id, "session",
                               (json_int_t)session)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result training_attend_job(struct db *db, void *arg)
{
    struct training_attend_job *job = arg;
    return training_attend(db, job->who, job->id, job->person_id, job->session, job->present,
                           &job->err);
}

/* ---- reading ---- */

#define CLASS_SELECT                                                                               \
    "SELECT c.id, u.code, u.name, c.title, c.starts, c.ends, c.place, c.capacity, c.sessions,"     \
    " (SELECT count(*) FROM training_enrol e WHERE e.class_id = c.id),"                            \
    " (SELECT count(*) FROM training_attend a WHERE a.class_id = c.id), u.path"                    \
    " FROM training_class c JOIN unit u ON u.id = c.unit_id"

static void class_from(sqlite3_stmt *st, const struct actor *who, struct training_class *c)
{
    c->id = sqlite3_column_int64(st, 0);
    c->unit_code = db_col_text(st, 1);
    c->unit_name = db_col_text(st, 2);
    c->title = db_col_text(st, 3);
    c->starts = db_col_text(st, 4);
    c->ends = db_col_text(st, 5);
    c->place = db_col_text(st, 6);
    c->capacity = sqlite3_column_int64(st, 7);
    c->sessions = sqlite3_column_int64(st, 8);
    c->n_enrolled = sqlite3_column_int64(st, 9);
    c->n_present = sqlite3_column_int64(st, 10);
    c->may_manage =
        scope_has_path(who, db_col_text(st, 11)) && role_may(who->role, PERM_RECORD_WRITE);
}

enum result training_each(struct db *db, const struct actor *who, const char *unit,
                          const char *from, const char *to,
                          void (*fn)(void *ctx, const struct training_class *c), void *ctx,
                          struct err *err)
{
    struct unit u;
    enum result r = learning_report_unit(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX];
    path_end(end, u.path);
    sqlite3_stmt *st = db_stmt(db, CLASS_SELECT " WHERE u.path >= ?1 AND u.path < ?2 AND"
                                                " c.starts >= ?3 AND c.starts <= ?4"
                                                " ORDER BY c.starts, c.id");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, from && *from ? from : "0000-00-00");
    db_bind_text(st, 4, to && *to ? to : "9999-99-99");
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct training_class c;
        class_from(st, who, &c);
        fn(ctx, &c);
    }
    db_done(st);
    return RES_OK;
}

enum result training_get(struct db *db, const struct actor *who, long long id,
                         void (*fn)(void *ctx, const struct training_class *c), void *ctx)
{
    struct class_row row;
    enum result r = class_seen(db, who, id, &row);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, CLASS_SELECT " WHERE c.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        struct training_class c;
        class_from(st, who, &c);
        fn(ctx, &c);
    }
    db_done(st);
    return RES_OK;
}

enum result training_roster(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const struct training_trainee *t), void *ctx)
{
    struct class_row row;
    enum result r = class_seen(db, who, id, &row);
    if (r != RES_OK)
        return r;
    /* a reader who sees the class through a target unit sees only the trainees in scope */
    int all = scope_has_path(who, row.unit_path);
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id, p.name, u.name, (SELECT group_concat(a.session)"
                                   " FROM training_attend a WHERE a.class_id = e.class_id AND"
                                   " a.person_id = e.person_id), u.path FROM training_enrol e JOIN person p"
                                   " ON p.id = e.person_id JOIN unit u ON u.id = p.unit_id"
                                   " WHERE e.class_id = ?1 ORDER BY u.path, p.name_key, p.id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!all && !scope_has_path(who, db_col_text(st, 4)))
            continue;
        struct training_trainee t = {
            .person_id = sqlite3_column_int64(st, 0),
            .name = db_col_text(st, 1),
            .unit_name = db_col_text(st, 2),
        };
        for (const char *p = db_col_text(st, 3); *p;) {
            char *next;
            long s = strtol(p, &next, 10);
            if (next == p)
                break;
            if (s >= 1 && s <= 64)
                t.present |= 1ULL << (s - 1);
            p = *next == ',' ? next + 1 : next;
        }
        fn(ctx, &t);
    }
    db_done(st);
    return RES_OK;
}

/* Figures of the classes organised in one subtree. */
static void stats_of(struct db *db, const char *path, const char *from, const char *to,
                     struct training_stats *s)
{
    char end[UNIT_PATH_MAX];
    path_end(end, path);
    memset(s, 0, sizeof(*s));
    sqlite3_stmt *st =
        db_stmt(db, "SELECT count(*), coalesce(sum((SELECT count(*) FROM training_enrol e WHERE"
                    " e.class_id = c.id)), 0), coalesce(sum((SELECT count(*) FROM training_attend a"
                    " WHERE a.class_id = c.id)), 0), (SELECT count(DISTINCT e.person_id) FROM"
                    " training_enrol e JOIN training_class k ON k.id = e.class_id JOIN unit w ON"
                    " w.id = k.unit_id WHERE w.path >= ?1 AND w.path < ?2 AND k.starts >= ?3 AND"
                    " k.starts <= ?4) FROM training_class c JOIN unit u ON u.id = c.unit_id"
                    " WHERE u.path >= ?1 AND u.path < ?2 AND c.starts >= ?3 AND c.starts <= ?4");
    if (!st)
        return;
    db_bind_text(st, 1, path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, to);
    if (sqlite3_step(st) == SQLITE_ROW) {
        s->classes = sqlite3_column_int64(st, 0);
        s->person_times = sqlite3_column_int64(st, 1);
        s->present = sqlite3_column_int64(st, 2);
        s->persons = sqlite3_column_int64(st, 3);
    }
    db_done(st);
}

enum result training_stats(struct db *db, const struct actor *who, const char *unit,
                           const char *from, const char *to, struct training_stats *all,
                           void (*fn)(void *ctx, const char *code, const char *name,
                                      const struct training_stats *s),
                           void *ctx, struct err *err)
{
    struct unit u;
    enum result r = learning_report_unit(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    if ((from && *from && !date_valid(from)) || (to && *to && !date_valid(to)))
        return err_set(err, RES_INVALID, from && *from && !date_valid(from) ? "from" : "to",
                       "err.bad_date");
    const char *lo = from && *from ? from : "0000-00-00", *hi = to && *to ? to : "9999-99-99";
    stats_of(db, u.path, lo, hi, all);
    if (!fn)
        return RES_OK;
    struct learning_below *list;
    size_t n;
    if ((r = learning_units_below(db, &u, &list, &n, err)) != RES_OK)
        return r;
    for (size_t i = 0; i < n; i++) {
        struct training_stats s;
        stats_of(db, list[i].path, lo, hi, &s);
        fn(ctx, list[i].code, list[i].name, &s);
    }
    free(list);
    return RES_OK;
}
