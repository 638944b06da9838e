/*
 * Documents in SQLite: the documents table (văn bản), the files attached to them (links to
 * media records) and the public's comments on drafts in consultation. The statements of the
 * SQ_DOCUMENTS group. Every statement names SQ_SITE, so a handle reads and writes only its
 * own site's documents; what the text search matches was folded by the domain beforehand.
 */
#include <assert.h>
#include <string.h>

#include "sqlite_int.h"

#define DOC_COLS                                                                                   \
    "d.id, d.number, d.title, d.slug, d.kind, d.issuer, d.field, d.signer, d.issued_on,"          \
    " d.effective_on, d.expires_on, coalesce(d.replaced_by, 0), d.status, d.consultation_until,"   \
    " d.comment_summary, d.search_text, d.number_key, d.created_at, d.updated_at,"                 \
    " (SELECT count(*) FROM document_comments c WHERE c.document_id = d.id AND c.status = 1)"
enum {
    DC_ID, DC_NUMBER, DC_TITLE, DC_SLUG, DC_KIND, DC_ISSUER, DC_FIELD, DC_SIGNER, DC_ISSUED,
    DC_EFFECTIVE, DC_EXPIRES, DC_REPLACED_BY, DC_STATUS, DC_UNTIL, DC_SUMMARY, DC_SEARCH,
    DC_NUMBER_KEY, DC_CREATED, DC_UPDATED, DC_COMMENTS, DC_TOTAL
};

/* one word of the search: empty, or found in the document's own or its files' text */
#define WORD(n) " AND (?" #n " = '' OR instr(d.search_text || ' ' || d.files_text, ?" #n ") > 0)"

#define COMMENT_COLS                                                                               \
    "c.id, c.document_id, c.name, c.email, c.body, c.address, c.status, c.created_at"

#define FILE_COLS "f.document_id, f.media_id, f.position, m.filename, m.mime, m.size, f.text_state"

/* the document ?1 is the site's */
#define DOC_IN_SITE "EXISTS (SELECT 1 FROM documents WHERE id = ?1 AND site_id = " SQ_SITE ")"

