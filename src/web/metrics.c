/*
 * Health and metrics of this node: GET /healthz for load balancers, GET /metrics for a
 * monitoring system (Prometheus text format, version 0.0.4), and the counting of every answer
 * the router gives, by route class, status and time. The class of a request is found once,
 * when its answer has gone out, from its path alone; the counters are the metrics module's
 * atomics, so counting takes no lock. Neither page is cached, counted as a visit or shown to
 * anyone the allow list ([server] metrics_allow) leaves out: they get the 404 page.
 */
#include "web_int.h"

#include <stdio.h>
#include <string.h>

#include "../metrics/metrics.h"
#include "../stats/stats.h"

/* The route classes, as /metrics names them; "other" is last. */
enum route_class {
    RC_HOME,
    RC_ARTICLE,
    RC_CATEGORY,
    RC_PAGE,
    RC_SEARCH,
    RC_FEED,
    RC_MEDIA,
    RC_STATIC,
    RC_API,
    RC_ADMIN,
    RC_HEALTH,
    RC_OTHER,
    RC_COUNT
};
static const char *const class_names[RC_COUNT] = {
    [RC_HOME] = "home",   [RC_ARTICLE] = "article", [RC_CATEGORY] = "category",
    [RC_PAGE] = "page",   [RC_SEARCH] = "search",   [RC_FEED] = "feed",
    [RC_MEDIA] = "media", [RC_STATIC] = "static",   [RC_API] = "api",
    [RC_ADMIN] = "admin", [RC_HEALTH] = "health",   [RC_OTHER] = "other",
};

/* True if path is seg or starts with seg and a '/'. */
static bool under(const char *path, const char *seg)
{
    size_t n = strlen(seg);

    return !strncmp(path, seg, n) && (path[n] == '\0' || path[n] == '/');
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);

    return n >= t && !memcmp(s + n - t, tail, t);
}

static enum route_class class_of(const char *path)
{
    if (!path)
        return RC_OTHER; /* refused before its path was read */
    if (!strcmp(path, "/"))
        return RC_HOME;
    if (under(path, "/api"))
        return RC_API;
    if (under(path, "/quan-tri"))
        return RC_ADMIN;
    if (under(path, "/static"))
        return RC_STATIC;
    if (under(path, "/media"))
        return RC_MEDIA;
    if (!strcmp(path, "/healthz") || !strcmp(path, "/metrics"))
        return RC_HEALTH;
    /* before the article and category prefixes: a category's feed is a feed */
    if (ends_with(path, "/rss.xml") || (!strncmp(path, "/sitemap", 8) && ends_with(path, ".xml")))
        return RC_FEED;
    if (under(path, "/bai-viet"))
        return RC_ARTICLE;
    if (under(path, "/chuyen-muc"))
        return RC_CATEGORY;
    if (under(path, "/trang"))
        return RC_PAGE;
    if (under(path, "/tim-kiem"))
        return RC_SEARCH;
    return RC_OTHER;
}

const char *web_route_class(const char *path)
{
    return class_names[class_of(path)];
}

/* The router's observer: every answer, counted. The raw path, not the decoded one: a request
   refused for its escapes has only that, and the classes' prefixes need no decoding. */
static void on_answer(const struct http_request *req, int status, int64_t elapsed_us, void *ctx)
{
    struct web *w = ctx;

    metrics_count(w->metrics, class_of(req->raw_path), status, elapsed_us);
}

enum cong_err web_metrics_init(struct web *w, const char *allow, struct cong_error *err)
{
    enum cong_err rc;

    if (metrics_new(class_names, RC_COUNT, &w->metrics) != CONG_OK)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    rc = metrics_allow_parse(allow ? allow : METRICS_ALLOW_DEFAULT, &w->metrics_allow, err);
    if (rc == CONG_EINVAL) {
        /* one line that names the setting, then the entry at fault */
        char why[sizeof(err->msg)];
        snprintf(why, sizeof(why), "%s", err->msg);
        cong_error_set(err, rc, "bad [server] metrics_allow: %s", why);
    }
    return rc;
}

void web_metrics_free(struct web *w)
{
    metrics_allow_free(w->metrics_allow);
    metrics_free(w->metrics);
}

