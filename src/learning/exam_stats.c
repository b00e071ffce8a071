/*
 * The figures of a knowledge test; see exam.h. Mechanism layer, reads only: participation, pass
 * rate, average and distribution over a unit subtree, item statistics (share right and
 * discrimination), and each examinee's sittings for the results export. A sitting whose time is
 * up counts as graded, as every read shows it (exam_int.h).
 */
#include "learning/exam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xalloc.h"
#include "learning/exam_int.h"
#include "learning/learning_int.h"

/* x >= 0 rounded to one decimal place. */
static double round1(double x)
{
    return (double)(long long)(x * 10.0 + 0.5) / 10.0;
}

/* ---- statistics ---- */

/* Loads an exam the actor may read into *e (RES_NOT_FOUND otherwise) and, when u is given, the
 * unit in scope whose subtree the caller reports on: unit's code, or the actor's own unit. */
static enum result readable(struct db *db, const struct actor *who, long long id,
                            struct exam_row *e, const char *unit, struct unit *u, struct err *err)
{
    enum result r = exam_load(db, id, e);
    if (r == RES_FAIL)
        return db_fail(db, err);
    if (r != RES_OK || !exam_may_read(who, e))
        return err_set(err, RES_NOT_FOUND, "exam", "err.not_found");
    return u ? learning_report_unit(db, who, unit, u, err) : RES_OK;
}

/* Active accounts in a subtree. */
static long long accounts_in(struct db *db, const char *path)
{
    char end[UNIT_PATH_MAX];
    path_end(end, path);
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM account a JOIN unit u ON u.id = a.unit_id"
                                   " WHERE a.disabled = 0 AND u.path >= ?1 AND u.path < ?2");
    if (!st)
        return 0;
    db_bind_text(st, 1, path);
    db_bind_text(st, 2, end);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    return n;
}

/* Eligible accounts in the unit's subtree: those also in the examinee subtree. */
static long long eligible_in(struct db *db, const char *unit_path, const char *examinee_path)
{
    if (!path_overlap(unit_path, examinee_path))
        return 0;
    return accounts_in(db, strlen(unit_path) > strlen(examinee_path) ? unit_path : examinee_path);
}

/* The running figures of a unit below the one asked about (learning_units_below). */
struct stat_unit {
    struct exam_figures f; /* figures */
    double sum;            /* of best scores */
};

static void add_score(struct exam_figures *f, double *sum, double score, long long pass)
{
    f->participants++;
    *sum += score;
    if (score >= (double)pass)
        f->passed++;
    int b = (int)(score / 10);
    f->distribution[b < 0 ? 0 : b >= EXAM_BUCKETS ? EXAM_BUCKETS - 1 : b]++;
}

/* Derives the rates; the figures of too few people for someone who may not see individual
 * scores are cleared (one examinee's average is their score). */
static void finish_figures(struct exam_figures *f, double sum, int restricted)
{
    if (f->eligible)
        f->participation = (double)f->participants / (double)f->eligible;
    if (restricted && f->participants < SCOPE_MIN_GROUP) {
        f->hidden = 1;
        f->passed = 0;
        memset(f->distribution, 0, sizeof(f->distribution));
        return;
    }
    if (f->participants) {
        f->average = round1(sum / (double)f->participants);
        f->pass_rate = (double)f->passed / (double)f->participants;
    }
}

