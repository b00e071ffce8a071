/* The XLSX reader; see xlsx.h. Core layer. */
#include "core/xlsx.h"

#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unzip.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/xalloc.h"

enum {
    XLSX_COLS = 64,                 /* columns read; cells further right are ignored */
    XLSX_ROWS = 1048576,            /* a sheet's last row in Excel and WPS */
    XLSX_PART_MAX = 256 << 20,      /* decompressed bytes read from one part (a zip bomb stops) */
    XLSX_CELL_MAX = 1 << 20,        /* bytes of one cell's or one shared string's text */
    XLSX_PATH = 256,                /* a part's name */
};

int xlsx_is(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* ---- the archive ---- */

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

/* Calls fn(ctx, chunk, n) for the decompressed bytes of member name, then fn(ctx, NULL, 0) once
 * at the end. Returns 0, or -1 when the member is missing or unreadable, passes XLSX_PART_MAX
 * bytes, or fn returned nonzero. */
static int each_chunk(unzFile z, const char *name, int (*fn)(void *ctx, const char *s, int n),
                      void *ctx)
{
    if (unzLocateFile(z, name, 1) != UNZ_OK || unzOpenCurrentFile(z) != UNZ_OK)
        return -1;
    static _Thread_local char chunk[65536];
    size_t total = 0;
    int rc = 0;
    for (;;) {
        int got = unzReadCurrentFile(z, chunk, sizeof(chunk));
        if (got < 0 || (total += (size_t)got) > XLSX_PART_MAX) {
            rc = -1;
            break;
        }
        if (fn(ctx, got ? chunk : NULL, got) != 0) {
            rc = -1;
            break;
        }
        if (got == 0)
            break;
    }
    unzCloseCurrentFile(z);
    return rc;
}

static int add_chunk(void *ctx, const char *s, int n)
{
    if (s)
        buf_add(ctx, s, (size_t)n);
    return ((struct buf *)ctx)->err != 0;
}

char *xlsx_part(const char *data, size_t len, const char *name, size_t *part_len)
{
    unzFile z = open_archive(data, len);
    if (!z)
        return NULL;
    struct buf part;
    buf_init(&part, XLSX_PART_MAX);
    int rc = each_chunk(z, name, add_chunk, &part);
    unzClose(z);
    if (rc != 0) {
        buf_release(&part);
        return NULL;
    }
    buf_addch(&part, '\0');
    char *text = buf_detach(&part, part_len);
    *part_len -= 1;
    return text;
}

/* ---- XML through expat ---- */

/* A part parsed with namespaces resolved: element and attribute names arrive as "URI|local",
 * so that prefixed tags (x:row, as some writers use) read as their local names. */
struct parse {
    XML_Parser p;
    int failed; /* the XML was not well-formed */
};

static const char *local_name(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

/* The value of the attribute whose local name is name, or NULL. */
static const char *attr(const XML_Char **attrs, const char *name)
{
    for (int i = 0; attrs[i]; i += 2)
        if (strcmp(local_name(attrs[i]), name) == 0)
            return attrs[i + 1];
    return NULL;
}

static int feed(void *ctx, const char *s, int n)
{
    struct parse *ps = ctx;
    if (XML_Parse(ps->p, s ? s : "", n, s == NULL) == XML_STATUS_ERROR)
        ps->failed = 1;
    return ps->failed;
}

/* Parses member name of z with the handlers; user is their context. Returns 0, or -1 when the
 * member is missing, too large or not well-formed. */
static int parse_part(unzFile z, const char *name, void *user, XML_StartElementHandler start,
                      XML_EndElementHandler end, XML_CharacterDataHandler text)
{
    struct parse ps = { XML_ParserCreateNS("UTF-8", '|'), 0 };
    if (!ps.p)
        return -1;
    XML_SetUserData(ps.p, user);
    XML_SetElementHandler(ps.p, start, end);
    if (text)
        XML_SetCharacterDataHandler(ps.p, text);
    int rc = each_chunk(z, name, feed, &ps);
    XML_ParserFree(ps.p);
    return rc;
}

/* ---- the workbook: which part is the first sheet, and the date system ---- */

struct workbook {
    char first_rid[64];       /* the first <sheet>'s relationship id */
    int date1904;             /* the 1904 date system (old Mac workbooks) */
    char sheet[XLSX_PATH];    /* the first sheet's part, once the relationships are read */
};

static void workbook_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    struct workbook *wb = user;
    const char *tag = local_name(name);
    if (strcmp(tag, "sheet") == 0 && !wb->first_rid[0]) {
        const char *rid = attr(attrs, "id");
        if (rid)
            snprintf(wb->first_rid, sizeof(wb->first_rid), "%s", rid);
    } else if (strcmp(tag, "workbookPr") == 0) {
        const char *v = attr(attrs, "date1904");
        wb->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    }
}

static void rels_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    struct workbook *wb = user;
    const char *id = attr(attrs, "Id"), *target = attr(attrs, "Target");
    if (strcmp(local_name(name), "Relationship") != 0 || !id || !target || wb->sheet[0] ||
        strcmp(id, wb->first_rid) != 0)
        return;
    /* relative to the workbook's folder, or absolute from the archive's root */
    if (target[0] == '/')
        snprintf(wb->sheet, sizeof(wb->sheet), "%s", target + 1);
    else
        snprintf(wb->sheet, sizeof(wb->sheet), "xl/%s", target);
}

