/*
 * Sites in SQLite: the sites table, what a site holds (for refusing to remove one that holds
 * something), removing one with everything of it, and the shares of a sub-portal's articles
 * with other sites. The statements of the SQ_SITES group; a site's own records are scoped by
 * SQ_SITE in the other files, while these name sites by id, as the caller asks.
 */
#include <assert.h>
#include <string.h>

#include "sqlite_int.h"

#define SITE_COLS                                                                                  \
    "s.id, s.host, coalesce(s.parent_id, 0), s.created_at,"                                        \
    " coalesce((SELECT value FROM settings WHERE site_id = s.id AND key = 'site_name'), '')"
enum { SC_ID, SC_HOST, SC_PARENT_ID, SC_CREATED_AT, SC_NAME };

/* the statements of a forced removal, in order: each takes ?1, the site; what refers to a
 * row goes before it, and the ON DELETE CASCADE keys take revisions, views, variants,
 * portlets, shares, roles and sessions along */
#define OF_ARTICLES "(SELECT id FROM articles WHERE site_id = ?1)"
static const char *const purge_sql[] = {
    "DELETE FROM stats_article_viewers WHERE article_id IN " OF_ARTICLES,
    "DELETE FROM article_autosaves WHERE article_id IN " OF_ARTICLES,
    "DELETE FROM article_search WHERE rowid IN " OF_ARTICLES,
    "DELETE FROM document_files WHERE document_id IN (SELECT id FROM documents WHERE site_id = ?1)",
    "DELETE FROM document_comments WHERE site_id = ?1",
    "UPDATE documents SET replaced_by = NULL WHERE site_id = ?1",
    "DELETE FROM documents WHERE site_id = ?1",
    "DELETE FROM articles WHERE site_id = ?1",
    "DELETE FROM categories WHERE site_id = ?1",
    "DELETE FROM media WHERE site_id = ?1",
    "DELETE FROM pages WHERE site_id = ?1",
    "DELETE FROM redirects WHERE site_id = ?1",
    "DELETE FROM settings WHERE site_id = ?1",
    "DELETE FROM stats_visitors WHERE site_id = ?1",
    "DELETE FROM stats_anon WHERE site_id = ?1",
    "DELETE FROM stats_daily WHERE site_id = ?1",
    "DELETE FROM audit_log WHERE site_id = ?1",
    "DELETE FROM schedule_entries WHERE site_id = ?1",
    "DELETE FROM questions WHERE site_id = ?1",
    "DELETE FROM menu_items WHERE site_id = ?1",
    "UPDATE sites SET parent_id = NULL WHERE parent_id = ?1",
};

#define SQL(id) [(id)-SQ_SITES_BEGIN]
static const char *const sites_sql[SQ_SITES_END - SQ_SITES_BEGIN] = {
    SQL(T_ADD) = "INSERT INTO sites (host, parent_id, created_at) VALUES (?1, ?2, ?3)",
    SQL(T_ADD_NAME) = "INSERT INTO settings (site_id, key, value) VALUES (?1, 'site_name', ?2)",
    SQL(T_COUNT) = "SELECT count(*) FROM sites s",
    SQL(T_LIST) = "SELECT " SITE_COLS " FROM sites s ORDER BY s.id LIMIT ?1 OFFSET ?2",
    SQL(T_GET) = "SELECT " SITE_COLS " FROM sites s WHERE s.id = ?1",
    SQL(T_GET_BY_HOST) = "SELECT " SITE_COLS " FROM sites s WHERE s.host = ?1",
    SQL(T_USAGE) = "SELECT (SELECT count(*) FROM articles WHERE site_id = ?1),"
                   " (SELECT count(*) FROM categories WHERE site_id = ?1),"
                   " (SELECT count(*) FROM pages WHERE site_id = ?1),"
                   " (SELECT count(*) FROM media WHERE site_id = ?1),"
                   " (SELECT count(*) FROM redirects WHERE site_id = ?1),"
                   " (SELECT count(*) FROM sites WHERE parent_id = ?1),"
                   " (SELECT count(*) FROM sites WHERE id = ?1),"
                   " (SELECT count(*) FROM documents WHERE site_id = ?1)",
    SQL(T_DELETE) = "DELETE FROM sites WHERE id = ?1",
    SQL(T_ARTICLE_IN_SITE) = "SELECT (SELECT count(*) FROM articles WHERE id = ?1"
                             " AND site_id = " SQ_SITE "), (SELECT count(*) FROM sites WHERE id = ?2)",
    SQL(T_SHARE) = "INSERT INTO article_shares (article_id, site_id, shared_at)"
                   " VALUES (?1, ?2, ?3) ON CONFLICT (article_id, site_id) DO NOTHING",
    SQL(T_UNSHARE) = "DELETE FROM article_shares WHERE article_id = ?1 AND site_id = ?2",
    SQL(T_SHARES) = "SELECT site_id FROM article_shares WHERE article_id = ?1 AND EXISTS"
                    " (SELECT 1 FROM articles WHERE id = ?1 AND site_id = " SQ_SITE ")"
                    " ORDER BY site_id LIMIT 1000",
};

