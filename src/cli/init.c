/* taizhang init: a new empty database (handler layer). Refuses to overwrite a file. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"

static const char init_usage[] =
    "usage: taizhang init --db PATH\n"
    "Creates a new empty database at PATH (default: env TAIZHANG_DB). An existing file is never\n"
    "overwritten.\n";

int init_cmd(int argc, char **argv)
{
    const char *db_opt = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, init_usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    const char *path = cli_db_path(db_opt);
    if (!path) {
        fprintf(stderr, "error: no database: give --db PATH or set TAIZHANG_DB\n%s", init_usage);
        return EXIT_USAGE;
    }
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(path, DB_F_CREATE, &msg);
    if (!db) {
        fprintf(stderr, "error: %s\n", buf_str(&msg));
        buf_release(&msg);
        return EXIT_FAIL;
    }
    buf_release(&msg);
    db_analyze(db, DB_ANALYZE_ALL);
    db_close(db);
    printf("created %s\n", path);
    return EXIT_OK;
}
