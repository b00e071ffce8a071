/*
 * The rectification ledger (整改台帐; mechanism model, DESIGN.md mechanism 4, speech.txt
 * "整改台帐"): problems found from opinions or by self-examination, their measures (open → in
 * progress → implemented → verified by the level above), and the roll-up counts of opinions,
 * outreach and measures by unit. Implemented by rectification.c and opinion_tally.c. No http
 * types.
 */
#ifndef TZ_RECTIFICATION_H
#define TZ_RECTIFICATION_H

#include "core/arena.h"
#include "opinion/opinion.h"

struct problem_input {
    const char *unit;          /* unit code */
    const char *title;         /* the problem found */
    const char *area;          /* thinking|work|style|ability|life */
    const long long *opinions; /* opinions it answers; none: self-examination */
    size_t n_opinions;         /* how many */
};
enum result problem_add(struct db *db, const struct actor *who, const struct problem_input *in,
                        long long *id, struct err *err);
/* problem_add() as a job for db_writer_run(); like every job below, err is set on failure. */
struct problem_add_job {
    const struct actor *who; /* the caller */
    struct problem_input in; /* the problem */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result problem_add_job(struct db *db, void *arg);

struct measure_input {
    long long problem;    /* the problem */
    const char *title;    /* the measure */
    long long owner;      /* responsible person, required */
    const char *deadline; /* YYYY-MM-DD, required */
    int public;           /* list it on the public results page once implemented */
};
enum result measure_add(struct db *db, const struct actor *who, const struct measure_input *in,
                        long long *id, struct err *err);
struct measure_add_job {
    const struct actor *who; /* the caller */
    struct measure_input in; /* the measure */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result measure_add_job(struct db *db, void *arg);
/* The responsible unit starts work on an open measure (open → in progress). */
enum result measure_start(struct db *db, const struct actor *who, long long id, struct err *err);
/* The responsible unit reports a measure implemented with its evidence. */
enum result measure_implemented(struct db *db, const struct actor *who, long long id,
                                const char *evidence, struct err *err);
struct measure_implemented_job {
    const struct actor *who; /* the caller */
    long long id;            /* the measure */
    const char *evidence;    /* what shows it done */
    struct err err;          /* set on failure */
};
enum result measure_implemented_job(struct db *db, void *arg);
/* The level above verifies an implemented measure; never the unit itself. */
enum result measure_verify(struct db *db, const struct actor *who, long long id, struct err *err);
/* measure_start() and measure_verify() as jobs. */
struct measure_step_job {
    const struct actor *who; /* the caller */
    long long id;            /* the measure */
    struct err err;          /* set on failure */
};
enum result measure_start_job(struct db *db, void *arg);
enum result measure_verify_job(struct db *db, void *arg);

/* Problems (查摆问题) and their measures (整改措施), as the ledger pages list them. */
struct problem {
    long long id;          /* problem id */
    const char *unit_code; /* its unit */
    const char *unit_name; /* unit name */
    const char *title;     /* the problem */
    const char *area;      /* area code */
    const char *source;    /* opinion | self */
    const char *day;       /* day found */
    long long n_opinions;  /* opinions it answers */
};
struct measure {
    long long id;                /* measure id */
    long long problem_id;        /* its problem */
    const char *unit_code;       /* its unit */
    const char *unit_name;       /* unit name */
    const char *title;           /* the measure */
    const char *owner_name;      /* responsible person */
    const char *deadline;        /* YYYY-MM-DD */
    const char *state;           /* open | in_progress | implemented | verified */
    const char *evidence;        /* what shows it done */
    const char *implemented_day; /* "" until implemented */
    const char *verified_day;    /* "" until verified */
    int public;                  /* listed on the public results page once implemented */
    int overdue;                 /* not implemented and past the deadline */
};
/* Problems of the unit's subtree, newest first, with each one's measures after it (fm may be
 * NULL); *total gets how many there are in all (when total is not NULL). */
enum result problem_each(struct db *db, const struct actor *who, const char *unit_code,
                         long long offset, long long limit, long long *total,
                         void (*fp)(void *ctx, const struct problem *p),
                         void (*fm)(void *ctx, const struct measure *m), void *ctx,
                         struct err *err);
/* The problem id in the actor's scope into *out (its strings in arena); RES_NOT_FOUND naming
 * "problem" otherwise. */
enum result problem_get(struct db *db, const struct actor *who, long long id, struct arena *arena,
                        struct problem *out, struct err *err);
/* Implemented public measures of a unit's subtree, for the public results page (no actor). */
enum result measure_public_each(struct db *db, const char *unit_code,
                                void (*fn)(void *ctx, const struct measure *m), void *ctx);

struct rectification_stats {
    long long letters, forums, visits; /* outreach counted */
    long long attendees;               /* people at the forums */
    long long outreach[N_OUTREACH];    /* every outreach kind, in outreach_codes order */
    long long opinions;                /* collected */
    long long consolidated;            /* after merging duplicates */
    long long to_body, to_person;      /* about a leadership as a body / one named leader */
    long long consolidated_to_body, consolidated_to_person; /* the consolidated ones, so split */
    long long problems, measures, implemented, verified, overdue;
    long long solved;                  /* problems whose every measure is implemented */
    long long replied, satisfied, basic, dissatisfied;
    long long by_channel[N_CHANNELS];              /* collected per channel */
    long long by_channel_consolidated[N_CHANNELS]; /* consolidated per channel */
    long long by_area[N_AREAS];                    /* per area, in area_codes order */
};

/* Counts over the unit's subtree, for days in [from, to] (NULL or "": any), read from the
 * roll-up counts (a few indexed reads). overdue is as of today whatever the period. */
enum result rectification_stats(struct db *db, const struct actor *who, const char *unit_code,
                                const char *from, const char *to, struct rectification_stats *s,
                                struct err *err);
/* The same for the unit and then each unit directly below it: fn gets each one's code, name and
 * counts, the unit itself first. */
enum result rectification_rollup(struct db *db, const struct actor *who, const char *unit_code,
                                 const char *from, const char *to,
                                 void (*fn)(void *ctx, const char *code, const char *name,
                                            const struct rectification_stats *s),
                                 void *ctx, struct err *err);

#endif
