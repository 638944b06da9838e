/*
 * The content module: articles, categories and media as editors see them. It turns what an
 * editor typed into what the store keeps: a slug from the Vietnamese title, Markdown rendered
 * once into sanitized HTML, media typed by their bytes. Handlers, the CLI and the demo all
 * write content through here, never through the store directly, so the rules hold everywhere.
 */
#ifndef CONG_CONTENT_H
#define CONG_CONTENT_H

#include "../core/core.h"
#include "../i18n/i18n.h"
#include "../store/store.h"

#define CONTENT_TITLE_MAX 300   /* characters, as bytes of UTF-8 at most 4x that */
#define CONTENT_SLUG_MAX 80     /* bytes */
#define CONTENT_SUMMARY_MAX 2000
#define CONTENT_BODY_MAX (1u << 20)

struct article_input {
    const char *title;         /* required, 1..CONTENT_TITLE_MAX characters */
    const char *summary;       /* may be NULL */
    const char *body_md;       /* the body in body_format; may be NULL */
    /* Markdown is rendered by cmark-gfm; HTML (the visual editor's) is kept as the sanitizer
     * writes it, so the stored source never holds what a page could not show */
    enum article_body_format body_format;
    const char *category_slug; /* required, must exist */
    const char *author;        /* byline; may be NULL */
    int64_t published_at;      /* 0: now */
    enum article_status status;
    int64_t cover_media_id; /* 0: none */
    const char *cover_caption;
    const char *slug;             /* NULL or "": made from the title; else checked and kept */
    const char *meta_description; /* may be NULL; at most CONTENT_META_MAX characters */
    const char *cover_alt;        /* may be NULL; at most CONTENT_ALT_MAX characters */
    int64_t expires_at;           /* 0: never; else after published_at */
    bool featured;
    const char *lang; /* the language it is written in, "vi" or "en" (content_lang_is_valid);
                         NULL: "vi" */
};

/* The longest meta description and cover alt text, in characters. */
#define CONTENT_META_MAX 300
#define CONTENT_ALT_MAX  300

/*
 * True if s is a slug as an editor may type it: 1..CONTENT_SLUG_MAX bytes of lowercase ASCII
 * letters, digits and single '-' between them (not first nor last).
 */
bool content_slug_is_valid(const char *s);
/*
 * True if code names a language content may be written in: "vi" (Vietnamese, the default)
 * or "en" (English), exactly so. Articles, pages and menu items each carry one; the public
 * lists show those of the interface's language.
 */
bool content_lang_is_valid(const char *code);
/* What a refused language says (to translate with _()). */
#define CONTENT_LANG_MSG N_("ngôn ngữ phải là vi (Tiếng Việt) hoặc en (English)")
/* True if the public sees article a at now: published, its date come, not expired. */
bool content_article_is_public(const struct article *a, int64_t now);
/* True if a is published and expired at now (expires_at set and not after now). */
bool content_article_is_expired(const struct article *a, int64_t now);

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

/* The path of a resized copy: "/media/ID-WIDTH.EXT", from the arena. */
const char *content_media_variant_path(struct arena *a, int64_t id, int width, const char *mime);
/*
 * Reads the file name of a /media/ URL, "ID.EXT" (width 0) or "ID-WIDTH.EXT": *mime is the
 * type its extension names. False (and *id 0, *mime NULL) for anything else.
 */
bool content_media_parse_name(const char *name, int64_t *id, int *width, const char **mime);

/* The MIME type of a file decided from its first bytes, or NULL if not an accepted type
 * (JPEG, PNG, WebP, GIF, PDF). */
const char *content_sniff_mime(const void *data, size_t len);

/* Media rules (media.c): the widths of the resized copies, the most pixels an image may have
 * (decompression bombs), and the default size limit of an upload. */
