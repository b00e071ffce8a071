/*
 * Ballots of a democratic evaluation (mechanism layer; see evaluation.h): checking a paper code,
 * casting a ballot. Secrecy is in what is written: the voted flag on the roster or the code, and
 * the ballot under a random key with no voter, no time and no audit record.
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

/* Checks that the votes grade each official of the session exactly once; fills letters with the
 * stored form of the grades: a letter per official in ballot order. */
static enum result check_votes(struct db *db, const struct eval_ballot *in,
                               const struct scale *scale, char letters[EVAL_CANDIDATES_MAX + 1],
                               struct err *err)
{
    long long cands[EVAL_CANDIDATES_MAX];
    size_t n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT person_id FROM evaluation_candidate WHERE eval_id = ?1"
                                   " ORDER BY position");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, in->eval);
    while (n < EVAL_CANDIDATES_MAX && sqlite3_step(st) == SQLITE_ROW)
        cands[n++] = sqlite3_column_int64(st, 0);
    db_done(st);
    int seen[EVAL_CANDIDATES_MAX] = { 0 };
    for (size_t i = 0; i < in->n_votes; i++) {
        int grade = scale_grade_at(scale, in->votes[i].grade);
        if (grade < 0) {
            char allowed[SCALE_GRADES_MAX * (SCALE_CODE_MAX + 1) + 1] = "";
            for (size_t g = 0; g < scale->n; g++)
                snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%s%s",
                         g ? "|" : "", scale->grades[g].code);
            return err_setf(err, RES_INVALID, "grade", "err.bad_enum", "%s", allowed);
        }
        size_t k = 0;
        while (k < n && cands[k] != in->votes[i].person)
            k++;
        if (k == n)
            return err_setf(err, RES_INVALID, "person", "err.not_candidate", "%lld",
                            in->votes[i].person);
        if (seen[k]++)
            return err_setf(err, RES_INVALID, "person", "err.dup_person", "%lld",
                            in->votes[i].person);
        letters[k] = eval_grade_letters[grade];
    }
    letters[n] = '\0';
    for (size_t k = 0; k < n; k++)
        if (!seen[k])
            return err_setf(err, RES_INVALID, "grades", "err.grade_missing", "%lld", cands[k]);
    return RES_OK;
}

/* Marks the voter (account or code) as voted; *group gets their rater group. */
static enum result mark_voted(struct db *db, const struct actor *who, const struct eval_ballot *in,
                              long long *group, struct err *err)
{
    char code[EVAL_CODE_TEXT];
    if (in->code && eval_code_canonical(in->code, code) != 0)
        return err_set(err, RES_NOT_FOUND, "code", "err.code_unknown");
    if (!in->code && (!who || !who->account_id))
        return err_set(err, RES_FORBIDDEN, "evaluation", "err.not_voter");
    sqlite3_stmt *st = in->code
                           ? db_stmt(db, "UPDATE evaluation_code SET used = 1 WHERE eval_id = ?1"
                                         " AND code = ?2 AND used = 0 RETURNING group_id")
                           : db_stmt(db, "UPDATE evaluation_voter SET voted = 1 WHERE eval_id = ?1"
                                         " AND account_id = ?2 AND voted = 0 RETURNING group_id");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, in->eval);
    if (in->code)
        db_bind_text(st, 2, code);
    else
        sqlite3_bind_int64(st, 2, who->account_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *group = sqlite3_column_int64(st, 0);
    db_done(st);
    if (rc == SQLITE_ROW)
        return RES_OK;
    if (rc != SQLITE_DONE)
        return db_fail(db, err);
    /* not marked: used already, or not a voter of this session */
    st = in->code ? db_stmt(db, "SELECT 1 FROM evaluation_code WHERE eval_id = ?1 AND code = ?2")
                  : db_stmt(db, "SELECT 1 FROM evaluation_voter WHERE eval_id = ?1"
                                " AND account_id = ?2");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, in->eval);
    if (in->code)
        db_bind_text(st, 2, code);
    else
        sqlite3_bind_int64(st, 2, who->account_id);
    int known = sqlite3_step(st) == SQLITE_ROW;
    db_done(st);
    if (known)
        return err_set(err, RES_CONFLICT, in->code ? "code" : "evaluation",
                       in->code ? "err.code_used" : "err.voted");
    return in->code ? err_set(err, RES_NOT_FOUND, "code", "err.code_unknown")
                    : err_set(err, RES_FORBIDDEN, "evaluation", "err.not_voter");
}

static enum result store_ballot(struct db *db, const struct eval_ballot *in, long long group,
                                const char *letters)
{
    unsigned char key[16];
    randombytes_buf(key, sizeof(key));
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO evaluation_ballot(eval_id, id, group_id, grades,"
                                   " comment) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, in->eval);
    sqlite3_bind_blob(st, 2, key, sizeof(key), SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, group);
    db_bind_text(st, 4, letters);
    db_bind_text(st, 5, in->comment ? in->comment : "");
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result eval_code_check(struct db *db, long long id, const char *code, struct err *err)
{
    char canonical[EVAL_CODE_TEXT];
    if (!code || eval_code_canonical(code, canonical) != 0)
        return err_set(err, RES_NOT_FOUND, "code", "err.code_unknown");
    sqlite3_stmt *st = db_stmt(db, "SELECT c.used FROM evaluation_code c JOIN evaluation e"
                                   " ON e.id = c.eval_id WHERE c.eval_id = ?1 AND c.code = ?2"
                                   " AND e.state = 'open'");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, canonical);
    int rc = sqlite3_step(st);
    int used = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    db_done(st);
    if (rc != SQLITE_ROW)
        return err_set(err, RES_NOT_FOUND, "code", "err.code_unknown");
    return used ? err_set(err, RES_CONFLICT, "code", "err.code_used") : RES_OK;
}

enum result eval_cast(struct db *db, const struct actor *who, const struct eval_ballot *in,
                      struct err *err)
{
    enum result r = err_text(err, "comment", in->comment, 0, EVAL_COMMENT_MAX, 1);
    if (r != RES_OK)
        return r;
    if (in->n_votes == 0)
        return err_set(err, RES_INVALID, "grades", "err.required");
    if (in->n_votes > EVAL_CANDIDATES_MAX)
        return err_setf(err, RES_INVALID, "grades", "err.too_long", "%d", EVAL_CANDIDATES_MAX);
    struct eval_row_access a;
    if ((r = eval_load_access(db, in->eval, &a)) != RES_OK)
        return r == RES_NOT_FOUND ? err_set(err, r, "evaluation", "err.not_found")
                                  : db_fail(db, err);
    if (strcmp(a.state, "open") != 0)
        return err_setf(err, RES_CONFLICT, "state", "err.eval_state", "%s", a.state);
    char letters[EVAL_CANDIDATES_MAX + 1];
    struct scale scale;
    if (scale_load(db, a.scale, &scale) != RES_OK)
        return db_fail(db, err);
    if ((r = check_votes(db, in, &scale, letters, err)) != RES_OK)
        return r;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    long long group = 0;
    if ((r = mark_voted(db, who, in, &group, err)) != RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    if (store_ballot(db, in, group, letters) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result eval_cast_job(struct db *db, void *arg)
{
    struct eval_cast_job *j = arg;
    return eval_cast(db, j->who, &j->ballot, &j->err);
}
