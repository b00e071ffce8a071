/*
 * HTML pages of commendations, media reports and meetings (handler layer; issue 16 items 2, 4
 * and 5): each registry's list with its filter, pager, XLSX and CSV export and CSV upload
 * (/commendations, /media, /meetings), its create form (/X/new, the error beside its field), and
 * a commendation's page with the persons and their citations. One descriptor per registry.
 */
#include <stdlib.h>
#include <string.h>

#include "chronicle/chronicle.h"
#include "chronicle/chronicle_web.h"
#include "core/html.h"
#include "core/str.h"
#include "person/person.h"
#include "registry/registry_web.h"
#include "web/export.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

static const struct registry_kinds level_kinds = { "chronicle.level", "chronicle.level",
                                                   registry_levels };
static const struct registry_kinds outlet_levels = { "chronicle.outlet_level", "chronicle.level",
                                                     registry_levels };
static const struct registry_kinds media_kinds = { "chronicle.media_kind", "chronicle.media_kind",
                                                   chronicle_media_kinds };
static const struct registry_kinds meeting_kinds = { "chronicle.meeting_kind",
                                                     "chronicle.meeting_kind",
                                                     chronicle_meeting_kinds };

/* What a registry's pages differ in. */
struct chronicle_page {
    enum chronicle_kind k;               /* the registry */
    const char *path;                    /* its list, e.g. "/media" */
    const char *title;                   /* message ID of the list's title */
    const char *file;                    /* export file name */
    const struct registry_kinds *filter; /* the filter's kind, or NULL */
    const struct registry_kinds *levels; /* the filter's level, or NULL */
    const struct registry_field *fields; /* the create form */
    size_t n_fields;                     /* how many */
};

