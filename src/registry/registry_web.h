/* HTML and JSON handlers of the registries (handler layer). */
#ifndef TZ_REGISTRY_WEB_H
#define TZ_REGISTRY_WEB_H

#include "http/http.h"

void registry_stats_api(struct req *r);
void registry_units_api(struct req *r);

#endif
