/*
 * Commendations, media reports and meetings; see chronicle.h. Mechanism layer: rules and SQL for
 * commendation, commendation_person, media and meeting; counts go to registry_tally through
 * registry_count, every create to the audit chain under "commendation:ID", "media:ID" or
 * "meeting:ID".
 */
#include "chronicle/chronicle.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/csv.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "unit/unit.h"

const char *const chronicle_media_kinds[] = { "report", "article", "broadcast", NULL };
const char *const chronicle_meeting_kinds[] = { "conference", "leadership", "forum", "study",
                                                NULL };
const char *const *const chronicle_filter_kinds[] = {
    [CHRONICLE_COMMENDATION] = NULL,
    [CHRONICLE_MEDIA] = chronicle_media_kinds,
    [CHRONICLE_MEETING] = chronicle_meeting_kinds,
};

/* Each registry's name in audit records and counted keys. */
static const char *const names[] = {
    [CHRONICLE_COMMENDATION] = "commendation",
    [CHRONICLE_MEDIA] = "media",
    [CHRONICLE_MEETING] = "meeting",
};

static int step_done(sqlite3_stmt *st)
{
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (st)
        db_done(st);
    return rc == SQLITE_DONE;
}

/* 1 for a link of scheme http or https (in any case) with a host and no blank or control
 * character, so that a page can print it as a link; javascript:, data: and the like are refused. */
static int link_valid(const char *s)
{
    size_t n = strlen(s);
    if (n > CHRONICLE_LINK_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '"' || s[i] == '<' ||
            s[i] == '>' || s[i] == '\\')
            return 0;
    const char *rest;
    if (strncasecmp(s, "http://", 7) == 0)
        rest = s + 7;
    else if (strncasecmp(s, "https://", 8) == 0)
        rest = s + 8;
    else
        return 0;
    return *rest && *rest != '/' && *rest != '?' && *rest != '#';
}

static enum result check_input(enum chronicle_kind k, const struct chronicle_input *in,
                               struct err *err)
{
    enum result r;
    if ((r = err_text(err, "title", in->title, 1, CHRONICLE_TITLE_MAX, 0)) != RES_OK ||
        (r = registry_day(in->day, "day", err)) != RES_OK)
        return r;
    switch (k) {
    case CHRONICLE_COMMENDATION:
        if ((r = registry_enum(in->level, registry_levels, "level", err)) != RES_OK)
            return r;
        if (in->n_persons == 0)
            return err_set(err, RES_INVALID, "persons", "err.required");
        if (in->n_persons > CHRONICLE_PERSONS_MAX)
            return err_setf(err, RES_INVALID, "persons", "err.too_long", "%d",
                            CHRONICLE_PERSONS_MAX);
        for (size_t i = 0; i < in->n_persons; i++) {
            if ((r = err_text(err, "persons", in->persons[i].citation, 0, CHRONICLE_TEXT_MAX,
                              1)) != RES_OK) {
                snprintf(err->detail, sizeof(err->detail), "persons[%zu].citation", i);
                return r;
            }
            for (size_t j = 0; j < i; j++)
                if (in->persons[j].person == in->persons[i].person)
                    return err_setf(err, RES_INVALID, "persons", "err.duplicate",
                                    "persons[%zu]", i);
        }
        return RES_OK;
    case CHRONICLE_MEDIA:
        if ((r = err_text(err, "outlet", in->outlet, 1, CHRONICLE_TITLE_MAX, 0)) != RES_OK ||
            (r = registry_enum(in->level, registry_levels, "level", err)) != RES_OK ||
            (r = registry_enum(in->kind, chronicle_media_kinds, "kind", err)) != RES_OK)
            return r;
        if (in->link && *in->link && !link_valid(in->link))
            return err_set(err, RES_INVALID, "link", "chronicle.bad_link");
        return RES_OK;
    case CHRONICLE_MEETING:
        if ((r = registry_enum(in->kind, chronicle_meeting_kinds, "kind", err)) != RES_OK)
            return r;
        if (in->attendees < -1 || in->attendees > 10000000)
            return err_setf(err, RES_INVALID, "attendees", "err.range", "0-10000000");
        return err_text(err, "minutes", in->minutes, 0, CHRONICLE_TEXT_MAX, 1);
    }
    BUG("chronicle kind");
    return RES_FAIL;
}

