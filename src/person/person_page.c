/* HTML handlers for people and accounts (handler layer): a person's page, the add-person
 * form's target, and the list of accounts in the caller's scope. */
#include "core/html.h"
#include "http/param.h"
#include "person/person.h"
#include "person/person_web.h"
#include "web/form.h"
#include "web/layout.h"

enum { ACCOUNTS_PER_PAGE = 50 };

/* The page of the unit code (arena). */
static const char *unit_url(struct req *r, const char *code)
{
    struct url u;
    url_begin(&u, r, "/units/%s", code);
    return url_end(&u);
}

static void person_detail(void *ctx, const struct person *p)
{
    struct req *r = ctx;
    page_begin(r, p->name);
    page_notice(r);
    html_printf(&r->out, "<table><tbody><tr><th>%s</th><td>%s</td></tr>", tr(r, "person.name"),
                p->name);
    html_printf(&r->out,
                "<tr><th>%s</th><td><a href=\"%s\">%s</a></td></tr><tr><th>%s</th><td>%s</td></tr>",
                tr(r, "person.unit"), unit_url(r, p->unit_code), p->unit_name,
                tr(r, "person.position"), p->position);
    html_printf(&r->out,
                "<tr><th>%s</th><td>%s</td></tr><tr><th>%s</th><td>%s</td></tr>"
                "<tr><th>%s</th><td>%s</td></tr>",
                tr(r, "person.phone"), p->phone, tr(r, "person.email"), p->email,
                tr(r, "person.account"), p->login);
    if (*p->role)
        html_printf(&r->out, "<tr><th>%s</th><td>%s</td></tr>", tr(r, "account.role"),
                    tr_enum(r, "role", p->role));
    html_raw(&r->out, "</tbody></table>");
    page_end(r);
}

void person_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "person");
    if (id && person_get(r->db, &r->actor, id, person_detail, r) != RES_OK) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, "person", "err.not_found");
        req_fail(r, RES_NOT_FOUND, &err);
    }
}

void person_new_post(struct req *r)
{
    struct person_add_job job = {
        .who = &r->actor,
        .in = { .unit_code = req_form(r, "unit"),
                .name = req_form(r, "name"),
                .position = req_form(r, "position"),
                .phone = req_form(r, "phone"),
                .email = req_form(r, "email") },
    };
    if (req_run(r, person_add_job, &job, &job.err) != RES_OK)
        return;
    resp_redirect(r, arena_printf(&r->arena, "/persons/%lld?ok=person.added", job.id));
}

static void account_row(void *ctx, const struct account_row *row)
{
    struct req *r = ctx;
    html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td></tr>",
                row->login, row->name, unit_url(r, row->unit_code), row->unit_name,
                tr_enum(r, "role", row->role),
                tr(r, row->disabled ? "account.disabled" : "account.active"));
}

void account_list_page(struct req *r)
{
    struct paging pg;
    if (param_paging(r, ACCOUNTS_PER_PAGE, ACCOUNTS_PER_PAGE, &pg))
        return;
    page_begin(r, tr(r, "nav.accounts"));
    html_printf(&r->out, "<p><a href=\"/persons/import\">%s</a></p>",
                tr(r, "import.users_title"));
    static const char *const cols[] = { "account.login", "person.name", "person.unit",
                                         "account.role", "account.state" };
    table_head(r, cols, 5);
    long long total = 0;
    account_list(r->db, &r->actor, pg.offset, pg.limit, &total, account_row, r);
    table_end(r);
    form_pager(r, "/accounts", pg.page, pg.limit, total);
    page_end(r);
}
