/*
 * The visitor counter's in-memory side. Page views are gathered in a batch (one entry per
 * visitor and page kind, so a busy second costs a few entries, not one per request), and a
 * thread hands the batch to the store about once a second. A batch the store refuses is kept
 * and retried, so a database hiccup delays counts without losing them; a clean stop writes
 * the last batch, and a crash loses at most the views since the last hand-over.
 */
#include "stats.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define STATS_MAX_PENDING (1u << 20) /* views kept while the database refuses them */
#define ANON_SLOTS        65536      /* the per-node cache of address+browser -> visitor */
#define PRUNE_EVERY       60         /* seconds between prunes of old visitor rows */

struct anon_slot {
    char anon[STATS_COOKIE_LEN + 1];
    char visitor[STATS_COOKIE_LEN + 1];
    int64_t seen;
};

struct batch {
    struct stats_hit *hits;
    size_t n, cap;
    uint32_t *index; /* open addressing: hit number + 1, 0 for empty; 2x cap slots */
    size_t index_cap;
};

/* A site's counter as of the last hand-over, and its starting offset. */
struct site_counts {
    int64_t site_id;
    int64_t offset; /* its stats_total_offset setting */
    struct stats_counts c;
};
#define STATS_SITES_MAX 1024 /* sites whose counters are kept (more count, but show 0) */

struct stats {
    struct store *store;
    int64_t (*now)(void);
    unsigned flush_ms;
    unsigned char secret[crypto_generichash_KEYBYTES];
    int64_t last_prune;

    pthread_mutex_t lock; /* guards pending, anon, sites and the two times below */
    struct site_counts *sites;
    size_t nsites;
    struct batch pending;
    /* when the oldest view of pending, and of the batch being written, was counted
       (mono_us; 0: none), for stats_lag */
    int64_t pending_since, writing_since;
    struct anon_slot *anon;

    pthread_mutex_t flush_lock; /* one hand-over at a time, so batches stay in order */
    pthread_mutex_t wake_lock;
    pthread_cond_t wake;
    bool stopping;
    bool running;
    pthread_t thread;
};

static int64_t mono_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static const char *const crawler_marks[] = {
    "bot",        "crawl",    "spider",     "slurp",   "facebookexternalhit",
    "preview",    "fetcher",  "monitor",    "curl/",   "wget/",
    "python-",    "go-http",  "java/",      "okhttp",  "libwww",
    "httpclient", "headless", "lighthouse", "pingdom", "uptime",
    "zalo",       "feed",     "validator",  "scrapy",  "axios/",
};

bool stats_is_crawler(const char *ua)
{
    char low[512];
    size_t i;

    if (!ua || !*ua)
        return true;
    for (i = 0; ua[i] && i < sizeof(low) - 1; i++)
        low[i] = (ua[i] >= 'A' && ua[i] <= 'Z') ? (char)(ua[i] - 'A' + 'a') : ua[i];
    low[i] = '\0';
    for (i = 0; i < sizeof(crawler_marks) / sizeof(crawler_marks[0]); i++) {
        if (strstr(low, crawler_marks[i]))
            return true;
    }
    return false;
}

void stats_day(int64_t t, char day[11])
{
    struct tm tm;
    time_t tt = (time_t)t;

    if (!localtime_r(&tt, &tm) || strftime(day, 11, "%Y-%m-%d", &tm) != 10)
        memcpy(day, "1970-01-01", 11);
}

static bool is_key(const char *s, size_t n)
{
    if (n != STATS_COOKIE_LEN)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    }
    return true;
}

/* The visitor cookie's value in a Cookie header, if well-formed. */
static bool cookie_key(const char *h, char out[STATS_COOKIE_LEN + 1])
{
    const size_t nlen = sizeof(STATS_COOKIE) - 1;
    const char *p = h, *end;

    while (p && *p) {
        while (*p == ' ' || *p == ';')
            p++;
        end = strchrnul(p, ';');
        if ((size_t)(end - p) > nlen && !memcmp(p, STATS_COOKIE, nlen) && p[nlen] == '=') {
            const char *v = p + nlen + 1;
            size_t vlen = (size_t)(end - v);
            while (vlen && v[vlen - 1] == ' ')
                vlen--;
            if (!is_key(v, vlen))
                return false;
            memcpy(out, v, STATS_COOKIE_LEN);
            out[STATS_COOKIE_LEN] = '\0';
            return true;
        }
        p = end;
    }
    return false;
}

