/*
 * Unit tests of the web layer through its header, with a real temporary store and the
 * default theme: the one table from enum cong_err to HTTP (the same status for a failure on a
 * public page, an admin page and an API route, JSON under /api/ and the theme's page
 * elsewhere), the JSON body checks (unknown keys, types, NUL, lengths, required fields), the
 * URL readers, the typed view builder, the login redirect's target, the route classes of
 * /metrics and the refusal of a bad metrics_allow.
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

#include "store/store.h"
#include "i18n/i18n.h"
#include "web/web.h"

struct fixture {
    char dir[64];
    char path[128];
    struct store *st;
    struct web *w;
    struct arena a;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct web_config cfg = {.theme_dir = "../themes/default"};
    struct cong_error err;

    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/cong-web-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
    if (store_open(f->path, STORE_OPEN_CREATE, &f->st, &err) != CONG_OK)
        return -1;
    if (web_new(f->st, NULL, &cfg, &f->w, &err) != CONG_OK) {
        fprintf(stderr, "web_new: %s\n", err.msg);
        return -1;
    }
    arena_init(&f->a, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char side[160];

    web_free(f->w);
    arena_release(&f->a);
    store_free(f->st);
    unlink(f->path);
    snprintf(side, sizeof(side), "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", f->path);
    unlink(side);
    rmdir(f->dir);
    free(f);
    return 0;
}

static struct http_request request(struct fixture *f, const char *path)
{
    return (struct http_request){.method = HTTP_GET, .method_name = "GET", .path = path,
                                 .raw_path = path, .raw_query = "", .arena = &f->a};
}

static const char *header(const struct http_response *res, const char *name)
{
    for (size_t i = 0; i < res->nheaders; i++) {
        if (!strcmp(res->headers[i].name, name))
            return res->headers[i].value;
    }
    return NULL;
}

/* The contract of DESIGN.md's "Errors", written out here rather than read from the code. */
static const struct {
    enum cong_err rc;
    int status;
    const char *code;
} contract[] = {
    {CONG_ENOMEM, 503, "unavailable"},   {CONG_EINVAL, 400, "bad_request"},
    {CONG_ENOTFOUND, 404, "not_found"},  {CONG_EEXIST, 409, "conflict"},
    {CONG_EIO, 503, "unavailable"},      {CONG_ETOOBIG, 413, "too_large"},
    {CONG_ESTORE, 503, "unavailable"},   {CONG_ESCHEMA, 503, "unavailable"},
    {CONG_EPARSE, 400, "bad_request"},   {CONG_EPERM, 403, "forbidden"},
    {CONG_EBUSY, 503, "unavailable"},    {CONG_ESTATE, 422, "invalid_state"},
};

