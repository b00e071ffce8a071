/*
 * JSON handlers of grade scales and satisfaction surveys (handler layer; issue 24): scales
 * listed, added and changed; a survey issued, opened and closed; tallies, web and paper-code
 * answers, paper codes; the results of a subtree; a weak item turned into a problem. Every
 * write is a typed job run by req_run.
 */
#include <string.h>

#include "core/json.h"
#include "evaluation/evaluation_web.h"
#include "http/param.h"
#include "survey/survey.h"
#include "survey/survey_web.h"

static json_t *scale_json(const struct scale *s)
{
    json_t *grades = json_array();
    for (size_t i = 0; i < s->n; i++) {
        const struct scale_grade *g = &s->grades[i];
        json_array_append_new(
            grades,
            json_pack("{s:s, s:s, s:s, s:o}", "code", g->code, "name", g->name, "name_en",
                      g->name_en, "points",
                      g->points == SCALE_NO_POINTS ? json_null() : json_integer(g->points)));
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:b, s:o}", "code", s->code, "name", s->name, "name_en",
                     s->name_en, "unit", *s->unit_code ? json_string(s->unit_code) : json_null(),
                     "builtin", !*s->unit_code, "grades", grades);
}

static void add_scale(void *ctx, const struct scale *s)
{
    json_array_append_new(ctx, scale_json(s));
}

void scale_list_api(struct req *r)
{
    json_t *list = json_array();
    if (scale_each(r->db, &r->actor, add_scale, list) != RES_OK) {
        json_decref(list);
        struct err err = { 0 };
        req_fail(r, err_set(&err, RES_FAIL, NULL, "err.internal"), &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "scales", list));
}

/* Reads {"unit","code","name","name_en","grades":[...]} into in. */
static enum result read_scale(json_t *o, struct scale_input *in, struct err *err)
{
    enum result res;
    if ((res = json_get_str(o, "unit", &in->unit, err)) != RES_OK ||
        (res = json_need_str(o, "code", &in->code, err)) != RES_OK ||
        (res = json_get_str(o, "name", &in->name, err)) != RES_OK ||
        (res = json_get_str(o, "name_en", &in->name_en, err)) != RES_OK)
        return res;
    json_t *grades = json_object_get(o, "grades");
    if (!json_is_array(grades))
        return err_set(err, RES_INVALID, "grades", grades ? "err.bad_type" : "err.required");
    in->too_many = json_array_size(grades) > SCALE_GRADES_MAX;
    for (size_t i = 0; i < json_array_size(grades) && i < SCALE_GRADES_MAX; i++) {
        json_t *g = json_array_get(grades, i), *points = json_object_get(g, "points");
        struct scale_grade *out = &in->grades[in->n++];
        const char *code = NULL, *name = NULL, *name_en = NULL;
        if (!json_is_object(g) || (points && !json_is_null(points) && !json_is_integer(points)))
            return err_set(err, RES_INVALID, "grades", "err.bad_type");
        if ((res = json_get_str(g, "code", &code, err)) != RES_OK ||
            (res = json_get_str(g, "name", &name, err)) != RES_OK ||
            (res = json_get_str(g, "name_en", &name_en, err)) != RES_OK)
            return res;
        if ((code && strlen(code) >= sizeof(out->code)) ||
            (name && strlen(name) >= sizeof(out->name)) ||
            (name_en && strlen(name_en) >= sizeof(out->name_en)))
            return err_set(err, RES_INVALID, "grades", "err.too_long");
        snprintf(out->code, sizeof(out->code), "%s", code ? code : "");
        snprintf(out->name, sizeof(out->name), "%s", name ? name : "");
        snprintf(out->name_en, sizeof(out->name_en), "%s", name_en ? name_en : "");
        long long p = json_is_integer(points) ? json_integer_value(points) : SCALE_NO_POINTS;
        out->points = p < -1 || p > 1000 ? 1000 : (int)p; /* out of range: refused by the model */
    }
    return RES_OK;
}

