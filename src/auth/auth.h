/*
 * The auth module: who may do what. It owns roles and their order, password hashing
 * (libsodium argon2id), sessions (random ids known to the store only by their hash, idle and
 * absolute timeouts), CSRF tokens, login throttling, API tokens and the audit log. It decides
 * and records through the store; it knows nothing of HTTP: handlers pass it names, secrets,
 * cookie values and addresses, and turn its answers into pages. Secrets it is handed are
 * compared in constant time, and what it generates is wiped once copied out.
 */
#ifndef CONG_AUTH_H
#define CONG_AUTH_H

#include "../core/core.h"
#include "../store/store.h"

/* Roles, in order: each may do what the ones before it may. */
enum auth_role {
    AUTH_GUEST = 0, /* not logged in; never stored */
    AUTH_MEMBER,
    AUTH_AUTHOR,
    AUTH_EDITOR,
    AUTH_PUBLISHER,
    AUTH_ADMIN,
};

/* "guest", "member", ... "admin"; "guest" for a value out of range. */
const char *auth_role_name(enum auth_role r);
/* The role's name for pages in the current language ("Quản trị viên", "Administrator"). */
const char *auth_role_label(enum auth_role r);
/* Parses one of the six names (exact, lowercase); false for anything else, *out untouched. */
bool auth_role_parse(const char *name, enum auth_role *out);
/* True if a user with role have may do what role need may. */
bool auth_role_at_least(enum auth_role have, enum auth_role need);

/* Names and passwords. */

#define AUTH_NAME_MAX     64   /* bytes of a login name */
#define AUTH_PASSWORD_MIN 10   /* characters (code points), not bytes */
#define AUTH_PASSWORD_MAX 1024 /* bytes */
#define AUTH_HASH_STR_MAX 128  /* room for an argon2id string (crypto_pwhash_STRBYTES) */

/* True if name is 2..64 of a-z, 0-9, '.', '_', '-', beginning with a letter or digit. */
bool auth_user_name_is_valid(const char *name);
/*
 * Checks a password for use: CONG_EINVAL if it is not UTF-8 or has fewer than
 * AUTH_PASSWORD_MIN characters, CONG_ETOOBIG past AUTH_PASSWORD_MAX bytes.
 */
enum cong_err auth_password_check(const char *pw, size_t len);

/* Secrets: random values as URL-safe base64 without padding. */

#define AUTH_SECRET_BYTES 32
#define AUTH_SECRET_LEN   43 /* base64url characters of AUTH_SECRET_BYTES */
#define AUTH_TOKEN_PREFIX "cong_"
#define AUTH_TOKEN_LEN    (5 + AUTH_SECRET_LEN)
#define AUTH_HASH_HEX     64 /* the stored form of a session id or token: BLAKE2b-256 in hex */

/* Fills out with a new random secret (AUTH_SECRET_LEN characters and a NUL). */
void auth_secret_new(char out[AUTH_SECRET_LEN + 1]);
/* True if s is exactly AUTH_SECRET_LEN base64url characters. */
bool auth_secret_is_well_formed(const char *s);
/* Constant-time equality of two NUL-terminated secrets; false if either is NULL. */
bool auth_secret_equal(const char *a, const char *b);
/* True if t is "cong_" and AUTH_SECRET_LEN base64url characters. */
bool auth_token_is_well_formed(const char *t);
/* Overwrites n bytes at p with zeros, in a way the compiler cannot drop: for passwords and
 * secrets once used. Accepts NULL. */
void auth_wipe(void *p, size_t n);

/*
 * Login throttling: the rules, as pure arithmetic (the store keeps the counts). Failures are
 * counted under three keys, so that nobody can lock an owner out of their own account:
 * - an account and one address: after AUTH_THROTTLE_PAIR_AFTER failures that address is
 *   locked out of that account (15 minutes, doubling up to a day); other addresses are not;
 * - an address, whatever the names: after AUTH_THROTTLE_ADDRESS_AFTER failures the address
 *   is locked out of every account, the same way;
 * - an account, from every address: never a lock, but after AUTH_THROTTLE_PACE_AFTER
 *   failures each failure makes the next try wait a few seconds (auth_throttle_pace_seconds),
 *   except from an address the account logged in from within AUTH_THROTTLE_TRUST.
 */

