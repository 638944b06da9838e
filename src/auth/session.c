/*
 * Logins and sessions. A login checks the throttling locks, verifies the password (doing the
 * same argon2 work for a name nobody has), counts failures against the name, the client
 * address and the two together (auth.h has the rules), and on success makes a session with
 * a new random id: the browser holds the id, the store only its hash, so a copy of the
 * database opens no session. A session ends after
 * an idle or an absolute timeout, at logout, or when its user's password changes or the user
 * is disabled (the store deletes them in the same transaction).
 */
#include "auth_int.h"

#include <sodium.h>
#include <string.h>

/* The most bytes of a User-Agent kept with a session. */
#define UA_MAX 256

/* The room for a throttling key: a prefix of at most 5 bytes and a hash. */
#define KEY_MAX (5 + AUTH_HASH_HEX + 1)

/*
 * The throttling key of a login name: a hash, so that the table never holds what someone
 * typed into the name field (now and then a password) and every key has the same size.
 */
static void name_key(const char *name, char key[KEY_MAX])
{
    memcpy(key, "name:", 5);
    auth_hash_hex(name, strlen(name), key + 5);
}

/* The key of a login name tried from address ip: a hash of both, for the same reason. */
static enum cong_err pair_key(struct arena *a, const char *name, const char *ip, char key[KEY_MAX])
{
    size_t nn = strlen(name), ni = strlen(ip);
    char *both = arena_alloc(a, nn + 1 + ni);

    if (!both)
        return CONG_ENOMEM;
    /* a NUL between them: no name and address run together into another pair */
    memcpy(both, name, nn);
    both[nn] = '\0';
    memcpy(both + nn + 1, ip, ni);
    memcpy(key, "pair:", 5);
    auth_hash_hex(both, nn + 1 + ni, key + 5);
    auth_wipe(both, nn + 1 + ni);
    return CONG_OK;
}

/* The record under key (all zero if there is none). */
static enum cong_err record_of(struct auth *au, const char *key, struct login_failure *f)
{
    enum cong_err rc = store_get_login_failure(au->store, key, f);

    return rc == CONG_ENOTFOUND ? CONG_OK : rc;
}

/* Counts a failure under key and sets *count to the new number of failures. */
static enum cong_err count_failure(struct auth *au, const char *key, int64_t now, int64_t *count)
{
    return store_add_login_failure(au->store, key, now, now - AUTH_THROTTLE_FORGET, count);
}

/* Locks key for lock seconds from now, if lock is not 0. */
static enum cong_err lock_for(struct auth *au, const char *key, int64_t now, int64_t lock)
{
    return lock > 0 ? store_lock_login(au->store, key, now + lock) : CONG_OK;
}

/* The keys one login attempt is counted under. */
struct login_keys {
    char name[KEY_MAX]; /* the name, from every address */
    char pair[KEY_MAX]; /* the name from this address */
    const char *ip;     /* this address, whatever the name */
};

/*
 * Whether the attempt may go on to the password: sets out's outcome to LOCKED (the address is
 * locked out of this name or of every name) or SLOWED (the name is being slowed and this
 * address has not logged in to it lately), with the wait, and leaves it BAD otherwise.
 */
static enum cong_err check_locks(struct auth *au, const struct login_keys *k, int64_t now,
                                 struct auth_login *out)
{
    struct login_failure pair, ip, name;
    int64_t until;
    enum cong_err rc;

    if ((rc = record_of(au, k->pair, &pair)) != CONG_OK ||
        (rc = record_of(au, k->ip, &ip)) != CONG_OK)
        return rc;
    until = pair.locked_until > ip.locked_until ? pair.locked_until : ip.locked_until;
    if (until > now) {
        out->outcome = AUTH_LOGIN_LOCKED;
        out->retry_after = until - now;
        return CONG_OK;
    }
    /* the owner, from where they have logged in before, is never slowed by an attack */
    if (pair.last_success_at > 0 && pair.last_success_at >= now - AUTH_THROTTLE_TRUST)
        return CONG_OK;
    if ((rc = record_of(au, k->name, &name)) != CONG_OK)
        return rc;
    if (name.locked_until > now) {
        out->outcome = AUTH_LOGIN_SLOWED;
        out->retry_after = name.locked_until - now;
    }
    return CONG_OK;
}

/*
 * Counts a failed attempt under its three keys and locks or slows what it brings to the
 * limit: out's outcome becomes LOCKED if this address is now locked out. *detail gets the
 * audit log's reason for a lock (NULL: no lock).
 */
