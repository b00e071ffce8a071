/*
 * taizhang demo: a new database holding a realistic demo province (handler layer). The tree is
 * a provincial organization department with its offices, its cities and counties, each with
 * offices; people get Chinese names and positions. Everything goes through the models, so
 * counts and the audit chain are as real use would leave them. Deterministic per --seed. The
 * speech scale's records give the speech's own figures for this calendar year (the scales
 * table below holds what each mechanism's demo is asked for).
 */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "activity/activity.h"
#include "chronicle/chronicle.h"
#include "discipline/discipline.h"
#include "auth/account.h"
#include "core/clock.h"
#include "core/share.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "evaluation/evaluation.h"
#include "research/research.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "contest/contest.h"
#include "opinion/opinion.h"
#include "registry/registry.h"
#include "learning/learning_demo.h"
#include "person/person.h"
#include "rules/rule.h"
#include "survey/survey.h"
#include "task/instruction.h"
#include "task/plan.h"
#include "task/notice.h"
#include "task/supervision.h"
#include "task/task.h"
#include "unit/leader.h"
#include "unit/unit.h"

static const char demo_usage[] =
    "usage: taizhang demo --db PATH [--scale small|province|speech|nation] [--seed N]\n"
    "                     [--provinces N] [--people N] [--tasks N] [--opinions N]\n"
    "Creates PATH (which must not exist) holding a demo province and prints the logins.\n"
    "small: 3 cities, 9 counties, ~1,000 people (default); province: 11 cities, ~170\n"
    "counties, ~40,000 people; speech: 14 cities, 111 counties, ~40,000 people whose records\n"
    "give the speech's figures for this calendar year (1425 training classes, 6078 measures...;\n"
    "a few minutes), printed at the end as counted from the records; nation: the province\n"
    "scale's province and 30 more under a national department (~330 cities, ~2,800 counties),\n"
    "grown to 3,000,000 people, 1,000,000 tasks and 10,000,000 opinions (under 30 minutes).\n"
    "--provinces N puts N provinces under a national department (the admin's unit, N);\n"
    "--people, --tasks and --opinions grow those records to N in all, generated and added in\n"
    "bulk through the imports' own paths, with a progress bar.\n";

static const char *const city_names[] = { "江州", "安平", "临川", "青阳", "云溪", "长宁", "白石",
                                          "东岭", "南湖", "北山", "西河", "金沙", "玉泉", "凤台" };
static const char *const county_first[] = { "清", "安", "永", "宁", "丰", "平", "新", "福",
                                            "泰", "和", "兴", "昌", "德", "仁", "怀", "崇" };
static const char *const county_second[] = { "源", "溪", "山", "江", "阳", "川",
                                             "水", "林", "城", "河", "谷", "湖" };
static const char *const province_offices[] = {
    "办公室",   "干部一处",   "干部二处",   "干部三处",     "干部监督处", "组织一处",
    "组织二处", "人才工作处", "干部教育处", "公务员管理处", "研究室",     "信息管理处",
};
static const char *const city_offices[] = { "办公室",     "干部科", "组织科",
                                            "干部监督科", "人才科", "公务员科" };
static const char *const county_offices[] = { "办公室", "干部股", "组织股", "干部监督股" };
static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜",
    "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",
};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "红",
    "志", "海", "东", "宁", "晓", "春", "玉", "兰", "斌", "辉", "鹏", "波", "俊", "琳",
    "雪", "梅", "林", "峰", "慧", "颖", "博", "宇", "浩", "凯", "健", "婷", "倩", "欣",
};
static const char *const positions[] = { "科员",         "一级科员",     "四级主任科员",
                                         "三级主任科员", "二级主任科员", "一级主任科员",
                                         "四级调研员",   "副科长",       "科长",
                                         "副处长",       "处长" };

/* splitmix64: reproducible demo data from --seed. */
static uint64_t rng_state;
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}
static size_t pick(size_t n)
{
    return (size_t)(rng() % n);
}
#define PICK(a) (a)[pick(sizeof(a) / sizeof((a)[0]))]

/* What the records grow to at the end, in all (0: as the scale built them). */
struct demo_growth {
    long long people, tasks, opinions;
};

/* The national department over the provinces (--provinces, the nation scale). */
#define NATION_ROOT "N"

/* What a scale builds: the tree and what each mechanism's demo is asked for. */
struct demo_scale {
    const char *name;         /* --scale */
    int n_cities;             /* cities */
    int counties, spread;     /* counties of city c: counties + c % spread */
    int per_county, per_city; /* people of a county's or city's own department, on average */
    int per_office;           /* people of an office, at most about */
    int split_to;             /* counties of each city a key task is split to */
    int in_year;              /* 1: every record falls in this calendar year, figures exact */
    const char *from;         /* the first day of the records, set at run time */
    struct learning_demo_size learning;   /* classes, person-times, exam takers */
    struct opinion_demo_size opinion;     /* opinions, outreach, measures */
    struct chronicle_demo_size chronicle; /* commendations, media, meetings */
    long long essays, more_essays;        /* the speech's contest's essays, the others' */
    long long rules_new, rules_revised;   /* rule versions */
    long long cases, persons;             /* discipline cases and people handled */
    long long research;                   /* research reports */
    int provinces;                        /* 1, or the nation's provinces */
    int nation_counties;                  /* counties of another province's city c: this + c % 2 */
    struct demo_growth growth;            /* the records grown to at the end */
};

/* The speech's figures are ranges where it states "多" or "近": the speech scale draws each
 * from its range (rollup-summary-print.md §2.2: 2500多 is 2501-2589, 800多 801-808). */
struct range {
    long long lo, hi; /* both included */
};
static const struct range speech_person_times = { 54001, 54899 }, speech_takers = { 27001, 27899 },
                          speech_letters = { 220001, 228999 }, speech_forums = { 2701, 2789 },
                          speech_visits = { 36001, 36899 }, speech_opinions = { 149000, 149999 },
                          speech_city_up = { 2501, 2589 }, speech_province_up = { 801, 808 };

