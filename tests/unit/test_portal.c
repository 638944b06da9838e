/*
 * Unit tests of the portal module through its header, with a real temporary store: the
 * registry, configuration checks (bad values refused with a message naming the field, and
 * the page left as it was), view permissions (every role set against every viewer, with the
 * message, hide and inherit modes), the order of portlets in a region as they are added,
 * moved and removed, the built-in pages, and what a render function gets.
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

#include "i18n/i18n.h"
#include "portal/portal.h"
#include "store/store.h"

struct fixture {
    char dir[64];
    char path[128];
    struct store *st;
    struct arena a;
    int64_t page; /* a custom page, layout ba-cot */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct cong_error err;
    struct category c = {.slug = "tin-tuc", .name = "Tin tức"};
    int64_t cid;

    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/cong-portal-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
    if (store_open(f->path, STORE_OPEN_CREATE, &f->st, &err) != CONG_OK ||
        store_add_category(f->st, &c, &cid) != CONG_OK)
        return -1;
    arena_init(&f->a, 0);
    struct portal_page_change p = {.title = "Giới thiệu", .layout = "ba-cot", .in_menu = 1};
    if (portal_page_create(f->st, &f->a, &p, &f->page, &err) != CONG_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char side[160];

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

/* Adds a portlet of type to region of the fixture's page; returns its id. */
static int64_t add(struct fixture *f, const char *type, const char *region, const char *title)
{
    struct portal_portlet_change ch = {
        .type = type, .region = region, .position = PORTAL_POSITION_KEEP, .title = title};
    struct cong_error err = {0};
    int64_t id = 0;

    assert_int_equal(portal_portlet_add(f->st, &f->a, f->page, &ch, &id, &err), CONG_OK);
    return id;
}

/* The titles of the page's portlets in region, in order, joined by ','. */
static const char *order(struct fixture *f, const char *region)
{
    static char out[512];
    struct portlet *ps;
    size_t n, len = 0;

    out[0] = '\0';
    assert_int_equal(store_list_portlets(f->st, &f->a, f->page, &ps, &n), CONG_OK);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ps[i].region, region) != 0)
            continue;
        len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s", len ? "," : "", ps[i].title);
    }
    return out;
}

/* Registry. */

static void registry_finds_every_type_by_name(void **state)
{
    static const char *const names[] = {"news_list",  "news_detail", "featured",
                                        "menu",       "links",       "html",
                                        "search_box", "login",       "visitor_stats",
                                        "schedule",   "questions",  "documents",
                                        "banner"};
    size_t n = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const struct portlet_type *t = portal_type_find(names[i]);
        assert_non_null(t);
        assert_string_equal(t->name, names[i]);
        assert_non_null(t->render);
        assert_true(strlen(t->label) > 0);
    }
    while (portal_type_at(n))
        n++;
    assert_int_equal(n, sizeof(names) / sizeof(names[0]));
    assert_null(portal_type_find("khong_co"));
    assert_null(portal_type_find(NULL));
}

static void every_default_passes_its_own_field(void **state)
{
    struct fixture *f = *state;
    const struct portlet_type *t;
    struct cong_error err = {0};
    json_t *out;

    for (size_t i = 0; (t = portal_type_at(i)); i++) {
        /* featured "chosen" and news_list "category" need more than defaults: not these */
        assert_int_equal(portal_config_check(f->st, t, NULL, &out, &err), CONG_OK);
        assert_int_equal(json_object_size(out), t->nfields);
        json_decref(out);
    }
}

/* Configuration. */

static void check_config(struct fixture *f, const char *type, const char *json, enum cong_err want,
                         const char *msg_part)
{
    struct cong_error err = {0};
    json_t *in = json_loads(json, 0, NULL), *out = NULL;

    assert_non_null(in);
    assert_int_equal(portal_config_check(f->st, portal_type_find(type), in, &out, &err), want);
    if (want != CONG_OK) {
        assert_null(out);
        assert_non_null(strstr(err.msg, msg_part));
    }
    json_decref(out);
    json_decref(in);
}

