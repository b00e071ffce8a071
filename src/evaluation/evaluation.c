/*
 * Democratic evaluation model; see evaluation.h. Mechanism layer: rules and SQL for
 * evaluation, evaluation_candidate, _group, _voter, _code, _ballot and _grade. The session's
 * life (create, open, close, duty reports) is audited under "evaluation:ID"; a ballot is not,
 * because an audit record names its actor and time: the voted flag is the only trace of a vote.
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
#include "core/file.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "registry/registry.h"
#include "unit/unit.h"

const char eval_grade_letters[EVAL_GRADES_MAX + 1] = "ECBIFGH";

/* The accounts that vote in a session and the group of each: the group with a matching role
 * first, then the one whose voter unit lies deepest. ?1 is the session. */
#define ROSTER_SELECT                                                                              \
    "SELECT account_id, group_id FROM (SELECT a.id AS account_id, (SELECT g.id FROM"               \
    " evaluation_group g JOIN unit gu ON gu.id = g.voter_unit_id WHERE g.eval_id = ?1"             \
    " AND au.path >= gu.path AND au.path < substr(gu.path, 1, length(gu.path) - 1) || '0'"         \
    " AND (g.role IS NULL OR g.role = a.role) AND (g.own_staff = 0 OR au.dept_id = gu.id)"         \
    " ORDER BY g.role IS NULL, length(gu.path) DESC,"                                              \
    " g.id LIMIT 1) AS group_id FROM account a JOIN unit au ON au.id = a.unit_id"                  \
    " WHERE a.disabled = 0) r WHERE group_id IS NOT NULL"

enum result eval_load_access(struct db *db, long long id, struct eval_row_access *a)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path, e.state, e.scale_code FROM evaluation e"
                                   " JOIN unit u ON u.id = e.unit_id WHERE e.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(a->path, sizeof(a->path), "%s", db_col_text(st, 0));
        snprintf(a->state, sizeof(a->state), "%s", db_col_text(st, 1));
        snprintf(a->scale, sizeof(a->scale), "%s", db_col_text(st, 2));
        r = RES_OK;
    }
    db_done(st);
    return r;
}

/* Loads a session the actor organizes (PERM_RECORD_WRITE over the holding unit). */
static enum result load_organized(struct db *db, const struct actor *who, long long id,
                                  struct eval_row_access *a, struct err *err)
{
    enum result r = eval_load_access(db, id, a);
    if (r == RES_NOT_FOUND || (r == RES_OK && !scope_has_path(who, a->path)))
        return err_set(err, RES_NOT_FOUND, "evaluation", "err.not_found");
    if (r != RES_OK)
        return db_fail(db, err);
    return scope_check(who, a->path, PERM_RECORD_WRITE, err);
}

/* Runs a statement with integer parameters and no result rows; RES_OK when it finished. */
static enum result run_ints(struct db *db, const char *sql, long long p1, long long p2,
                            long long p3)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return RES_FAIL;
    int n = sqlite3_bind_parameter_count(st);
    sqlite3_bind_int64(st, 1, p1);
    if (n >= 2)
        sqlite3_bind_int64(st, 2, p2);
    if (n >= 3)
        sqlite3_bind_int64(st, 3, p3);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

/* ---- paper codes ---- */

static const char code_alphabet[] = EVAL_CODE_ALPHABET;

static void code_new(char code[EVAL_CODE_TEXT])
{
    for (int i = 0; i < EVAL_CODE_LEN; i++)
        code[i] = code_alphabet[randombytes_uniform(32)];
    code[EVAL_CODE_LEN] = '\0';
}

int eval_code_canonical(const char *typed, char code[EVAL_CODE_TEXT])
{
    static const char from[] = "OIL";
    static const char to[] = "011";
    size_t n = 0;
    for (const char *p = typed; p && *p; p++) {
        char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        if (c == ' ' || c == '-')
            continue;
        const char *swap = strchr(from, c);
        if (swap)
            c = to[swap - from];
        if (!strchr(code_alphabet, c) || n == EVAL_CODE_LEN)
            return -1;
        code[n++] = c;
    }
    code[n] = '\0';
    return n == EVAL_CODE_LEN ? 0 : -1;
}

