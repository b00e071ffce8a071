/* Command-line plumbing; see cli.h. Handler layer. */
#include "cli/cli.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/table.h"
#include "core/xalloc.h"

int cli_parse(int argc, char **argv, const struct cli_opt *opts, const char **pos, int max_pos,
              const char *usage)
{
    int n_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return -2;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (n_pos == max_pos) {
                fprintf(stderr, "error: unexpected argument '%s'\n%s", a, usage);
                return -1;
            }
            pos[n_pos++] = a;
            continue;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
        const struct cli_opt *o = opts;
        while (o && o->name && !(strlen(o->name) == name_len && !strncmp(o->name, name, name_len)))
            o++;
        if (!o || !o->name) {
            fprintf(stderr, "error: unknown option '%s'\n%s", a, usage);
            return -1;
        }
        if (o->is_flag) {
            *o->value = "1";
        } else if (eq) {
            *o->value = eq + 1;
        } else if (i + 1 < argc) {
            *o->value = argv[++i];
        } else {
            fprintf(stderr, "error: option '--%s' needs a value\n%s", o->name, usage);
            return -1;
        }
    }
    return n_pos;
}

int cli_parse_exit(int rc)
{
    return rc == -2 ? EXIT_OK : EXIT_USAGE;
}

/* Sets the unset option named by name[0..n) to value; 0, or -1 when no option has that name. */
static int config_set(const struct cli_opt *opts, const char *name, size_t n, const char *value)
{
    for (const struct cli_opt *o = opts; o->name; o++)
        if (strlen(o->name) == n && strncmp(o->name, name, n) == 0) {
            if (!*o->value)
                *o->value = value;
            return 0;
        }
    return -1;
}

int cli_config(const char *path, const struct cli_opt *opts, struct buf *store)
{
    for (const struct cli_opt *o = opts; o->name; o++) {
        char env[64] = "TAIZHANG_";
        size_t k = strlen(env);
        for (const char *c = o->name; *c && k + 1 < sizeof(env); c++)
            env[k++] = *c == '-' ? '_' : (char)toupper((unsigned char)*c);
        env[k] = '\0';
        const char *v = getenv(env);
        if (!*o->value && v && *v)
            *o->value = v;
    }
    if (!path)
        return 0;
    if (file_read_all(path, store) != 0) {
        fprintf(stderr, "error: cannot read the configuration '%s'\n", path);
        return -1;
    }
    char *text = store->data ? store->data : (char *)"";
    int line_no = 0;
    for (char *line = text, *next; line && *line; line = next) {
        line_no++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line[strcspn(line, "#\r")] = '\0';
        char *eq = strchr(line, '=');
        char *name = line + strspn(line, " \t");
        if (!*name)
            continue;
        size_t n = eq ? (size_t)(eq - name) : 0;
        while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
            n--;
        char *value = eq ? eq + 1 + strspn(eq + 1, " \t") : NULL;
        if (value) {
            size_t len = strlen(value);
            while (len && (value[len - 1] == ' ' || value[len - 1] == '\t'))
                value[--len] = '\0';
        }
        if (!value || !n || config_set(opts, name, n, value) != 0) {
            fprintf(stderr, "error: %s:%d: expected 'name = value' with a name of the options,"
                            " not '%s'\n", path, line_no, name);
            return -1;
        }
    }
    return 0;
}

const char *cli_db_path(const char *db_opt)
{
    if (db_opt && *db_opt)
        return db_opt;
    const char *env = getenv("TAIZHANG_DB");
    return env && *env ? env : NULL;
}

struct db *cli_open(const char *db_opt)
{
    const char *path = cli_db_path(db_opt);
    if (!path) {
        fprintf(stderr, "error: no database: give --db PATH or set TAIZHANG_DB\n");
        return NULL;
    }
    struct buf msg;
    buf_init(&msg, 1024);
    struct db *db = db_open(path, 0, &msg);
    if (!db)
        fprintf(stderr, "error: %s\n", buf_str(&msg));
    buf_release(&msg);
    return db;
}

struct db *cli_open_as_system(const char *db_opt, struct actor *who)
{
    actor_system(who);
    return cli_open(db_opt);
}

int cli_missing(const char *value, const char *name, const char *usage)
{
    if (value)
        return 0;
    fprintf(stderr, "error: --%s is required\n%s", name, usage);
    return 1;
}

int cli_fail(const struct err *err)
{
    const char *msg = err->msg ? i18n(LANG_EN, err->msg) : "failed";
    if (err->field)
        fprintf(stderr, "error: %s: %s%s%s\n", err->field, msg, err->detail[0] ? " " : "",
                err->detail);
    else
        fprintf(stderr, "error: %s%s%s\n", msg, err->detail[0] ? " " : "", err->detail);
    return EXIT_FAIL;
}

