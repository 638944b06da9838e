/*
 * Unit tests of the auth module through auth.h: roles and their order, names, password rules
 * and hashing, secrets and tokens, the throttling arithmetic, and, on a real store in a
 * temporary directory with an injected clock, locks that start and end, sessions that time
 * out, and what ends sessions and tokens. Hashes use the weak test cost except in the one test
 * that checks the real cost.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/auth.h"

#define T0 1700000000

static int64_t fake_time = T0;

static int64_t fake_now(void)
{
    return fake_time;
}

struct fixture {
    char dir[64];
    struct store *st;
    struct auth *au;
    struct arena arena;
    struct auth_actor by;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct auth_config cfg = {.now = fake_now, .weak_hash = true};
    struct cong_error err;
    char path[128];
    int n;

    if (!f)
        return -1;
    n = snprintf(f->dir, sizeof(f->dir), "/tmp/test_auth.XXXXXX");
    if (n < 0 || (size_t)n >= sizeof(f->dir) || !mkdtemp(f->dir))
        return -1;
    n = snprintf(path, sizeof(path), "%s/cong.db", f->dir);
    if (n < 0 || (size_t)n >= sizeof(path))
        return -1;
    if (store_open(path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &f->st, &err) != CONG_OK)
        return -1;
    if (auth_new(f->st, &cfg, &f->au) != CONG_OK)
        return -1;
    arena_init(&f->arena, 0);
    f->by = (struct auth_actor){.user_id = 0, .name = "test", .ip = ""};
    fake_time = T0;
    *state = f;
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    arena_release(&f->arena);
    auth_free(f->au);
    store_free(f->st);
    nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* Adds user name with password pw and role; returns its id. */
static int64_t add_user(struct fixture *f, const char *name, const char *pw, enum auth_role role)
{
    int64_t id = 0;

    assert_int_equal(auth_user_add(f->au, &f->by, name, role, pw, strlen(pw), &id, NULL), CONG_OK);
    assert_true(id > 0);
    return id;
}

static enum auth_login_outcome login(struct fixture *f, const char *name, const char *pw,
                                     const char *ip, struct auth_login *out)
{
    assert_int_equal(auth_login(f->au, &f->arena, name, pw, strlen(pw), ip, "test", NULL, out),
                     CONG_OK);
    return out->outcome;
}

/* Roles. */

static void roles_parse_and_print_back(void **state)
{
    static const char *const names[] = {"guest",  "member",    "author",
                                        "editor", "publisher", "admin"};
    enum auth_role r = AUTH_ADMIN;

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        assert_true(auth_role_parse(names[i], &r));
        assert_int_equal(r, (enum auth_role)i);
        assert_string_equal(auth_role_name(r), names[i]);
        assert_true(strlen(auth_role_label(r)) > 0);
    }
    r = AUTH_EDITOR;
    assert_false(auth_role_parse("Admin", &r));
    assert_false(auth_role_parse("", &r));
    assert_false(auth_role_parse("root", &r));
    assert_false(auth_role_parse(NULL, &r));
    assert_int_equal(r, AUTH_EDITOR); /* untouched on failure */
    assert_string_equal(auth_role_name((enum auth_role)42), "guest");
}

static void roles_are_ordered_from_guest_to_admin(void **state)
{
    (void)state;
    assert_true(auth_role_at_least(AUTH_ADMIN, AUTH_AUTHOR));
    assert_true(auth_role_at_least(AUTH_AUTHOR, AUTH_AUTHOR));
    assert_true(auth_role_at_least(AUTH_PUBLISHER, AUTH_EDITOR));
    assert_false(auth_role_at_least(AUTH_MEMBER, AUTH_AUTHOR));
    assert_false(auth_role_at_least(AUTH_EDITOR, AUTH_ADMIN));
    assert_false(auth_role_at_least(AUTH_GUEST, AUTH_MEMBER));
    assert_true(auth_role_at_least(AUTH_GUEST, AUTH_GUEST));
    /* a value out of range grants nothing */
    assert_false(auth_role_at_least((enum auth_role)99, AUTH_MEMBER));
}

/* Names and passwords. */