/* ---- create ---- */

static enum result check_group(struct db *db, const struct actor *who,
                               const struct eval_group_input *g, long long *unit_id,
                               struct err *err)
{
    enum result r = err_text(err, "groups", g->name, 1, EVAL_NAME_MAX, 0);
    if (r != RES_OK)
        return r;
    if (g->weight < 1 || g->weight > 100)
        return err_setf(err, RES_INVALID, "weight", "err.range", "1-100");
    if (g->n_codes < 0 || g->n_codes > EVAL_CODES_MAX)
        return err_setf(err, RES_INVALID, "paper_codes", "err.range", "0-%d", EVAL_CODES_MAX);
    if (g->role && role_parse(g->role) < 0)
        return err_setf(err, RES_INVALID, "role", "err.bad_enum", "%s",
                        "admin|unit_admin|leader|staff|supervisor|cadre");
    if (g->role && !g->voter_unit) /* the role narrows a voter unit's accounts */
        return err_set(err, RES_INVALID, "role", "err.role_needs_unit");
    *unit_id = 0;
    if (g->voter_unit) {
        struct unit u;
        if (unit_get(db, who, g->voter_unit, &u, NULL) != RES_OK)
            return err_setf(err, RES_INVALID, "voter_unit", "err.not_found", "%s", g->voter_unit);
        *unit_id = u.id;
    }
    return RES_OK;
}

/* Checks the officials: distinct active people of the holding unit's subtree. */
static enum result check_candidates(struct db *db, const struct eval_input *in,
                                    const char *unit_path, struct err *err)
{
    if (in->n_candidates == 0)
        return err_set(err, RES_INVALID, "candidates", "err.required");
    if (in->n_candidates > EVAL_CANDIDATES_MAX)
        return err_setf(err, RES_INVALID, "candidates", "err.too_long", "%d", EVAL_CANDIDATES_MAX);
    for (size_t i = 0; i < in->n_candidates; i++) {
        for (size_t k = 0; k < i; k++)
            if (in->candidates[k] == in->candidates[i])
                return err_setf(err, RES_INVALID, "candidates", "err.dup_person", "%lld",
                                in->candidates[i]);
        sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM person p JOIN unit u"
                                       " ON u.id = p.unit_id WHERE p.id = ?1 AND p.active = 1");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, in->candidates[i]);
        int ok = sqlite3_step(st) == SQLITE_ROW &&
                 strncmp(db_col_text(st, 0), unit_path, strlen(unit_path)) == 0;
        db_done(st);
        if (!ok)
            return err_setf(err, RES_INVALID, "candidates", "err.not_found", "%lld",
                            in->candidates[i]);
    }
    return RES_OK;
}

/* Makes n unique codes for a group. */
static enum result insert_codes(struct db *db, long long eval, long long group, long long n)
{
    for (long long i = 0; i < n;) {
        char code[EVAL_CODE_TEXT];
        code_new(code);
        sqlite3_stmt *st = db_stmt(db, "INSERT OR IGNORE INTO evaluation_code(eval_id, code,"
                                       " group_id) VALUES (?1, ?2, ?3)");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, eval);
        db_bind_text(st, 2, code);
        sqlite3_bind_int64(st, 3, group);
        int rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return RES_FAIL;
        i += sqlite3_changes(db->h); /* a repeated code is drawn again */
    }
    return RES_OK;
}

