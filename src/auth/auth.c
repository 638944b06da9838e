/*
 * The auth service itself: roles, names, passwords (libsodium argon2id), random secrets, the
 * throttling arithmetic, users and the audit log. Sessions and logins live in session.c and
 * API tokens in token.c. Nothing here speaks HTTP or SQL: records go through store.h, and
 * every change to a user is written to the audit log by the function that makes it.
 */
#include "auth_int.h"
#include "../i18n/i18n.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Roles. */

static const char *const role_names[] = {
    [AUTH_GUEST] = "guest",   [AUTH_MEMBER] = "member",       [AUTH_AUTHOR] = "author",
    [AUTH_EDITOR] = "editor", [AUTH_PUBLISHER] = "publisher", [AUTH_ADMIN] = "admin",
};

static const char *const role_labels[] = {
    [AUTH_GUEST] = N_("Khách"),
    [AUTH_MEMBER] = N_("Thành viên"),
    [AUTH_AUTHOR] = N_("Tác giả"),
    [AUTH_EDITOR] = N_("Biên tập viên"),
    [AUTH_PUBLISHER] = N_("Người duyệt đăng"),
    [AUTH_ADMIN] = N_("Quản trị viên"),
};

#define NROLES (sizeof(role_names) / sizeof(role_names[0]))

const char *auth_role_name(enum auth_role r)
{
    return (unsigned)r < NROLES ? role_names[r] : role_names[AUTH_GUEST];
}

const char *auth_role_label(enum auth_role r)
{
    return _((unsigned)r < NROLES ? role_labels[r] : role_labels[AUTH_GUEST]);
}

bool auth_role_parse(const char *name, enum auth_role *out)
{
    if (!name)
        return false;
    for (size_t i = 0; i < NROLES; i++) {
        if (!strcmp(name, role_names[i])) {
            *out = (enum auth_role)i;
            return true;
        }
    }
    return false;
}

bool auth_role_at_least(enum auth_role have, enum auth_role need)
{
    /* a value out of range (a programmer's mistake or a corrupt row) grants nothing */
    if ((unsigned)have >= NROLES)
        return need == AUTH_GUEST;
    return have >= need;
}

/* Names and passwords. */

bool auth_user_name_is_valid(const char *name)
{
    size_t n;

    if (!name)
        return false;
    n = strlen(name);
    if (n < 2 || n > AUTH_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

enum cong_err auth_password_check(const char *pw, size_t len)
{
    size_t chars = 0;

    if (!pw)
        return CONG_EINVAL;
    if (len > AUTH_PASSWORD_MAX)
        return CONG_ETOOBIG;
    if (!text_is_utf8(pw, len))
        return CONG_EINVAL;
    /* characters, not bytes: every byte that does not continue a sequence starts one */
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)pw[i] & 0xC0) != 0x80;
    return chars >= AUTH_PASSWORD_MIN ? CONG_OK : CONG_EINVAL;
}

/* Secrets. */

void auth_secret_new(char out[AUTH_SECRET_LEN + 1])
{
    unsigned char bytes[AUTH_SECRET_BYTES];

    randombytes_buf(bytes, sizeof(bytes));
    sodium_bin2base64(out, AUTH_SECRET_LEN + 1, bytes, sizeof(bytes),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, sizeof(bytes));
}

static bool is_b64url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

bool auth_secret_is_well_formed(const char *s)
{
    size_t i;

    if (!s)
        return false;
    for (i = 0; i < AUTH_SECRET_LEN; i++) {
        if (!is_b64url(s[i]))
            return false; /* also stops at a NUL before the end */
    }
    return s[i] == '\0';
}

bool auth_secret_equal(const char *a, const char *b)
{
    size_t n;

    if (!a || !b)
        return false;
    n = strlen(a);
    /* the lengths of our secrets are public; only their bytes must not leak through time */
    if (strlen(b) != n)
        return false;
    return sodium_memcmp(a, b, n) == 0;
}

