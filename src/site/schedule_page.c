/*
 * The public work schedule (/lich-cong-tac): one ISO week (?tuan=YYYY-Www, the current one by
 * default), day by day from Thứ Hai to Chủ Nhật, each day's entries in the morning (sáng) or
 * the afternoon (chiều) by their start in the site's time zone, with links to the weeks before
 * and after, and a print view (?in=1). An entry that runs over several days shows on each,
 * marked as continuing. Guests get the page from the render cache; an editor's change moves
 * the page generation, so it shows at once. This file also adds the routes of
 * questions_page.c, so the server adds the state portal's public pages with one call.
 */
#include "site_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../content/civic.h"

static const char *const day_names[7] = {N_("Thứ Hai"), N_("Thứ Ba"),  N_("Thứ Tư"),  N_("Thứ Năm"),
                                         N_("Thứ Sáu"), N_("Thứ Bảy"), N_("Chủ Nhật")};

enum fmt { FMT_TIME, FMT_DATE, FMT_DAY_ISO };

/* t in the site's zone as "HH:MM", the date in the page's language or "YYYY-MM-DD", in the arena. */
static const char *local_fmt(struct arena *a, int64_t t, enum fmt f)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char s[32];
    size_t n = 0;

    if (!localtime_r(&tt, &tm))
        return "";
    switch (f) {
    case FMT_TIME: n = strftime(s, sizeof(s), "%H:%M", &tm); break;
    case FMT_DATE: {
        struct buf b;
        const char *out;

        buf_init(&b, 32);
        i18n_add_date(&b, t);
        out = buf_error(&b) ? "" : arena_strndup(a, b.data, b.len);
        buf_release(&b);
        return out ? out : "";
    }
    case FMT_DAY_ISO: n = strftime(s, sizeof(s), "%Y-%m-%d", &tm); break;
    }
    return n ? arena_strdup(a, s) : "";
}

static int local_hour(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;

    return localtime_r(&tt, &tm) ? tm.tm_hour : 0;
}

/* "YYYY-Www" of the week starting at monday, in the arena. */
static const char *week_key(struct arena *a, int64_t monday)
{
    int64_t m;
    int y, wk;

    content_iso_week_of(monday, &m, &y, &wk);
    return arena_printf(a, "%04d-W%02d", y, wk);
}

/* The view of entry e on the day starting at day (it may have begun before). */
static json_t *entry_view(struct arena *a, const struct schedule_entry *e, int64_t day,
                          int64_t next)
{
    bool before = e->starts_at<day, after = e->ends_at> next;
    const char *from = before ? "" : local_fmt(a, e->starts_at, FMT_TIME);
    const char *to = after || e->ends_at == e->starts_at ? "" : local_fmt(a, e->ends_at, FMT_TIME);

    return web_view((struct web_kv[]){
        WEB_I("id", e->id), WEB_S("from", from), WEB_S("to", to), WEB_B("continued", before),
        WEB_B("goes_on", after), WEB_S("ends_on", after ? local_fmt(a, e->ends_at, FMT_DATE) : ""),
        WEB_S("title", e->title), WEB_S("location", e->location), WEB_S("chair", e->chair),
        WEB_S("people", e->people), WEB_S("host_unit", e->host_unit), WEB_END});
}

/* One day of the week: its entries split by half-day. NULL when out of memory. */
static json_t *day_view(struct arena *a, const struct schedule_entry *list, size_t n, int i,
                        int64_t day, int64_t next, int64_t now)
{
    json_t *morning = json_array(), *afternoon = json_array();
    bool ok = morning && afternoon;

    for (size_t k = 0; ok && k < n; k++) {
        const struct schedule_entry *e = &list[k];
        if (e->starts_at >= next || (e->ends_at <= day && e->starts_at < day))
            continue;
        /* what began on an earlier day goes on from the morning */
        bool am = e->starts_at < day || local_hour(e->starts_at) < 12;
        ok = web_list_add(am ? morning : afternoon, entry_view(a, e, day, next));
    }
    if (!ok) {
        json_decref(morning);
        json_decref(afternoon);
        return NULL;
    }
    return web_view((struct web_kv[]){
        WEB_S("name", _(day_names[i])), WEB_S("date", local_fmt(a, day, FMT_DATE)),
        WEB_S("date_iso", local_fmt(a, day, FMT_DAY_ISO)),
        WEB_B("is_today", now >= day && now < next), WEB_B("is_weekend", i >= 5),
        WEB_B("empty", json_array_size(morning) == 0 && json_array_size(afternoon) == 0),
        WEB_B("has_morning", json_array_size(morning) > 0),
        WEB_B("has_afternoon", json_array_size(afternoon) > 0), WEB_N("morning", morning),
        WEB_N("afternoon", afternoon), WEB_END});
}

