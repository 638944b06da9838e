/*
 * The demo portal's composition beyond the built-in pages: a page of its own in the menu, and
 * on the article page a block of internal documents that only members and staff may read,
 * so a guest sees in its place the message a portlet the visitor may not see leaves (as on
 * the reference page), and a member who logs in sees the block; and the site's main and
 * footer menus. Written through the portal and content modules, with their checks, after
 * `cong init` has created the built-in pages.
 */
#include "demo.h"

#include <jansson.h>
#include <string.h>

#include "../content/content.h"

#include "../portal/portal.h"
#include "demo_int.h"

static const char members_html[] =
    "<p>Tài liệu sinh hoạt chi bộ và kế hoạch giảng dạy học kỳ II dành cho cán bộ, giảng viên "
    "và học viên đã đăng nhập.</p>"
    "<ul><li>Kế hoạch bồi dưỡng lý luận chính trị năm học mới</li>"
    "<li>Lịch sinh hoạt chuyên đề của các chi bộ khoa</li>"
    "<li>Mẫu báo cáo kết quả nghiên cứu thực tế</li></ul>";

static const char about_html[] =
    "<p>Trường là cơ sở đào tạo, bồi dưỡng lý luận chính trị cho cán bộ, đảng viên của tỉnh. "
    "Trang này giới thiệu chức năng, nhiệm vụ và cách liên hệ với các phòng, khoa.</p>"
    "<h2>Liên hệ</h2>"
    "<p>Phòng Tổ chức – Hành chính, điện thoại (0293) 000 0000, thư điện tử "
    "<a href=\"mailto:vanphong@truong.example.vn\">vanphong@truong.example.vn</a>.</p>";

/* The home page's lead block shows the three newest articles flagged "Tin nổi bật". */
static enum cong_err feature_flagged(struct store *st, struct arena *a, struct cong_error *err)
{
    struct page p;
    struct portlet *ps;
    size_t n;
    json_t *cfg;
    enum cong_err rc;

    rc = store_load_page(st, a, PORTAL_HOME_PAGE, &p, &ps, &n);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, "demo: no page '%s'", PORTAL_HOME_PAGE);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ps[i].type, "featured") != 0)
            continue;
        cfg = json_pack("{s:s,s:i}", "mode", "flagged", "count", 3);
        struct portal_portlet_change ch = {.position = PORTAL_POSITION_KEEP, .config = cfg};
        rc = cfg ? portal_portlet_update(st, a, ps[i].id, &ch, err)
                 : cong_error_set(err, CONG_ENOMEM, "out of memory");
        json_decref(cfg);
        return rc;
    }
    return CONG_OK;
}

/* One item of the demo's menus; parent is the index of its parent in the list, or -1. */
static const struct demo_menu_item demo_items[] = {
    {"main", "Giới thiệu", "page", "gioi-thieu", -1, false},
    {"main", "Lịch công tác", "url", "/lich-cong-tac", 0, false},
    {"main", "Hỏi đáp", "url", "/hoi-dap", 0, false},
    {"main", "Tin tức - Sự kiện", "category", "tin-tuc-su-kien", -1, false},
    {"main", "Công tác xây dựng Đảng", "category", "xay-dung-dang", 3, false},
    {"main", "Hoạt động đoàn thể", "category", "doan-the", 3, false},
    {"main", "Đào tạo - Bồi dưỡng", "category", "dao-tao-boi-duong", -1, false},
    {"main", "Nghiên cứu khoa học", "category", "nghien-cuu-khoa-hoc", -1, false},
    {"main", "Thông báo", "category", "thong-bao", -1, false},
    {"main", "Văn bản", "documents", "", -1, false},
    {"main", "Dịch vụ công", "url", "https://dichvucong.gov.vn/", -1, true},
    {"footer", "Giới thiệu", "page", "gioi-thieu", -1, false},
    {"footer", "Văn bản", "documents", "", -1, false},
    {"footer", "Hỏi đáp", "url", "/hoi-dap", -1, false},
    {"footer", "Sơ đồ trang", "url", "/sitemap.xml", -1, false},
};

enum cong_err demo_add_menu_items(struct store *st, struct arena *a,
                                  const struct demo_menu_item *items, size_t n, const char *lang,
                                  struct cong_error *err)
{
    const struct content_actor who = {.user_id = 0, .name = "cli", .role = AUTH_ADMIN, .ip = ""};
    int64_t ids[DEMO_MENU_MAX] = {0};
    enum cong_err rc = CONG_OK;