static enum result insert_session(struct db *db, const struct eval_input *in, const struct unit *u,
                                  const struct eval_group_input *groups, size_t n_groups,
                                  const long long *unit_ids, const struct scale *scale,
                                  const long long *points, long long min_group, long long *id)
{
    char now[26];
    clock_now(now);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO evaluation(unit_id, title, state, min_group,"
                                   " scale_code, grade_points, created, year)"
                                   " VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?8,"
                                   " CASE WHEN ?9 > 0 THEN ?9 ELSE CAST(substr(?8, 1, 4) AS"
                                   " INTEGER) END)");
    if (!st)
        return RES_FAIL;
    json_t *list = json_array();
    for (size_t g = 0; g < scale->n; g++)
        json_array_append_new(list,
                              points[g] == SCALE_NO_POINTS ? json_null() : json_integer(points[g]));
    char *text = json_dumps(list, JSON_COMPACT);
    json_decref(list);
    sqlite3_bind_int64(st, 1, u->id);
    db_bind_text(st, 2, in->title);
    sqlite3_bind_int64(st, 3, min_group);
    db_bind_text(st, 4, scale->code);
    db_bind_text(st, 5, text);
    db_bind_text(st, 8, now);
    sqlite3_bind_int64(st, 9, in->year);
    int rc = sqlite3_step(st);
    free(text);
    db_done(st);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    *id = sqlite3_last_insert_rowid(db->h);
    for (size_t i = 0; i < in->n_candidates; i++)
        if (run_ints(db,
                     "INSERT INTO evaluation_candidate(eval_id, person_id, position)"
                     " VALUES (?1, ?2, ?3)",
                     *id, in->candidates[i], (long long)i) != RES_OK)
            return RES_FAIL;
    /* the ballot lists the officials in surname stroke order (姓氏笔画), as official candidate
     * lists do, whatever order they were named in */
    if (run_ints(db,
                 "UPDATE evaluation_candidate AS c SET position = (SELECT count(*)"
                 " FROM evaluation_candidate o JOIN person op ON op.id = o.person_id,"
                 " person cp WHERE cp.id = c.person_id AND o.eval_id = ?1"
                 " AND (op.name_key < cp.name_key OR (op.name_key IS cp.name_key"
                 " AND o.person_id < c.person_id))) WHERE c.eval_id = ?1",
                 *id, 0, 0) != RES_OK)
        return RES_FAIL;
    for (size_t i = 0; i < n_groups; i++) {
        st = db_stmt(db, "INSERT INTO evaluation_group(eval_id, name, weight, voter_unit_id,"
                         " role, n_codes, own_staff) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, ?6,"
                         " ?7)");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, *id);
        db_bind_text(st, 2, groups[i].name);
        sqlite3_bind_int64(st, 3, groups[i].weight);
        sqlite3_bind_int64(st, 4, unit_ids[i]);
        if (groups[i].role)
            db_bind_text(st, 5, groups[i].role);
        sqlite3_bind_int64(st, 6, groups[i].n_codes);
        sqlite3_bind_int(st, 7, groups[i].own_staff != 0);
        rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            return rc == SQLITE_CONSTRAINT_UNIQUE ? RES_CONFLICT : RES_FAIL;
        if (insert_codes(db, *id, sqlite3_last_insert_rowid(db->h), groups[i].n_codes) != RES_OK)
            return RES_FAIL;
    }
    return RES_OK;
}

