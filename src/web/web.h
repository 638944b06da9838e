/*
 * The web layer: what every handler of Cổng stands on, whether it answers a public page, an
 * admin page or the JSON API. It owns the theme (templates and assets, loaded once), the
 * site's settings snapshot, the page frame (the data every page gets, the portlet regions
 * around it, rendering, error pages), who is asking (a guest, a session, a token), the one
 * table from enum cong_err to an HTTP status and an error code, answers as a page or as JSON,
 * redirects, and the readers of query strings and JSON bodies. It reads through the store and
 * never writes: writes go through the domain modules, called by the handlers.
 */
#ifndef CONG_WEB_H
#define CONG_WEB_H

#include <jansson.h>

#include "../auth/auth.h"
#include "../core/core.h"
#include "../http/http.h"
#include "../i18n/i18n.h"
#include "../store/store.h"

struct web;
struct stats;
struct mailer;
struct tmpl_set;
struct content_actor;

struct web_config {
    const char *theme_dir; /* holds *.mustache and static/ */
    /* the clock; NULL means time_now. Tests inject one through the environment */
    int64_t (*now)(void);
    /* URLs per sitemap file; 0 means STORE_STAMPS_MAX (50,000), the protocol's limit */
    size_t sitemap_max;
    /* the visitor counter, or NULL to count nothing; borrowed */
    struct stats *stats;
    /* the mail sender ([mail]), or NULL: features that need mail say it is not set; borrowed */
    struct mailer *mailer;
    /* the largest media upload in bytes; 0 means CONTENT_MEDIA_MAX_MB_DEFAULT megabytes */
    size_t media_max;
    /* the render cache's memory budget in bytes; 0 turns the cache off */
    size_t cache_bytes;
    /* the server's "HOST:PORT" (NULL: none): without base_url, only a Host header naming it
       (or localhost, for a loopback HOST) makes absolute URLs */
    const char *listen;
    /* who may read /metrics: [server] metrics_allow (see metrics_allow_parse); NULL means
       loopback (METRICS_ALLOW_DEFAULT). A bad list fails web_new */
    const char *metrics_allow;
};

/*
 * Loads the theme (templates parsed once, assets read once) and the site's settings. Keeps
 * references to st and au (au may be NULL: everyone is then a guest). CONG_EIO or CONG_EPARSE
 * with err naming the file, CONG_ENOMEM.
 */
enum cong_err web_new(struct store *st, struct auth *au, const struct web_config *cfg,
                      struct web **out, struct cong_error *err);
/* Accepts NULL. */
void web_free(struct web *w);
/*
 * Makes r answer its errors (404 of no route, 405, 413 of the server) through this layer:
 * JSON under /api/, the theme's error page elsewhere. Call once, before serving.
 */
void web_attach(struct web *w, struct http_router *r);

/*
 * Health and metrics (metrics.c). Adds GET /healthz (200 "ok", or 503 "database unreachable"
 * when store_ping fails) and GET /metrics (Prometheus text format 0.0.4: requests by route
 * class and status, a latency histogram, the render cache, the database pool, the visitor
 * counter's flush lag, memory; to the addresses [server] metrics_allow allows, 404 to anyone
 * else) to r, neither cached nor counted as a visit, and makes r report every answer to the
 * counters. Keeps a reference to w. CONG_ENOMEM.
 */
enum cong_err web_add_routes(struct web *w, struct http_router *r);
/* The route class path is counted under in /metrics: home, article, category, page, search,
   feed, media, static, api, admin, health or other (path NULL). Static; never NULL. */
const char *web_route_class(const char *path);

/*
 * The site a request is for: the one whose host the Host header names (port ignored, case
 * folded), else the default site. Each handler reads and writes through its site's store and
 * asks its site's auth, so nothing of one site shows on another. A copy in the request's
 * arena, found once per request; never NULL.
 */
