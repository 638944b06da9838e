/*
 * The admin's front door: the checks every admin page runs first, the login and logout pages
 * and the dashboard. The login form is guarded against cross-site posting by a double-submit
 * token: GET /dang-nhap sets a random value in an HttpOnly, SameSite=Strict cookie scoped to
 * /dang-nhap and writes the same value into the form; a POST must bring both, equal. Another
 * site can neither read the cookie nor make the browser send it, so it cannot forge a login.
 * Once logged in, forms carry the session's own CSRF token instead. Pages here show private
 * data and are never cached.
 */
#include "admin_int.h"

#include <stdlib.h>
#include <string.h>

#define LOGIN_CSRF_COOKIE AUTH_LOGIN_CSRF_COOKIE
#define LOGIN_PATH        "/dang-nhap"
/* the longest ?tiep= target kept; longer ones fall back to the default */
#define TARGET_MAX 2048

static const char msg_forbidden[] = "Bạn không có quyền truy cập trang này.";
static const char msg_csrf[] = "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                               "Vui lòng tải lại trang rồi thử lại.";
static const char msg_bad_login[] = "Tên đăng nhập hoặc mật khẩu không đúng.";
static const char msg_login_csrf[] = "Biểu mẫu đăng nhập đã hết hạn. Vui lòng đăng nhập lại.";

enum cong_err admin_new(struct web *web, struct auth *au, struct admin **out)
{
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return CONG_ENOMEM;
    (*out)->web = web;
    (*out)->auth = au;
    return CONG_OK;
}

void admin_free(struct admin *ad)
{
    free(ad);
}

/* Marks an answer as private: never stored by a browser or a proxy, never indexed. */
static void private_answer(struct http_response *res)
{
    http_response_set_header(res, "Cache-Control", "no-store");
    http_response_set_header(res, "X-Robots-Tag", "noindex");
}

void admin_render(struct admin *ad, struct http_request *req, struct http_response *res, int status,
                  const char *tmpl, json_t *ctx)
{
    web_render(ad->web, req, res, status, tmpl, ctx);
    private_answer(res);
}

void admin_fail(struct admin *ad, struct http_request *req, struct http_response *res, int status,
                const char *message)
{
    web_page_error(ad->web, req, res, status, message);
    private_answer(res);
}

void admin_store_failed(struct admin *ad, struct http_request *req, struct http_response *res,
                        enum cong_err rc)
{
    if (rc != CONG_ENOMEM)
        log_error("admin: cannot answer '%s': %s", req->path, cong_strerror(rc));
    admin_fail(ad, req, res, 503,
               rc == CONG_ENOMEM ? "Máy chủ đang quá tải, xin thử lại sau."
                                 : "Không đọc được dữ liệu lúc này, xin thử lại sau ít phút.");
}

/* A 303 to location, private. */
static void see_other(struct http_request *req, struct http_response *res, const char *location)
{
    http_response_redirect(req, res, 303, location);
    private_answer(res);
}

/* Sets (value non-empty) or deletes (value "") the session cookie. */
static void session_cookie(struct admin *ad, struct http_request *req, struct http_response *res,
                           const char *value)
{
    unsigned flags =
        HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_LAX | (auth_is_https(ad->auth) ? HTTP_COOKIE_SECURE : 0);

    /* Lax, not Strict: a link to an admin page from a mail or a chat must find the session */
    if (http_response_cookie(req, res, AUTH_SESSION_COOKIE, value, "/",
                             *value ? auth_session_lifetime(ad->auth) : 0, flags) != CONG_OK)
        log_error("admin: cannot set the session cookie: out of memory");
}

static void login_csrf_cookie(struct admin *ad, struct http_request *req, struct http_response *res,
                              const char *value)
{
    unsigned flags = HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_STRICT |
                     (auth_is_https(ad->auth) ? HTTP_COOKIE_SECURE : 0);

    if (http_response_cookie(req, res, LOGIN_CSRF_COOKIE, value, LOGIN_PATH, *value ? -1 : 0,
                             flags) != CONG_OK)
        log_error("admin: cannot set the login form's cookie: out of memory");
}

/* The request's session: CONG_OK, CONG_ENOTFOUND (none, or expired) or a store failure. */
static enum cong_err current_session(struct admin *ad, struct http_request *req,
                                     struct auth_session *s)
{
    const char *cookie = http_request_cookie(req, AUTH_SESSION_COOKIE);

