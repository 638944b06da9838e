/*
 * Unit tests of the http module without a socket: strict URL decoding, the router's
 * matching, captures, method handling and fallbacks, static assets with ETags, and cookies,
 * forms (url-encoded and multipart) and Set-Cookie lines.
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
#include <sodium.h>

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

/* Decodes body (a C string with explicit length) under Content-Type ct. */
static enum cong_err mp(struct arena *a, const char *ct, const char *body, size_t len,
                        struct http_param **f, size_t *nf, struct http_file **fl, size_t *nfl)
{
    return http_multipart_decode(a, ct, body, len, f, nf, fl, nfl);
}
#define MP(ct, lit) mp(&a, ct, lit, sizeof(lit) - 1, &f, &nf, &fl, &nfl)

static void multipart_forms_decode_fields_and_files(void **state)
{
    struct http_request req = {0};
    struct http_param *f;
    struct http_file *fl;
    struct arena a;
    size_t nf, nfl;
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
        "tok\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"title\"\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "L\xc3\xaa V\xc4\x83n\r\nhai d\xc3\xb2ng\r\n"
        "--XyZ\r\n"
        "content-disposition: form-data; name=file; filename=\"a \\\"b\\\".jpg\"\r\n"
        "Content-Type: image/jpeg\r\n\r\n"
        "\x89PNG\r\n\x00\x01--XyZ not a delimiter\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"other\"; filename=\"x.txt\"; "
        "filename*=UTF-8''%E1%BA%A2nh.png\r\n\r\n"
        "\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
        "\r\n"
        "--XyZ--\r\n";

    (void)state;
    arena_init(&a, 0);
    assert_int_equal(MP("multipart/form-data; boundary=XyZ", body), CONG_OK);
    assert_int_equal(nf, 2);
    assert_string_equal(f[0].name, "csrf");
    assert_string_equal(f[0].value, "tok");
    assert_string_equal(f[1].value, "Lê Văn\r\nhai dòng");
    assert_int_equal(nfl, 3);
    assert_string_equal(fl[0].name, "file");
    assert_string_equal(fl[0].filename, "a \"b\".jpg");
    assert_string_equal(fl[0].content_type, "image/jpeg");
    assert_int_equal(fl[0].len, 29);
    assert_memory_equal(fl[0].data, "\x89PNG\r\n\x00\x01--XyZ not a delimiter", 29);
    assert_string_equal(fl[1].filename, "Ảnh.png"); /* filename* wins */
    assert_string_equal(fl[1].content_type, "");
    assert_int_equal(fl[1].len, 0);
    assert_string_equal(fl[2].filename, "");
    req.form = f;
    req.nform = nf;
    req.files = fl;
    req.nfiles = nfl;
    assert_string_equal(http_request_form_value(&req, "csrf"), "tok");
    assert_non_null(http_request_file(&req, "file"));
    assert_null(http_request_file(&req, "empty")); /* a file input left empty */
    assert_null(http_request_file(&req, "csrf"));  /* a text field is no file */

    /* a quoted boundary, parameters in another case and order, no CRLF after the end */
    assert_int_equal(MP("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b'c\"",
                        "--a b'c\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a b'c--"),
                     CONG_OK);
    assert_int_equal(nf, 1);
    assert_string_equal(f[0].value, "1");
    assert_int_equal(nfl, 0);
    assert_null(fl);
    /* no part at all */
    assert_int_equal(MP("multipart/form-data; boundary=b", "--b--\r\n"), CONG_OK);
    assert_int_equal(nf + nfl, 0);
    arena_release(&a);
}

