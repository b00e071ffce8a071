/*
 * HTML handlers of work plans (handler layer): the plans in scope with their key and routine
 * tasks counted, the form that publishes a plan, and the CSV import of a plan's tasks.
 */
#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "task/plan.h"
#include "task/task.h"
#include "task/task_web.h"
#include "unit/unit.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

static void plan_row(void *ctx, const struct plan *p)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td>%lld</td><td>%s</td><td>%s</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%lld</td><td>%lld</td></tr>",
                p->year, p->title, p->unit_name, p->n_key, p->n_routine, p->id);
}

/* The forms that publish a plan of the actor's unit and import a plan's tasks. */
static void plan_forms(struct req *r)
{
    struct unit own;
    if (unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK) {
        html_printf(&r->out, "<h2>%s</h2>", tr(r, "plan.new"));
        form_begin(r, "/plans", "stack", 0);
        html_printf(&r->out, "<input type=\"hidden\" name=\"unit\" value=\"%s\">", own.code);
        html_printf(&r->out,
                    "<label>%s<input name=\"year\" type=\"number\" min=\"2000\""
                    " max=\"2100\" required></label><label>%s<input name=\"title\""
                    " required maxlength=\"200\"></label>",
                    tr(r, "task.year"), tr(r, "plan.name"));
        form_submit(r, "form.save", 1);
    }
    html_printf(&r->out, "<h2>%s</h2><p class=\"muted\">%s</p>", tr(r, "plan.import"),
                tr(r, "plan.import_hint"));
    form_begin(r, "/plans/import", "stack", FORM_UPLOAD);
    html_printf(&r->out,
                "<label>%s<input name=\"plan\" type=\"number\" min=\"1\" required></label>",
                tr(r, "plan.id"));
    form_file(r, "plan.file");
    form_submit(r, "plan.import", 1);
    import_template_link(r, "tasks");
}

void plan_list_page(struct req *r)
{
    static const char *const cols[] = { "task.year", "plan.name",     "unit.name",
                                        "#kind.key", "#kind.routine", "plan.id" };
    page_begin(r, tr(r, "plan.title"));
    page_notice(r);
    table_head(r, cols, sizeof(cols) / sizeof(cols[0]));
    plan_each(r->db, &r->actor, 0, plan_row, r);
    table_end(r);
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        plan_forms(r);
    page_end(r);
}

void plan_new_post(struct req *r)
{
    struct plan_create_job job = { .who = &r->actor,
                                   .unit = req_form(r, "unit"),
                                   .title = req_form(r, "title") };
    const char *year = req_form(r, "year");
    if (!year || str_to_ll(year, 2000, 2100, &job.year) != 0) {
        req_fail(r, err_setf(&job.err, RES_INVALID, "year", "err.range", "2000-2100"), &job.err);
        return;
    }
    if (req_run(r, plan_create_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/plans?ok=plan.created");
}

void plan_import_post(struct req *r)
{
    long long plan = param_need_id(r, req_form(r, "plan"), "plan");
    if (!plan)
        return;
    const struct page_import im = {
        .title_id = "plan.import",
        .failed_id = "plan.import_failed",
        .back = "/plans",
        .ok = "/plans?ok=plan.imported",
        .run = task_import,
        .arg = plan,
    };
    page_import(r, &im);
}
