/*
 * The store: the only door to the database. Callers see portal records (settings,
 * categories, articles, media) and never SQL; the SQLite backend lives in sqlite/, and a
 * PostgreSQL backend can sit behind the same functions. All functions are thread-safe: the
 * store keeps a pool of connections, each with its prepared statements, and every call runs
 * on one of them. Records returned by the store are allocated from the caller's arena and
 * live until that arena is released.
 *
 * Conventions for every function below:
 * - text fields read back are never NULL (an unset optional field is ""), except article
 *   bodies when they were not asked for; on writes, NULL optional text is stored as "", and
 *   NULL required text (setting value, category slug and name, article title and slug, media
 *   mime and sha256) is CONG_EINVAL;
 * - CONG_EEXIST: a unique key is taken; CONG_EINVAL: a required field is missing, a status is
 *   out of range, or a referenced record (category, parent, cover media) does not exist;
 *   CONG_ENOTFOUND: no such record; CONG_ENOMEM: memory or the arena ran out;
 *   CONG_EBUSY: the database stayed locked past the busy timeout (5 s), logged; CONG_EPERM:
 *   a write on a read-only store; CONG_ESTORE: the database failed unexpectedly, already
 *   logged by the store (callers answer 503 and need not log again);
 * - out-parameters are left NULL or zero on failure.
 */
#ifndef CONG_STORE_H
#define CONG_STORE_H

#include "../core/core.h"

struct store;

/*
 * Sites. One database holds several sites (a portal and its sub-portals), each chosen by its
 * host name. Every record a site shows (settings, categories, articles, media, pages and
 * portlets, redirects, visitor counts, the audit log, sessions) belongs to one site, and a
 * store handle sees one site: the one store_open returns is the default site's
 * (STORE_DEFAULT_SITE), and store_for_site gives the others. Through a handle, a record of
 * another site does not exist (CONG_ENOTFOUND, or CONG_EINVAL for a reference to it). Users,
 * API tokens and login throttling are global; a user's role is per site. Server-wide
 * settings (time_zone, stats_secret) are the default site's.
 */
#define STORE_DEFAULT_SITE 1

/* The schema version this binary writes; a database with a newer one is refused. */
#define STORE_SCHEMA_VERSION 18

/* The most connections a store opens (lazily); callers past that wait for a free one. */
#define STORE_MAX_CONNECTIONS 16

/* The most articles one store_list_articles call returns. */
#define STORE_LIST_MAX 200

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
 * A file created here gets the latest schema at once (CREATE alone is enough for it), is
 * made with mode 0600 (it will hold password hashes and sessions), and is removed again if
 * opening fails, so nothing is half-written. An existing SQLite file that holds tables but
 * no Cổng schema is CONG_ESCHEMA. CONG_EINVAL for an empty or ":memory:" path, or
 * STORE_OPEN_READONLY with CREATE or MIGRATE. Does not log: the caller reports err.
 */
enum cong_err store_open(const char *path, unsigned flags, struct store **out,
                         struct cong_error *err);
/*
 * Creates a new database at path with the schema of version (1 to STORE_SCHEMA_VERSION), as a
 * Cổng of that version made it: for tests of the migrations. CONG_EEXIST if path exists,
 * CONG_EINVAL for a version out of range, CONG_EIO or CONG_ESTORE with err.
 */
enum cong_err store_create_at_version(const char *path, int version, struct cong_error *err);
/* What a backup holds, as store_backup and store_restore found it. */
struct store_backup_info {
    int64_t schema_version;
    int64_t sites, articles, media;
};
/*
 * Copies the whole database into a new file dest (it must not exist: CONG_EEXIST), as one
 * consistent snapshot, while other connections and processes go on reading and writing; the
 * copy is checked for integrity and synced to disk, and *info says what it holds. On failure
 * nothing is left at dest. CONG_EIO with err.
 */
enum cong_err store_backup(struct store *st, const char *dest, struct store_backup_info *info,
                           struct cong_error *err);
/*
 * Puts the backup at path backup in place as the portal dest (no server may have dest open):
 * refuses a file that is not a Cổng portal or fails its integrity check (CONG_EPARSE), one of
 * a newer schema (CONG_ESCHEMA), and, unless force, a dest that holds articles, files or
 * several sites (CONG_EEXIST, err giving the counts). The copy is written beside dest and
 * renamed over it, so a failure leaves dest as it was. An older schema is brought up to date
 * by the next store_open with STORE_OPEN_MIGRATE.
 */
enum cong_err store_restore(const char *backup, const char *dest, bool force,
                            struct store_backup_info *info, struct cong_error *err);
/* Closes every connection; accepts NULL. No call may be running. */
void store_free(struct store *st);
/* What store_copy_to_pg copied. */
struct store_copy_info {
    int64_t schema_version;
    int tables;    /* the tables copied, article_search's text included */
    int64_t rows;  /* their rows, the same number on both sides */
    int64_t bytes; /* the COPY data sent to PostgreSQL */
};
/*
 * Copies the SQLite portal at sqlite_path (it must be at STORE_SCHEMA_VERSION: CONG_ESCHEMA
 * says to run cong init on it first; CONG_ENOTFOUND if there is no such file) into the
 * PostgreSQL database pg_location names (a postgres:// or postgresql:// URI, or "pg:" and a
 * conninfo string), which must be empty: either no tables at all, or a Cổng schema with no
 * rows but the ones its creation inserts (one default site); anything else is CONG_EEXIST and
 * the target is left alone. The schema is made by store_open; the rows of every table then go
 * in one transaction, read from one snapshot of the SQLite file, every identity's sequence
 * is set past the ids copied (and past SQLite's AUTOINCREMENT counters), and before COMMIT the
 * row count of each table is compared on both sides: a difference rolls it all back
 * (CONG_ESTORE). progress (may be NULL) hears each table as it is done, with its rows.
 * The rows' own types are kept; BLOB becomes bytea. err says what failed.
 */
enum cong_err store_copy_to_pg(const char *sqlite_path, const char *pg_location,
                               void (*progress)(const char *table, int64_t rows, void *arg),
                               void *arg, struct store_copy_info *info, struct cong_error *err);
/*
 * A number that moves each time a change to what pages show (articles, categories, media,
 * pages, portlets, settings) has been committed, by this process or any other, once the
 * change is visible to readers: the render cache keeps a page while the number it was drawn
 * at is still current. Visitor counters, sessions, the audit log and revisions do not move
 * it. When it cannot be read, each call gives a number never given before.
 */
uint64_t store_generation(struct store *st);
/* The time of the next scheduled article (published, published_at after now), the next
   expiry of a published article (expires_at after now) or the next closing of a document's
   consultation into *at, 0 if there is none: pages drawn before it must be drawn again then. */
enum cong_err store_next_scheduled(struct store *st, int64_t now, int64_t *at);
/*
 * The id of the handle's site's article whose slug is slug, other than except_id (0: none left
 * out), into *id; CONG_ENOTFOUND (and *id 0) if there is none. For keeping slugs unique.
 */
enum cong_err store_article_by_slug(struct store *st, const char *slug, int64_t except_id,
                                    int64_t *id);
/* The schema version of the open database. */
int store_schema_version(struct store *st);

/*
 * Health and metrics, for /healthz and /metrics. store_metrics fills *out with the pool of
 * st's root (every site's handle shares it): connections open now, idle or lent (pool_size,
 * at most STORE_MAX_CONNECTIONS), of them lent to a call now (pool_in_use), times a call had
 * to wait for one since start (pool_waits), and change notifications received from the
 * database since start (notifications; always 0 on SQLite, which has none). It never touches
 * the database and cannot fail. store_ping runs a trivial query (SELECT 1) on a pooled
 * connection: CONG_OK, or the failure (CONG_ESTORE, CONG_EBUSY, CONG_ENOMEM) when the
 * database cannot be reached.
 */
