/*
 * The staff pages of opinions (handler layer; DESIGN.md mechanism 3, speech.txt "征求意见"): the
 * ledger with filters, bulk merge and reply, and its exports; one opinion with similar ones,
 * its reply, attachments and a problem from it; batch entry and CSV import; search. Every form
 * carries the CSRF token; every value is escaped; no page needs JavaScript.
 */
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "core/html.h"
#include "http/param.h"
#include "opinion/opinion_parts_web.h"
#include "opinion/opinion_web.h"
#include "web/download.h"
#include "web/export.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

enum { LEDGER_PAGE = 50, BATCH_ROWS = 20 };

/* The ledger's filter from the query, one page of rows at p (all rows when p is NULL). Returns
 * 0, or -1 after answering 400. */
static int read_filter(struct req *r, struct opinion_filter *f, const struct paging *p)
{
    memset(f, 0, sizeof(*f));
    f->unit = unit_param(r);
    f->subtree = strcmp(param_str(r, "subtree", ""), "0") != 0;
    f->channel = param_str(r, "channel", "");
    f->area = param_str(r, "area", "");
    f->state = param_str(r, "state", "");
    f->offset = p ? p->offset : 0;
    f->limit = p ? p->limit : 200000;
    return param_int(r, "campaign", 0, 1LL << 62, 0, &f->campaign);
}

/* Adds the filter to u, begun at one of the ledger's paths, and returns the URL. */
static const char *filter_url(struct url *u, const struct opinion_filter *f)
{
    url_param(u, "unit", f->unit);
    url_int(u, "subtree", f->subtree);
    url_param(u, "channel", f->channel);
    url_param(u, "area", f->area);
    url_param(u, "state", f->state);
    if (f->campaign)
        url_int(u, "campaign", f->campaign);
    return url_end(u);
}

static void filter_form(struct req *r, const struct opinion_filter *f)
{
    static const char *const states[] = { "consolidated", "merged", "replied", "unreplied" };
    form_begin(r, "/opinions", "filters", FORM_GET);
    html_printf(&r->out, "<label>%s", tr(r, "opinion.unit"));
    unit_select(r, &r->actor, "unit", f->unit, 2);
    html_printf(&r->out,
                "</label><label><input type=\"checkbox\" name=\"subtree\" value=\"1\"%s> %s"
                "</label><input type=\"hidden\" name=\"subtree\" value=\"0\"><label>%s",
                f->subtree ? " checked" : "", tr(r, "task.subtree"), tr(r, "opinion.channel"));
    channel_select(r, "channel", f->channel, "filter.all");
    html_printf(&r->out, "</label><label>%s", tr(r, "opinion.area"));
    area_select(r, "area", f->area, "filter.all");
    html_printf(&r->out, "</label><label>%s<select name=\"state\">", tr(r, "opinion.state"));
    form_option(r, "", tr(r, "filter.all"), f->state);
    for (int i = 0; i < 4; i++)
        form_option(r, states[i], tr_enum(r, "ofilter", states[i]), f->state);
    html_printf(&r->out,
                "</select></label><label>%s<input name=\"campaign\" type=\"number\" min=\"1\""
                " value=\"%s\"></label>",
                tr(r, "campaign.id"),
                f->campaign ? arena_int(&r->arena, f->campaign) : "");
    form_submit(r, "filter.apply", 0);
}

struct ledger_ctx {
    struct req *r; /* the request being rendered */
    int n;         /* rows written */
};

