/*
 * Knowledge tests; see exam.h. Mechanism layer: rules and SQL for exam, exam_rule, sitting and
 * sitting_item. Starts and submissions are audited under "exam:ID" (a submission with the answers
 * it graded); single answer saves are drafts of the examinee and are not.
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
#include "core/str.h"
#include "core/xalloc.h"
#include "unit/unit.h"

/* An exam as loaded for access checks. */
struct exam_row {
    long long id;                      /* exam */
    long long unit_id;                 /* organiser */
    char unit_code[UNIT_CODE_MAX + 1]; /* its code */
    char unit_path[UNIT_PATH_MAX];     /* its path */
    long long examinee_unit_id;        /* examinee subtree root */
    char examinee_path[UNIT_PATH_MAX]; /* its path */
    long long minutes;                 /* time limit */
    time_t opens;                      /* window */
    time_t closes;                     /* window */
    long long pass_score;              /* to pass */
    long long sittings;                /* allowed per examinee */
    int partial;                       /* half credit */
};

#define EXAM_COLUMNS                                                                               \
    "e.id, e.unit_id, u.code, u.name, u.path, e.examinee_unit_id, x.code, x.name, x.path,"         \
    " e.title, e.minutes, e.opens, e.closes, e.pass_score, e.sittings, e.partial, e.n_questions"
#define EXAM_JOINS                                                                                 \
    " FROM exam e JOIN unit u ON u.id = e.unit_id JOIN unit x ON x.id = e.examinee_unit_id"

/*
 * Grading: one rule for the hand-in that stores a grade and for every read that shows one.
 * ITEM_CREDIT is the credit of saved answer i (a sitting_item) to question q, ?9 being the
 * exam's partial flag: 1 for exactly the right options, 0.5 for a right subset of a multiple
 * choice when the exam gives half credit, else 0. SITTING_SCORE is the score of sitting s from
 * its saved answers: 100 times the mean credit, rounded half up to one decimal as round1() does.
 */
#define ITEM_CREDIT                                                                                \
    "CASE WHEN i.choice IS NULL THEN 0.0 WHEN i.choice = q.answer THEN 1.0 WHEN ?9 = 1"            \
    " AND q.kind = 'multiple' AND (i.choice & ~q.answer) = 0 THEN 0.5 ELSE 0.0 END"
#define SITTING_SCORE                                                                              \
    "(SELECT coalesce(CAST(100.0 * sum(" ITEM_CREDIT ") / count(*) * 10 + 0.5 AS INTEGER) / 10.0," \
    " 0) FROM sitting_item i JOIN question q ON q.id = i.question_id WHERE i.sitting_id = s.id)"

/*
 * What a read shows of sitting s at time ?8, storing nothing: a sitting still open in the store
 * whose time is up (SHOWN_DUE) is timed out, with the score of its saved answers, as the next
 * write that touches it (a hand-in, a start, a refused answer) stores it.
 */
#define SHOWN_DUE "(s.state = 'open' AND s.deadline <= ?8)"
#define SHOWN_GRADED "(s.state <> 'open' OR s.deadline <= ?8)"
#define SHOWN_STATE "CASE WHEN " SHOWN_DUE " THEN 'timeout' ELSE s.state END"
#define SHOWN_SCORE "coalesce(s.score, CASE WHEN " SHOWN_DUE " THEN " SITTING_SCORE " END, -1)"

/* Binds ?8, the time, and ?9, the exam's partial flag, in a statement built with the macros
 * above; its own parameters are numbered below 8. */
static void bind_shown(sqlite3_stmt *st, time_t now, int partial)
{
    sqlite3_bind_int64(st, 8, (long long)now);
    sqlite3_bind_int(st, 9, partial);
}

