/*
 * The tallies of a survey from a file (mechanism model; issue 24 item 3): the paper forms a
 * collecting unit counted, as an office keeps them in a spreadsheet. Columns unit, kind, forms,
 * item, then one per grade or option, named by its code or its Chinese name; a row holds one
 * item's counts, and the rows of a unit and kind make that unit's tally for the kind, which
 * replaces the one entered before as survey_tally() does. All or nothing: every bad row is
 * reported with its line and the column at fault, and then nothing is kept.
 */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "survey/survey.h"

enum { FIXED_COLUMNS = 4 }; /* unit, kind, forms, item */

/* One row read: an item's counts for a unit and kind. */
struct tally_row {
    char *unit;       /* the collecting unit's code, as written */
    const char *kind; /* the survey's kind code */
    long long forms;
    int line;
    size_t mark; /* its first count in the import's marks */
    size_t n;    /* how many */
};

struct tally_import {
    struct db *db;
    const struct survey *s;
    const struct import_report *rep;
    char *columns[CSV_MAX_FIELDS]; /* the header's names beyond the fixed ones */
    int n_columns;
    /* per item and column, the grade or option code it names (in the survey), or NULL */
    const char *code_of[SURVEY_ITEMS_MAX][CSV_MAX_FIELDS];
    struct tally_row *rows;
    size_t n_rows, cap_rows;
    struct survey_mark *marks;
    size_t n_marks, cap_marks;
    int problems;
};

static void problem(struct tally_import *im, int line, const char *field, const char *msg)
{
    struct err e = { 0 };
    err_set(&e, RES_INVALID, field, msg);
    if (im->rep && im->rep->fn)
        im->rep->fn(im->rep->ctx, line, &e);
    im->problems++;
}

/* The survey's code of a kind written as its code or its name, or NULL. */
static const char *kind_code(const struct survey *s, const char *v)
{
    for (size_t k = 0; k < s->n_kinds; k++)
        if (strcmp(s->kinds[k], v) == 0 || strcmp(s->kind_names[k], v) == 0)
            return s->kinds[k];
    return NULL;
}

/* The item written as its code or its text, or NULL. */
static const struct survey_item *item_named(const struct survey *s, const char *v)
{
    for (size_t i = 0; i < s->n_items; i++)
        if (strcmp(s->items[i].code, v) == 0 || strcmp(s->items[i].text, v) == 0)
            return &s->items[i];
    return NULL;
}

/* The grade of a graded item that column name names (its code or either name), or NULL. */
static const char *grade_named(const struct scale *sc, const char *name)
{
    for (size_t g = 0; g < sc->n; g++)
        if (strcmp(sc->grades[g].code, name) == 0 || strcmp(sc->grades[g].name, name) == 0 ||
            strcmp(sc->grades[g].name_en, name) == 0)
            return sc->grades[g].code;
    return NULL;
}

struct option_columns {
    struct tally_import *im;
    const struct survey_item *it;
};

/* survey_options() callback: the columns that name this option of a choices item. */
static void option_columns(void *ctx, const char *code, const char *text)
{
    struct option_columns *o = ctx;
    size_t i = (size_t)(o->it - o->im->s->items);
    for (size_t k = 0; k < o->it->n_options; k++) {
        if (strcmp(o->it->options[k], code) != 0)
            continue;
        for (int c = 0; c < o->im->n_columns; c++)
            if (strcmp(o->im->columns[c], code) == 0 || strcmp(o->im->columns[c], text) == 0)
                o->im->code_of[i][c] = o->it->options[k];
    }
}

/* For each item, the grade or option each column names (code_of), once for the whole file. */
static enum result resolve_columns(struct tally_import *im)
{
    for (size_t i = 0; i < im->s->n_items; i++) {
        const struct survey_item *it = &im->s->items[i];
        struct option_columns o = { im, it };
        if (it->choices && survey_options(im->db, im->s->id, it->code, option_columns, &o))
            return RES_FAIL;
        for (int c = 0; !it->choices && c < im->n_columns; c++)
            im->code_of[i][c] = grade_named(&im->s->scale, im->columns[c]);
    }
    return RES_OK;
}

/* Reads one record into a row and its counts; a bad field is reported and the row dropped. */
static void read_row(struct tally_import *im, char **f, int line)
{
    int before = im->problems;
    const char *kind = kind_code(im->s, f[1]);
    const struct survey_item *it = item_named(im->s, f[3]);
    long long forms = 0;
    if (!*f[0])
        problem(im, line, "unit", "err.required");
    if (!kind)
        problem(im, line, "kind", *f[1] ? "err.not_found" : "err.required");
    if (str_to_ll(f[2], 0, 1000000000, &forms) != 0)
        problem(im, line, "forms", "err.range");
    if (!it)
        problem(im, line, "item", *f[3] ? "err.not_found" : "err.required");
    size_t first = im->n_marks;
    for (int c = 0; it && c < im->n_columns; c++) {
        const char *v = f[FIXED_COLUMNS + c];
        long long n;
        if (!*v)
            continue;
        const char *code = im->code_of[it - im->s->items][c];
        if (!code) {
            problem(im, line, im->columns[c], "err.bad_enum");
            continue;
        }
        if (str_to_ll(v, 0, 1000000000, &n) != 0) {
            problem(im, line, im->columns[c], "err.range");
            continue;
        }
        if (im->n_marks == im->cap_marks) {
            im->cap_marks = im->cap_marks ? im->cap_marks * 2 : 64;
            im->marks = xrealloc(im->marks, im->cap_marks * sizeof(*im->marks));
        }
        im->marks[im->n_marks++] = (struct survey_mark){ it->code, code, n };
    }
    if (im->problems != before) {
        im->n_marks = first;
        return;
    }
    if (im->n_rows == im->cap_rows) {
        im->cap_rows = im->cap_rows ? im->cap_rows * 2 : 64;
        im->rows = xrealloc(im->rows, im->cap_rows * sizeof(*im->rows));
    }
    im->rows[im->n_rows++] =
        (struct tally_row){ xstrdup(f[0]), kind, forms, line, first, im->n_marks - first };
}

