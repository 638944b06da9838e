/*
 * The accounts half of the SQLite backend: users, sessions, API tokens, login throttling
 * counters and the audit log (tables of migration 2 in sqlite.c). It stores and reads what the
 * auth module hands it and decides nothing: no hashing, no expiry, no throttling arithmetic.
 * Session ids and token secrets reach it only as hashes. Its statements are the
 * SQ_AUTH group of enum sq_stmt; writes that touch two tables run in one BEGIN IMMEDIATE
 * transaction, so a password change and the end of the user's sessions are one event.
 */
#include "sqlite_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* SQL reads best laid out by hand. */
/* clang-format off */
/* The user's columns (users as u), in the order of enum user_col; the hash last, as lists
   leave it out. The role is the one on the handle's site. */
#define ROLE_ON(site) "coalesce((SELECT r.role FROM site_roles r WHERE r.site_id = " site     \
    " AND r.user_id = u.id), '')"
#define USER_COLS                                                                              \
    "u.id, u.name, u.display_name, " ROLE_ON(SQ_SITE) ", u.disabled, u.created_at,"            \
    " u.password_changed_at, " ROLE_ON("1") ", (SELECT count(*) FROM site_roles r"              \
    " WHERE r.user_id = u.id AND r.site_id <> " SQ_SITE "), u.email, u.unit"
_Static_assert(STORE_DEFAULT_SITE == 1, "ROLE_ON(\"1\") names the default site");
enum user_col { UC_ID, UC_NAME, UC_DISPLAY_NAME, UC_ROLE, UC_DISABLED, UC_CREATED_AT,
                UC_PASSWORD_CHANGED_AT, UC_DEFAULT_ROLE, UC_OTHER_SITES, UC_EMAIL, UC_UNIT,
                UC_PASSWORD_HASH,
                UC_COUNT };
#define ON_SITE " EXISTS (SELECT 1 FROM site_roles r WHERE r.user_id = u.id AND r.site_id = " SQ_SITE ")"

#define SESSION_COLS "s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.ip, s.user_agent"
enum { SC_USER_ID, SC_CSRF, SC_CREATED_AT, SC_LAST_SEEN_AT, SC_IP, SC_USER_AGENT, SC_COUNT };

#define TOKEN_COLS "t.id, t.user_id, u.name, t.created_at, t.last_used_at, t.revoked_at"
enum { TC_ID, TC_USER_ID, TC_USER_NAME, TC_CREATED_AT, TC_LAST_USED_AT, TC_REVOKED_AT,
       TC_COUNT };
#define TOKEN_FROM " FROM api_tokens t JOIN users u ON u.id = t.user_id"

#define AUDIT_COLS "id, at, user_id, user_name, ip, action, target, detail"
enum { LC_ID, LC_AT, LC_USER_ID, LC_USER_NAME, LC_IP, LC_ACTION, LC_TARGET, LC_DETAIL };

#define SQL(id) [(id) - SQ_AUTH_BEGIN]

