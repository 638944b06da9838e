/*
 * Reading an article beyond its page: the metadata search engines and social networks read
 * (JSON-LD NewsArticle, built with jansson and escaped so that nothing in an article can
 * close its <script> block), the print view ("?in=1", a page made for Ctrl+P, no script), and
 * the downloadable copy ("/luu": one self-contained HTML file, its images from /media
 * embedded as data: URIs). Only visible articles are served; the article page itself stays
 * in site.c.
 */
#include "site_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../i18n/i18n.h"
#include "../content/content.h"

/* The most image bytes one downloaded article embeds; images past it stay links. */
#define DOWNLOAD_EMBED_MAX ((size_t)24 << 20)

static const char *iso_date(struct arena *a, int64_t t)
{
    struct buf b;
    char *p;

    buf_init(&b, 64);
    time_add_iso8601(&b, t);
    p = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return p ? p : "";
}

/*
 * JSON text safe inside <script type="application/ld+json">: '<', '>' and '&' written as
 * \u escapes (valid JSON, same value), so "</script>" or "<!--" in a title cannot end or bend
 * the block. From the arena; NULL on memory failure.
 */
static const char *script_safe_json(struct arena *a, json_t *o)
{
    char *txt = json_dumps(o, JSON_COMPACT);
    struct buf b;
    char *p = NULL;

    if (!txt)
        return NULL;
    buf_init(&b, 0);
    for (const char *c = txt; *c; c++) {
        if (*c == '<')
            buf_puts(&b, "\\u003c");
        else if (*c == '>')
            buf_puts(&b, "\\u003e");
        else if (*c == '&')
            buf_puts(&b, "\\u0026");
        else
            buf_putc(&b, *c);
    }
    if (!buf_error(&b))
        p = arena_strndup(a, b.data, b.len);
    buf_release(&b);
    free(txt);
    return p;
}

/* The NewsArticle description of art for search engines. */
static const char *news_article_jsonld(struct web *w, struct http_request *req, struct arena *a, const char *base,
                                       const struct article *art, const char *canon)
{
    json_t *o = json_object(), *author = json_object(), *pub = json_object(), *logo = json_object(),
           *page = json_object();
    const char *url = arena_printf(a, "%s%s", base, canon), *out;
    struct media m;

    json_object_set_new(o, "@context", json_string("https://schema.org"));
    json_object_set_new(o, "@type", json_string("NewsArticle"));
    json_object_set_new(o, "headline", web_jstr(art->title));
    if (*art->summary)
        json_object_set_new(o, "description", web_jstr(art->summary));
    json_object_set_new(o, "datePublished", web_jstr(iso_date(a, art->published_at)));
    json_object_set_new(o, "dateModified",
                        web_jstr(iso_date(a, art->updated_at > art->published_at ? art->updated_at
                                                                             : art->published_at)));
    /* a byline names a person or an office; without one the portal itself is the author */
    json_object_set_new(author, "@type", json_string(*art->author ? "Person" : "Organization"));
    json_object_set_new(author, "name", web_jstr(*art->author ? art->author : web_site_name(w, req)));
    json_object_set_new(o, "author", author);
    json_object_set_new(pub, "@type", json_string("Organization"));
    json_object_set_new(pub, "name", web_jstr(web_site_name(w, req)));
    json_object_set_new(logo, "@type", json_string("ImageObject"));
    json_object_set_new(logo, "url",
                        web_jstr(arena_printf(a, "%s%s/logo.svg", base, web_static_prefix(w))));
    json_object_set_new(pub, "logo", logo);
    json_object_set_new(o, "publisher", pub);
    if (art->cover_media_id &&
        store_get_media_info(web_store(w, req), a, art->cover_media_id, &m) == CONG_OK) {
        const char *path = content_media_path(a, m.id, m.mime);
        json_t *img = json_array();
        json_array_append_new(img, web_jstr(path ? arena_printf(a, "%s%s", base, path) : NULL));
        json_object_set_new(o, "image", img);
    }
    json_object_set_new(page, "@type", json_string("WebPage"));
    json_object_set_new(page, "@id", web_jstr(url));
    json_object_set_new(o, "mainEntityOfPage", page);
    json_object_set_new(o, "url", web_jstr(url));
    json_object_set_new(o, "articleSection", web_jstr(art->category_name));
    json_object_set_new(o, "inLanguage", json_string("vi"));
    out = script_safe_json(a, o);
    json_decref(o);
    return out;
}

