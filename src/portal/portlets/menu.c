/*
 * menu: links to the categories (top level, in their order) and to the pages an admin put in
 * the menu, the one being viewed marked current.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

#include <string.h>

#include "../../content/content.h"

static const struct portlet_field fields[] = {
    {"categories", N_("Các chuyên mục"), PORTLET_BOOL, "true", 0, 0, NULL, NULL},
    {"pages", N_("Các trang có trong menu"), PORTLET_BOOL, "true", 0, 0, NULL, NULL},
};

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    json_t *items = json_array();
    struct category *cats;
    struct page *pages;
    size_t n;
    enum cong_err rc;

    if (portal_cfg_bool(config, "categories")) {
        if ((rc = store_list_categories(env->store, env->arena, &cats, &n)) != CONG_OK)
            goto fail;
        for (size_t i = 0; i < n; i++) {
            const char *url = content_category_path(env->arena, cats[i].slug);
            bool cur = env->category ? env->category->id == cats[i].id ||
                                           env->category->parent_id == cats[i].id
                                     : env->article && env->article->category_id == cats[i].id;
            if (cats[i].parent_id)
                continue;
            json_array_append_new(items, json_pack("{s:s,s:s,s:b}", "name", cats[i].name, "url",
                                                   url ? url : "", "current", cur));
        }
    }
    if (portal_cfg_bool(config, "pages")) {
        if ((rc = store_list_pages(env->store, env->arena, true, &pages, &n)) != CONG_OK)
            goto fail;
        /* the pages of the page's language, as the main menu shows them: those written in it
           when there are any, else the Vietnamese ones */
        const char *lang = "vi";
        for (size_t i = 0; env->lang && i < n; i++) {
            if (!strcmp(pages[i].lang, env->lang))
                lang = env->lang;
        }
        for (size_t i = 0; i < n; i++) {
            const char *url = portal_page_path(env->arena, pages[i].slug);
            if (!url || strcmp(pages[i].lang, lang) != 0)
                continue;
            json_array_append_new(items,
                                  json_pack("{s:s,s:s,s:b}", "name", pages[i].title, "url", url,
                                            "current", env->path && !strcmp(env->path, url)));
        }
    }
    json_object_set_new(view, "empty", json_boolean(json_array_size(items) == 0));
    json_object_set_new(view, "items", items);
    return CONG_OK;
fail:
    json_decref(items);
    return rc;
}

const struct portlet_type portlet_menu = {
    .name = "menu",
    .label = "Menu",
    .description = N_("Liên kết tới các chuyên mục và các trang có trong menu."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = NULL,
    .render = render,
};
