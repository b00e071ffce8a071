/*
 * The demo's commendations, media reports and meetings (mechanism layer, called from
 * cli/demo.c): a period of each across the units of the tree, through chronicle_create so that
 * counts and the audit chain are as real use leaves them. The speech's own figures lead: ten
 * persons commended as 全省优秀组工干部, reports at every level in the numbers asked (市级以上
 * 2500多篇, 省部级以上800多篇 at the speech's scale), meetings of each kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/chronicle.h"
#include "core/clock.h"
#include "core/share.h"
#include "core/xalloc.h"
#include "unit/unit.h"

/* The units of the tree, as unit_each gives them. */
struct demo_units {
    char (*code)[UNIT_CODE_MAX + 1]; /* codes */
    long long *id;                   /* ids */
    char (*kind)[16];                /* kinds */
    size_t n, cap;                   /* used, allocated */
};

static void on_unit(void *ctx, const struct unit *u)
{
    struct demo_units *d = ctx;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 64;
        d->code = xrealloc(d->code, d->cap * sizeof(*d->code));
        d->id = xrealloc(d->id, d->cap * sizeof(*d->id));
        d->kind = xrealloc(d->kind, d->cap * sizeof(*d->kind));
    }
    snprintf(d->code[d->n], sizeof(d->code[0]), "%s", u->code);
    snprintf(d->kind[d->n], sizeof(d->kind[0]), "%s", u->kind);
    d->id[d->n++] = u->id;
}

/* Up to max people of the unit (active, from the offset-th) into ids; returns how many. */
static size_t people_of(struct db *db, long long unit_id, long long offset, long long *ids,
                        size_t max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM person WHERE unit_id = ?1 AND active"
                                   " ORDER BY id LIMIT ?2 OFFSET ?3");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int64(st, 2, (long long)max);
    sqlite3_bind_int64(st, 3, offset);
    size_t n = 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        ids[n++] = sqlite3_column_int64(st, 0);
    db_done(st);
    return n;
}

/* The level of a unit's own body: a county's, a city's or the province's. */
static const char *level_of(const char *kind)
{
    if (strcmp(kind, "province") == 0)
        return "province";
    return strcmp(kind, "city") == 0 ? "city" : "county";
}

static const char *const honours[] = { "优秀组工干部", "优秀共产党员", "先进工作者",
                                       "组织工作先进个人", "人才工作先进个人" };
static const char *const media_titles[] = { "扎实开展“树组工干部形象”集中学习教育活动",
                                            "干部选拔任用工作全程纪实经验",
                                            "基层党组织建设新气象", "组工干部走基层纪实",
                                            "人才引进工作成效显著" };
static const char *const meeting_titles[] = { "组织工作会议", "部务会议", "基层组织建设座谈会",
                                              "理论学习中心组学习" };
static const char *const level_names[] = { "县", "市", "省", "中央" };
static const char *const outlet_names[] = { "电视台", "日报", "组工信息", "党建网" };

/* One commendation by unit i of the tree. */
static enum result add_commendation(struct db *db, const struct actor *who,
                                    const struct demo_units *d, size_t i, const char *day,
                                    uint64_t (*rng)(void), struct err *err)
{
    long long ids[3];
    size_t n = people_of(db, d->id[i], (long long)(rng() % 5), ids, 1 + rng() % 3);
    if (n == 0)
        return RES_OK;
    struct chronicle_person persons[3];
    for (size_t k = 0; k < n; k++)
        persons[k] = (struct chronicle_person){ ids[k], k == 0 ? "工作扎实,成绩突出" : "" };
    char title[128];
    const char *level = level_of(d->kind[i]);
    snprintf(title, sizeof(title), "%s%s", strcmp(level, "province") == 0 ? "全省" : "",
             honours[rng() % 5]);
    struct chronicle_input in = { .unit = d->code[i], .title = title, .day = day,
                                  .level = level, .persons = persons, .n_persons = n };
    long long id;
    return chronicle_create(db, who, CHRONICLE_COMMENDATION, &in, &id, err);
}

/* The department credited with a report at level lv (registry_levels: county, city, province,
 * central): a county's, a city's or the province's own, at its level or above (a county's work
 * reaches the central press too, a city's never its counties' papers); the province's own
 * department holds a fifth of the provincial and central ones. */
static size_t media_unit(const struct demo_units *d, size_t lv, uint64_t (*rng)(void))
{
    if (lv >= 2 && rng() % 5 == 0)
        return 0;
    for (int tries = 0; tries < 1000; tries++) {
        size_t i = rng() % d->n;
        const char *k = d->kind[i];
        size_t rank = !strcmp(k, "province") ? 2 : !strcmp(k, "city") ? 1 : 0;
        if (strcmp(k, "office") != 0 && rank <= lv)
            return i;
    }
    return 0;
}

