/*
 * Research reports (调研报告; mechanism model, issue 16 item 6): a unit's report with its
 * authors (people in the caller's scope), day and text, and whether it was adopted (采纳) and
 * by whom. Counted in the registries' roll-up as research.written and research.adopted, both on
 * the report's own day (so a period's adopted never exceeds its written). Owns research and
 * research_author. No http or web types.
 */
#ifndef TZ_RESEARCH_H
#define TZ_RESEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "attachment/attachment.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/result.h"
#include "db/db.h"
#include "registry/registry.h"

enum {
    RESEARCH_TITLE_MAX = 200,   /* characters of a title */
    RESEARCH_TEXT_MAX = 100000, /* characters of the text */
    RESEARCH_BY_MAX = 200,      /* characters of who adopted it */
    RESEARCH_AUTHORS_MAX = 20,  /* authors of one report */
    RESEARCH_FILE_MAX = 10 << 20, /* bytes of a report's file */
};

struct research_input {
    const char *unit;         /* unit code, in scope and writable */
    const char *title;        /* required */
    const long long *authors; /* person ids, each in the caller's scope; at least one */
    size_t n_authors;         /* how many */
    const char *day;          /* YYYY-MM-DD */
    const char *text;         /* the report, may be "" */
    const struct attachment_input *file; /* the report as a file, or NULL */
};

/* Adds a report, audited as "research.create", counted as research.written. *id gets its id.
 * RES_INVALID names "title", "authors" (none, too many, or one outside the caller's scope),
 * "day" or "text"; RES_NOT_FOUND/RES_FORBIDDEN for the unit. */
enum result research_add(struct db *db, const struct actor *who, const struct research_input *in,
                         long long *id, struct err *err);
struct research_add_job {
    const struct actor *who;  /* the caller */
    struct research_input in; /* the report */
    long long id;             /* set on success */
    struct err err;           /* set on failure */
};
enum result research_add_job(struct db *db, void *arg);

/* Records that the report was adopted by by (e.g. 市委组织部部务会), audited as
 * "research.adopt", counted as research.adopted. The caller needs PERM_RECORD_WRITE on the
 * report's unit (an account above it may record it). RES_NOT_FOUND for a report out of scope,
 * RES_CONFLICT when already adopted, RES_INVALID naming "by". */
enum result research_adopt(struct db *db, const struct actor *who, long long id, const char *by,
                           struct err *err);
struct research_adopt_job {
    const struct actor *who; /* the caller */
    long long id;            /* the report */
    const char *by;          /* who adopted it */
    struct err err;          /* set on failure */
};
enum result research_adopt_job(struct db *db, void *arg);

/* One report as listed or shown; strings live in the arena given, or during the callback. */
struct research {
    long long id;           /* report */
    const char *unit_code;  /* its unit */
    const char *unit_name;  /* the unit's name */
    const char *title;      /* title */
    const char *day;        /* day written */
    const char *authors;    /* the authors' names, "、"-separated */
    const char *author_ids; /* their ids, ","-separated */
    int adopted;            /* 1 once adopted */
    const char *adopted_by; /* by whom, "" while not */
    const char *adopted_on; /* when recorded, "" while not */
    const char *text;       /* the text (research_get only, "" in lists) */
    const char *file_name;  /* the name of its file, "" for none */
};

/* Calls fn for each report in f's span (checked against the scope: RES_INVALID naming the
 * field, RES_NOT_FOUND for a unit out of scope), newest day first, within f's offset and limit;
 * *total gets the number in the span. The kind narrows by "adopted" or "pending". */
enum result research_list(struct db *db, const struct actor *who, const struct registry_filter *f,
                          void (*fn)(void *ctx, const struct research *r), void *ctx,
                          long long *total, struct err *err);

/* Loads a report in scope into out (arena memory), RES_NOT_FOUND otherwise. */
enum result research_get(struct db *db, const struct actor *who, long long id, struct arena *ar,
                         struct research *out, struct err *err);

/* Calls fn with the file of a report in the caller's scope. RES_NOT_FOUND when the report is
 * out of scope or came without a file. */
enum result research_file(struct db *db, const struct actor *who, long long id,
                          void (*fn)(void *ctx, const char *name, const char *type,
                                     const void *data, size_t size),
                          void *ctx, struct err *err);

/* Imports CSV "unit,title,authors,day,text,adopted_by" (authors: person ids separated by
 * spaces or ';'; adopted_by empty when not adopted), all or nothing in one transaction; every
 * bad line goes to rep. *n_added gets the count. */
enum result research_import(struct db *db, const struct actor *who, long long arg, const char *data,
                            size_t len, long long *n_added, const struct import_report *rep);

/* Adds n demo reports spread over the days from from to today across the units of the tree
 * under unit, about one in four adopted by the unit above, inside the caller's transaction. */
enum result research_demo(struct db *db, const struct actor *who, const char *unit, long long n,
                          const char *from, uint64_t (*rng)(void), struct err *err);

/* The columns of the import file (csv_each_row), for the import and its template. */
extern const struct csv_columns research_import_columns;

#endif