static void bad_configuration_values_are_refused_with_a_message(void **state)
{
    struct fixture *f = *state;

    check_config(f, "news_list", "{\"count\": 0}", CONG_EINVAL, "Số bài");
    check_config(f, "news_list", "{\"count\": 51}", CONG_EINVAL, "từ 1 đến 50");
    check_config(f, "news_list", "{\"count\": \"năm\"}", CONG_EINVAL, "số nguyên");
    check_config(f, "news_list", "{\"mode\": \"moi\"}", CONG_EINVAL, "latest, category");
    check_config(f, "news_list", "{\"thumbnails\": 1}", CONG_EINVAL, "true hoặc false");
    check_config(f, "news_list", "{\"mode\": \"category\", \"category\": \"khong-co\"}",
                 CONG_EINVAL, "khong-co");
    check_config(f, "news_list", "{\"mode\": \"category\"}", CONG_EINVAL, "Chuyên mục");
    check_config(f, "news_list", "{\"colour\": \"red\"}", CONG_EINVAL, "colour");
    check_config(f, "featured", "{\"ids\": [3, 3]}", CONG_EINVAL, "hai lần");
    check_config(f, "featured", "{\"ids\": [-1]}", CONG_EINVAL, "mục thứ 1");
    check_config(f, "featured", "{\"mode\": \"chosen\"}", CONG_EINVAL, "ít nhất một");
    check_config(f, "links", "{\"links\": [{\"title\": \"X\", \"url\": \"javascript:alert(1)\"}]}",
                 CONG_EINVAL, "liên kết thứ 1");
    check_config(f, "links", "{\"links\": [{\"title\": \"X\", \"url\": \"//evil.example\"}]}",
                 CONG_EINVAL, "http://");
    check_config(f, "links", "{\"links\": [{\"title\": \"\", \"url\": \"/a\"}]}", CONG_EINVAL,
                 "tiêu đề");
    check_config(f, "search_box", "{\"placeholder\": 5}", CONG_EINVAL, "chuỗi");
}

static void good_configuration_is_completed_with_defaults(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    json_t *in = json_pack("{s:s,s:s,s:i}", "mode", "category", "category", "tin-tuc", "count", 7),
           *out;

    assert_int_equal(portal_config_check(f->st, portal_type_find("news_list"), in, &out, &err),
                     CONG_OK);
    assert_int_equal(json_integer_value(json_object_get(out, "count")), 7);
    assert_string_equal(json_string_value(json_object_get(out, "display")), "list");
    assert_true(json_is_true(json_object_get(out, "thumbnails")));
    json_decref(out);
    json_decref(in);
}

static void html_is_sanitized_when_saved(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    json_t *in = json_pack("{s:s}", "html", "<p onclick=\"x()\">Chào</p><script>alert(1)</script>"),
           *out;
    const char *html;

    assert_int_equal(portal_config_check(f->st, portal_type_find("html"), in, &out, &err), CONG_OK);
    html = json_string_value(json_object_get(out, "html"));
    assert_non_null(strstr(html, "Chào"));
    assert_null(strstr(html, "script"));
    assert_null(strstr(html, "onclick"));
    json_decref(out);
    json_decref(in);
}

/* A form's fields for portal_config_from_text: name -> value in a table of three rows. */
static const char *lookup(void *ctx, const char *name)
{
    const char *const(*values)[2] = ctx;

    for (size_t i = 0; i < 3; i++) {
        if (!strcmp(values[i][0], name))
            return values[i][1];
    }
    return NULL;
}

static void form_text_becomes_the_same_configuration(void **state)
{
    static const char *const values[][2] = {
        {"ids", "12, 7 9"}, {"count", " 3 "}, {"mode", "chosen"}};
    const struct portlet_type *t = portal_type_find("featured");
    struct fixture *f = *state;
    struct cong_error err = {0};
    json_t *cfg, *out;

    cfg = portal_config_from_text(t, lookup, (void *)values);
    assert_non_null(cfg);
    assert_int_equal(portal_config_check(f->st, t, cfg, &out, &err), CONG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "ids")), 3);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(out, "ids"), 1)), 7);
    assert_int_equal(json_integer_value(json_object_get(out, "count")), 3);
    json_decref(out);
    json_decref(cfg);
}

