/*
 * What the task model's files share and nobody else uses (mechanism model): the columns of a
 * task read, today's dates for the lights, the access row of a task with its visibility, and
 * the roll-up count updates. No http or web types.
 */
#ifndef TZ_TASK_INT_H
#define TZ_TASK_INT_H

#include <sqlite3.h>

#include "auth/scope.h"
#include "db/db.h"
#include "task/task.h"
#include "task/task_cycle.h"

/* The columns every task read selects, with the count of sub-tasks as children (lists pass
 * "-1": unknown, to spare a look-up per row). */
#define TASK_COLUMNS_WITH(children)                                                                \
    "t.id, coalesce(t.parent_id, 0), coalesce(t.plan_id, 0), coalesce(t.leader_id, 0), t.depth,"   \
    " t.percent, " children ", t.title, t.description, t.kind, t.state, t.deadline,"               \
    " t.last_activity, lu.code, lu.name, au.code, au.name, coalesce(p.name, ''), lu.path, "        \
    "au.path,"                                                                                     \
    " coalesce(t.reported_by, 0), t.signed_at, t.original_deadline, t.suspended IS NOT NULL, "    \
    TASK_LIGHT_COLUMNS ", coalesce(t.instruction_id, 0)"
#define TASK_COLUMNS TASK_COLUMNS_WITH("(SELECT count(*) FROM task c WHERE c.parent_id = t.id)")
#define TASK_JOINS " FROM task t" TASK_UNIT_JOINS
/* The same joins after a task t that another table leads to (a CROSS JOIN keeps the order). */
#define TASK_UNIT_JOINS                                                                            \
    " JOIN unit lu ON lu.id = t.lead_unit_id JOIN unit au ON au.id = t.assigner_unit_id"           \
    " LEFT JOIN person p ON p.id = t.leader_id" TASK_LIGHT_JOIN
#define TASK_DAYS_STR_(n) #n
#define TASK_DAYS_STR(n) TASK_DAYS_STR_(n)
/* What a task's light reads besides its dates (struct task_clock, task_clock_from_row): the
 * day signed, the day issued, the issuing unit's days (ss, TASK_LIGHT_JOIN) and whether it is
 * behind plan on TASK_TODAY (a milestone's day passed, its percent above the last reported). */
#define TASK_LIGHT_COLUMNS                                                                         \
    "t.signed_at, substr(t.created, 1, 10),"                                                       \
    " coalesce(ss.sign_days, " TASK_DAYS_STR(SUPERVISION_SIGN_DAYS) "),"                          \
    " coalesce(ss.due_soon_days, " TASK_DAYS_STR(SUPERVISION_DUE_SOON_DAYS) "),"                  \
    " coalesce(ss.stalled_days, " TASK_DAYS_STR(SUPERVISION_STALLED_DAYS) "),"                    \
    " EXISTS (SELECT 1 FROM task_milestone m WHERE m.task_id = t.id AND m.due < " TASK_TODAY      \
    " AND m.percent > t.percent)"
#define TASK_LIGHT_JOIN " LEFT JOIN supervision_setting ss ON ss.unit_id = t.assigner_unit_id"
/* The parameter that holds today in TASK_LIGHT_COLUMNS: numbered past every statement's own, since
 * a named one would take the number of the first parameter it meets. */
#define TASK_TODAY "?30"
enum { TASK_TODAY_PARAM = 30 };
/* The issuing unit's due-soon and stalled days of task t, for the ledger's filters. */
#define TASK_DUE_SOON_SQL                                                                          \
    "coalesce((SELECT s.due_soon_days FROM supervision_setting s WHERE s.unit_id ="                \
    " t.assigner_unit_id), " TASK_DAYS_STR(SUPERVISION_DUE_SOON_DAYS) ")"
#define TASK_SIGN_SQL                                                                              \
    "coalesce((SELECT s.sign_days FROM supervision_setting s WHERE s.unit_id ="                    \
    " t.assigner_unit_id), " TASK_DAYS_STR(SUPERVISION_SIGN_DAYS) ")"
#define TASK_STALLED_SQL                                                                           \
    "coalesce((SELECT s.stalled_days FROM supervision_setting s WHERE s.unit_id ="                 \
    " t.assigner_unit_id), " TASK_DAYS_STR(SUPERVISION_STALLED_DAYS) ")"
/* A task in work: neither accepted, nor reported done and awaiting acceptance, nor suspended;
 * only such a task has a light other than none, and only such tasks are counted open in the
 * roll-up by deadline. */
#define TASK_IN_WORK "t.state NOT IN ('accepted', 'reported') AND t.suspended IS NULL"
/* The same tasks as the index task_asks names them (migration 0041): a query that reads the
 * index must name them so, word for word, for the planner to know it holds them. */
#define TASK_ASKED                                                                                 \
    "(t.state = 'assigned' OR t.state = 'in_progress' OR t.state = 'returned')"                    \
    " AND t.suspended IS NULL"

