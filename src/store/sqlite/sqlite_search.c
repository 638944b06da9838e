/*
 * The SQLite side of search and of what search engines read: the FTS5 index of articles
 * (article_search, one row per article, its rowid the article's id, holding text the content
 * module has already folded), the ranked query over it, the sitemap's light listing and the
 * redirect table. It turns a caller's words into FTS5 syntax itself, quoting every word, so no
 * caller's text is ever read as a query operator. Its statements are the SQ_SEARCH
 * group of enum sq_stmt; everything else (pool, transactions, binding) comes from sqlite_int.h.
 */
#include "sqlite_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(ARTICLE_PUBLISHED == 2, "the statements spell the published status as 2");

/*
 * How a search runs, and why. FTS5 walks each word's list of articles in rowid (article id)
 * order, newest first here, and stops after STORE_SEARCH_RANKED_MAX + 1 that pass the filters.
 * Two things would make a search cost as much as the whole portal, and are avoided:
 * - checking filters by reading each matching article's row (rows are wide, bodies and all):
 *   without filters, nearly every match passes and the limit comes fast, so rows are read
 *   (SS_CANDIDATES); with a category or dates, the ids that pass are first read from a
 *   covering index into a bitmap, their smallest and largest id bound the walk, and the
 *   bitmap is tested without touching a row (SS_CANDIDATES_IN_SET, cong_in_set);
 * - FTS5's bm25(), which counts for every query how many articles hold each word by reading
 *   the word's whole list: cong_rank computes the same BM25 (weights 10, 4, 1; k1 1.2, b
 *   0.75; Lucene's IDF, which stays positive for words in most articles) from document
 *   frequencies passed in. Those are estimated from the newest articles (see doc_freq), kept
 *   in a small cache in the store, and not needed at all for a one-word query.
 * Candidates: ?1 match, ?2 ranking data, ?3 published_only, ?4 now, ?5 limit; in a set:
 * ?1 match, ?2 ranking data, ?3 lowest id, ?4 highest id, ?5 the set, ?6 limit.
 */
#define CANDIDATES_SQL                                                                             \
    "SELECT article_search.rowid, cong_rank(article_search, ?2)"                                   \
    " FROM article_search CROSS JOIN articles a ON a.id = article_search.rowid" CANDIDATES_WHERE
#define CANDIDATES_WHERE                                                                           \
    " WHERE article_search MATCH ?1 AND (?3 = 0 OR (a.status = 2 AND a.published_at <= ?4"        \
    " AND (a.expires_at = 0 OR a.expires_at > ?4)))"                                               \
    " AND" IN_SITE("a.", "?6") " ORDER BY article_search.rowid DESC LIMIT ?5"
#define CANDIDATES_IN_SET_SQL                                                                      \
    "SELECT rowid, cong_rank(article_search, ?2) FROM article_search"                              \
    " WHERE article_search MATCH ?1 AND rowid BETWEEN ?3 AND ?4 AND cong_in_set(?5, rowid)"        \
    " ORDER BY rowid DESC LIMIT ?6"
/*
 * The same on PostgreSQL, where the tsvector of article_search ranks by itself: ts_rank with
 * the title weighing most, then the summary, then the body (cong_rank's 10, 4, 1 in spirit),
 * lower is better as with cong_rank; the set is an array of ids in ?5.
 */
#define PG_RANK " -ts_rank('{0.1, 0.1, 0.4, 1.0}', article_search.tsv, cong_match(?1))"
#define PG_CANDIDATES_SQL                                                                          \
    "SELECT article_search.rowid," PG_RANK                                                         \
    " FROM article_search JOIN articles a ON a.id = article_search.rowid" CANDIDATES_WHERE
#define PG_CANDIDATES_IN_SET_SQL                                                                   \
    "SELECT rowid," PG_RANK " FROM article_search"                                                 \
    " WHERE article_search MATCH ?1 AND rowid BETWEEN ?3 AND ?4"                                   \
    " AND rowid = ANY (CAST(?5 AS BIGINT[])) ORDER BY rowid DESC LIMIT ?6"
/* the site's articles, or (when shared, a parameter, is 1) also those shared to it */
#define IN_SITE(p, shared)                                                                         \
    " (" p "site_id = " SQ_SITE " OR (" shared " = 1 AND " p "id IN (SELECT article_id"                 \
    " FROM article_shares WHERE site_id = " SQ_SITE ")))"
