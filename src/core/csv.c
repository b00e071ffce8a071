/* The CSV reader and the export cell writer; see csv.h. Core layer. */
#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/str.h"
#include "core/xalloc.h"

void csv_init(struct csv *c, const char *data, size_t len)
{
    memset(c, 0, sizeof(*c));
    c->p = data;
    c->end = data + len;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        c->p += 3;
    c->next_line = 1;
}

void csv_release(struct csv *c)
{
    free(c->scratch);
    c->scratch = NULL;
}

/* Moves past the rest of the current record, minding quotes. */
static void skip_record(struct csv *c)
{
    int quoted = 0;
    while (c->p < c->end) {
        char ch = *c->p++;
        if (ch == '"')
            quoted = !quoted;
        else if (ch == '\n')
            c->next_line++;
        if (!quoted && (ch == '\n' || ch == '\r')) {
            if (ch == '\r' && c->p < c->end && *c->p == '\n') {
                c->p++;
                c->next_line++;
            }
            return;
        }
    }
}

int csv_next(struct csv *c, char *fields[CSV_MAX_FIELDS])
{
    while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
        if (*c->p == '\n')
            c->next_line++;
        c->p++;
    }
    if (c->p >= c->end)
        return 0;
    c->line = c->next_line;
    size_t need = (size_t)(c->end - c->p) + CSV_MAX_FIELDS + 1;
    if (need > c->scratch_cap) {
        free(c->scratch);
        c->scratch = xmalloc(need);
        c->scratch_cap = need;
    }
    char *out = c->scratch;
    int n = 0;
    fields[n++] = out;
    int quoted = 0;
    while (c->p < c->end) {
        char ch = *c->p++;
        if (ch == '\0') {
            if (!quoted)
                c->p--;
            skip_record(c);
            return CSV_NUL;
        }
        if (quoted) {
            if (ch == '"') {
                if (c->p < c->end && *c->p == '"') {
                    *out++ = '"';
                    c->p++;
                } else {
                    quoted = 0;
                }
            } else {
                if (ch == '\n')
                    c->next_line++;
                *out++ = ch;
            }
            continue;
        }
        if (ch == '"' && out == fields[n - 1]) {
            quoted = 1;
        } else if (ch == ',') {
            *out++ = '\0';
            if (n == CSV_MAX_FIELDS) {
                skip_record(c);
                return CSV_TOO_WIDE;
            }
            fields[n++] = out;
        } else if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && c->p < c->end && *c->p == '\n')
                c->p++;
            c->next_line++;
            break;
        } else {
            *out++ = ch;
        }
    }
    *out = '\0';
    return quoted ? CSV_BAD_QUOTE : n;
}

const char *csv_column_names(const char *want)
{
    char key[64];
    snprintf(key, sizeof(key), "col.%s", want);
    const char *names = i18n(LANG_ZH, key);
    return names == key ? NULL : names;
}

int csv_header_is(const char *got, const char *want)
{
    while (*got == ' ')
        got++;
    size_t n = strlen(got);
    while (n && got[n - 1] == ' ')
        n--;
    if (strlen(want) == n && strncmp(got, want, n) == 0)
        return 1;
    const char *names = csv_column_names(want);
    for (const char *p = names ? names : ""; *p;) {
        size_t k = strcspn(p, "|");
        if (k == n && strncmp(p, got, n) == 0)
            return 1;
        p += k + (p[k] == '|');
    }
    return 0;
}

/* Whether s holds a byte outside ASCII (a value's Chinese name; codes are ASCII). */
static int non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

/* Puts the forms in which the columns take their fields into f: dates as YYYY-MM-DD, values
 * named in Chinese as their codes (copied into own, which must outlive the row). */