/* Checks that person p is of the tree under unit_path and in the caller's scope. */
static enum result check_person(struct db *db, const struct actor *who, const char *unit_path,
                                long long p, size_t i, struct err *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT u.path FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " WHERE p.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, p);
    int ok = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *path = db_col_text(st, 0);
        ok = strncmp(path, unit_path, strlen(unit_path)) == 0 && scope_has_path(who, path);
    }
    db_done(st);
    return ok ? RES_OK
              : err_setf(err, RES_INVALID, "persons", "chronicle.bad_person", "persons[%zu]: %lld",
                         i, p);
}

/* Inserts the record's row; the caller holds the transaction. */
static int insert_row(struct db *db, enum chronicle_kind k, long long unit_id,
                      const struct chronicle_input *in)
{
    sqlite3_stmt *st = NULL;
    switch (k) {
    case CHRONICLE_COMMENDATION:
        st = db_stmt(db, "INSERT INTO commendation(unit_id, title, level, day)"
                         " VALUES (?1, ?2, ?3, ?4)");
        if (st)
            db_bind_text(st, 3, in->level);
        break;
    case CHRONICLE_MEDIA:
        st = db_stmt(db, "INSERT INTO media(unit_id, title, day, outlet, level, kind, link)"
                         " VALUES (?1, ?2, ?4, ?3, ?5, ?6, ?7)");
        if (st) {
            db_bind_text(st, 3, in->outlet);
            db_bind_text(st, 5, in->level);
            db_bind_text(st, 6, in->kind);
            db_bind_text(st, 7, in->link ? in->link : "");
        }
        break;
    case CHRONICLE_MEETING:
        st = db_stmt(db, "INSERT INTO meeting(unit_id, title, day, kind, attendees, minutes)"
                         " VALUES (?1, ?2, ?4, ?3, ?5, ?6)");
        if (st) {
            db_bind_text(st, 3, in->kind);
            if (in->attendees >= 0)
                sqlite3_bind_int64(st, 5, in->attendees);
            else
                sqlite3_bind_null(st, 5);
            db_bind_text(st, 6, in->minutes ? in->minutes : "");
        }
        break;
    }
    if (st) {
        sqlite3_bind_int64(st, 1, unit_id);
        db_bind_text(st, 2, in->title);
        db_bind_text(st, 4, in->day);
    }
    return step_done(st);
}

static int insert_persons(struct db *db, long long id, const struct chronicle_input *in,
                          json_t *persons)
{
    for (size_t i = 0; i < in->n_persons; i++) {
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO commendation_person(commendation_id, seq,"
                                       " person_id, citation) VALUES (?1, ?2, ?3, ?4)");
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, (long long)i + 1);
            sqlite3_bind_int64(st, 3, in->persons[i].person);
            db_bind_text(st, 4, in->persons[i].citation ? in->persons[i].citation : "");
        }
        if (!step_done(st))
            return 0;
        json_array_append_new(persons, json_integer(in->persons[i].person));
    }
    return 1;
}

/* Counts the new record in the roll-up; the caller holds the transaction. */
static enum result count_row(struct db *db, enum chronicle_kind k, const char *path,
                             const struct chronicle_input *in)
{
    char key[64];
    switch (k) {
    case CHRONICLE_COMMENDATION:
        if (registry_count(db, path, in->day, "commendations.events", 1) != RES_OK)
            return RES_FAIL;
        return registry_count(db, path, in->day, "commendations.persons",
                              (long long)in->n_persons);
    case CHRONICLE_MEDIA:
        snprintf(key, sizeof(key), "media.%s", in->level);
        break;
    case CHRONICLE_MEETING:
        snprintf(key, sizeof(key), "meetings.%s", in->kind);
        break;
    }
    return registry_count(db, path, in->day, key, 1);
}

