/* HTML and JSON handlers for people and accounts (handler layer). */
#ifndef TZ_PERSON_WEB_H
#define TZ_PERSON_WEB_H

#include "http/http.h"

void person_show_page(struct req *r);
void person_new_post(struct req *r);
void account_list_page(struct req *r);
void person_list_api(struct req *r);
void person_create_api(struct req *r);

#endif
