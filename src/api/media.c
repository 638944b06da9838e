/*
 * The media of the JSON API: POST /api/v1/media uploads a file (a multipart form's "file"
 * part, or the raw body whatever Content-Type it claims: the type is read from the bytes),
 * GET /api/v1/media lists uploads newest first, GET /api/v1/media/ID gives one, DELETE
 * /api/v1/media/ID removes one with its copies (content_media_delete: an author her own
 * uploads, editors any; 409 while something uses it). All need an author or above: the list
 * names files that may belong to unpublished drafts (the files themselves are public at
 * /media/). What an upload becomes is content_add_media_by's; this file only speaks JSON.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <string.h>
#include <strings.h>

#include "../content/content.h"

#define MEDIA_PER_PAGE     20
#define MEDIA_PER_PAGE_MAX 100

static const char msg_no_file[] = N_("Không có tệp này.");

/* One copy of a file; NULL when out of memory. */
static json_t *variant_view(struct arena *a, int64_t id, const struct media_variant *v)
{
    const char *url = content_media_variant_path(a, id, v->width, v->mime);

    if (!url)
        return NULL;
    return web_view((struct web_kv[]){WEB_I("width", v->width), WEB_I("height", v->height),
                                      WEB_S("mime", v->mime), WEB_I("size", v->size),
                                      WEB_S("url", url), WEB_END});
}

/* One file as the API shows it, with its copies; NULL with *rc set when it fails. */
static json_t *media_view(struct api *api, struct http_request *req, struct arena *a, int64_t id, enum cong_err *rc)
{
    struct store *st = web_store(api->web, req);
    struct media m;
    struct media_variant *v;
    size_t nv;
    json_t *list, *o;
    const char *url;
    bool ok;

    if ((*rc = store_get_media_info(st, a, id, &m)) ||
        (*rc = store_list_media_variants(st, a, id, &v, &nv)))
        return NULL;
    *rc = CONG_ENOMEM;
    if (!(url = content_media_path(a, m.id, m.mime)))
        return NULL;
    list = json_array();
    ok = list != NULL;
    for (size_t i = 0; ok && i < nv; i++)
        ok = web_list_add(list, variant_view(a, id, &v[i]));
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    o = web_view((struct web_kv[]){
        WEB_I("id", m.id), WEB_S("url", url), WEB_S("mime", m.mime),
        WEB_S("filename", m.filename), WEB_I("size", m.size), WEB_I("width", m.width),
        WEB_I("height", m.height), WEB_ISO("created_at", m.created_at), WEB_N("variants", list),
        WEB_END});
    if (o)
        *rc = CONG_OK;
    return o;
}

/* Answers with file id, or its failure. */
static void answer_one(struct api *api, struct http_request *req, struct http_response *res,
                       int64_t id, int status)
{
    enum cong_err rc;
    json_t *o = media_view(api, req, req->arena, id, &rc);

    if (rc == CONG_ENOTFOUND) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_file));
        return;
    }
    if (rc) {
        web_json_fail(res, rc, NULL);
        return;
    }
    if (status == 201) {
        api_created(res, arena_printf(req->arena, "/api/v1/media/%lld", (long long)id), o);
        return;
    }
    api_answer(res, status, o);
}

/* The uploaded file: the multipart form's "file", or the whole body. false: answered. */
static bool upload_or_respond(struct http_request *req, struct http_response *res,
                              const void **data, size_t *len, const char **filename)
{
    const char *ct = http_request_header(req, "Content-Type");
    const struct http_file *f;
    enum cong_err rc;

    *data = req->body;
    *len = req->body_len;
    *filename = "";
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) {
        if (*len)
            return true;
        web_json_error(res, 400, "invalid_field", "file",
                       _("Cần gửi tệp: biểu mẫu multipart (trường 'file') hoặc nội dung tệp."));
        return false;
    }
    rc = http_request_form(req);
    if (rc == CONG_ENOMEM) {
        web_json_fail(res, rc, NULL);
        return false;
    }
    if (rc != CONG_OK) {
        web_json_error(res, 400, "bad_request", NULL,
                       _("Biểu mẫu multipart/form-data không hợp lệ."));
        return false;
    }
    if (!(f = http_request_file(req, "file"))) {
        web_json_error(res, 400, "invalid_field", "file",
                       _("Cần gửi tệp trong trường 'file' của biểu mẫu."));
        return false;
    }
    *data = f->data;
    *len = f->len;
    *filename = f->filename;
    return true;
}

