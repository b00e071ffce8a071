/*
 * taizhang user add|list|passwd|disable and token create (handler layer): people's accounts
 * from the command line. A password comes from the first line of a file, never from argv.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "person/person.h"

/* Reads the first line of path, without its line end, into caller-owned memory. */
static char *read_password(const char *path)
{
    size_t len;
    char *text = cli_read_file(path, &len);
    if (!text)
        return NULL;
    text[strcspn(text, "\r\n")] = '\0';
    return text;
}

/* Hashes the password from --password-file, or a new random one that is printed. */
static int hash_password(const char *file, char *hash, const char *login)
{
    char generated[17];
    char *pw;
    if (file) {
        pw = read_password(file);
        if (!pw)
            return EXIT_FAIL;
    } else {
        token_random_n(generated, sizeof(generated));
        pw = generated;
    }
    struct err err = { 0 };
    int rc = password_hash(pw, hash, &err) == RES_OK ? EXIT_OK : cli_fail(&err);
    if (rc == EXIT_OK && !file)
        printf("password for %s: %s\n", login, pw);
    if (file) {
        sodium_memzero(pw, strlen(pw));
        free(pw);
    }
    return rc;
}

static int user_add_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang user add --db PATH --login LOGIN --name NAME --unit CODE --role ROLE\n"
        "                         [--position TEXT] [--password-file FILE]\n"
        "Creates a person in the unit and an account linked to it. ROLE: admin|unit_admin|\n"
        "leader|staff|supervisor|cadre. The password is FILE's first line; without a file a\n"
        "random one is made and printed.\n";
    const char *db_opt = NULL, *login = NULL, *name = NULL, *unit = NULL, *role = NULL,
               *position = NULL, *pw_file = NULL;
    const struct cli_opt opts[] = {
        { "db", &db_opt, 0 },
        { "login", &login, 0 },
        { "name", &name, 0 },
        { "unit", &unit, 0 },
        { "role", &role, 0 },
        { "position", &position, 0 },
        { "password-file", &pw_file, 0 },
        { NULL, NULL, 0 },
    };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (!login || !name || !unit || !role) {
        fprintf(stderr, "error: --login, --name, --unit and --role are required\n%s", usage);
        return EXIT_USAGE;
    }
    struct err err = { 0 };
    if (role_parse(role) < 0) {
        err_set(&err, RES_INVALID, "role", "err.bad_enum");
        snprintf(err.detail, sizeof(err.detail), "admin|unit_admin|leader|staff|supervisor|cadre");
        return cli_fail(&err);
    }
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(pw_file, hash, login)) != EXIT_OK)
        return rc;
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    long long person_id, account_id;
    struct person_input pin = { .unit_code = unit, .name = name, .position = position };
    struct account_input ain = { .login = login, .role = role, .password_hash = hash };
    rc = EXIT_FAIL;
    if (db_tx_begin(db) != RES_OK)
        goto out;
    if (person_add(db, &who, &pin, &person_id, &err) != RES_OK) {
        db_tx_rollback(db);
        rc = cli_fail(&err);
        goto out;
    }
    ain.person_id = person_id;
    if (account_add(db, &who, &ain, &account_id, &err) != RES_OK) {
        db_tx_rollback(db);
        rc = cli_fail(&err);
        goto out;
    }
    if (db_tx_commit(db) != RES_OK)
        goto out;
    printf("added %s (%s, person %lld) in %s as %s\n", login, name, person_id, unit, role);
    rc = EXIT_OK;
out:
    db_close(db);
    return rc;
}

static void print_account(void *ctx, const struct account_row *row)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\t%s\n", row->login, row->name, row->unit_code, row->role,
           row->disabled ? "disabled" : "active");
}

static int user_list_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: taizhang user list --db PATH\n"
                                "Prints login, name, unit, role and state, tab separated.\n";
    const char *db_opt = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 }, { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    rc = account_list(db, &who, 0, 0, NULL, print_account, NULL) == RES_OK ? EXIT_OK : EXIT_FAIL;
    db_close(db);
    return rc;
}

static int user_passwd_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang user passwd --db PATH --login LOGIN [--password-file FILE]\n"
        "Sets a new password (FILE's first line, or a printed random one) and ends the\n"
        "account's sessions.\n";
    const char *db_opt = NULL, *login = NULL, *pw_file = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "login", &login, 0 },
                                    { "password-file", &pw_file, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (cli_missing(login, "login", usage))
        return EXIT_USAGE;
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(pw_file, hash, login)) != EXIT_OK)
        return rc;
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    rc = account_set_password(db, &who, login, hash, &err) == RES_OK ? EXIT_OK : cli_fail(&err);
    if (rc == EXIT_OK)
        printf("password of %s changed\n", login);
    db_close(db);
    return rc;
}

static int user_disable_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang user disable --db PATH --login LOGIN\n"
        "Stops the account from logging in and revokes its sessions and API tokens.\n";
    const char *db_opt = NULL, *login = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "login", &login, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (cli_missing(login, "login", usage))
        return EXIT_USAGE;
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    rc = account_disable(db, &who, login, &err) == RES_OK ? EXIT_OK : cli_fail(&err);
    if (rc == EXIT_OK)
        printf("disabled %s\n", login);
    db_close(db);
    return rc;
}

int user_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "add", user_add_cmd, "add a person with an account" },
        { "disable", user_disable_cmd, "disable an account" },
        { "list", user_list_cmd, "list accounts" },
        { "passwd", user_passwd_cmd, "set an account's password" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang user", subs, argc, argv);
}

static int token_create_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang token create --db PATH --login LOGIN\n"
        "Prints a new API token for the account on stdout; use it as\n"
        "'Authorization: Bearer TOKEN'. Only its hash is stored: it cannot be shown again.\n";
    const char *db_opt = NULL, *login = NULL;
    const struct cli_opt opts[] = { { "db", &db_opt, 0 },
                                    { "login", &login, 0 },
                                    { NULL, NULL, 0 } };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (cli_missing(login, "login", usage))
        return EXIT_USAGE;
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db)
        return EXIT_FAIL;
    struct err err = { 0 };
    char token[TOKEN_TEXT];
    rc = token_create(db, &who, login, token, &err) == RES_OK ? EXIT_OK : cli_fail(&err);
    if (rc == EXIT_OK)
        printf("%s\n", token);
    db_close(db);
    return rc;
}

int token_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "create", token_create_cmd, "print a new API token for an account" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch("taizhang token", subs, argc, argv);
}
