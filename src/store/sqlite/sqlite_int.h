/*
 * Inside the SQLite backend: what its files share. sqlite.c owns connections, the pool,
 * migrations and the content tables; the other files of this folder add the statements of one
 * domain each (accounts, search) and use the helpers below. Every connection caches its
 * prepared statements by slot (enum sq_stmt); each file keeps the SQL of its own slots.
 */
#ifndef CONG_SQLITE_INT_H
#define CONG_SQLITE_INT_H

#include <sqlite3.h>
#include <pthread.h>

#include "../store.h"

/*
 * Every statement a connection caches, by its slot. Each file's statements form one group
 * between its two sentinels (SQ_<FILE>_BEGIN and _END, which are no statements), so the slots
 * follow from this list and no two files can share one. A file's table of SQL is indexed from
 * its BEGIN and sized to its END, so naming another file's statement there does not compile.
 */
enum sq_stmt {
    SQ_CONTENT_BEGIN, /* sqlite.c */
    STMT_BEGIN,
    STMT_BEGIN_WRITE,
    STMT_COMMIT,
    STMT_ROLLBACK,
    STMT_GET_SETTING,
    STMT_SET_SETTING,
    STMT_ADD_SETTING,
    STMT_ADD_CATEGORY,
    STMT_COUNT_CATEGORIES,
    STMT_LIST_CATEGORIES,
    STMT_GET_CATEGORY,
    STMT_GET_CATEGORY_BY_SLUG,
    STMT_UPDATE_CATEGORY,
    STMT_CATEGORY_CYCLE,
    STMT_CATEGORY_USAGE,
    STMT_DELETE_CATEGORY,
    STMT_SET_CATEGORY_POSITION,
    STMT_REFS_IN_SITE,
    STMT_ADD_ARTICLE,
    STMT_UPDATE_ARTICLE,
    STMT_GET_ARTICLE,
    STMT_COUNT_ARTICLES,
    STMT_NEXT_SCHEDULED,
    STMT_ARTICLE_BY_SLUG,
    STMT_DELETE_ARTICLE,
    STMT_DELETE_ARTICLE_AUTOSAVES,
    STMT_DELETE_ARTICLE_VIEWERS,
    STMT_PING,
    /* store_list_articles: one page statement per combination of the cached enum list_variant
     * bits (category, published, body, language), and one count statement per combination of
     * category, published and language */
    STMT_LIST_ARTICLES,
    STMT_MATCH_ARTICLES = STMT_LIST_ARTICLES + 16,
    SQ_CONTENT_END = STMT_MATCH_ARTICLES + 8,

    SQ_AUTH_BEGIN, /* sqlite_auth.c */
    A_ADD_USER,
    A_GET_USER,
    A_GET_USER_BY_NAME,
    A_COUNT_USERS,
    A_LIST_USERS,
    A_COUNT_SITE_USERS,
    A_LIST_SITE_USERS,
    A_SET_PASSWORD,
    A_USER_EXISTS,
    A_SET_ROLE,
    A_DROP_ROLE,
    A_SET_DISABLED,
    A_DELETE_USER_SESSIONS,
    A_ADD_SESSION,
    A_GET_SESSION,
    A_TOUCH_SESSION,
    A_DELETE_SESSION,
    A_DELETE_EXPIRED_SESSIONS,
    A_ADD_TOKEN,
    A_FIND_TOKEN,
    A_GET_TOKEN,
    A_TOUCH_TOKEN,
    A_COUNT_TOKENS,
    A_LIST_TOKENS,
    A_REVOKE_TOKEN,
    A_GET_FAILURE,
    A_ADD_FAILURE,
    A_LOCK_LOGIN,
    A_CLEAR_FAILURES,
    A_ADD_SUCCESS,
    A_DELETE_OLD_FAILURES,
    A_ADD_AUDIT,
    A_COUNT_AUDIT,
    A_LIST_AUDIT,
    SQ_AUTH_END,

