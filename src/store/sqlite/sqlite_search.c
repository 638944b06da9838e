/*
 * The SQLite side of search and of what search engines read: the FTS5 index of articles
 * (article_search, one row per article, its rowid the article's id, holding text the content
 * module has already folded), the ranked query over it, the sitemap's light listing and the
 * redirect table. It turns a caller's words into FTS5 syntax itself, quoting every word, so no
 * caller's text is ever read as a query operator. Statements live in the slots from
 * SQ_SLOTS_SEARCH; everything else (pool, transactions, binding) comes from sqlite_int.h.
 */
#include "sqlite_int.h"

#include <stdlib.h>
#include <string.h>

enum search_stmt {
    SS_INDEX_INSERT,
    SS_INDEX_DELETE,
    SS_ARTICLE_EXISTS,
    SS_UNINDEXED,
    SS_CANDIDATES,
    SS_HIT,
    SS_STAMPS,
    SS_STAMPS_COUNT,
    SS_LAST_UPDATE,
    SS_REDIRECT_ADD,
    SS_REDIRECT_GET,
    SS_REDIRECT_COUNT,
    SS_REDIRECT_LIST,
    SS_REDIRECT_REMOVE,
    SS_COUNT,
};
_Static_assert(SQ_SLOTS_SEARCH + SS_COUNT <= 224, "search statements fit their slots");
_Static_assert(ARTICLE_PUBLISHED == 2, "the statements spell the published status as 2");

/*
 * Candidates of a search: every match that passes the filters, newest id first, with its
 * bm25 score; the caller stops at STORE_SEARCH_RANKED_MAX + 1. The FTS table drives the join
 * (CROSS JOIN keeps SQLite from starting at articles and probing the index once per row), and
 * its rowid order serves the ORDER BY, so SQLite stops reading the index at the limit.
 * ?1 match, ?2 published_only, ?3 now, ?4 category (0 any), ?5 from, ?6 to, ?7 limit.
 */
#define CANDIDATES_SQL                                                                         \
    "SELECT article_search.rowid, bm25(article_search, 10.0, 4.0, 1.0)"                        \
    " FROM article_search CROSS JOIN articles a ON a.id = article_search.rowid"                \
    " WHERE article_search MATCH ?1"                                                           \
    " AND (?2 = 0 OR (a.status = 2 AND a.published_at <= ?3))"                                 \
    " AND (?4 = 0 OR a.category_id = ?4)"                                                      \
    " AND a.published_at >= ?5 AND a.published_at < ?6"                                        \
    " ORDER BY article_search.rowid DESC LIMIT ?7"

#define HIT_COLUMNS                                                                            \
    "a.id, a.category_id, a.status, a.published_at, a.created_at, a.updated_at,"              \
    " a.cover_media_id, a.title, a.slug, a.summary, a.author, a.cover_caption, c.slug, c.name," \
    " a.body_html"
enum {
    HC_ID,
    HC_CATEGORY_ID,
    HC_STATUS,
    HC_PUBLISHED_AT,
    HC_CREATED_AT,
    HC_UPDATED_AT,
    HC_COVER_MEDIA_ID,
    HC_TITLE,
    HC_SLUG,
    HC_SUMMARY,
    HC_AUTHOR,
    HC_COVER_CAPTION,
    HC_CATEGORY_SLUG,
    HC_CATEGORY_NAME,
    HC_BODY_HTML,
};

#define VISIBLE " WHERE status = 2 AND published_at <= ?1"

