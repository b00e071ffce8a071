/*
 * Period reports: creation (the submitting units and who accepts each, found once), the
 * submissions' states and what an actor may do to each, and the transitions with their
 * snapshots.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "auth/outbox.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "report/indicator.h"

const char *const submission_state_names[] = { "waiting", "ready", "submitted", "accepted" };

static const char *const unit_kinds[] = { "province", "city",   "county", "township",
                                          "department", "office", "other", NULL };

static int kind_known(const char *k)
{
    for (size_t i = 0; unit_kinds[i]; i++)
        if (k && strcmp(k, unit_kinds[i]) == 0)
            return 1;
    return 0;
}

static enum result check_input(const struct report_input *in, struct err *err)
{
    enum result r = err_text(err, "title", in->title, 1, REPORT_TITLE_MAX, 0);
    if (r != RES_OK)
        return r;
    const char *days[] = { in->from, in->to, in->due };
    const char *names[] = { "from", "to", "due" };
    for (int i = 0; i < 3; i++)
        if (!days[i] || !*days[i])
            return err_set(err, RES_INVALID, names[i], "err.required");
        else if (!date_valid(days[i]))
            return err_set(err, RES_INVALID, names[i], "err.bad_date");
    if (strcmp(in->from, in->to) > 0)
        return err_set(err, RES_INVALID, "to", "err.report_period");
    if (!in->n_codes)
        return err_set(err, RES_INVALID, "indicators", "err.required");
    if (in->n_codes > REPORT_CODES_MAX)
        return err_setf(err, RES_INVALID, "indicators", "err.too_long", "%d", REPORT_CODES_MAX);
    for (size_t i = 0; i < in->n_codes; i++) {
        if (indicator_index(in->codes[i]) < 0)
            return err_setf(err, RES_INVALID, "indicators", "err.report_indicator", "%s",
                            in->codes[i] ? in->codes[i] : "");
        for (size_t j = 0; j < i; j++)
            if (strcmp(in->codes[i], in->codes[j]) == 0)
                return err_setf(err, RES_INVALID, "indicators", "err.duplicate", "%s",
                                in->codes[i]);
    }
    if (!in->n_levels)
        return err_set(err, RES_INVALID, "levels", "err.required");
    if (in->n_levels > REPORT_LEVELS_MAX)
        return err_setf(err, RES_INVALID, "levels", "err.too_long", "%d", REPORT_LEVELS_MAX);
    for (size_t i = 0; i < in->n_levels; i++)
        if (!kind_known(in->levels[i]))
            return err_setf(err, RES_INVALID, "levels", "err.bad_enum", "%s",
                            "province|city|county|township|department|office|other");
    return RES_OK;
}

/* Inserts one submission per unit of the levels in the issuer's subtree; each is accepted by
 * its nearest submitting ancestor, or by the issuer. The caller holds the transaction. */
