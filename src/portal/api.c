/*
 * The JSON API of composition: GET|POST /api/v1/pages, GET|PATCH|DELETE /api/v1/pages/ID
 * (ID is the numeric id or the slug), GET|POST /api/v1/pages/ID/portlets and
 * GET|PATCH|DELETE /api/v1/portlets/PID. Callers authenticate through the api module, and
 * only admins may use these endpoints at all: a portlet's configuration can hold what its
 * view roles keep from others. Writes go through the same portal functions as the admin
 * pages, so a configuration refused there is refused here with the same message, and
 * nothing is written. Errors are {"error": {"code", "message"}}: 400 bad input, 401, 403,
 * 404, 405, 409 a slug taken, 422 a change the portal's state forbids (a built-in page).
 */
#include "portal_int.h"

#include <stdlib.h>
#include <string.h>

#include "../api/api.h"
#include "../http/http.h"
#include "../web/web.h"

static void method_not_allowed(struct http_response *res, const char *allow)
{
    http_response_header(res, "Allow", allow);
    api_respond_error(res, 405, "method_not_allowed", "this method is not allowed here");
}

/* Answers a refusal of the portal module with the status its code calls for. */
static void refused(struct http_response *res, enum cong_err rc, const struct cong_error *err)
{
    switch (rc) {
    case CONG_EINVAL: return api_respond_error(res, 400, "invalid", err->msg);
    case CONG_ENOTFOUND: return api_respond_error(res, 404, "not_found", err->msg);
    case CONG_EEXIST: return api_respond_error(res, 409, "conflict", err->msg);
    case CONG_EPERM:
    case CONG_ETOOBIG: return api_respond_error(res, 422, "invalid_state", err->msg);
    default:
        return api_respond_error(res, 503, "unavailable",
                                 rc == CONG_ENOMEM ? "the server is overloaded; retry later"
                                                   : "the database is unavailable; retry later");
    }
}

static void store_failed(struct http_response *res, enum cong_err rc)
{
    struct cong_error none = {0};

    refused(res, rc == CONG_ENOTFOUND ? CONG_ESTORE : rc, &none);
}

static json_t *iso(int64_t t)
{
    struct buf b;
    json_t *s;

    buf_init(&b, 64);
    time_add_iso8601(&b, t);
    s = json_stringn(b.data, b.len);
    buf_release(&b);
    return s;
}

static json_t *page_json(struct arena *a, const struct page *p)
{
    const struct portal_layout *l = portal_layout_find(p->layout);
    const char *url = portal_page_path(a, p->slug);
    json_t *o = json_object(), *regions = json_array();

    for (const char *const *r = l ? l->regions : NULL; r && *r; r++)
        json_array_append_new(regions, json_string(*r));
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "slug", json_string(p->slug));
    json_object_set_new(o, "title", json_string(p->title));
    json_object_set_new(o, "layout", json_string(p->layout));
    json_object_set_new(o, "in_menu", json_boolean(p->in_menu));
    json_object_set_new(o, "builtin", json_boolean(portal_page_is_builtin(p->slug)));
    json_object_set_new(o, "url", url ? json_string(url) : json_null());
    json_object_set_new(o, "regions", regions);
    json_object_set_new(o, "created_at", iso(p->created_at));
    json_object_set_new(o, "updated_at", iso(p->updated_at));
    return o;
}

static json_t *portlet_json(const struct portlet *p)
{
    json_t *o = json_object(), *roles = json_array(), *config;
    unsigned mask;

    if (portal_roles_parse(p->view_roles, &mask, NULL) == CONG_OK) {
        for (enum auth_role r = AUTH_GUEST; r <= AUTH_ADMIN; r++) {
            if (mask & PORTAL_ROLE_BIT(r))
                json_array_append_new(roles, json_string(auth_role_name(r)));
        }
    }
    config = json_loads(p->config, 0, NULL);
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "page_id", json_integer(p->page_id));
    json_object_set_new(o, "type", json_string(p->type));
    json_object_set_new(o, "region", json_string(p->region));
    json_object_set_new(o, "position", json_integer(p->position));
    json_object_set_new(o, "title", json_string(p->title));
    json_object_set_new(o, "config", config ? config : json_object());
    json_object_set_new(o, "view_roles", roles);
    json_object_set_new(o, "unauthorized", json_string(p->unauthorized));
    json_object_set_new(o, "updated_at", iso(p->updated_at));
    return o;
}

