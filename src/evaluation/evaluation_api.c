/*
 * JSON handlers of democratic evaluation (handler layer): sessions (create, list, show with
 * live turnout, open, close, duty reports), paper codes for organizers, ballots by account or
 * paper code, and results after close. Writes go through the single writer as typed jobs.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/throttle.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/str.h"
#include "evaluation/evaluation.h"
#include "evaluation/evaluation_web.h"
#include "http/param.h"

/* Reads an array of integers (person ids). */
static enum result get_ids(struct req *r, json_t *a, const char *field, const long long **out,
                           size_t *n, struct err *err)
{
    if (!json_is_array(a) || json_array_size(a) > EVAL_CANDIDATES_MAX)
        return err_set(err, RES_INVALID, field, "err.bad_type");
    long long *ids = arena_alloc(&r->arena, (json_array_size(a) + 1) * sizeof(*ids));
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_integer(v))
            return err_set(err, RES_INVALID, field, "err.bad_type");
        ids[i] = json_integer_value(v);
    }
    *out = ids;
    *n = json_array_size(a);
    return RES_OK;
}

static enum result parse_groups(struct req *r, json_t *a, struct eval_input *in, struct err *err)
{
    if (!a || json_is_null(a))
        return RES_OK;
    size_t n = json_array_size(a);
    if (!json_is_array(a) || n > EVAL_GROUPS_MAX)
        return err_setf(err, RES_INVALID, "groups", "err.too_long", "%d", EVAL_GROUPS_MAX);
    struct eval_group_input *list = arena_alloc(&r->arena, (n + 1) * sizeof(*list));
    for (size_t i = 0; i < n; i++) {
        json_t *g = json_array_get(a, i);
        int present;
        if (!json_is_object(g))
            return err_set(err, RES_INVALID, "groups", "err.bad_type");
        enum result res = json_get_str(g, "name", &list[i].name, err);
        if (res == RES_OK)
            res = json_get_int(g, "weight", &list[i].weight, &present, err);
        if (res == RES_OK)
            res = json_get_str(g, "voter_unit", &list[i].voter_unit, err);
        if (res == RES_OK)
            res = json_get_str(g, "role", &list[i].role, err);
        if (res == RES_OK)
            res = json_get_int(g, "paper_codes", &list[i].n_codes, &present, err);
        if (res == RES_OK)
            res = json_get_bool(g, "own_staff", &list[i].own_staff, err);
        if (res != RES_OK)
            return res;
    }
    in->groups = list;
    in->n_groups = n;
    return RES_OK;
}

/* Reads the points per grade, keyed by the codes of the session's scale: each counted grade's
 * (an unknown scale is left for the model to name). */
static enum result parse_points(struct req *r, json_t *o, struct eval_input *in, struct err *err)
{
    if (!o || json_is_null(o))
        return RES_OK;
    if (!json_is_object(o))
        return err_set(err, RES_INVALID, "points", "err.bad_type");
    struct scale scale;
    if (scale_load(r->db, in->scale ? in->scale : "evaluation4", &scale) != RES_OK)
        return RES_OK;
    long long *points = arena_alloc(&r->arena, EVAL_GRADES_MAX * sizeof(*points));
    for (size_t g = 0; g < scale.n; g++) {
        int present = 0;
        points[g] = SCALE_NO_POINTS;
        if (scale.grades[g].points == SCALE_NO_POINTS)
            continue;
        enum result res = json_get_int(o, scale.grades[g].code, &points[g], &present, err);
        if (res != RES_OK || !present)
            return err_setf(err, RES_INVALID, "points", "err.required", "%s", scale.grades[g].code);
    }
    in->points = points;
    return RES_OK;
}

