/*
 * The supervision cycle of a task (mechanism model; issue 25, 督查督办): the lead unit signs for
 * it (签收) and asks for a later deadline (延期申请), which the issuing unit approves or refuses;
 * the issuing unit suspends a task (中止) and resumes it; and the days each issuing unit's
 * supervision counts by. Every step is audited on the task's timeline. Owns task_extension and
 * supervision_setting, and the task columns signed_*, original_deadline and suspend*. No http
 * types.
 */
#ifndef TZ_TASK_CYCLE_H
#define TZ_TASK_CYCLE_H

#include "auth/scope.h"
#include "db/db.h"

/* The days a unit's supervision counts by (defaults 2, 7, 14, 3), each 0-365: a task unsigned
 * longer than sign days after issue is late to sign; due within due_soon days it is due soon;
 * without a report for stalled days it is stalled; escalate days after its deadline its leader
 * is told. */
struct supervision_days {
    long long sign;
    long long due_soon;
    long long stalled;
    long long escalate;
};
enum { SUPERVISION_DAYS_MAX = 365 };
/* The defaults, as numbers the SQL of the lights spells too (task_int.h). */
#define SUPERVISION_SIGN_DAYS 2
#define SUPERVISION_DUE_SOON_DAYS 7
#define SUPERVISION_STALLED_DAYS 14
#define SUPERVISION_ESCALATE_DAYS 3

/* The unit's days (the defaults when it set none), for an actor who may read it. */
enum result supervision_days_get(struct db *db, const struct actor *who, const char *unit,
                                 struct supervision_days *out, struct err *err);
/* Sets them: the unit's admins and unit admins (and those above). 400 names a day outside
 * 0-365. */
enum result supervision_days_set(struct db *db, const struct actor *who, const char *unit,
                                 const struct supervision_days *in, struct err *err);
/* The days of the unit of id unit_id, without a scope check (for the lights). */
void supervision_days_of(struct db *db, long long unit_id, struct supervision_days *out);

struct supervision_days_job {
    const struct actor *who;   /* the caller */
    const char *unit;          /* the unit's code */
    struct supervision_days in; /* its days */
    struct err err;            /* set on failure */
};
enum result supervision_days_job(struct db *db, void *arg);

enum task_step {
    TASK_SIGN,             /* the lead unit signs for it */
    TASK_EXTENSION_ASK,    /* the lead unit asks for the deadline day, for reason */
    TASK_EXTENSION_APPROVE, /* the issuing unit approves the pending request (reason optional) */
    TASK_EXTENSION_REFUSE, /* ... or refuses it, for reason */
    TASK_SUSPEND,          /* the issuing unit suspends it, for reason */
    TASK_RESUME,           /* ... and resumes it, in the state it had */
};

/* Takes one step of a task's cycle. The lead unit's steps are its own accounts' (an account of
 * a unit above is refused: RES_FORBIDDEN), the issuing unit's steps are those of the accounts
 * that may write records there and of those above, never the lead unit's (unless the unit issued
 * the task to itself). RES_INVALID names "day" or "reason"; RES_CONFLICT a step that does not
 * fit the task's state (signed twice, a second pending request, none pending, suspended or not,
 * accepted). */
enum result task_step(struct db *db, const struct actor *who, long long id, enum task_step step,
                      const char *day, const char *reason, struct err *err);

struct task_step_job {
    const struct actor *who; /* the caller */
    long long id;            /* the task */
    enum task_step step;     /* what to do */
    const char *day;         /* the day asked, for TASK_EXTENSION_ASK */
    const char *reason;      /* why */
    struct err err;          /* set on failure */
};
enum result task_step_job(struct db *db, void *arg);

/* The escalation sweep (run at the server's start, then daily, and by `taizhang supervise
 * sweep`): each task in work whose deadline in force lies the issuing unit's escalate days or
 * more before today tells its responsible leader, once per deadline in force (an approved
 * extension starts anew): a message of kind "escalation" to the leader's account, or, when
 * there is none, to the lead unit's accounts of the leader role. *n gets the tasks escalated.
 * Then the figures that move with the day alone (lights, late to sign) are counted again for
 * the statistics (task_book.c); *counted (when not NULL) gets the tasks whose figures moved.
 * One transaction, which keeps the day swept. */
enum result supervision_sweep(struct db *db, long long *n, long long *counted);
/* 1 when a sweep ran today already (a server restarted the same day need not sweep again:
 * every write books its own task), else 0. */
int supervision_swept_today(struct db *db);

