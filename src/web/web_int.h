/* Shared by the files of src/web only: the layer's state. */
#ifndef CONG_WEB_INT_H
#define CONG_WEB_INT_H

#include <pthread.h>

#include "web.h"

struct web_sites;
struct metrics;
struct metrics_allow;

struct web {
    struct store *store; /* the default site's; every site's handle comes from it */
    struct auth *auth;   /* the default site's; NULL: everyone is a guest */
    struct stats *stats;
    struct mailer *mailer; /* borrowed; NULL or off: no mail */
    struct tmpl_set *tmpl;
    struct http_static *assets;
    char *static_prefix; /* "/static/VERSION" */
    /* sites.c: the sites as of the generation they were read at */
    pthread_mutex_t sites_lock;
    bool sites_lock_ready;
    struct web_sites *sites;
    struct web_site fallback_site; /* what a request gets when out of memory */
    /* the listen address's host, lowercase: without base_url the one name (and "localhost"
       for a loopback one) a Host header may give absolute URLs; "" for a wildcard: none */
    char *listen_host;
    unsigned listen_port; /* the listen address's port; 0 (the system picks): any */
    size_t sitemap_max;
    size_t media_max;
    int64_t (*now)(void);
    struct web_cache *cache; /* NULL: the render cache is off */
    struct metrics *metrics;             /* metrics.c: the request counters */
    struct metrics_allow *metrics_allow; /* who may read /metrics */
};

/* sites.c: reads the sites (web_new); frees them (web_free). */
enum cong_err web_sites_init(struct web *w, struct cong_error *err);
void web_sites_free(struct web *w);
/* web.c: s lowercased in place (ASCII). */
void web_lowercase(char *s);

/* metrics.c: the request counters and the allow list of /metrics (allow: the setting, NULL
   for the default), for web_new; CONG_EINVAL with err naming the setting and the bad entry,
   CONG_ENOMEM. web_metrics_free frees what it made (web_free). */
enum cong_err web_metrics_init(struct web *w, const char *allow, struct cong_error *err);
void web_metrics_free(struct web *w);

/* i18n_js.c: GET /i18n/en.js, the English of the admin's scripts (window.CONG_T). */
enum cong_err web_i18n_js_add_routes(struct web *w, struct http_router *r);

/* lang.c: the router's prepare step: sets the thread's language to web_lang_of(req) and keeps
   a ?lang= in a cookie (ctx is the struct web). */
void web_lang_prepare(struct http_request *req, struct http_response *res, void *ctx);

/* Where the login form is, and where its token cookie is scoped. */
#define WEB_LOGIN_PATH "/dang-nhap"

/* web.c: the request's Host, lowercase in the arena, when it names this portal as the listen
   address does (see web_base_url); else NULL. The render cache keys by it. */
const char *web_known_host(struct web *w, struct http_request *req);

/* frame.c: true if the request is for the JSON API (its errors answer in JSON). */
bool web_is_api(const struct http_request *req);

/* cache.c: the render cache (see there). */
struct web_cache;
struct portal_marks;
/* A cache of at most budget bytes. CONG_ENOMEM. */
enum cong_err web_cache_new(size_t budget, struct web_cache **out);
void web_cache_free(struct web_cache *c);
/* The marks a page drawn for req must carry in place of its live values, or NULL when req's
   page is not to be cached (web_cached did not stamp it). */
const struct portal_marks *web_cache_marks_for(struct web *w, const struct http_request *req);
/*
 * res holds a page drawn with the marks for req (status 200): keeps it (when it is still
 * current and fits) and answers req from it, filled with this request's values and encoded
 * as the client accepts. counted: a view of it is counted (as for the portal's pages, not
 * search); article_id is the article it shows (0: none), views its views.
 */
void web_cache_keep(struct web *w, struct http_request *req, struct http_response *res,
                    bool counted, int64_t article_id, int64_t views);

/* compose.c: web_compose with marks in place of the live values (marks NULL: none). */
enum cong_err web_compose_marked(struct web *w, struct http_request *req,
                                 struct http_response *res, const char *slug,
                                 const struct web_subject *subj, const struct web_viewer *v,
                                 const struct portal_marks *marks, json_t *ctx);
/* compose.c: in a page drawn to be cached, the counter of the page data (ctx's "stats") and
   the article's views (subj's article_view, may be NULL) become marks; *views gets the views
   the article had (0 if none). false: out of memory. */
bool web_mark_page_data(const struct portal_marks *m, const struct web_subject *subj,
                        json_t *ctx, int64_t *views);
/* compose.c: the login form's token for a guest: the browser's if well formed, else a new one
   (its cookie set on res when res is not NULL). NULL when none could be made. */
const char *web_login_token(struct web *w, struct http_request *req, struct http_response *res);

#endif
