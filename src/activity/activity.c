/*
 * Campaigns in phases; see activity.h. Mechanism layer: rules and SQL for activity,
 * activity_phase, activity_item, activity_mark and activity_unit; the figures of computed items
 * are read from the opinion and rectification tables. Every change is audited under
 * "activity:ID".
 */
#include "activity/activity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "unit/unit.h"

/* The item codes whose figure the records hold: a unit is never asked for them. */
static const struct {
    const char *code;            /* item code */
    enum activity_source source; /* where its figure comes from */
} computed[] = {
    { "opinions", ACTIVITY_OPINIONS },
    { "problems", ACTIVITY_PROBLEMS },
    { "rectify", ACTIVITY_MEASURES },
};

enum activity_source activity_source_of(const char *code)
{
    for (size_t i = 0; i < sizeof(computed) / sizeof(computed[0]); i++)
        if (strcmp(code, computed[i].code) == 0)
            return computed[i].source;
    return ACTIVITY_MARKED;
}

/* An activity as loaded for access checks. */
struct activity_row {
    long long id;                  /* activity */
    long long unit_id;             /* issuing unit */
    char unit_path[UNIT_PATH_MAX]; /* its path */
    char first_day[11];            /* first day of its first phase */
};

/* Loads an activity the actor may see: issued in scope, or reaching the actor's unit. */
static enum result activity_load(struct db *db, const struct actor *who, long long id,
                                 struct activity_row *a, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id, u.path, (SELECT min(starts) FROM activity_phase"
                                   " WHERE activity_id = a.id), a.unit_id FROM activity a JOIN unit u"
                                   " ON u.id = a.unit_id WHERE a.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        a->id = sqlite3_column_int64(st, 0);
        snprintf(a->unit_path, sizeof(a->unit_path), "%s", db_col_text(st, 1));
        snprintf(a->first_day, sizeof(a->first_day), "%s", db_col_text(st, 2));
        a->unit_id = sqlite3_column_int64(st, 3);
        found = path_overlap(who->unit_path, a->unit_path);
    }
    db_done(st);
    return found ? RES_OK : err_set(err, RES_NOT_FOUND, "activity", "err.not_found");
}

/* 1 if a unit with that path takes part in the activity. */
static int in_activity(const struct activity_row *a, const char *unit_path)
{
    return strncmp(unit_path, a->unit_path, strlen(a->unit_path)) == 0;
}

static int step_done(sqlite3_stmt *st)
{
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (st)
        db_done(st);
    return rc == SQLITE_DONE;
}

/* Names the phase (and item, when k is given) of a failure in err's detail, as in the JSON. */
static enum result at_position(struct err *err, enum result r, size_t phase, long k)
{
    if (k < 0)
        snprintf(err->detail, sizeof(err->detail), "phases[%zu]", phase);
    else
        snprintf(err->detail, sizeof(err->detail), "phases[%zu].items[%ld]", phase, k);
    return r;
}

static enum result check_input(const struct activity_input *in, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, ACTIVITY_TITLE_MAX, 0);
    if (r != RES_OK)
        return r;
    if (in->n_phases == 0)
        return err_set(err, RES_INVALID, "phases", "err.required");
    if (in->n_phases > ACTIVITY_PHASES_MAX)
        return err_setf(err, RES_INVALID, "phases", "err.too_long", "%d", ACTIVITY_PHASES_MAX);
    size_t n_items = 0;
    for (size_t i = 0; i < in->n_phases; i++) {
        const struct activity_phase_input *p = &in->phases[i];
        if ((r = err_text(err, "name", p->name, 1, ACTIVITY_NAME_MAX, 0)) != RES_OK)
            return at_position(err, r, i, -1);
        if (!p->from || !date_valid(p->from))
            return at_position(err, err_set(err, RES_INVALID, "from", "err.bad_date"), i, -1);
        if (!p->to || !date_valid(p->to) || strcmp(p->to, p->from) < 0)
            return at_position(err, err_set(err, RES_INVALID, "to", "err.bad_date"), i, -1);
        if (p->n_items == 0)
            return at_position(err, err_set(err, RES_INVALID, "items", "err.required"), i, -1);
        for (size_t k = 0; k < p->n_items; k++) {
            const struct activity_item_input *it = &p->items[k];
            if (++n_items > ACTIVITY_ITEMS_MAX)
                return err_setf(err, RES_INVALID, "items", "err.too_long", "%d",
                                ACTIVITY_ITEMS_MAX);
            if (!it->code || !code_valid(it->code, ACTIVITY_CODE_MAX))
                return at_position(err, err_set(err, RES_INVALID, "code", "err.code_format"), i,
                                   (long)k);
            if ((r = err_text(err, "name", it->name, 1, ACTIVITY_NAME_MAX, 0)) != RES_OK)
                return at_position(err, r, i, (long)k);
            /* a code used before, in this phase or an earlier one */
            for (size_t j = 0; j <= i; j++)
                for (size_t m = 0; m < (j == i ? k : in->phases[j].n_items); m++)
                    if (strcmp(in->phases[j].items[m].code, it->code) == 0)
                        return at_position(
                            err, err_set(err, RES_INVALID, "code", "err.duplicate"), i, (long)k);
        }
    }
    return RES_OK;
}