    memset(s, 0, sizeof(*s));
    return cookie ? auth_session_find(ad->auth, req->arena, cookie, s) : CONG_ENOTFOUND;
}

/*
 * target if it is a path on this site: one '/' and then printable ASCII without '\' (which
 * browsers read as '/'), so "//evil.example" and "/\evil.example" cannot leave the site;
 * else NULL.
 */
static const char *safe_target(const char *target)
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

/* Where a user goes after login without a target: the dashboard if the role has one. */
static const char *home_of(const struct auth_user *u)
{
    return auth_role_at_least(u->role, AUTH_AUTHOR) ? "/quan-tri" : "/";
}

/* Sends a guest to the login page, with the page asked for to come back to. */
static void to_login(struct admin *ad, struct http_request *req, struct http_response *res)
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
    buf_puts(&b, LOGIN_PATH);
    if (!buf_error(&here) && safe_target(here.data)) {
        buf_puts(&b, "?tiep=");
        buf_add_urlenc(&b, here.data, here.len);
    }
    loc = buf_error(&b) ? LOGIN_PATH : arena_strndup(req->arena, b.data, b.len);
    buf_release(&here);
    buf_release(&b);
    /* a cookie that named no live session is of no more use */
    if (http_request_cookie(req, AUTH_SESSION_COOKIE))
        session_cookie(ad, req, res, "");
    see_other(req, res, loc ? loc : LOGIN_PATH);
}

/*
 * The checks of a POST: a form that decodes, not sent from another site (browsers say so in
 * Sec-Fetch-Site), with the session's CSRF token in the field "csrf".
 */
static bool form_checked_or_respond(struct admin *ad, struct http_request *req,
                                    struct http_response *res, const struct auth_session *s)
{
    const char *site = http_request_header(req, "Sec-Fetch-Site");

    if (http_request_form(req) != CONG_OK) {
        admin_fail(ad, req, res, 400, "Dữ liệu biểu mẫu không hợp lệ.");
        return false;
    }
    if ((site && !strcmp(site, "cross-site")) ||
        !auth_csrf_is_valid(s, http_request_form_value(req, "csrf"))) {
        admin_fail(ad, req, res, 403, msg_csrf);
        return false;
    }
    return true;
}

bool admin_viewer_or_respond(struct admin *ad, struct http_request *req, struct http_response *res,
                             enum auth_role need, struct auth_session *s)
{
    enum cong_err rc = current_session(ad, req, s);

    if (rc == CONG_ENOTFOUND) {
        to_login(ad, req, res);
        return false;
    }
    if (rc != CONG_OK) {
        admin_store_failed(ad, req, res, rc);
        return false;
    }
    if (!auth_role_at_least(s->user.role, need)) {
        admin_fail(ad, req, res, 403, msg_forbidden);
        return false;
    }
    if (req->method == HTTP_POST && !form_checked_or_respond(ad, req, res, s))
        return false;
    return true;
}

json_t *admin_page_data(struct admin *ad, struct http_request *req, const char *title,
                        const struct auth_session *s)
{
    json_t *ctx = web_page_data(ad->web, req, title, req->path, NULL, "admin", 0), *v;

    if (!ctx || !s)
        return ctx;
    v = json_object();
    json_object_set_new(v, "name", json_string(s->user.name));
    json_object_set_new(v, "role", json_string(auth_role_name(s->user.role)));
    json_object_set_new(v, "role_label", json_string(auth_role_label(s->user.role)));
    json_object_set_new(v, "is_admin", json_boolean(s->user.role == AUTH_ADMIN));
    json_object_set_new(v, "is_editor", json_boolean(auth_role_at_least(s->user.role, AUTH_EDITOR)));
    /* the header's link under the user's name: a member has no dashboard, only a way out */
    json_object_set_new(
        v, "home",
        json_string(auth_role_at_least(s->user.role, AUTH_AUTHOR) ? "/quan-tri" : "/dang-xuat"));
    json_object_set_new(ctx, "viewer", v);
    json_object_set_new(ctx, "csrf", json_string(s->csrf));
    return ctx;
}

/* Login. */

/*
 * The login form, with status, the target to come back to, the name typed and a message.
 * Keeps the form's token cookie if the browser has a well-formed one (several tabs may be
 * open), else sets a new one.
 */
