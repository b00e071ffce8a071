/*
 * Essay contests; see contest.h. Mechanism layer: rules and SQL for contest, contest_reviewer,
 * essay and essay_score; counts under "essays.*" in the registries' roll-up; every write is
 * audited under "contest:ID" or "essay:ID" (a score's value goes only into the admin-only
 * audit log).
 */
#include "contest/contest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "unit/unit.h"

static const char *const tiers[] = { "first", "second", "third", NULL };

/* A contest as loaded for access checks. */
struct contest_row {
    long long id, unit_id;
    char path[UNIT_PATH_MAX];
    char awarded[11];
    long long quota[3];
    int organizer, reviewer; /* the caller's part in it */
};

static int step_done(sqlite3_stmt *st)
{
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (st)
        db_done(st);
    return rc == SQLITE_DONE;
}

static enum result contest_load(struct db *db, const struct actor *who, long long id,
                                struct contest_row *c, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT c.id, c.unit_id, u.path, c.awarded, c.q_first,"
                                   " c.q_second, c.q_third, EXISTS (SELECT 1 FROM contest_reviewer"
                                   " WHERE contest_id = c.id AND account_id = ?2) FROM contest c"
                                   " JOIN unit u ON u.id = c.unit_id WHERE c.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, who->account_id);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        c->id = sqlite3_column_int64(st, 0);
        c->unit_id = sqlite3_column_int64(st, 1);
        snprintf(c->path, sizeof(c->path), "%s", db_col_text(st, 2));
        snprintf(c->awarded, sizeof(c->awarded), "%s", db_col_text(st, 3));
        for (int i = 0; i < 3; i++)
            c->quota[i] = sqlite3_column_int64(st, 4 + i);
        c->reviewer = sqlite3_column_int(st, 7);
        found = path_overlap(who->unit_path, c->path);
        c->organizer = scope_has_path(who, c->path) && role_may(who->role, PERM_RECORD_WRITE);
    }
    db_done(st);
    return found ? RES_OK : err_set(err, RES_NOT_FOUND, "contest", "err.not_found");
}

/* Whether the caller sees the author and unit (and file name) of an essay of contest c, own
 * being whether the essay's unit lies in its scope: before the awards organizers who are not
 * reviewers and the submitting side; after them organizers and reviewers too. */
static int shows_names(const struct contest_row *c, int own)
{
    int awarded = c->awarded[0] != 0;
    return (c->organizer && !c->reviewer) || (awarded && (c->organizer || c->reviewer)) ||
           (own && !c->reviewer);
}

/* An essay the caller may see: its contest's reviewers and organizers see every essay, a
 * submitter those of units in its scope. */
struct essay_row {
    long long id, contest_id, tied, seq;
    char unit_path[UNIT_PATH_MAX];
    char tier[8], published[11], instructed[11];
    struct contest_row c;
};

static enum result essay_load(struct db *db, const struct actor *who, long long id,
                              struct essay_row *e, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT e.contest_id, u.path, e.tier, e.tied, e.published_day,"
                                   " e.instructed_day, e.seq FROM essay e JOIN unit u"
                                   " ON u.id = e.unit_id WHERE e.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        found = 1;
        e->id = id;
        e->contest_id = sqlite3_column_int64(st, 0);
        snprintf(e->unit_path, sizeof(e->unit_path), "%s", db_col_text(st, 1));
        snprintf(e->tier, sizeof(e->tier), "%s", db_col_text(st, 2));
        e->tied = sqlite3_column_int64(st, 3);
        snprintf(e->published, sizeof(e->published), "%s", db_col_text(st, 4));
        snprintf(e->instructed, sizeof(e->instructed), "%s", db_col_text(st, 5));
        e->seq = sqlite3_column_int64(st, 6);
    }
    db_done(st);
    if (!found || contest_load(db, who, e->contest_id, &e->c, err) != RES_OK ||
        !(e->c.organizer || e->c.reviewer || scope_has_path(who, e->unit_path)))
        return err_set(err, RES_NOT_FOUND, "essay", "err.not_found");
    return RES_OK;
}

/* ---- create ---- */