static const char *const stmt_sql[SQ_AUTH_END - SQ_AUTH_BEGIN] = {
    /* a write lock from the start: a deferred transaction that reads first may find, at
     * its first write, that another connection wrote meanwhile, and fail without waiting */
    SQL(A_ADD_USER) = "INSERT INTO users (name, display_name, password_hash, disabled,"
                      " created_at, password_changed_at) VALUES (?1, ?2, ?4, ?5, ?6, ?6)",
    SQL(A_GET_USER) = "SELECT " USER_COLS ", u.password_hash FROM users u WHERE u.id = ?1",
    SQL(A_GET_USER_BY_NAME) = "SELECT " USER_COLS ", u.password_hash FROM users u"
                              " WHERE u.name = ?1",
    SQL(A_COUNT_USERS) = "SELECT count(*) FROM users u",
    SQL(A_LIST_USERS) = "SELECT " USER_COLS " FROM users u ORDER BY u.name, u.id"
                        " LIMIT ?1 OFFSET ?2",
    SQL(A_COUNT_SITE_USERS) = "SELECT count(*) FROM users u WHERE" ON_SITE,
    SQL(A_LIST_SITE_USERS) = "SELECT " USER_COLS " FROM users u WHERE" ON_SITE
                             " ORDER BY u.name, u.id LIMIT ?1 OFFSET ?2",
    SQL(A_SET_PASSWORD) = "UPDATE users SET password_hash = ?2, password_changed_at = ?3"
                          " WHERE id = ?1",
    SQL(A_USER_EXISTS) = "SELECT count(*) FROM users WHERE id = ?1",
    SQL(A_SET_ROLE) = "INSERT INTO site_roles (site_id, user_id, role) VALUES (" SQ_SITE ", ?1, ?2)"
                      " ON CONFLICT (site_id, user_id) DO UPDATE SET role = excluded.role",
    SQL(A_DROP_ROLE) = "DELETE FROM site_roles WHERE site_id = " SQ_SITE " AND user_id = ?1",
    SQL(A_SET_DISABLED) = "UPDATE users SET disabled = ?2 WHERE id = ?1",
    SQL(A_DELETE_USER_SESSIONS) = "DELETE FROM sessions WHERE user_id = ?1",
    SQL(A_ADD_SESSION) = "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at,"
                         " last_seen_at, ip, user_agent, site_id)"
                         " VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, " SQ_SITE ")",
    /* a session is found only on the site it was made on */
    SQL(A_GET_SESSION) = "SELECT " SESSION_COLS ", " USER_COLS " FROM sessions s"
                         " JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?1"
                         " AND s.site_id = " SQ_SITE,
    SQL(A_TOUCH_SESSION) = "UPDATE sessions SET last_seen_at = ?2"
                           " WHERE id_hash = ?1 AND last_seen_at < ?2",
    SQL(A_DELETE_SESSION) = "DELETE FROM sessions WHERE id_hash = ?1",
    SQL(A_DELETE_EXPIRED_SESSIONS) = "DELETE FROM sessions"
                                     " WHERE last_seen_at < ?1 OR created_at < ?2",
    SQL(A_ADD_TOKEN) = "INSERT INTO api_tokens (user_id, token_hash, created_at)"
                       " VALUES (?1, ?2, ?3)",
    SQL(A_FIND_TOKEN) = "SELECT " TOKEN_COLS ", " USER_COLS TOKEN_FROM
                        " WHERE t.token_hash = ?1 AND t.revoked_at = 0",
    SQL(A_GET_TOKEN) = "SELECT " TOKEN_COLS TOKEN_FROM " WHERE t.id = ?1",
    SQL(A_TOUCH_TOKEN) = "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",
    SQL(A_COUNT_TOKENS) = "SELECT count(*) FROM api_tokens",
    SQL(A_LIST_TOKENS) = "SELECT " TOKEN_COLS TOKEN_FROM " ORDER BY t.id LIMIT ?1 OFFSET ?2",
    SQL(A_REVOKE_TOKEN) = "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at = 0",
    SQL(A_GET_FAILURE) = "SELECT failures, last_failure_at, locked_until, last_success_at"
                         " FROM login_failures WHERE key = ?1",
    /* one statement, so two nodes counting failures of one key at once both count */
    SQL(A_ADD_FAILURE) = "INSERT INTO login_failures (key, failures, last_failure_at)"
                         " VALUES (?1, 1, ?2) ON CONFLICT (key) DO UPDATE SET"
                         " failures = CASE WHEN login_failures.last_failure_at < ?3 THEN 1"
                         " ELSE login_failures.failures + 1 END, last_failure_at = ?2"
                         " RETURNING failures",
    SQL(A_LOCK_LOGIN) = "UPDATE login_failures SET locked_until = max(locked_until, ?2)"
                        " WHERE key = ?1",
    SQL(A_CLEAR_FAILURES) = "DELETE FROM login_failures WHERE key = ?1",
    SQL(A_ADD_SUCCESS) = "INSERT INTO login_failures (key, failures, last_failure_at,"
                         " last_success_at) VALUES (?1, 0, 0, ?2) ON CONFLICT (key) DO UPDATE SET"
                         " failures = 0, last_failure_at = 0, locked_until = 0,"
                         " last_success_at = ?2",
    SQL(A_DELETE_OLD_FAILURES) = "DELETE FROM login_failures WHERE last_failure_at < ?1"
                                 " AND locked_until < ?2 AND last_success_at < ?3",
    SQL(A_ADD_AUDIT) = "INSERT INTO audit_log (at, user_id, user_name, ip, action, target,"
                       " detail, site_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " SQ_SITE ")",
    SQL(A_COUNT_AUDIT) = "SELECT count(*) FROM audit_log WHERE site_id = " SQ_SITE,
    SQL(A_LIST_AUDIT) = "SELECT " AUDIT_COLS " FROM audit_log WHERE site_id = " SQ_SITE
                        " ORDER BY at DESC, id DESC LIMIT ?1 OFFSET ?2",
};

