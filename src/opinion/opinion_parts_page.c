/*
 * The parts the opinion pages share (handler layer); see opinion_parts_web.h. Every value is
 * escaped by html_printf.
 */
#include "opinion/opinion_parts_web.h"

#include <string.h>

#include "core/html.h"
#include "http/param.h"
#include "web/form.h"
#include "web/layout.h"

/* The message ID "prefix.value" for a value out of a fixed set, without formatting. */
const char *label(struct req *r, const char *const *ids, const char *value)
{
    for (; *ids; ids++) {
        const char *dot = strchr(*ids, '.');
        if (dot && strcmp(dot + 1, value) == 0)
            return tr(r, *ids);
    }
    return value;
}

const char *channel_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "channel.hotline",       "channel.box",
                                       "channel.notice",        "channel.form",
                                       "channel.forum",         "channel.visit",
                                       "channel.questionnaire", "channel.letter",
                                       "channel.web",           NULL };
    return label(r, ids, code);
}

const char *area_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "area.thinking", "area.work", "area.style",
                                       "area.ability",  "area.life", NULL };
    return *code ? label(r, ids, code) : "—";
}

const char *outreach_text(struct req *r, const char *code)
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

const char *measure_state_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "mstate.open", "mstate.in_progress", "mstate.implemented",
                                       "mstate.verified", NULL };
    return label(r, ids, code);
}

const char *opinion_state_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "ostate.received", "ostate.classified", "ostate.replied",
                                       NULL };
    return label(r, ids, code);
}

const char *rating_text(struct req *r, const char *code)
{
    static const char *const ids[] = { "rating.satisfied", "rating.basic", "rating.dissatisfied",
                                       NULL };
    return *code ? label(r, ids, code) : "—";
}

void channel_select(struct req *r, const char *name, const char *current, const char *any_id)
{
    html_printf(&r->out, "<select name=\"%s\">", name);
    if (any_id)
        form_option(r, "", tr(r, any_id), current);
    for (int i = 0; i < N_CHANNELS; i++)
        form_option(r, channel_codes[i], channel_text(r, channel_codes[i]), current);
    html_raw(&r->out, "</select>");
}

void area_select(struct req *r, const char *name, const char *current, const char *any_id)
{
    html_printf(&r->out, "<select name=\"%s\">", name);
    if (any_id)
        form_option(r, "", tr(r, any_id), current);
    for (int i = 0; i < N_AREAS; i++)
        form_option(r, area_codes[i], area_text(r, area_codes[i]), current);
    html_raw(&r->out, "</select>");
}

struct unit_opt {
    struct req *r;       /* the request being rendered */
    const char *current; /* the code selected */
};

static void unit_option(void *ctx, const struct unit *u)
{
    struct unit_opt *c = ctx;
    form_option(c->r, u->code, u->depth > 1 ? arena_printf(&c->r->arena, "— %s", u->name) : u->name,
                c->current);
}

void unit_select(struct req *r, const struct actor *who, const char *name, const char *current,
                 int depth)
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

const char *own_unit(struct req *r)
{
    struct unit own;
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) != RES_OK)
        return "";
    return arena_strdup(&r->arena, own.code);
}

const char *unit_param(struct req *r)
{
    const char *u = req_query(r, "unit");
    return u && *u ? u : own_unit(r);
}

void opinion_not_found(struct req *r, const char *field)
{
    struct err err = { 0 };
    err_set(&err, RES_NOT_FOUND, field, "err.not_found");
    req_fail(r, RES_NOT_FOUND, &err);
}

void ledger_links(struct req *r, const char *unit)
{
    struct url batch, problems, rollup, results;
    url_begin(&batch, r, "/opinions/batch");
    url_param(&batch, "unit", unit);
    url_begin(&problems, r, "/problems");
    url_param(&problems, "unit", unit);
    url_begin(&rollup, r, "/rectification");
    url_param(&rollup, "unit", unit);
    url_begin(&results, r, "/results/%s", unit);
    html_printf(&r->out,
                "<nav class=\"pager\"><a href=\"%s\">%s</a><a href=\"%s\">%s</a>"
                "<a href=\"/campaigns\">%s</a><a href=\"%s\">%s</a><a href=\"%s\">%s</a>"
                "<a href=\"/search\">%s</a></nav>",
                url_end(&batch), tr(r, "opinion.batch"), url_end(&problems), tr(r, "problem.title"),
                tr(r, "campaign.title"), url_end(&rollup), tr(r, "rollup.title"), url_end(&results),
                tr(r, "results.title"), tr(r, "search.title"));
}

void person_option(void *ctx, const struct person *p)
{
    struct req *r = ctx;
    html_printf(&r->out, "<option value=\"%lld\">%s(%s)</option>", p->id, p->name, p->position);
}