/* The settings of a site the theme shows, as struct web_site keeps them. */
enum web_brand {
    WEB_BRAND_LOGO, /* the logo's URL; "": the emblem */
    WEB_BRAND_ADDRESS,
    WEB_BRAND_PHONE,
    WEB_BRAND_EMAIL,
    WEB_BRAND_FOOTER,
    WEB_BRAND_FACEBOOK,
    WEB_BRAND_YOUTUBE,
    WEB_BRAND_ZALO,
    WEB_BRAND_LANGUAGE, /* "vi" or "en" */
    WEB_BRAND_COUNT
};
struct web_site {
    const char *brand[WEB_BRAND_COUNT]; /* "" when unset */
    int64_t id;
    int64_t parent_id; /* 0: a top portal */
    const char *host;
    const char *name;     /* its site_name setting */
    const char *tagline;  /* its tagline setting */
    const char *base_url; /* its base_url setting, normalised; "" when unset */
    struct store *store;  /* its store handle */
    struct auth *auth;    /* its auth service; NULL: everyone is a guest */
    bool is_default;
    bool has_children;   /* it has sub-portals, which may share articles to it */
    bool host_named;     /* the request's Host named this site (not a fall-back) */
    uint64_t generation; /* store_generation when the request found it */
};
const struct web_site *web_site(struct web *w, struct http_request *req);
/* Another site by id, as the request's generation knows it. CONG_ENOTFOUND, CONG_ENOMEM. */
enum cong_err web_site_by_id(struct web *w, struct http_request *req, int64_t id,
                             const struct web_site **out);
/* The absolute origin ("http://host:port", no final '/') of site's pages, for links from
   another site (a shared article): its base_url, else this request's scheme and port with
   its host. From the request's arena; NULL when out of memory. */
const char *web_site_origin(struct web *w, struct http_request *req, const struct web_site *site);

/* The request's site's store, auth, name, tagline (web_site's). */
struct store *web_store(struct web *w, struct http_request *req);
struct auth *web_auth(struct web *w, struct http_request *req);
/* The default site's store: for what belongs to no one site (the list of sites). */
struct store *web_root_store(const struct web *w);
struct stats *web_stats(const struct web *w);
/* The mail sender (mail_is_configured tells whether mail can be sent), or NULL. */
struct mailer *web_mailer(const struct web *w);
int64_t web_now(const struct web *w);
size_t web_media_max(const struct web *w);
size_t web_sitemap_max(const struct web *w);
const char *web_site_name(struct web *w, struct http_request *req);
const char *web_tagline(struct web *w, struct http_request *req);
/* "/static/VERSION": the prefix of every asset URL. */
const char *web_static_prefix(const struct web *w);
struct http_static *web_assets(const struct web *w);
const struct tmpl_set *web_templates(const struct web *w);
bool web_has_template(const struct web *w, const char *name);
/* The site's base_url setting, normalised ("https://host", no final '/'), or "" when unset. */
const char *web_base_setting(struct web *w, struct http_request *req);
/*
 * The absolute base of the portal's URLs for this request: the site's base_url setting, else
 * "http://" and the request's Host header (lowercased) when it names the site's host or the
 * listen address (its host, or localhost for a loopback one), with the listen port or none,
 * else "": URLs then stay relative, so a forged Host never reaches a canonical link, a feed
 * or a cached page. From the request's arena.
 */
const char *web_base_url(struct web *w, struct http_request *req);

/*
 * The language of req's answer (lang.c): its ?lang= (vi|en), else its lang cookie, else for
 * the API its Accept-Language, else the site's language setting. Every request's thread
 * speaks it (i18n_lang()) from before its handler runs.
 */
enum i18n_lang web_lang_of(struct web *w, struct http_request *req);
/* req's path and query with lang=code in place of any lang it had, for the language switch
   and the hreflang links. From the request's arena; NULL when out of memory or for a request
   refused before its path was read. */
const char *web_lang_url(struct http_request *req, enum i18n_lang lang);

/*
 * The one table from a result to HTTP. Every handler, page or API, answers a domain failure
 * through it, so one code means one status everywhere:
 *   EINVAL, EPARSE 400 (bad_request, or invalid_field when a field is named)
 *   EPERM 403 forbidden      ENOTFOUND 404 not_found     EEXIST 409 conflict
 *   ETOOBIG 413 too_large    ESTATE 422 invalid_state
 *   ENOMEM, ESTORE, EIO, EBUSY, ESCHEMA 503 unavailable  OK 200
 */
int web_status_of(enum cong_err rc);
/* The Retry-After, in seconds, of every 503 for CONG_EBUSY (web_json_fail, web_page_fail),
 * whose message is then the domain's (err->msg) when it gave one. */
#define WEB_BUSY_RETRY_AFTER "30"

/* The API's error code for rc (with_field: an EINVAL that names its field). */
const char *web_code_of(enum cong_err rc, bool with_field);

