/*
 * Public pages. Each handler reads what it needs from the store, builds the view data that
 * docs/themes.md documents as jansson values, and renders one template of the theme. All
 * request memory comes from the request's arena; the templates and assets are shared and
 * read-only. A failure to read the database is a 503 page, never a crash or a blank page.
 */
#include "site_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../content/content.h"
#include "../portal/portal.h"
#include "../render/render.h"
#include "../api/api.h"
#include "../stats/stats.h"

struct site {
    struct store *store;
    struct tmpl_set *tmpl;
    struct http_static *assets;
    struct http_router *router;
    char *name;
    char *tagline;
    char *static_prefix; /* "/static/VERSION" */
    char *base_url;      /* the base_url setting, normalised; "" when unset */
    size_t sitemap_max;  /* URLs per sitemap file */
    size_t media_max;    /* the largest media upload, bytes */
    int64_t (*now)(void);
    struct stats *stats;
    struct auth *auth; /* who is looking, for portlet permissions; NULL: everyone is a guest */
};

static char *setting_or(struct store *st, const char *key, const char *fallback)
{
    struct arena a;
    char *v = NULL, *out;

    arena_init(&a, 0);
    if (store_get_setting(st, &a, key, &v) != CONG_OK || !v || !*v)
        v = (char *)fallback;
    out = strdup(v);
    arena_release(&a);
    return out;
}

enum cong_err site_new(struct store *st, const struct site_config *cfg, struct site **out,
                       struct cong_error *err)
{
    struct site *s;
    char path[1024];
    enum cong_err rc;
    int n;

    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (!s)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    s->store = st;
    s->now = cfg->now ? cfg->now : time_now;
    s->stats = cfg->stats;
    if ((rc = tmpl_set_new(&s->tmpl)) != CONG_OK) {
        cong_error_set(err, rc, "out of memory");
        goto fail;
    }
    if ((rc = tmpl_set_load_dir(s->tmpl, cfg->theme_dir, err)) != CONG_OK)
        goto fail;
    for (const char *const *t = (const char *const[]){"page", "error", NULL}; *t; t++) {
        if (!tmpl_set_has(s->tmpl, *t)) {
            rc = cong_error_set(err, CONG_EIO, "theme '%s' has no template '%s.mustache'",
                                cfg->theme_dir, *t);
            goto fail;
        }
    }
    n = snprintf(path, sizeof(path), "%s/static", cfg->theme_dir);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        rc = cong_error_set(err, CONG_EINVAL, "theme path too long");
        goto fail;
    }
    if ((rc = http_static_load(path, &s->assets, err)) != CONG_OK)
        goto fail;
    s->name = setting_or(st, "site_name", "Cổng thông tin điện tử");
    s->tagline = setting_or(st, "tagline", "");
    s->base_url = setting_or(st, "base_url", "");
    s->sitemap_max = cfg->sitemap_max && cfg->sitemap_max < STORE_STAMPS_MAX ? cfg->sitemap_max
                                                                             : STORE_STAMPS_MAX;
    s->media_max = cfg->media_max ? cfg->media_max : (size_t)CONTENT_MEDIA_MAX_MB_DEFAULT << 20;
    if (s->base_url && *s->base_url) {
        struct buf norm;
        buf_init(&norm, 512);
        rc = content_base_url_normalise(s->base_url, &norm);
        if (rc == CONG_OK) {
            free(s->base_url);
            s->base_url = strdup(norm.data);
        }
        buf_release(&norm);
        if (rc != CONG_OK) {
            /* a bad value must not take the portal down: URLs then follow the Host header */
            log_warn("setting base_url '%s' is not an http(s) URL of a host (like "
                     "https://example.vn): ignored",
                     s->base_url);
            free(s->base_url);
            s->base_url = strdup("");
            rc = CONG_OK;
        }
    }
    n = snprintf(path, sizeof(path), "/static/%s", http_static_version(s->assets));
    s->static_prefix = n > 0 ? strdup(path) : NULL;
    if (!s->name || !s->tagline || !s->static_prefix || !s->base_url) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
        goto fail;
    }
    *out = s;
    return CONG_OK;
fail:
    site_free(s);
    return rc;
}

void site_free(struct site *s)
{
    if (!s)
        return;
    tmpl_set_free(s->tmpl);
    http_static_free(s->assets);
    free(s->name);
    free(s->tagline);
    free(s->static_prefix);
    free(s->base_url);
    free(s);
}

