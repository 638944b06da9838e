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
#include "../render/render.h"

#define SITE_PER_PAGE 10
#define SITE_RELATED 5
#define SITE_SECTION_CARDS 4
#define SITE_LATEST 6

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
    int64_t (*now)(void);
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
    if ((rc = tmpl_set_new(&s->tmpl)) != CONG_OK) {
        cong_error_set(err, rc, "out of memory");
        goto fail;
    }
    if ((rc = tmpl_set_load_dir(s->tmpl, cfg->theme_dir, err)) != CONG_OK)
        goto fail;
    for (const char *const *t = (const char *const[]){"home", "category", "article", "error", NULL};
         *t; t++) {
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
    if (s->base_url && *s->base_url) {
        struct buf norm;
        buf_init(&norm, 512);
        rc = site_check_base_url(s->base_url, &norm);
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

static json_t *cover_json(struct site *s, struct arena *a, const struct article *art, bool detail)
{
    struct media m;
    json_t *c;

    (void)s;
    if (!art->cover_media_id)
        return NULL;
    /* the cover's size and type come with the article's row cheaply enough for now; a later
       join can save this query */
    if (store_get_media_info(s->store, a, art->cover_media_id, &m) != CONG_OK)
        return NULL;
    c = json_object();
    json_object_set_new(c, "url", jstr(content_media_path(a, m.id, m.mime)));
    json_object_set_new(c, "width", json_integer(m.width));
    json_object_set_new(c, "height", json_integer(m.height));
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
    json_object_set_new(o, "category_url",
                        jstr(content_category_path(a, art->category_slug ? art->category_slug : "")));
    cover = cover_json(s, a, art, false);
    if (cover)
        json_object_set_new(o, "cover", cover);
    return o;
}

static json_t *cards_json(struct site *s, struct arena *a, const struct article *arts, size_t n)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, card_json(s, a, &arts[i]));
    return arr;
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
    json_object_set_new(ctx, "nav", nav);

    buf_init(&b, 4096);
    if (title && *title)
        buf_printf(&b, "%s - %s", title, s->name);
    else
        buf_puts(&b, s->name);
    json_object_set_new(page, "title", json_stringn(b.data, b.len));
    buf_release(&b);
    json_object_set_new(page, "description", jstr(description && *description ? description
                                                                              : s->tagline));
    json_object_set_new(page, "canonical", jstr(path));
    json_object_set_new(page, "section", jstr(section));
    json_object_set_new(page, "home", json_boolean(!strcmp(section, "home")));
    json_object_set_new(ctx, "page", page);

    localtime_r(&now, &tm);
    snprintf(year, sizeof(year), "%04d", (tm.tm_year + 1900) % 10000);
    json_object_set_new(ctx, "year", json_string(year));
    return ctx;
}