/* The header: the fixed columns, then names that are not empty. 0 when it is wrong. */
static int read_header(struct tally_import *im, char **f, int n)
{
    static const char *const fixed[FIXED_COLUMNS] = { "unit", "kind", "forms", "item" };
    int ok = n > FIXED_COLUMNS;
    for (int i = 0; ok && i < FIXED_COLUMNS; i++)
        ok = csv_header_is(f[i], fixed[i]);
    for (int i = FIXED_COLUMNS; ok && i < n; i++)
        ok = *f[i] != '\0';
    if (!ok) {
        struct err e = { 0 };
        err_setf(&e, RES_INVALID, "header", "err.csv_header", "%s",
                 "unit,kind,forms,item,GRADE...");
        if (im->rep && im->rep->fn)
            im->rep->fn(im->rep->ctx, 1, &e);
        im->problems++;
        return 0;
    }
    for (int i = FIXED_COLUMNS; i < n; i++)
        im->columns[im->n_columns++] = xstrdup(f[i]);
    return 1;
}

/* Orders rows by unit, kind, then line: a tally's rows next to each other. */
static int by_tally(const void *a, const void *b)
{
    const struct tally_row *x = a, *y = b;
    int c = strcmp(x->unit, y->unit);
    if (!c)
        c = strcmp(x->kind, y->kind);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Replaces the tally of the rows [from, to) (one unit and kind): the same forms on every row,
 * each item once, then survey_tally() with their counts together. */
static void put_tally(struct tally_import *im, const struct actor *who, size_t from, size_t to)
{
    const struct tally_row *head = &im->rows[from];
    size_t n = 0;
    for (size_t r = from; r < to; r++)
        n += im->rows[r].n;
    struct survey_mark *marks = xcalloc(n ? n : 1, sizeof(*marks));
    n = 0;
    int bad = 0;
    for (size_t r = from; r < to; r++) {
        const struct tally_row *row = &im->rows[r];
        if (row->forms != head->forms) {
            problem(im, row->line, "forms", "err.forms_differ");
            bad = 1;
        }
        const char *item = row->n ? im->marks[row->mark].item : NULL;
        for (size_t q = from; item && q < r; q++)
            if (im->rows[q].n && strcmp(im->marks[im->rows[q].mark].item, item) == 0) {
                problem(im, row->line, "item", "err.duplicate");
                bad = 1;
            }
        if (row->n)
            memcpy(marks + n, im->marks + row->mark, row->n * sizeof(*marks));
        n += row->n;
    }
    struct err e = { 0 };
    if (!bad && survey_tally(im->db, who, im->s->id, head->unit, head->kind, head->forms, marks, n,
                             &e) != RES_OK) {
        if (im->rep && im->rep->fn)
            im->rep->fn(im->rep->ctx, head->line, &e);
        im->problems++;
    }
    free(marks);
}

static void release(struct tally_import *im)
{
    for (int c = 0; c < im->n_columns; c++)
        free(im->columns[c]);
    for (size_t r = 0; r < im->n_rows; r++)
        free(im->rows[r].unit);
    free(im->rows);
    free(im->marks);
}

enum result survey_tally_import(struct db *db, const struct actor *who, long long id,
                                const char *data, size_t len, long long *n_added,
                                const struct import_report *rep)
{
    *n_added = 0;
    struct survey *s = xcalloc(1, sizeof(*s));
    struct err e = { 0 };
    enum result r = survey_load_for(db, who, id, s, &e);
    if (r == RES_OK && strcmp(s->state, "open") != 0)
        r = err_set(&e, RES_CONFLICT, "state", "err.survey_state");
    if (r != RES_OK) {
        if (rep && rep->fn)
            rep->fn(rep->ctx, 1, &e);
        free(s);
        return r;
    }
    struct tally_import im = { .db = db, .s = s, .rep = rep };
    struct csv c;
    csv_init(&c, data, len);
    char *f[CSV_MAX_FIELDS];
    int n = csv_next(&c, f);
    enum result resolved = RES_OK;
    if (read_header(&im, f, n) && (resolved = resolve_columns(&im)) == RES_OK) {
        while ((n = csv_next(&c, f)) != 0) {
            if (n == FIXED_COLUMNS + im.n_columns)
                read_row(&im, f, c.line);
            else
                problem(&im, c.line, "line",
                        n == CSV_BAD_QUOTE ? "err.csv_quote"
                        : n == CSV_NUL     ? "err.control_char"
                                           : "err.csv_fields");
        }
    }
    csv_release(&c);
    if (im.n_rows)
        qsort(im.rows, im.n_rows, sizeof(*im.rows), by_tally);
    r = resolved == RES_OK ? db_tx_begin(db) : RES_FAIL;
    for (size_t from = 0, to; r == RES_OK && from < im.n_rows; from = to) {
        for (to = from + 1; to < im.n_rows && strcmp(im.rows[from].unit, im.rows[to].unit) == 0 &&
                            strcmp(im.rows[from].kind, im.rows[to].kind) == 0;
             to++)
            ;
        put_tally(&im, who, from, to);
        (*n_added)++;
    }
    if (r != RES_OK || im.problems) {
        if (r == RES_OK)
            db_tx_rollback(db);
        *n_added = 0;
        r = r == RES_OK ? RES_INVALID : r;
    } else {
        r = db_tx_commit(db);
    }
    release(&im);
    free(s);
    return r;
}
