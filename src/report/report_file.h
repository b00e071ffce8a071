/*
 * The files of period reports and summaries (mechanism model; issue 17 items 3 and 5): the
 * whole report as XLSX (libxlsxwriter: merged two-level headers, the totals row, frozen panes,
 * A4 landscape) and a submission or a summary as a DOCX laid out as a Chinese official report
 * (core/docx.h). No http types.
 */
#ifndef TZ_REPORT_FILE_H
#define TZ_REPORT_FILE_H

#include "core/buf.h"
#include "report/report.h"

/* The report's submissions in the actor's scope, one row each, into out. */
enum result report_xlsx(struct db *db, const struct actor *who, const struct report *rep,
                        struct buf *out, struct err *err);

/* A document titled title: the paragraph text, then the figures table of codes (indicators
 * indexes) and their values, signed by signer on day; into out. */
enum result report_docx(const char *title, const char *text, const int *codes,
                        const long long *values, size_t n, const char *signer, const char *day,
                        struct buf *out, struct err *err);

#endif