/* the ids that pass the filters, each from a covering index: ?1 now, ?2 from, ?3 to, ?4
 * category, ?5 with the shared articles */
#define IDS_RANGE   " published_at >= ?2 AND published_at < ?3"
#define IDS_VISIBLE " status = 2 AND published_at <= ?1 AND (expires_at = 0 OR expires_at > ?1) AND"

#define HIT_COLUMNS                                                                                \
    "a.id, a.category_id, a.status, a.published_at, a.created_at, a.updated_at,"                   \
    " a.cover_media_id, a.title, a.slug, a.summary, a.author, a.cover_caption, c.slug, c.name,"    \
    " a.owner_id, a.tags, a.review_note, coalesce(nullif(u.display_name, ''), u.name), "           \
    "a.site_id, a.body_html, a.lang"
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
    HC_OWNER_ID,
    HC_TAGS,
    HC_REVIEW_NOTE,
    HC_OWNER_NAME,
    HC_SITE_ID,
    HC_BODY_HTML,
    HC_LANG,
};

#define VISIBLE                                                                                    \
    " WHERE site_id = " SQ_SITE " AND status = 2 AND published_at <= ?1"                           \
    " AND (expires_at = 0 OR expires_at > ?1)"

#define SQL(id) [(id)-SQ_SEARCH_BEGIN]
static const char *const search_sql[SQ_SEARCH_END - SQ_SEARCH_BEGIN] = {
    SQL(SS_INDEX_INSERT) = "INSERT INTO article_search (rowid, title, summary, body)"
                           " VALUES (?1, ?2, ?3, ?4)",
    SQL(SS_INDEX_DELETE) = "DELETE FROM article_search WHERE rowid = ?1",
    SQL(SS_ARTICLE_EXISTS) = "SELECT 1 FROM articles WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(SS_UNINDEXED) = "SELECT a.id FROM articles a WHERE a.site_id = " SQ_SITE " AND NOT EXISTS"
                        " (SELECT 1 FROM article_search s WHERE s.rowid = a.id)"
                        " ORDER BY a.id LIMIT ?1",
    SQL(SS_FUNCTIONS) = "SELECT 1",
    SQL(SS_CANDIDATES) = CANDIDATES_SQL,
    SQL(SS_CANDIDATES_IN_SET) = CANDIDATES_IN_SET_SQL,
    SQL(SS_IDS_PUBLISHED) = "SELECT id FROM articles WHERE" IN_SITE("", "?5") " AND"
                            IDS_VISIBLE IDS_RANGE,
    SQL(SS_IDS_PUBLISHED_CATEGORY) = "SELECT id FROM articles WHERE site_id = " SQ_SITE
                                     " AND category_id = ?4 AND" IDS_VISIBLE IDS_RANGE,
    SQL(SS_IDS_ANY) = "SELECT id FROM articles WHERE ?1 = ?1 AND" IN_SITE("", "?5") " AND"
                      IDS_RANGE,
    SQL(SS_IDS_ANY_CATEGORY) = "SELECT id FROM articles WHERE ?1 = ?1 AND site_id = " SQ_SITE
                               " AND category_id = ?4 AND" IDS_RANGE,
    SQL(SS_DOC_FREQ) = "SELECT count(*) FROM article_search WHERE article_search MATCH ?1",
    SQL(SS_DOC_FREQ_RECENT) = "SELECT count(*) FROM article_search"
                              " WHERE article_search MATCH ?1 AND rowid > ?2",
    SQL(SS_MAX_ID) = "SELECT coalesce(max(id), 0) FROM articles",
    SQL(SS_HIT) = "SELECT " HIT_COLUMNS " FROM articles a JOIN categories c ON c.id = a.category_id"
                  " LEFT JOIN users u ON u.id = a.owner_id WHERE a.id = ?1",
    SQL(SS_STAMPS) = "SELECT id, category_id, updated_at, slug FROM articles" VISIBLE
                     " ORDER BY published_at DESC, id DESC LIMIT ?2 OFFSET ?3",
    SQL(SS_STAMPS_COUNT) = "SELECT count(*) FROM articles" VISIBLE,
    SQL(SS_LAST_UPDATE) = "SELECT coalesce(max(updated_at), 0) FROM articles" VISIBLE
                          " AND (?2 = 0 OR category_id = ?2)",
    SQL(SS_REDIRECT_ADD) = "INSERT INTO redirects (site_id, old_path, new_path, created_at)"
                           " VALUES (" SQ_SITE ", ?1, ?2, ?3)",
    SQL(SS_REDIRECT_GET) = "SELECT new_path FROM redirects WHERE site_id = " SQ_SITE
                           " AND old_path = ?1",
    SQL(SS_REDIRECT_COUNT) = "SELECT count(*) FROM redirects WHERE site_id = " SQ_SITE,
    SQL(SS_REDIRECT_LIST) = "SELECT old_path, new_path, created_at FROM redirects"
                            " WHERE site_id = " SQ_SITE " ORDER BY old_path",
    SQL(SS_REDIRECT_REMOVE) = "DELETE FROM redirects WHERE site_id = " SQ_SITE
                              " AND old_path = ?1",
};