/* Who is asking. */
struct web_viewer {
    bool logged_in;
    bool by_token;                      /* an API token, not a browser session */
    enum auth_role role;                /* AUTH_GUEST when not logged in */
    struct auth_user user;              /* zeroed (name "") for a guest */
    const struct auth_session *session; /* from the request's arena; NULL for a guest, a token */
};
/* The public pages' viewer: the session cookie's user, else a guest (a store failure is
   logged and counts as a guest: such a visitor sees what guests see, never more). */
void web_viewer_find(struct web *w, struct http_request *req, struct web_viewer *v);
/*
 * The admin pages' gate: a live session (else a 303 to the login page, with the page to come
 * back to), a role of at least need (else 403) and, for a POST, a form that decodes (else
 * 400), does not come from another site and carries the session's CSRF token (else 403).
 * Fills *v and returns true when the handler may go on; otherwise it has answered (private).
 */
bool web_admin_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                          enum auth_role need, struct web_viewer *v);
/*
 * The session cookie's user into *v, without answering: CONG_OK, CONG_ENOTFOUND (no cookie, or
 * no live session: v is a guest) or a store failure (v is a guest). For the pages a guest may
 * reach too (login, logout), which decide themselves what a guest gets.
 */
enum cong_err web_viewer_session(struct web *w, struct http_request *req, struct web_viewer *v);
/*
 * The checks of an admin form, which web_admin_or_respond runs on every POST: a form that
 * decodes (else 400), not sent from another site and carrying v's session CSRF token in the
 * field "csrf" (else 403). false: it has answered (private).
 */
bool web_form_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                         const struct web_viewer *v);
/*
 * An admin page's refusal: the theme's error page with rc's status from the table and message
 * (a fixed one for a 5xx, whose cause is logged), private.
 */
void web_admin_refuse(struct web *w, struct http_request *req, struct http_response *res,
                      enum cong_err rc, const char *message);
/* web_page_fail, private: for the admin pages. */
void web_admin_fail(struct web *w, struct http_request *req, struct http_response *res,
                    enum cong_err rc, const struct cong_error *err);
/*
 * The API's gate: a Bearer token if an Authorization header is present (a bad one is a 401,
 * never a fall-back to the cookie), else the session cookie, which on a method other than GET
 * and HEAD must come with its CSRF token in X-CSRF-Token (403 without it). With need
 * AUTH_GUEST a request with neither is a guest. Then requires at least role need (401 for a
 * guest, 403 for a role below it). false: it has answered with a JSON error.
 */
bool web_api_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                        enum auth_role need, struct web_viewer *v);
/* The content module's actor for v acting from the request's address. */
void web_actor(const struct web_viewer *v, const struct http_request *req,
               struct content_actor *out);
/* The viewer as templates show it (name, role, role_label, is_admin, is_editor, home), NULL
   for a guest or when out of memory. */
json_t *web_viewer_view(const struct web_viewer *v);
/*
 * The admin menu, the same on every admin page: every section the viewer's role may open, in
 * one order, [{url, label, current (path is in it)}]. NULL when out of memory.
 */
json_t *web_admin_nav(const struct web_viewer *v, const char *path);
/*
 * What every admin page gets: web_page_data (section "admin") plus "viewer" and "csrf" for
 * its forms when v holds a session. A new object; NULL when out of memory.
 */
json_t *web_admin_page_data(struct web *w, struct http_request *req, const char *title,
                            const struct web_viewer *v);
/* Sets (value non-empty) or deletes (value "") the session cookie. */
void web_session_cookie(struct web *w, struct http_request *req, struct http_response *res,
                        const char *value);
/* target if it is a local path a login may return to (no "//", "/\", controls), else NULL. */
const char *web_safe_target(const char *target);

/* Answers with a page. */

/* Marks an answer private: never stored by a browser or a proxy, never indexed. */
void web_private(struct http_response *res);
/* The theme's error page with status and message (the page frame around it). */
void web_page_error(struct web *w, struct http_request *req, struct http_response *res,
                    int status, const char *message);
/*
 * Answers a failure rc with the theme's error page, its status from the table: err's message
 * for a 4xx (a fixed one when err has none), a fixed message for a 5xx, whose cause is logged.
 */
void web_page_fail(struct web *w, struct http_request *req, struct http_response *res,
                   enum cong_err rc, const struct cong_error *err);
/* The 404 page. */
void web_not_found(struct web *w, struct http_request *req, struct http_response *res);
/* A private 303 See Other to location (a path on this site); location NULL (it could not be
   built) is a 503. */