static void hex_key(const unsigned char *bin, char out[STATS_COOKIE_LEN + 1])
{
    sodium_bin2hex(out, STATS_COOKIE_LEN + 1, bin, STATS_COOKIE_LEN / 2);
}

static uint32_t hash_hit(const char *visitor, int64_t article, int64_t site)
{
    uint32_t h = 2166136261u;

    for (int i = 0; i < STATS_COOKIE_LEN; i++)
        h = (h ^ (unsigned char)visitor[i]) * 16777619u;
    for (int i = 0; i < 8; i++)
        h = (h ^ (unsigned char)(article >> (i * 8))) * 16777619u;
    for (int i = 0; i < 8; i++)
        h = (h ^ (unsigned char)(site >> (i * 8))) * 16777619u;
    return h;
}

static void batch_release(struct batch *b)
{
    free(b->hits);
    free(b->index);
    memset(b, 0, sizeof(*b));
}

/* Rebuilds the index for a capacity of cap hits. */
static bool batch_reserve(struct batch *b, size_t cap)
{
    struct stats_hit *hits;
    uint32_t *index;
    size_t icap = 16;

    if (cap <= b->cap)
        return true;
    while (icap < cap * 2)
        icap *= 2;
    hits = realloc(b->hits, cap * sizeof(*hits));
    if (!hits)
        return false;
    b->hits = hits;
    index = calloc(icap, sizeof(*index));
    if (!index)
        return false;
    for (size_t i = 0; i < b->n; i++) {
        uint32_t h = hash_hit(hits[i].visitor, hits[i].article_id, hits[i].site_id) &
                     (uint32_t)(icap - 1);
        while (index[h])
            h = (h + 1) & (uint32_t)(icap - 1);
        index[h] = (uint32_t)i + 1;
    }
    free(b->index);
    b->index = index;
    b->index_cap = icap;
    b->cap = cap;
    return true;
}

/* Adds one view to the batch, merging with the same visitor and page kind. */
static bool batch_add(struct batch *b, int64_t site, const char *visitor, const char *anon,
                      int64_t article, int64_t now, size_t views, int64_t first_ts,
                      const char *day)
{
    uint32_t h;
    struct stats_hit *hit;

    if (b->n == b->cap && !batch_reserve(b, b->cap ? b->cap * 2 : 256))
        return false;
    h = hash_hit(visitor, article, site) & (uint32_t)(b->index_cap - 1);
    while (b->index[h]) {
        hit = &b->hits[b->index[h] - 1];
        if (hit->article_id == article && hit->site_id == site &&
            !memcmp(hit->visitor, visitor, STATS_COOKIE_LEN)) {
            if (now > hit->last_ts)
                hit->last_ts = now;
            hit->views += (int64_t)views;
            if (!hit->anon[0] && anon[0])
                memcpy(hit->anon, anon, sizeof(hit->anon));
            return true;
        }
        h = (h + 1) & (uint32_t)(b->index_cap - 1);
    }
    hit = &b->hits[b->n];
    memset(hit, 0, sizeof(*hit));
    memcpy(hit->visitor, visitor, STATS_COOKIE_LEN);
    memcpy(hit->anon, anon, strlen(anon) + 1);
    memcpy(hit->day, day, sizeof(hit->day));
    hit->first_ts = first_ts;
    hit->last_ts = now;
    hit->article_id = article;
    hit->site_id = site;
    hit->views = (int64_t)views;
    b->index[h] = (uint32_t)++b->n;
    return true;
}

