/*
 * People model; see person.h. Mechanism layer: rules and SQL for the person table; keeps the
 * unit tree's people counts through unit_count_persons(); audits every change.
 */
#include "person/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "unit/unit.h"

int person_phone_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0, digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (!(s[i] == '-' || s[i] == ' ' || (s[i] == '+' && i == 0)))
            return 0;
    }
    return n == 0 || (digits >= 3 && n <= PERSON_PHONE_MAX);
}

int person_email_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0)
        return 1;
    const char *at = strchr(s, '@');
    if (n > PERSON_EMAIL_MAX || !at || at == s || !at[1] || strchr(at + 1, '@') ||
        !strchr(at + 1, '.'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ' || s[i] == '<' || s[i] == '>' || s[i] == ',' ||
            s[i] == '"' || s[i] == 0x7f)
            return 0;
    return 1;
}

enum result person_add(struct db *db, const struct actor *who, const struct person_input *in,
                       long long *id, struct err *err)
{
    enum result r = err_text(err, "name", in->name, 1, PERSON_NAME_MAX, 0);
    if (r == RES_OK)
        r = err_text(err, "position", in->position, 0, PERSON_POSITION_MAX, 0);
    if (r != RES_OK)
        return r;
    if (!person_phone_valid(in->phone))
        return err_set(err, RES_INVALID, "phone", "err.bad_phone");
    if (!person_email_valid(in->email))
        return err_set(err, RES_INVALID, "email", "err.bad_email");
    if (!in->unit_code || !*in->unit_code)
        return err_set(err, RES_INVALID, "unit", "err.required");
    struct unit u;
    if ((r = unit_get(db, who, in->unit_code, &u, err)) != RES_OK)
        return r;
    if ((r = scope_check(who, u.path, PERM_PERSON_WRITE, err)) != RES_OK)
        return r;
    if ((r = db_tx_begin(db)) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *st =
        db_stmt(db, "INSERT INTO person(unit_id, name, position, phone, email)"
                    " VALUES (?1, ?2, ?3, coalesce(?4, ''), coalesce(?5, ''))");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, u.id);
    db_bind_text(st, 2, in->name);
    db_bind_text(st, 3, in->position);
    db_bind_text(st, 4, in->phone);
    db_bind_text(st, 5, in->email);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        goto fail;
    *id = sqlite3_last_insert_rowid(db->h);
    if (unit_count_persons(db, u.id, 1) != RES_OK)
        goto fail;
    json_t *after = json_pack("{s:s, s:s, s:s}", "unit", u.code, "name", in->name, "position",
                              in->position ? in->position : "");
    r = audit_record(db, who, "person.add", "person", *id, after);
    if (r != RES_OK)
        goto fail;
    if (db_tx_commit(db) != RES_OK)
        return db_fail(db, err);
    return RES_OK;
fail:
    db_tx_rollback(db);
    return db_fail(db, err);
}

enum result person_add_job(struct db *db, void *arg)
{
    struct person_add_job *job = arg;
    return person_add(db, job->who, &job->in, &job->id, &job->err);
}

static void person_from_row(sqlite3_stmt *st, struct person *p)
{
    p->id = sqlite3_column_int64(st, 0);
    p->unit_id = sqlite3_column_int64(st, 1);
    p->name = db_col_text(st, 2);
    p->position = db_col_text(st, 3);
    p->unit_code = db_col_text(st, 4);
    p->unit_name = db_col_text(st, 5);
    p->login = db_col_text(st, 6);
    p->role = db_col_text(st, 7);
    p->phone = db_col_text(st, 8);
    p->email = db_col_text(st, 9);
}

enum result person_each_in(struct db *db, const struct actor *who, const char *unit_code,
                           enum name_order order, long long offset, long long limit,
                           long long *total, void (*fn)(void *ctx, const struct person *p),
                           void *ctx, struct err *err)
{
    struct unit u;
    enum result r = unit_get(db, who, unit_code, &u, err);
    if (r != RES_OK)
        return r;
    *total = u.n_persons;
#define PERSON_ROWS                                                                              \
    "SELECT p.id, p.unit_id, p.name, p.position, u.code, u.name, coalesce(a.login, ''),"         \
    " coalesce(a.role, ''), p.phone, p.email FROM person p JOIN unit u ON u.id = p.unit_id"       \
    " LEFT JOIN account a ON a.person_id = p.id WHERE p.unit_id = ?1 AND p.active = 1"
    /* stroke order by the stored, indexed key; pinyin on request, sorted as read */
    sqlite3_stmt *st =
        db_stmt(db, order == ORDER_PINYIN
                        ? PERSON_ROWS " ORDER BY pinyin_key(p.name), p.id LIMIT ?2 OFFSET ?3"
                        : PERSON_ROWS " ORDER BY p.name_key, p.id LIMIT ?2 OFFSET ?3");
#undef PERSON_ROWS
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    sqlite3_bind_int64(st, 2, limit);
    sqlite3_bind_int64(st, 3, offset);
    struct person p;
    while (sqlite3_step(st) == SQLITE_ROW) {
        person_from_row(st, &p);
        fn(ctx, &p);
    }
    db_done(st);
    return RES_OK;
}

enum result person_each(struct db *db, const struct actor *who, const char *unit_code,
                        long long offset, long long limit, long long *total,
                        void (*fn)(void *ctx, const struct person *p), void *ctx, struct err *err)
{
    return person_each_in(db, who, unit_code, ORDER_STROKE, offset, limit, total, fn, ctx, err);
}

enum result person_get(struct db *db, const struct actor *who, long long id,
                       void (*fn)(void *ctx, const struct person *p), void *ctx)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT p.id, p.unit_id, p.name, p.position, u.code, u.name,"
                                   " coalesce(a.login, ''), coalesce(a.role, ''), p.phone,"
                                   " p.email, u.path"
                                   " FROM person p JOIN unit u ON u.id = p.unit_id"
                                   " LEFT JOIN account a ON a.person_id = p.id WHERE p.id = ?1");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW &&
        scope_check(who, db_col_text(st, 10), PERM_READ, NULL) == RES_OK) {
        struct person p;
        person_from_row(st, &p);
        fn(ctx, &p);
        r = RES_OK;
    }
    db_done(st);
    return r;
}
