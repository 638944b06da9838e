/*
 * The HTTP module: the server (libmicrohttpd in a thread pool with epoll), strict request
 * decoding, the router, responses and static assets. Handlers never see libmicrohttpd: they
 * get a decoded struct http_request and fill a struct http_response, which the server sends
 * once the handler returns. Only this folder includes microhttpd.h.
 */
#ifndef CONG_HTTP_H
#define CONG_HTTP_H

#include "../core/core.h"

struct http_request;
struct http_response;

enum http_method {
    HTTP_GET = 1u << 0,
    HTTP_HEAD = 1u << 1,
    HTTP_POST = 1u << 2,
    HTTP_PUT = 1u << 3,
    HTTP_PATCH = 1u << 4,
    HTTP_DELETE = 1u << 5,
    HTTP_OPTIONS = 1u << 6,
};

struct http_param {
    const char *name;
    const char *value; /* decoded, valid UTF-8 */
};

/* One file of a multipart/form-data body; data points into the request's body. */
struct http_file {
    const char *name;         /* the form field's name */
    const char *filename;     /* as the browser sent it, valid UTF-8 ("" if none) */
    const char *content_type; /* as sent ("" if none); never trusted for the type */
    const void *data;
    size_t len;
};

/*
 * One request, valid for the duration of the handler call. Everything in it lives in its
 * arena, which is released when the response has been sent.
 */
struct http_request {
    enum http_method method;
    const char *method_name;
    const char *path; /* percent-decoded, valid UTF-8, starts with '/' */
    const char *raw_path;
    const char *raw_query; /* "" if none; already validated */
    struct http_param *query;
    size_t nquery;
    const char *params[4]; /* router captures, in pattern order */
    size_t nparams;
    const char *remote_addr;
    const char *body;
    size_t body_len;
    struct http_param *form; /* the body's fields, after http_request_form */
    size_t nform;
    struct http_file *files; /* the body's file parts (multipart/form-data), after it too */
    size_t nfiles;
    struct arena *arena;
    void *conn; /* opaque to handlers */
    int64_t start_us;
    uint64_t stamp; /* for the layers above (the web layer's render cache); 0 when unset */
    void *site;     /* for the layers above (the web layer's site of the request); NULL unset */
};

struct http_header {
    const char *name;
    const char *value;
};

/*
 * A response being built. body is either the buf (text built by the handler) or, when
 * data is set, data[0..data_len) which must live until the request's arena is released.
 */
struct http_response {
    int status;
    const char *content_type;
    struct buf body;
    const void *data;
    size_t data_len;
    struct http_header headers[16];
    size_t nheaders;
    bool head_only;
};

/* Adds a response header; name and value must live as long as the request's arena. Silently
 * ignores more than 16 headers (a programmer mistake caught by tests). */
void http_response_header(struct http_response *res, const char *name, const char *value);
/* Sets a 301/302/303/307/308 redirect to location (copied into the arena). */
void http_response_redirect(struct http_request *req, struct http_response *res, int status,
                            const char *location);
/* A request header's value, or NULL. */
const char *http_request_header(const struct http_request *req, const char *name);
/* A decoded query parameter's value, or NULL. */
const char *http_request_query(const struct http_request *req, const char *name);

/*
 * Cookies and forms (form.c). What they return lives in the request's arena.
 *
 * http_cookie_get: the value of cookie name in a Cookie header's text (surrounding quotes
 * removed); NULL if header is NULL, the cookie is absent, present more than once (a planted
 * duplicate is not guessed between) or holds characters RFC 6265 does not allow.
 * http_request_cookie: the same for the request's Cookie header.
 */
const char *http_cookie_get(struct arena *a, const char *header, const char *name);
const char *http_request_cookie(struct http_request *req, const char *name);
/*
 * Decodes an application/x-www-form-urlencoded body into fields, as strictly as the query
 * string: CONG_EINVAL on a malformed escape, a NUL or bytes that are not UTF-8; CONG_ENOMEM.
 */
enum cong_err http_form_decode(struct arena *a, const char *body, size_t len,
                               struct http_param **out, size_t *n);
/*
 * Decodes the request's body into req->form and req->nform, and for multipart/form-data its
 * file parts (those with a filename) into req->files and req->nfiles. CONG_EINVAL if the
 * Content-Type is neither application/x-www-form-urlencoded nor multipart/form-data, or the
 * body does not decode (answer 400); a text field that is not UTF-8 is CONG_EINVAL too.
 */
enum cong_err http_request_form(struct http_request *req);
/*
 * Decodes a multipart/form-data body (RFC 7578) whose Content-Type header is content_type
 * (its boundary quoted or not): parts without a filename into *fields (valid UTF-8 without
 * NUL), parts with one (filename or filename*=UTF-8''...) into *files, whose data point into
 * body. Strict: CRLF framing, no preamble, a form-data Content-Disposition with a non-empty
 * name on every part, at most 100 parts; CONG_EINVAL otherwise, CONG_ENOMEM. Names and
 * values are in a. *fields and *files are NULL when their count is 0.
 */
