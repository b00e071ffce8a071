/*
 * HTML handlers of opinion solicitation and the rectification ledger (handler layer; speech.txt
 * "征求意见" and "整改台帐"): the public submission, tracking and results pages (no account), the
 * staff opinion ledger with filters, consolidation and bulk replies, the batch entry form, CSV
 * import, campaigns with outreach counts, problems and measures, and the roll-up by unit.
 * Every form carries the CSRF token; every value is escaped; no page needs JavaScript.
 */
#include <stdio.h>
#include <string.h>

#include "auth/throttle.h"
#include "core/clock.h"
#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "opinion/opinion.h"
#include "opinion/opinion_web.h"
#include "opinion/rectification.h"
#include "person/person.h"
#include "unit/unit.h"
#include "web/download.h"
#include "web/export.h"
#include "web/import_page.h"
#include "web/form.h"
#include "web/layout.h"

enum { LEDGER_PAGE = 50, BATCH_ROWS = 20, BULK_MAX = 500 };

/* ---- labels ---- */

/* The message ID "prefix.value" for a value out of a fixed set, without formatting. */
static const char *label(struct req *r, const char *const *ids, const char *value)
{
    for (; *ids; ids++) {
        const char *dot = strchr(*ids, '.');
        if (dot && strcmp(dot + 1, value) == 0)
            return tr(r, *ids);
    }
    return value;
}

static const char *channel_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "channel.hotline",       "channel.box",
                                       "channel.notice",        "channel.form",
                                       "channel.forum",         "channel.visit",
                                       "channel.questionnaire", "channel.letter",
                                       "channel.web",           NULL };
    return label(r, ids, code);
}

static const char *area_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "area.thinking", "area.work", "area.style",
                                       "area.ability",  "area.life", NULL };
    return *code ? label(r, ids, code) : "—";
}

static const char *outreach_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "outreach.letters",
                                       "outreach.forums",
                                       "outreach.visits",
                                       "outreach.questionnaires_out",
                                       "outreach.questionnaires_back",
                                       "outreach.notices",
                                       "outreach.hotlines",
                                       "outreach.boxes",
                                       NULL };
    return label(r, ids, code);
}

static const char *measure_state_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "mstate.open", "mstate.in_progress", "mstate.implemented",
                                       "mstate.verified", NULL };
    return label(r, ids, code);
}

static const char *opinion_state_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "ostate.received", "ostate.classified", "ostate.replied",
                                       NULL };
    return label(r, ids, code);
}

static const char *rating_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "rating.satisfied", "rating.basic", "rating.dissatisfied",
                                       NULL };
    return *code ? label(r, ids, code) : "—";
}

/* The value of a query parameter, or "". */
static const char *param(struct req *r, const char *name)
{
    const char *v = req_query(r, name);
    return v ? v : "";
}

static const char *form_or(struct req *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

static void option(struct req *r, const char *value, const char *text, const char *current)
{
    html_printf(&r->out, "<option value=\"%s\"%s>%s</option>", value,
                strcmp(value, current) == 0 ? " selected" : "", text);
}

/* A select of channels (with "any" when any_id is given). */
static void channel_select(struct req *r, const char *name, const char *current, const char *any_id)
{
    html_printf(&r->out, "<select name=\"%s\">", name);
    if (any_id)
        option(r, "", tr(r, any_id), current);
    for (int i = 0; i < N_CHANNELS; i++)
        option(r, channel_codes[i], channel_text(r, channel_codes[i]), current);
    html_raw(&r->out, "</select>");
}

static void area_select(struct req *r, const char *name, const char *current, const char *any_id)
{
    html_printf(&r->out, "<select name=\"%s\">", name);
    if (any_id)
        option(r, "", tr(r, any_id), current);
    for (int i = 0; i < N_AREAS; i++)
        option(r, area_codes[i], area_text(r, area_codes[i]), current);
    html_raw(&r->out, "</select>");
}

struct unit_opt {
    struct req *r;       /* the request being rendered */
    const char *current; /* the code selected */
};

static void unit_option(void *ctx, const struct unit *u)
{
    struct unit_opt *c = ctx;
    html_printf(&c->r->out, "<option value=\"%s\"%s>%s%s</option>", u->code,
                strcmp(u->code, c->current) == 0 ? " selected" : "", u->depth > 1 ? "— " : "",
                u->name);
}

/* A select of the units in who's scope (NULL: every unit), down to depth levels. */
static void unit_select(struct req *r, const struct actor *who, const char *name,
                        const char *current, int depth)
{
    struct actor all;
    if (!who) {
        actor_system(&all);
        who = &all;
    }
    struct unit_opt c = { r, current };
    html_printf(&r->out, "<select name=\"%s\" required>", name);
    unit_each(r->db, who, NULL, depth, unit_option, &c);
    html_raw(&r->out, "</select>");
}

/* The actor's own unit code (arena), or "". */
static const char *own_unit(struct req *r)
{
    struct unit own;
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) != RES_OK)
        return "";
    return arena_strdup(&r->arena, own.code);
}

/* The unit named by ?unit=, defaulting to the actor's own (arena). */
static const char *unit_param(struct req *r)
{
    const char *u = req_query(r, "unit");
    return u && *u ? u : own_unit(r);
}

/* A positive id from a form field or path segment; 0 after answering 400 / 404. */
static long long form_id(struct req *r, const char *text, const char *field, int status)
{
    long long id;
    if (text && str_to_ll(text, 1, 1LL << 62, &id) == 0)
        return id;
    struct err err = { 0 };
    err_set(&err, status == 404 ? RES_NOT_FOUND : RES_INVALID, field,
            status == 404 ? "err.not_found" : "err.required");
    page_error(r, status, &err);
    return 0;
}

/* ---- public pages: submit, track, results ---- */

static int public_throttled(struct req *r)
{
    char key[80];
    snprintf(key, sizeof(key), "p:%s", req_client(r));
    if (rate_take(key, server_public_rate(r->server), clock_unix()))
        return 0;
    struct err err = { 0 };
    err_set(&err, RES_INVALID, NULL, "err.throttled");
    resp_header(r, "Retry-After", "900");
    page_error(r, 429, &err);
    return 1;
}