struct store_metrics {
    size_t pool_size, pool_in_use;
    uint64_t pool_waits;
    uint64_t notifications;
};
void store_metrics(struct store *st, struct store_metrics *out);
enum cong_err store_ping(struct store *st);

/*
 * The handle of site_id: every call through it reads and writes that site's records. It
 * shares st's connections and lives as long as st (the root store_open gave); asking again
 * gives the same handle, and store_free does nothing to it. Whether the site exists is not
 * checked (its records are then none). CONG_EINVAL for site_id <= 0, CONG_ENOMEM.
 */
enum cong_err store_for_site(struct store *st, int64_t site_id, struct store **out);
/* The site a handle sees. */
int64_t store_site_id(const struct store *st);

struct site {
    int64_t id;
    const char *host;  /* lowercase, without a port */
    int64_t parent_id; /* 0: none (a top portal) */
    int64_t created_at;
    const char *name; /* read from its site_name setting ("" if unset); ignored on writes */
};

/*
 * Adds a site with host (already checked and lowercased by the caller) and its name (the
 * site_name setting), in one transaction, and sets *id. CONG_EEXIST if the host is taken,
 * CONG_EINVAL if parent_id (0: none) names no site. The handle st may be any site's.
 */
enum cong_err store_add_site(struct store *st, const char *host, int64_t parent_id,
                             const char *name, int64_t *id);
/* Every site by id; *out NULL when *n is 0. */
enum cong_err store_list_sites(struct store *st, struct arena *a, struct site **out, size_t *n);
/* CONG_ENOTFOUND if there is none. */
enum cong_err store_get_site(struct store *st, struct arena *a, int64_t id, struct site *out);
enum cong_err store_get_site_by_host(struct store *st, struct arena *a, const char *host,
                                     struct site *out);

/* What a site holds, for refusing to remove it. */
struct site_usage {
    size_t articles, categories, pages, media, redirects, documents;
    size_t children; /* sites whose parent it is */
};
enum cong_err store_site_usage(struct store *st, int64_t id, struct site_usage *out);
/*
 * Removes site id. Without force, CONG_EEXIST (nothing removed) while it holds anything of
 * struct site_usage; with force, everything of it goes, in one transaction (its sub-sites
 * become top portals). CONG_EINVAL for the default site, CONG_ENOTFOUND if there is none.
 */
enum cong_err store_delete_site(struct store *st, int64_t id, bool force);

/*
 * Sharing: an article of the handle's site shown in another site's lists as well (a
 * sub-portal's news on its parent's), linking to its one URL on its own site. Shares with
 * site_id; CONG_ENOTFOUND if the article is not the handle's site's or there is no such
 * site, CONG_EINVAL for sharing to its own site. Sharing twice is not an error.
 */
enum cong_err store_share_article(struct store *st, int64_t article_id, int64_t site_id,
                                  int64_t now);
/* Stops sharing; not shared is not an error. CONG_ENOTFOUND as above. */
enum cong_err store_unshare_article(struct store *st, int64_t article_id, int64_t site_id);
/* The sites article_id (of the handle's site) is shared with, ascending; *out NULL if none. */
enum cong_err store_article_shares(struct store *st, struct arena *a, int64_t article_id,
                                   int64_t **out, size_t *n);

/* Settings: a small key -> text table (site_name, time_zone, language, ...). */

/* *value is NULL (and CONG_OK) when key is not set; otherwise from a. */
enum cong_err store_get_setting(struct store *st, struct arena *a, const char *key, char **value);
/* Sets or replaces key's value (neither may be NULL). */
enum cong_err store_set_setting(struct store *st, const char *key, const char *value);
/*
 * Sets key's value only if key has none yet, atomically: of several nodes starting at once,
 * one wins and the others get CONG_EEXIST (then read the winner's value).
 */
enum cong_err store_add_setting(struct store *st, const char *key, const char *value);

/* Categories. */

struct category {
    int64_t id;
    int64_t parent_id; /* 0: top level */
    int position;      /* order among siblings, ascending */
    const char *slug;
    const char *name;
    const char *description;
};

/*
 * Inserts c (id ignored) and sets *id. CONG_EEXIST if the slug is taken, CONG_EINVAL if
 * parent_id names no category.
 */
enum cong_err store_add_category(struct store *st, const struct category *c, int64_t *id);
/*
 * Replaces parent_id, position, slug, name and description of category c->id.
 * CONG_ENOTFOUND if there is none, CONG_EEXIST if the slug is another's, CONG_EINVAL if
 * parent_id names no category, or c itself or one of its descendants (a cycle).
 */
enum cong_err store_update_category(struct store *st, const struct category *c);
/*
 * Deletes category id, in one transaction with the check that nothing is in it: CONG_EEXIST
 * if it holds articles (any status) or child categories, CONG_ENOTFOUND if there is none.
 */
enum cong_err store_delete_category(struct store *st, int64_t id);
/*
 * Gives the categories ids[0..n), children of parent_id (0: top level), the positions 0..n-1
 * in that order, all in one transaction. CONG_ENOTFOUND (nothing changed) if one of them is
 * gone or no longer under parent_id.
 */
enum cong_err store_order_categories(struct store *st, int64_t parent_id, const int64_t *ids,
                                     size_t n);
/* How many articles (any status) and child categories category id holds. */
enum cong_err store_category_usage(struct store *st, int64_t id, size_t *articles,
                                   size_t *children);
/* All categories ordered by position then name, in an array from a (*out NULL if none). */
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

/* "draft", "pending", "published" ("unknown" for any other value). */
const char *store_article_status_name(enum article_status s);
/* false if name is not one of them. */
bool store_article_status_parse(const char *name, enum article_status *out);

/*
 * What an article's source text (body_md) is: Markdown, rendered by cmark-gfm, or HTML from
 * the visual editor. Either way body_html is the sanitizer's output of it.
 */
enum article_body_format {
    ARTICLE_BODY_MARKDOWN = 0,
    ARTICLE_BODY_HTML = 1,
};

/* "markdown" or "html" (anything out of range is "markdown"). */
const char *store_body_format_name(enum article_body_format f);
/* false if name is neither. */
bool store_body_format_parse(const char *name, enum article_body_format *out);

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
    const char *body_md;   /* as the editor wrote it, in body_format */
    const char *body_html; /* rendered and sanitized at save time */
    /* read only with the body (as Markdown otherwise) */
    enum article_body_format body_format;
    const char *author;    /* byline text */
    const char *cover_caption;
    int64_t owner_id;        /* the user who created it; 0: the command line, an import */
    const char *tags;        /* tag names joined by ',' without spaces around them; "" none */
    const char *review_note; /* the last note sent back with it by a reviewer; "" none */
    /* filled on reads from the owner's user row, its display name or else its login name
     * ("" if none); ignored on writes */
    const char *owner_name;
    /* filled on reads from the joined category; ignored on writes */
    const char *category_slug;
    const char *category_name;
    /*
     * Write-only: what the search index keeps of this article, already folded (text_fold of
     * the title, the summary and the plain text of body_html). Filled by the content module
     * (content_search_fill), written with the article in the same transaction, ignored on
     * reads (always NULL there); NULL is indexed as "".
     */
    const char *search_title;
    const char *search_summary;
    const char *search_body;
    /* filled on reads: the site it belongs to (another one's when shared); ignored on
       writes, which go to the handle's site */
    int64_t site_id;
    const char *meta_description; /* for <meta name="description">; "" is the summary */
    const char *cover_alt;        /* the cover's alt text; "" is the title */
    /* 0: never; else a published article leaves public view at this second, by itself */
    int64_t expires_at;
    bool featured; /* shown by the featured portlet */
    const char *lang; /* the content's language: "vi" or "en"; NULL on writes is "vi" */
};

/*
 * Inserts a (id, created_at, updated_at ignored: set by the store) and sets *id. The caller
 * has already made the slug and body_html. CONG_EINVAL if the category (or the cover media)
 * does not exist. Its history starts with a "create" revision by nobody logged in.
 */