enum result exam_stats(struct db *db, const struct actor *who, long long exam_id, const char *unit,
                       struct exam_figures *all,
                       void (*fn)(void *ctx, const char *code, const char *name,
                                  const struct exam_figures *f),
                       void *ctx, struct err *err)
{
    memset(all, 0, sizeof(*all));
    struct exam_row e;
    struct unit u;
    enum result r = readable(db, who, exam_id, &e, unit, &u, err);
    if (r != RES_OK)
        return r;
    struct learning_below *below;
    size_t n_below;
    if ((r = learning_units_below(db, &u, &below, &n_below, err)) != RES_OK)
        return r;
    struct stat_unit *figs = xcalloc(n_below ? n_below : 1, sizeof(*figs));
    char end[UNIT_PATH_MAX];
    path_end(end, u.path);
    sqlite3_stmt *st =
        db_stmt(db, "SELECT u.path, max(" SHOWN_SCORE ") FROM sitting s JOIN unit u"
                    " ON u.id = s.unit_id WHERE s.exam_id = ?1 AND " SHOWN_GRADED
                    " AND u.path >= ?2 AND u.path < ?3 GROUP BY s.account_id, u.path");
    if (!st) {
        free(figs);
        free(below);
        return db_fail(db, err);
    }
    sqlite3_bind_int64(st, 1, exam_id);
    db_bind_text(st, 2, u.path);
    db_bind_text(st, 3, end);
    exam_bind_shown(st, clock_time(), e.partial);
    double sum = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *path = db_col_text(st, 0);
        double score = sqlite3_column_double(st, 1);
        add_score(all, &sum, score, e.pass_score);
        for (size_t i = 0; i < n_below; i++)
            if (strncmp(path, below[i].path, strlen(below[i].path)) == 0) {
                add_score(&figs[i].f, &figs[i].sum, score, e.pass_score);
                break;
            }
    }
    db_done(st);
    int restricted = !exam_may_see_scores(who);
    all->eligible = eligible_in(db, u.path, e.examinee_path);
    finish_figures(all, sum, restricted);
    for (size_t i = 0; i < n_below && fn; i++) {
        figs[i].f.eligible = eligible_in(db, below[i].path, e.examinee_path);
        finish_figures(&figs[i].f, figs[i].sum, restricted);
        if (figs[i].f.eligible || figs[i].f.participants)
            fn(ctx, below[i].code, below[i].name, &figs[i].f);
    }
    free(figs);
    free(below);
    return RES_OK;
}

/* A graded sitting ranked by score: group 1 top third, -1 bottom third, 0 between. */
struct ranked {
    long long id; /* sitting */
    int group;    /* 1, 0, -1 */
};

static int by_id(const void *a, const void *b)
{
    long long x = ((const struct ranked *)a)->id, y = ((const struct ranked *)b)->id;
    return (x > y) - (x < y);
}

/* Running counts of one question. */
struct item_acc {
    long long id;                 /* question */
    char *category, *kind, *text; /* copies */
    long long n, right;           /* graded, fully right */
    long long n_top, right_top;   /* in the top third */
    long long n_bot, right_bot;   /* in the bottom third */
    double share;                 /* right / n */
};

static int by_qid(const void *a, const void *b)
{
    long long x = ((const struct item_acc *)a)->id, y = ((const struct item_acc *)b)->id;
    return (x > y) - (x < y);
}

