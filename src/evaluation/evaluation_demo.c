/*
 * Demo data for democratic evaluation (mechanism model, used by `taizhang demo`): a finished
 * year-end evaluation of the department's office heads with ballots from four rater groups
 * (the smallest pooled), and an open one at the first city where the demo logins may vote.
 * Only the model API is used, so ballots are as secret as real ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "evaluation/evaluation.h"
#include "person/person.h"

enum { DEMO_CODES_MAX = 80 };

struct demo_codes {
    char code[DEMO_CODES_MAX][EVAL_CODE_TEXT]; /* unused codes, by group */
    char group[DEMO_CODES_MAX][EVAL_NAME_MAX * 4 + 1];
    int n;
};

static void keep_code(void *ctx, const char *code, const char *group, int used)
{
    struct demo_codes *c = ctx;
    if (used || c->n == DEMO_CODES_MAX)
        return;
    snprintf(c->code[c->n], EVAL_CODE_TEXT, "%s", code);
    snprintf(c->group[c->n++], sizeof(c->group[0]), "%s", group);
}

static void first_person(void *ctx, const struct person *p)
{
    *(long long *)ctx = p->id;
}

/* The first person of each unit in units[]; 0 when a unit has nobody. */
static void heads(struct db *db, const struct actor *who, const char *const *units, size_t n,
                  long long *ids)
{
    for (size_t i = 0; i < n; i++) {
        long long total;
        ids[i] = 0;
        person_each(db, who, units[i], 0, 1, &total, first_person, &ids[i], NULL);
    }
}

/* A deterministic grade: most officials do well, the later ones a little less. */
static const char *demo_grade(int ballot, int official, const char *group)
{
    static const char *const scale[] = { "excellent", "excellent", "competent", "competent",
                                         "competent", "basic",     "excellent", "incompetent" };
    int k = (ballot * 7 + official * 3 + (int)strlen(group)) % 8;
    if (official == 0 && k >= 5)
        k = 0; /* the first official is widely praised */
    return scale[k];
}

/* Casts ballots with the first n codes in c, leaving every tenth code unused. */
static enum result cast_codes(struct db *db, long long id, const struct demo_codes *c, int n,
                              const long long *officials, size_t n_officials, struct err *err)
{
    static const char *const comments[] = {
        "", "", "工作扎实,作风过硬。", "", "建议进一步加强调查研究。", "", ""
    };
    struct eval_vote votes[8];
    for (int b = 0; b < n && b < c->n; b++) {
        if (b % 10 == 9)
            continue;
        for (size_t i = 0; i < n_officials; i++)
            votes[i] = (struct eval_vote){ officials[i], demo_grade(b, (int)i, c->group[b]) };
        struct eval_ballot ballot = { id, c->code[b], votes, n_officials,
                                      comments[b % (sizeof(comments) / sizeof(comments[0]))] };
        enum result r = eval_cast(db, NULL, &ballot, err);
        if (r != RES_OK)
            return r;
    }
    return RES_OK;
}

static enum result report_all(struct db *db, const struct actor *who, long long id,
                              const long long *officials, size_t n, struct err *err)
{
    for (size_t i = 0; i < n; i++) {
        enum result r =
            eval_report_set(db, who, id, officials[i],
                            "一年来,认真履行岗位职责,牵头推进年度重点工作任务,按时限完成分解任务;"
                            "坚持问题导向,抓好征求意见整改落实;严格落实全面从严治党责任。\n"
                            "存在的不足:调查研究还不够深入,创新举措还不够多。下一步将认真整改。",
                            NULL, err);
        if (r != RES_OK)
            return r;
    }
    return RES_OK;
}

enum result eval_demo(struct db *db, const struct actor *who, struct err *err)
{
    static const char *const offices[] = { "P-02", "P-03", "P-04", "P-05", "P-06" };
    long long officials[5];
    heads(db, who, offices, 5, officials);
    struct eval_group_input groups[] = { { "领导班子成员", 30, NULL, NULL, 8, 0 },
                                         { "中层干部", 40, NULL, NULL, 24, 0 },
                                         { "一般干部", 20, NULL, NULL, 30, 0 },
                                         { "服务对象", 10, NULL, NULL, 4, 0 } };
    struct eval_input in = { .unit = "P",
                             .title = "年度处长述职民主测评",
                             .candidates = officials,
                             .n_candidates = 5,
                             .groups = groups,
                             .n_groups = 4 };
    long long id = 0;
    struct demo_codes *c = xcalloc(1, sizeof(*c));
    enum result r = eval_create(db, who, &in, &id, err);
    if (r == RES_OK)
        r = report_all(db, who, id, officials, 5, err);
    if (r == RES_OK)
        r = eval_open(db, who, id, err);
    if (r == RES_OK)
        r = eval_codes(db, who, id, keep_code, c, err);
    if (r == RES_OK)
        r = cast_codes(db, id, c, c->n, officials, 5, err);
    if (r == RES_OK)
        r = eval_close(db, who, id, err);

    /* the open one: the city's office heads, voted on by the city's accounts and by codes */
    static const char *const city_offices[] = { "C01-01", "C01-02", "C01-03" };
    long long city_heads[3];
    heads(db, who, city_offices, 3, city_heads);
    struct eval_input open_in = { .unit = "C01",
                                  .title = "年度市委组织部科长述职民主测评",
                                  .candidates = city_heads,
                                  .n_candidates = 3,
                                  .voter_unit = "C01",
                                  .n_codes = 30 };
    memset(c, 0, sizeof(*c));
    if (r == RES_OK)
        r = eval_create(db, who, &open_in, &id, err);
    if (r == RES_OK)
        r = report_all(db, who, id, city_heads, 3, err);
    if (r == RES_OK)
        r = eval_open(db, who, id, err);
    if (r == RES_OK)
        r = eval_codes(db, who, id, keep_code, c, err);
    if (r == RES_OK)
        r = cast_codes(db, id, c, 12, city_heads, 3, err);
    free(c);
    return r;
}
