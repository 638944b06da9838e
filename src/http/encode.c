/*
 * Content codings: what a request's Accept-Encoding allows, and gzip and brotli of a body.
 * The render cache (src/web/cache.c) compresses pages with them, the static assets
 * (static.c) the theme's text files.
 */
#include "http.h"

#include <brotli/encode.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

bool http_accepts_encoding(struct http_request *req, const char *coding)
{
    const char *h = http_request_header(req, "Accept-Encoding"), *p;
    size_t n = strlen(coding);

    for (p = h; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = p + strcspn(p, ",");
        if ((size_t)(end - p) >= n && !strncasecmp(p, coding, n) &&
            (p[n] == ',' || p[n] == ';' || p[n] == ' ' || p[n] == '\0')) {
            const char *q = memchr(p, ';', (size_t)(end - p));
            /* "q=0", "q=0.0", "q=0.000": refused */
            if (q && (q = strstr(q, "q=")) && q < end && q[2] == '0' &&
                strspn(q + 3, ".0") == (size_t)(end - q - 3))
                return false;
            return true;
        }
        p = end;
    }
    return false;
}

bool http_gzip(const void *s, size_t n, int level, unsigned char **out, size_t *len)
{
    z_stream z = {0};
    uLong cap = compressBound(n) + 32;
    unsigned char *o = malloc(cap);
    bool ok;

    *out = NULL;
    *len = 0;
    if (!o || deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(o);
        return false;
    }
    z.next_in = (Bytef *)s;
    z.avail_in = (uInt)n;
    z.next_out = o;
    z.avail_out = (uInt)cap;
    ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
    *len = z.total_out;
    deflateEnd(&z);
    if (!ok) {
        free(o);
        *len = 0;
        return false;
    }
    *out = o;
    return true;
}

bool http_brotli(const void *s, size_t n, int quality, unsigned char **out, size_t *len)
{
    size_t cap = BrotliEncoderMaxCompressedSize(n);
    unsigned char *o = cap ? malloc(cap) : NULL;

    *out = NULL;
    *len = cap;
    if (!o || !BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, n,
                                     (const uint8_t *)s, len, o)) {
        free(o);
        *len = 0;
        return false;
    }
    *out = o;
    return true;
}
