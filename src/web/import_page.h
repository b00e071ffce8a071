/*
 * The answer to an uploaded import (web layer): the file, CSV in UTF-8 or GB18030 or an XLSX
 * workbook (core/table.h), runs through a model's import as one write job, all or nothing;
 * success redirects, failure lists every bad line as file:line: field: reason.
 */
#ifndef TZ_IMPORT_PAGE_H
#define TZ_IMPORT_PAGE_H

#include "http/http.h"

/* A model import: data[0..len) into the target arg, bad lines to rep, *n_added the count. */
typedef enum result (*import_fn)(struct db *db, const struct actor *who, long long arg,
                                 const char *data, size_t len, long long *n_added,
                                 const struct import_report *rep);

struct page_import {
    const char *title_id;  /* the page title's message ID */
    const char *failed_id; /* the message above the list of bad lines */
    const char *back;      /* where the failure page links back to */
    const char *ok;        /* where success redirects */
    import_fn run;         /* the model's import */
    long long arg;         /* its target (a plan, a campaign...) */
    /* or an import that keeps what it made in ctx, for shown to write the page of it instead of
     * redirecting to ok */
    enum result (*run_ctx)(struct db *db, const struct actor *who, void *ctx, const char *data,
                           size_t len, long long *n_added, const struct import_report *rep);
    void (*shown)(struct req *r, void *ctx);
    void *ctx;
};

/* A link to the template workbook of the import kind (GET /templates/KIND/import.xlsx), for
 * its form. */
void import_template_link(struct req *r, const char *kind);

/* Imports the form's "file" part (400 when there is none) and answers. */
void page_import(struct req *r, const struct page_import *im);

#endif
