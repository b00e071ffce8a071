/* Uploaded files; see file.h. Core layer. */
#include "core/file.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"

enum result file_check(const char *name, const char *type, size_t size, size_t max, struct err *err)
{
    static const struct {
        const char *ext;  /* file name ending */
        const char *type; /* content type */
    } allowed[] = {
        { ".pdf", "application/pdf" },
        { ".jpg", "image/jpeg" },
        { ".jpeg", "image/jpeg" },
        { ".png", "image/png" },
        { ".txt", "text/plain" },
        { ".doc", "application/msword" },
        { ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { ".xls", "application/vnd.ms-excel" },
        { ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    };
    if (size > max)
        return err_setf(err, RES_INVALID, "attachment", "err.file_large", "%zu MB", max >> 20);
    enum result r = err_text(err, "attachment", name, 1, FILE_NAME_MAX, 0);
    if (r != RES_OK)
        return r;
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
        size_t k = strlen(allowed[i].ext);
        if (n > k && strcasecmp(name + n - k, allowed[i].ext) == 0 && type &&
            strncasecmp(type, allowed[i].type, strlen(allowed[i].type)) == 0)
            return RES_OK;
    }
    return err_setf(err, RES_INVALID, "attachment", "err.file_type", "%s",
                    "pdf jpg png txt doc docx xls xlsx");
}

int file_read_all(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad || out->err ? -1 : 0;
}
