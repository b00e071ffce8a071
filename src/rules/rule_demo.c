/*
 * The demo's rules (mechanism layer, called from cli/demo.c): each department (the province's,
 * the cities' and the counties') keeps rules of the kinds a 组织部 writes (干部选拔任用, 干部监督,
 * 机关内部管理), numbered as its documents are, in force from a day of the past year; some are
 * revised later and a few repealed, as many of each as asked (the speech's "新建规章制度2904项,
 * 修订完善规章制度4970项"). Written as an import is: uncounted, then counted in groups.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/share.h"
#include "core/xalloc.h"
#include "rules/rule.h"
#include "unit/unit.h"

/* The titles of each category, as 组织部 documents name them. */
static const char *const titles[3][6] = {
    { "干部选拔任用工作全程纪实办法", "领导干部个人有关事项报告核查办法", "干部任前公示实施细则",
      "竞争性选拔干部工作规程", "干部试用期管理办法", "年轻干部培养选拔工作意见" },
    { "干部选拔任用工作监督检查办法", "“12380”举报受理工作规程", "干部监督工作联席会议制度",
      "领导干部经济责任审计结果运用办法", "提醒函询诫勉实施细则", "干部档案专项审核工作规程" },
    { "机关公文处理办法", "机关财务管理制度", "机关学习制度", "组工干部“十严禁”纪律要求",
      "机关考勤和请销假制度", "保密工作制度" },
};
static const char *const categories[3] = { "selection", "supervision", "internal" };
static const char *const articles[] = {
    "为规范工作程序,提高工作质量,根据有关规定,结合本部实际,制定本办法。",
    "本办法适用于本部机关各科室及直属单位。",
    "坚持党管干部原则,坚持德才兼备、以德为先。",
    "坚持民主、公开、竞争、择优,坚持群众公认、注重实绩。",
    "工作中形成的材料应当及时归档,做到全程留痕、可追溯。",
    "违反本办法的,视情节轻重,对有关责任人员进行批评教育或者组织处理。",
    "每年年底对本办法执行情况进行一次检查,结果在一定范围内通报。",
};
static const char *const revisions[] = {
    "严格执行“凡提四必”要求,做到应核尽核。",
    "推行工作纪实,实行一事一档、全程记录。",
    "建立健全责任追究制度,实行谁提名谁负责、谁考察谁负责。",
};

/* A rule's text: its numbered articles, with the revisions' articles put in from revision on. */
static void write_text(struct buf *b, size_t first, int revised, size_t extra)
{
    static const char *const numbers[] = { "一", "二", "三", "四", "五", "六", "七", "八" };
    buf_reset(b);
    size_t n = 0, k = sizeof(articles) / sizeof(articles[0]);
    for (size_t i = 0; i < 5; i++) {
        buf_addf(b, "第%s条 %s\n", numbers[n++], articles[(first + i) % k]);
        if (revised && i == 2)
            buf_addf(b, "第%s条 %s\n", numbers[n++],
                     revisions[extra % (sizeof(revisions) / sizeof(revisions[0]))]);
    }
    buf_addf(b, "第%s条 本办法自印发之日起施行。", numbers[n]);
}

struct demo_unit {
    struct unit u; /* a department */
    char abbr[8];  /* its documents' prefix */
};

/* The departments, as unit_each gives them. */
struct demo_units {
    struct demo_unit *list; /* the departments */
    size_t n, cap;          /* used, allocated */
};

static void on_unit(void *ctx, const struct unit *u)
{
    struct demo_units *d = ctx;
    if (strcmp(u->kind, "office") == 0)
        return;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 64;
        d->list = xrealloc(d->list, d->cap * sizeof(*d->list));
    }
    d->list[d->n].u = *u;
    /* the first character of the unit's name heads its documents' numbers */
    size_t l = (unsigned char)u->name[0] >= 0xE0 ? 3 : 1;
    snprintf(d->list[d->n].abbr, sizeof(d->list[0].abbr), "%.*s", (int)l, u->name);
    d->n++;
}

/* The day after prev (YYYY-MM-DD) of a version with left versions still to come, this one
 * included, none after to: a step of up to an equal share of the days left. */
static void later_day(const char *prev, const char *to, long left, uint64_t r, char out[11])
{
    long step = (date_days(to) - date_days(prev)) / (left > 0 ? left : 1);
    date_add(prev, step > 0 ? 1 + (long)(r % (uint64_t)step) : 0, out);
}

