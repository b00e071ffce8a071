/*
 * The satisfaction survey; see survey.h. Mechanism layer: rules and SQL for the survey tables.
 */
#include "survey/survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "unit/unit.h"

/* Runs sql with ?1 the survey and the texts and numbers given, as far as it has parameters. */
static int run(struct db *db, const char *sql, long long id, const char *t2, const char *t3,
               long long n4, long long n5)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return 0;
    int params = sqlite3_bind_parameter_count(st);
    sqlite3_bind_int64(st, 1, id);
    if (params >= 2)
        db_bind_text(st, 2, t2);
    if (params >= 3)
        db_bind_text(st, 3, t3);
    if (params >= 4)
        sqlite3_bind_int64(st, 4, n4);
    if (params >= 5)
        sqlite3_bind_int64(st, 5, n5);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE;
}

/* The checks of a survey's items and kinds, RES_OK or RES_INVALID naming the field. */
static enum result check_parts(const struct survey_input *in, struct err *err)
{
    enum result r;
    if (in->n_items < 1 || in->n_items > SURVEY_ITEMS_MAX)
        return err_setf(err, RES_INVALID, "items", "err.range", "1-%d", SURVEY_ITEMS_MAX);
    for (size_t i = 0; i < in->n_items; i++) {
        const struct survey_item_input *it = &in->items[i];
        if (!scale_code_valid(it->code))
            return err_set(err, RES_INVALID, "items", "err.code_format");
        for (size_t k = 0; k < i; k++)
            if (strcmp(in->items[k].code, it->code) == 0)
                return err_set(err, RES_INVALID, "items", "err.duplicate");
        if ((r = err_text(err, "items", it->text, 1, SURVEY_TEXT_MAX, 0)) != RES_OK)
            return r;
        if (it->choices && (it->n_options < 1 || it->n_options > SURVEY_OPTIONS_MAX))
            return err_setf(err, RES_INVALID, "options", "err.range", "1-%d", SURVEY_OPTIONS_MAX);
        for (size_t o = 0; it->choices && o < it->n_options; o++) {
            if (!scale_code_valid(it->options[o].code))
                return err_set(err, RES_INVALID, "options", "err.code_format");
            for (size_t k = 0; k < o; k++)
                if (strcmp(it->options[k].code, it->options[o].code) == 0)
                    return err_set(err, RES_INVALID, "options", "err.duplicate");
            if ((r = err_text(err, "options", it->options[o].text, 1, SURVEY_TEXT_MAX, 0)) !=
                RES_OK)
                return r;
        }
    }
    if (in->n_kinds < 1 || in->n_kinds > SURVEY_KINDS_MAX)
        return err_setf(err, RES_INVALID, "kinds", "err.range", "1-%d", SURVEY_KINDS_MAX);
    for (size_t i = 0; i < in->n_kinds; i++) {
        if (!scale_code_valid(in->kinds[i].code))
            return err_set(err, RES_INVALID, "kinds", "err.code_format");
        for (size_t k = 0; k < i; k++)
            if (strcmp(in->kinds[k].code, in->kinds[i].code) == 0)
                return err_set(err, RES_INVALID, "kinds", "err.duplicate");
        if ((r = err_text(err, "kinds", in->kinds[i].name, 1, SCALE_NAME_MAX, 0)) != RES_OK)
            return r;
    }
    if (in->overall_item) {
        size_t i = 0;
        while (i < in->n_items && strcmp(in->items[i].code, in->overall_item) != 0)
            i++;
        if (i == in->n_items || in->items[i].choices)
            return err_set(err, RES_INVALID, "overall_item", "err.not_found");
    }
    if (in->threshold > 100)
        return err_setf(err, RES_INVALID, "threshold", "err.range", "0-100");
    if (in->min_group < 0)
        return err_setf(err, RES_INVALID, "min_group", "err.range", ">= 1");
    return RES_OK;
}

/* Writes the items, options and kinds of survey id. */
static int write_parts(struct db *db, long long id, const struct survey_input *in)
{
    int ok = 1;
    for (size_t i = 0; ok && i < in->n_items; i++) {
        const struct survey_item_input *it = &in->items[i];
        ok = run(db,
                 "INSERT INTO survey_item(survey_id, code, text, pos, choices)"
                 " VALUES (?1, ?2, ?3, ?4, ?5)",
                 id, it->code, it->text, (long long)i, it->choices != 0);
        for (size_t o = 0; ok && it->choices && o < it->n_options; o++) {
            sqlite3_stmt *st = db_stmt(db, "INSERT INTO survey_option(survey_id, item_code, pos,"
                                           " code, text) VALUES (?1, ?2, ?3, ?4, ?5)");
            if (!st)
                return 0;
            sqlite3_bind_int64(st, 1, id);
            db_bind_text(st, 2, it->code);
            sqlite3_bind_int64(st, 3, (long long)o);
            db_bind_text(st, 4, it->options[o].code);
            db_bind_text(st, 5, it->options[o].text);
            ok = sqlite3_step(st) == SQLITE_DONE;
            db_done(st);
        }
    }
    for (size_t k = 0; ok && k < in->n_kinds; k++)
        ok = run(db, "INSERT INTO survey_kind(survey_id, code, name, pos) VALUES (?1, ?2, ?3, ?4)",
                 id, in->kinds[k].code, in->kinds[k].name, (long long)k, 0);
    return ok;
}