static void user_names_follow_the_rules(void **state)
{
    char long_name[AUTH_NAME_MAX + 2];

    (void)state;
    assert_true(auth_user_name_is_valid("admin"));
    assert_true(auth_user_name_is_valid("nguyen.van-a_2"));
    assert_true(auth_user_name_is_valid("7up"));
    assert_false(auth_user_name_is_valid("a"));
    assert_false(auth_user_name_is_valid("Admin"));
    assert_false(auth_user_name_is_valid(".hidden"));
    assert_false(auth_user_name_is_valid("-x"));
    assert_false(auth_user_name_is_valid("có dấu"));
    assert_false(auth_user_name_is_valid("a b"));
    assert_false(auth_user_name_is_valid(""));
    assert_false(auth_user_name_is_valid(NULL));
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[AUTH_NAME_MAX] = '\0';
    assert_true(auth_user_name_is_valid(long_name));
    long_name[AUTH_NAME_MAX] = 'a';
    long_name[AUTH_NAME_MAX + 1] = '\0';
    assert_false(auth_user_name_is_valid(long_name));
}

static void password_length_counts_characters_not_bytes(void **state)
{
    char big[AUTH_PASSWORD_MAX + 2];

    (void)state;
    assert_int_equal(auth_password_check("123456789", 9), CONG_EINVAL);
    assert_int_equal(auth_password_check("1234567890", 10), CONG_OK);
    /* nine characters in seventeen bytes: still too short */
    assert_int_equal(auth_password_check("mật khẩu!", strlen("mật khẩu!")), CONG_EINVAL);
    assert_int_equal(auth_password_check("mật khẩu đủ", strlen("mật khẩu đủ")), CONG_OK);
    assert_int_equal(auth_password_check("\xff\xfe"
                                         "12345678901",
                                         13),
                     CONG_EINVAL);
    assert_int_equal(auth_password_check(NULL, 0), CONG_EINVAL);
    memset(big, 'x', sizeof(big));
    assert_int_equal(auth_password_check(big, AUTH_PASSWORD_MAX), CONG_OK);
    assert_int_equal(auth_password_check(big, AUTH_PASSWORD_MAX + 1), CONG_ETOOBIG);
}

static void password_hash_verifies_only_the_same_password(void **state)
{
    struct fixture *f = *state;
    char hash[AUTH_HASH_STR_MAX], hash2[AUTH_HASH_STR_MAX];
    const char *pw = "đúng mật khẩu 1";

    assert_int_equal(auth_password_hash(f->au, pw, strlen(pw), hash), CONG_OK);
    assert_memory_equal(hash, "$argon2id$", 10);
    assert_true(auth_password_verify(hash, pw, strlen(pw)));
    assert_false(auth_password_verify(hash, "dung mat khau 1", 15));
    assert_false(auth_password_verify(hash, pw, strlen(pw) - 1));
    /* salted: the same password never hashes the same twice */
    assert_int_equal(auth_password_hash(f->au, pw, strlen(pw), hash2), CONG_OK);
    assert_string_not_equal(hash, hash2);
    assert_false(auth_password_verify("not a hash", pw, strlen(pw)));
    assert_false(auth_password_verify("", pw, strlen(pw)));
    assert_false(auth_password_verify(NULL, pw, strlen(pw)));
}

static void real_cost_is_argon2id_interactive(void **state)
{
    struct fixture *f = *state;
    struct auth_config cfg = {.now = fake_now};
    struct auth *real;
    char hash[AUTH_HASH_STR_MAX];

    assert_int_equal(auth_new(f->st, &cfg, &real), CONG_OK);
    assert_int_equal(auth_password_hash(real, "1234567890", 10, hash), CONG_OK);
    /* libsodium's interactive cost: 64 MiB, two passes */
    assert_non_null(strstr(hash, "$argon2id$v=19$m=65536,t=2,p=1$"));
    assert_true(auth_password_verify(hash, "1234567890", 10));
    auth_free(real);
}

/* Secrets and tokens. */

