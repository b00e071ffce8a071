/* HTML and JSON handlers of discipline cases (handler layer): discipline_page.c and
 * discipline_api.c, the route table's entries. Every read of a case is audited
 * (discipline_read_job through req_log_read) before the case is sent. */
#ifndef TZ_DISCIPLINE_WEB_H
#define TZ_DISCIPLINE_WEB_H

#include "discipline/discipline.h"
#include "http/http.h"

void discipline_list_api(struct req *r);
void discipline_create_api(struct req *r);
void discipline_show_api(struct req *r);

void discipline_list_page(struct req *r);
void discipline_new_page(struct req *r);
void discipline_new_post(struct req *r);
void discipline_show_page(struct req *r);
void discipline_export_xlsx_page(struct req *r);
void discipline_export_csv_page(struct req *r);
void discipline_import_post(struct req *r);

/* The cases of one list read into the arena (discipline_page.c), so that their read is audited
 * before any is sent. */
struct discipline_rows {
    struct req *r;                 /* the request */
    struct discipline_case *cases; /* the cases read */
    size_t n, cap;                 /* used, allocated */
};
/* Reads the cases of filter f into rows and audits their read under action
 * ("discipline.list", "discipline.export"); *total gets the count of all matches. Returns 1, or
 * 0 after answering the failure (nothing is sent unaudited). */
int discipline_read(struct req *r, const char *action, const struct registry_filter *f,
                    struct discipline_rows *rows, long long *total);
/* Audits a read (discipline_read_job through req_log_read, so that a reloaded page within a
 * minute writes no second record). Returns 1, or 0 after answering the failure. */
int discipline_log_read(struct req *r, struct discipline_read_job *job);

#endif