bool stats_count(struct stats *s, const struct stats_view *v, char cookie[STATS_COOKIE_LEN + 1])
{
    char visitor[STATS_COOKIE_LEN + 1], anon[STATS_COOKIE_LEN + 1] = "", day[11];
    unsigned char bin[STATS_COOKIE_LEN / 2];
    crypto_generichash_state hs;
    struct anon_slot *slot;
    int64_t now, site_id;
    bool set_cookie = false;

    if (stats_is_crawler(v->user_agent))
        return false;
    site_id = v->site_id > 0 ? v->site_id : STORE_DEFAULT_SITE;
    now = s->now();
    stats_day(now, day);
    if (!v->cookie_header || !cookie_key(v->cookie_header, visitor)) {
        /* no cookie: the address and browser, hashed with the portal's secret so that no
           address is kept, stand for the visitor until the cookie comes back */
        const char *addr = v->address ? v->address : "", *ua = v->user_agent;
        unsigned char site[8];
        for (int i = 0; i < 8; i++)
            site[i] = (unsigned char)(v->site_id >> (i * 8));
        crypto_generichash_init(&hs, s->secret, sizeof(s->secret), sizeof(bin));
        /* a visitor of each site is counted by that site alone */
        crypto_generichash_update(&hs, site, sizeof(site));
        crypto_generichash_update(&hs, (const unsigned char *)addr, strlen(addr) + 1);
        crypto_generichash_update(&hs, (const unsigned char *)ua, strlen(ua));
        crypto_generichash_final(&hs, bin, sizeof(bin));
        hex_key(bin, anon);
        set_cookie = true;
    }
    pthread_mutex_lock(&s->lock);
    if (set_cookie) {
        slot = &s->anon[hash_hit(anon, 0, 0) % ANON_SLOTS];
        if (!strcmp(slot->anon, anon) && slot->seen >= now - STORE_STATS_WINDOW) {
            memcpy(visitor, slot->visitor, sizeof(visitor));
        } else {
            randombytes_buf(bin, sizeof(bin));
            hex_key(bin, visitor);
            memcpy(slot->anon, anon, sizeof(slot->anon));
            memcpy(slot->visitor, visitor, sizeof(slot->visitor));
        }
        slot->seen = now;
        memcpy(cookie, visitor, sizeof(visitor));
    }
    if (s->pending.n >= STATS_MAX_PENDING) {
        static int64_t warned;
        if (warned != now)
            log_warn("visitor statistics: %u views waiting for the database; new ones dropped",
                     STATS_MAX_PENDING);
        warned = now;
    } else {
        if (!s->pending.n)
            s->pending_since = mono_us(); /* the batch's first view starts its lag */
        if (!batch_add(&s->pending, site_id, visitor, anon, 0, now, 1, now, day) ||
            (v->article_id && !batch_add(&s->pending, site_id, visitor, anon, v->article_id,
                                         now, 0, now, day)))
            log_warn("visitor statistics: out of memory, a view was not counted");
        if (!s->pending.n)
            s->pending_since = 0;
    }
    pthread_mutex_unlock(&s->lock);
    return set_cookie;
}

enum cong_err stats_flush(struct stats *s)
{
    struct batch taken;
    int64_t now, prune = 0;
    enum cong_err rc;

    pthread_mutex_lock(&s->flush_lock);
    pthread_mutex_lock(&s->lock);
    taken = s->pending;
    memset(&s->pending, 0, sizeof(s->pending));
    s->writing_since = s->pending_since;
    s->pending_since = 0;
    pthread_mutex_unlock(&s->lock);
    now = s->now();
    if (now - s->last_prune >= PRUNE_EVERY) {
        /* rows older than two windows can no longer change any count */
        prune = now - 2 * STORE_STATS_WINDOW;
    }
    rc = taken.n || prune ? store_stats_apply(s->store, taken.hits, taken.n, prune) : CONG_OK;
    if (rc == CONG_OK) {
        if (prune)
            s->last_prune = now;
        batch_release(&taken);
        pthread_mutex_lock(&s->lock);
        s->writing_since = 0;
        pthread_mutex_unlock(&s->lock);
    } else {
        /* keep them, in front of what came meanwhile, for the next attempt */
        pthread_mutex_lock(&s->lock);
        struct batch later = s->pending;
        s->pending = taken;
        if (taken.n)
            s->pending_since = s->writing_since;
        s->writing_since = 0;
        for (size_t i = 0; i < later.n; i++) {
            struct stats_hit *h = &later.hits[i];
            if (!batch_add(&s->pending, h->site_id, h->visitor, h->anon, h->article_id,
                           h->last_ts, (size_t)h->views, h->first_ts, h->day))
                break;
        }
        pthread_mutex_unlock(&s->lock);
        batch_release(&later);
    }
    pthread_mutex_unlock(&s->flush_lock);
    return rc;
}

