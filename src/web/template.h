/*
 * Import templates (web layer): the workbook an import page offers for download, so that an
 * office fills in the columns the import reads instead of guessing them. The header row gives
 * each column's Chinese name as the import accepts it, the second row an example, and every
 * column with coded values (类型, 渠道, 角色...) a drop-down list of their Chinese names (data
 * validation, libxlsxwriter); date columns hold dates.
 */
#ifndef TZ_TEMPLATE_H
#define TZ_TEMPLATE_H

#include "core/buf.h"
#include "core/csv.h"

enum { TEMPLATE_ROWS = 2000 }; /* rows the drop-down lists cover */

/* One import's template. */
struct import_template {
    const char *kind;              /* its name in the URL: /templates/KIND/import.xlsx */
    const struct csv_columns *cols; /* the import's columns */
    const char *sheet;             /* the sheet's name */
    const char *const *example;    /* the example row's cells, cols->n of them */
    const char *const *codes;      /* per column NULL, or the codes of its list when they are
                                      only some of its catalog prefix's ("key|routine") */
    const char *const *headers;    /* per column NULL, or the one of its accepted Chinese names
                                      to head it with when not the first (姓名 for a person) */
};

/* Writes the template t into out as an XLSX workbook. Returns 0, or -1 when the workbook
 * cannot be written. */
int import_template(const struct import_template *t, struct buf *out);

#endif
