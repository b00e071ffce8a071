/*
 * Who is acting and what they may touch (auth layer): every role is scoped to one unit's
 * subtree (DESIGN.md mechanism 9). scope_check() is the one access check that every model read
 * and write calls. Depends on core only.
 */
#ifndef TZ_SCOPE_H
#define TZ_SCOPE_H

#include "core/result.h"

enum role {
    ROLE_ADMIN = 0,  /* everything in scope, including accounts */
    ROLE_UNIT_ADMIN, /* units, people and accounts in scope */
    ROLE_LEADER,     /* reads in scope; owns tasks and measures */
    ROLE_STAFF,      /* enters and maintains the unit's records */
    ROLE_SUPERVISOR, /* reads in scope; issues supervision */
    ROLE_CADRE,      /* reads in scope; trains, tests, votes */
    ROLE_COUNT
};

enum perm {
    PERM_READ = 1 << 0,          /* read records in scope */
    PERM_UNIT_WRITE = 1 << 1,    /* add and move units */
    PERM_PERSON_WRITE = 1 << 2,  /* add and change people */
    PERM_ACCOUNT_WRITE = 1 << 3, /* add, disable and reset accounts */
    PERM_RECORD_WRITE = 1 << 4,  /* enter mechanism records (tasks, opinions...) */
    PERM_SUPERVISE = 1 << 5,     /* issue supervision notices */
};

enum { UNIT_PATH_MAX = 256 };

/* The fewest people a figure such as an average may describe when shown to someone who may not
 * see their individual results: below it, the figure would come too close to a person's own
 * (an evaluation's default min_group; an exam's average). */
enum { SCOPE_MIN_GROUP = 5 };

struct actor {
    long long account_id;          /* 0 for the command line */
    long long person_id;           /* the account's person, 0 for the command line */
    long long unit_id;             /* root of the scope */
    char unit_path[UNIT_PATH_MAX]; /* that unit's path; "/" for the whole tree */
    enum role role;                /* what the actor may do inside the scope */
    long long dept_id;             /* the department of the actor's unit, whose subtree
                                    * unit_path holds (jurisdiction.h); 0 for the command line */
    char login[64];                /* shown in the audit log */
    int must_change;               /* signed in with a generated password not yet replaced */
};

/* The command line acts as an admin over the whole tree. */
void actor_system(struct actor *a);

/* Role names as stored and typed: "admin" ... "cadre". Returns -1 for an unknown name. */
int role_parse(const char *name);
const char *role_name(enum role role);

/* 1 if the actor's role carries perm. */
int role_may(enum role role, unsigned perm);

/* 1 if a unit with that path lies in the actor's subtree. */
int scope_has_path(const struct actor *a, const char *unit_path);

/* The one access check. Returns RES_OK, RES_NOT_FOUND when unit_path is outside the actor's scope
 * (the caller cannot tell it from missing), or RES_FORBIDDEN when the role lacks perm. */
enum result scope_check(const struct actor *a, const char *unit_path, unsigned perm,
                        struct err *err);

/* Writes the exclusive upper bound of a subtree's paths into end: path with its last '/'
 * raised to '0', so a subtree is "path >= P AND path < END". */
void path_end(char end[UNIT_PATH_MAX], const char *path);

/* 1 if one of the two subtrees (unit paths) holds the other. */
int path_overlap(const char *a, const char *b);

/* Fills ids with the unit ids along path, root first; returns how many (at most max). */
int path_ids(const char *path, long long *ids, int max);

#endif
