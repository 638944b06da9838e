/*
 * Unit tests of the editor's autosaves through content.h (content_autosave_put/get/delete):
 * who may keep one (the rules of editing), what is kept (the known fields only, checked for
 * UTF-8 and length), one per article and user, and a stored value that no longer parses is
 * "none" rather than an error. On a real SQLite file in a temporary directory, removed after.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "content/content.h"

#define NOW 1800000000

struct fixture {
    char dir[64];
    char path[128];
    struct store *st;
    struct content_actor author, author2, editor, member;
    int64_t article; /* a draft of author */
    struct arena ar;
};

static int setup(void **state)
{
    static const char *const names[] = {"tacgia", "tacgia2", "bientap", "thanhvien"};
    static const char *const roles[] = {"author", "author", "editor", "member"};
    static const enum auth_role eroles[] = {AUTH_AUTHOR, AUTH_AUTHOR, AUTH_EDITOR, AUTH_MEMBER};
    struct fixture *f = calloc(1, sizeof(*f));
    struct content_actor *who[4];
    struct cong_error err;
    struct category c = {.slug = "tin-tuc", .name = "Tin tức"};
    int64_t cat;
    int n;

    if (!f)
        return -1;
    who[0] = &f->author;
    who[1] = &f->author2;
    who[2] = &f->editor;
    who[3] = &f->member;
    snprintf(f->dir, sizeof(f->dir), "/tmp/test_autosave.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    n = snprintf(f->path, sizeof(f->path), "%s/cong.db", f->dir);
    if (n < 0 || (size_t)n >= sizeof(f->path))
        return -1;
    if (store_open(f->path, STORE_OPEN_CREATE, &f->st, &err) != CONG_OK ||
        store_add_category(f->st, &c, &cat) != CONG_OK)
        return -1;
    for (int i = 0; i < 4; i++) {
        struct user u = {.name = names[i],
                         .display_name = names[i],
                         .role = roles[i],
                         .password_hash = "x",
                         .created_at = NOW};
        *who[i] = (struct content_actor){.name = names[i], .role = eroles[i], .ip = ""};
        if (store_add_user(f->st, &u, &who[i]->user_id) != CONG_OK)
            return -1;
    }
    struct article_edit e = {.title = "Bài nháp", .category_slug = "tin-tuc"};
    if (content_article_create(f->st, &f->author, &e, NOW, &f->article, &err) != CONG_OK)
        return -1;
    arena_init(&f->ar, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[256];

    arena_release(&f->ar);
    store_free(f->st);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* The value of field name among f[0..n), or NULL. */
static const char *value_of(const struct content_field *f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(f[i].name, name))
            return f[i].value;
    }
    return NULL;
}

static void kept_fields_come_back_and_unknown_ones_are_dropped(void **state)
{
    struct fixture *f = *state;
    const struct content_field in[] = {
        {"title", "Tiêu đề đang gõ"},
        {"body", "Dòng một\nDòng hai"},
        {"csrf", "bí mật"},
        {"category", "tin-tuc"},
        {"revision", "3"},
        {"cover", "0"},
    };
    struct content_field *out;
    struct cong_error err = {0};
    size_t n;
    int64_t at;

    assert_int_equal(content_autosave_put(f->st, &f->author, f->article, in, 6, NOW + 5, &err),
                     CONG_OK);
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->author, f->article, &at, &out, &n),
                     CONG_OK);
    assert_int_equal(at, NOW + 5);
    assert_int_equal(n, 4);
    assert_string_equal(value_of(out, n, "title"), "Tiêu đề đang gõ");
    assert_string_equal(value_of(out, n, "body"), "Dòng một\nDòng hai");
    assert_null(value_of(out, n, "csrf"));
    assert_null(value_of(out, n, "revision"));
    /* a later one replaces it */
    const struct content_field again[] = {{"title", "Lần hai"}};
    assert_int_equal(content_autosave_put(f->st, &f->author, f->article, again, 1, NOW + 15, &err),
                     CONG_OK);
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->author, f->article, &at, &out, &n),
                     CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(at, NOW + 15);
    assert_string_equal(out[0].value, "Lần hai");
    /* one per user: the editor has none of their own */
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->editor, f->article, &at, &out, &n),
                     CONG_ENOTFOUND);
    assert_int_equal(content_autosave_delete(f->st, &f->author, f->article), CONG_OK);
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->author, f->article, &at, &out, &n),
                     CONG_ENOTFOUND);
    assert_int_equal(n, 0);
    assert_null(out);
    /* deleting none is no error */
    assert_int_equal(content_autosave_delete(f->st, &f->author, f->article), CONG_OK);
}