    if (n > DEMO_MENU_MAX)
        return cong_error_set(err, CONG_EINVAL, "demo: more than %d menu items", DEMO_MENU_MAX);
    for (size_t i = 0; rc == CONG_OK && i < n; i++) {
        const struct demo_menu_item *d = &items[i];
        struct menu_input in = {.label = d->label, .kind = d->kind, .url = d->ref,
                                .parent_id = d->parent >= 0 ? ids[d->parent] : 0,
                                .position = -1, .new_window = d->new_window, .lang = lang};
        if (!strcmp(d->kind, "page")) {
            struct page p;
            if ((rc = store_get_page_by_slug(st, a, d->ref, &p)) != CONG_OK)
                return cong_error_set(err, rc, "demo: no page '%s'", d->ref);
            in.ref_id = p.id;
        } else if (!strcmp(d->kind, "category")) {
            struct category c;
            if ((rc = store_get_category_by_slug(st, a, d->ref, &c)) != CONG_OK)
                return cong_error_set(err, rc, "demo: no category '%s'", d->ref);
            in.ref_id = c.id;
        }
        rc = content_menu_add(st, &who, a, d->menu, &in, &ids[i], err);
    }
    return rc;
}

/* The demo's main menu (a sub-menu under "Giới thiệu" and under the news, an external link)
   and its footer menu, through the same rules as an admin's. */
static enum cong_err demo_menus(struct store *st, struct arena *a, struct cong_error *err)
{
    return demo_add_menu_items(st, a, demo_items, sizeof(demo_items) / sizeof(demo_items[0]),
                               "vi", err);
}

enum cong_err demo_compose(struct store *st, struct cong_error *err)
{
    static const char *const staff[] = {"member", "author", "editor", "publisher", "admin"};
    struct arena a;
    struct page p;
    int64_t id, pid;
    json_t *cfg = NULL;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = store_get_page_by_slug(st, &a, PORTAL_ARTICLE_PAGE, &p);
    if (rc != CONG_OK) {
        cong_error_set(err, rc, "demo: no page '%s'", PORTAL_ARTICLE_PAGE);
        goto out;
    }
    cfg = json_pack("{s:s}", "html", members_html);
    struct portal_portlet_change members = {
        .type = "html",
        .region = "right",
        .position = PORTAL_POSITION_KEEP,
        .title = "Tài liệu nội bộ dành cho thành viên",
        .config = cfg,
        .set_roles = true,
        .view_roles = staff,
        .nview_roles = sizeof(staff) / sizeof(staff[0]),
        .unauthorized = "message",
    };
    rc = portal_portlet_add(st, &a, p.id, &members, &pid, err);
    json_decref(cfg);
    cfg = NULL;
    if (rc != CONG_OK)
        goto out;

    struct portal_page_change about = {
        .slug = "gioi-thieu", .title = "Giới thiệu", .layout = "hai-cot", .in_menu = 1};
    if ((rc = portal_page_create(st, &a, &about, &id, err)) != CONG_OK)
        goto out;
    cfg = json_pack("{s:s}", "html", about_html);
    struct portal_portlet_change body = {
        .type = "html",
        .region = "main",
        .position = PORTAL_POSITION_KEEP,
        .title = "",
        .config = cfg,
    };
    rc = portal_portlet_add(st, &a, id, &body, &pid, err);
    json_decref(cfg);
    cfg = NULL;
    if (rc != CONG_OK)
        goto out;
    struct portal_portlet_change login = {
        .type = "login",
        .region = "right",
        .position = PORTAL_POSITION_KEEP,
        .title = "Đăng nhập",
    };
    rc = portal_portlet_add(st, &a, id, &login, &pid, err);
    if (rc != CONG_OK)
        goto out;
    /* the latest documents beside the home page's news */
    rc = store_get_page_by_slug(st, &a, PORTAL_HOME_PAGE, &p);
    if (rc != CONG_OK) {
        cong_error_set(err, rc, "demo: no page '%s'", PORTAL_HOME_PAGE);
        goto out;
    }
    cfg = json_pack("{s:i}", "count", 4);
    struct portal_portlet_change documents = {
        .type = "documents",
        .region = "right",
        .position = PORTAL_POSITION_KEEP,
        .title = "Văn bản mới",
        .config = cfg,
    };
    rc = portal_portlet_add(st, &a, p.id, &documents, &pid, err);
    if (rc != CONG_OK)
        goto out;
    rc = feature_flagged(st, &a, err);
    if (rc == CONG_OK)
        rc = demo_menus(st, &a, err);
out:
    json_decref(cfg);
    arena_release(&a);
    return rc;
}