static void ledger_row(void *ctx, const struct opinion *o)
{
    struct ledger_ctx *c = ctx;
    struct req *r = c->r;
    static const char *const cols[] = { "opinion.select",  "opinion.id",   "opinion.day",
                                        "opinion.channel", "opinion.area", "opinion.unit",
                                        "opinion.content", "opinion.state" };
    if (c->n++ == 0)
        table_head(r, cols, 8);
    html_printf(&r->out,
                "<tr><td><input type=\"checkbox\" name=\"ids\" value=\"%lld\" aria-label=\"%lld\">"
                "</td><td><a href=\"/opinions/%lld\">%lld</a></td><td>%s</td><td>%s</td>"
                "<td>%s</td><td>%s</td><td class=\"pre\">%s</td><td>%s",
                o->id, o->id, o->id, o->id, o->day, channel_text(r, o->channel),
                area_text(r, o->area), o->unit_name, o->content, opinion_state_text(r, o->state));
    if (o->consolidated_into)
        html_printf(&r->out, "<br><a href=\"/opinions/%lld\">%s %lld</a>", o->consolidated_into,
                    tr(r, "opinion.merged_into"), o->consolidated_into);
    if (*o->rating)
        html_printf(&r->out, "<br>%s", rating_text(r, o->rating));
    html_raw(&r->out, "</td></tr>");
}

static void template_option(void *ctx, long long id, const char *title, const char *text)
{
    struct req *r = ctx;
    (void)text;
    html_printf(&r->out, "<option value=\"%lld\">%s</option>", id, title);
}

/* The actions on the selected rows: merge into one, answer from a template or a text. */
static void bulk_actions(struct req *r)
{
    html_printf(&r->out,
                "<fieldset><legend>%s</legend><label>%s %s<input name=\"into\" type=\"number\""
                " min=\"1\"></label> <button type=\"submit\" name=\"action\" value=\"merge\">%s"
                "</button></fieldset>",
                tr(r, "opinion.consolidate"), tr(r, "opinion.into"), tr(r, "opinion.into_hint"),
                tr(r, "opinion.merge"));
    html_printf(&r->out, "<fieldset><legend>%s</legend><label>%s<select name=\"template\">",
                tr(r, "opinion.bulk_reply"), tr(r, "template.title"));
    html_raw(&r->out, "<option value=\"\">—</option>");
    reply_template_each(r->db, &r->actor, template_option, r);
    html_printf(&r->out,
                "</select></label><label>%s<textarea name=\"text\" rows=\"3\""
                " maxlength=\"5000\"></textarea></label><button type=\"submit\" name=\"action\""
                " value=\"reply\">%s</button></fieldset>",
                tr(r, "opinion.reply_text"), tr(r, "opinion.reply"));
}

void opinion_ledger_page(struct req *r)
{
    struct opinion_filter f;
    struct paging p;
    if (param_paging(r, LEDGER_PAGE, LEDGER_PAGE, &p) || read_filter(r, &f, &p))
        return;
    long long total = 0;
    struct err err = { 0 };
    page_begin(r, tr(r, "opinion.ledger"));
    page_notice(r);
    ledger_links(r, f.unit);
    filter_form(r, &f);
    int writer = role_may(r->actor.role, PERM_RECORD_WRITE);
    if (writer)
        form_begin(r, "/opinions/bulk", NULL, 0);
    struct ledger_ctx c = { .r = r };
    enum result res = opinion_list(r->db, &r->actor, &f, ledger_row, &c, &total, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    if (c.n)
        table_end(r);
    else
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "opinion.none"));
    if (writer) {
        if (c.n)
            bulk_actions(r); /* two submit buttons, told apart by their action */
        html_raw(&r->out, "</form>");
    }
    struct url list, xlsx, csv;
    url_begin(&list, r, "/opinions");
    url_begin(&xlsx, r, "/opinions/export.xlsx");
    url_begin(&csv, r, "/opinions/export.csv");
    form_pager(r, filter_url(&list, &f), p.page, LEDGER_PAGE, total);
    html_printf(&r->out, "<p><a href=\"%s\">%s</a> · <a href=\"%s\">%s</a></p>",
                filter_url(&xlsx, &f), tr(r, "task.export_xlsx"), filter_url(&csv, &f),
                tr(r, "task.export_csv"));
    page_end(r);
}