static void normalize(const struct csv_columns *cols, char **f, char own[][32])
{
    for (int i = 0; i < cols->n; i++) {
        if ((cols->dates >> i & 1) && date_parse(f[i], own[i]) == 0) {
            f[i] = own[i];
        } else if (cols->values && cols->values[i] && non_ascii(f[i])) {
            const char *code = i18n_code(cols->values[i], f[i]);
            if (code && strlen(code) < 32) {
                snprintf(own[i], 32, "%s", code);
                f[i] = own[i];
            }
        }
    }
}

int csv_each_row(const char *data, size_t len, const struct csv_columns *cols,
                 enum result (*row)(void *ctx, char **fields, struct err *err), void *ctx,
                 const struct import_report *rep)
{
    const char *const *header = cols->names;
    int n_cols = cols->n;
    char own[CSV_MAX_FIELDS][32];
    struct csv c;
    csv_init(&c, data, len);
    char *f[CSV_MAX_FIELDS];
    struct err e = { 0 };
    int n = csv_next(&c, f), bad = 0;
    for (int i = 0; i < n_cols && n == n_cols; i++)
        bad |= !csv_header_is(f[i], header[i]);
    if (n != n_cols || bad) {
        char expected[512];
        size_t used = 0;
        for (int i = 0; i < n_cols && used < sizeof(expected); i++)
            used += (size_t)snprintf(expected + used, sizeof(expected) - used, "%s%s", i ? "," : "",
                                     header[i]);
        err_setf(&e, RES_INVALID, "header", "err.csv_header", "%s", expected);
        if (rep && rep->fn)
            rep->fn(rep->ctx, c.line ? c.line : 1, &e);
        csv_release(&c);
        return 1;
    }
    for (long rows = 1; (n = csv_next(&c, f)) != 0; rows++) {
        if (rep && rep->progress && rows % 256 == 0)
            rep->progress(rep->ctx, (size_t)(c.p - data), len);
        memset(&e, 0, sizeof(e));
        if (n == n_cols)
            normalize(cols, f, own);
        if (n != n_cols)
            err_set(&e, RES_INVALID, "line",
                    n == CSV_BAD_QUOTE ? "err.csv_quote"
                    : n == CSV_NUL     ? "err.control_char"
                                       : "err.csv_fields");
        if (n != n_cols || row(ctx, f, &e) != RES_OK) {
            if (rep && rep->fn)
                rep->fn(rep->ctx, c.line, &e);
            bad++;
        }
    }
    if (rep && rep->progress)
        rep->progress(rep->ctx, len, len);
    csv_release(&c);
    return bad;
}

/* Appends prefix and s as one field, in double quotes (quotes doubled) when s holds a comma, a
 * quote or a line break. */
static void add_cell(struct buf *b, const char *prefix, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        buf_adds(b, prefix);
        buf_adds(b, s);
        return;
    }
    buf_addch(b, '"');
    buf_adds(b, prefix);
    for (; *s; s++) {
        if (*s == '"')
            buf_addch(b, '"');
        buf_addch(b, *s);
    }
    buf_addch(b, '"');
}

void csv_add_verbatim(struct buf *b, const char *s)
{
    add_cell(b, "", s);
}

void csv_add_field(struct buf *b, const char *s)
{
    /* the characters that start a formula in Excel and WPS; the ' sits inside the quotes */
    add_cell(b, *s && strchr("=+-@\t\r", *s) ? "'" : "", s);
}

/* Whether s is an optional '-', digits and an optional fraction: a number, never a formula. */
static int plain_number(const char *s)
{
    static const char digits[] = "0123456789";
    s += *s == '-';
    size_t whole = strspn(s, digits);
    if (!whole)
        return 0;
    s += whole;
    if (*s != '.')
        return *s == '\0';
    size_t fraction = strspn(s + 1, digits);
    return fraction && s[1 + fraction] == '\0';
}

void csv_add_number(struct buf *b, const char *s)
{
    if (plain_number(s))
        buf_adds(b, s);
    else
        csv_add_field(b, s);
}
