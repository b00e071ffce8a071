/*
 * Discipline cases; see discipline.h. Mechanism layer: rules and SQL for discipline; every
 * create and every read is audited under "discipline:ID" (a list under "discipline:list"), and
 * the counts kept in registry_tally in the create's transaction.
 */
#include "discipline/discipline.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/str.h"
#include "unit/unit.h"

const char *const discipline_categories[] = { "selection", "integrity", "work", "other", NULL };
const char *const discipline_handlings[] = { "education",  "admonition", "party",
                                             "government", "transfer",   NULL };

int discipline_may(const struct actor *who)
{
    return who->role == ROLE_SUPERVISOR || who->role == ROLE_ADMIN;
}

static int step_done(sqlite3_stmt *st)
{
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (st)
        db_done(st);
    return rc == SQLITE_DONE;
}

static enum result check_input(struct db *db, const struct actor *who,
                               const struct discipline_input *in, struct unit *u, struct err *err)
{
    if (!discipline_may(who))
        return err_set(err, RES_FORBIDDEN, NULL, "err.forbidden");
    if (!in->unit || !*in->unit)
        return err_set(err, RES_INVALID, "unit", "err.required");
    enum result r = unit_get(db, who, in->unit, u, err);
    if (r != RES_OK)
        return r;
    if (in->person <= 0)
        return err_set(err, RES_INVALID, "person", "err.required");
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, in->person);
    int ok = sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 0));
    db_done(st);
    if (!ok)
        return err_setf(err, RES_INVALID, "person", "err.not_found", "%lld", in->person);
    if ((r = registry_enum(in->category, discipline_categories, "category", err)) != RES_OK ||
        (r = registry_enum(in->handling, discipline_handlings, "handling", err)) != RES_OK ||
        (r = registry_day(in->day, "day", err)) != RES_OK)
        return r;
    return err_text(err, "summary", in->summary, 1, DISCIPLINE_SUMMARY_MAX, 1);
}

/* Counts the person once, on the day of their first case: when the new case (id, at day in the
 * unit at path) comes before the person's first one so far, the count moves to it. */
static enum result count_person(struct db *db, const struct discipline_input *in, const char *path,
                                long long id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT d.day, u.path FROM discipline d JOIN unit u"
                                   " ON u.id = d.unit_id WHERE d.person_id = ?1 AND d.id <> ?2"
                                   " ORDER BY d.day, d.id LIMIT 1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, in->person);
    sqlite3_bind_int64(st, 2, id);
    char day[11] = "", old_path[UNIT_PATH_MAX] = "";
    int had = sqlite3_step(st) == SQLITE_ROW;
    if (had) {
        snprintf(day, sizeof(day), "%s", db_col_text(st, 0));
        snprintf(old_path, sizeof(old_path), "%s", db_col_text(st, 1));
    }
    db_done(st);
    if (had && strcmp(in->day, day) >= 0)
        return RES_OK; /* an earlier case counts the person already */
    if (had && registry_count(db, old_path, day, "discipline.persons", -1) != RES_OK)
        return RES_FAIL;
    return registry_count(db, path, in->day, "discipline.persons", 1);
}

