/*
 * HTML handlers of notices (handler layer; model in notice.h): the list of notices received and
 * issued with the form to draft one, the printable notice (an A4 official document after
 * GB/T 9704: issuer, number, title, addressees, text, date, signer) with the leader's sign and
 * return forms, and their posts.
 */
#include <stdlib.h>
#include <string.h>

#include "core/html.h"
#include "http/param.h"
#include "task/notice.h"
#include "task/task_int_web.h"
#include "task/task_web.h"
#include "unit/unit.h"
#include "web/form.h"
#include "web/layout.h"

void notice_item(struct req *r, const struct notice *n)
{
    char number[NOTICE_NUMBER_MAX];
    notice_number(number, n->year, n->serial);
    html_printf(&r->out,
                "<li><span class=\"muted\">%s %s</span> <strong>%s</strong> "
                "<a href=\"/notices/%lld\">%s</a> <span class=\"muted\">%s</span></li>",
                arena_strndup(&r->arena, n->decided[0] ? n->decided : n->created, 10), n->dept_name,
                tr_enum(r, "notice", n->kind), n->id, n->title,
                number[0] ? number : tr_enum(r, "notice", n->state));
}

struct list_ctx {
    struct req *r;        /* the request being rendered */
    const char *title_id; /* the section's heading */
    int n;                /* rows written */
};

static void list_row(void *ctx, const struct notice *n)
{
    struct list_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, c->title_id));
    notice_item(r, n);
}

/* One list of notices under its heading, or nothing when it is empty. */
static void list_section(struct req *r, enum notice_scope what, const char *title_id)
{
    struct list_ctx c = { .r = r, .title_id = title_id };
    notice_each(r->db, &r->actor, what, 0, list_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
}

static void addressee_option(void *ctx, const struct unit *u)
{
    struct req *r = ctx;
    html_printf(&r->out, "<option value=\"%s\">%s</option>", u->code, u->name);
}

/* The drafting form: addressees among the department's jurisdiction, two levels down. */
static void draft_form(struct req *r)
{
    static const char *const kinds[] = { "criticism", "praise" };
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "notice.new"));
    form_begin(r, "/notices", "stack", 0);
    html_printf(&r->out, "<label>%s<select name=\"kind\">", tr(r, "notice.kind"));
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        form_option(r, kinds[i], tr_enum(r, "notice", kinds[i]), NULL);
    html_printf(&r->out,
                "</select></label><label>%s<input name=\"title\" required maxlength=\"200\">"
                "</label><label>%s<select name=\"to\" multiple required size=\"8\">",
                tr(r, "notice.doc_title"), tr(r, "notice.to"));
    unit_each(r->db, &r->actor, NULL, 2, addressee_option, r);
    html_printf(&r->out,
                "</select></label><label><input type=\"checkbox\" name=\"subtree\" value=\"1\">"
                " %s</label><label>%s<textarea name=\"text\" rows=\"8\" required></textarea>"
                "</label><label>%s<input name=\"task\" inputmode=\"numeric\" value=\"%s\">"
                "</label>",
                tr(r, "notice.subtree"), tr(r, "notice.text"), tr(r, "notice.task"),
                param_str(r, "task", ""));
    form_submit(r, "notice.submit", 1);
}

void notice_list_page(struct req *r)
{
    page_begin(r, tr(r, "notice.list"));
    list_section(r, NOTICE_INBOX, "notice.inbox");
    list_section(r, NOTICE_ISSUED, "notice.issued");
    if ((role_may(r->actor.role, PERM_SUPERVISE) || r->actor.role == ROLE_LEADER) &&
        r->actor.dept_id)
        draft_form(r);
    page_end(r);
}

/* ---- the printable notice ---- */

struct doc_ctx {
    struct req *r; /* the request being rendered */
    int n;         /* addressees written */
};

static void addressee(void *ctx, const char *code, const char *name, int subtree)
{
    struct doc_ctx *c = ctx;
    (void)code;
    if (c->n++)
        html_raw(&c->r->out, "、");
    html_printf(&c->r->out, "%s%s", name, subtree ? tr(c->r, "notice.and_below") : "");
}

/* 2026-03-07... as 2026年3月7日, the way a document is dated. */
static void doc_date(struct req *r, const char *when)
{
    char *end;
    long y = strtol(when, &end, 10), m = *end ? strtol(end + 1, &end, 10) : 0,
         d = *end ? strtol(end + 1, NULL, 10) : 0;
    html_printf(&r->out, "%ld年%ld月%ld日", y, m, d);
}

