/*
 * The admin's own pages: users (list, create, change role, disable and enable) and the audit
 * log. Only admins reach them: each handler runs web_admin_or_respond with AUTH_ADMIN first,
 * which for a POST has also checked the CSRF token. Changes go through the auth
 * module, which writes them to the audit log; a successful POST answers 303 back to the list,
 * so a reload never repeats it.
 */
#include "admin_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#define AUDIT_PER_PAGE 50

/* What ?tb= on the users page says after a change. */
static const struct admin_notice notices[] = {
    {"tao", N_("Đã tạo người dùng.")},
    {"cap", N_("Đã cấp vai trò trên cổng này cho tài khoản.")},
    {"go", N_("Đã bỏ vai trò của tài khoản trên cổng này (tài khoản vẫn còn).")},
    {"vai-tro", N_("Đã đổi vai trò.")},
    {"khoa", N_("Đã khóa tài khoản. Mọi phiên đăng nhập của tài khoản đã kết thúc.")},
    {"mo-khoa", N_("Đã mở khóa tài khoản.")},
    {"ho-so", N_("Đã lưu họ tên, e-mail và đơn vị của tài khoản.")},
};

/* The Vietnamese words for the audit log's action codes. */
static const struct {
    const char *code;
    const char *label;
} actions[] = {
    {"login", N_("Đăng nhập")},
    {"login_failed", N_("Đăng nhập sai")},
    {"login_locked", N_("Tạm khóa đăng nhập")},
    {"logout", N_("Đăng xuất")},
    {"user_created", N_("Tạo người dùng")},
    {"user_disabled", N_("Khóa tài khoản")},
    {"user_enabled", N_("Mở khóa tài khoản")},
    {"user_role_changed", N_("Đổi vai trò")},
    {"password_changed", N_("Đổi mật khẩu")},
    {"password_change_failed", N_("Đổi mật khẩu sai mật khẩu cũ")},
    {"password_reset_requested", N_("Yêu cầu đặt lại mật khẩu")},
    {"password_reset", N_("Đặt lại mật khẩu qua e-mail")},
    {"user_profile_changed", N_("Sửa thông tin tài khoản")},
    {"token_created", N_("Tạo mã API")},
    {"token_revoked", N_("Thu hồi mã API")},
    {"page_created", N_("Tạo trang")},
    {"page_changed", N_("Sửa trang")},
    {"page_deleted", N_("Xóa trang")},
    {"portlet_added", N_("Thêm portlet")},
    {"portlet_changed", N_("Sửa portlet")},
    {"portlet_moved", N_("Di chuyển portlet")},
    {"portlet_deleted", N_("Xóa portlet")},
    {"redirect_added", N_("Thêm chuyển hướng")},
    {"redirect_removed", N_("Xóa chuyển hướng")},
    {"media_uploaded", N_("Tải tệp lên")},
    {"media_deleted", N_("Xóa tệp")},
    {"article_created", N_("Tạo bài viết")},
    {"article_saved", N_("Lưu bài viết")},
    {"article_submitted", N_("Gửi duyệt bài")},
    {"article_approved", N_("Duyệt và đăng bài")},
    {"article_rejected", N_("Trả lại bài")},
    {"article_published", N_("Đăng bài")},
    {"article_unpublished", N_("Gỡ bài xuống")},
    {"article_deleted", N_("Xóa bài viết")},
    {"article_restored", N_("Khôi phục phiên bản bài")},
    {"category_created", N_("Tạo chuyên mục")},
    {"category_updated", N_("Sửa chuyên mục")},
    {"category_moved", N_("Đổi thứ tự chuyên mục")},
    {"category_deleted", N_("Xóa chuyên mục")},
    {"menu_item_added", N_("Thêm mục menu")},
    {"menu_item_changed", N_("Sửa mục menu")},
    {"menu_item_moved", N_("Đổi thứ tự menu")},
    {"menu_item_removed", N_("Xóa mục menu")},
    {"setting_changed", N_("Đổi cài đặt")},
    {"article_shared", N_("Chia sẻ bài lên cổng cấp trên")},
    {"article_unshared", N_("Thôi chia sẻ bài lên cổng cấp trên")},
    {"document_created", N_("Thêm văn bản")},
    {"document_saved", N_("Sửa văn bản")},
    {"document_deleted", N_("Xóa văn bản")},
    {"document_file_added", N_("Đính kèm tệp vào văn bản")},
    {"document_lists_changed", N_("Sửa danh mục văn bản")},
    {"comment_published", N_("Công bố góp ý")},
    {"comment_hidden", N_("Ẩn góp ý")},
    {"question_answered", N_("Trả lời câu hỏi")},
    {"question_published", N_("Đăng câu hỏi")},
    {"question_hidden", N_("Ẩn câu hỏi")},
    {"question_removed", N_("Xóa câu hỏi")},
    {"schedule_added", N_("Thêm mục lịch công tác")},
    {"schedule_changed", N_("Sửa mục lịch công tác")},
    {"schedule_removed", N_("Xóa mục lịch công tác")},
    {"site_created", N_("Tạo cổng")},
    {"site_removed", N_("Gỡ cổng")},
    {"site_purged", N_("Xóa hẳn cổng")},
};