enum cong_err store_add_article(struct store *st, const struct article *a, int64_t *id);
/*
 * Inserts n articles as store_add_article does, each with a first revision ("create", by
 * nobody logged in), in one transaction: all of them or none (ids all 0 then). For imports and
 * bulk loads: one commit instead of n. Sets ids[0..n).
 */
enum cong_err store_add_articles(struct store *st, const struct article *arts, size_t n,
                                 int64_t *ids);
/*
 * Replaces every writable field of article a->id (owner_id too: pass the one read to keep it)
 * and sets updated_at to now (created_at stays); CONG_ENOTFOUND if there is none, CONG_EINVAL
 * as for store_add_article.
 */
enum cong_err store_update_article(struct store *st, const struct article *a);
/*
 * Deletes article id with its search entry, revisions, autosaves and view counts, in one
 * transaction. CONG_ENOTFOUND if there is none. expect_rev >= 0 makes it conditional as in
 * store_save_article: the article's newest revision id (0 if none) must be expect_rev, else
 * CONG_EEXIST and nothing is deleted; expect_rev < 0 deletes regardless.
 */
enum cong_err store_delete_article(struct store *st, int64_t id, int64_t expect_rev);
/* Any status, with its bodies. CONG_ENOTFOUND if there is none. */
enum cong_err store_get_article(struct store *st, struct arena *ar, int64_t id,
                                struct article *out);

struct store_search_term;

struct article_query {
    int64_t category_id; /* 0: any */
    int64_t exclude_id;  /* 0: none; leaves this article out (for "other articles") */
    /* status published, published_at <= now and not expired (expires_at 0 or after now) */
    bool published_only;
    int64_t now;         /* the clock for published_only */
    size_t offset;
    size_t limit;   /* capped at STORE_LIST_MAX; 0 returns no rows, only *total */
    bool with_body; /* also load body_md and body_html */
    bool with_shared; /* also the articles other sites share to this one */
    /* for the admin's lists; zero values filter nothing */
    unsigned status_mask; /* 0: any; else 1u << status for each status wanted (bits that
                             name no status match nothing) */
    bool scheduled_only;  /* published with published_at > now (needs now) */
    int64_t owner_id;     /* 0: any owner */
    int64_t from, to;     /* published_at in [from, to); 0: no bound on that side */
    bool featured_only;   /* only articles with the featured flag */
    const char *lang;     /* NULL: any; else only articles in this language ("vi", "en") */
    /* words that must all be in the article's indexed text (as store_search_articles) */
    const struct store_search_term *terms;
    size_t nterms; /* 0..STORE_SEARCH_TERMS_MAX */
};

/*
 * Articles matching q, newest published_at first (then id), and *total, the number of matches
 * without offset and limit (may be NULL). Bodies are NULL unless q->with_body. The rows and
 * the total come from one snapshot of the database. *out is an array of *n from ar, NULL
 * when *n is 0. CONG_EINVAL if q->terms is not a valid search (an empty word, too many).
 */
enum cong_err store_list_articles(struct store *st, struct arena *ar, const struct article_query *q,
                                  struct article **out, size_t *n, size_t *total);

/*
 * Revisions: every save of an article through store_save_article, and every workflow step,
 * appends one, holding the article's editable fields as they were after it.
 */
struct article_revision {
    int64_t id;
    int64_t article_id;
    int64_t at;
    int64_t user_id;       /* 0: nobody logged in (the command line) or a removed user */
    const char *user_name; /* as the user was named then */
    const char *action;    /* "create", "save", "restore", "submit", "approve", "reject",
                              "publish", "unpublish" */
    const char *note;      /* what the user said with it ("" none) */
    enum article_status status;
    int64_t category_id;
    int64_t published_at;
    int64_t cover_media_id; /* 0: none */
    const char *title;
    const char *summary;
    const char *author;
    const char *cover_caption;
    const char *tags;
    const char *body_md;       /* NULL in listings */
    enum article_body_format body_format; /* read with body_md */
    const char *category_name; /* filled on reads ("" if the category is gone) */
};

/* Who made a change, for the revision store_save_article appends. */
struct revision_meta {
    int64_t user_id;
    const char *user_name;
    const char *action; /* required, as in struct article_revision */
    const char *note;   /* NULL: "" */
};

/*
 * Writes article a and appends its revision (a's fields, meta's who and why, at a's
 * updated_at), in one transaction. a->id 0 inserts a new article (as store_add_article, with
 * owner_id) and sets *id; otherwise it replaces every writable field of article a->id as
 * store_update_article does. expect_rev >= 0 makes the write conditional: the article's newest
 * revision id (0 when it has none) must be expect_rev, else CONG_EEXIST and nothing is
 * written (someone else saved it in between); expect_rev < 0 writes regardless. *rev_id (may
 * be NULL) gets the new revision's id. Other errors as store_add_article and
 * store_update_article.
 */
enum cong_err store_save_article(struct store *st, const struct article *a,
                                 const struct revision_meta *meta, int64_t expect_rev, int64_t *id,
                                 int64_t *rev_id);
/* The newest revision id of article id, 0 if it has none (or there is no such article). */
enum cong_err store_latest_revision(struct store *st, int64_t article_id, int64_t *rev_id);
/*
 * Revisions of article_id newest first (body_md NULL), from offset, at most limit (capped at
 * STORE_LIST_MAX), and *total of them (may be NULL); *out NULL when *n is 0.
 */
enum cong_err store_list_revisions(struct store *st, struct arena *ar, int64_t article_id,
                                   size_t offset, size_t limit, struct article_revision **out,
                                   size_t *n, size_t *total);
/* One revision with body_md. CONG_ENOTFOUND if there is none. */
enum cong_err store_get_revision(struct store *st, struct arena *ar, int64_t id,
                                 struct article_revision *out);
/*
 * The revision just before revision id of the same article (with body_md), for a diff.
 * CONG_ENOTFOUND if id is the first (or does not exist).
 */
enum cong_err store_get_previous_revision(struct store *st, struct arena *ar, int64_t id,
                                          struct article_revision *out);

/*
 * Autosaves: the editor's unsaved form, one per (article, user); article_id 0 is the form of
 * an article not yet created. data is opaque text (the content module's JSON).
 */
struct article_autosave {
    int64_t article_id;
    int64_t user_id;
    int64_t saved_at;
    const char *data;
};

/*
 * Sets or replaces the autosave of (article_id, user_id), saved at as->saved_at (0: now).
 * CONG_EINVAL if the user is gone or data is NULL.
 */
enum cong_err store_put_autosave(struct store *st, const struct article_autosave *as);
/* CONG_ENOTFOUND if there is none. */
enum cong_err store_get_autosave(struct store *st, struct arena *ar, int64_t article_id,
                                 int64_t user_id, struct article_autosave *out);
/* Deletes it; none is not an error. */
enum cong_err store_delete_autosave(struct store *st, int64_t article_id, int64_t user_id);

/* Media: uploaded files kept in the database, so every node can serve them. */

struct media {
    int64_t id;
    const char *mime;     /* decided from the bytes, e.g. "image/jpeg" */
    const char *filename; /* the uploader's name, for downloads */
    int width, height;    /* 0 for non-images */
    int64_t created_at;
    const void *data; /* only from store_get_media */
    size_t size;
    const char *sha256; /* hex digest of data, doubles as the ETag */
    int64_t user_id;    /* who uploaded it; 0: the command line, an import */
};

/* A resized copy of an image (media_variants): a width and a format of one media record. */
struct media_variant {
    int64_t media_id;
    int width, height;
    const char *mime; /* "image/webp" or the original's type */
    const void *data; /* only from store_get_media_variant */
    size_t size;
    const char *sha256;
};

/*
 * Inserts m (data, size, mime, filename, width, height, sha256, user_id; created_at is set by
 * the store) and sets *id. data may be NULL only when size is 0. CONG_EINVAL if mime or sha256
 * is NULL or user_id names no user.
 */