static json_t *audit_doc(enum chronicle_kind k, const char *unit, const struct chronicle_input *in,
                         json_t *persons)
{
    json_t *o = json_pack("{s:s, s:s, s:s}", "unit", unit, "title", in->title, "day", in->day);
    if (k != CHRONICLE_MEETING)
        json_object_set_new(o, "level", json_string(in->level));
    if (k != CHRONICLE_COMMENDATION)
        json_object_set_new(o, "kind", json_string(in->kind));
    if (k == CHRONICLE_MEDIA) {
        json_object_set_new(o, "outlet", json_string(in->outlet));
        json_object_set_new(o, "link", json_string(in->link ? in->link : ""));
    }
    if (k == CHRONICLE_MEETING && in->attendees >= 0)
        json_object_set_new(o, "attendees", json_integer(in->attendees));
    if (persons)
        json_object_set_new(o, "persons", persons);
    return o;
}

enum result chronicle_create(struct db *db, const struct actor *who, enum chronicle_kind k,
                             const struct chronicle_input *in, long long *id, struct err *err)
{
    struct unit u;
    enum result r = registry_unit(db, who, in->unit, &u, err);
    if (r == RES_FAIL)
        return db_fail(db, err);
    if (r != RES_OK || (r = check_input(k, in, err)) != RES_OK)
        return r;
    for (size_t i = 0; k == CHRONICLE_COMMENDATION && i < in->n_persons; i++)
        if ((r = check_person(db, who, u.path, in->persons[i].person, i, err)) != RES_OK)
            return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    json_t *persons = k == CHRONICLE_COMMENDATION ? json_array() : NULL;
    int ok = insert_row(db, k, u.id, in);
    if (ok) {
        *id = sqlite3_last_insert_rowid(db->h);
        ok = (!persons || insert_persons(db, *id, in, persons)) &&
             count_row(db, k, u.path, in) == RES_OK;
    }
    char action[32];
    snprintf(action, sizeof(action), "%s.create", names[k]);
    if (!ok || audit_record(db, who, action, names[k], *id, audit_doc(k, u.code, in, persons)) !=
                   RES_OK) {
        if (!ok)
            json_decref(persons);
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result chronicle_create_job(struct db *db, void *arg)
{
    struct chronicle_create_job *job = arg;
    return chronicle_create(db, job->who, job->k, &job->in, &job->id, &job->err);
}

/* ---- lists ---- */

/* Every list's columns: id, unit code, unit name, title, day, level, kind, outlet, link,
 * attendees, minutes, persons. ?5 narrows chronicle_filter_kinds[k]'s column (media and
 * meetings), ?8 the level (commendations and media). A list of few records reads unit by unit
 * (the CROSS JOIN keeps that order whatever the statistics say: with a sampled ANALYZE of a
 * grown database the planner read every record from the newest day down), as its count. */
static const char *const list_sql[] = {
    [CHRONICLE_COMMENDATION] =
        "SELECT r.id, u.code, u.name, r.title, r.day, r.level, '', '', '', NULL, '',"
        " (SELECT count(*) FROM commendation_person p WHERE p.commendation_id = r.id)"
        " FROM unit u CROSS JOIN commendation r ON r.unit_id = u.id WHERE "
        REGISTRY_SPAN_SQL("u.path", "r.day") " AND (?8 IS NULL OR r.level = ?8)"
        " ORDER BY r.day DESC, r.id DESC LIMIT ?6 OFFSET ?7",
    [CHRONICLE_MEDIA] =
        "SELECT r.id, u.code, u.name, r.title, r.day, r.level, r.kind, r.outlet, r.link, NULL,"
        " '', 0 FROM unit u CROSS JOIN media r ON r.unit_id = u.id WHERE "
        REGISTRY_SPAN_SQL("u.path", "r.day") " AND (?5 IS NULL OR r.kind = ?5)"
        " AND (?8 IS NULL OR r.level = ?8)"
        " ORDER BY r.day DESC, r.id DESC LIMIT ?6 OFFSET ?7",
    [CHRONICLE_MEETING] =
        "SELECT r.id, u.code, u.name, r.title, r.day, '', r.kind, '', '', r.attendees,"
        " r.minutes, 0 FROM unit u CROSS JOIN meeting r ON r.unit_id = u.id WHERE "
        REGISTRY_SPAN_SQL("u.path", "r.day") " AND (?5 IS NULL OR r.kind = ?5)"
        " ORDER BY r.day DESC, r.id DESC LIMIT ?6 OFFSET ?7",
};

/* The same for a list of many records: from the newest day down, the page's rows found early. */
static const char *const list_by_day_sql[] = {
    [CHRONICLE_COMMENDATION] =
        "SELECT r.id, u.code, u.name, r.title, r.day, r.level, '', '', '', NULL, '',"
        " (SELECT count(*) FROM commendation_person p WHERE p.commendation_id = r.id)"
        " FROM commendation r INDEXED BY commendation_day JOIN unit u ON u.id = r.unit_id WHERE "
        REGISTRY_SPAN_SQL("u.path", "r.day") " AND (?8 IS NULL OR r.level = ?8)"
        " ORDER BY r.day DESC, r.id DESC LIMIT ?6 OFFSET ?7",
    [CHRONICLE_MEDIA] =
        "SELECT r.id, u.code, u.name, r.title, r.day, r.level, r.kind, r.outlet, r.link, NULL,"
        " '', 0 FROM media r INDEXED BY media_day JOIN unit u ON u.id = r.unit_id WHERE "
        REGISTRY_SPAN_SQL("u.path", "r.day") " AND (?5 IS NULL OR r.kind = ?5)"
        " AND (?8 IS NULL OR r.level = ?8)"
        " ORDER BY r.day DESC, r.id DESC LIMIT ?6 OFFSET ?7",
    [CHRONICLE_MEETING] =
        "SELECT r.id, u.code, u.name, r.title, r.day, '', r.kind, '', '', r.attendees,"
        " r.minutes, 0 FROM meeting r INDEXED BY meeting_day JOIN unit u ON u.id = r.unit_id"
        " WHERE " REGISTRY_SPAN_SQL("u.path", "r.day") " AND (?5 IS NULL OR r.kind = ?5)"
        " ORDER BY r.day DESC, r.id DESC LIMIT ?6 OFFSET ?7",
};

static const char *const max_id_sql[] = {
    [CHRONICLE_COMMENDATION] = "SELECT max(id) FROM commendation",
    [CHRONICLE_MEDIA] = "SELECT max(id) FROM media",
    [CHRONICLE_MEETING] = "SELECT max(id) FROM meeting",
};

static const char *const count_sql[] = {
    [CHRONICLE_COMMENDATION] = "SELECT count(*) FROM unit u CROSS JOIN commendation r"
                               " ON r.unit_id = u.id WHERE " REGISTRY_SPAN_SQL("u.path", "r.day")
                               " AND (?8 IS NULL OR r.level = ?8)",
    [CHRONICLE_MEDIA] = "SELECT count(*) FROM unit u CROSS JOIN media r ON r.unit_id = u.id"
                        " WHERE " REGISTRY_SPAN_SQL("u.path", "r.day")
                        " AND (?5 IS NULL OR r.kind = ?5) AND (?8 IS NULL OR r.level = ?8)",
    [CHRONICLE_MEETING] = "SELECT count(*) FROM unit u CROSS JOIN meeting r ON r.unit_id = u.id"
                          " WHERE " REGISTRY_SPAN_SQL("u.path", "r.day")
                          " AND (?5 IS NULL OR r.kind = ?5)",
};

/* The count of records f's subtree lists, from the roll-up (a few indexed rows): -1 when the
 * roll-up does not hold it (a unit alone, or a commendation's level). */
static long long tally_total(struct db *db, enum chronicle_kind k, const struct registry_filter *f,
                             const struct registry_span *s)
{
    /* commendations are counted as events, media per level, meetings per kind */
    if ((k == CHRONICLE_COMMENDATION && s->level) || (k == CHRONICLE_MEDIA && s->kind))
        return -1;
    const char *narrow = k == CHRONICLE_MEETING ? s->kind : s->level;
    static const char *const prefix[] = { [CHRONICLE_COMMENDATION] = "commendations.events",
                                          [CHRONICLE_MEDIA] = "media.",
                                          [CHRONICLE_MEETING] = "meetings." };
    size_t len = strlen(prefix[k]), n = 0;
    const char *keys[8];
    for (size_t i = 0; i < registry_n_keys && n < 7; i++)
        if (strncmp(registry_keys[i], prefix[k], len) == 0 &&
            (!narrow || strcmp(registry_keys[i] + len, narrow) == 0))
            keys[n++] = registry_keys[i];
    keys[n] = NULL;
    return registry_tally_total(db, f, s, keys);
}

static void read_entry(sqlite3_stmt *st, struct chronicle_entry *e)
{
    e->id = sqlite3_column_int64(st, 0);
    e->unit_code = db_col_text(st, 1);
    e->unit_name = db_col_text(st, 2);
    e->title = db_col_text(st, 3);
    e->day = db_col_text(st, 4);
    e->level = db_col_text(st, 5);
    e->kind = db_col_text(st, 6);
    e->outlet = db_col_text(st, 7);
    e->link = db_col_text(st, 8);
    e->attendees = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 9);
    e->minutes = db_col_text(st, 10);
    e->n_persons = sqlite3_column_int64(st, 11);
}

enum result chronicle_list(struct db *db, const struct actor *who, enum chronicle_kind k,
                           const struct registry_filter *f,
                           void (*fn)(void *ctx, const struct chronicle_entry *e), void *ctx,
                           long long *total, struct err *err)
{
    struct registry_span s;
    enum result r = registry_span(db, who, f, chronicle_filter_kinds[k], &s, err);
    if (r != RES_OK)
        return r == RES_FAIL ? db_fail(db, err) : r;
    long long n = tally_total(db, k, f, &s);
    if (n < 0) {
        sqlite3_stmt *st = db_stmt(db, count_sql[k]);
        if (!st)
            return db_fail(db, err);
        registry_bind_span(st, &s);
        n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        db_done(st);
    }
    if (total)
        *total = n;
    int by_day = registry_by_day(f, n, db_count(db, max_id_sql[k], NULL, 0));
    sqlite3_stmt *st = db_stmt(db, by_day ? list_by_day_sql[k] : list_sql[k]);
    if (!st)
        return db_fail(db, err);
    registry_bind_span(st, &s);
    sqlite3_bind_int64(st, 6, f->limit > 0 ? f->limit : -1);
    sqlite3_bind_int64(st, 7, f->offset > 0 ? f->offset : 0);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct chronicle_entry e;
        read_entry(st, &e);
        fn(ctx, &e);
    }
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : db_fail(db, err);
}

