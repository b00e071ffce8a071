/*
 * The demo activity (mechanism layer, called from cli/demo.c): the speech's campaign
 * ("树组工干部形象"集中学习教育活动) in its four phases around today, every unit of the subtree
 * with its study sessions, self-examination and rectification ledger marked as units would have
 * and its people as participants (the speech's "近4万名" at the province scale). The opinions,
 * problems and measures items are the records' own (opinion_demo).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity/activity.h"
#include "core/clock.h"
#include "core/xalloc.h"
#include "unit/unit.h"

/* The units of the subtree, as unit_each gives them. */
struct demo_units {
    char (*code)[UNIT_CODE_MAX + 1]; /* codes */
    long long *people;               /* active people directly in each */
    size_t n, cap;                   /* used, allocated */
};

static void on_unit(void *ctx, const struct unit *u)
{
    struct demo_units *d = ctx;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 64;
        d->code = xrealloc(d->code, d->cap * sizeof(*d->code));
        d->people = xrealloc(d->people, d->cap * sizeof(*d->people));
    }
    snprintf(d->code[d->n], sizeof(d->code[0]), "%s", u->code);
    d->people[d->n++] = u->n_persons;
}

enum result activity_demo(struct db *db, const struct actor *who, const char *unit,
                          const char *from, uint64_t (*rng)(void), struct err *err)
{
    char today[11], day[8][11];
    clock_today(today);
    /* the opinion demo's campaign is the second phase, from 150 to 20 days ago */
    static const long offsets[8] = { -180, -151, -150, -19, -18, 30, 31, 120 };
    for (int i = 0; i < 8; i++) {
        date_add(today, offsets[i], day[i]);
        if (strcmp(day[i], from) < 0)
            snprintf(day[i], sizeof(day[i]), "%s", from);
    }
    static const struct activity_item_input study[] = {
        { "study", "集中学习(次)" }, { "lectures", "专题辅导报告" },
    };
    static const struct activity_item_input solicit[] = {
        { "opinions", "征求意见建议" }, { "selfcheck", "自我剖析材料" }, { "problems", "查摆问题" },
    };
    static const struct activity_item_input rectify[] = {
        { "rectify", "整改措施" }, { "ledger", "建立整改台帐" },
    };
    static const struct activity_item_input rules[] = { { "rules", "建立健全制度" } };
    const struct activity_phase_input phases[] = {
        { "学习教育", day[0], day[1], study, 2 },
        { "征求意见、自我剖析", day[2], day[3], solicit, 3 },
        { "整改提高", day[4], day[5], rectify, 2 },
        { "建章立制", day[6], day[7], rules, 1 },
    };
    struct activity_create_job job = {
        .who = who,
        .in = { unit, "“树组工干部形象”集中学习教育活动", phases, 4 },
    };
    enum result r = activity_create_job(db, &job);
    if (r != RES_OK) {
        *err = job.err;
        return r;
    }
    struct unit root;
    if ((r = unit_get(db, who, unit, &root, err)) != RES_OK)
        return r;
    struct demo_units d = { 0 };
    unit_each(db, who, &root, -1, on_unit, &d);
    for (size_t i = 0; i < d.n && r == RES_OK; i++) {
        /* study done everywhere, the rest by most units; the last phase has only begun */
        int lectures = rng() % 10 < 8, made_rules = rng() % 10 < 2;
        const struct activity_mark_input marks[] = {
            { "study", 1, 2 + (long long)(rng() % 6), "" },
            { "lectures", lectures, lectures ? 1 + (long long)(rng() % 3) : -1, "" },
            { "selfcheck", rng() % 10 < 9, -1, "" },
            { "ledger", rng() % 10 < 7, -1, "" },
            { "rules", made_rules, made_rules ? 1 + (long long)(rng() % 4) : -1, "" },
        };
        struct activity_record_input in = { d.code[i], marks, 5, d.people[i] };
        r = activity_record(db, who, job.id, &in, err);
    }
    free(d.code);
    free(d.people);
    return r;
}