enum cong_err http_multipart_decode(struct arena *a, const char *content_type, const char *body,
                                    size_t len, struct http_param **fields, size_t *nfields,
                                    struct http_file **files, size_t *nfiles);
/* The first form field called name after http_request_form, or NULL. */
const char *http_request_form_value(const struct http_request *req, const char *name);
/* The first file part called name after http_request_form, or NULL (also for an empty one). */
const struct http_file *http_request_file(const struct http_request *req, const char *name);

enum http_cookie_flags {
    HTTP_COOKIE_SECURE = 1u << 0,
    HTTP_COOKIE_HTTPONLY = 1u << 1,
    HTTP_COOKIE_LAX = 1u << 2,    /* SameSite=Lax */
    HTTP_COOKIE_STRICT = 1u << 3, /* SameSite=Strict (wins over LAX) */
};
/*
 * Adds "Set-Cookie: name=value; Path=path[; Max-Age=max_age]" and the flags' attributes;
 * max_age < 0 leaves it out (a browser-session cookie), 0 deletes the cookie. name and value
 * (which may be empty) must be letters, digits, '-', '_' and '.', path the same and '/':
 * CONG_EINVAL otherwise (a programmer mistake). CONG_ENOMEM.
 */
enum cong_err http_response_cookie(struct http_request *req, struct http_response *res,
                                   const char *name, const char *value, const char *path,
                                   int64_t max_age, unsigned flags);
/* Sets header name to value, replacing the first header of that name already added (else
 * adding it); value must live as long as the request's arena. */
void http_response_set_header(struct http_response *res, const char *name, const char *value);

/*
 * Conditional GET (RFC 9110 §13), for answers that carry validators. Call it once the answer
 * is known to exist, after setting its Cache-Control and before or after filling its body:
 * it adds ETag (etag: a strong tag with its quotes, kept by reference, so from the arena or
 * static; NULL for none) and Last-Modified (last_modified > 0: seconds since the epoch, sent
 * as an IMF-fixdate). On a GET or HEAD whose If-None-Match matches etag (weak comparison: a
 * list, W/ forms and "*"), or, only when there is no If-None-Match, whose If-Modified-Since is
 * no older than last_modified, it turns res into a 304 without a body and returns true: the
 * handler is done. Otherwise false, and res goes on as it was.
 */
bool http_conditional(struct http_request *req, struct http_response *res, const char *etag,
                      int64_t last_modified);
/* True if an If-None-Match value (may be NULL: false) matches etag under weak comparison. */
bool http_etag_matches(const char *if_none_match, const char *etag);
/* A strong ETag of data[0..len), 32 hex digits of its hash in quotes, from a; NULL when out
   of memory. libsodium must be initialised (http_static_load and the site's routes do it). */
const char *http_etag_of(struct arena *a, const void *data, size_t len);

/* A route's handler. It fills res; it must not keep req or res after it returns. */
typedef void (*http_handler_fn)(struct http_request *req, struct http_response *res, void *ctx);

struct http_router;

/* CONG_ENOMEM. */
enum cong_err http_router_new(struct http_router **out);
void http_router_free(struct http_router *r);
/*
 * Adds a route: methods is a mask of enum http_method (GET implies HEAD); pattern is a path
 * whose segments are literal, ":name" (one non-empty segment, captured) or a final "*" (the
 * rest of the path, captured, may contain '/'). Routes are tried in the order added.
 */
enum cong_err http_router_add(struct http_router *r, unsigned methods, const char *pattern,
                              http_handler_fn fn, void *ctx);
/* Sets a function that runs on every request before its route (or fallback, or error), to set
 * up what every answer shares (the language); it may add headers to res. */
void http_router_set_prepare(struct http_router *r, http_handler_fn fn, void *ctx);
/* Runs the prepare step on a request answered before it reaches the router (the server's own
 * refusals), so their message speaks the request's language. Nothing without one. */
void http_router_prepare(struct http_router *r, struct http_request *req,
                         struct http_response *res);
/* Sets the handler for paths no route matches (and for 405 it answers itself). */
void http_router_set_fallback(struct http_router *r, http_handler_fn fn, void *ctx);
/* Finds the route for req and runs it (or the fallback, or a 405/404 error); the server calls
 * this for every well-formed request. */
void http_router_dispatch(struct http_router *r, struct http_request *req,
                          struct http_response *res);
/*
 * Sets header name to value on every answer the router gives (routes, fallback, errors), e.g.
 * Strict-Transport-Security. Keeps both pointers: they must outlive r. Call before serving.
 * CONG_ENOMEM past the few it holds.
 */
