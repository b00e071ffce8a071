/*
 * People (干部/人员) in units (mechanism model; DESIGN.md "Who uses it"). A person belongs to one
 * unit and may have one account. Owns the person table. No http or web types.
 */
#ifndef TZ_PERSON_H
#define TZ_PERSON_H

#include "auth/scope.h"
#include "core/arena.h"
#include "core/collate.h"
#include "core/csv.h"
#include "db/db.h"

enum { PERSON_NAME_MAX = 50, PERSON_POSITION_MAX = 100, PERSON_PHONE_MAX = 20, PERSON_EMAIL_MAX = 100 };

struct person {
    long long id;          /* row id */
    long long unit_id;     /* the unit the person belongs to */
    const char *name;      /* full name */
    const char *unit_code; /* the unit's code */
    const char *unit_name; /* the unit's name */
    const char *position;  /* e.g. 科员, may be "" */
    const char *phone;     /* may be "" */
    const char *email;     /* may be "" */
    const char *login;     /* the account's login, "" when none */
    const char *role;      /* the account's role, "" when none */
};

struct person_input {
    const char *unit_code; /* required */
    const char *name;      /* required, up to 50 characters */
    const char *position;  /* optional, up to 100 characters */
    const char *phone;     /* optional: digits, with + - and spaces, up to 20 */
    const char *email;     /* optional: one @ between text, no spaces, up to 100 */
};

/* Whether s (NULL or "" allowed) is a phone number as person_input takes it. */
int person_phone_valid(const char *s);
/* Whether s (NULL or "" allowed) is an e-mail address as person_input takes it. */
int person_email_valid(const char *s);

/* Adds a person to a unit in the actor's scope; *id gets the new id. */
enum result person_add(struct db *db, const struct actor *who, const struct person_input *in,
                       long long *id, struct err *err);

/* person_add() as a job for db_writer_run(): arg is a struct person_add_job. */
struct person_add_job {
    const struct actor *who; /* the caller */
    struct person_input in;  /* the new person */
    long long id;            /* set on success */
    struct err err;          /* set on failure */
};
enum result person_add_job(struct db *db, void *arg);

/* Calls fn for the active people of the unit with that code (in scope), in surname stroke order
 * (姓氏笔画, as official rosters list them; people of the same name by id), skipping
 * offset and stopping after limit. The strings live only during the call. *total gets the
 * number of people in the unit. */
enum result person_each(struct db *db, const struct actor *who, const char *unit_code,
                        long long offset, long long limit, long long *total,
                        void (*fn)(void *ctx, const struct person *p), void *ctx, struct err *err);

/* person_each() in the order asked for: ORDER_STROKE as person_each(), or ORDER_PINYIN
 * (拼音, on request). */
enum result person_each_in(struct db *db, const struct actor *who, const char *unit_code,
                           enum name_order order, long long offset, long long limit,
                           long long *total, void (*fn)(void *ctx, const struct person *p),
                           void *ctx, struct err *err);

/* Calls fn once for the person with that id when in scope; RES_NOT_FOUND otherwise. */
enum result person_get(struct db *db, const struct actor *who, long long id,
                       void (*fn)(void *ctx, const struct person *p), void *ctx);

/* People with their accounts in bulk (taizhang user import, the import page): a table whose
 * columns are login, name, unit, position, phone, email, role (or their Chinese names; a role
 * as its code or its Chinese name). An empty login is made from the name's pinyin (欧阳五:
 * ouyangwu), with 2, 3... after it when taken. Every account gets a generated password it must
 * change at first sign-in. Two passes over the same file: a check that writes nothing, then,
 * with the passwords hashed between them (slow work, outside any transaction), the import. */
struct person_import_row {
    const char *login;    /* as given or as made */
    const char *name;     /* the person's name */
    const char *unit;     /* the unit's code */
    const char *password; /* the generated password */
};
struct person_import {
    long long n;                     /* rows checked, then imported */
    char (*passwords)[32];           /* NULL for the check; n generated passwords for the import */
    char (*hashes)[128];             /* their hashes (crypto_pwhash_STRBYTES) */
    struct person_import_row *rows;  /* after the import: what each row became */
    struct arena mem;                /* their strings */
    /* called as rows go by (done of about total, the file's lines), or NULL */
    void (*progress)(const struct person_import *imp, long long done, long long total);
};
/* Checks (imp->passwords NULL: nothing is kept) or imports (all or nothing) the table data,
 * UTF-8 CSV from table_text(); problems go to rep with their lines. RES_OK with imp->n rows, or
 * RES_INVALID (rep has been told why) or RES_FAIL. */
enum result person_import(struct db *db, const struct actor *who, const char *data, size_t len,
                          struct person_import *imp, const struct import_report *rep);
/* Generates and hashes imp->n passwords for the import, on every processor, calling progress
 * (when not NULL) as they get done. RES_OK or RES_FAIL. */
enum result person_import_passwords(struct person_import *imp,
                                    void (*progress)(void *ctx, long long done, long long total),
                                    void *ctx);
/* Frees what the import holds. */
void person_import_release(struct person_import *imp);
/* The columns of the people import file, for its template. */
extern const struct csv_columns person_import_columns;

#endif
