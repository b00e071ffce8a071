/* Uploaded tables as UTF-8 CSV; see table.h. Core layer. */
#include "core/table.h"

#include <errno.h>
#include <freexl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/str.h"
#include "core/xlsx.h"

enum { XLS_ROWS_MAX = 1048576, XLS_COLS_MAX = 256 };

/* The compound file that .xls workbooks (and old .doc files) are stored in. */
static int is_ole2(const char *data, size_t len)
{
    return len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

/* Appends the GB18030 text data[0..len) to out in UTF-8; -1 when it is not GB18030. */
static int from_gb18030(const char *data, size_t len, struct buf *out)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return -1;
    char *in = (char *)data;
    size_t in_left = len;
    int rc = 0;
    while (in_left > 0 && rc == 0) {
        char chunk[16384], *to = chunk;
        size_t to_left = sizeof(chunk);
        size_t done = iconv(cd, &in, &in_left, &to, &to_left);
        buf_add(out, chunk, sizeof(chunk) - to_left);
        if (done == (size_t)-1 && errno != E2BIG)
            rc = -1; /* EILSEQ, or EINVAL for a sequence cut short at the end */
    }
    iconv_close(cd);
    return rc == 0 && !out->err ? 0 : -1;
}

/* Appends the first worksheet of the .xls workbook data[0..len) to out as CSV, through
 * libfreexl, which reads only from a file: the bytes go to a temporary file first. Dates come
 * as YYYY-MM-DD (a date and time at midnight too). 0, or -1 when it cannot be read. */
static int xls_to_csv(const char *data, size_t len, struct buf *out)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof(path), "%s/taizhang-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    close(fd);
    const void *xls = NULL;
    unsigned int rows = 0;
    unsigned short cols = 0;
    int rc = done == len && freexl_open(path, &xls) == FREEXL_OK &&
                     freexl_select_active_worksheet(xls, 0) == FREEXL_OK &&
                     freexl_worksheet_dimensions(xls, &rows, &cols) == FREEXL_OK &&
                     rows <= XLS_ROWS_MAX && cols <= XLS_COLS_MAX
                 ? 0
                 : -1;
    unlink(path);
    for (unsigned int r = 0; rc == 0 && r < rows; r++) {
        for (unsigned short c = 0; c < cols; c++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(xls, r, c, &v) != FREEXL_OK) {
                rc = -1;
                break;
            }
            char cell[64] = "";
            const char *text = cell;
            if (v.type == FREEXL_CELL_INT)
                snprintf(cell, sizeof(cell), "%d", v.value.int_value);
            else if (v.type == FREEXL_CELL_DOUBLE)
                snprintf(cell, sizeof(cell), "%.15g", v.value.double_value);
            else if (v.type == FREEXL_CELL_DATETIME && v.value.text_value &&
                     strcmp(v.value.text_value + strcspn(v.value.text_value, " "),
                            " 00:00:00") == 0)
                snprintf(cell, sizeof(cell), "%.10s", v.value.text_value);
            else if (v.type != FREEXL_CELL_NULL && v.value.text_value)
                text = v.value.text_value;
            if (c > 0)
                buf_addch(out, ',');
            csv_add_verbatim(out, text);
        }
        buf_addch(out, '\n');
    }
    if (xls)
        freexl_close(xls);
    return rc == 0 && !out->err ? 0 : -1;
}

enum result table_text(const char *data, size_t len, struct buf *out, struct err *err)
{
    if (xlsx_is(data, len)) {
        if (xlsx_to_csv(data, len, out) != 0 || out->err)
            return err_set(err, RES_INVALID, "file", "err.xlsx");
        return RES_OK;
    }
    if (is_ole2(data, len)) {
        if (xls_to_csv(data, len, out) != 0)
            return err_set(err, RES_INVALID, "file", "err.xls");
        return RES_OK;
    }
    if (utf8_valid(data, len)) {
        buf_add(out, data, len);
        return out->err ? err_set(err, RES_INVALID, "file", "err.too_large") : RES_OK;
    }
    if (from_gb18030(data, len, out) != 0)
        return err_set(err, RES_INVALID, "file", "err.file_encoding");
    return RES_OK;
}
