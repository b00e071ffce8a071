/*
 * The indicator catalogue (mechanism model; issue 17): every count the system keeps, across
 * every mechanism, under one stable code ("opinion.collected", "training.person_times",
 * "media.city_or_above"), with its Chinese and English name and measure word, and whether it is
 * computed from the records or entered by hand on a period report. The computed ones are read
 * from each mechanism's roll-up counts (tasks, rectification, registries), never from the
 * records themselves. No http types.
 */
#ifndef TZ_INDICATOR_H
#define TZ_INDICATOR_H

#include <stddef.h>

#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"

enum indicator_source {
    IND_COMPUTED, /* summed from the roll-ups over a subtree and period */
    IND_MANUAL    /* typed on a report for a period (not recorded item by item) */
};

struct indicator {
    const char *code;    /* stable code, "group.figure" */
    const char *group;   /* the mechanism: tasks, supervision, outreach, opinions, ... */
    const char *zh;      /* Chinese name */
    const char *en;      /* English name */
    const char *word;    /* Chinese measure word: 份 次 人（次） 条 项 期 名 篇（次） 人 ... */
    const char *word_en; /* English unit noun */
    enum indicator_source source;
    int current;         /* 1: counts what is open today, whatever the period */
};

extern const struct indicator indicators[];
extern const size_t n_indicators;

/* The index of code in indicators, or -1. */
int indicator_index(const char *code);

/* The computed indicators (indicators order; manual ones 0) of the unit's subtree (in the
 * actor's scope) for days in [from, to] (NULL: open), read from the roll-ups. RES_NOT_FOUND
 * names "unit" out of scope; RES_FAIL on a read error. */
enum result indicator_values(struct db *db, const struct actor *who, const char *unit,
                             const char *from, const char *to, long long *v, struct err *err);

/* Recounts every roll-up that the indicators read from the records and compares it with the
 * kept counts; on the first difference writes "TABLE unit CODE: KEY kept N, recounted M" into
 * what (size bytes) and returns RES_CONFLICT; RES_OK when all agree. The database is left as it
 * was. fn, when given, is called after each roll-up with its name. */
enum result indicator_verify(struct db *db, char *what, size_t size,
                             void (*fn)(void *ctx, const char *name), void *ctx);

#endif
