/*
 * The indicator catalogue and its values: each computed indicator names the roll-up field it is
 * read from (task_stats, rectification_stats, or registry keys), so one pass of three reads
 * fills every figure of a subtree and period.
 */
#include "report/indicator.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/str.h"
#include "opinion/rectification.h"
#include "registry/registry.h"
#include "task/task.h"
#include "unit/unit.h"

/* Where a computed indicator is read from. */
enum origin { FROM_TASK, FROM_RECT, FROM_REG, FROM_NONE };

struct source {
    const char *code;    /* the indicator */
    enum origin origin;
    size_t offset;       /* FROM_TASK, FROM_RECT: the long long field in the stats struct */
    const char *keys[5]; /* FROM_REG: the registry keys summed, NULL-terminated */
};

#define T(field) FROM_TASK, offsetof(struct task_stats, field), { NULL }
#define R(field) FROM_RECT, offsetof(struct rectification_stats, field), { NULL }
#define K(...) FROM_REG, 0, { __VA_ARGS__, NULL }
#define MANUAL FROM_NONE, 0, { NULL }

/* In the order a work report states them (summary.c follows the same order). */
const struct indicator indicators[] = {
    { "campaign.activities", "campaign", "开展主题活动", "theme activities held", "次", "times", IND_MANUAL, 0 },
    { "campaign.participants", "campaign", "参加活动干部人数", "cadres taking part", "人", "people", IND_MANUAL, 0 },
    { "training.classes", "training", "举办培训班", "training classes held", "期", "classes", IND_COMPUTED, 0 },
    { "training.person_times", "training", "培训干部", "cadres trained", "人（次）", "person-times", IND_COMPUTED, 0 },
    { "exam.takers", "training", "参加知识测试", "knowledge test takers", "名", "people", IND_COMPUTED, 0 },
    { "essay.submitted", "essays", "报送征文稿件", "essays sent up", "篇", "essays", IND_COMPUTED, 0 },
    { "essay.published", "essays", "被专刊选登", "essays published", "篇", "essays", IND_COMPUTED, 0 },
    { "essay.instructed", "essays", "被领导同志批示", "essays with a leader's instruction", "篇", "essays", IND_COMPUTED, 0 },
    { "essay.first", "essays", "一等奖", "first prizes", "篇", "essays", IND_COMPUTED, 0 },
    { "essay.second", "essays", "二等奖", "second prizes", "篇", "essays", IND_COMPUTED, 0 },
    { "essay.third", "essays", "三等奖", "third prizes", "篇", "essays", IND_COMPUTED, 0 },
    { "media.total", "media", "媒体刊播报道", "media reports", "篇（次）", "reports", IND_COMPUTED, 0 },
    { "media.city_or_above", "media", "市级以上媒体刊播", "reports in city or higher media", "篇（次）", "reports", IND_COMPUTED, 0 },
    { "media.province_or_above", "media", "省部级以上媒体刊播", "reports in provincial or national media", "篇（次）", "reports", IND_COMPUTED, 0 },
    { "meeting.conference", "meetings", "召开工作会议", "work conferences held", "次", "times", IND_COMPUTED, 0 },
    { "meeting.leadership", "meetings", "召开领导班子会议", "leadership meetings held", "次", "times", IND_COMPUTED, 0 },
    { "meeting.forum", "meetings", "召开专题会议", "thematic meetings held", "次", "times", IND_COMPUTED, 0 },
    { "meeting.study", "meetings", "召开学习会", "study sessions held", "次", "times", IND_COMPUTED, 0 },
    { "outreach.letters", "outreach", "发出征求意见函", "letters soliciting opinions sent", "份", "letters", IND_COMPUTED, 0 },
    { "outreach.forums", "outreach", "召开座谈会", "forums held", "次", "times", IND_COMPUTED, 0 },
    { "outreach.attendees", "outreach", "座谈会参加人数", "forum attendees", "人（次）", "person-times", IND_COMPUTED, 0 },
    { "outreach.visits", "outreach", "走访干部群众", "cadres and people visited", "人（次）", "person-times", IND_COMPUTED, 0 },
    { "outreach.questionnaires", "outreach", "发放调查问卷", "questionnaires handed out", "份", "questionnaires", IND_COMPUTED, 0 },
    { "opinion.collected", "opinions", "征求到各类意见和建议", "opinions and suggestions collected", "条", "items", IND_COMPUTED, 0 },
    { "opinion.consolidated", "opinions", "梳理归纳为意见", "opinions after consolidation", "条", "items", IND_COMPUTED, 0 },
    { "opinion.to_body", "opinions", "对领导班子的意见", "opinions on the leadership as a body", "条", "items", IND_COMPUTED, 0 },
    { "opinion.to_person", "opinions", "对班子成员的意见", "opinions on its members", "条", "items", IND_COMPUTED, 0 },
    { "opinion.consolidated_to_body", "opinions", "梳理归纳对领导班子的意见", "consolidated opinions on the leadership as a body", "条", "items", IND_COMPUTED, 0 },
    { "opinion.consolidated_to_person", "opinions", "梳理归纳对班子成员的意见", "consolidated opinions on its members", "条", "items", IND_COMPUTED, 0 },
    { "opinion.replied", "opinions", "已答复意见", "opinions answered", "条", "items", IND_COMPUTED, 0 },
    { "evaluation.sessions", "evaluations", "开展民主测评", "democratic evaluations held", "次", "times", IND_COMPUTED, 0 },
    { "evaluation.ballots", "evaluations", "参加民主测评", "evaluation ballots cast", "人次", "ballots", IND_COMPUTED, 0 },
    { "rating.satisfied", "ratings", "评价满意", "answers rated satisfied", "条", "items", IND_COMPUTED, 0 },
    { "rating.basic", "ratings", "评价基本满意", "answers rated basically satisfied", "条", "items", IND_COMPUTED, 0 },
    { "rating.dissatisfied", "ratings", "评价不满意", "answers rated dissatisfied", "条", "items", IND_COMPUTED, 0 },
    { "problem.made", "rectification", "查找出问题", "problems found", "个", "problems", IND_COMPUTED, 0 },
    { "problem.solved", "rectification", "已解决问题", "problems solved (every measure implemented)", "个", "problems", IND_COMPUTED, 0 },
    { "measure.made", "rectification", "制定整改措施", "rectification measures made", "项", "measures", IND_COMPUTED, 0 },
    { "measure.implemented", "rectification", "已落实整改措施", "measures implemented", "项", "measures", IND_COMPUTED, 0 },
    { "measure.verified", "rectification", "整改措施经验收", "measures verified", "项", "measures", IND_COMPUTED, 0 },
    { "measure.overdue", "rectification", "逾期未落实整改措施", "measures overdue", "项", "measures", IND_COMPUTED, 1 },
    { "discipline.cases", "discipline", "查处违规违纪案件", "discipline cases handled", "件", "cases", IND_COMPUTED, 0 },
    { "discipline.persons", "discipline", "处理违规违纪组织人事干部", "organization and personnel cadres disciplined", "人", "people", IND_COMPUTED, 0 },
    { "rule.new", "rules", "新建规章制度", "rules made", "项", "rules", IND_COMPUTED, 0 },
    { "rule.revised", "rules", "修订完善规章制度", "rules revised", "项", "rules", IND_COMPUTED, 0 },
    { "rule.repealed", "rules", "废止规章制度", "rules repealed", "项", "rules", IND_COMPUTED, 0 },
    { "commendation.events", "commendations", "开展表彰", "commendations held", "次", "times", IND_COMPUTED, 0 },
    { "commendation.persons", "commendations", "受到表彰", "people commended", "名", "people", IND_COMPUTED, 0 },
    { "research.written", "research", "形成调研报告", "research reports written", "篇", "reports", IND_COMPUTED, 0 },
    { "research.adopted", "research", "调研成果被采纳", "research reports adopted", "篇", "reports", IND_COMPUTED, 0 },
    { "task.total", "tasks", "承担工作任务", "tasks led", "项", "tasks", IND_COMPUTED, 1 },
    { "task.accepted", "tasks", "已办结任务", "tasks accepted", "项", "tasks", IND_COMPUTED, 1 },
    { "task.on_time", "tasks", "按期办结任务", "tasks accepted on time", "项", "tasks", IND_COMPUTED, 1 },
    { "task.overdue", "tasks", "逾期未办结任务", "tasks overdue", "项", "tasks", IND_COMPUTED, 1 },
    { "supervision.reminders", "supervision", "督办提醒", "reminders", "次", "times", IND_COMPUTED, 1 },
    { "supervision.urges", "supervision", "督促催办", "urges", "次", "times", IND_COMPUTED, 1 },
    { "supervision.criticisms", "supervision", "批评", "criticisms", "次", "times", IND_COMPUTED, 1 },
    { "notice.praises", "supervision", "通报表扬", "notices of praise", "次", "times", IND_COMPUTED, 1 },
    { "notice.criticisms", "supervision", "通报批评", "notices of criticism", "次", "times", IND_COMPUTED, 1 },
    /* the supervision cycle's figures of the tasks issued in the period (task_book.c) */
    { "task.signed_late", "tasks", "逾期签收任务", "tasks signed late", "项", "tasks", IND_COMPUTED, 1 },
    { "task.unsigned_late", "tasks", "超期未签收任务", "tasks late to sign", "项", "tasks", IND_COMPUTED, 1 },
    { "task.extended", "tasks", "批准延期任务", "tasks given a later deadline", "项", "tasks", IND_COMPUTED, 1 },
    { "task.suspended", "tasks", "中止任务", "tasks suspended", "项", "tasks", IND_COMPUTED, 1 },
    { "task.accepted_on_time", "tasks", "当期交办任务按期办结", "tasks issued in the period accepted on time", "项", "tasks", IND_COMPUTED, 1 },
    { "instruction.received", "supervision", "收到领导批示", "leaders' instructions received", "件", "instructions", IND_COMPUTED, 1 },
    { "instruction.done", "supervision", "领导批示办结", "leaders' instructions done", "件", "instructions", IND_COMPUTED, 1 },
    /* answer sheets of the closed satisfaction surveys, at their collecting units */
    { "survey.respondents", "survey", "满意度调查答卷", "satisfaction survey answer sheets", "人", "people", IND_COMPUTED, 1 },
};
const size_t n_indicators = sizeof(indicators) / sizeof(indicators[0]);