/* Open tasks of a unit's subtree with a deadline before today, from the roll-up counts: whole
 * months before this one, then the days of this month. */
#define TASK_OVERDUE(unit, today)                                                                  \
    "((SELECT coalesce(sum(m.n), 0) FROM task_open_month m WHERE m.unit_id = " unit                \
    " AND m.month < substr(" today ", 1, 7)) + (SELECT coalesce(sum(o.n), 0) FROM task_open o"     \
    " WHERE o.unit_id = " unit " AND o.deadline >= substr(" today ", 1, 7) || '-01'"               \
    " AND o.deadline < " today "))"

/* Today and the days the ledger's filters compare with. */
struct task_dates {
    char today[11];   /* today */
    char soon[11];    /* today + the most due-soon days of any issuing unit */
    char stalled[11]; /* today - the fewest stalled days of any issuing unit */
};

/* Fills d from clock_today() (env TAIZHANG_TODAY) and the units' days. */
void task_dates_now(struct db *db, struct task_dates *d);
/* Binds TASK_TODAY, where a statement with TASK_LIGHT_COLUMNS has it. */
void task_bind_today(sqlite3_stmt *st, const struct task_dates *d);

/* What a light reads besides the task's dates (TASK_LIGHT_COLUMNS). */
struct task_clock {
    const char *signed_at; /* NULL until signed */
    const char *issued;    /* the day issued */
    long long sign_days;   /* the issuing unit's days */
    long long due_soon_days;
    long long stalled_days;
    int behind_plan; /* a milestone passed with its percent not reached */
};
/* Reads TASK_LIGHT_COLUMNS from column col of a row. */
void task_clock_from_row(sqlite3_stmt *st, int col, struct task_clock *c);
/* Sets the light, its reason and the flags of a task (see enum task_light). */
void task_lights(struct task *t, const struct task_dates *d, const struct task_clock *c);
/* A row selected with TASK_COLUMNS TASK_JOINS into t (strings live until the next step). */
void task_from_row(sqlite3_stmt *st, const struct task_dates *d, struct task *t);

/* What the actor may do with a loaded task. */
struct task_access {
    long long lead_unit_id;        /* the lead unit */
    long long assigner_unit_id;    /* the assigning unit */
    char lead_path[UNIT_PATH_MAX]; /* paths for scope checks */
    char assigner_path[UNIT_PATH_MAX];
    char state[16];        /* current state */
    char kind[8];          /* key | routine */
    char deadline[11];     /* deadline */
    long long leader_id;   /* responsible leader */
    long long plan_id;     /* plan */
    int depth;             /* split level */
    long long reported_by; /* account that reported it done */
    int suspended;         /* suspended by the issuing unit */
    int is_signed;         /* signed for by the lead unit */
};

/* Loads the access row of task id: RES_OK, RES_NOT_FOUND or RES_FAIL. */
enum result task_load(struct db *db, long long id, struct task_access *a);
/* 1 if the actor may see the loaded task id: its lead or assigning unit or an assisting unit is
 * in scope, or the actor is its responsible leader. */
int task_visible(struct db *db, const struct actor *who, long long id, const struct task_access *a);
/* RES_OK when the task exists and the actor may see it, else RES_NOT_FOUND (or RES_FAIL). */
enum result task_check_visible(struct db *db, const struct actor *who, long long id);
/* Loads task id for a write by the actor: RES_OK; RES_NOT_FOUND ("task") when it is missing or
 * out of the actor's sight; RES_FAIL when the store fails. The reason goes to err. */
enum result task_load_for(struct db *db, const struct actor *who, long long id,
                          struct task_access *a, struct err *err);

/* The day task t was reported done last (the report that stands): acceptance on time compares
 * it with the deadline in force. */
#define TASK_DONE_DAY                                                                              \
    "(SELECT substr(max(p.at), 1, 10) FROM task_progress p WHERE p.task_id = t.id AND p.done = 1)"

/* Counts task id's supervision figures as they stand today (task_book.c) and its instruction's
 * done; call inside each change's transaction, after the change. RES_OK or RES_FAIL. */
enum result task_book(struct db *db, long long id);
/* Likewise for every task issued by the unit assigner (0: every task), writing only those whose
 * figures moved; *n gets their number. For the daily sweep and a change of a unit's days. */
enum result task_book_all(struct db *db, long long assigner, long long *n);

/* Applies a task's change to the roll-up counts of its lead unit (at lead_path) and every unit
 * above it: tasks, accepted, accepted on time, and open ones by deadline. RES_OK or RES_FAIL;
 * call inside the change's transaction. */
enum result tally_task(struct db *db, const char *lead_path, const char *deadline, int d_total,
                       int d_accepted, int d_on_time, int d_open);
/* Counts one supervision record of kind on a task led at lead_path, likewise. */
enum result tally_supervision(struct db *db, const char *lead_path, const char *kind);
/* Counts one signed notice of kind (praise | criticism) addressed to the unit at path, likewise
 * (notice.c). */
enum result tally_notice(struct db *db, const char *path, const char *kind);

#endif