#define CONTENT_MEDIA_WIDTHS {320, 640, 1280}
#define CONTENT_MEDIA_MAX_PIXELS 50000000
#define CONTENT_MEDIA_MAX_MB_DEFAULT 20
/* The most bytes a picture's pixels may take once decoded, counted from its header (width ×
 * height × bands × bytes per sample, every frame of an animation): 50 megapixels of 8-bit
 * RGBA. A 16-bit picture may so have about half the pixels of an 8-bit one. */
#define CONTENT_MEDIA_MAX_DECODE_BYTES (200u * 1000 * 1000)
/* Pictures up to this many pixels are processed in the upload's own thread (a fraction of a
 * second); larger ones go to the picture worker (content_media_jobs_start). */
#define CONTENT_MEDIA_INLINE_PIXELS 2500000
/* Jobs one user may have with the picture worker at once, and how long a job may wait in its
 * queue before it is refused as busy (CONG_EBUSY). */
#define CONTENT_MEDIA_JOBS_PER_USER 1
#define CONTENT_MEDIA_QUEUE_WAIT_S  30

/*
 * Checks a picture's size as read from its header, before anything is decoded: CONG_ETOOBIG
 * with a message for the uploader (Vietnamese) past CONTENT_MEDIA_MAX_PIXELS (width × height
 * × frames) or past CONTENT_MEDIA_MAX_DECODE_BYTES (that × bands × bytes per sample).
 */
enum cong_err content_media_check_size(int width, int height, int frames, int bands,
                                       int bytes_per_sample, struct cong_error *err);

/*
 * Starts the picture worker of `cong serve`: from then on pictures over
 * CONTENT_MEDIA_INLINE_PIXELS are decoded and resized on it, one at a time, never on a request
 * thread, and at most request_threads - 1 uploads (at least 1, at most 4) wait for it at once;
 * more are refused with CONG_EBUSY at once. CONG_ENOMEM if the thread cannot start. Called
 * once, before serving; content_media_jobs_stop ends it once no request runs.
 */
enum cong_err content_media_jobs_start(unsigned request_threads);
void content_media_jobs_stop(void);

/*
 * Stores an uploaded file, uploaded by user_id (0: the command line, an import). The type
 * comes from its bytes, whatever its name says (CONG_EINVAL, "unsupported file type", if it is
 * none of JPEG, PNG, WebP, GIF, PDF; an empty file too); CONG_ETOOBIG past max_size bytes (0:
 * no limit) or past content_media_check_size (read from the header, before decoding);
 * CONG_EBUSY when the picture worker has no room for it (content_media_jobs_start).
 * JPEG, PNG and WebP lose their metadata (EXIF with the location, XMP, IPTC, comments): a JPEG
 * or WebP already upright losslessly (its segments or chunks dropped, the ICC profile kept;
 * an animated WebP keeps its frames); a PNG, and a JPEG or WebP whose EXIF orientation turns
 * it, are turned upright, converted to sRGB at 8 bits per channel and encoded again. That is the original kept,
 * with its width and height after the turn (a frame's, for animations). GIF and PDF keep their bytes. Images get
 * copies at the CONTENT_MEDIA_WIDTHS narrower than them, in WebP and (JPEG, PNG) in the
 * original's format; a GIF's are WebP of its first frame. File and copies are written in one
 * transaction. CONG_EINVAL if an image does not decode ("corrupt"), CONG_ESTORE. err->msg is
 * Vietnamese, for the uploader. Sets *id.
 */
enum cong_err content_add_media_by(struct store *st, int64_t user_id, const void *data,
                                   size_t len, const char *filename, size_t max_size, int64_t *id,
                                   struct cong_error *err);
/* content_add_media_by with no user (the command line, the demo). */
enum cong_err content_add_media(struct store *st, const void *data, size_t len,
                                const char *filename, size_t max_size, int64_t *id,
                                struct cong_error *err);

struct content_actor;
/*
 * Who may delete a media file: editors and above any, an author only her own uploads
 * (m->user_id), members and guests none. For pages to show the button; the delete checks again.
 */
