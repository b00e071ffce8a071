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
#include "person/person_web.h"

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

static void import_progress(void *ctx, long long done, long long total)
{
    (void)ctx;
    cli_progress("passwords", done, total);
}

static void rows_progress(const struct person_import *imp, long long done, long long total)
{
    cli_progress(imp->passwords ? "importing" : "checking", done, total);
}

static int user_import_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang user import --db PATH FILE [--passwords OUT.xlsx] [--slips OUT.html]\n"
        "                            [--url SIGN-IN-URL]\n"
        "Adds people with their accounts from FILE (.csv in UTF-8 or GB18030, .xlsx or .xls),\n"
        "all or nothing. Columns: login, name, unit, position, phone, email, role, or their\n"
        "Chinese names (登录名 姓名 单位 职务 手机 邮箱 角色); an empty login is made from the\n"
        "name's pinyin, an empty role is cadre. Every account gets a generated password that\n"
        "must be changed at first sign-in: written to --passwords (a workbook) and --slips\n"
        "(printable A4 slips with a QR code of --url, default http://127.0.0.1:8080/login),\n"
        "both readable by their owner alone, or printed (login, name, unit, password) when\n"
        "neither is given. They cannot be shown again.\n";
    const char *db_opt = NULL, *pw_out = NULL, *slips_out = NULL,
               *url = "http://127.0.0.1:8080/login", *file = NULL;
    const struct cli_opt opts[] = {
        { "db", &db_opt, 0 }, { "passwords", &pw_out, 0 }, { "slips", &slips_out, 0 },
        { "url", &url, 0 },   { NULL, NULL, 0 },
    };
    int rc = cli_parse(argc, argv, opts, &file, 1, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    if (rc == 0) {
        fprintf(stderr, "error: FILE is required\n%s", usage);
        return EXIT_USAGE;
    }
    size_t len;
    char *table = cli_read_table(file, &len);
    if (!table) {
        fprintf(stderr, "error: nothing imported from %s\n", file);
        return EXIT_FAIL;
    }
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db) {
        free(table);
        return EXIT_FAIL;
    }
    struct person_import imp = { .progress = rows_progress };
    arena_init(&imp.mem);
    struct import_report rep = { .fn = cli_import_line, .ctx = (void *)file };
    enum result r = person_import(db, &who, table, len, &imp, &rep);
    if (r == RES_OK)
        r = person_import_passwords(&imp, import_progress, NULL);
    if (r == RES_OK)
        r = person_import(db, &who, table, len, &imp, &rep);
    rc = EXIT_FAIL;
    if (r != RES_OK) {
        fprintf(stderr, "error: nothing imported from %s\n", file);
        goto out;
    }
    printf("imported %lld people with accounts from %s\n", imp.n, file);
    db_analyze(db, DB_ANALYZE_WRITTEN);
    rc = EXIT_OK;
    struct buf made;
    buf_init(&made, (size_t)1 << 30);
    if (pw_out && (person_passwords_xlsx(&imp, &made) != 0 ||
                   cli_write_file(pw_out, &made, 1) != 0))
        rc = EXIT_FAIL;
    sodium_memzero(made.data, made.len);
    buf_reset(&made);
    if (slips_out && (person_slips(&made, &imp, url, NULL) != 0 ||
                      cli_write_file(slips_out, &made, 1) != 0))
        rc = EXIT_FAIL;
    sodium_memzero(made.data, made.len);
    buf_release(&made);
    if (!pw_out && !slips_out)
        for (long long i = 0; i < imp.n; i++)
            printf("%s\t%s\t%s\t%s\n", imp.rows[i].login, imp.rows[i].name, imp.rows[i].unit,
                   imp.rows[i].password);
out:
    person_import_release(&imp);
    db_close(db);
    free(table);
    return rc;
}

int user_cmd(int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        { "add", user_add_cmd, "add a person with an account" },
        { "import", user_import_cmd, "add people with accounts from a table, in bulk" },
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
