/*
 * Who is asking: a guest, a browser session (cookie) or an API token. The public pages take a
 * failure to read the session as a guest; the admin pages and the API refuse instead. Every
 * state-changing request of a session carries its CSRF token: a form field on admin pages,
 * the X-CSRF-Token header in the API.
 */
#include "web_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../content/content.h"

static const char msg_forbidden[] = N_("Bạn không có quyền truy cập trang này.");
static const char msg_csrf[] = N_("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                               "Vui lòng tải lại trang rồi thử lại.");

static const char msg_cross_site[] = N_("Yêu cầu gửi từ một trang web khác bị từ chối.");

/* True if origin ("scheme://authority", as browsers send it) names authority (any case). */
static bool origin_is(const char *origin, const char *authority)
{
    const char *p = strstr(origin, "://");

    return p && authority && !strcasecmp(p + 3, authority);
}

/*
 * True if a session's write comes from another site: the browser says so (Sec-Fetch-Site:
 * cross-site), or its Origin is neither the Host it asked nor base_url's host ("null", an
 * opaque origin, included). Without either header (older browsers, scripts) the CSRF token
 * alone decides.
 */
static bool is_cross_site(struct web *w, struct http_request *req)
{
    const char *from = http_request_header(req, "Sec-Fetch-Site");
    const char *origin = http_request_header(req, "Origin");
    const char *base = web_base_setting(w, req), *base_host = strstr(base, "://");

    if (from && !strcmp(from, "cross-site"))
        return true;
    if (!origin)
        return false;
    return !origin_is(origin, http_request_header(req, "Host")) &&
           !(base_host && origin_is(origin, base_host + 3));
}

static void as_guest(struct web_viewer *v)
{
    memset(v, 0, sizeof(*v));
    v->role = AUTH_GUEST;
    v->user.role = AUTH_GUEST;
    v->user.name = "";
}

/* The request's session into a new arena copy: CONG_OK, CONG_ENOTFOUND (none, or expired),
   or a store failure. */
static enum cong_err find_session(struct web *w, struct http_request *req,
                                  struct web_viewer *v)
{
    const char *cookie = http_request_cookie(req, auth_session_cookie(w->auth));
    struct auth *au = web_auth(w, req);
    struct auth_session *s;
    enum cong_err rc;

    as_guest(v);
    if (!cookie || !au)
        return CONG_ENOTFOUND;
    s = arena_alloc(req->arena, sizeof(*s));
    if (!s)
        return CONG_ENOMEM;
    /* the site's service: a session made on another site's host is not found here */
    rc = auth_session_find(au, req->arena, cookie, s);
    if (rc != CONG_OK)
        return rc;
    v->logged_in = true;
    v->role = s->user.role;
    v->user = s->user;
    v->session = s;
    return CONG_OK;
}

void web_viewer_find(struct web *w, struct http_request *req, struct web_viewer *v)
{
    enum cong_err rc = find_session(w, req, v);

    if (rc != CONG_OK) {
        if (rc != CONG_ENOTFOUND)
            log_error("cannot read the session for '%s': %s", req->path, cong_strerror(rc));
        as_guest(v); /* sees what guests see, never more */
    }
}

void web_admin_fail(struct web *w, struct http_request *req, struct http_response *res,
                    enum cong_err rc, const struct cong_error *err)
{
    web_page_fail(w, req, res, rc, err);
    web_private(res);
}

void web_admin_refuse(struct web *w, struct http_request *req, struct http_response *res,
                      enum cong_err rc, const char *message)
{
    struct cong_error err = {.code = rc};

    /* a 5xx shows a fixed message: the user's words are no cause for the log */
    if (web_status_of(rc) < 500)
        snprintf(err.msg, sizeof(err.msg), "%s", message ? message : "");
    web_admin_fail(w, req, res, rc, &err);
}

enum cong_err web_viewer_session(struct web *w, struct http_request *req, struct web_viewer *v)
{
    enum cong_err rc = find_session(w, req, v);

    if (rc != CONG_OK)
        as_guest(v);
    return rc;
}

bool web_form_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                         const struct web_viewer *v)
{
    if (http_request_form(req) != CONG_OK) {
        web_admin_refuse(w, req, res, CONG_EINVAL, _("Dữ liệu biểu mẫu không hợp lệ."));
        return false;
    }
    if (is_cross_site(w, req)) {
        web_admin_refuse(w, req, res, CONG_EPERM, _(msg_cross_site));
        return false;
    }
    if (!auth_csrf_is_valid(v->session, http_request_form_value(req, "csrf"))) {
        web_admin_refuse(w, req, res, CONG_EPERM, _(msg_csrf));
        return false;
    }
    return true;
}