void eval_create_api(struct req *r)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct eval_create_job job = { .who = &r->actor };
    struct eval_input *in = &job.in;
    int present;
    enum result res = json_get_str(o, "unit", &in->unit, &job.err);
    if (res == RES_OK)
        res = json_get_str(o, "title", &in->title, &job.err);
    if (res == RES_OK)
        res = json_get_str(o, "voter_unit", &in->voter_unit, &job.err);
    if (res == RES_OK)
        res = json_get_int(o, "paper_codes", &in->n_codes, &present, &job.err);
    if (res == RES_OK)
        res = json_get_int(o, "min_group", &in->min_group, &present, &job.err);
    if (res == RES_OK && present && in->min_group == 0)
        res = err_setf(&job.err, RES_INVALID, "min_group", "err.range", "1-1000");
    if (res == RES_OK)
        res = json_get_int(o, "year", &in->year, &present, &job.err);
    if (res == RES_OK && present && in->year == 0)
        res = err_setf(&job.err, RES_INVALID, "year", "err.range", "2000-2100");
    if (res == RES_OK)
        res = get_ids(r, json_object_get(o, "candidates"), "candidates", &in->candidates,
                      &in->n_candidates, &job.err);
    if (res == RES_OK)
        res = parse_groups(r, json_object_get(o, "groups"), in, &job.err);
    if (res == RES_OK)
        res = json_get_str(o, "scale", &in->scale, &job.err);
    if (res == RES_OK)
        res = parse_points(r, json_object_get(o, "points"), in, &job.err);
    if (res != RES_OK) {
        resp_api_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, eval_create_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

static json_t *info_json(const struct eval_info *e)
{
    json_t *points = json_object();
    for (size_t g = 0; g < e->scale.n; g++)
        json_object_set_new(points, e->scale.grades[g].code,
                            e->points[g] == SCALE_NO_POINTS ? json_null()
                                                            : json_integer(e->points[g]));
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:o}", "id",
                          (json_int_t)e->id, "unit", e->unit_code, "unit_name", e->unit_name,
                          "title", e->title, "state", e->state, "eligible", (json_int_t)e->eligible,
                          "voted", (json_int_t)e->voted, "paper_codes", (json_int_t)e->n_codes,
                          "min_group", (json_int_t)e->min_group, "points", points);
    json_object_set_new(j, "year", json_integer(e->year));
    json_object_set_new(j, "scale", json_string(e->scale.code));
    json_object_set_new(j, "opened", e->opened[0] ? json_string(e->opened) : json_null());
    json_object_set_new(j, "closed", e->closed[0] ? json_string(e->closed) : json_null());
    json_object_set_new(j, "organizer", json_boolean(e->organizer));
    json_object_set_new(j, "may_vote", json_boolean(e->on_roster && !e->has_voted));
    json_object_set_new(j, "has_voted", json_boolean(e->has_voted));
    return j;
}

static void list_row(void *ctx, const struct eval_info *e)
{
    json_array_append_new(ctx, info_json(e));
}

void eval_list_api(struct req *r)
{
    json_t *list = json_array();
    eval_each(r->db, &r->actor, list_row, list);
    resp_json(r, 200, json_pack("{s:o}", "evaluations", list));
}

static void candidate_row(void *ctx, const struct eval_candidate *c)
{
    json_t *tasks =
        json_pack("{s:I, s:I, s:I, s:I}", "total", (json_int_t)c->tasks.total, "accepted",
                  (json_int_t)c->tasks.accepted, "on_time", (json_int_t)c->tasks.on_time, "overdue",
                  (json_int_t)c->tasks.overdue);
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "person",
                                         (json_int_t)c->person, "name", c->name, "position",
                                         c->position, "unit_name", c->unit_name, "report",
                                         c->report, "attachment", c->file_name, "tasks", tasks));
}

static void group_row(void *ctx, const struct eval_group_info *g)
{
    json_array_append_new(ctx,
                          json_pack("{s:I, s:s, s:I, s:s, s:s, s:I, s:I}", "id", (json_int_t)g->id,
                                    "name", g->name, "weight", (json_int_t)g->weight, "voter_unit",
                                    g->unit, "role", g->role, "eligible", (json_int_t)g->eligible,
                                    "voted", (json_int_t)g->voted));
}

void eval_show_api(struct req *r)
{
    long long id = param_path_id(r, 0, "evaluation");
    if (!id)
        return;
    struct eval_info e;
    struct err err = { 0 };
    if (eval_get(r->db, &r->actor, id, &e) != RES_OK) {
        err_set(&err, RES_NOT_FOUND, "evaluation", "err.not_found");
        resp_api_fail(r, RES_NOT_FOUND, &err);
        return;
    }
    json_t *j = info_json(&e);
    json_t *cands = json_array(), *groups = json_array();
    eval_candidates(r->db, &r->actor, id, candidate_row, cands);
    if (e.organizer)
        eval_groups(r->db, &r->actor, id, group_row, groups);
    json_object_set_new(j, "candidates", cands);
    json_object_set_new(j, "groups", groups);
    resp_json(r, 200, j);
}

