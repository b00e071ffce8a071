/*
 * The registries' roll-up counts; see registry.h.
 */
#include "registry/registry.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/str.h"
#include "task/task_cycle.h"
#include "task/task_int.h"

const char *const registry_keys[] = {
    "rules.new",           "rules.revised",         "rules.repealed",
    "rules.category.selection", "rules.category.supervision", "rules.category.internal",
    "rules.category.other", "commendations.events", "commendations.persons",
    "essays.submitted",    "essays.published",      "essays.instructed",
    "essays.first",        "essays.second",         "essays.third",
    "media.county",        "media.city",            "media.province",
    "media.central",       "meetings.conference",   "meetings.leadership",
    "meetings.forum",      "meetings.study",        "research.written",
    "research.adopted",    "discipline.cases",      "discipline.persons",
    "training.classes",    "training.person_times", "exam.takers",
    "evaluation.sessions", "evaluation.ballots",
};
const size_t registry_n_keys = sizeof(registry_keys) / sizeof(registry_keys[0]);

const char *const registry_levels[] = { "county", "city", "province", "central", NULL };

/* The day of the rows that count every day: sorts before any date (see opinion_tally.c). */
static const char ALL_DAYS[] = "*";

enum result registry_counts_up(struct db *db, const char *path, const char *sql, const char *day,
                               int all_days, const char *key, const long long *v, int n_v)
{
    long long ids[UNIT_PATH_MAX / 2];
    int n = path_ids(path, ids, UNIT_PATH_MAX / 2);
    char month[9] = "m";
    if (all_days) /* "m" and the day's year and month, as the rows by month are keyed */
        str_copy(month + 1, 8, day);
    const char *days[] = { day, month, ALL_DAYS };
    for (int i = 0; i < n * (all_days ? 3 : 1); i++)
        if (db_counts_add(db, sql, ids[i % n], days[i / n], key, v, n_v) != RES_OK)
            return RES_FAIL;
    return RES_OK;
}

enum result registry_count(struct db *db, const char *unit_path, const char *day, const char *key,
                           long long delta)
{
    return registry_counts_up(db, unit_path,
                              "INSERT INTO registry_tally(unit_id, day, key, n) VALUES (?1, ?2, ?3,"
                              " ?4) ON CONFLICT(unit_id, key, day) DO UPDATE SET n = n + ?4",
                              day, 1, key, &delta, 1);
}

/* Runs st, whose ?1 is bound and whose ?2 is a key, for each of the n_keys keys: n[i] gets the
 * first column of keys[i]'s row. */
