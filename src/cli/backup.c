/* taizhang backup and taizhang audit verify (handler layer). */
#include <stdio.h>

#include "auth/audit.h"
#include "cli/cli.h"
#include "cli/cmds.h"

int backup_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang backup --db PATH OUT\n"
        "Writes a consistent copy of the database to OUT (which must not exist), also while the\n"
        "server is running.\n";
    const char *db_opt = NULL, *out = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, &out, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (rc != 1) {
        fprintf(stderr, "error: name the output file\n%s", usage);
        return EXIT_USAGE;
    }
    struct db *db = cli_open(db_opt);
    if (!db)
        return EXIT_FAIL;
    struct buf msg;
    buf_init(&msg, 1024);
    rc = EXIT_OK;
    if (db_backup(db, out, &msg) != RES_OK) {
        fprintf(stderr, "error: %s\n", buf_str(&msg));
        rc = EXIT_FAIL;
    } else {
        printf("backed up to %s\n", out);
    }
    buf_release(&msg);
    db_close(db);
    return rc;
}

static int audit_verify_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang audit verify --db PATH\n"
        "Recomputes the audit log's hash chain. Exit 0 when intact, 1 naming the first broken\n"
        "record.\n";
    const char *db_opt = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    struct db *db = cli_open(db_opt);
    if (!db)
        return EXIT_FAIL;
    struct buf msg;
    buf_init(&msg, 1024);
    long long n = 0, bad = 0;
    enum result r = audit_verify(db, &n, &bad, &msg);
    if (r == RES_OK)
        printf("audit chain intact: %lld records\n", n);
    else
        fprintf(stderr, "error: %s\n", buf_str(&msg));
    buf_release(&msg);
    db_close(db);
    return r == RES_OK ? EXIT_OK : EXIT_FAIL;
}

int audit_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "verify", audit_verify_cmd, "check the audit log's hash chain" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang audit", subs, argc, argv);
}
