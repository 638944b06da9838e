/*
 * Visitor statistics in SQLite: applying a node's batch of page views in one transaction, and
 * the reads behind the counter, the charts and the most-read list. The rules of what starts a
 * visit live here, in SQL and in the order of the batch, because only the database sees the
 * page views of every node.
 */
#include <assert.h>
#include <string.h>

#include "sqlite_int.h"

#define SQL(id) [(id)-SQ_STATS_BEGIN]
static const char *const stats_sql[SQ_STATS_END - SQ_STATS_BEGIN] = {
    /* immediate: the batch reads then writes, and a deferred transaction could find another
     * writer's commit between the two and fail instead of waiting */
    SQL(S_BEGIN_IMMEDIATE) = SQ_BEGIN_STATS,
    SQL(S_COMMIT) = "COMMIT",
    SQL(S_ROLLBACK) = "ROLLBACK",
    SQL(S_ANON_GET) = "SELECT visitor, last_seen FROM stats_anon WHERE site_id = " SQ_SITE
                      " AND key = ?1",
    SQL(S_ANON_PUT) = "INSERT INTO stats_anon (site_id, key, visitor, last_seen)"
                      " VALUES (" SQ_SITE ", ?1, ?2, ?3)"
                      " ON CONFLICT (site_id, key) DO UPDATE SET visitor = excluded.visitor,"
                      " last_seen = max(stats_anon.last_seen, excluded.last_seen)",
    SQL(S_VISITOR_GET) = "SELECT last_seen FROM stats_visitors WHERE site_id = " SQ_SITE
                         " AND key = ?1",
    SQL(S_VISITOR_PUT) = "INSERT INTO stats_visitors (site_id, key, last_seen)"
                         " VALUES (" SQ_SITE ", ?1, ?2) ON CONFLICT (site_id, key) DO UPDATE"
                         " SET last_seen = max(stats_visitors.last_seen, excluded.last_seen)",
    SQL(S_DAILY_ADD) =
        "INSERT INTO stats_daily (site_id, day, visits, views) VALUES (" SQ_SITE ", ?1, ?2, ?3)"
        " ON CONFLICT (site_id, day) DO UPDATE SET visits = stats_daily.visits + excluded.visits,"
        " views = stats_daily.views + excluded.views",
    SQL(S_VIEWER_GET) = "SELECT last_seen FROM stats_article_viewers"
                        " WHERE article_id = ?1 AND visitor = ?2",
    SQL(S_VIEWER_PUT) = "INSERT INTO stats_article_viewers (article_id, visitor, last_seen)"
                        " VALUES (?1, ?2, ?3) ON CONFLICT (article_id, visitor) DO UPDATE"
                        " SET last_seen = max(stats_article_viewers.last_seen, excluded.last_seen)",
    /* an article deleted since the view was seen is skipped, not an error for the batch */
    SQL(S_ARTICLE_VIEW_ADD) =
        "INSERT INTO article_views (article_id, views)"
        " SELECT ?1, 1 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)"
        " ON CONFLICT (article_id) DO UPDATE SET views = article_views.views + 1",
    SQL(S_PRUNE_VISITORS) = "DELETE FROM stats_visitors WHERE last_seen < ?1",
    SQL(S_PRUNE_ANON) = "DELETE FROM stats_anon WHERE last_seen < ?1",
    SQL(S_PRUNE_VIEWERS) = "DELETE FROM stats_article_viewers WHERE last_seen < ?1",
    SQL(S_ONLINE) = "SELECT count(*) FROM stats_visitors WHERE site_id = " SQ_SITE
                    " AND last_seen >= ?1",
    SQL(S_TODAY) = "SELECT visits FROM stats_daily WHERE site_id = " SQ_SITE " AND day = ?1",
    SQL(S_TOTAL) = "SELECT coalesce(sum(visits), 0) FROM stats_daily WHERE site_id = " SQ_SITE,
    SQL(S_DAYS) = "SELECT day, visits, views FROM stats_daily WHERE site_id = " SQ_SITE
                  " AND day BETWEEN ?1 AND ?2 ORDER BY day",
    SQL(S_VIEWS) = "SELECT views FROM article_views WHERE article_id = ?1",
    SQL(S_TOP) = "SELECT v.article_id, a.title, a.slug, v.views FROM article_views v"
                 " JOIN articles a ON a.id = v.article_id WHERE a.site_id = " SQ_SITE
                 " ORDER BY v.views DESC, v.article_id"
                 " LIMIT ?1",
};

static enum cong_err get(const struct store *st, struct conn *c, enum sq_stmt id, struct sqs **s)
{
    assert(id > SQ_STATS_BEGIN && id < SQ_STATS_END);
    return sq_stmt(st, c, (unsigned)id, stats_sql[id - SQ_STATS_BEGIN], s);
}

