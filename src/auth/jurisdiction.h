/*
 * Jurisdiction (auth layer): the department a unit belongs to. An internal office (处室, 科室:
 * unit kind "office") acts for its department: the staff of 干部一处 split a task to the cities,
 * the supervision office addresses a notice to them, and a 科员 of a city's 干部科 reads the
 * city's ledger. So an office's accounts have their department's scope (its subtree: its own
 * offices and the departments of the levels below), while actor.unit_id stays the office, for
 * what is the office's own (its tasks, its inbox, its duty reports). Every other unit is its own
 * department. Depends on core and db.
 */
#ifndef TZ_JURISDICTION_H
#define TZ_JURISDICTION_H

#include "auth/scope.h"
#include "db/db.h"

/* The department of unit_id: the unit itself unless it is an office, then its nearest ancestor
 * that is not. Fills *dept_id and dept_path (either may be NULL). RES_OK, RES_NOT_FOUND, or
 * RES_FAIL. */
enum result unit_department(struct db *db, long long unit_id, long long *dept_id,
                            char dept_path[UNIT_PATH_MAX]);

/* Fills a->dept_id from a->unit_id and widens a->unit_path, the scope, to the department's
 * subtree (the command line's stays the whole tree). */
enum result actor_department(struct db *db, struct actor *a);

#endif