bool web_admin_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                          enum auth_role need, struct web_viewer *v)
{
    enum cong_err rc = find_session(w, req, v);

    if (rc == CONG_ENOTFOUND) {
        web_to_login(w, req, res);
        return false;
    }
    if (rc != CONG_OK) {
        web_admin_refuse(w, req, res, rc, NULL);
        return false;
    }
    if (!auth_role_at_least(v->role, need)) {
        web_admin_refuse(w, req, res, CONG_EPERM, _(msg_forbidden));
        return false;
    }
    return req->method != HTTP_POST || web_form_or_respond(w, req, res, v);
}

/* A 401 that tells the client which scheme to use (RFC 6750). */
static void unauthorized(struct http_response *res, bool bad_token, const char *message)
{
    http_response_header(res, "WWW-Authenticate",
                         bad_token ? "Bearer realm=\"cong\", error=\"invalid_token\""
                                   : "Bearer realm=\"cong\"");
    web_json_error(res, 401, "unauthorized", NULL, message);
}

/* The Bearer token of an Authorization header into v; false after answering. */
static bool token_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                             const char *authz, struct web_viewer *v)
{
    const char *token;
    enum cong_err rc;

    if (strncasecmp(authz, "Bearer ", 7) != 0) {
        unauthorized(res, false, _("Hãy dùng tiêu đề Authorization: Bearer TOKEN."));
        return false;
    }
    for (token = authz + 7; *token == ' '; token++)
        ;
    rc = web_auth(w, req) ? auth_token_find(web_auth(w, req), req->arena, token, &v->user)
                          : CONG_ENOTFOUND;
    if (rc == CONG_ENOTFOUND) {
        unauthorized(res, true, _("Mã truy cập không đúng hoặc đã bị thu hồi."));
        return false;
    }
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return false;
    }
    v->logged_in = true;
    v->by_token = true;
    v->role = v->user.role;
    return true;
}

bool web_api_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                        enum auth_role need, struct web_viewer *v)
{
    const char *authz = http_request_header(req, "Authorization");
    enum cong_err rc;

    as_guest(v);
    if (authz) {
        if (!token_or_respond(w, req, res, authz, v))
            return false;
    } else {
        rc = find_session(w, req, v);
        if (rc == CONG_ENOTFOUND) {
            as_guest(v);
            if (need == AUTH_GUEST)
                return true;
            unauthorized(res, false, _("Cần đăng nhập hoặc một mã truy cập (Bearer)."));
            return false;
        }
        if (rc != CONG_OK) {
            web_json_fail(res, rc, NULL);
            return false;
        }
        /* a browser sends the cookie with any request, even one another site made it send */
        if (!(req->method & (HTTP_GET | HTTP_HEAD)) && is_cross_site(w, req)) {
            as_guest(v);
            web_json_error(res, 403, "forbidden", NULL, _(msg_cross_site));
            return false;
        }
        if (!(req->method & (HTTP_GET | HTTP_HEAD)) &&
            !auth_csrf_is_valid(v->session, http_request_header(req, "X-CSRF-Token"))) {
            as_guest(v);
            web_json_error(res, 403, "forbidden", NULL,
                           _("Phiên đăng nhập cần mã CSRF trong tiêu đề X-CSRF-Token."));
            return false;
        }
    }
    if (!auth_role_at_least(v->role, need)) {
        as_guest(v);
        web_json_error(res, 403, "forbidden", NULL, _("Vai trò của bạn không được làm việc này."));
        return false;
    }
    return true;
}

