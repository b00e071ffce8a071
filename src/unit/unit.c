/*
 * The unit tree model; see unit.h. Mechanism layer: rules and SQL for the unit table; audits
 * every change. No http or web types.
 */
#include "unit/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/str.h"
#include "core/xalloc.h"

static const char *const kinds[] = { "province",   "city",   "county", "township",
                                     "department", "office", "other" };

int unit_kind_valid(const char *kind)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (kind && strcmp(kind, kinds[i]) == 0)
            return 1;
    return 0;
}

#define UNIT_COLUMNS                                                                               \
    "u.id, u.code, u.name, u.kind, coalesce(p.code, ''), u.path, u.depth, u.n_persons,"            \
    " u.n_total, u.n_children, coalesce(u.dept_id, u.id)"

static void unit_from_row(sqlite3_stmt *st, struct unit *u)
{
    u->id = sqlite3_column_int64(st, 0);
    str_copy(u->code, sizeof(u->code), db_col_text(st, 1));
    str_copy(u->name, sizeof(u->name), db_col_text(st, 2));
    str_copy(u->kind, sizeof(u->kind), db_col_text(st, 3));
    str_copy(u->parent_code, sizeof(u->parent_code), db_col_text(st, 4));
    str_copy(u->path, sizeof(u->path), db_col_text(st, 5));
    u->depth = sqlite3_column_int(st, 6);
    u->n_persons = sqlite3_column_int64(st, 7);
    u->n_total = sqlite3_column_int64(st, 8);
    u->n_children = sqlite3_column_int64(st, 9);
    u->dept_id = sqlite3_column_int64(st, 10);
}

/* Loads a unit by code with no scope check: RES_OK or RES_NOT_FOUND. */
static enum result unit_load(struct db *db, const char *code, struct unit *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " UNIT_COLUMNS " FROM unit u"
                                   " LEFT JOIN unit p ON p.id = u.parent_id WHERE u.code = ?1");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, code);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        unit_from_row(st, out);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result unit_get(struct db *db, const struct actor *who, const char *code, struct unit *out,
                     struct err *err)
{
    enum result r = unit_load(db, code ? code : "", out);
    if (r == RES_NOT_FOUND || (r == RES_OK && !scope_has_path(who, out->path)))
        return err_set(err, RES_NOT_FOUND, "unit", "err.not_found");
    if (r != RES_OK)
        return db_fail(db, err);
    return scope_check(who, out->path, PERM_READ, err);
}

enum result unit_get_id(struct db *db, const struct actor *who, long long id, struct unit *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " UNIT_COLUMNS " FROM unit u"
                                   " LEFT JOIN unit p ON p.id = u.parent_id WHERE u.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        unit_from_row(st, out);
        r = scope_check(who, out->path, PERM_READ, NULL);
    }
    db_done(st);
    return r;
}

enum result unit_each(struct db *db, const struct actor *who, const struct unit *root,
                      int max_depth, void (*fn)(void *ctx, const struct unit *u), void *ctx)
{
    const char *start = root ? root->path : who->unit_path;
    if (!scope_has_path(who, start))
        return RES_NOT_FOUND;
    if (!role_may(who->role, PERM_READ))
        return RES_FORBIDDEN;
    char end[UNIT_PATH_MAX];
    path_end(end, start);
    long long ids[UNIT_PATH_MAX / 2];
    int in_path = path_ids(start, ids, UNIT_PATH_MAX / 2);
    int below = root ? root->depth : in_path > 0 ? in_path - 1 : 0; /* the scope's own depth */
    sqlite3_stmt *st;
    if (root && max_depth == 1) {
        /* one level: the root as given, then its children in path order straight from the
         * parent index, neither a scan of the whole subtree nor a sort */
        st = db_stmt(db, "SELECT " UNIT_COLUMNS " FROM unit u"
                         " LEFT JOIN unit p ON p.id = u.parent_id"
                         " WHERE u.parent_id = ?1 ORDER BY u.path");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, root->id);
        fn(ctx, root);
    } else {
        st = db_stmt(db, "SELECT " UNIT_COLUMNS " FROM unit u"
                         " LEFT JOIN unit p ON p.id = u.parent_id"
                         " WHERE u.path >= ?1 AND u.path < ?2 AND (?3 < 0 OR"
                         " u.depth <= ?4 + ?3) ORDER BY u.path");
        if (!st)
            return RES_FAIL;
        db_bind_text(st, 1, start);
        db_bind_text(st, 2, end);
        sqlite3_bind_int(st, 3, max_depth);
        sqlite3_bind_int(st, 4, below);
    }
    struct unit u;
    while (sqlite3_step(st) == SQLITE_ROW) {
        unit_from_row(st, &u);
        fn(ctx, &u);
    }
    db_done(st);
    return RES_OK;
}

