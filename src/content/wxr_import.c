/*
 * Importing a WordPress export into a site: categories with their nesting, posts and pages
 * as articles (status, dates, excerpt, byline, tags, featured image), attachments from the
 * uploads folder through the media code every upload goes through, and each old address as a
 * 301 to the new one. The post HTML goes through the same sanitizer as everything else, after
 * WordPress's own notations are undone: shortcodes ([caption] becomes a figure with its
 * caption, the others give their content), block comments, and paragraphs written as blank
 * lines. Every record made is kept in import_ids under its WordPress id, so the same file
 * imported again makes nothing twice.
 *
 * The file is read three times, streaming: once whole before anything is written (a broken
 * or hostile file is refused with nothing half-written), then the attachments, then the rest.
 */
#include "content.h"
#include "../i18n/i18n.h"
#include "content_int.h"
#include "wxr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../render/render.h"

#define SOURCE "wxr"
#define FILE_MAX ((size_t)64 << 20)

struct pending_category {
    char *nicename, *parent, *name, *description;
    int64_t id; /* ours, once made or found */
};

struct author {
    char *login, *display;
};

struct importer {
    struct store *st;
    const struct content_actor *who;
    const struct content_wxr_options *o;
    struct content_wxr_summary *sum;
    struct pending_category *cats;
    size_t ncats;
    struct author *authors;
    size_t nauthors;
    size_t total, done; /* items, for progress */
    int pass;           /* 1 read, 2 attachments, 3 the rest */
    /* attachment urls and the media paths they became, for the posts' HTML */
    char **urls, **paths;
    size_t nurls;
    int64_t fallback_cat, pages_cat;
};

static void report(struct importer *im, const char *fmt, ...) CONG_PRINTF(2, 3);
static void report(struct importer *im, const char *fmt, ...)
{
    char line[600];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (im->o->report)
        im->o->report(im->o->ctx, line);
}

static void tick(struct importer *im)
{
    im->done++;
    if (im->o->progress)
        im->o->progress(im->o->ctx, im->done, im->total);
}

/* Pass 1: what the file holds, before anything is written. */

static enum cong_err collect_category(void *ctx, const struct wxr_category *c,
                                      struct cong_error *err)
{
    struct importer *im = ctx;
    struct pending_category *grown, *p;

    if (im->pass != 1)
        return CONG_OK;
    grown = realloc(im->cats, (im->ncats + 1) * sizeof(*grown));
    if (!grown)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    im->cats = grown;
    p = &im->cats[im->ncats++];
    *p = (struct pending_category){strdup(c->nicename), strdup(c->parent ? c->parent : ""),
                                   strdup(c->name && *c->name ? c->name : c->nicename),
                                   strdup(c->description ? c->description : ""), 0};
    if (!p->nicename || !p->parent || !p->name || !p->description)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    return CONG_OK;
}

static enum cong_err collect_author(void *ctx, const char *login, const char *display,
                                    struct cong_error *err)
{
    struct importer *im = ctx;
    struct author *grown;

    if (im->pass != 1)
        return CONG_OK;
    grown = realloc(im->authors, (im->nauthors + 1) * sizeof(*grown));
    if (!grown)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    im->authors = grown;
    im->authors[im->nauthors] = (struct author){strdup(login), strdup(*display ? display : login)};
    if (!im->authors[im->nauthors].login || !im->authors[im->nauthors].display)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    im->nauthors++;
    return CONG_OK;
}

static const char *display_of(struct importer *im, const char *login)
{
    for (size_t i = 0; login && i < im->nauthors; i++) {
        if (!strcmp(im->authors[i].login, login))
            return im->authors[i].display;
    }
    return login ? login : "";
}

/* Categories: parents before children, an existing one of the same slug reused. */

/* Our slug for a WordPress nicename (percent-encoded UTF-8 at times: "tin-t%e1%bb%a9c"), or
   for name when that gives none; from a, NULL when out of memory. */
static const char *slug_of(struct arena *a, const char *nicename, const char *name)
{
    struct buf raw, slug;
    const char *out = NULL;

    buf_init(&raw, 4096);
    buf_init(&slug, CONTENT_SLUG_MAX + 8);
    for (const char *p = nicename; *p; p++) {
        unsigned v;
        if (p[0] == '%' && sscanf(p + 1, "%2x", &v) == 1 && p[1] && p[2]) {
            buf_putc(&raw, (char)v);
            p += 2;
        } else {
            buf_putc(&raw, *p);
        }
    }
    if (!text_is_utf8(raw.data, raw.len) ||
        text_slugify(raw.data, raw.len, CONTENT_SLUG_MAX, &slug) != CONG_OK || !slug.len) {
        buf_reset(&slug);
        (void)text_slugify(name, strlen(name), CONTENT_SLUG_MAX, &slug);
    }
    if (!buf_error(&raw) && !buf_error(&slug))
        out = arena_strndup(a, slug.len ? slug.data : "chuyen-muc", slug.len ? slug.len : 10);
    buf_release(&raw);
    buf_release(&slug);
    return out;
}