/* Checks the collectors and writes them: units inside the issuer's subtree, each once. */
static enum result write_collectors(struct db *db, const struct actor *who, long long id,
                                    const struct unit *issuer, const struct survey_input *in,
                                    struct err *err)
{
    if (in->n_collectors < 1 || in->n_collectors > SURVEY_COLLECTORS_MAX)
        return err_setf(err, RES_INVALID, "collectors", "err.range", "1-%d", SURVEY_COLLECTORS_MAX);
    char end[UNIT_PATH_MAX];
    path_end(end, issuer->path);
    for (size_t i = 0; i < in->n_collectors; i++) {
        struct unit u;
        if (unit_get(db, who, in->collectors[i], &u, NULL) != RES_OK ||
            strcmp(u.path, issuer->path) < 0 || strcmp(u.path, end) >= 0)
            return err_set(err, RES_INVALID, "collectors", "err.not_below");
        if (in->weights && !(in->weights[i] > 0))
            return err_set(err, RES_INVALID, "weights", "err.range");
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO survey_collector(survey_id, unit_id, weight)"
                                       " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, u.id);
        if (in->weights)
            sqlite3_bind_double(st, 3, in->weights[i]);
        else
            sqlite3_bind_null(st, 3);
        int rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return db_fail(db, err);
    }
    return RES_OK;
}

