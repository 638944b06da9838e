/*
 * The media half of the SQLite backend: uploaded files and their resized variants (tables of
 * migrations 1 and 6 in sqlite.c), bytes kept in the database so every node serves them. It
 * keeps what it is given: the type, the size, the digest and the variants are decided by the
 * content module. A file and its variants go in with one BEGIN IMMEDIATE transaction, so a
 * reader never sees a file without the variants its pages point at. Its statements are the
 * SQ_MEDIA group of enum sq_stmt.
 */
#include "sqlite_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* The bytes are the last column: SQLite reads a row from its start, so the short columns
 * come without walking the blob's overflow pages. */
#define MEDIA_INFO_COLUMNS "mime, filename, width, height, created_at, size, sha256, user_id"
#define MEDIA_COLUMNS      MEDIA_INFO_COLUMNS ", data"
enum {
    MC_MIME,
    MC_FILENAME,
    MC_WIDTH,
    MC_HEIGHT,
    MC_CREATED_AT,
    MC_SIZE,
    MC_SHA256,
    MC_USER_ID,
    MC_DATA,
    MC_ID, /* after data in M_LIST, which has no data column: see there */
};
#define VARIANT_INFO_COLUMNS "width, height, mime, size, sha256"
#define VARIANT_COLUMNS      VARIANT_INFO_COLUMNS ", data"
enum { VC_WIDTH, VC_HEIGHT, VC_MIME, VC_SIZE, VC_SHA256, VC_DATA };

/* M_IMAGES: the media row as in MEDIA_INFO_COLUMNS, its id, then one variant's
 * VARIANT_INFO_COLUMNS (NULL for an image without copies), a row per variant */
enum { IC_ID = MC_USER_ID + 1, IC_VARIANT };
/* its STORE_IMAGES_PER_QUERY placeholders; those not needed are bound NULL, which equals no id */
#define IMAGE_IDS_8 "?,?,?,?,?,?,?,?"
#define IMAGE_IDS   "(" IMAGE_IDS_8 "," IMAGE_IDS_8 "," IMAGE_IDS_8 "," IMAGE_IDS_8 ")"
_Static_assert(STORE_IMAGES_PER_QUERY == 32, "IMAGE_IDS holds 32 placeholders");
/* the most variants kept per image, as M_LIST_VARIANTS's LIMIT */
#define IMAGE_VARIANTS_MAX 64

/* M_SERVE's and M_SERVE_VARIANT's column: 1 when the public sees something that uses media ?1
 * (?4 now, ?5 and ?6 its addresses as in M_USAGE, ?7 the published status). The cheap tests
 * first: a cover, then the portlets (few rows), and only then the published bodies. */
/* the site's portlets */
#define SITE_PORTLETS                                                                       \
    " FROM portlets WHERE page_id IN (SELECT id FROM pages WHERE site_id = " SQ_SITE ") AND"
#define SERVE_PUBLIC                                                                        \
    "CASE WHEN EXISTS (SELECT 1 FROM articles WHERE cover_media_id = ?1 AND status = ?7"    \
    "  AND published_at <= ?4 AND (expires_at = 0 OR expires_at > ?4)) THEN 1"                                                      \
    " WHEN EXISTS (SELECT 1" SITE_PORTLETS                                                  \
    "  (instr(config, ?5) > 0 OR instr(config, ?6) > 0)) THEN 1"                            \
    " WHEN EXISTS (SELECT 1 FROM articles WHERE site_id = " SQ_SITE " AND status = ?7"      \
    "  AND published_at <= ?4 AND (expires_at = 0 OR expires_at > ?4)"                      \
    "  AND (instr(body_md, ?5) > 0 OR instr(body_md, ?6) > 0)) THEN 1 ELSE 0 END"
/* media ?1 is the site's */
#define MEDIA_IN_SITE " EXISTS (SELECT 1 FROM media WHERE id = ?1 AND site_id = " SQ_SITE ")"

#define SQL(id) [(id)-SQ_MEDIA_BEGIN]

