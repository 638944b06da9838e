/*
 * Conditional GET (RFC 9110 §13): the validators of an answer (a strong ETag, Last-Modified)
 * and the one decision, for every handler that has them (theme assets, media, feeds, sitemaps),
 * whether the client's copy is current and the answer is 304 Not Modified with no body. It
 * decides nothing about caching itself: Cache-Control stays the handler's.
 */
#include "http.h"

#include <sodium.h>
#include <string.h>

/* OWS and the commas between list members. */
static const char *skip_separators(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
    return p;
}

bool http_etag_matches(const char *if_none_match, const char *etag)
{
    const char *p = if_none_match, *end;
    size_t want;

    if (!p || !etag || etag[0] != '"')
        return false;
    want = strlen(etag);
    for (p = skip_separators(p); *p; p = skip_separators(end + 1)) {
        if (*p == '*')
            return true;
        /* the weak comparison: W/"x" matches "x" */
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        if (*p != '"')
            return false; /* not a list of entity tags: nothing in it matches */
        end = strchr(p + 1, '"');
        if (!end)
            return false;
        if ((size_t)(end + 1 - p) == want && !memcmp(p, etag, want))
            return true;
    }
    return false;
}

const char *http_etag_of(struct arena *a, const void *data, size_t len)
{
    unsigned char h[16];
    char hex[2 * sizeof(h) + 1];

    crypto_generichash(h, sizeof(h), data, len, NULL, 0);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    return arena_printf(a, "\"%s\"", hex);
}

/* The client's copy is current as of since: is it as new as last_modified? */
static bool not_modified_since(const char *since, int64_t last_modified)
{
    int64_t t;

    return since && last_modified > 0 && time_parse_http_date(since, &t) == CONG_OK &&
           last_modified <= t;
}

bool http_conditional(struct http_request *req, struct http_response *res, const char *etag,
                      int64_t last_modified)
{
    const char *inm, *lm = NULL;
    struct buf b;

    if (etag)
        http_response_set_header(res, "ETag", etag);
    if (last_modified > 0) {
        buf_init(&b, 64);
        time_add_http_date(&b, last_modified);
        if (!buf_error(&b))
            lm = arena_strndup(req->arena, b.data, b.len);
        buf_release(&b);
        if (lm)
            http_response_set_header(res, "Last-Modified", lm);
    }
    if (req->method != HTTP_GET && req->method != HTTP_HEAD)
        return false;
    /* RFC 9110 §13.2.2: If-Modified-Since counts only when there is no If-None-Match */
    inm = http_request_header(req, "If-None-Match");
    if (inm ? !http_etag_matches(inm, etag)
            : !not_modified_since(http_request_header(req, "If-Modified-Since"), last_modified))
        return false;
    res->status = 304;
    res->content_type = NULL;
    buf_reset(&res->body);
    res->data = "";
    res->data_len = 0;
    return true;
}
