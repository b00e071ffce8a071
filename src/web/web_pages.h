/*
 * Pages that belong to no single mechanism (handler layer): login and logout,
 * the language switch, health check, metrics and static assets.
 */
#ifndef TZ_WEB_PAGES_H
#define TZ_WEB_PAGES_H

#include "http/http.h"

void login_page(struct req *r);
void login_post(struct req *r);
void logout_post(struct req *r);
/* /account/password: one's own password, changed with the current one. */
void account_password_page(struct req *r);
void account_password_post(struct req *r);
void lang_page(struct req *r);
void healthz_page(struct req *r);
/* GET /templates/KIND/import.xlsx: an import's template workbook (template_page.c). */
void template_page(struct req *r);
void metrics_page(struct req *r);
void static_page(struct req *r);

#endif