enum cong_err store_add_media(struct store *st, const struct media *m, int64_t *id);
/* With its bytes, copied into ar. CONG_ENOTFOUND if there is none. */
enum cong_err store_get_media(struct store *st, struct arena *ar, int64_t id, struct media *out);
/*
 * Everything but the bytes (data NULL, size as stored), for URLs, headers and ETags without
 * reading the file. CONG_ENOTFOUND if there is none.
 */
enum cong_err store_get_media_info(struct store *st, struct arena *ar, int64_t id,
                                   struct media *out);
/*
 * Inserts m as store_add_media does and its n variants (media_id ignored), in one
 * transaction: the file and all its variants, or nothing. Sets *id. CONG_EEXIST if two
 * variants share a width and mime; CONG_EINVAL if one lacks mime or sha256 or has no width.
 */
enum cong_err store_add_media_set(struct store *st, const struct media *m,
                                  const struct media_variant *v, size_t n, int64_t *id);
/* The variants of media_id (data NULL) by width, then mime; *out NULL when *n is 0. */
enum cong_err store_list_media_variants(struct store *st, struct arena *ar, int64_t media_id,
                                        struct media_variant **out, size_t *n);
/* One variant with its bytes. CONG_ENOTFOUND if there is none. */
enum cong_err store_get_media_variant(struct store *st, struct arena *ar, int64_t media_id,
                                      int width, const char *mime, struct media_variant *out);
/* A media record as pages draw it: its row (no bytes) and its resized copies. */
struct media_image {
    struct media media;             /* data NULL; id 0 when there is no such record */
    struct media_variant *variants; /* by width, then mime (data NULL); NULL when none */
    size_t nvariants;
};
/* How many ids store_get_media_images reads with one query (more take one query each). */
#define STORE_IMAGES_PER_QUERY 32
/*
 * The images of ids[0..n) into out[0..n): out[i] is ids[i]'s row and variants (at most 64),
 * or all zero (media.id 0) when ids[i] names no media record (0 and negative ids included).
 * One query per STORE_IMAGES_PER_QUERY ids, so a page of cards reads its covers at once. A
 * repeated id fills each of its places; they may share one variants array. Strings and arrays
 * are from ar. On failure out is all zero. CONG_ENOMEM, CONG_ESTORE.
 */
enum cong_err store_get_media_images(struct store *st, struct arena *ar, const int64_t *ids,
                                     size_t n, struct media_image *out);
/*
 * Media newest first without their bytes, from offset, at most limit (capped at
 * STORE_LIST_MAX), and *total (may be NULL); *out NULL when *n is 0.
 */
enum cong_err store_list_media(struct store *st, struct arena *ar, size_t offset, size_t limit,
                               struct media **out, size_t *n, size_t *total);
/* What refers to a media file: nothing while all three are 0. */
struct media_usage {
    size_t covers;   /* articles (any status) with it as their cover */
    size_t bodies;   /* articles whose body_md holds its address */
    size_t portlets; /* portlets whose configuration holds its address (an html portlet) */
};
/*
 * Who uses media id, as struct media_usage says; an address is "/media/ID." or "/media/ID-",
 * so 12 is not found in /media/123.jpg. All 0 on failure.
 */
enum cong_err store_media_usage(struct store *st, int64_t id, struct media_usage *out);
/*
 * A file as /media/ serves it, with one query: the original (width 0: its row and bytes as
 * store_get_media gives them; mime is not looked at) or its copy of width and mime (id, mime,
 * width, height, data, size and sha256 set; created_at 0), and *is_public: whether something
 * the public sees uses the file: the cover or the body (its address, as store_media_usage
 * finds it) of an article published at or before now, or a portlet's configuration. A copy
 * follows its original. That search reads the published bodies: a caller that already knows
 * the answer passes is_public NULL and gets the row and bytes alone. CONG_ENOTFOUND if there
 * is no such file or copy.
 */
enum cong_err store_get_media_file(struct store *st, struct arena *ar, int64_t id, int width,
                                   const char *mime, int64_t now, struct media *out,
                                   bool *is_public);
/*
 * Deletes media id and its variants, in one transaction with the check of store_media_usage:
 * CONG_EEXIST (nothing deleted) if anything uses it, CONG_ENOTFOUND if there is none.
 */
enum cong_err store_delete_media(struct store *st, int64_t id);

/*
 * Accounts: users, sessions, API tokens, login throttling counters and the audit log. The
 * store keeps what it is given and decides nothing: hashing, expiry and throttling rules
 * belong to the auth module. Passwords, session ids and token secrets never reach the store,
 * only their hashes.
 */

struct user {
    int64_t id;
    const char *name; /* the login name, unique */
    const char *display_name;
    /* on reads, the role on the handle's site ("" none); on store_add_user, the role given
       there ("" none) */
    const char *role;
    const char *default_role; /* read only: the role on the default site ("" none) */
    int64_t other_sites;      /* read only: how many other sites it has a role on */
    const char *email;        /* read only here: store_set_user_profile writes it ("" none) */
    const char *unit;         /* the unit (phòng, khoa) the person works in ("" none) */
    const char *password_hash; /* argon2id string; NULL where a read does not need it */
    bool disabled;
    int64_t created_at;
    int64_t password_changed_at;
};

/*
 * Inserts u (id ignored; password_changed_at is set to u->created_at) and sets *id.
 * CONG_EEXIST if the name is taken, CONG_EINVAL if the role is not one of the five or name
 * or password_hash is NULL.
 */
enum cong_err store_add_user(struct store *st, const struct user *u, int64_t *id);
/* One user with its password hash. CONG_ENOTFOUND if there is none. */
enum cong_err store_get_user(struct store *st, struct arena *a, int64_t id, struct user *out);
enum cong_err store_get_user_by_name(struct store *st, struct arena *a, const char *name,
                                     struct user *out);
/* Every user ordered by name, without password hashes; *out NULL when *n is 0. site_only:
   only those with a role on the handle's site. */
enum cong_err store_list_users(struct store *st, struct arena *a, bool site_only,
                               struct user **out, size_t *n);
/*
 * Replaces user id's password hash, sets password_changed_at to now and deletes every
 * session of the user, in one transaction. CONG_ENOTFOUND if there is no such user.
 */
enum cong_err store_set_user_password(struct store *st, int64_t id, const char *hash, int64_t now);
/* The user's role on the handle's site; "" takes it away. CONG_ENOTFOUND if there is no such
   user, CONG_EINVAL for a role not among the five. */
enum cong_err store_set_user_role(struct store *st, int64_t id, const char *role);
/*
 * Disables or enables user id; disabling also deletes every session of the user, in the
 * same transaction. CONG_ENOTFOUND if there is no such user.
 */
enum cong_err store_set_user_disabled(struct store *st, int64_t id, bool disabled);

struct session {
    const char *id_hash; /* hash of the id the browser holds; the id itself is never stored */
    int64_t user_id;
    const char *csrf_token;
    int64_t created_at;
    int64_t last_seen_at;
    const char *ip;
    const char *user_agent;
};

/*
 * Inserts s (last_seen_at is set to created_at) for the handle's site: it is found through
 * no other. CONG_EEXIST if id_hash is taken, CONG_EINVAL if the user does not exist.
 */
enum cong_err store_add_session(struct store *st, const struct session *s);
/*
 * The session with id_hash and its user (password_hash NULL), in one query: a request with a
 * session cookie costs one read. CONG_ENOTFOUND if there is none. Expiry is the caller's rule.
 */
enum cong_err store_get_session(struct store *st, struct arena *a, const char *id_hash,
                                struct session *out, struct user *user);
/* Sets the session's last_seen_at to now (if later); no such session is not an error. */
enum cong_err store_touch_session(struct store *st, const char *id_hash, int64_t now);
/* Deletes one session; no such session is not an error. */
enum cong_err store_delete_session(struct store *st, const char *id_hash);
/* Deletes the sessions last seen before seen_before or created before created_before. */
enum cong_err store_delete_expired_sessions(struct store *st, int64_t seen_before,
                                            int64_t created_before);

