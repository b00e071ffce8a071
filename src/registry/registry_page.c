/*
 * What every registry's pages share (handler layer): the list's filter read from the query and
 * its form (unit, subtree, period, the registry's kind), the links under a list (pager, XLSX and
 * CSV export, import, new), and create forms that show a failed post again with the error
 * beside its field. See registry_web.h.
 */
#include <string.h>

#include "core/html.h"
#include "http/route.h"
#include "http/param.h"
#include "registry/registry.h"
#include "registry/registry_web.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

int registry_query(struct req *r, struct registry_filter *f, long long per_page,
                   struct paging *p)
{
    memset(f, 0, sizeof(*f));
    f->unit = param_str(r, "unit", NULL);
    int api = r->route && (r->route->flags & RF_API);
    struct unit own;
    if (!f->unit && !api)
        f->unit = unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK
                      ? arena_strdup(&r->arena, own.code)
                      : "";
    f->subtree = strcmp(param_str(r, "subtree", ""), "1") == 0;
    f->from = param_str(r, "from", "");
    f->to = param_str(r, "to", "");
    f->kind = param_str(r, "kind", "");
    f->level = param_str(r, "level", "");
    if (param_paging(r, per_page, REGISTRY_LIST_MAX, p) != 0)
        return 0;
    f->offset = p->offset;
    f->limit = p->limit;
    return 1;
}

/* Adds the filter to a URL, all but the page. */
static void filter_params(struct url *u, const struct registry_filter *f, const char *const *extra)
{
    for (size_t i = 0; extra && extra[i]; i += 2)
        url_param(u, extra[i], extra[i + 1]);
    url_param(u, "unit", f->unit);
    url_int(u, "subtree", f->subtree);
    url_param(u, "from", f->from);
    url_param(u, "to", f->to);
    url_param(u, "kind", f->kind);
    url_param(u, "level", f->level);
}

/* A select named name of k's values (and "any"), value selected. */
static void filter_select(struct req *r, const char *name, const struct registry_kinds *k,
                          const char *value)
{
    html_printf(&r->out, "<label>%s<select name=\"%s\">", tr(r, k->label), name);
    form_option(r, "", tr(r, "filter.all"), value);
    for (size_t i = 0; k->values[i]; i++)
        form_option(r, k->values[i], tr_enum(r, k->prefix, k->values[i]), value);
    html_raw(&r->out, "</select></label>");
}

void registry_filter_form(struct req *r, const char *path, const struct registry_filter *f,
                          const struct registry_kinds *k, const struct registry_kinds *levels)
{
    const char *list = path + (*path == '/');
    struct url u;
    url_begin(&u, r, "/%s", list);
    form_begin(r, url_end(&u), "filters", FORM_GET);
    html_printf(&r->out, "<label>%s<input name=\"unit\" value=\"%s\" size=\"10\"></label>",
                tr(r, "unit.code"), f->unit);
    html_printf(&r->out,
                "<label><input type=\"checkbox\" name=\"subtree\" value=\"1\"%s> %s</label>",
                f->subtree ? " checked" : "", tr(r, "task.subtree"));
    html_printf(&r->out,
                "<label>%s<input type=\"date\" name=\"from\" value=\"%s\"></label>"
                "<label>%s<input type=\"date\" name=\"to\" value=\"%s\"></label>",
                tr(r, "registry.from"), f->from, tr(r, "registry.to"), f->to);
    if (k)
        filter_select(r, "kind", k, f->kind);
    if (levels)
        filter_select(r, "level", levels, f->level);
    form_submit(r, "filter.apply", 0);
}

void registry_list_end(struct req *r, const char *path, const struct registry_filter *f,
                       const struct paging *p, long long total)
{
    registry_list_links(r, path, f, NULL, p, total);
}