static const char *const stmt_sql[SQ_MEDIA_END - SQ_MEDIA_BEGIN] = {
    SQL(M_ADD) = "INSERT INTO media (" MEDIA_COLUMNS ", site_id)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " SQ_SITE ")",
    SQL(M_GET) = "SELECT " MEDIA_COLUMNS " FROM media WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(M_GET_INFO) = "SELECT " MEDIA_INFO_COLUMNS " FROM media WHERE id = ?1"
                      " AND site_id = " SQ_SITE,
    SQL(M_ADD_VARIANT) = "INSERT INTO media_variants (media_id, " VARIANT_COLUMNS ")"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    SQL(M_LIST_VARIANTS) = "SELECT " VARIANT_INFO_COLUMNS " FROM media_variants"
                           " WHERE media_id = ?1 AND" MEDIA_IN_SITE " ORDER BY width, mime LIMIT 64",
    SQL(M_GET_VARIANT) = "SELECT " VARIANT_COLUMNS " FROM media_variants"
                         " WHERE media_id = ?1 AND width = ?2 AND mime = ?3 AND" MEDIA_IN_SITE,
    SQL(M_IMAGES) = "SELECT m.mime, m.filename, m.width, m.height, m.created_at, m.size,"
                    " m.sha256, m.user_id, m.id, v.width, v.height, v.mime, v.size, v.sha256"
                    " FROM media m LEFT JOIN media_variants v ON v.media_id = m.id"
                    " WHERE m.id IN " IMAGE_IDS " ORDER BY m.id, v.width, v.mime",
    /* NULL stands in for data so that the id lands at MC_ID */
    SQL(M_LIST) = "SELECT " MEDIA_INFO_COLUMNS ", NULL, id FROM media WHERE site_id = " SQ_SITE
                  " ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    SQL(M_COUNT) = "SELECT count(*) FROM media WHERE site_id = " SQ_SITE,
    /* ?2 and ?3 are "/media/ID." and "/media/ID-", made from the number: the dot or dash
     * after the id keeps /media/12. from matching /media/123.jpg */
    SQL(M_USAGE) = "SELECT (SELECT count(*) FROM articles WHERE cover_media_id = ?1),"
                   " (SELECT count(*) FROM articles WHERE site_id = " SQ_SITE " AND"
                   "  (instr(body_md, ?2) > 0 OR instr(body_md, ?3) > 0)),"
                   " (SELECT count(*)" SITE_PORTLETS
                   "  (instr(config, ?2) > 0 OR instr(config, ?3) > 0))",
    SQL(M_DELETE) = "DELETE FROM media WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(M_SERVE) = "SELECT " MEDIA_INFO_COLUMNS ", " SERVE_PUBLIC ", data FROM media WHERE id = ?1"
                   " AND site_id = " SQ_SITE,
    SQL(M_SERVE_VARIANT) = "SELECT " VARIANT_INFO_COLUMNS ", " SERVE_PUBLIC ", data"
                           " FROM media_variants WHERE media_id = ?1 AND width = ?2 AND mime = ?3"
                           " AND" MEDIA_IN_SITE,
    /* the same when the caller already knows whether the file is public: 0 in its place */
    SQL(M_SERVE_BARE) = "SELECT " MEDIA_INFO_COLUMNS ", 0, data FROM media WHERE id = ?1"
                        " AND site_id = " SQ_SITE,
    SQL(M_SERVE_VARIANT_BARE) = "SELECT " VARIANT_INFO_COLUMNS ", 0, data FROM media_variants"
                                " WHERE media_id = ?1 AND width = ?2 AND mime = ?3 AND"
                                MEDIA_IN_SITE,
};

static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_MEDIA_BEGIN && id < SQ_MEDIA_END);
    return sq_stmt(st, c, (unsigned)id, stmt_sql[id - SQ_MEDIA_BEGIN], out);
}

/* Binds bytes at i: a zero-length blob, not NULL, for an empty file. SQLITE_STATIC: the
 * caller's bytes outlive the statement's use. */
static void bind_bytes(struct binder *b, int i, const void *data, size_t size)
{
    if (b->rc != SQLITE_OK)
        return;
    b->rc = size ? sqs_bind_blob64(b->s, i, data, size, SQLITE_STATIC)
                 : sqs_bind_zeroblob(b->s, i, 0);
}

