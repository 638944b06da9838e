/*
 * The pages of the JSON API: GET and POST /api/v1/pages, GET, PATCH and DELETE
 * /api/v1/pages/ID (ID is the numeric id or the slug), and a page's portlets, GET and POST
 * /api/v1/pages/ID/portlets. Only admins may use them (a page's portlets may hold what their
 * view roles keep from others). Writes go through the portal module, the same functions as
 * the admin pages: a built-in page cannot be deleted nor renamed (422), a slug is unique (409).
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../portal/portal.h"

static const struct web_field page_fields[] = {
    {"slug", WEB_TEXT, WEB_NULLABLE, 0},
    {"title", WEB_TEXT, WEB_NULLABLE, 0},
    {"layout", WEB_TEXT, WEB_NULLABLE, 0},
    {"in_menu", WEB_BOOL, 0, 0},
    {"lang", WEB_TEXT, 0, 0, web_lang_values},
    {NULL, 0, 0, 0},
};

/* The regions of a layout as names; NULL when out of memory. */
static json_t *regions_view(const char *layout)
{
    const struct portal_layout *l = portal_layout_find(layout);
    json_t *list = json_array();
    bool ok = list != NULL;

    for (const char *const *r = l ? l->regions : NULL; ok && r && *r; r++)
        ok = web_list_add(list, json_string(*r));
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* One page as the API shows it; NULL when out of memory. */
static json_t *page_view(struct arena *a, const struct page *p)
{
    const char *url = portal_page_path(a, p->slug);

    return web_view((struct web_kv[]){
        WEB_I("id", p->id),
        WEB_S("slug", p->slug),
        WEB_S("title", p->title),
        WEB_S("layout", p->layout),
        WEB_B("in_menu", p->in_menu),
        WEB_S("lang", p->lang && *p->lang ? p->lang : "vi"),
        WEB_B("builtin", portal_page_is_builtin(p->slug)),
        WEB_N("url", url ? json_string(url) : json_null()),
        WEB_N("regions", regions_view(p->layout)),
        WEB_ISO("created_at", p->created_at),
        WEB_ISO("updated_at", p->updated_at),
        WEB_END});
}

/* The portlets of page_id as a list; NULL with *rc set when it fails. */
static json_t *portlets_view(struct api *api, struct http_request *req, struct arena *a, int64_t page_id,
                             enum cong_err *rc)
{
    struct portlet *ps;
    size_t n;
    json_t *list;
    bool ok;

    if ((*rc = store_list_portlets(web_store(api->web, req), a, page_id, &ps, &n)) != CONG_OK)
        return NULL;
    list = json_array();
    ok = list != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(list, api_portlet_view(&ps[i]));
    if (!ok) {
        json_decref(list);
        *rc = CONG_ENOMEM;
        return NULL;
    }
    return list;
}

/* Finds the page of an id or a slug; false after answering 404 or 503. */
static bool page_or_respond(struct api *api, struct http_request *req,
                            struct http_response *res, const char *key, struct page *p)
{
    struct store *st = web_store(api->web, req);
    int64_t id;
    enum cong_err rc;

    if (text_parse_i64(key, strlen(key), &id))
        rc = store_get_page(st, req->arena, id, p);
    else
        rc = store_get_page_by_slug(st, req->arena, key, p);
    if (rc == CONG_ENOTFOUND)
        web_json_error(res, 404, "not_found", NULL, _("Không có trang này."));
    else if (rc != CONG_OK)
        web_json_fail(res, rc, NULL);
    return rc == CONG_OK;
}

/* Answers status with page id (with its portlets when with_portlets). */
static void answer_page(struct api *api, struct http_request *req, struct http_response *res,
                        int64_t id, int status, bool with_portlets)
{
    enum cong_err rc;
    struct page p;
    json_t *body, *list;

    if ((rc = store_get_page(web_store(api->web, req), req->arena, id, &p)) != CONG_OK) {
        web_json_fail(res, rc == CONG_ENOTFOUND ? CONG_ESTORE : rc, NULL);
        return;
    }
    body = page_view(req->arena, &p);
    if (with_portlets) {
        if (!(list = portlets_view(api, req, req->arena, id, &rc))) {
            json_decref(body);
            web_json_fail(res, rc, NULL);
            return;
        }
        if (!web_view_add(body, (struct web_kv[]){WEB_N("portlets", list), WEB_END})) {
            json_decref(body);
            body = NULL;
        }
    }
    if (status == 201) {
        api_created(res, arena_printf(req->arena, "/api/v1/pages/%lld", (long long)id), body);
        return;
    }
    api_answer(res, status, body);
}

/* The fields of a page change from a checked body (borrowed from it). */
static void page_change(json_t *body, struct portal_page_change *ch)
{
    bool in_menu;

    *ch = (struct portal_page_change){.in_menu = -1};
    ch->slug = web_json_text(body, "slug");
    ch->title = web_json_text(body, "title");
    ch->layout = web_json_text(body, "layout");
    ch->lang = web_json_text(body, "lang");
    if (web_json_bool(body, "in_menu", &in_menu))
        ch->in_menu = in_menu;
}

static void h_create(struct http_request *req, struct http_response *res, struct api *api)
{
    struct cong_error err = {0};
    struct portal_page_change ch;
    int64_t id;
    json_t *body;
    enum cong_err rc;

    if (!(body = api_body_or_respond(req, res, page_fields)))
        return;
    page_change(body, &ch);
    if (!ch.title)
        ch.title = ""; /* refused by the portal, with the admin form's message */
    rc = portal_page_create(web_store(api->web, req), req->arena, &ch, &id, &err);
    json_decref(body);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_page(api, req, res, id, 201, false);
}

static void h_pages(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct web_viewer v;
    struct page *pages;
    size_t n;
    json_t *list;
    bool ok;
    enum cong_err rc;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_POST))) {
        web_json_method_not_allowed(res, "GET, HEAD, POST");
        return;
    }
    if (!web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
        return;
    if (req->method == HTTP_POST) {
        h_create(req, res, api);
        return;
    }
    if ((rc = store_list_pages(web_store(api->web, req), req->arena, false, &pages, &n)) != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    list = json_array();
    ok = list != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(list, page_view(req->arena, &pages[i]));
    if (!ok) {
        json_decref(list);
        list = NULL;
    }
    api_answer(res, 200, web_view((struct web_kv[]){WEB_N("pages", list), WEB_END}));
}

static void h_patch(struct http_request *req, struct http_response *res, struct api *api,
                    int64_t id)
{
    struct cong_error err = {0};
    struct portal_page_change ch;
    json_t *body;
    enum cong_err rc;

    if (!(body = api_body_or_respond(req, res, page_fields)))
        return;
    page_change(body, &ch);
    rc = portal_page_update(web_store(api->web, req), req->arena, id, &ch, &err);
    json_decref(body);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_page(api, req, res, id, 200, true);
}

static void h_page(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct cong_error err = {0};
    struct web_viewer v;
    struct page p;
    enum cong_err rc;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_PATCH | HTTP_DELETE))) {
        web_json_method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
        return;
    }
    if (!web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
        return;
    if (!page_or_respond(api, req, res, req->params[0], &p))
        return;
    if (req->method == HTTP_PATCH) {
        h_patch(req, res, api, p.id);
        return;
    }
    if (req->method != HTTP_DELETE) {
        answer_page(api, req, res, p.id, 200, true);
        return;
    }
    if ((rc = portal_page_delete(web_store(api->web, req), req->arena, p.id, &err)) != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_no_content(res);
}

static void h_add_portlet(struct http_request *req, struct http_response *res, struct api *api,
                          int64_t page_id)
{
    struct cong_error err = {0};
    struct portal_portlet_change ch;
    struct portlet p;
    int64_t id;
    json_t *body;
    enum cong_err rc;

    if (!(body = api_body_or_respond(req, res, api_portlet_new_fields)))
        return;
    if (!api_portlet_change_or_respond(req, res, body, &ch)) {
        json_decref(body);
        return;
    }
    rc = portal_portlet_add(web_store(api->web, req), req->arena, page_id, &ch, &id, &err);
    json_decref(body);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    if ((rc = store_get_portlet(web_store(api->web, req), req->arena, id, &p)) != CONG_OK) {
        web_json_fail(res, rc == CONG_ENOTFOUND ? CONG_ESTORE : rc, NULL);
        return;
    }
    api_created(res, arena_printf(req->arena, "/api/v1/portlets/%lld", (long long)id),
                api_portlet_view(&p));
}

static void h_page_portlets(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct web_viewer v;
    struct page pg;
    json_t *list;
    enum cong_err rc;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_POST))) {
        web_json_method_not_allowed(res, "GET, HEAD, POST");
        return;
    }
    if (!web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
        return;
    if (!page_or_respond(api, req, res, req->params[0], &pg))
        return;
    if (req->method == HTTP_POST) {
        h_add_portlet(req, res, api, pg.id);
        return;
    }
    if (!(list = portlets_view(api, req, req->arena, pg.id, &rc))) {
        web_json_fail(res, rc, NULL);
        return;
    }
    api_answer(res, 200, web_view((struct web_kv[]){WEB_N("portlets", list), WEB_END}));
}

const struct api_route api_pages_table[] = {
    {"/api/v1/pages", h_pages, "pages",
     {{HTTP_GET, "The site's composed pages.", AUTH_ADMIN, NULL, 200, false},
      {HTTP_POST, "Creates a page.", AUTH_ADMIN, page_fields, 201, false}}},
    {"/api/v1/pages/:id", h_page, "pages",
     {{HTTP_GET, "One page (by id or slug) with its portlets.", AUTH_ADMIN, NULL, 200, false},
      {HTTP_PATCH, "Changes a page.", AUTH_ADMIN, page_fields, 200, false},
      {HTTP_DELETE, "Deletes a page and its portlets.", AUTH_ADMIN, NULL, 204, false}}},
    {"/api/v1/pages/:id/portlets", h_page_portlets, "pages",
     {{HTTP_GET, "A page's portlets by region.", AUTH_ADMIN, NULL, 200, false},
      {HTTP_POST, "Adds a portlet to a page.", AUTH_ADMIN, api_portlet_new_fields, 201,
       false}}},
    {NULL, NULL, NULL, {{0}}},
};