static const struct demo_scale scales[] = {
    { .name = "small",
      .n_cities = 3,
      .counties = 3,
      .spread = 1,
      .per_county = 60,
      .per_city = 150,
      .per_office = 6,
      .split_to = 2,
      .learning = { 60, 2100, 600, 5, NULL },
      .opinion = { 1000, 1300, 30, 200, 130, 114, NULL },
      .chronicle = { 20, { 48, 36, 24, 12 }, 60, NULL },
      .essays = 45,
      .rules_new = 40,
      .rules_revised = 12,
      .cases = 8,
      .persons = 8,
      .research = 40 },
    { .name = "province",
      .n_cities = 11,
      .counties = 14,
      .spread = 4,
      .per_county = 180,
      .per_city = 500,
      .per_office = 12,
      .split_to = 3,
      .learning = { 1425, 57000, 26500, 3, NULL },
      .opinion = { 152000, 210000, 2800, 37000, 6100, 5340, NULL },
      .chronicle = { 2000, { 10000, 7500, 5000, 2500 }, 8000, NULL },
      .essays = 45,
      .more_essays = 9955,
      .rules_new = 31000,
      .rules_revised = 9400,
      .cases = 500,
      .persons = 497,
      .research = 5000 },
    { .name = "speech",
      .n_cities = 14,
      .counties = 7,
      .spread = 3,
      .per_county = 240,
      .per_city = 650,
      .per_office = 12,
      .split_to = 3,
      .in_year = 1,
      .learning = { 1425, 0, 0, 3, NULL },
      .opinion = { 0, 0, 0, 0, 6078, 5347, NULL },
      .chronicle = { 0, { 3200, 0, 0, 0 }, 6000, NULL },
      .essays = 1960,
      .rules_new = 2904,
      .rules_revised = 4970,
      .cases = 19,
      .persons = 17,
      .research = 3000 },
};

struct demo {
    struct db *db;                       /* the new database */
    struct actor who;                    /* the command line */
    long long n_people;                  /* people added so far */
    long long target;                    /* people to add in all */
    int failed;                          /* a model call failed */
    struct opinion_demo_totals opinions; /* what the opinion demo made */
    const char *root;                    /* the tree's root unit: P, or NATION_ROOT */
};

static void add_unit(struct demo *d, const char *code, const char *name, const char *parent,
                     const char *kind)
{
    struct unit_input in = { code, name, parent, kind };
    struct err err = { 0 };
    long long id;
    if (!d->failed && unit_add(d->db, &d->who, &in, &id, &err) != RES_OK) {
        cli_fail(&err);
        d->failed = 1;
    }
}

static void add_people(struct demo *d, const char *unit, int n, int senior)
{
    for (int i = 0; i < n && !d->failed; i++) {
        char name[32];
        if (pick(3) == 0)
            snprintf(name, sizeof(name), "%s%s", PICK(surnames), PICK(given));
        else
            snprintf(name, sizeof(name), "%s%s%s", PICK(surnames), PICK(given), PICK(given));
        size_t top = sizeof(positions) / sizeof(positions[0]);
        const char *position = positions[senior ? pick(top) : pick(top - 3)];
        struct person_input in = { .unit_code = unit, .name = name, .position = position };
        struct err err = { 0 };
        long long id;
        if (person_add(d->db, &d->who, &in, &id, &err) != RES_OK) {
            cli_fail(&err);
            d->failed = 1;
        }
        if (++d->n_people % 500 == 0)
            cli_progress("people", d->n_people, d->target);
    }
}

/* Adds a person with an account; prints the login and password. */
static void add_login(struct demo *d, const char *login, const char *name, const char *unit,
                      const char *role)
{
    if (d->failed)
        return;
    char password[17], hash[crypto_pwhash_STRBYTES];
    token_random_n(password, sizeof(password));
    struct err err = { 0 };
    long long person_id, account_id;
    struct person_input pin = { .unit_code = unit, .name = name, .position = "工作人员" };
    if (password_hash(password, hash, &err) != RES_OK ||
        person_add(d->db, &d->who, &pin, &person_id, &err) != RES_OK) {
        cli_fail(&err);
        d->failed = 1;
        return;
    }
    struct account_input ain = { .login = login, .person_id = person_id, .role = role,
                                 .password_hash = hash };
    if (account_add(d->db, &d->who, &ain, &account_id, &err) != RES_OK) {
        cli_fail(&err);
        d->failed = 1;
        return;
    }
    printf("  %-10s %-16s %-11s %s\n", login, password, role, unit);
}

static const char *const key_tasks[] = {
    "研究制定党政领导干部引咎辞职办法,建立质询制、问责制",
    "改进后备干部培养锻炼方式方法,加强后备干部队伍建设",
    "研究制定特别优秀年轻干部破格提拔办法",
    "按照科学发展观和正确政绩观要求,完善干部考核评价标准和办法",
    "制定具体政策办法,加大对欠发达地区人才智力支持力度",
    "建立县、乡党委抓基层党建工作述职制度",
    "建立落实村干部工资待遇保障机制,推行银行工资卡制度",
    "研究制定公开选拔社区工作者暂行办法",
};
static const char *const routine_tasks[] = {
    "组织人事干部业务知识培训", "干部人事档案专项审核", "党费收缴、使用和管理情况检查",
    "组织工作信息报送",         "来信来访和举报件办理", "组织工作重点课题调研",
};
static const char *const progress_texts[] = {
    "已召开专题会议研究部署,制定了实施方案,明确了责任分工。",
    "已完成前期调研,形成初稿,正在征求有关方面意见。",
    "已下发通知,各单位正在组织落实,进展顺利。",
    "已完成主要工作,正在进行总结,准备报送验收材料。",
    "按照时间节点推进,阶段性任务已完成。",
};

static void check(struct demo *d, enum result r, const struct err *err)
{
    if (r != RES_OK && !d->failed) {
        cli_fail(err);
        d->failed = 1;
    }
}

static void nth_person(void *ctx, const struct person *p)
{
    *(long long *)ctx = p->id;
}

/* A department's leadership: its first person the head (部长), the next n_deputies deputies,
 * the first of them executive, sharing its n_offices offices (code "UNIT-NN") in turn. */
static void add_leaders(struct demo *d, const char *unit, size_t n_offices, int n_deputies)
{
    for (int i = 0; i <= n_deputies && !d->failed; i++) {
        long long person = 0, total;
        person_each(d->db, &d->who, unit, i, 1, &total, nth_person, &person, NULL);
        char codes[LEADER_OFFICES_MAX][24];
        const char *offices[LEADER_OFFICES_MAX];
        size_t n = 0;
        for (size_t o = 0; i > 0 && o < n_offices && n < LEADER_OFFICES_MAX; o++)
            if ((int)(o % (size_t)n_deputies) == i - 1) {
                snprintf(codes[n], sizeof(codes[n]), "%s-%02zu", unit, o + 1);
                offices[n] = codes[n];
                n++;
            }
        struct leader_input in = { .unit = unit,
                                   .person = person,
                                   .title = i == 0 ? "部长" : i == 1 ? "常务副部长" : "副部长",
                                   .offices = offices,
                                   .n_offices = n };
        long long id;
        struct err err = { 0 };
        check(d, leader_add(d->db, &d->who, &in, &id, &err), &err);
    }
}