/* Inserts the phases and their items of a new activity; the caller holds the transaction. */
static int insert_phases(struct db *db, long long id, const struct activity_input *in,
                         json_t *codes)
{
    long long seq = 0;
    for (size_t i = 0; i < in->n_phases; i++) {
        const struct activity_phase_input *p = &in->phases[i];
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO activity_phase(activity_id, seq, name, starts,"
                                       " ends) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, (long long)i + 1);
            db_bind_text(st, 3, p->name);
            db_bind_text(st, 4, p->from);
            db_bind_text(st, 5, p->to);
        }
        if (!step_done(st))
            return 0;
        long long phase_id = sqlite3_last_insert_rowid(db->h);
        for (size_t k = 0; k < p->n_items; k++) {
            st = db_stmt(db, "INSERT INTO activity_item(activity_id, phase_id, seq, code, name)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)");
            if (st) {
                sqlite3_bind_int64(st, 1, id);
                sqlite3_bind_int64(st, 2, phase_id);
                sqlite3_bind_int64(st, 3, ++seq);
                db_bind_text(st, 4, p->items[k].code);
                db_bind_text(st, 5, p->items[k].name);
            }
            if (!step_done(st))
                return 0;
            json_array_append_new(codes, json_string(p->items[k].code));
        }
    }
    return 1;
}

