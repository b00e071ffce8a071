/*
 * A survey's results (mechanism model; issue 24 items 4 and 5): per item, over a subtree and all
 * kinds and per kind, the counts per grade or option, the answers counted, the score by the
 * weighted-assignment method (Σ count × points ÷ counted) and the satisfaction rate (the share of
 * counted answers on a grade of 60 points or more); a subtree adds up its collectors' counts, or,
 * where the survey has design weights, averages their scores by weight. The overall score, the
 * previous survey's, the units directly below ranked; a weak item turned into a problem.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/xalloc.h"
#include "opinion/rectification.h"
#include "survey/survey.h"
#include "unit/unit.h"

enum { MARKS_MAX = SURVEY_MARKS_MAX };
_Static_assert((int)SURVEY_MARKS_MAX >= (int)SURVEY_OPTIONS_MAX &&
                   (int)SURVEY_MARKS_MAX >= (int)SCALE_GRADES_MAX,
               "room for every grade and option");

double survey_round(double x)
{
    /* the sums are exact in binary up to a last bit: a half stays a half */
    double r = floor(fabs(x) * 100.0 + 0.5 + 1e-9) / 100.0;
    return x < 0 ? -r : r;
}

/* The counts of one collecting unit: per kind, item and grade or option, and its sheets. */
struct collector {
    long long id;
    char path[UNIT_PATH_MAX];
    double weight;
    long long *counts; /* [kind][item][mark] */
    long long sheets[SURVEY_KINDS_MAX];
};

struct tables {
    const struct survey *s;
    struct collector *c;
    size_t n;
};

static long long *cell(const struct tables *t, size_t c, size_t k, size_t i)
{
    return t->c[c].counts + (k * t->s->n_items + i) * MARKS_MAX;
}

/* The position of mark code for item it, or -1. */
static int mark_at(const struct survey *s, const struct survey_item *it, const char *code)
{
    if (!it->choices)
        return scale_grade_at(&s->scale, code);
    for (size_t o = 0; o < it->n_options; o++)
        if (strcmp(it->options[o], code) == 0)
            return (int)o;
    return -1;
}

static int index_of(const char (*codes)[SCALE_CODE_MAX + 1], size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return (int)i;
    return -1;
}

static int item_at(const struct survey *s, const char *code)
{
    for (size_t i = 0; i < s->n_items; i++)
        if (strcmp(s->items[i].code, code) == 0)
            return (int)i;
    return -1;
}

static int collector_at(const struct tables *t, long long id)
{
    for (size_t c = 0; c < t->n; c++)
        if (t->c[c].id == id)
            return (int)c;
    return -1;
}

static void tables_free(struct tables *t)
{
    for (size_t c = 0; c < t->n; c++)
        free(t->c[c].counts);
    free(t->c);
}

/* Reads the counters of the collecting units of s inside the subtree at path. */
static enum result tables_read(struct db *db, const struct survey *s, const char *path,
                               struct tables *t)
{
    memset(t, 0, sizeof(*t));
    t->s = s;
    char end[UNIT_PATH_MAX];
    path_end(end, path);
    sqlite3_stmt *st = db_stmt(db, "SELECT c.unit_id, u.path, coalesce(c.weight, 1)"
                                   " FROM survey_collector c JOIN unit u ON u.id = c.unit_id"
                                   " WHERE c.survey_id = ?1 AND u.path >= ?2 AND u.path < ?3"
                                   " ORDER BY c.unit_id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, s->id);
    db_bind_text(st, 2, path);
    db_bind_text(st, 3, end);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        t->c = vec_grow(t->c, t->n, &cap);
        struct collector *c = &t->c[t->n++];
        memset(c, 0, sizeof(*c));
        c->id = sqlite3_column_int64(st, 0);
        snprintf(c->path, sizeof(c->path), "%s", db_col_text(st, 1));
        c->weight = sqlite3_column_double(st, 2);
        c->counts = xcalloc(s->n_kinds * s->n_items * MARKS_MAX, sizeof(long long));
    }
    db_done(st);
    static const char *const sql[] = {
        "SELECT c.unit_id, c.kind_code, c.item_code, c.grade_code, c.tallied + c.answered"
        " FROM survey_count c JOIN unit u ON u.id = c.unit_id WHERE c.survey_id = ?1"
        " AND u.path >= ?2 AND u.path < ?3",
        "SELECT s.unit_id, s.kind_code, '', '', s.forms + s.answered FROM survey_sheets s"
        " JOIN unit u ON u.id = s.unit_id WHERE s.survey_id = ?1 AND u.path >= ?2"
        " AND u.path < ?3",
    };
    for (int q = 0; q < 2; q++) {
        st = db_stmt(db, sql[q]);
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, s->id);
        db_bind_text(st, 2, path);
        db_bind_text(st, 3, end);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int c = collector_at(t, sqlite3_column_int64(st, 0));
            int k = index_of(s->kinds, s->n_kinds, db_col_text(st, 1));
            if (c < 0 || k < 0)
                continue;
            if (q == 1) {
                t->c[c].sheets[k] = sqlite3_column_int64(st, 4);
                continue;
            }
            int i = item_at(s, db_col_text(st, 2));
            int m = i < 0 ? -1 : mark_at(s, &s->items[i], db_col_text(st, 3));
            if (m >= 0)
                cell(t, (size_t)c, (size_t)k, (size_t)i)[m] = sqlite3_column_int64(st, 4);
        }
        db_done(st);
    }
    return RES_OK;
}

