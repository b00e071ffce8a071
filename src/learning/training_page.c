/*
 * HTML handlers of training classes (handler layer; DESIGN.md mechanism 6): classes held and
 * person-times (人次) by unit and period with the form that creates a class, and a class's page
 * with its roster, attendance per session, enrolment one by one and the roster upload. Works
 * without JavaScript.
 */
#include <stdio.h>
#include <string.h>

#include "core/html.h"
#include "http/param.h"
#include "learning/learning_int_web.h"
#include "learning/learning_web.h"
#include "learning/training.h"
#include "web/form.h"
#include "web/import_page.h"
#include "web/layout.h"

/* ---- classes and figures ---- */

static void class_row(void *ctx, const struct training_class *c)
{
    struct req *r = ctx;
    html_printf(&r->out,
                "<tr><td><a href=\"/training/%lld\">%s</a></td><td>%s</td><td>%s — %s</td>"
                "<td>%s</td><td class=\"num\">%lld/%lld</td><td class=\"num\">%lld</td></tr>",
                c->id, c->title, c->unit_name, c->starts, c->ends, c->place, c->n_enrolled,
                c->capacity, c->n_present);
}

static void unit_row(void *ctx, const char *code, const char *name, const struct training_stats *s)
{
    struct req *r = ctx;
    struct url u;
    url_begin(&u, r, "/training");
    url_param(&u, "unit", code);
    html_printf(&r->out,
                "<tr><td><a href=\"%s\">%s</a></td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
                url_end(&u), name, s->classes, s->person_times, s->persons);
}

/* The form that creates a class. */
static void class_form(struct req *r)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "training.new"));
    form_begin(r, "/training", "stack", 0);
    html_printf(&r->out,
                "<label>%s<input name=\"title\" required maxlength=\"200\"></label>"
                "<label>%s<input name=\"unit\" required></label><label>%s<input"
                " type=\"date\" name=\"starts\" required></label><label>%s<input"
                " type=\"date\" name=\"ends\" required></label>",
                tr(r, "training.name"), tr(r, "exam.organiser_code"), tr(r, "training.starts"),
                tr(r, "training.ends"));
    html_printf(&r->out,
                "<label>%s<input name=\"place\" maxlength=\"200\"></label><label>%s<input"
                " type=\"number\" name=\"capacity\" min=\"1\" value=\"50\"></label><label>%s"
                "<input type=\"number\" name=\"sessions\" min=\"1\" max=\"100\" value=\"1\">"
                "</label><label>%s<input name=\"targets\"></label>",
                tr(r, "training.place"), tr(r, "training.capacity"), tr(r, "training.sessions"),
                tr(r, "training.targets"));
    form_submit(r, "training.create", 1);
}

void training_list_page(struct req *r)
{
    const char *unit = param_str(r, "unit", NULL), *from = param_str(r, "from", NULL),
               *to = param_str(r, "to", NULL);
    struct err err = { 0 };
    struct training_stats all;
    page_begin(r, tr(r, "training.title"));
    page_notice(r);
    learning_links(r);
    form_begin(r, "/training", "filters", FORM_GET);
    html_printf(&r->out,
                "<label>%s<input name=\"unit\" value=\"%s\"></label><label>%s<input type=\"date\""
                " name=\"from\" value=\"%s\"></label><label>%s<input type=\"date\" name=\"to\""
                " value=\"%s\"></label>",
                tr(r, "exam.unit"), unit ? unit : "", tr(r, "training.from"), from ? from : "",
                tr(r, "training.to"), to ? to : "");
    form_submit(r, "exam.show", 0);
    static const char *const figures[] = { "exam.unit", "#training.classes",
                                           "#training.person_times", "#training.persons" };
    table_head(r, figures, 4);
    enum result res = training_stats(r->db, &r->actor, unit, from, to, &all, unit_row, r, &err);
    if (res == RES_NOT_FOUND || res == RES_FAIL) {
        req_fail(r, res, &err); /* a unit out of scope is missing, as on the API */
        return;
    }
    if (res != RES_OK) { /* a bad date: the form stays as typed, above the error */
        r->status = result_status(res);
        table_end(r);
        html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", err_text_for(r, &err));
        page_end(r);
        return;
    }
    html_printf(&r->out,
                "<tr><th>%s</th><th class=\"num\">%lld</th><th class=\"num\">%lld</th>"
                "<th class=\"num\">%lld</th></tr>",
                tr(r, "training.total"), all.classes, all.person_times, all.persons);
    table_end(r);
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "training.list"));
    static const char *const classes[] = { "training.name",      "exam.organiser",
                                           "training.dates",     "training.place",
                                           "#training.enrolled", "#training.attendances" };
    table_head(r, classes, 6);
    training_each(r->db, &r->actor, unit, from, to, class_row, r, &err);
    table_end(r);
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        class_form(r);
    page_end(r);
}

