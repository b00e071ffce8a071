/* Accounts, passwords, tokens and sessions; see account.h. Auth layer. */
#include "auth/account.h"
#include "auth/jurisdiction.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/str.h"

enum result password_hash(const char *password, char *out, struct err *err)
{
    size_t n = strlen(password);
    if (!utf8_valid(password, n))
        return err_set(err, RES_INVALID, "password", "err.bad_utf8");
    if (n < PASSWORD_MIN)
        return err_setf(err, RES_INVALID, "password", "err.password_short", "%d", PASSWORD_MIN);
    if (n > PASSWORD_MAX)
        return err_set(err, RES_INVALID, "password", "err.too_long");
    if (crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        log_error("password hash: out of memory");
        return err_set(err, RES_FAIL, NULL, "err.internal");
    }
    return RES_OK;
}

enum result password_hash_initial(const char *password, char *out)
{
    if (crypto_pwhash_str_alg(out, password, strlen(password), INITIAL_OPSLIMIT,
                              INITIAL_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        log_error("password hash: out of memory");
        return RES_FAIL;
    }
    return RES_OK;
}

void password_generate(char out[PASSWORD_GENERATED + 1])
{
    /* no 0 O 1 l I: read off a slip and typed by hand */
    static const char letters[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < PASSWORD_GENERATED; i++)
        out[i] = letters[randombytes_uniform(sizeof(letters) - 1)];
    out[PASSWORD_GENERATED] = '\0';
}

int login_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 32)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 (i > 0 && (c == '_' || c == '.' || c == '-'));
        if (!ok)
            return 0;
    }
    return 1;
}

/* Loads the unit path of a person, or of an account's person when by_login is set. */
static enum result owner_path(struct db *db, long long person_id, const char *login,
                              char path[UNIT_PATH_MAX], long long *account_id, int *is_admin)
{
    sqlite3_stmt *st;
    if (login) {
        st = db_stmt(db, "SELECT u.path, a.id, a.role = 'admin' FROM account a"
                         " JOIN unit u ON u.id = a.unit_id WHERE a.login = ?1");
        if (!st)
            return RES_FAIL;
        db_bind_text(st, 1, login);
    } else {
        st = db_stmt(db, "SELECT u.path, 0, 0 FROM person p JOIN unit u ON u.id = p.unit_id"
                         " WHERE p.id = ?1");
        if (!st)
            return RES_FAIL;
        sqlite3_bind_int64(st, 1, person_id);
    }
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(path, UNIT_PATH_MAX, "%s", db_col_text(st, 0));
        if (account_id)
            *account_id = sqlite3_column_int64(st, 1);
        if (is_admin)
            *is_admin = sqlite3_column_int(st, 2);
        r = RES_OK;
    }
    db_done(st);
    return r;
}

