/*
 * GET /trang/SLUG: a page an admin built from portlets, in its own language (a page in English
 * is reached from the English menu). The built-in pages (home, article, category, search,
 * site) have addresses of their own, or none.
 */
#include "site_int.h"

#include "../portal/portal.h"

void site_custom_page(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    const char *slug = req->params[0], *path;
    struct page p;
    json_t *ctx;
    enum cong_err rc;

    if (web_cached(w, req, res))
        return;
    /* the built-in pages have addresses of their own (or none) */
    if (portal_page_is_builtin(slug)) {
        web_not_found(w, req, res);
        return;
    }
    rc = store_get_page_by_slug(web_store(w, req), req->arena, slug, &p);
    if (rc == CONG_ENOTFOUND) {
        web_not_found(w, req, res);
        return;
    }
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    path = portal_page_path(req->arena, p.slug);
    if (!path) {
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    ctx = web_page_data(w, req, p.title, path, NULL, "page", 0);
    /* the page's text is in its own language, whatever the interface's: its main region
       says so (lang="en") for screen readers */
    if (ctx && !web_view_add(ctx, (struct web_kv[]){WEB_S("heading", p.title),
                                                    WEB_S("content_lang", *p.lang ? p.lang : "vi"),
                                                    WEB_END}))
        ctx = (json_decref(ctx), NULL);
    web_render_page(w, req, res, p.slug, NULL, ctx);
    json_decref(ctx);
}