/* Progress on a task as of today: some untouched, some reported, accepted or returned.
 * Returns 1 when it ends accepted. */
static int advance(struct demo *d, long long id, const char *deadline, const char *today)
{
    struct err err = { 0 };
    size_t fate = pick(10);
    int past = strcmp(deadline, today) < 0;
    if (fate == 0 || (past && fate < 3))
        return 0; /* nothing reported yet: red once past the deadline */
    check(d,
          task_report(d->db, &d->who, id, PICK(progress_texts), 20 + (long long)pick(60), 0, NULL,
                      0, &err),
          &err);
    if (fate < 5 || d->failed)
        return 0;
    check(d, task_report(d->db, &d->who, id, "任务已全部完成,请予验收。", 100, 1, NULL, 0, &err),
          &err);
    if (fate == 9 && !d->failed)
        check(d, task_return(d->db, &d->who, id, "材料不完整,请补充后重新报送。", &err), &err);
    else if (fate >= 6 && !d->failed)
        check(d, task_accept(d->db, &d->who, id, NULL, &err), &err);
    return fate >= 6 && fate < 9;
}

/* A numbered notice criticising the county that leads an overdue task: drafted by the
 * province's supervision staff and signed by its leader. */
static void criticise(struct demo *d, long long task, const char *county)
{
    struct unit p;
    struct err err = { 0 };
    check(d, unit_get(d->db, &d->who, "P", &p, &err), &err);
    if (d->failed)
        return;
    struct actor issuer = d->who; /* the command line at the department */
    issuer.unit_id = issuer.dept_id = p.id;
    snprintf(issuer.unit_path, sizeof(issuer.unit_path), "%s", p.path);
    issuer.role = ROLE_SUPERVISOR;
    const char *to[] = { county };
    struct notice_input in = { .kind = "criticism",
                               .title = "关于重点任务逾期未办结情况的通报",
                               .text = "该项任务已超过时限,现予通报批评,请抓紧办结并报送进展。",
                               .to = to,
                               .n_to = 1,
                               .task_id = task };
    long long id = 0, year, serial;
    check(d, notice_draft(d->db, &issuer, &in, &id, &err), &err);
    issuer.role = ROLE_LEADER;
    if (!d->failed)
        check(d, notice_sign(d->db, &issuer, id, &year, &serial, &err), &err);
}

/* A provincial work plan: key tasks split to cities and on to counties, routine tasks, with
 * progress and a few supervision notices, dated around today. */
static void add_tasks(struct demo *d, int n_cities, int split_to)
{
    char today[11], deadline[11];
    clock_today(today);
    long long year = strtol(today, NULL, 10), plan = 0;
    struct err err = { 0 };
    char title[64];
    snprintf(title, sizeof(title), "%lld年全省组织工作要点", year);
    check(d, plan_create(d->db, &d->who, "P", year, title, &plan, &err), &err);
    long long n_supervised = 0;
    for (size_t k = 0; k < sizeof(key_tasks) / sizeof(key_tasks[0]) && !d->failed; k++) {
        char office[16], assist_office[16];
        snprintf(office, sizeof(office), "P-%02zu", 2 + k % 10);
        snprintf(assist_office, sizeof(assist_office), "P-%02zu", 2 + (k + 3) % 10);
        date_add(today, -60 + 30 * (long)k, deadline);
        /* an office leads (承办) with another assisting (协办), under the leader in charge of
         * it, and splits the task to the cities, each under its own leader in charge */
        const char *assist[] = { assist_office };
        struct task_input in = { .title = key_tasks[k],
                                 .kind = "key",
                                 .lead_unit = office,
                                 .assist_units = assist,
                                 .n_assist = 1,
                                 .deadline = deadline,
                                 .plan = plan,
                                 .description = "按照省委部署,结合实际抓好落实。" };
        long long id;
        check(d, task_create(d->db, &d->who, &in, &id, &err), &err);
        for (int c = 0; c < n_cities && !d->failed; c++) {
            char city[16], city_title[256], county[40];
            snprintf(city, sizeof(city), "C%02d", c + 1);
            snprintf(city_title, sizeof(city_title), "%s(%s)", key_tasks[k], city_names[c]);
            char city_deadline[11];
            date_add(deadline, -10, city_deadline);
            struct task_input child = { .title = city_title,
                                        .lead_unit = city,
                                        .deadline = city_deadline };
            long long city_task;
            check(d, task_split(d->db, &d->who, id, &child, 1, &city_task, &err), &err);
            for (int q = 0; q < split_to && !d->failed; q++) {
                snprintf(county, sizeof(county), "%s-K%02d", city, q + 1);
                char county_deadline[11];
                date_add(city_deadline, -10 - (long)pick(20), county_deadline);
                struct task_input sub = { .title = key_tasks[k],
                                          .lead_unit = county,
                                          .deadline = county_deadline };
                long long county_task;
                check(d, task_split(d->db, &d->who, city_task, &sub, 1, &county_task, &err), &err);
                int done = !d->failed && advance(d, county_task, county_deadline, today);
                if (!d->failed && !done && strcmp(county_deadline, today) < 0 && pick(3) == 0) {
                    long long sup, notice_id;
                    struct actor supervisor = d->who; /* the command line as a supervisor */
                    supervisor.role = ROLE_SUPERVISOR;
                    if (n_supervised++ % 3)
                        check(d,
                              task_supervise(d->db, &supervisor, county_task, "urge",
                                             "该项任务已超过时限,请抓紧推进并于三日内报送进展。",
                                             &sup, &notice_id, &err),
                              &err);
                    else
                        criticise(d, county_task, county);
                }
            }
            if (!d->failed)
                advance(d, city_task, city_deadline, today);
        }
    }
    for (size_t k = 0; k < sizeof(routine_tasks) / sizeof(routine_tasks[0]) && !d->failed; k++) {
        char office[16];
        snprintf(office, sizeof(office), "P-%02zu", 1 + k);
        date_add(today, -45 + 45 * (long)k, deadline);
        struct task_input in = { .title = routine_tasks[k],
                                 .kind = "routine",
                                 .lead_unit = office,
                                 .deadline = deadline,
                                 .plan = plan };
        long long id;
        check(d, task_create(d->db, &d->who, &in, &id, &err), &err);
        if (!d->failed)
            advance(d, id, deadline, today);
    }
}

