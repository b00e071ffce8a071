/*
 * Tests of the store and the models (src/db, src/auth, src/unit, src/person) on real SQLite
 * files: pragmas and migrations, transactions, the single writer, the unit tree, scopes,
 * accounts, sessions and the audit chain. No mocks; each test opens a fresh database.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests.h"

#include "attachment/attachment.h"
#include "auth/account.h"
#include "auth/audit.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/embedded.h"
#include "db/db.h"
#include "person/person.h"
#include "registry/registry.h"
#include "unit/unit.h"

enum { PATH_LEN = 512 };

#define PASSWORD "correct horse 台账"

/* ---- helpers ---- */

/* Creates a fresh database; its path is copied into path when given. */
static struct db *open_fresh(char *path)
{
    char local[PATH_LEN];
    if (!path)
        path = local;
    snprintf(path, PATH_LEN, "%s", test_tmp_db());
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(path, DB_F_CREATE, &msg);
    if (!db)
        print_error("db_open: %s\n", buf_str(&msg));
    buf_release(&msg);
    assert_non_null(db);
    return db;
}

static long long n_units(struct db *db)
{
    return db_count(db, "SELECT count(*) FROM unit", NULL, -1);
}

static long long n_person_rows(struct db *db)
{
    return db_count(db, "SELECT count(*) FROM person", NULL, -1);
}

static long long n_audit(struct db *db)
{
    return db_count(db, "SELECT count(*) FROM audit", NULL, -1);
}

static long long add_unit(struct db *db, const struct actor *who, const char *code,
                          const char *parent, const char *kind)
{
    struct unit_input in = { code, code, parent, kind };
    struct err e = { 0 };
    long long id = 0;
    enum result r = unit_add(db, who, &in, &id, &e);
    if (r != RES_OK)
        fail_msg("unit_add '%s': %d %s %s", code, r, e.field ? e.field : "-", e.msg ? e.msg : "-");
    assert_true(id > 0);
    return id;
}

static long long add_person(struct db *db, const struct actor *who, const char *unit,
                            const char *name)
{
    struct person_input in = { .unit_code = unit, .name = name, .position = "科员" };
    struct err e = { 0 };
    long long id = 0;
    enum result r = person_add(db, who, &in, &id, &e);
    if (r != RES_OK)
        fail_msg("person_add '%s' in '%s': %d %s %s", name, unit, r, e.field ? e.field : "-",
                 e.msg ? e.msg : "-");
    assert_true(id > 0);
    return id;
}

/* From testlib.c, whose other helpers this file has its own of. */
struct unit get_unit(struct db *db, const char *code);

/* P > C1 > K1, K2 and P > C2 > K3, added in that order (ids 1..6). */
static void build_tree(struct db *db)
{
    struct actor sys;
    actor_system(&sys);
    add_unit(db, &sys, "P", NULL, "province");
    add_unit(db, &sys, "C1", "P", "city");
    add_unit(db, &sys, "K1", "C1", "county");
    add_unit(db, &sys, "K2", "C1", "county");
    add_unit(db, &sys, "C2", "P", "city");
    add_unit(db, &sys, "K3", "C2", "county");
}

/* The argon2id hash of PASSWORD, made once: hashing is slow by design. */
static const char *pw_hash(void)
{
    static char hash[crypto_pwhash_STRBYTES];
    if (!hash[0]) {
        struct err e = { 0 };
        assert_int_equal(password_hash(PASSWORD, hash, &e), RES_OK);
    }
    return hash;
}

/* Adds a person named login to unit and an account for them; returns the account id. */
static long long add_account(struct db *db, const char *unit, const char *login, const char *role)
{
    struct actor sys;
    actor_system(&sys);
    long long person_id = add_person(db, &sys, unit, login);
    struct account_input in = { .login = login, .person_id = person_id, .role = role,
                                .password_hash = pw_hash() };
    struct err e = { 0 };
    long long id = 0;
    enum result r = account_add(db, &sys, &in, &id, &e);
    if (r != RES_OK)
        fail_msg("account_add '%s': %d %s", login, r, e.field ? e.field : "-");
    return id;
}

/* The actor of an account, through an API token (no slow password check). */
static void actor_of(struct db *db, const char *login, struct actor *out)
{
    struct actor sys;
    actor_system(&sys);
    char token[TOKEN_TEXT];
    struct err e = { 0 };
    assert_int_equal(token_create(db, &sys, login, token, &e), RES_OK);
    assert_int_equal(token_actor(db, token, out), RES_OK);
    assert_string_equal(out->login, login);
}

/* Adds an account and returns its actor. */
static void make_actor(struct db *db, const char *unit, const char *login, const char *role,
                       struct actor *out)
{
    add_account(db, unit, login, role);
    actor_of(db, login, out);
}

static void collect_code(void *ctx, const struct unit *u)
{
    struct buf *b = ctx;
    if (b->len)
        buf_addch(b, ',');
    buf_adds(b, u->code);
}

/* Checks the codes unit_each yields for root (NULL: the actor's scope). */
static void expect_each(struct db *db, const struct actor *who, const char *root, int max_depth,
                        enum result want_r, const char *want)
{
    struct unit r = { 0 };
    if (root)
        r = get_unit(db, root);
    struct buf b;
    buf_init(&b, 4096);
    enum result got = unit_each(db, who, root ? &r : NULL, max_depth, collect_code, &b);
    if (got != want_r || strcmp(buf_str(&b), want) != 0)
        fail_msg("unit_each(%s, %d): %d '%s', want %d '%s'", root ? root : "NULL", max_depth, got,
                 buf_str(&b), want_r, want);
    buf_release(&b);
}

static void collect_full(void *ctx, const struct unit *u)
{
    buf_addf(ctx, "%s %s %s %d %s %lld %lld %lld\n", u->code, u->name, u->path, u->depth,
             u->parent_code, u->n_persons, u->n_total, u->n_children);
}

/* Every unit's fields, and the audit length: equal snapshots mean nothing changed. */
static char *snapshot(struct db *db)
{
    struct actor sys;
    actor_system(&sys);
    struct buf b;
    buf_init(&b, 1 << 16);
    assert_int_equal(unit_each(db, &sys, NULL, -1, collect_full, &b), RES_OK);
    buf_addf(&b, "audit %lld\n", n_audit(db));
    assert_int_equal(b.err, 0);
    return buf_detach(&b, NULL);
}

static void expect_unchanged(struct db *db, const char *before)
{
    char *now = snapshot(db);
    if (strcmp(now, before) != 0)
        fail_msg("the store changed:\n%s\nbecame\n%s", before, now);
    free(now);
}

static void expect_audit_ok(struct db *db, long long want_records)
{
    struct buf msg;
    buf_init(&msg, 1024);
    long long n = -1, bad = -1;
    enum result r = audit_verify(db, &n, &bad, &msg);
    if (r != RES_OK)
        fail_msg("audit_verify: %d %s", r, buf_str(&msg));
    assert_int_equal(n, want_records);
    assert_int_equal(bad, 0);
    buf_release(&msg);
}

/* ---- the store ---- */

static void test_db_open_refuses_existing(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    char path[PATH_LEN];
    struct db *db = open_fresh(path);
    add_unit(db, &sys, "P", NULL, NULL);
    db_close(db);

    struct buf msg;
    buf_init(&msg, 1024);
    assert_null(db_open(path, DB_F_CREATE, &msg));
    assert_non_null(strstr(buf_str(&msg), "already exists"));

    /* the database is untouched and opens normally */
    buf_reset(&msg);
    db = db_open(path, 0, &msg);
    assert_non_null(db);
    assert_int_equal(n_units(db), 1);
    db_close(db);

    /* nor is any other file overwritten */
    char other[PATH_LEN];
    snprintf(other, sizeof(other), "%s", test_tmp_db());
    FILE *f = fopen(other, "w");
    assert_non_null(f);
    fputs("not a database\n", f);
    fclose(f);
    buf_reset(&msg);
    assert_null(db_open(other, DB_F_CREATE, &msg));
    char text[64] = "";
    f = fopen(other, "r");
    assert_non_null(f);
    assert_non_null(fgets(text, sizeof(text), f));
    fclose(f);
    assert_string_equal(text, "not a database\n");

    /* without DB_F_CREATE a missing file is an error, and is not created */
    char missing[PATH_LEN];
    snprintf(missing, sizeof(missing), "%s", test_tmp_db());
    buf_reset(&msg);
    assert_null(db_open(missing, 0, &msg));
    assert_true(msg.len > 0);
    assert_int_not_equal(access(missing, F_OK), 0);
    buf_release(&msg);
}

