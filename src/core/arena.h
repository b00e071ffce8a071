/*
 * Per-request memory (core layer): many small allocations freed together at the end of the
 * request, so handlers need no individual free().
 */
#ifndef TZ_ARENA_H
#define TZ_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head; /* newest block first */
};

void arena_init(struct arena *a);
/* Frees every allocation made from the arena. */
void arena_release(struct arena *a);
/* Returns zeroed memory, 16-byte aligned, that lives until arena_release. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in decimal (what arena_int(a, v) gives, without its cost: lists show many). */
char *arena_int(struct arena *a, long long v);

#endif