/* The province's satisfaction survey (组织工作满意度民意调查) of last year and of this year, on
 * the four items the departments survey, collected by the cities from paper forms and closed:
 * this year's compared with last year's; and this year's review of cadre selection, open. */
static void add_surveys(struct demo *d, int n_cities, const char *today)
{
    static const struct survey_item_input items[] = {
        { "overall", "组织工作总体满意度", 0, NULL, 0 },
        { "image", "组工干部形象", 0, NULL, 0 },
        { "selection", "干部选拔任用工作", 0, NULL, 0 },
        { "malpractice", "防止和纠正用人上不正之风", 0, NULL, 0 },
    };
    static const struct survey_kind_input kinds[] = { { "cadre", "干部" },
                                                      { "delegate", "党代表" },
                                                      { "public", "群众" } };
    static const char *const grades[] = { "very_satisfied", "satisfied", "basically_satisfied",
                                          "not_very_satisfied", "dissatisfied" };
    char codes[16][16];
    const char *collectors[16];
    int n = n_cities < 16 ? n_cities : 16;
    for (int c = 0; c < n; c++) {
        snprintf(codes[c], sizeof(codes[c]), "C%02d", c + 1);
        collectors[c] = codes[c];
    }
    long long year = strtol(today, NULL, 10), previous = 0;
    for (int y = 0; y < 2 && !d->failed; y++) {
        char title[96], from[11], to[11];
        snprintf(title, sizeof(title), "%lld年度组织工作满意度民意调查", year - 1 + y);
        snprintf(from, sizeof(from), "%lld-07-01", year - 1 + y);
        snprintf(to, sizeof(to), "%lld-07-31", year - 1 + y);
        const struct survey_input in = { .unit = "P", .title = title, .scale = "satisfaction5",
                                         .from = from, .to = to, .items = items, .n_items = 4,
                                         .kinds = kinds, .n_kinds = 3, .collectors = collectors,
                                         .n_collectors = (size_t)n, .previous = previous,
                                         .overall_item = "overall", .threshold = 80 };
        long long id = 0;
        struct err err = { 0 };
        check(d, survey_create(d->db, &d->who, &in, &id, &err), &err);
        if (!d->failed)
            check(d, survey_open(d->db, &d->who, id, &err), &err);
        for (int c = 0; c < n && !d->failed; c++)
            for (size_t k = 0; k < 3 && !d->failed; k++) {
                long long forms = 40 + (long long)pick(80);
                struct survey_mark marks[4 * 5];
                size_t m = 0;
                for (size_t i = 0; i < 4; i++) {
                    long long left = forms;
                    for (size_t g = 0; g < 5; g++) {
                        /* most very satisfied or satisfied, fewer down the scale */
                        long long share = g == 4 ? left : left * (long long)(45 + pick(20)) / 100;
                        marks[m++] = (struct survey_mark){ items[i].code, grades[g], share };
                        left -= share;
                    }
                }
                check(d,
                      survey_tally(d->db, &d->who, id, codes[c], kinds[k].code, forms, marks, m,
                                   &err),
                      &err);
            }
        if (!d->failed)
            check(d, survey_close(d->db, &d->who, id, &err), &err);
        previous = id;
    }
    /* the democratic review of cadre selection work, open for answers */
    static const struct survey_option_input problems[] = {
        { "seek", "跑官要官" }, { "canvass", "拉票贿选" }, { "sick", "带病提拔" }
    };
    static const struct survey_item_input review[] = {
        { "work", "对本单位选人用人工作的总体评价", 0, NULL, 0 },
        { "problems", "您认为选人用人工作中存在的问题", 1, problems, 3 },
    };
    char title[96], from[11], to[11];
    snprintf(title, sizeof(title), "%lld年度选人用人工作民主评议", year);
    snprintf(from, sizeof(from), "%lld-12-01", year);
    snprintf(to, sizeof(to), "%lld-12-31", year);
    const struct survey_input in = { .unit = "P", .title = title, .scale = "selection4",
                                     .from = from, .to = to, .items = review, .n_items = 2,
                                     .kinds = kinds, .n_kinds = 1, .collectors = collectors,
                                     .n_collectors = (size_t)n, .threshold = -1 };
    long long id = 0;
    struct err err = { 0 };
    if (!d->failed)
        check(d, survey_create(d->db, &d->who, &in, &id, &err), &err);
    if (!d->failed)
        check(d, survey_open(d->db, &d->who, id, &err), &err);
}

/* A leader's instruction on a report (领导批示), recorded at the province with a task issued
 * from it to one of its offices. */
static void add_instruction(struct demo *d, const char *today)
{
    long long head = 0, total, id = 0, task;
    person_each(d->db, &d->who, "P", 0, 1, &total, nth_person, &head, NULL);
    char day[11], deadline[11];
    date_add(today, -20, day);
    date_add(today, 40, deadline);
    struct instruction_input in = { .unit = "P",
                                    .leader = head,
                                    .day = day,
                                    .text = "报告反映的问题要高度重视,请干部处牵头研究改进措施,"
                                            "抓好落实。",
                                    .on = "关于基层干部教育培训情况的调研报告",
                                    .on_kind = "report" };
    struct err err = { 0 };
    check(d, instruction_create(d->db, &d->who, &in, &id, &err), &err);
    struct task_input t = { .title = "落实部领导批示,完善基层干部教育培训机制",
                            .kind = "key",
                            .lead_unit = "P-03",
                            .deadline = deadline };
    if (!d->failed)
        check(d, instruction_task(d->db, &d->who, id, &t, &task, &err), &err);
}

static long long in_range(struct range r)
{
    return r.lo + (long long)pick((size_t)(r.hi - r.lo + 1));
}

/* The speech's figures as counted from the records of the year (param ?1: "YYYY"), printed so
 * that a reader checks them without the roll-ups. NEEDSWORK: issue 17's indicator catalogue and
 * its recount (stats verify) belong in a model; once they exist, print these from it and drop
 * this SQL from the command layer. */
