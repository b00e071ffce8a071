/*
 * The store: connections, pragmas, migrations, statement cache, transactions and the single
 * writer (db layer; see db.h). Depends on core only.
 */
#define _GNU_SOURCE /* fallocate */
#include "db/db.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/collate.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/xalloc.h"

enum { APPLICATION_ID = 0x545a4731 }; /* "TZG1" */
#define CACHE_KB "-4000"        /* a connection's page cache, as cache_size takes it */
#define BULK_CACHE_KB "-262144" /* the same during a bulk import: 256 MB */

struct db_stmt_slot {
    const char *sql;  /* key: the literal's address */
    sqlite3_stmt *st; /* prepared statement */
};

static enum result migrate(struct db *db, struct buf *errmsg);

static pthread_once_t configured = PTHREAD_ONCE_INIT;

/* Process-wide SQLite settings, before the library initializes: no global memory statistics
 * (their mutex serializes every allocation of every thread). */
static void configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* stroke_key(name) and pinyin_key(name): the sort key of a name in surname stroke order, which
 * triggers keep in person.name_key, or in pinyin order, for lists sorted so on request
 * (core/collate.h); NULL for NULL. */
static void name_key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const enum name_order *order = sqlite3_user_data(ctx);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (!name) {
        sqlite3_result_null(ctx);
        return;
    }
    struct buf key;
    buf_init(&key, 4096);
    if (name_key(*order, name, &key) == 0)
        sqlite3_result_blob(ctx, key.data, (int)key.len, SQLITE_TRANSIENT);
    else
        sqlite3_result_error(ctx, "name key: the collation cannot be opened", -1);
    buf_release(&key);
}

