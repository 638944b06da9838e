/*
 * html: a block of text and pictures an admin writes in HTML. It is sanitized with
 * render_sanitize_html when saved (portal_config_check), so rendering trusts what is stored.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

static const struct portlet_field fields[] = {
    {"html", N_("Nội dung (HTML)"), PORTLET_HTML, "\"\"", 0, 20000, NULL,
     N_("Đoạn văn, tiêu đề, danh sách, liên kết, ảnh. Mã script, style và sự kiện bị loại bỏ khi "
     "lưu.")},
};

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    const char *html = portal_cfg_str(config, "html");

    (void)env;
    json_object_set_new(view, "html", json_string(html));
    json_object_set_new(view, "empty", json_boolean(!*html));
    return CONG_OK;
}

const struct portlet_type portlet_html = {
    .name = "html",
    .label = N_("Văn bản HTML"),
    .description = N_("Một đoạn nội dung tự soạn (HTML đã được làm sạch)."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = NULL,
    .render = render,
};