bool auth_token_is_well_formed(const char *t)
{
    size_t p = sizeof(AUTH_TOKEN_PREFIX) - 1;

    return t && !strncmp(t, AUTH_TOKEN_PREFIX, p) && auth_secret_is_well_formed(t + p);
}

void auth_wipe(void *p, size_t n)
{
    if (p)
        sodium_memzero(p, n);
}

void auth_hash_hex(const char *s, size_t n, char hex[AUTH_HASH_HEX + 1])
{
    unsigned char h[AUTH_HASH_HEX / 2];

    crypto_generichash(h, sizeof(h), (const unsigned char *)s, n, NULL, 0);
    sodium_bin2hex(hex, AUTH_HASH_HEX + 1, h, sizeof(h));
}

/* Throttling arithmetic. */

int64_t auth_throttle_lock_seconds(int64_t failures, int64_t threshold)
{
    int64_t lock = AUTH_THROTTLE_FIRST_LOCK;

    if (threshold < 1 || failures < threshold)
        return 0;
    for (int64_t i = threshold; i < failures && lock < AUTH_THROTTLE_MAX_LOCK; i++)
        lock *= 2;
    return lock < AUTH_THROTTLE_MAX_LOCK ? lock : AUTH_THROTTLE_MAX_LOCK;
}

int64_t auth_throttle_pace_seconds(int64_t failures)
{
    int64_t pace = AUTH_THROTTLE_FIRST_PACE;

    if (failures < AUTH_THROTTLE_PACE_AFTER)
        return 0;
    for (int64_t i = AUTH_THROTTLE_PACE_AFTER; i < failures && pace < AUTH_THROTTLE_MAX_PACE; i++)
        pace *= 2;
    return pace < AUTH_THROTTLE_MAX_PACE ? pace : AUTH_THROTTLE_MAX_PACE;
}

/* The service. */

enum cong_err auth_new(struct store *st, const struct auth_config *cfg, struct auth **out)
{
    struct auth *au;

    *out = NULL;
    /* safe to call again and from several threads; fails only without an entropy source */
    if (sodium_init() < 0)
        return CONG_EIO;
    au = calloc(1, sizeof(*au));
    if (!au)
        return CONG_ENOMEM;
    if (pthread_mutex_init(&au->dummy_lock, NULL) != 0) {
        free(au);
        return CONG_ENOMEM;
    }
    if (pthread_mutex_init(&au->views_lock, NULL) != 0) {
        (void)pthread_mutex_destroy(&au->dummy_lock);
        free(au);
        return CONG_ENOMEM;
    }
    au->store = st;
    au->now = cfg->now ? cfg->now : time_now;
    au->idle_timeout_s = cfg->idle_timeout_s > 0 ? cfg->idle_timeout_s : AUTH_IDLE_TIMEOUT_DEFAULT;
    au->absolute_timeout_s =
        cfg->absolute_timeout_s > 0 ? cfg->absolute_timeout_s : AUTH_ABSOLUTE_TIMEOUT_DEFAULT;
    au->https = cfg->https;
    au->weak_hash = cfg->weak_hash;
    *out = au;
    return CONG_OK;
}

void auth_free(struct auth *au)
{
    if (!au || au->root)
        return; /* a site's service lives as long as its root */
    for (size_t i = 0; i < au->nviews; i++)
        free(au->views[i]);
    free(au->views);
    (void)pthread_mutex_destroy(&au->views_lock);
    (void)pthread_mutex_destroy(&au->dummy_lock);
    free(au);
}

enum cong_err auth_for_site(struct auth *au, struct store *site, struct auth **out)
{
    struct auth *root = au->root ? au->root : au, *v = NULL, **grown;