static const char *dup(struct arena *a, const char *s)
{
    return arena_strdup(a, s ? s : "");
}

enum result chronicle_commendation_get(struct db *db, const struct actor *who, long long id,
                                       struct arena *arena, struct chronicle_commendation *out,
                                       struct err *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = db_stmt(db, "SELECT r.id, u.code, u.name, r.title, r.day, r.level, '', '',"
                                   " '', NULL, '', (SELECT count(*) FROM commendation_person p"
                                   " WHERE p.commendation_id = r.id), u.path FROM commendation r"
                                   " JOIN unit u ON u.id = r.unit_id WHERE r.id = ?1");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW && scope_has_path(who, db_col_text(st, 12))) {
        struct chronicle_entry *e = &out->e;
        read_entry(st, e);
        e->unit_code = dup(arena, e->unit_code);
        e->unit_name = dup(arena, e->unit_name);
        e->title = dup(arena, e->title);
        e->day = dup(arena, e->day);
        e->level = dup(arena, e->level);
        e->kind = e->outlet = e->link = e->minutes = "";
        found = 1;
    }
    db_done(st);
    if (!found)
        return err_set(err, RES_NOT_FOUND, "commendation", "err.not_found");
    out->persons = arena_alloc(arena, ((size_t)out->e.n_persons + 1) * sizeof(*out->persons));
    st = db_stmt(db, "SELECT p.id, p.name, p.position, u.name, c.citation FROM commendation_person c"
                     " JOIN person p ON p.id = c.person_id JOIN unit u ON u.id = p.unit_id"
                     " WHERE c.commendation_id = ?1 ORDER BY c.seq");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW && out->n_persons < (size_t)out->e.n_persons) {
        struct chronicle_named *p = &out->persons[out->n_persons++];
        p->person = sqlite3_column_int64(st, 0);
        p->name = dup(arena, db_col_text(st, 1));
        p->position = dup(arena, db_col_text(st, 2));
        p->unit_name = dup(arena, db_col_text(st, 3));
        p->citation = dup(arena, db_col_text(st, 4));
    }
    db_done(st);
    return RES_OK;
}