static const char *action_label(const char *code)
{
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        if (!strcmp(code, actions[i].code))
            return _(actions[i].label);
    }
    return code;
}

const char *admin_audit_label(const char *code)
{
    return action_label(code);
}

/* The roles a user may have, for a <select>, with selected marked. NULL: out of memory. */
static json_t *role_options(enum auth_role selected)
{
    json_t *list = json_array();

    for (enum auth_role r = AUTH_MEMBER; list && r <= AUTH_ADMIN; r++) {
        if (json_array_append_new(list, web_view((struct web_kv[]){
                                            WEB_S("value", auth_role_name(r)),
                                            WEB_S("label", _(auth_role_label(r))),
                                            WEB_B("selected", r == selected), WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *user_rows(const struct auth_user *users, size_t n, int64_t self)
{
    json_t *list = json_array();

    for (size_t i = 0; list && i < n; i++) {
        if (json_array_append_new(list, web_view((struct web_kv[]){
                                            WEB_I("id", users[i].id),
                                            WEB_S("name", users[i].name),
                                            WEB_S("display_name", users[i].display_name),
                                            WEB_S("email", users[i].email),
                                            WEB_S("unit", users[i].unit),
                                            WEB_S("role_label", _(auth_role_label(users[i].role))),
                                            WEB_B("default_admin", users[i].default_admin),
                                            WEB_I("other_sites", users[i].other_sites),
                                            WEB_N("roles", role_options(users[i].site_role)),
                                            WEB_B("disabled", users[i].disabled),
                                            WEB_DATE("created", users[i].created_at),
                                            WEB_B("is_self", users[i].id == self),
                                            WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/*
 * The users page with status: the list, the form to add one (filled with name and role after
 * a refused attempt) and a message (error, or the notice of ?tb=).
 */
static void users_page(struct web *w, struct http_request *req, struct http_response *res,
                       const struct web_viewer *v, int status, const char *name,
                       enum auth_role role, const char *error)
{
    const char *notice = error ? NULL : ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    struct auth_user *users;
    size_t n;
    json_t *data;
    enum cong_err rc;

    if ((rc = auth_user_list(web_auth(w, req), req->arena, true, &users, &n)) != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    data = web_view_extend(
        web_admin_page_data(w, req, _("Người dùng"), v),
        (struct web_kv[]){
            WEB_N("users", user_rows(users, n, v->user.id)),
            WEB_N("form", web_view((struct web_kv[]){WEB_S("name", name),
                                                     WEB_N("roles", role_options(role)),
                                                     WEB_END})),
            WEB_J("error", error ? web_jstr(error) : NULL),
            WEB_J("notice", notice ? web_jstr(notice) : NULL),
            WEB_END});
    web_render_private(w, req, res, status, "admin-users", data);
    json_decref(data);
}

void admin_h_users(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    users_page(w, req, res, &v, 200, NULL, AUTH_MEMBER, NULL);
}

/* Adds the user the form asks for, or answers with the form and why not; true if added. */
static bool user_added(struct web *w, struct http_request *req, struct http_response *res,
                       const struct web_viewer *v, const char *name, const char *pw,
                       size_t pwlen)
{
    enum auth_role role = AUTH_GUEST;
    struct auth_actor by;
    enum cong_err rc;

    if (!auth_user_name_is_valid(name)) {
        users_page(w, req, res, v, 400, name, AUTH_MEMBER,
                   _("Tên đăng nhập phải dài 2–64 ký tự, chỉ gồm chữ thường không dấu, chữ số, "
                   "dấu chấm, gạch dưới hoặc gạch ngang, và bắt đầu bằng chữ hoặc số."));
        return false;
    }
    if (!auth_role_parse(http_request_form_value(req, "role"), &role) || role == AUTH_GUEST) {
        users_page(w, req, res, v, 400, name, AUTH_MEMBER, _("Vai trò không hợp lệ."));
        return false;
    }
    if (auth_password_check(pw, pwlen) != CONG_OK) {
        users_page(w, req, res, v, 400, name, role,
                   _("Mật khẩu phải có ít nhất 10 ký tự (và không quá 1024 byte)."));
        return false;
    }
    by = auth_actor_of(&v->user, req->remote_addr);
    rc = auth_user_add(web_auth(w, req), &by, name, role, pw, pwlen, NULL, NULL);
    if (rc == CONG_EEXIST)
        users_page(w, req, res, v, web_status_of(rc), name, role,
                   _("Tên đăng nhập này đã có người dùng. Để cho tài khoản đó làm việc trên cổng "
                   "này, hãy dùng mục \"Cấp vai trò cho tài khoản đã có\"."));
    else if (rc != CONG_OK)
        web_admin_fail(w, req, res, rc, NULL);
    return rc == CONG_OK;
}

/* Gives an account that exists (on any site) a role on this one. */
static void user_granted(struct web *w, struct http_request *req, struct http_response *res,
                         const struct web_viewer *v)
{
    const char *name = http_request_form_value(req, "name");
    enum auth_role role = AUTH_GUEST;
    struct auth_actor by;
    struct user row;
    enum cong_err rc;

    if (!auth_role_parse(http_request_form_value(req, "role"), &role) || role == AUTH_GUEST) {
        users_page(w, req, res, v, 400, NULL, AUTH_MEMBER, _("Vai trò không hợp lệ."));
        return;
    }
    rc = store_get_user_by_name(web_store(w, req), req->arena, name, &row);
    if (rc == CONG_ENOTFOUND) {
        users_page(w, req, res, v, 404, NULL, role, _("Không có tài khoản nào tên như vậy."));
        return;
    }
    by = auth_actor_of(&v->user, req->remote_addr);
    if (rc == CONG_OK)
        rc = auth_user_set_role(web_auth(w, req), &by, row.id, role);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    web_see_other(req, res, "/quan-tri/nguoi-dung?tb=cap");
}

void admin_h_users_add(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    const char *name, *pw;
    size_t pwlen, n;
    bool added;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    if (http_request_form_value(req, "existing")) {
        user_granted(w, req, res, &v);
        return;
    }
    name = http_request_form_value(req, "name");
    n = name ? strlen(name) : 0;
    name = name ? arena_strndup(req->arena, text_trim(name, &n), n) : "";
    pw = http_request_form_value(req, "password");
    pwlen = pw ? strlen(pw) : 0;
    added = name && user_added(w, req, res, &v, name, pw, pwlen);
    /* the decoded field and the raw body both held the password */
    auth_wipe((char *)pw, pwlen);
    auth_wipe((char *)req->body, req->body_len);
    if (!name) {
        web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    if (added)
        web_see_other(req, res, "/quan-tri/nguoi-dung?tb=tao");
}

/* Sets user id's full name, e-mail and unit from the form (an account of this site only). */
static void user_profile(struct web *w, struct http_request *req, struct http_response *res,
                         const struct web_viewer *v, int64_t id)
{
    struct auth_actor by = auth_actor_of(&v->user, req->remote_addr);
    struct cong_error err = {0};
    const char *text[3] = {"display_name", "email", "unit"};
    struct auth_user target;
    enum cong_err rc;

    for (size_t i = 0; i < 3; i++) {
        const char *val = http_request_form_value(req, text[i]);
        size_t n = val ? strlen(val) : 0;
        text[i] = val ? arena_strndup(req->arena, text_trim(val, &n), n) : "";
        if (!text[i]) {
            web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
            return;
        }
    }
    /* users are global: a sub-portal's admin edits only those who work on the site */
    rc = auth_user_get(web_auth(w, req), req->arena, id, &target);
    if (rc == CONG_OK && target.site_role == AUTH_GUEST && !v->user.default_admin)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        rc = auth_user_set_profile(web_auth(w, req), &by, id, text[0], text[1], text[2], &err);
    if (rc == CONG_EINVAL)
        users_page(w, req, res, v, 400, NULL, AUTH_MEMBER, err.msg);
    else if (rc == CONG_ENOTFOUND)
        web_admin_refuse(w, req, res, rc, _("Không có người dùng này."));
    else if (rc != CONG_OK)
        web_admin_fail(w, req, res, rc, NULL);
    else
        web_see_other(req, res, "/quan-tri/nguoi-dung?tb=ho-so");
}

void admin_h_user_change(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct auth_actor by;
    enum auth_role role;
    const char *action, *done;
    int64_t id;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    if (!web_parse_id(req->params[0], false, &id)) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _("Không có người dùng này."));
        return;
    }
    action = http_request_form_value(req, "action");
    action = action ? action : "";
    if (!strcmp(action, "profile")) {
        user_profile(w, req, res, &v, id);
        return;
    }
    /* an admin who locks or demotes themselves may leave the portal with no admin at all */
    if (id == v.user.id) {
        users_page(w, req, res, &v, web_status_of(CONG_EEXIST), NULL, AUTH_MEMBER,
                   _("Bạn không thể tự khóa hay đổi vai trò của chính mình."));
        return;
    }
    by = auth_actor_of(&v.user, req->remote_addr);
    if (!strcmp(action, "role")) {
        if (!auth_role_parse(http_request_form_value(req, "role"), &role) || role == AUTH_GUEST) {
            users_page(w, req, res, &v, 400, NULL, AUTH_MEMBER, _("Vai trò không hợp lệ."));
            return;
        }
        rc = auth_user_set_role(web_auth(w, req), &by, id, role);
        done = "vai-tro";
    } else if (!strcmp(action, "remove")) {
        /* the account stays, with its roles on other sites */
        rc = auth_user_set_role(web_auth(w, req), &by, id, AUTH_GUEST);
        done = "go";
    } else if (!strcmp(action, "disable") || !strcmp(action, "enable")) {
        struct auth_user target;
        /* an account is global: a sub-portal's admin locks only one that works there alone */
        rc = auth_user_get(web_auth(w, req), req->arena, id, &target);
        if (rc == CONG_OK && !v.user.default_admin && target.other_sites > 0) {
            users_page(w, req, res, &v, 403, NULL, AUTH_MEMBER,
                       _("Tài khoản này còn làm việc trên cổng khác: chỉ quản trị viên cổng chính "
                       "mới khóa hay mở khóa được."));
            return;
        }
        if (rc == CONG_OK)
            rc = auth_user_set_disabled(web_auth(w, req), &by, id, !strcmp(action, "disable"));
        done = !strcmp(action, "disable") ? "khoa" : "mo-khoa";
    } else {
        web_admin_refuse(w, req, res, CONG_EINVAL, _("Thao tác không hợp lệ."));
        return;
    }
    if (rc == CONG_ENOTFOUND) {
        web_admin_refuse(w, req, res, rc, _("Không có người dùng này."));
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    web_see_other(req, res, arena_printf(req->arena, "/quan-tri/nguoi-dung?tb=%s", done));
}

static json_t *audit_rows(const struct audit_entry *e, size_t n)
{
    json_t *list = json_array();

    for (size_t i = 0; list && i < n; i++) {
        if (json_array_append_new(list, web_view((struct web_kv[]){
                                            WEB_DATETIME("at", e[i].at),
                                            WEB_S("user_name", e[i].user_name),
                                            WEB_S("ip", e[i].ip),
                                            WEB_S("action", e[i].action),
                                            WEB_S("action_label", action_label(e[i].action)),
                                            WEB_S("target", e[i].target),
                                            WEB_S("detail", e[i].detail),
                                            WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *audit_pagination(struct arena *ar, int64_t page, size_t pages)
{
    if (pages <= 1)
        return NULL;
    return web_view((struct web_kv[]){
        WEB_I("page", page),
        WEB_I("pages", pages),
        WEB_J("prev_url", page > 1 ? web_jstr(arena_printf(ar, "/quan-tri/nhat-ky?trang=%lld",
                                                           (long long)page - 1))
                                   : NULL),
        WEB_J("next_url", (size_t)page < pages
                              ? web_jstr(arena_printf(ar, "/quan-tri/nhat-ky?trang=%lld",
                                                      (long long)page + 1))
                              : NULL),
        WEB_END});
}

void admin_h_audit(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct audit_entry *entries;
    size_t n, total, pages;
    int64_t page;
    json_t *data;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    if (!web_query_count(req, "trang", 1, 1000000, &page)) {
        web_admin_refuse(w, req, res, CONG_EINVAL, _("Số trang không hợp lệ."));
        return;
    }
    rc = auth_audit_list(web_auth(w, req), req->arena, (size_t)(page - 1) * AUDIT_PER_PAGE,
                         AUDIT_PER_PAGE, &entries, &n, &total);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    pages = total ? (total + AUDIT_PER_PAGE - 1) / AUDIT_PER_PAGE : 1;
    if ((size_t)page > pages) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _("Nhật ký không có trang này."));
        return;
    }
    data = web_view_extend(web_admin_page_data(w, req, _("Nhật ký hoạt động"), &v),
                           (struct web_kv[]){
                               WEB_N("entries", audit_rows(entries, n)),
                               WEB_J("pagination", audit_pagination(req->arena, page, pages)),
                               WEB_END});
    web_render_private(w, req, res, 200, "admin-audit", data);
    json_decref(data);
}
