/*
 * Period reports signed off level by level (mechanism model; issue 17, after DHIS2's two-step
 * approval): a unit issues a report to its subtree for a period, naming the indicators it asks
 * for and the unit kinds that submit; each submitting unit submits its figures once every
 * submitting unit below it is accepted, freezing them as a snapshot (computed ones from the
 * roll-up at that moment, hand-entered ones typed or summed from the accepted units below),
 * and the level directly above (the nearest submitting unit above, or the issuer) accepts it
 * or returns it with a reason. Owns report, report_indicator, submission, submission_value.
 * No http types.
 */
#ifndef TZ_REPORT_H
#define TZ_REPORT_H

#include <stddef.h>

#include "auth/scope.h"
#include "core/buf.h"
#include "core/result.h"
#include "db/db.h"
#include "unit/unit.h"

enum { REPORT_CODES_MAX = 64, REPORT_LEVELS_MAX = 6, REPORT_TITLE_MAX = 200, REPORT_REASON_MAX = 500 };

struct report_input {
    const char *unit;                 /* the issuer's code */
    const char *title;
    const char *from, *to, *due;      /* YYYY-MM-DD */
    const char *const *codes;         /* indicator codes asked for */
    size_t n_codes;
    const char *const *levels;        /* unit kinds that submit: county, city, ... */
    size_t n_levels;
};

struct report {
    long long id;
    struct unit issuer;
    char title[REPORT_TITLE_MAX * 4 + 1];
    char from[11], to[11], due[11];
    size_t n_codes;
    int codes[REPORT_CODES_MAX];      /* indexes into indicators[] */
    size_t n_levels;
    char levels[REPORT_LEVELS_MAX][16];
};

enum submission_state { SUB_WAITING, SUB_READY, SUB_SUBMITTED, SUB_ACCEPTED };
extern const char *const submission_state_names[]; /* waiting ready submitted accepted */

/* What the actor may do to a submission. */
enum { MAY_SUBMIT = 1, MAY_WITHDRAW = 2, MAY_ACCEPT = 4, MAY_RETURN = 8 };

struct submission {
    struct unit unit;                 /* the submitting unit */
    char above[UNIT_CODE_MAX + 1];    /* who accepts it */
    enum submission_state state;
    char submitted[26];               /* "" until submitted */
    char accepted[26];
    const char *reason;               /* the last return's reason, "" for none */
    const char *summary;              /* the summary submitted */
    int late;                         /* not submitted and the due day passed */
    unsigned may;                     /* MAY_* for the actor */
};

/* Creates a report; *id gets its id. RES_INVALID names the field (title, from, to, due,
 * indicators, levels); RES_NOT_FOUND an issuer out of scope; RES_FORBIDDEN without write. */
enum result report_create(struct db *db, const struct actor *who, const struct report_input *in,
                          long long *id, struct err *err);

/* Loads a report the actor sees (the issuer or one of its submitting units in scope). */
enum result report_load(struct db *db, const struct actor *who, long long id, struct report *out,
                        struct err *err);

/* Calls fn for each submission of the report in the actor's scope, in tree order. */
enum result report_submissions(struct db *db, const struct actor *who, const struct report *rep,
                               void (*fn)(void *ctx, const struct submission *s), void *ctx,
                               struct err *err);

/* One unit's submission: *s, and for each of the report's indicators (report order) the
 * snapshot value (has[i] 0 before any submission) and the live value now. */
struct submission_detail {
    struct submission s;
    long long value[REPORT_CODES_MAX];
    int has[REPORT_CODES_MAX];
    long long live[REPORT_CODES_MAX];  /* hand-entered: the sum of the accepted units below */
    int changed[REPORT_CODES_MAX];     /* submitted and a computed figure moved since */
};
/* Fills *d for the unit of code (in the actor's scope). The strings in d live in arena-free
 * storage released by report_detail_free. */
enum result report_detail(struct db *db, const struct actor *who, const struct report *rep,
                          const char *code, struct submission_detail *d, struct err *err);
void report_detail_free(struct submission_detail *d);

enum report_action { ACT_SUBMIT, ACT_WITHDRAW, ACT_ACCEPT, ACT_RETURN };
/* Parses "submit", "withdraw", "accept", "return"; -1 otherwise. */
int report_action_parse(const char *name);

struct report_act {
    enum report_action action;
    const char *unit;                  /* the submission's unit code */
    const char *const *codes;          /* submit: hand-entered values typed */
    const long long *values;
    size_t n_values;
    const char *summary;               /* submit: the summary text, NULL to keep */
    const char *reason;                /* return: required */
};
/* Takes the action: RES_FORBIDDEN when the actor may not (not the unit, or not the level
 * directly above), RES_CONFLICT in the wrong state or while a unit below is not accepted (err
 * names that unit), RES_INVALID for a bad value or a missing reason. Audited. */
enum result report_act(struct db *db, const struct actor *who, const struct report *rep,
                       const struct report_act *a, struct err *err);

/* report_create and report_act as jobs for the single writer. */
struct report_create_job {
    const struct actor *who;
    struct report_input in;
    long long id;    /* set on success */
    struct err err;  /* set on failure */
};
enum result report_create_job(struct db *db, void *arg);
struct report_act_job {
    const struct actor *who;
    const struct report *rep;
    struct report_act act;
    struct err err;
};
enum result report_act_job(struct db *db, void *arg);

/* The hand-entered figures of the unit of id unit_id over exactly [from, to], into v
 * (n_indicators of them, -1 where none is known): the values of its latest accepted submission
 * to a report over that period; else, as for an issuer, the sum of the accepted values of the
 * submissions it accepted for such reports. The caller checks the unit's scope. */
enum result report_manual_values(struct db *db, long long unit_id, const char *from,
                                 const char *to, long long *v);

/* Calls fn for each report the actor sees, newest first, with how many of its submissions in
 * the actor's scope are accepted, and how many there are. */
enum result report_each(struct db *db, const struct actor *who,
                        void (*fn)(void *ctx, const struct report *r, long long accepted,
                                   long long total),
                        void *ctx, struct err *err);

/* Calls fn for each open submission of the department dept_id whose due day has passed (the
 * inbox's reminders). */
/* Writes to the outbox (auth/outbox.h), inside the caller's transaction, a message to each unit
 * that has not submitted a report due in [from, before). */
enum result report_overdue_messages(struct db *db, const char *from, const char *before);
enum result report_late_each(struct db *db, long long dept_id,
                             void (*fn)(void *ctx, long long report_id, const char *title,
                                        const char *due),
                             void *ctx);

#endif