/* The figures of item i from counts (a choices item's respondents are the sheets). */
static void figures_of(const struct survey *s, size_t i, const long long *counts, long long sheets,
                       struct survey_figures *f)
{
    const struct survey_item *it = &s->items[i];
    size_t n = it->choices ? it->n_options : s->scale.n;
    long long points = 0, good = 0;
    memset(f, 0, sizeof(*f));
    for (size_t m = 0; m < n; m++) {
        f->counts[m] = counts[m];
        f->respondents += counts[m];
        int p = it->choices ? SCALE_NO_POINTS : s->scale.grades[m].points;
        if (p == SCALE_NO_POINTS)
            continue;
        f->counted += counts[m];
        points += counts[m] * p;
        good += p >= 60 ? counts[m] : 0;
    }
    if (it->choices) {
        f->respondents = sheets;
        f->counted = 0;
        return;
    }
    if (f->counted) {
        f->has_score = 1;
        f->score = (double)points / (double)f->counted;
        f->rate = 100.0 * (double)good / (double)f->counted;
    }
}

/* The results of the collectors of t whose path starts with prefix. */
static void compute(const struct tables *t, const char *prefix, struct survey_results *out)
{
    const struct survey *s = t->s;
    /* the figures of every item are written whole below (figures_of); the rest of the large
     * structure stays as it is, unread */
    out->respondents = 0;
    memset(out->kind_respondents, 0, sizeof(out->kind_respondents));
    out->has_overall = out->has_previous_overall = 0;
    out->overall = out->previous_overall = 0;
    size_t plen = strlen(prefix);
    long long sum[MARKS_MAX];
    double wsum[2], wtotal;
    for (size_t k = 0; k <= s->n_kinds; k++) { /* each kind, then all kinds (k == n_kinds) */
        long long sheets = 0;
        for (size_t c = 0; c < t->n; c++)
            if (strncmp(t->c[c].path, prefix, plen) == 0)
                for (size_t kk = 0; kk < s->n_kinds; kk++)
                    sheets += (k == s->n_kinds || kk == k) ? t->c[c].sheets[kk] : 0;
        if (k < s->n_kinds)
            out->kind_respondents[k] = sheets;
        else
            out->respondents = sheets;
        for (size_t i = 0; i < s->n_items; i++) {
            memset(sum, 0, sizeof(sum));
            wsum[0] = wsum[1] = wtotal = 0;
            for (size_t c = 0; c < t->n; c++) {
                if (strncmp(t->c[c].path, prefix, plen) != 0)
                    continue;
                long long one[MARKS_MAX] = { 0 }, own_sheets = 0;
                for (size_t kk = 0; kk < s->n_kinds; kk++) {
                    if (k != s->n_kinds && kk != k)
                        continue;
                    const long long *v = cell(t, c, kk, i);
                    for (size_t m = 0; m < MARKS_MAX; m++)
                        one[m] += v[m];
                    own_sheets += t->c[c].sheets[kk];
                }
                for (size_t m = 0; m < MARKS_MAX; m++)
                    sum[m] += one[m];
                struct survey_figures f;
                figures_of(s, i, one, own_sheets, &f);
                if (f.has_score) {
                    wsum[0] += t->c[c].weight * f.score;
                    wsum[1] += t->c[c].weight * f.rate;
                    wtotal += t->c[c].weight;
                }
            }
            struct survey_figures *f =
                k == s->n_kinds ? &out->all[i] : &out->by_kind[k * SURVEY_ITEMS_MAX + i];
            figures_of(s, i, sum, sheets, f);
            if (s->weighted && f->has_score && wtotal > 0) {
                f->score = wsum[0] / wtotal;
                f->rate = wsum[1] / wtotal;
            }
            f->weak = f->has_score && s->threshold >= 0 && survey_round(f->score) < s->threshold;
        }
    }
    /* the overall item's score, or the mean of the scored items */
    double total = 0;
    int n = 0;
    for (size_t i = 0; i < s->n_items; i++) {
        const struct survey_figures *f = &out->all[i];
        if (!f->has_score || s->items[i].choices)
            continue;
        if (*s->overall_item && strcmp(s->items[i].code, s->overall_item) != 0)
            continue;
        total += f->score;
        n++;
    }
    out->has_overall = n > 0;
    out->overall = n ? total / n : 0;
}

