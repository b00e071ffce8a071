/*
 * HTML handlers of discipline cases (handler layer; issue 16 item 7): the filtered, paged list
 * with its XLSX and CSV exports and CSV import, the create form and a case's page — all for
 * supervisors and admins only: to every other role each of them answers 404, as for a page that
 * does not exist. Every list, export and case shown is audited before it is sent.
 */
#include <string.h>

#include "core/html.h"
#include "core/str.h"
#include "discipline/discipline.h"
#include "discipline/discipline_web.h"
#include "http/param.h"
#include "registry/registry_web.h"
#include "web/export.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

static const struct registry_kinds categories = { "discipline.category", "discipline.category",
                                                  discipline_categories };
static const struct registry_kinds handlings = { "discipline.handling", "discipline.handling",
                                                 discipline_handlings };

/* 1 when the actor may see cases; else answers 404 and returns 0. */
static int may_see(struct req *r)
{
    if (discipline_may(&r->actor))
        return 1;
    struct err err = { 0 };
    req_fail(r, err_set(&err, RES_NOT_FOUND, NULL, "err.not_found"), &err);
    return 0;
}

/* discipline_list's callback: copies the case into rows (arena memory). */
static void keep(void *ctx, const struct discipline_case *c)
{
    struct discipline_rows *rows = ctx;
    struct arena *ar = &rows->r->arena;
    if (rows->n == rows->cap) {
        size_t cap = rows->cap ? 2 * rows->cap : 64;
        struct discipline_case *grown = arena_alloc(ar, cap * sizeof(*grown));
        if (rows->n)
            memcpy(grown, rows->cases, rows->n * sizeof(*grown));
        rows->cases = grown;
        rows->cap = cap;
    }
    rows->cases[rows->n++] = (struct discipline_case){
        .id = c->id,
        .unit_code = arena_strdup(ar, c->unit_code),
        .unit_name = arena_strdup(ar, c->unit_name),
        .person_id = c->person_id,
        .person = arena_strdup(ar, c->person),
        .category = arena_strdup(ar, c->category),
        .handling = arena_strdup(ar, c->handling),
        .day = arena_strdup(ar, c->day),
        .summary = arena_strdup(ar, c->summary),
    };
}

int discipline_read(struct req *r, const char *action, const struct registry_filter *f,
                    struct discipline_rows *rows, long long *total)
{
    struct err err = { 0 };
    enum result res = discipline_list(r->db, &r->actor, f, keep, rows, total, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return 0;
    }
    long long *ids = arena_alloc(&r->arena, (rows->n + 1) * sizeof(*ids));
    for (size_t i = 0; i < rows->n; i++)
        ids[i] = rows->cases[i].id;
    struct discipline_read_job job = { &r->actor, action, f, ids, rows->n, { 0 } };
    return discipline_log_read(r, &job);
}

int discipline_log_read(struct req *r, struct discipline_read_job *job)
{
    const struct registry_filter *f = job->f;
    struct buf what;
    buf_init(&what, 1 << 24);
    buf_addf(&what, "%s\n", job->action);
    if (f)
        buf_addf(&what, "%s\n%d\n%s\n%s\n%s\n%s\n%lld\n%lld\n", f->unit ? f->unit : "",
                 f->subtree, f->from ? f->from : "", f->to ? f->to : "", f->kind ? f->kind : "",
                 f->level ? f->level : "", f->offset, f->limit);
    for (size_t i = 0; i < job->n_ids; i++) {
        html_int(&what, job->ids[i]); /* digits: nothing to escape */
        buf_addch(&what, ',');
    }
    enum result res = req_log_read(r, buf_str(&what), what.len, discipline_read_job, job);
    buf_release(&what);
    if (res == RES_OK)
        return 1;
    req_fail(r, RES_FAIL, &job->err);
    return 0;
}

void discipline_list_page(struct req *r)
{
    if (!may_see(r))
        return;
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    struct discipline_rows rows = { .r = r };
    long long total = 0;
    if (!discipline_read(r, "discipline.list", &f, &rows, &total))
        return;
    page_begin(r, tr(r, "discipline.title"));
    page_notice(r);
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "discipline.restricted"));
    registry_filter_form(r, "/discipline", &f, &categories, NULL);
    static const char *const cols[] = { "discipline.day", "unit.name", "discipline.person",
                                        "discipline.category_label", "discipline.handling_label" };
    table_head(r, cols, 5);
    for (size_t i = 0; i < rows.n; i++) {
        const struct discipline_case *c = &rows.cases[i];
        html_printf(&r->out,
                    "<tr><td><a href=\"/discipline/%lld\">%s</a></td><td>%s</td><td>%s</td>"
                    "<td>%s</td><td>%s</td></tr>",
                    c->id, c->day, c->unit_name, c->person,
                    tr_enum(r, "discipline.category", c->category),
                    tr_enum(r, "discipline.handling", c->handling));
    }
    table_end(r);
    registry_list_end(r, "/discipline", &f, &p, total);
    if (!role_may(r->actor.role, PERM_RECORD_WRITE)) {
        /* a supervisor records cases without the record-writing permission */
        html_printf(&r->out, "<p><a href=\"/discipline/new\">%s</a></p>", tr(r, "registry.new"));
        form_begin(r, "/discipline/import", "inline", FORM_UPLOAD);
        form_file(r, "registry.import_csv");
        form_submit(r, "registry.import", 0);
        import_template_link(r, "discipline");
    }
    page_end(r);
}

