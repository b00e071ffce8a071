/* taizhang rules import: rules and regulations (制度) from a CSV file, all or nothing, with a
 * progress bar on a terminal (handler layer). */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "rules/rule.h"

static enum result run_import(struct db *db, const struct actor *who, void *ctx, const char *data,
                              size_t len, long long *n, const struct import_report *rep)
{
    (void)ctx;
    return rule_import(db, who, data, len, n, rep);
}

static int import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang rules import --db PATH FILE\n"
        "FILE (.csv in UTF-8 or GB18030, .xlsx or .xls) has the header\n"
        "unit,title,category,doc_number,effective,public,text\n"
        "(unit a unit code; category selection|supervision|internal|other; doc_number such as\n"
        "甲组发〔2026〕3号 or empty; effective YYYY-MM-DD; public 1 or 0/empty; text the rule's\n"
        "text, quoted when it holds commas or line breaks). Each row is a new rule.\n"
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
    return cli_import(db_opt, file, "rules", run_import, NULL);
}

int rules_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", import_cmd, "import rules from CSV, all or nothing" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang rules", subs, argc, argv);
}