bool content_may_delete_media(const struct content_actor *who, const struct media *m);
/*
 * Deletes media id and its resized copies on behalf of who, and writes "media_deleted"
 * ("#ID filename") to the audit log. CONG_EPERM if who may not (content_may_delete_media),
 * CONG_ENOTFOUND if there is no such file, CONG_EEXIST while an article uses it as cover or
 * in its body (nothing deleted; err->msg says how many articles), CONG_ESTORE. err->msg is
 * Vietnamese, for the person.
 */
enum cong_err content_media_delete(struct store *st, const struct content_actor *who, int64_t id,
                                   struct cong_error *err);

/*
 * A picture as pages show it: the original's URL, size and type, and srcset strings of its
 * copies ("/media/7-320.jpg 320w, /media/7-640.jpg 640w, /media/7.jpg 1600w"). srcset is in the
 * original's format and ends with the original; webp_srcset lists the WebP copies for a
 * <picture>'s <source type="image/webp"> ("" for a WebP original, whose srcset has them). Both
 * are "" when there are no copies, and for a GIF (an animation is shown as it is). thumb is the
 * smallest WebP copy, else the original. Strings live in the arena.
 */
struct content_image {
    const char *url;
    const char *mime;
    int width, height;
    const char *srcset;
    const char *webp_srcset;
    const char *thumb;
};
/* Fills out for media id. CONG_ENOTFOUND if there is none; CONG_ENOMEM, CONG_ESTORE. */
enum cong_err content_media_image(struct store *st, struct arena *a, int64_t id,
                                  struct content_image *out);
/*
 * The pictures of ids[0..n) into out[0..n), read from the store at once (one query per
 * STORE_IMAGES_PER_QUERY ids): out[i] is all zero (url NULL) when ids[i] names no media (0
 * included). For a page of cards. On failure out is all zero: CONG_ENOMEM, CONG_ESTORE.
 */
enum cong_err content_media_images(struct store *st, struct arena *a, const int64_t *ids,
                                   size_t n, struct content_image *out);
/*
 * For an article's body as the sanitizer wrote it, html[0..len): appends it to out with every
 * <img src="/media/ID.EXT"> of an existing image given its width and height (unless it has a
 * width already), srcset and sizes, and wrapped in a <picture> with a WebP <source> when there
 * are WebP copies. Other tags and unknown ids are copied as they are. Meant for save time
 * (prepare_article), so pages never look media up. CONG_ENOMEM, CONG_ESTORE.
 */
enum cong_err content_media_enrich_html(struct store *st, struct arena *a, const char *html,
                                        size_t len, struct buf *out);

/*
 * Editorial work (editorial.c, workflow.c): articles as people write, review and publish
 * them. Every write goes through these functions, from the admin's forms and from the JSON
 * API alike, so the rules of who may do what hold on both. Each one checks the actor's role
 * and the article's state, writes the article with a revision (store_save_article, guarded by
 * the revision the actor started from) and records the change in the audit log.
 *
 * The rules, by role (an article is "own" when the actor created it):
 * - author: creates articles as draft or pending; edits and deletes own drafts; submits own
 *   drafts (draft -> pending). A pending or published article is out of an author's hands.
 * - editor: everything an author may, on any article; edits pending and published articles
 *   too, but not the date of a published (or scheduled) one, which stays the publisher's; submits any draft ("sends it to review"); rejects a pending article back to its
 *   author with a note (pending -> draft, the note kept on the article); deletes drafts and
 *   pending articles.
 * - publisher and admin: everything an editor may; approves a pending article (pending ->
 *   published), publishes any draft or pending article directly, unpublishes (published ->
 *   draft), deletes any article. A published article whose published_at is in the future is
 *   scheduled: the public sees it from that minute on, by itself.
 * - member and guest: nothing.
 * Results: CONG_EPERM (the role may not; HTTP 403), CONG_ESTATE (not from the article's
 * present state, e.g. approving a draft; 422), CONG_EINVAL (a field breaks a rule; 400),
 * CONG_ENOTFOUND (404), CONG_EEXIST (someone saved the article after the actor opened it,
 * or a category slug is taken; 409), CONG_ESTORE (503). err->msg says which, in Vietnamese.
 */
