/*
 * The HTTP server: libmicrohttpd in its own thread pool with epoll. It turns each request into
 * a struct http_request (strictly decoded: a malformed escape or bad UTF-8 is a 400 before any
 * handler runs), gives it to the router, and sends the struct http_response the handler filled.
 * It owns limits (head size, body size, timeouts, connections per address and in all), the
 * refusal of ambiguous framing (RFC 9112 §6), the access log, the default security headers and
 * graceful shutdown. Handlers never see libmicrohttpd.
 *
 * Connections: each open one has a struct conn_slot; while no request is in flight on it, it
 * sits in an idle list, longest-idle first. Past three quarters of the limit, connections get
 * a short idle timeout; past the limit less a reserve, each new connection shuts down the
 * longest-idle one, so a newcomer finds a slot even when keep-alive connections from many
 * addresses would fill them all.
 */
#include "http.h"
#include "../i18n/i18n.h"

#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* The default limit of open connections, and file descriptors kept for everything else. */
#define HTTP_MAX_CONNECTIONS 4096u
#define HTTP_FD_SPARE        256u
/* The idle timeout, in seconds, of connections while the server is busy (at most timeout_s). */
#define HTTP_BUSY_TIMEOUT_S 3u

/*
 * One open connection, from libmicrohttpd's accept to its close (its socket context). The
 * fields below conn and fd are guarded by the server's conn_lock, except short_timeout, which
 * only the connection's own thread touches.
 */
struct conn_slot {
    struct conn_slot *prev, *next; /* in the idle list */
    struct MHD_Connection *conn;
    int fd;
    bool idle;          /* in the idle list: no request in flight */
    bool evicted;       /* shut down to make room; its close is pending */
    bool short_timeout; /* has HTTP_BUSY_TIMEOUT_S rather than timeout_s */
};

struct http_server {
    struct MHD_Daemon *daemon;
    struct http_router *router;
    struct http_server_config cfg;
    atomic_long inflight;
    atomic_bool closing; /* set once the last request in flight is done */
    unsigned port;
    /* conn_lock guards the connection counts and the idle list */
    pthread_mutex_t conn_lock;
    struct conn_slot *idle_head, *idle_tail; /* longest idle first */
    unsigned nconn;                          /* open connections with a slot */
    unsigned nevicting;                      /* of them, shut down and not closed yet */
    unsigned busy_mark;  /* above this many, connections get the short timeout */
    unsigned evict_mark; /* above this many, the longest-idle connections are shut */
    unsigned busy_timeout_s;
    bool evict_logged; /* the eviction warning was logged since the last calm */
};

enum req_state { REQ_NEW, REQ_BODY, REQ_DONE };

struct req_ctx {
    struct arena arena;
    struct http_request req;
    struct http_response res;
    struct buf body;
    const char *raw_uri;
    const char *version;
    enum req_state state;
    bool body_too_big;
    int status;
    size_t bytes;
};

static int64_t mono_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void http_response_header(struct http_response *res, const char *name, const char *value)
{
    if (res->nheaders >= sizeof(res->headers) / sizeof(res->headers[0])) {
        log_error("too many response headers: '%s' dropped", name);
        return;
    }
    res->headers[res->nheaders].name = name;
    res->headers[res->nheaders].value = value;
    res->nheaders++;
}

void http_response_redirect(struct http_request *req, struct http_response *res, int status,
                            const char *location)
{
    const char *loc = arena_strdup(req->arena, location);

    res->status = status;
    res->content_type = "text/plain; charset=utf-8";
    buf_reset(&res->body);
    if (loc)
        http_response_header(res, "Location", loc);
}

const char *http_request_header(const struct http_request *req, const char *name)
{
    return req->conn ? MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name) : NULL;
}

const char *http_request_query(const struct http_request *req, const char *name)
{
    for (size_t i = 0; i < req->nquery; i++) {
        if (!strcmp(req->query[i].name, name))
            return req->query[i].value;
    }
    return NULL;
}

static const char *method_names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

static enum http_method parse_method(const char *m)
{
    for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++) {
        if (!strcmp(m, method_names[i]))
            return (enum http_method)(1u << i);
    }
    return 0;
}

/* libmicrohttpd would decode the URL itself, leniently; we keep it raw and decode strictly. */
static size_t keep_raw(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    size_t n;

    (void)cls;
    if (vsnprintf(line, sizeof(line), fmt, ap) < 0)
        return;
    n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    log_warn("http: %s", line);
}

