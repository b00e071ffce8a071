/*
 * The pages of solicitation campaigns (handler layer; speech.txt "征求意见"): the list and the
 * form, one campaign with its outreach counts, and the outreach form.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "core/html.h"
#include "http/param.h"
#include "opinion/opinion_parts_web.h"
#include "opinion/opinion_web.h"
#include "web/form.h"
#include "web/layout.h"

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
    static const char *const cols[] = { "campaign.id", "campaign.name", "opinion.unit",
                                        "campaign.period", "#rollup.collected" };
    table_head(r, cols, 5);
    struct err err = { 0 };
    campaign_each(r->db, &r->actor, NULL, campaign_row, r, &err);
    table_end(r);
    if (role_may(r->actor.role, PERM_RECORD_WRITE)) {
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "campaign.new"));
        form_begin(r, "/campaigns", "stack", 0);
        html_printf(&r->out, "<label>%s", tr(r, "opinion.unit"));
        unit_select(r, &r->actor, "unit", own_unit(r), -1);
        html_printf(&r->out,
                    "</label><label>%s<input name=\"title\" required maxlength=\"200\"></label>"
                    "<label>%s<input name=\"starts\" type=\"date\" required></label><label>%s"
                    "<input name=\"ends\" type=\"date\" required></label>"
                    "<label>%s<textarea name=\"areas\" rows=\"5\"></textarea><span"
                    " class=\"muted\">%s</span></label>",
                    tr(r, "campaign.name"), tr(r, "campaign.starts"), tr(r, "campaign.ends"),
                    tr(r, "campaign.areas"), tr(r, "campaign.areas_hint"));
        form_submit(r, "form.save", 1);
    }
    page_end(r);
}

/* The areas typed one a line as "code 名称" into the arena; RES_INVALID names "areas". */
static enum result typed_areas(struct req *r, const char *text, struct campaign_area **out,
                               size_t *n, struct err *err)
{
    *n = 0;
    *out = arena_alloc(&r->arena, (CAMPAIGN_AREAS_MAX + 1) * sizeof(**out));
    for (const char *p = text ? text : ""; *p;) {
        size_t len = strcspn(p, "\r\n");
        char *line = arena_strndup(&r->arena, p, len);
        p += len;
        p += strspn(p, "\r\n");
        char *code = line + strspn(line, " \t");
        if (!*code)
            continue;
        if (*n == CAMPAIGN_AREAS_MAX)
            return err_setf(err, RES_INVALID, "areas", "err.too_long", "%d", CAMPAIGN_AREAS_MAX);
        char *name = code + strcspn(code, " \t");
        if (*name)
            *name++ = '\0';
        name += strspn(name, " \t");
        (*out)[(*n)++] = (struct campaign_area){ code, name };
    }
    return RES_OK;
}

void campaign_new_post(struct req *r)
{
    struct campaign_add_job job = { .who = &r->actor,
                                    .unit = req_form(r, "unit"),
                                    .title = req_form(r, "title"),
                                    .starts = req_form(r, "starts"),
                                    .ends = req_form(r, "ends") };
    struct campaign_area *areas;
    if (typed_areas(r, req_form(r, "areas"), &areas, &job.n_areas, &job.err) != RES_OK) {
        req_fail(r, RES_INVALID, &job.err);
        return;
    }
    job.areas = areas;
    if (req_run(r, campaign_add_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/campaigns/%lld?ok=campaign.added", job.id));
}

/* Adds the unit and the campaign to u, begun at a ledger page, and returns the URL (arena). */
static const char *campaign_url(struct url *u, const char *unit, long long id)
{
    url_param(u, "unit", unit);
    url_int(u, "campaign", id);
    return url_end(u);
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
    struct url ledger;
    url_begin(&ledger, r, "/opinions");
    html_printf(&r->out,
                "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s — %s</dd>"
                "<dt>%s</dt><dd><a href=\"%s\">%lld</a></dd></dl>",
                tr(r, "campaign.name"), c->title, tr(r, "opinion.unit"), c->unit_name,
                tr(r, "campaign.period"), c->starts, c->ends, tr(r, "rollup.collected"),
                campaign_url(&ledger, c->unit_code, c->id), c->n_opinions);
}

struct area_rows {
    struct req *r;
    int n; /* rows written */
};

/* A campaign's own area with its opinions, under a head before the first. */
static void area_row(void *ctx, const char *code, const char *name, long long n)
{
    struct area_rows *a = ctx;
    struct req *r = a->r;
    if (!a->n++) {
        static const char *const cols[] = { "campaign.area", "campaign.area_code",
                                            "#rollup.collected" };
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "campaign.areas"));
        table_head(r, cols, 3);
    }
    html_printf(&r->out, "<tr><td>%s</td><td><code>%s</code></td><td class=\"num\">%lld</td></tr>",
                name, code, n);
}

void campaign_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "campaign");
    if (!id)
        return;
    struct campaign_ctx cc = { .r = r };
    page_begin(r, tr(r, "campaign.one"));
    page_notice(r);
    if (campaign_get(r->db, &r->actor, id, campaign_detail, &cc) != RES_OK) {
        opinion_not_found(r, "campaign");
        return;
    }
    struct area_rows ar = { .r = r };
    campaign_areas(r->db, &r->actor, id, NULL, area_row, &ar, NULL);
    if (ar.n)
        table_end(r);
    long long counts[N_OUTREACH], attendees;
    campaign_outreach(r->db, &r->actor, id, counts, &attendees);
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "outreach.title"));
    static const char *const cols[] = { "outreach.kind", "#outreach.count" };
    table_head(r, cols, 2);
    for (int i = 0; i < N_OUTREACH; i++)
        html_printf(&r->out, "<tr><td>%s</td><td class=\"num\">%lld</td></tr>",
                    outreach_text(r, outreach_codes[i]), counts[i]);
    html_printf(&r->out, "<tr><td>%s</td><td class=\"num\">%lld</td></tr>",
                tr(r, "outreach.attendees"), attendees);
    table_end(r);
    struct url batch;
    url_begin(&batch, r, "/opinions/batch");
    html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>", campaign_url(&batch, cc.unit, id),
                tr(r, "opinion.batch"));
    if (!role_may(r->actor.role, PERM_RECORD_WRITE)) {
        page_end(r);
        return;
    }
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "outreach.new"));
    form_begin(r, arena_printf(&r->arena, "/campaigns/%lld/outreach", id), "stack", 0);
    html_printf(&r->out, "<label>%s", tr(r, "opinion.unit"));
    unit_select(r, &r->actor, "unit", cc.unit, -1);
    html_printf(&r->out, "</label><label>%s<select name=\"kind\">", tr(r, "outreach.kind"));
    for (int i = 0; i < N_OUTREACH; i++)
        form_option(r, outreach_codes[i], outreach_text(r, outreach_codes[i]), "forums");
    char today[11];
    clock_today(today);
    html_printf(&r->out,
                "</select></label><label>%s<input name=\"count\" type=\"number\" min=\"0\""
                " required value=\"1\"></label><label>%s %s<input name=\"attendees\""
                " type=\"number\" min=\"0\" value=\"0\"></label><label>%s<input name=\"day\""
                " type=\"date\" required value=\"%s\"></label><label>%s %s<input name=\"note\""
                " maxlength=\"500\"></label>",
                tr(r, "outreach.count"), tr(r, "outreach.attendees"), tr(r, "form.optional"),
                tr(r, "outreach.day"), today, tr(r, "outreach.note"), tr(r, "form.optional"));
    form_submit(r, "form.save", 1);
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
