/*
 * Jurisdiction (auth layer): the department a unit belongs to. An internal office (处室, 科室:
 * unit kind "office") acts for its department, so the staff of 干部一处 split a task to the cities
 * and the supervision office addresses a notice to them: both reach the department's
 * jurisdiction, its subtree (its own offices and the departments of the levels below), while
 * their reading scope stays their own unit's subtree. Every other unit is its own department.
 * Depends on core and db.
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

/* Fills a->dept_id and a->dept_path from a->unit_id (the command line's stay the whole tree). */
enum result actor_department(struct db *db, struct actor *a);

#endif
