/*
 * The demo discipline cases (mechanism layer, called from cli/demo.c): a handful of cases about
 * as many people as asked of the demo's units ("处理违规违纪组织人事干部17人"), of every category
 * and handling, over the period asked. Only supervisors and admins will see them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/share.h"
#include "core/xalloc.h"
#include "core/str.h"
#include "discipline/discipline.h"

static const char *const summaries[] = {
    "干部选拔任用中未按规定程序进行民主推荐", "违规收受礼金",
    "档案审核把关不严,造成干部信息失实",      "工作中推诿扯皮,影响群众办事",
    "泄露干部考察工作中的有关情况",           "违规兼职取酬",
};

enum result discipline_demo(struct db *db, const struct actor *who, const char *unit,
                            long long n_cases, long long n_persons, const char *from,
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
    if (n_persons > people / 2 || (n_persons == 0 && n_cases > 0))
        return err_set(err, RES_INVALID, "persons", "err.range");
    char today[11];
    clock_today(today);
    long long *offsets = xcalloc((size_t)n_persons + 1, sizeof(*offsets));
    for (long long i = 0; i < n_cases && r == RES_OK; i++) {
        /* the first n_persons cases each about someone new, the rest about one of them again */
        long long k = i < n_persons ? i : (long long)(rng() % (uint64_t)n_persons);
        for (int fresh = i < n_persons; fresh;) {
            offsets[k] = (long long)(rng() % (uint64_t)people);
            fresh = 0;
            for (long long j = 0; j < k; j++)
                fresh |= offsets[j] == offsets[k];
        }
        st = db_stmt(db, "SELECT p.id, u.code FROM unit u JOIN person p ON p.unit_id = u.id"
                         " WHERE u.path >= ?1 AND u.path < ?2 AND p.active = 1"
                         " LIMIT 1 OFFSET ?3");
        if (!st) {
            r = db_fail(db, err);
            break;
        }
        db_bind_text(st, 1, root.path);
        db_bind_text(st, 2, end);
        sqlite3_bind_int64(st, 3, offsets[k]);
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
        share_day(rng(), from, today, day);
        size_t s = rng() % (sizeof(summaries) / sizeof(summaries[0]));
        struct discipline_input in = {
            code, person,      discipline_categories[rng() % 4], discipline_handlings[rng() % 5],
            day,  summaries[s]
        };
        long long id;
        r = discipline_add(db, who, &in, &id, err);
    }
    free(offsets);
    return r;
}
