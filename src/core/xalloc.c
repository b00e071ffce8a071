/* Allocation wrappers; see xalloc.h. Core layer. */
#include "core/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void fatal_at(const char *file, int line, const char *msg)
{
    fprintf(stderr, "fatal: %s (%s:%d)\n", msg, file, line);
    abort();
}

static _Noreturn void oom(size_t n, const char *file, int line)
{
    fprintf(stderr, "fatal: out of memory allocating %zu bytes (%s:%d)\n", n, file, line);
    abort();
}

void *xmalloc_at(size_t n, const char *file, int line)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n, file, line);
    return p;
}

void *xcalloc_at(size_t n, size_t size, const char *file, int line)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size, file, line);
    return p;
}

void *xrealloc_at(void *p, size_t n, const char *file, int line)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n, file, line);
    return q;
}

char *xstrndup_at(const char *s, size_t max, const char *file, int line)
{
    size_t n = strnlen(s, max);
    char *p = xmalloc_at(n + 1, file, line);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *vec_grow_at(void *items, size_t n, size_t *cap, size_t size, const char *file, int line)
{
    if (n < *cap)
        return items;
    size_t want = *cap ? *cap * 2 : 16;
    if (want < *cap || want > SIZE_MAX / size)
        fatal_at(file, line, "array too large");
    *cap = want;
    return xrealloc_at(items, want * size, file, line);
}