static enum result create(struct db *db, struct contest_job *job)
{
    const struct contest_input *in = &job->c;
    struct err *err = &job->err;
    struct unit u;
    enum result r = registry_unit(db, job->who, in->unit, &u, err);
    if (r != RES_OK)
        return r;
    if ((r = err_text(err, "title", in->title, 1, CONTEST_TITLE_MAX, 0)) != RES_OK ||
        (r = registry_day(in->from, "from", err)) != RES_OK ||
        (r = registry_day(in->to, "to", err)) != RES_OK)
        return r;
    if (strcmp(in->to, in->from) < 0)
        return err_set(err, RES_INVALID, "to", "err.bad_date");
    for (int i = 0; i < 3; i++)
        if (in->quota[i] < 0 || in->quota[i] > CONTEST_QUOTA_MAX)
            return err_setf(err, RES_INVALID, "quotas", "err.range", "0-%d", CONTEST_QUOTA_MAX);
    if (in->quota[0] + in->quota[1] + in->quota[2] == 0)
        return err_set(err, RES_INVALID, "quotas", "err.required");
    if (in->n_reviewers == 0)
        return err_set(err, RES_INVALID, "reviewers", "err.required");
    if (in->n_reviewers > CONTEST_REVIEWERS_MAX)
        return err_setf(err, RES_INVALID, "reviewers", "err.too_long", "%d", CONTEST_REVIEWERS_MAX);
    long long acc[CONTEST_REVIEWERS_MAX];
    for (size_t i = 0; i < in->n_reviewers; i++) {
        sqlite3_stmt *st = db_stmt(db, "SELECT id FROM account WHERE login = ?1 AND unit_id = ?2"
                                       " AND disabled = 0");
        if (!st)
            return db_fail(db, err);
        db_bind_text(st, 1, in->reviewers[i]);
        sqlite3_bind_int64(st, 2, u.id);
        acc[i] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        db_done(st);
        if (!acc[i])
            return err_setf(err, RES_INVALID, "reviewers", "err.contest_reviewer", "%s",
                            in->reviewers[i] ? in->reviewers[i] : "");
        for (size_t k = 0; k < i; k++)
            if (acc[k] == acc[i])
                return err_setf(err, RES_INVALID, "reviewers", "err.duplicate", "%s",
                                in->reviewers[i]);
    }
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO contest(unit_id, title, starts, ends, q_first,"
                                   " q_second, q_third) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (st) {
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, in->title);
        db_bind_text(st, 3, in->from);
        db_bind_text(st, 4, in->to);
        for (int i = 0; i < 3; i++)
            sqlite3_bind_int64(st, 5 + i, in->quota[i]);
    }
    if (!step_done(st))
        return db_fail(db, err);
    job->id = sqlite3_last_insert_rowid(db->h);
    json_t *names = json_array();
    for (size_t i = 0; i < in->n_reviewers; i++) {
        st = db_stmt(db, "INSERT INTO contest_reviewer(contest_id, account_id) VALUES (?1, ?2)");
        if (st) {
            sqlite3_bind_int64(st, 1, job->id);
            sqlite3_bind_int64(st, 2, acc[i]);
        }
        if (!step_done(st)) {
            json_decref(names);
            return db_fail(db, err);
        }
        json_array_append_new(names, json_string(in->reviewers[i]));
    }
    if (audit_record(db, job->who, "contest.create", "contest", job->id,
                     json_pack("{s:s, s:s, s:s, s:s, s:[I,I,I], s:o}", "unit", u.code, "title",
                               in->title, "from", in->from, "to", in->to, "quotas",
                               (json_int_t)in->quota[0], (json_int_t)in->quota[1],
                               (json_int_t)in->quota[2], "reviewers", names)) != RES_OK)
        return db_fail(db, err);
    return RES_OK;
}

/* ---- submit ---- */