#define AUTH_THROTTLE_PAIR_AFTER    5  /* failures at one account from one address that lock */
#define AUTH_THROTTLE_ADDRESS_AFTER 20 /* failures from one address, any names, that lock it */
#define AUTH_THROTTLE_PACE_AFTER    10 /* failures at one account that slow its tries */
#define AUTH_THROTTLE_FIRST_LOCK    (15 * 60)
#define AUTH_THROTTLE_MAX_LOCK      (24 * 3600)
#define AUTH_THROTTLE_FIRST_PACE    1 /* seconds */
#define AUTH_THROTTLE_MAX_PACE      8
#define AUTH_THROTTLE_FORGET        (24 * 3600)      /* failures this old no longer count */
#define AUTH_THROTTLE_TRUST         (30 * 24 * 3600) /* a login this recent is not slowed */

/*
 * How long a key is locked after its failures-th failure in a row, where threshold failures
 * bring the first lock: 0 before that, then AUTH_THROTTLE_FIRST_LOCK, doubling with each
 * further failure up to AUTH_THROTTLE_MAX_LOCK.
 */
int64_t auth_throttle_lock_seconds(int64_t failures, int64_t threshold);
/*
 * How long the next try at an account must wait after the account's failures-th failure
 * (from any address): 0 before AUTH_THROTTLE_PACE_AFTER, then AUTH_THROTTLE_FIRST_PACE,
 * doubling with each further failure up to AUTH_THROTTLE_MAX_PACE.
 */
int64_t auth_throttle_pace_seconds(int64_t failures);

/* The service. */

struct auth;

struct auth_config {
    int64_t (*now)(void);       /* the clock; NULL means time_now */
    int64_t idle_timeout_s;     /* a session unused this long ends; 0: 2 hours */
    int64_t absolute_timeout_s; /* a session this old ends; 0: 12 hours */
    bool https;                 /* the site is served over https: cookies get Secure */
    /*
     * Tests only: hash new passwords with libsodium's minimum cost instead of the interactive
     * one (verification reads the cost from each stored hash, so both kinds verify).
     */
    bool weak_hash;
};

#define AUTH_IDLE_TIMEOUT_DEFAULT     (2 * 3600)
#define AUTH_ABSOLUTE_TIMEOUT_DEFAULT (12 * 3600)

/*
 * Makes the service over st (kept by reference until auth_free). CONG_EIO if libsodium
 * cannot start (no entropy source), CONG_ENOMEM.
 */
enum cong_err auth_new(struct store *st, const struct auth_config *cfg, struct auth **out);
/* Accepts NULL; does nothing to a site's service (it goes with its root). */
void auth_free(struct auth *au);
/*
 * The service deciding for one site, whose store handle is site (store_for_site): sessions
 * made through it are found only through it, roles are the site's, audit entries the site's.
 * Same configuration as au; lives as long as au's root; the same pointer for the same site.
 * The service auth_new made decides for the store it was given. CONG_ENOMEM.
 */
enum cong_err auth_for_site(struct auth *au, struct store *site, struct auth **out);
/* The store handle of the site au decides for. */
struct store *auth_store(const struct auth *au);
/* The clock the service uses. */
int64_t auth_now(const struct auth *au);
/* Whether cookies must carry Secure; the absolute session lifetime, for the cookie's Max-Age. */
bool auth_is_https(const struct auth *au);
int64_t auth_session_lifetime(const struct auth *au);

/*
 * Hashes a password that passed auth_password_check into out (a NUL-terminated argon2id
 * string). CONG_ENOMEM if argon2 cannot get its memory.
 */
