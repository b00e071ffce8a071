/*
 * Notices model; see notice.h. Mechanism layer: rules and SQL for notices; every write is
 * audited on the notice ("notice:ID"), and a signed notice is counted in the task roll-up of
 * each addressed unit and the units above it (task_tally.c).
 */
#include "task/notice.h"
#include "unit/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "auth/jurisdiction.h"
#include "auth/outbox.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "task/task_int.h"

void notice_number(char out[NOTICE_NUMBER_MAX], long long year, long long serial)
{
    out[0] = '\0';
    /* an official number reads the same whatever the reader's language */
    if (serial > 0)
        snprintf(out, NOTICE_NUMBER_MAX, "%s〔%lld〕%lld%s", i18n(LANG_ZH, "sup.notice_prefix"),
                 year, serial, i18n(LANG_ZH, "sup.notice_suffix"));
}

enum result notice_draft(struct db *db, const struct actor *who, const struct notice_input *in,
                         long long *id, struct err *err)
{
    if (!(role_may(who->role, PERM_SUPERVISE) || who->role == ROLE_LEADER) || !who->dept_id)
        return err_set(err, RES_FORBIDDEN, "kind", "err.forbidden");
    if (!in->kind || (strcmp(in->kind, "praise") != 0 && strcmp(in->kind, "criticism") != 0))
        return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "praise|criticism");
    enum result r = err_text(err, "title", in->title, 1, NOTICE_TITLE_MAX, 0);
    if (r == RES_OK)
        r = err_text(err, "text", in->text, 1, NOTICE_TEXT_MAX, 1);
    if (r != RES_OK)
        return r;
    if (in->n_to == 0)
        return err_set(err, RES_INVALID, "to", "err.required");
    if (in->n_to > NOTICE_TO_MAX)
        return err_setf(err, RES_INVALID, "to", "err.too_long", "%d", NOTICE_TO_MAX);
    for (size_t i = 0; i < in->n_to && r == RES_OK; i++) {
        struct unit u;
        if (unit_get(db, who, in->to[i], &u, NULL) != RES_OK)
            r = err_setf(err, RES_NOT_FOUND, "to", "err.not_found", "%s", in->to[i]);
    }
    struct task_access t;
    if (r == RES_OK && in->task_id) {
        /* a task the drafter sees, or one led in the department's jurisdiction */
        r = task_load(db, in->task_id, &t);
        if (r == RES_OK && !scope_has_path(who, t.lead_path) &&
            !task_visible(db, who, in->task_id, &t))
            r = RES_NOT_FOUND;
        if (r != RES_OK)
            r = r == RES_NOT_FOUND ? err_set(err, RES_NOT_FOUND, "task", "err.not_found")
                                   : db_fail(db, err);
    }
    if (r != RES_OK)
        return r;
    char now[26];
    clock_now(now);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO notice(kind, title, text, task_id, unit_id,"
                                   " dept_id, state, drafted_by, created) VALUES (?1, ?2, ?3,"
                                   " nullif(?4, 0), ?5, ?6, 'draft', nullif(?7, 0), ?8)");
    int rc = SQLITE_ERROR;
    if (st) {
        db_bind_text(st, 1, in->kind);
        db_bind_text(st, 2, in->title);
        db_bind_text(st, 3, in->text);
        sqlite3_bind_int64(st, 4, in->task_id);
        sqlite3_bind_int64(st, 5, who->unit_id);
        sqlite3_bind_int64(st, 6, who->dept_id);
        sqlite3_bind_int64(st, 7, who->account_id);
        db_bind_text(st, 8, now);
        rc = sqlite3_step(st);
        db_done(st);
    }
    *id = sqlite3_last_insert_rowid(db->h);
    json_t *codes = json_array();
    for (size_t i = 0; i < in->n_to && rc == SQLITE_DONE; i++) {
        st = db_stmt(db, "INSERT INTO notice_to(notice_id, unit_id, subtree) SELECT ?1, id, ?3"
                         " FROM unit WHERE code = ?2 ON CONFLICT DO NOTHING");
        if (!st) {
            rc = SQLITE_ERROR;
            break;
        }
        sqlite3_bind_int64(st, 1, *id);
        db_bind_text(st, 2, in->to[i]);
        sqlite3_bind_int(st, 3, in->subtree ? 1 : 0);
        rc = sqlite3_step(st);
        db_done(st);
        json_array_append_new(codes, json_string(in->to[i]));
    }
    r = rc == SQLITE_DONE ? RES_OK : RES_FAIL;
    if (r == RES_OK)
        r = audit_record(db, who, "notice.draft", "notice", *id,
                         json_pack("{s:s, s:s, s:o, s:b, s:I}", "kind", in->kind, "title",
                                   in->title, "to", codes, "subtree", in->subtree, "task",
                                   (json_int_t)in->task_id));
    else
        json_decref(codes);
    if (r != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result notice_draft_job(struct db *db, void *arg)
{
    struct notice_draft_job *job = arg;
    return notice_draft(db, job->who, &job->in, &job->id, &job->err);
}

/* What a decision needs of a notice the actor sees. */
struct notice_access {
    char kind[16];     /* praise | criticism */
    char state[16];    /* draft | signed | returned */
    long long dept_id; /* the issuing department */
};

static void access_row(void *ctx, const struct notice *n)
{
    struct notice_access *a = ctx;
    snprintf(a->kind, sizeof(a->kind), "%s", n->kind);
    snprintf(a->state, sizeof(a->state), "%s", n->state);
    a->dept_id = n->dept_id;
}

/* Loads notice id for a leader's decision: RES_OK when it is a draft the actor may decide on;
 * RES_NOT_FOUND, RES_FORBIDDEN, RES_CONFLICT or RES_FAIL otherwise, the reason in err. */
static enum result decision_for(struct db *db, const struct actor *who, long long id,
                                struct notice_access *a, struct err *err)
{
    enum result r = notice_each(db, who, NOTICE_ONE, id, access_row, a);
    if (r == RES_NOT_FOUND)
        return err_set(err, RES_NOT_FOUND, "notice", "err.not_found");
    if (r != RES_OK)
        return db_fail(db, err);
    if (who->role != ROLE_LEADER || who->unit_id != a->dept_id)
        return err_set(err, RES_FORBIDDEN, "notice", "err.not_signer");
    if (strcmp(a->state, "draft") != 0)
        return err_setf(err, RES_CONFLICT, "notice", "err.notice_state", "%s", a->state);
    return RES_OK;
}

/* Counts a signed notice of kind for each of its addressees and the units above them. */
static enum result tally_addressees(struct db *db, long long id, const char *kind)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM notice_to nt JOIN unit u"
                                   " ON u.id = nt.unit_id WHERE nt.notice_id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_OK;
    int rc;
    while (r == RES_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char path[UNIT_PATH_MAX];
        snprintf(path, sizeof(path), "%s", db_col_text(st, 0));
        r = tally_notice(db, path, kind);
    }
    db_done(st);
    return r;
}