static enum result submit(struct db *db, struct contest_job *job)
{
    const struct essay_input *in = &job->e;
    struct err *err = &job->err;
    struct contest_row c;
    enum result r = contest_load(db, job->who, job->id, &c, err);
    if (r != RES_OK)
        return r;
    if (c.awarded[0])
        return err_set(err, RES_CONFLICT, "contest", "err.contest_awarded");
    struct unit u;
    if ((r = registry_unit(db, job->who, in->unit, &u, err)) != RES_OK)
        return r;
    if (strncmp(u.path, c.path, strlen(c.path)) != 0 || strcmp(u.path, c.path) == 0)
        return err_set(err, RES_INVALID, "unit", "err.contest_below");
    if ((r = err_text(err, "title", in->title, 1, CONTEST_TITLE_MAX, 0)) != RES_OK ||
        (r = err_text(err, "text", in->text, !in->file, CONTEST_TEXT_MAX, 1)) != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.id = ?1 AND p.active = 1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, in->author);
    int ok = sqlite3_step(st) == SQLITE_ROW && scope_has_path(job->who, db_col_text(st, 0));
    db_done(st);
    if (!ok)
        return err_set(err, RES_INVALID, "author", "err.not_found");
    char today[11];
    clock_today(today);
    /* the contest counts its essays (its list shows them), the count numbering the new one */
    st = db_stmt(db, "UPDATE contest SET n_essays = n_essays + 1 WHERE id = ?1 RETURNING n_essays");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, c.id);
    long long seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    if (!seq)
        return db_fail(db, err);
    st = db_stmt(db, "INSERT INTO essay(contest_id, seq, unit_id, title, author_id, body,"
                     " submitted, file_name) VALUES (?1, ?7, ?2, ?3, ?4, ?5, ?6, ?8)");
    if (st) {
        sqlite3_bind_int64(st, 7, seq);
        db_bind_text(st, 8, in->file ? in->file->name : "");
        sqlite3_bind_int64(st, 1, c.id);
        sqlite3_bind_int64(st, 2, u.id);
        db_bind_text(st, 3, in->title);
        sqlite3_bind_int64(st, 4, in->author);
        db_bind_text(st, 5, in->text ? in->text : "");
        db_bind_text(st, 6, today);
    }
    if (!step_done(st))
        return db_fail(db, err);
    job->id = sqlite3_last_insert_rowid(db->h);
    long long file_id = 0;
    if (in->file && (r = attachment_add(db, ATTACH_ESSAY, job->id, 0, in->file, CONTEST_FILE_MAX,
                                        &file_id, err)) != RES_OK)
        return r;
    if (registry_count(db, u.path, today, "essays.submitted", 1) != RES_OK ||
        audit_record(db, job->who, "essay.submit", "essay", job->id,
                     json_pack("{s:I, s:s, s:s, s:I, s:I}", "contest", (json_int_t)c.id, "unit",
                               u.code, "title", in->title, "author", (json_int_t)in->author,
                               "file", (json_int_t)file_id)) != RES_OK)
        return db_fail(db, err);
    return RES_OK;
}

/* ---- score ---- */

static enum result score(struct db *db, struct contest_job *job)
{
    struct essay_row e;
    struct err *err = &job->err;
    enum result r = essay_load(db, job->who, job->id, &e, err);
    if (r != RES_OK)
        return r;
    if (!e.c.reviewer)
        return err_set(err, RES_FORBIDDEN, "essay", "err.contest_not_reviewer");
    if (job->score < 0 || job->score > 100)
        return err_setf(err, RES_INVALID, "score", "err.range", "0-100");
    if (e.c.awarded[0])
        return err_set(err, RES_CONFLICT, "essay", "err.contest_awarded");
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO essay_score(essay_id, account_id, score) VALUES"
                                   " (?1, ?2, ?3) ON CONFLICT(essay_id, account_id) DO UPDATE SET"
                                   " score = ?3");
    if (st) {
        sqlite3_bind_int64(st, 1, e.id);
        sqlite3_bind_int64(st, 2, job->who->account_id);
        sqlite3_bind_int64(st, 3, job->score);
    }
    if (!step_done(st) ||
        audit_record(db, job->who, "essay.score", "essay", e.id,
                     json_pack("{s:I}", "score", (json_int_t)job->score)) != RES_OK)
        return db_fail(db, err);
    return RES_OK;
}

