/*
 * Rules and regulations (制度; mechanism model, issue 16 item 1): a unit's rule (title, category
 * selection|supervision|internal|other, an optional document number such as 甲组发〔2026〕3号,
 * public or not) and its versions in order: "new" (the first text), "revised" (a new text; the
 * old ones stay readable) and "repealed" (no text). Each version counts rules.ACTION on its own
 * effective day, and the first one rules.category.CATEGORY too (registry/registry.h). Every
 * write is audited under "rule:ID". Owns rule and rule_version. No http types.
 */
#ifndef TZ_RULE_H
#define TZ_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "auth/scope.h"
#include "core/arena.h"
#include "core/csv.h"
#include "db/db.h"
#include "registry/registry.h"

enum {
    RULE_TITLE_MAX = 200,   /* characters of a title */
    RULE_DOC_MAX = 60,      /* characters of a document number */
    RULE_TEXT_MAX = 200000, /* characters of a version's text */
};

/* The categories and the versions' actions, NULL-terminated. */
extern const char *const rule_categories[];
extern const char *const rule_actions[];

struct rule_input {
    const char *unit;       /* unit code, in scope and writable */
    const char *title;      /* required */
    const char *category;   /* one of rule_categories */
    const char *doc_number; /* optional */
    const char *effective;  /* the first version's effective day, YYYY-MM-DD */
    int public;             /* 1: listed without login on /rules/public/UNIT */
    const char *text;       /* the first version's text, required */
};

/* Adds a rule with its first version. RES_INVALID names the field; RES_NOT_FOUND or
 * RES_FORBIDDEN for the unit ("unit"). */
enum result rule_create(struct db *db, const struct actor *who, const struct rule_input *in,
                        long long *id, struct err *err);
/* Adds a revised version (text required, effective not before the last version's, doc_number
 * optional); *version gets its number. RES_NOT_FOUND for a rule out of scope, RES_CONFLICT once
 * repealed. */
enum result rule_revise(struct db *db, const struct actor *who, long long id, const char *text,
                        const char *effective, const char *doc_number, long long *version,
                        struct err *err);
/* Adds the repealing version. As rule_revise. */
enum result rule_repeal(struct db *db, const struct actor *who, long long id, const char *effective,
                        struct err *err);

/* The writes as jobs for db_writer_run(). */
struct rule_job {
    const struct actor *who; /* the caller */
    struct rule_input in;    /* create */
    long long id;            /* the rule: set by create, given to revise and repeal */
    long long version;       /* set by revise */
    struct err err;          /* set on failure */
};
enum result rule_create_job(struct db *db, void *arg);
enum result rule_revise_job(struct db *db, void *arg);
enum result rule_repeal_job(struct db *db, void *arg);

/* One version as listed. */
struct rule_row {
    long long id;           /* rule */
    const char *unit;       /* unit code */
    const char *unit_name;  /* its name */
    const char *title;      /* title */
    const char *category;   /* category */
    const char *action;     /* new, revised, repealed */
    long long version;      /* from 1 */
    const char *effective;  /* day */
    const char *doc_number; /* "" for none */
};

/* Calls fn for each version in f's span (kind: a category) whose action is action (NULL or ""
 * for any), newest effective day first, f's offset and limit applied; *total gets the count of
 * them all. RES_INVALID names a bad filter field ("action" too), RES_NOT_FOUND a unit out of
 * scope. */
enum result rule_list(struct db *db, const struct actor *who, const struct registry_filter *f,
                      const char *action, void (*fn)(void *ctx, const struct rule_row *row),
                      void *ctx, long long *total, struct err *err);

struct rule_version {
    long long version;      /* from 1 */
    const char *action;     /* new, revised, repealed */
    const char *effective;  /* day */
    const char *doc_number; /* "" for none */
    const char *text;       /* "" once repealed */
};

struct rule {
    long long id;                  /* rule */
    const char *unit;              /* unit code */
    const char *unit_name;         /* its name */
    const char *title;             /* title */
    const char *category;          /* category */
    int public;                    /* 1 public */
    int may_write;                 /* the reader may revise or repeal it */
    struct rule_version *versions; /* in order */
    size_t n_versions;             /* how many */
};

/* Loads a rule in the actor's scope, memory from arena; RES_NOT_FOUND ("rule") otherwise. */
enum result rule_get(struct db *db, const struct actor *who, long long id, struct arena *arena,
                     struct rule *out, struct err *err);
/* Calls fn for each public rule of the unit with code (no login needed), its last version that
 * has a text, unless repealed; title order. RES_NOT_FOUND for an unknown unit. */
enum result rule_public_each(struct db *db, const char *unit, struct arena *arena,
                             void (*fn)(void *ctx, const struct rule *r), void *ctx,
                             struct err *err);

/* One line of a diff between two texts. */
enum rule_diff_op { RULE_SAME, RULE_DEL, RULE_ADD };
/* Compares a and b line by line (longest common subsequence of lines) and calls fn for every
 * line of the result in order: kept, deleted from a, added in b. Returns 0, or -1 when the
 * texts are too long to compare (more than 2,000 lines either; the table of
 * common lengths takes 2 bytes per pair of lines). */
int rule_diff(const char *a, const char *b,
              void (*fn)(void *ctx, enum rule_diff_op op, const char *line, size_t len), void *ctx);

/* Imports a CSV with the header unit,title,category,doc_number,effective,public,text, all or
 * nothing in one transaction: each bad line goes to rep with its field. One audit record. */
enum result rule_import(struct db *db, const struct actor *who, const char *data, size_t len,
                        long long *n_added, const struct import_report *rep);

/* Counts every version whose row id is above since (written uncounted, as by an import or the
 * demo) in the registries' roll-up, grouped by unit, day and figure. */
enum result rule_count_since(struct db *db, long long since);

/* Adds the demo's rules across the departments of the tree, inside the caller's transaction:
 * exactly n_new rules (versions "new") and n_revised revisions of them (each rule revised
 * none, once or a few times), one in fifteen then repealed; every version effective between
 * from and today. */
enum result rule_demo(struct db *db, const struct actor *who, long long n_new, long long n_revised,
                      const char *from, uint64_t (*rng)(void), struct err *err);

/* The columns of the import file (csv_each_row), for the import and its template. */
extern const struct csv_columns rule_import_columns;

#endif
