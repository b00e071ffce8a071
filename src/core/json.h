/* jansson glue (core layer): typed field access that reports the field at fault. */
#ifndef TZ_JSON_H
#define TZ_JSON_H

#include <jansson.h>

#include "core/buf.h"
#include "core/result.h"

/* Reads the string field key of object o into *out (NULL when absent or null). Returns RES_OK,
 * or RES_INVALID with err naming key when it holds another type. */
enum result json_get_str(json_t *o, const char *key, const char **out, struct err *err);
/* Reads an integer field; *present tells whether it was there. */
enum result json_get_int(json_t *o, const char *key, long long *out, int *present, struct err *err);
/* The same for a field the request must carry: absent, null or "" (for an integer, absent or
 * null) is RES_INVALID with err naming key as required, so that the answer says what is missing
 * before a model would call it unknown. */
enum result json_need_str(json_t *o, const char *key, const char **out, struct err *err);
enum result json_need_int(json_t *o, const char *key, long long *out, struct err *err);
/* Reads a boolean field into *out (1 or 0); only JSON true and false count, so "no", 1 or "" are
 * refused. Leaves *out as it was when the field is absent or null, so it keeps the caller's
 * default. Returns RES_OK, or RES_INVALID with err naming key when it holds another type. */
enum result json_get_bool(json_t *o, const char *key, int *out, struct err *err);

/* Set key of object o to the text v, or to the integer v, without the checks of json_pack: for
 * a list's many rows of texts the store holds (checked where they came in, and again by
 * json_write on the way out); key a literal. */
void json_put_str(json_t *o, const char *key, const char *v);
void json_put_int(json_t *o, const char *key, long long v);

/* Appends doc to out as json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(12)) writes it, byte
 * for byte, without its cost (the dump keeps every object and array it enters in a table of
 * its own, a third of an API list's answer). Returns 0, or -1 where json_dumps fails (a string
 * that is not UTF-8), out then holding part of it. */
int json_write(struct buf *out, const json_t *doc);
/* The same with every object's keys sorted, as JSON_COMPACT | JSON_SORT_KEYS writes them (the
 * audit records, whose keys read the same way whatever order the code added them in). */
int json_write_sorted(struct buf *out, const json_t *doc);

#endif
