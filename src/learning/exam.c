/*
 * Knowledge tests; see exam.h. Mechanism layer: rules and SQL for exam and exam_rule (composing
 * an exam, reading it), and what the exam files share (exam_int.h): access, the question pool,
 * the grading rule, a sitting as shown. Sittings are in exam_sitting.c, figures in exam_stats.c.
 */
#include "learning/exam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/xalloc.h"
#include "learning/exam_int.h"

#define EXAM_COLUMNS                                                                               \
    "e.id, e.unit_id, u.code, u.name, u.path, e.examinee_unit_id, x.code, x.name, x.path,"         \
    " e.title, e.minutes, e.opens, e.closes, e.pass_score, e.sittings, e.partial, e.n_questions"
#define EXAM_JOINS                                                                                 \
    " FROM exam e JOIN unit u ON u.id = e.unit_id JOIN unit x ON x.id = e.examinee_unit_id"

void exam_bind_shown(sqlite3_stmt *st, time_t now, int partial)
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

enum result exam_load(struct db *db, long long id, struct exam_row *e)
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

int exam_may_manage(const struct actor *who, const struct exam_row *e)
{
    return scope_has_path(who, e->unit_path) && role_may(who->role, PERM_RECORD_WRITE);
}

int exam_may_see_scores(const struct actor *who)
{
    return role_may(who->role, PERM_RECORD_WRITE);
}

int exam_may_sit(const struct actor *who, const struct exam_row *e)
{
    return who->account_id &&
           strncmp(who->unit_path, e->examinee_path, strlen(e->examinee_path)) == 0;
}

int exam_may_read(const struct actor *who, const struct exam_row *e)
{
    return scope_has_path(who, e->unit_path) || exam_may_sit(who, e) ||
           path_overlap(who->unit_path, e->examinee_path);
}

/* ---- the pool a rule draws from: the bank of the organiser and of every unit above ---- */

long long exam_pool(struct db *db, const char *unit_path, const struct exam_rule *rule,
                    struct exam_pooled **pool)
{
    long long units[UNIT_PATH_MAX / 2];
    int n_units = path_ids(unit_path, units, UNIT_PATH_MAX / 2);
    size_t n = 0, cap = 0;
    for (int k = 0; k < n_units; k++) {
        sqlite3_stmt *st = db_stmt(db, "SELECT id, n_options FROM question WHERE unit_id = ?1"
                                       " AND category = ?2 AND (?3 = 0 OR difficulty = ?3)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, units[k]);
        db_bind_text(st, 2, rule->category);
        sqlite3_bind_int64(st, 3, rule->difficulty);
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (pool) {
                *pool = vec_grow(*pool, n, &cap);
                (*pool)[n] =
                    (struct exam_pooled){ sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1) };
            }
            n++;
        }
        db_done(st);
    }
    return (long long)n;
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
        long long have = exam_pool(db, u.path, &in->rules[i], NULL);
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

enum result exam_latest(struct db *db, const struct exam_row *e, long long account_id, time_t now,
                        struct exam_latest *l)
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
    exam_bind_shown(st, now, e->partial);
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
    if (!exam_may_read(who, &row))
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
        .may_manage = exam_may_manage(who, &row),
        .may_sit = exam_may_sit(who, &row),
        .my_state = "",
        .my_score = -1,
    };
    struct exam_latest l;
    if (e.may_sit && exam_latest(db, &row, who->account_id, clock_time(), &l) == RES_OK && l.id) {
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
    if (!exam_may_read(who, &row))
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
