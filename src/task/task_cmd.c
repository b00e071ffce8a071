/* taizhang plan add|list and taizhang task import|list: work plans and tasks from the command
 * line (handler layer). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/str.h"
#include "task/plan.h"
#include "task/task.h"

static int plan_add_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang plan add --db PATH --unit CODE --year YEAR --title TITLE\n"
        "Publishes a work plan (工作要点) of a unit for a year and prints its number.\n";
    const char *db_opt = NULL, *unit = NULL, *year_opt = NULL, *title = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "unit", &unit, 0 },
                                    { "year", &year_opt, 0 },
                                    { "title", &title, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    long long year;
    if (!unit || !title || !year_opt || str_to_ll(year_opt, 2000, 2100, &year) != 0) {
        fprintf(stderr, "error: --unit, --title and --year (2000-2100) are required\n%s", usage);
        return EXIT_USAGE;
    }
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    long long id;
    rc = plan_create(db, &who, unit, year, title, &id, &err) == RES_OK ? EXIT_OK : cli_fail(&err);
    if (rc == EXIT_OK)
        printf("%lld\n", id);
    db_close(db);
    return rc;
}

static void print_plan(void *ctx, const struct plan *p)
{
    (void)ctx;
    printf("%lld\t%lld\t%s\t%s\t%lld\t%lld\n", p->id, p->year, p->unit_code, p->title, p->n_key,
           p->n_routine);
}

static int plan_list_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: taizhang plan list --db PATH\n"
                                "Prints number, year, unit, title, key and routine task counts.\n";
    const char *db_opt = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    rc = plan_each(db, &who, 0, print_plan, NULL) == RES_OK ? EXIT_OK : EXIT_FAIL;
    db_close(db);
    return rc;
}

int plan_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "add", plan_add_cmd, "publish a work plan" },
        { "list", plan_list_cmd, "list work plans" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang plan", subs, argc, argv);
}

/* task import's model call; ctx is the plan's id. */
static enum result run_task_import(struct db *db, const struct actor *who, void *ctx,
                                   const char *data, size_t len, long long *n,
                                   const struct import_report *rep)
{
    return task_import(db, who, *(long long *)ctx, data, len, n, rep);
}

static int task_import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang task import --db PATH --plan N FILE\n"
        "FILE (.csv in UTF-8 or GB18030, .xlsx or .xls) has the header\n"
        "title,kind,lead_unit,assist_units,leader,deadline,description\n"
        "(kind key|routine, assist_units codes separated by ';', leader a person id or empty,\n"
        "deadline YYYY-MM-DD). All or nothing: each bad line is reported as\n"
        "file:line: field: reason.\n";
    const char *db_opt = NULL, *plan_opt = NULL, *file = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "plan", &plan_opt, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, &file, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    long long plan;
    if (rc != 1 || !plan_opt || str_to_ll(plan_opt, 1, 1LL << 62, &plan) != 0) {
        fprintf(stderr, "error: --plan N and the CSV file are required\n%s", usage);
        return EXIT_USAGE;
    }
    return cli_import(db_opt, file, "tasks", run_task_import, &plan);
}

static void print_task(void *ctx, const struct task *t)
{
    (void)ctx;
    printf("%lld\t%s\t%s\t%s\t%s\t%d%%\t%s\t%s\n", t->id, t->deadline,
           t->light ? task_light_name(t->light) : "-", t->state, t->lead_code, t->percent, t->kind,
           t->title);
}

static int task_list_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang task list --db PATH --unit CODE [--subtree] [--state STATE]\n"
        "Prints id, deadline, light, state, lead unit, progress, kind and title. STATE: open|\n"
        "overdue|due_soon|stalled|assigned|in_progress|reported|accepted|returned|\n"
        "suspended. Env\n"
        "TAIZHANG_TODAY=YYYY-MM-DD fixes today.\n";
    const char *db_opt = NULL, *subtree = NULL;
    struct task_filter f = { .limit = 1000000 };
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "unit", &f.unit, 0 },
                                    { "subtree", &subtree, 1 },
                                    { "state", &f.state, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (!f.unit) {
        fprintf(stderr, "error: --unit is required\n%s", usage);
        return EXIT_USAGE;
    }
    f.subtree = subtree != NULL;
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    long long total;
    rc = task_list(db, &who, &f, print_task, NULL, &total, &err) == RES_OK ? EXIT_OK
                                                                           : cli_fail(&err);
    db_close(db);
    return rc;
}

int task_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", task_import_cmd, "import a plan's tasks from CSV, all or nothing" },
        { "list", task_list_cmd, "list tasks of a unit with their lights" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang task", subs, argc, argv);
}
