/*
 * banner: a slider of pictures from the media library, each with a title and a link. The
 * page holds every slide as a plain list, so without JavaScript the visitor sees all the
 * pictures; the theme's script shows one at a time with previous, next and pause buttons,
 * and never moves by itself for a visitor who asked for reduced motion. A slide whose
 * picture has left the library is left out.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

#include <string.h>

#include "../../content/content.h"

#define BANNER_SLIDES_MAX 12

static const struct portlet_field fields[] = {
    {"slides", N_("Các ảnh"), PORTLET_SLIDES, "[]", 0, BANNER_SLIDES_MAX, NULL,
     N_("Mỗi dòng một ảnh: số của ảnh trong thư viện | tiêu đề | liên kết (https://... hoặc "
     "/...; có thể để trống).")},
    {"interval", N_("Thời gian mỗi ảnh (giây)"), PORTLET_INT, "6", 3, 30, NULL, NULL},
    {"autoplay", N_("Tự chuyển ảnh"), PORTLET_BOOL, "true", 0, 0, NULL,
     N_("Người xem luôn tạm dừng được; ai đặt chế độ giảm chuyển động thì ảnh không tự chuyển.")},
};

/* One slide for the template; NULL when its picture is gone or memory ran out. */
static json_t *slide_view(const struct portal_env *env, json_t *slide, size_t index)
{
    struct content_image img;
    const char *title = json_string_value(json_object_get(slide, "title"));
    const char *url = json_string_value(json_object_get(slide, "url"));
    json_int_t id = json_integer_value(json_object_get(slide, "media"));

    if (id <= 0 || content_media_image(env->store, env->arena, id, &img) != CONG_OK ||
        strncmp(img.mime, "image/", 6) != 0)
        return NULL;
    return json_pack("{s:I,s:s,s:s,s:{s:s,s:i,s:i,s:s,s:s}}", "index", (json_int_t)index,
                     "title", title ? title : "", "url",
                     url ? url : "", "image", "src", img.url, "width", img.width, "height",
                     img.height, "srcset", img.srcset, "webp_srcset", img.webp_srcset);
}

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    json_t *slides = json_object_get(config, "slides"), *list = json_array(), *item, *v;
    size_t i, n = 0;

    if (!list)
        return CONG_ENOMEM;
    json_array_foreach(slides, i, item)
    {
        if ((v = slide_view(env, item, n + 1)) != NULL) {
            json_array_append_new(list, v);
            n++;
        }
    }
    /* "2 / 5" for screen readers: the count of the slides shown */
    json_array_foreach(list, i, item)
        json_object_set_new(item, "total", json_integer((json_int_t)n));
    json_object_set_new(view, "slides", list);
    json_object_set_new(view, "empty", json_boolean(n == 0));
    json_object_set_new(view, "many", json_boolean(n > 1));
    json_object_set_new(view, "interval_ms",
                        json_integer(json_integer_value(json_object_get(config, "interval")) *
                                     1000));
    json_object_set(view, "autoplay", json_object_get(config, "autoplay"));
    return CONG_OK;
}

const struct portlet_type portlet_banner = {
    .name = "banner",
    .label = N_("Ảnh trình chiếu (banner)"),
    .description = N_("Các ảnh của thư viện lần lượt hiện ra, mỗi ảnh có tiêu đề và liên kết."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = NULL,
    .render = render,
};
