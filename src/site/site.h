/*
 * The public site: the handlers behind the portal's public URLs (home, category listings,
 * article pages, media, static assets, health) and its error pages. It reads through the
 * store, renders through the theme's templates, and answers through the http module.
 */
#ifndef CONG_SITE_H
#define CONG_SITE_H

#include <jansson.h>

#include "../core/core.h"
#include "../http/http.h"
#include "../store/store.h"

struct site;
struct stats;

struct site_config {
    const char *theme_dir; /* holds *.mustache and static/ */
    /* the clock; NULL means time_now. Tests inject one through the environment */
    int64_t (*now)(void);
    /* URLs per sitemap file; 0 means STORE_STAMPS_MAX (50,000), the protocol's limit */
    size_t sitemap_max;
    /* the visitor counter, or NULL to count nothing; the site keeps a reference */
    struct stats *stats;
    /* the largest media upload in bytes; 0 means CONTENT_MEDIA_MAX_MB_DEFAULT megabytes */
    size_t media_max;
};

/*
 * Loads the theme (templates parsed once, assets read once) and the site's settings.
 * Keeps a reference to st. CONG_EIO or CONG_EPARSE with err naming the file.
 */
enum cong_err site_new(struct store *st, const struct site_config *cfg, struct site **out,
                       struct cong_error *err);
void site_free(struct site *s);
/*
 * Gives the site the accounts service, so pages know who is looking (portlet permissions,
 * the account link). Call once at start-up, before serving; keeps a reference to au.
 * Without it every visitor is a guest.
 */
struct auth;
void site_set_auth(struct site *s, struct auth *au);
/* Adds the public routes, the fallback (404 page) and the error page renderer to r. */
enum cong_err site_add_routes(struct site *s, struct http_router *r);

/*
 * For other modules that render pages in the theme (search, login, admin):
 * site_page_data returns a new JSON object (the caller owns it) with what every page gets
 * (site, nav, page, year) for a page titled title (NULL: the home page) at path;
 * current_category_id marks the navigation (0: none).
 */
json_t *site_page_data(struct site *s, struct http_request *req, const char *title,
                       const char *path, const char *description, const char *section,
                       int64_t current_category_id);
/* Renders template tmpl with data into res with status; a template failure becomes a 500. */
void site_render(struct site *s, struct http_request *req, struct http_response *res, int status,
                 const char *tmpl, json_t *data);
/* Answers with the theme's error page. */
void site_error(struct site *s, struct http_request *req, struct http_response *res, int status,
                const char *message);
/* The store the site reads, and its clock. */
struct store *site_store(struct site *s);
/* The largest media upload in bytes, for every upload form and the API. */
size_t site_media_max(const struct site *s);
int64_t site_now(struct site *s);
/*
 * Counts a public page view (article_id 0 for a page that is not an article) and, when the
 * visitor needs one, adds the visitor cookie to res. Call it only for pages a visitor reads:
 * not for assets, feeds, the API or admin pages.
 */
void site_count_view(struct site *s, struct http_request *req, struct http_response *res,
                     int64_t article_id);
/* The visitor counter the site was given (NULL if none), for the admin's statistics page. */
struct stats *site_stats(const struct site *s);
/* A new JSON card for an article, as lists in templates use it (see docs/themes.md). */
json_t *site_article_card(struct site *s, struct arena *a, const struct article *art);

#endif
