/*
 * A Chinese official report as a .docx (core layer): the parts of a WordprocessingML package
 * (ECMA-376 Part 1 §11) written as text with html_text's escaping, zipped in memory by minizip
 * through a zlib_filefunc64_def, so nothing touches the disk. The GB/T 9704 geometry is in
 * twips (1 mm = 56.7), from shared/research/rollup-summary-print.md §3 and §4.1. Word reads
 * pPr and rPr children only in schema order: keep the order below when adding one.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "core/docx.h"
#include "core/html.h"
#include "core/str.h"
#include "core/xalloc.h"

enum {
    PAGE_W = 11906,                               /* A4, 210 mm */
    PAGE_H = 16838,                               /* A4, 297 mm */
    MARGIN_TOP = 2098,                            /* 天头 37 mm */
    MARGIN_LEFT = 1587,                           /* 订口 28 mm */
    MARGIN_RIGHT = 1474,                          /* 26 mm: the text block is 156 mm wide */
    MARGIN_BOTTOM = 1984,                         /* 35 mm: the text block is 225 mm high */
    TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT, /* the text block's width, 8845 */
    N_LEVELS = 4,                                 /* heading levels: 一、 （一） 1. （1） */
};

struct docx {
    char *title;             /* the title's text, also docProps/core.xml's dc:title */
    struct buf body;         /* the blocks so far, as w:body's children */
    int n_heading[N_LEVELS]; /* headings of each level since the last one above it */
    int ends_in_table;       /* the last block is a table: Word wants a paragraph after it */
};

/* ---- text ---- */

/* Appends s[0..n) as XML character data: escaped, a tab as a space, the other control
 * characters (which XML 1.0 forbids) left out. */
static void add_text(struct buf *x, const char *s, size_t n)
{
    struct buf clean;
    buf_init(&clean, n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20)
            buf_addch(&clean, (char)c);
        else if (c == '\t')
            buf_addch(&clean, ' ');
    }
    html_text(x, buf_str(&clean));
    buf_release(&clean);
}

/* A run of text with the run properties rpr (markup, may be ""). */
static void add_run(struct buf *x, const char *rpr, const char *s, size_t n)
{
    buf_adds(x, "<w:r>");
    buf_adds(x, rpr);
    buf_adds(x, "<w:t xml:space=\"preserve\">");
    add_text(x, s, n);
    buf_adds(x, "</w:t></w:r>");
}

