/*
 * The API module's frame: its state, the answers every resource gives the same way (created,
 * deleted, a page of a list), GET /api/v1/me (whom the credentials stand for), the routes of
 * every resource file and, last, the catch-all that answers the rest of /api/ with a JSON
 * 404. Answers and errors are the web layer's; nothing here speaks HTTP otherwise.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

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
                       _("Tham số 'page' phải là số nguyên từ 1 đến 100000."));
        return false;
    }
    if (!web_query_count(req, "per_page", def, max, per_page)) {
        snprintf(msg, sizeof(msg), _("Tham số 'per_page' phải là số nguyên từ 1 đến %lld."),
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
    web_json_error(res, 404, "not_found", NULL, _("Không có địa chỉ API này."));
}

const struct api_route api_frame_table[] = {
    {"/api/v1/me", h_me, "account",
     {{HTTP_GET, "Who the credentials stand for: id, name and role on this site.", AUTH_MEMBER,
       NULL, 200, false}}},
    {"/api/v1/openapi.json", api_h_openapi, "api",
     {{HTTP_GET, "This description of the API (OpenAPI 3.1).", AUTH_GUEST, NULL, 200, false}}},
    {NULL, NULL, NULL, {{0}}},
};

const struct api_route *const api_tables[] = {
    api_frame_table, api_articles_table, api_categories_table, api_media_table,
    api_pages_table, api_portlets_table, api_stats_table,      api_sites_table,
    api_schedule_table, api_questions_table, api_documents_table, api_menus_table,
    api_settings_table, NULL,
};

enum cong_err api_add_routes(struct api *api, struct http_router *r)
{
    /* every method reaches the handler, which answers 405 (JSON, with Allow) for the rest */
    const unsigned any = API_METHODS | HTTP_OPTIONS;
    enum cong_err rc;

    for (const struct api_route *const *t = api_tables; *t; t++) {
        for (const struct api_route *route = *t; route->path; route++) {
            /* undescribed, it would be missing from openapi.json: refuse to start */
            bool described = route->ops[0].method != 0;
            for (const struct api_op *op = route->ops; op->method; op++)
                described = described && op->summary && *op->summary;
            if (!described) {
                log_error("API route %s has a method without a description", route->path);
                return CONG_EINVAL;
            }
            if ((rc = http_router_add(r, any, route->path, route->fn, api)) != CONG_OK)
                return rc;
        }
    }
    return http_router_add(r, any, "/api/*", h_not_found, api);
}