static void a_new_articles_form_is_article_zero(void **state)
{
    struct fixture *f = *state;
    const struct content_field in[] = {{"title", "Chưa tạo"}};
    struct content_field *out;
    struct cong_error err = {0};
    size_t n;
    int64_t at;

    assert_int_equal(content_autosave_put(f->st, &f->author2, 0, in, 1, NOW, &err), CONG_OK);
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->author2, 0, &at, &out, &n), CONG_OK);
    assert_string_equal(value_of(out, n, "title"), "Chưa tạo");
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->author, 0, &at, &out, &n),
                     CONG_ENOTFOUND);
}

static void only_those_who_may_edit_keep_one(void **state)
{
    struct fixture *f = *state;
    const struct content_field in[] = {{"title", "Chiếm"}};
    struct content_field *out;
    struct cong_error err = {0};
    struct content_actor nobody = {.user_id = 0, .name = "", .role = AUTH_AUTHOR, .ip = ""};
    size_t n;
    int64_t at;

    assert_int_equal(content_autosave_put(f->st, &f->author2, f->article, in, 1, NOW, &err),
                     CONG_EPERM);
    assert_true(err.msg[0] != '\0');
    assert_int_equal(content_autosave_put(f->st, &f->member, 0, in, 1, NOW, &err), CONG_EPERM);
    assert_int_equal(content_autosave_put(f->st, &nobody, 0, in, 1, NOW, &err), CONG_EPERM);
    assert_int_equal(content_autosave_put(f->st, &f->author, 999999, in, 1, NOW, &err),
                     CONG_ENOTFOUND);
    assert_int_equal(content_autosave_put(f->st, &f->author, -4, in, 1, NOW, &err), CONG_ENOTFOUND);
    /* an editor may edit any draft, so may keep an autosave of it */
    assert_int_equal(content_autosave_put(f->st, &f->editor, f->article, in, 1, NOW, &err),
                     CONG_OK);
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->author2, f->article, &at, &out, &n),
                     CONG_ENOTFOUND);
}

static void bad_values_are_refused_and_nothing_is_kept(void **state)
{
    struct fixture *f = *state;
    char *long_title = malloc(4 * CONTENT_TITLE_MAX + 2);
    struct content_field *out;
    struct cong_error err = {0};
    size_t n;
    int64_t at;

    assert_non_null(long_title);
    memset(long_title, 'a', 4 * CONTENT_TITLE_MAX + 1);
    long_title[4 * CONTENT_TITLE_MAX + 1] = '\0';
    const struct content_field too_long[] = {{"title", long_title}};
    const struct content_field not_utf8[] = {{"body", "ch\xc3\x28o"}};
    assert_int_equal(content_autosave_put(f->st, &f->author, f->article, too_long, 1, NOW, &err),
                     CONG_EINVAL);
    assert_int_equal(content_autosave_put(f->st, &f->author, f->article, not_utf8, 1, NOW, &err),
                     CONG_EINVAL);
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->author, f->article, &at, &out, &n),
                     CONG_ENOTFOUND);
    free(long_title);
}

static void a_stored_value_that_does_not_parse_reads_as_none(void **state)
{
    struct fixture *f = *state;
    struct article_autosave as = {.article_id = f->article,
                                  .user_id = f->author.user_id,
                                  .saved_at = NOW,
                                  .data = "{không phải JSON"};
    struct content_field *out;
    size_t n;
    int64_t at;

    assert_int_equal(store_put_autosave(f->st, &as), CONG_OK);
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->author, f->article, &at, &out, &n),
                     CONG_ENOTFOUND);
    as.data = "{\"title\": 5, \"body\": \"giữ\", \"lạ\": \"bỏ\"}";
    assert_int_equal(store_put_autosave(f->st, &as), CONG_OK);
    assert_int_equal(content_autosave_get(f->st, &f->ar, &f->author, f->article, &at, &out, &n),
                     CONG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].name, "body");
    assert_string_equal(out[0].value, "giữ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(kept_fields_come_back_and_unknown_ones_are_dropped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_new_articles_form_is_article_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(only_those_who_may_edit_keep_one, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_values_are_refused_and_nothing_is_kept, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_stored_value_that_does_not_parse_reads_as_none, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