static void row_from(sqlite3_stmt *st, struct exam_row *e)
{
    e->id = sqlite3_column_int64(st, 0);
    e->unit_id = sqlite3_column_int64(st, 1);
    snprintf(e->unit_code, sizeof(e->unit_code), "%s", db_col_text(st, 2));
    snprintf(e->unit_path, sizeof(e->unit_path), "%s", db_col_text(st, 4));
    e->examinee_unit_id = sqlite3_column_int64(st, 5);
    snprintf(e->examinee_path, sizeof(e->examinee_path), "%s", db_col_text(st, 8));
    e->minutes = sqlite3_column_int64(st, 10);
    e->opens = (time_t)sqlite3_column_int64(st, 11);
    e->closes = (time_t)sqlite3_column_int64(st, 12);
    e->pass_score = sqlite3_column_int64(st, 13);
    e->sittings = sqlite3_column_int64(st, 14);
    e->partial = sqlite3_column_int(st, 15);
}

/* x >= 0 rounded to one decimal place. */
static double round1(double x)
{
    return (double)(long long)(x * 10.0 + 0.5) / 10.0;
}

static enum result exam_load(struct db *db, long long id, struct exam_row *e)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " EXAM_COLUMNS EXAM_JOINS " WHERE e.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        row_from(st, e);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

static int may_manage(const struct actor *who, const struct exam_row *e)
{
    return scope_has_path(who, e->unit_path) && role_may(who->role, PERM_RECORD_WRITE);
}

/* Whether the actor may see each examinee's score (exam_results), and so every figure built from
 * few of them. */
static int may_see_scores(const struct actor *who)
{
    return role_may(who->role, PERM_RECORD_WRITE);
}

static int may_sit(const struct actor *who, const struct exam_row *e)
{
    return who->account_id &&
           strncmp(who->unit_path, e->examinee_path, strlen(e->examinee_path)) == 0;
}

static int may_read(const struct actor *who, const struct exam_row *e)
{
    return scope_has_path(who, e->unit_path) || may_sit(who, e) ||
           path_overlap(who->unit_path, e->examinee_path);
}

/* ---- the pool a rule draws from: the bank of the organiser and of every unit above ---- */

/* Collects the ids (and option counts) of the questions a rule may draw, or only counts them
 * when ids is NULL. Returns the count, or -1 when the store fails. */
static long long pool(struct db *db, const char *unit_path, const struct exam_rule *rule,
                      long long **ids, int **n_options)
{
    long long units[UNIT_PATH_MAX / 2];
    int n_units = path_ids(unit_path, units, UNIT_PATH_MAX / 2);
    long long n = 0, cap = 0;
    for (int k = 0; k < n_units; k++) {
        sqlite3_stmt *st = db_stmt(db, "SELECT id, n_options FROM question WHERE unit_id = ?1"
                                       " AND category = ?2 AND (?3 = 0 OR difficulty = ?3)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, units[k]);
        db_bind_text(st, 2, rule->category);
        sqlite3_bind_int64(st, 3, rule->difficulty);
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (ids) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 256;
                    *ids = xrealloc(*ids, (size_t)cap * sizeof(**ids));
                    *n_options = xrealloc(*n_options, (size_t)cap * sizeof(**n_options));
                }
                (*ids)[n] = sqlite3_column_int64(st, 0);
                (*n_options)[n] = sqlite3_column_int(st, 1);
            }
            n++;
        }
        db_done(st);
    }
    return n;
}

/* ---- create ---- */

static enum result check_rules(const struct exam_input *in, struct err *err)
{
    if (in->n_rules < 1 || in->n_rules > EXAM_RULES_MAX)
        return err_setf(err, RES_INVALID, "rules", "err.range", "1-%d", EXAM_RULES_MAX);
    long long total = 0;
    for (size_t i = 0; i < in->n_rules; i++) {
        const struct exam_rule *a = &in->rules[i];
        enum result r = err_text(err, "rules", a->category, 1, QUESTION_CATEGORY_MAX, 0);
        if (r != RES_OK)
            return r;
        if (a->difficulty < 0 || a->difficulty > 3)
            return err_setf(err, RES_INVALID, "rules", "err.range", "difficulty 1-3");
        if (a->count < 1 || a->count > EXAM_QUESTIONS_MAX)
            return err_setf(err, RES_INVALID, "rules", "err.range", "count 1-%d",
                            EXAM_QUESTIONS_MAX);
        total += a->count;
        for (size_t k = 0; k < i; k++) {
            const struct exam_rule *b = &in->rules[k];
            if (strcmp(a->category, b->category) == 0 &&
                (!a->difficulty || !b->difficulty || a->difficulty == b->difficulty))
                return err_setf(err, RES_INVALID, "rules", "err.exam_rule_overlap", "%s",
                                a->category);
        }
    }
    if (total > EXAM_QUESTIONS_MAX)
        return err_setf(err, RES_INVALID, "rules", "err.range", "total 1-%d", EXAM_QUESTIONS_MAX);
    return RES_OK;
}