/* The public form, holding what was posted when it is shown again after a refusal. */
static void public_form(struct req *r, const char *unit)
{
    html_printf(&r->out, "<p>%s</p>", tr(r, "public.intro"));
    html_raw(&r->out, "<form method=\"post\" action=\"/opinion/new\" class=\"stack\">");
    form_csrf(r);
    html_printf(&r->out,
                "<label>%s<textarea name=\"content\" rows=\"6\" required maxlength=\"5000\""
                " autofocus>%s</textarea></label><label>%s",
                tr(r, "opinion.content"), form_or(r, "content"), tr(r, "opinion.unit"));
    unit_select(r, NULL, "target_unit", unit, -1);
    html_printf(&r->out, "</label><label>%s %s", tr(r, "opinion.area"), tr(r, "form.optional"));
    area_select(r, "area", form_or(r, "area"), "form.unset");
    html_printf(&r->out,
                "</label><label>%s %s<input name=\"contact\" maxlength=\"100\""
                " autocomplete=\"off\" value=\"%s\"></label>",
                tr(r, "opinion.contact"), tr(r, "form.optional"), form_or(r, "contact"));
    /* the honeypot: hidden from people, filled by form robots */
    html_printf(&r->out,
                "<label class=\"hp\" aria-hidden=\"true\">%s<input name=\"website\""
                " tabindex=\"-1\" autocomplete=\"off\"></label>",
                tr(r, "public.leave_empty"));
    html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "public.anonymous"));
    html_printf(&r->out, "<button class=\"primary\" type=\"submit\">%s</button></form>",
                tr(r, "public.submit"));
    html_printf(&r->out, "<p><a href=\"/track\">%s</a></p>", tr(r, "public.track_link"));
}

void opinion_public_form_page(struct req *r)
{
    page_begin(r, tr(r, "public.title"));
    public_form(r, param(r, "unit"));
    page_end(r);
}

/* Shows the tracking code once, with how to use it. */
static void show_code(struct req *r, const char *code)
{
    page_begin(r, tr(r, "public.thanks"));
    html_printf(&r->out,
                "<p>%s</p><p class=\"code\"><strong>%s</strong></p><p class=\"muted\">%s</p>",
                tr(r, "public.code_is"), code, tr(r, "public.code_once"));
    html_printf(&r->out, "<p><a href=\"/track\">%s</a></p>", tr(r, "public.track_link"));
    page_end(r);
}

void opinion_public_post(struct req *r)
{
    if (public_throttled(r))
        return;
    const char *honeypot = req_form(r, "website");
    if (honeypot && *honeypot) {
        /* a robot: answered like a success, nothing kept */
        char code[TRACKING_TEXT];
        tracking_new(code);
        show_code(r, code);
        return;
    }
    struct opinion_submit_job job = { .in = { .content = req_form(r, "content"),
                                              .area = req_form(r, "area"),
                                              .target_unit = req_form(r, "target_unit"),
                                              .contact = req_form(r, "contact") } };
    enum result res = req_write(r, opinion_submit_job, &job);
    if (res != RES_OK) {
        page_begin(r, tr(r, "public.title"));
        r->status = result_status(res);
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", err_text_for(r, &job.err));
        public_form(r, form_or(r, "target_unit"));
        page_end(r);
        return;
    }
    show_code(r, job.code);
}

static void track_form(struct req *r, const char *code)
{
    html_raw(&r->out, "<form method=\"get\" action=\"/track\" class=\"filters\">");
    html_printf(&r->out,
                "<label>%s<input name=\"code\" value=\"%s\" required maxlength=\"40\""
                " autocomplete=\"off\"></label><button type=\"submit\">%s</button></form>",
                tr(r, "public.code"), code, tr(r, "public.look_up"));
}

struct track_ctx {
    struct req *r;    /* the request being rendered */
    const char *code; /* the code as typed */
};

static void track_body(void *ctx, const struct opinion *o)
{
    struct track_ctx *c = ctx;
    struct req *r = c->r;
    html_printf(&r->out,
                "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd class=\"pre\">%s</dd></dl>",
                tr(r, "opinion.day"), o->day, tr(r, "opinion.unit"), o->unit_name,
                tr(r, "opinion.state"), opinion_state_text(r, o->state), tr(r, "opinion.content"),
                o->content);
    if (!*o->reply) {
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "public.no_reply"));
        return;
    }
    html_printf(&r->out, "<h2>%s</h2><p class=\"pre\">%s</p><p class=\"muted\">%s</p>",
                tr(r, "opinion.reply"), o->reply, o->reply_day);
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "public.rate"));
    if (*o->rating)
        html_printf(&r->out, "<p>%s:%s</p>", tr(r, "opinion.rating"), rating_text(r, o->rating));
    html_raw(&r->out, "<form method=\"post\" action=\"/track/rate\" class=\"stack\">");
    form_csrf(r);
    html_printf(&r->out, "<input type=\"hidden\" name=\"code\" value=\"%s\">", c->code);
    static const char *const ratings[] = { "satisfied", "basic", "dissatisfied" };
    for (int i = 0; i < 3; i++)
        html_printf(&r->out,
                    "<label><input type=\"radio\" name=\"rating\" value=\"%s\"%s required>"
                    " %s</label>",
                    ratings[i], strcmp(o->rating, ratings[i]) == 0 ? " checked" : "",
                    rating_text(r, ratings[i]));
    html_printf(&r->out, "<button class=\"primary\" type=\"submit\">%s</button></form>",
                tr(r, "form.save"));
}

/* Answers 429 with a page when the client is held off tracking-code lookups; returns 1 then. */
static int track_throttled(struct req *r)
{
    long wait = opinion_track_wait(r);
    if (!wait)
        return 0;
    struct err err = { 0 };
    err_set(&err, RES_INVALID, NULL, "err.throttled");
    resp_header(r, "Retry-After", arena_printf(&r->arena, "%ld", wait));
    page_error(r, 429, &err);
    return 1;
}

void opinion_track_page(struct req *r)
{
    const char *code = param(r, "code");
    resp_header(r, "Referrer-Policy", "no-referrer");
    if (*code && track_throttled(r))
        return;
    page_begin(r, tr(r, "public.track"));
    page_notice(r);
    track_form(r, code);
    if (*code) {
        struct track_ctx c = { r, code };
        if (opinion_track(r->db, code, track_body, &c) != RES_OK) {
            opinion_track_failed(r);
            r->status = 404;
            html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>",
                        tr(r, "public.unknown_code"));
        }
    }
    page_end(r);
}

void opinion_rate_post(struct req *r)
{
    if (track_throttled(r))
        return;
    struct opinion_rate_job job = { .code = form_or(r, "code"), .rating = req_form(r, "rating") };
    enum result res = req_run(r, opinion_rate_job, &job, &job.err);
    if (res != RES_OK) {
        if (res == RES_NOT_FOUND)
            opinion_track_failed(r);
        return;
    }
    struct buf loc;
    buf_init(&loc, 256);
    buf_adds(&loc, "/track?ok=opinion.rated&code=");
    html_urlpart(&loc, job.code);
    resp_redirect(r, buf_str(&loc));
    buf_release(&loc);
}

static void result_row(void *ctx, const struct measure *m)
{
    struct req *r = ctx;
    html_printf(
        &r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"pre\">%s</td></tr>",
        m->unit_name, m->title, measure_state_text(r, m->state), m->implemented_day, m->evidence);
}

