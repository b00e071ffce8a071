/*
 * HTML handlers of research reports (handler layer; issue 16 item 6): the filtered, paged list
 * with its XLSX and CSV exports and CSV import, the create form, and a report's page with the
 * form that records its adoption (采纳). Works without JavaScript.
 */
#include <string.h>

#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "registry/registry_web.h"
#include "research/research.h"
#include "research/research_web.h"
#include "unit/unit.h"
#include "web/download.h"
#include "web/export.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

static const char *const kind_values[] = { "adopted", "pending", NULL };
static const struct registry_kinds kinds = { "research.state", "research.state", kind_values };

static void list_row(void *ctx, const struct research *x)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td>%s</td><td><a href=\"/research/%lld\">%s</a></td><td>%s</td><td>%s</td>"
                "<td>%s</td></tr>",
                x->day, x->id, x->title, x->unit_name, x->authors ? x->authors : "",
                x->adopted ? x->adopted_by : tr(r, "research.state.pending"));
}

void research_list_page(struct req *r)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    f.brief = 1;
    page_begin(r, tr(r, "research.title"));
    page_notice(r);
    registry_filter_form(r, "/research", &f, &kinds, NULL);
    static const char *const cols[] = { "research.day", "research.name", "unit.name",
                                        "research.authors", "research.adopted_by" };
    table_head(r, cols, 5);
    struct err err = { 0 };
    long long total = 0;
    enum result res = research_list(r->db, &r->actor, &f, list_row, r, &total, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    table_end(r);
    registry_list_end(r, "/research", &f, &p, total);
    page_end(r);
}

static const struct registry_field fields[] = {
    { "unit", "unit.code", REGISTRY_TEXT, NULL, 1, NULL },
    { "title", "research.name", REGISTRY_TEXT, NULL, 1, NULL },
    { "authors", "research.author_ids", REGISTRY_TEXT, NULL, 1, NULL },
    { "day", "research.day", REGISTRY_DATE, NULL, 1, NULL },
    { "text", "research.text", REGISTRY_TEXTAREA, NULL, 0, NULL },
    { "attachment", "research.file", REGISTRY_FILE, NULL, 0, NULL },
};

static void new_page(struct req *r, const struct err *err)
{
    page_begin(r, tr(r, "research.new"));
    registry_form(r, "/research/new", fields, sizeof(fields) / sizeof(fields[0]), err);
    page_end(r);
}

void research_new_page(struct req *r)
{
    new_page(r, NULL);
}

/* Reads "12 34" (spaces, commas or semicolons) into ids; -1 for a bad id. */
static long read_ids(struct req *r, const char *s, long long **ids)
{
    *ids = arena_alloc(&r->arena, (RESEARCH_AUTHORS_MAX + 1) * sizeof(**ids));
    long n = 0;
    char one[32];
    while (s && *s) {
        s += strspn(s, " ,;、\t");
        size_t len = strcspn(s, " ,;\t");
        if (!len)
            break;
        if (len >= sizeof(one) || n > RESEARCH_AUTHORS_MAX)
            return -1;
        memcpy(one, s, len);
        one[len] = '\0';
        if (str_to_ll(one, 1, 1LL << 62, &(*ids)[n++]) != 0)
            return -1;
        s += len;
    }
    return n;
}

void research_new_post(struct req *r)
{
    struct research_add_job job = { .who = &r->actor };
    job.in.unit = req_form(r, "unit");
    job.in.title = req_form(r, "title");
    job.in.day = req_form(r, "day");
    job.in.text = req_form(r, "text");
    struct attachment_input file;
    if (registry_form_file(r, "attachment", &file))
        job.in.file = &file;
    long long *ids;
    long n = read_ids(r, req_form(r, "authors"), &ids);
    enum result res = RES_INVALID;
    if (n < 0)
        err_set(&job.err, RES_INVALID, "authors", "err.bad_type");
    else {
        job.in.authors = ids;
        job.in.n_authors = (size_t)n;
        res = req_write(r, research_add_job, &job);
    }
    if (registry_form_failed(r, res, &job.err, new_page))
        return;
    resp_redirect(r, arena_printf(&r->arena, "/research/%lld", job.id));
}

