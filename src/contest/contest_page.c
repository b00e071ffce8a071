/*
 * HTML handlers of essay contests (handler layer; issue 16 item 3): the list with its filter,
 * paging, exports and CSV import of essays; the create form; a contest's page (the organizer's
 * table with means once all is scored, the award button and the ties to decide, the
 * submitter's essay form); the reviewer's blind scoring page. Pages read the same views as the
 * API (contest_get), so the blind rules hold on both. Works without JavaScript.
 */
#include <stdlib.h>
#include <string.h>

#include "contest/contest.h"
#include "contest/contest_web.h"
#include "core/html.h"
#include "core/str.h"
#include "http/param.h"
#include "registry/registry_web.h"
#include "unit/unit.h"
#include "web/download.h"
#include "web/export.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static long long jint(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

void contest_list_page(struct req *r)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    struct registry_span s;
    struct err err = { 0 };
    json_t *list = NULL;
    long long total = 0;
    enum result res = registry_span(r->db, &r->actor, &f, contest_kinds, &s, &err);
    if (res == RES_OK)
        res = contest_list(r->db, &r->actor, &s, f.offset, f.limit, &list, &total, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    page_begin(r, tr(r, "contest.title"));
    page_notice(r);
    static const struct registry_kinds kinds = { "contest.state", "contest.state",
                                                 contest_kinds };
    registry_filter_form(r, "/contests", &f, &kinds, NULL);
    static const char *const cols[] = { "contest.name", "contest.unit",    "contest.from",
                                        "contest.to",   "#contest.essays", "contest.awarded" };
    table_head(r, cols, 6);
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
        html_printf(&r->out,
                    "<tr><td><a href=\"/contests/%lld\">%s</a></td><td>%s</td><td>%s</td>"
                    "<td>%s</td><td class=\"num\">%lld</td><td>%s</td></tr>",
                    jint(c, "id"), jstr(c, "title"), jstr(c, "unit_name"), jstr(c, "from"),
                    jstr(c, "to"), jint(c, "essays"), jstr(c, "awarded"));
    table_end(r);
    json_decref(list);
    registry_list_end(r, "/contests", &f, &p, total);
    page_end(r);
}

/* ---- create ---- */

static void new_page(struct req *r, const struct err *err)
{
    struct unit own;
    const char *code =
        unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK ? own.code : "";
    const struct registry_field fields[] = {
        { "unit", "contest.unit", REGISTRY_TEXT, NULL, 1, code },
        { "title", "contest.name", REGISTRY_TEXT, NULL, 1, NULL },
        { "from", "contest.from", REGISTRY_DATE, NULL, 1, NULL },
        { "to", "contest.to", REGISTRY_DATE, NULL, 1, NULL },
        { "quotas", "contest.quota_first", REGISTRY_NUMBER, NULL, 1, "5" },
        { "q_second", "contest.quota_second", REGISTRY_NUMBER, NULL, 1, "10" },
        { "q_third", "contest.quota_third", REGISTRY_NUMBER, NULL, 1, "20" },
        { "reviewers", "contest.reviewers", REGISTRY_TEXT, NULL, 1, NULL },
    };
    page_begin(r, tr(r, "contest.new"));
    registry_form(r, "/contests", fields, sizeof(fields) / sizeof(fields[0]), err);
    page_end(r);
}

void contest_new_page(struct req *r)
{
    new_page(r, NULL);
}

/* A form's number, -1 when it is not one. */
static long long form_number(struct req *r, const char *name)
{
    long long v;
    const char *s = req_form(r, name);
    return s && str_to_ll(s, 0, 1000000, &v) == 0 ? v : -1;
}