struct api_token {
    int64_t id;
    int64_t user_id;
    const char *user_name; /* filled on reads */
    int64_t created_at;
    int64_t last_used_at; /* 0: never used */
    int64_t revoked_at;   /* 0: still valid */
};

/* Stores a token's hash for user_id and sets *id. CONG_EINVAL if the user does not exist. */
enum cong_err store_add_token(struct store *st, int64_t user_id, const char *token_hash,
                              int64_t now, int64_t *id);
/*
 * The unrevoked token with token_hash and its user (password_hash NULL), in one query.
 * CONG_ENOTFOUND if there is none or it was revoked.
 */
enum cong_err store_find_token(struct store *st, struct arena *a, const char *token_hash,
                               struct api_token *out, struct user *user);
/* One token by id, revoked or not. CONG_ENOTFOUND if there is none. */
enum cong_err store_get_token(struct store *st, struct arena *a, int64_t id, struct api_token *out);
/* Sets the token's last_used_at to now; no such token is not an error. */
enum cong_err store_touch_token(struct store *st, int64_t id, int64_t now);
/* Every token ordered by id; *out NULL when *n is 0. */
enum cong_err store_list_tokens(struct store *st, struct arena *a, struct api_token **out,
                                size_t *n);
/* Marks token id revoked at now. CONG_ENOTFOUND if there is no such token not yet revoked. */
enum cong_err store_revoke_token(struct store *st, int64_t id, int64_t now);

/*
 * Failed logins under one key (an account's, an address's, or an account's from one address),
 * shared by every node; an account-and-address key also remembers its last success.
 */
struct login_failure {
    int64_t failures;
    int64_t last_failure_at;
    int64_t locked_until;    /* 0 or a time in the past: not locked */
    int64_t last_success_at; /* 0: never */
};

/* CONG_ENOTFOUND if key has nothing on record. */
enum cong_err store_get_login_failure(struct store *st, const char *key, struct login_failure *out);
/*
 * Counts one more failure for key at now, atomically, and sets *failures to the new count;
 * a count whose last failure came before forget_before starts again from 1.
 */
enum cong_err store_add_login_failure(struct store *st, const char *key, int64_t now,
                                      int64_t forget_before, int64_t *failures);
/* Locks key until until (a lock is only ever lengthened); no record is not an error. */
enum cong_err store_lock_login(struct store *st, const char *key, int64_t until);
/* Forgets key's failures and its lock. */
enum cong_err store_clear_login_failures(struct store *st, const char *key);
/* Forgets key's failures and its lock, and records a success at now. */
enum cong_err store_add_login_success(struct store *st, const char *key, int64_t now);
/*
 * Deletes the records whose last failure came before forget_before, whose lock has ended by
 * now and whose last success came before success_before.
 */
enum cong_err store_delete_old_login_failures(struct store *st, int64_t forget_before,
                                              int64_t success_before, int64_t now);

/*
 * Accounts that help themselves (sqlite_accounts.c): a user's profile, a password change that
 * keeps the session it was made from, one-time password reset links (known by their hash
 * only), and the notices a site keeps for a user's dashboard.
 */

/* Sets user id's display name (full name), e-mail and unit (NULL: ""). CONG_ENOTFOUND. */
enum cong_err store_set_user_profile(struct store *st, int64_t id, const char *display_name,
                                     const char *email, const char *unit);
/* The enabled users whose e-mail is email (exact), at most max, by id; *out NULL when none. */
enum cong_err store_find_users_by_email(struct store *st, struct arena *a, const char *email,
                                        size_t max, struct user **out, size_t *n);
/*
 * Replaces user id's password hash (password_changed_at now) and deletes every session of the
 * user on every site except the one whose hash is keep_id_hash, in one transaction.
 * CONG_ENOTFOUND if there is no such user.
 */
enum cong_err store_set_user_password_keeping(struct store *st, int64_t id, const char *hash,
                                              int64_t now, const char *keep_id_hash);
/* Keeps a reset link's token hash for user_id, valid until expires_at. CONG_EINVAL if the
   user does not exist. */
enum cong_err store_add_password_reset(struct store *st, const char *token_hash, int64_t user_id,
                                       int64_t now, int64_t expires_at);
/* The user of the reset link token_hash if it is unused and expires after now; CONG_ENOTFOUND
   otherwise. */
enum cong_err store_get_password_reset(struct store *st, const char *token_hash, int64_t now,
                                       int64_t *user_id);
/*
 * Uses the reset link token_hash, in one transaction: if it is unused and expires after now, it
 * is marked used, the user's password hash becomes hash (password_changed_at now), every
 * session of the user on every site ends, and *user_id is set. CONG_ENOTFOUND otherwise
 * (nothing changed). Links of the user not yet used are spent too: one reset ends them all.
 */
enum cong_err store_use_password_reset(struct store *st, const char *token_hash, int64_t now,
                                       const char *hash, int64_t *user_id);

/* A notice on a user's dashboard, on the handle's site. */
struct notice {
    int64_t id;
    int64_t user_id;
    const char *kind; /* "submitted", "returned", "published" */
    const char *text;
    const char *link; /* a path on the site ("" none) */
    int64_t created_at;
};
/* Adds n (id ignored) on the handle's site. CONG_EINVAL if the user does not exist. */
enum cong_err store_add_notice(struct store *st, const struct notice *n);
/* user_id's notices on the handle's site, newest first, at most limit; *out NULL when none. */
enum cong_err store_list_notices(struct store *st, struct arena *a, int64_t user_id, size_t limit,
                                 struct notice **out, size_t *n);

/* One line of the audit log: who (as they were named then), when, from where, what. */
struct audit_entry {
    int64_t id;
    int64_t at;
    int64_t user_id; /* 0: nobody logged in (a failed login, the command line) */
    const char *user_name;
    const char *ip;
    const char *action; /* a short code such as "login" or "user_created" */
    const char *target; /* what it was done to, e.g. a user's name */
    const char *detail;
};

/* Appends e (id ignored); action is required, other NULL texts are stored as "". */
enum cong_err store_add_audit(struct store *st, const struct audit_entry *e);
/*
 * Entries newest first, from offset, at most limit (capped at STORE_LIST_MAX), and *total,
 * the number of entries (may be NULL), from one snapshot; *out NULL when *n is 0.
 */
enum cong_err store_list_audit(struct store *st, struct arena *a, size_t offset, size_t limit,
                               struct audit_entry **out, size_t *n, size_t *total);

/* Counts, for a summary on start-up and in tests: all articles, any status. */
enum cong_err store_count_articles(struct store *st, size_t *n);

/*
 * Search: the full-text index of articles, and what search engines read (sitemaps,
 * redirects). The index holds each article's folded text (see struct article); it is written
 * by store_add_article and store_update_article in their own transaction, so it never lags.
 * Callers never write match syntax: they pass words, and the backend quotes every one.
 */

/* The most words one search may carry. */
#define STORE_SEARCH_TERMS_MAX 16
/*
 * The most matches one search ranks. A query matching more (a very common word) is ranked
 * over its newest STORE_SEARCH_RANKED_MAX matches (by article id, that is by creation), and
 * *total says STORE_SEARCH_RANKED_MAX: the cost of a search stays bounded whatever it asks.
 */
#define STORE_SEARCH_RANKED_MAX 1000

/* One word of a search: every term must match (AND); a term matches word or alt. */
struct store_search_term {
    const char *word; /* folded text (text_fold); required, non-empty */
    const char *alt;  /* another folded spelling that also matches, or NULL */
};

