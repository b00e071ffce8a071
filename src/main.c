/* taizhang: argv[1] → the command table. Nothing else lives here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/str.h"

#define TAIZHANG_VERSION "0.1.0"

static int version_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: taizhang version\nPrints the version and SQLite's.\n";
    int rc = cli_parse(argc, argv, NULL, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    printf("taizhang %s (sqlite %s)\n", TAIZHANG_VERSION, sqlite3_libversion());
    return EXIT_OK;
}

static const struct cli_sub commands[] = {
    { "audit", audit_cmd, "audit verify: check the hash chain of the audit log" },
    { "backup", backup_cmd, "copy the database consistently while the server runs" },
    { "contests", contests_cmd, "contests import: essays of essay contests (征文)" },
    { "demo", demo_cmd, "create a database holding a realistic demo province" },
    { "discipline", discipline_cmd, "discipline import: discipline cases (违规违纪查处)" },
    { "eval", eval_cmd, "eval list|open|close|codes|results: democratic evaluations (民主测评)" },
    { "exam", exam_cmd, "exam list|stats: knowledge tests and their results" },
    { "init", init_cmd, "create a new empty database" },
    { "notify", notify_cmd, "deliver the inbox's messages by webhook and e-mail" },
    { "opinion", opinion_cmd, "opinion import|campaign|stats: opinions and rectification" },
    { "plan", plan_cmd, "plan add|list: work plans (工作要点)" },
    { "question", question_cmd, "question import|list: the question bank (题库)" },
    { "rules", rules_cmd, "rules import: rules and regulations (制度) from CSV" },
    { "research", research_cmd, "research import: research reports (调研报告)" },
    { "restore", restore_cmd, "make a new database from a backup that verifies" },
    { "serve", serve_cmd, "serve the web pages and the API" },
    { "stats", statistics_cmd, "stats verify: recount every indicator from the records" },
    { "supervise", supervise_cmd, "supervise sweep: tell the leaders of long-overdue tasks" },
    { "survey", survey_cmd, "survey tally import: satisfaction survey tallies (满意度调查)" },
    { "task", task_cmd, "task import|list: a plan's tasks and the ledger" },
    { "token", token_cmd, "token create: make an API token for an account" },
    { "training", training_cmd, "training stats: classes held and person-times" },
    { "unit", unit_cmd, "unit add|move|list|import: the unit tree" },
    { "user", user_cmd, "user add|import|list|passwd|disable: people's accounts" },
    { "version", version_cmd, "print the version" },
    /* registries: commendations, media, meetings */
    { "commendations", commendations_cmd, "commendations import: commendations (表彰)" },
    { "media", media_cmd, "media import: media reports (宣传报道)" },
    { "meetings", meetings_cmd, "meetings import: meetings (会议)" },
    { NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "fatal: libsodium failed to initialize\n");
        return EXIT_FAIL;
    }
    /* a "today" that is no date would otherwise be the real one, silently */
    const char *today = getenv("TAIZHANG_TODAY");
    if (today && *today && !date_valid(today)) {
        fprintf(stderr, "error: TAIZHANG_TODAY must be a date, YYYY-MM-DD, not '%s'\n", today);
        return EXIT_USAGE;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0)
        return version_cmd(argc - 1, argv + 1);
    return cli_dispatch("taizhang", commands, argc, argv);
}
