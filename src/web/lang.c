/*
 * The language of each answer. A request's language is the first of: its ?lang= (vi or en,
 * on any URL; a page then also sets the cookie that keeps the choice), its lang cookie, for
 * the JSON API its Accept-Language, and the site's language setting. The router's prepare
 * step sets it as the thread's language (i18n_set_lang) before any handler runs, so every
 * _() of the answer, its templates and the domain's messages speak it; the render cache keys
 * its pages by it.
 */
#include "web_int.h"

#include <string.h>
#include <strings.h>

#include "../i18n/i18n.h"

#define LANG_COOKIE "lang"
#define LANG_COOKIE_AGE (365 * 24 * 3600)

/* The first of vi and en that an Accept-Language header names (weights aside: a client that
   names both first names the one it prefers), else false. */
static bool accept_language(const char *h, enum i18n_lang *out)
{
    char tag[8];
    size_t n;

    while (h && *h) {
        h += strspn(h, " ,");
        n = strcspn(h, ",;- ");
        if (n > 0 && n < sizeof(tag)) {
            memcpy(tag, h, n);
            tag[n] = '\0';
            if (i18n_parse(tag, out))
                return true;
        }
        h = strchr(h, ',');
    }
    return false;
}

enum i18n_lang web_lang_of(struct web *w, struct http_request *req)
{
    enum i18n_lang lang;

    if (i18n_parse(http_request_query(req, "lang"), &lang) ||
        i18n_parse(http_request_cookie(req, LANG_COOKIE), &lang))
        return lang;
    if (web_is_api(req) && accept_language(http_request_header(req, "Accept-Language"), &lang))
        return lang;
    if (!i18n_parse(web_site(w, req)->brand[WEB_BRAND_LANGUAGE], &lang))
        lang = I18N_VI;
    return lang;
}

void web_lang_prepare(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    enum i18n_lang lang = web_lang_of(w, req), kept;
    const char *cookie = http_request_cookie(req, LANG_COOKIE);

    i18n_set_lang(lang);
    /* a ?lang= the cookie does not already say is kept for the visitor's next pages */
    if (!web_is_api(req) && i18n_parse(http_request_query(req, "lang"), &lang) &&
        !(i18n_parse(cookie, &kept) && kept == lang))
        (void)http_response_cookie(req, res, LANG_COOKIE, i18n_code(lang), "/", LANG_COOKIE_AGE,
                                   HTTP_COOKIE_LAX |
                                       (w->auth && auth_is_https(w->auth) ? HTTP_COOKIE_SECURE
                                                                          : 0));
    http_response_set_header(res, "Content-Language", i18n_code(i18n_lang()));
}

const char *web_lang_url(struct http_request *req, enum i18n_lang lang)
{
    struct buf b;
    const char *q = req->raw_query, *amp;
    const char *out;
    size_t n;

    /* a request refused before its path was read (malformed) has none to switch */
    if (!req->raw_path)
        return NULL;
    buf_init(&b, 0);
    buf_puts(&b, req->raw_path);
    buf_putc(&b, '?');
    /* the query as it came, without its lang, then the language asked for */
    while (q && *q) {
        amp = strchr(q, '&');
        n = amp ? (size_t)(amp - q) : strlen(q);
        if (!(n >= 5 && !strncmp(q, "lang=", 5)) && n > 0) {
            buf_add(&b, q, n);
            buf_putc(&b, '&');
        }
        q = amp ? amp + 1 : NULL;
    }
    buf_printf(&b, "lang=%s", i18n_code(lang));
    out = buf_error(&b) ? NULL : arena_strndup(req->arena, b.data, b.len);
    buf_release(&b);
    return out;
}
