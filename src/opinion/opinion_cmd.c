/* taizhang opinion import|campaign|stats: opinions, campaigns and the rectification roll-up
 * from the command line (handler layer). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/str.h"
#include "opinion/rectification.h"

/* opinion import's model call; ctx is the campaign's id (0 for none). */
static enum result run_opinion_import(struct db *db, const struct actor *who, void *ctx,
                                      const char *data, size_t len, long long *n,
                                      const struct import_report *rep)
{
    return opinion_import(db, who, *(long long *)ctx, data, len, n, rep);
}

static int import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang opinion import --db PATH [--campaign N] FILE\n"
        "FILE (.csv in UTF-8 or GB18030, .xlsx or .xls) has the header\n"
        "channel,content,area,target_unit,contact\n"
        "(channel hotline|box|notice|form|forum|visit|questionnaire|letter|web; area\n"
        "thinking|work|style|ability|life or empty; target_unit a unit code; contact optional).\n"
        "All or nothing: each bad line is reported as file:line: field: reason.\n";
    const char *db_opt = NULL, *campaign_opt = NULL, *file = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "campaign", &campaign_opt, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, &file, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    long long campaign = 0;
    if (rc != 1 || (campaign_opt && str_to_ll(campaign_opt, 1, 1LL << 62, &campaign) != 0)) {
        fprintf(stderr, "error: the CSV file is required; --campaign takes a number\n%s", usage);
        return EXIT_USAGE;
    }
    return cli_import(db_opt, file, "opinions", run_opinion_import, &campaign);
}

static int campaign_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang opinion campaign --db PATH --unit CODE --title TITLE --from DAY --to DAY\n"
        "Starts a solicitation campaign (征求意见活动) of a unit and prints its number.\n";
    const char *db_opt = NULL, *unit = NULL, *title = NULL, *from = NULL, *to = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },   { "unit", &unit, 0 },
                                    { "title", &title, 0 }, { "from", &from, 0 },
                                    { "to", &to, 0 },       { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (!unit || !title || !from || !to) {
        fprintf(stderr, "error: --unit, --title, --from and --to are required\n%s", usage);
        return EXIT_USAGE;
    }
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    long long id;
    rc = campaign_add(db, &who, unit, title, from, to, NULL, 0, &id, &err) == RES_OK
             ? EXIT_OK
             : cli_fail(&err);
    if (rc == EXIT_OK)
        printf("%lld\n", id);
    db_close(db);
    return rc;
}

static void print_stats(void *ctx, const char *code, const char *name,
                        const struct rectification_stats *s)
{
    (void)ctx;
    printf("%s\t%s\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\n", code, name,
           s->letters, s->forums, s->visits, s->opinions, s->consolidated, s->problems, s->measures,
           s->implemented, s->verified, s->satisfied);
}

static int stats_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang opinion stats --db PATH --unit CODE [--from DAY] [--to DAY]\n"
        "Prints the unit's subtree and then each unit directly below it: code, name, letters\n"
        "sent, forums, people visited, opinions collected, consolidated, problems, measures,\n"
        "implemented, verified, satisfied ratings.\n";
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
    rc = rectification_rollup(db, &who, unit, from, to, print_stats, NULL, &err) == RES_OK
             ? EXIT_OK
             : cli_fail(&err);
    db_close(db);
    return rc;
}

int opinion_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "campaign", campaign_cmd, "start a solicitation campaign" },
        { "import", import_cmd, "import opinions from CSV, all or nothing" },
        { "stats", stats_cmd, "print the rectification roll-up of a unit" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang opinion", subs, argc, argv);
}