static void links_typed_one_per_line_parse(void **state)
{
    const struct portlet_type *t = portal_type_find("links");
    struct fixture *f = *state;
    struct cong_error err = {0};
    static const char *const values[][2] = {
        {"links", "Chính phủ | https://chinhphu.vn\n\n  Trang chủ|/  \nA | B | https://x.vn/a"},
        {"", ""},
        {"", ""}};
    json_t *cfg = portal_config_from_text(t, lookup, (void *)values), *out, *l;

    assert_int_equal(portal_config_check(f->st, t, cfg, &out, &err), CONG_OK);
    l = json_object_get(out, "links");
    assert_int_equal(json_array_size(l), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(l, 1), "title")),
                        "Trang chủ");
    assert_string_equal(json_string_value(json_object_get(json_array_get(l, 1), "url")), "/");
    assert_string_equal(json_string_value(json_object_get(json_array_get(l, 2), "title")), "A | B");
    json_decref(out);
    json_decref(cfg);
}

static void refused_configuration_leaves_the_portlet_as_it_was(void **state)
{
    struct fixture *f = *state;
    int64_t id = add(f, "news_list", "main", "Tin");
    struct cong_error err = {0};
    json_t *bad = json_pack("{s:i}", "count", 999);
    struct portal_portlet_change ch = {
        .position = PORTAL_POSITION_KEEP, .title = "Đổi", .config = bad};
    struct portlet before, after;

    assert_int_equal(store_get_portlet(f->st, &f->a, id, &before), CONG_OK);
    assert_int_equal(portal_portlet_update(f->st, &f->a, id, &ch, &err), CONG_EINVAL);
    assert_non_null(strstr(err.msg, "Số bài"));
    assert_int_equal(store_get_portlet(f->st, &f->a, id, &after), CONG_OK);
    assert_string_equal(after.title, "Tin");
    assert_string_equal(after.config, before.config);
    json_decref(bad);
}

static void unknown_type_region_and_role_are_refused(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    static const char *const roles[] = {"member", "chu-tich"};
    int64_t id;
    struct portal_portlet_change ch = {.type = "bang_do", .position = PORTAL_POSITION_KEEP};

    assert_int_equal(portal_portlet_add(f->st, &f->a, f->page, &ch, &id, &err), CONG_EINVAL);
    assert_non_null(strstr(err.msg, "bang_do"));
    ch.type = "html";
    ch.region = "footer";
    assert_int_equal(portal_portlet_add(f->st, &f->a, f->page, &ch, &id, &err), CONG_EINVAL);
    assert_non_null(strstr(err.msg, "footer"));
    ch.region = "left";
    ch.set_roles = true;
    ch.view_roles = roles;
    ch.nview_roles = 2;
    assert_int_equal(portal_portlet_add(f->st, &f->a, f->page, &ch, &id, &err), CONG_EINVAL);
    assert_non_null(strstr(err.msg, "chu-tich"));
    ch.set_roles = false;
    ch.unauthorized = "an";
    assert_int_equal(portal_portlet_add(f->st, &f->a, f->page, &ch, &id, &err), CONG_EINVAL);
    assert_string_equal(order(f, "left"), "");
}

/* Permissions. */

static void everyone_sees_a_portlet_without_roles(void **state)
{
    (void)state;
    for (enum auth_role v = AUTH_GUEST; v <= AUTH_ADMIN; v++) {
        assert_int_equal(portal_decide(PORTAL_EVERYONE, PORTAL_UNAUTH_HIDE, PORTAL_UNAUTH_HIDE, v),
                         PORTAL_SHOW);
    }
}

static void a_role_set_is_literal(void **state)
{
    (void)state;
    /* every set of roles against every viewer: shown exactly when the viewer's role is in it */
    for (unsigned set = 1; set <= PORTAL_ALL_ROLES; set++) {
        for (enum auth_role v = AUTH_GUEST; v <= AUTH_ADMIN; v++) {
            enum portal_show want = (set & PORTAL_ROLE_BIT(v)) ? PORTAL_SHOW : PORTAL_SHOW_MESSAGE;
            assert_int_equal(portal_decide(set, PORTAL_UNAUTH_INHERIT, PORTAL_UNAUTH_MESSAGE, v),
                             want);
        }
    }
    /* members only: an admin is not a member */
    assert_int_equal(portal_decide(PORTAL_ROLE_BIT(AUTH_MEMBER), PORTAL_UNAUTH_INHERIT,
                                   PORTAL_UNAUTH_MESSAGE, AUTH_ADMIN),
                     PORTAL_SHOW_MESSAGE);
}

