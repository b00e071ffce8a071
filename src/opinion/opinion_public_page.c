/*
 * The pages of the public, without an account (handler layer; DESIGN.md mechanism 3, speech.txt
 * "征求意见"): the opinion form, the tracking-code page with the rating of a reply, and a unit's
 * results. A security boundary: nothing here reads a session, and nothing of the request is
 * kept beyond the anonymous CSRF cookie of a form; submissions are rate-limited and failed
 * code lookups held off per client (opinion_api.c); a honeypot field catches form robots.
 */
#include <stdio.h>
#include <string.h>

#include "core/html.h"
#include "http/param.h"
#include "opinion/opinion_parts_web.h"
#include "opinion/opinion_web.h"
#include "web/form.h"
#include "web/layout.h"

/* The public form, holding what was posted when it is shown again after a refusal. */
static void public_form(struct req *r, const char *unit)
{
    html_printf(&r->out, "<p>%s</p>", tr(r, "public.intro"));
    form_begin(r, "/opinion/new", "stack", 0);
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
    form_submit(r, "public.submit", 1);
    html_printf(&r->out, "<p><a href=\"/track\">%s</a></p>", tr(r, "public.track_link"));
}

void opinion_public_form_page(struct req *r)
{
    page_begin(r, tr(r, "public.title"));
    public_form(r, param_str(r, "unit", ""));
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
    if (opinion_public_throttled(r))
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
    form_begin(r, "/track", "filters", FORM_GET);
    html_printf(&r->out,
                "<label>%s<input name=\"code\" value=\"%s\" required maxlength=\"40\""
                " autocomplete=\"off\"></label>",
                tr(r, "public.code"), code);
    form_submit(r, "public.look_up", 0);
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
    form_begin(r, "/track/rate", "stack", 0);
    html_printf(&r->out, "<input type=\"hidden\" name=\"code\" value=\"%s\">", c->code);
    static const char *const ratings[] = { "satisfied", "basic", "dissatisfied" };
    for (int i = 0; i < 3; i++)
        html_printf(&r->out,
                    "<label><input type=\"radio\" name=\"rating\" value=\"%s\"%s required>"
                    " %s</label>",
                    ratings[i], strcmp(o->rating, ratings[i]) == 0 ? " checked" : "",
                    rating_text(r, ratings[i]));
    form_submit(r, "form.save", 1);
}

void opinion_track_page(struct req *r)
{
    const char *code = param_str(r, "code", "");
    resp_header(r, "Referrer-Policy", "no-referrer");
    if (*code && opinion_track_throttled(r))
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
    if (opinion_track_throttled(r))
        return;
    struct opinion_rate_job job = { .code = form_or(r, "code"), .rating = req_form(r, "rating") };
    enum result res = req_run(r, opinion_rate_job, &job, &job.err);
    if (res != RES_OK) {
        if (res == RES_NOT_FOUND)
            opinion_track_failed(r);
        return;
    }
    struct url u;
    url_begin(&u, r, "/track");
    url_param(&u, "ok", "opinion.rated");
    url_param(&u, "code", job.code);
    resp_redirect(r, url_end(&u));
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
        req_fail(r, RES_NOT_FOUND, &err);
        return;
    }
    page_begin(r, tr(r, "results.title"));
    html_printf(&r->out, "<p><strong>%s</strong> %s</p>", u.name, tr(r, "results.intro"));
    static const char *const cols[] = { "opinion.unit", "measure.title", "measure.state",
                                        "measure.implemented_day", "measure.evidence" };
    table_head(r, cols, 5);
    measure_public_each(r->db, u.code, result_row, r);
    table_end(r);
    struct url form;
    url_begin(&form, r, "/opinion/new");
    url_param(&form, "unit", u.code);
    html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>", url_end(&form), tr(r, "public.title"));
    page_end(r);
}