#define SQL(id) [(id)-SQ_DOCUMENTS_BEGIN]
static const char *const documents_sql[SQ_DOCUMENTS_END - SQ_DOCUMENTS_BEGIN] = {
    /* a replacement of another site is not inserted: no row, which the caller sees */
    SQL(D_ADD) = "INSERT INTO documents (site_id, number, title, slug, kind, issuer, field,"
                 " signer, issued_on, effective_on, expires_on, replaced_by, status,"
                 " consultation_until, comment_summary, search_text, number_key, created_at,"
                 " updated_at) SELECT " SQ_SITE ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                 " ?12, ?13, ?14, ?15, ?16, ?17, ?17 WHERE ?11 IS NULL OR EXISTS (SELECT 1 FROM"
                 " documents WHERE id = ?11 AND site_id = " SQ_SITE ")",
    SQL(D_UPDATE) = "UPDATE documents SET number = ?2, title = ?3, slug = ?4, kind = ?5,"
                    " issuer = ?6, field = ?7, signer = ?8, issued_on = ?9, effective_on = ?10,"
                    " expires_on = ?11, replaced_by = ?12, status = ?13,"
                    " consultation_until = ?14, comment_summary = ?15, search_text = ?16,"
                    " number_key = ?17, updated_at = ?18 WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(D_DELETE_FILES) = "DELETE FROM document_files WHERE document_id = ?1 AND " DOC_IN_SITE,
    SQL(D_DELETE_COMMENTS) = "DELETE FROM document_comments WHERE document_id = ?1"
                             " AND site_id = " SQ_SITE,
    SQL(D_DELETE) = "DELETE FROM documents WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(D_GET) = "SELECT " DOC_COLS " FROM documents d WHERE d.id = ?1 AND d.site_id = " SQ_SITE,
    /* the count rides along each row (a window), so the page and its total are one read */
    SQL(D_LIST) = "SELECT " DOC_COLS ", count(*) OVER () FROM documents d"
                  " WHERE d.site_id = " SQ_SITE " AND (?1 = 0 OR d.status IN (1, 2))"
                  " AND (?2 = '' OR d.kind = ?2) AND (?3 = '' OR d.issuer = ?3)"
                  " AND (?4 = '' OR d.field = ?4) AND (?5 = '' OR substr(d.issued_on, 1, 4) = ?5)"
                  " AND (?6 = '' OR instr(d.number_key, ?6) > 0 OR (1 = 1" WORD(9) WORD(10) WORD(11)
                      WORD(12) WORD(13) WORD(14) "))"
                  " ORDER BY (?6 <> '' AND d.number_key = ?6) DESC, d.issued_on DESC, d.id DESC"
                  " LIMIT ?7 OFFSET ?8",
    SQL(D_VALUES_KIND) = "SELECT DISTINCT kind FROM documents WHERE site_id = " SQ_SITE
                         " AND status IN (1, 2) AND kind <> '' ORDER BY kind LIMIT 200",
    SQL(D_VALUES_ISSUER) = "SELECT DISTINCT issuer FROM documents WHERE site_id = " SQ_SITE
                           " AND status IN (1, 2) AND issuer <> '' ORDER BY issuer LIMIT 200",
    SQL(D_VALUES_FIELD) = "SELECT DISTINCT field FROM documents WHERE site_id = " SQ_SITE
                          " AND status IN (1, 2) AND field <> '' ORDER BY field LIMIT 200",
    SQL(D_VALUES_YEAR) = "SELECT DISTINCT substr(issued_on, 1, 4) AS y FROM documents"
                         " WHERE site_id = " SQ_SITE " AND status IN (1, 2) AND issued_on <> ''"
                         " ORDER BY y DESC LIMIT 200",
    SQL(D_EXISTS) = "SELECT 1 FROM documents WHERE id = ?1 AND site_id = " SQ_SITE,
    /* replacing the files: mark all, upsert the new list (unmarking it), drop the marked */
    SQL(D_FILES_MARK) = "UPDATE document_files SET position = -1 WHERE document_id = ?1",
    SQL(D_FILE_PUT) = "INSERT INTO document_files (document_id, media_id, position)"
                      " SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM media WHERE id = ?2"
                      " AND site_id = " SQ_SITE ") ON CONFLICT (document_id, media_id)"
                      " DO UPDATE SET position = excluded.position",
    SQL(D_FILES_PRUNE) = "DELETE FROM document_files WHERE document_id = ?1 AND position < 0",
    SQL(D_FILES_LIST) = "SELECT " FILE_COLS " FROM document_files f JOIN media m"
                        " ON m.id = f.media_id WHERE f.document_id = ?1 AND " DOC_IN_SITE
                        " ORDER BY f.position LIMIT 32",
    SQL(D_FILE_NEXT) = "SELECT " FILE_COLS " FROM document_files f JOIN media m"
                       " ON m.id = f.media_id JOIN documents d ON d.id = f.document_id"
                       " WHERE f.text_state = 0 AND d.site_id = " SQ_SITE " LIMIT 1",
    SQL(D_FILE_TEXT) = "UPDATE document_files SET text = ?3, text_state = ?4"
                       " WHERE document_id = ?1 AND media_id = ?2 AND " DOC_IN_SITE,
    SQL(D_FILES_TEXT) = "UPDATE documents SET files_text = coalesce((SELECT group_concat(text,"
                        " ' ') FROM document_files WHERE document_id = ?1), '')"
                        " WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(D_COMMENT_ADD) = "INSERT INTO document_comments (site_id, document_id, name, email,"
                         " body, address, status, created_at) SELECT " SQ_SITE ", ?1, ?2, ?3,"
                         " ?4, ?5, ?6, ?7 WHERE " DOC_IN_SITE,
    SQL(D_COMMENT_GET) = "SELECT " COMMENT_COLS " FROM document_comments c WHERE c.id = ?1"
                         " AND c.site_id = " SQ_SITE,
    SQL(D_COMMENTS_LIST) = "SELECT " COMMENT_COLS ", count(*) OVER () FROM document_comments c"
                           " WHERE c.document_id = ?1 AND c.site_id = " SQ_SITE
                           " AND (?2 < 0 OR c.status = ?2) ORDER BY c.id LIMIT ?3 OFFSET ?4",
    SQL(D_COMMENT_STATUS) = "UPDATE document_comments SET status = ?2 WHERE id = ?1"
                            " AND site_id = " SQ_SITE,
    SQL(D_COMMENTS_FROM) = "SELECT count(*) FROM document_comments WHERE site_id = " SQ_SITE
                           " AND address = ?1 AND created_at >= ?2",
    SQL(D_COMMENTS_PENDING) = "SELECT count(*) FROM document_comments WHERE site_id = " SQ_SITE
                              " AND status = 0",
};

static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_DOCUMENTS_BEGIN && id < SQ_DOCUMENTS_END);
    return sq_stmt(st, c, (unsigned)id, documents_sql[id - SQ_DOCUMENTS_BEGIN], out);
}

