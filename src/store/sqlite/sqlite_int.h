/*
 * Inside the SQLite backend: what its files share. sqlite.c owns connections, the pool,
 * migrations and the content tables; the other files of this folder add the statements of one
 * domain each (accounts, search) and use the helpers below. Every connection caches up to
 * SQ_STMT_SLOTS prepared statements, and each file owns a fixed range of slots, so files never
 * need to know each other's statements.
 */
#ifndef CONG_SQLITE_INT_H
#define CONG_SQLITE_INT_H

#include <sqlite3.h>
#include <pthread.h>

#include "../store.h"

#define SQ_STMT_SLOTS 416
/* slot ranges: [0, CONTENT_END) sqlite.c, then accounts, then search and the rest */
#define SQ_SLOTS_CONTENT_END 96
#define SQ_SLOTS_AUTH        96  /* sqlite_auth.c: 96..159 */
#define SQ_SLOTS_SEARCH      160 /* sqlite_search.c: 160..223 */
#define SQ_SLOTS_STATS       224 /* sqlite_stats.c: 224..255 */
#define SQ_SLOTS_PORTAL      256 /* sqlite_portal.c: 256..319 */
#define SQ_SLOTS_EDITORIAL   320 /* sqlite_editorial.c: 320..383 */
#define SQ_SLOTS_MEDIA       384 /* sqlite_media.c: 384..415 */

/* One SQLite connection and the statements prepared on it so far (NULL until first use). */
struct conn {
    struct conn *next; /* in the store's idle list */
    sqlite3 *db;
    sqlite3_stmt *stmt[SQ_STMT_SLOTS];
};

struct store {
    char *path;
    bool readonly;
    int schema_version;
    pthread_mutex_t lock; /* guards idle and nconns */
    pthread_cond_t freed; /* signalled when a connection goes back or a slot opens */
    struct conn *idle;
    size_t nconns; /* connections open or being opened, at most STORE_MAX_CONNECTIONS */
    struct sq_search_cache *search_cache; /* sqlite_search.c's, made on first use under lock */
};

/* Binding with a sticky result: after the first failure the rest do nothing. */
struct binder {
    sqlite3_stmt *s;
    int rc;
};

/* Reading a row into the caller's arena, with a sticky error like struct buf. */
struct row {
    sqlite3_stmt *s;
    struct arena *ar;
    enum cong_err rc;
};

/*
 * Maps a failed SQLite call on c onto a cong_err. Constraint failures come from the caller's
 * data and are not logged; anything else is logged here, once, with SQLite's message.
 */
enum cong_err sq_fail(const struct store *st, const struct conn *c, int rc, const char *what);
/* The statement in slot on c, prepared from sql on first use and cached. */
enum cong_err sq_stmt(const struct store *st, struct conn *c, unsigned slot, const char *sql,
                      sqlite3_stmt **out);
/* Readies a cached statement for its next use; accepts NULL. */
void sq_stmt_put(sqlite3_stmt *s);
/* Sticky binders: after the first failure the rest do nothing. */
void sq_bind_i64(struct binder *b, int i, int64_t v);
void sq_bind_ref(struct binder *b, int i, int64_t id); /* 0 is stored as NULL */
void sq_bind_text(struct binder *b, int i, const char *v);
void sq_bind_opt_text(struct binder *b, int i, const char *v); /* NULL is stored as "" */
void sq_bind_size(struct binder *b, int i, size_t v);
/* A copy of a text column in the row's arena ("" for NULL); NULL once the row failed. */
char *sq_row_text(struct row *r, int col);
int64_t sq_row_i64(struct row *r, int col);
/* Lends a connection (waiting while all are busy) and takes it back; put accepts NULL. */
enum cong_err sq_pool_get(struct store *st, struct conn **out);
void sq_pool_put(struct store *st, struct conn *c);
/* Transactions: BEGIN (deferred), COMMIT, and rollback of one that failed part-way. */
enum cong_err sq_begin(const struct store *st, struct conn *c);
/*
 * BEGIN IMMEDIATE, for a write that reads first: it takes the write lock at once (waiting up
 * to the busy timeout), so what it reads cannot change before it writes.
 */
enum cong_err sq_begin_write(const struct store *st, struct conn *c);
enum cong_err sq_commit(const struct store *st, struct conn *c);
void sq_tx_abort(const struct store *st, struct conn *c);
/*
 * The same after binding through b: the binding's failure if there was one, else the step.
 * Every store function ends its statement with one of these.
 */
enum cong_err sq_bound_done(const struct store *st, struct conn *c, const struct binder *b,
                            const char *what);
