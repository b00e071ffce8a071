/*
 * The rectification ledger (整改台帐; mechanism model, DESIGN.md mechanism 4, speech.txt
 * "整改台帐"): problems found (from opinions or by self-examination) and their measures, open →
 * in progress → implemented → verified by the level above, with the roll-up counts kept in the
 * same write. Owns problem, problem_opinion and measure. No http types.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "auth/outbox.h"
#include "core/clock.h"
#include "core/str.h"
#include "opinion/opinion_int.h"
#include "opinion/rectification.h"
#include "unit/unit.h"

static const char PROBLEM_OWNER[] =
    "SELECT u.path, u.id FROM problem p JOIN unit u ON u.id = p.unit_id WHERE p.id = ?1";
static const char MEASURE_OWNER[] =
    "SELECT u.path, u.id FROM measure m JOIN unit u ON u.id = m.unit_id WHERE m.id = ?1";

enum result problem_add(struct db *db, const struct actor *who, const struct problem_input *in,
                        long long *id, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, OPINION_CONTACT_MAX * 2, 0);
    if (r == RES_OK)
        r = check_area(in->area, 1, err);
    if (r != RES_OK)
        return r;
    struct unit u;
    if ((r = unit_get(db, who, in->unit, &u, err)) != RES_OK)
        return r;
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    char path[UNIT_PATH_MAX];
    for (size_t i = 0; i < in->n_opinions; i++)
        if (owner_path(db, OPINION_OWNER, in->opinions[i], path, NULL) != RES_OK ||
            !scope_has_path(who, path))
            return err_setf(err, RES_INVALID, "opinions", "err.not_found", "%lld", in->opinions[i]);
    char today[11];
    clock_today(today);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO problem(unit_id, title, area, source, day)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, in->title);
        db_bind_text(st, 3, in->area);
        db_bind_text(st, 4, in->n_opinions ? "opinion" : "self");
        db_bind_text(st, 5, today);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    json_t *ids = json_array();
    for (size_t i = 0; i < in->n_opinions && rc == SQLITE_DONE; i++) {
        st = db_stmt(db, "INSERT OR IGNORE INTO problem_opinion(problem_id, opinion_id)"
                         " VALUES (?1, ?2)");
        rc = SQLITE_ERROR;
        if (st) {
            sqlite3_bind_int64(st, 1, *id);
            sqlite3_bind_int64(st, 2, in->opinions[i]);
            rc = sqlite3_step(st);
            db_done(st);
        }
        json_array_append_new(ids, json_integer(in->opinions[i]));
    }
    if (rc != SQLITE_DONE || index_text(db, "problem", *id, u.id, in->title, 0) != RES_OK ||
        tally_measure(db, u.path, today, 1, 0, 0, 0, 0) != RES_OK ||
        audit_record(db, who, "problem.add", "problem", *id,
                     json_pack("{s:s, s:s, s:s, s:o}", "unit", u.code, "title", in->title, "area",
                               in->area, "opinions", ids)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

/* The message to a measure's owner that the rectification is theirs (整改交办), for taizhang
 * notify; inside the caller's transaction. */
static enum result measure_message(struct db *db, const struct measure_input *in)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT unit_id FROM person WHERE id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, in->owner);
    long long unit = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    char text[OUTBOX_DEADLINE_MAX];
    outbox_deadline(text, in->deadline);
    const struct outbox_msg m = { .kind = "measure.assigned",
                                  .unit_id = unit,
                                  .person_id = in->owner,
                                  .title = in->title,
                                  .text = text,
                                  .path = "/problems" };
    return unit ? outbox_put(db, &m) : RES_FAIL;
}