/* Runs a statement that may yield one integer (and optionally a text column 0 into buf). */
static enum cong_err one_i64(const struct store *st, struct conn *c, struct sqs *s,
                             struct binder *b, int col, int64_t *out, bool *found, char *text,
                             size_t text_size, const char *what)
{
    enum cong_err rc;
    const unsigned char *t;

    *found = false;
    *out = 0;
    rc = sq_bound_row(st, c, b, what);
    if (rc == CONG_OK) {
        *found = true;
        *out = sqs_int64(s, col);
        if (text) {
            t = sqs_text(s, 0);
            size_t len = t ? (size_t)sqs_bytes(s, 0) : 0;
            if (len >= text_size)
                len = text_size - 1;
            memcpy(text, t ? (const char *)t : "", len);
            text[len] = '\0';
        }
    } else if (rc == CONG_ENOTFOUND) {
        rc = CONG_OK;
    }
    sq_stmt_put(s);
    return rc;
}

static enum cong_err simple(const struct store *st, struct conn *c, enum sq_stmt id)
{
    struct sqs *s;
    struct binder b = {0};
    enum cong_err rc = get(st, c, id, &s);

    if (rc != CONG_OK)
        return rc;
    b.s = s;
    return sq_run_write(st, c, &b, "run a statistics transaction");
}

/* One hit of the batch, inside the transaction. */
static enum cong_err apply_hit(const struct store *st, struct conn *c, const struct stats_hit *h)
{
    char visitor[STORE_STATS_KEY_LEN + 1];
    struct sqs *s;
    struct binder b;
    int64_t last = 0;
    bool found, new_visit;
    enum cong_err rc;

    memcpy(visitor, h->visitor, sizeof(visitor));
    visitor[STORE_STATS_KEY_LEN] = '\0';

    if (h->anon[0]) {
        /* a request without the cookie: the same address and browser seen lately, on any
           node, is the visitor it was then */
        char mapped[STORE_STATS_KEY_LEN + 1];
        if ((rc = get(st, c, S_ANON_GET, &s)))
            return rc;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_text(&b, 1, h->anon);
        rc = one_i64(st, c, s, &b, 1, &last, &found, mapped, sizeof(mapped), "read visitors");
        if (rc)
            return rc;
        if (found && last >= h->first_ts - STORE_STATS_WINDOW &&
            strlen(mapped) == STORE_STATS_KEY_LEN)
            memcpy(visitor, mapped, sizeof(visitor));
        if ((rc = get(st, c, S_ANON_PUT, &s)))
            return rc;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_text(&b, 1, h->anon);
        sq_bind_text(&b, 2, visitor);
        sq_bind_i64(&b, 3, h->last_ts);
        if ((rc = sq_run_write(st, c, &b, "record visitors")))
            return rc;
    }

    if ((rc = get(st, c, S_VISITOR_GET, &s)))
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, visitor);
    if ((rc = one_i64(st, c, s, &b, 0, &last, &found, NULL, 0, "read visitors")))
        return rc;
    new_visit = !found || last < h->first_ts - STORE_STATS_WINDOW;

    if ((rc = get(st, c, S_VISITOR_PUT, &s)))
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, visitor);
    sq_bind_i64(&b, 2, h->last_ts);
    if ((rc = sq_run_write(st, c, &b, "record visitors")))
        return rc;

    if ((rc = get(st, c, S_DAILY_ADD, &s)))
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, h->day);
    sq_bind_i64(&b, 2, new_visit ? 1 : 0);
    sq_bind_i64(&b, 3, h->views);
    if ((rc = sq_run_write(st, c, &b, "count visits")))
        return rc;

    if (!h->article_id)
        return CONG_OK;
    if ((rc = get(st, c, S_VIEWER_GET, &s)))
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, h->article_id);
    sq_bind_text(&b, 2, visitor);
    if ((rc = one_i64(st, c, s, &b, 0, &last, &found, NULL, 0, "read article viewers")))
        return rc;
    if ((rc = get(st, c, S_VIEWER_PUT, &s)))
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, h->article_id);
    sq_bind_text(&b, 2, visitor);
    sq_bind_i64(&b, 3, h->last_ts);
    if ((rc = sq_run_write(st, c, &b, "record article viewers")))
        return rc;
    if (found && last >= h->first_ts - STORE_STATS_WINDOW)
        return CONG_OK; /* this visitor already counted for this article lately */
    if ((rc = get(st, c, S_ARTICLE_VIEW_ADD, &s)))
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, h->article_id);
    return sq_run_write(st, c, &b, "count article views");
}