#include "../auth/auth.h"

/* Who acts: the logged-in user (or the token's), and from where, for the audit log. */
struct content_actor {
    int64_t user_id;
    const char *name;
    enum auth_role role;
    const char *ip; /* "" when there is none */
};

enum content_action {
    CONTENT_SUBMIT,    /* draft -> pending */
    CONTENT_APPROVE,   /* pending -> published */
    CONTENT_REJECT,    /* pending -> draft, with a note for the author */
    CONTENT_PUBLISH,   /* draft or pending -> published */
    CONTENT_UNPUBLISH, /* published -> draft */
};

/* "submit", "approve", "reject", "publish", "unpublish". */
const char *content_action_name(enum content_action act);
/* The button's Vietnamese label ("Gửi duyệt", "Duyệt và đăng", ...). */
const char *content_action_label(enum content_action act);
/* false if name is none of the five names. */
bool content_action_parse(const char *name, enum content_action *out);
/* The Vietnamese name of a status for lists ("Bản nháp", "Chờ duyệt", "Đã đăng",
 * "Đã lên lịch" for published with published_at > now). */
const char *content_status_label(const struct article *a, int64_t now);

/* The rules above, for pages to show only what the actor may do (the writes check again). */
bool content_may_create(const struct content_actor *who, enum article_status status);
bool content_may_edit(const struct content_actor *who, const struct article *a);
bool content_may_delete(const struct content_actor *who, const struct article *a);
/* *to (may be NULL) gets the status act leads to. */
bool content_may_transition(const struct content_actor *who, const struct article *a,
                            enum content_action act, enum article_status *to);

/*
 * The fields of an article as an editor sends them. On create, NULL texts are "" and unset
 * flags take the defaults (published_at now, no cover, status draft); on update, NULL and
 * unset mean "unchanged", so a PATCH sends only what it changes.
 */
struct article_edit {
    const char *title;
    const char *summary;
    const char *body_md; /* in body_format (or, unset, the article's present format) */
    const char *category_slug;
    const char *author; /* byline */
    const char *cover_caption;
    const char *tags; /* names separated by ',' (spaces around them ignored) */
    bool set_published_at;
    int64_t published_at;
    bool set_cover;
    int64_t cover_media_id; /* 0: none */
    bool set_status;        /* on update: the transition it implies must be allowed */
    enum article_status status;
    bool set_body_format; /* unset: Markdown on create, unchanged on update */
    enum article_body_format body_format;
    /* NULL: from the title on create, unchanged on update; "": made from the title again;
     * else a slug (content_slug_is_valid) no other article of the site has (CONG_EEXIST,
     * field "slug"). Changing the slug of a published article leaves a redirect (301) from
     * its old address to the new one. */
    const char *slug;
    const char *meta_description;
    const char *cover_alt;
    bool set_expires_at;
    int64_t expires_at; /* 0: never */
    bool set_featured;
    bool featured;
    const char *lang; /* NULL: "vi" on create, unchanged on update; else "vi" or "en" */
};

/* The most tags an article may have, and the longest tag in characters. */
#define CONTENT_TAGS_MAX 20
#define CONTENT_TAG_LEN_MAX 60

/*
 * Tags as the store keeps them from what an editor typed: trimmed, empty ones dropped,
 * duplicates (compared folded, so "Giáo dục" and "giáo dục" are one) dropped, joined by ','.
 * CONG_EINVAL with err->msg past CONTENT_TAGS_MAX tags or CONTENT_TAG_LEN_MAX characters.
 */
enum cong_err content_tags_normalise(struct arena *ar, const char *typed, const char **out,
                                     struct cong_error *err);

/*
 * Creates an article owned by who (status draft unless e->status says otherwise and who may
 * create it so) with its first revision ("create"); sets *id.
 */
