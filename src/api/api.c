/*
 * The API module's frame: its state, the answers every resource gives the same way (created,
 * deleted, a page of a list), GET /api/v1/me (whom the credentials stand for), the routes of
 * every resource file and, last, the catch-all that answers the rest of /api/ with a JSON
 * 404. Answers and errors are the web layer's; nothing here speaks HTTP otherwise.
 */
#include "api_int.h"

#include <stdio.h>
#include <stdlib.h>

enum cong_err api_new(struct web *w, struct api **out)
{
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return CONG_ENOMEM;
    (*out)->web = w;
    return CONG_OK;
}

void api_free(struct api *api)
{
    free(api);
}

json_t *api_body_or_respond(struct http_request *req, struct http_response *res,
                            const struct web_field *fields)
{
    json_t *o = web_json_body(req, res);

    if (o && !web_json_check(o, fields, res)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

void api_answer(struct http_response *res, int status, json_t *body)
{
    if (!body) {
        web_json_fail(res, CONG_ENOMEM, NULL);
        return;
    }
    web_json(res, status, body);
    json_decref(body);
}

void api_created(struct http_response *res, const char *location, json_t *body)
{
    api_answer(res, 201, body);
    if (res->status == 201 && location)
        http_response_header(res, "Location", location);
}

void api_list(struct http_response *res, json_t *items, int64_t page, int64_t per_page,
              size_t total)
{
    api_answer(res, 200,
               web_view((struct web_kv[]){WEB_N("items", items), WEB_I("page", page),
                                          WEB_I("per_page", per_page), WEB_I("total", total),
                                          WEB_END}));
}

void api_deleted(struct http_response *res, int64_t id)
{
    api_answer(res, 200,
               web_view((struct web_kv[]){WEB_I("id", id), WEB_B("deleted", true), WEB_END}));
}

void api_no_content(struct http_response *res)
{
    buf_reset(&res->body);
    res->data = NULL;
    res->status = 204;
    res->content_type = NULL;
    http_response_set_header(res, "Cache-Control", "no-store");
}

bool api_paging_or_respond(struct http_request *req, struct http_response *res, int64_t def,
                           int64_t max, int64_t *page, int64_t *per_page)
{
    char msg[96];

    if (!web_query_count(req, "page", 1, 100000, page)) {
        web_json_error(res, 400, "invalid_field", "page",
                       "Tham số 'page' phải là số nguyên từ 1 đến 100000.");
        return false;
    }
    if (!web_query_count(req, "per_page", def, max, per_page)) {
        snprintf(msg, sizeof(msg), "Tham số 'per_page' phải là số nguyên từ 1 đến %lld.",
                 (long long)max);
        web_json_error(res, 400, "invalid_field", "per_page", msg);
        return false;
    }
    return true;
}

/* GET /api/v1/me: the caller's id, name and role. */
static void h_me(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct web_viewer v;

    /* who asks comes first: a caller without credentials learns nothing, not even methods */
    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    if (!(req->method & (HTTP_GET | HTTP_HEAD))) {
        web_json_method_not_allowed(res, "GET, HEAD");
        return;
    }
    api_answer(res, 200,
               web_view((struct web_kv[]){WEB_I("id", v.user.id), WEB_S("name", v.user.name),
                                          WEB_S("role", auth_role_name(v.role)), WEB_END}));
}

static void h_not_found(struct http_request *req, struct http_response *res, void *ctx)
{
    (void)req;
    (void)ctx;
    web_json_error(res, 404, "not_found", NULL, "Không có địa chỉ API này.");
}

enum cong_err api_add_routes(struct api *api, struct http_router *r)
{
    const unsigned any = API_METHODS | HTTP_OPTIONS;
    enum cong_err rc;

    if ((rc = http_router_add(r, any, "/api/v1/me", h_me, api)) ||
        (rc = api_articles_routes(api, r)) || (rc = api_categories_routes(api, r)) ||
        (rc = api_media_routes(api, r)) || (rc = api_pages_routes(api, r)) ||
        (rc = api_portlets_routes(api, r)) || (rc = api_stats_routes(api, r)) ||
        (rc = api_sites_routes(api, r)) ||
        (rc = http_router_add(r, any, "/api/*", h_not_found, api)))
        return rc;
    return CONG_OK;
}