void db_functions(sqlite3 *h)
{
    static const enum name_order stroke = ORDER_STROKE, pinyin = ORDER_PINYIN;
    sqlite3_create_function_v2(h, "stroke_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                               (void *)&stroke, name_key_fn, NULL, NULL, NULL);
    sqlite3_create_function_v2(h, "pinyin_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                               (void *)&pinyin, name_key_fn, NULL, NULL, NULL);
}

struct db *db_open(const char *path, unsigned flags, struct buf *errmsg)
{
    pthread_once(&configured, configure);
    struct stat sb;
    if ((flags & DB_F_CREATE) && stat(path, &sb) == 0) {
        buf_addf(errmsg, "'%s' already exists", path);
        return NULL;
    }
    if (!(flags & DB_F_CREATE) && stat(path, &sb) != 0) {
        buf_addf(errmsg, "no database at '%s' (create one with 'taizhang init' or 'taizhang demo')",
                 path);
        return NULL;
    }
    int oflags =
        (flags & DB_F_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        buf_addf(errmsg, "cannot open '%s': %s", path, h ? sqlite3_errmsg(h) : "out of memory");
        sqlite3_close(h);
        return NULL;
    }
    static _Atomic unsigned long long opened;
    struct db *db = xcalloc(1, sizeof(*db));
    db->h = h;
    db->serial = ++opened;
    db->n_slots = 64;
    db->slots = xcalloc(db->n_slots, sizeof(*db->slots));
    sqlite3_busy_timeout(h, 10000);
    sqlite3_extended_result_codes(h, 1);
    db_functions(h);
    /* No mmap: with a reader connection per worker and a writer committing hundreds of times
     * a second, the readers' remapping cost more than it saved (bench/learning: the server's
     * CPU per answer save fell by half without it). */
    if (db_exec(db, "PRAGMA foreign_keys=ON") || db_exec(db, "PRAGMA synchronous=FULL") ||
        db_exec(db, "PRAGMA temp_store=MEMORY") || db_exec(db, "PRAGMA cache_size=" CACHE_KB)) {
        buf_addf(errmsg, "cannot configure '%s': %s", path, sqlite3_errmsg(h));
        goto fail;
    }
    if (db_count(db, "PRAGMA application_id", NULL, 0) != APPLICATION_ID &&
        db_count(db, "SELECT count(*) FROM sqlite_master", NULL, 0) > 0) {
        /* another program's file: never add tables to it or switch its journal */
        buf_addf(errmsg, "'%s' is not a taizhang database", path);
        goto fail;
    }
    if (!(flags & DB_F_READONLY)) {
        if (db_exec(db, "PRAGMA journal_mode=WAL")) {
            buf_addf(errmsg, "cannot use WAL on '%s': %s", path, sqlite3_errmsg(h));
            goto fail;
        }
        if (migrate(db, errmsg))
            goto fail;
    }
    return db;
fail:
    db_close(db);
    return NULL;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    /* keep the planner's statistics fresh; a read-only connection just declines */
    sqlite3_exec(db->h, "PRAGMA optimize", NULL, NULL, NULL);
    db_counts_drop(db);
    for (size_t i = 0; i < db->n_slots; i++)
        if (db->slots[i].st)
            sqlite3_finalize(db->slots[i].st);
    free(db->slots);
    int rc = sqlite3_close(db->h);
    if (rc != SQLITE_OK)
        log_error("database close: %s", sqlite3_errstr(rc));
    free(db);
}

static size_t slot_of(const struct db *db, const char *sql)
{
    uintptr_t x = (uintptr_t)sql;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15u;
    return (size_t)(x >> 7) & (db->n_slots - 1);
}

static void cache_grow(struct db *db)
{
    struct db_stmt_slot *old = db->slots;
    size_t n_old = db->n_slots;
    db->n_slots *= 2;
    db->slots = xcalloc(db->n_slots, sizeof(*db->slots));
    for (size_t i = 0; i < n_old; i++) {
        if (!old[i].sql)
            continue;
        size_t j = slot_of(db, old[i].sql);
        while (db->slots[j].sql)
            j = (j + 1) & (db->n_slots - 1);
        db->slots[j] = old[i];
    }
    free(old);
}

/* The SQL literals prepared while recording (db_record_sql). */
static struct {
    pthread_mutex_t lock;
    int on;
    const char **list;
    size_t n, cap;
} recorded = { .lock = PTHREAD_MUTEX_INITIALIZER };

void db_record_sql(int on)
{
    pthread_mutex_lock(&recorded.lock);
    recorded.on = on;
    if (!on) {
        free(recorded.list);
        recorded.list = NULL;
        recorded.n = recorded.cap = 0;
    }
    pthread_mutex_unlock(&recorded.lock);
}

const char *const *db_recorded_sql(size_t *n)
{
    pthread_mutex_lock(&recorded.lock);
    *n = recorded.n;
    const char *const *list = recorded.list;
    pthread_mutex_unlock(&recorded.lock);
    return list;
}

static void record_sql(const char *sql)
{
    pthread_mutex_lock(&recorded.lock);
    size_t i = 0;
    while (recorded.on && i < recorded.n && recorded.list[i] != sql)
        i++;
    if (recorded.on && i == recorded.n) {
        if (recorded.n == recorded.cap) {
            recorded.cap = recorded.cap ? 2 * recorded.cap : 256;
            recorded.list = xrealloc(recorded.list, recorded.cap * sizeof(*recorded.list));
        }
        recorded.list[recorded.n++] = sql;
    }
    pthread_mutex_unlock(&recorded.lock);
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
    size_t j = slot_of(db, sql);
    while (db->slots[j].sql) {
        if (db->slots[j].sql == sql) {
            sqlite3_stmt *st = db->slots[j].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
        j = (j + 1) & (db->n_slots - 1);
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        log_error("prepare failed: %s in '%.80s'", sqlite3_errmsg(db->h), sql);
        return NULL;
    }
    record_sql(sql);
    db->slots[j].sql = sql;
    db->slots[j].st = st;
    if (++db->n_stmts * 2 > db->n_slots)
        cache_grow(db);
    return st;
}

void db_done(sqlite3_stmt *st)
{
    if (st)
        sqlite3_reset(st);
}

enum result db_exec(struct db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_error("'%.60s' failed: %s", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return RES_FAIL;
    }
    return RES_OK;
}

void db_guard(struct db *db, int on)
{
    db_exec(db, on ? "PRAGMA query_only=1" : "PRAGMA query_only=0");
}

int db_storage_refused(int e)
{
    return e == ENOSPC || e == EDQUOT || e == EROFS || e == EIO;
}

/* Whether db's file system has gone read-only, asked by opening the database file for writing
 * (statvfs does not tell: ext4's emergency read-only state after an error leaves the mount
 * "rw"). */
static int read_only_now(struct db *db)
{
    const char *path = sqlite3_db_filename(db->h, "main");
    if (!path || !*path)
        return 0;
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    return errno == EROFS;
}

/* Whether the error rc of a statement on db came from storage that refuses writes. After the
 * first failed write to the log SQLite answers I/O errors without asking the system again (no
 * errno), and the first failure may be a plain EIO as the file system turns read-only: then the
 * file system is asked. */
static int refused(struct db *db, int rc)
{
    if ((rc & 0xff) == SQLITE_FULL)
        return 1;
    if ((rc & 0xff) != SQLITE_IOERR)
        return 0;
    return db_storage_refused(sqlite3_system_errno(db->h)) || read_only_now(db);
}

enum result db_fail_at(struct db *db, struct err *err, const char *file, int line)
{
    int rc = sqlite3_extended_errcode(db->h);
    db->full |= refused(db, rc);
    log_error("%s:%d: statement failed: %s", file, line, sqlite3_errmsg(db->h));
    return err_set(err, db->full ? RES_UNAVAILABLE : RES_FAIL, NULL, "err.internal");
}

/* Runs one of the transaction statements below through the statement cache: a write job
 * opens and closes two levels of them, and parsing them each time cost the writer as much as
 * the job's own statements. */
static enum result tx_step(struct db *db, const char *sql)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return RES_FAIL;
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE) {
        int e = sqlite3_system_errno(db->h);
        log_error("'%s' failed: %s (%s)", sql, sqlite3_errmsg(db->h), e ? strerror(e) : "-");
        db->full |= refused(db, sqlite3_extended_errcode(db->h));
        return RES_FAIL;
    }
    return RES_OK;
}

void db_analyze(struct db *db, enum db_analysis how)
{
    /* after a bulk import the tables it wrote, each in turn: the whole store's two hundred
     * indexes cost an import of 2,000 units a third of its time */
    int sampled = how != DB_ANALYZE_ALL;
    int only_written = how == DB_ANALYZE_WRITTEN && db->n_written > 0;
    /* analysis_limit: the rows read per index */
    const char *limit = sampled ? "PRAGMA analysis_limit=2000" : "PRAGMA analysis_limit=0";
    int bad = sqlite3_exec(db->h, limit, NULL, NULL, NULL) != SQLITE_OK;
    for (int i = 0; only_written && i < db->n_written && !bad; i++) {
        char *sql = sqlite3_mprintf("ANALYZE main.\"%w\"", db->written[i]);
        bad = !sql || sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK;
        sqlite3_free(sql);
    }
    if (!only_written && !bad)
        bad = sqlite3_exec(db->h, "ANALYZE", NULL, NULL, NULL) != SQLITE_OK;
    if (bad)
        log_error("ANALYZE: %s", sqlite3_errmsg(db->h));
    sqlite3_exec(db->h, "PRAGMA analysis_limit=0", NULL, NULL, NULL);
    db->n_written = 0;
}

/* sqlite3_update_hook's: notes each table a bulk import writes a row of, once (the counters'
 * tables, WITHOUT ROWID, are never told; their statements read them by key). */
static void note_written(void *ctx, int op, const char *schema, const char *table,
                         sqlite3_int64 rowid)
{
    (void)op;
    (void)rowid;
    struct db *db = ctx;
    if (db->n_written < 0 || strcmp(schema, "main") != 0)
        return;
    for (int i = db->n_written - 1; i >= 0; i--)
        if (strcmp(db->written[i], table) == 0)
            return;
    size_t n = strlen(table);
    if (db->n_written == (int)(sizeof(db->written) / sizeof(db->written[0])) ||
        n >= sizeof(db->written[0])) {
        db->n_written = -1; /* too many: ANALYZE reads them all */
        return;
    }
    memcpy(db->written[db->n_written++], table, n + 1);
}

void db_bulk_begin(struct db *db)
{
    if (db->tx_depth <= 0 || db->bulk)
        BUG("a bulk import outside a transaction, or inside another");
    db->bulk = db->tx_depth;
    db->bulk_undone = 0;
    db->n_written = 0;
    sqlite3_update_hook(db->h, note_written, db);
    /* a cache that holds the import's pages: with the usual one, SQLite wrote pages to the log
     * before the commit and read them back (a sixth of a task import into 100,000 tasks) */
    db_exec(db, "PRAGMA cache_size=" BULK_CACHE_KB);
}

int db_bulk_end(struct db *db)
{
    if (db->tx_depth != db->bulk)
        BUG("a bulk import ended at another depth");
    db->bulk = 0;
    sqlite3_update_hook(db->h, NULL, NULL);
    db_exec(db, "PRAGMA cache_size=" CACHE_KB);
    if (db->bulk_undone) {
        db_counts_drop(db);
        return -1;
    }
    return db_counts_flush(db) == RES_OK ? 0 : -1;
}

enum result db_import_csv(struct db *db, const char *data, size_t len,
                          const struct csv_columns *cols,
                          enum result (*row)(void *ctx, char **fields, struct err *err), void *ctx,
                          const struct import_report *rep)
{
    if (db_tx_begin(db) != RES_OK)
        return RES_FAIL;
    db_bulk_begin(db);
    int bad = csv_each_row(data, len, cols, row, ctx, rep);
    if (db_bulk_end(db) != 0 || bad) {
        db_tx_rollback(db);
        return bad ? RES_INVALID : RES_FAIL;
    }
    return db_tx_commit(db);
}

enum result db_tx_begin(struct db *db)
{
    if (db->bulk && db->tx_depth >= db->bulk) {
        db->tx_depth++;
        return RES_OK;
    }
    enum result r = tx_step(db, db->tx_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT tz");
    if (r == RES_OK)
        db->tx_depth++;
    return r;
}

enum result db_tx_commit(struct db *db)
{
    if (db->tx_depth <= 0)
        BUG("commit outside a transaction");
    if (db->bulk && db->tx_depth > db->bulk) {
        db->tx_depth--;
        return RES_OK;
    }
    enum result r = tx_step(db, db->tx_depth == 1 ? "COMMIT" : "RELEASE tz");
    if (r != RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    db->tx_depth--;
    return RES_OK;
}

void db_tx_rollback(struct db *db)
{
    if (db->tx_depth <= 0)
        BUG("rollback outside a transaction");
    if (db->bulk && db->tx_depth > db->bulk) {
        db->bulk_undone = 1;
        db->tx_depth--;
        return;
    }
    if (db->tx_depth == 1) {
        if (sqlite3_get_autocommit(db->h) == 0)
            tx_step(db, "ROLLBACK");
    } else {
        tx_step(db, "ROLLBACK TO tz");
        tx_step(db, "RELEASE tz");
    }
    db->tx_depth--;
}

enum result db_read_begin(struct db *db)
{
    if (db->tx_depth != 0 || tx_step(db, "BEGIN") != RES_OK)
        return RES_FAIL;
    db->tx_depth = 1;
    return RES_OK;
}

void db_read_end(struct db *db)
{
    if (db->tx_depth != 1)
        BUG("a request left its transactions unbalanced");
    if (tx_step(db, "COMMIT") != RES_OK && sqlite3_get_autocommit(db->h) == 0)
        tx_step(db, "ROLLBACK");
    db->tx_depth = 0;
}

int db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    return sqlite3_bind_text(st, idx, s ? s : "", -1, SQLITE_TRANSIENT);
}

const char *db_col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? (const char *)s : "";
}

void db_bind_period(sqlite3_stmt *st, int first, const struct period_rows *p)
{
    const char *v[] = { p->head[0], p->head[1], p->months[0], p->months[1], p->tail[0],
                        p->tail[1] };
    for (int i = 0; i < 6; i++)
        db_bind_text(st, first + i, v[i]);
}

char *db_col_dup(sqlite3_stmt *st, int col)
{
    return xstrdup(db_col_text(st, col));
}

long long db_count(struct db *db, const char *sql, const char *param, long long def)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return def;
    if (param)
        db_bind_text(st, 1, param);
    long long v = def;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    db_done(st);
    return v;
}