/* Appends c to the idle list (the caller holds conn_lock). */
static void idle_push(struct http_server *s, struct conn_slot *c)
{
    c->prev = s->idle_tail;
    c->next = NULL;
    if (s->idle_tail)
        s->idle_tail->next = c;
    else
        s->idle_head = c;
    s->idle_tail = c;
    c->idle = true;
}

/* Takes c out of the idle list if it is there (the caller holds conn_lock). */
static void idle_unlink(struct http_server *s, struct conn_slot *c)
{
    if (!c->idle)
        return;
    if (c->prev)
        c->prev->next = c->next;
    else
        s->idle_head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        s->idle_tail = c->prev;
    c->prev = c->next = NULL;
    c->idle = false;
}

/*
 * Makes room for newcomers (the caller holds conn_lock): while more connections are open
 * than evict_mark, not counting those already shut down, shuts down the longest-idle one
 * other than self. shutdown() rather than close(): the socket stays libmicrohttpd's, whose
 * thread sees the end of the stream, closes it and tells on_connection, which takes the
 * lock first, so an fd in the list is never one already closed and reused. Idle means no
 * request in flight, so no answer is ever cut. Returns how many were shut down.
 */
static unsigned evict_idle(struct http_server *s, const struct conn_slot *self)
{
    struct conn_slot *v;
    unsigned n = 0;

    while (s->nconn - s->nevicting > s->evict_mark && s->idle_head && s->idle_head != self) {
        v = s->idle_head;
        idle_unlink(s, v);
        v->evicted = true;
        s->nevicting++;
        if (v->fd >= 0)
            shutdown(v->fd, SHUT_RDWR);
        n++;
    }
    return n;
}

/* Gives c the short idle timeout or the normal one; only from c's own thread. */
static void conn_set_timeout(const struct http_server *s, struct conn_slot *c, bool busy)
{
    if (c->short_timeout == busy)
        return;
    MHD_set_connection_option(c->conn, MHD_CONNECTION_OPTION_TIMEOUT,
                              busy ? s->busy_timeout_s : s->cfg.timeout_s);
    c->short_timeout = busy;
}

static struct conn_slot *conn_slot_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci ? ci->socket_context : NULL;
}

/* A connection opened or closed: counts it, keeps the idle list and makes room when full. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *s = cls;
    struct conn_slot *c = *socket_context;
    const union MHD_ConnectionInfo *ci;
    unsigned evicted = 0, open = 0;
    bool busy = false, log_it = false;

    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        if (!c)
            return;
        pthread_mutex_lock(&s->conn_lock);
        idle_unlink(s, c);
        if (c->evicted)
            s->nevicting--;
        s->nconn--;
        if (s->nconn < s->busy_mark)
            s->evict_logged = false;
        pthread_mutex_unlock(&s->conn_lock);
        free(c);
        *socket_context = NULL;
        return;
    }
    /* without a slot the connection is served, just never counted nor evicted */
    c = calloc(1, sizeof(*c));
    if (!c)
        return;
    c->conn = conn;
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    c->fd = ci ? ci->connect_fd : -1;
    pthread_mutex_lock(&s->conn_lock);
    s->nconn++;
    idle_push(s, c);
    evicted = evict_idle(s, c);
    busy = s->nconn > s->busy_mark;
    if (evicted && !s->evict_logged) {
        s->evict_logged = log_it = true;
        open = s->nconn;
    }
    pthread_mutex_unlock(&s->conn_lock);
    *socket_context = c;
    conn_set_timeout(s, c, busy);
    if (log_it)
        log_warn("http: %u connections open (limit %u): closing the longest-idle ones", open,
                 s->cfg.max_connections);
}

/* A request starts on conn: it is no longer idle. */
static void conn_mark_busy(struct http_server *s, struct MHD_Connection *conn)
{
    struct conn_slot *c = conn_slot_of(conn);

    if (!c)
        return;
    pthread_mutex_lock(&s->conn_lock);
    idle_unlink(s, c);
    pthread_mutex_unlock(&s->conn_lock);
}