/* ---- awards ---- */

struct ranked {
    long long id, sum;
    char path[UNIT_PATH_MAX];
};

static int by_sum(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->sum != y->sum)
        return x->sum < y->sum ? 1 : -1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static enum result set_tier(struct db *db, const struct ranked *e, const char *tier, int tied,
                            const char *today)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE essay SET tier = ?2, tied = ?3, awarded = ?4"
                                   " WHERE id = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, e->id);
        db_bind_text(st, 2, tier);
        sqlite3_bind_int(st, 3, tied);
        db_bind_text(st, 4, tied ? "" : today);
    }
    if (!step_done(st))
        return RES_FAIL;
    if (!*tier)
        return RES_OK;
    char key[32];
    snprintf(key, sizeof(key), "essays.%s", tier);
    return registry_count(db, e->path, today, key, 1);
}

static enum result award(struct db *db, struct contest_job *job)
{
    struct contest_row c;
    struct err *err = &job->err;
    enum result r = contest_load(db, job->who, job->id, &c, err);
    if (r != RES_OK)
        return r;
    if (!c.organizer)
        return err_set(err, RES_FORBIDDEN, "contest", "err.forbidden");
    if (c.awarded[0])
        return err_set(err, RES_CONFLICT, "contest", "err.contest_awarded");
    /* every essay scored by every reviewer */
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM essay e JOIN contest_reviewer r ON"
                                   " r.contest_id = e.contest_id WHERE e.contest_id = ?1 AND"
                                   " NOT EXISTS (SELECT 1 FROM essay_score s WHERE s.essay_id ="
                                   " e.id AND s.account_id = r.account_id)");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, c.id);
    long long missing = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    db_done(st);
    if (missing != 0)
        return missing < 0 ? db_fail(db, err)
                           : err_setf(err, RES_CONFLICT, "contest", "err.contest_unscored", "%lld",
                                      missing);
    st = db_stmt(db, "SELECT e.id, (SELECT sum(score) FROM essay_score s WHERE s.essay_id = e.id),"
                     " u.path, (SELECT count(*) FROM contest_reviewer WHERE contest_id = ?1)"
                     " FROM essay e JOIN unit u ON u.id = e.unit_id WHERE e.contest_id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, c.id);
    size_t n = 0, cap = 64;
    long long n_rev = 1;
    struct ranked *list = xmalloc(cap * sizeof(*list));
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap)
            list = xrealloc(list, (cap *= 2) * sizeof(*list));
        list[n].id = sqlite3_column_int64(st, 0);
        list[n].sum = sqlite3_column_int64(st, 1);
        snprintf(list[n].path, sizeof(list[n].path), "%s", db_col_text(st, 2));
        n_rev = sqlite3_column_int64(st, 3);
        n++;
    }
    db_done(st);
    if (n == 0) {
        free(list);
        return err_set(err, RES_CONFLICT, "contest", "err.contest_no_essays");
    }
    qsort(list, n, sizeof(*list), by_sum);
    /* places [0, edge[0]) first, [edge[0], edge[1]) second, [edge[1], edge[2]) third */
    size_t edge[3];
    long long acc = 0;
    for (int t = 0; t < 3; t++) {
        acc += c.quota[t];
        edge[t] = (size_t)acc;
    }
    char today[11];
    clock_today(today);
    json_t *awards = json_array(), *ties = json_array();
    r = RES_OK;
    for (size_t i = 0; i < n && r == RES_OK;) {
        size_t j = i;
        while (j < n && list[j].sum == list[i].sum)
            j++;
        /* the group [i, j) of equal means: tied when a quota's edge falls strictly inside it */
        int tier_i = -1, tier_last = -1;
        for (int t = 2; t >= 0; t--) {
            size_t lo = t ? edge[t - 1] : 0;
            if (i >= lo && i < edge[t])
                tier_i = t;
            if (j - 1 >= lo && j - 1 < edge[t])
                tier_last = t;
        }
        double mean = (double)list[i].sum / (double)n_rev;
        if (tier_i >= 0 && tier_i != tier_last) {
            json_t *ids = json_array(), *spans = json_array();
            for (int t = tier_i; t <= (tier_last < 0 ? 2 : tier_last); t++)
                json_array_append_new(spans, json_string(tiers[t]));
            if (tier_last < 0)
                json_array_append_new(spans, json_string("none"));
            for (size_t k = i; k < j && r == RES_OK; k++) {
                json_array_append_new(ids, json_integer(list[k].id));
                r = set_tier(db, &list[k], "", 1, today);
            }
            json_array_append_new(ties,
                                  json_pack("{s:o, s:f, s:I, s:o}", "essays", ids, "mean", mean,
                                            "from_place", (json_int_t)i + 1, "tiers", spans));
        } else {
            for (size_t k = i; k < j && r == RES_OK; k++) {
                r = set_tier(db, &list[k], tier_i >= 0 ? tiers[tier_i] : "", 0, today);
                if (tier_i >= 0)
                    json_array_append_new(awards, json_pack("{s:I, s:s, s:f}", "essay",
                                                            (json_int_t)list[k].id, "tier",
                                                            tiers[tier_i], "mean", mean));
            }
        }
        i = j;
    }
    free(list);
    st = db_stmt(db, "UPDATE contest SET awarded = ?2 WHERE id = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, c.id);
        db_bind_text(st, 2, today);
    }
    if (r != RES_OK || !step_done(st) ||
        audit_record(db, job->who, "contest.award", "contest", c.id,
                     json_pack("{s:O, s:O}", "awards", awards, "ties", ties)) != RES_OK) {
        json_decref(awards);
        json_decref(ties);
        return db_fail(db, err);
    }
    job->out = json_pack("{s:o, s:o}", "awards", awards, "ties", ties);
    return RES_OK;
}

