/*
 * The layer's state (theme, settings, clock, counter), the one table from enum cong_err to
 * HTTP, and the answers every handler gives when it cannot give its page: an error page, a
 * redirect, the way to the login page. Its messages are the UI's (Vietnamese).
 */
#include "web_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../content/content.h"
#include "../render/render.h"

/* the longest ?tiep= target kept; longer ones fall back to the default */
#define TARGET_MAX 2048

void web_lowercase(char *s)
{
    for (; *s; s++)
        *s = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
}

/* s's port after host[:port] (host may be "[v6]") at *port (80 when none); its host's length. */
static size_t split_port(const char *s, int64_t *port)
{
    const char *close = s[0] == '[' ? strchr(s, ']') : NULL;
    const char *colon = close ? (close[1] == ':' ? close + 1 : NULL) : strchr(s, ':');

    *port = 80;
    if (colon && (!text_parse_i64(colon + 1, strlen(colon + 1), port) || *port < 0 ||
                  *port > 65535))
        *port = 0;
    return colon ? (size_t)(colon - s) : strlen(s);
}

/* The listen address "HOST:PORT" into w (see listen_host); false when out of memory. */
static bool set_listen(struct web *w, const char *listen)
{
    int64_t port = 0;
    size_t n = listen ? split_port(listen, &port) : 0;

    w->listen_host = strndup(listen ? listen : "", n);
    if (!w->listen_host)
        return false;
    web_lowercase(w->listen_host);
    /* a wildcard names no host a browser asks for */
    if (!strcmp(w->listen_host, "0.0.0.0") || !strcmp(w->listen_host, "[::]"))
        w->listen_host[0] = '\0';
    w->listen_port = (unsigned)port;
    return true;
}

static enum cong_err load_theme(struct web *w, const char *dir, struct cong_error *err)
{
    char path[1024];
    enum cong_err rc;
    int n;

    if ((rc = tmpl_set_new(&w->tmpl)) != CONG_OK)
        return cong_error_set(err, rc, "out of memory");
    if ((rc = tmpl_set_load_dir(w->tmpl, dir, err)) != CONG_OK)
        return rc;
    for (const char *const *t = (const char *const[]){"page", "error", NULL}; *t; t++) {
        if (!tmpl_set_has(w->tmpl, *t))
            return cong_error_set(err, CONG_EIO, "theme '%s' has no template '%s.mustache'",
                                  dir, *t);
    }
    n = snprintf(path, sizeof(path), "%s/static", dir);
    if (n < 0 || (size_t)n >= sizeof(path))
        return cong_error_set(err, CONG_EINVAL, "theme path too long");
    if ((rc = http_static_load(path, &w->assets, err)) != CONG_OK)
        return rc;
    n = snprintf(path, sizeof(path), "/static/%s", http_static_version(w->assets));
    w->static_prefix = n > 0 ? strdup(path) : NULL;
    return w->static_prefix ? CONG_OK : cong_error_set(err, CONG_ENOMEM, "out of memory");
}

enum cong_err web_new(struct store *st, struct auth *au, const struct web_config *cfg,
                      struct web **out, struct cong_error *err)
{
    struct web *w;
    enum cong_err rc;

    *out = NULL;
    w = calloc(1, sizeof(*w));
    if (!w)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    w->store = st;
    w->auth = au;
    w->stats = cfg->stats;
    w->mailer = cfg->mailer;
    w->now = cfg->now ? cfg->now : time_now;
    w->sitemap_max = cfg->sitemap_max && cfg->sitemap_max < STORE_STAMPS_MAX ? cfg->sitemap_max
                                                                             : STORE_STAMPS_MAX;
    w->media_max = cfg->media_max ? cfg->media_max : (size_t)CONTENT_MEDIA_MAX_MB_DEFAULT << 20;
    if ((rc = web_metrics_init(w, cfg->metrics_allow, err)) != CONG_OK)
        goto fail;
    if ((rc = load_theme(w, cfg->theme_dir, err)) != CONG_OK)
        goto fail;
    if (cfg->cache_bytes && (rc = web_cache_new(cfg->cache_bytes, &w->cache)) != CONG_OK) {
        cong_error_set(err, rc, "out of memory");
        goto fail;
    }
    if (!set_listen(w, cfg->listen)) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = web_sites_init(w, err)) != CONG_OK)
        goto fail;
    *out = w;
    return CONG_OK;
