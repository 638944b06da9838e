/*
 * Unit tests of menus and site settings through content.h: which URLs an item may lead to,
 * an item added last or at a position, moved up and down, indented under the item before it
 * and back out, a third level and a foreign parent refused, a delete taking the sub-items
 * along, only admins changing anything; and the site settings' checks with the field they
 * name. Each test has its own database in a temporary directory, removed at its end.
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
#include <unistd.h>

#include "content/content.h"

struct fixture {
    char dir[64];
    char path[128];
    struct arena arena;
    struct store *st;
};

static const struct content_actor admin = {1, "quantri", AUTH_ADMIN, "127.0.0.1"};
static const struct content_actor editor = {2, "bientap", AUTH_EDITOR, "127.0.0.1"};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct cong_error err = {0};
    int n;

    if (!f)
        return -1;
    n = snprintf(f->dir, sizeof(f->dir), "/tmp/test_menus.XXXXXX");
    if (n < 0 || (size_t)n >= sizeof(f->dir) || !mkdtemp(f->dir))
        goto fail;
    n = snprintf(f->path, sizeof(f->path), "%s/cong.db", f->dir);
    if (n < 0 || (size_t)n >= sizeof(f->path))
        goto fail;
    if (store_open(f->path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &f->st, &err) != CONG_OK)
        goto fail;
    arena_init(&f->arena, 0);
    *state = f;
    return 0;
fail:
    free(f);
    return -1;
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
    int rc;

    store_free(f->st);
    arena_release(&f->arena);
    rc = nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

static int64_t add(struct fixture *f, const char *label, int64_t parent)
{
    struct menu_input in = {.label = label, .kind = "url", .url = "/", .parent_id = parent,
                            .position = -1};
    struct cong_error err = {0};
    int64_t id = 0;

    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "main", &in, &id, &err), CONG_OK);
    return id;
}

/* The labels of the main menu in store order as "A,B(A),C": a sub-item names its parent. */
static const char *order(struct fixture *f)
{
    static char out[512];
    struct menu_item *v;
    size_t n, len = 0;

    assert_int_equal(store_list_menu_items(f->st, &f->arena, "main", &v, &n), CONG_OK);
    out[0] = 0;
    /* tree order: each top item, then its children */
    for (size_t i = 0; i < n; i++) {
        if (v[i].parent_id)
            continue;
        len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s", len ? "," : "", v[i].label);
        for (size_t k = 0; k < n; k++) {
            if (v[k].parent_id == v[i].id)
                len += (size_t)snprintf(out + len, sizeof(out) - len, ",%s(%s)", v[k].label,
                                        v[i].label);
        }
    }
    return out;
}

static void url_rules(void **state)
{
    (void)state;
    assert_true(content_menu_url_is_allowed("/"));
    assert_true(content_menu_url_is_allowed("/trang/gioi-thieu?a=1#b"));
    assert_true(content_menu_url_is_allowed("https://dichvucong.gov.vn/"));
    assert_true(content_menu_url_is_allowed("http://example.vn:8080/x"));
    assert_false(content_menu_url_is_allowed("javascript:alert(1)"));
    assert_false(content_menu_url_is_allowed("JAVASCRIPT:alert(1)"));
    assert_false(content_menu_url_is_allowed("data:text/html,x"));
    assert_false(content_menu_url_is_allowed("//evil.example/"));
    assert_false(content_menu_url_is_allowed("https://"));
    assert_false(content_menu_url_is_allowed("https://a b.vn/"));
    assert_false(content_menu_url_is_allowed("/x\"onmouseover=1"));
    assert_false(content_menu_url_is_allowed(""));
    assert_false(content_menu_url_is_allowed("tin-tuc"));
}

