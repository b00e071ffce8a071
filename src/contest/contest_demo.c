/*
 * The demo's essay contests (mechanism layer, called from cli/demo.c): the speech's
 * "树组工干部形象"征文 organized by the province with quotas 5/10/20, essays from the units
 * below by their own people, scored by every account of the organizing unit, awarded (the
 * organizer deciding any tie at a quota's edge in rank order), 7 essays published (选登) and 2
 * instructed (批示); at the province scale a few more contests make up ~10,000 essays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "contest/contest.h"
#include "core/clock.h"
#include "core/xalloc.h"
#include "unit/unit.h"

/* The people of the units below, who write the essays. */
struct writers {
    char (*code)[UNIT_CODE_MAX + 1]; /* each one's unit */
    long long *person;               /* each one's person id */
    size_t n;
};

static enum result load_writers(struct db *db, const struct unit *u, struct writers *w,
                                struct err *err)
{
    char hi[UNIT_PATH_MAX];
    path_end(hi, u->path);
    sqlite3_stmt *st = db_stmt(db, "SELECT u.code, p.id FROM person p JOIN unit u ON u.id ="
                                   " p.unit_id WHERE u.path > ?1 AND u.path < ?2 AND p.active = 1"
                                   " ORDER BY p.id");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, u->path);
    db_bind_text(st, 2, hi);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (w->n == cap) {
            cap = cap ? 2 * cap : 256;
            w->code = xrealloc(w->code, cap * sizeof(*w->code));
            w->person = xrealloc(w->person, cap * sizeof(*w->person));
        }
        snprintf(w->code[w->n], sizeof(w->code[0]), "%s", db_col_text(st, 0));
        w->person[w->n++] = sqlite3_column_int64(st, 1);
    }
    db_done(st);
    return w->n ? RES_OK : err_set(err, RES_NOT_FOUND, "unit", "err.not_found");
}

static const char *const topics[] = {
    "做公道正派的组工干部", "在基层一线树形象",     "以严实作风践行组工使命",
    "讲党性重品行作表率",   "我身边的优秀组工干部", "让群众满意是最高标准",
    "坚持原则敢于担当",     "在服务基层中锤炼作风", "守住组工干部的清廉底色",
    "从“一把尺子”说起",     "用心用情做好党员服务", "把好干部选出来用起来",
};

/* One contest: created, its essays submitted and scored by every reviewer, awarded, ties
 * decided in rank order. *first gets the id of its first essay. */
static enum result one_contest(struct db *db, const struct actor *who, const char *unit,
                               const char *title, const long long quota[3],
                               const char *const *logins, const struct actor *reviewers,
                               size_t n_rev, const struct writers *w, long long n_essays,
                               const char *since, uint64_t (*rng)(void), long long *first,
                               struct err *err)
{
    char today[11], from[11], to[11];
    clock_today(today);
    date_add(today, -240, from);
    date_add(today, -30, to);
    if (strcmp(from, since) < 0)
        snprintf(from, sizeof(from), "%s", since);
    if (strcmp(to, from) < 0)
        snprintf(to, sizeof(to), "%s", from);
    struct contest_job j = { .who = who, .op = CONTEST_CREATE };
    j.c = (struct contest_input){ unit,   title, from, to, { quota[0], quota[1], quota[2] },
                                  logins, n_rev };
    enum result r = contest_run(db, &j);
    long long contest = j.id;
    char text[512];
    for (long long i = 0; r == RES_OK && i < n_essays; i++) {
        size_t k = (size_t)(rng() % w->n);
        const char *topic = topics[rng() % (sizeof(topics) / sizeof(topics[0]))];
        snprintf(text, sizeof(text),
                 "%s。组工干部要坚持公道正派、认真负责、服务群众、廉洁自律,"
                 "以实际行动树立可信可敬可亲的良好形象。(第%lld篇)",
                 topic, i + 1);
        struct contest_job s = { .who = who, .op = CONTEST_SUBMIT, .id = contest };
        s.e = (struct essay_input){ w->code[k], topic, w->person[k], text, NULL };
        r = contest_run(db, &s);
        if (i == 0)
            *first = s.id;
        /* every reviewer scores it: a quality of the essay and each reviewer's own view */
        long long quality = 60 + (long long)(rng() % 30);
        for (size_t v = 0; r == RES_OK && v < n_rev; v++) {
            long long sc = quality + (long long)(rng() % 11) - 5;
            struct contest_job g = { .who = &reviewers[v],
                                     .op = CONTEST_SCORE,
                                     .id = s.id,
                                     .score = sc < 0     ? 0
                                              : sc > 100 ? 100
                                                         : sc };
            r = contest_run(db, &g);
            if (r != RES_OK)
                *err = g.err;
        }
        if (r != RES_OK && s.err.msg)
            *err = s.err;
    }
    if (r != RES_OK) {
        if (j.err.msg)
            *err = j.err;
        return r;
    }
    struct contest_job a = { .who = who, .op = CONTEST_AWARD, .id = contest };
    if ((r = contest_run(db, &a)) != RES_OK) {
        *err = a.err;
        return r;
    }
    /* the organizer decides the tied places: in rank order, into the places left */
    long long used[3] = { 0, 0, 0 };
    static const char *const tiers[] = { "first", "second", "third" };
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(a.out, "awards"), i, x)
    {
        const char *t = json_string_value(json_object_get(x, "tier"));
        for (int k = 0; k < 3; k++)
            used[k] += strcmp(t, tiers[k]) == 0;
    }
    json_t *tie;
    json_array_foreach(json_object_get(a.out, "ties"), i, tie)
    {
        size_t n;
        json_t *id;
        json_array_foreach(json_object_get(tie, "essays"), n, id)
        {
            int k = 0;
            while (k < 3 && used[k] >= quota[k])
                k++;
            struct contest_job d = { .who = who,
                                     .op = CONTEST_DECIDE,
                                     .id = json_integer_value(id),
                                     .text = k < 3 ? tiers[k] : "none" };
            if (k < 3)
                used[k]++;
            if ((r = contest_run(db, &d)) != RES_OK) {
                *err = d.err;
                json_decref(a.out);
                return r;
            }
        }
    }
    json_decref(a.out);
    return RES_OK;
}