static void message_hide_and_inherit_modes(void **state)
{
    unsigned members = PORTAL_ROLE_BIT(AUTH_MEMBER);

    (void)state;
    /* the portlet's own choice wins over the site's */
    assert_int_equal(portal_decide(members, PORTAL_UNAUTH_HIDE, PORTAL_UNAUTH_MESSAGE, AUTH_GUEST),
                     PORTAL_SHOW_NOTHING);
    assert_int_equal(portal_decide(members, PORTAL_UNAUTH_MESSAGE, PORTAL_UNAUTH_HIDE, AUTH_GUEST),
                     PORTAL_SHOW_MESSAGE);
    /* inherit takes the site's; a site setting of inherit is the message */
    assert_int_equal(portal_decide(members, PORTAL_UNAUTH_INHERIT, PORTAL_UNAUTH_HIDE, AUTH_GUEST),
                     PORTAL_SHOW_NOTHING);
    assert_int_equal(
        portal_decide(members, PORTAL_UNAUTH_INHERIT, PORTAL_UNAUTH_MESSAGE, AUTH_GUEST),
        PORTAL_SHOW_MESSAGE);
    assert_int_equal(
        portal_decide(members, PORTAL_UNAUTH_INHERIT, PORTAL_UNAUTH_INHERIT, AUTH_GUEST),
        PORTAL_SHOW_MESSAGE);
    /* the mode never matters to someone allowed */
    assert_int_equal(portal_decide(members, PORTAL_UNAUTH_HIDE, PORTAL_UNAUTH_HIDE, AUTH_MEMBER),
                     PORTAL_SHOW);
    assert_int_equal(portal_site_unauth("hide"), PORTAL_UNAUTH_HIDE);
    assert_int_equal(portal_site_unauth(NULL), PORTAL_UNAUTH_MESSAGE);
    assert_int_equal(portal_site_unauth("anything"), PORTAL_UNAUTH_MESSAGE);
}

static void stored_roles_decide_and_bad_ones_hide_the_content(void **state)
{
    struct portlet p = {.view_roles = "member,admin", .unauthorized = "inherit"};

    (void)state;
    assert_int_equal(portal_portlet_show(&p, AUTH_ADMIN, PORTAL_UNAUTH_MESSAGE), PORTAL_SHOW);
    assert_int_equal(portal_portlet_show(&p, AUTH_EDITOR, PORTAL_UNAUTH_MESSAGE),
                     PORTAL_SHOW_MESSAGE);
    p.unauthorized = "hide";
    assert_int_equal(portal_portlet_show(&p, AUTH_GUEST, PORTAL_UNAUTH_MESSAGE),
                     PORTAL_SHOW_NOTHING);
    /* a hand-edited row naming no real role shows its content to nobody */
    p.view_roles = "member,,";
    p.unauthorized = "message";
    for (enum auth_role v = AUTH_GUEST; v <= AUTH_ADMIN; v++)
        assert_int_equal(portal_portlet_show(&p, v, PORTAL_UNAUTH_MESSAGE), PORTAL_SHOW_MESSAGE);
    p.view_roles = "";
    assert_int_equal(portal_portlet_show(&p, AUTH_GUEST, PORTAL_UNAUTH_HIDE), PORTAL_SHOW);
}

static void roles_round_trip_through_their_stored_form(void **state)
{
    struct cong_error err = {0};
    unsigned mask;
    struct buf b;

    (void)state;
    assert_int_equal(portal_roles_parse("admin,guest", &mask, &err), CONG_OK);
    assert_int_equal(mask, PORTAL_ROLE_BIT(AUTH_ADMIN) | PORTAL_ROLE_BIT(AUTH_GUEST));
    buf_init(&b, 0);
    portal_roles_format(mask, &b);
    assert_string_equal(b.data, "guest,admin");
    buf_release(&b);
    assert_int_equal(portal_roles_parse("", &mask, &err), CONG_OK);
    assert_int_equal(mask, PORTAL_EVERYONE);
    assert_int_equal(portal_roles_parse("root", &mask, &err), CONG_EINVAL);
}

/* Order in regions. */

