/*
 * Commendations, media reports and meetings (表彰、宣传报道、会议; mechanism model, issue 16 items
 * 2, 4 and 5; speech.txt "对10名全省优秀组工干部进行了表彰", "市级以上媒体刊播…2500多篇(次)",
 * "先后8次召开全省性会议"): three registries of the same shape, a dated record of a unit with a
 * title and a kind, kept by one layer that checks the unit, title and day, writes the record,
 * counts it in the registries' roll-up (registry_count) and audits it, all in one transaction.
 * A commendation also names the persons commended, people of its unit's tree in the caller's
 * scope. Owns commendation, commendation_person, media and meeting. No http or web types.
 */
#ifndef TZ_CHRONICLE_H
#define TZ_CHRONICLE_H

#include <stddef.h>
#include <stdint.h>

#include "auth/scope.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/result.h"
#include "db/db.h"
#include "registry/registry.h"

enum {
    CHRONICLE_TITLE_MAX = 200,    /* characters of a title or an outlet's name */
    CHRONICLE_TEXT_MAX = 20000,   /* characters of minutes or a citation */
    CHRONICLE_LINK_MAX = 1000,    /* bytes of a link */
    CHRONICLE_PERSONS_MAX = 500,  /* persons of one commendation */
};

/* The three registries. */
enum chronicle_kind {
    CHRONICLE_COMMENDATION, /* 表彰: level is the commending body's (registry_levels) */
    CHRONICLE_MEDIA,        /* 宣传报道: kind report|article|broadcast, level the outlet's */
    CHRONICLE_MEETING,      /* 会议: kind conference|leadership|forum|study */
};

/* Kinds of a media report: report article broadcast. */
extern const char *const chronicle_media_kinds[];
/* Kinds of a meeting: conference leadership forum study. */
extern const char *const chronicle_meeting_kinds[];
/* What a list's filter kind narrows, per registry: nothing for commendations (NULL: their
 * filter is the level), the report's kind for media (narrowed by level too), the kind for
 * meetings. */
extern const char *const *const chronicle_filter_kinds[];

/* One person a commendation names. */
struct chronicle_person {
    long long person;     /* person id, of the unit's tree and in the caller's scope */
    const char *citation; /* 事迹, optional */
};

/* A new record; the fields a registry does not have are ignored. */
struct chronicle_input {
    const char *unit;    /* unit code, in scope and writable */
    const char *title;   /* required */
    const char *day;     /* YYYY-MM-DD */
    const char *level;   /* commendations and media: registry_levels */
    const char *kind;    /* media and meetings: their kinds */
    const char *outlet;  /* media: the outlet's name, required */
    const char *link;    /* media: optional, http:// or https:// only */
    long long attendees; /* meetings: optional, -1 for none */
    const char *minutes; /* meetings: optional */
    const struct chronicle_person *persons; /* commendations: at least one */
    size_t n_persons;                       /* how many */
};

/* Adds a record of registry k, counted and audited ("commendation.create", "media.create",
 * "meeting.create") in one transaction (nested in the caller's when there is one). *id gets its
 * id. RES_INVALID names the field ("unit", "title", "day", "level", "kind", "outlet", "link",
 * "attendees", "minutes", "persons" — a person not of the unit's tree or outside the caller's
 * scope, or named twice, with its position in the detail); RES_NOT_FOUND or RES_FORBIDDEN for a
 * unit out of scope or not writable. Nothing is written on failure. */
enum result chronicle_create(struct db *db, const struct actor *who, enum chronicle_kind k,
                             const struct chronicle_input *in, long long *id, struct err *err);
/* chronicle_create() as a job for db_writer_run(). */
struct chronicle_create_job {
    const struct actor *who;    /* the caller */
    enum chronicle_kind k;      /* which registry */
    struct chronicle_input in;  /* the new record */
    long long id;               /* set on success */
    struct err err;             /* set on failure */
};
enum result chronicle_create_job(struct db *db, void *arg);