/* A request on conn is done: it waits idle for the next, with the short timeout if busy. */
static void conn_mark_idle(struct http_server *s, struct MHD_Connection *conn)
{
    struct conn_slot *c = conn_slot_of(conn);
    bool busy;

    if (!c)
        return;
    pthread_mutex_lock(&s->conn_lock);
    if (!c->evicted && !c->idle)
        idle_push(s, c);
    busy = s->nconn > s->busy_mark;
    pthread_mutex_unlock(&s->conn_lock);
    conn_set_timeout(s, c, busy);
}

/* Called once per request, before its head is parsed: the request's life starts here. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct http_server *s = cls;
    struct req_ctx *ctx = calloc(1, sizeof(*ctx));

    conn_mark_busy(s, conn);
    if (!ctx)
        return NULL;
    arena_init(&ctx->arena, 0);
    buf_init(&ctx->body, s->cfg.max_body_bytes);
    buf_init(&ctx->res.body, 0);
    ctx->raw_uri = arena_strdup(&ctx->arena, uri);
    ctx->req.arena = &ctx->arena;
    ctx->req.start_us = mono_us();
    atomic_fetch_add(&s->inflight, 1);
    return ctx;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *s = cls;
    struct req_ctx *ctx = *con_cls;
    const char *ua;
    int64_t elapsed_us;

    /* any other ending closes the connection: it is not waiting for another request */
    if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        conn_mark_idle(s, conn);
    if (!ctx)
        return;
    elapsed_us = mono_us() - ctx->req.start_us;
    /* an answer went out (a request dropped before one did is no answer to count) */
    if (ctx->status)
        http_router_observe(s->router, &ctx->req, ctx->status, elapsed_us);
    if (s->cfg.access_log && ctx->status) {
        ua = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT);
        /* one printf call per line, so lines from different threads never interleave */
        printf("%s \"%s %s %s\" %d %zu %.1fms \"%s\"%s\n",
               ctx->req.remote_addr ? ctx->req.remote_addr : "-",
               ctx->req.method_name ? ctx->req.method_name : "-",
               ctx->raw_uri ? ctx->raw_uri : "-", ctx->version ? ctx->version : "-",
               ctx->status, ctx->bytes, (double)elapsed_us / 1000.0,
               ua ? ua : "-", toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
        fflush(stdout);
    }
    buf_release(&ctx->body);
    buf_release(&ctx->res.body);
    arena_release(&ctx->arena);
    free(ctx);
    *con_cls = NULL;
    atomic_fetch_sub(&s->inflight, 1);
}

static const struct http_header default_headers[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "DENY"},
    /* frames: the one video host the sanitizer lets into a body (render_sanitize_html) */
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     "frame-src https://www.youtube-nocookie.com; "
     "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
};

static bool has_header(const struct http_response *res, const char *name)
{
    for (size_t i = 0; i < res->nheaders; i++) {
        if (!strcasecmp(res->headers[i].name, name))
            return true;
    }
    return false;
}

/* A header's value in res, or NULL. */
static const char *header_of(const struct http_response *res, const char *name)
{
    for (size_t i = 0; i < res->nheaders; i++) {
        if (!strcasecmp(res->headers[i].name, name))
            return res->headers[i].value;
    }
    return NULL;
}

/*
 * An HTML page that its handler left in plain text (a page the render cache does not keep:
 * documents, forms, admin pages) goes in brotli, else gzip, when the request accepts one: on
 * a phone's first visit its bytes are most of the page's weight. The cache's pages and the
 * static files come encoded already, and other types are left as they are.
 */
static void encode_page(struct http_request *req, struct http_response *res)
{
    unsigned char *z = NULL;
    size_t n = 0;
    const char *coding = NULL, *vary;

    /* room for Vary and Content-Encoding: a coding the answer could not name would garble it */
    if (res->data || !res->content_type || strncmp(res->content_type, "text/html", 9) ||
        res->body.len < 1024 || buf_error(&res->body) || header_of(res, "Content-Encoding") ||
        res->nheaders + 2 > sizeof(res->headers) / sizeof(res->headers[0]))
        return;
    vary = header_of(res, "Vary");
    if (!vary)
        http_response_header(res, "Vary", "Accept-Encoding");
    else if (!strcasestr(vary, "Accept-Encoding"))
        http_response_set_header(res, "Vary", arena_printf(req->arena, "%s, Accept-Encoding",
                                                              vary));
    /* quality 5, as the render cache: most of brotli's gain for little of its time */
    if (http_accepts_encoding(req, "br") && http_brotli(res->body.data, res->body.len, 5, &z, &n))
        coding = "br";
    else if (http_accepts_encoding(req, "gzip") &&
             http_gzip(res->body.data, res->body.len, 6, &z, &n))
        coding = "gzip";
    if (coding && n < res->body.len) {
        buf_reset(&res->body);
        buf_add(&res->body, z, n);
        http_response_header(res, "Content-Encoding", coding);
    }
    free(z);
}