static enum result each_key(sqlite3_stmt *st, const char *const *keys, size_t n_keys, long long *n)
{
    int rc = SQLITE_ROW;
    for (size_t i = 0; i < n_keys && rc == SQLITE_ROW; i++) {
        db_bind_text(st, 2, keys[i]);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            n[i] = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    db_done(st);
    return rc == SQLITE_ROW ? RES_OK : RES_FAIL;
}

/* Fills n[i] with the count of keys[i] (n_keys of them) over the unit's subtree for all days:
 * a few keys (a list's total) a seek each, more (the figures) the unit's all-days rows in one
 * range (some fifty keys: a list's total read that way cost a registry page a twelfth). */
static enum result sum_all_days(struct db *db, long long unit_id, const char *const *keys,
                                size_t n_keys, long long *n)
{
    sqlite3_stmt *st;
    if (n_keys <= 4) {
        st = db_stmt(db, "SELECT coalesce((SELECT n FROM registry_tally WHERE unit_id = ?1"
                         " AND key = ?2 AND day = '*'), 0)");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, unit_id);
        return each_key(st, keys, n_keys, n);
    }
    st = db_stmt(db, "SELECT key, n FROM registry_tally INDEXED BY registry_tally_all"
                     " WHERE unit_id = ?1 AND day = '*'");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = db_col_text(st, 0);
        for (size_t i = 0; i < n_keys; i++)
            if (strcmp(key, keys[i]) == 0) {
                n[i] = sqlite3_column_int64(st, 1);
                break;
            }
    }
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result registry_sums_of(struct db *db, long long unit_id, const char *from, const char *to,
                             const char *const *keys, size_t n_keys, long long *n)
{
    memset(n, 0, n_keys * sizeof(*n));
    if ((!from || !*from) && (!to || !*to))
        return sum_all_days(db, unit_id, keys, n_keys, n);
    /* a period's days and whole months (see period_rows): a few index seeks per key, never a
     * scan of the unit's rows of every day */
    struct period_rows p;
    period_rows(from && *from ? from : "0000-00-00", to && *to ? to : "9999-99-99", &p);
    sqlite3_stmt *st = db_stmt(
        db, "SELECT coalesce((SELECT sum(n) FROM registry_tally WHERE unit_id = ?1 AND key = ?2"
            " AND day BETWEEN ?3 AND ?4), 0) + coalesce((SELECT sum(n) FROM registry_tally"
            " WHERE unit_id = ?1 AND key = ?2 AND day BETWEEN ?5 AND ?6), 0) + coalesce((SELECT"
            " sum(n) FROM registry_tally WHERE unit_id = ?1 AND key = ?2 AND day BETWEEN ?7 AND"
            " ?8), 0)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    db_bind_period(st, 3, &p);
    return each_key(st, keys, n_keys, n);
}

enum result registry_sums(struct db *db, long long unit_id, const char *from, const char *to,
                          long long *n)
{
    return registry_sums_of(db, unit_id, from, to, registry_keys, registry_n_keys, n);
}

int registry_key_index(const char *key)
{
    for (size_t i = 0; i < registry_n_keys; i++)
        if (strcmp(key, registry_keys[i]) == 0)
            return (int)i;
    return -1;
}

void registry_media_above(const long long *n, long long *city_up, long long *province_up)
{
    long long province = n[registry_key_index("media.province")],
              central = n[registry_key_index("media.central")];
    *province_up = province + central;
    *city_up = n[registry_key_index("media.city")] + *province_up;
}

long long registry_tally_total(struct db *db, const struct registry_filter *f,
                               const struct registry_span *s, const char *const *keys)
{
    size_t n_keys = 0;
    while (keys[n_keys])
        n_keys++;
    long long n[8], total = 0;
    if (!f->subtree || n_keys > 8 ||
        registry_sums_of(db, s->unit.id, f->from, f->to, keys, n_keys, n) != RES_OK)
        return -1;
    for (size_t i = 0; i < n_keys; i++)
        total += n[i];
    return total;
}

int registry_by_day(const struct registry_filter *f, long long total, long long of_table)
{
    return f->limit > 0 && f->limit <= 1000 && f->offset <= 1000 &&
           (total > 1000 || total * 20 >= of_table);
}

enum result registry_rebuild_rows(struct db *db, const char *select)
{
    /* each record's rows for its unit and every unit above it, then the all-days rows */
    struct buf sql;
    buf_init(&sql, 1 << 16);
    buf_addf(&sql,
             "INSERT INTO registry_tally(unit_id, key, day, n) SELECT u.id, x.key, x.day,"
             " sum(x.n) FROM (%s) x JOIN unit lu ON lu.id = x.unit_id JOIN unit u"
             " ON lu.path >= u.path AND lu.path < substr(u.path, 1, length(u.path) - 1) || '0'"
             " WHERE 1 GROUP BY u.id, x.key, x.day ON CONFLICT(unit_id, key, day)"
             " DO UPDATE SET n = n + excluded.n",
             select);
    enum result r = db_exec(db, buf_str(&sql));
    buf_release(&sql);
    return r;
}

/* Each registry's records as rows of (unit_id, day, key, n); a registry adds its own. */
static const char *const rebuild_selects[] = {
    "SELECT unit_id, day, 'commendations.events' AS key, count(*) AS n FROM commendation"
    " GROUP BY unit_id, day",
    "SELECT c.unit_id, c.day, 'commendations.persons' AS key, count(*) AS n FROM"
    " commendation_person p JOIN commendation c ON c.id = p.commendation_id"
    " GROUP BY c.unit_id, c.day",
    "SELECT unit_id, day, 'media.' || level AS key, count(*) AS n FROM media"
    " GROUP BY unit_id, day, level",
    "SELECT unit_id, day, 'meetings.' || kind AS key, count(*) AS n FROM meeting"
    " GROUP BY unit_id, day, kind",
    "SELECT unit_id, effective AS day, 'rules.' || action AS key, count(*) AS n FROM rule_version GROUP BY 1, 2, 3",
    "SELECT v.unit_id AS unit_id, v.effective AS day, 'rules.category.' || r.category AS key, count(*) AS n FROM rule_version v JOIN rule r ON r.id = v.rule_id WHERE v.version = 1 GROUP BY 1, 2, 3",
    /* contests */
    "SELECT unit_id, submitted AS day, 'essays.submitted' AS key, count(*) AS n FROM essay"
    " GROUP BY 1, 2 UNION ALL SELECT unit_id, awarded, 'essays.' || tier, count(*) FROM essay"
    " WHERE tier <> '' GROUP BY 1, 2, 3 UNION ALL SELECT unit_id, published_day,"
    " 'essays.published', count(*) FROM essay WHERE published_day <> '' GROUP BY 1, 2"
    " UNION ALL SELECT unit_id, instructed_day, 'essays.instructed', count(*) FROM essay"
    " WHERE instructed_day <> '' GROUP BY 1, 2",
    "SELECT unit_id, day, 'research.written' AS key, count(*) AS n FROM research GROUP BY unit_id, day",
    "SELECT unit_id, day, 'research.adopted' AS key, count(*) AS n FROM research WHERE adopted_by IS NOT NULL GROUP BY unit_id, day",
    "SELECT unit_id, day, 'discipline.cases' AS key, count(*) AS n FROM discipline GROUP BY unit_id, day",
    "SELECT d.unit_id, d.day, 'discipline.persons' AS key, 1 AS n FROM discipline d WHERE d.id = (SELECT e.id FROM discipline e WHERE e.person_id = d.person_id ORDER BY e.day, e.id LIMIT 1)",
    /* training and tests, counted beside the registries: classes and enrolments on the class's
     * first day for its organiser, takers on their first sitting's day (UTC+8) for their unit */
    "SELECT unit_id, starts AS day, 'training.classes' AS key, count(*) AS n FROM training_class"
    " GROUP BY 1, 2",
    "SELECT c.unit_id, c.starts AS day, 'training.person_times' AS key, count(*) AS n FROM"
    " training_enrol e JOIN training_class c ON c.id = e.class_id GROUP BY 1, 2",
    "SELECT unit_id, date(started, 'unixepoch', '+8 hours') AS day, 'exam.takers' AS key,"
    " count(*) AS n FROM sitting WHERE attempt = 1 GROUP BY 1, 2",
    /* tasks on their deadline, accepted ones on the day accepted, supervision on the day it was
     * recorded for the lead unit, signed notices on the day signed for each addressee */
    "SELECT lead_unit_id AS unit_id, deadline AS day, 'task.total' AS key, count(*) AS n"
    " FROM task GROUP BY 1, 2 UNION ALL SELECT lead_unit_id, finished, 'task.accepted',"
    " count(*) FROM task WHERE state = 'accepted' GROUP BY 1, 2 UNION ALL SELECT lead_unit_id,"
    " finished, 'task.on_time', count(*) FROM task t WHERE state = 'accepted' AND "
    TASK_DONE_DAY " <= deadline GROUP BY 1, 2",
    /* the supervision figures of each task as counted (task_book.c) on the day it was issued,
     * the leaders' instructions on their day */
    "SELECT t.lead_unit_id AS unit_id, substr(t.created, 1, 10) AS day, b.column2 AS key,"
    " count(*) AS n FROM task t JOIN " TASK_BOOK_VALUES " b ON b.column1 >= 0"
    " AND (t.booked >> b.column1) & 1 GROUP BY 1, 2, 3",
    "SELECT h.unit_id, v.period_to AS day, 'survey.respondents' AS key, sum(h.forms + h.answered)"
    " AS n FROM survey_sheets h JOIN survey v ON v.id = h.survey_id WHERE v.state = 'closed'"
    " GROUP BY 1, 2 HAVING sum(h.forms + h.answered) > 0",
    "SELECT unit_id, day, 'instruction.received' AS key, count(*) AS n FROM instruction"
    " GROUP BY 1, 2 UNION ALL SELECT unit_id, day, 'instruction.done', count(*)"
    " FROM instruction WHERE done = 1 GROUP BY 1, 2",
    "SELECT t.lead_unit_id AS unit_id, substr(v.created, 1, 10) AS day, 'supervision.' ||"
    " v.kind || 's' AS key, count(*) AS n FROM supervision v JOIN task t ON t.id = v.task_id"
    " WHERE v.kind <> 'notice' GROUP BY 1, 2, 3 UNION ALL SELECT nt.unit_id, substr(n.decided,"
    " 1, 10), 'notice.' || n.kind || 's', count(*) FROM notice_to nt JOIN notice n"
    " ON n.id = nt.notice_id WHERE n.state = 'signed' GROUP BY 1, 2, 3",
    /* democratic evaluations, counted with their ballots on the day they close */
    "SELECT unit_id, substr(coalesce(closed, created), 1, 10) AS day, 'evaluation.sessions' AS key,"
    " count(*) AS n FROM evaluation WHERE state = 'closed' GROUP BY 1, 2",
    "SELECT e.unit_id, substr(coalesce(e.closed, e.created), 1, 10) AS day,"
    " 'evaluation.ballots' AS key, count(*) AS n FROM evaluation_ballot b JOIN evaluation e"
    " ON e.id = b.eval_id WHERE e.state = 'closed' GROUP BY 1, 2",
    NULL,
};

enum result registry_tally_rebuild(struct db *db)
{
    if (db_exec(db, "DELETE FROM registry_tally") != RES_OK)
        return RES_FAIL;
    for (size_t i = 0; rebuild_selects[i]; i++)
        if (registry_rebuild_rows(db, rebuild_selects[i]) != RES_OK)
            return RES_FAIL;
    /* the rows of every day and of each month, from the rows of each day */
    if (db_exec(db, "INSERT INTO registry_tally(unit_id, key, day, n) SELECT unit_id, key,"
                    " '*', sum(n) FROM registry_tally WHERE day <> '*' GROUP BY unit_id, key") !=
        RES_OK)
        return RES_FAIL;
    return db_exec(db, "INSERT INTO registry_tally(unit_id, key, day, n) SELECT unit_id, key,"
                       " 'm' || substr(day, 1, 7), sum(n) FROM registry_tally WHERE day BETWEEN"
                       " '0' AND '9' GROUP BY unit_id, key, substr(day, 1, 7)");
}

enum result registry_enum(const char *value, const char *const *allowed, const char *field,
                          struct err *err)
{
    struct buf list;
    buf_init(&list, 256);
    for (size_t i = 0; allowed[i]; i++) {
        if (value && strcmp(value, allowed[i]) == 0) {
            buf_release(&list);
            return RES_OK;
        }
        buf_addf(&list, "%s%s", i ? "|" : "", allowed[i]);
    }
    if (!value || !*value)
        err_set(err, RES_INVALID, field, "err.required");
    else
        err_setf(err, RES_INVALID, field, "err.bad_enum", "%s", buf_str(&list));
    buf_release(&list);
    return RES_INVALID;
}

enum result registry_day(const char *s, const char *field, struct err *err)
{
    if (!s || !*s)
        return err_set(err, RES_INVALID, field, "err.required");
    return date_valid(s) ? RES_OK : err_set(err, RES_INVALID, field, "err.bad_date");
}

enum result registry_unit(struct db *db, const struct actor *who, const char *code,
                          struct unit *out, struct err *err)
{
    if (!code || !*code)
        return err_set(err, RES_INVALID, "unit", "err.required");
    enum result r = unit_get(db, who, code, out, err);
    if (r != RES_OK)
        return r;
    return scope_check(who, out->path, PERM_RECORD_WRITE, err);
}

enum result registry_span(struct db *db, const struct actor *who, const struct registry_filter *f,
                          const char *const *kinds, struct registry_span *s, struct err *err)
{
    const char *from = f->from && *f->from ? f->from : NULL, *to = f->to && *f->to ? f->to : NULL;
    if (from && !date_valid(from))
        return err_set(err, RES_INVALID, "from", "err.bad_date");
    if (to && !date_valid(to))
        return err_set(err, RES_INVALID, "to", "err.bad_date");
    s->kind = f->kind && *f->kind ? f->kind : NULL;
    if (s->kind && kinds && registry_enum(s->kind, kinds, "kind", err) != RES_OK)
        return RES_INVALID;
    s->level = f->level && *f->level ? f->level : NULL;
    if (s->level && registry_enum(s->level, registry_levels, "level", err) != RES_OK)
        return RES_INVALID;
    if (!f->unit || !*f->unit)
        return err_set(err, RES_INVALID, "unit", "err.required");
    enum result r = unit_get(db, who, f->unit, &s->unit, err);
    if (r != RES_OK)
        return r;
    if (f->subtree)
        path_end(s->hi, s->unit.path);
    else
        snprintf(s->hi, sizeof(s->hi), "%s\x01", s->unit.path);
    s->from = from ? from : "0000-00-00";
    s->to = to ? to : "9999-99-99";
    return RES_OK;
}

void registry_bind_span(sqlite3_stmt *st, const struct registry_span *s)
{
    db_bind_text(st, 1, s->unit.path);
    db_bind_text(st, 2, s->hi);
    db_bind_text(st, 3, s->from);
    db_bind_text(st, 4, s->to);
    if (s->kind)
        db_bind_text(st, 5, s->kind);
    else
        sqlite3_bind_null(st, 5);
    if (s->level)
        db_bind_text(st, 8, s->level);
    else
        sqlite3_bind_null(st, 8);
}