    *out = NULL;
    if (site == root->store) {
        *out = root;
        return CONG_OK;
    }
    (void)pthread_mutex_lock(&root->views_lock);
    for (size_t i = 0; i < root->nviews && !v; i++) {
        if (root->views[i]->store == site)
            v = root->views[i];
    }
    if (!v && root->nviews == root->views_cap) {
        size_t cap = root->views_cap ? root->views_cap * 2 : 8;
        if ((grown = realloc(root->views, cap * sizeof(*grown)))) {
            root->views = grown;
            root->views_cap = cap;
        }
    }
    if (!v && root->nviews < root->views_cap && (v = calloc(1, sizeof(*v)))) {
        v->store = site;
        v->root = root;
        v->now = root->now;
        v->idle_timeout_s = root->idle_timeout_s;
        v->absolute_timeout_s = root->absolute_timeout_s;
        v->https = root->https;
        v->weak_hash = root->weak_hash;
        root->views[root->nviews++] = v;
    }
    (void)pthread_mutex_unlock(&root->views_lock);
    *out = v;
    return v ? CONG_OK : CONG_ENOMEM;
}

struct store *auth_store(const struct auth *au)
{
    return au->store;
}

int64_t auth_now(const struct auth *au)
{
    return au->now();
}

bool auth_is_https(const struct auth *au)
{
    return au->https;
}

const char *auth_session_cookie(const struct auth *au)
{
    return au && au->https ? AUTH_SESSION_COOKIE_HTTPS : AUTH_SESSION_COOKIE;
}

int64_t auth_session_lifetime(const struct auth *au)
{
    return au->absolute_timeout_s;
}

/* Passwords. */

enum cong_err auth_password_hash(const struct auth *au, const char *pw, size_t len,
                                 char out[AUTH_HASH_STR_MAX])
{
    _Static_assert(AUTH_HASH_STR_MAX >= crypto_pwhash_STRBYTES, "room for an argon2 string");
    unsigned long long ops =
        au->weak_hash ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = au->weak_hash ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;

    out[0] = '\0';
    /* crypto_pwhash_str uses argon2id, libsodium's default algorithm since 1.0.15 */
    if (crypto_pwhash_str(out, pw, len, ops, mem) != 0) {
        out[0] = '\0';
        return CONG_ENOMEM;
    }
    return CONG_OK;
}

bool auth_password_verify(const char *hash, const char *pw, size_t len)
{
    if (!hash || !*hash || !pw)
        return false;
    return crypto_pwhash_str_verify(hash, pw, len) == 0;
}

const char *auth_dummy_hash(struct auth *au)
{
    char pw[AUTH_SECRET_LEN + 1];
    const char *h = NULL;

    if (au->root)
        au = au->root; /* one for all sites */
    (void)pthread_mutex_lock(&au->dummy_lock);
    if (!au->dummy_hash[0]) {
        /* a password nobody knows, hashed at the cost real ones are */
        auth_secret_new(pw);
        (void)auth_password_hash(au, pw, AUTH_SECRET_LEN, au->dummy_hash);
        sodium_memzero(pw, sizeof(pw));
    }
    if (au->dummy_hash[0])
        h = au->dummy_hash;
    (void)pthread_mutex_unlock(&au->dummy_lock);
    return h;
}

/* Users. */

bool auth_user_from_store(const struct user *row, struct auth_user *u)
{
    enum auth_role role = AUTH_GUEST, home = AUTH_GUEST;

    memset(u, 0, sizeof(*u));
    /* no role on the site ("") is a user who may log in and do nothing there */
    if ((*row->role && (!auth_role_parse(row->role, &role) || role == AUTH_GUEST)) ||
        (row->default_role && *row->default_role &&
         (!auth_role_parse(row->default_role, &home) || home == AUTH_GUEST)))
        return false;
    /* the default site's admins manage every site */
    u->default_admin = home == AUTH_ADMIN;
    if (u->default_admin)
        role = AUTH_ADMIN;
    u->site_role = *row->role ? role : AUTH_GUEST;
    u->other_sites = row->other_sites;
    u->id = row->id;
    u->name = row->name;
    u->display_name = row->display_name;
    u->email = row->email ? row->email : "";
    u->unit = row->unit ? row->unit : "";
    u->role = role;
    u->disabled = row->disabled;
    u->created_at = row->created_at;
    return true;
}

