/*
 * The page frame: what every page of the theme gets (the site, the navigation, the page's
 * title and canonical path, the visitor counter, the year), articles as cards and covers,
 * the count of a page view, and rendering with its one rule for failures: a page that cannot
 * be built whole is not sent in part.
 */
#include "web_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <string.h>

#include "../content/content.h"
#include "../portal/portal.h"
#include "../render/render.h"
#include "../stats/stats.h"

/* An article's tags (names joined by ',', as the store keeps them) as [{name, url}], each
   leading to a search for it. */
static json_t *tags_json(const char *tags)
{
    json_t *list = json_array();
    struct buf url;

    buf_init(&url, 512);
    for (const char *p = tags ? tags : ""; *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);

        if (n) {
            buf_reset(&url);
            buf_puts(&url, "/tim-kiem?q=");
            buf_add_urlenc(&url, p, n);
            bool ok = !buf_error(&url);
            json_array_append_new(list, json_pack("{s:s%,s:s%}", "name", p, n, "url",
                                                  ok ? url.data : "", ok ? url.len : 0));
        }
        p += n + (comma != NULL);
    }
    buf_release(&url);
    return list;
}

json_t *web_article_tags(const char *tags)
{
    return tags_json(tags);
}

/* The cover of art drawn from img for templates (see web_article_cover). */
static json_t *cover_view(const struct content_image *img, const struct article *art, bool detail)
{
    return web_view((struct web_kv[]){
        WEB_S("url", img->url),
        WEB_I("width", img->width),
        WEB_I("height", img->height),
        WEB_J("srcset", *img->srcset ? web_jstr(img->srcset) : NULL),
        WEB_J("webp_srcset", *img->webp_srcset ? web_jstr(img->webp_srcset) : NULL),
        /* the editor's description of the picture; without one, the title it illustrates */
        WEB_S("alt", art->cover_alt && *art->cover_alt ? art->cover_alt : art->title),
        WEB_J("caption", detail ? web_jstr(art->cover_caption) : NULL),
        WEB_END});
}

json_t *web_article_cover(struct web *w, struct arena *a, const struct article *art,
                          bool detail)
{
    struct content_image img;

    if (!art->cover_media_id)
        return NULL;
    if (content_media_image(w->store, a, art->cover_media_id, &img) != CONG_OK)
        return NULL;
    return cover_view(&img, art, detail);
}

/* srcset ("URL 320w, URL 640w") with origin before each URL; NULL when out of memory. */
static const char *srcset_on(struct arena *a, const char *origin, const char *srcset)
{
    struct buf b;
    const char *out;

    buf_init(&b, 4096);
    for (const char *p = srcset; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (b.len)
            buf_puts(&b, ", ");
        buf_puts(&b, origin);
        buf_add(&b, p, n);
        p += n;
    }
    out = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out;
}

/* cover, its URLs made absolute on origin (a picture of another site's article), in a. */
static const struct content_image *cover_on(struct arena *a, const char *origin,
                                            const struct content_image *cover)
{
    struct content_image *c = arena_alloc(a, sizeof(*c));

    if (!c)
        return NULL;
    *c = *cover;
    c->url = arena_printf(a, "%s%s", origin, cover->url);
    c->srcset = srcset_on(a, origin, cover->srcset);
    c->webp_srcset = srcset_on(a, origin, cover->webp_srcset);
    return c->url && c->srcset && c->webp_srcset ? c : NULL;
}

/* One card; cover is its picture, or NULL for none. An article another site shared to this
   one links to its one address, on its own site (origin): there it is read and counted. */
