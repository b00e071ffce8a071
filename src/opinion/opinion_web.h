/* HTML and JSON handlers of opinions and the rectification ledger (handler layer). */
#ifndef TZ_OPINION_WEB_H
#define TZ_OPINION_WEB_H

#include "http/http.h"

void opinion_public_submit_api(struct req *r);
void opinion_public_track_api(struct req *r);
void opinion_public_rate_api(struct req *r);
void opinion_list_api(struct req *r);
void opinion_create_api(struct req *r);
void opinion_reply_api(struct req *r);
void opinion_merge_api(struct req *r);
void problem_create_api(struct req *r);
void measure_create_api(struct req *r);
void measure_implemented_api(struct req *r);
void measure_verify_api(struct req *r);
void rectification_stats_api(struct req *r);
void search_api(struct req *r);

#endif