/* The request's body as a JSON object, or NULL having answered 400. */
static json_t *body_object(struct http_request *req, struct http_response *res)
{
    json_error_t jerr;
    json_t *body =
        json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES, &jerr);

    if (!json_is_object(body)) {
        json_decref(body);
        api_respond_error(res, 400, "invalid_json", "the body must be a JSON object");
        return NULL;
    }
    return body;
}

/* True if every key of body is one of allowed (NULL-ended); else answers 400. */
static bool known_keys(json_t *body, const char *const *allowed, struct http_request *req,
                       struct http_response *res)
{
    const char *key;
    json_t *v;

    json_object_foreach(body, key, v)
    {
        const char *const *k;
        for (k = allowed; *k && strcmp(*k, key) != 0; k++)
            ;
        if (!*k) {
            api_respond_error(res, 400, "invalid",
                              arena_printf(req->arena, "unknown field '%s'", key));
            return false;
        }
    }
    return true;
}

/*
 * A string field: *out NULL if absent (or null when nullable). false, having answered 400, if
 * it is there but not a string.
 */
static bool string_field(json_t *body, const char *name, const char **out, struct http_request *req,
                         struct http_response *res)
{
    json_t *v = json_object_get(body, name);

    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        api_respond_error(res, 400, "invalid",
                          arena_printf(req->arena, "'%s' must be a string", name));
        return false;
    }
    *out = json_string_value(v);
    return true;
}

/* Finds the page of an id or a slug. false, having answered, if there is none. */
static bool page_or_respond(struct portal_web *w, struct http_request *req,
                            struct http_response *res, const char *key, struct page *p)
{
    int64_t id;
    enum cong_err rc;

    if (text_parse_i64(key, strlen(key), &id))
        rc = store_get_page(web_store(w->web), req->arena, id, p);
    else
        rc = store_get_page_by_slug(web_store(w->web), req->arena, key, p);
    if (rc == CONG_ENOTFOUND) {
        api_respond_error(res, 404, "not_found", "no such page");
        return false;
    }
    if (rc != CONG_OK) {
        store_failed(res, rc);
        return false;
    }
    return true;
}

static void created(struct http_request *req, struct http_response *res, const char *location,
                    json_t *body)
{
    api_respond_json(res, 201, body);
    if (location)
        http_response_header(res, "Location", arena_strdup(req->arena, location));
}

static void no_content(struct http_response *res)
{
    buf_reset(&res->body);
    res->status = 204;
    res->content_type = NULL;
    http_response_set_header(res, "Cache-Control", "no-store");
}

/* Pages. */

/* The fields of a page change in body; false having answered 400. */
static bool page_change(json_t *body, struct portal_page_change *ch, struct http_request *req,
                        struct http_response *res)
{
    static const char *const allowed[] = {"slug", "title", "layout", "in_menu", NULL};
    json_t *m;

    *ch = (struct portal_page_change){.in_menu = -1};
    if (!known_keys(body, allowed, req, res) || !string_field(body, "slug", &ch->slug, req, res) ||
        !string_field(body, "title", &ch->title, req, res) ||
        !string_field(body, "layout", &ch->layout, req, res))
        return false;
    m = json_object_get(body, "in_menu");
    if (m && !json_is_boolean(m)) {
        api_respond_error(res, 400, "invalid", "'in_menu' must be true or false");
        return false;
    }
    if (m)
        ch->in_menu = json_is_true(m);
    return true;
}

static void h_pages(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct store *st = web_store(w->web);
    struct cong_error err = {0};
    struct portal_page_change ch;
    struct auth_user u;
    struct page *pages, p;
    size_t n;
    int64_t id;
    json_t *body, *list;
    enum cong_err rc;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_POST)))
        return method_not_allowed(res, "GET, HEAD, POST");
    if (!api_authenticate_or_respond(w->api, req, res, AUTH_ADMIN, &u))
        return;
    if (req->method != HTTP_POST) {
        if ((rc = store_list_pages(st, req->arena, false, &pages, &n)) != CONG_OK)
            return store_failed(res, rc);
        list = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, page_json(req->arena, &pages[i]));
        body = json_pack("{s:o}", "pages", list);
        api_respond_json(res, 200, body);
        json_decref(body);
        return;
    }
    if (!(body = body_object(req, res)))
        return;
    if (!page_change(body, &ch, req, res)) {
        json_decref(body);
        return;
    }
    if (!ch.title)
        ch.title = ""; /* refused below, with the admin form's message */
    rc = portal_page_create(st, req->arena, &ch, &id, &err);
    json_decref(body);
    if (rc != CONG_OK)
        return refused(res, rc, &err);
    if ((rc = store_get_page(st, req->arena, id, &p)) != CONG_OK)
        return store_failed(res, rc);
    body = page_json(req->arena, &p);
    created(req, res, arena_printf(req->arena, "/api/v1/pages/%lld", (long long)id), body);
    json_decref(body);
}

