/* The XLSX reader; see xlsx.h. Core layer. */
#include "core/xlsx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unzip.h>

#include "core/csv.h"
#include "core/xalloc.h"

enum { XLSX_COLS = 64, XLSX_PART_MAX = 64 << 20 };

int xlsx_is(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* Reads one part of the archive into a NUL-terminated buffer (free()), or NULL. */
static char *read_part(unzFile z, const char *name, size_t *len)
{
    if (unzLocateFile(z, name, 1) != UNZ_OK || unzOpenCurrentFile(z) != UNZ_OK)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = xmalloc(cap);
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap *= 2;
            p = xrealloc(p, cap);
        }
        int got = unzReadCurrentFile(z, p + n, 65536);
        if (got < 0 || n > XLSX_PART_MAX) {
            unzCloseCurrentFile(z);
            free(p);
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    unzCloseCurrentFile(z);
    p[n] = '\0';
    *len = n;
    return p;
}

/* Appends the XML text s[0..n) to b with its entities decoded. */
static void add_text(struct buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '&') {
            buf_addch(b, s[i]);
            continue;
        }
        const char *semi = memchr(s + i, ';', n - i);
        size_t k = semi ? (size_t)(semi - (s + i)) : 0;
        static const struct {
            const char *name;
            char c;
        } named[] = {
            { "&lt", '<' }, { "&gt", '>' }, { "&amp", '&' }, { "&quot", '"' }, { "&apos", '\'' }
        };
        int done = 0;
        for (size_t e = 0; e < 5 && k && !done; e++)
            if (k == strlen(named[e].name) && memcmp(s + i, named[e].name, k) == 0) {
                buf_addch(b, named[e].c);
                done = 1;
            }
        if (!done && k > 2 && s[i + 1] == '#') {
            unsigned long cp =
                s[i + 2] == 'x' ? strtoul(s + i + 3, NULL, 16) : strtoul(s + i + 2, NULL, 10);
            char u[4];
            int m = 0;
            if (cp < 0x80) {
                u[m++] = (char)cp;
            } else if (cp < 0x800) {
                u[m++] = (char)(0xC0 | (cp >> 6));
                u[m++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                u[m++] = (char)(0xE0 | (cp >> 12));
                u[m++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u[m++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x110000) {
                u[m++] = (char)(0xF0 | (cp >> 18));
                u[m++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                u[m++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u[m++] = (char)(0x80 | (cp & 0x3F));
            }
            if (cp)
                buf_add(b, u, (size_t)m);
            done = 1;
        }
        if (done)
            i += k;
        else
            buf_addch(b, '&');
    }
}

/* The text of every <t>…</t> between p and end, concatenated into b. */
static void texts(struct buf *b, const char *p, const char *end)
{
    while ((p = strstr(p, "<t")) && p < end) {
        if (p[2] != '>' && p[2] != ' ') {
            p += 2;
            continue;
        }
        const char *open = strchr(p, '>');
        if (!open || open >= end)
            break;
        if (open[-1] == '/') { /* <t/> */
            p = open + 1;
            continue;
        }
        const char *close = strstr(open, "</t>");
        if (!close || close > end)
            break;
        add_text(b, open + 1, (size_t)(close - open - 1));
        p = close + 4;
    }
}

/* The shared strings, as offsets into one buffer. */
struct strings {
    struct buf all; /* every string, NUL separated */
    size_t *at;     /* where each starts */
    size_t n;       /* how many */
};

static void read_strings(const char *xml, struct strings *s)
{
    buf_init(&s->all, XLSX_PART_MAX);
    size_t cap = 0;
    for (const char *p = xml; (p = strstr(p, "<si")) != NULL;) {
        const char *end = strstr(p, "</si>");
        if (!end)
            break;
        s->at = vec_grow(s->at, s->n, &cap);
        s->at[s->n++] = s->all.len;
        texts(&s->all, p, end);
        buf_addch(&s->all, '\0');
        p = end + 5;
    }
}

/* The value of attribute name (with its '=') in the tag starting at p, copied into out. */
static int attr(const char *p, const char *tag_end, const char *name, char *out, size_t size)
{
    const char *a = p;
    size_t n = strlen(name);
    while ((a = strstr(a, name)) && a < tag_end) {
        if (a[-1] == ' ' && a[n] == '"') {
            const char *q = strchr(a + n + 1, '"');
            if (!q || q > tag_end)
                return 0;
            snprintf(out, size, "%.*s", (int)(q - a - n - 1), a + n + 1);
            return 1;
        }
        a += n;
    }
    return 0;
}

/* Converts the sheet's rows. */
static void read_sheet(const char *xml, const struct strings *s, struct buf *out)
{
    long line = 1;
    int width = 0;
    struct buf cell;
    buf_init(&cell, XLSX_PART_MAX);
    for (const char *p = xml; (p = strstr(p, "<row")) != NULL;) {
        const char *tag_end = strchr(p, '>'), *end = strstr(p, "</row>");
        if (!tag_end)
            break;
        if (!end || tag_end[-1] == '/') {
            p = tag_end + 1; /* an empty row */
            continue;
        }
        char num[24];
        long row = attr(p, tag_end, "r=", num, sizeof(num)) ? strtol(num, NULL, 10) : line;
        for (; line < row; line++)
            buf_addch(out, '\n');
        char *fields[XLSX_COLS] = { 0 };
        int n_fields = 0;
        for (const char *c = p; (c = strstr(c, "<c")) && c < end;) {
            if (c[2] != ' ' && c[2] != '>') {
                c += 2;
                continue;
            }
            const char *c_end = strchr(c, '>');
            if (!c_end || c_end > end)
                break;
            char ref[16] = "", type[16] = "";
            attr(c, c_end, "r=", ref, sizeof(ref));
            attr(c, c_end, "t=", type, sizeof(type));
            int col = 0;
            for (const char *r = ref; *r >= 'A' && *r <= 'Z'; r++)
                col = col * 26 + (*r - 'A' + 1);
            col = col ? col - 1 : n_fields;
            const char *close = c_end[-1] == '/' ? c_end : strstr(c_end, "</c>");
            if (!close || close > end)
                break;
            buf_reset(&cell);
            if (strcmp(type, "inlineStr") == 0) {
                texts(&cell, c_end, close);
            } else {
                const char *v = strstr(c_end, "<v>");
                if (v && v < close) {
                    const char *v_end = strstr(v, "</v>");
                    size_t k = v_end ? (size_t)(v_end - v - 3) : 0;
                    if (strcmp(type, "s") == 0) {
                        size_t i = (size_t)strtoul(v + 3, NULL, 10);
                        if (i < s->n)
                            buf_adds(&cell, s->all.data + s->at[i]);
                    } else {
                        add_text(&cell, v + 3, k);
                    }
                }
            }
            if (col < XLSX_COLS) {
                free(fields[col]);
                fields[col] = xstrdup(buf_str(&cell));
                if (col + 1 > n_fields)
                    n_fields = col + 1;
            }
            c = close;
        }
        if (!width)
            width = n_fields; /* the header row's width: empty cells below still count */
        if (n_fields < width)
            n_fields = width;
        for (int i = 0; i < n_fields; i++) {
            if (i)
                buf_addch(out, ',');
            csv_add_verbatim(out, fields[i] ? fields[i] : "");
            free(fields[i]);
        }
        buf_addch(out, '\n');
        line = row + 1;
        p = end + 6;
    }
    buf_release(&cell);
}

/* Opens the archive data[0..len) with minizip, which reads files: the bytes go through a private
 * temporary file, unlinked at once. Returns NULL when data is no readable archive. */
static unzFile open_archive(const char *data, size_t len)
{
    if (!xlsx_is(data, len))
        return NULL;
    char path[] = "/tmp/tz-xlsx-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    int ok = write(fd, data, len) == (ssize_t)len;
    close(fd);
    unzFile z = ok ? unzOpen64(path) : NULL;
    unlink(path);
    return z;
}

char *xlsx_part(const char *data, size_t len, const char *name, size_t *part_len)
{
    unzFile z = open_archive(data, len);
    if (!z)
        return NULL;
    char *part = read_part(z, name, part_len);
    unzClose(z);
    return part;
}

int xlsx_to_csv(const char *data, size_t len, struct buf *out)
{
    unzFile z = open_archive(data, len);
    if (!z)
        return -1;
    size_t n;
    struct strings s = { 0 };
    char *shared = read_part(z, "xl/sharedStrings.xml", &n);
    if (shared)
        read_strings(shared, &s);
    else
        buf_init(&s.all, 1);
    char *sheet = read_part(z, "xl/worksheets/sheet1.xml", &n);
    unzClose(z);
    if (sheet)
        read_sheet(sheet, &s, out);
    free(sheet);
    free(shared);
    free(s.at);
    buf_release(&s.all);
    return sheet ? 0 : -1;
}