static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_SEARCH_BEGIN && id < SQ_SEARCH_END);
    if (sq_is_pg(c) && id == SS_CANDIDATES)
        return sq_stmt(st, c, (unsigned)id, PG_CANDIDATES_SQL, out);
    if (sq_is_pg(c) && id == SS_CANDIDATES_IN_SET)
        return sq_stmt(st, c, (unsigned)id, PG_CANDIDATES_IN_SET_SQL, out);
    return sq_stmt(st, c, (unsigned)id, search_sql[id - SQ_SEARCH_BEGIN], out);
}

/* The index. */

enum cong_err sq_search_put(const struct store *st, struct conn *c, int64_t id,
                            const struct article *a, bool replace)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    if (replace) {
        rc = sq_search_drop(st, c, id);
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
    return sq_run_write(st, c, &b, "write the search index");
}

enum cong_err sq_search_drop(const struct store *st, struct conn *c, int64_t id)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = stmt_get(st, c, SS_INDEX_DELETE, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    return sq_run_write(st, c, &b, "remove from the search index");
}

enum cong_err store_index_article(struct store *st, int64_t id, const char *title,
                                  const char *summary, const char *body)
{
    struct article a = {.search_title = title, .search_summary = summary, .search_body = body};
    struct conn *c = NULL;
    struct sqs *s = NULL;
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
    rc = sq_bound_row(st, c, &b, "index an article");
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

enum cong_err store_list_unindexed(struct store *st, struct arena *ar, size_t limit, int64_t **ids,
                                   size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
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
    while (count < limit && (step = sqs_step(s)) == SQLITE_ROW)
        out[count++] = sqs_int64(s, 0);
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

/* The phrases of one search's FTS5 query: at most one per word and alternative, and one for
 * the words side by side. */
#define RANK_PHRASES (2 * STORE_SEARCH_TERMS_MAX + 1)

/*
 * What cong_rank needs beyond the row: each phrase's document frequency (-1: not needed, the
 * query has one word) and which phrase is the words side by side. Filled before the query;
 * the IDFs are computed on the first row, when the number of articles is known.
 */
struct rank_data {
    int nphrase;
    bool boost;                     /* phrase 0 is the words side by side */
    bool is_word[RANK_PHRASES];     /* a word as typed (not an alternative spelling) */
    const char *text[RANK_PHRASES]; /* the word of each phrase; NULL for the side by side one */
    int64_t df[RANK_PHRASES];
    bool ready;
    double idf[RANK_PHRASES];
};

/* BM25 of the current row, as FTS5's bm25() but with IDFs from rank_data (see above). */
static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                    sqlite3_value **val)
{
    static const double weight[3] = {10.0, 4.0, 1.0}; /* title, summary, body */
    const double k1 = 1.2, b = 0.75;
    struct rank_data *rd = nval > 0 ? sqlite3_value_pointer(val[0], "cong_rank") : NULL;
    double freq[RANK_PHRASES] = {0}, score = 0, avgdl;
    sqlite3_int64 nrow = 0, ntok = 0;
    int ninst = 0, nphrase = api->xPhraseCount(fts), dl = 0, rc, p;

    if (nphrase > RANK_PHRASES)
        nphrase = RANK_PHRASES;
    rc = api->xInstCount(fts, &ninst);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int ip, ic, io;
        rc = api->xInst(fts, i, &ip, &ic, &io);
        if (rc == SQLITE_OK && ip >= 0 && ip < nphrase && ic >= 0 && ic < 3)
            freq[ip] += weight[ic];
    }
    if (rc == SQLITE_OK)
        rc = api->xRowCount(fts, &nrow);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fts, -1, &ntok);
    if (rc == SQLITE_OK)
        rc = api->xColumnSize(fts, -1, &dl);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    if (rd && !rd->ready) {
        double words = 0;
        for (p = 0; p < rd->nphrase; p++) {
            double n = (double)nrow, df = (double)rd->df[p] < n ? (double)rd->df[p] : n;
            rd->idf[p] = rd->df[p] < 0 ? 1.0 : log(1.0 + (n - df + 0.5) / (df + 0.5));
            if (rd->is_word[p])
                words += rd->idf[p];
        }
        /* the words side by side are rarer than any of them: weigh them as all together */
        if (rd->boost && rd->nphrase > 0)
            rd->idf[0] = words > 0 ? words : 1.0;
        rd->ready = true;
    }
    avgdl = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1.0;
    for (p = 0; p < nphrase; p++) {
        double idf = rd && p < rd->nphrase ? rd->idf[p] : 1.0;
        if (freq[p] > 0)
            score +=
                idf * freq[p] * (k1 + 1.0) / (freq[p] + k1 * (1.0 - b + b * (double)dl / avgdl));
    }
    sqlite3_result_double(ctx, -score); /* lower is better, as bm25() */
}

