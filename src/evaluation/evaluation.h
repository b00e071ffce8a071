/*
 * Duty reports and anonymous democratic evaluation (mechanism model; DESIGN.md mechanism 5,
 * speech.txt "年度述职,进行民主评议"): a session held by a unit lists the officials who report,
 * voters in rater groups (accounts of a subtree, one-time paper codes) grade each of them once,
 * and the tallies appear only after close and only for groups of at least min_group ballots.
 * No stored row links a ballot to a voter (see db/schema/0004-evaluation.sql). A ballot must
 * grade every official: there is no abstention, as on the paper form. Owns evaluation*.
 * No http types.
 */
#ifndef TZ_EVALUATION_H
#define TZ_EVALUATION_H

#include <stddef.h>

#include "attachment/attachment.h"
#include "auth/scope.h"
#include "db/db.h"
#include "survey/scale.h"
#include "task/task.h"

enum eval_grade {
    GRADE_EXCELLENT = 0, /* 优秀 */
    GRADE_COMPETENT,     /* 称职 */
    GRADE_BASIC,         /* 基本称职 */
    GRADE_INCOMPETENT,   /* 不称职 */
    GRADE_COUNT
};

enum {
    EVAL_TITLE_MAX = 200,
    EVAL_NAME_MAX = 50,
    EVAL_CANDIDATES_MAX = 200,
    EVAL_GROUPS_MAX = 8,
    EVAL_CODES_MAX = 100000,
    EVAL_COMMENT_MAX = 1000,
    EVAL_REPORT_MAX = 20000,
    EVAL_MIN_GROUP = SCOPE_MIN_GROUP, /* default min_group */
    EVAL_CODE_LEN = 10,
    EVAL_CODE_TEXT = EVAL_CODE_LEN + 1,
    EVAL_CODE_FAILURES_MAX = 20, /* unknown codes a client may try per 15 minutes */
};
/* The characters of a paper code (no I, L, O or U to misread). */
#define EVAL_CODE_ALPHABET "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/* The grades of a session are those of its scale (survey/scale.h), best first; the built-in
 * evaluation4's are the four above. A session has at most EVAL_GRADES_MAX. */
enum { EVAL_GRADES_MAX = SCALE_GRADES_MAX };

struct eval_group_input {
    const char *name;       /* e.g. 中层干部, up to 50 characters */
    long long weight;       /* 1-100, its weight in the score */
    const char *voter_unit; /* code of the unit whose subtree's accounts vote here, or NULL */
    const char *role;       /* only voter_unit's accounts of this role, or NULL for any */
    long long n_codes;      /* paper codes to make for the group */
    int own_staff;          /* only the voter unit's own staff: its accounts and its offices',
                             * not the levels below (auth/jurisdiction.h) */
};

struct eval_input {
    const char *unit;                      /* code of the holding unit, required */
    const char *title;                     /* required, up to 200 characters */
    const long long *candidates;           /* person ids of the officials, in ballot order */
    size_t n_candidates;                   /* 1..EVAL_CANDIDATES_MAX */
    const struct eval_group_input *groups; /* rater groups; none: one group 全体 from the two
                                             fields below */
    size_t n_groups;                       /* 0..EVAL_GROUPS_MAX */
    const char *voter_unit;                /* without groups: the voters' subtree, or NULL;
                                             NULL (or "") with groups */
    long long n_codes;                     /* without groups: paper codes; 0 with groups */
    long long min_group;                   /* 0 for EVAL_MIN_GROUP */
    const char *scale;                     /* its scale's code, NULL for evaluation4 */
    const long long *points;               /* points per grade of the scale, in order (each
                                              counted grade's), NULL for the scale's own */
    long long year;                        /* the year the duty reports cover, 2000-2100; 0 for
                                             the current year */
};

/* A unit's organizers (PERM_RECORD_WRITE over the unit) create a session in draft; candidates
 * must be active people of the unit's subtree, voter units in the actor's scope. *id gets
 * its id. RES_INVALID names the field at fault, among them voter_unit or paper_codes given
 * with groups (each group names its own), and a group's role without its voter unit. */