static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_SITES_BEGIN && id < SQ_SITES_END);
    return sq_stmt(st, c, (unsigned)id, sites_sql[id - SQ_SITES_BEGIN], out);
}

static void row_site(struct row *r, void *out)
{
    struct site *s = out;

    s->id = sq_row_i64(r, SC_ID);
    s->host = sq_row_text(r, SC_HOST);
    s->parent_id = sq_row_i64(r, SC_PARENT_ID);
    s->created_at = sq_row_i64(r, SC_CREATED_AT);
    s->name = sq_row_text(r, SC_NAME);
}

enum cong_err store_add_site(struct store *st, const char *host, int64_t parent_id,
                             const char *name, int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *id = 0;
    if (!host || !*host)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, T_ADD, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, host);
    sq_bind_ref(&b, 2, parent_id);
    sq_bind_i64(&b, 3, time_now());
    rc = sq_run_write(st, c, &b, "add a site"); /* a missing parent fails its foreign key */
    s = NULL;
    if (rc == CONG_OK)
        *id = sqs_last_id(c);
    if (rc == CONG_OK && name && *name && (rc = stmt_get(st, c, T_ADD_NAME, &s)) == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, *id);
        sq_bind_text(&b, 2, name);
        rc = sq_run_write(st, c, &b, "add a site");
        s = NULL;
    }
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
out:
    sq_stmt_put(s);
    if (rc != CONG_OK) {
        *id = 0;
        sq_tx_abort(st, c);
    }
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_list_sites(struct store *st, struct arena *a, struct site **out, size_t *n)
{
    struct sq_page q = {
        .count_slot = T_COUNT,
        .list_slot = T_LIST,
        .count_sql = sites_sql[T_COUNT - SQ_SITES_BEGIN],
        .list_sql = sites_sql[T_LIST - SQ_SITES_BEGIN],
        .limit = SIZE_MAX,
        .size = sizeof(**out),
        .read = row_site,
        .what = "list sites",
    };
    void *items;
    enum cong_err rc = sq_get_page(st, a, &q, &items, n, NULL);

    *out = items;
    return rc;
}

enum cong_err store_get_site(struct store *st, struct arena *a, int64_t id, struct site *out)
{
    struct sq_one q = {T_GET, sites_sql[T_GET - SQ_SITES_BEGIN], id, NULL, "read a site"};

    return sq_get_one(st, a, &q, row_site, out, sizeof(*out));
}

enum cong_err store_get_site_by_host(struct store *st, struct arena *a, const char *host,
                                     struct site *out)
{
    struct sq_one q = {T_GET_BY_HOST, sites_sql[T_GET_BY_HOST - SQ_SITES_BEGIN], 0, host,
                       "read a site"};

    if (!host) {
        memset(out, 0, sizeof(*out));
        return CONG_ENOTFOUND;
    }
    return sq_get_one(st, a, &q, row_site, out, sizeof(*out));
}

