/*
 * Grade scales (mechanism model; issue 24 item 1): a scale's grades, best first, each with a
 * code, a Chinese and an English name and points 0-100, or no points (a grade tallied and shown
 * but left out of scores and rates, such as 不了解). Four are built in; a unit's admins add their
 * own, which the units below them may use; a scale a survey uses cannot change. Owns the scale
 * and scale_grade tables. No http types.
 */
#ifndef TZ_SCALE_H
#define TZ_SCALE_H

#include "auth/scope.h"
#include "db/db.h"

enum {
    SCALE_GRADES_MIN = 2,
    SCALE_GRADES_MAX = 7,
    SCALE_CODE_MAX = 32,  /* characters of a code: letters, digits, _ and - */
    SCALE_NAME_MAX = 64,  /* characters of a name */
    SCALE_NO_POINTS = -1, /* a grade left out of scores and rates */
};

struct scale_grade {
    char code[SCALE_CODE_MAX + 1];
    char name[SCALE_NAME_MAX * 4 + 1];
    char name_en[SCALE_NAME_MAX * 4 + 1];
    int points; /* 0-100, or SCALE_NO_POINTS */
};

struct scale {
    char code[SCALE_CODE_MAX + 1];
    char name[SCALE_NAME_MAX * 4 + 1];
    char name_en[SCALE_NAME_MAX * 4 + 1];
    char unit_code[64]; /* the owner, "" for a built-in scale */
    size_t n;           /* grades */
    struct scale_grade grades[SCALE_GRADES_MAX];
};

/* A scale as given: the owner's code and the grades, best first. */
struct scale_input {
    const char *unit;
    const char *code;
    const char *name;
    const char *name_en; /* NULL for "" */
    size_t n;
    struct scale_grade grades[SCALE_GRADES_MAX + 1];
    int too_many; /* more than SCALE_GRADES_MAX were given */
};

/* 1 if code is a scale's, a grade's or a survey's item, option or kind code: 1-32 letters,
 * digits, _ or -. */
int scale_code_valid(const char *code);

/* Adds a unit's own scale: the unit's admins and unit admins (and those above). RES_INVALID
 * names the field (a built-in's code, 2-7 grades, a grade code twice, points outside 0-100, no
 * grade with points); RES_CONFLICT when the code is taken. */
enum result scale_add(struct db *db, const struct actor *who, const struct scale_input *in,
                      struct err *err);
/* Replaces the name and grades of scale code (in->code must be the same); RES_CONFLICT when a
 * survey uses it, RES_NOT_FOUND when it is built in or out of the actor's scope. */
enum result scale_set(struct db *db, const struct actor *who, const char *code,
                      const struct scale_input *in, struct err *err);
struct scale_add_job {
    const struct actor *who;
    const char *code; /* scale_set's, NULL for scale_add */
    struct scale_input in;
    struct err err;
};
enum result scale_add_job(struct db *db, void *arg);
enum result scale_set_job(struct db *db, void *arg);

/* Loads scale code into *s: RES_OK, RES_NOT_FOUND or RES_FAIL. */
enum result scale_load(struct db *db, const char *code, struct scale *s);
/* 1 if the unit at path may use scale s: built in, or owned by that unit or one above it. */
int scale_usable(const struct scale *s, struct db *db, const char *path);
/* Calls fn for the built-in scales and those the actor may use or manage (owned by a unit above
 * the actor's or in its scope), built-ins first, then by code. */
enum result scale_each(struct db *db, const struct actor *who,
                       void (*fn)(void *ctx, const struct scale *s), void *ctx);
/* The position of grade code in s, or -1. */
int scale_grade_at(const struct scale *s, const char *code);

#endif
