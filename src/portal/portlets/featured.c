/*
 * featured: the stories a portal puts first. Either articles an editor chose by id (those
 * not published, or gone, are left out), or the latest articles that have a cover picture.
 * The first one is the lead story.
 */
#include "../portal_int.h"

#include <string.h>

/* How far back "latest with a cover" looks for covers. */
#define FEATURED_SCAN 40

static const struct portlet_choice modes[] = {
    {"latest", "Tin mới nhất có ảnh"},
    {"chosen", "Các bài được chọn"},
    {NULL, NULL},
};

static const struct portlet_field fields[] = {
    {"mode", "Chọn bài", PORTLET_CHOICE, "\"latest\"", 0, 0, modes, NULL},
    {"ids", "Mã các bài được chọn", PORTLET_IDS, "[]", 0, 10, NULL,
     "Mã số của bài viết (số trong địa chỉ /bai-viet/SỐ-...), cách nhau bằng dấu phẩy."},
    {"count", "Số bài", PORTLET_INT, "1", 1, 10, NULL, NULL},
};

static enum cong_err check(const json_t *config, struct cong_error *err)
{
    if (!strcmp(portal_cfg_str(config, "mode"), "chosen") &&
        json_array_size(json_object_get(config, "ids")) == 0)
        return cong_error_set(err, CONG_EINVAL,
                              "Trường \"Mã các bài được chọn\" cần ít nhất một mã bài viết.");
    return CONG_OK;
}

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    size_t count = (size_t)portal_cfg_int(config, "count"), n = 0, i, got = 0;
    struct article *arts = NULL, *picked;
    json_t *ids = json_object_get(config, "ids"), *cards, *id;
    enum cong_err rc;

    picked = arena_alloc(env->arena, (count ? count : 1) * sizeof(*picked));
    if (!picked)
        return CONG_ENOMEM;
    if (!strcmp(portal_cfg_str(config, "mode"), "chosen")) {
        json_array_foreach(ids, i, id)
        {
            if (got == count)
                break;
            rc = store_get_article(env->store, env->arena, json_integer_value(id), &picked[got]);
            if (rc == CONG_ENOTFOUND)
                continue;
            if (rc != CONG_OK)
                return rc;
            if (portal_is_visible(&picked[got], env->now))
                got++;
        }
    } else {
        struct article_query q = {.published_only = true, .now = env->now, .limit = FEATURED_SCAN};
        rc = store_list_articles(env->store, env->arena, &q, &arts, &n, NULL);
        if (rc != CONG_OK)
            return rc;
        for (i = 0; i < n && got < count; i++) {
            if (arts[i].cover_media_id)
                picked[got++] = arts[i];
        }
        /* a portal without pictures still gets its lead story */
        for (i = 0; got == 0 && i < n && i < count; i++)
            picked[got++] = arts[i];
    }
    cards = portal_cards(env, picked, got, true);
    if (json_array_size(cards) > 0)
        json_object_set(view, "lead", json_array_get(cards, 0));
    json_array_remove(cards, 0);
    json_object_set_new(view, "has_more", json_boolean(json_array_size(cards) > 0));
    json_object_set_new(view, "more", cards);
    json_object_set_new(view, "empty", json_boolean(got == 0));
    return CONG_OK;
}

const struct portlet_type portlet_featured = {
    .name = "featured",
    .label = "Tin nổi bật",
    .description = "Bài đặt lên đầu: các bài được chọn, hoặc tin mới nhất có ảnh.",
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = check,
    .render = render,
};
