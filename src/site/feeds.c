/*
 * What feed readers and search engines read: RSS 2.0 for the whole portal and for each
 * category, the sitemap (split into an index and parts past STORE_STAMPS_MAX URLs),
 * robots.txt, and the redirect table consulted before a 404. Also the portal's absolute base
 * URL, which all of these need: the base_url setting, or the request's Host header checked
 * strictly so that a forged header cannot put markup or another scheme into our pages. Only
 * visible content (published, published_at <= now) ever appears here. Feeds and sitemaps are
 * answered conditionally: a strong ETag from a hash of the document, Last-Modified from the
 * newest date in it, 304 when the reader's copy is current.
 */
#include "site_int.h"
#include "../i18n/i18n.h"

#include <sodium.h>
#include <string.h>

#include "../content/content.h"

#define FEED_ITEMS 20
#define FEED_CACHE "public, max-age=300"

/* The base URL for a document that must hold absolute URLs; answers 400 itself if none. */
static const char *absolute_base_or_respond(struct web *w, struct http_request *req,
                                            struct http_response *res)
{
    const char *base = web_base_url(w, req);

    if (!*base)
        web_page_error(w, req, res, 400,
                   _("Không xác định được tên miền của cổng: gửi kèm tiêu đề Host, hoặc nhờ quản "
                   "trị đặt base_url."));
    return *base ? base : NULL;
}

/*
 * Ends a feed or sitemap whose body is complete: its validators and, when the client's copy is
 * current, a 304 instead. The tag hashes the document itself, so it changes with anything
 * shown (an edit, a new or withdrawn article, the site's name, the base URL); last_modified is
 * the newest date the document states (0: none).
 */
static void answer_validated(struct http_request *req, struct http_response *res,
                             int64_t last_modified)
{
    const struct buf *b = &res->body;

    if (buf_error(b))
        return; /* the server answers 503 */
    (void)http_conditional(req, res, http_etag_of(req->arena, b->data, b->len), last_modified);
}

/* RSS. */

static void xml_text(struct buf *b, const char *tag, const char *text)
{
    buf_printf(b, "<%s>", tag);
    buf_add_xml(b, text ? text : "", text ? strlen(text) : 0);
    buf_printf(b, "</%s>\n", tag);
}

/*
 * The language of a feed: ?lang= where it says one (a feed reader keeps no cookie, so the
 * address carries it), else the interface's. A feed lists the articles written in it.
 */
static enum i18n_lang feed_lang(const struct http_request *req)
{
    enum i18n_lang lang = i18n_lang();

    (void)i18n_parse(http_request_query(req, "lang"), &lang);
    return lang;
}

