/*
 * What the evaluation model's files share (mechanism layer, private to src/evaluation/): the
 * stored grade letters, a session's access row, paper code canonical form.
 */
#ifndef TZ_EVALUATION_INT_H
#define TZ_EVALUATION_INT_H

#include "evaluation/evaluation.h"
#include "unit/unit.h"

/* A stored ballot's grades: one of these letters per official, in ballot order. */
extern const char eval_grade_letters[EVAL_GRADES_MAX + 1];

/* What the model needs of a session before changing it. */
struct eval_row_access {
    char path[UNIT_PATH_MAX];       /* the holding unit's path */
    char state[8];                  /* draft | open | closed */
    char scale[SCALE_CODE_MAX + 1]; /* its scale's code */
};
/* Loads it; RES_NOT_FOUND when there is no such session, RES_FAIL when the store fails. */
enum result eval_load_access(struct db *db, long long id, struct eval_row_access *a);

/* A code as typed, made canonical: case folded, O read as 0, I and L as 1, spaces and dashes
 * dropped. Returns 0, or -1 when it cannot be a code. */
int eval_code_canonical(const char *typed, char code[EVAL_CODE_TEXT]);

#endif