enum result survey_create(struct db *db, const struct actor *who, const struct survey_input *in,
                          long long *id, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, in->unit, &u, err);
    if (r != RES_OK || (r = scope_check(who, u.path, PERM_UNIT_WRITE, err)) != RES_OK ||
        (r = err_text(err, "title", in->title, 1, SURVEY_TEXT_MAX, 0)) != RES_OK)
        return r;
    struct scale *scale = xcalloc(1, sizeof(*scale));
    r = scale_load(db, in->scale, scale);
    int usable = r == RES_OK && scale_usable(scale, db, u.path);
    free(scale);
    if (r == RES_FAIL)
        return db_fail(db, err);
    if (!usable)
        return err_set(err, RES_INVALID, "scale", in->scale ? "err.not_found" : "err.required");
    if (!in->from || !date_valid(in->from))
        return err_set(err, RES_INVALID, "from", "err.bad_date");
    if (!in->to || !date_valid(in->to) || strcmp(in->to, in->from) < 0)
        return err_set(err, RES_INVALID, "to", "err.bad_date");
    if ((r = check_parts(in, err)) != RES_OK)
        return r;
    if (in->previous) {
        struct survey *prev = xcalloc(1, sizeof(*prev));
        r = survey_load(db, who, in->previous, prev);
        free(prev);
        if (r != RES_OK)
            return r == RES_FAIL ? db_fail(db, err)
                                 : err_set(err, RES_INVALID, "previous", "err.not_found");
    }
    char now[26];
    clock_now(now);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO survey(unit_id, title, scale_code, period_from, period_to, previous_id,"
            " overall_item, threshold, min_group, created) VALUES (?1, ?2, ?3, ?4, ?5,"
            " nullif(?6, 0), nullif(?7, ''), CASE WHEN ?8 >= 0 THEN ?8 END, ?9, ?10)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, in->title);
        db_bind_text(st, 3, in->scale);
        db_bind_text(st, 4, in->from);
        db_bind_text(st, 5, in->to);
        sqlite3_bind_int64(st, 6, in->previous);
        db_bind_text(st, 7, in->overall_item);
        sqlite3_bind_double(st, 8, in->threshold);
        sqlite3_bind_int64(st, 9, in->min_group > 0 ? in->min_group : 1);
        db_bind_text(st, 10, now);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    if (rc != SQLITE_DONE || !write_parts(db, *id, in)) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    if ((r = write_collectors(db, who, *id, &u, in, err)) != RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    char object[32];
    snprintf(object, sizeof(object), "survey:%lld", *id);
    if (audit_record_object(db, who, "survey.create", object,
                            json_pack("{s:s, s:s, s:s, s:I, s:I}", "unit", u.code, "title",
                                      in->title, "scale", in->scale, "items",
                                      (json_int_t)in->n_items, "collectors",
                                      (json_int_t)in->n_collectors)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result survey_create_job(struct db *db, void *arg)
{
    struct survey_create_job *job = arg;
    return survey_create(db, job->who, &job->in, &job->id, &job->err);
}

enum result survey_load(struct db *db, const struct actor *who, long long id, struct survey *s)
{
    memset(s, 0, sizeof(*s));
    sqlite3_stmt *st = db_stmt(
        db, "SELECT v.id, u.code, u.path, v.title, v.state, v.period_from, v.period_to,"
            " coalesce(v.previous_id, 0), coalesce(v.overall_item, ''), coalesce(v.threshold, -1),"
            " v.min_group, v.scale_code, EXISTS (SELECT 1 FROM survey_collector c WHERE"
            " c.survey_id = v.id AND c.weight IS NOT NULL) FROM survey v JOIN unit u"
            " ON u.id = v.unit_id WHERE v.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    char scale[SCALE_CODE_MAX + 1] = "";
    if (rc == SQLITE_ROW) {
        s->id = sqlite3_column_int64(st, 0);
        str_copy(s->unit_code, sizeof(s->unit_code), db_col_text(st, 1));
        str_copy(s->unit_path, sizeof(s->unit_path), db_col_text(st, 2));
        str_copy(s->title, sizeof(s->title), db_col_text(st, 3));
        str_copy(s->state, sizeof(s->state), db_col_text(st, 4));
        str_copy(s->from, sizeof(s->from), db_col_text(st, 5));
        str_copy(s->to, sizeof(s->to), db_col_text(st, 6));
        s->previous = sqlite3_column_int64(st, 7);
        str_copy(s->overall_item, sizeof(s->overall_item), db_col_text(st, 8));
        s->threshold = sqlite3_column_double(st, 9);
        s->min_group = sqlite3_column_int64(st, 10);
        str_copy(scale, sizeof(scale), db_col_text(st, 11));
        s->weighted = sqlite3_column_int(st, 12);
    }
    db_done(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? RES_NOT_FOUND : RES_FAIL;
    /* in sight: the issuer, or a collecting unit inside the actor's scope */
    if (who && !scope_has_path(who, s->unit_path)) {
        char end[UNIT_PATH_MAX];
        path_end(end, who->unit_path);
        st = db_stmt(db, "SELECT 1 FROM survey_collector c JOIN unit u ON u.id = c.unit_id"
                         " WHERE c.survey_id = ?1 AND u.path >= ?2 AND u.path < ?3 LIMIT 1");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, who->unit_path);
        db_bind_text(st, 3, end);
        rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_ROW)
            return rc == SQLITE_DONE ? RES_NOT_FOUND : RES_FAIL;
    }
    if (scale_load(db, scale, &s->scale) != RES_OK)
        return RES_FAIL;
    st = db_stmt(db, "SELECT code, text, choices FROM survey_item WHERE survey_id = ?1"
                     " ORDER BY pos");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW && s->n_items < SURVEY_ITEMS_MAX) {
        struct survey_item *it = &s->items[s->n_items++];
        str_copy(it->code, sizeof(it->code), db_col_text(st, 0));
        str_copy(it->text, sizeof(it->text), db_col_text(st, 1));
        it->choices = sqlite3_column_int(st, 2);
    }
    db_done(st);
    st = db_stmt(db, "SELECT item_code, code FROM survey_option WHERE survey_id = ?1"
                     " ORDER BY item_code, pos");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        for (size_t i = 0; i < s->n_items; i++)
            if (strcmp(s->items[i].code, db_col_text(st, 0)) == 0 &&
                s->items[i].n_options < SURVEY_OPTIONS_MAX)
                str_copy(s->items[i].options[s->items[i].n_options++], SCALE_CODE_MAX + 1,
                         db_col_text(st, 1));
    db_done(st);
    st = db_stmt(db, "SELECT code, name FROM survey_kind WHERE survey_id = ?1 ORDER BY pos");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW && s->n_kinds < SURVEY_KINDS_MAX) {
        str_copy(s->kinds[s->n_kinds], SCALE_CODE_MAX + 1, db_col_text(st, 0));
        str_copy(s->kind_names[s->n_kinds++], SCALE_NAME_MAX * 4 + 1, db_col_text(st, 1));
    }
    db_done(st);
    return RES_OK;
}

enum result survey_load_for(struct db *db, const struct actor *who, long long id, struct survey *s,
                            struct err *err)
{
    enum result r = survey_load(db, who, id, s);
    if (r == RES_FAIL)
        return db_fail(db, err);
    return r == RES_OK ? RES_OK : err_set(err, RES_NOT_FOUND, "survey", "err.not_found");
}

/* Loads survey id for a step of its issuer's admins. */
static enum result load_issued(struct db *db, const struct actor *who, long long id,
                               struct survey *s, struct err *err)
{
    enum result r = survey_load_for(db, who, id, s, err);
    return r == RES_OK ? scope_check(who, s->unit_path, PERM_UNIT_WRITE, err) : r;
}

/* Moves survey id from state from to state to, as its issuer's admins, with the statements
 * that go with the step (NULL-terminated, ?1 the survey) and then more (when not NULL, 1 when
 * it went in). */
static enum result step(struct db *db, const struct actor *who, long long id, const char *from,
                        const char *to, const char *const *sql,
                        int (*more)(struct db *db, long long id), struct err *err)
{
    struct survey *s = xcalloc(1, sizeof(*s));
    enum result r = load_issued(db, who, id, s, err);
    if (r == RES_OK && strcmp(s->state, from) != 0)
        r = err_set(err, RES_CONFLICT, "state", "err.survey_state");
    free(s);
    if (r != RES_OK)
        return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    char object[32], action[32];
    snprintf(object, sizeof(object), "survey:%lld", id);
    snprintf(action, sizeof(action), "survey.%s", to);
    int ok = run(db, "UPDATE survey SET state = ?2 WHERE id = ?1", id, to, NULL, 0, 0);
    for (size_t k = 0; ok && sql[k]; k++)
        ok = run(db, sql[k], id, NULL, NULL, 0, 0);
    if (ok && more)
        ok = more(db, id);
    if (!ok ||
        audit_record_object(db, who, action, object, json_pack("{s:s}", "state", to)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

/* Makes the total rows of survey id: for every unit from each collecting unit up to the
 * issuer, its counters' kinds, items and grades. */
static int make_totals(struct db *db, long long id)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT u.id, u.path, iu.path FROM survey_collector c JOIN unit u"
                    " ON u.id = c.unit_id JOIN survey v ON v.id = c.survey_id"
                    " JOIN unit iu ON iu.id = v.unit_id WHERE c.survey_id = ?1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    struct pair {
        long long collector, unit;
    } *pairs = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        /* the collector's ancestors from the issuer (the last of the issuer's own path) down */
        long long ids[UNIT_PATH_MAX / 2], above[UNIT_PATH_MAX / 2];
        int depth = path_ids(db_col_text(st, 1), ids, UNIT_PATH_MAX / 2);
        int top = path_ids(db_col_text(st, 2), above, UNIT_PATH_MAX / 2) - 1;
        for (int k = top < 0 ? 0 : top; k < depth; k++) {
            pairs = vec_grow(pairs, n, &cap);
            pairs[n++] = (struct pair){ sqlite3_column_int64(st, 0), ids[k] };
        }
    }
    db_done(st);
    int ok = 1;
    for (size_t i = 0; ok && i < n; i++)
        ok = run(db,
                 "INSERT OR IGNORE INTO survey_total(survey_id, unit_id, kind_code, item_code,"
                 " grade_code) SELECT survey_id, ?5, kind_code, item_code, grade_code"
                 " FROM survey_count WHERE survey_id = ?1 AND unit_id = ?4",
                 id, NULL, NULL, pairs[i].collector, pairs[i].unit) &&
             run(db,
                 "INSERT OR IGNORE INTO survey_total_sheets(survey_id, unit_id, kind_code)"
                 " SELECT survey_id, ?5, kind_code FROM survey_sheets WHERE survey_id = ?1"
                 " AND unit_id = ?4",
                 id, NULL, NULL, pairs[i].collector, pairs[i].unit);
    free(pairs);
    return ok;
}

enum result survey_open(struct db *db, const struct actor *who, long long id, struct err *err)
{
    /* every counter made now: an answer only adds to one */
    static const char *const counters[] = {
        "INSERT INTO survey_sheets(survey_id, unit_id, kind_code) SELECT c.survey_id,"
        " c.unit_id, k.code FROM survey_collector c JOIN survey_kind k"
        " ON k.survey_id = c.survey_id WHERE c.survey_id = ?1",
        "INSERT INTO survey_count(survey_id, unit_id, kind_code, item_code, grade_code)"
        " SELECT c.survey_id, c.unit_id, k.code, i.code, g.code FROM survey_collector c"
        " JOIN survey_kind k ON k.survey_id = c.survey_id JOIN survey_item i"
        " ON i.survey_id = c.survey_id JOIN (SELECT o.item_code AS item, o.code FROM"
        " survey_option o WHERE o.survey_id = ?1 UNION ALL SELECT i2.code, g.code FROM"
        " survey_item i2 JOIN survey v ON v.id = i2.survey_id JOIN scale_grade g"
        " ON g.scale_code = v.scale_code WHERE i2.survey_id = ?1 AND i2.choices = 0) g"
        " ON g.item = i.code WHERE c.survey_id = ?1",
        NULL,
    };
    return step(db, who, id, "draft", "open", counters, make_totals, err);
}

enum result survey_close(struct db *db, const struct actor *who, long long id, struct err *err)
{
    /* the answer sheets counted in the reports' roll-up, at each collecting unit on the last
     * day of the survey's period (registry.c rebuilds them alike) */
    static const char *const count[] = {
        "INSERT INTO registry_tally(unit_id, key, day, n) SELECT a.id, 'survey.respondents',"
        " x.day, sum(x.n) FROM (SELECT h.unit_id, d.day, sum(h.forms + h.answered) AS n"
        " FROM survey_sheets h JOIN survey v ON v.id = h.survey_id, (SELECT v2.period_to AS"
        " day FROM survey v2 WHERE v2.id = ?1 UNION ALL SELECT 'm' || substr(v3.period_to, 1,"
        " 7) FROM survey v3 WHERE v3.id = ?1 UNION ALL SELECT '*') d WHERE h.survey_id = ?1"
        " GROUP BY h.unit_id, d.day) x JOIN unit cu ON cu.id = x.unit_id JOIN unit a"
        " ON substr(cu.path, 1, length(a.path)) = a.path WHERE x.n > 0 GROUP BY a.id, x.day"
        " ON CONFLICT(unit_id, key, day) DO UPDATE SET n = n + excluded.n",
        NULL,
    };
    return step(db, who, id, "open", "closed", count, NULL, err);
}

enum result survey_open_job(struct db *db, void *arg)
{
    struct survey_step_job *job = arg;
    return survey_open(db, job->who, job->id, &job->err);
}

enum result survey_close_job(struct db *db, void *arg)
{
    struct survey_step_job *job = arg;
    return survey_close(db, job->who, job->id, &job->err);
}

/* The item of code in s, or NULL. */
static const struct survey_item *item_of(const struct survey *s, const char *code)
{
    for (size_t i = 0; code && i < s->n_items; i++)
        if (strcmp(s->items[i].code, code) == 0)
            return &s->items[i];
    return NULL;
}

/* 1 if code is one of item's options (a choices item) or a grade of the scale. */
static int mark_known(const struct survey *s, const struct survey_item *it, const char *code)
{
    if (!it->choices)
        return scale_grade_at(&s->scale, code) >= 0;
    for (size_t o = 0; code && o < it->n_options; o++)
        if (strcmp(it->options[o], code) == 0)
            return 1;
    return 0;
}

/* Checks marks against the survey: known items, grades and options, no count below zero, and
 * per graded item no more than forms answers, per option no more than forms ticks. */
static enum result check_marks(const struct survey *s, const struct survey_mark *marks, size_t n,
                               long long forms, struct err *err)
{
    long long per_item[SURVEY_ITEMS_MAX] = { 0 };
    for (size_t m = 0; m < n; m++) {
        const struct survey_item *it = item_of(s, marks[m].item);
        if (!it)
            return err_set(err, RES_INVALID, marks[m].item ? marks[m].item : "items",
                           "err.not_found");
        if (!mark_known(s, it, marks[m].code))
            return err_set(err, RES_INVALID, marks[m].item, "err.bad_enum");
        if (marks[m].n < 0)
            return err_setf(err, RES_INVALID, marks[m].item, "err.range", ">= 0");
        if (it->choices ? marks[m].n > forms : (per_item[it - s->items] += marks[m].n) > forms)
            return err_set(err, RES_INVALID, marks[m].item, "err.over_forms");
    }
    return RES_OK;
}

/* The id of the collecting unit code of survey id, when in the actor's scope for writing. */
static enum result collector_for_write(struct db *db, const struct actor *who, long long id,
                                       const char *code, long long *unit_id, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, code, &u, err);
    if (r != RES_OK || (r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM survey_collector WHERE survey_id = ?1"
                                   " AND unit_id = ?2");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, u.id);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_ROW)
        return err_set(err, RES_INVALID, "unit", "err.not_found");
    *unit_id = u.id;
    return RES_OK;
}

