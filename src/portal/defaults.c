/*
 * The built-in pages `cong init` creates and their first portlets, and the helpers the
 * portlets' render functions share (cards, page links, configuration readers).
 */
#include "portal_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../content/content.h"

/* The built-in pages and their first portlets. */

struct default_portlet {
    const char *type;
    const char *region;
    const char *title;
    const char *config; /* JSON, or NULL for the defaults */
};

struct default_page {
    const char *slug;
    const char *title;
    const char *layout;
    const struct default_portlet *portlets; /* ended by type NULL */
};

static const struct default_portlet site_portlets[] = {
    {"visitor_stats", "right", N_("Thống kê truy cập"), NULL},
    {"links", "footer", N_("Liên kết"),
     N_("{\"links\":[{\"title\":\"Cổng Dịch vụ công Quốc gia\",\"url\":\"https://dichvucong.gov.vn\"},"
     "{\"title\":\"Cổng Thông tin điện tử Chính phủ\",\"url\":\"https://chinhphu.vn\"}]}")},
    {NULL, NULL, NULL, NULL},
};
static const struct default_portlet home_portlets[] = {
    {"featured", "main", "", "{\"mode\":\"flagged\",\"count\":1}"},
    /* then one news_list per category, added by install_home */
    {"news_list", "right", N_("Tin mới"),
     "{\"mode\":\"latest\",\"count\":6,\"display\":\"list\",\"thumbnails\":true}"},
    {"menu", "right", N_("Chuyên mục"), NULL},
    {NULL, NULL, NULL, NULL},
};
static const struct default_portlet category_portlets[] = {
    {"news_list", "main", "",
     "{\"mode\":\"current\",\"count\":10,\"display\":\"rows\",\"thumbnails\":true}"},
    {"menu", "right", N_("Chuyên mục"), NULL},
    {NULL, NULL, NULL, NULL},
};
static const struct default_portlet article_portlets[] = {
    {"news_detail", "main", "", NULL},
    {"news_list", "right", N_("Tin cùng chuyên mục"),
     "{\"mode\":\"related\",\"count\":5,\"display\":\"list\",\"thumbnails\":false}"},
    {NULL, NULL, NULL, NULL},
};
/* the search page draws its results and, when it has none, the latest articles itself */
static const struct default_portlet search_portlets[] = {
    {"menu", "right", N_("Chuyên mục"), NULL},
    {NULL, NULL, NULL, NULL},
};

static const struct default_page default_pages[] = {
    {PORTAL_SITE_PAGE, N_("Toàn trang"), "site", site_portlets},
    {PORTAL_HOME_PAGE, N_("Trang chủ"), "hai-cot", home_portlets},
    {PORTAL_CATEGORY_PAGE, N_("Chuyên mục"), "hai-cot", category_portlets},
    {PORTAL_ARTICLE_PAGE, N_("Xem chi tiết"), "hai-cot", article_portlets},
    {PORTAL_SEARCH_PAGE, N_("Tìm kiếm"), "hai-cot", search_portlets},
};

static enum cong_err add_default(struct store *st, struct arena *a, int64_t page_id,
                                 const char *type, const char *region, const char *title,
                                 json_t *config, struct cong_error *err)
{
    struct portal_portlet_change ch = {
        .type = type,
        .region = region,
        .position = PORTAL_POSITION_KEEP,
        .title = title,
        .config = config,
    };
    int64_t id;

    return portal_portlet_add(st, a, page_id, &ch, &id, err);
}

/* The home page's sections: a list of cards for each category, in the categories' order. */
static enum cong_err install_sections(struct store *st, struct arena *a, int64_t page_id,
                                      struct cong_error *err)
{
    struct category *cats;
    size_t n;
    enum cong_err rc;

    if ((rc = store_list_categories(st, a, &cats, &n)) != CONG_OK)
        return cong_error_set(err, rc, "cannot read categories: %s", cong_strerror(rc));
    for (size_t i = 0; i < n; i++) {
        json_t *cfg = json_pack("{s:s,s:s,s:i,s:s,s:b}", "mode", "category", "category",
                                cats[i].slug, "count", 4, "display", "cards", "thumbnails", 1);
        rc = cfg ? add_default(st, a, page_id, "news_list", "main", cats[i].name, cfg, err)
                 : cong_error_set(err, CONG_ENOMEM, "out of memory");
        json_decref(cfg);
        if (rc != CONG_OK)
            return rc;
    }
    return CONG_OK;
}

enum cong_err portal_install_defaults(struct store *st, struct cong_error *err)
{
    struct arena a;
    struct page p;
    int64_t id;
    enum cong_err rc = CONG_OK;

