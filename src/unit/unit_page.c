/*
 * HTML handlers of the unit tree (handler layer): a unit's page shows the path to it, the
 * units directly below with their people counts, the unit's own people, and the forms to add
 * a unit or a person where the caller's role allows.
 */
#include <stdlib.h>
#include <string.h>

#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "person/person.h"
#include "unit/unit.h"
#include "unit/unit_web.h"
#include "web/form.h"
#include "web/layout.h"

enum { PEOPLE_PER_PAGE = 50 };

/* The page of the unit code (arena). */
static const char *unit_url(struct req *r, const char *code)
{
    struct url u;
    url_begin(&u, r, "/units/%s", code);
    return url_end(&u);
}

static void crumbs(struct req *r, const struct unit *u)
{
    html_raw(&r->out, "<p class=\"crumbs\">");
    long long ids[UNIT_PATH_MAX / 2];
    int n = path_ids(u->path, ids, UNIT_PATH_MAX / 2), first = 1;
    for (int i = 0; i < n; i++) {
        struct unit a;
        if (ids[i] == u->id || unit_get_id(r->db, &r->actor, ids[i], &a) != RES_OK)
            continue;
        html_printf(&r->out, "%s<a href=\"%s\">%s</a>", first ? "" : " › ", unit_url(r, a.code),
                    a.name);
        first = 0;
    }
    html_printf(&r->out, "%s%s</p>", first ? "" : " › ", u->name);
}

struct child_ctx {
    struct req *r;     /* the request being rendered */
    long long root_id; /* the unit whose children are listed */
    int n;             /* children written */
};

static void child_row(void *ctx, const struct unit *u)
{
    struct child_ctx *c = ctx;
    if (u->id == c->root_id)
        return;
    struct req *r = c->r;
    static const char *const cols[] = { "unit.name", "unit.kind", "#unit.children",
                                         "#unit.persons", "#unit.total" };
    if (c->n++ == 0)
        table_head(r, cols, 5);
    html_printf(&r->out,
                "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
                unit_url(r, u->code), u->name, tr_enum(r, "kind", u->kind), u->n_children,
                u->n_persons, u->n_total);
}

struct person_ctx {
    struct req *r; /* the request being rendered */
    int n;         /* rows written */
};

static void person_row(void *ctx, const struct person *p)
{
    struct person_ctx *c = ctx;
    struct req *r = c->r;
    static const char *const cols[] = { "person.name", "person.position", "person.account" };
    if (c->n++ == 0)
        table_head(r, cols, 3);
    html_printf(&r->out, "<tr><td><a href=\"/persons/%lld\">%s</a></td><td>%s</td><td>%s</td></tr>",
                p->id, p->name, p->position, p->login);
}

static void add_forms(struct req *r, const struct unit *u)
{
    if (role_may(r->actor.role, PERM_PERSON_WRITE)) {
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "person.add"));
        form_begin(r, "/persons", "stack", 0);
        html_printf(&r->out, "<input type=\"hidden\" name=\"unit\" value=\"%s\">", u->code);
        html_printf(&r->out, "<label>%s<input name=\"name\" required maxlength=\"50\"></label>",
                    tr(r, "person.name"));
        html_printf(&r->out, "<label>%s %s<input name=\"position\" maxlength=\"100\"></label>",
                    tr(r, "person.position"), tr(r, "form.optional"));
        html_printf(&r->out,
                    "<label>%s %s<input name=\"phone\" type=\"tel\" maxlength=\"20\""
                    " autocomplete=\"off\"></label><label>%s %s<input name=\"email\""
                    " type=\"email\" maxlength=\"100\" autocomplete=\"off\"></label>",
                    tr(r, "person.phone"), tr(r, "form.optional"), tr(r, "person.email"),
                    tr(r, "form.optional"));
        form_submit(r, "form.save", 1);
    }
    if (role_may(r->actor.role, PERM_UNIT_WRITE)) {
        static const char *const kinds[] = { "office", "department", "city",
                                             "county", "township",   "other" };
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "unit.add"));
        form_begin(r, "/units", "stack", 0);
        html_printf(&r->out, "<input type=\"hidden\" name=\"parent\" value=\"%s\">", u->code);
        html_printf(&r->out,
                    "<label>%s<input name=\"code\" required maxlength=\"32\""
                    " pattern=\"[A-Za-z0-9_-]+\"></label>",
                    tr(r, "unit.code"));
        html_printf(&r->out, "<label>%s<input name=\"name\" required maxlength=\"100\"></label>",
                    tr(r, "unit.name"));
        html_printf(&r->out, "<label>%s<select name=\"kind\">", tr(r, "unit.kind"));
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
            form_option(r, kinds[i], tr_enum(r, "kind", kinds[i]), NULL);
        html_raw(&r->out, "</select></label>");
        form_submit(r, "form.save", 1);
    }
}

