/* HTML and JSON handlers of opinions, campaigns and the rectification ledger (handler layer):
 * opinion_api.c, and the pages in opinion_public_page.c, opinion_page.c, rectification_page.c and
 * campaign_page.c (over opinion_parts_web.h). */
#ifndef TZ_OPINION_WEB_H
#define TZ_OPINION_WEB_H

#include "http/http.h"
#include "opinion/rectification.h"

/* JSON (opinion_api.c). */
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
void measure_start_api(struct req *r);
void measure_verify_api(struct req *r);
void rectification_stats_api(struct req *r);
void search_api(struct req *r);
void rectification_units_api(struct req *r);

/* Public pages, no account (opinion_public_page.c). */
void opinion_public_form_page(struct req *r);
void opinion_public_post(struct req *r);
void opinion_track_page(struct req *r);
void opinion_rate_post(struct req *r);
void opinion_results_page(struct req *r);
/* Staff pages of opinions (opinion_page.c). */
void opinion_ledger_page(struct req *r);
void opinion_bulk_post(struct req *r);
void opinion_show_page(struct req *r);
void opinion_attach_post(struct req *r);
void opinion_attachment_page(struct req *r);
void opinion_merge_post(struct req *r);
void opinion_reply_post(struct req *r);
void opinion_batch_page(struct req *r);
void opinion_batch_post(struct req *r);
void opinion_import_post(struct req *r);
void opinion_export_xlsx_page(struct req *r);
void opinion_export_csv_page(struct req *r);
void opinion_search_page(struct req *r);
/* The rectification ledger (rectification_page.c). */
void problem_list_page(struct req *r);
void problem_new_post(struct req *r);
void measure_new_page(struct req *r);
void measure_new_post(struct req *r);
void measure_implemented_post(struct req *r);
void measure_start_post(struct req *r);
void measure_verify_post(struct req *r);
void reply_template_new_post(struct req *r);
void rectification_rollup_page(struct req *r);
void rectification_export_xlsx_page(struct req *r);
void rectification_export_csv_page(struct req *r);
/* Campaigns (campaign_page.c). */
void campaign_list_page(struct req *r);
void campaign_new_post(struct req *r);
void campaign_show_page(struct req *r);
void campaign_create_api(struct req *r);
void campaign_show_api(struct req *r);
void outreach_new_post(struct req *r);

/* The public's limits, per client address, server_public_rate per 15 minutes (auth/throttle.c;
 * opinion_api.c). Each returns 0 when the request may go on, or 1 after answering 429 with
 * Retry-After in the route's own format (the JSON envelope or the error page).
 * opinion_public_throttled takes one submission from the client's allowance.
 * opinion_track_throttled holds off every tracking-code lookup (status and rating, page and API,
 * right codes too) of a client whose lookups kept failing, for the rest of its window: codes
 * cannot be guessed. */
int opinion_public_throttled(struct req *r);
int opinion_track_throttled(struct req *r);
/* Counts a lookup of an unknown tracking code against the request's client. */
void opinion_track_failed(struct req *r);

/* The statistics document of the stats API (and the roll-up API); the caller owns it. */
json_t *rectification_json(const char *unit, const struct rectification_stats *s);

#endif
