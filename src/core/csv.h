/*
 * A reader for UTF-8 CSV files as spreadsheets write them (RFC 4180: comma separated, fields in
 * double quotes may hold commas, quotes doubled, and line breaks), and the writer of cells for
 * the CSV exports, which spreadsheet programs open. Core layer.
 */
#ifndef TZ_CSV_H
#define TZ_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "core/result.h"
#include "core/buf.h"

enum { CSV_MAX_FIELDS = 64, CSV_BAD_QUOTE = -1, CSV_TOO_WIDE = -2, CSV_NUL = -3 };

struct csv {
    const char *p;      /* next byte to read */
    const char *end;    /* end of input */
    int line;           /* line number where the current record starts, from 1 */
    int next_line;      /* line number of the next byte */
    char *scratch;      /* storage for the current record's fields */
    size_t scratch_cap; /* bytes allocated for scratch */
};

/* Starts reading data[0..len); a UTF-8 byte order mark is skipped. Free with csv_release(). */
void csv_init(struct csv *c, const char *data, size_t len);
void csv_release(struct csv *c);
/* Reads the next record into fields (NUL-terminated strings valid until the next call) and
 * returns the number of fields, 0 at the end, CSV_BAD_QUOTE for an unterminated quote, or
 * CSV_TOO_WIDE for more than CSV_MAX_FIELDS fields, or CSV_NUL for a NUL byte (the rest of
 * those records is skipped).
 * Blank lines are skipped. */
int csv_next(struct csv *c, char *fields[CSV_MAX_FIELDS]);

/* Whether a file's header cell got names the column want: want itself, or one of its Chinese
 * names in the catalog (i18n "col.WANT", names separated by '|': 完成时限|截止日期), spaces
 * around ignored. */
int csv_header_is(const char *got, const char *want);
/* The Chinese names of the column want as the catalog gives them ("完成时限|截止日期"), or NULL
 * when it has none. */
const char *csv_column_names(const char *want);
/* The columns of an import file, for csv_each_row. */
struct csv_columns {
    const char *const *names;  /* the header's field names, in order */
    int n;                     /* how many */
    uint64_t dates;            /* bit i set: column i holds dates */
    const char *const *values; /* per column, the catalog prefix of the Chinese names of its
                                  values ("channel." for 座谈会 as forum) or NULL; NULL for none */
};
/* Reads a whole CSV file whose first record must be the header cols->names (csv_header_is),
 * then calls row for each further record with its cols->n fields; row returns RES_OK or fills
 * err. A field of a date column that date_parse() reads (2026/3/31, 2026年3月31日...) arrives as
 * YYYY-MM-DD, and one of a column with value names that names a value (i18n_code: 座谈会)
 * arrives as its code; any other arrives as it is, for the row to refuse. A wrong header, a
 * record of the wrong width, an unbalanced quote or a NUL byte, and each row refused go to rep
 * (when not NULL) with their line numbers; after a wrong header nothing else is read. Returns the number of
 * problems reported (0: every row passed). */
int csv_each_row(const char *data, size_t len, const struct csv_columns *cols,
                 enum result (*row)(void *ctx, char **fields, struct err *err), void *ctx,
                 const struct import_report *rep);
/* Appends s to b as one text cell of a CSV file that people open in a spreadsheet program: in
 * double quotes (quotes doubled) when it holds a comma, a quote or a line break, and after a '
 * when it begins with '=', '+', '-', '@', a tab or a carriage return, so that Excel and WPS show
 * it as text instead of evaluating it as a formula (OWASP, CSV injection). The ' is part of the
 * cell's text (csv_next reads it back); a text that merely looks like a number ("-5") gets it
 * too, and so stays text. */
void csv_add_field(struct buf *b, const char *s);
/* Appends a number cell: s as it is when it is a plain decimal number (an optional '-', digits,
 * an optional fraction), which a spreadsheet reads as a number and never as a formula, so that
 * negative numbers stay numbers; anything else as csv_add_field. */
void csv_add_number(struct buf *b, const char *s);
/* Appends s quoted as csv_add_field does but never prefixed: only for CSV that csv_next reads
 * back (xlsx_to_csv), where a cell must arrive exactly as it was typed. */
void csv_add_verbatim(struct buf *b, const char *s);

#endif