static const struct source sources[] = {
    { "campaign.activities", MANUAL },
    { "campaign.participants", MANUAL },
    { "training.classes", K("training.classes") },
    { "training.person_times", K("training.person_times") },
    { "exam.takers", K("exam.takers") },
    { "essay.submitted", K("essays.submitted") },
    { "essay.published", K("essays.published") },
    { "essay.instructed", K("essays.instructed") },
    { "essay.first", K("essays.first") },
    { "essay.second", K("essays.second") },
    { "essay.third", K("essays.third") },
    { "media.total", K("media.county", "media.city", "media.province", "media.central") },
    { "media.city_or_above", K("media.city", "media.province", "media.central") },
    { "media.province_or_above", K("media.province", "media.central") },
    { "meeting.conference", K("meetings.conference") },
    { "meeting.leadership", K("meetings.leadership") },
    { "meeting.forum", K("meetings.forum") },
    { "meeting.study", K("meetings.study") },
    { "outreach.letters", R(letters) },
    { "outreach.forums", R(forums) },
    { "outreach.attendees", R(attendees) },
    { "outreach.visits", R(visits) },
    { "outreach.questionnaires", R(outreach[3]) },
    { "opinion.collected", R(opinions) },
    { "opinion.consolidated", R(consolidated) },
    { "opinion.to_body", R(to_body) },
    { "opinion.to_person", R(to_person) },
    { "opinion.consolidated_to_body", R(consolidated_to_body) },
    { "opinion.consolidated_to_person", R(consolidated_to_person) },
    { "opinion.replied", R(replied) },
    { "evaluation.sessions", K("evaluation.sessions") },
    { "evaluation.ballots", K("evaluation.ballots") },
    { "rating.satisfied", R(satisfied) },
    { "rating.basic", R(basic) },
    { "rating.dissatisfied", R(dissatisfied) },
    { "problem.made", R(problems) },
    { "problem.solved", R(solved) },
    { "measure.made", R(measures) },
    { "measure.implemented", R(implemented) },
    { "measure.verified", R(verified) },
    { "measure.overdue", R(overdue) },
    { "discipline.cases", K("discipline.cases") },
    { "discipline.persons", K("discipline.persons") },
    { "rule.new", K("rules.new") },
    { "rule.revised", K("rules.revised") },
    { "rule.repealed", K("rules.repealed") },
    { "commendation.events", K("commendations.events") },
    { "commendation.persons", K("commendations.persons") },
    { "research.written", K("research.written") },
    { "research.adopted", K("research.adopted") },
    { "task.total", T(total) },
    { "task.accepted", T(accepted) },
    { "task.on_time", T(on_time) },
    { "task.overdue", T(overdue) },
    { "supervision.reminders", T(reminders) },
    { "supervision.urges", T(urges) },
    { "supervision.criticisms", T(criticisms) },
    { "notice.praises", T(notice_praises) },
    { "notice.criticisms", T(notice_criticisms) },
    { "task.signed_late", K("task.signed_late") },
    { "task.unsigned_late", K("task.unsigned_late") },
    { "task.extended", K("task.extended") },
    { "task.suspended", K("task.suspended") },
    { "task.accepted_on_time", K("task.accepted_on_time") },
    { "instruction.received", K("instruction.received") },
    { "instruction.done", K("instruction.done") },
    { "survey.respondents", K("survey.respondents") },
};