/* 1 if kind is one of the survey's. */
static int kind_known(const struct survey *s, const char *kind)
{
    for (size_t k = 0; kind && k < s->n_kinds; k++)
        if (strcmp(s->kinds[k], kind) == 0)
            return 1;
    return 0;
}

/* Loads survey id into s for a write at its collecting unit code (into *unit_id) for a known
 * kind. */
static enum result load_for_unit(struct db *db, const struct actor *who, long long id,
                                 const char *unit, const char *kind, struct survey *s,
                                 long long *unit_id, struct err *err)
{
    enum result r = survey_load_for(db, who, id, s, err);
    if (r != RES_OK || (r = collector_for_write(db, who, id, unit, unit_id, err)) != RES_OK)
        return r;
    if (!kind_known(s, kind))
        return err_set(err, RES_INVALID, "kind", kind ? "err.not_found" : "err.required");
    return RES_OK;
}

/* Adds n (tallied when tallied is set, else answered) to the counter of unit, kind and mark. */
/* Adds delta to the totals of kind, item and grade (or, with item NULL, to the sheets of kind)
 * of every unit from the collecting unit at path up to the issuer (the rows above it do not
 * exist). */
static int add_up(struct db *db, long long id, const char *path, const char *kind, const char *item,
                  const char *grade, long long delta)
{
    long long ids[UNIT_PATH_MAX / 2];
    int depth = path_ids(path, ids, UNIT_PATH_MAX / 2);
    for (int k = 0; k < depth; k++) {
        sqlite3_stmt *st = db_stmt(
            db, item ? "UPDATE survey_total SET n = n + ?6 WHERE survey_id = ?1 AND unit_id = ?2"
                       " AND kind_code = ?3 AND item_code = ?4 AND grade_code = ?5"
                     : "UPDATE survey_total_sheets SET n = n + ?6 WHERE survey_id = ?1"
                       " AND unit_id = ?2 AND kind_code = ?3");
        if (!st)
            return 0;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, ids[k]);
        db_bind_text(st, 3, kind);
        if (item) {
            db_bind_text(st, 4, item);
            db_bind_text(st, 5, grade);
        }
        sqlite3_bind_int64(st, 6, delta);
        int rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return 0;
    }
    return 1;
}

