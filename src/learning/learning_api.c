/*
 * JSON handlers of learning (handler layer): the question bank, exams (create, start, save an
 * answer, submit, the paper, statistics, item statistics) and training classes. Every write is
 * one job on the single writer; an answer save is one UPDATE after a check on the read
 * connection.
 */
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "http/param.h"
#include "learning/exam.h"
#include "learning/learning_int_web.h"
#include "learning/learning_web.h"
#include "learning/question.h"
#include "learning/training.h"

/* Reads an array of small integers (option indexes) from key. */
static enum result int_list(json_t *o, const char *key, int *out, int max, int *n, struct err *err)
{
    json_t *a = json_object_get(o, key);
    *n = 0;
    if (!a || json_is_null(a))
        return RES_OK;
    if (!json_is_array(a) || (int)json_array_size(a) > max)
        return err_setf(err, RES_INVALID, key, "err.range", "0-%d", max - 1);
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) >= 64)
            return err_setf(err, RES_INVALID, key, "err.range", "0-%d", max - 1);
        out[(*n)++] = (int)json_integer_value(v);
    }
    return RES_OK;
}

void question_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct question_add_job job = { .who = &r->actor };
    struct question_input *q = &job.in;
    int present;
    enum result res;
    json_t *opts = json_object_get(in, "options");
    if ((res = json_get_str(in, "unit", &q->unit, &job.err)) != RES_OK ||
        (res = json_get_str(in, "kind", &q->kind, &job.err)) != RES_OK ||
        (res = json_get_str(in, "category", &q->category, &job.err)) != RES_OK ||
        (res = json_get_str(in, "text", &q->text, &job.err)) != RES_OK ||
        (res = json_get_str(in, "explanation", &q->explanation, &job.err)) != RES_OK ||
        (res = json_get_int(in, "difficulty", &q->difficulty, &present, &job.err)) != RES_OK ||
        (res = int_list(in, "answer", q->answer, QUESTION_OPTIONS_MAX, &q->n_answer, &job.err)) !=
            RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (!json_is_array(opts) || json_array_size(opts) > QUESTION_OPTIONS_MAX) {
        req_fail(
            r,
            err_setf(&job.err, RES_INVALID, "options", "err.range", "2-%d", QUESTION_OPTIONS_MAX),
            &job.err);
        return;
    }
    for (size_t i = 0; i < json_array_size(opts); i++) {
        q->options[i] = json_string_value(json_array_get(opts, i));
        if (!q->options[i]) {
            req_fail_invalid(r, "options", "err.bad_type");
            return;
        }
    }
    q->n_options = (int)json_array_size(opts);
    if (req_run(r, question_add_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

static void question_row(void *ctx, const struct question *q)
{
    json_t *answer = json_array();
    for (int i = 0; i < QUESTION_OPTIONS_MAX; i++)
        if (q->answer & (1LL << i))
            json_array_append_new(answer, json_integer(i));
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:i, s:s, s:o, s:o, s:s}", "id",
                                         (json_int_t)q->id, "kind", q->kind, "category",
                                         q->category, "difficulty", q->difficulty, "text", q->text,
                                         "options", json_loads(q->options_json, 0, NULL), "answer",
                                         answer, "explanation", q->explanation));
}

void question_list_api(struct req *r)
{
    struct paging pg;
    if (param_paging(r, 100, 1000, &pg))
        return;
    long long total = 0;
    struct err err = { 0 };
    json_t *list = json_array();
    enum result res =
        question_each(r->db, &r->actor, param_str(r, "unit", NULL), param_str(r, "category", NULL),
                      pg.offset, pg.limit, &total, question_row, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o, s:I}", "questions", list, "total", (json_int_t)total));
}

