/* taizhang commendations|media|meetings import: the three registries' CSV imports from the
 * command line (handler layer), all or nothing, each bad line as FILE:LINE: field: reason. */
#include <stdio.h>

#include "chronicle/chronicle.h"
#include "cli/cli.h"
#include "cli/cmds.h"

/* What an import knows of its file, for the progress bar. */
struct import_args {
    enum chronicle_kind k; /* the registry */
    long long lines;       /* lines of the file, the bar's end */
    int ended;             /* the bar reached its end (and its line break) */
};

static void on_progress(void *ctx, long long rows)
{
    struct import_args *a = ctx;
    if (a->ended)
        return;
    a->ended = rows >= a->lines;
    cli_progress("rows", a->ended ? a->lines : rows, a->lines);
}

/* The import's model call; ctx is a struct import_args. */
static enum result run_import(struct db *db, const struct actor *who, void *ctx,
                              const char *data, size_t len, long long *n,
                              const struct import_report *rep)
{
    struct import_args *a = ctx;
    a->lines = 0;
    for (size_t i = 0; i < len; i++)
        a->lines += data[i] == '\n';
    a->lines = a->lines > 1 ? a->lines - 1 : 1; /* the header */
    enum result r = chronicle_import_progress(db, who, a->k, data, len, n, rep,
                                              cli_tty() ? on_progress : NULL, a);
    if (cli_tty())
        on_progress(a, a->lines); /* a quoted field's line breaks made fewer rows than lines */
    return r;
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
    struct import_args a = { k, 0, 0 };
    return cli_import(db_opt, file, what, run_import, &a);
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