void research_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "research");
    if (!id)
        return;
    struct research x;
    struct err err = { 0 };
    enum result res = research_get(r->db, &r->actor, id, &r->arena, &x, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, x.title);
    page_notice(r);
    html_printf(&r->out,
                "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd></dl>",
                tr(r, "unit.name"), x.unit_name, tr(r, "research.day"), x.day,
                tr(r, "research.authors"), x.authors ? x.authors : "", tr(r, "research.adopted_by"),
                x.adopted ? x.adopted_by : tr(r, "research.state.pending"));
    html_printf(&r->out, "<div class=\"text\">%s</div>", x.text);
    if (*x.file_name)
        html_printf(&r->out, "<p>%s <a href=\"/research/%lld/file\">%s</a></p>",
                    tr(r, "research.file"), x.id, x.file_name);
    struct unit u;
    if (!x.adopted && unit_get(r->db, &r->actor, x.unit_code, &u, &err) == RES_OK &&
        scope_check(&r->actor, u.path, PERM_RECORD_WRITE, NULL) == RES_OK) {
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "research.adopt"));
        form_begin(r, arena_printf(&r->arena, "/research/%lld/adopted", x.id), "stack", 0);
        html_printf(&r->out, "<label>%s<input name=\"by\" required maxlength=\"200\"></label>",
                    tr(r, "research.adopted_by"));
        form_submit(r, "research.adopt", 1);
    }
    html_printf(&r->out, "<p><a href=\"/research\">%s</a></p>", tr(r, "research.title"));
    page_end(r);
}

void research_adopt_post(struct req *r)
{
    long long id = param_path_id(r, 0, "research");
    if (!id)
        return;
    struct research_adopt_job job = { .who = &r->actor, .id = id, .by = req_form(r, "by") };
    if (req_run(r, research_adopt_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/research/%lld", id));
}

/* ---- export and import ---- */

static void export_one(void *ctx, const struct research *x)
{
    struct export_ctx *c = ctx;
    const char *v[] = {
        arena_int(&c->r->arena, x->id),
        x->unit_code,
        x->unit_name,
        x->title,
        x->day,
        x->authors ? x->authors : "",
        x->adopted_by,
    };
    export_row(c->sheet, v);
}

static void export_list(struct req *r, int xlsx)
{
    static const enum export_cell types[] = { CELL_NUMBER, CELL_TEXT, CELL_TEXT, CELL_TEXT,
                                              CELL_DATE,   CELL_TEXT, CELL_TEXT };
    const char *headers[] = { tr(r, "research.id"),        tr(r, "unit.code"),
                              tr(r, "unit.name"),          tr(r, "research.name"),
                              tr(r, "research.day"),       tr(r, "research.authors"),
                              tr(r, "research.adopted_by") };
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    f.offset = 0;
    f.limit = 1000000;
    struct err err = { 0 };
    struct export_ctx c = { .r = r };
    c.sheet = export_begin(xlsx, tr(r, "research.title"), headers, types, 7);
    if (!c.sheet) {
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    long long total;
    enum result res = research_list(r->db, &r->actor, &f, export_one, &c, &total, &err);
    export_send(r, &c, res, &err, xlsx, "research");
}

void research_export_xlsx_page(struct req *r)
{
    export_list(r, 1);
}

void research_export_csv_page(struct req *r)
{
    export_list(r, 0);
}

void research_import_post(struct req *r)
{
    const struct page_import im = {
        .title_id = "research.import",
        .failed_id = "research.import_failed",
        .back = "/research",
        .ok = "/research",
        .run = research_import,
        .arg = 0,
    };
    page_import(r, &im);
}

void research_file_page(struct req *r)
{
    long long id = param_path_id(r, 0, "research");
    if (!id)
        return;
    struct err err = { 0 };
    enum result res = research_file(r->db, &r->actor, id, page_send_file, r, &err);
    if (res != RES_OK)
        req_fail(r, res, &err);
}
