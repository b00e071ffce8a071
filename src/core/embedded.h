/*
 * Files compiled into the binary by tools/embed.c: the schema migrations and the static web
 * assets (core layer; the generated table lives in build/gen/embedded.c).
 */
#ifndef TZ_EMBEDDED_H
#define TZ_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name;          /* path below src/, e.g. "db/schema/0001-base.sql" */
    const unsigned char *data; /* contents, NUL-terminated */
    size_t len;                /* bytes, without the NUL */
};

extern const struct embedded_file embedded_files[]; /* sorted by name */
extern const size_t n_embedded_files;

/* Returns the file with that name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
