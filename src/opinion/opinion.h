/*
 * Opinion solicitation (mechanism model; DESIGN.md mechanism 3, speech.txt "征求意见"): opinions
 * from every channel, from staff or anonymously from the public with a tracking code;
 * consolidation; replies and ratings; campaigns and outreach counts; attachments; search. The
 * problems and measures they lead to are in rectification.h. Implemented by opinion.c,
 * opinion_public.c, opinion_search.c, opinion_attachment.c, opinion_campaign.c,
 * opinion_tally.c, opinion_demo.c and opinion_job.c. No http types.
 */
#ifndef TZ_OPINION_H
#define TZ_OPINION_H

#include <stdint.h>

#include "auth/scope.h"
#include "core/csv.h"
#include "db/db.h"

enum { OPINION_TEXT_MAX = 5000, OPINION_CONTACT_MAX = 100, TRACKING_TEXT = 17 };

struct opinion_input {
    const char *channel;     /* hotline|box|notice|form|forum|visit|questionnaire|letter|web */
    const char *content;     /* required, up to 5000 characters */
    const char *area;        /* thinking|work|style|ability|life, or NULL */
    const char *target_unit; /* the unit it is about (its leadership as a body) */
    long long target_person; /* one named leader of that unit, or 0 for the body */
    const char *contact;     /* optional author contact */
    long long campaign;      /* the campaign that gathered it, or 0 */
};

/* A member of the public submits an opinion without an account. Nothing about the request is
 * kept: no account, no address, no time finer than the day. code gets the tracking code, shown
 * once and stored only hashed. target_unit is required here (the public page offers a list). */
enum result opinion_submit_public(struct db *db, const struct opinion_input *in,
                                  char code[TRACKING_TEXT], struct err *err);
/* opinion_submit_public() as a job for db_writer_run(); like every job below, err is set on
 * failure. */
struct opinion_submit_job {
    struct opinion_input in;  /* the opinion (channel, person and campaign are not taken) */
    char code[TRACKING_TEXT]; /* set on success: the tracking code, to show once */
    struct err err;           /* set on failure */
};
enum result opinion_submit_job(struct db *db, void *arg);
/* A fresh random tracking code (80 bits); a honeypot answer gets one that is never stored. */
void tracking_new(char code[TRACKING_TEXT]);
/* Staff enter an opinion gathered at a forum, visit... for a unit in their scope. Returns RES_OK
 * with *id, RES_NOT_FOUND when target_unit does not exist or lies outside who's scope (the two
 * alike), RES_INVALID for a bad or missing field, RES_FORBIDDEN when who's role may not write. */
enum result opinion_add(struct db *db, const struct actor *who, const struct opinion_input *in,
                        long long *id, struct err *err);
