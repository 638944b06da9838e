/*
 * The admin's statistics page (/quan-tri/thong-ke): visits per day for the last 30 or 365
 * days as a bar chart drawn on the server with an accessible table beside it, the most read
 * articles, and the same series as a CSV download. Editors and above may read it. The numbers
 * come from the stats module; this file only shapes them for the page.
 */
#include <string.h>

#include "../content/content.h"
#include "../i18n/i18n.h"
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

/* "YYYY-MM-DD" as the page's language writes a date (04-12-2026, 4 Dec 2026); NULL: out of
   memory. */
static json_t *day_label(struct arena *a, const char *day)
{
    const char *s = web_day_text(a, day);

    return s ? json_string(*s ? s : day) : NULL;
}

/* The days of v, newest first (the table). */
static json_t *day_rows(struct arena *a, const struct stats_series *v, size_t n)
{
    json_t *rows = json_array();

    for (size_t i = n; rows && i-- > 0;) {
        if (json_array_append_new(rows, web_view((struct web_kv[]){
                                            WEB_N("date", day_label(a, v[i].day)),
                                            WEB_NUM("visits", v[i].visits),
                                            WEB_NUM("views", v[i].views), WEB_END}))) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

static json_t *top_rows(struct arena *ar, const struct article_views_row *top, size_t n)
{
    json_t *rows = json_array();

    for (size_t i = 0; rows && i < n; i++) {
        struct article a = {.id = top[i].article_id, .slug = top[i].slug};
        if (json_array_append_new(rows, web_view((struct web_kv[]){
                                            WEB_S("title", top[i].title),
                                            WEB_S("url", content_article_path(ar, &a)),
                                            WEB_NUM("views", top[i].views), WEB_END}))) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

/* The chart of v drawn on the server; NULL: out of memory. */
static json_t *chart(const struct stats_series *v, size_t n)
{
    struct buf svg;
    json_t *out;

    buf_init(&svg, 1u << 20);
    stats_svg_chart(v, n, n == 30 ? _("Lượt truy cập 30 ngày qua") : _("Lượt truy cập 365 ngày qua"),
                    &svg);
    out = buf_error(&svg) ? NULL : json_stringn(svg.data, svg.len);
    buf_release(&svg);
    return out;
}

json_t *admin_stats_chart(struct web *w, struct http_request *req, size_t days)
{
    struct stats_series *v;

    if (!web_stats(w) ||
        stats_series(web_stats(w), web_store(w, req), req->arena, days, &v) != CONG_OK)
        return NULL;
    return chart(v, days);
}

/* The checks both pages run: an editor, a known period, a server that counts. */
static bool stats_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                             struct web_viewer *v, size_t *n)
{
    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, v))
        return false;
    if (!(*n = period(req))) {
        web_admin_refuse(w, req, res, CONG_EINVAL,
                         _("Khoảng thời gian chỉ có thể là 30 hoặc 365 ngày."));
        return false;
    }
    if (!web_stats(w)) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _("Máy chủ này không đếm lượt truy cập."));
        return false;
    }
    return true;
}

void admin_h_stats(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct stats *st = web_stats(w);
    struct web_viewer v;
    struct stats_series *days;
    struct stats_counts c;
    struct article_views_row *top;
    size_t n, ntop;
    json_t *data;
    enum cong_err rc;

    if (!stats_or_respond(w, req, res, &v, &n))
        return;
    if ((rc = stats_read(st, web_site(w, req)->id, &c)) ||
        (rc = stats_series(st, web_store(w, req), req->arena, n, &days)) ||
        (rc = store_top_articles(web_store(w, req), req->arena, STATS_TOP, &top, &ntop))) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    data = web_view_extend(
        web_admin_page_data(w, req, _("Thống kê truy cập"), &v),
        (struct web_kv[]){
            WEB_NUM("online", c.online),
            WEB_NUM("today", c.today),
            WEB_NUM("total", c.total),
            WEB_I("days", n),
            WEB_B("is_30", n == 30),
            WEB_S("csv_url", arena_printf(req->arena, "/quan-tri/thong-ke.csv?ngay=%zu", n)),
            /* drawn by us from numbers only: the one raw value of this page */
            WEB_N("chart_svg", chart(days, n)),
            WEB_N("series", day_rows(req->arena, days, n)),
            WEB_N("top", top_rows(req->arena, top, ntop)),
            WEB_B("has_top", ntop > 0),
            WEB_END});
    web_render_private(w, req, res, 200, "admin-stats", data);
    json_decref(data);
}

void admin_h_stats_csv(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct stats_series *days;
    size_t n;
    enum cong_err rc;

    if (!stats_or_respond(w, req, res, &v, &n))
        return;
    if ((rc = stats_series(web_stats(w), web_store(w, req), req->arena, n, &days))) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    res->status = 200;
    res->content_type = "text/csv; charset=utf-8";
    http_response_header(res, "Cache-Control", "private, no-store");
    http_response_header(res, "Content-Disposition",
                         n == 30 ? "attachment; filename=\"thong-ke-30-ngay.csv\""
                                 : "attachment; filename=\"thong-ke-365-ngay.csv\"");
    stats_csv(days, n, &res->body);
}