static char *unit_json(const struct unit *u)
{
    /* the keys in their sorted order as they are added (what JSON_SORT_KEYS would give, without
     * sorting them for each unit of an import) */
    const char *const keys[] = { "code", "kind", "name", "parent", "path" };
    const char *const values[] = { u->code, u->kind, u->name, u->parent_code, u->path };
    json_t *j = json_object();
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        json_object_set_new_nocheck(j, keys[i], json_string(values[i]));
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return text;
}

/* Checks the fields of a new unit. */
static enum result unit_validate(const struct unit_input *in, struct err *err)
{
    if (!in->code || !*in->code)
        return err_set(err, RES_INVALID, "code", "err.required");
    if (!code_valid(in->code, UNIT_CODE_MAX))
        return err_set(err, RES_INVALID, "code", "err.code_format");
    enum result r = err_text(err, "name", in->name, 1, UNIT_NAME_MAX, 0);
    if (r != RES_OK)
        return r;
    if (in->kind && *in->kind && !unit_kind_valid(in->kind))
        return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "%s",
                        "province|city|county|township|department|office|other");
    return RES_OK;
}

/* Adds delta to the count of units directly below unit id. */
static enum result add_children(struct db *db, long long id, long long delta)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE unit SET n_children = n_children + ?2 WHERE id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, delta);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

/* Inserts a checked unit; the caller holds the transaction. */
/* Adds the unit in under parent (loaded by the caller: an import finds it once for its row, or
 * NULL for a root); a code already taken is the UNIQUE constraint's to find, not a lookup's. */
static enum result unit_insert_under(struct db *db, const struct actor *who,
                                     const struct unit_input *in, const struct unit *parent,
                                     long long *id, struct err *err)
{
    int has_parent = parent != NULL;
    enum result r;
    if (has_parent) {
        if (!scope_has_path(who, parent->path))
            return err_setf(err, RES_INVALID, "parent", "err.parent_unknown", "%s",
                            in->parent_code);
        if ((r = scope_check(who, parent->path, PERM_UNIT_WRITE, err)) != RES_OK)
            return r;
    } else if (strcmp(who->unit_path, "/") != 0) {
        return err_set(err, RES_FORBIDDEN, "parent", "err.root_forbidden");
    } else if (!role_may(who->role, PERM_UNIT_WRITE)) {
        return err_set(err, RES_FORBIDDEN, NULL, "err.forbidden");
    }
    long long next = db_count(db, "SELECT coalesce(max(id), 0) + 1 FROM unit", NULL, 1);
    struct unit u = { .id = next, .depth = has_parent ? parent->depth + 1 : 0 };
    int n = snprintf(u.path, sizeof(u.path), "%s%08lld/", has_parent ? parent->path : "/", next);
    if (n < 0 || (size_t)n >= sizeof(u.path))
        return err_set(err, RES_INVALID, "parent", "err.too_deep");
    snprintf(u.code, sizeof(u.code), "%s", in->code);
    snprintf(u.name, sizeof(u.name), "%s", in->name);
    snprintf(u.kind, sizeof(u.kind), "%s", in->kind && *in->kind ? in->kind : "other");
    snprintf(u.parent_code, sizeof(u.parent_code), "%s", has_parent ? parent->code : "");
    /* an office belongs to its parent's department; any other unit is its own */
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO unit(id, code, name, kind, parent_id, path, depth,"
                                   " dept_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN"
                                   " ?4 = 'office' AND ?5 IS NOT NULL THEN (SELECT dept_id FROM"
                                   " unit WHERE id = ?5) ELSE ?1 END)");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    db_bind_text(st, 2, u.code);
    db_bind_text(st, 3, u.name);
    db_bind_text(st, 4, u.kind);
    if (has_parent)
        sqlite3_bind_int64(st, 5, parent->id);
    else
        sqlite3_bind_null(st, 5);
    db_bind_text(st, 6, u.path);
    sqlite3_bind_int(st, 7, u.depth);
    int rc = sqlite3_step(st);
    int taken = (rc & 0xff) == SQLITE_CONSTRAINT &&
                sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_UNIQUE;
    db_done(st);
    if (taken) /* the code: the path is the new id's own */
        return err_setf(err, RES_CONFLICT, "code", "err.duplicate", "%s", in->code);
    if (rc != SQLITE_DONE || (has_parent && add_children(db, parent->id, 1) != RES_OK))
        return db_fail(db, err);
    char *after = unit_json(&u);
    char object[64];
    snprintf(object, sizeof(object), "unit:%s", u.code);
    r = audit_append(db, who, "unit.add", object, NULL, after);
    free(after);
    if (r != RES_OK)
        return db_fail(db, err);
    *id = u.id;
    return RES_OK;
}

