/*
 * The admin's front door: its routes, the login and logout pages and the dashboard (the
 * checks every admin page runs first are the web layer's web_admin_or_respond). The login form is guarded against cross-site posting by a double-submit
 * token: GET /dang-nhap sets a random value in an HttpOnly, SameSite=Strict cookie scoped to
 * /dang-nhap and writes the same value into the form; a POST must bring both, equal. Another
 * site can neither read the cookie nor make the browser send it, so it cannot forge a login.
 * Once logged in, forms carry the session's own CSRF token instead. Pages here show private
 * data and are never cached.
 */
#include "admin_int.h"
#include "../i18n/i18n.h"

#include <stdlib.h>
#include <string.h>

#define LOGIN_CSRF_COOKIE AUTH_LOGIN_CSRF_COOKIE
#define LOGIN_PATH        "/dang-nhap"

static const char msg_bad_login[] = N_("Tên đăng nhập hoặc mật khẩu không đúng.");
static const char msg_login_csrf[] = N_("Biểu mẫu đăng nhập đã hết hạn. Vui lòng đăng nhập lại.");

enum cong_err admin_new(struct web *w, struct admin **out)
{
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return CONG_ENOMEM;
    (*out)->web = w;
    return CONG_OK;
}

void admin_free(struct admin *ad)
{
    free(ad);
}

const char *admin_notice_of(const struct admin_notice *table, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++) {
        if (!strcmp(table[i].code, code))
            return _(table[i].text);
    }
    return NULL;
}

void admin_audit(struct web *w, struct http_request *req, const struct web_viewer *v,
                 const char *action, const char *target, const char *detail)
{
    struct auth_actor by = auth_actor_of(&v->user, req->remote_addr);

    if (auth_audit(web_auth(w, req), &by, action, target, detail) != CONG_OK)
        log_error("admin: cannot write '%s' to the audit log", action);
}

/* The login form's own token cookie, scoped to the form: set (value non-empty) or deleted. */
static void login_csrf_cookie(struct web *w, struct http_request *req, struct http_response *res,
                              const char *value)
{
    struct auth *au = web_auth(w, req);
    unsigned flags = HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_STRICT |
                     (au && auth_is_https(au) ? HTTP_COOKIE_SECURE : 0);

    if (http_response_cookie(req, res, LOGIN_CSRF_COOKIE, value, LOGIN_PATH, *value ? -1 : 0,
                             flags) != CONG_OK)
        log_error("admin: cannot set the login form's cookie: out of memory");
}

/* Where a user goes after login without a target: the dashboard if the role has one. */
static const char *home_of(const struct auth_user *u)
{
    return auth_role_at_least(u->role, AUTH_AUTHOR) ? "/quan-tri" : "/";
}

/* Login. */

/*
 * The login form, with status, the target to come back to, the name typed and a message.
 * Keeps the form's token cookie if the browser has a well-formed one (several tabs may be
 * open), else sets a new one.
 */
static void login_page(struct web *w, struct http_request *req, struct http_response *res,
                       int status, const char *target, const char *name, const char *error)
{
    const char *token = http_request_cookie(req, LOGIN_CSRF_COOKIE);
    char fresh[AUTH_SECRET_LEN + 1];
    json_t *data;

    if (!auth_secret_is_well_formed(token)) {
        auth_secret_new(fresh);
        token = arena_strdup(req->arena, fresh);
        if (!token) {
            web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
            return;
        }
    }
    data = web_view_extend(
        web_admin_page_data(w, req, _("Đăng nhập"), NULL),
        (struct web_kv[]){WEB_N("login", web_view((struct web_kv[]){
                                             WEB_S("csrf", token), WEB_S("name", name),
                                             WEB_J("tiep", target ? web_jstr(target) : NULL),
                                             WEB_J("error", error ? web_jstr(error) : NULL),
                                             WEB_END})),
                          WEB_END});
    web_render_private(w, req, res, status, "login", data);
    json_decref(data);
    login_csrf_cookie(w, req, res, token);
}

