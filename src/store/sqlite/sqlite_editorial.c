/*
 * The editorial half of the SQLite backend: saving an article together with its revision,
 * reading revisions back for the history page, and the editor's autosaves (tables of
 * migration 6 in sqlite.c). A save is one BEGIN IMMEDIATE transaction holding the check of the
 * revision the editor started from, the article, its search index entry and the new revision,
 * so two editors saving at once never overwrite each other unseen and a revision always
 * matches what was written. It decides nothing about who may save what: those are the content
 * module's rules. Its statements are the SQ_EDITORIAL group of enum sq_stmt.
 */
#include "sqlite_int.h"

#include <assert.h>
#include <string.h>

/* The columns of a revision; the body last, so listings read the row's first page only. */
#define REVISION_COLUMNS                                                                           \
    "r.id, r.article_id, r.at, r.user_id, r.user_name, r.action, r.note, r.status,"                \
    " r.category_id, r.published_at, r.cover_media_id, r.title, r.summary, r.author,"              \
    " r.cover_caption, r.tags, c.name"
#define REVISION_BODY ", r.body_md, r.body_format"
#define REVISION_FROM " FROM article_revisions r LEFT JOIN categories c ON c.id = r.category_id"
enum {
    RC_ID,
    RC_ARTICLE_ID,
    RC_AT,
    RC_USER_ID,
    RC_USER_NAME,
    RC_ACTION,
    RC_NOTE,
    RC_STATUS,
    RC_CATEGORY_ID,
    RC_PUBLISHED_AT,
    RC_COVER_MEDIA_ID,
    RC_TITLE,
    RC_SUMMARY,
    RC_AUTHOR,
    RC_COVER_CAPTION,
    RC_TAGS,
    RC_CATEGORY_NAME,
    RC_BODY_MD,
    RC_BODY_FORMAT,
};

/* revision r is of an article of the site */
#define REVISION_IN_SITE                                                                           \
    " EXISTS (SELECT 1 FROM articles WHERE id = r.article_id AND site_id = " SQ_SITE ")"

#define SQL(id) [(id)-SQ_EDITORIAL_BEGIN]

static const char *const stmt_sql[SQ_EDITORIAL_END - SQ_EDITORIAL_BEGIN] = {
    /* walks article_revisions_article (article_id, id DESC) to its first entry */
    SQL(E_LATEST_REVISION) = "SELECT id FROM article_revisions WHERE article_id = ?1"
                             " ORDER BY id DESC LIMIT 1",
    SQL(E_ADD_REVISION) = "INSERT INTO article_revisions (article_id, at, user_id, user_name,"
                          " action, note, status, category_id, published_at, cover_media_id,"
                          " title, summary, author, cover_caption, tags, body_md, body_format)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                          " ?15, ?16, ?17)",
    SQL(E_COUNT_REVISIONS) = "SELECT count(*) FROM article_revisions r WHERE r.article_id = ?1"
                             " AND" REVISION_IN_SITE,
    SQL(E_LIST_REVISIONS) = "SELECT " REVISION_COLUMNS REVISION_FROM " WHERE r.article_id = ?1"
                            " AND" REVISION_IN_SITE " ORDER BY r.id DESC LIMIT ?2 OFFSET ?3",
    SQL(E_GET_REVISION) = "SELECT " REVISION_COLUMNS REVISION_BODY REVISION_FROM " WHERE r.id = ?1"
                          " AND" REVISION_IN_SITE,
    SQL(E_PREVIOUS_REVISION) =
        "SELECT " REVISION_COLUMNS REVISION_BODY REVISION_FROM " WHERE r.article_id ="
        " (SELECT article_id FROM article_revisions WHERE id = ?1)"
        " AND r.id < ?1 AND" REVISION_IN_SITE " ORDER BY r.id DESC LIMIT 1",
    SQL(E_PUT_AUTOSAVE) = "INSERT INTO article_autosaves (article_id, user_id, saved_at, data)"
                          " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (article_id, user_id)"
                          " DO UPDATE SET saved_at = excluded.saved_at, data = excluded.data",
    SQL(E_GET_AUTOSAVE) = "SELECT saved_at, data FROM article_autosaves"
                          " WHERE article_id = ?1 AND user_id = ?2",
    SQL(E_DELETE_AUTOSAVE) = "DELETE FROM article_autosaves WHERE article_id = ?1 AND user_id = ?2",
};

/* The cached statement id on c, prepared on first use. */
static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_EDITORIAL_BEGIN && id < SQ_EDITORIAL_END);
    return sq_stmt(st, c, (unsigned)id, stmt_sql[id - SQ_EDITORIAL_BEGIN], out);
}