void opinion_results_page(struct req *r)
{
    struct actor all;
    actor_system(&all);
    struct unit u;
    struct err err = { 0 };
    if (unit_get(r->db, &all, r->args[0], &u, &err) != RES_OK) {
        page_error(r, 404, &err);
        return;
    }
    page_begin(r, tr(r, "results.title"));
    html_printf(&r->out, "<p><strong>%s</strong> %s</p>", u.name, tr(r, "results.intro"));
    html_printf(&r->out,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                tr(r, "opinion.unit"), tr(r, "measure.title"), tr(r, "measure.state"),
                tr(r, "measure.implemented_day"), tr(r, "measure.evidence"));
    measure_public_each(r->db, u.code, result_row, r);
    html_raw(&r->out, "</tbody></table></div>");
    html_printf(&r->out, "<p><a href=\"/opinion/new?unit=%s\">%s</a></p>", u.code,
                tr(r, "public.title"));
    page_end(r);
}

/* ---- the staff ledger of opinions ---- */

static void read_filter(struct req *r, struct opinion_filter *f, long long *page)
{
    memset(f, 0, sizeof(*f));
    f->unit = unit_param(r);
    f->subtree = strcmp(param(r, "subtree"), "0") != 0;
    f->channel = param(r, "channel");
    f->area = param(r, "area");
    f->state = param(r, "state");
    if (str_to_ll(param(r, "campaign"), 1, 1LL << 62, &f->campaign) != 0)
        f->campaign = 0;
    if (str_to_ll(param(r, "page"), 1, 1000000, page) != 0)
        *page = 1;
    f->limit = LEDGER_PAGE;
    f->offset = (*page - 1) * LEDGER_PAGE;
}

/* The ledger's query string without the page (arena). */
static const char *filter_query(struct req *r, const struct opinion_filter *f)
{
    struct buf q;
    buf_init(&q, 1024);
    buf_adds(&q, "unit=");
    html_urlpart(&q, f->unit);
    buf_addf(&q, "&subtree=%d&channel=", f->subtree);
    html_urlpart(&q, f->channel);
    buf_adds(&q, "&area=");
    html_urlpart(&q, f->area);
    buf_adds(&q, "&state=");
    html_urlpart(&q, f->state);
    if (f->campaign)
        buf_addf(&q, "&campaign=%lld", f->campaign);
    char *s = arena_strdup(&r->arena, buf_str(&q));
    buf_release(&q);
    return s;
}

static void filter_form(struct req *r, const struct opinion_filter *f)
{
    static const char *const states[] = { "consolidated", "merged", "replied", "unreplied" };
    html_raw(&r->out, "<form method=\"get\" action=\"/opinions\" class=\"filters\">");
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
    option(r, "", tr(r, "filter.all"), f->state);
    for (int i = 0; i < 4; i++)
        option(r, states[i], tr_enum(r, "ofilter", states[i]), f->state);
    html_printf(&r->out,
                "</select></label><label>%s<input name=\"campaign\" type=\"number\" min=\"1\""
                " value=\"%s\"></label><button type=\"submit\">%s</button></form>",
                tr(r, "campaign.id"),
                f->campaign ? arena_printf(&r->arena, "%lld", f->campaign) : "",
                tr(r, "filter.apply"));
}

struct ledger_ctx {
    struct req *r; /* the request being rendered */
    int n;         /* rows written */
};

static void ledger_row(void *ctx, const struct opinion *o)
{
    struct ledger_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        html_printf(&r->out,
                    "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                    "</tr></thead><tbody>",
                    tr(r, "opinion.select"), tr(r, "opinion.id"), tr(r, "opinion.day"),
                    tr(r, "opinion.channel"), tr(r, "opinion.area"), tr(r, "opinion.unit"),
                    tr(r, "opinion.content"), tr(r, "opinion.state"));
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

static void ledger_links(struct req *r, const char *unit)
{
    html_printf(&r->out,
                "<nav class=\"pager\"><a href=\"/opinions/batch?unit=%s\">%s</a>"
                "<a href=\"/problems?unit=%s\">%s</a><a href=\"/campaigns\">%s</a>"
                "<a href=\"/rectification?unit=%s\">%s</a><a href=\"/results/%s\">%s</a>"
                "<a href=\"/search\">%s</a></nav>",
                unit, tr(r, "opinion.batch"), unit, tr(r, "problem.title"), tr(r, "campaign.title"),
                unit, tr(r, "rollup.title"), unit, tr(r, "results.title"), tr(r, "search.title"));
}

void opinion_ledger_page(struct req *r)
{
    struct opinion_filter f;
    long long page, total = 0;
    read_filter(r, &f, &page);
    struct err err = { 0 };
    page_begin(r, tr(r, "opinion.ledger"));
    page_notice(r);
    ledger_links(r, f.unit);
    filter_form(r, &f);
    int writer = role_may(r->actor.role, PERM_RECORD_WRITE);
    if (writer) {
        html_raw(&r->out, "<form method=\"post\" action=\"/opinions/bulk\">");
        form_csrf(r);
    }
    struct ledger_ctx c = { .r = r };
    enum result res = opinion_list(r->db, &r->actor, &f, ledger_row, &c, &total, &err);
    if (res != RES_OK) {
        page_error(r, result_status(res), &err);
        return;
    }
    if (c.n)
        html_raw(&r->out, "</tbody></table></div>");
    else
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "opinion.none"));
    if (writer) {
        if (c.n)
            bulk_actions(r);
        html_raw(&r->out, "</form>");
    }
    const char *q = filter_query(r, &f);
    html_printf(&r->out, "<nav class=\"pager\"><span>%s %lld %s</span>", tr(r, "page.of"), total,
                tr(r, "page.items"));
    if (page > 1)
        html_printf(&r->out, "<a href=\"/opinions?%s&amp;page=%lld\">%s</a>", q, page - 1,
                    tr(r, "page.prev"));
    if (page * LEDGER_PAGE < total)
        html_printf(&r->out, "<a href=\"/opinions?%s&amp;page=%lld\">%s</a>", q, page + 1,
                    tr(r, "page.next"));
    html_printf(&r->out, "<a href=\"/opinions/export.xlsx?%s\">%s</a>", q,
                tr(r, "task.export_xlsx"));
    html_printf(&r->out, "<a href=\"/opinions/export.csv?%s\">%s</a></nav>", q,
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
            page_error(r, 400, &err);
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

/* ---- one opinion: details, reply, consolidation with similar ones, a problem from it ---- */

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
    if (c->n++ == 0)
        html_printf(&r->out,
                    "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                    tr(r, "opinion.id"), tr(r, "opinion.unit"), tr(r, "opinion.channel"),
                    tr(r, "opinion.content"), tr(r, "opinion.consolidate"));
    html_printf(&r->out,
                "<tr><td><a href=\"/opinions/%lld\">%lld</a></td><td>%s</td><td>%s</td>"
                "<td class=\"pre\">%s</td><td>",
                o->id, o->id, o->unit_name, channel_text(r, o->channel), o->content);
    if (!c->merged && role_may(r->actor.role, PERM_RECORD_WRITE)) {
        html_printf(&r->out, "<form method=\"post\" action=\"/opinions/%lld/merge\">", o->id);
        form_csrf(r);
        html_printf(&r->out,
                    "<input type=\"hidden\" name=\"into\" value=\"%lld\"><button"
                    " type=\"submit\">%s</button></form>",
                    c->id, tr(r, "opinion.merge_here"));
    }
    html_raw(&r->out, "</td></tr>");
}

