/*
 * People (干部/人员) in units (mechanism model; DESIGN.md "Who uses it"). A person belongs to one
 * unit and may have one account. Owns the person table. No http or web types.
 */
#ifndef TZ_PERSON_H
#define TZ_PERSON_H

#include "auth/scope.h"
#include "db/db.h"

enum { PERSON_NAME_MAX = 50, PERSON_POSITION_MAX = 100 };

struct person {
    long long id;          /* row id */
    long long unit_id;     /* the unit the person belongs to */
    const char *name;      /* full name */
    const char *unit_code; /* the unit's code */
    const char *unit_name; /* the unit's name */
    const char *position;  /* e.g. 科员, may be "" */
    const char *login;     /* the account's login, "" when none */
    const char *role;      /* the account's role, "" when none */
};

struct person_input {
    const char *unit_code; /* required */
    const char *name;      /* required, up to 50 characters */
    const char *position;  /* optional, up to 100 characters */
};

/* Adds a person to a unit in the actor's scope; *id gets the new id. */
enum result person_add(struct db *db, const struct actor *who, const struct person_input *in,
                       long long *id, struct err *err);

/* person_add() as a job for db_writer_run(): arg is a struct person_add_job. */
struct person_add_job {
    const struct actor *who; /* the caller */
    struct person_input in;  /* the new person */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result person_add_job(struct db *db, void *arg);

/* Calls fn for the active people of the unit with that code (in scope), in surname stroke order
 * (姓氏笔画, as official rosters list them; people of the same name by id), skipping
 * offset and stopping after limit. The strings live only during the call. *total gets the
 * number of people in the unit. */
enum result person_each(struct db *db, const struct actor *who, const char *unit_code,
                        long long offset, long long limit, long long *total,
                        void (*fn)(void *ctx, const struct person *p), void *ctx, struct err *err);

/* Calls fn once for the person with that id when in scope; RES_NOT_FOUND otherwise. */
enum result person_get(struct db *db, const struct actor *who, long long id,
                       void (*fn)(void *ctx, const struct person *p), void *ctx);

#endif