/* The keys of the roll-up that count the supervision cycle (task_book.c) and the surveys'
 * answer sheets (survey.c), read besides the registries' own. */
static const char *const cycle_keys[] = { "task.signed_late",      "task.unsigned_late",
                                          "task.extended",         "task.suspended",
                                          "task.accepted_on_time", "instruction.received",
                                          "instruction.done",      "survey.respondents" };
enum { N_CYCLE_KEYS = sizeof(cycle_keys) / sizeof(cycle_keys[0]) };
_Static_assert(sizeof(sources) / sizeof(sources[0]) ==
                   sizeof(indicators) / sizeof(indicators[0]),
               "every indicator has its source, in the same order");

int indicator_index(const char *code)
{
    for (size_t i = 0; code && i < n_indicators; i++)
        if (strcmp(indicators[i].code, code) == 0)
            return (int)i;
    return -1;
}

/* The figures last read on this thread's connection, reused while the database is the same:
 * no commit by another connection (PRAGMA data_version) nor by this one (total changes), and
 * the same day (the overdue counts follow it). A dashboard reads a few dozen periods and
 * units; a statistics request one. */
enum { MEMO_SLOTS = 64 };
struct memo {
    unsigned long long db; /* the connection's serial, 0: an empty slot */
    long long data_version, changes, unit_id;
    char from[11], to[11], today[11];
    long long v[sizeof(indicators) / sizeof(indicators[0])];
};
static _Thread_local struct memo memo[MEMO_SLOTS];
static _Thread_local unsigned memo_next;

