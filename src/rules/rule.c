/*
 * Rules and regulations; see rule.h. Mechanism layer: rules and SQL for rule and rule_version,
 * their counts in the registries' roll-up, the line diff between two versions and the CSV
 * import.
 */
#include "rules/rule.h"

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

const char *const rule_categories[] = { "selection", "supervision", "internal", "other", NULL };
const char *const rule_actions[] = { "new", "revised", "repealed", NULL };

/* Adds n to the counts of one version: rules.ACTION, and for a rule's first version
 * rules.category.CATEGORY, on its effective day. */
static enum result count_version(struct db *db, const char *unit_path, const char *day,
                                 const char *action, const char *category, long long n)
{
    char key[64];
    snprintf(key, sizeof(key), "rules.%s", action);
    if (registry_count(db, unit_path, day, key, n) != RES_OK)
        return RES_FAIL;
    if (strcmp(action, "new") != 0)
        return RES_OK;
    snprintf(key, sizeof(key), "rules.category.%s", category);
    return registry_count(db, unit_path, day, key, n);
}

/* Counts every version written after the version id since, grouped (as an import or the demo
 * writes many at once). */
enum result rule_count_since(struct db *db, long long since)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path, v.effective, v.action, r.category, count(*)"
                                   " FROM rule_version v JOIN rule r ON r.id = v.rule_id"
                                   " JOIN unit u ON u.id = v.unit_id WHERE v.id > ?1"
                                   " GROUP BY v.unit_id, v.effective, v.action, r.category");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, since);
    /* the rows are copied out first: registry_count writes while this reads */
    struct group {
        char path[UNIT_PATH_MAX], day[11], action[12], category[16];
        long long n;
    } *g = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            g = xrealloc(g, cap * sizeof(*g));
        }
        snprintf(g[n].path, sizeof(g[n].path), "%s", db_col_text(st, 0));
        snprintf(g[n].day, sizeof(g[n].day), "%s", db_col_text(st, 1));
        snprintf(g[n].action, sizeof(g[n].action), "%s", db_col_text(st, 2));
        snprintf(g[n].category, sizeof(g[n].category), "%s", db_col_text(st, 3));
        g[n++].n = sqlite3_column_int64(st, 4);
    }
    db_done(st);
    enum result r = RES_OK;
    for (size_t i = 0; i < n && r == RES_OK; i++)
        r = count_version(db, g[i].path, g[i].day, g[i].action, g[i].category, g[i].n);
    free(g);
    return r;
}

static long long last_version_id(struct db *db)
{
    return db_count(db, "SELECT coalesce(max(id), 0) FROM rule_version", NULL, 0);
}

/* Checks a new rule's fields but its unit. */
static enum result check_input(const struct rule_input *in, struct err *err)
{
    enum result r;
    if ((r = err_text(err, "title", in->title, 1, RULE_TITLE_MAX, 0)) != RES_OK ||
        (r = registry_enum(in->category, rule_categories, "category", err)) != RES_OK ||
        (r = err_text(err, "doc_number", in->doc_number, 0, RULE_DOC_MAX, 0)) != RES_OK ||
        (r = registry_day(in->effective, "effective", err)) != RES_OK ||
        (r = err_text(err, "text", in->text, 1, RULE_TEXT_MAX, 1)) != RES_OK)
        return r;
    return RES_OK;
}

static enum result insert_version(struct db *db, long long rule_id, long long unit_id,
                                  long long version, const char *action, const char *effective,
                                  const char *doc_number, const char *text)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO rule_version(rule_id, unit_id, version, action,"
                                   " effective, doc_number, text) VALUES (?1, ?2, ?3, ?4, ?5,"
                                   " ?6, ?7)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, rule_id);
    sqlite3_bind_int64(st, 2, unit_id);
    sqlite3_bind_int64(st, 3, version);
    db_bind_text(st, 4, action);
    db_bind_text(st, 5, effective);
    db_bind_text(st, 6, doc_number ? doc_number : "");
    db_bind_text(st, 7, text ? text : "");
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

/* Inserts a checked rule of unit u with its first version, uncounted. */
static enum result insert_rule(struct db *db, const struct unit *u, const struct rule_input *in,
                               const char *today, long long *id)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO rule(unit_id, title, category, public, created)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, u->id);
    db_bind_text(st, 2, in->title);
    db_bind_text(st, 3, in->category);
    sqlite3_bind_int(st, 4, in->public ? 1 : 0);
    db_bind_text(st, 5, today);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    *id = sqlite3_last_insert_rowid(db->h);
    return insert_version(db, *id, u->id, 1, "new", in->effective, in->doc_number, in->text);
}

