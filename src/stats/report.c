/*
 * Reports of the visitor counter for people: daily series with every day present, the bar
 * chart drawn as SVG on the server, and the CSV download. Nothing here counts or writes; it
 * reads through the store and builds text in a struct buf.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "stats.h"
#include "../i18n/i18n.h"

#define CHART_W 720
#define CHART_H 260
#define PAD_L 52 /* room for the y-axis numbers */
#define PAD_R 12
#define PAD_T 16
#define PAD_B 40 /* room for the dates */

/* Noon of t's day in the site's time zone. */
static int64_t noon(int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t, r;

    if (!localtime_r(&tt, &tm))
        return t;
    tm.tm_hour = 12;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    r = mktime(&tm);
    return r == (time_t)-1 ? t : (int64_t)r;
}

enum cong_err stats_series(struct stats *s, struct store *st, struct arena *a, size_t ndays,
                           struct stats_series **out)
{
    struct stats_series *v;
    struct stats_counts c;
    struct stats_day *days;
    size_t n, j = 0;
    int64_t now;
    enum cong_err rc;

    *out = NULL;
    if (ndays == 0 || ndays > 3660)
        return CONG_EINVAL;
    rc = stats_read(s, store_site_id(st), &c); /* hands over the last second's views first */
    if (rc != CONG_OK)
        return rc;
    v = arena_alloc(a, ndays * sizeof(*v));
    if (!v)
        return CONG_ENOMEM;
    now = noon(stats_now(s));
    /* from noon, stepping back by 24 hours never skips or repeats a date, whatever the
       zone's daylight saving does */
    for (size_t i = 0; i < ndays; i++)
        stats_day(now - (int64_t)(ndays - 1 - i) * 86400, v[i].day);
    rc = store_stats_days(st, a, v[0].day, v[ndays - 1].day, &days, &n);
    if (rc != CONG_OK)
        return rc;
    for (size_t i = 0; i < ndays; i++) {
        while (j < n && strcmp(days[j].day, v[i].day) < 0)
            j++;
        if (j < n && !strcmp(days[j].day, v[i].day)) {
            v[i].visits = days[j].visits;
            v[i].views = days[j].views;
        }
    }
    *out = v;
    return CONG_OK;
}

/* A round step for the y axis, so the grid reads 0, 50, 100 rather than 0, 47, 94. */
static int64_t nice_max(int64_t max)
{
    int64_t step = 1;

    if (max < 4)
        return 4;
    while (step * 10 < max)
        step *= 10;
    for (int64_t m = step; ; m += step) {
        if (m >= max)
            return m;
    }
}

/* Noon of day ("YYYY-MM-DD") in the site's time zone. */
static int64_t day_noon(const char *day)
{
    struct tm tm = {0};
    time_t r;

    if (sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    r = mktime(&tm);
    return r == (time_t)-1 ? 0 : (int64_t)r;
}

void stats_svg_chart(const struct stats_series *v, size_t n, const char *title, struct buf *out)
{
    int64_t max = 0, total = 0;
    size_t busiest = 0, label_every;
    double plot_w = CHART_W - PAD_L - PAD_R, plot_h = CHART_H - PAD_T - PAD_B, bw;

    for (size_t i = 0; i < n; i++) {
        total += v[i].visits;
        if (v[i].visits > v[busiest].visits)
            busiest = i;
        if (v[i].visits > max)
            max = v[i].visits;
    }
    max = nice_max(max);
    bw = n ? plot_w / (double)n : plot_w;
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
               "aria-labelledby=\"bieu-do-tieu-de bieu-do-mo-ta\" class=\"chart\">",
               CHART_W, CHART_H);
    buf_puts(out, "<title id=\"bieu-do-tieu-de\">");
    buf_add_html(out, title, strlen(title));
    buf_puts(out, "</title><desc id=\"bieu-do-mo-ta\">");
    if (n) {
        /* the numbers and dates as the page's language writes them */
        struct buf f[5];

        for (size_t i = 0; i < 5; i++)
            buf_init(&f[i], 64);
        i18n_add_int(&f[0], total);
        i18n_add_date(&f[1], day_noon(v[0].day));
        i18n_add_date(&f[2], day_noon(v[n - 1].day));
        i18n_add_int(&f[3], v[busiest].visits);
        i18n_add_date(&f[4], day_noon(v[busiest].day));
        buf_printf(out, _("Tổng %s lượt truy cập từ %s đến %s; nhiều nhất %s lượt vào ngày %s."),
                   f[0].data, f[1].data, f[2].data, f[3].data, f[4].data);
        for (size_t i = 0; i < 5; i++)
            buf_release(&f[i]);
    }
    buf_puts(out, "</desc>");
    /* grid lines and their numbers: 0, half, max */
    for (int k = 0; k <= 2; k++) {
        double y = PAD_T + plot_h - plot_h * k / 2.0;
        buf_printf(out,
                   "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d9d4cc\" "
                   "stroke-width=\"1\"/>"
                   "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" "
                   "fill=\"#595959\">%lld</text>",
                   PAD_L, y, CHART_W - PAD_R, y, PAD_L - 6, y + 4, (long long)(max * k / 2));
    }
    label_every = n > 60 ? (n + 11) / 12 : n > 14 ? 5 : 1;
    for (size_t i = 0; i < n; i++) {
        double h = plot_h * (double)v[i].visits / (double)max;
        double x = PAD_L + bw * (double)i;
        buf_printf(out,
                   "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#b71c1c\">"
                   "<title>%s: %lld</title></rect>",
                   x + bw * 0.12, PAD_T + plot_h - h, bw * 0.76 > 0.5 ? bw * 0.76 : 0.5, h,
                   v[i].day, (long long)v[i].visits);
        if ((n - 1 - i) % label_every == 0) {
            /* dd/mm under the bar, counted back from today so today always has its label */
            buf_printf(out,
                       "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
                       "fill=\"#595959\">%.2s/%.2s</text>",
                       x + bw / 2, CHART_H - PAD_B + 16, v[i].day + 8, v[i].day + 5);
        }
    }
    buf_printf(out,
               "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#595959\" "
               "stroke-width=\"1\"/></svg>",
               PAD_L, PAD_T + (int)plot_h, CHART_W - PAD_R, PAD_T + (int)plot_h);
}

void stats_csv(const struct stats_series *v, size_t n, struct buf *out)
{
    buf_puts(out, "ngay,luot_truy_cap,luot_xem_trang\r\n");
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s,%lld,%lld\r\n", v[i].day, (long long)v[i].visits,
                   (long long)v[i].views);
}