enum result measure_add(struct db *db, const struct actor *who, const struct measure_input *in,
                        long long *id, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, OPINION_CONTACT_MAX * 2, 0);
    if (r != RES_OK)
        return r;
    if (!in->owner)
        return err_set(err, RES_INVALID, "owner", "err.required");
    if (!in->deadline || !date_valid(in->deadline))
        return err_set(err, RES_INVALID, "deadline", "err.bad_date");
    char path[UNIT_PATH_MAX];
    long long unit_id;
    if ((r = writable(db, who, PROBLEM_OWNER, in->problem, "problem", path, &unit_id, err)))
        return r;
    char owner_path_text[UNIT_PATH_MAX];
    if (owner_path(db,
                   "SELECT u.path, u.id FROM person p JOIN unit u ON u.id = p.unit_id"
                   " WHERE p.id = ?1 AND p.active = 1",
                   in->owner, owner_path_text, NULL) != RES_OK ||
        !scope_has_path(who, owner_path_text))
        return err_set(err, RES_INVALID, "owner", "err.not_found");
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO measure(problem_id, unit_id, title, owner_id,"
                                   " deadline, state, public) VALUES (?1, ?2, ?3, ?4, ?5, 'open',"
                                   " ?6)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, in->problem);
        sqlite3_bind_int64(st, 2, unit_id);
        db_bind_text(st, 3, in->title);
        sqlite3_bind_int64(st, 4, in->owner);
        db_bind_text(st, 5, in->deadline);
        sqlite3_bind_int(st, 6, in->public != 0);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    /* the problem's day, and whether it was solved before this measure (its only open one) */
    char day[11] = "", ppath[UNIT_PATH_MAX] = "";
    int was_solved = 0;
    st = rc == SQLITE_DONE
             ? db_stmt(db, "SELECT p.day, u.path, (SELECT count(*) FROM measure m WHERE"
                           " m.problem_id = p.id) >= 2 AND (SELECT count(*) FROM measure m"
                           " WHERE m.problem_id = p.id AND m.state NOT IN ('implemented',"
                           " 'verified')) = 1 FROM problem p JOIN unit u ON u.id = p.unit_id"
                           " WHERE p.id = ?1")
             : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, in->problem);
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(day, sizeof(day), "%s", db_col_text(st, 0));
            snprintf(ppath, sizeof(ppath), "%s", db_col_text(st, 1));
            was_solved = sqlite3_column_int(st, 2);
        }
        db_done(st);
    }
    if (rc != SQLITE_DONE || !*day ||
        index_text(db, "measure", *id, unit_id, in->title, 0) != RES_OK ||
        tally_measure(db, path, day, 0, 1, 0, 0, 0) != RES_OK ||
        (was_solved && tally_measure(db, ppath, day, 0, 0, 0, 0, -1) != RES_OK) ||
        tally_open(db, path, in->deadline, 1) != RES_OK ||
        audit_record(db, who, "measure.add", "measure", *id,
                     json_pack("{s:I, s:s, s:I, s:s}", "problem", (json_int_t)in->problem, "title",
                               in->title, "owner", (json_int_t)in->owner, "deadline",
                               in->deadline)) != RES_OK ||
        measure_message(db, in) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

/* The steps of a measure, for the roll-up counts they change. */
enum measure_stepkind { STEP_STARTED, STEP_IMPLEMENTED, STEP_VERIFIED };

/* Moves a measure to a new state when it is in one of the states allowed. */
static enum result measure_step(struct db *db, const struct actor *who, long long id,
                                const char *sql, const char *evidence, const char *action,
                                enum measure_stepkind kind, struct err *err)
{
    char today[11];
    clock_today(today);
    enum result r = db_tx_begin(db);
    if (r != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, sql);
    int rc = SQLITE_ERROR, changed = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, today);
        if (sqlite3_bind_parameter_count(st) >= 3)
            db_bind_text(st, 3, evidence);
        if (sqlite3_bind_parameter_count(st) >= 4)
            sqlite3_bind_int64(st, 4, who->account_id);
        rc = sqlite3_step(st);
        changed = sqlite3_changes(db->h);
        db_done(st);
    }
    if (rc == SQLITE_DONE && !changed) {
        db_tx_rollback(db);
        return err_set(err, RES_CONFLICT, "state", "err.measure_state");
    }
    /* the roll-up: implemented leaves the open counts; verified counts once more; started
     * stays open */
    int verify = kind == STEP_VERIFIED;
    st = rc == SQLITE_DONE && kind != STEP_STARTED
             ? db_stmt(db, "SELECT u.path, p.day, m.deadline, pu.path, NOT EXISTS (SELECT 1"
                           " FROM measure x WHERE x.problem_id = p.id AND x.state NOT IN"
                           " ('implemented', 'verified')) FROM measure m"
                           " JOIN unit u ON u.id = m.unit_id JOIN problem p"
                           " ON p.id = m.problem_id JOIN unit pu ON pu.id = p.unit_id"
                           " WHERE m.id = ?1")
             : NULL;
    rc = rc == SQLITE_DONE && kind == STEP_STARTED ? SQLITE_DONE : SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *mpath = db_col_text(st, 0), *pday = db_col_text(st, 1);
            /* implementing its last open measure solves the problem */
            int solved = !verify && sqlite3_column_int(st, 4);
            if (tally_measure(db, mpath, pday, 0, 0, !verify, verify, 0) == RES_OK &&
                (verify || tally_open(db, mpath, db_col_text(st, 2), -1) == RES_OK) &&
                (!solved ||
                 tally_measure(db, db_col_text(st, 3), pday, 0, 0, 0, 0, 1) == RES_OK))
                rc = SQLITE_DONE;
        }
        db_done(st);
    }
    if (rc != SQLITE_DONE ||
        audit_record(db, who, action, "measure", id,
                     evidence ? json_pack("{s:s}", "evidence", evidence) : NULL) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result measure_implemented(struct db *db, const struct actor *who, long long id,
                                const char *evidence, struct err *err)
{
    enum result r = err_text(err, "evidence", evidence, 1, OPINION_TEXT_MAX, 1);
    char path[UNIT_PATH_MAX];
    if (r != RES_OK || (r = writable(db, who, MEASURE_OWNER, id, "measure", path, NULL, err)))
        return r;
    return measure_step(db, who, id,
                        "UPDATE measure SET state = 'implemented', implemented_day = ?2,"
                        " evidence = ?3, implemented_by = nullif(?4, 0)"
                        " WHERE id = ?1 AND state IN ('open', 'in_progress')",
                        evidence, "measure.implemented", STEP_IMPLEMENTED, err);
}

enum result measure_start(struct db *db, const struct actor *who, long long id, struct err *err)
{
    char path[UNIT_PATH_MAX];
    enum result r = writable(db, who, MEASURE_OWNER, id, "measure", path, NULL, err);
    if (r != RES_OK)
        return r;
    return measure_step(db, who, id,
                        "UPDATE measure SET state = 'in_progress' WHERE id = ?1 AND state = 'open'",
                        NULL, "measure.start", STEP_STARTED, err);
}

enum result measure_verify(struct db *db, const struct actor *who, long long id, struct err *err)
{
    char path[UNIT_PATH_MAX];
    long long unit_id;
    enum result r = writable(db, who, MEASURE_OWNER, id, "measure", path, &unit_id, err);
    if (r != RES_OK)
        return r;
    /* the level above verifies: the actor's unit must lie strictly above the measure's */
    if (who->unit_id == unit_id || strcmp(who->unit_path, path) == 0)
        return err_set(err, RES_FORBIDDEN, "measure", "err.own_measure");
    return measure_step(db, who, id,
                        "UPDATE measure SET state = 'verified', verified_day = ?2"
                        " WHERE id = ?1 AND state = 'implemented'",
                        NULL, "measure.verify", STEP_VERIFIED, err);
}

#define MEASURE_COLUMNS                                                                            \
    "m.id, m.problem_id, u.code, u.name, m.title, coalesce(pe.name, ''), m.deadline, m.state,"     \
    " m.evidence, coalesce(m.implemented_day, ''), coalesce(m.verified_day, ''), m.public,"        \
    " m.state IN ('open', 'in_progress') AND m.deadline < ?9"
#define MEASURE_JOINS                                                                              \
    " FROM measure m JOIN unit u ON u.id = m.unit_id LEFT JOIN person pe ON pe.id = m.owner_id"

static void measure_from_row(sqlite3_stmt *st, struct measure *m)
{
    m->id = sqlite3_column_int64(st, 0);
    m->problem_id = sqlite3_column_int64(st, 1);
    m->unit_code = db_col_text(st, 2);
    m->unit_name = db_col_text(st, 3);
    m->title = db_col_text(st, 4);
    m->owner_name = db_col_text(st, 5);
    m->deadline = db_col_text(st, 6);
    m->state = db_col_text(st, 7);
    m->evidence = db_col_text(st, 8);
    m->implemented_day = db_col_text(st, 9);
    m->verified_day = db_col_text(st, 10);
    m->public = sqlite3_column_int(st, 11);
    m->overdue = sqlite3_column_int(st, 12);
}

enum result problem_get(struct db *db, const struct actor *who, long long id, struct arena *arena,
                        struct problem *out, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.code, u.name, p.title, p.area, p.source, p.day,"
                                   " u.path FROM problem p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    int found = sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 6));
    if (found)
        *out = (struct problem){
            .id = id,
            .unit_code = arena_strdup(arena, db_col_text(st, 0)),
            .unit_name = arena_strdup(arena, db_col_text(st, 1)),
            .title = arena_strdup(arena, db_col_text(st, 2)),
            .area = arena_strdup(arena, db_col_text(st, 3)),
            .source = arena_strdup(arena, db_col_text(st, 4)),
            .day = arena_strdup(arena, db_col_text(st, 5)),
        };
    db_done(st);
    return found ? RES_OK : err_set(err, RES_NOT_FOUND, "problem", "err.not_found");
}

enum result problem_each(struct db *db, const struct actor *who, const char *unit_code,
                         long long offset, long long limit, long long *total,
                         void (*fp)(void *ctx, const struct problem *p),
                         void (*fm)(void *ctx, const struct measure *m), void *ctx, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit_code, &u, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX], today[11];
    path_end(end, u.path);
    clock_today(today);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.id, u.code, u.name, p.title, p.area, p.source, p.day,"
            " (SELECT count(*) FROM problem_opinion po WHERE po.problem_id = p.id)"
            " FROM problem p JOIN unit u ON u.id = p.unit_id WHERE u.path >= ?1 AND u.path < ?2"
            " ORDER BY p.id DESC LIMIT ?3 OFFSET ?4");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    sqlite3_bind_int64(st, 3, limit);
    sqlite3_bind_int64(st, 4, offset);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct problem p = {
            .id = sqlite3_column_int64(st, 0),
            .unit_code = db_col_text(st, 1),
            .unit_name = db_col_text(st, 2),
            .title = db_col_text(st, 3),
            .area = db_col_text(st, 4),
            .source = db_col_text(st, 5),
            .day = db_col_text(st, 6),
            .n_opinions = sqlite3_column_int64(st, 7),
        };
        fp(ctx, &p);
        if (!fm)
            continue;
        sqlite3_stmt *ms = db_stmt(db, "SELECT " MEASURE_COLUMNS MEASURE_JOINS
                                       " WHERE m.problem_id = ?1 ORDER BY m.id");
        if (!ms)
            break;
        sqlite3_bind_int64(ms, 1, p.id);
        db_bind_text(ms, 9, today);
        struct measure m;
        while (sqlite3_step(ms) == SQLITE_ROW) {
            measure_from_row(ms, &m);
            fm(ctx, &m);
        }
        db_done(ms);
    }
    db_done(st);
    if (!total)
        return RES_OK;
    /* the roll-up counts answer without counting rows */
    st = db_stmt(db, "SELECT coalesce(sum(problems), 0) FROM measure_tally"
                     " WHERE unit_id = ?1 AND day = '*'");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    return RES_OK;
}

enum result measure_public_each(struct db *db, const char *unit_code,
                                void (*fn)(void *ctx, const struct measure *m), void *ctx)
{
    struct actor all;
    actor_system(&all);
    struct unit u;
    if (unit_get(db, &all, unit_code, &u, NULL) != RES_OK)
        return RES_NOT_FOUND;
    char end[UNIT_PATH_MAX], today[11];
    path_end(end, u.path);
    clock_today(today);
    sqlite3_stmt *st = db_stmt(db, "SELECT " MEASURE_COLUMNS MEASURE_JOINS
                                   " WHERE u.path >= ?1 AND u.path < ?2 AND m.public = 1"
                                   " AND m.state IN ('implemented', 'verified')"
                                   " ORDER BY m.implemented_day DESC, m.id DESC LIMIT 500");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, u.path);
    db_bind_text(st, 2, end);
    db_bind_text(st, 9, today);
    struct measure m;
    while (sqlite3_step(st) == SQLITE_ROW) {
        measure_from_row(st, &m);
        fn(ctx, &m);
    }
    db_done(st);
    return RES_OK;
}
