/*
 * The render cache: a public page drawn for a guest is kept in memory, cut at the places of
 * the values that change with each request (the visitor counter, the article's views, the
 * login form's token), and served from there until something it shows changes.
 *
 * What is cached: GET and HEAD of the portal's pages by a request without a session cookie
 * (a logged-in viewer's pages are theirs alone and never cached), keyed by site, language,
 * host, path and query. When it is stale: store_generation moves after every committed change
 * to what pages show (articles, categories, media, pages, portlets, settings), and an entry drawn at another
 * generation is dropped; an entry also ends at the next scheduled article's minute and after
 * CACHE_MAX_AGE_S at most (a change made by another process, such as the command line, shows
 * within that time).
 *
 * Filling in: the counter's numbers and the views change at most once a second, so each entry
 * keeps the body, gzip and brotli of its latest values (a "piece") and builds a new one only
 * when they differ; a page with a login form has a token per visitor, so it is filled and
 * compressed (gzip only) for each request. Memory is bounded by a budget; the least recently
 * used entries go first. Entries and pieces are counted references, so a request may use one
 * while another replaces or evicts it.
 */
#include "web_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../i18n/i18n.h"
#include "../portal/portal.h"
#include "../stats/stats.h"

#define CACHE_BUCKETS   1024
#define CACHE_MAX_AGE_S 60
#define MARK_ESC        '\x1b'

/* The live values, in the order of their marks. */
enum live { L_ONLINE, L_TODAY, L_TOTAL, L_VIEWS, L_LOGIN, L_COUNT };
static const char mark_letters[L_COUNT] = {'o', 't', 'a', 'v', 'c'};

/* One set of live values filled in, with its compressed forms. */
struct piece {
    _Atomic unsigned refs;
    int64_t live[L_LOGIN]; /* the numbers it was filled with */
    struct buf plain;
    unsigned char *gz, *br;
    size_t gz_len, br_len; /* 0: that encoding was not worth keeping */
};

struct entry {
    _Atomic unsigned refs;
    struct entry *chain;            /* in its bucket */
    struct entry *newer, *older;    /* in the use order */
    uint64_t hash;
    char *key;
    uint64_t generation;            /* store_generation when drawn */
    int64_t expires;                /* when it must be drawn again */
    int64_t article_id;             /* the article it shows (0: none) */
    bool counted;                   /* a page view the visitor counter counts */
    char *text;                     /* the page, marks cut out */
    size_t nseg;                    /* segments of text; nseg - 1 holes between them */
    size_t *seg_end;                /* end of each segment in text */
    unsigned char *hole;            /* enum live of each hole */
    bool per_request;               /* has a value of each visitor (the login token) */
    size_t bytes;                   /* what it holds, its piece included, for the budget */
    bool kept;                      /* in the table (under the lock) */
    /* under the cache's lock */
    struct piece *piece;
    int64_t views, views_at;
};

/* Whether the public sees a media file, as last found, while nothing has changed since. */
#define PUBLIC_SLOTS 4096
struct public_slot {
    int64_t id;        /* 0: empty */
    uint64_t generation;
    int64_t expires;
    bool is_public;
};

struct web_cache {
    pthread_mutex_t lock;
    struct public_slot known[PUBLIC_SLOTS];
    struct entry *bucket[CACHE_BUCKETS];
    struct entry *newest, *oldest;
    size_t bytes, budget, entries;
    uint64_t hits, misses, evictions; /* since start, under the lock */
    char mark_text[L_COUNT][48];
    struct portal_marks marks;
    /* the next scheduled article as of generation sched_gen (0: none), read once a generation */
    uint64_t sched_gen;
    int64_t sched_at;
    bool sched_known;
};

enum cong_err web_cache_new(size_t budget, struct web_cache **out)
{
    struct web_cache *c = calloc(1, sizeof(*c));
    char nonce[AUTH_SECRET_LEN + 1];
    size_t k = 0;