enum cong_err auth_password_hash(const struct auth *au, const char *pw, size_t len,
                                 char out[AUTH_HASH_STR_MAX]);
/* True if pw matches hash (constant time in pw); false for a malformed hash. */
bool auth_password_verify(const char *hash, const char *pw, size_t len);

/*
 * A user as the rest of Cổng sees it: the store's row with its role on the service's site
 * parsed. Users are global and roles per site: role is what the user may do on the site
 * (AUTH_GUEST: nothing, though logged in); an admin of the default site is an admin on every
 * site (default_admin), and manages sites.
 */
struct auth_user {
    int64_t id;
    const char *name;
    const char *display_name; /* the full name ("" unset) */
    const char *email;        /* "" unset */
    const char *unit;         /* the unit the person works in ("" unset) */
    enum auth_role role;      /* effective on the site */
    enum auth_role site_role; /* given on the site itself (AUTH_GUEST: none) */
    bool default_admin;
    int64_t other_sites; /* how many other sites it has a role on */
    bool disabled;
    int64_t created_at;
};

/* Who does something, and from where, for the audit log. user_id 0: nobody logged in. */
struct auth_actor {
    int64_t user_id;
    const char *name; /* e.g. "cli" for the command line */
    const char *ip;   /* "" when there is no address */
};

/* The actor for user u acting from ip. */
struct auth_actor auth_actor_of(const struct auth_user *u, const char *ip);

/* Users. Each change is written to the audit log as done by `by`. */

/*
 * Adds a user. CONG_EINVAL (err says which) for a bad name, a guest role or a password that
 * fails auth_password_check; CONG_ETOOBIG for an overlong password; CONG_EEXIST if the name
 * is taken. *id (may be NULL) gets the new id.
 */
enum cong_err auth_user_add(struct auth *au, const struct auth_actor *by, const char *name,
                            enum auth_role role, const char *pw, size_t len, int64_t *id,
                            struct cong_error *err);
/*
 * Sets user name's password and ends all the user's sessions. CONG_ENOTFOUND if there is no
 * such user; CONG_EINVAL or CONG_ETOOBIG (err says why) for a password that fails the check.
 */
enum cong_err auth_user_set_password(struct auth *au, const struct auth_actor *by, const char *name,
                                     const char *pw, size_t len, struct cong_error *err);
/* The user's role on the site; AUTH_GUEST takes it away. CONG_ENOTFOUND if there is no
   user id. */
enum cong_err auth_user_set_role(struct auth *au, const struct auth_actor *by, int64_t id,
                                 enum auth_role role);
/* Disabling ends all the user's sessions (tokens stop working while disabled). */
enum cong_err auth_user_set_disabled(struct auth *au, const struct auth_actor *by, int64_t id,
                                     bool disabled);
/* All users by name (site_only: those with a role on the site), from a. */
enum cong_err auth_user_list(struct auth *au, struct arena *a, bool site_only,
                             struct auth_user **out, size_t *n);
/* CONG_ENOTFOUND if there is none. */
enum cong_err auth_user_get(struct auth *au, struct arena *a, int64_t id, struct auth_user *out);

/* Sessions. */

#define AUTH_SESSION_COOKIE "cong_session"
/* Its name over https: a browser keeps a __Host- cookie only when it is Secure, has Path=/ and
   no Domain, so no other host (a sibling subdomain) can plant or shadow it. */
#define AUTH_SESSION_COOKIE_HTTPS "__Host-cong_session"
/* The session cookie's name for au: AUTH_SESSION_COOKIE_HTTPS when the site is served over
   https, else AUTH_SESSION_COOKIE (au NULL included). Every reader and writer asks here. */
const char *auth_session_cookie(const struct auth *au);
/*
 * The login form's double-submit token: whoever renders a login form sets this cookie
 * (HttpOnly, SameSite=Strict, Path=/dang-nhap) to a value from auth_secret_new and writes the
 * same value in the form's "csrf" field; POST /dang-nhap accepts only the two together.
 */
