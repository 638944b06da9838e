/*
 * The site's menus in the JSON API: GET and POST /api/v1/menus/NAME/items, PATCH and DELETE
 * /api/v1/menus/NAME/items/ID, NAME main or footer. Reading is open to anyone (the menus are
 * on every public page); changing them is for admins. An item points to a page or a category
 * (by id or slug), to the documents, or to a URL. The rules (a URL is http(s) or a path of
 * the site, two levels at most, targets of this site) are the content module's.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../content/content.h"

static const char msg_no_menu[] = N_("Không có menu này (main hoặc footer).");
static const char msg_no_item[] = N_("Không có mục menu này.");

static const struct web_field item_fields[] = {
    {"label", WEB_TEXT, 0, 1000},
    {"kind", WEB_TEXT, 0, 20},
    {"url", WEB_TEXT, WEB_NULLABLE, 2000},
    {"page", WEB_TEXT_OR_INT, WEB_NULLABLE, 200},
    {"category", WEB_TEXT_OR_INT, WEB_NULLABLE, 200},
    {"documents", WEB_BOOL, 0, 0},
    {"parent", WEB_INT, WEB_NULLABLE, 0},
    {"position", WEB_INT, 0, 0},
    {"new_window", WEB_BOOL, 0, 0},
    {"lang", WEB_TEXT, 0, 0, web_lang_values},
    {NULL, 0, 0, 0},
};

/* One item as the API shows it, href where it leads (NULL: its target is gone); NULL when
   out of memory. */
static json_t *item_view(const struct menu_item *it, const char *href)
{
    bool page = !strcmp(it->kind, "page"), cat = !strcmp(it->kind, "category");

    return web_view((struct web_kv[]){
        WEB_I("id", it->id),
        WEB_S("menu", it->menu),
        WEB_S("label", it->label),
        WEB_S("kind", it->kind),
        WEB_N("page", page ? json_integer(it->ref_id) : json_null()),
        WEB_N("category", cat ? json_integer(it->ref_id) : json_null()),
        WEB_N("url", href ? json_string(href) : json_null()),
        WEB_N("parent", it->parent_id ? json_integer(it->parent_id) : json_null()),
        WEB_I("position", it->position),
        WEB_B("new_window", it->new_window),
        WEB_S("lang", it->lang && *it->lang ? it->lang : "vi"),
        WEB_END});
}

/* The menu NAME of the path; false after answering 404. */
static bool menu_or_respond(struct http_request *req, struct http_response *res,
                            const char **menu)
{
    *menu = req->params[0];
    if (content_menu_is_known(*menu))
        return true;
    web_json_error(res, 404, "not_found", NULL, _(msg_no_menu));
    return false;
}

/* A page or category named by id or slug in field key of o into *id; false after answering
   400 (none such in this site) or 503. */
static bool ref_or_respond(struct store *st, struct http_request *req, struct http_response *res,
                           json_t *o, const char *key, int64_t *id)
{
    json_t *v = json_object_get(o, key);
    const char *slug = json_string_value(v);
    enum cong_err rc = CONG_OK;
    bool page = !strcmp(key, "page");

    if (json_is_integer(v)) {
        *id = json_integer_value(v);
        return true; /* the domain looks it up */
    }
    if (!slug) {
        *id = 0;
        return true;
    }
    if (page) {
        struct page p;
        if ((rc = store_get_page_by_slug(st, req->arena, slug, &p)) == CONG_OK)
            *id = p.id;
    } else {
        struct category c;
        if ((rc = store_get_category_by_slug(st, req->arena, slug, &c)) == CONG_OK)
            *id = c.id;
    }
    if (rc == CONG_OK)
        return true;
    if (rc == CONG_ENOTFOUND)
        web_json_error(res, 400, "invalid_field", key,
                       page ? _("Không có trang này trong cổng.") : _("Không có chuyên mục này trong "
                                                                 "cổng."));
    else
        web_json_fail(res, rc, NULL);
    return false;
}

