/*
 * Fuzzes URL decoding and routing: the input is percent-decoded both ways (with and without
 * '+' as space); a decoded path that starts with '/' is dispatched, with each method, through
 * a router holding the kinds of route the portal has (literals, ":name" captures, a final
 * "*"), plus the input's first line as a pattern of its own when the router takes it.
 */
#include "fuzz.h"

#include "http/http.h"

static void handle(struct http_request *req, struct http_response *res, void *ctx)
{
    (void)ctx;
    res->status = 200;
    for (size_t i = 0; i < req->nparams; i++)
        buf_puts(&res->body, req->params[i]);
}

static const char *const patterns[] = {
    "/",
    "/chuyen-muc/:slug",
    "/chuyen-muc/:slug/rss.xml",
    "/bai-viet/:id",
    "/:a/:b/:c/:d",
    "/trang/:slug/*",
    "/static/*",
    "/quan-tri/bai-viet/:id/sua",
    "/api/v1/articles/:id",
};

static void route(struct http_router *r, struct arena *a, const char *path)
{
    static const enum http_method methods[] = {HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_DELETE};

    for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
        struct http_request req = {
            .method = methods[m], .path = path, .raw_path = path, .raw_query = "", .arena = a};
        struct http_response res = {0};

        buf_init(&res.body, 0);
        http_router_dispatch(r, &req, &res);
        buf_release(&res.body);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct http_router *r = NULL;
    struct arena a;
    struct buf path, plus;
    char *pattern = NULL;
    const char *nl = memchr(s, '\n', size);

    arena_init(&a, 1 << 20);
    buf_init(&path, 1 << 20);
    buf_init(&plus, 1 << 20);
    http_url_decode(s, size, true, &plus);
    if (http_router_new(&r) != CONG_OK)
        goto out;
    for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
        http_router_add(r, HTTP_GET | HTTP_POST, patterns[i], handle, NULL);
    if (nl && (pattern = fuzz_strndup(data, (size_t)(nl - s))))
        http_router_add(r, HTTP_GET, pattern, handle, NULL);
    http_router_set_fallback(r, handle, NULL);
    if (http_url_decode(s, size, false, &path) == CONG_OK && !path.failed && path.data[0] == '/')
        route(r, &a, path.data);
out:
    free(pattern);
    http_router_free(r);
    buf_release(&plus);
    buf_release(&path);
    arena_release(&a);
    return 0;
}
