/*
 * The public site: the handlers behind the portal's public URLs (home, category listings,
 * article pages, media, static assets, health) and its error pages. It reads through the
 * store, renders through the theme's templates, and answers through the http module.
 */
#ifndef CONG_SITE_H
#define CONG_SITE_H

#include "../core/core.h"
#include "../http/http.h"
#include "../store/store.h"

struct site;

struct site_config {
    const char *theme_dir; /* holds *.mustache and static/ */
    /* the clock; NULL means time_now. Tests inject one through the environment */
    int64_t (*now)(void);
};

/*
 * Loads the theme (templates parsed once, assets read once) and the site's settings.
 * Keeps a reference to st. CONG_EIO or CONG_EPARSE with err naming the file.
 */
enum cong_err site_new(struct store *st, const struct site_config *cfg, struct site **out,
                       struct cong_error *err);
void site_free(struct site *s);
/* Adds the public routes, the fallback (404 page) and the error page renderer to r. */
enum cong_err site_add_routes(struct site *s, struct http_router *r);

#endif
