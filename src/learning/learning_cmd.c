/*
 * taizhang question import|list, taizhang exam list|stats and taizhang training stats: the
 * question bank, exam results and training figures from the command line (handler layer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/clock.h"
#include "core/str.h"
#include "learning/exam.h"
#include "learning/question.h"
#include "learning/training.h"

/* What question import passes to its model call. */
struct question_import_args {
    const char *unit;            /* whose bank */
    enum question_format format; /* text or CSV */
};

static enum result run_question_import(struct db *db, const struct actor *who, void *ctx,
                                       const char *data, size_t len, long long *n,
                                       const struct import_report *rep)
{
    const struct question_import_args *a = ctx;
    return question_import(db, who, a->unit, a->format, data, len, n, rep);
}

static int question_import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang question import --db PATH --unit CODE [--format text|csv] FILE\n"
        "Adds the questions of FILE to the bank of the unit, all or nothing: each bad line is\n"
        "reported as file:line: field: reason. The format follows the file name (.csv is CSV)\n"
        "unless --format says otherwise. The plain-text format (see README):\n"
        "  [category]              the category of the questions below\n"
        "  1. question text        a question; more lines continue its text\n"
        "  A. option               options A-H; '*A. option' marks a right one\n"
        "  ANSWER: AC              (or 答案:) right options, or 对/错 for true/false\n"
        "  DIFFICULTY: 1-3         (or 难度:) optional\n"
        "  EXPLANATION: text       (or 解析:) optional\n"
        "  (blank line)            ends the question\n"
        "CSV: kind,category,difficulty,text,options,answer,explanation with options separated\n"
        "by '|' and answer as letters or 对/错. An XLSX workbook is read as that CSV from its\n"
        "first sheet.\n";
    const char *db_opt = NULL, *unit = NULL, *format = NULL, *file = NULL;
    const struct cli_opt opts[] = {
        { "db", &db_opt, 0 }, { "unit", &unit, 0 }, { "format", &format, 0 }, { NULL, NULL, 0 }
    };
    int rc = cli_parse(argc, argv, opts, &file, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (rc != 1 || !unit) {
        fprintf(stderr, "error: --unit and the file are required\n%s", usage);
        return EXIT_USAGE;
    }
    size_t n_file = strlen(file);
    int csv = n_file > 4 && strcmp(file + n_file - 4, ".csv") == 0;
    if (format && strcmp(format, "csv") != 0 && strcmp(format, "text") != 0) {
        fprintf(stderr, "error: --format must be text or csv\n%s", usage);
        return EXIT_USAGE;
    }
    if (format)
        csv = strcmp(format, "csv") == 0;
    struct question_import_args args = { unit, csv ? QFORMAT_CSV : QFORMAT_TEXT };
    return cli_import(db_opt, file, "questions", run_question_import, &args);
}

static void print_question(void *ctx, const struct question *q)
{
    (void)ctx;
    printf("%lld\t%s\t%s\t%d\t%s\n", q->id, q->kind, q->category, q->difficulty, q->text);
}

static void print_category(void *ctx, const char *category, const long long n[3])
{
    (void)ctx;
    printf("%s\t%lld\t%lld\t%lld\n", category, n[0], n[1], n[2]);
}

static int question_list_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang question list --db PATH --unit CODE [--category NAME | --categories]\n"
        "Prints id, kind, category, difficulty and text of the unit's questions; with\n"
        "--categories, each category with its counts of easy, medium and hard questions.\n";
    const char *db_opt = NULL, *unit = NULL, *category = NULL, *cats = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "unit", &unit, 0 },
                                    { "category", &category, 0 },
                                    { "categories", &cats, 1 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (cli_missing(unit, "unit", usage))
        return EXIT_USAGE;
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    long long total;
    enum result r = cats ? question_categories(db, &who, unit, print_category, NULL, &err)
                         : question_each(db, &who, unit, category, 0, 1LL << 40, &total,
                                         print_question, NULL, &err);
    rc = r == RES_OK ? EXIT_OK : cli_fail(&err);
    db_close(db);
    return rc;
}

