/*
 * What the exam model's files share and nobody else uses (mechanism layer, private to
 * src/learning/exam*.c): an exam's access row and who may do what with it, the question pool of
 * a rule, the one grading rule as SQL, and a sitting as a read shows it. exam.c defines them;
 * exam_sitting.c (the draw, the paper, answers, hand-in) and exam_stats.c (statistics, item
 * analysis, results) use them.
 */
#ifndef TZ_EXAM_INT_H
#define TZ_EXAM_INT_H

#include "learning/exam.h"
#include "unit/unit.h"

/* An exam as loaded for access checks. */
struct exam_row {
    long long id;                      /* exam */
    long long unit_id;                 /* organiser */
    char unit_code[UNIT_CODE_MAX + 1]; /* its code */
    char unit_path[UNIT_PATH_MAX];     /* its path */
    long long examinee_unit_id;        /* examinee subtree root */
    char examinee_path[UNIT_PATH_MAX]; /* its path */
    long long minutes;                 /* time limit */
    time_t opens;                      /* window */
    time_t closes;                     /* window */
    long long pass_score;              /* to pass */
    long long sittings;                /* allowed per examinee */
    int partial;                       /* half credit */
};

/* Loads an exam by id: RES_OK, RES_NOT_FOUND, or RES_FAIL when the store fails. */
enum result exam_load(struct db *db, long long id, struct exam_row *e);

/* The actor organises the exam (its unit in scope) with a role that may record. */
int exam_may_manage(const struct actor *who, const struct exam_row *e);
/* The actor may see each examinee's score (exam_results), and so every figure built from few of
 * them. */
int exam_may_see_scores(const struct actor *who);
/* The actor has an account in the examinee subtree. */
int exam_may_sit(const struct actor *who, const struct exam_row *e);
/* The actor organises, sits, or is above some examinees. */
int exam_may_read(const struct actor *who, const struct exam_row *e);

/* A question a rule may draw. */
struct exam_pooled {
    long long id;  /* question */
    int n_options; /* its options */
};
/* Collects into *pool the questions a rule may draw, from the bank of the organiser (unit_path)
 * and of every unit above it, or only counts them when pool is NULL. Returns the count, or -1
 * when the store fails; *pool is the caller's to free(). */
long long exam_pool(struct db *db, const char *unit_path, const struct exam_rule *rule,
                    struct exam_pooled **pool);

/*
 * Grading: one rule for the hand-in that stores a grade and for every read that shows one.
 * ITEM_CREDIT is the credit of saved answer i (a sitting_item) to question q, ?9 being the
 * exam's partial flag: 1 for exactly the right options, 0.5 for a right subset of a multiple
 * choice when the exam gives half credit, else 0. SITTING_SCORE is the score of sitting s from
 * its saved answers: 100 times the mean credit, rounded half up to one decimal as round1() does.
 */
#define ITEM_CREDIT                                                                                \
    "CASE WHEN i.choice IS NULL THEN 0.0 WHEN i.choice = q.answer THEN 1.0 WHEN ?9 = 1"            \
    " AND q.kind = 'multiple' AND (i.choice & ~q.answer) = 0 THEN 0.5 ELSE 0.0 END"
#define SITTING_SCORE                                                                              \
    "(SELECT coalesce(CAST(100.0 * sum(" ITEM_CREDIT ") / count(*) * 10 + 0.5 AS INTEGER) / 10.0," \
    " 0) FROM sitting_item i JOIN question q ON q.id = i.question_id WHERE i.sitting_id = s.id)"

/*
 * What a read shows of sitting s at time ?8, storing nothing: a sitting still open in the store
 * whose time is up (SHOWN_DUE) is timed out, with the score of its saved answers, as the next
 * write that touches it (a hand-in, a start, a refused answer) stores it.
 */
#define SHOWN_DUE "(s.state = 'open' AND s.deadline <= ?8)"
#define SHOWN_GRADED "(s.state <> 'open' OR s.deadline <= ?8)"
#define SHOWN_STATE "CASE WHEN " SHOWN_DUE " THEN 'timeout' ELSE s.state END"
#define SHOWN_SCORE "coalesce(s.score, CASE WHEN " SHOWN_DUE " THEN " SITTING_SCORE " END, -1)"

/* Binds ?8, the time, and ?9, the exam's partial flag, in a statement built with the macros
 * above; its own parameters are numbered below 8. */
void exam_bind_shown(sqlite3_stmt *st, time_t now, int partial);

/* The actor's latest sitting of an exam, as shown at a time. */
struct exam_latest {
    long long id;      /* sitting, 0 for none */
    long long attempt; /* its number = sittings so far */
    char state[12];    /* open | submitted | timeout, as shown */
    time_t deadline;   /* time up */
    double score;      /* -1 until graded (or shown graded) */
    int due;           /* open in the store but its time is up: shown timed out, not stored */
};

/* The account's latest sitting of exam e as shown at now (SHOWN_STATE, SHOWN_SCORE): id 0 when
 * there is none. RES_OK, or RES_FAIL when the store fails. */
enum result exam_latest(struct db *db, const struct exam_row *e, long long account_id, time_t now,
                        struct exam_latest *l);

#endif