static int by_share(const void *a, const void *b)
{
    const struct item_acc *x = a, *y = b;
    if (x->share != y->share)
        return x->share < y->share ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

enum result exam_item_stats(struct db *db, const struct actor *who, long long exam_id,
                            void (*fn)(void *ctx, const struct exam_item_stat *s), void *ctx,
                            struct err *err)
{
    struct exam_row e;
    enum result r = readable(db, who, exam_id, &e, NULL, NULL, err);
    if (r != RES_OK)
        return r;
    if (!exam_may_manage(who, &e))
        return err_set(err, RES_FORBIDDEN, NULL, "err.forbidden");
    struct ranked *rank = NULL;
    struct item_acc *items = NULL;
    size_t n_rank = 0, cap = 0, n_items = 0, cap_items = 0;
    time_t now = clock_time();
    sqlite3_stmt *st =
        db_stmt(db, "SELECT s.id FROM sitting s WHERE s.exam_id = ?1 AND " SHOWN_GRADED
                    " ORDER BY " SHOWN_SCORE " DESC, s.id");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, exam_id);
    exam_bind_shown(st, now, e.partial);
    while (sqlite3_step(st) == SQLITE_ROW) {
        rank = vec_grow(rank, n_rank, &cap);
        rank[n_rank++] = (struct ranked){ sqlite3_column_int64(st, 0), 0 };
    }
    db_done(st);
    size_t third = n_rank / 3;
    for (size_t i = 0; i < third; i++) {
        rank[i].group = 1;
        rank[n_rank - 1 - i].group = -1;
    }
    if (n_rank)
        qsort(rank, n_rank, sizeof(*rank), by_id);
    st = db_stmt(db, "SELECT q.id, q.category, q.kind, q.text FROM question q WHERE q.id IN"
                     " (SELECT DISTINCT i.question_id FROM sitting_item i JOIN sitting s"
                     " ON s.id = i.sitting_id WHERE s.exam_id = ?1) ORDER BY q.id");
    if (!st) {
        free(rank);
        return db_fail(db, err);
    }
    sqlite3_bind_int64(st, 1, exam_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        items = vec_grow(items, n_items, &cap_items);
        struct item_acc *it = &items[n_items++];
        memset(it, 0, sizeof(*it));
        it->id = sqlite3_column_int64(st, 0);
        it->category = xstrdup(db_col_text(st, 1));
        it->kind = xstrdup(db_col_text(st, 2));
        it->text = xstrdup(db_col_text(st, 3));
    }
    db_done(st);
    st = db_stmt(db, "SELECT i.sitting_id, i.question_id, coalesce(i.credit, " ITEM_CREDIT
                     ") FROM sitting_item i JOIN sitting s ON s.id = i.sitting_id JOIN question q"
                     " ON q.id = i.question_id WHERE s.exam_id = ?1 AND " SHOWN_GRADED);
    r = st ? RES_OK : db_fail(db, err);
    if (st) {
        sqlite3_bind_int64(st, 1, exam_id);
        exam_bind_shown(st, now, e.partial);
        while (sqlite3_step(st) == SQLITE_ROW) {
            struct ranked key = { sqlite3_column_int64(st, 0), 0 };
            struct item_acc qkey = { .id = sqlite3_column_int64(st, 1) };
            struct ranked *s = n_rank ? bsearch(&key, rank, n_rank, sizeof(*rank), by_id) : NULL;
            struct item_acc *it =
                n_items ? bsearch(&qkey, items, n_items, sizeof(*items), by_qid) : NULL;
            if (!s || !it)
                continue;
            int right = sqlite3_column_double(st, 2) >= 1.0;
            it->n++;
            it->right += right;
            if (s->group > 0) {
                it->n_top++;
                it->right_top += right;
            } else if (s->group < 0) {
                it->n_bot++;
                it->right_bot += right;
            }
        }
        db_done(st);
    }
    for (size_t i = 0; i < n_items; i++)
        items[i].share = items[i].n ? (double)items[i].right / (double)items[i].n : 0;
    if (n_items)
        qsort(items, n_items, sizeof(*items), by_share);
    for (size_t i = 0; i < n_items; i++) {
        struct item_acc *it = &items[i];
        double top = it->n_top ? (double)it->right_top / (double)it->n_top : 0;
        double bot = it->n_bot ? (double)it->right_bot / (double)it->n_bot : 0;
        struct exam_item_stat s = {
            .question_id = it->id,
            .category = it->category,
            .kind = it->kind,
            .text = it->text,
            .n = it->n,
            .share_correct = it->share,
            .n_top = it->n_top,
            .n_bottom = it->n_bot,
            .discrimination = top - bot,
        };
        if (r == RES_OK && it->n)
            fn(ctx, &s);
        free(it->category);
        free(it->kind);
        free(it->text);
    }
    free(items);
    free(rank);
    return r;
}

enum result exam_results(struct db *db, const struct actor *who, long long exam_id,
                         const char *unit, void (*fn)(void *ctx, const struct exam_result_row *r),
                         void *ctx, struct err *err)
{
    struct exam_row e;
    struct unit u;
    enum result r = readable(db, who, exam_id, &e, unit, &u, err);
    if (r != RES_OK)
        return r;
    if (!exam_may_see_scores(who))
        return err_set(err, RES_FORBIDDEN, NULL, "err.forbidden");
    char end[UNIT_PATH_MAX];
    path_end(end, u.path);
    sqlite3_stmt *st =
        db_stmt(db, "SELECT a.login, p.name, u.code, u.name, s.attempt, " SHOWN_STATE
                    ", s.started, " SHOWN_SCORE " FROM sitting s JOIN account a"
                    " ON a.id = s.account_id JOIN person p ON p.id = a.person_id JOIN unit u"
                    " ON u.id = s.unit_id WHERE s.exam_id = ?1 AND u.path >= ?2 AND u.path < ?3"
                    " ORDER BY u.path, a.login, s.attempt");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, exam_id);
    db_bind_text(st, 2, u.path);
    db_bind_text(st, 3, end);
    exam_bind_shown(st, clock_time(), e.partial);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char started[20];
        clock_format_local((time_t)sqlite3_column_int64(st, 6), started);
        struct exam_result_row row = {
            .login = db_col_text(st, 0),
            .name = db_col_text(st, 1),
            .unit_code = db_col_text(st, 2),
            .unit_name = db_col_text(st, 3),
            .attempt = sqlite3_column_int64(st, 4),
            .state = db_col_text(st, 5),
            .started = started,
            .score = sqlite3_column_double(st, 7),
        };
        fn(ctx, &row);
    }
    db_done(st);
    return RES_OK;
}
