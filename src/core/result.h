/*
 * What a model function returns (core layer): a result code, and on failure the field at fault
 * with a message ID from the i18n catalog (core/i18n.c) and an optional detail such as a value.
 */
#ifndef TZ_RESULT_H
#define TZ_RESULT_H

#include <stddef.h>

enum result {
    RES_OK = 0,    /* done */
    RES_NOT_FOUND, /* missing, or outside the caller's scope: the two look the same */
    RES_CONFLICT,  /* a duplicate or a state that does not allow it */
    RES_INVALID,   /* bad input; err names the field */
    RES_FORBIDDEN, /* the caller's role may not do this */
    RES_FAIL,      /* the store failed */
    RES_UNAVAILABLE, /* the store cannot take writes now (its disk is full): try again later */
};

struct err {
    const char *field; /* input field at fault, or NULL */
    const char *msg;   /* message ID, e.g. "err.required" */
    char detail[160];  /* extra text shown after the message, may be empty */
};

/* Records a failure in err (which may be NULL) and returns code. */
enum result err_set(struct err *err, enum result code, const char *field, const char *msg);
/* Like err_set with a printf-formatted detail. */
enum result err_setf(struct err *err, enum result code, const char *field, const char *msg,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Where an import reports each bad line: fn gets the line number and the failure. */
struct import_report {
    void (*fn)(void *ctx, int line, const struct err *err); /* called once per problem */
    void *ctx;                                              /* passed to fn and progress */
    /* or NULL: told now and then how many of the file's bytes are read, and at the end */
    void (*progress)(void *ctx, size_t done, size_t total);
};

/* Checks a text field with text_check() and records the failure under field. Returns RES_OK or
 * RES_INVALID. */
enum result err_text(struct err *err, const char *field, const char *s, int required,
                     long max_chars, int multiline);
#endif