/* Copies the blob of column col into ar; *len the bytes read (whatever a size column says). */
static enum cong_err row_bytes(struct sqs *s, int col, struct arena *ar, const void **out,
                               size_t *len)
{
    const void *blob = sqs_blob(s, col);
    size_t n = (size_t)sqs_bytes(s, col);
    void *data = blob || !n ? arena_alloc(ar, n) : NULL; /* no blob for bytes: SQLite's OOM */

    if (!data)
        return CONG_ENOMEM;
    if (n)
        memcpy(data, blob, n);
    *out = data;
    *len = n;
    return CONG_OK;
}

/* Inserts m on c; sets *id. */
static enum cong_err add_media(struct store *st, struct conn *c, const struct media *m, int64_t *id)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = stmt_get(st, c, M_ADD, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1 + MC_MIME, m->mime);
    sq_bind_opt_text(&b, 1 + MC_FILENAME, m->filename);
    sq_bind_i64(&b, 1 + MC_WIDTH, m->width);
    sq_bind_i64(&b, 1 + MC_HEIGHT, m->height);
    sq_bind_i64(&b, 1 + MC_CREATED_AT, time_now());
    sq_bind_size(&b, 1 + MC_SIZE, m->size);
    sq_bind_text(&b, 1 + MC_SHA256, m->sha256);
    sq_bind_ref(&b, 1 + MC_USER_ID, m->user_id);
    bind_bytes(&b, 1 + MC_DATA, m->data, m->size);
    rc = sq_bound_done(st, c, &b, "add media");
    if (rc == CONG_OK)
        *id = sqs_last_id(c);
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_add_media(struct store *st, const struct media *m, int64_t *id)
{
    return store_add_media_set(st, m, NULL, 0, id);
}

enum cong_err store_add_media_set(struct store *st, const struct media *m,
                                  const struct media_variant *v, size_t n, int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    bool in_tx = false;
    enum cong_err rc;

    *id = 0;
    if (!m->mime || !m->sha256 || (!m->data && m->size) || (n && !v))
        return CONG_EINVAL;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].mime || !v[i].sha256 || (!v[i].data && v[i].size) || v[i].width <= 0)
            return CONG_EINVAL;
    }
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = add_media(st, c, m, id);
    for (size_t i = 0; i < n && rc == CONG_OK; i++) {
        rc = stmt_get(st, c, M_ADD_VARIANT, &s);
        if (rc != CONG_OK)
            break;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, *id);
        sq_bind_i64(&b, 2 + VC_WIDTH, v[i].width);
        sq_bind_i64(&b, 2 + VC_HEIGHT, v[i].height);
        sq_bind_text(&b, 2 + VC_MIME, v[i].mime);
        sq_bind_size(&b, 2 + VC_SIZE, v[i].size);
        sq_bind_text(&b, 2 + VC_SHA256, v[i].sha256);
        bind_bytes(&b, 2 + VC_DATA, v[i].data, v[i].size);
        /* a repeated (width, mime) breaks the primary key: CONG_EEXIST, nothing kept */
        rc = sq_run_write(st, c, &b, "add media variant");
        s = NULL;
    }
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc == CONG_OK)
        in_tx = false;
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    if (rc != CONG_OK)
        *id = 0;
    sq_pool_put(st, c);
    return rc;
}

/* Reads the info columns of the current row of s into out (data left NULL). */
static void row_media(struct row *r, struct media *out)
{
    out->mime = sq_row_text(r, MC_MIME);
    out->filename = sq_row_text(r, MC_FILENAME);
    out->width = (int)sq_row_i64(r, MC_WIDTH);
    out->height = (int)sq_row_i64(r, MC_HEIGHT);
    out->created_at = sq_row_i64(r, MC_CREATED_AT);
    out->size = (size_t)sq_row_i64(r, MC_SIZE);
    out->sha256 = sq_row_text(r, MC_SHA256);
    out->user_id = sq_row_i64(r, MC_USER_ID);
}

static void read_media_info(struct row *r, void *out)
{
    row_media(r, out);
}

static void read_media(struct row *r, void *out_)
{
    struct media *out = out_;

    row_media(r, out);
    if (r->rc == CONG_OK)
        r->rc = row_bytes(r->s, MC_DATA, r->ar, &out->data, &out->size);
}

/* One media row, with its bytes if with_data. */
static enum cong_err get_media(struct store *st, struct arena *ar, int64_t id, bool with_data,
                               struct media *out)
{
    enum sq_stmt sid = with_data ? M_GET : M_GET_INFO;
    struct sq_one q = {sid, stmt_sql[sid - SQ_MEDIA_BEGIN], id, NULL, "read media"};
    enum cong_err rc =
        sq_get_one(st, ar, &q, with_data ? read_media : read_media_info, out, sizeof(*out));

