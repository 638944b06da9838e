/*
 * Public pages: the home page, category listings, article pages, media and theme assets
 * (health and metrics are the web layer's). Each handler parses its URL, reads what it needs
 * through the store, builds its view and answers through the web layer, which draws the page
 * frame and the portlets around it.
 * All request memory comes from the request's arena. A failure to read the database is a 503
 * page, never a crash or a blank page.
 */
#include "site_int.h"
#include "../i18n/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../content/content.h"
#include "../portal/portal.h"

/* The home page: the page trang-chu, whatever an admin put on it. */
static void h_home(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    json_t *ctx;

    /* "/?p=12" and the like: an old portal's links to its articles */
    if (*req->raw_query && site_old_link(w, req, res, false))
        return;
    if (web_cached(w, req, res))
        return;
    ctx = web_page_data(w, req, NULL, "/", NULL, "home", 0);
    if (ctx && !web_view_add(ctx, (struct web_kv[]){WEB_S("heading", web_site_name(w, req)),
                                                  WEB_B("heading_hidden", true), WEB_END}))
        ctx = (json_decref(ctx), NULL);
    web_render_page(w, req, res, PORTAL_HOME_PAGE, NULL, ctx);
    json_decref(ctx);
}

/*
 * A category listing: the page chuyen-muc, whose news_list in "current category" mode lists
 * the category page by page (a page past the end is its 404).
 */
static void h_category(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct arena *a = req->arena;
    const char *trang = http_request_query(req, "trang");
    struct category cat;
    int64_t page = 1;
    json_t *ctx;
    const char *path;
    enum cong_err rc;

    if (web_cached(w, req, res))
        return;
    if (trang && (!text_parse_i64(trang, strlen(trang), &page) || page < 1 || page > 100000)) {
        web_page_error(w, req, res, 400,
                       _("Số trang không hợp lệ: tham số 'trang' phải là số từ 1 trở lên."));
        return;
    }
    rc = store_get_category_by_slug(web_store(w, req), a, req->params[0], &cat);
    if (rc == CONG_ENOTFOUND) {
        web_not_found(w, req, res);
        return;
    }
    if (rc) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    path = content_category_path(a, cat.slug);
    ctx = web_page_data(
        w, req, page > 1 ? arena_printf(a, _("%s - Trang %lld"), cat.name, (long long)page) : cat.name,
        page > 1 ? arena_printf(a, "%s?trang=%lld", path, (long long)page) : path, cat.description,
        "category", cat.parent_id ? cat.parent_id : cat.id);
    struct web_subject subj = {.category = &cat, .page_no = page};
    web_render_page(w, req, res, PORTAL_CATEGORY_PAGE, &subj, ctx);
    json_decref(ctx);
}

static bool is_visible(const struct article *art, int64_t now)
{
    return content_article_is_public(art, now);
}

/*
 * An article: the page xem-chi-tiet, whose news_detail shows it. The article's view data is
 * built here, once, for the page's <head> and for that portlet alike.
 */
