/*
 * Unit tests of the core module: buffers (sticky error, cap, escaping), the arena, UTF-8
 * validation, Vietnamese slugs and folding, number parsing and dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"

static void buf_appends_and_stays_nul_terminated(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 0);
    assert_string_equal(b.data, "");
    buf_puts(&b, "Cổng");
    buf_putc(&b, ' ');
    buf_printf(&b, "%d-%s", 42, "x");
    assert_string_equal(b.data, "Cổng 42-x");
    assert_int_equal(b.len, strlen("Cổng 42-x"));
    assert_int_equal(buf_error(&b), CONG_OK);
    buf_release(&b);
}

static void buf_cap_makes_error_sticky(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 8);
    buf_puts(&b, "12345");
    buf_puts(&b, "6789"); /* over the cap: refused whole */
    assert_int_equal(buf_error(&b), CONG_ENOMEM);
    assert_string_equal(b.data, "12345");
    buf_puts(&b, "a"); /* later appends are no-ops */
    assert_string_equal(b.data, "12345");
    assert_null(buf_detach(&b, NULL));
    buf_release(&b);
}

static void buf_reset_clears_the_error(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 4);
    buf_puts(&b, "too long");
    assert_true(b.failed);
    buf_reset(&b);
    assert_false(b.failed);
    buf_puts(&b, "ok");
    assert_string_equal(b.data, "ok");
    buf_release(&b);
}

static void buf_detach_hands_over_the_bytes(void **state)
{
    struct buf b;
    size_t len;
    char *p;

    (void)state;
    buf_init(&b, 0);
    p = buf_detach(&b, &len); /* empty: still a real allocation */
    assert_non_null(p);
    assert_int_equal(len, 0);
    free(p);
    buf_puts(&b, "abc");
    p = buf_detach(&b, &len);
    assert_string_equal(p, "abc");
    assert_int_equal(len, 3);
    assert_int_equal(b.len, 0);
    free(p);
}

static void buf_html_escapes_every_special_character(void **state)
{
    struct buf b;
    const char *in = "<a href=\"x\" title='y'>&</a>";

    (void)state;
    buf_init(&b, 0);
    buf_add_html(&b, in, strlen(in));
    assert_string_equal(b.data,
                        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    buf_release(&b);
}

static void buf_xml_drops_control_characters(void **state)
{
    struct buf b;
    const char in[] = "a\x01<b>\x1f&";

    (void)state;
    buf_init(&b, 0);
    buf_add_xml(&b, in, sizeof(in) - 1);
    assert_string_equal(b.data, "a&lt;b&gt;&amp;");
    buf_release(&b);
}

static void buf_urlenc_keeps_only_unreserved(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 0);
    buf_add_urlenc(&b, "đảng viên/a-b_c.~", strlen("đảng viên/a-b_c.~"));
    assert_string_equal(b.data, "%C4%91%E1%BA%A3ng%20vi%C3%AAn%2Fa-b_c.~");
    buf_release(&b);
}

static void arena_allocations_are_aligned_and_zeroed(void **state)
{
    struct arena a;
    char *p;

    (void)state;
    arena_init(&a, 0);
    for (int i = 1; i < 2000; i += 37) {
        p = arena_alloc(&a, (size_t)i);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int j = 0; j < i; j++)
            assert_int_equal(p[j], 0);
        memset(p, 0xAB, (size_t)i);
    }
    p = arena_alloc(&a, 100000); /* larger than a chunk */
    assert_non_null(p);
    assert_string_equal(arena_printf(&a, "%s-%d", "x", 7), "x-7");
    assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
    arena_release(&a);
}

static void arena_refuses_past_its_cap(void **state)
{
    struct arena a;

    (void)state;
    arena_init(&a, 1024);
    assert_non_null(arena_alloc(&a, 512));
    assert_null(arena_alloc(&a, 1024));
    arena_release(&a);
}