static void unit_render(struct req *r, const char *code)
{
    struct unit u;
    struct err err = { 0 };
    enum result res = unit_get(r->db, &r->actor, code, &u, &err);
    struct paging pg;
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    int order = param_name_order(r);
    if (order < 0 || param_paging(r, PEOPLE_PER_PAGE, PEOPLE_PER_PAGE, &pg))
        return;
    page_begin(r, u.name);
    page_notice(r);
    crumbs(r, &u);
    html_printf(&r->out, "<p class=\"muted\">%s %s · %s · %s %lld · %s %lld</p>",
                tr(r, "unit.code"), u.code, tr_enum(r, "kind", u.kind),
                tr(r, "unit.persons"), u.n_persons, tr(r, "unit.total"), u.n_total);
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "unit.children"));
    struct child_ctx cc = { .r = r, .root_id = u.id };
    unit_each(r->db, &r->actor, &u, 1, child_row, &cc);
    if (cc.n)
        table_end(r);
    else
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "unit.none"));
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "person.list"));
    /* surname stroke order (姓氏笔画), as official rosters go; pinyin when asked for */
    struct url by;
    url_begin(&by, r, "/units/%s", u.code);
    url_param(&by, "order", order == ORDER_PINYIN ? "stroke" : "pinyin");
    html_printf(&r->out, "<p class=\"muted\">%s · <a href=\"%s\">%s</a></p>",
                tr(r, order == ORDER_PINYIN ? "person.by_pinyin" : "person.by_stroke"),
                url_end(&by),
                tr(r, order == ORDER_PINYIN ? "person.to_stroke" : "person.to_pinyin"));
    struct person_ctx pc = { .r = r };
    long long total = 0;
    person_each_in(r->db, &r->actor, u.code, (enum name_order)order, pg.offset, pg.limit, &total,
                   person_row, &pc, &err);
    if (pc.n)
        table_end(r);
    else
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "person.none"));
    if (total > PEOPLE_PER_PAGE) {
        struct url pager;
        url_begin(&pager, r, "/units/%s", u.code);
        if (order == ORDER_PINYIN)
            url_param(&pager, "order", "pinyin");
        form_pager(r, url_end(&pager), pg.page, pg.limit, total);
    }
    leader_section(r, &u);
    add_forms(r, &u);
    page_end(r);
}

void unit_tree_page(struct req *r)
{
    struct unit u;
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &u) != RES_OK) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, "unit", "err.not_found");
        req_fail(r, RES_NOT_FOUND, &err);
        return;
    }
    unit_render(r, u.code);
}

void unit_show_page(struct req *r)
{
    unit_render(r, r->args[0]);
}

void unit_new_post(struct req *r)
{
    struct unit_add_job job = {
        .who = &r->actor,
        .in = { req_form(r, "code"), req_form(r, "name"), req_form(r, "parent"),
                req_form(r, "kind") },
    };
    if (req_run(r, unit_add_job, &job, &job.err) != RES_OK)
        return;
    struct url u;
    url_begin(&u, r, "/units/%s", job.in.parent_code ? job.in.parent_code : job.in.code);
    url_param(&u, "ok", "unit.added");
    resp_redirect(r, url_end(&u));
}
