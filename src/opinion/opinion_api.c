/*
 * JSON handlers of opinions and the rectification ledger (handler layer): the public
 * submission and tracking (no account; submissions rate-limited and failed tracking-code lookups
 * throttled per client in memory; a honeypot field),
 * staff entry, replies, merging, problems, measures, statistics and search.
 */
#include <string.h>

#include "auth/throttle.h"
#include "core/clock.h"
#include "core/json.h"
#include "http/param.h"
#include "http/route.h"
#include "opinion/opinion.h"
#include "opinion/opinion_web.h"
#include "opinion/rectification.h"

/* Runs a write job (req_run) and answers {"id": *id} with status, or the job's failure. */
static void run_answer_id(struct req *r, db_job_fn fn, void *job, const struct err *err,
                          const long long *id, int status)
{
    if (req_run(r, fn, job, err) == RES_OK)
        resp_json(r, status, json_pack("{s:I}", "id", (json_int_t)*id));
}

void opinion_public_submit_api(struct req *r)
{
    struct opinion_submit_job job = { 0 };
    if (opinion_public_throttled(r))
        return;
    json_t *in = req_json(r);
    if (!in)
        return;
    const char *honeypot = NULL;
    enum result res;
    if ((res = json_get_str(in, "content", &job.in.content, &job.err)) != RES_OK ||
        (res = json_get_str(in, "area", &job.in.area, &job.err)) != RES_OK ||
        (res = json_get_str(in, "target_unit", &job.in.target_unit, &job.err)) != RES_OK ||
        (res = json_get_str(in, "contact", &job.in.contact, &job.err)) != RES_OK ||
        (res = json_get_str(in, "website", &honeypot, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (honeypot && *honeypot) {
        /* a form filler that cannot see the page: answer like a success, keep nothing */
        tracking_new(job.code);
        resp_json(r, 201, json_pack("{s:s}", "tracking_code", job.code));
        return;
    }
    if (req_run(r, opinion_submit_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:s}", "tracking_code", job.code));
}

/* The throttle key of the request's client for tracking-code lookups (arena); "p:" counts its
 * submissions. */
static const char *track_key(struct req *r)
{
    return arena_printf(&r->arena, "t:%s", req_client(r));
}

/* Answers 429 in the route's own format, asking the client to come back after retry_after
 * seconds. */
static void answer_throttled(struct req *r, const char *retry_after)
{
    struct err err = { 0 };
    err_set(&err, RES_INVALID, NULL, "err.throttled");
    resp_header(r, "Retry-After", retry_after);
    if ((r->route && (r->route->flags & RF_API)) || !r->page_error)
        resp_json_error(r, 429, "too_many", &err);
    else
        r->page_error(r, 429, &err);
}

int opinion_public_throttled(struct req *r)
{
    if (rate_take(arena_printf(&r->arena, "p:%s", req_client(r)), server_public_rate(r->server),
                  clock_unix()))
        return 0;
    answer_throttled(r, "900");
    return 1;
}

int opinion_track_throttled(struct req *r)
{
    long wait = throttle_wait(track_key(r), server_public_rate(r->server), clock_unix());
    if (!wait)
        return 0;
    answer_throttled(r, arena_printf(&r->arena, "%ld", wait));
    return 1;
}

void opinion_track_failed(struct req *r)
{
    throttle_fail(track_key(r), clock_unix());
}

static json_t *opinion_json(const struct opinion *o, int staff)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "content", o->content, "day", o->day,
                          "state", o->state, "channel", o->channel, "unit", o->unit_code);
    json_object_set_new(j, "area", *o->area ? json_string(o->area) : json_null());
    json_object_set_new(j, "reply", *o->reply ? json_string(o->reply) : json_null());
    json_object_set_new(j, "reply_day", *o->reply_day ? json_string(o->reply_day) : json_null());
    json_object_set_new(j, "rating", *o->rating ? json_string(o->rating) : json_null());
    if (staff) {
        json_object_set_new(j, "id", json_integer(o->id));
        json_object_set_new(j, "unit_name", json_string(o->unit_name));
        json_object_set_new(j, "target",
                            *o->target_name ? json_string(o->target_name) : json_string("班子"));
        json_object_set_new(j, "anonymous", json_boolean(o->anonymous));
        json_object_set_new(j, "consolidated_into",
                            o->consolidated_into ? json_integer(o->consolidated_into)
                                                 : json_null());
    }
    return j;
}

static void set_public(void *ctx, const struct opinion *o)
{
    *(json_t **)ctx = opinion_json(o, 0);
}

void opinion_public_track_api(struct req *r)
{
    if (opinion_track_throttled(r))
        return;
    json_t *doc = NULL;
    if (opinion_track(r->db, r->args[0], set_public, &doc) != RES_OK || !doc) {
        opinion_track_failed(r);
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, "code", "err.not_found");
        req_fail(r, RES_NOT_FOUND, &err);
        return;
    }
    resp_json(r, 200, doc);
}

void opinion_public_rate_api(struct req *r)
{
    if (opinion_track_throttled(r))
        return;
    json_t *in = req_json(r);
    if (!in)
        return;
    struct opinion_rate_job job = { .code = r->args[0] };
    enum result res = json_get_str(in, "rating", &job.rating, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    res = req_run(r, opinion_rate_job, &job, &job.err);
    if (res == RES_OK)
        resp_json(r, 200, json_pack("{s:s}", "rating", job.rating));
    else if (res == RES_NOT_FOUND)
        opinion_track_failed(r);
}

static void add_opinion(void *ctx, const struct opinion *o)
{
    json_array_append_new(ctx, opinion_json(o, 1));
}

/* The ?unit= the request must give, or NULL after answering 400. */
static const char *need_unit(struct req *r)
{
    const char *unit = req_query(r, "unit");
    if (!unit)
        req_fail_invalid(r, "unit", "err.required");
    return unit;
}

void opinion_list_api(struct req *r)
{
    struct paging p;
    const char *unit, *subtree = req_query(r, "subtree");
    if (param_paging(r, 200, 1000, &p) || !(unit = need_unit(r)))
        return;
    struct err err = { 0 };
    json_t *list = json_array();
    struct opinion_filter f = { .unit = unit,
                                .subtree = subtree && !strcmp(subtree, "1"),
                                .channel = req_query(r, "channel"),
                                .area = req_query(r, "area"),
                                .state = req_query(r, "state"),
                                .offset = p.offset,
                                .limit = p.limit };
    long long total = 0;
    enum result res = opinion_list(r->db, &r->actor, &f, add_opinion, list, &total, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o, s:I}", "opinions", list, "total", (json_int_t)total));
}

void opinion_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct opinion_add_job job = { .who = &r->actor };
    int present;
    enum result res;
    if ((res = json_get_str(in, "channel", &job.in.channel, &job.err)) != RES_OK ||
        (res = json_get_str(in, "content", &job.in.content, &job.err)) != RES_OK ||
        (res = json_get_str(in, "area", &job.in.area, &job.err)) != RES_OK ||
        (res = json_need_str(in, "target_unit", &job.in.target_unit, &job.err)) != RES_OK ||
        (res = json_get_str(in, "contact", &job.in.contact, &job.err)) != RES_OK ||
        (res = json_get_int(in, "target_person", &job.in.target_person, &present, &job.err)) !=
            RES_OK ||
        (res = json_get_int(in, "campaign", &job.in.campaign, &present, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    run_answer_id(r, opinion_add_job, &job, &job.err, &job.id, 201);
}

/* The id in the path and the JSON body of POST .../{id}/ACTION: 0 after answering 404 or 400. */
static long long id_and_body(struct req *r, const char *field, json_t **in)
{
    long long id = param_path_id(r, 0, field);
    return id && (*in = req_json(r)) ? id : 0;
}

void opinion_reply_api(struct req *r)
{
    struct opinion_reply_job job = { .who = &r->actor };
    json_t *in;
    if (!(job.id = id_and_body(r, "opinion", &in)))
        return;
    enum result res = json_get_str(in, "text", &job.text, &job.err);
    if (res != RES_OK)
        req_fail(r, res, &job.err);
    else
        run_answer_id(r, opinion_reply_job, &job, &job.err, &job.id, 200);
}

void opinion_merge_api(struct req *r)
{
    struct opinion_merge_job job = { .who = &r->actor };
    json_t *in;
    if (!(job.id = id_and_body(r, "opinion", &in)))
        return;
    enum result res = json_need_int(in, "into", &job.into, &job.err);
    if (res != RES_OK)
        req_fail(r, res, &job.err);
    else
        run_answer_id(r, opinion_merge_job, &job, &job.err, &job.id, 200);
}

void measure_implemented_api(struct req *r)
{
    struct measure_implemented_job job = { .who = &r->actor };
    json_t *in;
    if (!(job.id = id_and_body(r, "measure", &in)))
        return;
    enum result res = json_get_str(in, "evidence", &job.evidence, &job.err);
    if (res != RES_OK)
        req_fail(r, res, &job.err);
    else
        run_answer_id(r, measure_implemented_job, &job, &job.err, &job.id, 200);
}

/* POST /api/v1/measures/{id}/start or /verify: no body needed. */
static void measure_step_api(struct req *r, db_job_fn fn)
{
    struct measure_step_job job = { .who = &r->actor };
    if ((job.id = param_path_id(r, 0, "measure")))
        run_answer_id(r, fn, &job, &job.err, &job.id, 200);
}

void measure_start_api(struct req *r)
{
    measure_step_api(r, measure_start_job);
}

void measure_verify_api(struct req *r)
{
    measure_step_api(r, measure_verify_job);
}

void problem_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct problem_add_job job = { .who = &r->actor };
    enum result res;
    if ((res = json_need_str(in, "unit", &job.in.unit, &job.err)) != RES_OK ||
        (res = json_get_str(in, "title", &job.in.title, &job.err)) != RES_OK ||
        (res = json_get_str(in, "area", &job.in.area, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    json_t *ids = json_object_get(in, "opinions");
    if (ids && !json_is_null(ids)) {
        size_t n = json_array_size(ids);
        if (!json_is_array(ids) || n > 1000) {
            req_fail_invalid(r, "opinions", "err.bad_type");
            return;
        }
        long long *list = arena_alloc(&r->arena, (n + 1) * sizeof(*list));
        for (size_t i = 0; i < n; i++) {
            json_t *v = json_array_get(ids, i);
            if (!json_is_integer(v)) {
                req_fail_invalid(r, "opinions", "err.bad_type");
                return;
            }
            list[i] = (long long)json_integer_value(v);
        }
        job.in.opinions = list;
        job.in.n_opinions = n;
    }
    run_answer_id(r, problem_add_job, &job, &job.err, &job.id, 201);
}

void measure_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct measure_add_job job = { .who = &r->actor };
    int present;
    enum result res;
    if ((res = json_need_int(in, "problem", &job.in.problem, &job.err)) != RES_OK ||
        (res = json_get_str(in, "title", &job.in.title, &job.err)) != RES_OK ||
        (res = json_get_int(in, "owner", &job.in.owner, &present, &job.err)) != RES_OK ||
        (res = json_get_str(in, "deadline", &job.in.deadline, &job.err)) != RES_OK ||
        (res = json_get_bool(in, "public", &job.in.public, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    run_answer_id(r, measure_add_job, &job, &job.err, &job.id, 201);
}

json_t *rectification_json(const char *unit, const struct rectification_stats *s)
{
    json_t *by_channel = json_object(), *consolidated = json_object(), *by_area = json_object(),
           *outreach = json_object();
    for (int i = 0; i < N_CHANNELS; i++) {
        json_object_set_new(by_channel, channel_codes[i], json_integer(s->by_channel[i]));
        json_object_set_new(consolidated, channel_codes[i],
                            json_integer(s->by_channel_consolidated[i]));
    }
    for (int i = 0; i < N_AREAS; i++)
        json_object_set_new(by_area, area_codes[i], json_integer(s->by_area[i]));
    for (int i = 0; i < N_OUTREACH; i++)
        json_object_set_new(outreach, outreach_codes[i], json_integer(s->outreach[i]));
    json_object_set_new(outreach, "attendees", json_integer(s->attendees));
    json_t *doc =
        json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "unit",
                  unit, "letters_sent", (json_int_t)s->letters, "forums", (json_int_t)s->forums,
                  "visits", (json_int_t)s->visits, "opinions", (json_int_t)s->opinions,
                  "consolidated", (json_int_t)s->consolidated, "problems", (json_int_t)s->problems,
                  "measures", (json_int_t)s->measures, "implemented", (json_int_t)s->implemented,
                  "verified", (json_int_t)s->verified, "overdue", (json_int_t)s->overdue, "replied",
                  (json_int_t)s->replied, "to_body", (json_int_t)s->to_body, "to_person",
                  (json_int_t)s->to_person);
    json_object_set_new(doc, "ratings",
                        json_pack("{s:I, s:I, s:I}", "satisfied", (json_int_t)s->satisfied, "basic",
                                  (json_int_t)s->basic, "dissatisfied",
                                  (json_int_t)s->dissatisfied));
    json_object_set_new(doc, "by_channel", by_channel);
    json_object_set_new(doc, "consolidated_by_channel", consolidated);
    json_object_set_new(doc, "by_area", by_area);
    json_object_set_new(doc, "outreach", outreach);
    return doc;
}

void rectification_stats_api(struct req *r)
{
    const char *unit = need_unit(r);
    if (!unit)
        return;
    struct err err = { 0 };
    struct rectification_stats s;
    enum result res = rectification_stats(r->db, &r->actor, unit, req_query(r, "from"),
                                          req_query(r, "to"), &s, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, rectification_json(unit, &s));
}

static void add_unit_stats(void *ctx, const char *code, const char *name,
                           const struct rectification_stats *s)
{
    json_t *doc = rectification_json(code, s);
    json_object_set_new(doc, "name", json_string(name));
    json_array_append_new(ctx, doc);
}

void rectification_units_api(struct req *r)
{
    const char *unit = need_unit(r);
    if (!unit)
        return;
    struct err err = { 0 };
    json_t *list = json_array();
    enum result res = rectification_rollup(r->db, &r->actor, unit, req_query(r, "from"),
                                           req_query(r, "to"), add_unit_stats, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "units", list));
}

static void add_hit(void *ctx, const char *kind, long long id, const char *snippet)
{
    json_array_append_new(
        ctx, json_pack("{s:s, s:I, s:s}", "kind", kind, "id", (json_int_t)id, "snippet", snippet));
}

void search_api(struct req *r)
{
    struct err err = { 0 };
    json_t *list = json_array();
    enum result res = search_run(r->db, &r->actor, req_query(r, "q"), 50, add_hit, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "results", list));
}

void campaign_create_api(struct req *r)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct campaign_add_job job = { .who = &r->actor };
    enum result res;
    if ((res = json_need_str(o, "unit", &job.unit, &job.err)) != RES_OK ||
        (res = json_get_str(o, "title", &job.title, &job.err)) != RES_OK ||
        (res = json_get_str(o, "starts", &job.starts, &job.err)) != RES_OK ||
        (res = json_get_str(o, "ends", &job.ends, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    json_t *list = json_object_get(o, "areas");
    if (list && !json_is_null(list) && !json_is_array(list)) {
        req_fail_invalid(r, "areas", "err.bad_type");
        return;
    }
    size_t n = json_array_size(list);
    struct campaign_area *areas = arena_alloc(&r->arena, (n + 1) * sizeof(*areas));
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_array_get(list, i);
        areas[i].code = json_string_value(json_object_get(a, "code"));
        areas[i].name = json_string_value(json_object_get(a, "name"));
        if (!areas[i].code || !areas[i].name) {
            req_fail_invalid(r, "areas", "err.bad_type");
            return;
        }
    }
    job.areas = areas;
    job.n_areas = n;
    if (req_run(r, campaign_add_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

static void campaign_json(void *ctx, const struct campaign *c)
{
    json_t **doc = ctx;
    *doc = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)c->id, "title", c->title,
                     "unit", c->unit_code, "starts", c->starts, "ends", c->ends, "opinions",
                     (json_int_t)c->n_opinions);
}

static void area_json(void *ctx, const char *code, const char *name, long long n)
{
    json_array_append_new(ctx, json_pack("{s:s, s:s, s:I}", "code", code, "name", name,
                                         "opinions", (json_int_t)n));
}

void campaign_show_api(struct req *r)
{
    long long id = param_path_id(r, 0, "campaign");
    if (!id)
        return;
    json_t *doc = NULL;
    struct err err = { 0 };
    if (campaign_get(r->db, &r->actor, id, campaign_json, &doc) != RES_OK) {
        err_set(&err, RES_NOT_FOUND, "campaign", "err.not_found");
        req_fail(r, RES_NOT_FOUND, &err);
        return;
    }
    json_t *areas = json_array();
    enum result res =
        campaign_areas(r->db, &r->actor, id, param_str(r, "unit", NULL), area_json, areas, &err);
    if (res != RES_OK) {
        json_decref(areas);
        json_decref(doc);
        req_fail(r, res, &err);
        return;
    }
    json_object_set_new(doc, "areas", areas);
    resp_json(r, 200, doc);
}