/* jansson helpers: a NULL string becomes "", so templates never meet a missing key by accident */
static json_t *jstr(const char *s)
{
    return json_string(s ? s : "");
}

static void set_date(json_t *o, const char *key, const char *iso_key, int64_t t)
{
    struct buf b;

    buf_init(&b, 64);
    time_add_date(&b, t);
    json_object_set_new(o, key, json_stringn(b.data, b.len));
    buf_reset(&b);
    time_add_iso8601(&b, t);
    json_object_set_new(o, iso_key, json_stringn(b.data, b.len));
    buf_release(&b);
}

/* The cover of art for templates: url, width, height, alt, and the srcset strings of its copies
   (srcset, webp_srcset; left out when empty) for <picture>. NULL if it has none. */
/*
 * An article's tags (names joined by ',', as the store keeps them) as [{name, url}], each
 * leading to a search for it: a reader who liked the article finds more on its subject.
 */
static json_t *tags_json(const char *tags)
{
    json_t *list = json_array();
    struct buf url;

    buf_init(&url, 512);
    for (const char *p = tags; *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        json_t *t;

        if (n) {
            buf_reset(&url);
            buf_puts(&url, "/tim-kiem?q=");
            buf_add_urlenc(&url, p, n);
            t = json_object();
            json_object_set_new(t, "name", json_stringn(p, n));
            if (!buf_error(&url))
                json_object_set_new(t, "url", json_stringn(url.data, url.len));
            json_array_append_new(list, t);
        }
        p += n + (comma != NULL);
    }
    buf_release(&url);
    return list;
}

static json_t *cover_json(struct site *s, struct arena *a, const struct article *art, bool detail)
{
    struct content_image img;
    json_t *c;

    if (!art->cover_media_id)
        return NULL;
    /* two small queries per cover (the file's row, its copies' list); a later join can save
       them */
    if (content_media_image(s->store, a, art->cover_media_id, &img) != CONG_OK)
        return NULL;
    c = json_object();
    json_object_set_new(c, "url", jstr(img.url));
    json_object_set_new(c, "width", json_integer(img.width));
    json_object_set_new(c, "height", json_integer(img.height));
    if (*img.srcset)
        json_object_set_new(c, "srcset", jstr(img.srcset));
    if (*img.webp_srcset)
        json_object_set_new(c, "webp_srcset", jstr(img.webp_srcset));
    json_object_set_new(c, "alt", jstr(art->title));
    if (detail)
        json_object_set_new(c, "caption", jstr(art->cover_caption));
    return c;
}

static json_t *card_json(struct site *s, struct arena *a, const struct article *art)
{
    json_t *o = json_object(), *cover;

    json_object_set_new(o, "id", json_integer(art->id));
    json_object_set_new(o, "title", jstr(art->title));
    json_object_set_new(o, "url", jstr(content_article_path(a, art)));
    set_date(o, "date", "date_iso", art->published_at);
    json_object_set_new(o, "summary", jstr(art->summary));
    json_object_set_new(o, "category_name", jstr(art->category_name));
    json_object_set_new(
        o, "category_url",
        jstr(content_category_path(a, art->category_slug ? art->category_slug : "")));
    cover = cover_json(s, a, art, false);
    if (cover)
        json_object_set_new(o, "cover", cover);
    return o;
}

