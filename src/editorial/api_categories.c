/*
 * The categories endpoints of the JSON API: GET /api/v1/categories (anyone: the tree as the
 * navigation shows it), POST to create one, and PATCH or DELETE /api/v1/categories/ID (ID the
 * numeric id or the slug) to rename, re-slug, nest, reorder or remove it. The rules (editors
 * and above, no cycles, no deleting what still holds articles) are the content module's.
 */
#include "editorial_int.h"

#include <string.h>

static json_t *category_json(struct arena *a, const struct category *c, const struct category *all,
                             size_t n)
{
    json_t *o = json_object(), *parent = json_null();

    for (size_t i = 0; c->parent_id && i < n; i++) {
        if (all[i].id == c->parent_id) {
            json_decref(parent);
            parent = json_string(all[i].slug);
        }
    }
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "slug", json_string(c->slug));
    json_object_set_new(o, "name", json_string(c->name));
    json_object_set_new(o, "description", json_string(c->description));
    json_object_set_new(o, "parent", parent);
    json_object_set_new(o, "parent_id", c->parent_id ? json_integer(c->parent_id) : json_null());
    json_object_set_new(o, "position", json_integer(c->position));
    json_object_set_new(o, "url", json_string(content_category_path(a, c->slug)));
    return o;
}

/* Finds a category by numeric id or slug among all[0..n); NULL if none. */
static const struct category *find(const struct category *all, size_t n, const char *key)
{
    int64_t id = 0;
    bool numeric = editorial_parse_id(key, &id);

    for (size_t i = 0; i < n; i++) {
        if (numeric ? all[i].id == id : !strcmp(all[i].slug, key))
            return &all[i];
    }
    return NULL;
}

static void respond_one(struct editorial *ed, struct http_request *req, struct http_response *res,
                        int64_t id, int status)
{
    struct category *all;
    size_t n;
    enum cong_err rc = store_list_categories(web_store(ed->web), req->arena, &all, &n);
    char key[24];
    const struct category *c;
    json_t *body;

    if (rc)
        return editorial_respond_err(res, rc, NULL);
    if (snprintf(key, sizeof(key), "%lld", (long long)id) >= (int)sizeof(key) ||
        !(c = find(all, n, key)))
        return api_respond_error(res, 404, "not_found", "Không có chuyên mục này.");
    body = category_json(req->arena, c, all, n);
    if (status == 201)
        http_response_header(res, "Location",
                             arena_printf(req->arena, "/api/v1/categories/%lld", (long long)id));
    api_respond_json(res, status, body);
    json_decref(body);
}

static void h_list(struct http_request *req, struct http_response *res, struct editorial *ed)
{
    struct category *all;
    size_t n;
    enum cong_err rc = store_list_categories(web_store(ed->web), req->arena, &all, &n);
    json_t *items, *body;

    if (rc)
        return editorial_respond_err(res, rc, NULL);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, category_json(req->arena, &all[i], all, n));
    body = json_object();
    json_object_set_new(body, "items", items);
    api_respond_json(res, 200, body);
    json_decref(body);
}

/*
 * Reads {name, slug, description, parent, position} into *e. parent is a slug, an id, or
 * null for the top level. false after answering.
 */
static bool parse_edit(struct editorial *ed, struct http_request *req, struct http_response *res,
                       json_t *o, struct category_edit *e)
{
    json_t *parent = json_object_get(o, "parent");
    int64_t pos = 0;
    bool set = false;

    memset(e, 0, sizeof(*e));
    if (!editorial_json_text(o, "name", &e->name, res) ||
        !editorial_json_text(o, "slug", &e->slug, res) ||
        !editorial_json_text(o, "description", &e->description, res) ||
        !editorial_json_int(o, "position", false, &pos, &set, res))
        return false;
    if (set) {
        if (pos < 0 || pos > 100000) {
            api_respond_error(res, 400, "bad_field", "'position' phải là số từ 0 đến 100000.");
            return false;
        }
        e->set_position = true;
        e->position = (int)pos;
    }
    if (!parent)
        return true;
    e->set_parent = true;
    if (json_is_null(parent) || (json_is_string(parent) && !*json_string_value(parent))) {
        e->parent_id = 0;
    } else if (json_is_integer(parent)) {
        e->parent_id = (int64_t)json_integer_value(parent);
        if (e->parent_id <= 0) {
            api_respond_error(res, 400, "bad_field", "Không có chuyên mục cha này.");
            return false;
        }
    } else if (json_is_string(parent)) {
        struct category c;
        enum cong_err rc = store_get_category_by_slug(web_store(ed->web), req->arena,
                                                      json_string_value(parent), &c);
        if (rc == CONG_ENOTFOUND) {
            api_respond_error(res, 400, "bad_field", "Không có chuyên mục cha này.");
            return false;
        }
        if (rc) {
            editorial_respond_err(res, rc, NULL);
            return false;
        }
        e->parent_id = c.id;
    } else {
        api_respond_error(res, 400, "bad_field",
                          "Trường 'parent' phải là đường dẫn (slug), số id hoặc null.");
        return false;
    }
    return true;
}

