/*
 * The router: an ordered list of (methods, pattern, handler). Patterns are split into segments
 * once when added; matching walks the decoded path without allocating, except for captures,
 * which go to the request's arena. Also home to URL decoding and error answers.
 */
#include "http.h"
#include "../i18n/i18n.h"

#include <stdlib.h>
#include <string.h>


#define ROUTE_MAX_SEGS 8
/* the headers set on every answer (http_router_set_header) */
#define ROUTER_HEADERS_MAX 4

struct route {
    unsigned methods;
    const char *segs[ROUTE_MAX_SEGS]; /* literal, ":name" or "*" */
    size_t nsegs;
    char *pattern;
    http_handler_fn fn;
    void *ctx;
};

struct http_router {
    struct route *routes;
    size_t n, cap;
    http_handler_fn fallback;
    void *fallback_ctx;
    http_error_fn error;
    void *error_ctx;
    http_observe_fn observe;
    void *observe_ctx;
    http_handler_fn prepare;
    void *prepare_ctx;
    struct http_header headers[ROUTER_HEADERS_MAX];
    size_t nheaders;
};

enum cong_err http_router_new(struct http_router **out)
{
    *out = calloc(1, sizeof(**out));
    return *out ? CONG_OK : CONG_ENOMEM;
}

void http_router_free(struct http_router *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->routes[i].pattern);
    free(r->routes);
    free(r);
}

enum cong_err http_router_add(struct http_router *r, unsigned methods, const char *pattern,
                              http_handler_fn fn, void *ctx)
{
    struct route *rt, *grown;
    char *p;

    if (pattern[0] != '/')
        return CONG_EINVAL;
    if (r->n == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 16;
        grown = realloc(r->routes, ncap * sizeof(*grown));
        if (!grown)
            return CONG_ENOMEM;
        r->routes = grown;
        r->cap = ncap;
    }
    rt = &r->routes[r->n];
    memset(rt, 0, sizeof(*rt));
    rt->pattern = strdup(pattern + 1);
    if (!rt->pattern)
        return CONG_ENOMEM;
    /* "/" has no segments; "/a/:b/<star>" has three */
    for (p = rt->pattern; *p;) {
        if (rt->nsegs == ROUTE_MAX_SEGS) {
            free(rt->pattern);
            return CONG_EINVAL;
        }
        rt->segs[rt->nsegs++] = p;
        p = strchrnul(p, '/');
        if (*p)
            *p++ = '\0';
    }
    rt->methods = methods | ((methods & HTTP_GET) ? HTTP_HEAD : 0);
    rt->fn = fn;
    rt->ctx = ctx;
    r->n++;
    return CONG_OK;
}

void http_router_set_fallback(struct http_router *r, http_handler_fn fn, void *ctx)
{
    r->fallback = fn;
    r->fallback_ctx = ctx;
}

void http_router_set_error(struct http_router *r, http_error_fn fn, void *ctx)
{
    r->error = fn;
    r->error_ctx = ctx;
}

void http_router_set_prepare(struct http_router *r, http_handler_fn fn, void *ctx)
{
    r->prepare = fn;
    r->prepare_ctx = ctx;
}

void http_router_prepare(struct http_router *r, struct http_request *req,
                         struct http_response *res)
{
    if (r && r->prepare)
        r->prepare(req, res, r->prepare_ctx);
}

void http_router_set_observer(struct http_router *r, http_observe_fn fn, void *ctx)
{
    r->observe = fn;
    r->observe_ctx = ctx;
}

void http_router_observe(const struct http_router *r, const struct http_request *req, int status,
                         int64_t elapsed_us)
{
    if (r && r->observe)
        r->observe(req, status, elapsed_us, r->observe_ctx);
}

enum cong_err http_router_set_header(struct http_router *r, const char *name, const char *value)
{
    if (r->nheaders == ROUTER_HEADERS_MAX)
        return CONG_ENOMEM;
    r->headers[r->nheaders].name = name;
    r->headers[r->nheaders].value = value;
    r->nheaders++;
    return CONG_OK;
}

/* The router's own headers onto res, replacing a handler's of the same name. */
static void add_headers(const struct http_router *r, struct http_response *res)
{
    for (size_t i = 0; r && i < r->nheaders; i++)
        http_response_set_header(res, r->headers[i].name, r->headers[i].value);
}

void http_respond_error(struct http_router *r, struct http_request *req, struct http_response *res,
                        int status, const char *message)
{
    add_headers(r, res);
    buf_reset(&res->body);
    res->data = NULL;
    res->status = status;
    if (r && r->error) {
        r->error(req, res, status, message, r->error_ctx);
        if (res->status == status && !buf_error(&res->body))
            return;
        buf_reset(&res->body);
        res->status = status;
    }
    res->content_type = "text/plain; charset=utf-8";
    buf_puts(&res->body, message);
    buf_putc(&res->body, '\n');
}

/* Matches path (after its leading '/') against rt; captures go to req->params. */
static bool route_match(const struct route *rt, const char *path, struct http_request *req)
{
    const char *p = path, *end;
    size_t i, len;

    req->nparams = 0;
    for (i = 0; i < rt->nsegs; i++) {
        const char *seg = rt->segs[i];
        if (!strcmp(seg, "*") && i == rt->nsegs - 1) {
            if (req->nparams < 4)
                req->params[req->nparams++] = arena_strdup(req->arena, p);
            return true;
        }
        end = strchrnul(p, '/');
        len = (size_t)(end - p);
        if (seg[0] == ':') {
            if (len == 0)
                return false;
            if (req->nparams < 4)
                req->params[req->nparams++] = arena_strndup(req->arena, p, len);
        } else if (strlen(seg) != len || memcmp(seg, p, len) != 0) {
            return false;
        }
        p = *end ? end + 1 : end;
        if (!*end && i + 1 < rt->nsegs)
            return false;
    }
    return *p == '\0';
}

/* Answers req through its route, the fallback or an error. */
static void route(struct http_router *r, struct http_request *req, struct http_response *res)
{
    bool path_matched = false;

    res->status = 200;
    for (size_t i = 0; i < r->n; i++) {
        const struct route *rt = &r->routes[i];
        if (!route_match(rt, req->path + 1, req))
            continue;
        if (!(rt->methods & req->method)) {
            path_matched = true;
            continue;
        }
        rt->fn(req, res, rt->ctx);
        return;
    }
    req->nparams = 0;
    if (path_matched) {
        http_respond_error(r, req, res, 405, _("Phương thức không được phép cho địa chỉ này."));
        return;
    }
    if (r->fallback) {
        r->fallback(req, res, r->fallback_ctx);
        return;
    }
    http_respond_error(r, req, res, 404, _("Không tìm thấy trang."));
}

void http_router_dispatch(struct http_router *r, struct http_request *req,
                          struct http_response *res)
{
    http_router_prepare(r, req, res);
    route(r, req, res);
    add_headers(r, res);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

enum cong_err http_url_decode(const char *s, size_t n, bool plus_space, struct buf *out)
{
    size_t start = out->len, i;
    int hi, lo;
    char c;

    for (i = 0; i < n; i++) {
        c = s[i];
        if (c == '%') {
            if (i + 2 >= n)
                return CONG_EINVAL;
            hi = hexval(s[i + 1]);
            lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return CONG_EINVAL;
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if (c == '\0')
            return CONG_EINVAL;
        buf_putc(out, c);
    }
    if (buf_error(out))
        return CONG_ENOMEM;
    return text_is_utf8(out->data + start, out->len - start) ? CONG_OK : CONG_EINVAL;
}