/* clang-format on */

/* The cached statement id on c, prepared on first use. */
static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_AUTH_BEGIN && id < SQ_AUTH_END);
    return sq_stmt(st, c, (unsigned)id, stmt_sql[id - SQ_AUTH_BEGIN], out);
}

/*
 * Runs the one-statement write id on a pooled connection: bind fills its parameters from
 * args. *changes (may be NULL) gets the number of rows it changed.
 */
typedef void (*bind_fn)(struct binder *b, const void *args);

static enum cong_err run_write(struct store *st, enum sq_stmt id, bind_fn bind, const void *args,
                               const char *what, int *changes)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    if (changes)
        *changes = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    bind(&b, args);
    rc = sq_bound_done(st, c, &b, what);
    if (rc == CONG_OK && changes)
        *changes = sqs_changes(c);
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/*
 * Reads up to limit rows of list_id from offset into an array from a, sized by count_id run
 * first in the same read transaction (sq_get_page): row fills one element from the current row.
 */
static enum cong_err list_rows(struct store *st, struct arena *a, enum sq_stmt count_id,
                               enum sq_stmt list_id, size_t offset, size_t limit, size_t elem_size,
                               sq_read_fn row, void **out, size_t *n, size_t *total,
                               const char *what)
{
    struct sq_page q = {
        .count_slot = count_id,
        .list_slot = list_id,
        .count_sql = stmt_sql[count_id - SQ_AUTH_BEGIN],
        .list_sql = stmt_sql[list_id - SQ_AUTH_BEGIN],
        .offset = offset,
        .limit = limit,
        .size = elem_size,
        .read = row,
        .what = what,
    };

    return sq_get_page(st, a, &q, out, n, total);
}

/* Reads the user columns starting at column first; the hash only if with_hash. */
static void row_user_at(struct row *r, int first, bool with_hash, struct user *u)
{
    u->id = sq_row_i64(r, first + UC_ID);
    u->name = sq_row_text(r, first + UC_NAME);
    u->display_name = sq_row_text(r, first + UC_DISPLAY_NAME);
    u->role = sq_row_text(r, first + UC_ROLE);
    u->disabled = sq_row_i64(r, first + UC_DISABLED) != 0;
    u->created_at = sq_row_i64(r, first + UC_CREATED_AT);
    u->password_changed_at = sq_row_i64(r, first + UC_PASSWORD_CHANGED_AT);
    u->default_role = sq_row_text(r, first + UC_DEFAULT_ROLE);
    u->other_sites = sq_row_i64(r, first + UC_OTHER_SITES);
    u->email = sq_row_text(r, first + UC_EMAIL);
    u->unit = sq_row_text(r, first + UC_UNIT);
    u->password_hash = with_hash ? sq_row_text(r, first + UC_PASSWORD_HASH) : NULL;
}

static void row_user_listed(struct row *r, void *elem)
{
    row_user_at(r, 0, false, elem);
}

static void row_token(struct row *r, void *elem)
{
    struct api_token *t = elem;

    t->id = sq_row_i64(r, TC_ID);
    t->user_id = sq_row_i64(r, TC_USER_ID);
    t->user_name = sq_row_text(r, TC_USER_NAME);
    t->created_at = sq_row_i64(r, TC_CREATED_AT);
    t->last_used_at = sq_row_i64(r, TC_LAST_USED_AT);
    t->revoked_at = sq_row_i64(r, TC_REVOKED_AT);
}