static void h_create(struct http_request *req, struct http_response *res, struct editorial *ed)
{
    struct auth_user u;
    struct content_actor who;
    struct category_edit e;
    struct cong_error err = {0};
    int64_t id;
    json_t *o;
    enum cong_err rc;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_MEMBER, &u))
        return;
    who = editorial_actor(&u, req);
    if (!(o = editorial_body_or_respond(req, res)))
        return;
    if (!parse_edit(ed, req, res, o, &e)) {
        json_decref(o);
        return;
    }
    rc = content_category_create(web_store(ed->web), &who, &e, &id, &err);
    json_decref(o);
    if (rc)
        return editorial_respond_err(res, rc, &err);
    respond_one(ed, req, res, id, 201);
}

/* The id of the category the path names (id or slug); false after answering 404 or 503. */
static bool path_category_or_respond(struct editorial *ed, struct http_request *req,
                                     struct http_response *res, int64_t *id)
{
    struct category *all;
    size_t n;
    const struct category *c;
    enum cong_err rc = store_list_categories(web_store(ed->web), req->arena, &all, &n);

    if (rc) {
        editorial_respond_err(res, rc, NULL);
        return false;
    }
    if (!(c = find(all, n, req->params[0]))) {
        api_respond_error(res, 404, "not_found", "Không có chuyên mục này.");
        return false;
    }
    *id = c->id;
    return true;
}

static void h_patch(struct http_request *req, struct http_response *res, struct editorial *ed)
{
    struct auth_user u;
    struct content_actor who;
    struct category_edit e;
    struct cong_error err = {0};
    const char *move = NULL;
    int64_t id;
    json_t *o;
    enum cong_err rc = CONG_OK;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_MEMBER, &u))
        return;
    who = editorial_actor(&u, req);
    if (!path_category_or_respond(ed, req, res, &id))
        return;
    if (!(o = editorial_body_or_respond(req, res)))
        return;
    if (!editorial_json_text(o, "move", &move, res) || !parse_edit(ed, req, res, o, &e)) {
        json_decref(o);
        return;
    }
    if (move && strcmp(move, "up") != 0 && strcmp(move, "down") != 0) {
        json_decref(o);
        return api_respond_error(res, 400, "bad_field", "'move' là up hoặc down.");
    }
    if (e.name || (e.slug && *e.slug) || e.description || e.set_parent || e.set_position)
        rc = content_category_update(web_store(ed->web), &who, id, &e, &err);
    else if (!move)
        rc = cong_error_set(&err, CONG_EINVAL, "không có gì để đổi");
    if (rc == CONG_OK && move)
        rc = content_category_move(web_store(ed->web), &who, id, !strcmp(move, "up") ? -1 : 1,
                                   &err);
    json_decref(o);
    if (rc)
        return editorial_respond_err(res, rc, &err);
    respond_one(ed, req, res, id, 200);
}

static void h_delete(struct http_request *req, struct http_response *res, struct editorial *ed)
{
    struct auth_user u;
    struct content_actor who;
    struct cong_error err = {0};
    int64_t id;
    json_t *body;
    enum cong_err rc;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_MEMBER, &u))
        return;
    who = editorial_actor(&u, req);
    if (!path_category_or_respond(ed, req, res, &id))
        return;
    rc = content_category_delete(web_store(ed->web), &who, id, &err);
    if (rc)
        return editorial_respond_err(res, rc, &err);
    body = json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1);
    api_respond_json(res, 200, body);
    json_decref(body);
}

static void r_categories(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method & (HTTP_GET | HTTP_HEAD))
        return h_list(req, res, ctx);
    if (req->method == HTTP_POST)
        return h_create(req, res, ctx);
    http_response_header(res, "Allow", "GET, HEAD, POST");
    api_respond_error(res, 405, "method_not_allowed", "Phương thức này không dùng ở đây.");
}

static void r_category(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id;

    if (req->method & (HTTP_GET | HTTP_HEAD)) {
        if (path_category_or_respond(ctx, req, res, &id))
            respond_one(ctx, req, res, id, 200);
        return;
    }
    if (req->method == HTTP_PATCH)
        return h_patch(req, res, ctx);
    if (req->method == HTTP_DELETE)
        return h_delete(req, res, ctx);
    http_response_header(res, "Allow", "GET, HEAD, PATCH, DELETE");
    api_respond_error(res, 405, "method_not_allowed", "Phương thức này không dùng ở đây.");
}

enum cong_err editorial_categories_routes(struct editorial *ed, struct http_router *r)
{
    const unsigned any = HTTP_GET | HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE;
    enum cong_err rc;

    if ((rc = http_router_add(r, any, "/api/v1/categories", r_categories, ed)) ||
        (rc = http_router_add(r, any, "/api/v1/categories/:id", r_category, ed)))
        return rc;
    return CONG_OK;
}