static enum cong_err make_category(struct importer *im, struct pending_category *c,
                                   int64_t parent, struct cong_error *err)
{
    struct category_edit e = {.name = c->name, .description = c->description,
                              .set_parent = parent != 0, .parent_id = parent};
    struct category existing;
    struct arena a;
    enum cong_err rc = store_import_get(im->st, SOURCE, "category", c->nicename, &c->id);

    if (rc != CONG_OK || c->id) {
        if (rc == CONG_OK)
            im->sum->unchanged++;
        return rc;
    }
    arena_init(&a, 0);
    e.slug = slug_of(&a, c->nicename, c->name);
    rc = e.slug ? content_category_create(im->st, im->who, &e, &c->id, err) : CONG_ENOMEM;
    if (rc == CONG_EEXIST) {
        /* a category of that slug is there already (made by hand): the posts go into it */
        rc = store_get_category_by_slug(im->st, &a, e.slug, &existing);
        if (rc == CONG_OK)
            c->id = existing.id;
    } else if (rc == CONG_OK) {
        im->sum->categories++;
    }
    arena_release(&a);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, "category '%s': %s", c->nicename,
                              err->msg[0] ? err->msg : cong_strerror(rc));
    return store_import_put(im->st, SOURCE, "category", c->nicename, c->id);
}

static int64_t category_id(struct importer *im, const char *nicename)
{
    for (size_t i = 0; nicename && i < im->ncats; i++) {
        if (!strcmp(im->cats[i].nicename, nicename))
            return im->cats[i].id;
    }
    return 0;
}

static enum cong_err make_categories(struct importer *im, struct cong_error *err)
{
    size_t made = 0, last = (size_t)-1;
    enum cong_err rc = CONG_OK;

    /* in rounds: each makes those whose parent is made (a parent never named: top level) */
    while (rc == CONG_OK && made < im->ncats && made != last) {
        last = made;
        for (size_t i = 0; rc == CONG_OK && i < im->ncats; i++) {
            struct pending_category *c = &im->cats[i];
            int64_t parent = category_id(im, c->parent);
            bool orphan = *c->parent && !parent;
            for (size_t k = 0; orphan && k < im->ncats; k++)
                orphan = strcmp(im->cats[k].nicename, c->parent) != 0;
            if (c->id || (*c->parent && !parent && !orphan))
                continue;
            if (orphan)
                report(im, "category %s: its parent %s is not in the file: made at the top",
                       c->nicename, c->parent);
            rc = make_category(im, c, parent, err);
            made++;
        }
    }
    if (rc == CONG_OK && made < im->ncats)
        report(im, "%zu categories are their own ancestors: left out", im->ncats - made);
    return rc;
}

/* A category of ours by slug and name, made once when needed. */
static enum cong_err own_category(struct importer *im, const char *slug, const char *name,
                                  int64_t *id, struct cong_error *err)
{
    struct pending_category c = {(char *)slug, (char *)"", (char *)name, (char *)"", 0};
    enum cong_err rc;

    if (*id)
        return CONG_OK;
    rc = make_category(im, &c, 0, err);
    *id = c.id;
    return rc;
}

/* Pass 2: attachments, from the uploads folder. */

/* The file of an attachment url under the uploads folder ("…/wp-content/uploads/2024/01/a.jpg"
   is DIR/2024/01/a.jpg), in a; NULL when the url has no such part or names a way out. */
static char *upload_path(struct arena *a, const char *dir, const char *url)
{
    const char *p = url ? strstr(url, "/uploads/") : NULL;

    if (!dir || !p || strstr(p, ".."))
        return NULL;
    return arena_printf(a, "%s/%s", dir, p + strlen("/uploads/"));
}

static bool read_file(const char *path, void **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    bool ok = false;

    *data = NULL;
    if (f && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size <= FILE_MAX &&
        (*data = malloc((size_t)sb.st_size + 1)))
        ok = fread(*data, 1, (size_t)sb.st_size, f) == (size_t)sb.st_size;
    *len = ok ? (size_t)sb.st_size : 0;
    if (f)
        fclose(f);
    if (!ok) {
        free(*data);
        *data = NULL;
    }
    return ok;
}