static const char *const search_sql[SS_COUNT] = {
    [SS_INDEX_INSERT] = "INSERT INTO article_search (rowid, title, summary, body)"
                        " VALUES (?1, ?2, ?3, ?4)",
    [SS_INDEX_DELETE] = "DELETE FROM article_search WHERE rowid = ?1",
    [SS_ARTICLE_EXISTS] = "SELECT 1 FROM articles WHERE id = ?1",
    [SS_UNINDEXED] = "SELECT a.id FROM articles a WHERE NOT EXISTS"
                     " (SELECT 1 FROM article_search s WHERE s.rowid = a.id)"
                     " ORDER BY a.id LIMIT ?1",
    [SS_CANDIDATES] = CANDIDATES_SQL,
    [SS_HIT] = "SELECT " HIT_COLUMNS " FROM articles a JOIN categories c ON c.id = a.category_id"
               " WHERE a.id = ?1",
    [SS_STAMPS] = "SELECT id, category_id, updated_at, slug FROM articles" VISIBLE
                  " ORDER BY published_at DESC, id DESC LIMIT ?2 OFFSET ?3",
    [SS_STAMPS_COUNT] = "SELECT count(*) FROM articles" VISIBLE,
    [SS_LAST_UPDATE] = "SELECT coalesce(max(updated_at), 0) FROM articles" VISIBLE
                       " AND (?2 = 0 OR category_id = ?2)",
    [SS_REDIRECT_ADD] = "INSERT INTO redirects (old_path, new_path, created_at)"
                        " VALUES (?1, ?2, ?3)",
    [SS_REDIRECT_GET] = "SELECT new_path FROM redirects WHERE old_path = ?1",
    [SS_REDIRECT_COUNT] = "SELECT count(*) FROM redirects",
    [SS_REDIRECT_LIST] = "SELECT old_path, new_path, created_at FROM redirects"
                         " ORDER BY old_path",
    [SS_REDIRECT_REMOVE] = "DELETE FROM redirects WHERE old_path = ?1",
};

static enum cong_err stmt_get(const struct store *st, struct conn *c, enum search_stmt id,
                              sqlite3_stmt **out)
{
    return sq_stmt(st, c, SQ_SLOTS_SEARCH + (unsigned)id, search_sql[id], out);
}

/* Steps a bound write statement to its end and readies it for its next use. */
static enum cong_err run_write(const struct store *st, struct conn *c, struct binder *b,
                               const char *what)
{
    enum cong_err rc = b->rc != SQLITE_OK ? sq_fail(st, c, b->rc, what)
                                          : sq_step_done(st, c, b->s, what);

    sq_stmt_put(b->s);
    return rc;
}

/* The index. */

enum cong_err sq_search_put(const struct store *st, struct conn *c, int64_t id,
                            const struct article *a, bool replace)
{
    sqlite3_stmt *s;
    struct binder b;
    enum cong_err rc;

    if (replace) {
        rc = stmt_get(st, c, SS_INDEX_DELETE, &s);
        if (rc != CONG_OK)
            return rc;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, id);
        rc = run_write(st, c, &b, "update the search index");
        if (rc != CONG_OK)
            return rc;
    }
    rc = stmt_get(st, c, SS_INDEX_INSERT, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    sq_bind_opt_text(&b, 2, a->search_title);
    sq_bind_opt_text(&b, 3, a->search_summary);
    sq_bind_opt_text(&b, 4, a->search_body);
    return run_write(st, c, &b, "write the search index");
}

enum cong_err store_index_article(struct store *st, int64_t id, const char *title,
                                  const char *summary, const char *body)
{
    struct article a = {.search_title = title, .search_summary = summary, .search_body = body};
    struct conn *c = NULL;
    sqlite3_stmt *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin(st, c);
    if (rc != CONG_OK)
        goto out;
    rc = stmt_get(st, c, SS_ARTICLE_EXISTS, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    rc = b.rc != SQLITE_OK ? sq_fail(st, c, b.rc, "index an article")
                           : sq_step_row(st, c, s, "index an article");
    sq_stmt_put(s);
    if (rc == CONG_OK)
        rc = sq_search_put(st, c, id, &a, true);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
out:
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_list_unindexed(struct store *st, struct arena *ar, size_t limit,
                                   int64_t **ids, size_t *n)
{
    struct conn *c = NULL;
    sqlite3_stmt *s = NULL;
    struct binder b;
    int64_t *out;
    size_t count = 0;
    enum cong_err rc;
    int step = SQLITE_DONE;

    *ids = NULL;
    *n = 0;
    if (limit > STORE_LIST_MAX)
        limit = STORE_LIST_MAX;
    if (limit == 0)
        return CONG_OK;
    out = arena_alloc(ar, limit * sizeof(*out));
    if (!out)
        return CONG_ENOMEM;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, SS_UNINDEXED, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_size(&b, 1, limit);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "list unindexed articles");
        goto out;
    }
    while (count < limit && (step = sqlite3_step(s)) == SQLITE_ROW)
        out[count++] = sqlite3_column_int64(s, 0);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = sq_fail(st, c, step, "list unindexed articles");
        goto out;
    }
    *ids = count ? out : NULL;
    *n = count;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Searching. */