fail:
    web_free(w);
    return rc;
}

void web_free(struct web *w)
{
    if (!w)
        return;
    web_cache_free(w->cache);
    web_metrics_free(w);
    tmpl_set_free(w->tmpl);
    http_static_free(w->assets);
    web_sites_free(w);
    if (w->sites_lock_ready)
        (void)pthread_mutex_destroy(&w->sites_lock);
    free(w->static_prefix);
    free(w->listen_host);
    free(w);
}

struct store *web_store(struct web *w, struct http_request *req)
{
    return web_site(w, req)->store;
}

struct auth *web_auth(struct web *w, struct http_request *req)
{
    return web_site(w, req)->auth;
}

struct store *web_root_store(const struct web *w)
{
    return w->store;
}

struct mailer *web_mailer(const struct web *w)
{
    return w->mailer;
}

struct stats *web_stats(const struct web *w)
{
    return w->stats;
}

int64_t web_now(const struct web *w)
{
    return w->now();
}

size_t web_media_max(const struct web *w)
{
    return w->media_max;
}

size_t web_sitemap_max(const struct web *w)
{
    return w->sitemap_max;
}

const char *web_site_name(struct web *w, struct http_request *req)
{
    return web_site(w, req)->name;
}

const char *web_tagline(struct web *w, struct http_request *req)
{
    return web_site(w, req)->tagline;
}

const char *web_static_prefix(const struct web *w)
{
    return w->static_prefix;
}

struct http_static *web_assets(const struct web *w)
{
    return w->assets;
}

const struct tmpl_set *web_templates(const struct web *w)
{
    return w->tmpl;
}

bool web_has_template(const struct web *w, const char *name)
{
    return tmpl_set_has(w->tmpl, name);
}

const char *web_base_setting(struct web *w, struct http_request *req)
{
    return web_site(w, req)->base_url;
}

static bool is_loopback(const char *host)
{
    return !strncmp(host, "127.", 4) || !strcmp(host, "[::1]") || !strcmp(host, "localhost");
}

const char *web_known_host(struct web *w, struct http_request *req)
{
    const char *host = http_request_header(req, "Host");
    int64_t port;
    size_t n, hn;
    char *low;

    if (!host || !content_is_authority(host, n = strlen(host)))
        return NULL;
    low = arena_strndup(req->arena, host, n);
    if (!low)
        return NULL;
    web_lowercase(low);
    hn = split_port(low, &port);
    /* a site's own host name, with no port (behind a proxy) or the one we listen on */
    if (web_site(w, req)->host_named && (hn == n || !w->listen_port || port == (int64_t)w->listen_port))
        return low;
    if (!*w->listen_host || (w->listen_port && port != (int64_t)w->listen_port))
        return NULL;
    if (hn == strlen(w->listen_host) && !memcmp(low, w->listen_host, hn))
        return low;
    if (hn == 9 && !memcmp(low, "localhost", 9) && is_loopback(w->listen_host))
        return low;
    return NULL;
}

const char *web_base_url(struct web *w, struct http_request *req)
{
    const char *host;

    if (*web_site(w, req)->base_url)
        return web_site(w, req)->base_url;
    host = web_known_host(w, req);
    if (!host)
        return "";
    host = arena_printf(req->arena, "http://%s", host);
    return host ? host : "";
}

/* The table. */