/* One thing asked of a unit. */
struct task_ask {
    const char *kind;  /* sign, report, returned (tasks it leads); accept, extension (tasks it
                          issued); period_report (to submit), evaluation (open for votes),
                          notice (unread) */
    long long id;      /* the task, the extension request, report, evaluation or message */
    long long task;    /* the task it is about, 0 for none */
    const char *title; /* the task's title, or the report's, evaluation's, notice's */
    const char *due;   /* the day it is due: the deadline, the day an extension asks, the
                          report's due day; the day opened or sent for the others */
    int light;         /* enum task_light: a task's as counted today (task_book.c), a period
                          report's from its due day; none for the others */
    const char *path;  /* the page where it is done */
};
/* Calls fn for the open things asked of the unit (in the actor's scope), limit of them from
 * offset: red, yellow, blue, green, then the others, each by due day. *total gets their
 * number. */
enum result task_asks(struct db *db, const struct actor *who, const char *unit, long long offset,
                      long long limit, void (*fn)(void *ctx, const struct task_ask *a), void *ctx,
                      long long *total, struct err *err);

/* The keys of the registries' roll-up that count the supervision figures of the tasks led in a
 * unit's subtree, on the day each task was issued (task_book.c), with the bit of task.booked
 * that says a task is counted in the key. The four lights go from the most severe. */
#define TASK_BOOK_KEYS(X)                                                                          \
    X(0, "sup.tasks") X(1, "sup.signed") X(2, "task.signed_late") X(3, "task.unsigned_late")      \
    X(4, "task.extended") X(5, "task.suspended") X(6, "sup.accepted")                              \
    X(7, "task.accepted_on_time") X(8, "sup.accepted_on_original") X(9, "sup.rating.satisfied")   \
    X(10, "sup.rating.basic") X(11, "sup.rating.dissatisfied") X(12, "sup.light.red")             \
    X(13, "sup.light.yellow") X(14, "sup.light.blue") X(15, "sup.light.green")
enum task_book_bit {
    BOOK_TASKS, BOOK_SIGNED, BOOK_SIGNED_LATE, BOOK_UNSIGNED_LATE, BOOK_EXTENDED, BOOK_SUSPENDED,
    BOOK_ACCEPTED, BOOK_ON_TIME, BOOK_ON_ORIGINAL, BOOK_SATISFIED, BOOK_BASIC, BOOK_DISSATISFIED,
    BOOK_RED, BOOK_YELLOW, BOOK_BLUE, BOOK_GREEN, TASK_BOOK_N
};
/* The keys as SQL rows (bit, key) for the roll-up's rebuild, ending with a row of no bit. */
#define TASK_BOOK_ROW(bit, key) "(" #bit ", '" key "'), "
#define TASK_BOOK_VALUES "(VALUES " TASK_BOOK_KEYS(TASK_BOOK_ROW) "(-1, ''))"

/* The supervision figures over the tasks led in a unit's subtree. */
struct supervision_stats {
    long long tasks;            /* led there */
    long long is_signed;        /* signed for */
    long long signed_late;      /* signed after the issuing unit's sign days */
    long long unsigned_late;    /* in work, unsigned, past the sign days */
    long long extended;         /* ever given a later deadline */
    long long suspended;        /* suspended now */
    long long overdue;          /* red now */
    long long accepted;         /* accepted */
    long long accepted_on_time; /* of them reported done on or before the deadline in force */
    long long accepted_on_original; /* ... on or before the original deadline */
    long long lights[4];        /* green, blue, yellow, red now (tasks in work) */
    long long ratings[3];       /* satisfied, basic, dissatisfied on acceptance */
    long long instructions_received; /* leaders' instructions recorded in the subtree */
    long long instructions_done;     /* of them with every task accepted */
};
/* The figures of the unit's subtree (in the actor's scope) into *all (when not NULL), over the
 * tasks issued in [from, to] (either NULL: open), as counted by each change and by the last
 * sweep (the lights, late to sign: today's once the day's sweep ran); then, with fn, fn(code,
 * s) for each unit directly below. */
enum result supervision_stats(struct db *db, const struct actor *who, const char *unit,
                              const char *from, const char *to, struct supervision_stats *all,
                              void (*fn)(void *ctx, const char *code,
                                         const struct supervision_stats *s),
                              void *ctx, struct err *err);

struct task_extension {
    long long id;               /* the request */
    const char *from;           /* the deadline in force when asked */
    const char *to;             /* the day asked */
    const char *reason;         /* why */
    const char *asked_at;       /* when */
    const char *state;          /* pending | approved | refused */
    const char *decided_at;     /* when decided, "" while pending */
    const char *decision_reason; /* the issuing unit's reason, "" for none */
};
/* Calls fn for each extension request of a task the actor may see, oldest first. */
enum result task_extensions(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const struct task_extension *e), void *ctx);

#endif
