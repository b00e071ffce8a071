/*
 * The unit tree (mechanism model; DESIGN.md mechanism 9): province → city → county → office,
 * any depth. A unit's path lists the ids from the root ('/00000001/00000007/'), so a subtree is one
 * index range. Owns the unit table. No http or web types.
 */
#ifndef TZ_UNIT_H
#define TZ_UNIT_H

#include "auth/scope.h"
#include "core/buf.h"
#include "core/csv.h"
#include "db/db.h"

enum { UNIT_CODE_MAX = 32, UNIT_NAME_MAX = 100 };

struct unit {
    long long id;                     /* row id */
    char code[UNIT_CODE_MAX + 1];     /* stable code, e.g. "P" or "330100" */
    char name[UNIT_NAME_MAX * 4 + 1]; /* display name */
    char kind[16]; /* province, city, county, township, department, office, other */
    char parent_code[UNIT_CODE_MAX + 1]; /* "" for a root */
    char path[UNIT_PATH_MAX];            /* ids from the root, '/00000001/00000007/' */
    int depth;                           /* 0 for a root */
    long long n_persons;                 /* active people directly in the unit */
    long long n_total;                   /* active people in the whole subtree */
    long long n_children;                /* units directly below */
    long long dept_id;                   /* its department: itself, or for an office the unit
                                          * above it that is not one (auth/jurisdiction.h) */
};

struct unit_input {
    const char *code;        /* required, 1-32 of [A-Za-z0-9_-] */
    const char *name;        /* required, up to 100 characters */
    const char *parent_code; /* NULL or "" for a root (only an actor over the whole tree) */
    const char *kind;        /* NULL for "other" */
};

/* 1 if kind is one of the unit kinds. */
int unit_kind_valid(const char *kind);

/* Adds a unit under its parent, which must be in the actor's scope. */
enum result unit_add(struct db *db, const struct actor *who, const struct unit_input *in,
                     long long *id, struct err *err);
/* unit_add() as a job for db_writer_run(): arg is a struct unit_add_job. */
struct unit_add_job {
    const struct actor *who; /* the caller */
    struct unit_input in;    /* the new unit */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result unit_add_job(struct db *db, void *arg);

/* Moves a unit and its subtree under a new parent; refuses a cycle (RES_INVALID, "parent"). */
enum result unit_move(struct db *db, const struct actor *who, const char *code,
                      const char *parent_code, struct err *err);
/* Loads a unit by code; RES_NOT_FOUND when missing or outside the actor's scope. */
enum result unit_get(struct db *db, const struct actor *who, const char *code, struct unit *out,
                     struct err *err);
/* Loads a unit by id with the same scope rule. */
enum result unit_get_id(struct db *db, const struct actor *who, long long id, struct unit *out);

/* Calls fn for each unit in the actor's scope under root (NULL: the actor's whole scope), in
 * tree order, down to max_depth levels below root (-1: all). Returns RES_OK, RES_NOT_FOUND. */
enum result unit_each(struct db *db, const struct actor *who, const struct unit *root,
                      int max_depth, void (*fn)(void *ctx, const struct unit *u), void *ctx);

/* Imports units from CSV text with the header code,name,parent,kind, parents in any order, all
 * or nothing. On RES_INVALID every problem went to rep, with its line number.
 * *n_added gets the number of units added. */
enum result unit_import(struct db *db, const struct actor *who, const char *data, size_t len,
                        long long *n_added, const struct import_report *rep);

/* Adds delta to n_persons of unit_id and to n_total of it and every unit above it. */
enum result unit_count_persons(struct db *db, long long unit_id, long long delta);

/* The columns of the unit import file, for its template. */
extern const struct csv_columns unit_import_columns;

#endif
