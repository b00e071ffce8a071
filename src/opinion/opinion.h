/*
 * Opinion solicitation, the rectification ledger and replies (mechanism model; DESIGN.md
 * mechanisms 3 and 4, speech.txt "征求意见" and "整改台帐"): opinions from every channel, from
 * staff or anonymously from the public with a tracking code; consolidation; problems with
 * measures (open → implemented → verified by the level above); replies and ratings; outreach
 * counts; search. Owns campaign, outreach, opinion, problem*, measure, search. No http types.
 */
#ifndef TZ_OPINION_H
#define TZ_OPINION_H

#include "auth/scope.h"
#include "db/db.h"

enum { OPINION_TEXT_MAX = 5000, OPINION_CONTACT_MAX = 100, TRACKING_TEXT = 17 };

struct opinion_input {
    const char *channel;     /* hotline|box|notice|form|forum|visit|questionnaire|letter|web */
    const char *content;     /* required, up to 5000 characters */
    const char *area;        /* thinking|work|style|ability|life, or NULL */
    const char *target_unit; /* the unit it is about (its leadership as a body) */
    long long target_person; /* one named leader of that unit, or 0 for the body */
    const char *contact;     /* optional author contact */
};

/* A member of the public submits an opinion without an account. Nothing about the request is
 * kept: no account, no address, no time finer than the day. code gets the tracking code, shown
 * once and stored only hashed. target_unit is required here (the public page offers a list). */
enum result opinion_submit_public(struct db *db, const struct opinion_input *in,
                                  char code[TRACKING_TEXT], struct err *err);
/* Staff enter an opinion gathered at a forum, visit... for a unit in their scope. */
enum result opinion_add(struct db *db, const struct actor *who, const struct opinion_input *in,
                        long long *id, struct err *err);

struct opinion {
    long long id;                /* opinion id */
    const char *unit_code;       /* the unit it is about */
    const char *unit_name;       /* its name */
    const char *channel;         /* channel code */
    const char *area;            /* area code or "" */
    const char *content;         /* the text */
    const char *day;             /* day received */
    const char *target_name;     /* the named leader, "" for the body */
    const char *reply;           /* the reply, "" for none */
    const char *reply_day;       /* when replied */
    const char *rating;          /* the author's rating, "" for none */
    long long consolidated_into; /* merged into this opinion, 0 for none */
    int anonymous;               /* came from the public */
    const char *state;           /* received | classified | replied */
};

/* Calls fn for each opinion about the unit (or its subtree), newest first. */
enum result opinion_each(struct db *db, const struct actor *who, const char *unit_code, int subtree,
                         long long offset, long long limit,
                         void (*fn)(void *ctx, const struct opinion *o), void *ctx,
                         struct err *err);

/* What the author sees with the tracking code: RES_NOT_FOUND for an unknown code, with the same
 * work done either way. */
enum result opinion_track(struct db *db, const char *code,
                          void (*fn)(void *ctx, const struct opinion *o), void *ctx);
/* The author rates the reply: satisfied | basic | dissatisfied. */
enum result opinion_rate(struct db *db, const char *code, const char *rating, struct err *err);

/* Replies to an opinion (and to every opinion merged into it). */
enum result opinion_reply(struct db *db, const struct actor *who, long long id, const char *text,
                          struct err *err);
/* Merges opinion id into another (梳理); both must be of units in scope. */
enum result opinion_merge(struct db *db, const struct actor *who, long long id, long long into,
                          struct err *err);

struct problem_input {
    const char *unit;          /* unit code */
    const char *title;         /* the problem found */
    const char *area;          /* thinking|work|style|ability|life */
    const long long *opinions; /* opinions it answers; none: self-examination */
    size_t n_opinions;         /* how many */
};
enum result problem_add(struct db *db, const struct actor *who, const struct problem_input *in,
                        long long *id, struct err *err);

struct measure_input {
    long long problem;    /* the problem */
    const char *title;    /* the measure */
    long long owner;      /* responsible person, required */
    const char *deadline; /* YYYY-MM-DD, required */
    int public;           /* list it on the public results page once implemented */
};
enum result measure_add(struct db *db, const struct actor *who, const struct measure_input *in,
                        long long *id, struct err *err);
/* The responsible unit reports a measure implemented with its evidence. */
enum result measure_implemented(struct db *db, const struct actor *who, long long id,
                                const char *evidence, struct err *err);
/* The level above verifies an implemented measure; never the unit itself. */
enum result measure_verify(struct db *db, const struct actor *who, long long id, struct err *err);

struct rectification_stats {
    long long letters, forums, visits; /* outreach counted */
    long long opinions;                /* collected */
    long long consolidated;            /* after merging duplicates */
    long long problems, measures, implemented, verified, overdue;
    long long replied, satisfied, basic, dissatisfied;
    long long by_channel[9]; /* opinions per channel, in channel_codes order */
    long long by_area[5];    /* per area, in area_codes order */
};
extern const char *const channel_codes[9];
extern const char *const area_codes[5];

/* Counts over the unit's subtree, for days in [from, to] (NULL: any). */
enum result rectification_stats(struct db *db, const struct actor *who, const char *unit_code,
                                const char *from, const char *to, struct rectification_stats *s,
                                struct err *err);

/* Full-text search of opinions, problems and measures in scope; fn gets kind ("opinion",
 * "problem", "measure"), id and a snippet. At most limit results. */
enum result search_run(struct db *db, const struct actor *who, const char *q, long long limit,
                       void (*fn)(void *ctx, const char *kind, long long id, const char *snippet),
                       void *ctx, struct err *err);

/* Writer jobs. */
enum opinion_op {
    OP_SUBMIT,
    OP_ADD,
    OP_REPLY,
    OP_MERGE,
    OP_RATE,
    OP_PROBLEM,
    OP_MEASURE,
    OP_IMPLEMENTED,
    OP_VERIFY
};
struct opinion_job {
    enum opinion_op op;           /* which write */
    const struct actor *who;      /* the caller (NULL for the public) */
    struct opinion_input opinion; /* submit, add */
    struct problem_input problem; /* problem */
    struct measure_input measure; /* measure */
    long long id;                 /* target, or the new id */
    long long into;               /* merge target */
    const char *text;             /* reply, evidence, rating, or the tracking code to rate */
    const char *code;             /* rate: the tracking code */
    char tracking[TRACKING_TEXT]; /* submit: the new code */
    struct err err;               /* on failure */
};
enum result opinion_job_run(struct db *db, void *arg);

#endif
