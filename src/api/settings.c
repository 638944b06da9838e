/*
 * The site's settings in the JSON API: GET and PATCH /api/v1/settings, admins only. The
 * fields and their rules are the content module's (content_site_field_*), the same the admin
 * page /quan-tri/cai-dat edits; a PATCH checks every field it names before it writes any,
 * and each change goes to the audit log with its old and new value. Settings move the page
 * generation, so every node shows a change at its next request.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <string.h>

#include "../content/content.h"

static const struct web_field settings_fields[] = {
    {"name", WEB_TEXT, 0, 2000},
    {"tagline", WEB_TEXT, 0, 2000},
    {"logo", WEB_INT, WEB_NULLABLE, 0},
    {"address", WEB_TEXT, 0, 2000},
    {"phone", WEB_TEXT, 0, 200},
    {"email", WEB_TEXT, 0, 400},
    {"footer", WEB_TEXT, 0, 10000},
    {"social", WEB_OBJECT, 0, 0},
    {"language", WEB_TEXT, 0, 10},
    {"hide_unauthorized", WEB_BOOL, 0, 0},
    {"counter_offset", WEB_INT, 0, 0},
    {"base_url", WEB_TEXT, 0, 2000},
    {NULL, 0, 0, 0},
};

/* The social links' names in the API's "social" object, and their fields. */
static const char *const social_keys[] = {"facebook", "youtube", "zalo"};
#define NSOCIAL (sizeof(social_keys) / sizeof(social_keys[0]))

static bool is_social(const char *field)
{
    for (size_t i = 0; i < NSOCIAL; i++) {
        if (!strcmp(social_keys[i], field))
            return true;
    }
    return false;
}

/* The value of f as JSON: numbers, flags and the logo (null for the emblem) typed. */
static json_t *value_json(const struct content_site_field *f, const char *v)
{
    json_int_t n = 0;

    switch (f->kind) {
    case CONTENT_SF_FLAG: return json_boolean(!strcmp(v, "1"));
    case CONTENT_SF_COUNT:
    case CONTENT_SF_MEDIA:
        if (sscanf(v, "%lld", &n) != 1 || n <= 0)
            return f->kind == CONTENT_SF_MEDIA ? json_null() : json_integer(0);
        return json_integer(n);
    default: return json_string(v);
    }
}

static void answer_settings(struct api *api, struct http_request *req, struct http_response *res)
{
    struct store *st = web_store(api->web, req);
    json_t *o = json_object(), *social = json_object();
    const struct content_site_field *f;
    const char *v;
    bool ok = o && social;

    for (size_t i = 0; ok && (f = content_site_field_at(i)); i++) {
        enum cong_err rc = content_site_field_get(st, req->arena, f, &v);
        if (rc != CONG_OK) {
            json_decref(o);
            json_decref(social);
            web_json_fail(res, rc, NULL);
            return;
        }
        ok = json_object_set_new(is_social(f->field) ? social : o, f->field, value_json(f, v)) ==
             0;
    }
    ok = ok && json_object_set(o, "social", social) == 0;
    json_decref(social);
    if (!ok) {
        json_decref(o);
        o = NULL;
    }
    api_answer(res, 200, o);
}

/* The text of a field's JSON value as the domain reads it; NULL (answered 400) for a social
   link that is not a string. */
static const char *text_of(struct http_request *req, const struct content_site_field *f,
                           json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_null(v))
        return "";
    if (json_is_boolean(v))
        return json_is_true(v) ? "1" : "0";
    if (json_is_integer(v))
        return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
    (void)f;
    return NULL;
}

static void h_patch(struct http_request *req, struct http_response *res, struct api *api)
{
    const struct content_site_field *fields[32];
    const char *values[32];
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    const char *key;
    json_t *o, *val, *social;
    size_t n = 0;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
        return;
    web_actor(&v, req, &who);
    if (!(o = api_body_or_respond(req, res, settings_fields)))
        return;
    json_object_foreach(o, key, val)
    {
        const struct content_site_field *f = content_site_field_find(key);
        if (!f || n >= 32)
            continue; /* "social" itself */
        fields[n] = f;
        values[n++] = text_of(req, f, val);
    }
    social = json_object_get(o, "social");
    json_object_foreach(social, key, val)
    {
        const struct content_site_field *f = content_site_field_find(key);
        /* key lives in o: answered before o goes */
        if (!f || !is_social(key)) {
            web_json_error(res, 400, "unknown_field", key,
                           _("Mạng xã hội là facebook, youtube hoặc zalo."));
            json_decref(o);
            return;
        }
        if (!json_is_string(val) && !json_is_null(val)) {
            web_json_error(res, 400, "invalid_field", key, _("Địa chỉ mạng xã hội là một chuỗi."));
            json_decref(o);
            return;
        }
        if (n < 32) {
            fields[n] = f;
            values[n++] = text_of(req, f, val);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!values[i]) {
            json_decref(o);
            web_json_fail(res, CONG_ENOMEM, NULL);
            return;
        }
    }
    rc = content_site_settings_update(web_store(api->web, req), &who, req->arena, fields, values,
                                      n, &err);
    json_decref(o);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_settings(api, req, res);
}

static void r_settings(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct web_viewer v;

    if (req->method & (HTTP_GET | HTTP_HEAD)) {
        if (web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
            answer_settings(api, req, res);
    } else if (req->method == HTTP_PATCH) {
        h_patch(req, res, api);
    } else {
        web_json_method_not_allowed(res, "GET, HEAD, PATCH");
    }
}

const struct api_route api_settings_table[] = {
    {"/api/v1/settings", r_settings, "settings",
     {{HTTP_GET, "The site's settings: name, tagline, logo, contact details, footer, social "
                 "links, language, hide_unauthorized, counter_offset, base_url.",
       AUTH_ADMIN, NULL, 200, false},
      {HTTP_PATCH, "Changes the settings it names; each is checked before any is written, and "
                   "each change is audited.",
       AUTH_ADMIN, settings_fields, 200, false}}},
    {NULL, NULL, NULL, {{0}}},
};
