/* taizhang eval list|open|close|codes|results: democratic evaluations from the command line
 * (handler layer), acting as the system over the whole tree. Ballots are cast only by voters,
 * through the pages and the API. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/str.h"
#include "evaluation/evaluation.h"

/* Parses --db and --id, opens the store and runs fn on the session as the system. */
static int with_session(int argc, char **argv, const char *usage,
                        enum result (*fn)(struct db *db, const struct actor *who, long long id,
                                          struct err *err))
{
    const char *db_opt = NULL, *id_opt = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { "id", &id_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    long long id;
    if (!id_opt || str_to_ll(id_opt, 1, 1LL << 62, &id) != 0) {
        fprintf(stderr, "error: --id must be an evaluation number\n%s", usage);
        return EXIT_USAGE;
    }
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    rc = fn(db, &who, id, &err) == RES_OK ? EXIT_OK : cli_fail(&err);
    db_close(db);
    return rc;
}

static void print_session(void *ctx, const struct eval_info *e)
{
    (void)ctx;
    printf("%lld\t%s\t%lld/%lld\t%s\t%s\n", e->id, e->state, e->voted, e->eligible, e->unit_code,
           e->title);
}

static int eval_list_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang eval list --db PATH\n"
        "Prints number, state, turnout (voted/eligible), holding unit and title.\n";
    const char *db_opt = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    rc = eval_each(db, &who, print_session, NULL) == RES_OK ? EXIT_OK : EXIT_FAIL;
    db_close(db);
    return rc;
}

static int eval_open_cmd(int argc, char **argv)
{
    return with_session(argc, argv,
                        "usage: taizhang eval open --db PATH --id N\n"
                        "Opens a draft evaluation: fixes its roster of voting accounts.\n",
                        eval_open);
}

static int eval_close_cmd(int argc, char **argv)
{
    return with_session(argc, argv,
                        "usage: taizhang eval close --db PATH --id N\n"
                        "Closes an open evaluation; its results become readable.\n",
                        eval_close);
}

static void print_code(void *ctx, const char *code, const char *group, int used)
{
    (void)ctx;
    printf("%s\t%s\t%s\n", code, group, used ? "used" : "unused");
}

static enum result codes(struct db *db, const struct actor *who, long long id, struct err *err)
{
    return eval_codes(db, who, id, print_code, NULL, err);
}

static int eval_codes_cmd(int argc, char **argv)
{
    return with_session(argc, argv,
                        "usage: taizhang eval codes --db PATH --id N\n"
                        "Prints the paper codes: code, rater group, used or unused.\n",
                        codes);
}

static enum result results(struct db *db, const struct actor *who, long long id, struct err *err)
{
    struct eval_results res;
    enum result r = eval_results(db, who, id, &res, err);
    if (r != RES_OK)
        return r;
    printf("# %s: %lld ballots, %lld of %lld voted\n", res.info.title, res.ballots, res.info.voted,
           res.info.eligible);
    if (res.hidden)
        printf("# fewer than %lld ballots: not shown\n", res.info.min_group);
    for (size_t i = 0; i < res.n_rows; i++) {
        const struct eval_row *row = &res.rows[i];
        printf("%d\t%lld\t%s", row->rank, row->person, row->name);
        for (size_t g = 0; g < res.info.scale.n; g++)
            printf("\t%lld", row->all.counts[g]);
        printf("\t%.4f\t%.4f\t%.2f\n", row->excellent_share, row->good_share, row->score);
    }
    eval_results_free(&res);
    return RES_OK;
}

static int eval_results_cmd(int argc, char **argv)
{
    return with_session(argc, argv,
                        "usage: taizhang eval results --db PATH --id N\n"
                        "Prints a closed evaluation's results by rank: rank, person, name,\n"
                        "excellent, competent, basic, incompetent, excellent share,\n"
                        "excellent+competent share, weighted score.\n",
                        results);
}

int eval_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "list", eval_list_cmd, "list evaluations with their turnout" },
        { "open", eval_open_cmd, "open a draft evaluation" },
        { "close", eval_close_cmd, "close an open evaluation" },
        { "codes", eval_codes_cmd, "print an evaluation's paper codes" },
        { "results", eval_results_cmd, "print a closed evaluation's results" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang eval", subs, argc, argv);
}