/* An organizer's decision on an essay left tied at the awards. */
static enum result decide(struct db *db, struct contest_job *job)
{
    struct essay_row e;
    struct err *err = &job->err;
    enum result r = essay_load(db, job->who, job->id, &e, err);
    if (r != RES_OK)
        return r;
    if (!e.c.organizer)
        return err_set(err, RES_FORBIDDEN, "essay", "err.forbidden");
    static const char *const choices[] = { "first", "second", "third", "none", NULL };
    if ((r = registry_enum(job->text, choices, "tier", err)) != RES_OK)
        return r;
    if (!e.tied)
        return err_set(err, RES_CONFLICT, "essay", "err.contest_not_tied");
    int t = -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(job->text, tiers[i]) == 0)
            t = i;
    if (t >= 0) {
        sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM essay WHERE contest_id = ?1 AND"
                                       " tier = ?2");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, e.contest_id);
        db_bind_text(st, 2, tiers[t]);
        long long used = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        db_done(st);
        if (used >= e.c.quota[t])
            return err_setf(err, RES_CONFLICT, "tier", "err.contest_quota_full", "%lld",
                            e.c.quota[t]);
    }
    char today[11];
    clock_today(today);
    struct ranked one = { .id = e.id };
    snprintf(one.path, sizeof(one.path), "%s", e.unit_path);
    if (set_tier(db, &one, t >= 0 ? tiers[t] : "", 0, today) != RES_OK ||
        audit_record(db, job->who, "essay.award", "essay", e.id,
                     json_pack("{s:s}", "tier", job->text)) != RES_OK)
        return db_fail(db, err);
    return RES_OK;
}