enum result rule_create(struct db *db, const struct actor *who, const struct rule_input *in,
                        long long *id, struct err *err)
{
    struct unit u;
    enum result r = registry_unit(db, who, in->unit, &u, err);
    if (r != RES_OK)
        return r;
    if ((r = check_input(in, err)) != RES_OK)
        return r;
    char today[11];
    clock_today(today);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    if (insert_rule(db, &u, in, today, id) != RES_OK ||
        count_version(db, u.path, in->effective, "new", in->category, 1) != RES_OK ||
        audit_record(db, who, "rule.create", "rule", *id,
                     json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "unit", u.code, "title", in->title,
                               "category", in->category, "doc_number",
                               in->doc_number ? in->doc_number : "", "effective", in->effective,
                               "public", in->public)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

/* A rule as loaded for a new version. */
struct rule_head {
    long long unit_id;             /* its unit */
    char unit_path[UNIT_PATH_MAX]; /* that unit's path */
    char category[16];             /* category */
    long long version;             /* its last version */
    char action[12];               /* that version's action */
    char effective[11];            /* and effective day */
};

/* Loads rule id for a write by the actor: RES_NOT_FOUND out of scope, RES_FORBIDDEN without
 * PERM_RECORD_WRITE, RES_CONFLICT once repealed. */
static enum result load_head(struct db *db, const struct actor *who, long long id,
                             struct rule_head *h, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT r.unit_id, u.path, r.category, v.version, v.action,"
                                   " v.effective FROM rule r JOIN unit u ON u.id = r.unit_id"
                                   " JOIN rule_version v ON v.rule_id = r.id WHERE r.id = ?1"
                                   " ORDER BY v.version DESC LIMIT 1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        h->unit_id = sqlite3_column_int64(st, 0);
        snprintf(h->unit_path, sizeof(h->unit_path), "%s", db_col_text(st, 1));
        snprintf(h->category, sizeof(h->category), "%s", db_col_text(st, 2));
        h->version = sqlite3_column_int64(st, 3);
        snprintf(h->action, sizeof(h->action), "%s", db_col_text(st, 4));
        snprintf(h->effective, sizeof(h->effective), "%s", db_col_text(st, 5));
    }
    db_done(st);
    if (!found || !scope_has_path(who, h->unit_path))
        return err_set(err, RES_NOT_FOUND, "rule", "err.not_found");
    enum result r = scope_check(who, h->unit_path, PERM_RECORD_WRITE, err);
    if (r != RES_OK)
        return r;
    if (strcmp(h->action, "repealed") == 0)
        return err_set(err, RES_CONFLICT, "rule", "err.rule_repealed");
    return RES_OK;
}

/* Adds version action to rule id, checked, counted and audited in one transaction. */
static enum result add_version(struct db *db, const struct actor *who, long long id,
                               const char *action, const char *text, const char *effective,
                               const char *doc_number, long long *version, struct err *err)
{
    struct rule_head h;
    enum result r = load_head(db, who, id, &h, err);
    if (r != RES_OK)
        return r;
    if ((r = registry_day(effective, "effective", err)) != RES_OK)
        return r;
    if (strcmp(effective, h.effective) < 0)
        return err_setf(err, RES_INVALID, "effective", "err.rule_effective_before", "%s",
                        h.effective);
    if (text && (r = err_text(err, "text", text, 1, RULE_TEXT_MAX, 1)) != RES_OK)
        return r;
    if ((r = err_text(err, "doc_number", doc_number, 0, RULE_DOC_MAX, 0)) != RES_OK)
        return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    long long v = h.version + 1;
    if (insert_version(db, id, h.unit_id, v, action, effective, doc_number, text) != RES_OK ||
        count_version(db, h.unit_path, effective, action, h.category, 1) != RES_OK ||
        audit_record(db, who, strcmp(action, "revised") == 0 ? "rule.revise" : "rule.repeal",
                     "rule", id,
                     json_pack("{s:I, s:s, s:s, s:s}", "version", (json_int_t)v, "action", action,
                               "effective", effective, "doc_number",
                               doc_number ? doc_number : "")) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    if (version)
        *version = v;
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result rule_revise(struct db *db, const struct actor *who, long long id, const char *text,
                        const char *effective, const char *doc_number, long long *version,
                        struct err *err)
{
    if (!text)
        return err_set(err, RES_INVALID, "text", "err.required");
    return add_version(db, who, id, "revised", text, effective, doc_number, version, err);
}

enum result rule_repeal(struct db *db, const struct actor *who, long long id, const char *effective,
                        struct err *err)
{
    return add_version(db, who, id, "repealed", NULL, effective, NULL, NULL, err);
}

enum result rule_create_job(struct db *db, void *arg)
{
    struct rule_job *j = arg;
    return rule_create(db, j->who, &j->in, &j->id, &j->err);
}

enum result rule_revise_job(struct db *db, void *arg)
{
    struct rule_job *j = arg;
    return rule_revise(db, j->who, j->id, j->in.text, j->in.effective, j->in.doc_number,
                       &j->version, &j->err);
}

enum result rule_repeal_job(struct db *db, void *arg)
{
    struct rule_job *j = arg;
    return rule_repeal(db, j->who, j->id, j->in.effective, &j->err);
}

/* The versions of a list of few, unit by unit (the CROSS JOIN keeps the order whatever the
 * statistics say). */
#define LIST_FROM                                                                                  \
    " FROM unit u CROSS JOIN rule_version v ON v.unit_id = u.id JOIN rule r ON r.id = v.rule_id"   \
    " WHERE " REGISTRY_SPAN_SQL(                                                                   \
        "u.path",                                                                                  \
        "v.effective") " AND (?5 IS NULL OR r.category = ?5) AND (?6 IS NULL OR v.action = ?6)"

/* The same for a list of many versions: from the newest effective day down. */
#define LIST_BY_DAY_FROM                                                                           \
    " FROM rule_version v INDEXED BY rule_version_day JOIN unit u ON u.id = v.unit_id"             \
    " JOIN rule r ON r.id = v.rule_id WHERE " REGISTRY_SPAN_SQL("u.path", "v.effective")           \
    " AND (?5 IS NULL OR r.category = ?5) AND (?6 IS NULL OR v.action = ?6)"

enum result rule_list(struct db *db, const struct actor *who, const struct registry_filter *f,
                      const char *action, void (*fn)(void *ctx, const struct rule_row *row),
                      void *ctx, long long *total, struct err *err)
{
    struct registry_span s;
    enum result r = registry_span(db, who, f, rule_categories, &s, err);
    if (r != RES_OK)
        return r;
    if (action && !*action)
        action = NULL;
    if (action && (r = registry_enum(action, rule_actions, "action", err)) != RES_OK)
        return r;
    /* versions are counted per action; a category is counted per rule, so it is counted here */
    const char *const every[] = { "rules.new", "rules.revised", "rules.repealed", NULL };
    const char *one[] = { NULL, NULL };
    for (size_t i = 0; action && i < 3; i++)
        if (strcmp(action, rule_actions[i]) == 0)
            one[0] = every[i];
    *total = s.kind ? -1 : registry_tally_total(db, f, &s, action ? one : every);
    sqlite3_stmt *st;
    if (*total < 0) {
        st = db_stmt(db, "SELECT count(*)" LIST_FROM);
        if (!st)
            return db_fail(db, err);
        registry_bind_span(st, &s);
        if (action)
            db_bind_text(st, 6, action);
        else
            sqlite3_bind_null(st, 6);
        *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        db_done(st);
    }
    st = registry_by_day(f, *total, db_count(db, "SELECT max(id) FROM rule_version", NULL, 0))
             ? db_stmt(db, "SELECT r.id, u.code, u.name, r.title, r.category, v.action,"
                           " v.version, v.effective, v.doc_number" LIST_BY_DAY_FROM
                           " ORDER BY v.effective DESC, v.id DESC LIMIT ?7 OFFSET ?8")
             : db_stmt(db, "SELECT r.id, u.code, u.name, r.title, r.category, v.action,"
                           " v.version, v.effective, v.doc_number" LIST_FROM
                           " ORDER BY v.effective DESC, v.id DESC LIMIT ?7 OFFSET ?8");
    if (!st)
        return db_fail(db, err);
    registry_bind_span(st, &s);
    if (action)
        db_bind_text(st, 6, action);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_int64(st, 7, f->limit > 0 ? f->limit : -1);
    sqlite3_bind_int64(st, 8, f->offset);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct rule_row row = {
            .id = sqlite3_column_int64(st, 0),
            .unit = db_col_text(st, 1),
            .unit_name = db_col_text(st, 2),
            .title = db_col_text(st, 3),
            .category = db_col_text(st, 4),
            .action = db_col_text(st, 5),
            .version = sqlite3_column_int64(st, 6),
            .effective = db_col_text(st, 7),
            .doc_number = db_col_text(st, 8),
        };
        fn(ctx, &row);
    }
    db_done(st);
    return RES_OK;
}

/* Loads rule id's fields and versions into out (arena memory); *path gets its unit's path.
 * 0 when there is no such rule. */
static int load_rule(struct db *db, long long id, struct arena *ar, struct rule *out,
                     char path[UNIT_PATH_MAX])
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = db_stmt(db, "SELECT u.code, u.name, r.title, r.category, r.public, u.path,"
                                   " (SELECT count(*) FROM rule_version WHERE rule_id = r.id)"
                                   " FROM rule r JOIN unit u ON u.id = r.unit_id WHERE r.id = ?1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        out->id = id;
        out->unit = arena_strdup(ar, db_col_text(st, 0));
        out->unit_name = arena_strdup(ar, db_col_text(st, 1));
        out->title = arena_strdup(ar, db_col_text(st, 2));
        out->category = arena_strdup(ar, db_col_text(st, 3));
        out->public = sqlite3_column_int(st, 4);
        snprintf(path, UNIT_PATH_MAX, "%s", db_col_text(st, 5));
        out->versions =
            arena_alloc(ar, ((size_t)sqlite3_column_int64(st, 6) + 1) * sizeof(*out->versions));
    }
    db_done(st);
    if (!found)
        return 0;
    st = db_stmt(db, "SELECT version, action, effective, doc_number, text FROM rule_version"
                     " WHERE rule_id = ?1 ORDER BY version");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct rule_version *v = &out->versions[out->n_versions++];
        v->version = sqlite3_column_int64(st, 0);
        v->action = arena_strdup(ar, db_col_text(st, 1));
        v->effective = arena_strdup(ar, db_col_text(st, 2));
        v->doc_number = arena_strdup(ar, db_col_text(st, 3));
        v->text = arena_strdup(ar, db_col_text(st, 4));
    }
    db_done(st);
    return 1;
}