static void utf8_validation_rejects_malformed_sequences(void **state)
{
    (void)state;
    assert_true(text_is_utf8("Đảng viên", strlen("Đảng viên")));
    assert_true(text_is_utf8("", 0));
    assert_false(text_is_utf8("\xC3\x28", 2));         /* bad continuation */
    assert_false(text_is_utf8("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(text_is_utf8("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(text_is_utf8("\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
    assert_false(text_is_utf8("ab\xE1\xBA", 4));       /* truncated */
    assert_false(text_is_utf8("a\0b", 3));             /* NUL */
    assert_false(text_is_utf8("\xFF", 1));
}

static void check_slug(const char *in, const char *want)
{
    struct buf b;

    buf_init(&b, 0);
    assert_int_equal(text_slugify(in, strlen(in), 80, &b), CONG_OK);
    assert_string_equal(b.data, want);
    buf_release(&b);
}

static void slug_drops_diacritics_and_folds_d(void **state)
{
    (void)state;
    check_slug("Chi bộ Khoa Xây dựng Đảng", "chi-bo-khoa-xay-dung-dang");
    check_slug("ĐẠI HỘI ĐẢNG BỘ", "dai-hoi-dang-bo");
    check_slug("  Quý I/2022: “sinh hoạt” chuyên đề!  ", "quy-i-2022-sinh-hoat-chuyen-de");
    check_slug("Trường Chính trị tỉnh", "truong-chinh-tri-tinh");
    check_slug("", "");
    check_slug("—", "");
}

static void slug_is_the_same_for_nfc_and_nfd_input(void **state)
{
    /* "Việt" with precomposed ệ, and with e + combining circumflex + combining dot below */
    (void)state;
    check_slug("Vi\xE1\xBB\x87t", "viet");
    check_slug("Vie\xCC\x82\xCC\xA3t", "viet");
}

static void slug_is_cut_at_a_word_boundary(void **state)
{
    struct buf b;
    const char *in = "mot hai ba bon nam sau bay tam chin muoi";

    (void)state;
    buf_init(&b, 0);
    assert_int_equal(text_slugify(in, strlen(in), 16, &b), CONG_OK);
    assert_true(b.len <= 16);
    assert_string_equal(b.data, "mot-hai-ba-bon");
    buf_release(&b);
}

static void slug_refuses_invalid_utf8(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 0);
    assert_int_equal(text_slugify("a\xFF", 2, 80, &b), CONG_EINVAL);
    buf_release(&b);
}

static void fold_makes_vietnamese_accent_and_case_insensitive(void **state)
{
    const char *forms[] = {"Đảng viên", "ĐẢNG VIÊN", "dang vien", "đang vien",
                           "Da\xCC\x89ng vie\xCC\x82n"};
    struct buf b;

    (void)state;
    buf_init(&b, 0);
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        buf_reset(&b);
        assert_int_equal(text_fold(forms[i], strlen(forms[i]), &b), CONG_OK);
        assert_string_equal(b.data, "dang vien");
    }
    buf_release(&b);
}

static void parse_i64_accepts_only_whole_numbers(void **state)
{
    int64_t v;

    (void)state;
    assert_true(text_parse_i64("42", 2, &v));
    assert_int_equal(v, 42);
    assert_true(text_parse_i64("-9223372036854775808", 20, &v));
    assert_true(v == INT64_MIN);
    assert_false(text_parse_i64("9223372036854775808", 19, &v));
    assert_false(text_parse_i64("", 0, &v));
    assert_false(text_parse_i64("12a", 3, &v));
    assert_false(text_parse_i64("-", 1, &v));
    assert_false(text_parse_i64(" 1", 2, &v));
}

static void http_dates_parse_in_all_three_forms(void **state)
{
    struct buf b;
    int64_t t = 0, u = 0;

    (void)state;
    /* RFC 9110's example, in each of its three forms */
    assert_int_equal(time_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", &t), CONG_OK);
    assert_true(t == 784111777);
    assert_int_equal(time_parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", &u), CONG_OK);
    assert_true(u == t);
    assert_int_equal(time_parse_http_date("Sun Nov  6 08:49:37 1994", &u), CONG_OK);
    assert_true(u == t);
    assert_int_equal(time_parse_http_date("Thu, 01 Jan 2026 00:00:00 GMT", &u), CONG_OK);
    /* what we write reads back */
    buf_init(&b, 0);
    time_add_http_date(&b, u);
    assert_int_equal(time_parse_http_date(b.data, &t), CONG_OK);
    assert_true(t == u);
    buf_release(&b);

    assert_int_equal(time_parse_http_date("", &t), CONG_EINVAL);
    assert_int_equal(time_parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC", &t), CONG_EINVAL);
    assert_int_equal(time_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT ", &t), CONG_EINVAL);
    assert_int_equal(time_parse_http_date("Sun, 6 Nov 1994 08:49:37 GMT", &t), CONG_EINVAL);
    assert_int_equal(time_parse_http_date("Sun, 06 Nov 1994 24:00:00 GMT", &t), CONG_EINVAL);
    assert_int_equal(time_parse_http_date("Mon, 31 Feb 2022 08:49:37 GMT", &t), CONG_EINVAL);
    assert_int_equal(time_parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT", &t), CONG_EINVAL);
    assert_int_equal(time_parse_http_date("1994-11-06T08:49:37Z", &t), CONG_EINVAL);
    assert_int_equal(time_parse_http_date("Sun Nov x6 08:49:37 1994", &t), CONG_EINVAL);
}

static void dates_show_in_the_sites_time_zone(void **state)
{
    struct buf b;
    int64_t t;

    (void)state;
    assert_int_equal(time_set_zone("Asia/Ho_Chi_Minh"), CONG_OK);
    /* 2022-03-17 17:30 UTC is already the 18th in Hà Nội */
    assert_int_equal(time_parse_iso8601("2022-03-17T17:30:00Z", &t), CONG_OK);
    buf_init(&b, 0);
    time_add_date(&b, t);
    assert_string_equal(b.data, "18-03-2022");
    buf_reset(&b);
    time_add_iso8601(&b, t);
    assert_string_equal(b.data, "2022-03-18T00:30:00+07:00");
    buf_reset(&b);
    time_add_http_date(&b, t);
    assert_string_equal(b.data, "Thu, 17 Mar 2022 17:30:00 GMT");
    buf_reset(&b);
    time_add_rfc822(&b, t);
    assert_string_equal(b.data, "Fri, 18 Mar 2022 00:30:00 +0700");
    buf_release(&b);
}

static void iso8601_parsing_refuses_impossible_dates(void **state)
{
    int64_t t, u;

    (void)state;
    assert_int_equal(time_set_zone("Asia/Ho_Chi_Minh"), CONG_OK);
    assert_int_equal(time_parse_iso8601("2022-03-18", &t), CONG_OK);
    assert_int_equal(time_parse_iso8601("2022-03-17T17:00:00Z", &u), CONG_OK);
    assert_true(t == u);
    assert_int_equal(time_parse_iso8601("2022-03-18T08:00:00+07:00", &t), CONG_OK);
    assert_int_equal(time_parse_iso8601("2022-03-18T08:00", &u), CONG_OK);
    assert_true(t == u);
    assert_int_equal(time_parse_iso8601("2022-02-31", &t), CONG_EINVAL);
    assert_int_equal(time_parse_iso8601("2022-13-01", &t), CONG_EINVAL);
    assert_int_equal(time_parse_iso8601("18-03-2022", &t), CONG_EINVAL);
    assert_int_equal(time_parse_iso8601("2022-03-18T25:00", &t), CONG_EINVAL);
    assert_int_equal(time_parse_iso8601("2022-03-18junk", &t), CONG_EINVAL);
    assert_int_equal(time_set_zone("Nowhere/Atlantis"), CONG_EINVAL);
    assert_int_equal(time_set_zone("../../etc/passwd"), CONG_EINVAL);
}

static void errors_carry_a_formatted_message(void **state)
{
    struct cong_error err;

    (void)state;
    assert_int_equal(cong_error_set(&err, CONG_EIO, "cannot open '%s'", "x.db"), CONG_EIO);
    assert_string_equal(err.msg, "cannot open 'x.db'");
    assert_int_equal(cong_error_set(NULL, CONG_EINVAL, "ignored"), CONG_EINVAL);
    assert_string_equal(cong_strerror(CONG_OK), "ok");
    assert_string_equal(cong_strerror(CONG_ESCHEMA), "unsupported database schema");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_appends_and_stays_nul_terminated),
        cmocka_unit_test(buf_cap_makes_error_sticky),
        cmocka_unit_test(buf_reset_clears_the_error),
        cmocka_unit_test(buf_detach_hands_over_the_bytes),
        cmocka_unit_test(buf_html_escapes_every_special_character),
        cmocka_unit_test(buf_xml_drops_control_characters),
        cmocka_unit_test(buf_urlenc_keeps_only_unreserved),
        cmocka_unit_test(arena_allocations_are_aligned_and_zeroed),
        cmocka_unit_test(arena_refuses_past_its_cap),
        cmocka_unit_test(utf8_validation_rejects_malformed_sequences),
        cmocka_unit_test(slug_drops_diacritics_and_folds_d),
        cmocka_unit_test(slug_is_the_same_for_nfc_and_nfd_input),
        cmocka_unit_test(slug_is_cut_at_a_word_boundary),
        cmocka_unit_test(slug_refuses_invalid_utf8),
        cmocka_unit_test(fold_makes_vietnamese_accent_and_case_insensitive),
        cmocka_unit_test(parse_i64_accepts_only_whole_numbers),
        cmocka_unit_test(dates_show_in_the_sites_time_zone),
        cmocka_unit_test(http_dates_parse_in_all_three_forms),
        cmocka_unit_test(iso8601_parsing_refuses_impossible_dates),
        cmocka_unit_test(errors_carry_a_formatted_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