/* The week from monday as the template draws it; NULL when out of memory. */
static json_t *week_view(struct arena *a, const struct schedule_entry *list, size_t n,
                         int64_t monday, int64_t now)
{
    json_t *days = json_array();
    int64_t day = monday, m;
    int y, wk, this_y, this_wk;
    bool ok = days != NULL;

    for (int i = 0; ok && i < 7; i++) {
        int64_t next = content_day_add(day, 1);
        ok = web_list_add(days, day_view(a, list, n, i, day, next, now));
        day = next;
    }
    if (!ok) {
        json_decref(days);
        return NULL;
    }
    content_iso_week_of(monday, &m, &y, &wk);
    content_iso_week_of(now, &m, &this_y, &this_wk);
    return web_view((struct web_kv[]){
        WEB_S("week", week_key(a, monday)), WEB_I("number", wk), WEB_I("year", y),
        WEB_S("first", local_fmt(a, monday, FMT_DATE)),
        WEB_S("last", local_fmt(a, content_day_add(monday, 6), FMT_DATE)),
        WEB_B("is_current", y == this_y && wk == this_wk),
        WEB_S("prev_url",
              arena_printf(a, "/lich-cong-tac?tuan=%s", week_key(a, content_day_add(monday, -7)))),
        WEB_S("next_url",
              arena_printf(a, "/lich-cong-tac?tuan=%s", week_key(a, content_day_add(monday, 7)))),
        WEB_S("print_url", arena_printf(a, "/lich-cong-tac?tuan=%s&in=1", week_key(a, monday))),
        WEB_B("empty", n == 0), WEB_N("days", days), WEB_END});
}

static void h_schedule(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct arena *a = req->arena;
    const char *tuan = http_request_query(req, "tuan"), *in = http_request_query(req, "in");
    bool print = in && !strcmp(in, "1");
    struct schedule_entry *list;
    int64_t monday, now = web_now(w);
    int y, wk;
    size_t n;
    json_t *ctx, *view;
    enum cong_err rc;

    if (web_cached(w, req, res))
        return;
    if (tuan && !content_iso_week_parse(tuan, &monday)) {
        web_page_error(w, req, res, 400,
                       _("Tuần không hợp lệ: tham số 'tuan' có dạng năm-Wsố tuần, ví dụ 2026-W49."));
        return;
    }
    if (!tuan)
        content_iso_week_of(now, &monday, &y, &wk);
    rc = store_list_schedule(web_store(w, req), a, monday, content_day_add(monday, 7), &list, &n);
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    view = week_view(a, list, n, monday, now);
    ctx = web_page_data(
        w, req,
        view ? arena_printf(a, _("Lịch công tác tuần %lld (%s đến %s)"),
                            (long long)json_integer_value(json_object_get(view, "number")),
                            json_string_value(json_object_get(view, "first")),
                            json_string_value(json_object_get(view, "last")))
             : _("Lịch công tác"),
        tuan ? arena_printf(a, "/lich-cong-tac?tuan=%s", week_key(a, monday)) : "/lich-cong-tac",
        _("Lịch công tác của lãnh đạo theo tuần"), "schedule", 0);
    ctx = web_view_extend(ctx, (struct web_kv[]){WEB_N("schedule", view), WEB_END});
    web_render(w, req, res, 200, print ? "schedule_print" : "schedule", ctx);
    json_decref(ctx);
}

enum cong_err site_civic_add_routes(struct web *w, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, "/lich-cong-tac", h_schedule, w)) ||
        (rc = site_questions_routes(w, r)))
        return rc;
    return CONG_OK;
}
