/*
 * Which site a request is for. One server holds several sites; a request's is the one whose
 * host its Host header names (port ignored, case folded), else the default site. The layer
 * keeps a snapshot of the sites and of what pages need of each (name, tagline, base URL, the
 * store and auth handles), read again whenever store_generation moves, so a site added or a
 * setting changed on any node shows at the next request without a restart. A request gets a
 * copy of its site in its arena, so a snapshot replaced meanwhile is never read after free.
 */
#include "web_int.h"
#include "../i18n/i18n.h"

#include <stdlib.h>
#include <string.h>

#include "../content/content.h"

struct web_sites {
    uint64_t generation;
    size_t n;
    struct web_site *v; /* strings owned (malloc) */
};

static void sites_free(struct web_sites *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free((char *)s->v[i].host);
        free((char *)s->v[i].name);
        free((char *)s->v[i].tagline);
        free((char *)s->v[i].base_url);
        for (size_t k = 0; k < WEB_BRAND_COUNT; k++)
            free((char *)s->v[i].brand[k]);
    }
    free(s->v);
    free(s);
}

void web_sites_free(struct web *w)
{
    sites_free(w->sites);
    w->sites = NULL;
}

/* A setting of st, copied with malloc ("" when unset); NULL when out of memory. */
static char *setting_dup(struct store *st, struct arena *a, const char *key, const char *fallback,
                         enum cong_err *rc)
{
    char *v = NULL;
    enum cong_err r = store_get_setting(st, a, key, &v);

    if (r != CONG_OK && *rc == CONG_OK)
        *rc = r;
    return strdup(v && *v ? v : fallback);
}

/* base_url normalised, or "" (logged) when it is not a URL of a host; malloc'd. */
static char *base_dup(const char *host, char *set)
{
    struct buf norm;
    char *out;

    if (!set || !*set)
        return set;
    buf_init(&norm, 512);
    if (content_base_url_normalise(set, &norm) == CONG_OK) {
        out = buf_error(&norm) ? NULL : strdup(norm.data);
    } else {
        log_warn("site %s: setting base_url '%s' is not an http(s) URL of a host (like "
                 "https://example.vn): ignored",
                 host, set);
        out = strdup("");
    }
    buf_release(&norm);
    free(set);
    return out;
}

/* The settings of site the theme shows (site->brand), malloc'd; the logo's media id as its
   URL (none when it is not a picture of the library any more). */
static enum cong_err brand_load(struct web_site *site, struct arena *a)
{
    static const char *const keys[WEB_BRAND_COUNT] = {
        [WEB_BRAND_ADDRESS] = "address",          [WEB_BRAND_PHONE] = "phone",
        [WEB_BRAND_EMAIL] = "email",              [WEB_BRAND_FOOTER] = "footer_text",
        [WEB_BRAND_FACEBOOK] = "social_facebook", [WEB_BRAND_YOUTUBE] = "social_youtube",
        [WEB_BRAND_ZALO] = "social_zalo",         [WEB_BRAND_LANGUAGE] = "language",
    };
    enum cong_err rc = CONG_OK;
    char *logo = NULL;
    int64_t id = 0;
    struct content_image img;

    for (size_t k = 0; k < WEB_BRAND_COUNT; k++) {
        if (keys[k] && !(site->brand[k] = setting_dup(site->store, a, keys[k],
                                                       k == WEB_BRAND_LANGUAGE ? "vi" : "", &rc)))
            return CONG_ENOMEM;
    }
    if (rc == CONG_OK && store_get_setting(site->store, a, "logo", &logo) == CONG_OK && logo &&
        text_parse_i64(logo, strlen(logo), &id) && id > 0 &&
        content_media_image(site->store, a, id, &img) == CONG_OK &&
        !strncmp(img.mime, "image/", 6))
        site->brand[WEB_BRAND_LOGO] = strdup(img.url);
    else
        site->brand[WEB_BRAND_LOGO] = strdup("");
    return !site->brand[WEB_BRAND_LOGO] ? CONG_ENOMEM : rc;
}

/* Reads every site and what pages need of it, as of generation gen. */
static enum cong_err sites_load(struct web *w, uint64_t gen, struct web_sites **out)
{
    struct web_sites *s;
    struct site *rows;
    struct arena a;
    size_t n;
    enum cong_err rc;

    *out = NULL;
    arena_init(&a, 0);
    s = calloc(1, sizeof(*s));
    rc = s ? store_list_sites(w->store, &a, &rows, &n) : CONG_ENOMEM;
    if (rc == CONG_OK && n && !(s->v = calloc(n, sizeof(*s->v))))
        rc = CONG_ENOMEM;
    for (size_t i = 0; rc == CONG_OK && i < n; i++) {
        struct web_site *site = &s->v[i];
        s->n++;
        site->id = rows[i].id;
        site->parent_id = rows[i].parent_id;
        site->is_default = rows[i].id == STORE_DEFAULT_SITE;
        if ((rc = store_for_site(w->store, site->id, &site->store)) != CONG_OK)
            break;
        if (w->auth && (rc = auth_for_site(w->auth, site->store, &site->auth)) != CONG_OK)
            break;
        site->host = strdup(rows[i].host);
        site->name = setting_dup(site->store, &a, "site_name", _("Cổng thông tin điện tử"), &rc);
        site->tagline = setting_dup(site->store, &a, "tagline", "", &rc);
        site->base_url = base_dup(rows[i].host, setting_dup(site->store, &a, "base_url", "", &rc));
        if (rc == CONG_OK && (!site->host || !site->name || !site->tagline || !site->base_url))
            rc = CONG_ENOMEM;
        if (rc == CONG_OK)
            rc = brand_load(site, &a);
    }
    for (size_t i = 0; rc == CONG_OK && i < n; i++) {
        for (size_t k = 0; k < n && !s->v[i].has_children; k++)
            s->v[i].has_children = s->v[k].parent_id == s->v[i].id;
    }
    if (rc == CONG_OK && (!n || s->v[0].id != STORE_DEFAULT_SITE))
        rc = CONG_ESCHEMA; /* the default site comes first, and is always there */
    arena_release(&a);
    if (rc != CONG_OK) {
        sites_free(s);
        return rc;
    }
    s->generation = gen;
    *out = s;
    return CONG_OK;
}

