/*
 * Results of a closed democratic evaluation (mechanism layer; see evaluation.h): the tally per
 * rater group, groups too small to show pooled, the weighted score and the ranking.
 */
#include "evaluation/evaluation.h"
#include "evaluation/evaluation_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "unit/unit.h"

/* One rater group while tallying. */
struct tally_group {
    long long id;      /* group id */
    long long weight;  /* its weight */
    long long ballots; /* ballots cast in it */
    int column;        /* the results column it is shown in; the pool when pooled */
    char name[EVAL_NAME_MAX * 4 + 1];
};

static double round_to(double x, double unit)
{
    return (double)(long long)(x / unit + (x >= 0 ? 0.5 : -0.5)) * unit;
}

/* Groups of fewer than min_group ballots go to a pool; while the pool is non-empty and still
 * smaller than min_group, the smallest shown group joins it, so no group can be worked out by
 * subtracting the shown ones from the total. Fills res->cols. */
static void choose_columns(struct tally_group *g, size_t n, long long min_group,
                           struct eval_results *res)
{
    int shown[EVAL_GROUPS_MAX];
    long long pool = 0;
    size_t n_shown = 0;
    for (size_t i = 0; i < n; i++) {
        shown[i] = g[i].ballots >= min_group;
        n_shown += shown[i] != 0;
        if (!shown[i])
            pool += g[i].ballots;
    }
    while (pool > 0 && pool < min_group && n_shown > 0) {
        size_t small = n;
        for (size_t i = 0; i < n; i++)
            if (shown[i] && (small == n || g[i].ballots <= g[small].ballots))
                small = i;
        shown[small] = 0;
        n_shown--;
        pool += g[small].ballots;
    }
    res->cols = xcalloc(n + 1, sizeof(*res->cols));
    res->n_cols = 0;
    if (n_shown == 0)
        pool = 0; /* the pool is every ballot: the total says it all */
    for (size_t i = 0; i < n; i++) {
        g[i].column = -1;
        if (!shown[i])
            continue;
        struct eval_column *c = &res->cols[res->n_cols];
        snprintf(c->name, sizeof(c->name), "%s", g[i].name);
        c->weight = g[i].weight;
        c->ballots = g[i].ballots;
        g[i].column = (int)res->n_cols++;
    }
    if (pool > 0) {
        res->cols[res->n_cols].ballots = pool;
        for (size_t i = 0; i < n; i++)
            if (!shown[i])
                g[i].column = (int)res->n_cols;
        res->n_cols++;
    }
}

static int by_score(const void *pa, const void *pb)
{
    const struct eval_row *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score < b->score ? 1 : -1;
    if (a->excellent_share != b->excellent_share)
        return a->excellent_share < b->excellent_share ? 1 : -1;
    return a->person < b->person ? -1 : a->person > b->person;
}

/* The mean points of the ballots on counted grades (a grade without points is left out). */
static double mean_points(const long long *counts, const long long *points)
{
    long long sum = 0, n = 0;
    for (int k = 0; k < EVAL_GRADES_MAX; k++)
        if (points[k] != SCALE_NO_POINTS) {
            sum += counts[k] * points[k];
            n += counts[k];
        }
    return n ? (double)sum / (double)n : 0;
}

/* Reads every official's counts per group (counts[row][group][grade]) and scores them. */
static enum result tally_rows(struct db *db, long long id, struct tally_group *g, size_t n_groups,
                              struct eval_results *res)
{
    size_t n_rows = res->n_rows;
    long long *counts = xcalloc(n_rows * n_groups * EVAL_GRADES_MAX, sizeof(*counts));
    sqlite3_stmt *st = db_stmt(db, "SELECT b.group_id, c.person_id,"
                                   " instr(?2, substr(b.grades, c.position + 1, 1)) - 1 AS g,"
                                   " count(*) FROM evaluation_ballot b JOIN evaluation_candidate c"
                                   " ON c.eval_id = b.eval_id WHERE b.eval_id = ?1"
                                   " GROUP BY b.group_id, c.person_id, g");
    if (!st) {
        free(counts);
        return RES_FAIL;
    }
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, eval_grade_letters);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long group = sqlite3_column_int64(st, 0), person = sqlite3_column_int64(st, 1);
        int grade = sqlite3_column_int(st, 2);
        size_t gi = 0, ri = 0;
        while (gi < n_groups && g[gi].id != group)
            gi++;
        while (ri < n_rows && res->rows[ri].person != person)
            ri++;
        if (gi < n_groups && ri < n_rows && grade >= 0)
            counts[(ri * n_groups + gi) * EVAL_GRADES_MAX + grade] += sqlite3_column_int64(st, 3);
    }
    db_done(st);
    const long long *points = res->info.points;
    for (size_t ri = 0; ri < n_rows; ri++) {
        struct eval_row *row = &res->rows[ri];
        row->by_column = xcalloc(res->n_cols ? res->n_cols : 1, sizeof(*row->by_column));
        double weighted = 0, weights = 0;
        for (size_t gi = 0; gi < n_groups; gi++) {
            const long long *c = &counts[(ri * n_groups + gi) * EVAL_GRADES_MAX];
            long long n = 0;
            for (int k = 0; k < EVAL_GRADES_MAX; k++) {
                n += c[k];
                row->all.counts[k] += c[k];
                if (g[gi].column >= 0)
                    row->by_column[g[gi].column].counts[k] += c[k];
            }
            row->all.n += n;
            if (g[gi].column >= 0)
                row->by_column[g[gi].column].n += n;
            if (n > 0) {
                weighted += (double)g[gi].weight * mean_points(c, points);
                weights += (double)g[gi].weight;
            }
        }
        for (size_t ci = 0; ci < res->n_cols; ci++)
            row->by_column[ci].score =
                round_to(mean_points(row->by_column[ci].counts, points), 0.01);
        row->all.score = round_to(mean_points(row->all.counts, points), 0.01);
        /* the top grade's share and that of the grades above 60 points, over counted grades */
        long long n = 0, good = 0;
        for (int k = 0; k < EVAL_GRADES_MAX; k++)
            if (points[k] != SCALE_NO_POINTS) {
                n += row->all.counts[k];
                good += points[k] > 60 ? row->all.counts[k] : 0;
            }
        n = n ? n : 1;
        row->excellent_share = round_to((double)row->all.counts[0] / (double)n, 0.0001);
        row->good_share = round_to((double)good / (double)n, 0.0001);
        row->score = weights > 0 ? round_to(weighted / weights, 0.01) : 0;
    }
    free(counts);
    qsort(res->rows, n_rows, sizeof(*res->rows), by_score);
    for (size_t ri = 0; ri < n_rows; ri++)
        res->rows[ri].rank =
            ri > 0 && res->rows[ri].score == res->rows[ri - 1].score &&
                    res->rows[ri].excellent_share == res->rows[ri - 1].excellent_share
                ? res->rows[ri - 1].rank
                : (int)ri + 1;
    return RES_OK;
}

