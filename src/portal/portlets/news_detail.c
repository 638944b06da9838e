/*
 * news_detail: the article the page shows (on xem-chi-tiet, the one of /bai-viet/ID-SLUG):
 * title, date, summary, cover with its caption, body and byline. The article's view data is
 * the site's (the same object the page's <head> reads), so the two never disagree. On a page
 * that shows no article it renders as empty.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    (void)config;
    if (!env->article_view) {
        json_object_set_new(view, "empty", json_true());
        return CONG_OK;
    }
    json_object_set(view, "article", env->article_view);
    json_object_set_new(view, "empty", json_false());
    return CONG_OK;
}

const struct portlet_type portlet_news_detail = {
    .name = "news_detail",
    .label = N_("Nội dung bài viết"),
    .description = N_("Bài viết đang xem: tiêu đề, ngày, ảnh và chú thích, nội dung, tác giả."),
    .fields = NULL,
    .nfields = 0,
    .check = NULL,
    .render = render,
};
