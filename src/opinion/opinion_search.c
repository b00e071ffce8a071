/*
 * The search index of opinions, problems and measures (mechanism model; DESIGN.md mechanism 4):
 * texts go in as character pairs (core/bigram.c) into an FTS5 table scoped by unit; public
 * opinions wait in a queue and go in by batches; full-text search in scope; the rarest pairs of
 * a text, for finding similar ones. Owns search and search_queue. No http types.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bigram.h"
#include "core/str.h"
#include "opinion/opinion.h"
#include "opinion/opinion_int.h"

enum result index_text(struct db *db, const char *kind, long long id, long long unit_id,
                       const char *text, long long rowid)
{
    struct buf body;
    buf_init(&body, (size_t)OPINION_TEXT_MAX * 16);
    bigram_index(&body, text);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO search(rowid, body, kind, ref, unit_id)"
                                   " VALUES (nullif(?5, 0), ?1, ?2, ?3, ?4)");
    int rc = SQLITE_ERROR;
    if (st && !body.err) {
        db_bind_text(st, 1, buf_str(&body));
        db_bind_text(st, 2, kind);
        sqlite3_bind_int64(st, 3, id);
        sqlite3_bind_int64(st, 4, unit_id);
        sqlite3_bind_int64(st, 5, rowid);
        rc = sqlite3_step(st);
        db_done(st);
    }
    buf_release(&body);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

enum { SEARCH_BATCH = 64 };

/* Moves the queued public opinions into the search index, at their ids as rowids. */
static enum result index_queued(struct db *db)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT id, unit_id, content FROM opinion"
                    " WHERE id IN (SELECT opinion_id FROM search_queue) ORDER BY id");
    if (!st)
        return RES_FAIL;
    enum result r = RES_OK;
    while (r == RES_OK && sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        r = index_text(db, "opinion", id, sqlite3_column_int64(st, 1), db_col_text(st, 2), id);
    }
    db_done(st);
    return r == RES_OK ? db_exec(db, "DELETE FROM search_queue") : r;
}

enum result index_later(struct db *db, long long opinion_id)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO search_queue(opinion_id) VALUES (?1)");
    if (!st)
        return RES_FAIL;
    sqlite3_bind_int64(st, 1, opinion_id);
    int rc = sqlite3_step(st);
    db_done(st);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    if (db_count(db, "SELECT count(*) FROM search_queue", NULL, 0) < SEARCH_BATCH)
        return RES_OK;
    return index_queued(db);
}

enum result search_run(struct db *db, const struct actor *who, const char *q, long long limit,
                       void (*fn)(void *ctx, const char *kind, long long id, const char *snippet),
                       void *ctx, struct err *err)
{
    enum result r = err_text(err, "q", q, 1, 100, 0);
    if (r != RES_OK)
        return r;
    struct buf match;
    buf_init(&match, 4096);
    if (bigram_query(&match, q) == 0 || match.err) {
        buf_release(&match);
        return err_set(err, RES_INVALID, "q", "err.required");
    }
    char end[UNIT_PATH_MAX];
    path_end(end, who->unit_path);
    /* first the public opinions waiting for the index (a few dozen at most), by their text */
    sqlite3_stmt *st = db_stmt(db, "SELECT o.id, substr(o.content, 1, 80) FROM opinion o"
                                   " JOIN unit u ON u.id = o.unit_id WHERE o.id IN (SELECT"
                                   " opinion_id FROM search_queue) AND instr(o.content, ?1) > 0"
                                   " AND u.path >= ?2 AND u.path < ?3 LIMIT ?4");
    if (!st) {
        buf_release(&match);
        return db_fail(db, err);
    }
    db_bind_text(st, 1, q);
    db_bind_text(st, 2, who->unit_path);
    db_bind_text(st, 3, end);
    sqlite3_bind_int64(st, 4, limit);
    long long n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && ++n)
        fn(ctx, "opinion", sqlite3_column_int64(st, 0), db_col_text(st, 1));
    db_done(st);
    /* then the index, in scope only, newest first (so it is read only until the limit is met);
     * the snippet is the stored text around the start, not the index */
    st = db_stmt(
        db, "SELECT s.kind, s.ref, CASE s.kind"
            " WHEN 'opinion' THEN (SELECT substr(content, 1, 80) FROM opinion WHERE id = s.ref)"
            " WHEN 'problem' THEN (SELECT title FROM problem WHERE id = s.ref)"
            " ELSE (SELECT title FROM measure WHERE id = s.ref) END"
            " FROM search s JOIN unit u ON u.id = s.unit_id"
            " WHERE search MATCH ?1 AND u.path >= ?2 AND u.path < ?3 ORDER BY s.rowid DESC"
            " LIMIT ?4");
    if (!st) {
        buf_release(&match);
        return db_fail(db, err);
    }
    db_bind_text(st, 1, buf_str(&match));
    db_bind_text(st, 2, who->unit_path);
    db_bind_text(st, 3, end);
    sqlite3_bind_int64(st, 4, limit - n);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(ctx, db_col_text(st, 0), sqlite3_column_int64(st, 1), db_col_text(st, 2));
    db_done(st);
    buf_release(&match);
    return RES_OK;
}

struct token {
    const char *text; /* in the index form */
    long long n_docs; /* texts holding it */
};

static int by_docs(const void *a, const void *b)
{
    long long x = ((const struct token *)a)->n_docs, y = ((const struct token *)b)->n_docs;
    return (x > y) - (x < y);
}

int rare_tokens(struct db *db, const char *text, struct buf *match, const char *sep, int used)
{
    enum { MAX_TOKENS = 64 };
    struct buf idx;
    buf_init(&idx, (size_t)OPINION_TEXT_MAX * 16);
    bigram_index(&idx, text);
    struct token t[MAX_TOKENS];
    int n = 0;
    for (char *p = idx.err ? NULL : idx.data; p && *p && n < MAX_TOKENS;) {
        size_t k = strcspn(p, " ");
        int last = p[k] == '\0';
        p[k] = '\0';
        int seen = 0;
        for (int i = 0; i < n && !seen; i++)
            seen = strcmp(t[i].text, p) == 0;
        sqlite3_stmt *st =
            seen ? NULL : db_stmt(db, "SELECT doc FROM search_vocab WHERE term = ?1");
        if (st) {
            db_bind_text(st, 1, p);
            long long docs = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
            db_done(st);
            /* a token of this text alone matches nothing else */
            if (docs > 1)
                t[n++] = (struct token){ p, docs };
        }
        p += k + !last;
    }
    qsort(t, (size_t)n, sizeof(t[0]), by_docs);
    if (n > used)
        n = used;
    for (int i = 0; i < n; i++)
        buf_addf(match, "%s\"%s\"", i ? sep : "", t[i].text);
    buf_release(&idx);
    return n;
}