enum cong_err http_router_set_header(struct http_router *r, const char *name, const char *value);
/*
 * Told of every answer once it has gone out (or the connection failed while sending it): the
 * request (its raw_path may be NULL when the request line was refused), the status sent and
 * the microseconds since its first line came in. Called from the server's threads at once,
 * after the handler: it must be quick and thread-safe (counting, not logging). ctx is kept.
 */
typedef void (*http_observe_fn)(const struct http_request *req, int status, int64_t elapsed_us,
                                void *ctx);
void http_router_set_observer(struct http_router *r, http_observe_fn fn, void *ctx);
/* The server calls this when an answer to req is done; it calls the observer, if any. */
void http_router_observe(const struct http_router *r, const struct http_request *req, int status,
                         int64_t elapsed_us);
/* Error pages: handlers and the server call this to answer an error with a page. */
typedef void (*http_error_fn)(struct http_request *req, struct http_response *res, int status,
                              const char *message, void *ctx);
void http_router_set_error(struct http_router *r, http_error_fn fn, void *ctx);
/* Fills res with an error answer through the router's error handler (plain text if none). */
void http_respond_error(struct http_router *r, struct http_request *req, struct http_response *res,
                        int status, const char *message);

struct http_server_config {
    const char *listen;      /* "HOST:PORT"; HOST may be an IPv4 address or "[v6]" */
    unsigned threads;        /* 0: the number of cores */
    size_t max_header_bytes; /* per connection memory for the request head; 0: 32 KiB */
    size_t max_body_bytes;   /* 0: 25 MiB */
    unsigned timeout_s;      /* idle connection timeout; 0: 15 */
    unsigned per_ip_limit;   /* concurrent connections from one address; 0: 64 */
    /* open connections in all; 0: 4096. Lowered to fit the open-file limit (whose soft
       value is raised to the hard one at start). Past three quarters, idle connections get
       a 3 s timeout; past the limit less an eighth (at least 16 per thread), each new
       connection shuts down the longest-idle one */
    unsigned max_connections;
    bool access_log;
    /*
     * The address of a reverse proxy in front (NULL: none). A request from it is taken to
     * come from the last address in its X-Forwarded-For header (the one the proxy added), so
     * logs and per-address limits see the real client. Any other peer's header is ignored.
     */
    const char *trusted_proxy;
};

struct http_server;

/*
 * Starts serving r on cfg->listen. Keeps a reference to r until http_server_stop. Raises the
 * process's soft open-file limit to its hard one, for the connections.
 * CONG_EIO (err says why: address in use, bad address) if it cannot listen.
 */
enum cong_err http_server_start(const struct http_server_config *cfg, struct http_router *r,
                                struct http_server **out, struct cong_error *err);
/* The port actually bound (useful with port 0). */
unsigned http_server_port(const struct http_server *s);
/*
 * Stops accepting, lets requests in flight finish (at most grace_s seconds), then closes
 * every connection and frees s. Accepts NULL.
 */
void http_server_stop(struct http_server *s, unsigned grace_s);

/*
 * Strictly decodes %XX escapes of s[0..n) (and '+' as space if plus_space), appending to out.
 * CONG_EINVAL on a malformed escape, a NUL byte or a result that is not UTF-8.
 */
enum cong_err http_url_decode(const char *s, size_t n, bool plus_space, struct buf *out);

/* Whether req's Accept-Encoding allows coding ("br", "gzip"); q=0 refuses it. */
bool http_accepts_encoding(struct http_request *req, const char *coding);
/* s[0..n) compressed with gzip at level (1-9) or brotli at quality (0-11, as text) into a new
   *out of *len bytes, the caller's to free; false (and *out NULL) when out of memory. */
bool http_gzip(const void *s, size_t n, int level, unsigned char **out, size_t *len);
bool http_brotli(const void *s, size_t n, int quality, unsigned char **out, size_t *len);

/* Static assets, loaded into memory at start-up and then read-only (but for their compressed
   copies, made on their first request). */
struct http_static;

/*
 * Loads every regular file under dir (not following symlinks out of it), computes ETags and
 * a version string from their contents. CONG_EIO if dir cannot be read.
 */
enum cong_err http_static_load(const char *dir, struct http_static **out, struct cong_error *err);
void http_static_free(struct http_static *st);
/* A short hex string that changes whenever any asset changes; for URLs like /static/VER/x. */
const char *http_static_version(const struct http_static *st);
/*
 * Answers a request for asset name (the path below /static/VER/): 200 with ETag, Last-Modified
 * (the file's time when it was loaded) and Cache-Control (long-lived when versioned), 304
 * through http_conditional, false if there is no such asset. A text asset (CSS, JavaScript,
 * SVG, ...) goes in brotli or gzip when the request accepts it and that is smaller, each with
 * its own ETag; its compressed copies are made once, on its first such request.
 */
bool http_static_serve(struct http_static *st, const char *name, bool versioned,
                       struct http_request *req, struct http_response *res);
/* The MIME type for a file name by its extension. */
const char *http_mime_for(const char *name);

#endif