static void login_page(struct admin *ad, struct http_request *req, struct http_response *res,
                       int status, const char *target, const char *name, const char *error)
{
    const char *token = http_request_cookie(req, LOGIN_CSRF_COOKIE);
    char fresh[AUTH_SECRET_LEN + 1];
    json_t *ctx, *form;

    if (!auth_secret_is_well_formed(token)) {
        auth_secret_new(fresh);
        token = arena_strdup(req->arena, fresh);
        if (!token)
            return admin_store_failed(ad, req, res, CONG_ENOMEM);
    }
    ctx = admin_page_data(ad, req, "Đăng nhập", NULL);
    form = json_object();
    json_object_set_new(form, "csrf", json_string(token));
    json_object_set_new(form, "name", json_string(name ? name : ""));
    if (target)
        json_object_set_new(form, "tiep", json_string(target));
    if (error)
        json_object_set_new(form, "error", json_string(error));
    json_object_set_new(ctx, "login", form);
    admin_render(ad, req, res, status, "login", ctx);
    json_decref(ctx);
    login_csrf_cookie(ad, req, res, token);
}

static void h_login(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    const char *target = safe_target(http_request_query(req, "tiep"));
    struct auth_session s;
    enum cong_err rc = current_session(ad, req, &s);

    if (rc == CONG_OK)
        return see_other(req, res, target ? target : home_of(&s.user));
    if (rc != CONG_ENOTFOUND)
        return admin_store_failed(ad, req, res, rc);
    login_page(ad, req, res, 200, target, NULL, NULL);
}

/* The name as typed, trimmed, with ASCII letters lowered (names are lowercase), in the arena. */
static char *typed_name(struct arena *a, const char *in)
{
    size_t n;
    const char *t;
    char *out;

    if (!in)
        return arena_strdup(a, "");
    n = strlen(in);
    t = text_trim(in, &n);
    out = arena_strndup(a, t, n);
    for (size_t i = 0; out && i < n; i++) {
        if (out[i] >= 'A' && out[i] <= 'Z')
            out[i] = (char)(out[i] - 'A' + 'a');
    }
    return out;
}

/* "15 phút", or hours once it is an hour or more. */
static const char *wait_text(struct arena *a, int64_t seconds)
{
    int64_t minutes = (seconds + 59) / 60;

    if (minutes < 60)
        return arena_printf(a, "%lld phút", (long long)(minutes > 0 ? minutes : 1));
    return arena_printf(a, "%lld giờ", (long long)((minutes + 59) / 60));
}

static void h_login_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    const char *target, *token, *pw, *name, *wait, *retry;
    struct auth_login lr;
    enum cong_err rc;
    size_t pwlen;

    if (http_request_form(req) != CONG_OK)
        return admin_fail(ad, req, res, 400, "Dữ liệu biểu mẫu không hợp lệ.");
    target = safe_target(http_request_form_value(req, "tiep"));
    name = typed_name(req->arena, http_request_form_value(req, "name"));
    if (!name)
        return admin_store_failed(ad, req, res, CONG_ENOMEM);
    token = http_request_cookie(req, LOGIN_CSRF_COOKIE);
    if (!auth_secret_is_well_formed(token) ||
        !auth_secret_equal(token, http_request_form_value(req, "csrf")))
        return login_page(ad, req, res, 403, target, name, msg_login_csrf);

    pw = http_request_form_value(req, "password");
    pwlen = pw ? strlen(pw) : 0;
    rc = auth_login(ad->auth, req->arena, name, pw ? pw : "", pwlen, req->remote_addr,
                    http_request_header(req, "User-Agent"),
                    http_request_cookie(req, AUTH_SESSION_COOKIE), &lr);
    /* the decoded field and the raw body both held the password; neither is needed again */
    auth_wipe((char *)pw, pwlen);
    auth_wipe((char *)req->body, req->body_len);
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    switch (lr.outcome) {
    case AUTH_LOGIN_OK:
        session_cookie(ad, req, res, lr.cookie);
        login_csrf_cookie(ad, req, res, "");
        return see_other(req, res, target ? target : home_of(&lr.session.user));
    case AUTH_LOGIN_LOCKED:
        wait = wait_text(req->arena, lr.retry_after);
        retry = arena_printf(req->arena, "%lld", (long long)lr.retry_after);
        if (retry)
            http_response_header(res, "Retry-After", retry);
        return login_page(ad, req, res, 429, target, name,
                          wait ? arena_printf(req->arena,
                                              "Đăng nhập sai quá nhiều lần. Vui lòng thử lại "
                                              "sau %s.",
                                              wait)
                               : NULL);
    case AUTH_LOGIN_BAD:
    default: return login_page(ad, req, res, 200, target, name, msg_bad_login);
    }
}

