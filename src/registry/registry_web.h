/*
 * HTML and JSON handlers of the registries (handler layer), and what every registry's pages
 * share (registry_page.c): the list's filter and its form, the links under a list, and create
 * forms that keep what was typed and show the error beside its field.
 */
#ifndef TZ_REGISTRY_WEB_H
#define TZ_REGISTRY_WEB_H

#include "attachment/attachment.h"
#include "http/http.h"
#include "http/param.h"
#include "registry/registry.h"

void registry_stats_api(struct req *r);
void registry_units_api(struct req *r);
void registry_stats_page(struct req *r);

/* Most rows one list answers (API limit, export rows are listed in pages of it). */
enum { REGISTRY_LIST_MAX = 500, REGISTRY_PAGE = 50 };

/* The values of a registry's kind (NULL-terminated), shown as the messages "prefix.value". */
struct registry_kinds {
    const char *label;               /* message ID of the field's label */
    const char *prefix;              /* message prefix of the values */
    const char *const *values;       /* the values, NULL-terminated */
};

/* Reads the filter (unit, subtree, from, to, kind) and paging from the query: on an API route
 * limit and offset (per_page by default), on a page page=N with per_page rows and the actor's
 * own unit when none is given. Returns 1, or 0 after answering 400. */
int registry_query(struct req *r, struct registry_filter *f, long long per_page,
                   struct paging *p);
/* The filter form of the list page at path, one segment ("/rules"); k (NULL for none) the
 * kind's select, levels (NULL for none) the level's. */
void registry_filter_form(struct req *r, const char *path, const struct registry_filter *f,
                          const struct registry_kinds *k, const struct registry_kinds *levels);
/* Under the list page at path ("/rules"): the pager, the XLSX and CSV export links of the same
 * filter (path/export.xlsx, path/export.csv), and for writers a link to path/new and the CSV
 * upload form posting to path/import. */
void registry_list_end(struct req *r, const char *path, const struct registry_filter *f,
                       const struct paging *p, long long total);
/* The same, the pager and export links keeping a registry's own parameters too: extra holds
 * name, value pairs, NULL-terminated (e.g. { "action", "revised", NULL }). */
void registry_list_links(struct req *r, const char *path, const struct registry_filter *f,
                         const char *const *extra, const struct paging *p, long long total);

enum registry_input {
    REGISTRY_TEXT,
    REGISTRY_DATE,
    REGISTRY_NUMBER,
    REGISTRY_URL,
    REGISTRY_TEXTAREA,
    REGISTRY_SELECT,
    REGISTRY_CHECK,
    REGISTRY_FILE, /* a file (the form posts multipart; its route is RF_UPLOAD) */
};

/* One field of a create form. */
struct registry_field {
    const char *name;                   /* the form field's name, as the model's err names it */
    const char *label;                  /* message ID of its label */
    enum registry_input input;          /* how it is typed */
    const struct registry_kinds *kinds; /* a select's values */
    int required;                       /* 1: the browser asks for it too */
    const char *value;                  /* shown when nothing was posted, or NULL */
};

/* A create form posting to action: each field shows what was posted, if anything (a failed
 * post shows the form again as it was typed), and err's message beside the field it names. */
void registry_form(struct req *r, const char *action, const struct registry_field *fields,
                   size_t n, const struct err *err);
/* The file posted as field name, if one was chosen: 1 with *out pointing into the request. */
int registry_form_file(struct req *r, const char *name, struct attachment_input *out);
/* After a create post's write: 0 when res is RES_OK; else answers and returns 1 — bad input
 * naming a field shows page(r, err) again with status 400, anything else the error page. */
int registry_form_failed(struct req *r, enum result res, const struct err *err,
                         void (*page)(struct req *r, const struct err *err));

#endif