/* One record as listed; strings valid during the callback. */
struct chronicle_entry {
    long long id;          /* record */
    const char *unit_code; /* its unit */
    const char *unit_name; /* the unit's name */
    const char *title;     /* title */
    const char *day;       /* day */
    const char *level;     /* commendations and media: the level; "" for meetings */
    const char *kind;      /* media and meetings: the kind; "" for commendations */
    const char *outlet;    /* media: the outlet; "" otherwise */
    const char *link;      /* media: the link or ""; "" otherwise */
    long long attendees;   /* meetings: attendees, -1 for none or another registry */
    const char *minutes;   /* meetings: the minutes or "" */
    long long n_persons;   /* commendations: persons named, 0 otherwise */
};

/* Calls fn for each record of registry k matching f (checked by registry_span against
 * chronicle_filter_kinds[k]), newest day first, f->offset and f->limit applied; *total (may be
 * NULL) gets the count of all that match. RES_INVALID names the filter's field, RES_NOT_FOUND for
 * a unit out of scope. */
enum result chronicle_list(struct db *db, const struct actor *who, enum chronicle_kind k,
                           const struct registry_filter *f,
                           void (*fn)(void *ctx, const struct chronicle_entry *e), void *ctx,
                           long long *total, struct err *err);

/* A commendation's person, as shown on its page. */
struct chronicle_named {
    long long person;      /* person id */
    const char *name;      /* name */
    const char *position;  /* position */
    const char *unit_name; /* the person's unit */
    const char *citation;  /* 事迹, "" for none */
};

/* A commendation with its persons, arena memory. */
struct chronicle_commendation {
    struct chronicle_entry e;        /* the record (strings in the arena) */
    struct chronicle_named *persons; /* in the order given */
    size_t n_persons;                /* how many */
};

/* Loads commendation id if its unit lies in the caller's scope; RES_NOT_FOUND (field
 * "commendation") otherwise. All memory from arena. */
enum result chronicle_commendation_get(struct db *db, const struct actor *who, long long id,
                                       struct arena *arena, struct chronicle_commendation *out,
                                       struct err *err);

/* Imports a CSV file of registry k as the caller, all or nothing (see chronicle_import_header):
 * every bad line goes to rep; *n_added gets the records added. For commendations each line names
 * one person (its id and citation) with the event's columns repeated: consecutive lines with the
 * same unit, title, level and day are one commendation. RES_OK, RES_INVALID after bad lines,
 * RES_FAIL. arg is unused (the page import's target). */
enum result chronicle_import(struct db *db, const struct actor *who, enum chronicle_kind k,
                             const char *data, size_t len, long long *n_added,
                             const struct import_report *rep);
enum result commendation_import(struct db *db, const struct actor *who, long long arg,
                                const char *data, size_t len, long long *n_added,
                                const struct import_report *rep);
enum result media_import(struct db *db, const struct actor *who, long long arg, const char *data,
                         size_t len, long long *n_added, const struct import_report *rep);
enum result meeting_import(struct db *db, const struct actor *who, long long arg,
                           const char *data, size_t len, long long *n_added,
                           const struct import_report *rep);
/* The header line of registry k's CSV import, e.g. "unit,title,kind,day,attendees,minutes". */
const char *chronicle_import_header(enum chronicle_kind k);
/* The columns of registry k's import file (csv_each_row), for its template. */
const struct csv_columns *chronicle_import_columns(enum chronicle_kind k);

/* The demo's figures, met exactly. */
struct chronicle_demo_size {
    long long commendations; /* commendations besides the province's ten */
    long long media[4];      /* media reports at county, city, province and central level */
    long long meetings;      /* meetings */
    const char *from;        /* the first day of the records; the last is today */
};
/* Adds the three registries across the subtree of unit (a root such as "P") inside the caller's
 * transaction: a province commendation of 10 persons (全省优秀组工干部) and size's others,
 * media at every level (each at least 1), meetings of each kind. Draws from rng. RES_OK or the
 * first failure. */
enum result chronicle_demo(struct db *db, const struct actor *who, const char *unit,
                           const struct chronicle_demo_size *size, uint64_t (*rng)(void),
                           struct err *err);

#endif