/* Reads "rules":[{"category","difficulty"?,"count"}] into the request arena. */
static enum result parse_rules(struct req *r, json_t *in, struct exam_input *e, struct err *err)
{
    json_t *rules = json_object_get(in, "rules");
    if (!json_is_array(rules) || json_array_size(rules) == 0 ||
        json_array_size(rules) > EXAM_RULES_MAX)
        return err_setf(err, RES_INVALID, "rules", "err.range", "1-%d", EXAM_RULES_MAX);
    size_t n = json_array_size(rules);
    struct exam_rule *list = arena_alloc(&r->arena, n * sizeof(*list));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(rules, i);
        int present;
        if (!json_is_object(o) || json_get_str(o, "category", &list[i].category, err) ||
            json_get_int(o, "difficulty", &list[i].difficulty, &present, err) ||
            json_get_int(o, "count", &list[i].count, &present, err))
            return err_set(err, RES_INVALID, "rules", "err.bad_type");
    }
    e->rules = list;
    e->n_rules = n;
    return RES_OK;
}

void exam_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct exam_create_job job = { .who = &r->actor };
    struct exam_input *e = &job.in;
    int present;
    enum result res;
    if ((res = json_get_str(in, "unit", &e->unit, &job.err)) != RES_OK ||
        (res = json_get_str(in, "title", &e->title, &job.err)) != RES_OK ||
        (res = json_get_str(in, "examinee_unit", &e->examinee_unit, &job.err)) != RES_OK ||
        (res = json_get_str(in, "opens", &e->opens, &job.err)) != RES_OK ||
        (res = json_get_str(in, "closes", &e->closes, &job.err)) != RES_OK ||
        (res = json_need_int(in, "minutes", &e->minutes, &job.err)) != RES_OK ||
        (res = json_need_int(in, "pass_score", &e->pass_score, &job.err)) != RES_OK ||
        (res = json_get_int(in, "sittings", &e->sittings, &present, &job.err)) != RES_OK ||
        (res = json_get_bool(in, "partial_credit", &e->partial, &job.err)) != RES_OK ||
        (res = parse_rules(r, in, e, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, exam_create_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

static json_t *exam_json(const struct exam *e)
{
    char opens[20], closes[20];
    clock_format_local(e->opens, opens);
    clock_format_local(e->closes, closes);
    json_t *j =
        json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:I, s:I, s:b, s:I, s:b, s:b}", "id",
                  (json_int_t)e->id, "title", e->title, "unit", e->unit_code, "examinee_unit",
                  e->examinee_code, "minutes", (json_int_t)e->minutes, "opens", opens, "closes",
                  closes, "pass_score", (json_int_t)e->pass_score, "sittings",
                  (json_int_t)e->sittings, "partial_credit", e->partial, "questions",
                  (json_int_t)e->n_questions, "may_manage", e->may_manage, "may_sit", e->may_sit);
    if (e->may_sit) {
        json_object_set_new(j, "my_attempts", json_integer(e->my_attempts));
        json_object_set_new(j, "my_state", e->my_state[0] ? json_string(e->my_state) : json_null());
        json_object_set_new(j, "my_score", e->my_score >= 0 ? json_real(e->my_score) : json_null());
    }
    return j;
}

static void exam_row(void *ctx, const struct exam *e)
{
    json_array_append_new(ctx, exam_json(e));
}

void exam_list_api(struct req *r)
{
    json_t *list = json_array();
    if (exam_each(r->db, &r->actor, exam_row, list) != RES_OK) {
        json_decref(list);
        struct err err = { 0 };
        req_fail(r, db_fail(r->db, &err), &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "exams", list));
}

static void exam_one(void *ctx, const struct exam *e)
{
    *(json_t **)ctx = exam_json(e);
}

void exam_show_api(struct req *r)
{
    long long id = param_path_id(r, 0, "exam");
    if (!id)
        return;
    json_t *doc = NULL;
    enum result res = exam_get(r->db, &r->actor, id, exam_one, &doc);
    if (res != RES_OK) {
        learning_fail_read(r, res, "exam", "err.not_found");
        return;
    }
    resp_json(r, 200, doc);
}

/* The paper as the examinee sees it: no answers until the window closes. */
static void paper_json(void *ctx, const struct paper *p)
{
    json_t **out = ctx;
    char deadline[20];
    clock_format_local(p->deadline, deadline);
    json_t *qs = json_array();
    for (int i = 0; i < p->n_items; i++) {
        const struct paper_item *it = &p->items[i];
        json_t *opts = json_array(), *choice = json_array();
        for (int j = 0; j < it->n_options; j++) {
            json_array_append_new(opts, json_string(it->options[j]));
            if (it->choice & (1u << j))
                json_array_append_new(choice, json_integer(j));
        }
        json_t *q =
            json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)it->question_id, "kind",
                      it->kind, "text", it->text, "options", opts, "choice", choice);
        if (p->reveal) {
            json_t *right = json_array();
            for (int j = 0; j < it->n_options; j++)
                if (it->right & (1u << j))
                    json_array_append_new(right, json_integer(j));
            json_object_set_new(q, "answer", right);
            json_object_set_new(q, "explanation", json_string(it->explanation));
        }
        json_array_append_new(qs, q);
    }
    json_t *doc = json_pack(
        "{s:I, s:s, s:I, s:I, s:s, s:s, s:I, s:o}", "exam", (json_int_t)p->exam_id, "title",
        p->title, "sitting", (json_int_t)p->sitting_id, "attempt", (json_int_t)p->attempt, "state",
        p->state, "deadline", deadline, "max", (json_int_t)100, "questions", qs);
    json_object_set_new(doc, "score", p->score >= 0 ? json_real(p->score) : json_null());
    *out = doc;
}

