/*
 * A sitting of a knowledge test; see exam.h. Mechanism layer: rules and SQL for sitting and
 * sitting_item: the random draw, the start, the paper, answers saved one by one, the hand-in and
 * grading. Starts and submissions are audited under "exam:ID" (a submission with the answers it
 * graded); single answer saves are drafts of the examinee and are not.
 */
#include "learning/exam.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/xalloc.h"
#include "learning/exam_int.h"
#include "registry/registry.h"

/* ---- grading ---- */

/* Grades a sitting with the answers saved and closes it in state: each item's credit and the
 * score stored as every read shows them. *score gets 0-100; RES_CONFLICT when it was not open. */
static enum result grade(struct db *db, long long sitting_id, int partial, const char *state,
                         time_t now, double *score)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE sitting_item AS i SET credit = (SELECT " ITEM_CREDIT
                                   " FROM question q WHERE q.id = i.question_id)"
                                   " WHERE i.sitting_id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, sitting_id);
    exam_bind_shown(st, now, partial);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    st = db_stmt(db, "UPDATE sitting AS s SET state = ?2, finished = ?3, score = " SITTING_SCORE
                     " WHERE s.id = ?1 AND s.state = 'open' RETURNING score");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, sitting_id);
    db_bind_text(st, 2, state);
    sqlite3_bind_int64(st, 3, (long long)now);
    exam_bind_shown(st, now, partial);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *score = sqlite3_column_double(st, 0);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_ROW;
    }
    db_done(st);
    return rc == SQLITE_ROW ? RES_OK : rc == SQLITE_DONE ? RES_CONFLICT : RES_FAIL;
}

/* The answers of a sitting as "question:mask" pairs for the audit record. */
static char *answers_text(struct db *db, long long sitting_id)
{
    struct buf b;
    buf_init(&b, 1 << 16);
    sqlite3_stmt *st = db_stmt(db, "SELECT question_id, coalesce(choice, 0) FROM sitting_item"
                                   " WHERE sitting_id = ?1 ORDER BY pos");
    if (st) {
        sqlite3_bind_int64(st, 1, sitting_id);
        while (sqlite3_step(st) == SQLITE_ROW)
            buf_addf(&b, "%s%lld:%lld", b.len ? "," : "", sqlite3_column_int64(st, 0),
                     sqlite3_column_int64(st, 1));
        db_done(st);
    }
    buf_addch(&b, '\0');
    return buf_detach(&b, NULL);
}

/* Grades and audits one sitting. */
static enum result close_sitting(struct db *db, const struct actor *who, long long exam_id,
                                 long long sitting_id, int partial, int timed_out, time_t now,
                                 double *score)
{
    const char *state = timed_out ? "timeout" : "submitted";
    enum result r = grade(db, sitting_id, partial, state, now, score);
    if (r != RES_OK)
        return r;
    char *answers = answers_text(db, sitting_id);
    r = audit_record(db, who, timed_out ? "exam.timeout" : "exam.submit", "exam", exam_id,
                     json_pack("{s:I, s:f, s:s}", "sitting", (json_int_t)sitting_id, "score",
                               *score, "answers", answers));
    free(answers);
    return r;
}

/* ---- start ---- */

/* The draw's random numbers: one read of the system's generator seeds a splitmix64 stream, so a
 * paper costs one getrandom() call instead of one per shuffled element. */
struct draw_rng {
    uint64_t s; /* state */
};

