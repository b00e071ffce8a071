/*
 * The store (db layer): opening an SQLite file with the project's pragmas and migrations, the
 * per-connection statement cache, transactions, and the single writer that groups the commits
 * of many requests under one fsync. Depends on core only; owns the schema version.
 */
#ifndef TZ_DB_H
#define TZ_DB_H

#include <sqlite3.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/result.h"

struct db_stmt_slot;
struct db_counts;

struct db {
    sqlite3 *h;                 /* the connection */
    struct db_stmt_slot *slots; /* statement cache keyed by the SQL literal's address */
    size_t n_slots;             /* capacity of slots, a power of two */
    size_t n_stmts;             /* statements cached */
    int tx_depth;               /* 0 outside a transaction, else nesting depth */
    int full;                   /* 1 once a transaction statement met storage that refuses
                                   writes: a full disk or a file system gone read-only (the
                                   writer clears it before each group) */
    unsigned long long serial;  /* this connection among all the process opened, from 1 */
    int bulk;                   /* the depth db_bulk_begin() started at, 0 outside it */
    int bulk_undone;            /* an inner transaction rolled back during it */
    struct db_counts *counts;   /* counters summed during a bulk import (counts.c) */
    int n_written;              /* tables written during the last bulk import, or -1 for
                                   more than written holds */
    char written[32][64];       /* their names, for db_analyze */
};

enum db_open_flags {
    DB_F_CREATE = 1 << 0,   /* create the file; fail if it exists */
    DB_F_READONLY = 1 << 1, /* open read-only, no migration */
};

/* Registers on connection h the SQL functions the schema's migrations and triggers call
 * (stroke_key, pinyin_key): db_open does, and so must anything that runs them on its own. */
void db_functions(sqlite3 *h);
/* Opens path, applies pragmas and pending migrations. Returns a connection to close with
 * db_close(), or NULL with a reason in errmsg. */
struct db *db_open(const char *path, unsigned flags, struct buf *errmsg);
/* Finalizes every cached statement and closes; NULL is a no-op. */
void db_close(struct db *db);

/* Returns the cached statement for an SQL string literal, prepared on first use, reset and with
 * no bindings. The caller calls db_done() when finished stepping. NULL means the SQL failed to
 * prepare (a programming error, logged). */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);
/* With on, every SQL literal that db_stmt prepares from now on, on any connection, is kept
 * (once) for db_recorded_sql; off forgets them. For the test that checks every statement's
 * query plan. */
void db_record_sql(int on);
/* The SQL kept since db_record_sql(1): *n texts (the list stays valid until it is turned off). */
const char *const *db_recorded_sql(size_t *n);
/* Resets a statement from db_stmt so it holds no read snapshot. */
void db_done(sqlite3_stmt *st);
/* Fresh statistics for the planner (ANALYZE): of every row at init, after the demo and at the
 * server's start (1.3 s for a province of 100,000 tasks and a million opinions); or of a sample
 * of each index, in a moment whatever the size: of every table (a grown demo), or after an
 * import of the tables it wrote (a sample can mislead the planner: the server's start counts
 * again in full). */
enum db_analysis {
    DB_ANALYZE_ALL,     /* every row */
    DB_ANALYZE_SAMPLED, /* a sample of every index */
    DB_ANALYZE_WRITTEN, /* a sample of the indexes of the tables the last bulk import wrote */
};
void db_analyze(struct db *db, enum db_analysis how);
/* Runs SQL without parameters or results; returns RES_OK or RES_FAIL (logged). */
enum result db_exec(struct db *db, const char *sql);

/* With on, the connection refuses every write (PRAGMA query_only). The server's worker
 * connections run so for good: all their writes go through the single writer. */
void db_guard(struct db *db, int on);

/* Records that a statement (or a transaction step) on db failed: logs sqlite3_errmsg with the
 * caller's file and line, and sets err to the internal error, or to RES_UNAVAILABLE when the disk
 * is full or the file system has gone read-only. Returns the result it set. */
#define db_fail(db, err) db_fail_at((db), (err), __FILE__, __LINE__)
/* Whether the errno value e of a failed write or sync means that the storage refuses writes for
 * now: a full disk (ENOSPC, EDQUOT), a file system gone read-only (EROFS) or failing writes (EIO,
 * after which ext4 mounted errors=remount-ro turns read-only). Nothing is saved, and writing
 * again later may succeed, so the server answers 503, not 500. */
int db_storage_refused(int e);
enum result db_fail_at(struct db *db, struct err *err, const char *file, int line);

/* Transactions nest: the outermost is BEGIN IMMEDIATE, inner ones are savepoints. */
enum result db_tx_begin(struct db *db);
enum result db_tx_commit(struct db *db);
void db_tx_rollback(struct db *db);

/* A bulk import inside the caller's transaction: the rows' own transactions, begun between
 * db_bulk_begin() and db_bulk_end(), are no savepoints (each savepoint made SQLite flush the
 * full-text index: a quarter of an import's time), so an inner rollback undoes nothing by
 * itself; the caller rolls the whole import back when a row failed. db_bulk_end() returns -1
 * when an inner transaction rolled back, so that the import cannot commit half a row, or when
 * the counters summed during it (db_counts_add) could not be written; otherwise it writes them. */
