/*
 * Discipline cases (违规违纪查处; mechanism model, issue 16 item 7): a case of a unit about one
 * person, its violation category, its handling, day and summary. RESTRICTED: only the roles
 * supervisor and admin, in scope, record or read a case; to everyone else the cases do not
 * exist (404), and they are never indexed for search nor sent to an inbox. Every read of a case
 * (one case, a list, an export) is audited through discipline_read_job. The counts
 * discipline.cases (one per case, on its day) and discipline.persons (each person once, on the
 * day of their first case) are in the registries' roll-up, which every role in scope reads:
 * numbers, never names. Owns discipline. No http or web types.
 */
#ifndef TZ_DISCIPLINE_H
#define TZ_DISCIPLINE_H

#include <stddef.h>
#include <stdint.h>

#include "auth/scope.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/result.h"
#include "db/db.h"
#include "registry/registry.h"

enum { DISCIPLINE_SUMMARY_MAX = 5000 /* characters of a summary */ };

extern const char *const discipline_categories[]; /* selection integrity work other, NULL */
extern const char *const discipline_handlings[];  /* education admonition party government
                                                     transfer, NULL */

/* 1 when the actor's role may see discipline cases at all (supervisor, admin). */
int discipline_may(const struct actor *who);

struct discipline_input {
    const char *unit;     /* unit code, in scope */
    long long person;     /* person id, in scope */
    const char *category; /* one of discipline_categories */
    const char *handling; /* one of discipline_handlings */
    const char *day;      /* YYYY-MM-DD */
    const char *summary;  /* required */
};

/* Records a case, audited as "discipline.create" and counted. RES_FORBIDDEN for a role other
 * than supervisor or admin; RES_NOT_FOUND for a unit out of scope; RES_INVALID names "unit",
 * "person", "category", "handling", "day" or "summary". */
enum result discipline_add(struct db *db, const struct actor *who,
                           const struct discipline_input *in, long long *id, struct err *err);
struct discipline_add_job {
    const struct actor *who;    /* the caller */
    struct discipline_input in; /* the case */
    long long id;               /* set on success */
    struct err err;             /* set on failure */
};
enum result discipline_add_job(struct db *db, void *arg);

/* One case; strings live in the arena given, or during the callback. */
struct discipline_case {
    long long id;          /* case */
    const char *unit_code; /* its unit */
    const char *unit_name; /* the unit's name */
    long long person_id;   /* the person */
    const char *person;    /* their name */
    const char *category;  /* violation category */
    const char *handling;  /* handling */
    const char *day;       /* day */
    const char *summary;   /* summary */
};

/* Calls fn for each case in f's span (its kind narrows by category), newest first, within f's
 * offset and limit; *total gets the number in the span. RES_NOT_FOUND for a role that may not
 * see cases (as for a unit out of scope); RES_INVALID naming a bad filter field. The caller
 * audits what was read (discipline_read_job). */
enum result discipline_list(struct db *db, const struct actor *who, const struct registry_filter *f,
                            void (*fn)(void *ctx, const struct discipline_case *c), void *ctx,
                            long long *total, struct err *err);

/* Loads a case into out (arena memory): RES_NOT_FOUND out of scope or for a role that may not
 * see cases. The caller audits the read (discipline_read_job). */
enum result discipline_get(struct db *db, const struct actor *who, long long id, struct arena *ar,
                           struct discipline_case *out, struct err *err);

/* Writes the audit record of a read: action "discipline.read" for one case (ids[0]), or
 * "discipline.list" / "discipline.export" naming the filter and every case id read. */
struct discipline_read_job {
    const struct actor *who;         /* the reader */
    const char *action;              /* what kind of read */
    const struct registry_filter *f; /* the list's filter, NULL for one case */
    const long long *ids;            /* the cases read */
    size_t n_ids;                    /* how many */
    struct err err;                  /* set on failure */
};
enum result discipline_read_job(struct db *db, void *arg);

/* Imports CSV "unit,person,category,handling,day,summary", all or nothing. */
enum result discipline_import(struct db *db, const struct actor *who, long long arg,
                              const char *data, size_t len, long long *n_added,
                              const struct import_report *rep);

/* Adds n_cases demo cases about exactly n_persons distinct people of the tree under unit (the
 * cases past n_persons about some of them again), each on a day between from and today, inside
 * the caller's transaction (who: the command line). */
enum result discipline_demo(struct db *db, const struct actor *who, const char *unit,
                            long long n_cases, long long n_persons, const char *from,
                            uint64_t (*rng)(void), struct err *err);

/* The columns of the import file (csv_each_row), for the import and its template. */
extern const struct csv_columns discipline_import_columns;

#endif