    SQ_SEARCH_BEGIN, /* sqlite_search.c */
    SS_FUNCTIONS,    /* not a query: its presence marks a connection whose functions are made */
    SS_INDEX_INSERT,
    SS_INDEX_DELETE,
    SS_ARTICLE_EXISTS,
    SS_UNINDEXED,
    SS_CANDIDATES,
    SS_CANDIDATES_IN_SET,
    SS_IDS_PUBLISHED,
    SS_IDS_PUBLISHED_CATEGORY,
    SS_IDS_ANY,
    SS_IDS_ANY_CATEGORY,
    SS_DOC_FREQ,
    SS_DOC_FREQ_RECENT,
    SS_MAX_ID,
    SS_HIT,
    SS_STAMPS,
    SS_STAMPS_COUNT,
    SS_LAST_UPDATE,
    SS_REDIRECT_ADD,
    SS_REDIRECT_GET,
    SS_REDIRECT_COUNT,
    SS_REDIRECT_LIST,
    SS_REDIRECT_REMOVE,
    SQ_SEARCH_END,

    SQ_STATS_BEGIN, /* sqlite_stats.c */
    S_BEGIN_IMMEDIATE,
    S_COMMIT,
    S_ROLLBACK,
    S_ANON_GET,
    S_ANON_PUT,
    S_VISITOR_GET,
    S_VISITOR_PUT,
    S_DAILY_ADD,
    S_VIEWER_GET,
    S_VIEWER_PUT,
    S_ARTICLE_VIEW_ADD,
    S_PRUNE_VISITORS,
    S_PRUNE_ANON,
    S_PRUNE_VIEWERS,
    S_ONLINE,
    S_TODAY,
    S_TOTAL,
    S_DAYS,
    S_VIEWS,
    S_TOP,
    SQ_STATS_END,

    SQ_PORTAL_BEGIN, /* sqlite_portal.c */
    P_ADD_PAGE,
    P_UPDATE_PAGE,
    P_DELETE_PAGE,
    P_GET_PAGE,
    P_GET_PAGE_BY_SLUG,
    P_LIST_PAGES,
    P_LIST_MENU_PAGES,
    P_LIST_PORTLETS,
    P_GET_PORTLET,
    P_ADD_PORTLET,
    P_UPDATE_PORTLET,
    P_DELETE_PORTLET,
    P_REGION_IDS,
    P_SET_POSITION,
    SQ_PORTAL_END,

    SQ_EDITORIAL_BEGIN, /* sqlite_editorial.c */
    E_LATEST_REVISION,
    E_ADD_REVISION,
    E_COUNT_REVISIONS,
    E_LIST_REVISIONS,
    E_GET_REVISION,
    E_PREVIOUS_REVISION,
    E_PUT_AUTOSAVE,
    E_GET_AUTOSAVE,
    E_DELETE_AUTOSAVE,
    SQ_EDITORIAL_END,

    SQ_MEDIA_BEGIN, /* sqlite_media.c */
    M_ADD,
    M_GET,
    M_GET_INFO,
    M_ADD_VARIANT,
    M_LIST_VARIANTS,
    M_GET_VARIANT,
    M_IMAGES,
    M_LIST,
    M_COUNT,
    M_USAGE,
    M_DELETE,
    M_SERVE,
    M_SERVE_VARIANT,
    M_SERVE_BARE,
    M_SERVE_VARIANT_BARE,
    SQ_MEDIA_END,

    SQ_SITES_BEGIN, /* sqlite_sites.c */
    T_ADD,
    T_ADD_NAME,
    T_COUNT,
    T_LIST,
    T_GET,
    T_GET_BY_HOST,
    T_USAGE,
    T_DELETE,
    T_ARTICLE_IN_SITE,
    T_SHARE,
    T_UNSHARE,
    T_SHARES,
    SQ_SITES_END,

