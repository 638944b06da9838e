/*
 * A site's menus as pages draw them: each item's address (its page's, its category's, the
 * documents', or its own URL), whether it leaves the site, and the two levels as a tree for
 * the theme. An item whose page or category is gone is left out rather than drawn broken.
 * A menu holds items in each content language: a page in English shows the site's English
 * items when it has any, else the Vietnamese ones (a sub-item goes with its parent). Reads
 * only; the rules of an item are the content module's (content_menu_*).
 */
#include "web_int.h"

#include <string.h>

#include "../content/content.h"
#include "../i18n/i18n.h"
#include "../portal/portal.h"

enum cong_err web_menu_refs_load(struct store *st, struct arena *a, struct web_menu_refs *out)
{
    enum cong_err rc;

    *out = (struct web_menu_refs){0};
    rc = store_list_pages(st, a, false, &out->pages, &out->npages);
    if (rc == CONG_OK)
        rc = store_list_categories(st, a, &out->cats, &out->ncats);
    return rc;
}

const char *web_menu_href(struct arena *a, const struct web_menu_refs *refs,
                          const struct menu_item *it)
{
    if (!strcmp(it->kind, "url"))
        return it->url;
    if (!strcmp(it->kind, "documents"))
        return "/van-ban";
    if (!strcmp(it->kind, "page")) {
        for (size_t i = 0; i < refs->npages; i++) {
            if (refs->pages[i].id == it->ref_id)
                return portal_page_path(a, refs->pages[i].slug);
        }
        return NULL;
    }
    for (size_t i = 0; i < refs->ncats; i++) {
        if (refs->cats[i].id == it->ref_id)
            return content_category_path(a, refs->cats[i].slug);
    }
    return NULL;
}

/* One item for the theme; NULL when out of memory. */
static json_t *item_view(const struct menu_item *it, const char *url, const char *path)
{
    bool external = !strncmp(url, "http://", 7) || !strncmp(url, "https://", 8);

    return web_view((struct web_kv[]){
        WEB_I("id", it->id),
        WEB_S("name", it->label),
        WEB_S("url", url),
        WEB_B("current", path && !strcmp(path, url)),
        WEB_B("external", external),
        WEB_B("new_window", it->new_window),
        WEB_END});
}

const char *web_menu_lang(const struct menu_item *items, size_t n, enum i18n_lang ui)
{
    const char *want = i18n_code(ui);

    for (size_t i = 0; i < n; i++) {
        if (!items[i].parent_id && items[i].lang && !strcmp(items[i].lang, want))
            return want;
    }
    return "vi";
}

/* True if it (a top item) is drawn in the menu of language lang. */
static bool in_lang(const struct menu_item *it, const char *lang)
{
    return !strcmp(it->lang && *it->lang ? it->lang : "vi", lang);
}

json_t *web_menu_nav(struct store *st, struct arena *a, const char *menu, const char *path,
                     const char **lang_out, enum cong_err *rc)
{
    struct menu_item *items;
    struct web_menu_refs refs;
    const char *lang;
    size_t n;
    json_t *nav;
    bool ok;

    *rc = store_list_menu_items(st, a, menu, &items, &n);
    if (*rc != CONG_OK || n == 0)
        return NULL;
    if ((*rc = web_menu_refs_load(st, a, &refs)) != CONG_OK)
        return NULL;
    lang = web_menu_lang(items, n, i18n_lang());
    if (lang_out)
        *lang_out = lang;
    nav = json_array();
    ok = nav != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        const char *url = items[i].parent_id || !in_lang(&items[i], lang)
                              ? NULL
                              : web_menu_href(a, &refs, &items[i]);
        json_t *top, *children;

        if (!url)
            continue;
        top = item_view(&items[i], url, path);
        children = json_array();
        ok = top && children;
        for (size_t k = 0; ok && k < n; k++) {
            const char *curl = items[k].parent_id == items[i].id
                                   ? web_menu_href(a, &refs, &items[k])
                                   : NULL;
            if (curl)
                ok = web_list_add(children, item_view(&items[k], curl, path));
        }
        if (ok && json_array_size(children)) {
            ok = json_object_set(top, "children", children) == 0 &&
                 json_object_set_new(top, "has_sub", json_true()) == 0;
            /* a sub-menu holding the current page marks its parent too */
            for (size_t k = 0; ok && k < json_array_size(children); k++) {
                if (json_is_true(json_object_get(json_array_get(children, k), "current")))
                    ok = json_object_set_new(top, "current_within", json_true()) == 0;
            }
        }
        json_decref(children);
        if (ok)
            ok = web_list_add(nav, top); /* takes top */
        else
            json_decref(top);
    }
    if (!ok) {
        json_decref(nav);
        *rc = CONG_ENOMEM;
        return NULL;
    }
    return nav;
}