/* Answers with the actor's paper (status); one whose time is up shows graded (exam_paper). */
static void send_paper(struct req *r, long long exam_id, int status)
{
    json_t *doc = NULL;
    enum result res = exam_paper(r->db, &r->actor, exam_id, clock_time(), paper_json, &doc);
    if (res != RES_OK) {
        json_decref(doc);
        learning_fail_read(r, res, "exam", "err.exam_no_sitting");
        return;
    }
    resp_json(r, status, doc);
}

enum result exam_start_req(struct req *r, long long id, int *resumed, struct err *err)
{
    struct exam_draw *d = arena_alloc(&r->arena, sizeof(*d));
    d->who = &r->actor;
    d->exam_id = id;
    d->now = clock_time();
    enum result res = exam_draw(r->db, d);
    if (res == RES_OK && !d->resume)
        res = req_write(r, exam_start_job, d);
    *resumed = d->resume;
    *err = d->err;
    return res;
}

enum result exam_answer_req(struct req *r, struct exam_answer *a)
{
    enum result res = exam_answer_check(r->db, a);
    if (res == RES_OK)
        return req_write(r, exam_answer_job, a);
    if (a->due) { /* the time is up: store the grade every read already shows */
        struct exam_submit s = { .who = a->who, .exam_id = a->exam_id, .now = a->now };
        req_write(r, exam_submit_job, &s);
    }
    return res;
}

