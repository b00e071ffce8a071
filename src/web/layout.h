/*
 * The page frame (web layer): header with navigation by mechanism, language switch, the
 * logout form, and the error page. Every page is server-rendered and works without JavaScript.
 */
#ifndef TZ_LAYOUT_H
#define TZ_LAYOUT_H

#include "http/http.h"

/* The text of a message ID in the request's language. */
const char *tr(const struct req *r, const char *id);
/* The text of the message ID "prefix.value" (e.g. kind.city), built without formatting; the
 * value itself when there is no such message. */
const char *tr_enum(const struct req *r, const char *prefix, const char *value);
/* Opens the page: doctype, head with title, navigation, <main>. */
void page_begin(struct req *r, const char *title);
/* Closes <main> and the page. */
void page_end(struct req *r);
/* Answers with an error page naming the problem. */
void page_error(struct req *r, int status, const struct err *err);

#endif