/* Appends word as one FTS5 string: in quotes, a quote inside doubled, so it is only ever text. */
static void add_quoted(struct buf *m, const char *word)
{
    const char *q;

    buf_putc(m, '"');
    while ((q = strchr(word, '"'))) {
        buf_add(m, word, (size_t)(q - word) + 1);
        buf_putc(m, '"');
        word = q + 1;
    }
    buf_puts(m, word);
    buf_putc(m, '"');
}

/*
 * The FTS5 query of q: every term ANDed, a term with an alternative spelling as
 * ("word" OR "alt"). With phrase_boost (and no alternatives), the words side by side as one
 * phrase are ORed in front: the set of matches is the same, and bm25 adds the phrase's score
 * to the articles that hold it, which ranks a compound word ("đảng viên") above its syllables
 * found apart.
 */
static enum cong_err build_match(const struct store_search_query *q, struct buf *m)
{
    bool alts = false, boost;
    size_t i;

    if (q->nterms == 0 || q->nterms > STORE_SEARCH_TERMS_MAX || !q->terms)
        return CONG_EINVAL;
    for (i = 0; i < q->nterms; i++) {
        if (!q->terms[i].word || !*q->terms[i].word)
            return CONG_EINVAL;
        if (q->terms[i].alt && *q->terms[i].alt)
            alts = true;
    }
    boost = q->phrase_boost && !alts && q->nterms > 1;
    if (boost) {
        buf_putc(m, '"');
        for (i = 0; i < q->nterms; i++) {
            const char *w = q->terms[i].word, *p;
            if (i)
                buf_putc(m, ' ');
            while ((p = strchr(w, '"'))) {
                buf_add(m, w, (size_t)(p - w) + 1);
                buf_putc(m, '"');
                w = p + 1;
            }
            buf_puts(m, w);
        }
        buf_puts(m, "\" OR (");
    }
    for (i = 0; i < q->nterms; i++) {
        const struct store_search_term *t = &q->terms[i];
        if (i)
            buf_puts(m, " AND ");
        if (t->alt && *t->alt) {
            buf_putc(m, '(');
            add_quoted(m, t->word);
            buf_puts(m, " OR ");
            add_quoted(m, t->alt);
            buf_putc(m, ')');
        } else {
            add_quoted(m, t->word);
        }
    }
    if (boost)
        buf_putc(m, ')');
    return buf_error(m);
}

struct candidate {
    int64_t id;
    double rank;
};

