/*
 * Notices (通报; mechanism model, DESIGN.md mechanism 2, speech.txt "该通报的要通报", "通报表扬"):
 * a praise or a criticism addressed to units (each alone or with its subtree), drafted by the
 * supervision staff or a leader, signed (签发) or returned by a leader of the issuing department,
 * numbered at signing per department and year, in the addressed units' inboxes once signed and
 * counted per kind in the task roll-up. Owns the notice tables. No http types.
 */
#ifndef TZ_NOTICE_H
#define TZ_NOTICE_H

#include "auth/scope.h"
#include "db/db.h"

enum {
    NOTICE_TO_MAX = 500,     /* addressees in one notice */
    NOTICE_TITLE_MAX = 200,  /* characters of a title */
    NOTICE_TEXT_MAX = 20000, /* characters of a text */
    NOTICE_NUMBER_MAX = 64,  /* bytes of a document number with its NUL */
};

/* Writes the document number (发文字号) of a signed notice into out, the way the supervision
 * office has numbered them: 督查通报〔2026〕3号; "" when serial is 0 (not yet signed). */
void notice_number(char out[NOTICE_NUMBER_MAX], long long year, long long serial);

struct notice_input {
    const char *kind;      /* praise | criticism */
    const char *title;     /* the title */
    const char *text;      /* the body */
    const char *const *to; /* addressed unit codes */
    size_t n_to;           /* how many */
    int subtree;           /* each addressee with every unit below it */
    long long task_id;     /* the task it is about, 0 for none */
};

/* A supervisor or a leader drafts a notice for the department of their unit. Addressees must
 * lie in that department's jurisdiction, the task in the actor's sight or led in that
 * jurisdiction. RES_OK with *id;
 * RES_INVALID naming the field (an unknown kind, no addressee); RES_FORBIDDEN for another role;
 * RES_NOT_FOUND ("to" or "task") for a unit outside the jurisdiction or a task out of sight. */
enum result notice_draft(struct db *db, const struct actor *who, const struct notice_input *in,
                         long long *id, struct err *err);
/* notice_draft() as a job: arg is a struct notice_draft_job. */
struct notice_draft_job {
    const struct actor *who; /* the caller */
    struct notice_input in;  /* the notice */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result notice_draft_job(struct db *db, void *arg);

/* A leader whose unit is the issuing department signs a draft: it gets the department's next
 * serial of this year in *serial (the year in *year) and reaches its addressees. RES_NOT_FOUND
 * when the notice is out of the actor's sight, RES_FORBIDDEN for anyone but such a leader,
 * RES_CONFLICT when it is not a draft. */
enum result notice_sign(struct db *db, const struct actor *who, long long id, long long *year,
                        long long *serial, struct err *err);
/* notice_sign() as a job: arg is a struct notice_sign_job. */
struct notice_sign_job {
    const struct actor *who; /* the caller */
    long long id;            /* the notice */
    long long serial;        /* set on success */
    long long year;          /* set on success: the year of the serial */
    struct err err;          /* set on failure */
};
enum result notice_sign_job(struct db *db, void *arg);

/* The same leader returns a draft with a reason; the drafter drafts again. Results as for
 * notice_sign(), and RES_INVALID when reason is empty. */
enum result notice_return(struct db *db, const struct actor *who, long long id, const char *reason,
                          struct err *err);
/* notice_return() as a job: arg is a struct notice_return_job. */
struct notice_return_job {
    const struct actor *who; /* the caller */
    long long id;            /* the notice */
    const char *reason;      /* why */
    struct err err;          /* set on failure */
};
enum result notice_return_job(struct db *db, void *arg);

/* One notice as read; its strings live until the callback returns. */
struct notice {
    long long id;           /* row id */
    const char *kind;       /* praise | criticism */
    const char *title;      /* the title */
    const char *text;       /* the body */
    const char *state;      /* draft | signed | returned */
    long long task_id;      /* the task, 0 for none */
    const char *task_title; /* its title, "" for none */
    long long dept_id;      /* the issuing department */
    const char *dept_name;  /* its name */
    const char *unit_name;  /* the drafter's unit */
    long long year;         /* year of the serial, 0 before signing */
    long long serial;       /* the serial, 0 before signing */
    const char *drafter;    /* the drafter's name, "" for none */
    const char *signer;     /* the name of the leader who signed or returned it, "" for none */
    const char *reason;     /* why it was returned, "" otherwise */
    const char *created;    /* when drafted */
    const char *decided;    /* when signed or returned, "" before */
    int may_decide;         /* the actor may sign or return it now */
};

enum notice_scope {
    NOTICE_ONE,    /* one notice (id) */
    NOTICE_INBOX,  /* signed, addressed to the actor's unit or department, or above it by subtree */
    NOTICE_ISSUED, /* issued by the actor's department (drafts and returned ones too) */
    NOTICE_UNIT,   /* addressed to unit id or issued by it */
    NOTICE_TASK,   /* about task id */
};
/* Calls fn for each notice of what that the actor may see, newest first (at most 500): one whose
 * drafter's unit or issuing department is in the actor's scope, or, once signed, one addressed
 * to a unit in scope, to the actor's department, or to a unit above the actor's by subtree.
 * NOTICE_ONE: RES_NOT_FOUND when there is none such; RES_OK otherwise (or RES_FAIL). */
enum result notice_each(struct db *db, const struct actor *who, enum notice_scope what,
                        long long id, void (*fn)(void *ctx, const struct notice *n), void *ctx);

/* Calls fn for each addressee of notice id (call only for a notice notice_each() gave), in
 * tree order. */
enum result notice_addressees(struct db *db, long long id,
                              void (*fn)(void *ctx, const char *code, const char *name,
                                         int subtree),
                              void *ctx);

#endif