/* ---- CSV import ---- */

static const char *const commendation_header[] = { "unit", "title", "level", "day", "person",
                                                   "citation" };
static const char *const media_header[] = { "unit", "title", "outlet", "level",
                                            "kind", "day",   "link" };
static const char *const meeting_header[] = { "unit", "title",     "kind",
                                              "day",  "attendees", "minutes" };
/* the catalog prefixes of the Chinese names of the values of each column (csv_columns) */
static const char *const commendation_values[] = { NULL, NULL, "chronicle.level.", NULL, NULL,
                                                   NULL };
static const char *const media_values[] = { NULL, NULL, NULL, "chronicle.level.",
                                            "chronicle.media_kind.", NULL, NULL };
static const char *const meeting_values[] = { NULL, NULL, "chronicle.meeting_kind.", NULL, NULL,
                                              NULL };
static const struct {
    struct csv_columns cols; /* the header, its date columns and named values */
    const char *line;        /* the header as one line */
} headers[] = {
    [CHRONICLE_COMMENDATION] = { { commendation_header, 6, 1u << 3, commendation_values },
                                 "unit,title,level,day,person,citation" },
    [CHRONICLE_MEDIA] = { { media_header, 7, 1u << 5, media_values },
                          "unit,title,outlet,level,kind,day,link" },
    [CHRONICLE_MEETING] = { { meeting_header, 6, 1u << 3, meeting_values },
                            "unit,title,kind,day,attendees,minutes" },
};

