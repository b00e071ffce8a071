/*
 * Tasks (mechanism model; DESIGN.md mechanisms 1 and 2, speech.txt "将工作任务层层分解"):
 * tasks of a work plan (plan.h) with a responsible leader, one lead unit, assisting units and
 * a deadline, split level by level; progress reports; acceptance by the assigning unit; the
 * ledger's list and the roll-up counts. Supervision records are in supervision.h. Lights,
 * overdue and stalled are computed from dates (clock_today(), env TAIZHANG_TODAY). Owns the
 * task* tables. No http types.
 */
#ifndef TZ_TASK_H
#define TZ_TASK_H

#include <stddef.h>

#include "attachment/attachment.h"
#include "auth/scope.h"
#include "core/csv.h"
#include "db/db.h"

enum {
    TASK_TITLE_MAX = 200,
    TASK_TEXT_MAX = 5000,
    TASK_ASSIST_MAX = 20,
    TASK_SPLIT_MAX = 200,
};

struct task_milestone {
    const char *title; /* what is due, up to 200 characters */
    const char *due;   /* YYYY-MM-DD */
    long long percent; /* how far the work should be by then, 0-100, or -1 for not said */
};

enum { TASK_FILE_MAX = 10 << 20, TASK_FILES_MAX = 10, TASK_MILESTONES_MAX = 20 };

struct task_input {
    const char *title;               /* required, up to 200 characters */
    const char *description;         /* optional, up to 5000 characters */
    const char *kind;                /* "key" or "routine"; a sub-task inherits its parent's */
    const char *lead_unit;           /* code of the lead (承办) unit, required */
    const char *const *assist_units; /* codes of assisting (协办) units */
    size_t n_assist;                 /* how many */
    long long leader;                /* responsible leader's person id; 0 inherits or none */
    const char *deadline;            /* YYYY-MM-DD, required */
    long long plan;                  /* plan id or 0 */
    const struct task_milestone *milestones; /* optional milestones */
    size_t n_milestones;                     /* how many */
    long long instruction;                   /* the leader's instruction it comes from, or 0
                                                (set by instruction_task) */
};

/* The lights in tiers, the most severe applying, each with its reason (issue 25): red — not
 * reported done and past the deadline in force ("overdue"); yellow — unsigned longer than the
 * issuing unit's sign days after issue ("unsigned"), a milestone's day passed with the last
 * reported percent below the milestone's ("behind_plan"), or no report for its stalled days
 * ("stalled"); blue — due within its due-soon days ("due_soon"); green otherwise; none for a
 * task suspended, accepted, or reported done and awaiting acceptance. */
enum task_light { LIGHT_NONE = 0, LIGHT_GREEN, LIGHT_BLUE, LIGHT_YELLOW, LIGHT_RED };
/* "green", "blue", "yellow" or "red"; NULL for none. */
const char *task_light_name(enum task_light light);

struct task {
    long long id;              /* task id */
    long long parent_id;       /* the task it was split from, 0 for none */
    long long plan_id;         /* its plan, 0 for none */
    long long leader_id;       /* responsible leader, 0 for none */
    int depth;                 /* split level, 0 at the top */
    int percent;               /* last reported progress */
    long long n_children;      /* sub-tasks directly below */
    const char *title;         /* title */
    const char *description;   /* description */
    const char *kind;          /* key | routine */
    const char *state;         /* assigned | in_progress | reported | accepted | returned |
                                  suspended */
    const char *deadline;      /* YYYY-MM-DD */
    const char *last_activity; /* day of the last report */
    const char *lead_code;     /* lead unit */
    const char *lead_name;     /* its name */
    const char *assigner_code; /* the unit that assigned it */
    const char *assigner_name; /* its name */
    const char *leader_name;   /* responsible leader's name, "" for none */
    long long reported_by;     /* the account that reported it done, 0 for none (not in lists) */
    enum task_light light;     /* computed for today */
    const char *light_reason;  /* why, NULL for green or none */
    int overdue;               /* the red light: in work and past its deadline */
    int due_soon;              /* in work and due within the issuing unit's due-soon days */
    int stalled;               /* in work and no report for the issuing unit's stalled days */
    int suspended;             /* suspended by the issuing unit: state reads "suspended", no
                                  light, never overdue (task_cycle.h) */
    const char *signed_at;     /* when the lead unit signed for it, NULL until then (not in
                                  lists) */
    const char *original_deadline; /* the first deadline once one was extended, else NULL (not
                                      in lists) */
    long long instruction_id;      /* the leader's instruction it comes from, or 0 */
};

/* Creates a task assigned by the actor's unit (or the plan's unit). *id gets its id. */
enum result task_create(struct db *db, const struct actor *who, const struct task_input *in,
                        long long *id, struct err *err);
