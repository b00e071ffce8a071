/*
 * What the opinion model's files share and nobody else uses (mechanism model, private to
 * src/opinion/): the roll-up count updates (opinion_tally.c), the search index
 * (opinion_search.c), and from opinion.c the owners of records, the checks and the row and
 * insert of an opinion. Calls go one way: opinion_tally.c and opinion_search.c call nothing in
 * the others (the roll-up reads the code tables of opinion.c); opinion.c calls only those two;
 * the other model files build on these three, and opinion_job.c on them all.
 */
#ifndef TZ_OPINION_INT_H
#define TZ_OPINION_INT_H

#include <jansson.h>

#include "auth/scope.h"
#include "core/buf.h"
#include "db/db.h"
#include "opinion/opinion.h"
#include "unit/unit.h"

/* ---- opinion_tally.c ---- */

/* A change to the roll-up counts of one opinion. */
struct opinion_delta {
    int collected;    /* entered (+1) */
    int consolidated; /* counts as its own consolidated opinion (+1), merged away (-1) */
    int to_person;    /* about one named leader */
    int replied;      /* got its first reply */
    int satisfied;    /* rating changes */
    int basic;
    int dissatisfied;
    int consolidated_to_person; /* consolidated (as consolidated) and about one named leader */
};

/* Each applies a change to the counts of the unit at path and every unit above it, for the day
 * (the opinion's or the problem's). RES_OK or RES_FAIL. Call inside the change's transaction. */
enum result tally_opinion(struct db *db, const char *path, const char *day, const char *channel,
                          const char *area, const struct opinion_delta *d);
enum result tally_measure(struct db *db, const char *path, const char *day, int problems,
                          int measures, int implemented, int verified, int solved);
/* Open (not implemented) measures per deadline. */
enum result tally_open(struct db *db, const char *path, const char *deadline, int n);
/* An opinion classed under a campaign's own area, counted for the campaign. */
enum result tally_campaign_area(struct db *db, const char *path, long long campaign,
                                const char *area, int delta);
/* An opinion of a campaign, counted for the campaign (campaign_tally). */
enum result tally_campaign(struct db *db, long long campaign, int delta);
enum result tally_outreach(struct db *db, const char *path, const char *day, const char *kind,
                           long long count, long long attendees);

/* ---- opinion_search.c ---- */

/* Adds text to the search index under kind ("opinion", "problem", "measure") and id, in unit_id,
 * at rowid when it is not 0. RES_OK or RES_FAIL. */
enum result index_text(struct db *db, const char *kind, long long id, long long unit_id,
                       const char *text, long long rowid);
/* Queues a public opinion for the index, and moves the queue into it once it holds a batch:
 * each write to the index costs a flush of its own. RES_OK or RES_FAIL. */
enum result index_later(struct db *db, long long opinion_id);
/* Appends to match an FTS5 query of at most used tokens of text, those that the fewest other
 * texts share, joined by sep (" ": all of them, " OR ": any): common pairs would match most of
 * the index and make ranking slow. Returns how many. */
int rare_tokens(struct db *db, const char *text, struct buf *match, const char *sep, int used);

/* ---- opinion.c ---- */

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
/* RES_OK when area is one of the campaign's own areas, or of area_codes when it has none (or
 * absent), else RES_INVALID listing them. */
enum result check_campaign_area(struct db *db, long long campaign, const char *area,
                                struct err *err);
/* RES_OK when area is one of area_codes (or absent and not required), else RES_INVALID. */
enum result check_area(const char *area, int required, struct err *err);

/* Checks an opinion's fields and loads its unit into u. For staff (who) a unit that does not
 * exist and one outside who's scope answer alike, as missing (RES_NOT_FOUND); the public (who
 * NULL) may name any unit, and an unknown one is bad input (RES_INVALID). */
enum result check_opinion(struct db *db, const struct actor *who, const struct opinion_input *in,
                          struct unit *u, struct err *err);
/* Inserts an opinion that check_opinion() passed, with its roll-up counts: by account_id (0 for
 * the public), with tracking_hash (32 bytes, NULL for staff), at id want (0: the next one).
 * *id gets its id. The caller holds the transaction and puts it in the search index. RES_OK or
 * RES_FAIL. */
enum result insert_opinion(struct db *db, const struct opinion_input *in, const struct unit *u,
                           long long account_id, const unsigned char *tracking_hash, long long want,
                           long long *id);

/* The columns of a struct opinion and the joins they need (o: opinion, u: its unit), for
 * opinion_from_row(); a statement may select more columns after them. */
#define OPINION_COLUMNS                                                                            \
    "o.id, u.code, u.name, o.channel, coalesce(o.area, (SELECT a.name FROM campaign_area a"        \
    " WHERE a.campaign_id = o.campaign_id AND a.code = o.campaign_area), ''), o.content, o.day,"  \
    " coalesce(tp.name, ''), coalesce(o.reply, ''), coalesce(o.reply_day, ''),"                    \
    " coalesce(o.rating, ''), coalesce(o.consolidated_into, 0), o.account_id IS NULL,"             \
    " CASE WHEN o.reply IS NOT NULL THEN 'replied' WHEN EXISTS (SELECT 1 FROM problem_opinion"     \
    " po WHERE po.opinion_id = o.id) THEN 'classified' ELSE 'received' END"
enum { OPINION_N_COLUMNS = 14 }; /* in OPINION_COLUMNS */
#define OPINION_JOINS                                                                              \
    " FROM opinion o JOIN unit u ON u.id = o.unit_id LEFT JOIN person tp"                          \
    " ON tp.id = o.target_person_id"
/* Reads a row selected with OPINION_COLUMNS; o's strings live until the statement moves. */
void opinion_from_row(sqlite3_stmt *st, struct opinion *o);
/* Steps st, which selects OPINION_COLUMNS and then the unit's path, and hands its first opinion
 * to fn when its unit is in who's scope (who NULL: any unit). Returns RES_OK, or RES_NOT_FOUND
 * when there is none; st is done either way. */
enum result opinion_first(sqlite3_stmt *st, const struct actor *who,
                          void (*fn)(void *ctx, const struct opinion *o), void *ctx);

#endif