#define AUTH_LOGIN_CSRF_COOKIE "cong_login_csrf"

/* A live session and its user, from the arena of the request that found it. */
struct auth_session {
    struct auth_user user;
    const char *id_hash;
    const char *csrf; /* the token this session's forms and API calls must carry */
    int64_t created_at;
    int64_t last_seen_at;
};

enum auth_login_outcome {
    AUTH_LOGIN_OK,
    AUTH_LOGIN_BAD,    /* unknown name, wrong password or disabled user: one answer for all */
    AUTH_LOGIN_LOCKED, /* too many failures from this address, at this name or at any */
    AUTH_LOGIN_SLOWED, /* the name is under attack: wait a few seconds before the next try */
};

struct auth_login {
    enum auth_login_outcome outcome;
    int64_t retry_after;         /* LOCKED, SLOWED: seconds until the next try may come */
    const char *cookie;          /* OK: the new session id for the cookie, from the arena */
    struct auth_session session; /* OK: the new session */
};

/*
 * Tries to log in name with password pw from address ip (user_agent is kept with the
 * session). Checks the locks first: if ip is locked out of name or of every name, the outcome
 * is LOCKED, and if name is being slowed and ip has not logged in to it within
 * AUTH_THROTTLE_TRUST, SLOWED; either way the password is not looked at. Then it verifies the
 * password, with the same argon2 work for an unknown name; each failure counts against the
 * name and address together, the address and the name (see the throttling rules above).
 * On success the session gets a new random id whatever the client sent before (old_cookie,
 * which may be NULL, is ended if it named a session), the name's failures and those of the
 * name from ip are forgotten, and ip is remembered as one the name logs in from.
 * Logins and failures go to the audit log. The outcome is in out; the return value is
 * CONG_OK unless the store failed (CONG_ESTORE, CONG_EBUSY, CONG_ENOMEM).
 */
enum cong_err auth_login(struct auth *au, struct arena *a, const char *name, const char *pw,
                         size_t len, const char *ip, const char *user_agent, const char *old_cookie,
                         struct auth_login *out);
/*
 * The live session the cookie value names, with its user, touched (at most once a minute).
 * CONG_ENOTFOUND if cookie is NULL, malformed, unknown, past its idle or absolute timeout
 * (then deleted) or its user is disabled; other codes when the store failed.
 */
enum cong_err auth_session_find(struct auth *au, struct arena *a, const char *cookie,
                                struct auth_session *out);
/* Ends session s (logout) and writes it to the audit log. */
enum cong_err auth_logout(struct auth *au, const struct auth_session *s, const char *ip);
/* True if presented is session s's CSRF token (constant time). */
bool auth_csrf_is_valid(const struct auth_session *s, const char *presented);

/* API tokens. */

/*
 * Creates a token for user_name and writes its secret into secret ("cong_..." and a NUL):
 * the only time it exists outside the client, as only its hash is stored. CONG_ENOTFOUND if
 * there is no such user.
 */
enum cong_err auth_token_create(struct auth *au, const struct auth_actor *by, const char *user_name,
                                int64_t *id, char secret[AUTH_TOKEN_LEN + 1]);
/* Every token (never a secret), by id. */
enum cong_err auth_token_list(struct auth *au, struct arena *a, struct api_token **out, size_t *n);
/* CONG_ENOTFOUND if there is no such token not yet revoked. */
enum cong_err auth_token_revoke(struct auth *au, const struct auth_actor *by, int64_t id);
/*
 * The user of token (as sent in "Authorization: Bearer"), touching its last use (at most
 * once a minute). CONG_ENOTFOUND if it is malformed, unknown, revoked or its user disabled.
 */
enum cong_err auth_token_find(struct auth *au, struct arena *a, const char *token,
                              struct auth_user *out);