/* Site site_id's counts from the store, its offset added (*offset gets the offset). A bad
   offset setting counts as none (and is said once a minute at most). */
static enum cong_err site_counts(struct stats *s, int64_t site_id, struct stats_counts *out,
                                 int64_t *offset)
{
    struct store *st;
    struct arena a;
    char day[11], *v = NULL;
    int64_t now = s->now();
    enum cong_err rc;

    *offset = 0;
    stats_day(now, day);
    if ((rc = store_for_site(s->store, site_id, &st)) != CONG_OK ||
        (rc = store_stats_counts(st, now - STATS_ONLINE_WINDOW, day, out)) != CONG_OK)
        return rc;
    arena_init(&a, 0);
    rc = store_get_setting(st, &a, "stats_total_offset", &v);
    if (rc == CONG_OK && v && *v && (!text_parse_i64(v, strlen(v), offset) || *offset < 0)) {
        static int64_t warned;
        if (now - warned >= 60)
            log_warn("site %lld: setting 'stats_total_offset' is not a whole number >= 0 "
                     "('%s'): counted as 0",
                     (long long)site_id, v);
        warned = now;
        *offset = 0;
    }
    arena_release(&a);
    out->total += *offset;
    return rc;
}

/* Reads every site's counts from the store and remembers them for stats_cached. */
static enum cong_err read_counts(struct stats *s)
{
    struct site_counts *fresh;
    struct site *sites;
    struct arena a;
    size_t n;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = store_list_sites(s->store, &a, &sites, &n);
    if (n > STATS_SITES_MAX)
        n = STATS_SITES_MAX;
    fresh = rc == CONG_OK && n ? calloc(n, sizeof(*fresh)) : NULL;
    if (rc == CONG_OK && n && !fresh)
        rc = CONG_ENOMEM;
    for (size_t i = 0; rc == CONG_OK && i < n; i++) {
        fresh[i].site_id = sites[i].id;
        rc = site_counts(s, sites[i].id, &fresh[i].c, &fresh[i].offset);
    }
    arena_release(&a);
    if (rc != CONG_OK) {
        free(fresh);
        return rc;
    }
    pthread_mutex_lock(&s->lock);
    free(s->sites);
    s->sites = fresh;
    s->nsites = n;
    pthread_mutex_unlock(&s->lock);
    return CONG_OK;
}

enum cong_err stats_read(struct stats *s, int64_t site_id, struct stats_counts *out)
{
    int64_t offset;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    /* include the views of the last second: the counter is exact, not eventually so */
    rc = stats_flush(s);
    if (rc == CONG_OK)
        rc = site_counts(s, site_id, out, &offset);
    if (rc != CONG_OK)
        return rc;
    /* and what pages show from now on */
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->nsites; i++) {
        if (s->sites[i].site_id == site_id)
            s->sites[i].c = *out;
    }
    pthread_mutex_unlock(&s->lock);
    return CONG_OK;
}

double stats_lag(struct stats *s)
{
    int64_t since;

    pthread_mutex_lock(&s->lock);
    since = s->writing_since && (!s->pending_since || s->writing_since < s->pending_since)
                ? s->writing_since
                : s->pending_since;
    pthread_mutex_unlock(&s->lock);
    return since ? (double)(mono_us() - since) / 1e6 : 0.0;
}

int64_t stats_now(struct stats *s)
{
    return s->now();
}

struct store *stats_store(struct stats *s)
{
    return s->store;
}

void stats_cached(struct stats *s, int64_t site_id, struct stats_counts *out)
{
    memset(out, 0, sizeof(*out));
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->nsites; i++) {
        if (s->sites[i].site_id == site_id) {
            *out = s->sites[i].c;
            break;
        }
    }
    pthread_mutex_unlock(&s->lock);
}

static void *flusher(void *arg)
{
    struct stats *s = arg;
    struct timespec ts;
    bool stop;

    for (;;) {
        pthread_mutex_lock(&s->wake_lock);
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += (long)(s->flush_ms % 1000) * 1000000L;
        ts.tv_sec += s->flush_ms / 1000 + ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        while (!s->stopping) {
            if (pthread_cond_timedwait(&s->wake, &s->wake_lock, &ts) == ETIMEDOUT)
                break;
        }
        stop = s->stopping;
        pthread_mutex_unlock(&s->wake_lock);
        /* a failure has been logged by the store, and the batch is kept for the next round */
        if (stats_flush(s) == CONG_OK)
            (void)read_counts(s);
        if (stop)
            break;
    }
    return NULL;
}