enum result rule_demo(struct db *db, const struct actor *who, long long n_new, long long n_revised,
                      const char *from, uint64_t (*rng)(void), struct err *err)
{
    struct demo_units d = { 0 };
    struct unit root;
    enum result r = unit_get(db, who, "P", &root, err);
    if (r == RES_OK && unit_each(db, who, &root, -1, on_unit, &d) != RES_OK)
        r = db_fail(db, err);
    if (r == RES_OK && d.n == 0)
        r = err_set(err, RES_NOT_FOUND, "unit", "err.not_found");
    if (r != RES_OK) {
        free(d.list);
        return r;
    }
    char today[11];
    clock_today(today);
    long span = date_days(today) - date_days(from) + 1;
    /* the rules per department, unevenly; the revisions each to a rule drawn at random */
    long long *weight = xcalloc(d.n, sizeof(*weight)), *per_unit = xcalloc(d.n, sizeof(*per_unit));
    for (size_t i = 0; i < d.n; i++)
        weight[i] = 70 + (long long)(rng() % 60);
    share_split(n_new, weight, d.n, per_unit);
    free(weight);
    int *n_revisions = xcalloc((size_t)n_new + 1, sizeof(*n_revisions));
    for (long long k = 0; k < n_revised && n_new > 0; k++)
        n_revisions[rng() % (uint64_t)n_new]++;
    struct buf text;
    buf_init(&text, 4096);
    long long since = db_count(db, "SELECT coalesce(max(id), 0) FROM rule_version", NULL, 0);
    r = db_tx_begin(db);
    size_t made = 0;
    for (size_t i = 0; i < d.n && r == RES_OK; i++) {
        for (size_t k = 0; k < (size_t)per_unit[i] && r == RES_OK; k++, made++) {
            size_t c = (i + k) % 3, t = (k / 3 + i) % 6;
            int revise = n_revisions[made], repeal = made % 15 == 7;
            char day[11], doc[64], title[160];
            /* a rule revised later was made early enough for its revisions */
            long first_span = span / (1 + revise + repeal);
            date_add(from, first_span > 0 ? (long)(rng() % (uint64_t)first_span) : 0, day);
            snprintf(doc, sizeof(doc), "%s组发〔%.4s〕%zu号", d.list[i].abbr, day, k + 1);
            if (k < 18)
                snprintf(title, sizeof(title), "%s", titles[c][t]);
            else
                snprintf(title, sizeof(title), "%s(第%zu号)", titles[c][t], k + 1);
            write_text(&text, (size_t)rng() % 7, 0, 0);
            struct rule_input in = { .unit = d.list[i].u.code,
                                     .title = title,
                                     .category = categories[c],
                                     .doc_number = doc,
                                     .effective = day,
                                     .public = c != 2,
                                     .text = buf_str(&text) };
            sqlite3_stmt *st = db_stmt(db, "INSERT INTO rule(unit_id, title, category, public,"
                                           " created) VALUES (?1, ?2, ?3, ?4, ?5)");
            if (!st) {
                r = RES_FAIL;
                break;
            }
            sqlite3_bind_int64(st, 1, d.list[i].u.id);
            db_bind_text(st, 2, in.title);
            db_bind_text(st, 3, in.category);
            sqlite3_bind_int(st, 4, in.public);
            db_bind_text(st, 5, day);
            int rc = sqlite3_step(st);
            db_done(st);
            long long id = sqlite3_last_insert_rowid(db->h);
            st = db_stmt(db, "INSERT INTO rule_version(rule_id, unit_id, version, action,"
                             " effective, doc_number, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
            if (rc != SQLITE_DONE || !st) {
                r = RES_FAIL;
                break;
            }
            char later[11];
            for (int v = 1; v <= 1 + revise + repeal && r == RES_OK; v++) {
                const char *action = v == 1 ? "new" : v <= 1 + revise ? "revised" : "repealed";
                if (v > 1) {
                    later_day(day, today, 2 + revise + repeal - v, rng(), later);
                    memcpy(day, later, sizeof(day));
                    if (strcmp(action, "revised") == 0)
                        write_text(&text, (size_t)(rng() % 7), 1, (size_t)rng());
                }
                sqlite3_bind_int64(st, 1, id);
                sqlite3_bind_int64(st, 2, d.list[i].u.id);
                sqlite3_bind_int(st, 3, v);
                db_bind_text(st, 4, action);
                db_bind_text(st, 5, day);
                db_bind_text(st, 6, v == 1 ? doc : "");
                db_bind_text(st, 7, strcmp(action, "repealed") == 0 ? "" : buf_str(&text));
                if (sqlite3_step(st) != SQLITE_DONE)
                    r = RES_FAIL;
                sqlite3_reset(st);
            }
            db_done(st);
        }
    }
    buf_release(&text);
    free(n_revisions);
    free(per_unit);
    free(d.list);
    if (r == RES_OK)
        r = rule_count_since(db, since);
    if (r != RES_OK) {
        if (db->tx_depth)
            db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}