enum result db_backup(struct db *db, const char *out_path, struct buf *errmsg)
{
    struct stat sb;
    if (stat(out_path, &sb) == 0) {
        buf_addf(errmsg, "'%s' already exists", out_path);
        return RES_CONFLICT;
    }
    sqlite3 *dst = NULL;
    enum result r = RES_FAIL;
    if (sqlite3_open(out_path, &dst) != SQLITE_OK) {
        buf_addf(errmsg, "cannot create '%s': %s", out_path, sqlite3_errmsg(dst));
        goto out;
    }
    sqlite3_backup *bk = sqlite3_backup_init(dst, "main", db->h, "main");
    if (!bk) {
        buf_addf(errmsg, "backup: %s", sqlite3_errmsg(dst));
        goto out;
    }
    /* a copy in one step holds one read snapshot; a lock held by a checkpoint or another backup
     * is waited for, 50 ms at a time, for 10 s at most */
    int rc, tries = 0;
    do {
        rc = sqlite3_backup_step(bk, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(50);
    } while ((rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < 200);
    sqlite3_backup_finish(bk);
    if (rc != SQLITE_DONE) {
        buf_addf(errmsg, "backup: %s%s", sqlite3_errstr(rc), tries == 200 ? " for 10 s" : "");
        goto out;
    }
    r = RES_OK;
out:
    sqlite3_close(dst);
    if (r != RES_OK)
        remove(out_path);
    return r;
}

enum result db_integrity(struct db *db, struct buf *errmsg)
{
    sqlite3_stmt *st = db_stmt(db, "PRAGMA integrity_check(5)");
    if (!st) {
        buf_addf(errmsg, "integrity check: %s", sqlite3_errmsg(db->h));
        return RES_FAIL;
    }
    enum result r = RES_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = db_col_text(st, 0);
        if (strcmp(line, "ok") == 0)
            continue;
        buf_addf(errmsg, "%s%s", r == RES_OK ? "" : "; ", line);
        r = RES_FAIL;
    }
    if (rc != SQLITE_DONE) {
        buf_addf(errmsg, "integrity check: %s", sqlite3_errmsg(db->h));
        r = RES_FAIL;
    }
    db_done(st);
    return r;
}

/* Migrations: db/schema/NNNN-name.sql, applied in order above PRAGMA user_version. */
static enum result migrate(struct db *db, struct buf *errmsg)
{
    long long app = db_count(db, "PRAGMA application_id", NULL, 0);
    long long version = db_count(db, "PRAGMA user_version", NULL, 0);
    if (app != 0 && app != APPLICATION_ID) {
        buf_adds(errmsg, "not a taizhang database");
        return RES_INVALID;
    }
    static const char prefix[] = "db/schema/";
    for (size_t i = 0; i < n_embedded_files; i++) {
        const struct embedded_file *f = &embedded_files[i];
        if (strncmp(f->name, prefix, sizeof(prefix) - 1) != 0)
            continue;
        long v = strtol(f->name + sizeof(prefix) - 1, NULL, 10);
        if (v <= version)
            continue;
        if (db_tx_begin(db))
            goto fail;
        char *msg = NULL;
        if (sqlite3_exec(db->h, (const char *)f->data, NULL, NULL, &msg) != SQLITE_OK) {
            buf_addf(errmsg, "migration %s: %s", f->name, msg ? msg : "?");
            sqlite3_free(msg);
            db_tx_rollback(db);
            return RES_FAIL;
        }
        char pragma[96];
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%ld; PRAGMA application_id=%d", v,
                 APPLICATION_ID);
        if (db_exec(db, pragma) || db_tx_commit(db))
            goto fail;
    }
    return RES_OK;
fail:
    buf_addf(errmsg, "migration failed: %s", sqlite3_errmsg(db->h));
    return RES_FAIL;
}

