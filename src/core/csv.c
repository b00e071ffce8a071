/* The CSV reader; see csv.h. Core layer. */
#include "core/csv.h"

#include <stdlib.h>
#include <string.h>

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

void csv_add_field(struct buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        buf_adds(b, s);
        return;
    }
    buf_addch(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_addch(b, '"');
        buf_addch(b, *s);
    }
    buf_addch(b, '"');
}