enum result rule_get(struct db *db, const struct actor *who, long long id, struct arena *arena,
                     struct rule *out, struct err *err)
{
    char path[UNIT_PATH_MAX];
    if (!load_rule(db, id, arena, out, path) || !scope_has_path(who, path))
        return err_set(err, RES_NOT_FOUND, "rule", "err.not_found");
    out->may_write = scope_check(who, path, PERM_RECORD_WRITE, NULL) == RES_OK;
    return RES_OK;
}

enum result rule_public_each(struct db *db, const char *unit, struct arena *arena,
                             void (*fn)(void *ctx, const struct rule *r), void *ctx,
                             struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT r.id FROM unit u JOIN rule r ON r.unit_id = u.id"
                                   " AND r.public = 1 WHERE u.code = ?1 AND NOT EXISTS (SELECT 1"
                                   " FROM rule_version v WHERE v.rule_id = r.id"
                                   " AND v.action = 'repealed') ORDER BY r.title, r.id");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, unit);
    size_t n = 0, cap = 16;
    long long *ids = xmalloc(cap * sizeof(*ids));
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap)
            ids = xrealloc(ids, (cap *= 2) * sizeof(*ids));
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    db_done(st);
    int known = db_count(db, "SELECT count(*) FROM unit WHERE code = ?1", unit, 0) > 0;
    for (size_t i = 0; i < n; i++) {
        struct rule r;
        char path[UNIT_PATH_MAX];
        if (load_rule(db, ids[i], arena, &r, path))
            fn(ctx, &r);
    }
    free(ids);
    return known ? RES_OK : err_set(err, RES_NOT_FOUND, "unit", "err.not_found");
}