void site_render(struct site *s, struct http_request *req, struct http_response *res,
                        int status, const char *tmpl, json_t *ctx)
{
    struct cong_error err;

    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    http_response_header(res, "Cache-Control", "no-cache");
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

size_t site_sitemap_max(const struct site *s)
{
    return s->sitemap_max;
}

bool site_has_template(const struct site *s, const char *name)
{
    return tmpl_set_has(s->tmpl, name);
}

json_t *site_article_card(struct site *s, struct arena *a, const struct article *art)
{
    return card_json(s, a, art);
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

static void h_home(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    struct arena *a = req->arena;
    struct article_query q = {.published_only = true, .now = s->now(), .limit = 1 + SITE_LATEST};
    struct article *arts;
    struct category *cats;
    size_t n, ncats;
    json_t *ctx, *sections;
    enum cong_err rc;

    if ((rc = store_list_articles(s->store, a, &q, &arts, &n, NULL)) ||
        (rc = store_list_categories(s->store, a, &cats, &ncats)))
        return store_failed(s, req, res, rc);
    ctx = site_page_data(s, req, NULL, "/", NULL, "home", 0);
    if (n > 0)
        json_object_set_new(ctx, "lead", card_json(s, a, &arts[0]));
    json_object_set_new(ctx, "latest", cards_json(s, a, arts + (n > 0), n > 0 ? n - 1 : 0));
    sections = json_array();
    for (size_t i = 0; i < ncats; i++) {
        struct article_query cq = {.category_id = cats[i].id, .published_only = true,
                                   .now = q.now, .limit = SITE_SECTION_CARDS};
        struct article *carts;
        size_t cn;
        if ((rc = store_list_articles(s->store, a, &cq, &carts, &cn, NULL))) {
            json_decref(sections);
            json_decref(ctx);
            return store_failed(s, req, res, rc);
        }
        if (cn == 0)
            continue;
        json_t *sec = json_object();
        json_object_set_new(sec, "name", jstr(cats[i].name));
        json_object_set_new(sec, "url", jstr(content_category_path(a, cats[i].slug)));
        json_object_set_new(sec, "articles", cards_json(s, a, carts, cn));
        json_array_append_new(sections, sec);
    }
    json_object_set_new(ctx, "sections", sections);
    site_render(s, req, res, 200, "home", ctx);
    json_decref(ctx);
}

static void h_category(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    struct arena *a = req->arena;
    const char *trang = http_request_query(req, "trang");
    struct category cat;
    struct article *arts;
    size_t n, total, pages;
    int64_t page = 1;
    json_t *ctx, *c;
    const char *path;
    enum cong_err rc;

    if (trang && (!text_parse_i64(trang, strlen(trang), &page) || page < 1 || page > 100000))
        return http_respond_error(s->router, req, res, 400,
                                  "Số trang không hợp lệ: tham số 'trang' phải là số từ 1 trở lên.");
    rc = store_get_category_by_slug(s->store, a, req->params[0], &cat);
    if (rc == CONG_ENOTFOUND)
        return not_found(req, res, s);
    if (rc)
        return store_failed(s, req, res, rc);
    struct article_query q = {.category_id = cat.id, .published_only = true, .now = s->now(),
                              .offset = (size_t)(page - 1) * SITE_PER_PAGE,
                              .limit = SITE_PER_PAGE};
    if ((rc = store_list_articles(s->store, a, &q, &arts, &n, &total)))
        return store_failed(s, req, res, rc);
    pages = total ? (total + SITE_PER_PAGE - 1) / SITE_PER_PAGE : 1;
    if ((size_t)page > pages)
        return not_found(req, res, s);
    path = content_category_path(a, cat.slug);
    ctx = site_page_data(s, req, page > 1 ? arena_printf(a, "%s - Trang %lld", cat.name, (long long)page)
                                   : cat.name,
                    page > 1 ? arena_printf(a, "%s?trang=%lld", path, (long long)page) : path,
                    cat.description, "category", cat.parent_id ? cat.parent_id : cat.id);
    c = json_object();
    json_object_set_new(c, "name", jstr(cat.name));
    json_object_set_new(c, "url", jstr(path));
    json_object_set_new(c, "description", jstr(cat.description));
    json_object_set_new(ctx, "category", c);
    json_object_set_new(ctx, "articles", cards_json(s, a, arts, n));
    if (pages > 1) {
        json_t *p = json_object(), *items = json_array();
        json_object_set_new(p, "page", json_integer(page));
        json_object_set_new(p, "pages", json_integer((json_int_t)pages));
        if (page > 1)
            json_object_set_new(p, "prev_url",
                                jstr(page == 2 ? path
                                               : arena_printf(a, "%s?trang=%lld", path,
                                                              (long long)page - 1)));
        if ((size_t)page < pages)
            json_object_set_new(p, "next_url",
                                jstr(arena_printf(a, "%s?trang=%lld", path, (long long)page + 1)));
        /* the first and last pages and two on each side of the current one; a gap marks
           what is left out, so a category of 40 pages still fits on one line */
        for (size_t i = 1; i <= pages; i++) {
            bool near = i + 2 >= (size_t)page && i <= (size_t)page + 2;
            if (i != 1 && i != pages && !near) {
                if (i == 2 || i == (size_t)page + 3) {
                    json_t *gap = json_object();
                    json_object_set_new(gap, "gap", json_true());
                    json_array_append_new(items, gap);
                }
                continue;
            }
            json_t *it = json_object();
            json_object_set_new(it, "n", json_integer((json_int_t)i));
            json_object_set_new(it, "url", jstr(i == 1 ? path
                                                        : arena_printf(a, "%s?trang=%zu", path, i)));
            json_object_set_new(it, "current", json_boolean(i == (size_t)page));
            json_array_append_new(items, it);
        }
        json_object_set_new(p, "items", items);
        json_object_set_new(ctx, "pagination", p);
    }
    site_render(s, req, res, 200, "category", ctx);
    json_decref(ctx);
}

static bool is_visible(const struct article *art, int64_t now)
{
    return art->status == ARTICLE_PUBLISHED && art->published_at <= now;
}

static void h_article(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    struct arena *a = req->arena;
    const char *idslug = req->params[0], *dash, *canon, *slug;
    struct article art, *rel;
    size_t nrel;
    int64_t id, now = s->now();
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
    struct article_query q = {.category_id = art.category_id, .exclude_id = art.id,
                              .published_only = true, .now = now, .limit = SITE_RELATED};
    if ((rc = store_list_articles(s->store, a, &q, &rel, &nrel, NULL)))
        return store_failed(s, req, res, rc);

    ctx = site_page_data(s, req, art.title, canon, art.summary, "article", art.category_id);
    o = json_object();
    json_object_set_new(o, "id", json_integer(art.id));
    json_object_set_new(o, "title", jstr(art.title));
    json_object_set_new(o, "url", jstr(canon));
    set_date(o, "date", "date_iso", art.published_at);
    json_object_set_new(o, "summary", jstr(art.summary));
    json_object_set_new(o, "body_html", jstr(art.body_html));
    json_object_set_new(o, "author", jstr(art.author));
    json_object_set_new(o, "category_name", jstr(art.category_name));
    json_object_set_new(o, "category_url", jstr(content_category_path(a, art.category_slug)));
    cover = cover_json(s, a, &art, true);
    if (cover)
        json_object_set_new(o, "cover", cover);
    json_object_set_new(ctx, "article", o);
    json_object_set_new(ctx, "related", cards_json(s, a, rel, nrel));
    site_render(s, req, res, 200, site_article_extras(s, req, &art, ctx), ctx);
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

static void h_media(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct site *s = ctx_;
    const char *file = req->params[0], *dot = strchr(file, '.'), *inm, *etag;
    struct media m;
    int64_t id;
    enum cong_err rc;

    if (!text_parse_i64(file, dot ? (size_t)(dot - file) : strlen(file), &id) || id <= 0)
        return not_found(req, res, s);
    rc = store_get_media(s->store, req->arena, id, &m);
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
        (rc = http_router_add(r, HTTP_GET, "/static/*", h_static, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/media/:file", h_media, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/healthz", h_healthz, s)) ||
        (rc = site_add_extra_routes(s, r)))
        return rc;
    /* before the 404 page: sitemap parts and old addresses in the redirect table */
    http_router_set_fallback(r, site_fallback, s);
    http_router_set_error(r, error_page, s);
    return CONG_OK;
}