/* The path of unit id into path (UNIT_PATH_MAX); 1 when found. */
static int path_of(struct db *db, long long unit, char *path)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT path FROM unit WHERE id = ?1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, unit);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        snprintf(path, UNIT_PATH_MAX, "%s", db_col_text(st, 0));
    db_done(st);
    return found;
}

static int add_count(struct db *db, long long id, long long unit, const char *path,
                     const char *kind, const struct survey_mark *m, int tallied)
{
    sqlite3_stmt *st = db_stmt(
        db, tallied ? "UPDATE survey_count SET tallied = tallied + ?6 WHERE survey_id = ?1 AND"
                      " unit_id = ?2 AND kind_code = ?3 AND item_code = ?4 AND grade_code = ?5"
                    : "UPDATE survey_count SET answered = answered + ?6 WHERE survey_id = ?1 AND"
                      " unit_id = ?2 AND kind_code = ?3 AND item_code = ?4 AND grade_code = ?5");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, unit);
    db_bind_text(st, 3, kind);
    db_bind_text(st, 4, m->item);
    db_bind_text(st, 5, m->code);
    sqlite3_bind_int64(st, 6, m->n);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE && sqlite3_changes(db->h) == 1 &&
           add_up(db, id, path, kind, m->item, m->code, m->n);
}

