/*
 * The JSON API's frame and its first endpoint. Authentication, JSON answers and errors live
 * here for every endpoint; GET /api/v1/me tells a client whom its credentials stand for.
 * API answers are never cached (Cache-Control: no-store): they depend on who asks.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct api {
    struct web *web;
};

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

void api_respond_json(struct http_response *res, int status, json_t *body)
{
    web_json(res, status, body);
}

void api_respond_error(struct http_response *res, int status, const char *code, const char *message)
{
    web_json_error(res, status, code, NULL, message);
}

bool api_authenticate_or_respond(struct api *api, struct http_request *req,
                                 struct http_response *res, enum auth_role need,
                                 struct auth_user *out)
{
    struct web_viewer v;

    if (!web_api_or_respond(api->web, req, res, need == AUTH_GUEST ? AUTH_MEMBER : need, &v)) {
        memset(out, 0, sizeof(*out));
        return false;
    }
    *out = v.user;
    return true;
}

/* GET /api/v1/me: the caller's id, name and role. */
static void h_me(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct auth_user u;
    json_t *body;

    /* who asks comes first: a caller without credentials learns nothing, not even methods */
    if (!api_authenticate_or_respond(api, req, res, AUTH_MEMBER, &u))
        return;
    if (!(req->method & (HTTP_GET | HTTP_HEAD))) {
        http_response_header(res, "Allow", "GET, HEAD");
        api_respond_error(res, 405, "method_not_allowed", "use GET");
        return;
    }
    body = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)u.id, "name", u.name, "role",
                     auth_role_name(u.role));
    api_respond_json(res, 200, body);
    json_decref(body);
}

static void h_not_found(struct http_request *req, struct http_response *res, void *ctx)
{
    (void)req;
    (void)ctx;
    api_respond_error(res, 404, "not_found", "no such endpoint");
}

enum cong_err api_add_routes(struct api *api, struct http_router *r)
{
    const unsigned any = HTTP_GET | HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE | HTTP_OPTIONS;
    enum cong_err rc;

    if ((rc = http_router_add(r, any, "/api/v1/me", h_me, api)) ||
        (rc = http_router_add(r, any, "/api/*", h_not_found, api)))
        return rc;
    return CONG_OK;
}
