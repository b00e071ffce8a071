/*
 * People with their accounts in bulk on a page, and the two forms their generated passwords are
 * handed out in, shared with `taizhang user import` (handler layer): a workbook (login, name,
 * unit, password) and printable A4 slips with a QR code of the sign-in address. The passwords
 * exist only in that one answer: the page's response is not cached and the workbook travels in
 * it as a data: link, never stored on the server.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/html.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "person/person.h"
#include "person/person_web.h"
#include "web/export.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"
#include "web/qr.h"

int person_passwords_xlsx(const struct person_import *imp, struct buf *out)
{
    const char *const headers[] = { i18n(LANG_ZH, "import.col_login"),
                                    i18n(LANG_ZH, "import.col_name"),
                                    i18n(LANG_ZH, "import.col_unit"),
                                    i18n(LANG_ZH, "import.col_password") };
    const enum export_cell types[] = { CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT };
    struct export_sheet *sheet =
        export_begin(1, i18n(LANG_ZH, "import.password_sheet"), headers, types, 4);
    if (!sheet)
        return -1;
    for (long long i = 0; i < imp->n; i++) {
        const struct person_import_row *p = &imp->rows[i];
        const char *const row[] = { p->login, p->name, p->unit, p->password };
        export_row(sheet, row);
    }
    return export_finish(sheet, out);
}

int person_slips(struct buf *out, const struct person_import *imp, const char *url,
                 const char *xlsx_href)
{
    html_printf(out,
                "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>%s</title><style>"
                "@page { size: A4; margin: 10mm; } body { font-family: sans-serif; margin: 0; }"
                ".slips { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; }"
                ".slip { border: 1px dashed #888; padding: 3mm; text-align: center;"
                " break-inside: avoid; } .slip p { margin: 1mm 0; }"
                ".slip svg { width: 28mm; height: 28mm; } .t { font-weight: bold; }"
                ".pw { font: bold 14pt monospace; letter-spacing: .05em; }"
                ".hint { font-size: 8pt; word-break: break-all; }"
                ".bar { padding: 3mm; background: #fff8d6; }"
                "@media print { .bar { display: none; } }"
                "@media (max-width: 600px) { .slips { grid-template-columns: 1fr; } }"
                "</style></head><body>",
                i18n(LANG_ZH, "import.slip_title"));
    if (xlsx_href)
        html_printf(out,
                    "<p class=\"bar\" role=\"status\">%s <a href=\"%s\""
                    " download=\"passwords.xlsx\">%s</a></p>",
                    i18n(LANG_ZH, "import.users_done"), xlsx_href,
                    i18n(LANG_ZH, "import.password_sheet"));
    html_raw(out, "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\">"
                  "<defs><g id=\"signin\">");
    if (qr_svg(out, url, 28) != 0)
        return -1;
    html_raw(out, "</g></defs></svg><main class=\"slips\">");
    for (long long i = 0; i < imp->n; i++) {
        const struct person_import_row *p = &imp->rows[i];
        html_printf(out,
                    "<div class=\"slip\"><p class=\"t\">%s</p><p>%s %s</p>"
                    "<svg viewBox=\"0 0 28 28\" role=\"img\" aria-label=\"QR\">"
                    "<use href=\"#signin\"/></svg>"
                    "<p>%s: <b>%s</b></p><p>%s: <span class=\"pw\">%s</span></p>"
                    "<p class=\"hint\">%s</p><p class=\"hint\">%s</p></div>",
                    i18n(LANG_ZH, "import.slip_title"), p->name, p->unit,
                    i18n(LANG_ZH, "import.col_login"), p->login,
                    i18n(LANG_ZH, "import.col_password"), p->password, url,
                    i18n(LANG_ZH, "import.slip_first"));
    }
    html_raw(out, "</main></body></html>\n");
    return 0;
}

void person_import_page(struct req *r)
{
    page_begin(r, tr(r, "import.users_title"));
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "import.users_hint"));
    form_begin(r, "/persons/import", "stack", FORM_UPLOAD);
    form_file(r, "plan.file");
    form_submit(r, "import.users_run", 1);
    import_template_link(r, "people");
    page_end(r);
}

/* The whole import as one write job: the check, the passwords, the import. Hashing inside the
 * job holds other writes for a moment (a few milliseconds a person); a province's list goes
 * through the command line instead. */
static enum result run_import(struct db *db, const struct actor *who, void *ctx,
                              const char *data, size_t len, long long *n_added,
                              const struct import_report *rep)
{
    struct person_import *imp = ctx;
    enum result r = person_import(db, who, data, len, imp, rep);
    if (r == RES_OK)
        r = person_import_passwords(imp, NULL, NULL);
    if (r == RES_OK)
        r = person_import(db, who, data, len, imp, rep);
    *n_added = r == RES_OK ? imp->n : 0;
    return r;
}

/* The answer: the slips, with the workbook as a link that carries it. */
static void show_slips(struct req *r, void *ctx)
{
    const struct person_import *imp = ctx;
    struct buf book, href;
    buf_init(&book, (size_t)256 << 20);
    buf_init(&href, (size_t)512 << 20);
    buf_reset(&r->out);
    resp_header(r, "Cache-Control", "no-store");
    if (person_passwords_xlsx(imp, &book) == 0) {
        buf_adds(&href, "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;"
                        "base64,");
        size_t cap = sodium_base64_ENCODED_LEN(book.len, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = xmalloc(cap);
        sodium_bin2base64(b64, cap, (const unsigned char *)book.data, book.len,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_adds(&href, b64);
        free(b64);
    }
    struct url u;
    url_begin(&u, r, "/login");
    const char *signin = arena_printf(&r->arena, "%s%s", url_base(r), url_end(&u));
    person_slips(&r->out, imp, signin, href.len ? buf_str(&href) : NULL);
    sodium_memzero(book.data, book.len);
    sodium_memzero(href.data, href.len);
    buf_release(&book);
    buf_release(&href);
}

void person_import_post(struct req *r)
{
    struct person_import imp = { 0 };
    arena_init(&imp.mem);
    const struct page_import im = {
        .title_id = "import.users_title",
        .failed_id = "import.users_failed",
        .back = "/persons/import",
        .ok = "/accounts",
        .run_ctx = run_import,
        .shown = show_slips,
        .ctx = &imp,
    };
    page_import(r, &im);
    person_import_release(&imp);
}