void web_see_other(struct http_request *req, struct http_response *res, const char *location);
/* A guest sent to the login page, with this page to come back to; a stale session cookie is
   deleted. Private. */
void web_to_login(struct web *w, struct http_request *req, struct http_response *res);

/* Answers with JSON. Every API answer is no-store: it depends on who asks. */

/* status with body serialized compactly (borrowed); 503 if it cannot be serialized. */
void web_json(struct http_response *res, int status, json_t *body);
/* {"error": {"code", "message"[, "field"]}} with status. field may be NULL. */
void web_json_error(struct http_response *res, int status, const char *code, const char *field,
                    const char *message);
/* A failure rc through the table, err's message and field (a fixed message for a 5xx). */
void web_json_fail(struct http_response *res, enum cong_err rc, const struct cong_error *err);
/* 405 with an Allow header (allow: "GET, POST"). */
void web_json_method_not_allowed(struct http_response *res, const char *allow);

/*
 * Reading a JSON body. web_json_body parses the request's body (duplicate keys refused) into
 * an object the caller owns; NULL after answering 400 bad_request.
 *
 * web_json_check checks o against fields (ended by an entry with key NULL): a key not listed
 * is 400 unknown_field; a value of the wrong type, a string with a NUL or longer than max
 * bytes (0: no limit), a string not among the field's values, a missing required field are
 * 400 invalid_field; field names the key.
 * After it, the readers below need not check types again. false: answered.
 */
enum web_field_type {
    WEB_TEXT,    /* a string */
    WEB_INT,     /* a whole number */
    WEB_BOOL,    /* true or false */
    WEB_TEXTS,   /* an array of strings */
    WEB_OBJECT,  /* an object, checked by the caller */
    WEB_TEXT_OR_INT, /* a string or a whole number (a slug or an id) */
    WEB_INTS,        /* an array of whole numbers (ids); max: the most elements */
};
enum web_field_flags {
    WEB_REQUIRED = 1u << 0,
    WEB_NULLABLE = 1u << 1, /* JSON null accepted (it means "none") */
};
struct web_field {
    const char *key;
    enum web_field_type type;
    unsigned flags;
    size_t max; /* strings: the most bytes; 0: no limit */
    /* WEB_TEXT: the only values accepted (a NULL-ended list), described as the schema's enum;
       NULL: any string */
    const char *const *values;
};
/* The name of content language code in that language ("English", "Tiếng Việt"), for a
   mark beside what is written in another language than the page's. Static. */
const char *web_lang_name(const char *code);
/* The content languages as a form's choices, [{code, name, selected}] (selected: the one
   named, none if NULL); NULL when out of memory. */
json_t *web_lang_options(const char *selected);
/* The values of a content language field ("vi", "en"), for a web_field's values. */
extern const char *const web_lang_values[];
json_t *web_json_body(struct http_request *req, struct http_response *res);
bool web_json_check(json_t *o, const struct web_field *fields, struct http_response *res);
/* A checked string field's value, or NULL when absent or null. */
const char *web_json_text(json_t *o, const char *key);
/* A checked whole-number field into *out: false (and *out untouched) when absent or null. */
bool web_json_int(json_t *o, const char *key, int64_t *out);
/* A checked boolean field into *out: false when absent. */
bool web_json_bool(json_t *o, const char *key, bool *out);
/* True if key is present (null included). */
bool web_json_has(json_t *o, const char *key);

/* Reading the URL. */

/* A positive id from a path segment ("12" or "12-slug" when slug_ok); false if none. */
bool web_parse_id(const char *s, bool slug_ok, int64_t *out);
/* "YYYY-MM-DD" as its midnight in the site's zone; false for anything else. */
bool web_parse_day(const char *s, int64_t *out);
/* A whole number from 1 to max in query parameter name, def when absent; false if malformed. */
bool web_query_count(struct http_request *req, const char *name, int64_t def, int64_t max,
                     int64_t *out);

/*
 * Building views. A view is built by a small typed step: a table of keys and typed values
 * turned into one object, NULL if any part could not be allocated, so a page never goes out
 * half built (the caller answers 503).
 */
enum web_kind { WEB_KV_END, WEB_KV_STR, WEB_KV_INT, WEB_KV_BOOL, WEB_KV_JSON, WEB_KV_DATE,
                WEB_KV_ISO, WEB_KV_DATETIME, WEB_KV_NUM, WEB_KV_NEED };