enum cong_err content_article_create(struct store *st, const struct content_actor *who,
                                     const struct article_edit *e, int64_t now, int64_t *id,
                                     struct cong_error *err);
/*
 * Applies e to article id ("save" revision). expect_rev is the revision the actor's form
 * started from (store_save_article), or -1 not to check. A status change in e is checked and
 * recorded as the matching transition (draft -> pending submit, draft -> published publish,
 * pending -> published approve, published -> draft unpublish); pending -> draft is CONG_EINVAL,
 * as a rejection needs its note (content_article_transition).
 */
enum cong_err content_article_update(struct store *st, const struct content_actor *who,
                                     int64_t id, const struct article_edit *e, int64_t expect_rev,
                                     int64_t now, struct cong_error *err);
/*
 * Moves article id by act; note is kept with the revision (and on the article for reject,
 * which requires one: CONG_EINVAL without). Publishing or approving an article whose
 * published_at has passed makes it public now, dated now; a future published_at schedules it.
 */
enum cong_err content_article_transition(struct store *st, const struct content_actor *who,
                                         int64_t id, enum content_action act, const char *note,
                                         int64_t now, struct cong_error *err);
/* Deletes article id with its revisions. */
enum cong_err content_article_delete(struct store *st, const struct content_actor *who,
                                     int64_t id, struct cong_error *err);
/*
 * Brings back the fields of revision rev_id (which must belong to article id) as a new
 * "restore" revision; the status is left as it is (restoring text never publishes it).
 */
enum cong_err content_article_restore(struct store *st, const struct content_actor *who,
                                      int64_t id, int64_t rev_id, int64_t now,
                                      struct cong_error *err);

/*
 * Notices (notify.c): the editorial functions above tell the people who should act or know
 * (submitted: the site's publishers and admins; returned: the author, with the note;
 * published: the author) on their dashboard, and by e-mail through m when it is configured;
 * an answered question's asker gets its link by e-mail. Set once at start-up, before requests
 * are served (NULL, the default: notices on dashboards only); m is borrowed until set again.
 */
struct mailer;
void content_notify_set_mailer(struct mailer *m);

/* A line diff (diff.c), for the history page: what was removed and added between texts. */
enum content_diff_op { DIFF_SAME, DIFF_DEL, DIFF_ADD };
struct content_diff_line {
    enum content_diff_op op;
    const char *text; /* the line without its '\n', from the arena */
};
/*
 * The lines of old and new (either may be NULL: no lines) as a shortest edit script, in
 * order. Texts over 20,000 lines each are compared as all removed then all added, so the cost
 * stays bounded. *out from ar (NULL when *n is 0). CONG_ENOMEM.
 */
enum cong_err content_diff(struct arena *ar, const char *old, const char *new_,
                           struct content_diff_line **out, size_t *n);

/*
 * Autosaves (autosave.c): the editor's form as it stood, kept every few seconds so a closed
 * tab or a crash loses little. One per (article, user); article 0 is a new article's form.
 * The store keeps it as a JSON object of the known fields (title, summary, body, category,
 * tags, author, published_at, cover, cover_caption, body_format, slug, meta_description,
 * cover_alt, expires_at); others are dropped.
 */
struct content_field {
    const char *name;
    const char *value;
};
/* The most bytes of one autosave's JSON. */
#define CONTENT_AUTOSAVE_MAX (CONTENT_BODY_MAX + (64u << 10))
/*
 * Keeps fields[0..n) as who's autosave of article_id (0: a new article) at now. CONG_EPERM if
 * who may not create articles or not edit that one, CONG_ENOTFOUND if there is no such
 * article, CONG_EINVAL if a value is not UTF-8 or longer than its field allows, CONG_ETOOBIG
 * past CONTENT_AUTOSAVE_MAX; err->msg in Vietnamese.
 */
enum cong_err content_autosave_put(struct store *st, const struct content_actor *who,
                                   int64_t article_id, const struct content_field *fields,
                                   size_t n, int64_t now, struct cong_error *err);