    *out = NULL;
    if (!c)
        return CONG_ENOMEM;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return CONG_ENOMEM;
    }
    c->budget = budget;
    /* marks no content can hold by chance or on purpose: letters and digits of a secret */
    auth_secret_new(nonce);
    for (size_t i = 0; nonce[i] && k < 16; i++) {
        if ((nonce[i] >= 'a' && nonce[i] <= 'z') || (nonce[i] >= '0' && nonce[i] <= '9'))
            nonce[k++] = nonce[i];
    }
    nonce[k] = '\0';
    for (int i = 0; i < L_COUNT; i++)
        snprintf(c->mark_text[i], sizeof(c->mark_text[i]), "%c%s%c%c", MARK_ESC, nonce,
                 mark_letters[i], MARK_ESC);
    c->marks = (struct portal_marks){c->mark_text[L_ONLINE], c->mark_text[L_TODAY],
                                     c->mark_text[L_TOTAL], c->mark_text[L_VIEWS],
                                     c->mark_text[L_LOGIN]};
    *out = c;
    return CONG_OK;
}

static void piece_put(struct piece *p)
{
    if (!p || atomic_fetch_sub(&p->refs, 1) != 1)
        return;
    buf_release(&p->plain);
    free(p->gz);
    free(p->br);
    free(p);
}

static void entry_put(struct entry *e)
{
    if (!e || atomic_fetch_sub(&e->refs, 1) != 1)
        return;
    piece_put(e->piece);
    free(e->key);
    free(e->text);
    free(e->seg_end);
    free(e->hole);
    free(e);
}

/* Unlinks e from the table and the use order (under the lock) and drops the table's hold. */
static void unlink_entry(struct web_cache *c, struct entry *e)
{
    struct entry **p = &c->bucket[e->hash % CACHE_BUCKETS];

    while (*p && *p != e)
        p = &(*p)->chain;
    if (*p)
        *p = e->chain;
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    c->bytes -= e->bytes;
    c->entries--;
    e->kept = false;
    entry_put(e);
}

static size_t piece_bytes(const struct piece *p)
{
    return p ? sizeof(*p) + p->plain.len + p->gz_len + p->br_len : 0;
}

/* Makes p e's piece (under the lock), the budget kept: what the old one took is given back,
   and the least used entries go while the new one takes more than there is. */
static void set_piece(struct web_cache *c, struct entry *e, struct piece *p)
{
    size_t before = piece_bytes(e->piece), after = piece_bytes(p);

    piece_put(e->piece);
    e->piece = p;
    e->bytes = e->bytes - before + after;
    if (!e->kept)
        return;
    c->bytes = c->bytes - before + after;
    while (c->bytes > c->budget && c->oldest && c->oldest != e) {
        unlink_entry(c, c->oldest);
        c->evictions++;
    }
}

