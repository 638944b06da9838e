/*
 * API tokens: "cong_" and 43 characters of base64url (256 random bits). The secret is shown
 * once, when made; the store keeps only its BLAKE2b hash, so tokens are found by hashing what
 * a client sends. A revoked token, or one whose user is disabled, authenticates nobody.
 */
#include "auth_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

enum cong_err auth_token_create(struct auth *au, const struct auth_actor *by, const char *user_name,
                                int64_t *id, char secret[AUTH_TOKEN_LEN + 1])
{
    const size_t plen = sizeof(AUTH_TOKEN_PREFIX) - 1;
    char hash[AUTH_HASH_HEX + 1], detail[32];
    struct arena a;
    struct user u;
    enum cong_err rc;
    int n;

    *id = 0;
    secret[0] = '\0';
    arena_init(&a, 0);
    if ((rc = store_get_user_by_name(au->store, &a, user_name, &u)) != CONG_OK)
        goto out;
    memcpy(secret, AUTH_TOKEN_PREFIX, plen);
    auth_secret_new(secret + plen);
    auth_hash_hex(secret, AUTH_TOKEN_LEN, hash);
    rc = store_add_token(au->store, u.id, hash, au->now(), id);
    if (rc != CONG_OK) {
        sodium_memzero(secret, AUTH_TOKEN_LEN + 1);
        goto out;
    }
    n = snprintf(detail, sizeof(detail), "token %lld", (long long)*id);
    auth_audit_or_log(au, by, "token_created", u.name,
                      n > 0 && (size_t)n < sizeof(detail) ? detail : NULL);
out:
    arena_release(&a);
    return rc;
}

enum cong_err auth_token_list(struct auth *au, struct arena *a, struct api_token **out, size_t *n)
{
    return store_list_tokens(au->store, a, out, n);
}

enum cong_err auth_token_revoke(struct auth *au, const struct auth_actor *by, int64_t id)
{
    char detail[32];
    struct arena a;
    struct api_token t;
    enum cong_err rc;
    int n;

    arena_init(&a, 0);
    if ((rc = store_get_token(au->store, &a, id, &t)) != CONG_OK)
        goto out;
    if ((rc = store_revoke_token(au->store, id, au->now())) != CONG_OK)
        goto out;
    n = snprintf(detail, sizeof(detail), "token %lld", (long long)id);
    auth_audit_or_log(au, by, "token_revoked", t.user_name,
                      n > 0 && (size_t)n < sizeof(detail) ? detail : NULL);
out:
    arena_release(&a);
    return rc;
}

enum cong_err auth_token_find(struct auth *au, struct arena *a, const char *token,
                              struct auth_user *out)
{
    char hash[AUTH_HASH_HEX + 1];
    struct api_token t;
    struct user row;
    int64_t now;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if (!auth_token_is_well_formed(token))
        return CONG_ENOTFOUND;
    auth_hash_hex(token, AUTH_TOKEN_LEN, hash);
    if ((rc = store_find_token(au->store, a, hash, &t, &row)) != CONG_OK)
        return rc;
    if (!auth_user_from_store(&row, out) || out->disabled) {
        memset(out, 0, sizeof(*out));
        return CONG_ENOTFOUND;
    }
    now = au->now();
    if (now - t.last_used_at >= AUTH_TOUCH_INTERVAL &&
        (rc = store_touch_token(au->store, t.id, now)) != CONG_OK)
        log_warn("cannot record a token's use: %s", cong_strerror(rc));
    return CONG_OK;
}