/* ---- the single writer ---- */

struct db_job {
    db_job_fn fn;        /* work to run */
    void *arg;           /* its argument */
    enum result result;  /* set by the writer */
    int early;           /* done at the commit, before the sync (db_writer_commit) */
    int done;            /* set once committed or failed */
    pthread_cond_t woken; /* signalled when done: only its own caller wakes */
    unsigned long long ticket; /* the number of its group, counted from 1 */
    struct db_job *next; /* queue link */
};

/* Group commit in two stages. The writer thread runs a group of jobs in one transaction and
 * commits it without waiting for the disk (synchronous=NORMAL); the syncer thread then makes
 * the write-ahead log durable with one fdatasync for every group committed meanwhile, and only
 * then are the jobs done. So the next group runs while the last one reaches the disk, and no
 * job is answered before its data is as durable as with synchronous=FULL. A job run by
 * db_writer_commit is done at the commit instead: its caller waits for its ticket to be
 * reported durable by the on_sync callback, without holding a thread meanwhile.
 * Checkpoints (copying the log into the database, two syncs and thousands of page writes) are
 * done mostly by a third thread on a connection of its own, so that writes go on meanwhile.
 * That thread cannot finish one while the writer appends, so the writer still checkpoints when
 * the log has grown to CHECKPOINT_WRITER pages: by then it copies only the newest pages (and
 * syncs only those: the other thread syncs what it copies), and the next transaction starts
 * the log again from its beginning. */