enum result activity_create(struct db *db, const struct actor *who, const struct activity_input *in,
                            long long *id, struct err *err)
{
    enum result r = check_input(in, err);
    if (r != RES_OK)
        return r;
    struct unit u;
    if (!in->unit || !*in->unit)
        return err_set(err, RES_INVALID, "unit", "err.required");
    if ((r = unit_get(db, who, in->unit, &u, err)) != RES_OK)
        return r == RES_FAIL ? db_fail(db, err) : err_set(err, r, "unit", "err.not_found");
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    char today[11];
    clock_today(today);
    sqlite3_stmt *st =
        db_stmt(db, "INSERT INTO activity(unit_id, title, created) VALUES (?1, ?2, ?3)");
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, in->title);
        db_bind_text(st, 3, today);
    }
    int ok = step_done(st);
    json_t *codes = json_array();
    if (ok) {
        *id = sqlite3_last_insert_rowid(db->h);
        ok = insert_phases(db, *id, in, codes);
    }
    if (!ok) {
        json_decref(codes);
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    if (audit_record(db, who, "activity.create", "activity", *id,
                     json_pack("{s:s, s:s, s:I, s:o}", "unit", u.code, "title", in->title,
                               "phases", (json_int_t)in->n_phases, "items", codes)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result activity_create_job(struct db *db, void *arg)
{
    struct activity_create_job *job = arg;
    return activity_create(db, job->who, &job->in, &job->id, &job->err);
}

/* ---- a unit's state ---- */

/* The id of a marked item of the activity into *item. */
static enum result find_item(struct db *db, long long id, const char *code, long long *item,
                             struct err *err)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT id FROM activity_item WHERE activity_id = ?1 AND code = ?2");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, code);
    *item = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    if (!*item)
        return err_setf(err, RES_NOT_FOUND, "item", "err.not_found", "%s", code ? code : "");
    if (activity_source_of(code) != ACTIVITY_MARKED)
        return err_setf(err, RES_CONFLICT, "item", "err.activity_computed", "%s", code);
    return RES_OK;
}

static enum result check_mark(const struct activity_mark_input *m, struct err *err)
{
    if (m->count < -1 || m->count > 1000000000)
        return err_setf(err, RES_INVALID, "count", "err.range", "0-1000000000");
    return err_text(err, "note", m->note, 0, ACTIVITY_NOTE_MAX, 1);
}

/* Writes one mark unless it equals the stored one (so who marked it and when stay); *changed is
 * set when it wrote. The caller holds the transaction. */
static int write_mark(struct db *db, const struct actor *who, long long item, long long unit_id,
                      const struct activity_mark_input *m, const char *now, int *changed)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO activity_mark(item_id, unit_id, done, count, note,"
                                   " account_id, marked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                   " ON CONFLICT(item_id, unit_id) DO UPDATE SET done = ?3,"
                                   " count = ?4, note = ?5, account_id = ?6, marked = ?7"
                                   " WHERE done IS NOT ?3 OR count IS NOT ?4 OR note IS NOT ?5");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, item);
    sqlite3_bind_int64(st, 2, unit_id);
    sqlite3_bind_int(st, 3, m->done);
    if (m->count >= 0)
        sqlite3_bind_int64(st, 4, m->count);
    db_bind_text(st, 5, m->note ? m->note : "");
    if (who->account_id)
        sqlite3_bind_int64(st, 6, who->account_id);
    db_bind_text(st, 7, now);
    int ok = step_done(st);
    *changed = ok && sqlite3_changes(db->h) > 0;
    return ok;
}

/* Writes a unit's participants unless they equal the stored figure, as write_mark(). */
static int write_participants(struct db *db, const struct actor *who, long long id,
                              long long unit_id, long long n, const char *now, int *changed)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO activity_unit(activity_id, unit_id, participants,"
                                   " account_id, marked) VALUES (?1, ?2, ?3, ?4, ?5)"
                                   " ON CONFLICT(activity_id, unit_id) DO UPDATE SET"
                                   " participants = ?3, account_id = ?4, marked = ?5"
                                   " WHERE participants IS NOT ?3");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, unit_id);
    sqlite3_bind_int64(st, 3, n);
    if (who->account_id)
        sqlite3_bind_int64(st, 4, who->account_id);
    db_bind_text(st, 5, now);
    int ok = step_done(st);
    *changed = ok && sqlite3_changes(db->h) > 0;
    return ok;
}

