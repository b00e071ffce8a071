/*
 * The writes of opinions, campaigns and the rectification ledger as jobs for the single writer
 * (mechanism model; see opinion.h and rectification.h): each unpacks its own struct and calls
 * the model function, which does its work in a transaction of its own.
 */
#include "opinion/opinion.h"
#include "opinion/rectification.h"

enum result opinion_submit_job(struct db *db, void *arg)
{
    struct opinion_submit_job *j = arg;
    return opinion_submit_public(db, &j->in, j->code, &j->err);
}

enum result opinion_add_job(struct db *db, void *arg)
{
    struct opinion_add_job *j = arg;
    return opinion_add(db, j->who, &j->in, &j->id, &j->err);
}

enum result opinion_rate_job(struct db *db, void *arg)
{
    struct opinion_rate_job *j = arg;
    return opinion_rate(db, j->code, j->rating, &j->err);
}

enum result opinion_reply_job(struct db *db, void *arg)
{
    struct opinion_reply_job *j = arg;
    return opinion_reply(db, j->who, j->id, j->text, &j->err);
}

enum result opinion_merge_job(struct db *db, void *arg)
{
    struct opinion_merge_job *j = arg;
    return opinion_merge(db, j->who, j->id, j->into, &j->err);
}

enum result opinion_reply_many_job(struct db *db, void *arg)
{
    struct opinion_reply_many_job *j = arg;
    return opinion_reply_many(db, j->who, j->ids, j->n, j->text, &j->bad, &j->err);
}

enum result opinion_merge_many_job(struct db *db, void *arg)
{
    struct opinion_merge_many_job *j = arg;
    return opinion_merge_many(db, j->who, j->ids, j->n, j->into, &j->bad, &j->err);
}

enum result opinion_add_many_job(struct db *db, void *arg)
{
    struct opinion_add_many_job *j = arg;
    return opinion_add_many(db, j->who, j->rows, j->n, &j->n_added, &j->bad, &j->err);
}

enum result opinion_attach_job(struct db *db, void *arg)
{
    struct opinion_attach_job *j = arg;
    return opinion_attach(db, j->who, j->opinion, j->name, j->type, j->data, j->size, &j->id,
                          &j->err);
}

enum result campaign_add_job(struct db *db, void *arg)
{
    struct campaign_add_job *j = arg;
    return campaign_add(db, j->who, j->unit, j->title, j->starts, j->ends, j->areas, j->n_areas,
                        &j->id, &j->err);
}

enum result outreach_add_job(struct db *db, void *arg)
{
    struct outreach_add_job *j = arg;
    return outreach_add(db, j->who, &j->in, &j->id, &j->err);
}

enum result reply_template_add_job(struct db *db, void *arg)
{
    struct reply_template_add_job *j = arg;
    return reply_template_add(db, j->who, j->unit, j->title, j->text, &j->id, &j->err);
}

enum result problem_add_job(struct db *db, void *arg)
{
    struct problem_add_job *j = arg;
    return problem_add(db, j->who, &j->in, &j->id, &j->err);
}

enum result measure_add_job(struct db *db, void *arg)
{
    struct measure_add_job *j = arg;
    return measure_add(db, j->who, &j->in, &j->id, &j->err);
}

enum result measure_implemented_job(struct db *db, void *arg)
{
    struct measure_implemented_job *j = arg;
    return measure_implemented(db, j->who, j->id, j->evidence, &j->err);
}

enum result measure_start_job(struct db *db, void *arg)
{
    struct measure_step_job *j = arg;
    return measure_start(db, j->who, j->id, &j->err);
}

enum result measure_verify_job(struct db *db, void *arg)
{
    struct measure_step_job *j = arg;
    return measure_verify(db, j->who, j->id, &j->err);
}
