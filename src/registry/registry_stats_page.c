/*
 * The registries' figures as a page (handler layer): GET /registries shows every count of a
 * unit's subtree over a period, each registry's heading linking to its list, and one
 * registry's figures for each unit directly below, each unit linking to its own figures. The
 * figures come from the roll-up (registry_sums), never from a recount.
 */
#include <string.h>

#include "core/html.h"
#include "http/param.h"
#include "registry/registry.h"
#include "registry/registry_web.h"
#include "unit/unit.h"
#include "web/form.h"
#include "web/layout.h"

/* The registries in the order of registry_keys, with their lists. */
static const struct {
    const char *group; /* the keys' prefix */
    const char *list;  /* the list page's path segment */
} groups[] = {
    { "rules", "rules" },       { "commendations", "commendations" },
    { "essays", "contests" },   { "media", "media" },
    { "meetings", "meetings" }, { "research", "research" },
    { "discipline", "discipline" },
};
enum { N_GROUPS = sizeof(groups) / sizeof(groups[0]) };

/* 1 when key belongs to group. */
static int in_group(const char *key, const char *group)
{
    size_t n = strlen(group);
    return strncmp(key, group, n) == 0 && key[n] == '.';
}

/* The figures of group: their values from n and, when r is not NULL, their message IDs, the
 * media's cumulative two after its levels. Returns how many (at most max). */
static int group_figures(struct req *r, const char *group, const long long *n, const char **ids,
                         long long *v, int max)
{
    int k = 0;
    for (size_t i = 0; i < registry_n_keys && k < max; i++)
        if (in_group(registry_keys[i], group)) {
            ids[k] = r ? arena_printf(&r->arena, "reg.%s", registry_keys[i]) : NULL;
            v[k++] = n[i];
        }
    if (strcmp(group, "media") == 0 && k + 2 <= max) {
        ids[k] = "reg.media.city_or_above";
        ids[k + 1] = "reg.media.province_or_above";
        registry_media_above(n, &v[k], &v[k + 1]);
        k += 2;
    }
    return k;
}

enum { FIGURES_MAX = 16 };

/* The whole subtree's figures, registry by registry. */
static void figures_table(struct req *r, const struct unit *u, const char *from,
                          const char *to, const long long *n)
{
    static const char *const cols[] = { "reg.figure", "#reg.count" };
    table_head(r, cols, 2);
    for (int g = 0; g < N_GROUPS; g++) {
        struct url link;
        url_begin(&link, r, "/%s", groups[g].list);
        url_param(&link, "unit", u->code);
        url_int(&link, "subtree", 1);
        url_param(&link, "from", from);
        url_param(&link, "to", to);
        html_printf(&r->out, "<tr class=\"group\"><th colspan=\"2\" scope=\"rowgroup\">"
                             "<a href=\"%s\">%s</a></th></tr>",
                    url_end(&link), tr_enum(r, "reg", groups[g].group));
        const char *ids[FIGURES_MAX];
        long long v[FIGURES_MAX];
        int k = group_figures(r, groups[g].group, n, ids, v, FIGURES_MAX);
        for (int i = 0; i < k; i++)
            html_printf(&r->out, "<tr><td>%s</td><td class=\"num\">%lld</td></tr>", tr(r, ids[i]),
                        v[i]);
    }
    table_end(r);
}

struct below_ctx {
    struct req *r;                  /* the request */
    long long root_id;              /* the unit shown */
    const char *group;              /* the registry compared */
    const char *from, *to;          /* the period */
    const char *keys[FIGURES_MAX];  /* the group's keys in registry_keys */
    int at[FIGURES_MAX];            /* their places there */
    int n_keys;                     /* how many */
    long long *n;                   /* a unit's figures, in the order of registry_keys */
    int failed;                     /* a read failed */
};

