/*
 * The admin's own pages: users (list, create, change role, disable and enable) and the audit
 * log. Only admins reach them: each handler runs admin_viewer_or_respond with AUTH_ADMIN
 * first, which for a POST has also checked the CSRF token. Changes go through the auth
 * module, which writes them to the audit log; a successful POST answers 303 back to the list,
 * so a reload never repeats it.
 */
#include "admin_int.h"

#include <string.h>

#define AUDIT_PER_PAGE 50

/* What ?tb= on the users page says after a change. */
static const struct {
    const char *key;
    const char *text;
} notices[] = {
    {"tao", "Đã tạo người dùng."},
    {"vai-tro", "Đã đổi vai trò."},
    {"khoa", "Đã khoá tài khoản. Mọi phiên đăng nhập của tài khoản đã kết thúc."},
    {"mo-khoa", "Đã mở khoá tài khoản."},
};

/* The Vietnamese words for the audit log's action codes. */
static const struct {
    const char *code;
    const char *label;
} actions[] = {
    {"login", "Đăng nhập"},
    {"login_failed", "Đăng nhập sai"},
    {"login_locked", "Tạm khoá đăng nhập"},
    {"logout", "Đăng xuất"},
    {"user_created", "Tạo người dùng"},
    {"user_disabled", "Khoá tài khoản"},
    {"user_enabled", "Mở khoá tài khoản"},
    {"user_role_changed", "Đổi vai trò"},
    {"password_changed", "Đổi mật khẩu"},
    {"token_created", "Tạo mã API"},
    {"token_revoked", "Thu hồi mã API"},
    {"page_created", "Tạo trang"},
    {"page_changed", "Sửa trang"},
    {"page_deleted", "Xóa trang"},
    {"portlet_added", "Thêm portlet"},
    {"portlet_changed", "Sửa portlet"},
    {"portlet_moved", "Di chuyển portlet"},
    {"portlet_deleted", "Xóa portlet"},
    {"redirect_added", "Thêm chuyển hướng"},
    {"redirect_removed", "Xóa chuyển hướng"},
    {"media_uploaded", "Tải tệp lên"},
    {"media_deleted", "Xóa tệp"},
    {"article_created", "Tạo bài viết"},
    {"article_saved", "Lưu bài viết"},
    {"article_submitted", "Gửi duyệt bài"},
    {"article_approved", "Duyệt và đăng bài"},
    {"article_rejected", "Trả lại bài"},
    {"article_published", "Đăng bài"},
    {"article_unpublished", "Gỡ bài xuống"},
    {"article_deleted", "Xóa bài viết"},
    {"article_restored", "Khôi phục phiên bản bài"},
    {"category_created", "Tạo chuyên mục"},
    {"category_updated", "Sửa chuyên mục"},
    {"category_moved", "Đổi thứ tự chuyên mục"},
    {"category_deleted", "Xóa chuyên mục"},
};

static const char *action_label(const char *code)
{
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        if (!strcmp(code, actions[i].code))
            return actions[i].label;
    }
    return code;
}