static void no_end(void *user, const XML_Char *name)
{
    (void)user;
    (void)name;
}

/* ---- styles: which cell formats show dates or times ---- */

/* A bounded decimal: digits only, at most 9 of them, else -1. */
static long bounded(const char *s)
{
    if (!s || !*s || strlen(s) > 9 || strspn(s, "0123456789") != strlen(s))
        return -1;
    return strtol(s, NULL, 10);
}

enum { SHOWS_DATE = 1, SHOWS_TIME = 2 };

/* A number format of the workbook's own (<numFmt>). */
struct custom_format {
    long id;            /* its numFmtId */
    unsigned char shows; /* SHOWS_* */
};

struct styles {
    int in_cell_xfs;                /* inside <cellXfs> (its <xf> are the cells' s= indexes) */
    unsigned char *xf;              /* SHOWS_* of each cell format, by index */
    size_t n_xf, cap_xf;
    struct custom_format *custom;   /* the workbook's own number formats */
    size_t n_custom, cap_custom;
};

/* What a built-in number format shows (ECMA-376 §18.8.30, with the ids that Chinese editions
 * of Excel and WPS use for 年月日 and 时分). */
static int builtin_shows(long id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) ||
        id == 57 || id == 58)
        return SHOWS_DATE;
    if (id == 22)
        return SHOWS_DATE | SHOWS_TIME;
    if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 ||
        id == 56)
        return SHOWS_TIME;
    return 0;
}

/* What a format code shows: its letters outside quoted text, [..] sections (colours, locales)
 * and \-escaped characters. "m" is the month unless hours or seconds are about. */
static int code_shows(const char *code)
{
    int y = 0, m = 0, d = 0, h = 0, s = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            p = q;
        } else if (*p == '[') {
            const char *q = strchr(p + 1, ']');
            if (!q)
                break;
            if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' ||
                p[1] == 'S')
                h = 1; /* [h]:mm elapsed time */
            p = q;
        } else if (*p == '\\' && p[1]) {
            p++;
        } else {
            switch (*p) {
            case 'y': case 'Y': y = 1; break;
            case 'm': case 'M': m = 1; break;
            case 'd': case 'D': d = 1; break;
            case 'h': case 'H': h = 1; break;
            case 's': case 'S': s = 1; break;
            default: break;
            }
        }
    }
    return ((y || d || (m && !h && !s)) ? SHOWS_DATE : 0) | ((h || s) ? SHOWS_TIME : 0);
}

static int format_shows(const struct styles *st, long id)
{
    for (size_t i = 0; i < st->n_custom; i++)
        if (st->custom[i].id == id)
            return st->custom[i].shows;
    return builtin_shows(id);
}

static void styles_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    struct styles *st = user;
    const char *tag = local_name(name);
    if (strcmp(tag, "cellXfs") == 0) {
        st->in_cell_xfs = 1;
    } else if (strcmp(tag, "numFmt") == 0) {
        const char *id = attr(attrs, "numFmtId"), *code = attr(attrs, "formatCode");
        if (!id || !code)
            return;
        st->custom = vec_grow(st->custom, st->n_custom, &st->cap_custom);
        st->custom[st->n_custom++] =
            (struct custom_format){ bounded(id), (unsigned char)code_shows(code) };
    } else if (strcmp(tag, "xf") == 0 && st->in_cell_xfs) {
        const char *id = attr(attrs, "numFmtId");
        st->xf = vec_grow(st->xf, st->n_xf, &st->cap_xf);
        st->xf[st->n_xf++] = (unsigned char)(id ? format_shows(st, bounded(id)) : 0);
    }
}

static void styles_end(void *user, const XML_Char *name)
{
    struct styles *st = user;
    if (strcmp(local_name(name), "cellXfs") == 0)
        st->in_cell_xfs = 0;
}

/* ---- shared strings ---- */