void training_new_post(struct req *r)
{
    struct training_create_job job = { .who = &r->actor };
    struct training_input *in = &job.in;
    in->unit = req_form(r, "unit");
    in->title = req_form(r, "title");
    in->starts = req_form(r, "starts");
    in->ends = req_form(r, "ends");
    in->place = req_form(r, "place");
    enum result res = learning_form_number(r, "capacity", 1, 100000, &in->capacity, &job.err);
    if (res == RES_OK)
        res = learning_form_number(r, "sessions", 1, 100, &in->sessions, &job.err);
    const char **codes = arena_alloc(&r->arena, TRAINING_TARGETS_MAX * sizeof(*codes));
    char *targets = arena_strdup(&r->arena, req_form(r, "targets") ? req_form(r, "targets") : "");
    char *save = NULL;
    for (char *t = strtok_r(targets, ", ", &save); t && res == RES_OK;
         t = strtok_r(NULL, ", ", &save)) {
        if (in->n_targets == TRAINING_TARGETS_MAX)
            res = err_setf(&job.err, RES_INVALID, "targets", "err.too_long", "%d",
                           TRAINING_TARGETS_MAX);
        else
            codes[in->n_targets++] = t;
    }
    in->targets = codes;
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, training_create_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/training/%lld?ok=training.created", job.id));
}

/* ---- one class ---- */

/* What the class page keeps from its callbacks. */
struct class_page {
    struct req *r;           /* the request */
    struct training_class c; /* the class, strings in the arena */
    int found;               /* loaded */
};

static void copy_class(void *ctx, const struct training_class *c)
{
    struct class_page *cp = ctx;
    struct arena *a = &cp->r->arena;
    cp->c = *c;
    cp->c.unit_code = arena_strdup(a, c->unit_code);
    cp->c.unit_name = arena_strdup(a, c->unit_name);
    cp->c.title = arena_strdup(a, c->title);
    cp->c.starts = arena_strdup(a, c->starts);
    cp->c.ends = arena_strdup(a, c->ends);
    cp->c.place = arena_strdup(a, c->place);
    cp->found = 1;
}

static void trainee_row(void *ctx, const struct training_trainee *t)
{
    struct class_page *cp = ctx;
    struct req *r = cp->r;
    html_printf(&r->out, "<tr><td>%s</td><td>%s</td>", t->name, t->unit_name);
    for (long long s = 1; s <= cp->c.sessions && s <= 64; s++) {
        int here = (t->present >> (s - 1)) & 1;
        if (cp->c.may_manage)
            html_printf(&r->out,
                        "<td><input type=\"checkbox\" name=\"p%lld_%lld\" value=\"1\"%s"
                        " aria-label=\"%s %lld\"></td>",
                        t->person_id, s, here ? " checked" : "", t->name, s);
        else
            html_printf(&r->out, "<td>%s</td>", here ? "✓" : "");
    }
    html_raw(&r->out, "</tr>");
}

/* The roster with a column per session: a form of checkboxes for the organiser. */
static void roster(struct req *r, struct class_page *cp)
{
    const struct training_class *c = &cp->c;
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "training.roster"));
    if (c->may_manage)
        form_begin(r, arena_printf(&r->arena, "/training/%lld/attendance", c->id), NULL, 0);
    /* the session columns are numbered, not message IDs: the head is written here */
    html_printf(&r->out,
                "<div class=\"table-wrap\" tabindex=\"0\"><table><thead><tr><th>%s</th><th>%s</th>",
                tr(r, "person.name"), tr(r, "person.unit"));
    for (long long s = 1; s <= c->sessions && s <= 64; s++)
        html_printf(&r->out, "<th>%s %lld</th>", tr(r, "training.session"), s);
    html_raw(&r->out, "</tr></thead><tbody>");
    training_roster(r->db, &r->actor, c->id, trainee_row, cp);
    table_end(r);
    if (c->may_manage)
        form_submit(r, "training.save_attendance", 1);
}