enum result survey_tally(struct db *db, const struct actor *who, long long id, const char *unit,
                         const char *kind, long long forms, const struct survey_mark *marks,
                         size_t n, struct err *err)
{
    struct survey *s = xcalloc(1, sizeof(*s));
    long long unit_id = 0;
    enum result r = load_for_unit(db, who, id, unit, kind, s, &unit_id, err);
    if (r != RES_OK)
        ;
    else if (forms < 0)
        r = err_setf(err, RES_INVALID, "forms", "err.range", ">= 0");
    else if ((r = check_marks(s, marks, n, forms, err)) != RES_OK)
        ;
    else if (strcmp(s->state, "open") != 0)
        r = err_set(err, RES_CONFLICT, "state", "err.survey_state");
    free(s);
    if (r != RES_OK)
        return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    /* the unit's tally for the kind replaced whole: taken out of the totals above it first */
    char path[UNIT_PATH_MAX];
    long long ids[UNIT_PATH_MAX / 2];
    int ok = path_of(db, unit_id, path), depth = path_ids(path, ids, UNIT_PATH_MAX / 2);
    for (int k = 0; ok && k < depth; k++)
        ok = run(db,
                 "UPDATE survey_total AS t SET n = t.n - c.tallied FROM survey_count c"
                 " WHERE c.survey_id = ?1 AND c.unit_id = ?4 AND c.kind_code = ?2"
                 " AND c.tallied > 0 AND t.survey_id = ?1 AND t.unit_id = ?5"
                 " AND t.kind_code = ?2 AND t.item_code = c.item_code"
                 " AND t.grade_code = c.grade_code",
                 id, kind, NULL, unit_id, ids[k]);
    long long old_forms = 0;
    sqlite3_stmt *st = ok ? db_stmt(db, "SELECT forms FROM survey_sheets WHERE survey_id = ?1"
                                        " AND unit_id = ?2 AND kind_code = ?3")
                          : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, unit_id);
        db_bind_text(st, 3, kind);
        old_forms = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        db_done(st);
    }
    ok = ok && add_up(db, id, path, kind, NULL, NULL, forms - old_forms);
    ok = ok && run(db,
                   "UPDATE survey_count SET tallied = 0 WHERE survey_id = ?1 AND unit_id = ?4"
                   " AND kind_code = ?2",
                   id, kind, NULL, unit_id, 0);
    json_t *counts = json_object();
    for (size_t m = 0; ok && m < n; m++) {
        ok = add_count(db, id, unit_id, path, kind, &marks[m], 1);
        json_t *item = json_object_get(counts, marks[m].item);
        if (!item)
            json_object_set_new(counts, marks[m].item, item = json_object());
        json_object_set_new(item, marks[m].code, json_integer(marks[m].n));
    }
    ok = ok && run(db,
                   "UPDATE survey_sheets SET forms = ?5 WHERE survey_id = ?1 AND unit_id = ?4"
                   " AND kind_code = ?2",
                   id, kind, NULL, unit_id, forms);
    char object[32];
    snprintf(object, sizeof(object), "survey:%lld", id);
    if (!ok ||
        audit_record_object(db, who, "survey.tally", object,
                            json_pack("{s:s, s:s, s:I, s:o}", "unit", unit, "kind", kind, "forms",
                                      (json_int_t)forms, "items", counts)) != RES_OK) {
        if (!ok)
            json_decref(counts);
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result survey_tally_job(struct db *db, void *arg)
{
    struct survey_tally_job *job = arg;
    return survey_tally(db, job->who, job->id, job->unit, job->kind, job->forms, job->marks, job->n,
                        &job->err);
}

/* The nearest collecting unit of survey id at or above the unit at path, 0 for none. */
static long long collector_above(struct db *db, long long id, const char *path)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT c.unit_id FROM survey_collector c JOIN unit u"
                                   " ON u.id = c.unit_id WHERE c.survey_id = ?1"
                                   " AND substr(?2, 1, length(u.path)) = u.path"
                                   " ORDER BY length(u.path) DESC LIMIT 1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, path);
    long long unit = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    return unit;
}

