/*
 * Bounded growable byte string (core layer). An append past the maximum set at init sets a
 * sticky error instead of growing, so a caller checks `buf.err` once at the end.
 */
#ifndef TZ_BUF_H
#define TZ_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* Why a buffer stopped taking appends: the value of its err. */
enum buf_error {
    BUF_ERR_NONE = 0,   /* none */
    BUF_ERR_FULL = 1,   /* an append did not fit under the maximum */
    BUF_ERR_FORMAT = 2, /* a writer met a conversion it does not support (a programming error) */
};

struct buf {
    char *data; /* NUL-terminated contents, or NULL before the first append */
    size_t len; /* bytes used, without the NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* hard limit on len */
    int err;    /* sticky: an enum buf_error, the first failure's, once an append failed */
};

/* Prepares an empty buffer that holds at most max bytes. */
void buf_init(struct buf *b, size_t max);
/* Frees the contents; the buffer can be used again, empty. */
void buf_release(struct buf *b);
/* Empties the buffer, keeping its memory and its error state cleared. */
void buf_reset(struct buf *b);
/* Makes room for n more bytes at once (a hint; the limit still holds when adding). */
void buf_reserve(struct buf *b, size_t n);
/* buf_add when the bytes do not fit in the memory at hand: grows it or sets err. */
void buf_add_growing(struct buf *b, const void *data, size_t n);

/* Appends n bytes; on overflow nothing is appended and err is set. Inline: pages append
 * thousands of short runs. */
static inline void buf_add(struct buf *b, const void *data, size_t n)
{
    if (b->err || n >= b->cap - b->len || n > b->max - b->len) {
        buf_add_growing(b, data, n);
        return;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the contents as a C string ("" when empty); owned by the buffer. */
const char *buf_str(const struct buf *b);
/* Hands the contents to the caller (free with free()) and leaves the buffer empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