/* A refusal found before the request reaches the router: the prepare step first sets the
   request's language (until then the thread's is its last request's), then msgid speaks it. */
static void respond_early(struct http_server *s, struct req_ctx *ctx, int status,
                          const char *msgid)
{
    /* a target that could not be read stands for the root: the error page links from there */
    if (!ctx->req.raw_path || !ctx->req.raw_query) {
        ctx->req.raw_path = "/";
        ctx->req.raw_query = "";
        ctx->req.nquery = 0;
    }
    http_router_prepare(s->router, &ctx->req, &ctx->res);
    http_respond_error(s->router, &ctx->req, &ctx->res, status, _(msgid));
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct req_ctx *ctx)
{
    struct http_response *res = &ctx->res;
    struct MHD_Response *r;
    enum MHD_Result ret;
    size_t len;
    char *p;

    if (res->data) {
        /* the bytes live in the request's arena, released only after the response is sent */
        r = MHD_create_response_from_buffer(res->data_len, (void *)res->data,
                                            MHD_RESPMEM_PERSISTENT);
        len = res->data_len;
    } else {
        if (buf_error(&res->body)) {
            buf_reset(&res->body);
            res->status = 503;
            res->content_type = "text/plain; charset=utf-8";
            buf_puts(&res->body, _("Máy chủ đang quá tải, xin thử lại sau.\n"));
        }
        p = buf_detach(&res->body, &len);
        if (!p)
            return MHD_NO;
        r = MHD_create_response_from_buffer_with_free_callback(len, p, free);
        if (!r)
            free(p);
    }
    if (!r)
        return MHD_NO;
    if (res->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    for (size_t i = 0; i < res->nheaders; i++)
        MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    for (size_t i = 0; i < sizeof(default_headers) / sizeof(default_headers[0]); i++) {
        if (!has_header(res, default_headers[i].name))
            MHD_add_response_header(r, default_headers[i].name, default_headers[i].value);
    }
    ctx->status = res->status ? res->status : 200;
    ctx->bytes = ctx->req.method == HTTP_HEAD ? 0 : len;
    ret = MHD_queue_response(conn, (unsigned)ctx->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Splits the raw URI into a decoded path and decoded query parameters. */
static enum cong_err parse_target(struct req_ctx *ctx)
{
    struct http_request *req = &ctx->req;
    struct arena *a = &ctx->arena;
    const char *uri = ctx->raw_uri, *q, *p, *amp, *eq, *end;
    struct buf b;
    size_t cap = 0;
    enum cong_err rc = CONG_OK;

    if (!uri || uri[0] != '/')
        return CONG_EINVAL;
    q = strchr(uri, '?');
    end = q ? q : uri + strlen(uri);
    buf_init(&b, 8192);
    if ((rc = http_url_decode(uri, (size_t)(end - uri), false, &b)))
        goto out;
    req->raw_path = arena_strndup(a, uri, (size_t)(end - uri));
    req->path = arena_strndup(a, b.data, b.len);
    req->raw_query = q ? arena_strdup(a, q + 1) : "";
    if (!req->path || !req->raw_path || !req->raw_query) {
        rc = CONG_ENOMEM;
        goto out;
    }
    for (p = req->raw_query; *p; p = *amp ? amp + 1 : amp)
        cap++, amp = strchrnul(p, '&');
    req->query = arena_alloc(a, (cap ? cap : 1) * sizeof(*req->query));
    if (!req->query) {
        rc = CONG_ENOMEM;
        goto out;
    }
    for (p = req->raw_query; *p; p = *amp ? amp + 1 : amp) {
        amp = strchrnul(p, '&');
        if (amp == p)
            continue;
        eq = memchr(p, '=', (size_t)(amp - p));
        buf_reset(&b);
        if ((rc = http_url_decode(p, (size_t)((eq ? eq : amp) - p), true, &b)))
            goto out;
        req->query[req->nquery].name = arena_strndup(a, b.data, b.len);
        buf_reset(&b);
        if (eq && (rc = http_url_decode(eq + 1, (size_t)(amp - eq - 1), true, &b)))
            goto out;
        req->query[req->nquery].value = arena_strndup(a, b.data, b.len);
        if (!req->query[req->nquery].name || !req->query[req->nquery].value) {
            rc = CONG_ENOMEM;
            goto out;
        }
        req->nquery++;
    }
out:
    if (rc == CONG_OK && buf_error(&b))
        rc = CONG_EINVAL; /* a component longer than the cap */
    buf_release(&b);
    return rc;
}

static const char *client_address(struct MHD_Connection *conn, struct arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[INET6_ADDRSTRLEN];
    const struct sockaddr *sa;

    if (!ci || !ci->client_addr)
        return "-";
    sa = ci->client_addr;
    if (sa->sa_family == AF_INET &&
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host, sizeof(host)))
        return arena_strdup(a, host);
    if (sa->sa_family == AF_INET6 &&
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host, sizeof(host)))
        return arena_strdup(a, host);
    return "-";
}

/*
 * The client behind a trusted proxy: the last entry of X-Forwarded-For, which that proxy
 * appended (entries before it come from the client and prove nothing), if it is an IP
 * address; else the proxy's own address.
 */
static const char *forwarded_for(struct MHD_Connection *conn, const char *peer, struct arena *a)
{
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    const char *last, *end;
    unsigned char bin[sizeof(struct in6_addr)];
    char addr[INET6_ADDRSTRLEN], norm[INET6_ADDRSTRLEN];
    size_t n;

    if (!xff)
        return peer;
    last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ' || *last == '\t')
        last++;
    end = last + strlen(last);
    while (end > last && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    n = (size_t)(end - last);
    if (n == 0 || n >= sizeof(addr))
        return peer;
    memcpy(addr, last, n);
    addr[n] = '\0';
    /* printed back from binary, so one address has one spelling in logs and counters */
    if (!(inet_pton(AF_INET, addr, bin) == 1 && inet_ntop(AF_INET, bin, norm, sizeof(norm))) &&
        !(inet_pton(AF_INET6, addr, bin) == 1 && inet_ntop(AF_INET6, bin, norm, sizeof(norm))))
        return peer;
    last = arena_strdup(a, norm);
    return last ? last : peer;
}

/*
 * Reads the target of a request refused before routing (a body too large), so that the
 * router's error function knows where it was going: the web layer answers JSON under /api/.
 * A target that does not parse is taken as "/".
 */
static void parse_target_or_root(struct req_ctx *ctx)
{
    if (parse_target(ctx) != CONG_OK || !ctx->req.path)
        ctx->req.path = "/";
}

struct framing {
    unsigned ncl, nte; /* Content-Length and Transfer-Encoding fields */
    bool chunked;      /* the last Transfer-Encoding is exactly "chunked" */
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct framing *f = cls;

    (void)kind;
    if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
        f->ncl++;
    } else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
        f->nte++;
        f->chunked = value && !strcasecmp(value, "chunked");
    }
    return MHD_YES;
}

