/* taizhang commendations|media|meetings import: the three registries' CSV imports from the
 * command line (handler layer), all or nothing, each bad line as FILE:LINE: field: reason. */
#include <stdio.h>

#include "chronicle/chronicle.h"
#include "cli/cli.h"
#include "cli/cmds.h"

/* The import's model call; ctx points to the registry's enum chronicle_kind. */
static enum result run_import(struct db *db, const struct actor *who, void *ctx,
                              const char *data, size_t len, long long *n,
                              const struct import_report *rep)
{
    return chronicle_import(db, who, *(const enum chronicle_kind *)ctx, data, len, n, rep);
}

static int import_verb(int argc, char **argv, enum chronicle_kind k, const char *usage,
                       const char *what)
{
    const char *db_opt = NULL, *file = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, &file, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (rc != 1) {
        fprintf(stderr, "error: the CSV file is required\n%s", usage);
        return EXIT_USAGE;
    }
    return cli_import(db_opt, file, what, run_import, &k);
}

static int commendations_import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang commendations import --db PATH FILE\n"
        "Imports commendations (表彰). FILE (.csv in UTF-8 or GB18030, .xlsx or .xls)\n"
        "has the header\n"
        "unit,title,level,day,person,citation\n"
        "one line per person commended (person: a person id of the unit's tree; citation 事迹\n"
        "optional), the event's columns repeated: consecutive lines with the same unit, title,\n"
        "level (county|city|province|central) and day (YYYY-MM-DD) make one commendation.\n"
        "All or nothing: each bad line is reported as file:line: field: reason.\n";
    return import_verb(argc, argv, CHRONICLE_COMMENDATION, usage, "commendations");
}

static int media_import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang media import --db PATH FILE\n"
        "Imports media reports (宣传报道). FILE (.csv in UTF-8 or GB18030, .xlsx or .xls)\n"
        "has the header\n"
        "unit,title,outlet,level,kind,day,link\n"
        "(level county|city|province|central, the outlet's; kind report|article|broadcast;\n"
        "day YYYY-MM-DD; link empty or an http:// or https:// address).\n"
        "All or nothing: each bad line is reported as file:line: field: reason.\n";
    return import_verb(argc, argv, CHRONICLE_MEDIA, usage, "media reports");
}

static int meetings_import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang meetings import --db PATH FILE\n"
        "Imports meetings (会议). FILE (.csv in UTF-8 or GB18030, .xlsx or .xls)\n"
        "has the header\n"
        "unit,title,kind,day,attendees,minutes\n"
        "(kind conference|leadership|forum|study; day YYYY-MM-DD; attendees a number or\n"
        "empty; minutes optional).\n"
        "All or nothing: each bad line is reported as file:line: field: reason.\n";
    return import_verb(argc, argv, CHRONICLE_MEETING, usage, "meetings");
}

int commendations_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", commendations_import_cmd, "import commendations from CSV, all or nothing" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("commendations", subs, argc, argv);
}

int media_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", media_import_cmd, "import media reports from CSV, all or nothing" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("media", subs, argc, argv);
}

int meetings_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "import", meetings_import_cmd, "import meetings from CSV, all or nothing" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("meetings", subs, argc, argv);
}