enum result discipline_add(struct db *db, const struct actor *who,
                           const struct discipline_input *in, long long *id, struct err *err)
{
    struct unit u;
    enum result r = check_input(db, who, in, &u, err);
    if (r != RES_OK)
        return r;
    char now[26];
    clock_now(now);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO discipline(unit_id, person_id, category, handling,"
                                   " day, summary, account_id, created) VALUES (?1, ?2, ?3, ?4,"
                                   " ?5, ?6, NULLIF(?7, 0), ?8)");
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_int64(st, 2, in->person);
        db_bind_text(st, 3, in->category);
        db_bind_text(st, 4, in->handling);
        db_bind_text(st, 5, in->day);
        db_bind_text(st, 6, in->summary);
        sqlite3_bind_int64(st, 7, who->account_id);
        db_bind_text(st, 8, now);
    }
    int ok = step_done(st);
    if (ok)
        *id = sqlite3_last_insert_rowid(db->h);
    /* the audit names the case, never its text: the chain is read by more than supervisors */
    if (!ok || registry_count(db, u.path, in->day, "discipline.cases", 1) != RES_OK ||
        count_person(db, in, u.path, *id) != RES_OK ||
        audit_record(db, who, "discipline.create", "discipline", *id,
                     json_pack("{s:s, s:I, s:s, s:s, s:s}", "unit", u.code, "person",
                               (json_int_t)in->person, "category", in->category, "handling",
                               in->handling, "day", in->day)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result discipline_add_job(struct db *db, void *arg)
{
    struct discipline_add_job *job = arg;
    return discipline_add(db, job->who, &job->in, &job->id, &job->err);
}

/* ---- reading ---- */

#define DISCIPLINE_COLS                                                                            \
    "d.id, u.code, u.name, d.person_id, coalesce(p.name, ''), d.category, d.handling, d.day,"      \
    " d.summary"

static void read_row(sqlite3_stmt *st, struct discipline_case *c)
{
    c->id = sqlite3_column_int64(st, 0);
    c->unit_code = db_col_text(st, 1);
    c->unit_name = db_col_text(st, 2);
    c->person_id = sqlite3_column_int64(st, 3);
    c->person = db_col_text(st, 4);
    c->category = db_col_text(st, 5);
    c->handling = db_col_text(st, 6);
    c->day = db_col_text(st, 7);
    c->summary = db_col_text(st, 8);
}

enum result discipline_list(struct db *db, const struct actor *who, const struct registry_filter *f,
                            void (*fn)(void *ctx, const struct discipline_case *c), void *ctx,
                            long long *total, struct err *err)
{
    *total = 0;
    if (!discipline_may(who))
        return err_set(err, RES_NOT_FOUND, NULL, "err.not_found");
    struct registry_span s;
    enum result r = registry_span(db, who, f, discipline_categories, &s, err);
    if (r != RES_OK)
        return r;
    static const char *const cases[] = { "discipline.cases", NULL };
    *total = s.kind ? -1 : registry_tally_total(db, f, &s, cases);
    sqlite3_stmt *st;
    if (*total < 0) {
        st = db_stmt(db, "SELECT count(*) FROM unit u CROSS JOIN discipline d ON d.unit_id = u.id"
                         " WHERE " REGISTRY_SPAN_SQL("u.path", "d.day")
                         " AND (?5 IS NULL OR d.category = ?5)");
        if (!st)
            return db_fail(db, err);
        registry_bind_span(st, &s);
        *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        db_done(st);
    }
    /* many cases from the newest day down, few unit by unit (the CROSS JOIN keeps the order) */
    st = registry_by_day(f, *total, db_count(db, "SELECT max(id) FROM discipline", NULL, 0))
             ? db_stmt(db, "SELECT " DISCIPLINE_COLS " FROM discipline d INDEXED BY"
                           " discipline_day JOIN unit u ON u.id = d.unit_id LEFT JOIN person p"
                           " ON p.id = d.person_id WHERE " REGISTRY_SPAN_SQL("u.path", "d.day")
                           " AND (?5 IS NULL OR d.category = ?5)"
                           " ORDER BY d.day DESC, d.id DESC LIMIT ?6 OFFSET ?7")
             : db_stmt(db, "SELECT " DISCIPLINE_COLS " FROM unit u CROSS JOIN discipline d"
                           " ON d.unit_id = u.id LEFT JOIN person p ON p.id = d.person_id WHERE "
                           REGISTRY_SPAN_SQL("u.path", "d.day")
                           " AND (?5 IS NULL OR d.category = ?5)"
                           " ORDER BY d.day DESC, d.id DESC LIMIT ?6 OFFSET ?7");
    if (!st)
        return db_fail(db, err);
    registry_bind_span(st, &s);
    sqlite3_bind_int64(st, 6, f->limit);
    sqlite3_bind_int64(st, 7, f->offset);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct discipline_case c;
        read_row(st, &c);
        fn(ctx, &c);
    }
    db_done(st);
    return RES_OK;
}

enum result discipline_get(struct db *db, const struct actor *who, long long id, struct arena *ar,
                           struct discipline_case *out, struct err *err)
{
    if (!discipline_may(who))
        return err_set(err, RES_NOT_FOUND, "discipline", "err.not_found");
    sqlite3_stmt *st = db_stmt(db, "SELECT " DISCIPLINE_COLS ", u.path FROM discipline d"
                                   " JOIN unit u ON u.id = d.unit_id LEFT JOIN person p"
                                   " ON p.id = d.person_id WHERE d.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 9))) {
        found = 1;
        struct discipline_case c;
        read_row(st, &c);
        *out = (struct discipline_case){
            .id = c.id,
            .unit_code = arena_strdup(ar, c.unit_code),
            .unit_name = arena_strdup(ar, c.unit_name),
            .person_id = c.person_id,
            .person = arena_strdup(ar, c.person),
            .category = arena_strdup(ar, c.category),
            .handling = arena_strdup(ar, c.handling),
            .day = arena_strdup(ar, c.day),
            .summary = arena_strdup(ar, c.summary),
        };
    }
    db_done(st);
    return found ? RES_OK : err_set(err, RES_NOT_FOUND, "discipline", "err.not_found");
}

enum result discipline_read_job(struct db *db, void *arg)
{
    struct discipline_read_job *job = arg;
    json_t *ids = json_array();
    for (size_t i = 0; i < job->n_ids; i++)
        json_array_append_new(ids, json_integer(job->ids[i]));
    if (db_tx_begin(db) != RES_OK) {
        json_decref(ids);
        return db_fail(db, &job->err);
    }
    enum result r;
    if (!job->f) {
        json_decref(ids);
        r = audit_record(db, job->who, job->action, "discipline", job->n_ids ? job->ids[0] : 0,
                         NULL);
    } else {
        const struct registry_filter *f = job->f;
        r = audit_record_object(db, job->who, job->action, "discipline:list",
                                json_pack("{s:s, s:b, s:s, s:s, s:s, s:I, s:I, s:o}", "unit",
                                          f->unit ? f->unit : "", "subtree", f->subtree, "from",
                                          f->from ? f->from : "", "to", f->to ? f->to : "", "kind",
                                          f->kind ? f->kind : "", "offset", (json_int_t)f->offset,
                                          "limit", (json_int_t)f->limit, "ids", ids));
    }
    if (r != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, &job->err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, &job->err);
}

/* ---- import ---- */

struct import_ctx {
    struct db *db;           /* the store */
    const struct actor *who; /* the caller */
    long long *n_added;      /* cases added */
};

/* One CSV record: unit,person,category,handling,day,summary. */
static enum result import_row(void *ctx, char **f, struct err *e)
{
    struct import_ctx *ic = ctx;
    struct discipline_input in = { f[0], 0, f[2], f[3], f[4], f[5] };
    if (*f[1] && str_to_ll(f[1], 1, 1LL << 62, &in.person) != 0)
        return err_set(e, RES_INVALID, "person", "err.bad_type");
    long long id;
    enum result r = discipline_add(ic->db, ic->who, &in, &id, e);
    if (r == RES_OK)
        (*ic->n_added)++;
    return r;
}

/* the import file's columns, their named values (catalog prefixes) and dates */
static const char *const import_header[] = { "unit",     "person", "category",
                                             "handling", "day",    "summary" };
static const char *const import_values[] = {
    NULL, NULL, "discipline.category.", "discipline.handling.", NULL, NULL
};
const struct csv_columns discipline_import_columns = { import_header, 6, 1u << 4, import_values };

enum result discipline_import(struct db *db, const struct actor *who, long long arg,
                              const char *data, size_t len, long long *n_added,
                              const struct import_report *rep)
{
    (void)arg;
    struct import_ctx ic = { db, who, n_added };
    *n_added = 0;
    if (!discipline_may(who)) {
        struct err e = { 0 };
        err_set(&e, RES_FORBIDDEN, NULL, "err.forbidden");
        rep->fn(rep->ctx, 1, &e);
        return RES_FORBIDDEN;
    }
    enum result r = db_import_csv(db, data, len, &discipline_import_columns, import_row, &ic, rep);
    if (r != RES_OK)
        *n_added = 0;
    return r;
}
