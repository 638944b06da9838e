/*
 * Content rules: what makes an article or a media file acceptable, and the derived fields
 * (slug, rendered HTML, MIME type, image size, digest) computed once at save time so that
 * reads never redo them. It writes through the store and never builds SQL or HTTP.
 */
#include "content_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../i18n/i18n.h"
#include "../render/render.h"

size_t content_utf8_chars(const char *s, size_t n)
{
    size_t c = 0;

    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

enum cong_err content_check_text(const char *v, size_t max, const char *field,
                                 const char *label, struct cong_error *err)
{
    size_t n;

    if (!v)
        return CONG_OK;
    n = strlen(v);
    if (!text_is_utf8(v, n))
        return cong_error_field(err, field, CONG_EINVAL, _("%s không phải văn bản UTF-8 hợp lệ"),
                                label);
    if (content_utf8_chars(v, n) > max)
        return cong_error_field(err, field, CONG_EINVAL, _("%s dài quá %zu ký tự"), label, max);
    return CONG_OK;
}

enum cong_err content_prepare_article(struct store *st, struct arena *ar,
                                      const struct article_input *in, int64_t now,
                                      struct article *a, struct cong_error *err)
{
    struct category cat;
    struct buf slug, html;
    const char *title;
    size_t tlen;
    enum cong_err rc;

    memset(a, 0, sizeof(*a));
    buf_init(&slug, CONTENT_SLUG_MAX + 8);
    buf_init(&html, CONTENT_BODY_MAX * 4);

    title = in->title ? in->title : "";
    tlen = strlen(title);
    title = text_trim(title, &tlen);
    if (tlen == 0) {
        rc = cong_error_field(err, "title", CONG_EINVAL, _("bài viết cần có tiêu đề"));
        goto out;
    }
    if ((rc = content_check_text(in->title, CONTENT_TITLE_MAX, "title", _("tiêu đề"), err)) ||
        (rc = content_check_text(in->summary, CONTENT_SUMMARY_MAX, "summary", _("tóm tắt"), err)) ||
        (rc = content_check_text(in->body_md, CONTENT_BODY_MAX, "body", _("nội dung"), err)) ||
        (rc = content_check_text(in->author, 200, "author", _("tác giả"), err)) ||
        (rc = content_check_text(in->cover_caption, 500, "cover_caption", _("chú thích ảnh"),
                                 err)) ||
        (rc = content_check_text(in->meta_description, CONTENT_META_MAX, "meta_description",
                                 _("mô tả trang"), err)) ||
        (rc = content_check_text(in->cover_alt, CONTENT_ALT_MAX, "cover_alt",
                                 _("mô tả ảnh bìa"), err)))
        goto out;
    if (in->lang && !content_lang_is_valid(in->lang)) {
        rc = cong_error_field(err, "lang", CONG_EINVAL, "%s", _(CONTENT_LANG_MSG));
        goto out;
    }
    if (in->slug && *in->slug && !content_slug_is_valid(in->slug)) {
        rc = cong_error_field(err, "slug", CONG_EINVAL,
                              _("đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu '-' giữa "
                              "chúng, tối đa %d ký tự"),
                              CONTENT_SLUG_MAX);
        goto out;
    }
    if (in->expires_at < 0 ||
        (in->expires_at > 0 && in->expires_at <= (in->published_at ? in->published_at : now))) {
        rc = cong_error_field(err, "expires_at", CONG_EINVAL,
                              _("thời điểm hết hạn phải sau ngày đăng"));
        goto out;
    }
    if (!in->category_slug || !*in->category_slug) {
        rc = cong_error_field(err, "category", CONG_EINVAL, _("bài viết cần thuộc một chuyên mục"));
        goto out;
    }
    rc = store_get_category_by_slug(st, ar, in->category_slug, &cat);
    if (rc == CONG_ENOTFOUND) {
        rc = cong_error_field(err, "category", CONG_EINVAL, _("không có chuyên mục '%s'"),
                              in->category_slug);
        goto out;
    }
    if (rc) {
        cong_error_set(err, rc, _("không đọc được chuyên mục: %s"), cong_strerror(rc));
        goto out;
    }
    if (in->slug && *in->slug)
        buf_puts(&slug, in->slug);
    else
        rc = text_slugify(title, tlen, CONTENT_SLUG_MAX, &slug);
    if (rc == CONG_OK && slug.len == 0)
        buf_puts(&slug, "bai-viet"); /* a title with no Latin letters or digits */
    if (rc == CONG_OK && in->body_md && in->body_format == ARTICLE_BODY_HTML)
        rc = render_sanitize_html(in->body_md, strlen(in->body_md), &html);
    else if (rc == CONG_OK && in->body_md)
        rc = render_markdown(in->body_md, strlen(in->body_md), &html);
    if (rc == CONG_OK)
        rc = buf_error(&slug) ? buf_error(&slug) : buf_error(&html);
    /* an HTML body is kept as the sanitizer wrote it, before the pictures' copies are added:
     * the editor opens it again as clean markup, and a change of copies re-enriches it */
    if (rc == CONG_OK && in->body_format == ARTICLE_BODY_HTML) {
        a->body_md = arena_strndup(ar, html.data, html.len);
        if (!a->body_md)
            rc = CONG_ENOMEM;
    }
    if (rc == CONG_OK && html.len && memmem(html.data, html.len, "<img src=\"/media/", 17)) {
        /* pictures of the media library get their size and copies now, not at every view */
        struct buf rich;

        buf_init(&rich, CONTENT_BODY_MAX * 4);
        rc = content_media_enrich_html(st, ar, html.data, html.len, &rich);
        if (rc == CONG_OK)
            rc = buf_error(&rich);
        if (rc == CONG_OK) {
            buf_release(&html);
            html = rich;
        } else {
            buf_release(&rich);
        }
    }
    if (rc) {
        cong_error_set(err, rc, _("không xử lý được nội dung: %s"), cong_strerror(rc));
        goto out;
    }

    a->category_id = cat.id;
    a->status = in->status;
    a->published_at = in->published_at ? in->published_at : now;
    a->cover_media_id = in->cover_media_id;
    a->title = arena_strndup(ar, title, tlen);
    a->slug = arena_strndup(ar, slug.data, slug.len);
    a->summary = in->summary ? in->summary : "";
    if (in->body_format != ARTICLE_BODY_HTML)
        a->body_md = in->body_md ? in->body_md : "";
    a->body_format = in->body_format;
    a->body_html = arena_strndup(ar, html.data, html.len);
    a->author = in->author ? in->author : "";
    a->cover_caption = in->cover_caption ? in->cover_caption : "";
    a->meta_description = in->meta_description ? in->meta_description : "";
    a->cover_alt = in->cover_alt ? in->cover_alt : "";
    a->expires_at = in->expires_at;
    a->featured = in->featured;
    a->lang = in->lang ? in->lang : "vi";
    if (!a->title || !a->slug || !a->body_html) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
        goto out;
    }
    /* the search index gets its text in the same transaction as the article */
    rc = content_search_fill(ar, a);
    if (rc)
        cong_error_set(err, rc, _("không xử lý được nội dung: %s"), cong_strerror(rc));
out:
    buf_release(&slug);
    buf_release(&html);
    return rc;
}