static void feed(struct web *w, struct http_request *req, struct http_response *res,
                 const struct category *cat)
{
    struct arena *a = req->arena;
    const char *lang = i18n_code(feed_lang(req));
    struct article_query q = {.category_id = cat ? cat->id : 0, .published_only = true,
                              .now = web_now(w), .limit = FEED_ITEMS, .lang = lang};
    struct article *arts;
    struct media_image *covers = NULL;
    int64_t *ids = NULL, newest = 0;
    struct buf *b = &res->body;
    const char *base, *self, *link;
    size_t n;
    enum cong_err rc;

    base = absolute_base_or_respond(w, req, res);
    if (!base)
        return;
    rc = store_list_articles(web_store(w, req), a, &q, &arts, &n, NULL);
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    link = cat ? content_category_path(a, cat->slug) : "/";
    /* the English feed's addresses keep their language */
    if (link && strcmp(lang, "vi") != 0) {
        self = arena_printf(a, "%s/rss.xml?lang=%s", cat ? link : "", lang);
        link = arena_printf(a, "%s?lang=%s", link, lang);
    } else {
        self = cat ? arena_printf(a, "%s/rss.xml", link) : "/rss.xml";
    }
    if (n) {
        ids = arena_alloc(a, n * sizeof(*ids));
        covers = arena_alloc(a, n * sizeof(*covers));
    }
    if (!link || !self || (n && (!ids || !covers))) {
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    /* the enclosures' files, read at once; the store has logged a failure, and the feed goes
       out without them */
    for (size_t i = 0; i < n; i++)
        ids[i] = arts[i].cover_media_id;
    if (store_get_media_images(web_store(w, req), a, ids, n, covers) != CONG_OK)
        covers = NULL;

    res->content_type = "application/rss+xml; charset=utf-8";
    http_response_header(res, "Cache-Control", FEED_CACHE);
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    buf_puts(b, "<title>");
    if (cat) {
        buf_add_xml(b, cat->name, strlen(cat->name));
        buf_puts(b, " - ");
    }
    buf_add_xml(b, web_site_name(w, req), strlen(web_site_name(w, req)));
    buf_puts(b, "</title>\n<link>");
    buf_add_xml(b, base, strlen(base));
    buf_add_xml(b, link, strlen(link));
    buf_puts(b, "</link>\n");
    xml_text(b, "description",
             cat && *cat->description ? cat->description
             : *web_tagline(w, req)       ? web_tagline(w, req)
                                      : web_site_name(w, req));
    buf_printf(b, "<language>%s</language>\n", lang);
    buf_puts(b, "<generator>Cổng " CONG_VERSION "</generator>\n"); /* a name, not text */
    buf_puts(b, "<lastBuildDate>");
    time_add_rfc822(b, n ? arts[0].published_at : web_now(w));
    buf_puts(b, "</lastBuildDate>\n<atom:link href=\"");
    buf_add_xml(b, base, strlen(base));
    buf_add_xml(b, self, strlen(self));
    buf_puts(b, "\" rel=\"self\" type=\"application/rss+xml\"/>\n");

    for (size_t i = 0; i < n; i++) {
        const struct article *art = &arts[i];
        const char *path = content_article_path(a, art);
        const struct media *m = covers && covers[i].media.id ? &covers[i].media : NULL;

        if (art->published_at > newest)
            newest = art->published_at;
        if (art->updated_at > newest)
            newest = art->updated_at;

        buf_puts(b, "<item>\n");
        xml_text(b, "title", art->title);
        buf_puts(b, "<link>");
        buf_add_xml(b, base, strlen(base));
        buf_add_xml(b, path ? path : "", path ? strlen(path) : 0);
        /* the id alone stays the same when a title (and so the slug) is edited, and it still
           leads to the article (301 to its canonical URL): a stable permalink */
        buf_puts(b, "</link>\n<guid isPermaLink=\"true\">");
        buf_add_xml(b, base, strlen(base));
        buf_printf(b, "/bai-viet/%lld</guid>\n<pubDate>", (long long)art->id);
        time_add_rfc822(b, art->published_at);
        buf_puts(b, "</pubDate>\n");
        if (*art->summary)
            xml_text(b, "description", art->summary);
        xml_text(b, "category", art->category_name);
        if (m) {
            const char *mp = content_media_path(a, m->id, m->mime);
            buf_puts(b, "<enclosure url=\"");
            buf_add_xml(b, base, strlen(base));
            buf_add_xml(b, mp ? mp : "", mp ? strlen(mp) : 0);
            buf_printf(b, "\" length=\"%zu\" type=\"", m->size);
            buf_add_xml(b, m->mime, strlen(m->mime));
            buf_puts(b, "\"/>\n");
        }
        buf_puts(b, "</item>\n");
    }
    buf_puts(b, "</channel>\n</rss>\n");
    answer_validated(req, res, newest);
}

static void h_rss(struct http_request *req, struct http_response *res, void *ctx)
{
    feed(ctx, req, res, NULL);
}

static void h_category_rss(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct category cat;
    enum cong_err rc;

    rc = store_get_category_by_slug(web_store(w, req), req->arena, req->params[0], &cat);
    if (rc == CONG_ENOTFOUND) {
        web_page_error(w, req, res, 404, _("Không có chuyên mục này."));
        return;
    }
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    feed(w, req, res, &cat);
}

/* Sitemaps. */

static void sitemap_url(struct buf *b, const char *base, const char *path, int64_t lastmod)
{
    buf_puts(b, "<url><loc>");
    buf_add_xml(b, base, strlen(base));
    buf_add_xml(b, path, strlen(path));
    buf_puts(b, "</loc>");
    if (lastmod > 0) {
        buf_puts(b, "<lastmod>");
        time_add_iso8601(b, lastmod);
        buf_puts(b, "</lastmod>");
    }
    buf_puts(b, "</url>\n");
}

/*
 * Answers /sitemap.xml (part 0): the whole sitemap, or the index of its parts when the portal
 * has more URLs than one file holds; or /sitemap-K.xml (part K), 404 if there is no such part.
 * URLs are numbered: the home page, the categories, then the visible articles newest first;
 * part K holds numbers [(K-1)*max, K*max).
 */
static void sitemap(struct web *w, struct http_request *req, struct http_response *res,
                    size_t part)
{
    struct arena *a = req->arena;
    struct store *st = web_store(w, req);
    struct category *cats;
    struct article_stamp *stamps;
    struct buf *b = &res->body;
    size_t ncats, narts, urls, max = web_sitemap_max(w), parts, g0, g1, j0, j1, n;
    int64_t now = web_now(w), last, newest = 0;
    const char *base;
    enum cong_err rc;

    base = absolute_base_or_respond(w, req, res);
    if (!base)
        return;
    if ((rc = store_list_categories(st, a, &cats, &ncats)) ||
        (rc = store_list_article_stamps(st, a, now, 0, 0, &stamps, &n, &narts))) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    urls = 1 + ncats + narts;
    parts = (urls + max - 1) / max;
    if (part > 0 && (parts <= 1 || part > parts)) {
        web_page_error(w, req, res, 404, _("Không có phần này của sơ đồ trang."));
        return;
    }
    res->content_type = "application/xml; charset=utf-8";
    http_response_header(res, "Cache-Control", "public, max-age=3600");
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    if (part == 0 && parts > 1) {
        /* the index: one entry per part */
        if ((rc = store_last_update(st, now, 0, &last))) {
            web_page_fail(w, req, res, rc, NULL);
            return;
        }
        buf_puts(b, "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (size_t k = 1; k <= parts; k++) {
            buf_puts(b, "<sitemap><loc>");
            buf_add_xml(b, base, strlen(base));
            buf_printf(b, "/sitemap-%zu.xml</loc>", k);
            if (last > 0) {
                buf_puts(b, "<lastmod>");
                time_add_iso8601(b, last);
                buf_puts(b, "</lastmod>");
            }
            buf_puts(b, "</sitemap>\n");
        }
        buf_puts(b, "</sitemapindex>\n");
        answer_validated(req, res, last);
        return;
    }

    g0 = part ? (part - 1) * max : 0;
    g1 = part ? (part * max < urls ? part * max : urls) : urls;
    buf_puts(b, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    if (g0 == 0) {
        if ((rc = store_last_update(st, now, 0, &last))) {
            web_page_fail(w, req, res, rc, NULL);
            return;
        }
        sitemap_url(b, base, "/", last);
        newest = last;
    }
    for (size_t i = 0; i < ncats; i++) {
        size_t g = 1 + i;
        const char *path;
        if (g < g0 || g >= g1)
            continue;
        if ((rc = store_last_update(st, now, cats[i].id, &last))) {
            web_page_fail(w, req, res, rc, NULL);
            return;
        }
        path = content_category_path(a, cats[i].slug);
        if (!path) {
            web_page_fail(w, req, res, CONG_ENOMEM, NULL);
            return;
        }
        sitemap_url(b, base, path, last);
        if (last > newest)
            newest = last;
    }
    /* articles are numbers 1 + ncats + j */
    j0 = g0 > 1 + ncats ? g0 - 1 - ncats : 0;
    j1 = g1 > 1 + ncats ? g1 - 1 - ncats : 0;
    if (j1 > j0) {
        rc = store_list_article_stamps(st, a, now, j0, j1 - j0, &stamps, &n, NULL);
        if (rc != CONG_OK) {
            web_page_fail(w, req, res, rc, NULL);
            return;
        }
        for (size_t i = 0; i < n; i++) {
            struct article art = {.id = stamps[i].id, .slug = stamps[i].slug};
            const char *path = content_article_path(a, &art);
            if (!path) {
                web_page_fail(w, req, res, CONG_ENOMEM, NULL);
                return;
            }
            sitemap_url(b, base, path, stamps[i].updated_at);
            if (stamps[i].updated_at > newest)
                newest = stamps[i].updated_at;
        }
    }
    buf_puts(b, "</urlset>\n");
    answer_validated(req, res, newest);
}

static void h_sitemap(struct http_request *req, struct http_response *res, void *ctx)
{
    sitemap(ctx, req, res, 0);
}

static void h_robots(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    const char *base = web_base_url(w, req);

    res->content_type = "text/plain; charset=utf-8";
    http_response_header(res, "Cache-Control", "public, max-age=3600");
    buf_puts(&res->body, "User-agent: *\n"
                         "Allow: /\n"
                         "Disallow: /quan-tri/\n"
                         "Disallow: /tim-kiem\n");
    if (*base)
        buf_printf(&res->body, "\nSitemap: %s/sitemap.xml\n", base);
}

/* The fallback: sitemap parts, redirects, then the 404 page. */

/* The part number of "/sitemap-N.xml", or 0. */
static size_t sitemap_part(const char *path)
{
    const char *p = path + strlen("/sitemap-"), *dot;
    int64_t k;

    if (strncmp(path, "/sitemap-", strlen("/sitemap-")) != 0)
        return 0;
    dot = strchr(p, '.');
    if (!dot || strcmp(dot, ".xml") != 0 || dot - p > 6 || *p == '0' || *p == '+' || *p == '-')
        return 0;
    if (!text_parse_i64(p, (size_t)(dot - p), &k) || k < 1)
        return 0;
    return (size_t)k;
}

bool site_old_link(struct web *w, struct http_request *req, struct http_response *res,
                   bool path_alone)
{
    char *target = NULL;
    const char *key;
    enum cong_err rc = CONG_ENOTFOUND;

    /* an old link with its query ("/index.php?id=5") first, then its path alone */
    if (req->raw_query && *req->raw_query) {
        key = arena_printf(req->arena, "%s?%s", req->path, req->raw_query);
        if (key)
            rc = store_get_redirect(web_store(w, req), req->arena, key, &target);
    }
    if (rc == CONG_ENOTFOUND && path_alone)
        rc = store_get_redirect(web_store(w, req), req->arena, req->path, &target);
    if (rc != CONG_OK || !target)
        return false; /* a store failure answers what the visitor would have had */
    http_response_redirect(req, res, 301, target);
    http_response_header(res, "Cache-Control", "public, max-age=86400");
    buf_printf(&res->body, "%s\n", target);
    return true;
}

void site_fallback(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    size_t part;

    if (req->method == HTTP_GET || req->method == HTTP_HEAD) {
        part = sitemap_part(req->path);
        if (part) {
            sitemap(w, req, res, part);
            return;
        }
        if (site_old_link(w, req, res, true))
            return;
    }
    web_page_error(w, req, res, 404, _("Trang bạn tìm không có hoặc đã được chuyển đi nơi khác."));
}

enum cong_err site_add_extra_routes(struct web *w, struct http_router *r)
{
    enum cong_err rc;

    /* the download encodes images with libsodium, which wants initialising once */
    if (sodium_init() < 0)
        return CONG_ENOMEM;
    if ((rc = http_router_add(r, HTTP_GET, "/tim-kiem", site_search_page, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/rss.xml", h_rss, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/chuyen-muc/:slug/rss.xml", h_category_rss, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/sitemap.xml", h_sitemap, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/robots.txt", h_robots, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/bai-viet/:id/luu", site_article_download, w)))
        return rc;
    return CONG_OK;
}