static void portlets_keep_their_order_as_they_move(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    int64_t a = add(f, "html", "main", "A"), b = add(f, "html", "main", "B");
    int64_t c = add(f, "html", "main", "C");
    struct portal_portlet_change ch = {.position = 0};

    (void)b;
    assert_string_equal(order(f, "main"), "A,B,C");
    assert_int_equal(portal_portlet_update(f->st, &f->a, c, &ch, &err), CONG_OK);
    assert_string_equal(order(f, "main"), "C,A,B");
    ch.position = 5; /* past the end: last */
    assert_int_equal(portal_portlet_update(f->st, &f->a, c, &ch, &err), CONG_OK);
    assert_string_equal(order(f, "main"), "A,B,C");
    ch.position = 1;
    assert_int_equal(portal_portlet_update(f->st, &f->a, a, &ch, &err), CONG_OK);
    assert_string_equal(order(f, "main"), "B,A,C");
    /* to another region: the gap closes, it goes where asked */
    add(f, "html", "right", "R");
    ch = (struct portal_portlet_change){.region = "right", .position = 0};
    assert_int_equal(portal_portlet_update(f->st, &f->a, a, &ch, &err), CONG_OK);
    assert_string_equal(order(f, "main"), "B,C");
    assert_string_equal(order(f, "right"), "A,R");
    /* an unchanged position stays put when something else changes */
    ch = (struct portal_portlet_change){.position = PORTAL_POSITION_KEEP, .title = "A2"};
    assert_int_equal(portal_portlet_update(f->st, &f->a, a, &ch, &err), CONG_OK);
    assert_string_equal(order(f, "right"), "A2,R");
    assert_int_equal(portal_portlet_delete(f->st, c, &err), CONG_OK);
    assert_string_equal(order(f, "main"), "B");
    assert_int_equal(portal_portlet_delete(f->st, c, &err), CONG_ENOTFOUND);

    /* positions stay dense: 0, 1 */
    struct portlet *ps;
    size_t n;
    assert_int_equal(store_list_portlets(f->st, &f->a, f->page, &ps, &n), CONG_OK);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(ps[i].region, "right"))
            assert_true(ps[i].position == 0 || ps[i].position == 1);
    }
}

static void a_new_portlet_can_go_first(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct portal_portlet_change ch = {
        .type = "html", .region = "left", .position = 0, .title = "Đầu"};
    int64_t id;

    add(f, "html", "left", "Một");
    add(f, "html", "left", "Hai");
    assert_int_equal(portal_portlet_add(f->st, &f->a, f->page, &ch, &id, &err), CONG_OK);
    assert_string_equal(order(f, "left"), "Đầu,Một,Hai");
}

static void layout_change_moves_orphans_to_the_first_region(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct portal_page_change ch = {.layout = "mot-cot", .in_menu = -1};

    add(f, "html", "main", "M");
    add(f, "html", "left", "L");
    add(f, "html", "right", "R");
    assert_int_equal(portal_page_update(f->st, &f->a, f->page, &ch, &err), CONG_OK);
    assert_string_equal(order(f, "main"), "M,L,R");
    ch.layout = "bon-cot";
    assert_int_equal(portal_page_update(f->st, &f->a, f->page, &ch, &err), CONG_EINVAL);
    ch.layout = "site";
    assert_int_equal(portal_page_update(f->st, &f->a, f->page, &ch, &err), CONG_EINVAL);
}

/* Pages. */

static void built_in_pages_are_created_once_and_protected(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct page p;
    struct portlet *ps;
    size_t n;

    assert_int_equal(portal_install_defaults(f->st, &err), CONG_OK);
    assert_int_equal(store_get_page_by_slug(f->st, &f->a, PORTAL_HOME_PAGE, &p), CONG_OK);
    assert_int_equal(store_list_portlets(f->st, &f->a, p.id, &ps, &n), CONG_OK);
    /* featured, one list for the one category, latest, menu */
    assert_int_equal(n, 4);
    /* a second run leaves an admin's changes */
    assert_int_equal(portal_portlet_delete(f->st, ps[0].id, &err), CONG_OK);
    assert_int_equal(portal_install_defaults(f->st, &err), CONG_OK);
    assert_int_equal(store_list_portlets(f->st, &f->a, p.id, &ps, &n), CONG_OK);
    assert_int_equal(n, 3);
    for (const char *const *s =
             (const char *const[]){PORTAL_SITE_PAGE, PORTAL_CATEGORY_PAGE, PORTAL_ARTICLE_PAGE,
                                   PORTAL_SEARCH_PAGE, NULL};
         *s; s++)
        assert_int_equal(store_get_page_by_slug(f->st, &f->a, *s, &p), CONG_OK);

    assert_int_equal(store_get_page_by_slug(f->st, &f->a, PORTAL_ARTICLE_PAGE, &p), CONG_OK);
    assert_int_equal(portal_page_delete(f->st, &f->a, p.id, &err), CONG_ESTATE);
    struct portal_page_change ch = {.slug = "bai-viet", .in_menu = -1};
    assert_int_equal(portal_page_update(f->st, &f->a, p.id, &ch, &err), CONG_ESTATE);
    struct portal_page_change dup = {.title = "Trang chủ", .slug = PORTAL_HOME_PAGE};
    int64_t id;
    assert_int_equal(portal_page_create(f->st, &f->a, &dup, &id, &err), CONG_EEXIST);
}

