/* HTML and JSON handlers of commendations, media reports and meetings (handler layer):
 * chronicle_api.c and chronicle_page.c, the route table's entries. */
#ifndef TZ_CHRONICLE_WEB_H
#define TZ_CHRONICLE_WEB_H

#include "http/http.h"

void commendation_create_api(struct req *r);
void commendation_list_api(struct req *r);
void media_create_api(struct req *r);
void media_list_api(struct req *r);
void meeting_create_api(struct req *r);
void meeting_list_api(struct req *r);

void commendation_list_page(struct req *r);
void commendation_new_page(struct req *r);
void commendation_new_post(struct req *r);
void commendation_show_page(struct req *r);
void commendation_export_xlsx_page(struct req *r);
void commendation_export_csv_page(struct req *r);
void commendation_import_post(struct req *r);
void media_list_page(struct req *r);
void media_new_page(struct req *r);
void media_new_post(struct req *r);
void media_export_xlsx_page(struct req *r);
void media_export_csv_page(struct req *r);
void media_import_post(struct req *r);
void meeting_list_page(struct req *r);
void meeting_new_page(struct req *r);
void meeting_new_post(struct req *r);
void meeting_export_xlsx_page(struct req *r);
void meeting_export_csv_page(struct req *r);
void meeting_import_post(struct req *r);

#endif