void exam_start_api(struct req *r)
{
    long long id = param_path_id(r, 0, "exam");
    if (!id)
        return;
    int resumed = 0;
    struct err err = { 0 };
    enum result res = exam_start_req(r, id, &resumed, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    send_paper(r, id, resumed ? 200 : 201);
}

void exam_paper_api(struct req *r)
{
    long long id = param_path_id(r, 0, "exam");
    if (id)
        send_paper(r, id, 200);
}

void exam_answer_api(struct req *r)
{
    long long id = param_path_id(r, 0, "exam");
    long long q = id ? param_path_id(r, 1, "question") : 0;
    json_t *in = q ? req_json(r) : NULL;
    if (!in)
        return;
    struct exam_answer a = { .who = &r->actor, .exam_id = id, .question_id = q };
    enum result res = int_list(in, "choice", a.choice, QUESTION_OPTIONS_MAX, &a.n_choice, &a.err);
    if (res == RES_OK && !json_is_array(json_object_get(in, "choice")))
        res = err_set(&a.err, RES_INVALID, "choice", "err.required");
    if (res == RES_OK) {
        a.now = clock_time();
        res = exam_answer_req(r, &a);
    }
    if (res != RES_OK) {
        req_fail(r, res, &a.err);
        return;
    }
    r->status = 204;
}

void exam_submit_api(struct req *r)
{
    long long id = param_path_id(r, 0, "exam");
    if (!id)
        return;
    struct exam_submit s = { .who = &r->actor, .exam_id = id, .now = clock_time() };
    if (req_run(r, exam_submit_job, &s, &s.err) == RES_OK)
        resp_json(r, 200,
                  json_pack("{s:f, s:i, s:s}", "score", s.score, "max", 100, "state",
                            s.timed_out ? "timeout" : "submitted"));
}

/* The figures; hidden ones (too few participants for the caller) are null, with "hidden". */
static json_t *figures_json(const struct exam_figures *f)
{
    json_t *o = json_pack("{s:I, s:I, s:f, s:b}", "participants", (json_int_t)f->participants,
                          "eligible", (json_int_t)f->eligible, "participation_rate",
                          f->participation, "hidden", f->hidden);
    if (f->hidden) {
        json_object_set_new(o, "average", json_null());
        json_object_set_new(o, "passed", json_null());
        json_object_set_new(o, "pass_rate", json_null());
        json_object_set_new(o, "distribution", json_null());
        return o;
    }
    json_t *dist = json_array();
    for (int i = 0; i < EXAM_BUCKETS; i++)
        json_array_append_new(dist, json_integer(f->distribution[i]));
    json_object_set_new(o, "average", json_real(f->average));
    json_object_set_new(o, "passed", json_integer(f->passed));
    json_object_set_new(o, "pass_rate", json_real(f->pass_rate));
    json_object_set_new(o, "distribution", dist);
    return o;
}

static void by_unit_row(void *ctx, const char *code, const char *name, const struct exam_figures *f)
{
    json_t *j = figures_json(f);
    json_object_set_new(j, "unit", json_string(code));
    json_object_set_new(j, "name", json_string(name));
    json_array_append_new(ctx, j);
}

void exam_stats_api(struct req *r)
{
    long long id = param_path_id(r, 0, "exam");
    if (!id)
        return;
    struct exam_figures all;
    struct err err = { 0 };
    json_t *by_unit = json_array();
    enum result res = exam_stats(r->db, &r->actor, id, param_str(r, "unit", NULL), &all,
                                 by_unit_row, by_unit, &err);
    if (res != RES_OK) {
        json_decref(by_unit);
        req_fail(r, res, &err);
        return;
    }
    json_t *doc = figures_json(&all);
    json_object_set_new(doc, "by_unit", by_unit);
    resp_json(r, 200, doc);
}

static void item_row(void *ctx, const struct exam_item_stat *s)
{
    json_array_append_new(
        ctx, json_pack("{s:I, s:s, s:s, s:s, s:I, s:f, s:f, s:I, s:I}", "question",
                       (json_int_t)s->question_id, "category", s->category, "kind", s->kind, "text",
                       s->text, "n", (json_int_t)s->n, "share_correct", s->share_correct,
                       "discrimination", s->discrimination, "n_top", (json_int_t)s->n_top,
                       "n_bottom", (json_int_t)s->n_bottom));
}

void exam_items_api(struct req *r)
{
    long long id = param_path_id(r, 0, "exam");
    if (!id)
        return;
    struct err err = { 0 };
    json_t *list = json_array();
    enum result res = exam_item_stats(r->db, &r->actor, id, item_row, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "items", list));
}

/* ---- training classes ---- */

