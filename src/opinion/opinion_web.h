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
void outreach_new_post(struct req *r);

/* Tracking codes cannot be guessed: a client whose lookups keep failing is held off every lookup
 * (status and rating, page and API, right codes too) for the rest of its window. The count lives
 * in the table that limits public submissions (auth/throttle.c), per client address, with the
 * same limit per 15 minutes (server_public_rate). Returns the seconds the request's client must
 * wait, 0 when it may look a code up now (opinion_api.c). */
long opinion_track_wait(struct req *r);
/* Counts a lookup of an unknown tracking code against the request's client. */
void opinion_track_failed(struct req *r);

/* The statistics document of the stats API (and the roll-up API); the caller owns it. */
json_t *rectification_json(const char *unit, const struct rectification_stats *s);

#endif