/* The sheet of an answer: where it counts and as which kind; claims the paper code or the
 * account's one sheet. */
static enum result claim(struct db *db, const struct actor *who, long long id, const char *code,
                         const char *web_kind, char **kind, long long *unit, struct err *err)
{
    if (!who) {
        sqlite3_stmt *st = db_stmt(db, "SELECT unit_id, kind_code, used FROM survey_code"
                                       " WHERE code = ?1 AND survey_id = ?2");
        if (!st)
            return db_fail(db, err);
        db_bind_text(st, 1, code);
        sqlite3_bind_int64(st, 2, id);
        enum result r = err_set(err, RES_NOT_FOUND, "code", "err.code_unknown");
        if (sqlite3_step(st) == SQLITE_ROW) {
            *unit = sqlite3_column_int64(st, 0);
            free(*kind);
            *kind = xstrdup(db_col_text(st, 1));
            r = sqlite3_column_int(st, 2) ? err_set(err, RES_CONFLICT, "code", "err.code_used")
                                          : RES_OK;
        }
        db_done(st);
        if (r != RES_OK)
            return r;
        return run(db, "UPDATE survey_code SET used = 1 WHERE code = ?2 AND survey_id = ?1", id,
                   code, NULL, 0, 0)
                   ? RES_OK
                   : db_fail(db, err);
    }
    free(*kind);
    *kind = xstrdup(web_kind ? web_kind : "");
    struct unit own;
    if (unit_get_id(db, who, who->unit_id, &own) != RES_OK ||
        !(*unit = collector_above(db, id, own.path)))
        return err_set(err, RES_NOT_FOUND, "survey", "err.not_found");
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO survey_respondent(survey_id, account_id)"
                                   " VALUES (?1, ?2) ON CONFLICT DO NOTHING");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, who->account_id);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err);
    return sqlite3_changes(db->h) == 1 ? RES_OK : err_set(err, RES_CONFLICT, "survey", "err.voted");
}