struct db_writer {
    struct db *db;             /* the writer's own connection */
    struct db *ckpt_db;        /* the checkpointer's connection */
    int wal_fd;                /* the write-ahead log, for fdatasync */
    int db_fd;                 /* the database file, for the checkpointer's fdatasync */
    pthread_t thread;          /* runs writer_main */
    pthread_t syncer;          /* runs syncer_main */
    pthread_t checkpointer;    /* runs checkpointer_main */
    pthread_mutex_t lock;      /* guards everything below */
    pthread_cond_t work;       /* signalled when a job is queued or on stop */
    pthread_cond_t committed;  /* signalled when a group awaits its sync */
    pthread_cond_t log_grown;  /* signalled when the log needs a checkpoint, or on stop */
    int wal_frames;            /* pages in the log after the last commit */
    int copied_frames;         /* the log's size at the start of the last background checkpoint */
    struct db_job *head;       /* queued jobs, oldest first */
    struct db_job *tail;       /* last queued job */
    struct db_job *unsynced;   /* committed jobs awaiting the sync, newest group first */
    int stopping;              /* set by db_writer_stop */
    int writer_gone;           /* set when writer_main has returned */
    int started;               /* threads started: 0, 1 (writer), 2 (syncer), 3 (checkpointer) */
    int queued;                /* jobs waiting in head..tail */
    unsigned long long syncs;  /* fdatasyncs of the log done */
    double sync_seconds;       /* their time, all told */
    double sync_max;           /* the longest */
    unsigned long long committed_seq; /* groups committed */
    unsigned long long synced_seq;    /* groups synced */
    void (*on_sync)(void *ctx, unsigned long long durable, int failed); /* see db.h */
    void *on_sync_ctx;                /* its context */
};