static enum result add_submissions(struct db *db, long long report_id, const struct unit *issuer,
                                   const struct report_input *in)
{
    char end[UNIT_PATH_MAX];
    path_end(end, issuer->path);
    json_t *levels = json_array();
    for (size_t i = 0; i < in->n_levels; i++)
        json_array_append_new(levels, json_string(in->levels[i]));
    char *lv = json_dumps(levels, JSON_COMPACT);
    json_decref(levels);
    sqlite3_stmt *st = db_stmt(db, "SELECT id, path FROM unit WHERE path > ?1 AND path < ?2 AND"
                                   " kind IN (SELECT value FROM json_each(?3)) ORDER BY path");
    enum result r = st ? RES_OK : RES_FAIL;
    if (st) {
        db_bind_text(st, 1, issuer->path);
        db_bind_text(st, 2, end);
        db_bind_text(st, 3, lv);
    }
    /* the submitting units above the current one, along its path (rows come in tree order) */
    struct { long long id; char path[UNIT_PATH_MAX]; } stack[UNIT_PATH_MAX / 2];
    int depth = 0;
    while (r == RES_OK && sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        const char *path = db_col_text(st, 1);
        while (depth && strncmp(path, stack[depth - 1].path, strlen(stack[depth - 1].path)) != 0)
            depth--;
        sqlite3_stmt *ins = db_stmt(db, "INSERT INTO submission(report_id, unit_id, above_id)"
                                        " VALUES (?1, ?2, ?3)");
        if (!ins) {
            r = RES_FAIL;
            break;
        }
        sqlite3_bind_int64(ins, 1, report_id);
        sqlite3_bind_int64(ins, 2, id);
        sqlite3_bind_int64(ins, 3, depth ? stack[depth - 1].id : issuer->id);
        if (sqlite3_step(ins) != SQLITE_DONE)
            r = RES_FAIL;
        db_done(ins);
        if (depth < (int)(sizeof(stack) / sizeof(stack[0]))) {
            stack[depth].id = id;
            str_copy(stack[depth].path, sizeof(stack[depth].path), path);
            depth++;
        }
    }
    db_done(st);
    free(lv);
    return r;
}