enum result exam_create(struct db *db, const struct actor *who, const struct exam_input *in,
                        long long *id, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, EXAM_TITLE_MAX, 0);
    if (r != RES_OK || (r = check_rules(in, err)) != RES_OK)
        return r;
    if (in->minutes < 1 || in->minutes > 600)
        return err_setf(err, RES_INVALID, "minutes", "err.range", "1-600");
    if (in->pass_score < 0 || in->pass_score > 100)
        return err_setf(err, RES_INVALID, "pass_score", "err.range", "0-100");
    if (in->sittings < 0 || in->sittings > 10)
        return err_setf(err, RES_INVALID, "sittings", "err.range", "1-10");
    time_t opens, closes;
    if (clock_parse_local(in->opens, &opens) != 0)
        return err_set(err, RES_INVALID, "opens", "err.bad_time");
    if (clock_parse_local(in->closes, &closes) != 0)
        return err_set(err, RES_INVALID, "closes", "err.bad_time");
    if (closes <= opens)
        return err_set(err, RES_INVALID, "closes", "err.exam_window");
    struct unit u, x;
    if (!in->unit || unit_get(db, who, in->unit, &u, NULL) != RES_OK)
        return err_setf(err, RES_INVALID, "unit", "err.parent_unknown", "%s",
                        in->unit ? in->unit : "");
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if (!in->examinee_unit || unit_get(db, who, in->examinee_unit, &x, NULL) != RES_OK)
        return err_setf(err, RES_INVALID, "examinee_unit", "err.parent_unknown", "%s",
                        in->examinee_unit ? in->examinee_unit : "");
    long long n_questions = 0;
    for (size_t i = 0; i < in->n_rules; i++) {
        long long have = pool(db, u.path, &in->rules[i], NULL, NULL);
        if (have < 0)
            return db_fail(db, err);
        if (have < in->rules[i].count)
            return err_setf(err, RES_INVALID, "rules", "err.exam_pool_short", "%s: %lld < %lld",
                            in->rules[i].category, have, in->rules[i].count);
        n_questions += in->rules[i].count;
    }
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    char today[11];
    clock_today(today);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO exam(unit_id, examinee_unit_id, title, minutes,"
                                   " opens, closes, pass_score, sittings, partial, n_questions,"
                                   " created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                                   " ?11)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_int64(st, 2, x.id);
        db_bind_text(st, 3, in->title);
        sqlite3_bind_int64(st, 4, in->minutes);
        sqlite3_bind_int64(st, 5, (long long)opens);
        sqlite3_bind_int64(st, 6, (long long)closes);
        sqlite3_bind_int64(st, 7, in->pass_score);
        sqlite3_bind_int64(st, 8, in->sittings ? in->sittings : 1);
        sqlite3_bind_int(st, 9, in->partial != 0);
        sqlite3_bind_int64(st, 10, n_questions);
        db_bind_text(st, 11, today);
        rc = sqlite3_step(st);
        db_done(st);
    }
    if (rc == SQLITE_DONE)
        *id = sqlite3_last_insert_rowid(db->h);
    json_t *rules = json_array();
    for (size_t i = 0; i < in->n_rules && rc == SQLITE_DONE; i++) {
        st = db_stmt(db, "INSERT INTO exam_rule(exam_id, pos, category, difficulty, count)"
                         " VALUES (?1, ?2, ?3, nullif(?4, 0), ?5)");
        rc = SQLITE_ERROR;
        if (!st)
            break;
        sqlite3_bind_int64(st, 1, *id);
        sqlite3_bind_int64(st, 2, (long long)i);
        db_bind_text(st, 3, in->rules[i].category);
        sqlite3_bind_int64(st, 4, in->rules[i].difficulty);
        sqlite3_bind_int64(st, 5, in->rules[i].count);
        rc = sqlite3_step(st);
        db_done(st);
        json_array_append_new(rules, json_pack("{s:s, s:I, s:I}", "category", in->rules[i].category,
                                               "difficulty", (json_int_t)in->rules[i].difficulty,
                                               "count", (json_int_t)in->rules[i].count));
    }
    if (rc != SQLITE_DONE ||
        audit_record(db, who, "exam.create", "exam", *id,
                     json_pack("{s:s, s:s, s:s, s:o, s:I, s:s, s:s, s:I}", "unit", u.code, "title",
                               in->title, "examinee_unit", x.code, "rules", rules, "minutes",
                               (json_int_t)in->minutes, "opens", in->opens, "closes", in->closes,
                               "pass_score", (json_int_t)in->pass_score)) != RES_OK) {
        if (rc != SQLITE_DONE)
            json_decref(rules);
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result exam_create_job(struct db *db, void *arg)
{
    struct exam_create_job *job = arg;
    return exam_create(db, job->who, &job->in, &job->id, &job->err);
}

/* ---- reading exams ---- */

/* The actor's latest sitting of an exam, as shown at a time. */
struct latest {
    long long id;      /* sitting, 0 for none */
    long long attempt; /* its number = sittings so far */
    char state[12];    /* open | submitted | timeout, as shown */
    time_t deadline;   /* time up */
    double score;      /* -1 until graded (or shown graded) */
    int due;           /* open in the store but its time is up: shown timed out, not stored */
};

/* The account's latest sitting of exam e as shown at now (SHOWN_STATE, SHOWN_SCORE). */
static enum result latest_sitting(struct db *db, const struct exam_row *e, long long account_id,
                                  time_t now, struct latest *l)
{
    memset(l, 0, sizeof(*l));
    l->score = -1;
    sqlite3_stmt *st =
        db_stmt(db, "SELECT s.id, s.attempt, " SHOWN_STATE ", s.deadline, " SHOWN_SCORE
                    ", " SHOWN_DUE " FROM sitting s WHERE s.exam_id = ?1 AND"
                    " s.account_id = ?2 ORDER BY s.attempt DESC LIMIT 1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, e->id);
    sqlite3_bind_int64(st, 2, account_id);
    bind_shown(st, now, e->partial);
    if (sqlite3_step(st) == SQLITE_ROW) {
        l->id = sqlite3_column_int64(st, 0);
        l->attempt = sqlite3_column_int64(st, 1);
        snprintf(l->state, sizeof(l->state), "%s", db_col_text(st, 2));
        l->deadline = (time_t)sqlite3_column_int64(st, 3);
        l->score = sqlite3_column_double(st, 4);
        l->due = sqlite3_column_int(st, 5);
    }
    db_done(st);
    return RES_OK;
}

/* Fills the public view of a loaded row for the actor and calls fn. */
static enum result emit_exam(struct db *db, const struct actor *who, sqlite3_stmt *st,
                             void (*fn)(void *ctx, const struct exam *e), void *ctx)
{
    struct exam_row row;
    row_from(st, &row);
    if (!may_read(who, &row))
        return RES_NOT_FOUND;
    struct exam e = {
        .id = row.id,
        .unit_code = db_col_text(st, 2),
        .unit_name = db_col_text(st, 3),
        .examinee_code = db_col_text(st, 6),
        .examinee_name = db_col_text(st, 7),
        .title = db_col_text(st, 9),
        .minutes = row.minutes,
        .opens = row.opens,
        .closes = row.closes,
        .pass_score = row.pass_score,
        .sittings = row.sittings,
        .partial = row.partial,
        .n_questions = sqlite3_column_int64(st, 16),
        .may_manage = may_manage(who, &row),
        .may_sit = may_sit(who, &row),
        .my_state = "",
        .my_score = -1,
    };
    struct latest l;
    if (e.may_sit && latest_sitting(db, &row, who->account_id, clock_time(), &l) == RES_OK &&
        l.id) {
        e.my_attempts = l.attempt;
        e.my_state = l.state;
        e.my_score = l.score;
        fn(ctx, &e);
        return RES_OK;
    }
    fn(ctx, &e);
    return RES_OK;
}

enum result exam_get(struct db *db, const struct actor *who, long long id,
                     void (*fn)(void *ctx, const struct exam *e), void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " EXAM_COLUMNS EXAM_JOINS " WHERE e.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW)
        r = emit_exam(db, who, st, fn, ctx);
    db_done(st);
    return r;
}

enum result exam_each(struct db *db, const struct actor *who,
                      void (*fn)(void *ctx, const struct exam *e), void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " EXAM_COLUMNS EXAM_JOINS " ORDER BY e.id DESC");
    if (!st)
        return RES_FAIL;
    while (sqlite3_step(st) == SQLITE_ROW)
        emit_exam(db, who, st, fn, ctx);
    db_done(st);
    return RES_OK;
}

enum result exam_rules(struct db *db, const struct actor *who, long long id,
                       void (*fn)(void *ctx, const struct exam_rule *rule), void *ctx)
{
    struct exam_row row;
    enum result r = exam_load(db, id, &row);
    if (r != RES_OK)
        return r;
    if (!may_read(who, &row))
        return RES_NOT_FOUND;
    sqlite3_stmt *st = db_stmt(db, "SELECT category, coalesce(difficulty, 0), count FROM"
                                   " exam_rule WHERE exam_id = ?1 ORDER BY pos");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct exam_rule rule = { db_col_text(st, 0), sqlite3_column_int64(st, 1),
                                  sqlite3_column_int64(st, 2) };
        fn(ctx, &rule);
    }
    db_done(st);
    return RES_OK;
}

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
    bind_shown(st, now, partial);
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
    bind_shown(st, now, partial);
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

