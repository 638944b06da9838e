/*
 * Sharing a sub-portal's article with its parent portal, from the article's editor page: the
 * parent's news lists and search then show it, linking here. An editor's decision; the rules
 * (only a sub-portal's, only a published article) are the content module's.
 */
#include "admin_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../content/content.h"

json_t *admin_share_view(struct web *w, struct http_request *req, const struct web_viewer *v,
                         const struct article *a)
{
    const struct web_site *site = web_site(w, req), *parent;
    int64_t *sites;
    size_t n = 0;

    if (!a || !site->parent_id || !auth_role_at_least(v->role, AUTH_EDITOR) ||
        web_site_by_id(w, req, site->parent_id, &parent) != CONG_OK ||
        store_article_shares(site->store, req->arena, a->id, &sites, &n) != CONG_OK)
        return NULL;
    return web_view((struct web_kv[]){
        WEB_B("shared", n > 0),
        WEB_B("may_share", a->status == ARTICLE_PUBLISHED),
        WEB_S("parent", parent->name),
        WEB_S("url", arena_printf(req->arena, "/quan-tri/bai-viet/%lld/chia-se", (long long)a->id)),
        WEB_END});
}

/* POST /quan-tri/bai-viet/ID/chia-se: action=share or unshare. */
void admin_h_article_share(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    const char *action;
    int64_t id;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    if (!web_parse_id(req->params[0], false, &id)) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _("Không có bài viết này."));
        return;
    }
    action = http_request_form_value(req, "action");
    if (!action || (strcmp(action, "share") && strcmp(action, "unshare"))) {
        web_admin_refuse(w, req, res, CONG_EINVAL, _("Thao tác không hợp lệ."));
        return;
    }
    web_actor(&v, req, &who);
    rc = content_article_share(web_store(w, req), &who, id, !strcmp(action, "share"), &err);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res,
                  arena_printf(req->arena, "/quan-tri/bai-viet/%lld?tb=%s", (long long)id,
                               !strcmp(action, "share") ? "chia-se" : "thoi-chia-se"));
}
