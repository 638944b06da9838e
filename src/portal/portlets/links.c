/*
 * links: a list of links an admin keeps by hand (title and URL), to other sites or pages of
 * this one. URLs were checked when saved: http(s) or a local path, nothing else.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

#include <string.h>

static const struct portlet_field fields[] = {
    {"links", N_("Các liên kết"), PORTLET_LINKS, "[]", 0, 30, NULL,
     N_("Mỗi dòng một liên kết: Tiêu đề | địa chỉ (https://... hoặc /...).")},
};

/* The titles of the links `cong init` puts in the footer (src/portal/defaults.c): shown in the
   page's language while an admin keeps them. */
static const char *const stock_titles[] = {N_("Cổng Dịch vụ công Quốc gia"),
                                           N_("Cổng Thông tin điện tử Chính phủ")};

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    json_t *links = json_object_get(config, "links"), *item;
    size_t i;

    (void)env;
    json_array_foreach(links, i, item)
    {
        const char *url = json_string_value(json_object_get(item, "url"));
        const char *title = json_string_value(json_object_get(item, "title"));
        json_object_set_new(item, "external", json_boolean(url && url[0] != '/'));
        for (size_t k = 0; title && k < sizeof(stock_titles) / sizeof(stock_titles[0]); k++) {
            if (!strcmp(title, stock_titles[k])) {
                json_object_set_new(item, "title", json_string(_(stock_titles[k])));
                break;
            }
        }
    }
    json_object_set(view, "links", links);
    json_object_set_new(view, "empty", json_boolean(json_array_size(links) == 0));
    return CONG_OK;
}

const struct portlet_type portlet_links = {
    .name = "links",
    .label = N_("Liên kết"),
    .description = N_("Danh sách liên kết (tiêu đề và địa chỉ)."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = NULL,
    .render = render,
};