struct strings {
    struct buf all; /* every string, NUL separated */
    size_t *at;     /* where each starts */
    size_t n, cap;  /* how many, and room */
    int in_si;      /* inside <si> */
    int in_t;       /* inside its <t> */
    int in_rph;     /* inside a phonetic run (<rPh>), whose text is not the cell's */
    size_t start;   /* where the current string began */
};

static void strings_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    (void)attrs;
    struct strings *s = user;
    const char *tag = local_name(name);
    if (strcmp(tag, "si") == 0) {
        s->in_si = 1;
        s->start = s->all.len;
    } else if (strcmp(tag, "rPh") == 0) {
        s->in_rph = 1;
    } else if (strcmp(tag, "t") == 0 && s->in_si && !s->in_rph) {
        s->in_t = 1;
    }
}

static void strings_end(void *user, const XML_Char *name)
{
    struct strings *s = user;
    const char *tag = local_name(name);
    if (strcmp(tag, "si") == 0 && s->in_si) {
        s->in_si = 0;
        s->at = vec_grow(s->at, s->n, &s->cap);
        s->at[s->n++] = s->start;
        buf_addch(&s->all, '\0');
    } else if (strcmp(tag, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(tag, "t") == 0) {
        s->in_t = 0;
    }
}

static void strings_text(void *user, const XML_Char *text, int n)
{
    struct strings *s = user;
    if (s->in_t && s->all.len - s->start + (size_t)n <= XLSX_CELL_MAX)
        buf_add(&s->all, text, (size_t)n);
}

/* ---- the sheet ---- */

struct sheet {
    const struct strings *strings;
    const struct styles *styles;
    int date1904;
    struct buf *out;        /* the CSV */
    long line;              /* the next CSV line, which holds sheet row line */
    int width;              /* the first row's width */
    int too_far;            /* a row past XLSX_ROWS: the sheet is refused */
    char *fields[XLSX_COLS];
    int n_fields;           /* columns in the current row */
    long row;               /* the current row's number */
    int col;                /* the current cell's column, from 0 */
    char type[16];          /* its t= */
    int shows;              /* SHOWS_* of its style */
    int in_v, in_is, in_t, in_rph;
    struct buf cell;        /* its text */
};

/* The column of a reference such as "AB12", from 0, or -1 when it has no letters. */
static int ref_col(const char *ref)
{
    int col = 0, n = 0;
    for (const char *r = ref; *r >= 'A' && *r <= 'Z' && n < 4; r++, n++)
        col = col * 26 + (*r - 'A' + 1);
    return n ? col - 1 : -1;
}


/* An Excel serial number as the date (and time) its format shows, into cell; 0, or -1 when it
 * is not such a number (left as it is). */
static int serial_to_text(const struct sheet *sh, const char *v, struct buf *cell)
{
    char *end;
    double serial = strtod(v, &end);
    if (*end || !(serial >= 0 && serial < 2958466)) /* up to 9999-12-31 */
        return -1;
    long day = (long)serial; /* not negative: truncation is the floor */
    long secs = (long)((serial - (double)day) * 86400.0 + 0.5);
    if (secs >= 86400) {
        day++;
        secs -= 86400;
    }
    buf_reset(cell);
    if (sh->shows & SHOWS_DATE) {
        /* the 1900 system counts 1900-02-29, which never was: serials from 61 on are off by one */
        long unix_day = sh->date1904 ? day - 24107 : day < 61 ? day - 25568 : day - 25569;
        char date[11];
        date_from_days(unix_day, date);
        buf_adds(cell, date);
    }
    if (sh->shows & SHOWS_TIME) {
        if (sh->shows & SHOWS_DATE)
            buf_addch(cell, ' ');
        buf_addf(cell, "%02ld:%02ld", secs / 3600, secs / 60 % 60);
        if (secs % 60)
            buf_addf(cell, ":%02ld", secs % 60);
    }
    return 0;
}

static void sheet_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    struct sheet *sh = user;
    const char *tag = local_name(name);
    if (strcmp(tag, "row") == 0) {
        long r = bounded(attr(attrs, "r"));
        sh->row = r >= 1 ? r : sh->line;
        if (sh->row > XLSX_ROWS || sh->row < sh->line) {
            sh->too_far |= sh->row > XLSX_ROWS;
            sh->row = sh->line; /* rows out of order are taken where they stand */
        }
        sh->n_fields = 0;
    } else if (strcmp(tag, "c") == 0) {
        const char *ref = attr(attrs, "r"), *t = attr(attrs, "t"), *s = attr(attrs, "s");
        int col = ref ? ref_col(ref) : -1;
        sh->col = col >= 0 ? col : sh->n_fields;
        snprintf(sh->type, sizeof(sh->type), "%s", t ? t : "n");
        long xf = bounded(s);
        sh->shows = xf >= 0 && (size_t)xf < sh->styles->n_xf ? sh->styles->xf[xf] : 0;
        buf_reset(&sh->cell);
    } else if (strcmp(tag, "v") == 0) {
        sh->in_v = 1;
    } else if (strcmp(tag, "is") == 0) {
        sh->in_is = 1;
    } else if (strcmp(tag, "rPh") == 0) {
        sh->in_rph = 1;
    } else if (strcmp(tag, "t") == 0 && sh->in_is && !sh->in_rph) {
        sh->in_t = 1;
    }
}