static void items_ordered_moved_and_nested(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    int64_t a = add(f, "A", 0), b = add(f, "B", 0), c = add(f, "C", 0);

    assert_string_equal(order(f), "A,B,C");
    assert_int_equal(content_menu_move(f->st, &admin, &f->arena, "main", c, CONTENT_MENU_UP,
                                       &err), CONG_OK);
    assert_string_equal(order(f), "A,C,B");
    assert_int_equal(content_menu_move(f->st, &admin, &f->arena, "main", a, CONTENT_MENU_UP,
                                       &err), CONG_ESTATE);
    assert_int_equal(content_menu_move(f->st, &admin, &f->arena, "main", c, CONTENT_MENU_INDENT,
                                       &err), CONG_OK);
    assert_string_equal(order(f), "A,C(A),B");
    assert_int_equal(content_menu_move(f->st, &admin, &f->arena, "main", b, CONTENT_MENU_INDENT,
                                       &err), CONG_OK);
    assert_string_equal(order(f), "A,C(A),B(A)");
    /* A has children: it cannot go under anything */
    int64_t d = add(f, "D", 0);
    assert_int_equal(content_menu_move(f->st, &admin, &f->arena, "main", d, CONTENT_MENU_UP,
                                       &err), CONG_OK);
    assert_string_equal(order(f), "D,A,C(A),B(A)");
    assert_int_equal(content_menu_move(f->st, &admin, &f->arena, "main", a, CONTENT_MENU_INDENT,
                                       &err), CONG_ESTATE);
    assert_int_equal(content_menu_move(f->st, &admin, &f->arena, "main", c,
                                       CONTENT_MENU_OUTDENT, &err), CONG_OK);
    assert_string_equal(order(f), "D,A,B(A),C");
    /* a third level and an item of the other menu as parent are refused */
    struct menu_input in = {.label = "E", .kind = "url", .url = "/", .parent_id = b,
                            .position = -1};
    int64_t id;
    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "main", &in, &id, &err),
                     CONG_ESTATE);
    assert_string_equal(err.field, "parent");
    in.parent_id = a;
    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "footer", &in, &id, &err),
                     CONG_EINVAL);
    /* added at a position */
    in = (struct menu_input){.label = "F", .kind = "documents", .position = 1};
    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "main", &in, &id, &err), CONG_OK);
    assert_string_equal(order(f), "D,F,A,B(A),C");
    /* deleting A takes B along */
    assert_int_equal(content_menu_delete(f->st, &admin, &f->arena, "main", a, &err), CONG_OK);
    assert_string_equal(order(f), "D,F,C");
    assert_int_equal(content_menu_delete(f->st, &admin, &f->arena, "main", b, &err),
                     CONG_ENOTFOUND);
}

/* An item's language: "vi" unless said; a sub-item takes its parent's; anything but "vi"
   and "en" refused with the field named, nothing written. */
static void items_carry_a_language(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct menu_input in = {.label = "About", .kind = "url", .url = "/", .position = -1,
                            .lang = "en"};
    struct menu_item it;
    int64_t top, sub, vi;

    assert_true(content_lang_is_valid("vi") && content_lang_is_valid("en"));
    assert_false(content_lang_is_valid("EN") || content_lang_is_valid("") ||
                 content_lang_is_valid(NULL) || content_lang_is_valid("en-gb"));
    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "main", &in, &top, &err),
                     CONG_OK);
    vi = add(f, "Giới thiệu", 0);
    /* asked Vietnamese under an English parent: English, as its parent */
    in = (struct menu_input){.label = "Leaders", .kind = "url", .url = "/", .parent_id = top,
                             .position = -1, .lang = "vi"};
    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "main", &in, &sub, &err),
                     CONG_OK);
    assert_int_equal(store_get_menu_item(f->st, &f->arena, sub, &it), CONG_OK);
    assert_string_equal(it.lang, "en");
    assert_int_equal(store_get_menu_item(f->st, &f->arena, vi, &it), CONG_OK);
    assert_string_equal(it.lang, "vi");
    /* a change without a language keeps it */
    in = (struct menu_input){.label = "About us", .kind = "url", .url = "/", .position = -1};
    assert_int_equal(content_menu_update(f->st, &admin, &f->arena, "main", top, &in, &err),
                     CONG_OK);
    assert_int_equal(store_get_menu_item(f->st, &f->arena, top, &it), CONG_OK);
    assert_string_equal(it.lang, "en");
    in.lang = "fr";
    assert_int_equal(content_menu_update(f->st, &admin, &f->arena, "main", top, &in, &err),
                     CONG_EINVAL);
    assert_string_equal(err.field, "lang");
    assert_int_equal(store_get_menu_item(f->st, &f->arena, top, &it), CONG_OK);
    assert_string_equal(it.label, "About us");
}

