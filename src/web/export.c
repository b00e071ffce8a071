/* Spreadsheet output; see export.h. Web layer. */
#include "web/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/csv.h"
#include "core/file.h"
#include "core/xalloc.h"
#include "http/param.h"

struct export_sheet {
    int xlsx;                      /* XLSX, else CSV */
    int n_cols;                    /* columns */
    const enum export_cell *types; /* per column */
    lxw_row_t row;                 /* next row */
    char path[64];                 /* the XLSX temporary file */
    lxw_workbook *book;            /* XLSX workbook */
    lxw_worksheet *sheet;          /* its sheet */
    lxw_format *date_fmt;          /* yyyy-mm-dd */
    struct buf csv;                /* CSV text */
};

struct export_sheet *export_begin(int xlsx, const char *sheet_name, const char *const *headers,
                                  const enum export_cell *types, int n_cols)
{
    struct export_sheet *s = xcalloc(1, sizeof(*s));
    s->xlsx = xlsx;
    s->n_cols = n_cols;
    s->types = types;
    if (!xlsx) {
        buf_init(&s->csv, (size_t)256 << 20);
        buf_adds(&s->csv, "\xEF\xBB\xBF");
        for (int c = 0; c < n_cols; c++) {
            if (c)
                buf_addch(&s->csv, ',');
            csv_add_field(&s->csv, headers[c]);
        }
        buf_adds(&s->csv, "\r\n");
        return s;
    }
    snprintf(s->path, sizeof(s->path), "/tmp/taizhang-export-XXXXXX");
    int fd = mkstemp(s->path);
    if (fd < 0) {
        free(s);
        return NULL;
    }
    close(fd);
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = "/tmp" };
    s->book = workbook_new_opt(s->path, &opt);
    if (!s->book) {
        unlink(s->path);
        free(s);
        return NULL;
    }
    s->sheet = workbook_add_worksheet(s->book, sheet_name);
    lxw_format *bold = workbook_add_format(s->book);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xF0F1F3);
    s->date_fmt = workbook_add_format(s->book);
    format_set_num_format(s->date_fmt, "yyyy-mm-dd");
    for (int c = 0; c < n_cols; c++) {
        worksheet_write_string(s->sheet, 0, (lxw_col_t)c, headers[c], bold);
        worksheet_set_column(s->sheet, (lxw_col_t)c, (lxw_col_t)c, types[c] == CELL_TEXT ? 24 : 12,
                             NULL);
    }
    worksheet_freeze_panes(s->sheet, 1, 0);
    s->row = 1;
    return s;
}

void export_row(struct export_sheet *s, const char *const *values)
{
    if (!s->xlsx) {
        for (int c = 0; c < s->n_cols; c++) {
            if (c)
                buf_addch(&s->csv, ',');
            const char *v = values[c] ? values[c] : "";
            if (s->types[c] == CELL_NUMBER)
                csv_add_number(&s->csv, v);
            else
                csv_add_field(&s->csv, v);
        }
        buf_adds(&s->csv, "\r\n");
        return;
    }
    for (int c = 0; c < s->n_cols; c++) {
        const char *v = values[c] ? values[c] : "";
        lxw_col_t col = (lxw_col_t)c;
        if (s->types[c] == CELL_NUMBER && *v) {
            worksheet_write_number(s->sheet, s->row, col, strtod(v, NULL), NULL);
        } else if (s->types[c] == CELL_DATE && strlen(v) == 10) {
            lxw_datetime dt = { .year = (int)strtol(v, NULL, 10),
                                .month = (int)strtol(v + 5, NULL, 10),
                                .day = (int)strtol(v + 8, NULL, 10) };
            worksheet_write_datetime(s->sheet, s->row, col, &dt, s->date_fmt);
        } else {
            worksheet_write_string(s->sheet, s->row, col, v, NULL);
        }
    }
    s->row++;
}

int export_finish(struct export_sheet *s, struct buf *out)
{
    int rc = 0;
    if (!s->xlsx) {
        buf_add(out, s->csv.data, s->csv.len);
        rc = s->csv.err ? -1 : 0;
        buf_release(&s->csv);
        free(s);
        return rc || out->err ? -1 : 0;
    }
    if (workbook_close(s->book) != LXW_NO_ERROR || file_read_all(s->path, out) != 0)
        rc = -1;
    unlink(s->path);
    free(s);
    return rc || out->err ? -1 : 0;
}

void export_send(struct req *r, struct export_ctx *c, enum result res, struct err *err, int xlsx,
                 const char *name)
{
    buf_reset(&r->out);
    if (export_finish(c->sheet, &r->out) != 0 || res != RES_OK) {
        if (res == RES_OK)
            err_set(err, RES_FAIL, NULL, "err.internal");
        req_fail(r, res == RES_OK ? RES_FAIL : res, err);
        return;
    }
    r->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                           : "text/csv; charset=utf-8";
    resp_header(
        r, "Content-Disposition",
        arena_printf(&r->arena, "attachment; filename=\"%s.%s\"", name, xlsx ? "xlsx" : "csv"));
}