/* A set of article ids: a bitmap over [lo, hi]. */
struct idset {
    int64_t lo, hi;
    unsigned char *bits;
};

/* The ids of set as a PostgreSQL array, "{1,2,3}". */
static void idset_array(const struct idset *set, struct buf *out)
{
    bool first = true;

    buf_putc(out, '{');
    for (int64_t id = set->lo; set->bits && id <= set->hi; id++) {
        if (!((set->bits[(uint64_t)(id - set->lo) >> 3] >> ((uint64_t)(id - set->lo) & 7)) & 1))
            continue;
        buf_printf(out, first ? "%lld" : ",%lld", (long long)id);
        first = false;
    }
    buf_putc(out, '}');
}

static void in_set_fn(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    const struct idset *set = nval == 2 ? sqlite3_value_pointer(val[0], "cong_idset") : NULL;
    int64_t id = nval == 2 ? sqlite3_value_int64(val[1]) : 0;
    int in = 0;

    if (set && set->bits && id >= set->lo && id <= set->hi)
        in = (set->bits[(uint64_t)(id - set->lo) >> 3] >> ((uint64_t)(id - set->lo) & 7)) & 1;
    sqlite3_result_int(ctx, in);
}

/*
 * Makes cong_rank and cong_in_set on c, once: the SS_FUNCTIONS slot, filled afterwards, says
 * that this connection has them.
 */
static enum cong_err functions_ready(const struct store *st, struct conn *c)
{
    struct sqs *s = NULL;
    fts5_api *api = NULL;
    int rc;

