/*
 * Campaigns in phases (集中学习教育活动; mechanism model, issue 15 item 6, speech.txt
 * "树组工干部形象"集中学习教育活动): a unit issues an activity to its subtree with ordered phases
 * (学习教育, 征求意见、自我剖析, 整改提高, 建章立制), each with dates and required items; every unit
 * of the subtree records the state of each item and its participating cadres (参加活动干部人数),
 * rolled up level by level. Items whose figure the records hold are computed, never asked for.
 * Owns activity, activity_phase, activity_item, activity_mark and activity_unit. No http or web
 * types.
 */
#ifndef TZ_ACTIVITY_H
#define TZ_ACTIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "auth/scope.h"
#include "core/arena.h"
#include "db/db.h"

enum {
    ACTIVITY_TITLE_MAX = 200, /* characters of a title */
    ACTIVITY_NAME_MAX = 100,  /* characters of a phase's or an item's name */
    ACTIVITY_CODE_MAX = 32,   /* bytes of an item code, [A-Za-z0-9_-] */
    ACTIVITY_NOTE_MAX = 500,  /* characters of a note */
    ACTIVITY_PHASES_MAX = 12, /* phases of one activity */
    ACTIVITY_ITEMS_MAX = 60,  /* items of one activity, all phases together */
};

/* Where a computed item's figure comes from (the item codes in activity.c's table). */
enum activity_source {
    ACTIVITY_MARKED = 0, /* marked by the unit */
    ACTIVITY_OPINIONS,   /* "opinions": opinions about the unit received within the phase */
    ACTIVITY_PROBLEMS,   /* "problems": problems the unit found, from the activity's first day
                            to the phase's last */
    ACTIVITY_MEASURES,   /* "rectify": rectification measures of the unit whose problem was
                            found from the activity's first day to the phase's last */
};

/* The source of an item code: ACTIVITY_MARKED unless the records hold its figure. */
enum activity_source activity_source_of(const char *code);

struct activity_item_input {
    const char *code; /* unique within the activity */
    const char *name; /* required */
};

struct activity_phase_input {
    const char *name;                         /* required */
    const char *from;                         /* first day, YYYY-MM-DD */
    const char *to;                           /* last day, not before from */
    const struct activity_item_input *items;  /* its required items, at least one */
    size_t n_items;                           /* how many */
};

struct activity_input {
    const char *unit;                          /* issuing unit code, in scope */
    const char *title;                         /* required */
    const struct activity_phase_input *phases; /* in order, at least one */
    size_t n_phases;                           /* how many */
};

/* Issues an activity to the issuing unit's subtree (PERM_RECORD_WRITE on that unit). *id gets
 * its id. RES_INVALID names the field: "title", "phases" (none, or too many), "name", "from",
 * "to" (a bad date, or before from), "items", "code" (bad or used twice), the phase's or item's
 * number in the detail; RES_NOT_FOUND for a unit outside scope or missing. */
enum result activity_create(struct db *db, const struct actor *who, const struct activity_input *in,
                            long long *id, struct err *err);
/* activity_create() as a job for db_writer_run(): arg is a struct activity_create_job. */
struct activity_create_job {
    const struct actor *who;  /* the caller */
    struct activity_input in; /* the new activity */
    long long id;             /* set on success */
    struct err err;           /* set on failure */
};
enum result activity_create_job(struct db *db, void *arg);

struct activity_mark_input {
    const char *item; /* item code */
    int done;         /* 1 done */
    long long count;  /* a figure such as sessions held, or -1 for none */
    const char *note; /* optional */
};

struct activity_record_input {
    const char *unit;                         /* the unit whose state it is */
    const struct activity_mark_input *marks;  /* items to set */
    size_t n_marks;                           /* how many (0: none) */
    long long participants;                   /* participating cadres, or -1: unchanged */
};

/* Records a unit's state: its items and its participants, in one transaction, audited as
 * "activity.record". The unit must lie in the activity's subtree and in the caller's scope with
 * PERM_RECORD_WRITE (a unit's leader and staff mark their own unit and the units below).
 * RES_NOT_FOUND for an activity or unit the caller cannot see and for an unknown item (field
 * "item"); RES_CONFLICT for a computed item (its figure comes from the records); RES_INVALID for
 * a bad count or note. A mark equal to the stored one is left as it is (who and when kept). */