/* Published (where) or instructed (by whom); counted the first time. */
static enum result flag(struct db *db, struct contest_job *job)
{
    struct essay_row e;
    struct err *err = &job->err;
    enum result r = essay_load(db, job->who, job->id, &e, err);
    if (r != RES_OK)
        return r;
    if (!e.c.organizer)
        return err_set(err, RES_FORBIDDEN, "essay", "err.forbidden");
    int pub = job->op == CONTEST_PUBLISHED;
    const char *field = pub ? "where" : "by";
    if ((r = err_text(err, field, job->text, 1, CONTEST_NOTE_MAX, 0)) != RES_OK)
        return r;
    char today[11];
    clock_today(today);
    const char *had = pub ? e.published : e.instructed;
    sqlite3_stmt *st =
        db_stmt(db, pub ? "UPDATE essay SET published = ?2, published_day = ?3 WHERE id = ?1"
                        : "UPDATE essay SET instructed = ?2, instructed_day = ?3 WHERE id = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, e.id);
        db_bind_text(st, 2, job->text);
        db_bind_text(st, 3, *had ? had : today);
    }
    if (!step_done(st) ||
        (!*had && registry_count(db, e.unit_path, today,
                                 pub ? "essays.published" : "essays.instructed", 1) != RES_OK) ||
        audit_record(db, job->who, pub ? "essay.published" : "essay.instructed", "essay", e.id,
                     json_pack("{s:s}", field, job->text)) != RES_OK)
        return db_fail(db, err);
    return RES_OK;
}

enum result contest_run(struct db *db, struct contest_job *job)
{
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, &job->err);
    enum result r;
    switch (job->op) {
    case CONTEST_CREATE: r = create(db, job); break;
    case CONTEST_SUBMIT: r = submit(db, job); break;
    case CONTEST_SCORE: r = score(db, job); break;
    case CONTEST_AWARD: r = award(db, job); break;
    case CONTEST_DECIDE: r = decide(db, job); break;
    default: r = flag(db, job); break;
    }
    if (r != RES_OK) {
        db_tx_rollback(db);
        json_decref(job->out);
        job->out = NULL;
        return r;
    }
    if (db_tx_commit(db) != RES_OK) {
        json_decref(job->out);
        job->out = NULL;
        return db_fail(db, &job->err);
    }
    return RES_OK;
}

enum result contest_job(struct db *db, void *arg)
{
    return contest_run(db, arg);
}

/* ---- reads ---- */

static json_t *contest_json(sqlite3_stmt *st)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:I, s:I}, s:s, s:I}", "id",
        (json_int_t)sqlite3_column_int64(st, 0), "title", db_col_text(st, 1), "unit",
        db_col_text(st, 2), "unit_name", db_col_text(st, 3), "from", db_col_text(st, 4), "to",
        db_col_text(st, 5), "quotas", "first", (json_int_t)sqlite3_column_int64(st, 6), "second",
        (json_int_t)sqlite3_column_int64(st, 7), "third", (json_int_t)sqlite3_column_int64(st, 8),
        "awarded", db_col_text(st, 9), "essays", (json_int_t)sqlite3_column_int64(st, 10));
}

#define CONTEST_COLS                                                                               \
    "c.id, c.title, u.code, u.name, c.starts, c.ends, c.q_first, c.q_second, c.q_third,"           \
    " c.awarded, c.n_essays"

/* Contests the span lists: organized in it, or (its unit's essays may go up) above its unit;
 * ?5 narrows to "open" (not yet awarded) or "awarded". */
#define CONTEST_SPAN_SQL                                                                           \
    "((u.path >= ?1 AND u.path < ?2) OR instr(?1, u.path) = 1) AND c.starts >= ?3 AND"             \
    " c.starts <= ?4 AND (?5 IS NULL OR (c.awarded <> '') = (?5 = 'awarded'))"

const char *const contest_kinds[] = { "open", "awarded", NULL };

enum result contest_list(struct db *db, const struct actor *who, const struct registry_span *s,
                         long long offset, long long limit, json_t **out, long long *total,
                         struct err *err)
{
    (void)who;
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM contest c JOIN unit u ON u.id ="
                                   " c.unit_id WHERE " CONTEST_SPAN_SQL);
    if (!st)
        return db_fail(db, err);
    registry_bind_span(st, s);
    *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    st = db_stmt(db, "SELECT " CONTEST_COLS " FROM contest c JOIN unit u ON u.id = c.unit_id"
                     " WHERE " CONTEST_SPAN_SQL " ORDER BY c.starts DESC, c.id DESC"
                     " LIMIT ?6 OFFSET ?7");
    if (!st)
        return db_fail(db, err);
    registry_bind_span(st, s);
    sqlite3_bind_int64(st, 6, limit);
    sqlite3_bind_int64(st, 7, offset);
    *out = json_array();
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(*out, contest_json(st));
    db_done(st);
    return RES_OK;
}