static const struct registry_field commendation_fields[] = {
    { "unit", "unit.code", REGISTRY_TEXT, NULL, 1, NULL },
    { "title", "chronicle.title", REGISTRY_TEXT, NULL, 1, NULL },
    { "level", "chronicle.level", REGISTRY_SELECT, &level_kinds, 1, "province" },
    { "day", "chronicle.day", REGISTRY_DATE, NULL, 1, NULL },
    { "persons", "chronicle.persons_lines", REGISTRY_TEXTAREA, NULL, 1, NULL },
};
static const struct registry_field media_fields[] = {
    { "unit", "unit.code", REGISTRY_TEXT, NULL, 1, NULL },
    { "title", "chronicle.title", REGISTRY_TEXT, NULL, 1, NULL },
    { "outlet", "chronicle.outlet", REGISTRY_TEXT, NULL, 1, NULL },
    { "level", "chronicle.outlet_level", REGISTRY_SELECT, &level_kinds, 1, "city" },
    { "kind", "chronicle.media_kind", REGISTRY_SELECT, &media_kinds, 1, NULL },
    { "day", "chronicle.day", REGISTRY_DATE, NULL, 1, NULL },
    { "link", "chronicle.link", REGISTRY_URL, NULL, 0, NULL },
};
static const struct registry_field meeting_fields[] = {
    { "unit", "unit.code", REGISTRY_TEXT, NULL, 1, NULL },
    { "title", "chronicle.title", REGISTRY_TEXT, NULL, 1, NULL },
    { "kind", "chronicle.meeting_kind", REGISTRY_SELECT, &meeting_kinds, 1, NULL },
    { "day", "chronicle.day", REGISTRY_DATE, NULL, 1, NULL },
    { "attendees", "chronicle.attendees", REGISTRY_NUMBER, NULL, 0, NULL },
    { "minutes", "chronicle.minutes", REGISTRY_TEXTAREA, NULL, 0, NULL },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
static const struct chronicle_page pages[] = {
    [CHRONICLE_COMMENDATION] = { CHRONICLE_COMMENDATION, "/commendations",
                                 "chronicle.commendations", "commendations", NULL, &level_kinds,
                                 commendation_fields, N(commendation_fields) },
    [CHRONICLE_MEDIA] = { CHRONICLE_MEDIA, "/media", "chronicle.media", "media", &media_kinds,
                          &outlet_levels,
                          media_fields, N(media_fields) },
    [CHRONICLE_MEETING] = { CHRONICLE_MEETING, "/meetings", "chronicle.meetings", "meetings",
                            &meeting_kinds, NULL, meeting_fields, N(meeting_fields) },
};

/* ---- lists ---- */

/* Each registry's columns (message IDs; '#' for a number). */
static const char *const commendation_cols[] = { "chronicle.day", "unit.name", "chronicle.title",
                                                 "chronicle.level", "#chronicle.persons" };
static const char *const media_cols[] = { "chronicle.day",    "unit.name",
                                          "chronicle.title",  "chronicle.outlet",
                                          "chronicle.outlet_level", "chronicle.media_kind" };
static const char *const meeting_cols[] = { "chronicle.day", "unit.name", "chronicle.title",
                                            "chronicle.meeting_kind", "#chronicle.attendees" };
static const struct {
    const char *const *cols;    /* headers */
    size_t n;                   /* how many */
} columns[] = {
    [CHRONICLE_COMMENDATION] = { commendation_cols, N(commendation_cols) },
    [CHRONICLE_MEDIA] = { media_cols, N(media_cols) },
    [CHRONICLE_MEETING] = { meeting_cols, N(meeting_cols) },
};

/* A row's cells as text, in the columns' order; returns how many. */
static size_t cells(struct req *r, enum chronicle_kind k, const struct chronicle_entry *e,
                    const char **v)
{
    v[0] = e->day;
    v[1] = e->unit_name;
    v[2] = e->title;
    switch (k) {
    case CHRONICLE_COMMENDATION:
        v[3] = tr_enum(r, "chronicle.level", e->level);
        v[4] = arena_int(&r->arena, e->n_persons);
        return 5;
    case CHRONICLE_MEDIA:
        v[3] = e->outlet;
        v[4] = tr_enum(r, "chronicle.level", e->level);
        v[5] = tr_enum(r, "chronicle.media_kind", e->kind);
        return 6;
    case CHRONICLE_MEETING:
        v[3] = tr_enum(r, "chronicle.meeting_kind", e->kind);
        v[4] = e->attendees >= 0 ? arena_int(&r->arena, e->attendees) : "";
        return 5;
    }
    return 3;
}

struct list_ctx {
    struct req *r;         /* the request */
    enum chronicle_kind k; /* the registry */
};

static void html_row(void *ctx, const struct chronicle_entry *e)
{
    struct list_ctx *c = ctx;
    struct req *r = c->r;
    const char *v[8];
    size_t n = cells(r, c->k, e, v);
    html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>", v[0], v[1]);
    if (c->k == CHRONICLE_COMMENDATION) {
        html_printf(&r->out, "<a href=\"/commendations/%lld\">%s</a>", e->id, e->title);
    } else if (c->k == CHRONICLE_MEDIA && *e->link) {
        /* the model keeps http(s) links only */
        html_printf(&r->out, "<a href=\"%s\" rel=\"noopener noreferrer\">%s</a>", e->link,
                    e->title);
    } else {
        html_printf(&r->out, "%s", e->title);
    }
    html_raw(&r->out, "</td>");
    for (size_t i = 3; i < n; i++)
        html_printf(&r->out, "<td%s>%s</td>",
                    columns[c->k].cols[i][0] == '#' ? " class=\"num\"" : "", v[i]);
    html_raw(&r->out, "</tr>");
}

static void list_page(struct req *r, enum chronicle_kind k)
{
    const struct chronicle_page *pg = &pages[k];
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    page_begin(r, tr(r, pg->title));
    /* the three registries side by side */
    html_raw(&r->out, "<p class=\"pager\">");
    for (size_t i = 0; i < N(pages); i++)
        if (i == (size_t)k)
            html_printf(&r->out, "<strong>%s</strong> ", tr(r, pages[i].title));
        else
            html_printf(&r->out, "<a href=\"%s\">%s</a> ", pages[i].path, tr(r, pages[i].title));
    html_raw(&r->out, "</p>");
    registry_filter_form(r, pg->path, &f, pg->filter, pg->levels);
    struct err err = { 0 };
    long long total = 0;
    size_t mark = r->out.len;
    table_head(r, columns[k].cols, columns[k].n);
    struct list_ctx c = { r, k };
    enum result res = chronicle_list(r->db, &r->actor, k, &f, html_row, &c, &total, &err);
    if (res != RES_OK) {
        r->out.len = mark;
        r->status = result_status(res);
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", err_text_for(r, &err));
    } else {
        table_end(r);
        registry_list_end(r, pg->path, &f, &p, total);
    }
    page_end(r);
}

void commendation_list_page(struct req *r)
{
    list_page(r, CHRONICLE_COMMENDATION);
}

void media_list_page(struct req *r)
{
    list_page(r, CHRONICLE_MEDIA);
}

void meeting_list_page(struct req *r)
{
    list_page(r, CHRONICLE_MEETING);
}

/* ---- exports ---- */

struct export_list {
    struct export_ctx c;   /* the sheet */
    enum chronicle_kind k; /* the registry */
};

static void export_entry(void *ctx, const struct chronicle_entry *e)
{
    struct export_list *x = ctx;
    const char *v[8];
    cells(x->c.r, x->k, e, v);
    export_row(x->c.sheet, v);
}

static void export_list(struct req *r, enum chronicle_kind k, int xlsx)
{
    static const enum export_cell types[] = { CELL_DATE, CELL_TEXT, CELL_TEXT,
                                              CELL_TEXT, CELL_TEXT, CELL_TEXT };
    enum export_cell t[6];
    const char *headers[6];
    size_t n = columns[k].n;
    for (size_t i = 0; i < n; i++) {
        const char *id = columns[k].cols[i];
        t[i] = id[0] == '#' ? CELL_NUMBER : types[i];
        headers[i] = tr(r, id[0] == '#' ? id + 1 : id);
    }
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    f.offset = 0;
    f.limit = 0; /* every row */
    struct err err = { 0 };
    struct export_list x = { { .r = r }, k };
    x.c.sheet = export_begin(xlsx, tr(r, pages[k].title), headers, t, (int)n);
    if (!x.c.sheet) {
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    enum result res = chronicle_list(r->db, &r->actor, k, &f, export_entry, &x, NULL, &err);
    export_send(r, &x.c, res, &err, xlsx, pages[k].file);
}

void commendation_export_xlsx_page(struct req *r)
{
    export_list(r, CHRONICLE_COMMENDATION, 1);
}

void commendation_export_csv_page(struct req *r)
{
    export_list(r, CHRONICLE_COMMENDATION, 0);
}

void media_export_xlsx_page(struct req *r)
{
    export_list(r, CHRONICLE_MEDIA, 1);
}

void media_export_csv_page(struct req *r)
{
    export_list(r, CHRONICLE_MEDIA, 0);
}

void meeting_export_xlsx_page(struct req *r)
{
    export_list(r, CHRONICLE_MEETING, 1);
}

void meeting_export_csv_page(struct req *r)
{
    export_list(r, CHRONICLE_MEETING, 0);
}

/* ---- create forms ---- */

static void person_row(void *ctx, const struct person *p)
{
    struct req *r = ctx;
    html_printf(&r->out, "<tr><td class=\"num\">%lld</td><td>%s</td><td>%s</td></tr>", p->id,
                p->name, p->position);
}

/* Beside the commendation form, without script: the people of a unit (?people=CODE, else the
 * form's unit or the actor's own) with the ids the form takes. */
static void people_picker(struct req *r)
{
    const char *code = param_str(r, "people", NULL);
    if (!code)
        code = req_form(r, "unit");
    struct unit own;
    if ((!code || !*code) && unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK)
        code = arena_strdup(&r->arena, own.code);
    html_printf(&r->out, "<h3>%s</h3>", tr(r, "chronicle.people"));
    form_begin(r, "/commendations/new", "filters", FORM_GET);
    html_printf(&r->out, "<label>%s<input name=\"people\" value=\"%s\" size=\"10\"></label>",
                tr(r, "unit.code"), code ? code : "");
    form_submit(r, "filter.apply", 0);
    static const char *const cols[] = { "#chronicle.person_id", "chronicle.person",
                                        "chronicle.position" };
    table_head(r, cols, N(cols));
    struct err err = { 0 };
    long long total = 0;
    if (code && *code)
        person_each(r->db, &r->actor, code, 0, 300, &total, person_row, r, &err);
    table_end(r);
}

static void form_page(struct req *r, enum chronicle_kind k, const struct err *err)
{
    const struct chronicle_page *pg = &pages[k];
    page_begin(r, tr(r, pg->title));
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "registry.new"));
    if (k == CHRONICLE_COMMENDATION)
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "chronicle.persons_help"));
    struct url u;
    url_begin(&u, r, "/%s/new", pg->path + 1);
    registry_form(r, url_end(&u), pg->fields, pg->n_fields, err);
    if (k == CHRONICLE_COMMENDATION)
        people_picker(r);
    page_end(r);
}