/* A paragraph of style style_id (NULL: the body's) holding one run of s[0..n). */
static void add_para(struct docx *d, const char *style_id, const char *s, size_t n)
{
    buf_adds(&d->body, "<w:p>");
    if (style_id)
        buf_addf(&d->body, "<w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style_id);
    add_run(&d->body, "", s, n);
    buf_adds(&d->body, "</w:p>");
    d->ends_in_table = 0;
}

/* ---- blocks ---- */

struct docx *docx_new(const char *title)
{
    struct docx *d = xcalloc(1, sizeof(*d));
    d->title = xstrdup(title ? title : "");
    buf_init(&d->body, DOCX_MAX_BYTES);
    add_para(d, "Title", d->title, strlen(d->title));
    return d;
}

void docx_heading(struct docx *d, int level, const char *text)
{
    static const char *const style_id[N_LEVELS] = { "Heading1", "Heading2", "Heading3",
                                                    "Heading4" };
    if (level < 1 || level > N_LEVELS)
        BUG("docx_heading: level outside 1..4");
    int n = ++d->n_heading[level - 1];
    for (int i = level; i < N_LEVELS; i++)
        d->n_heading[i] = 0;
    struct buf head;
    buf_init(&head, DOCX_MAX_BYTES);
    char zh[STR_ZH_NUMBER_MAX];
    switch (level) {
    case 1:
        buf_adds(&head, str_zh_number(zh, n));
        buf_adds(&head, "、");
        break;
    case 2:
        buf_adds(&head, "（");
        buf_adds(&head, str_zh_number(zh, n));
        buf_adds(&head, "）");
        break;
    case 3: buf_addf(&head, "%d.", n); break;
    default: buf_addf(&head, "（%d）", n); break;
    }
    buf_adds(&head, text ? text : "");
    add_para(d, style_id[level - 1], head.data, head.len);
    buf_release(&head);
}

void docx_para(struct docx *d, const char *text)
{
    for (const char *s = text ? text : ""; *s;) {
        size_t n = strcspn(s, "\n");
        size_t len = n > 0 && s[n - 1] == '\r' ? n - 1 : n;
        if (len > 0)
            add_para(d, NULL, s, len);
        s += n + (s[n] == '\n');
    }
}

void docx_right(struct docx *d, const char *text)
{
    const char *s = text ? text : "";
    add_para(d, "Signature", s, strlen(s));
}

/* 1 if a table cell states a figure and is right-aligned: "6078", "-3", "88.3%", "1,425", "—". */
static int is_figure(const char *s)
{
    if (strcmp(s, "—") == 0)
        return 1;
    if (*s == '-')
        s++;
    if (*s < '0' || *s > '9')
        return 0;
    s += strspn(s, "0123456789,.");
    if (*s == '%')
        s++;
    return *s == '\0';
}

void docx_table(struct docx *d, int n_cols, const char *const *cells, int n_rows)
{
    assert(n_cols >= 1);
    if (n_rows < 1)
        return; /* a w:tbl needs a row */
    /* the first column, the row labels, twice as wide as a figure's */
    int col_w = n_cols > 1 ? TEXT_W / (n_cols + 1) : TEXT_W;
    int first_w = TEXT_W - col_w * (n_cols - 1);
    struct buf *x = &d->body;
    buf_addf(x,
             "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
             "<w:tblBorders>",
             TEXT_W);
    static const char *const edges[] = { "top", "left", "bottom", "right", "insideH", "insideV" };
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
        buf_addf(x, "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
                 edges[i]);
    buf_adds(x, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
                "<w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/>"
                "<w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
    for (int c = 0; c < n_cols; c++)
        buf_addf(x, "<w:gridCol w:w=\"%d\"/>", c ? col_w : first_w);
    buf_adds(x, "</w:tblGrid>");
    for (int r = 0; r < n_rows; r++) {
        buf_adds(x, r ? "<w:tr>" : "<w:tr><w:trPr><w:tblHeader/></w:trPr>");
        for (int c = 0; c < n_cols; c++) {
            const char *s = cells[(size_t)r * (size_t)n_cols + (size_t)c];
            s = s ? s : "";
            const char *jc = r == 0 ? "center" : is_figure(s) ? "right" : "left";
            buf_addf(x,
                     "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/>"
                     "</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:jc w:val=\"%s\"/>"
                     "</w:pPr>",
                     c ? col_w : first_w, jc);
            add_run(x, r == 0 ? "<w:rPr><w:b/><w:bCs/></w:rPr>" : "", s, strlen(s));
            buf_adds(x, "</w:p></w:tc>");
        }
        buf_adds(x, "</w:tr>");
    }
    buf_adds(x, "</w:tbl>");
    d->ends_in_table = 1;
}

void docx_free(struct docx *d)
{
    if (!d)
        return;
    buf_release(&d->body);
    free(d->title);
    free(d);
}

/* ---- the package's parts ---- */

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define REL_DOC "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char content_types[] = XML_HEAD
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"" CT_WML "document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"" CT_WML "styles+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" ContentType=\"" CT_WML "settings+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"" CT_WML "footer+xml\"/>"
    "<Override PartName=\"/word/footer2.xml\" ContentType=\"" CT_WML "footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" "
    "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>";

static const char package_rels[] = XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_DOC "officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "</Relationships>";

static const char document_rels[] = XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_DOC "styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" REL_DOC "settings\" Target=\"settings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_DOC "footer\" Target=\"footer1.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"" REL_DOC "footer\" Target=\"footer2.xml\"/>"
    "</Relationships>";

/* Odd and even footers differ (settings' evenAndOddHeaders): GB/T 9704 puts the page number
 * right on odd pages and left on even ones, one 4号 character (280 twips) in from the edge. */
static const char settings[] =
    XML_HEAD "<w:settings xmlns:w=\"" NS_W "\"><w:zoom w:percent=\"100\"/>"
             "<w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/>"
             "<w:characterSpacingControl w:val=\"compressPunctuation\"/></w:settings>";

/* The fonts are the standard's names; where they are missing the viewer substitutes (Noto CJK on
 * Debian). Sizes are half-points: 2号 22pt 44, 3号 16pt 32, 4号 14pt 28. The body's 28 characters
 * to a 156 mm line need 0.25pt less spacing (w:spacing -5, twentieths of a point), §3.1. A CJK
 * face's line is about 1.45 em high: the title (22pt) gets a 35pt line, or an exact 28pt one
 * would clip its glyphs. */
static const char styles[] = XML_HEAD
    "<w:styles xmlns:w=\"" NS_W "\">"
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
    "w:eastAsia=\"仿宋_GB2312\" w:cs=\"Times New Roman\"/>"
    "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
    "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>"
    "</w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"560\" w:lineRule=\"exact\"/>"
    "<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    /* 正文: 3号 仿宋, the first line two characters in */
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
    "<w:qFormat/><w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>"
    "<w:rPr><w:spacing w:val=\"-5\"/></w:rPr></w:style>"
    /* 标题: 2号 小标宋, centered, a blank line below */
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>"
    "<w:spacing w:after=\"560\" w:line=\"700\" w:lineRule=\"exact\"/>"
    "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr>"
    "<w:rPr><w:rFonts w:ascii=\"方正小标宋简体\" w:hAnsi=\"方正小标宋简体\" "
    "w:eastAsia=\"方正小标宋简体\"/><w:spacing w:val=\"0\"/>"
    "<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>"
    /* 一、 in 黑体 */
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
    "<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
    "<w:rPr><w:rFonts w:eastAsia=\"黑体\"/></w:rPr></w:style>"
    /* （一） in 楷体 */
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
    "<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"1\"/></w:pPr>"
    "<w:rPr><w:rFonts w:eastAsia=\"楷体_GB2312\"/></w:rPr></w:style>"
    /* 1. and （1） in the body's 仿宋 */
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
    "<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"2\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading4\"><w:name w:val=\"heading 4\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
    "<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"3\"/></w:pPr></w:style>"
    /* 落款 and 成文日期 without a seal: right, two characters in (GB/T 9704 §7.3.5.2) */
    "<w:style w:type=\"paragraph\" w:styleId=\"Signature\"><w:name w:val=\"Signature\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:rightChars=\"200\" w:right=\"640\" "
    "w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"right\"/></w:pPr></w:style>"
    /* table cells: 4号, single-spaced, no indent */
    "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/>"
    "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>"
    "<w:rPr><w:spacing w:val=\"0\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>"
    /* page numbers: 4号 宋体 */
    "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/>"
    "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>"
    "<w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/>"
    "<w:spacing w:val=\"0\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>"
    "</w:styles>";

/* "— N —" with N a PAGE field; ind_jc places it (odd pages right, even pages left). */
#define FOOTER(ind_jc)                                                                             \
    XML_HEAD "<w:ftr xmlns:w=\"" NS_W "\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>" ind_jc         \
             "</w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r>"                           \
             "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"                                     \
             "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"                 \
             "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"           \
             "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"                                       \
             "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"

static const char footer_odd[] = FOOTER("<w:ind w:right=\"280\"/><w:jc w:val=\"right\"/>");
static const char footer_even[] = FOOTER("<w:ind w:left=\"280\"/><w:jc w:val=\"left\"/>");

/* The page: A4, the GB/T 9704 margins, the page number 7 mm below the text block (its line's
 * foot about 23 mm above the page's edge). */
static void add_document(struct buf *x, const struct docx *d)
{
    buf_adds(x, XML_HEAD "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:body>");
    buf_add(x, d->body.data, d->body.len);
    if (d->ends_in_table)
        buf_adds(x, "<w:p/>");
    buf_addf(x,
             "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId3\"/>"
             "<w:footerReference w:type=\"even\" r:id=\"rId4\"/>"
             "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>"
             "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" "
             "w:header=\"851\" w:footer=\"1304\" w:gutter=\"0\"/>"
             "</w:sectPr></w:body></w:document>",
             PAGE_W, PAGE_H, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT);
}

static void add_core(struct buf *x, const struct docx *d)
{
    buf_adds(x, XML_HEAD "<cp:coreProperties "
                         "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
                         "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                         "<dc:title>");
    add_text(x, d->title, strlen(d->title));
    buf_adds(x, "</dc:title><dc:language>zh-CN</dc:language></cp:coreProperties>");
}

/* ---- the zip, in memory ---- */

/* minizip's file, kept in out from byte start on: it writes at pos and seeks back to fill in
 * each member's sizes and checksum. */
struct mem_file {
    struct buf *out; /* the bytes */
    size_t start;    /* where the archive begins in out */
    size_t pos;      /* the file position, from start */
};

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *name, int mode)
{
    (void)name;
    (void)mode;
    return opaque;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *data, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)data;
    (void)size;
    return 0; /* a new archive is never read */
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *data, uLong size)
{
    (void)opaque;
    struct mem_file *f = stream;
    struct buf *out = f->out;
    size_t at = f->start + f->pos;
    size_t over = at < out->len ? out->len - at : 0; /* bytes written again after a seek */
    if (over > size)
        over = size;
    if (over)
        memcpy(out->data + at, data, over);
    buf_add(out, (const char *)data + over, size - over);
    if (out->err)
        return 0;
    f->pos += size;
    return size;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((struct mem_file *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    (void)opaque;
    struct mem_file *f = stream;
    size_t end = f->out->len - f->start;
    ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                    : origin == ZLIB_FILEFUNC_SEEK_CUR ? f->pos
                                                       : end;
    if (offset > end - base) /* no holes: minizip seeks only within what it wrote */
        return -1;
    f->pos = (size_t)(base + offset);
    return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((struct mem_file *)stream)->out->err != 0;
}

/* Adds the member name holding data[0..n), deflated, dated 1980-01-01 so that one document
 * always gives the same bytes. Returns ZIP_OK or minizip's error. */
static int add_member(zipFile z, const char *name, const char *data, size_t n)
{
    zip_fileinfo info = { .tmz_date = { .tm_mday = 1, .tm_year = 1980 } };
    int rc = zipOpenNewFileInZip64(z, name, &info, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                   Z_DEFAULT_COMPRESSION, 0);
    if (rc != ZIP_OK)
        return rc;
    rc = zipWriteInFileInZip(z, data, (unsigned)n);
    int closed = zipCloseFileInZip(z);
    return rc != ZIP_OK ? rc : closed;
}

/* The package's members, in the order they are zipped. */
struct part {
    const char *name; /* the member's path */
    const char *data; /* its text */
    size_t len;       /* its length */
};

/* Appends the zip of parts[0..n_parts) to out: RES_OK, RES_INVALID (out is full) or RES_FAIL. */
static enum result zip_parts(struct buf *out, const struct part *parts, size_t n_parts)
{
    struct mem_file file = { .out = out, .start = out->len, .pos = 0 };
    zlib_filefunc64_def io = {
        .zopen64_file = mem_open,
        .zread_file = mem_read,
        .zwrite_file = mem_write,
        .ztell64_file = mem_tell,
        .zseek64_file = mem_seek,
        .zclose_file = mem_close,
        .zerror_file = mem_error,
        .opaque = &file,
    };
    zipFile z = zipOpen2_64("docx", APPEND_STATUS_CREATE, NULL, &io);
    if (!z)
        return out->err ? RES_INVALID : RES_FAIL;
    int rc = ZIP_OK;
    for (size_t i = 0; rc == ZIP_OK && i < n_parts; i++)
        rc = add_member(z, parts[i].name, parts[i].data, parts[i].len);
    if (zipClose(z, NULL) != ZIP_OK && rc == ZIP_OK)
        rc = ZIP_ERRNO;
    return out->err ? RES_INVALID : rc != ZIP_OK ? RES_FAIL : RES_OK;
}

enum result docx_write(const struct docx *d, struct buf *out)
{
    if (d->body.err)
        return RES_INVALID;
    struct buf document, core;
    buf_init(&document, DOCX_MAX_BYTES + 4096);
    buf_init(&core, DOCX_MAX_BYTES);
    add_document(&document, d);
    add_core(&core, d);
    const struct part parts[] = {
        { "[Content_Types].xml", content_types, sizeof(content_types) - 1 },
        { "_rels/.rels", package_rels, sizeof(package_rels) - 1 },
        { "word/document.xml", document.data, document.len },
        { "word/_rels/document.xml.rels", document_rels, sizeof(document_rels) - 1 },
        { "word/styles.xml", styles, sizeof(styles) - 1 },
        { "word/settings.xml", settings, sizeof(settings) - 1 },
        { "word/footer1.xml", footer_odd, sizeof(footer_odd) - 1 },
        { "word/footer2.xml", footer_even, sizeof(footer_even) - 1 },
        { "docProps/core.xml", core.data, core.len },
    };
    enum result res = RES_INVALID;
    if (!document.err && !core.err)
        res = zip_parts(out, parts, sizeof(parts) / sizeof(parts[0]));
    buf_release(&core);
    buf_release(&document);
    return res;
}
