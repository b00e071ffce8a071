/* JSON and HTML handlers of grade scales and surveys (handler layer): survey_api.c and
 * survey_page.c, the route table's entries. */
#ifndef TZ_SURVEY_WEB_H
#define TZ_SURVEY_WEB_H

#include "http/http.h"
#include "unit/unit.h"

void scale_list_api(struct req *r);
void scale_create_api(struct req *r);
void scale_update_api(struct req *r);

void survey_create_api(struct req *r);
void survey_show_api(struct req *r);
void survey_open_api(struct req *r);
void survey_close_api(struct req *r);
void survey_tally_api(struct req *r);
void survey_codes_api(struct req *r);
void survey_answer_api(struct req *r);
void survey_results_api(struct req *r);
void survey_problem_api(struct req *r);

/* For a period report over [from, to] of unit u: the results for u of the latest closed survey
 * whose period ends within it (survey_latest_closed), a heading and a table; nothing when there
 * is none. */
void survey_brief(struct req *r, const struct unit *u, const char *from, const char *to);
void survey_list_page(struct req *r);
void survey_show_page(struct req *r);
void survey_problem_post(struct req *r);
void scale_list_page(struct req *r);
void survey_export_xlsx_page(struct req *r);
void survey_tally_page(struct req *r);
void survey_tally_post(struct req *r);
void survey_tally_import_post(struct req *r);
void survey_answer_page(struct req *r);
void survey_answer_post(struct req *r);
void survey_paper_page(struct req *r);
void survey_paper_post(struct req *r);

#endif