enum { GROUP_MAX = 512, CHECKPOINT_BACKGROUND = 1000, CHECKPOINT_WRITER = 8000 };
#define WAL_LIMIT_TEXT "33554432" /* bytes: the log after CHECKPOINT_WRITER 4 KB pages, and some */

/* Runs a group of jobs in one transaction, each in a savepoint of its own. A job that fails
 * because the disk is full or read-only (its statement's error, or the commit's) ends
 * RES_UNAVAILABLE, which the server answers 503: nothing was written, and writing again later
 * may succeed. */
static void run_group(struct db_writer *w, struct db_job *group)
{
    w->db->full = 0;
    int ok = db_tx_begin(w->db) == RES_OK;
    for (struct db_job *j = group; j; j = j->next) {
        if (!ok || db_tx_begin(w->db)) {
            j->result = w->db->full ? RES_UNAVAILABLE : RES_FAIL;
            continue;
        }
        j->result = j->fn(w->db, j->arg);
        if (w->db->tx_depth != 2)
            BUG("a write job left its transaction unbalanced");
        if (j->result == RES_FAIL && refused(w->db, sqlite3_extended_errcode(w->db->h)))
            w->db->full = 1;
        if (j->result == RES_OK && db_tx_commit(w->db) == RES_OK)
            continue;
        if (j->result == RES_OK)
            j->result = RES_FAIL;
        else
            db_tx_rollback(w->db);
        if (j->result == RES_FAIL && w->db->full)
            j->result = RES_UNAVAILABLE;
    }
    if (ok && db_tx_commit(w->db) != RES_OK) {
        for (struct db_job *j = group; j; j = j->next)
            j->result = w->db->full ? RES_UNAVAILABLE : RES_FAIL;
    }
}

static void *writer_main(void *p)
{
    struct db_writer *w = p;
    prctl(PR_SET_NAME, "tz-writer");
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->work, &w->lock);
        if (!w->head)
            break;
        struct db_job *group = w->head, *last = group;
        int n = 1;
        while (last->next && n < GROUP_MAX) {
            last = last->next;
            n++;
        }
        w->head = last->next;
        w->queued -= n;
        if (!w->head)
            w->tail = NULL;
        last->next = NULL;
        pthread_mutex_unlock(&w->lock);
        run_group(w, group);
        pthread_mutex_lock(&w->lock);
        unsigned long long seq = ++w->committed_seq;
        for (struct db_job *j = group, *next; j; j = next) {
            next = j->next; /* an early job is gone once done */
            j->ticket = seq;
            if (j->early) {
                j->done = 1;
                pthread_cond_signal(&j->woken);
            } else {
                j->next = w->unsynced;
                w->unsynced = j;
            }
        }
        pthread_cond_signal(&w->committed);
    }
    w->writer_gone = 1;
    pthread_cond_signal(&w->committed);
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* fdatasync can answer 0 for data its file system never made durable: ext4 aborts its journal
 * on an error some milliseconds before it refuses writes, and a sync in between may find the
 * commit it waits for done (aborted: nothing written). Starting a journal transaction after the
 * sync tells, for it fails once the journal is aborted: fallocate of the log's first byte,
 * keeping the size, starts one and changes nothing. The errno that refuses, or 0 (also where
 * the file system has no fallocate). */
