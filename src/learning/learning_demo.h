/*
 * The learning part of `taizhang demo` (mechanism layer, called once from cli/demo.c): a bank
 * of a few hundred questions on organization work, a province-wide knowledge test sat by a
 * share of the demo's people (given cadre accounts), a practice test open now, and a year of
 * training classes with enrolment and attendance. Everything goes through the models.
 */
#ifndef TZ_LEARNING_DEMO_H
#define TZ_LEARNING_DEMO_H

#include <stdint.h>

#include "auth/scope.h"
#include "db/db.h"

/* Adds the learning demo inside the caller's transaction; every random choice, the papers'
 * draws included, follows seed. province picks the larger scale. Returns RES_OK, or the first
 * failure with err set. */
enum result learning_demo(struct db *db, const struct actor *who, uint64_t seed, int province,
                          struct err *err);

#endif