void contest_new_post(struct req *r)
{
    struct contest_job job = { .who = &r->actor, .op = CONTEST_CREATE };
    job.c.unit = req_form(r, "unit");
    job.c.title = req_form(r, "title");
    job.c.from = req_form(r, "from");
    job.c.to = req_form(r, "to");
    job.c.quota[0] = form_number(r, "quotas");
    job.c.quota[1] = form_number(r, "q_second");
    job.c.quota[2] = form_number(r, "q_third");
    /* reviewers: logins separated by commas (either width) or spaces */
    char *copy = arena_strdup(&r->arena, req_form(r, "reviewers") ? req_form(r, "reviewers") : "");
    const char **list = arena_alloc(&r->arena, (CONTEST_REVIEWERS_MAX + 1) * sizeof(*list));
    for (char *w = strstr(copy, "，"); w; w = strstr(w, "，"))
        memcpy(w, "   ", 3); /* the full-width comma is a separator too */
    char *save = NULL;
    for (char *t = strtok_r(copy, ", \t", &save); t && job.c.n_reviewers <= CONTEST_REVIEWERS_MAX;
         t = strtok_r(NULL, ", \t", &save))
        list[job.c.n_reviewers++] = t;
    job.c.reviewers = list;
    if (registry_form_failed(r, req_write(r, contest_job, &job), &job.err, new_page))
        return;
    resp_redirect(r, arena_printf(&r->arena, "/contests/%lld?ok=form.saved", job.id));
}

/* ---- one contest ---- */

static void essay_forms(struct req *r, json_t *e)
{
    long long id = jint(e, "id");
    if (json_is_true(json_object_get(e, "tied"))) {
        form_begin(r, arena_printf(&r->arena, "/essays/%lld/award", id), "inline", 0);
        html_raw(&r->out, "<select name=\"tier\">");
        static const char *const choices[] = { "first", "second", "third", "none" };
        for (int k = 0; k < 4; k++)
            form_option(r, choices[k], tr_enum(r, "contest.tier", choices[k]), "");
        html_raw(&r->out, "</select>");
        form_submit(r, "contest.decide", 1);
    }
}

/* A flag's cell: its text, or the organizer's form that sets it (key: "published" or
 * "instructed", posted as field). */
static void flag_cell(struct req *r, json_t *e, const char *key, const char *field)
{
    html_raw(&r->out, "<td>");
    const char *v = jstr(e, key);
    if (*v) {
        html_printf(&r->out, "%s", v);
    } else {
        form_begin(r, arena_printf(&r->arena, "/essays/%lld/%s", jint(e, "id"), key), "inline", 0);
        html_printf(&r->out,
                    "<label><span class=\"sr\">%s</span><input name=\"%s\" maxlength=\"200\""
                    " required></label>",
                    tr(r, arena_printf(&r->arena, "contest.%s", key)), field);
        form_submit(r, arena_printf(&r->arena, "contest.%s", key), 0);
    }
    html_raw(&r->out, "</td>");
}

/* An essay's title in a cell, with the link to its file when it came with one. */
static void title_cell(struct req *r, json_t *e)
{
    html_printf(&r->out, "<td>%s", jstr(e, "title"));
    if (json_is_true(json_object_get(e, "has_file")))
        html_printf(&r->out, " <a href=\"/essays/%lld/file\">%s</a>", jint(e, "id"),
                    tr(r, "contest.file"));
    html_raw(&r->out, "</td>");
}

static void organizer_table(struct req *r, json_t *doc)
{
    static const char *const cols[] = { "contest.number",     "contest.essay_title",
                                        "contest.essay_unit", "contest.author",
                                        "#contest.scored",    "#contest.mean",
                                        "contest.tier",       "contest.published",
                                        "contest.instructed" };
    table_head(r, cols, 9);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(doc, "essays"), i, e)
    {
        json_t *mean = json_object_get(e, "mean");
        const char *tier = jstr(e, "tier");
        html_printf(&r->out, "<tr><td class=\"num\">%lld</td>", jint(e, "number"));
        title_cell(r, e);
        html_printf(&r->out,
                    "<td>%s</td><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%s</td>"
                    "<td>",
                    jstr(e, "unit_name"), jstr(e, "author_name"), jint(e, "scored"),
                    mean ? arena_printf(&r->arena, "%.2f", json_real_value(mean)) : "—");
        if (*tier)
            html_printf(&r->out, "%s", tr_enum(r, "contest.tier", tier));
        else if (json_is_true(json_object_get(e, "tied")))
            html_printf(&r->out, "%s", tr(r, "contest.tied"));
        essay_forms(r, e);
        html_raw(&r->out, "</td>");
        flag_cell(r, e, "published", "where");
        flag_cell(r, e, "instructed", "by");
        html_raw(&r->out, "</tr>");
    }
    table_end(r);
}

