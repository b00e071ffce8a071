/*
 * Knowledge tests (知识测试; mechanism model, DESIGN.md mechanism 6, speech.txt "全省共有27000
 * 多名组织人事干部参加"): a paper composed by rules (N questions per category and difficulty),
 * each examinee's own random draw and option order kept on the server, a time window and a
 * per-person time limit read from clock_time(), answers saved one by one, grading on submit or
 * time-out, and results per unit subtree with item statistics. Owns exam, exam_rule, sitting
 * and sitting_item: exams in exam.c, sittings in exam_sitting.c, figures in exam_stats.c, what
 * they share in exam_int.h. No http or web types.
 *
 * A request that writes is split in two: a check on a read connection (the draw, the answer's
 * validation) and a small job for the single writer that re-checks the state in its own SQL, so
 * the hot path, saving an answer, is one UPDATE of one row.
 *
 * Reads never write. A sitting whose time is up reads as timed out everywhere (the exam, the
 * paper, statistics, results), graded from its saved answers by the same rule the hand-in
 * stores; the store catches up at the next write that touches the sitting: the hand-in
 * (exam_submit_job), a start (exam_start_job), or a refused answer's caller handing it in.
 */
#ifndef TZ_EXAM_H
#define TZ_EXAM_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "auth/scope.h"
#include "db/db.h"
#include "learning/question.h"

enum {
    EXAM_RULES_MAX = 20,
    EXAM_QUESTIONS_MAX = 200,
    EXAM_TITLE_MAX = 200,
    EXAM_BUCKETS = 10, /* score distribution: 0-9, 10-19, ... 90-100 */
};

struct exam_rule {
    const char *category; /* questions of this category */
    long long difficulty; /* 1-3, or 0 for any */
    long long count;      /* how many, 1-200 */
};

struct exam_input {
    const char *unit;              /* organiser unit code (in scope, PERM_RECORD_WRITE) */
    const char *title;             /* required, up to 200 characters */
    const char *examinee_unit;     /* accounts in this unit's subtree may sit; in scope */
    const struct exam_rule *rules; /* the composition, disjoint rules */
    size_t n_rules;                /* 1-20 */
    long long minutes;             /* per-person time limit, 1-600 */
    const char *opens;             /* window, local "YYYY-MM-DDTHH:MM:SS" */
    const char *closes;            /* after opens */
    long long pass_score;          /* 0-100 */
    long long sittings;            /* sittings allowed per examinee, 0 for 1 */
    int partial;                   /* multiple choice: half credit for a right subset */
};

/* Creates an exam after checking that the bank of the organiser (and of the units above it)
 * holds enough questions for every rule. *id gets its id. */
enum result exam_create(struct db *db, const struct actor *who, const struct exam_input *in,
                        long long *id, struct err *err);