static void row_document(struct row *r, void *out)
{
    struct document *d = out;

    d->id = sq_row_i64(r, DC_ID);
    d->number = sq_row_text(r, DC_NUMBER);
    d->title = sq_row_text(r, DC_TITLE);
    d->slug = sq_row_text(r, DC_SLUG);
    d->kind = sq_row_text(r, DC_KIND);
    d->issuer = sq_row_text(r, DC_ISSUER);
    d->field = sq_row_text(r, DC_FIELD);
    d->signer = sq_row_text(r, DC_SIGNER);
    d->issued_on = sq_row_text(r, DC_ISSUED);
    d->effective_on = sq_row_text(r, DC_EFFECTIVE);
    d->expires_on = sq_row_text(r, DC_EXPIRES);
    d->replaced_by = sq_row_i64(r, DC_REPLACED_BY);
    d->status = (enum document_status)sq_row_i64(r, DC_STATUS);
    d->consultation_until = sq_row_i64(r, DC_UNTIL);
    d->comment_summary = sq_row_text(r, DC_SUMMARY);
    d->search_text = sq_row_text(r, DC_SEARCH);
    d->number_key = sq_row_text(r, DC_NUMBER_KEY);
    d->created_at = sq_row_i64(r, DC_CREATED);
    d->updated_at = sq_row_i64(r, DC_UPDATED);
    d->comments = (size_t)sq_row_i64(r, DC_COMMENTS);
}

static void row_file(struct row *r, void *out)
{
    struct document_file *f = out;

    f->document_id = sq_row_i64(r, 0);
    f->media_id = sq_row_i64(r, 1);
    f->position = (int)sq_row_i64(r, 2);
    f->filename = sq_row_text(r, 3);
    f->mime = sq_row_text(r, 4);
    f->size = sq_row_i64(r, 5);
    f->text_state = (int)sq_row_i64(r, 6);
}

static void row_comment(struct row *r, void *out)
{
    struct document_comment *c = out;

    c->id = sq_row_i64(r, 0);
    c->document_id = sq_row_i64(r, 1);
    c->name = sq_row_text(r, 2);
    c->email = sq_row_text(r, 3);
    c->body = sq_row_text(r, 4);
    c->address = sq_row_text(r, 5);
    c->status = (enum document_comment_status)sq_row_i64(r, 6);
    c->created_at = sq_row_i64(r, 7);
}

/*
 * Steps the bound statement s on c to its end, reading at most cap rows of size bytes each
 * with read into a new array from ar; total_col >= 0 names a column holding the count of all
 * matches (a window), read into *total. Leaves s to the caller.
 */
static enum cong_err read_rows(const struct store *st, struct conn *c, struct sqs *s,
                               struct arena *ar, size_t cap, size_t size, sq_read_fn read,
                               int total_col, void **out, size_t *n, size_t *total,
                               const char *what)
{
    char *items = cap ? arena_alloc(ar, cap * size) : NULL;
    struct row r = {s, ar, CONG_OK};
    int step = SQLITE_DONE;

    if (cap && !items)
        return CONG_ENOMEM;
    while (*n < cap && (step = sqs_step(s)) == SQLITE_ROW) {
        memset(items + *n * size, 0, size);
        read(&r, items + *n * size);
        if (r.rc != CONG_OK)
            return r.rc;
        if (total && total_col >= 0)
            *total = (size_t)sqs_int64(s, total_col);
        ++*n;
    }
    if (*n < cap && step != SQLITE_DONE)
        return sq_fail(st, c, step, what);
    *out = *n ? items : NULL;
    return CONG_OK;
}

