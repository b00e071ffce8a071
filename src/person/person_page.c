/* HTML handlers for people and accounts (handler layer): a person's page, the add-person
 * form's target, and the list of accounts in the caller's scope. */
#include "core/html.h"
#include "core/str.h"
#include "person/person.h"
#include "person/person_web.h"
#include "web/form.h"
#include "web/layout.h"

static void person_detail(void *ctx, const struct person *p)
{
    struct req *r = ctx;
    page_begin(r, p->name);
    page_notice(r);
    html_printf(&r->out, "<table><tbody><tr><th>%s</th><td>%s</td></tr>", tr(r, "person.name"),
                p->name);
    html_printf(&r->out, "<tr><th>%s</th><td><a href=\"/units/", tr(r, "person.unit"));
    html_urlpart(&r->out, p->unit_code);
    html_printf(&r->out, "\">%s</a></td></tr><tr><th>%s</th><td>%s</td></tr>", p->unit_name,
                tr(r, "person.position"), p->position);
    html_printf(&r->out, "<tr><th>%s</th><td>%s</td></tr>", tr(r, "person.account"), p->login);
    if (*p->role)
        html_printf(&r->out, "<tr><th>%s</th><td>%s</td></tr>", tr(r, "account.role"),
                    tr_enum(r, "role", p->role));
    html_raw(&r->out, "</tbody></table>");
    page_end(r);
}

void person_show_page(struct req *r)
{
    long long id;
    struct err err = { 0 };
    err_set(&err, RES_NOT_FOUND, "person", "err.not_found");
    if (str_to_ll(r->args[0], 1, (1LL << 62), &id) != 0 ||
        person_get(r->db, &r->actor, id, person_detail, r) != RES_OK)
        page_error(r, 404, &err);
}

void person_new_post(struct req *r)
{
    struct person_add_job job = {
        .who = &r->actor,
        .in = { req_form(r, "unit"), req_form(r, "name"), req_form(r, "position") },
    };
    enum result res = req_write(r, person_add_job, &job);
    if (res != RES_OK) {
        page_error(r, result_status(res), &job.err);
        return;
    }
    resp_redirect(r, arena_printf(&r->arena, "/persons/%lld?ok=person.added", job.id));
}

static void account_row(void *ctx, const struct account_row *row)
{
    struct req *r = ctx;
    html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td><a href=\"/units/", row->login, row->name);
    html_urlpart(&r->out, row->unit_code);
    html_printf(&r->out, "\">%s</a></td><td>%s</td><td>%s</td></tr>", row->unit_name,
                tr_enum(r, "role", row->role),
                tr(r, row->disabled ? "account.disabled" : "account.active"));
}

void account_list_page(struct req *r)
{
    page_begin(r, tr(r, "nav.accounts"));
    html_printf(&r->out,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                tr(r, "account.login"), tr(r, "person.name"), tr(r, "person.unit"),
                tr(r, "account.role"), tr(r, "account.state"));
    account_list(r->db, &r->actor, account_row, r);
    html_raw(&r->out, "</tbody></table></div>");
    page_end(r);
}