static void state_api(struct req *r, db_job_fn fn)
{
    long long id = param_path_id(r, 0, "evaluation");
    if (!id)
        return;
    struct eval_state_job job = { .who = &r->actor, .id = id };
    if (req_run(r, fn, &job, &job.err) != RES_OK)
        return;
    struct eval_info e;
    if (eval_get(r->db, &r->actor, id, &e) == RES_OK)
        resp_json(r, 200, info_json(&e));
    else
        resp_json(r, 200, json_object());
}

void eval_open_api(struct req *r)
{
    state_api(r, eval_open_job);
}

void eval_close_api(struct req *r)
{
    state_api(r, eval_close_job);
}

static void code_row(void *ctx, const char *code, const char *group, int used)
{
    json_t *o = ctx;
    json_array_append_new(json_object_get(o, "codes"), json_string(code));
    json_array_append_new(json_object_get(o, "slips"),
                          json_pack("{s:s, s:s, s:b}", "code", code, "group", group, "used", used));
}

void eval_codes_api(struct req *r)
{
    long long id = param_path_id(r, 0, "evaluation");
    if (!id)
        return;
    json_t *o = json_pack("{s:[], s:[]}", "codes", "slips");
    struct err err = { 0 };
    enum result res = eval_codes(r->db, &r->actor, id, code_row, o, &err);
    if (res != RES_OK) {
        json_decref(o);
        resp_api_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, o);
}

void eval_report_api(struct req *r)
{
    long long id = param_path_id(r, 0, "evaluation");
    json_t *o = id ? req_json(r) : NULL;
    if (!o)
        return;
    struct eval_report_job job = { .who = &r->actor, .id = id };
    int present = 0;
    enum result res = json_get_int(o, "person", &job.person, &present, &job.err);
    if (res == RES_OK)
        res = json_get_str(o, "report", &job.text, &job.err);
    if (res == RES_OK && !job.text) /* "" clears a report; leaving the field out is a mistake */
        res = err_set(&job.err, RES_INVALID, "report", "err.required");
    json_t *f = json_object_get(o, "attachment");
    if (res == RES_OK && f && !json_is_null(f))
        res = param_json_file(r, f, "attachment", &job.file, &job.err);
    if (res == RES_OK && !present)
        res = err_set(&job.err, RES_INVALID, "person", "err.required");
    if (res != RES_OK) {
        resp_api_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, eval_report_job, &job, &job.err) == RES_OK)
        resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* Reads "grades":[{"person","grade"}] into the ballot. */
static enum result parse_votes(struct req *r, json_t *a, struct eval_ballot *b, struct err *err)
{
    size_t n = json_array_size(a);
    if (!json_is_array(a) || n == 0)
        return err_set(err, RES_INVALID, "grades", "err.required");
    if (n > EVAL_CANDIDATES_MAX)
        return err_setf(err, RES_INVALID, "grades", "err.too_long", "%d", EVAL_CANDIDATES_MAX);
    struct eval_vote *votes = arena_alloc(&r->arena, n * sizeof(*votes));
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(a, i);
        int present = 0;
        if (!json_is_object(v) || json_get_int(v, "person", &votes[i].person, &present, err) ||
            json_get_str(v, "grade", &votes[i].grade, err) || !present)
            return err_set(err, RES_INVALID, "grades", "err.bad_type");
    }
    b->votes = votes;
    b->n_votes = n;
    return RES_OK;
}

/* The throttle key of the request's client for paper codes (arena). */
static const char *code_key(struct req *r)
{
    return arena_printf(&r->arena, "ev:%s", req_client(r));
}

int eval_code_throttled(struct req *r)
{
    return throttle_wait(code_key(r), EVAL_CODE_FAILURES_MAX, clock_unix()) > 0;
}

void eval_code_failed(struct req *r)
{
    throttle_fail(code_key(r), clock_unix());
}

