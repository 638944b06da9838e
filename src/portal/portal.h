/*
 * The portal module: how pages are composed. A page has a layout whose regions hold portlet
 * instances in order; the page `site` holds the portlets shown on every page. This module
 * owns the layouts, the registry of portlet types (one file each in portlets/), the rules of
 * a portlet's configuration, who may see a portlet, and the writes that change pages and
 * portlets, so the admin UI and the JSON API share one set of checks. It turns a portlet's
 * configuration into the view data of its theme template (`portlet-TYPE`); the site renders
 * the templates and the page. It reads and writes only through the store, and never renders
 * a portlet for a viewer outside its roles.
 *
 * Its admin pages are src/admin's, its API src/api's.
 */
#ifndef CONG_PORTAL_H
#define CONG_PORTAL_H

#include <jansson.h>

#include "../auth/auth.h"
#include "../core/core.h"
#include "../i18n/i18n.h"
#include "../store/store.h"

/* The page whose portlets show on every page, and the built-in pages `cong init` creates. */
#define PORTAL_SITE_PAGE     "site"
#define PORTAL_HOME_PAGE     "trang-chu"
#define PORTAL_CATEGORY_PAGE "chuyen-muc"
#define PORTAL_ARTICLE_PAGE  "xem-chi-tiet"
#define PORTAL_SEARCH_PAGE   "tim-kiem"

#define PORTAL_PORTLETS_MAX  50  /* on one page */
#define PORTAL_TITLE_MAX     200 /* characters of a page's or a portlet's title */
#define PORTAL_SLUG_MAX      80  /* bytes of a page's slug */
#define PORTAL_PAGES_MAX     500

/* What a visitor outside a portlet's roles gets in its place (unless it is hidden). */
#define PORTAL_DENIED_MESSAGE N_("Bạn chưa có đủ quyền truy nhập portlet này.")

/* Layouts. */

struct portal_layout {
    const char *name;           /* "hai-cot" */
    const char *label;          /* "Hai cột (70/30)"; N_: translate with _() where shown */
    const char *const *regions; /* NULL-terminated, the first one is where new portlets go */
};

/*
 * The layout called name, or NULL. Pages choose among "mot-cot" (main), "hai-cot" (main and
 * right, 70/30) and "ba-cot" (left, main, right); the page `site` alone has "site" (header,
 * left, right, footer).
 */
const struct portal_layout *portal_layout_find(const char *name);
/* The i-th layout a page may choose (not "site"), NULL past the last. */
const struct portal_layout *portal_layout_at(size_t i);
bool portal_layout_has_region(const struct portal_layout *l, const char *region);
/* The name of a region in the current language ("Cột phải"), or region itself if unknown. */
const char *portal_region_label(const char *region);
/* True for the pages `cong init` creates: they cannot be deleted nor renamed. */
bool portal_page_is_builtin(const char *slug);
/* The public path of a page ("/", "/tim-kiem", "/trang/SLUG"), or NULL for one that has none
 * of its own (web, chuyen-muc, xem-chi-tiet); from a. */
const char *portal_page_path(struct arena *a, const char *slug);

/* View permissions. */

/* What a visitor outside the roles gets: the site's choice, or this portlet's. */
enum portal_unauth {
    PORTAL_UNAUTH_INHERIT = 0, /* the site setting portlet_unauthorized (default: message) */
    PORTAL_UNAUTH_MESSAGE,
    PORTAL_UNAUTH_HIDE,
};

/* "inherit", "message", "hide". */
const char *portal_unauth_name(enum portal_unauth u);
bool portal_unauth_parse(const char *name, enum portal_unauth *out);

/*
 * A set of roles as bits (1u << enum auth_role); PORTAL_EVERYONE (no bit) means every role,
 * guests included. A set is literal: {member} lets members in, not editors.
 */
#define PORTAL_EVERYONE    0u
#define PORTAL_ROLE_BIT(r) (1u << (unsigned)(r))
#define PORTAL_ALL_ROLES   0x3fu

/*
 * Parses role names joined by ',' (as the store keeps them; "" is everyone) into *mask.
 * CONG_EINVAL with err naming the first unknown name.
 */
