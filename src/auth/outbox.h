/*
 * The outbox (auth layer, beside the audit log; issue 22): every message that reaches an inbox
 * (a task assigned, a reminder, an urge, a notice, a report returned) is also written here, in
 * the caller's transaction, so that `taizhang notify` delivers it by webhook and e-mail once the
 * change that caused it has committed, and never when it rolled back. Depends on core and db.
 */
#ifndef TZ_OUTBOX_H
#define TZ_OUTBOX_H

#include "auth/scope.h"
#include "db/db.h"

/* One message. */
struct outbox_msg {
    const char *kind;    /* what happened: task.assigned, supervision.urge, notice.signed... */
    long long unit_id;   /* the unit whose people it is for */
    long long person_id; /* one person of it, or 0 for the unit's staff */
    const char *title;   /* one line */
    const char *text;    /* more, or NULL */
    const char *path;    /* the page it is about ("/tasks/12"), or NULL */
    long long account_id;     /* one account instead (the unit and person its own), or 0 */
    long long task_id;        /* the task it is about, or 0 */
    long long instruction_id; /* the leader's instruction it is about, or 0 */
};

enum { OUTBOX_DEADLINE_MAX = 64 };
/* A message's text for a deadline: "完成时限 2026-12-31". */
void outbox_deadline(char out[OUTBOX_DEADLINE_MAX], const char *date);

/* Writes the message inside the caller's open transaction. RES_OK or RES_FAIL. */
enum result outbox_put(struct db *db, const struct outbox_msg *m);
/* Writes a message of kind for each row of the query sql, whose ?1 and ?2 get from and before
 * and whose rows are (id, unit id, title, date): for that unit's staff, its text "完成时限
 * DATE", its page path_prefix and the id ("/tasks/" 12). RES_OK or RES_FAIL. */
enum result outbox_put_between(struct db *db, const char *sql, const char *from,
                               const char *before, const char *kind, const char *path_prefix);

/* One message of an inbox. */
struct inbox_msg {
    long long id;             /* the message */
    const char *kind;         /* task.assigned, escalation, instruction_result... */
    long long task_id;        /* its task, or 0 */
    long long instruction_id; /* its instruction, or 0 */
    const char *title;        /* one line */
    const char *path;         /* its page, "" for none */
    const char *day;          /* the day written */
    int read;                 /* marked read */
};
/* Calls fn for the actor's messages, newest first, at most limit: those to its account, to its
 * person, and those to its unit's staff (not for cadres). */
enum result outbox_inbox(struct db *db, const struct actor *who, long long limit,
                         void (*fn)(void *ctx, const struct inbox_msg *m), void *ctx);
/* Marks one of the actor's messages read; RES_NOT_FOUND when it is not the actor's. */
enum result outbox_read(struct db *db, const struct actor *who, long long id, struct err *err);
struct outbox_read_job {
    const struct actor *who; /* the caller */
    long long id;            /* the message */
    struct err err;          /* set on failure */
};
enum result outbox_read_job(struct db *db, void *arg);

#endif