struct store_search_query {
    const struct store_search_term *terms;
    size_t nterms;       /* 1..STORE_SEARCH_TERMS_MAX */
    bool phrase_boost;   /* rank articles holding the words side by side first (2-4 words) */
    int64_t category_id; /* 0: any */
    int64_t from, to;    /* published_at in [from, to); 0: no bound on that side */
    /* status published, published_at <= now and not expired (expires_at 0 or after now) */
    bool published_only;
    bool with_shared;    /* also the articles other sites share to this one */
    int64_t now;
    size_t offset;
    size_t limit; /* capped at STORE_LIST_MAX; 0 returns no rows, only *total */
};

struct store_search_hit {
    struct article article; /* with body_html (body_md is NULL) */
    double rank;            /* BM25 (title 10, summary 4, body 1), negated: lower is better */
};

/*
 * The articles matching every term of q that pass its filters, best rank first (then newest),
 * and *total, the number of matches without offset and limit (capped as said above; may be
 * NULL). Rows and total come from one snapshot. *out is an array of *n from ar, NULL when *n
 * is 0. CONG_EINVAL if q has no term, too many, or an empty word.
 */
enum cong_err store_search_articles(struct store *st, struct arena *ar,
                                    const struct store_search_query *q,
                                    struct store_search_hit **out, size_t *n, size_t *total);
/*
 * Replaces the index entry of article id with the given folded text (NULL is ""), for
 * indexing articles written before the index existed. CONG_ENOTFOUND if there is no article id.
 */
enum cong_err store_index_article(struct store *st, int64_t id, const char *title,
                                  const char *summary, const char *body);
/* Up to limit (at most STORE_LIST_MAX) ids of articles missing from the index, ascending. */
enum cong_err store_list_unindexed(struct store *st, struct arena *ar, size_t limit, int64_t **ids,
                                   size_t *n);

/* The most articles one store_list_article_stamps call returns: one sitemap file's worth. */
#define STORE_STAMPS_MAX 50000

/* What a sitemap needs of an article. */
struct article_stamp {
    int64_t id;
    int64_t category_id;
    int64_t updated_at;
    const char *slug;
};

/*
 * Visible articles (published, published_at <= now), newest published_at first (then id),
 * offset and limit (capped at STORE_STAMPS_MAX) applied, and *total of them all (may be NULL).
 * *out is an array of *n from ar, NULL when *n is 0.
 */
enum cong_err store_list_article_stamps(struct store *st, struct arena *ar, int64_t now,
                                        size_t offset, size_t limit, struct article_stamp **out,
                                        size_t *n, size_t *total);

/* The newest updated_at of the visible articles of one category (0: any) or 0 if none. */
enum cong_err store_last_update(struct store *st, int64_t now, int64_t category_id,
                                int64_t *updated_at);

/* Redirects: an old path of the portal answered with 301 to a new one. */

struct redirect {
    const char *old_path; /* as matched: a decoded path, or path '?' raw query */
    const char *new_path; /* sent as Location */
    int64_t created_at;
};

/* Adds one (checked by the caller: see content_redirect_check). CONG_EEXIST if old_path has one. */
enum cong_err store_add_redirect(struct store *st, const char *old_path, const char *new_path);
/* *new_path from ar; CONG_ENOTFOUND if old_path has none. */
enum cong_err store_get_redirect(struct store *st, struct arena *ar, const char *old_path,
                                 char **new_path);
/* All of them, by old_path, in an array from ar (*out NULL if none). */
enum cong_err store_list_redirects(struct store *st, struct arena *ar, struct redirect **out,
                                   size_t *n);
/* CONG_ENOTFOUND if old_path has none. */
enum cong_err store_remove_redirect(struct store *st, const char *old_path);

/*
 * Visitor statistics. Nodes gather page views in memory and hand them over in batches, about
 * one a second; the store decides, inside one transaction, which views start a visit and which
 * count as a view of an article, so several nodes sharing a database count exactly once.
 */

#define STORE_STATS_KEY_LEN 32   /* visitor and anonymous keys: 32 lowercase hex digits */
#define STORE_STATS_WINDOW  1800 /* a visit ends after 30 minutes without a page view */

struct stats_hit {
    char visitor[STORE_STATS_KEY_LEN + 1]; /* the cookie's key */
    char anon[STORE_STATS_KEY_LEN + 1];    /* "" if the request had the cookie */
    char day[11];                          /* "YYYY-MM-DD" of first_ts in the site's zone */
    int64_t site_id;                       /* the site viewed (the handle's is not used) */
    int64_t first_ts, last_ts;             /* the batch's first and last view of this pair */
    int64_t article_id;                    /* 0: a page that is not an article */
    int64_t views;                         /* page views in the batch for this pair */
};

/*
 * Applies a batch (in order of first_ts). A hit with an anonymous key is credited to the
 * visitor that key was last seen as within the window, if any, across all nodes. A visitor
 * whose last view is older than the window (or who is new) starts a visit on the hit's day;
 * an article is viewed once per visitor per window. Rows older than prune_before are dropped
 * in the same transaction. CONG_ESTORE and nothing applied if it fails.
 */
enum cong_err store_stats_apply(struct store *st, const struct stats_hit *hits, size_t n,
                                int64_t prune_before);

struct stats_counts {
    int64_t online; /* distinct visitors seen since `since` */
    int64_t today;  /* visits started on `day` */
    int64_t total;  /* all visits ever (without the configured offset) */
};

enum cong_err store_stats_counts(struct store *st, int64_t since, const char *day,
                                 struct stats_counts *out);

struct stats_day {
    const char *day; /* "YYYY-MM-DD" */
    int64_t visits;
    int64_t views;
};

/* Days from first to last ("YYYY-MM-DD", inclusive) that have counts, oldest first. */
enum cong_err store_stats_days(struct store *st, struct arena *ar, const char *first,
                               const char *last, struct stats_day **out, size_t *n);
/* The article's view count (0 if never viewed). */
enum cong_err store_article_views(struct store *st, int64_t article_id, int64_t *views);

struct article_views_row {
    int64_t article_id;
    const char *title;
    const char *slug;
    int64_t views;
};

/* The most viewed articles, most first, at most limit. */
enum cong_err store_top_articles(struct store *st, struct arena *ar, size_t limit,
                                 struct article_views_row **out, size_t *n);

/*
 * Pages and portlets: how the portal's pages are composed. A page has a layout and regions;
 * each region holds portlet instances in order. The store keeps rows and their order and
 * decides nothing else: layouts, regions, portlet types, configuration and view permissions
 * are the portal module's rules (src/portal). Positions are kept dense (0, 1, 2...) within
 * each (page, region), by the writes below, in the same transaction as the change.
 */

/* The most portlets one page's listing returns (the portal module allows fewer). */
#define STORE_PORTLETS_MAX 200

struct page {
    int64_t id;
    const char *slug; /* unique */
    const char *title;
    const char *layout;
    bool in_menu;
    int64_t created_at;
    int64_t updated_at;
    const char *lang; /* its content's language: "vi" or "en"; NULL on writes is "vi" */
};

struct portlet {
    int64_t id;
    int64_t page_id;
    const char *region;
    int64_t position; /* the index in its region, from 0 */
    const char *type;
    const char *title;
    const char *config;       /* a JSON object as the portal module wrote it; "" reads as {} */
    const char *view_roles;   /* role names joined by ','; "" means everyone */
    const char *unauthorized; /* "inherit", "message" or "hide" */
    int64_t updated_at;
};

/*
 * Inserts p (id and times ignored) and sets *id. CONG_EEXIST if the slug is taken,
 * CONG_EINVAL if slug, title or layout is NULL.
 */
enum cong_err store_add_page(struct store *st, const struct page *p, int64_t *id);
/* Replaces slug, title, layout, in_menu and lang of page p->id. CONG_ENOTFOUND, CONG_EEXIST. */
enum cong_err store_update_page(struct store *st, const struct page *p);
/* Deletes page id and its portlets. CONG_ENOTFOUND if there is none. */
enum cong_err store_delete_page(struct store *st, int64_t id);
/* CONG_ENOTFOUND if there is none. */
enum cong_err store_get_page(struct store *st, struct arena *a, int64_t id, struct page *out);
enum cong_err store_get_page_by_slug(struct store *st, struct arena *a, const char *slug,
                                     struct page *out);