enum result report_create(struct db *db, const struct actor *who, const struct report_input *in,
                          long long *id, struct err *err)
{
    enum result r = check_input(in, err);
    if (r != RES_OK)
        return r;
    struct unit issuer;
    if (!in->unit || !*in->unit)
        return err_set(err, RES_INVALID, "unit", "err.required");
    if ((r = unit_get(db, who, in->unit, &issuer, err)) != RES_OK)
        return r;
    if ((r = scope_check(who, issuer.path, PERM_RECORD_WRITE, err)) != RES_OK)
        return r;
    json_t *levels = json_array(), *codes = json_array();
    for (size_t i = 0; i < in->n_levels; i++)
        json_array_append_new(levels, json_string(in->levels[i]));
    for (size_t i = 0; i < in->n_codes; i++)
        json_array_append_new(codes, json_string(in->codes[i]));
    char *lv = json_dumps(levels, JSON_COMPACT);
    char now[26];
    clock_now(now);
    if (db_tx_begin(db) != RES_OK) {
        free(lv);
        json_decref(levels);
        json_decref(codes);
        return db_fail(db, err);
    }
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO report(unit_id, title, period_from, period_to,"
                                   " due, levels, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    int ok = st != NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, issuer.id);
        db_bind_text(st, 2, in->title);
        db_bind_text(st, 3, in->from);
        db_bind_text(st, 4, in->to);
        db_bind_text(st, 5, in->due);
        db_bind_text(st, 6, lv);
        db_bind_text(st, 7, now);
        ok = sqlite3_step(st) == SQLITE_DONE;
        db_done(st);
    }
    free(lv);
    if (ok)
        *id = sqlite3_last_insert_rowid(db->h);
    for (size_t i = 0; ok && i < in->n_codes; i++) {
        st = db_stmt(db, "INSERT INTO report_indicator(report_id, pos, code) VALUES (?1, ?2, ?3)");
        ok = st != NULL;
        if (st) {
            sqlite3_bind_int64(st, 1, *id);
            sqlite3_bind_int64(st, 2, (long long)i);
            db_bind_text(st, 3, in->codes[i]);
            ok = sqlite3_step(st) == SQLITE_DONE;
            db_done(st);
        }
    }
    ok = ok && add_submissions(db, *id, &issuer, in) == RES_OK;
    json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "unit", issuer.code, "title",
                              in->title, "from", in->from, "to", in->to, "due", in->due,
                              "indicators", codes, "levels", levels);
    if (!ok) {
        json_decref(after);
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    if (audit_record(db, who, "report.create", "report", *id, after) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

/* The actor's scope as a path range. */
static void scope_range(const struct actor *who, char lo[UNIT_PATH_MAX], char hi[UNIT_PATH_MAX])
{
    str_copy(lo, UNIT_PATH_MAX, who->unit_path);
    if (strcmp(who->unit_path, "/") == 0)
        str_copy(hi, UNIT_PATH_MAX, "0");
    else
        path_end(hi, who->unit_path);
}

enum result report_load(struct db *db, const struct actor *who, long long id, struct report *out,
                        struct err *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = db_stmt(db, "SELECT r.id, r.title, r.period_from, r.period_to, r.due,"
                                   " r.levels, u.id, u.code, u.name, u.kind, u.path FROM report r"
                                   " JOIN unit u ON u.id = r.unit_id WHERE r.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        str_copy(out->title, sizeof(out->title), db_col_text(st, 1));
        str_copy(out->from, sizeof(out->from), db_col_text(st, 2));
        str_copy(out->to, sizeof(out->to), db_col_text(st, 3));
        str_copy(out->due, sizeof(out->due), db_col_text(st, 4));
        json_t *lv = json_loads(db_col_text(st, 5), 0, NULL);
        for (size_t i = 0; i < json_array_size(lv) && i < REPORT_LEVELS_MAX; i++)
            str_copy(out->levels[out->n_levels++], sizeof(out->levels[0]),
                     json_string_value(json_array_get(lv, i)));
        json_decref(lv);
        out->issuer.id = sqlite3_column_int64(st, 6);
        str_copy(out->issuer.code, sizeof(out->issuer.code), db_col_text(st, 7));
        str_copy(out->issuer.name, sizeof(out->issuer.name), db_col_text(st, 8));
        str_copy(out->issuer.kind, sizeof(out->issuer.kind), db_col_text(st, 9));
        str_copy(out->issuer.path, sizeof(out->issuer.path), db_col_text(st, 10));
        r = RES_OK;
    }
    db_done(st);
    if (r != RES_OK)
        return err_set(err, r, "report", "err.not_found");
    if (!scope_has_path(who, out->issuer.path)) {
        char lo[UNIT_PATH_MAX], hi[UNIT_PATH_MAX];
        scope_range(who, lo, hi);
        st = db_stmt(db, "SELECT 1 FROM submission s JOIN unit u ON u.id = s.unit_id WHERE"
                         " s.report_id = ?1 AND u.path >= ?2 AND u.path < ?3 LIMIT 1");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, lo);
        db_bind_text(st, 3, hi);
        int seen = sqlite3_step(st) == SQLITE_ROW;
        db_done(st);
        if (!seen)
            return err_set(err, RES_NOT_FOUND, "report", "err.not_found");
    }
    st = db_stmt(db, "SELECT code FROM report_indicator WHERE report_id = ?1 ORDER BY pos");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW && out->n_codes < REPORT_CODES_MAX) {
        int at = indicator_index(db_col_text(st, 0));
        if (at >= 0)
            out->codes[out->n_codes++] = at;
    }
    db_done(st);
    return RES_OK;
}

/* The columns every submission read selects, for read_row(). */
#define SUB_COLUMNS                                                                                \
    "u.id, u.code, u.name, u.kind, u.path, a.id, a.code, s.state, coalesce(s.submitted, ''),"      \
    " coalesce(s.accepted, ''), s.reason, s.summary, (SELECT count(*) FROM submission c WHERE"     \
    " c.report_id = s.report_id AND c.above_id = s.unit_id AND c.state <> 'accepted')"
#define SUB_FROM                                                                                   \
    " FROM submission s JOIN unit u ON u.id = s.unit_id JOIN unit a ON a.id = s.above_id"

static unsigned may_of(const struct actor *who, const struct submission *s, long long above_id)
{
    if (!role_may(who->role, PERM_RECORD_WRITE) || !who->dept_id)
        return 0;
    unsigned may = 0;
    if (who->dept_id == s->unit.id) {
        if (s->state == SUB_READY)
            may |= MAY_SUBMIT;
        if (s->state == SUB_SUBMITTED)
            may |= MAY_WITHDRAW;
    }
    if (who->dept_id == above_id && s->state == SUB_SUBMITTED)
        may |= MAY_ACCEPT | MAY_RETURN;
    return may;
}