/* Binds d's writable fields from index first on (number ... number_key, 16 values). */
static void bind_document(struct binder *b, int first, const struct document *d)
{
    sq_bind_text(b, first, d->number);
    sq_bind_text(b, first + 1, d->title);
    sq_bind_text(b, first + 2, d->slug);
    sq_bind_opt_text(b, first + 3, d->kind);
    sq_bind_opt_text(b, first + 4, d->issuer);
    sq_bind_opt_text(b, first + 5, d->field);
    sq_bind_opt_text(b, first + 6, d->signer);
    sq_bind_opt_text(b, first + 7, d->issued_on);
    sq_bind_opt_text(b, first + 8, d->effective_on);
    sq_bind_opt_text(b, first + 9, d->expires_on);
    sq_bind_ref(b, first + 10, d->replaced_by);
    sq_bind_i64(b, first + 11, d->status);
    sq_bind_i64(b, first + 12, d->consultation_until);
    sq_bind_opt_text(b, first + 13, d->comment_summary);
    sq_bind_opt_text(b, first + 14, d->search_text);
    sq_bind_opt_text(b, first + 15, d->number_key);
}

enum cong_err store_add_document(struct store *st, const struct document *d, int64_t now,
                                 int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    *id = 0;
    if (!d->number || !d->title || !d->slug)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, D_ADD, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    bind_document(&b, 1, d);
    sq_bind_i64(&b, 17, now);
    rc = sq_run_write(st, c, &b, "add a document");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_EINVAL; /* its replacement is not the site's */
    if (rc == CONG_OK)
        *id = sqs_last_id(c);
out:
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_update_document(struct store *st, const struct document *d, int64_t now)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    if (!d->number || !d->title || !d->slug)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, D_UPDATE, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, d->id);
    bind_document(&b, 2, d);
    sq_bind_i64(&b, 18, now);
    rc = sq_run_write(st, c, &b, "update a document");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
out:
    sq_pool_put(st, c);
    return rc;
}

/* Runs the write slot with ?1 = id on c; *changed the rows it changed. */
static enum cong_err write_id(const struct store *st, struct conn *c, enum sq_stmt slot,
                              int64_t id, int *changed, const char *what)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc = stmt_get(st, c, slot, &s);

    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    rc = sq_run_write(st, c, &b, what);
    if (changed)
        *changed = rc == CONG_OK ? sqs_changes(c) : 0;
    return rc;
}

enum cong_err store_delete_document(struct store *st, int64_t id)
{
    struct conn *c = NULL;
    int changed = 0;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = write_id(st, c, D_DELETE_FILES, id, NULL, "delete a document");
    if (rc == CONG_OK)
        rc = write_id(st, c, D_DELETE_COMMENTS, id, NULL, "delete a document");
    if (rc == CONG_OK)
        rc = write_id(st, c, D_DELETE, id, &changed, "delete a document");
    if (rc == CONG_OK && !changed)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_get_document(struct store *st, struct arena *a, int64_t id,
                                 struct document *out)
{
    struct sq_one q = {D_GET, documents_sql[D_GET - SQ_DOCUMENTS_BEGIN], id, NULL,
                       "read a document"};

