/*
 * A Chinese official report as an Office Open XML (.docx) file (core layer): a title, numbered
 * headings, body paragraphs, a figures table and a signature or date line, laid out by GB/T
 * 9704-2012 as shared/research/rollup-summary-print.md §3 and §4.1 give it (A4, 3号 仿宋 on a
 * fixed 28-point line, "— 1 —" page numbers). Written in memory with minizip; no db, no http.
 */
#ifndef TZ_DOCX_H
#define TZ_DOCX_H

#include "core/buf.h"
#include "core/result.h"

/* The document being built: blocks in the order they were added. */
struct docx;

/* Starts a document whose first block is title (2号 小标宋, centered; also the file's
 * dc:title). Never NULL; free with docx_free(). */
struct docx *docx_new(const char *title);

/* Adds a heading of level 1..4, numbered as GB/T 9704 orders them, the number counted here and
 * reset under each higher level: 1 "一、" in 黑体, 2 "（一）" in 楷体, 3 "1." and 4 "（1）" in the
 * body face. text is the heading without its number. A level outside 1..4 is a BUG(). */
void docx_heading(struct docx *d, int level, const char *text);

/* Adds body text (3号 仿宋, justified, indented two characters): each line of text (split at
 * "\n") is a paragraph, empty lines are left out. */
void docx_para(struct docx *d, const char *text);

/* Adds a line flush right, two characters in (落款 or 成文日期 of an unsealed document). */
void docx_right(struct docx *d, const char *text);

/* Adds a table with borders of n_rows rows of n_cols cells, cells[row * n_cols + col]; row 0 is
 * the header (bold, centered, repeated on each page). Cells that are figures (digits with
 * optional - , . %, or "—") are right-aligned; a NULL cell is empty. Needs n_cols >= 1;
 * n_rows < 1 adds nothing. */
void docx_table(struct docx *d, int n_cols, const char *const *cells, int n_rows);

/* Appends the .docx file to out. The document stays as it is (it can be written again).
 * RES_OK: done. RES_INVALID: the document grew past DOCX_MAX_BYTES of text, or the file does not
 * fit under out's maximum. RES_FAIL: minizip failed. On failure out holds a partial file to
 * discard. */
enum result docx_write(const struct docx *d, struct buf *out);

/* Frees d (NULL is allowed). */
void docx_free(struct docx *d);

enum {
    DOCX_MAX_BYTES = 16 << 20, /* the most XML a document's body may hold */
};

#endif
