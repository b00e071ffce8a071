/* Uploaded tables as UTF-8 CSV; see table.h. Core layer. */
#include "core/table.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "core/str.h"
#include "core/xlsx.h"

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

enum result table_text(const char *data, size_t len, struct buf *out, struct err *err)
{
    if (xlsx_is(data, len)) {
        if (xlsx_to_csv(data, len, out) != 0 || out->err)
            return err_set(err, RES_INVALID, "file", "err.xlsx");
        return RES_OK;
    }
    if (is_ole2(data, len))
        return err_set(err, RES_INVALID, "file", "err.xls_old");
    if (utf8_valid(data, len)) {
        buf_add(out, data, len);
        return out->err ? err_set(err, RES_INVALID, "file", "err.too_large") : RES_OK;
    }
    if (from_gb18030(data, len, out) != 0)
        return err_set(err, RES_INVALID, "file", "err.file_encoding");
    return RES_OK;
}