json_t *site_page_data(struct site *s, struct http_request *req, const char *title,
                       const char *path, const char *description, const char *section,
                       int64_t current_cat)
{
    struct arena *a = req->arena;
    json_t *ctx = json_object(), *site = json_object(), *nav = json_array(), *page = json_object();
    struct category *cats = NULL;
    size_t ncats = 0;
    struct buf b;
    char year[8];
    struct tm tm;
    time_t now = (time_t)s->now();

    json_object_set_new(site, "name", jstr(s->name));
    json_object_set_new(site, "tagline", jstr(s->tagline));
    json_object_set_new(site, "lang", json_string("vi"));
    json_object_set_new(site, "static", jstr(s->static_prefix));
    json_object_set_new(site, "url", jstr(site_base_url(s, req)));
    json_object_set_new(ctx, "site", site);

    if (store_list_categories(s->store, a, &cats, &ncats) == CONG_OK) {
        for (size_t i = 0; i < ncats; i++) {
            if (cats[i].parent_id)
                continue;
            json_t *item = json_object();
            json_object_set_new(item, "name", jstr(cats[i].name));
            json_object_set_new(item, "url", jstr(content_category_path(a, cats[i].slug)));
            json_object_set_new(item, "current", json_boolean(cats[i].id == current_cat));
            json_array_append_new(nav, item);
        }
    }
    /* then the pages an admin put in the menu */
    struct page *mpages = NULL;
    size_t nmpages = 0;
    if (store_list_pages(s->store, a, true, &mpages, &nmpages) == CONG_OK) {
        for (size_t i = 0; i < nmpages; i++) {
            const char *url = portal_page_path(a, mpages[i].slug);
            if (!url)
                continue;
            json_t *item = json_object();
            json_object_set_new(item, "name", jstr(mpages[i].title));
            json_object_set_new(item, "url", jstr(url));
            json_object_set_new(item, "current", json_boolean(path && !strcmp(path, url)));
            json_array_append_new(nav, item);
        }
    }
    json_object_set_new(ctx, "nav", nav);

    buf_init(&b, 4096);
    if (title && *title)
        buf_printf(&b, "%s - %s", title, s->name);
    else
        buf_puts(&b, s->name);
    json_object_set_new(page, "title", json_stringn(b.data, b.len));
    buf_release(&b);
    json_object_set_new(page, "description",
                        jstr(description && *description ? description : s->tagline));
    json_object_set_new(page, "canonical", jstr(path));
    json_object_set_new(page, "section", jstr(section));
    json_object_set_new(page, "home", json_boolean(!strcmp(section, "home")));
    json_object_set_new(ctx, "page", page);

    if (s->stats) {
        /* the counter as of the last hand-over to the store: a page never waits for it */
        struct stats_counts sc;
        json_t *st = json_object();
        stats_cached(s->stats, &sc);
        json_object_set_new(st, "online", json_integer(sc.online));
        json_object_set_new(st, "today", json_integer(sc.today));
        json_object_set_new(st, "total", json_integer(sc.total));
        json_object_set_new(ctx, "stats", st);
    }

    localtime_r(&now, &tm);
    snprintf(year, sizeof(year), "%04d", (tm.tm_year + 1900) % 10000);
    json_object_set_new(ctx, "year", json_string(year));
    return ctx;
}

/*
 * The search page and error pages are drawn by templates of their own, but around them go
 * the portlets of the page site (and, for search, of the page tim-kiem) like on every page.
 */
static bool compose_around(struct site *s, struct http_request *req, struct http_response *res,
                           json_t *ctx)
{
    const char *section =
        json_string_value(json_object_get(json_object_get(ctx, "page"), "section"));
    struct site_viewer v;
    enum cong_err rc;

    if (!section || json_object_get(ctx, "regions"))
        return false;
    if (strcmp(section, "search") != 0 && strcmp(section, "error") != 0)
        return false;
    site_viewer_find(s, req, &v);
    rc = site_compose(s, req, res, !strcmp(section, "search") ? PORTAL_SEARCH_PAGE : NULL, NULL, &v,
                      ctx);
    /* the page still shows its own content without them (an error page may be the answer to
       this very failure) */
    if (rc != CONG_OK && rc != CONG_ENOTFOUND)
        log_warn("portlets around '%s' not shown: %s", req->path, cong_strerror(rc));
    /* these templates lay out their own columns: the side portlets go in their aside */
    json_object_del(ctx, "layout");
    return v.logged_in;
}

void site_render(struct site *s, struct http_request *req, struct http_response *res, int status,
                 const char *tmpl, json_t *ctx)
{
    struct cong_error err;

    bool personal = compose_around(s, req, res, ctx);

    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    /* what a logged-in viewer sees is theirs alone, and may hold their session's token */
    http_response_set_header(res, "Cache-Control", personal ? "private, no-store" : "no-cache");
    if (tmpl_render(s->tmpl, tmpl, ctx, &res->body, &err) != CONG_OK) {
        log_error("cannot render '%s' for '%s': %s", tmpl, req->path, err.msg);
        buf_reset(&res->body);
        res->status = 500;
        res->content_type = "text/plain; charset=utf-8";
        buf_puts(&res->body, "Lỗi máy chủ: không hiển thị được trang.\n");
    }
}