enum result account_add(struct db *db, const struct actor *who, const struct account_input *in,
                        long long *id, struct err *err)
{
    if (!in->login || !login_valid(in->login))
        return err_set(err, RES_INVALID, "login", "err.login_format");
    int role = role_parse(in->role);
    if (role < 0)
        return err_set(err, RES_INVALID, "role", "err.bad_enum");
    if (role == ROLE_ADMIN && who->role != ROLE_ADMIN)
        return err_set(err, RES_FORBIDDEN, "role", "err.forbidden");
    char path[UNIT_PATH_MAX];
    enum result r = owner_path(db, in->person_id, NULL, path, NULL, NULL);
    if (r == RES_NOT_FOUND)
        return err_set(err, RES_NOT_FOUND, "person", "err.not_found");
    if (r != RES_OK || (r = scope_check(who, path, PERM_ACCOUNT_WRITE, err)) != RES_OK)
        return r;
    if (db_count(db, "SELECT count(*) FROM account WHERE login = ?1", in->login, 0) > 0)
        return err_set(err, RES_CONFLICT, "login", "err.duplicate");
    if ((r = db_tx_begin(db)) != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO account(login, person_id, unit_id, role, pw_hash,"
                                   " created, must_change) SELECT ?1, id, unit_id, ?3, ?4, ?5, ?6"
                                   " FROM person WHERE id = ?2");
    char now[26];
    clock_now(now);
    r = RES_FAIL;
    if (!st)
        goto fail;
    db_bind_text(st, 1, in->login);
    sqlite3_bind_int64(st, 2, in->person_id);
    db_bind_text(st, 3, role_name((enum role)role));
    db_bind_text(st, 4, in->password_hash);
    db_bind_text(st, 5, now);
    sqlite3_bind_int(st, 6, in->must_change != 0);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        r = err_set(err, RES_CONFLICT, "person", "err.has_account");
        goto fail;
    }
    if (rc != SQLITE_DONE)
        goto fail;
    *id = sqlite3_last_insert_rowid(db->h);
    json_t *after = json_pack("{s:s, s:I, s:s}", "login", in->login, "person",
                              (json_int_t)in->person_id, "role", role_name((enum role)role));
    r = audit_record(db, who, "account.add", "account", *id, after);
    if (r != RES_OK)
        goto fail;
    return db_tx_commit(db);
fail:
    db_tx_rollback(db);
    return r == RES_FAIL ? db_fail(db, err) : r;
}

/* Finds the account named login for a change by who: in scope, with the right to manage
 * accounts, and only an admin may act on an admin's account. */
static enum result account_target(struct db *db, const struct actor *who, const char *login,
                                  long long *account_id, struct err *err)
{
    char path[UNIT_PATH_MAX];
    int is_admin = 0;
    enum result r = owner_path(db, 0, login ? login : "", path, account_id, &is_admin);
    if (r == RES_NOT_FOUND)
        return err_set(err, RES_NOT_FOUND, "login", "err.not_found");
    if (r != RES_OK)
        return db_fail(db, err);
    if ((r = scope_check(who, path, PERM_ACCOUNT_WRITE, err)) != RES_OK)
        return r;
    if (is_admin && who->role != ROLE_ADMIN)
        return err_set(err, RES_FORBIDDEN, "login", "err.forbidden");
    return RES_OK;
}

/* Runs statements on the account named login, in scope, with an audit record, in one
 * transaction. Each statement binds ?1 to the account id and, when text is set, ?2 to text. */
static enum result account_change(struct db *db, const struct actor *who, const char *login,
                                  const char *const *sql, int n_sql, const char *text,
                                  const char *action, struct err *err)
{
    long long account_id = 0;
    enum result r = account_target(db, who, login, &account_id, err);
    if (r != RES_OK)
        return r;
    if ((r = db_tx_begin(db)) != RES_OK)
        return r;
    r = RES_FAIL;
    for (int i = 0; i < n_sql; i++) {
        sqlite3_stmt *st = db_stmt(db, sql[i]);
        if (!st)
            goto fail;
        sqlite3_bind_int64(st, 1, account_id);
        if (text && sqlite3_bind_parameter_count(st) >= 2)
            db_bind_text(st, 2, text);
        int rc = sqlite3_step(st);
        db_done(st);
        if (rc != SQLITE_DONE)
            goto fail;
    }
    char object[48];
    snprintf(object, sizeof(object), "account:%lld", account_id);
    if (audit_append(db, who, action, object, NULL, NULL) != RES_OK)
        goto fail;
    return db_tx_commit(db);
fail:
    db_tx_rollback(db);
    return db_fail(db, err);
}

enum result account_set_password(struct db *db, const struct actor *who, const char *login,
                                 const char *hash, struct err *err)
{
    static const char *const sql[] = {
        "UPDATE account SET pw_hash = ?2 WHERE id = ?1",
        "DELETE FROM session WHERE account_id = ?1",
    };
    return account_change(db, who, login, sql, 2, hash, "account.passwd", err);
}