/* The memo slot of the request, and whether it holds the figures; NULL when none is kept. */
static struct memo *memo_find(struct db *db, long long unit_id, const char *from, const char *to,
                              int *hit)
{
    sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version");
    if (!st)
        return NULL;
    long long version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    db_done(st);
    struct memo key = { .db = db->serial, .data_version = version, .unit_id = unit_id,
                        .changes = sqlite3_total_changes64(db->h) };
    str_copy(key.from, sizeof(key.from), from ? from : "");
    str_copy(key.to, sizeof(key.to), to ? to : "");
    clock_today(key.today);
    for (int i = 0; i < MEMO_SLOTS; i++) {
        struct memo *m = &memo[i];
        if (m->db == key.db && m->data_version == key.data_version &&
            m->changes == key.changes && m->unit_id == key.unit_id &&
            strcmp(m->from, key.from) == 0 && strcmp(m->to, key.to) == 0 &&
            strcmp(m->today, key.today) == 0) {
            *hit = 1;
            return m;
        }
    }
    struct memo *m = &memo[memo_next++ % MEMO_SLOTS];
    memcpy(m, &key, offsetof(struct memo, v));
    m->db = 0; /* filled once the figures are read */
    *hit = 0;
    return m;
}

enum result indicator_values(struct db *db, const struct actor *who, const char *unit,
                             const char *from, const char *to, long long *v, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    int hit = 0;
    struct memo *m = memo_find(db, u.id, from, to, &hit);
    if (hit) {
        memcpy(v, m->v, sizeof(m->v));
        return RES_OK;
    }
    struct task_stats ts;
    struct rectification_stats rs;
    long long reg[64];
    _Static_assert(sizeof(reg) / sizeof(reg[0]) >= 40, "room for every registry key");
    int period = (from && *from) || (to && *to);
    if ((r = period ? task_stats_period(db, u.id, from, to, &ts, err)
                    : task_stats(db, who, unit, &ts, NULL, NULL, err)) != RES_OK ||
        (r = rectification_stats(db, who, unit, from, to, &rs, err)) != RES_OK)
        return r;
    long long cycle[N_CYCLE_KEYS];
    if (registry_n_keys > sizeof(reg) / sizeof(reg[0]) ||
        registry_sums(db, u.id, from, to, reg) != RES_OK ||
        registry_sums_of(db, u.id, from, to, cycle_keys, N_CYCLE_KEYS, cycle) != RES_OK)
        return db_fail(db, err);
    for (size_t i = 0; i < n_indicators; i++) {
        const struct source *s = &sources[i];
        v[i] = 0;
        if (s->origin == FROM_TASK)
            memcpy(&v[i], (const char *)&ts + s->offset, sizeof(v[i]));
        else if (s->origin == FROM_RECT)
            memcpy(&v[i], (const char *)&rs + s->offset, sizeof(v[i]));
        for (size_t k = 0; s->origin == FROM_REG && s->keys[k]; k++) {
            int at = registry_key_index(s->keys[k]);
            for (int c = 0; at < 0 && c < N_CYCLE_KEYS; c++)
                if (strcmp(s->keys[k], cycle_keys[c]) == 0)
                    v[i] += cycle[c];
            v[i] += at >= 0 ? reg[at] : 0;
        }
    }
    if (m) {
        memcpy(m->v, v, sizeof(m->v));
        m->db = db->serial;
    }
    return RES_OK;
}

