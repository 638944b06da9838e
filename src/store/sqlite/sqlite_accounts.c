/*
 * Accounts that help themselves, in the SQLite backend: users' profiles, the password change
 * that keeps one session, password reset links and dashboard notices (tables of migration 15
 * in sqlite.c). It keeps what the auth and content modules hand it and decides nothing: reset
 * tokens reach it only as hashes, expiry is compared with the now it is given. Its statements
 * are the SQ_ACCOUNTS group of enum sq_stmt; a password's change and the end of sessions are
 * one transaction, so no session outlives the change.
 */
#include "sqlite_int.h"

#include <assert.h>
#include <string.h>

/* clang-format off */
#define SQL(id) [(id) - SQ_ACCOUNTS_BEGIN]
static const char *const accounts_sql[SQ_ACCOUNTS_END - SQ_ACCOUNTS_BEGIN] = {
    SQL(AC_SET_PROFILE) = "UPDATE users SET display_name = ?2, email = ?3, unit = ?4"
                          " WHERE id = ?1",
    SQL(AC_USERS_BY_EMAIL) = "SELECT id, name, display_name, email, unit FROM users"
                             " WHERE email = ?1 AND disabled = 0 ORDER BY id LIMIT ?2",
    SQL(AC_SET_PASSWORD) = "UPDATE users SET password_hash = ?2, password_changed_at = ?3"
                           " WHERE id = ?1",
    SQL(AC_END_OTHER_SESSIONS) = "DELETE FROM sessions WHERE user_id = ?1 AND id_hash <> ?2",
    SQL(AC_END_SESSIONS) = "DELETE FROM sessions WHERE user_id = ?1",
    SQL(AC_ADD_RESET) = "INSERT INTO password_resets (token_hash, user_id, created_at,"
                        " expires_at) VALUES (?1, ?2, ?3, ?4)",
    SQL(AC_GET_RESET) = "SELECT user_id FROM password_resets WHERE token_hash = ?1"
                        " AND used_at = 0 AND expires_at > ?2",
    SQL(AC_SPEND_RESETS) = "UPDATE password_resets SET used_at = ?2"
                           " WHERE user_id = ?1 AND used_at = 0",
    SQL(AC_ADD_NOTICE) = "INSERT INTO notices (site_id, user_id, kind, text, link, created_at)"
                         " VALUES (" SQ_SITE ", ?1, ?2, ?3, ?4, ?5)",
    SQL(AC_LIST_NOTICES) = "SELECT id, user_id, kind, text, link, created_at FROM notices"
                           " WHERE site_id = " SQ_SITE " AND user_id = ?1"
                           " ORDER BY created_at DESC, id DESC LIMIT ?2",
};
/* clang-format on */

static enum cong_err prepare(const struct store *st, struct conn *c, enum sq_stmt id,
                             struct sqs **out)
{
    assert(id > SQ_ACCOUNTS_BEGIN && id < SQ_ACCOUNTS_END);
    return sq_stmt(st, c, (unsigned)id, accounts_sql[id - SQ_ACCOUNTS_BEGIN], out);
}

enum cong_err store_set_user_profile(struct store *st, int64_t id, const char *display_name,
                                     const char *email, const char *unit)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    if ((rc = prepare(st, c, AC_SET_PROFILE, &s)) == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, id);
        sq_bind_opt_text(&b, 2, display_name);
        sq_bind_opt_text(&b, 3, email);
        sq_bind_opt_text(&b, 4, unit);
        rc = sq_bound_done(st, c, &b, "change a user's profile");
        if (rc == CONG_OK && sqs_changes(c) == 0)
            rc = CONG_ENOTFOUND;
    }
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_find_users_by_email(struct store *st, struct arena *a, const char *email,
                                        size_t max, struct user **out, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct user *list;
    enum cong_err rc;
    int step;

    *out = NULL;
    *n = 0;
    if (!email || !*email || max == 0)
        return CONG_OK;
    list = arena_alloc(a, max * sizeof(*list));
    if (!list)
        return CONG_ENOMEM;
    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    if ((rc = prepare(st, c, AC_USERS_BY_EMAIL, &s)) != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, email);
    sq_bind_size(&b, 2, max);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "find users by e-mail");
        goto out;
    }
    while (*n < max && (step = sqs_step(s)) == SQLITE_ROW) {
        struct row r = {s, a, CONG_OK};
        struct user *u = &list[*n];
        u->id = sq_row_i64(&r, 0);
        u->name = sq_row_text(&r, 1);
        u->display_name = sq_row_text(&r, 2);
        u->email = sq_row_text(&r, 3);
        u->unit = sq_row_text(&r, 4);
        u->role = u->default_role = "";
        if ((rc = r.rc) != CONG_OK)
            goto out;
        (*n)++;
    }
    if (*n < max && step != SQLITE_DONE)
        rc = sq_fail(st, c, step, "find users by e-mail");
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    if (rc == CONG_OK && *n)
        *out = list;
    else
        *n = 0;
    return rc;
}

/* Runs statement id with ?1 user_id and ?2 text (NULL: none) on c. */
static enum cong_err run_user(const struct store *st, struct conn *c, enum sq_stmt id,
                              int64_t user_id, const char *text, const char *what)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc = prepare(st, c, id, &s);

    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, user_id);
    if (text)
        sq_bind_text(&b, 2, text);
    return sq_run_write(st, c, &b, what);
}