/* Fills *s from a row of SUB_COLUMNS; *above_id gets the accepting unit's id. */
static void read_row(sqlite3_stmt *st, const struct actor *who, const struct report *rep,
                     struct submission *s, long long *above_id)
{
    memset(s, 0, sizeof(*s));
    s->unit.id = sqlite3_column_int64(st, 0);
    str_copy(s->unit.code, sizeof(s->unit.code), db_col_text(st, 1));
    str_copy(s->unit.name, sizeof(s->unit.name), db_col_text(st, 2));
    str_copy(s->unit.kind, sizeof(s->unit.kind), db_col_text(st, 3));
    str_copy(s->unit.path, sizeof(s->unit.path), db_col_text(st, 4));
    *above_id = sqlite3_column_int64(st, 5);
    str_copy(s->above, sizeof(s->above), db_col_text(st, 6));
    const char *state = db_col_text(st, 7);
    s->state = strcmp(state, "submitted") == 0  ? SUB_SUBMITTED
               : strcmp(state, "accepted") == 0 ? SUB_ACCEPTED
               : sqlite3_column_int64(st, 12)   ? SUB_WAITING
                                                : SUB_READY;
    str_copy(s->submitted, sizeof(s->submitted), db_col_text(st, 8));
    str_copy(s->accepted, sizeof(s->accepted), db_col_text(st, 9));
    s->reason = db_col_text(st, 10);
    s->summary = db_col_text(st, 11);
    char today[11];
    clock_today(today);
    s->late = s->state <= SUB_READY && strcmp(rep->due, today) < 0;
    s->may = may_of(who, s, *above_id);
}

enum result report_submissions(struct db *db, const struct actor *who, const struct report *rep,
                               void (*fn)(void *ctx, const struct submission *s), void *ctx,
                               struct err *err)
{
    char lo[UNIT_PATH_MAX], hi[UNIT_PATH_MAX];
    scope_range(who, lo, hi);
    sqlite3_stmt *st = db_stmt(db, "SELECT " SUB_COLUMNS SUB_FROM " WHERE s.report_id = ?1 AND"
                                   " u.path >= ?2 AND u.path < ?3 ORDER BY u.path");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, rep->id);
    db_bind_text(st, 2, lo);
    db_bind_text(st, 3, hi);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct submission s;
        long long above_id;
        read_row(st, who, rep, &s, &above_id);
        fn(ctx, &s);
    }
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : db_fail(db, err);
}

/* The submission of code in the actor's scope into *s (strings copied: free them). */
static enum result load_sub(struct db *db, const struct actor *who, const struct report *rep,
                            const char *code, struct submission *s, long long *above_id,
                            struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " SUB_COLUMNS SUB_FROM " WHERE s.report_id = ?1 AND"
                                   " u.code = ?2");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, rep->id);
    db_bind_text(st, 2, code);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        read_row(st, who, rep, s, above_id);
        s->reason = xstrdup(s->reason);
        s->summary = xstrdup(s->summary);
        r = RES_OK;
        if (!scope_has_path(who, s->unit.path)) {
            free((char *)s->reason);
            free((char *)s->summary);
            r = RES_NOT_FOUND;
        }
    }
    db_done(st);
    return r == RES_OK ? RES_OK : err_set(err, r, "unit", "err.not_found");
}

static void free_sub(struct submission *s)
{
    free((char *)s->reason);
    free((char *)s->summary);
    s->reason = s->summary = NULL;
}

void report_detail_free(struct submission_detail *d)
{
    free_sub(&d->s);
}