enum cong_err portal_roles_parse(const char *text, unsigned *mask, struct cong_error *err);
/* Appends mask as the store keeps it: names in role order joined by ',', "" for everyone. */
void portal_roles_format(unsigned mask, struct buf *out);
/* A stored role set for people: "Mọi người", or the roles' names joined by ", " ("Không
   ai" for one that does not parse); from a. */
const char *portal_roles_label(struct arena *a, const char *stored);
/*
 * The title to show of portlet p: the one it has, in the current language when it is a name
 * the portal gives ("Tin mới" from `cong init`, kept by the admin: "Latest news" in English);
 * any other title shows as written.
 */
const char *portal_portlet_title(const struct portlet *p);

enum portal_show {
    PORTAL_SHOW,         /* render the portlet */
    PORTAL_SHOW_MESSAGE, /* PORTAL_DENIED_MESSAGE in its place */
    PORTAL_SHOW_NOTHING, /* no trace of it */
};

/*
 * What viewer sees of a portlet that roles may view: the portlet itself if roles is everyone
 * or holds the viewer's role; else the message or nothing, as own says, or site_default when
 * own is PORTAL_UNAUTH_INHERIT (site_default INHERIT counts as MESSAGE).
 */
enum portal_show portal_decide(unsigned roles, enum portal_unauth own,
                               enum portal_unauth site_default, enum auth_role viewer);
/*
 * portal_decide for a stored portlet: its view_roles and unauthorized as the store keeps them.
 * A row whose roles do not parse shows to nobody (the message or nothing): when in doubt, the
 * content stays hidden.
 */
enum portal_show portal_portlet_show(const struct portlet *p, enum auth_role viewer,
                                     enum portal_unauth site_default);
/* The site's default from the setting portlet_unauthorized ("hide" or else message). */
enum portal_unauth portal_site_unauth(const char *setting);

/* Portlet types. */

enum portlet_field_kind {
    PORTLET_INT,      /* a whole number within [min, max] */
    PORTLET_TEXT,     /* plain text, at most max characters */
    PORTLET_BOOL,     /* true or false */
    PORTLET_CATEGORY, /* the slug of an existing category, or "" */
    PORTLET_CHOICE,   /* one of choices[].value */
    PORTLET_HTML,     /* HTML, sanitized (render_sanitize_html) when saved; max characters */
    PORTLET_IDS,      /* a list of at most max distinct article ids */
    PORTLET_LINKS,    /* a list of at most max {title, url}; url http(s) or a local path */
    PORTLET_SLIDES,   /* a list of at most max {media, title, url}: a picture of the media
                         library (by id), its title and a link ("" or as LINKS) */
};

struct portlet_choice {
    const char *value;
    const char *label; /* N_: translate with _() where shown */
};

struct portlet_field {
    const char *name;  /* the key in the configuration object */
    const char *label; /* for forms and messages, in Vietnamese (N_: translate with _()) */
    enum portlet_field_kind kind;
    const char *def; /* the default, as JSON text: "5", "true", "\"latest\"", "[]" */
    int64_t min, max;
    const struct portlet_choice *choices; /* CHOICE: ended by an entry with value NULL */
    const char *help;                     /* a hint under the field, or NULL (N_) */
};

/*
 * Marks that stand, in a page drawn to be cached, where values of each request will go: the
 * web layer cuts the page at them and fills them in per request. Each is a string of letters
 * and digits between two ESC bytes, which no escaping changes and no content holds.
 */
struct portal_marks {
    const char *online, *today, *total; /* the visitor counter */
    const char *views;                  /* the article's views */
    const char *login_csrf;             /* the guest's login form token */
};

/* The most stories one page remembers as shown (see struct portal_shown). */
#define PORTAL_SHOWN_MAX 20

/*
 * The articles the lead blocks of the page being drawn (featured) have shown, so that the
 * lists drawn after them on that page leave them out. Lives for one drawing of one page.
 */
struct portal_shown {
    int64_t ids[PORTAL_SHOWN_MAX];
    size_t n;
};