/*
 * True if the request's body length could be read two ways (RFC 9112 §6.1, §6.3): both
 * Content-Length and Transfer-Encoding (a proxy in front may have used the other), more than
 * one of either, a transfer coding other than "chunked" alone (libmicrohttpd would wait for
 * the end of the stream), or Transfer-Encoding in HTTP/1.0. Such a request is refused and its
 * connection closed, so that nothing hidden in its body is read as a request.
 */
static bool has_ambiguous_framing(struct MHD_Connection *conn, const char *version)
{
    struct framing f = {0};

    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing, &f);
    if (f.ncl > 1 || f.nte > 1)
        return true;
    return f.nte == 1 && (f.ncl || !f.chunked || strcmp(version, MHD_HTTP_VERSION_1_1) != 0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    struct http_server *s = cls;
    struct req_ctx *ctx = *con_cls;
    struct http_request *req;
    const char *cl;
    int64_t clen;

    (void)url;
    if (!ctx)
        return MHD_NO; /* on_uri could not allocate: drop the connection */
    req = &ctx->req;
    if (ctx->state == REQ_NEW && atomic_load(&s->closing)) {
        /* a request that reached us after the drain: closing the connection unanswered tells
           the client it was not handled, which is true; answering it could be cut off */
        return MHD_NO;
    }
    if (ctx->state == REQ_NEW) {
        ctx->state = REQ_BODY;
        ctx->version = arena_strdup(&ctx->arena, version);
        req->conn = conn;
        req->method_name = arena_strdup(&ctx->arena, method);
        req->method = parse_method(method);
        req->remote_addr = client_address(conn, &ctx->arena);
        if (s->cfg.trusted_proxy && req->remote_addr &&
            !strcmp(req->remote_addr, s->cfg.trusted_proxy))
            req->remote_addr = forwarded_for(conn, req->remote_addr, &ctx->arena);
        if (has_ambiguous_framing(conn, version)) {
            /* answered before the body is read; the answer says close, and libmicrohttpd
               reads nothing more from a connection answered before its body */
            ctx->state = REQ_DONE;
            parse_target_or_root(ctx);
            respond_early(s, ctx, 400,
                          N_("Yêu cầu không hợp lệ (độ dài nội dung không rõ ràng)."));
            http_response_set_header(&ctx->res, "Connection", "close");
            return send_response(conn, ctx);
        }
        cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && (!text_parse_i64(cl, strlen(cl), &clen) || clen < 0 ||
                   (uint64_t)clen > s->cfg.max_body_bytes)) {
            /* answer at once: reading a body we will refuse only wastes the bandwidth */
            ctx->state = REQ_DONE;
            parse_target_or_root(ctx);
            respond_early(s, ctx, 413, N_("Dữ liệu gửi lên vượt quá giới hạn cho phép."));
            return send_response(conn, ctx);
        }
        /* queue nothing on the first call: doing so makes libmicrohttpd close the connection */
        return MHD_YES;
    }
    if (*upload_size) {
        if (!ctx->body_too_big) {
            buf_add(&ctx->body, upload_data, *upload_size);
            if (buf_error(&ctx->body)) {
                ctx->body_too_big = true;
                buf_release(&ctx->body);
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (ctx->state == REQ_DONE)
        return MHD_YES;
    ctx->state = REQ_DONE;
    req->body = ctx->body.data;
    req->body_len = ctx->body.len;
    if (ctx->body_too_big) {
        parse_target_or_root(ctx);
        respond_early(s, ctx, 413, N_("Dữ liệu gửi lên vượt quá giới hạn cho phép."));
    } else if (!req->method) {
        respond_early(s, ctx, 501, N_("Phương thức không được hỗ trợ."));
    } else if (parse_target(ctx) != CONG_OK) {
        req->path = "/";
        respond_early(s, ctx, 400, N_("Địa chỉ không hợp lệ (mã hoá URL hoặc UTF-8 sai)."));
    } else {
        ctx->res.head_only = req->method == HTTP_HEAD;
        http_router_dispatch(s->router, req, &ctx->res);
        encode_page(req, &ctx->res);
    }
    return send_response(conn, ctx);
}

static enum cong_err parse_listen(const char *listen, struct sockaddr_storage *ss,
                                  struct cong_error *err)
{
    char host[256];
    const char *colon, *h = listen;
    size_t hlen;
    struct addrinfo hints, *ai = NULL;
    int rc;

    colon = strrchr(listen, ':');
    if (!colon || !colon[1])
        return cong_error_set(err, CONG_EINVAL, "bad listen address '%s': want HOST:PORT", listen);
    hlen = (size_t)(colon - listen);
    if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
        h++;
        hlen -= 2;
    }
    if (hlen == 0 || hlen >= sizeof(host))
        return cong_error_set(err, CONG_EINVAL, "bad listen address '%s': want HOST:PORT", listen);
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    rc = getaddrinfo(host, colon + 1, &hints, &ai);
    if (rc != 0 || !ai)
        return cong_error_set(err, CONG_EINVAL, "bad listen address '%s': %s", listen,
                              gai_strerror(rc));
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    freeaddrinfo(ai);
    return CONG_OK;
}

/*
 * The open-file limit the connections can use: raises the soft RLIMIT_NOFILE to the hard one
 * (a start-up step: it is the whole process's), and returns the soft limit less
 * HTTP_FD_SPARE for the database, media and the rest; 0 if it cannot be read.
 */
static unsigned fd_room(void)
{
    struct rlimit rl;
    rlim_t want;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    want = rl.rlim_max == RLIM_INFINITY ? (rlim_t)1 << 20 : rl.rlim_max;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rl.rlim_cur = want;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0 && getrlimit(RLIMIT_NOFILE, &rl) != 0)
            return 0;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > UINT_MAX)
        return UINT_MAX;
    return rl.rlim_cur > 2 * HTTP_FD_SPARE ? (unsigned)(rl.rlim_cur - HTTP_FD_SPARE)
                                           : (unsigned)rl.rlim_cur / 2;
}