static enum cong_err remember_url(struct importer *im, const char *url, int64_t media_id,
                                  struct arena *a)
{
    struct media m;
    char **u = realloc(im->urls, (im->nurls + 1) * sizeof(*u));
    char **p;

    if (!u)
        return CONG_ENOMEM;
    im->urls = u;
    p = realloc(im->paths, (im->nurls + 1) * sizeof(*p));
    if (!p)
        return CONG_ENOMEM;
    im->paths = p;
    if (store_get_media_info(im->st, a, media_id, &m) != CONG_OK)
        return CONG_OK; /* gone since: its url stays as it was */
    im->urls[im->nurls] = strdup(url);
    im->paths[im->nurls] = strdup(content_media_path(a, m.id, m.mime));
    if (!im->urls[im->nurls] || !im->paths[im->nurls])
        return CONG_ENOMEM;
    im->nurls++;
    return CONG_OK;
}

static enum cong_err import_attachment(struct importer *im, const struct wxr_item *it,
                                       struct cong_error *err)
{
    char ext[24];
    struct cong_error detail = {0};
    struct arena a;
    const char *file, *name;
    void *data;
    size_t len;
    int64_t id = 0;
    enum cong_err rc;

    snprintf(ext, sizeof(ext), "%lld", (long long)it->post_id);
    arena_init(&a, 0);
    rc = store_import_get(im->st, SOURCE, "attachment", ext, &id);
    if (rc == CONG_OK && id) {
        im->sum->unchanged++;
        rc = it->attachment_url ? remember_url(im, it->attachment_url, id, &a) : CONG_OK;
        goto out;
    }
    file = upload_path(&a, im->o->uploads, it->attachment_url);
    if (rc != CONG_OK || !file || !read_file(file, &data, &len)) {
        if (rc == CONG_OK) {
            im->sum->missing_files++;
            report(im, "attachment %lld: file %s not found%s", (long long)it->post_id,
                   file ? file : (it->attachment_url ? it->attachment_url : "?"),
                   im->o->uploads ? "" : " (no --uploads folder given)");
        }
        goto out;
    }
    name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    rc = content_add_media(im->st, data, len, name, FILE_MAX, &id, &detail);
    free(data);
    if (rc == CONG_EINVAL || rc == CONG_ETOOBIG) {
        im->sum->skipped++;
        report(im, "attachment %lld (%s): %s", (long long)it->post_id, name, detail.msg);
        rc = CONG_OK;
        goto out;
    }
    if (rc == CONG_OK && (rc = store_import_put(im->st, SOURCE, "attachment", ext, id)) == CONG_OK) {
        im->sum->media++;
        rc = remember_url(im, it->attachment_url, id, &a);
    }
    if (rc != CONG_OK && !err->msg[0])
        cong_error_set(err, rc, "attachment %lld: %s", (long long)it->post_id,
                       detail.msg[0] ? detail.msg : cong_strerror(rc));
out:
    arena_release(&a);
    return rc;
}

/* Pass 3: posts and pages. */

/* "YYYY-MM-DD HH:MM:SS" as seconds: UTC when gmt, else in the process's (the site's) zone. */
static int64_t parse_date(const char *s, bool gmt)
{
    struct tm tm = {0};

    if (!s || sscanf(s, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                     &tm.tm_min, &tm.tm_sec) != 6 || tm.tm_year < 1971)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1;
    return gmt ? (int64_t)timegm(&tm) : (int64_t)mktime(&tm);
}

/* The path and query of an absolute url ("/2024/01/bai/"), in a; NULL when none. */
static const char *path_of(struct arena *a, const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;

    p = p ? strchr(p + 3, '/') : NULL;
    if (!p)
        return NULL;
    size_t n = strcspn(p, "#");
    return arena_strndup(a, p, n);
}

static void add_redirect(struct importer *im, const char *old, const char *target)
{
    struct cong_error e = {0};
    enum cong_err rc;

    if (!old || !target || !strcmp(old, "/"))
        return;
    rc = content_add_redirect(im->st, old, target, NULL, &e);
    if (rc == CONG_OK)
        im->sum->redirects++;
    else if (rc != CONG_EEXIST)
        report(im, "redirect %s: %s", old, e.msg);
}

