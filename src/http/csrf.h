/*
 * CSRF tokens (http layer): a keyed hash of the session token, or of an anonymous cookie for
 * forms shown before login (the login form, the public opinion form). Every state-changing
 * request from a browser must carry it (route.c checks); bearer-token API calls need none.
 */
#ifndef TZ_CSRF_H
#define TZ_CSRF_H

#include "http/http.h"

/* The CSRF token bound to the request's session (or anonymous cookie); sets r->csrf and, when
 * the client has neither, a new anonymous cookie. */
void csrf_prepare(struct req *r);
/* 1 when given is the token of the request's session or anonymous cookie, else 0. */
int csrf_check(struct req *r, const char *given);

#endif