static void every_error_has_one_status_on_pages_admin_and_api(void **state)
{
    struct fixture *f = *state;
    /* every code of enum cong_err but CONG_OK is in the contract */
    assert_int_equal(sizeof(contract) / sizeof(contract[0]), CONG_ESTATE);

    for (size_t i = 0; i < sizeof(contract) / sizeof(contract[0]); i++) {
        struct cong_error err = {.code = contract[i].rc};
        const char *paths[] = {"/bai-viet/1-x", "/quan-tri/bai-viet/1", "/api/v1/articles/1"};

        snprintf(err.msg, sizeof(err.msg), "Lý do %zu.", i);
        assert_int_equal(web_status_of(contract[i].rc), contract[i].status);
        assert_string_equal(web_code_of(contract[i].rc, false), contract[i].code);
        for (size_t p = 0; p < 3; p++) {
            struct http_request req = request(f, paths[p]);
            struct http_response res = {0};
            bool api = p == 2;

            buf_init(&res.body, 0);
            web_page_fail(f->w, &req, &res, contract[i].rc, &err);
            assert_int_equal(res.status, contract[i].status);
            assert_non_null(res.content_type);
            assert_non_null(strstr(res.content_type, api ? "application/json" : "text/html"));
            if (api) {
                assert_non_null(strstr(res.body.data, contract[i].code));
            } else {
                assert_non_null(strstr(res.body.data, "<html"));
            }
            /* a refusal says why; a server failure says only to retry, its cause is logged;
               busy is no failure: it says what to wait for, and when to come back */
            if (contract[i].status < 500 || contract[i].rc == CONG_EBUSY)
                assert_non_null(strstr(res.body.data, err.msg));
            else
                assert_null(strstr(res.body.data, err.msg));
            if (contract[i].rc == CONG_EBUSY)
                assert_string_equal(header(&res, "Retry-After"), WEB_BUSY_RETRY_AFTER);
            else
                assert_null(header(&res, "Retry-After"));
            buf_release(&res.body);

            /* and the JSON answer of the same failure, as API handlers give it */
            buf_init(&res.body, 0);
            res.nheaders = 0;
            web_json_fail(&res, contract[i].rc, &err);
            assert_int_equal(res.status, contract[i].status);
            assert_non_null(strstr(res.body.data, contract[i].code));
            if (contract[i].rc == CONG_EBUSY) {
                assert_non_null(strstr(res.body.data, err.msg));
                assert_string_equal(header(&res, "Retry-After"), WEB_BUSY_RETRY_AFTER);
            }
            assert_string_equal(header(&res, "Cache-Control"), "no-store");
            buf_release(&res.body);
        }
    }
}

static void a_named_field_is_invalid_field(void **state)
{
    struct http_response res = {0};
    struct cong_error err;

    (void)state;
    cong_error_field(&err, "title", CONG_EINVAL, "Tiêu đề không được để trống.");
    buf_init(&res.body, 0);
    web_json_fail(&res, CONG_EINVAL, &err);
    assert_int_equal(res.status, 400);
    assert_non_null(strstr(res.body.data, "\"code\":\"invalid_field\""));
    assert_non_null(strstr(res.body.data, "\"field\":\"title\""));
    assert_non_null(strstr(res.body.data, "Tiêu đề không được để trống."));
    buf_release(&res.body);
    /* cong_error_set forgets a field named before */
    cong_error_set(&err, CONG_EINVAL, "Khác.");
    assert_string_equal(err.field, "");
}

static const struct web_field fields[] = {
    {"title", WEB_TEXT, WEB_REQUIRED, 10},
    {"count", WEB_INT, 0, 0},
    {"parent", WEB_INT, WEB_NULLABLE, 0},
    {"shown", WEB_BOOL, 0, 0},
    {"tags", WEB_TEXTS, 0, 5},
    {"config", WEB_OBJECT, 0, 0},
    {"category", WEB_TEXT_OR_INT, 0, 0},
    {"lang", WEB_TEXT, 0, 0, web_lang_values},
    {NULL, 0, 0, 0},
};

/* Checks body against fields: the status answered (0 when accepted) and the body in out. */
static int check(const char *body, struct buf *out)
{
    struct http_request req = {.body = body, .body_len = strlen(body)};
    struct http_response res = {0};
    json_t *o;
    int status = 0;

    buf_init(&res.body, 0);
    o = web_json_body(&req, &res);
    if (!o || !web_json_check(o, fields, &res))
        status = res.status;
    buf_reset(out);
    buf_puts(out, res.body.data);
    json_decref(o);
    buf_release(&res.body);
    return status;
}

