/*
 * What the learning models share and nobody else uses (mechanism layer, private to
 * src/learning, defined in learning_report.c): the unit a report (or the question bank) is
 * about, and the units directly below it that a report breaks its figures down by
 * (exam_stats.c, training.c, question.c).
 */
#ifndef TZ_LEARNING_INT_H
#define TZ_LEARNING_INT_H

#include <stddef.h>

#include "auth/scope.h"
#include "db/db.h"
#include "unit/unit.h"

/* The unit a report covers into *u: the unit with code when one is given (in scope), else the
 * actor's own. RES_OK; RES_NOT_FOUND (or the look-up's refusal) naming "unit"; RES_FAIL after
 * db_fail. */
enum result learning_report_unit(struct db *db, const struct actor *who, const char *code,
                                 struct unit *u, struct err *err);

/* A unit directly below the one a report covers. */
struct learning_below {
    char code[UNIT_CODE_MAX + 1];     /* code */
    char name[UNIT_NAME_MAX * 4 + 1]; /* name */
    char path[UNIT_PATH_MAX];         /* path: its subtree's prefix */
};
/* The units directly below u, by path, into *below (free() it), their count into *n. RES_OK, or
 * RES_FAIL after db_fail. */
enum result learning_units_below(struct db *db, const struct unit *u, struct learning_below **below,
                                 size_t *n, struct err *err);

#endif