static void row_audit(struct row *r, void *elem)
{
    struct audit_entry *e = elem;

    e->id = sq_row_i64(r, LC_ID);
    e->at = sq_row_i64(r, LC_AT);
    e->user_id = sq_row_i64(r, LC_USER_ID);
    e->user_name = sq_row_text(r, LC_USER_NAME);
    e->ip = sq_row_text(r, LC_IP);
    e->action = sq_row_text(r, LC_ACTION);
    e->target = sq_row_text(r, LC_TARGET);
    e->detail = sq_row_text(r, LC_DETAIL);
}

/*
 * Runs the one-row query id whose only parameter is an id (text NULL) or a text, and reads
 * its row with fill. CONG_ENOTFOUND if there is no row.
 */
typedef void (*fill_fn)(struct row *r, void *out, void *out2);

static enum cong_err get_one(struct store *st, struct arena *a, enum sq_stmt id, int64_t key,
                             const char *text_key, fill_fn fill, void *out, void *out2,
                             const char *what)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    if (text_key)
        sq_bind_text(&b, 1, text_key);
    else
        sq_bind_i64(&b, 1, key);
    rc = sq_bound_row(st, c, &b, what);
    if (rc != CONG_OK)
        goto out;
    r = (struct row){s, a, CONG_OK};
    fill(&r, out, out2);
    rc = r.rc;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Users. */

/* Sets (role non-empty) or takes away (role "") user_id's role on st's site, on c. */
static enum cong_err role_write(const struct store *st, struct conn *c, int64_t user_id,
                                const char *role)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = stmt_get(st, c, *role ? A_SET_ROLE : A_DROP_ROLE, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, user_id);
    if (*role)
        sq_bind_text(&b, 2, role);
    return sq_run_write(st, c, &b, "change a role");
}

enum cong_err store_add_user(struct store *st, const struct user *u, int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *id = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* the user and its role on the site together */
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, A_ADD_USER, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, u->name);
    sq_bind_opt_text(&b, 2, u->display_name);
    sq_bind_text(&b, 4, u->password_hash);
    sq_bind_i64(&b, 5, u->disabled ? 1 : 0);
    sq_bind_i64(&b, 6, u->created_at);
    rc = sq_run_write(st, c, &b, "add user");
    s = NULL;
    /* the connection is ours alone until sq_pool_put, so this is our insert's id */
    if (rc == CONG_OK)
        *id = sqs_last_id(c);
    if (rc == CONG_OK && u->role && *u->role)
        rc = role_write(st, c, *id, u->role);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
out:
    sq_stmt_put(s);
    if (rc != CONG_OK) {
        *id = 0;
        sq_tx_abort(st, c);
    }
    sq_pool_put(st, c);
    return rc;
}

static void fill_user(struct row *r, void *out, void *unused)
{
    (void)unused;
    row_user_at(r, 0, true, out);
}

enum cong_err store_get_user(struct store *st, struct arena *a, int64_t id, struct user *out)
{
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = get_one(st, a, A_GET_USER, id, NULL, fill_user, out, NULL, "read a user");
    if (rc != CONG_OK)
        memset(out, 0, sizeof(*out));
    return rc;
}

enum cong_err store_get_user_by_name(struct store *st, struct arena *a, const char *name,
                                     struct user *out)
{
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if (!name)
        return CONG_ENOTFOUND;
    rc = get_one(st, a, A_GET_USER_BY_NAME, 0, name, fill_user, out, NULL, "read a user");
    if (rc != CONG_OK)
        memset(out, 0, sizeof(*out));
    return rc;
}

enum cong_err store_list_users(struct store *st, struct arena *a, bool site_only,
                               struct user **out, size_t *n)
{
    void *items;
    enum cong_err rc;

    rc = list_rows(st, a, site_only ? A_COUNT_SITE_USERS : A_COUNT_USERS,
                   site_only ? A_LIST_SITE_USERS : A_LIST_USERS, 0, SIZE_MAX, sizeof(**out),
                   row_user_listed, &items, n, NULL, "list users");
    *out = items;
    return rc;
}

/*
 * Runs write id (parameters ?1 user id, ?2 value, ?3 now) on user id and, when end_sessions,
 * deletes the user's sessions in the same transaction.
 */
