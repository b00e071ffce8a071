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
#include "core/xalloc.h"

enum { NAME_MAX_BYTES = 256 };

/* The first of the '|'-separated names in text, into out. */
static const char *first_name(const char *text, char out[NAME_MAX_BYTES])
{
    snprintf(out, NAME_MAX_BYTES, "%.*s", (int)strcspn(text, "|"), text);
    return out;
}

enum { LIST_MAX = 64 }; /* values in one drop-down list */

struct list_ctx {
    char names[LIST_MAX][NAME_MAX_BYTES]; /* the values' Chinese names */
    const char *list[LIST_MAX + 1];       /* pointers to them, NULL-terminated */
    int n;                                /* how many */
    const char *codes;                    /* the codes wanted, '|'-separated, or NULL for all */
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
    if (c->n < LIST_MAX) {
        c->list[c->n] = first_name(zh, c->names[c->n]);
        c->list[++c->n] = NULL;
    }
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
    lxw_format *bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format *date = workbook_add_format(book);
    format_set_num_format(date, "yyyy-mm-dd");
    const struct csv_columns *cols = t->cols;
    struct list_ctx *lc = xmalloc(sizeof(*lc));
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
        lc->n = 0;
        lc->list[0] = NULL;
        lc->codes = t->codes ? t->codes[c] : NULL;
        i18n_each(prefix, list_value, lc);
        if (lc->n == 0)
            continue;
        /* the list itself in the validation: a list taken from cells of another sheet
         * (value_formula) leaks in libxlsxwriter 1.1.4; the lists here stay far below the
         * 255 characters Excel allows */
        lxw_data_validation dv = { .validate = LXW_VALIDATION_TYPE_LIST,
                                   .value_list = (char **)lc->list,
                                   .ignore_blank = LXW_VALIDATION_ON };
        worksheet_data_validation_range(sheet, 1, (lxw_col_t)c, TEMPLATE_ROWS, (lxw_col_t)c,
                                        &dv);
    }
    free(lc);
    worksheet_freeze_panes(sheet, 1, 0);
    int rc = workbook_close(book) == LXW_NO_ERROR && file_read_all(path, out) == 0 ? 0 : -1;
    unlink(path);
    return rc;
}