static void custom_pages_get_a_slug_and_refuse_bad_ones(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct page p;
    int64_t id;
    struct portal_page_change ch = {.title = "  Thủ tục hành chính  ", .in_menu = -1};

    assert_int_equal(portal_page_create(f->st, &f->a, &ch, &id, &err), CONG_OK);
    assert_int_equal(store_get_page(f->st, &f->a, id, &p), CONG_OK);
    assert_string_equal(p.slug, "thu-tuc-hanh-chinh");
    assert_string_equal(p.title, "Thủ tục hành chính");
    assert_string_equal(p.layout, "hai-cot");
    assert_false(p.in_menu);
    assert_string_equal(portal_page_path(&f->a, p.slug), "/trang/thu-tuc-hanh-chinh");
    assert_int_equal(portal_page_create(f->st, &f->a, &ch, &id, &err), CONG_EEXIST);
    ch.slug = "Hoa-Thuong";
    assert_int_equal(portal_page_create(f->st, &f->a, &ch, &id, &err), CONG_EINVAL);
    ch.slug = "a--b";
    assert_int_equal(portal_page_create(f->st, &f->a, &ch, &id, &err), CONG_EINVAL);
    ch.slug = NULL;
    ch.title = "   ";
    assert_int_equal(portal_page_create(f->st, &f->a, &ch, &id, &err), CONG_EINVAL);
}

/* Rendering. */

static void a_portlet_renders_its_view_from_effective_config(void **state)
{
    struct fixture *f = *state;
    struct stats_counts counts = {.online = 2, .today = 416, .total = 756989};
    struct portal_env env = {.store = f->st, .arena = &f->a, .now = 1, .counts = &counts};
    struct portlet p = {.type = "visitor_stats", .config = "{}"};
    json_t *view;

    assert_int_equal(portal_portlet_view(&env, &p, portal_type_find("visitor_stats"), &view),
                     CONG_OK);
    /* the numbers as people read them, in the page's language */
    assert_string_equal(json_string_value(json_object_get(view, "online")), "2");
    assert_string_equal(json_string_value(json_object_get(view, "total")), "756.989");
    json_decref(view);
    i18n_set_lang(I18N_EN);
    assert_int_equal(portal_portlet_view(&env, &p, portal_type_find("visitor_stats"), &view),
                     CONG_OK);
    i18n_set_lang(I18N_VI);
    assert_string_equal(json_string_value(json_object_get(view, "today")), "416");
    assert_string_equal(json_string_value(json_object_get(view, "total")), "756,989");
    json_decref(view);
    /* a stored value that no longer passes falls back to its default instead of failing */
    p.type = "news_list";
    p.config = "{\"count\": 9999, \"mode\": \"current\"}";
    assert_int_equal(portal_portlet_view(&env, &p, portal_type_find("news_list"), &view), CONG_OK);
    /* current mode off a category page: nothing to list */
    assert_true(json_is_true(json_object_get(view, "empty")));
    json_decref(view);
}

/* English. */