/* The sum of code's values over the accepted submissions directly below unit_id. */
static long long below_sum(struct db *db, long long report_id, long long unit_id, const char *code)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(sum(v.value), 0) FROM submission c JOIN"
                                   " submission_value v ON v.report_id = c.report_id AND"
                                   " v.unit_id = c.unit_id AND v.code = ?3 WHERE"
                                   " c.report_id = ?1 AND c.above_id = ?2 AND c.state = 'accepted'");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, report_id);
    sqlite3_bind_int64(st, 2, unit_id);
    db_bind_text(st, 3, code);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    return n;
}

/* The report's figures for the unit now: computed from the roll-up over the unit's subtree
 * (read as the command line would: the submitting unit's whole subtree, whoever asks), hand-
 * entered as the sum of the accepted units below. */
static enum result live_values(struct db *db, const struct report *rep, const struct unit *u,
                               long long *live, struct err *err)
{
    struct actor sys;
    actor_system(&sys);
    long long *all = xcalloc(n_indicators, sizeof(*all));
    enum result r = indicator_values(db, &sys, u->code, rep->from, rep->to, all, err);
    for (size_t i = 0; r == RES_OK && i < rep->n_codes; i++) {
        const struct indicator *ind = &indicators[rep->codes[i]];
        live[i] = ind->source == IND_MANUAL ? below_sum(db, rep->id, u->id, ind->code)
                                            : all[rep->codes[i]];
    }
    free(all);
    return r;
}

enum result report_detail(struct db *db, const struct actor *who, const struct report *rep,
                          const char *code, struct submission_detail *d, struct err *err)
{
    memset(d, 0, sizeof(*d));
    long long above_id;
    enum result r = load_sub(db, who, rep, code, &d->s, &above_id, err);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT code, value FROM submission_value WHERE"
                                   " report_id = ?1 AND unit_id = ?2");
    if (!st) {
        free_sub(&d->s);
        return db_fail(db, err);
    }
    sqlite3_bind_int64(st, 1, rep->id);
    sqlite3_bind_int64(st, 2, d->s.unit.id);
    while (sqlite3_step(st) == SQLITE_ROW)
        for (size_t i = 0; i < rep->n_codes; i++)
            if (strcmp(indicators[rep->codes[i]].code, db_col_text(st, 0)) == 0) {
                d->value[i] = sqlite3_column_int64(st, 1);
                d->has[i] = 1;
            }
    db_done(st);
    if ((r = live_values(db, rep, &d->s.unit, d->live, err)) != RES_OK) {
        free_sub(&d->s);
        return r;
    }
    for (size_t i = 0; i < rep->n_codes; i++)
        d->changed[i] = d->has[i] && d->s.state >= SUB_SUBMITTED &&
                        indicators[rep->codes[i]].source == IND_COMPUTED &&
                        d->live[i] != d->value[i];
    return RES_OK;
}