    /* the names are the site's content: in its language, whoever runs this */
    enum i18n_lang was = i18n_set_lang(content_site_lang(st));

    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof(default_pages) / sizeof(default_pages[0]) && !rc; i++) {
        const struct default_page *d = &default_pages[i];
        rc = store_get_page_by_slug(st, &a, d->slug, &p);
        if (rc == CONG_OK)
            continue; /* an admin's page stays as the admin left it */
        if (rc != CONG_ENOTFOUND) {
            cong_error_set(err, rc, "cannot read page '%s': %s", d->slug, cong_strerror(rc));
            break;
        }
        p = (struct page){.slug = d->slug, .title = _(d->title), .layout = d->layout};
        if ((rc = store_add_page(st, &p, &id)) != CONG_OK) {
            cong_error_set(err, rc, "cannot create page '%s': %s", d->slug, cong_strerror(rc));
            break;
        }
        for (const struct default_portlet *dp = d->portlets; dp->type && !rc; dp++) {
            json_t *cfg = dp->config ? json_loads(_(dp->config), 0, NULL) : NULL;
            rc = add_default(st, &a, id, dp->type, dp->region, _(dp->title), cfg, err);
            json_decref(cfg);
            /* the sections follow the featured story */
            if (!rc && dp == d->portlets && !strcmp(d->slug, PORTAL_HOME_PAGE))
                rc = install_sections(st, &a, id, err);
        }
    }
    arena_release(&a);
    i18n_set_lang(was);
    return rc;
}

/* Helpers of the portlets (portal_int.h). */

json_t *portal_jstr(const char *s)
{
    return json_string(s ? s : "");
}

int64_t portal_cfg_int(const json_t *config, const char *name)
{
    return json_integer_value(json_object_get(config, name));
}

bool portal_cfg_bool(const json_t *config, const char *name)
{
    return json_is_true(json_object_get(config, name));
}

const char *portal_cfg_str(const json_t *config, const char *name)
{
    const char *s = json_string_value(json_object_get(config, name));

    return s ? s : "";
}

bool portal_is_visible(const struct article *art, int64_t now)
{
    return content_article_is_public(art, now);
}

void portal_shown_add(const struct portal_env *env, int64_t id)
{
    if (env->shown && env->shown->n < PORTAL_SHOWN_MAX && !portal_shown_has(env, id))
        env->shown->ids[env->shown->n++] = id;
}

bool portal_shown_has(const struct portal_env *env, int64_t id)
{
    for (size_t i = 0; env->shown && i < env->shown->n; i++) {
        if (env->shown->ids[i] == id)
            return true;
    }
    return false;
}

json_t *portal_cards(const struct portal_env *env, const struct article *arts, size_t n,
                     bool covers)
{
    json_t *list, *card;

    /* one call for them all, so the site reads their covers at once */
    if (env->cards)
        return env->cards(env->cards_ctx, env->arena, arts, n, covers);
    list = json_array();
    for (size_t i = 0; i < n; i++) {
        card = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)arts[i].id, "title",
                         arts[i].title ? arts[i].title : "", "url",
                         content_article_path(env->arena, &arts[i]));
        if (card)
            json_array_append_new(list, card);
    }
    return list;
}

json_t *portal_pagination(struct arena *a, const char *path, size_t page, size_t pages)
{
    json_t *p = json_object(), *items = json_array();

    json_object_set_new(p, "page", json_integer((json_int_t)page));
    json_object_set_new(p, "pages", json_integer((json_int_t)pages));
    if (page > 1)
        json_object_set_new(
            p, "prev_url",
            portal_jstr(page == 2 ? path : arena_printf(a, "%s?trang=%zu", path, page - 1)));
    if (page < pages)
        json_object_set_new(p, "next_url",
                            portal_jstr(arena_printf(a, "%s?trang=%zu", path, page + 1)));
    /* the first and last pages and two on each side of the current one; a gap marks what is
       left out, so a category of 40 pages still fits on one line */
    for (size_t i = 1; i <= pages; i++) {
        bool near = i + 2 >= page && i <= page + 2;
        if (i != 1 && i != pages && !near) {
            if (i == 2 || i == page + 3)
                json_array_append_new(items, json_pack("{s:b}", "gap", 1));
            continue;
        }
        json_t *it = json_object();
        json_object_set_new(it, "n", json_integer((json_int_t)i));
        json_object_set_new(it, "url",
                            portal_jstr(i == 1 ? path : arena_printf(a, "%s?trang=%zu", path, i)));
        json_object_set_new(it, "current", json_boolean(i == page));
        json_array_append_new(items, it);
    }
    json_object_set_new(p, "items", items);
    return p;
}
