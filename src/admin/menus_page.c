/*
 * The admin's menus (/quan-tri/menu?menu=main|footer): the items of the site's main and
 * footer menus in their order, a form to add or change one (a page, a category, the
 * documents or a link), and plain form buttons to move an item up, down, in under the item
 * before it or back out, and to delete it, so ordering works without JavaScript. Admins only.
 * The rules and the audit lines are the content module's (content_menu_*).
 */
#include <string.h>

#include "../content/content.h"
#include "../i18n/i18n.h"
#include "../portal/portal.h"
#include "../web/web.h"
#include "admin_int.h"

#define MENUS_PATH "/quan-tri/menu"

static const struct admin_notice notices[] = {
    {"them", N_("Đã thêm mục menu.")},
    {"sua", N_("Đã lưu mục menu.")},
    {"xoa", N_("Đã xóa mục menu (cùng các mục con).")},
    {"chuyen", N_("Đã đổi thứ tự menu.")},
};

static const struct {
    const char *kind, *label;
} kinds[] = {
    {"page", N_("Trang")},
    {"category", N_("Chuyên mục")},
    {"documents", N_("Văn bản")},
    {"url", N_("Liên kết")},
};

/* What the form shows: an item being added or changed, as typed. */
struct menu_form {
    int64_t id; /* 0: a new one */
    const char *label, *kind, *url;
    int64_t page, category, parent;
    bool new_window;
    const char *lang; /* "vi" or "en" (as typed: checked by the content module) */
};

static const char *kind_label(const char *kind)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (!strcmp(kinds[i].kind, kind))
            return _(kinds[i].label);
    }
    return kind;
}

/* The menu the request names (?menu= or the form's), "main" by default. */
static const char *menu_of(struct http_request *req)
{
    const char *m = http_request_form_value(req, "menu");

    if (!m)
        m = http_request_query(req, "menu");
    return content_menu_is_known(m) ? m : "main";
}

/* The items in tree order with their place among siblings, for the table. */
static json_t *item_rows(struct arena *a, const struct web_menu_refs *refs,
                         const struct menu_item *items, size_t n)
{
    json_t *rows = json_array();
    bool ok = rows != NULL;

    for (size_t i = 0; ok && i < n; i++) {
        size_t ntop = 0, top_at = 0, nsub = 0, sub_at;

        if (items[i].parent_id)
            continue;
        for (size_t k = 0; k < n; k++) {
            if (!items[k].parent_id && k < i)
                top_at++;
            ntop += !items[k].parent_id;
        }
        for (size_t k = 0; k < n; k++)
            nsub += items[k].parent_id == items[i].id;
        for (size_t pass = 0; ok && pass <= nsub; pass++) {
            /* pass 0: the top item; then its children in order */
            const struct menu_item *it = &items[i];
            size_t seen = 0;
            sub_at = pass - 1;
            for (size_t k = 0; pass && k < n; k++) {
                if (items[k].parent_id == items[i].id && seen++ == sub_at) {
                    it = &items[k];
                    break;
                }
            }
            const char *href = web_menu_href(a, refs, it);
            bool first = pass ? sub_at == 0 : top_at == 0;
            bool last = pass ? sub_at + 1 == nsub : top_at + 1 == ntop;
            ok = web_list_add(
                rows, web_view((struct web_kv[]){
                          WEB_I("id", it->id),
                          WEB_S("label", it->label),
                          WEB_S("kind_label", kind_label(it->kind)),
                          WEB_S("href", href ? href : ""),
                          WEB_B("missing", !href),
                          WEB_B("sub", pass > 0),
                          WEB_B("new_window", it->new_window),
                          /* the English items are marked; the Vietnamese ones, the default, not */
                          WEB_S("lang", it->lang),
                          WEB_J("lang_name", it->lang && !strcmp(it->lang, "en")
                                                 ? web_jstr(web_lang_name(it->lang))
                                                 : NULL),
                          WEB_B("may_up", !first),
                          WEB_B("may_down", !last),
                          WEB_B("may_indent", !pass && !first && !nsub),
                          WEB_B("may_outdent", pass > 0),
                          WEB_END}));
        }
    }
    if (!ok) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}