/*
 * Fits max_connections to the open-file limit and sets the marks: the short idle timeout
 * above three quarters, eviction of the longest-idle above the limit less a reserve of an
 * eighth (at least 16 per thread, since libmicrohttpd splits the limit between its threads
 * and one of them may fill before the others).
 */
static void set_connection_marks(struct http_server *s)
{
    unsigned room = fd_room(), max, reserve;

    if (room && s->cfg.max_connections > room) {
        log_warn("http: connection limit lowered from %u to %u by the open-file limit",
                 s->cfg.max_connections, room);
        s->cfg.max_connections = room;
    }
    max = s->cfg.max_connections;
    reserve = max / 8 > 16 * s->cfg.threads ? max / 8 : 16 * s->cfg.threads;
    s->evict_mark = reserve < max / 2 ? max - reserve : max / 2;
    s->busy_mark = max / 4 * 3;
    if (s->busy_mark > s->evict_mark)
        s->busy_mark = s->evict_mark;
    s->busy_timeout_s =
        s->cfg.timeout_s < HTTP_BUSY_TIMEOUT_S ? s->cfg.timeout_s : HTTP_BUSY_TIMEOUT_S;
}

enum cong_err http_server_start(const struct http_server_config *cfg, struct http_router *r,
                                struct http_server **out, struct cong_error *err)
{
    struct http_server *s;
    struct sockaddr_storage ss;
    const union MHD_DaemonInfo *info;
    unsigned flags;
    long cores;
    enum cong_err rc;