static void shuffle_ll(struct draw_rng *g, long long *a, int *b, long long n)
{
    for (long long i = n - 1; i > 0; i--) {
        long long j = (long long)draw_below(g, (uint32_t)(i + 1));
        long long t = a[i];
        a[i] = a[j];
        a[j] = t;
        int u = b[i];
        b[i] = b[j];
        b[j] = u;
    }
}

enum result exam_draw(struct db *db, struct exam_draw *d)
{
    const struct actor *who = d->who;
    struct exam_row e;
    enum result r = exam_load(db, d->exam_id, &e);
    if (r == RES_FAIL)
        return db_fail(db, &d->err);
    if (r != RES_OK || !may_sit(who, &e))
        return err_set(&d->err, RES_NOT_FOUND, "exam", "err.not_found");
    struct latest l;
    if (latest_sitting(db, &e, who->account_id, d->now, &l) != RES_OK)
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
        long long *ids = NULL;
        int *n_opts = NULL;
        long long have = pool(db, e.unit_path, &rule, &ids, &n_opts);
        if (have < rule.count || d->n + rule.count > EXAM_QUESTIONS_MAX) {
            r = err_set(&d->err, have < 0 ? RES_FAIL : RES_CONFLICT, "exam",
                        have < 0 ? "err.internal" : "err.exam_pool_short");
        } else {
            shuffle_ll(&g, ids, n_opts, have);
            for (long long i = 0; i < rule.count; i++) {
                int k = d->n++, n = n_opts[i];
                d->qid[k] = ids[i];
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
        free(ids);
        free(n_opts);
    }
    db_done(st);
    return r;
}

enum result exam_start_job(struct db *db, void *arg)
{
    struct exam_draw *d = arg;
    struct latest l;
    struct exam_row e;
    if (exam_load(db, d->exam_id, &e) != RES_OK ||
        latest_sitting(db, &e, d->who->account_id, d->now, &l) != RES_OK)
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
        return err_set(&d->err, rc == SQLITE_CONSTRAINT_UNIQUE ? RES_CONFLICT : RES_FAIL, "exam",
                       rc == SQLITE_CONSTRAINT_UNIQUE ? "err.exam_done" : "err.internal");
    d->sitting_id = sqlite3_last_insert_rowid(db->h);
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

enum result exam_paper(struct db *db, const struct actor *who, long long exam_id, time_t now,
                       void (*fn)(void *ctx, const struct paper *p), void *ctx)
{
    struct exam_row e;
    enum result r = exam_load(db, exam_id, &e);
    if (r != RES_OK)
        return r;
    struct latest l;
    if (!may_sit(who, &e) || latest_sitting(db, &e, who->account_id, now, &l) != RES_OK || !l.id)
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
    bind_shown(st, now, e.partial);
    size_t cap = 64;
    p.items = xcalloc(cap, sizeof(*p.items));
    json_t **docs = xcalloc(cap, sizeof(*docs));
    char **texts = xcalloc(cap * 3, sizeof(*texts));
    while (sqlite3_step(st) == SQLITE_ROW) {
        if ((size_t)p.n_items == cap) {
            cap *= 2;
            p.items = xrealloc(p.items, cap * sizeof(*p.items));
            docs = xrealloc(docs, cap * sizeof(*docs));
            texts = xrealloc(texts, cap * 3 * sizeof(*texts));
        }
        int k = p.n_items++;
        struct paper_item *it = &p.items[k];
        memset(it, 0, sizeof(*it));
        it->question_id = sqlite3_column_int64(st, 0);
        texts[3 * k] = xstrdup(db_col_text(st, 1));
        texts[3 * k + 1] = xstrdup(db_col_text(st, 2));
        texts[3 * k + 2] = xstrdup(p.reveal ? db_col_text(st, 7) : "");
        it->kind = texts[3 * k];
        it->text = texts[3 * k + 1];
        it->explanation = texts[3 * k + 2];
        docs[k] = json_loads(db_col_text(st, 3), 0, NULL);
        const char *shown = db_col_text(st, 4);
        it->answered = sqlite3_column_type(st, 5) != SQLITE_NULL;
        long long choice = sqlite3_column_int64(st, 5), answer = sqlite3_column_int64(st, 6);
        it->credit = sqlite3_column_double(st, 8);
        it->n_options = (int)strlen(shown);
        for (int j = 0; j < it->n_options && j < QUESTION_OPTIONS_MAX; j++) {
            int orig = shown[j] - '0';
            const char *o = json_string_value(json_array_get(docs[k], (size_t)orig));
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
        json_decref(docs[k]);
        for (int j = 0; j < 3; j++)
            free(texts[3 * k + j]);
    }
    free(docs);
    free(texts);
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
    struct latest l = { 0 };
    enum result r = exam_load(db, s->exam_id, &e);
    if (r == RES_FAIL ||
        (r == RES_OK && latest_sitting(db, &e, s->who->account_id, s->now, &l) != RES_OK))
        return db_fail(db, &s->err);
    if (r != RES_OK || !may_sit(s->who, &e) || !l.id)
        return err_set(&s->err, RES_NOT_FOUND, "exam", "err.exam_no_sitting");
    if (strcmp(l.state, "open") != 0 && !l.due)
        return err_set(&s->err, RES_CONFLICT, "exam", "err.exam_finished");
    s->sitting_id = l.id;
    s->timed_out = l.due;
    r = close_sitting(db, s->who, s->exam_id, l.id, e.partial, s->timed_out, s->now, &s->score);
    return r == RES_OK ? RES_OK : err_set(&s->err, r, "exam", "err.internal");
}

enum result exam_expire_job(struct db *db, void *arg)
{
    struct exam_expire *x = arg;
    sqlite3_stmt *st = db_stmt(db, "SELECT s.id, s.exam_id, e.partial FROM sitting s JOIN exam e"
                                   " ON e.id = s.exam_id WHERE s.exam_id = ?1 AND"
                                   " s.state = 'open' AND s.deadline <= ?2");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, x->exam_id);
    sqlite3_bind_int64(st, 2, (long long)x->now);
    long long(*list)[3] = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            list = xrealloc(list, cap * sizeof(*list));
        }
        list[n][0] = sqlite3_column_int64(st, 0);
        list[n][1] = sqlite3_column_int64(st, 1);
        list[n][2] = sqlite3_column_int64(st, 2);
        n++;
    }
    db_done(st);
    struct actor system;
    actor_system(&system);
    enum result r = RES_OK;
    double score;
    for (size_t i = 0; i < n && r == RES_OK; i++)
        r = close_sitting(db, &system, list[i][1], list[i][0], (int)list[i][2], 1, x->now, &score);
    free(list);
    x->n = (long long)n;
    return r;
}