enum cong_err web_sites_init(struct web *w, struct cong_error *err)
{
    enum cong_err rc;

    if (pthread_mutex_init(&w->sites_lock, NULL) != 0)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    w->sites_lock_ready = true;
    rc = sites_load(w, store_generation(w->store), &w->sites);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, "cannot read the sites: %s", cong_strerror(rc));
    return CONG_OK;
}

/* The host part of a Host header, lowercase, without its port, in a; NULL if malformed. */
static char *host_part(struct arena *a, const char *host)
{
    const char *end;
    char *low;

    if (!host || !content_is_authority(host, strlen(host)))
        return NULL;
    if (host[0] == '[')
        end = strchr(host, ']') ? strchr(host, ']') + 1 : host + strlen(host);
    else
        end = strchr(host, ':') ? strchr(host, ':') : host + strlen(host);
    low = arena_strndup(a, host, (size_t)(end - host));
    if (low)
        web_lowercase(low);
    return low;
}

/* A copy of site in the request's arena; false when out of memory. */
static bool site_copy(struct arena *a, const struct web_site *from, struct web_site *to)
{
    *to = *from;
    to->host = arena_strdup(a, from->host);
    to->name = arena_strdup(a, from->name);
    to->tagline = arena_strdup(a, from->tagline);
    to->base_url = arena_strdup(a, from->base_url);
    for (size_t k = 0; k < WEB_BRAND_COUNT; k++) {
        if (!(to->brand[k] = arena_strdup(a, from->brand[k] ? from->brand[k] : "")))
            return false;
    }
    return to->host && to->name && to->tagline && to->base_url;
}

/* The snapshot, read again if the store moved since (under sites_lock). A failed read keeps
   the one there is: a site's pages stay up while the store hiccups. */
static struct web_sites *current(struct web *w, uint64_t gen)
{
    struct web_sites *fresh;

    if (w->sites->generation != gen && sites_load(w, gen, &fresh) == CONG_OK) {
        sites_free(w->sites);
        w->sites = fresh;
    }
    return w->sites;
}

const struct web_site *web_site(struct web *w, struct http_request *req)
{
    struct web_site *out = req->site;
    struct web_sites *s;
    const struct web_site *found = NULL;
    const char *host;
    uint64_t gen;

    if (out)
        return out;
    host = host_part(req->arena, http_request_header(req, "Host"));
    gen = store_generation(w->store);
    out = arena_alloc(req->arena, sizeof(*out));
    pthread_mutex_lock(&w->sites_lock);
    s = current(w, gen);
    for (size_t i = 0; host && i < s->n && !found; i++) {
        if (!strcmp(s->v[i].host, host))
            found = &s->v[i];
    }
    if (!found)
        found = &s->v[0]; /* an unknown host: the default site */
    if (out && !site_copy(req->arena, found, out))
        out = NULL;
    pthread_mutex_unlock(&w->sites_lock);
    if (!out) {
        /* out of memory: the default site's handles, with nothing to show of it */
        static const struct web_site none = {.brand = {"", "", "", "", "", "", "", "", "vi"},
                                             .id = STORE_DEFAULT_SITE, .host = "",
                                             .name = "", .tagline = "", .base_url = "",
                                             .is_default = true};
        out = &w->fallback_site;
        *out = none;
        out->store = w->store;
        out->auth = w->auth;
        return out;
    }
    out->generation = gen;
    out->host_named = host && !strcmp(host, out->host);
    req->site = out;
    return out;
}

enum cong_err web_site_by_id(struct web *w, struct http_request *req, int64_t id,
                             const struct web_site **out)
{
    struct web_site *copy = arena_alloc(req->arena, sizeof(*copy));
    struct web_sites *s;
    enum cong_err rc = CONG_ENOTFOUND;

    *out = NULL;
    if (!copy)
        return CONG_ENOMEM;
    pthread_mutex_lock(&w->sites_lock);
    s = current(w, web_site(w, req)->generation);
    for (size_t i = 0; i < s->n && rc == CONG_ENOTFOUND; i++) {
        if (s->v[i].id == id)
            rc = site_copy(req->arena, &s->v[i], copy) ? CONG_OK : CONG_ENOMEM;
    }
    pthread_mutex_unlock(&w->sites_lock);
    if (rc == CONG_OK)
        *out = copy;
    return rc;
}

const char *web_site_origin(struct web *w, struct http_request *req, const struct web_site *site)
{
    const char *here = web_base_url(w, req), *port;

    if (*site->base_url)
        return site->base_url;
    /* the same server: the scheme and port this request came by, the other site's host (or,
       when this request names no host of ours, plain http on the listen port) */
    if (!*here) {
        if (w->listen_port && w->listen_port != 80)
            return arena_printf(req->arena, "http://%s:%u", site->host, w->listen_port);
        return arena_printf(req->arena, "http://%s", site->host);
    }
    port = strrchr(here + 7, ':');
    if (port && strchr(port, ']'))
        port = NULL;
    return arena_printf(req->arena, "%.*s%s%s", (int)(strstr(here, "://") + 3 - here), here,
                        site->host, port ? port : "");
}