static void error_page(struct http_request *req, struct http_response *res, int status,
                       const char *message, void *ctx_)
{
    struct site *s = ctx_;
    json_t *ctx, *e;
    const char *title;

    switch (status) {
    case 404: title = "Không tìm thấy trang"; break;
    case 400: title = "Yêu cầu không hợp lệ"; break;
    case 405: title = "Phương thức không được phép"; break;
    case 413: title = "Dữ liệu quá lớn"; break;
    case 503: title = "Dịch vụ tạm thời gián đoạn"; break;
    default: title = status >= 500 ? "Lỗi máy chủ" : "Yêu cầu không được chấp nhận"; break;
    }
    ctx = site_page_data(s, req, title, req->path, NULL, "error", 0);
    e = json_object();
    json_object_set_new(e, "status", json_integer(status));
    json_object_set_new(e, "title", json_string(title));
    json_object_set_new(e, "message", jstr(message));
    json_object_set_new(ctx, "error", e);
    site_render(s, req, res, status, "error", ctx);
    json_decref(ctx);
}

void site_error(struct site *s, struct http_request *req, struct http_response *res, int status,
                const char *message)
{
    http_respond_error(s->router, req, res, status, message);
}

struct store *site_store(struct site *s)
{
    return s->store;
}

int64_t site_now(struct site *s)
{
    return s->now();
}

const char *site_name(const struct site *s)
{
    return s->name;
}

const char *site_tagline(const struct site *s)
{
    return s->tagline;
}

const char *site_static_prefix(const struct site *s)
{
    return s->static_prefix;
}

const char *site_base_setting(const struct site *s)
{
    return s->base_url;
}

size_t site_media_max(const struct site *s)
{
    return s->media_max;
}

size_t site_sitemap_max(const struct site *s)
{
    return s->sitemap_max;
}

bool site_has_template(const struct site *s, const char *name)
{
    return tmpl_set_has(s->tmpl, name);
}

void site_count_view(struct site *s, struct http_request *req, struct http_response *res,
                     int64_t article_id)
{
    char cookie[STATS_COOKIE_LEN + 1];
    struct stats_view v = {
        .cookie_header = http_request_header(req, "Cookie"),
        .address = req->remote_addr,
        .user_agent = http_request_header(req, "User-Agent"),
        .article_id = article_id,
    };
    const char *h;

    if (!s->stats || req->method != HTTP_GET)
        return;
    if (!stats_count(s->stats, &v, cookie))
        return;
    /* two years: the visitor stays the same visitor across visits */
    h = arena_printf(req->arena, "%s=%s; Path=/; Max-Age=63072000; HttpOnly; SameSite=Lax",
                     STATS_COOKIE, cookie);
    if (h)
        http_response_header(res, "Set-Cookie", h);
}

json_t *site_article_card(struct site *s, struct arena *a, const struct article *art)
{
    return card_json(s, a, art);
}

void site_set_auth(struct site *s, struct auth *au)
{
    s->auth = au;
}

struct auth *site_auth(const struct site *s)
{
    return s->auth;
}

const struct tmpl_set *site_templates(const struct site *s)
{
    return s->tmpl;
}

struct stats *site_stats(const struct site *s)
{
    return s->stats;
}

static void store_failed(struct site *s, struct http_request *req, struct http_response *res,
                         enum cong_err rc)
{
    if (rc == CONG_ENOMEM) {
        http_respond_error(s->router, req, res, 503, "Máy chủ đang quá tải, xin thử lại sau.");
        return;
    }
    log_error("database read failed for '%s': %s", req->path, cong_strerror(rc));
    http_respond_error(s->router, req, res, 503,
                       "Không đọc được dữ liệu lúc này, xin thử lại sau ít phút.");
}

static void not_found(struct http_request *req, struct http_response *res, void *ctx)
{
    struct site *s = ctx;

    http_respond_error(s->router, req, res, 404,
                       "Trang bạn tìm không có hoặc đã được chuyển đi nơi khác.");
}

void site_not_found(struct site *s, struct http_request *req, struct http_response *res)
{
    not_found(req, res, s);
}

/* The home page: the page trang-chu, whatever an admin put on it. */
static void h_home(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    json_t *ctx = site_page_data(s, req, NULL, "/", NULL, "home", 0);

    json_object_set_new(ctx, "heading", jstr(s->name));
    json_object_set_new(ctx, "heading_hidden", json_true());
    site_render_page(s, req, res, PORTAL_HOME_PAGE, NULL, ctx);
    json_decref(ctx);
}

/*
 * A category listing: the page chuyen-muc, whose news_list in "current category" mode lists
 * the category page by page (a page past the end is its 404).
 */
