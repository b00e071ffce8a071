/*
 * The test runner's groups: each test_<area>.c defines one function that runs its cmocka group
 * and returns the number of failed tests. main.c runs them all.
 */
#ifndef TZ_TESTS_H
#define TZ_TESTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

int test_core(void);
int test_models(void);
int test_http(void);
int test_tasks(void);
int test_notice(void);
int test_opinions(void);
int test_evaluation(void);
int test_learning(void);
int test_routes(void);
int test_activity(void);
int test_chronicle(void);
int test_registry(void);
int test_rules(void);
int test_survey(void);
int test_contest(void);
int test_casework(void);
int test_phrase(void);
int test_docx(void);
int test_reports(void);
int test_dashboard(void);

/* A fresh database file in a temporary directory; the path is static memory valid until the
 * next call. Removed by test_tmp_cleanup(). */
const char *test_tmp_db(void);
void test_tmp_cleanup(void);

struct db;
/* A database as an older build left it: the migrations up to and including version upto, then
 * the fixture's SQL; opened again (so migrated to the latest version) and returned. */
struct db *test_open_migrated(long upto, const char *fixture);
/* 1 when the program of sql (prepared on db, not run) builds a temporary index, as a CHECK
 * against a list of three values or more makes SQLite do on every insert. */
int test_builds_temp_index(struct db *db, const char *sql);

#endif
