/*
 * Inside the site module: what its files share. site.c has the main pages; search_page.c
 * (the search page), feeds.c (RSS, sitemaps, robots.txt, redirects), reading.c (article
 * metadata for search engines, the print view and the downloadable copy) and portal_page.c
 * (pages an admin made) add theirs. Every handler's ctx is the web layer.
 * Nothing outside src/site includes this header.
 */
#ifndef CONG_SITE_INT_H
#define CONG_SITE_INT_H

#include <jansson.h>

#include "site.h"

/* feeds.c: adds /tim-kiem, /rss.xml, /chuyen-muc/:slug/rss.xml, /sitemap.xml, /robots.txt
 * and /bai-viet/:id/luu to r. */
enum cong_err site_add_extra_routes(struct web *w, struct http_router *r);
/* feeds.c: for paths no route matched: sitemap parts, then the redirect table, else 404. */
void site_fallback(struct http_request *req, struct http_response *res, void *ctx);
/*
 * A 301 if the redirect table holds the request's path and query ("/?p=12", an old portal's
 * link), or (path_alone) its path; true when it has answered.
 */
bool site_old_link(struct web *w, struct http_request *req, struct http_response *res,
                   bool path_alone);

/* search_page.c: GET /tim-kiem. */
void site_search_page(struct http_request *req, struct http_response *res, void *ctx);

/*
 * reading.c: adds to the article page's data (ctx, with "article" and "page" already set)
 * what search engines and readers need beyond the page itself: JSON-LD (page.jsonld), the
 * print and save links, the modification date; returns the template to render: the print
 * view for "?in=1" when the theme has one, else "article".
 */
const char *site_article_extras(struct web *w, struct http_request *req,
                                const struct article *art, json_t *ctx);
/* reading.c: GET /bai-viet/ID-SLUG/luu, the article as one self-contained HTML file. */
void site_article_download(struct http_request *req, struct http_response *res, void *ctx);

/* portal_page.c: GET /trang/:slug, a page an admin made. */
void site_custom_page(struct http_request *req, struct http_response *res, void *ctx);

/* questions_page.c: /hoi-dap, /hoi-dap/ID, /hoi-dap/gui and /hoi-dap/da-gui, added by
   site_civic_add_routes (schedule_page.c). */
enum cong_err site_questions_routes(struct web *w, struct http_router *r);

#endif