static void h_category(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    struct arena *a = req->arena;
    const char *trang = http_request_query(req, "trang");
    struct category cat;
    int64_t page = 1;
    json_t *ctx;
    const char *path;
    enum cong_err rc;

    if (trang && (!text_parse_i64(trang, strlen(trang), &page) || page < 1 || page > 100000))
        return http_respond_error(
            s->router, req, res, 400,
            "Số trang không hợp lệ: tham số 'trang' phải là số từ 1 trở lên.");
    rc = store_get_category_by_slug(s->store, a, req->params[0], &cat);
    if (rc == CONG_ENOTFOUND)
        return not_found(req, res, s);
    if (rc)
        return store_failed(s, req, res, rc);
    path = content_category_path(a, cat.slug);
    ctx = site_page_data(
        s, req, page > 1 ? arena_printf(a, "%s - Trang %lld", cat.name, (long long)page) : cat.name,
        page > 1 ? arena_printf(a, "%s?trang=%lld", path, (long long)page) : path, cat.description,
        "category", cat.parent_id ? cat.parent_id : cat.id);
    struct site_subject subj = {.category = &cat, .page_no = page};
    site_render_page(s, req, res, PORTAL_CATEGORY_PAGE, &subj, ctx);
    json_decref(ctx);
}

static bool is_visible(const struct article *art, int64_t now)
{
    return art->status == ARTICLE_PUBLISHED && art->published_at <= now;
}

/*
 * An article: the page xem-chi-tiet, whose news_detail shows it. The article's view data is
 * built here, once, for the page's <head> and for that portlet alike.
 */
static void h_article(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    struct arena *a = req->arena;
    const char *idslug = req->params[0], *dash, *canon, *slug, *tmpl;
    struct article art;
    int64_t id, views = 0, now = s->now();
    json_t *ctx, *o, *cover;
    enum cong_err rc;

    dash = strchr(idslug, '-');
    if (!text_parse_i64(idslug, dash ? (size_t)(dash - idslug) : strlen(idslug), &id) || id <= 0)
        return not_found(req, res, s);
    rc = store_get_article(s->store, a, id, &art);
    if (rc == CONG_ENOTFOUND || (rc == CONG_OK && !is_visible(&art, now)))
        return not_found(req, res, s);
    if (rc)
        return store_failed(s, req, res, rc);
    slug = dash ? dash + 1 : "";
    canon = content_article_path(a, &art);
    if (!canon)
        return store_failed(s, req, res, CONG_ENOMEM);
    if (strcmp(slug, art.slug) != 0) {
        /* old or mistyped slugs keep working, and search engines learn the one true URL */
        http_response_redirect(req, res, 301, canon);
        http_response_header(res, "Cache-Control", "public, max-age=3600");
        buf_printf(&res->body, "%s\n", canon);
        return;
    }

    ctx = site_page_data(s, req, art.title, canon, art.summary, "article", art.category_id);
    o = json_object();
    json_object_set_new(o, "id", json_integer(art.id));
    json_object_set_new(o, "title", jstr(art.title));
    json_object_set_new(o, "url", jstr(canon));
    set_date(o, "date", "date_iso", art.published_at);
    json_object_set_new(o, "summary", jstr(art.summary));
    json_object_set_new(o, "body_html", jstr(art.body_html));
    json_object_set_new(o, "author", jstr(art.author));
    if (*art.tags) {
        json_object_set_new(o, "tags", tags_json(art.tags));
        json_object_set_new(o, "has_tags", json_true());
    }
    /* views counted so far; this one joins them within the second. A failed read shows no
       number rather than a wrong one */
    if (store_article_views(s->store, art.id, &views) == CONG_OK)
        json_object_set_new(o, "views", json_integer(views));
    json_object_set_new(o, "category_name", jstr(art.category_name));
    json_object_set_new(o, "category_url", jstr(content_category_path(a, art.category_slug)));
    cover = cover_json(s, a, &art, true);
    if (cover)
        json_object_set_new(o, "cover", cover);
    json_object_set_new(ctx, "article", o);
    tmpl = site_article_extras(s, req, &art, ctx);
    if (strcmp(tmpl, "article") != 0) {
        /* the print view is a page of its own, without the portal around it */
        site_count_view(s, req, res, art.id);
        site_render(s, req, res, 200, tmpl, ctx);
    } else {
        struct site_subject subj = {.article = &art, .article_view = o};
        site_render_page(s, req, res, PORTAL_ARTICLE_PAGE, &subj, ctx);
    }
    json_decref(ctx);
}

