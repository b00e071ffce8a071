/*
 * A reader for the first worksheet of an XLSX workbook, as Excel, WPS and LibreOffice save
 * rosters (core layer): the cells become CSV text, one line per sheet row, so that every CSV
 * import also takes XLSX and reports the sheet's row numbers as its line numbers. The first
 * sheet is found through the workbook and its relationships; the XML is parsed by expat (tags
 * with or without a namespace prefix); shared strings (their rich runs joined, their phonetic
 * runs left out), inline strings and numbers are read, formulas give their cached value, and a
 * number in a date or time format (built-in, or the workbook's own) becomes "YYYY-MM-DD",
 * "YYYY-MM-DD HH:MM" or "HH:MM" in the 1900 or the 1904 date system. Uses minizip and expat.
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
 * workbook, its sheet is not well-formed XML or has a row past 1,048,576 (out then holds
 * whatever was converted). */
int xlsx_to_csv(const char *data, size_t len, struct buf *out);

/* Reads the member name (such as "xl/styles.xml") of the ZIP archive data[0..len) into a
 * NUL-terminated buffer of *part_len bytes (free()). Returns NULL when data is no readable
 * archive or has no such member. */
char *xlsx_part(const char *data, size_t len, const char *name, size_t *part_len);

#endif