static json_t *card_view(struct web *w, struct http_request *req, const struct article *art,
                         const struct content_image *cover)
{
    struct arena *a = req->arena;
    const char *url = content_article_path(a, art), *origin = NULL;
    const char *cat_url = content_category_path(a, art->category_slug ? art->category_slug : "");
    const struct web_site *home = NULL;
    const char *lang = art->lang && *art->lang ? art->lang : "vi";
    bool other = strcmp(lang, i18n_code(i18n_lang())) != 0;

    if (art->site_id && art->site_id != web_site(w, req)->id &&
        web_site_by_id(w, req, art->site_id, &home) == CONG_OK &&
        (origin = web_site_origin(w, req, home))) {
        url = url ? arena_printf(a, "%s%s", origin, url) : NULL;
        cover = cover ? cover_on(a, origin, cover) : NULL;
    }
    return web_view((struct web_kv[]){
        WEB_I("id", art->id),
        WEB_S("title", art->title),
        WEB_S("url", url),
        WEB_B("shared", origin != NULL),
        WEB_J("site_name", origin ? web_jstr(home->name) : NULL),
        WEB_DATE("date", art->published_at),
        WEB_ISO("date_iso", art->published_at),
        WEB_S("summary", art->summary),
        WEB_S("category_name", art->category_name),
        WEB_S("category_url", origin ? arena_printf(a, "%s%s", origin, cat_url) : cat_url),
        WEB_J("cover", cover ? cover_view(cover, art, false) : NULL),
        WEB_S("lang", lang),
        /* written in another language than the page's: its element says so (lang="en") */
        WEB_B("lang_other", other),
        WEB_J("lang_name", other ? web_jstr(web_lang_name(lang)) : NULL),
        WEB_END});
}

const char *web_lang_name(const char *code)
{
    return code && !strcmp(code, "en") ? "English" : "Tiếng Việt"; /* a name, not text */
}

json_t *web_lang_options(const char *selected)
{
    json_t *list = json_array();
    bool ok = list != NULL;

    for (size_t i = 0; ok && web_lang_values[i]; i++) {
        const char *code = web_lang_values[i];
        ok = web_list_add(list, web_view((struct web_kv[]){
                                    WEB_S("code", code),
                                    WEB_S("name", web_lang_name(code)),
                                    WEB_B("selected", selected && !strcmp(selected, code)),
                                    WEB_END}));
    }
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    return list;
}