static uint32_t draw_below(struct draw_rng *g, uint32_t n)
{
    uint64_t z = (g->s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return (uint32_t)(((z >> 32) * (uint64_t)n) >> 32);
}

static void shuffle(struct draw_rng *g, struct exam_pooled *a, long long n)
{
    for (long long i = n - 1; i > 0; i--) {
        long long j = (long long)draw_below(g, (uint32_t)(i + 1));
        struct exam_pooled t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

enum result exam_draw(struct db *db, struct exam_draw *d)
{
    const struct actor *who = d->who;
    struct exam_row e;
    enum result r = exam_load(db, d->exam_id, &e);
    if (r == RES_FAIL)
        return db_fail(db, &d->err);
    if (r != RES_OK || !exam_may_sit(who, &e))
        return err_set(&d->err, RES_NOT_FOUND, "exam", "err.not_found");
    struct exam_latest l;
    if (exam_latest(db, &e, who->account_id, d->now, &l) != RES_OK)
        return db_fail(db, &d->err);
    if (l.id && strcmp(l.state, "open") == 0 && l.deadline > d->now) {
        d->resume = 1;
        d->sitting_id = l.id;
        d->attempt = l.attempt;
        d->deadline = l.deadline;
        return RES_OK;
    }
    if (d->now < e.opens)
        return err_set(&d->err, RES_CONFLICT, "exam", "err.exam_not_open");
    if (d->now >= e.closes)
        return err_set(&d->err, RES_CONFLICT, "exam", "err.exam_closed");
    if (l.attempt >= e.sittings)
        return err_set(&d->err, RES_CONFLICT, "exam", "err.exam_done");
    d->attempt = l.attempt + 1;
    d->unit_id = who->unit_id;
    d->deadline = d->now + (time_t)e.minutes * 60;
    if (d->deadline > e.closes)
        d->deadline = e.closes;
    d->n = 0;
    struct draw_rng g = { d->seed };
    if (!g.s)
        randombytes_buf(&g.s, sizeof(g.s));
    sqlite3_stmt *st = db_stmt(db, "SELECT category, coalesce(difficulty, 0), count FROM"
                                   " exam_rule WHERE exam_id = ?1 ORDER BY pos");
    if (!st)
        return db_fail(db, &d->err);
    sqlite3_bind_int64(st, 1, e.id);
    r = RES_OK;
    while (r == RES_OK && sqlite3_step(st) == SQLITE_ROW) {
        struct exam_rule rule = { db_col_text(st, 0), sqlite3_column_int64(st, 1),
                                  sqlite3_column_int64(st, 2) };
        struct exam_pooled *pool = NULL;
        long long have = exam_pool(db, e.unit_path, &rule, &pool);
        if (have < 0) {
            r = db_fail(db, &d->err);
        } else if (have < rule.count || d->n + rule.count > EXAM_QUESTIONS_MAX) {
            r = err_set(&d->err, RES_CONFLICT, "exam", "err.exam_pool_short");
        } else {
            shuffle(&g, pool, have);
            for (long long i = 0; i < rule.count; i++) {
                int k = d->n++, n = pool[i].n_options;
                d->qid[k] = pool[i].id;
                char *s = d->shown[k];
                for (int j = 0; j < n; j++)
                    s[j] = (char)('0' + j);
                s[n] = '\0';
                /* two options (true/false) keep their order: 对 before 错 */
                for (int j = n - 1; j > 0 && n > 2; j--) {
                    int m = (int)draw_below(&g, (uint32_t)(j + 1));
                    char t = s[j];
                    s[j] = s[m];
                    s[m] = t;
                }
            }
        }
        free(pool);
    }
    db_done(st);
    return r;
}

/* Counts a first sitting in the roll-up: for the examinee's own unit (an office's, not its
 * department's), on the day it starts (UTC+8). */
static enum result count_taker(struct db *db, long long unit_id, time_t now)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT path FROM unit WHERE id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    char path[UNIT_PATH_MAX] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(path, sizeof(path), "%s", db_col_text(st, 0));
    db_done(st);
    char local[20];
    clock_format_local(now, local);
    local[10] = '\0';
    return path[0] ? registry_count(db, path, local, "exam.takers", 1) : RES_FAIL;
}

enum result exam_start_job(struct db *db, void *arg)
{
    struct exam_draw *d = arg;
    struct exam_latest l;
    struct exam_row e;
    if (exam_load(db, d->exam_id, &e) != RES_OK ||
        exam_latest(db, &e, d->who->account_id, d->now, &l) != RES_OK)
        return db_fail(db, &d->err);
    if (l.id && strcmp(l.state, "open") == 0 && l.deadline > d->now) {
        d->resume = 1; /* a concurrent start of the same examinee won: use its paper */
        d->sitting_id = l.id;
        d->deadline = l.deadline;
        d->attempt = l.attempt;
        return RES_OK;
    }
    if (l.attempt != d->attempt - 1)
        return err_set(&d->err, RES_CONFLICT, "exam", "err.exam_done");
    double score; /* the last sitting's time is up: store the grade every read shows */
    if (l.due &&
        close_sitting(db, d->who, d->exam_id, l.id, e.partial, 1, d->now, &score) != RES_OK)
        return db_fail(db, &d->err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO sitting(exam_id, account_id, unit_id, attempt,"
                                   " started, deadline, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                                   " 'open')");
    if (!st)
        return db_fail(db, &d->err);
    sqlite3_bind_int64(st, 1, d->exam_id);
    sqlite3_bind_int64(st, 2, d->who->account_id);
    sqlite3_bind_int64(st, 3, d->unit_id);
    sqlite3_bind_int64(st, 4, d->attempt);
    sqlite3_bind_int64(st, 5, (long long)d->now);
    sqlite3_bind_int64(st, 6, (long long)d->deadline);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_CONSTRAINT_UNIQUE
                   ? err_set(&d->err, RES_CONFLICT, "exam", "err.exam_done")
                   : db_fail(db, &d->err);
    d->sitting_id = sqlite3_last_insert_rowid(db->h);
    if (d->attempt == 1 && count_taker(db, d->unit_id, d->now) != RES_OK)
        return db_fail(db, &d->err);
    for (int i = 0; i < d->n; i++) {
        st = db_stmt(db, "INSERT INTO sitting_item(sitting_id, question_id, pos, shown)"
                         " VALUES (?1, ?2, ?3, ?4)");
        if (!st)
            return db_fail(db, &d->err);
        sqlite3_bind_int64(st, 1, d->sitting_id);
        sqlite3_bind_int64(st, 2, d->qid[i]);
        sqlite3_bind_int(st, 3, i);
        db_bind_text(st, 4, d->shown[i]);
        rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return db_fail(db, &d->err);
    }
    if (audit_record(db, d->who, "exam.start", "exam", d->exam_id,
                     json_pack("{s:I, s:I}", "sitting", (json_int_t)d->sitting_id, "attempt",
                               (json_int_t)d->attempt)) != RES_OK)
        return db_fail(db, &d->err);
    return RES_OK;
}

/* ---- the paper ---- */

/* What a paper item's strings point into while the paper lives. */
struct item_hold {
    char *kind, *text, *explanation; /* copies of the row's */
    json_t *options;                 /* the question's options, in their original order */
};

enum result exam_paper(struct db *db, const struct actor *who, long long exam_id, time_t now,
                       void (*fn)(void *ctx, const struct paper *p), void *ctx)
{
    struct exam_row e;
    enum result r = exam_load(db, exam_id, &e);
    if (r != RES_OK)
        return r;
    struct exam_latest l;
    if (!exam_may_sit(who, &e) || exam_latest(db, &e, who->account_id, now, &l) != RES_OK || !l.id)
        return RES_NOT_FOUND;
    sqlite3_stmt *st = db_stmt(db, "SELECT title FROM exam WHERE id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, exam_id);
    char *title = xstrdup(sqlite3_step(st) == SQLITE_ROW ? db_col_text(st, 0) : "");
    db_done(st);
    struct paper p = {
        .exam_id = exam_id,
        .title = title,
        .sitting_id = l.id,
        .attempt = l.attempt,
        .state = l.state,
        .deadline = l.deadline,
        .closes = e.closes,
        .score = l.score,
        .pass_score = e.pass_score,
        .reveal = now >= e.closes,
        .due = l.due,
    };
    st = db_stmt(db,
                 "SELECT i.question_id, q.kind, q.text, q.options, i.shown, i.choice,"
                 " q.answer, q.explanation, coalesce(i.credit, CASE WHEN ?2 = 1 THEN " ITEM_CREDIT
                 " ELSE -1 END) FROM sitting_item i JOIN question q"
                 " ON q.id = i.question_id WHERE i.sitting_id = ?1 ORDER BY i.pos");
    if (!st) {
        free(title);
        return RES_FAIL;
    }
    sqlite3_bind_int64(st, 1, l.id);
    sqlite3_bind_int(st, 2, l.due);
    exam_bind_shown(st, now, e.partial);
    struct item_hold *held = NULL;
    size_t cap = 0, cap_held = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int k = p.n_items++;
        p.items = vec_grow(p.items, k, &cap);
        held = vec_grow(held, k, &cap_held);
        struct paper_item *it = &p.items[k];
        struct item_hold *h = &held[k];
        memset(it, 0, sizeof(*it));
        it->question_id = sqlite3_column_int64(st, 0);
        it->kind = h->kind = xstrdup(db_col_text(st, 1));
        it->text = h->text = xstrdup(db_col_text(st, 2));
        it->explanation = h->explanation = xstrdup(p.reveal ? db_col_text(st, 7) : "");
        h->options = json_loads(db_col_text(st, 3), 0, NULL);
        const char *shown = db_col_text(st, 4);
        it->answered = sqlite3_column_type(st, 5) != SQLITE_NULL;
        long long choice = sqlite3_column_int64(st, 5), answer = sqlite3_column_int64(st, 6);
        it->credit = sqlite3_column_double(st, 8);
        it->n_options = (int)strlen(shown);
        for (int j = 0; j < it->n_options && j < QUESTION_OPTIONS_MAX; j++) {
            int orig = shown[j] - '0';
            const char *o = json_string_value(json_array_get(h->options, (size_t)orig));
            it->options[j] = o ? o : "";
            if (choice & (1LL << orig))
                it->choice |= 1u << j;
            if (p.reveal && (answer & (1LL << orig)))
                it->right |= 1u << j;
        }
    }
    db_done(st);
    fn(ctx, &p);
    for (int k = 0; k < p.n_items; k++) {
        json_decref(held[k].options);
        free(held[k].kind);
        free(held[k].text);
        free(held[k].explanation);
    }
    free(held);
    free(p.items);
    free(title);
    return RES_OK;
}

/* ---- answers and submission ---- */

enum result exam_answer_check(struct db *db, struct exam_answer *a)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.id, s.state, s.deadline, i.shown, q.kind FROM sitting s LEFT JOIN"
            " sitting_item i ON i.sitting_id = s.id AND i.question_id = ?3 LEFT JOIN question q"
            " ON q.id = i.question_id WHERE s.exam_id = ?1 AND s.account_id = ?2"
            " ORDER BY s.attempt DESC LIMIT 1");
    if (!st)
        return db_fail(db, &a->err);
    sqlite3_bind_int64(st, 1, a->exam_id);
    sqlite3_bind_int64(st, 2, a->who->account_id);
    sqlite3_bind_int64(st, 3, a->question_id);
    enum result r = RES_OK;
    if (sqlite3_step(st) != SQLITE_ROW) {
        r = err_set(&a->err, RES_NOT_FOUND, "exam", "err.exam_no_sitting");
    } else if (strcmp(db_col_text(st, 1), "open") != 0) {
        r = err_set(&a->err, RES_CONFLICT, "exam", "err.exam_finished");
    } else if ((time_t)sqlite3_column_int64(st, 2) <= a->now) {
        a->due = 1;
        r = err_set(&a->err, RES_CONFLICT, "exam", "err.exam_time_up");
    } else if (sqlite3_column_type(st, 3) == SQLITE_NULL) {
        r = err_set(&a->err, RES_NOT_FOUND, "question", "err.exam_not_on_paper");
    } else {
        a->sitting_id = sqlite3_column_int64(st, 0);
        const char *shown = db_col_text(st, 3);
        int n = (int)strlen(shown);
        int single = strcmp(db_col_text(st, 4), "multiple") != 0;
        a->mask = 0;
        if (a->n_choice < 0 || a->n_choice > n || (single && a->n_choice > 1))
            r = err_set(&a->err, RES_INVALID, "choice", "err.exam_choice_count");
        for (int i = 0; i < a->n_choice && r == RES_OK; i++) {
            int c = a->choice[i];
            if (c < 0 || c >= n)
                r = err_setf(&a->err, RES_INVALID, "choice", "err.range", "0-%d", n - 1);
            else if (a->mask & (1LL << (shown[c] - '0')))
                r = err_set(&a->err, RES_INVALID, "choice", "err.dup_in_file");
            else
                a->mask |= 1LL << (shown[c] - '0');
        }
    }
    db_done(st);
    return r;
}

enum result exam_answer_job(struct db *db, void *arg)
{
    struct exam_answer *a = arg;
    sqlite3_stmt *st = db_stmt(db, "UPDATE sitting_item SET choice = nullif(?3, 0)"
                                   " WHERE sitting_id = ?1 AND question_id = ?2 AND EXISTS"
                                   " (SELECT 1 FROM sitting WHERE id = ?1 AND state = 'open'"
                                   " AND deadline > ?4)");
    if (!st)
        return db_fail(db, &a->err);
    sqlite3_bind_int64(st, 1, a->sitting_id);
    sqlite3_bind_int64(st, 2, a->question_id);
    sqlite3_bind_int64(st, 3, a->n_choice ? a->mask : 0);
    sqlite3_bind_int64(st, 4, (long long)a->now);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, &a->err);
    if (sqlite3_changes(db->h) != 1)
        return err_set(&a->err, RES_CONFLICT, "exam", "err.exam_finished");
    return RES_OK;
}

