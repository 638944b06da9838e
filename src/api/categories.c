/*
 * The categories of the JSON API: GET /api/v1/categories (anyone: the tree as the navigation
 * shows it), POST to create one, and GET, PATCH or DELETE /api/v1/categories/ID (ID the
 * numeric id or the slug) to read, rename, re-slug, nest, reorder or remove one. The rules
 * (editors and above, no cycles, no deleting what still holds articles) are the content
 * module's.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <string.h>

#include "../content/content.h"

static const char msg_no_category[] = N_("Không có chuyên mục này.");
static const char msg_no_parent[] = N_("Không có chuyên mục cha này.");

#define CATEGORY_FIELDS                                                                         \
    {"name", WEB_TEXT, 0, 0}, {"slug", WEB_TEXT, 0, 0}, {"description", WEB_TEXT, 0, 0},        \
        {"parent", WEB_TEXT_OR_INT, WEB_NULLABLE, 0}, {"position", WEB_INT, 0, 0}
static const struct web_field create_fields[] = {CATEGORY_FIELDS, {NULL, 0, 0, 0}};
static const struct web_field patch_fields[] = {CATEGORY_FIELDS, {"move", WEB_TEXT, 0, 0},
                                                {NULL, 0, 0, 0}};

/* One category as the API shows it, its parent named by slug; NULL when out of memory. */
static json_t *category_view(struct arena *a, const struct category *c,
                             const struct category *all, size_t n)
{
    const char *url = content_category_path(a, c->slug);
    json_t *parent = json_null();

    for (size_t i = 0; c->parent_id && i < n; i++) {
        if (all[i].id == c->parent_id) {
            parent = json_string(all[i].slug);
            break;
        }
    }
    if (!url) {
        json_decref(parent);
        return NULL;
    }
    return web_view((struct web_kv[]){
        WEB_I("id", c->id),
        WEB_S("slug", c->slug),
        WEB_S("name", c->name),
        WEB_S("description", c->description),
        WEB_N("parent", parent),
        WEB_N("parent_id", c->parent_id ? json_integer(c->parent_id) : json_null()),
        WEB_I("position", c->position),
        WEB_S("url", url),
        WEB_END});
}

/* Finds a category by numeric id or slug among all[0..n); NULL if none. */
static const struct category *find(const struct category *all, size_t n, const char *key)
{
    int64_t id = 0;
    bool numeric = web_parse_id(key, false, &id);

    for (size_t i = 0; i < n; i++) {
        if (numeric ? all[i].id == id : !strcmp(all[i].slug, key))
            return &all[i];
    }
    return NULL;
}

/* Answers status with the category key names (an id or a slug), or 404. */
static void answer_one(struct api *api, struct http_request *req, struct http_response *res,
                       const char *key, int status)
{
    struct category *all;
    const struct category *c;
    size_t n;
    enum cong_err rc = store_list_categories(web_store(api->web, req), req->arena, &all, &n);
    json_t *body;

    if (rc) {
        web_json_fail(res, rc, NULL);
        return;
    }
    if (!(c = find(all, n, key))) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_category));
        return;
    }
    body = category_view(req->arena, c, all, n);
    if (status == 201) {
        api_created(res, arena_printf(req->arena, "/api/v1/categories/%lld", (long long)c->id),
                    body);
        return;
    }
    api_answer(res, status, body);
}

static void answer_id(struct api *api, struct http_request *req, struct http_response *res,
                      int64_t id, int status)
{
    char key[24];

    snprintf(key, sizeof(key), "%lld", (long long)id);
    answer_one(api, req, res, key, status);
}

static void h_list(struct http_request *req, struct http_response *res, struct api *api)
{
    struct category *all;
    size_t n;
    enum cong_err rc = store_list_categories(web_store(api->web, req), req->arena, &all, &n);
    json_t *items;
    bool ok;

    if (rc) {
        web_json_fail(res, rc, NULL);
        return;
    }
    items = json_array();
    ok = items != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(items, category_view(req->arena, &all[i], all, n));
    if (!ok) {
        json_decref(items);
        items = NULL;
    }
    api_answer(res, 200, web_view((struct web_kv[]){WEB_N("items", items), WEB_END}));
}

/* The parent of a checked body (a slug, an id, null or "" for the top level) into *e; false
   after answering. */
static bool parse_parent(struct api *api, struct http_request *req, struct http_response *res,
                         json_t *o, struct category_edit *e)
{
    json_t *parent = json_object_get(o, "parent");
    struct category c;
    enum cong_err rc;

    if (!parent)
        return true;
    e->set_parent = true;
    if (json_is_null(parent) || (json_is_string(parent) && !*json_string_value(parent))) {
        e->parent_id = 0;
        return true;
    }
    if (json_is_integer(parent)) {
        e->parent_id = (int64_t)json_integer_value(parent);
        if (e->parent_id > 0)
            return true;
        web_json_error(res, 400, "invalid_field", "parent", _(msg_no_parent));
        return false;
    }
    rc = store_get_category_by_slug(web_store(api->web, req), req->arena, json_string_value(parent),
                                    &c);
    if (rc == CONG_ENOTFOUND)
        web_json_error(res, 400, "invalid_field", "parent", _(msg_no_parent));
    else if (rc)
        web_json_fail(res, rc, NULL);
    else
        e->parent_id = c.id;
    return rc == CONG_OK;
}

