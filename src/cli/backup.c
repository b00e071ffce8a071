/* taizhang backup, restore and audit verify (handler layer). */
#include <stdio.h>
#include <sys/stat.h>

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

int restore_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang restore --db PATH BACKUP\n"
        "Makes PATH (which must not exist) a copy of the backup file BACKUP, once BACKUP has\n"
        "passed SQLite's integrity check and its audit chain verifies; the copy is then brought\n"
        "to this version's schema. Stop the server, move the damaged database aside, restore,\n"
        "and start the server on PATH again.\n";
    const char *db_opt = NULL, *backup = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, &backup, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    const char *path = cli_db_path(db_opt);
    if (rc != 1 || !path) {
        fprintf(stderr, "error: name the database (--db) and the backup file\n%s", usage);
        return EXIT_USAGE;
    }
    struct stat sb;
    if (stat(path, &sb) == 0) {
        fprintf(stderr, "error: '%s' already exists: move it aside first, or restore to another path\n",
                path);
        return EXIT_FAIL;
    }
    struct buf msg;
    buf_init(&msg, 1024);
    long long n = 0, bad = 0;
    rc = EXIT_FAIL;
    struct db *src = db_open(backup, DB_F_READONLY, &msg);
    if (!src)
        goto out;
    if (db_integrity(src, &msg) != RES_OK) {
        buf_addf(&msg, " (in '%s')", backup);
        goto out;
    }
    if (audit_verify(src, &n, &bad, &msg) != RES_OK) {
        buf_addf(&msg, " (the backup's audit chain, record %lld)", bad);
        goto out;
    }
    if (db_backup(src, path, &msg) != RES_OK)
        goto out;
    struct db *copy = db_open(path, 0, &msg);
    if (!copy) {
        remove(path);
        goto out;
    }
    db_close(copy);
    printf("restored %s to %s (%lld audit records verified)\n", backup, path, n);
    rc = EXIT_OK;
out:
    if (rc != EXIT_OK)
        fprintf(stderr, "error: %s\n", buf_str(&msg));
    db_close(src);
    buf_release(&msg);
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