static void below_row(void *ctx, const struct unit *u)
{
    struct below_ctx *c = ctx;
    struct req *r = c->r;
    if (u->id == c->root_id || c->failed)
        return;
    /* only the compared registry's keys: a unit's row reads a few tally rows, not all */
    long long sums[FIGURES_MAX];
    if (registry_sums_of(r->db, u->id, c->from, c->to, c->keys, (size_t)c->n_keys, sums) !=
        RES_OK) {
        c->failed = 1;
        return;
    }
    for (int i = 0; i < c->n_keys; i++)
        c->n[c->at[i]] = sums[i];
    const char *ids[FIGURES_MAX];
    long long v[FIGURES_MAX];
    int k = group_figures(NULL, c->group, c->n, ids, v, FIGURES_MAX);
    struct url link;
    url_begin(&link, r, "/registries");
    url_param(&link, "unit", u->code);
    url_param(&link, "from", c->from);
    url_param(&link, "to", c->to);
    url_param(&link, "group", c->group);
    html_printf(&r->out, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th>", url_end(&link),
                u->name);
    for (int i = 0; i < k; i++)
        html_printf(&r->out, "<td class=\"num\">%lld</td>", v[i]);
    html_raw(&r->out, "</tr>");
}

/* One registry's figures for each unit directly below u. */
static void below_table(struct req *r, const struct unit *u, struct below_ctx *c)
{
    const char *ids[FIGURES_MAX + 1];
    long long v[FIGURES_MAX];
    c->n = arena_alloc(&r->arena, registry_n_keys * sizeof(*c->n));
    memset(c->n, 0, registry_n_keys * sizeof(*c->n));
    for (size_t i = 0; i < registry_n_keys && c->n_keys < FIGURES_MAX; i++)
        if (in_group(registry_keys[i], c->group)) {
            c->keys[c->n_keys] = registry_keys[i];
            c->at[c->n_keys++] = (int)i;
        }
    ids[0] = "unit.name";
    int k = group_figures(r, c->group, c->n, ids + 1, v, FIGURES_MAX);
    for (int i = 1; i <= k; i++)
        ids[i] = arena_printf(&r->arena, "#%s", ids[i]);
    html_printf(&r->out, "<h2>%s:%s</h2>", tr(r, "reg.below"), tr_enum(r, "reg", c->group));
    table_head(r, ids, (size_t)k + 1);
    if (unit_each(r->db, &r->actor, u, 1, below_row, c) != RES_OK)
        c->failed = 1;
    table_end(r);
}

void registry_stats_page(struct req *r)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    const char *group = param_str(r, "group", groups[0].group);
    int g = 0;
    while (g < N_GROUPS && strcmp(groups[g].group, group) != 0)
        g++;
    if (g == N_GROUPS) {
        req_fail_invalid(r, "group", "err.bad_enum");
        return;
    }
    struct registry_span s;
    struct err err = { 0 };
    enum result res = registry_span(r->db, &r->actor, &f, NULL, &s, &err);
    long long *n = arena_alloc(&r->arena, registry_n_keys * sizeof(*n));
    if (res == RES_OK && registry_sums(r->db, s.unit.id, f.from, f.to, n) != RES_OK)
        res = err_set(&err, RES_FAIL, NULL, "err.internal");
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, tr(r, "reg.title"));
    form_begin(r, "/registries", "filters", FORM_GET);
    html_printf(&r->out, "<label>%s<input name=\"unit\" value=\"%s\" size=\"10\"></label>",
                tr(r, "unit.code"), f.unit);
    html_printf(&r->out,
                "<label>%s<input type=\"date\" name=\"from\" value=\"%s\"></label>"
                "<label>%s<input type=\"date\" name=\"to\" value=\"%s\"></label>",
                tr(r, "registry.from"), f.from, tr(r, "registry.to"), f.to);
    html_printf(&r->out, "<label>%s<select name=\"group\">", tr(r, "reg.below"));
    for (int i = 0; i < N_GROUPS; i++)
        form_option(r, groups[i].group, tr_enum(r, "reg", groups[i].group), group);
    html_raw(&r->out, "</select></label>");
    form_submit(r, "filter.apply", 0);
    html_printf(&r->out, "<h2>%s</h2>", s.unit.name);
    figures_table(r, &s.unit, f.from, f.to, n);
    struct below_ctx c = { .r = r, .root_id = s.unit.id, .group = groups[g].group,
                           .from = f.from, .to = f.to };
    below_table(r, &s.unit, &c);
    if (c.failed) {
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    page_end(r);
}
