/* HTML and JSON handlers of learning (handler layer): learning_page.c, learning_api.c. */
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

#endif