/* The ids of the checked rows (arena); *n gets how many. 0 with a 400 page when none is valid. */
static long long *checked_ids(struct req *r, size_t *n)
{
    long long *ids = arena_alloc(&r->arena, (BULK_MAX + 1) * sizeof(*ids));
    *n = 0;
    for (const struct form_field *f = r->form; f; f = f->next) {
        long long id;
        if (strcmp(f->name, "ids") != 0)
            continue;
        if (*n >= BULK_MAX || str_to_ll(f->value, 1, 1LL << 62, &id) != 0) {
            struct err err = { 0 };
            err_setf(&err, RES_INVALID, "ids", "err.range", "1-%d", BULK_MAX);
            req_fail(r, RES_INVALID, &err);
            return NULL;
        }
        ids[(*n)++] = id;
    }
    return ids;
}

struct template_pick {
    long long id;     /* wanted */
    const char *text; /* its text (arena) */
    struct req *r;    /* for the arena */
};

static void pick_template(void *ctx, long long id, const char *title, const char *text)
{
    struct template_pick *p = ctx;
    (void)title;
    if (id == p->id)
        p->text = arena_strdup(&p->r->arena, text);
}

/* Merges the selected opinions into the one named, or into the first selected. */
static void bulk_merge(struct req *r, const long long *ids, size_t n)
{
    struct opinion_merge_many_job job = { .who = &r->actor, .ids = ids, .n = n };
    if (*form_or(r, "into")) {
        if (!(job.into = param_need_id(r, req_form(r, "into"), "into")))
            return;
    } else if (n >= 2) {
        /* no target named: the others merge into the first selected */
        job.into = ids[0];
        job.ids = ids + 1;
        job.n = n - 1;
    } else {
        req_fail_invalid(r, "into", "err.required");
        return;
    }
    if (req_run(r, opinion_merge_many_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/opinions?ok=opinion.merged");
}

/* Answers the selected opinions with the text typed, or else the template chosen. */
static void bulk_reply(struct req *r, const long long *ids, size_t n)
{
    struct opinion_reply_many_job job = {
        .who = &r->actor, .ids = ids, .n = n, .text = req_form(r, "text")
    };
    struct template_pick pick = { .r = r };
    if ((!job.text || !*job.text) &&
        str_to_ll(form_or(r, "template"), 1, 1LL << 62, &pick.id) == 0) {
        reply_template_each(r->db, &r->actor, pick_template, &pick);
        job.text = pick.text;
    }
    if (req_run(r, opinion_reply_many_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/opinions?ok=opinion.replied");
}

void opinion_bulk_post(struct req *r)
{
    size_t n;
    long long *ids = checked_ids(r, &n);
    if (!ids)
        return;
    const char *action = form_or(r, "action");
    if (strcmp(action, "merge") == 0)
        bulk_merge(r, ids, n);
    else if (strcmp(action, "reply") == 0)
        bulk_reply(r, ids, n);
    else
        req_fail_invalid(r, "action", "err.bad_enum");
}

struct show_ctx {
    struct req *r; /* the request being rendered */
    long long id;  /* the opinion shown */
    int n;         /* similar rows written */
    int merged;    /* the opinion is merged into another */
    char area[16]; /* its area */
    char unit[64]; /* its unit code */
};

static void show_detail(void *ctx, const struct opinion *o)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    c->merged = o->consolidated_into != 0;
    snprintf(c->area, sizeof(c->area), "%s", *o->area ? o->area : "work");
    snprintf(c->unit, sizeof(c->unit), "%s", o->unit_code);
    html_printf(&r->out,
                "<dl><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd class=\"pre\">%s</dd>",
                tr(r, "opinion.id"), o->id, tr(r, "opinion.day"), o->day, tr(r, "opinion.unit"),
                o->unit_name, tr(r, "opinion.target"),
                *o->target_name ? o->target_name : tr(r, "opinion.body"), tr(r, "opinion.channel"),
                channel_text(r, o->channel), tr(r, "opinion.area"), area_text(r, o->area),
                tr(r, "opinion.state"), opinion_state_text(r, o->state), tr(r, "opinion.content"),
                o->content);
    if (o->anonymous)
        html_printf(&r->out, "<dt>%s</dt><dd>%s</dd>", tr(r, "opinion.source"),
                    tr(r, "opinion.public"));
    if (o->consolidated_into)
        html_printf(&r->out, "<dt>%s</dt><dd><a href=\"/opinions/%lld\">%lld</a></dd>",
                    tr(r, "opinion.merged_into"), o->consolidated_into, o->consolidated_into);
    if (*o->reply)
        html_printf(&r->out, "<dt>%s</dt><dd class=\"pre\">%s(%s)</dd>", tr(r, "opinion.reply"),
                    o->reply, o->reply_day);
    if (*o->rating)
        html_printf(&r->out, "<dt>%s</dt><dd>%s</dd>", tr(r, "opinion.rating"),
                    rating_text(r, o->rating));
    html_raw(&r->out, "</dl>");
}

static void similar_row(void *ctx, const struct opinion *o)
{
    struct show_ctx *c = ctx;
    struct req *r = c->r;
    static const char *const cols[] = { "opinion.id", "opinion.unit", "opinion.channel",
                                        "opinion.content", "opinion.consolidate" };
    if (c->n++ == 0)
        table_head(r, cols, 5);
    html_printf(&r->out,
                "<tr><td><a href=\"/opinions/%lld\">%lld</a></td><td>%s</td><td>%s</td>"
                "<td class=\"pre\">%s</td><td>",
                o->id, o->id, o->unit_name, channel_text(r, o->channel), o->content);
    if (!c->merged && role_may(r->actor.role, PERM_RECORD_WRITE)) {
        form_begin(r, arena_printf(&r->arena, "/opinions/%lld/merge", o->id), NULL, 0);
        html_printf(&r->out, "<input type=\"hidden\" name=\"into\" value=\"%lld\">", c->id);
        form_submit(r, "opinion.merge_here", 0);
    }
    html_raw(&r->out, "</td></tr>");
}

static void show_forms(struct req *r, struct show_ctx *c)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "opinion.reply"));
    form_begin(r, arena_printf(&r->arena, "/opinions/%lld/reply", c->id), "stack", 0);
    html_printf(&r->out,
                "<label>%s<textarea name=\"text\" rows=\"4\" required maxlength=\"5000\">"
                "</textarea></label>",
                tr(r, "opinion.reply_text"));
    form_submit(r, "opinion.reply", 1);
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "problem.from_opinion"));
    form_begin(r, "/problems", "stack", 0);
    html_printf(&r->out,
                "<input type=\"hidden\" name=\"unit\" value=\"%s\"><input type=\"hidden\""
                " name=\"opinions\" value=\"%lld\"><label>%s<input name=\"title\" required"
                " maxlength=\"200\"></label><label>%s",
                c->unit, c->id, tr(r, "problem.name"), tr(r, "opinion.area"));
    area_select(r, "area", c->area, NULL);
    html_raw(&r->out, "</label>");
    form_submit(r, "form.save", 1);
}