    if (c->stmt[SS_FUNCTIONS] || sq_is_pg(c))
        return CONG_OK; /* PostgreSQL's are in its schema */
    /* the documented way to reach FTS5's C interface: a pointer handed back by fts5(?) */
    rc = sqs_prepare(c, "SELECT fts5(?1)", -1, &s);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_pointer(sqs_lite(s), 1, (void *)&api, "fts5_api_ptr", NULL);
    if (rc == SQLITE_OK)
        rc = sqs_step(s) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
    (void)sqs_finalize(s);
    if (rc == SQLITE_OK && !api)
        rc = SQLITE_ERROR;
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "cong_rank", NULL, rank_fn, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(c->db, "cong_in_set", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                        NULL, in_set_fn, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return sq_fail(st, c, rc, "set up full-text search");
    if (stmt_get(st, c, SS_FUNCTIONS, &s) != CONG_OK)
        return CONG_ESTORE;
    sq_stmt_put(s);
    return CONG_OK;
}

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

/* Appends term t: its word quoted, or ("word" OR "alt") when it has an alternative. */
static void add_term(struct buf *m, const struct store_search_term *t)
{
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

enum cong_err sq_search_terms_match(const struct store_search_term *terms, size_t n, struct buf *m)
{
    size_t i;

    if (n == 0 || n > STORE_SEARCH_TERMS_MAX || !terms)
        return CONG_EINVAL;
    for (i = 0; i < n; i++) {
        if (!terms[i].word || !*terms[i].word)
            return CONG_EINVAL;
        if (i)
            buf_puts(m, " AND ");
        add_term(m, &terms[i]);
    }
    return buf_error(m);
}

/* Document frequencies, shared by a store's connections: a direct-mapped cache of words. */
#define DF_SLOTS    4096
#define DF_WORD_MAX 56
#define DF_TTL      600 /* seconds a count is trusted: it drifts slowly, and only sways ranking */

struct df_entry {
    uint64_t hash;
    int64_t df;
    int64_t at;
    char word[DF_WORD_MAX];
};

struct sq_search_cache {
    pthread_mutex_t lock;
    struct df_entry e[DF_SLOTS];
};

void sq_search_cache_free(struct sq_search_cache *cache)
{
    if (!cache)
        return;
    (void)pthread_mutex_destroy(&cache->lock);
    free(cache);
}

/* The store's cache, made on first use; NULL without memory (every lookup then misses). */
static struct sq_search_cache *cache_of(struct store *st)
{
    struct sq_search_cache *cache;

    st = sq_root(st);
    (void)pthread_mutex_lock(&st->lock);
    if (!st->search_cache) {
        cache = calloc(1, sizeof(*cache));
        if (cache && pthread_mutex_init(&cache->lock, NULL) != 0) {
            free(cache);
            cache = NULL;
        }
        st->search_cache = cache;
    }
    cache = st->search_cache;
    (void)pthread_mutex_unlock(&st->lock);
    return cache;
}

static uint64_t hash_word(const char *w)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */

    for (; *w; w++)
        h = (h ^ (unsigned char)*w) * 1099511628211ull;
    return h;
}

/* Binds v to parameter i if the statement has it (the id-set variants differ in theirs). */
static void bind_if(struct binder *b, int i, int64_t v)
{
    if (i <= sqs_param_count(b->s))
        sq_bind_i64(b, i, v);
}

/* Runs a count statement of the index for the FTS5 string m (and ?2 = after, if it has one). */
static enum cong_err count_matches(const struct store *st, struct conn *c, enum sq_stmt id,
                                   const char *m, int64_t after, int64_t *out)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, m);
    bind_if(&b, 2, after);
    rc = sq_bound_row(st, c, &b, "count a word");
    if (rc == CONG_OK)
        *out = sqs_int64(s, 0);
    sq_stmt_put(s);
    return rc;
}

/*
 * The number of articles holding word, from the cache or else the index (then cached).
 * Counting a common word exactly means reading its whole list of articles, which is what
 * made FTS5's bm25() slow; ranking needs only its order of magnitude. So the word is first
 * counted among the newest DF_SAMPLE articles (a range FTS5 seeks to) and scaled up; only a
 * word too rare for the sample to tell (under DF_SAMPLE_MIN there) is counted exactly, and
 * its list is short. max_id stands for the number of articles (ids are dense).
 */
#define DF_SAMPLE     2000
#define DF_SAMPLE_MIN 20
static enum cong_err doc_freq(struct store *st, struct conn *c, struct sq_search_cache *cache,
                              const char *word, int64_t max_id, int64_t *df)
{
    uint64_t h = hash_word(word);
    struct df_entry *e = cache ? &cache->e[h % DF_SLOTS] : NULL;
    int64_t now = time_now(), seen = 0, window;
    struct buf m;
    bool cacheable = strlen(word) < DF_WORD_MAX;
    enum cong_err rc;

    if (e && cacheable) {
        bool hit;
        (void)pthread_mutex_lock(&cache->lock);
        hit = e->hash == h && !strcmp(e->word, word) && now - e->at < DF_TTL;
        if (hit)
            *df = e->df;
        (void)pthread_mutex_unlock(&cache->lock);
        if (hit)
            return CONG_OK;
    }
    buf_init(&m, 4096);
    add_quoted(&m, word);
    rc = buf_error(&m);
    window = max_id < DF_SAMPLE ? max_id : DF_SAMPLE;
    if (rc == CONG_OK && window < max_id)
        rc = count_matches(st, c, SS_DOC_FREQ_RECENT, m.data, max_id - window, &seen);
    if (rc == CONG_OK) {
        if (window < max_id && seen >= DF_SAMPLE_MIN)
            *df = seen * max_id / window;
        else
            rc = count_matches(st, c, SS_DOC_FREQ, m.data, 0, df);
    }
    buf_release(&m);
    if (rc == CONG_OK && e && cacheable) {
        (void)pthread_mutex_lock(&cache->lock);
        e->hash = h;
        e->df = *df;
        e->at = now;
        memcpy(e->word, word, strlen(word) + 1);
        (void)pthread_mutex_unlock(&cache->lock);
    }
    return rc;
}

