/*
 * The learning part of `taizhang demo` (mechanism layer, called once from cli/demo.c): a bank
 * of a few hundred questions on organization work, a province-wide knowledge test sat by as many
 * of the demo's people as asked (given cadre accounts), a practice test open now, and the
 * period's training classes with enrolment and attendance, as many as asked (speech.txt
 * "培训班1425期,培训干部54000多人(次)", "27000多名"). Everything goes through the models.
 */
#ifndef TZ_LEARNING_DEMO_H
#define TZ_LEARNING_DEMO_H

#include <stdint.h>

#include "auth/scope.h"
#include "db/db.h"

/* The demo's figures, met exactly. */
struct learning_demo_size {
    long long classes;      /* training classes held */
    long long person_times; /* enrolments in them (人次) */
    long long takers;       /* people who sit the knowledge test (one account each) */
    long long per_category; /* questions of each of the six chapters on its paper */
    const char *from;       /* the first day a class or the test may fall on; the last is today */
};

/* Adds the learning demo inside the caller's transaction; every random choice, the papers'
 * draws included, follows seed. Returns RES_OK, or the first failure with err set (RES_INVALID
 * when the tree has too few people for the figures asked). */
enum result learning_demo(struct db *db, const struct actor *who, uint64_t seed,
                          const struct learning_demo_size *size, struct err *err);

#endif