enum cong_err stats_new(struct store *st, const struct stats_config *cfg, struct stats **out,
                        struct cong_error *err)
{
    struct stats *s;
    struct arena a;
    char *v = NULL, hex[crypto_generichash_KEYBYTES * 2 + 1];
    int64_t offset = 0;
    size_t len;
    enum cong_err rc;

    *out = NULL;
    if (sodium_init() < 0)
        return cong_error_set(err, CONG_ENOMEM, "cannot initialise libsodium");
    s = calloc(1, sizeof(*s));
    if (!s)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    s->anon = calloc(ANON_SLOTS, sizeof(*s->anon));
    if (!s->anon) {
        free(s);
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    }
    s->store = st;
    s->now = cfg && cfg->now ? cfg->now : time_now;
    s->flush_ms = cfg && cfg->flush_ms ? cfg->flush_ms : 1000;
    s->last_prune = 0;
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->flush_lock, NULL);
    pthread_mutex_init(&s->wake_lock, NULL);
    pthread_cond_init(&s->wake, NULL);

    arena_init(&a, 0);
    rc = store_get_setting(st, &a, "stats_secret", &v);
    if (rc == CONG_OK && !v) {
        /* the first node to count makes the secret, and only one can: nodes starting together
         * all try, one insert wins, the others read the winner's. Every node hashes alike */
        randombytes_buf(s->secret, sizeof(s->secret));
        sodium_bin2hex(hex, sizeof(hex), s->secret, sizeof(s->secret));
        rc = store_add_setting(st, "stats_secret", hex);
        sodium_memzero(hex, sizeof(hex));
        if (rc == CONG_EEXIST)
            rc = store_get_setting(st, &a, "stats_secret", &v);
    }
    if (rc == CONG_OK && v &&
        (sodium_hex2bin(s->secret, sizeof(s->secret), v, strlen(v), NULL, &len, NULL) != 0 ||
         len != sizeof(s->secret))) {
        /* a damaged secret is replaced: counting goes on, visitors are known anew */
        randombytes_buf(s->secret, sizeof(s->secret));
        sodium_bin2hex(hex, sizeof(hex), s->secret, sizeof(s->secret));
        rc = store_set_setting(st, "stats_secret", hex);
        sodium_memzero(hex, sizeof(hex));
    }
    if (rc == CONG_OK)
        rc = store_get_setting(st, &a, "stats_total_offset", &v);
    if (rc == CONG_OK && v && *v && (!text_parse_i64(v, strlen(v), &offset) || offset < 0)) {
        rc =
            cong_error_set(err, CONG_EINVAL,
                           "setting 'stats_total_offset' must be a whole number >= 0, not '%s'", v);
        arena_release(&a);
        stats_free(s);
        return rc;
    }
    arena_release(&a);
    if (rc == CONG_OK)
        rc = read_counts(s);
    if (rc != CONG_OK) {
        stats_free(s);
        return cong_error_set(err, rc, "cannot read the visitor statistics: %s", cong_strerror(rc));
    }
    *out = s;
    return CONG_OK;
}

enum cong_err stats_start(struct stats *s)
{
    if (pthread_create(&s->thread, NULL, flusher, s) != 0)
        return CONG_ENOMEM;
    s->running = true;
    return CONG_OK;
}

void stats_free(struct stats *s)
{
    if (!s)
        return;
    if (s->running) {
        pthread_mutex_lock(&s->wake_lock);
        s->stopping = true;
        pthread_cond_signal(&s->wake);
        pthread_mutex_unlock(&s->wake_lock);
        pthread_join(s->thread, NULL); /* its last round writes what was gathered */
    }
    if (s->pending.n && stats_flush(s) != CONG_OK)
        log_error("visitor statistics: %zu views could not be written", s->pending.n);
    batch_release(&s->pending);
    sodium_memzero(s->secret, sizeof(s->secret));
    free(s->anon);
    free(s->sites);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->flush_lock);
    pthread_mutex_destroy(&s->wake_lock);
    pthread_cond_destroy(&s->wake);
    free(s);
}