enum result activity_record(struct db *db, const struct actor *who, long long id,
                            const struct activity_record_input *in, struct err *err)
{
    struct activity_row a;
    enum result r = activity_load(db, who, id, &a, err);
    if (r != RES_OK)
        return r;
    struct unit u;
    if (!in->unit || (r = unit_get(db, who, in->unit, &u, err)) != RES_OK || !in_activity(&a, u.path))
        return r == RES_FAIL ? db_fail(db, err) : err_set(err, RES_NOT_FOUND, "unit", "err.not_found");
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if (in->participants < -1 || in->participants > 10000000)
        return err_setf(err, RES_INVALID, "participants", "err.range", "0-10000000");
    long long *items = xcalloc(in->n_marks + 1, sizeof(*items));
    for (size_t i = 0; i < in->n_marks && r == RES_OK; i++)
        if ((r = check_mark(&in->marks[i], err)) == RES_OK)
            r = find_item(db, id, in->marks[i].item, &items[i], err);
    if (r != RES_OK) {
        free(items);
        return r;
    }
    if (db_tx_begin(db) != RES_OK) {
        free(items);
        return db_fail(db, err);
    }
    char now[26];
    clock_now(now);
    int ok = 1, changed = 0;
    json_t *marks = json_array();
    for (size_t i = 0; i < in->n_marks && ok; i++) {
        const struct activity_mark_input *m = &in->marks[i];
        int wrote = 0;
        ok = write_mark(db, who, items[i], u.id, m, now, &wrote);
        if (wrote)
            json_array_append_new(marks, json_pack("{s:s, s:b, s:I, s:s}", "item", m->item,
                                                   "done", m->done, "count", (json_int_t)m->count,
                                                   "note", m->note ? m->note : ""));
        changed |= wrote;
    }
    int wrote = 0;
    if (ok && in->participants >= 0)
        ok = write_participants(db, who, id, u.id, in->participants, now, &wrote);
    changed |= wrote;
    free(items);
    if (ok && changed &&
        audit_record(db, who, "activity.record", "activity", id,
                     json_pack("{s:s, s:o, s:I}", "unit", u.code, "marks", marks, "participants",
                               (json_int_t)(wrote ? in->participants : -1))) != RES_OK)
        ok = 0;
    else if (!ok || !changed)
        json_decref(marks);
    if (!ok) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result activity_record_job(struct db *db, void *arg)
{
    struct activity_record_job *job = arg;
    return activity_record(db, job->who, job->id, &job->in, &job->err);
}

/* ---- reading ---- */

enum result activity_each(struct db *db, const struct actor *who, const char *unit,
                          void (*fn)(void *ctx, const struct activity_summary *s), void *ctx,
                          struct err *err)
{
    struct unit u;
    enum result r = unit && *unit ? unit_get(db, who, unit, &u, err)
                                  : unit_get_id(db, who, who->unit_id, &u);
    if (r != RES_OK)
        return r == RES_FAIL ? db_fail(db, err) : err_set(err, r, "unit", "err.not_found");
    char end[UNIT_PATH_MAX];
    path_end(end, u.path);
    /* issued in the unit's subtree, or by a unit on its path from the root */
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.id, a.title, u.code, u.name, min(p.starts), max(p.ends),"
            " count(DISTINCT p.id), (SELECT count(*) FROM activity_item i"
            " WHERE i.activity_id = a.id) FROM activity a JOIN unit u ON u.id = a.unit_id"
            " JOIN activity_phase p ON p.activity_id = a.id WHERE (u.path >= ?1 AND u.path < ?2)"
            " OR substr(?1, 1, length(u.path)) = u.path GROUP BY a.id ORDER BY a.id DESC");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct activity_summary s = {
            .id = sqlite3_column_int64(st, 0),
            .title = db_col_text(st, 1),
            .unit_code = db_col_text(st, 2),
            .unit_name = db_col_text(st, 3),
            .from = db_col_text(st, 4),
            .to = db_col_text(st, 5),
            .n_phases = sqlite3_column_int64(st, 6),
            .n_items = sqlite3_column_int64(st, 7),
        };
        fn(ctx, &s);
    }
    db_done(st);
    return RES_OK;
}

/* The activity's own fields, phases and items into out. */
static enum result load_plan(struct db *db, long long id, struct arena *ar, struct activity *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT a.title, u.code, u.name, a.created FROM activity a"
                                   " JOIN unit u ON u.id = a.unit_id WHERE a.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->title = arena_strdup(ar, db_col_text(st, 0));
        out->unit_code = arena_strdup(ar, db_col_text(st, 1));
        out->unit_name = arena_strdup(ar, db_col_text(st, 2));
        out->created = arena_strdup(ar, db_col_text(st, 3));
    }
    db_done(st);
    out->phases = arena_alloc(ar, ACTIVITY_PHASES_MAX * sizeof(*out->phases));
    out->items = arena_alloc(ar, ACTIVITY_ITEMS_MAX * sizeof(*out->items));
    out->n_phases = out->n_items = 0;
    st = db_stmt(db, "SELECT p.name, p.starts, p.ends, i.id, i.code, i.name, i.seq = (SELECT"
                     " min(seq) FROM activity_item WHERE phase_id = p.id) FROM activity_phase p"
                     " JOIN activity_item i ON i.phase_id = p.id WHERE p.activity_id = ?1"
                     " ORDER BY p.seq, i.seq");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW && out->n_items < ACTIVITY_ITEMS_MAX) {
        if (sqlite3_column_int(st, 6) && out->n_phases < ACTIVITY_PHASES_MAX) {
            struct activity_phase *p = &out->phases[out->n_phases++];
            p->name = arena_strdup(ar, db_col_text(st, 0));
            p->from = arena_strdup(ar, db_col_text(st, 1));
            p->to = arena_strdup(ar, db_col_text(st, 2));
        }
        struct activity_item *it = &out->items[out->n_items++];
        it->id = sqlite3_column_int64(st, 3);
        it->code = arena_strdup(ar, db_col_text(st, 4));
        it->name = arena_strdup(ar, db_col_text(st, 5));
        it->phase = out->n_phases - 1;
        it->source = activity_source_of(it->code);
    }
    db_done(st);
    return RES_OK;
}