static const struct {
    int status;
    const char *code;
    const char *message; /* when the failure brings none of its own */
} table[] = {
    [CONG_OK] = {200, "ok", ""},
    [CONG_ENOMEM] = {503, "unavailable", N_("Máy chủ đang quá tải, xin thử lại sau.")},
    [CONG_EINVAL] = {400, "bad_request", N_("Yêu cầu không hợp lệ.")},
    [CONG_ENOTFOUND] = {404, "not_found", N_("Không tìm thấy.")},
    [CONG_EEXIST] = {409, "conflict", N_("Xung đột với dữ liệu đã có.")},
    [CONG_EIO] = {503, "unavailable", N_("Không đọc hoặc ghi được dữ liệu lúc này, xin thử lại sau.")},
    [CONG_ETOOBIG] = {413, "too_large", N_("Dữ liệu quá lớn.")},
    [CONG_ESTORE] = {503, "unavailable",
                     N_("Không đọc hoặc ghi được dữ liệu lúc này, xin thử lại sau ít phút.")},
    [CONG_ESCHEMA] = {503, "unavailable", N_("Cơ sở dữ liệu chưa sẵn sàng.")},
    [CONG_EPARSE] = {400, "bad_request", N_("Dữ liệu không đọc được.")},
    [CONG_EPERM] = {403, "forbidden", N_("Bạn không có quyền làm việc này.")},
    [CONG_EBUSY] = {503, "unavailable", N_("Máy chủ đang bận, xin thử lại sau.")},
    [CONG_ESTATE] = {422, "invalid_state", N_("Không thể làm việc này ở trạng thái hiện tại.")},
};

/* rc's row, the database's for a value outside the table (a programmer mistake). */
static size_t row_of(enum cong_err rc)
{
    return (unsigned)rc < sizeof(table) / sizeof(table[0]) && table[rc].code ? (size_t)rc
                                                                              : CONG_ESTORE;
}

int web_status_of(enum cong_err rc)
{
    return table[row_of(rc)].status;
}

const char *web_code_of(enum cong_err rc, bool with_field)
{
    if (rc == CONG_EINVAL && with_field)
        return "invalid_field";
    return table[row_of(rc)].code;
}

/* The API's code for an answer known only by its status (the router's 404, 405, 413). */
static const char *code_of_status(int status)
{
    switch (status) {
    case 401: return "unauthorized";
    case 405: return "method_not_allowed";
    default: break;
    }
    for (size_t r = 0; r < sizeof(table) / sizeof(table[0]); r++) {
        if (table[r].code && table[r].status == status)
            return table[r].code;
    }
    return status >= 500 ? "unavailable" : "bad_request";
}

/* The message to show for rc: err's for a refusal, a fixed one (after logging) for a 5xx. */
static const char *message_of(const struct http_request *req, enum cong_err rc,
                              const struct cong_error *err)
{
    size_t r = row_of(rc);

    /* busy is no fault to log: the domain's message says what to wait for */
    if (rc == CONG_EBUSY && err && err->msg[0])
        return err->msg;
    if (table[r].status >= 500) {
        if (rc != CONG_ENOMEM)
            log_error("cannot answer '%s': %s%s%s", req ? req->path : "?", cong_strerror(rc),
                      err && err->msg[0] ? ": " : "", err && err->msg[0] ? err->msg : "");
        return _(table[r].message);
    }
    return err && err->msg[0] ? err->msg : _(table[r].message);
}

/* Answers with a page. */

void web_private(struct http_response *res)
{
    http_response_set_header(res, "Cache-Control", "no-store");
    http_response_set_header(res, "X-Robots-Tag", "noindex");
}

static const char *error_title(int status)
{
    switch (status) {
    case 404: return _("Không tìm thấy trang");
    case 400: return _("Yêu cầu không hợp lệ");
    case 401: return _("Cần đăng nhập");
    case 403: return _("Không có quyền truy cập");
    case 405: return _("Phương thức không được phép");
    case 409: return _("Xung đột dữ liệu");
    case 413: return _("Dữ liệu quá lớn");
    case 503: return _("Dịch vụ tạm thời gián đoạn");
    default: return status >= 500 ? _("Lỗi máy chủ") : _("Yêu cầu không được chấp nhận");
    }
}

void web_page_error(struct web *w, struct http_request *req, struct http_response *res,
                    int status, const char *message)
{
    const char *title = error_title(status);
    json_t *ctx;

    if (web_is_api(req)) {
        /* an API client never gets an HTML page, whoever answers */
        web_json_error(res, status, code_of_status(status), NULL, message);
        return;
    }
    buf_reset(&res->body);
    res->data = NULL;
    ctx = web_page_data(w, req, title, req->path, NULL, "error", 0);
    if (ctx && !web_view_add(ctx, (struct web_kv[]){
                   WEB_J("error", web_view((struct web_kv[]){
                                      WEB_I("status", status), WEB_S("title", title),
                                      WEB_S("message", message), WEB_END})),
                   WEB_END})) {
        json_decref(ctx);
        ctx = NULL;
    }
    web_render(w, req, res, status, "error", ctx);
    json_decref(ctx);
}