/* The roll-up tables the indicators read, as each mechanism's rebuild writes them. */
static const char *const tallies[] = { "task_tally",    "task_open",      "task_open_month",
                                       "opinion_tally", "measure_tally",  "measure_open",
                                       "outreach_tally", "registry_tally",
                                       "campaign_area_tally", "campaign_tally", NULL };

/* The rows of table (as the saved copy kept_TABLE) that differ from the recount: the first
 * one's description into what. Rows whose counts are all zero are the same as no row. */
static enum result compare(struct db *db, const char *table, char *what, size_t size)
{
    struct buf keys, vals, zero, sql;
    buf_init(&keys, 4096);
    buf_init(&vals, 4096);
    buf_init(&zero, 4096);
    buf_init(&sql, 1 << 16);
    buf_addf(&sql, "SELECT name, pk FROM pragma_table_info('%s') ORDER BY cid", table);
    /* text built here for each table: prepared once, not cached (db_stmt is for literals) */
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st, NULL);
    enum result r = st ? RES_OK : RES_FAIL;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *col = db_col_text(st, 0);
        if (sqlite3_column_int(st, 1)) {
            buf_addf(&keys, "%s%s", keys.len ? ", " : "", col);
        } else {
            buf_addf(&vals, "%s%s", vals.len ? ", " : "", col);
            buf_addf(&zero, "%s%s <> 0", zero.len ? " OR " : "", col);
        }
    }
    sqlite3_finalize(st);
    buf_reset(&sql);
    /* the first key whose counts differ either way, and both sides' counts as text */
    buf_addf(&sql,
             "WITH a AS (SELECT %s, %s FROM kept_%s WHERE %s), b AS (SELECT %s, %s FROM %s"
             " WHERE %s), d AS (SELECT * FROM (SELECT * FROM a EXCEPT SELECT * FROM b) UNION"
             " SELECT * FROM (SELECT * FROM b EXCEPT SELECT * FROM a) LIMIT 1)"
             " SELECT (SELECT code FROM unit WHERE id = d.unit_id), json_array(d.%s),"
             " (SELECT json_array(%s) FROM a WHERE (%s) IS (SELECT %s FROM d)),"
             " (SELECT json_array(%s) FROM b WHERE (%s) IS (SELECT %s FROM d)) FROM d",
             buf_str(&keys), buf_str(&vals), table, buf_str(&zero), buf_str(&keys),
             buf_str(&vals), table, buf_str(&zero), buf_str(&keys), buf_str(&vals),
             buf_str(&keys), buf_str(&keys), buf_str(&vals), buf_str(&keys), buf_str(&keys));
    st = NULL;
    if (r == RES_OK)
        sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st, NULL);
    if (!st) {
        r = RES_FAIL;
    } else if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(what, size, "%s of unit %s at (%s) = %s: (%s) kept %s, recounted %s", table,
                 db_col_text(st, 0), buf_str(&keys), db_col_text(st, 1), buf_str(&vals),
                 sqlite3_column_type(st, 2) == SQLITE_NULL ? "nothing" : db_col_text(st, 2),
                 sqlite3_column_type(st, 3) == SQLITE_NULL ? "nothing" : db_col_text(st, 3));
        r = RES_CONFLICT;
    }
    sqlite3_finalize(st);
    buf_release(&keys);
    buf_release(&vals);
    buf_release(&zero);
    buf_release(&sql);
    return r;
}