static void scale_write(struct req *r, const char *code)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct scale_add_job job = { .who = &r->actor, .code = code };
    enum result res = read_scale(o, &job.in, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, code ? scale_set_job : scale_add_job, &job, &job.err) == RES_OK)
        resp_json(r, code ? 200 : 201, json_pack("{s:s}", "code", job.in.code));
}

void scale_create_api(struct req *r)
{
    scale_write(r, NULL);
}

void scale_update_api(struct req *r)
{
    const char *code = r->args[0];
    if (code)
        scale_write(r, code);
}

/* Reads the items of a survey (arena). */
static enum result read_items(struct req *r, json_t *items, struct survey_input *in,
                              struct err *err)
{
    if (!json_is_array(items))
        return err_set(err, RES_INVALID, "items", items ? "err.bad_type" : "err.required");
    size_t n = json_array_size(items);
    if (n > SURVEY_ITEMS_MAX)
        return err_setf(err, RES_INVALID, "items", "err.range", "1-%d", SURVEY_ITEMS_MAX);
    struct survey_item_input *list = arena_alloc(&r->arena, (n + 1) * sizeof(*list));
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(items, i), *options = json_object_get(it, "options");
        const char *kind = NULL;
        enum result res;
        memset(&list[i], 0, sizeof(list[i]));
        if (!json_is_object(it))
            return err_set(err, RES_INVALID, "items", "err.bad_type");
        if ((res = json_get_str(it, "code", &list[i].code, err)) != RES_OK ||
            (res = json_get_str(it, "text", &list[i].text, err)) != RES_OK ||
            (res = json_get_str(it, "kind", &kind, err)) != RES_OK)
            return res;
        if (kind && strcmp(kind, "choices") != 0 && strcmp(kind, "grades") != 0)
            return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "grades|choices");
        list[i].choices = kind && strcmp(kind, "choices") == 0;
        if (!list[i].choices)
            continue;
        if (!json_is_array(options) || json_array_size(options) > SURVEY_OPTIONS_MAX)
            return err_setf(err, RES_INVALID, "options", "err.range", "1-%d", SURVEY_OPTIONS_MAX);
        size_t n_opt = json_array_size(options);
        struct survey_option_input *opt = arena_alloc(&r->arena, (n_opt + 1) * sizeof(*opt));
        for (size_t o = 0; o < n_opt; o++) {
            json_t *x = json_array_get(options, o);
            opt[o] = (struct survey_option_input){ 0 };
            if (!json_is_object(x))
                return err_set(err, RES_INVALID, "options", "err.bad_type");
            if ((res = json_get_str(x, "code", &opt[o].code, err)) != RES_OK ||
                (res = json_get_str(x, "text", &opt[o].text, err)) != RES_OK)
                return res;
        }
        list[i].options = opt;
        list[i].n_options = n_opt;
    }
    in->items = list;
    in->n_items = n;
    return RES_OK;
}