static enum cong_err update_user(struct store *st, enum sq_stmt id, int64_t user_id,
                                 const char *text, int64_t value, int64_t now, bool end_sessions,
                                 const char *what)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    bool in_tx = false;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    if (end_sessions) {
        rc = sq_begin_write(st, c);
        if (rc != CONG_OK)
            goto out;
        in_tx = true;
    }
    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, user_id);
    if (text)
        sq_bind_text(&b, 2, text);
    else
        sq_bind_i64(&b, 2, value);
    if (id == A_SET_PASSWORD)
        sq_bind_i64(&b, 3, now);
    rc = sq_bound_done(st, c, &b, what);
    if (rc != CONG_OK)
        goto out;
    if (sqs_changes(c) == 0) {
        rc = CONG_ENOTFOUND;
        goto out;
    }
    sq_stmt_put(s);
    s = NULL;
    if (end_sessions) {
        rc = stmt_get(st, c, A_DELETE_USER_SESSIONS, &s);
        if (rc != CONG_OK)
            goto out;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, user_id);
        rc = sq_bound_done(st, c, &b, what);
        if (rc != CONG_OK)
            goto out;
        sq_stmt_put(s);
        s = NULL;
        rc = sq_commit(st, c);
        if (rc != CONG_OK)
            goto out;
        in_tx = false;
    }
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_set_user_password(struct store *st, int64_t id, const char *hash, int64_t now)
{
    if (!hash)
        return CONG_EINVAL;
    return update_user(st, A_SET_PASSWORD, id, hash, 0, now, true, "change a password");
}

enum cong_err store_set_user_role(struct store *st, int64_t id, const char *role)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    if (!role)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, A_USER_EXISTS, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    rc = sq_bound_row(st, c, &b, "change a role");
    if (rc == CONG_OK && sqs_int64(s, 0) == 0)
        rc = CONG_ENOTFOUND;
    sq_stmt_put(s);
    s = NULL;
    if (rc == CONG_OK)
        rc = role_write(st, c, id, role);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
out:
    sq_stmt_put(s);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_set_user_disabled(struct store *st, int64_t id, bool disabled)
{
    return update_user(st, A_SET_DISABLED, id, NULL, disabled ? 1 : 0, 0, disabled,
                       disabled ? "disable a user" : "enable a user");
}

/* Sessions. */

static void bind_session(struct binder *b, const void *args)
{
    const struct session *s = args;

    sq_bind_text(b, 1, s->id_hash);
    sq_bind_i64(b, 2, s->user_id);
    sq_bind_text(b, 3, s->csrf_token);
    sq_bind_i64(b, 4, s->created_at);
    sq_bind_opt_text(b, 5, s->ip);
    sq_bind_opt_text(b, 6, s->user_agent);
}

enum cong_err store_add_session(struct store *st, const struct session *s)
{
    return run_write(st, A_ADD_SESSION, bind_session, s, "add a session", NULL);
}

static void fill_session(struct row *r, void *out, void *out2)
{
    struct session *s = out;

    s->user_id = sq_row_i64(r, SC_USER_ID);
    s->csrf_token = sq_row_text(r, SC_CSRF);
    s->created_at = sq_row_i64(r, SC_CREATED_AT);
    s->last_seen_at = sq_row_i64(r, SC_LAST_SEEN_AT);
    s->ip = sq_row_text(r, SC_IP);
    s->user_agent = sq_row_text(r, SC_USER_AGENT);
    row_user_at(r, SC_COUNT, false, out2);
}

enum cong_err store_get_session(struct store *st, struct arena *a, const char *id_hash,
                                struct session *out, struct user *user)
{
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    memset(user, 0, sizeof(*user));
    if (!id_hash)
        return CONG_ENOTFOUND;
    rc = get_one(st, a, A_GET_SESSION, 0, id_hash, fill_session, out, user, "read a session");
    if (rc == CONG_OK)
        out->id_hash = arena_strdup(a, id_hash);
    if (rc == CONG_OK && !out->id_hash)
        rc = CONG_ENOMEM;
    if (rc != CONG_OK) {
        memset(out, 0, sizeof(*out));
        memset(user, 0, sizeof(*user));
    }
    return rc;
}

struct key_time {
    const char *key;
    int64_t id;
    int64_t t;
};