static void test_db_pragmas(void **state)
{
    (void)state;
    char path[PATH_LEN];
    struct db *db = open_fresh(path);

    long long newest = 0;
    for (size_t i = 0; i < n_embedded_files; i++) {
        static const char prefix[] = "db/schema/";
        if (strncmp(embedded_files[i].name, prefix, sizeof(prefix) - 1) == 0) {
            long v = strtol(embedded_files[i].name + sizeof(prefix) - 1, NULL, 10);
            if (v > newest)
                newest = v;
        }
    }
    assert_true(newest >= 1);
    assert_int_equal(db_count(db, "PRAGMA user_version", NULL, -1), newest);
    assert_true(db_count(db, "PRAGMA application_id", NULL, 0) != 0);
    assert_int_equal(db_count(db,
                              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
                              " name IN ('unit','person','account','session','api_token',"
                              "'audit')",
                              NULL, -1),
                     6);

    sqlite3_stmt *st = db_stmt(db, "PRAGMA journal_mode");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(db_col_text(st, 0), "wal");
    db_done(st);

    assert_int_equal(db_count(db, "PRAGMA foreign_keys", NULL, -1), 1);
    /* and they are enforced */
    assert_int_not_equal(sqlite3_exec(db->h, "INSERT INTO person(unit_id, name) VALUES (4242, 'x')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(n_person_rows(db), 0);
    db_close(db);

    /* reopening applies nothing twice */
    struct buf msg;
    buf_init(&msg, 1024);
    db = db_open(path, 0, &msg);
    assert_non_null(db);
    assert_int_equal(db_count(db, "PRAGMA user_version", NULL, -1), newest);
    assert_int_equal(db_count(db, "PRAGMA foreign_keys", NULL, -1), 1);
    db_close(db);
    buf_release(&msg);
}

static void test_db_foreign_file(void **state)
{
    (void)state;
    char path[PATH_LEN];
    snprintf(path, sizeof(path), "%s", test_tmp_db());
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(h, "PRAGMA application_id = 7; CREATE TABLE t(x)", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(h);
    struct buf msg;
    buf_init(&msg, 1024);
    assert_null(db_open(path, 0, &msg));
    assert_non_null(strstr(buf_str(&msg), "not a taizhang database"));
    buf_release(&msg);
}

static void test_db_guard(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    db_guard(db, 1);
    struct unit_input in = { "P", "省", NULL, NULL };
    struct err e = { 0 };
    long long id = 0;
    assert_int_not_equal(unit_add(db, &sys, &in, &id, &e), RES_OK);
    assert_int_equal(db->tx_depth, 0);
    assert_int_equal(n_units(db), 0);
    assert_int_equal(n_audit(db), 0);
    db_guard(db, 0);
    assert_int_equal(unit_add(db, &sys, &in, &id, &e), RES_OK);
    assert_int_equal(n_units(db), 1);
    db_close(db);
}

static void test_db_nested_tx(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    char path[PATH_LEN];
    struct db *db = open_fresh(path);
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *other = db_open(path, 0, &msg);
    assert_non_null(other);

    assert_int_equal(db_tx_begin(db), RES_OK);
    assert_int_equal(db->tx_depth, 1);
    add_unit(db, &sys, "P", NULL, NULL); /* unit_add nests a savepoint inside */
    assert_int_equal(db->tx_depth, 1);

    assert_int_equal(db_tx_begin(db), RES_OK);
    assert_int_equal(db->tx_depth, 2);
    add_unit(db, &sys, "C", "P", NULL);
    assert_int_equal(n_units(db), 2);
    db_tx_rollback(db); /* undoes C only */
    assert_int_equal(db->tx_depth, 1);
    assert_int_equal(n_units(db), 1);

    /* a model call that fails inside the transaction undoes only its own work */
    struct unit_input dup = { "P", "again", NULL, NULL };
    struct err e = { 0 };
    long long id = 0;
    assert_int_equal(unit_add(db, &sys, &dup, &id, &e), RES_CONFLICT);
    assert_int_equal(db->tx_depth, 1);
    add_unit(db, &sys, "Q", "P", NULL);

    /* a committed inner level stays when the outer commits */
    assert_int_equal(db_tx_begin(db), RES_OK);
    add_unit(db, &sys, "R", "Q", NULL);
    assert_int_equal(db_tx_commit(db), RES_OK);
    assert_int_equal(db->tx_depth, 1);

    /* nothing is visible to another connection before the outer commit */
    assert_int_equal(n_units(other), 0);
    assert_int_equal(db_tx_commit(db), RES_OK);
    assert_int_equal(db->tx_depth, 0);
    assert_int_equal(n_units(other), 3);
    struct unit u;
    assert_int_equal(unit_get(db, &sys, "C", &u, &e), RES_NOT_FOUND);
    assert_int_equal(unit_get(db, &sys, "R", &u, &e), RES_OK);
    expect_audit_ok(db, 3);

    /* rolling back the outermost level discards all of it */
    assert_int_equal(db_tx_begin(db), RES_OK);
    add_unit(db, &sys, "S", "P", NULL);
    assert_int_equal(db_tx_begin(db), RES_OK);
    add_unit(db, &sys, "T", "S", NULL);
    assert_int_equal(db_tx_commit(db), RES_OK);
    db_tx_rollback(db);
    assert_int_equal(db->tx_depth, 0);
    assert_int_equal(n_units(db), 3);
    expect_audit_ok(db, 3);

    /* a bulk import: the rows' own levels are no savepoints, an inner rollback undoes nothing
     * by itself but makes the end of the bulk say so, and the import rolls back whole */
    assert_int_equal(db_tx_begin(db), RES_OK);
    db_bulk_begin(db);
    add_unit(db, &sys, "U", "P", NULL);
    assert_int_equal(db->tx_depth, 1);
    assert_int_equal(db_bulk_end(db), 0);
    db_bulk_begin(db);
    assert_int_equal(db_tx_begin(db), RES_OK);
    add_unit(db, &sys, "V", "P", NULL);
    db_tx_rollback(db);
    assert_int_equal(n_units(db), 5); /* V stays until the import's own rollback */
    assert_int_equal(db_bulk_end(db), -1);
    db_tx_rollback(db);
    assert_int_equal(n_units(db), 3);
    expect_audit_ok(db, 3);

    db_close(other);
    db_close(db);
    buf_release(&msg);
}

static const char COUNTS_SQL[] =
    "INSERT INTO tc(unit_id, day, key, a, b) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(unit_id, day,"
    " key) DO UPDATE SET a = a + ?4, b = b + ?5";

/* the row (unit, day, key) of tc as "a,b", or "" when there is none */
static void counts_row(struct db *db, long long unit, const char *key, char *out, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT a || ',' || b FROM tc WHERE unit_id = ?1 AND key = ?2");
    sqlite3_bind_int64(st, 1, unit);
    db_bind_text(st, 2, key);
    snprintf(out, size, "%s", sqlite3_step(st) == SQLITE_ROW ? db_col_text(st, 0) : "");
    db_done(st);
}

/* counters by additive upsert: at once outside a bulk import, summed and written once at its
 * end inside one, forgotten when it rolled back */
static void test_db_counts(void **state)
{
    (void)state;
    struct db *db = open_fresh(NULL);
    assert_int_equal(db_exec(db, "CREATE TABLE tc(unit_id INTEGER, day TEXT, key TEXT, a INTEGER,"
                                 " b INTEGER, PRIMARY KEY(unit_id, day, key))"),
                     RES_OK);
    char row[64];
    const long long one[] = { 1, 10 };
    assert_int_equal(db_counts_add(db, COUNTS_SQL, 1, "2026-03-01", "x", one, 2), RES_OK);
    counts_row(db, 1, "x", row, sizeof(row));
    assert_string_equal(row, "1,10");

    assert_int_equal(db_tx_begin(db), RES_OK);
    db_bulk_begin(db);
    for (int i = 0; i < 1000; i++) {
        char key[16];
        snprintf(key, sizeof(key), "k%d", i % 300);
        assert_int_equal(db_counts_add(db, COUNTS_SQL, 1, "2026-03-01", "x", one, 2), RES_OK);
        assert_int_equal(db_counts_add(db, COUNTS_SQL, 2 + i % 2, "2026-03-01", key, one, 2),
                         RES_OK);
    }
    counts_row(db, 1, "x", row, sizeof(row));
    assert_string_equal(row, "1,10"); /* not yet written */
    assert_int_equal(db_bulk_end(db), 0);
    assert_int_equal(db_tx_commit(db), RES_OK);
    counts_row(db, 1, "x", row, sizeof(row));
    assert_string_equal(row, "1001,10010");
    counts_row(db, 2, "k0", row, sizeof(row)); /* i = 0, 300, 600, 900 */
    assert_string_equal(row, "4,40");
    counts_row(db, 3, "k299", row, sizeof(row)); /* i = 299, 599, 899 */
    assert_string_equal(row, "3,30");
    assert_int_equal(db_count(db, "SELECT count(*) FROM tc", NULL, -1), 301);

    assert_int_equal(db_tx_begin(db), RES_OK);
    db_bulk_begin(db);
    assert_int_equal(db_counts_add(db, COUNTS_SQL, 1, "2026-03-01", "x", one, 2), RES_OK);
    assert_int_equal(db_tx_begin(db), RES_OK);
    db_tx_rollback(db);
    assert_int_equal(db_bulk_end(db), -1);
    db_tx_rollback(db);
    counts_row(db, 1, "x", row, sizeof(row));
    assert_string_equal(row, "1001,10010");
    db_close(db);
}

/* ---- the single writer ---- */

enum { WRITER_THREADS = 8, WRITER_JOBS = 50 };

struct writer_thread {
    struct db_writer *w;     /* shared writer */
    const struct actor *who; /* shared, read only */
    int index;               /* thread number, for person names */
    int n_failed;            /* jobs that did not return RES_OK with an id */
};

static void *writer_thread_main(void *p)
{
    struct writer_thread *t = p;
    for (int i = 0; i < WRITER_JOBS; i++) {
        char name[32];
        snprintf(name, sizeof(name), "t%d-%d", t->index, i);
        struct person_add_job job = { .who = t->who, .in = { "W", name, NULL } };
        if (db_writer_run(t->w, person_add_job, &job) != RES_OK || job.id <= 0)
            t->n_failed++;
    }
    return NULL;
}

static void test_writer_many_threads(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    char path[PATH_LEN];
    struct db *db = open_fresh(path);
    add_unit(db, &sys, "P", NULL, NULL);
    add_unit(db, &sys, "W", "P", NULL);

    struct buf msg;
    buf_init(&msg, 1024);
    struct db_writer *w = db_writer_start(path, &msg);
    assert_non_null(w);
    pthread_t threads[WRITER_THREADS];
    struct writer_thread t[WRITER_THREADS];
    for (int i = 0; i < WRITER_THREADS; i++) {
        t[i] = (struct writer_thread){ .w = w, .who = &sys, .index = i };
        assert_int_equal(pthread_create(&threads[i], NULL, writer_thread_main, &t[i]), 0);
    }
    for (int i = 0; i < WRITER_THREADS; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(t[i].n_failed, 0);
    }
    db_writer_stop(w);

    const long long total = WRITER_THREADS * WRITER_JOBS;
    assert_int_equal(n_person_rows(db), total);
    assert_int_equal(db_count(db, "SELECT count(DISTINCT name) FROM person", NULL, -1), total);
    struct unit u = get_unit(db, "W");
    assert_int_equal(u.n_persons, total);
    assert_int_equal(u.n_total, total);
    u = get_unit(db, "P");
    assert_int_equal(u.n_persons, 0);
    assert_int_equal(u.n_total, total);
    expect_audit_ok(db, 2 + total);
    db_close(db);
    buf_release(&msg);
}

/* What the syncer reported to test_writer_tickets. */
struct sync_log {
    pthread_mutex_t lock;       /* guards the two below */
    unsigned long long durable; /* the highest ticket reported durable */
    int failed;                 /* a failed sync was reported */
};

static void log_sync(void *ctx, unsigned long long durable, int failed)
{
    struct sync_log *l = ctx;
    pthread_mutex_lock(&l->lock);
    if (durable > l->durable)
        l->durable = durable;
    l->failed |= failed;
    pthread_mutex_unlock(&l->lock);
}

/* A write run by db_writer_commit returns at its commit with a ticket; tickets grow with each
 * group, and every one is reported durable by the time the writer has stopped. */
static void test_writer_tickets(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    char path[PATH_LEN];
    struct db *db = open_fresh(path);
    add_unit(db, &sys, "P", NULL, NULL);
    struct buf msg;
    buf_init(&msg, 1024);
    struct db_writer *w = db_writer_start(path, &msg);
    assert_non_null(w);
    struct sync_log log = { .lock = PTHREAD_MUTEX_INITIALIZER };
    db_writer_on_sync(w, log_sync, &log);
    unsigned long long last = 0;
    for (int i = 0; i < 20; i++) {
        char name[16];
        snprintf(name, sizeof(name), "k%d", i);
        struct person_add_job job = { .who = &sys, .in = { "P", name, NULL } };
        unsigned long long ticket = 0;
        assert_int_equal(db_writer_commit(w, person_add_job, &job, &ticket), RES_OK);
        assert_true(job.id > 0);
        assert_true(ticket > last);
        last = ticket;
        /* committed: another connection reads it before the sync is reported */
        assert_int_equal(db_count(db, "SELECT count(*) FROM person WHERE name = ?1", name, -1), 1);
    }
    struct person_add_job bad = { .who = &sys, .in = { "NOPE", "x", NULL } };
    unsigned long long ticket = 0;
    assert_int_not_equal(db_writer_commit(w, person_add_job, &bad, &ticket), RES_OK);
    db_writer_stop(w);
    assert_true(log.durable >= last);
    assert_int_equal(log.failed, 0);
    assert_int_equal(n_person_rows(db), 20);
    pthread_mutex_destroy(&log.lock);
    db_close(db);
    buf_release(&msg);
}

/* Holds the writer busy until every worker has queued its job, so those jobs run as one group;
 * counts the writer connection's commits to tell the groups apart. */
struct gate {
    pthread_mutex_t lock; /* guards running and queued */
    pthread_cond_t cond;  /* signalled on every change */
    int running;          /* the gate job has started */
    int queued;           /* workers about to queue a job */
    int want;             /* workers to wait for */
    int commits;          /* commits on the writer's connection (writer thread only) */
};

static int count_commit(void *p)
{
    struct gate *g = p;
    g->commits++;
    return 0;
}

static enum result gate_job(struct db *db, void *arg)
{
    struct gate *g = arg;
    sqlite3_commit_hook(db->h, count_commit, g);
    pthread_mutex_lock(&g->lock);
    g->running = 1;
    pthread_cond_broadcast(&g->cond);
    while (g->queued < g->want)
        pthread_cond_wait(&g->cond, &g->lock);
    pthread_mutex_unlock(&g->lock);
    usleep(100 * 1000); /* the last worker is between its count and the queue */
    return RES_OK;
}

struct gated_job {
    struct db_writer *w;       /* the writer */
    struct gate *g;            /* shared gate */
    struct person_add_job add; /* the person to add */
    int fail_after;            /* return RES_INVALID after adding the person */
    int group;                 /* commits before the job ran: equal within a group */
    enum result result;        /* what db_writer_run returned */
};

static enum result gated_fn(struct db *db, void *arg)
{
    struct gated_job *j = arg;
    j->group = j->g->commits;
    enum result r = person_add_job(db, &j->add);
    return r == RES_OK && j->fail_after ? RES_INVALID : r;
}

static void *gated_main(void *p)
{
    struct gated_job *j = p;
    pthread_mutex_lock(&j->g->lock);
    j->g->queued++;
    pthread_cond_broadcast(&j->g->cond);
    pthread_mutex_unlock(&j->g->lock);
    j->result = db_writer_run(j->w, gated_fn, j);
    return NULL;
}

struct gate_runner {
    struct db_writer *w; /* the writer */
    struct gate *g;      /* the gate */
    enum result result;  /* of the gate job */
};

static void *gate_main(void *p)
{
    struct gate_runner *gr = p;
    gr->result = db_writer_run(gr->w, gate_job, gr->g);
    return NULL;
}

static void test_writer_failed_job_alone(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    char path[PATH_LEN];
    struct db *db = open_fresh(path);
    add_unit(db, &sys, "P", NULL, NULL);
    add_unit(db, &sys, "W", "P", NULL);
    struct buf msg;
    buf_init(&msg, 1024);
    struct db_writer *w = db_writer_start(path, &msg);
    assert_non_null(w);

    enum { N_JOBS = 6 };
    static const char *const names[N_JOBS] = { "good1", "bad-after-add", "good2",
                                               "",      "good3",         "good4" };
    struct gate g = { .want = N_JOBS };
    pthread_mutex_init(&g.lock, NULL);
    pthread_cond_init(&g.cond, NULL);
    struct gate_runner gr = { .w = w, .g = &g, .result = RES_FAIL };
    pthread_t gate_thread, threads[N_JOBS];
    assert_int_equal(pthread_create(&gate_thread, NULL, gate_main, &gr), 0);
    pthread_mutex_lock(&g.lock);
    while (!g.running)
        pthread_cond_wait(&g.cond, &g.lock);
    pthread_mutex_unlock(&g.lock);

    struct gated_job jobs[N_JOBS];
    for (int i = 0; i < N_JOBS; i++) {
        jobs[i] = (struct gated_job){
            .w = w,
            .g = &g,
            .add = { .who = &sys, .in = { "W", names[i], NULL } },
            .fail_after = i == 1,
            .group = -1,
            .result = RES_FAIL,
        };
        assert_int_equal(pthread_create(&threads[i], NULL, gated_main, &jobs[i]), 0);
    }
    for (int i = 0; i < N_JOBS; i++)
        pthread_join(threads[i], NULL);
    pthread_join(gate_thread, NULL);
    int commits = g.commits; /* before the writer's close, which may run PRAGMA optimize */
    db_writer_stop(w);
    pthread_cond_destroy(&g.cond);
    pthread_mutex_destroy(&g.lock);

    assert_int_equal(gr.result, RES_OK);
    for (int i = 0; i < N_JOBS; i++) {
        assert_int_equal(jobs[i].group, jobs[0].group); /* all ran in one group */
        enum result want = i == 1 || i == 3 ? RES_INVALID : RES_OK;
        if (jobs[i].result != want)
            fail_msg("job '%s': %d, want %d", names[i], jobs[i].result, want);
    }
    assert_int_equal(commits, 2); /* the gate's group, then theirs */
    assert_string_equal(jobs[3].add.err.field, "name");

    /* the failed jobs left nothing: no row, no count, no audit record */
    assert_int_equal(n_person_rows(db), 4);
    assert_int_equal(
        db_count(db, "SELECT count(*) FROM person WHERE name = ?1", "bad-after-add", -1), 0);
    assert_int_equal(db_count(db, "SELECT count(*) FROM person WHERE name LIKE 'good%'", NULL, -1),
                     4);
    struct unit u = get_unit(db, "W");
    assert_int_equal(u.n_persons, 4);
    assert_int_equal(get_unit(db, "P").n_total, 4);
    expect_audit_ok(db, 2 + 4);
    db_close(db);
    buf_release(&msg);
}

/* ---- the unit tree ---- */

static void test_unit_add(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    assert_int_equal(add_unit(db, &sys, "P", NULL, "province"), 1);
    assert_int_equal(add_unit(db, &sys, "C1", "P", "city"), 2);
    add_unit(db, &sys, "X", "C1", NULL);

    struct unit u = get_unit(db, "C1");
    assert_int_equal(u.id, 2);
    assert_string_equal(u.parent_code, "P");
    assert_string_equal(u.path, "/00000001/00000002/");
    assert_int_equal(u.depth, 1);
    assert_string_equal(u.kind, "city");
    assert_int_equal(u.n_children, 1);
    u = get_unit(db, "X");
    assert_string_equal(u.kind, "other");
    assert_int_equal(u.depth, 2);
    assert_string_equal(u.path, "/00000001/00000002/00000003/");
    u = get_unit(db, "P");
    assert_string_equal(u.parent_code, "");
    assert_int_equal(u.depth, 0);

    char long_name[102];
    memset(long_name, 'n', 101);
    long_name[101] = '\0';
    static const struct {
        const char *code, *name, *parent, *kind;
        enum result want;
        const char *field;
    } cases[] = {
        { "C1", "dup", "P", NULL, RES_CONFLICT, "code" },
        { "c1", "not a duplicate", "NOPE", NULL, RES_INVALID, "parent" },
        { "a b", "n", "P", NULL, RES_INVALID, "code" },
        { "中文", "n", "P", NULL, RES_INVALID, "code" },
        { "x/y", "n", "P", NULL, RES_INVALID, "code" },
        { "x'y", "n", "P", NULL, RES_INVALID, "code" },
        { "", "n", "P", NULL, RES_INVALID, "code" },
        { NULL, "n", "P", NULL, RES_INVALID, "code" },
        { "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "n", "P", NULL, RES_INVALID, "code" },
        { "Y", "n", "P", "planet", RES_INVALID, "kind" },
        { "Y", "n", "P", "City", RES_INVALID, "kind" },
        { "Y", NULL, "P", NULL, RES_INVALID, "name" },
        { "Y", "", "P", NULL, RES_INVALID, "name" },
        { "Y", "  ", "P", NULL, RES_INVALID, "name" },
        { "Y", "\xff\xfe", "P", NULL, RES_INVALID, "name" },
        { "Y", "a\nb", "P", NULL, RES_INVALID, "name" },
        { "Y", "overlong \xc0\xaf", "P", NULL, RES_INVALID, "name" },
    };
    char *before = snapshot(db);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct unit_input in = { cases[i].code, cases[i].name, cases[i].parent, cases[i].kind };
        struct err e = { 0 };
        long long id = 0;
        enum result r = unit_add(db, &sys, &in, &id, &e);
        if (r != cases[i].want || !e.field || strcmp(e.field, cases[i].field) != 0)
            fail_msg("case %zu ('%s'): %d field %s, want %d field %s", i,
                     cases[i].code ? cases[i].code : "NULL", r, e.field ? e.field : "NULL",
                     cases[i].want, cases[i].field);
    }
    /* a name of 101 characters is too long */
    struct unit_input in = { "Y", long_name, "P", NULL };
    struct err e = { 0 };
    long long id = 0;
    assert_int_equal(unit_add(db, &sys, &in, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "name");
    assert_string_equal(e.msg, "err.too_long");
    expect_unchanged(db, before);
    free(before);
    assert_int_equal(n_units(db), 3);

    /* limits are in characters: 100 Chinese characters (300 bytes) fit, 32-byte codes too */
    struct buf zh;
    buf_init(&zh, 1024);
    for (int i = 0; i < 100; i++)
        buf_adds(&zh, "省");
    in = (struct unit_input){ "abc-XYZ_0123456789abcdefghijklmn", buf_str(&zh), "P", "office" };
    assert_int_equal(unit_add(db, &sys, &in, &id, &e), RES_OK);
    u = get_unit(db, "abc-XYZ_0123456789abcdefghijklmn");
    assert_string_equal(u.name, buf_str(&zh));
    buf_adds(&zh, "省");
    in = (struct unit_input){ "Z", buf_str(&zh), "P", "office" };
    assert_int_equal(unit_add(db, &sys, &in, &id, &e), RES_INVALID);
    buf_release(&zh);
    assert_int_equal(n_units(db), 4);
    expect_audit_ok(db, 4);
    db_close(db);
}

static void test_unit_each(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    build_tree(db);
    expect_each(db, &sys, "C1", -1, RES_OK, "C1,K1,K2");
    expect_each(db, &sys, "C2", -1, RES_OK, "C2,K3");
    expect_each(db, &sys, "K2", -1, RES_OK, "K2");
    expect_each(db, &sys, NULL, -1, RES_OK, "P,C1,K1,K2,C2,K3");
    expect_each(db, &sys, "P", -1, RES_OK, "P,C1,K1,K2,C2,K3");
    expect_each(db, &sys, "P", 0, RES_OK, "P");
    expect_each(db, &sys, "P", 1, RES_OK, "P,C1,C2");
    expect_each(db, &sys, "C1", 1, RES_OK, "C1,K1,K2");
    expect_each(db, &sys, NULL, 1, RES_OK, "P,C1,C2");

    /* two-digit ids: the subtree of C1 (id 2) is still one range, without C12 (id 12) */
    for (int i = 0; i < 5; i++) {
        char code[16];
        snprintf(code, sizeof(code), "F%d", i);
        add_unit(db, &sys, code, "P", NULL);
    }
    add_unit(db, &sys, "C12", "P", NULL); /* id 12 */
    add_unit(db, &sys, "K12", "C12", NULL);
    assert_int_equal(get_unit(db, "C12").id, 12);
    expect_each(db, &sys, "C1", -1, RES_OK, "C1,K1,K2");
    expect_each(db, &sys, "C12", -1, RES_OK, "C12,K12");

    struct actor lead;
    make_actor(db, "C1", "c1lead", "leader", &lead);
    expect_each(db, &lead, NULL, -1, RES_OK, "C1,K1,K2");
    expect_each(db, &lead, NULL, 0, RES_OK, "C1"); /* levels counted from the scope's unit */
    expect_each(db, &lead, NULL, 1, RES_OK, "C1,K1,K2");
    expect_each(db, &lead, "K1", -1, RES_OK, "K1");
    expect_each(db, &lead, "C2", -1, RES_NOT_FOUND, "");
    expect_each(db, &lead, "P", -1, RES_NOT_FOUND, "");
    db_close(db);
}

/* Migration 7 counts the units below each unit of a database made before it. */
static void test_children_migration(void **state)
{
    (void)state;
    static const char fixture[] =
        "INSERT INTO unit(id, code, name, kind, parent_id, path, depth) VALUES"
        " (1, 'P', 'P', 'province', NULL, '/00000001/', 0),"
        " (2, 'C1', 'C1', 'city', 1, '/00000001/00000002/', 1),"
        " (3, 'C2', 'C2', 'city', 1, '/00000001/00000003/', 1),"
        " (4, 'K1', 'K1', 'county', 2, '/00000001/00000002/00000004/', 2);";
    struct db *db = test_open_migrated(6, fixture);
    assert_int_equal(get_unit(db, "P").n_children, 2);
    assert_int_equal(get_unit(db, "C1").n_children, 1);
    assert_int_equal(get_unit(db, "C2").n_children, 0);
    assert_int_equal(get_unit(db, "K1").n_children, 0);
    db_close(db);
}

/* Migration 11 moves the files of the three old stores (task progress, opinions, duty reports)
 * into the one attachment store, under their owners, with their bytes, and drops the old ones. */
static void rows_of(void *ctx, long long id, const char *name, const char *type, long long size)
{
    struct buf *b = ctx;
    buf_addf(b, "%lld:%s:%s:%lld;", id, name, type, size);
}

static void bytes_of(void *ctx, const char *name, const char *type, const void *data,
                     size_t size)
{
    (void)name;
    (void)type;
    buf_add(ctx, data, size);
}

static void test_attachment_migration(void **state)
{
    (void)state;
    static const char fixture[] =
        "INSERT INTO unit(id, code, name, kind, parent_id, path, depth) VALUES"
        " (1, 'P', 'P', 'province', NULL, '/00000001/', 0);"
        "INSERT INTO person(id, unit_id, name) VALUES (5, 1, '张三');"
        "INSERT INTO task(id, depth, assigner_unit_id, lead_unit_id, kind, title, year, deadline,"
        " state, last_activity, created) VALUES"
        " (1, 0, 1, 1, 'key', 'a', 2036, '2036-05-01', 'assigned', '2036-01-01', '2036-01-01');"
        "INSERT INTO task_progress(id, task_id, at, text, percent) VALUES"
        " (3, 1, '2036-01-02', 'x', 10);"
        "INSERT INTO task_attachment(id, task_id, progress_id, name, type, size, data) VALUES"
        " (7, 1, 3, '报告.pdf', 'application/pdf', 3, x'010203');"
        "INSERT INTO opinion(id, unit_id, channel, content, day) VALUES"
        " (9, 1, 'box', '意见', '2036-01-01');"
        "INSERT INTO opinion_attachment(id, opinion_id, name, type, size, data) VALUES"
        " (1, 9, '照片.png', 'image/png', 2, x'0a0b');"
        "INSERT INTO evaluation(id, unit_id, title, state, created) VALUES"
        " (4, 1, '测评', 'draft', '2036-01-01');"
        "INSERT INTO evaluation_candidate(eval_id, person_id, position, report, file_name,"
        " file_type, file) VALUES (4, 5, 1, '述职', '述职.txt', 'text/plain', x'6869');";
    struct db *db = test_open_migrated(10, fixture);
    struct buf b;
    buf_init(&b, 4096);
    /* the task's file keeps its id, so links to it stay good */
    assert_int_equal(attachment_each(db, ATTACH_TASK, 1, 3, rows_of, &b), RES_OK);
    assert_string_equal(buf_str(&b), "7:报告.pdf:application/pdf:3;");
    buf_reset(&b);
    assert_int_equal(attachment_read(db, ATTACH_TASK, 7, bytes_of, &b), RES_OK);
    assert_memory_equal(buf_str(&b), "\x01\x02\x03", 3);
    buf_reset(&b);
    assert_int_equal(attachment_each(db, ATTACH_OPINION, 9, 0, rows_of, &b), RES_OK);
    assert_non_null(strstr(buf_str(&b), ":照片.png:image/png:2;"));
    buf_reset(&b);
    assert_int_equal(attachment_each(db, ATTACH_EVALUATION, 4, 5, rows_of, &b), RES_OK);
    assert_non_null(strstr(buf_str(&b), ":述职.txt:text/plain:2;"));
    /* a file is found only under its own owner */
    long long owner = 0;
    assert_int_equal(attachment_owner_of(db, ATTACH_OPINION, 7, &owner, NULL), RES_NOT_FOUND);
    assert_int_equal(attachment_owner_of(db, ATTACH_TASK, 7, &owner, NULL), RES_OK);
    assert_int_equal(owner, 1);
    assert_int_equal(db_count(db, "SELECT count(*) FROM sqlite_schema WHERE name IN"
                                  " ('task_attachment', 'opinion_attachment')",
                              NULL, -1),
                     0);
    buf_release(&b);
    db_close(db);
}

/* The registries' counts: kept for the record's unit and every unit above it, per day and for
 * all days; a period reads its days, no period the all-days rows. */
static void test_registry_tally(void **state)
{
    (void)state;
    struct db *db = open_fresh(NULL);
    build_tree(db);
    assert_int_equal(db_tx_begin(db), RES_OK);
    assert_int_equal(registry_count(db, get_unit(db, "K1").path, "2026-03-01", "rules.new", 1),
                     RES_OK);
    assert_int_equal(registry_count(db, get_unit(db, "K2").path, "2026-05-04", "media.city", 2),
                     RES_OK);
    assert_int_equal(registry_count(db, get_unit(db, "K2").path, "2026-05-04", "media.city", -1),
                     RES_OK);
    assert_int_equal(db_tx_commit(db), RES_OK);
    long long n[64];
    assert_true(registry_n_keys <= 64);
    int rules = registry_key_index("rules.new"), media = registry_key_index("media.city");
    assert_true(rules >= 0 && media >= 0);
    assert_int_equal(registry_sums(db, get_unit(db, "P").id, NULL, NULL, n), RES_OK);
    assert_int_equal(n[rules], 1);
    assert_int_equal(n[media], 1);
    assert_int_equal(registry_sums(db, get_unit(db, "C1").id, "2026-04-01", "2026-12-31", n),
                     RES_OK);
    assert_int_equal(n[rules], 0);
    assert_int_equal(n[media], 1);
    assert_int_equal(registry_sums(db, get_unit(db, "K2").id, NULL, NULL, n), RES_OK);
    assert_int_equal(n[rules], 0);
    assert_int_equal(registry_sums(db, get_unit(db, "C2").id, NULL, NULL, n), RES_OK);
    assert_int_equal(n[media], 0);
    db_close(db);
}

static void test_unit_move(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    build_tree(db);
    add_unit(db, &sys, "D1", "K1", "office"); /* id 7 */
    add_person(db, &sys, "K1", "k1-a");
    add_person(db, &sys, "K1", "k1-b");
    add_person(db, &sys, "D1", "d1-a");
    add_person(db, &sys, "K2", "k2-a");
    add_person(db, &sys, "K3", "k3-a");
    assert_int_equal(get_unit(db, "P").n_total, 5);
    assert_int_equal(get_unit(db, "C1").n_total, 4);
    assert_int_equal(get_unit(db, "K1").n_total, 3);
    long long audits = n_audit(db);

    /* K1 (with D1 below) from C1 to C2: same depth, new paths, counts follow */
    struct err e = { 0 };
    assert_int_equal(unit_move(db, &sys, "K1", "C2", &e), RES_OK);
    struct unit u = get_unit(db, "K1");
    assert_string_equal(u.parent_code, "C2");
    assert_string_equal(u.path, "/00000001/00000005/00000003/");
    assert_int_equal(u.depth, 2);
    assert_int_equal(u.n_persons, 2);
    assert_int_equal(u.n_total, 3);
    u = get_unit(db, "D1");
    assert_string_equal(u.parent_code, "K1");
    assert_string_equal(u.path, "/00000001/00000005/00000003/00000007/");
    assert_int_equal(u.depth, 3);
    assert_int_equal(u.n_total, 1);
    assert_int_equal(get_unit(db, "C1").n_total, 1);
    assert_int_equal(get_unit(db, "C2").n_total, 4);
    assert_int_equal(get_unit(db, "P").n_total, 5);
    assert_int_equal(get_unit(db, "C1").n_children, 1);
    assert_int_equal(get_unit(db, "C2").n_children, 2);
    expect_each(db, &sys, "C1", -1, RES_OK, "C1,K2");
    expect_each(db, &sys, "C2", -1, RES_OK, "C2,K1,D1,K3");
    assert_int_equal(n_audit(db), audits + 1);
    assert_int_equal(db_count(db, "SELECT count(*) FROM audit WHERE action = ?1", "unit.move", -1),
                     1);

    /* one level deeper: depths of the whole subtree change */
    assert_int_equal(unit_move(db, &sys, "K1", "K3", &e), RES_OK);
    u = get_unit(db, "K1");
    assert_string_equal(u.path, "/00000001/00000005/00000006/00000003/");
    assert_int_equal(u.depth, 3);
    u = get_unit(db, "D1");
    assert_string_equal(u.path, "/00000001/00000005/00000006/00000003/00000007/");
    assert_int_equal(u.depth, 4);
    assert_int_equal(get_unit(db, "K3").n_total, 4);
    assert_int_equal(get_unit(db, "C2").n_total, 4);

    /* later people are counted along the new chain */
    add_person(db, &sys, "D1", "d1-b");
    assert_int_equal(get_unit(db, "D1").n_total, 2);
    assert_int_equal(get_unit(db, "K1").n_total, 4);
    assert_int_equal(get_unit(db, "K3").n_total, 5);
    assert_int_equal(get_unit(db, "C2").n_total, 5);
    assert_int_equal(get_unit(db, "C1").n_total, 1);
    assert_int_equal(get_unit(db, "P").n_total, 6);

    /* refusals change nothing */
    char *before = snapshot(db);
    e = (struct err){ 0 };
    assert_int_equal(unit_move(db, &sys, "C2", "D1", &e), RES_INVALID); /* below itself */
    assert_string_equal(e.field, "parent");
    e = (struct err){ 0 };
    assert_int_equal(unit_move(db, &sys, "C2", "C2", &e), RES_INVALID);
    assert_string_equal(e.field, "parent");
    e = (struct err){ 0 };
    assert_int_equal(unit_move(db, &sys, "K1", "NOPE", &e), RES_INVALID);
    assert_string_equal(e.field, "parent");
    assert_int_equal(unit_move(db, &sys, "P", "C1", &e), RES_FORBIDDEN); /* the root */
    assert_int_equal(unit_move(db, &sys, "NOPE", "C1", &e), RES_NOT_FOUND);
    assert_int_equal(unit_move(db, &sys, "K1", "K3", &e), RES_OK); /* already there */
    expect_unchanged(db, before);
    free(before);
    expect_audit_ok(db, n_audit(db));
    db_close(db);
}

static void test_unit_move_cycle(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    build_tree(db);
    add_person(db, &sys, "K1", "k1-a");
    char *before = snapshot(db);
    struct err e = { 0 };
    assert_int_equal(unit_move(db, &sys, "C1", "K1", &e), RES_INVALID);
    assert_string_equal(e.field, "parent");
    expect_unchanged(db, before);
    free(before);
    db_close(db);
}

/* Collects import reports as "u.csv:LINE: FIELD: MESSAGE-ID[ DETAIL]\n", the layout
 * cli_import_line() prints, with message IDs instead of their English text. */
static void collect_report(void *ctx, int line, const struct err *err)
{
    buf_addf(ctx, "u.csv:%d: %s: %s%s%s\n", line, err->field ? err->field : "line",
             err->msg ? err->msg : "-", err->detail[0] ? " " : "", err->detail);
}

static enum result import(struct db *db, const struct actor *who, const char *csv,
                          long long *n_added, struct buf *errors)
{
    buf_reset(errors);
    *n_added = -1;
    struct import_report rep = { .fn = collect_report, .ctx = errors };
    return unit_import(db, who, csv, strlen(csv), n_added, &rep);
}

static void test_unit_import(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    struct buf errors;
    buf_init(&errors, 1 << 16);
    long long n = 0;

    /* children before their parents, a quoted name with a comma, a BOM and CRLF */
    assert_int_equal(import(db, &sys,
                            "\xEF\xBB\xBF"
                            "code,name,parent,kind\r\n"
                            "K1,县一,C1,county\r\n"
                            "C1,\"市一, 市\",P,city\r\n"
                            "P,省,,province\r\n",
                            &n, &errors),
                     RES_OK);
    assert_string_equal(buf_str(&errors), "");
    assert_int_equal(n, 3);
    struct unit u = get_unit(db, "K1");
    assert_string_equal(u.parent_code, "C1");
    assert_int_equal(u.depth, 2);
    assert_string_equal(u.name, "县一");
    assert_string_equal(get_unit(db, "C1").name, "市一, 市");
    assert_string_equal(get_unit(db, "P").kind, "province");
    expect_audit_ok(db, 3);

    char *before = snapshot(db);
    /* one bad line: nothing is added */
    assert_int_equal(import(db, &sys,
                            "code,name,parent,kind\n"
                            "A1,甲,P,city\n"
                            "A2,乙,A1,planet\n"
                            "A3,丙,A1,county\n",
                            &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors),
                        "u.csv:3: kind: err.bad_enum "
                        "province|city|county|township|department|office|other\n");
    assert_int_equal(n, 0);
    expect_unchanged(db, before);

    /* every bad line is reported, numbered as the file's lines (a quoted field spans two) */
    assert_int_equal(import(db, &sys,
                            "code,name,parent,kind\n"
                            "B1,\"two\n"
                            "lines\",P,city\n"
                            "B2,ok,P,city\n"
                            "B3,,P,city\n"
                            "B 4,x,P,city\n"
                            "B5,x,P\n"
                            "B6,x,P,city\n"
                            "B7,x,NOWHERE,city\n",
                            &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors), "u.csv:2: name: err.control_char\n"
                                          "u.csv:5: name: err.required\n"
                                          "u.csv:6: code: err.code_format\n"
                                          "u.csv:7: line: err.csv_fields\n"
                                          "u.csv:9: parent: err.parent_cycle\n");
    assert_int_equal(n, 0);
    expect_unchanged(db, before);

    /* errors found while inserting: an existing code, unknown parents, a cycle */
    assert_int_equal(import(db, &sys,
                            "code,name,parent,kind\n"
                            "E1,x,NOWHERE,city\n"
                            "P,again,,province\n"
                            "E2,y,E1,city\n"
                            "E3,z,E4,city\n"
                            "E4,w,E3,city\n"
                            "E5,fine,P,city\n",
                            &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors), "u.csv:3: code: err.duplicate P\n"
                                          "u.csv:2: parent: err.parent_cycle\n"
                                          "u.csv:4: parent: err.parent_cycle\n"
                                          "u.csv:5: parent: err.parent_cycle\n"
                                          "u.csv:6: parent: err.parent_cycle\n");
    expect_unchanged(db, before);

    /* the header and the quoting */
    assert_int_equal(import(db, &sys, "code,name,kind\nX,y,city\n", &n, &errors), RES_INVALID);
    assert_string_equal(buf_str(&errors),
                        "u.csv:1: header: err.csv_header code,name,parent,kind\n");
    assert_int_equal(import(db, &sys, "", &n, &errors), RES_INVALID);
    assert_string_equal(buf_str(&errors),
                        "u.csv:1: header: err.csv_header code,name,parent,kind\n");
    assert_int_equal(import(db, &sys, "code,name,parent,kind\nX,\"y,P,city\n", &n, &errors),
                     RES_INVALID);
    assert_string_equal(buf_str(&errors), "u.csv:2: line: err.csv_quote\n");
    expect_unchanged(db, before);
    free(before);

    /* an empty file body adds nothing and succeeds */
    assert_int_equal(import(db, &sys, "code,name,parent,kind\n", &n, &errors), RES_OK);
    assert_int_equal(n, 0);
    buf_release(&errors);
    db_close(db);
}

/* A code twice in the file is one problem, reported once, as such: the second row must not go
 * on to be inserted and be reported again as a code "already used" in the database. */
/* Migrations 0040 and 0041 write every CHECK and the partial index against a list of values as
 * comparisons: a database of version 39 keeps its rows and its integrity, a value outside a
 * list is still refused, and an insert into no table builds a temporary index. */
static void test_check_lists(void **state)
{
    (void)state;
    struct db *db = test_open_migrated(39, "INSERT INTO unit(id, code, name, kind, path, depth,"
                                           " dept_id) VALUES (1, 'P', '省', 'province',"
                                           " '/00000001/', 0, 1)");
    assert_int_equal(db_count(db, "SELECT count(*) FROM unit WHERE kind = 'province'", NULL, -1),
                     1);
    sqlite3_stmt *st = db_stmt(db, "PRAGMA integrity_check");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(db_col_text(st, 0), "ok");
    db_done(st);
    assert_int_not_equal(db_exec(db, "INSERT INTO unit(code, name, kind, path, depth)"
                                     " VALUES ('X', 'x', 'bogus', '/x/', 0)"),
                         0);
    assert_int_not_equal(db_exec(db, "INSERT INTO unit(code, name, kind, path, depth)"
                                     " VALUES ('X', 'x', 'City', '/x/', 0)"),
                         0);
    st = db_stmt(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE"
                     " 'sqlite%' AND name NOT LIKE 'search%' ORDER BY name");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char sql[160];
        snprintf(sql, sizeof(sql), "INSERT INTO \"%s\" DEFAULT VALUES", db_col_text(st, 0));
        if (test_builds_temp_index(db, sql))
            fail_msg("%s builds a temporary index", sql);
        n++;
    }
    db_done(st);
    assert_true(n > 50);
    db_close(db);
}

static void test_unit_import_duplicate(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    add_unit(db, &sys, "P", NULL, NULL);
    char *before = snapshot(db);
    struct buf errors;
    buf_init(&errors, 1 << 16);
    long long n = 0;
    assert_int_equal(import(db, &sys,
                            "code,name,parent,kind\n"
                            "D1,a,P,city\n"
                            "D2,b,P,city\n"
                            "D1,c,P,city\n",
                            &n, &errors),
                     RES_INVALID);
    assert_non_null(strstr(buf_str(&errors), "u.csv:4: code: err.dup_in_file\n"));
    assert_string_equal(buf_str(&errors), "u.csv:4: code: err.dup_in_file\n");
    expect_unchanged(db, before);
    free(before);
    buf_release(&errors);
    db_close(db);
}

/* A line with more fields than the reader holds is one bad line, reported once. */
static void test_unit_import_wide_line(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    add_unit(db, &sys, "P", NULL, NULL);
    struct buf csv, errors;
    buf_init(&csv, 1 << 16);
    buf_init(&errors, 1 << 16);
    buf_adds(&csv, "code,name,parent,kind\nX");
    for (int i = 1; i < CSV_MAX_FIELDS + 4; i++)
        buf_adds(&csv, i % 4 == 2 ? ",P" : ",x");
    buf_adds(&csv, "\nOK1,fine,P,city\n");
    long long n = 0;
    assert_int_equal(import(db, &sys, buf_str(&csv), &n, &errors), RES_INVALID);
    /* one error, for line 2, which has no quotes to get wrong */
    const char *text = buf_str(&errors);
    if (strncmp(text, "u.csv:2: line: ", 15) != 0 ||
        strchr(text, '\n') != text + strlen(text) - 1 || strstr(text, "quote"))
        fail_msg("want one error for line 2, got:\n%s", text);
    assert_int_equal(n_units(db), 1);
    buf_release(&csv);
    buf_release(&errors);
    db_close(db);
}

/* ---- scopes and roles ---- */

static void count_person(void *ctx, const struct person *p)
{
    (void)p;
    ++*(int *)ctx;
}

/* A unit's path read as its ids, root first: up to max, and no further than the digits go. */
static void test_path_ids(void **state)
{
    (void)state;
    long long ids[4];
    assert_int_equal(path_ids("/1/23/456/", ids, 4), 3);
    assert_true(ids[0] == 1 && ids[1] == 23 && ids[2] == 456);
    assert_int_equal(path_ids("/9223372036854775807/", ids, 4), 1);
    assert_true(ids[0] == LLONG_MAX);
    assert_int_equal(path_ids("/1/2/3/4/5/", ids, 2), 2);
    assert_true(ids[1] == 2);
    assert_int_equal(path_ids("/7/x/8/", ids, 4), 1);
    assert_int_equal(path_ids("", ids, 4), 0);
    assert_int_equal(path_ids("/-1/", ids, 4), 0);
}

static void test_scope(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    build_tree(db);
    long long k2_person = add_person(db, &sys, "K2", "k2-a");

    struct actor staff;
    make_actor(db, "K1", "k1staff", "staff", &staff);
    assert_int_equal(staff.role, ROLE_STAFF);
    assert_string_equal(staff.unit_path, get_unit(db, "K1").path);
    long long persons = n_person_rows(db);

    struct unit u;
    struct err e = { 0 };
    assert_int_equal(unit_get(db, &staff, "K1", &u, &e), RES_OK);
    assert_int_equal(unit_get(db, &staff, "K2", &u, &e), RES_NOT_FOUND);
    assert_int_equal(unit_get(db, &staff, "C1", &u, &e), RES_NOT_FOUND); /* above the scope */
    assert_int_equal(unit_get(db, &staff, "P", &u, &e), RES_NOT_FOUND);
    assert_int_equal(unit_get_id(db, &staff, get_unit(db, "K2").id, &u), RES_NOT_FOUND);

    struct person_input in = { .unit_code = "K2", .name = "outsider", .position = NULL };
    long long id = 0;
    e = (struct err){ 0 };
    assert_int_equal(person_add(db, &staff, &in, &id, &e), RES_NOT_FOUND);
    assert_int_equal(n_person_rows(db), persons);
    in.unit_code = "K1";
    assert_int_equal(person_add(db, &staff, &in, &id, &e), RES_OK);
    assert_int_equal(n_person_rows(db), persons + 1);
    int seen = 0;
    assert_int_equal(person_get(db, &staff, k2_person, count_person, &seen), RES_NOT_FOUND);
    assert_int_equal(person_get(db, &staff, id, count_person, &seen), RES_OK);
    assert_int_equal(seen, 1);

    /* staff may not add units; a parent outside the scope looks unknown */
    struct unit_input uin = { "K1X", "x", "K1", NULL };
    assert_int_equal(unit_add(db, &staff, &uin, &id, &e), RES_FORBIDDEN);
    uin.parent_code = "K2";
    e = (struct err){ 0 };
    assert_int_equal(unit_add(db, &staff, &uin, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "parent");
    uin.parent_code = NULL;
    assert_int_equal(unit_add(db, &staff, &uin, &id, &e), RES_FORBIDDEN);

    /* a cadre reads its unit but may not add people to it */
    struct actor cadre;
    make_actor(db, "K1", "k1cadre", "cadre", &cadre);
    persons = n_person_rows(db);
    assert_int_equal(unit_get(db, &cadre, "K1", &u, &e), RES_OK);
    in.unit_code = "K1";
    assert_int_equal(person_add(db, &cadre, &in, &id, &e), RES_FORBIDDEN);
    assert_int_equal(n_person_rows(db), persons);
    assert_int_equal(get_unit(db, "K1").n_persons, persons - 1); /* all but k2-a */

    /* a unit admin manages its subtree, but may not make an admin */
    struct actor boss;
    make_actor(db, "C1", "c1boss", "unit_admin", &boss);
    long long p1 = add_person(db, &sys, "K1", "k1-new");
    long long p3 = add_person(db, &sys, "K3", "k3-new");
    long long accounts = db_count(db, "SELECT count(*) FROM account", NULL, -1);
    struct account_input ain = { .login = "k1new", .person_id = p1, .role = "admin",
                                 .password_hash = pw_hash() };
    e = (struct err){ 0 };
    assert_int_equal(account_add(db, &boss, &ain, &id, &e), RES_FORBIDDEN);
    assert_int_equal(db_count(db, "SELECT count(*) FROM account", NULL, -1), accounts);
    ain.person_id = p3;
    ain.role = "staff";
    assert_int_equal(account_add(db, &boss, &ain, &id, &e), RES_NOT_FOUND); /* outside */
    ain.person_id = p1;
    assert_int_equal(account_add(db, &boss, &ain, &id, &e), RES_OK);
    assert_int_equal(db_count(db, "SELECT count(*) FROM account", NULL, -1), accounts + 1);
    uin = (struct unit_input){ "K1X", "x", "K1", NULL };
    assert_int_equal(unit_add(db, &boss, &uin, &id, &e), RES_OK);
    assert_int_equal(unit_move(db, &boss, "K2", "K1", &e), RES_OK);
    e = (struct err){ 0 };
    assert_int_equal(unit_move(db, &boss, "K2", "C2", &e), RES_INVALID); /* C2 is outside */
    assert_string_equal(e.field, "parent");
    assert_int_equal(unit_move(db, &boss, "C1", "K1", &e), RES_FORBIDDEN); /* its own root */
    db_close(db);
}

/* A unit admin may not make an admin (account_add), so it must not take over one in its
 * subtree either: neither by minting an API token for it nor by resetting its password. */
static void test_unit_admin_cannot_take_over_admin(void **state)
{
    (void)state;
    struct db *db = open_fresh(NULL);
    build_tree(db);
    add_account(db, "K1", "k1admin", "admin"); /* made by the command line, an admin */
    struct actor boss;
    make_actor(db, "C1", "c1boss", "unit_admin", &boss);

    char token[TOKEN_TEXT] = "";
    struct err e = { 0 };
    enum result r = token_create(db, &boss, "k1admin", token, &e);
    if (r == RES_OK) {
        struct actor got;
        assert_int_equal(token_actor(db, token, &got), RES_OK);
        fail_msg("a unit_admin created a token that acts as '%s' with role %s", got.login,
                 role_name(got.role));
    }
    assert_int_equal(r, RES_FORBIDDEN);
    assert_int_equal(account_set_password(db, &boss, "k1admin", pw_hash(), &e), RES_FORBIDDEN);
    db_close(db);
}

/* ---- people ---- */

static void report_none(void *ctx, int line, const struct err *err)
{
    (void)ctx;
    fail_msg("line %d: %s %s", line, err->field ? err->field : "-", err->msg ? err->msg : "-");
}

static void report_line(void *ctx, int line, const struct err *err)
{
    int *where = ctx;
    if (!*where)
        *where = line * 100 + (err->field && strcmp(err->field, "email") == 0);
}

/* A person's phone and e-mail are checked and kept; people and accounts in bulk: a check that
 * writes nothing, passwords hashed at the initial cost, logins made from the pinyin and made
 * unique, accounts that must change the password, and a refused row that imports nothing. */
static void test_person_import(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    build_tree(db);
    struct person_input in = { .unit_code = "K1", .name = "张三", .phone = "12a" };
    struct err e = { 0 };
    long long id = 0;
    assert_int_equal(person_add(db, &sys, &in, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "phone");
    in.phone = "+86 138-0000-0000";
    in.email = "a@b";
    e = (struct err){ 0 };
    assert_int_equal(person_add(db, &sys, &in, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "email");
    in.email = "zs@example.org";
    assert_int_equal(person_add(db, &sys, &in, &id, &e), RES_OK);
    assert_int_equal(db_count(db, "SELECT count(*) FROM person WHERE phone = '+86 138-0000-0000'"
                                  " AND email = 'zs@example.org'", NULL, -1), 1);

    static const char csv[] = "登录名,姓名,单位,职务,手机,邮箱,角色\n"
                              ",王一,K1,科员,,,\n"
                              ",王一,K2,科员,,,工作人员\n"
                              "lisi,李四,K1,,13800000000,ls@example.org,leader\n";
    long long people = db_count(db, "SELECT count(*) FROM person", NULL, -1);
    struct person_import imp = { 0 };
    arena_init(&imp.mem);
    const struct import_report quiet = { .fn = report_none, .ctx = NULL };
    assert_int_equal(person_import(db, &sys, csv, strlen(csv), &imp, &quiet), RES_OK);
    assert_int_equal(imp.n, 3);
    assert_int_equal(db_count(db, "SELECT count(*) FROM person", NULL, -1), people);
    assert_int_equal(person_import_passwords(&imp, NULL, NULL), RES_OK);
    assert_int_equal(person_import(db, &sys, csv, strlen(csv), &imp, &quiet), RES_OK);
    assert_int_equal(imp.n, 3);
    assert_string_equal(imp.rows[0].login, "wangyi");
    assert_string_equal(imp.rows[1].login, "wangyi2");
    assert_string_equal(imp.rows[2].login, "lisi");
    assert_int_equal(strlen(imp.rows[2].password), PASSWORD_GENERATED);
    assert_string_not_equal(imp.rows[0].password, imp.rows[1].password);
    struct actor who;
    assert_int_equal(account_login(db, "lisi", imp.rows[2].password, &who), RES_OK);
    assert_int_equal(who.must_change, 1);
    assert_int_equal(who.role, ROLE_LEADER);
    assert_int_equal(db_count(db, "SELECT count(*) FROM account WHERE login = 'wangyi2'"
                                  " AND role = 'staff' AND pw_hash LIKE '$argon2id$%m=64,t=1%'",
                              NULL, -1), 1);
    assert_int_equal(db_count(db, "SELECT count(*) FROM account WHERE login = 'wangyi'"
                                  " AND role = 'cadre'", NULL, -1), 1);
    char hash[crypto_pwhash_STRBYTES];
    assert_int_equal(password_hash("Own-pass-2026", hash, &e), RES_OK);
    assert_int_equal(account_own_password(db, &who, hash, NULL, &e), RES_OK);
    assert_int_equal(account_login(db, "lisi", "Own-pass-2026", &who), RES_OK);
    assert_int_equal(who.must_change, 0);
    person_import_release(&imp);

    static const char bad[] = "login,name,unit,position,phone,email,role\n"
                              ",赵六,K1,,,,\n"
                              ",钱七,K1,,,not-mail,\n";
    people = db_count(db, "SELECT count(*) FROM person", NULL, -1);
    int where = 0;
    const struct import_report tell = { .fn = report_line, .ctx = &where };
    arena_init(&imp.mem);
    assert_int_equal(person_import(db, &sys, bad, strlen(bad), &imp, &tell), RES_INVALID);
    assert_int_equal(where, 301); /* line 3, the e-mail */
    assert_int_equal(db_count(db, "SELECT count(*) FROM person", NULL, -1), people);
    person_import_release(&imp);
    db_close(db);
}

static void test_person_counts(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    add_unit(db, &sys, "P", NULL, NULL);
    add_unit(db, &sys, "C1", "P", NULL);
    add_unit(db, &sys, "K1", "C1", NULL);
    add_person(db, &sys, "K1", "张三");
    add_person(db, &sys, "K1", "李四");
    add_person(db, &sys, "C1", "王五");

    struct unit u = get_unit(db, "K1");
    assert_int_equal(u.n_persons, 2);
    assert_int_equal(u.n_total, 2);
    u = get_unit(db, "C1");
    assert_int_equal(u.n_persons, 1);
    assert_int_equal(u.n_total, 3);
    u = get_unit(db, "P");
    assert_int_equal(u.n_persons, 0);
    assert_int_equal(u.n_total, 3);

    /* refused people change nothing */
    char fifty_one[52];
    memset(fifty_one, 'x', 51);
    fifty_one[51] = '\0';
    static const struct {
        const char *unit, *name, *position;
        enum result want;
        const char *field;
    } cases[] = {
        { "K1", "", NULL, RES_INVALID, "name" },
        { "K1", NULL, NULL, RES_INVALID, "name" },
        { "K1", "\xff", NULL, RES_INVALID, "name" },
        { "K1", "a\tb", NULL, RES_INVALID, "name" },
        { "K1", "ok", "\x01", RES_INVALID, "position" },
        { "", "ok", NULL, RES_INVALID, "unit" },
        { NULL, "ok", NULL, RES_INVALID, "unit" },
        { "NOPE", "ok", NULL, RES_NOT_FOUND, "unit" },
    };
    char *before = snapshot(db);
    long long rows = n_person_rows(db);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct person_input in = { .unit_code = cases[i].unit, .name = cases[i].name,
                                   .position = cases[i].position };
        struct err e = { 0 };
        long long id = 0;
        enum result r = person_add(db, &sys, &in, &id, &e);
        if (r != cases[i].want || !e.field || strcmp(e.field, cases[i].field) != 0)
            fail_msg("case %zu: %d field %s, want %d field %s", i, r, e.field ? e.field : "NULL",
                     cases[i].want, cases[i].field);
    }
    struct person_input in = { .unit_code = "K1", .name = fifty_one, .position = NULL };
    struct err e = { 0 };
    long long id = 0;
    assert_int_equal(person_add(db, &sys, &in, &id, &e), RES_INVALID);
    assert_string_equal(e.msg, "err.too_long");
    expect_unchanged(db, before);
    free(before);
    assert_int_equal(n_person_rows(db), rows);

    /* 50 characters of Chinese (150 bytes) fit */
    struct buf name;
    buf_init(&name, 1024);
    for (int i = 0; i < 50; i++)
        buf_adds(&name, "名");
    in.name = buf_str(&name);
    assert_int_equal(person_add(db, &sys, &in, &id, &e), RES_OK);
    buf_release(&name);
    assert_int_equal(get_unit(db, "K1").n_persons, 3);
    assert_int_equal(get_unit(db, "C1").n_total, 4);
    assert_int_equal(get_unit(db, "P").n_total, 4);
    assert_int_equal(db_count(db, "SELECT count(*) FROM audit WHERE action = ?1", "person.add", -1),
                     4);
    db_close(db);
}

/* ---- accounts, tokens and sessions ---- */

static void test_accounts(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    build_tree(db);
    long long pid = add_person(db, &sys, "K1", "张三");
    long long other = add_person(db, &sys, "K1", "李四");
    struct account_input in = { .login = "zhang", .person_id = pid, .role = "staff",
                                .password_hash = pw_hash() };
    struct err e = { 0 };
    long long aid = 0, id = 0;
    assert_int_equal(account_add(db, &sys, &in, &aid, &e), RES_OK);

    /* refusals */
    long long accounts = db_count(db, "SELECT count(*) FROM account", NULL, -1);
    in.person_id = other;
    e = (struct err){ 0 };
    assert_int_equal(account_add(db, &sys, &in, &id, &e), RES_CONFLICT);
    assert_string_equal(e.field, "login");
    in = (struct account_input){ .login = "zhang2", .person_id = pid, .role = "staff",
                                 .password_hash = pw_hash() };
    e = (struct err){ 0 };
    assert_int_equal(account_add(db, &sys, &in, &id, &e), RES_CONFLICT); /* one per person */
    assert_string_equal(e.field, "person");
    static const char *const bad_logins[] = {
        "Zhang", "_x", "a", "", "with space", "中文", "abcdefghijklmnopqrstuvwxyz0123456"
    };
    for (size_t i = 0; i < sizeof(bad_logins) / sizeof(bad_logins[0]); i++) {
        in = (struct account_input){ .login = bad_logins[i], .person_id = other, .role = "staff",
                                 .password_hash = pw_hash() };
        e = (struct err){ 0 };
        assert_int_equal(account_add(db, &sys, &in, &id, &e), RES_INVALID);
        assert_string_equal(e.field, "login");
    }
    in = (struct account_input){ .login = "li4", .person_id = other, .role = "boss",
                                 .password_hash = pw_hash() };
    assert_int_equal(account_add(db, &sys, &in, &id, &e), RES_INVALID);
    assert_string_equal(e.field, "role");
    in = (struct account_input){ .login = "li4", .person_id = 9999, .role = "staff",
                                 .password_hash = pw_hash() };
    assert_int_equal(account_add(db, &sys, &in, &id, &e), RES_NOT_FOUND);
    assert_int_equal(db_count(db, "SELECT count(*) FROM account", NULL, -1), accounts);
    char hash[crypto_pwhash_STRBYTES];
    assert_int_equal(password_hash("short", hash, &e), RES_INVALID);
    assert_string_equal(e.field, "password");
    assert_int_equal(password_hash("bad \xff utf8", hash, &e), RES_INVALID);

    /* logging in */
    struct actor a;
    assert_int_equal(account_login(db, "zhang", PASSWORD, &a), RES_OK);
    assert_int_equal(a.account_id, aid);
    assert_int_equal(a.person_id, pid);
    assert_int_equal(a.role, ROLE_STAFF);
    assert_string_equal(a.login, "zhang");
    assert_string_equal(a.unit_path, get_unit(db, "K1").path);
    assert_int_equal(account_login(db, "zhang", PASSWORD "x", &a), RES_NOT_FOUND);
    assert_int_equal(account_login(db, "nobody", PASSWORD, &a), RES_NOT_FOUND);
    assert_int_equal(account_actor(db, aid, &a), RES_OK);

    char token[TOKEN_TEXT], session[TOKEN_TEXT];
    assert_int_equal(token_create(db, &sys, "zhang", token, &e), RES_OK);
    assert_int_equal(strlen(token), TOKEN_TEXT - 1);
    assert_int_equal(token_actor(db, token, &a), RES_OK);
    assert_int_equal(a.account_id, aid);
    assert_int_equal(token_actor(db, "not-a-token", &a), RES_NOT_FOUND);
    assert_int_equal(session_create(db, aid, session), RES_OK);
    int stale = -1;
    assert_int_equal(session_actor(db, session, time(NULL), &a, &stale), RES_OK);

    /* disabled: no login, and its tokens and sessions stop working */
    assert_int_equal(account_disable(db, &sys, "zhang", &e), RES_OK);
    assert_int_equal(account_login(db, "zhang", PASSWORD, &a), RES_NOT_FOUND);
    assert_int_equal(token_actor(db, token, &a), RES_NOT_FOUND);
    assert_int_equal(session_actor(db, session, time(NULL), &a, &stale), RES_NOT_FOUND);
    assert_int_equal(account_actor(db, aid, &a), RES_NOT_FOUND);
    assert_int_equal(db_count(db, "SELECT count(*) FROM api_token", NULL, -1), 0);
    assert_int_equal(db_count(db, "SELECT count(*) FROM session", NULL, -1), 0);
    assert_int_equal(account_disable(db, &sys, "nobody", &e), RES_NOT_FOUND);
    expect_audit_ok(db, n_audit(db));

    /* the disabled flag alone is enough, even where tokens and sessions are still stored */
    in = (struct account_input){ .login = "li4", .person_id = other, .role = "staff",
                                 .password_hash = pw_hash() };
    assert_int_equal(account_add(db, &sys, &in, &id, &e), RES_OK);
    assert_int_equal(token_create(db, &sys, "li4", token, &e), RES_OK);
    assert_int_equal(session_create(db, id, session), RES_OK);
    assert_int_equal(sqlite3_exec(db->h, "UPDATE account SET disabled = 1 WHERE login = 'li4'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(db_count(db, "SELECT count(*) FROM api_token", NULL, -1), 1);
    assert_int_equal(token_actor(db, token, &a), RES_NOT_FOUND);
    assert_int_equal(session_actor(db, session, time(NULL), &a, &stale), RES_NOT_FOUND);
    assert_int_equal(account_actor(db, id, &a), RES_NOT_FOUND);
    db_close(db);
}

static void test_sessions(void **state)
{
    (void)state;
    struct db *db = open_fresh(NULL);
    build_tree(db);
    long long aid = add_account(db, "K2", "wang", "leader");

    /* now is read first: the session's own clock reads now or a second later */
    time_t now = time(NULL);
    char token[TOKEN_TEXT], other[TOKEN_TEXT];
    assert_int_equal(session_create(db, aid, token), RES_OK);
    assert_int_equal(strlen(token), TOKEN_TEXT - 1);
    struct actor a;
    int stale = -1;
    assert_int_equal(session_actor(db, token, now, &a, &stale), RES_OK);
    assert_int_equal(a.account_id, aid);
    assert_int_equal(a.role, ROLE_LEADER);
    assert_int_equal(stale, 0);
    assert_int_equal(session_actor(db, token, now + SESSION_TOUCH + 1, &a, &stale), RES_OK);
    assert_int_equal(stale, 1);
    assert_int_equal(session_actor(db, token, now + SESSION_IDLE + 1, &a, &stale), RES_NOT_FOUND);

    /* a request keeps it alive, up to SESSION_MAX after login */
    assert_int_equal(session_touch(db, token, now + SESSION_IDLE - 10), RES_OK);
    assert_int_equal(session_actor(db, token, now + SESSION_IDLE + 1, &a, &stale), RES_OK);
    assert_int_equal(session_touch(db, token, now + SESSION_MAX - 5), RES_OK);
    assert_int_equal(session_actor(db, token, now + SESSION_MAX - 1, &a, &stale), RES_OK);
    assert_int_equal(session_actor(db, token, now + SESSION_MAX + 1, &a, &stale), RES_NOT_FOUND);

    /* deleting ends one session, not the others */
    assert_int_equal(session_create(db, aid, other), RES_OK);
    assert_true(strcmp(token, other) != 0);
    assert_int_equal(session_delete(db, other), RES_OK);
    assert_int_equal(session_actor(db, other, now, &a, &stale), RES_NOT_FOUND);
    assert_int_equal(session_actor(db, token, now, &a, &stale), RES_OK);
    assert_int_equal(session_delete(db, token), RES_OK);
    assert_int_equal(session_actor(db, token, now, &a, &stale), RES_NOT_FOUND);
    assert_int_equal(session_actor(db, "unknown", now, &a, &stale), RES_NOT_FOUND);
    db_close(db);
}

static void test_account_password_change(void **state)
{
    (void)state;
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    build_tree(db);
    long long aid = add_account(db, "K3", "zhao", "staff");
    char session[TOKEN_TEXT];
    assert_int_equal(session_create(db, aid, session), RES_OK);
    char hash[crypto_pwhash_STRBYTES];
    struct err e = { 0 };
    assert_int_equal(password_hash("another password", hash, &e), RES_OK);
    assert_int_equal(account_set_password(db, &sys, "zhao", hash, &e), RES_OK);
    struct actor a;
    int stale = 0;
    assert_int_equal(session_actor(db, session, time(NULL), &a, &stale), RES_NOT_FOUND);
    assert_int_equal(account_login(db, "zhao", PASSWORD, &a), RES_NOT_FOUND);
    assert_int_equal(account_login(db, "zhao", "another password", &a), RES_OK);

    /* another unit's admin cannot see the account at all */
    struct actor k1;
    make_actor(db, "K1", "k1ua", "unit_admin", &k1);
    assert_int_equal(account_set_password(db, &k1, "zhao", hash, &e), RES_NOT_FOUND);
    db_close(db);
}

/* ---- the audit chain ---- */

/* A database with 5 audit records: 3 units, then 2 people. */
static struct db *audited_db(void)
{
    struct actor sys;
    actor_system(&sys);
    struct db *db = open_fresh(NULL);
    add_unit(db, &sys, "P", NULL, NULL);
    assert_int_equal(n_audit(db), 1);
    add_unit(db, &sys, "C1", "P", NULL);
    add_unit(db, &sys, "C2", "P", NULL);
    assert_int_equal(n_audit(db), 3);
    add_person(db, &sys, "C1", "甲");
    assert_int_equal(n_audit(db), 4);
    add_person(db, &sys, "C2", "乙");
    assert_int_equal(n_audit(db), 5);
    expect_audit_ok(db, 5);
    return db;
}

static void expect_audit_broken(struct db *db, long long want_bad, long long want_n)
{
    struct buf msg;
    buf_init(&msg, 1024);
    long long n = -1, bad = -1;
    assert_int_equal(audit_verify(db, &n, &bad, &msg), RES_CONFLICT);
    assert_int_equal(bad, want_bad);
    assert_int_equal(n, want_n);
    char want[64];
    snprintf(want, sizeof(want), "audit record %lld", want_bad);
    assert_non_null(strstr(buf_str(&msg), want));
    buf_release(&msg);
}

static void test_audit_records(void **state)
{
    (void)state;
    struct db *db = audited_db();
    assert_int_equal(db_count(db, "SELECT count(*) FROM audit WHERE action = ?1", "unit.add", -1),
                     3);
    assert_int_equal(db_count(db, "SELECT count(*) FROM audit WHERE action = ?1", "person.add", -1),
                     2);
    assert_int_equal(db_count(db, "SELECT count(*) FROM audit WHERE actor = ?1", "cli", -1), 5);
    assert_int_equal(db_count(db, "SELECT count(*) FROM audit WHERE object = ?1", "unit:C2", -1),
                     1);

    /* the triggers refuse edits and removals */
    assert_int_not_equal(
        sqlite3_exec(db->h, "UPDATE audit SET actor = 'x' WHERE id = 3", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db->h, "DELETE FROM audit WHERE id = 3", NULL, NULL, NULL),
                         SQLITE_OK);
    expect_audit_ok(db, 5);
    db_close(db);
}

static void test_audit_tamper_update(void **state)
{
    (void)state;
    struct db *db = audited_db();
    assert_int_equal(sqlite3_exec(db->h, "DROP TRIGGER audit_no_update", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db->h, "UPDATE audit SET actor = 'mallory' WHERE id = 3", NULL, NULL, NULL),
        SQLITE_OK);
    expect_audit_broken(db, 3, 2);
    db_close(db);

    /* an edit of the optional JSON fields is caught too */
    db = audited_db();
    assert_int_equal(sqlite3_exec(db->h, "DROP TRIGGER audit_no_update", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db->h, "UPDATE audit SET after = NULL WHERE id = 4", NULL, NULL, NULL),
        SQLITE_OK);
    expect_audit_broken(db, 4, 3);
    db_close(db);
}

static void test_audit_tamper_delete(void **state)
{
    (void)state;
    struct db *db = audited_db();
    assert_int_equal(sqlite3_exec(db->h, "DROP TRIGGER audit_no_delete", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(db->h, "DELETE FROM audit WHERE id = 3", NULL, NULL, NULL),
                     SQLITE_OK);
    expect_audit_broken(db, 4, 2);
    db_close(db);

    /* removed and renumbered: the link to the previous record breaks */
    db = audited_db();
    assert_int_equal(sqlite3_exec(db->h,
                                  "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update;"
                                  " DELETE FROM audit WHERE id = 3;"
                                  " UPDATE audit SET id = id - 1 WHERE id > 3",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    expect_audit_broken(db, 3, 2);
    db_close(db);
}

int test_models(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_db_open_refuses_existing),
        cmocka_unit_test(test_db_pragmas),
        cmocka_unit_test(test_db_foreign_file),
        cmocka_unit_test(test_db_guard),
        cmocka_unit_test(test_db_nested_tx),
        cmocka_unit_test(test_db_counts),
        cmocka_unit_test(test_writer_many_threads),
        cmocka_unit_test(test_writer_tickets),
        cmocka_unit_test(test_writer_failed_job_alone),
        cmocka_unit_test(test_unit_add),
        cmocka_unit_test(test_unit_each),
        cmocka_unit_test(test_registry_tally),
        cmocka_unit_test(test_unit_move),
        cmocka_unit_test(test_children_migration),
        cmocka_unit_test(test_unit_move_cycle),
        cmocka_unit_test(test_unit_import),
        cmocka_unit_test(test_unit_import_duplicate),
        cmocka_unit_test(test_check_lists),
        cmocka_unit_test(test_unit_import_wide_line),
        cmocka_unit_test(test_path_ids),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_unit_admin_cannot_take_over_admin),
        cmocka_unit_test(test_person_counts),
        cmocka_unit_test(test_person_import),
        cmocka_unit_test(test_accounts),
        cmocka_unit_test(test_sessions),
        cmocka_unit_test(test_account_password_change),
        cmocka_unit_test(test_attachment_migration),
        cmocka_unit_test(test_audit_records),
        cmocka_unit_test(test_audit_tamper_update),
        cmocka_unit_test(test_audit_tamper_delete),
    };
    return cmocka_run_group_tests_name("models", tests, NULL, NULL);
}