/* task_create() as a job for db_writer_run(): arg is a struct task_create_job. */
struct task_create_job {
    const struct actor *who; /* the caller */
    struct task_input in;    /* the new task */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result task_create_job(struct db *db, void *arg);

/* Splits a task the actor holds (its lead unit is in scope) into sub-tasks for units below
 * the lead unit; all or nothing. ids (n entries) get the new ids. */
enum result task_split(struct db *db, const struct actor *who, long long parent,
                       const struct task_input *children, size_t n, long long *ids,
                       struct err *err);
/* task_split() as a job: arg is a struct task_split_job. */
struct task_split_job {
    const struct actor *who;           /* the caller */
    long long parent;                  /* the task split */
    const struct task_input *children; /* the sub-tasks */
    size_t n_children;                 /* how many */
    long long *ids;                    /* receives the new ids, n_children of them */
    struct err err;                    /* set on failure */
};
enum result task_split_job(struct db *db, void *arg);

/* Files a progress report on a task whose lead unit is in scope; done reports it finished. */
enum result task_report(struct db *db, const struct actor *who, long long id, const char *text,
                        long long percent, int done, const struct attachment_input *files, size_t n_files,
                        struct err *err);
/* task_report() as a job: arg is a struct task_report_job. */
struct task_report_job {
    const struct actor *who;       /* the caller */
    long long id;                  /* the task */
    const char *text;              /* the report */
    long long percent;             /* progress, 0-100 */
    int done;                      /* reported finished */
    const struct attachment_input *files; /* attachments */
    size_t n_files;                /* how many */
    struct err err;                /* set on failure */
};
enum result task_report_job(struct db *db, void *arg);

/* The assigning level accepts a reported task, with its judgement of the work (rating:
 * satisfied, basic, dissatisfied, or NULL), or returns it with a reason. Refuses one's own
 * report (RES_FORBIDDEN). */
enum result task_accept(struct db *db, const struct actor *who, long long id, const char *rating,
                        struct err *err);
enum result task_return(struct db *db, const struct actor *who, long long id, const char *reason,
                        struct err *err);
/* task_accept() as a job: arg is a struct task_accept_job. */
struct task_accept_job {
    const struct actor *who; /* the caller */
    long long id;            /* the task */
    const char *rating;      /* the issuer's judgement, or NULL */
    struct err err;          /* set on failure */
};
enum result task_accept_job(struct db *db, void *arg);
/* task_return() as a job: arg is a struct task_return_job. */
struct task_return_job {
    const struct actor *who; /* the caller */
    long long id;            /* the task */
    const char *reason;      /* why it goes back */
    struct err err;          /* set on failure */
};
enum result task_return_job(struct db *db, void *arg);

/* Calls fn with the task when the actor may see it (lead, assigning or assisting unit in
 * scope); RES_NOT_FOUND otherwise. The row lives only during the call. */
enum result task_get(struct db *db, const struct actor *who, long long id,
                     void (*fn)(void *ctx, const struct task *t), void *ctx);

/* Calls fn with the code and name of each assisting unit of task id, in tree order: for a task
 * task_get() has shown the actor. */
enum result task_assists(struct db *db, long long id,
                         void (*fn)(void *ctx, const char *code, const char *name), void *ctx);

enum task_role { TASK_ROLE_ANY = 0, TASK_ROLE_LEAD, TASK_ROLE_ASSIST };
enum task_sort {
    TASK_SORT_DEADLINE = 0,
    TASK_SORT_DEADLINE_DESC,
    TASK_SORT_NEWEST,
    TASK_SORT_PROGRESS,
    TASK_SORT_COUNT
};
/* The sort named "deadline", "-deadline", "newest" or "progress"; -1 for another name. */
int task_sort_parse(const char *name);

struct task_filter {
    const char *unit;    /* unit code, required */
    int subtree;         /* 1: the unit and all below it */
    const char *state;   /* NULL/"all", open, overdue, due_soon, stalled, or a state name */
    const char *kind;    /* NULL, key or routine */
    long long year;      /* 0 for any */
    long long leader;    /* person id, 0 for any: the tasks they lead and their offices' */
    enum task_role role; /* lead, assisting or either */
    enum task_sort sort; /* row order */
    long long offset;    /* rows to skip */
    long long limit;     /* rows to return */
    int brief;           /* 1: rows without description, assigning unit or paths (lists) */
};

/* Calls fn for each task matching the filter, by deadline; *total gets the count of all
 * matches. RES_INVALID names a bad filter field; RES_NOT_FOUND an out-of-scope unit. */
enum result task_list(struct db *db, const struct actor *who, const struct task_filter *f,
                      void (*fn)(void *ctx, const struct task *t), void *ctx, long long *total,
                      struct err *err);

struct task_stats {
    long long total;    /* tasks led in the subtree */
    long long accepted; /* of them accepted */
    long long overdue;  /* open and past the deadline */
    long long on_time;  /* accepted on or before the deadline */
    /* supervision records on them, by kind (not counted per leader) */
    long long reminders, urges, criticisms;
    /* signed notices addressed to the subtree's units, by kind (notice.h) */
    long long notice_praises, notice_criticisms;
};

/* Reads the roll-up counts of tasks led in the unit's subtree into *all. With fn: first
 * fn(code, name, 0, NULL) for the unit itself, then one call per unit directly below it with
 * that unit's subtree counts, the levels below first and then the unit's own offices (office
 * set), then fn(NULL, NULL, 0, s) with the tasks the unit leads itself. */
enum result task_stats(struct db *db, const struct actor *who, const char *unit,
                       struct task_stats *all,
                       void (*fn)(void *ctx, const char *code, const char *name, int office,
                                  const struct task_stats *s),
                       void *ctx, struct err *err);

/* The same figures over a period, for the unit of id unit_id (its scope checked by the caller):
 * the tasks due in [from, to] (either NULL: open), those accepted and accepted on time in it,
 * the supervision recorded and the notices signed in it, and the open tasks due in it before
 * today; from the roll-ups by day, a few rows each. */
enum result task_stats_period(struct db *db, long long unit_id, const char *from, const char *to,
                              struct task_stats *s, struct err *err);

/* The tasks in work led in the unit's subtree (in the actor's scope) that are due within their
 * issuing unit's due-soon days, into *n: the count of the ledger's state=due_soon, which the
 * dashboard links to. RES_NOT_FOUND names "unit" out of scope. */
enum result task_due_soon(struct db *db, const struct actor *who, const char *unit, long long *n,
                          struct err *err);

/* Counts the tasks a duty report answers for (for a 处长's or a leader's report): those the
 * person's office leads or assists, those of the offices in the person's charge as a leader in
 * post, and those the person is the responsible leader of, of year (0: every year): all,
 * accepted, accepted on time, open past the deadline. */
enum result task_duty_stats(struct db *db, long long person, long long year,
                            struct task_stats *out);

/* Calls fn for each milestone of a visible task, by due date. */
enum result task_milestones(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const char *title, const char *due), void *ctx);
/* Calls fn for each attachment of a visible task (metadata only). */
enum result task_attachments(struct db *db, const struct actor *who, long long id,
                             void (*fn)(void *ctx, long long file_id, const char *name,
                                        const char *type, long long size),
                             void *ctx);
