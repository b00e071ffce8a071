/*
 * What the learning pages share (handler layer, private to exam_page.c, question_page.c and
 * training_page.c, defined in learning_page.c): the links between them and numbers typed into
 * their forms.
 */
#ifndef TZ_LEARNING_PAGE_WEB_H
#define TZ_LEARNING_PAGE_WEB_H

#include "http/http.h"

/* The links between the learning pages: exams, the question bank (for a role that may record,
 * since the bank holds the answers) and training. */
void learning_links(struct req *r);

/* An optional number from form field name into *out, left alone when the field is absent or
 * empty. RES_OK, or RES_INVALID naming the field with the range lo-hi. */
enum result learning_form_number(struct req *r, const char *name, long long lo, long long hi,
                                 long long *out, struct err *err);

#endif