static void secrets_are_random_and_well_formed(void **state)
{
    char a[AUTH_SECRET_LEN + 1], b[AUTH_SECRET_LEN + 1];

    (void)state;
    auth_secret_new(a);
    auth_secret_new(b);
    assert_int_equal(strlen(a), AUTH_SECRET_LEN);
    assert_string_not_equal(a, b);
    assert_true(auth_secret_is_well_formed(a));
    assert_false(auth_secret_is_well_formed(NULL));
    assert_false(auth_secret_is_well_formed(""));
    a[AUTH_SECRET_LEN - 1] = '\0';
    assert_false(auth_secret_is_well_formed(a)); /* 42 characters */
    a[AUTH_SECRET_LEN - 1] = '+';
    assert_false(auth_secret_is_well_formed(a)); /* not base64url */
    assert_false(auth_secret_is_well_formed("0123456789012345678901234567890123456789abcd"));
}

static void secrets_compare_exactly(void **state)
{
    char a[AUTH_SECRET_LEN + 1], b[AUTH_SECRET_LEN + 1];
    struct auth_session s = {0};

    (void)state;
    auth_secret_new(a);
    memcpy(b, a, sizeof(b));
    assert_true(auth_secret_equal(a, b));
    b[10] = b[10] == 'A' ? 'B' : 'A';
    assert_false(auth_secret_equal(a, b));
    assert_false(auth_secret_equal(a, "short"));
    assert_false(auth_secret_equal(a, NULL));
    assert_false(auth_secret_equal(NULL, NULL));
    s.csrf = a;
    assert_true(auth_csrf_is_valid(&s, a));
    assert_false(auth_csrf_is_valid(&s, b));
    assert_false(auth_csrf_is_valid(&s, ""));
    assert_false(auth_csrf_is_valid(&s, NULL));
    s.csrf = NULL;
    assert_false(auth_csrf_is_valid(&s, a));
}

static void tokens_have_the_documented_format(void **state)
{
    struct fixture *f = *state;
    char secret[AUTH_TOKEN_LEN + 1];
    struct auth_user u;
    int64_t id;

    add_user(f, "robot", "1234567890", AUTH_EDITOR);
    assert_int_equal(auth_token_create(f->au, &f->by, "robot", &id, secret), CONG_OK);
    assert_int_equal(strlen(secret), 48);
    assert_memory_equal(secret, "cong_", 5);
    assert_true(auth_token_is_well_formed(secret));
    assert_int_equal(auth_token_find(f->au, &f->arena, secret, &u), CONG_OK);
    assert_string_equal(u.name, "robot");
    assert_int_equal(u.role, AUTH_EDITOR);
    assert_false(auth_token_is_well_formed(secret + 5));
    assert_false(auth_token_is_well_formed("cong_short"));
    assert_false(auth_token_is_well_formed(NULL));
    secret[0] = 'k';
    assert_false(auth_token_is_well_formed(secret));
    assert_int_equal(auth_token_find(f->au, &f->arena, secret, &u), CONG_ENOTFOUND);
    assert_int_equal(auth_token_create(f->au, &f->by, "nobody", &id, secret), CONG_ENOTFOUND);
}

static void revoked_token_and_disabled_user_authenticate_nobody(void **state)
{
    struct fixture *f = *state;
    char t1[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1];
    struct auth_user u;
    int64_t id1, id2, uid;

    uid = add_user(f, "robot", "1234567890", AUTH_AUTHOR);
    assert_int_equal(auth_token_create(f->au, &f->by, "robot", &id1, t1), CONG_OK);
    assert_int_equal(auth_token_create(f->au, &f->by, "robot", &id2, t2), CONG_OK);
    assert_int_equal(auth_token_revoke(f->au, &f->by, id1), CONG_OK);
    assert_int_equal(auth_token_find(f->au, &f->arena, t1, &u), CONG_ENOTFOUND);
    assert_int_equal(auth_token_revoke(f->au, &f->by, id1), CONG_ENOTFOUND);
    assert_int_equal(auth_token_find(f->au, &f->arena, t2, &u), CONG_OK);
    assert_int_equal(auth_user_set_disabled(f->au, &f->by, uid, true), CONG_OK);
    assert_int_equal(auth_token_find(f->au, &f->arena, t2, &u), CONG_ENOTFOUND);
    assert_int_equal(auth_user_set_disabled(f->au, &f->by, uid, false), CONG_OK);
    assert_int_equal(auth_token_find(f->au, &f->arena, t2, &u), CONG_OK);
}