enum result account_own_password(struct db *db, const struct actor *who, const char *hash,
                                 const char *keep, struct err *err)
{
    unsigned char kept[32] = { 0 };
    if (keep)
        token_digest(kept, keep);
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    sqlite3_stmt *set = db_stmt(db, "UPDATE account SET pw_hash = ?2, must_change = 0"
                                    " WHERE id = ?1 AND disabled = 0");
    sqlite3_stmt *end = set ? db_stmt(db, "DELETE FROM session WHERE account_id = ?1"
                                          " AND token_hash != ?2") : NULL;
    int ok = set && end;
    if (ok) {
        sqlite3_bind_int64(set, 1, who->account_id);
        db_bind_text(set, 2, hash);
        ok = sqlite3_step(set) == SQLITE_DONE && sqlite3_changes(db->h) == 1;
        db_done(set);
    }
    if (ok) {
        sqlite3_bind_int64(end, 1, who->account_id);
        sqlite3_bind_blob(end, 2, kept, sizeof(kept), SQLITE_STATIC);
        ok = sqlite3_step(end) == SQLITE_DONE;
        db_done(end);
    }
    char object[48];
    snprintf(object, sizeof(object), "account:%lld", who->account_id);
    if (!ok || audit_append(db, who, "account.password", object, NULL, NULL) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db);
}

enum result account_disable(struct db *db, const struct actor *who, const char *login,
                            struct err *err)
{
    static const char *const sql[] = {
        "UPDATE account SET disabled = 1 WHERE id = ?1",
        "DELETE FROM session WHERE account_id = ?1",
        "DELETE FROM api_token WHERE account_id = ?1",
    };
    return account_change(db, who, login, sql, 3, NULL, "account.disable", err);
}

enum result account_list(struct db *db, const struct actor *who, long long offset,
                         long long limit, long long *total,
                         void (*fn)(void *ctx, const struct account_row *row), void *ctx)
{
    if (!role_may(who->role, PERM_READ))
        return RES_FORBIDDEN;
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    if (total) {
        sqlite3_stmt *n = db_stmt(db, "SELECT count(*) FROM account a"
                                      " JOIN unit u ON u.id = a.unit_id"
                                      " WHERE u.path >= ?1 AND u.path < ?2");
        if (!n)
            return RES_FAIL;
        db_bind_text(n, 1, who->unit_path);
        db_bind_text(n, 2, end);
        *total = sqlite3_step(n) == SQLITE_ROW ? sqlite3_column_int64(n, 0) : 0;
        db_done(n);
    }
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id, a.login, p.name, u.code, u.name, a.role,"
                                   " a.disabled FROM account a JOIN unit u ON u.id = a.unit_id"
                                   " JOIN person p ON p.id = a.person_id"
                                   " WHERE u.path >= ?1 AND u.path < ?2 ORDER BY u.path, a.login"
                                   " LIMIT ?3 OFFSET ?4");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, who->unit_path);
    db_bind_text(st, 2, end);
    sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
    sqlite3_bind_int64(st, 4, offset > 0 ? offset : 0);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct account_row row = {
            .id = sqlite3_column_int64(st, 0),
            .login = db_col_text(st, 1),
            .name = db_col_text(st, 2),
            .unit_code = db_col_text(st, 3),
            .unit_name = db_col_text(st, 4),
            .role = db_col_text(st, 5),
            .disabled = sqlite3_column_int(st, 6),
        };
        fn(ctx, &row);
    }
    db_done(st);
    return RES_OK;
}

static enum result actor_from_row(sqlite3_stmt *st, struct actor *a)
{
    memset(a, 0, sizeof(*a));
    a->account_id = sqlite3_column_int64(st, 0);
    a->person_id = sqlite3_column_int64(st, 1);
    a->unit_id = sqlite3_column_int64(st, 2);
    snprintf(a->unit_path, sizeof(a->unit_path), "%s", db_col_text(st, 3));
    int role = role_parse(db_col_text(st, 4));
    snprintf(a->login, sizeof(a->login), "%s", db_col_text(st, 5));
    a->must_change = sqlite3_column_int(st, 6);
    if (role < 0)
        return RES_NOT_FOUND;
    a->role = (enum role)role;
    return RES_OK;
}

