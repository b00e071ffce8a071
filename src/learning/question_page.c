/*
 * HTML handlers of the question bank (handler layer; DESIGN.md mechanism 6): the bank of the
 * caller's unit by category, fifty questions a page with their answers, the form that adds one
 * and the upload that imports a file all or nothing. Works without JavaScript.
 */
#include <string.h>

#include <jansson.h>

#include "core/html.h"
#include "http/param.h"
#include "learning/learning_int_web.h"
#include "learning/learning_web.h"
#include "learning/question.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

enum { BANK_PAGE = 50 };

/* The message IDs of the difficulties 1-3. */
static const char *const difficulty_ids[3] = { "question.easy", "question.medium",
                                               "question.hard" };

/* The bank page of one category (NULL: all of them), without its page number. */
static const char *bank_url(struct req *r, const char *category)
{
    struct url u;
    url_begin(&u, r, "/questions");
    url_param(&u, "category", category);
    return url_end(&u);
}

static void category_row(void *ctx, const char *category, const long long n[3])
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td><a href=\"%s\">%s</a></td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
                bank_url(r, category), category, n[0], n[1], n[2]);
}

static void question_row(void *ctx, const struct question *q)
{
    struct req *r = ctx;
    html_printf(&r->out, "<tr><td>%lld</td><td>%s</td><td>%s</td><td class=\"num\">%d</td><td>%s",
                q->id, tr_enum(r, "question", q->kind), q->category, q->difficulty, q->text);
    json_t *opts = json_loads(q->options_json, 0, NULL);
    html_raw(&r->out, "<ol type=\"A\">");
    for (size_t j = 0; j < json_array_size(opts); j++)
        html_printf(&r->out, "<li%s>%s</li>", (q->answer >> j) & 1 ? " class=\"right\"" : "",
                    json_string_value(json_array_get(opts, j)));
    json_decref(opts);
    html_printf(&r->out, "</ol></td><td>%s</td></tr>", q->explanation);
}

/* The form that adds one question, in category when one is shown. */
static void add_form(struct req *r, const char *category)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "question.add"));
    form_begin(r, "/questions", "stack", 0);
    html_printf(&r->out, "<label>%s<select name=\"kind\">", tr(r, "question.kind"));
    for (int k = 0; k < QKIND_COUNT; k++)
        form_option(r, question_kind_name(k), tr_enum(r, "question", question_kind_name(k)), NULL);
    html_printf(&r->out,
                "</select></label><label>%s<input name=\"category\" required maxlength=\"50\""
                " value=\"%s\"></label><label>%s<select name=\"difficulty\">",
                tr(r, "question.category"), category ? category : "", tr(r, "question.difficulty"));
    static const char *const levels[3] = { "1", "2", "3" };
    for (int d = 0; d < 3; d++)
        form_option(r, levels[d], tr(r, difficulty_ids[d]), "2");
    html_printf(&r->out,
                "</select></label><label>%s<textarea name=\"text\" rows=\"3\" required></textarea>"
                "</label><label>%s<textarea name=\"options\" rows=\"4\"></textarea></label>"
                "<label>%s<input name=\"answer\" required></label><label>%s<textarea"
                " name=\"explanation\" rows=\"2\"></textarea></label>",
                tr(r, "question.text"), tr(r, "question.options_hint"),
                tr(r, "question.answer_hint"), tr(r, "question.explanation"));
    form_submit(r, "question.add", 1);
}

/* The upload that imports a file of questions. */
static void import_form(struct req *r)
{
    html_printf(&r->out, "<h2>%s</h2><p class=\"muted\">%s</p>", tr(r, "question.import"),
                tr(r, "question.import_hint"));
    form_begin(r, "/questions/import", "stack", FORM_UPLOAD);
    html_printf(&r->out,
                "<label>%s<input type=\"file\" name=\"file\" accept=\".txt,.csv,.xlsx,.xls\""
                " required></label><label>%s<select name=\"format\">",
                tr(r, "question.file"), tr(r, "question.format"));
    form_option(r, "text", tr(r, "question.format_text"), NULL);
    form_option(r, "csv", "CSV / Excel", NULL);
    html_raw(&r->out, "</select></label>");
    form_submit(r, "question.import", 1);
    import_template_link(r, "questions");
}

void question_bank_page(struct req *r)
{
    const char *category = param_str(r, "category", NULL);
    struct paging pg;
    if (param_paging(r, BANK_PAGE, BANK_PAGE, &pg))
        return;
    page_begin(r, tr(r, "question.bank"));
    page_notice(r);
    learning_links(r);
    struct err err = { 0 };
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "question.categories"));
    static const char *const categories[] = { "question.category", "#question.easy",
                                              "#question.medium", "#question.hard" };
    table_head(r, categories, 4);
    question_categories(r->db, &r->actor, NULL, category_row, r, &err);
    table_end(r);
    html_printf(&r->out, "<h2>%s</h2>", category ? category : tr(r, "question.all"));
    static const char *const cols[] = { "question.id",       "question.kind",
                                        "question.category", "#question.difficulty",
                                        "question.text",     "question.explanation" };
    table_head(r, cols, 6);
    long long total = 0;
    question_each(r->db, &r->actor, NULL, category, pg.offset, pg.limit, &total, question_row, r,
                  &err);
    table_end(r);
    form_pager(r, bank_url(r, category), pg.page, pg.limit, total);
    add_form(r, category);
    import_form(r);
    page_end(r);
}

void question_new_post(struct req *r)
{
    struct question_add_job job = { .who = &r->actor };
    struct question_input *q = &job.in;
    q->kind = req_form(r, "kind");
    q->category = req_form(r, "category");
    q->text = req_form(r, "text");
    q->explanation = req_form(r, "explanation");
    enum result res = learning_form_number(r, "difficulty", 1, 3, &q->difficulty, &job.err);
    int tf = q->kind && strcmp(q->kind, "truefalse") == 0;
    char *opts = arena_strdup(&r->arena, req_form(r, "options") ? req_form(r, "options") : "");
    char *save = NULL;
    for (char *line = strtok_r(opts, "\r\n", &save); line && !tf && res == RES_OK;
         line = strtok_r(NULL, "\r\n", &save)) {
        if (!*line)
            continue;
        if (q->n_options == QUESTION_OPTIONS_MAX)
            res = err_setf(&job.err, RES_INVALID, "options", "err.range", "2-%d",
                           QUESTION_OPTIONS_MAX);
        else
            q->options[q->n_options++] = line;
    }
    if (res == RES_OK)
        res = question_parse_answer(req_form(r, "answer"), q, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, question_add_job, &job, &job.err) == RES_OK)
        resp_redirect(r, "/questions?ok=question.added");
}

/* question_import() as an upload runs it: csv 1 for CSV, 0 for the plain-text format, into the
 * bank of the caller's unit. */
static enum result import_bank(struct db *db, const struct actor *who, long long csv,
                               const char *data, size_t len, long long *n_added,
                               const struct import_report *rep)
{
    return question_import(db, who, NULL, csv ? QFORMAT_CSV : QFORMAT_TEXT, data, len, n_added,
                           rep);
}

void question_import_post(struct req *r)
{
    const char *format = req_form(r, "format");
    const struct page_import im = {
        .title_id = "question.import",
        .failed_id = "question.import_failed",
        .back = "/questions",
        .ok = "/questions?ok=question.imported",
        .run = import_bank,
        .arg = format && strcmp(format, "csv") == 0,
    };
    page_import(r, &im);
}