static void h_article(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct arena *a = req->arena;
    const char *idslug = req->params[0], *dash, *canon, *slug, *tmpl;
    struct article art;
    int64_t id, views = 0, now = web_now(w);
    json_t *ctx, *o;
    bool has_views;
    enum cong_err rc;

    if (web_cached(w, req, res))
        return;
    dash = strchr(idslug, '-');
    if (!text_parse_i64(idslug, dash ? (size_t)(dash - idslug) : strlen(idslug), &id) || id <= 0) {
        web_not_found(w, req, res);
        return;
    }
    rc = store_get_article(web_store(w, req), a, id, &art);
    if (rc == CONG_ENOTFOUND || (rc == CONG_OK && !is_visible(&art, now))) {
        web_not_found(w, req, res);
        return;
    }
    if (rc) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    slug = dash ? dash + 1 : "";
    canon = content_article_path(a, &art);
    if (!canon) {
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    if (strcmp(slug, art.slug) != 0) {
        /* old or mistyped slugs keep working, and search engines learn the one true URL */
        http_response_redirect(req, res, 301, canon);
        http_response_header(res, "Cache-Control", "public, max-age=3600");
        buf_printf(&res->body, "%s\n", canon);
        return;
    }

    /* views counted so far; this one joins them within the second. A failed read shows no
       number rather than a wrong one */
    has_views = store_article_views(web_store(w, req), art.id, &views) == CONG_OK;
    /* <meta name="description"> and og:description: the editor's, else the summary */
    ctx = web_page_data(w, req, art.title, canon,
                        *art.meta_description ? art.meta_description : art.summary, "article",
                        art.category_id);
    o = web_view((struct web_kv[]){
        WEB_I("id", art.id),
        WEB_S("title", art.title),
        WEB_S("url", canon),
        WEB_DATE("date", art.published_at),
        WEB_ISO("date_iso", art.published_at),
        WEB_S("summary", art.summary),
        WEB_S("body_html", art.body_html),
        WEB_S("author", art.author),
        /* the language it is written in, on its text's elements, whatever the page's */
        WEB_S("lang", *art.lang ? art.lang : "vi"),
        WEB_J("tags", *art.tags ? web_article_tags(art.tags) : NULL),
        WEB_J("has_tags", *art.tags ? json_true() : NULL),
        WEB_J("views", has_views ? json_integer(views) : NULL),
        WEB_S("category_name", art.category_name),
        WEB_S("category_url", content_category_path(a, art.category_slug)),
        WEB_J("cover", web_article_cover(w, a, &art, true)),
        WEB_END});
    /* ctx holds o from here; o stays borrowed for the page's news_detail portlet */
    if (!ctx || !o || json_object_set_new(ctx, "article", o) != 0) {
        json_decref(ctx == NULL ? o : NULL);
        json_decref(ctx);
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    tmpl = site_article_extras(w, req, &art, ctx);
    if (strcmp(tmpl, "article") != 0) {
        /* the print view is a page of its own, without the portal around it */
        web_count_view(w, req, res, art.id);
        web_render(w, req, res, 200, tmpl, ctx);
    } else {
        struct web_subject subj = {.article = &art, .article_view = o};
        web_render_page(w, req, res, PORTAL_ARTICLE_PAGE, &subj, ctx);
    }
    json_decref(ctx);
}

static void h_static(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    const char *rest = req->params[0], *slash = strchr(rest, '/');
    bool versioned;

    /* /static/VERSION/name; an old VERSION still gets the current file, cached briefly */
    if (!slash || strstr(rest, "..")) {
        web_not_found(w, req, res);
        return;
    }
    versioned = (size_t)(slash - rest) == strlen(http_static_version(web_assets(w))) &&
                !memcmp(rest, http_static_version(web_assets(w)), (size_t)(slash - rest));
    if (!http_static_serve(web_assets(w), slash + 1, versioned, req, res))
        web_not_found(w, req, res);
}

/*
 * Whether v may have a media file the public does not see (no published article, no portlet
 * uses it: a draft's picture, a fresh upload): authors and above, who pick and preview files.
 */
static bool may_see_private_media(const struct web_viewer *v)
{
    return v->logged_in && auth_role_at_least(v->role, AUTH_AUTHOR);
}

/* GET /media/ID.EXT (the original, EXT its type's) and /media/ID-WIDTH.EXT (a resized copy,
   EXT webp or the original's); anything else is a 404. A file nothing public uses is a 404 to
   guests (ids are sequential) and private to authors and above. */
static void h_media(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    const char *etag, *mime;
    struct web_viewer viewer;
    struct media m;
    int64_t id, now = web_now(w);
    uint64_t gen;
    int width, known;
    bool is_public = false;
    enum cong_err rc;

    if (!content_media_parse_name(req->params[0], &id, &width, &mime)) {
        web_not_found(w, req, res);
        return;
    }
    /* whether anything the public sees uses the file is searched once per change to what
       pages show; then one query gives the bytes alone */
    known = web_media_public(w, id, now);
    gen = known < 0 ? store_generation(web_store(w, req)) : 0;
    rc = store_get_media_file(web_store(w, req), req->arena, id, width, mime, now, &m,
                              known < 0 ? &is_public : NULL);
    if (known >= 0)
        is_public = known;
    else if (rc == CONG_OK)
        web_media_public_found(w, id, gen, now, is_public);
    /* one URL per file: /media/7.png for a JPEG is not it */
    if (rc == CONG_OK && !width && strcmp(m.mime, mime) != 0)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK && !is_public) {
        /* the session is read only for such a file: public ones cost no second query */
        web_viewer_find(w, req, &viewer);
        if (!may_see_private_media(&viewer))
            rc = CONG_ENOTFOUND;
    }
    if (rc == CONG_ENOTFOUND) {
        web_not_found(w, req, res);
        return;
    }
    if (rc) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    etag = arena_printf(req->arena, "\"%.32s\"", m.sha256 ? m.sha256 : "");
    if (!etag) {
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    /* a media id's bytes never change: a new upload is a new id, a copy's too. Until the
       public sees it, no browser or proxy keeps it */
    http_response_header(res, "Cache-Control", is_public ? "public, max-age=31536000, immutable"
                                                         : "private, no-store");
    /* an original's time is its upload; a copy, made with it, has no time of its own */
    if (http_conditional(req, res, etag, width ? 0 : m.created_at))
        return;
    if (!strcmp(m.mime, "application/pdf"))
        http_response_header(res, "Content-Disposition", "inline");
    res->content_type = m.mime;
    res->data = m.data;
    res->data_len = m.size;
}

enum cong_err site_add_routes(struct web *w, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, "/", h_home, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/chuyen-muc/:slug", h_category, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/bai-viet/:id", h_article, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/trang/:slug", site_custom_page, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/static/*", h_static, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/media/:file", h_media, w)) ||
        (rc = site_add_extra_routes(w, r)))
        return rc;
    /* before the 404 page: sitemap parts and old addresses in the redirect table */
    http_router_set_fallback(r, site_fallback, w);
    return CONG_OK;
}