/*
 * who's autosave of article_id: *saved_at and the fields (an array of *n from ar, names and
 * values from ar). CONG_ENOTFOUND if there is none (or it no longer parses).
 */
enum cong_err content_autosave_get(struct store *st, struct arena *ar,
                                   const struct content_actor *who, int64_t article_id,
                                   int64_t *saved_at, struct content_field **fields, size_t *n);
/* Forgets who's autosave of article_id; none is not an error. */
enum cong_err content_autosave_delete(struct store *st, const struct content_actor *who,
                                      int64_t article_id);

/*
 * Categories as editors manage them (editor and above): checked (name 1..200 characters,
 * a slug made from the name when none is given, a parent that exists and is no descendant),
 * written, and recorded in the audit log. delete is refused with CONG_EEXIST and a message
 * naming how many articles (or subcategories) the category still holds.
 */
struct category_edit {
    const char *name;
    const char *slug;        /* NULL or "": from the name (create), unchanged (update) */
    const char *description; /* NULL: "" on create, unchanged on update */
    bool set_parent;
    int64_t parent_id; /* 0: top level */
    bool set_position;
    int position;
};
enum cong_err content_category_create(struct store *st, const struct content_actor *who,
                                      const struct category_edit *e, int64_t *id,
                                      struct cong_error *err);
enum cong_err content_category_update(struct store *st, const struct content_actor *who,
                                      int64_t id, const struct category_edit *e,
                                      struct cong_error *err);
enum cong_err content_category_delete(struct store *st, const struct content_actor *who,
                                      int64_t id, struct cong_error *err);
/* Moves category id one place up (delta -1) or down (+1) among its siblings. */
enum cong_err content_category_move(struct store *st, const struct content_actor *who,
                                    int64_t id, int delta, struct cong_error *err);

/*
 * Menus (menus.c): the items of a site's menus "main" and "footer", nested at most two levels,
 * ordered by the editor. Only admins change them; each change is checked whole before it is
 * written and goes to the audit log; the page generation moves by the table's triggers.
 */
#define CONTENT_MENU_LABEL_MAX 100 /* characters */
#define CONTENT_MENU_URL_MAX   1000 /* bytes */

/* What an item is to become. kind: "page", "category", "documents" or "url". */
struct menu_input {
    const char *label;
    const char *kind;
    int64_t ref_id;     /* the page or category (kinds page and category) */
    const char *url;    /* kind url: http(s)://host... or a path on the site, "/..." */
    int64_t parent_id;  /* 0: at the top; else a top item of the same menu */
    int64_t position;   /* among its siblings; -1: last (on update: where it is) */
    bool new_window;
    /* NULL: "vi" on add, unchanged on update; else "vi" or "en". An item under another
       takes its parent's language. */
    const char *lang;
};

enum content_menu_move {
    CONTENT_MENU_UP,
    CONTENT_MENU_DOWN,
    CONTENT_MENU_INDENT,  /* under the item before it */
    CONTENT_MENU_OUTDENT, /* to the top, after its parent */
};

/* True for "main" and "footer". */
bool content_menu_is_known(const char *name);
/* True if url may be an item's target: http:// or https:// and a host, or a path on this site
   ("/..." but not "//..."), with no spaces, quotes, angle brackets or control characters. */
bool content_menu_url_is_allowed(const char *url);
/*
 * Adds an item to menu and sets *id. CONG_EPERM for anyone but an admin; CONG_EINVAL (err
 * names the field) for a label, kind, URL or target that breaks the rules, a target that is
 * not this site's; CONG_ESTATE (field "parent") for a parent that is not a top item of this
 * menu (a third level), or past STORE_MENU_ITEMS_MAX items.
 */
enum cong_err content_menu_add(struct store *st, const struct content_actor *who,
                               struct arena *a, const char *menu, const struct menu_input *in,
                               int64_t *id, struct cong_error *err);
/* Replaces item id of menu with in; errors as above, CONG_ENOTFOUND, and CONG_ESTATE for
   moving an item that has children under another. */
