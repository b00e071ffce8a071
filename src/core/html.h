/*
 * The escaping writer for HTML output (core layer). Escaping is the default: every %s given to
 * html_printf is escaped; raw markup goes only through html_raw with a string literal, which
 * tools/check.sh enforces.
 */
#ifndef TZ_HTML_H
#define TZ_HTML_H

#include <stdarg.h>

#include "core/buf.h"

/* Appends fmt to out. Supports %s (HTML-escaped, NULL prints nothing), %d %ld %lld %u %lu
 * %llu %zu and %%, with no flag, width or precision; fmt itself is trusted markup. Another
 * conversion logs it and sets out->err to BUF_ERR_FORMAT (tools/check.sh rejects it). */
void html_printf(struct buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* html_printf's engine: each %s argument goes through str (html_text for markup, html_urlpart
 * for a URL's segments), the other conversions as html_printf's. */
void html_vformat(struct buf *out, void (*str)(struct buf *, const char *), const char *fmt,
                  va_list ap);
/* Appends s escaped for text and for double-quoted attribute values. */
void html_text(struct buf *out, const char *s);
/* Appends v in decimal. */
void html_int(struct buf *out, long long v);
/* Appends s percent-encoded for use as one URL path segment or query value. */
void html_urlpart(struct buf *out, const char *s);
/* Appends a literal string of markup unescaped. */
#define html_raw(out, lit) buf_add((out), "" lit, sizeof(lit) - 1)

#endif
