/*
 * HTML handlers of supervision (handler layer): the supervisors' queue of overdue, due-soon
 * and stalled tasks, the inbox of the supervision addressed to a unit with its open work, and
 * the printable numbered notice.
 */
#include <string.h>

#include "core/html.h"
#include "http/param.h"
#include "task/supervision.h"
#include "task/task.h"
#include "task/task_int_web.h"
#include "task/task_web.h"
#include "unit/unit.h"
#include "web/form.h"
#include "web/layout.h"

static void queue_section(struct req *r, const char *state, const char *title_id)
{
    struct unit own;
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) != RES_OK)
        return;
    struct task_filter f = {
        .unit = own.code, .subtree = 1, .state = state, .limit = 200, .brief = 1
    };
    struct ledger_ctx c = { .r = r };
    long long total = 0;
    html_printf(&r->out, "<h2>%s</h2>", tr(r, title_id));
    task_list(r->db, &r->actor, &f, ledger_row, &c, &total, NULL);
    ledger_end(&c);
    if (total > c.n) {
        /* the whole list in the ledger */
        struct url u;
        url_begin(&u, r, "/tasks");
        url_param(&u, "unit", own.code);
        url_int(&u, "subtree", 1);
        url_param(&u, "state", state);
        html_printf(&r->out, "<p><a href=\"%s\">%s %lld</a></p>", url_end(&u), tr(r, "page.of"),
                    total);
    }
}

void supervision_queue_page(struct req *r)
{
    page_begin(r, tr(r, "sup.queue"));
    queue_section(r, "overdue", "sup.red");
    queue_section(r, "due_soon", "sup.yellow");
    queue_section(r, "stalled", "sup.stalled");
    page_end(r);
}

struct inbox_ctx {
    struct req *r; /* the request being rendered */
    int n;         /* records written */
};

static void inbox_row(void *ctx, const struct supervision_row *s)
{
    struct inbox_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "sup.records"));
    html_printf(&r->out,
                "<li><span class=\"muted\">%s %s</span> <strong>%s</strong> "
                "<a href=\"/tasks/%lld\">%s</a><br><span class=\"pre\">%s</span></li>",
                s->created, s->unit_name, tr_enum(r, "sup", s->kind), s->task_id, s->task_title,
                s->text);
}

void inbox_page(struct req *r)
{
    page_begin(r, tr(r, "nav.inbox"));
    struct inbox_ctx c = { .r = r };
    supervision_each(r->db, &r->actor, SUP_INBOX, 0, inbox_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    struct unit own;
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK) {
        struct task_filter f = { .unit = own.code, .state = "open", .limit = 200, .brief = 1 };
        struct ledger_ctx lc = { .r = r };
        long long total = 0;
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "task.inbox_open"));
        task_list(r->db, &r->actor, &f, ledger_row, &lc, &total, NULL);
        ledger_end(&lc);
    }
    page_end(r);
}

struct notice_ctx {
    struct req *r; /* the request being rendered */
    int found;     /* the record is a notice */
};

/* The printable page of a notice; other kinds of record have none. */
static void notice_body(void *ctx, const struct supervision_row *s)
{
    struct notice_ctx *c = ctx;
    struct req *r = c->r;
    if (strcmp(s->kind, "notice") != 0)
        return;
    c->found = 1;
    html_printf(&r->out,
                "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<title>%s〔%lld〕%lld%s</title>",
                tr(r, "sup.notice_prefix"), s->year, s->serial, tr(r, "sup.notice_suffix"));
    html_raw(&r->out, "<link rel=\"stylesheet\" href=\"/static/print.css\"></head><body>"
                      "<article class=\"notice-doc\">");
    html_printf(&r->out, "<h1>%s</h1><p class=\"docno\">%s〔%lld〕%lld%s</p>", s->unit_name,
                tr(r, "sup.notice_prefix"), s->year, s->serial, tr(r, "sup.notice_suffix"));
    html_printf(&r->out, "<h2>%s</h2><p>%s:</p>", tr(r, "sup.notice_title"), s->lead_name);
    html_printf(&r->out, "<p class=\"body\">%s「%s」(%s %s)。</p>", tr(r, "sup.notice_about"),
                s->task_title, tr(r, "task.deadline"), s->deadline);
    html_printf(&r->out, "<p class=\"body pre\">%s</p><p class=\"sign\">%s<br>%s</p>", s->text,
                s->unit_name, arena_strndup(&r->arena, s->created, 10));
    html_raw(&r->out, "</article></body></html>\n");
}

void supervision_notice_page(struct req *r)
{
    long long id = param_path_id(r, 0, "supervision");
    if (!id)
        return;
    struct notice_ctx c = { .r = r };
    if (supervision_each(r->db, &r->actor, SUP_ONE, id, notice_body, &c) != RES_OK || !c.found) {
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_NOT_FOUND, "supervision", "err.not_found"), &err);
    }
}
