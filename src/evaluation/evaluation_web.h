/* HTML and JSON handlers of democratic evaluation (handler layer): evaluation_page.c,
 * evaluation_api.c. */
#ifndef TZ_EVALUATION_WEB_H
#define TZ_EVALUATION_WEB_H

#include "http/http.h"

void eval_create_api(struct req *r);
void eval_list_api(struct req *r);
void eval_show_api(struct req *r);
void eval_open_api(struct req *r);
void eval_close_api(struct req *r);
void eval_codes_api(struct req *r);
void eval_report_api(struct req *r);
void eval_ballot_api(struct req *r);
void eval_results_api(struct req *r);

/* Paper codes cannot be guessed: a client that keeps trying unknown ones is held off for a
 * while. 1 when the request's client must wait (evaluation_api.c). */
int eval_code_throttled(struct req *r);
/* Counts an unknown paper code against the request's client. */
void eval_code_failed(struct req *r);

void eval_list_page(struct req *r);
void eval_new_post(struct req *r);
void eval_show_page(struct req *r);
void eval_open_post(struct req *r);
void eval_close_post(struct req *r);
void eval_report_post(struct req *r);
void eval_report_file_page(struct req *r);
void eval_codes_page(struct req *r);
void eval_code_qr_page(struct req *r);
void eval_results_page(struct req *r);
void eval_export_xlsx_page(struct req *r);
void eval_vote_page(struct req *r);
void eval_vote_post(struct req *r);

#endif
