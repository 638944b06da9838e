/*
 * The editorial web: the JSON API of editorial work under /api/v1 (articles and their
 * workflow transitions and revisions, categories, media). Every endpoint authenticates
 * through the api module and writes through the content module's editorial functions, the
 * same ones the admin's forms call, so the API never has a second, looser path.
 */
#ifndef CONG_EDITORIAL_H
#define CONG_EDITORIAL_H

#include "../api/api.h"
#include "../auth/auth.h"
#include "../core/core.h"
#include "../http/http.h"
#include "../web/web.h"

struct editorial;

/* Keeps references to site, au and api until editorial_free. CONG_ENOMEM. */
enum cong_err editorial_new(struct web *web, struct auth *au, struct api *api,
                            struct editorial **out);
/* Accepts NULL. */
void editorial_free(struct editorial *ed);
/* Adds the endpoints to r; call before api_add_routes (its catch-all answers the rest). */
enum cong_err editorial_add_routes(struct editorial *ed, struct http_router *r);

#endif