void training_create_api(struct req *r)
{
    json_t *in = req_json(r);
    if (!in)
        return;
    struct training_create_job job = { .who = &r->actor };
    struct training_input *t = &job.in;
    int present;
    enum result res;
    if ((res = json_get_str(in, "unit", &t->unit, &job.err)) != RES_OK ||
        (res = json_get_str(in, "title", &t->title, &job.err)) != RES_OK ||
        (res = json_get_str(in, "starts", &t->starts, &job.err)) != RES_OK ||
        (res = json_get_str(in, "ends", &t->ends, &job.err)) != RES_OK ||
        (res = json_get_str(in, "place", &t->place, &job.err)) != RES_OK ||
        (res = json_get_int(in, "capacity", &t->capacity, &present, &job.err)) != RES_OK ||
        (res = json_get_int(in, "sessions", &t->sessions, &present, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    json_t *targets = json_object_get(in, "targets");
    if (targets && !json_is_null(targets)) {
        size_t n = json_array_size(targets);
        if (!json_is_array(targets) || n > TRAINING_TARGETS_MAX) {
            req_fail(r,
                     err_setf(&job.err, RES_INVALID, "targets", "err.too_long", "%d",
                              TRAINING_TARGETS_MAX),
                     &job.err);
            return;
        }
        const char **codes = arena_alloc(&r->arena, (n + 1) * sizeof(*codes));
        for (size_t i = 0; i < n; i++)
            if (!(codes[i] = json_string_value(json_array_get(targets, i)))) {
                req_fail_invalid(r, "targets", "err.bad_type");
                return;
            }
        t->targets = codes;
        t->n_targets = n;
    }
    if (req_run(r, training_create_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

void training_enrol_api(struct req *r)
{
    long long id = param_path_id(r, 0, "class");
    json_t *in = id ? req_json(r) : NULL;
    if (!in)
        return;
    struct training_enrol_job job = { .who = &r->actor, .id = id };
    int present;
    enum result res = json_get_int(in, "person", &job.person_id, &present, &job.err);
    if (res == RES_OK && !present)
        res = err_set(&job.err, RES_INVALID, "person", "err.required");
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, training_enrol_job, &job, &job.err) == RES_OK)
        r->status = 204;
}

void training_attend_api(struct req *r)
{
    long long id = param_path_id(r, 0, "class");
    json_t *in = id ? req_json(r) : NULL;
    if (!in)
        return;
    struct training_attend_job job = { .who = &r->actor, .id = id, .present = 1 };
    int has_person, has_session;
    enum result res = json_get_int(in, "person", &job.person_id, &has_person, &job.err);
    if (res == RES_OK)
        res = json_get_int(in, "session", &job.session, &has_session, &job.err);
    if (res == RES_OK && (!has_person || !has_session))
        res = err_set(&job.err, RES_INVALID, has_person ? "session" : "person", "err.required");
    if (res == RES_OK)
        res = json_get_bool(in, "present", &job.present, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, training_attend_job, &job, &job.err) == RES_OK)
        r->status = 204;
}

static void class_row(void *ctx, const struct training_class *c)
{
    json_array_append_new(
        ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "id",
                       (json_int_t)c->id, "unit", c->unit_code, "title", c->title, "starts",
                       c->starts, "ends", c->ends, "place", c->place, "capacity",
                       (json_int_t)c->capacity, "sessions", (json_int_t)c->sessions, "enrolled",
                       (json_int_t)c->n_enrolled, "attendances", (json_int_t)c->n_present));
}

void training_list_api(struct req *r)
{
    struct err err = { 0 };
    json_t *list = json_array();
    enum result res =
        training_each(r->db, &r->actor, param_str(r, "unit", NULL), param_str(r, "from", NULL),
                      param_str(r, "to", NULL), class_row, list, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o}", "classes", list));
}

static json_t *training_stats_json(const struct training_stats *s)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "classes", (json_int_t)s->classes, "person_times",
                     (json_int_t)s->person_times, "attendances", (json_int_t)s->present, "persons",
                     (json_int_t)s->persons);
}

static void training_unit_row(void *ctx, const char *code, const char *name,
                              const struct training_stats *s)
{
    json_t *j = training_stats_json(s);
    json_object_set_new(j, "unit", json_string(code));
    json_object_set_new(j, "name", json_string(name));
    json_array_append_new(ctx, j);
}

void training_stats_api(struct req *r)
{
    struct err err = { 0 };
    struct training_stats all;
    json_t *by_unit = json_array();
    enum result res =
        training_stats(r->db, &r->actor, param_str(r, "unit", NULL), param_str(r, "from", NULL),
                       param_str(r, "to", NULL), &all, training_unit_row, by_unit, &err);
    if (res != RES_OK) {
        json_decref(by_unit);
        req_fail(r, res, &err);
        return;
    }
    json_t *doc = training_stats_json(&all);
    json_object_set_new(doc, "by_unit", by_unit);
    resp_json(r, 200, doc);
}
