/*
 * The public site: the handlers behind the portal's public URLs (home, category listings,
 * article pages, portal pages, search, feeds and sitemaps, media, theme assets). They
 * read through the store and answer through the web layer, which owns the theme and the page
 * frame.
 */
#ifndef CONG_SITE_H
#define CONG_SITE_H

#include "../core/core.h"
#include "../http/http.h"
#include "../web/web.h"

/* Adds the public routes and the fallback (sitemap parts, old addresses, else 404) to r;
   keeps a reference to w. */
enum cong_err site_add_routes(struct web *w, struct http_router *r);
/* Adds the state portal's public pages (/lich-cong-tac, /hoi-dap...) to r; keeps a reference
   to w. Call it before the admin's and the API's routes. */
enum cong_err site_civic_add_routes(struct web *w, struct http_router *r);
/* Adds the documents' public pages (/van-ban...) to r; keeps a reference to w. */
enum cong_err site_documents_add_routes(struct web *w, struct http_router *r);

#endif