struct web_kv {
    const char *key;
    enum web_kind kind;
    const char *s; /* STR: NULL becomes "" */
    int64_t i;     /* INT, BOOL, DATE (dd-mm-yyyy), ISO (ISO 8601), DATETIME; 0 time: "";
                      NUM: a number shown to people, as text with the language's digit groups */
    json_t *j;     /* JSON: stolen; NULL leaves the key out. NEED: stolen; NULL is a failure */
};
#define WEB_S(k, v)  {.key = (k), .kind = WEB_KV_STR, .s = (v)}
#define WEB_I(k, v)  {.key = (k), .kind = WEB_KV_INT, .i = (int64_t)(v)}
#define WEB_B(k, v)  {.key = (k), .kind = WEB_KV_BOOL, .i = (v) ? 1 : 0}
#define WEB_J(k, v)  {.key = (k), .kind = WEB_KV_JSON, .j = (v)}
/* a part the view cannot go without (a list built for it): NULL means out of memory */
#define WEB_N(k, v)  {.key = (k), .kind = WEB_KV_NEED, .j = (v)}
#define WEB_DATE(k, t) {.key = (k), .kind = WEB_KV_DATE, .i = (t)}
#define WEB_ISO(k, t)  {.key = (k), .kind = WEB_KV_ISO, .i = (t)}
#define WEB_DATETIME(k, t) {.key = (k), .kind = WEB_KV_DATETIME, .i = (t)}
#define WEB_NUM(k, n) {.key = (k), .kind = WEB_KV_NUM, .i = (int64_t)(n)}
#define WEB_END      {.key = NULL, .kind = WEB_KV_END}
/* A new object of kv (ended by WEB_END); NULL if any allocation failed. JSON values are
   stolen in every case. */
json_t *web_view(const struct web_kv *kv);
/* Adds kv to o; false if any allocation failed (JSON values stolen in every case). */
bool web_view_add(json_t *o, const struct web_kv *kv);
/* Adds kv to o and returns o; on any failure releases o and returns NULL (o NULL included),
   so a page is built whole or not at all. JSON values are stolen in every case. */
json_t *web_view_extend(json_t *o, const struct web_kv *kv);
/* A JSON string of s, "" for NULL. */
json_t *web_jstr(const char *s);
/* A calendar day "YYYY-MM-DD" as the page's language writes a date (04-12-2026, 4 Dec 2026),
   in the arena; "" for "" or anything else that is not such a day, NULL when out of memory. */
const char *web_day_text(struct arena *a, const char *ymd);
/* Appends v (stolen, also on failure) to list; false if either is NULL or the append failed,
   so a list built in a loop is checked once (the caller then drops it and answers 503). */
bool web_list_add(json_t *list, json_t *v);

/*
 * The render cache: answers req from a page kept for it (a guest's GET or HEAD of a public
 * page whose content has not changed since it was drawn), with this request's counter, views
 * and login token filled in, and counts the view. true: answered. false: the handler draws
 * the page, and web_render_page keeps it for the next visitors. Handlers of public pages call
 * it before they read anything.
 */
bool web_cached(struct web *w, struct http_request *req, struct http_response *res);

/*
 * Whether the public sees media file id (something published uses it), as found last while
 * nothing has changed since: 1 or 0, or -1 when not known (then ask the store and tell
 * web_media_public_found, with the store_generation taken before asking). Finding it means
 * searching the published bodies, so each file is searched once per change, not per request.
 */
int web_media_public(struct web *w, int64_t id, int64_t now);
void web_media_public_found(struct web *w, int64_t id, uint64_t generation, int64_t now,
                            bool is_public);

/* What the render cache has done since start, for /metrics. */
struct web_cache_figures {
    bool on;                          /* false: the cache is off (all zero) */
    uint64_t hits, misses, evictions; /* lookups answered, not answered; pages dropped for room */
    size_t entries, bytes, budget;    /* pages kept now, their bytes, the budget */
};
void web_cache_figures(struct web *w, struct web_cache_figures *out);

/* The page frame. */

/*
 * What every page gets (site, nav, page, stats, year) for a page titled title (NULL: the
 * home page) at path; section names the kind of page ("home", "article", "admin", ...);
 * current_category_id marks the navigation (0: none). A new object; NULL when out of memory.
 */