enum cong_err store_stats_apply(struct store *st, const struct stats_hit *hits, size_t n,
                                int64_t prune_before)
{
    static const enum sq_stmt prunes[] = {S_PRUNE_VISITORS, S_PRUNE_ANON, S_PRUNE_VIEWERS};
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    if ((rc = simple(st, c, S_BEGIN_IMMEDIATE)))
        goto out;
    for (size_t i = 0; i < n && rc == CONG_OK; i++) {
        struct store *site; /* the hit's site: its statements' SQ_SITE */
        rc = store_for_site(st, hits[i].site_id > 0 ? hits[i].site_id : STORE_DEFAULT_SITE, &site);
        if (rc == CONG_OK)
            rc = apply_hit(site, c, &hits[i]);
    }
    for (size_t i = 0; i < sizeof(prunes) / sizeof(prunes[0]) && rc == CONG_OK && prune_before;
         i++) {
        if ((rc = get(st, c, prunes[i], &s)))
            break;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, prune_before);
        rc = sq_run_write(st, c, &b, "prune visitors");
    }
    if (rc == CONG_OK)
        rc = simple(st, c, S_COMMIT);
out:
    if (rc != CONG_OK && !sqs_autocommit(c))
        (void)simple(st, c, S_ROLLBACK);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_stats_counts(struct store *st, int64_t since, const char *day,
                                 struct stats_counts *out)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    bool found;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    if ((rc = get(st, c, S_ONLINE, &s)))
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, since);
    if ((rc = one_i64(st, c, s, &b, 0, &out->online, &found, NULL, 0, "count visitors")))
        goto out;
    if ((rc = get(st, c, S_TODAY, &s)))
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, day);
    if ((rc = one_i64(st, c, s, &b, 0, &out->today, &found, NULL, 0, "count visits")))
        goto out;
    if ((rc = get(st, c, S_TOTAL, &s)))
        goto out;
    b = (struct binder){s, SQLITE_OK};
    rc = one_i64(st, c, s, &b, 0, &out->total, &found, NULL, 0, "count visits");
out:
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_stats_days(struct store *st, struct arena *ar, const char *first,
                               const char *last, struct stats_day **out, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    struct stats_day *days = NULL, *grown;
    size_t cap = 0, count = 0;
    enum cong_err rc;
    int step;

    *out = NULL;
    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    if ((rc = get(st, c, S_DAYS, &s)))
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, first);
    sq_bind_text(&b, 2, last);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "read daily counts");
        goto out;
    }
    r = (struct row){s, ar, CONG_OK};
    while ((step = sqs_step(s)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            grown = arena_alloc(ar, cap * sizeof(*grown));
            if (!grown) {
                rc = CONG_ENOMEM;
                goto out;
            }
            if (count)
                memcpy(grown, days, count * sizeof(*grown));
            days = grown;
        }
        days[count].day = sq_row_text(&r, 0);
        days[count].visits = sq_row_i64(&r, 1);
        days[count].views = sq_row_i64(&r, 2);
        count++;
    }
    if (step != SQLITE_DONE)
        rc = sq_fail(st, c, step, "read daily counts");
    else if (r.rc != CONG_OK)
        rc = r.rc;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    if (rc == CONG_OK) {
        *out = days;
        *n = count;
    }
    return rc;
}

enum cong_err store_article_views(struct store *st, int64_t article_id, int64_t *views)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    bool found;
    enum cong_err rc;

    *views = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    if ((rc = get(st, c, S_VIEWS, &s)) == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, article_id);
        rc = one_i64(st, c, s, &b, 0, views, &found, NULL, 0, "read article views");
    }
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_top_articles(struct store *st, struct arena *ar, size_t limit,
                                 struct article_views_row **out, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    struct article_views_row *rows;
    size_t count = 0;
    enum cong_err rc;
    int step;

    *out = NULL;
    *n = 0;
    if (limit == 0)
        return CONG_OK;
    if (limit > 200)
        limit = 200;
    rows = arena_alloc(ar, limit * sizeof(*rows));
    if (!rows)
        return CONG_ENOMEM;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    if ((rc = get(st, c, S_TOP, &s)))
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_size(&b, 1, limit);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "read most viewed articles");
        goto out;
    }
    r = (struct row){s, ar, CONG_OK};
    while (count < limit && (step = sqs_step(s)) == SQLITE_ROW) {
        rows[count].article_id = sq_row_i64(&r, 0);
        rows[count].title = sq_row_text(&r, 1);
        rows[count].slug = sq_row_text(&r, 2);
        rows[count].views = sq_row_i64(&r, 3);
        count++;
    }
    if (count < limit && step != SQLITE_DONE)
        rc = sq_fail(st, c, step, "read most viewed articles");
    else if (r.rc != CONG_OK)
        rc = r.rc;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    if (rc == CONG_OK) {
        *out = rows;
        *n = count;
    }
    return rc;
}
