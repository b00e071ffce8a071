/*
 * The learning demo; see learning_demo.h. Mechanism layer: calls the question, exam and training
 * models and the account model as the command line would.
 */
#include "learning/learning_demo.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "core/clock.h"
#include "core/share.h"
#include "core/xalloc.h"
#include "learning/exam.h"
#include "learning/question.h"
#include "learning/training.h"
#include "person/person.h"
#include "unit/unit.h"

/* One fact of a study book: a question with its right answer and three wrong ones. */
struct fact {
    const char *category; /* chapter */
    int difficulty;       /* 1-3 */
    const char *stem;     /* the question */
    const char *right;    /* the right answer */
    const char *wrong[3]; /* wrong answers */
};

static const struct fact facts[] = {
    { "党章党规",
      1,
      "中国共产党的最高领导机关是",
      "党的全国代表大会和它所产生的中央委员会",
      { "中央政治局", "中央书记处", "中央军事委员会" } },
    { "党章党规", 1, "党的全国代表大会每几年举行一次", "五年", { "三年", "四年", "十年" } },
    { "党章党规",
      1,
      "党的根本组织原则是",
      "民主集中制",
      { "集体领导", "个人分工负责", "少数服从多数" } },
    { "党章党规",
      1,
      "党的根本宗旨是",
      "全心全意为人民服务",
      { "实事求是", "艰苦奋斗", "改革创新" } },
    { "党章党规", 1, "党的思想路线的核心是", "实事求是", { "解放思想", "与时俱进", "求真务实" } },
    { "党章党规", 2, "党的根本工作路线是", "群众路线", { "思想路线", "组织路线", "政治路线" } },
    { "党章党规",
      1,
      "年满多少岁的中国公民可以申请加入中国共产党",
      "十八岁",
      { "十六岁", "二十岁", "二十二岁" } },
    { "党章党规", 1, "预备党员的预备期为", "一年", { "半年", "两年", "三年" } },
    { "党章党规",
      2,
      "党员没有正当理由，连续多长时间不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认"
      "为是自行脱党",
      "六个月",
      { "三个月", "一年", "两个月" } },
    { "党章党规",
      2,
      "企业、农村、机关等基层单位，凡是有正式党员几人以上的，都应当成立党的基层组织",
      "三人",
      { "五人", "七人", "十人" } },
    { "党章党规", 2, "党的纪律处分有几种", "五种", { "三种", "四种", "六种" } },
    { "党章党规", 2, "留党察看最长不超过", "两年", { "一年", "三年", "半年" } },
    { "党章党规", 2, "党章规定党员必须履行的义务有几项", "八项", { "六项", "七项", "十项" } },
    { "党章党规", 3, "中央八项规定出台于", "2012年", { "2010年", "2014年", "2016年" } },
    { "党章党规",
      3,
      "批评和自我批评、约谈函询，让“红红脸、出出汗”成为常态，属于监督执纪“四种形态”中的",
      "第一种形态",
      { "第二种形态", "第三种形态", "第四种形态" } },
    { "党章党规",
      3,
      "党内监督的重点对象是",
      "党的领导机关和领导干部特别是主要领导干部",
      { "全体党员", "普通党员", "预备党员" } },
    { "党员教育管理", 1, "“三会一课”中的“一课”是指", "党课", { "团课", "业务课", "专题讲座" } },
    { "党员教育管理", 1, "党支部党员大会一般每季度召开", "一次", { "两次", "三次", "每月一次" } },
    { "党员教育管理", 1, "党小组会一般每月召开", "一次", { "两次", "每季度一次", "每半年一次" } },
    { "党员教育管理", 2, "党课一般每季度至少开展", "一次", { "两次", "三次", "每年一次" } },
    { "党员教育管理",
      2,
      "党支部组织生活会一般每年召开",
      "一次",
      { "两次", "每季度一次", "每半年一次" } },
    { "党员教育管理",
      2,
      "民主评议党员一般每年开展",
      "一次",
      { "两次", "每两年一次", "每季度一次" } },
    { "党员教育管理",
      2,
      "入党积极分子经过多长时间以上的培养教育和考察，可列为发展对象",
      "一年",
      { "半年", "两年", "三个月" } },
    { "党员教育管理",
      3,
      "发展对象应当进行集中培训，时间一般不少于",
      "三天（或不少于24个学时）",
      { "一天", "两天", "一周" } },
    { "党员教育管理",
      3,
      "发展党员工作全过程分为几个阶段",
      "五个阶段",
      { "三个阶段", "四个阶段", "六个阶段" } },
    { "党员教育管理",
      2,
      "每月工资收入（税后）在3000元以下（含3000元）的党员，交纳月工资收入的党费比例为",
      "0.5%",
      { "1%", "1.5%", "2%" } },
    { "党员教育管理",
      1,
      "预备党员必须面向党旗进行",
      "入党宣誓",
      { "转正答辩", "思想汇报", "组织谈话" } },
    { "基层党建", 1, "党支部党员人数一般不超过", "五十人", { "三十人", "一百人", "二十人" } },
    { "基层党建",
      2,
      "党的基层委员会、总支部委员会、支部委员会每届任期",
      "三年至五年",
      { "一年", "两年", "十年" } },
    { "基层党建",
      2,
      "正式党员不足三人的单位，可以",
      "与邻近单位的党员联合成立党支部",
      { "不成立党组织", "由上级直接管理党员", "暂停组织生活" } },
    { "基层党建",
      2,
      "党支部委员会由党员大会选举产生，支部书记、副书记一般由",
      "支部委员会会议选举产生",
      { "上级党组织直接任命", "党员大会举手推选", "单位行政负责人兼任" } },
    { "基层党建",
      3,
      "村党组织书记通过法定程序担任村民委员会主任，通常称为",
      "“一肩挑”",
      { "“两委分设”", "“双向进入”", "“交叉任职”" } },
    { "基层党建",
      2,
      "基层党组织书记抓基层党建工作，每年向上级党组织",
      "述职并接受评议考核",
      { "提交书面总结即可", "不需报告", "每三年报告一次" } },
    { "干部工作",
      1,
      "新时代好干部标准是信念坚定、为民服务、勤政务实、敢于担当和",
      "清正廉洁",
      { "能力突出", "业绩显著", "群众公认" } },
    { "干部工作",
      2,
      "提任县处级领导职务的，应当具有几年以上工龄",
      "五年",
      { "三年", "两年", "十年" } },
    { "干部工作",
      2,
      "提任县处级领导职务的，应当具有几年以上基层工作经历",
      "两年",
      { "一年", "三年", "五年" } },
    { "干部工作",
      1,
      "领导干部任职前公示期一般不少于",
      "五个工作日",
      { "三个工作日", "七个工作日", "十个工作日" } },
    { "干部工作",
      2,
      "提任非选举产生的部分领导职务，实行任职试用期制度，试用期为",
      "一年",
      { "半年", "两年", "三个月" } },
    { "干部工作", 2, "党政领导职务每个任期为", "五年", { "三年", "四年", "六年" } },
    { "干部工作",
      3,
      "地方县级以上党委和政府的领导成员，在同一职位上任职满多少年的必须交流",
      "十年",
      { "五年", "八年", "十五年" } },
    { "干部工作",
      2,
      "干部人事档案中的“三龄”是指",
      "年龄、工龄、党龄",
      { "年龄、学龄、军龄", "工龄、军龄、党龄", "年龄、工龄、教龄" } },
    { "干部工作",
      2,
      "领导干部应当于每年什么时间之前集中报告个人有关事项",
      "1月31日",
      { "3月31日", "6月30日", "12月31日" } },
    { "干部工作",
      3,
      "选拔任用领导干部，民主推荐包括",
      "会议推荐和个别谈话推荐",
      { "只有会议推荐", "只有个别谈话推荐", "上级提名" } },
    { "干部工作",
      3,
      "干部选拔任用工作中，对拟提拔人选应当进行",
      "考察和廉政意见回复",
      { "只作民主推荐", "只听取主要领导意见", "只看年度考核结果" } },
    { "公务员管理", 1, "新录用公务员的试用期为", "一年", { "半年", "两年", "三个月" } },
    { "公务员管理", 1, "公务员年度考核的结果分为几个等次", "四个", { "三个", "五个", "两个" } },
    { "公务员管理",
      2,
      "公务员辞去公职，任免机关应当自接到申请之日起多少日内予以审批",
      "三十日",
      { "十五日", "六十日", "九十日" } },
    { "公务员管理",
      2,
      "公务员在定期考核中被确定为不称职的，按照规定程序",
      "降低一个职务或者职级层次任职",
      { "予以辞退", "给予警告", "不作处理" } },
    { "公务员管理",
      3,
      "公务员连续两年年度考核被确定为不称职的",
      "予以辞退",
      { "降低两个职级", "调离原单位", "给予记过处分" } },
    { "公务员管理",
      2,
      "公务员培训实行登记管理，培训情况和学习成绩作为公务员",
      "考核的内容和任职、晋升的依据之一",
      { "奖金发放的唯一依据", "工资调整的唯一依据", "退休待遇的依据" } },
    { "组织工作",
      1,
      "组织工作的根本任务之一是建设一支",
      "忠诚干净担当的高素质干部队伍",
      { "年轻化的干部队伍", "专业化的技术队伍", "规模庞大的干部队伍" } },
    { "组织工作",
      1,
      "组工干部形象的要求是讲政治、重公道、业务精和",
      "作风好",
      { "能力强", "学历高", "资历深" } },
    { "组织工作",
      2,
      "人才工作坚持的根本原则是",
      "党管人才",
      { "市场配置", "单位自主", "政府主导" } },
    { "组织工作",
      2,
      "组织部门开展干部工作“一报告两评议”，其中“一报告”是指",
      "报告干部选拔任用工作情况",
      { "报告人才工作情况", "报告党建工作情况", "报告财务情况" } },
    { "组织工作",
      3,
      "领导干部不得在本人成长地担任县（市）党委和政府以及纪检机关、组织部门、人民法院、人民检察院、"
      "公安部门的",
      "正职领导成员",
      { "副职领导成员", "一般工作人员", "内设机构负责人" } },
    { "组织工作",
      2,
      "组织部门征求意见、整改落实的结果应当",
      "向群众反馈",
      { "内部掌握不公开", "只报上级", "存档备查即可" } },
};