void web_actor(const struct web_viewer *v, const struct http_request *req,
               struct content_actor *out)
{
    out->user_id = v->user.id;
    out->name = v->user.name ? v->user.name : "";
    out->role = v->role;
    out->ip = req->remote_addr ? req->remote_addr : "";
}

json_t *web_viewer_view(const struct web_viewer *v)
{
    if (!v->logged_in)
        return NULL;
    /* the header's link under the user's name: a member has no dashboard, only a way out */
    return web_view((struct web_kv[]){
        WEB_S("name", v->user.name),
        WEB_S("role", auth_role_name(v->role)),
        WEB_S("role_label", _(auth_role_label(v->role))),
        WEB_B("is_admin", v->role == AUTH_ADMIN),
        WEB_B("is_editor", auth_role_at_least(v->role, AUTH_EDITOR)),
        WEB_S("home", auth_role_at_least(v->role, AUTH_AUTHOR) ? "/quan-tri" : "/dang-xuat"),
        WEB_END});
}

json_t *web_admin_nav(const struct web_viewer *v, const char *path)
{
    static const struct {
        const char *url, *label;
        enum auth_role need;
    } sections[] = {
        {"/quan-tri", N_("Tổng quan"), AUTH_AUTHOR},
        {"/quan-tri/bai-viet", N_("Bài viết"), AUTH_AUTHOR},
        {"/quan-tri/thu-vien", N_("Thư viện"), AUTH_AUTHOR},
        {"/quan-tri/van-ban", N_("Văn bản"), AUTH_EDITOR},
        {"/quan-tri/chuyen-muc", N_("Chuyên mục"), AUTH_EDITOR},
        {"/quan-tri/lich-cong-tac", N_("Lịch công tác"), AUTH_EDITOR},
        {"/quan-tri/hoi-dap", N_("Hỏi đáp"), AUTH_EDITOR},
        {"/quan-tri/thong-ke", N_("Thống kê"), AUTH_EDITOR},
        {"/quan-tri/trang", N_("Trang và portlet"), AUTH_ADMIN},
        {"/quan-tri/menu", "Menu", AUTH_ADMIN},
        {"/quan-tri/cai-dat", N_("Cài đặt"), AUTH_ADMIN},
        {"/quan-tri/nguoi-dung", N_("Người dùng"), AUTH_ADMIN},
        {"/quan-tri/nhat-ky", N_("Nhật ký"), AUTH_ADMIN},
        {"/quan-tri/chuyen-huong", N_("Chuyển hướng"), AUTH_ADMIN},
    };
    json_t *list = json_array();
    bool ok = list != NULL;

    for (size_t i = 0; ok && i < sizeof(sections) / sizeof(sections[0]); i++) {
        size_t n = strlen(sections[i].url);
        /* a section's pages below it are that section too; the dashboard is only itself */
        bool current = path && !strncmp(path, sections[i].url, n) &&
                       (path[n] == '\0' || (i > 0 && path[n] == '/'));
        if (!auth_role_at_least(v->role, sections[i].need))
            continue;
        /* "Chuyên mục" alone names one category (a field, a column); here it is the list */
        const char *label = !strcmp(sections[i].url, "/quan-tri/chuyen-muc")
                                ? C_("danh sách", "Chuyên mục")
                                : _(sections[i].label);
        ok = web_list_add(list, web_view((struct web_kv[]){WEB_S("url", sections[i].url),
                                                           WEB_S("label", label),
                                                           WEB_B("current", current), WEB_END}));
    }
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    return list;
}

json_t *web_admin_page_data(struct web *w, struct http_request *req, const char *title,
                            const struct web_viewer *v)
{
    json_t *ctx = web_page_data(w, req, title, req->path, NULL, "admin", 0);

    if (!ctx || !v || !v->session)
        return ctx;
    if (!web_view_add(ctx, (struct web_kv[]){WEB_J("viewer", web_viewer_view(v)),
                                              WEB_N("admin_nav", web_admin_nav(v, req->path)),
                                              WEB_S("csrf", v->session->csrf), WEB_END})) {
        json_decref(ctx);
        return NULL;
    }
    return ctx;
}