/* Adds the unit in, its parent found by code. */
static enum result unit_insert(struct db *db, const struct actor *who, const struct unit_input *in,
                               long long *id, struct err *err)
{
    if (!in->parent_code || !*in->parent_code)
        return unit_insert_under(db, who, in, NULL, id, err);
    struct unit parent;
    enum result r = unit_load(db, in->parent_code, &parent);
    if (r == RES_NOT_FOUND)
        return err_setf(err, RES_INVALID, "parent", "err.parent_unknown", "%s", in->parent_code);
    if (r != RES_OK)
        return db_fail(db, err);
    return unit_insert_under(db, who, in, &parent, id, err);
}

enum result unit_add(struct db *db, const struct actor *who, const struct unit_input *in,
                     long long *id, struct err *err)
{
    enum result r = unit_validate(in, err);
    if (r != RES_OK)
        return r;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    r = unit_insert(db, who, in, id, err);
    if (r != RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    if ((r = db_tx_commit(db)) != RES_OK)
        return db_fail(db, err);
    return RES_OK;
}

enum result unit_add_job(struct db *db, void *arg)
{
    struct unit_add_job *job = arg;
    return unit_add(db, job->who, &job->in, &job->id, &job->err);
}

/* Adds delta to n_total of every unit whose id appears in path (the unit and its ancestors). */
static enum result add_to_chain(struct db *db, const char *path, long long delta)
{
    long long ids[UNIT_PATH_MAX / 2];
    int n = path_ids(path, ids, UNIT_PATH_MAX / 2);
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *st = db_stmt(db, "UPDATE unit SET n_total = n_total + ?2 WHERE id = ?1");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int64(st, 2, delta);
        int rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return RES_FAIL;
    }
    return RES_OK;
}

enum result unit_count_persons(struct db *db, long long unit_id, long long delta)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE unit SET n_persons = n_persons + ?2 WHERE id = ?1"
                                   " RETURNING path");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int64(st, 2, delta);
    char path[UNIT_PATH_MAX] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(path, sizeof(path), "%s", db_col_text(st, 0));
    db_done(st);
    if (!*path)
        return RES_NOT_FOUND;
    return add_to_chain(db, path, delta);
}

/* After a move: the offices of the moved subtree belong to the department above them now.
 * Parents come before their children in path order, so each office reads its parent's new
 * department. */
static enum result move_departments(struct db *db, const char *path)
{
    char end[UNIT_PATH_MAX];
    path_end(end, path);
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM unit WHERE path >= ?1 AND path < ?2"
                                   " AND kind = 'office' ORDER BY path");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, path);
    db_bind_text(st, 2, end);
    long long *ids = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        ids = vec_grow(ids, n, &cap);
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    db_done(st);
    enum result r = RES_OK;
    for (size_t i = 0; i < n && r == RES_OK; i++) {
        st = db_stmt(db, "UPDATE unit SET dept_id = (SELECT p.dept_id FROM unit p"
                         " WHERE p.id = unit.parent_id) WHERE id = ?1");
        if (!st) {
            r = RES_FAIL;
            break;
        }
        sqlite3_bind_int64(st, 1, ids[i]);
        r = sqlite3_step(st) == SQLITE_DONE ? RES_OK : RES_FAIL;
        db_done(st);
    }
    free(ids);
    return r;
}