/* A signed notice's message to each addressed unit, for taizhang notify. */
static enum result notice_messages(struct db *db, long long id, long long year, long long serial)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT nt.unit_id, n.title FROM notice_to nt"
                                   " JOIN notice n ON n.id = nt.notice_id WHERE nt.notice_id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    char number[NOTICE_NUMBER_MAX], path[32];
    notice_number(number, year, serial);
    snprintf(path, sizeof(path), "/notices/%lld", id);
    enum result r = RES_OK;
    int rc;
    while (r == RES_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct outbox_msg m = { .kind = "notice.signed",
                                      .unit_id = sqlite3_column_int64(st, 0),
                                      .title = db_col_text(st, 1),
                                      .text = number,
                                      .path = path };
        r = outbox_put(db, &m);
    }
    if (r == RES_OK && rc != SQLITE_DONE)
        r = RES_FAIL;
    db_done(st);
    return r;
}

enum result notice_sign(struct db *db, const struct actor *who, long long id, long long *year,
                        long long *serial, struct err *err)
{
    struct notice_access a;
    enum result r = decision_for(db, who, id, &a, err);
    if (r != RES_OK)
        return r;
    char today[11], now[26];
    clock_today(today);
    clock_now(now);
    *year = strtol(today, NULL, 10);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    /* the next number of the department and year, taken in the writer's transaction */
    sqlite3_stmt *st = db_stmt(db, "UPDATE notice SET state = 'signed', year = ?2, serial ="
                                   " (SELECT coalesce(max(m.serial), 0) + 1 FROM notice m"
                                   " WHERE m.dept_id = notice.dept_id AND m.year = ?2),"
                                   " signed_by = nullif(?3, 0), decided = ?4 WHERE id = ?1"
                                   " RETURNING serial");
    r = RES_FAIL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, *year);
        sqlite3_bind_int64(st, 3, who->account_id);
        db_bind_text(st, 4, now);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *serial = sqlite3_column_int64(st, 0);
            r = sqlite3_step(st) == SQLITE_DONE ? RES_OK : RES_FAIL;
        }
        db_done(st);
    }
    if (r == RES_OK)
        r = tally_addressees(db, id, a.kind);
    if (r == RES_OK)
        r = notice_messages(db, id, *year, *serial);
    if (r == RES_OK)
        r = audit_record(
            db, who, "notice.sign", "notice", id,
            json_pack("{s:I, s:I}", "year", (json_int_t)*year, "serial", (json_int_t)*serial));
    if (r != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result notice_sign_job(struct db *db, void *arg)
{
    struct notice_sign_job *job = arg;
    return notice_sign(db, job->who, job->id, &job->year, &job->serial, &job->err);
}

enum result notice_return(struct db *db, const struct actor *who, long long id, const char *reason,
                          struct err *err)
{
    enum result r = err_text(err, "reason", reason, 1, NOTICE_TITLE_MAX * 5, 1);
    struct notice_access a;
    if (r == RES_OK)
        r = decision_for(db, who, id, &a, err);
    if (r != RES_OK)
        return r;
    char now[26];
    clock_now(now);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st = db_stmt(db, "UPDATE notice SET state = 'returned', reason = ?2,"
                                   " signed_by = nullif(?3, 0), decided = ?4 WHERE id = ?1");
    r = RES_FAIL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, reason);
        sqlite3_bind_int64(st, 3, who->account_id);
        db_bind_text(st, 4, now);
        r = sqlite3_step(st) == SQLITE_DONE ? RES_OK : RES_FAIL;
        db_done(st);
    }
    if (r == RES_OK)
        r = audit_record(db, who, "notice.return", "notice", id,
                         json_pack("{s:s}", "reason", reason));
    if (r != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result notice_return_job(struct db *db, void *arg)
{
    struct notice_return_job *job = arg;
    return notice_return(db, job->who, job->id, job->reason, &job->err);
}

enum result notice_each(struct db *db, const struct actor *who, enum notice_scope what,
                        long long id, void (*fn)(void *ctx, const struct notice *n), void *ctx)
{
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    /* ?1, ?2 the actor's subtree; ?3 their department; ?4 their unit; ?5 what; ?6 the id */
    sqlite3_stmt *st = db_stmt(
        db,
        "SELECT n.id, n.kind, n.title, n.text, n.state, coalesce(n.task_id, 0),"
        " coalesce(t.title, ''), n.dept_id, dp.name, du.name, coalesce(n.year, 0),"
        " coalesce(n.serial, 0), coalesce(pd.name, ''), coalesce(ps.name, ''),"
        " coalesce(n.reason, ''), n.created, coalesce(n.decided, '') FROM notice n"
        " JOIN unit du ON du.id = n.unit_id JOIN unit dp ON dp.id = n.dept_id"
        " LEFT JOIN task t ON t.id = n.task_id LEFT JOIN account ad ON ad.id = n.drafted_by"
        " LEFT JOIN person pd ON pd.id = ad.person_id LEFT JOIN account sa ON sa.id = n.signed_by"
        " LEFT JOIN person ps ON ps.id = sa.person_id"
        " WHERE ((du.path >= ?1 AND du.path < ?2) OR (dp.path >= ?1 AND dp.path < ?2)"
        " OR (n.state = 'signed' AND EXISTS (SELECT 1 FROM notice_to nt JOIN unit tu"
        " ON tu.id = nt.unit_id WHERE nt.notice_id = n.id AND ((tu.path >= ?1 AND tu.path < ?2)"
        " OR tu.id = ?3 OR (nt.subtree AND ?1 >= tu.path"
        " AND ?1 < substr(tu.path, 1, length(tu.path) - 1) || '0')))))"
        " AND ((?5 = 0 AND n.id = ?6)"
        " OR (?5 = 1 AND n.state = 'signed' AND EXISTS (SELECT 1 FROM notice_to nt JOIN unit tu"
        " ON tu.id = nt.unit_id WHERE nt.notice_id = n.id AND (tu.id IN (?3, ?4)"
        " OR (nt.subtree AND ?1 >= tu.path AND ?1 < substr(tu.path, 1, length(tu.path) - 1)"
        " || '0')))) OR (?5 = 2 AND n.dept_id = ?3)"
        " OR (?5 = 3 AND (n.dept_id = ?6 OR n.unit_id = ?6 OR EXISTS (SELECT 1 FROM notice_to nt"
        " JOIN unit tu ON tu.id = nt.unit_id JOIN unit q ON q.id = ?6 WHERE nt.notice_id = n.id"
        " AND (tu.id = q.id OR (nt.subtree AND q.path >= tu.path"
        " AND q.path < substr(tu.path, 1, length(tu.path) - 1) || '0')))))"
        " OR (?5 = 4 AND n.task_id = ?6))"
        " ORDER BY n.id DESC LIMIT 500");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, who->unit_path);
    db_bind_text(st, 2, end);
    sqlite3_bind_int64(st, 3, who->dept_id);
    sqlite3_bind_int64(st, 4, who->unit_id);
    sqlite3_bind_int(st, 5, (int)what);
    sqlite3_bind_int64(st, 6, id);
    int n_rows = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct notice n = {
            .id = sqlite3_column_int64(st, 0),
            .kind = db_col_text(st, 1),
            .title = db_col_text(st, 2),
            .text = db_col_text(st, 3),
            .state = db_col_text(st, 4),
            .task_id = sqlite3_column_int64(st, 5),
            .task_title = db_col_text(st, 6),
            .dept_id = sqlite3_column_int64(st, 7),
            .dept_name = db_col_text(st, 8),
            .unit_name = db_col_text(st, 9),
            .year = sqlite3_column_int64(st, 10),
            .serial = sqlite3_column_int64(st, 11),
            .drafter = db_col_text(st, 12),
            .signer = db_col_text(st, 13),
            .reason = db_col_text(st, 14),
            .created = db_col_text(st, 15),
            .decided = db_col_text(st, 16),
        };
        /* a leader whose own unit is the issuing department signs its drafts */
        n.may_decide =
            strcmp(n.state, "draft") == 0 && who->role == ROLE_LEADER && who->unit_id == n.dept_id;
        fn(ctx, &n);
        n_rows++;
    }
    db_done(st);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    return what == NOTICE_ONE && n_rows == 0 ? RES_NOT_FOUND : RES_OK;
}

enum result
notice_addressees(struct db *db, long long id,
                  void (*fn)(void *ctx, const char *code, const char *name, int subtree), void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.code, u.name, nt.subtree FROM notice_to nt"
                                   " JOIN unit u ON u.id = nt.unit_id WHERE nt.notice_id = ?1"
                                   " ORDER BY u.path");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_int(st, 2));
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}
