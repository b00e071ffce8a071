/* THE route table: every URL the server answers, its handler, the role permission it needs
 * and its flags. Sorted by path. Top layer: includes the handlers of every mechanism. */
#include "routes.h"

#include "http/route.h"
#include "learning/learning_web.h"
#include "opinion/opinion_web.h"
#include "person/person_web.h"
#include "task/task_web.h"
#include "task/task_web.h"
#include "unit/unit_web.h"
#include "web/layout.h"
#include "web/web_pages.h"

static const struct route routes[] = {
    { M_GET, "/", home_page, PERM_READ, 0 },
    { M_GET, "/accounts", account_list_page, PERM_ACCOUNT_WRITE, 0 },
    { M_GET, "/attachments/{}", task_attachment_page, PERM_READ, 0 },
    { M_GET, "/api/v1/exams", exam_list_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/exams", exam_create_api, PERM_RECORD_WRITE, RF_API },
    { M_GET, "/api/v1/exams/{}", exam_show_api, PERM_READ, RF_API },
    { M_PUT, "/api/v1/exams/{}/answers/{}", exam_answer_api, PERM_READ, RF_API },
    { M_GET, "/api/v1/exams/{}/items", exam_items_api, PERM_RECORD_WRITE, RF_API },
    { M_GET, "/api/v1/exams/{}/paper", exam_paper_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/exams/{}/start", exam_start_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/exams/{}/submit", exam_submit_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/measures", measure_create_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/measures/{}/implemented", measure_implemented_api, PERM_RECORD_WRITE,
      RF_API },
    { M_POST, "/api/v1/measures/{}/verify", measure_verify_api, PERM_RECORD_WRITE, RF_API },
    { M_GET, "/api/v1/opinions", opinion_list_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/opinions", opinion_create_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/opinions/{}/merge", opinion_merge_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/opinions/{}/reply", opinion_reply_api, PERM_RECORD_WRITE, RF_API },
    { M_GET, "/api/v1/persons", person_list_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/persons", person_create_api, PERM_PERSON_WRITE, RF_API },
    { M_POST, "/api/v1/problems", problem_create_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/public/opinions", opinion_public_submit_api, 0, RF_API | RF_PUBLIC },
    { M_GET, "/api/v1/public/opinions/{}", opinion_public_track_api, 0, RF_API | RF_PUBLIC },
    { M_POST, "/api/v1/public/opinions/{}/rating", opinion_public_rate_api, 0, RF_API | RF_PUBLIC },
    { M_GET, "/api/v1/questions", question_list_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/questions", question_create_api, PERM_RECORD_WRITE, RF_API },
    { M_GET, "/api/v1/search", search_api, PERM_READ, RF_API },
    { M_GET, "/api/v1/stats/exams/{}", exam_stats_api, PERM_READ, RF_API },
    { M_GET, "/api/v1/stats/rectification", rectification_stats_api, PERM_READ, RF_API },
    { M_GET, "/api/v1/stats/tasks", task_stats_api, PERM_READ, RF_API },
    { M_GET, "/api/v1/stats/training", training_stats_api, PERM_READ, RF_API },
    { M_GET, "/api/v1/tasks", task_list_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/tasks", task_create_api, PERM_RECORD_WRITE, RF_API },
    { M_GET, "/api/v1/tasks/{}", task_show_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/tasks/{}/accept", task_accept_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/tasks/{}/progress", task_progress_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/tasks/{}/return", task_return_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/tasks/{}/split", task_split_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/tasks/{}/supervision", task_supervision_api, PERM_SUPERVISE, RF_API },
    { M_GET, "/api/v1/training", training_list_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/training", training_create_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/training/{}/attendance", training_attend_api, PERM_RECORD_WRITE, RF_API },
    { M_POST, "/api/v1/training/{}/enrol", training_enrol_api, PERM_RECORD_WRITE, RF_API },
    { M_GET, "/api/v1/units", unit_list_api, PERM_READ, RF_API },
    { M_POST, "/api/v1/units", unit_create_api, PERM_UNIT_WRITE, RF_API },
    { M_GET, "/api/v1/units/{}", unit_show_api, PERM_READ, RF_API },
    { M_GET, "/healthz", healthz_page, 0, RF_PUBLIC },
    { M_GET, "/lang", lang_page, 0, RF_PUBLIC },
    { M_GET, "/login", login_page, 0, RF_PUBLIC },
    { M_POST, "/login", login_post, 0, RF_PUBLIC },
    { M_POST, "/logout", logout_post, 0, 0 },
    { M_GET, "/inbox", inbox_page, PERM_READ, 0 },
    { M_POST, "/persons", person_new_post, PERM_PERSON_WRITE, 0 },
    { M_GET, "/persons/{}", person_show_page, PERM_READ, 0 },
    { M_GET, "/plans", plan_list_page, PERM_READ, 0 },
    { M_POST, "/plans", plan_new_post, PERM_RECORD_WRITE, 0 },
    { M_POST, "/plans/import", plan_import_post, PERM_RECORD_WRITE, 0 },
    { M_GET, "/static/{}", static_page, 0, RF_PUBLIC },
    { M_GET, "/supervision", supervision_queue_page, PERM_READ, 0 },
    { M_GET, "/supervision/{}", supervision_notice_page, PERM_READ, 0 },
    { M_GET, "/tasks", task_ledger_page, PERM_READ, 0 },
    { M_POST, "/tasks", task_new_post, PERM_RECORD_WRITE, 0 },
    { M_GET, "/tasks/export.csv", task_export_csv_page, PERM_READ, 0 },
    { M_GET, "/tasks/export.xlsx", task_export_xlsx_page, PERM_READ, 0 },
    { M_GET, "/tasks/rollup", task_rollup_page, PERM_READ, 0 },
    { M_GET, "/tasks/{}", task_show_page, PERM_READ, 0 },
    { M_POST, "/tasks/{}/accept", task_accept_post, PERM_RECORD_WRITE, 0 },
    { M_POST, "/tasks/{}/progress", task_progress_post, PERM_RECORD_WRITE, 0 },
    { M_POST, "/tasks/{}/return", task_return_post, PERM_RECORD_WRITE, 0 },
    { M_POST, "/tasks/{}/split", task_split_post, PERM_RECORD_WRITE, 0 },
    { M_POST, "/tasks/{}/supervision", task_supervision_post, PERM_SUPERVISE, 0 },
    { M_GET, "/units", unit_tree_page, PERM_READ, 0 },
    { M_POST, "/units", unit_new_post, PERM_UNIT_WRITE, 0 },
    { M_GET, "/units/{}", unit_show_page, PERM_READ, 0 },
};

void routes_dispatch(struct req *r)
{
    route_dispatch(r, routes, sizeof(routes) / sizeof(routes[0]), page_error);
}