struct auth_actor auth_actor_of(const struct auth_user *u, const char *ip)
{
    return (struct auth_actor){.user_id = u->id, .name = u->name, .ip = ip ? ip : ""};
}

/* Fills err for a password that failed auth_password_check with rc. */
static enum cong_err password_refused(enum cong_err rc, struct cong_error *err)
{
    if (rc == CONG_ETOOBIG)
        return cong_error_set(err, rc, "password too long (at most %d bytes)", AUTH_PASSWORD_MAX);
    return cong_error_set(err, rc, "password must be valid UTF-8 of at least %d characters",
                          AUTH_PASSWORD_MIN);
}

enum cong_err auth_user_add(struct auth *au, const struct auth_actor *by, const char *name,
                            enum auth_role role, const char *pw, size_t len, int64_t *id,
                            struct cong_error *err)
{
    char hash[AUTH_HASH_STR_MAX];
    struct user u = {0};
    int64_t new_id = 0;
    enum cong_err rc;

    if (id)
        *id = 0;
    if (!auth_user_name_is_valid(name))
        return cong_error_set(err, CONG_EINVAL,
                              "invalid user name '%s': use 2 to %d of a-z, 0-9, '.', '_' and "
                              "'-', starting with a letter or digit",
                              name ? name : "", AUTH_NAME_MAX);
    if (role == AUTH_GUEST || (unsigned)role >= NROLES)
        return cong_error_set(err, CONG_EINVAL,
                              "a user's role must be member, author, editor, "
                              "publisher or admin");
    if ((rc = auth_password_check(pw, len)) != CONG_OK)
        return password_refused(rc, err);
    if ((rc = auth_password_hash(au, pw, len, hash)) != CONG_OK)
        return cong_error_set(err, rc, "cannot hash the password: out of memory");
    u.name = name;
    u.role = auth_role_name(role);
    u.password_hash = hash;
    u.created_at = au->now();
    rc = store_add_user(au->store, &u, &new_id);
    sodium_memzero(hash, sizeof(hash));
    if (rc == CONG_EEXIST)
        return cong_error_set(err, rc, "user '%s' already exists", name);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, "cannot add user '%s': %s", name, cong_strerror(rc));
    auth_audit_or_log(au, by, "user_created", name, auth_role_name(role));
    if (id)
        *id = new_id;
    return CONG_OK;
}

enum cong_err auth_user_set_password(struct auth *au, const struct auth_actor *by, const char *name,
                                     const char *pw, size_t len, struct cong_error *err)
{
    char hash[AUTH_HASH_STR_MAX];
    struct arena a;
    struct user u;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = store_get_user_by_name(au->store, &a, name, &u);
    if (rc == CONG_ENOTFOUND) {
        cong_error_set(err, rc, "no user '%s'", name ? name : "");
        goto out;
    }
    if (rc != CONG_OK) {
        cong_error_set(err, rc, "cannot read user '%s': %s", name, cong_strerror(rc));
        goto out;
    }
    if ((rc = auth_password_check(pw, len)) != CONG_OK) {
        password_refused(rc, err);
        goto out;
    }
    if ((rc = auth_password_hash(au, pw, len, hash)) != CONG_OK) {
        cong_error_set(err, rc, "cannot hash the password: out of memory");
        goto out;
    }
    /* the store ends every session of the user in the same transaction */
    rc = store_set_user_password(au->store, u.id, hash, au->now());
    sodium_memzero(hash, sizeof(hash));
    if (rc != CONG_OK) {
        cong_error_set(err, rc, "cannot change the password of '%s': %s", name, cong_strerror(rc));
        goto out;
    }
    auth_audit_or_log(au, by, "password_changed", u.name, NULL);
out:
    arena_release(&a);
    return rc;
}

