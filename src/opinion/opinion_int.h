/*
 * What the opinion model's files share and nobody else uses (mechanism model): the roll-up
 * count updates, the search index, scope look-ups of records and audit records.
 */
#ifndef TZ_OPINION_INT_H
#define TZ_OPINION_INT_H

#include <jansson.h>

#include "auth/scope.h"
#include "db/db.h"

/* A change to the roll-up counts of one opinion. */
struct opinion_delta {
    int collected;    /* entered (+1) */
    int consolidated; /* counts as its own consolidated opinion (+1), merged away (-1) */
    int to_person;    /* about one named leader */
    int replied;      /* got its first reply */
    int satisfied;    /* rating changes */
    int basic;
    int dissatisfied;
};

/* Each applies a change to the counts of the unit at path and every unit above it, for the day
 * (the opinion's or the problem's). RES_OK or RES_FAIL. Call inside the change's transaction. */
enum result tally_opinion(struct db *db, const char *path, const char *day, const char *channel,
                          const char *area, const struct opinion_delta *d);
enum result tally_measure(struct db *db, const char *path, const char *day, int problems,
                          int measures, int implemented, int verified);
/* Open (not implemented) measures per deadline. */
enum result tally_open(struct db *db, const char *path, const char *deadline, int n);
enum result tally_outreach(struct db *db, const char *path, const char *day, const char *kind,
                           long long count, long long attendees);

/* Select a campaign's or an opinion's unit path and id by ?1, for owner_path(). */
extern const char CAMPAIGN_OWNER[];
extern const char OPINION_OWNER[];

/* 1 when v is one of set[0..n). */
int in_set(const char *v, const char *const *set, size_t n);
/* The unit path (and id when unit_id is given) of the record that sql selects by ?1:
 * RES_OK, RES_NOT_FOUND or RES_FAIL. */
enum result owner_path(struct db *db, const char *sql, long long id, char path[UNIT_PATH_MAX],
                       long long *unit_id);
/* owner_path() plus the actor's scope and write permission; err names field. */
enum result writable(struct db *db, const struct actor *who, const char *sql, long long id,
                     const char *field, char path[UNIT_PATH_MAX], long long *unit_id,
                     struct err *err);

#endif