/* One report at level lv (registry_levels) by unit i of the tree. */
static enum result add_media(const struct demo_units *d, size_t i, size_t lv, const char *day,
                             uint64_t (*rng)(void), struct db *db, const struct actor *who,
                             struct err *err)
{
    char outlet[64], link[96];
    snprintf(outlet, sizeof(outlet), "%s%s", level_names[lv], outlet_names[rng() % 4]);
    long long n = (long long)(rng() % 100000);
    snprintf(link, sizeof(link), "https://news.example.org/%lld.html", n);
    struct chronicle_input in = {
        .unit = d->code[i],
        .title = media_titles[rng() % 5],
        .day = day,
        .outlet = outlet,
        .level = registry_levels[lv],
        .kind = chronicle_media_kinds[rng() % 3],
        .link = n % 3 ? link : "",
        .attendees = -1,
    };
    long long id;
    return chronicle_create(db, who, CHRONICLE_MEDIA, &in, &id, err);
}

static enum result add_meeting(const struct demo_units *d, size_t i, size_t kind, const char *day,
                               uint64_t (*rng)(void), struct db *db, const struct actor *who,
                               struct err *err)
{
    struct chronicle_input in = {
        .unit = d->code[i],
        .title = meeting_titles[kind],
        .day = day,
        .kind = chronicle_meeting_kinds[kind],
        .attendees = kind == 0 ? 100 + (long long)(rng() % 300) : 5 + (long long)(rng() % 30),
        .minutes = "会议传达学习了上级精神,研究部署了下一阶段工作。",
    };
    long long id;
    return chronicle_create(db, who, CHRONICLE_MEETING, &in, &id, err);
}

/* The province's ten 全省优秀组工干部: one person each from ten counties and cities spread over
 * the tree. */
static enum result add_the_ten(struct db *db, const struct actor *who, const struct demo_units *d,
                               const char *day, struct err *err)
{
    struct chronicle_person persons[10];
    size_t n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT min(p.id) FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.active AND u.kind IN ('county', 'city')"
                                   " AND u.path LIKE (SELECT path FROM unit WHERE id = ?1) || '%'"
                                   " GROUP BY p.unit_id ORDER BY p.unit_id % 7, p.unit_id"
                                   " LIMIT 10");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, d->id[0]); /* the province's own tree, also within a nation */
    while (n < 10 && sqlite3_step(st) == SQLITE_ROW)
        persons[n++] = (struct chronicle_person){ sqlite3_column_int64(st, 0),
                                                  "扎根基层,公道正派,为群众办实事" };
    db_done(st);
    struct chronicle_input in = { .unit = d->code[0], .title = "全省优秀组工干部", .day = day,
                                  .level = "province", .persons = persons, .n_persons = n };
    long long id;
    return chronicle_create(db, who, CHRONICLE_COMMENDATION, &in, &id, err);
}

enum result chronicle_demo(struct db *db, const struct actor *who, const char *unit,
                           const struct chronicle_demo_size *size, uint64_t (*rng)(void),
                           struct err *err)
{
    struct unit root;
    enum result r = unit_get(db, who, unit, &root, err);
    if (r != RES_OK)
        return r;
    struct demo_units d = { 0 };
    unit_each(db, who, &root, -1, on_unit, &d);
    char today[11], day[11];
    clock_today(today);
    date_add(today, -60, day);
    if (strcmp(day, size->from) < 0)
        snprintf(day, sizeof(day), "%s", size->from);
    r = d.n ? add_the_ten(db, who, &d, day, err) : RES_OK;
    for (long long i = 0; i < size->commendations && r == RES_OK; i++) {
        share_day(rng(), size->from, today, day);
        r = add_commendation(db, who, &d, rng() % d.n, day, rng, err);
    }
    /* every level at least once, from the root */
    long long left[4];
    for (size_t lv = 0; lv < 4 && r == RES_OK; lv++) {
        char outlet[64];
        snprintf(outlet, sizeof(outlet), "%s%s", level_names[lv], outlet_names[lv]);
        struct chronicle_input in = { .unit = d.code[0], .title = media_titles[lv], .day = today,
                                      .outlet = outlet, .level = registry_levels[lv],
                                      .kind = chronicle_media_kinds[lv % 3], .attendees = -1 };
        long long id;
        r = chronicle_create(db, who, CHRONICLE_MEDIA, &in, &id, err);
        left[lv] = size->media[lv] > 1 ? size->media[lv] - 1 : 0;
    }
    /* the rest in random order of level, so that each level is spread over the period */
    for (int lv; r == RES_OK && (lv = share_draw(rng(), left, 4)) >= 0;) {
        share_day(rng(), size->from, today, day);
        r = add_media(&d, media_unit(&d, (size_t)lv, rng), (size_t)lv, day, rng, db, who, err);
    }
    for (long long i = 0; i < size->meetings && r == RES_OK; i++) {
        share_day(rng(), size->from, today, day);
        /* the first of each kind at the root: eight provincial conferences a year */
        size_t at = i < 8 ? 0 : rng() % d.n;
        r = add_meeting(&d, at, i < 8 ? 0 : (size_t)(i % 4), day, rng, db, who, err);
    }
    free(d.code);
    free(d.id);
    free(d.kind);
    return r;
}