/* Where a portlet is drawn and for whom: what its render function may read. */
struct portal_env {
    struct store *store;
    bool has_shares; /* the site may be shown other sites' articles (it has sub-portals) */
    struct arena *arena;
    int64_t now;
    enum auth_role role;               /* the viewer's */
    const char *user_name;             /* the viewer's name, NULL for a guest */
    const char *csrf;                  /* the viewer's session CSRF token (for logout), or NULL */
    const char *login_csrf;            /* the login form's token for a guest, or NULL */
    const char *path;                  /* the path of the page, where a login comes back to */
    const char *region;                /* the region the portlet is in */
    const struct article *article;     /* the article the page shows (xem-chi-tiet), or NULL */
    json_t *article_view;              /* its view data as the site built it, or NULL */
    const struct category *category;   /* the category the page lists (chuyen-muc), or NULL */
    int64_t page_no;                   /* the requested page of a listing, 1 when not asked */
    const struct stats_counts *counts; /* the visitor counter as of now, or NULL */
    const struct portal_marks *marks;  /* drawing to be cached: live values as marks, or NULL */
    /* the site's cards (docs/themes.md) of arts[0..n), without "cover" unless covers, their
       covers read at once: a new array, NULL when out of memory */
    json_t *(*cards)(void *cards_ctx, struct arena *a, const struct article *arts, size_t n,
                     bool covers);
    void *cards_ctx;
    struct portal_shown *shown; /* written by the lead blocks as they draw; NULL: not kept */
    /* the page's language ("vi", "en"): the lists show the articles written in it; NULL: all */
    const char *lang;
};

/*
 * A type's render function fills view (an empty object it owns) with its template's data.
 * config is the instance's configuration with every field present and valid. CONG_ENOTFOUND
 * means the page itself does not exist (a listing page past the end: the page answers 404);
 * store failures pass on.
 */
typedef enum cong_err (*portlet_render_fn)(const struct portal_env *env, const json_t *config,
                                           json_t *view);
/* A check across fields, after each field passed its own; CONG_EINVAL with err. */
typedef enum cong_err (*portlet_check_fn)(const json_t *config, struct cong_error *err);

struct portlet_type {
    const char *name;        /* "news_list" */
    const char *label;       /* "Danh sách tin" (N_: translate with _() where shown) */
    const char *description; /* one line for the admin (N_) */
    const struct portlet_field *fields;
    size_t nfields;
    portlet_check_fn check; /* NULL: none */
    portlet_render_fn render;
};

/* The type called name, or NULL. */
const struct portlet_type *portal_type_find(const char *name);
/* The i-th type of the registry, NULL past the last. */
const struct portlet_type *portal_type_at(size_t i);

/*
 * Checks config (an object; NULL is {}) against t's fields and t->check: unknown keys, values
 * of the wrong kind or out of range, a category that does not exist (looked up in st; NULL
 * skips that), links that are not http(s) or local. Missing fields take their defaults; HTML
 * is sanitized. *out is a new object holding every field in order (the caller owns it).
 * CONG_EINVAL with a Vietnamese message naming the field, CONG_ENOMEM, store errors.
 */
enum cong_err portal_config_check(struct store *st, const struct portlet_type *t,
                                  const json_t *config, json_t **out, struct cong_error *err);
/*
 * The configuration a render function gets from the stored text: each field's value if it is
 * valid, else its default (nothing is looked up, nothing refused). A new object, NULL on
 * memory failure.
 */
json_t *portal_config_effective(const struct portlet_type *t, const char *stored);
/*
 * A configuration object from text fields, as a form sends them: get(ctx, name) returns the
 * field's text or NULL (absent; a BOOL absent is false). INT text that is no number stays a
 * string, so portal_config_check names it; IDS are numbers separated by commas or spaces;
 * LINKS are lines "Title | URL". A new object, NULL on memory failure.
 */
json_t *portal_config_from_text(const struct portlet_type *t,
                                const char *(*get)(void *ctx, const char *name), void *ctx);
/* Appends a field's value of config as a form shows it (the inverse of the above). */
void portal_config_field_text(const struct portlet_field *f, const json_t *config, struct buf *out);

