/*
 * visitor_stats: the visitor counter, "Đang online", "Hôm nay", "Đã truy cập", as the stats
 * module last handed it over (at most about a second old), with the configured offset. On a
 * page drawn to be cached they are marks the web layer fills in for each request.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

/* n as people read it in the page's language: 1.234.567 or 1,234,567. */
static json_t *number(int64_t n)
{
    struct buf b;
    json_t *out;

    buf_init(&b, 64);
    i18n_add_int(&b, n);
    out = buf_error(&b) ? NULL : json_string(b.data);
    buf_release(&b);
    return out;
}

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    struct stats_counts none = {0};
    const struct stats_counts *c = env->counts ? env->counts : &none;

    const struct portal_marks *m = env->marks;

    (void)config;
    /* on a page drawn to be cached the numbers are marks, filled in for each request (with
       their digit groups, as here) */
    json_object_set_new(view, "online", m ? json_string(m->online) : number(c->online));
    json_object_set_new(view, "today", m ? json_string(m->today) : number(c->today));
    json_object_set_new(view, "total", m ? json_string(m->total) : number(c->total));
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
