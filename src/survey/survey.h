/*
 * The satisfaction survey (mechanism model; issue 24, 组织工作满意度民意调查): issued by a unit
 * to collecting units of its subtree on a grade scale, with graded items and items whose options
 * are ticked, respondent kinds and design weights; answered three ways, counted alike and never
 * linked to a person: tallies entered from paper forms, one web sheet per account, one-time
 * paper codes answered without login. Scores by the weighted-assignment method (survey_results.c).
 * Owns the survey tables. No http types.
 */
#ifndef TZ_SURVEY_H
#define TZ_SURVEY_H

#include "auth/scope.h"
#include "db/db.h"
#include "survey/scale.h"

enum {
    SURVEY_ITEMS_MAX = 30,
    SURVEY_OPTIONS_MAX = 20,
    SURVEY_KINDS_MAX = 10,
    SURVEY_COLLECTORS_MAX = 5000,
    SURVEY_TEXT_MAX = 200,   /* characters of a title, an item's or an option's text */
    SURVEY_CODES_MAX = 5000, /* paper codes issued at once */
    SURVEY_CODE_LEN = 10,    /* characters of a paper code */
    SURVEY_MARKS_MAX = 20,   /* grades or options of an item: the larger of
                                SURVEY_OPTIONS_MAX and SCALE_GRADES_MAX */
};

struct survey_option_input {
    const char *code;
    const char *text;
};

struct survey_item_input {
    const char *code;
    const char *text;
    int choices; /* options to tick, no grades */
    const struct survey_option_input *options;
    size_t n_options;
};

struct survey_kind_input {
    const char *code;
    const char *name;
};

struct survey_input {
    const char *unit; /* the issuer's code */
    const char *title;
    const char *scale; /* a scale's code */
    const char *from, *to;
    const struct survey_item_input *items;
    size_t n_items;
    const struct survey_kind_input *kinds;
    size_t n_kinds;
    const char *const *collectors; /* unit codes inside the issuer's subtree */
    size_t n_collectors;
    const double *weights;    /* per collector, or NULL for none */
    long long previous;       /* last year's survey, 0 for none */
    const char *overall_item; /* NULL: the mean of the item scores */
    double threshold;         /* weak below it; < 0 for none */
    long long min_group;      /* 0 for 1 */
};

/* Issues a survey in draft: the issuer's admins and unit admins (and those above). RES_INVALID
 * names the field. */
enum result survey_create(struct db *db, const struct actor *who, const struct survey_input *in,
                          long long *id, struct err *err);
struct survey_create_job {
    const struct actor *who;
    struct survey_input in;
    long long id;
    struct err err;
};
enum result survey_create_job(struct db *db, void *arg);

/* Opens a draft (its counters made: every collector, kind, item and grade or option) or closes an
 * open survey: the issuer's admins. RES_CONFLICT in another state. */
enum result survey_open(struct db *db, const struct actor *who, long long id, struct err *err);
enum result survey_close(struct db *db, const struct actor *who, long long id, struct err *err);
struct survey_step_job {
    const struct actor *who;
    long long id;
    struct err err;
};
enum result survey_open_job(struct db *db, void *arg);
enum result survey_close_job(struct db *db, void *arg);

/* One count of a tally or an answer: an item and a grade or option code. */
struct survey_mark {
    const char *item;
    const char *code;
    long long n; /* a tally's count; 1 for an answer */
};

/* Replaces the tally of a collecting unit for a kind: forms returned and the counts; any account
 * that may write records in the unit's scope, while the survey is open. RES_INVALID names the
 * item at fault (an unknown grade or option, a negative count, a graded item counted more than
 * the forms, an option ticked more often). */
enum result survey_tally(struct db *db, const struct actor *who, long long id, const char *unit,
                         const char *kind, long long forms, const struct survey_mark *marks,
                         size_t n, struct err *err);