/* The roles a user may have, for a <select>, with selected marked. */
static json_t *role_options(enum auth_role selected)
{
    json_t *list = json_array();

    for (enum auth_role r = AUTH_MEMBER; r <= AUTH_ADMIN; r++) {
        json_t *o = json_object();
        json_object_set_new(o, "value", json_string(auth_role_name(r)));
        json_object_set_new(o, "label", json_string(auth_role_label(r)));
        json_object_set_new(o, "selected", json_boolean(r == selected));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *date_string(int64_t t, bool with_time)
{
    struct buf b;
    json_t *s;

    buf_init(&b, 64);
    if (with_time)
        time_add_datetime(&b, t);
    else
        time_add_date(&b, t);
    s = json_stringn(b.data, b.len);
    buf_release(&b);
    return s;
}

/*
 * The users page with status: the list, the form to add one (filled with name and role after
 * a refused attempt) and a message (error, or the notice of ?tb=).
 */
static void users_page(struct admin *ad, struct http_request *req, struct http_response *res,
                       const struct auth_session *s, int status, const char *name,
                       enum auth_role role, const char *error)
{
    const char *tb = http_request_query(req, "tb");
    struct auth_user *users;
    size_t n;
    json_t *ctx, *list, *form;
    enum cong_err rc;

    if ((rc = auth_user_list(ad->auth, req->arena, &users, &n)) != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    ctx = admin_page_data(ad, req, "Người dùng", s);
    list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *u = json_object();
        json_object_set_new(u, "id", json_integer(users[i].id));
        json_object_set_new(u, "name", json_string(users[i].name));
        json_object_set_new(u, "role_label", json_string(auth_role_label(users[i].role)));
        json_object_set_new(u, "roles", role_options(users[i].role));
        json_object_set_new(u, "disabled", json_boolean(users[i].disabled));
        json_object_set_new(u, "created", date_string(users[i].created_at, false));
        json_object_set_new(u, "is_self", json_boolean(users[i].id == s->user.id));
        json_array_append_new(list, u);
    }
    json_object_set_new(ctx, "users", list);
    form = json_object();
    json_object_set_new(form, "name", json_string(name ? name : ""));
    json_object_set_new(form, "roles", role_options(role));
    json_object_set_new(ctx, "form", form);
    if (error) {
        json_object_set_new(ctx, "error", json_string(error));
    } else if (tb) {
        for (size_t i = 0; i < sizeof(notices) / sizeof(notices[0]); i++) {
            if (!strcmp(tb, notices[i].key))
                json_object_set_new(ctx, "notice", json_string(notices[i].text));
        }
    }
    admin_render(ad, req, res, status, "admin-users", ctx);
    json_decref(ctx);
}

void admin_h_users(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_ADMIN, &s))
        return;
    users_page(ad, req, res, &s, 200, NULL, AUTH_MEMBER, NULL);
}

void admin_h_users_add(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    struct auth_actor by;
    enum auth_role role = AUTH_GUEST;
    const char *name, *pw;
    size_t pwlen, n;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_ADMIN, &s))
        return;
    name = http_request_form_value(req, "name");
    n = name ? strlen(name) : 0;
    name = name ? arena_strndup(req->arena, text_trim(name, &n), n) : "";
    pw = http_request_form_value(req, "password");
    pwlen = pw ? strlen(pw) : 0;
    if (!name)
        return admin_store_failed(ad, req, res, CONG_ENOMEM);
    if (!auth_user_name_is_valid(name)) {
        rc = CONG_EINVAL;
        users_page(ad, req, res, &s, 400, name, AUTH_MEMBER,
                   "Tên đăng nhập phải dài 2–64 ký tự, chỉ gồm chữ thường không dấu, chữ số, "
                   "dấu chấm, gạch dưới hoặc gạch ngang, và bắt đầu bằng chữ hoặc số.");
    } else if (!auth_role_parse(http_request_form_value(req, "role"), &role) ||
               role == AUTH_GUEST) {
        rc = CONG_EINVAL;
        users_page(ad, req, res, &s, 400, name, AUTH_MEMBER, "Vai trò không hợp lệ.");
    } else if (auth_password_check(pw, pwlen) != CONG_OK) {
        rc = CONG_EINVAL;
        users_page(ad, req, res, &s, 400, name, role,
                   "Mật khẩu phải có ít nhất 10 ký tự (và không quá 1024 byte).");
    } else {
        by = auth_actor_of(&s.user, req->remote_addr);
        rc = auth_user_add(ad->auth, &by, name, role, pw, pwlen, NULL, NULL);
        if (rc == CONG_EEXIST)
            users_page(ad, req, res, &s, 409, name, role, "Tên đăng nhập này đã có người dùng.");
        else if (rc != CONG_OK)
            admin_store_failed(ad, req, res, rc);
    }
    auth_wipe((char *)pw, pwlen);
    auth_wipe((char *)req->body, req->body_len);
    if (rc == CONG_OK) {
        http_response_redirect(req, res, 303, "/quan-tri/nguoi-dung?tb=tao");
        http_response_set_header(res, "Cache-Control", "no-store");
    }
}