/* A refusal speaks the thread's language, the field's name included. */
static void configuration_messages_are_in_the_requests_language(void **state)
{
    struct fixture *f = *state;

    i18n_set_lang(I18N_EN);
    check_config(f, "news_list", "{\"count\": 51}", CONG_EINVAL,
                 "The field \"Number of articles\" must be a whole number from 1 to 50.");
    check_config(f, "news_list", "{\"thumbnails\": 1}", CONG_EINVAL,
                 "The field \"Show thumbnails\" must be true or false.");
    check_config(f, "news_list", "{\"colour\": \"red\"}", CONG_EINVAL,
                 "The portlet \"News list\" has no configuration field 'colour'.");
    assert_string_equal(portal_region_label("right"), "Right column");
    /* a title the portal gave shows in the page's language, an admin's own as written */
    assert_string_equal(portal_portlet_title(&(struct portlet){.title = "Tin mới"}), "Latest news");
    assert_string_equal(portal_portlet_title(&(struct portlet){.title = "Tin của khoa"}),
                        "Tin của khoa");
    assert_string_equal(portal_portlet_title(&(struct portlet){.title = NULL}), "");
    assert_string_equal(_(PORTAL_DENIED_MESSAGE), "You do not have permission to view this portlet.");
    i18n_set_lang(I18N_VI);
    assert_string_equal(portal_region_label("right"), "Cột phải");
    check_config(f, "news_list", "{\"count\": 51}", CONG_EINVAL,
                 "Trường \"Số bài\" phải là số nguyên từ 1 đến 50.");
}

/* The search box's stock hint is shown in the page's language; one an admin wrote stays. */
static void the_search_box_hint_follows_the_language(void **state)
{
    struct fixture *f = *state;
    struct portal_env env = {.store = f->st, .arena = &f->a, .now = 1};
    struct portlet p = {.type = "search_box", .config = "{}"};
    json_t *view;

    i18n_set_lang(I18N_EN);
    assert_int_equal(portal_portlet_view(&env, &p, portal_type_find("search_box"), &view), CONG_OK);
    assert_string_equal(json_string_value(json_object_get(view, "placeholder")), "Search articles…");
    json_decref(view);
    p.config = "{\"placeholder\": \"Tìm văn bản\"}";
    assert_int_equal(portal_portlet_view(&env, &p, portal_type_find("search_box"), &view), CONG_OK);
    i18n_set_lang(I18N_VI);
    assert_string_equal(json_string_value(json_object_get(view, "placeholder")), "Tìm văn bản");
    json_decref(view);
}

/* The built-in pages get their names in the site's language, not the caller's. */
static void built_in_pages_are_named_in_the_sites_language(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct page p;
    struct portlet *ps;
    size_t n;
    bool latest = false;

    assert_int_equal(store_set_setting(f->st, "language", "en"), CONG_OK);
    /* asked in Vietnamese */
    assert_int_equal(portal_install_defaults(f->st, &err), CONG_OK);
    assert_int_equal(i18n_lang(), I18N_VI);
    assert_int_equal(store_get_page_by_slug(f->st, &f->a, PORTAL_HOME_PAGE, &p), CONG_OK);
    assert_string_equal(p.title, "Home");
    assert_int_equal(store_list_portlets(f->st, &f->a, p.id, &ps, &n), CONG_OK);
    for (size_t i = 0; i < n; i++)
        latest = latest || !strcmp(ps[i].title, "Latest news");
    assert_true(latest);
    assert_int_equal(store_get_page_by_slug(f->st, &f->a, PORTAL_SEARCH_PAGE, &p), CONG_OK);
    assert_string_equal(p.title, "Search");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registry_finds_every_type_by_name),
        T(every_default_passes_its_own_field),
        T(bad_configuration_values_are_refused_with_a_message),
        T(good_configuration_is_completed_with_defaults),
        T(html_is_sanitized_when_saved),
        T(form_text_becomes_the_same_configuration),
        T(links_typed_one_per_line_parse),
        T(refused_configuration_leaves_the_portlet_as_it_was),
        T(unknown_type_region_and_role_are_refused),
        cmocka_unit_test(everyone_sees_a_portlet_without_roles),
        cmocka_unit_test(a_role_set_is_literal),
        cmocka_unit_test(message_hide_and_inherit_modes),
        cmocka_unit_test(stored_roles_decide_and_bad_ones_hide_the_content),
        cmocka_unit_test(roles_round_trip_through_their_stored_form),
        T(portlets_keep_their_order_as_they_move),
        T(a_new_portlet_can_go_first),
        T(layout_change_moves_orphans_to_the_first_region),
        T(built_in_pages_are_created_once_and_protected),
        T(custom_pages_get_a_slug_and_refuse_bad_ones),
        T(a_portlet_renders_its_view_from_effective_config),
        T(configuration_messages_are_in_the_requests_language),
        T(the_search_box_hint_follows_the_language),
        T(built_in_pages_are_named_in_the_sites_language),
    };
    return cmocka_run_group_tests_name("portal", tests, NULL, NULL);
}
