/* HTML and JSON handlers for people and accounts (handler layer). */
#ifndef TZ_PERSON_WEB_H
#define TZ_PERSON_WEB_H

#include "http/http.h"
#include "person/person.h"

void person_show_page(struct req *r);
void person_new_post(struct req *r);
void account_list_page(struct req *r);
void person_list_api(struct req *r);
void person_create_api(struct req *r);
/* GET and POST /persons/import: people with accounts in bulk (person_import_page.c). */
void person_import_page(struct req *r);
void person_import_post(struct req *r);

/* The generated passwords of an import as a workbook (login, name, unit, password) into out.
 * 0, or -1 when it cannot be written. */
int person_passwords_xlsx(const struct person_import *imp, struct buf *out);
/* The same as a printable A4 document of slips, three across, each with the login, the password
 * and a QR code of the sign-in address url; xlsx_href, when given, is a link to the workbook
 * shown above them (not printed). 0, or -1 when url cannot be drawn as a QR code. */
int person_slips(struct buf *out, const struct person_import *imp, const char *url,
                 const char *xlsx_href);

#endif
