/* HTML and JSON handlers of learning (handler layer): exam_page.c, question_page.c,
 * training_page.c and learning_api.c, the route table's entries; what they share among
 * themselves is in learning_int_web.h. */
#ifndef TZ_LEARNING_WEB_H
#define TZ_LEARNING_WEB_H

#include "http/http.h"

void question_create_api(struct req *r);
void question_list_api(struct req *r);
void exam_create_api(struct req *r);
void exam_list_api(struct req *r);
void exam_show_api(struct req *r);
void exam_start_api(struct req *r);
void exam_paper_api(struct req *r);
void exam_answer_api(struct req *r);
void exam_submit_api(struct req *r);
void exam_stats_api(struct req *r);
void exam_items_api(struct req *r);
void training_create_api(struct req *r);
void training_list_api(struct req *r);
void training_enrol_api(struct req *r);
void training_attend_api(struct req *r);
void training_stats_api(struct req *r);

void exam_list_page(struct req *r);
void exam_new_post(struct req *r);
void exam_show_page(struct req *r);
void exam_start_post(struct req *r);
void exam_answers_post(struct req *r);
void exam_results_page(struct req *r);
void exam_results_xlsx_page(struct req *r);
void question_bank_page(struct req *r);
void question_new_post(struct req *r);
void question_import_post(struct req *r);
void training_list_page(struct req *r);
void training_new_post(struct req *r);
void training_show_page(struct req *r);
void training_enrol_post(struct req *r);
void training_roster_post(struct req *r);
void training_attend_post(struct req *r);

#endif