enum result eval_create(struct db *db, const struct actor *who, const struct eval_input *in,
                        long long *id, struct err *err);
/* Opens a draft session: fixes the roster of voting accounts. RES_CONFLICT unless draft. */
enum result eval_open(struct db *db, const struct actor *who, long long id, struct err *err);
/* Closes an open session. RES_CONFLICT unless open. The audit record carries the counts. */
enum result eval_close(struct db *db, const struct actor *who, long long id, struct err *err);
/* Sets an official's duty report (text, and its one attachment, replaced, when file is not NULL)
 * while the session is a draft. The attachment store checks the file (core/file.h): a document
 * or image type matching its name, up to TASK_FILE_MAX; RES_INVALID naming "attachment" else. */
enum result eval_report_set(struct db *db, const struct actor *who, long long id, long long person,
                            const char *text, const struct attachment_input *file, struct err *err);

struct eval_vote {
    long long person;  /* the official */
    const char *grade; /* a grade code of the session's scale */
};

struct eval_ballot {
    long long eval;                /* the session */
    const char *code;              /* a paper code, or NULL to vote as who */
    const struct eval_vote *votes; /* one per official, in any order */
    size_t n_votes;                /* how many */
    const char *comment;           /* optional, up to 1000 characters */
};

/* Casts a ballot as the account of who (code NULL) or with a paper code (who may be NULL),
 * all in one transaction: marks the voter or code as voted and stores the ballot under a random
 * key. RES_INVALID: a bad grade, official or comment; RES_CONFLICT: not open, already voted or
 * code used; RES_FORBIDDEN: who is not on the roster; RES_NOT_FOUND: no such session or code. */
enum result eval_cast(struct db *db, const struct actor *who, const struct eval_ballot *in,
                      struct err *err);

/* Whether a paper code as typed can vote in an open session: RES_OK when unused, RES_CONFLICT
 * when used, RES_NOT_FOUND when unknown (or the session is not open). */
enum result eval_code_check(struct db *db, long long id, const char *code, struct err *err);

/* The writes as jobs for db_writer_run(), one struct each; err is set on failure. */
struct eval_create_job {
    const struct actor *who; /* the organiser */
    struct eval_input in;    /* the session */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result eval_create_job(struct db *db, void *arg);
/* eval_open() and eval_close(). */
struct eval_state_job {
    const struct actor *who; /* the organiser */
    long long id;            /* the session */
    struct err err;          /* set on failure */
};
enum result eval_open_job(struct db *db, void *arg);
enum result eval_close_job(struct db *db, void *arg);
struct eval_cast_job {
    const struct actor *who;   /* the voter, NULL for a paper code */
    struct eval_ballot ballot; /* the grades */
    struct err err;            /* set on failure */
};
enum result eval_cast_job(struct db *db, void *arg);
/* eval_report_set(). */
struct eval_report_job {
    const struct actor *who;      /* the organiser */
    long long id;                 /* the session */
    long long person;             /* the official */
    const char *text;             /* the duty report */
    struct attachment_input file; /* its attachment; name NULL for none */
    struct err err;               /* set on failure */
};
enum result eval_report_job(struct db *db, void *arg);

struct eval_info {
    long long id;                       /* session id */
    char unit_code[40];                 /* holding unit */
    char unit_name[404];                /* its name */
    char title[EVAL_TITLE_MAX * 4 + 1]; /* title */
    char state[8];                      /* draft | open | closed */
    char opened[26];                    /* when opened, "" before */
    long long year;                     /* the year the duty reports cover */
    char closed[26];                    /* when closed, "" before */
    long long min_group;                /* smallest group shown */
    struct scale scale;                 /* its grades */
    long long points[EVAL_GRADES_MAX];  /* points per grade, SCALE_NO_POINTS: not counted */
    long long eligible;                 /* accounts on the roster (or in scope before open)
                                           plus paper codes */
    long long voted;                    /* accounts voted plus codes used */
    long long n_codes;                  /* paper codes */
    int organizer;                      /* the actor may manage it */
    int reader;                         /* the holding unit is in the actor's scope */
    int on_roster;                      /* the actor's account may vote in it */
    int has_voted;                      /* ... and has voted */
};

/* Loads a session the actor may see: organizers (holding unit in scope) and voters on its
 * roster (or, before open, in a voter subtree). RES_NOT_FOUND otherwise. who NULL: a paper
 * code holder, who sees any session that is open. */
enum result eval_get(struct db *db, const struct actor *who, long long id, struct eval_info *out);

/* Calls fn for each session the actor organizes or votes in, newest first. */
enum result eval_each(struct db *db, const struct actor *who,
                      void (*fn)(void *ctx, const struct eval_info *e), void *ctx);

struct eval_candidate {
    long long person;        /* person id */
    const char *name;        /* name */
    const char *position;    /* position */
    const char *unit_name;   /* their unit */
    const char *report;      /* duty report text */
    const char *file_name;   /* attachment name, "" for none */
    struct task_stats tasks; /* tasks they are the responsible leader of */
};
/* Calls fn for each official of a visible session in ballot order; strings live during the
 * call. */
enum result eval_candidates(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const struct eval_candidate *c), void *ctx);
/* Calls fn with an official's report attachment when the session is visible. */
enum result eval_report_file(struct db *db, const struct actor *who, long long id, long long person,
                             void (*fn)(void *ctx, const char *name, const char *type,
                                        const void *data, size_t size),
                             void *ctx);

