/*
 * Leaders' instructions (mechanism model; issue 25, 领导批示): a leader's written instruction on a
 * report, document or essay, recorded by the unit's staff; tasks issued from it; the leader told
 * of the result when the last of them is accepted (办理结果反馈). Owns the instruction table. No
 * http types.
 */
#ifndef TZ_INSTRUCTION_H
#define TZ_INSTRUCTION_H

#include "auth/scope.h"
#include "db/db.h"
#include "task/task.h"

enum { INSTRUCTION_TEXT_MAX = 2000 };

struct instruction_input {
    const char *unit;    /* the unit's code */
    long long leader;    /* the instructing leader's person id */
    const char *day;     /* the day written, YYYY-MM-DD */
    const char *text;    /* the instruction */
    const char *on;      /* the title of what it is written on */
    const char *on_kind; /* report, document or essay, or NULL */
};

/* Records an instruction: the unit's staff and those above (records write). RES_INVALID names
 * the field. */
enum result instruction_create(struct db *db, const struct actor *who,
                               const struct instruction_input *in, long long *id,
                               struct err *err);
struct instruction_create_job {
    const struct actor *who;     /* the caller */
    struct instruction_input in; /* the instruction */
    long long id;                /* set on success */
    struct err err;              /* set on failure */
};
enum result instruction_create_job(struct db *db, void *arg);

/* Issues a task from the instruction (task_create with the instruction named). */
enum result instruction_task(struct db *db, const struct actor *who, long long id,
                             const struct task_input *in, long long *task_id, struct err *err);
struct instruction_task_job {
    const struct actor *who; /* the caller */
    long long id;            /* the instruction */
    struct task_input in;    /* the task */
    long long task_id;       /* set on success */
    struct err err;          /* set on failure */
};
enum result instruction_task_job(struct db *db, void *arg);

struct instruction {
    long long id;
    const char *unit_code;   /* its unit */
    long long leader_id;     /* the instructing leader */
    const char *leader_name; /* their name */
    const char *day;         /* written on */
    const char *text;
    const char *on;          /* what it is written on */
    const char *on_kind;     /* report, document, essay or "" */
    long long n_tasks;       /* tasks issued from it */
    long long n_accepted;    /* of them accepted */
};
/* done: tasks were issued and every one is accepted. */
#define INSTRUCTION_DONE(i) ((i)->n_tasks > 0 && (i)->n_accepted == (i)->n_tasks)

/* Calls fn with the instruction when its unit is in the actor's scope, then task_fn for each of
 * its tasks (id, title, state), oldest first; RES_NOT_FOUND otherwise. */
enum result instruction_get(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const struct instruction *i),
                            void (*task_fn)(void *ctx, long long task, const char *title,
                                            const char *state),
                            void *ctx);
/* Calls fn for the instructions of the unit's subtree written in [from, to] (either NULL: open),
 * newest first. */
enum result instruction_each(struct db *db, const struct actor *who, const char *unit,
                             const char *from, const char *to,
                             void (*fn)(void *ctx, const struct instruction *i), void *ctx,
                             struct err *err);

/* After task id was accepted: when it was the last open task of its instruction, writes the
 * result to the instructing leader's account (or, when they have none, to the account that
 * recorded the instruction), inside the caller's transaction. RES_OK or RES_FAIL. */
enum result instruction_on_accept(struct db *db, long long task_id);

#endif