    *out = NULL;
    rc = parse_listen(cfg->listen, &ss, err);
    if (rc)
        return rc;
    s = calloc(1, sizeof(*s));
    if (!s)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    s->router = r;
    s->cfg = *cfg;
    cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (!s->cfg.threads)
        s->cfg.threads = cores > 0 ? (unsigned)cores : 2;
    if (!s->cfg.max_header_bytes)
        s->cfg.max_header_bytes = 32 * 1024;
    if (!s->cfg.max_body_bytes)
        s->cfg.max_body_bytes = 25u << 20;
    if (!s->cfg.timeout_s)
        s->cfg.timeout_s = 15;
    if (!s->cfg.per_ip_limit)
        s->cfg.per_ip_limit = 64;
    if (!s->cfg.max_connections)
        s->cfg.max_connections = HTTP_MAX_CONNECTIONS;
    set_connection_marks(s);
    atomic_init(&s->inflight, 0);
    atomic_init(&s->closing, false);
    pthread_mutex_init(&s->conn_lock, NULL);

    flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first, so it sees every message */
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, s->cfg.threads,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, s->cfg.max_header_bytes,
        MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.timeout_s,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, s->cfg.per_ip_limit,
        MHD_OPTION_CONNECTION_LIMIT, s->cfg.max_connections,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_UNESCAPE_CALLBACK, keep_raw, NULL,
        MHD_OPTION_END);
    if (!s->daemon) {
        pthread_mutex_destroy(&s->conn_lock);
        free(s);
        return cong_error_set(err, CONG_EIO,
                              "cannot listen on '%s': address in use or not available",
                              cfg->listen);
    }
    info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : 0;
    *out = s;
    return CONG_OK;
}

unsigned http_server_port(const struct http_server *s)
{
    return s->port;
}

void http_server_stop(struct http_server *s, unsigned grace_s)
{
    MHD_socket fd;
    int64_t deadline;

    if (!s)
        return;
    /* stop accepting first, so the load balancer's next attempt goes to another node */
    fd = MHD_quiesce_daemon(s->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    deadline = mono_us() + (int64_t)grace_s * 1000000;
    while (atomic_load(&s->inflight) > 0 && mono_us() < deadline)
        usleep(10 * 1000);
    atomic_store(&s->closing, true);
    if (atomic_load(&s->inflight) > 0)
        log_warn("stopping with %ld request(s) still in flight", atomic_load(&s->inflight));
    MHD_stop_daemon(s->daemon);
    pthread_mutex_destroy(&s->conn_lock);
    free(s);
}