int report_action_parse(const char *name)
{
    static const char *const names[] = { "submit", "withdraw", "accept", "return" };
    for (int i = 0; i < 4; i++)
        if (name && strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

/* The first submission directly below unit_id not yet accepted, into code; 0 when none. */
static int first_waiting(struct db *db, long long report_id, long long unit_id,
                         char code[UNIT_CODE_MAX + 1])
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.code FROM submission c JOIN unit u ON u.id ="
                                   " c.unit_id WHERE c.report_id = ?1 AND c.above_id = ?2 AND"
                                   " c.state <> 'accepted' ORDER BY u.path LIMIT 1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, report_id);
    sqlite3_bind_int64(st, 2, unit_id);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        str_copy(code, UNIT_CODE_MAX + 1, db_col_text(st, 0));
    db_done(st);
    return found;
}

/* Freezes the snapshot of a submit: computed figures live, hand-entered typed or summed. The
 * caller holds the transaction. */
static enum result freeze(struct db *db, const struct report *rep, const struct submission *s,
                          const struct report_act *a, json_t *audit_values, struct err *err)
{
    long long live[REPORT_CODES_MAX];
    enum result r = live_values(db, rep, &s->unit, live, err);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM submission_value WHERE report_id = ?1 AND"
                                   " unit_id = ?2");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, rep->id);
    sqlite3_bind_int64(st, 2, s->unit.id);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    db_done(st);
    for (size_t i = 0; ok && i < rep->n_codes; i++) {
        const struct indicator *ind = &indicators[rep->codes[i]];
        long long v = live[i];
        for (size_t k = 0; ind->source == IND_MANUAL && k < a->n_values; k++)
            if (strcmp(a->codes[k], ind->code) == 0)
                v = a->values[k];
        st = db_stmt(db, "INSERT INTO submission_value(report_id, unit_id, code, value)"
                         " VALUES (?1, ?2, ?3, ?4)");
        ok = st != NULL;
        if (st) {
            sqlite3_bind_int64(st, 1, rep->id);
            sqlite3_bind_int64(st, 2, s->unit.id);
            db_bind_text(st, 3, ind->code);
            sqlite3_bind_int64(st, 4, v);
            ok = sqlite3_step(st) == SQLITE_DONE;
            db_done(st);
        }
        json_object_set_new(audit_values, ind->code, json_integer(v));
    }
    return ok ? RES_OK : db_fail(db, err);
}

/* Checks the typed values of a submit: each a hand-entered indicator of the report. */
static enum result check_values(const struct report *rep, const struct report_act *a,
                                struct err *err)
{
    for (size_t k = 0; k < a->n_values; k++) {
        int manual = 0;
        for (size_t i = 0; i < rep->n_codes; i++)
            if (strcmp(indicators[rep->codes[i]].code, a->codes[k]) == 0)
                manual = indicators[rep->codes[i]].source == IND_MANUAL;
        if (!manual)
            return err_setf(err, RES_INVALID, "values", "err.report_not_manual", "%s",
                            a->codes[k]);
        if (a->values[k] < 0 || a->values[k] > 1000000000000LL)
            return err_setf(err, RES_INVALID, "values", "err.range", "%s: 0-1000000000000",
                            a->codes[k]);
    }
    if (a->summary && a->summary[0])
        return err_text(err, "summary", a->summary, 0, 5000, 1);
    return RES_OK;
}