/* The essay form of a submitting unit, err's message beside its field after a failed post. */
static void submit_form(struct req *r, long long id, const struct err *err)
{
    struct unit own;
    const char *code =
        unit_get_id(r->db, &r->actor, r->actor.unit_id, &own) == RES_OK ? own.code : "";
    const struct registry_field fields[] = {
        { "unit", "contest.essay_unit", REGISTRY_TEXT, NULL, 1, code },
        { "title", "contest.essay_title", REGISTRY_TEXT, NULL, 1, NULL },
        { "author", "contest.author", REGISTRY_NUMBER, NULL, 1, NULL },
        { "text", "contest.text", REGISTRY_TEXTAREA, NULL, 0, NULL },
        { "attachment", "contest.file", REGISTRY_FILE, NULL, 0, NULL },
    };
    html_printf(&r->out, "<h2 id=\"submit\">%s</h2>", tr(r, "contest.submit"));
    registry_form(r, arena_printf(&r->arena, "/contests/%lld/essays", id), fields,
                  sizeof(fields) / sizeof(fields[0]), err);
}

/* The contest's page; after a failed essay post, with its error beside the field. */
static void show(struct req *r, const struct err *form_err)
{
    long long id = param_path_id(r, 0, "contest");
    if (!id)
        return;
    struct err err = { 0 };
    json_t *doc = NULL;
    enum result res = contest_get(r->db, &r->actor, id, &doc, &err);
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    int organizer = json_is_true(json_object_get(doc, "organizer"));
    int reviewer = json_is_true(json_object_get(doc, "reviewer"));
    int awarded = *jstr(doc, "awarded") != '\0';
    page_begin(r, jstr(doc, "title"));
    page_notice(r);
    json_t *q = json_object_get(doc, "quotas");
    html_printf(&r->out, "<p>%s:%s · %s — %s · %s %lld / %s %lld / %s %lld</p>",
                tr(r, "contest.unit"), jstr(doc, "unit_name"), jstr(doc, "from"), jstr(doc, "to"),
                tr(r, "contest.tier.first"), jint(q, "first"), tr(r, "contest.tier.second"),
                jint(q, "second"), tr(r, "contest.tier.third"), jint(q, "third"));
    if (reviewer)
        html_printf(&r->out, "<p><a href=\"/contests/%lld/review\">%s</a></p>", id,
                    tr(r, "contest.review"));
    if (organizer && (!reviewer || awarded)) {
        organizer_table(r, doc);
    } else if (!reviewer) {
        /* a submitter: its own units' essays */
        static const char *const cols[] = { "contest.number", "contest.essay_title",
                                            "contest.essay_unit", "contest.author",
                                            "contest.tier" };
        table_head(r, cols, 5);
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(doc, "essays"), i, e)
        {
            const char *tier = jstr(e, "tier");
            html_printf(&r->out, "<tr><td class=\"num\">%lld</td>", jint(e, "number"));
            title_cell(r, e);
            html_printf(&r->out, "<td>%s</td><td>%s</td><td>%s</td></tr>", jstr(e, "unit_name"),
                        jstr(e, "author_name"), *tier ? tr_enum(r, "contest.tier", tier) : "");
        }
        table_end(r);
    }
    if (organizer && !awarded) {
        if (jint(doc, "unscored"))
            html_printf(&r->out, "<p class=\"muted\">%s: %lld</p>", tr(r, "contest.unscored"),
                        jint(doc, "unscored"));
        form_begin(r, arena_printf(&r->arena, "/contests/%lld/awards", id), "inline", 0);
        form_submit(r, "contest.award", 1);
    }
    if (!organizer && !awarded && role_may(r->actor.role, PERM_RECORD_WRITE))
        submit_form(r, id, form_err);
    json_decref(doc);
    page_end(r);
}

void contest_show_page(struct req *r)
{
    show(r, NULL);
}

