/*
 * The registries' statistics over the API (handler layer): GET /api/v1/stats/registries for a
 * unit's subtree and period, and .../units for each unit directly below it.
 */
#include <string.h>

#include "core/json.h"
#include "core/str.h"
#include "http/param.h"
#include "registry/registry.h"
#include "registry/registry_web.h"
#include "unit/unit.h"

/* The counts n (registry_keys order) as {"rules":{"new",...,"by_category":{...}},...}, with the
 * media's cumulative figures (市级以上, 省部级以上) that reports state. */
static json_t *sums_json(const long long *n)
{
    json_t *doc = json_object();
    for (size_t i = 0; i < registry_n_keys; i++) {
        const char *key = registry_keys[i], *dot = strchr(key, '.');
        char group[32];
        snprintf(group, sizeof(group), "%.*s", (int)(dot - key), key);
        json_t *g = json_object_get(doc, group);
        if (!g) {
            g = json_object();
            json_object_set_new(doc, group, g);
        }
        const char *figure = dot + 1;
        if (strncmp(figure, "category.", 9) == 0) {
            json_t *c = json_object_get(g, "by_category");
            if (!c) {
                c = json_object();
                json_object_set_new(g, "by_category", c);
            }
            json_object_set_new(c, figure + 9, json_integer(n[i]));
        } else {
            json_object_set_new(g, figure, json_integer(n[i]));
        }
    }
    json_t *media = json_object_get(doc, "media");
    long long city_up, province_up;
    registry_media_above(n, &city_up, &province_up);
    json_object_set_new(media, "city_or_above", json_integer(city_up));
    json_object_set_new(media, "province_or_above", json_integer(province_up));
    return doc;
}

/* The unit asked about and the period, or 0 after answering 400 or 404. */
static int read_query(struct req *r, struct unit *u, const char **from, const char **to)
{
    struct err err = { 0 };
    const char *code = param_str(r, "unit", NULL);
    *from = param_str(r, "from", NULL);
    *to = param_str(r, "to", NULL);
    if (!code) {
        req_fail_invalid(r, "unit", "err.required");
        return 0;
    }
    if ((*from && !date_valid(*from)) || (*to && !date_valid(*to))) {
        req_fail_invalid(r, *from && !date_valid(*from) ? "from" : "to", "err.bad_date");
        return 0;
    }
    enum result res = unit_get(r->db, &r->actor, code, u, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return 0;
    }
    return 1;
}

void registry_stats_api(struct req *r)
{
    struct unit u;
    const char *from, *to;
    if (!read_query(r, &u, &from, &to))
        return;
    long long *n = arena_alloc(&r->arena, registry_n_keys * sizeof(*n));
    if (registry_sums(r->db, u.id, from, to, n) != RES_OK) {
        req_fail(r, RES_FAIL, &(struct err){ 0 });
        return;
    }
    json_t *doc = sums_json(n);
    json_object_set_new(doc, "unit", json_string(u.code));
    resp_json(r, 200, doc);
}

struct below_ctx {
    struct req *r;      /* the request */
    long long root_id;  /* the unit asked about */
    const char *from;   /* the period */
    const char *to;
    json_t *units;      /* the rows */
    int failed;         /* a read failed */
};

static void add_below(void *ctx, const struct unit *u)
{
    struct below_ctx *c = ctx;
    if (u->id == c->root_id || c->failed)
        return;
    long long *n = arena_alloc(&c->r->arena, registry_n_keys * sizeof(*n));
    if (registry_sums(c->r->db, u->id, c->from, c->to, n) != RES_OK) {
        c->failed = 1;
        return;
    }
    json_t *row = sums_json(n);
    json_object_set_new(row, "unit", json_string(u->code));
    json_object_set_new(row, "name", json_string(u->name));
    json_array_append_new(c->units, row);
}

void registry_units_api(struct req *r)
{
    struct unit u;
    struct below_ctx c = { .r = r, .units = json_array() };
    if (!read_query(r, &u, &c.from, &c.to)) {
        json_decref(c.units);
        return;
    }
    c.root_id = u.id;
    if (unit_each(r->db, &r->actor, &u, 1, add_below, &c) != RES_OK || c.failed) {
        json_decref(c.units);
        req_fail(r, RES_FAIL, &(struct err){ 0 });
        return;
    }
    resp_json(r, 200, json_pack("{s:s, s:o}", "unit", u.code, "units", c.units));
}