/* Enrolment one by one, and the roster upload. */
static void enrol_forms(struct req *r, long long id)
{
    html_printf(&r->out, "<h2>%s</h2>", tr(r, "training.enrol"));
    form_begin(r, arena_printf(&r->arena, "/training/%lld/enrol", id), "stack", 0);
    html_printf(&r->out,
                "<label>%s<input type=\"number\" name=\"person\" min=\"1\" required></label>",
                tr(r, "training.person_id"));
    form_submit(r, "training.enrol", 1);
    html_printf(&r->out, "<h2>%s</h2><p class=\"muted\">%s</p>", tr(r, "training.roster_upload"),
                tr(r, "training.roster_hint"));
    form_begin(r, arena_printf(&r->arena, "/training/%lld/roster", id), "stack", FORM_UPLOAD);
    form_file(r, "question.file");
    form_submit(r, "training.roster_upload", 1);
    import_template_link(r, "roster");
}

void training_show_page(struct req *r)
{
    long long id = param_path_id(r, 0, "class");
    if (!id)
        return;
    struct class_page cp = { .r = r };
    enum result res = training_get(r->db, &r->actor, id, copy_class, &cp);
    if (res != RES_OK || !cp.found) {
        learning_fail_read(r, res, "class", "err.not_found");
        return;
    }
    const struct training_class *c = &cp.c;
    page_begin(r, c->title);
    page_notice(r);
    learning_links(r);
    html_printf(&r->out, "<p>%s %s · %s — %s · %s · %s %lld/%lld</p>", tr(r, "exam.organiser"),
                c->unit_name, c->starts, c->ends, c->place, tr(r, "training.enrolled"),
                c->n_enrolled, c->capacity);
    roster(r, &cp);
    if (role_may(r->actor.role, PERM_RECORD_WRITE))
        enrol_forms(r, id);
    page_end(r);
}

void training_enrol_post(struct req *r)
{
    long long id = param_path_id(r, 0, "class");
    struct training_enrol_job job = { .who = &r->actor, .id = id };
    if (!id || !(job.person_id = param_need_id(r, req_form(r, "person"), "person")))
        return;
    if (req_run(r, training_enrol_job, &job, &job.err) == RES_OK)
        resp_redirect(r, arena_printf(&r->arena, "/training/%lld?ok=training.enrolled_ok", id));
}

void training_roster_post(struct req *r)
{
    long long id = param_path_id(r, 0, "class");
    if (!id)
        return;
    const struct page_import im = {
        .title_id = "training.roster_upload",
        .failed_id = "question.import_failed",
        .back = arena_printf(&r->arena, "/training/%lld", id),
        .ok = arena_printf(&r->arena, "/training/%lld?ok=training.enrolled_ok", id),
        .run = training_enrol_csv,
        .arg = id,
    };
    page_import(r, &im);
}

/* Attendance from the roster form: every enrolled person and session, checked or not. */
struct attendance_form {
    struct req *r;      /* the request */
    long long id;       /* class */
    long long sessions; /* its sessions */
    enum result res;    /* first failure */
    struct err err;     /* its reason */
};

static void attend_row(void *ctx, const struct training_trainee *t)
{
    struct attendance_form *a = ctx;
    for (long long s = 1; s <= a->sessions && s <= 64 && a->res == RES_OK; s++) {
        char name[48];
        snprintf(name, sizeof(name), "p%lld_%lld", t->person_id, s);
        int want = req_form(a->r, name) != NULL, have = (t->present >> (s - 1)) & 1;
        if (want == have)
            continue;
        struct training_attend_job job = { .who = &a->r->actor,
                                           .id = a->id,
                                           .person_id = t->person_id,
                                           .session = s,
                                           .present = want };
        a->res = req_write(a->r, training_attend_job, &job);
        a->err = job.err;
    }
}

static void class_sessions(void *ctx, const struct training_class *c)
{
    *(long long *)ctx = c->sessions;
}

void training_attend_post(struct req *r)
{
    long long id = param_path_id(r, 0, "class");
    if (!id)
        return;
    struct attendance_form a = { .r = r, .id = id };
    enum result res = training_get(r->db, &r->actor, id, class_sessions, &a.sessions);
    if (res == RES_OK)
        res = training_roster(r->db, &r->actor, id, attend_row, &a);
    if (res == RES_OK)
        res = a.res;
    if (res != RES_OK) {
        if (!a.err.msg)
            err_set(&a.err, res, "class", "err.not_found");
        req_fail(r, res, &a.err);
        return;
    }
    resp_redirect(r, arena_printf(&r->arena, "/training/%lld?ok=training.attendance_saved", id));
}
