/*
 * Supervision of tasks (mechanism model; DESIGN.md mechanism 2, speech.txt "加强督查"): a
 * supervisor's or a leader's reminder, urge or criticism on an open task (task.h), on its
 * timeline and in the roll-up counts. Numbered notices are notice.h's. Owns the supervision
 * table. No http types.
 */
#ifndef TZ_SUPERVISION_H
#define TZ_SUPERVISION_H

#include "auth/scope.h"
#include "db/db.h"

/* A supervisor or a leader issues a reminder, urge or criticism on an open task in scope; other
 * roles get RES_FORBIDDEN. The kind "notice", kept for older clients, drafts a notice
 * (notice_draft()) criticising the task's lead unit instead, its id in *notice_id (0 for the
 * other kinds). */
enum result task_supervise(struct db *db, const struct actor *who, long long id, const char *kind,
                           const char *text, long long *sup_id, long long *notice_id,
                           struct err *err);
/* task_supervise() as a job: arg is a struct task_supervise_job. */
struct task_supervise_job {
    const struct actor *who; /* the caller */
    long long id;            /* the task */
    const char *kind;        /* reminder | urge | criticism, or notice (a draft notice) */
    const char *text;        /* what it says */
    long long sup_id;        /* set on success: the record's id, 0 for a notice */
    long long notice_id;     /* set on success: the draft notice's id, 0 for another kind */
    struct err err;          /* set on failure */
};
enum result task_supervise_job(struct db *db, void *arg);

struct supervision_row {
    long long id;           /* record id */
    long long task_id;      /* the task */
    const char *task_title; /* its title */
    const char *lead_code;  /* its lead unit */
    const char *lead_name;  /* that unit's name */
    const char *deadline;   /* its deadline */
    const char *unit_name;  /* the issuing unit */
    const char *kind;       /* reminder | urge | criticism */
    const char *text;       /* the text */
    const char *created;    /* when */
};

enum supervision_scope {
    SUP_TASK,  /* the records on one task (id) */
    SUP_INBOX, /* those addressed to the actor: tasks their unit leads or they lead */
    SUP_ONE,   /* one record (id) */
};
/* Calls fn for supervision records, newest first; every row is in the actor's scope. */
enum result supervision_each(struct db *db, const struct actor *who, enum supervision_scope what,
                             long long id, void (*fn)(void *ctx, const struct supervision_row *s),
                             void *ctx);

#endif