/* Records the next phrase of the query in rd. */
static void add_phrase(struct rank_data *rd, const char *text, bool is_word)
{
    if (rd->nphrase < RANK_PHRASES) {
        rd->text[rd->nphrase] = text;
        rd->is_word[rd->nphrase] = is_word;
        rd->df[rd->nphrase] = -1;
        rd->nphrase++;
    }
}

/*
 * The FTS5 query of q: every term ANDed, a term with an alternative spelling as
 * ("word" OR "alt"). With phrase_boost (and no alternatives), the words side by side as one
 * phrase are ORed in front: the set of matches is the same, and the ranking adds the
 * phrase's score to the articles that hold it, which ranks a compound word ("đảng viên")
 * above its syllables found apart. rd gets the phrases in the order FTS5 numbers them.
 */
static enum cong_err build_match(const struct store_search_query *q, struct buf *m,
                                 struct rank_data *rd)
{
    bool alts = false, boost;
    size_t i;

    memset(rd, 0, sizeof(*rd));
    if (q->nterms == 0 || q->nterms > STORE_SEARCH_TERMS_MAX || !q->terms)
        return CONG_EINVAL;
    for (i = 0; i < q->nterms; i++) {
        if (!q->terms[i].word || !*q->terms[i].word)
            return CONG_EINVAL;
        if (q->terms[i].alt && *q->terms[i].alt)
            alts = true;
    }
    /* beyond four words a phrase is seldom met, and costs every row a long position check */
    boost = q->phrase_boost && !alts && q->nterms > 1 && q->nterms <= 4;
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
        rd->boost = true;
        add_phrase(rd, NULL, false);
    }
    for (i = 0; i < q->nterms; i++) {
        const struct store_search_term *t = &q->terms[i];
        if (i)
            buf_puts(m, " AND ");
        add_term(m, t);
        add_phrase(rd, t->word, true);
        if (t->alt && *t->alt)
            add_phrase(rd, t->alt, false);
    }
    if (boost)
        buf_putc(m, ')');
    return buf_error(m);
}

/* Reads into set the ids of the articles that pass q's filters, from a covering index. */
static enum cong_err collect_ids(const struct store *st, struct conn *c,
                                 const struct store_search_query *q, struct idset *set)
{
    enum sq_stmt id = q->published_only
                          ? (q->category_id ? SS_IDS_PUBLISHED_CATEGORY : SS_IDS_PUBLISHED)
                          : (q->category_id ? SS_IDS_ANY_CATEGORY : SS_IDS_ANY);
    struct sqs *s = NULL;
    struct binder b;
    int64_t *ids = NULL, *grown;
    size_t n = 0, cap = 0;
    enum cong_err rc;
    int step = SQLITE_DONE;

    memset(set, 0, sizeof(*set));
    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    bind_if(&b, 1, q->now);
    bind_if(&b, 2, q->from ? q->from : INT64_MIN);
    bind_if(&b, 3, q->to ? q->to : INT64_MAX);
    bind_if(&b, 4, q->category_id);
    bind_if(&b, 5, q->with_shared ? 1 : 0);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "search articles");
        goto out;
    }
    while ((step = sqs_step(s)) == SQLITE_ROW) {
        int64_t v = sqs_int64(s, 0);
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            grown = realloc(ids, cap * sizeof(*ids));
            if (!grown) {
                rc = CONG_ENOMEM;
                goto out;
            }
            ids = grown;
        }
        ids[n++] = v;
        if (n == 1 || v < set->lo)
            set->lo = v;
        if (n == 1 || v > set->hi)
            set->hi = v;
    }
    if (step != SQLITE_DONE) {
        rc = sq_fail(st, c, step, "search articles");
        goto out;
    }
    if (n > 0) {
        /* ids are >= 1, so hi - lo stays well inside int64_t */
        set->bits = calloc((size_t)((uint64_t)(set->hi - set->lo) / 8 + 1), 1);
        if (!set->bits) {
            rc = CONG_ENOMEM;
            goto out;
        }
        for (size_t i = 0; i < n; i++)
            set->bits[(uint64_t)(ids[i] - set->lo) >> 3] |=
                (unsigned char)(1u << ((uint64_t)(ids[i] - set->lo) & 7));
    }
out:
    sq_stmt_put(s);
    free(ids);
    return rc;
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
    a->owner_id = sq_row_i64(r, HC_OWNER_ID);
    a->tags = sq_row_text(r, HC_TAGS);
    a->review_note = sq_row_text(r, HC_REVIEW_NOTE);
    a->owner_name = sq_row_text(r, HC_OWNER_NAME);
    a->site_id = sq_row_i64(r, HC_SITE_ID);
    a->meta_description = "";
    a->cover_alt = "";
    a->body_html = sq_row_text(r, HC_BODY_HTML);
    a->lang = sq_row_text(r, HC_LANG);
}