enum result contest_demo(struct db *db, const struct actor *who, const char *unit, long long n_main,
                         long long n_more, const char *from, uint64_t (*rng)(void), struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    /* the reviewers: the organizing unit's accounts */
    enum { MAX_REV = 5 };
    char login[MAX_REV][64];
    const char *logins[MAX_REV];
    struct actor reviewers[MAX_REV];
    size_t n_rev = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, login FROM account WHERE unit_id = ?1 AND"
                                   " disabled = 0 ORDER BY id LIMIT 5");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    long long ids[MAX_REV];
    while (n_rev < MAX_REV && sqlite3_step(st) == SQLITE_ROW) {
        ids[n_rev] = sqlite3_column_int64(st, 0);
        snprintf(login[n_rev], sizeof(login[0]), "%s", db_col_text(st, 1));
        logins[n_rev] = login[n_rev];
        n_rev++;
    }
    db_done(st);
    if (n_rev == 0)
        return err_set(err, RES_NOT_FOUND, "reviewers", "err.not_found");
    for (size_t i = 0; i < n_rev; i++)
        if ((r = account_actor(db, ids[i], &reviewers[i])) != RES_OK)
            return db_fail(db, err);
    struct writers w = { 0 };
    if ((r = load_writers(db, &u, &w, err)) != RES_OK)
        return r;
    /* the speech's contest, then the rest of the essays in three more */
    static const long long main_quota[3] = { 5, 10, 20 };
    long long first = 0, ignored = 0;
    r = one_contest(db, who, unit, "“树组工干部形象”主题征文", main_quota, logins, reviewers, n_rev,
                    &w, n_main, from, rng, &first, err);
    static const char *const more[] = { "“我为组工干部形象添光彩”征文",
                                        "“公道正派”组工干部读书征文",
                                        "“服务基层、服务群众”组工干部征文" };
    long long rest = n_more;
    for (int i = 0; r == RES_OK && rest > 0 && i < 3; i++) {
        long long n = i < 2 ? rest / 3 : rest - 2 * (rest / 3);
        const long long q[3] = { n / 100 + 1, n / 50 + 1, n / 25 + 1 };
        /* three reviewers each for the big ones, to keep the demo quick */
        r = one_contest(db, who, unit, more[i], q, logins, reviewers, n_rev < 3 ? n_rev : 3, &w, n,
                        from, rng, &ignored, err);
    }
    free(w.code);
    free(w.person);
    if (r != RES_OK)
        return r;
    /* the speech: 7 essays published (选登), 2 instructed (批示) */
    static const char *const where[] = { "中组部“树组工干部形象”活动专刊", "省《组工通讯》" };
    for (long long k = 0; r == RES_OK && k < 7 && k < n_main; k++) {
        struct contest_job f = {
            .who = who, .op = CONTEST_PUBLISHED, .id = first + k, .text = where[k % 2]
        };
        r = contest_run(db, &f);
        if (r == RES_OK && k < 2) {
            f.op = CONTEST_INSTRUCTED;
            f.text = "中组部领导同志";
            r = contest_run(db, &f);
        }
        if (r != RES_OK)
            *err = f.err;
    }
    return r;
}
