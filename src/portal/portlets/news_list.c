/*
 * news_list: a list of articles. The latest of the whole portal, those of one category, the
 * category the page lists (the category page's main content, with its pages: a page past the
 * end is a 404), or the others of the category of the article the page shows. Shown as a
 * plain list, cards or rows, with or without thumbnails.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

#include <string.h>

#include "../../content/content.h"

static const struct portlet_choice modes[] = {
    {"latest", N_("Tin mới nhất của cả cổng")},
    {"category", N_("Tin của một chuyên mục")},
    {"current", N_("Chuyên mục đang xem (có phân trang)")},
    {"related", N_("Tin cùng chuyên mục với bài đang xem")},
    {NULL, NULL},
};

static const struct portlet_choice displays[] = {
    {"list", N_("Danh sách gọn")},
    {"cards", N_("Thẻ (bài đầu lớn)")},
    {"rows", N_("Hàng (ảnh và tóm tắt)")},
    {NULL, NULL},
};

static const struct portlet_field fields[] = {
    {"mode", N_("Nguồn tin"), PORTLET_CHOICE, "\"latest\"", 0, 0, modes, NULL},
    {"category", N_("Chuyên mục"), PORTLET_CATEGORY, "\"\"", 0, 0, NULL,
     N_("Đường dẫn của chuyên mục, khi nguồn tin là một chuyên mục.")},
    {"count", N_("Số bài"), PORTLET_INT, "5", 1, 50, NULL, N_("Số bài mỗi trang, từ 1 đến 50.")},
    {"display", N_("Cách hiển thị"), PORTLET_CHOICE, "\"list\"", 0, 0, displays, NULL},
    {"thumbnails", N_("Hiện ảnh đại diện"), PORTLET_BOOL, "true", 0, 0, NULL, NULL},
};

static enum cong_err check(const json_t *config, struct cong_error *err)
{
    if (!strcmp(portal_cfg_str(config, "mode"), "category") && !*portal_cfg_str(config, "category"))
        return cong_error_set(err, CONG_EINVAL,
                              _("Trường \"Chuyên mục\" không được để trống khi nguồn tin là một "
                              "chuyên mục."));
    return CONG_OK;
}

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    const char *mode = portal_cfg_str(config, "mode"), *display = portal_cfg_str(config, "display");
    struct article_query q = {.published_only = true, .now = env->now, .lang = env->lang};
    size_t count = (size_t)portal_cfg_int(config, "count"), n = 0, total = 0, pages;
    struct article *arts = NULL;
    struct category cat;
    bool current = !strcmp(mode, "current");
    /* the sections and lists drawn after the lead story leave out what it shows: it is on the
     * page already (a category's own page and "related" list everything as they are) */
    bool skip_shown = env->shown && env->shown->n &&
                      (!strcmp(mode, "category") || !strcmp(mode, "latest"));
    enum cong_err rc;

    q.limit = count;
    json_object_set_new(view, "mode", json_string(mode));
    json_object_set_new(view, "display", json_string(display));
    json_object_set_new(view, "display_list", json_boolean(!strcmp(display, "list")));
    json_object_set_new(view, "display_cards", json_boolean(!strcmp(display, "cards")));
    json_object_set_new(view, "display_rows", json_boolean(!strcmp(display, "rows")));
    json_object_set_new(view, "current", json_boolean(current));
    if (!strcmp(mode, "category")) {
        rc = store_get_category_by_slug(env->store, env->arena, portal_cfg_str(config, "category"),
                                        &cat);
        if (rc == CONG_ENOTFOUND)
            goto empty; /* deleted since: nothing to list */
        if (rc != CONG_OK)
            return rc;
        q.category_id = cat.id;
        json_object_set_new(view, "more_url",
                            portal_jstr(content_category_path(env->arena, cat.slug)));
        json_object_set_new(view, "more_label", portal_jstr(cat.name));
    } else if (current) {
        if (!env->category)
            goto empty; /* not on a category's page */
        q.category_id = env->category->id;
        q.offset = (size_t)(env->page_no > 1 ? env->page_no - 1 : 0) * count;
    } else if (!strcmp(mode, "related")) {
        if (!env->article)
            goto empty;
        q.category_id = env->article->category_id;
        q.exclude_id = env->article->id;
        /* more like the article being read: in its language, whatever the interface's */
        if (env->article->lang && *env->article->lang)
            q.lang = env->article->lang;
        json_object_set_new(
            view, "more_url",
            portal_jstr(content_category_path(env->arena, env->article->category_slug)));
        json_object_set_new(view, "more_label", portal_jstr(env->article->category_name));
    }
    /* the latest news of the site include what its sub-portals share to it */
    q.with_shared = !q.category_id && env->has_shares;
    if (skip_shown)
        q.limit = count + env->shown->n;
    rc = store_list_articles(env->store, env->arena, &q, &arts, &n, current ? &total : NULL);
    if (rc != CONG_OK)
        return rc;
    if (skip_shown) {
        size_t kept = 0;
        for (size_t i = 0; i < n; i++) {
            if (kept < count && !portal_shown_has(env, arts[i].id))
                arts[kept++] = arts[i];
        }
        n = kept;
    }
    if (current) {
        const char *path = content_category_path(env->arena, env->category->slug);
        json_t *c = json_object();
        pages = total ? (total + count - 1) / count : 1;
        if (env->page_no > 1 && (size_t)env->page_no > pages)
            return CONG_ENOTFOUND;
        json_object_set_new(c, "name", portal_jstr(env->category->name));
        json_object_set_new(c, "url", portal_jstr(path));
        json_object_set_new(c, "description", portal_jstr(env->category->description));
        json_object_set_new(view, "category", c);
        if (pages > 1)
            json_object_set_new(view, "pagination",
                                portal_pagination(env->arena, path,
                                                  (size_t)(env->page_no > 1 ? env->page_no : 1),
                                                  pages));
    }
    json_object_set_new(view, "articles",
                        portal_cards(env, arts, n, portal_cfg_bool(config, "thumbnails")));
    json_object_set_new(view, "empty", json_boolean(n == 0));
    return CONG_OK;
empty:
    json_object_set_new(view, "articles", json_array());
    json_object_set_new(view, "empty", json_true());
    return CONG_OK;
}

const struct portlet_type portlet_news_list = {
    .name = "news_list",
    .label = N_("Danh sách tin"),
    .description = N_("Tin mới nhất, tin của một chuyên mục, chuyên mục đang xem hoặc tin cùng "
                   "chuyên mục, có ảnh đại diện."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = check,
    .render = render,
};
