/*
 * Pages of rules (制度; handler layer, issue 16 item 1): the list of versions by unit, period,
 * category and action with its exports and CSV import, the create form, a rule's page with every
 * version's text, a line diff between two versions and the forms to revise and repeal, and a
 * unit's public rules for anyone, no login needed.
 */
#include <string.h>

#include "core/html.h"
#include "http/param.h"
#include "registry/registry_web.h"
#include "rules/rule.h"
#include "rules/rule_web.h"
#include "web/export.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

static const struct registry_kinds categories = { "rule.category", "rule.category",
                                                  rule_categories };

static void list_row(void *ctx, const struct rule_row *w)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td>%s</td><td><a href=\"/rules/%lld\">%s</a></td><td>%s</td><td>%s</td>"
                "<td>%s</td><td class=\"num\">%lld</td><td>%s</td></tr>",
                w->effective, w->id, w->title, w->doc_number, w->unit_name,
                tr_enum(r, "rule.category", w->category), w->version,
                tr_enum(r, "rule.action", w->action));
}

void rule_list_page(struct req *r)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    const char *action = param_str(r, "action", "");
    struct err err = { 0 };
    page_begin(r, tr(r, "rule.title"));
    page_notice(r);
    registry_filter_form(r, "/rules", &f, &categories, NULL);
    /* the action narrows the same filter: one link per action */
    html_raw(&r->out, "<p class=\"pager\">");
    for (size_t i = 0; i <= 3; i++) {
        const char *a = i < 3 ? rule_actions[i] : "";
        struct url u;
        url_begin(&u, r, "/rules");
        url_param(&u, "unit", f.unit);
        url_int(&u, "subtree", f.subtree);
        url_param(&u, "from", f.from);
        url_param(&u, "to", f.to);
        url_param(&u, "kind", f.kind);
        url_param(&u, "action", a);
        const char *href = url_end(&u);
        const char *label = *a ? tr_enum(r, "rule.action", a) : tr(r, "filter.all");
        if (strcmp(a, action) == 0)
            html_printf(&r->out, "<strong>%s</strong> ", label);
        else
            html_printf(&r->out, "<a href=\"%s\">%s</a> ", href, label);
    }
    html_raw(&r->out, "</p>");
    static const char *const cols[] = { "rule.effective", "rule.name",     "rule.doc_number",
                                        "rule.unit",      "rule.category", "#rule.version",
                                        "rule.action" };
    table_head(r, cols, 7);
    long long total = 0;
    enum result res = rule_list(r->db, &r->actor, &f, action, list_row, r, &total, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    table_end(r);
    const char *const extra[] = { "action", action, NULL };
    registry_list_links(r, "/rules", &f, extra, &p, total);
    page_end(r);
}

static void new_form(struct req *r, const struct err *err)
{
    const struct registry_field fields[] = {
        { "unit", "rule.unit_code", REGISTRY_TEXT, NULL, 1, NULL },
        { "title", "rule.name", REGISTRY_TEXT, NULL, 1, NULL },
        { "category", "rule.category", REGISTRY_SELECT, &categories, 1, NULL },
        { "doc_number", "rule.doc_number", REGISTRY_TEXT, NULL, 0, NULL },
        { "effective", "rule.effective", REGISTRY_DATE, NULL, 1, NULL },
        { "public", "rule.public", REGISTRY_CHECK, NULL, 0, NULL },
        { "text", "rule.text", REGISTRY_TEXTAREA, NULL, 1, NULL },
    };
    page_begin(r, tr(r, "rule.new"));
    registry_form(r, "/rules", fields, sizeof(fields) / sizeof(fields[0]), err);
    page_end(r);
}

void rule_new_page(struct req *r)
{
    new_form(r, NULL);
}

void rule_new_post(struct req *r)
{
    const char *pub = req_form(r, "public");
    struct rule_job job = {
        .who = &r->actor,
        .in = { .unit = req_form(r, "unit"),
                .title = req_form(r, "title"),
                .category = req_form(r, "category"),
                .doc_number = req_form(r, "doc_number"),
                .effective = req_form(r, "effective"),
                .public = pub && *pub == '1',
                .text = req_form(r, "text") },
    };
    enum result res = req_write(r, rule_create_job, &job);
    if (registry_form_failed(r, res, &job.err, new_form))
        return;
    resp_redirect(r, arena_printf(&r->arena, "/rules/%lld?ok=rule.saved", job.id));
}