/* A hash to verify against when the login is unknown, so both cases take as long. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
    char pw[32];
    token_random_n(pw, sizeof(pw));
    if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash[0] = '\0';
}

enum result account_login(struct db *db, const char *login, const char *password,
                          struct actor *actor)
{
    pthread_once(&dummy_once, dummy_make);
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id, a.person_id, a.unit_id, u.path, a.role,"
                                   " a.login, a.must_change, a.pw_hash, a.disabled FROM account a"
                                   " JOIN unit u ON u.id = a.unit_id WHERE a.login = ?1");
    if (!st)
        return RES_FAIL;
    db_bind_text(st, 1, login);
    char hash[crypto_pwhash_STRBYTES];
    snprintf(hash, sizeof(hash), "%s", dummy_hash);
    int found = 0, disabled = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        found = actor_from_row(st, actor) == RES_OK;
        snprintf(hash, sizeof(hash), "%s", db_col_text(st, 7));
        disabled = sqlite3_column_int(st, 8);
    }
    db_done(st);
    int ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    return found && ok && !disabled ? actor_department(db, actor) : RES_NOT_FOUND;
}

enum result account_actor(struct db *db, long long account_id, struct actor *actor)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id, a.person_id, a.unit_id, u.path, a.role, a.login,"
                                   " a.must_change"
                                   " FROM account a JOIN unit u ON u.id = a.unit_id"
                                   " WHERE a.id = ?1 AND a.disabled = 0");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, account_id);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW)
        r = actor_from_row(st, actor);
    db_done(st);
    return r == RES_OK ? actor_department(db, actor) : r;
}

enum result account_signon(struct db *db, const char *login, struct actor *actor)
{
    long long id = db_count(db, "SELECT id FROM account WHERE login = ?1", login, 0);
    return id > 0 ? account_actor(db, id, actor) : RES_NOT_FOUND;
}

long long session_count_active(struct db *db, time_t now)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM session WHERE created > ?1 AND seen > ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)(now - SESSION_MAX));
    sqlite3_bind_int64(st, 2, (sqlite3_int64)(now - SESSION_IDLE));
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    db_done(st);
    return n;
}

void token_digest(unsigned char out[32], const char *token)
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

void token_random(char token[TOKEN_TEXT])
{
    token_random_n(token, TOKEN_TEXT);
}

void token_random_n(char *out, size_t size)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (size_t i = 0; i + 1 < size; i++)
        out[i] = alphabet[randombytes_uniform(64)];
    out[size - 1] = '\0';
}

enum result token_create(struct db *db, const struct actor *who, const char *login,
                         char token[TOKEN_TEXT], struct err *err)
{
    long long account_id = 0;
    enum result r = account_target(db, who, login, &account_id, err);
    if (r != RES_OK)
        return r;
    if (db_count(db, "SELECT disabled FROM account WHERE login = ?1", login, 0))
        return err_set(err, RES_CONFLICT, "login", "err.disabled");
    token_random(token);
    unsigned char digest[32];
    token_digest(digest, token);
    char now[26];
    clock_now(now);
    if ((r = db_tx_begin(db)) != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO api_token(token_hash, account_id, created)"
                                   " VALUES (?1, ?2, ?3)");
    r = RES_FAIL;
    if (!st)
        goto fail;
    sqlite3_bind_blob(st, 1, digest, sizeof(digest), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, account_id);
    db_bind_text(st, 3, now);
    int rc = sqlite3_step(st);
    db_done(st);
    char object[48];
    snprintf(object, sizeof(object), "account:%lld", account_id);
    if (rc != SQLITE_DONE || audit_append(db, who, "token.create", object, NULL, NULL) != RES_OK)
        goto fail;
    return db_tx_commit(db);
fail:
    db_tx_rollback(db);
    return db_fail(db, err);
}

/* Both actor lookups join with CROSS JOIN, which pins the token as the outer loop: with
 * statistics older than the accounts table the planner would otherwise scan every account and
 * probe the token index once per account. */
