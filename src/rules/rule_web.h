/* HTML and JSON handlers of rules (制度; handler layer): rule_api.c and rule_page.c, the route
 * table's entries. */
#ifndef TZ_RULE_WEB_H
#define TZ_RULE_WEB_H

#include "http/http.h"

void rule_create_api(struct req *r);
void rule_list_api(struct req *r);
void rule_show_api(struct req *r);
void rule_revise_api(struct req *r);
void rule_repeal_api(struct req *r);

void rule_list_page(struct req *r);
void rule_new_page(struct req *r);
void rule_new_post(struct req *r);
void rule_show_page(struct req *r);
void rule_revise_post(struct req *r);
void rule_repeal_post(struct req *r);
void rule_public_page(struct req *r);
void rule_export_xlsx(struct req *r);
void rule_export_csv(struct req *r);
void rule_import_post(struct req *r);

#endif
