/*
 * Unit tests of the i18n module: lookups in the compiled English catalogue, the thread's
 * language, plural forms, dates and numbers per language, and templates translated at load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "i18n/i18n.h"
#include "render/render.h"

/* DESIGN.md's message, in both languages. */
#define DENIED_VI "Bạn chưa có đủ quyền truy nhập portlet này."
#define DENIED_EN "You do not have permission to view this portlet."

static void vietnamese_is_the_source(void **state)
{
    (void)state;
    i18n_set_lang(I18N_VI);
    assert_string_equal(_(DENIED_VI), DENIED_VI);
    assert_string_equal(i18n_tr(I18N_VI, DENIED_VI), DENIED_VI);
    assert_int_equal(i18n_lang(), I18N_VI);
}

static void english_comes_from_the_catalogue(void **state)
{
    (void)state;
    assert_string_equal(i18n_tr(I18N_EN, DENIED_VI), DENIED_EN);
    assert_int_equal(i18n_set_lang(I18N_EN), I18N_VI);
    assert_string_equal(_(DENIED_VI), DENIED_EN);
    i18n_set_lang(I18N_VI);
}

static void unknown_text_stays_as_it_is(void **state)
{
    (void)state;
    assert_string_equal(i18n_tr(I18N_EN, "Không có trong danh mục"), "Không có trong danh mục");
    assert_string_equal(i18n_tr(I18N_EN, ""), "");
    assert_null(i18n_tr(I18N_EN, NULL));
    assert_string_equal(i18n_trc(I18N_EN, "không có", "chữ"), "chữ");
    /* a language out of range speaks Vietnamese */
    i18n_set_lang((enum i18n_lang)7);
    assert_int_equal(i18n_lang(), I18N_VI);
}

static void plural_forms_fall_back_by_count(void **state)
{
    (void)state;
    /* not in the catalogue: Vietnamese has one form; English picks by n */
    assert_string_equal(i18n_trn(I18N_VI, "%d mục lạ", "%d mục lạ khác", 5), "%d mục lạ");
    assert_string_equal(i18n_trn(I18N_EN, "%d mục lạ", "%d mục lạ khác", 1), "%d mục lạ");
    assert_string_equal(i18n_trn(I18N_EN, "%d mục lạ", "%d mục lạ khác", 2), "%d mục lạ khác");
}

static void codes_parse_and_print(void **state)
{
    enum i18n_lang l = I18N_VI;

    (void)state;
    assert_true(i18n_parse("en", &l));
    assert_int_equal(l, I18N_EN);
    assert_true(i18n_parse("VI", &l));
    assert_int_equal(l, I18N_VI);
    assert_false(i18n_parse("fr", &l));
    assert_false(i18n_parse("", &l));
    assert_false(i18n_parse("e", &l));
    assert_false(i18n_parse(NULL, &l));
    assert_int_equal(l, I18N_VI);
    assert_string_equal(i18n_code(I18N_EN), "en");
    assert_string_equal(i18n_code(I18N_VI), "vi");
}

static void *english_thread(void *arg)
{
    (void)arg;
    /* a new thread speaks Vietnamese whatever its creator speaks */
    return (void *)(intptr_t)(i18n_lang() == I18N_VI);
}

static void the_language_is_the_threads(void **state)
{
    pthread_t t;
    void *vi;

    (void)state;
    i18n_set_lang(I18N_EN);
    assert_int_equal(pthread_create(&t, NULL, english_thread, NULL), 0);
    assert_int_equal(pthread_join(t, &vi), 0);
    assert_true(vi != NULL);
    assert_int_equal(i18n_lang(), I18N_EN);
    i18n_set_lang(I18N_VI);
}

static void numbers_and_dates_per_language(void **state)
{
    struct buf b;
    /* 2026-12-04 09:30 in Asia/Ho_Chi_Minh (UTC+7) */
    const int64_t t = 1796351400;

    (void)state;
    assert_int_equal(time_set_zone("Asia/Ho_Chi_Minh"), CONG_OK);
    buf_init(&b, 0);
    i18n_set_lang(I18N_VI);
    i18n_add_int(&b, 1234567);
    buf_putc(&b, ' ');
    i18n_add_int(&b, -1000);
    buf_putc(&b, ' ');
    i18n_add_int(&b, 999);
    buf_putc(&b, ' ');
    i18n_add_date(&b, t);
    buf_putc(&b, '|');
    i18n_add_datetime(&b, t);
    assert_string_equal(b.data, "1.234.567 -1.000 999 04-12-2026|04-12-2026 09:30");
    buf_reset(&b);
    i18n_set_lang(I18N_EN);
    i18n_add_int(&b, 1234567);
    buf_putc(&b, ' ');
    i18n_add_int(&b, INT64_MIN);
    buf_putc(&b, ' ');
    i18n_add_date(&b, t);
    buf_putc(&b, '|');
    i18n_add_datetime(&b, t);
    assert_string_equal(b.data,
                        "1,234,567 -9,223,372,036,854,775,808 4 Dec 2026|4 Dec 2026, 09:30");
    i18n_set_lang(I18N_VI);
    buf_release(&b);
}

static void render(struct tmpl_set *set, const char *name, enum i18n_lang lang, struct buf *out)
{
    struct cong_error err;

    buf_reset(out);
    i18n_set_lang(lang);
    assert_int_equal(tmpl_render(set, name, NULL, out, &err), CONG_OK);
    i18n_set_lang(I18N_VI);
}

static void templates_speak_the_threads_language(void **state)
{
    static const char src[] = "<p>{{#_}}" DENIED_VI "{{/_}}</p>{{#_}}Chữ lạ {{x}}{{/_}}";
    struct tmpl_set *set;
    struct cong_error err;
    struct buf b;

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "t", src, strlen(src), &err), CONG_OK);
    buf_init(&b, 1 << 16);
    render(set, "t", I18N_VI, &b);
    assert_string_equal(b.data, "<p>" DENIED_VI "</p>Chữ lạ ");
    render(set, "t", I18N_EN, &b);
    assert_string_equal(b.data, "<p>" DENIED_EN "</p>Chữ lạ ");
    buf_release(&b);
    tmpl_set_free(set);
}

static void bad_markers_do_not_load(void **state)
{
    static const char *const bad[] = {"a {{#_}}b", "{{#_}}a {{#_}}b{{/_}}{{/_}}",
                                      "x\n{{#_}}{{#y}}{{/_}}"};
    struct tmpl_set *set;
    struct cong_error err;

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(tmpl_set_add(set, "bad", bad[i], strlen(bad[i]), &err), CONG_EPARSE);
        assert_non_null(strstr(err.msg, "bad"));
    }
    assert_false(tmpl_set_has(set, "bad"));
    tmpl_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vietnamese_is_the_source),
        cmocka_unit_test(english_comes_from_the_catalogue),
        cmocka_unit_test(unknown_text_stays_as_it_is),
        cmocka_unit_test(plural_forms_fall_back_by_count),
        cmocka_unit_test(codes_parse_and_print),
        cmocka_unit_test(the_language_is_the_threads),
        cmocka_unit_test(numbers_and_dates_per_language),
        cmocka_unit_test(templates_speak_the_threads_language),
        cmocka_unit_test(bad_markers_do_not_load),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