enum cong_err sq_latest_revision(const struct store *st, struct conn *c, int64_t article_id,
                                 int64_t *rev_id)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    *rev_id = 0;
    rc = stmt_get(st, c, E_LATEST_REVISION, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, article_id);
    rc = sq_bound_row(st, c, &b, "read the latest revision");
    if (rc == CONG_OK)
        *rev_id = sqs_int64(s, 0);
    else if (rc == CONG_ENOTFOUND)
        rc = CONG_OK; /* no revision yet */
    sq_stmt_put(s);
    return rc;
}

enum cong_err sq_revision_add(const struct store *st, struct conn *c, int64_t id,
                              const struct article *a, const struct revision_meta *meta, int64_t at,
                              int64_t *rev_id)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = stmt_get(st, c, E_ADD_REVISION, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    sq_bind_i64(&b, 2, at);
    sq_bind_ref(&b, 3, meta->user_id);
    sq_bind_opt_text(&b, 4, meta->user_name);
    sq_bind_text(&b, 5, meta->action);
    sq_bind_opt_text(&b, 6, meta->note);
    sq_bind_i64(&b, 7, (int64_t)a->status);
    sq_bind_i64(&b, 8, a->category_id);
    sq_bind_i64(&b, 9, a->published_at);
    sq_bind_ref(&b, 10, a->cover_media_id);
    sq_bind_text(&b, 11, a->title);
    sq_bind_opt_text(&b, 12, a->summary);
    sq_bind_opt_text(&b, 13, a->author);
    sq_bind_opt_text(&b, 14, a->cover_caption);
    sq_bind_opt_text(&b, 15, a->tags);
    sq_bind_opt_text(&b, 16, a->body_md);
    sq_bind_text(&b, 17, store_body_format_name(a->body_format));
    rc = sq_run_write(st, c, &b, "add a revision");
    if (rc == CONG_OK)
        *rev_id = sqs_last_id(c);
    return rc;
}

enum cong_err store_save_article(struct store *st, const struct article *a,
                                 const struct revision_meta *meta, int64_t expect_rev, int64_t *id,
                                 int64_t *rev_id)
{
    struct conn *c = NULL;
    int64_t now = time_now(), latest = 0, new_id = a->id, new_rev = 0;
    enum cong_err rc = CONG_EINVAL;

    /* the out-parameters are written only at the end: id may point at a->id */
    if (!meta || !meta->action)
        goto out;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        goto out;
    /* IMMEDIATE: the revision checked is still the newest when the article is written */
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK && expect_rev >= 0) {
        rc = sq_latest_revision(st, c, a->id, &latest);
        if (rc == CONG_OK && latest != expect_rev)
            rc = CONG_EEXIST; /* someone saved it after this editor opened it */
    }
    if (rc == CONG_OK) {
        if (a->id == 0)
            rc = sq_article_add(st, c, a, now, &new_id);
        else
            rc = sq_article_update(st, c, a, now);
    }
    if (rc == CONG_OK)
        rc = sq_revision_add(st, c, new_id, a, meta, now, &new_rev);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
out:
    if (id)
        *id = rc == CONG_OK ? new_id : 0;
    if (rev_id)
        *rev_id = rc == CONG_OK ? new_rev : 0;
    return rc;
}

enum cong_err store_latest_revision(struct store *st, int64_t article_id, int64_t *rev_id)
{
    struct conn *c = NULL;
    enum cong_err rc;

    *rev_id = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_latest_revision(st, c, article_id, rev_id);
    sq_pool_put(st, c);
    return rc;
}