void web_cache_free(struct web_cache *c)
{
    if (!c)
        return;
    while (c->newest)
        unlink_entry(c, c->newest);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

const struct portal_marks *web_cache_marks(const struct web_cache *c)
{
    return &c->marks;
}

/* FNV-1a: keys are short and come from this server's own requests. */
static uint64_t hash_of(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* The request's key (host, path, query) in its arena, or NULL if it may not be cached. */
static const char *key_of(struct web *w, struct http_request *req)
{
    const char *host;
    struct buf b;
    char *k;

    if (!(req->method & (HTTP_GET | HTTP_HEAD)) ||
        http_request_cookie(req, auth_session_cookie(w->auth)) ||
        http_request_header(req, "Authorization"))
        return NULL;
    /* pages differ by host only through web_base_url: with base_url set, or for a Host that
       names no known address (all drawn with relative URLs), one key serves them all, so a
       forged Host neither poisons a page nor fills the cache with copies */
    host = *web_site(w, req)->base_url ? NULL : web_known_host(w, req);
    buf_init(&b, 8192);
    /* the site's pages are its own: a host that names no site is the default site's */
    buf_printf(&b, "%lld\n%s\n", (long long)web_site(w, req)->id, i18n_code(i18n_lang()));
    buf_puts(&b, host ? host : "");
    buf_putc(&b, '\n');
    buf_puts(&b, req->raw_path);
    buf_putc(&b, '?');
    buf_puts(&b, req->raw_query);
    k = buf_error(&b) ? NULL : arena_strndup(req->arena, b.data, b.len);
    buf_release(&b);
    return k;
}

/* The time the pages drawn now must be drawn again by: the next scheduled article's, read
   once for each generation (and again once that time has come). Under the lock. */
static int64_t next_change(struct web *w, struct web_cache *c, uint64_t gen, int64_t now)
{
    int64_t at = 0;

    if (!c->sched_known || c->sched_gen != gen || (c->sched_at && now >= c->sched_at)) {
        if (store_next_scheduled(w->store, now, &at) != CONG_OK)
            return now; /* unknown: keep nothing */
        c->sched_gen = gen;
        c->sched_at = at;
        c->sched_known = true;
    }
    return c->sched_at && c->sched_at < now + CACHE_MAX_AGE_S ? c->sched_at
                                                               : now + CACHE_MAX_AGE_S;
}

/* Cuts body at the marks into e (segments and holes). false: out of memory, or a mark of a
   kind it does not know (the page is then not kept). */
static bool cut(struct web_cache *c, struct entry *e, const char *body, size_t len)
{
    size_t mlen = strlen(c->mark_text[0]), cap = 8, out = 0;
    const char *p = body, *end = body + len, *m;

    e->text = malloc(len + 1);
    e->seg_end = malloc(cap * sizeof(*e->seg_end));
    e->hole = malloc(cap);
    if (!e->text || !e->seg_end || !e->hole)
        return false;
    e->nseg = 0;
    while ((m = memchr(p, MARK_ESC, (size_t)(end - p)))) {
        int kind = -1;
        for (int i = 0; i < L_COUNT && m + mlen <= end; i++) {
            if (!memcmp(m, c->mark_text[i], mlen))
                kind = i;
        }
        if (kind < 0) {
            /* an ESC of the page's own: text like any other */
            memcpy(e->text + out, p, (size_t)(m - p) + 1);
            out += (size_t)(m - p) + 1;
            p = m + 1;
            continue;
        }
        if (e->nseg + 2 > cap) {
            size_t *se = realloc(e->seg_end, 2 * cap * sizeof(*se));
            unsigned char *h = se ? realloc(e->hole, 2 * cap) : NULL;
            if (se)
                e->seg_end = se;
            if (!h)
                return false;
            e->hole = h;
            cap *= 2;
        }
        memcpy(e->text + out, p, (size_t)(m - p));
        out += (size_t)(m - p);
        e->seg_end[e->nseg] = out;
        e->hole[e->nseg] = (unsigned char)kind;
        e->nseg++;
        e->per_request |= kind == L_LOGIN;
        p = m + mlen;
    }
    memcpy(e->text + out, p, (size_t)(end - p));
    out += (size_t)(end - p);
    e->text[out] = '\0';
    e->seg_end[e->nseg++] = out;
    e->bytes = sizeof(*e) + out + e->nseg * (sizeof(*e->seg_end) + 1) + strlen(e->key);
    return true;
}

/* e's text with values in its holes, into out. */
static void fill(const struct entry *e, const int64_t live[L_LOGIN], const char *token,
                 struct buf *out)
{
    size_t start = 0;

    for (size_t i = 0; i < e->nseg; i++) {
        buf_add(out, e->text + start, e->seg_end[i] - start);
        start = e->seg_end[i];
        if (i + 1 == e->nseg)
            break;
        if (e->hole[i] == L_LOGIN)
            buf_puts(out, token ? token : "");
        else
            i18n_add_int(out, live[e->hole[i]]); /* e's language is the request's: its key */
    }
}

/* A new piece of e for live, with its compressed forms; NULL when out of memory. */
static struct piece *piece_new(const struct entry *e, const int64_t live[L_LOGIN])
{
    struct piece *p = calloc(1, sizeof(*p));

    if (!p)
        return NULL;
    atomic_init(&p->refs, 1);
    memcpy(p->live, live, sizeof(p->live));
    buf_init(&p->plain, 0);
    fill(e, live, NULL, &p->plain);
    if (buf_error(&p->plain)) {
        piece_put(p);
        return NULL;
    }
    /* a failed compression only means that encoding is not offered */
    (void)http_gzip(p->plain.data, p->plain.len, 6, &p->gz, &p->gz_len);
    /* quality 5: most of brotli's gain on HTML at a small part of its top levels' time */
    (void)http_brotli(p->plain.data, p->plain.len, 5, &p->br, &p->br_len);
    return p;
}

/* The numbers to fill in now: the counter as the stats module last handed it over (as every
   page shows it), and e's article's views, read again at most once a second. */
static void live_now(struct web *w, struct http_request *req, struct entry *e, int64_t now,
                     int64_t live[L_LOGIN])
{
    struct web_cache *c = w->cache;
    struct stats_counts sc = {0};
    int64_t views = 0;
    bool stale;

    if (w->stats)
        stats_cached(w->stats, web_site(w, req)->id, &sc);
    live[L_ONLINE] = sc.online;
    live[L_TODAY] = sc.today;
    live[L_TOTAL] = sc.total;
    pthread_mutex_lock(&c->lock);
    stale = e->article_id && e->views_at != now;
    live[L_VIEWS] = e->views;
    pthread_mutex_unlock(&c->lock);
    if (stale && store_article_views(w->store, e->article_id, &views) == CONG_OK) {
        pthread_mutex_lock(&c->lock);
        e->views = views;
        e->views_at = now;
        pthread_mutex_unlock(&c->lock);
        live[L_VIEWS] = views;
    }
}

/* Sets the answer's body to data[0..n) as encoded (NULL: identity). */
static void answer_with(struct http_response *res, const void *data, size_t n,
                        const char *encoding)
{
    buf_reset(&res->body);
    res->data = NULL;
    buf_add(&res->body, data, n);
    if (encoding)
        http_response_set_header(res, "Content-Encoding", encoding);
}

/* Answers req from e: the page filled with this request's values, encoded as it accepts. */
static void answer(struct web *w, struct http_request *req, struct http_response *res,
                   struct entry *e, int64_t now)
{
    struct web_cache *c = w->cache;
    int64_t live[L_LOGIN];
    struct piece *p;
    bool br = http_accepts_encoding(req, "br"), gz = http_accepts_encoding(req, "gzip");

    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
    http_response_set_header(res, "Cache-Control", "no-cache");
    http_response_set_header(res, "Vary", "Accept-Encoding");
    live_now(w, req, e, now, live);
    if (e->per_request) {
        struct buf b;
        unsigned char *z = NULL;
        size_t zn = 0;

        buf_init(&b, 0);
        fill(e, live, web_login_token(w, req, res), &b);
        if (gz && !buf_error(&b) && http_gzip(b.data, b.len, 1, &z, &zn))
            answer_with(res, z, zn, "gzip");
        else
            answer_with(res, b.data, b.len, NULL);
        free(z);
        buf_release(&b);
        return;
    }
    pthread_mutex_lock(&c->lock);
    p = e->piece;
    if (p && !memcmp(p->live, live, sizeof(p->live)))
        atomic_fetch_add(&p->refs, 1);
    else
        p = NULL;
    pthread_mutex_unlock(&c->lock);
    if (!p) {
        if (!(p = piece_new(e, live))) {
            web_page_fail(w, req, res, CONG_ENOMEM, NULL);
            return;
        }
        atomic_fetch_add(&p->refs, 1); /* one for e, one for this request */
        pthread_mutex_lock(&c->lock);
        set_piece(c, e, p);
        pthread_mutex_unlock(&c->lock);
    }
    if (br && p->br_len)
        answer_with(res, p->br, p->br_len, "br");
    else if (gz && p->gz_len)
        answer_with(res, p->gz, p->gz_len, "gzip");
    else
        answer_with(res, p->plain.data, p->plain.len, NULL);
    piece_put(p);
}

bool web_cached(struct web *w, struct http_request *req, struct http_response *res)
{
    struct web_cache *c = w->cache;
    const char *key;
    struct entry *e;
    uint64_t gen, h;
    int64_t now;

    if (!c || !(key = key_of(w, req)))
        return false;
    gen = web_site(w, req)->generation;
    now = w->now();
    h = hash_of(key, strlen(key));
    pthread_mutex_lock(&c->lock);
    for (e = c->bucket[h % CACHE_BUCKETS]; e && (e->hash != h || strcmp(e->key, key)); e = e->chain)
        ;
    if (e && (e->generation != gen || now >= e->expires)) {
        unlink_entry(c, e);
        e = NULL;
    }
    if (e)
        c->hits++;
    else
        c->misses++;
    if (e) {
        atomic_fetch_add(&e->refs, 1);
        if (c->newest != e) { /* to the front of the use order */
            e->newer->older = e->older;
            if (e->older)
                e->older->newer = e->newer;
            else
                c->oldest = e->newer;
            e->newer = NULL;
            e->older = c->newest;
            c->newest->newer = e;
            c->newest = e;
        }
    }
    pthread_mutex_unlock(&c->lock);
    if (!e) {
        /* what the handler reads from here on is at least this generation */
        req->stamp = gen + 1;
        return false;
    }
    answer(w, req, res, e, now);
    http_response_set_header(res, "X-Cache", "hit");
    if (e->counted)
        web_count_view(w, req, res, e->article_id);
    entry_put(e);
    return true;
}

const struct portal_marks *web_cache_marks_for(struct web *w, const struct http_request *req)
{
    return w->cache && req->stamp ? &w->cache->marks : NULL;
}

/* Adds e to the table (under the lock), dropping the least used entries over the budget. */
static void insert(struct web_cache *c, struct entry *e)
{
    struct entry *old;

    for (old = c->bucket[e->hash % CACHE_BUCKETS]; old; old = old->chain) {
        if (old->hash == e->hash && !strcmp(old->key, e->key)) {
            unlink_entry(c, old);
            break;
        }
    }
    atomic_fetch_add(&e->refs, 1);
    e->chain = c->bucket[e->hash % CACHE_BUCKETS];
    c->bucket[e->hash % CACHE_BUCKETS] = e;
    e->older = c->newest;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (!c->oldest)
        c->oldest = e;
    c->bytes += e->bytes;
    c->entries++;
    e->kept = true;
    while (c->bytes > c->budget && c->oldest && c->oldest != e) {
        unlink_entry(c, c->oldest);
        c->evictions++;
    }
}

void web_cache_keep(struct web *w, struct http_request *req, struct http_response *res,
                    bool counted, int64_t article_id, int64_t views)
{
    struct web_cache *c = w->cache;
    const char *key = key_of(w, req);
    struct entry *e = calloc(1, sizeof(*e));
    int64_t now = w->now();

    if (e)
        atomic_init(&e->refs, 1);
    if (!e || !key || !(e->key = strdup(key)) || !cut(c, e, res->body.data, res->body.len)) {
        entry_put(e);
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    e->hash = hash_of(key, strlen(key));
    e->generation = req->stamp - 1;
    e->counted = counted;
    e->article_id = article_id;
    e->views = views;
    e->views_at = now;
    pthread_mutex_lock(&c->lock);
    e->expires = next_change(w, c, e->generation, now);
    /* a page bigger than the whole budget, or drawn from a generation already gone, is
       answered but not kept */
    if (e->bytes <= c->budget && e->generation == store_generation(w->store) && e->expires > now)
        insert(c, e);
    pthread_mutex_unlock(&c->lock);
    answer(w, req, res, e, now);
    http_response_set_header(res, "X-Cache", "miss");
    entry_put(e);
}

int web_media_public(struct web *w, int64_t id, int64_t now)
{
    struct web_cache *c = w->cache;
    struct public_slot *k;
    uint64_t gen;
    int answer = -1;

    if (!c || id <= 0)
        return -1;
    gen = store_generation(w->store);
    pthread_mutex_lock(&c->lock);
    k = &c->known[(uint64_t)id % PUBLIC_SLOTS];
    if (k->id == id && k->generation == gen && now < k->expires)
        answer = k->is_public;
    pthread_mutex_unlock(&c->lock);
    return answer;
}

void web_media_public_found(struct web *w, int64_t id, uint64_t generation, int64_t now,
                            bool is_public)
{
    struct web_cache *c = w->cache;
    struct public_slot *k;

    if (!c || id <= 0)
        return;
    pthread_mutex_lock(&c->lock);
    k = &c->known[(uint64_t)id % PUBLIC_SLOTS];
    *k = (struct public_slot){id, generation, next_change(w, c, generation, now), is_public};
    pthread_mutex_unlock(&c->lock);
}

void web_cache_figures(struct web *w, struct web_cache_figures *out)
{
    struct web_cache *c = w->cache;

    memset(out, 0, sizeof(*out));
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    *out = (struct web_cache_figures){.on = true, .hits = c->hits, .misses = c->misses,
                                      .evictions = c->evictions, .entries = c->entries,
                                      .bytes = c->bytes, .budget = c->budget};
    pthread_mutex_unlock(&c->lock);
}
