/* Import templates; see template.h. Web layer. */
#include "web/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/file.h"
#include "core/i18n.h"
#include "core/str.h"

enum { NAME_MAX_BYTES = 256 };

/* The first of the '|'-separated names in text, into out. */
static const char *first_name(const char *text, char out[NAME_MAX_BYTES])
{
    snprintf(out, NAME_MAX_BYTES, "%.*s", (int)strcspn(text, "|"), text);
    return out;
}

struct list_ctx {
    lxw_worksheet *lists; /* the hidden sheet of lists */
    int col;              /* this list's column in it */
    int n;                /* values written */
    const char *codes;    /* the codes wanted, '|'-separated, or NULL for all */
};

static void list_value(void *ctx, const char *code, const char *zh)
{
    struct list_ctx *c = ctx;
    if (c->codes) {
        size_t k = strlen(code);
        int wanted = 0;
        for (const char *p = c->codes; *p && !wanted;) {
            size_t w = strcspn(p, "|");
            wanted = w == k && strncmp(p, code, k) == 0;
            p += w + (p[w] == '|');
        }
        if (!wanted)
            return;
    }
    char name[NAME_MAX_BYTES];
    worksheet_write_string(c->lists, (lxw_row_t)c->n++, (lxw_col_t)c->col, first_name(zh, name),
                           NULL);
}

/* Column letters of col (0: A). */
static void column_letters(int col, char out[4])
{
    if (col < 26)
        snprintf(out, 4, "%c", 'A' + col);
    else
        snprintf(out, 4, "%c%c", 'A' + col / 26 - 1, 'A' + col % 26);
}

int import_template(const struct import_template *t, struct buf *out)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/taizhang-template-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    lxw_workbook *book = workbook_new(path);
    if (!book) {
        unlink(path);
        return -1;
    }
    lxw_worksheet *sheet = workbook_add_worksheet(book, t->sheet);
    lxw_worksheet *lists = workbook_add_worksheet(book, "lists");
    worksheet_hide(lists);
    lxw_format *bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format *date = workbook_add_format(book);
    format_set_num_format(date, "yyyy-mm-dd");
    const struct csv_columns *cols = t->cols;
    int n_lists = 0;
    for (int c = 0; c < cols->n; c++) {
        const char *names = csv_column_names(cols->names[c]);
        char name[NAME_MAX_BYTES];
        const char *head = t->headers && t->headers[c] ? t->headers[c]
                           : names                     ? first_name(names, name)
                                                       : cols->names[c];
        worksheet_write_string(sheet, 0, (lxw_col_t)c, head, bold);
        worksheet_set_column(sheet, (lxw_col_t)c, (lxw_col_t)c, 16, NULL);
        const char *ex = t->example[c];
        int is_date = (cols->dates >> c) & 1;
        if (is_date && ex && date_valid(ex)) {
            lxw_datetime when = { (int)strtol(ex, NULL, 10), (int)strtol(ex + 5, NULL, 10),
                                  (int)strtol(ex + 8, NULL, 10), 0, 0, 0 };
            worksheet_write_datetime(sheet, 1, (lxw_col_t)c, &when, date);
            worksheet_set_column(sheet, (lxw_col_t)c, (lxw_col_t)c, 14, date);
        } else if (ex && *ex) {
            worksheet_write_string(sheet, 1, (lxw_col_t)c, ex, NULL);
        }
        const char *prefix = cols->values ? cols->values[c] : NULL;
        if (!prefix)
            continue;
        struct list_ctx lc = { lists, n_lists, 0, t->codes ? t->codes[c] : NULL };
        i18n_each(prefix, list_value, &lc);
        if (lc.n == 0)
            continue;
        char letters[4], formula[64];
        column_letters(n_lists, letters);
        snprintf(formula, sizeof(formula), "=lists!$%s$1:$%s$%d", letters, letters, lc.n);
        lxw_data_validation dv = { .validate = LXW_VALIDATION_TYPE_LIST_FORMULA,
                                   .value_formula = formula,
                                   .ignore_blank = LXW_VALIDATION_ON };
        worksheet_data_validation_range(sheet, 1, (lxw_col_t)c, TEMPLATE_ROWS, (lxw_col_t)c,
                                        &dv);
        n_lists++;
    }
    worksheet_freeze_panes(sheet, 1, 0);
    int rc = workbook_close(book) == LXW_NO_ERROR && file_read_all(path, out) == 0 ? 0 : -1;
    unlink(path);
    return rc;
}
