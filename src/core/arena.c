/*
 * The per-request arena: many small allocations released at once when the response is done.
 * Nothing allocated here may outlive the arena or be stored in a shared cache.
 */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK_MIN 8192
#define ARENA_ALIGN 16

struct arena_chunk {
    struct arena_chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a, size_t max_bytes)
{
    a->head = NULL;
    a->used = 0;
    a->max_bytes = max_bytes ? max_bytes : ((size_t)256 << 20);
}

void arena_release(struct arena *a)
{
    struct arena_chunk *c = a->head, *next;

    while (c) {
        next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->used = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
    struct arena_chunk *c = a->head;
    size_t size;
    void *p;

    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (n == 0)
        n = ARENA_ALIGN;
    if (n > a->max_bytes - a->used)
        return NULL;
    if (!c || c->size - c->used < n) {
        size = n > ARENA_CHUNK_MIN ? n : ARENA_CHUNK_MIN;
        if (c && c->size * 2 > size && c->size < (1u << 20))
            size = c->size * 2;
        c = malloc(sizeof(*c) + size);
        if (!c)
            return NULL;
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    p = c->data + c->used;
    c->used += n;
    a->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p;

    if (n == SIZE_MAX)
        return NULL;
    p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap, cp;
    int n;
    char *p;

    va_start(ap, fmt);
    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) {
        va_end(ap);
        return NULL;
    }
    p = arena_alloc(a, (size_t)n + 1);
    if (p && vsnprintf(p, (size_t)n + 1, fmt, ap) != n)
        p = NULL;
    va_end(ap);
    return p;
}
