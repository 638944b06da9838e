/*
 * The JSON API under /api/v1: one file per resource (articles.c with their transitions and
 * revisions, categories.c, media.c, pages.c, portlets.c, stats.c) and this module's frame
 * (api.c: /api/v1/me and the catch-all that answers every other /api/ path with a JSON 404).
 * Every handler stands on the web layer (src/web): who is asking, the JSON body checked
 * against a table of its fields, the one table from a failure to a status and a code, and
 * JSON answers. It reads through the store and writes only through the domain modules
 * (content, portal, auth's audit log), the same functions the admin pages call.
 */
#ifndef CONG_API_H
#define CONG_API_H

#include "../core/core.h"
#include "../http/http.h"

struct api;
struct web;

/* Keeps a reference to w until api_free. CONG_ENOMEM. */
enum cong_err api_new(struct web *w, struct api **out);
/* Accepts NULL. */
void api_free(struct api *api);
/*
 * Adds every endpoint of the API to r, then a catch-all for the rest of /api/ that answers a
 * JSON 404, so no API client ever gets an HTML page. The router tries routes in the order
 * added: another module's route under /api/ must be added before this call.
 */
enum cong_err api_add_routes(struct api *api, struct http_router *r);
/*
 * Adds /api/v1/documents and what is under it (documents.c) to r, before api_add_routes adds
 * its catch-all; keeps a reference to w.
 */
enum cong_err api_documents_add_routes(struct web *w, struct http_router *r);

#endif