enum result activity_record(struct db *db, const struct actor *who, long long id,
                            const struct activity_record_input *in, struct err *err);
/* activity_record() as a job: arg is a struct activity_record_job. */
struct activity_record_job {
    const struct actor *who;         /* the caller */
    long long id;                    /* the activity */
    struct activity_record_input in; /* the unit's state */
    struct err err;                  /* set on failure */
};
enum result activity_record_job(struct db *db, void *arg);

/* One activity as listed. */
struct activity_summary {
    long long id;          /* activity */
    const char *title;     /* title */
    const char *unit_code; /* issuing unit */
    const char *unit_name; /* its name */
    const char *from;      /* first day of the first phase */
    const char *to;        /* last day of the last phase */
    long long n_phases;    /* phases */
    long long n_items;     /* required items per unit */
};

/* Calls fn for each activity that reaches the unit (code, in scope; NULL: the actor's own unit):
 * issued by it or a unit above it, or within its subtree; newest first. */
enum result activity_each(struct db *db, const struct actor *who, const char *unit,
                          void (*fn)(void *ctx, const struct activity_summary *s), void *ctx,
                          struct err *err);

struct activity_phase {
    const char *name; /* name */
    const char *from; /* first day */
    const char *to;   /* last day */
};

struct activity_item {
    long long id;                /* row id */
    const char *code;            /* code */
    const char *name;            /* name */
    size_t phase;                /* index into the phases */
    enum activity_source source; /* marked, or computed from the records */
};

/* A unit's own state of one item. */
struct activity_cell {
    int done;         /* 1 done (a computed item: a figure above 0) */
    long long count;  /* its figure, -1 for none */
    const char *note; /* "" for none */
    const char *by;   /* login of who marked it, "" for none (computed, or never marked) */
    const char *at;   /* when, "" for none */
};

/* One unit of the subtree shown, with its own state and its subtree's roll-up. */
struct activity_unit {
    long long id;                /* unit */
    const char *code;            /* code */
    const char *name;            /* name */
    int depth;                   /* levels below the first unit shown */
    long long participants;      /* its own participants, -1 when not recorded */
    struct activity_cell *cells; /* its own state, one per item */
    int may_record;              /* the actor may record its state */
    /* roll-up over the unit's subtree (the unit included) */
    long long n_units;           /* units */
    long long *n_done;           /* per item: units that have it done */
    long long *sum_count;        /* per item: the sum of the figures */
    long long done;              /* items done, over all units */
    long long required;          /* items required: n_units times the items */
    long long sum_participants;  /* participants */
};

struct activity {
    long long id;                  /* activity */
    const char *title;             /* title */
    const char *unit_code;         /* issuing unit */
    const char *unit_name;         /* its name */
    const char *created;           /* day issued */
    struct activity_phase *phases; /* in order */
    size_t n_phases;               /* how many */
    struct activity_item *items;   /* in order, phase by phase */
    size_t n_items;                /* how many */
    struct activity_unit *units;   /* the subtree shown, tree order, its root first */
    size_t n_units;                /* how many */
};

/* Loads an activity the actor may see (issued in scope, or reaching the actor's unit) with the
 * state of every unit of the subtree of root (a unit code in the activity's subtree and in
 * scope; NULL: the issuing unit when in scope, else the actor's own unit), rolled up.
 * All memory comes from arena. RES_NOT_FOUND (field "activity" or "unit") otherwise. */
enum result activity_get(struct db *db, const struct actor *who, long long id, const char *root,
                         struct arena *arena, struct activity *out, struct err *err);

/* Adds the demo activity (the speech's campaign, issued by unit with phases around today, none
 * before from) with marks and participants in every unit of the subtree drawn from rng, inside
 * the caller's transaction. Returns RES_OK, or the first failure with err set. */
enum result activity_demo(struct db *db, const struct actor *who, const char *unit,
                          const char *from, uint64_t (*rng)(void), struct err *err);

#endif