static enum cong_err count_failures(struct auth *au, const struct login_keys *k, int64_t now,
                                    struct auth_login *out, const char **detail)
{
    int64_t pairs, ips, names, plock, ilock;
    enum cong_err rc;

    *detail = NULL;
    if ((rc = count_failure(au, k->pair, now, &pairs)) != CONG_OK ||
        (rc = count_failure(au, k->ip, now, &ips)) != CONG_OK ||
        (rc = count_failure(au, k->name, now, &names)) != CONG_OK)
        return rc;
    plock = auth_throttle_lock_seconds(pairs, AUTH_THROTTLE_PAIR_AFTER);
    ilock = auth_throttle_lock_seconds(ips, AUTH_THROTTLE_ADDRESS_AFTER);
    if ((rc = lock_for(au, k->pair, now, plock)) != CONG_OK ||
        (rc = lock_for(au, k->ip, now, ilock)) != CONG_OK ||
        (rc = lock_for(au, k->name, now, auth_throttle_pace_seconds(names))) != CONG_OK)
        return rc;
    if (plock > 0 || ilock > 0) {
        out->outcome = AUTH_LOGIN_LOCKED;
        out->retry_after = plock > ilock ? plock : ilock;
        *detail = ilock > 0 ? "client address locked" : "account locked for this address";
    }
    return CONG_OK;
}

/* Makes a new session for u and fills out; the id goes to out->cookie. */
static enum cong_err session_start(struct auth *au, struct arena *a, const struct auth_user *u,
                                   const char *ip, const char *user_agent, struct auth_login *out)
{
    char id[AUTH_SECRET_LEN + 1], csrf[AUTH_SECRET_LEN + 1], hash[AUTH_HASH_HEX + 1];
    size_t ua_len = user_agent ? strlen(user_agent) : 0;
    struct session s = {0};
    int64_t now = au->now();
    enum cong_err rc;

    if (ua_len > UA_MAX)
        ua_len = UA_MAX;
    auth_secret_new(id);
    auth_secret_new(csrf);
    auth_hash_hex(id, AUTH_SECRET_LEN, hash);
    s.id_hash = hash;
    s.user_id = u->id;
    s.csrf_token = csrf;
    s.created_at = now;
    s.ip = ip;
    /* kept for the user's own list of sessions; bytes that are not text are not kept */
    s.user_agent =
        ua_len && text_is_utf8(user_agent, ua_len) ? arena_strndup(a, user_agent, ua_len) : "";
    rc = s.user_agent ? store_add_session(au->store, &s) : CONG_ENOMEM;
    if (rc == CONG_OK) {
        out->cookie = arena_strdup(a, id);
        out->session.user = *u;
        out->session.id_hash = arena_strdup(a, hash);
        out->session.csrf = arena_strdup(a, csrf);
        out->session.created_at = now;
        out->session.last_seen_at = now;
        if (!out->cookie || !out->session.id_hash || !out->session.csrf)
            rc = CONG_ENOMEM;
    }
    sodium_memzero(id, sizeof(id));
    sodium_memzero(csrf, sizeof(csrf));
    return rc;
}

/* Deletes what has expired, now and then: at each login, which is rare enough. */
static void prune(struct auth *au, int64_t now)
{
    enum cong_err rc;

    rc = store_delete_expired_sessions(au->store, now - au->idle_timeout_s,
                                       now - au->absolute_timeout_s);
    if (rc == CONG_OK)
        rc = store_delete_old_login_failures(au->store, now - AUTH_THROTTLE_FORGET,
                                             now - AUTH_THROTTLE_TRUST, now);
    if (rc != CONG_OK)
        log_warn("cannot delete expired sessions: %s", cong_strerror(rc));
}

enum cong_err auth_login(struct auth *au, struct arena *a, const char *name, const char *pw,
                         size_t len, const char *ip, const char *user_agent, const char *old_cookie,
                         struct auth_login *out)
{
    struct login_keys k;
    const char *hash, *locked;
    struct user row;
    struct auth_user u = {0};
    struct auth_actor who = {.name = "", .ip = ip ? ip : ""};
    struct auth_session old;
    int64_t now = au->now();
    bool known = false, ok = false;
    enum cong_err rc, rc2;

    memset(out, 0, sizeof(*out));
    out->outcome = AUTH_LOGIN_BAD;
    name = name ? name : "";
    name_key(name, k.name);
    k.ip = arena_printf(a, "ip:%s", who.ip);
    if (!k.ip || pair_key(a, name, who.ip, k.pair) != CONG_OK)
        return CONG_ENOMEM;