static void bad_items_and_roles_refused(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct menu_input in = {.label = "X", .kind = "url", .url = "javascript:x", .position = -1};
    int64_t id;

    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "main", &in, &id, &err),
                     CONG_EINVAL);
    assert_string_equal(err.field, "url");
    in = (struct menu_input){.label = "", .kind = "documents", .position = -1};
    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "main", &in, &id, &err),
                     CONG_EINVAL);
    assert_string_equal(err.field, "label");
    in = (struct menu_input){.label = "P", .kind = "page", .ref_id = 424242, .position = -1};
    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "main", &in, &id, &err),
                     CONG_EINVAL);
    assert_string_equal(err.field, "page");
    in = (struct menu_input){.label = "V", .kind = "documents", .position = -1};
    assert_int_equal(content_menu_add(f->st, &editor, &f->arena, "main", &in, &id, &err),
                     CONG_EPERM);
    assert_int_equal(content_menu_add(f->st, &admin, &f->arena, "left", &in, &id, &err),
                     CONG_ENOTFOUND);
    assert_string_equal(order(f), "");
}

static void site_settings_checked_and_written(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    const struct content_site_field *fields[2] = {content_site_field_find("email"),
                                                  content_site_field_find("name")};
    const char *bad[2] = {"khong-phai@", "Tên mới"}, *good[2] = {"vp@truong.example.vn",
                                                               "Tên mới"};
    const char *v;

    assert_non_null(fields[0]);
    assert_int_equal(content_site_settings_update(f->st, &admin, &f->arena, fields, bad, 2, &err),
                     CONG_EINVAL);
    assert_string_equal(err.field, "email");
    /* nothing was written: the name is checked and written only with the rest */
    assert_int_equal(content_site_field_get(f->st, &f->arena, fields[1], &v), CONG_OK);
    assert_string_not_equal(v, "Tên mới");
    assert_int_equal(content_site_settings_update(f->st, &editor, &f->arena, fields, good, 2,
                                                  &err), CONG_EPERM);
    assert_int_equal(content_site_settings_update(f->st, &admin, &f->arena, fields, good, 2,
                                                  &err), CONG_OK);
    assert_int_equal(content_site_field_get(f->st, &f->arena, fields[1], &v), CONG_OK);
    assert_string_equal(v, "Tên mới");
    /* the flag is kept as the setting the portlets read */
    const struct content_site_field *hide = content_site_field_find("hide_unauthorized");
    const char *yes = "1";
    char *stored = NULL;
    assert_int_equal(content_site_settings_update(f->st, &admin, &f->arena, &hide, &yes, 1, &err),
                     CONG_OK);
    assert_int_equal(store_get_setting(f->st, &f->arena, "portlet_unauthorized", &stored), CONG_OK);
    assert_string_equal(stored, "hide");
    assert_int_equal(content_setting_check("language", "fr", &err), CONG_EINVAL);
    assert_int_equal(content_setting_check("phone", "(0210) 3 812 345", &err), CONG_OK);
    assert_int_equal(content_setting_check("social_zalo", "javascript:x", &err), CONG_EINVAL);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(url_rules),
        T(items_ordered_moved_and_nested),
        T(items_carry_a_language),
        T(bad_items_and_roles_refused),
        T(site_settings_checked_and_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