static const struct registry_field fields[] = {
    { "unit", "unit.code", REGISTRY_TEXT, NULL, 1, NULL },
    { "person", "discipline.person_id", REGISTRY_NUMBER, NULL, 1, NULL },
    { "category", "discipline.category_label", REGISTRY_SELECT, &categories, 1, NULL },
    { "handling", "discipline.handling_label", REGISTRY_SELECT, &handlings, 1, NULL },
    { "day", "discipline.day", REGISTRY_DATE, NULL, 1, NULL },
    { "summary", "discipline.summary", REGISTRY_TEXTAREA, NULL, 1, NULL },
};

static void new_page(struct req *r, const struct err *err)
{
    page_begin(r, tr(r, "discipline.new"));
    registry_form(r, "/discipline/new", fields, sizeof(fields) / sizeof(fields[0]), err);
    page_end(r);
}

void discipline_new_page(struct req *r)
{
    if (may_see(r))
        new_page(r, NULL);
}

void discipline_new_post(struct req *r)
{
    /* another role is refused by the model (403), as on the API */
    struct discipline_add_job job = { .who = &r->actor };
    job.in.unit = req_form(r, "unit");
    job.in.category = req_form(r, "category");
    job.in.handling = req_form(r, "handling");
    job.in.day = req_form(r, "day");
    job.in.summary = req_form(r, "summary");
    const char *person = req_form(r, "person");
    enum result res = RES_INVALID;
    if (person && *person && str_to_ll(person, 1, 1LL << 62, &job.in.person) != 0)
        err_set(&job.err, RES_INVALID, "person", "err.bad_type");
    else
        res = req_write(r, discipline_add_job, &job);
    if (registry_form_failed(r, res, &job.err, new_page))
        return;
    resp_redirect(r, arena_printf(&r->arena, "/discipline/%lld", job.id));
}

void discipline_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "discipline");
    if (!id)
        return;
    struct discipline_case c;
    struct err err = { 0 };
    enum result res = discipline_get(r->db, &r->actor, id, &r->arena, &c, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    struct discipline_read_job job = { &r->actor, "discipline.read", NULL, &c.id, 1, { 0 } };
    if (!discipline_log_read(r, &job))
        return;
    page_begin(r, tr(r, "discipline.case"));
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "discipline.restricted"));
    html_printf(&r->out,
                "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
                tr(r, "unit.name"), c.unit_name, tr(r, "discipline.person"), c.person,
                tr(r, "discipline.category_label"), tr_enum(r, "discipline.category", c.category),
                tr(r, "discipline.handling_label"), tr_enum(r, "discipline.handling", c.handling),
                tr(r, "discipline.day"), c.day);
    html_printf(&r->out, "<div class=\"text\">%s</div>", c.summary);
    html_printf(&r->out, "<p><a href=\"/discipline\">%s</a></p>", tr(r, "discipline.title"));
    page_end(r);
}

/* ---- export and import ---- */

static void export_list(struct req *r, int xlsx)
{
    if (!may_see(r))
        return;
    static const enum export_cell types[] = { CELL_NUMBER, CELL_TEXT, CELL_TEXT,
                                              CELL_NUMBER, CELL_TEXT, CELL_TEXT,
                                              CELL_TEXT,   CELL_DATE, CELL_TEXT };
    const char *headers[] = { tr(r, "discipline.id"),
                              tr(r, "unit.code"),
                              tr(r, "unit.name"),
                              tr(r, "discipline.person_id"),
                              tr(r, "discipline.person"),
                              tr(r, "discipline.category_label"),
                              tr(r, "discipline.handling_label"),
                              tr(r, "discipline.day"),
                              tr(r, "discipline.summary") };
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    f.offset = 0;
    f.limit = 1000000;
    struct discipline_rows rows = { .r = r };
    long long total = 0;
    if (!discipline_read(r, "discipline.export", &f, &rows, &total))
        return;
    struct export_ctx c = { .r = r };
    c.sheet = export_begin(xlsx, tr(r, "discipline.title"), headers, types, 9);
    struct err err = { 0 };
    if (!c.sheet) {
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    for (size_t i = 0; i < rows.n; i++) {
        const struct discipline_case *k = &rows.cases[i];
        const char *v[] = {
            arena_int(&r->arena, k->id),
            k->unit_code,
            k->unit_name,
            arena_int(&r->arena, k->person_id),
            k->person,
            tr_enum(r, "discipline.category", k->category),
            tr_enum(r, "discipline.handling", k->handling),
            k->day,
            k->summary,
        };
        export_row(c.sheet, v);
    }
    export_send(r, &c, RES_OK, &err, xlsx, "discipline");
}

void discipline_export_xlsx_page(struct req *r)
{
    export_list(r, 1);
}

void discipline_export_csv_page(struct req *r)
{
    export_list(r, 0);
}

void discipline_import_post(struct req *r)
{
    if (!may_see(r))
        return;
    const struct page_import im = {
        .title_id = "discipline.import",
        .failed_id = "discipline.import_failed",
        .back = "/discipline",
        .ok = "/discipline",
        .run = discipline_import,
        .arg = 0,
    };
    page_import(r, &im);
}
