/* Shared by the files of src/editorial only. */
#ifndef CONG_EDITORIAL_INT_H
#define CONG_EDITORIAL_INT_H

#include <jansson.h>

#include "../content/content.h"
#include "editorial.h"

struct editorial {
    struct web *web;
    struct auth *auth;
    struct api *api;
};

/*
 * Helpers of the endpoints (api_articles.c), for every file of the module.
 *
 * editorial_viewer_or_respond: who is asking a read. A request without credentials (no
 * Authorization header, no session cookie) is a guest; with them, api_authenticate_or_respond
 * decides, so a bad token is a 401 and never a quiet guest. false: answered.
 */
bool editorial_viewer_or_respond(struct editorial *ed, struct http_request *req,
                                 struct http_response *res, struct auth_user *out);
/* The content module's actor for user u, from the request's address. */
struct content_actor editorial_actor(const struct auth_user *u, const struct http_request *req);
/*
 * Answers a content failure: EINVAL 400, EPERM 403, ENOTFOUND 404, EEXIST 409, ETOOBIG 413,
 * ESTATE 422, anything else 503; err->msg (Vietnamese) as the message, a fixed one for 503.
 */
void editorial_respond_err(struct http_response *res, enum cong_err rc,
                           const struct cong_error *err);
/*
 * The request's body as a JSON object (the caller owns it), or NULL after answering 400:
 * not JSON, not an object, a duplicate key.
 */
json_t *editorial_body_or_respond(struct http_request *req, struct http_response *res);
/*
 * Typed fields of a JSON object. Each returns false after answering 400 when key is present
 * with the wrong type. Absent (or JSON null where allowed) leaves *out untouched and *set
 * (where there is one) false. Strings must be valid UTF-8 (jansson guarantees it).
 */
bool editorial_json_text(json_t *o, const char *key, const char **out, struct http_response *res);
bool editorial_json_int(json_t *o, const char *key, bool nullable, int64_t *out, bool *set,
                        struct http_response *res);
/* A positive whole number from the query string, def when absent; false if malformed. */
bool editorial_query_count(struct http_request *req, const char *name, int64_t def, int64_t max,
                           int64_t *out);
/* A positive id from a path segment; false if it is not one. */
bool editorial_parse_id(const char *s, int64_t *out);

/* The routes of each file. */
enum cong_err editorial_articles_routes(struct editorial *ed, struct http_router *r);
enum cong_err editorial_categories_routes(struct editorial *ed, struct http_router *r);
enum cong_err editorial_media_routes(struct editorial *ed, struct http_router *r);

#endif