/* Reads the totals of the unit of id at path (survey_total: every collecting unit below it
 * summed as the answers came in) into t, as one entry. */
static enum result totals_read(struct db *db, const struct survey *s, long long id,
                               const char *path, struct tables *t)
{
    memset(t, 0, sizeof(*t));
    t->s = s;
    t->c = xcalloc(1, sizeof(*t->c));
    t->n = 1;
    t->c->id = id;
    t->c->weight = 1;
    snprintf(t->c->path, sizeof(t->c->path), "%s", path);
    t->c->counts = xcalloc(s->n_kinds * s->n_items * MARKS_MAX, sizeof(long long));
    static const char *const sql[] = {
        "SELECT kind_code, item_code, grade_code, n FROM survey_total WHERE survey_id = ?1"
        " AND unit_id = ?2",
        "SELECT kind_code, '', '', n FROM survey_total_sheets WHERE survey_id = ?1"
        " AND unit_id = ?2",
    };
    for (int q = 0; q < 2; q++) {
        sqlite3_stmt *st = db_stmt(db, sql[q]);
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, s->id);
        sqlite3_bind_int64(st, 2, id);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int k = index_of(s->kinds, s->n_kinds, db_col_text(st, 0));
            int i = q ? -1 : item_at(s, db_col_text(st, 1));
            int m = i < 0 ? -1 : mark_at(s, &s->items[i], db_col_text(st, 2));
            if (k >= 0 && q)
                t->c->sheets[k] = sqlite3_column_int64(st, 3);
            else if (k >= 0 && m >= 0)
                cell(t, 0, (size_t)k, (size_t)i)[m] = sqlite3_column_int64(st, 3);
        }
        db_done(st);
    }
    return RES_OK;
}

/* The results of s over the subtree of the unit of id at path: from its totals, or, where the
 * survey has design weights, from its collecting units' own counts averaged by weight. */
static enum result subtree(struct db *db, const struct survey *s, long long id, const char *path,
                           struct survey_results *out)
{
    struct tables t;
    enum result r = s->weighted ? tables_read(db, s, path, &t) : totals_read(db, s, id, path, &t);
    if (r == RES_OK)
        compute(&t, path, out);
    tables_free(&t);
    return r;
}

/* The results of the previous survey over the unit of id at path, into prev (has_overall 0 when
 * there is none or it is not closed). */
static void previous_of(struct db *db, const struct survey *s, long long id, const char *path,
                        struct survey *ps, struct survey_results *prev)
{
    prev->has_overall = 0;
    prev->respondents = 0;
    if (!s->previous || survey_load(db, NULL, s->previous, ps) != RES_OK ||
        strcmp(ps->state, "closed") != 0 || subtree(db, ps, id, path, prev) != RES_OK) {
        prev->has_overall = 0;
        prev->respondents = 0;
    }
}

/* Sets the previous scores of r from prev, matched by item code. */
static void set_previous(const struct survey *s, const struct survey *ps,
                         const struct survey_results *prev, struct survey_results *r)
{
    if (!prev->has_overall && !prev->respondents)
        return;
    for (size_t i = 0; i < s->n_items; i++) {
        int j = item_at(ps, s->items[i].code);
        if (j < 0 || !prev->all[j].has_score || s->items[i].choices)
            continue;
        r->all[i].has_previous = 1;
        r->all[i].previous = survey_round(prev->all[j].score);
    }
    r->has_previous_overall = prev->has_overall;
    r->previous_overall = survey_round(prev->overall);
}

struct below {
    long long id;
    char code[64];
    char name[UNIT_NAME_MAX * 4 + 1];
    char path[UNIT_PATH_MAX];
    int rank;
    struct survey_results *r; /* its own allocation: a row is large */
};

