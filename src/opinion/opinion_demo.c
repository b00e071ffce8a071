/*
 * Demo data of opinion solicitation and the rectification ledger (mechanism model; speech.txt
 * "征求意见" and "整改台帐"): a campaign per department with outreach counts, opinions across
 * channels and areas with duplicates merged (梳理), problems, measures (most implemented),
 * replies and ratings, exactly the figures asked (the speech's at the province and speech
 * scales), spread over the departments. Rows go in through prepared
 * statements inside the caller's transaction; the roll-up counts are rebuilt once at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/share.h"
#include "core/xalloc.h"
#include "opinion/opinion.h"
#include "opinion/opinion_int.h"

enum { N_TOPICS = 8, N_ISSUES = 6 };

static const char *const topics[N_AREAS][N_TOPICS] = {
    { "理论学习", "专题学习", "政治理论培训", "学习教育", "党性教育", "理想信念教育", "宗旨意识",
      "思想交流" },
    { "干部考核评价", "干部选拔任用", "基层党建", "窗口服务", "人才引进", "档案管理", "党员发展",
      "干部教育培训" },
    { "会议文件", "调查研究", "工作作风", "联系群众", "督查检查", "办事效率", "文风会风",
      "下基层" },
    { "业务能力", "专业素养", "信息化水平", "统筹协调", "政策把握", "应急处置", "调研能力",
      "文字水平" },
    { "干部休假", "关心关爱干部", "困难党员帮扶", "办公条件", "谈心谈话", "离退休干部服务",
      "基层干部待遇", "干部身心健康" },
};
static const char *const issues[N_AREAS][N_ISSUES] = {
    { "流于形式,联系实际不够", "针对性不强,效果不明显", "抓得不够经常", "重形式轻实效",
      "学用结合不紧", "缺少交流研讨" },
    { "标准不够公开透明", "结果运用不够充分", "程序还不够规范", "推进较慢,落实不到位",
      "统筹不够,基层负担重", "制度执行不严格" },
    { "存在形式主义现象", "深入基层不够", "办事拖拉,时限意识不强", "检查考核过多过频",
      "会议多、文件多", "服务态度有待改进" },
    { "本领恐慌问题比较突出", "新知识掌握不够", "解决复杂问题能力不足", "创新意识不强",
      "专业化水平不高", "缺少实践锻炼" },
    { "关心不够,落实不到位", "保障措施不够有力", "帮扶覆盖面不广", "谈心谈话不经常",
      "基层反映比较集中", "相关制度执行不到位" },
};
static const char *const suggestions[] = {
    "建议建立长效机制",     "建议加强督促检查",     "建议公开办理结果", "希望多听基层意见",
    "建议明确责任和时限",   "建议精简会议文件",     "希望加大培训力度", "建议完善相关制度",
    "希望领导班子带头改进", "建议定期通报进展情况",
};
static const char *const measure_verbs[] = {
    "制定", "修订", "建立", "完善", "落实", "开展",
};
static const char *const measure_objects[] = {
    "工作规则",     "限时办结制度", "公开承诺事项", "专项整治方案", "督查通报制度",
    "谈心谈话制度", "联系基层制度", "学习培训计划", "考核评价办法", "服务群众清单",
};

/* The share of each channel among opinions, in per mille, in channel_codes order. */
static const int channel_share[N_CHANNELS] = { 30, 40, 20, 60, 300, 250, 120, 150, 30 };

struct kept {
    long long id; /* a consolidated opinion */
    int area;     /* its area */
    int topic;    /* its topic */
    int issue;    /* its issue */
    int problem;  /* linked to a problem */
    int reply;    /* 0 none, 1 "handling", 2 from an implemented measure */
};

struct gen {
    struct db *db;                 /* the store */
    uint64_t (*rng)(void);         /* the demo's random numbers */
    char start[11], end[11];       /* the campaign's period */
    long long span;                /* days in it */
    long long account;             /* the staff account that entered opinions, or 0 */
    long long measures_left;       /* measures still to make in all */
    long long implemented_left;    /* of them still to mark implemented or verified */
    struct kept *kept;             /* the unit's consolidated opinions */
    size_t n_kept, cap_kept;       /* used, allocated */
    struct opinion_demo_totals *t; /* the running totals */
};