void admin_h_user_change(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    struct auth_actor by;
    enum auth_role role;
    const char *action, *done;
    int64_t id;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_ADMIN, &s))
        return;
    if (!text_parse_i64(req->params[0], strlen(req->params[0]), &id) || id <= 0)
        return admin_fail(ad, req, res, 404, "Không có người dùng này.");
    /* an admin who locks or demotes themselves may leave the portal with no admin at all */
    if (id == s.user.id)
        return users_page(ad, req, res, &s, 409, NULL, AUTH_MEMBER,
                          "Bạn không thể tự khoá hay đổi vai trò của chính mình.");
    by = auth_actor_of(&s.user, req->remote_addr);
    action = http_request_form_value(req, "action");
    action = action ? action : "";
    if (!strcmp(action, "role")) {
        if (!auth_role_parse(http_request_form_value(req, "role"), &role) || role == AUTH_GUEST)
            return users_page(ad, req, res, &s, 400, NULL, AUTH_MEMBER, "Vai trò không hợp lệ.");
        rc = auth_user_set_role(ad->auth, &by, id, role);
        done = "vai-tro";
    } else if (!strcmp(action, "disable") || !strcmp(action, "enable")) {
        rc = auth_user_set_disabled(ad->auth, &by, id, !strcmp(action, "disable"));
        done = !strcmp(action, "disable") ? "khoa" : "mo-khoa";
    } else {
        return admin_fail(ad, req, res, 400, "Thao tác không hợp lệ.");
    }
    if (rc == CONG_ENOTFOUND)
        return admin_fail(ad, req, res, 404, "Không có người dùng này.");
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    done = arena_printf(req->arena, "/quan-tri/nguoi-dung?tb=%s", done);
    http_response_redirect(req, res, 303, done ? done : "/quan-tri/nguoi-dung");
    http_response_set_header(res, "Cache-Control", "no-store");
}

void admin_h_audit(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    const char *trang = http_request_query(req, "trang");
    struct auth_session s;
    struct audit_entry *entries;
    size_t n, total, pages;
    int64_t page = 1;
    json_t *data, *list, *p;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_ADMIN, &s))
        return;
    if (trang && (!text_parse_i64(trang, strlen(trang), &page) || page < 1 || page > 1000000))
        return admin_fail(ad, req, res, 400, "Số trang không hợp lệ.");
    rc = auth_audit_list(ad->auth, req->arena, (size_t)(page - 1) * AUDIT_PER_PAGE, AUDIT_PER_PAGE,
                         &entries, &n, &total);
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    pages = total ? (total + AUDIT_PER_PAGE - 1) / AUDIT_PER_PAGE : 1;
    if ((size_t)page > pages)
        return admin_fail(ad, req, res, 404, "Nhật ký không có trang này.");
    data = admin_page_data(ad, req, "Nhật ký hoạt động", &s);
    list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "at", date_string(entries[i].at, true));
        json_object_set_new(e, "user_name", json_string(entries[i].user_name));
        json_object_set_new(e, "ip", json_string(entries[i].ip));
        json_object_set_new(e, "action", json_string(entries[i].action));
        json_object_set_new(e, "action_label", json_string(action_label(entries[i].action)));
        json_object_set_new(e, "target", json_string(entries[i].target));
        json_object_set_new(e, "detail", json_string(entries[i].detail));
        json_array_append_new(list, e);
    }
    json_object_set_new(data, "entries", list);
    if (pages > 1) {
        p = json_object();
        json_object_set_new(p, "page", json_integer(page));
        json_object_set_new(p, "pages", json_integer((json_int_t)pages));
        if (page > 1)
            json_object_set_new(p, "prev_url",
                                json_string(arena_printf(req->arena, "/quan-tri/nhat-ky?trang=%lld",
                                                         (long long)page - 1)));
        if ((size_t)page < pages)
            json_object_set_new(p, "next_url",
                                json_string(arena_printf(req->arena, "/quan-tri/nhat-ky?trang=%lld",
                                                         (long long)page + 1)));
        json_object_set_new(data, "pagination", p);
    }
    admin_render(ad, req, res, 200, "admin-audit", data);
    json_decref(data);
}
