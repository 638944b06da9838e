/*
 * The content module: articles, categories and media as editors see them. It turns what an
 * editor typed into what the store keeps: a slug from the Vietnamese title, Markdown rendered
 * once into sanitized HTML, media typed by their bytes. Handlers, the CLI and the demo all
 * write content through here, never through the store directly, so the rules hold everywhere.
 */
#ifndef CONG_CONTENT_H
#define CONG_CONTENT_H

#include "../core/core.h"
#include "../store/store.h"

#define CONTENT_TITLE_MAX 300   /* characters, as bytes of UTF-8 at most 4x that */
#define CONTENT_SLUG_MAX 80     /* bytes */
#define CONTENT_SUMMARY_MAX 2000
#define CONTENT_BODY_MAX (1u << 20)

struct article_input {
    const char *title;         /* required, 1..CONTENT_TITLE_MAX characters */
    const char *summary;       /* may be NULL */
    const char *body_md;       /* Markdown; may be NULL */
    const char *category_slug; /* required, must exist */
    const char *author;        /* byline; may be NULL */
    int64_t published_at;      /* 0: now */
    enum article_status status;
    int64_t cover_media_id; /* 0: none */
    const char *cover_caption;
};

/*
 * Checks in, makes the slug and the HTML, and stores a new article; sets *id.
 * CONG_EINVAL with err->msg (in Vietnamese, for the editor) when a field breaks a rule,
 * CONG_ESTORE when the database fails.
 */
enum cong_err content_create_article(struct store *st, const struct article_input *in, int64_t now,
                                     int64_t *id, struct cong_error *err);

/* The canonical path of an article: "/bai-viet/ID-SLUG", from the arena. */
const char *content_article_path(struct arena *a, const struct article *art);
/* The path of a category listing: "/chuyen-muc/SLUG", from the arena. */
const char *content_category_path(struct arena *a, const char *slug);
/* The path of a media file: "/media/ID.EXT", from the arena. */
const char *content_media_path(struct arena *a, int64_t id, const char *mime);

/* The MIME type of a file decided from its first bytes, or NULL if not an accepted type
 * (JPEG, PNG, WebP, GIF, PDF). */
const char *content_sniff_mime(const void *data, size_t len);

/*
 * Stores an uploaded file: the type comes from its bytes (CONG_EINVAL, "unsupported file
 * type", if it is none of the accepted ones), images get their width and height read,
 * CONG_ETOOBIG past max_size. Sets *id.
 */
enum cong_err content_add_media(struct store *st, const void *data, size_t len,
                                const char *filename, size_t max_size, int64_t *id,
                                struct cong_error *err);

#endif