enum result eval_create(struct db *db, const struct actor *who, const struct eval_input *in,
                        long long *id, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, EVAL_TITLE_MAX, 0);
    if (r != RES_OK)
        return r;
    if (!in->unit || !*in->unit)
        return err_set(err, RES_INVALID, "unit", "err.required");
    struct unit u;
    if ((r = unit_get(db, who, in->unit, &u, err)) != RES_OK)
        return r;
    if ((r = scope_check(who, u.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    if ((r = check_candidates(db, in, u.path, err)) != RES_OK)
        return r;
    long long min_group = in->min_group ? in->min_group : EVAL_MIN_GROUP;
    if (min_group < 1 || min_group > 1000)
        return err_setf(err, RES_INVALID, "min_group", "err.range", "1-1000");
    if (in->year && (in->year < 2000 || in->year > 2100))
        return err_setf(err, RES_INVALID, "year", "err.range", "2000-2100");
    /* the scale's grades, its points unless the session gives its own for the counted ones */
    struct scale scale;
    r = scale_load(db, in->scale ? in->scale : "evaluation4", &scale);
    int usable = r == RES_OK && scale_usable(&scale, db, u.path);
    long long points[EVAL_GRADES_MAX];
    int points_ok = 1;
    for (size_t g = 0; usable && g < scale.n; g++) {
        int counted = scale.grades[g].points != SCALE_NO_POINTS;
        points[g] = in->points && counted ? in->points[g] : scale.grades[g].points;
        points_ok &= !counted || (points[g] >= 0 && points[g] <= 100);
    }
    if (r == RES_FAIL || !usable || !points_ok) {
        return r == RES_FAIL ? db_fail(db, err)
               : !usable     ? err_set(err, RES_INVALID, "scale", "err.not_found")
                             : err_setf(err, RES_INVALID, "points", "err.range", "0-100");
    }
    /* with groups, the voters are the groups': a session-wide voter unit or paper codes given as
     * well would be left out without a word */
    if (in->n_groups && in->voter_unit && *in->voter_unit)
        return err_set(err, RES_INVALID, "voter_unit", "err.with_groups");
    if (in->n_groups && in->n_codes)
        return err_set(err, RES_INVALID, "paper_codes", "err.with_groups");
    /* by default the organising department's own staff vote, not its whole jurisdiction */
    struct eval_group_input all = { "全体", 100, in->voter_unit, NULL, in->n_codes, 0 };
    struct unit dept;
    if (!in->n_groups && (!in->voter_unit || !*in->voter_unit) &&
        unit_get_id(db, who, u.dept_id, &dept) == RES_OK) {
        all.name = "机关干部";
        all.voter_unit = dept.code;
        all.own_staff = 1;
    }
    const struct eval_group_input *groups = in->n_groups ? in->groups : &all;
    size_t n_groups = in->n_groups ? in->n_groups : 1;
    if (n_groups > EVAL_GROUPS_MAX)
        return err_setf(err, RES_INVALID, "groups", "err.too_long", "%d", EVAL_GROUPS_MAX);
    long long unit_ids[EVAL_GROUPS_MAX], n_codes = 0;
    int has_voters = 0;
    for (size_t i = 0; i < n_groups; i++) {
        if ((r = check_group(db, who, &groups[i], &unit_ids[i], err)) != RES_OK)
            return r;
        for (size_t k = 0; k < i; k++)
            if (strcmp(groups[k].name, groups[i].name) == 0)
                return err_setf(err, RES_INVALID, "groups", "err.duplicate", "%s", groups[i].name);
        n_codes += groups[i].n_codes;
        has_voters |= unit_ids[i] != 0 || groups[i].n_codes > 0;
    }
    if (n_codes > EVAL_CODES_MAX)
        return err_setf(err, RES_INVALID, "paper_codes", "err.range", "0-%d", EVAL_CODES_MAX);
    if (!has_voters)
        return err_set(err, RES_INVALID, "voter_unit", "err.no_voters");
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    r = insert_session(db, in, &u, groups, n_groups, unit_ids, &scale, points, min_group, id);
    if (r == RES_OK) {
        json_t *cands = json_array();
        for (size_t i = 0; i < in->n_candidates; i++)
            json_array_append_new(cands, json_integer(in->candidates[i]));
        r = audit_record(db, who, "evaluation.create", "evaluation", *id,
                         json_pack("{s:s, s:s, s:o, s:I, s:I}", "unit", u.code, "title", in->title,
                                   "candidates", cands, "groups", (json_int_t)n_groups,
                                   "paper_codes", (json_int_t)n_codes));
    }
    if (r != RES_OK) {
        db_tx_rollback(db);
        return r == RES_CONFLICT ? err_set(err, r, NULL, "err.duplicate") : db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

/* ---- open, close, reports ---- */

/* Moves a session from state `from` to `to` with its audit record; sql_first (with the
 * session as ?1) runs first when given. */
static enum result change_state(struct db *db, const struct actor *who, long long id,
                                const char *from, const char *to, const char *sql_first,
                                const char *action, struct err *err)
{
    struct eval_row_access a;
    enum result r = load_organized(db, who, id, &a, err);
    if (r != RES_OK)
        return r;
    if (strcmp(a.state, from) != 0)
        return err_setf(err, RES_CONFLICT, "state", "err.eval_state", "%s", a.state);
    char now[26];
    clock_now(now);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    if (sql_first && run_ints(db, sql_first, id, 0, 0) != RES_OK)
        goto fail;
    sqlite3_stmt *st = db_stmt(db, "UPDATE evaluation SET state = ?2,"
                                   " opened = CASE WHEN ?2 = 'open' THEN ?3 ELSE opened END,"
                                   " closed = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed END"
                                   " WHERE id = ?1");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, to);
    db_bind_text(st, 3, now);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        goto fail;
    long long counts[3] = { 0 };
    static const char *const count_sql[3] = {
        "SELECT (SELECT count(*) FROM evaluation_voter WHERE eval_id = ?1)"
        " + (SELECT count(*) FROM evaluation_code WHERE eval_id = ?1)",
        "SELECT (SELECT count(*) FROM evaluation_voter WHERE eval_id = ?1 AND voted = 1)"
        " + (SELECT count(*) FROM evaluation_code WHERE eval_id = ?1 AND used = 1)",
        "SELECT count(*) FROM evaluation_ballot WHERE eval_id = ?1",
    };
    for (int i = 0; i < 3; i++) {
        st = db_stmt(db, count_sql[i]);
        if (!st)
            goto fail;
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            counts[i] = sqlite3_column_int64(st, 0);
        db_done(st);
    }
    /* a closed session counts in the roll-up, with its ballots, on its closing day: never a
     * ballot's own time */
    char day[11];
    str_copy(day, sizeof(day), now);
    if (strcmp(to, "closed") == 0 &&
        (registry_count(db, a.path, day, "evaluation.sessions", 1) != RES_OK ||
         registry_count(db, a.path, day, "evaluation.ballots", counts[2]) != RES_OK))
        goto fail;
    if (audit_record(db, who, action, "evaluation", id,
                     json_pack("{s:s, s:I, s:I, s:I}", "state", to, "eligible",
                               (json_int_t)counts[0], "voted", (json_int_t)counts[1], "ballots",
                               (json_int_t)counts[2])) != RES_OK)
        goto fail;
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
fail:
    db_tx_rollback(db);
    return db_fail(db, err);
}

enum result eval_open(struct db *db, const struct actor *who, long long id, struct err *err)
{
    return change_state(db, who, id, "draft", "open",
                        "INSERT INTO evaluation_voter(eval_id, account_id, group_id) "
                        "SELECT ?1, account_id, group_id FROM (" ROSTER_SELECT ") x",
                        "evaluation.open", err);
}

enum result eval_close(struct db *db, const struct actor *who, long long id, struct err *err)
{
    return change_state(db, who, id, "open", "closed", NULL, "evaluation.close", err);
}

enum result eval_report_set(struct db *db, const struct actor *who, long long id, long long person,
                            const char *text, const struct attachment_input *file, struct err *err)
{
    enum result r = err_text(err, "report", text, 0, EVAL_REPORT_MAX, 1);
    if (r != RES_OK)
        return r;
    if (file && (r = file_check(file->name, file->type, file->size, TASK_FILE_MAX, err)) != RES_OK)
        return r;
    struct eval_row_access a;
    if ((r = load_organized(db, who, id, &a, err)) != RES_OK)
        return r;
    if (strcmp(a.state, "draft") != 0)
        return err_setf(err, RES_CONFLICT, "state", "err.eval_state", "%s", a.state);
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "UPDATE evaluation_candidate SET report = ?3"
                                   " WHERE eval_id = ?1 AND person_id = ?2");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, person);
        db_bind_text(st, 3, text);
        rc = sqlite3_step(st);
        db_done(st);
    }
    if (rc != SQLITE_DONE || sqlite3_changes(db->h) != 1) {
        db_tx_rollback(db);
        return rc == SQLITE_DONE ? err_set(err, RES_INVALID, "person", "err.not_candidate")
                                 : db_fail(db, err);
    }
    long long file_id;
    if (file && ((r = attachment_clear(db, ATTACH_EVALUATION, id, person, err)) != RES_OK ||
                 (r = attachment_add(db, ATTACH_EVALUATION, id, person, file, TASK_FILE_MAX,
                                     &file_id, err)) != RES_OK)) {
        db_tx_rollback(db);
        return r;
    }
    if (audit_record(db, who, "evaluation.report", "evaluation", id,
                     json_pack("{s:I, s:I, s:s}", "person", (json_int_t)person, "chars",
                               (json_int_t)utf8_chars(text ? text : "", strlen(text ? text : "")),
                               "attachment", file ? file->name : "")) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result eval_create_job(struct db *db, void *arg)
{
    struct eval_create_job *j = arg;
    return eval_create(db, j->who, &j->in, &j->id, &j->err);
}

enum result eval_open_job(struct db *db, void *arg)
{
    struct eval_state_job *j = arg;
    return eval_open(db, j->who, j->id, &j->err);
}

enum result eval_close_job(struct db *db, void *arg)
{
    struct eval_state_job *j = arg;
    return eval_close(db, j->who, j->id, &j->err);
}

enum result eval_report_job(struct db *db, void *arg)
{
    struct eval_report_job *j = arg;
    return eval_report_set(db, j->who, j->id, j->person, j->text, j->file.name ? &j->file : NULL,
                           &j->err);
}

/* ---- reads ---- */

#define EVAL_COLUMNS                                                                               \
    "e.id, u.code, u.name, u.path, e.title, e.state, coalesce(e.opened, ''),"                      \
    " coalesce(e.closed, ''), e.min_group, e.scale_code, e.grade_points, NULL, NULL,"              \
    " e.n_codes, e.n_codes_used, e.n_voters, e.n_voted, e.year"
#define EVAL_JOINS " FROM evaluation e JOIN unit u ON u.id = e.unit_id"

/* Whether the actor's account votes in the session: on the roster once open, or matching a
 * group before. *voted tells whether it has voted. */
static int actor_votes(struct db *db, const struct actor *who, long long id, const char *state,
                       int *voted)
{
    *voted = 0;
    if (!who || !who->account_id)
        return 0;
    sqlite3_stmt *st =
        strcmp(state, "draft") == 0
            ? db_stmt(db, "SELECT 0 FROM (" ROSTER_SELECT ") x WHERE account_id = ?2")
            : db_stmt(db, "SELECT voted FROM evaluation_voter WHERE eval_id = ?1"
                          " AND account_id = ?2");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, who->account_id);
    int on = sqlite3_step(st) == SQLITE_ROW;
    if (on)
        *voted = sqlite3_column_int(st, 0);
    db_done(st);
    return on;
}

/* Fills out from a row of EVAL_COLUMNS and decides visibility; 1 when the actor sees it. */
static int info_from_row(struct db *db, sqlite3_stmt *st, const struct actor *who,
                         struct eval_info *out)
{
    memset(out, 0, sizeof(*out));
    out->id = sqlite3_column_int64(st, 0);
    snprintf(out->unit_code, sizeof(out->unit_code), "%s", db_col_text(st, 1));
    snprintf(out->unit_name, sizeof(out->unit_name), "%s", db_col_text(st, 2));
    const char *path = db_col_text(st, 3);
    snprintf(out->title, sizeof(out->title), "%s", db_col_text(st, 4));
    snprintf(out->state, sizeof(out->state), "%s", db_col_text(st, 5));
    snprintf(out->opened, sizeof(out->opened), "%s", db_col_text(st, 6));
    snprintf(out->closed, sizeof(out->closed), "%s", db_col_text(st, 7));
    out->min_group = sqlite3_column_int64(st, 8);
    /* the scale's grades with the session's points */
    char scale[SCALE_CODE_MAX + 1];
    snprintf(scale, sizeof(scale), "%s", db_col_text(st, 9));
    json_t *points = json_loads(db_col_text(st, 10), 0, NULL);
    for (size_t g = 0; g < EVAL_GRADES_MAX; g++) {
        json_t *p = json_array_get(points, g);
        out->points[g] = json_is_integer(p) ? json_integer_value(p) : SCALE_NO_POINTS;
    }
    json_decref(points);
    out->n_codes = sqlite3_column_int64(st, 13);
    out->voted = sqlite3_column_int64(st, 14) + sqlite3_column_int64(st, 16);
    out->eligible = out->n_codes + sqlite3_column_int64(st, 15);
    out->year = sqlite3_column_int64(st, 17);
    if (scale_load(db, scale, &out->scale) != RES_OK)
        out->scale.n = 0;
    int in_scope = who && scope_has_path(who, path);
    out->organizer = in_scope && role_may(who->role, PERM_RECORD_WRITE);
    out->reader = in_scope;
    out->on_roster = actor_votes(db, who, out->id, out->state, &out->has_voted);
    if (!who)
        return strcmp(out->state, "open") == 0;
    return in_scope || out->on_roster;
}

/* Before open the roster is not fixed: count the accounts that would be on it. */
static void draft_eligible(struct db *db, struct eval_info *e)
{
    if (strcmp(e->state, "draft") != 0)
        return;
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM (" ROSTER_SELECT ") x");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, e->id);
    if (sqlite3_step(st) == SQLITE_ROW)
        e->eligible += sqlite3_column_int64(st, 0);
    db_done(st);
}

enum result eval_get(struct db *db, const struct actor *who, long long id, struct eval_info *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " EVAL_COLUMNS EVAL_JOINS " WHERE e.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    int found = sqlite3_step(st) == SQLITE_ROW;
    int shown = found && info_from_row(db, st, who, out);
    db_done(st);
    if (!shown)
        return RES_NOT_FOUND;
    draft_eligible(db, out);
    return RES_OK;
}

enum result eval_each(struct db *db, const struct actor *who,
                      void (*fn)(void *ctx, const struct eval_info *e), void *ctx)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    /* organized in scope, or voted in: the roster, or a voter unit above the actor's unit */
    sqlite3_stmt *st =
        db_stmt(db, "SELECT " EVAL_COLUMNS EVAL_JOINS " WHERE (u.path >= ?1 AND u.path < ?2)"
                    " OR e.id IN (SELECT eval_id FROM evaluation_voter WHERE account_id = ?3)"
                    " OR (e.state = 'draft' AND e.id IN (SELECT g.eval_id FROM evaluation_group g"
                    " JOIN unit gu ON gu.id = g.voter_unit_id WHERE ?4 >= gu.path"
                    " AND ?4 < substr(gu.path, 1, length(gu.path) - 1) || '0'))"
                    " ORDER BY e.id DESC LIMIT 500");
    if (!st)
        return RES_FAIL;
    char own_path[UNIT_PATH_MAX];
    struct unit own;
    snprintf(own_path, sizeof(own_path), "%s",
             who->unit_id && unit_get_id(db, who, who->unit_id, &own) == RES_OK ? own.path : "");
    db_bind_text(st, 1, who->unit_path);
    db_bind_text(st, 2, end);
    sqlite3_bind_int64(st, 3, who->account_id);
    db_bind_text(st, 4, own_path);
    /* rows are collected first: visibility checks run statements of their own */
    struct eval_info *rows = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows = vec_grow(rows, n, &cap);
        if (info_from_row(db, st, who, &rows[n]))
            n++;
    }
    db_done(st);
    for (size_t i = 0; i < n; i++) {
        draft_eligible(db, &rows[i]);
        fn(ctx, &rows[i]);
    }
    free(rows);
    return RES_OK;
}