int question_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", question_import_cmd, "import questions from text or CSV, all or nothing" },
        { "list", question_list_cmd, "list a unit's questions or categories" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang question", subs, argc, argv);
}

static void print_exam(void *ctx, const struct exam *e)
{
    (void)ctx;
    char opens[20], closes[20];
    clock_format_local(e->opens, opens);
    clock_format_local(e->closes, closes);
    printf("%lld\t%s\t%s\t%s\t%s\t%lld\t%lld\t%s\n", e->id, e->unit_code, opens, closes,
           e->examinee_code, e->n_questions, e->minutes, e->title);
}

static int exam_list_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang exam list --db PATH\n"
        "Prints id, organiser, opens, closes, examinee unit, questions, minutes and title.\n";
    const char *db_opt = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    rc = exam_each(db, &who, print_exam, NULL) == RES_OK ? EXIT_OK : EXIT_FAIL;
    db_close(db);
    return rc;
}

static void print_figures(const char *code, const struct exam_figures *f)
{
    printf("%s\t%lld\t%lld\t%.1f\t%.1f%%\n", code, f->participants, f->eligible, f->average,
           100.0 * f->pass_rate);
}

static void print_unit_figures(void *ctx, const char *code, const char *name,
                               const struct exam_figures *f)
{
    (void)ctx;
    (void)name;
    print_figures(code, f);
}

static int exam_stats_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang exam stats --db PATH --exam N --unit CODE\n"
        "Prints unit, participants, eligible, average and pass rate for the unit's subtree and\n"
        "then for each unit directly below it.\n";
    const char *db_opt = NULL, *exam_opt = NULL, *unit = NULL;
    const struct cli_opt opts[] = {
        { "db", &db_opt, 0 }, { "exam", &exam_opt, 0 }, { "unit", &unit, 0 }, { NULL, NULL, 0 }
    };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    long long exam;
    if (!unit || !exam_opt || str_to_ll(exam_opt, 1, 1LL << 62, &exam) != 0) {
        fprintf(stderr, "error: --exam N and --unit are required\n%s", usage);
        return EXIT_USAGE;
    }
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    struct exam_figures all;
    enum result r = exam_stats(db, &who, exam, unit, &all, NULL, NULL, &err);
    if (r == RES_OK) {
        print_figures(unit, &all);
        r = exam_stats(db, &who, exam, unit, &all, print_unit_figures, NULL, &err);
    }
    rc = r == RES_OK ? EXIT_OK : cli_fail(&err);
    db_close(db);
    return rc;
}

int exam_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "list", exam_list_cmd, "list knowledge tests" },
        { "stats", exam_stats_cmd, "results of a test by unit" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang exam", subs, argc, argv);
}

static void print_training(void *ctx, const char *code, const char *name,
                           const struct training_stats *s)
{
    (void)ctx;
    (void)name;
    printf("%s\t%lld\t%lld\t%lld\n", code, s->classes, s->person_times, s->persons);
}

static int training_stats_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang training stats --db PATH --unit CODE [--from DATE] [--to DATE]\n"
        "Prints unit, classes held, person-times (人次) and people trained for the unit's\n"
        "subtree, then for each unit directly below it; classes count by their first day.\n";
    const char *db_opt = NULL, *unit = NULL, *from = NULL, *to = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "unit", &unit, 0 },
                                    { "from", &from, 0 },
                                    { "to", &to, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (cli_missing(unit, "unit", usage))
        return EXIT_USAGE;
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    struct training_stats all;
    enum result r = training_stats(db, &who, unit, from, to, &all, NULL, NULL, &err);
    if (r == RES_OK) {
        print_training(NULL, unit, NULL, &all);
        r = training_stats(db, &who, unit, from, to, &all, print_training, NULL, &err);
    }
    rc = r == RES_OK ? EXIT_OK : cli_fail(&err);
    db_close(db);
    return rc;
}

int training_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "stats", training_stats_cmd, "classes held and person-times by unit and period" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang training", subs, argc, argv);
}