const char *chronicle_import_header(enum chronicle_kind k)
{
    return headers[k].line;
}

const struct csv_columns *chronicle_import_columns(enum chronicle_kind k)
{
    return &headers[k].cols;
}

struct import_ctx {
    struct db *db;           /* the store */
    const struct actor *who; /* the caller */
    enum chronicle_kind k;   /* the registry */
    long long *n_added;      /* records added */
    /* commendations: the last one added, which further lines of the same event join */
    long long last_id;       /* its id, 0 for none */
    char last_key[1024];     /* its unit, title, level and day */
    char last_path[UNIT_PATH_MAX]; /* its unit's path */
};

/* Adds one more person to the commendation the previous line made. */
static enum result join_commendation(struct import_ctx *ic, long long person, const char *day,
                                     const char *citation, struct err *e)
{
    struct db *db = ic->db;
    enum result r = err_text(e, "citation", citation, 0, CHRONICLE_TEXT_MAX, 1);
    if (r != RES_OK || (r = check_person(db, ic->who, ic->last_path, person, 0, e)) != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM commendation_person WHERE commendation_id = ?1"
                                   " AND person_id = ?2");
    if (!st)
        return db_fail(db, e);
    sqlite3_bind_int64(st, 1, ic->last_id);
    sqlite3_bind_int64(st, 2, person);
    int seen = sqlite3_step(st) == SQLITE_ROW;
    db_done(st);
    if (seen)
        return err_setf(e, RES_INVALID, "person", "err.duplicate", "%lld", person);
    st = db_stmt(db, "INSERT INTO commendation_person(commendation_id, seq, person_id, citation)"
                     " SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3 FROM commendation_person"
                     " WHERE commendation_id = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, ic->last_id);
        sqlite3_bind_int64(st, 2, person);
        db_bind_text(st, 3, citation);
    }
    if (!step_done(st) ||
        registry_count(db, ic->last_path, day, "commendations.persons", 1) != RES_OK ||
        audit_record(ic->db, ic->who, "commendation.person", "commendation", ic->last_id,
                     json_pack("{s:I, s:s}", "person", (json_int_t)person, "citation",
                               citation)) != RES_OK)
        return db_fail(db, e);
    return RES_OK;
}