struct opinion_add_job {
    const struct actor *who; /* the caller */
    struct opinion_input in; /* the opinion */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result opinion_add_job(struct db *db, void *arg);

struct opinion {
    long long id;                /* opinion id */
    const char *unit_code;       /* the unit it is about */
    const char *unit_name;       /* its name */
    const char *channel;         /* channel code */
    const char *area;            /* area code or "" */
    const char *content;         /* the text */
    const char *day;             /* day received */
    const char *target_name;     /* the named leader, "" for the body */
    const char *reply;           /* the reply, "" for none */
    const char *reply_day;       /* when replied */
    const char *rating;          /* the author's rating, "" for none */
    long long consolidated_into; /* merged into this opinion, 0 for none */
    int anonymous;               /* came from the public */
    const char *state;           /* received | classified | replied */
};

struct opinion_filter {
    const char *unit;    /* unit code, required */
    int subtree;         /* 1: the units below too */
    const char *channel; /* a channel code, or NULL / "" for any */
    const char *area;    /* an area code, or NULL / "" for any */
    const char *state;   /* consolidated|merged|replied|unreplied, or NULL / "" for any */
    long long campaign;  /* a campaign id, or 0 for any */
    long long offset;    /* rows to skip */
    long long limit;     /* rows at most */
};

/* Calls fn for each opinion matching the filter, newest day first; *total gets how many match
 * (when total is not NULL). RES_INVALID for a bad filter value, RES_NOT_FOUND for a unit out of
 * scope. */
enum result opinion_list(struct db *db, const struct actor *who, const struct opinion_filter *f,
                         void (*fn)(void *ctx, const struct opinion *o), void *ctx,
                         long long *total, struct err *err);

/* What the author sees with the tracking code: RES_NOT_FOUND for an unknown code, with the same
 * work done either way. */
enum result opinion_track(struct db *db, const char *code,
                          void (*fn)(void *ctx, const struct opinion *o), void *ctx);
/* The author rates the reply: satisfied | basic | dissatisfied. */
enum result opinion_rate(struct db *db, const char *code, const char *rating, struct err *err);
struct opinion_rate_job {
    const char *code;   /* the tracking code as typed */
    const char *rating; /* satisfied | basic | dissatisfied */
    struct err err;     /* set on failure */
};
enum result opinion_rate_job(struct db *db, void *arg);

/* Replies to an opinion (and to every opinion merged into it). */
enum result opinion_reply(struct db *db, const struct actor *who, long long id, const char *text,
                          struct err *err);
struct opinion_reply_job {
    const struct actor *who; /* the caller */
    long long id;            /* the opinion */
    const char *text;        /* the reply */
    struct err err;          /* set on failure */
};
enum result opinion_reply_job(struct db *db, void *arg);
/* Merges opinion id into another (梳理); both must be of units in scope. */
enum result opinion_merge(struct db *db, const struct actor *who, long long id, long long into,
                          struct err *err);
struct opinion_merge_job {
    const struct actor *who; /* the caller */
    long long id;            /* the opinion merged away */
    long long into;          /* the one it is merged into */
    struct err err;          /* set on failure */
};
enum result opinion_merge_job(struct db *db, void *arg);

/* The same for many opinions in one transaction, all or nothing (bulk answers, consolidation of
 * a selection, the batch entry form). On failure *bad (when given) gets the index at fault. */
enum result opinion_reply_many(struct db *db, const struct actor *who, const long long *ids,
                               size_t n, const char *text, size_t *bad, struct err *err);
struct opinion_reply_many_job {
    const struct actor *who; /* the caller */
    const long long *ids;    /* the opinions */
    size_t n;                /* how many */
    const char *text;        /* the reply */
    size_t bad;              /* set on failure: the index at fault */
    struct err err;          /* set on failure */
};
enum result opinion_reply_many_job(struct db *db, void *arg);
enum result opinion_merge_many(struct db *db, const struct actor *who, const long long *ids,
                               size_t n, long long into, size_t *bad, struct err *err);
struct opinion_merge_many_job {
    const struct actor *who; /* the caller */
    const long long *ids;    /* the opinions merged away */
    size_t n;                /* how many */
    long long into;          /* the one they are merged into */
    size_t bad;              /* set on failure: the index at fault */
    struct err err;          /* set on failure */
};
enum result opinion_merge_many_job(struct db *db, void *arg);
enum result opinion_add_many(struct db *db, const struct actor *who,
                             const struct opinion_input *rows, size_t n, long long *n_added,
                             size_t *bad, struct err *err);
struct opinion_add_many_job {
    const struct actor *who;          /* the caller */
    const struct opinion_input *rows; /* the opinions */
    size_t n;                         /* how many */
    long long n_added;                /* set on success */
    size_t bad;                       /* set on failure: the row at fault */
    struct err err;                   /* set on failure */
};
enum result opinion_add_many_job(struct db *db, void *arg);

enum { N_CHANNELS = 9, N_AREAS = 5, N_OUTREACH = 8 };
extern const char *const channel_codes[N_CHANNELS];
extern const char *const area_codes[N_AREAS];
/* letters|forums|visits|questionnaires_out|questionnaires_back|notices|hotlines|boxes */
extern const char *const outreach_codes[N_OUTREACH];

/* Recomputes every roll-up count from the records (after the unit tree changed). */
enum result opinion_tally_rebuild(struct db *db);

/* Campaigns (征求意见活动) of a unit with a period. */
struct campaign {
    long long id;          /* campaign id */
    const char *unit_code; /* the unit running it */
    const char *unit_name; /* its name */
    const char *title;     /* title */
    const char *starts;    /* first day */
    const char *ends;      /* last day */
    long long n_opinions;  /* opinions gathered in it */
};
/* An area of a campaign's own (instead of the fixed five): a code and its name. */
struct campaign_area {
    const char *code; /* 1-32 of [A-Za-z0-9_-] */
    const char *name; /* up to 30 characters */
};
enum { CAMPAIGN_AREAS_MAX = 30 };
/* Starts a campaign; areas (n_areas, none: the fixed five) are what its opinions are classed
 * under. RES_INVALID names the field ("areas" for a bad, repeated or too long list). */
enum result campaign_add(struct db *db, const struct actor *who, const char *unit,
                         const char *title, const char *starts, const char *ends,
                         const struct campaign_area *areas, size_t n_areas, long long *id,
                         struct err *err);
struct campaign_add_job {
    const struct actor *who;           /* the caller */
    const char *unit;                  /* the unit code */
    const char *title;                 /* the title */
    const char *starts;                /* first day, YYYY-MM-DD */
    const char *ends;                  /* last day */
    const struct campaign_area *areas; /* its own areas, or NULL */
    size_t n_areas;
    long long id;                      /* set on success */
    struct err err;                    /* set on failure */
};
/* Calls fn for each area of a campaign in scope, in order, with its opinions collected in the
 * subtree of unit (NULL: the campaign's own unit) — from the roll-up. No areas of its own: no
 * calls. RES_NOT_FOUND for a campaign or unit out of scope. */
enum result campaign_areas(struct db *db, const struct actor *who, long long campaign,
                           const char *unit,
                           void (*fn)(void *ctx, const char *code, const char *name, long long n),
                           void *ctx, struct err *err);
enum result campaign_add_job(struct db *db, void *arg);
/* Campaigns of units in the subtree of unit (NULL: the actor's scope), newest first. */
enum result campaign_each(struct db *db, const struct actor *who, const char *unit,
                          void (*fn)(void *ctx, const struct campaign *c), void *ctx,
                          struct err *err);
/* One campaign in scope; RES_NOT_FOUND otherwise. */
enum result campaign_get(struct db *db, const struct actor *who, long long id,
                         void (*fn)(void *ctx, const struct campaign *c), void *ctx);

/* Outreach (letters sent, forums held...) counted for a unit, optionally in a campaign. */
struct outreach_input {
    const char *unit;    /* unit code */
    long long campaign;  /* campaign id or 0 */
    const char *kind;    /* one of outreach_codes */
    long long count;     /* how many (letters, forums, people visited...), >= 0 */
    long long attendees; /* forums: people attending, >= 0 */
    const char *day;     /* YYYY-MM-DD */
    const char *note;    /* optional */
};
enum result outreach_add(struct db *db, const struct actor *who, const struct outreach_input *in,
                         long long *id, struct err *err);
struct outreach_add_job {
    const struct actor *who;  /* the caller */
    struct outreach_input in; /* what was done */
    long long id;             /* set on success */
    struct err err;           /* set on failure */
};
enum result outreach_add_job(struct db *db, void *arg);
/* Outreach totals per kind of one campaign (in outreach_codes order) and its attendees. */
enum result campaign_outreach(struct db *db, const struct actor *who, long long campaign,
                              long long counts[N_OUTREACH], long long *attendees);

/* Opinions like the given one (sharing character pairs), in scope, best first, without it and
 * without those merged already. RES_NOT_FOUND when the opinion is not visible. */
enum result opinion_similar(struct db *db, const struct actor *who, long long id, long long limit,
                            void (*fn)(void *ctx, const struct opinion *o), void *ctx,
                            struct err *err);
/* One opinion in scope; RES_NOT_FOUND otherwise. */
enum result opinion_get(struct db *db, const struct actor *who, long long id,
                        void (*fn)(void *ctx, const struct opinion *o), void *ctx);

enum { OPINION_FILE_MAX = 10 << 20 };
/* Staff attach a file to an opinion in scope (see file_check for the kinds allowed). */
enum result opinion_attach(struct db *db, const struct actor *who, long long opinion,
                           const char *name, const char *type, const void *data, size_t size,
                           long long *id, struct err *err);
struct opinion_attach_job {
    const struct actor *who; /* the caller */
    long long opinion;       /* the opinion */
    const char *name;        /* the file's name */
    const char *type;        /* its content type */
    const void *data;        /* its contents */
    size_t size;             /* bytes */
    long long id;            /* set on success: the attachment */
    struct err err;          /* set on failure */
};
enum result opinion_attach_job(struct db *db, void *arg);
/* Calls fn for each attachment of a visible opinion (metadata only); RES_NOT_FOUND otherwise. */
enum result opinion_attachments(struct db *db, const struct actor *who, long long opinion,
                                void (*fn)(void *ctx, long long file_id, const char *name,
                                           const char *type, long long size),
                                void *ctx);
/* Calls fn with one attachment's contents when its opinion is visible; RES_NOT_FOUND otherwise. */
enum result opinion_attachment_get(struct db *db, const struct actor *who, long long file_id,
                                   void (*fn)(void *ctx, const char *name, const char *type,
                                              const void *data, size_t size),
                                   void *ctx);

/* Imports opinions from CSV (header channel,content,area,target_unit,contact) into a campaign
 * (0: none), all or nothing: rep gets each bad line. *n_added gets the count. */
enum result opinion_import(struct db *db, const struct actor *who, long long campaign,
                           const char *data, size_t len, long long *n_added,
                           const struct import_report *rep);

/* Reply templates of the actor's scope. */
enum result reply_template_add(struct db *db, const struct actor *who, const char *unit,
                               const char *title, const char *text, long long *id, struct err *err);
struct reply_template_add_job {
    const struct actor *who; /* the caller */
    const char *unit;        /* the unit code */
    const char *title;       /* the title */
    const char *text;        /* the reply text */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result reply_template_add_job(struct db *db, void *arg);
enum result reply_template_each(struct db *db, const struct actor *who,
                                void (*fn)(void *ctx, long long id, const char *title,
                                           const char *text),
                                void *ctx);

/* Full-text search of opinions, problems and measures in scope; fn gets kind ("opinion",
 * "problem", "measure"), id and a snippet. At most limit results. */
enum result search_run(struct db *db, const struct actor *who, const char *q, long long limit,
                       void (*fn)(void *ctx, const char *kind, long long id, const char *snippet),
                       void *ctx, struct err *err);

/* What the demo made. */
struct opinion_demo_totals {
    long long opinions, consolidated, problems, measures, implemented;
};
/* The demo's figures, met exactly. */
struct opinion_demo_size {
    long long opinions;    /* opinions collected */
    long long letters;     /* letters sent (outreach letters) */
    long long forums;      /* forums held */
    long long visits;      /* people visited */
    long long measures;    /* measures made */
    long long implemented; /* of them implemented or verified */
    const char *from;      /* the first day anything may fall on; the last is today */
};
/* Adds demo data to every province, city and county department of the tree: a campaign with
 * outreach counts, opinions (duplicates merged), problems, measures, replies and ratings, the
 * figures of size spread over the departments. figure_unit (or NULL) gets exactly 252 opinions
 * consolidated into 155. rng gives the demo's reproducible random numbers. Runs inside the
 * caller's transaction; RES_INVALID when size asks for fewer opinions than figure_unit holds. */
enum result opinion_demo(struct db *db, const struct actor *who,
                         const struct opinion_demo_size *size, uint64_t (*rng)(void),
                         const char *figure_unit, struct opinion_demo_totals *t);

/* The columns of the import file (csv_each_row), for the import and its template. */
extern const struct csv_columns opinion_import_columns;

#endif