enum result eval_candidates(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const struct eval_candidate *c), void *ctx)
{
    struct eval_info e;
    enum result r = eval_get(db, who, id, &e);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT c.person_id, p.name, p.position, u.name, c.report,"
                                   " coalesce((SELECT a.name FROM attachment a WHERE"
                                   " a.owner = 'evaluation' AND a.owner_id = c.eval_id AND"
                                   " a.part_id = c.person_id), '') FROM evaluation_candidate c"
                                   " JOIN person p ON p.id = c.person_id JOIN unit u"
                                   " ON u.id = p.unit_id WHERE c.eval_id = ?1 ORDER BY c.position");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct eval_candidate c = {
            .person = sqlite3_column_int64(st, 0),
            .name = db_col_text(st, 1),
            .position = db_col_text(st, 2),
            .unit_name = db_col_text(st, 3),
            .report = db_col_text(st, 4),
            .file_name = db_col_text(st, 5),
        };
        task_duty_stats(db, c.person, e.year, &c.tasks);
        fn(ctx, &c);
    }
    db_done(st);
    return RES_OK;
}

/* Keeps the id of the last file listed (ctx a long long): a duty report has one. */
static void last_file(void *ctx, long long id, const char *name, const char *type, long long size)
{
    (void)name;
    (void)type;
    (void)size;
    *(long long *)ctx = id;
}