/* Every page by id, or only those with in_menu when menu_only; *out NULL when *n is 0. */
enum cong_err store_list_pages(struct store *st, struct arena *a, bool menu_only, struct page **out,
                               size_t *n);
/*
 * The portlets of page_id by region, then position (at most STORE_PORTLETS_MAX); *out NULL
 * when *n is 0. No such page is not an error: it has no portlets.
 */
enum cong_err store_list_portlets(struct store *st, struct arena *a, int64_t page_id,
                                  struct portlet **out, size_t *n);
/*
 * The page called slug and its portlets (as store_list_portlets), read from one snapshot:
 * what rendering a page needs, in one call. CONG_ENOTFOUND if there is no such page.
 */
enum cong_err store_load_page(struct store *st, struct arena *a, const char *slug,
                              struct page *page, struct portlet **out, size_t *n);
/* CONG_ENOTFOUND if there is none. */
enum cong_err store_get_portlet(struct store *st, struct arena *a, int64_t id, struct portlet *out);
/*
 * Inserts p (id and updated_at ignored) into its page's region at index p->position (a
 * negative one, or one past the end, puts it last) and sets *id. CONG_EINVAL if the page does
 * not exist or a required text (region, type, config) is NULL.
 */
enum cong_err store_add_portlet(struct store *st, const struct portlet *p, int64_t *id);
/*
 * Replaces title, config, view_roles and unauthorized of portlet p->id and puts it in
 * p->region at index p->position (as store_add_portlet), closing the gap it leaves; all in
 * one transaction. CONG_ENOTFOUND if there is none.
 */
enum cong_err store_update_portlet(struct store *st, const struct portlet *p);
/* Deletes portlet id and closes the gap. CONG_ENOTFOUND if there is none. */
enum cong_err store_delete_portlet(struct store *st, int64_t id);

/*
 * Imports: what an import made of another system's records, so importing the same export
 * again makes nothing twice. source names the system ("wxr"), kind the record ("post",
 * "category", "attachment"), ext_id its id there; local_id ours.
 */
/* *local_id 0 (and CONG_OK) when nothing is recorded. */
enum cong_err store_import_get(struct store *st, const char *source, const char *kind,
                               const char *ext_id, int64_t *local_id);
/* Records (or replaces) one. */
enum cong_err store_import_put(struct store *st, const char *source, const char *kind,
                               const char *ext_id, int64_t local_id);

/*
 * The work schedule (lịch công tác) and questions and answers (hỏi đáp) of a state portal
 * (sqlite_schedule.c). The store keeps rows of the handle's site and decides nothing else:
 * what a valid entry or question is, who may answer and what the public sees are the content
 * module's rules (src/content/civic.h).
 */

/* The most entries one store_list_schedule call returns (a busy week holds far fewer). */
#define STORE_SCHEDULE_MAX 500

/* One entry of the schedule: a meeting, a visit, a working session. */
struct schedule_entry {
    int64_t id;
    int64_t starts_at, ends_at; /* seconds since the epoch; ends_at >= starts_at */
    const char *title;
    const char *location;  /* địa điểm */
    const char *chair;     /* lãnh đạo chủ trì */
    const char *people;    /* thành phần */
    const char *host_unit; /* đơn vị chuẩn bị */
    int64_t created_at, updated_at;
};

/* Inserts e (id and times ignored) and sets *id. CONG_EINVAL without a title or with
   ends_at before starts_at. */
enum cong_err store_add_schedule_entry(struct store *st, const struct schedule_entry *e,
                                       int64_t *id);
/* Replaces every field of entry e->id. CONG_ENOTFOUND, CONG_EINVAL as above. */
enum cong_err store_update_schedule_entry(struct store *st, const struct schedule_entry *e);
/* CONG_ENOTFOUND if there is none. */
enum cong_err store_delete_schedule_entry(struct store *st, int64_t id);
enum cong_err store_get_schedule_entry(struct store *st, struct arena *a, int64_t id,
                                       struct schedule_entry *out);
/*
 * The entries that take place in [from, to): starting before to and ending after from (an
 * entry without length counts where it starts), by starts_at then id, at most
 * STORE_SCHEDULE_MAX. *out is an array of *n from a, NULL when *n is 0.
 */
enum cong_err store_list_schedule(struct store *st, struct arena *a, int64_t from, int64_t to,
                                  struct schedule_entry **out, size_t *n);

enum question_status {
    QUESTION_PENDING = 0,   /* waiting for an editor: never public */
    QUESTION_PUBLISHED = 1, /* answered and shown */
    QUESTION_HIDDEN = 2,    /* kept, never shown */
};

/* A visitor's question and the agency's answer. */
struct question {
    int64_t id;
    enum question_status status;
    const char *name, *email; /* the asker's */
    const char *title, *body;
    const char *answer;      /* "" until answered */
    const char *answered_by; /* the editor's name */
    const char *sender;      /* the address it was sent from, for the rate limit */
    const char *search_text; /* written: folded title, question and answer; read back as "" */
    int64_t asked_at, answered_at, updated_at;
};

/* The most terms a question search matches (all of them, as substrings of the folded text). */
#define STORE_QUESTION_TERMS_MAX 4

struct question_query {
    int status;                                  /* an enum question_status, or -1: any */
    const char *terms[STORE_QUESTION_TERMS_MAX]; /* folded words, all required */
    size_t nterms;
    size_t offset, limit; /* limit capped at STORE_LIST_MAX */
};

/* Inserts q (id, answer and times but asked_at ignored; updated_at is asked_at) and sets *id.
   CONG_EINVAL without name, title or body, or with a status out of range. */
enum cong_err store_add_question(struct store *st, const struct question *q, int64_t *id);
/* Replaces status, title, answer, answered_by, answered_at and search_text of question q->id,
   updated_at now. CONG_ENOTFOUND, CONG_EINVAL as above. */
enum cong_err store_update_question(struct store *st, const struct question *q, int64_t now);
/* CONG_ENOTFOUND if there is none. */
enum cong_err store_delete_question(struct store *st, int64_t id);
enum cong_err store_get_question(struct store *st, struct arena *a, int64_t id,
                                 struct question *out);
/*
 * The questions passing q, published ones by answered_at (others by asked_at), newest first,
 * then id; *total (may be NULL) counts them all, from the same snapshot. *out is an array of
 * *n from a, NULL when *n is 0. CONG_EINVAL for too many or empty terms.
 */
enum cong_err store_list_questions(struct store *st, struct arena *a,
                                   const struct question_query *q, struct question **out,
                                   size_t *n, size_t *total);
/* How many questions sender has sent since since (any status), into *n. */
enum cong_err store_count_questions_from(struct store *st, const char *sender, int64_t since,
                                         int64_t *n);

/*
 * Documents (văn bản): a state agency's legal and administrative documents, their attached
 * files (media records) and, for a draft in public consultation, the public's comments. A
 * handle sees its own site's documents only. search_text and number_key are written as the
 * domain folds them (content_document_*); the store only matches words in them.
 */
enum document_status {
    DOCUMENT_DRAFT = 0,        /* not public */
    DOCUMENT_CONSULTATION = 1, /* public, a draft open (or closed) for comments */
    DOCUMENT_PUBLISHED = 2,    /* public, in force or archived */
};

