/* The escaping writer; see html.h. Core layer. */
#include "core/html.h"

#include <stdarg.h>
#include <string.h>

#include "core/log.h"
#include "core/str.h"

void html_text(struct buf *out, const char *s)
{
    if (!s)
        return;
    for (;;) {
        size_t run = strcspn(s, "&<>\"'");
        buf_add(out, s, run);
        s += run;
        const char *rep;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: return;
        }
        buf_adds(out, rep);
        s++;
    }
}

void html_urlpart(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            buf_addch(out, (char)c);
        } else {
            char e[3] = { '%', hex[c >> 4], hex[c & 15] };
            buf_add(out, e, 3);
        }
    }
}

void html_int(struct buf *out, long long v)
{
    char num[24];
    char *p = str_int(num + sizeof(num), v);
    buf_add(out, p, (size_t)(num + sizeof(num) - p));
}

static void add_unsigned(struct buf *out, unsigned long long v)
{
    char num[24];
    char *p = str_digits(num + sizeof(num), v);
    buf_add(out, p, (size_t)(num + sizeof(num) - p));
}

void html_vformat(struct buf *out, void (*str)(struct buf *, const char *), const char *fmt,
                  va_list ap)
{
    const char *run = fmt;
    for (const char *p = strchr(fmt, '%'); p; p = strchr(run, '%')) {
        buf_add(out, run, (size_t)(p - run));
        p++;
        if (*p == 's') {
            str(out, va_arg(ap, const char *));
        } else if (*p == 'd') {
            html_int(out, va_arg(ap, int));
        } else if (*p == 'u') {
            add_unsigned(out, va_arg(ap, unsigned));
        } else if (*p == 'z' && p[1] == 'u') {
            p++;
            add_unsigned(out, va_arg(ap, size_t));
        } else if (*p == 'l' && p[1] == 'l' && (p[2] == 'd' || p[2] == 'u')) {
            p += 2;
            if (*p == 'd')
                html_int(out, va_arg(ap, long long));
            else
                add_unsigned(out, va_arg(ap, unsigned long long));
        } else if (*p == 'l' && (p[1] == 'd' || p[1] == 'u')) {
            p++;
            if (*p == 'd')
                html_int(out, va_arg(ap, long));
            else
                add_unsigned(out, va_arg(ap, unsigned long));
        } else if (*p == '%') {
            buf_addch(out, '%');
        } else {
            /* a programming error that gcc's format check lets through (tools/check.sh looks
             * for it): say which conversion, so the log does not read as a full buffer */
            if (out->err != BUF_ERR_FORMAT) /* once per page */
                log_error("page writer: unsupported conversion '%%%.*s' in \"%.60s\"",
                          (int)strspn(p, "-+ #0123456789.*hlLqjzt") + 1, p, fmt);
            if (!out->err)
                out->err = BUF_ERR_FORMAT;
            return;
        }
        run = p + 1;
    }
    buf_add(out, run, strlen(run));
}

void html_printf(struct buf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    html_vformat(out, html_text, fmt, ap);
    va_end(ap);
}