static void h_page(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct store *st = web_store(w->web);
    struct cong_error err = {0};
    struct portal_page_change ch;
    struct auth_user u;
    struct portlet *ps;
    struct page p;
    size_t n;
    json_t *body, *list;
    enum cong_err rc;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_PATCH | HTTP_DELETE)))
        return method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
    if (!api_authenticate_or_respond(w->api, req, res, AUTH_ADMIN, &u))
        return;
    if (!page_or_respond(w, req, res, req->params[0], &p))
        return;
    if (req->method == HTTP_DELETE) {
        if ((rc = portal_page_delete(st, req->arena, p.id, &err)) != CONG_OK)
            return refused(res, rc, &err);
        return no_content(res);
    }
    if (req->method == HTTP_PATCH) {
        if (!(body = body_object(req, res)))
            return;
        if (!page_change(body, &ch, req, res)) {
            json_decref(body);
            return;
        }
        rc = portal_page_update(st, req->arena, p.id, &ch, &err);
        json_decref(body);
        if (rc != CONG_OK)
            return refused(res, rc, &err);
        if ((rc = store_get_page(st, req->arena, p.id, &p)) != CONG_OK)
            return store_failed(res, rc);
    }
    if ((rc = store_list_portlets(st, req->arena, p.id, &ps, &n)) != CONG_OK)
        return store_failed(res, rc);
    body = page_json(req->arena, &p);
    list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, portlet_json(&ps[i]));
    json_object_set_new(body, "portlets", list);
    api_respond_json(res, 200, body);
    json_decref(body);
}

/* Portlets. */

/*
 * The fields of a portlet change in body (the type only when creating); false having
 * answered 400. Role names are borrowed from body.
 */
static bool portlet_change(json_t *body, bool create, struct portal_portlet_change *ch,
                           struct http_request *req, struct http_response *res)
{
    static const char *const allowed_new[] = {"type",   "region",     "position",     "title",
                                              "config", "view_roles", "unauthorized", NULL};
    json_t *v, *item;
    const char **names;
    size_t i;

    *ch = (struct portal_portlet_change){.position = PORTAL_POSITION_KEEP};
    if (!known_keys(body, create ? allowed_new : allowed_new + 1, req, res) ||
        (create && !string_field(body, "type", &ch->type, req, res)) ||
        !string_field(body, "region", &ch->region, req, res) ||
        !string_field(body, "title", &ch->title, req, res) ||
        !string_field(body, "unauthorized", &ch->unauthorized, req, res))
        return false;
    if (create && !ch->type) {
        api_respond_error(res, 400, "invalid", "'type' is required");
        return false;
    }
    v = json_object_get(body, "position");
    if (v && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 0) {
            api_respond_error(res, 400, "invalid", "'position' must be a whole number from 0");
            return false;
        }
        ch->position = json_integer_value(v);
    }
    v = json_object_get(body, "config");
    if (v && !json_is_null(v)) {
        if (!json_is_object(v)) {
            api_respond_error(res, 400, "invalid", "'config' must be an object");
            return false;
        }
        ch->config = v;
    }
    v = json_object_get(body, "view_roles");
    if (v && !json_is_null(v)) {
        if (!json_is_array(v)) {
            api_respond_error(res, 400, "invalid", "'view_roles' must be a list of role names");
            return false;
        }
        names = arena_alloc(req->arena, (json_array_size(v) + 1) * sizeof(*names));
        if (!names) {
            store_failed(res, CONG_ENOMEM);
            return false;
        }
        json_array_foreach(v, i, item)
        {
            if (!json_is_string(item)) {
                api_respond_error(res, 400, "invalid", "'view_roles' must be a list of role names");
                return false;
            }
            names[i] = json_string_value(item);
        }
        ch->set_roles = true;
        ch->view_roles = names;
        ch->nview_roles = json_array_size(v);
    }
    return true;
}