enum result indicator_verify(struct db *db, char *what, size_t size,
                             void (*fn)(void *ctx, const char *name), void *ctx)
{
    struct buf sql;
    buf_init(&sql, 4096);
    if (db_tx_begin(db) != RES_OK) {
        buf_release(&sql);
        return RES_FAIL;
    }
    enum result r = RES_OK;
    for (size_t i = 0; tallies[i] && r == RES_OK; i++) {
        buf_reset(&sql);
        buf_addf(&sql, "CREATE TEMP TABLE kept_%s AS SELECT * FROM %s", tallies[i], tallies[i]);
        r = db_exec(db, buf_str(&sql));
    }
    if (r == RES_OK && (task_tally_rebuild(db) != RES_OK || opinion_tally_rebuild(db) != RES_OK ||
                        registry_tally_rebuild(db) != RES_OK))
        r = RES_FAIL;
    for (size_t i = 0; tallies[i] && r == RES_OK; i++) {
        r = compare(db, tallies[i], what, size);
        if (fn)
            fn(ctx, tallies[i]);
    }
    db_tx_rollback(db);
    for (size_t i = 0; tallies[i]; i++) {
        buf_reset(&sql);
        buf_addf(&sql, "DROP TABLE IF EXISTS temp.kept_%s", tallies[i]);
        db_exec(db, buf_str(&sql));
    }
    buf_release(&sql);
    return r;
}
