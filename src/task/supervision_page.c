/*
 * HTML handlers of supervision (handler layer): the supervisors' queue of overdue, due-soon
 * and stalled tasks, the inbox of the messages, supervision and signed notices addressed to an
 * account and its unit with its open work (the notices' own pages are notice_page.c), and the
 * list of what is asked of a unit.
 */
#include "auth/outbox.h"
#include "core/html.h"
#include "http/param.h"
#include "report/report.h"
#include "task/notice.h"
#include "task/supervision.h"
#include "task/task.h"
#include "task/task_cycle.h"
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
    queue_section(r, "due_soon", "sup.blue");
    queue_section(r, "stalled", "sup.stalled");
    task_legend(r);
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

static void inbox_notice(void *ctx, const struct notice *n)
{
    struct inbox_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul>", tr(r, "notice.inbox"));
    notice_item(r, n);
}

/* A period report the actor's department has not submitted by its due day: a reminder. */
static void inbox_late_report(void *ctx, long long report_id, const char *title, const char *due)
{
    struct inbox_ctx *c = ctx;
    struct req *r = c->r;
    if (!c->n++)
        html_printf(&r->out, "<h2>%s</h2><ul class=\"inbox\">", tr(r, "report.late_inbox"));
    html_printf(&r->out, "<li><a href=\"/reports/%lld\">%s</a> <span class=\"light red\">%s %s"
                         "</span></li>",
                report_id, title, tr(r, "report.due"), due);
}

/* A message of the inbox, with a button that marks it read while it is not. */
static void inbox_message(void *ctx, const struct inbox_msg *m)
{
    struct inbox_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out, "<h2>%s</h2><ul class=\"inbox\">", tr(r, "inbox.messages"));
    html_printf(&r->out, "<li%s><span class=\"muted\">%s</span> ",
                m->read ? " class=\"muted\"" : "", m->day);
    if (*m->path)
        html_printf(&r->out, "<a href=\"%s\">%s</a>", m->path, m->title);
    else
        html_printf(&r->out, "%s", m->title);
    if (!m->read) {
        form_begin(r, arena_printf(&r->arena, "/inbox/%lld/read", m->id), "inline", 0);
        form_submit(r, "inbox.mark_read", 0);
    }
    html_raw(&r->out, "</li>");
}

void inbox_read_post(struct req *r)
{
    long long id = param_path_id(r, 0, "message");
    if (!id)
        return;
    struct outbox_read_job job = { .who = &r->actor, .id = id };
    if (req_run(r, outbox_read_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/inbox");
}

void inbox_page(struct req *r)
{
    page_begin(r, tr(r, "nav.inbox"));
    struct inbox_ctx c = { .r = r };
    outbox_inbox(r->db, &r->actor, 50, inbox_message, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    c.n = 0;
    supervision_each(r->db, &r->actor, SUP_INBOX, 0, inbox_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    c.n = 0;
    notice_each(r->db, &r->actor, NOTICE_INBOX, 0, inbox_notice, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    html_printf(&r->out, "<p><a href=\"/notices\">%s</a></p>", tr(r, "notice.all"));
    c.n = 0;
    report_late_each(r->db, r->actor.dept_id, inbox_late_report, &c);
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

enum { ASKS_PER_PAGE = 50 };

struct asks_ctx {
    struct req *r; /* the request being rendered */
    int n;         /* rows written */
};

static void ask_row(void *ctx, const struct task_ask *a)
{
    static const char *const cols[] = { "asks.kind", "task.title", "asks.due", "task.light" };
    struct asks_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    html_printf(&r->out, "<tr><td>%s</td><td><a href=\"%s\">%s</a></td><td>%s</td><td>",
                tr_enum(r, "asks", a->kind), a->path, a->title, a->due);
    const struct task t = { .light = (enum task_light)a->light };
    task_badges(r, &t, 0);
    html_raw(&r->out, "</td></tr>");
}

void asks_page(struct req *r)
{
    struct unit own;
    const char *unit = param_str(r, "unit", NULL);
    if (!unit && unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK)
        unit = own.code;
    page_begin(r, tr(r, "asks.title"));
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "asks.hint"));
    struct paging page;
    if (param_paging(r, ASKS_PER_PAGE, ASKS_PER_PAGE, &page))
        return;
    struct asks_ctx c = { .r = r };
    struct err err = { 0 };
    long long total = 0;
    enum result res = unit ? task_asks(r->db, &r->actor, unit, page.offset, page.limit, ask_row,
                                       &c, &total, &err)
                           : RES_NOT_FOUND;
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    if (c.n) {
        table_end(r);
        struct url here;
        url_begin(&here, r, "/asks");
        url_param(&here, "unit", unit);
        form_pager(r, url_end(&here), page.page, ASKS_PER_PAGE, total);
    } else {
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "asks.none"));
    }
    task_legend(r);
    page_end(r);
}