/* Sets user_id's password on c (inside the caller's transaction); CONG_ENOTFOUND if none. */
static enum cong_err set_password(const struct store *st, struct conn *c, int64_t user_id,
                                  const char *hash, int64_t now)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc = prepare(st, c, AC_SET_PASSWORD, &s);

    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, user_id);
    sq_bind_text(&b, 2, hash);
    sq_bind_i64(&b, 3, now);
    rc = sq_bound_done(st, c, &b, "change a password");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_set_user_password_keeping(struct store *st, int64_t id, const char *hash,
                                              int64_t now, const char *keep_id_hash)
{
    struct conn *c = NULL;
    enum cong_err rc;

    if (!hash || !keep_id_hash)
        return CONG_EINVAL;
    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = set_password(st, c, id, hash, now);
    if (rc == CONG_OK)
        rc = run_user(st, c, AC_END_OTHER_SESSIONS, id, keep_id_hash, "end other sessions");
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_add_password_reset(struct store *st, const char *token_hash, int64_t user_id,
                                       int64_t now, int64_t expires_at)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    if (!token_hash)
        return CONG_EINVAL;
    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    if ((rc = prepare(st, c, AC_ADD_RESET, &s)) == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_text(&b, 1, token_hash);
        sq_bind_i64(&b, 2, user_id);
        sq_bind_i64(&b, 3, now);
        sq_bind_i64(&b, 4, expires_at);
        rc = sq_bound_done(st, c, &b, "add a password reset");
    }
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* The user of a live reset link on c; CONG_ENOTFOUND if none. */
static enum cong_err get_reset(const struct store *st, struct conn *c, const char *token_hash,
                               int64_t now, int64_t *user_id)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc = prepare(st, c, AC_GET_RESET, &s);

    *user_id = 0;
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, token_hash);
    sq_bind_i64(&b, 2, now);
    rc = sq_bound_row(st, c, &b, "read a password reset");
    if (rc == CONG_OK)
        *user_id = sqs_int64(s, 0);
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_get_password_reset(struct store *st, const char *token_hash, int64_t now,
                                       int64_t *user_id)
{
    struct conn *c = NULL;
    enum cong_err rc;

    *user_id = 0;
    if (!token_hash)
        return CONG_ENOTFOUND;
    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    rc = get_reset(st, c, token_hash, now, user_id);
    sq_pool_put(st, c);
    return rc;
}

/* Marks every unused reset link of user_id used at now, on c. */
static enum cong_err spend_resets(const struct store *st, struct conn *c, int64_t user_id,
                                  int64_t now)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc = prepare(st, c, AC_SPEND_RESETS, &s);

    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, user_id);
    sq_bind_i64(&b, 2, now);
    return sq_run_write(st, c, &b, "spend password resets");
}

enum cong_err store_use_password_reset(struct store *st, const char *token_hash, int64_t now,
                                       const char *hash, int64_t *user_id)
{
    struct conn *c = NULL;
    enum cong_err rc;
    int64_t uid = 0;

    *user_id = 0;
    if (!token_hash || !hash)
        return CONG_EINVAL;
    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    /* the check and the use under one write lock: two uses of one link cannot both pass */
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = get_reset(st, c, token_hash, now, &uid);
    if (rc == CONG_OK)
        rc = spend_resets(st, c, uid, now);
    if (rc == CONG_OK)
        rc = set_password(st, c, uid, hash, now);
    if (rc == CONG_OK)
        rc = run_user(st, c, AC_END_SESSIONS, uid, NULL, "end sessions");
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    else
        *user_id = uid;
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_add_notice(struct store *st, const struct notice *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    if (!n->kind || !n->text)
        return CONG_EINVAL;
    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    if ((rc = prepare(st, c, AC_ADD_NOTICE, &s)) == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, n->user_id);
        sq_bind_text(&b, 2, n->kind);
        sq_bind_text(&b, 3, n->text);
        sq_bind_opt_text(&b, 4, n->link);
        sq_bind_i64(&b, 5, n->created_at);
        rc = sq_bound_done(st, c, &b, "add a notice");
    }
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_list_notices(struct store *st, struct arena *a, int64_t user_id, size_t limit,
                                 struct notice **out, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct notice *list;
    enum cong_err rc;
    int step = SQLITE_DONE;

    *out = NULL;
    *n = 0;
    if (limit == 0)
        return CONG_OK;
    if (limit > STORE_LIST_MAX)
        limit = STORE_LIST_MAX;
    if (!(list = arena_alloc(a, limit * sizeof(*list))))
        return CONG_ENOMEM;
    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    if ((rc = prepare(st, c, AC_LIST_NOTICES, &s)) != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, user_id);
    sq_bind_size(&b, 2, limit);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "list notices");
        goto out;
    }
    while (*n < limit && (step = sqs_step(s)) == SQLITE_ROW) {
        struct row r = {s, a, CONG_OK};
        struct notice *e = &list[*n];
        e->id = sq_row_i64(&r, 0);
        e->user_id = sq_row_i64(&r, 1);
        e->kind = sq_row_text(&r, 2);
        e->text = sq_row_text(&r, 3);
        e->link = sq_row_text(&r, 4);
        e->created_at = sq_row_i64(&r, 5);
        if ((rc = r.rc) != CONG_OK)
            goto out;
        (*n)++;
    }
    if (*n < limit && step != SQLITE_DONE)
        rc = sq_fail(st, c, step, "list notices");
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    if (rc == CONG_OK && *n)
        *out = list;
    else
        *n = 0;
    return rc;
}