struct survey_tally_job {
    const struct actor *who;
    long long id;
    const char *unit, *kind;
    long long forms;
    const struct survey_mark *marks;
    size_t n;
    struct err err;
};
enum result survey_tally_job(struct db *db, void *arg);

/* Replaces tallies from a file (UTF-8 CSV, core/table.h): columns unit, kind, forms, item, then
 * one per grade or option (its code or Chinese name); the rows of a unit and kind, one per item,
 * make its tally, which replaces the one before as survey_tally() does. All or nothing: each bad
 * row goes to rep with its line and column; *n_added the tallies replaced. An import_fn. */
enum result survey_tally_import(struct db *db, const struct actor *who, long long id,
                                const char *data, size_t len, long long *n_added,
                                const struct import_report *rep);
/* The tally of a collecting unit for a kind as entered so far (for correcting it): *forms and
 * fn for each item and grade or option with its count; the same access as survey_tally. */
enum result survey_tally_get(struct db *db, const struct actor *who, long long id, const char *unit,
                             const char *kind, long long *forms,
                             void (*fn)(void *ctx, const char *item, const char *code, long long n),
                             void *ctx, struct err *err);

/* Adds one answer sheet: on the web by the actor (code NULL; counted at the nearest collecting
 * unit at or above the actor's unit, once per account: RES_CONFLICT again), or on paper code
 * (who NULL; RES_CONFLICT when used, RES_NOT_FOUND when unknown). marks: one per graded item
 * answered and per option ticked. */
enum result survey_answer(struct db *db, const struct actor *who, long long id, const char *kind,
                          const char *code, const struct survey_mark *marks, size_t n,
                          struct err *err);
struct survey_answer_job {
    const struct actor *who; /* NULL for a paper code */
    long long id;
    const char *kind, *code;
    const struct survey_mark *marks;
    size_t n;
    struct err err;
};
enum result survey_answer_job(struct db *db, void *arg);

/* Calls fn with the code and text of each option of a choices item of survey id, in order. */
enum result survey_options(struct db *db, long long id, const char *item,
                           void (*fn)(void *ctx, const char *code, const char *text), void *ctx);

/* Whether paper code may still answer survey id (open): RES_OK, RES_NOT_FOUND (unknown),
 * RES_CONFLICT (used, or the survey is not open). */
enum result survey_code_check(struct db *db, long long id, const char *code, struct err *err);

/* Issues count paper codes of a kind for a collecting unit; codes gets them (count strings of
 * SURVEY_CODE_LEN + 1 bytes, arena of the caller: count * (SURVEY_CODE_LEN + 1) bytes). */
enum result survey_codes(struct db *db, const struct actor *who, long long id, const char *unit,
                         const char *kind, long long count, char *codes, struct err *err);
struct survey_codes_job {
    const struct actor *who;
    long long id;
    const char *unit, *kind;
    long long count;
    char *codes;
    struct err err;
};
enum result survey_codes_job(struct db *db, void *arg);

/* One item's figures over a subtree. */
struct survey_figures {
    long long respondents;              /* answers to it (a choices item: the sheets) */
    long long counted;                  /* answers on a grade with points */
    long long counts[SURVEY_MARKS_MAX]; /* per grade or option, in order */
    int has_score;                      /* some answer was counted (never for a choices item) */
    double score, rate;                 /* unrounded; survey_round() for display */
    int has_previous;
    double previous; /* the previous survey's score, rounded */
    int weak;        /* below the threshold */
};

struct survey_item {
    char code[SCALE_CODE_MAX + 1];
    char text[SURVEY_TEXT_MAX * 4 + 1];
    int choices;
    size_t n_options;
    char options[SURVEY_OPTIONS_MAX][SCALE_CODE_MAX + 1];
};

