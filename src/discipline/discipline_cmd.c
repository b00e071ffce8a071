/* taizhang discipline import: discipline cases (违规违纪查处) from a CSV file (handler layer; the
 * command line acts as the system administrator, who may record cases). */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "discipline/discipline.h"

static enum result run_import(struct db *db, const struct actor *who, void *ctx, const char *data,
                              size_t len, long long *n, const struct import_report *rep)
{
    (void)ctx;
    return discipline_import(db, who, 0, data, len, n, rep);
}

static int import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang discipline import --db PATH FILE\n"
        "FILE (.csv in UTF-8 or GB18030, .xlsx or .xls) has the header\n"
        "unit,person,category,handling,day,summary\n"
        "(unit a unit code; person a person number; category selection|integrity|work|other;\n"
        "handling education|admonition|party|government|transfer; day YYYY-MM-DD).\n"
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
    return cli_import(db_opt, file, "discipline cases", run_import, NULL);
}

int discipline_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", import_cmd, "import discipline cases from a CSV file" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang discipline", subs, argc, argv);
}