static void attachment_row(void *ctx, long long file_id, const char *name, const char *type,
                           long long size)
{
    struct show_ctx *c = ctx;
    (void)type;
    if (c->n++ == 0)
        html_printf(&c->r->out, "<h2>%s</h2><ul>", tr(c->r, "task.attachments"));
    html_printf(&c->r->out, "<li><a href=\"/opinions/attachments/%lld\">%s</a> (%lld KB)</li>",
                file_id, name, (size + 1023) / 1024);
}

static void attach_form(struct req *r, long long id)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "opinion.attach"));
    form_begin(r, arena_printf(&r->arena, "/opinions/%lld/attachments", id), "stack", FORM_UPLOAD);
    html_printf(&r->out, "<label>%s<input name=\"file\" type=\"file\" required></label>",
                tr(r, "task.attachments"));
    form_submit(r, "opinion.attach", 1);
}

void opinion_attachment_page(struct req *r)
{
    long long id = param_path_id(r, 0, "attachment");
    if (id && opinion_attachment_get(r->db, &r->actor, id, page_send_file, r) != RES_OK)
        opinion_not_found(r, "attachment");
}

void opinion_attach_post(struct req *r)
{
    struct opinion_attach_job job = { .who = &r->actor };
    if (!(job.opinion = param_path_id(r, 0, "opinion")))
        return;
    const struct form_field *file = NULL;
    for (const struct form_field *f = r->form; f; f = f->next)
        if (strcmp(f->name, "file") == 0 && f->filename)
            file = f;
    if (!file) {
        req_fail_invalid(r, "file", "err.required");
        return;
    }
    job.name = file->filename;
    job.type = file->type ? file->type : "";
    job.data = file->value;
    job.size = file->len;
    if (req_run(r, opinion_attach_job, &job, &job.err) == RES_OK)
        resp_redirect(r,
                      arena_printf(&r->arena, "/opinions/%lld?ok=opinion.attached", job.opinion));
}

