/*
 * featured: the stories a portal puts first. The articles editors flagged "Tin nổi bật",
 * newest first (while none is flagged, the latest with a cover picture, so a new portal's
 * home page is not empty); or articles an editor chose by id (those not published, or gone,
 * are left out); or the latest articles that have a cover picture. The first one is the lead
 * story. What it shows is noted in env->shown, so the lists below it on the page leave
 * those stories out.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

#include <string.h>

/* How far back "latest with a cover" looks for covers. */
#define FEATURED_SCAN 40

static const struct portlet_choice modes[] = {
    {"flagged", N_("Các bài được đánh dấu Tin nổi bật")},
    {"latest", N_("Tin mới nhất có ảnh")},
    {"chosen", N_("Các bài được chọn")},
    {NULL, NULL},
};

static const struct portlet_field fields[] = {
    {"mode", N_("Chọn bài"), PORTLET_CHOICE, "\"flagged\"", 0, 0, modes,
     N_("Đánh dấu bài bằng ô \"Tin nổi bật\" trong trang soạn bài.")},
    {"ids", N_("Mã các bài được chọn"), PORTLET_IDS, "[]", 0, 10, NULL,
     N_("Mã số của bài viết (số trong địa chỉ /bai-viet/SỐ-...), cách nhau bằng dấu phẩy.")},
    {"count", N_("Số bài"), PORTLET_INT, "1", 1, 10, NULL, NULL},
};

static enum cong_err check(const json_t *config, struct cong_error *err)
{
    if (!strcmp(portal_cfg_str(config, "mode"), "chosen") &&
        json_array_size(json_object_get(config, "ids")) == 0)
        return cong_error_set(err, CONG_EINVAL,
                              _("Trường \"Mã các bài được chọn\" cần ít nhất một mã bài viết."));
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
        struct article_query q = {
            .published_only = true, .now = env->now, .limit = FEATURED_SCAN, .lang = env->lang};
        if (!strcmp(portal_cfg_str(config, "mode"), "flagged")) {
            struct article_query fq = {.published_only = true,
                                       .now = env->now,
                                       .limit = count,
                                       .featured_only = true,
                                       .lang = env->lang};
            rc = store_list_articles(env->store, env->arena, &fq, &arts, &n, NULL);
            if (rc != CONG_OK)
                return rc;
            for (i = 0; i < n && got < count; i++)
                picked[got++] = arts[i];
        }
        if (got == 0) {
            rc = store_list_articles(env->store, env->arena, &q, &arts, &n, NULL);
            if (rc != CONG_OK)
                return rc;
        } else {
            n = 0;
        }
        for (i = 0; i < n && got < count; i++) {
            if (arts[i].cover_media_id)
                picked[got++] = arts[i];
        }
        /* a portal without pictures still gets its lead story */
        for (i = 0; got == 0 && i < n && i < count; i++)
            picked[got++] = arts[i];
    }
    for (i = 0; i < got; i++)
        portal_shown_add(env, picked[i].id);
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
    .label = N_("Tin nổi bật"),
    .description = N_("Bài đặt lên đầu: các bài đánh dấu Tin nổi bật, các bài được chọn, hoặc tin "
                   "mới nhất có ảnh."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = check,
    .render = render,
};
