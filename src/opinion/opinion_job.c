/* The opinion model's writes as jobs for the single writer; see opinion.h. Mechanism model. */
#include "opinion/opinion.h"
#include "opinion/rectification.h"

enum result opinion_job_run(struct db *db, void *arg)
{
    struct opinion_job *j = arg;
    switch (j->op) {
    case OP_SUBMIT: return opinion_submit_public(db, &j->opinion, j->tracking, &j->err);
    case OP_ADD: return opinion_add(db, j->who, &j->opinion, &j->id, &j->err);
    case OP_REPLY: return opinion_reply(db, j->who, j->id, j->text, &j->err);
    case OP_MERGE: return opinion_merge(db, j->who, j->id, j->into, &j->err);
    case OP_RATE: return opinion_rate(db, j->code, j->text, &j->err);
    case OP_PROBLEM: return problem_add(db, j->who, &j->problem, &j->id, &j->err);
    case OP_MEASURE: return measure_add(db, j->who, &j->measure, &j->id, &j->err);
    case OP_IMPLEMENTED: return measure_implemented(db, j->who, j->id, j->text, &j->err);
    case OP_VERIFY: return measure_verify(db, j->who, j->id, &j->err);
    case OP_START: return measure_start(db, j->who, j->id, &j->err);
    case OP_CAMPAIGN:
        return campaign_add(db, j->who, j->unit, j->title, j->starts, j->ends, &j->id, &j->err);
    case OP_OUTREACH: return outreach_add(db, j->who, &j->outreach, &j->id, &j->err);
    case OP_TEMPLATE:
        return reply_template_add(db, j->who, j->unit, j->title, j->text, &j->id, &j->err);
    case OP_REPLY_MANY:
        return opinion_reply_many(db, j->who, j->ids, j->n, j->text, &j->bad, &j->err);
    case OP_MERGE_MANY:
        return opinion_merge_many(db, j->who, j->ids, j->n, j->into, &j->bad, &j->err);
    case OP_ADD_MANY: return opinion_add_many(db, j->who, j->rows, j->n, &j->id, &j->bad, &j->err);
    case OP_ATTACH:
        return opinion_attach(db, j->who, j->into, j->title, j->file_type, j->data, j->size, &j->id,
                              &j->err);
    }
    return db_fail(db, &j->err);
}

