/*
 * The pieces every page is built of (web layer): URLs whose query values are percent-encoded,
 * forms that carry their CSRF token, selects, submit buttons, table heads, the pager and the
 * notice after a redirect. Each writes into r->out, escaped; no mechanism knowledge.
 */
#ifndef TZ_FORM_H
#define TZ_FORM_H

#include "http/http.h"

/* A URL being built: a path, then name=value pairs with each value percent-encoded. Print the
 * finished text with html_printf's %s, which escapes it for the attribute (& as &amp;); an href
 * or src never takes request text any other way (tools/check.sh). */
struct url {
    struct req *r; /* whose arena holds the text */
    struct buf b;  /* the text so far */
    int n_params;  /* pairs added, for '?' or '&' */
};

/* Starts a URL at path, which is trusted (a literal, or built from ids); %lld and %s as in
 * printf, %s values percent-encoded as one path segment. */
void url_begin(struct url *u, struct req *r, const char *path_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Adds name=value, value percent-encoded; nothing when value is NULL or empty. */
void url_param(struct url *u, const char *name, const char *value);
/* Adds name=v in decimal. */
void url_int(struct url *u, const char *name, long long v);
/* The URL (arena memory); u is released. */
const char *url_end(struct url *u);
/* "http://host" of the request (https behind a proxy that says so), for links that leave the
 * page: a QR code on paper, a slip. Arena memory. */
const char *url_base(struct req *r);

enum form_flags {
    FORM_GET = 1 << 0,    /* a search or filter form: method get, no token */
    FORM_UPLOAD = 1 << 1, /* multipart, for file inputs */
};

/* Opens <form> posting to action (a URL: escaped here) with the CSRF token, or a get form
 * with FORM_GET; cls is its class ("stack", "inline", "filters") or NULL. */
void form_begin(struct req *r, const char *action, const char *cls, unsigned flags);
/* A form field's value, or "". */
const char *form_or(struct req *r, const char *name);
/* The positive id in form field name into *id, 0 when the field is absent or empty. Returns 0,
 * or -1 after answering 400 naming it. */
int form_optional_id(struct req *r, const char *name, long long *id);
/* The required file field "file" of an import form, labelled by message ID label: a table as
 * the imports read it (CSV, XLSX or XLS; core/table.h). */
void form_file(struct req *r, const char *label);
/* The submit button labelled by message ID label, primary when primary is set, and </form>. */
void form_submit(struct req *r, const char *label, int primary);
/* A hidden input carrying the request's CSRF token, for a form opened by hand. */
void form_csrf(struct req *r);
/* The error beside the field name, when err is about it. */
void form_field_error(struct req *r, const char *name, const struct err *err);
/* <option value="value">text</option>, selected when value equals current. */
void form_option(struct req *r, const char *value, const char *text, const char *current);

/* Opens a scrolling table with a head: one cell per message ID in cols; an ID starting with
 * '#' heads a number column (right-aligned). Close it with table_end(). */
void table_head(struct req *r, const char *const *cols, size_t n_cols);
/* table_head for a list whose rows become cards on a phone (below 600 px: no header, each row a
 * box, its first cell and the second, the title, on lines of their own, the rest after them). */
void table_cards(struct req *r, const char *const *cols, size_t n_cols);
/* Closes the body, the table and its scroll box. */
void table_end(struct req *r);

/* The pager under a list: the count of items, previous and next links to url (built without
 * its page) with page=N, and "page / pages". Nothing but the count when one page holds all. */
void form_pager(struct req *r, const char *url, long long page, long long per_page,
                long long total);

/* A notice at the top of a page after a redirect, from ?ok=ID when ID is one of the notices
 * (the write's outcome, never a message a link could forge). */
void page_notice(struct req *r);

#endif
