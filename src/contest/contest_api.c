/*
 * JSON handlers of essay contests (handler layer; issue 16 item 3): list, create, one contest
 * with its essays as the caller may see them, submit, score, awards, a tie's decision and the
 * published and instructed flags. Every write is a contest_job run by req_run.
 */
#include <string.h>

#include "contest/contest.h"
#include "contest/contest_web.h"
#include "core/json.h"
#include "http/param.h"
#include "registry/registry_web.h"

void contest_list_api(struct req *r)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    struct registry_span s;
    struct err err = { 0 };
    json_t *list = NULL;
    long long total = 0;
    enum result res = registry_span(r->db, &r->actor, &f, contest_kinds, &s, &err);
    if (res == RES_OK)
        res = contest_list(r->db, &r->actor, &s, f.offset, f.limit, &list, &total, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o, s:I}", "contests", list, "total", (json_int_t)total));
}

/* Runs job and answers 201 with the new id, or 200 with {} for a write on a record. */
static void run(struct req *r, struct contest_job *job, int created)
{
    if (req_run(r, contest_job, job, &job->err) != RES_OK)
        return;
    if (job->out)
        resp_json(r, 200, job->out);
    else if (created)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job->id));
    else
        resp_json(r, 200, json_pack("{s:I}", "id", (json_int_t)job->id));
}

void contest_create_api(struct req *r)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct contest_job job = { .who = &r->actor, .op = CONTEST_CREATE };
    struct contest_input *in = &job.c;
    enum result res;
    json_t *q = json_object_get(o, "quotas");
    if (q && !json_is_object(q)) {
        req_fail_invalid(r, "quotas", "err.bad_type");
        return;
    }
    if ((res = json_need_str(o, "unit", &in->unit, &job.err)) != RES_OK ||
        (res = json_get_str(o, "title", &in->title, &job.err)) != RES_OK ||
        (res = json_get_str(o, "from", &in->from, &job.err)) != RES_OK ||
        (res = json_get_str(o, "to", &in->to, &job.err)) != RES_OK ||
        (res = param_json_strings(r, o, "reviewers", CONTEST_REVIEWERS_MAX, &in->reviewers,
                                  &in->n_reviewers, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    static const char *const names[] = { "first", "second", "third" };
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(q, names[i]);
        if (v && !json_is_integer(v)) {
            req_fail_invalid(r, "quotas", "err.bad_type");
            return;
        }
        in->quota[i] = v ? json_integer_value(v) : 0;
    }
    run(r, &job, 1);
}

void contest_show_api(struct req *r)
{
    long long id = param_path_id(r, 0, "contest");
    if (!id)
        return;
    struct err err = { 0 };
    json_t *doc = NULL;
    enum result res = contest_get(r->db, &r->actor, id, &doc, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, doc);
}

void contest_submit_api(struct req *r)
{
    struct contest_job job = { .who = &r->actor, .op = CONTEST_SUBMIT };
    if (!(job.id = param_path_id(r, 0, "contest")))
        return;
    json_t *o = req_json(r);
    if (!o)
        return;
    enum result res;
    if ((res = json_need_str(o, "unit", &job.e.unit, &job.err)) != RES_OK ||
        (res = json_get_str(o, "title", &job.e.title, &job.err)) != RES_OK ||
        (res = json_need_int(o, "author", &job.e.author, &job.err)) != RES_OK ||
        (res = json_get_str(o, "text", &job.e.text, &job.err)) != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    run(r, &job, 1);
}

void contest_award_api(struct req *r)
{
    struct contest_job job = { .who = &r->actor, .op = CONTEST_AWARD };
    if (!(job.id = param_path_id(r, 0, "contest")))
        return;
    run(r, &job, 0);
}

/* An essay write whose body carries one field: an integer (score) or a string. */
static void essay_write(struct req *r, enum contest_op op, const char *field)
{
    struct contest_job job = { .who = &r->actor, .op = op };
    if (!(job.id = param_path_id(r, 0, "essay")))
        return;
    json_t *o = req_json(r);
    if (!o)
        return;
    enum result res = op == CONTEST_SCORE ? json_need_int(o, field, &job.score, &job.err)
                                          : json_need_str(o, field, &job.text, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    run(r, &job, 0);
}

void essay_score_api(struct req *r)
{
    essay_write(r, CONTEST_SCORE, "score");
}

void essay_award_api(struct req *r)
{
    essay_write(r, CONTEST_DECIDE, "tier");
}

void essay_published_api(struct req *r)
{
    essay_write(r, CONTEST_PUBLISHED, "where");
}

void essay_instructed_api(struct req *r)
{
    essay_write(r, CONTEST_INSTRUCTED, "by");
}
