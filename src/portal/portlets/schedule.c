/*
 * schedule: the work schedule in a box: today's entries, then the rest of this week's, at
 * most `count` in all, each with its time and place, and a link to the week's page. Days and
 * times are the site's time zone's. The page generation moves with every change to the
 * schedule, so a cached page never shows an old entry; a new day shows within the render
 * cache's short age.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

#include <stdio.h>
#include <time.h>

#include "../../content/civic.h"

static const char *const day_names[7] = {N_("Chủ Nhật"), N_("Thứ Hai"), N_("Thứ Ba"), N_("Thứ Tư"),
                                         N_("Thứ Năm"),  N_("Thứ Sáu"), N_("Thứ Bảy")};

static const struct portlet_field fields[] = {
    {"count", N_("Số mục"), PORTLET_INT, "6", 1, 30, NULL, N_("Số mục lịch hiện nhiều nhất, từ 1 đến 30.")},
};

/* One entry for the box: its day (for the rest of the week), start time, title, place. */
static json_t *item(const struct schedule_entry *e, bool with_day, int64_t today)
{
    time_t tt = (time_t)(e->starts_at < today ? today : e->starts_at);
    struct tm tm;
    char when[48] = "", day[96] = "";
    struct buf date;

    buf_init(&date, 64);
    if (localtime_r(&tt, &tm)) {
        if (e->starts_at >= today)
            (void)snprintf(when, sizeof(when), "%02d:%02d", tm.tm_hour, tm.tm_min);
        /* the day's name and its date in the page's language without the year (the week is
           this one): "Thứ Hai 07-12", "Monday 7 Dec" */
        i18n_add_date(&date, (int64_t)tt);
        if (!buf_error(&date) && date.len > 5)
            (void)snprintf(day, sizeof(day), "%s %.*s", _(day_names[tm.tm_wday % 7]),
                           (int)(date.len - 5), date.data);
    }
    buf_release(&date);
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "when", json_string(when));
    json_object_set_new(o, "day", with_day ? json_string(day) : json_string(""));
    json_object_set_new(o, "title", portal_jstr(e->title));
    json_object_set_new(o, "location", portal_jstr(e->location));
    json_object_set_new(o, "chair", portal_jstr(e->chair));
    return o;
}

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    size_t count = (size_t)portal_cfg_int(config, "count"), n, shown = 0;
    struct schedule_entry *list;
    int64_t monday, today, tomorrow, week_end;
    int y, wk;
    json_t *now_list = json_array(), *later = json_array();
    enum cong_err rc;

    if (!now_list || !later) {
        json_decref(now_list);
        json_decref(later);
        return CONG_ENOMEM;
    }
    content_iso_week_of(env->now, &monday, &y, &wk);
    week_end = content_day_add(monday, 7);
    today = monday;
    while ((tomorrow = content_day_add(today, 1)) <= env->now && tomorrow < week_end)
        today = tomorrow;
    rc = store_list_schedule(env->store, env->arena, today, week_end, &list, &n);
    for (size_t i = 0; rc == CONG_OK && i < n && shown < count; i++, shown++) {
        bool is_today = list[i].starts_at < tomorrow;
        if (json_array_append_new(is_today ? now_list : later, item(&list[i], !is_today, today)))
            rc = CONG_ENOMEM;
    }
    if (rc != CONG_OK) {
        json_decref(now_list);
        json_decref(later);
        return rc;
    }
    json_object_set_new(view, "week", json_integer(wk));
    json_object_set_new(view, "has_today", json_boolean(json_array_size(now_list) > 0));
    json_object_set_new(view, "has_later", json_boolean(json_array_size(later) > 0));
    json_object_set_new(view, "today", now_list);
    json_object_set_new(view, "later", later);
    json_object_set_new(view, "empty", json_boolean(n == 0));
    json_object_set_new(view, "more_url", json_string("/lich-cong-tac"));
    return CONG_OK;
}

const struct portlet_type portlet_schedule = {
    .name = "schedule",
    .label = N_("Lịch công tác"),
    .description = N_("Lịch công tác hôm nay và những ngày còn lại của tuần."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = NULL,
    .render = render,
};
