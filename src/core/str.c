/* Text and number checks; see str.h. Core layer, uses utf8proc. */
#include "core/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

long utf8_chars(const char *s, size_t n)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    long chars = 0;
    while (n > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)n, &cp);
        if (k <= 0 || cp == 0)
            return -1;
        p += k;
        n -= (size_t)k;
        chars++;
    }
    return chars;
}

int utf8_valid(const char *s, size_t n)
{
    return utf8_chars(s, n) >= 0;
}

enum text_check text_check(const char *s, int required, long max_chars, int multiline)
{
    size_t n = s ? strlen(s) : 0;
    long chars = utf8_chars(s ? s : "", n);
    if (chars < 0)
        return TEXT_BAD_UTF8;
    int blank = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            if (!(multiline && (c == '\n' || c == '\r' || c == '\t')))
                return TEXT_CONTROL;
        }
        /* C1 controls U+0080-U+009F are encoded C2 80 - C2 9F */
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9F)
            return TEXT_CONTROL;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            blank = 0;
    }
    if (required && blank)
        return TEXT_EMPTY;
    if (chars > max_chars)
        return TEXT_TOO_LONG;
    return TEXT_OK;
}

void str_copy(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int str_to_ll(const char *s, long long min, long long max, long long *out)
{
    if (!s || !*s)
        return -1;
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (*p < '0' || *p > '9')
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int date_valid(const char *s)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

/* Reads 1 to max digits at *p into *v, moving *p past them; 0, or -1 when there are none. */
static int digits(const char **p, int max, int *v)
{
    int n = 0;
    for (*v = 0; n < max && **p >= '0' && **p <= '9'; (*p)++, n++)
        *v = *v * 10 + (**p - '0');
    return n ? 0 : -1;
}

/* Moves *p past sep when it comes next; 0, or -1 when it does not. */
static int skip(const char **p, const char *sep)
{
    size_t n = strlen(sep);
    if (strncmp(*p, sep, n) != 0)
        return -1;
    *p += n;
    return 0;
}

int date_parse(const char *s, char out[11])
{
    static const char *const seps[][2] = { { "-", "-" }, { "/", "/" }, { ".", "." },
                                           { "年", "月" } };
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
        const char *p = s;
        int y, m, d;
        if (digits(&p, 4, &y) != 0 || p - s != 4 || skip(&p, seps[k][0]) != 0 ||
            digits(&p, 2, &m) != 0 || skip(&p, seps[k][1]) != 0 || digits(&p, 2, &d) != 0)
            continue;
        if (k == 3 && skip(&p, "日") != 0)
            skip(&p, "号");
        while (*p == ' ')
            p++;
        if (*p)
            continue;
        snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000, (unsigned)m % 100,
                 (unsigned)d % 100);
        return date_valid(out) ? 0 : -1;
    }
    return -1;
}

char *str_digits(char *end, unsigned long long v)
{
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

char *str_int(char *end, long long v)
{
    char *p = str_digits(end, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v);
    if (v < 0)
        *--p = '-';
    return p;
}

void hex_encode(char *out, const unsigned char *in, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int code_valid(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n < 1 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

char *str_zh_number(char out[STR_ZH_NUMBER_MAX], int n)
{
    static const char *const digit[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
    if (n < 1 || n > 99) {
        snprintf(out, STR_ZH_NUMBER_MAX, "%d", n);
        return out;
    }
    snprintf(out, STR_ZH_NUMBER_MAX, "%s%s%s", n >= 20 ? digit[n / 10] : "", n >= 10 ? "十" : "",
             digit[n % 10]);
    return out;
}