    SQ_IMPORT_BEGIN, /* sqlite_import.c */
    I_GET,
    I_PUT,
    SQ_IMPORT_END,
    SQ_SCHEDULE_BEGIN, /* sqlite_schedule.c */
    H_ADD_ENTRY,
    H_UPDATE_ENTRY,
    H_DELETE_ENTRY,
    H_GET_ENTRY,
    H_LIST_ENTRIES,
    H_ADD_QUESTION,
    H_UPDATE_QUESTION,
    H_DELETE_QUESTION,
    H_GET_QUESTION,
    H_COUNT_QUESTIONS,
    H_LIST_QUESTIONS,
    H_COUNT_FROM,
    SQ_SCHEDULE_END,
    SQ_DOCUMENTS_BEGIN, /* sqlite_documents.c */
    D_ADD,
    D_UPDATE,
    D_DELETE_FILES,
    D_DELETE_COMMENTS,
    D_DELETE,
    D_GET,
    D_LIST,
    D_VALUES_KIND,
    D_VALUES_ISSUER,
    D_VALUES_FIELD,
    D_VALUES_YEAR,
    D_EXISTS,
    D_FILES_MARK,
    D_FILE_PUT,
    D_FILES_PRUNE,
    D_FILES_LIST,
    D_FILE_NEXT,
    D_FILE_TEXT,
    D_FILES_TEXT,
    D_COMMENT_ADD,
    D_COMMENT_GET,
    D_COMMENTS_LIST,
    D_COMMENT_STATUS,
    D_COMMENTS_FROM,
    D_COMMENTS_PENDING,
    SQ_DOCUMENTS_END,
    SQ_ACCOUNTS_BEGIN, /* sqlite_accounts.c */
    AC_SET_PROFILE,
    AC_USERS_BY_EMAIL,
    AC_SET_PASSWORD,
    AC_END_OTHER_SESSIONS,
    AC_END_SESSIONS,
    AC_ADD_RESET,
    AC_GET_RESET,
    AC_SPEND_RESETS,
    AC_ADD_NOTICE,
    AC_LIST_NOTICES,
    SQ_ACCOUNTS_END,
    SQ_MENUS_BEGIN, /* sqlite_menus.c */
    U_LIST,
    U_GET,
    U_ADD,
    U_UPDATE,
    U_DELETE_CHILDREN,
    U_DELETE,
    U_SET_ORDER,
    SQ_MENUS_END,

    SQ_STMT_SLOTS /* how many slots a connection has */
};

/*
 * The two engines. Every statement of this folder is written once, in the SQL that SQLite and
 * PostgreSQL share, and runs through the calls below, which keep SQLite's words (result codes
 * SQLITE_ROW, SQLITE_DONE, SQLITE_CONSTRAINT_UNIQUE...; ?N parameters): on a SQLite
 * connection they are SQLite's own calls, on a PostgreSQL one (sq_pg.c) the statement's text
 * is translated once ($N, BEGIN IMMEDIATE as an advisory lock), prepared on the connection,
 * and its rows read from the result. What the engines do not share (the schema, the
 * connection's setup, full-text search, the change watch) is written for each.
 */
struct sqs; /* a prepared statement on either engine */
/* BEGIN IMMEDIATE for the visitor statistics' batch: on SQLite the same as any; on PostgreSQL
 * it takes a lock of its own, so counting never waits behind an article being saved */
#define SQ_BEGIN_STATS "BEGIN IMMEDIATE; -- statistics"
struct pg_conn;

/* One connection, SQLite's or PostgreSQL's, and the statements prepared on it so far (NULL
 * until first use). */
struct conn {
    struct conn *next; /* in the store's idle list */
    sqlite3 *db;       /* SQLite; NULL on PostgreSQL */
    struct pg_conn *pg;
    struct sqs *stmt[SQ_STMT_SLOTS];
};