json_t *web_article_cards(struct web *w, struct http_request *req, const struct article *arts,
                          size_t n, bool covers)
{
    struct arena *a = req->arena;
    struct content_image *imgs = NULL;
    int64_t *ids;
    json_t *list = json_array();

    if (!list)
        return NULL;
    if (covers && n) {
        ids = arena_alloc(a, n * sizeof(*ids));
        imgs = arena_alloc(a, n * sizeof(*imgs));
        if (!ids || !imgs) {
            json_decref(list);
            return NULL;
        }
        for (size_t i = 0; i < n; i++)
            ids[i] = arts[i].cover_media_id;
        /* the store has logged a failure: the cards still show, without their pictures */
        if (content_media_images(w->store, a, ids, n, imgs) != CONG_OK)
            imgs = NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const struct content_image *cover = imgs && imgs[i].url ? &imgs[i] : NULL;

        if (!web_list_add(list, card_view(w, req, &arts[i], cover))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* True if nav (items and their children) has an item leading to url. */
static bool nav_has(json_t *nav, const char *url)
{
    size_t i, k;
    json_t *it, *ch;

    json_array_foreach(nav, i, it)
    {
        const char *u = json_string_value(json_object_get(it, "url"));
        if (u && !strcmp(u, url))
            return true;
        json_array_foreach(json_object_get(it, "children"), k, ch)
        {
            u = json_string_value(json_object_get(ch, "url"));
            if (u && !strcmp(u, url))
                return true;
        }
    }
    return false;
}

/* True if page p is written in lang ("vi", "en"). */
static bool page_in(const struct page *p, const char *lang)
{
    return !strcmp(p->lang && *p->lang ? p->lang : "vi", lang);
}

/* The pages an admin put in the menu (in_menu) of the menu's language lang that the main
   menu does not hold yet, after its items: the page's own switch keeps its meaning once the
   site has a menu. */
static void add_menu_pages(struct store *st, struct arena *a, const char *path, const char *lang,
                           json_t *nav)
{
    struct page *pages = NULL;
    size_t n = 0;

    if (store_list_pages(st, a, true, &pages, &n) != CONG_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        const char *url = portal_page_path(a, pages[i].slug);
        if (!url || !page_in(&pages[i], lang) || nav_has(nav, url))
            continue;
        json_array_append_new(nav, web_view((struct web_kv[]){
                                       WEB_S("name", pages[i].title), WEB_S("url", url),
                                       WEB_B("current", path && !strcmp(path, url)), WEB_END}));
    }
}

/* The navigation: the site's main menu once it has items; until then the top categories,
   then the pages an admin put in the menu. */
static json_t *nav_json(struct store *st, struct arena *a, const char *path, int64_t current_cat)
{
    json_t *nav;
    struct category *cats = NULL;
    struct page *pages = NULL;
    const char *lang = "vi";
    size_t ncats = 0, npages = 0;
    enum cong_err rc;

    if ((nav = web_menu_nav(st, a, "main", path, &lang, &rc))) {
        add_menu_pages(st, a, path, lang, nav);
        return nav;
    }
    if (rc != CONG_OK)
        log_warn("main menu not read: %s", cong_strerror(rc));
    nav = json_array();

    if (store_list_categories(st, a, &cats, &ncats) == CONG_OK) {
        for (size_t i = 0; i < ncats; i++) {
            if (cats[i].parent_id)
                continue;
            json_array_append_new(
                nav, web_view((struct web_kv[]){
                         WEB_S("name", cats[i].name),
                         WEB_S("url", content_category_path(a, cats[i].slug)),
                         WEB_B("current", cats[i].id == current_cat), WEB_END}));
        }
    }
    if (store_list_pages(st, a, true, &pages, &npages) == CONG_OK) {
        /* the pages of the interface's language when there are any, as a menu's items */
        bool any = false;
        lang = i18n_code(i18n_lang());
        for (size_t i = 0; i < npages; i++)
            any = any || page_in(&pages[i], lang);
        if (!any)
            lang = "vi";
        for (size_t i = 0; i < npages; i++) {
            const char *url = portal_page_path(a, pages[i].slug);
            if (!url || !page_in(&pages[i], lang))
                continue;
            json_array_append_new(nav, web_view((struct web_kv[]){
                                           WEB_S("name", pages[i].title), WEB_S("url", url),
                                           WEB_B("current", path && !strcmp(path, url)),
                                           WEB_END}));
        }
    }
    return nav;
}

/* The footer menu as {items}, NULL when the site has none (the footer then lists the main
   navigation). */
static json_t *footer_json(struct store *st, struct arena *a, const char *path)
{
    enum cong_err rc;
    json_t *items = web_menu_nav(st, a, "footer", path, NULL, &rc);

    if (!items && rc != CONG_OK)
        log_warn("footer menu not read: %s", cong_strerror(rc));
    return items ? web_view((struct web_kv[]){WEB_N("items", items), WEB_END}) : NULL;
}

/* The counter as of the last hand-over to the store: a page never waits for it. */
static json_t *stats_json(struct web *w, int64_t site_id)
{
    struct stats_counts sc;

    if (!w->stats)
        return NULL;
    stats_cached(w->stats, site_id, &sc);
    return web_view((struct web_kv[]){WEB_NUM("online", sc.online), WEB_NUM("today", sc.today),
                                      WEB_NUM("total", sc.total), WEB_END});
}

/* The site's social links that are set, {links: [{name, url}]}; NULL when none. */
static json_t *social_json(const struct web_site *site)
{
    static const struct {
        enum web_brand k;
        const char *name;
    } links[] = {{WEB_BRAND_FACEBOOK, "Facebook"},
                 {WEB_BRAND_YOUTUBE, "YouTube"},
                 {WEB_BRAND_ZALO, "Zalo"}};
    json_t *list = json_array();

    for (size_t i = 0; list && i < sizeof(links) / sizeof(links[0]); i++) {
        if (*site->brand[links[i].k])
            json_array_append_new(list, web_view((struct web_kv[]){
                                            WEB_S("name", links[i].name),
                                            WEB_S("url", site->brand[links[i].k]), WEB_END}));
    }
    if (list && !json_array_size(list)) {
        json_decref(list);
        return NULL;
    }
    /* an object, so that the theme draws its list once around the links */
    return list ? web_view((struct web_kv[]){WEB_N("links", list), WEB_END}) : NULL;
}

/* The language switch and the hreflang links: each language with its URL for this page. */
static json_t *langs_json(struct http_request *req)
{
    /* each language's name in itself, as switches show them */
    static const char *const names[I18N_COUNT] = {[I18N_VI] = N_("Tiếng Việt"), [I18N_EN] = "English"};
    json_t *list = json_array();
    enum i18n_lang cur = i18n_lang();

    for (int l = 0; list && l < I18N_COUNT; l++) {
        const char *url = web_lang_url(req, (enum i18n_lang)l);

        if (!url)
            continue;
        json_array_append_new(list, web_view((struct web_kv[]){
                                        WEB_S("code", i18n_code((enum i18n_lang)l)),
                                        WEB_S("name", names[l]), WEB_S("url", url),
                                        WEB_B("current", l == (int)cur), WEB_END}));
    }
    return list;
}

/* The site's name, tagline and what the header and footer show of its settings. */
static json_t *site_json(struct web *w, struct http_request *req, const struct web_site *site)
{
    const char *const *b = site->brand;

    return web_view((struct web_kv[]){
        WEB_S("name", site->name), WEB_S("tagline", site->tagline),
        WEB_S("lang", i18n_code(i18n_lang())), WEB_J("langs", langs_json(req)),
        /* Open Graph's locale of the page's language */
        WEB_S("locale", i18n_lang() == I18N_EN ? "en_GB" : "vi_VN"),
        WEB_S("static", w->static_prefix), WEB_S("url", web_base_url(w, req)),
        WEB_J("logo", *b[WEB_BRAND_LOGO] ? web_jstr(b[WEB_BRAND_LOGO]) : NULL),
        WEB_J("address", *b[WEB_BRAND_ADDRESS] ? web_jstr(b[WEB_BRAND_ADDRESS]) : NULL),
        WEB_J("phone", *b[WEB_BRAND_PHONE] ? web_jstr(b[WEB_BRAND_PHONE]) : NULL),
        WEB_J("email", *b[WEB_BRAND_EMAIL] ? web_jstr(b[WEB_BRAND_EMAIL]) : NULL),
        WEB_J("footer", *b[WEB_BRAND_FOOTER] ? web_jstr(b[WEB_BRAND_FOOTER]) : NULL),
        WEB_J("social", social_json(site)),
        /* the admin's pages load the English of their scripts (/i18n/en.js) only then */
        WEB_B("lang_en", i18n_lang() == I18N_EN), WEB_END});
}

json_t *web_page_data(struct web *w, struct http_request *req, const char *title,
                      const char *path, const char *description, const char *section,
                      int64_t current_cat)
{
    struct arena *a = req->arena;
    const struct web_site *site = web_site(w, req);
    const char *full = title && *title ? arena_printf(a, "%s - %s", title, site->name) : site->name;
    time_t now = (time_t)w->now();
    char year[8];
    struct tm tm;

    localtime_r(&now, &tm);
    snprintf(year, sizeof(year), "%04d", (tm.tm_year + 1900) % 10000);
    if (!full)
        return NULL;
    return web_view((struct web_kv[]){
        WEB_J("site", site_json(w, req, site)),
        WEB_J("nav", nav_json(site->store, a, path, current_cat)),
        WEB_J("footer_nav", footer_json(site->store, a, path)),
        WEB_J("page", web_view((struct web_kv[]){
                          WEB_S("title", full),
                          WEB_S("description",
                                description && *description ? description : site->tagline),
                          WEB_S("canonical", path), WEB_S("section", section),
                          WEB_B("home", !strcmp(section, "home")), WEB_END})),
        WEB_J("stats", stats_json(w, site->id)),
        WEB_S("year", year),
        WEB_END});
}

/*
 * Sections whose pages are drawn by templates of their own: search, error pages, the work
 * schedule, questions and answers and the question form. The form is never kept (it carries
 * each visitor's own token); the others are kept for guests like portal pages.
 */
static bool is_own_frame(const char *section)
{
    return !strcmp(section, "search") || !strcmp(section, "error") ||
           !strcmp(section, "schedule") || !strcmp(section, "questions") ||
           !strcmp(section, "question_form");
}

static bool is_kept(const char *section)
{
    return !strcmp(section, "search") || !strcmp(section, "schedule") ||
           !strcmp(section, "questions");
}

/*
 * The pages of is_own_frame are drawn by templates of their own, but around them go
 * the portlets of the page site (and, for search, of the page tim-kiem) like on every page.
 * *personal: the viewer is logged in (the page is theirs alone). Returns the marks the page
 * was drawn with when it is a page to be cached (is_kept), else NULL.
 */
static const struct portal_marks *compose_around(struct web *w, struct http_request *req,
                                                 struct http_response *res, json_t *ctx,
                                                 bool *personal)
{
    const char *section =
        json_string_value(json_object_get(json_object_get(ctx, "page"), "section"));
    const struct portal_marks *marks = NULL;
    struct web_viewer v;
    enum cong_err rc;
    int64_t views;

    *personal = false;
    if (!section || json_object_get(ctx, "regions"))
        return NULL;
    if (!is_own_frame(section))
        return NULL;
    web_viewer_find(w, req, &v);
    *personal = v.logged_in;
    if (is_kept(section) && !v.logged_in && (marks = web_cache_marks_for(w, req)) &&
        !web_mark_page_data(marks, NULL, ctx, &views))
        marks = NULL; /* out of memory: the numbers as they are, and nothing kept */
    rc = web_compose_marked(w, req, res, !strcmp(section, "search") ? PORTAL_SEARCH_PAGE : NULL,
                            NULL, &v, marks, ctx);
    /* the page still shows its own content without them (an error page may be the answer to
       this very failure) */
    if (rc != CONG_OK && rc != CONG_ENOTFOUND)
        log_warn("portlets around '%s' not shown: %s", req->path, cong_strerror(rc));
    if (rc != CONG_OK && marks) {
        /* a page without its portlets is not kept: its numbers as they are */
        marks = NULL;
        if (json_object_get(ctx, "stats"))
            json_object_set_new(ctx, "stats", stats_json(w, web_site(w, req)->id));
    }
    /* these templates lay out their own columns: the side portlets go in their aside */
    json_object_del(ctx, "layout");
    return marks;
}

/* The last resort when no page can be built: a fixed text needs no memory of its own. */
static void plain_failure(struct http_response *res, int status)
{
    buf_reset(&res->body);
    res->data = NULL;
    res->status = status;
    res->content_type = "text/plain; charset=utf-8";
    http_response_set_header(res, "Cache-Control", "no-store");
    buf_puts(&res->body, status == 503 ? _("Máy chủ đang quá tải, xin thử lại sau.\n")
                                       : _("Lỗi máy chủ: không hiển thị được trang.\n"));
}

void web_render(struct web *w, struct http_request *req, struct http_response *res, int status,
                const char *tmpl, json_t *ctx)
{
    const struct portal_marks *marks;
    struct cong_error err;
    enum cong_err rc;
    bool personal;

    if (!ctx) {
        log_warn("out of memory building '%s'", req->path);
        plain_failure(res, 503);
        return;
    }
    marks = compose_around(w, req, res, ctx, &personal);
    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    /* what a logged-in viewer sees is theirs alone, and may hold their session's token */
    http_response_set_header(res, "Cache-Control", personal ? "private, no-store" : "no-cache");
    rc = tmpl_render(w->tmpl, tmpl, ctx, &res->body, &err);
    if (rc == CONG_OK && marks && status == 200)
        web_cache_keep(w, req, res, false, 0, 0);
    else if (rc == CONG_ENOMEM) {
        log_warn("out of memory rendering '%s' for '%s'", tmpl, req->path);
        plain_failure(res, 503);
    } else if (rc != CONG_OK) {
        log_error("cannot render '%s' for '%s': %s", tmpl, req->path, err.msg);
        plain_failure(res, 500);
    }
}

void web_render_private(struct web *w, struct http_request *req, struct http_response *res,
                        int status, const char *tmpl, json_t *ctx)
{
    web_render(w, req, res, status, tmpl, ctx);
    web_private(res);
}

void web_count_view(struct web *w, struct http_request *req, struct http_response *res,
                    int64_t article_id)
{
    char cookie[STATS_COOKIE_LEN + 1];
    struct stats_view v = {
        .cookie_header = http_request_header(req, "Cookie"),
        .address = req->remote_addr,
        .user_agent = http_request_header(req, "User-Agent"),
        .article_id = article_id,
        .site_id = web_site(w, req)->id,
    };
    unsigned flags = HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_LAX;

    if (!w->stats || req->method != HTTP_GET)
        return;
    if (!stats_count(w->stats, &v, cookie))
        return;
    /* Secure on an https site like every other cookie (wapiti found it missing): the id
     * must not travel over a plain HTTP request to the same host */
    if (w->auth && auth_is_https(w->auth))
        flags |= HTTP_COOKIE_SECURE;
    /* two years: the visitor stays the same visitor across visits; a cookie that cannot be
     * set (out of memory) only means this view counts as a new visitor */
    (void)http_response_cookie(req, res, STATS_COOKIE, cookie, "/", 63072000, flags);
}
