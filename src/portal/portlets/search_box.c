/*
 * search_box: a search form that sends the words to /tim-kiem.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

#include <string.h>

/* The hint a new box gets (stored in its configuration as it was then: shown translated). */
#define PLACEHOLDER N_("Tìm bài viết…")

static const struct portlet_field fields[] = {
    {"placeholder", N_("Chữ gợi ý trong ô tìm"), PORTLET_TEXT, "\"" PLACEHOLDER "\"", 0, 100, NULL, NULL},
};

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    const char *hint = portal_cfg_str(config, "placeholder");

    (void)env;
    json_object_set_new(view, "placeholder",
                        json_string(strcmp(hint, PLACEHOLDER) ? hint : _(PLACEHOLDER)));
    json_object_set_new(view, "empty", json_false());
    return CONG_OK;
}

const struct portlet_type portlet_search_box = {
    .name = "search_box",
    .label = N_("Ô tìm kiếm"),
    .description = N_("Ô nhập từ khóa, tìm bài viết trên cổng."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = NULL,
    .render = render,
};
