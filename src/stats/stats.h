/*
 * The stats module: the portal's visitor counter ("Đang online", "Hôm nay", "Đã truy cập")
 * and per-article views. A request handler reports each public page view; the module knows
 * the visitor by a random first-party cookie or, for a request without it, by a keyed hash of
 * address and User-Agent, gathers views in memory and hands them to the store about once a
 * second, where the rules of DESIGN.md are applied for every node at once. It never sees
 * HTTP objects: callers pass the few strings it needs.
 */
#ifndef CONG_STATS_H
#define CONG_STATS_H

#include "../core/core.h"
#include "../store/store.h"

#define STATS_COOKIE "cong_v"
#define STATS_COOKIE_LEN STORE_STATS_KEY_LEN
#define STATS_ONLINE_WINDOW 300 /* online: a page view in the last 5 minutes */

struct stats;

struct stats_config {
    int64_t (*now)(void); /* the clock; NULL: time_now */
    unsigned flush_ms;    /* how often gathered views go to the store; 0: 1000 */
};

/*
 * Prepares the counter: reads (or creates once, for every node) the secret that keys the
 * address hashes, and the starting offset of "Đã truy cập" (setting stats_total_offset).
 * Keeps a reference to st. CONG_ESTORE with err on a database failure.
 */
enum cong_err stats_new(struct store *st, const struct stats_config *cfg, struct stats **out,
                        struct cong_error *err);
/* Starts the thread that hands gathered views to the store. CONG_ENOMEM if it cannot. */
enum cong_err stats_start(struct stats *s);
/* Stops that thread, writes every gathered view, frees s; accepts NULL. */
void stats_free(struct stats *s);

/* One public page view, as the handler saw it. All strings may be NULL. */
struct stats_view {
    const char *cookie_header; /* the request's Cookie header */
    const char *address;       /* the client's address */
    const char *user_agent;
    int64_t article_id; /* 0: not an article page */
    int64_t site_id;    /* the site viewed (0: the default site) */
};

/*
 * Counts a page view unless it comes from a known crawler. Returns true when the response
 * must set the visitor cookie, whose value it writes to cookie (STATS_COOKIE_LEN hex digits
 * and a NUL). Thread-safe; takes a mutex for a few hash lookups, never the database.
 */
bool stats_count(struct stats *s, const struct stats_view *v, char cookie[STATS_COOKIE_LEN + 1]);
/* True for a User-Agent of a known crawler, bot or link checker (or none at all). */
bool stats_is_crawler(const char *user_agent);
/* Writes what is gathered now (stats_read does so itself). */
enum cong_err stats_flush(struct stats *s);
/* Site site_id's three numbers, with every view so far included and its offset added. */
enum cong_err stats_read(struct stats *s, int64_t site_id, struct stats_counts *out);
/*
 * Site site_id's three numbers as of the last hand-over (at most about a second old), without
 * touching the database: what pages show. All 0 for a site not yet read.
 */
void stats_cached(struct stats *s, int64_t site_id, struct stats_counts *out);
/*
 * How far the database is behind the counter, in seconds: the age of the oldest view counted
 * and not yet written (0 when every view is written). About a second at most while the
 * database takes the hand-overs; it grows while the database refuses them. For /metrics.
 */
double stats_lag(struct stats *s);
/* The counter's clock and store, for reports. */
int64_t stats_now(struct stats *s);
struct store *stats_store(struct stats *s);

/* Reports for the admin's statistics page. */

struct stats_series {
    char day[11]; /* "YYYY-MM-DD" */
    int64_t visits;
    int64_t views;
};

/*
 * Site st's ndays days ending today (1..3660), oldest first, every day present (zero when
 * nothing was counted), in an array of ndays from a. Includes the views of the last second.
 */
enum cong_err stats_series(struct stats *s, struct store *st, struct arena *a, size_t ndays,
                           struct stats_series **out);
/*
 * Appends an SVG bar chart of the visits in v: drawn on the server, readable without
 * JavaScript, role="img" with a <title> (title) and a <desc> that states the total and the
 * busiest day. Only presentation attributes, no style attributes, so a strict CSP allows it.
 */
void stats_svg_chart(const struct stats_series *v, size_t n, const char *title, struct buf *out);
/* Appends the series as CSV (RFC 4180): "ngay,luot_truy_cap,luot_xem_trang" then a row a day. */
void stats_csv(const struct stats_series *v, size_t n, struct buf *out);
/* "YYYY-MM-DD" of t in the site's time zone, into day[11]. */
void stats_day(int64_t t, char day[11]);

#endif