static void h_upload(struct http_request *req, struct http_response *res, struct api *api)
{
    struct web_viewer v;
    struct auth_actor by;
    struct cong_error err = {0};
    const char *filename;
    const void *data;
    size_t len;
    int64_t id;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_AUTHOR, &v))
        return;
    if (!upload_or_respond(req, res, &data, &len, &filename))
        return;
    rc = content_add_media_by(web_store(api->web, req), v.user.id, data, len, filename,
                              web_media_max(api->web), &id, &err);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    by = auth_actor_of(&v.user, req->remote_addr);
    (void)auth_audit(web_auth(api->web, req), &by, "media_uploaded",
                     arena_printf(req->arena, "%lld", (long long)id), filename);
    answer_one(api, req, res, id, 201);
}

static void h_list(struct http_request *req, struct http_response *res, struct api *api)
{
    struct web_viewer v;
    struct media *list;
    size_t n, total;
    int64_t page, per_page;
    json_t *items;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_AUTHOR, &v))
        return;
    if (!api_paging_or_respond(req, res, MEDIA_PER_PAGE, MEDIA_PER_PAGE_MAX, &page, &per_page))
        return;
    rc = store_list_media(web_store(api->web, req), req->arena, (size_t)((page - 1) * per_page),
                          (size_t)per_page, &list, &n, &total);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    if (!(items = json_array())) {
        web_json_fail(res, CONG_ENOMEM, NULL);
        return;
    }
    for (size_t i = 0; rc == CONG_OK && i < n; i++) {
        if (!web_list_add(items, media_view(api, req, req->arena, list[i].id, &rc)) && !rc)
            rc = CONG_ENOMEM;
    }
    if (rc != CONG_OK) {
        json_decref(items);
        web_json_fail(res, rc, NULL);
        return;
    }
    api_list(res, items, page, per_page, total);
}

static void h_delete(struct http_request *req, struct http_response *res, struct api *api,
                     const struct web_viewer *v, int64_t id)
{
    struct content_actor who;
    struct cong_error err = {0};
    enum cong_err rc;

    web_actor(v, req, &who);
    if ((rc = content_media_delete(web_store(api->web, req), &who, id, &err)) != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_deleted(res, id);
}

static void r_media_list(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_list(req, res, ctx);
    else if (req->method == HTTP_POST)
        h_upload(req, res, ctx);
    else
        web_json_method_not_allowed(res, "GET, HEAD, POST");
}

static void r_media_one(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct web_viewer v;
    int64_t id;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_DELETE))) {
        web_json_method_not_allowed(res, "GET, HEAD, DELETE");
        return;
    }
    if (!web_api_or_respond(api->web, req, res, AUTH_AUTHOR, &v))
        return;
    if (!web_parse_id(req->params[0], false, &id)) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_file));
        return;
    }
    if (req->method == HTTP_DELETE)
        h_delete(req, res, api, &v, id);
    else
        answer_one(api, req, res, id, 200);
}

const struct api_route api_media_table[] = {
    {"/api/v1/media", r_media_list, "media",
     {{HTTP_GET, "The media library, newest first (?page=N&per_page=N).", AUTH_AUTHOR, NULL,
       200, false},
      {HTTP_POST, "Uploads a file (typed by its bytes; pictures cleaned and resized).",
       AUTH_AUTHOR, NULL, 201, true}}},
    {"/api/v1/media/:id", r_media_one, "media",
     {{HTTP_GET, "One file and its resized copies.", AUTH_AUTHOR, NULL, 200, false},
      {HTTP_DELETE, "Deletes a file nothing uses (409 with counts otherwise).", AUTH_AUTHOR,
       NULL, 200, false}}},
    {NULL, NULL, NULL, {{0}}},
};