static void show_forms(struct req *r, struct show_ctx *c)
{
    html_printf(&r->out,
                "<h2>%s</h2><form method=\"post\" action=\"/opinions/%lld/reply\""
                " class=\"stack\">",
                tr(r, "opinion.reply"), c->id);
    form_csrf(r);
    html_printf(&r->out,
                "<label>%s<textarea name=\"text\" rows=\"4\" required maxlength=\"5000\">"
                "</textarea></label><button class=\"primary\" type=\"submit\">%s</button></form>",
                tr(r, "opinion.reply_text"), tr(r, "opinion.reply"));
    html_printf(&r->out, "<h2>%s</h2><form method=\"post\" action=\"/problems\" class=\"stack\">",
                tr(r, "problem.from_opinion"));
    form_csrf(r);
    html_printf(&r->out,
                "<input type=\"hidden\" name=\"unit\" value=\"%s\"><input type=\"hidden\""
                " name=\"opinions\" value=\"%lld\"><label>%s<input name=\"title\" required"
                " maxlength=\"200\"></label><label>%s",
                c->unit, c->id, tr(r, "problem.name"), tr(r, "opinion.area"));
    area_select(r, "area", c->area, NULL);
    html_printf(&r->out, "</label><button class=\"primary\" type=\"submit\">%s</button></form>",
                tr(r, "form.save"));
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
    html_printf(&r->out,
                "<h2>%s</h2><form method=\"post\" action=\"/opinions/%lld/attachments\""
                " enctype=\"multipart/form-data\" class=\"stack\">",
                tr(r, "opinion.attach"), id);
    form_csrf(r);
    html_printf(&r->out,
                "<label>%s<input name=\"file\" type=\"file\" required></label><button"
                " class=\"primary\" type=\"submit\">%s</button></form>",
                tr(r, "task.attachments"), tr(r, "opinion.attach"));
}

void opinion_attachment_page(struct req *r)
{
    long long id = form_id(r, r->args[0], "attachment", 404);
    if (id && opinion_attachment_get(r->db, &r->actor, id, page_send_file, r) != RES_OK) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, "attachment", "err.not_found");
        page_error(r, 404, &err);
    }
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
    long long id = form_id(r, r->args[0], "opinion", 404);
    if (!id)
        return;
    struct show_ctx c = { .r = r, .id = id };
    page_begin(r, tr(r, "opinion.one"));
    page_notice(r);
    if (opinion_get(r->db, &r->actor, id, show_detail, &c) != RES_OK) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, "opinion", "err.not_found");
        page_error(r, 404, &err);
        return;
    }
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "opinion.similar"));
    struct err err = { 0 };
    opinion_similar(r->db, &r->actor, id, 20, similar_row, &c, &err);
    if (c.n)
        html_raw(&r->out, "</tbody></table></div>");
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

/* ---- batch entry and import ---- */

static void person_option(void *ctx, const struct person *p)
{
    struct req *r = ctx;
    html_printf(&r->out, "<option value=\"%lld\">%s(%s)</option>", p->id, p->name, p->position);
}