/*
 * The view data of portlet p (of type t) for env: its effective configuration through t's
 * render function. *view is a new object (the caller owns it). Call it only for a portlet
 * portal_portlet_show said PORTAL_SHOW for. Errors as portlet_render_fn.
 */
enum cong_err portal_portlet_view(const struct portal_env *env, const struct portlet *p,
                                  const struct portlet_type *t, json_t **view);

/* Changes, shared by the admin UI and the API: each checks everything before writing. */

struct portal_page_change {
    const char *slug;   /* NULL: unchanged; on create, made from the title */
    const char *title;  /* NULL: unchanged; required on create */
    const char *layout; /* NULL: unchanged; "hai-cot" on create */
    int in_menu;        /* -1: unchanged (false on create), 0 or 1 */
    const char *lang;   /* its content's language, "vi" or "en"; NULL: unchanged ("vi" on
                           create) */
};

/*
 * Creates a custom page and sets *id. CONG_EINVAL (err says which field) for a bad slug,
 * title or layout; CONG_EEXIST if the slug is taken; CONG_ESTATE past PORTAL_PAGES_MAX.
 */
enum cong_err portal_page_create(struct store *st, struct arena *a,
                                 const struct portal_page_change *in, int64_t *id,
                                 struct cong_error *err);
/*
 * Changes page id. A layout without some of the page's regions moves their portlets to the
 * end of the new layout's first region. CONG_ENOTFOUND, CONG_EINVAL, CONG_EEXIST as above;
 * CONG_ESTATE for renaming a built-in page, putting it in the menu, or changing the site
 * page's layout.
 */
enum cong_err portal_page_update(struct store *st, struct arena *a, int64_t id,
                                 const struct portal_page_change *in, struct cong_error *err);
/* Deletes a custom page and its portlets. CONG_ENOTFOUND; CONG_ESTATE for a built-in page. */
enum cong_err portal_page_delete(struct store *st, struct arena *a, int64_t id,
                                 struct cong_error *err);

/* position: PORTAL_POSITION_KEEP leaves it (on create: last), else the index in the region. */
#define PORTAL_POSITION_KEEP (-1)

struct portal_portlet_change {
    const char *type;              /* required on create, ignored after */
    const char *region;            /* NULL: unchanged; on create, the layout's first region */
    int64_t position;              /* PORTAL_POSITION_KEEP or an index from 0 */
    const char *title;             /* NULL: unchanged ("" on create) */
    const json_t *config;          /* NULL: unchanged (defaults on create); else merged over it */
    bool set_roles;                /* view_roles given: */
    const char *const *view_roles; /* role names; none means everyone */
    size_t nview_roles;
    const char *unauthorized; /* NULL: unchanged ("inherit" on create) */
};

/*
 * Adds a portlet to page page_id and sets *id. CONG_ENOTFOUND if there is no such page;
 * CONG_EINVAL (err says what) for an unknown type, a region the layout lacks, a bad title,
 * configuration, role or unauthorized mode; CONG_ESTATE past PORTAL_PORTLETS_MAX. Nothing is
 * written unless everything is valid.
 */
enum cong_err portal_portlet_add(struct store *st, struct arena *a, int64_t page_id,
                                 const struct portal_portlet_change *in, int64_t *id,
                                 struct cong_error *err);
/* Changes portlet id as in says; errors as portal_portlet_add. */
enum cong_err portal_portlet_update(struct store *st, struct arena *a, int64_t id,
                                    const struct portal_portlet_change *in, struct cong_error *err);
/* CONG_ENOTFOUND if there is none. */
enum cong_err portal_portlet_delete(struct store *st, int64_t id, struct cong_error *err);

/*
 * Creates the built-in pages that are missing, each with its default portlets (for the home
 * page: the featured story and one list per category of st, so call it after categories
 * exist); pages that exist are left as they are. `cong init` runs it on a new portal and
 * when migrating one. The pages' and portlets' names are written in the site's language (its
 * setting `language`), not the caller's. err says what failed.
 */
enum cong_err portal_install_defaults(struct store *st, struct cong_error *err);

#endif