static void bind_key_time(struct binder *b, const void *args)
{
    const struct key_time *kt = args;

    if (kt->key)
        sq_bind_text(b, 1, kt->key);
    else
        sq_bind_i64(b, 1, kt->id);
    sq_bind_i64(b, 2, kt->t);
}

static void bind_key(struct binder *b, const void *args)
{
    sq_bind_text(b, 1, args);
}

enum cong_err store_touch_session(struct store *st, const char *id_hash, int64_t now)
{
    struct key_time kt = {id_hash, 0, now};

    if (!id_hash)
        return CONG_EINVAL;
    return run_write(st, A_TOUCH_SESSION, bind_key_time, &kt, "touch a session", NULL);
}

enum cong_err store_delete_session(struct store *st, const char *id_hash)
{
    if (!id_hash)
        return CONG_EINVAL;
    return run_write(st, A_DELETE_SESSION, bind_key, id_hash, "delete a session", NULL);
}

static void bind_two_times(struct binder *b, const void *args)
{
    const int64_t *t = args;

    sq_bind_i64(b, 1, t[0]);
    sq_bind_i64(b, 2, t[1]);
}

enum cong_err store_delete_expired_sessions(struct store *st, int64_t seen_before,
                                            int64_t created_before)
{
    int64_t t[2] = {seen_before, created_before};

    return run_write(st, A_DELETE_EXPIRED_SESSIONS, bind_two_times, t, "delete expired sessions",
                     NULL);
}

/* API tokens. */

struct token_args {
    int64_t user_id;
    const char *hash;
    int64_t now;
};

static void bind_token(struct binder *b, const void *args)
{
    const struct token_args *t = args;

    sq_bind_i64(b, 1, t->user_id);
    sq_bind_text(b, 2, t->hash);
    sq_bind_i64(b, 3, t->now);
}

enum cong_err store_add_token(struct store *st, int64_t user_id, const char *token_hash,
                              int64_t now, int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct token_args args = {user_id, token_hash, now};
    enum cong_err rc;

    *id = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, A_ADD_TOKEN, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    bind_token(&b, &args);
    rc = sq_bound_done(st, c, &b, "add a token");
    if (rc == CONG_OK)
        *id = sqs_last_id(c);
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

static void fill_token_user(struct row *r, void *out, void *out2)
{
    row_token(r, out);
    row_user_at(r, TC_COUNT, false, out2);
}

enum cong_err store_find_token(struct store *st, struct arena *a, const char *token_hash,
                               struct api_token *out, struct user *user)
{
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    memset(user, 0, sizeof(*user));
    if (!token_hash)
        return CONG_ENOTFOUND;
    rc = get_one(st, a, A_FIND_TOKEN, 0, token_hash, fill_token_user, out, user, "read a token");
    if (rc != CONG_OK) {
        memset(out, 0, sizeof(*out));
        memset(user, 0, sizeof(*user));
    }
    return rc;
}

static void fill_token(struct row *r, void *out, void *unused)
{
    (void)unused;
    row_token(r, out);
}

enum cong_err store_get_token(struct store *st, struct arena *a, int64_t id, struct api_token *out)
{
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = get_one(st, a, A_GET_TOKEN, id, NULL, fill_token, out, NULL, "read a token");
    if (rc != CONG_OK)
        memset(out, 0, sizeof(*out));
    return rc;
}

enum cong_err store_touch_token(struct store *st, int64_t id, int64_t now)
{
    struct key_time kt = {NULL, id, now};

    return run_write(st, A_TOUCH_TOKEN, bind_key_time, &kt, "touch a token", NULL);
}

enum cong_err store_list_tokens(struct store *st, struct arena *a, struct api_token **out,
                                size_t *n)
{
    void *items;
    enum cong_err rc;

    rc = list_rows(st, a, A_COUNT_TOKENS, A_LIST_TOKENS, 0, SIZE_MAX, sizeof(**out), row_token,
                   &items, n, NULL, "list tokens");
    *out = items;
    return rc;
}

enum cong_err store_revoke_token(struct store *st, int64_t id, int64_t now)
{
    struct key_time kt = {NULL, id, now};
    enum cong_err rc;
    int changes;

    rc = run_write(st, A_REVOKE_TOKEN, bind_key_time, &kt, "revoke a token", &changes);
    if (rc == CONG_OK && changes == 0)
        rc = CONG_ENOTFOUND;
    return rc;
}

/* Login throttling. */

static void fill_failure(struct row *r, void *out, void *unused)
{
    struct login_failure *f = out;

    (void)unused;
    f->failures = sq_row_i64(r, 0);
    f->last_failure_at = sq_row_i64(r, 1);
    f->locked_until = sq_row_i64(r, 2);
    f->last_success_at = sq_row_i64(r, 3);
}

enum cong_err store_get_login_failure(struct store *st, const char *key, struct login_failure *out)
{
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if (!key)
        return CONG_EINVAL;
    /* no text is read, so no arena is needed */
    rc = get_one(st, NULL, A_GET_FAILURE, 0, key, fill_failure, out, NULL, "read login failures");
    if (rc != CONG_OK)
        memset(out, 0, sizeof(*out));
    return rc;
}

enum cong_err store_add_login_failure(struct store *st, const char *key, int64_t now,
                                      int64_t forget_before, int64_t *failures)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *failures = 0;
    if (!key)
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, A_ADD_FAILURE, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, key);
    sq_bind_i64(&b, 2, now);
    sq_bind_i64(&b, 3, forget_before);
    rc = sq_bound_row(st, c, &b, "count a login failure");
    if (rc == CONG_OK)
        *failures = sqs_int64(s, 0);
    /* a RETURNING row comes after the write is done; stepping on to the end only confirms it */
    if (rc == CONG_OK)
        rc = sq_step_done(st, c, s, "count a login failure");
    if (rc != CONG_OK)
        *failures = 0;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_lock_login(struct store *st, const char *key, int64_t until)
{
    struct key_time kt = {key, 0, until};

    if (!key)
        return CONG_EINVAL;
    return run_write(st, A_LOCK_LOGIN, bind_key_time, &kt, "lock a login", NULL);
}

