/* The one test runner binary: runs every cmocka group (optionally only those named in argv). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "tests.h"

#include "core/buf.h"
#include "core/embedded.h"
#include "db/db.h"

static char tmp_dir[256];
static char tmp_path[512];
static int tmp_n;

const char *test_tmp_db(void)
{
    if (!tmp_dir[0]) {
        snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/tz-test-XXXXXX");
        if (!mkdtemp(tmp_dir)) {
            perror("mkdtemp");
            exit(1);
        }
    }
    snprintf(tmp_path, sizeof(tmp_path), "%s/t%d.db", tmp_dir, ++tmp_n);
    return tmp_path;
}

void test_tmp_cleanup(void)
{
    if (!tmp_dir[0])
        return;
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp_dir);
    tmp_dir[0] = '\0';
}

static const struct {
    const char *name;
    int (*run)(void);
} groups[] = {
    { "core", test_core },
    { "models", test_models },
    { "http", test_http },
    { "tasks", test_tasks },
    { "notice", test_notice },
    { "opinions", test_opinions },
    { "evaluation", test_evaluation },
    { "learning", test_learning },
    { "routes", test_routes },
    { "activity", test_activity },
    { "chronicle", test_chronicle },
    { "registry", test_registry },
    { "rules", test_rules },
    { "survey", test_survey },
    { "contests", test_contest },
    { "casework", test_casework },
    { "phrase", test_phrase },
    { "docx", test_docx },
    { "reports", test_reports },
    { "dashboard", test_dashboard },
};

struct db *test_open_migrated(long upto, const char *fixture)
{
    const char *path = test_tmp_db();
    struct buf err;
    buf_init(&err, 256);
    struct db *fresh = db_open(path, DB_F_CREATE, &err);
    if (!fresh)
        fail_msg("db_open: %s", buf_str(&err));
    long long app_id = db_count(fresh, "PRAGMA application_id", NULL, 0);
    db_close(fresh);
    path = test_tmp_db();
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    db_functions(h);
    static const char prefix[] = "db/schema/";
    for (size_t i = 0; i < n_embedded_files; i++) {
        const struct embedded_file *f = &embedded_files[i];
        if (strncmp(f->name, prefix, sizeof(prefix) - 1) != 0 ||
            strtol(f->name + sizeof(prefix) - 1, NULL, 10) > upto)
            continue;
        char *msg = NULL;
        if (sqlite3_exec(h, (const char *)f->data, NULL, NULL, &msg) != SQLITE_OK)
            fail_msg("%s: %s", f->name, msg);
    }
    char pragma[96];
    snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%ld; PRAGMA application_id=%lld", upto,
             app_id);
    assert_int_equal(sqlite3_exec(h, pragma, NULL, NULL, NULL), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(h, fixture, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("fixture: %s", msg);
    sqlite3_close(h);
    struct db *db = db_open(path, 0, &err);
    if (!db)
        fail_msg("db_open: %s", buf_str(&err));
    buf_release(&err);
    return db;
}

int test_builds_temp_index(struct db *db, const char *sql)
{
    char explain[1024];
    snprintf(explain, sizeof(explain), "EXPLAIN %s", sql);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, explain, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db->h));
    int temp = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        temp |= strcmp((const char *)sqlite3_column_text(st, 1), "OpenEphemeral") == 0;
    sqlite3_finalize(st);
    return temp;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        return 1;
    int failed = 0;
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        int wanted = argc < 2;
        for (int k = 1; k < argc; k++)
            wanted |= strcmp(argv[k], groups[i].name) == 0;
        if (wanted)
            failed += groups[i].run();
    }
    test_tmp_cleanup();
    return failed ? 1 : 0;
}