static const struct {
    const char *label; /* what the speech calls it */
    const char *sql;   /* its count */
} speech_figures[] = {
    { "培训班(期)", "SELECT count(*) FROM training_class WHERE substr(starts, 1, 4) = ?1" },
    { "培训干部(人次)", "SELECT count(*) FROM training_enrol e JOIN training_class c ON c.id ="
                        " e.class_id WHERE substr(c.starts, 1, 4) = ?1" },
    { "知识测试(名)", "SELECT count(*) FROM sitting WHERE attempt = 1 AND strftime('%Y',"
                      " started, 'unixepoch', '+8 hours') = ?1" },
    { "征文一等奖(篇)", "SELECT count(*) FROM essay WHERE tier = 'first' AND substr(awarded, 1, 4)"
                        " = ?1" },
    { "征文二等奖(篇)", "SELECT count(*) FROM essay WHERE tier = 'second' AND"
                        " substr(awarded, 1, 4) = ?1" },
    { "征文三等奖(篇)", "SELECT count(*) FROM essay WHERE tier = 'third' AND substr(awarded, 1, 4)"
                        " = ?1" },
    { "选登(篇)", "SELECT count(*) FROM essay WHERE substr(published_day, 1, 4) = ?1" },
    { "批示(篇)", "SELECT count(*) FROM essay WHERE substr(instructed_day, 1, 4) = ?1" },
    { "市级以上媒体(篇次)", "SELECT count(*) FROM media WHERE level IN ('city', 'province',"
                            " 'central') AND substr(day, 1, 4) = ?1" },
    { "省部级以上媒体(篇次)", "SELECT count(*) FROM media WHERE level IN ('province', 'central')"
                              " AND substr(day, 1, 4) = ?1" },
    { "征求意见函(份)", "SELECT coalesce(sum(count), 0) FROM outreach WHERE kind = 'letters' AND"
                        " substr(day, 1, 4) = ?1" },
    { "座谈会(次)", "SELECT coalesce(sum(count), 0) FROM outreach WHERE kind = 'forums' AND"
                    " substr(day, 1, 4) = ?1" },
    { "走访干部群众(人次)", "SELECT coalesce(sum(count), 0) FROM outreach WHERE kind = 'visits'"
                            " AND substr(day, 1, 4) = ?1" },
    { "意见和建议(条)", "SELECT count(*) FROM opinion WHERE substr(day, 1, 4) = ?1" },
    { "整改措施(项)", "SELECT count(*) FROM measure m JOIN problem p ON p.id = m.problem_id"
                      " WHERE substr(p.day, 1, 4) = ?1" },
    { "已落实(项)", "SELECT count(*) FROM measure m JOIN problem p ON p.id = m.problem_id WHERE"
                    " m.state IN ('implemented', 'verified') AND substr(p.day, 1, 4) = ?1" },
    { "处理违规违纪干部(人)", "SELECT count(DISTINCT person_id) FROM discipline WHERE"
                              " substr(day, 1, 4) = ?1" },
    { "新建规章制度(项)", "SELECT count(*) FROM rule_version WHERE action = 'new' AND"
                          " substr(effective, 1, 4) = ?1" },
    { "修订完善规章制度(项)", "SELECT count(*) FROM rule_version WHERE action = 'revised' AND"
                              " substr(effective, 1, 4) = ?1" },
    { "表彰优秀组工干部(名)", "SELECT count(*) FROM commendation_person p JOIN commendation c ON"
                              " c.id = p.commendation_id WHERE substr(c.day, 1, 4) = ?1" },
};

/* A province's departments, offices and people: the demo province P (no 0) with its cities
 * C01... and their counties C01-K01..., or, at the national scale, province no N (1 on) coded
 * P02... with cities P02-C01... and counties P02-C01-K01...; offices are their department's code
 * and -01, -02... */
static void add_province(struct demo *d, const struct demo_scale *sc, int no, const char *parent)
{
    char code[96], name[160], prov[16], city[40];
    if (no == 0)
        snprintf(prov, sizeof(prov), "P");
    else
        snprintf(prov, sizeof(prov), "P%02d", no + 1);
    char zh[STR_ZH_NUMBER_MAX];
    if (no == 0)
        snprintf(name, sizeof(name), "示范省委组织部");
    else
        snprintf(name, sizeof(name), "第%s示范省委组织部", str_zh_number(zh, no + 1));
    add_unit(d, prov, name, parent, "province");
    add_people(d, prov, 8, 1); /* the department's leadership */
    int per_office = sc->per_office;
    for (size_t i = 0; i < sizeof(province_offices) / sizeof(province_offices[0]); i++) {
        snprintf(code, sizeof(code), "%s-%02zu", prov, i + 1);
        add_unit(d, code, province_offices[i], prov, "office");
        add_people(d, code, per_office + (int)pick(8), 1);
    }
    int county_no = 0, n_cities = sc->n_cities - (no > 0 && no % 2);
    for (int c = 0; c < n_cities; c++) {
        const char *city_name = city_names[(c + 3 * no) % 14];
        if (no == 0)
            snprintf(city, sizeof(city), "C%02d", c + 1);
        else
            snprintf(city, sizeof(city), "%s-C%02d", prov, c + 1);
        snprintf(name, sizeof(name), "%s市委组织部", city_name);
        add_unit(d, city, name, prov, "city");
        add_people(d, city, sc->per_city / 2 + (int)pick((size_t)sc->per_city), 1);
        for (size_t o = 0; o < sizeof(city_offices) / sizeof(city_offices[0]); o++) {
            snprintf(code, sizeof(code), "%s-%02zu", city, o + 1);
            snprintf(name, sizeof(name), "%s市委组织部%s", city_name, city_offices[o]);
            add_unit(d, code, name, city, "office");
            add_people(d, code, per_office / 2 + (int)pick((size_t)per_office), 1);
        }
        int n_counties = no == 0 ? sc->counties + c % sc->spread : sc->nation_counties + c % 2;
        for (int k = 0; k < n_counties; k++) {
            char county[64], cname[64];
            snprintf(county, sizeof(county), "%s-K%02d", city, k + 1);
            int district = k < 2;
            snprintf(cname, sizeof(cname), "%s%s%s", county_first[(county_no * 7 + k) % 16],
                     county_second[(county_no * 5 + c + no) % 12], district ? "区" : "县");
            county_no++;
            snprintf(name, sizeof(name), "%s委组织部", cname);
            add_unit(d, county, name, city, "county");
            add_people(d, county, sc->per_county / 2 + (int)pick((size_t)sc->per_county), 0);
            for (size_t o = 0; o < sizeof(county_offices) / sizeof(county_offices[0]); o++) {
                snprintf(code, sizeof(code), "%s-%02zu", county, o + 1);
                snprintf(name, sizeof(name), "%s委组织部%s", cname, county_offices[o]);
                add_unit(d, code, name, county, "office");
                add_people(d, code, per_office / 4 + (int)pick((size_t)per_office / 2 + 1), 0);
            }
        }
    }
    add_leaders(d, prov, sizeof(province_offices) / sizeof(province_offices[0]), 5);
    for (int c = 0; c < n_cities && !d->failed; c++) {
        if (no == 0)
            snprintf(city, sizeof(city), "C%02d", c + 1);
        else
            snprintf(city, sizeof(city), "%s-C%02d", prov, c + 1);
        add_leaders(d, city, sizeof(city_offices) / sizeof(city_offices[0]), 3);
    }
}