static void h_login(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    const char *target = web_safe_target(http_request_query(req, "tiep"));
    struct web_viewer v;
    enum cong_err rc = web_viewer_session(w, req, &v);

    if (rc == CONG_OK) {
        web_see_other(req, res, target ? target : home_of(&v.user));
        return;
    }
    if (rc != CONG_ENOTFOUND) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    login_page(w, req, res, 200, target, NULL, NULL);
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

/* "8 giây" under a minute, "15 phút", or hours once it is an hour or more. */
static const char *wait_text(struct arena *a, int64_t seconds)
{
    int64_t minutes = (seconds + 59) / 60;

    int64_t n;

    if (seconds < 60) {
        n = seconds > 0 ? seconds : 1;
        return arena_printf(a, P_("%lld giây", "%lld giây", n), (long long)n);
    }
    if (minutes < 60)
        return arena_printf(a, P_("%lld phút", "%lld phút", minutes), (long long)minutes);
    n = (minutes + 59) / 60;
    return arena_printf(a, P_("%lld giờ", "%lld giờ", n), (long long)n);
}

/*
 * The answer to a login refused before its password was looked at: 429 with Retry-After and
 * how long to wait; slowed says the name is under attack rather than this client locked out.
 */
static void login_locked(struct web *w, struct http_request *req, struct http_response *res,
                         const char *target, const char *name, int64_t retry_after, bool slowed)
{
    const char *wait = wait_text(req->arena, retry_after);
    const char *retry = arena_printf(req->arena, "%lld", (long long)retry_after);
    const char *msg = NULL;

    if (retry)
        http_response_header(res, "Retry-After", retry);
    if (wait && slowed)
        msg = arena_printf(req->arena,
                           _("Tài khoản này vừa bị đăng nhập sai nhiều lần. "
                           "Vui lòng thử lại sau %s."),
                           wait);
    else if (wait)
        msg =
            arena_printf(req->arena, _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %s."), wait);
    login_page(w, req, res, 429, target, name, msg);
}

static void h_login_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    const char *target, *token, *pw, *name;
    struct auth_login lr;
    enum cong_err rc;
    size_t pwlen;

    if (http_request_form(req) != CONG_OK) {
        web_admin_refuse(w, req, res, CONG_EINVAL, _("Dữ liệu biểu mẫu không hợp lệ."));
        return;
    }
    target = web_safe_target(http_request_form_value(req, "tiep"));
    name = typed_name(req->arena, http_request_form_value(req, "name"));
    if (!name) {
        web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    token = http_request_cookie(req, LOGIN_CSRF_COOKIE);
    if (!auth_secret_is_well_formed(token) ||
        !auth_secret_equal(token, http_request_form_value(req, "csrf"))) {
        login_page(w, req, res, 403, target, name, _(msg_login_csrf));
        return;
    }

    pw = http_request_form_value(req, "password");
    pwlen = pw ? strlen(pw) : 0;
    rc = auth_login(web_auth(w, req), req->arena, name, pw ? pw : "", pwlen, req->remote_addr,
                    http_request_header(req, "User-Agent"),
                    http_request_cookie(req, auth_session_cookie(web_auth(w, req))), &lr);
    /* the decoded field and the raw body both held the password; neither is needed again */
    auth_wipe((char *)pw, pwlen);
    auth_wipe((char *)req->body, req->body_len);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    switch (lr.outcome) {
    case AUTH_LOGIN_OK:
        web_session_cookie(w, req, res, lr.cookie);
        login_csrf_cookie(w, req, res, "");
        web_see_other(req, res, target ? target : home_of(&lr.session.user));
        return;
    case AUTH_LOGIN_LOCKED: login_locked(w, req, res, target, name, lr.retry_after, false); return;
    case AUTH_LOGIN_SLOWED: login_locked(w, req, res, target, name, lr.retry_after, true); return;
    case AUTH_LOGIN_BAD:
    default: login_page(w, req, res, 200, target, name, _(msg_bad_login)); return;
    }
}

/* Logout. */

static void h_logout(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    enum cong_err rc = web_viewer_session(w, req, &v);
    json_t *data;

    if (rc == CONG_ENOTFOUND) {
        web_see_other(req, res, "/");
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    data = web_admin_page_data(w, req, _("Đăng xuất"), &v);
    web_render_private(w, req, res, 200, "logout", data);
    json_decref(data);
}

static void h_logout_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    enum cong_err rc = web_viewer_session(w, req, &v);

    if (rc == CONG_ENOTFOUND) {
        /* nothing to end; a stale cookie goes */
        if (http_request_cookie(req, auth_session_cookie(web_auth(w, req))))
            web_session_cookie(w, req, res, "");
        web_see_other(req, res, "/");
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    if (!web_form_or_respond(w, req, res, &v))
        return;
    if ((rc = auth_logout(web_auth(w, req), v.session, req->remote_addr)) != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    web_session_cookie(w, req, res, "");
    web_see_other(req, res, "/");
}

/* The dashboard. */

#define DASHBOARD_NOTICES 10

/* The viewer's latest notices on the site ({text, link, at}); NULL when there are none or
   they cannot be read (logged): the dashboard goes on without them. */
static json_t *notice_rows(struct web *w, struct http_request *req, const struct web_viewer *v)
{
    struct notice *list;
    size_t n;
    json_t *rows;
    enum cong_err rc = store_list_notices(web_store(w, req), req->arena, v->user.id,
                                          DASHBOARD_NOTICES, &list, &n);

    if (rc != CONG_OK) {
        log_error("admin: cannot read the notices of '%s': %s", v->user.name, cong_strerror(rc));
        return NULL;
    }
    if (n == 0 || !(rows = json_array()))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!web_list_add(rows, web_view((struct web_kv[]){WEB_S("kind", list[i].kind),
                                                           WEB_S("text", list[i].text),
                                                           WEB_S("link", list[i].link),
                                                           WEB_DATETIME("at", list[i].created_at),
                                                           WEB_END}))) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

#define DASH_PENDING 5 /* articles waiting for review, listed */
#define DASH_AUDIT   8 /* latest audit lines */

/* The articles waiting for review: the first few as {title, url} and *total. NULL on failure
   (the dashboard then goes without them). */
static json_t *pending_articles(struct web *w, struct http_request *req, size_t *total)
{
    struct article_query q = {.status_mask = 1u << ARTICLE_PENDING, .now = web_now(w),
                              .limit = DASH_PENDING};
    struct article *list;
    size_t n;
    json_t *rows;
    bool ok;

    if (store_list_articles(web_store(w, req), req->arena, &q, &list, &n, total) != CONG_OK)
        return NULL;
    rows = json_array();
    ok = rows != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(rows, web_view((struct web_kv[]){
                                    WEB_S("title", list[i].title),
                                    WEB_S("url", arena_printf(req->arena, "/quan-tri/bai-viet/%lld",
                                                              (long long)list[i].id)),
                                    WEB_DATE("date", list[i].updated_at), WEB_END}));
    if (!ok) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}

/* The latest lines of the audit log as {rows}; NULL when there are none or on failure. */
static json_t *latest_audit(struct web *w, struct http_request *req)
{
    struct audit_entry *list;
    size_t n;
    json_t *rows;
    bool ok;

    if (store_list_audit(web_store(w, req), req->arena, 0, DASH_AUDIT, &list, &n, NULL) != CONG_OK)
        return NULL;
    rows = json_array();
    ok = rows != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(rows, web_view((struct web_kv[]){
                                    WEB_DATETIME("at", list[i].at),
                                    WEB_S("user", *list[i].user_name ? list[i].user_name : _("—")),
                                    WEB_S("action", admin_audit_label(list[i].action)),
                                    WEB_S("target", list[i].target), WEB_END}));
    if (!ok || !n) {
        json_decref(rows);
        return NULL;
    }
    /* an object, so that the theme draws the table once around the rows */
    return web_view((struct web_kv[]){WEB_N("rows", rows), WEB_END});
}

/* A count for the template: the number, or nothing when it is 0 or unknown. */
static json_t *count_json(enum cong_err rc, size_t n)
{
    return rc == CONG_OK && n ? json_integer((json_int_t)n) : NULL;
}

static void h_dashboard(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct store *st;
    struct web_viewer v;
    struct question_query qq = {.status = QUESTION_PENDING, .limit = 1};
    struct question *none;
    size_t pending = 0, questions = 0, comments = 0;
    enum cong_err qrc = CONG_ENOTFOUND, crc = CONG_ENOTFOUND;
    bool is_editor, may_approve, is_admin, have_count;
    json_t *data, *articles = NULL, *notices;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    st = web_store(w, req);
    notices = notice_rows(w, req, &v);
    is_editor = auth_role_at_least(v.role, AUTH_EDITOR);
    may_approve = auth_role_at_least(v.role, AUTH_PUBLISHER);
    is_admin = v.role == AUTH_ADMIN;
    /* the work waiting for this viewer: what a store failure hides is only left out */
    if (is_editor)
        articles = pending_articles(w, req, &pending);
    if (is_editor) {
        qrc = store_list_questions(st, req->arena, &qq, &none, &questions, &questions);
        crc = store_count_pending_document_comments(st, &comments);
    }
    /* the count for every editor; the list for those who may approve */
    have_count = articles != NULL;
    if (!may_approve || !pending) {
        json_decref(articles);
        articles = NULL;
    }
    data = web_view_extend(
        web_admin_page_data(w, req, _("Quản trị"), &v),
        (struct web_kv[]){
            WEB_J("pending_count", have_count ? json_integer((json_int_t)pending) : NULL),
            WEB_J("pending_articles", articles),
            WEB_B("may_approve", may_approve),
            WEB_J("pending_questions", count_json(qrc, questions)),
            WEB_J("pending_comments", count_json(crc, comments)),
            WEB_J("audit", is_admin ? latest_audit(w, req) : NULL),
            WEB_J("chart_svg", is_editor ? admin_stats_chart(w, req, 30) : NULL),
            WEB_B("has_notices", notices != NULL),
            WEB_J("notices", notices),
            WEB_END});
    web_render_private(w, req, res, 200, "admin", data);
    json_decref(data);
}

/* Any other page under /quan-tri/: a guest is sent to log in first, then it is a 404. */
static void h_other(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    if (req->nparams && !*req->params[0]) {
        web_see_other(req, res, "/quan-tri");
        return;
    }
    web_admin_refuse(w, req, res, CONG_ENOTFOUND, _("Trang quản trị này không có."));
}

/* The admin's routes. These and the composition pages (portal_pages.c) go before the
   catch-all under /quan-tri/, which the router would otherwise match first. */
static const struct {
    unsigned methods;
    const char *path;
    http_handler_fn fn;
} routes[] = {
    {HTTP_GET, LOGIN_PATH, h_login},
    {HTTP_POST, LOGIN_PATH, h_login_post},
    {HTTP_GET, "/dang-xuat", h_logout},
    {HTTP_POST, "/dang-xuat", h_logout_post},
    {HTTP_GET, "/quan-tri", h_dashboard},
    {HTTP_GET, "/quan-tri/nguoi-dung", admin_h_users},
    {HTTP_POST, "/quan-tri/nguoi-dung", admin_h_users_add},
    {HTTP_POST, "/quan-tri/nguoi-dung/:id", admin_h_user_change},
    {HTTP_GET, "/quan-tri/nhat-ky", admin_h_audit},
    {HTTP_GET, "/quan-tri/thong-ke", admin_h_stats},
    {HTTP_GET, "/quan-tri/chuyen-huong", admin_h_redirects},
    {HTTP_POST, "/quan-tri/chuyen-huong", admin_h_redirects_post},
    {HTTP_GET, "/quan-tri/thong-ke.csv", admin_h_stats_csv},
    {HTTP_GET, "/quan-tri/thu-vien", admin_h_media},
    {HTTP_POST, "/quan-tri/thu-vien", admin_h_media_post},
    {HTTP_POST, "/quan-tri/thu-vien/:id/xoa", admin_h_media_delete},
    {HTTP_GET, "/quan-tri/bai-viet", admin_h_articles},
    {HTTP_GET | HTTP_POST, "/quan-tri/bai-viet/moi", admin_h_article_new},
    {HTTP_POST, "/quan-tri/bai-viet/hang-loat", admin_h_articles_bulk},
    {HTTP_GET | HTTP_POST, "/quan-tri/bai-viet/:id", admin_h_article},
    {HTTP_GET | HTTP_POST, "/quan-tri/bai-viet/:id/xoa", admin_h_article_delete},
    {HTTP_POST, "/quan-tri/bai-viet/:id/tu-dong-luu", admin_h_article_autosave},
    {HTTP_GET, "/quan-tri/bai-viet/:id/xem-truoc", admin_h_article_preview},
    {HTTP_GET, "/quan-tri/bai-viet/:id/lich-su", admin_h_article_history},
    {HTTP_GET, "/quan-tri/bai-viet/:id/lich-su/:rev", admin_h_article_revision},
    {HTTP_POST, "/quan-tri/bai-viet/:id/khoi-phuc", admin_h_article_restore},
    {HTTP_POST, "/quan-tri/bai-viet/:id/chia-se", admin_h_article_share},
    {HTTP_POST, "/quan-tri/xem-truoc", admin_h_markdown_preview},
    {HTTP_GET | HTTP_POST, "/quan-tri/chuyen-muc", admin_h_categories},
    {HTTP_GET, "/quan-tri/menu", admin_h_menus},
    {HTTP_POST, "/quan-tri/menu", admin_h_menus_post},
    {HTTP_GET, "/quan-tri/cai-dat", admin_h_settings},
    {HTTP_POST, "/quan-tri/cai-dat", admin_h_settings_post},
};

enum cong_err admin_add_routes(struct admin *ad, struct http_router *r)
{
    enum cong_err rc;

    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        rc = http_router_add(r, routes[i].methods, routes[i].path, routes[i].fn, ad->web);
        if (rc != CONG_OK)
            return rc;
    }
    if ((rc = admin_portal_add_routes(ad->web, r)) != CONG_OK ||
        (rc = admin_account_routes(ad->web, r)) != CONG_OK)
        return rc;
    return http_router_add(r, HTTP_GET | HTTP_POST, "/quan-tri/*", h_other, ad->web);
}
