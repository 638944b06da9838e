/*
 * What the libFuzzer targets in fuzz/ share: a NUL-terminated copy of the input and a way
 * to split it in two at the first NUL byte. Each target feeds one parser (a public header's
 * function) the input as a request, an upload or an author would, and checks that it neither
 * crashes nor reads out of bounds (the sanitizers); no target touches a database or a socket.
 */
#ifndef CONG_FUZZ_H
#define CONG_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A malloc'd copy of data[0..size) with a NUL after it (inputs are not terminated), or NULL. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* The length of the part of s[0..n) before its first NUL (n if none). */
static inline size_t fuzz_first_part(const char *s, size_t n)
{
    const char *z = memchr(s, '\0', n);

    return z ? (size_t)(z - s) : n;
}

#endif
