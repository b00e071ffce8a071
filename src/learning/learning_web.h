/* HTML and JSON handlers of learning (handler layer): exam_page.c, question_page.c and
 * training_page.c (sharing learning_page_web.h), learning_api.c. */
#ifndef TZ_LEARNING_WEB_H
#define TZ_LEARNING_WEB_H

#include "http/http.h"

/* Starts (or resumes) the caller's sitting of exam id: the draw on the request's own
 * connection, the write on the single writer. *resumed tells which; err gets a refusal. */
enum result exam_start_req(struct req *r, long long id, int *resumed, struct err *err);
/* Saves one answer: the check on the request's connection, the write on the single writer. An
 * answer refused because the time is up hands the paper in first (its timeout grade, which every
 * read already shows, is stored). Returns the result; a->err gets a refusal. */
struct exam_answer;
enum result exam_answer_req(struct req *r, struct exam_answer *a);

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