/* Throttling. */

static void lock_grows_from_fifteen_minutes_to_a_day(void **state)
{
    (void)state;
    assert_int_equal(auth_throttle_lock_seconds(0, 5), 0);
    assert_int_equal(auth_throttle_lock_seconds(4, 5), 0);
    assert_int_equal(auth_throttle_lock_seconds(5, 5), 15 * 60);
    assert_int_equal(auth_throttle_lock_seconds(6, 5), 30 * 60);
    assert_int_equal(auth_throttle_lock_seconds(7, 5), 60 * 60);
    assert_int_equal(auth_throttle_lock_seconds(11, 5), 16 * 3600);
    assert_int_equal(auth_throttle_lock_seconds(12, 5), 24 * 3600);
    assert_int_equal(auth_throttle_lock_seconds(1000000, 5), 24 * 3600);
    assert_int_equal(auth_throttle_lock_seconds(19, 20), 0);
    assert_int_equal(auth_throttle_lock_seconds(20, 20), 15 * 60);
    assert_int_equal(auth_throttle_lock_seconds(5, 0), 0);
}

static void pace_grows_from_one_second_to_eight(void **state)
{
    (void)state;
    assert_int_equal(auth_throttle_pace_seconds(0), 0);
    assert_int_equal(auth_throttle_pace_seconds(AUTH_THROTTLE_PACE_AFTER - 1), 0);
    assert_int_equal(auth_throttle_pace_seconds(AUTH_THROTTLE_PACE_AFTER), 1);
    assert_int_equal(auth_throttle_pace_seconds(AUTH_THROTTLE_PACE_AFTER + 1), 2);
    assert_int_equal(auth_throttle_pace_seconds(AUTH_THROTTLE_PACE_AFTER + 2), 4);
    assert_int_equal(auth_throttle_pace_seconds(AUTH_THROTTLE_PACE_AFTER + 3), 8);
    assert_int_equal(auth_throttle_pace_seconds(AUTH_THROTTLE_PACE_AFTER + 4), 8);
    assert_int_equal(auth_throttle_pace_seconds(1000000), AUTH_THROTTLE_MAX_PACE);
}

static void five_failures_lock_one_address_out_of_the_name(void **state)
{
    struct fixture *f = *state;
    struct auth_login r;

    add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);
    for (int i = 0; i < 4; i++)
        assert_int_equal(login(f, "lan", "mat-khau-sai", "10.0.0.1", &r), AUTH_LOGIN_BAD);
    assert_int_equal(login(f, "lan", "mat-khau-sai", "10.0.0.1", &r), AUTH_LOGIN_LOCKED);
    assert_int_equal(r.retry_after, 15 * 60);
    /* that address is locked out of that name: even the right password is refused */
    fake_time += 10 * 60;
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.1", &r), AUTH_LOGIN_LOCKED);
    assert_int_equal(r.retry_after, 5 * 60);
    assert_null(r.cookie);
    /* but the owner, from anywhere else, logs in at once */
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.2", &r), AUTH_LOGIN_OK);
    assert_non_null(r.cookie);
    /* the lock ends on time, and a success from there forgets that address's failures */
    fake_time += 5 * 60;
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.1", &r), AUTH_LOGIN_OK);
    for (int i = 0; i < 4; i++)
        assert_int_equal(login(f, "lan", "mat-khau-sai", "10.0.0.1", &r), AUTH_LOGIN_BAD);
}

/* Fails to log in as name from n addresses made from base and i, five tries each at most. */
static void fail_from_many(struct fixture *f, const char *name, int base, int n)
{
    struct auth_login r;
    char ip[32];

    for (int i = 0; i < n; i++) {
        snprintf(ip, sizeof(ip), "10.%d.0.%d", base, i / AUTH_THROTTLE_PAIR_AFTER);
        assert_int_not_equal(login(f, name, "mat-khau-sai", ip, &r), AUTH_LOGIN_OK);
    }
}