static void h_static(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    const char *rest = req->params[0], *slash = strchr(rest, '/');
    bool versioned;

    /* /static/VERSION/name; an old VERSION still gets the current file, cached briefly */
    if (!slash || strstr(rest, ".."))
        return not_found(req, res, s);
    versioned = (size_t)(slash - rest) == strlen(http_static_version(s->assets)) &&
                !memcmp(rest, http_static_version(s->assets), (size_t)(slash - rest));
    if (!http_static_serve(s->assets, slash + 1, versioned, req, res))
        not_found(req, res, s);
}

/* GET /media/ID.EXT (the original, EXT its type's) and /media/ID-WIDTH.EXT (a resized copy,
   EXT webp or the original's); anything else is a 404. */
static void h_media(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    const char *inm, *etag, *mime;
    struct media m;
    struct media_variant v;
    int64_t id;
    int width;
    enum cong_err rc;

    if (!content_media_parse_name(req->params[0], &id, &width, &mime))
        return not_found(req, res, s);
    if (width) {
        rc = store_get_media_variant(s->store, req->arena, id, width, mime, &v);
        memset(&m, 0, sizeof(m));
        m.mime = v.mime;
        m.data = v.data;
        m.size = v.size;
        m.sha256 = v.sha256;
    } else {
        rc = store_get_media(s->store, req->arena, id, &m);
        /* one URL per file: /media/7.png for a JPEG is not it */
        if (rc == CONG_OK && strcmp(m.mime, mime) != 0)
            rc = CONG_ENOTFOUND;
    }
    if (rc == CONG_ENOTFOUND)
        return not_found(req, res, s);
    if (rc)
        return store_failed(s, req, res, rc);
    etag = arena_printf(req->arena, "\"%.32s\"", m.sha256 ? m.sha256 : "");
    if (!etag)
        return store_failed(s, req, res, CONG_ENOMEM);
    http_response_header(res, "ETag", etag);
    /* a media id's bytes never change: a new upload is a new id */
    http_response_header(res, "Cache-Control", "public, max-age=31536000, immutable");
    inm = http_request_header(req, "If-None-Match");
    if (inm && strstr(inm, etag + 1)) {
        res->status = 304;
        res->data = "";
        return;
    }
    if (!strcmp(m.mime, "application/pdf"))
        http_response_header(res, "Content-Disposition", "inline");
    res->content_type = m.mime;
    res->data = m.data;
    res->data_len = m.size;
}

/* GET /api/v1/stats: the counter's three numbers, exact (the last second included). Public,
   like the counter every page shows. */
static void h_api_stats(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    struct stats_counts c;
    json_t *body;

    (void)req;
    if (!s->stats)
        return api_respond_error(res, 404, "not_found", "Máy chủ này không đếm lượt truy cập.");
    if (stats_read(s->stats, &c) != CONG_OK)
        return api_respond_error(res, 503, "unavailable",
                                 "Không đọc được số liệu lúc này, xin thử lại sau.");
    body = json_pack("{sI sI sI}", "online", (json_int_t)c.online, "today", (json_int_t)c.today,
                     "total", (json_int_t)c.total);
    if (!body)
        return api_respond_error(res, 503, "unavailable", "Máy chủ đang quá tải.");
    api_respond_json(res, 200, body);
    json_decref(body);
}

static void h_healthz(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    size_t n;

    (void)req;
    res->content_type = "text/plain; charset=utf-8";
    http_response_header(res, "Cache-Control", "no-store");
    /* a node whose database is gone must leave the load balancer's pool */
    if (store_count_articles(s->store, &n) != CONG_OK) {
        res->status = 503;
        buf_puts(&res->body, "database unavailable\n");
        return;
    }
    buf_puts(&res->body, "ok\n");
}

enum cong_err site_add_routes(struct site *s, struct http_router *r)
{
    enum cong_err rc = CONG_OK;

    s->router = r;
    if ((rc = http_router_add(r, HTTP_GET, "/", h_home, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/chuyen-muc/:slug", h_category, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/bai-viet/:id", h_article, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/trang/:slug", site_custom_page, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/static/*", h_static, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/media/:file", h_media, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/healthz", h_healthz, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/api/v1/stats", h_api_stats, s)) ||
        (rc = site_add_extra_routes(s, r)))
        return rc;
    /* before the 404 page: sitemap parts and old addresses in the redirect table */
    http_router_set_fallback(r, site_fallback, s);
    http_router_set_error(r, error_page, s);
    return CONG_OK;
}