/* Calls fn with one attachment's contents when its task is visible; RES_NOT_FOUND otherwise. */
enum result task_attachment_get(struct db *db, const struct actor *who, long long file_id,
                                void (*fn)(void *ctx, const char *name, const char *type,
                                           const void *data, size_t size),
                                void *ctx);

/* Recomputes the roll-up counts from the tasks (after units move). */
enum result task_tally_rebuild(struct db *db);

/* Calls fn for each event of the task's timeline (its audit records), oldest first. */
enum result task_timeline(struct db *db, const struct actor *who, long long id,
                          void (*fn)(void *ctx, const char *at, const char *actor,
                                     const char *action, const char *after),
                          void *ctx);

/* Calls fn for the task's sub-tasks at every depth below it, in tree order (depth tells the
 * level), when the actor may see the task. */
enum result task_tree(struct db *db, const struct actor *who, long long id,
                      void (*fn)(void *ctx, const struct task *t), void *ctx);

struct task_report_row {
    const char *at;    /* when */
    const char *login; /* who filed it */
    const char *text;  /* what was reported */
    int percent;       /* progress */
    int done;          /* reported done */
};
/* Calls fn for each progress report of a visible task, oldest first. */
enum result task_reports(struct db *db, const struct actor *who, long long id,
                         void (*fn)(void *ctx, const struct task_report_row *row), void *ctx);

/* Imports tasks of a plan from CSV text with the header
 * title,kind,lead_unit,assist_units,leader,deadline,description (assist_units separated by
 * ';', leader a person id or empty), all or nothing: every problem goes to rep with its
 * line. *n_added gets the count. */
enum result task_import(struct db *db, const struct actor *who, long long plan, const char *data,
                        size_t len, long long *n_added, const struct import_report *rep);

/* Writes to the outbox (auth/outbox.h), inside the caller's transaction, the red light of each
 * open task whose deadline lies in [from, before): it turned red on the day after. */
enum result task_red_messages(struct db *db, const char *from, const char *before);

/* The columns of the import file (csv_each_row), for the import and its template. */
extern const struct csv_columns task_import_columns;

#endif
