/*
 * The task list query (mechanism model; see task_list() in task.h): the ledger's filters as SQL
 * chosen from whitelists by sort, scope plan and narrowing, never built from the request, and
 * the count of all matches, from the roll-up counts where they answer it.
 */
#include <stdio.h>
#include <string.h>

#include "task/task.h"
#include "task/task_int.h"
#include "unit/unit.h"

/* A row of TASK_BRIEF_SQL: the fields a list shows, the others zero or empty. */
static void task_brief_from_row(sqlite3_stmt *st, const struct task_dates *d, struct task *t)
{
    memset(t, 0, sizeof(*t));
    t->id = sqlite3_column_int64(st, 0);
    t->percent = sqlite3_column_int(st, 1);
    t->title = db_col_text(st, 2);
    t->description = "";
    t->kind = db_col_text(st, 3);
    t->state = db_col_text(st, 4);
    t->deadline = db_col_text(st, 5);
    t->last_activity = db_col_text(st, 6);
    t->lead_code = "";
    t->lead_name = db_col_text(st, 7);
    t->assigner_code = "";
    t->assigner_name = "";
    t->leader_name = db_col_text(st, 8);
    t->leader_id = sqlite3_column_int64(st, 9);
    t->suspended = sqlite3_column_int(st, 10);
    t->n_children = -1;
    struct task_clock c;
    task_clock_from_row(st, 11, &c);
    task_lights(t, d, &c);
}

/* The ledger's filter: ?1 today, ?2 due-soon day, ?3 stalled day, ?4 role, ?5 and ?6 the
 * unit's path range, ?7 state, ?8 kind, ?9 year, ?10 leader. First the scope (enum scope_plan),
 * in forms that SQLite plans differently:
 * - TASK_SCOPE walks all tasks in the order asked and stops when the page is full (its OR
 *   keeps SQLite from starting at the units): quick for a scope that holds most tasks;
 * - TASK_SCOPE_LEAD, for the tasks the scope's units lead, reads them unit by unit from the
 *   lead-unit index and sorts them: quick for a scope that holds few;
 * - TASK_SCOPE_UNITS does the same for any role, led and assisted tasks from their indexes
 *   (the role's OR of two IN lists becomes a union of the two);
 * - TASK_SCOPE_ALL is no scope at all, for a scope that holds every task.
 * Then the narrowing by state, kind, year and leader (the tasks the person is the responsible
 * leader of, and those of the offices in the person's charge as a leader in post, leader.h),
 * which an unfiltered list leaves out. */
/* The lights' filters of a task in work (suspension tested apart): red; due within its issuing
 * unit's days, ?2 being the latest such day of any unit (a range of the deadline index); no
 * report for its issuing unit's days, ?3 being the latest such day of any unit. */
#define TASK_OVERDUE_WHERE "t.state NOT IN ('accepted', 'reported') AND t.deadline < ?1"
#define TASK_DUE_SOON_WHERE                                                                        \
    "t.state NOT IN ('accepted', 'reported') AND t.deadline >= ?1 AND t.deadline <= ?2"            \
    " AND t.deadline <= date(?1, '+' || " TASK_DUE_SOON_SQL " || ' days')"
#define TASK_STALLED_WHERE                                                                         \
    "t.state NOT IN ('accepted', 'reported') AND t.last_activity <= ?3"                            \
    " AND t.last_activity <= date(?1, '-' || " TASK_STALLED_SQL " || ' days')"
#define TASK_SCOPE                                                                                 \
    "((?4 <> 2 AND lu.path >= ?5 AND lu.path < ?6) OR (?4 <> 1 AND EXISTS"                         \
    " (SELECT 1 FROM task_assist ta JOIN unit tu ON tu.id = ta.unit_id"                            \
    " WHERE ta.task_id = t.id AND tu.path >= ?5 AND tu.path < ?6)))"
#define TASK_SCOPE_LEAD "lu.path >= ?5 AND lu.path < ?6"
#define TASK_SCOPE_ALL "1"
#define TASK_SCOPE_UNITS                                                                           \
    "((?4 <> 2 AND t.lead_unit_id IN (SELECT su.id FROM unit su WHERE su.path >= ?5"               \
    " AND su.path < ?6)) OR (?4 <> 1 AND t.id IN (SELECT ta.task_id FROM task_assist ta"           \
    " JOIN unit tu ON tu.id = ta.unit_id WHERE tu.path >= ?5 AND tu.path < ?6)))"