enum result exam_submit_job(struct db *db, void *arg)
{
    struct exam_submit *s = arg;
    struct exam_row e;
    struct exam_latest l = { 0 };
    enum result r = exam_load(db, s->exam_id, &e);
    if (r == RES_FAIL ||
        (r == RES_OK && exam_latest(db, &e, s->who->account_id, s->now, &l) != RES_OK))
        return db_fail(db, &s->err);
    if (r != RES_OK || !exam_may_sit(s->who, &e) || !l.id)
        return err_set(&s->err, RES_NOT_FOUND, "exam", "err.exam_no_sitting");
    if (strcmp(l.state, "open") != 0 && !l.due)
        return err_set(&s->err, RES_CONFLICT, "exam", "err.exam_finished");
    s->sitting_id = l.id;
    s->timed_out = l.due;
    r = close_sitting(db, s->who, s->exam_id, l.id, e.partial, s->timed_out, s->now, &s->score);
    if (r == RES_CONFLICT) /* graded by a concurrent hand-in */
        return err_set(&s->err, r, "exam", "err.exam_finished");
    return r == RES_OK ? RES_OK : db_fail(db, &s->err);
}

enum result exam_expire_job(struct db *db, void *arg)
{
    struct exam_expire *x = arg;
    struct exam_row e;
    enum result r = exam_load(db, x->exam_id, &e);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st =
        db_stmt(db, "SELECT s.id FROM sitting s WHERE s.exam_id = ?1 AND " SHOWN_DUE);
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, x->exam_id);
    exam_bind_shown(st, x->now, e.partial);
    long long *due = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        due = vec_grow(due, n, &cap);
        due[n++] = sqlite3_column_int64(st, 0);
    }
    db_done(st);
    struct actor system;
    actor_system(&system);
    double score;
    for (size_t i = 0; i < n && r == RES_OK; i++)
        r = close_sitting(db, &system, x->exam_id, due[i], e.partial, 1, x->now, &score);
    free(due);
    x->n = (long long)n;
    return r;
}

long long exam_sittings_open(struct db *db, time_t now)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT count(*) FROM sitting WHERE state = 'open' AND deadline > ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    db_done(st);
    return n;
}
