/*
 * links: a list of links an admin keeps by hand (title and URL), to other sites or pages of
 * this one. URLs were checked when saved: http(s) or a local path, nothing else.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

static const struct portlet_field fields[] = {
    {"links", N_("Các liên kết"), PORTLET_LINKS, "[]", 0, 30, NULL,
     N_("Mỗi dòng một liên kết: Tiêu đề | địa chỉ (https://... hoặc /...).")},
};

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    json_t *links = json_object_get(config, "links"), *item;
    size_t i;

    (void)env;
    json_array_foreach(links, i, item)
    {
        const char *url = json_string_value(json_object_get(item, "url"));
        json_object_set_new(item, "external", json_boolean(url && url[0] != '/'));
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
