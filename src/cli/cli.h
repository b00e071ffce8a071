/*
 * Shared plumbing for the command-line verbs (handler layer): option parsing with --help,
 * the database path (--db or env TAIZHANG_DB), and error printing. Exit codes: 0 success,
 * 1 failure, 2 bad usage.
 */
#ifndef TZ_CLI_H
#define TZ_CLI_H

#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli_opt {
    const char *name;   /* long option name without the dashes */
    const char **value; /* receives the argument, or "1" for a flag */
    int is_flag;        /* 1 when the option takes no argument */
};

/* Parses argv[1..] (argv[0] is the verb). Fills option values and up to max_pos positional
 * arguments. Returns the count of positional arguments, -1 after printing usage to stderr for
 * bad usage, or -2 after printing usage to stdout for --help. */
int cli_parse(int argc, char **argv, const struct cli_opt *opts, const char **pos, int max_pos,
              const char *usage);
/* Fills each option of opts still unset (NULL) from the environment (TAIZHANG_ and its name in
 * upper case, '-' as '_': TAIZHANG_TRUST_PROXY) and then from the configuration file at path
 * (NULL for none): lines "name = value", '#' starting a comment, names as the options'. Flags
 * given and the environment override the file. The file's text is kept in store for the values
 * to point into. Returns 0, or -1 after printing the file's first bad line. */
int cli_config(const char *path, const struct cli_opt *opts, struct buf *store);
/* Maps a cli_parse result < 0 to the exit code. */
int cli_parse_exit(int rc);

/* Opens the database named by --db or TAIZHANG_DB; prints the reason and returns NULL. */
struct db *cli_open(const char *db_opt);
/* cli_open, and who set to the command line's actor (an admin over the whole tree). */
struct db *cli_open_as_system(const char *db_opt, struct actor *who);
/* 1 after printing "error: --NAME is required" and the usage when value is NULL, else 0. */
int cli_missing(const char *value, const char *name, const char *usage);
/* The database path from --db or TAIZHANG_DB, or NULL. */
const char *cli_db_path(const char *db_opt);

/* Prints "error: FIELD: MESSAGE DETAIL" to stderr (English) and returns EXIT_FAIL. */
int cli_fail(const struct err *err);
/* An import_report function that prints "FILE:LINE: field: message" (English) to stderr;
 * ctx is the file name. */
void cli_import_line(void *ctx, int line, const struct err *err);
/* What an import verb runs: its model's import of data (len bytes) as the command line's actor,
 * counting what it added into *n and each bad line into rep; ctx carries the verb's options. */
typedef enum result (*cli_import_fn)(struct db *db, const struct actor *who, void *ctx,
                                     const char *data, size_t len, long long *n,
                                     const struct import_report *rep);
/* The body of every import verb: reads file, opens the database (--db or TAIZHANG_DB), runs fn,
 * and prints "imported N WHAT from FILE", or each bad line as FILE:LINE: field: reason and
 * "error: nothing imported from FILE". Returns the exit code. */
int cli_import(const char *db_opt, const char *file, const char *what, cli_import_fn fn,
               void *ctx);
/* Reads a table file (CSV in UTF-8 or GB18030, XLSX, XLS: table_text) as UTF-8 CSV text,
 * NUL-terminated, into caller-owned memory (free()); NULL with FILE:1: why on stderr. */
char *cli_read_table(const char *path, size_t *len);
/* Writes b to path, readable by its owner alone when private. 0, or -1 with a message. */
int cli_write_file(const char *path, const struct buf *b, int private);
/* Reads a whole file into caller-owned memory (free()); NULL with a message on stderr. */
char *cli_read_file(const char *path, size_t *len);
/* 1 when stderr is a terminal, for progress bars. */
int cli_tty(void);
/* Draws a progress bar "label [#####     ] 42%" on stderr when it is a terminal. */
void cli_progress(const char *label, long long done, long long total);

#endif
