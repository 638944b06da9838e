/*
 * Unit tests of the http module without a socket: strict URL decoding, the router's
 * matching, captures, method handling and fallbacks, static assets with ETags, and cookies,
 * forms and Set-Cookie lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/http.h"

static enum cong_err decode(const char *in, bool plus, struct buf *out)
{
    buf_reset(out);
    return http_url_decode(in, strlen(in), plus, out);
}

static void url_decode_is_strict(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 0);
    assert_int_equal(decode("/chuy%C3%AAn-m%E1%BB%A5c", false, &b), CONG_OK);
    assert_string_equal(b.data, "/chuyên-mục");
    assert_int_equal(decode("a+b", true, &b), CONG_OK);
    assert_string_equal(b.data, "a b");
    assert_int_equal(decode("a+b", false, &b), CONG_OK);
    assert_string_equal(b.data, "a+b");
    assert_int_equal(decode("%zz", false, &b), CONG_EINVAL);
    assert_int_equal(decode("%4", false, &b), CONG_EINVAL);
    assert_int_equal(decode("%", false, &b), CONG_EINVAL);
    assert_int_equal(decode("%00", false, &b), CONG_EINVAL);
    assert_int_equal(decode("%C3%28", false, &b), CONG_EINVAL);
    assert_int_equal(decode("\xFF", false, &b), CONG_EINVAL);
    buf_release(&b);
}

struct seen {
    const char *name;
    const char *params[4];
    size_t nparams;
};

static void record(struct http_request *req, struct http_response *res, void *ctx)
{
    struct seen *s = ctx;

    s->nparams = req->nparams;
    for (size_t i = 0; i < req->nparams; i++)
        s->params[i] = req->params[i];
    buf_puts(&res->body, s->name);
}

struct fixture {
    struct http_router *r;
    struct seen home, cat, art, rss, stat, fallback;
    struct arena arena;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f || http_router_new(&f->r))
        return -1;
    f->home.name = "home";
    f->cat.name = "cat";
    f->art.name = "art";
    f->rss.name = "rss";
    f->stat.name = "static";
    f->fallback.name = "fallback";
    http_router_add(f->r, HTTP_GET, "/", record, &f->home);
    http_router_add(f->r, HTTP_GET, "/chuyen-muc/:slug", record, &f->cat);
    http_router_add(f->r, HTTP_GET, "/chuyen-muc/:slug/rss.xml", record, &f->rss);
    http_router_add(f->r, HTTP_GET | HTTP_POST, "/bai-viet/:id", record, &f->art);
    http_router_add(f->r, HTTP_GET, "/static/*", record, &f->stat);
    http_router_set_fallback(f->r, record, &f->fallback);
    arena_init(&f->arena, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    http_router_free(f->r);
    arena_release(&f->arena);
    free(f);
    return 0;
}

static int dispatch(struct fixture *f, enum http_method m, const char *path, struct buf *out)
{
    struct http_request req = {.method = m, .path = path, .arena = &f->arena};
    struct http_response res = {0};

    buf_init(&res.body, 0);
    http_router_dispatch(f->r, &req, &res);
    buf_reset(out);
    buf_puts(out, res.body.data);
    buf_release(&res.body);
    return res.status;
}

static void router_matches_literals_and_captures(void **state)
{
    struct fixture *f = *state;
    struct buf b;

    buf_init(&b, 0);
    assert_int_equal(dispatch(f, HTTP_GET, "/", &b), 200);
    assert_string_equal(b.data, "home");
    assert_int_equal(dispatch(f, HTTP_GET, "/chuyen-muc/tin-tuc", &b), 200);
    assert_string_equal(b.data, "cat");
    assert_int_equal(f->cat.nparams, 1);
    assert_string_equal(f->cat.params[0], "tin-tuc");
    assert_int_equal(dispatch(f, HTTP_GET, "/chuyen-muc/tin-tuc/rss.xml", &b), 200);
    assert_string_equal(b.data, "rss");
    assert_string_equal(f->rss.params[0], "tin-tuc");
    assert_int_equal(dispatch(f, HTTP_GET, "/static/abc/css/site.css", &b), 200);
    assert_string_equal(b.data, "static");
    assert_string_equal(f->stat.params[0], "abc/css/site.css");
    buf_release(&b);
}

static void router_refuses_partial_and_empty_segments(void **state)
{
    struct fixture *f = *state;
    struct buf b;

    buf_init(&b, 0);
    dispatch(f, HTTP_GET, "/chuyen-muc/", &b);
    assert_string_equal(b.data, "fallback");
    dispatch(f, HTTP_GET, "/chuyen-muc", &b);
    assert_string_equal(b.data, "fallback");
    dispatch(f, HTTP_GET, "/chuyen-muc/a/b", &b);
    assert_string_equal(b.data, "fallback");
    dispatch(f, HTTP_GET, "/chuyen-mucx/a", &b);
    assert_string_equal(b.data, "fallback");
    buf_release(&b);
}

static void router_answers_405_for_a_known_path_with_another_method(void **state)
{
    struct fixture *f = *state;
    struct buf b;

    buf_init(&b, 0);
    assert_int_equal(dispatch(f, HTTP_DELETE, "/chuyen-muc/x", &b), 405);
    assert_int_equal(dispatch(f, HTTP_POST, "/bai-viet/1-x", &b), 200);
    assert_int_equal(dispatch(f, HTTP_HEAD, "/", &b), 200); /* GET implies HEAD */
    buf_release(&b);
}