/* Applies a checked body onto in (texts borrowed from o): the target named by url, page,
   category or documents sets the kind unless kind says it. false after answering. */
static bool parse_input(struct store *st, struct http_request *req, struct http_response *res,
                        json_t *o, struct menu_input *in)
{
    const char *kind = web_json_text(o, "kind");
    bool b;

    if (web_json_has(o, "label"))
        in->label = web_json_text(o, "label");
    if (web_json_text(o, "url")) {
        in->kind = "url";
        in->url = web_json_text(o, "url");
    }
    if (web_json_has(o, "page") && json_object_get(o, "page") != json_null()) {
        in->kind = "page";
        if (!ref_or_respond(st, req, res, o, "page", &in->ref_id))
            return false;
    }
    if (web_json_has(o, "category") && json_object_get(o, "category") != json_null()) {
        in->kind = "category";
        if (!ref_or_respond(st, req, res, o, "category", &in->ref_id))
            return false;
    }
    if (web_json_bool(o, "documents", &b) && b)
        in->kind = "documents";
    if (kind)
        in->kind = kind;
    if (web_json_has(o, "parent") && !web_json_int(o, "parent", &in->parent_id))
        in->parent_id = 0;
    (void)web_json_int(o, "position", &in->position);
    (void)web_json_bool(o, "new_window", &in->new_window);
    if (web_json_text(o, "lang"))
        in->lang = web_json_text(o, "lang");
    return true;
}

static void answer_item(struct api *api, struct http_request *req, struct http_response *res,
                        const char *menu, int64_t id, int status)
{
    struct store *st = web_store(api->web, req);
    struct web_menu_refs refs;
    struct menu_item it;
    enum cong_err rc = store_get_menu_item(st, req->arena, id, &it);

    if (rc == CONG_OK && strcmp(it.menu, menu) != 0)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        rc = web_menu_refs_load(st, req->arena, &refs);
    if (rc == CONG_ENOTFOUND) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_item));
        return;
    }
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    if (status == 201) {
        api_created(res,
                    arena_printf(req->arena, "/api/v1/menus/%s/items/%lld", menu, (long long)id),
                    item_view(&it, web_menu_href(req->arena, &refs, &it)));
        return;
    }
    api_answer(res, status, item_view(&it, web_menu_href(req->arena, &refs, &it)));
}

static void h_list(struct http_request *req, struct http_response *res, struct api *api,
                   const char *menu)
{
    struct store *st = web_store(api->web, req);
    struct web_menu_refs refs;
    struct menu_item *items;
    size_t n;
    json_t *list;
    bool ok;
    enum cong_err rc = store_list_menu_items(st, req->arena, menu, &items, &n);

    if (rc == CONG_OK)
        rc = web_menu_refs_load(st, req->arena, &refs);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    list = json_array();
    ok = list != NULL;
    /* the top items in order, each followed by its children */
    for (size_t i = 0; ok && i < n; i++) {
        if (items[i].parent_id)
            continue;
        ok = web_list_add(list, item_view(&items[i], web_menu_href(req->arena, &refs, &items[i])));
        for (size_t k = 0; ok && k < n; k++) {
            if (items[k].parent_id == items[i].id)
                ok = web_list_add(list,
                                  item_view(&items[k], web_menu_href(req->arena, &refs, &items[k])));
        }
    }
    if (!ok) {
        json_decref(list);
        list = NULL;
    }
    api_answer(res, 200, web_view((struct web_kv[]){WEB_S("menu", menu), WEB_N("items", list),
                                                     WEB_END}));
}

static void h_create(struct http_request *req, struct http_response *res, struct api *api,
                     const char *menu)
{
    struct menu_input in = {.position = -1};
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    int64_t id = 0;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
        return;
    web_actor(&v, req, &who);
    if (!(o = api_body_or_respond(req, res, item_fields)))
        return;
    if (!parse_input(web_store(api->web, req), req, res, o, &in)) {
        json_decref(o);
        return;
    }
    rc = content_menu_add(web_store(api->web, req), &who, req->arena, menu, &in, &id, &err);
    json_decref(o);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_item(api, req, res, menu, id, 201);
}

