/*
 * Accounts that help themselves: /tai-khoan (my full name, e-mail and unit; my password,
 * which needs the current one and ends my other sessions), /quen-mat-khau (a reset link by
 * e-mail, the same answer whether the address is known or not) and /dat-lai-mat-khau (the
 * link's page: a new password, every session ended). The rules live in the auth module; this
 * file parses forms, sends the link through the web layer's mailer and answers. The two guest
 * forms carry a double-submit token like the login form's (a cookie scoped to the form's path
 * and the same value in the form); pages are private, and the reset page sends no Referer, as
 * its URL holds the secret.
 */
#include "admin_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../mail/mail.h"

#define FORM_COOKIE  "cong_form_csrf"
#define FORGOT_PATH  "/quen-mat-khau"
#define RESET_PATH   "/dat-lai-mat-khau"
#define ACCOUNT_PATH "/tai-khoan"

static const struct admin_notice notices[] = {
    {"ho-so", N_("Đã lưu thông tin tài khoản.")},
    {"mat-khau", N_("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.")},
};

static const char msg_form_expired[] = N_("Biểu mẫu đã hết hạn. Vui lòng thử lại.");
static const char msg_bad_link[] =
    N_("Liên kết đặt lại mật khẩu không đúng, đã dùng hoặc đã hết hạn. Bạn có thể yêu cầu "
    "một liên kết mới.");
static const char msg_no_mail[] =
    N_("Cổng thông tin này chưa được cấu hình gửi thư điện tử, nên không thể gửi liên kết đặt lại "
    "mật khẩu. Vui lòng liên hệ quản trị viên để được đặt lại mật khẩu.");
static const char msg_sent[] =
    N_("Nếu địa chỉ này là e-mail của một tài khoản, chúng tôi đã gửi tới đó một liên kết để đặt "
    "lại mật khẩu. Liên kết dùng được một lần trong vòng một giờ. Hãy kiểm tra cả hộp thư rác.");

/* A form field's value trimmed, "" when absent, in the arena (NULL: out of memory). */
static const char *field(struct http_request *req, const char *name)
{
    const char *v = http_request_form_value(req, name);
    size_t n = v ? strlen(v) : 0;

    v = v ? text_trim(v, &n) : "";
    return arena_strndup(req->arena, v, n);
}

/* The guest form's token at path: the browser's if well formed, else a new one set now. */
static const char *guest_token(struct web *w, struct http_request *req, struct http_response *res,
                               const char *path)
{
    const char *token = http_request_cookie(req, FORM_COOKIE);
    struct auth *au = web_auth(w, req);
    char fresh[AUTH_SECRET_LEN + 1];

    if (auth_secret_is_well_formed(token))
        return token;
    auth_secret_new(fresh);
    token = arena_strdup(req->arena, fresh);
    if (token &&
        http_response_cookie(req, res, FORM_COOKIE, token, path, -1,
                             HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_STRICT |
                                 (au && auth_is_https(au) ? HTTP_COOKIE_SECURE : 0)) != CONG_OK)
        token = NULL;
    return token;
}

/* True if a guest form's POST carries the cookie's token in its "csrf" field. */
static bool guest_form_ok(struct http_request *req)
{
    const char *token = http_request_cookie(req, FORM_COOKIE);

    return auth_secret_is_well_formed(token) &&
           auth_secret_equal(token, http_request_form_value(req, "csrf"));
}

/* My account. */

