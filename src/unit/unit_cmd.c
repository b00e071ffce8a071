/* taizhang unit add|move|list|import: the unit tree from the command line (handler layer). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "opinion/opinion.h"
#include "registry/registry.h"
#include "task/task.h"
#include "unit/unit.h"

static int unit_add_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang unit add --db PATH --code CODE --name NAME [--parent CODE] [--kind KIND]\n"
        "KIND: province|city|county|township|department|office|other (default other).\n";
    const char *db_opt = NULL;
    struct unit_input in = { 0 };
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },    { "code", &in.code, 0 },
                                    { "name", &in.name, 0 }, { "parent", &in.parent_code, 0 },
                                    { "kind", &in.kind, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (!in.code || !in.name) {
        fprintf(stderr, "error: --code and --name are required\n%s", usage);
        return EXIT_USAGE;
    }
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    long long id;
    rc = unit_add(db, &who, &in, &id, &err) == RES_OK ? EXIT_OK : cli_fail(&err);
    if (rc == EXIT_OK)
        printf("added unit %s\n", in.code);
    db_close(db);
    return rc;
}

static int unit_move_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang unit move --db PATH --code CODE --parent CODE\n"
        "Moves a unit and everything below it under another parent (counties reorganize).\n";
    const char *db_opt = NULL, *code = NULL, *parent = NULL;
    const struct cli_opt opts[] = {
        { "db", &db_opt, 0 }, { "code", &code, 0 }, { "parent", &parent, 0 }, { NULL, NULL, 0 }
    };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (!code || !parent) {
        fprintf(stderr, "error: --code and --parent are required\n%s", usage);
        return EXIT_USAGE;
    }
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    /* the task, opinion and registry roll-up counts follow the tree, so they are rebuilt in the same
     * transaction */
    rc = EXIT_FAIL;
    if (db_tx_begin(db) == RES_OK) {
        if (unit_move(db, &who, code, parent, &err) != RES_OK) {
            db_tx_rollback(db);
            rc = cli_fail(&err);
        } else if (task_tally_rebuild(db) != RES_OK || opinion_tally_rebuild(db) != RES_OK ||
                   registry_tally_rebuild(db) != RES_OK) {
            db_tx_rollback(db);
        } else if (db_tx_commit(db) == RES_OK) {
            rc = EXIT_OK;
        }
    }
    if (rc == EXIT_OK)
        printf("moved unit %s under %s\n", code, parent);
    db_close(db);
    return rc;
}

static void print_unit(void *ctx, const struct unit *u)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\t%lld\n", u->code, u->name, u->parent_code, u->kind, u->n_total);
}

static int unit_list_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: taizhang unit list --db PATH [--under CODE]\n"
                                "Prints code, name, parent, kind and people in the subtree, tab "
                                "separated, in tree order.\n";
    const char *db_opt = NULL, *under = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "under", &under, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    struct unit root;
    rc = EXIT_OK;
    if (under && unit_get(db, &who, under, &root, &err) != RES_OK)
        rc = cli_fail(&err);
    else if (unit_each(db, &who, under ? &root : NULL, -1, print_unit, NULL) != RES_OK)
        rc = EXIT_FAIL;
    db_close(db);
    return rc;
}

/* unit import's model call (no options). */
static enum result run_unit_import(struct db *db, const struct actor *who, void *ctx,
                                   const char *data, size_t len, long long *n,
                                   const struct import_report *rep)
{
    (void)ctx;
    return unit_import(db, who, data, len, n, rep);
}

static int unit_import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang unit import --db PATH FILE\n"
        "FILE (.csv in UTF-8 or GB18030, .xlsx or .xls) has the header code,name,parent,kind\n"
        "(or 单位代码,单位名称,上级单位,层级); parents may come in any order.\n"
        "All or nothing: each bad line is reported as file:line: field: reason.\n";
    const char *db_opt = NULL, *file = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, &file, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (rc != 1) {
        fprintf(stderr, "error: name the CSV file\n%s", usage);
        return EXIT_USAGE;
    }
    return cli_import(db_opt, file, "units", run_unit_import, NULL);
}

int unit_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "add", unit_add_cmd, "add a unit" },
        { "import", unit_import_cmd, "import units from a CSV file, all or nothing" },
        { "list", unit_list_cmd, "list units in tree order" },
        { "move", unit_move_cmd, "move a unit and its subtree under another parent" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang unit", subs, argc, argv);
}