static enum result transition(struct db *db, const struct actor *who, const struct report *rep,
                              const struct report_act *a, struct submission *s,
                              long long above_id, struct err *err)
{
    static const unsigned need[] = { MAY_SUBMIT, MAY_WITHDRAW, MAY_ACCEPT, MAY_RETURN };
    unsigned mine = who->dept_id == s->unit.id ? (MAY_SUBMIT | MAY_WITHDRAW) : 0;
    unsigned above = who->dept_id == above_id ? (MAY_ACCEPT | MAY_RETURN) : 0;
    if (!role_may(who->role, PERM_RECORD_WRITE) || !who->dept_id ||
        !((mine | above) & need[a->action]))
        return err_set(err, RES_FORBIDDEN, NULL, "err.report_not_yours");
    char below[UNIT_CODE_MAX + 1];
    if (a->action == ACT_SUBMIT && s->state == SUB_WAITING &&
        first_waiting(db, rep->id, s->unit.id, below))
        return err_setf(err, RES_CONFLICT, "unit", "err.report_waiting", "%s", below);
    if (!(s->may & need[a->action]))
        return err_setf(err, RES_CONFLICT, "state", "err.report_state", "%s",
                        submission_state_names[s->state]);
    enum result r = RES_OK;
    if (a->action == ACT_SUBMIT)
        r = check_values(rep, a, err);
    if (a->action == ACT_RETURN)
        r = err_text(err, "reason", a->reason, 1, REPORT_REASON_MAX, 1);
    if (r != RES_OK)
        return r;
    char now[26];
    clock_now(now);
    json_t *after = json_pack("{s:s}", "unit", s->unit.code);
    if (a->action == ACT_SUBMIT) {
        json_t *values = json_object();
        json_object_set_new(after, "values", values);
        r = freeze(db, rep, s, a, values, err);
    }
    static const char *const sql[] = {
        "UPDATE submission SET state = 'submitted', submitted = ?3,"
        " summary = coalesce(?4, summary) WHERE report_id = ?1 AND unit_id = ?2",
        "UPDATE submission SET state = 'open' WHERE report_id = ?1 AND unit_id = ?2",
        "UPDATE submission SET state = 'accepted', accepted = ?3, reason = '' WHERE"
        " report_id = ?1 AND unit_id = ?2",
        "UPDATE submission SET state = 'open', reason = ?4 WHERE report_id = ?1 AND unit_id = ?2",
    };
    sqlite3_stmt *st = r == RES_OK ? db_stmt(db, sql[a->action]) : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, rep->id);
        sqlite3_bind_int64(st, 2, s->unit.id);
        if (a->action != ACT_WITHDRAW && a->action != ACT_RETURN)
            db_bind_text(st, 3, now);
        if (a->action == ACT_SUBMIT && a->summary)
            db_bind_text(st, 4, a->summary);
        if (a->action == ACT_RETURN)
            db_bind_text(st, 4, a->reason);
        if (sqlite3_step(st) != SQLITE_DONE)
            r = db_fail(db, err);
        db_done(st);
    } else if (r == RES_OK) {
        r = db_fail(db, err);
    }
    if (a->action == ACT_RETURN) {
        json_object_set_new(after, "reason", json_string(a->reason));
        char path[32];
        snprintf(path, sizeof(path), "/reports/%lld", rep->id);
        const struct outbox_msg m = { .kind = "report.returned",
                                      .unit_id = s->unit.id,
                                      .title = rep->title,
                                      .text = a->reason,
                                      .path = path };
        if (r == RES_OK && outbox_put(db, &m) != RES_OK)
            r = db_fail(db, err);
    }
    static const char *const actions[] = { "report.submit", "report.withdraw", "report.accept",
                                           "report.return" };
    if (r != RES_OK) {
        json_decref(after);
        return r;
    }
    return audit_record(db, who, actions[a->action], "report", rep->id, after) == RES_OK
               ? RES_OK
               : db_fail(db, err);
}

