/*
 * taizhang stats verify: recounts every roll-up the indicators read from the records and
 * compares it with the counts kept (handler layer; issue 17 item 7).
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "report/indicator.h"

static void checked(void *ctx, const char *name)
{
    (void)ctx;
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\rchecked %-20s", name);
}

static int verify_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang stats verify --db PATH\n"
        "Recounts every roll-up count that the indicators are read from (tasks, supervision,\n"
        "opinions, outreach, rectification, training, tests and the registries) from the\n"
        "records, for every unit and day, and compares it with the counts kept. Changes\n"
        "nothing. Exits 0 when all agree, 1 naming the first difference.\n";
    const char *db_opt = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    char what[512] = "";
    enum result r = indicator_verify(db, what, sizeof(what), checked, NULL);
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    db_close(db);
    if (r == RES_CONFLICT) {
        fprintf(stderr, "difference: %s\n", what);
        return EXIT_FAIL;
    }
    if (r != RES_OK) {
        fprintf(stderr, "error: the database could not be read\n");
        return EXIT_FAIL;
    }
    printf("every roll-up count agrees with a recount from the records\n");
    return EXIT_OK;
}

int statistics_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "verify", verify_cmd, "recount every indicator's roll-up from the records" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang stats", subs, argc, argv);
}
