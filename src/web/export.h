/*
 * Spreadsheet output for ledger exports (web layer): XLSX through libxlsxwriter (Chinese
 * headers, bold frozen header row, dates as dates) and CSV (UTF-8 with a byte order mark so
 * spreadsheet programs read Chinese, RFC 4180 quoting). Every CSV cell goes through core/csv.c:
 * a text or date cell that could start a formula gets a leading ', a CELL_NUMBER cell holding a
 * plain number (negative ones too) is written as it is. XLSX cells are typed, never formulas.
 */
#ifndef TZ_EXPORT_H
#define TZ_EXPORT_H

#include "core/buf.h"
#include "http/http.h"

enum export_cell { CELL_TEXT, CELL_NUMBER, CELL_DATE };

struct export_sheet;

/* Starts a sheet with headers; xlsx selects XLSX, else CSV. NULL when a temporary file cannot
 * be made. */
struct export_sheet *export_begin(int xlsx, const char *sheet_name, const char *const *headers,
                                  const enum export_cell *types, int n_cols);
/* Adds one row of n_cols values (numbers and dates as text: "42", "-3", "2026-12-31"). */
void export_row(struct export_sheet *s, const char *const *values);
/* Writes the finished file into out and frees the sheet. Returns 0, or -1 on failure. */
int export_finish(struct export_sheet *s, struct buf *out);

/* An export being written by a list's callback. */
struct export_ctx {
    struct req *r;              /* the request, for translations */
    struct export_sheet *sheet; /* the sheet being written */
};
/* Finishes the sheet and sends it as the response named name.xlsx or name.csv, or answers res
 * with err when the listing failed (the internal error when the sheet did). */
void export_send(struct req *r, struct export_ctx *c, enum result res, struct err *err, int xlsx,
                 const char *name);

#endif