static void diff_line(void *ctx, enum rule_diff_op op, const char *line, size_t len)
{
    struct req *r = ctx;
    const char *s = arena_printf(&r->arena, "%.*s", (int)len, line);
    if (op == RULE_ADD)
        html_printf(&r->out, "<ins>+ %s</ins>\n", s);
    else if (op == RULE_DEL)
        html_printf(&r->out, "<del>- %s</del>\n", s);
    else
        html_printf(&r->out, "  %s\n", s);
}

/* The diff between versions a and b (numbers from the query), and the form choosing them. */
static void diff_section(struct req *r, const struct rule *ru)
{
    if (ru->n_versions < 2)
        return;
    long long a, b;
    if (param_int(r, "a", 1, (long long)ru->n_versions, (long long)ru->n_versions - 1, &a) != 0 ||
        param_int(r, "b", 1, (long long)ru->n_versions, (long long)ru->n_versions, &b) != 0)
        return;
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "rule.diff"));
    form_begin(r, arena_printf(&r->arena, "/rules/%lld", ru->id), "filters", FORM_GET);
    const char *names[2] = { "a", "b" };
    long long chosen[2] = { a, b };
    for (int k = 0; k < 2; k++) {
        html_printf(&r->out, "<label>%s<select name=\"%s\">", tr(r, "rule.version"), names[k]);
        for (size_t i = 0; i < ru->n_versions; i++) {
            const char *v = arena_int(&r->arena, ru->versions[i].version);
            form_option(r, v, v, arena_int(&r->arena, chosen[k]));
        }
        html_raw(&r->out, "</select></label>");
    }
    form_submit(r, "rule.compare", 0);
    html_raw(&r->out, "<pre class=\"diff\">");
    if (rule_diff(ru->versions[a - 1].text, ru->versions[b - 1].text, diff_line, r) != 0)
        html_printf(&r->out, "%s", tr(r, "rule.diff_too_long"));
    html_raw(&r->out, "</pre>");
}

static void version_block(struct req *r, const struct rule_version *v)
{
    html_printf(&r->out, "<h3>%s %lld · %s · %s %s</h3>", tr(r, "rule.version"), v->version,
                tr_enum(r, "rule.action", v->action), tr(r, "rule.effective"), v->effective);
    if (*v->doc_number)
        html_printf(&r->out, "<p>%s %s</p>", tr(r, "rule.doc_number"), v->doc_number);
    if (*v->text)
        html_printf(&r->out, "<pre class=\"rule-text\">%s</pre>", v->text);
}

void rule_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "rule");
    if (!id)
        return;
    struct rule ru;
    struct err err = { 0 };
    enum result res = rule_get(r->db, &r->actor, id, &r->arena, &ru, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, ru.title);
    page_notice(r);
    html_printf(&r->out, "<p>%s %s · %s %s · %s</p>", tr(r, "rule.unit"), ru.unit_name,
                tr(r, "rule.category"), tr_enum(r, "rule.category", ru.category),
                tr(r, ru.public ? "rule.is_public" : "rule.not_public"));
    for (size_t i = ru.n_versions; i-- > 0;)
        version_block(r, &ru.versions[i]);
    diff_section(r, &ru);
    const struct rule_version *last = &ru.versions[ru.n_versions - 1];
    if (ru.may_write && strcmp(last->action, "repealed") != 0) {
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "rule.revise"));
        form_begin(r, arena_printf(&r->arena, "/rules/%lld/revise", id), "stack", 0);
        html_printf(&r->out,
                    "<label>%s<input type=\"date\" name=\"effective\" required></label>"
                    "<label>%s<input name=\"doc_number\"></label>"
                    "<label>%s<textarea name=\"text\" rows=\"12\" required>%s</textarea></label>",
                    tr(r, "rule.effective"), tr(r, "rule.doc_number"), tr(r, "rule.text"),
                    last->text);
        form_submit(r, "rule.revise", 1);
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "rule.repeal"));
        form_begin(r, arena_printf(&r->arena, "/rules/%lld/repeal", id), "inline", 0);
        html_printf(&r->out, "<label>%s<input type=\"date\" name=\"effective\" required></label>",
                    tr(r, "rule.effective"));
        form_submit(r, "rule.repeal", 0);
    }
    page_end(r);
}

