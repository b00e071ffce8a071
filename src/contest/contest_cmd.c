/*
 * The contests verb (command line; issue 16 item 3): `taizhang contests import` reads essays
 * from CSV into their contests, all or nothing.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "contest/contest.h"

static enum result run_import(struct db *db, const struct actor *who, void *ctx, const char *data,
                              size_t len, long long *n, const struct import_report *rep)
{
    (void)ctx;
    return contest_import(db, who, 0, data, len, n, rep);
}

static int import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang contests import --db PATH FILE\n"
        "FILE (.csv in UTF-8 or GB18030, .xlsx or .xls) has the header\n"
        "contest,unit,title,author,text\n"
        "(contest the contest's id, unit the code of the submitting unit below the organizer,\n"
        "author a person id, text the essay). All or nothing: each bad line is reported as\n"
        "file:line: field: reason.\n";
    const char *db_opt = NULL, *file = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, &file, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (rc != 1) {
        fprintf(stderr, "error: the CSV file is required\n%s", usage);
        return EXIT_USAGE;
    }
    return cli_import(db_opt, file, "essays", run_import, NULL);
}

int contests_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", import_cmd, "import essays from CSV (all or nothing)" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang contests", subs, argc, argv);
}