static void many_addresses_slow_the_name_but_never_lock_it(void **state)
{
    struct fixture *f = *state;
    struct auth_login r;

    add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);
    /* up to the limit, an attack from many addresses slows nobody */
    fail_from_many(f, "lan", 1, AUTH_THROTTLE_PACE_AFTER - 1);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.9.0.1", &r), AUTH_LOGIN_OK);
    /* a success forgot those; past the limit each try from a new address waits a second */
    fail_from_many(f, "lan", 2, AUTH_THROTTLE_PACE_AFTER);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.9.0.2", &r), AUTH_LOGIN_SLOWED);
    assert_int_equal(r.retry_after, 1);
    assert_null(r.cookie);
    /* a slowed try is refused unread and uncounted, so it slows nothing further */
    assert_int_equal(login(f, "lan", "mat-khau-sai", "10.9.0.3", &r), AUTH_LOGIN_SLOWED);
    assert_int_equal(r.retry_after, 1);
    /* the address the owner logged in from before is not slowed */
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.9.0.1", &r), AUTH_LOGIN_OK);
    /* each failure past the limit doubles the wait, up to eight seconds */
    fail_from_many(f, "lan", 3, AUTH_THROTTLE_PACE_AFTER);
    for (int64_t want = 2; want <= 16; want *= 2) {
        fake_time += AUTH_THROTTLE_MAX_PACE;
        assert_int_equal(login(f, "lan", "mat-khau-sai", "10.9.0.4", &r), AUTH_LOGIN_BAD);
        assert_int_equal(login(f, "lan", "mat-khau-dung", "10.9.0.5", &r), AUTH_LOGIN_SLOWED);
        assert_int_equal(r.retry_after, want < 8 ? want : 8);
    }
    /* and once the wait is over, the right password from a new address logs in */
    fake_time += AUTH_THROTTLE_MAX_PACE;
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.9.0.5", &r), AUTH_LOGIN_OK);
}

static void an_address_is_trusted_for_thirty_days(void **state)
{
    struct fixture *f = *state;
    struct auth_login r;

    add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.9.0.1", &r), AUTH_LOGIN_OK);
    fake_time += AUTH_THROTTLE_TRUST - 60;
    fail_from_many(f, "lan", 1, AUTH_THROTTLE_PACE_AFTER);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.9.0.1", &r), AUTH_LOGIN_OK);
    fake_time += 120;
    fail_from_many(f, "lan", 2, AUTH_THROTTLE_PACE_AFTER);
    /* the login a moment ago made it trusted again; one older than thirty days would not */
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.9.0.1", &r), AUTH_LOGIN_OK);
    fake_time += AUTH_THROTTLE_TRUST + 1;
    fail_from_many(f, "lan", 3, AUTH_THROTTLE_PACE_AFTER);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.9.0.1", &r), AUTH_LOGIN_SLOWED);
}

static void a_failure_after_a_lock_doubles_it(void **state)
{
    struct fixture *f = *state;
    struct auth_login r;

    add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);
    for (int i = 0; i < 5; i++)
        login(f, "lan", "mat-khau-sai", "10.0.0.1", &r);
    fake_time += 15 * 60;
    assert_int_equal(login(f, "lan", "mat-khau-sai", "10.0.0.1", &r), AUTH_LOGIN_LOCKED);
    assert_int_equal(r.retry_after, 30 * 60);
    /* a day without failures, and the count starts again */
    fake_time += 30 * 60 + AUTH_THROTTLE_FORGET;
    assert_int_equal(login(f, "lan", "mat-khau-sai", "10.0.0.1", &r), AUTH_LOGIN_BAD);
}