/*
 * Fills rd->df with the number of articles holding each of its words, on c inside the
 * caller's transaction. One phrase alone ranks the same whatever its IDF: only several words
 * need their counts.
 */
static enum cong_err read_doc_freqs(struct store *st, struct conn *c, struct rank_data *rd)
{
    struct sq_search_cache *cache;
    struct sqs *s = NULL;
    int64_t max_id = 0;
    size_t i, words = 0;
    enum cong_err rc;

    for (i = 0; i < (size_t)rd->nphrase; i++)
        words += rd->text[i] != NULL;
    if (words <= 1)
        return CONG_OK;
    cache = cache_of(st);
    rc = stmt_get(st, c, SS_MAX_ID, &s);
    if (rc == CONG_OK)
        rc = sq_step_row(st, c, s, "search articles");
    if (rc == CONG_OK)
        max_id = sqs_int64(s, 0);
    sq_stmt_put(s);
    for (i = 0; rc == CONG_OK && i < (size_t)rd->nphrase; i++) {
        if (rd->text[i])
            rc = doc_freq(st, c, cache, rd->text[i], max_id, &rd->df[i]);
    }
    return rc;
}

/*
 * Reads into cand (room for STORE_SEARCH_RANKED_MAX + 1) the best-ranked articles that match
 * the FTS5 query match, on c inside the caller's transaction; sets *ncand. set holds the ids
 * that pass q's category and dates, or is NULL when q has none of them.
 */
static enum cong_err rank_candidates(const struct store *st, struct conn *c,
                                     const struct store_search_query *q, const struct buf *match,
                                     struct rank_data *rd, struct idset *set,
                                     struct candidate *cand, size_t *ncand)
{
    struct sqs *s = NULL;
    struct binder b;
    struct buf ids;
    enum cong_err rc;
    int step = SQLITE_DONE;

    *ncand = 0;
    buf_init(&ids, 0);
    rc = stmt_get(st, c, set ? SS_CANDIDATES_IN_SET : SS_CANDIDATES, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    /* SQLITE_STATIC: match, rd and set outlive the statement's use here */
    if (b.rc == SQLITE_OK)
        b.rc = sqs_bind_text(s, 1, match->data, (int)match->len, SQLITE_STATIC);
    if (b.rc == SQLITE_OK && !sq_is_pg(c))
        b.rc = sqlite3_bind_pointer(sqs_lite(s), 2, rd, "cong_rank", NULL);
    if (set) {
        sq_bind_i64(&b, 3, set->lo);
        sq_bind_i64(&b, 4, set->hi);
        if (b.rc == SQLITE_OK && !sq_is_pg(c))
            b.rc = sqlite3_bind_pointer(sqs_lite(s), 5, set, "cong_idset", NULL);
        if (sq_is_pg(c)) {
            idset_array(set, &ids);
            if (buf_error(&ids) != CONG_OK)
                b.rc = SQLITE_NOMEM;
            else if (b.rc == SQLITE_OK)
                b.rc = sqs_bind_text(s, 5, ids.data, (int)ids.len, SQLITE_STATIC);
        }
        sq_bind_i64(&b, 6, STORE_SEARCH_RANKED_MAX + 1);
    } else {
        sq_bind_i64(&b, 3, q->published_only);
        sq_bind_i64(&b, 4, q->now);
        sq_bind_i64(&b, 5, STORE_SEARCH_RANKED_MAX + 1);
        sq_bind_i64(&b, 6, q->with_shared ? 1 : 0);
    }
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "search articles");
        goto out;
    }
    while (*ncand < STORE_SEARCH_RANKED_MAX + 1 && (step = sqs_step(s)) == SQLITE_ROW) {
        cand[*ncand].id = sqs_int64(s, 0);
        cand[*ncand].rank = sqs_double(s, 1);
        (*ncand)++;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = sq_fail(st, c, step, "search articles");
out:
    sq_stmt_put(s);
    buf_release(&ids);
    return rc;
}

/* Reads the articles of the n candidates cand into hits, strings from ar, on c. */
static enum cong_err read_hits(const struct store *st, struct conn *c, struct arena *ar,
                               const struct candidate *cand, size_t n,
                               struct store_search_hit *hits)
{
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    enum cong_err rc;
    size_t i;