enum result eval_report_file(struct db *db, const struct actor *who, long long id, long long person,
                             void (*fn)(void *ctx, const char *name, const char *type,
                                        const void *data, size_t size),
                             void *ctx)
{
    struct eval_info e;
    enum result r = eval_get(db, who, id, &e);
    if (r != RES_OK)
        return r;
    long long file_id = 0;
    if (attachment_each(db, ATTACH_EVALUATION, id, person, last_file, &file_id) != RES_OK)
        return RES_FAIL;
    return file_id ? attachment_read(db, ATTACH_EVALUATION, file_id, fn, ctx) : RES_NOT_FOUND;
}

enum result eval_groups(struct db *db, const struct actor *who, long long id,
                        void (*fn)(void *ctx, const struct eval_group_info *g), void *ctx)
{
    struct eval_info e;
    enum result r = eval_get(db, who, id, &e);
    if (r != RES_OK || !e.organizer)
        return r == RES_OK ? RES_NOT_FOUND : r;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT g.id, g.name, g.weight, coalesce(u.code, ''), coalesce(g.role, ''),"
            " g.n_codes + g.n_voters, g.n_codes_used + g.n_voted"
            " FROM evaluation_group g LEFT JOIN unit u ON u.id = g.voter_unit_id"
            " WHERE g.eval_id = ?1 ORDER BY g.id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct eval_group_info g = {
            .id = sqlite3_column_int64(st, 0),
            .name = db_col_text(st, 1),
            .weight = sqlite3_column_int64(st, 2),
            .unit = db_col_text(st, 3),
            .role = db_col_text(st, 4),
            .eligible = sqlite3_column_int64(st, 5),
            .voted = sqlite3_column_int64(st, 6),
        };
        fn(ctx, &g);
    }
    db_done(st);
    return RES_OK;
}

enum result eval_codes(struct db *db, const struct actor *who, long long id,
                       void (*fn)(void *ctx, const char *code, const char *group, int used),
                       void *ctx, struct err *err)
{
    struct eval_row_access a;
    enum result r = load_organized(db, who, id, &a, err);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT c.code, g.name, c.used FROM evaluation_code c"
                                   " JOIN evaluation_group g ON g.id = c.group_id"
                                   " WHERE c.eval_id = ?1 ORDER BY g.id, c.code");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_int(st, 2));
    db_done(st);
    return RES_OK;
}