static void json_bodies_are_checked_against_their_fields(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 0);
    assert_int_equal(check("{\"title\":\"Tin\",\"count\":2,\"parent\":null,\"shown\":true,"
                           "\"tags\":[\"a\",\"b\"],\"config\":{},\"category\":\"tin-tuc\"}",
                           &b),
                     0);
    assert_int_equal(check("{\"title\":\"Tin\",\"category\":3}", &b), 0);

    assert_int_equal(check("{\"title\":\"Tin\",\"titel\":\"x\"}", &b), 400);
    assert_non_null(strstr(b.data, "\"code\":\"unknown_field\""));
    assert_non_null(strstr(b.data, "\"field\":\"titel\""));

    assert_int_equal(check("{\"title\":5}", &b), 400);
    assert_non_null(strstr(b.data, "\"code\":\"invalid_field\""));
    assert_non_null(strstr(b.data, "\"field\":\"title\""));

    assert_int_equal(check("{\"title\":\"0123456789x\"}", &b), 400); /* over 10 bytes */
    assert_non_null(strstr(b.data, "\"field\":\"title\""));
    assert_int_equal(check("{\"title\":\"a\\u0000b\"}", &b), 400); /* a NUL inside */
    assert_int_equal(check("{\"count\":1}", &b), 400);               /* title required */
    assert_non_null(strstr(b.data, "\"field\":\"title\""));
    assert_int_equal(check("{\"title\":\"a\",\"count\":null}", &b), 400); /* not nullable */
    assert_int_equal(check("{\"title\":\"a\",\"count\":1.5}", &b), 400);
    assert_int_equal(check("{\"title\":\"a\",\"shown\":1}", &b), 400);
    assert_int_equal(check("{\"title\":\"a\",\"tags\":[\"a\",3]}", &b), 400);
    assert_int_equal(check("{\"title\":\"a\",\"tags\":[\"toolong\"]}", &b), 400);
    assert_int_equal(check("{\"title\":\"a\",\"config\":[]}", &b), 400);
    assert_int_equal(check("{\"title\":\"a\",\"category\":true}", &b), 400);
    /* a field of listed values takes those only, and says which they are */
    assert_int_equal(check("{\"title\":\"a\",\"lang\":\"en\"}", &b), 0);
    assert_int_equal(check("{\"title\":\"a\",\"lang\":\"fr\"}", &b), 400);
    assert_non_null(strstr(b.data, "\"field\":\"lang\""));
    assert_non_null(strstr(b.data, "vi hoặc en"));
    assert_int_equal(check("{\"title\":\"a\",\"lang\":7}", &b), 400);

    /* not an object, not JSON, a key twice: bad_request */
    assert_int_equal(check("[1]", &b), 400);
    assert_non_null(strstr(b.data, "\"code\":\"bad_request\""));
    assert_int_equal(check("{\"title\":", &b), 400);
    assert_int_equal(check("{\"title\":\"a\",\"title\":\"b\"}", &b), 400);
    assert_int_equal(check("", &b), 400);
    buf_release(&b);
}

/* The menu a page draws: the items of its interface's language when there are any. */
static void menus_follow_the_interface_language(void **state)
{
    struct menu_item items[] = {
        {.id = 1, .label = "Giới thiệu", .lang = "vi"},
        {.id = 2, .parent_id = 1, .label = "Lịch", .lang = "vi"},
        {.id = 3, .parent_id = 1, .label = "Sub", .lang = "en"}, /* a sub-item is not a menu */
    };

    (void)state;
    assert_string_equal(web_menu_lang(items, 3, I18N_VI), "vi");
    assert_string_equal(web_menu_lang(items, 3, I18N_EN), "vi"); /* no English top item */
    items[1] = (struct menu_item){.id = 2, .label = "About", .lang = "en"};
    assert_string_equal(web_menu_lang(items, 3, I18N_EN), "en");
    assert_string_equal(web_menu_lang(items, 3, I18N_VI), "vi");
    assert_string_equal(web_menu_lang(NULL, 0, I18N_EN), "vi");
    assert_string_equal(web_lang_name("en"), "English");
    assert_string_equal(web_lang_name("vi"), "Tiếng Việt");
}

static void checked_fields_read_back_typed(void **state)
{
    json_t *o = json_loads("{\"title\":\"Tin\",\"count\":7,\"shown\":false,\"parent\":null}", 0,
                           NULL);
    int64_t n = -1;
    bool shown = true;

    (void)state;
    assert_string_equal(web_json_text(o, "title"), "Tin");
    assert_null(web_json_text(o, "missing"));
    assert_true(web_json_int(o, "count", &n));
    assert_int_equal(n, 7);
    assert_false(web_json_int(o, "parent", &n)); /* null: none, *out untouched */
    assert_int_equal(n, 7);
    assert_true(web_json_has(o, "parent"));
    assert_true(web_json_bool(o, "shown", &shown));
    assert_false(shown);
    json_decref(o);
}