static int journal_aborted(int fd)
{
    if (fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 1) == 0 || errno == EOPNOTSUPP || errno == ENOSYS)
        return 0;
    return errno;
}

static void *syncer_main(void *p)
{
    struct db_writer *w = p;
    prctl(PR_SET_NAME, "tz-syncer");
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->synced_seq == w->committed_seq && !w->writer_gone)
            pthread_cond_wait(&w->committed, &w->lock);
        if (w->synced_seq == w->committed_seq)
            break;
        struct db_job *jobs = w->unsynced;
        w->unsynced = NULL;
        unsigned long long upto = w->committed_seq;
        pthread_mutex_unlock(&w->lock);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int failed = fdatasync(w->wal_fd) != 0 ? errno : journal_aborted(w->wal_fd);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (failed)
            log_error("fdatasync of the write-ahead log: %s", strerror(failed));
        double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        pthread_mutex_lock(&w->lock);
        w->syncs++;
        w->sync_seconds += took;
        if (took > w->sync_max)
            w->sync_max = took;
        for (struct db_job *j = jobs, *next; j; j = next) {
            next = j->next;
            if (failed)
                j->result = db_storage_refused(failed) ? RES_UNAVAILABLE : RES_FAIL;
            j->done = 1;
            pthread_cond_signal(&j->woken);
        }
        w->synced_seq = upto;
        if (w->on_sync) {
            pthread_mutex_unlock(&w->lock);
            w->on_sync(w->on_sync_ctx, upto, failed);
            pthread_mutex_lock(&w->lock);
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* Called by SQLite on the writer's thread after each commit, with the log's size in pages. */
static int wal_grown(void *p, sqlite3 *h, const char *name, int frames)
{
    struct db_writer *w = p;
    pthread_mutex_lock(&w->lock);
    w->wal_frames = frames;
    if (frames < w->copied_frames) /* the log has started again */
        w->copied_frames = 0;
    if (frames >= w->copied_frames + CHECKPOINT_BACKGROUND)
        pthread_cond_signal(&w->log_grown);
    pthread_mutex_unlock(&w->lock);
    /* passive: busy (and tried again after the next commit) while the other thread copies */
    if (frames >= CHECKPOINT_WRITER)
        sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return SQLITE_OK;
}

static void *checkpointer_main(void *p)
{
    struct db_writer *w = p;
    prctl(PR_SET_NAME, "tz-checkpoint");
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->wal_frames < w->copied_frames + CHECKPOINT_BACKGROUND && !w->stopping)
            pthread_cond_wait(&w->log_grown, &w->lock);
        if (w->stopping)
            break;
        w->copied_frames = w->wal_frames;
        pthread_mutex_unlock(&w->lock);
        int rc = sqlite3_wal_checkpoint_v2(w->ckpt_db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
                                           NULL);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            log_error("checkpoint: %s", sqlite3_errmsg(w->ckpt_db->h));
        /* SQLite syncs the database only after a checkpoint that reaches the log's end */
        if (rc == SQLITE_OK && fdatasync(w->db_fd) != 0)
            log_error("fdatasync of the database: %s", strerror(errno));
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

struct db_writer *db_writer_start(const char *path, struct buf *errmsg)
{
    struct db *db = db_open(path, 0, errmsg);
    if (!db)
        return NULL;
    /* in full: rows added by another program (a restore) would leave the planner planning for
     * tables of one row, an import's sample can mislead it */
    db_analyze(db, DB_ANALYZE_ALL);
    const char *file = sqlite3_db_filename(db->h, "main");
    const char *wal = file ? sqlite3_filename_wal(file) : NULL;
    int wal_fd = wal ? open(wal, O_RDWR | O_CLOEXEC) : -1; /* writable for journal_aborted */
    int db_fd = file ? open(file, O_RDONLY | O_CLOEXEC) : -1;
    struct db *ckpt_db = NULL;
    /* journal_size_limit: once a checkpoint has copied the whole log, the next write starts it
     * again from its beginning and cuts the file to this size, so a burst of writes does not
     * keep its space for ever (a full disk freed was soon full again without it) */
    if (wal_fd < 0 || db_fd < 0 || db_exec(db, "PRAGMA synchronous=NORMAL") ||
        db_exec(db, "PRAGMA journal_size_limit=" WAL_LIMIT_TEXT))
        buf_addf(errmsg, "cannot open the write-ahead log %s", wal ? wal : "?");
    else
        ckpt_db = db_open(path, 0, errmsg);
    if (!ckpt_db) {
        if (wal_fd >= 0)
            close(wal_fd);
        if (db_fd >= 0)
            close(db_fd);
        db_close(db);
        return NULL;
    }
    struct db_writer *w = xcalloc(1, sizeof(*w));
    w->db = db;
    w->ckpt_db = ckpt_db;
    w->wal_fd = wal_fd;
    w->db_fd = db_fd;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    pthread_cond_init(&w->committed, NULL);
    pthread_cond_init(&w->log_grown, NULL);
    /* in place of SQLite's own checkpoint after a commit */
    sqlite3_wal_hook(db->h, wal_grown, w);
    if (pthread_create(&w->thread, NULL, writer_main, w) == 0)
        w->started++;
    if (w->started == 1 && pthread_create(&w->syncer, NULL, syncer_main, w) == 0)
        w->started++;
    if (w->started == 2 && pthread_create(&w->checkpointer, NULL, checkpointer_main, w) == 0)
        w->started++;
    if (w->started < 3) {
        buf_adds(errmsg, "cannot start the writer threads");
        db_writer_stop(w);
        return NULL;
    }
    return w;
}

void db_writer_stats(struct db_writer *w, struct db_writer_stats *out)
{
    pthread_mutex_lock(&w->lock);
    *out = (struct db_writer_stats){ .queued = w->queued, .syncs = w->syncs,
                                     .sync_seconds = w->sync_seconds, .sync_max = w->sync_max };
    pthread_mutex_unlock(&w->lock);
}

static enum result writer_wait(struct db_writer *w, struct db_job *job)
{
    pthread_mutex_lock(&w->lock);
    if (w->tail)
        w->tail->next = job;
    else
        w->head = job;
    w->tail = job;
    w->queued++;
    pthread_cond_signal(&w->work);
    while (!job->done)
        pthread_cond_wait(&job->woken, &w->lock);
    pthread_mutex_unlock(&w->lock);
    pthread_cond_destroy(&job->woken);
    return job->result;
}

enum result db_writer_run(struct db_writer *w, db_job_fn fn, void *arg)
{
    struct db_job job = { .fn = fn, .arg = arg, .result = RES_FAIL,
                          .woken = PTHREAD_COND_INITIALIZER };
    return writer_wait(w, &job);
}

enum result db_writer_commit(struct db_writer *w, db_job_fn fn, void *arg,
                             unsigned long long *ticket)
{
    struct db_job job = { .fn = fn, .arg = arg, .result = RES_FAIL, .early = 1,
                          .woken = PTHREAD_COND_INITIALIZER };
    enum result r = writer_wait(w, &job);
    *ticket = job.ticket;
    return r;
}

void db_writer_on_sync(struct db_writer *w,
                       void (*fn)(void *ctx, unsigned long long durable, int failed), void *ctx)
{
    pthread_mutex_lock(&w->lock);
    w->on_sync = fn;
    w->on_sync_ctx = ctx;
    pthread_mutex_unlock(&w->lock);
}

void db_writer_stop(struct db_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = 1;
    if (w->started == 0)
        w->writer_gone = 1;
    pthread_cond_signal(&w->work);
    pthread_cond_signal(&w->committed);
    pthread_cond_signal(&w->log_grown);
    pthread_mutex_unlock(&w->lock);
    if (w->started >= 1)
        pthread_join(w->thread, NULL);
    if (w->started >= 2)
        pthread_join(w->syncer, NULL);
    if (w->started == 3)
        pthread_join(w->checkpointer, NULL);
    /* a clean stop leaves no log behind: copied into the database and cut to nothing (the
     * close of the last connection would do it too, but not while a reader stays open) */
    int rc = sqlite3_wal_checkpoint_v2(w->db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (rc != SQLITE_OK)
        log_error("final checkpoint: %s", sqlite3_errmsg(w->db->h));
    db_close(w->ckpt_db);
    db_close(w->db);
    close(w->wal_fd);
    close(w->db_fd);
    pthread_cond_destroy(&w->work);
    pthread_cond_destroy(&w->committed);
    pthread_cond_destroy(&w->log_grown);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
