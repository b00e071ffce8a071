/*
 * HTML and JSON handlers of work plans and tasks (handler layer): task_api.c (JSON),
 * task_page.c (the ledger, exports, new task, roll-up), task_show_page.c (one task and its
 * forms), supervision_page.c (queue, inbox), notice_page.c and notice_api.c (notices),
 * plan_page.c (plans).
 */
#ifndef TZ_TASK_WEB_H
#define TZ_TASK_WEB_H

#include "http/http.h"

void task_create_api(struct req *r);
void task_list_api(struct req *r);
void task_show_api(struct req *r);
void task_split_api(struct req *r);
void task_progress_api(struct req *r);
void task_accept_api(struct req *r);
void task_return_api(struct req *r);
void task_supervision_api(struct req *r);
void task_stats_api(struct req *r);
void task_sign_api(struct req *r);
void task_extension_api(struct req *r);
void task_extension_approve_api(struct req *r);
void task_extension_refuse_api(struct req *r);
void task_suspend_api(struct req *r);
void task_resume_api(struct req *r);
void supervision_days_api(struct req *r);
void supervision_days_put_api(struct req *r);
void inbox_api(struct req *r);
void inbox_read_api(struct req *r);
void instruction_create_api(struct req *r);
void instruction_task_api(struct req *r);
void instruction_show_api(struct req *r);
void instruction_list_api(struct req *r);
void asks_api(struct req *r);
void supervision_stats_api(struct req *r);
void supervision_stats_units_api(struct req *r);
void asks_page(struct req *r);
/* GET /instructions: a unit's leaders' instructions (unit, from, to), with the form that records
 * one (instruction_page.c). */
void instruction_list_page(struct req *r);
/* POST /instructions: records one; to its page. */
void instruction_create_post(struct req *r);
/* GET /instructions/{id}: the instruction, its tasks and the form that issues one. */
void instruction_show_page(struct req *r);
/* POST /instructions/{id}/tasks: issues a task from it; to the task's page. */
void instruction_task_post(struct req *r);
void inbox_read_post(struct req *r);

void task_ledger_page(struct req *r);
void task_new_page(struct req *r);
void task_attachment_page(struct req *r);
void task_show_page(struct req *r);
void task_new_post(struct req *r);
void task_split_post(struct req *r);
void task_progress_post(struct req *r);
void task_accept_post(struct req *r);
void task_sign_post(struct req *r);
void task_extension_post(struct req *r);
void task_extension_approve_post(struct req *r);
void task_extension_refuse_post(struct req *r);
void task_suspend_post(struct req *r);
void task_resume_post(struct req *r);
void task_return_post(struct req *r);
void task_supervision_post(struct req *r);
void task_rollup_page(struct req *r);
void task_export_xlsx_page(struct req *r);
void task_export_csv_page(struct req *r);
void supervision_queue_page(struct req *r);
void notice_create_api(struct req *r);
void notice_sign_api(struct req *r);
void notice_return_api(struct req *r);
void notice_list_api(struct req *r);
void notice_list_page(struct req *r);
void notice_show_page(struct req *r);
void notice_new_post(struct req *r);
void notice_sign_post(struct req *r);
void notice_return_post(struct req *r);
void inbox_page(struct req *r);
void plan_list_page(struct req *r);
void plan_new_post(struct req *r);
void plan_import_post(struct req *r);

#endif