static long long roll(struct gen *g, long long n)
{
    return n > 0 ? (long long)(g->rng() % (uint64_t)n) : 0;
}

static enum result step(sqlite3_stmt *st)
{
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (st)
        db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

static void random_day(struct gen *g, char day[11])
{
    date_add(g->start, (long)roll(g, g->span), day);
}

static int pick_channel(struct gen *g)
{
    long long r = roll(g, 1000);
    for (int i = 0; i < N_CHANNELS; i++)
        if ((r -= channel_share[i]) < 0)
            return i;
    return N_CHANNELS - 1;
}

/* One opinion; into is the consolidated opinion it duplicates, or 0. */
static enum result add_opinion(struct gen *g, long long unit_id, long long campaign,
                               const struct kept *like, long long into, long long *id)
{
    char content[512], day[11];
    int c = pick_channel(g);
    snprintf(content, sizeof(content), "%s%s,%s。", topics[like->area][like->topic],
             issues[like->area][like->issue],
             suggestions[roll(g, sizeof(suggestions) / sizeof(suggestions[0]))]);
    random_day(g, day);
    sqlite3_stmt *st = db_stmt(
        g->db, "INSERT INTO opinion(unit_id, campaign_id, channel, area, content, day,"
               " account_id, consolidated_into) VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0),"
               " nullif(?8, 0))");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int64(st, 2, campaign);
    db_bind_text(st, 3, channel_codes[c]);
    db_bind_text(st, 4, area_codes[like->area]);
    db_bind_text(st, 5, content);
    db_bind_text(st, 6, day);
    /* the public's own channels carry no account */
    sqlite3_bind_int64(st, 7, c == 8 || c == 1 || c == 0 ? 0 : g->account);
    sqlite3_bind_int64(st, 8, into);
    if (step(st) != RES_OK)
        return RES_FAIL;
    *id = sqlite3_last_insert_rowid(g->db->h);
    g->t->opinions++;
    return index_text(g->db, "opinion", *id, unit_id, content, 0);
}

/* A unit's campaign, outreach (its letters, forums and visits given) and n opinions of which
 * n_dup duplicate earlier ones. */
static enum result fill_unit(struct gen *g, long long unit_id, const char *name, long long n,
                             long long n_dup, const long long given[3])
{
    char title[256];
    snprintf(title, sizeof(title), "%.200s征求意见建议活动", name);
    sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO campaign(unit_id, title, starts, ends)"
                                      " VALUES (?1, ?2, ?3, ?4)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, unit_id);
    db_bind_text(st, 2, title);
    db_bind_text(st, 3, g->start);
    db_bind_text(st, 4, g->end);
    if (step(st) != RES_OK)
        return RES_FAIL;
    long long campaign = sqlite3_last_insert_rowid(g->db->h);
    /* letters, forums, visits... in proportion to the opinions gathered */
    const long long counts[N_OUTREACH] = { given[0],
                                           given[1],
                                           given[2],
                                           n / 2 + roll(g, n / 4 + 1),
                                           n / 3 + roll(g, n / 8 + 1),
                                           1 + roll(g, 2),
                                           1,
                                           1 + n / 500 + roll(g, 3) };
    for (int k = 0; k < N_OUTREACH; k++) {
        char day[11];
        random_day(g, day);
        st = db_stmt(g->db, "INSERT INTO outreach(unit_id, campaign_id, kind, count, attendees,"
                            " day) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, unit_id);
        sqlite3_bind_int64(st, 2, campaign);
        db_bind_text(st, 3, outreach_codes[k]);
        sqlite3_bind_int64(st, 4, counts[k]);
        sqlite3_bind_int64(st, 5, k == 1 ? counts[k] * (12 + roll(g, 10)) : 0);
        db_bind_text(st, 6, day);
        if (step(st) != RES_OK)
            return RES_FAIL;
    }
    g->n_kept = 0;
    for (long long i = 0; i < n; i++) {
        /* duplicates come once some originals exist, spread over the rest */
        int dup = g->n_kept > 0 && roll(g, n - i) < n_dup;
        struct kept k = { .area = (int)roll(g, N_AREAS),
                          .topic = (int)roll(g, N_TOPICS),
                          .issue = (int)roll(g, N_ISSUES) };
        long long id, into = 0;
        if (dup) {
            k = g->kept[roll(g, (long long)g->n_kept)];
            into = k.id;
            n_dup--;
        }
        if (add_opinion(g, unit_id, campaign, &k, into, &id) != RES_OK)
            return RES_FAIL;
        if (dup)
            continue;
        k.id = id;
        g->kept = vec_grow(g->kept, g->n_kept, &g->cap_kept);
        g->kept[g->n_kept++] = k;
        g->t->consolidated++;
    }
    return RES_OK;
}

static enum result reply(struct gen *g, const struct kept *k, const char *text)
{
    char day[11];
    random_day(g, day);
    sqlite3_stmt *st = db_stmt(g->db, "UPDATE opinion SET reply = ?2, reply_day = ?3,"
                                      " rating = ?4 WHERE id = ?1 OR consolidated_into = ?1");
    if (!st)
        return RES_FAIL;
    long long r = roll(g, 100);
    sqlite3_bind_int64(st, 1, k->id);
    db_bind_text(st, 2, text);
    db_bind_text(st, 3, day);
    if (r < 40)
        db_bind_text(st, 4, r < 33 ? "satisfied" : r < 38 ? "basic" : "dissatisfied");
    return step(st);
}

/* Problems from the unit's consolidated opinions of one topic each, with n_measures measures
 * in all (1 to 3 a problem), and the replies that follow from them. */
static enum result rectify(struct gen *g, long long unit_id, long long owner, long long n_measures)
{
    char today[11];
    clock_today(today);
    while (n_measures > 0 && g->n_kept) {
        struct kept *seed = &g->kept[roll(g, (long long)g->n_kept)];
        char title[256], day[11];
        snprintf(title, sizeof(title), "%s%s", topics[seed->area][seed->topic],
                 issues[seed->area][seed->issue]);
        random_day(g, day);
        sqlite3_stmt *st = db_stmt(g->db, "INSERT INTO problem(unit_id, title, area, source, day)"
                                          " VALUES (?1, ?2, ?3, 'opinion', ?4)");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, unit_id);
        db_bind_text(st, 2, title);
        db_bind_text(st, 3, area_codes[seed->area]);
        db_bind_text(st, 4, day);
        if (step(st) != RES_OK)
            return RES_FAIL;
        long long problem = sqlite3_last_insert_rowid(g->db->h);
        g->t->problems++;
        if (index_text(g->db, "problem", problem, unit_id, title, 0) != RES_OK)
            return RES_FAIL;
        int any_done = 0, n_here = 1 + (int)roll(g, 3);
        if (n_here > n_measures)
            n_here = (int)n_measures;
        n_measures -= n_here;
        char done_title[256] = "";
        for (int m = 0; m < n_here; m++) {
            char mtitle[256], deadline[11], mday[11];
            snprintf(
                mtitle, sizeof(mtitle), "%s%s%s",
                measure_verbs[roll(g, sizeof(measure_verbs) / sizeof(measure_verbs[0]))],
                topics[seed->area][seed->topic],
                measure_objects[roll(g, sizeof(measure_objects) / sizeof(measure_objects[0]))]);
            date_add(day, 20 + (long)roll(g, 150), deadline);
            /* exactly the implemented asked for, in all: verified more often than not */
            int done = share_pick(g->rng(), g->implemented_left, g->measures_left);
            g->implemented_left -= done;
            g->measures_left--;
            long long r = done ? roll(g, 880) : 880 + roll(g, 120);
            const char *state = r < 880   ? (r < 480 ? "verified" : "implemented")
                                : r < 940 ? "in_progress"
                                          : "open";
            date_add(day, 10 + (long)roll(g, 60), mday);
            if (strcmp(mday, today) > 0)
                snprintf(mday, sizeof(mday), "%s", today);
            st = db_stmt(g->db, "INSERT INTO measure(problem_id, unit_id, title, owner_id,"
                                " deadline, state, evidence, public, implemented_day,"
                                " verified_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                                " nullif(?9, ''), nullif(?10, ''))");
            if (!st)
                return RES_FAIL;
            sqlite3_bind_int64(st, 1, problem);
            sqlite3_bind_int64(st, 2, unit_id);
            db_bind_text(st, 3, mtitle);
            sqlite3_bind_int64(st, 4, owner);
            db_bind_text(st, 5, deadline);
            db_bind_text(st, 6, state);
            db_bind_text(st, 7, done ? "已印发文件并组织实施,相关材料已归档。" : "");
            sqlite3_bind_int(st, 8, done && roll(g, 10) < 4);
            db_bind_text(st, 9, done ? mday : "");
            db_bind_text(st, 10, r < 480 ? mday : "");
            if (step(st) != RES_OK)
                return RES_FAIL;
            long long measure = sqlite3_last_insert_rowid(g->db->h);
            g->t->measures++;
            g->t->implemented += done;
            if (index_text(g->db, "measure", measure, unit_id, mtitle, 0) != RES_OK)
                return RES_FAIL;
            if (done && !any_done)
                snprintf(done_title, sizeof(done_title), "%s", mtitle);
            any_done |= done;
        }
        /* the problem answers every consolidated opinion of its topic */
        for (size_t i = 0; i < g->n_kept; i++) {
            struct kept *k = &g->kept[i];
            if (k->area != seed->area || k->topic != seed->topic || k->problem)
                continue;
            k->problem = 1;
            st = db_stmt(g->db, "INSERT INTO problem_opinion(problem_id, opinion_id)"
                                " VALUES (?1, ?2)");
            if (!st)
                return RES_FAIL;
            sqlite3_bind_int64(st, 1, problem);
            sqlite3_bind_int64(st, 2, k->id);
            if (step(st) != RES_OK)
                return RES_FAIL;
            if (any_done) {
                char text[512];
                snprintf(text, sizeof(text), "经研究,已%s。感谢您对组织工作的关心和支持。",
                         done_title);
                if (reply(g, k, text) != RES_OK)
                    return RES_FAIL;
                k->reply = 2;
            }
        }
    }
    for (size_t i = 0; i < g->n_kept; i++)
        if (!g->kept[i].reply && roll(g, 2) == 0 &&
            reply(g, &g->kept[i], "您的意见建议已收悉,我们正在认真研究办理,办理结果将及时反馈。") !=
                RES_OK)
            return RES_FAIL;
    return RES_OK;
}

enum result opinion_demo(struct db *db, const struct actor *who,
                         const struct opinion_demo_size *size, uint64_t (*rng)(void),
                         const char *figure_unit, struct opinion_demo_totals *t)
{
    memset(t, 0, sizeof(*t));
    struct gen g = { .db = db,
                     .rng = rng,
                     .t = t,
                     .measures_left = size->measures,
                     .implemented_left = size->implemented };
    /* the campaign: from five months to three weeks ago, within the period asked */
    char today[11];
    clock_today(today);
    date_add(today, -150, g.start);
    if (strcmp(g.start, size->from) < 0)
        snprintf(g.start, sizeof(g.start), "%s", size->from);
    date_add(today, -20, g.end);
    if (strcmp(g.end, g.start) < 0)
        snprintf(g.end, sizeof(g.end), "%s", g.start);
    g.span = date_days(g.end) - date_days(g.start) + 1;
    g.account = db_count(db, "SELECT coalesce(min(id), 0) FROM account", NULL, 0);
    /* the departments: the province, the cities and the counties (offices hold none) */
    sqlite3_stmt *st = db_stmt(db, "SELECT u.id, u.code, u.name, u.kind,"
                                   " (SELECT min(p.id) FROM person p WHERE p.unit_id = u.id)"
                                   " FROM unit u WHERE u.kind IN ('province', 'city', 'county')"
                                   " ORDER BY u.path");
    if (!st)
        return RES_FAIL;
    struct dept {
        long long id, owner;
        char code[40], name[160], kind[16];
    } *depts = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        depts = vec_grow(depts, n, &cap);
        depts[n].id = sqlite3_column_int64(st, 0);
        snprintf(depts[n].code, sizeof(depts[n].code), "%s", db_col_text(st, 1));
        snprintf(depts[n].name, sizeof(depts[n].name), "%s", db_col_text(st, 2));
        snprintf(depts[n].kind, sizeof(depts[n].kind), "%s", db_col_text(st, 3));
        depts[n].owner = sqlite3_column_int64(st, 4);
        n++;
    }
    db_done(st);
    /* each department's share: a county gathers more than a city's own department, the
     * province's about as much as a county; figure_unit its fixed 252 */
    enum { OPINIONS, LETTERS, FORUMS, VISITS, MEASURES, N_FIGURES };
    long long *w = xcalloc(N_FIGURES * (n + 1), sizeof(*w));
    long long *part = xcalloc(N_FIGURES * (n + 1), sizeof(*part));
    long long *dup = xcalloc(n + 1, sizeof(*dup));
    long long fixed = 0;
    size_t figure = n;
    for (size_t i = 0; i < n; i++) {
        if (figure_unit && !strcmp(depts[i].code, figure_unit))
            figure = i;
        else if (!strcmp(depts[i].kind, "county"))
            w[i] = 560 + roll(&g, 560);
        else
            w[i] = !strcmp(depts[i].kind, "city") ? 400 + roll(&g, 300) : 800;
    }
    if (figure < n)
        fixed = 252;
    enum result r = size->opinions >= fixed ? RES_OK : RES_INVALID;
    if (r == RES_OK)
        share_split(size->opinions - fixed, w, n, part);
    if (figure < n)
        part[figure] = fixed;
    for (size_t i = 0; i < n; i++) {
        long long c = part[i];
        /* about 38% are duplicates merged in consolidation, as "252条,梳理为155条" */
        dup[i] = i == figure ? 97 : c * (30 + roll(&g, 16)) / 100;
        w[LETTERS * n + i] = c * (100 + roll(&g, 40)) + 1;
        w[FORUMS * n + i] = c + 60;
        w[VISITS * n + i] = c * (80 + roll(&g, 40)) + 1;
        w[MEASURES * n + i] = depts[i].owner && c > 0 ? c - dup[i] + 1 : 0;
    }
    const long long totals[N_FIGURES] = { size->opinions, size->letters, size->forums, size->visits,
                                          size->measures };
    for (int k = LETTERS; k < N_FIGURES && r == RES_OK; k++)
        share_split(totals[k], w + k * n, n, part + k * n);
    for (size_t i = 0; i < n && r == RES_OK; i++) {
        const struct dept *d = &depts[i];
        const long long given[3] = { part[LETTERS * n + i], part[FORUMS * n + i],
                                     part[VISITS * n + i] };
        r = fill_unit(&g, d->id, d->name, part[i], dup[i], given);
        if (r == RES_OK && d->owner)
            r = rectify(&g, d->id, d->owner, part[MEASURES * n + i]);
    }
    free(w);
    free(part);
    free(dup);
    free(depts);
    free(g.kept);
    if (r != RES_OK || opinion_tally_rebuild(db) != RES_OK)
        return r != RES_OK ? r : RES_FAIL;
    char after[256];
    snprintf(after, sizeof(after),
             "{\"consolidated\":%lld,\"measures\":%lld,\"opinions\":%lld,\"problems\":%lld}",
             t->consolidated, t->measures, t->opinions, t->problems);
    return audit_append(db, who, "opinion.demo", "opinion", NULL, after);
}