/* The fields of a checked body into *e (texts borrowed from o); false after answering. */
static bool parse_edit(struct api *api, struct http_request *req, struct http_response *res,
                       json_t *o, struct category_edit *e)
{
    int64_t pos;

    memset(e, 0, sizeof(*e));
    e->name = web_json_text(o, "name");
    e->slug = web_json_text(o, "slug");
    e->description = web_json_text(o, "description");
    if (web_json_int(o, "position", &pos)) {
        if (pos < 0 || pos > 100000) {
            web_json_error(res, 400, "invalid_field", "position",
                           _("Trường 'position' phải là số từ 0 đến 100000."));
            return false;
        }
        e->set_position = true;
        e->position = (int)pos;
    }
    return parse_parent(api, req, res, o, e);
}

static void h_create(struct http_request *req, struct http_response *res, struct api *api)
{
    struct web_viewer v;
    struct content_actor who;
    struct category_edit e;
    struct cong_error err = {0};
    int64_t id;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!(o = api_body_or_respond(req, res, create_fields)))
        return;
    if (!parse_edit(api, req, res, o, &e)) {
        json_decref(o);
        return;
    }
    rc = content_category_create(web_store(api->web, req), &who, &e, &id, &err);
    json_decref(o);
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_id(api, req, res, id, 201);
}

/* The id of the category the path names (id or slug); false after answering 404 or 503. */
static bool path_category_or_respond(struct api *api, struct http_request *req,
                                     struct http_response *res, int64_t *id)
{
    struct category *all;
    size_t n;
    const struct category *c;
    enum cong_err rc = store_list_categories(web_store(api->web, req), req->arena, &all, &n);

    if (rc) {
        web_json_fail(res, rc, NULL);
        return false;
    }
    if (!(c = find(all, n, req->params[0]))) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_category));
        return false;
    }
    *id = c->id;
    return true;
}

/* Applies a checked PATCH body to category id: the fields, then the move. */
static enum cong_err patch(struct api *api, struct http_request *req, const struct content_actor *who, int64_t id,
                           const struct category_edit *e, const char *move,
                           struct cong_error *err)
{
    enum cong_err rc = CONG_OK;

    if (e->name || (e->slug && *e->slug) || e->description || e->set_parent || e->set_position)
        rc = content_category_update(web_store(api->web, req), who, id, e, err);
    else if (!move)
        rc = cong_error_set(err, CONG_EINVAL, _("Không có gì để thay đổi."));
    if (rc == CONG_OK && move)
        rc = content_category_move(web_store(api->web, req), who, id, !strcmp(move, "up") ? -1 : 1,
                                   err);
    return rc;
}

static void h_patch(struct http_request *req, struct http_response *res, struct api *api)
{
    struct web_viewer v;
    struct content_actor who;
    struct category_edit e;
    struct cong_error err = {0};
    const char *move;
    int64_t id;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!path_category_or_respond(api, req, res, &id))
        return;
    if (!(o = api_body_or_respond(req, res, patch_fields)))
        return;
    move = web_json_text(o, "move");
    if (move && strcmp(move, "up") != 0 && strcmp(move, "down") != 0) {
        json_decref(o);
        web_json_error(res, 400, "invalid_field", "move", _("Trường 'move' là up hoặc down."));
        return;
    }
    if (!parse_edit(api, req, res, o, &e)) {
        json_decref(o);
        return;
    }
    rc = patch(api, req, &who, id, &e, move, &err);
    json_decref(o);
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_id(api, req, res, id, 200);
}

static void h_delete(struct http_request *req, struct http_response *res, struct api *api)
{
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    int64_t id;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!path_category_or_respond(api, req, res, &id))
        return;
    if ((rc = content_category_delete(web_store(api->web, req), &who, id, &err))) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_deleted(res, id);
}

static void r_categories(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_list(req, res, ctx);
    else if (req->method == HTTP_POST)
        h_create(req, res, ctx);
    else
        web_json_method_not_allowed(res, "GET, HEAD, POST");
}

static void r_category(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method & (HTTP_GET | HTTP_HEAD))
        answer_one(ctx, req, res, req->params[0], 200);
    else if (req->method == HTTP_PATCH)
        h_patch(req, res, ctx);
    else if (req->method == HTTP_DELETE)
        h_delete(req, res, ctx);
    else
        web_json_method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
}

const struct api_route api_categories_table[] = {
    {"/api/v1/categories", r_categories, "categories",
     {{HTTP_GET, "Every category of the site, in order.", AUTH_GUEST, NULL, 200, false},
      {HTTP_POST, "Creates a category.", AUTH_EDITOR, create_fields, 201, false}}},
    {"/api/v1/categories/:id", r_category, "categories",
     {{HTTP_GET, "One category.", AUTH_GUEST, NULL, 200, false},
      {HTTP_PATCH, "Renames, nests or moves a category (move: up, down, first, last).",
       AUTH_EDITOR, patch_fields, 200, false},
      {HTTP_DELETE, "Deletes an empty category (409 with counts otherwise).", AUTH_EDITOR, NULL,
       200, false}}},
    {NULL, NULL, NULL, {{0}}},
};
