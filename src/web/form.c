/* Forms, URLs, tables and the pager; see form.h. Web layer. */
#include "web/form.h"

#include <stdarg.h>
#include <string.h>

#include "core/html.h"
#include "http/csrf.h"
#include "http/param.h"
#include "web/layout.h"

enum { URL_MAX = 8192 };

void url_begin(struct url *u, struct req *r, const char *path_fmt, ...)
{
    u->r = r;
    u->n_params = 0;
    buf_init(&u->b, URL_MAX);
    va_list ap;
    va_start(ap, path_fmt);
    html_vformat(&u->b, html_urlpart, path_fmt, ap);
    va_end(ap);
}

/* '?' before the first pair, '&' before the others, and name=. */
static void url_name(struct url *u, const char *name)
{
    buf_addch(&u->b, u->n_params++ ? '&' : '?');
    html_urlpart(&u->b, name);
    buf_addch(&u->b, '=');
}

void url_param(struct url *u, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    url_name(u, name);
    html_urlpart(&u->b, value);
}

void url_int(struct url *u, const char *name, long long v)
{
    url_name(u, name);
    html_int(&u->b, v);
}

const char *url_end(struct url *u)
{
    const char *s = arena_strdup(&u->r->arena, buf_str(&u->b));
    buf_release(&u->b);
    return s;
}

void form_csrf(struct req *r)
{
    csrf_prepare(r); /* only pages with forms set the anonymous cookie */
    html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->csrf);
}

void form_begin(struct req *r, const char *action, const char *cls, unsigned flags)
{
    html_printf(&r->out, "<form method=\"%s\" action=\"%s\"", flags & FORM_GET ? "get" : "post",
                action);
    if (flags & FORM_UPLOAD)
        html_raw(&r->out, " enctype=\"multipart/form-data\"");
    if (cls)
        html_printf(&r->out, " class=\"%s\"", cls);
    html_raw(&r->out, ">");
    if (!(flags & FORM_GET))
        form_csrf(r);
}

const char *form_or(struct req *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

int form_optional_id(struct req *r, const char *name, long long *id)
{
    *id = 0;
    return *form_or(r, name) && !(*id = param_need_id(r, req_form(r, name), name)) ? -1 : 0;
}

void form_file(struct req *r, const char *label)
{
    html_printf(&r->out,
                "<label>%s<input name=\"file\" type=\"file\" accept=\".csv,.xlsx,.xls\""
                " required></label>",
                tr(r, label));
}

void form_submit(struct req *r, const char *label, int primary)
{
    if (primary)
        html_raw(&r->out, "<button class=\"primary\" type=\"submit\">");
    else
        html_raw(&r->out, "<button type=\"submit\">");
    html_printf(&r->out, "%s</button></form>", tr(r, label));
}

void form_option(struct req *r, const char *value, const char *text, const char *current)
{
    html_printf(&r->out, "<option value=\"%s\"%s>%s</option>", value,
                current && strcmp(value, current) == 0 ? " selected" : "", text);
}

/* table_head, the table of class cards when cards is set. */
static void head(struct req *r, int cards, const char *const *cols, size_t n_cols)
{
    /* focusable, so that a keyboard can scroll a table wider than the screen */
    if (cards)
        html_raw(&r->out, "<div class=\"table-wrap\" tabindex=\"0\"><table class=\"cards\">");
    else
        html_raw(&r->out, "<div class=\"table-wrap\" tabindex=\"0\"><table>");
    html_raw(&r->out, "<thead><tr>");
    for (size_t i = 0; i < n_cols; i++) {
        if (cols[i][0] == '#')
            html_printf(&r->out, "<th class=\"num\">%s</th>", tr(r, cols[i] + 1));
        else
            html_printf(&r->out, "<th>%s</th>", tr(r, cols[i]));
    }
    html_raw(&r->out, "</tr></thead><tbody>");
}

void table_head(struct req *r, const char *const *cols, size_t n_cols)
{
    head(r, 0, cols, n_cols);
}

void table_cards(struct req *r, const char *const *cols, size_t n_cols)
{
    head(r, 1, cols, n_cols);
}

void table_end(struct req *r)
{
    html_raw(&r->out, "</tbody></table></div>");
}

/* url with page=n added after its own query. */
const char *url_base(struct req *r)
{
    const char *host = req_header(r, "Host");
    const char *proto = req_header(r, "X-Forwarded-Proto");
    return arena_printf(&r->arena, "%s://%s",
                        proto && strcmp(proto, "https") == 0 ? "https" : "http",
                        host ? host : "127.0.0.1");
}

static const char *page_url(struct req *r, const char *url, long long n)
{
    struct url u;
    url_begin(&u, r, "/");
    buf_reset(&u.b);
    buf_adds(&u.b, url); /* built by url_*: its values are encoded already */
    u.n_params = strchr(url, '?') != NULL;
    url_int(&u, "page", n);
    return url_end(&u);
}

void form_pager(struct req *r, const char *url, long long page, long long per_page,
                long long total)
{
    html_printf(&r->out, "<nav class=\"pager\"><span>%s %lld %s</span>", tr(r, "page.of"), total,
                tr(r, "page.items"));
    if (total > per_page) {
        if (page > 1)
            html_printf(&r->out, "<a href=\"%s\" rel=\"prev\">%s</a>", page_url(r, url, page - 1),
                        tr(r, "page.prev"));
        html_printf(&r->out, "<span>%lld / %lld</span>", page, (total + per_page - 1) / per_page);
        if (page * per_page < total)
            html_printf(&r->out, "<a href=\"%s\" rel=\"next\">%s</a>", page_url(r, url, page + 1),
                        tr(r, "page.next"));
    }
    html_raw(&r->out, "</nav>");
}

void page_notice(struct req *r)
{
    static const char *const notices[] = {
        "account.password_changed",
        "activity.created",
        "activity.recorded",
        "campaign.added",
        "exam.created",
        "exam.handed_in",
        "exam.saved",
        "leader.added",
        "leader.ended",
        "measure.added",
        "measure.implemented",
        "measure.started",
        "measure.verified",
        "opinion.added",
        "opinion.attached",
        "opinion.imported",
        "opinion.merged",
        "opinion.rated",
        "opinion.replied",
        "outreach.added",
        "person.added",
        "instruction.created",
        "plan.created",
        "plan.imported",
        "problem.added",
        "question.added",
        "question.imported",
        "report.created",
        "report.done",
        "sup.issued",
        "survey.problem_filed",
        "survey.tally_saved",
        "survey.tallies_imported",
        "task.accepted",
        "task.created",
        "task.extension_asked",
        "task.extension_decided",
        "task.reported",
        "task.resumed_ok",
        "task.returned",
        "task.signed_ok",
        "task.split_done",
        "task.suspended_ok",
        "template.added",
        "training.attendance_saved",
        "training.created",
        "training.enrolled_ok",
        "unit.added",
    };
    const char *ok = req_query(r, "ok");
    for (size_t i = 0; ok && i < sizeof(notices) / sizeof(notices[0]); i++)
        if (strcmp(ok, notices[i]) == 0)
            html_printf(&r->out, "<p class=\"notice\" role=\"status\">%s</p>", tr(r, ok));
}

void form_field_error(struct req *r, const char *name, const struct err *err)
{
    if (err && err->field && strcmp(err->field, name) == 0)
        html_printf(&r->out, "<span class=\"field-error\" role=\"alert\">%s</span>",
                    err_text_for(r, err));
}