enum result report_act(struct db *db, const struct actor *who, const struct report *rep,
                       const struct report_act *a, struct err *err)
{
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    struct submission s;
    long long above_id;
    enum result r = load_sub(db, who, rep, a->unit, &s, &above_id, err);
    if (r == RES_OK) {
        r = transition(db, who, rep, a, &s, above_id, err);
        free_sub(&s);
    }
    if (r != RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result report_create_job(struct db *db, void *arg)
{
    struct report_create_job *j = arg;
    return report_create(db, j->who, &j->in, &j->id, &j->err);
}

enum result report_act_job(struct db *db, void *arg)
{
    struct report_act_job *j = arg;
    return report_act(db, j->who, j->rep, &j->act, &j->err);
}

enum result report_each(struct db *db, const struct actor *who,
                        void (*fn)(void *ctx, const struct report *r, long long accepted,
                                   long long total),
                        void *ctx, struct err *err)
{
    char lo[UNIT_PATH_MAX], hi[UNIT_PATH_MAX];
    scope_range(who, lo, hi);
    /* reports issued in the scope, or asking a unit of it; the counts over the scope's units */
    sqlite3_stmt *st = db_stmt(
        db, "SELECT r.id, (SELECT count(*) FROM submission s JOIN unit su ON su.id = s.unit_id"
            " WHERE s.report_id = r.id AND su.path >= ?1 AND su.path < ?2 AND"
            " s.state = 'accepted'), (SELECT count(*) FROM submission s JOIN unit su ON"
            " su.id = s.unit_id WHERE s.report_id = r.id AND su.path >= ?1 AND su.path < ?2)"
            " AS n FROM report r JOIN unit u ON u.id = r.unit_id WHERE (u.path >= ?1 AND"
            " u.path < ?2) OR EXISTS (SELECT 1 FROM submission s JOIN unit su ON"
            " su.id = s.unit_id WHERE s.report_id = r.id AND su.path >= ?1 AND su.path < ?2)"
            " ORDER BY r.id DESC LIMIT 500");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, lo);
    db_bind_text(st, 2, hi);
    long long ids[500], acc[500], tot[500];
    int n = 0;
    while (n < 500 && sqlite3_step(st) == SQLITE_ROW) {
        ids[n] = sqlite3_column_int64(st, 0);
        acc[n] = sqlite3_column_int64(st, 1);
        tot[n] = sqlite3_column_int64(st, 2);
        n++;
    }
    db_done(st);
    struct report *rep = xmalloc(sizeof(*rep));
    enum result r = RES_OK;
    for (int i = 0; i < n && r == RES_OK; i++) {
        r = report_load(db, who, ids[i], rep, err);
        if (r == RES_OK)
            fn(ctx, rep, acc[i], tot[i]);
    }
    free(rep);
    return r;
}

enum result report_overdue_messages(struct db *db, const char *from, const char *before)
{
    return outbox_put_between(db,
                              "SELECT r.id, s.unit_id, r.title, r.due FROM submission s"
                              " JOIN report r ON r.id = s.report_id WHERE s.state = 'open'"
                              " AND r.due >= ?1 AND r.due < ?2 ORDER BY r.due, r.id",
                              from, before, "report.overdue", "/reports/");
}

enum result report_late_each(struct db *db, long long dept_id,
                             void (*fn)(void *ctx, long long report_id, const char *title,
                                        const char *due),
                             void *ctx)
{
    char today[11];
    clock_today(today);
    sqlite3_stmt *st = db_stmt(db, "SELECT r.id, r.title, r.due FROM submission s JOIN report r"
                                   " ON r.id = s.report_id WHERE s.unit_id = ?1 AND"
                                   " s.state = 'open' AND r.due < ?2 ORDER BY r.due, r.id");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, dept_id);
    db_bind_text(st, 2, today);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2));
    db_done(st);
    return RES_OK;
}

enum result report_manual_values(struct db *db, long long unit_id, const char *from,
                                 const char *to, long long *v)
{
    for (size_t i = 0; i < n_indicators; i++)
        v[i] = -1;
    /* the latest report over the period with the unit's accepted submission, or with those it
     * accepted */
    sqlite3_stmt *st = db_stmt(
        db, "SELECT rp.id, max(s.unit_id = ?1) FROM report rp JOIN submission s ON s.report_id ="
            " rp.id WHERE rp.period_from = ?2 AND rp.period_to = ?3 AND s.state = 'accepted'"
            " AND (s.unit_id = ?1 OR s.above_id = ?1) GROUP BY rp.id ORDER BY rp.id DESC LIMIT 1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    long long report = 0;
    int own = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        report = sqlite3_column_int64(st, 0);
        own = sqlite3_column_int(st, 1);
    }
    db_done(st);
    if (!report)
        return RES_OK;
    st = db_stmt(db, "SELECT sv.code, sum(sv.value) FROM submission s JOIN submission_value sv"
                     " ON sv.report_id = s.report_id AND sv.unit_id = s.unit_id WHERE"
                     " s.report_id = ?1 AND s.state = 'accepted' AND (CASE WHEN ?3 THEN"
                     " s.unit_id = ?2 ELSE s.above_id = ?2 END) GROUP BY sv.code");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, report);
    sqlite3_bind_int64(st, 2, unit_id);
    sqlite3_bind_int(st, 3, own);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int at = indicator_index(db_col_text(st, 0));
        if (at >= 0 && indicators[at].source == IND_MANUAL)
            v[at] = sqlite3_column_int64(st, 1);
    }
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}