static void url_readers_take_only_what_they_say(void **state)
{
    int64_t id = 0, day = 0;

    (void)state;
    assert_true(web_parse_id("12", false, &id));
    assert_int_equal(id, 12);
    assert_true(web_parse_id("12-mot-bai", true, &id));
    assert_int_equal(id, 12);
    assert_false(web_parse_id("12-mot-bai", false, &id));
    assert_false(web_parse_id("0", false, &id));
    assert_false(web_parse_id("-3", false, &id));
    assert_false(web_parse_id("", false, &id));
    assert_false(web_parse_id(NULL, false, &id));
    assert_false(web_parse_id("1x", false, &id));

    assert_true(web_parse_day("2026-03-18", &day));
    assert_false(web_parse_day("2026-3-18", &day));
    assert_false(web_parse_day("18-03-2026", &day));
    assert_false(web_parse_day("2026-03-18T10:00", &day));
    assert_false(web_parse_day(NULL, &day));
}

static void views_are_built_whole_with_typed_values(void **state)
{
    json_t *o;
    char *text;

    (void)state;
    o = web_view((struct web_kv[]){WEB_S("title", "Tin"), WEB_S("none", NULL), WEB_I("id", 3),
                                   WEB_B("shown", 1), WEB_J("absent", NULL),
                                   WEB_J("list", json_array()), WEB_DATE("zero", 0), WEB_END});
    assert_non_null(o);
    text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text, "{\"id\":3,\"list\":[],\"none\":\"\",\"shown\":true,\"title\":"
                              "\"Tin\",\"zero\":\"\"}");
    free(text);
    json_decref(o);
    /* adding to no object fails, and still releases the values it was given */
    assert_false(web_view_add(NULL, (struct web_kv[]){WEB_J("list", json_array()), WEB_END}));
}

static void days_and_numbers_are_written_the_page_language_way(void **state)
{
    struct arena ar, *a = &ar;
    json_t *o;
    enum i18n_lang was;

    (void)state;
    arena_init(a, 0);
    assert_int_equal(time_set_zone("Asia/Ho_Chi_Minh"), CONG_OK);
    was = i18n_set_lang(I18N_VI);
    assert_string_equal(web_day_text(a, "2026-12-04"), "04-12-2026");
    o = web_view((struct web_kv[]){WEB_NUM("n", 1234567), WEB_NUM("small", 12), WEB_END});
    assert_string_equal(json_string_value(json_object_get(o, "n")), "1.234.567");
    assert_string_equal(json_string_value(json_object_get(o, "small")), "12");
    json_decref(o);
    i18n_set_lang(I18N_EN);
    assert_string_equal(web_day_text(a, "2026-12-04"), "4 Dec 2026");
    assert_string_equal(web_day_text(a, "2026-01-31"), "31 Jan 2026");
    o = web_view((struct web_kv[]){WEB_NUM("n", 1234567), WEB_END});
    assert_string_equal(json_string_value(json_object_get(o, "n")), "1,234,567");
    json_decref(o);
    /* what is not a day is no date */
    assert_string_equal(web_day_text(a, ""), "");
    assert_string_equal(web_day_text(a, NULL), "");
    assert_string_equal(web_day_text(a, "2026-13-01"), "");
    assert_string_equal(web_day_text(a, "04-12-2026"), "");
    i18n_set_lang(was);
    arena_release(a);
}

static void login_redirect_keeps_only_local_targets(void **state)
{
    struct fixture *f = *state;
    struct http_request req = request(f, "/quan-tri/bai-viet");
    struct http_response res = {0};

    buf_init(&res.body, 0);
    req.raw_query = "trang=2";
    web_to_login(f->w, &req, &res);
    assert_int_equal(res.status, 303);
    assert_string_equal(header(&res, "Location"), "/dang-nhap?tiep=%2Fquan-tri%2Fbai-viet%3Ftrang%3D2");
    assert_string_equal(header(&res, "Cache-Control"), "no-store");
    buf_release(&res.body);

    assert_non_null(web_safe_target("/quan-tri"));
    assert_null(web_safe_target("//evil.example"));
    assert_null(web_safe_target("/\\evil.example"));
    assert_null(web_safe_target("https://evil.example"));
    assert_null(web_safe_target("/a b"));
    assert_null(web_safe_target(NULL));
}