static void router_refuses_bad_patterns(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(http_router_add(f->r, HTTP_GET, "no-slash", record, NULL), CONG_EINVAL);
    assert_int_equal(http_router_add(f->r, HTTP_GET, "/a/b/c/d/e/f/g/h/i", record, NULL),
                     CONG_EINVAL);
}

static void static_assets_have_etags_and_answer_304(void **state)
{
    char dir[] = "/tmp/cong-static-XXXXXX", path[256];
    struct http_static *st;
    struct cong_error err;
    struct arena a;
    FILE *fp;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/style.css", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("body{color:#222}", fp);
    fclose(fp);
    assert_int_equal(http_static_load(dir, &st, &err), CONG_OK);
    assert_int_equal(strlen(http_static_version(st)), 16);

    arena_init(&a, 0);
    struct http_request req = {.method = HTTP_GET, .path = "/static/x/style.css", .arena = &a};
    struct http_response res = {0};
    buf_init(&res.body, 0);
    assert_true(http_static_serve(st, "style.css", true, &req, &res));
    assert_int_equal(res.status, 200);
    assert_string_equal(res.content_type, "text/css; charset=utf-8");
    assert_int_equal(res.data_len, strlen("body{color:#222}"));
    assert_false(http_static_serve(st, "missing.css", true, &req, &res));
    assert_string_equal(http_mime_for("a/b.SVG"), "image/svg+xml");
    buf_release(&res.body);
    arena_release(&a);
    http_static_free(st);
    unlink(path);
    rmdir(dir);
    assert_int_equal(http_static_load("/nonexistent-cong-dir", &st, &err), CONG_EIO);
}

static void cookies_are_found_exactly_and_duplicates_refused(void **state)
{
    struct arena a;

    (void)state;
    arena_init(&a, 0);
    assert_string_equal(http_cookie_get(&a, "a=1; cong_session=abc-_9; b=2", "cong_session"),
                        "abc-_9");
    assert_string_equal(http_cookie_get(&a, "cong_session=\"quoted\"", "cong_session"), "quoted");
    assert_string_equal(http_cookie_get(&a, "x=1;y=2", "y"), "2");
    assert_string_equal(http_cookie_get(&a, "y=", "y"), "");
    /* a name that only ends like the one asked for is another cookie */
    assert_null(http_cookie_get(&a, "xcong_session=abc", "cong_session"));
    assert_null(http_cookie_get(&a, "a=1", "cong_session"));
    assert_null(http_cookie_get(&a, NULL, "cong_session"));
    assert_null(http_cookie_get(&a, "cong_session", "cong_session"));
    /* two of one name (one planted by a sibling site): neither is trusted */
    assert_null(http_cookie_get(&a, "s=one; s=two", "s"));
    /* characters RFC 6265 does not allow in a value */
    assert_null(http_cookie_get(&a, "s=a\\b", "s"));
    assert_null(http_cookie_get(&a, "s=a,b", "s"));
    assert_null(http_cookie_get(&a, "s=\xc3\xa9", "s"));
    arena_release(&a);
}

static void forms_decode_as_strictly_as_the_query(void **state)
{
    struct http_request req = {0};
    struct http_param *f;
    struct arena a;
    size_t n;
    const char *body = "name=L%C3%AA+V%C4%83n&empty=&flag&&csrf=x%2By";

    (void)state;
    arena_init(&a, 0);
    assert_int_equal(http_form_decode(&a, body, strlen(body), &f, &n), CONG_OK);
    assert_int_equal(n, 4);
    assert_string_equal(f[0].name, "name");
    assert_string_equal(f[0].value, "Lê Văn");
    assert_string_equal(f[1].value, "");
    assert_string_equal(f[2].name, "flag");
    assert_string_equal(f[2].value, "");
    assert_string_equal(f[3].value, "x+y");
    req.arena = &a;
    req.form = f;
    req.nform = n;
    assert_string_equal(http_request_form_value(&req, "csrf"), "x+y");
    assert_null(http_request_form_value(&req, "missing"));
    assert_int_equal(http_form_decode(&a, "", 0, &f, &n), CONG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(http_form_decode(&a, "a=%zz", 5, &f, &n), CONG_EINVAL);
    assert_int_equal(http_form_decode(&a, "a=%4", 4, &f, &n), CONG_EINVAL);
    assert_int_equal(http_form_decode(&a, "a=%00", 5, &f, &n), CONG_EINVAL);
    assert_int_equal(http_form_decode(&a, "a=%C3%28", 8, &f, &n), CONG_EINVAL);
    assert_int_equal(http_form_decode(&a, "a=\xff", 3, &f, &n), CONG_EINVAL);
    assert_int_equal(http_form_decode(&a, "a=b\0c", 5, &f, &n), CONG_EINVAL);
    assert_null(f);
    /* without a connection there is no Content-Type: not a form */
    assert_int_equal(http_request_form(&req), CONG_EINVAL);
    arena_release(&a);
}

static void set_cookie_lines_carry_their_attributes(void **state)
{
    struct http_request req = {0};
    struct http_response res = {0};
    struct arena a;

    (void)state;
    arena_init(&a, 0);
    req.arena = &a;
    assert_int_equal(http_response_cookie(&req, &res, "s", "v1", "/", 60,
                                          HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_LAX |
                                              HTTP_COOKIE_SECURE),
                     CONG_OK);
    assert_int_equal(http_response_cookie(&req, &res, "t", "", "/login", 0, HTTP_COOKIE_STRICT),
                     CONG_OK);
    assert_int_equal(res.nheaders, 2);
    assert_string_equal(res.headers[0].name, "Set-Cookie");
    assert_string_equal(res.headers[0].value, "s=v1; Path=/; Max-Age=60; Secure; HttpOnly; "
                                              "SameSite=Lax");
    assert_string_equal(res.headers[1].value, "t=; Path=/login; Max-Age=0; SameSite=Strict");
    /* nothing that could break out of the header */
    assert_int_equal(http_response_cookie(&req, &res, "s", "a;b", "/", -1, 0), CONG_EINVAL);
    assert_int_equal(http_response_cookie(&req, &res, "s", "a\r\nX: y", "/", -1, 0),
                     CONG_EINVAL);
    assert_int_equal(http_response_cookie(&req, &res, "", "v", "/", -1, 0), CONG_EINVAL);
    assert_int_equal(http_response_cookie(&req, &res, "s", "v", "x", -1, 0), CONG_EINVAL);
    assert_int_equal(res.nheaders, 2);
    http_response_set_header(&res, "set-cookie", "replaced");
    assert_string_equal(res.headers[0].value, "replaced");
    http_response_set_header(&res, "Cache-Control", "no-store");
    assert_int_equal(res.nheaders, 3);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(url_decode_is_strict),
        cmocka_unit_test_setup_teardown(router_matches_literals_and_captures, setup, teardown),
        cmocka_unit_test_setup_teardown(router_refuses_partial_and_empty_segments, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(router_answers_405_for_a_known_path_with_another_method,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(router_refuses_bad_patterns, setup, teardown),
        cmocka_unit_test(static_assets_have_etags_and_answer_304),
        cmocka_unit_test(cookies_are_found_exactly_and_duplicates_refused),
        cmocka_unit_test(forms_decode_as_strictly_as_the_query),
        cmocka_unit_test(set_cookie_lines_carry_their_attributes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