static void multipart_forms_refuse_malformed_bodies(void **state)
{
    struct http_param *f;
    struct http_file *fl;
    struct arena a;
    struct buf big;
    size_t nf, nfl;
    const char *ok = "multipart/form-data; boundary=b";
    static const char part[] = "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n";

    (void)state;
    arena_init(&a, 0);
    /* the Content-Type: no boundary, an empty, too long or repeated one, another type */
    assert_int_equal(MP("multipart/form-data", "--b--"), CONG_EINVAL);
    assert_int_equal(MP("multipart/form-data; boundary=", "----"), CONG_EINVAL);
    assert_int_equal(MP("multipart/form-data; boundary=\"\"", "----"), CONG_EINVAL);
    assert_int_equal(MP("multipart/form-data; boundary=b; boundary=c", "--b--"), CONG_EINVAL);
    assert_int_equal(MP("multipart/form-data; boundary=\"b", "--b--"), CONG_EINVAL);
    assert_int_equal(MP("multipart/form-data; boundary=b{", "--b{--"), CONG_EINVAL);
    assert_int_equal(MP("multipart/mixed; boundary=b", "--b--"), CONG_EINVAL);
    assert_int_equal(MP("multipart/form-dataX; boundary=b", "--b--"), CONG_EINVAL);
    assert_int_equal(MP("multipart/form-data; boundary=01234567890123456789012345678901234567890"
                        "123456789012345678901234567890",
                        "--b--"),
                     CONG_EINVAL);
    /* framing: empty body, a preamble, bare LF, no final delimiter, junk after it */
    assert_int_equal(MP(ok, ""), CONG_EINVAL);
    assert_int_equal(MP(ok, "preamble\r\n--b--"), CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\nContent-Disposition: form-data; name=x\n\nv\n--b--"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b--x"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--bX\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b--"),
                     CONG_EINVAL);
    /* heads: none, no name, an empty name, another disposition, a repeated name, a folded
       line, a header without a colon, an unclosed quote, a bad filename* charset */
    assert_int_equal(MP(ok, "--b\r\n\r\nv\r\n--b--"), CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\n\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b--"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--"), CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--b--"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: attachment; name=x\r\n\r\nv\r\n--b--"),
                     CONG_EINVAL);
    assert_int_equal(
        MP(ok, "--b\r\nContent-Disposition: form-data; name=x; name=y\r\n\r\nv\r\n--b--"),
        CONG_EINVAL);
    assert_int_equal(
        MP(ok, "--b\r\nContent-Disposition: form-data;\r\n name=x\r\n\r\nv\r\n--b--"),
        CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition form-data; name=x\r\n\r\nv\r\n--b--"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=\"x\r\n\r\nv\r\n--b--"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=x; "
                            "filename*=latin1''a.jpg\r\n\r\nv\r\n--b--"),
                     CONG_EINVAL);
    /* text that is not UTF-8 or holds a NUL; a name or file name that is not UTF-8 */
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\n\xff\r\n--b--"),
                     CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\na\0b\r\n--b--"),
                     CONG_EINVAL);
    assert_int_equal(
        MP(ok, "--b\r\nContent-Disposition: form-data; name=\"\xc3(\"\r\n\r\nv\r\n--b--"),
        CONG_EINVAL);
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=f; "
                            "filename=\"\xff.jpg\"\r\n\r\nv\r\n--b--"),
                     CONG_EINVAL);
    /* bytes that are not UTF-8 are fine in a file */
    assert_int_equal(MP(ok, "--b\r\nContent-Disposition: form-data; name=f; "
                            "filename=a.bin\r\n\r\n\xff\0\r\n--b--"),
                     CONG_OK);
    assert_int_equal(nfl, 1);
    assert_int_equal(fl[0].len, 2);
    /* 100 parts decode, 101 are refused */
    buf_init(&big, 0);
    for (int i = 0; i < 100; i++)
        buf_puts(&big, part);
    buf_puts(&big, "--b--");
    assert_int_equal(mp(&a, ok, big.data, big.len, &f, &nf, &fl, &nfl), CONG_OK);
    assert_int_equal(nf, 100);
    buf_reset(&big);
    for (int i = 0; i < 101; i++)
        buf_puts(&big, part);
    buf_puts(&big, "--b--");
    assert_int_equal(mp(&a, ok, big.data, big.len, &f, &nf, &fl, &nfl), CONG_EINVAL);
    assert_null(f);
    assert_int_equal(nf + nfl, 0);
    buf_release(&big);
    arena_release(&a);
}

/* Every truncation and every single-byte change of a good body decodes or is refused, never
 * read out of bounds (ASan watches), and whatever decodes points inside the body. */