void opinion_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "opinion");
    if (!id)
        return;
    struct show_ctx c = { .r = r, .id = id };
    page_begin(r, tr(r, "opinion.one"));
    page_notice(r);
    if (opinion_get(r->db, &r->actor, id, show_detail, &c) != RES_OK) {
        opinion_not_found(r, "opinion");
        return;
    }
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "opinion.similar"));
    struct err err = { 0 };
    opinion_similar(r->db, &r->actor, id, 20, similar_row, &c, &err);
    if (c.n)
        table_end(r);
    else
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "opinion.no_similar"));
    c.n = 0;
    opinion_attachments(r->db, &r->actor, id, attachment_row, &c);
    if (c.n)
        html_raw(&r->out, "</ul>");
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        show_forms(r, &c);
        attach_form(r, id);
    }
    page_end(r);
}

void opinion_merge_post(struct req *r)
{
    struct opinion_merge_job job = { .who = &r->actor };
    if ((job.id = param_path_id(r, 0, "opinion")) &&
        (job.into = param_need_id(r, req_form(r, "into"), "into")) &&
        req_run(r, opinion_merge_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/opinions/%lld?ok=opinion.merged", job.into));
}

void opinion_reply_post(struct req *r)
{
    struct opinion_reply_job job = { .who = &r->actor, .text = req_form(r, "text") };
    if ((job.id = param_path_id(r, 0, "opinion")) &&
        req_run(r, opinion_reply_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/opinions/%lld?ok=opinion.replied", job.id));
}

static void campaign_option(void *ctx, const struct campaign *c)
{
    struct req *r = ctx;
    form_option(r, arena_int(&r->arena, c->id),
                arena_printf(&r->arena, "%s(%s)", c->title, c->unit_name),
                param_str(r, "campaign", ""));
}

static void campaign_select(struct req *r)
{
    struct err err = { 0 };
    html_printf(&r->out, "<label>%s<select name=\"campaign\"><option value=\"\">—</option>",
                tr(r, "campaign.one"));
    campaign_each(r->db, &r->actor, NULL, campaign_option, r, &err);
    html_raw(&r->out, "</select></label>");
}

static void batch_form(struct req *r, const char *unit)
{
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "batch.hint"));
    form_begin(r, "/opinions/batch", "batch", 0);
    html_raw(&r->out, "<div class=\"filters\">");
    campaign_select(r);
    html_printf(&r->out, "<label>%s", tr(r, "opinion.channel"));
    channel_select(r, "channel", *form_or(r, "channel") ? form_or(r, "channel") : "forum", NULL);
    html_printf(&r->out, "</label><label>%s", tr(r, "opinion.unit"));
    unit_select(r, &r->actor, "target_unit", unit, -1);
    /* about the unit's leadership as a body, or one of its people by name */
    html_printf(&r->out,
                "</label><label>%s<select name=\"target_person\"><option value=\"\">%s"
                "</option>",
                tr(r, "opinion.target"), tr(r, "opinion.body"));
    long long total;
    person_each(r->db, &r->actor, unit, 0, 200, &total, person_option, r, NULL);
    html_raw(&r->out, "</select></label></div>");
    /* "##": a number column headed by "#", which the catalog gives back as it is */
    static const char *const cols[] = { "##", "opinion.content", "opinion.area" };
    table_head(r, cols, 3);
    for (int i = 1; i <= BATCH_ROWS; i++) {
        char name[24];
        snprintf(name, sizeof(name), "content%d", i);
        html_printf(&r->out,
                    "<tr><td>%d</td><td><textarea name=\"%s\" rows=\"1\" maxlength=\"5000\""
                    " aria-label=\"%s %d\"%s>%s</textarea></td><td>",
                    i, name, tr(r, "opinion.content"), i, i == 1 ? " autofocus" : "",
                    form_or(r, name));
        snprintf(name, sizeof(name), "area%d", i);
        html_printf(&r->out, "<label><span class=\"sr\">%s %d</span>", tr(r, "opinion.area"), i);
        area_select(r, name, form_or(r, name), "form.unset");
        html_raw(&r->out, "</label></td></tr>");
    }
    table_end(r);
    form_submit(r, "batch.save", 1);
}

static void import_form(struct req *r)
{
    html_printf(&r->out, "<h2>%s</h2><p class=\"muted\">%s</p>", tr(r, "opinion.import"),
                tr(r, "opinion.import_hint"));
    form_begin(r, "/opinions/import", "stack", FORM_UPLOAD);
    campaign_select(r);
    form_file(r, "plan.file");
    form_submit(r, "opinion.import", 1);
    import_template_link(r, "opinions");
}

void opinion_batch_page(struct req *r)
{
    page_begin(r, tr(r, "opinion.batch"));
    batch_form(r, unit_param(r));
    import_form(r);
    page_end(r);
}

void opinion_batch_post(struct req *r)
{
    struct opinion_input *rows = arena_alloc(&r->arena, BATCH_ROWS * sizeof(*rows));
    int row_of[BATCH_ROWS];
    long long campaign, person;
    if (form_optional_id(r, "campaign", &campaign) || form_optional_id(r, "target_person", &person))
        return;
    size_t n = 0;
    for (int i = 1; i <= BATCH_ROWS; i++) {
        const char *content = req_form(r, arena_printf(&r->arena, "content%d", i));
        if (!content || !*content)
            continue;
        rows[n] = (struct opinion_input){
            .channel = req_form(r, "channel"),
            .content = content,
            .area = req_form(r, arena_printf(&r->arena, "area%d", i)),
            .target_unit = req_form(r, "target_unit"),
            .target_person = person,
            .campaign = campaign,
        };
        row_of[n++] = i;
    }
    struct opinion_add_many_job job = { .who = &r->actor, .rows = rows, .n = n };
    enum result res = req_write(r, opinion_add_many_job, &job);
    if (res == RES_OK) {
        struct url ledger;
        url_begin(&ledger, r, "/opinions");
        url_param(&ledger, "ok", "opinion.added");
        url_param(&ledger, "unit", form_or(r, "target_unit"));
        resp_redirect(r, url_end(&ledger));
        return;
    }
    /* nothing was kept: the form again with what was typed and the row at fault */
    page_begin(r, tr(r, "opinion.batch"));
    r->status = result_status(res);
    html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s %d: %s</p>", tr(r, "batch.row"),
                n ? row_of[job.bad < n ? job.bad : 0] : 0, err_text_for(r, &job.err));
    batch_form(r, form_or(r, "target_unit"));
    page_end(r);
}

void opinion_import_post(struct req *r)
{
    long long campaign;
    if (form_optional_id(r, "campaign", &campaign))
        return;
    const struct page_import im = {
        .title_id = "opinion.import",
        .failed_id = "opinion.import_failed",
        .back = "/opinions/batch",
        .ok = "/opinions?ok=opinion.imported",
        .run = opinion_import,
        .arg = campaign,
    };
    page_import(r, &im);
}

struct hit_ctx {
    struct req *r; /* the request being rendered */
    int n;         /* results written */
};

static void hit_row(void *ctx, const char *kind, long long id, const char *snippet)
{
    struct hit_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_raw(&r->out, "<ul>");
    if (strcmp(kind, "opinion") == 0)
        html_printf(&r->out, "<li>%s <a href=\"/opinions/%lld\">%lld</a>:%s</li>",
                    tr(r, "opinion.one"), id, id, snippet);
    else
        html_printf(&r->out, "<li>%s %lld:%s</li>",
                    tr(r, strcmp(kind, "problem") == 0 ? "problem.name" : "measure.title"), id,
                    snippet);
}

void opinion_search_page(struct req *r)
{
    const char *q = param_str(r, "q", "");
    page_begin(r, tr(r, "search.title"));
    form_begin(r, "/search", "filters", FORM_GET);
    html_printf(&r->out,
                "<label>%s<input name=\"q\" value=\"%s\" required maxlength=\"100\""
                " autofocus></label>",
                tr(r, "search.q"), q);
    form_submit(r, "search.go", 0);
    if (*q) {
        struct hit_ctx c = { .r = r };
        struct err err = { 0 };
        enum result res = search_run(r->db, &r->actor, q, 100, hit_row, &c, &err);
        if (res != RES_OK) {
            r->status = result_status(res);
            html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", err_text_for(r, &err));
        } else if (c.n) {
            html_raw(&r->out, "</ul>");
        } else {
            html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "search.none"));
        }
    }
    page_end(r);
}