enum result contest_get(struct db *db, const struct actor *who, long long id, json_t **out,
                        struct err *err)
{
    struct contest_row c;
    enum result r = contest_load(db, who, id, &c, err);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT " CONTEST_COLS " FROM contest c JOIN unit u ON u.id ="
                                   " c.unit_id WHERE c.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    json_t *doc = sqlite3_step(st) == SQLITE_ROW ? contest_json(st) : NULL;
    db_done(st);
    if (!doc)
        return db_fail(db, err);
    int awarded = c.awarded[0] != 0;
    int all = c.organizer || c.reviewer;
    json_object_set_new(doc, "organizer", json_boolean(c.organizer));
    json_object_set_new(doc, "reviewer", json_boolean(c.reviewer));
    json_t *revs = json_array();
    if (c.organizer) {
        st = db_stmt(db, "SELECT a.login FROM contest_reviewer r JOIN account a ON a.id ="
                         " r.account_id WHERE r.contest_id = ?1 ORDER BY a.login");
        if (!st) {
            json_decref(doc);
            return db_fail(db, err);
        }
        sqlite3_bind_int64(st, 1, id);
        while (sqlite3_step(st) == SQLITE_ROW)
            json_array_append_new(revs, json_string(db_col_text(st, 0)));
        db_done(st);
    }
    json_object_set_new(doc, "reviewers", revs);
    st = db_stmt(db, "SELECT e.id, e.seq, e.title, e.body, u.code, u.name, p.id, p.name, u.path,"
                     " (SELECT score FROM essay_score WHERE essay_id = e.id AND account_id = ?2),"
                     " (SELECT count(*) FROM essay_score s JOIN contest_reviewer r ON"
                     " r.contest_id = e.contest_id AND r.account_id = s.account_id WHERE"
                     " s.essay_id = e.id), (SELECT avg(score) FROM essay_score WHERE essay_id ="
                     " e.id), e.tier, e.tied, e.published, e.instructed, (SELECT count(*) FROM"
                     " contest_reviewer WHERE contest_id = e.contest_id), e.file_name FROM essay e"
                     " JOIN unit u ON u.id = e.unit_id JOIN person p ON p.id = e.author_id WHERE"
                     " e.contest_id = ?1 ORDER BY e.seq");
    if (!st) {
        json_decref(doc);
        return db_fail(db, err);
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, who->account_id);
    json_t *essays = json_array();
    long long unscored = 0;
    json_t *organizer_rows = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        int own = scope_has_path(who, db_col_text(st, 8));
        if (!all && !own)
            continue;
        json_t *e =
            json_pack("{s:I, s:I, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "number",
                      (json_int_t)sqlite3_column_int64(st, 1), "title", db_col_text(st, 2));
        if (all)
            json_object_set_new(e, "text", json_string(db_col_text(st, 3)));
        int names = shows_names(&c, own);
        json_object_set_new(e, "has_file", json_boolean(*db_col_text(st, 17)));
        if (names && *db_col_text(st, 17))
            json_object_set_new(e, "file", json_string(db_col_text(st, 17)));
        if (names) {
            json_object_set_new(e, "unit", json_string(db_col_text(st, 4)));
            json_object_set_new(e, "unit_name", json_string(db_col_text(st, 5)));
            json_object_set_new(e, "author", json_integer(sqlite3_column_int64(st, 6)));
            json_object_set_new(e, "author_name", json_string(db_col_text(st, 7)));
        }
        if (c.reviewer)
            json_object_set_new(e, "my_score",
                                sqlite3_column_type(st, 9) == SQLITE_NULL
                                    ? json_null()
                                    : json_integer(sqlite3_column_int64(st, 9)));
        long long n_scored = sqlite3_column_int64(st, 10), n_rev = sqlite3_column_int64(st, 16);
        if (n_scored < n_rev)
            unscored++;
        if (c.organizer) {
            json_object_set_new(e, "scored", json_integer(n_scored));
            json_array_append(organizer_rows, e);
            if (sqlite3_column_type(st, 11) != SQLITE_NULL)
                json_object_set_new(e, "mean", json_real(sqlite3_column_double(st, 11)));
        }
        if (awarded || c.organizer) {
            json_object_set_new(e, "tier", json_string(db_col_text(st, 12)));
            json_object_set_new(e, "tied", json_boolean(sqlite3_column_int(st, 13)));
            json_object_set_new(e, "published", json_string(db_col_text(st, 14)));
            json_object_set_new(e, "instructed", json_string(db_col_text(st, 15)));
        }
        json_array_append_new(essays, e);
    }
    db_done(st);
    /* means only once every essay is fully scored (none shown to a reviewer before) */
    if (unscored || (c.reviewer && !awarded)) {
        size_t i;
        json_t *e;
        json_array_foreach(organizer_rows, i, e) json_object_del(e, "mean");
    }
    json_decref(organizer_rows);
    json_object_set_new(doc, "unscored", json_integer(unscored));
    json_object_set_new(doc, "essays", essays); /* the count of the list becomes the list */
    *out = doc;
    return RES_OK;
}

