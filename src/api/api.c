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
    struct auth *auth;
};

enum cong_err api_new(struct auth *au, struct api **out)
{
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return CONG_ENOMEM;
    (*out)->auth = au;
    return CONG_OK;
}

void api_free(struct api *api)
{
    free(api);
}

void api_respond_json(struct http_response *res, int status, json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;

    buf_reset(&res->body);
    res->data = NULL;
    res->content_type = "application/json; charset=utf-8";
    http_response_set_header(res, "Cache-Control", "no-store");
    if (!text) {
        /* jansson could not allocate: a fixed answer needs no memory of its own */
        res->status = 503;
        buf_puts(&res->body, "{\"error\":{\"code\":\"unavailable\","
                             "\"message\":\"the server is overloaded; retry later\"}}\n");
        return;
    }
    res->status = status;
    buf_puts(&res->body, text);
    buf_putc(&res->body, '\n');
    free(text);
}

void api_respond_error(struct http_response *res, int status, const char *code, const char *message)
{
    json_t *body = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);

    api_respond_json(res, status, body);
    json_decref(body);
}

/* A 401 that tells the client which scheme to use (RFC 6750). */
static void unauthorized(struct http_response *res, bool bad_token, const char *message)
{
    http_response_header(res, "WWW-Authenticate",
                         bad_token ? "Bearer realm=\"cong\", error=\"invalid_token\""
                                   : "Bearer realm=\"cong\"");
    api_respond_error(res, 401, bad_token ? "invalid_token" : "unauthorized", message);
}

static void store_failed(struct http_response *res, enum cong_err rc)
{
    api_respond_error(res, 503, "unavailable",
                      rc == CONG_ENOMEM ? "the server is overloaded; retry later"
                                        : "the database is unavailable; retry later");
}

bool api_authenticate_or_respond(struct api *api, struct http_request *req,
                                 struct http_response *res, enum auth_role need,
                                 struct auth_user *out)
{
    const char *authz = http_request_header(req, "Authorization"), *cookie, *token;
    struct auth_session s;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if (authz) {
        if (strncasecmp(authz, "Bearer ", 7) != 0) {
            unauthorized(res, false, "use Authorization: Bearer TOKEN");
            return false;
        }
        for (token = authz + 7; *token == ' '; token++)
            ;
        rc = auth_token_find(api->auth, req->arena, token, out);
        if (rc == CONG_ENOTFOUND) {
            unauthorized(res, true, "the token is unknown or revoked");
            return false;
        }
        if (rc != CONG_OK) {
            store_failed(res, rc);
            return false;
        }
    } else {
        cookie = http_request_cookie(req, AUTH_SESSION_COOKIE);
        rc = cookie ? auth_session_find(api->auth, req->arena, cookie, &s) : CONG_ENOTFOUND;
        if (rc == CONG_ENOTFOUND) {
            unauthorized(res, false, "authentication required");
            return false;
        }
        if (rc != CONG_OK) {
            store_failed(res, rc);
            return false;
        }
        /* a browser sends the cookie with any request, even one another site made it send */
        if (!(req->method & (HTTP_GET | HTTP_HEAD)) &&
            !auth_csrf_is_valid(&s, http_request_header(req, "X-CSRF-Token"))) {
            api_respond_error(res, 403, "csrf_failed",
                              "a session needs its CSRF token in the X-CSRF-Token header");
            return false;
        }
        *out = s.user;
    }
    if (!auth_role_at_least(out->role, need)) {
        memset(out, 0, sizeof(*out));
        api_respond_error(res, 403, "forbidden", "your role does not allow this");
        return false;
    }
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