/* Multiple-choice items: the right options first, then the wrong ones. */
struct multi {
    const char *category;   /* chapter */
    const char *stem;       /* the question */
    int n_right;            /* right options */
    const char *options[6]; /* right, then wrong; NULL ends */
};

static const struct multi multis[] = {
    { "党章党规",
      "党章规定的“四个服从”包括",
      4,
      { "个人服从组织", "少数服从多数", "下级组织服从上级组织",
        "全党各个组织和全体党员服从党的全国代表大会和中央委员会", "多数服从少数", NULL } },
    { "党章党规",
      "党的纪律包括",
      4,
      { "政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "财务纪律", NULL } },
    { "党章党规",
      "党的纪律处分种类有",
      3,
      { "警告", "留党察看", "开除党籍", "降级", "罚款", NULL } },
    { "党员教育管理",
      "“三会一课”中的“三会”是指",
      3,
      { "支部党员大会", "支部委员会", "党小组会", "职工代表大会", NULL } },
    { "党员教育管理",
      "民主评议党员的等次有",
      4,
      { "优秀", "合格", "基本合格", "不合格", "称职", NULL } },
    { "干部工作",
      "新时代好干部标准包括",
      3,
      { "信念坚定", "为民服务", "清正廉洁", "资历深厚", NULL } },
    { "干部工作",
      "干部人事档案“三龄两历一身份”中的“两历”是指",
      2,
      { "学历学位", "工作经历", "家庭经历", "获奖经历", NULL } },
    { "公务员管理",
      "公务员年度考核的等次有",
      4,
      { "优秀", "称职", "基本称职", "不称职", "良好", NULL } },
    { "组织工作", "征求意见的渠道可以有", 4, { "座谈会", "走访", "征求意见函", "意见箱", NULL } },
    { "基层党建",
      "党支部的基本任务包括",
      3,
      { "宣传和执行党的路线方针政策", "组织党员认真学习", "对党员进行教育管理监督",
        "决定本单位的人事任免", NULL } },
};

static const char *const categories[] = { "党章党规", "党员教育管理", "基层党建",
                                          "干部工作", "公务员管理",   "组织工作" };

enum { N_FACTS = sizeof(facts) / sizeof(facts[0]), N_MULTIS = sizeof(multis) / sizeof(multis[0]) };

/* The demo's own random numbers, from the seed (xorshift64*). */
struct rnd {
    uint64_t s; /* state, never 0 */
};

static uint64_t next(struct rnd *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ULL;
}

static long long below(struct rnd *r, long long n)
{
    return n > 0 ? (long long)(next(r) % (uint64_t)n) : 0;
}

static enum result add_q(struct db *db, const struct actor *who, struct question_input *in,
                         struct err *err)
{
    long long id;
    in->unit = "P";
    return question_add(db, who, in, &id, err);
}

/* Four questions from each fact (two single choice, a true and a false statement) and one from
 * each multiple-choice item. */
static enum result add_bank(struct db *db, const struct actor *who, struct rnd *rnd,
                            struct err *err)
{
    enum result r = RES_OK;
    char text[1024], expl[1024];
    for (int i = 0; i < N_FACTS && r == RES_OK; i++) {
        const struct fact *f = &facts[i];
        int at = (int)below(rnd, 4);
        struct question_input in = { .kind = "single",
                                     .category = f->category,
                                     .difficulty = f->difficulty,
                                     .text = f->stem,
                                     .n_options = 4,
                                     .n_answer = 1,
                                     .answer = { at } };
        for (int j = 0, w = 0; j < 4; j++)
            in.options[j] = j == at ? f->right : f->wrong[w++];
        snprintf(expl, sizeof(expl), "%s：%s。", f->stem, f->right);
        in.explanation = expl;
        r = add_q(db, who, &in, err);
        /* which statement is right: this fact against three others of the chapter */
        struct question_input pick = { .kind = "single",
                                       .category = f->category,
                                       .difficulty = f->difficulty < 3 ? f->difficulty + 1 : 3,
                                       .text = "下列说法正确的是",
                                       .n_options = 4,
                                       .n_answer = 1,
                                       .answer = { (int)below(rnd, 4) },
                                       .explanation = expl };
        char opt[4][512];
        for (int j = 0; j < 4; j++) {
            const struct fact *g = &facts[(i + j * 7) % N_FACTS];
            if (j == pick.answer[0])
                snprintf(opt[j], sizeof(opt[j]), "%s%s", f->stem, f->right);
            else
                snprintf(opt[j], sizeof(opt[j]), "%s%s", g->stem, g->wrong[j % 3]);
            pick.options[j] = opt[j];
        }
        if (r == RES_OK)
            r = add_q(db, who, &pick, err);
        for (int truth = 0; truth < 2 && r == RES_OK; truth++) {
            snprintf(text, sizeof(text), "%s%s。", f->stem, truth ? f->right : f->wrong[i % 3]);
            struct question_input tf = { .kind = "truefalse",
                                         .category = f->category,
                                         .difficulty = f->difficulty,
                                         .text = text,
                                         .options = { "对", "错" },
                                         .n_options = 2,
                                         .answer = { truth ? 0 : 1 },
                                         .n_answer = 1,
                                         .explanation = expl };
            r = add_q(db, who, &tf, err);
        }
    }
    for (int i = 0; i < N_MULTIS && r == RES_OK; i++) {
        const struct multi *m = &multis[i];
        struct question_input in = { .kind = "multiple",
                                     .category = m->category,
                                     .difficulty = 2,
                                     .text = m->stem,
                                     .explanation = "" };
        while (in.n_options < 6 && m->options[in.n_options]) {
            in.options[in.n_options] = m->options[in.n_options];
            if (in.n_options < m->n_right)
                in.answer[in.n_answer++] = in.n_options;
            in.n_options++;
        }
        r = add_q(db, who, &in, err);
    }
    return r;
}

/* One of the demo's people. */
struct folk_one {
    long long person; /* person id */
    const char *path; /* their unit's path (shared per unit) */
};

/* The demo's people in tree order, with the unit of each. */
struct folk {
    struct folk_one *people;   /* in unit path order */
    size_t n, cap;             /* used, allocated */
    char **units;              /* unit paths, to free */
    size_t n_units, cap_units; /* used, allocated */
    struct db *db;             /* to list people */
    const struct actor *who;   /* the command line */
};

static void on_person(void *ctx, const struct person *p)
{
    struct folk *f = ctx;
    f->people = vec_grow(f->people, f->n, &f->cap);
    f->people[f->n++] = (struct folk_one){ p->id, f->units[f->n_units - 1] };
}

static void on_unit(void *ctx, const struct unit *u)
{
    struct folk *f = ctx;
    f->units = vec_grow(f->units, f->n_units, &f->cap_units);
    f->units[f->n_units++] = xstrdup(u->path);
    long long total;
    person_each(f->db, f->who, u->code, 0, 1LL << 40, &total, on_person, f, NULL);
}

static void folk_free(struct folk *f)
{
    for (size_t i = 0; i < f->n_units; i++)
        free(f->units[i]);
    free(f->units);
    free(f->people);
}

/* The first person whose unit path is not below path (folk is in path order). */
static size_t lower(const struct folk *f, const char *path)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(f->people[mid].path, path) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* What the demo examinee sees, to answer like a person would. */
struct sitter {
    struct rnd *rnd;                    /* randomness */
    double ability;                     /* chance of a right answer on a medium question */
    int n;                              /* questions */
    long long qid[EXAM_QUESTIONS_MAX];  /* ids */
    unsigned right[EXAM_QUESTIONS_MAX]; /* right options, shown positions */
    int n_options[EXAM_QUESTIONS_MAX];  /* options */
};

static void on_paper(void *ctx, const struct paper *p)
{
    struct sitter *s = ctx;
    s->n = p->n_items;
    for (int i = 0; i < p->n_items; i++) {
        s->qid[i] = p->items[i].question_id;
        s->right[i] = p->items[i].right;
        s->n_options[i] = p->items[i].n_options;
    }
}

/* One examinee sits the exam from start to (usually) hand-in. */
static enum result sit(struct db *db, const struct actor *me, long long exam, time_t start,
                       time_t closes, struct sitter *s, struct err *err)
{
    struct exam_draw *d = xcalloc(1, sizeof(*d));
    d->who = me;
    d->exam_id = exam;
    d->now = start;
    d->seed = next(s->rnd) | 1; /* the same --seed, the same papers */
    enum result r = exam_draw(db, d);
    if (r == RES_OK)
        r = exam_start_job(db, d);
    if (r != RES_OK)
        *err = d->err;
    free(d);
    if (r == RES_OK)
        r = exam_paper(db, me, exam, closes, on_paper, s);
    time_t t = start;
    for (int i = 0; i < s->n && r == RES_OK; i++) {
        t += 20 + below(s->rnd, 60);
        struct exam_answer a = { .who = me, .exam_id = exam, .question_id = s->qid[i], .now = t };
        if (below(s->rnd, 1000) < (long long)(s->ability * 1000)) {
            for (int j = 0; j < s->n_options[i]; j++)
                if (s->right[i] & (1u << j))
                    a.choice[a.n_choice++] = j;
        } else {
            int j = (int)below(s->rnd, s->n_options[i]);
            if (s->right[i] & (1u << j))
                j = (j + 1) % s->n_options[i];
            a.choice[a.n_choice++] = j;
        }
        r = exam_answer_check(db, &a);
        if (r == RES_OK)
            r = exam_answer_job(db, &a);
        if (r != RES_OK)
            *err = a.err;
    }
    if (r == RES_OK && below(s->rnd, 100) < 95) {
        struct exam_submit sub = { .who = me, .exam_id = exam, .now = t + 30 };
        r = exam_submit_job(db, &sub);
        if (r != RES_OK)
            *err = sub.err;
    }
    return r;
}

static enum result make_exam(struct db *db, const struct actor *who, const char *title,
                             const char *opens, const char *closes, long long minutes,
                             long long per_category, long long sittings, long long *id,
                             struct err *err)
{
    struct exam_rule rules[sizeof(categories) / sizeof(categories[0])];
    for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
        rules[i] = (struct exam_rule){ categories[i], 0, per_category };
    struct exam_input in = { .unit = "P",
                             .title = title,
                             .examinee_unit = "P",
                             .rules = rules,
                             .n_rules = sizeof(rules) / sizeof(rules[0]),
                             .minutes = minutes,
                             .opens = opens,
                             .closes = closes,
                             .pass_score = 60,
                             .sittings = sittings };
    return exam_create(db, who, &in, id, err);
}

/* Moves day (YYYY-MM-DD) up to from when it is earlier. */
static void not_before(char day[11], const char *from)
{
    if (strcmp(day, from) < 0)
        snprintf(day, 11, "%s", from);
}

/* The province-wide test sat by exactly size->takers of the people, each with a cadre account,
 * and a share of the others with an account too; then a practice test open now. */
static enum result add_exams(struct db *db, const struct actor *who, struct rnd *rnd,
                             const struct folk *f, const struct learning_demo_size *size,
                             struct err *err)
{
    if (size->takers > (long long)f->n)
        return err_set(err, RES_INVALID, "takers", "err.range");
    char today[11], day[11], opens[20], closes[20];
    clock_today(today);
    date_add(today, -40, day);
    not_before(day, size->from);
    snprintf(opens, sizeof(opens), "%sT09:00:00", day);
    snprintf(closes, sizeof(closes), "%sT11:00:00", day);
    long long exam;
    /* a short paper at the larger scales keeps the demo quick with 27,000 examinees */
    enum result r = make_exam(db, who, "全省组工干部应知应会知识测试", opens, closes, 60,
                              size->per_category, 1, &exam, err);
    time_t t_open, t_close;
    clock_parse_local(opens, &t_open);
    clock_parse_local(closes, &t_close);
    /* one hash for every examinee account: Argon2 27,000 times would take the demo's minutes */
    char password[24], hash[crypto_pwhash_STRBYTES];
    token_random_n(password, sizeof(password)); /* nobody knows it: reset to log in */
    if (r == RES_OK)
        r = password_hash(password, hash, err);
    struct sitter *s = xcalloc(1, sizeof(*s));
    s->rnd = rnd;
    long long takers_left = size->takers;
    for (size_t i = 0; i < f->n && r == RES_OK; i++) {
        int sits = share_pick(next(rnd), takers_left, (long long)(f->n - i));
        if (!sits && below(rnd, 3) != 0)
            continue; /* one in three of the others has an account without sitting */
        char login[32];
        snprintf(login, sizeof(login), "gb%07lld", f->people[i].person);
        struct account_input ain = { .login = login, .person_id = f->people[i].person,
                                     .role = "cadre", .password_hash = hash };
        long long account;
        r = account_add(db, who, &ain, &account, err);
        if (r != RES_OK || !sits)
            continue;
        takers_left--;
        struct actor me;
        if ((r = account_actor(db, account, &me)) != RES_OK)
            break;
        s->ability = 0.45 + (double)below(rnd, 500) / 1000.0;
        time_t start = t_open + (below(rnd, 3) ? below(rnd, 1800) : below(rnd, 3600));
        r = sit(db, &me, exam, start, t_close, s, err);
    }
    free(s);
    struct exam_expire x = { .exam_id = exam, .now = t_close };
    if (r == RES_OK)
        r = exam_expire_job(db, &x);
    date_add(today, -1, day);
    not_before(day, size->from);
    snprintf(opens, sizeof(opens), "%sT08:00:00", day);
    date_add(today, 30, day);
    snprintf(closes, sizeof(closes), "%sT22:00:00", day);
    if (r == RES_OK)
        r = make_exam(db, who, "党章党规学习自测（练习）", opens, closes, 20, 2, 3, &exam, err);
    return r;
}

static const char *const class_titles[] = {
    "新任职干部培训班",       "组工干部业务培训班", "基层党组织书记示范培训班",
    "发展党员工作专题培训班", "干部监督工作培训班", "人才工作专题研修班",
    "党员教育骨干培训班",     "公务员初任培训班",   "村（社区）党组织书记轮训班",
    "年轻干部综合能力提升班",
};
static const char *const places[] = { "省委党校", "市委党校",     "县委党校",
                                      "干部学院", "党员教育基地", "线上直播" };

/* One class as planned before its people are enrolled. */
struct class_plan {
    long long unit_id;  /* the organiser */
    size_t lo, hi;      /* the people of its subtree, in folk */
    long long capacity; /* places */
    long long days;     /* days, one session each */
    long long want;     /* people to enrol */
    char starts[11];    /* first day */
};

/* Enrols want distinct people of the class's pool (the organiser's subtree), taking attendance
 * when asked. */
static enum result enrol(struct db *db, const struct actor *who, struct rnd *rnd,
                         const struct folk *f, long long id, const struct class_plan *c,
                         int attendance, struct err *err)
{
    enum result r = RES_OK;
    long long n = 0, tries = 0, pool = (long long)(c->hi - c->lo);
    while (n < c->want && r == RES_OK) {
        if (++tries > 50 * c->want + 1000)
            return err_set(err, RES_FAIL, "class", "err.range");
        long long person = f->people[c->lo + (size_t)below(rnd, pool)].person;
        struct err e2 = { 0 };
        enum result er = training_enrol(db, who, id, person, &e2);
        if (er == RES_CONFLICT)
            continue; /* picked twice */
        if ((r = er) != RES_OK) {
            *err = e2;
            break;
        }
        n++;
        for (long long s = 1; s <= c->days && r == RES_OK && attendance; s++)
            if (below(rnd, 100) < 92)
                r = training_attend(db, who, id, person, s, 1, err);
    }
    return r;
}

/* The year's training classes, organised at every level, exactly size->classes of them with
 * size->person_times enrolments in all, and attendance taken in one class of three. */
static enum result add_training(struct db *db, const struct actor *who, struct rnd *rnd,
                                const struct folk *f, const struct learning_demo_size *size,
                                struct err *err)
{
    char today[11];
    clock_today(today);
    size_t n_classes = (size_t)size->classes;
    struct class_plan *plan = xcalloc(n_classes + 1, sizeof(*plan));
    long long *weight = xcalloc(n_classes + 1, sizeof(*weight));
    long long *part = xcalloc(n_classes + 1, sizeof(*part));
    long long room = 0;
    for (size_t c = 0; c < n_classes; c++) {
        /* an organiser: a unit with people below it, the province, a city or a county */
        const char *path = f->people[below(rnd, (long long)f->n)].path;
        int level = (int)below(rnd, 10);
        char organiser[UNIT_PATH_MAX], end[UNIT_PATH_MAX];
        long long ids[UNIT_PATH_MAX / 2];
        int depth = path_ids(path, ids, UNIT_PATH_MAX / 2);
        int keep = level < 2 ? 1 : level < 5 ? 2 : 3;
        if (keep > depth)
            keep = depth;
        snprintf(organiser, sizeof(organiser), "%.*s", 9 * keep + 1, path);
        path_end(end, organiser);
        struct class_plan *p = &plan[c];
        p->unit_id = ids[keep - 1];
        p->lo = lower(f, organiser);
        p->hi = lower(f, end);
        p->days = 1 + below(rnd, 4);
        p->capacity = 30 + below(rnd, 50);
        /* a class ends by today when the year allows */
        char last[11];
        date_add(today, -(long)(p->days - 1), last);
        not_before(last, size->from);
        share_day(next(rnd), size->from, last, p->starts);
        long long pool = (long long)(p->hi - p->lo);
        weight[c] = p->capacity * (60 + below(rnd, 40)) / 100;
        if (weight[c] > pool)
            weight[c] = pool;
        room += pool;
    }
    if (size->person_times > room) {
        free(plan), free(weight), free(part);
        return err_set(err, RES_INVALID, "person_times", "err.range");
    }
    /* the enrolments in proportion to each class's pull; a class whose pool is smaller than its
     * share passes the rest to the next ones with room */
    share_split(size->person_times, weight, n_classes, part);
    long long over = 0;
    for (size_t k = 0; k < 2 * n_classes; k++) {
        size_t c = k % n_classes;
        long long pool = (long long)(plan[c].hi - plan[c].lo);
        if (part[c] > pool) {
            over += part[c] - pool;
            part[c] = pool;
        } else if (over > 0 && k >= n_classes) {
            long long add = pool - part[c] < over ? pool - part[c] : over;
            part[c] += add;
            over -= add;
        }
    }
    enum result r = RES_OK;
    for (size_t c = 0; c < n_classes && r == RES_OK; c++) {
        struct class_plan *p = &plan[c];
        p->want = part[c];
        if (p->capacity < p->want)
            p->capacity = p->want;
        struct unit u;
        if (unit_get_id(db, who, p->unit_id, &u) != RES_OK) {
            r = db_fail(db, err);
            break;
        }
        char ends[11];
        date_add(p->starts, (long)p->days - 1, ends);
        char title[256];
        snprintf(title, sizeof(title), "%s（第%zu期）",
                 class_titles[below(rnd, sizeof(class_titles) / sizeof(class_titles[0]))], c + 1);
        struct training_input in = { .unit = u.code,
                                     .title = title,
                                     .starts = p->starts,
                                     .ends = ends,
                                     .place =
                                         places[below(rnd, sizeof(places) / sizeof(places[0]))],
                                     .capacity = p->capacity,
                                     .sessions = p->days };
        long long id;
        r = training_create(db, who, &in, &id, err);
        if (r == RES_OK)
            r = enrol(db, who, rnd, f, id, p, c % 3 == 0, err);
    }
    free(plan);
    free(weight);
    free(part);
    return r;
}

enum result learning_demo(struct db *db, const struct actor *who, uint64_t seed,
                          const struct learning_demo_size *size, struct err *err)
{
    struct rnd rnd = { seed * 2654435761ULL + 0x9E3779B97F4A7C15ULL };
    struct folk f = { .db = db, .who = who };
    /* the demo province's people (at the national scale, one province among many) */
    struct unit province;
    enum result r = add_bank(db, who, &rnd, err);
    if (r == RES_OK)
        r = unit_get(db, who, "P", &province, err);
    if (r == RES_OK)
        r = unit_each(db, who, &province, -1, on_unit, &f);
    if (r == RES_OK && f.n == 0)
        r = err_set(err, RES_INVALID, "unit", "err.not_found");
    if (r == RES_OK)
        r = add_exams(db, who, &rnd, &f, size, err);
    if (r == RES_OK)
        r = add_training(db, who, &rnd, &f, size, err);
    folk_free(&f);
    return r;
}
