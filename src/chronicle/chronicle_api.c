/*
 * JSON handlers of commendations, media reports and meetings (handler layer; issue 16 items 2,
 * 4 and 5): POST /api/v1/{commendations,media,meetings} create one (a typed job run by req_run)
 * and GET lists them by unit subtree, period and kind, paged: {NAME:[...],"total"}.
 */
#include <string.h>

#include "chronicle/chronicle.h"
#include "chronicle/chronicle_web.h"
#include "core/json.h"
#include "http/param.h"
#include "registry/registry_web.h"

/* Reads "persons":[{"person","citation"?}] into in, arena memory. */
static enum result read_persons(struct req *r, json_t *o, struct chronicle_input *in,
                                struct err *err)
{
    json_t *list = json_object_get(o, "persons");
    if (!list || json_is_null(list))
        return err_set(err, RES_INVALID, "persons", "err.required");
    if (!json_is_array(list))
        return err_set(err, RES_INVALID, "persons", "err.bad_type");
    size_t n = json_array_size(list);
    if (n > CHRONICLE_PERSONS_MAX)
        return err_setf(err, RES_INVALID, "persons", "err.too_long", "%d",
                        CHRONICLE_PERSONS_MAX);
    struct chronicle_person *p = arena_alloc(&r->arena, (n + 1) * sizeof(*p));
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(list, i);
        enum result res;
        if (!json_is_object(x) || !json_is_integer(json_object_get(x, "person")))
            return err_setf(err, RES_INVALID, "persons", "err.bad_type", "persons[%zu]", i);
        p[i].person = json_integer_value(json_object_get(x, "person"));
        if ((res = json_get_str(x, "citation", &p[i].citation, err)) != RES_OK) {
            err->field = "persons";
            return res;
        }
    }
    in->persons = p;
    in->n_persons = n;
    return RES_OK;
}

/* Reads the body of registry k's create into in. */
static enum result read_input(struct req *r, json_t *o, enum chronicle_kind k,
                              struct chronicle_input *in, struct err *err)
{
    enum result res;
    in->attendees = -1;
    if ((res = json_need_str(o, "unit", &in->unit, err)) != RES_OK ||
        (res = json_get_str(o, "title", &in->title, err)) != RES_OK ||
        (res = json_get_str(o, "day", &in->day, err)) != RES_OK)
        return res;
    switch (k) {
    case CHRONICLE_COMMENDATION:
        if ((res = json_get_str(o, "level", &in->level, err)) != RES_OK)
            return res;
        return read_persons(r, o, in, err);
    case CHRONICLE_MEDIA:
        if ((res = json_get_str(o, "outlet", &in->outlet, err)) != RES_OK ||
            (res = json_get_str(o, "level", &in->level, err)) != RES_OK ||
            (res = json_get_str(o, "kind", &in->kind, err)) != RES_OK)
            return res;
        return json_get_str(o, "link", &in->link, err);
    case CHRONICLE_MEETING: {
        int present;
        if ((res = json_get_str(o, "kind", &in->kind, err)) != RES_OK ||
            (res = json_get_int(o, "attendees", &in->attendees, &present, err)) != RES_OK ||
            (res = json_get_str(o, "minutes", &in->minutes, err)) != RES_OK)
            return res;
        if (!present)
            in->attendees = -1;
        else if (in->attendees < 0)
            return err_setf(err, RES_INVALID, "attendees", "err.range", "0-10000000");
        return RES_OK;
    }
    }
    return RES_OK;
}

static void create_api(struct req *r, enum chronicle_kind k)
{
    json_t *o = req_json(r);
    if (!o)
        return;
    struct chronicle_create_job job = { .who = &r->actor, .k = k };
    enum result res = read_input(r, o, k, &job.in, &job.err);
    if (res != RES_OK) {
        req_fail(r, res, &job.err);
        return;
    }
    if (req_run(r, chronicle_create_job, &job, &job.err) == RES_OK)
        resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)job.id));
}

static void entry_row(void *ctx, const struct chronicle_entry *e)
{
    json_t *o = json_object();
    json_put_int(o, "id", e->id);
    json_put_str(o, "unit", e->unit_code);
    json_put_str(o, "unit_name", e->unit_name);
    json_put_str(o, "title", e->title);
    json_put_str(o, "day", e->day);
    if (*e->level)
        json_put_str(o, "level", e->level);
    if (*e->kind)
        json_put_str(o, "kind", e->kind);
    if (*e->outlet)
        json_put_str(o, "outlet", e->outlet);
    if (*e->outlet || *e->link)
        json_object_set_new_nocheck(o, "link", *e->link ? json_string_nocheck(e->link)
                                                        : json_null());
    if (e->attendees >= 0)
        json_put_int(o, "attendees", e->attendees);
    if (*e->minutes)
        json_put_str(o, "minutes", e->minutes);
    if (e->n_persons)
        json_put_int(o, "persons", e->n_persons);
    json_array_append_new(ctx, o);
}

static void list_api(struct req *r, enum chronicle_kind k, const char *name)
{
    struct registry_filter f;
    struct paging p;
    if (!registry_query(r, &f, REGISTRY_PAGE, &p))
        return;
    struct err err = { 0 };
    long long total = 0;
    json_t *list = json_array();
    enum result res = chronicle_list(r->db, &r->actor, k, &f, entry_row, list, &total, &err);
    if (res != RES_OK) {
        json_decref(list);
        req_fail(r, res, &err);
        return;
    }
    resp_json(r, 200, json_pack("{s:o, s:I}", name, list, "total", (json_int_t)total));
}

void commendation_create_api(struct req *r)
{
    create_api(r, CHRONICLE_COMMENDATION);
}

void commendation_list_api(struct req *r)
{
    list_api(r, CHRONICLE_COMMENDATION, "commendations");
}

void media_create_api(struct req *r)
{
    create_api(r, CHRONICLE_MEDIA);
}

void media_list_api(struct req *r)
{
    list_api(r, CHRONICLE_MEDIA, "media");
}

void meeting_create_api(struct req *r)
{
    create_api(r, CHRONICLE_MEETING);
}

void meeting_list_api(struct req *r)
{
    list_api(r, CHRONICLE_MEETING, "meetings");
}