/* <option>s of the site's pages that have an address, with selected marked. */
static json_t *page_options(struct arena *a, const struct web_menu_refs *refs, int64_t selected)
{
    json_t *list = json_array();
    bool ok = list != NULL;

    for (size_t i = 0; ok && i < refs->npages; i++) {
        const char *path = portal_page_path(a, refs->pages[i].slug);
        if (!path)
            continue;
        ok = web_list_add(list, web_view((struct web_kv[]){
                                    WEB_I("id", refs->pages[i].id),
                                    WEB_S("label", refs->pages[i].title),
                                    WEB_B("selected", refs->pages[i].id == selected), WEB_END}));
    }
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    return list;
}

static json_t *category_options(const struct web_menu_refs *refs, int64_t selected)
{
    json_t *list = json_array();
    bool ok = list != NULL;

    for (size_t i = 0; ok && i < refs->ncats; i++)
        ok = web_list_add(list, web_view((struct web_kv[]){
                                    WEB_I("id", refs->cats[i].id),
                                    WEB_S("label", refs->cats[i].name),
                                    WEB_B("selected", refs->cats[i].id == selected), WEB_END}));
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* The top items an item may go under (not itself), with selected marked. */
static json_t *parent_options(const struct menu_item *items, size_t n, int64_t self,
                              int64_t selected)
{
    json_t *list = json_array();
    bool ok = list != NULL;

    for (size_t i = 0; ok && i < n; i++) {
        if (items[i].parent_id || items[i].id == self)
            continue;
        ok = web_list_add(list, web_view((struct web_kv[]){
                                    WEB_I("id", items[i].id), WEB_S("label", items[i].label),
                                    WEB_B("selected", items[i].id == selected), WEB_END}));
    }
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    return list;
}

static json_t *kind_options(const char *selected)
{
    json_t *list = json_array();
    bool ok = list != NULL;

    for (size_t i = 0; ok && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        ok = web_list_add(list, web_view((struct web_kv[]){
                                    WEB_S("value", kinds[i].kind), WEB_S("label", _(kinds[i].label)),
                                    WEB_B("selected", !strcmp(kinds[i].kind, selected)),
                                    WEB_END}));
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    return list;
}

static void menus_page(struct web *w, struct http_request *req, struct http_response *res,
                       const struct web_viewer *v, int status, const char *menu,
                       const struct menu_form *form, const char *error)
{
    const char *notice = ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    struct store *st = web_store(w, req);
    struct web_menu_refs refs;
    struct menu_item *items;
    size_t n;
    json_t *data;
    bool main_menu = !strcmp(menu, "main");
    enum cong_err rc = store_list_menu_items(st, req->arena, menu, &items, &n);

    if (rc == CONG_OK)
        rc = web_menu_refs_load(st, req->arena, &refs);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    data = web_view_extend(
        web_admin_page_data(w, req, "Menu", v),
        (struct web_kv[]){
            WEB_S("menu", menu),
            WEB_B("is_main", main_menu),
            WEB_S("menu_label", main_menu ? _("Menu chính") : _("Menu chân trang")),
            WEB_N("items", item_rows(req->arena, &refs, items, n)),
            WEB_B("has_items", n > 0),
            WEB_N("form", web_view((struct web_kv[]){
                              WEB_I("id", form->id),
                              WEB_B("editing", form->id != 0),
                              WEB_S("label", form->label),
                              WEB_S("url", form->url),
                              WEB_B("new_window", form->new_window),
                              WEB_N("langs", web_lang_options(form->lang ? form->lang : "vi")),
                              WEB_N("kinds", kind_options(form->kind)),
                              WEB_N("pages", page_options(req->arena, &refs, form->page)),
                              WEB_N("categories", category_options(&refs, form->category)),
                              WEB_N("parents", parent_options(items, n, form->id, form->parent)),
                              WEB_END})),
            WEB_J("error", error ? web_jstr(error) : NULL),
            WEB_J("notice", notice ? web_jstr(notice) : NULL),
            WEB_END});
    web_render_private(w, req, res, status, "admin-menus", data);
    json_decref(data);
}

void admin_h_menus(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct menu_form form = {.label = "", .kind = "page", .url = "", .lang = "vi"};
    const char *menu = menu_of(req);
    int64_t id;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    /* ?sua=ID: the form holds that item, to change it */
    if (web_parse_id(http_request_query(req, "sua"), false, &id)) {
        struct menu_item it;
        enum cong_err rc = store_get_menu_item(web_store(w, req), req->arena, id, &it);
        if (rc == CONG_OK && !strcmp(it.menu, menu)) {
            form = (struct menu_form){.id = it.id, .label = it.label, .kind = it.kind,
                                      .url = it.url, .parent = it.parent_id,
                                      .new_window = it.new_window, .lang = it.lang};
            if (!strcmp(it.kind, "page"))
                form.page = it.ref_id;
            else if (!strcmp(it.kind, "category"))
                form.category = it.ref_id;
        }
    }
    menus_page(w, req, res, &v, 200, menu, &form, NULL);
}

static int64_t form_id(struct http_request *req, const char *name)
{
    int64_t id = 0;

    return web_parse_id(http_request_form_value(req, name), false, &id) ? id : 0;
}

static const char *form_text(struct http_request *req, const char *name)
{
    const char *v = http_request_form_value(req, name);

    return v ? v : "";
}

/* The add or change of the form; answers. */
static void save(struct web *w, struct http_request *req, struct http_response *res,
                 const struct web_viewer *v, const char *menu)
{
    struct menu_form form = {
        .id = form_id(req, "id"),
        .label = form_text(req, "label"),
        .kind = form_text(req, "kind"),
        .url = form_text(req, "url"),
        .page = form_id(req, "page"),
        .category = form_id(req, "category"),
        .parent = form_id(req, "parent"),
        .new_window = http_request_form_value(req, "new_window") != NULL,
        .lang = http_request_form_value(req, "lang"),
    };
    struct menu_input in = {
        .label = form.label,
        .kind = form.kind,
        .url = form.url,
        .ref_id = !strcmp(form.kind, "page") ? form.page : form.category,
        .parent_id = form.parent,
        .position = -1,
        .new_window = form.new_window,
        .lang = form.lang && *form.lang ? form.lang : NULL,
    };
    struct content_actor who;
    struct cong_error err = {0};
    int64_t id;
    enum cong_err rc;

    web_actor(v, req, &who);
    if (form.id)
        rc = content_menu_update(web_store(w, req), &who, req->arena, menu, form.id, &in, &err);
    else
        rc = content_menu_add(web_store(w, req), &who, req->arena, menu, &in, &id, &err);
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        menus_page(w, req, res, v, web_status_of(rc), menu, &form, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res,
                  arena_printf(req->arena, MENUS_PATH "?menu=%s&tb=%s", menu,
                               form.id ? "sua" : "them"));
}

void admin_h_menus_post(struct http_request *req, struct http_response *res, void *ctx)
{
    static const struct {
        const char *action;
        enum content_menu_move how;
    } moves[] = {{"up", CONTENT_MENU_UP},
                 {"down", CONTENT_MENU_DOWN},
                 {"indent", CONTENT_MENU_INDENT},
                 {"outdent", CONTENT_MENU_OUTDENT}};
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    struct menu_form blank = {.label = "", .kind = "page", .url = ""};
    const char *action, *menu, *done = NULL;
    int64_t id;
    enum cong_err rc = CONG_EINVAL;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    menu = menu_of(req);
    action = form_text(req, "action");
    if (!strcmp(action, "save")) {
        save(w, req, res, &v, menu);
        return;
    }
    web_actor(&v, req, &who);
    id = form_id(req, "id");
    if (!strcmp(action, "delete")) {
        rc = content_menu_delete(web_store(w, req), &who, req->arena, menu, id, &err);
        done = "xoa";
    }
    for (size_t i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
        if (!strcmp(action, moves[i].action)) {
            rc = content_menu_move(web_store(w, req), &who, req->arena, menu, id, moves[i].how,
                                   &err);
            done = "chuyen";
        }
    }
    if (!done)
        cong_error_set(&err, CONG_EINVAL, _("Thao tác không hợp lệ."));
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        menus_page(w, req, res, &v, web_status_of(rc), menu, &blank, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res, arena_printf(req->arena, MENUS_PATH "?menu=%s&tb=%s", menu, done));
}