const char *site_article_extras(struct web *w, struct http_request *req, const struct article *art,
                                json_t *ctx)
{
    struct arena *a = req->arena;
    json_t *o = json_object_get(ctx, "article"), *page = json_object_get(ctx, "page");
    const char *base = web_base_url(w, req), *canon = content_article_path(a, art), *ld;
    const char *in = http_request_query(req, "in");

    if (!o || !page || !canon)
        return "article";
    json_object_set_new(o, "print_url", web_jstr(arena_printf(a, "%s?in=1", canon)));
    json_object_set_new(o, "save_url", web_jstr(arena_printf(a, "%s/luu", canon)));
    json_object_set_new(o, "modified_iso",
                        web_jstr(iso_date(a, art->updated_at > art->published_at ? art->updated_at
                                                                             : art->published_at)));
    ld = news_article_jsonld(w, req, a, base, art, canon);
    if (ld)
        json_object_set_new(page, "jsonld", json_string(ld));
    if (in && !strcmp(in, "1")) {
        /* the print view is a second address of the same text: keep it out of the index */
        json_object_set_new(page, "noindex", json_true());
        json_object_set_new(ctx, "print", json_true());
        if (web_has_template(w, "article_print"))
            return "article_print";
    }
    return "article";
}

/* The downloadable copy. */

/* Appends "data:MIME;base64,..." for media id if it is an image within *budget. */
static bool add_data_uri(struct web *w, struct http_request *req, struct arena *a, int64_t id, struct buf *out,
                         size_t *budget, struct media *info)
{
    struct media m;
    size_t need;

    if (store_get_media(web_store(w, req), a, id, &m) != CONG_OK || strncmp(m.mime, "image/", 6) != 0 ||
        m.size > *budget)
        return false;
    need = sodium_base64_ENCODED_LEN(m.size, sodium_base64_VARIANT_ORIGINAL);
    buf_printf(out, "data:%s;base64,", m.mime);
    if (!buf_grow(out, need))
        return true; /* out has failed: the caller sees it at the end */
    sodium_bin2base64(out->data + out->len, need, m.data, m.size, sodium_base64_VARIANT_ORIGINAL);
    out->len += need - 1; /* the encoder wrote a NUL, which stays the buffer's terminator */
    *budget -= m.size;
    if (info)
        *info = m;
    return true;
}

/* The media id of a "/media/ID.EXT" path, or 0. */
static int64_t media_id(const char *v, size_t n)
{
    size_t i = strlen("/media/"), start;
    int64_t id;

    if (n <= i || strncmp(v, "/media/", i) != 0)
        return 0;
    start = i;
    while (i < n && v[i] >= '0' && v[i] <= '9')
        i++;
    if (i == start || (i < n && v[i] != '.') || !text_parse_i64(v + start, i - start, &id))
        return 0;
    return id;
}

/*
 * Copies sanitized body HTML into out for a file read offline: images from /media become
 * data: URIs (within *budget), and other links and images on the portal become absolute.
 * The sanitizer writes every attribute as name="value", so attributes are found by that form.
 */
/*
 * html without its responsive picture hints (<source> elements, srcset and sizes attributes):
 * in a saved copy a browser would pick those server URLs over the embedded image. html is the
 * sanitizer's output (then enriched by content_media_enrich_html), so every attribute value is
 * double-quoted. NULL when out of memory.
 */
static const char *drop_picture_hints(struct arena *a, const char *html)
{
    struct buf b;
    const char *p = html, *out;

    buf_init(&b, CONTENT_BODY_MAX * 8);
    while (*p) {
        const char *src = strstr(p, "<source "), *set = strstr(p, " srcset=\""),
                   *siz = strstr(p, " sizes=\""), *at, *end;

        at = src;
        if (set && (!at || set < at))
            at = set;
        if (siz && (!at || siz < at))
            at = siz;
        if (!at)
            break;
        buf_add(&b, p, (size_t)(at - p));
        end = at == src ? strchr(at, '>') : strchr(strchr(at, '"') + 1, '"');
        if (!end) {
            p = at + strlen(at);
            break;
        }
        p = end + 1;
    }
    buf_puts(&b, p);
    out = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out;
}

static void embed_body(struct web *w, struct http_request *req, struct arena *a, const char *html, const char *base,
                       struct buf *out, size_t *budget)
{
    size_t blen = strlen(base);
    const char *p = drop_picture_hints(a, html);

    if (!p)
        p = html; /* out of memory: the copy keeps the hints, and still shows its pictures */