enum cong_err auth_user_set_role(struct auth *au, const struct auth_actor *by, int64_t id,
                                 enum auth_role role)
{
    struct arena a;
    struct user u;
    const char *detail;
    enum cong_err rc;

    if ((unsigned)role >= NROLES)
        return CONG_EINVAL;
    arena_init(&a, 0);
    if ((rc = store_get_user(au->store, &a, id, &u)) != CONG_OK)
        goto out;
    if ((rc = store_set_user_role(au->store, id, role == AUTH_GUEST ? "" : auth_role_name(role))) !=
        CONG_OK)
        goto out;
    detail = arena_printf(&a, "%s -> %s", *u.role ? u.role : "-",
                          role == AUTH_GUEST ? "-" : auth_role_name(role));
    auth_audit_or_log(au, by, "user_role_changed", u.name, detail ? detail : "");
out:
    arena_release(&a);
    return rc;
}

enum cong_err auth_user_set_disabled(struct auth *au, const struct auth_actor *by, int64_t id,
                                     bool disabled)
{
    struct arena a;
    struct user u;
    enum cong_err rc;

    arena_init(&a, 0);
    if ((rc = store_get_user(au->store, &a, id, &u)) != CONG_OK)
        goto out;
    if ((rc = store_set_user_disabled(au->store, id, disabled)) != CONG_OK)
        goto out;
    auth_audit_or_log(au, by, disabled ? "user_disabled" : "user_enabled", u.name, NULL);
out:
    arena_release(&a);
    return rc;
}

enum cong_err auth_user_list(struct auth *au, struct arena *a, bool site_only,
                             struct auth_user **out, size_t *n)
{
    struct user *rows;
    struct auth_user *users = NULL;
    size_t nrows, count = 0;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if ((rc = store_list_users(au->store, a, site_only, &rows, &nrows)) != CONG_OK)
        return rc;
    if (nrows) {
        users = arena_alloc(a, nrows * sizeof(*users)); /* nrows * sizeof(struct user) fit */
        if (!users)
            return CONG_ENOMEM;
    }
    for (size_t i = 0; i < nrows; i++) {
        /* a row with a role this binary does not know is left out, not shown as a guest */
        if (auth_user_from_store(&rows[i], &users[count]))
            count++;
    }
    *out = count ? users : NULL;
    *n = count;
    return CONG_OK;
}

enum cong_err auth_user_get(struct auth *au, struct arena *a, int64_t id, struct auth_user *out)
{
    struct user row;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if ((rc = store_get_user(au->store, a, id, &row)) != CONG_OK)
        return rc;
    return auth_user_from_store(&row, out) ? CONG_OK : CONG_ENOTFOUND;
}

/* The audit log. */

enum cong_err auth_audit(struct auth *au, const struct auth_actor *by, const char *action,
                         const char *target, const char *detail)
{
    struct audit_entry e = {
        .at = au->now(),
        .user_id = by ? by->user_id : 0,
        .user_name = by ? by->name : NULL,
        .ip = by ? by->ip : NULL,
        .action = action,
        .target = target,
        .detail = detail,
    };

    return store_add_audit(au->store, &e);
}

void auth_audit_or_log(struct auth *au, const struct auth_actor *by, const char *action,
                       const char *target, const char *detail)
{
    enum cong_err rc = auth_audit(au, by, action, target, detail);

    if (rc != CONG_OK)
        log_error("cannot write '%s' to the audit log: %s", action, cong_strerror(rc));
}

enum cong_err auth_audit_list(struct auth *au, struct arena *a, size_t offset, size_t limit,
                              struct audit_entry **out, size_t *n, size_t *total)
{
    return store_list_audit(au->store, a, offset, limit, out, n, total);
}
