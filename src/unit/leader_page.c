/*
 * HTML handlers of a department's leaders (handler layer): the list on the department's page,
 * with the offices each is in charge of, and the forms to add a leader and to end one's period.
 */
#include <stdio.h>
#include <string.h>

#include "core/html.h"
#include "http/param.h"
#include "person/person.h"
#include "unit/leader.h"
#include "unit/unit.h"
#include "unit/unit_web.h"
#include "web/form.h"
#include "web/layout.h"

struct leader_ctx {
    struct req *r; /* the request being rendered */
    const char *unit; /* the department's code */
    int n;         /* rows written */
    int may_end;   /* the caller may end a leader's period */
};

static void leader_row(void *ctx, const struct leader_row *l)
{
    struct leader_ctx *c = ctx;
    struct req *r = c->r;
    static const char *const cols[] = { "leader.title", "leader.name", "leader.offices",
                                        "leader.starts", "" };
    if (c->n++ == 0)
        table_head(r, cols, c->may_end ? 5 : 4);
    /* the leader's ledger: the tasks they lead and those of the offices in their charge */
    struct url u;
    url_begin(&u, r, "/tasks");
    url_param(&u, "unit", c->unit);
    url_int(&u, "subtree", 1);
    url_int(&u, "leader", l->person_id);
    html_printf(&r->out, "<tr><td>%s</td><td><a href=\"%s\">%s</a></td><td>", l->title,
                url_end(&u), l->name);
    /* the offices, listed with the language's separator */
    for (const char *p = l->office_names; *p;) {
        size_t len = strcspn(p, "\n");
        html_printf(&r->out, "%s%s", p == l->office_names ? "" : tr(r, "list.sep"),
                    arena_strndup(&r->arena, p, len));
        p += len + (p[len] == '\n');
    }
    html_printf(&r->out, "</td><td>%s</td>", l->starts);
    if (c->may_end) {
        html_raw(&r->out, "<td>");
        char action[48];
        snprintf(action, sizeof(action), "/leaders/%lld/end", l->id);
        form_begin(r, action, "inline", 0);
        form_submit(r, "leader.end", 0);
        html_raw(&r->out, "</td>");
    }
    html_raw(&r->out, "</tr>");
}

struct pick_ctx {
    struct req *r;        /* the request being rendered */
    long long root_id;    /* the department */
    int n;                /* offices offered */
};

static void person_option(void *ctx, const struct person *p)
{
    struct req *r = ctx;
    char id[24];
    snprintf(id, sizeof(id), "%lld", p->id);
    char text[256];
    snprintf(text, sizeof(text), "%s %s", p->name, p->position);
    form_option(r, id, text, NULL);
}

static void office_box(void *ctx, const struct unit *u)
{
    struct pick_ctx *c = ctx;
    if (u->id == c->root_id || strcmp(u->kind, "office") != 0)
        return;
    c->n++;
    html_printf(&c->r->out, "<label class=\"check\"><input type=\"checkbox\" name=\"o_%s\">%s</label>",
                u->code, u->name);
}

void leader_section(struct req *r, const struct unit *u)
{
    if (strcmp(u->kind, "office") == 0)
        return;
    int may = role_may(r->actor.role, PERM_UNIT_WRITE);
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "leader.list"));
    struct leader_ctx c = { .r = r, .unit = u->code, .may_end = may };
    leader_each(r->db, &r->actor, u->code, leader_row, &c);
    if (c.n)
        table_end(r);
    else
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "leader.none"));
    if (!may)
        return;
    struct url action;
    url_begin(&action, r, "/units/%s/leaders", u->code);
    html_printf(&r->out, "<h3>%s</h3>", tr(r, "leader.add"));
    form_begin(r, url_end(&action), "stack", 0);
    html_printf(&r->out, "<label>%s<select name=\"person\" required>", tr(r, "leader.name"));
    struct err err = { 0 };
    long long total = 0;
    person_each(r->db, &r->actor, u->code, 0, 500, &total, person_option, r, &err);
    html_printf(&r->out, "</select></label><label>%s<input name=\"title\" required maxlength=\"20\""
                         " placeholder=\"%s\"></label>",
                tr(r, "leader.title"), tr(r, "leader.title_hint"));
    html_printf(&r->out, "<fieldset><legend>%s</legend>", tr(r, "leader.offices"));
    struct pick_ctx pc = { .r = r, .root_id = u->id };
    unit_each(r->db, &r->actor, u, 1, office_box, &pc);
    if (!pc.n)
        html_printf(&r->out, "<p class=\"muted\">%s</p>", tr(r, "leader.no_offices"));
    html_printf(&r->out, "</fieldset><label>%s %s<input type=\"date\" name=\"starts\"></label>",
                tr(r, "leader.starts"), tr(r, "form.optional"));
    form_submit(r, "form.save", 1);
}

/* Collects the ticked office boxes of the department's page. */
struct ticked {
    struct req *r;              /* the request */
    long long root_id;          /* the department */
    const char *codes[LEADER_OFFICES_MAX]; /* ticked offices */
    size_t n;                   /* how many */
};

static void office_ticked(void *ctx, const struct unit *u)
{
    struct ticked *t = ctx;
    char name[UNIT_CODE_MAX + 3];
    snprintf(name, sizeof(name), "o_%s", u->code);
    if (u->id != t->root_id && t->n < LEADER_OFFICES_MAX && req_form(t->r, name))
        t->codes[t->n++] = arena_printf(&t->r->arena, "%s", u->code);
}

void leader_new_post(struct req *r)
{
    struct unit u;
    struct err err = { 0 };
    enum result res = unit_get(r->db, &r->actor, r->args[0], &u, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    long long person = param_need_id(r, req_form(r, "person"), "person");
    if (!person)
        return;
    struct ticked t = { .r = r, .root_id = u.id };
    unit_each(r->db, &r->actor, &u, 1, office_ticked, &t);
    const char *starts = req_form(r, "starts");
    struct leader_add_job job = {
        .who = &r->actor,
        .in = { .unit = u.code, .person = person, .title = req_form(r, "title"),
                .offices = t.codes, .n_offices = t.n,
                .starts = starts && *starts ? starts : NULL },
    };
    if (req_run(r, leader_add_job, &job, &job.err) != RES_OK)
        return;
    struct url back;
    url_begin(&back, r, "/units/%s", u.code);
    url_param(&back, "ok", "leader.added");
    resp_redirect(r, url_end(&back));
}

void leader_end_post(struct req *r)
{
    long long id = param_path_id(r, 0, "leader");
    if (!id)
        return;
    struct leader_end_job job = { .who = &r->actor, .id = id };
    if (req_run(r, leader_end_job, &job, &job.err) != RES_OK)
        return;
    resp_redirect(r, "/units?ok=leader.ended");
}
