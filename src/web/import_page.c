/* The answer to an uploaded import; see import_page.h. Web layer. */
#include "web/import_page.h"

#include <string.h>

#include "core/csv.h"
#include "core/html.h"
#include "core/i18n.h"
#include "core/table.h"
#include "web/form.h"
#include "web/layout.h"

void import_template_link(struct req *r, const char *kind)
{
    struct url u;
    url_begin(&u, r, "/templates/%s/import.xlsx", kind);
    html_printf(&r->out, "<p class=\"muted\"><a href=\"%s\" download>%s</a> %s</p>",
                url_end(&u), tr(r, "import.template"), tr(r, "import.template_hint"));
}

struct import_job {
    const struct page_import *im;  /* what to run */
    const struct actor *who;       /* the caller */
    const struct form_field *file; /* the uploaded file */
    struct buf table;              /* its table as UTF-8 CSV (core/table.h) */
    long long n_added;             /* rows imported */
    struct req *r;                 /* for the list of bad lines */
    int n_errors;                  /* bad lines listed */
};

static void import_problem(void *ctx, int line, const struct err *e)
{
    struct import_job *j = ctx;
    struct req *r = j->r;
    if (j->n_errors++ == 0)
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p><ul>",
                    tr(r, j->im->failed_id));
    /* in Chinese as the sheet shows it: 第3行“完成时限”列 (the column's first Chinese name) */
    const char *file = j->file->filename ? j->file->filename : "csv";
    if (r->lang == LANG_EN || !e->field) {
        html_printf(&r->out, "<li>%s:%d: %s</li>", file, line, err_text_for(r, e));
        return;
    }
    const char *names = csv_column_names(e->field);
    if (!names) { /* not a column (a line of the wrong width, a question's part) */
        html_printf(&r->out, "<li>%s 第%d行:%s</li>", file, line, err_text_for(r, e));
        return;
    }
    struct err plain = *e;
    plain.field = NULL;
    html_printf(&r->out, "<li>%s 第%d行“%s”列:%s</li>", file, line,
                arena_printf(&r->arena, "%.*s", (int)strcspn(names, "|"), names),
                err_text_for(r, &plain));
}

static enum result import_job_run(struct db *db, void *arg)
{
    struct import_job *j = arg;
    struct import_report rep = { .fn = import_problem, .ctx = j };
    if (j->im->run_ctx)
        return j->im->run_ctx(db, j->who, j->im->ctx, buf_str(&j->table), j->table.len,
                              &j->n_added, &rep);
    return j->im->run(db, j->who, j->im->arg, buf_str(&j->table), j->table.len, &j->n_added,
                      &rep);
}

void page_import(struct req *r, const struct page_import *im)
{
    struct import_job job = { .im = im, .who = &r->actor, .r = r };
    for (const struct form_field *f = r->form; f; f = f->next)
        if (strcmp(f->name, "file") == 0)
            job.file = f;
    if (!job.file) {
        struct err err = { 0 };
        err_set(&err, RES_INVALID, "file", "err.required");
        page_error(r, 400, &err);
        return;
    }
    /* an XLSX workbook or GB18030 text becomes UTF-8 CSV before the write job */
    buf_init(&job.table, (size_t)64 << 20);
    struct err err = { 0 };
    if (table_text(job.file->value, job.file->len, &job.table, &err) != RES_OK) {
        buf_release(&job.table);
        page_error(r, 400, &err);
        return;
    }
    page_begin(r, tr(r, im->title_id));
    enum result res = req_write(r, import_job_run, &job);
    buf_release(&job.table);
    if (job.n_errors)
        html_raw(&r->out, "</ul>");
    if (res == RES_OK && im->shown) {
        im->shown(r, im->ctx);
        return;
    }
    if (res == RES_OK) {
        resp_redirect(r, im->ok);
        return;
    }
    r->status = result_status(res);
    html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>", im->back, tr(r, "err.back"));
    page_end(r);
}