    return sq_get_one(st, a, &q, row_document, out, sizeof(*out));
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

enum cong_err store_list_documents(struct store *st, struct arena *a,
                                   const struct document_query *q, struct document **out,
                                   size_t *n, size_t *total)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    size_t limit = q->limit < STORE_LIST_MAX ? q->limit : STORE_LIST_MAX;
    void *items = NULL;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    if (q->nwords > STORE_DOCUMENT_WORDS)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, D_LIST, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, q->public_only);
    sq_bind_text(&b, 2, or_empty(q->kind));
    sq_bind_text(&b, 3, or_empty(q->issuer));
    sq_bind_text(&b, 4, or_empty(q->field));
    sq_bind_text(&b, 5, or_empty(q->year));
    sq_bind_text(&b, 6, or_empty(q->number_key));
    sq_bind_size(&b, 7, limit ? limit : 1);
    sq_bind_size(&b, 8, q->offset);
    for (size_t i = 0; i < STORE_DOCUMENT_WORDS; i++)
        sq_bind_text(&b, 9 + (int)i, i < q->nwords ? or_empty(q->words[i]) : "");
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "list documents");
        goto out;
    }
    rc = read_rows(st, c, s, a, limit, sizeof(struct document), row_document, DC_TOTAL, &items,
                   n, total, "list documents");
    *out = items;
out:
    if (rc != CONG_OK) {
        *out = NULL;
        *n = 0;
    }
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

static void row_value(struct row *r, void *out)
{
    *(const char **)out = sq_row_text(r, 0);
}

enum cong_err store_document_values(struct store *st, struct arena *a, const char *which,
                                    const char ***out, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    enum sq_stmt slot;
    void *items = NULL;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if (!strcmp(which, "kind"))
        slot = D_VALUES_KIND;
    else if (!strcmp(which, "issuer"))
        slot = D_VALUES_ISSUER;
    else if (!strcmp(which, "field"))
        slot = D_VALUES_FIELD;
    else if (!strcmp(which, "year"))
        slot = D_VALUES_YEAR;
    else
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, slot, &s);
    if (rc == CONG_OK)
        rc = read_rows(st, c, s, a, STORE_LIST_MAX, sizeof(const char *), row_value, -1, &items,
                       n, NULL, "list document values");
    *out = rc == CONG_OK ? items : NULL;
    if (rc != CONG_OK)
        *n = 0;
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Puts media at position pos among document id's files on c; CONG_EINVAL if not the site's. */
static enum cong_err file_put(const struct store *st, struct conn *c, int64_t id, int64_t media,
                              size_t pos)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc = stmt_get(st, c, D_FILE_PUT, &s);

    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    sq_bind_i64(&b, 2, media);
    sq_bind_size(&b, 3, pos);
    rc = sq_run_write(st, c, &b, "attach a file");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_EINVAL;
    return rc;
}