static void unknown_names_lock_like_known_ones(void **state)
{
    struct fixture *f = *state;
    struct auth_login r;

    for (int i = 0; i < 4; i++)
        assert_int_equal(login(f, "ai-do", "mat-khau-sai", "10.0.0.1", &r), AUTH_LOGIN_BAD);
    assert_int_equal(login(f, "ai-do", "mat-khau-sai", "10.0.0.1", &r), AUTH_LOGIN_LOCKED);
    assert_int_equal(r.retry_after, 15 * 60);
    /* names that are not even valid count too, without growing the table's keys */
    for (int i = 0; i < 4; i++)
        assert_int_equal(login(f, "Không Hợp Lệ", "x", "10.0.0.9", &r), AUTH_LOGIN_BAD);
    assert_int_equal(login(f, "Không Hợp Lệ", "x", "10.0.0.9", &r), AUTH_LOGIN_LOCKED);
    /* from another address the same names are tried as before */
    assert_int_equal(login(f, "ai-do", "mat-khau-sai", "10.0.0.2", &r), AUTH_LOGIN_BAD);
}

static void twenty_failures_lock_the_address(void **state)
{
    struct fixture *f = *state;
    struct auth_login r;
    char name[32];

    add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);
    /* one try at each of many names: no name reaches its own limit */
    for (int i = 0; i < AUTH_THROTTLE_ADDRESS_AFTER - 1; i++) {
        snprintf(name, sizeof(name), "user%d", i);
        assert_int_equal(login(f, name, "mat-khau-sai", "10.0.0.1", &r), AUTH_LOGIN_BAD);
    }
    assert_int_equal(login(f, "khac", "mat-khau-sai", "10.0.0.1", &r), AUTH_LOGIN_LOCKED);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.1", &r), AUTH_LOGIN_LOCKED);
    /* another address is not concerned */
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.2", &r), AUTH_LOGIN_OK);
}

static void disabled_user_cannot_log_in(void **state)
{
    struct fixture *f = *state;
    struct auth_login r;
    int64_t id = add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);

    assert_int_equal(auth_user_set_disabled(f->au, &f->by, id, true), CONG_OK);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.1", &r), AUTH_LOGIN_BAD);
}

/* Sessions. */

static void each_login_gets_a_new_id_and_ends_the_old_one(void **state)
{
    struct fixture *f = *state;
    struct auth_login a, b;
    struct auth_session s;
    const char *pw = "mat-khau-dung";

    add_user(f, "lan", pw, AUTH_ADMIN);
    assert_int_equal(login(f, "lan", pw, "10.0.0.1", &a), AUTH_LOGIN_OK);
    assert_true(auth_secret_is_well_formed(a.cookie));
    assert_string_not_equal(a.cookie, a.session.id_hash);
    assert_int_equal(strlen(a.session.id_hash), AUTH_HASH_HEX);
    assert_int_equal(
        auth_login(f->au, &f->arena, "lan", pw, strlen(pw), "10.0.0.1", "test", a.cookie, &b),
        CONG_OK);
    assert_int_equal(b.outcome, AUTH_LOGIN_OK);
    assert_string_not_equal(a.cookie, b.cookie);
    assert_string_not_equal(a.session.csrf, b.session.csrf);
    assert_int_equal(auth_session_find(f->au, &f->arena, a.cookie, &s), CONG_ENOTFOUND);
    assert_int_equal(auth_session_find(f->au, &f->arena, b.cookie, &s), CONG_OK);
    assert_string_equal(s.user.name, "lan");
    assert_int_equal(s.user.role, AUTH_ADMIN);
    assert_true(auth_csrf_is_valid(&s, b.session.csrf));
    assert_int_equal(auth_session_find(f->au, &f->arena, "not-a-session", &s), CONG_ENOTFOUND);
    assert_int_equal(auth_session_find(f->au, &f->arena, NULL, &s), CONG_ENOTFOUND);
}

static void idle_sessions_end_after_two_hours(void **state)
{
    struct fixture *f = *state;
    struct auth_login r;
    struct auth_session s;

    add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.1", &r), AUTH_LOGIN_OK);
    fake_time += AUTH_IDLE_TIMEOUT_DEFAULT - 1;
    assert_int_equal(auth_session_find(f->au, &f->arena, r.cookie, &s), CONG_OK);
    /* that use counted: another almost two hours are fine */
    fake_time += AUTH_IDLE_TIMEOUT_DEFAULT - 1;
    assert_int_equal(auth_session_find(f->au, &f->arena, r.cookie, &s), CONG_OK);
    fake_time += AUTH_IDLE_TIMEOUT_DEFAULT;
    assert_int_equal(auth_session_find(f->au, &f->arena, r.cookie, &s), CONG_ENOTFOUND);
}