enum result unit_move(struct db *db, const struct actor *who, const char *code,
                      const char *parent_code, struct err *err)
{
    struct unit u, parent;
    enum result r = unit_get(db, who, code, &u, err);
    if (r != RES_OK)
        return r;
    if ((r = scope_check(who, u.path, PERM_UNIT_WRITE, err)) != RES_OK)
        return r;
    if (!u.parent_code[0] || strcmp(u.path, who->unit_path) == 0)
        return err_set(err, RES_FORBIDDEN, "code", "err.root_forbidden");
    r = unit_load(db, parent_code ? parent_code : "", &parent);
    if (r != RES_OK || !scope_has_path(who, parent.path))
        return err_setf(err, RES_INVALID, "parent", "err.parent_unknown", "%s",
                        parent_code ? parent_code : "");
    if ((r = scope_check(who, parent.path, PERM_UNIT_WRITE, err)) != RES_OK)
        return r;
    if (strncmp(parent.path, u.path, strlen(u.path)) == 0)
        return err_set(err, RES_INVALID, "parent", "err.cycle");
    char new_path[UNIT_PATH_MAX];
    int n = snprintf(new_path, sizeof(new_path), "%s%08lld/", parent.path, u.id);
    if (n < 0 || (size_t)n >= sizeof(new_path))
        return err_set(err, RES_INVALID, "parent", "err.too_deep");
    if (strcmp(u.parent_code, parent.code) == 0)
        return RES_OK;
    char end[UNIT_PATH_MAX];
    path_end(end, u.path);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    char *before = unit_json(&u);
    r = RES_FAIL;
    if (add_to_chain(db, u.path, -u.n_total) != RES_OK)
        goto fail;
    sqlite3_stmt *st = db_stmt(db, "UPDATE unit SET path = ?3 || substr(path, length(?1) + 1),"
                                   " depth = depth + ?4 WHERE path >= ?1 AND path < ?2");
    if (!st)
        goto fail;
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, new_path);
    sqlite3_bind_int(st, 4, parent.depth + 1 - u.depth);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        goto fail;
    long long chain[UNIT_PATH_MAX / 2];
    int depth = path_ids(u.path, chain, UNIT_PATH_MAX / 2);
    if (depth < 2 || add_children(db, chain[depth - 2], -1) != RES_OK ||
        add_children(db, parent.id, 1) != RES_OK)
        goto fail;
    st = db_stmt(db, "UPDATE unit SET parent_id = ?2 WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, u.id);
    sqlite3_bind_int64(st, 2, parent.id);
    rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE || add_to_chain(db, new_path, u.n_total) != RES_OK ||
        move_departments(db, new_path) != RES_OK)
        goto fail;
    snprintf(u.path, sizeof(u.path), "%s", new_path);
    snprintf(u.parent_code, sizeof(u.parent_code), "%s", parent.code);
    char *after = unit_json(&u);
    char object[64];
    snprintf(object, sizeof(object), "unit:%s", u.code);
    r = audit_append(db, who, "unit.move", object, before, after);
    free(after);
    if (r != RES_OK)
        goto fail;
    free(before);
    if ((r = db_tx_commit(db)) != RES_OK)
        return db_fail(db, err);
    return RES_OK;
fail:
    free(before);
    db_tx_rollback(db);
    return db_fail(db, err);
}

/* One parsed line of an import file. */
struct import_row {
    int line;        /* line number in the file */
    char *fields[4]; /* code, name, parent, kind (owned) */
    int done;        /* inserted */
};

static void import_error(const struct import_report *rep, int line, const char *field,
                         const char *msg)
{
    struct err e = { 0 };
    err_set(&e, RES_INVALID, field, msg);
    rep->fn(rep->ctx, line, &e);
}

/* By code, then by line: a code's first row first. */
static int by_code(const void *pa, const void *pb)
{
    const struct import_row *a = *(struct import_row *const *)pa;
    const struct import_row *b = *(struct import_row *const *)pb;
    int c = strcmp(a->fields[0], b->fields[0]);
    return c ? c : a->line - b->line;
}

/* By line. */
static int by_line(const void *pa, const void *pb)
{
    const struct import_row *a = *(struct import_row *const *)pa;
    const struct import_row *b = *(struct import_row *const *)pb;
    return a->line - b->line;
}

/* Marks each row whose code an earlier row has (done: never inserted) and reports it, in the
 * order of the lines; sorted, not compared with every row before (20,000 units took 6.5
 * billion instructions so). Returns 1 when there were any. */
static int mark_duplicates(struct import_row *rows, size_t n, const struct import_report *rep)
{
    if (n < 2)
        return 0;
    struct import_row **by = xcalloc(n, sizeof(*by));
    for (size_t i = 0; i < n; i++)
        by[i] = &rows[i];
    qsort(by, n, sizeof(*by), by_code);
    size_t n_dup = 0;
    for (size_t i = 1; i < n; i++)
        if (strcmp(by[i]->fields[0], by[i - 1]->fields[0]) == 0)
            by[n_dup++] = by[i]; /* n_dup <= i - 1: the slot is read already */
    qsort(by, n_dup, sizeof(*by), by_line);
    for (size_t i = 0; i < n_dup; i++) {
        by[i]->done = 1;
        import_error(rep, by[i]->line, "code", "err.dup_in_file");
    }
    free(by);
    return n_dup > 0;
}