void cli_import_line(void *ctx, int line, const struct err *err)
{
    const char *msg = i18n(LANG_EN, err->msg ? err->msg : "err.internal");
    fprintf(stderr, "%s:%d: %s: %s%s%s\n", (const char *)ctx, line,
            err->field ? err->field : "line", msg, err->detail[0] ? " " : "", err->detail);
}

char *cli_read_table(const char *path, size_t *len)
{
    size_t n;
    char *data = cli_read_file(path, &n);
    if (!data)
        return NULL;
    struct buf table;
    buf_init(&table, (size_t)1 << 30);
    struct err err = { 0 };
    enum result r = table_text(data, n, &table, &err);
    free(data);
    if (r != RES_OK) {
        cli_import_line((void *)path, 1, &err);
        buf_release(&table);
        return NULL;
    }
    buf_str(&table);
    return buf_detach(&table, len);
}

int cli_write_file(const char *path, const struct buf *b, int private)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, private ? 0600 : 0644);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
    if (!f) {
        if (fd >= 0)
            close(fd);
        fprintf(stderr, "error: cannot write '%s'\n", path);
        return -1;
    }
    int bad = fwrite(b->data, 1, b->len, f) != b->len;
    bad |= fclose(f) != 0;
    if (bad)
        fprintf(stderr, "error: cannot write '%s'\n", path);
    return bad ? -1 : 0;
}

/* The import's progress bar: the share of the file read. */
static void import_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    cli_progress("rows", (long long)done, (long long)total);
}

int cli_import(const char *db_opt, const char *file, const char *what, cli_import_fn fn,
               void *ctx)
{
    size_t len;
    char *table = cli_read_table(file, &len);
    if (!table) {
        fprintf(stderr, "error: nothing imported from %s\n", file);
        return EXIT_FAIL;
    }
    struct db *db = cli_open(db_opt);
    if (!db) {
        free(table);
        return EXIT_FAIL;
    }
    struct actor who;
    actor_system(&who);
    long long n = 0;
    struct import_report rep = { .fn = cli_import_line,
                                 .ctx = (void *)file,
                                 .progress = cli_tty() ? import_progress : NULL };
    enum result r = fn(db, &who, ctx, table, len, &n, &rep);
    if (r == RES_OK)
        db_analyze(db, DB_ANALYZE_WRITTEN);
    if (r == RES_OK)
        printf("imported %lld %s from %s\n", n, what, file);
    else
        fprintf(stderr, "error: nothing imported from %s\n", file);
    db_close(db);
    free(table);
    return r == RES_OK ? EXIT_OK : EXIT_FAIL;
}

char *cli_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "error: cannot read '%s'\n", path);
        return NULL;
    }
    struct buf b;
    buf_init(&b, (size_t)256 << 20);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(&b, chunk, n);
    int bad = ferror(f) || b.err;
    fclose(f);
    if (bad) {
        fprintf(stderr, "error: cannot read '%s' (too large or unreadable)\n", path);
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b, len);
}

int cli_tty(void)
{
    return isatty(STDERR_FILENO);
}

void cli_progress(const char *label, long long done, long long total)
{
    if (!cli_tty() || total <= 0)
        return;
    int width = 30, filled = (int)(done * width / total);
    char bar[31];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : ' ';
    bar[width] = '\0';
    fprintf(stderr, "\r%-12s [%s] %3lld%%", label, bar, done * 100 / total);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

int cli_dispatch(const char *group, const struct cli_sub *subs, int argc, char **argv)
{
    const char *verb = argc >= 2 ? argv[1] : NULL;
    int help = verb && (!strcmp(verb, "--help") || !strcmp(verb, "-h") || !strcmp(verb, "help"));
    if (verb && !help) {
        for (const struct cli_sub *s = subs; s->name; s++)
            if (strcmp(s->name, verb) == 0)
                return s->fn(argc - 1, argv + 1);
    }
    FILE *out = help ? stdout : stderr;
    if (verb && !help)
        fprintf(out, "error: unknown command '%s %s'\n", group, verb);
    fprintf(out, "usage: %s COMMAND [OPTIONS]   (COMMAND --help for its options)\n\n", group);
    for (const struct cli_sub *s = subs; s->name; s++)
        fprintf(out, "  %-13s  %s\n", s->name, s->summary);
    return help ? EXIT_OK : EXIT_USAGE;
}
