/*
 * The API described once, as OpenAPI 3.1, from the same tables the router is built from
 * (api_tables): each route's path and parameters, each method's summary, who may call it,
 * its JSON body's fields (from the very field tables the handlers check bodies against) and
 * its answers. Served at GET /api/v1/openapi.json to anyone.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *method_name(unsigned m)
{
    switch (m) {
    case HTTP_GET: return "get";
    case HTTP_POST: return "post";
    case HTTP_PATCH: return "patch";
    case HTTP_PUT: return "put";
    case HTTP_DELETE: return "delete";
    default: return NULL;
    }
}

/* The JSON Schema of one field's value. */
static json_t *field_schema(const struct web_field *f)
{
    json_t *s;

    switch (f->type) {
    case WEB_INT: s = json_pack("{s:s}", "type", "integer"); break;
    case WEB_BOOL: s = json_pack("{s:s}", "type", "boolean"); break;
    case WEB_TEXTS: s = json_pack("{s:s,s:{s:s}}", "type", "array", "items", "type", "string"); break;
    case WEB_OBJECT: s = json_pack("{s:s}", "type", "object"); break;
    case WEB_TEXT_OR_INT:
        s = json_pack("{s:[{s:s},{s:s}]}", "oneOf", "type", "string", "type", "integer");
        break;
    case WEB_TEXT:
    default:
        s = json_pack("{s:s}", "type", "string");
        if (s && f->max)
            json_object_set_new(s, "maxLength", json_integer((json_int_t)f->max));
        if (s && f->values) {
            json_t *e = json_array();
            for (const char *const *v = f->values; e && *v; v++)
                json_array_append_new(e, json_string(*v));
            json_object_set_new(s, "enum", e);
        }
        break;
    }
    if (s && (f->flags & WEB_NULLABLE)) {
        json_t *t = json_object_get(s, "type");
        if (t)
            json_object_set_new(s, "type", json_pack("[O,s]", t, "null"));
        else
            json_array_append_new(json_object_get(s, "oneOf"), json_pack("{s:s}", "type", "null"));
    }
    return s;
}

/* The request body of op: its fields as an object schema, or a file. */
static json_t *body_of(const struct api_op *op)
{
    json_t *props, *required, *schema;

    if (op->multipart)
        return json_pack("{s:b,s:{s:{s:{s:s,s:{s:{s:s,s:s}}}},s:{s:{s:s,s:s}}}}", "required",
                         1, "content", "multipart/form-data", "schema", "type", "object",
                         "properties", "file", "type", "string", "format", "binary",
                         "application/octet-stream", "schema", "type", "string", "format",
                         "binary");
    props = json_object();
    required = json_array();
    for (const struct web_field *f = op->body; props && required && f->key; f++) {
        json_object_set_new(props, f->key, field_schema(f));
        if (f->flags & WEB_REQUIRED)
            json_array_append_new(required, json_string(f->key));
    }
    schema = json_pack("{s:s,s:o,s:b}", "type", "object", "properties", props,
                       "additionalProperties", 0);
    if (schema && json_array_size(required))
        json_object_set(schema, "required", required);
    json_decref(required);
    return json_pack("{s:b,s:{s:{s:o}}}", "required", 1, "content", "application/json",
                     "schema", schema);
}

/* "/api/v1/articles/:id" as "/api/v1/articles/{id}", and its parameters into params. */
static char *template_of(const char *path, json_t *params)
{
    struct buf b;
    char *out;

    buf_init(&b, 1024);
    for (const char *p = path; *p;) {
        if (*p == ':') {
            size_t n = strcspn(p + 1, "/");
            buf_putc(&b, '{');
            buf_add(&b, p + 1, n);
            buf_putc(&b, '}');
            json_array_append_new(params, json_pack("{s:s%,s:s,s:b,s:{s:s}}", "name", p + 1, n,
                                                    "in", "path", "required", 1, "schema",
                                                    "type", "string"));
            p += n + 1;
        } else {
            buf_putc(&b, *p++);
        }
    }
    out = buf_error(&b) ? NULL : strdup(b.data);
    buf_release(&b);
    return out;
}

/* One operation of a route. */
static json_t *operation(const struct api_route *r, const struct api_op *op, json_t *params)
{
    char status[8];
    json_t *o = json_pack("{s:s,s:[s],s:O,s:s}", "summary", op->summary, "tags", r->tag,
                          "parameters", params, "x-role", auth_role_name(op->role));

    if (!o)
        return NULL;
    snprintf(status, sizeof(status), "%d", op->status ? op->status : 200);
    json_object_set_new(
        o, "responses",
        json_pack("{s:{s:s},s:{s:s,s:{s:{s:{s:s}}}},s:{s:s,s:{s:{s:{s:s}}}}}", status,
                  "description", op->status == 201 ? "Created" : "OK", "4XX", "description",
                  "An error: {error: {code, message, field}}", "content", "application/json",
                  "schema", "$ref", "#/components/schemas/Error", "5XX", "description",
                  "Unavailable, retry later", "content", "application/json", "schema", "$ref",
                  "#/components/schemas/Error"));
    /* who may: anyone, or a token / a session of a role */
    json_object_set_new(o, "security",
                        op->role == AUTH_GUEST
                            ? json_pack("[{},{s:[]},{s:[]}]", "bearer", "session")
                            : json_pack("[{s:[]},{s:[]}]", "bearer", "session"));
    if (op->body || op->multipart)
        json_object_set_new(o, "requestBody", body_of(op));
    return o;
}

json_t *api_openapi(void)
{
    json_t *paths = json_object(), *doc;

    for (const struct api_route *const *t = api_tables; paths && *t; t++) {
        for (const struct api_route *r = *t; r->path; r++) {
            json_t *params = json_array(), *item = json_object();
            char *tmpl = template_of(r->path, params);
            for (const struct api_op *op = r->ops; tmpl && item && op->method; op++)
                json_object_set_new(item, method_name(op->method), operation(r, op, params));
            if (tmpl && item)
                json_object_set_new(paths, tmpl, item);
            else
                json_decref(item);
            json_decref(params);
            free(tmpl);
        }
    }
    doc = json_pack(
        "{s:s,s:{s:s,s:s,s:s},s:o,s:{s:{s:{s:s,s:s},s:{s:s,s:s,s:s}},s:{s:{s:s,s:{s:{s:s,s:{s:{s:s},s:{s:s},s:{s:s}},s:[s,s]}},s:[s]}}}}",
        "openapi", "3.1.0", "info", "title", _("Cổng JSON API"), "version", CONG_VERSION,
        "description",
        _("The JSON API of a Cổng portal. Every path is the site's that the request's Host "
        "names. Authenticate with Authorization: Bearer TOKEN (cong token create), or the "
        "admin session cookie with its CSRF token in X-CSRF-Token for writes. x-role is the "
        "least role that may succeed."),
        "paths", paths, "components", "securitySchemes", "bearer", "type", "http", "scheme",
        "bearer", "session", "type", "apiKey", "in", "cookie", "name", "cong_session",
        "schemas", "Error", "type", "object", "properties", "error", "type", "object",
        "properties", "code", "type", "string", "message", "type", "string", "field", "type",
        "string", "required", "code", "message", "required", "error");
    return doc;
}

void api_h_openapi(struct http_request *req, struct http_response *res, void *ctx)
{
    (void)ctx;
    if (!(req->method & (HTTP_GET | HTTP_HEAD))) {
        web_json_method_not_allowed(res, "GET, HEAD");
        return;
    }
    api_answer(res, 200, api_openapi());
}
