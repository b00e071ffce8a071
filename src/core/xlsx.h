/*
 * A reader for the first worksheet of an XLSX workbook, as spreadsheets save rosters (core
 * layer): the cells become CSV text, one line per sheet row, so that every CSV import also
 * takes XLSX and reports the sheet's row numbers as its line numbers. Text, shared strings and
 * numbers are read; formulas give their cached value; styles are ignored. Uses minizip.
 */
#ifndef TZ_XLSX_H
#define TZ_XLSX_H

#include <stddef.h>

#include "core/buf.h"

/* 1 if data starts like a ZIP archive (an XLSX workbook), else 0. */
int xlsx_is(const char *data, size_t len);

/* Appends the first worksheet of the workbook data[0..len) to out as CSV (RFC 4180 quoting,
 * "\n" line ends, line N holding sheet row N, at most 64 columns, no row narrower than the first
 * since spreadsheets leave empty cells out). Returns 0, or -1 when data is not a readable
 * workbook (out then holds whatever was converted). */
int xlsx_to_csv(const char *data, size_t len, struct buf *out);

/* Reads the member name (such as "xl/styles.xml") of the ZIP archive data[0..len) into a
 * NUL-terminated buffer of *part_len bytes (free()). Returns NULL when data is no readable
 * archive or has no such member. */
char *xlsx_part(const char *data, size_t len, const char *name, size_t *part_len);

#endif
