/*
 * Shared by the files of src/api only: the module's state, the few answers every resource
 * gives the same way, and each file's routes.
 */
#ifndef CONG_API_INT_H
#define CONG_API_INT_H

#include <jansson.h>

#include "../web/web.h"
#include "api.h"

struct portlet;
struct portal_portlet_change;

struct api {
    struct web *web;
};

/* Every method a route of the API takes; the handler answers 405 for those it does not. */
#define API_METHODS (HTTP_GET | HTTP_HEAD | HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)

/*
 * The request's body as a JSON object checked against fields (web_json_check): an unknown
 * key, a value of the wrong type are refused before anything is written. The caller owns the
 * object. NULL: answered 400.
 */
json_t *api_body_or_respond(struct http_request *req, struct http_response *res,
                            const struct web_field *fields);
/* Answers status with body, which it takes (NULL, a view that could not be built: 503). */
void api_answer(struct http_response *res, int status, json_t *body);
/* api_answer 201 with Location: location (from the request's arena; NULL leaves it out). */
void api_created(struct http_response *res, const char *location, json_t *body);
/* {"items", "page", "per_page", "total"}; takes items (NULL: 503). */
void api_list(struct http_response *res, json_t *items, int64_t page, int64_t per_page,
              size_t total);
/* 200 {"id": id, "deleted": true}. */
void api_deleted(struct http_response *res, int64_t id);
/* 204 No Content. */
void api_no_content(struct http_response *res);
/*
 * page and per_page from the query string (per_page from 1 to max, def when absent) and the
 * offset they mean; false after answering 400 invalid_field naming the parameter.
 */
bool api_paging_or_respond(struct http_request *req, struct http_response *res, int64_t def,
                           int64_t max, int64_t *page, int64_t *per_page);

/* portlets.c: one portlet as the API shows it (NULL when out of memory), and the fields of a
   change from a checked body (create: the type too); false after answering 400. */
json_t *api_portlet_view(const struct portlet *p);
extern const struct web_field api_portlet_new_fields[];
bool api_portlet_change_or_respond(struct http_request *req, struct http_response *res,
                                   json_t *body, struct portal_portlet_change *ch);

/*
 * The routes of the API, each file's in one table: the router is built from these tables, and
 * so is the API's description (GET /api/v1/openapi.json, openapi.c), so the two cannot drift.
 * A route's handler answers every method of its path (405 with Allow for the others); ops
 * describe the methods it takes, each with a line saying what it does. api_add_routes refuses
 * a route without one.
 */
struct api_op {
    unsigned method;      /* HTTP_GET, HTTP_POST, HTTP_PATCH or HTTP_DELETE; 0 ends ops */
    const char *summary;  /* what it does, one line (required) */
    enum auth_role role;  /* the least role that may succeed; AUTH_GUEST: anyone */
    const struct web_field *body; /* its JSON body's fields; NULL: no JSON body */
    int status;           /* the status of its success */
    bool multipart;       /* its body is a file (multipart/form-data, or raw bytes) */
};
#define API_OPS_MAX 4
struct api_route {
    const char *path; /* as the router takes it: "/api/v1/articles/:id"; NULL ends a table */
    http_handler_fn fn;
    const char *tag; /* the resource, grouping routes in the description */
    struct api_op ops[API_OPS_MAX + 1];
};

/* Each file's table. */
extern const struct api_route api_articles_table[];
extern const struct api_route api_categories_table[];
extern const struct api_route api_media_table[];
extern const struct api_route api_pages_table[];
extern const struct api_route api_portlets_table[];
extern const struct api_route api_stats_table[];
extern const struct api_route api_sites_table[];
extern const struct api_route api_schedule_table[];
extern const struct api_route api_questions_table[];
extern const struct api_route api_documents_table[];
extern const struct api_route api_menus_table[];
extern const struct api_route api_settings_table[];
extern const struct api_route api_frame_table[]; /* api.c: /api/v1/me, /api/v1/openapi.json */
/* Every table, ended by NULL: what the router and the description are made of. */
extern const struct api_route *const api_tables[];

/* openapi.c: the description of every route of api_tables, a new object; NULL when out of
   memory. */
json_t *api_openapi(void);
/* openapi.c: GET /api/v1/openapi.json. */
void api_h_openapi(struct http_request *req, struct http_response *res, void *ctx);

#endif
