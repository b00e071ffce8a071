/*
 * Route matching and the checks common to every route (http layer): session or bearer token,
 * CSRF on every state-changing request (csrf.c), the role permission in the row, and for GET and
 * HEAD a request that may not write (req_write refuses). The table itself is src/routes.c.
 */
#ifndef TZ_ROUTE_H
#define TZ_ROUTE_H

#include "http/http.h"

enum route_flags {
    RF_PUBLIC = 1 << 0, /* no login needed */
    RF_API = 1 << 1,    /* JSON errors; bearer tokens accepted */
    RF_UPLOAD = 1 << 2, /* a JSON body carrying files (base64): the upload size limit */
    RF_FIRST = 1 << 3,  /* open to an account that must first replace its generated password */
};

struct route {
    unsigned methods;          /* enum method bits */
    const char *pattern;       /* "/api/v1/units/{}": "{}" captures one segment */
    void (*fn)(struct req *r); /* the handler */
    unsigned perm;             /* enum perm the caller's role must carry, 0 for none */
    unsigned flags;            /* enum route_flags */
};

/* Renders an error page for a page route. */
typedef void (*page_error_fn)(struct req *r, int status, const struct err *err);

/* Whether r's method and path match a route flagged RF_UPLOAD. */
int route_uploads(struct req *r, const struct route *routes, size_t n_routes);
/* Matches r against routes and runs the checks and the handler. */
void route_dispatch(struct req *r, const struct route *routes, size_t n_routes,
                    page_error_fn page_error);

#endif