/* Reads the current row of r into v (with body_md if with_body, else NULL). */
static void row_revision(struct row *r, struct article_revision *v, bool with_body)
{
    int64_t status = sq_row_i64(r, RC_STATUS);
    const char *format;

    v->id = sq_row_i64(r, RC_ID);
    v->article_id = sq_row_i64(r, RC_ARTICLE_ID);
    v->at = sq_row_i64(r, RC_AT);
    v->user_id = sq_row_i64(r, RC_USER_ID);
    v->user_name = sq_row_text(r, RC_USER_NAME);
    v->action = sq_row_text(r, RC_ACTION);
    v->note = sq_row_text(r, RC_NOTE);
    /* the CHECK constraint keeps status in range; as for articles, anything else is a draft */
    v->status = status == ARTICLE_PENDING     ? ARTICLE_PENDING
                : status == ARTICLE_PUBLISHED ? ARTICLE_PUBLISHED
                                              : ARTICLE_DRAFT;
    v->category_id = sq_row_i64(r, RC_CATEGORY_ID);
    v->published_at = sq_row_i64(r, RC_PUBLISHED_AT);
    v->cover_media_id = sq_row_i64(r, RC_COVER_MEDIA_ID);
    v->title = sq_row_text(r, RC_TITLE);
    v->summary = sq_row_text(r, RC_SUMMARY);
    v->author = sq_row_text(r, RC_AUTHOR);
    v->cover_caption = sq_row_text(r, RC_COVER_CAPTION);
    v->tags = sq_row_text(r, RC_TAGS);
    v->category_name = sq_row_text(r, RC_CATEGORY_NAME);
    v->body_md = with_body ? sq_row_text(r, RC_BODY_MD) : NULL;
    format = with_body ? sq_row_text(r, RC_BODY_FORMAT) : NULL;
    v->body_format = format && strcmp(format, "html") == 0 ? ARTICLE_BODY_HTML
                                                          : ARTICLE_BODY_MARKDOWN;
}

static void read_listed_revision(struct row *r, void *out)
{
    row_revision(r, out, false);
}

enum cong_err store_list_revisions(struct store *st, struct arena *ar, int64_t article_id,
                                   size_t offset, size_t limit, struct article_revision **out,
                                   size_t *n, size_t *total)
{
    struct sq_page q = {
        .count_slot = E_COUNT_REVISIONS,
        .list_slot = E_LIST_REVISIONS,
        .count_sql = stmt_sql[E_COUNT_REVISIONS - SQ_EDITORIAL_BEGIN],
        .list_sql = stmt_sql[E_LIST_REVISIONS - SQ_EDITORIAL_BEGIN],
        .keyed = true,
        .key = article_id,
        .offset = offset,
        .limit = limit < STORE_LIST_MAX ? limit : STORE_LIST_MAX,
        .size = sizeof(**out),
        .read = read_listed_revision,
        .what = "list revisions",
    };
    void *items;
    enum cong_err rc = sq_get_page(st, ar, &q, &items, n, total);

    *out = items;
    return rc;
}

static void read_revision(struct row *r, void *out)
{
    row_revision(r, out, true);
}

/* One revision with its body by statement id, whose ?1 is rev_id. */
static enum cong_err get_revision(struct store *st, struct arena *ar, enum sq_stmt id,
                                  int64_t rev_id, struct article_revision *out)
{
    struct sq_one q = {id, stmt_sql[id - SQ_EDITORIAL_BEGIN], rev_id, NULL, "read a revision"};

    return sq_get_one(st, ar, &q, read_revision, out, sizeof(*out));
}

enum cong_err store_get_revision(struct store *st, struct arena *ar, int64_t id,
                                 struct article_revision *out)
{
    return get_revision(st, ar, E_GET_REVISION, id, out);
}

enum cong_err store_get_previous_revision(struct store *st, struct arena *ar, int64_t id,
                                          struct article_revision *out)
{
    return get_revision(st, ar, E_PREVIOUS_REVISION, id, out);
}

/* Autosaves. */

enum cong_err store_put_autosave(struct store *st, const struct article_autosave *as)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, E_PUT_AUTOSAVE, &s);
    if (rc == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, as->article_id);
        sq_bind_i64(&b, 2, as->user_id); /* no such user: the foreign key says CONG_EINVAL */
        sq_bind_i64(&b, 3, as->saved_at ? as->saved_at : time_now());
        sq_bind_text(&b, 4, as->data);
        rc = sq_run_write(st, c, &b, "write an autosave");
    }
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_get_autosave(struct store *st, struct arena *ar, int64_t article_id,
                                 int64_t user_id, struct article_autosave *out)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, E_GET_AUTOSAVE, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, article_id);
    sq_bind_i64(&b, 2, user_id);
    rc = sq_bound_row(st, c, &b, "read an autosave");
    if (rc != CONG_OK)
        goto out;
    r = (struct row){s, ar, CONG_OK};
    out->article_id = article_id;
    out->user_id = user_id;
    out->saved_at = sq_row_i64(&r, 0);
    out->data = sq_row_text(&r, 1);
    rc = r.rc;
out:
    if (rc != CONG_OK)
        memset(out, 0, sizeof(*out));
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_delete_autosave(struct store *st, int64_t article_id, int64_t user_id)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, E_DELETE_AUTOSAVE, &s);
    if (rc == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, article_id);
        sq_bind_i64(&b, 2, user_id);
        rc = sq_run_write(st, c, &b, "delete an autosave");
    }
    sq_pool_put(st, c);
    return rc;
}