enum cong_err content_menu_update(struct store *st, const struct content_actor *who,
                                  struct arena *a, const char *menu, int64_t id,
                                  const struct menu_input *in, struct cong_error *err);
/* Deletes item id of menu with the items under it. CONG_EPERM, CONG_ENOTFOUND. */
enum cong_err content_menu_delete(struct store *st, const struct content_actor *who,
                                  struct arena *a, const char *menu, int64_t id,
                                  struct cong_error *err);
/* Moves item id of menu one step; CONG_ESTATE (with a message) when that step is not
   possible (the first item up, an item with children indented...). */
enum cong_err content_menu_move(struct store *st, const struct content_actor *who,
                                struct arena *a, const char *menu, int64_t id,
                                enum content_menu_move how, struct cong_error *err);

/* Portal settings (settings.c): the known keys and the rule of each value. */

/*
 * The site's settings as the admin page and the API edit them (settings.c): each field's
 * name in the API, its setting key, its label and how it is read. Values are kept as text:
 * "1"/"0" for flags (hide_unauthorized is kept in portlet_unauthorized as hide/message).
 */
enum content_site_field_kind {
    CONTENT_SF_TEXT,      /* one line */
    CONTENT_SF_LONGTEXT,  /* several lines */
    CONTENT_SF_MEDIA,     /* a picture of the media library by id; "" or "0": none */
    CONTENT_SF_EMAIL,
    CONTENT_SF_PHONE,
    CONTENT_SF_URL,       /* http(s) or empty */
    CONTENT_SF_LANGUAGE,  /* vi or en */
    CONTENT_SF_FLAG,      /* "1" or "0" */
    CONTENT_SF_COUNT,     /* a whole number >= 0 */
    CONTENT_SF_BASE_URL,  /* as base_url */
};
struct content_site_field {
    const char *field; /* in the API: "name" */
    const char *key;   /* the setting: "site_name" */
    const char *label; /* "Tên cổng" */
    enum content_site_field_kind kind;
    const char *help;  /* a hint under the field in the admin page, or NULL */
};
/* The i-th field, NULL past the last. */
const struct content_site_field *content_site_field_at(size_t i);
/* The field called name in the API, or NULL. */
const struct content_site_field *content_site_field_find(const char *name);
/* The field's value as the site has it now (in a; defaults applied: "0" for an unset flag). */
enum cong_err content_site_field_get(struct store *st, struct arena *a,
                                     const struct content_site_field *f, const char **value);
/*
 * Sets fields[i] to values[i] (i < n) for who (an admin): every value checked first (CONG_EINVAL
 * with a Vietnamese message and err->field the API's name), then each that changed written and
 * audited with its old and new value. CONG_EPERM for anyone else.
 */
enum cong_err content_site_settings_update(struct store *st, const struct content_actor *who,
                                           struct arena *a,
                                           const struct content_site_field *const *fields,
                                           const char *const *values, size_t n,
                                           struct cong_error *err);

/*
 * The language st's site speaks by default (its setting `language`; Vietnamese when unset or
 * unreadable). Text the site makes for someone other than the person asking (a notice, an
 * e-mail, the names `cong init` gives its pages) is written in it, not in the request's.
 */
enum i18n_lang content_site_lang(struct store *st);

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

/* Moving in: a WordPress export (WXR 1.2) into a site (wxr_import.c, wxr_read.c). */

struct content_wxr_options {
    const char *uploads; /* the old site's wp-content/uploads folder, or NULL: no files */
    /* told of each item done (pass over the file), for a progress bar; may be NULL */
    void (*progress)(void *ctx, size_t done, size_t total);
    /* told, one line each, of what was skipped and why, and of missing files; may be NULL */
    void (*report)(void *ctx, const char *line);
    void *ctx;
};

struct content_wxr_summary {
    size_t items;                                 /* items in the file */
    size_t articles, pages, categories, media;    /* made */
    size_t redirects;                             /* old addresses now answered with a 301 */
    size_t unchanged;                             /* made by an earlier import of the file */
    size_t skipped, missing_files;                /* reported one by one */
};