/* Whether document id is the site's, on c. */
static enum cong_err exists_on(const struct store *st, struct conn *c, int64_t id)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc = stmt_get(st, c, D_EXISTS, &s);

    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    rc = sq_bound_row(st, c, &b, "read a document");
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_set_document_files(struct store *st, int64_t id, const int64_t *media,
                                       size_t n)
{
    struct conn *c = NULL;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = exists_on(st, c, id);
    if (rc == CONG_OK)
        rc = write_id(st, c, D_FILES_MARK, id, NULL, "attach files");
    for (size_t i = 0; rc == CONG_OK && i < n; i++)
        rc = file_put(st, c, id, media[i], i);
    if (rc == CONG_OK)
        rc = write_id(st, c, D_FILES_PRUNE, id, NULL, "attach files");
    if (rc == CONG_OK)
        rc = write_id(st, c, D_FILES_TEXT, id, NULL, "attach files");
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

/* Reads the rows of slot, bound with ?1 = id when id >= 0, into an array of size each. */
static enum cong_err list_by_id(struct store *st, struct arena *a, enum sq_stmt slot, int64_t id,
                                size_t cap, size_t size, sq_read_fn read, void **out, size_t *n,
                                const char *what)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, slot, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    if (id >= 0)
        sq_bind_i64(&b, 1, id);
    if (b.rc != SQLITE_OK)
        rc = sq_fail(st, c, b.rc, what);
    else
        rc = read_rows(st, c, s, a, cap, size, read, -1, out, n, NULL, what);
out:
    if (rc != CONG_OK) {
        *out = NULL;
        *n = 0;
    }
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_list_document_files(struct store *st, struct arena *a, int64_t id,
                                        struct document_file **out, size_t *n)
{
    void *items;
    enum cong_err rc = list_by_id(st, a, D_FILES_LIST, id, 32, sizeof(**out), row_file, &items,
                                  n, "list a document's files");

    *out = items;
    return rc;
}

enum cong_err store_next_document_file(struct store *st, struct arena *a,
                                       struct document_file *out)
{
    void *items;
    size_t n;
    enum cong_err rc = list_by_id(st, a, D_FILE_NEXT, -1, 1, sizeof(*out), row_file, &items, &n,
                                  "find a file to index");

    memset(out, 0, sizeof(*out));
    if (rc == CONG_OK && n == 0)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        *out = *(struct document_file *)items;
    return rc;
}

enum cong_err store_set_document_file_text(struct store *st, int64_t id, int64_t media_id,
                                           const char *text)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, D_FILE_TEXT, &s);
    if (rc == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, id);
        sq_bind_i64(&b, 2, media_id);
        sq_bind_opt_text(&b, 3, text);
        sq_bind_i64(&b, 4, text && *text ? 1 : 2);
        rc = sq_run_write(st, c, &b, "keep a file's text");
        if (rc == CONG_OK && sqs_changes(c) == 0)
            rc = CONG_ENOTFOUND;
    }
    if (rc == CONG_OK)
        rc = write_id(st, c, D_FILES_TEXT, id, NULL, "keep a file's text");
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_add_document_comment(struct store *st, const struct document_comment *cm,
                                         int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    *id = 0;
    if (!cm->name || !cm->body)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, D_COMMENT_ADD, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, cm->document_id);
    sq_bind_text(&b, 2, cm->name);
    sq_bind_opt_text(&b, 3, cm->email);
    sq_bind_text(&b, 4, cm->body);
    sq_bind_opt_text(&b, 5, cm->address);
    sq_bind_i64(&b, 6, cm->status);
    sq_bind_i64(&b, 7, cm->created_at);
    rc = sq_run_write(st, c, &b, "add a comment");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_EINVAL;
    if (rc == CONG_OK)
        *id = sqs_last_id(c);
out:
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_get_document_comment(struct store *st, struct arena *a, int64_t id,
                                         struct document_comment *out)
{
    struct sq_one q = {D_COMMENT_GET, documents_sql[D_COMMENT_GET - SQ_DOCUMENTS_BEGIN], id,
                       NULL, "read a comment"};

    return sq_get_one(st, a, &q, row_comment, out, sizeof(*out));
}

enum cong_err store_list_document_comments(struct store *st, struct arena *a, int64_t id,
                                           int only, size_t offset, size_t limit,
                                           struct document_comment **out, size_t *n,
                                           size_t *total)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    void *items = NULL;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    if (limit > STORE_LIST_MAX)
        limit = STORE_LIST_MAX;
    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, D_COMMENTS_LIST, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    sq_bind_i64(&b, 2, only);
    sq_bind_size(&b, 3, limit ? limit : 1);
    sq_bind_size(&b, 4, offset);
    if (b.rc != SQLITE_OK)
        rc = sq_fail(st, c, b.rc, "list comments");
    else
        rc = read_rows(st, c, s, a, limit, sizeof(**out), row_comment, 8, &items, n, total,
                       "list comments");
    *out = rc == CONG_OK ? items : NULL;
out:
    if (rc != CONG_OK)
        *n = 0;
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_set_document_comment_status(struct store *st, int64_t id,
                                                enum document_comment_status status)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, D_COMMENT_STATUS, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    sq_bind_i64(&b, 2, status);
    rc = sq_run_write(st, c, &b, "moderate a comment");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
out:
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_count_document_comments_from(struct store *st, const char *address,
                                                 int64_t since, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, D_COMMENTS_FROM, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, address ? address : "");
    sq_bind_i64(&b, 2, since);
    rc = sq_bound_row(st, c, &b, "count comments");
    if (rc == CONG_OK)
        *n = (size_t)sqs_int64(s, 0);
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_count_pending_document_comments(struct store *st, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, D_COMMENTS_PENDING, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    rc = sq_bound_row(st, c, &b, "count pending comments");
    if (rc == CONG_OK)
        *n = (size_t)sqs_int64(s, 0);
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}