    if (rc == CONG_OK)
        out->id = id;
    return rc;
}

enum cong_err store_get_media(struct store *st, struct arena *ar, int64_t id, struct media *out)
{
    return get_media(st, ar, id, true, out);
}

enum cong_err store_get_media_info(struct store *st, struct arena *ar, int64_t id,
                                   struct media *out)
{
    return get_media(st, ar, id, false, out);
}

enum cong_err store_list_media_variants(struct store *st, struct arena *ar, int64_t media_id,
                                        struct media_variant **out, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct media_variant *v = NULL;
    struct binder b;
    struct row r;
    size_t count = 0, cap = 0;
    enum cong_err rc;
    int step;

    *out = NULL;
    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, M_LIST_VARIANTS, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, media_id);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "list media variants");
        goto out;
    }
    r = (struct row){s, ar, CONG_OK};
    while ((step = sqs_step(s)) == SQLITE_ROW) {
        if (count == cap) {
            /* the statement returns at most 64 rows: grow in the arena by doubling */
            struct media_variant *nv;
            cap = cap ? cap * 2 : 8;
            nv = arena_alloc(ar, cap * sizeof(*nv));
            if (!nv) {
                rc = CONG_ENOMEM;
                goto out;
            }
            if (count)
                memcpy(nv, v, count * sizeof(*nv));
            v = nv;
        }
        memset(&v[count], 0, sizeof(v[count]));
        v[count].media_id = media_id;
        v[count].width = (int)sq_row_i64(&r, VC_WIDTH);
        v[count].height = (int)sq_row_i64(&r, VC_HEIGHT);
        v[count].mime = sq_row_text(&r, VC_MIME);
        v[count].size = (size_t)sq_row_i64(&r, VC_SIZE);
        v[count].sha256 = sq_row_text(&r, VC_SHA256);
        count++;
    }
    if (step != SQLITE_DONE)
        rc = sq_fail(st, c, step, "list media variants");
    else
        rc = r.rc;
    if (rc == CONG_OK) {
        *out = count ? v : NULL;
        *n = count;
    }
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_get_media_variant(struct store *st, struct arena *ar, int64_t media_id,
                                      int width, const char *mime, struct media_variant *out)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if (!mime)
        return CONG_ENOTFOUND;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, M_GET_VARIANT, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, media_id);
    sq_bind_i64(&b, 2, width);
    sq_bind_text(&b, 3, mime);
    rc = sq_bound_row(st, c, &b, "read media variant");
    if (rc != CONG_OK)
        goto out;
    r = (struct row){s, ar, CONG_OK};
    out->media_id = media_id;
    out->width = (int)sq_row_i64(&r, VC_WIDTH);
    out->height = (int)sq_row_i64(&r, VC_HEIGHT);
    out->mime = sq_row_text(&r, VC_MIME);
    out->sha256 = sq_row_text(&r, VC_SHA256);
    rc = r.rc;
    if (rc == CONG_OK)
        rc = row_bytes(s, VC_DATA, ar, &out->data, &out->size);
out:
    if (rc != CONG_OK)
        memset(out, 0, sizeof(*out));
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Gives img (its variants moved from v[0..nv) into ar) to every place of ids[0..n) that
   asks for its id. */
static enum cong_err image_place(struct arena *ar, struct media_image *img,
                                 const struct media_variant *v, size_t nv, const int64_t *ids,
                                 size_t n, struct media_image *out)
{
    if (nv) {
        img->variants = arena_alloc(ar, nv * sizeof(*v));
        if (!img->variants)
            return CONG_ENOMEM;
        memcpy(img->variants, v, nv * sizeof(*v));
        img->nvariants = nv;
    }
    for (size_t i = 0; i < n; i++) {
        if (ids[i] == img->media.id)
            out[i] = *img;
    }
    return CONG_OK;
}

