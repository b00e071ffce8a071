/*
 * Work plans (mechanism model; DESIGN.md mechanism 1): the yearly plan (工作要点) a unit
 * publishes, whose tasks it assigns (task.h). Owns the plan table. No http types.
 */
#ifndef TZ_PLAN_H
#define TZ_PLAN_H

#include "auth/scope.h"
#include "db/db.h"

struct plan {
    long long id;          /* plan id */
    const char *unit_code; /* the publishing unit */
    const char *unit_name; /* its name */
    long long year;        /* the plan's year */
    const char *title;     /* e.g. 2026年全省组织工作要点 */
    long long n_key;       /* key tasks assigned directly from the plan */
    long long n_routine;   /* routine tasks likewise */
};

/* A unit in scope publishes a work plan for a year. *id gets its id. */
enum result plan_create(struct db *db, const struct actor *who, const char *unit_code,
                        long long year, const char *title, long long *id, struct err *err);
/* plan_create() as a job for db_writer_run(): arg is a struct plan_create_job. */
struct plan_create_job {
    const struct actor *who; /* the caller */
    const char *unit;        /* the publishing unit's code */
    long long year;          /* the plan's year */
    const char *title;       /* its title */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result plan_create_job(struct db *db, void *arg);
/* Calls fn for each plan of units in the actor's scope (of unit unit_id alone when not 0),
 * newest year first. */
enum result plan_each(struct db *db, const struct actor *who, long long unit_id,
                      void (*fn)(void *ctx, const struct plan *p), void *ctx);

/* The unit that published plan into *unit_id, when that unit is in the actor's scope. Returns
 * RES_OK, RES_NOT_FOUND (no such plan, or out of scope) or RES_FAIL. */
enum result plan_unit(struct db *db, const struct actor *who, long long plan, long long *unit_id);

#endif