void registry_list_links(struct req *r, const char *path, const struct registry_filter *f,
                         const char *const *extra, const struct paging *p, long long total)
{
    const char *list = path + (*path == '/');
    struct url u;
    url_begin(&u, r, "/%s", list);
    filter_params(&u, f, extra);
    form_pager(r, url_end(&u), p->page, p->limit, total);
    html_raw(&r->out, "<p class=\"pager\">");
    url_begin(&u, r, "/%s/export.xlsx", list);
    filter_params(&u, f, extra);
    html_printf(&r->out, "<a href=\"%s\">%s</a>", url_end(&u), tr(r, "registry.export_xlsx"));
    url_begin(&u, r, "/%s/export.csv", list);
    filter_params(&u, f, extra);
    html_printf(&r->out, "<a href=\"%s\">%s</a>", url_end(&u), tr(r, "registry.export_csv"));
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        url_begin(&u, r, "/%s/new", list);
        html_printf(&r->out, "<a href=\"%s\">%s</a>", url_end(&u), tr(r, "registry.new"));
        html_raw(&r->out, "</p>");
        url_begin(&u, r, "/%s/import", list);
        form_begin(r, url_end(&u), "inline", FORM_UPLOAD);
        form_file(r, "registry.import_csv");
        form_submit(r, "registry.import", 0);
        import_template_link(r, list);
    } else {
        html_raw(&r->out, "</p>");
    }
}

void registry_form(struct req *r, const char *action, const struct registry_field *fields,
                   size_t n, const struct err *err)
{
    if (err && (!err->field || !*err->field))
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", err_text_for(r, err));
    unsigned flags = 0;
    for (size_t i = 0; i < n; i++)
        if (fields[i].input == REGISTRY_FILE)
            flags |= FORM_UPLOAD;
    form_begin(r, action, "stack", flags);
    for (size_t i = 0; i < n; i++) {
        const struct registry_field *fl = &fields[i];
        const char *v = req_form(r, fl->name);
        if (!v)
            v = fl->value ? fl->value : "";
        const char *req = fl->required ? " required" : "";
        int bad = err && err->field && strcmp(err->field, fl->name) == 0;
        const char *inv = bad ? " aria-invalid=\"true\"" : "";
        html_printf(&r->out, "<label>%s", tr(r, fl->label));
        switch (fl->input) {
        case REGISTRY_TEXTAREA:
            html_printf(&r->out, "<textarea name=\"%s\" rows=\"6\"%s%s>%s</textarea>", fl->name,
                        req, inv, v);
            break;
        case REGISTRY_SELECT:
            html_printf(&r->out, "<select name=\"%s\"%s>", fl->name, inv);
            for (size_t k = 0; fl->kinds->values[k]; k++)
                form_option(r, fl->kinds->values[k],
                            tr_enum(r, fl->kinds->prefix, fl->kinds->values[k]), v);
            html_raw(&r->out, "</select>");
            break;
        case REGISTRY_FILE: /* a browser never fills a file input again */
            html_printf(&r->out, "<input type=\"file\" name=\"%s\"%s%s>", fl->name, req, inv);
            break;
        case REGISTRY_CHECK:
            html_printf(&r->out, "<input type=\"checkbox\" name=\"%s\" value=\"1\"%s>", fl->name,
                        *v == '1' ? " checked" : "");
            break;
        default: {
            static const char *const types[] = { [REGISTRY_TEXT] = "text",
                                                 [REGISTRY_DATE] = "date",
                                                 [REGISTRY_NUMBER] = "number",
                                                 [REGISTRY_URL] = "url" };
            html_printf(&r->out, "<input type=\"%s\" name=\"%s\" value=\"%s\"%s%s>",
                        types[fl->input], fl->name, v, req, inv);
        }
        }
        form_field_error(r, fl->name, err);
        html_raw(&r->out, "</label>");
    }
    form_submit(r, "form.save", 1);
}

int registry_form_file(struct req *r, const char *name, struct attachment_input *out)
{
    for (const struct form_field *f = r->form; f; f = f->next)
        if (strcmp(f->name, name) == 0 && f->filename && *f->filename) {
            *out = (struct attachment_input){ f->filename, f->type, f->value, f->len };
            return 1;
        }
    return 0;
}

int registry_form_failed(struct req *r, enum result res, const struct err *err,
                         void (*page)(struct req *r, const struct err *err))
{
    if (res == RES_OK)
        return 0;
    if (res != RES_INVALID || !err->field) {
        req_fail(r, res, err);
        return 1;
    }
    buf_reset(&r->out);
    r->status = 400;
    page(r, err);
    return 1;
}
