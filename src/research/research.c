/*
 * Research reports; see research.h. Mechanism layer: rules and SQL for research and
 * research_author; every create and adoption is audited under "research:ID" and counted in
 * registry_tally in the same transaction.
 */
#include "research/research.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "unit/unit.h"

/* The kinds a list narrows by. */
static const char *const research_kinds[] = { "adopted", "pending", NULL };

/* RES_OK when person id is active and in the caller's scope; else RES_INVALID naming field. */
static enum result person_in_scope(struct db *db, const struct actor *who, long long id,
                                   const char *field, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.id = ?1 AND p.active = 1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    int ok = sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 0));
    db_done(st);
    return ok ? RES_OK : err_setf(err, RES_INVALID, field, "err.not_found", "%lld", id);
}

static int step_done(sqlite3_stmt *st)
{
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (st)
        db_done(st);
    return rc == SQLITE_DONE;
}

static enum result check_input(struct db *db, const struct actor *who,
                               const struct research_input *in, struct unit *u, struct err *err)
{
    enum result r = registry_unit(db, who, in->unit, u, err);
    if (r != RES_OK)
        return r;
    if ((r = err_text(err, "title", in->title, 1, RESEARCH_TITLE_MAX, 0)) != RES_OK)
        return r;
    if (in->n_authors == 0)
        return err_set(err, RES_INVALID, "authors", "err.required");
    if (in->n_authors > RESEARCH_AUTHORS_MAX)
        return err_setf(err, RES_INVALID, "authors", "err.too_long", "%d", RESEARCH_AUTHORS_MAX);
    for (size_t i = 0; i < in->n_authors; i++) {
        if ((r = person_in_scope(db, who, in->authors[i], "authors", err)) != RES_OK)
            return r;
        for (size_t k = 0; k < i; k++)
            if (in->authors[k] == in->authors[i])
                return err_setf(err, RES_INVALID, "authors", "err.duplicate", "%lld",
                                in->authors[i]);
    }
    if ((r = registry_day(in->day, "day", err)) != RES_OK)
        return r;
    return err_text(err, "text", in->text ? in->text : "", 0, RESEARCH_TEXT_MAX, 1);
}

