/* HTML and JSON handlers of research reports (handler layer): research_page.c and
 * research_api.c, the route table's entries. */
#ifndef TZ_RESEARCH_WEB_H
#define TZ_RESEARCH_WEB_H

#include "http/http.h"

void research_list_api(struct req *r);
void research_create_api(struct req *r);
void research_show_api(struct req *r);
void research_adopt_api(struct req *r);

void research_list_page(struct req *r);
void research_new_page(struct req *r);
void research_new_post(struct req *r);
void research_show_page(struct req *r);
void research_file_page(struct req *r);
void research_adopt_post(struct req *r);
void research_export_xlsx_page(struct req *r);
void research_export_csv_page(struct req *r);
void research_import_post(struct req *r);

#endif