void web_page_fail(struct web *w, struct http_request *req, struct http_response *res,
                   enum cong_err rc, const struct cong_error *err)
{
    if (web_is_api(req)) {
        web_json_fail(res, rc, err);
        return;
    }
    if (rc == CONG_EBUSY)
        http_response_header(res, "Retry-After", WEB_BUSY_RETRY_AFTER);
    web_page_error(w, req, res, web_status_of(rc), message_of(req, rc, err));
}

void web_not_found(struct web *w, struct http_request *req, struct http_response *res)
{
    web_page_error(w, req, res, 404, _("Trang bạn tìm không có hoặc đã được chuyển đi nơi khác."));
}

void web_see_other(struct http_request *req, struct http_response *res, const char *location)
{
    if (!location) {
        /* the address could not be built: out of memory, never a redirect to nowhere */
        log_warn("out of memory redirecting from '%s'", req->path);
        buf_reset(&res->body);
        res->data = NULL;
        res->status = 503;
        res->content_type = "text/plain; charset=utf-8";
        buf_puts(&res->body, _("Máy chủ đang quá tải, xin thử lại sau.\n"));
    } else {
        http_response_redirect(req, res, 303, location);
    }
    web_private(res);
}

void web_session_cookie(struct web *w, struct http_request *req, struct http_response *res,
                        const char *value)
{
    unsigned flags = HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_LAX |
                     (w->auth && auth_is_https(w->auth) ? HTTP_COOKIE_SECURE : 0);

    /* Lax, not Strict: a link to an admin page from a mail or a chat must find the session */
    if (http_response_cookie(req, res, auth_session_cookie(w->auth), value, "/",
                             *value && w->auth ? auth_session_lifetime(w->auth) : 0,
                             flags) != CONG_OK)
        log_error("cannot set the session cookie: out of memory");
}

const char *web_safe_target(const char *target)
{
    size_t n;

    if (!target || target[0] != '/' || target[1] == '/' || target[1] == '\\')
        return NULL;
    n = strlen(target);
    if (n > TARGET_MAX)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (target[i] <= 0x20 || target[i] >= 0x7f || target[i] == '\\')
            return NULL;
    }
    return target;
}

void web_to_login(struct web *w, struct http_request *req, struct http_response *res)
{
    struct buf b, here;
    const char *loc;

    buf_init(&here, TARGET_MAX + 1);
    buf_puts(&here, req->raw_path);
    if (*req->raw_query) {
        buf_putc(&here, '?');
        buf_puts(&here, req->raw_query);
    }
    buf_init(&b, 4 * TARGET_MAX);
    buf_puts(&b, WEB_LOGIN_PATH);
    if (!buf_error(&here) && web_safe_target(here.data)) {
        buf_puts(&b, "?tiep=");
        buf_add_urlenc(&b, here.data, here.len);
    }
    loc = buf_error(&b) ? WEB_LOGIN_PATH : arena_strndup(req->arena, b.data, b.len);
    buf_release(&here);
    buf_release(&b);
    /* a cookie that named no live session is of no more use */
    if (http_request_cookie(req, auth_session_cookie(w->auth)))
        web_session_cookie(w, req, res, "");
    web_see_other(req, res, loc ? loc : WEB_LOGIN_PATH);
}

static void router_error(struct http_request *req, struct http_response *res, int status,
                         const char *message, void *ctx)
{
    /* the server's own refusals come before any route: they speak the request's language */
    i18n_set_lang(web_lang_of(ctx, req));
    web_page_error(ctx, req, res, status, message);
}

void web_attach(struct web *w, struct http_router *r)
{
    http_router_set_error(r, router_error, w);
    http_router_set_prepare(r, web_lang_prepare, w);
    /* over https, browsers are told to come back over https only, for a year */
    if (w->auth && auth_is_https(w->auth) &&
        http_router_set_header(r, "Strict-Transport-Security", "max-age=31536000") != CONG_OK)
        log_error("cannot set Strict-Transport-Security: the router holds no more headers");
}