    rc = stmt_get(st, c, SS_HIT, &s);
    if (rc != CONG_OK)
        return rc;
    for (i = 0; rc == CONG_OK && i < n; i++) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, cand[i].id);
        rc = sq_bound_row(st, c, &b, "read a search hit");
        if (rc == CONG_OK) {
            r = (struct row){s, ar, CONG_OK};
            row_hit(&r, &hits[i]);
            hits[i].rank = cand[i].rank;
            rc = r.rc;
        }
        sq_stmt_put(s);
    }
    return rc;
}

enum cong_err store_search_articles(struct store *st, struct arena *ar,
                                    const struct store_search_query *q,
                                    struct store_search_hit **out, size_t *n, size_t *total)
{
    struct conn *c = NULL;
    struct candidate *cand = NULL;
    struct store_search_hit *hits = NULL;
    struct rank_data rd;
    struct idset set = {0};
    struct buf match;
    size_t ncand = 0, cap;
    bool in_tx = false, filtered = q->category_id || q->from || q->to;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    buf_init(&match, 16384);
    rc = build_match(q, &match, &rd);
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
    rc = functions_ready(st, c);
    if (rc == CONG_OK)
        rc = read_doc_freqs(st, c, &rd);
    if (rc == CONG_OK && filtered)
        rc = collect_ids(st, c, q, &set);
    /* a filter no article passes leaves nothing to rank */
    if (rc == CONG_OK && (!filtered || set.bits))
        rc = rank_candidates(st, c, q, &match, &rd, filtered ? &set : NULL, cand, &ncand);
    if (rc != CONG_OK)
        goto out;
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
        rc = read_hits(st, c, ar, cand + q->offset, cap, hits);
        if (rc != CONG_OK)
            goto out;
    }
    rc = sq_commit(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = false;
    *out = cap ? hits : NULL;
    *n = cap;
out:
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
done:
    if (rc != CONG_OK && total)
        *total = 0;
    free(set.bits);
    free(cand);
    buf_release(&match);
    return rc;
}

/* Sitemaps. */

static void read_stamp(struct row *r, void *out_)
{
    struct article_stamp *out = out_;

    out->id = sq_row_i64(r, 0);
    out->category_id = sq_row_i64(r, 1);
    out->updated_at = sq_row_i64(r, 2);
    out->slug = sq_row_text(r, 3);
}

enum cong_err store_list_article_stamps(struct store *st, struct arena *ar, int64_t now,
                                        size_t offset, size_t limit, struct article_stamp **out,
                                        size_t *n, size_t *total)
{
    struct sq_page q = {
        .count_slot = SS_STAMPS_COUNT,
        .list_slot = SS_STAMPS,
        .count_sql = search_sql[SS_STAMPS_COUNT - SQ_SEARCH_BEGIN],
        .list_sql = search_sql[SS_STAMPS - SQ_SEARCH_BEGIN],
        .keyed = true,
        .key = now,
        .offset = offset,
        .limit = limit < STORE_STAMPS_MAX ? limit : STORE_STAMPS_MAX,
        .size = sizeof(**out),
        .read = read_stamp,
        .what = "list articles",
    };
    void *items;
    enum cong_err rc = sq_get_page(st, ar, &q, &items, n, total);

    *out = items;
    return rc;
}

enum cong_err store_last_update(struct store *st, int64_t now, int64_t category_id,
                                int64_t *updated_at)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
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
    rc = sq_bound_row(st, c, &b, "read the last update");
    if (rc == CONG_OK)
        *updated_at = sqs_int64(s, 0);
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Redirects. */

enum cong_err store_add_redirect(struct store *st, const char *old_path, const char *new_path)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
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
        rc = sq_run_write(st, c, &b, "add a redirect");
    }
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_get_redirect(struct store *st, struct arena *ar, const char *old_path,
                                 char **new_path)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
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
    rc = sq_bound_row(st, c, &b, "read a redirect");
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
    struct sqs *s = NULL;
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
    cap = (size_t)sqs_int64(s, 0);
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
        while (count < cap && (step = sqs_step(s)) == SQLITE_ROW) {
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
    struct sqs *s = NULL;
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
        rc = sq_run_write(st, c, &b, "remove a redirect");
        if (rc == CONG_OK && sqs_changes(c) == 0)
            rc = CONG_ENOTFOUND;
    }
    sq_pool_put(st, c);
    return rc;
}
