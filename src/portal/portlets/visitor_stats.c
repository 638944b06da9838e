/*
 * visitor_stats: the visitor counter, "Đang online", "Hôm nay", "Đã truy cập", as the stats
 * module last handed it over (at most about a second old), with the configured offset. On a
 * page drawn to be cached they are marks the web layer fills in for each request.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    struct stats_counts none = {0};
    const struct stats_counts *c = env->counts ? env->counts : &none;

    const struct portal_marks *m = env->marks;

    (void)config;
    /* on a page drawn to be cached the numbers are marks, filled in for each request */
    json_object_set_new(view, "online", m ? json_string(m->online) : json_integer(c->online));
    json_object_set_new(view, "today", m ? json_string(m->today) : json_integer(c->today));
    json_object_set_new(view, "total", m ? json_string(m->total) : json_integer(c->total));
    json_object_set_new(view, "empty", json_false());
    return CONG_OK;
}

const struct portlet_type portlet_visitor_stats = {
    .name = "visitor_stats",
    .label = N_("Thống kê truy cập"),
    .description = N_("Số người đang online, lượt truy cập hôm nay và tổng số lượt truy cập."),
    .fields = NULL,
    .nfields = 0,
    .check = NULL,
    .render = render,
};