/* The tree: the demo province, or at the national scale a national department (NATION_ROOT)
 * over it and the other provinces. */
static void add_tree(struct demo *d, const struct demo_scale *sc, int provinces)
{
    const char *parent = NULL;
    if (provinces > 1) {
        add_unit(d, NATION_ROOT, "示范中央组织部", NULL, "department");
        add_people(d, NATION_ROOT, 8, 1);
        parent = NATION_ROOT;
    }
    for (int no = 0; no < provinces && !d->failed; no++)
        add_province(d, sc, no, parent);
    cli_progress("people", d->target, d->target);
}

/* ---- growth: records added in bulk through the imports' own paths, up to a nation's size ---- */

static const char *const work_items[] = {
    "推进基层党组织标准化建设", "加强年轻干部培养选拔", "抓好干部教育培训",
    "做好人才引进服务",         "落实干部监督制度",     "推进公务员平时考核",
    "整顿软弱涣散基层党组织",   "加强党员发展管理",     "开展调查研究",
};
static const char *const opinion_topics[] = {
    "干部作风建设", "基层减负", "选人用人", "干部培训", "人才服务", "党员教育", "窗口服务",
};

/* The codes of every unit below the root (the records' units), *n of them. */
static char **unit_codes(struct demo *d, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d->db, "SELECT code FROM unit WHERE parent_id IS NOT NULL");
    char **codes = NULL;
    size_t cap = 0;
    *n = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        codes = vec_grow(codes, *n, &cap);
        codes[(*n)++] = xstrdup(db_col_text(st, 0));
    }
    db_done(st);
    if (!st || !*n) {
        fprintf(stderr, "error: no units to grow the records in\n");
        d->failed = 1;
    }
    return codes;
}

static void free_codes(char **codes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
}

/* A chunk's progress bar: rows done before it, the rows it holds, the rows to do in all. */
struct grow_bar {
    const char *label;
    long long before, rows, total;
};

static void grow_progress(void *ctx, size_t done, size_t total)
{
    const struct grow_bar *b = ctx;
    cli_progress(b->label, b->before + (long long)((double)b->rows * (double)done / (double)total),
                 b->total);
}

static void grow_problem(void *ctx, int line, const struct err *err)
{
    const struct grow_bar *b = ctx;
    cli_import_line((void *)b->label, line, err);
}

enum { GROW_CHUNK = 100000 }; /* rows a transaction */

/* The plan of the root's the grown tasks go into. */
static long long growth_plan(struct demo *d, const char *root)
{
    char today[11], title[64];
    clock_today(today);
    long long year = strtol(today, NULL, 10), plan = 0;
    snprintf(title, sizeof(title), "%lld年组织工作要点任务库", year);
    struct err err = { 0 };
    if (d->failed || db_tx_begin(d->db) != RES_OK) {
        d->failed = 1;
        return 0;
    }
    check(d, plan_create(d->db, &d->who, root, year, title, &plan, &err), &err);
    if (d->failed || db_tx_commit(d->db) != RES_OK) {
        if (d->db->tx_depth)
            db_tx_rollback(d->db);
        d->failed = 1;
    }
    return plan;
}

/* A kind of record grown through its import: generated rows, a chunk a transaction. */
struct grow_kind {
    const char *label;     /* on the progress bar: "tasks", "opinions" */
    const char *count_sql; /* how many there are */
    const char *header;    /* the import file's first line */
    long long chunk;       /* rows a transaction */
    int in_plan;           /* the rows go into a plan of the root's (tasks) */
    /* writes row no (from 1) for unit */
    void (*row)(struct buf *csv, long long no, const char *unit, const char *today);
    /* imports the rows in csv (into plan, for tasks) */
    enum result (*import)(struct demo *d, long long plan, const struct buf *csv,
                          const struct import_report *rep);
};

static void task_row(struct buf *csv, long long no, const char *unit, const char *today)
{
    char deadline[11];
    date_add(today, -180 + (long)pick(361), deadline);
    buf_addf(csv, "%s(%lld),%s,%s,,,%s,\n", PICK(work_items), no, pick(4) ? "routine" : "key",
             unit, deadline);
}

static enum result import_tasks(struct demo *d, long long plan, const struct buf *csv,
                                const struct import_report *rep)
{
    long long n;
    return task_import(d->db, &d->who, plan, csv->data, csv->len, &n, rep);
}

static void opinion_row(struct buf *csv, long long no, const char *unit, const char *today)
{
    (void)today;
    static const char *const channels[] = { "hotline", "box",  "notice",        "form", "forum",
                                            "visit",   "letter", "questionnaire", "web" };
    static const char *const areas[] = { "thinking", "work", "style", "ability", "life" };
    buf_addf(csv, "%s,关于%s的意见建议(%lld),%s,%s,\n", PICK(channels), PICK(opinion_topics), no,
             PICK(areas), unit);
}

static enum result import_opinions(struct demo *d, long long plan, const struct buf *csv,
                                   const struct import_report *rep)
{
    (void)plan;
    long long n;
    return opinion_import(d->db, &d->who, 0, csv->data, csv->len, &n, rep);
}

static const struct grow_kind grow_tasks = {
    "tasks", "SELECT count(*) FROM task",
    "title,kind,lead_unit,assist_units,leader,deadline,description\n", GROW_CHUNK, 1, task_row,
    import_tasks
};
static const struct grow_kind grow_opinions = { "opinions", "SELECT count(*) FROM opinion",
                                                "channel,content,area,target_unit,contact\n",
                                                2 * GROW_CHUNK, 0, opinion_row, import_opinions };

