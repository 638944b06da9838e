/*
 * Writing a site as a WordPress export (WXR 1.2), which WordPress's importer and
 * `cong import wxr` both read: the categories with their nesting, every article (any status)
 * as a post with its dates, excerpt, byline, tags and category, and each cover as an
 * attachment whose file is written into an uploads folder beside the export, so an import
 * with --uploads brings the pictures too. libxml2's writer does the escaping; bodies go in
 * CDATA sections as WordPress writes them.
 */
#include "content.h"
#include "../i18n/i18n.h"

#include <errno.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define WP_NS "http://wordpress.org/export/1.2/"

/* "YYYY-MM-DD HH:MM:SS" of t, in UTC (gmt) or the process's (the site's) zone. */
static void wp_date(int64_t t, bool gmt, char out[20])
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (!(gmt ? gmtime_r(&tt, &tm) : localtime_r(&tt, &tm)) ||
        strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) != 19)
        memcpy(out, "1970-01-01 00:00:00", 20);
}

static int el(xmlTextWriterPtr w, const char *name, const char *text)
{
    return xmlTextWriterWriteElement(w, (const xmlChar *)name, (const xmlChar *)(text ? text : ""));
}

/* <name><![CDATA[text]]></name>; "]]>" inside is split as WordPress does. */
static int cdata(xmlTextWriterPtr w, const char *name, const char *text)
{
    int rc = xmlTextWriterStartElement(w, (const xmlChar *)name);
    const char *p = text ? text : "", *end;

    while (rc >= 0 && (end = strstr(p, "]]>"))) {
        char *part = strndup(p, (size_t)(end - p) + 2);
        rc = part ? xmlTextWriterWriteCDATA(w, (const xmlChar *)part) : -1;
        free(part);
        p = end + 2;
    }
    if (rc >= 0)
        rc = xmlTextWriterWriteCDATA(w, (const xmlChar *)p);
    if (rc >= 0)
        rc = xmlTextWriterEndElement(w);
    return rc;
}

static int term(xmlTextWriterPtr w, const char *domain, const char *nicename, const char *name)
{
    int rc = xmlTextWriterStartElement(w, (const xmlChar *)"category");

    if (rc >= 0)
        rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"domain", (const xmlChar *)domain);
    if (rc >= 0)
        rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"nicename",
                                         (const xmlChar *)nicename);
    if (rc >= 0)
        rc = xmlTextWriterWriteCDATA(w, (const xmlChar *)name);
    if (rc >= 0)
        rc = xmlTextWriterEndElement(w);
    return rc;
}

static const char *slug_of_id(const struct category *cats, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++) {
        if (cats[i].id == id)
            return cats[i].slug;
    }
    return "";
}

/* The cover of art as an attachment item (its file written under uploads), or nothing when
   it has none or its file cannot be read; *id gets the attachment's id. */
static int attachment(xmlTextWriterPtr w, struct store *st, struct arena *a, const char *base,
                      const char *uploads, const struct article *art, int64_t *id,
                      struct content_wxr_export_summary *sum)
{
    struct media m;
    char ext[24], *dir, *file, *url, *name;
    FILE *f;
    int rc;

    *id = 0;
    if (!art->cover_media_id || store_get_media(st, a, art->cover_media_id, &m) != CONG_OK)
        return 0;
    /* the attachment's id: WordPress's posts and attachments share ids; ours may not */
    *id = 1000000000 + m.id;
    snprintf(ext, sizeof(ext), "%lld", (long long)m.id);
    name = arena_printf(a, "%s-%s", ext, *m.filename ? m.filename : "anh");
    dir = arena_printf(a, "%s/cong", uploads);
    file = dir && name ? arena_printf(a, "%s/%s", dir, name) : NULL;
    url = name ? arena_printf(a, "%s/wp-content/uploads/cong/%s", base, name) : NULL;
    if (!file || !url || strchr(name, '/') || (mkdir(dir, 0755) != 0 && errno != EEXIST) ||
        !(f = fopen(file, "wb")))
        return 0;
    rc = fwrite(m.data, 1, m.size, f) == m.size ? 0 : -1;
    if (fclose(f) != 0 || rc < 0)
        return -1;
    sum->media++;
    rc = xmlTextWriterStartElement(w, (const xmlChar *)"item");
    if (rc >= 0)
        rc = el(w, "title", *m.filename ? m.filename : ext);
    if (rc >= 0)
        rc = el(w, "wp:post_id", arena_printf(a, "%lld", (long long)*id));
    if (rc >= 0)
        rc = cdata(w, "wp:post_type", "attachment");
    if (rc >= 0)
        rc = cdata(w, "wp:status", "inherit");
    if (rc >= 0)
        rc = cdata(w, "wp:attachment_url", url);
    if (rc >= 0)
        rc = xmlTextWriterEndElement(w);
    return rc;
}