static void multipart_survives_every_cut_and_flipped_byte(void **state)
{
    static const char good[] =
        "--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nL\xc3\xaa\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=f; filename*=UTF-8''a%20b.png\r\n"
        "Content-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n";
    const char *ct = "multipart/form-data; boundary=XyZ";
    const unsigned char flips[] = {0x00, '\r', '\n', '-', '"', ';', '=', 0xff};
    size_t n = sizeof(good) - 1, nf, nfl;
    struct http_param *f;
    struct http_file *fl;
    struct arena a;
    char *copy;

    (void)state;
    for (size_t cut = 0; cut <= n; cut++) {
        copy = malloc(cut ? cut : 1); /* exactly cut bytes, so ASan sees any read past them */
        memcpy(copy, good, cut);
        arena_init(&a, 0);
        enum cong_err rc = mp(&a, ct, copy, cut, &f, &nf, &fl, &nfl);
        assert_true(rc == (cut == n || cut == n - 2 ? CONG_OK : CONG_EINVAL));
        arena_release(&a);
        free(copy);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof(flips); k++) {
            copy = malloc(n);
            memcpy(copy, good, n);
            copy[i] = (char)flips[k];
            arena_init(&a, 0);
            enum cong_err rc = mp(&a, ct, copy, n, &f, &nf, &fl, &nfl);
            assert_true(rc == CONG_OK || rc == CONG_EINVAL);
            for (size_t j = 0; rc == CONG_OK && j < nfl; j++) {
                assert_true((const char *)fl[j].data >= copy);
                assert_true((const char *)fl[j].data + fl[j].len <= copy + n);
            }
            arena_release(&a);
            free(copy);
        }
    }
    /* an arena too small for the part tables: out of memory, not a crash */
    arena_init(&a, 256);
    assert_int_equal(mp(&a, ct, good, n, &f, &nf, &fl, &nfl), CONG_ENOMEM);
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

static void etags_match_weakly_in_lists(void **state)
{
    (void)state;
    assert_true(http_etag_matches("\"abc\"", "\"abc\""));
    assert_true(http_etag_matches("W/\"abc\"", "\"abc\""));
    assert_true(http_etag_matches("\"x\", W/\"y\" ,\"abc\"", "\"abc\""));
    assert_true(http_etag_matches("*", "\"abc\""));
    assert_true(http_etag_matches(" \"abc\"", "\"abc\""));
    assert_false(http_etag_matches(NULL, "\"abc\""));
    assert_false(http_etag_matches("", "\"abc\""));
    assert_false(http_etag_matches("\"abcd\"", "\"abc\""));
    assert_false(http_etag_matches("\"ab\"", "\"abc\""));
    assert_false(http_etag_matches("\"xabc\"", "\"abc\""));
    assert_false(http_etag_matches("abc", "\"abc\""));
    assert_false(http_etag_matches("\"abc", "\"abc\""));
    assert_false(http_etag_matches("\"abc\"", NULL));
}

static void etags_of_bytes_are_stable_and_quoted(void **state)
{
    struct arena a;
    const char *t1, *t2, *t3;

    (void)state;
    assert_true(sodium_init() >= 0);
    arena_init(&a, 0);
    t1 = http_etag_of(&a, "feed", 4);
    t2 = http_etag_of(&a, "feed", 4);
    t3 = http_etag_of(&a, "feeds", 5);
    assert_non_null(t1);
    assert_int_equal(strlen(t1), 34);
    assert_true(t1[0] == '"' && t1[33] == '"');
    assert_string_equal(t1, t2);
    assert_string_not_equal(t1, t3);
    assert_true(http_etag_matches(t1, t2));
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(url_decode_is_strict),
        cmocka_unit_test(etags_match_weakly_in_lists),
        cmocka_unit_test(etags_of_bytes_are_stable_and_quoted),
        cmocka_unit_test_setup_teardown(router_matches_literals_and_captures, setup, teardown),
        cmocka_unit_test_setup_teardown(router_refuses_partial_and_empty_segments, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(router_answers_405_for_a_known_path_with_another_method,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(router_refuses_bad_patterns, setup, teardown),
        cmocka_unit_test(static_assets_have_etags_and_answer_304),
        cmocka_unit_test(cookies_are_found_exactly_and_duplicates_refused),
        cmocka_unit_test(forms_decode_as_strictly_as_the_query),
        cmocka_unit_test(multipart_forms_decode_fields_and_files),
        cmocka_unit_test(multipart_forms_refuse_malformed_bodies),
        cmocka_unit_test(multipart_survives_every_cut_and_flipped_byte),
        cmocka_unit_test(set_cookie_lines_carry_their_attributes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
