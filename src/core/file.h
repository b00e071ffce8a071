/*
 * Uploaded files (core layer): the one check of an attachment's name, size and type, shared by
 * every mechanism that keeps files (task progress reports, opinions, duty reports).
 */
#ifndef TZ_FILE_H
#define TZ_FILE_H

#include <stddef.h>

#include "core/result.h"

enum { FILE_NAME_MAX = 200 };

/* Checks an attachment: at most max bytes, a name of up to FILE_NAME_MAX characters, and an
 * allowed content type (pdf jpg png txt doc docx xls xlsx) matching the name's extension.
 * RES_OK, or RES_INVALID with err naming "attachment". */
enum result file_check(const char *name, const char *type, size_t size, size_t max,
                       struct err *err);

struct buf;
/* Appends the whole file at path to out. Returns 0, or -1 when it cannot be read (or out is
 * full). */
int file_read_all(const char *path, struct buf *out);

#endif
