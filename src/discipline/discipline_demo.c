/*
 * The demo discipline cases (mechanism layer, called from cli/demo.c): a handful of cases about
 * people of the demo's units over the year before today ("处理违规违纪组织人事干部17人"), of every
 * category and handling. Only supervisors and admins will see them.
 */
#include <stdio.h>

#include "core/clock.h"
#include "core/str.h"
#include "discipline/discipline.h"

static const char *const summaries[] = {
    "干部选拔任用中未按规定程序进行民主推荐", "违规收受礼金",
    "档案审核把关不严,造成干部信息失实",      "工作中推诿扯皮,影响群众办事",
    "泄露干部考察工作中的有关情况",           "违规兼职取酬",
};

enum result discipline_demo(struct db *db, const struct actor *who, const char *unit, long long n,
                            uint64_t (*rng)(void), struct err *err)
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
        st = db_stmt(db, "SELECT p.id, u.code FROM unit u JOIN person p ON p.unit_id = u.id"
                         " WHERE u.path >= ?1 AND u.path < ?2 AND p.active = 1"
                         " LIMIT 1 OFFSET ?3");
        if (!st)
            return db_fail(db, err);
        db_bind_text(st, 1, root.path);
        db_bind_text(st, 2, end);
        sqlite3_bind_int64(st, 3, (long long)(rng() % (uint64_t)people));
        char code[64] = "";
        long long person = 0;
        if (sqlite3_step(st) == SQLITE_ROW) {
            person = sqlite3_column_int64(st, 0);
            snprintf(code, sizeof(code), "%s", db_col_text(st, 1));
        }
        db_done(st);
        if (!person)
            break;
        char day[11];
        date_add(today, -(long)(rng() % 365), day);
        size_t k = rng() % (sizeof(summaries) / sizeof(summaries[0]));
        struct discipline_input in = {
            code, person,      discipline_categories[rng() % 4], discipline_handlings[rng() % 5],
            day,  summaries[k]
        };
        long long id;
        r = discipline_add(db, who, &in, &id, err);
    }
    return r;
}