/* The reviewer's blind page: essays by number, title and text, each with its own score form. */
void contest_review_page(struct req *r)
{
    long long id = param_path_id(r, 0, "contest");
    if (!id)
        return;
    struct err err = { 0 };
    json_t *doc = NULL;
    enum result res = contest_get(r->db, &r->actor, id, &doc, &err);
    if (res == RES_OK && !json_is_true(json_object_get(doc, "reviewer"))) {
        json_decref(doc);
        res = err_set(&err, RES_NOT_FOUND, "contest", "err.not_found");
    }
    if (res != RES_OK) {
        req_fail(r, res, &err);
        return;
    }
    int awarded = *jstr(doc, "awarded") != '\0';
    page_begin(r, arena_printf(&r->arena, "%s · %s", jstr(doc, "title"), tr(r, "contest.review")));
    page_notice(r);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(doc, "essays"), i, e)
    {
        json_t *mine = json_object_get(e, "my_score");
        html_printf(&r->out, "<section class=\"essay\"><h2>%lld. %s</h2><p>%s</p>",
                    jint(e, "number"), jstr(e, "title"), jstr(e, "text"));
        if (json_is_true(json_object_get(e, "has_file")))
            html_printf(&r->out, "<p><a href=\"/essays/%lld/file\">%s</a></p>", jint(e, "id"),
                        tr(r, "contest.file"));
        html_printf(&r->out, "<p>%s: %s</p>", tr(r, "contest.my_score"),
                    json_is_integer(mine)
                        ? arena_int(&r->arena, (long long)json_integer_value(mine))
                        : "—");
        if (!awarded) {
            form_begin(r, arena_printf(&r->arena, "/essays/%lld/score", jint(e, "id")), "inline",
                       0);
            html_printf(&r->out,
                        "<label>%s<input type=\"number\" name=\"score\" min=\"0\" max=\"100\""
                        " required></label>",
                        tr(r, "contest.score"));
            form_submit(r, "contest.score", 1);
        }
        html_raw(&r->out, "</section>");
    }
    json_decref(doc);
    page_end(r);
}

/* ---- page writes ---- */

static void page_run(struct req *r, struct contest_job *job, const char *back)
{
    if (req_run(r, contest_job, job, &job->err) != RES_OK)
        return;
    json_decref(job->out);
    resp_redirect(r, back);
}

void contest_submit_post(struct req *r)
{
    struct contest_job job = { .who = &r->actor, .op = CONTEST_SUBMIT };
    long long id = param_path_id(r, 0, "contest");
    if (!id)
        return;
    job.id = id;
    job.e.unit = req_form(r, "unit");
    job.e.title = req_form(r, "title");
    job.e.text = req_form(r, "text");
    struct attachment_input file;
    if (registry_form_file(r, "attachment", &file))
        job.e.file = &file;
    const char *author = req_form(r, "author");
    if (!author || str_to_ll(author, 1, 1LL << 62, &job.e.author) != 0)
        job.e.author = 0; /* the model names the field */
    if (registry_form_failed(r, req_write(r, contest_job, &job), &job.err, show))
        return;
    resp_redirect(r, arena_printf(&r->arena, "/contests/%lld?ok=form.saved", id));
}

void contest_award_post(struct req *r)
{
    struct contest_job job = { .who = &r->actor, .op = CONTEST_AWARD };
    if (!(job.id = param_path_id(r, 0, "contest")))
        return;
    page_run(r, &job, arena_printf(&r->arena, "/contests/%lld?ok=form.saved", job.id));
}

/* The contest of an essay, for the redirect after a write on it. */
static long long essay_contest(struct req *r, long long essay)
{
    sqlite3_stmt *st = db_stmt(r->db, "SELECT contest_id FROM essay WHERE id = ?1");
    long long c = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, essay);
        c = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        db_done(st);
    }
    return c;
}

void essay_score_post(struct req *r)
{
    struct contest_job job = { .who = &r->actor, .op = CONTEST_SCORE };
    if (!(job.id = param_path_id(r, 0, "essay")))
        return;
    job.score = form_number(r, "score");
    long long essay = job.id;
    page_run(
        r, &job,
        arena_printf(&r->arena, "/contests/%lld/review?ok=form.saved", essay_contest(r, essay)));
}

void essay_award_post(struct req *r)
{
    struct contest_job job = { .who = &r->actor, .op = CONTEST_DECIDE };
    if (!(job.id = param_path_id(r, 0, "essay")))
        return;
    job.text = req_form(r, "tier");
    long long essay = job.id;
    page_run(r, &job,
             arena_printf(&r->arena, "/contests/%lld?ok=form.saved", essay_contest(r, essay)));
}

