/* HTML and JSON handlers of activities (handler layer): activity_page.c and activity_api.c,
 * the route table's entries. */
#ifndef TZ_ACTIVITY_WEB_H
#define TZ_ACTIVITY_WEB_H

#include "http/http.h"

void activity_create_api(struct req *r);
void activity_list_api(struct req *r);
void activity_show_api(struct req *r);
void activity_item_api(struct req *r);
void activity_participants_api(struct req *r);

void activity_list_page(struct req *r);
void activity_new_post(struct req *r);
void activity_show_page(struct req *r);
void activity_record_post(struct req *r);

#endif
