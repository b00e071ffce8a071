/* A stored file as the response, for download (web layer). */
#ifndef TZ_DOWNLOAD_H
#define TZ_DOWNLOAD_H

#include <stddef.h>

/* Answers the request ctx (a struct req) with the file: its type, and its name as an attachment
 * (UTF-8, percent-encoded). Shaped as the callback of the models' attachment getters. */
void page_send_file(void *ctx, const char *name, const char *type, const void *data, size_t size);

#endif
