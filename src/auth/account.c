/*
 * Accounts that help themselves: a user's profile (full name, e-mail, unit), a password
 * changed by its owner, and a password reset by a one-time link sent by e-mail. This file
 * decides the rules (what a profile may hold, who may change what, how long a link lives,
 * how often one may be asked for) and records them in the audit log; sending the link is the
 * caller's (it has the site's URL and the mailer). Reset secrets live in the caller's memory
 * only: the store keeps their hash.
 */
#include "auth_int.h"
#include "../i18n/i18n.h"

#include <sodium.h>
#include <string.h>

#include "../mail/mail.h"

/* The room for a throttling key: a 4-byte prefix and a hash. */
#define RESET_KEY_MAX (4 + AUTH_HASH_HEX + 1)

/* True if s is UTF-8 of at most max characters with no control character. */
static bool is_profile_text(const char *s, size_t max)
{
    size_t n = strlen(s), chars = 0;

    if (!text_is_utf8(s, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return false;
        if ((c & 0xc0) != 0x80)
            chars++;
    }
    return chars <= max;
}

enum cong_err auth_user_set_profile(struct auth *au, const struct auth_actor *by, int64_t id,
                                    const char *display_name, const char *email, const char *unit,
                                    struct cong_error *err)
{
    struct arena a;
    struct user row;
    enum cong_err rc;

    display_name = display_name ? display_name : "";
    email = email ? email : "";
    unit = unit ? unit : "";
    if (!is_profile_text(display_name, AUTH_PROFILE_TEXT_MAX))
        return cong_error_field(err, "display_name", CONG_EINVAL,
                                _("Họ và tên không quá %d ký tự, không có ký tự điều khiển."),
                                AUTH_PROFILE_TEXT_MAX);
    if (*email && !mail_address_is_valid(email))
        return cong_error_field(err, "email", CONG_EINVAL,
                                _("Địa chỉ e-mail không hợp lệ (ví dụ: ten@donvi.gov.vn)."));
    if (!is_profile_text(unit, AUTH_PROFILE_TEXT_MAX))
        return cong_error_field(err, "unit", CONG_EINVAL,
                                _("Tên đơn vị không quá %d ký tự, không có ký tự điều khiển."),
                                AUTH_PROFILE_TEXT_MAX);
    arena_init(&a, 0);
    rc = store_get_user(au->store, &a, id, &row);
    if (rc == CONG_OK)
        rc = store_set_user_profile(au->store, id, display_name, email, unit);
    if (rc == CONG_OK)
        auth_audit_or_log(au, by, "user_profile_changed", row.name, NULL);
    else if (rc == CONG_ENOTFOUND)
        cong_error_set(err, rc, _("Không có người dùng này."));
    else
        cong_error_set(err, rc, _("Không lưu được thông tin tài khoản."));
    arena_release(&a);
    return rc;
}

/* err for a new password that failed auth_password_check with rc, in Vietnamese. */
static enum cong_err weak_password(enum cong_err rc, struct cong_error *err)
{
    return cong_error_field(err, "password", rc,
                            _("Mật khẩu mới phải có ít nhất %d ký tự (và không quá %d byte)."),
                            AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
}

enum cong_err auth_password_change(struct auth *au, const struct auth_session *s,
                                   const char *current, size_t current_len, const char *next,
                                   size_t next_len, const char *ip, struct cong_error *err)
{
    struct auth_actor by = auth_actor_of(&s->user, ip);
    char hash[AUTH_HASH_STR_MAX];
    struct arena a;
    struct user row;
    enum cong_err rc;

    arena_init(&a, 0);
    if ((rc = store_get_user(au->store, &a, s->user.id, &row)) != CONG_OK) {
        cong_error_set(err, rc, _("Không đọc được tài khoản."));
        goto out;
    }
    if (!auth_password_verify(row.password_hash, current, current_len)) {
        auth_audit_or_log(au, &by, "password_change_failed", row.name, NULL);
        rc = cong_error_field(err, "current", CONG_EPERM, _("Mật khẩu hiện tại không đúng."));
        goto out;
    }
    if ((rc = auth_password_check(next, next_len)) != CONG_OK) {
        weak_password(rc, err);
        goto out;
    }
    if ((rc = auth_password_hash(au, next, next_len, hash)) != CONG_OK) {
        cong_error_set(err, rc, _("Không đổi được mật khẩu lúc này."));
        goto out;
    }
    rc = store_set_user_password_keeping(au->store, row.id, hash, au->now(), s->id_hash);
    sodium_memzero(hash, sizeof(hash));
    if (rc != CONG_OK) {
        cong_error_set(err, rc, _("Không đổi được mật khẩu lúc này."));
        goto out;
    }
    auth_audit_or_log(au, &by, "password_changed", row.name, "own; other sessions ended");
out:
    arena_release(&a);
    return rc;
}

/* The throttling key of prefix (4 bytes) and a hash of text. */
static void reset_key(const char *prefix, const char *text, char key[RESET_KEY_MAX])
{
    memcpy(key, prefix, 4);
    auth_hash_hex(text, strlen(text), key + 4);
}

/* Counts one request under key; true if it is still within max in the last hour. */
static enum cong_err count_request(struct auth *au, const char *key, int64_t max, bool *ok)
{
    int64_t now = au->now(), count = 0;
    enum cong_err rc = store_add_login_failure(au->store, key, now, now - 3600, &count);

    *ok = count <= max;
    return rc;
}

enum cong_err auth_reset_request(struct auth *au, struct arena *a, const char *email,
                                 const char *ip, struct auth_reset **out, size_t *n)
{
    struct auth_actor nobody = {.user_id = 0, .name = "", .ip = ip ? ip : ""};
    char key[RESET_KEY_MAX], hash[AUTH_HASH_HEX + 1];
    struct user *users;
    size_t found;
    bool ok_mail, ok_ip;
    int64_t now = au->now();
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    /* both counted whatever is found, so a refusal says nothing about the address */
    reset_key("rsm:", email ? email : "", key);
    if ((rc = count_request(au, key, AUTH_RESET_PER_EMAIL, &ok_mail)) != CONG_OK)
        return rc;
    reset_key("rsi:", ip ? ip : "", key);
    if ((rc = count_request(au, key, AUTH_RESET_PER_IP, &ok_ip)) != CONG_OK)
        return rc;
    if (!ok_mail || !ok_ip)
        return CONG_EBUSY;
    if (!email || !mail_address_is_valid(email))
        return CONG_OK;
    rc = store_find_users_by_email(au->store, a, email, AUTH_RESET_USERS_MAX, &users, &found);
    if (rc != CONG_OK || found == 0)
        return rc;
    if (!(*out = arena_alloc(a, found * sizeof(**out))))
        return CONG_ENOMEM;
    for (size_t i = 0; i < found; i++) {
        struct auth_reset *r = &(*out)[*n];
        auth_secret_new(r->secret);
        auth_hash_hex(r->secret, AUTH_SECRET_LEN, hash);
        rc = store_add_password_reset(au->store, hash, users[i].id, now, now + AUTH_RESET_TTL);
        if (rc != CONG_OK) {
            auth_wipe(r->secret, sizeof(r->secret));
            break;
        }
        r->name = users[i].name;
        r->display_name = users[i].display_name;
        (*n)++;
        auth_audit_or_log(au, &nobody, "password_reset_requested", users[i].name, NULL);
    }
    return *n ? CONG_OK : rc;
}

enum cong_err auth_reset_check(struct auth *au, const char *token)
{
    char hash[AUTH_HASH_HEX + 1];
    int64_t user_id;

    if (!auth_secret_is_well_formed(token))
        return CONG_ENOTFOUND;
    auth_hash_hex(token, AUTH_SECRET_LEN, hash);
    return store_get_password_reset(au->store, hash, au->now(), &user_id);
}

enum cong_err auth_reset_complete(struct auth *au, const char *token, const char *next,
                                  size_t next_len, const char *ip, struct cong_error *err)
{
    char hash[AUTH_HASH_HEX + 1], pw_hash[AUTH_HASH_STR_MAX];
    struct auth_actor by = {.user_id = 0, .name = "", .ip = ip ? ip : ""};
    struct arena a;
    struct user row;
    int64_t user_id = 0;
    enum cong_err rc;

    if (!auth_secret_is_well_formed(token))
        return cong_error_set(err, CONG_ENOTFOUND,
                              _("Liên kết đặt lại mật khẩu không đúng, đã dùng hoặc đã hết hạn."));
    if ((rc = auth_password_check(next, next_len)) != CONG_OK)
        return weak_password(rc, err);
    if ((rc = auth_password_hash(au, next, next_len, pw_hash)) != CONG_OK)
        return cong_error_set(err, rc, _("Không đặt được mật khẩu lúc này."));
    auth_hash_hex(token, AUTH_SECRET_LEN, hash);
    rc = store_use_password_reset(au->store, hash, au->now(), pw_hash, &user_id);
    sodium_memzero(pw_hash, sizeof(pw_hash));
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc,
                              _("Liên kết đặt lại mật khẩu không đúng, đã dùng hoặc đã hết hạn."));
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("Không đặt được mật khẩu lúc này."));
    arena_init(&a, 0);
    if (store_get_user(au->store, &a, user_id, &row) == CONG_OK) {
        by.user_id = row.id;
        by.name = row.name;
    }
    auth_audit_or_log(au, &by, "password_reset", by.name, "by e-mail link; every session ended");
    arena_release(&a);
    return CONG_OK;
}