/* GET /healthz: what a load balancer asks before it sends this node visitors. */
static void h_healthz(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;

    (void)req;
    res->content_type = "text/plain; charset=utf-8";
    http_response_header(res, "Cache-Control", "no-store");
    /* a node whose database is gone must leave the load balancer's pool; the default site's
       store, not the request's: finding the site would need the database too */
    if (store_ping(w->store) != CONG_OK) {
        res->status = 503;
        buf_puts(&res->body, "database unreachable\n");
        return;
    }
    buf_puts(&res->body, "ok\n");
}

/* The figures of the database, the render cache and the visitor counter. */
static void write_parts(struct web *w, struct http_request *req, struct buf *b)
{
    struct web_cache_figures f;
    struct store_metrics sm = {0};
    struct stats_counts sc = {0};

    web_cache_figures(w, &f);
    metrics_put_int(b, "cong_cache_enabled", "gauge", "1 when the render cache is on.", f.on);
    metrics_put_int(b, "cong_cache_hits_total", "counter", "Pages answered from the render cache.",
                    f.hits);
    metrics_put_int(b, "cong_cache_misses_total", "counter",
                    "Cacheable pages that had to be drawn.", f.misses);
    metrics_put_int(b, "cong_cache_evictions_total", "counter",
                    "Pages dropped to stay within the budget.", f.evictions);
    metrics_put_int(b, "cong_cache_entries", "gauge", "Pages kept now.", f.entries);
    metrics_put_int(b, "cong_cache_bytes", "gauge", "Bytes the kept pages hold.", f.bytes);
    metrics_put_int(b, "cong_cache_budget_bytes", "gauge", "The render cache's budget.", f.budget);

    store_metrics(w->store, &sm);
    metrics_put_int(b, "cong_db_pool_connections", "gauge",
                    "Database connections the pool holds open.", sm.pool_size);
    metrics_put_int(b, "cong_db_pool_in_use", "gauge",
                    "Database connections lent to a request now.", sm.pool_in_use);
    metrics_put_int(b, "cong_db_pool_waits_total", "counter",
                    "Times a request waited for a free database connection.", sm.pool_waits);
    metrics_put_int(b, "cong_db_notifications_total", "counter",
                    "Change notifications received from the database.", sm.notifications);

    if (w->stats) {
        metrics_put_double(b, "cong_stats_flush_lag_seconds", "gauge",
                           "Age of the oldest counted view not yet written to the database.",
                           stats_lag(w->stats));
        stats_cached(w->stats, web_site(w, req)->id, &sc);
    }
    metrics_put_int(b, "cong_visitors_online", "gauge", "Visitors seen in the last 5 minutes.",
                    (uint64_t)sc.online);
    metrics_put_int(b, "cong_visits_today", "gauge",
                    "Visits started today, in the site's time zone.", (uint64_t)sc.today);
    metrics_put_int(b, "cong_visits", "gauge", "Visits since the portal opened, with its offset.",
                    (uint64_t)sc.total);
}

/* GET /metrics: what a monitoring system scrapes. */
static void h_metrics(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct buf *b = &res->body;
    uint64_t rss;

    if (!metrics_allow_has(w->metrics_allow, req->remote_addr)) {
        web_not_found(w, req, res); /* as for any address that does not exist */
        return;
    }
    res->content_type = "text/plain; version=0.0.4; charset=utf-8";
    http_response_header(res, "Cache-Control", "no-store");
    buf_puts(b, "# HELP cong_info The server's version.\n# TYPE cong_info gauge\n"
                "cong_info{version=\"");
    metrics_put_label(b, CONG_VERSION);
    buf_puts(b, "\"} 1\n");
    metrics_put_double(b, "process_start_time_seconds", "gauge",
                       "Start time of the process since the epoch, in seconds.",
                       metrics_start_time(w->metrics));
    if (metrics_resident_bytes(&rss))
        metrics_put_int(b, "process_resident_memory_bytes", "gauge",
                        "Resident memory size in bytes.", rss);
    metrics_write_requests(w->metrics, b);
    write_parts(w, req, b);
    if (buf_error(b))
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
}

enum cong_err web_add_routes(struct web *w, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, "/healthz", h_healthz, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/metrics", h_metrics, w)) ||
        (rc = web_i18n_js_add_routes(w, r)))
        return rc;
    http_router_set_observer(r, on_answer, w);
    return CONG_OK;
}
