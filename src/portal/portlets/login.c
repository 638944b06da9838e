/*
 * login: for a guest, the login form (posting to /dang-nhap with the login form's token, and
 * the page to come back to); for a user, their name and a logout button (posting to
 * /dang-xuat with the session's CSRF token).
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    (void)config;
    if (env->user_name) {
        json_object_set_new(view, "user",
                            json_pack("{s:s,s:s}", "name", env->user_name, "role_label",
                                      auth_role_label(env->role)));
        json_object_set_new(view, "csrf", portal_jstr(env->csrf));
        json_object_set_new(view, "admin",
                            json_boolean(auth_role_at_least(env->role, AUTH_AUTHOR)));
    } else {
        json_object_set_new(view, "login_csrf", portal_jstr(env->login_csrf));
        json_object_set_new(view, "tiep", portal_jstr(env->path ? env->path : "/"));
    }
    json_object_set_new(view, "empty", json_false());
    return CONG_OK;
}

const struct portlet_type portlet_login = {
    .name = "login",
    .label = N_("Đăng nhập"),
    .description = N_("Ô đăng nhập cho khách; tên người dùng và nút đăng xuất khi đã đăng nhập."),
    .fields = NULL,
    .nfields = 0,
    .check = NULL,
    .render = render,
};
