/*
 * Handlers of the indicators, statistics, summaries and period reports (handler layer; issue
 * 17): JSON in report_api.c, pages in report_page.c.
 */
#ifndef TZ_REPORT_WEB_H
#define TZ_REPORT_WEB_H

#include "http/http.h"
#include "report/report.h"

void indicators_api(struct req *r);
void stats_api(struct req *r);
void stats_units_api(struct req *r);
void summary_api(struct req *r);
void summary_docx_api(struct req *r);
void report_create_api(struct req *r);
void report_list_api(struct req *r);
void report_show_api(struct req *r);
void report_unit_api(struct req *r);
void report_act_api(struct req *r);

void indicators_page(struct req *r);
void report_list_page(struct req *r);
void report_new_post(struct req *r);
void report_show_page(struct req *r);
void report_xlsx_page(struct req *r);
void report_unit_page(struct req *r);
void report_act_post(struct req *r);
/* The dashboard at "/" (dashboard_page.c). */
void dashboard_page(struct req *r);

struct indicator;
/* An indicator's name, its measure word, and the two as a label ("培训干部（人（次））",
 * "cadres trained (person-times)"), in the request's language (report_page.c). */
const char *indicator_name(const struct req *r, const struct indicator *d);
const char *indicator_word(const struct req *r, const struct indicator *d);
const char *indicator_label(struct req *r, const struct indicator *d);

/* Shared by the JSON and HTML handlers (report_api.c). */
/* 1 when s ends with suffix, which is then cut off. */
int report_cut_suffix(char *s, const char *suffix);
/* The report of the path's first segment (with a ".xlsx" suffix when xlsx is given: *xlsx
 * tells), or NULL after answering 404. */
struct report *report_from_path(struct req *r, int *xlsx);
/* Sends the report's XLSX (the submissions in the actor's scope). */
void report_send_xlsx(struct req *r, const struct report *rep);
/* Sends a DOCX titled title: text, then the figures (indicator indexes codes, values) as a
 * table, signed by signer; the file called name. */
void report_send_docx(struct req *r, const char *title, const char *text, const int *codes,
                      const long long *values, size_t n, const char *signer, const char *name);

/* Sends a submission's DOCX: its summary, then its figures (frozen, or live before any). */
void report_send_submission_docx(struct req *r, const struct report *rep,
                                 const struct submission_detail *d);

#endif