static const char *status_of(const struct article *art, int64_t now)
{
    if (art->status == ARTICLE_PUBLISHED)
        return art->published_at > now ? "future" : "publish";
    return art->status == ARTICLE_PENDING ? "pending" : "draft";
}

static int post(xmlTextWriterPtr w, struct arena *a, const char *base, const struct article *art,
                const struct category *cats, size_t ncats, int64_t cover, int64_t now)
{
    char local[20], gmt[20];
    const char *path = content_article_path(a, art);
    int rc = xmlTextWriterStartElement(w, (const xmlChar *)"item");

    wp_date(art->published_at, false, local);
    wp_date(art->published_at, true, gmt);
    if (rc >= 0)
        rc = el(w, "title", art->title);
    if (rc >= 0)
        rc = el(w, "link", arena_printf(a, "%s%s", base, path ? path : "/"));
    if (rc >= 0)
        rc = cdata(w, "dc:creator", art->author);
    if (rc >= 0)
        rc = cdata(w, "content:encoded", art->body_html);
    if (rc >= 0)
        rc = cdata(w, "excerpt:encoded", art->summary);
    if (rc >= 0)
        rc = el(w, "wp:post_id", arena_printf(a, "%lld", (long long)art->id));
    if (rc >= 0)
        rc = cdata(w, "wp:post_date", local);
    if (rc >= 0)
        rc = cdata(w, "wp:post_date_gmt", gmt);
    if (rc >= 0)
        rc = cdata(w, "wp:post_name", art->slug);
    if (rc >= 0)
        rc = cdata(w, "wp:status", status_of(art, now));
    if (rc >= 0)
        rc = cdata(w, "wp:post_type", "post");
    if (rc >= 0)
        rc = el(w, "wp:is_sticky", art->featured ? "1" : "0");
    if (rc >= 0)
        rc = term(w, "category", slug_of_id(cats, ncats, art->category_id), art->category_name);
    /* its language as Polylang writes a post's, which the import reads back */
    bool en = art->lang && !strcmp(art->lang, "en");
    if (rc >= 0)
        rc = term(w, "language", en ? "en" : "vi", en ? "English" : "Tiếng Việt"); /* a name, not text */
    for (const char *p = art->tags; rc >= 0 && p && *p;) {
        size_t n = strcspn(p, ",");
        char *tag = arena_strndup(a, p, n);
        rc = tag ? term(w, "post_tag", tag, tag) : -1;
        p += n + (p[n] == ',');
    }
    if (rc >= 0 && art->meta_description && *art->meta_description) {
        /* where WordPress's most common SEO plugin keeps it */
        rc = xmlTextWriterStartElement(w, (const xmlChar *)"wp:postmeta");
        if (rc >= 0)
            rc = cdata(w, "wp:meta_key", "_yoast_wpseo_metadesc");
        if (rc >= 0)
            rc = cdata(w, "wp:meta_value", art->meta_description);
        if (rc >= 0)
            rc = xmlTextWriterEndElement(w);
    }
    if (rc >= 0 && cover) {
        rc = xmlTextWriterStartElement(w, (const xmlChar *)"wp:postmeta");
        if (rc >= 0)
            rc = cdata(w, "wp:meta_key", "_thumbnail_id");
        if (rc >= 0)
            rc = cdata(w, "wp:meta_value", arena_printf(a, "%lld", (long long)cover));
        if (rc >= 0)
            rc = xmlTextWriterEndElement(w);
    }
    if (rc >= 0)
        rc = xmlTextWriterEndElement(w);
    return rc;
}