/* Reads the kinds, collectors and weights of a survey (arena). */
static enum result read_units(struct req *r, json_t *o, struct survey_input *in, struct err *err)
{
    json_t *kinds = json_object_get(o, "kinds"), *collectors = json_object_get(o, "collectors"),
           *weights = json_object_get(o, "weights");
    if (!json_is_array(kinds))
        return err_set(err, RES_INVALID, "kinds", kinds ? "err.bad_type" : "err.required");
    size_t n = json_array_size(kinds);
    if (n > SURVEY_KINDS_MAX)
        return err_setf(err, RES_INVALID, "kinds", "err.range", "1-%d", SURVEY_KINDS_MAX);
    struct survey_kind_input *k = arena_alloc(&r->arena, (n + 1) * sizeof(*k));
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(kinds, i);
        enum result res;
        k[i] = (struct survey_kind_input){ 0 };
        if (!json_is_object(x))
            return err_set(err, RES_INVALID, "kinds", "err.bad_type");
        if ((res = json_get_str(x, "code", &k[i].code, err)) != RES_OK ||
            (res = json_get_str(x, "name", &k[i].name, err)) != RES_OK)
            return res;
    }
    in->kinds = k;
    in->n_kinds = n;
    if (!json_is_array(collectors))
        return err_set(err, RES_INVALID, "collectors",
                       collectors ? "err.bad_type" : "err.required");
    n = json_array_size(collectors);
    if (n > SURVEY_COLLECTORS_MAX)
        return err_setf(err, RES_INVALID, "collectors", "err.range", "1-%d", SURVEY_COLLECTORS_MAX);
    const char **codes = arena_alloc(&r->arena, (n + 1) * sizeof(*codes));
    double *w =
        weights && !json_is_null(weights) ? arena_alloc(&r->arena, (n + 1) * sizeof(*w)) : NULL;
    if (w && !json_is_object(weights))
        return err_set(err, RES_INVALID, "weights", "err.bad_type");
    for (size_t i = 0; i < n; i++) {
        codes[i] = json_string_value(json_array_get(collectors, i));
        if (!codes[i])
            return err_set(err, RES_INVALID, "collectors", "err.bad_type");
        if (w) {
            json_t *x = json_object_get(weights, codes[i]);
            if (!json_is_number(x))
                return err_set(err, RES_INVALID, "weights", "err.required");
            w[i] = json_number_value(x);
        }
    }
    if (w && json_object_size(weights) > n)
        return err_set(err, RES_INVALID, "weights", "err.not_found");
    in->collectors = codes;
    in->n_collectors = n;
    in->weights = w;
    return RES_OK;
}