static void commendation_form(struct req *r, const struct err *err)
{
    form_page(r, CHRONICLE_COMMENDATION, err);
}

static void media_form(struct req *r, const struct err *err)
{
    form_page(r, CHRONICLE_MEDIA, err);
}

static void meeting_form(struct req *r, const struct err *err)
{
    form_page(r, CHRONICLE_MEETING, err);
}

void commendation_new_page(struct req *r)
{
    commendation_form(r, NULL);
}

void media_new_page(struct req *r)
{
    media_form(r, NULL);
}

void meeting_new_page(struct req *r)
{
    meeting_form(r, NULL);
}

/* The persons typed one per line, "ID citation" (the citation optional), into in. */
static enum result read_persons(struct req *r, const char *text, struct chronicle_input *in,
                                struct err *err)
{
    size_t cap = 1;
    for (const char *p = text; *p; p++)
        cap += *p == '\n';
    struct chronicle_person *list = arena_alloc(&r->arena, cap * sizeof(*list));
    size_t n = 0;
    char *copy = arena_strdup(&r->arena, text);
    for (char *line = copy; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            line[--len] = '\0';
        line += strspn(line, " \t");
        if (*line) {
            size_t digits = strspn(line, "0123456789");
            char id[24];
            /* after the id: the end, a blank, a comma (also a full-width one) */
            unsigned char after = (unsigned char)line[digits];
            if (digits == 0 || digits >= sizeof(id) ||
                (after && after < 0x80 && !strchr(" \t,", after)))
                return err_setf(err, RES_INVALID, "persons", "chronicle.bad_person_line", "%zu",
                                n + 1);
            memcpy(id, line, digits);
            id[digits] = '\0';
            if (str_to_ll(id, 1, 1LL << 62, &list[n].person) != 0)
                return err_setf(err, RES_INVALID, "persons", "chronicle.bad_person_line", "%zu",
                                n + 1);
            const char *cite = line + digits;
            cite += strspn(cite, " \t,");
            if (strncmp(cite, "\xef\xbc\x8c", 3) == 0) /* "，" */
                cite += 3 + strspn(cite + 3, " \t");
            list[n++].citation = cite;
        }
        line = next;
    }
    in->persons = list;
    in->n_persons = n;
    return RES_OK;
}

