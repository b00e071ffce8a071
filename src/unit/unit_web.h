/* HTML and JSON handlers of the unit tree and its departments' leaders (handler layer):
 * unit_page.c, unit_api.c and leader_page.c. */
#ifndef TZ_UNIT_WEB_H
#define TZ_UNIT_WEB_H

#include "http/http.h"

void unit_tree_page(struct req *r);
void unit_show_page(struct req *r);
void unit_new_post(struct req *r);
void unit_list_api(struct req *r);
void unit_show_api(struct req *r);
void unit_create_api(struct req *r);
void leader_create_api(struct req *r);
void leader_list_api(struct req *r);
void leader_new_post(struct req *r);
/* The leaders of department u on its page, with the forms to add and end one. */
struct unit;
void leader_section(struct req *r, const struct unit *u);
void leader_end_post(struct req *r);

#endif
