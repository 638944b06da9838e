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
/*
 * Creates n articles as content_create_article does, in one transaction: all or none (ids all
 * 0 then; err names the failing one). For imports and bulk loads. Sets ids[0..n).
 */
enum cong_err content_create_articles(struct store *st, const struct article_input *in, size_t n,
                                      int64_t now, int64_t *ids, struct cong_error *err);

/*
 * Fills a->search_title, search_summary and search_body, the text the search index keeps,
 * from a->title, summary and body_html: folded by text_fold, the body through its plain text
 * (render_html_to_text). Every writer of articles calls this before store_add_article or
 * store_update_article. The strings come from ar. CONG_EINVAL if a text is not UTF-8,
 * CONG_ENOMEM.
 */
enum cong_err content_search_fill(struct arena *ar, struct article *a);
/*
 * Indexes every article missing from the search index (written before the index existed, or
 * outside Cổng) and sets *count (may be NULL) to how many it indexed. Store errors pass on.
 */
enum cong_err content_search_reindex(struct store *st, size_t *count);

/* The longest path a redirect may hold, in bytes. */
#define CONTENT_REDIRECT_MAX 2000

/*
 * Checks a redirect from old_path to new_path and brings both to the form the store keeps:
 * old_path is a local path ("/..."; not "//"), its path part percent-decoded the way requests
 * are, a query after '?' kept as written; new_path is a local path, or an absolute http(s)
 * URL that starts with base_url (may be NULL), reduced to its path. Anything pointing to
 * another host ("//host", "https://other", "javascript:"), backslashes, control characters,
 * text that is not UTF-8, over CONTENT_REDIRECT_MAX bytes, or a redirect to itself is
 * CONG_EINVAL with err->msg saying which. *old_out and *new_out come from ar.
 */
enum cong_err content_redirect_check(struct arena *ar, const char *old_path,
                                     const char *new_path, const char *base_url,
                                     const char **old_out, const char **new_out,
                                     struct cong_error *err);
/*
 * The form the store keeps of an old path (see content_redirect_check), for looking one up
 * or removing it. CONG_EINVAL with err->msg as content_redirect_check; *out from ar.
 */
enum cong_err content_redirect_old_path(struct arena *ar, const char *old_path,
                                        const char **out, struct cong_error *err);
/*
 * content_redirect_check, then store_add_redirect. CONG_EEXIST (err says so) if old_path
 * already redirects somewhere.
 */
enum cong_err content_add_redirect(struct store *st, const char *old_path, const char *new_path,
                                   const char *base_url, struct cong_error *err);

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

/* Portal settings (settings.c): the known keys and the rule of each value. */

/* True if key is a known setting; *help (may be NULL) gets a one-line description. */
bool content_setting_is_known(const char *key, const char **help);
/* The i-th known key, NULL past the last: for listing them. */
const char *content_setting_key(size_t i);
/* True if s[0..n) is HOST or HOST:PORT (a DNS name, dotted IPv4 or [IPv6], port 1..65535). */
bool content_is_authority(const char *s, size_t n);
/*
 * Checks a base URL: "http://" or "https://", an authority as above, nothing after but an
 * optional '/'. Appends it to out lowercased without the final '/'. CONG_EINVAL otherwise.
 */
enum cong_err content_base_url_normalise(const char *url, struct buf *out);
/* CONG_EINVAL with err->msg if key is unknown or value breaks its rule. */
enum cong_err content_setting_check(const char *key, const char *value, struct cong_error *err);
/* content_setting_check, then store_set_setting; err says what failed. */
enum cong_err content_setting_set(struct store *st, const char *key, const char *value,
                                  struct cong_error *err);

#endif