/* Grows the records of kind k to want in all, spread over the units below the root. */
static void grow_imported(struct demo *d, const struct grow_kind *k, const char *root,
                          long long want)
{
    long long have = db_count(d->db, k->count_sql, NULL, 0);
    if (d->failed || have >= want)
        return;
    long long plan = k->in_plan ? growth_plan(d, root) : 0;
    char today[11];
    clock_today(today);
    size_t n_units;
    char **units = unit_codes(d, &n_units);
    struct buf csv;
    buf_init(&csv, (size_t)1 << 30);
    struct grow_bar bar = { k->label, 0, 0, want - have };
    const struct import_report rep = { grow_problem, &bar, grow_progress };
    for (long long done = 0; done < want - have && !d->failed; done += bar.rows) {
        bar.before = done;
        bar.rows = want - have - done < k->chunk ? want - have - done : k->chunk;
        buf_reset(&csv);
        buf_adds(&csv, k->header);
        for (long long i = 0; i < bar.rows; i++)
            k->row(&csv, have + done + i + 1, units[pick(n_units)], today);
        if (csv.err || k->import(d, plan, &csv, &rep) != RES_OK) {
            fprintf(stderr, "error: the generated %s could not be imported\n", k->label);
            d->failed = 1;
        }
    }
    cli_progress(k->label, bar.total, bar.total);
    buf_release(&csv);
    free_codes(units, n_units);
}


/* Grows the people to want in all, spread over the units, a bulk transaction a chunk. */
static void grow_people(struct demo *d, long long want)
{
    long long have = db_count(d->db, "SELECT count(*) FROM person", NULL, 0);
    if (d->failed || have >= want)
        return;
    size_t n_units;
    char **units = unit_codes(d, &n_units);
    d->n_people = have;
    d->target = want;
    while (d->n_people < want && !d->failed) {
        if (db_tx_begin(d->db) != RES_OK) {
            d->failed = 1;
            break;
        }
        db_bulk_begin(d->db);
        for (long long i = 0; i < GROW_CHUNK && d->n_people < want && !d->failed; i++)
            add_people(d, units[pick(n_units)], 1, 0);
        if (db_bulk_end(d->db) != 0 || d->failed || db_tx_commit(d->db) != RES_OK) {
            if (d->db->tx_depth)
                db_tx_rollback(d->db);
            d->failed = 1;
        }
    }
    cli_progress("people", want, want);
    free_codes(units, n_units);
}

/* Each record kind grown in turn, after the demo's own records are committed. */
static void grow(struct demo *d, const char *root, const struct demo_growth *g)
{
    if (g->people)
        grow_people(d, g->people);
    if (g->tasks)
        grow_imported(d, &grow_tasks, root, g->tasks);
    if (g->opinions)
        grow_imported(d, &grow_opinions, root, g->opinions);
}

/* Each mechanism's demo in turn, a step of the progress bar each. */
static void add_records(struct demo *d, const struct demo_scale *sc, long long seed)
{
    enum { STEPS = 10 };
    int step = 0;
    const char *from = sc->from;
    cli_progress("records", step++, STEPS);
    add_tasks(d, sc->n_cities, sc->split_to);
    if (!d->failed) {
        char today[11];
        clock_today(today);
        add_instruction(d, today);
        add_surveys(d, sc->n_cities, today);
    }
    cli_progress("records", step++, STEPS);
    struct err err = { 0 };
    check(d,
          d->failed ? RES_OK : learning_demo(d->db, &d->who, (uint64_t)seed, &sc->learning, &err),
          &err);
    cli_progress("records", step++, STEPS);
    if (!d->failed)
        printf("demo logins (shown once; change them with 'taizhang user passwd'):\n"
               "  %-10s %-16s %-11s %s\n",
               "login", "password", "role", "unit");
    add_login(d, "admin", "系统管理员", d->root, "admin");
    add_login(d, "sup", "赵督查", "P", "supervisor");
    add_login(d, "city", "钱市管", "C01", "unit_admin");
    add_login(d, "county", "孙县员", "C01-K01", "staff");
    if (!d->failed &&
        opinion_demo(d->db, &d->who, &sc->opinion, rng, "C01-K01", &d->opinions) != RES_OK) {
        fprintf(stderr, "error: the opinion demo failed\n");
        d->failed = 1;
    }
    cli_progress("records", step++, STEPS);
    check(d, d->failed ? RES_OK : eval_demo(d->db, &d->who, &err), &err);
    check(d, d->failed ? RES_OK : activity_demo(d->db, &d->who, "P", from, rng, &err), &err);
    cli_progress("records", step++, STEPS);
    check(d, d->failed ? RES_OK : chronicle_demo(d->db, &d->who, "P", &sc->chronicle, rng, &err),
          &err);
    cli_progress("records", step++, STEPS);
    check(d,
          d->failed ? RES_OK
                    : rule_demo(d->db, &d->who, sc->rules_new, sc->rules_revised, from, rng, &err),
          &err);
    cli_progress("records", step++, STEPS);
    check(d,
          d->failed
              ? RES_OK
              : contest_demo(d->db, &d->who, "P", sc->essays, sc->more_essays, from, rng, &err),
          &err);
    cli_progress("records", step++, STEPS);
    check(d, d->failed ? RES_OK : research_demo(d->db, &d->who, "P", sc->research, from, rng, &err),
          &err);
    check(d,
          d->failed ? RES_OK
                    : discipline_demo(d->db, &d->who, "P", sc->cases, sc->persons, from, rng, &err),
          &err);
    cli_progress("records", step++, STEPS);
    /* the roll-ups recounted from the records, whichever of them went in by SQL */
    if (!d->failed && registry_tally_rebuild(d->db) != RES_OK) {
        fprintf(stderr, "error: the roll-ups could not be rebuilt\n");
        d->failed = 1;
    }
    cli_progress("records", STEPS, STEPS);
}

