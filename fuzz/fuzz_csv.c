/*
 * Fuzz target: the CSV reader every import uses (core/csv.h), on any bytes. Each record read is
 * written back with csv_add_verbatim and read again: the same fields must come back (the
 * xlsx_to_csv path depends on it). csv_each_row then reads the input as a two-column import whose
 * first column's values have Chinese names and whose second holds dates.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum result accept_row(void *ctx, char **fields, struct err *err)
{
    (void)err;
    *(size_t *)ctx += strlen(fields[0]) + strlen(fields[1]);
    return RES_OK;
}

static void ignore_problem(void *ctx, int line, const struct err *err)
{
    (void)err;
    if (line < 1)
        abort();
    ++*(int *)ctx;
}

/* Reads back the record written from fields[0..n) and compares. It is written as a file's
 * second line: at the start of a file a byte order mark would be taken for the file's. */
static void round_trip(char **fields, int n)
{
    struct buf line;
    buf_init(&line, (size_t)64 << 20);
    buf_adds(&line, "first\n");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_addch(&line, ',');
        csv_add_verbatim(&line, fields[i]);
    }
    buf_addch(&line, '\n');
    struct csv again;
    csv_init(&again, line.data, line.len);
    char *back[CSV_MAX_FIELDS];
    int m = csv_next(&again, back) == 1 ? csv_next(&again, back) : -9;
    if (m != n) {
        fprintf(stderr, "round trip: %d fields became %d\n", n, m);
        abort();
    }
    for (int i = 0; i < n; i++)
        if (strcmp(fields[i], back[i]) != 0) {
            fprintf(stderr, "round trip: field %d \"%s\" became \"%s\"\n", i, fields[i], back[i]);
            abort();
        }
    csv_release(&again);
    buf_release(&line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv c;
    csv_init(&c, (const char *)data, size);
    char *fields[CSV_MAX_FIELDS];
    int n, last_line = 0;
    while ((n = csv_next(&c, fields)) != 0) {
        if (c.line < last_line)
            abort();
        last_line = c.line;
        /* a record of one empty field is a blank line once written, and blank lines are skipped */
        if (n > 0 && !(n == 1 && fields[0][0] == '\0')) {
            char *copy[CSV_MAX_FIELDS];
            for (int i = 0; i < n; i++)
                copy[i] = strdup(fields[i]);
            round_trip(copy, n);
            for (int i = 0; i < n; i++)
                free(copy[i]);
        }
        if (n == CSV_BAD_QUOTE)
            break;
    }
    csv_release(&c);
    static const char *const header[] = { "名称", "编号" };
    size_t chars = 0;
    int problems = 0;
    struct import_report rep = { .fn = ignore_problem, .ctx = &problems };
    static const char *const values[] = { "channel.", NULL };
    const struct csv_columns cols = { header, 2, 1u << 1, values };
    int reported = csv_each_row((const char *)data, size, &cols, accept_row, &chars, &rep);
    if (reported != problems)
        abort();
    return 0;
}
