/*
 * The demo research reports (mechanism layer, called from cli/demo.c): reports written by
 * people of the demo's units over the period asked on the topics organisation departments
 * study, about one in four adopted (采纳) by the department's meeting above.
 */
#include <stdio.h>

#include "core/clock.h"
#include "core/share.h"
#include "core/str.h"
#include "research/research.h"

static const char *const topics[] = {
    "村干部报酬待遇",       "年轻干部培养选拔", "基层党组织建设",   "干部考核评价机制",
    "组工干部队伍建设",     "流动党员教育管理", "选调生成长情况",   "乡镇干部队伍稳定",
    "干部选拔任用全程纪实", "公务员平时考核",   "人才引进政策落实", "党员发展质量",
};

/* A random active person of the subtree at path, with their unit's code; 0 when none. */
static long long pick_person(struct db *db, const char *path, long long n, uint64_t (*rng)(void),
                             char code[64])
{
    char end[UNIT_PATH_MAX];
    path_end(end, path);
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id, u.code FROM unit u JOIN person p"
                                   " ON p.unit_id = u.id WHERE u.path >= ?1 AND u.path < ?2"
                                   " AND p.active = 1 LIMIT 1 OFFSET ?3");
    if (!st)
        return 0;
    db_bind_text(st, 1, path);
    db_bind_text(st, 2, end);
    sqlite3_bind_int64(st, 3, (long long)(rng() % (uint64_t)n));
    long long id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        snprintf(code, 64, "%s", db_col_text(st, 1));
    }
    db_done(st);
    return id;
}

enum result research_demo(struct db *db, const struct actor *who, const char *unit, long long n,
                          const char *from, uint64_t (*rng)(void), struct err *err)
{
    struct unit root;
    enum result r = unit_get(db, who, unit, &root, err);
    if (r != RES_OK)
        return r;
    char end[UNIT_PATH_MAX];
    path_end(end, root.path);
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM unit u JOIN person p ON p.unit_id = u.id"
                                   " WHERE u.path >= ?1 AND u.path < ?2 AND p.active = 1");
    if (!st)
        return db_fail(db, err);
    db_bind_text(st, 1, root.path);
    db_bind_text(st, 2, end);
    long long people = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    char today[11];
    clock_today(today);
    for (long long i = 0; i < n && people > 0 && r == RES_OK; i++) {
        char code[64], day[11];
        long long author = pick_person(db, root.path, people, rng, code);
        if (!author)
            break;
        share_day(rng(), from, today, day);
        const char *topic = topics[rng() % (sizeof(topics) / sizeof(topics[0]))];
        char title[160], text[400];
        snprintf(title, sizeof(title), "关于%s的调研报告", topic);
        snprintf(text, sizeof(text),
                 "一、基本情况\n围绕%s,采取座谈、走访、问卷等方式开展调研。\n二、存在的问题\n"
                 "三、对策建议\n",
                 topic);
        struct research_input in = { code, title, &author, 1, day, text, NULL };
        long long id;
        r = research_add(db, who, &in, &id, err);
        if (r == RES_OK && rng() % 4 == 0)
            r = research_adopt(db, who, id, rng() % 2 ? "上级组织部部务会" : "党委(党组)会议", err);
    }
    return r;
}
