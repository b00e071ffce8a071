/*
 * Request parameters and outcomes as every handler reads them (http layer): ids from the path,
 * bounded integers, strings with defaults, paging, and failures answered in the route's own
 * format, the JSON envelope on an API route and the error page elsewhere. A function that
 * answers returns 0 or -1 (or a zero id), and the handler then returns at once.
 */
#ifndef TZ_PARAM_H
#define TZ_PARAM_H

#include "attachment/attachment.h"
#include "core/collate.h"
#include "http/http.h"

/* Answers a failed result: the JSON envelope on an API route, the error page elsewhere, with
 * the status result_status() gives. */
void req_fail(struct req *r, enum result res, const struct err *err);
/* Answers RES_INVALID for field with message ID msg. */
void req_fail_invalid(struct req *r, const char *field, const char *msg);

/* The positive id in path segment i (the route's i-th "{}"), or 0 after answering 404 for
 * field. */
long long param_path_id(struct req *r, int i, const char *field);
/* A positive id given as text (a form field or a query value), or 0 after answering 400 with
 * field required when text is absent, empty or not one. */
long long param_need_id(struct req *r, const char *text, const char *field);
/* The query parameter name as an integer in [min, max] into *out, def when it is absent or
 * empty. Returns 0, or -1 after answering 400 naming it with the range. */
int param_int(struct req *r, const char *name, long long min, long long max, long long def,
              long long *out);
/* The query parameter name, or def when it is absent or empty. */
const char *param_str(struct req *r, const char *name, const char *def);

/* One page of a list. */
struct paging {
    long long limit;  /* rows on it */
    long long offset; /* rows before it */
    long long page;   /* its number, from 1 */
};
/* Paging from the query: limit (1..max, def when absent) and offset (from 0) on API routes;
 * page (from 1) with per_page = def rows on page routes, a page past the end being the caller's
 * to show empty. Returns 0, or -1 after answering 400. */
int param_paging(struct req *r, long long def, long long max, struct paging *p);
/* The query parameter "order" of a list of people: ORDER_PINYIN for "pinyin", ORDER_STROKE
 * (the default) for "stroke" or none; -1 after answering 400 for anything else. */
int param_name_order(struct req *r);

/* Reads o's key, an array of at most max strings (missing or null: none), into *list (the
 * request's arena) and *n. RES_OK, or RES_INVALID naming key. */
enum result param_json_strings(struct req *r, json_t *o, const char *key, size_t max,
                               const char *const **list, size_t *n, struct err *err);

/* Reads a file sent in JSON as {"name","type","data"} (data in base64) into f, its bytes in the
 * request's arena. RES_OK, or RES_INVALID naming field. */
enum result param_json_file(struct req *r, json_t *o, const char *field,
                            struct attachment_input *f, struct err *err);

/* Runs a write job on the writer (req_write) and, when it fails, answers with the job's err
 * (req_fail). Returns the job's result: on RES_OK the caller answers success. */
enum result req_run(struct req *r, db_job_fn fn, void *job, const struct err *err);

#endif