static void export_opinion_row(void *ctx, const struct opinion *o)
{
    struct export_ctx *c = ctx;
    struct req *r = c->r;
    const char *v[] = {
        arena_int(&r->arena, o->id),
        o->day,
        o->unit_name,
        channel_text(r, o->channel),
        area_text(r, o->area),
        o->content,
        opinion_state_text(r, o->state),
        o->reply,
        rating_text(r, o->rating),
    };
    export_row(c->sheet, v);
}

static void export_opinions(struct req *r, int xlsx)
{
    static const enum export_cell types[9] = { CELL_NUMBER, CELL_DATE, CELL_TEXT,
                                               CELL_TEXT,   CELL_TEXT, CELL_TEXT,
                                               CELL_TEXT,   CELL_TEXT, CELL_TEXT };
    const char *headers[] = {
        tr(r, "opinion.id"),      tr(r, "opinion.day"),   tr(r, "opinion.unit"),
        tr(r, "opinion.channel"), tr(r, "opinion.area"),  tr(r, "opinion.content"),
        tr(r, "opinion.state"),   tr(r, "opinion.reply"), tr(r, "opinion.rating"),
    };
    struct opinion_filter f;
    if (read_filter(r, &f, NULL))
        return;
    struct err err = { 0 };
    struct export_ctx c = { .r = r };
    c.sheet = export_begin(xlsx, tr(r, "opinion.ledger"), headers, types, 9);
    if (!c.sheet) {
        err_set(&err, RES_FAIL, NULL, "err.internal");
        req_fail(r, RES_FAIL, &err);
        return;
    }
    enum result res = opinion_list(r->db, &r->actor, &f, export_opinion_row, &c, NULL, &err);
    export_send(r, &c, res, &err, xlsx, "opinions");
}

void opinion_export_xlsx_page(struct req *r)
{
    export_opinions(r, 1);
}

void opinion_export_csv_page(struct req *r)
{
    export_opinions(r, 0);
}