static void h_patch(struct http_request *req, struct http_response *res, struct api *api,
                    const char *menu, int64_t id)
{
    struct menu_input in;
    struct menu_item it;
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
        return;
    web_actor(&v, req, &who);
    rc = store_get_menu_item(web_store(api->web, req), req->arena, id, &it);
    if (rc == CONG_OK && strcmp(it.menu, menu) != 0)
        rc = CONG_ENOTFOUND;
    if (rc != CONG_OK) {
        if (rc == CONG_ENOTFOUND)
            web_json_error(res, 404, "not_found", NULL, _(msg_no_item));
        else
            web_json_fail(res, rc, NULL);
        return;
    }
    if (!(o = api_body_or_respond(req, res, item_fields)))
        return;
    /* a PATCH changes what it names: the rest stays as stored */
    in = (struct menu_input){it.label, it.kind,      it.ref_id, it.url, it.parent_id, -1,
                             it.new_window, it.lang};
    if (!parse_input(web_store(api->web, req), req, res, o, &in)) {
        json_decref(o);
        return;
    }
    rc = content_menu_update(web_store(api->web, req), &who, req->arena, menu, id, &in, &err);
    json_decref(o);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_item(api, req, res, menu, id, 200);
}

static void h_delete(struct http_request *req, struct http_response *res, struct api *api,
                     const char *menu, int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
        return;
    web_actor(&v, req, &who);
    rc = content_menu_delete(web_store(api->web, req), &who, req->arena, menu, id, &err);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_deleted(res, id);
}

static void r_items(struct http_request *req, struct http_response *res, void *ctx)
{
    const char *menu;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_POST))) {
        web_json_method_not_allowed(res, "GET, HEAD, POST");
        return;
    }
    if (!menu_or_respond(req, res, &menu))
        return;
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_list(req, res, ctx, menu);
    else if (req->method == HTTP_POST)
        h_create(req, res, ctx, menu);
    else
        web_json_method_not_allowed(res, "GET, HEAD, POST");
}

static void r_item(struct http_request *req, struct http_response *res, void *ctx)
{
    const char *menu;
    int64_t id;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_PATCH | HTTP_DELETE))) {
        web_json_method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
        return;
    }
    if (!menu_or_respond(req, res, &menu))
        return;
    if (!web_parse_id(req->params[1], false, &id)) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_item));
        return;
    }
    if (req->method & (HTTP_GET | HTTP_HEAD))
        answer_item(ctx, req, res, menu, id, 200);
    else if (req->method == HTTP_PATCH)
        h_patch(req, res, ctx, menu, id);
    else if (req->method == HTTP_DELETE)
        h_delete(req, res, ctx, menu, id);
    else
        web_json_method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
}

const struct api_route api_menus_table[] = {
    {"/api/v1/menus/:name/items", r_items, "menus",
     {{HTTP_GET, "The items of menu NAME (main or footer), each top item followed by its "
                 "sub-items.",
       AUTH_GUEST, NULL, 200, false},
      {HTTP_POST, "Adds an item: a label and one of url, page, category or documents; parent "
                  "(a top item) makes it a sub-item.",
       AUTH_ADMIN, item_fields, 201, false}}},
    {"/api/v1/menus/:name/items/:id", r_item, "menus",
     {{HTTP_GET, "One item of a menu.", AUTH_GUEST, NULL, 200, false},
      {HTTP_PATCH, "Changes an item: its label, target, parent, position or new_window.",
       AUTH_ADMIN, item_fields, 200, false},
      {HTTP_DELETE, "Deletes an item and its sub-items.", AUTH_ADMIN, NULL, 200, false}}},
    {NULL, NULL, NULL, {{0}}},
};