void eval_ballot_api(struct req *r)
{
    long long id = param_path_id(r, 0, "evaluation");
    json_t *o = id ? req_json(r) : NULL;
    if (!o)
        return;
    struct eval_cast_job job = { .who = r->authed ? &r->actor : NULL };
    job.ballot.eval = id;
    enum result res = json_get_str(o, "code", &job.ballot.code, &job.err);
    if (res == RES_OK)
        res = json_get_str(o, "comment", &job.ballot.comment, &job.err);
    if (res == RES_OK)
        res = parse_votes(r, json_object_get(o, "grades"), &job.ballot, &job.err);
    if (res != RES_OK) {
        resp_api_fail(r, res, &job.err);
        return;
    }
    if (!job.ballot.code && !r->authed) {
        err_set(&job.err, RES_INVALID, NULL, "err.unauthorized");
        resp_json_error(r, 401, "unauthorized", &job.err);
        return;
    }
    if (job.ballot.code && eval_code_throttled(r)) {
        err_set(&job.err, RES_INVALID, NULL, "err.throttled");
        resp_json_error(r, 429, "too_many", &job.err);
        return;
    }
    res = req_run(r, eval_cast_job, &job, &job.err);
    if (res == RES_NOT_FOUND && job.ballot.code)
        eval_code_failed(r);
    if (res == RES_OK)
        resp_json(r, 201, json_pack("{s:b}", "ok", 1));
}

/* The results as the API reports them. */
static json_t *results_json(const struct eval_results *res)
{
    json_t *rows = json_array(), *cols = json_array(), *comments = json_array();
    for (size_t c = 0; c < res->n_cols; c++)
        json_array_append_new(cols, json_pack("{s:s, s:I, s:I, s:b}", "name", res->cols[c].name,
                                              "weight", (json_int_t)res->cols[c].weight, "ballots",
                                              (json_int_t)res->cols[c].ballots, "pooled",
                                              res->cols[c].name[0] == '\0'));
    for (size_t i = 0; i < res->n_rows; i++) {
        const struct eval_row *row = &res->rows[i];
        json_t *counts = json_object(), *by_group = json_array();
        const struct scale *scale = &res->info.scale;
        for (size_t g = 0; g < scale->n; g++)
            json_object_set_new(counts, scale->grades[g].code, json_integer(row->all.counts[g]));
        for (size_t c = 0; c < res->n_cols; c++) {
            json_t *gc = json_object();
            for (size_t g = 0; g < scale->n; g++)
                json_object_set_new(gc, scale->grades[g].code,
                                    json_integer(row->by_column[c].counts[g]));
            json_array_append_new(by_group, json_pack("{s:o, s:I, s:f}", "counts", gc, "ballots",
                                                      (json_int_t)row->by_column[c].n, "score",
                                                      row->by_column[c].score));
        }
        json_array_append_new(
            rows, json_pack("{s:I, s:s, s:i, s:I, s:o, s:f, s:f, s:f, s:f, s:o}", "person",
                            (json_int_t)row->person, "name", row->name, "rank", row->rank,
                            "ballots", (json_int_t)row->all.n, "counts", counts, "excellent_share",
                            row->excellent_share, "good_share", row->good_share, "mean",
                            row->all.score, "score", row->score, "groups", by_group));
    }
    for (size_t i = 0; i < res->n_comments; i++)
        json_array_append_new(comments, json_string(res->comments[i]));
    return json_pack("{s:I, s:s, s:I, s:b, s:I, s:o, s:o, s:o}", "id", (json_int_t)res->info.id,
                     "title", res->info.title, "ballots", (json_int_t)res->ballots, "hidden",
                     res->hidden, "min_group", (json_int_t)res->info.min_group, "groups", cols,
                     "results", rows, "comments", comments);
}

void eval_results_api(struct req *r)
{
    long long id = param_path_id(r, 0, "evaluation");
    if (!id)
        return;
    struct eval_results res;
    struct err err = { 0 };
    enum result rc = eval_results(r->db, &r->actor, id, &res, &err);
    if (rc != RES_OK) {
        resp_api_fail(r, rc, &err);
        return;
    }
    resp_json(r, 200, results_json(&res));
    eval_results_free(&res);
}
