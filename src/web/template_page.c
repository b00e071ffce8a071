/*
 * GET /templates/KIND/import.xlsx: the import templates (handler layer; web/template.h), one
 * per import of the pages and the command line, with an example row in the values offices
 * write.
 */
#include <string.h>

#include "chronicle/chronicle.h"
#include "contest/contest.h"
#include "discipline/discipline.h"
#include "learning/question.h"
#include "learning/training.h"
#include "http/param.h"
#include "opinion/opinion.h"
#include "person/person.h"
#include "research/research.h"
#include "rules/rule.h"
#include "task/task.h"
#include "unit/unit.h"
#include "web/template.h"
#include "web/web_pages.h"

/* The templates; chronicle's columns come from a function, so they are filled in on use. */
static const char *const unit_example[] = { "K9", "示例县委组织部", "C1", "县级" };
static const char *const person_example[] = { "",        "张三", "K1", "科员", "13800000000",
                                              "zs@example.org", "干部" };
static const char *const person_headers[] = { NULL, "姓名", NULL, NULL, NULL, NULL, NULL };
static const char *const task_example[] = { "建立干部选拔任用纪实制度", "重点工作", "K1", "K2", "",
                                            "2026-12-31", "按要求落实" };
static const char *const task_codes[] = { NULL, "key|routine", NULL, NULL, NULL, NULL, NULL };
static const char *const opinion_example[] = { "座谈会", "建议进一步规范干部选拔任用程序", "工作",
                                               "K1", "" };
static const char *const rule_example[] = { "P",          "干部选拔任用工作纪实办法", "干部选拔任用",
                                            "组通字〔2026〕1号", "2026-03-01", "是",
                                            "第一条 为规范干部选拔任用工作……" };
static const char *const research_example[] = { "P", "关于基层干部队伍建设的调研报告", "1",
                                                 "2026-05-10", "调研报告正文……", "" };
static const char *const contest_example[] = { "1", "K1", "我为组织工作献一策", "张三",
                                               "征文正文……" };
static const char *const discipline_example[] = { "K1", "1", "选人用人", "批评教育",
                                                  "2026-04-01", "简要情况……" };
static const char *const commendation_example[] = { "P", "全省组织系统先进集体", "省级",
                                                    "2026-07-01", "1", "表彰事由……" };
static const char *const media_example[] = { "P", "扎实推进干部队伍建设", "人民日报", "中央级",
                                             "专题报道", "2026-06-18", "https://example.org/a" };
static const char *const question_example[] = { "单选题", "党章党规", "1", "党的最高领导机关是",
                                                 "全国代表大会和中央委员会|中央政治局", "A",
                                                 "依据党章第十条" };
static const char *const question_codes[] = { "single|multiple|truefalse", NULL, NULL, NULL,
                                              NULL, NULL, NULL };
static const char *const question_headers[] = { "题型", "分类", NULL, "题干", NULL, NULL, NULL };
static const char *const roster_example[] = { "K1", "张三" };
static const char *const roster_headers[] = { NULL, "姓名" };
static const char *const meeting_example[] = { "P", "全省组织部长会议", "全省性/全市性会议",
                                               "2026-01-20", "120", "会议纪要……" };

void template_page(struct req *r)
{
    const struct import_template all[] = {
        { "units", &unit_import_columns, "单位", unit_example, NULL, NULL },
        { "people", &person_import_columns, "人员和账号", person_example, NULL, person_headers },
        { "tasks", &task_import_columns, "任务", task_example, task_codes, NULL },
        { "opinions", &opinion_import_columns, "意见建议", opinion_example, NULL, NULL },
        { "rules", &rule_import_columns, "制度", rule_example, NULL, NULL },
        { "research", &research_import_columns, "调研报告", research_example, NULL, NULL },
        { "contests", &contest_import_columns, "征文", contest_example, NULL, NULL },
        { "discipline", &discipline_import_columns, "违规违纪", discipline_example, NULL, NULL },
        { "commendations", chronicle_import_columns(CHRONICLE_COMMENDATION), "表彰",
          commendation_example, NULL, NULL },
        { "media", chronicle_import_columns(CHRONICLE_MEDIA), "宣传报道", media_example, NULL, NULL },
        { "meetings", chronicle_import_columns(CHRONICLE_MEETING), "会议", meeting_example,
          NULL, NULL },
        { "questions", &question_import_columns, "试题", question_example, question_codes,
          question_headers },
        { "roster", &training_roster_columns, "培训名单", roster_example, NULL, roster_headers },
    };
    const char *kind = r->args[0];
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (strcmp(all[i].kind, kind) != 0)
            continue;
        if (import_template(&all[i], &r->out) != 0) {
            struct err err = { 0 };
            err_set(&err, RES_FAIL, NULL, "err.internal");
            req_fail(r, RES_FAIL, &err);
            return;
        }
        r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        resp_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "attachment; filename=\"template-%s.xlsx\"", kind));
        return;
    }
    struct err err = { 0 };
    err_set(&err, RES_NOT_FOUND, "kind", "err.not_found");
    req_fail(r, RES_NOT_FOUND, &err);
}