static enum result import_row(void *ctx, char **f, struct err *e)
{
    struct import_ctx *ic = ctx;
    struct chronicle_input in = { .unit = f[0], .title = f[1], .attendees = -1 };
    struct chronicle_person p = { 0 };
    switch (ic->k) {
    case CHRONICLE_COMMENDATION: {
        in.level = f[2];
        in.day = f[3];
        if (str_to_ll(f[4], 1, 1LL << 62, &p.person) != 0)
            return err_set(e, RES_INVALID, "person", "chronicle.bad_number");
        p.citation = f[5];
        in.persons = &p;
        in.n_persons = 1;
        char key[sizeof(ic->last_key)];
        snprintf(key, sizeof(key), "%s\x1f%s\x1f%s\x1f%s", f[0], f[1], f[2], f[3]);
        if (ic->last_id && strcmp(key, ic->last_key) == 0)
            return join_commendation(ic, p.person, in.day, p.citation, e);
        snprintf(ic->last_key, sizeof(ic->last_key), "%s", key);
        ic->last_id = 0;
        break;
    }
    case CHRONICLE_MEDIA:
        in.outlet = f[2];
        in.level = f[3];
        in.kind = f[4];
        in.day = f[5];
        in.link = f[6];
        break;
    case CHRONICLE_MEETING:
        in.kind = f[2];
        in.day = f[3];
        if (*f[4] && str_to_ll(f[4], 0, 10000000, &in.attendees) != 0)
            return err_setf(e, RES_INVALID, "attendees", "err.range", "0-10000000");
        in.minutes = f[5];
        break;
    }
    long long id;
    enum result r = chronicle_create(ic->db, ic->who, ic->k, &in, &id, e);
    if (r != RES_OK)
        return r;
    (*ic->n_added)++;
    if (ic->k == CHRONICLE_COMMENDATION) {
        struct unit u;
        if (unit_get(ic->db, ic->who, in.unit, &u, e) != RES_OK)
            return RES_FAIL;
        ic->last_id = id;
        snprintf(ic->last_path, sizeof(ic->last_path), "%s", u.path);
    }
    return RES_OK;
}

enum result chronicle_import(struct db *db, const struct actor *who, enum chronicle_kind k,
                             const char *data, size_t len, long long *n_added,
                             const struct import_report *rep)
{
    struct import_ctx ic = { .db = db, .who = who, .k = k, .n_added = n_added };
    *n_added = 0;
    enum result r = db_import_csv(db, data, len, &headers[k].cols, import_row, &ic, rep);
    if (r != RES_OK)
        *n_added = 0;
    return r;
}

enum result commendation_import(struct db *db, const struct actor *who, long long arg,
                                const char *data, size_t len, long long *n_added,
                                const struct import_report *rep)
{
    (void)arg;
    return chronicle_import(db, who, CHRONICLE_COMMENDATION, data, len, n_added, rep);
}

enum result media_import(struct db *db, const struct actor *who, long long arg, const char *data,
                         size_t len, long long *n_added, const struct import_report *rep)
{
    (void)arg;
    return chronicle_import(db, who, CHRONICLE_MEDIA, data, len, n_added, rep);
}

enum result meeting_import(struct db *db, const struct actor *who, long long arg,
                           const char *data, size_t len, long long *n_added,
                           const struct import_report *rep)
{
    (void)arg;
    return chronicle_import(db, who, CHRONICLE_MEETING, data, len, n_added, rep);
}
