/*
 * A department's leaders and the offices each is in charge of (mechanism model; issue 15,
 * speech.txt "每项工作由哪个领导负责"): 部长, 常务副部长, 副部长... of a department (a unit that is
 * not an office, see auth/jurisdiction.h), kept per period, each in charge of (分管) some of the
 * department's offices. A task's responsible leader (责任领导) is taken from here: the leader in
 * charge of its lead office. Owns the leader and leader_office tables. No http types.
 */
#ifndef TZ_LEADER_H
#define TZ_LEADER_H

#include "auth/scope.h"
#include "db/db.h"

enum { LEADER_TITLE_MAX = 20, LEADER_OFFICES_MAX = 64 };

struct leader_input {
    const char *unit;                  /* the department's code */
    long long person;                  /* an active person of the department or its offices */
    const char *title;                 /* 部长, 副部长..., up to 20 characters */
    const char *const *offices;        /* codes of the department's offices in their charge */
    size_t n_offices;                  /* how many */
    const char *starts;                /* first day in post, NULL for today */
};

/* Records a leader of a department in the actor's scope (PERM_UNIT_WRITE), after the ones
 * already there. RES_INVALID names the field at fault: unit (an office), person (not of the
 * department), offices (not the department's), title or starts. */
enum result leader_add(struct db *db, const struct actor *who, const struct leader_input *in,
                       long long *id, struct err *err);
/* leader_add() as a job: arg is a struct leader_add_job. */
struct leader_add_job {
    const struct actor *who; /* the caller */
    struct leader_input in;  /* the leader */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result leader_add_job(struct db *db, void *arg);

/* Ends a leader's period on day (NULL for today): the leader leaves the list from the next day. */
enum result leader_end(struct db *db, const struct actor *who, long long id, const char *day,
                       struct err *err);
struct leader_end_job {
    const struct actor *who; /* the caller */
    long long id;            /* the leader record */
    const char *day;         /* last day in post, NULL for today */
    struct err err;          /* set on failure */
};
enum result leader_end_job(struct db *db, void *arg);

struct leader_row {
    long long id;         /* leader record */
    long long person_id;  /* the person */
    const char *name;     /* their name */
    const char *title;    /* 部长... */
    const char *offices;  /* codes of the offices in charge, comma separated, "" for none */
    const char *office_names; /* their names, one a line ("\n" between them) */
    const char *starts;   /* first day */
};
/* Calls fn for the leaders in post today of a department in scope, by rank. RES_NOT_FOUND when
 * the unit is outside scope. */
enum result leader_each(struct db *db, const struct actor *who, const char *unit,
                        void (*fn)(void *ctx, const struct leader_row *l), void *ctx);

/* The responsible leader for work led by unit_id: the leader in post who is in charge of that
 * office, else the department's first leader (for a unit that is its own department, its head).
 * 0 when the department has no leader recorded. */
long long leader_in_charge(struct db *db, long long unit_id);

/* 1 if person is a leader in post of the department of unit_id, 0 if not, -1 when the department
 * has no leaders recorded (then any person of the department may be named). */
int leader_of(struct db *db, long long unit_id, long long person);

#endif
