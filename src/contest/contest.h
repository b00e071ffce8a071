/*
 * Essay contests (征文; mechanism model, issue 16 item 3): a unit organizes a contest with a
 * period, quotas of first, second and third prizes and reviewers (accounts of the organizing
 * unit); units below it submit essays; every reviewer scores every essay 0-100, blind; once all
 * are scored the organizer makes the awards by mean into the quotas, and a tie at a quota's edge
 * is left for the organizer to decide. Essays may be flagged published (选登) or instructed
 * (批示). Owns contest, contest_reviewer, essay and essay_score. No http types.
 *
 * Who sees what: a contest is seen by accounts whose scope overlaps its unit (above it, in it,
 * or below it). Its organizers are accounts whose scope holds the contest's unit with
 * PERM_RECORD_WRITE. Authors and submitting units are shown, before the awards, only to
 * organizers who are not reviewers of the contest, and to a submitter for the essays of units
 * in its own scope; a reviewer sees essays by number, title and text with its own score only;
 * after the awards organizers and reviewers see authors, units, means and tiers.
 */
#ifndef TZ_CONTEST_H
#define TZ_CONTEST_H

#include <jansson.h>
#include <stdint.h>

#include "attachment/attachment.h"
#include "auth/scope.h"
#include "core/csv.h"
#include "db/db.h"
#include "registry/registry.h"

enum {
    CONTEST_TITLE_MAX = 200,    /* characters of a title */
    CONTEST_TEXT_MAX = 100000,  /* characters of an essay's text */
    CONTEST_REVIEWERS_MAX = 50, /* reviewers of one contest */
    CONTEST_QUOTA_MAX = 10000,  /* places of one tier */
    CONTEST_NOTE_MAX = 200,     /* characters of where published / who instructed */
    CONTEST_FILE_MAX = 10 << 20, /* bytes of an essay's file */
};

struct contest_input {
    const char *unit, *title, *from, *to; /* organizing unit code, title, period */
    long long quota[3];                   /* first, second, third */
    const char *const *reviewers;         /* logins of accounts of the unit */
    size_t n_reviewers;                   /* how many, at least one */
};

struct essay_input {
    const char *unit;  /* submitting unit code: below the organizer, in the caller's scope */
    const char *title; /* required */
    long long author;  /* a person id in the caller's scope */
    const char *text;  /* required unless file is given */
    const struct attachment_input *file; /* the essay as a file, or NULL */
};

/* What a contest job does. */
enum contest_op {
    CONTEST_CREATE,     /* in: c */
    CONTEST_SUBMIT,     /* id: the contest; in: e */
    CONTEST_SCORE,      /* id: the essay; score */
    CONTEST_AWARD,      /* id: the contest; out: {"awards","ties"} */
    CONTEST_DECIDE,     /* id: the essay; text: "first", "second", "third" or "none" */
    CONTEST_PUBLISHED,  /* id: the essay; text: where */
    CONTEST_INSTRUCTED, /* id: the essay; text: by whom */
};

/* One write for db_writer_run (contest_job), in one transaction, audited. */
struct contest_job {
    const struct actor *who; /* the caller */
    enum contest_op op;      /* what */
    long long id;            /* the contest or essay; a new record's id on success */
    struct contest_input c;  /* CONTEST_CREATE */
    struct essay_input e;    /* CONTEST_SUBMIT */
    long long score;         /* CONTEST_SCORE */
    const char *text;        /* CONTEST_DECIDE, CONTEST_PUBLISHED, CONTEST_INSTRUCTED */
    json_t *out;             /* CONTEST_AWARD's answer, the caller's to free */
    struct err err;          /* set on failure */
};
/* Failures: RES_INVALID naming the field ("unit", "title", "from", "to", "quotas",
 * "reviewers", "author", "text", "score", "tier", "where", "by"); RES_NOT_FOUND for a contest,
 * essay, unit or person the caller cannot see; RES_FORBIDDEN for a non-reviewer's score or a
 * non-organizer's award or flag on a contest it sees; RES_CONFLICT for awards while an essay
 * lacks a reviewer's score, a second award run, a score after the awards, a decision on an
 * essay not tied or beyond its tier's quota. */
enum result contest_run(struct db *db, struct contest_job *job);
enum result contest_job(struct db *db, void *arg);

/* The kinds a contest list narrows to: "open" (not yet awarded) and "awarded". */
extern const char *const contest_kinds[];

/* The contests of the span as a JSON array into *out, newest first, with *total: those organized
 * in the span's units and those organized above its unit (the ones its essays may go up to),
 * whose first day lies in the period, narrowed by the span's kind (contest_kinds). */
enum result contest_list(struct db *db, const struct actor *who, const struct registry_span *s,
                         long long offset, long long limit, json_t **out, long long *total,
                         struct err *err);

/* One contest with its essays as the caller may see them (see the top), and "role": the
 * caller's "organizer", "reviewer" (both may be true: "organizer" and "reviewer" flags) or
 * "submitter". RES_NOT_FOUND when the caller cannot see it. */
enum result contest_get(struct db *db, const struct actor *who, long long id, json_t **out,
                        struct err *err);

/* Calls fn with the file of an essay the caller may see (see the top; its text's readers read
 * it). RES_NOT_FOUND when the essay is not visible or came without a file. */
enum result contest_essay_file(struct db *db, const struct actor *who, long long essay,
                               void (*fn)(void *ctx, const char *name, const char *type,
                                          const void *data, size_t size),
                               void *ctx, struct err *err);

/* Imports essays from CSV (header contest,unit,title,author,text: the contest's id, the
 * submitting unit's code, the title, the author's person id, the text), each as a submission by
 * who, all or nothing: every bad line goes to rep, *n_added the count. RES_INVALID when a line
 * is bad. */
enum result contest_import(struct db *db, const struct actor *who, long long unused,
                           const char *data, size_t len, long long *n_added,
                           const struct import_report *rep);

/* Adds the demo's contests organized by unit (code), scored by every account of unit and
 * awarded: the speech's (quotas 5/10/20) with n_main essays from the units below, 7 of them
 * published and 2 instructed, then three more sharing n_more essays (0: none); their periods
 * from no earlier than from to before today. Inside the caller's transaction. */
enum result contest_demo(struct db *db, const struct actor *who, const char *unit, long long n_main,
                         long long n_more, const char *from, uint64_t (*rng)(void),
                         struct err *err);

/* The columns of the import file (csv_each_row), for the import and its template. */
extern const struct csv_columns contest_import_columns;

#endif