/* SQLite's calls, on either engine: the same arguments and results as sqlite3_<name>. */
int sqs_prepare(struct conn *c, const char *sql, int len, struct sqs **out);
int sqs_step(struct sqs *s);
int sqs_reset(struct sqs *s);
int sqs_clear(struct sqs *s); /* sqlite3_clear_bindings */
int sqs_finalize(struct sqs *s);
int sqs_param_count(struct sqs *s);
int sqs_bind_int64(struct sqs *s, int i, int64_t v);
int sqs_bind_null(struct sqs *s, int i);
/* NULL for a reference to a row: on PostgreSQL a NULL integer, so ?N IS NULL has a type */
int sqs_bind_null_id(struct sqs *s, int i);
int sqs_bind_text(struct sqs *s, int i, const char *v, int len, void (*destructor)(void *));
int sqs_bind_blob64(struct sqs *s, int i, const void *v, uint64_t len, void (*destructor)(void *));
int sqs_bind_zeroblob(struct sqs *s, int i, int len);
int64_t sqs_int64(struct sqs *s, int col);
double sqs_double(struct sqs *s, int col);
const unsigned char *sqs_text(struct sqs *s, int col);
const void *sqs_blob(struct sqs *s, int col);
int sqs_bytes(struct sqs *s, int col);
int sqs_type(struct sqs *s, int col);
/* The SQLite statement under s, for what only SQLite has; NULL on PostgreSQL. */
sqlite3_stmt *sqs_lite(struct sqs *s);
/* On the connection: sqlite3_exec with no callback, changes, last_insert_rowid, errmsg,
 * get_autocommit. */
int sqs_exec(struct conn *c, const char *sql);
int sqs_changes(struct conn *c);
int64_t sqs_last_id(struct conn *c);
const char *sqs_errmsg(const struct conn *c);
int sqs_autocommit(struct conn *c);
static inline bool sq_is_pg(const struct conn *c)
{
    return c->pg != NULL;
}

/*
 * A store is the default site's, as store_open makes it (root NULL, it owns the pool), or a
 * view of another site (store_for_site): root names the store that owns the pool, and only
 * path, readonly, schema_version and site_id are set. Every pool and cache field is read
 * through sq_root.
 */
struct store {
    struct store *root;     /* NULL: this is the root */
    int64_t site_id;        /* whose records the calls through it read and write */
    struct store **views;   /* the root's views, made on demand, freed with it */
    size_t nviews, views_cap;
    char *path;
    bool readonly;
    int schema_version;
    pthread_mutex_t lock; /* guards idle and nconns */
    pthread_cond_t freed; /* signalled when a connection goes back or a slot opens */
    struct conn *idle;
    size_t nconns; /* connections open or being opened, at most STORE_MAX_CONNECTIONS */
    uint64_t pool_waits; /* calls that found no connection free and waited (store_metrics) */
    struct sq_search_cache *search_cache; /* sqlite_search.c's, made on first use under lock */
    /* store_generation's: a connection of its own, and what it last saw */
    pthread_mutex_t watch_lock;
    struct conn *watch;
    struct sqs *watch_version, *watch_gen;
    int64_t data_version;
    uint64_t generation, unknown;
    bool generation_known;
    /* PostgreSQL: path is the location (sq_pg.h); the watch connection LISTENs */
    bool pg;
    int64_t watch_retry_at;   /* when a lost watch connection may be tried again */
    bool pg_dirty;            /* a write on this node since the watch last read (atomic) */
    uint64_t notifications;   /* heard from the database so far */
};

/* The store that owns the pool and caches: st itself or the root of a view. */
static inline struct store *sq_root(const struct store *st)
{
    return st->root ? st->root : (struct store *)st;
}

/*
 * The parameter every statement uses for the site of the store it runs for: a statement
 * whose SQL names it gets st's site bound by sq_stmt (and sq_bind_site), so no call can
 * forget it. Numbered far above any other parameter, so that it never shares an index.
 */
#define SQ_SITE       "?50"
#define SQ_SITE_PARAM 50
/* Binds st's site to SQ_SITE if s has it; an SQLite result code. */
int sq_bind_site(const struct store *st, struct sqs *s);

/* Binding with a sticky result: after the first failure the rest do nothing. */
struct binder {
    struct sqs *s;
    int rc;
};

/* Reading a row into the caller's arena, with a sticky error like struct buf. */
struct row {
    struct sqs *s;
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
                      struct sqs **out);
/* Readies a cached statement for its next use; accepts NULL. */
void sq_stmt_put(struct sqs *s);
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
enum cong_err sq_step_done(const struct store *st, struct conn *c, struct sqs *s,
                           const char *what);
enum cong_err sq_step_row(const struct store *st, struct conn *c, struct sqs *s,
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
