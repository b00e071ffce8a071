/*
 * Allocation wrappers: the only place that calls malloc. Out of memory is fatal everywhere,
 * with the size and the caller's file:line (core layer; depends on libc only).
 */
#ifndef TZ_XALLOC_H
#define TZ_XALLOC_H

#include <stddef.h>

/* Each returns memory to free with free(); none returns NULL. */
#define xmalloc(n) xmalloc_at((n), __FILE__, __LINE__)
#define xcalloc(n, size) xcalloc_at((n), (size), __FILE__, __LINE__)
#define xrealloc(p, n) xrealloc_at((p), (n), __FILE__, __LINE__)
#define xstrdup(s) xstrndup_at((s), (size_t)-1, __FILE__, __LINE__)
#define xstrndup(s, n) xstrndup_at((s), (n), __FILE__, __LINE__)

void *xmalloc_at(size_t n, const char *file, int line);
void *xcalloc_at(size_t n, size_t size, const char *file, int line);
void *xrealloc_at(void *p, size_t n, const char *file, int line);
char *xstrndup_at(const char *s, size_t max, const char *file, int line);

/* The one growable array: makes room in items (n of them used, *cap allocated) for one more,
 * doubling *cap (from 16) when n has reached it. Returns the array, perhaps moved; free() it.
 * Use: rows = vec_grow(rows, n, &cap); rows[n++] = row; */
#define vec_grow(items, n, cap) \
    vec_grow_at((items), (size_t)(n), (cap), sizeof(*(items)), __FILE__, __LINE__)
void *vec_grow_at(void *items, size_t n, size_t *cap, size_t size, const char *file, int line);

/* Prints "fatal: MSG" with file:line to stderr and aborts. */
_Noreturn void fatal_at(const char *file, int line, const char *msg);
#define BUG(msg) fatal_at(__FILE__, __LINE__, "BUG: " msg)

#endif