struct eval_group_info {
    long long id;       /* group id */
    const char *name;   /* name */
    long long weight;   /* weight */
    const char *unit;   /* voter unit code, "" for none */
    const char *role;   /* role filter, "" for none */
    long long eligible; /* accounts on the roster plus codes */
    long long voted;    /* of them voted */
};
/* Calls fn for each rater group of a session the actor organizes. */
enum result eval_groups(struct db *db, const struct actor *who, long long id,
                        void (*fn)(void *ctx, const struct eval_group_info *g), void *ctx);

/* Calls fn for each paper code of a session the actor organizes, by group then code, with
 * whether it was used. */
enum result eval_codes(struct db *db, const struct actor *who, long long id,
                       void (*fn)(void *ctx, const char *code, const char *group, int used),
                       void *ctx, struct err *err);

/* One column of the results: a rater group of at least min_group ballots, or the pool of the
 * smaller ones (big enough itself, so no group can be found by subtraction). */
struct eval_column {
    char name[EVAL_NAME_MAX * 4 + 1]; /* group name, "" for the pool */
    long long weight;                 /* group weight, 0 for the pool */
    long long ballots;                /* ballots in it */
};

struct eval_tally {
    long long counts[EVAL_GRADES_MAX]; /* ballots per grade */
    long long n;                       /* ballots */
    double score;                      /* mean points */
};

struct eval_row {
    long long person;                 /* the official */
    char name[EVAL_NAME_MAX * 4 + 1]; /* their name */
    struct eval_tally all;            /* every ballot */
    double excellent_share;           /* the top grade / ballots on counted grades */
    double good_share;                /* grades of more than 60 points / the same */
    double score;                     /* group-weighted score */
    int rank;                         /* 1 for the best score */
    struct eval_tally *by_column;     /* one per column */
};

struct eval_results {
    struct eval_info info;    /* the session */
    long long ballots;        /* ballots stored */
    int hidden;               /* fewer than min_group ballots: no rows */
    struct eval_column *cols; /* the group columns shown */
    size_t n_cols;            /* how many */
    struct eval_row *rows;    /* officials by rank */
    size_t n_rows;            /* how many */
    char **comments;          /* comments in random order */
    size_t n_comments;        /* how many */
};

/* Tallies a closed session whose holding unit is in the actor's scope into *out (free with
 * eval_results_free()). RES_CONFLICT while it is not closed. The score of an official is the mean
 * of the groups' mean points, weighted by group weight. */
enum result eval_results(struct db *db, const struct actor *who, long long id,
                         struct eval_results *out, struct err *err);
void eval_results_free(struct eval_results *res);

/* Adds the demo's evaluations (evaluation_demo.c): a closed one at P of the office heads of
 * P-02..P-06 with ballots by paper code, and an open one at C01 for its accounts and codes. */
enum result eval_demo(struct db *db, const struct actor *who, struct err *err);

#endif