static void busy_sessions_end_after_twelve_hours(void **state)
{
    struct fixture *f = *state;
    struct auth_login r;
    struct auth_session s;

    add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.1", &r), AUTH_LOGIN_OK);
    for (int h = 1; h < 12; h++) {
        fake_time = T0 + h * 3600;
        assert_int_equal(auth_session_find(f->au, &f->arena, r.cookie, &s), CONG_OK);
    }
    fake_time = T0 + AUTH_ABSOLUTE_TIMEOUT_DEFAULT;
    assert_int_equal(auth_session_find(f->au, &f->arena, r.cookie, &s), CONG_ENOTFOUND);
}

static void password_change_and_disable_end_sessions(void **state)
{
    struct fixture *f = *state;
    struct auth_login a, b;
    struct auth_session s;
    int64_t id = add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);

    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.1", &a), AUTH_LOGIN_OK);
    assert_int_equal(auth_user_set_password(f->au, &f->by, "lan", "mat-khau-moi-1",
                                            strlen("mat-khau-moi-1"), NULL),
                     CONG_OK);
    assert_int_equal(auth_session_find(f->au, &f->arena, a.cookie, &s), CONG_ENOTFOUND);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.1", &b), AUTH_LOGIN_BAD);
    assert_int_equal(login(f, "lan", "mat-khau-moi-1", "10.0.0.1", &b), AUTH_LOGIN_OK);
    assert_int_equal(auth_user_set_disabled(f->au, &f->by, id, true), CONG_OK);
    assert_int_equal(auth_session_find(f->au, &f->arena, b.cookie, &s), CONG_ENOTFOUND);
    assert_int_equal(auth_user_set_password(f->au, &f->by, "lan", "short", 5, NULL), CONG_EINVAL);
    assert_int_equal(auth_user_set_password(f->au, &f->by, "ai-do", "mat-khau-moi-1",
                                            strlen("mat-khau-moi-1"), NULL),
                     CONG_ENOTFOUND);
}

static void logout_ends_only_that_session(void **state)
{
    struct fixture *f = *state;
    struct auth_login a, b;
    struct auth_session s;

    add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.1", &a), AUTH_LOGIN_OK);
    assert_int_equal(login(f, "lan", "mat-khau-dung", "10.0.0.2", &b), AUTH_LOGIN_OK);
    assert_int_equal(auth_session_find(f->au, &f->arena, a.cookie, &s), CONG_OK);
    assert_int_equal(auth_logout(f->au, &s, "10.0.0.1"), CONG_OK);
    assert_int_equal(auth_session_find(f->au, &f->arena, a.cookie, &s), CONG_ENOTFOUND);
    assert_int_equal(auth_session_find(f->au, &f->arena, b.cookie, &s), CONG_OK);
}

/* Users and the audit log. */

static void user_add_refuses_bad_input_with_a_reason(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct auth_user u;
    int64_t id;

    id = add_user(f, "lan", "mat-khau-dung", AUTH_PUBLISHER);
    assert_int_equal(
        auth_user_add(f->au, &f->by, "lan", AUTH_MEMBER, "mat-khau-dung", 13, NULL, &err),
        CONG_EEXIST);
    assert_non_null(strstr(err.msg, "already exists"));
    assert_int_equal(
        auth_user_add(f->au, &f->by, "Lan", AUTH_MEMBER, "mat-khau-dung", 13, NULL, &err),
        CONG_EINVAL);
    assert_int_equal(
        auth_user_add(f->au, &f->by, "minh", AUTH_GUEST, "mat-khau-dung", 13, NULL, &err),
        CONG_EINVAL);
    assert_int_equal(auth_user_add(f->au, &f->by, "minh", AUTH_MEMBER, "ngan", 4, NULL, &err),
                     CONG_EINVAL);
    assert_non_null(strstr(err.msg, "at least 10"));
    assert_int_equal(auth_user_get(f->au, &f->arena, id, &u), CONG_OK);
    assert_int_equal(u.role, AUTH_PUBLISHER);
    assert_int_equal(auth_user_set_role(f->au, &f->by, id, AUTH_EDITOR), CONG_OK);
    assert_int_equal(auth_user_get(f->au, &f->arena, id, &u), CONG_OK);
    assert_int_equal(u.role, AUTH_EDITOR);
    /* no role on the site: the account stays, and may do nothing there */
    assert_int_equal(auth_user_set_role(f->au, &f->by, id, AUTH_GUEST), CONG_OK);
    assert_int_equal(auth_user_get(f->au, &f->arena, id, &u), CONG_OK);
    assert_int_equal(u.role, AUTH_GUEST);
    assert_int_equal(auth_user_set_role(f->au, &f->by, id, 99), CONG_EINVAL);
    assert_int_equal(auth_user_set_role(f->au, &f->by, id + 100, AUTH_EDITOR), CONG_ENOTFOUND);
}

