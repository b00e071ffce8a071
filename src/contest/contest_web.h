/*
 * HTML and JSON handlers of essay contests (handler layer; issue 16 item 3).
 */
#ifndef TZ_CONTEST_WEB_H
#define TZ_CONTEST_WEB_H

#include "http/http.h"

void contest_list_api(struct req *r);
void contest_create_api(struct req *r);
void contest_show_api(struct req *r);
void contest_submit_api(struct req *r);
void contest_award_api(struct req *r);
void essay_score_api(struct req *r);
void essay_award_api(struct req *r);
void essay_published_api(struct req *r);
void essay_instructed_api(struct req *r);

void contest_list_page(struct req *r);
void essay_file_page(struct req *r);
void contest_new_page(struct req *r);
void contest_new_post(struct req *r);
void contest_show_page(struct req *r);
void contest_review_page(struct req *r);
void contest_submit_post(struct req *r);
void contest_award_post(struct req *r);
void essay_score_post(struct req *r);
void essay_award_post(struct req *r);
void essay_published_post(struct req *r);
void essay_instructed_post(struct req *r);
void contest_export_xlsx(struct req *r);
void contest_export_csv(struct req *r);
void contest_import_post(struct req *r);

#endif
