/*
 * The work schedule in the JSON API: GET /api/v1/schedule (anyone: one ISO week, ?week=
 * YYYY-Www, the current one by default, or ?from=&to= in ISO 8601), POST to add an entry, and
 * GET, PATCH or DELETE /api/v1/schedule/ID. The rules (editors and above, a start before the
 * end) are the content module's (civic.h). This file also adds the routes of questions.c, so
 * that the server adds this module's routes with one call.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../content/civic.h"

static const char msg_no_entry[] = N_("Không có mục lịch này.");

#define ENTRY_FIELDS                                                                               \
    {"starts_at", WEB_TEXT, 0, 40}, {"ends_at", WEB_TEXT, WEB_NULLABLE, 40},                       \
        {"title", WEB_TEXT, 0, 0}, {"location", WEB_TEXT, 0, 0}, {"chair", WEB_TEXT, 0, 0},        \
        {"people", WEB_TEXT, 0, 0},                                                                \
    {                                                                                              \
        "host_unit", WEB_TEXT, 0, 0                                                                \
    }
static const struct web_field entry_fields[] = {ENTRY_FIELDS, {NULL, 0, 0, 0}};

/* One entry as the API shows it; NULL when out of memory. */
static json_t *entry_view(const struct schedule_entry *e)
{
    return web_view((struct web_kv[]){WEB_I("id", e->id), WEB_ISO("starts_at", e->starts_at),
                                      WEB_ISO("ends_at", e->ends_at), WEB_S("title", e->title),
                                      WEB_S("location", e->location), WEB_S("chair", e->chair),
                                      WEB_S("people", e->people), WEB_S("host_unit", e->host_unit),
                                      WEB_ISO("updated_at", e->updated_at), WEB_END});
}

/* A time field of a checked body into *out (untouched when absent or null); false after
   answering 400. */
static bool time_field(struct http_response *res, json_t *o, const char *key, int64_t *out)
{
    const char *s = web_json_text(o, key);

    if (!s)
        return true;
    if (time_parse_iso8601(s, out) == CONG_OK)
        return true;
    web_json_error(res, 400, "invalid_field", key,
                   _("Thời gian không hợp lệ: cần dạng ISO 8601, ví dụ 2026-12-07T08:00."));
    return false;
}

/* Applies a checked body onto in (texts borrowed from o); false after answering. */
static bool parse_input(struct http_response *res, json_t *o, struct schedule_input *in)
{
    const char *keys[] = {"title", "location", "chair", "people", "host_unit"};
    const char **slots[] = {&in->title, &in->location, &in->chair, &in->people, &in->host_unit};

    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (web_json_has(o, keys[i]))
            *slots[i] = web_json_text(o, keys[i]);
    }
    if (web_json_has(o, "ends_at") && !web_json_text(o, "ends_at"))
        in->ends_at = 0; /* null: back to the default length */
    return time_field(res, o, "starts_at", &in->starts_at) &&
           time_field(res, o, "ends_at", &in->ends_at);
}

static void answer_entry(struct api *api, struct http_request *req, struct http_response *res,
                         int64_t id, int status)
{
    struct schedule_entry e;
    enum cong_err rc = store_get_schedule_entry(web_store(api->web, req), req->arena, id, &e);

    if (rc == CONG_ENOTFOUND) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_entry));
        return;
    }
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    if (status == 201) {
        api_created(res, arena_printf(req->arena, "/api/v1/schedule/%lld", (long long)id),
                    entry_view(&e));
        return;
    }
    api_answer(res, status, entry_view(&e));
}

/* The range a listing asks for: ?week=, else ?from= and ?to=, else this week. false after
   answering 400. */
static bool range_or_respond(struct api *api, struct http_request *req, struct http_response *res,
                             int64_t *from, int64_t *to)
{
    const char *week = http_request_query(req, "week"), *f = http_request_query(req, "from"),
               *t = http_request_query(req, "to");
    int y, wk;

    if (week) {
        if (!content_iso_week_parse(week, from)) {
            web_json_error(res, 400, "invalid_field", "week",
                           _("Tuần không hợp lệ: cần dạng năm-Wsố tuần, ví dụ 2026-W49."));
            return false;
        }
        *to = content_day_add(*from, 7);
        return true;
    }
    if (f || t) {
        if (!f || !t || time_parse_iso8601(f, from) != CONG_OK ||
            time_parse_iso8601(t, to) != CONG_OK || *to <= *from || *to - *from > 366 * 86400) {
            web_json_error(res, 400, "invalid_field", f ? "to" : "from",
                           _("Cần cả 'from' và 'to' (ISO 8601), 'to' sau 'from', cách nhau tối đa "
                           "một năm."));
            return false;
        }
        return true;
    }
    content_iso_week_of(web_now(api->web), from, &y, &wk);
    *to = content_day_add(*from, 7);
    return true;
}