/* A unit's index in the subtree loaded, by id. */
struct unit_index {
    long long id; /* unit */
    size_t i;     /* index into activity.units */
};

static int index_cmp(const void *a, const void *b)
{
    long long x = ((const struct unit_index *)a)->id, y = ((const struct unit_index *)b)->id;
    return x < y ? -1 : x > y;
}

/* The units loaded and the lookup by id. */
struct subtree {
    struct activity *out;      /* what is filled */
    struct arena *ar;          /* its memory */
    struct unit_index *by_id;  /* sorted by id */
    long long *parent;         /* per unit: its parent's id */
    size_t cap;                /* capacity of out->units */
    int root_depth;            /* the root's depth in the tree */
    const struct actor *who;   /* the reader */
};

static long long unit_slot(const struct subtree *t, long long id)
{
    struct unit_index key = { id, 0 };
    const struct unit_index *hit =
        bsearch(&key, t->by_id, t->out->n_units, sizeof(key), index_cmp);
    return hit ? (long long)hit->i : -1;
}

static enum result load_units(struct db *db, const struct unit *root, struct subtree *t)
{
    struct activity *out = t->out;
    char end[UNIT_PATH_MAX];
    path_end(end, root->path);
    long long n = db_count(db, "SELECT count(*) FROM unit WHERE path >= ?1 AND path <"
                               " substr(?1, 1, length(?1) - 1) || '0'",
                           root->path, 0);
    out->units = arena_alloc(t->ar, ((size_t)n + 1) * sizeof(*out->units));
    t->parent = arena_alloc(t->ar, ((size_t)n + 1) * sizeof(*t->parent));
    t->by_id = arena_alloc(t->ar, ((size_t)n + 1) * sizeof(*t->by_id));
    t->cap = (size_t)n;
    out->n_units = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name, depth, coalesce(parent_id, 0), path"
                                   " FROM unit WHERE path >= ?1 AND path < ?2 ORDER BY path");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, root->path);
    db_bind_text(st, 2, end);
    size_t n_items = out->n_items;
    while (sqlite3_step(st) == SQLITE_ROW && out->n_units < t->cap) {
        size_t i = out->n_units++;
        struct activity_unit *u = &out->units[i];
        memset(u, 0, sizeof(*u));
        u->id = sqlite3_column_int64(st, 0);
        u->code = arena_strdup(t->ar, db_col_text(st, 1));
        u->name = arena_strdup(t->ar, db_col_text(st, 2));
        u->depth = sqlite3_column_int(st, 3) - t->root_depth;
        u->participants = -1;
        u->may_record = scope_check(t->who, db_col_text(st, 5), PERM_RECORD_WRITE, NULL) == RES_OK;
        u->cells = arena_alloc(t->ar, (n_items + 1) * sizeof(*u->cells));
        u->n_done = arena_alloc(t->ar, (n_items + 1) * sizeof(*u->n_done));
        u->sum_count = arena_alloc(t->ar, (n_items + 1) * sizeof(*u->sum_count));
        for (size_t k = 0; k < n_items; k++)
            u->cells[k] = (struct activity_cell){ 0, -1, "", "", "" };
        t->parent[i] = sqlite3_column_int64(st, 4);
        t->by_id[i] = (struct unit_index){ u->id, i };
    }
    db_done(st);
    qsort(t->by_id, out->n_units, sizeof(*t->by_id), index_cmp);
    return RES_OK;
}