static int by_rank(const void *x, const void *y)
{
    const struct below *a = x, *b = y;
    return a->rank != b->rank ? (a->rank > b->rank) - (a->rank < b->rank)
                              : strcmp(a->path, b->path);
}

enum result survey_results(struct db *db, const struct actor *who, const struct survey *s,
                           const char *unit, struct survey_results *out,
                           void (*fn)(void *ctx, const char *code, const char *name,
                                      const struct survey_results *r, int rank),
                           void *ctx, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX];
    path_end(end, s->unit_path);
    if (strcmp(u.path, s->unit_path) < 0 || strcmp(u.path, end) >= 0)
        return err_set(err, RES_NOT_FOUND, "unit", "err.not_found");
    if (strcmp(s->state, "closed") != 0)
        return err_set(err, RES_CONFLICT, "state", "err.survey_state");
    if (subtree(db, s, u.id, u.path, out) != RES_OK)
        return db_fail(db, err);
    struct survey *ps = xmalloc(sizeof(*ps));             /* survey_load() clears it */
    struct survey_results *prev = xmalloc(sizeof(*prev)); /* as previous_of() fills it */
    previous_of(db, s, u.id, u.path, ps, prev);
    set_previous(s, ps, prev, out);
    /* the units directly below that hold collectors (and so totals), ranked by overall */
    struct below *rows = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st =
        fn ? db_stmt(db, "SELECT u.id, u.code, u.path, u.name FROM unit u WHERE u.parent_id = ?1"
                         " AND EXISTS (SELECT 1 FROM survey_total_sheets x WHERE"
                         " x.survey_id = ?2 AND x.unit_id = u.id) ORDER BY u.path")
           : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_int64(st, 2, s->id);
        while (sqlite3_step(st) == SQLITE_ROW) {
            rows = vec_grow(rows, n, &cap);
            struct below *b = &rows[n++];
            b->id = sqlite3_column_int64(st, 0);
            b->r = xmalloc(sizeof(*b->r)); /* written by subtree() */
            snprintf(b->code, sizeof(b->code), "%s", db_col_text(st, 1));
            snprintf(b->path, sizeof(b->path), "%s", db_col_text(st, 2));
            snprintf(b->name, sizeof(b->name), "%s", db_col_text(st, 3));
        }
        db_done(st);
    }
    for (size_t i = 0; i < n; i++) {
        if (subtree(db, s, rows[i].id, rows[i].path, rows[i].r) != RES_OK)
            memset(rows[i].r, 0, sizeof(*rows[i].r));
        previous_of(db, s, rows[i].id, rows[i].path, ps, prev);
        set_previous(s, ps, prev, rows[i].r);
    }
    for (size_t i = 0; i < n; i++) {
        double mine = survey_round(rows[i].r->overall);
        rows[i].rank = 1;
        for (size_t j = 0; j < n; j++)
            rows[i].rank += rows[j].r->has_overall &&
                            (!rows[i].r->has_overall || survey_round(rows[j].r->overall) > mine);
    }
    if (n)
        qsort(rows, n, sizeof(rows[0]), by_rank);
    for (size_t i = 0; i < n; i++)
        fn(ctx, rows[i].code, rows[i].name, rows[i].r, rows[i].rank);
    for (size_t i = 0; i < n; i++)
        free(rows[i].r);
    free(rows);
    free(ps);
    free(prev);
    return RES_OK;
}