static enum result load_groups(struct db *db, long long id, struct tally_group *g, size_t *n,
                               long long *ballots)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT g.id, g.weight, g.name, (SELECT count(*) FROM"
                                   " evaluation_ballot b WHERE b.eval_id = g.eval_id"
                                   " AND b.group_id = g.id) FROM evaluation_group g"
                                   " WHERE g.eval_id = ?1 ORDER BY g.id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    *n = 0;
    *ballots = 0;
    while (*n < EVAL_GROUPS_MAX && sqlite3_step(st) == SQLITE_ROW) {
        struct tally_group *t = &g[(*n)++];
        t->id = sqlite3_column_int64(st, 0);
        t->weight = sqlite3_column_int64(st, 1);
        snprintf(t->name, sizeof(t->name), "%s", db_col_text(st, 2));
        t->ballots = sqlite3_column_int64(st, 3);
        *ballots += t->ballots;
    }
    db_done(st);
    return RES_OK;
}

static enum result load_rows_and_comments(struct db *db, long long id, struct eval_results *res)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT c.person_id, p.name FROM evaluation_candidate c"
                                   " JOIN person p ON p.id = c.person_id WHERE c.eval_id = ?1"
                                   " ORDER BY c.position");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    res->rows = xcalloc(EVAL_CANDIDATES_MAX, sizeof(*res->rows));
    while (res->n_rows < EVAL_CANDIDATES_MAX && sqlite3_step(st) == SQLITE_ROW) {
        struct eval_row *row = &res->rows[res->n_rows++];
        row->person = sqlite3_column_int64(st, 0);
        snprintf(row->name, sizeof(row->name), "%s", db_col_text(st, 1));
    }
    db_done(st);
    st = db_stmt(db, "SELECT comment FROM evaluation_ballot WHERE eval_id = ?1 AND comment <> ''"
                     " ORDER BY id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        res->comments = vec_grow(res->comments, res->n_comments, &cap);
        res->comments[res->n_comments++] = db_col_dup(st, 0);
    }
    db_done(st);
    return RES_OK;
}

enum result eval_results(struct db *db, const struct actor *who, long long id,
                         struct eval_results *out, struct err *err)
{
    memset(out, 0, sizeof(*out));
    enum result r = eval_get(db, who, id, &out->info);
    if (r != RES_OK || !out->info.reader)
        return err_set(err, RES_NOT_FOUND, "evaluation", "err.not_found");
    if (strcmp(out->info.state, "closed") != 0)
        return err_setf(err, RES_CONFLICT, "state", "err.eval_not_closed", "%s", out->info.state);
    struct tally_group groups[EVAL_GROUPS_MAX];
    size_t n_groups = 0;
    if (load_groups(db, id, groups, &n_groups, &out->ballots) != RES_OK)
        return db_fail(db, err);
    if (out->ballots < out->info.min_group) {
        out->hidden = 1;
        return RES_OK;
    }
    choose_columns(groups, n_groups, out->info.min_group, out);
    if (load_rows_and_comments(db, id, out) != RES_OK ||
        tally_rows(db, id, groups, n_groups, out) != RES_OK) {
        eval_results_free(out);
        return db_fail(db, err);
    }
    return RES_OK;
}

void eval_results_free(struct eval_results *res)
{
    for (size_t i = 0; i < res->n_rows; i++)
        free(res->rows[i].by_column);
    for (size_t i = 0; i < res->n_comments; i++)
        free(res->comments[i]);
    free(res->rows);
    free(res->cols);
    free(res->comments);
    memset(res, 0, sizeof(*res));
}