/* The images of ids[0..n) (n at most STORE_IMAGES_PER_QUERY) on c, with one M_IMAGES. */
static enum cong_err read_images(struct store *st, struct conn *c, struct arena *ar,
                                 const int64_t *ids, size_t n, struct media_image *out)
{
    struct media_variant v[IMAGE_VARIANTS_MAX];
    struct media_image img;
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    size_t nv = 0;
    bool reading = false; /* img holds the record whose rows come now */
    enum cong_err rc;
    int step;

    memset(&img, 0, sizeof(img));
    rc = stmt_get(st, c, M_IMAGES, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    for (size_t i = 0; i < STORE_IMAGES_PER_QUERY; i++)
        sq_bind_ref(&b, (int)i + 1, i < n && ids[i] > 0 ? ids[i] : 0); /* 0 binds NULL */
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "read images");
        goto out;
    }
    r = (struct row){s, ar, CONG_OK};
    /* rows come by media id, so each record's rows are together: place one when the next
       begins */
    while ((step = sqs_step(s)) == SQLITE_ROW) {
        int64_t id = sq_row_i64(&r, IC_ID);

        if (!reading || img.media.id != id) {
            if (reading && (rc = image_place(ar, &img, v, nv, ids, n, out)) != CONG_OK)
                goto out;
            memset(&img, 0, sizeof(img));
            row_media(&r, &img.media);
            img.media.id = id;
            nv = 0;
            reading = true;
        }
        if (sqs_type(s, IC_VARIANT + VC_MIME) != SQLITE_NULL &&
            nv < IMAGE_VARIANTS_MAX) {
            memset(&v[nv], 0, sizeof(v[nv]));
            v[nv].media_id = id;
            v[nv].width = (int)sq_row_i64(&r, IC_VARIANT + VC_WIDTH);
            v[nv].height = (int)sq_row_i64(&r, IC_VARIANT + VC_HEIGHT);
            v[nv].mime = sq_row_text(&r, IC_VARIANT + VC_MIME);
            v[nv].size = (size_t)sq_row_i64(&r, IC_VARIANT + VC_SIZE);
            v[nv].sha256 = sq_row_text(&r, IC_VARIANT + VC_SHA256);
            nv++;
        }
        if ((rc = r.rc) != CONG_OK)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = sq_fail(st, c, step, "read images");
    else if (reading)
        rc = image_place(ar, &img, v, nv, ids, n, out);
out:
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_get_media_images(struct store *st, struct arena *ar, const int64_t *ids,
                                     size_t n, struct media_image *out)
{
    struct conn *c = NULL;
    enum cong_err rc;

    if (!n)
        return CONG_OK;
    memset(out, 0, n * sizeof(*out));
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    for (size_t i = 0; i < n && rc == CONG_OK; i += STORE_IMAGES_PER_QUERY) {
        size_t k = n - i < STORE_IMAGES_PER_QUERY ? n - i : STORE_IMAGES_PER_QUERY;
        rc = read_images(st, c, ar, ids + i, k, out + i);
    }
    sq_pool_put(st, c);
    if (rc != CONG_OK)
        memset(out, 0, n * sizeof(*out));
    return rc;
}

static void read_listed_media(struct row *r, void *out_)
{
    struct media *out = out_;

    out->id = sq_row_i64(r, MC_ID);
    row_media(r, out);
}

enum cong_err store_list_media(struct store *st, struct arena *ar, size_t offset, size_t limit,
                               struct media **out, size_t *n, size_t *total)
{
    struct sq_page q = {
        .count_slot = M_COUNT,
        .list_slot = M_LIST,
        .count_sql = stmt_sql[M_COUNT - SQ_MEDIA_BEGIN],
        .list_sql = stmt_sql[M_LIST - SQ_MEDIA_BEGIN],
        .offset = offset,
        .limit = limit < STORE_LIST_MAX ? limit : STORE_LIST_MAX,
        .size = sizeof(**out),
        .read = read_listed_media,
        .what = "list media",
    };
    void *items;
    enum cong_err rc = sq_get_page(st, ar, &q, &items, n, total);

    *out = items;
    return rc;
}

/* Counts on c what uses media id. */
static enum cong_err media_usage(const struct store *st, struct conn *c, int64_t id,
                                 struct media_usage *out)
{
    struct sqs *s = NULL;
    struct binder b;
    char dot[40], dash[40];
    int nd = snprintf(dot, sizeof(dot), "/media/%lld.", (long long)id);
    int nh = snprintf(dash, sizeof(dash), "/media/%lld-", (long long)id);
    enum cong_err rc;

    if (nd < 0 || (size_t)nd >= sizeof(dot) || nh < 0 || (size_t)nh >= sizeof(dash))
        return CONG_EINVAL;
    rc = stmt_get(st, c, M_USAGE, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    sq_bind_text(&b, 2, dot);
    sq_bind_text(&b, 3, dash);
    rc = sq_bound_row(st, c, &b, "count media usage");
    if (rc == CONG_OK) {
        out->covers = (size_t)sqs_int64(s, 0);
        out->bodies = (size_t)sqs_int64(s, 1);
        out->portlets = (size_t)sqs_int64(s, 2);
    }
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_media_usage(struct store *st, int64_t id, struct media_usage *out)
{
    struct conn *c = NULL;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = media_usage(st, c, id, out);
    if (rc != CONG_OK)
        memset(out, 0, sizeof(*out));
    sq_pool_put(st, c);
    return rc;
}

/* The row of M_SERVE (width 0) or M_SERVE_VARIANT into out and *is_public. */
static enum cong_err read_served(struct sqs *s, struct arena *ar, int width, struct media *out,
                                 bool *is_public)
{
    struct row r = {s, ar, CONG_OK};
    int pub = width ? VC_DATA : MC_DATA; /* the public column stands before the bytes */

    if (width) {
        out->width = (int)sq_row_i64(&r, VC_WIDTH);
        out->height = (int)sq_row_i64(&r, VC_HEIGHT);
        out->mime = sq_row_text(&r, VC_MIME);
        out->sha256 = sq_row_text(&r, VC_SHA256);
    } else {
        row_media(&r, out);
    }
    *is_public = sq_row_i64(&r, pub) != 0;
    if (r.rc != CONG_OK)
        return r.rc;
    return row_bytes(s, pub + 1, ar, &out->data, &out->size);
}

enum cong_err store_get_media_file(struct store *st, struct arena *ar, int64_t id, int width,
                                   const char *mime, int64_t now, struct media *out,
                                   bool *is_public)
{
    /* a NULL is_public asks for the bytes alone: no search of what uses them */
    bool check = is_public != NULL;
    bool unused;
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    char dot[40], dash[40];
    int nd = snprintf(dot, sizeof(dot), "/media/%lld.", (long long)id);
    int nh = snprintf(dash, sizeof(dash), "/media/%lld-", (long long)id);
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if (!is_public)
        is_public = &unused;
    *is_public = false;
    if (nd < 0 || (size_t)nd >= sizeof(dot) || nh < 0 || (size_t)nh >= sizeof(dash))
        return CONG_EINVAL;
    if (width && !mime)
        return CONG_ENOTFOUND;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c,
                  check ? (width ? M_SERVE_VARIANT : M_SERVE)
                        : (width ? M_SERVE_VARIANT_BARE : M_SERVE_BARE),
                  &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    if (width) {
        sq_bind_i64(&b, 2, width);
        sq_bind_text(&b, 3, mime);
    }
    if (check) {
        sq_bind_i64(&b, 4, now);
        sq_bind_text(&b, 5, dot);
        sq_bind_text(&b, 6, dash);
        sq_bind_i64(&b, 7, ARTICLE_PUBLISHED);
    }
    rc = sq_bound_row(st, c, &b, "read media to serve");
    if (rc == CONG_OK)
        rc = read_served(s, ar, width, out, is_public);
    if (rc == CONG_OK)
        out->id = id;
out:
    if (rc != CONG_OK) {
        memset(out, 0, sizeof(*out));
        *is_public = false;
    }
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_delete_media(struct store *st, int64_t id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct media_usage use = {0};
    bool in_tx = false;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* the check and the delete under one write lock: no article can take the file up between */
    rc = sq_begin_write(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = media_usage(st, c, id, &use);
    if (rc != CONG_OK)
        goto out;
    if (use.covers || use.bodies || use.portlets) {
        rc = CONG_EEXIST;
        goto out;
    }
    rc = stmt_get(st, c, M_DELETE, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    rc = sq_run_write(st, c, &b, "delete media");
    s = NULL;
    /* changes() survives the reset and counts only the media row, not the cascaded variants */
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
    if (rc != CONG_OK)
        goto out;
    rc = sq_commit(st, c);
    if (rc == CONG_OK)
        in_tx = false;
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}
