/*
 * The admin's statistics page (/quan-tri/thong-ke): visits per day for the last 30 or 365
 * days as a bar chart drawn on the server with an accessible table beside it, the most read
 * articles, and the same series as a CSV download. Editors and above may read it. The numbers
 * come from the stats module; this file only shapes them for the page.
 */
#include <string.h>

#include "../content/content.h"
#include "../web/web.h"
#include "../stats/stats.h"
#include "admin_int.h"

#define STATS_TOP 10

/* The period asked for: ?ngay=30 (default) or ?ngay=365; 0 for anything else. */
static size_t period(struct http_request *req)
{
    const char *d = http_request_query(req, "ngay");

    if (!d || !strcmp(d, "30"))
        return 30;
    if (!strcmp(d, "365"))
        return 365;
    return 0;
}

static json_t *day_label(const char *day)
{
    char s[11];

    /* "YYYY-MM-DD" shown as dd-mm-yyyy, the portal's way of writing dates */
    memcpy(s, day + 8, 2);
    s[2] = '-';
    memcpy(s + 3, day + 5, 2);
    s[5] = '-';
    memcpy(s + 6, day, 4);
    return json_stringn(s, 10);
}

void admin_h_stats(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct stats *st = web_stats(ad->web);
    struct auth_session s;
    struct stats_series *v;
    struct stats_counts c;
    struct article_views_row *top;
    size_t n = period(req), ntop;
    struct buf svg;
    json_t *data, *days, *list;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_EDITOR, &s))
        return;
    if (!n)
        return admin_fail(ad, req, res, 400, "Khoảng thời gian chỉ có thể là 30 hoặc 365 ngày.");
    if (!st)
        return admin_fail(ad, req, res, 404, "Máy chủ này không đếm lượt truy cập.");
    if ((rc = stats_read(st, &c)) || (rc = stats_series(st, req->arena, n, &v)) ||
        (rc = store_top_articles(stats_store(st), req->arena, STATS_TOP, &top, &ntop)))
        return admin_store_failed(ad, req, res, rc);

    data = admin_page_data(ad, req, "Thống kê truy cập", &s);
    json_object_set_new(data, "online", json_integer(c.online));
    json_object_set_new(data, "today", json_integer(c.today));
    json_object_set_new(data, "total", json_integer(c.total));
    json_object_set_new(data, "days", json_integer((json_int_t)n));
    json_object_set_new(data, "is_30", json_boolean(n == 30));
    json_object_set_new(data, "csv_url",
                        json_string(arena_printf(req->arena, "/quan-tri/thong-ke.csv?ngay=%zu", n)));
    buf_init(&svg, 1u << 20);
    stats_svg_chart(v, n, n == 30 ? "Lượt truy cập 30 ngày qua" : "Lượt truy cập 365 ngày qua",
                    &svg);
    /* drawn by us from numbers only: the one raw value of this page */
    json_object_set_new(data, "chart_svg", json_string(buf_error(&svg) ? "" : svg.data));
    buf_release(&svg);
    days = json_array();
    for (size_t i = n; i-- > 0;) { /* newest first in the table */
        json_t *d = json_object();
        json_object_set_new(d, "date", day_label(v[i].day));
        json_object_set_new(d, "visits", json_integer(v[i].visits));
        json_object_set_new(d, "views", json_integer(v[i].views));
        json_array_append_new(days, d);
    }
    json_object_set_new(data, "series", days);
    list = json_array();
    for (size_t i = 0; i < ntop; i++) {
        struct article a = {.id = top[i].article_id, .slug = top[i].slug};
        json_t *t = json_object();
        json_object_set_new(t, "title", json_string(top[i].title));
        json_object_set_new(t, "url", json_string(content_article_path(req->arena, &a)));
        json_object_set_new(t, "views", json_integer(top[i].views));
        json_array_append_new(list, t);
    }
    json_object_set_new(data, "top", list);
    json_object_set_new(data, "has_top", json_boolean(ntop > 0));
    admin_render(ad, req, res, 200, "admin-stats", data);
    json_decref(data);
}

void admin_h_stats_csv(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct stats *st = web_stats(ad->web);
    struct auth_session s;
    struct stats_series *v;
    size_t n = period(req);
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_EDITOR, &s))
        return;
    if (!n)
        return admin_fail(ad, req, res, 400, "Khoảng thời gian chỉ có thể là 30 hoặc 365 ngày.");
    if (!st)
        return admin_fail(ad, req, res, 404, "Máy chủ này không đếm lượt truy cập.");
    if ((rc = stats_series(st, req->arena, n, &v)))
        return admin_store_failed(ad, req, res, rc);
    res->status = 200;
    res->content_type = "text/csv; charset=utf-8";
    http_response_header(res, "Cache-Control", "private, no-store");
    http_response_header(res, "Content-Disposition",
                         n == 30 ? "attachment; filename=\"thong-ke-30-ngay.csv\""
                                 : "attachment; filename=\"thong-ke-365-ngay.csv\"");
    stats_csv(v, n, &res->body);
}
