/*
 * The store: the only door to the database. Callers see portal records (settings,
 * categories, articles, media) and never SQL; the SQLite backend lives in sqlite/, and a
 * PostgreSQL backend can sit behind the same functions. All functions are thread-safe: the
 * store keeps a pool of connections, each with its prepared statements, and every call runs
 * on one of them. Records returned by the store are allocated from the caller's arena and
 * live until that arena is released.
 */
#ifndef CONG_STORE_H
#define CONG_STORE_H

#include "../core/core.h"

struct store;

/* The schema version this binary writes; a database with a newer one is refused. */
#define STORE_SCHEMA_VERSION 1

enum store_open_flags {
    STORE_OPEN_CREATE = 1u << 0,  /* create the database file if missing */
    STORE_OPEN_MIGRATE = 1u << 1, /* bring an older schema up to date */
    STORE_OPEN_READONLY = 1u << 2,
};

/*
 * Opens the SQLite database at path (WAL, synchronous=FULL, busy timeout, foreign keys).
 * Without STORE_OPEN_CREATE a missing file is CONG_ENOTFOUND; without STORE_OPEN_MIGRATE an
 * older schema is CONG_ESCHEMA ("run cong init"); a newer schema is always CONG_ESCHEMA; a
 * path that cannot be opened or written is CONG_EIO. err says which, naming the path.
 */
enum cong_err store_open(const char *path, unsigned flags, struct store **out,
                         struct cong_error *err);
/* Closes every connection; accepts NULL. No call may be running. */
void store_free(struct store *st);
/* The schema version of the open database. */
int store_schema_version(struct store *st);

/* Settings: a small key -> text table (site_name, time_zone, language, ...). */

/* *value is NULL (and CONG_OK) when key is not set. */
enum cong_err store_get_setting(struct store *st, struct arena *a, const char *key,
                                char **value);
enum cong_err store_set_setting(struct store *st, const char *key, const char *value);

/* Categories. */

struct category {
    int64_t id;
    int64_t parent_id; /* 0: top level */
    int position;      /* order among siblings, ascending */
    const char *slug;
    const char *name;
    const char *description;
};

/* Inserts c (id ignored) and sets *id. CONG_EEXIST if the slug is taken. */
enum cong_err store_add_category(struct store *st, const struct category *c, int64_t *id);
/* All categories ordered by position then name. */
enum cong_err store_list_categories(struct store *st, struct arena *a, struct category **out,
                                    size_t *n);
/* CONG_ENOTFOUND if there is none with that slug. */
enum cong_err store_get_category_by_slug(struct store *st, struct arena *a, const char *slug,
                                         struct category *out);
enum cong_err store_get_category(struct store *st, struct arena *a, int64_t id,
                                 struct category *out);

/* Articles. */

enum article_status {
    ARTICLE_DRAFT = 0,
    ARTICLE_PENDING = 1,
    ARTICLE_PUBLISHED = 2,
};

/* "draft", "pending", "published". */
const char *store_article_status_name(enum article_status s);
/* false if name is not one of them. */
bool store_article_status_parse(const char *name, enum article_status *out);

struct article {
    int64_t id;
    int64_t category_id;
    enum article_status status;
    int64_t published_at; /* seconds since the epoch; future + published = scheduled */
    int64_t created_at;
    int64_t updated_at;
    int64_t cover_media_id; /* 0: none */
    const char *title;
    const char *slug;
    const char *summary;
    const char *body_md;   /* as the editor wrote it */
    const char *body_html; /* rendered and sanitized at save time */
    const char *author;    /* byline text */
    const char *cover_caption;
    /* filled on reads from the joined category; ignored on writes */
    const char *category_slug;
    const char *category_name;
};

/*
 * Inserts a (id, created_at, updated_at ignored: set by the store) and sets *id. The caller
 * has already made the slug and body_html. CONG_EINVAL if the category does not exist.
 */
enum cong_err store_add_article(struct store *st, const struct article *a, int64_t *id);
/* Replaces every writable field of article a->id; CONG_ENOTFOUND if there is none. */
enum cong_err store_update_article(struct store *st, const struct article *a);
/* Any status. CONG_ENOTFOUND if there is none. */
enum cong_err store_get_article(struct store *st, struct arena *ar, int64_t id,
                                struct article *out);

struct article_query {
    int64_t category_id;  /* 0: any */
    int64_t exclude_id;   /* 0: none; leaves this article out (for "other articles") */
    bool published_only;  /* status published and published_at <= now */
    int64_t now;          /* the clock for published_only */
    size_t offset;
    size_t limit;         /* at most 200 */
    bool with_body;       /* also load body_md and body_html */
};

/*
 * Articles matching q, newest published_at first (then id), and *total, the number of matches
 * without offset and limit (may be NULL). Bodies are NULL unless q->with_body.
 */
enum cong_err store_list_articles(struct store *st, struct arena *ar, const struct article_query *q,
                                  struct article **out, size_t *n, size_t *total);

/* Media: uploaded files kept in the database, so every node can serve them. */

struct media {
    int64_t id;
    const char *mime;     /* decided from the bytes, e.g. "image/jpeg" */
    const char *filename; /* the uploader's name, for downloads */
    int width, height;    /* 0 for non-images */
    int64_t created_at;
    const void *data;     /* only from store_get_media */
    size_t size;
    const char *sha256;   /* hex digest of data, doubles as the ETag */
};

/* Inserts m (data, size, mime, filename, width, height, sha256) and sets *id. */
enum cong_err store_add_media(struct store *st, const struct media *m, int64_t *id);
/* With its bytes. CONG_ENOTFOUND if there is none. */
enum cong_err store_get_media(struct store *st, struct arena *ar, int64_t id, struct media *out);

/* Counts, for a summary on start-up and in tests. */
enum cong_err store_count_articles(struct store *st, size_t *n);

#endif