json_t *web_page_data(struct web *w, struct http_request *req, const char *title,
                      const char *path, const char *description, const char *section,
                      int64_t current_category_id);
/*
 * Renders template tmpl with ctx (borrowed) into res with status. Search and error pages get
 * the site's portlets around them. Out of memory (ctx NULL included) is a 503 page and a
 * template failure a 500: never a half page.
 */
void web_render(struct web *w, struct http_request *req, struct http_response *res, int status,
                const char *tmpl, json_t *ctx);
/* web_render, then web_private: for the admin pages. */
void web_render_private(struct web *w, struct http_request *req, struct http_response *res,
                        int status, const char *tmpl, json_t *ctx);

/* What a composed page is about. */
struct web_subject {
    const struct article *article;   /* the article shown (xem-chi-tiet) */
    json_t *article_view;            /* its view data, as the page's "article" */
    const struct category *category; /* the category listed (chuyen-muc) */
    int64_t page_no;                 /* the listing's page, 1 when not asked */
};
/*
 * Adds to ctx what page.mustache and the head and foot partials draw around the content:
 * "regions" (header, left, main, right, footer: HTML of the portlets of page slug and of the
 * page site, each as v may see it), "layout" ({name, has_left, has_right}) and "viewer". slug
 * NULL: the site's regions only. CONG_ENOTFOUND when a portlet says the page does not exist
 * (a listing page past its end); store failures pass on. res may get the login form's cookie.
 */
enum cong_err web_compose(struct web *w, struct http_request *req, struct http_response *res,
                          const char *slug, const struct web_subject *subj,
                          const struct web_viewer *v, json_t *ctx);
/*
 * Answers with page slug composed around ctx (web_page_data's, borrowed): counts the view,
 * renders the theme's "page" template; 404 or 503 pages when composing fails.
 */
void web_render_page(struct web *w, struct http_request *req, struct http_response *res,
                     const char *slug, const struct web_subject *subj, json_t *ctx);
/*
 * Counts a public page view (article_id 0 for a page that is not an article) and, when the
 * visitor needs one, adds the visitor cookie to res. Only for pages a visitor reads.
 */
void web_count_view(struct web *w, struct http_request *req, struct http_response *res,
                    int64_t article_id);
/*
 * The JSON cards of arts[0..n), as lists in templates use them (docs/themes.md): a new array
 * of n cards, with their covers unless !covers. The covers of all are read at once (one store
 * query per STORE_IMAGES_PER_QUERY articles); if they cannot be read the cards go without.
 * NULL when out of memory.
 */
json_t *web_article_cards(struct web *w, struct http_request *req, const struct article *arts,
                          size_t n, bool covers);
/* An article's tags (as the store keeps them, joined by ',') as [{name, url}], each url a
   search for it. A new array. */
json_t *web_article_tags(const char *tags);
/* The cover of art for templates (url, width, height, alt, srcsets; caption when detail), or
   NULL if it has none. */
json_t *web_article_cover(struct web *w, struct arena *a, const struct article *art,
                          bool detail);

/*
 * Menus as pages draw them (menus.c). The targets of a site's menu items: its pages and
 * categories, read once for a request.
 */
struct web_menu_refs {
    struct page *pages;
    size_t npages;
    struct category *cats;
    size_t ncats;
};
enum cong_err web_menu_refs_load(struct store *st, struct arena *a, struct web_menu_refs *out);
/* Where item it leads ("/trang/x", "/chuyen-muc/y", "/van-ban" or its URL), or NULL when its
   page or category is gone (the item is then not shown). Borrowed from a or it. */
const char *web_menu_href(struct arena *a, const struct web_menu_refs *refs,
                          const struct menu_item *it);
/*
 * The language of the menu a page in ui draws from items (a menu's items, both languages):
 * ui's code ("en") when a top item is in it, else "vi". Static.
 */
const char *web_menu_lang(const struct menu_item *items, size_t n, enum i18n_lang ui);
/*
 * The items of menu of st as the theme draws them (those of the menu in the current request's
 * language, web_menu_lang), the top ones in order, each
 * {name, url, current (path is its url), external, new_window, id, children: [...]} (children
 * only when it has some); *lang_out (may be NULL) gets the language of the items drawn. NULL
 * when the menu has no items or on failure (*rc says which: CONG_OK for none).
 */
json_t *web_menu_nav(struct store *st, struct arena *a, const char *menu, const char *path,
                     const char **lang_out, enum cong_err *rc);

#endif