/* Best rank first; equal ranks newest (highest id) first. */
static int candidate_cmp(const void *pa, const void *pb)
{
    const struct candidate *a = pa, *b = pb;

    if (a->rank < b->rank)
        return -1;
    if (a->rank > b->rank)
        return 1;
    return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

/* Reads the current row of SS_HIT into h. */
static void row_hit(struct row *r, struct store_search_hit *h)
{
    struct article *a = &h->article;
    int64_t status = sq_row_i64(r, HC_STATUS);

    a->id = sq_row_i64(r, HC_ID);
    a->category_id = sq_row_i64(r, HC_CATEGORY_ID);
    a->status = status == ARTICLE_PENDING     ? ARTICLE_PENDING
                : status == ARTICLE_PUBLISHED ? ARTICLE_PUBLISHED
                                              : ARTICLE_DRAFT;
    a->published_at = sq_row_i64(r, HC_PUBLISHED_AT);
    a->created_at = sq_row_i64(r, HC_CREATED_AT);
    a->updated_at = sq_row_i64(r, HC_UPDATED_AT);
    a->cover_media_id = sq_row_i64(r, HC_COVER_MEDIA_ID);
    a->title = sq_row_text(r, HC_TITLE);
    a->slug = sq_row_text(r, HC_SLUG);
    a->summary = sq_row_text(r, HC_SUMMARY);
    a->author = sq_row_text(r, HC_AUTHOR);
    a->cover_caption = sq_row_text(r, HC_COVER_CAPTION);
    a->category_slug = sq_row_text(r, HC_CATEGORY_SLUG);
    a->category_name = sq_row_text(r, HC_CATEGORY_NAME);
    a->body_html = sq_row_text(r, HC_BODY_HTML);
}

enum cong_err store_search_articles(struct store *st, struct arena *ar,
                                    const struct store_search_query *q,
                                    struct store_search_hit **out, size_t *n, size_t *total)
{
    struct conn *c = NULL;
    sqlite3_stmt *s = NULL;
    struct candidate *cand = NULL;
    struct store_search_hit *hits = NULL;
    struct binder b;
    struct row r;
    struct buf match;
    size_t ncand = 0, cap, i, count = 0;
    bool in_tx = false;
    enum cong_err rc;
    int step = SQLITE_DONE;

    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    buf_init(&match, 16384);
    rc = build_match(q, &match);
    if (rc != CONG_OK)
        goto done;
    cand = malloc((STORE_SEARCH_RANKED_MAX + 1) * sizeof(*cand));
    if (!cand) {
        rc = CONG_ENOMEM;
        goto done;
    }
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        goto done;
    /* one snapshot: the candidates, their count and the rows shown agree */
    rc = sq_begin(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = stmt_get(st, c, SS_CANDIDATES, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    /* SQLITE_STATIC: match outlives the statement's use here */
    if (b.rc == SQLITE_OK)
        b.rc = sqlite3_bind_text(s, 1, match.data, (int)match.len, SQLITE_STATIC);
    sq_bind_i64(&b, 2, q->published_only);
    sq_bind_i64(&b, 3, q->now);
    sq_bind_i64(&b, 4, q->category_id);
    sq_bind_i64(&b, 5, q->from ? q->from : INT64_MIN);
    sq_bind_i64(&b, 6, q->to ? q->to : INT64_MAX);
    sq_bind_i64(&b, 7, STORE_SEARCH_RANKED_MAX + 1);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "search articles");
        goto out;
    }
    while (ncand < STORE_SEARCH_RANKED_MAX + 1 && (step = sqlite3_step(s)) == SQLITE_ROW) {
        cand[ncand].id = sqlite3_column_int64(s, 0);
        cand[ncand].rank = sqlite3_column_double(s, 1);
        ncand++;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = sq_fail(st, c, step, "search articles");
        goto out;
    }
    sq_stmt_put(s);
    s = NULL;
    if (total)
        *total = ncand;
    /* past the cap, the oldest candidate only says "more": it is not ranked */
    if (ncand > STORE_SEARCH_RANKED_MAX)
        ncand = STORE_SEARCH_RANKED_MAX;
    qsort(cand, ncand, sizeof(*cand), candidate_cmp);

    cap = q->limit < STORE_LIST_MAX ? q->limit : STORE_LIST_MAX;
    if (q->offset >= ncand)
        cap = 0;
    else if (ncand - q->offset < cap)
        cap = ncand - q->offset;
    if (cap > 0) {
        hits = arena_alloc(ar, cap * sizeof(*hits));
        if (!hits) {
            rc = CONG_ENOMEM;
            goto out;
        }
        rc = stmt_get(st, c, SS_HIT, &s);
        if (rc != CONG_OK)
            goto out;
        for (i = 0; i < cap; i++) {
            b = (struct binder){s, SQLITE_OK};
            sq_bind_i64(&b, 1, cand[q->offset + i].id);
            rc = b.rc != SQLITE_OK ? sq_fail(st, c, b.rc, "read a search hit")
                                   : sq_step_row(st, c, s, "read a search hit");
            if (rc != CONG_OK)
                goto out;
            r = (struct row){s, ar, CONG_OK};
            row_hit(&r, &hits[count]);
            if (r.rc != CONG_OK) {
                rc = r.rc;
                goto out;
            }
            hits[count].rank = cand[q->offset + i].rank;
            count++;
            sq_stmt_put(s);
        }
        s = NULL;
    }
    rc = sq_commit(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = false;
    *out = count ? hits : NULL;
    *n = count;
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
done:
    if (rc != CONG_OK && total)
        *total = 0;
    free(cand);
    buf_release(&match);
    return rc;
}

/* Sitemaps. */

enum cong_err store_list_article_stamps(struct store *st, struct arena *ar, int64_t now,
                                        size_t offset, size_t limit,
                                        struct article_stamp **out, size_t *n, size_t *total)
{
    struct conn *c = NULL;
    sqlite3_stmt *s = NULL;
    struct article_stamp *rows = NULL;
    struct binder b;
    struct row r;
    size_t cap, count = 0, matches = 0;
    bool in_tx = false;
    enum cong_err rc;
    int step = SQLITE_DONE;

    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    cap = limit < STORE_STAMPS_MAX ? limit : STORE_STAMPS_MAX;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = stmt_get(st, c, SS_STAMPS_COUNT, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, now);
    rc = b.rc != SQLITE_OK ? sq_fail(st, c, b.rc, "count articles")
                           : sq_step_row(st, c, s, "count articles");
    if (rc != CONG_OK)
        goto out;
    matches = (size_t)sqlite3_column_int64(s, 0);
    sq_stmt_put(s);
    s = NULL;
    if (matches <= offset)
        cap = 0;
    else if (matches - offset < cap)
        cap = matches - offset;
    if (cap > 0) {
        rows = arena_alloc(ar, cap * sizeof(*rows)); /* cap <= STORE_STAMPS_MAX: no overflow */
        if (!rows) {
            rc = CONG_ENOMEM;
            goto out;
        }
        rc = stmt_get(st, c, SS_STAMPS, &s);
        if (rc != CONG_OK)
            goto out;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, now);
        sq_bind_size(&b, 2, cap);
        sq_bind_size(&b, 3, offset);
        if (b.rc != SQLITE_OK) {
            rc = sq_fail(st, c, b.rc, "list articles");
            goto out;
        }
        r = (struct row){s, ar, CONG_OK};
        while (count < cap && (step = sqlite3_step(s)) == SQLITE_ROW) {
            rows[count].id = sq_row_i64(&r, 0);
            rows[count].category_id = sq_row_i64(&r, 1);
            rows[count].updated_at = sq_row_i64(&r, 2);
            rows[count].slug = sq_row_text(&r, 3);
            if (r.rc != CONG_OK) {
                rc = r.rc;
                goto out;
            }
            count++;
        }
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = sq_fail(st, c, step, "list articles");
            goto out;
        }
        sq_stmt_put(s);
        s = NULL;
    }
    rc = sq_commit(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = false;
    *out = count ? rows : NULL;
    *n = count;
    if (total)
        *total = matches;
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_last_update(struct store *st, int64_t now, int64_t category_id,
                                int64_t *updated_at)
{
    struct conn *c = NULL;
    sqlite3_stmt *s = NULL;
    struct binder b;
    enum cong_err rc;

    *updated_at = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, SS_LAST_UPDATE, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, now);
    sq_bind_i64(&b, 2, category_id);
    rc = b.rc != SQLITE_OK ? sq_fail(st, c, b.rc, "read the last update")
                           : sq_step_row(st, c, s, "read the last update");
    if (rc == CONG_OK)
        *updated_at = sqlite3_column_int64(s, 0);
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Redirects. */

enum cong_err store_add_redirect(struct store *st, const char *old_path, const char *new_path)
{
    struct conn *c = NULL;
    sqlite3_stmt *s = NULL;
    struct binder b;
    enum cong_err rc;

    if (!old_path || !new_path)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, SS_REDIRECT_ADD, &s);
    if (rc == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_text(&b, 1, old_path);
        sq_bind_text(&b, 2, new_path);
        sq_bind_i64(&b, 3, time_now());
        rc = run_write(st, c, &b, "add a redirect");
    }
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_get_redirect(struct store *st, struct arena *ar, const char *old_path,
                                 char **new_path)
{
    struct conn *c = NULL;
    sqlite3_stmt *s = NULL;
    struct binder b;
    struct row r;
    enum cong_err rc;

    *new_path = NULL;
    if (!old_path)
        return CONG_ENOTFOUND;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, SS_REDIRECT_GET, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, old_path);
    rc = b.rc != SQLITE_OK ? sq_fail(st, c, b.rc, "read a redirect")
                           : sq_step_row(st, c, s, "read a redirect");
    if (rc != CONG_OK)
        goto out;
    r = (struct row){s, ar, CONG_OK};
    *new_path = sq_row_text(&r, 0);
    rc = r.rc;
out:
    if (rc != CONG_OK)
        *new_path = NULL;
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_list_redirects(struct store *st, struct arena *ar, struct redirect **out,
                                   size_t *n)
{
    struct conn *c = NULL;
    sqlite3_stmt *s = NULL;
    struct redirect *rows = NULL;
    struct row r;
    size_t cap, count = 0;
    bool in_tx = false;
    enum cong_err rc;
    int step = SQLITE_DONE;

    *out = NULL;
    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* count, then rows, in one snapshot, so the array is sized exactly */
    rc = sq_begin(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = stmt_get(st, c, SS_REDIRECT_COUNT, &s);
    if (rc != CONG_OK)
        goto out;
    rc = sq_step_row(st, c, s, "count redirects");
    if (rc != CONG_OK)
        goto out;
    cap = (size_t)sqlite3_column_int64(s, 0);
    sq_stmt_put(s);
    s = NULL;
    if (cap > 0) {
        rows = cap <= SIZE_MAX / sizeof(*rows) ? arena_alloc(ar, cap * sizeof(*rows)) : NULL;
        if (!rows) {
            rc = CONG_ENOMEM;
            goto out;
        }
        rc = stmt_get(st, c, SS_REDIRECT_LIST, &s);
        if (rc != CONG_OK)
            goto out;
        r = (struct row){s, ar, CONG_OK};
        while (count < cap && (step = sqlite3_step(s)) == SQLITE_ROW) {
            rows[count].old_path = sq_row_text(&r, 0);
            rows[count].new_path = sq_row_text(&r, 1);
            rows[count].created_at = sq_row_i64(&r, 2);
            if (r.rc != CONG_OK) {
                rc = r.rc;
                goto out;
            }
            count++;
        }
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = sq_fail(st, c, step, "list redirects");
            goto out;
        }
        sq_stmt_put(s);
        s = NULL;
    }
    rc = sq_commit(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = false;
    *out = count ? rows : NULL;
    *n = count;
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_remove_redirect(struct store *st, const char *old_path)
{
    struct conn *c = NULL;
    sqlite3_stmt *s = NULL;
    struct binder b;
    enum cong_err rc;

    if (!old_path)
        return CONG_ENOTFOUND;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, SS_REDIRECT_REMOVE, &s);
    if (rc == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_text(&b, 1, old_path);
        rc = run_write(st, c, &b, "remove a redirect");
        if (rc == CONG_OK && sqlite3_changes(c->db) == 0)
            rc = CONG_ENOTFOUND;
    }
    sq_pool_put(st, c);
    return rc;
}