/* published (where) or instructed (by whom), from the organizer's table */
static void flag_post(struct req *r, enum contest_op op, const char *field)
{
    struct contest_job job = { .who = &r->actor, .op = op };
    if (!(job.id = param_path_id(r, 0, "essay")))
        return;
    job.text = req_form(r, field);
    long long essay = job.id;
    page_run(r, &job,
             arena_printf(&r->arena, "/contests/%lld?ok=form.saved", essay_contest(r, essay)));
}

void essay_published_post(struct req *r)
{
    flag_post(r, CONTEST_PUBLISHED, "where");
}

void essay_instructed_post(struct req *r)
{
    flag_post(r, CONTEST_INSTRUCTED, "by");
}

/* ---- exports and import ---- */

static void export(struct req *r, int xlsx)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_LIST_MAX, &p))
        return;
    struct registry_span s;
    struct err err = { 0 };
    enum result res = registry_span(r->db, &r->actor, &f, contest_kinds, &s, &err);
    static const char *const heads[] = { "contest.name",        "contest.number",
                                         "contest.essay_title", "contest.essay_unit",
                                         "contest.author",      "contest.mean",
                                         "contest.tier",        "contest.published",
                                         "contest.instructed" };
    static const enum export_cell types[] = { CELL_TEXT, CELL_NUMBER, CELL_TEXT,
                                              CELL_TEXT, CELL_TEXT,   CELL_NUMBER,
                                              CELL_TEXT, CELL_TEXT,   CELL_TEXT };
    const char *h[9];
    for (int i = 0; i < 9; i++)
        h[i] = tr(r, heads[i]);
    struct export_ctx c = { r, export_begin(xlsx, tr(r, "contest.essays"), h, types, 9) };
    for (long long off = 0; res == RES_OK && c.sheet;) {
        json_t *list = NULL;
        long long total = 0;
        res = contest_list(r->db, &r->actor, &s, off, REGISTRY_LIST_MAX, &list, &total, &err);
        size_t i;
        json_t *k;
        json_array_foreach(list, i, k)
        {
            json_t *doc = NULL;
            if (res != RES_OK || contest_get(r->db, &r->actor, jint(k, "id"), &doc, &err) != RES_OK)
                continue;
            size_t j;
            json_t *e;
            json_array_foreach(json_object_get(doc, "essays"), j, e)
            {
                json_t *mean = json_object_get(e, "mean");
                const char *tier = jstr(e, "tier");
                const char *row[9] = {
                    jstr(doc, "title"),
                    arena_int(&r->arena, jint(e, "number")),
                    jstr(e, "title"),
                    jstr(e, "unit_name"),
                    jstr(e, "author_name"),
                    mean ? arena_printf(&r->arena, "%.2f", json_real_value(mean)) : "",
                    *tier ? tr_enum(r, "contest.tier", tier) : "",
                    jstr(e, "published"),
                    jstr(e, "instructed"),
                };
                export_row(c.sheet, row);
            }
            json_decref(doc);
        }
        size_t n = json_array_size(list);
        json_decref(list);
        off += REGISTRY_LIST_MAX;
        if (n < REGISTRY_LIST_MAX || off >= total)
            break;
    }
    export_send(r, &c, res, &err, xlsx, "contests");
}

void contest_export_xlsx(struct req *r)
{
    export(r, 1);
}

void contest_export_csv(struct req *r)
{
    export(r, 0);
}

void contest_import_post(struct req *r)
{
    static const struct page_import im = {
        .title_id = "contest.import",
        .failed_id = "contest.import",
        .back = "/contests",
        .ok = "/contests?ok=form.saved",
        .run = contest_import,
        .arg = 0,
    };
    page_import(r, &im);
}

void essay_file_page(struct req *r)
{
    long long id = param_path_id(r, 0, "essay");
    if (!id)
        return;
    struct err err = { 0 };
    enum result res = contest_essay_file(r->db, &r->actor, id, page_send_file, r, &err);
    if (res != RES_OK)
        req_fail(r, res, &err);
}