static void out_of_memory_while_building_is_503_never_half_a_page(void **state)
{
    struct fixture *f = *state;
    struct http_request req = request(f, "/");
    struct http_response res = {0};

    buf_init(&res.body, 0);
    buf_puts(&res.body, "half a page");
    web_render(f->w, &req, &res, 200, "page", NULL); /* a view that could not be built */
    assert_int_equal(res.status, 503);
    assert_null(strstr(res.body.data, "half a page"));
    buf_release(&res.body);
}

static void every_path_has_one_route_class(void **state)
{
    static const struct {
        const char *path, *cls;
    } cases[] = {
        {"/", "home"},
        {"/bai-viet/12-tin-moi", "article"},
        {"/bai-viet/12/luu", "article"},
        {"/bai-vietx", "other"},
        {"/chuyen-muc/tin-tuc", "category"},
        {"/chuyen-muc/tin-tuc/rss.xml", "feed"},
        {"/rss.xml", "feed"},
        {"/sitemap.xml", "feed"},
        {"/sitemap-2.xml", "feed"},
        {"/van-ban/rss.xml", "feed"},
        {"/trang/gioi-thieu", "page"},
        {"/tim-kiem", "search"},
        {"/media/7-640.webp", "media"},
        {"/static/abc/site.css", "static"},
        {"/api/v1/articles", "api"},
        {"/api", "api"},
        {"/apix", "other"},
        {"/quan-tri", "admin"},
        {"/quan-tri/bai-viet/3", "admin"},
        {"/healthz", "health"},
        {"/metrics", "health"},
        {"/dang-nhap", "other"},
        {"/van-ban/3-quyet-dinh", "other"},
        {"/khong-co", "other"},
        {NULL, "other"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = web_route_class(cases[i].path);
        if (strcmp(got, cases[i].cls) != 0)
            fail_msg("'%s' is %s, not %s", cases[i].path ? cases[i].path : "(null)", got,
                     cases[i].cls);
    }
}

static void a_bad_metrics_allow_fails_with_one_line(void **state)
{
    struct fixture *f = *state;
    struct web_config cfg = {.theme_dir = "../themes/default", .metrics_allow = "10.0.0.0/33"};
    struct cong_error err = {0};
    struct web *w = (struct web *)1;

    assert_int_equal(web_new(f->st, NULL, &cfg, &w, &err), CONG_EINVAL);
    assert_null(w);
    assert_non_null(strstr(err.msg, "metrics_allow"));
    assert_non_null(strstr(err.msg, "'10.0.0.0/33'"));
    assert_null(strchr(err.msg, '\n'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_error_has_one_status_on_pages_admin_and_api, setup,
                                        teardown),
        cmocka_unit_test(a_named_field_is_invalid_field),
        cmocka_unit_test(json_bodies_are_checked_against_their_fields),
        cmocka_unit_test(checked_fields_read_back_typed),
        cmocka_unit_test(menus_follow_the_interface_language),
        cmocka_unit_test(url_readers_take_only_what_they_say),
        cmocka_unit_test(views_are_built_whole_with_typed_values),
        cmocka_unit_test(days_and_numbers_are_written_the_page_language_way),
        cmocka_unit_test_setup_teardown(login_redirect_keeps_only_local_targets, setup, teardown),
        cmocka_unit_test_setup_teardown(out_of_memory_while_building_is_503_never_half_a_page,
                                        setup, teardown),
        cmocka_unit_test(every_path_has_one_route_class),
        cmocka_unit_test_setup_teardown(a_bad_metrics_allow_fails_with_one_line, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