#define TASK_NARROW                                                                                \
    "(?7 = 'all' OR (?7 = 'suspended' AND t.suspended IS NOT NULL) OR (t.suspended IS NULL AND"    \
    " ((?7 = 'open' AND t.state NOT IN ('accepted', 'reported'))"                                  \
    " OR (?7 = 'overdue' AND " TASK_OVERDUE_WHERE ")"                                              \
    " OR (?7 = 'due_soon' AND " TASK_DUE_SOON_WHERE ")"                                            \
    " OR (?7 = 'stalled' AND " TASK_STALLED_WHERE ")"                                              \
    " OR t.state = ?7)))"                                                                          \
    " AND (?8 = '' OR t.kind = ?8) AND (?9 = 0 OR t.year = ?9)"                                    \
    " AND (?10 = 0 OR t.leader_id = ?10 OR t.lead_unit_id IN (SELECT lo.unit_id FROM leader l"  \
    " JOIN leader_office lo ON lo.leader_id = l.id WHERE l.person_id = ?10 AND l.starts <= ?1"     \
    " AND (l.ends IS NULL OR l.ends >= ?1)))"

/* The narrowing by one state alone, without the OR of TASK_NARROW: the deadline ranges let SQLite
 * read the deadline index from the first day to the last instead of testing every task. */
#define TASK_NARROW_OVERDUE TASK_OVERDUE_WHERE " AND t.suspended IS NULL"
#define TASK_NARROW_DUE_SOON TASK_DUE_SOON_WHERE " AND t.suspended IS NULL"
#define TASK_NARROW_STALLED TASK_STALLED_WHERE " AND t.suspended IS NULL"
enum narrowing {
    NARROW_NONE,
    NARROW_ANY,
    NARROW_OVERDUE,
    NARROW_DUE_SOON,
    NARROW_STALLED,
    NARROW_COUNT
};

enum scope_plan { SCOPE_WALK, SCOPE_LEAD, SCOPE_UNITS, SCOPE_ALL };

/* How a list reads its scope: unit by unit (SCOPE_LEAD for the tasks its units lead, else
 * SCOPE_UNITS) for one unit, or for a subtree whose n led tasks are few next to all N,
 * n * n < N * (offset + limit); else SCOPE_WALK. Walking all tasks passes N / n of them for
 * each row shown; reading the subtree's and sorting them costs about n. The subtree of the
 * only root holds every task, led or assisted: SCOPE_ALL, no scope to check. */
static enum scope_plan scope_plan(struct db *db, const struct task_filter *f, const struct unit *u)
{
    enum scope_plan by_units = f->role == TASK_ROLE_LEAD ? SCOPE_LEAD : SCOPE_UNITS;
    if (!f->subtree)
        return by_units;
    if (u->depth == 0) {
        int only_root =
            db_count(db, "SELECT count(*) FROM unit WHERE parent_id IS NULL", NULL, 0) == 1;
        return only_root && f->role != TASK_ROLE_ASSIST ? SCOPE_ALL : SCOPE_WALK;
    }
    sqlite3_stmt *st = db_stmt(db, "SELECT coalesce((SELECT total FROM task_tally WHERE"
                                   " unit_id = ?1), 0), (SELECT coalesce(sum(y.total), 0) FROM"
                                   " unit r JOIN task_tally y ON y.unit_id = r.id"
                                   " WHERE r.parent_id IS NULL)");
    if (!st)
        return SCOPE_WALK;
    sqlite3_bind_int64(st, 1, u->id);
    enum scope_plan plan = SCOPE_WALK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        double n = (double)sqlite3_column_int64(st, 0), all = (double)sqlite3_column_int64(st, 1);
        if (n * n < all * (double)(f->offset + f->limit))
            plan = by_units;
    }
    db_done(st);
    return plan;
}