static void decision_forms(struct req *r, const struct notice *n)
{
    struct url u;
    html_printf(&r->out, "<section class=\"noprint\"><h2>%s</h2>", tr(r, "notice.decide"));
    url_begin(&u, r, "/notices/%lld/sign", n->id);
    form_begin(r, url_end(&u), "inline", 0);
    form_submit(r, "notice.sign", 1);
    url_begin(&u, r, "/notices/%lld/return", n->id);
    form_begin(r, url_end(&u), "stack", 0);
    html_printf(&r->out, "<label>%s<input name=\"reason\" required></label>",
                tr(r, "notice.reason"));
    form_submit(r, "notice.return", 0);
    html_raw(&r->out, "</section>");
}

static void notice_doc(void *ctx, const struct notice *n)
{
    struct doc_ctx *c = ctx;
    struct req *r = c->r;
    char number[NOTICE_NUMBER_MAX];
    notice_number(number, n->year, n->serial);
    html_printf(&r->out,
                "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>%s %s</title>",
                number, n->title);
    html_raw(&r->out, "<link rel=\"stylesheet\" href=\"/static/print.css\"></head><body>"
                      "<article class=\"notice-doc\">");
    html_printf(&r->out, "<h1>%s</h1><p class=\"docno\">%s</p>", n->dept_name,
                number[0] ? number : tr_enum(r, "notice", n->state));
    html_printf(&r->out, "<h2>%s</h2><p class=\"to\">", n->title);
    notice_addressees(r->db, n->id, addressee, c);
    html_printf(&r->out, ":</p><p class=\"body pre\">%s</p><p class=\"sign\">%s<br>", n->text,
                n->dept_name);
    doc_date(r, n->decided[0] && strcmp(n->state, "signed") == 0 ? n->decided : n->created);
    html_raw(&r->out, "</p>");
    if (strcmp(n->state, "signed") == 0)
        html_printf(&r->out, "<p class=\"signer\">%s%s</p>", tr(r, "notice.signer"), n->signer);
    html_raw(&r->out, "</article>");
    html_printf(&r->out, "<p class=\"noprint\"><a href=\"/notices\">%s</a>", tr(r, "notice.list"));
    if (n->task_id)
        html_printf(&r->out, " · <a href=\"/tasks/%lld\">%s</a>", n->task_id, n->task_title);
    html_raw(&r->out, "</p>");
    if (strcmp(n->state, "returned") == 0)
        html_printf(&r->out, "<p class=\"noprint\">%s %s:%s</p>", tr(r, "notice.returned"),
                    n->signer, n->reason);
    if (n->may_decide)
        decision_forms(r, n);
    html_raw(&r->out, "</body></html>\n");
}

void notice_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "notice");
    if (!id)
        return;
    struct doc_ctx c = { .r = r };
    if (notice_each(r->db, &r->actor, NOTICE_ONE, id, notice_doc, &c) != RES_OK) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_NOT_FOUND, "notice", "err.not_found"), &err);
    }
}

/* ---- form posts ---- */

/* Answers a notice's write from a form: back to its page. */
static void notice_redirect(struct req *r, long long id)
{
    struct url u;
    url_begin(&u, r, "/notices/%lld", id);
    resp_redirect(r, url_end(&u));
}

void notice_new_post(struct req *r)
{
    struct notice_draft_job job = { .who = &r->actor };
    const char **to = arena_alloc(&r->arena, (r->n_form + 1) * sizeof(*to));
    for (const struct form_field *f = r->form; f; f = f->next)
        if (strcmp(f->name, "to") == 0 && f->value[0])
            to[job.in.n_to++] = f->value;
    job.in.to = to;
    job.in.kind = req_form(r, "kind");
    job.in.title = req_form(r, "title");
    job.in.text = req_form(r, "text");
    job.in.subtree = req_form(r, "subtree") != NULL;
    const char *task = req_form(r, "task");
    if (task && *task && !(job.in.task_id = param_need_id(r, task, "task")))
        return;
    if (req_run(r, notice_draft_job, &job, &job.err) == RES_OK)
        notice_redirect(r, job.id);
}

void notice_sign_post(struct req *r)
{
    struct notice_sign_job job = { .who = &r->actor, .id = param_path_id(r, 0, "notice") };
    if (job.id && req_run(r, notice_sign_job, &job, &job.err) == RES_OK)
        notice_redirect(r, job.id);
}

void notice_return_post(struct req *r)
{
    struct notice_return_job job = { .who = &r->actor,
                                     .id = param_path_id(r, 0, "notice"),
                                     .reason = req_form(r, "reason") };
    if (job.id && req_run(r, notice_return_job, &job, &job.err) == RES_OK)
        notice_redirect(r, job.id);
}