/* ---- statistics ---- */

/* Loads an exam the actor may read into *e (RES_NOT_FOUND otherwise) and, when u is given, the
 * unit in scope whose subtree the caller reports on: unit's code, or the actor's own unit. */
static enum result readable(struct db *db, const struct actor *who, long long id,
                            struct exam_row *e, const char *unit, struct unit *u, struct err *err)
{
    enum result r = exam_load(db, id, e);
    if (r == RES_FAIL)
        return err_set(err, r, NULL, "err.internal");
    if (r != RES_OK || !may_read(who, e))
        return err_set(err, RES_NOT_FOUND, "exam", "err.not_found");
    if (!u)
        return RES_OK;
    r = unit && *unit ? unit_get(db, who, unit, u, err) : unit_get_id(db, who, who->unit_id, u);
    return r == RES_OK ? RES_OK : err_set(err, r, "unit", "err.not_found");
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

/* A unit below the one asked about, with its running figures. */
struct stat_unit {
    char code[UNIT_CODE_MAX + 1];     /* code */
    char name[UNIT_NAME_MAX * 4 + 1]; /* name */
    char path[UNIT_PATH_MAX];         /* path */
    struct exam_figures f;            /* figures */
    double sum;                       /* of best scores */
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
    struct stat_unit *below = NULL;
    size_t n_below = 0, cap = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT code, name, path FROM unit WHERE parent_id = ?1"
                                   " ORDER BY path");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n_below == cap) {
            cap = cap ? cap * 2 : 16;
            below = xrealloc(below, cap * sizeof(*below));
        }
        struct stat_unit *b = &below[n_below++];
        memset(b, 0, sizeof(*b));
        snprintf(b->code, sizeof(b->code), "%s", db_col_text(st, 0));
        snprintf(b->name, sizeof(b->name), "%s", db_col_text(st, 1));
        snprintf(b->path, sizeof(b->path), "%s", db_col_text(st, 2));
    }
    db_done(st);
    char end[UNIT_PATH_MAX];
    path_end(end, u.path);
    st = db_stmt(db, "SELECT u.path, max(" SHOWN_SCORE ") FROM sitting s JOIN unit u"
                     " ON u.id = s.unit_id WHERE s.exam_id = ?1 AND " SHOWN_GRADED
                     " AND u.path >= ?2 AND u.path < ?3 GROUP BY s.account_id, u.path");
    if (!st) {
        free(below);
        return db_fail(db, err);
    }
    sqlite3_bind_int64(st, 1, exam_id);
    db_bind_text(st, 2, u.path);
    db_bind_text(st, 3, end);
    bind_shown(st, clock_time(), e.partial);
    double sum = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *path = db_col_text(st, 0);
        double score = sqlite3_column_double(st, 1);
        add_score(all, &sum, score, e.pass_score);
        for (size_t i = 0; i < n_below; i++)
            if (strncmp(path, below[i].path, strlen(below[i].path)) == 0) {
                add_score(&below[i].f, &below[i].sum, score, e.pass_score);
                break;
            }
    }
    db_done(st);
    int restricted = !may_see_scores(who);
    all->eligible = eligible_in(db, u.path, e.examinee_path);
    finish_figures(all, sum, restricted);
    for (size_t i = 0; i < n_below && fn; i++) {
        below[i].f.eligible = eligible_in(db, below[i].path, e.examinee_path);
        finish_figures(&below[i].f, below[i].sum, restricted);
        if (below[i].f.eligible || below[i].f.participants)
            fn(ctx, below[i].code, below[i].name, &below[i].f);
    }
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
    if (!may_manage(who, &e))
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
    bind_shown(st, now, e.partial);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n_rank == cap) {
            cap = cap ? cap * 2 : 256;
            rank = xrealloc(rank, cap * sizeof(*rank));
        }
        rank[n_rank].id = sqlite3_column_int64(st, 0);
        rank[n_rank++].group = 0;
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
        if (n_items == cap_items) {
            cap_items = cap_items ? cap_items * 2 : 64;
            items = xrealloc(items, cap_items * sizeof(*items));
        }
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
        bind_shown(st, now, e.partial);
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
    if (!may_see_scores(who))
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
    bind_shown(st, clock_time(), e.partial);
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
