/* HTML and JSON handlers of the unit tree (handler layer): unit_page.c and unit_api.c. */
#ifndef TZ_UNIT_WEB_H
#define TZ_UNIT_WEB_H

#include "http/http.h"

void unit_tree_page(struct req *r);
void unit_show_page(struct req *r);
void unit_new_post(struct req *r);
void unit_list_api(struct req *r);
void unit_show_api(struct req *r);
void unit_create_api(struct req *r);

#endif