/* the import file's columns and the catalog prefix of the kinds' names */
static const char *const import_header[] = { "code", "name", "parent", "kind" };
static const char *const import_values[] = { NULL, NULL, NULL, "kind." };
const struct csv_columns unit_import_columns = { import_header, 4, 0, import_values };

enum result unit_import(struct db *db, const struct actor *who, const char *data, size_t len,
                        long long *n_added, const struct import_report *rep)
{
    struct csv c;
    csv_init(&c, data, len);
    char *f[CSV_MAX_FIELDS];
    struct import_row *rows = NULL;
    size_t n_rows = 0, cap = 0;
    enum result r = RES_INVALID;
    *n_added = 0;
    int n = csv_next(&c, f);
    int named = n >= 4;
    for (int i = 0; i < 4 && named; i++)
        named = csv_header_is(f[i], import_header[i]);
    if (!named) {
        struct err e = { 0 };
        err_setf(&e, RES_INVALID, "header", "err.csv_header", "code,name,parent,kind");
        rep->fn(rep->ctx, c.line ? c.line : 1, &e);
        goto out;
    }
    int bad = 0;
    while ((n = csv_next(&c, f)) != 0) {
        if (n < 0 || n != 4) {
            import_error(rep, c.line, "line",
                         n == CSV_BAD_QUOTE ? "err.csv_quote"
                         : n == CSV_NUL     ? "err.control_char"
                                            : "err.csv_fields");
            bad = 1;
            continue;
        }
        const char *kind = i18n_code("kind.", f[3]); /* 县级 as county */
        struct unit_input in = { f[0], f[1], f[2], kind ? kind : f[3] };
        struct err e = { 0 };
        if (unit_validate(&in, &e) != RES_OK) {
            rep->fn(rep->ctx, c.line, &e);
            bad = 1;
            continue;
        }
        rows = vec_grow(rows, n_rows, &cap);
        struct import_row *row = &rows[n_rows++];
        row->line = c.line;
        row->done = 0;
        for (int i = 0; i < 3; i++)
            row->fields[i] = xstrdup(f[i]);
        row->fields[3] = xstrdup(in.kind);
    }
    bad |= mark_duplicates(rows, n_rows, rep);
    /* go on even after bad lines, to report unknown parents too; nothing is kept */
    if (db_tx_begin(db) != RES_OK) {
        r = RES_FAIL;
        goto out;
    }
    /* Insert in rounds: each round adds the rows whose parent already exists. A bulk import:
     * a failed row fails the whole (bad), with no savepoint per row. */
    db_bulk_begin(db);
    size_t left = n_rows;
    for (int progress = 1; left && progress;) {
        progress = 0;
        for (size_t i = 0; i < n_rows; i++) {
            struct import_row *row = &rows[i];
            struct unit parent;
            int has_parent = *row->fields[2] != '\0';
            if (row->done || (has_parent && unit_load(db, row->fields[2], &parent) != RES_OK))
                continue;
            struct unit_input in = { row->fields[0], row->fields[1], row->fields[2],
                                     row->fields[3] };
            struct err e = { 0 };
            long long id;
            if (unit_insert_under(db, who, &in, has_parent ? &parent : NULL, &id, &e) != RES_OK) {
                rep->fn(rep->ctx, row->line, &e);
                bad = 1;
            }
            row->done = 1;
            left--;
            progress = 1;
        }
    }
    for (size_t i = 0; i < n_rows; i++)
        if (!rows[i].done) {
            import_error(rep, rows[i].line, "parent", "err.parent_cycle");
            bad = 1;
        }
    if (db_bulk_end(db) != 0 && !bad) {
        db_tx_rollback(db);
        r = RES_FAIL;
        goto out;
    }
    if (bad) {
        db_tx_rollback(db);
        goto out;
    }
    if (db_tx_commit(db) != RES_OK) {
        r = RES_FAIL;
        goto out;
    }
    *n_added = (long long)n_rows;
    r = RES_OK;
out:
    for (size_t i = 0; i < n_rows; i++)
        for (int k = 0; k < 4; k++)
            free(rows[i].fields[k]);
    free(rows);
    csv_release(&c);
    return r;
}