/* The cell's value as the sheet shows it, from its type and the text read. */
static void finish_cell(struct sheet *sh)
{
    const char *v = buf_str(&sh->cell);
    if (strcmp(sh->type, "s") == 0) {
        long i = bounded(v);
        const char *text = i >= 0 && (size_t)i < sh->strings->n
                               ? sh->strings->all.data + sh->strings->at[i] : "";
        buf_reset(&sh->cell);
        buf_adds(&sh->cell, text);
    } else if (strcmp(sh->type, "n") == 0 && sh->shows && *v) {
        char *copy = xstrdup(v);
        if (serial_to_text(sh, copy, &sh->cell) != 0) {
            buf_reset(&sh->cell);
            buf_adds(&sh->cell, copy);
        }
        free(copy);
    }
    if (sh->col < XLSX_COLS) {
        free(sh->fields[sh->col]);
        sh->fields[sh->col] = xstrdup(buf_str(&sh->cell));
        if (sh->col + 1 > sh->n_fields)
            sh->n_fields = sh->col + 1;
    }
}

static void finish_row(struct sheet *sh)
{
    for (; sh->line < sh->row; sh->line++)
        buf_addch(sh->out, '\n');
    if (!sh->width)
        sh->width = sh->n_fields; /* the header row's width: empty cells below still count */
    int n = sh->n_fields < sh->width ? sh->width : sh->n_fields;
    for (int i = 0; i < n; i++) {
        if (i)
            buf_addch(sh->out, ',');
        csv_add_verbatim(sh->out, sh->fields[i] ? sh->fields[i] : "");
        free(sh->fields[i]);
        sh->fields[i] = NULL;
    }
    buf_addch(sh->out, '\n');
    sh->line = sh->row + 1;
}

static void sheet_end(void *user, const XML_Char *name)
{
    struct sheet *sh = user;
    const char *tag = local_name(name);
    if (strcmp(tag, "c") == 0)
        finish_cell(sh);
    else if (strcmp(tag, "row") == 0)
        finish_row(sh);
    else if (strcmp(tag, "v") == 0)
        sh->in_v = 0;
    else if (strcmp(tag, "is") == 0)
        sh->in_is = 0;
    else if (strcmp(tag, "rPh") == 0)
        sh->in_rph = 0;
    else if (strcmp(tag, "t") == 0)
        sh->in_t = 0;
}

static void sheet_text(void *user, const XML_Char *text, int n)
{
    struct sheet *sh = user;
    if ((sh->in_v || sh->in_t) && sh->cell.len + (size_t)n <= XLSX_CELL_MAX)
        buf_add(&sh->cell, text, (size_t)n);
}

int xlsx_to_csv(const char *data, size_t len, struct buf *out)
{
    unzFile z = open_archive(data, len);
    if (!z)
        return -1;
    struct workbook wb = { 0 };
    if (parse_part(z, "xl/workbook.xml", &wb, workbook_start, no_end, NULL) == 0 &&
        wb.first_rid[0])
        parse_part(z, "xl/_rels/workbook.xml.rels", &wb, rels_start, no_end, NULL);
    if (!wb.sheet[0])
        snprintf(wb.sheet, sizeof(wb.sheet), "xl/worksheets/sheet1.xml");
    struct styles st = { 0 };
    parse_part(z, "xl/styles.xml", &st, styles_start, styles_end, NULL);
    struct strings s = { 0 };
    buf_init(&s.all, XLSX_PART_MAX);
    parse_part(z, "xl/sharedStrings.xml", &s, strings_start, strings_end, strings_text);
    struct sheet sh = { .strings = &s, .styles = &st, .date1904 = wb.date1904, .out = out,
                        .line = 1 };
    buf_init(&sh.cell, XLSX_CELL_MAX + 1);
    int rc = parse_part(z, wb.sheet, &sh, sheet_start, sheet_end, sheet_text);
    unzClose(z);
    for (int i = 0; i < XLSX_COLS; i++)
        free(sh.fields[i]);
    buf_release(&sh.cell);
    free(s.at);
    buf_release(&s.all);
    free(st.xf);
    free(st.custom);
    return rc == 0 && !sh.too_far ? 0 : -1;
}