static void h_list(struct http_request *req, struct http_response *res, struct api *api)
{
    struct schedule_entry *list;
    int64_t from, to;
    size_t n;
    json_t *items;
    bool ok;
    enum cong_err rc;

    if (!range_or_respond(api, req, res, &from, &to))
        return;
    rc = store_list_schedule(web_store(api->web, req), req->arena, from, to, &list, &n);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    items = json_array();
    ok = items != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(items, entry_view(&list[i]));
    if (!ok) {
        json_decref(items);
        items = NULL;
    }
    api_answer(res, 200,
               web_view((struct web_kv[]){WEB_N("items", items), WEB_ISO("from", from),
                                          WEB_ISO("to", to), WEB_END}));
}

static void h_create(struct http_request *req, struct http_response *res, struct api *api)
{
    struct schedule_input in = {0};
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    int64_t id = 0;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!(o = api_body_or_respond(req, res, entry_fields)))
        return;
    if (!parse_input(res, o, &in)) {
        json_decref(o);
        return;
    }
    rc = content_schedule_create(web_store(api->web, req), &who, &in, &id, &err);
    json_decref(o);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_entry(api, req, res, id, 201);
}

static void h_patch(struct http_request *req, struct http_response *res, struct api *api,
                    int64_t id)
{
    struct schedule_input in;
    struct schedule_entry e;
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    rc = store_get_schedule_entry(web_store(api->web, req), req->arena, id, &e);
    if (rc != CONG_OK) {
        if (rc == CONG_ENOTFOUND)
            web_json_error(res, 404, "not_found", NULL, _(msg_no_entry));
        else
            web_json_fail(res, rc, NULL);
        return;
    }
    if (!(o = api_body_or_respond(req, res, entry_fields)))
        return;
    /* a PATCH changes what it names: the rest stays as stored */
    in = (struct schedule_input){e.starts_at, e.ends_at, e.title,    e.location,
                                 e.chair,     e.people,  e.host_unit};
    if (!parse_input(res, o, &in)) {
        json_decref(o);
        return;
    }
    rc = content_schedule_update(web_store(api->web, req), &who, id, &in, &err);
    json_decref(o);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_entry(api, req, res, id, 200);
}

static void h_delete(struct http_request *req, struct http_response *res, struct api *api,
                     int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    rc = content_schedule_delete(web_store(api->web, req), &who, id, &err);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_deleted(res, id);
}

static void r_schedule(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_list(req, res, ctx);
    else if (req->method == HTTP_POST)
        h_create(req, res, ctx);
    else
        web_json_method_not_allowed(res, "GET, HEAD, POST");
}

static void r_entry(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id;

    if (!web_parse_id(req->params[0], false, &id)) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_entry));
        return;
    }
    if (req->method & (HTTP_GET | HTTP_HEAD))
        answer_entry(ctx, req, res, id, 200);
    else if (req->method == HTTP_PATCH)
        h_patch(req, res, ctx, id);
    else if (req->method == HTTP_DELETE)
        h_delete(req, res, ctx, id);
    else
        web_json_method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
}

const struct api_route api_schedule_table[] = {
    {"/api/v1/schedule", r_schedule, "schedule",
     {{HTTP_GET, "The work schedule of a week (?week=YYYY-Www) or a range (?from=&to=); this "
                 "week by default.",
       AUTH_GUEST, NULL, 200, false},
      {HTTP_POST, "Adds an entry to the work schedule.", AUTH_EDITOR, entry_fields, 201,
       false}}},
    {"/api/v1/schedule/:id", r_entry, "schedule",
     {{HTTP_GET, "One entry of the work schedule.", AUTH_GUEST, NULL, 200, false},
      {HTTP_PATCH, "Changes an entry.", AUTH_EDITOR, entry_fields, 200, false},
      {HTTP_DELETE, "Deletes an entry.", AUTH_EDITOR, NULL, 200, false}}},
    {NULL, NULL, NULL, {{0}}},
};