static enum result load_marks(struct db *db, long long id, const struct unit *root,
                              struct subtree *t)
{
    struct activity *out = t->out;
    char end[UNIT_PATH_MAX];
    path_end(end, root->path);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT m.unit_id, m.item_id, m.done, coalesce(m.count, -1), m.note,"
            " coalesce(c.login, ''), m.marked FROM activity_item i JOIN activity_mark m"
            " ON m.item_id = i.id JOIN unit u ON u.id = m.unit_id LEFT JOIN account c"
            " ON c.id = m.account_id WHERE i.activity_id = ?1 AND u.path >= ?2 AND u.path < ?3");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, root->path);
    db_bind_text(st, 3, end);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long slot = unit_slot(t, sqlite3_column_int64(st, 0));
        long long item = sqlite3_column_int64(st, 1);
        for (size_t k = 0; slot >= 0 && k < out->n_items; k++) {
            if (out->items[k].id != item || out->items[k].source != ACTIVITY_MARKED)
                continue;
            struct activity_cell *c = &out->units[slot].cells[k];
            c->done = sqlite3_column_int(st, 2);
            c->count = sqlite3_column_int64(st, 3);
            c->note = arena_strdup(t->ar, db_col_text(st, 4));
            c->by = arena_strdup(t->ar, db_col_text(st, 5));
            c->at = arena_strdup(t->ar, db_col_text(st, 6));
        }
    }
    db_done(st);
    st = db_stmt(db, "SELECT a.unit_id, a.participants FROM activity_unit a JOIN unit u"
                     " ON u.id = a.unit_id WHERE a.activity_id = ?1 AND u.path >= ?2"
                     " AND u.path < ?3");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, root->path);
    db_bind_text(st, 3, end);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long slot = unit_slot(t, sqlite3_column_int64(st, 0));
        if (slot >= 0)
            out->units[slot].participants = sqlite3_column_int64(st, 1);
    }
    db_done(st);
    return RES_OK;
}

/* The figures of the computed items: per unit, its own records' count within the item's dates,
 * read from the roll-ups of opinions and of rectification (each unit's row counts its subtree,
 * by day and by month), never from the records: a unit's own count is its subtree's less its
 * children's subtrees'. */
static enum result load_computed(struct db *db, const struct unit *root, const char *first_day,
                                 struct subtree *t)
{
#define SUBTREE_SUMS(column, table)                                                              \
    "SELECT t.unit_id, sum(t." column ") FROM unit u JOIN " table " t ON t.unit_id = u.id"       \
    " WHERE u.path >= ?1 AND u.path < ?2 AND t.day BETWEEN ?3 AND ?4 GROUP BY t.unit_id"
    static const char *const sql[] = {
        [ACTIVITY_OPINIONS] = SUBTREE_SUMS("collected", "opinion_tally"),
        [ACTIVITY_PROBLEMS] = SUBTREE_SUMS("problems", "measure_tally"),
        [ACTIVITY_MEASURES] = SUBTREE_SUMS("measures", "measure_tally"),
    };
#undef SUBTREE_SUMS
    struct activity *out = t->out;
    char end[UNIT_PATH_MAX];
    path_end(end, root->path);
    long long *sums = arena_alloc(t->ar, (out->n_units + 1) * sizeof(*sums));
    for (size_t k = 0; k < out->n_items; k++) {
        const struct activity_item *it = &out->items[k];
        if (it->source == ACTIVITY_MARKED)
            continue;
        const struct activity_phase *p = &out->phases[it->phase];
        struct period_rows rows;
        period_rows(it->source == ACTIVITY_OPINIONS ? p->from : first_day, p->to, &rows);
        const char *range[3][2] = { { rows.head[0], rows.head[1] },
                                    { rows.months[0], rows.months[1] },
                                    { rows.tail[0], rows.tail[1] } };
        memset(sums, 0, (out->n_units + 1) * sizeof(*sums));
        /* a range at a time: the index seeks each unit's days, where one condition of three
         * ranges read every day of every unit */
        for (int g = 0; g < 3; g++) {
            sqlite3_stmt *st = db_stmt(db, sql[it->source]);
            if (!st)
                return RES_FAIL;
            db_bind_text(st, 1, root->path);
            db_bind_text(st, 2, end);
            db_bind_text(st, 3, range[g][0]);
            db_bind_text(st, 4, range[g][1]);
            while (sqlite3_step(st) == SQLITE_ROW) {
                long long slot = unit_slot(t, sqlite3_column_int64(st, 0));
                if (slot >= 0)
                    sums[slot] += sqlite3_column_int64(st, 1);
            }
            db_done(st);
        }
        long long *own = arena_alloc(t->ar, (out->n_units + 1) * sizeof(*own));
        memcpy(own, sums, out->n_units * sizeof(*own));
        for (size_t i = 1; i < out->n_units; i++) {
            long long parent = unit_slot(t, t->parent[i]);
            if (parent >= 0)
                own[parent] -= sums[i];
        }
        for (size_t i = 0; i < out->n_units; i++)
            if (own[i] > 0)
                out->units[i].cells[k] = (struct activity_cell){ 1, own[i], "", "", "" };
    }
    return RES_OK;
}

