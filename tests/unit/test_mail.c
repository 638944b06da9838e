/*
 * Unit tests of the mail module's message building: headers, the RFC 2047 subject, the
 * quoted-printable body with CRLF lines, and header injection refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mail/mail.h"

/* 2026-12-04 21:59:36 UTC, a Friday */
#define WHEN 1796421576

static char *build(const char *to, const char *subject, const char *body, enum cong_err *rc)
{
    struct mail_message m = {"noreply@cong.example.org", to, subject, body};
    struct cong_error err = {0};
    struct buf b;

    buf_init(&b, 0);
    *rc = mail_build(&m, WHEN, &b, &err);
    if (*rc != CONG_OK) {
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

static void message_has_the_headers_of_rfc_5322(void **state)
{
    enum cong_err rc;
    char *s = build("lan@example.org", "Hello", "Line one\nLine two\n", &rc);

    (void)state;
    assert_int_equal(rc, CONG_OK);
    assert_non_null(strstr(s, "Date: Fri, 04 Dec 2026 21:59:36 +0000\r\n"));
    assert_non_null(strstr(s, "\r\nMessage-ID: <"));
    assert_non_null(strstr(s, "@cong.example.org>\r\n"));
    assert_non_null(strstr(s, "\r\nFrom: noreply@cong.example.org\r\nTo: lan@example.org\r\n"));
    assert_non_null(strstr(s, "\r\nSubject: Hello\r\n"));
    assert_non_null(strstr(s, "\r\nMIME-Version: 1.0\r\n"));
    assert_non_null(strstr(s, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
    assert_non_null(strstr(s, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
    assert_non_null(strstr(s, "\r\n\r\nLine one\r\nLine two\r\n"));
    /* every line ends in CRLF: no bare LF anywhere */
    for (char *p = strchr(s, '\n'); p; p = strchr(p + 1, '\n'))
        assert_int_equal(p[-1], '\r');
    free(s);
}

static void vietnamese_subject_is_encoded_as_utf8_words(void **state)
{
    enum cong_err rc;
    char *s = build("lan@example.org", "Đặt lại mật khẩu", "x\n", &rc);

    (void)state;
    assert_int_equal(rc, CONG_OK);
    /* base64 of "Đặt lại mật khẩu" */
    assert_non_null(strstr(s, "Subject: =?UTF-8?B?xJDhurd0IGzhuqFpIG3huq10IGto4bqpdQ==?=\r\n"));
    free(s);
}

static void long_subject_folds_at_character_boundaries(void **state)
{
    enum cong_err rc;
    const char *subject = "Bài viết “Hội nghị tổng kết công tác năm học của toàn trường” "
                          "đã được duyệt và đăng";
    char *s = build("lan@example.org", subject, "x\n", &rc), *p, *end;

    (void)state;
    assert_int_equal(rc, CONG_OK);
    p = strstr(s, "Subject: =?UTF-8?B?");
    assert_non_null(p);
    end = strstr(p, "\r\nMIME-Version");
    assert_non_null(end);
    /* several words, each on a folded line under 78 characters */
    assert_non_null(strstr(p, "?=\r\n =?UTF-8?B?"));
    for (char *line = p; line < end;) {
        char *eol = strstr(line, "\r\n");
        assert_true(eol - line <= 76);
        line = eol + 2;
    }
    free(s);
}

static void body_is_quoted_printable_within_76_columns(void **state)
{
    enum cong_err rc;
    char body[400];
    char *s, *p;

    (void)state;
    memset(body, 'a', 300);
    memcpy(body + 300, " = é \n.\n", 9);
    s = build("lan@example.org", "QP", body, &rc);
    assert_int_equal(rc, CONG_OK);
    p = strstr(s, "\r\n\r\n") + 4;
    for (char *line = p; *line;) {
        char *eol = strstr(line, "\r\n");
        assert_non_null(eol);
        assert_true(eol - line <= 76);
        line = eol + 2;
    }
    /* '=' and the UTF-8 bytes encoded, the space before the line end encoded */
    assert_non_null(strstr(p, "=3D"));
    assert_non_null(strstr(p, "=C3=A9=20\r\n"));
    /* a dot alone at a line's start never reaches the wire as one */
    assert_non_null(strstr(p, "\r\n=2E\r\n"));
    free(s);
}

static void crlf_in_subject_or_address_is_refused(void **state)
{
    enum cong_err rc;

    (void)state;
    assert_null(build("lan@example.org", "Hi\r\nBcc: x@evil.example", "x", &rc));
    assert_int_equal(rc, CONG_EINVAL);
    assert_null(build("lan@example.org", "Hi\nthere", "x", &rc));
    assert_int_equal(rc, CONG_EINVAL);
    assert_null(build("lan@example.org\r\nBcc: x@evil.example", "Hi", "x", &rc));
    assert_int_equal(rc, CONG_EINVAL);
    assert_null(build("lan@example.org", "", "x", &rc));
    assert_int_equal(rc, CONG_EINVAL);
    assert_null(build("lan@example.org", "bad \xff utf8", "x", &rc));
    assert_int_equal(rc, CONG_EINVAL);
}

static void addresses_are_plain(void **state)
{
    (void)state;
    assert_true(mail_address_is_valid("lan@example.org"));
    assert_true(mail_address_is_valid("nguyen.van-a+tin@so.gd.example.vn"));
    assert_false(mail_address_is_valid(NULL));
    assert_false(mail_address_is_valid(""));
    assert_false(mail_address_is_valid("lan"));
    assert_false(mail_address_is_valid("@example.org"));
    assert_false(mail_address_is_valid("lan@"));
    assert_false(mail_address_is_valid("lan@localhost"));
    assert_false(mail_address_is_valid("lan@example.org."));
    assert_false(mail_address_is_valid("lan@@example.org"));
    assert_false(mail_address_is_valid("a b@example.org"));
    assert_false(mail_address_is_valid("<lan@example.org>"));
    assert_false(mail_address_is_valid("lan@example.org\n"));
    assert_false(mail_address_is_valid("lân@example.org"));
}

static void a_mailer_without_url_is_off(void **state)
{
    struct mailer *m = NULL;
    struct cong_error err = {0};

    (void)state;
    assert_int_equal(mail_new(&(struct mail_config){NULL, NULL}, &m, &err), CONG_OK);
    assert_false(mail_is_configured(m));
    assert_int_equal(mail_send(m, "lan@example.org", "x", "y", &err), CONG_ESTATE);
    assert_int_equal(mail_queue(m, "lan@example.org", "x", "y"), CONG_ESTATE);
    mail_free(m);
    assert_int_equal(mail_new(&(struct mail_config){"http://x", "a@b.org"}, &m, &err), CONG_EINVAL);
    assert_int_equal(mail_new(&(struct mail_config){"smtp://127.0.0.1:1", "nobody"}, &m, &err),
                     CONG_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(message_has_the_headers_of_rfc_5322),
        cmocka_unit_test(vietnamese_subject_is_encoded_as_utf8_words),
        cmocka_unit_test(long_subject_folds_at_character_boundaries),
        cmocka_unit_test(body_is_quoted_printable_within_76_columns),
        cmocka_unit_test(crlf_in_subject_or_address_is_refused),
        cmocka_unit_test(addresses_are_plain),
        cmocka_unit_test(a_mailer_without_url_is_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