struct survey {
    long long id;
    char unit_code[64];
    char unit_path[UNIT_PATH_MAX];
    char title[SURVEY_TEXT_MAX * 4 + 1];
    char state[8];
    char from[11], to[11];
    long long previous;
    char overall_item[SCALE_CODE_MAX + 1]; /* "" for the mean */
    double threshold;                      /* < 0 for none */
    long long min_group;
    int weighted; /* the collectors have design weights */
    struct scale scale;
    size_t n_items;
    struct survey_item items[SURVEY_ITEMS_MAX];
    size_t n_kinds;
    char kinds[SURVEY_KINDS_MAX][SCALE_CODE_MAX + 1];
    char kind_names[SURVEY_KINDS_MAX][SCALE_NAME_MAX * 4 + 1];
};

/* survey_load() for a write: RES_NOT_FOUND naming "survey" in err, a store failure logged. */
enum result survey_load_for(struct db *db, const struct actor *who, long long id, struct survey *s,
                            struct err *err);
/* Loads survey id when its issuer or one of its collecting units is in the actor's scope (who
 * NULL: whoever asks, for a paper code): RES_OK, RES_NOT_FOUND or RES_FAIL. A survey is large:
 * keep it off the stack. */
enum result survey_load(struct db *db, const struct actor *who, long long id, struct survey *s);

/* One survey in a list. */
struct survey_summary {
    long long id;
    const char *unit_code, *unit_name; /* the issuer */
    const char *title, *state, *from, *to;
};
/* Calls fn for the surveys the actor sees (issued in its scope, or collected there), newest
 * first. */
enum result survey_each(struct db *db, const struct actor *who,
                        void (*fn)(void *ctx, const struct survey_summary *s), void *ctx);
/* Calls fn for each collecting unit of s in the actor's scope with its answer sheets so far
 * (forms tallied, web and paper sheets), in tree order. */
enum result survey_progress(struct db *db, const struct actor *who, const struct survey *s,
                            void (*fn)(void *ctx, const char *code, const char *name,
                                       long long sheets),
                            void *ctx);

/* A subtree's results (after close): the figures of each item over every kind (all[i]) and per
 * kind (by_kind[k * SURVEY_ITEMS_MAX + i]), the sheets, the overall score, the method. */
struct survey_results {
    long long respondents;
    struct survey_figures all[SURVEY_ITEMS_MAX];
    struct survey_figures by_kind[SURVEY_KINDS_MAX * SURVEY_ITEMS_MAX];
    long long kind_respondents[SURVEY_KINDS_MAX];
    int has_overall;
    double overall;
    int has_previous_overall;
    double previous_overall;
};
/* The results of the unit's subtree (in the actor's scope, inside the issuer's subtree):
 * RES_CONFLICT before close. Then fn for each unit directly below that contains collectors,
 * with its results and rank by overall (ties share it), best first. */
enum result survey_results(struct db *db, const struct actor *who, const struct survey *s,
                           const char *unit, struct survey_results *out,
                           void (*fn)(void *ctx, const char *code, const char *name,
                                      const struct survey_results *r, int rank),
                           void *ctx, struct err *err);
/* The latest closed survey whose period ends within [from, to] and that has results for unit
 * u (u inside the issuer's subtree, with collecting units in its own), for a period report to
 * show beside its figures: RES_OK with *s loaded, RES_NOT_FOUND for none, RES_FAIL. */
struct unit;
enum result survey_latest_closed(struct db *db, const struct actor *who, const struct unit *u,
                                 const char *from, const char *to, struct survey *s);
/* x to two decimals, half away from zero. */
double survey_round(double x);

/* Turns weak item into a problem of the issuing unit's rectification ledger (area work unless
 * area is given): the issuer's admins; RES_CONFLICT when it is not weak or was turned already. */
enum result survey_problem(struct db *db, const struct actor *who, long long id, const char *item,
                           const char *area, long long *problem, struct err *err);
struct survey_problem_job {
    const struct actor *who;
    long long id;
    const char *item, *area;
    long long problem;
    struct err err;
};
enum result survey_problem_job(struct db *db, void *arg);

#endif
