/*
 * What the learning pages share (handler layer; see learning_page_web.h): the links between the
 * exam, question bank and training pages, and numbers typed into their forms.
 */
#include "learning/learning_page_web.h"

#include "auth/scope.h"
#include "core/html.h"
#include "core/str.h"
#include "web/layout.h"

void learning_links(struct req *r)
{
    html_printf(&r->out, "<p class=\"crumbs\"><a href=\"/exams\">%s</a> · ", tr(r, "exam.title"));
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        html_printf(&r->out, "<a href=\"/questions\">%s</a> · ", tr(r, "question.bank"));
    html_printf(&r->out, "<a href=\"/training\">%s</a></p>", tr(r, "training.title"));
}

enum result learning_form_number(struct req *r, const char *name, long long lo, long long hi,
                                 long long *out, struct err *err)
{
    const char *v = req_form(r, name);
    if (!v || !*v)
        return RES_OK;
    if (str_to_ll(v, lo, hi, out) != 0)
        return err_setf(err, RES_INVALID, name, "err.range", "%lld-%lld", lo, hi);
    return RES_OK;
}
