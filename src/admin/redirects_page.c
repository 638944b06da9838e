/*
 * The admin's redirect table (/quan-tri/chuyen-huong): the old portal's addresses that answer
 * 301 to their new place. Admins list, add and remove them; the rules of what a redirect may
 * be (local paths only, no loops to other hosts) are content_redirect_check's, the same that
 * `cong redirect` and importers use. Every change goes to the audit log.
 */
#include <string.h>

#include "../content/content.h"
#include "../i18n/i18n.h"
#include "../web/web.h"
#include "admin_int.h"

#define REDIRECTS_PATH "/quan-tri/chuyen-huong"

static json_t *redirect_rows(const struct redirect *list, size_t n)
{
    json_t *rows = json_array();

    for (size_t i = 0; rows && i < n; i++) {
        if (json_array_append_new(rows, web_view((struct web_kv[]){
                                            WEB_S("old_path", list[i].old_path),
                                            WEB_S("new_path", list[i].new_path), WEB_END}))) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

static const struct admin_notice notices[] = {
    {"them", N_("Đã thêm chuyển hướng.")},
    {"xoa", N_("Đã xóa chuyển hướng.")},
};

static void redirects_page(struct web *w, struct http_request *req, struct http_response *res,
                           const struct web_viewer *v, int status, const char *old_path,
                           const char *new_path, const char *error)
{
    const char *notice = ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    struct redirect *list;
    size_t n;
    json_t *data;
    enum cong_err rc;

    if ((rc = store_list_redirects(web_store(w, req), req->arena, &list, &n)) != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    data = web_view_extend(web_admin_page_data(w, req, _("Chuyển hướng địa chỉ cũ"), v),
                           (struct web_kv[]){
                               WEB_N("redirects", redirect_rows(list, n)),
                               WEB_S("old_path", old_path),
                               WEB_S("new_path", new_path),
                               WEB_J("error", error ? web_jstr(error) : NULL),
                               WEB_J("notice", notice ? web_jstr(notice) : NULL),
                               WEB_END});
    web_render_private(w, req, res, status, "admin-redirects", data);
    json_decref(data);
}

void admin_h_redirects(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    redirects_page(w, req, res, &v, 200, NULL, NULL, NULL);
}

static void redirect_remove(struct web *w, struct http_request *req, struct http_response *res,
                            const struct web_viewer *v, const char *old_path)
{
    enum cong_err rc = store_remove_redirect(web_store(w, req), old_path);

    if (rc == CONG_ENOTFOUND) {
        redirects_page(w, req, res, v, web_status_of(rc), NULL, NULL,
                       _("Không có chuyển hướng này (có thể đã bị xóa)."));
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    admin_audit(w, req, v, "redirect_removed", old_path, NULL);
    web_see_other(req, res, REDIRECTS_PATH "?tb=xoa");
}

void admin_h_redirects_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct cong_error err = {0};
    const char *action, *old_path, *new_path, *base;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    action = http_request_form_value(req, "action");
    old_path = http_request_form_value(req, "old_path");
    new_path = http_request_form_value(req, "new_path");
    if (action && !strcmp(action, "remove") && old_path) {
        redirect_remove(w, req, res, &v, old_path);
        return;
    }
    if (!action || strcmp(action, "add") != 0 || !old_path || !new_path) {
        redirects_page(w, req, res, &v, 400, old_path, new_path,
                       _("Cần nhập cả địa chỉ cũ và địa chỉ mới."));
        return;
    }
    /* a new path may be given as a full URL on the portal */
    base = web_base_setting(w, req);
    rc = content_add_redirect(web_store(w, req), old_path, new_path, *base ? base : NULL, &err);
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        redirects_page(w, req, res, &v, web_status_of(rc), old_path, new_path, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    admin_audit(w, req, &v, "redirect_added", old_path, new_path);
    web_see_other(req, res, REDIRECTS_PATH "?tb=them");
}