static void campaign_option(void *ctx, const struct campaign *c)
{
    struct req *r = ctx;
    const char *current = param(r, "campaign");
    char id[24];
    snprintf(id, sizeof(id), "%lld", c->id);
    html_printf(&r->out, "<option value=\"%lld\"%s>%s(%s)</option>", c->id,
                strcmp(id, current) == 0 ? " selected" : "", c->title, c->unit_name);
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
    html_raw(&r->out, "<form method=\"post\" action=\"/opinions/batch\" class=\"batch\">");
    form_csrf(r);
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
    html_printf(&r->out,
                "</select></label></div><div class=\"table-wrap\"><table><thead><tr><th>#</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                tr(r, "opinion.content"), tr(r, "opinion.area"));
    for (int i = 1; i <= BATCH_ROWS; i++) {
        char name[24];
        snprintf(name, sizeof(name), "content%d", i);
        html_printf(&r->out,
                    "<tr><td>%d</td><td><textarea name=\"%s\" rows=\"1\" maxlength=\"5000\""
                    " aria-label=\"%s %d\"%s>%s</textarea></td><td>",
                    i, name, tr(r, "opinion.content"), i, i == 1 ? " autofocus" : "",
                    form_or(r, name));
        snprintf(name, sizeof(name), "area%d", i);
        area_select(r, name, form_or(r, name), "form.unset");
        html_raw(&r->out, "</td></tr>");
    }
    html_printf(&r->out,
                "</tbody></table></div><p><button class=\"primary\" type=\"submit\">%s</button>"
                "</p></form>",
                tr(r, "batch.save"));
}

static void import_form(struct req *r)
{
    html_printf(&r->out,
                "<h2>%s</h2><p class=\"muted\">%s</p><form method=\"post\""
                " action=\"/opinions/import\" enctype=\"multipart/form-data\" class=\"stack\">",
                tr(r, "opinion.import"), tr(r, "opinion.import_hint"));
    form_csrf(r);
    campaign_select(r);
    html_printf(&r->out,
                "<label>%s<input name=\"file\" type=\"file\" accept=\".csv\" required></label>"
                "<button class=\"primary\" type=\"submit\">%s</button></form>",
                tr(r, "plan.file"), tr(r, "opinion.import"));
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
    long long campaign = 0;
    if (*form_or(r, "campaign") &&
        !(campaign = form_id(r, req_form(r, "campaign"), "campaign", 400)))
        return;
    long long person = 0;
    if (*form_or(r, "target_person") &&
        !(person = form_id(r, req_form(r, "target_person"), "target_person", 400)))
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
        resp_redirect(r, arena_printf(&r->arena, "/opinions?ok=opinion.added&unit=%s",
                                      form_or(r, "target_unit")));
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
    long long campaign = 0;
    if (*form_or(r, "campaign") &&
        !(campaign = form_id(r, req_form(r, "campaign"), "campaign", 400)))
        return;
    const struct page_import im = { "opinion.import",  "opinion.import_failed",
                                    "/opinions/batch", "/opinions?ok=opinion.imported",
                                    opinion_import,    campaign };
    page_import(r, &im);
}

/* ---- search ---- */

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
    const char *q = param(r, "q");
    page_begin(r, tr(r, "search.title"));
    html_printf(&r->out,
                "<form method=\"get\" action=\"/search\" class=\"filters\"><label>%s<input"
                " name=\"q\" value=\"%s\" required maxlength=\"100\" autofocus></label><button"
                " type=\"submit\">%s</button></form>",
                tr(r, "search.q"), q, tr(r, "search.go"));
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

/* ---- problems and measures (整改台帐) ---- */

enum { PROBLEM_PAGE = 20 };

struct problem_ctx {
    struct req *r;     /* the request being rendered */
    const char *own;   /* the actor's unit code */
    int writer;        /* the actor may write */
    int n;             /* problems written */
    int in_measures;   /* a measures table is open */
    long long problem; /* the current problem */
    char unit[64];     /* its unit code */
};

static void close_measures(struct problem_ctx *c)
{
    struct req *r = c->r;
    if (c->in_measures)
        html_raw(&r->out, "</tbody></table></div>");
    c->in_measures = 0;
    if (!c->problem || !c->writer)
        return;
    /* a new measure for the problem just listed */
    html_printf(&r->out,
                "<details><summary>%s</summary><form method=\"post\" action=\"/measures\""
                " class=\"stack\">",
                tr(r, "measure.new"));
    form_csrf(r);
    html_printf(&r->out,
                "<input type=\"hidden\" name=\"problem\" value=\"%lld\"><label>%s<input"
                " name=\"title\" required maxlength=\"200\"></label><label>%s<select"
                " name=\"owner\" required>",
                c->problem, tr(r, "measure.title"), tr(r, "measure.owner"));
    long long total;
    person_each(r->db, &r->actor, c->unit, 0, 200, &total, person_option, r, NULL);
    html_printf(&r->out,
                "</select></label><label>%s<input name=\"deadline\" type=\"date\" required>"
                "</label><label><input type=\"checkbox\" name=\"public\" value=\"1\"> %s</label>"
                "<button class=\"primary\" type=\"submit\">%s</button></form></details>",
                tr(r, "measure.deadline"), tr(r, "measure.public"), tr(r, "form.save"));
}

static void problem_row(void *ctx, const struct problem *p)
{
    struct problem_ctx *c = ctx;
    struct req *r = c->r;
    close_measures(c);
    c->n++;
    c->problem = p->id;
    snprintf(c->unit, sizeof(c->unit), "%s", p->unit_code);
    html_printf(&r->out, "<h2>%lld. %s</h2><p class=\"muted\">%s · %s · %s · %s %s · %s %lld</p>",
                p->id, p->title, p->unit_name, area_text(r, p->area),
                tr(r, strcmp(p->source, "self") == 0 ? "problem.self" : "problem.opinion"),
                tr(r, "opinion.day"), p->day, tr(r, "problem.n_opinions"), p->n_opinions);
}

static void measure_row(void *ctx, const struct measure *m)
{
    struct problem_ctx *c = ctx;
    struct req *r = c->r;
    if (!c->in_measures) {
        c->in_measures = 1;
        html_printf(&r->out,
                    "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                    tr(r, "measure.title"), tr(r, "measure.owner"), tr(r, "measure.deadline"),
                    tr(r, "measure.state"), tr(r, "measure.evidence"), tr(r, "measure.action"));
    }
    html_printf(&r->out, "<tr><td>%s%s</td><td>%s</td><td>%s</td><td>%s", m->title,
                m->public ? tr(r, "measure.is_public") : "", m->owner_name, m->deadline,
                measure_state_text(r, m->state));
    if (m->overdue)
        html_printf(&r->out, " <span class=\"light red\">%s</span>", tr(r, "state.overdue"));
    html_printf(&r->out, "</td><td class=\"pre\">%s</td><td>", m->evidence);
    int open = !strcmp(m->state, "open") || !strcmp(m->state, "in_progress");
    if (c->writer && !strcmp(m->state, "open")) {
        html_printf(&r->out, "<form method=\"post\" action=\"/measures/%lld/start\">", m->id);
        form_csrf(r);
        html_printf(&r->out, "<button type=\"submit\">%s</button></form>", tr(r, "measure.start"));
    }
    if (c->writer && open) {
        html_printf(&r->out, "<form method=\"post\" action=\"/measures/%lld/implemented\">", m->id);
        form_csrf(r);
        html_printf(&r->out,
                    "<input name=\"evidence\" required maxlength=\"5000\" aria-label=\"%s\""
                    " placeholder=\"%s\"><button type=\"submit\">%s</button></form>",
                    tr(r, "measure.evidence"), tr(r, "measure.evidence"),
                    tr(r, "measure.implement"));
    } else if (c->writer && !strcmp(m->state, "implemented") && strcmp(m->unit_code, c->own)) {
        html_printf(&r->out, "<form method=\"post\" action=\"/measures/%lld/verify\">", m->id);
        form_csrf(r);
        html_printf(&r->out, "<button type=\"submit\">%s</button></form>", tr(r, "measure.verify"));
    }
    html_raw(&r->out, "</td></tr>");
}

static void new_problem_form(struct req *r, const char *unit)
{
    html_printf(&r->out,
                "<details><summary>%s</summary><form method=\"post\" action=\"/problems\""
                " class=\"stack\">",
                tr(r, "problem.new"));
    form_csrf(r);
    html_printf(&r->out, "<label>%s", tr(r, "opinion.unit"));
    unit_select(r, &r->actor, "unit", unit, -1);
    html_printf(&r->out,
                "</label><label>%s<input name=\"title\" required maxlength=\"200\">"
                "</label><label>%s",
                tr(r, "problem.name"), tr(r, "opinion.area"));
    area_select(r, "area", "work", NULL);
    html_printf(&r->out,
                "</label><label>%s %s<input name=\"opinions\" placeholder=\"12,15\"></label>"
                "<button class=\"primary\" type=\"submit\">%s</button></form></details>",
                tr(r, "problem.opinion_ids"), tr(r, "problem.self_hint"), tr(r, "form.save"));
}

void problem_list_page(struct req *r)
{
    const char *unit = unit_param(r);
    long long page;
    if (str_to_ll(param(r, "page"), 1, 1000000, &page) != 0)
        page = 1;
    struct problem_ctx c = { .r = r,
                             .own = own_unit(r),
                             .writer = role_may(r->actor.role, PERM_RECORD_WRITE) };
    page_begin(r, tr(r, "problem.title"));
    page_notice(r);
    ledger_links(r, unit);
    if (c.writer)
        new_problem_form(r, unit);
    struct err err = { 0 };
    enum result res = problem_each(r->db, &r->actor, unit, (page - 1) * PROBLEM_PAGE, PROBLEM_PAGE,
                                   problem_row, measure_row, &c, &err);
    if (res != RES_OK) {
        page_error(r, result_status(res), &err);
        return;
    }
    close_measures(&c);
    if (!c.n)
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "problem.none"));
    html_raw(&r->out, "<nav class=\"pager\">");
    if (page > 1)
        html_printf(&r->out, "<a href=\"/problems?unit=%s&amp;page=%lld\">%s</a>", unit, page - 1,
                    tr(r, "page.prev"));
    if (c.n == PROBLEM_PAGE)
        html_printf(&r->out, "<a href=\"/problems?unit=%s&amp;page=%lld\">%s</a>", unit, page + 1,
                    tr(r, "page.next"));
    html_raw(&r->out, "</nav>");
    page_end(r);
}

