/*
 * The drafted summary: a table of sentence parts in report order, each naming its indicator,
 * the words around the figure and whether reports round it.
 */
#include "report/summary.h"

#include <stdio.h>
#include <string.h>

#include "core/phrase.h"
#include "report/indicator.h"

struct part {
    const char *code;   /* the indicator */
    const char *before; /* Chinese words before the figure */
    const char *after;  /* and after it */
    const char *en;     /* English: "%s" (once) stands for the figure with its unit noun */
    int exact;          /* reports state it exactly (1425期, 6078项) */
};

/* Groups are separated by NULL rows; the parts of a group are joined with "，". */
static const struct part parts[] = {
    { "campaign.activities", "开展主题活动", "", "held %s of theme activities", 1 },
    { "campaign.participants", "参加活动干部", "", "%s took part", 0 },
    { NULL, NULL, NULL, NULL, 0 },
    { "training.classes", "举办培训班", "", "held %s", 1 },
    { "training.person_times", "培训干部", "", "trained %s", 0 },
    { "exam.takers", "组织", "干部参加知识测试", "had %s sit the knowledge test", 0 },
    { NULL, NULL, NULL, NULL, 0 },
    { "essay.submitted", "报送征文稿件", "", "sent up %s", 0 },
    { "essay.published", "被专刊选登", "", "%s published", 1 },
    { "essay.instructed", "有", "被领导同志批示", "%s drew a leader's instruction", 1 },
    { "essay.first", "评出一等奖", "", "awarded %s first prizes", 1 },
    { "essay.second", "二等奖", "", "%s second prizes", 1 },
    { "essay.third", "三等奖", "", "%s third prizes", 1 },
    { NULL, NULL, NULL, NULL, 0 },
    { "media.city_or_above", "在市级以上媒体刊播宣传报道", "", "placed %s in city or higher media", 0 },
    { "media.province_or_above", "其中在省部级以上媒体刊播", "", "of them %s in provincial or national media", 0 },
    { NULL, NULL, NULL, NULL, 0 },
    { "outreach.letters", "发出征求意见函", "", "sent %s soliciting opinions", 0 },
    { "outreach.forums", "召开座谈会", "", "held %s of forums", 0 },
    { "outreach.visits", "走访干部群众", "", "visited %s of cadres and people", 0 },
    { "opinion.collected", "共征求到各类意见和建议", "", "collected %s of opinions and suggestions", 0 },
    { NULL, NULL, NULL, NULL, 0 },
    { "problem.made", "查找出问题", "", "found %s", 0 },
    { "problem.solved", "已解决", "", "solved %s", 1 },
    { "measure.made", "制定整改措施", "", "made %s of rectification", 1 },
    { "measure.implemented", "已落实", "", "%s already implemented", 1 },
    { NULL, NULL, NULL, NULL, 0 },
    { "discipline.persons", "处理违规违纪组织人事干部", "", "disciplined %s of its own cadres", 1 },
    { NULL, NULL, NULL, NULL, 0 },
    { "rule.new", "新建规章制度", "", "made %s", 1 },
    { "rule.revised", "修订完善规章制度", "", "revised %s", 1 },
    { NULL, NULL, NULL, NULL, 0 },
    { "commendation.persons", "表彰优秀干部", "", "commended %s", 1 },
};

/* "2026年1月1日" from "2026-01-01". */
static void day_zh(struct buf *out, const char *day)
{
    int y, m, d;
    if (day && sscanf(day, "%4d-%2d-%2d", &y, &m, &d) == 3)
        buf_addf(out, "%d年%d月%d日", y, m, d);
}

void summary_write(struct buf *out, int en, const char *unit_name, const char *from,
                   const char *to, const long long *v,
                   void (*fn)(void *ctx, const char *code, long long value, const char *phrase),
                   void *ctx)
{
    struct buf fig, group;
    buf_init(&fig, 256);
    buf_init(&group, 4096);
    if (en) {
        buf_addf(out, "From %s to %s, %s", from, to, unit_name);
    } else {
        day_zh(out, from);
        buf_adds(out, "至");
        day_zh(out, to);
        buf_addf(out, "，%s", unit_name);
    }
    int groups = 0, in_group = 0;
    size_t n_parts = sizeof(parts) / sizeof(parts[0]);
    for (size_t i = 0; i <= n_parts; i++) {
        if (i == n_parts || !parts[i].code) { /* a group ends */
            if (in_group) {
                buf_adds(out, en ? (groups ? "; " : " ") : (groups ? "；" : ""));
                buf_add(out, group.data, group.len);
                groups++;
            }
            buf_reset(&group);
            in_group = 0;
            continue;
        }
        int at = indicator_index(parts[i].code);
        if (at < 0 || v[at] <= 0)
            continue;
        const struct indicator *ind = &indicators[at];
        buf_reset(&fig);
        if (en) {
            char num[64];
            snprintf(num, sizeof(num), "%lld %s", v[at], ind->word_en);
            const char *hole = strstr(parts[i].en, "%s");
            buf_adds(&group, in_group ? ", " : "");
            buf_add(&group, parts[i].en, (size_t)(hole - parts[i].en));
            buf_addf(&group, "%s%s", num, hole + 2);
            buf_adds(&fig, num);
        } else {
            phrase_count(&fig, v[at], ind->word, parts[i].exact ? PHRASE_EXACT : PHRASE_APPROX);
            buf_adds(&group, in_group ? "，" : "");
            buf_addf(&group, "%s%s%s", parts[i].before, buf_str(&fig), parts[i].after);
        }
        in_group = 1;
        if (fn)
            fn(ctx, ind->code, v[at], buf_str(&fig));
    }
    if (!groups)
        buf_adds(out, en ? " has no figures recorded for the period." : "在此期间暂无统计数据。");
    else
        buf_adds(out, en ? "." : "。");
    buf_release(&fig);
    buf_release(&group);
}