int demo_cmd(int argc, char **argv)
{
    const char *db_opt = NULL, *scale = "small", *seed_opt = NULL;
    const char *sizes[4] = { NULL, NULL, NULL, NULL }; /* provinces, people, tasks, opinions */
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },         { "scale", &scale, 0 },
                                    { "seed", &seed_opt, 0 },     { "provinces", &sizes[0], 0 },
                                    { "people", &sizes[1], 0 },   { "tasks", &sizes[2], 0 },
                                    { "opinions", &sizes[3], 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, demo_usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    /* the nation: the province scale's province and thirty more, its records grown */
    int nation = strcmp(scale, "nation") == 0;
    struct demo_scale sc = { 0 };
    for (size_t i = 0; i < sizeof(scales) / sizeof(scales[0]); i++)
        if (strcmp(nation ? "province" : scale, scales[i].name) == 0)
            sc = scales[i];
    if (nation) {
        sc.name = "nation";
        sc.provinces = 31;
        sc.nation_counties = 8;
        sc.growth = (struct demo_growth){ 3000000, 1000000, 10000000 };
    }
    if (!sc.name) {
        fprintf(stderr, "error: --scale must be small, province, speech or nation\n%s",
                demo_usage);
        return EXIT_USAGE;
    }
    long long seed = 1;
    if (seed_opt && str_to_ll(seed_opt, 0, INT64_MAX, &seed) != 0) {
        fprintf(stderr, "error: --seed must be a number\n%s", demo_usage);
        return EXIT_USAGE;
    }
    static const char *const size_names[] = { "provinces", "people", "tasks", "opinions" };
    long long size[4] = { sc.provinces ? sc.provinces : 1, sc.growth.people, sc.growth.tasks,
                          sc.growth.opinions };
    for (int i = 0; i < 4; i++)
        if (sizes[i] && str_to_ll(sizes[i], i == 0, i == 0 ? 99 : 100000000, &size[i]) != 0) {
            fprintf(stderr, "error: --%s must be a number from %d to %s\n%s", size_names[i],
                    i == 0, i == 0 ? "99" : "100000000", demo_usage);
            return EXIT_USAGE;
        }
    sc.provinces = (int)size[0];
    sc.growth = (struct demo_growth){ size[1], size[2], size[3] };
    if (!sc.nation_counties)
        sc.nation_counties = sc.counties;
    rng_state = (uint64_t)seed;
    const char *path = cli_db_path(db_opt);
    if (!path) {
        fprintf(stderr, "error: no database: give --db PATH or set TAIZHANG_DB\n%s", demo_usage);
        return EXIT_USAGE;
    }
    /* the period of the records: this calendar year to today, or the year before today */
    char today[11], from[11], year[5];
    clock_today(today);
    snprintf(year, sizeof(year), "%.4s", today);
    if (sc.in_year)
        snprintf(from, sizeof(from), "%s-01-01", year);
    else
        date_add(today, -364, from);
    sc.from = sc.learning.from = sc.opinion.from = sc.chronicle.from = from;
    if (sc.in_year) {
        sc.learning.person_times = in_range(speech_person_times);
        sc.learning.takers = in_range(speech_takers);
        sc.opinion.opinions = in_range(speech_opinions);
        sc.opinion.letters = in_range(speech_letters);
        sc.opinion.forums = in_range(speech_forums);
        sc.opinion.visits = in_range(speech_visits);
        /* 市级以上 and 省部级以上, of which about one in four central */
        long long province_up = in_range(speech_province_up);
        sc.chronicle.media[3] = province_up / 4 + (long long)pick(20);
        sc.chronicle.media[2] = province_up - sc.chronicle.media[3];
        sc.chronicle.media[1] = in_range(speech_city_up) - province_up;
    }
    struct buf msg;
    buf_init(&msg, 1024);
    struct demo d = { .db = db_open(path, DB_F_CREATE, &msg) };
    if (!d.db) {
        fprintf(stderr, "error: %s\n", buf_str(&msg));
        buf_release(&msg);
        return EXIT_FAIL;
    }
    buf_release(&msg);
    actor_system(&d.who);
    d.root = sc.provinces > 1 ? NATION_ROOT : "P";
    long long n_counties = 0;
    for (int c = 0; c < sc.n_cities; c++)
        n_counties += sc.counties + c % sc.spread;
    /* the people the tree gets, about (for the progress bar): the demo province's times the
     * provinces, another's counties in proportion */
    d.target = n_counties * (sc.per_county + 4 * sc.per_office / 2) +
               (long long)sc.n_cities * (sc.per_city + 6 * sc.per_office) + 12 * sc.per_office;
    d.target += (sc.provinces - 1) * d.target * (sc.nation_counties + 1) / (sc.counties + 1);
    db_tx_begin(d.db);
    add_tree(&d, &sc, sc.provinces);
    add_records(&d, &sc, seed);
    /* the demo's records in one transaction, then the growth a chunk at a time */
    if (!d.failed && db_tx_commit(d.db) == RES_OK)
        grow(&d, d.root, &sc.growth);
    else
        d.failed = 1;
    if (d.failed) {
        if (d.db->tx_depth)
            db_tx_rollback(d.db);
        db_close(d.db);
        static const char *const suffixes[] = { "", "-wal", "-shm" };
        for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
            char file[4096];
            snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
            remove(file);
        }
        fprintf(stderr, "error: demo not created\n");
        return EXIT_FAIL;
    }
    long long units = db_count(d.db, "SELECT count(*) FROM unit", NULL, 0);
    long long people = db_count(d.db, "SELECT count(*) FROM person", NULL, 0);
    long long tasks = db_count(d.db, "SELECT count(*) FROM task", NULL, 0);
    printf("created %s: %lld units, %lld people, %lld tasks (%s scale, seed %lld)\n", path, units,
           people, tasks, sc.name, seed);
    if (sc.growth.opinions)
        printf("  %lld opinions in all\n", db_count(d.db, "SELECT count(*) FROM opinion", NULL, 0));
    const struct opinion_demo_totals *ot = &d.opinions;
    printf(
        "  %lld opinions consolidated into %lld, %lld problems, %lld measures (%lld implemented)\n",
        ot->opinions, ot->consolidated, ot->problems, ot->measures, ot->implemented);
    if (sc.in_year) {
        printf("the speech's figures for %s, counted from the records:\n", year);
        for (size_t i = 0; i < sizeof(speech_figures) / sizeof(speech_figures[0]); i++)
            printf("  %8lld  %s\n", db_count(d.db, speech_figures[i].sql, year, -1),
                   speech_figures[i].label);
    }
    /* the planner's statistics: read whole, or sampled from a grown store's millions of rows */
    db_analyze(d.db, sc.growth.people || sc.growth.tasks || sc.growth.opinions
                         ? DB_ANALYZE_SAMPLED
                         : DB_ANALYZE_ALL);
    db_close(d.db);
    return EXIT_OK;
}