static void audit_log_lists_newest_first_with_who_and_where(void **state)
{
    struct fixture *f = *state;
    struct auth_actor admin = {.user_id = 7, .name = "quan-tri", .ip = "192.0.2.1"};
    struct audit_entry *e;
    struct auth_login r;
    size_t n, total;

    add_user(f, "lan", "mat-khau-dung", AUTH_AUTHOR);
    fake_time += 60;
    login(f, "lan", "sai-mat-khau", "198.51.100.7", &r);
    fake_time += 60;
    assert_int_equal(auth_audit(f->au, &admin, "article_published", "bai-1", "note"), CONG_OK);
    assert_int_equal(auth_audit_list(f->au, &f->arena, 0, 2, &e, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 3);
    assert_string_equal(e[0].action, "article_published");
    assert_string_equal(e[0].user_name, "quan-tri");
    assert_string_equal(e[0].ip, "192.0.2.1");
    assert_int_equal(e[0].at, T0 + 120);
    assert_string_equal(e[1].action, "login_failed");
    assert_string_equal(e[1].ip, "198.51.100.7");
    assert_string_equal(e[1].target, "lan");
    assert_int_equal(auth_audit_list(f->au, &f->arena, 2, 2, &e, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].action, "user_created");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roles_parse_and_print_back),
        cmocka_unit_test(roles_are_ordered_from_guest_to_admin),
        cmocka_unit_test(user_names_follow_the_rules),
        cmocka_unit_test(password_length_counts_characters_not_bytes),
        cmocka_unit_test_setup_teardown(password_hash_verifies_only_the_same_password, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(real_cost_is_argon2id_interactive, setup, teardown),
        cmocka_unit_test(secrets_are_random_and_well_formed),
        cmocka_unit_test(secrets_compare_exactly),
        cmocka_unit_test_setup_teardown(tokens_have_the_documented_format, setup, teardown),
        cmocka_unit_test_setup_teardown(revoked_token_and_disabled_user_authenticate_nobody, setup,
                                        teardown),
        cmocka_unit_test(lock_grows_from_fifteen_minutes_to_a_day),
        cmocka_unit_test(pace_grows_from_one_second_to_eight),
        cmocka_unit_test_setup_teardown(five_failures_lock_one_address_out_of_the_name, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(many_addresses_slow_the_name_but_never_lock_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_address_is_trusted_for_thirty_days, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failure_after_a_lock_doubles_it, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_names_lock_like_known_ones, setup, teardown),
        cmocka_unit_test_setup_teardown(twenty_failures_lock_the_address, setup, teardown),
        cmocka_unit_test_setup_teardown(disabled_user_cannot_log_in, setup, teardown),
        cmocka_unit_test_setup_teardown(each_login_gets_a_new_id_and_ends_the_old_one, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(idle_sessions_end_after_two_hours, setup, teardown),
        cmocka_unit_test_setup_teardown(busy_sessions_end_after_twelve_hours, setup, teardown),
        cmocka_unit_test_setup_teardown(password_change_and_disable_end_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(logout_ends_only_that_session, setup, teardown),
        cmocka_unit_test_setup_teardown(user_add_refuses_bad_input_with_a_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_log_lists_newest_first_with_who_and_where, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