void db_bulk_begin(struct db *db);
int db_bulk_end(struct db *db);

/* Counter rows kept by an additive upsert: sql is a literal that inserts ?1 a unit id, ?2 a day,
 * ?3 a key (when key is not NULL) and ?4... the n values, or on conflict adds the values to the
 * row's. Outside a bulk import it runs at once; inside one the values are summed in memory and
 * each row is written once when db_bulk_end() sees the import whole (nothing may read those
 * counters before). */
enum { DB_COUNTS_MAX = 16 };
enum result db_counts_add(struct db *db, const char *sql, long long unit, const char *day,
                          const char *key, const long long *v, int n);
/* Reads a CSV table's records into the store in one transaction, all or nothing, as a bulk
 * import (db_bulk_begin: the roll-ups' counts summed and written once): row(ctx, fields, err)
 * for each record (csv_each_row, each problem told to rep). RES_OK, RES_INVALID when a record
 * failed, RES_FAIL. */
enum result db_import_csv(struct db *db, const char *data, size_t len,
                          const struct csv_columns *cols,
                          enum result (*row)(void *ctx, char **fields, struct err *err), void *ctx,
                          const struct import_report *rep);
/* Writes the summed counters, and forgets them (db_bulk_end's). */
enum result db_counts_flush(struct db *db);
/* Forgets them unwritten (a rolled-back import, a closed connection). */
void db_counts_drop(struct db *db);

/* A read transaction around everything one request reads: the statements share one snapshot,
 * taken once (a statement outside a transaction takes and drops its own, with file-lock
 * system calls each time). Transactions begun inside it are savepoints. db_read_end() ends it
 * and must see it at the depth db_read_begin() left. */
enum result db_read_begin(struct db *db);
void db_read_end(struct db *db);

/* Binds a NUL-terminated string; a NULL pointer binds the empty string. */
int db_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Binds the six bounds of a period's roll-up rows (period_rows: the head days, the whole months,
 * the tail days, each from and to) to the parameters from first on. */
void db_bind_period(sqlite3_stmt *st, int first, const struct period_rows *p);
/* Copy of a text column into caller-owned memory (free()), "" for NULL. */
char *db_col_dup(sqlite3_stmt *st, int col);
/* Text column as a C string owned by the statement, "" for NULL. */
const char *db_col_text(sqlite3_stmt *st, int col);

/* One value from "SELECT x ... " with an optional text parameter ?1; returns def when no row. */
long long db_count(struct db *db, const char *sql, const char *param, long long def);

/* Copies the open database to out_path while others may write (online backup). */
enum result db_backup(struct db *db, const char *out_path, struct buf *errmsg);
/* SQLite's integrity check of the whole file. RES_OK when intact, else RES_FAIL with the first
 * problems found in errmsg. */
enum result db_integrity(struct db *db, struct buf *errmsg);

/*
 * The single writer. Request threads hand write jobs to one thread that runs a group of them in
 * one IMMEDIATE transaction, each job inside its own savepoint, and commits once: every job's
 * caller is answered only after the commit is on disk. A failed job rolls back only itself.
 */
struct db_writer;
typedef enum result (*db_job_fn)(struct db *db, void *arg);

/* Starts the writer thread on its own connection to path; NULL with errmsg on failure. */
struct db_writer *db_writer_start(const char *path, struct buf *errmsg);
/* Runs fn(db, arg) on the writer and waits for its commit to be on disk. Returns what fn
 * returned, or RES_FAIL when the group's commit or its sync failed (RES_UNAVAILABLE when the
 * storage refused it: db_storage_refused). */
enum result db_writer_run(struct db_writer *w, db_job_fn fn, void *arg);
/* Runs fn(db, arg) on the writer and waits for its commit, not for the disk: *ticket is set to
 * the number that the on_sync callback reports once the write is durable, and the caller must
 * answer no one before that. Returns what fn returned, or RES_FAIL when the commit failed. */
enum result db_writer_commit(struct db_writer *w, db_job_fn fn, void *arg,
                             unsigned long long *ticket);
/* Has fn(ctx, durable, failed) called on the writer's syncing thread after each sync: every
 * ticket up to durable is on disk, or, when failed is an errno value (0: none), its sync failed
 * (the writes are committed but may be lost in a crash). */
void db_writer_on_sync(struct db_writer *w,
                       void (*fn)(void *ctx, unsigned long long durable, int failed), void *ctx);
/* What the writer has done, for /metrics. */
struct db_writer_stats {
    int queued;                /* jobs waiting for their group */
    unsigned long long syncs;  /* fdatasyncs of the write-ahead log */
    double sync_seconds;       /* their time, all told */
    double sync_max;           /* the longest */
};
void db_writer_stats(struct db_writer *w, struct db_writer_stats *out);
/* Finishes queued jobs, stops the thread and closes its connection. */
void db_writer_stop(struct db_writer *w);

#endif