/* The tags of it joined by ',', the first CONTENT_TAGS_MAX that fit, in a. */
static const char *tags_of(struct arena *a, const struct wxr_item *it)
{
    struct buf b;
    size_t kept = 0;
    const char *out;

    buf_init(&b, 4096);
    for (size_t i = 0; i < it->ntags && kept < CONTENT_TAGS_MAX; i++) {
        const char *t = it->tags[i];
        /* a tag too long for the rule is left out (its bytes bound its characters) */
        if (!*t || strchr(t, ',') || strlen(t) > CONTENT_TAG_LEN_MAX)
            continue;
        if (kept++)
            buf_putc(&b, ',');
        buf_puts(&b, t);
    }
    out = buf_error(&b) ? "" : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out;
}

/* The content language of a post's language term: "en" for English ("en", "en-gb", "en_US"),
   "vi" for anything else or none. */
static const char *lang_of(const char *nicename)
{
    if (!nicename || (nicename[0] != 'e' && nicename[0] != 'E') ||
        (nicename[1] != 'n' && nicename[1] != 'N'))
        return "vi";
    return nicename[2] == '\0' || nicename[2] == '-' || nicename[2] == '_' ? "en" : "vi";
}

static enum cong_err import_post(struct importer *im, const struct wxr_item *it, bool page,
                                 struct cong_error *err)
{
    struct article_edit e = {0};
    struct cong_error detail = {0};
    struct article art;
    struct arena a;
    char ext[24], *old = NULL;
    const char *status = it->status ? it->status : "", *target;
    int64_t id = 0, cat = 0, cover = 0;
    enum cong_err rc;

    snprintf(ext, sizeof(ext), "%lld", (long long)it->post_id);
    if (!strcmp(status, "publish") || !strcmp(status, "future"))
        e.status = ARTICLE_PUBLISHED;
    else if (!strcmp(status, "pending"))
        e.status = ARTICLE_PENDING;
    else if (!strcmp(status, "draft") || !strcmp(status, "private"))
        e.status = ARTICLE_DRAFT; /* private: kept from the public, as a draft */
    else {
        im->sum->skipped++;
        report(im, "post %s \"%s\": status %s is not imported", ext, it->title ? it->title : "",
               *status ? status : "(none)");
        return CONG_OK;
    }
    arena_init(&a, 0);
    if ((rc = store_import_get(im->st, SOURCE, "post", ext, &id)) != CONG_OK)
        goto out;
    if (id) {
        im->sum->unchanged++;
        goto out;
    }
    if (page)
        rc = own_category(im, "trang", "Trang", &im->pages_cat, err);
    for (size_t i = 0; rc == CONG_OK && !page && i < it->ncategories && !cat; i++)
        cat = category_id(im, it->categories[i]);
    if (rc == CONG_OK && !page && !cat)
        rc = own_category(im, "chua-phan-loai", _("Chưa phân loại"), &im->fallback_cat, err);
    if (rc != CONG_OK)
        goto out;
    if (!cat)
        cat = page ? im->pages_cat : im->fallback_cat;
    struct category c;
    if ((rc = store_get_category(im->st, &a, cat, &c)) != CONG_OK)
        goto out;
    if (it->thumbnail_id) {
        snprintf(ext, sizeof(ext), "%lld", (long long)it->thumbnail_id);
        if ((rc = store_import_get(im->st, SOURCE, "attachment", ext, &cover)) != CONG_OK)
            goto out;
        snprintf(ext, sizeof(ext), "%lld", (long long)it->post_id);
    }
    e.title = it->title && *it->title ? it->title : _("(Không có tiêu đề)");
    e.body_md = content_wxr_html(&a, it->content ? it->content : "",
                                 (const char *const *)im->urls, (const char *const *)im->paths,
                                 im->nurls);
    e.set_body_format = true;
    e.body_format = ARTICLE_BODY_HTML;
    if (it->excerpt && *it->excerpt) {
        struct buf t;
        buf_init(&t, 1 << 16);
        if (render_html_to_text(it->excerpt, strlen(it->excerpt), &t) == CONG_OK && !buf_error(&t))
            e.summary = arena_strndup(&a, t.data, t.len);
        buf_release(&t);
    }
    e.category_slug = c.slug;
    /* the old address's last part, when no other article has it: links keep their words */
    e.slug = it->post_name && *it->post_name ? slug_of(&a, it->post_name, e.title) : NULL;
    int64_t holder = 0;
    if (e.slug && store_article_by_slug(im->st, e.slug, 0, &holder) != CONG_ENOTFOUND)
        e.slug = NULL;
    /* an SEO plugin's description (Yoast's), if it fits; the excerpt is the summary */
    if (it->meta_description && *it->meta_description &&
        content_utf8_chars(it->meta_description, strlen(it->meta_description)) <=
            CONTENT_META_MAX)
        e.meta_description = it->meta_description;
    e.set_featured = true;
    e.featured = it->sticky;
    /* English where the export says so (Polylang's "en", "en-gb"...); else Vietnamese */
    e.lang = lang_of(it->lang);
    e.author = display_of(im, it->creator);
    e.tags = tags_of(&a, it);
    e.set_published_at = true;
    e.published_at = parse_date(it->post_date_gmt, true);
    if (!e.published_at)
        e.published_at = parse_date(it->post_date, false);
    if (!e.published_at)
        e.set_published_at = false;
    e.set_status = true;
    e.set_cover = cover != 0;
    e.cover_media_id = cover;
    if (!e.body_md) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
        goto out;
    }
    rc = content_article_create(im->st, im->who, &e, time_now(), &id, &detail);
    if (rc == CONG_EINVAL || rc == CONG_EPERM || rc == CONG_ESTATE) {
        im->sum->skipped++;
        report(im, "post %s \"%s\": %s", ext, e.title, detail.msg);
        rc = CONG_OK;
        goto out;
    }
    if (rc == CONG_OK)
        rc = store_import_put(im->st, SOURCE, "post", ext, id);
    if (rc == CONG_OK)
        rc = store_get_article(im->st, &a, id, &art);
    if (rc != CONG_OK) {
        cong_error_set(err, rc, "post %s: %s", ext, detail.msg[0] ? detail.msg : cong_strerror(rc));
        goto out;
    }
    if (page)
        im->sum->pages++;
    else
        im->sum->articles++;
    /* the old addresses: the permalink, and ?p=ID (or ?page_id=ID) which WordPress answers */
    target = content_article_path(&a, &art);
    add_redirect(im, path_of(&a, it->link), target);
    old = arena_printf(&a, "/?%s=%lld", page ? "page_id" : "p", (long long)it->post_id);
    add_redirect(im, old, target);
