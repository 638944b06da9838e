/*
 * Inside the site module: what its files share. site.c owns the site's state (theme,
 * settings, clock) and the main pages; search_page.c (the search page), feeds.c (RSS,
 * sitemaps, robots.txt, redirects and the base URL) and reading.c (article metadata for
 * search engines, the print view and the downloadable copy) add their pages through these.
 * Nothing outside src/site includes this header.
 */
#ifndef CONG_SITE_INT_H
#define CONG_SITE_INT_H

#include <jansson.h>

#include "../auth/auth.h"
#include "site.h"

/* site.c: read-only state, set at start-up and borrowed for the site's life. */
const char *site_name(const struct site *s);
const char *site_tagline(const struct site *s);
const char *site_static_prefix(const struct site *s);
/* The base_url setting, normalised ("https://host", no final '/'), or "" when unset. */
const char *site_base_setting(const struct site *s);
/* URLs per sitemap file (STORE_STAMPS_MAX unless a test set fewer). */
size_t site_sitemap_max(const struct site *s);
bool site_has_template(const struct site *s, const char *name);

/*
 * feeds.c: the absolute base of the portal's URLs for this request: the base_url setting,
 * else "http://" and the request's Host header when it is a well-formed host name or address
 * (lowercased), else "" (URLs then stay relative). From the request's arena.
 */
const char *site_base_url(struct site *s, struct http_request *req);
/* feeds.c: adds /tim-kiem, /rss.xml, /chuyen-muc/:slug/rss.xml, /sitemap.xml, /robots.txt
 * and /bai-viet/:id/luu to r. */
enum cong_err site_add_extra_routes(struct site *s, struct http_router *r);
/* feeds.c: for paths no route matched: sitemap parts, then the redirect table, else 404. */
void site_fallback(struct http_request *req, struct http_response *res, void *ctx);

/* search_page.c: GET /tim-kiem. */
void site_search_page(struct http_request *req, struct http_response *res, void *ctx);

/*
 * reading.c: adds to the article page's data (ctx, with "article" and "page" already set)
 * what search engines and readers need beyond the page itself: JSON-LD (page.jsonld), the
 * print and save links, the modification date; returns the template to render: the print
 * view for "?in=1" when the theme has one, else "article".
 */
const char *site_article_extras(struct site *s, struct http_request *req,
                                const struct article *art, json_t *ctx);
/* reading.c: GET /bai-viet/ID-SLUG/luu, the article as one self-contained HTML file. */
void site_article_download(struct http_request *req, struct http_response *res, void *ctx);
/* reading.c: a 503 page for a failed store read (logged), 503 too for memory. */
void site_store_failed(struct site *s, struct http_request *req, struct http_response *res,
                       enum cong_err rc);

/*
 * portal_page.c: pages built from portlets (issue 4). The viewer is whoever the request's
 * session cookie names (a guest without one); the subject is what the page is about.
 */
struct site_viewer {
    bool logged_in;
    enum auth_role role;                /* AUTH_GUEST when not logged in */
    const struct auth_session *session; /* from the request's arena, NULL for a guest */
};
struct site_subject {
    const struct article *article;   /* the article shown (xem-chi-tiet) */
    json_t *article_view;            /* its view data, as the page's "article" */
    const struct category *category; /* the category listed (chuyen-muc) */
    int64_t page_no;                 /* the listing's page, 1 when not asked */
};
/* Who is looking; a store failure counts as a guest (logged). */
void site_viewer_find(struct site *s, struct http_request *req, struct site_viewer *v);
/*
 * Adds to ctx what page.mustache and the head and foot partials draw around the content:
 * "regions" (header, left, main, right, footer: HTML of the portlets of page slug and of the
 * page site, each as v may see it), "layout" ({name, has_left, has_right}) and "viewer". slug
 * NULL: the site's regions only. CONG_ENOTFOUND when a portlet says the page does not exist
 * (a listing page past its end); store failures pass on. res may get the login form's cookie.
 */
enum cong_err site_compose(struct site *s, struct http_request *req, struct http_response *res,
                           const char *slug, const struct site_subject *subj,
                           const struct site_viewer *v, json_t *ctx);
/*
 * Answers with page slug composed around ctx (site_page_data's, borrowed): counts the view,
 * renders the theme's "page" template; 404 or 503 pages when composing fails.
 */
void site_render_page(struct site *s, struct http_request *req, struct http_response *res,
                      const char *slug, const struct site_subject *subj, json_t *ctx);
/* portal_page.c: GET /trang/:slug, a page an admin made. */
void site_custom_page(struct http_request *req, struct http_response *res, void *ctx);
/* site.c: for portal_page.c. */
const struct tmpl_set *site_templates(const struct site *s);
struct auth *site_auth(const struct site *s);
void site_not_found(struct site *s, struct http_request *req, struct http_response *res);

#endif