static void h_page_portlets(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct store *st = web_store(w->web);
    struct cong_error err = {0};
    struct portal_portlet_change ch;
    struct auth_user u;
    struct portlet *ps, p;
    struct page pg;
    size_t n;
    int64_t id;
    json_t *body, *list;
    enum cong_err rc;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_POST)))
        return method_not_allowed(res, "GET, HEAD, POST");
    if (!api_authenticate_or_respond(w->api, req, res, AUTH_ADMIN, &u))
        return;
    if (!page_or_respond(w, req, res, req->params[0], &pg))
        return;
    if (req->method != HTTP_POST) {
        if ((rc = store_list_portlets(st, req->arena, pg.id, &ps, &n)) != CONG_OK)
            return store_failed(res, rc);
        list = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, portlet_json(&ps[i]));
        body = json_pack("{s:o}", "portlets", list);
        api_respond_json(res, 200, body);
        json_decref(body);
        return;
    }
    if (!(body = body_object(req, res)))
        return;
    if (!portlet_change(body, true, &ch, req, res)) {
        json_decref(body);
        return;
    }
    rc = portal_portlet_add(st, req->arena, pg.id, &ch, &id, &err);
    json_decref(body);
    if (rc != CONG_OK)
        return refused(res, rc, &err);
    if ((rc = store_get_portlet(st, req->arena, id, &p)) != CONG_OK)
        return store_failed(res, rc);
    body = portlet_json(&p);
    created(req, res, arena_printf(req->arena, "/api/v1/portlets/%lld", (long long)id), body);
    json_decref(body);
}

static void h_portlet(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct store *st = web_store(w->web);
    struct cong_error err = {0};
    struct portal_portlet_change ch;
    struct auth_user u;
    struct portlet p;
    int64_t id;
    json_t *body;
    enum cong_err rc;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_PATCH | HTTP_DELETE)))
        return method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
    if (!api_authenticate_or_respond(w->api, req, res, AUTH_ADMIN, &u))
        return;
    if (!text_parse_i64(req->params[0], strlen(req->params[0]), &id) || id <= 0)
        return api_respond_error(res, 404, "not_found", "no such portlet");
    if (req->method == HTTP_DELETE) {
        if ((rc = portal_portlet_delete(st, id, &err)) != CONG_OK)
            return refused(res, rc, &err);
        return no_content(res);
    }
    if (req->method == HTTP_PATCH) {
        if (!(body = body_object(req, res)))
            return;
        if (!portlet_change(body, false, &ch, req, res)) {
            json_decref(body);
            return;
        }
        rc = portal_portlet_update(st, req->arena, id, &ch, &err);
        json_decref(body);
        if (rc != CONG_OK)
            return refused(res, rc, &err);
    }
    rc = store_get_portlet(st, req->arena, id, &p);
    if (rc == CONG_ENOTFOUND)
        return api_respond_error(res, 404, "not_found", "no such portlet");
    if (rc != CONG_OK)
        return store_failed(res, rc);
    body = portlet_json(&p);
    api_respond_json(res, 200, body);
    json_decref(body);
}

enum cong_err portal_web_new(struct web *web, struct auth *au, struct api *api,
                             struct portal_web **out)
{
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return CONG_ENOMEM;
    (*out)->web = web;
    (*out)->auth = au;
    (*out)->api = api;
    return CONG_OK;
}

void portal_web_free(struct portal_web *w)
{
    free(w);
}

enum cong_err portal_web_add_routes(struct portal_web *w, struct http_router *r)
{
    return portal_api_add_routes(w, r);
}

enum cong_err portal_api_add_routes(struct portal_web *w, struct http_router *r)
{
    const unsigned any = HTTP_GET | HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE | HTTP_OPTIONS;
    enum cong_err rc;

    if ((rc = http_router_add(r, any, "/api/v1/pages", h_pages, w)) ||
        (rc = http_router_add(r, any, "/api/v1/pages/:id", h_page, w)) ||
        (rc = http_router_add(r, any, "/api/v1/pages/:id/portlets", h_page_portlets, w)) ||
        (rc = http_router_add(r, any, "/api/v1/portlets/:id", h_portlet, w)))
        return rc;
    return CONG_OK;
}
