/*
 * questions: the latest answered questions (hỏi đáp), newest answer first, at most `count`,
 * with a link to ask one. Only published questions exist here: a pending or hidden one is
 * never listed, whoever looks.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

#include <stdio.h>

#include "../../content/civic.h"

static const struct portlet_field fields[] = {
    {"count", N_("Số câu hỏi"), PORTLET_INT, "5", 1, 20, NULL, N_("Từ 1 đến 20.")},
};

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    struct question_query q = {.status = QUESTION_PUBLISHED,
                               .limit = (size_t)portal_cfg_int(config, "count")};
    struct question *list;
    size_t n;
    json_t *items;
    enum cong_err rc = store_list_questions(env->store, env->arena, &q, &list, &n, NULL);

    if (rc != CONG_OK)
        return rc;
    if (!(items = json_array()))
        return CONG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        char url[40];
        json_t *o = json_object();
        (void)snprintf(url, sizeof(url), "/hoi-dap/%lld", (long long)list[i].id);
        if (!o || json_array_append_new(items, o)) {
            json_decref(items);
            return CONG_ENOMEM;
        }
        json_object_set_new(o, "title", portal_jstr(list[i].title));
        json_object_set_new(o, "url", json_string(url));
        json_object_set_new(o, "name", portal_jstr(list[i].name));
    }
    json_object_set_new(view, "questions", items);
    json_object_set_new(view, "empty", json_false()); /* the link to ask shows even then */
    json_object_set_new(view, "none", json_boolean(n == 0));
    return CONG_OK;
}

const struct portlet_type portlet_questions = {
    .name = "questions",
    .label = N_("Hỏi đáp"),
    .description = N_("Những câu hỏi mới được trả lời và liên kết để đặt câu hỏi."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = NULL,
    .render = render,
};