/* A revise or repeal post: its job, then back to the rule. */
static void version_post(struct req *r, db_job_fn fn)
{
    struct rule_job job = { .who = &r->actor, .id = param_path_id(r, 0, "rule") };
    if (!job.id)
        return;
    job.in.text = req_form(r, "text");
    job.in.effective = req_form(r, "effective");
    const char *doc = req_form(r, "doc_number");
    job.in.doc_number = doc && *doc ? doc : NULL;
    if (req_run(r, fn, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/rules/%lld?ok=rule.saved", job.id));
}

void rule_revise_post(struct req *r)
{
    version_post(r, rule_revise_job);
}

void rule_repeal_post(struct req *r)
{
    version_post(r, rule_repeal_job);
}

struct public_ctx {
    struct req *r; /* the request */
    int n;         /* rules shown */
};

static void public_rule(void *ctx, const struct rule *ru)
{
    struct public_ctx *c = ctx;
    struct req *r = c->r;
    const struct rule_version *last = &ru->versions[ru->n_versions - 1];
    html_printf(&r->out, "<article><h2>%s</h2><p>%s · %s %s</p>", ru->title,
                tr_enum(r, "rule.category", ru->category), tr(r, "rule.effective"),
                last->effective);
    /* the document number in force: the newest version's that has one */
    const char *doc = "";
    for (size_t i = ru->n_versions; i-- > 0 && !*doc;)
        doc = ru->versions[i].doc_number;
    if (*doc)
        html_printf(&r->out, "<p>%s %s</p>", tr(r, "rule.doc_number"), doc);
    html_printf(&r->out, "<pre class=\"rule-text\">%s</pre></article>", last->text);
    c->n++;
}

void rule_public_page(struct req *r)
{
    const char *unit = r->args[0];
    struct err err = { 0 };
    struct public_ctx c = { r, 0 };
    page_begin(r, tr(r, "rule.public_title"));
    html_printf(&r->out, "<p>%s %s</p>", tr(r, "unit.code"), unit);
    enum result res = rule_public_each(r->db, unit, &r->arena, public_rule, &c, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    if (!c.n)
        html_printf(&r->out, "<p>%s</p>", tr(r, "rule.none_public"));
    page_end(r);
}

static void export_version(void *ctx, const struct rule_row *w)
{
    struct export_ctx *c = ctx;
    const char *v[] = {
        arena_int(&c->r->arena, w->id),
        w->unit,
        w->unit_name,
        w->title,
        tr_enum(c->r, "rule.category", w->category),
        w->doc_number,
        arena_int(&c->r->arena, w->version),
        tr_enum(c->r, "rule.action", w->action),
        w->effective,
    };
    export_row(c->sheet, v);
}

static void export_rules(struct req *r, int xlsx)
{
    static const enum export_cell types[9] = { CELL_NUMBER, CELL_TEXT, CELL_TEXT,
                                               CELL_TEXT,   CELL_TEXT, CELL_TEXT,
                                               CELL_NUMBER, CELL_TEXT, CELL_DATE };
    const char *headers[] = {
        tr(r, "rule.id"),      tr(r, "unit.code"),     tr(r, "rule.unit"),
        tr(r, "rule.name"),    tr(r, "rule.category"), tr(r, "rule.doc_number"),
        tr(r, "rule.version"), tr(r, "rule.action"),   tr(r, "rule.effective"),
    };
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    f.offset = 0;
    f.limit = 0; /* every row */
    struct err err = { 0 };
    struct export_ctx c = { .r = r };
    c.sheet = export_begin(xlsx, tr(r, "rule.title"), headers, types, 9);
    if (!c.sheet) {
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    long long total;
    enum result res = rule_list(r->db, &r->actor, &f, param_str(r, "action", ""), export_version,
                                &c, &total, &err);
    export_send(r, &c, res, &err, xlsx, "rules");
}

void rule_export_xlsx(struct req *r)
{
    export_rules(r, 1);
}

void rule_export_csv(struct req *r)
{
    export_rules(r, 0);
}

static enum result import_rules(struct db *db, const struct actor *who, long long arg,
                                const char *data, size_t len, long long *n_added,
                                const struct import_report *rep)
{
    (void)arg;
    return rule_import(db, who, data, len, n_added, rep);
}

void rule_import_post(struct req *r)
{
    const struct page_import im = {
        .title_id = "rule.import",
        .failed_id = "rule.import_failed",
        .back = "/rules",
        .ok = "/rules?ok=rule.imported",
        .run = import_rules,
        .arg = 0,
    };
    page_import(r, &im);
}
