/*
 * What the learning handlers share (handler layer, private to src/learning): the links between
 * the pages, numbers typed into their forms, a failed read answered, and starting a sitting and
 * saving an answer as the exam page and the API both do them. learning_page.c defines the first
 * three, learning_api.c the last two.
 */
#ifndef TZ_LEARNING_INT_WEB_H
#define TZ_LEARNING_INT_WEB_H

#include "http/http.h"

/* The links between the learning pages: exams, the question bank (for a role that may record,
 * since the bank holds the answers) and training. */
void learning_links(struct req *r);

/* An optional number from form field name into *out, left alone when the field is absent or
 * empty. RES_OK, or RES_INVALID naming the field with the range lo-hi. */
enum result learning_form_number(struct req *r, const char *name, long long lo, long long hi,
                                 long long *out, struct err *err);

/* Answers a read of one thing that failed with res: 500 when the store failed (RES_FAIL, logged
 * by db_fail), else 404 naming field with message ID msg. */
void learning_fail_read(struct req *r, enum result res, const char *field, const char *msg);

/* Starts (or resumes) the caller's sitting of exam id: the draw on the request's own
 * connection, the write on the single writer. *resumed tells which; err gets a refusal. */
enum result exam_start_req(struct req *r, long long id, int *resumed, struct err *err);
/* Saves one answer: the check on the request's connection, the write on the single writer. An
 * answer refused because the time is up hands the paper in first (its timeout grade, which every
 * read already shows, is stored). Returns the result; a->err gets a refusal. */
struct exam_answer;
enum result exam_answer_req(struct req *r, struct exam_answer *a);

#endif
