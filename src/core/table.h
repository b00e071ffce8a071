/*
 * An uploaded table as the imports read it (core layer): whatever form the office saved it in,
 * UTF-8 CSV text. An XLSX workbook gives its first sheet (core/xlsx.h); CSV in UTF-8, with or
 * without a byte order mark, passes as it is; CSV that is not UTF-8 is taken as GB18030, the
 * encoding Excel and WPS save CSV in on Chinese Windows, and converted with iconv. An Excel
 * 97-2003 workbook (.xls) gives its first sheet through libfreexl.
 */
#ifndef TZ_TABLE_H
#define TZ_TABLE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/result.h"

/* Appends data[0..len) to out as UTF-8 CSV. RES_OK, or RES_INVALID with err naming the field
 * "file" and why: a workbook that cannot be read, or text in neither UTF-8 nor GB18030. */
enum result table_text(const char *data, size_t len, struct buf *out, struct err *err);

#endif