static void new_post(struct req *r, enum chronicle_kind k,
                     void (*page)(struct req *r, const struct err *err))
{
    struct chronicle_create_job job = { .who = &r->actor, .k = k };
    struct chronicle_input *in = &job.in;
    in->unit = req_form(r, "unit");
    in->title = req_form(r, "title");
    in->day = req_form(r, "day");
    in->level = req_form(r, "level");
    in->kind = req_form(r, "kind");
    in->outlet = req_form(r, "outlet");
    in->link = req_form(r, "link");
    in->minutes = req_form(r, "minutes");
    in->attendees = -1;
    enum result res = RES_OK;
    const char *att = req_form(r, "attendees");
    if (k == CHRONICLE_MEETING && att && *att &&
        str_to_ll(att, 0, 10000000, &in->attendees) != 0)
        res = err_setf(&job.err, RES_INVALID, "attendees", "err.range", "0-10000000");
    if (res == RES_OK && k == CHRONICLE_COMMENDATION)
        res = read_persons(r, req_form(r, "persons") ? req_form(r, "persons") : "", in,
                           &job.err);
    if (res == RES_OK)
        res = req_write(r, chronicle_create_job, &job);
    if (registry_form_failed(r, res, &job.err, page))
        return;
    if (k == CHRONICLE_COMMENDATION)
        resp_redirect(r, arena_printf(&r->arena, "/commendations/%lld", job.id));
    else
        resp_redirect(r, pages[k].path);
}

void commendation_new_post(struct req *r)
{
    new_post(r, CHRONICLE_COMMENDATION, commendation_form);
}

void media_new_post(struct req *r)
{
    new_post(r, CHRONICLE_MEDIA, media_form);
}

void meeting_new_post(struct req *r)
{
    new_post(r, CHRONICLE_MEETING, meeting_form);
}

/* ---- a commendation ---- */

void commendation_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "commendation");
    if (!id)
        return;
    struct chronicle_commendation c;
    struct err err = { 0 };
    enum result res = chronicle_commendation_get(r->db, &r->actor, id, &r->arena, &c, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, c.e.title);
    html_printf(&r->out,
                "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd></dl>",
                tr(r, "unit.name"), c.e.unit_name, tr(r, "chronicle.level"),
                tr_enum(r, "chronicle.level", c.e.level), tr(r, "chronicle.day"), c.e.day);
    static const char *const cols[] = { "chronicle.person", "chronicle.position", "unit.name",
                                        "chronicle.citation" };
    table_head(r, cols, N(cols));
    for (size_t i = 0; i < c.n_persons; i++) {
        const struct chronicle_named *p = &c.persons[i];
        html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", p->name,
                    p->position, p->unit_name, p->citation);
    }
    table_end(r);
    html_printf(&r->out, "<p><a href=\"/commendations\">%s</a></p>", tr(r, "chronicle.back"));
    page_end(r);
}

/* ---- imports ---- */

static void import_post(struct req *r, enum chronicle_kind k, import_fn run)
{
    const struct page_import im = {
        .title_id = "registry.import",
        .failed_id = "chronicle.import_failed",
        .back = pages[k].path,
        .ok = pages[k].path,
        .run = run,
        .arg = 0,
    };
    page_import(r, &im);
}

void commendation_import_post(struct req *r)
{
    import_post(r, CHRONICLE_COMMENDATION, commendation_import);
}

void media_import_post(struct req *r)
{
    import_post(r, CHRONICLE_MEDIA, media_import);
}

void meeting_import_post(struct req *r)
{
    import_post(r, CHRONICLE_MEETING, meeting_import);
}