    /* a locked or slowed attempt is refused before the password is even looked at */
    if ((rc = check_locks(au, &k, now, out)) != CONG_OK)
        return rc;
    if (out->outcome != AUTH_LOGIN_BAD)
        return CONG_OK;

    if (auth_user_name_is_valid(name)) {
        rc = store_get_user_by_name(au->store, a, name, &row);
        if (rc != CONG_OK && rc != CONG_ENOTFOUND)
            return rc;
        known = rc == CONG_OK && auth_user_from_store(&row, &u);
    }
    if (known) {
        ok = auth_password_verify(row.password_hash, pw, len) && !u.disabled;
        who = auth_actor_of(&u, who.ip);
    } else {
        /* the same work as for a real user, so the time taken tells nothing about the name */
        hash = auth_dummy_hash(au);
        if (hash)
            (void)auth_password_verify(hash, pw, len);
    }

    if (!ok) {
        if ((rc = count_failures(au, &k, now, out, &locked)) != CONG_OK)
            return rc;
        /* the name is recorded only when it is a user's: an unknown "name" may be a password
         * typed into the wrong field */
        auth_audit_or_log(au, &who, "login_failed", known ? u.name : "",
                          !known       ? "unknown user"
                          : u.disabled ? "user disabled"
                                       : "wrong password");
        if (locked)
            auth_audit_or_log(au, &who, "login_locked", known ? u.name : "", locked);
        return CONG_OK;
    }

    /* never keep an id the client brought: a planted cookie must not become a session */
    if (old_cookie && auth_session_find(au, a, old_cookie, &old) == CONG_OK &&
        (rc2 = store_delete_session(au->store, old.id_hash)) != CONG_OK)
        log_warn("cannot end the previous session: %s", cong_strerror(rc2));
    prune(au, now);
    /* the owner is in: the attack on the name is forgotten, and this address is trusted */
    if ((rc = store_clear_login_failures(au->store, k.name)) != CONG_OK ||
        (rc = store_add_login_success(au->store, k.pair, now)) != CONG_OK)
        return rc;
    if ((rc = session_start(au, a, &u, who.ip, user_agent, out)) != CONG_OK)
        return rc;
    out->outcome = AUTH_LOGIN_OK;
    auth_audit_or_log(au, &who, "login", u.name, NULL);
    return CONG_OK;
}

enum cong_err auth_session_find(struct auth *au, struct arena *a, const char *cookie,
                                struct auth_session *out)
{
    char hash[AUTH_HASH_HEX + 1];
    struct session s;
    struct user row;
    int64_t now;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if (!auth_secret_is_well_formed(cookie))
        return CONG_ENOTFOUND;
    auth_hash_hex(cookie, AUTH_SECRET_LEN, hash);
    if ((rc = store_get_session(au->store, a, hash, &s, &row)) != CONG_OK)
        return rc;
    now = au->now();
    if (now - s.last_seen_at >= au->idle_timeout_s ||
        now - s.created_at >= au->absolute_timeout_s) {
        rc = store_delete_session(au->store, s.id_hash);
        if (rc != CONG_OK)
            log_warn("cannot delete an expired session: %s", cong_strerror(rc));
        return CONG_ENOTFOUND;
    }
    /* the store ends a disabled user's sessions; this guards a row written meanwhile */
    if (!auth_user_from_store(&row, &out->user) || out->user.disabled) {
        memset(out, 0, sizeof(*out));
        return CONG_ENOTFOUND;
    }
    /* a write per request would serialize every page on the database's write lock; a
     * minute's precision is plenty for a timeout counted in hours */
    if (now - s.last_seen_at >= AUTH_TOUCH_INTERVAL) {
        rc = store_touch_session(au->store, s.id_hash, now);
        if (rc != CONG_OK)
            log_warn("cannot record a session's use: %s", cong_strerror(rc));
        s.last_seen_at = now;
    }
    out->id_hash = s.id_hash;
    out->csrf = s.csrf_token;
    out->created_at = s.created_at;
    out->last_seen_at = s.last_seen_at;
    return CONG_OK;
}

enum cong_err auth_logout(struct auth *au, const struct auth_session *s, const char *ip)
{
    struct auth_actor who = auth_actor_of(&s->user, ip);
    enum cong_err rc;

    if ((rc = store_delete_session(au->store, s->id_hash)) != CONG_OK)
        return rc;
    auth_audit_or_log(au, &who, "logout", s->user.name, NULL);
    return CONG_OK;
}

bool auth_csrf_is_valid(const struct auth_session *s, const char *presented)
{
    return s && s->csrf && auth_secret_is_well_formed(presented) &&
           auth_secret_equal(s->csrf, presented);
}