static void account_page(struct web *w, struct http_request *req, struct http_response *res,
                         const struct web_viewer *v, int status, const char *error,
                         const char *error_field)
{
    const char *notice = error ? NULL : ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    struct auth_user u;
    json_t *data;
    enum cong_err rc;

    if ((rc = auth_user_get(web_auth(w, req), req->arena, v->user.id, &u)) != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    data = web_view_extend(
        web_admin_page_data(w, req, _("Tài khoản của tôi"), v),
        (struct web_kv[]){
            WEB_N("account",
                  web_view((struct web_kv[]){
                      WEB_S("name", u.name), WEB_S("display_name", u.display_name),
                      WEB_S("email", u.email), WEB_S("unit", u.unit),
                      WEB_S("role_label", _(auth_role_label(v->role))),
                      WEB_B("has_dashboard", auth_role_at_least(v->role, AUTH_AUTHOR)), WEB_END})),
            WEB_J("error", error ? web_jstr(error) : NULL),
            WEB_J("error_field", error_field && *error_field ? web_jstr(error_field) : NULL),
            WEB_J("notice", notice ? web_jstr(notice) : NULL), WEB_END});
    web_render_private(w, req, res, status, "account", data);
    json_decref(data);
}

static void h_account(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;

    if (!web_admin_or_respond(w, req, res, AUTH_GUEST, &v))
        return;
    account_page(w, req, res, &v, 200, NULL, NULL);
}

static void change_profile(struct web *w, struct http_request *req, struct http_response *res,
                           const struct web_viewer *v)
{
    struct auth_actor by = auth_actor_of(&v->user, req->remote_addr);
    struct cong_error err = {0};
    const char *name = field(req, "display_name"), *email = field(req, "email");
    const char *unit = field(req, "unit");
    enum cong_err rc;

    if (!name || !email || !unit) {
        web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    rc = auth_user_set_profile(web_auth(w, req), &by, v->user.id, name, email, unit, &err);
    if (rc == CONG_EINVAL)
        account_page(w, req, res, v, 400, err.msg, err.field);
    else if (rc != CONG_OK)
        web_admin_fail(w, req, res, rc, NULL);
    else
        web_see_other(req, res, ACCOUNT_PATH "?tb=ho-so");
}

static void change_password(struct web *w, struct http_request *req, struct http_response *res,
                            const struct web_viewer *v)
{
    const char *cur = http_request_form_value(req, "current");
    const char *next = http_request_form_value(req, "password");
    const char *again = http_request_form_value(req, "password2");
    size_t cur_len = cur ? strlen(cur) : 0, next_len = next ? strlen(next) : 0;
    struct cong_error err = {0};
    enum cong_err rc;

    if (!again || !next || strcmp(next, again) != 0) {
        rc = cong_error_field(&err, "password2", CONG_EINVAL,
                              _("Hai lần nhập mật khẩu mới khác nhau."));
    } else {
        rc = auth_password_change(web_auth(w, req), v->session, cur ? cur : "", cur_len, next,
                                  next_len, req->remote_addr, &err);
    }
    /* the decoded fields and the raw body held the passwords; neither is needed again */
    auth_wipe((char *)cur, cur_len);
    auth_wipe((char *)next, next_len);
    auth_wipe((char *)again, again ? strlen(again) : 0);
    auth_wipe((char *)req->body, req->body_len);
    if (rc == CONG_EINVAL || rc == CONG_ETOOBIG || rc == CONG_EPERM)
        account_page(w, req, res, v, rc == CONG_EPERM ? 403 : 400, err.msg, err.field);
    else if (rc != CONG_OK)
        web_admin_fail(w, req, res, rc, NULL);
    else
        web_see_other(req, res, ACCOUNT_PATH "?tb=mat-khau");
}

static void h_account_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    const char *action;

    if (!web_admin_or_respond(w, req, res, AUTH_GUEST, &v))
        return;
    action = http_request_form_value(req, "action");
    if (action && !strcmp(action, "profile"))
        change_profile(w, req, res, &v);
    else if (action && !strcmp(action, "password"))
        change_password(w, req, res, &v);
    else
        web_admin_refuse(w, req, res, CONG_EINVAL, _("Thao tác không hợp lệ."));
}

/* Forgotten password. */

/* The page of /quen-mat-khau: the form, or a message (sent, no mail) instead of it. */
static void forgot_page(struct web *w, struct http_request *req, struct http_response *res,
                        int status, const char *message, bool form, const char *error)
{
    const char *token = form ? guest_token(w, req, res, FORGOT_PATH) : "";
    json_t *data;

    if (!token) {
        web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    data =
        web_view_extend(web_admin_page_data(w, req, _("Quên mật khẩu"), NULL),
                        (struct web_kv[]){WEB_J("form_csrf", form ? web_jstr(token) : NULL),
                                          WEB_J("message", message ? web_jstr(message) : NULL),
                                          WEB_J("error", error ? web_jstr(error) : NULL), WEB_END});
    web_render_private(w, req, res, status, "forgot", data);
    json_decref(data);
}

static void h_forgot(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;

    if (!mail_is_configured(web_mailer(w)))
        forgot_page(w, req, res, 200, _(msg_no_mail), false, NULL);
    else
        forgot_page(w, req, res, 200, NULL, true, NULL);
}

/* The e-mail of reset link r for the site, to email. A failure to queue is logged. */
static void send_reset(struct web *w, struct http_request *req, const char *email,
                       const struct auth_reset *r)
{
    const char *base = web_base_url(w, req), *site = web_site_name(w, req);
    const char *subject, *body;
    enum cong_err rc;

    if (!*base)
        base = web_site_origin(w, req, web_site(w, req));
    subject = arena_printf(req->arena, _("Đặt lại mật khẩu - %s"), site);
    body = arena_printf(
        req->arena,
        _("Xin chào %s,\n\n"
        "Có người (có thể là bạn) vừa yêu cầu đặt lại mật khẩu cho tài khoản \"%s\" trên %s.\n"
        "Để đặt mật khẩu mới, hãy mở liên kết dưới đây trong vòng một giờ; liên kết chỉ dùng "
        "được một lần:\n\n%s%s?ma=%s\n\n"
        "Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn vẫn giữ nguyên.\n"),
        *r->display_name ? r->display_name : r->name, r->name, site, base ? base : "", RESET_PATH,
        r->secret);
    rc = subject && body ? mail_queue(web_mailer(w), email, subject, body) : CONG_ENOMEM;
    if (body)
        auth_wipe((char *)body, strlen(body));
    if (rc != CONG_OK)
        log_error("mail: cannot queue the reset link of '%s': %s", r->name, cong_strerror(rc));
}

static void h_forgot_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct auth_reset *resets;
    const char *email;
    size_t n;
    enum cong_err rc;

    if (!mail_is_configured(web_mailer(w))) {
        forgot_page(w, req, res, 503, _(msg_no_mail), false, NULL);
        return;
    }
    if (http_request_form(req) != CONG_OK || !(email = field(req, "email"))) {
        forgot_page(w, req, res, 400, NULL, true, _("Dữ liệu biểu mẫu không hợp lệ."));
        return;
    }
    if (!guest_form_ok(req)) {
        forgot_page(w, req, res, 403, NULL, true, _(msg_form_expired));
        return;
    }
    if (!*email) {
        forgot_page(w, req, res, 400, NULL, true, _("Vui lòng nhập địa chỉ e-mail."));
        return;
    }
    rc = auth_reset_request(web_auth(w, req), req->arena, email, req->remote_addr, &resets, &n);
    if (rc == CONG_EBUSY) {
        http_response_header(res, "Retry-After", "3600");
        forgot_page(w, req, res, 429, NULL, true,
                    _("Đã có quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau một giờ."));
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        send_reset(w, req, email, &resets[i]);
        auth_wipe(resets[i].secret, sizeof(resets[i].secret));
    }
    forgot_page(w, req, res, 200, _(msg_sent), false, NULL);
}

/* The reset link's page. */

static void reset_page(struct web *w, struct http_request *req, struct http_response *res,
                       int status, const char *token, const char *message, const char *error)
{
    const char *form = token ? guest_token(w, req, res, RESET_PATH) : NULL;
    json_t *data;

    if (token && !form) {
        web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    http_response_header(res, "Referrer-Policy", "no-referrer");
    data =
        web_view_extend(web_admin_page_data(w, req, _("Đặt lại mật khẩu"), NULL),
                        (struct web_kv[]){WEB_J("form_csrf", form ? web_jstr(form) : NULL),
                                          WEB_J("token", token ? web_jstr(token) : NULL),
                                          WEB_J("message", message ? web_jstr(message) : NULL),
                                          WEB_J("error", error ? web_jstr(error) : NULL), WEB_END});
    web_render_private(w, req, res, status, "reset", data);
    json_decref(data);
}

static void h_reset(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    const char *token = http_request_query(req, "ma");
    enum cong_err rc = auth_reset_check(web_auth(w, req), token);

    if (rc == CONG_ENOTFOUND)
        reset_page(w, req, res, 404, NULL, NULL, _(msg_bad_link));
    else if (rc != CONG_OK)
        web_admin_fail(w, req, res, rc, NULL);
    else
        reset_page(w, req, res, 200, token, NULL, NULL);
}

static void h_reset_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    const char *token, *next, *again;
    struct cong_error err = {0};
    size_t len;
    enum cong_err rc;

    if (http_request_form(req) != CONG_OK) {
        reset_page(w, req, res, 400, NULL, NULL, _("Dữ liệu biểu mẫu không hợp lệ."));
        return;
    }
    token = http_request_form_value(req, "ma");
    if (!auth_secret_is_well_formed(token)) {
        reset_page(w, req, res, 404, NULL, NULL, _(msg_bad_link));
        return;
    }
    if (!guest_form_ok(req)) {
        reset_page(w, req, res, 403, token, NULL, _(msg_form_expired));
        return;
    }
    next = http_request_form_value(req, "password");
    again = http_request_form_value(req, "password2");
    len = next ? strlen(next) : 0;
    if (!next || !again || strcmp(next, again) != 0)
        rc = cong_error_set(&err, CONG_EINVAL, _("Hai lần nhập mật khẩu mới khác nhau."));
    else
        rc = auth_reset_complete(web_auth(w, req), token, next, len, req->remote_addr, &err);
    auth_wipe((char *)next, len);
    auth_wipe((char *)again, again ? strlen(again) : 0);
    auth_wipe((char *)req->body, req->body_len);
    if (rc == CONG_EINVAL || rc == CONG_ETOOBIG) {
        reset_page(w, req, res, 400, token, NULL, err.msg);
        return;
    }
    if (rc == CONG_ENOTFOUND) {
        reset_page(w, req, res, 404, NULL, NULL, _(msg_bad_link));
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    /* every session of the account has ended, this browser's too if it had one */
    if (http_request_cookie(req, auth_session_cookie(web_auth(w, req))))
        web_session_cookie(w, req, res, "");
    reset_page(w, req, res, 200, NULL, _("Đã đặt mật khẩu mới. Mọi phiên đăng nhập cũ đã kết thúc."),
               NULL);
}

enum cong_err admin_account_routes(struct web *w, struct http_router *r)
{
    static const struct {
        unsigned methods;
        const char *path;
        http_handler_fn fn;
    } routes[] = {
        {HTTP_GET, ACCOUNT_PATH, h_account}, {HTTP_POST, ACCOUNT_PATH, h_account_post},
        {HTTP_GET, FORGOT_PATH, h_forgot},   {HTTP_POST, FORGOT_PATH, h_forgot_post},
        {HTTP_GET, RESET_PATH, h_reset},     {HTTP_POST, RESET_PATH, h_reset_post},
    };
    enum cong_err rc;

    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        if ((rc = http_router_add(r, routes[i].methods, routes[i].path, routes[i].fn, w)) !=
            CONG_OK)
            return rc;
    }
    return CONG_OK;
}
