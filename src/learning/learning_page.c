/*
 * What the learning handlers share (handler layer; see learning_int_web.h): the links between the
 * exam, question bank and training pages, numbers typed into their forms, a failed read answered.
 */
#include "learning/learning_int_web.h"

#include "auth/scope.h"
#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
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

void learning_fail_read(struct req *r, enum result res, const char *field, const char *msg)
{
    struct err err = { 0 };
    req_fail(r, res == RES_FAIL ? db_fail(r->db, &err) : err_set(&err, RES_NOT_FOUND, field, msg),
             &err);
}