/* ---- the line diff ---- */

enum { DIFF_LINES_MAX = 2000 };

/* Splits s into at most max lines: starts and lengths (without the '\n'). Returns the count, or
 * -1 past max. */
static long split_lines(const char *s, const char **at, size_t *len, long max)
{
    long n = 0;
    while (*s) {
        if (n == max)
            return -1;
        const char *nl = strchr(s, '\n');
        size_t l = nl ? (size_t)(nl - s) : strlen(s);
        at[n] = s;
        len[n] = l > 0 && s[l - 1] == '\r' ? l - 1 : l;
        n++;
        s += l + (nl ? 1 : 0);
    }
    return n;
}

static int same_line(const char *a, size_t la, const char *b, size_t lb)
{
    return la == lb && memcmp(a, b, la) == 0;
}

int rule_diff(const char *a, const char *b,
              void (*fn)(void *ctx, enum rule_diff_op op, const char *line, size_t len), void *ctx)
{
    const char **pa = xmalloc(DIFF_LINES_MAX * sizeof(*pa)),
               **pb = xmalloc(DIFF_LINES_MAX * sizeof(*pb));
    size_t *la = xmalloc(DIFF_LINES_MAX * sizeof(*la)), *lb = xmalloc(DIFF_LINES_MAX * sizeof(*lb));
    long n = split_lines(a, pa, la, DIFF_LINES_MAX), m = split_lines(b, pb, lb, DIFF_LINES_MAX);
    int rc = -1;
    if (n >= 0 && m >= 0) {
        /* lcs[i][j]: the longest common subsequence of a's lines from i and b's from j */
        size_t w = (size_t)m + 1;
        unsigned short *lcs = xcalloc(((size_t)n + 1) * w, sizeof(*lcs));
        for (long i = n - 1; i >= 0; i--)
            for (long j = m - 1; j >= 0; j--)
                lcs[(size_t)i * w + (size_t)j] =
                    same_line(pa[i], la[i], pb[j], lb[j])
                        ? (unsigned short)(lcs[(size_t)(i + 1) * w + (size_t)(j + 1)] + 1)
                    : lcs[(size_t)(i + 1) * w + (size_t)j] >= lcs[(size_t)i * w + (size_t)(j + 1)]
                        ? lcs[(size_t)(i + 1) * w + (size_t)j]
                        : lcs[(size_t)i * w + (size_t)(j + 1)];
        long i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && same_line(pa[i], la[i], pb[j], lb[j])) {
                fn(ctx, RULE_SAME, pa[i], la[i]);
                i++, j++;
            } else if (j < m && (i == n || lcs[(size_t)i * w + (size_t)(j + 1)] >=
                                               lcs[(size_t)(i + 1) * w + (size_t)j])) {
                fn(ctx, RULE_ADD, pb[j], lb[j]);
                j++;
            } else {
                fn(ctx, RULE_DEL, pa[i], la[i]);
                i++;
            }
        }
        free(lcs);
        rc = 0;
    }
    free(pa);
    free(pb);
    free(la);
    free(lb);
    return rc;
}