void problem_new_post(struct req *r)
{
    struct problem_add_job job = { .who = &r->actor,
                                   .in = { .unit = req_form(r, "unit"),
                                           .title = req_form(r, "title"),
                                           .area = req_form(r, "area") } };
    long long *ids = arena_alloc(&r->arena, (BULK_MAX + 1) * sizeof(*ids));
    size_t n = 0;
    char *list = arena_strdup(&r->arena, form_or(r, "opinions"));
    for (char *p = list; *p;) {
        p += strspn(p, " ,;,;");
        size_t k = strcspn(p, " ,;");
        if (!k)
            break;
        char saved = p[k];
        p[k] = '\0';
        if (n >= BULK_MAX || str_to_ll(p, 1, 1LL << 62, &ids[n++]) != 0) {
            struct err err = { 0 };
            err_set(&err, RES_INVALID, "opinions", "err.bad_type");
            page_error(r, 400, &err);
            return;
        }
        p[k] = saved;
        p += k;
    }
    job.in.opinions = ids;
    job.in.n_opinions = n;
    if (req_run(r, problem_add_job, &job, &job.err) == RES_OK)
        resp_redirect(r,
                      arena_printf(&r->arena, "/problems?ok=problem.added&unit=%s", job.in.unit));
}

void measure_new_post(struct req *r)
{
    struct measure_add_job job = { .who = &r->actor,
                                   .in = { .title = req_form(r, "title"),
                                           .deadline = req_form(r, "deadline"),
                                           .public = strcmp(form_or(r, "public"), "1") == 0 } };
    if ((job.in.problem = param_need_id(r, req_form(r, "problem"), "problem")) &&
        (job.in.owner = param_need_id(r, req_form(r, "owner"), "owner")) &&
        req_run(r, measure_add_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/problems?ok=measure.added");
}

void measure_implemented_post(struct req *r)
{
    struct measure_implemented_job job = { .who = &r->actor, .evidence = req_form(r, "evidence") };
    if ((job.id = param_path_id(r, 0, "measure")) &&
        req_run(r, measure_implemented_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/problems?ok=measure.implemented");
}

/* POST /measures/{id}/start or /verify, then back to the ledger saying ok. */
static void measure_step_post(struct req *r, db_job_fn fn, const char *location)
{
    struct measure_step_job job = { .who = &r->actor };
    if ((job.id = param_path_id(r, 0, "measure")) && req_run(r, fn, &job, &job.err) == RES_OK)
        resp_redirect(r, location);
}

void measure_start_post(struct req *r)
{
    measure_step_post(r, measure_start_job, "/problems?ok=measure.started");
}

void measure_verify_post(struct req *r)
{
    measure_step_post(r, measure_verify_job, "/problems?ok=measure.verified");
}

/* ---- campaigns and outreach ---- */

static void campaign_row(void *ctx, const struct campaign *c)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td>%lld</td><td><a href=\"/campaigns/%lld\">%s</a></td><td>%s</td>"
                "<td>%s — %s</td><td class=\"num\">%lld</td></tr>",
                c->id, c->id, c->title, c->unit_name, c->starts, c->ends, c->n_opinions);
}

void campaign_list_page(struct req *r)
{
    page_begin(r, tr(r, "campaign.title"));
    page_notice(r);
    html_printf(&r->out,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
                tr(r, "campaign.id"), tr(r, "campaign.name"), tr(r, "opinion.unit"),
                tr(r, "campaign.period"), tr(r, "rollup.collected"));
    struct err err = { 0 };
    campaign_each(r->db, &r->actor, NULL, campaign_row, r, &err);
    html_raw(&r->out, "</tbody></table></div>");
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        html_printf(&r->out,
                    "<h2>%s</h2><form method=\"post\" action=\"/campaigns\""
                    " class=\"stack\">",
                    tr(r, "campaign.new"));
        form_csrf(r);
        html_printf(&r->out, "<label>%s", tr(r, "opinion.unit"));
        unit_select(r, &r->actor, "unit", own_unit(r), -1);
        html_printf(&r->out,
                    "</label><label>%s<input name=\"title\" required maxlength=\"200\"></label>"
                    "<label>%s<input name=\"starts\" type=\"date\" required></label><label>%s"
                    "<input name=\"ends\" type=\"date\" required></label><button"
                    " class=\"primary\" type=\"submit\">%s</button></form>",
                    tr(r, "campaign.name"), tr(r, "campaign.starts"), tr(r, "campaign.ends"),
                    tr(r, "form.save"));
    }
    page_end(r);
}

void campaign_new_post(struct req *r)
{
    struct campaign_add_job job = { .who = &r->actor,
                                    .unit = req_form(r, "unit"),
                                    .title = req_form(r, "title"),
                                    .starts = req_form(r, "starts"),
                                    .ends = req_form(r, "ends") };
    if (req_run(r, campaign_add_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/campaigns/%lld?ok=campaign.added", job.id));
}

struct campaign_ctx {
    struct req *r; /* the request being rendered */
    char unit[64]; /* the campaign's unit code */
};

static void campaign_detail(void *ctx, const struct campaign *c)
{
    struct campaign_ctx *cc = ctx;
    struct req *r = cc->r;
    snprintf(cc->unit, sizeof(cc->unit), "%s", c->unit_code);
    html_printf(&r->out,
                "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s — %s</dd>"
                "<dt>%s</dt><dd><a href=\"/opinions?unit=%s&amp;campaign=%lld\">%lld</a></dd></dl>",
                tr(r, "campaign.name"), c->title, tr(r, "opinion.unit"), c->unit_name,
                tr(r, "campaign.period"), c->starts, c->ends, tr(r, "rollup.collected"),
                c->unit_code, c->id, c->n_opinions);
}

void campaign_show_page(struct req *r)
{
    long long id = form_id(r, r->args[0], "campaign", 404);
    if (!id)
        return;
    struct campaign_ctx cc = { .r = r };
    page_begin(r, tr(r, "campaign.one"));
    page_notice(r);
    if (campaign_get(r->db, &r->actor, id, campaign_detail, &cc) != RES_OK) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, "campaign", "err.not_found");
        page_error(r, 404, &err);
        return;
    }
    long long counts[N_OUTREACH], attendees;
    campaign_outreach(r->db, &r->actor, id, counts, &attendees);
    html_printf(&r->out,
                "<h2>%s</h2><div class=\"table-wrap\"><table><thead><tr><th>%s</th>"
                "<th class=\"num\">%s</th></tr></thead><tbody>",
                tr(r, "outreach.title"), tr(r, "outreach.kind"), tr(r, "outreach.count"));
    for (int i = 0; i < N_OUTREACH; i++)
        html_printf(&r->out, "<tr><td>%s</td><td class=\"num\">%lld</td></tr>",
                    outreach_text(r, outreach_codes[i]), counts[i]);
    html_printf(&r->out, "<tr><td>%s</td><td class=\"num\">%lld</td></tr></tbody></table></div>",
                tr(r, "outreach.attendees"), attendees);
    html_printf(&r->out, "<p><a href=\"/opinions/batch?unit=%s&amp;campaign=%lld\">%s</a></p>",
                cc.unit, id, tr(r, "opinion.batch"));
    if (!role_may(r->actor.role, PERM_RECORD_WRITE)) {
        page_end(r);
        return;
    }
    html_printf(&r->out,
                "<h2>%s</h2><form method=\"post\" action=\"/campaigns/%lld/outreach\""
                " class=\"stack\">",
                tr(r, "outreach.new"), id);
    form_csrf(r);
    html_printf(&r->out, "<label>%s", tr(r, "opinion.unit"));
    unit_select(r, &r->actor, "unit", cc.unit, -1);
    html_printf(&r->out, "</label><label>%s<select name=\"kind\">", tr(r, "outreach.kind"));
    for (int i = 0; i < N_OUTREACH; i++)
        option(r, outreach_codes[i], outreach_text(r, outreach_codes[i]), "forums");
    char today[11];
    clock_today(today);
    html_printf(&r->out,
                "</select></label><label>%s<input name=\"count\" type=\"number\" min=\"0\""
                " required value=\"1\"></label><label>%s %s<input name=\"attendees\""
                " type=\"number\" min=\"0\" value=\"0\"></label><label>%s<input name=\"day\""
                " type=\"date\" required value=\"%s\"></label><label>%s %s<input name=\"note\""
                " maxlength=\"500\"></label><button class=\"primary\" type=\"submit\">%s</button>"
                "</form>",
                tr(r, "outreach.count"), tr(r, "outreach.attendees"), tr(r, "form.optional"),
                tr(r, "outreach.day"), today, tr(r, "outreach.note"), tr(r, "form.optional"),
                tr(r, "form.save"));
    page_end(r);
}

void outreach_new_post(struct req *r)
{
    struct outreach_add_job job = { .who = &r->actor,
                                    .in = { .unit = req_form(r, "unit"),
                                            .kind = req_form(r, "kind"),
                                            .day = req_form(r, "day"),
                                            .note = req_form(r, "note") } };
    if (!(job.in.campaign = param_path_id(r, 0, "campaign")))
        return;
    if (str_to_ll(form_or(r, "count"), 0, 100000000, &job.in.count) != 0 ||
        (*form_or(r, "attendees") &&
         str_to_ll(form_or(r, "attendees"), 0, 100000000, &job.in.attendees) != 0)) {
        err_setf(&job.err, RES_INVALID, "count", "err.range", "0-100000000");
        req_fail(r, RES_INVALID, &job.err);
        return;
    }
    if (req_run(r, outreach_add_job, &job, &job.err) == RES_OK)
        resp_redirect(
            r, arena_printf(&r->arena, "/campaigns/%lld?ok=outreach.added", job.in.campaign));
}

void reply_template_new_post(struct req *r)
{
    struct reply_template_add_job job = { .who = &r->actor,
                                          .unit = req_form(r, "unit"),
                                          .title = req_form(r, "title"),
                                          .text = req_form(r, "text") };
    if (req_run(r, reply_template_add_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/rectification?ok=template.added");
}

/* ---- the roll-up by unit (统计汇总) ---- */

static void percent(struct req *r, long long part, long long whole)
{
    if (whole)
        html_printf(&r->out, "<td class=\"num\">%lld.%lld%%</td>", part * 100 / whole,
                    part * 1000 / whole % 10);
    else
        html_raw(&r->out, "<td class=\"num\">—</td>");
}

struct rollup_ctx {
    struct req *r;                   /* the request being rendered */
    const char *q;                   /* the period as a query string */
    struct rectification_stats self; /* the unit itself (its subtree) */
    int n;                           /* rows written */
};

static void rollup_row(void *ctx, const char *code, const char *name,
                       const struct rectification_stats *s)
{
    struct rollup_ctx *c = ctx;
    struct req *r = c->r;
    if (c->n++ == 0)
        c->self = *s;
    html_printf(&r->out,
                "<tr><td><a href=\"/rectification?unit=%s%s\">%s</a></td><td class=\"num\">%lld"
                "</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td><td class=\"num\">"
                "%lld</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>",
                code, c->q, name, s->letters, s->forums, s->visits, s->opinions, s->consolidated,
                s->problems);
    html_printf(&r->out, "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>", s->measures,
                s->implemented);
    percent(r, s->implemented, s->measures);
    html_printf(&r->out,
                "<td class=\"num\">%lld</td><td class=\"num\">%lld</td><td class=\"num\">%lld"
                "</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
                s->verified, s->overdue, s->satisfied, s->basic, s->dissatisfied);
}

void rectification_rollup_page(struct req *r)
{
    const char *unit = unit_param(r);
    const char *from = param(r, "from"), *to = param(r, "to");
    struct buf q;
    buf_init(&q, 256);
    buf_adds(&q, "&from=");
    html_urlpart(&q, from);
    buf_adds(&q, "&to=");
    html_urlpart(&q, to);
    struct rollup_ctx c = { .r = r, .q = arena_strdup(&r->arena, buf_str(&q)) };
    buf_release(&q);
    page_begin(r, tr(r, "rollup.title"));
    page_notice(r);
    html_printf(&r->out,
                "<form method=\"get\" action=\"/rectification\" class=\"filters\"><input"
                " type=\"hidden\" name=\"unit\" value=\"%s\"><label>%s<input name=\"from\""
                " type=\"date\" value=\"%s\"></label><label>%s<input name=\"to\" type=\"date\""
                " value=\"%s\"></label><button type=\"submit\">%s</button></form>",
                unit, tr(r, "campaign.starts"), from, tr(r, "campaign.ends"), to,
                tr(r, "filter.apply"));
    static const char *const heads[] = {
        "opinion.unit",       "outreach.letters",    "outreach.forums",     "outreach.visits",
        "rollup.collected",   "rollup.consolidated", "rollup.problems",     "rollup.measures",
        "rollup.implemented", "rollup.rate",         "rollup.verified",     "state.overdue",
        "rating.satisfied",   "rating.basic",        "rating.dissatisfied",
    };
    html_raw(&r->out, "<div class=\"table-wrap\"><table><thead><tr>");
    for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
        html_printf(&r->out, "<th%s>%s</th>", i ? " class=\"num\"" : "", tr(r, heads[i]));
    html_raw(&r->out, "</tr></thead><tbody>");
    struct err err = { 0 };
    enum result res = rectification_rollup(r->db, &r->actor, unit, from, to, rollup_row, &c, &err);
    if (res != RES_OK) {
        page_error(r, result_status(res), &err);
        return;
    }
    html_raw(&r->out, "</tbody></table></div>");
    /* the unit's own subtree by channel and by area */
    html_printf(&r->out,
                "<h2>%s</h2><p>%s%lld%s%lld%s</p><div class=\"table-wrap\"><table><thead><tr>"
                "<th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead>"
                "<tbody>",
                tr(r, "rollup.by_channel"), tr(r, "rollup.said_a"), c.self.opinions,
                tr(r, "rollup.said_b"), c.self.consolidated, tr(r, "rollup.said_c"),
                tr(r, "opinion.channel"), tr(r, "rollup.collected"), tr(r, "rollup.consolidated"));
    for (int i = 0; i < N_CHANNELS; i++)
        html_printf(&r->out,
                    "<tr><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
                    channel_text(r, channel_codes[i]), c.self.by_channel[i],
                    c.self.by_channel_consolidated[i]);
    html_printf(&r->out,
                "</tbody></table></div><h2>%s</h2><div class=\"table-wrap\"><table><thead><tr>"
                "<th>%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
                tr(r, "rollup.by_area"), tr(r, "opinion.area"), tr(r, "rollup.collected"));
    for (int i = 0; i < N_AREAS; i++)
        html_printf(&r->out, "<tr><td>%s</td><td class=\"num\">%lld</td></tr>",
                    area_text(r, area_codes[i]), c.self.by_area[i]);
    html_printf(&r->out,
                "<tr><td>%s</td><td class=\"num\">%lld</td></tr><tr><td>%s</td>"
                "<td class=\"num\">%lld</td></tr></tbody></table></div>",
                tr(r, "opinion.body"), c.self.to_body, tr(r, "opinion.person"), c.self.to_person);
    html_printf(&r->out,
                "<p><a href=\"/rectification/export.xlsx?unit=%s%s\">%s</a> · "
                "<a href=\"/rectification/export.csv?unit=%s%s\">%s</a></p>",
                unit, c.q, tr(r, "task.export_xlsx"), unit, c.q, tr(r, "task.export_csv"));
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        html_printf(&r->out,
                    "<h2>%s</h2><form method=\"post\" action=\"/reply-templates\""
                    " class=\"stack\">",
                    tr(r, "template.new"));
        form_csrf(r);
        html_printf(&r->out,
                    "<input type=\"hidden\" name=\"unit\" value=\"%s\"><label>%s<input"
                    " name=\"title\" required maxlength=\"100\"></label><label>%s<textarea"
                    " name=\"text\" rows=\"3\" required maxlength=\"5000\"></textarea></label>"
                    "<button class=\"primary\" type=\"submit\">%s</button></form>",
                    own_unit(r), tr(r, "template.title"), tr(r, "opinion.reply_text"),
                    tr(r, "form.save"));
    }
    page_end(r);
}

/* ---- exports ---- */

struct export_ctx {
    struct req *r;              /* the request */
    struct export_sheet *sheet; /* the sheet being written */
};

static void export_rollup_row(void *ctx, const char *code, const char *name,
                              const struct rectification_stats *s)
{
    struct export_ctx *c = ctx;
    struct arena *a = &c->r->arena;
    const char *v[] = {
        code,
        name,
        arena_printf(a, "%lld", s->letters),
        arena_printf(a, "%lld", s->forums),
        arena_printf(a, "%lld", s->visits),
        arena_printf(a, "%lld", s->opinions),
        arena_printf(a, "%lld", s->consolidated),
        arena_printf(a, "%lld", s->problems),
        arena_printf(a, "%lld", s->measures),
        arena_printf(a, "%lld", s->implemented),
        arena_printf(a, "%lld", s->verified),
        arena_printf(a, "%lld", s->overdue),
        arena_printf(a, "%lld", s->satisfied),
        arena_printf(a, "%lld", s->basic),
        arena_printf(a, "%lld", s->dissatisfied),
    };
    export_row(c->sheet, v);
}

static void export_opinion_row(void *ctx, const struct opinion *o)
{
    struct export_ctx *c = ctx;
    struct req *r = c->r;
    const char *v[] = {
        arena_printf(&r->arena, "%lld", o->id),
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

/* Sends the sheet as the response, or an error page. */
static void export_send(struct req *r, struct export_ctx *c, enum result res, struct err *err,
                        int xlsx, const char *name)
{
    buf_reset(&r->out);
    if (export_finish(c->sheet, &r->out) != 0 || res != RES_OK) {
        if (res == RES_OK)
            err_set(err, RES_FAIL, NULL, "err.internal");
        page_error(r, res == RES_OK ? 500 : result_status(res), err);
        return;
    }
    r->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                           : "text/csv; charset=utf-8";
    resp_header(
        r, "Content-Disposition",
        arena_printf(&r->arena, "attachment; filename=\"%s.%s\"", name, xlsx ? "xlsx" : "csv"));
}

static void export_rollup(struct req *r, int xlsx)
{
    static const enum export_cell types[15] = { CELL_TEXT,   CELL_TEXT,   CELL_NUMBER, CELL_NUMBER,
                                                CELL_NUMBER, CELL_NUMBER, CELL_NUMBER, CELL_NUMBER,
                                                CELL_NUMBER, CELL_NUMBER, CELL_NUMBER, CELL_NUMBER,
                                                CELL_NUMBER, CELL_NUMBER, CELL_NUMBER };
    const char *headers[] = {
        tr(r, "unit.code"),           tr(r, "opinion.unit"),    tr(r, "outreach.letters"),
        tr(r, "outreach.forums"),     tr(r, "outreach.visits"), tr(r, "rollup.collected"),
        tr(r, "rollup.consolidated"), tr(r, "rollup.problems"), tr(r, "rollup.measures"),
        tr(r, "rollup.implemented"),  tr(r, "rollup.verified"), tr(r, "state.overdue"),
        tr(r, "rating.satisfied"),    tr(r, "rating.basic"),    tr(r, "rating.dissatisfied"),
    };
    struct err err = { 0 };
    struct export_ctx c = { .r = r };
    c.sheet = export_begin(xlsx, tr(r, "rollup.title"), headers, types, 15);
    if (!c.sheet) {
        err_set(&err, RES_FAIL, NULL, "err.internal");
        page_error(r, 500, &err);
        return;
    }
    enum result res = rectification_rollup(r->db, &r->actor, unit_param(r), param(r, "from"),
                                           param(r, "to"), export_rollup_row, &c, &err);
    export_send(r, &c, res, &err, xlsx, "rectification");
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
    long long page;
    read_filter(r, &f, &page);
    f.offset = 0;
    f.limit = 200000;
    struct err err = { 0 };
    struct export_ctx c = { .r = r };
    c.sheet = export_begin(xlsx, tr(r, "opinion.ledger"), headers, types, 9);
    if (!c.sheet) {
        err_set(&err, RES_FAIL, NULL, "err.internal");
        page_error(r, 500, &err);
        return;
    }
    enum result res = opinion_list(r->db, &r->actor, &f, export_opinion_row, &c, NULL, &err);
    export_send(r, &c, res, &err, xlsx, "opinions");
}

void rectification_export_xlsx_page(struct req *r)
{
    export_rollup(r, 1);
}

void rectification_export_csv_page(struct req *r)
{
    export_rollup(r, 0);
}

void opinion_export_xlsx_page(struct req *r)
{
    export_opinions(r, 1);
}

void opinion_export_csv_page(struct req *r)
{
    export_opinions(r, 0);
}