/* ---- import ---- */

struct import_ctx {
    struct db *db;
    const struct actor *who;
    long long *n_added;
};

static enum result import_row(void *ctx, char **f, struct err *e)
{
    struct import_ctx *ic = ctx;
    struct contest_job job = { .who = ic->who, .op = CONTEST_SUBMIT };
    if (str_to_ll(f[0], 1, 1LL << 62, &job.id) != 0)
        return err_set(e, RES_INVALID, "contest", "err.bad_type");
    if (str_to_ll(f[3], 1, 1LL << 62, &job.e.author) != 0)
        return err_set(e, RES_INVALID, "author", "err.bad_type");
    job.e.unit = f[1];
    job.e.title = f[2];
    job.e.text = f[4];
    enum result r = contest_run(ic->db, &job);
    if (r != RES_OK) {
        *e = job.err;
        return r;
    }
    (*ic->n_added)++;
    return RES_OK;
}

/* the import file's columns, their named values (catalog prefixes) and dates */
static const char *const import_header[] = { "contest", "unit", "title", "author", "text" };
const struct csv_columns contest_import_columns = { import_header, 5, 0, NULL };

enum result contest_import(struct db *db, const struct actor *who, long long unused,
                           const char *data, size_t len, long long *n_added,
                           const struct import_report *rep)
{
    (void)unused;
    struct import_ctx ic = { db, who, n_added };
    *n_added = 0;
    enum result r = db_import_csv(db, data, len, &contest_import_columns, import_row, &ic, rep);
    if (r != RES_OK)
        *n_added = 0;
    return r;
}

/* A blind reader's copy of the file: named by the essay's number, not as uploaded. */
struct blind_file {
    long long number; /* the essay's number in its contest */
    void (*fn)(void *ctx, const char *name, const char *type, const void *data, size_t size);
    void *ctx;
};

static void send_blind(void *ctx, const char *name, const char *type, const void *data,
                       size_t size)
{
    struct blind_file *b = ctx;
    const char *dot = strrchr(name, '.');
    char renamed[64];
    snprintf(renamed, sizeof(renamed), "essay-%lld%.10s", b->number, dot ? dot : "");
    b->fn(b->ctx, renamed, type, data, size);
}

enum result contest_essay_file(struct db *db, const struct actor *who, long long essay,
                               void (*fn)(void *ctx, const char *name, const char *type,
                                          const void *data, size_t size),
                               void *ctx, struct err *err)
{
    struct essay_row e;
    enum result r = essay_load(db, who, essay, &e, err);
    if (r != RES_OK)
        return r;
    struct blind_file b = { e.seq, fn, ctx };
    int names = shows_names(&e.c, scope_has_path(who, e.unit_path));
    r = attachment_read_first(db, ATTACH_ESSAY, essay, names ? fn : send_blind, names ? ctx : &b);
    if (r == RES_FAIL)
        return db_fail(db, err);
    return r == RES_OK ? RES_OK : err_set(err, RES_NOT_FOUND, "essay", "err.not_found");
}