/* ---- the CSV import ---- */

struct import_ctx {
    struct db *db;           /* the store */
    const struct actor *who; /* the caller */
    char today[11];          /* the day written */
    struct unit unit;        /* the last row's unit, looked up once for a run of rows */
    long long n;             /* rules added */
    long long first, last;   /* the ids of the first and the last rule added */
};

/* A public flag as typed: 1, 0, or -1 for neither. */
static int parse_public(const char *s)
{
    static const char *const yes[] = { "1", "true", "yes", "是", "公开" };
    static const char *const no[] = { "", "0", "false", "no", "否", "不公开" };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        if (strcmp(s, yes[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (strcmp(s, no[i]) == 0)
            return 0;
    return -1;
}

/* One record: unit,title,category,doc_number,effective,public,text. */
static enum result import_row(void *ctx, char **f, struct err *err)
{
    struct import_ctx *ic = ctx;
    struct rule_input in = { .unit = f[0],
                             .title = f[1],
                             .category = f[2],
                             .doc_number = f[3],
                             .effective = f[4],
                             .text = f[6] };
    enum result r;
    if (strcmp(ic->unit.code, f[0]) != 0 || !*f[0]) {
        ic->unit.code[0] = '\0';
        if ((r = registry_unit(ic->db, ic->who, f[0], &ic->unit, err)) != RES_OK) {
            ic->unit.code[0] = '\0';
            return r == RES_NOT_FOUND ? err_set(err, RES_INVALID, "unit", "err.not_found") : r;
        }
    }
    if ((in.public = parse_public(f[5])) < 0)
        return err_set(err, RES_INVALID, "public", "err.rule_public");
    if ((r = check_input(&in, err)) != RES_OK)
        return r;
    long long id;
    if (insert_rule(ic->db, &ic->unit, &in, ic->today, &id) != RES_OK)
        return db_fail(ic->db, err);
    if (!ic->first)
        ic->first = id;
    ic->last = id;
    ic->n++;
    return RES_OK;
}

/* the import file's columns, their named values (catalog prefixes) and dates */
static const char *const import_header[] = { "unit",      "title",  "category", "doc_number",
                                             "effective", "public", "text" };
static const char *const import_values[] = {
    NULL, NULL, "rule.category.", NULL, NULL, "bool.", NULL
};
const struct csv_columns rule_import_columns = { import_header, 7, 1u << 4, import_values };

enum result rule_import(struct db *db, const struct actor *who, const char *data, size_t len,
                        long long *n_added, const struct import_report *rep)
{
    struct import_ctx ic = { .db = db, .who = who };
    clock_today(ic.today);
    *n_added = 0;
    if (db_tx_begin(db) != RES_OK)
        return RES_FAIL;
    /* a bulk import: the counts of every version summed in memory and each row of the roll-up
     * written once (the units above and the months are shared by most versions: written for
     * each group, they were four fifths of the import) */
    db_bulk_begin(db);
    long long since = last_version_id(db);
    int bad = csv_each_row(data, len, &rule_import_columns, import_row, &ic, rep) != 0;
    enum result counted = bad ? RES_OK : rule_count_since(db, since);
    if (db_bulk_end(db) != 0 || bad) {
        db_tx_rollback(db);
        return bad ? RES_INVALID : RES_FAIL;
    }
    if (counted != RES_OK ||
        audit_record_object(db, who, "rule.import", "rules",
                            json_pack("{s:I, s:I, s:I}", "rules", (json_int_t)ic.n, "first",
                                      (json_int_t)ic.first, "last", (json_int_t)ic.last)) !=
            RES_OK) {
        db_tx_rollback(db);
        return RES_FAIL;
    }
    *n_added = ic.n;
    return db_tx_commit(db);
}
