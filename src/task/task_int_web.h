/*
 * What the task handlers share and nobody else uses (handler layer): the badges of a task's
 * light, the ledger's table rows (the ledger, the supervision queue and the inbox list tasks
 * alike), the redirect after a form's write and the select of units a task can be given to,
 * defined in task_page.c; a notice's list item, defined in notice_page.c.
 */
#ifndef TZ_TASK_INT_WEB_H
#define TZ_TASK_INT_WEB_H

#include "http/http.h"
#include "task/notice.h"
#include "task/task.h"
#include "unit/unit.h"

/* The light badge of t, and when stalled is set and t is stalled, a "stalled" badge beside it. */
void task_badges(struct req *r, const struct task *t, int stalled);

/* Reads the fields of a task from a JSON object into in (strings owned by the document; assist
 * unit codes go into the request arena). */
enum result task_input_from_json(struct req *r, json_t *o, struct task_input *in,
                                 struct err *err);

/* The states a task is in: assigned, in_progress, reported, accepted, returned, suspended. */
enum { TASK_STATES = 6 };

/* A table of tasks written row by row: task_list()'s callback ledger_row, then ledger_end(). */
struct ledger_ctx {
    struct req *r;               /* the request being rendered */
    const struct task_filter *f; /* the ledger's filters, for leader links; NULL for none */
    int n;                       /* rows written */
    const char *light[LIGHT_RED + 1]; /* labels, translated at the first row, not at each */
    const char *stalled;
    const char *kind[2];
    const char *state[TASK_STATES];
};
/* Writes one task as a row (the table's head before the first): light, title linking to the
 * task, kind, lead unit, leader, deadline, state and progress. ctx is a struct ledger_ctx. */
void ledger_row(void *ctx, const struct task *t);
/* Closes the table, or says that no task matched when there was no row. */
void ledger_end(const struct ledger_ctx *c);
/* What each light means, each beside its badge. */
void task_legend(struct req *r);

/* Answers a write from a form: a redirect to task id's page with the notice ok (a message ID
 * that page_notice() knows). */
void task_redirect(struct req *r, long long id, const char *ok);

/* A select named name of the units directly below root, and root itself when with_root. */
void task_unit_select(struct req *r, const char *name, const struct unit *root, int with_root);
/* A select named leader of the people of unit; with required, one must be chosen, else "—"
 * chooses none. */
void task_leader_select(struct req *r, const struct unit *unit, int required);

/* A notice as a list item: its date, issuer and kind, its title linking to its page, then its
 * number, or its state before signing (notice_page.c). */
void notice_item(struct req *r, const struct notice *n);

#endif