enum result token_actor(struct db *db, const char *token, struct actor *actor)
{
    unsigned char digest[32];
    token_digest(digest, token);
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id, a.person_id, a.unit_id, u.path, a.role, a.login,"
                                   " a.must_change"
                                   " FROM api_token t CROSS JOIN account a ON a.id = t.account_id"
                                   " CROSS JOIN unit u ON u.id = a.unit_id"
                                   " WHERE t.token_hash = ?1 AND a.disabled = 0");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_blob(st, 1, digest, sizeof(digest), SQLITE_STATIC);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW)
        r = actor_from_row(st, actor);
    db_done(st);
    return r == RES_OK ? actor_department(db, actor) : r;
}

enum result session_create(struct db *db, long long account_id, char token[TOKEN_TEXT])
{
    token_random(token);
    unsigned char digest[32];
    token_digest(digest, token);
    time_t now = clock_unix();
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO session(token_hash, account_id, created, seen)"
                                   " VALUES (?1, ?2, ?3, ?3)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_blob(st, 1, digest, sizeof(digest), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, account_id);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    st = db_stmt(db, "DELETE FROM session WHERE created < ?1 OR seen < ?2");
    if (st) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)(now - SESSION_MAX));
        sqlite3_bind_int64(st, 2, (sqlite3_int64)(now - SESSION_IDLE));
        sqlite3_step(st);
        db_done(st);
    }
    return RES_OK;
}

enum result session_actor(struct db *db, const char *token, time_t now, struct actor *actor,
                          int *stale)
{
    unsigned char digest[32];
    token_digest(digest, token);
    sqlite3_stmt *st = db_stmt(db, "SELECT a.id, a.person_id, a.unit_id, u.path, a.role, a.login,"
                                   " a.must_change, s.created, s.seen FROM session s"
                                   " CROSS JOIN account a ON a.id = s.account_id"
                                   " CROSS JOIN unit u ON u.id = a.unit_id"
                                   " WHERE s.token_hash = ?1 AND a.disabled = 0");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_blob(st, 1, digest, sizeof(digest), SQLITE_STATIC);
    enum result r = RES_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        time_t created = (time_t)sqlite3_column_int64(st, 7);
        time_t seen = (time_t)sqlite3_column_int64(st, 8);
        if (now - created < SESSION_MAX && now - seen < SESSION_IDLE) {
            r = actor_from_row(st, actor);
            *stale = now - seen >= SESSION_TOUCH;
        }
    }
    db_done(st);
    return r == RES_OK ? actor_department(db, actor) : r;
}

static enum result session_run(struct db *db, const char *sql, const char *token, time_t now)
{
    unsigned char digest[32];
    token_digest(digest, token);
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return RES_FAIL;
    sqlite3_bind_blob(st, 1, digest, sizeof(digest), SQLITE_STATIC);
    if (now)
        sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum result session_touch(struct db *db, const char *token, time_t now)
{
    return session_run(db, "UPDATE session SET seen = ?2 WHERE token_hash = ?1", token, now);
}

enum result session_delete(struct db *db, const char *token)
{
    return session_run(db, "DELETE FROM session WHERE token_hash = ?1", token, 0);
}

enum result secret_key(struct db *db, const char *name, unsigned char *out, size_t n,
                       struct buf *errmsg)
{
    int ok = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key = ?1");
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && (size_t)sqlite3_column_bytes(st, 0) == n) {
            memcpy(out, sqlite3_column_blob(st, 0), n);
            ok = 1;
        }
        db_done(st);
    }
    if (ok)
        return RES_OK;
    randombytes_buf(out, n);
    st = db_stmt(db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 2, out, (int)n, SQLITE_STATIC);
        ok = sqlite3_step(st) == SQLITE_DONE;
        db_done(st);
    }
    if (!ok) {
        buf_addf(errmsg, "cannot store the server key: %s", sqlite3_errmsg(db->h));
        return RES_FAIL;
    }
    return RES_OK;
}