/*
 * Imports the export at path into st's site, as who (an admin: posts keep their status),
 * and counts what it did into *sum. Posts become articles (publish: published, future:
 * published at its date, draft, pending, private: a draft), pages articles in the category
 * "trang" (made when needed), a post without a category goes to "chua-phan-loai"; the post's
 * HTML is kept as HTML (content_wxr_html, then the sanitizer); attachments come from
 * o->uploads through the media code (a missing file is reported, not fatal); the permalink
 * and ?p=ID answer 301 to the article. Importing the same file again makes nothing twice.
 * A file that is not a WordPress export, or a hostile one, is CONG_EPARSE with one line in
 * err and nothing written. Store failures pass on (what was imported by then stays, and an
 * import again completes it).
 */
enum cong_err content_import_wxr(struct store *st, const struct content_actor *who,
                                 const char *path, const struct content_wxr_options *o,
                                 struct content_wxr_summary *sum, struct cong_error *err);
/*
 * A WordPress post's HTML as plain HTML, from a: [caption] shortcodes as <figure> with
 * <figcaption>, other shortcodes replaced by their content, block comments dropped,
 * paragraphs from blank lines when there are no block tags, and each urls[i] replaced by
 * paths[i]. NULL when out of memory.
 */
const char *content_wxr_html(struct arena *a, const char *html, const char *const *urls,
                             const char *const *paths, size_t nurls);

struct content_wxr_export_summary {
    size_t categories, articles, media;
};
/*
 * Writes st's site as a WordPress export at path (wxr_export.c): its categories, every article
 * (any status: publish, future, draft, pending) with body, summary, byline, dates, category,
 * tags and cover; each cover an attachment whose file goes into the folder uploads (made if
 * missing), where `cong import wxr --uploads` finds it. Links start with base_url. CONG_EIO
 * with err when a file cannot be written; store failures pass on.
 */
enum cong_err content_export_wxr(struct store *st, const char *path, const char *uploads,
                                 const char *base_url, struct content_wxr_export_summary *sum,
                                 struct cong_error *err);

/* Sites (sites.c): several portals in one server. Messages in err are the UI's. */

/* The most bytes of a site's host name (a DNS name's limit). */
#define CONTENT_HOST_MAX 253
/*
 * A site's host as the sites table keeps it: in lowercased into out (CONTENT_HOST_MAX + 1
 * bytes), a DNS name or dotted IPv4 of letters, digits, '-' and '.', without a port.
 * CONG_EINVAL with err's message (field "host") otherwise.
 */
enum cong_err content_site_host(const char *in, char out[CONTENT_HOST_MAX + 1],
                                struct cong_error *err);
/*
 * Adds a site (host checked as above; name required, at most 200 bytes; parent_host, when not
 * NULL, must name a site), audited on the default site's log as done by who, and sets *id.
 * CONG_EINVAL (field host, name or parent), CONG_EEXIST (the host is taken), store failures.
 */
enum cong_err content_site_add(struct store *st, const struct content_actor *who,
                               const char *host, const char *name, const char *parent_host,
                               int64_t *id, struct cong_error *err);
/*
 * Removes the site of host, with everything of it when force; without force, CONG_EEXIST
 * while it holds anything, err giving the counts. CONG_EINVAL for the default site,
 * CONG_ENOTFOUND for no such site. Audited on the default site's log.
 */
enum cong_err content_site_remove(struct store *st, const struct content_actor *who,
                                  const char *host, bool force, struct cong_error *err);
/*
 * Shares article id of st's site with its parent site (share) or stops (!share). Only a
 * sub-portal's article can be shared, and only when published: CONG_ESTATE otherwise
 * (err says why); CONG_ENOTFOUND for no such article. Audited on st's site.
 */
enum cong_err content_article_share(struct store *st, const struct content_actor *who,
                                    int64_t id, bool share, struct cong_error *err);

#endif