out:
    arena_release(&a);
    return rc;
}

static enum cong_err on_item(void *ctx, const struct wxr_item *it, struct cong_error *err)
{
    struct importer *im = ctx;
    const char *type = it->post_type ? it->post_type : "";
    bool attachment = !strcmp(type, "attachment");
    enum cong_err rc = CONG_OK;

    if (im->pass == 1) {
        im->total++;
        return CONG_OK;
    }
    if (im->pass == 2) {
        if (attachment) {
            rc = import_attachment(im, it, err);
            tick(im);
        }
        return rc;
    }
    if (attachment)
        return CONG_OK;
    if (!strcmp(type, "post") || !strcmp(type, "page")) {
        rc = import_post(im, it, !strcmp(type, "page"), err);
    } else {
        /* menus, revisions, custom types: not content of a news portal */
        im->sum->skipped++;
        report(im, "item %lld: type %s is not imported", (long long)it->post_id,
               *type ? type : "(none)");
    }
    tick(im);
    return rc;
}

static void importer_free(struct importer *im)
{
    for (size_t i = 0; i < im->ncats; i++) {
        free(im->cats[i].nicename);
        free(im->cats[i].parent);
        free(im->cats[i].name);
        free(im->cats[i].description);
    }
    for (size_t i = 0; i < im->nauthors; i++) {
        free(im->authors[i].login);
        free(im->authors[i].display);
    }
    for (size_t i = 0; i < im->nurls; i++) {
        free(im->urls[i]);
        free(im->paths[i]);
    }
    free(im->cats);
    free(im->authors);
    free(im->urls);
    free(im->paths);
}

enum cong_err content_import_wxr(struct store *st, const struct content_actor *who,
                                 const char *path, const struct content_wxr_options *o,
                                 struct content_wxr_summary *sum, struct cong_error *err)
{
    struct importer im = {.st = st, .who = who, .o = o, .sum = sum};
    struct wxr_handler h = {&im, collect_category, collect_author, on_item};
    /* what the import names itself (a fallback category, an untitled post) is the site's
       content: in its language */
    enum i18n_lang was = i18n_set_lang(content_site_lang(st));
    enum cong_err rc;

    memset(sum, 0, sizeof(*sum));
    im.pass = 1;
    rc = wxr_read(path, &h, err);
    sum->items = im.total;
    if (rc == CONG_OK)
        rc = make_categories(&im, err);
    for (im.pass = 2; rc == CONG_OK && im.pass <= 3; im.pass++)
        rc = wxr_read(path, &h, err);
    importer_free(&im);
    i18n_set_lang(was);
    return rc;
}
