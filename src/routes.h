/* The route table's entry point, handed to the server (top layer). */
#ifndef TZ_ROUTES_H
#define TZ_ROUTES_H

#include "http/http.h"

/* Matches the request against the route table and runs it. */
void routes_dispatch(struct req *r);
/* Whether the request is one whose JSON body may carry files (the upload size limit). */
int routes_uploads(struct req *r);

struct route;
/* The route table itself, for tests that walk every route; *n gets its length. Static memory. */
const struct route *routes_table(size_t *n);

#endif