struct document {
    int64_t id;
    const char *number;       /* số ký hiệu, "12/2026/QĐ-UBND" */
    const char *title;        /* trích yếu */
    const char *slug;         /* of the title, for URLs */
    const char *kind;         /* loại văn bản, "Quyết định" */
    const char *issuer;       /* cơ quan ban hành */
    const char *field;        /* lĩnh vực */
    const char *signer;       /* người ký */
    const char *issued_on;    /* "YYYY-MM-DD" or "" */
    const char *effective_on; /* "YYYY-MM-DD" or "" */
    const char *expires_on;   /* "YYYY-MM-DD" or "" */
    int64_t replaced_by;      /* the document replacing it; 0: none */
    enum document_status status;
    int64_t consultation_until; /* comments close then (status consultation); 0: not set */
    const char *comment_summary; /* the agency's summary of the comments, "" until published */
    const char *search_text;     /* folded number, title, kind, issuer, field, signer */
    const char *number_key;      /* folded number, letters and digits only: "122026qdubnd" */
    int64_t created_at, updated_at;
    size_t comments; /* its published comments (read only) */
};

/* The most words a document search matches at once. */
#define STORE_DOCUMENT_WORDS 6

/* What store_list_documents lists: every text "" (or NULL) means "any". */
struct document_query {
    const char *kind, *issuer, *field;
    const char *year;       /* "2026": issued that year */
    const char *number_key; /* matches a number_key containing it (letters and digits) */
    const char *words[STORE_DOCUMENT_WORDS]; /* folded; all must occur in the text */
    size_t nwords;
    bool public_only; /* consultation and published ones only */
    size_t offset, limit; /* limit capped at STORE_LIST_MAX */
};

/* One attached file of a document, with its media record's name and type. */
struct document_file {
    int64_t document_id, media_id;
    int position;
    const char *filename, *mime;
    int64_t size;
    int text_state; /* 0: text not yet extracted, 1: extracted, 2: none to extract */
};

enum document_comment_status {
    COMMENT_PENDING = 0, /* waits for an editor; never public */
    COMMENT_PUBLISHED = 1,
    COMMENT_HIDDEN = 2,
};

struct document_comment {
    int64_t id, document_id;
    const char *name, *email, *body;
    const char *address; /* the sender's address, for the rate limit; never shown */
    enum document_comment_status status;
    int64_t created_at;
};

/*
 * Inserts d (id, comments, created_at and updated_at ignored; created now) and sets *id.
 * CONG_EINVAL if a required text (number, title, slug) is NULL or replaced_by names no
 * document of the site.
 */
enum cong_err store_add_document(struct store *st, const struct document *d, int64_t now,
                                 int64_t *id);
/* Replaces every writable field of d->id, updated_at now. CONG_ENOTFOUND if there is none. */
enum cong_err store_update_document(struct store *st, const struct document *d, int64_t now);
/* Deletes document id, its file links and comments (not the media). CONG_ENOTFOUND if none. */
enum cong_err store_delete_document(struct store *st, int64_t id);
/* CONG_ENOTFOUND if there is none in the site. */
enum cong_err store_get_document(struct store *st, struct arena *a, int64_t id,
                                 struct document *out);
/*
 * Documents matching q, newest issued first (an exact number_key first when one is asked),
 * at most q->limit from q->offset, and *total (may be NULL) of them; *out NULL when *n is 0.
 */
enum cong_err store_list_documents(struct store *st, struct arena *a,
                                   const struct document_query *q, struct document **out,
                                   size_t *n, size_t *total);
/*
 * The distinct values of a column among the site's public documents, sorted, for filters:
 * which is "kind", "issuer", "field" or "year". At most STORE_LIST_MAX. CONG_EINVAL for
 * another column name.
 */
enum cong_err store_document_values(struct store *st, struct arena *a, const char *which,
                                    const char ***out, size_t *n);
/*
 * Replaces the files of document id with the n media ids, in that order, in one transaction
 * (a file kept keeps its extracted text). CONG_ENOTFOUND if there is no such document;
 * CONG_EINVAL if a media id is not the site's.
 */
enum cong_err store_set_document_files(struct store *st, int64_t id, const int64_t *media,
                                       size_t n);
/* The files of document id in order (at most 32); *out NULL when *n is 0. */
enum cong_err store_list_document_files(struct store *st, struct arena *a, int64_t id,
                                        struct document_file **out, size_t *n);
/*
 * The next file of the site whose text was not extracted yet (text_state 0), as out;
 * CONG_ENOTFOUND if none.
 */
enum cong_err store_next_document_file(struct store *st, struct arena *a,
                                       struct document_file *out);
/*
 * Records the folded text of file media_id of document id (state 1, or 2 when text is
 * "") and rebuilds the document's files_text, in one transaction.
 */
enum cong_err store_set_document_file_text(struct store *st, int64_t id, int64_t media_id,
                                           const char *text);
/* Inserts comment c (id ignored) and sets *id. CONG_EINVAL if its document is not the site's. */
enum cong_err store_add_document_comment(struct store *st, const struct document_comment *c,
                                         int64_t *id);
/* CONG_ENOTFOUND if there is none in the site. */
enum cong_err store_get_document_comment(struct store *st, struct arena *a, int64_t id,
                                         struct document_comment *out);
/*
 * The comments of document id, oldest first, only those of status only (-1: all), at most
 * limit from offset, and *total (may be NULL).
 */
enum cong_err store_list_document_comments(struct store *st, struct arena *a, int64_t id,
                                           int only, size_t offset, size_t limit,
                                           struct document_comment **out, size_t *n,
                                           size_t *total);
/* Sets comment id's status. CONG_ENOTFOUND if there is none in the site. */
enum cong_err store_set_document_comment_status(struct store *st, int64_t id,
                                                enum document_comment_status status);
/* How many comments address sent to the site since since, for the rate limit. */
enum cong_err store_count_document_comments_from(struct store *st, const char *address,
                                                 int64_t since, size_t *n);
/* How many comments of the site wait for an editor (COMMENT_PENDING), into *n. */
enum cong_err store_count_pending_document_comments(struct store *st, size_t *n);

/*
 * Menus (sqlite_menus.c): the items of a site's named menus ("main", "footer"), each at the
 * top or under one parent, ordered by position among its siblings. The store keeps rows of
 * the handle's site; what an item may point to and how deep menus go are the portal module's
 * rules (portal_menu_*).
 */

/* The most items one menu holds (and one store_list_menu_items returns). */
#define STORE_MENU_ITEMS_MAX 200

struct menu_item {
    int64_t id;
    const char *menu;   /* "main" or "footer" */
    int64_t parent_id;  /* 0: at the top */
    int64_t position;   /* among its siblings, from 0 */
    const char *label;
    const char *kind;   /* "page", "category", "documents" or "url" */
    int64_t ref_id;     /* the page or category of kinds page and category; else 0 */
    const char *url;    /* kind url: the address; "" otherwise */
    bool new_window;
    const char *lang;   /* the language of the menu it belongs to: "vi" or "en"; NULL on
                           writes is "vi" */
};

/* Every item of menu, by position then id (parents and children mixed), at most
   STORE_MENU_ITEMS_MAX; *out NULL when *n is 0. */
enum cong_err store_list_menu_items(struct store *st, struct arena *a, const char *menu,
                                    struct menu_item **out, size_t *n);
/* CONG_ENOTFOUND if the site has no such item. */
enum cong_err store_get_menu_item(struct store *st, struct arena *a, int64_t id,
                                  struct menu_item *out);
/* Inserts it (id ignored) and sets *id. CONG_EINVAL without a label or menu. */
enum cong_err store_add_menu_item(struct store *st, const struct menu_item *it, int64_t *id);
/* Replaces every field of item it->id. CONG_ENOTFOUND if there is none in the site. */
enum cong_err store_update_menu_item(struct store *st, const struct menu_item *it);
/* Deletes item id and the items under it, in one transaction. CONG_ENOTFOUND. */
enum cong_err store_delete_menu_item(struct store *st, int64_t id);
/* Sets the parent and position of n items (ids[i] gets parents[i], 0 the top, and
   positions[i]) in one transaction. */
enum cong_err store_set_menu_order(struct store *st, size_t n, const int64_t *ids,
                                   const int64_t *parents, const int64_t *positions);

#endif
