/*
 * The JSON API under /api/v1: who is calling (a Bearer token from `cong token create`, or the
 * session cookie with its X-CSRF-Token header on anything but GET and HEAD), JSON answers,
 * and errors shaped {"error": {"code": "...", "message": "..."}}. Each endpoint starts with
 * api_authenticate_or_respond and answers through api_respond_json or api_respond_error;
 * endpoints of later issues plug in the same way in their own files. It reads and changes
 * nothing itself but through the domain modules (auth for now).
 */
#ifndef CONG_API_H
#define CONG_API_H

#include <jansson.h>

#include "../auth/auth.h"
#include "../core/core.h"
#include "../http/http.h"
#include "../web/web.h"

struct api;

/* Keeps a reference to au until api_free. CONG_ENOMEM. */
enum cong_err api_new(struct web *w, struct api **out);
/* Accepts NULL. */
void api_free(struct api *api);
/*
 * Adds this module's endpoints to r, then a catch-all for the rest of /api/ that answers a
 * JSON 404, so no API client ever gets an HTML page. The router tries routes in the order
 * added: other modules' /api/ routes must be added before this call, or the catch-all
 * answers for them.
 */
enum cong_err api_add_routes(struct api *api, struct http_router *r);

/*
 * Authenticates the request into *out: a Bearer token if an Authorization header is present
 * (a bad one is a 401, never a fall-back to the cookie), else the session cookie, which on a
 * method other than GET and HEAD must come with its CSRF token in X-CSRF-Token (403 without
 * it). Then requires at least role need (403 below it). On any failure it has answered with a
 * JSON error (401, 403, or 503 when the store failed) and returns false.
 */
bool api_authenticate_or_respond(struct api *api, struct http_request *req,
                                 struct http_response *res, enum auth_role need,
                                 struct auth_user *out);
/* Answers status with body serialized compactly (body is borrowed), no-store. */
void api_respond_json(struct http_response *res, int status, json_t *body);
/* Answers status with {"error": {"code": code, "message": message}}, no-store. */
void api_respond_error(struct http_response *res, int status, const char *code,
                       const char *message);

#endif