enum result survey_problem(struct db *db, const struct actor *who, long long id, const char *item,
                           const char *area, long long *problem, struct err *err)
{
    struct survey *s = xcalloc(1, sizeof(*s));
    struct survey_results *res = xcalloc(1, sizeof(*res));
    enum result r = survey_load_for(db, who, id, s, err);
    int i = -1;
    if (r != RES_OK)
        ;
    else if ((r = scope_check(who, s->unit_path, PERM_UNIT_WRITE, err)) != RES_OK)
        ;
    else if ((i = item_at(s, item ? item : "")) < 0)
        r = err_set(err, RES_NOT_FOUND, "item", "err.not_found");
    else
        r = survey_results(db, who, s, s->unit_code, res, NULL, NULL, err);
    if (r == RES_OK && !res->all[i].weak)
        r = err_set(err, RES_CONFLICT, "item", "err.not_weak");
    char title[SURVEY_TEXT_MAX * 8 + 64];
    if (r == RES_OK)
        snprintf(title, sizeof(title), "%s:%s 得分 %.2f", s->title, s->items[i].text,
                 survey_round(res->all[i].score));
    char code[SCALE_CODE_MAX + 1];
    snprintf(code, sizeof(code), "%s", i >= 0 ? s->items[i].code : "");
    char unit[64];
    snprintf(unit, sizeof(unit), "%s", s->unit_code);
    free(res);
    free(s);
    if (r != RES_OK)
        return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "SELECT problem_id IS NOT NULL FROM survey_item"
                                   " WHERE survey_id = ?1 AND code = ?2");
    int taken = 1;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, code);
        taken = sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0);
        db_done(st);
    }
    if (taken) {
        db_tx_rollback(db);
        return err_set(err, RES_CONFLICT, "item", "err.duplicate");
    }
    const struct problem_input in = { .unit = unit,
                                      .title = title,
                                      .area = area && *area ? area : "work" };
    if ((r = problem_add(db, who, &in, problem, err)) != RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    st = db_stmt(db, "UPDATE survey_item SET problem_id = ?3 WHERE survey_id = ?1 AND code = ?2");
    int ok = st != NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, code);
        sqlite3_bind_int64(st, 3, *problem);
        ok = sqlite3_step(st) == SQLITE_DONE;
        db_done(st);
    }
    char object[32];
    snprintf(object, sizeof(object), "survey:%lld", id);
    if (!ok || audit_record_object(db, who, "survey.problem", object,
                                   json_pack("{s:s, s:I}", "item", code, "problem",
                                             (json_int_t)*problem)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result survey_problem_job(struct db *db, void *arg)
{
    struct survey_problem_job *job = arg;
    return survey_problem(db, job->who, job->id, job->item, job->area, &job->problem, &job->err);
}

enum result survey_each(struct db *db, const struct actor *who,
                        void (*fn)(void *ctx, const struct survey_summary *s), void *ctx)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT v.id, u.code, u.name, v.title, v.state, v.period_from, v.period_to"
            " FROM survey v JOIN unit u ON u.id = v.unit_id WHERE (u.path >= ?1 AND u.path < ?2)"
            " OR EXISTS (SELECT 1 FROM survey_collector c JOIN unit cu ON cu.id = c.unit_id"
            " WHERE c.survey_id = v.id AND cu.path >= ?1 AND cu.path < ?2) ORDER BY v.id DESC");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, who->unit_path);
    db_bind_text(st, 2, end);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct survey_summary s = { sqlite3_column_int64(st, 0), db_col_text(st, 1),
                                          db_col_text(st, 2),          db_col_text(st, 3),
                                          db_col_text(st, 4),          db_col_text(st, 5),
                                          db_col_text(st, 6) };
        fn(ctx, &s);
    }
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result survey_progress(struct db *db, const struct actor *who, const struct survey *s,
                            void (*fn)(void *ctx, const char *code, const char *name,
                                       long long sheets),
                            void *ctx)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT u.code, u.name, coalesce((SELECT sum(h.forms + h.answered) FROM"
            " survey_sheets h WHERE h.survey_id = c.survey_id AND h.unit_id = c.unit_id), 0)"
            " FROM survey_collector c JOIN unit u ON u.id = c.unit_id WHERE c.survey_id = ?1"
            " AND u.path >= ?2 AND u.path < ?3 ORDER BY u.path");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, s->id);
    db_bind_text(st, 2, who->unit_path);
    db_bind_text(st, 3, end);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_int64(st, 2));
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result survey_latest_closed(struct db *db, const struct actor *who, const struct unit *u,
                                 const char *from, const char *to, struct survey *s)
{
    char end[UNIT_PATH_MAX];
    path_end(end, u->path);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT v.id FROM survey v JOIN unit i ON i.id = v.unit_id WHERE v.state = 'closed'"
            " AND v.period_to BETWEEN ?1 AND ?2 AND substr(?3, 1, length(i.path)) = i.path"
            " AND EXISTS (SELECT 1 FROM survey_collector c JOIN unit k ON k.id = c.unit_id"
            " WHERE c.survey_id = v.id AND k.path >= ?3 AND k.path < ?4)"
            " ORDER BY v.period_to DESC, v.id DESC LIMIT 1");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, from);
    db_bind_text(st, 2, to);
    db_bind_text(st, 3, u->path);
    db_bind_text(st, 4, end);
    int rc = sqlite3_step(st);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? RES_NOT_FOUND : RES_FAIL;
    return survey_load(db, who, id, s);
}