/* Logout. */

static void h_logout(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    enum cong_err rc = current_session(ad, req, &s);
    json_t *data;

    if (rc == CONG_ENOTFOUND)
        return see_other(req, res, "/");
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    data = admin_page_data(ad, req, "Đăng xuất", &s);
    admin_render(ad, req, res, 200, "logout", data);
    json_decref(data);
}

static void h_logout_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    enum cong_err rc = current_session(ad, req, &s);

    if (rc == CONG_ENOTFOUND) {
        /* nothing to end; a stale cookie goes */
        if (http_request_cookie(req, AUTH_SESSION_COOKIE))
            session_cookie(ad, req, res, "");
        return see_other(req, res, "/");
    }
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    if (!form_checked_or_respond(ad, req, res, &s))
        return;
    if ((rc = auth_logout(ad->auth, &s, req->remote_addr)) != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    session_cookie(ad, req, res, "");
    see_other(req, res, "/");
}

/* The dashboard. */

static void h_dashboard(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    json_t *data;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    data = admin_page_data(ad, req, "Quản trị", &s);
    if (auth_role_at_least(s.user.role, AUTH_EDITOR)) {
        /* the editors' work queue: articles waiting for review */
        struct article_query q = {.status_mask = 1u << ARTICLE_PENDING, .now = web_now(ad->web)};
        struct article *none;
        size_t n, pending = 0;
        if (store_list_articles(web_store(ad->web), req->arena, &q, &none, &n, &pending) ==
            CONG_OK)
            json_object_set_new(data, "pending_count", json_integer((json_int_t)pending));
    }
    admin_render(ad, req, res, 200, "admin", data);
    json_decref(data);
}

/* Any other page under /quan-tri/: a guest is sent to log in first, then it is a 404. */
static void h_other(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    if (req->nparams && !*req->params[0])
        return see_other(req, res, "/quan-tri");
    admin_fail(ad, req, res, 404, "Trang quản trị này không có.");
}

enum cong_err admin_add_routes(struct admin *ad, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, LOGIN_PATH, h_login, ad)) ||
        (rc = http_router_add(r, HTTP_POST, LOGIN_PATH, h_login_post, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/dang-xuat", h_logout, ad)) ||
        (rc = http_router_add(r, HTTP_POST, "/dang-xuat", h_logout_post, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri", h_dashboard, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/nguoi-dung", admin_h_users, ad)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/nguoi-dung", admin_h_users_add, ad)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/nguoi-dung/:id", admin_h_user_change, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/nhat-ky", admin_h_audit, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/thong-ke", admin_h_stats, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/chuyen-huong", admin_h_redirects, ad)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/chuyen-huong", admin_h_redirects_post,
                              ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/thong-ke.csv", admin_h_stats_csv, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/thu-vien", admin_h_media, ad)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/thu-vien", admin_h_media_post, ad)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/thu-vien/:id/xoa", admin_h_media_delete,
                              ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/bai-viet", admin_h_articles, ad)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, "/quan-tri/bai-viet/moi",
                              admin_h_article_new, ad)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, "/quan-tri/bai-viet/:id", admin_h_article,
                              ad)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, "/quan-tri/bai-viet/:id/xoa",
                              admin_h_article_delete, ad)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/bai-viet/:id/tu-dong-luu",
                              admin_h_article_autosave, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/bai-viet/:id/xem-truoc",
                              admin_h_article_preview, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/bai-viet/:id/lich-su",
                              admin_h_article_history, ad)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/bai-viet/:id/lich-su/:rev",
                              admin_h_article_revision, ad)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/bai-viet/:id/khoi-phuc",
                              admin_h_article_restore, ad)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/xem-truoc", admin_h_markdown_preview,
                              ad)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, "/quan-tri/chuyen-muc",
                              admin_h_categories, ad)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, "/quan-tri/*", h_other, ad)))
        return rc;
    return CONG_OK;
}
