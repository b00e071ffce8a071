/* taizhang research import: research reports (调研报告) from a CSV file (handler layer). */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "research/research.h"

static enum result run_import(struct db *db, const struct actor *who, void *ctx, const char *data,
                              size_t len, long long *n, const struct import_report *rep)
{
    (void)ctx;
    return research_import(db, who, 0, data, len, n, rep);
}

static int import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang research import --db PATH FILE\n"
        "FILE (.csv in UTF-8 or GB18030, .xlsx or .xls) has the header\n"
        "unit,title,authors,day,text,adopted_by\n"
        "(unit a unit code; authors person numbers separated by spaces or ';'; day YYYY-MM-DD;\n"
        "adopted_by who adopted the report (采纳), empty when not adopted).\n"
        "All or nothing: each bad line is reported as file:line: field: reason.\n";
    const char *db_opt = NULL, *file = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, &file, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (rc != 1) {
        fprintf(stderr, "error: the CSV file is required\n%s", usage);
        return EXIT_USAGE;
    }
    return cli_import(db_opt, file, "research reports", run_import, NULL);
}

int research_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", import_cmd, "import research reports from a CSV file" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang research", subs, argc, argv);
}
