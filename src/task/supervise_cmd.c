/*
 * taizhang supervise sweep: the escalation sweep of the supervision cycle, once (handler layer;
 * issue 25 item 5). The server runs the same sweep at its start and then daily.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "task/task_cycle.h"

static int sweep_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang supervise sweep --db PATH\n"
        "Tells the responsible leader of each task in work whose deadline lies the issuing\n"
        "unit's escalate days (3 unless set) or more behind today, once per deadline: a message\n"
        "in the leader's inbox (and the outbox), or, when the leader has no account, in those of\n"
        "the lead unit's leaders. Then counts again, for the supervision statistics, the\n"
        "figures that move with the day alone (lights, late to sign). The server runs it at its\n"
        "start and then daily. Env TAIZHANG_TODAY=YYYY-MM-DD fixes today.\n";
    const char *db_opt = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    long long n = 0, counted = 0;
    enum result r = supervision_sweep(db, &n, &counted);
    db_close(db);
    if (r != RES_OK) {
        fprintf(stderr, "error: the sweep failed; nothing was changed\n");
        return EXIT_FAIL;
    }
    printf("escalated %lld tasks\ncounted %lld tasks whose figures moved\n", n, counted);
    return EXIT_OK;
}

int supervise_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "sweep", sweep_cmd, "tell the leaders of tasks overdue past their escalate days" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang supervise", subs, argc, argv);
}
