/* The page frame; see layout.h. Web layer. */
#include "web/layout.h"

#include <string.h>

#include "core/html.h"
#include "web/form.h"

const char *tr(const struct req *r, const char *id)
{
    return i18n(r->lang, id);
}

const char *tr_enum(const struct req *r, const char *prefix, const char *value)
{
    if (!value)
        return "";
    char key[64];
    size_t np = strlen(prefix), nv = strlen(value);
    if (np + 1 + nv >= sizeof(key))
        return value;
    memcpy(key, prefix, np);
    key[np] = '.';
    memcpy(key + np + 1, value, nv + 1);
    const char *text = i18n(r->lang, key);
    return text == key ? value : text;
}

void page_begin(struct req *r, const char *title)
{
    struct buf *o = &r->out;
    buf_reserve(o, 16384);
    html_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">",
                r->lang == LANG_EN ? "en" : "zh-CN");
    html_raw(o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    html_printf(o, "<title>%s · %s</title>", title, tr(r, "app.name"));
    html_raw(o, "<link rel=\"stylesheet\" href=\"/static/style.css\"></head><body>");
    html_printf(o, "<a class=\"skip\" href=\"#main\">%s</a><header><nav>", tr(r, "nav.skip"));
    html_printf(o, "<a class=\"brand\" href=\"/\">%s</a>", tr(r, "app.name"));
    /* on a phone the links fold behind one menu button: a checkbox and its label, so that it
     * opens without JavaScript */
    html_printf(o,
                "<input type=\"checkbox\" id=\"menu\" class=\"menu-toggle\">"
                "<label for=\"menu\" class=\"menu-button\">%s</label><div class=\"menu\">",
                tr(r, "nav.menu"));
    if (r->authed) {
        html_printf(o, "<a href=\"/units\">%s</a>", tr(r, "nav.units"));
        html_printf(o, "<a href=\"/plans\">%s</a>", tr(r, "nav.plans"));
        html_printf(o, "<a href=\"/tasks\">%s</a>", tr(r, "nav.tasks"));
        html_printf(o, "<a href=\"/inbox\">%s</a>", tr(r, "nav.inbox"));
        html_printf(o, "<a href=\"/opinions\">%s</a>", tr(r, "nav.opinions"));
        html_printf(o, "<a href=\"/evaluations\">%s</a>", tr(r, "nav.evaluations"));
        html_printf(o, "<a href=\"/surveys\">%s</a>", tr(r, "nav.surveys"));
        html_printf(o, "<a href=\"/exams\">%s</a>", tr(r, "nav.learning"));
        html_printf(o, "<a href=\"/activities\">%s</a>", tr(r, "nav.activities"));
        html_printf(o, "<a href=\"/registries\">%s</a>", tr(r, "nav.registries"));
        html_printf(o, "<a href=\"/reports\">%s</a>", tr(r, "nav.reports"));
        if (role_may(r->actor.role, PERM_SUPERVISE))
            html_printf(o, "<a href=\"/supervision\">%s</a>", tr(r, "nav.supervision"));
        if (role_may(r->actor.role, PERM_ACCOUNT_WRITE))
            html_printf(o, "<a href=\"/accounts\">%s</a>", tr(r, "nav.accounts"));
    }
    struct url lang;
    url_begin(&lang, r, "/lang");
    url_param(&lang, "to", r->lang == LANG_EN ? "zh" : "en");
    url_param(&lang, "next", r->path);
    html_printf(o, "<a href=\"%s\">%s</a>", url_end(&lang), tr(r, "nav.lang"));
    if (r->authed) {
        form_begin(r, "/logout", "inline", 0);
        html_printf(o, "<a href=\"/account/password\" title=\"%s\" class=\"who\">%s</a>",
                    tr(r, "account.password"), r->actor.login);
        form_submit(r, "nav.logout", 0);
    } else {
        html_printf(o, "<a href=\"/login\">%s</a>", tr(r, "nav.login"));
    }
    html_printf(o, "</div></nav></header><main id=\"main\"><h1>%s</h1>", title);
}

void page_end(struct req *r)
{
    html_printf(&r->out, "</main><footer>%s</footer></body></html>\n", tr(r, "app.tagline"));
}

void page_error(struct req *r, int status, const struct err *err)
{
    buf_reset(&r->out);
    r->status = status;
    r->content_type = NULL;
    page_begin(r, tr(r, "err.title"));
    html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", err_text_for(r, err));
    html_printf(&r->out, "<p><a href=\"/\">%s</a></p>", tr(r, "err.back"));
    page_end(r);
}