static int categories(xmlTextWriterPtr w, struct arena *a, const struct category *cats, size_t n)
{
    int rc = 0;

    for (size_t i = 0; rc >= 0 && i < n; i++) {
        rc = xmlTextWriterStartElement(w, (const xmlChar *)"wp:category");
        if (rc >= 0)
            rc = el(w, "wp:term_id", arena_printf(a, "%lld", (long long)cats[i].id));
        if (rc >= 0)
            rc = cdata(w, "wp:category_nicename", cats[i].slug);
        if (rc >= 0)
            rc = cdata(w, "wp:category_parent", slug_of_id(cats, n, cats[i].parent_id));
        if (rc >= 0)
            rc = cdata(w, "wp:cat_name", cats[i].name);
        if (rc >= 0)
            rc = cdata(w, "wp:category_description", cats[i].description);
        if (rc >= 0)
            rc = xmlTextWriterEndElement(w);
    }
    return rc;
}

static int head(xmlTextWriterPtr w, const char *name, const char *base)
{
    static const char *const ns[][2] = {
        {"xmlns:excerpt", "http://wordpress.org/export/1.2/excerpt/"},
        {"xmlns:content", "http://purl.org/rss/1.0/modules/content/"},
        {"xmlns:wfw", "http://wellformedweb.org/CommentAPI/"},
        {"xmlns:dc", "http://purl.org/dc/elements/1.1/"},
        {"xmlns:wp", WP_NS},
    };
    int rc = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);

    if (rc >= 0)
        rc = xmlTextWriterStartElement(w, (const xmlChar *)"rss");
    if (rc >= 0)
        rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"version", (const xmlChar *)"2.0");
    for (size_t i = 0; rc >= 0 && i < sizeof(ns) / sizeof(ns[0]); i++)
        rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)ns[i][0], (const xmlChar *)ns[i][1]);
    if (rc >= 0)
        rc = xmlTextWriterStartElement(w, (const xmlChar *)"channel");
    if (rc >= 0)
        rc = el(w, "title", name);
    if (rc >= 0)
        rc = el(w, "link", base);
    if (rc >= 0)
        rc = el(w, "language", "vi");
    if (rc >= 0)
        rc = el(w, "wp:wxr_version", "1.2");
    if (rc >= 0)
        rc = el(w, "wp:base_site_url", base);
    if (rc >= 0)
        rc = el(w, "wp:base_blog_url", base);
    return rc;
}

enum cong_err content_export_wxr(struct store *st, const char *path, const char *uploads,
                                 const char *base_url, struct content_wxr_export_summary *sum,
                                 struct cong_error *err)
{
    struct category *cats = NULL;
    struct article *arts;
    struct arena a, page;
    char *name = NULL;
    size_t ncats = 0, n, total = 0;
    int64_t now = time_now();
    xmlTextWriterPtr w;
    enum cong_err rc;
    int wrc = 0;

    memset(sum, 0, sizeof(*sum));
    if (mkdir(uploads, 0755) != 0 && errno != EEXIST)
        return cong_error_set(err, CONG_EIO, "cannot make the uploads folder '%s': %s", uploads,
                              strerror(errno));
    w = xmlNewTextWriterFilename(path, 0);
    if (!w)
        return cong_error_set(err, CONG_EIO, "cannot write '%s'", path);
    (void)xmlTextWriterSetIndent(w, 1);
    arena_init(&a, 0);
    rc = store_list_categories(st, &a, &cats, &ncats);
    if (rc == CONG_OK)
        rc = store_get_setting(st, &a, "site_name", &name);
    if (rc == CONG_OK && (wrc = head(w, name ? name : _("Cổng"), base_url)) >= 0)
        wrc = categories(w, &a, cats, ncats);
    sum->categories = ncats;
    /* every article, oldest first, a page at a time */
    for (size_t off = 0; rc == CONG_OK && wrc >= 0; off += n) {
        struct article_query q = {.now = now, .offset = off, .limit = STORE_LIST_MAX,
                                  .with_body = true};
        arena_init(&page, 0);
        rc = store_list_articles(st, &page, &q, &arts, &n, &total);
        for (size_t i = 0; rc == CONG_OK && wrc >= 0 && i < n; i++) {
            int64_t cover = 0;
            wrc = attachment(w, st, &page, base_url, uploads, &arts[i], &cover, sum);
            if (wrc >= 0)
                wrc = post(w, &page, base_url, &arts[i], cats, ncats, cover, now);
            sum->articles++;
        }
        arena_release(&page);
        if (n == 0)
            break;
    }
    if (rc == CONG_OK && wrc >= 0)
        wrc = xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    arena_release(&a);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, "cannot read the portal: %s", cong_strerror(rc));
    if (wrc < 0)
        return cong_error_set(err, CONG_EIO, "cannot write '%s'", path);
    return CONG_OK;
}