    for (;;) {
        const char *src = strstr(p, " src=\""), *href = strstr(p, " href=\""), *at, *v, *end;
        size_t n;

        at = !src ? href : !href ? src : src < href ? src : href;
        if (!at)
            break;
        v = strchr(at, '"') + 1;
        end = strchr(v, '"');
        if (!end)
            break;
        buf_add(out, p, (size_t)(v - p));
        n = (size_t)(end - v);
        /* our own absolute URLs count as local */
        if (blen && n > blen && !strncmp(v, base, blen) && v[blen] == '/') {
            v += blen;
            n -= blen;
        }
        if (at == src && media_id(v, n) && add_data_uri(w, req, a, media_id(v, n), out, budget, NULL)) {
            /* embedded */
        } else if (n > 0 && v[0] == '/' && (n == 1 || v[1] != '/')) {
            buf_puts(out, base);
            buf_add(out, v, n);
        } else {
            buf_add(out, v, n);
        }
        p = end;
    }
    buf_puts(out, p);
}

void site_article_download(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct arena *a = req->arena;
    const char *idslug = req->params[0], *dash = strchr(idslug, '-'), *base, *canon, *disp;
    size_t budget = DOWNLOAD_EMBED_MAX;
    struct article art;
    struct media m;
    struct buf b;
    int64_t id;
    json_t *ctx, *site, *o;
    enum cong_err rc;

    if (!text_parse_i64(idslug, dash ? (size_t)(dash - idslug) : strlen(idslug), &id) || id <= 0) {
        web_page_error(w, req, res, 404, _("Không có bài viết này."));
        return;
    }
    rc = store_get_article(web_store(w, req), a, id, &art);
    if (rc == CONG_ENOTFOUND ||
        (rc == CONG_OK && !content_article_is_public(&art, web_now(w)))) {
        web_page_error(w, req, res, 404, _("Không có bài viết này."));
        return;
    }
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    if (!web_has_template(w, "article_file")) {
        web_page_error(w, req, res, 404, _("Giao diện này không có bản lưu bài viết."));
        return;
    }
    base = web_base_url(w, req);
    canon = content_article_path(a, &art);
    disp = arena_printf(a, "attachment; filename=\"%s.html\"", art.slug);
    if (!canon || !disp) {
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }

    ctx = json_object();
    site = json_object();
    json_object_set_new(site, "name", web_jstr(web_site_name(w, req)));
    json_object_set_new(site, "url", web_jstr(base));
    /* the saved file holds the article alone: its language is the article's */
    json_object_set_new(site, "lang", json_string(*art.lang ? art.lang : "vi"));
    json_object_set_new(ctx, "site", site);
    o = json_object();
    json_object_set_new(o, "title", web_jstr(art.title));
    json_object_set_new(o, "url", web_jstr(arena_printf(a, "%s%s", base, canon)));
    buf_init(&b, 0);
    i18n_add_date(&b, art.published_at);
    json_object_set_new(o, "date", json_stringn(b.data, b.len));
    json_object_set_new(o, "date_iso", web_jstr(iso_date(a, art.published_at)));
    json_object_set_new(o, "summary", web_jstr(art.summary));
    json_object_set_new(o, "author", web_jstr(art.author));
    json_object_set_new(o, "category_name", web_jstr(art.category_name));
    buf_reset(&b);
    if (art.cover_media_id && add_data_uri(w, req, a, art.cover_media_id, &b, &budget, &m)) {
        json_t *c = json_object();
        json_object_set_new(c, "src", json_stringn(b.data, b.len));
        json_object_set_new(c, "width", json_integer(m.width));
        json_object_set_new(c, "height", json_integer(m.height));
        json_object_set_new(c, "alt", web_jstr(*art.cover_alt ? art.cover_alt : art.title));
        json_object_set_new(c, "caption", web_jstr(art.cover_caption));
        json_object_set_new(o, "cover", c);
    }
    buf_reset(&b);
    embed_body(w, req, a, art.body_html, base, &b, &budget);
    json_object_set_new(o, "body_html", json_stringn(b.data, b.len));
    rc = buf_error(&b);
    buf_release(&b);
    json_object_set_new(ctx, "article", o);
    buf_init(&b, 64);
    i18n_add_date(&b, web_now(w));
    json_object_set_new(ctx, "saved_date", json_stringn(b.data, b.len));
    buf_release(&b);
    if (rc != CONG_OK) {
        json_decref(ctx);
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    web_render(w, req, res, 200, "article_file", ctx);
    json_decref(ctx);
    if (res->status == 200) {
        http_response_header(res, "Content-Disposition", disp);
        http_response_header(res, "X-Robots-Tag", "noindex");
    }
}
