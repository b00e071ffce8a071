/*
 * Fuzz target: the Chinese search tokenizer and query (core/bigram.h) on any text. The index
 * form is stored in an FTS5 table, and the query built from the same text must be one FTS5
 * accepts and must find that row (a search for what was written finds it).
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bigram.h"
#include "core/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = strndup((const char *)data, size);
    if (!db && (sqlite3_open(":memory:", &db) != SQLITE_OK ||
                sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61')",
                             NULL, NULL, NULL) != SQLITE_OK))
        abort();
    struct buf index, query;
    buf_init(&index, (size_t)1 << 20);
    buf_init(&query, (size_t)1 << 20);
    bigram_index(&index, text);
    int tokens = bigram_query(&query, text);
    sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL);
    sqlite3_stmt *ins, *sel;
    sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (?1)", -1, &ins, NULL);
    sqlite3_bind_text(ins, 1, buf_str(&index), -1, SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE)
        abort();
    sqlite3_finalize(ins);
    if (tokens > 0) {
        sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &sel, NULL);
        sqlite3_bind_text(sel, 1, buf_str(&query), -1, SQLITE_STATIC);
        int rc = sqlite3_step(sel);
        if (rc != SQLITE_ROW) {
            fprintf(stderr, "query [%s] for [%s]: %s\n", buf_str(&query), text, sqlite3_errmsg(db));
            abort();
        }
        if (utf8_valid(text, strlen(text)) && sqlite3_column_int(sel, 0) != 1) {
            fprintf(stderr, "query [%s] does not find the index [%s] of [%s]\n", buf_str(&query),
                    buf_str(&index), text);
            abort();
        }
        sqlite3_finalize(sel);
    }
    buf_release(&index);
    buf_release(&query);
    free(text);
    return 0;
}