/* site id's usage on c into *u; *exists whether there is such a site. */
static enum cong_err usage_on(const struct store *st, struct conn *c, int64_t id,
                              struct site_usage *u, bool *exists)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    memset(u, 0, sizeof(*u));
    *exists = false;
    rc = stmt_get(st, c, T_USAGE, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    rc = sq_bound_row(st, c, &b, "count a site's records");
    if (rc == CONG_OK) {
        u->articles = (size_t)sqs_int64(s, 0);
        u->categories = (size_t)sqs_int64(s, 1);
        u->pages = (size_t)sqs_int64(s, 2);
        u->media = (size_t)sqs_int64(s, 3);
        u->redirects = (size_t)sqs_int64(s, 4);
        u->children = (size_t)sqs_int64(s, 5);
        *exists = sqs_int64(s, 6) > 0;
        u->documents = (size_t)sqs_int64(s, 7);
    }
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_site_usage(struct store *st, int64_t id, struct site_usage *out)
{
    struct conn *c = NULL;
    bool exists;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = usage_on(st, c, id, out, &exists);
    if (rc == CONG_OK && !exists)
        rc = CONG_ENOTFOUND;
    sq_pool_put(st, c);
    return rc;
}

/* Runs sql (a statement whose ?1 is id) once, prepared for the call, on c. */
static enum cong_err run_once(const struct store *st, struct conn *c, const char *sql, int64_t id)
{
    struct sqs *s = NULL;
    int step;

    step = sqs_prepare(c, sql, -1, &s);
    if (step == SQLITE_OK)
        step = sqs_bind_int64(s, 1, id);
    if (step == SQLITE_OK)
        step = sqs_step(s);
    (void)sqs_finalize(s); /* repeats the step's error, already in step */
    return step == SQLITE_DONE ? CONG_OK : sq_fail(st, c, step, "remove a site");
}

static bool usage_empty(const struct site_usage *u)
{
    return !u->articles && !u->categories && !u->pages && !u->media && !u->redirects &&
           !u->documents && !u->children;
}

enum cong_err store_delete_site(struct store *st, int64_t id, bool force)
{
    struct conn *c = NULL;
    struct site_usage u;
    bool exists = false;
    enum cong_err rc;

    if (id == STORE_DEFAULT_SITE)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* the check and the removal in one write transaction: nothing is added in between */
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = usage_on(st, c, id, &u, &exists);
    if (rc == CONG_OK && !exists)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK && !force && !usage_empty(&u))
        rc = CONG_EEXIST;
    for (size_t i = 0; rc == CONG_OK && i < sizeof(purge_sql) / sizeof(purge_sql[0]); i++)
        rc = run_once(st, c, purge_sql[i], id);
    if (rc == CONG_OK)
        rc = run_once(st, c, sites_sql[T_DELETE - SQ_SITES_BEGIN], id);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

/* Sharing. */

/* Runs share statement id for article_id of st's site and site_id, in one transaction. */
static enum cong_err share_write(struct store *st, enum sq_stmt id, int64_t article_id,
                                 int64_t site_id, int64_t now)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    if (site_id == st->site_id)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, T_ARTICLE_IN_SITE, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, article_id);
    sq_bind_i64(&b, 2, site_id);
    rc = sq_bound_row(st, c, &b, "share an article");
    if (rc == CONG_OK && (!sqs_int64(s, 0) || !sqs_int64(s, 1)))
        rc = CONG_ENOTFOUND;
    sq_stmt_put(s);
    s = NULL;
    if (rc == CONG_OK)
        rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, article_id);
    sq_bind_i64(&b, 2, site_id);
    if (id == T_SHARE)
        sq_bind_i64(&b, 3, now);
    rc = sq_run_write(st, c, &b, "share an article");
    s = NULL;
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
out:
    sq_stmt_put(s);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_share_article(struct store *st, int64_t article_id, int64_t site_id,
                                  int64_t now)
{
    return share_write(st, T_SHARE, article_id, site_id, now);
}

enum cong_err store_unshare_article(struct store *st, int64_t article_id, int64_t site_id)
{
    return share_write(st, T_UNSHARE, article_id, site_id, 0);
}

enum cong_err store_article_shares(struct store *st, struct arena *a, int64_t article_id,
                                   int64_t **out, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    int64_t ids[1000];
    size_t count = 0;
    enum cong_err rc;
    int step = SQLITE_DONE;

    *out = NULL;
    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, T_SHARES, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, article_id);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "read an article's shares");
        goto out;
    }
    while (count < sizeof(ids) / sizeof(ids[0]) && (step = sqs_step(s)) == SQLITE_ROW)
        ids[count++] = sqs_int64(s, 0);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = sq_fail(st, c, step, "read an article's shares");
        goto out;
    }
    if (count) {
        *out = arena_alloc(a, count * sizeof(**out));
        if (!*out) {
            rc = CONG_ENOMEM;
            goto out;
        }
        memcpy(*out, ids, count * sizeof(**out));
        *n = count;
    }
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}
