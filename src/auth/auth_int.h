/* Shared by the files of src/auth only: the service's state and small helpers. */
#ifndef CONG_AUTH_INT_H
#define CONG_AUTH_INT_H

#include <pthread.h>

#include "auth.h"

/* Sessions and tokens are touched in the store at most this often (seconds). */
#define AUTH_TOUCH_INTERVAL 60

struct auth {
    struct store *store; /* the site's store this service decides for */
    struct auth *root;   /* NULL: this is the root (auth_new); else a site's (auth_for_site) */
    pthread_mutex_t views_lock; /* the root's: guards views */
    struct auth **views;
    size_t nviews, views_cap;
    int64_t (*now)(void);
    int64_t idle_timeout_s;
    int64_t absolute_timeout_s;
    bool https;
    bool weak_hash;
    /* a hash to verify against when the name is unknown, made on first need */
    pthread_mutex_t dummy_lock;
    char dummy_hash[AUTH_HASH_STR_MAX];
};

/* Writes the BLAKE2b-256 of s[0..n) as 64 hex digits and a NUL into hex. */
void auth_hash_hex(const char *s, size_t n, char hex[AUTH_HASH_HEX + 1]);
/* Fills u from the store's row; false if its role is not one a user may have. */
bool auth_user_from_store(const struct user *row, struct auth_user *u);
/* The dummy hash for unknown names (computed once); NULL if argon2 ran out of memory. */
const char *auth_dummy_hash(struct auth *au);
/* Logs a failed audit write once; the action it records has already happened. */
void auth_audit_or_log(struct auth *au, const struct auth_actor *by, const char *action,
                       const char *target, const char *detail);

#endif