struct exam_create_job {
    const struct actor *who; /* the caller */
    struct exam_input in;    /* the exam */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result exam_create_job(struct db *db, void *arg);

struct exam {
    long long id;              /* exam id */
    const char *unit_code;     /* organiser */
    const char *unit_name;     /* its name */
    const char *examinee_code; /* examinee subtree */
    const char *examinee_name; /* its name */
    const char *title;         /* title */
    long long minutes;         /* time limit */
    time_t opens;              /* window start */
    time_t closes;             /* window end */
    long long pass_score;      /* 0-100 */
    long long sittings;        /* allowed per examinee */
    int partial;               /* half credit for a right subset */
    long long n_questions;     /* questions per paper */
    int may_manage;            /* the actor may see results and item statistics */
    int may_sit;               /* the actor is an examinee */
    long long my_attempts;     /* the actor's sittings so far */
    const char *my_state;      /* of the latest as shown now: open | submitted | timeout, ""
                                  for none */
    double my_score;           /* its score, or -1 */
};

/* Calls fn with the exam when the actor may manage, sit or read its results. */
enum result exam_get(struct db *db, const struct actor *who, long long id,
                     void (*fn)(void *ctx, const struct exam *e), void *ctx);
/* Calls fn for each exam the actor may manage, sit or read, newest first. */
enum result exam_each(struct db *db, const struct actor *who,
                      void (*fn)(void *ctx, const struct exam *e), void *ctx);

/* Rules of an exam, in order. */
enum result exam_rules(struct db *db, const struct actor *who, long long id,
                       void (*fn)(void *ctx, const struct exam_rule *rule), void *ctx);

/* A start: the draw made on a read connection, then written by exam_start_job(). */
struct exam_draw {
    const struct actor *who;           /* the examinee */
    long long exam_id;                 /* the exam */
    time_t now;                        /* when asked (clock_time()) */
    uint64_t seed;                     /* 0: a random draw; else a repeatable one */
    int resume;                        /* 1: an open sitting exists, nothing to write */
    long long sitting_id;              /* the open or new sitting */
    long long attempt;                 /* its number, from 1 */
    time_t deadline;                   /* when its time is up */
    long long unit_id;                 /* the examinee's unit */
    int n;                             /* questions drawn */
    long long qid[EXAM_QUESTIONS_MAX]; /* their ids in paper order */
    char shown[EXAM_QUESTIONS_MAX][QUESTION_OPTIONS_MAX + 1]; /* option orders, '2031' */
    struct err err;                                           /* set on failure */
};
/* Draws a paper for the actor: RES_OK with a fresh draw or d->resume; RES_NOT_FOUND when the
 * exam is not one the actor may sit; RES_CONFLICT outside the window or when no sitting is
 * left (already submitted). */
enum result exam_draw(struct db *db, struct exam_draw *d);
/* Writes a drawn sitting (arg: struct exam_draw); RES_CONFLICT when a concurrent start won. */
enum result exam_start_job(struct db *db, void *arg);

struct paper_item {
    long long question_id;                     /* question */
    const char *kind;                          /* single | multiple | truefalse */
    const char *text;                          /* question text */
    const char *options[QUESTION_OPTIONS_MAX]; /* in the order shown to this examinee */
    int n_options;                             /* how many */
    unsigned choice;                           /* saved answer, bits of shown positions */
    int answered;                              /* 1 when an answer is saved */
    unsigned right;                            /* right options, shown positions; 0 unless reveal */
    const char *explanation;                   /* "" unless reveal */
    double credit;                             /* 0, 0.5, 1 once graded, else -1 */
};

struct paper {
    long long exam_id;        /* exam */
    const char *title;        /* its title */
    long long sitting_id;     /* sitting */
    long long attempt;        /* its number */
    const char *state;        /* open | submitted | timeout */
    time_t deadline;          /* time up */
    time_t closes;            /* the window's end */
    double score;             /* 0-100 once graded, else -1 */
    long long pass_score;     /* to pass */
    int reveal;               /* 1 after the window closed: answers and explanations shown */
    int due;                  /* 1 when shown timed out but not yet graded in the store */
    int n_items;              /* questions */
    struct paper_item *items; /* in paper order */
};
/* Calls fn with the actor's latest paper of the exam as shown at now (a finished sitting's with
 * its score). Answers and explanations are revealed once now passes the window's end. A sitting
 * whose time is up shows as timed out with its credits and score graded from the saved answers,
 * stored or not (p->due). The paper lives only during the call. RES_NOT_FOUND when the actor
 * has no sitting. */
enum result exam_paper(struct db *db, const struct actor *who, long long exam_id, time_t now,
                       void (*fn)(void *ctx, const struct paper *p), void *ctx);

/* Saving one answer: exam_answer_check() on a read connection fills sitting_id and mask,
 * then exam_answer_job() on the writer stores it. */
struct exam_answer {
    const struct actor *who;          /* the examinee */
    long long exam_id;                /* exam */
    long long question_id;            /* question on the paper */
    int choice[QUESTION_OPTIONS_MAX]; /* chosen options by their shown positions */
    int n_choice;                     /* 0 clears the answer */
    time_t now;                       /* when received */
    long long sitting_id;             /* set by the check */
    long long mask;                   /* set by the check: original option bits */
    int due;                          /* set by the check when it refused because the time is
                                         up: the sitting awaits the grade reads already show */
    struct err err;                   /* set on failure */
};
/* RES_OK; RES_NOT_FOUND (no sitting, or the question is not on the paper); RES_CONFLICT (time
 * up, with a->due, or submitted); RES_INVALID (a choice out of range, or several for a single
 * choice). */
enum result exam_answer_check(struct db *db, struct exam_answer *a);
/* One UPDATE guarded by the sitting's state and deadline; RES_CONFLICT when they refuse. */
enum result exam_answer_job(struct db *db, void *arg);

struct exam_submit {
    const struct actor *who; /* the examinee */
    long long exam_id;       /* exam */
    time_t now;              /* when received */
    long long sitting_id;    /* set by the job */
    double score;            /* set by the job, 0-100 */
    int timed_out;           /* set when the time was up: graded with the answers saved */
    struct err err;          /* set on failure */
};
/* Grades the actor's open sitting (arg: struct exam_submit), timed out when its time is up.
 * RES_NOT_FOUND without a sitting, RES_CONFLICT when the latest is already graded. */
enum result exam_submit_job(struct db *db, void *arg);

/* Grades every open sitting of an exam whose time is up (arg: struct exam_expire), storing what
 * reads already show: for the demo, which writes its sittings as they would have ended. */
struct exam_expire {
    long long exam_id; /* exam */
    time_t now;        /* clock_time() */
    long long n;       /* set: sittings graded */
};
enum result exam_expire_job(struct db *db, void *arg);

struct exam_figures {
    long long participants;               /* examinees with a graded sitting (or one whose time
                                             is up: graded as shown) */
    long long eligible;                   /* active accounts that may sit */
    long long passed;                     /* of participants, best score >= pass_score */
    double average;                       /* mean best score, 0 without participants */
    double pass_rate;                     /* passed / participants, 0-1 */
    double participation;                 /* participants / eligible, 0-1 */
    long long distribution[EXAM_BUCKETS]; /* participants by best score, 10 points each */
    int hidden;                           /* fewer than SCOPE_MIN_GROUP participants and an
                                             actor who may not see individual scores: passed,
                                             average, pass_rate and distribution are 0 */
};
/* Results of the exam over the unit's subtree (in scope) into *all; fn, when given, is called
 * for each unit directly below it with that unit's subtree figures. For an actor who may not see
 * individual scores (see exam_results), figures of fewer than SCOPE_MIN_GROUP participants come
 * hidden: only participants, eligible and participation are set. */
enum result exam_stats(struct db *db, const struct actor *who, long long exam_id, const char *unit,
                       struct exam_figures *all,
                       void (*fn)(void *ctx, const char *code, const char *name,
                                  const struct exam_figures *f),
                       void *ctx, struct err *err);

struct exam_item_stat {
    long long question_id; /* question */
    const char *category;  /* its category */
    const char *kind;      /* its kind */
    const char *text;      /* its text */
    long long n;           /* graded papers that held it */
    double share_correct;  /* of them fully right, 0-1 */
    long long n_top;       /* of them in the top third of scores */
    long long n_bottom;    /* in the bottom third */
    double discrimination; /* share right in the top third minus in the bottom third */
};
/* Calls fn for each question drawn in the exam (organiser in scope, PERM_RECORD_WRITE), by
 * share correct, lowest first. The top and bottom thirds are floor(N/3) graded sittings with
 * the highest and lowest scores (ties by sitting id). */
enum result exam_item_stats(struct db *db, const struct actor *who, long long exam_id,
                            void (*fn)(void *ctx, const struct exam_item_stat *s), void *ctx,
                            struct err *err);

/* Sittings open at now (begun, not handed in, their time not up), of every exam; -1 on
 * failure. For /metrics. */
long long exam_sittings_open(struct db *db, time_t now);

struct exam_result_row {
    const char *login;     /* examinee */
    const char *name;      /* their name */
    const char *unit_code; /* their unit */
    const char *unit_name; /* its name */
    long long attempt;     /* sitting number */
    const char *state;     /* open | submitted | timeout */
    const char *started;   /* local time */
    double score;          /* -1 while open */
};
/* Calls fn for each sitting of the exam by examinees in the unit's subtree, by unit and login,
 * for an actor who may see individual scores (a role with PERM_RECORD_WRITE); RES_FORBIDDEN for
 * the others. */
enum result exam_results(struct db *db, const struct actor *who, long long exam_id,
                         const char *unit, void (*fn)(void *ctx, const struct exam_result_row *r),
                         void *ctx, struct err *err);

#endif
