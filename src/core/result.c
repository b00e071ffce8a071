/* Result recording; see result.h. Core layer. */
#include "core/result.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/str.h"

enum result err_set(struct err *err, enum result code, const char *field, const char *msg)
{
    if (err) {
        err->field = field;
        err->msg = msg;
        err->detail[0] = '\0';
    }
    return code;
}

enum result err_setf(struct err *err, enum result code, const char *field, const char *msg,
                     const char *fmt, ...)
{
    if (err) {
        err->field = field;
        err->msg = msg;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
        va_end(ap);
    }
    return code;
}

enum result err_text(struct err *err, const char *field, const char *s, int required,
                     long max_chars, int multiline)
{
    switch (text_check(s, required, max_chars, multiline)) {
    case TEXT_OK: return RES_OK;
    case TEXT_EMPTY: return err_set(err, RES_INVALID, field, "err.required");
    case TEXT_BAD_UTF8: return err_set(err, RES_INVALID, field, "err.bad_utf8");
    case TEXT_TOO_LONG: return err_setf(err, RES_INVALID, field, "err.too_long", "%ld", max_chars);
    case TEXT_CONTROL: return err_set(err, RES_INVALID, field, "err.control_char");
    }
    return RES_INVALID;
}