/* Each unit's figures, then each added into its parent's, deepest first (tree order backwards:
 * every unit comes after its parent). */
static void roll_up(struct subtree *t)
{
    struct activity *out = t->out;
    for (size_t i = 0; i < out->n_units; i++) {
        struct activity_unit *u = &out->units[i];
        u->n_units = 1;
        u->sum_participants = u->participants > 0 ? u->participants : 0;
        for (size_t k = 0; k < out->n_items; k++) {
            u->n_done[k] = u->cells[k].done;
            u->sum_count[k] = u->cells[k].count > 0 ? u->cells[k].count : 0;
        }
    }
    for (size_t i = out->n_units; i-- > 1;) {
        long long p = unit_slot(t, t->parent[i]);
        if (p < 0)
            continue;
        struct activity_unit *u = &out->units[i], *up = &out->units[p];
        up->n_units += u->n_units;
        up->sum_participants += u->sum_participants;
        for (size_t k = 0; k < out->n_items; k++) {
            up->n_done[k] += u->n_done[k];
            up->sum_count[k] += u->sum_count[k];
        }
    }
    for (size_t i = 0; i < out->n_units; i++) {
        struct activity_unit *u = &out->units[i];
        u->required = u->n_units * (long long)out->n_items;
        u->done = 0;
        for (size_t k = 0; k < out->n_items; k++)
            u->done += u->n_done[k];
    }
}

/* The first unit shown: root when given (in scope and in the activity), else the issuing unit
 * when in scope, else the actor's unit. */
static enum result pick_root(struct db *db, const struct actor *who, const struct activity_row *a,
                             const char *root, struct unit *u, struct err *err)
{
    enum result r;
    if (root && *root)
        r = unit_get(db, who, root, u, err);
    else if (scope_has_path(who, a->unit_path))
        r = unit_get_id(db, who, a->unit_id, u);
    else
        r = unit_get_id(db, who, who->unit_id, u);
    if (r == RES_OK && !in_activity(a, u->path))
        r = RES_NOT_FOUND;
    if (r == RES_FAIL)
        return db_fail(db, err);
    return r == RES_OK ? RES_OK : err_set(err, RES_NOT_FOUND, "unit", "err.not_found");
}

enum result activity_get(struct db *db, const struct actor *who, long long id, const char *root,
                         struct arena *arena, struct activity *out, struct err *err)
{
    memset(out, 0, sizeof(*out));
    struct activity_row a;
    enum result r = activity_load(db, who, id, &a, err);
    if (r != RES_OK)
        return r;
    struct unit u;
    if ((r = pick_root(db, who, &a, root, &u, err)) != RES_OK)
        return r;
    out->id = id;
    struct subtree t = { .out = out, .ar = arena, .root_depth = u.depth, .who = who };
    if (load_plan(db, id, arena, out) != RES_OK || load_units(db, &u, &t) != RES_OK ||
        load_marks(db, id, &u, &t) != RES_OK || load_computed(db, &u, a.first_day, &t) != RES_OK)
        return db_fail(db, err);
    roll_up(&t);
    return RES_OK;
}