/* The insert, its authors, count and audit, inside the caller's transaction. */
static enum result insert_report(struct db *db, const struct actor *who,
                                 const struct research_input *in, const struct unit *u,
                                 long long *id, struct err *err)
{
    char now[26];
    clock_now(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO research(unit_id, title, day, body, account_id,"
                                   " created, file_name) VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0),"
                                   " ?6, ?7)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, u->id);
    db_bind_text(st, 2, in->title);
    db_bind_text(st, 3, in->day);
    db_bind_text(st, 4, in->text ? in->text : "");
    sqlite3_bind_int64(st, 5, who->account_id);
    db_bind_text(st, 6, now);
    db_bind_text(st, 7, in->file ? in->file->name : "");
    if (!step_done(st))
        return RES_FAIL;
    *id = sqlite3_last_insert_rowid(db->h);
    long long file_id = 0;
    enum result r;
    if (in->file && (r = attachment_add(db, ATTACH_RESEARCH, *id, 0, in->file, RESEARCH_FILE_MAX,
                                        &file_id, err)) != RES_OK)
        return r;
    json_t *authors = json_array();
    for (size_t i = 0; i < in->n_authors; i++) {
        st = db_stmt(db, "INSERT INTO research_author(research_id, seq, person_id)"
                         " VALUES (?1, ?2, ?3)");
        if (!st) {
            json_decref(authors);
            return RES_FAIL;
        }
        sqlite3_bind_int64(st, 1, *id);
        sqlite3_bind_int64(st, 2, (long long)i);
        sqlite3_bind_int64(st, 3, in->authors[i]);
        json_array_append_new(authors, json_integer(in->authors[i]));
        if (!step_done(st)) {
            json_decref(authors);
            return RES_FAIL;
        }
    }
    if (registry_count(db, u->path, in->day, "research.written", 1) != RES_OK ||
        audit_record(db, who, "research.create", "research", *id,
                     json_pack("{s:s, s:s, s:s, s:o, s:I}", "unit", u->code, "title", in->title,
                               "day", in->day, "authors", authors, "file",
                               (json_int_t)file_id)) != RES_OK)
        return RES_FAIL;
    return RES_OK;
}

enum result research_add(struct db *db, const struct actor *who, const struct research_input *in,
                         long long *id, struct err *err)
{
    struct unit u;
    enum result r = check_input(db, who, in, &u, err);
    if (r != RES_OK)
        return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    if ((r = insert_report(db, who, in, &u, id, err)) != RES_OK) {
        db_tx_rollback(db);
        return r == RES_INVALID ? r : db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result research_add_job(struct db *db, void *arg)
{
    struct research_add_job *job = arg;
    return research_add(db, job->who, &job->in, &job->id, &job->err);
}

enum result research_adopt(struct db *db, const struct actor *who, long long id, const char *by,
                           struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path, r.day, r.adopted_by IS NOT NULL, u.code"
                                   " FROM research r JOIN unit u ON u.id = r.unit_id"
                                   " WHERE r.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    char path[UNIT_PATH_MAX] = "", day[11] = "", code[64] = "";
    int found = 0, adopted = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        found = 1;
        snprintf(path, sizeof(path), "%s", db_col_text(st, 0));
        snprintf(day, sizeof(day), "%s", db_col_text(st, 1));
        adopted = sqlite3_column_int(st, 2);
        snprintf(code, sizeof(code), "%s", db_col_text(st, 3));
    }
    db_done(st);
    if (!found || !scope_has_path(who, path))
        return err_set(err, RES_NOT_FOUND, "research", "err.not_found");
    enum result r = scope_check(who, path, PERM_RECORD_WRITE, err);
    if (r != RES_OK)
        return r;
    if ((r = err_text(err, "by", by, 1, RESEARCH_BY_MAX, 0)) != RES_OK)
        return r;
    if (adopted)
        return err_set(err, RES_CONFLICT, "research", "err.conflict");
    char today[11];
    clock_today(today);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    st = db_stmt(db, "UPDATE research SET adopted_by = ?2, adopted_on = ?3 WHERE id = ?1"
                     " AND adopted_by IS NULL");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, by);
        db_bind_text(st, 3, today);
    }
    if (!step_done(st) || registry_count(db, path, day, "research.adopted", 1) != RES_OK ||
        audit_record(db, who, "research.adopt", "research", id,
                     json_pack("{s:s, s:s}", "unit", code, "by", by)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result research_adopt_job(struct db *db, void *arg)
{
    struct research_adopt_job *job = arg;
    return research_adopt(db, job->who, job->id, job->by, &job->err);
}

/* ---- reading ---- */

#define RESEARCH_COLS_WITH(ids)                                                                    \
    "r.id, u.code, u.name, r.title, r.day, coalesce(r.adopted_by, ''),"                            \
    " coalesce(r.adopted_on, ''), (SELECT group_concat(p.name, '、') FROM research_author a"      \
    " JOIN person p ON p.id = a.person_id WHERE a.research_id = r.id), " ids ", r.file_name"
#define RESEARCH_COLS                                                                              \
    RESEARCH_COLS_WITH("(SELECT group_concat(a.person_id, ',') FROM research_author a"             \
                       " WHERE a.research_id = r.id)")
/* a page's rows: the authors' numbers left out (a subquery for each row, a third of the page) */
#define RESEARCH_BRIEF_COLS RESEARCH_COLS_WITH("''")

static void read_row(sqlite3_stmt *st, struct research *out)
{
    out->id = sqlite3_column_int64(st, 0);
    out->unit_code = db_col_text(st, 1);
    out->unit_name = db_col_text(st, 2);
    out->title = db_col_text(st, 3);
    out->day = db_col_text(st, 4);
    out->adopted_by = db_col_text(st, 5);
    out->adopted = *out->adopted_by != '\0';
    out->adopted_on = db_col_text(st, 6);
    out->authors = db_col_text(st, 7);
    out->author_ids = db_col_text(st, 8);
    out->file_name = db_col_text(st, 9);
    out->text = "";
}

/* The list's narrowing by adoption (?5: adopted, not_adopted or NULL). */
#define RESEARCH_ADOPTED_SQL " AND (?5 IS NULL OR (?5 = 'adopted') = (r.adopted_by IS NOT NULL))"

enum result research_list(struct db *db, const struct actor *who, const struct registry_filter *f,
                          void (*fn)(void *ctx, const struct research *r), void *ctx,
                          long long *total, struct err *err)
{
    struct registry_span s;
    enum result r = registry_span(db, who, f, research_kinds, &s, err);
    if (r != RES_OK)
        return r;
    static const char *const written[] = { "research.written", NULL };
    static const char *const adopted[] = { "research.adopted", NULL };
    *total = !s.kind                          ? registry_tally_total(db, f, &s, written)
             : strcmp(s.kind, "adopted") == 0 ? registry_tally_total(db, f, &s, adopted)
                                              : -1;
    sqlite3_stmt *st;
    if (*total < 0) {
        st = db_stmt(db, "SELECT count(*) FROM unit u CROSS JOIN research r ON r.unit_id = u.id"
                         " WHERE " REGISTRY_SPAN_SQL("u.path", "r.day") RESEARCH_ADOPTED_SQL);
        if (!st)
            return db_fail(db, err);
        registry_bind_span(st, &s);
        *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        db_done(st);
    }
    /* many reports: from the newest day down, the page's rows come early; few: unit by unit
     * (a CROSS JOIN keeps that order whatever the statistics say: with a sampled ANALYZE of a
     * grown database the planner read every report from the newest day down instead) */
#define BY_DAY_FROM                                                                                \
    " FROM research r INDEXED BY research_day JOIN unit u ON u.id = r.unit_id WHERE "              \
    REGISTRY_SPAN_SQL("u.path", "r.day") RESEARCH_ADOPTED_SQL                                      \
    " ORDER BY r.day DESC, r.id DESC LIMIT ?6 OFFSET ?7"
#define BY_UNIT_FROM                                                                               \
    " FROM unit u CROSS JOIN research r ON r.unit_id = u.id WHERE "                                \
    REGISTRY_SPAN_SQL("u.path", "r.day") RESEARCH_ADOPTED_SQL                                      \
    " ORDER BY r.day DESC, r.id DESC LIMIT ?6 OFFSET ?7"
    static const char *const list_sql[2][2] = {
        { "SELECT " RESEARCH_COLS BY_UNIT_FROM, "SELECT " RESEARCH_COLS BY_DAY_FROM },
        { "SELECT " RESEARCH_BRIEF_COLS BY_UNIT_FROM, "SELECT " RESEARCH_BRIEF_COLS BY_DAY_FROM },
    };
    int by_day = registry_by_day(f, *total, db_count(db, "SELECT max(id) FROM research", NULL, 0));
    st = db_stmt(db, list_sql[f->brief != 0][by_day]);
    if (!st)
        return db_fail(db, err);
    registry_bind_span(st, &s);
    sqlite3_bind_int64(st, 6, f->limit);
    sqlite3_bind_int64(st, 7, f->offset);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct research row;
        read_row(st, &row);
        fn(ctx, &row);
    }
    db_done(st);
    return RES_OK;
}

enum result research_get(struct db *db, const struct actor *who, long long id, struct arena *ar,
                         struct research *out, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " RESEARCH_COLS ", r.body, u.path FROM research r"
                                   " JOIN unit u ON u.id = r.unit_id WHERE r.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 11))) {
        found = 1;
        struct research row;
        read_row(st, &row);
        *out = (struct research){
            .id = row.id,
            .unit_code = arena_strdup(ar, row.unit_code),
            .unit_name = arena_strdup(ar, row.unit_name),
            .title = arena_strdup(ar, row.title),
            .day = arena_strdup(ar, row.day),
            .authors = arena_strdup(ar, row.authors),
            .author_ids = arena_strdup(ar, row.author_ids),
            .adopted = row.adopted,
            .adopted_by = arena_strdup(ar, row.adopted_by),
            .adopted_on = arena_strdup(ar, row.adopted_on),
            .text = arena_strdup(ar, db_col_text(st, 10)),
            .file_name = arena_strdup(ar, row.file_name),
        };
    }
    db_done(st);
    return found ? RES_OK : err_set(err, RES_NOT_FOUND, "research", "err.not_found");
}

enum result research_file(struct db *db, const struct actor *who, long long id,
                          void (*fn)(void *ctx, const char *name, const char *type,
                                     const void *data, size_t size),
                          void *ctx, struct err *err)
{
    struct arena a;
    arena_init(&a);
    struct research x;
    enum result r = research_get(db, who, id, &a, &x, err);
    arena_release(&a);
    if (r != RES_OK)
        return r;
    r = attachment_read_first(db, ATTACH_RESEARCH, id, fn, ctx);
    if (r == RES_FAIL)
        return db_fail(db, err);
    return r == RES_OK ? RES_OK : err_set(err, RES_NOT_FOUND, "research", "err.not_found");
}

/* ---- import ---- */

struct import_ctx {
    struct db *db;           /* the store */
    const struct actor *who; /* the caller */
    long long *n_added;      /* reports added */
};

/* Reads "12 34;56" into ids (at most max); returns how many, or -1 for a bad id. */
static long parse_ids(const char *s, long long *ids, size_t max)
{
    size_t n = 0;
    char buf[32];
    while (*s) {
        s += strspn(s, " ;,\t");
        size_t len = strcspn(s, " ;,\t");
        if (!len)
            break;
        if (len >= sizeof(buf) || n == max)
            return -1;
        memcpy(buf, s, len);
        buf[len] = '\0';
        if (str_to_ll(buf, 1, 1LL << 62, &ids[n++]) != 0)
            return -1;
        s += len;
    }
    return (long)n;
}

/* One CSV record: unit,title,authors,day,text,adopted_by. */
static enum result import_row(void *ctx, char **f, struct err *e)
{
    struct import_ctx *ic = ctx;
    long long ids[RESEARCH_AUTHORS_MAX + 1];
    long n = parse_ids(f[2], ids, RESEARCH_AUTHORS_MAX + 1);
    if (n < 0)
        return err_set(e, RES_INVALID, "authors", "err.bad_type");
    struct research_input in = { f[0], f[1], ids, (size_t)n, f[3], f[4], NULL };
    long long id;
    enum result r = research_add(ic->db, ic->who, &in, &id, e);
    if (r == RES_OK && *f[5])
        r = research_adopt(ic->db, ic->who, id, f[5], e);
    if (r == RES_OK)
        (*ic->n_added)++;
    return r;
}

/* the import file's columns, their named values (catalog prefixes) and dates */
static const char *const import_header[] = {
    "unit", "title", "authors", "day", "text", "adopted_by"
};
const struct csv_columns research_import_columns = { import_header, 6, 1u << 3, NULL };

enum result research_import(struct db *db, const struct actor *who, long long arg, const char *data,
                            size_t len, long long *n_added, const struct import_report *rep)
{
    (void)arg;
    struct import_ctx ic = { db, who, n_added };
    *n_added = 0;
    enum result r = db_import_csv(db, data, len, &research_import_columns, import_row, &ic, rep);
    if (r != RES_OK)
        *n_added = 0;
    return r;
}