enum cong_err content_create_article(struct store *st, const struct article_input *in, int64_t now,
                                     int64_t *id, struct cong_error *err)
{
    return content_create_articles(st, in, 1, now, id, err);
}

enum cong_err content_create_articles(struct store *st, const struct article_input *in, size_t n,
                                      int64_t now, int64_t *ids, struct cong_error *err)
{
    struct arena ar;
    struct article *a;
    enum cong_err rc = CONG_OK;
    size_t i;

    for (i = 0; i < n; i++)
        ids[i] = 0;
    arena_init(&ar, 0);
    a = n && n <= SIZE_MAX / sizeof(*a) ? arena_alloc(&ar, n * sizeof(*a)) : NULL;
    if (n && !a) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < n && rc == CONG_OK; i++)
        rc = content_prepare_article(st, &ar, &in[i], now, &a[i], err);
    if (rc != CONG_OK) {
        if (n > 1)
            cong_error_set(err, rc, _("bài thứ %zu: %s"), i, err->msg);
        goto out;
    }
    rc = store_add_articles(st, a, n, ids);
    if (rc == CONG_EINVAL)
        cong_error_set(err, rc, _("ảnh bìa hoặc chuyên mục không tồn tại"));
    else if (rc)
        cong_error_set(err, rc, _("không lưu được bài viết: %s"), cong_strerror(rc));
out:
    arena_release(&ar);
    return rc;
}

bool content_slug_is_valid(const char *s)
{
    size_t n = 0;

    for (; s[n]; n++) {
        char ch = s[n];
        if (ch == '-') {
            if (n == 0 || s[n - 1] == '-')
                return false;
        } else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
            return false;
        }
    }
    return n > 0 && n <= CONTENT_SLUG_MAX && s[n - 1] != '-';
}

bool content_lang_is_valid(const char *code)
{
    return code && (strcmp(code, "vi") == 0 || strcmp(code, "en") == 0);
}

bool content_article_is_public(const struct article *a, int64_t now)
{
    return a->status == ARTICLE_PUBLISHED && a->published_at <= now &&
           (a->expires_at == 0 || a->expires_at > now);
}

bool content_article_is_expired(const struct article *a, int64_t now)
{
    return a->status == ARTICLE_PUBLISHED && a->expires_at > 0 && a->expires_at <= now;
}

const char *content_article_path(struct arena *a, const struct article *art)
{
    return arena_printf(a, "/bai-viet/%lld-%s", (long long)art->id, art->slug ? art->slug : "");
}

const char *content_category_path(struct arena *a, const char *slug)
{
    return arena_printf(a, "/chuyen-muc/%s", slug);
}