void survey_create_api(struct req *r)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct survey_create_job job = { .who = &r->actor };
    struct survey_input *in = &job.in;
    json_t *threshold = json_object_get(o, "threshold");
    int present = 0;
    enum result res;
    in->threshold = -1;
    if ((res = json_need_str(o, "unit", &in->unit, &job.err)) != RES_OK ||
        (res = json_get_str(o, "title", &in->title, &job.err)) != RES_OK ||
        (res = json_get_str(o, "scale", &in->scale, &job.err)) != RES_OK ||
        (res = json_get_str(o, "from", &in->from, &job.err)) != RES_OK ||
        (res = json_get_str(o, "to", &in->to, &job.err)) != RES_OK ||
        (res = json_get_str(o, "overall_item", &in->overall_item, &job.err)) != RES_OK ||
        (res = json_get_int(o, "previous", &in->previous, &present, &job.err)) != RES_OK ||
        (res = json_get_int(o, "min_group", &in->min_group, &present, &job.err)) != RES_OK ||
        (res = read_items(r, json_object_get(o, "items"), in, &job.err)) != RES_OK ||
        (res = read_units(r, o, in, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (threshold && !json_is_null(threshold)) {
        if (!json_is_number(threshold) || json_number_value(threshold) < 0) {
            req_fail_invalid(r, "threshold", "err.range");
            return;
        }
        in->threshold = json_number_value(threshold);
    }
    if (req_run(r, survey_create_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

/* The survey of the path's first id, loaded for the actor (arena); NULL after answering 404. */
static struct survey *survey_of(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return NULL;
    struct survey *s = arena_alloc(&r->arena, sizeof(*s));
    enum result res = survey_load(r->db, &r->actor, id, s);
    if (res != RES_OK) {
        struct err err = { 0 };
        req_fail(r,
                 err_set(&err, res, "survey", res == RES_FAIL ? "err.internal" : "err.not_found"),
                 &err);
        return NULL;
    }
    return s;
}

static void add_option(void *ctx, const char *code, const char *text)
{
    json_array_append_new(ctx, json_pack("{s:s, s:s}", "code", code, "text", text));
}

void survey_show_api(struct req *r)
{
    struct survey *s = survey_of(r);
    if (!s)
        return;
    json_t *items = json_array(), *kinds = json_array();
    for (size_t i = 0; i < s->n_items; i++) {
        json_t *options = json_array();
        if (s->items[i].choices &&
            survey_options(r->db, s->id, s->items[i].code, add_option, options) != RES_OK) {
            json_decref(options);
            json_decref(items);
            json_decref(kinds);
            struct err err = { 0 };
            req_fail(r, RES_FAIL, &err);
            return;
        }
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:o}", "code", s->items[i].code,
                                               "text", s->items[i].text, "kind",
                                               s->items[i].choices ? "choices" : "grades",
                                               "options", options));
    }
    for (size_t k = 0; k < s->n_kinds; k++)
        json_array_append_new(
            kinds, json_pack("{s:s, s:s}", "code", s->kinds[k], "name", s->kind_names[k]));
    resp_json(r, 200,
              json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id",
                        (json_int_t)s->id, "unit", s->unit_code, "title", s->title, "state",
                        s->state, "scale", s->scale.code, "from", s->from, "to", s->to, "previous",
                        s->previous ? json_integer(s->previous) : json_null(), "items", items,
                        "kinds", kinds));
}

static void survey_step(struct req *r, enum result (*fn)(struct db *db, void *arg))
{
    long long id = param_path_id(r, 0, "survey");
    if (!id)
        return;
    struct survey_step_job job = { .who = &r->actor, .id = id };
    if (req_run(r, fn, &job, &job.err) == RES_OK)
        resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

void survey_open_api(struct req *r)
{
    survey_step(r, survey_open_job);
}

void survey_close_api(struct req *r)
{
    survey_step(r, survey_close_job);
}

void survey_tally_api(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    const char *unit = id ? r->args[1] : NULL;
    json_t *o = unit ? req_json(r) : NULL;
    if (!o)
        return;
    struct survey_tally_job job = { .who = &r->actor, .id = id, .unit = unit };
    enum result res = json_need_str(o, "kind", &job.kind, &job.err);
    if (res == RES_OK)
        res = json_need_int(o, "forms", &job.forms, &job.err);
    json_t *items = json_object_get(o, "items");
    if (res == RES_OK && !json_is_object(items))
        res = err_set(&job.err, RES_INVALID, "items", items ? "err.bad_type" : "err.required");
    size_t n = 0, cap = 0;
    struct survey_mark *marks = NULL;
    const char *item;
    json_t *counts;
    json_object_foreach(items, item, counts)
    {
        if (res != RES_OK)
            break;
        if (!json_is_object(counts)) {
            res = err_set(&job.err, RES_INVALID, item, "err.bad_type");
            break;
        }
        const char *code;
        json_t *v;
        json_object_foreach(counts, code, v)
        {
            if (!json_is_integer(v)) {
                res = err_set(&job.err, RES_INVALID, item, "err.bad_type");
                break;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                struct survey_mark *grown = arena_alloc(&r->arena, cap * sizeof(*grown));
                if (n)
                    memcpy(grown, marks, n * sizeof(*marks));
                marks = grown;
            }
            marks[n++] = (struct survey_mark){ item, code, json_integer_value(v) };
        }
    }
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    job.marks = marks;
    job.n = n;
    if (req_run(r, survey_tally_job, &job, &job.err) == RES_OK)
        resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

void survey_codes_api(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    json_t *o = id ? req_json(r) : NULL;
    if (!o)
        return;
    struct survey_codes_job job = { .who = &r->actor, .id = id };
    enum result res = json_need_str(o, "unit", &job.unit, &job.err);
    if (res == RES_OK)
        res = json_need_str(o, "kind", &job.kind, &job.err);
    if (res == RES_OK)
        res = json_need_int(o, "count", &job.count, &job.err);
    if (res == RES_OK && (job.count < 1 || job.count > SURVEY_CODES_MAX))
        res = err_setf(&job.err, RES_INVALID, "count", "err.range", "1-%d", SURVEY_CODES_MAX);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    job.codes = arena_alloc(&r->arena, (size_t)job.count * (SURVEY_CODE_LEN + 1));
    if (req_run(r, survey_codes_job, &job, &job.err) != RES_OK)
        return;
    json_t *codes = json_array();
    for (long long c = 0; c < job.count; c++)
        json_array_append_new(codes, json_string(job.codes + c * (SURVEY_CODE_LEN + 1)));
    resp_json(r, 201, json_pack("{s:o}", "codes", codes));
}

/* Reads {"grades":{item:grade},"choices":{item:[options]}} into marks (arena). */
static enum result read_answer(struct req *r, json_t *o, struct survey_answer_job *job)
{
    json_t *grades = json_object_get(o, "grades"), *choices = json_object_get(o, "choices");
    if ((grades && !json_is_object(grades)) ||
        (choices && !json_is_null(choices) && !json_is_object(choices)))
        return err_set(&job->err, RES_INVALID,
                       grades && !json_is_object(grades) ? "grades" : "choices", "err.bad_type");
    size_t n = json_object_size(grades), cap = n;
    const char *item;
    json_t *v;
    json_object_foreach(choices, item, v) cap += json_array_size(v);
    struct survey_mark *marks = arena_alloc(&r->arena, (cap + 1) * sizeof(*marks));
    n = 0;
    json_object_foreach(grades, item, v)
    {
        if (!json_is_string(v))
            return err_set(&job->err, RES_INVALID, item, "err.bad_type");
        marks[n++] = (struct survey_mark){ item, json_string_value(v), 1 };
    }
    json_object_foreach(choices, item, v)
    {
        if (!json_is_array(v))
            return err_set(&job->err, RES_INVALID, item, "err.bad_type");
        for (size_t i = 0; i < json_array_size(v); i++) {
            const char *code = json_string_value(json_array_get(v, i));
            if (!code)
                return err_set(&job->err, RES_INVALID, item, "err.bad_type");
            marks[n++] = (struct survey_mark){ item, code, 1 };
        }
    }
    job->marks = marks;
    job->n = n;
    return RES_OK;
}

void survey_answer_api(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    json_t *o = id ? req_json(r) : NULL;
    if (!o)
        return;
    struct survey_answer_job job = { .who = r->authed ? &r->actor : NULL, .id = id };
    enum result res = json_get_str(o, "code", &job.code, &job.err);
    if (res == RES_OK)
        res = json_get_str(o, "kind", &job.kind, &job.err);
    if (res == RES_OK)
        res = read_answer(r, o, &job);
    if (res != RES_OK) {
        resp_api_fail(r, res, &job.err);
        return;
    }
    if (job.code)
        job.who = NULL; /* a paper code answers for its sheet, whoever carries it */
    else if (!r->authed) {
        err_set(&job.err, RES_INVALID, NULL, "err.unauthorized");
        resp_json_error(r, 401, "unauthorized", &job.err);
        return;
    }
    if (job.code && eval_code_throttled(r)) {
        err_set(&job.err, RES_INVALID, NULL, "err.throttled");
        resp_json_error(r, 429, "too_many", &job.err);
        return;
    }
    res = req_run(r, survey_answer_job, &job, &job.err);
    if (res == RES_NOT_FOUND && job.code)
        eval_code_failed(r);
    if (res == RES_OK)
        resp_json(r, 201, json_pack("{s:b}", "ok", 1));
}

/* An item's figures as the API reports them. */
static json_t *figures_json(const struct survey *s, size_t i, const struct survey_figures *f)
{
    const struct survey_item *it = &s->items[i];
    json_t *counts = json_object();
    size_t n = it->choices ? it->n_options : s->scale.n;
    for (size_t m = 0; m < n; m++)
        json_object_set_new(counts, it->choices ? it->options[m] : s->scale.grades[m].code,
                            json_integer(f->counts[m]));
    json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:o}", "code", it->code, "text", it->text, "kind",
                          it->choices ? "choices" : "grades", "respondents",
                          (json_int_t)f->respondents, "counts", counts);
    if (it->choices)
        return o;
    double score = survey_round(f->score);
    json_object_set_new(o, "counted", json_integer(f->counted));
    json_object_set_new(o, "score", f->has_score ? json_real(score) : json_null());
    json_object_set_new(o, "satisfaction_rate",
                        f->has_score ? json_real(survey_round(f->rate)) : json_null());
    json_object_set_new(o, "weak", json_boolean(f->weak));
    json_object_set_new(o, "previous", f->has_previous ? json_real(f->previous) : json_null());
    json_object_set_new(o, "change",
                        f->has_previous && f->has_score
                            ? json_real(survey_round(score - f->previous))
                            : json_null());
    return o;
}

struct units_ctx {
    const struct survey *s;
    json_t *list;
};

static void add_unit(void *ctx, const char *code, const char *name,
                     const struct survey_results *res, int rank)
{
    struct units_ctx *c = ctx;
    json_t *items = json_object();
    for (size_t i = 0; i < c->s->n_items; i++)
        if (!c->s->items[i].choices)
            json_object_set_new(items, c->s->items[i].code,
                                res->all[i].has_score ? json_real(survey_round(res->all[i].score))
                                                      : json_null());
    double overall = survey_round(res->overall);
    json_array_append_new(
        c->list,
        json_pack("{s:s, s:s, s:o, s:i, s:I, s:o, s:o, s:o}", "unit", code, "name", name, "overall",
                  res->has_overall ? json_real(overall) : json_null(), "rank", rank, "respondents",
                  (json_int_t)res->respondents, "items", items, "previous",
                  res->has_previous_overall ? json_real(res->previous_overall) : json_null(),
                  "change",
                  res->has_previous_overall && res->has_overall
                      ? json_real(survey_round(overall - res->previous_overall))
                      : json_null()));
}

void survey_results_api(struct req *r)
{
    struct survey *s = survey_of(r);
    if (!s)
        return;
    const char *unit = param_str(r, "unit", s->unit_code);
    struct survey_results *res = arena_alloc(&r->arena, sizeof(*res));
    struct units_ctx c = { s, json_array() };
    struct err err = { 0 };
    enum result rc = survey_results(r->db, &r->actor, s, unit, res, add_unit, &c, &err);
    if (rc != RES_OK) {
        json_decref(c.list);
        req_fail(r, rc, &err);
        return;
    }
    json_t *items = json_array(), *kinds = json_array();
    for (size_t i = 0; i < s->n_items; i++)
        json_array_append_new(items, figures_json(s, i, &res->all[i]));
    for (size_t k = 0; k < s->n_kinds; k++) {
        json_t *kitems = json_array();
        /* a kind with fewer answers than the survey's smallest group shows in the total only */
        for (size_t i = 0; res->kind_respondents[k] >= s->min_group && i < s->n_items; i++)
            json_array_append_new(kitems,
                                  figures_json(s, i, &res->by_kind[k * SURVEY_ITEMS_MAX + i]));
        json_array_append_new(
            kinds, json_pack("{s:s, s:s, s:I, s:o}", "code", s->kinds[k], "name", s->kind_names[k],
                             "respondents", (json_int_t)res->kind_respondents[k], "items", kitems));
    }
    resp_json(r, 200,
              json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o}", "unit", unit, "method",
                        s->weighted ? "weighted" : "pooled", "respondents",
                        (json_int_t)res->respondents, "overall",
                        res->has_overall ? json_real(survey_round(res->overall)) : json_null(),
                        "items", items, "kinds", kinds, "units", c.list));
}

void survey_problem_api(struct req *r)
{
    long long id = param_path_id(r, 0, "survey");
    const char *item = id ? r->args[1] : NULL;
    json_t *o = item ? req_json(r) : NULL;
    if (!o)
        return;
    struct survey_problem_job job = { .who = &r->actor, .id = id, .item = item };
    enum result res = json_get_str(o, "area", &job.area, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, survey_problem_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "problem", (json_int_t)job.problem));
}