enum result survey_answer(struct db *db, const struct actor *who, long long id, const char *kind,
                          const char *code, const struct survey_mark *marks, size_t n,
                          struct err *err)
{
    struct survey *s = xcalloc(1, sizeof(*s));
    enum result r = survey_load_for(db, who, id, s, err);
    if (r == RES_OK && strcmp(s->state, "open") != 0)
        r = err_set(err, RES_CONFLICT, "state", "err.survey_state");
    /* one grade per graded item, each option once */
    for (size_t m = 0; r == RES_OK && m < n; m++)
        for (size_t k = 0; k < m && r == RES_OK; k++)
            if (strcmp(marks[k].item, marks[m].item) == 0 &&
                (!item_of(s, marks[m].item) || !item_of(s, marks[m].item)->choices ||
                 strcmp(marks[k].code, marks[m].code) == 0))
                r = err_set(err, RES_INVALID, marks[m].item, "err.duplicate");
    if (r == RES_OK)
        r = check_marks(s, marks, n, 1, err);
    if (r != RES_OK) {
        free(s);
        return r;
    }
    if (db_tx_begin(db) != RES_OK) {
        free(s);
        return db_fail(db, err);
    }
    char *sheet_kind = NULL;
    long long unit = 0;
    r = claim(db, who, id, code, kind, &sheet_kind, &unit, err);
    if (r == RES_OK && !kind_known(s, sheet_kind))
        r = err_set(err, RES_INVALID, "kind",
                    sheet_kind && *sheet_kind ? "err.not_found" : "err.required");
    char path[UNIT_PATH_MAX];
    int ok = r == RES_OK && path_of(db, unit, path);
    for (size_t m = 0; ok && m < n; m++) {
        struct survey_mark one = marks[m];
        one.n = 1;
        ok = add_count(db, id, unit, path, sheet_kind, &one, 0);
    }
    if (ok)
        ok = run(db,
                 "UPDATE survey_sheets SET answered = answered + 1 WHERE survey_id = ?1"
                 " AND unit_id = ?4 AND kind_code = ?2",
                 id, sheet_kind, NULL, unit, 0) &&
             add_up(db, id, path, sheet_kind, NULL, NULL, 1);
    free(sheet_kind);
    free(s);
    if (!ok) {
        db_tx_rollback(db);
        return r != RES_OK ? r : db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result survey_answer_job(struct db *db, void *arg)
{
    struct survey_answer_job *job = arg;
    return survey_answer(db, job->who, job->id, job->kind, job->code, job->marks, job->n,
                         &job->err);
}

enum result survey_codes(struct db *db, const struct actor *who, long long id, const char *unit,
                         const char *kind, long long count, char *codes, struct err *err)
{
    struct survey *s = xcalloc(1, sizeof(*s));
    long long unit_id = 0;
    enum result r = load_for_unit(db, who, id, unit, kind, s, &unit_id, err);
    if (r != RES_OK)
        ;
    else if (count < 1 || count > SURVEY_CODES_MAX)
        r = err_setf(err, RES_INVALID, "count", "err.range", "1-%d", SURVEY_CODES_MAX);
    else if (strcmp(s->state, "closed") == 0)
        r = err_set(err, RES_CONFLICT, "state", "err.survey_state");
    free(s);
    if (r != RES_OK)
        return r;
    /* no 0/O, 1/I/L: read off paper */
    static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    int ok = 1;
    for (long long c = 0; ok && c < count; c++) {
        char *code = codes + c * (SURVEY_CODE_LEN + 1);
        for (int k = 0; k < SURVEY_CODE_LEN; k++)
            code[k] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
        code[SURVEY_CODE_LEN] = '\0';
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO survey_code(code, survey_id, unit_id,"
                                       " kind_code) VALUES (?1, ?2, ?3, ?4)");
        if (!st) {
            ok = 0;
            break;
        }
        db_bind_text(st, 1, code);
        sqlite3_bind_int64(st, 2, id);
        sqlite3_bind_int64(st, 3, unit_id);
        db_bind_text(st, 4, kind);
        int rc = sqlite3_step(st);
        db_done(st);
        if (rc == SQLITE_CONSTRAINT)
            c--; /* the same code drawn twice: draw again */
        else
            ok = rc == SQLITE_DONE;
    }
    char object[32];
    snprintf(object, sizeof(object), "survey:%lld", id);
    if (!ok || audit_record_object(db, who, "survey.codes", object,
                                   json_pack("{s:s, s:s, s:I}", "unit", unit, "kind", kind, "count",
                                             (json_int_t)count)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result survey_codes_job(struct db *db, void *arg)
{
    struct survey_codes_job *job = arg;
    return survey_codes(db, job->who, job->id, job->unit, job->kind, job->count, job->codes,
                        &job->err);
}

enum result survey_code_check(struct db *db, long long id, const char *code, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT c.used OR v.state <> 'open' FROM survey_code c"
                                   " JOIN survey v ON v.id = c.survey_id WHERE c.code = ?1"
                                   " AND c.survey_id = ?2");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, code ? code : "");
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    int spent = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    db_done(st);
    if (rc != SQLITE_ROW)
        return err_set(err, RES_NOT_FOUND, "code", "err.code_unknown");
    return spent ? err_set(err, RES_CONFLICT, "code", "err.code_used") : RES_OK;
}

enum result survey_options(struct db *db, long long id, const char *item,
                           void (*fn)(void *ctx, const char *code, const char *text), void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT code, text FROM survey_option WHERE survey_id = ?1"
                                   " AND item_code = ?2 ORDER BY pos");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, item);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1));
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result survey_tally_get(struct db *db, const struct actor *who, long long id, const char *unit,
                             const char *kind, long long *forms,
                             void (*fn)(void *ctx, const char *item, const char *code, long long n),
                             void *ctx, struct err *err)
{
    struct survey *s = xcalloc(1, sizeof(*s));
    long long unit_id = 0;
    enum result r = load_for_unit(db, who, id, unit, kind, s, &unit_id, err);
    free(s);
    if (r != RES_OK)
        return r;
    *forms = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT forms FROM survey_sheets WHERE survey_id = ?1"
                                   " AND unit_id = ?2 AND kind_code = ?3");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, unit_id);
    db_bind_text(st, 3, kind);
    if (sqlite3_step(st) == SQLITE_ROW)
        *forms = sqlite3_column_int64(st, 0);
    db_done(st);
    st = db_stmt(db, "SELECT item_code, grade_code, tallied FROM survey_count WHERE"
                     " survey_id = ?1 AND unit_id = ?2 AND kind_code = ?3 AND tallied > 0");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, unit_id);
    db_bind_text(st, 3, kind);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_int64(st, 2));
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : db_fail(db, err);
}