enum cong_err sq_bound_row(const struct store *st, struct conn *c, const struct binder *b,
                           const char *what);
/* What sq_get_one reads: a statement (its slot and text) and the value of its ?1. */
struct sq_one {
    unsigned slot;
    const char *sql;
    int64_t id;       /* bound as ?1 when text is NULL */
    const char *text; /* else this */
    const char *what; /* for the log, e.g. "read an article" */
};
/* Reads the current row of r's statement into out (a record of the caller's type). */
typedef void (*sq_read_fn)(struct row *r, void *out);
/*
 * Every "one record by its key" of the store: borrows a connection, runs q and reads its one
 * row into out (size bytes) with read, strings from ar. CONG_ENOTFOUND if there is no row. out
 * is zeroed first, and again on any failure.
 */
enum cong_err sq_get_one(struct store *st, struct arena *ar, const struct sq_one *q,
                         sq_read_fn read, void *out, size_t size);
/* What sq_get_page reads: a count and a page of the same rows. */
struct sq_page {
    unsigned count_slot, list_slot;
    const char *count_sql, *list_sql;
    /* keyed: ?1 of both statements is key, and the list's LIMIT and OFFSET are ?2 and ?3;
     * otherwise they are ?1 and ?2 */
    bool keyed;
    int64_t key;
    size_t offset;
    size_t limit; /* already capped by the caller */
    size_t size;  /* of one element */
    sq_read_fn read;
    const char *what;
};
/*
 * Every paged listing of the store: borrows a connection and, in one read transaction (so the
 * total and the page agree), counts the rows, then reads at most limit of them from offset
 * into an array of elements of q->size bytes from ar, zeroed before read fills each. *out is
 * NULL when *n is 0; *total (may be NULL) the count.
 */
enum cong_err sq_get_page(struct store *st, struct arena *ar, const struct sq_page *q, void **out,
                          size_t *n, size_t *total);
/* sq_bound_done, then readies the statement for its next use. */
enum cong_err sq_run_write(const struct store *st, struct conn *c, struct binder *b,
                           const char *what);
/* Steps a write to its end; steps to one row (CONG_ENOTFOUND if none). */
enum cong_err sq_step_done(const struct store *st, struct conn *c, sqlite3_stmt *s,
                           const char *what);
enum cong_err sq_step_row(const struct store *st, struct conn *c, sqlite3_stmt *s,
                          const char *what);
/*
 * sqlite_search.c: writes the search index entry of article id from a's search_* fields, on
 * c inside the caller's transaction; replace drops the old entry first (an update).
 */
enum cong_err sq_search_put(const struct store *st, struct conn *c, int64_t id,
                            const struct article *a, bool replace);
/*
 * sqlite.c: inserts article a with its search index entry on c, inside the caller's
 * transaction, created_at and updated_at now; sets *id (0 on failure).
 */
enum cong_err sq_article_add(const struct store *st, struct conn *c, const struct article *a,
                             int64_t now, int64_t *id);
/*
 * sqlite.c: replaces every writable field of article a->id and its index entry on c, inside
 * the caller's transaction, updated_at now. CONG_ENOTFOUND if there is no such article.
 */
enum cong_err sq_article_update(const struct store *st, struct conn *c, const struct article *a,
                                int64_t now);
/* sqlite_editorial.c: appends the revision of article id as a holds it, on c; sets *rev_id. */
enum cong_err sq_revision_add(const struct store *st, struct conn *c, int64_t id,
                              const struct article *a, const struct revision_meta *meta, int64_t at,
                              int64_t *rev_id);
/* sqlite_editorial.c: the newest revision id of article_id on c, 0 if it has none. */
enum cong_err sq_latest_revision(const struct store *st, struct conn *c, int64_t article_id,
                                 int64_t *rev_id);
/* sqlite_search.c: removes article id's index entry (none is not an error), on c. */
enum cong_err sq_search_drop(const struct store *st, struct conn *c, int64_t id);
/*
 * sqlite_search.c: appends to m the FTS5 query of n terms, all ANDed, each word quoted as
 * store_search_articles quotes it. CONG_EINVAL if n is 0 or past STORE_SEARCH_TERMS_MAX or a
 * word is empty; CONG_ENOMEM if m ran out.
 */
enum cong_err sq_search_terms_match(const struct store_search_term *terms, size_t n, struct buf *m);
/* sqlite_search.c: frees what st->search_cache holds; accepts NULL. */
void sq_search_cache_free(struct sq_search_cache *cache);

#endif