/*
 * Accounts that help themselves (account.c). Reset links are AUTH_SECRET_LEN random
 * characters, stored only as their hash, good once and for AUTH_RESET_TTL seconds; a request
 * for one is throttled per address asked for and per client address, whether the address
 * belongs to anyone or not, so the answer never tells.
 */
#define AUTH_PROFILE_TEXT_MAX 200        /* characters of a full name or a unit */
#define AUTH_RESET_TTL        3600       /* seconds a reset link works */
#define AUTH_RESET_PER_EMAIL  3          /* requests per address asked for, per hour */
#define AUTH_RESET_PER_IP     10         /* requests per client address, per hour */
#define AUTH_RESET_USERS_MAX  5          /* accounts one address may reset at once */

/*
 * Sets user id's full name, e-mail and unit (NULL or "": none), checked: texts UTF-8 without
 * control characters, names and units up to AUTH_PROFILE_TEXT_MAX characters, the e-mail a
 * plain address (mail_address_is_valid). CONG_EINVAL with err->field ("display_name",
 * "email", "unit") and a Vietnamese err->msg; CONG_ENOTFOUND. Audited as "user_profile_changed".
 */
enum cong_err auth_user_set_profile(struct auth *au, const struct auth_actor *by, int64_t id,
                                    const char *display_name, const char *email,
                                    const char *unit, struct cong_error *err);
/*
 * The logged-in user of session s changes her password: current must be her password
 * (CONG_EPERM otherwise, audited as "password_change_failed"), next must pass
 * auth_password_check (CONG_EINVAL, CONG_ETOOBIG); then every other session of hers, on every
 * site, ends, and s stays. Audited as "password_changed". err->msg is Vietnamese.
 */
enum cong_err auth_password_change(struct auth *au, const struct auth_session *s,
                                   const char *current, size_t current_len, const char *next,
                                   size_t next_len, const char *ip, struct cong_error *err);

/* A reset link made for one account: the secret for the link (its only copy) and whose. */
struct auth_reset {
    char secret[AUTH_SECRET_LEN + 1];
    const char *name;         /* the login name, from the arena */
    const char *display_name; /* from the arena */
};
/*
 * A request to reset the password of the account(s) with e-mail email, from ip. CONG_EBUSY
 * when AUTH_RESET_PER_EMAIL requests for that address or AUTH_RESET_PER_IP from ip came in the
 * last hour (counted before anything is looked up, so the answer is the same for every
 * address). Otherwise CONG_OK, and out (from a) holds one new link per enabled account with
 * that e-mail (*n may be 0), each audited as "password_reset_requested". Wipe the secrets
 * once sent.
 */
enum cong_err auth_reset_request(struct auth *au, struct arena *a, const char *email,
                                 const char *ip, struct auth_reset **out, size_t *n);
/* CONG_OK if token names a reset link that is unused and unexpired, else CONG_ENOTFOUND. */
enum cong_err auth_reset_check(struct auth *au, const char *token);
/*
 * Uses reset link token to set the password next: checked first (CONG_EINVAL, CONG_ETOOBIG,
 * the link left unused), then, at once, the link and every other link of the account are
 * spent, the password set and every session of the account on every site ended
 * (CONG_ENOTFOUND if the link is unknown, used or expired). Audited as "password_reset".
 */
enum cong_err auth_reset_complete(struct auth *au, const char *token, const char *next,
                                  size_t next_len, const char *ip, struct cong_error *err);

/* The audit log. */

/*
 * Appends an entry: by did action (a short code like "user_created") to target with detail
 * (either may be NULL), now. Reusable by any module that records who did what.
 */
enum cong_err auth_audit(struct auth *au, const struct auth_actor *by, const char *action,
                         const char *target, const char *detail);
/* Entries newest first: as store_list_audit. */
enum cong_err auth_audit_list(struct auth *au, struct arena *a, size_t offset, size_t limit,
                              struct audit_entry **out, size_t *n, size_t *total);

#endif
