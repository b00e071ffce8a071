/*
 * The outbox (auth layer, beside the audit log; issue 22): every message that reaches an inbox
 * (a task assigned, a reminder, an urge, a notice, a report returned) is also written here, in
 * the caller's transaction, so that `taizhang notify` delivers it by webhook and e-mail once the
 * change that caused it has committed, and never when it rolled back. Depends on core and db.
 */
#ifndef TZ_OUTBOX_H
#define TZ_OUTBOX_H

#include "db/db.h"

/* One message. */
struct outbox_msg {
    const char *kind;    /* what happened: task.assigned, supervision.urge, notice.signed... */
    long long unit_id;   /* the unit whose people it is for */
    long long person_id; /* one person of it, or 0 for the unit's staff */
    const char *title;   /* one line */
    const char *text;    /* more, or NULL */
    const char *path;    /* the page it is about ("/tasks/12"), or NULL */
};

/* Writes the message inside the caller's open transaction. RES_OK or RES_FAIL. */
enum result outbox_put(struct db *db, const struct outbox_msg *m);

#endif
