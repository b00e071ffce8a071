/*
 * Training classes (培训班; mechanism model, DESIGN.md mechanism 6, speech.txt "共举办培训班1425
 * 期,培训干部54000多人(次)"): organiser, dates, place, capacity and target units; enrolment of
 * people (single or a CSV roster) and attendance per session; classes held and person-times
 * (人次) over any unit subtree and period. Owns training_class, training_target, training_enrol
 * and training_attend. No http or web types.
 */
#ifndef TZ_TRAINING_H
#define TZ_TRAINING_H

#include <stddef.h>

#include "auth/scope.h"
#include "core/csv.h"
#include "db/db.h"

enum { TRAINING_TITLE_MAX = 200, TRAINING_PLACE_MAX = 200, TRAINING_TARGETS_MAX = 50 };

struct training_input {
    const char *unit;           /* organiser unit code, in scope */
    const char *title;          /* required, up to 200 characters */
    const char *starts;         /* YYYY-MM-DD */
    const char *ends;           /* YYYY-MM-DD, not before starts */
    const char *place;          /* optional, up to 200 characters */
    long long capacity;         /* 1-100000 */
    long long sessions;         /* sessions whose attendance is taken, 1-100; 0 for 1 */
    const char *const *targets; /* codes of the units whose people it is for */
    size_t n_targets;           /* 0: anyone in the organiser's subtree */
};

/* Creates a class organised by a unit in scope. *id gets its id. */
enum result training_create(struct db *db, const struct actor *who, const struct training_input *in,
                            long long *id, struct err *err);
/* training_create() as a job for db_writer_run(): arg is a struct training_create_job. */
struct training_create_job {
    const struct actor *who;  /* the caller */
    struct training_input in; /* the new class */
    long long id;             /* set on success */
    struct err err;           /* set on failure */
};
enum result training_create_job(struct db *db, void *arg);

/* Enrols a person in scope into a visible class: RES_CONFLICT when full or enrolled already,
 * RES_INVALID when the person is not in a target unit. */
enum result training_enrol(struct db *db, const struct actor *who, long long id,
                           long long person_id, struct err *err);
/* training_enrol() as a job: arg is a struct training_enrol_job. */
struct training_enrol_job {
    const struct actor *who; /* the caller */
    long long id;            /* the class */
    long long person_id;     /* the person enrolled */
    struct err err;          /* set on failure */
};
enum result training_enrol_job(struct db *db, void *arg);

/* Enrols a roster (CSV, or the first sheet of a workbook, with the header unit,name or 单位,姓名:
 * a unit code and a person's name in it), all or nothing; bad lines (sheet rows) go to rep. *n
 * gets the count. It holds its own transaction, so it runs as an upload's import (page_import)
 * as well as on a connection of its own. */
enum result training_enrol_csv(struct db *db, const struct actor *who, long long id,
                               const char *data, size_t len, long long *n,
                               const struct import_report *rep);
/* The organiser records (present) or clears attendance of an enrolled person at a session. */
enum result training_attend(struct db *db, const struct actor *who, long long id,
                            long long person_id, long long session, int present, struct err *err);
/* training_attend() as a job: arg is a struct training_attend_job. */
struct training_attend_job {
    const struct actor *who; /* the caller, the organiser */
    long long id;            /* the class */
    long long person_id;     /* an enrolled person */
    long long session;       /* 1..sessions */
    int present;             /* 1 present, 0 clears */
    struct err err;          /* set on failure */
};
enum result training_attend_job(struct db *db, void *arg);

struct training_class {
    long long id;          /* class */
    const char *unit_code; /* organiser */
    const char *unit_name; /* its name */
    const char *title;     /* title */
    const char *starts;    /* first day */
    const char *ends;      /* last day */
    const char *place;     /* place, may be "" */
    long long capacity;    /* places */
    long long sessions;    /* sessions */
    long long n_enrolled;  /* people enrolled: person-times */
    long long n_present;   /* attendances recorded (person-sessions) */
    int may_manage;        /* the actor may take attendance */
};

/* Calls fn for each class organised in the unit's subtree (in scope) that starts within
 * [from, to] (NULL: open), by start date. */
enum result training_each(struct db *db, const struct actor *who, const char *unit,
                          const char *from, const char *to,
                          void (*fn)(void *ctx, const struct training_class *c), void *ctx,
                          struct err *err);
/* Calls fn with one visible class. */
enum result training_get(struct db *db, const struct actor *who, long long id,
                         void (*fn)(void *ctx, const struct training_class *c), void *ctx);

struct training_trainee {
    long long person_id;        /* person */
    const char *name;           /* name */
    const char *unit_name;      /* unit */
    unsigned long long present; /* bit s-1 set: present at session s (first 64) */
};
/* Calls fn for each person enrolled in a visible class, by unit and, within it, in surname
 * stroke order (姓氏笔画). */
enum result training_roster(struct db *db, const struct actor *who, long long id,
                            void (*fn)(void *ctx, const struct training_trainee *t), void *ctx);

struct training_stats {
    long long classes;      /* classes held */
    long long person_times; /* enrolments in them (人次) */
    long long present;      /* attendances recorded */
    long long persons;      /* distinct people enrolled */
};
/* Classes organised in the unit's subtree starting within [from, to] into *all; fn, when given,
 * gets each unit directly below with its subtree's figures. */
enum result training_stats(struct db *db, const struct actor *who, const char *unit,
                           const char *from, const char *to, struct training_stats *all,
                           void (*fn)(void *ctx, const char *code, const char *name,
                                      const struct training_stats *s),
                           void *ctx, struct err *err);

/* The columns of a roster file (csv_each_row), for the import and its template. */
extern const struct csv_columns training_roster_columns;

#endif