static int bind_filter(sqlite3_stmt *st, const struct task_dates *d, const struct task_filter *f,
                       const struct unit *u, const char *end, const char *state)
{
    const char *const text[] = {
        [1] = d->today,
        [2] = d->soon,
        [3] = d->stalled,
        [5] = u->path,
        [6] = end,
        [7] = state,
        [8] = f->kind ? f->kind : "",
    };
    const long long num[] = { [4] = f->role, [9] = f->year, [10] = f->leader };
    /* up to the statement's last: the scope or the narrowing may be left out */
    int n = sqlite3_bind_parameter_count(st), rc = SQLITE_OK;
    for (int i = 1; i <= n && i <= 10 && rc == SQLITE_OK; i++)
        rc = i < (int)(sizeof(text) / sizeof(text[0])) && text[i]
                 ? db_bind_text(st, i, text[i])
                 : sqlite3_bind_int64(st, i, num[i]);
    return rc != SQLITE_OK;
}

int task_sort_parse(const char *name)
{
    static const char *const names[TASK_SORT_COUNT] = {
        [TASK_SORT_DEADLINE] = "deadline",
        [TASK_SORT_DEADLINE_DESC] = "-deadline",
        [TASK_SORT_NEWEST] = "newest",
        [TASK_SORT_PROGRESS] = "progress",
    };
    for (int i = 0; i < TASK_SORT_COUNT; i++)
        if (name && strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

enum result task_list(struct db *db, const struct actor *who, const struct task_filter *f,
                      void (*fn)(void *ctx, const struct task *t), void *ctx, long long *total,
                      struct err *err)
{
    static const char *const states[] = { "all",      "open",     "overdue",     "due_soon",
                                          "stalled",  "assigned", "in_progress", "reported",
                                          "accepted", "returned",    "suspended" };
    const char *state = f->state && *f->state ? f->state : "all";
    int known = 0;
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        known |= strcmp(state, states[i]) == 0;
    if (!known)
        return err_setf(err, RES_INVALID, "state", "err.bad_enum",
                        "open|overdue|due_soon|stalled|assigned|in_progress|reported|accepted|"
                        "returned|suspended");
    if (f->kind && *f->kind && strcmp(f->kind, "key") && strcmp(f->kind, "routine"))
        return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "key|routine");
    struct unit u;
    enum result r = unit_get(db, who, f->unit, &u, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX + 2];
    if (f->subtree)
        path_end(end, u.path);
    else
        snprintf(end, sizeof(end), "%s\x01", u.path);
    struct task_dates d;
    task_dates_now(db, &d);
#define TASK_COUNT_SQL(where, order)                                                               \
    "SELECT count(*) FROM task t JOIN unit lu ON lu.id = t.lead_unit_id WHERE " where
/* every task: the index alone, no unit */
#define TASK_COUNT_ALL_SQL(where, order) "SELECT count(*) FROM task t WHERE " where
#define TASK_LIST_SQL(where, order)                                                                \
    "SELECT " TASK_COLUMNS_WITH("-1") TASK_JOINS " WHERE " where " ORDER BY " order                \
                                                 " LIMIT ?11 OFFSET ?12"
/* a list row: what the ledger shows of a task, all of it but the names in the deadline index */
#define TASK_BRIEF_SQL(where, order)                                                               \
    "SELECT t.id, t.percent, t.title, t.kind, t.state, t.deadline, t.last_activity, lu.name,"      \
    " p.name, coalesce(t.leader_id, 0), t.suspended IS NOT NULL, " TASK_LIGHT_COLUMNS              \
    " FROM task t JOIN unit lu ON lu.id = t.lead_unit_id LEFT JOIN person p ON p.id = t.leader_id" \
    TASK_LIGHT_JOIN " WHERE " where " ORDER BY " order                    \
    " LIMIT ?11 OFFSET ?12"
/* a list under one scope, by enum narrowing */
#define TASK_SCOPED(sql, scope, order)                                                             \
    sql(scope, order), sql(scope " AND " TASK_NARROW, order),                                      \
        sql(scope " AND " TASK_NARROW_OVERDUE, order),                                             \
        sql(scope " AND " TASK_NARROW_DUE_SOON, order),                                            \
        sql(scope " AND " TASK_NARROW_STALLED, order)
#define TASK_WHERES(sql, order)                                                                    \
    {                                                                                              \
        TASK_SCOPED(sql, TASK_SCOPE, order), TASK_SCOPED(sql, TASK_SCOPE_LEAD, order),             \
            TASK_SCOPED(sql, TASK_SCOPE_UNITS, order), TASK_SCOPED(sql, TASK_SCOPE_ALL, order),    \
    }
#define TASK_ORDERS(sql)                                                                           \
    {                                                                                              \
        [TASK_SORT_DEADLINE] = TASK_WHERES(sql, "t.deadline, t.id"),                               \
        [TASK_SORT_DEADLINE_DESC] = TASK_WHERES(sql, "t.deadline DESC, t.id DESC"),                \
        [TASK_SORT_NEWEST] = TASK_WHERES(sql, "t.id DESC"),                                        \
        [TASK_SORT_PROGRESS] = TASK_WHERES(sql, "t.percent, t.deadline, t.id"),                    \
    }
    /* the order is picked from these whitelists, never from the request's text: by brief, sort,
     * then scope plan and narrowing */
    static const char *const list_sql[2][TASK_SORT_COUNT][4 * NARROW_COUNT] = {
        TASK_ORDERS(TASK_LIST_SQL), TASK_ORDERS(TASK_BRIEF_SQL)
    };
    static const char *const count_sql[4 * NARROW_COUNT] = {
        TASK_SCOPED(TASK_COUNT_SQL, TASK_SCOPE, ""),
        TASK_SCOPED(TASK_COUNT_SQL, TASK_SCOPE_LEAD, ""),
        TASK_SCOPED(TASK_COUNT_SQL, TASK_SCOPE_UNITS, ""),
        TASK_SCOPED(TASK_COUNT_ALL_SQL, TASK_SCOPE_ALL, ""),
    };
    if ((unsigned)f->sort >= TASK_SORT_COUNT)
        return err_set(err, RES_INVALID, "sort", "err.bad_enum");
    /* one state alone has a narrowing of its own; with any other filter, the general one */
    enum narrowing narrow = NARROW_ANY;
    if (!(f->kind && *f->kind) && !f->year && !f->leader) {
        static const struct {
            const char *state;
            enum narrowing narrow;
        } alone[] = { { "all", NARROW_NONE },
                      { "overdue", NARROW_OVERDUE },
                      { "due_soon", NARROW_DUE_SOON },
                      { "stalled", NARROW_STALLED } };
        for (size_t i = 0; i < sizeof(alone) / sizeof(alone[0]); i++)
            if (strcmp(state, alone[i].state) == 0)
                narrow = alone[i].narrow;
    }
    enum scope_plan plan = scope_plan(db, f, &u);
    int where = (int)narrow + NARROW_COUNT * (int)plan;
    sqlite3_stmt *st = db_stmt(db, list_sql[f->brief != 0][f->sort][where]);
    if (!st || bind_filter(st, &d, f, &u, end, state))
        return db_fail(db, err);
    task_bind_today(st, &d);
    sqlite3_bind_int64(st, 11, f->limit);
    sqlite3_bind_int64(st, 12, f->offset);
    struct task t;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (f->brief)
            task_brief_from_row(st, &d, &t);
        else
            task_from_row(st, &d, &t);
        if (fn)
            fn(ctx, &t);
    }
    db_done(st);
    *total = 0;
    /* the tasks a subtree leads, or all of them: what the roll-up counts */
    int plain = (f->role == TASK_ROLE_LEAD || plan == SCOPE_ALL) && f->subtree &&
                !(f->kind && *f->kind) && !f->year && !f->leader;
    if (plain && (!strcmp(state, "all") || !strcmp(state, "accepted"))) {
        /* the roll-up counts answer without scanning */
        st = db_stmt(db, "SELECT CASE WHEN ?2 = 'all' THEN total ELSE accepted END"
                         " FROM task_tally WHERE unit_id = ?1");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, state);
    } else if (plain && (!strcmp(state, "open") || !strcmp(state, "overdue"))) {
        st = db_stmt(db,
                     "SELECT CASE WHEN ?2 = 'open' THEN (SELECT coalesce(sum(n), 0) FROM"
                     " task_open_month WHERE unit_id = ?1) ELSE " TASK_OVERDUE("?1", "?3") " END");
        if (!st)
            return db_fail(db, err);
        sqlite3_bind_int64(st, 1, u.id);
        db_bind_text(st, 2, state);
        db_bind_text(st, 3, d.today);
    } else {
        st = db_stmt(db, count_sql[where]);
        if (!st || bind_filter(st, &d, f, &u, end, state))
            return db_fail(db, err);
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        *total = sqlite3_column_int64(st, 0);
    db_done(st);
    return RES_OK;
}
