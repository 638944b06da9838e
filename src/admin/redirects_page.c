/*
 * The admin's redirect table (/quan-tri/chuyen-huong): the old portal's addresses that answer
 * 301 to their new place. Admins list, add and remove them; the rules of what a redirect may
 * be (local paths only, no loops to other hosts) are content_redirect_check's, the same that
 * `cong redirect` and importers use. Every change goes to the audit log.
 */
#include <string.h>

#include "../content/content.h"
#include "../web/web.h"
#include "admin_int.h"

#define REDIRECTS_PATH "/quan-tri/chuyen-huong"

/* The base_url setting normalised, so a new path may be given as a full URL on the portal. */
static const char *base_url(struct store *st, struct arena *a)
{
    char *v = NULL;
    struct buf b;
    const char *out = NULL;

    if (store_get_setting(st, a, "base_url", &v) != CONG_OK || !v || !*v)
        return NULL;
    buf_init(&b, 1024);
    if (content_base_url_normalise(v, &b) == CONG_OK)
        out = arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out;
}

static void redirects_page(struct admin *ad, struct http_request *req, struct http_response *res,
                           const struct auth_session *s, int status, const char *old_path,
                           const char *new_path, const char *error)
{
    struct redirect *list;
    size_t n;
    json_t *data, *items;
    const char *tb = http_request_query(req, "tb");
    enum cong_err rc;

    rc = store_list_redirects(web_store(ad->web), req->arena, &list, &n);
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    data = admin_page_data(ad, req, "Chuyển hướng địa chỉ cũ", s);
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "old_path", json_string(list[i].old_path));
        json_object_set_new(o, "new_path", json_string(list[i].new_path));
        json_array_append_new(items, o);
    }
    json_object_set_new(data, "redirects", items);
    json_object_set_new(data, "old_path", json_string(old_path ? old_path : ""));
    json_object_set_new(data, "new_path", json_string(new_path ? new_path : ""));
    if (error)
        json_object_set_new(data, "error", json_string(error));
    if (tb && !strcmp(tb, "them"))
        json_object_set_new(data, "notice", json_string("Đã thêm chuyển hướng."));
    else if (tb && !strcmp(tb, "xoa"))
        json_object_set_new(data, "notice", json_string("Đã xóa chuyển hướng."));
    admin_render(ad, req, res, status, "admin-redirects", data);
    json_decref(data);
}

void admin_h_redirects(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_ADMIN, &s))
        return;
    redirects_page(ad, req, res, &s, 200, NULL, NULL, NULL);
}

void admin_h_redirects_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct store *st = web_store(ad->web);
    struct auth_session s;
    struct auth_actor by;
    struct cong_error err = {0};
    const char *action, *old_path, *new_path;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_ADMIN, &s))
        return;
    action = http_request_form_value(req, "action");
    old_path = http_request_form_value(req, "old_path");
    new_path = http_request_form_value(req, "new_path");
    by = auth_actor_of(&s.user, req->remote_addr);
    if (action && !strcmp(action, "remove") && old_path) {
        rc = store_remove_redirect(st, old_path);
        if (rc == CONG_ENOTFOUND)
            return redirects_page(ad, req, res, &s, 404, NULL, NULL,
                                  "Không có chuyển hướng này (có thể đã bị xóa).");
        if (rc != CONG_OK)
            return admin_store_failed(ad, req, res, rc);
        (void)auth_audit(ad->auth, &by, "redirect_removed", old_path, NULL);
        http_response_redirect(req, res, 303, REDIRECTS_PATH "?tb=xoa");
        return;
    }
    if (!action || strcmp(action, "add") != 0 || !old_path || !new_path)
        return redirects_page(ad, req, res, &s, 400, old_path, new_path,
                              "Cần nhập cả địa chỉ cũ và địa chỉ mới.");
    rc = content_add_redirect(st, old_path, new_path, base_url(st, req->arena), &err);
    if (rc == CONG_EINVAL || rc == CONG_EEXIST)
        return redirects_page(ad, req, res, &s, rc == CONG_EEXIST ? 409 : 400, old_path,
                              new_path, err.msg);
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    (void)auth_audit(ad->auth, &by, "redirect_added", old_path, new_path);
    http_response_redirect(req, res, 303, REDIRECTS_PATH "?tb=them");
}
