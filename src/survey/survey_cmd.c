/*
 * The survey verb (command line; issue 24 item 3): `taizhang survey tally import` reads the
 * tallies of paper forms from a file into an open survey, all or nothing.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/str.h"
#include "survey/survey.h"

static enum result run_import(struct db *db, const struct actor *who, void *ctx, const char *data,
                              size_t len, long long *n, const struct import_report *rep)
{
    return survey_tally_import(db, who, *(const long long *)ctx, data, len, n, rep);
}

static int tally_import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang survey tally import --db PATH --survey N FILE\n"
        "FILE (.csv in UTF-8 or GB18030, .xlsx or .xls) has the header\n"
        "unit,kind,forms,item,GRADE...\n"
        "(unit a collecting unit's code, kind a respondent kind, forms the forms returned, item\n"
        "an item; then one column per grade or option, named by its code or Chinese name, each\n"
        "holding that item's count). The rows of a unit and kind make its tally, which replaces\n"
        "the one entered before. The survey must be open. All or nothing: each bad line is\n"
        "reported as file:line: column: reason.\n";
    const char *db_opt = NULL, *survey_opt = NULL, *file = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "survey", &survey_opt, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, &file, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    long long id;
    if (!survey_opt || str_to_ll(survey_opt, 1, 1LL << 62, &id) != 0) {
        fprintf(stderr, "error: --survey must be a survey number\n%s", usage);
        return EXIT_USAGE;
    }
    if (rc != 1) {
        fprintf(stderr, "error: the file is required\n%s", usage);
        return EXIT_USAGE;
    }
    return cli_import(db_opt, file, "tallies", run_import, &id);
}

static int tally_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", tally_import_cmd, "import tallies of paper forms (all or nothing)" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang survey tally", subs, argc, argv);
}

int survey_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "tally", tally_cmd, "tally import: the counts of paper forms" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang survey", subs, argc, argv);
}