enum cong_err store_clear_login_failures(struct store *st, const char *key)
{
    if (!key)
        return CONG_EINVAL;
    return run_write(st, A_CLEAR_FAILURES, bind_key, key, "clear login failures", NULL);
}

enum cong_err store_add_login_success(struct store *st, const char *key, int64_t now)
{
    struct key_time kt = {key, 0, now};

    if (!key)
        return CONG_EINVAL;
    return run_write(st, A_ADD_SUCCESS, bind_key_time, &kt, "record a login", NULL);
}

static void bind_three_times(struct binder *b, const void *args)
{
    const int64_t *t = args;

    sq_bind_i64(b, 1, t[0]);
    sq_bind_i64(b, 2, t[1]);
    sq_bind_i64(b, 3, t[2]);
}

enum cong_err store_delete_old_login_failures(struct store *st, int64_t forget_before,
                                              int64_t success_before, int64_t now)
{
    int64_t t[3] = {forget_before, now, success_before};

    return run_write(st, A_DELETE_OLD_FAILURES, bind_three_times, t, "delete old login failures",
                     NULL);
}

/* The audit log. */

static void bind_audit(struct binder *b, const void *args)
{
    const struct audit_entry *e = args;

    sq_bind_i64(b, 1, e->at);
    sq_bind_ref(b, 2, e->user_id);
    sq_bind_opt_text(b, 3, e->user_name);
    sq_bind_opt_text(b, 4, e->ip);
    sq_bind_text(b, 5, e->action);
    sq_bind_opt_text(b, 6, e->target);
    sq_bind_opt_text(b, 7, e->detail);
}

enum cong_err store_add_audit(struct store *st, const struct audit_entry *e)
{
    return run_write(st, A_ADD_AUDIT, bind_audit, e, "add to the audit log", NULL);
}

enum cong_err store_list_audit(struct store *st, struct arena *a, size_t offset, size_t limit,
                               struct audit_entry **out, size_t *n, size_t *total)
{
    void *items;
    enum cong_err rc;

    rc = list_rows(st, a, A_COUNT_AUDIT, A_LIST_AUDIT, offset,
                   limit < STORE_LIST_MAX ? limit : STORE_LIST_MAX, sizeof(**out), row_audit,
                   &items, n, total, "read the audit log");
    *out = items;
    return rc;
}
