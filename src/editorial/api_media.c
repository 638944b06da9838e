/*
 * The media endpoints of the editorial API: POST /api/v1/media uploads a file (a multipart
 * form's "file" part, or the raw body whatever Content-Type it claims: the type is read from
 * the bytes), GET /api/v1/media lists uploads newest first, GET /api/v1/media/ID gives one,
 * DELETE /api/v1/media/ID removes one with its copies (content_media_delete: an author her own
 * uploads, editors any; 409 while an article uses it).
 * All need an author or above: the list names files that may belong to unpublished drafts
 * (the files themselves are public at /media/). What an upload becomes is
 * content_add_media_by's; this file only speaks JSON.
 */
#include <string.h>
#include <strings.h>

#include "../api/api.h"
#include "../web/web.h"
#include "editorial_int.h"

#define MEDIA_PER_PAGE 20
#define MEDIA_PER_PAGE_MAX 100

/* One file as the API shows it, with its copies; NULL with *rc set if the store fails. */
static json_t *media_json(struct editorial *ed, struct arena *a, int64_t id, enum cong_err *rc)
{
    struct store *st = web_store(ed->web);
    struct media m;
    struct media_variant *v;
    size_t nv;
    json_t *o, *list;
    struct buf date;

    if ((*rc = store_get_media_info(st, a, id, &m)) ||
        (*rc = store_list_media_variants(st, a, id, &v, &nv)))
        return NULL;
    o = json_object();
    json_object_set_new(o, "id", json_integer(m.id));
    json_object_set_new(o, "url", json_string(content_media_path(a, m.id, m.mime)));
    json_object_set_new(o, "mime", json_string(m.mime));
    json_object_set_new(o, "filename", json_string(m.filename));
    json_object_set_new(o, "size", json_integer((json_int_t)m.size));
    json_object_set_new(o, "width", json_integer(m.width));
    json_object_set_new(o, "height", json_integer(m.height));
    buf_init(&date, 64);
    time_add_iso8601(&date, m.created_at);
    json_object_set_new(o, "created_at", json_stringn(date.data, date.len));
    buf_release(&date);
    list = json_array();
    for (size_t i = 0; i < nv; i++) {
        json_t *vo = json_object();
        json_object_set_new(vo, "width", json_integer(v[i].width));
        json_object_set_new(vo, "height", json_integer(v[i].height));
        json_object_set_new(vo, "mime", json_string(v[i].mime));
        json_object_set_new(vo, "size", json_integer((json_int_t)v[i].size));
        json_object_set_new(vo, "url",
                            json_string(content_media_variant_path(a, id, v[i].width, v[i].mime)));
        json_array_append_new(list, vo);
    }
    json_object_set_new(o, "variants", list);
    return o;
}

/* Answers with file id, or the store's failure. */
static void respond_one(struct editorial *ed, struct http_request *req, struct http_response *res,
                        int64_t id, int status)
{
    enum cong_err rc;
    json_t *o = media_json(ed, req->arena, id, &rc);

    if (!o) {
        if (rc == CONG_ENOTFOUND)
            return api_respond_error(res, 404, "not_found", "Không có tệp này.");
        return editorial_respond_err(res, rc, NULL);
    }
    if (status == 201) {
        const char *loc = arena_printf(req->arena, "/api/v1/media/%lld", (long long)id);
        if (loc)
            http_response_header(res, "Location", loc);
    }
    api_respond_json(res, status, o);
    json_decref(o);
}

static void h_upload(struct http_request *req, struct http_response *res, struct editorial *ed)
{
    const char *ct = http_request_header(req, "Content-Type"), *filename = "";
    const void *data = req->body;
    size_t len = req->body_len;
    const struct http_file *f;
    struct auth_user u;
    struct auth_actor by;
    struct cong_error err = {0};
    int64_t id;
    enum cong_err rc;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_AUTHOR, &u))
        return;
    if (ct && !strncasecmp(ct, "multipart/form-data", 19)) {
        rc = http_request_form(req);
        if (rc == CONG_ENOMEM)
            return editorial_respond_err(res, rc, NULL);
        if (rc != CONG_OK)
            return api_respond_error(res, 400, "invalid_form",
                                     "Biểu mẫu multipart/form-data không hợp lệ.");
        f = http_request_file(req, "file");
        if (!f)
            return api_respond_error(res, 400, "missing_file",
                                     "Cần gửi tệp trong trường 'file' của biểu mẫu.");
        data = f->data;
        len = f->len;
        filename = f->filename;
    } else if (!len) {
        return api_respond_error(res, 400, "missing_file",
                                 "Cần gửi tệp: biểu mẫu multipart (trường 'file') hoặc nội dung tệp.");
    }
    rc = content_add_media_by(web_store(ed->web), u.id, data, len, filename,
                              web_media_max(ed->web), &id, &err);
    if (rc != CONG_OK)
        return editorial_respond_err(res, rc, &err);
    by = auth_actor_of(&u, req->remote_addr);
    (void)auth_audit(ed->auth, &by, "media_uploaded", arena_printf(req->arena, "%lld", (long long)id),
                     filename);
    respond_one(ed, req, res, id, 201);
}

static void h_list(struct http_request *req, struct http_response *res, struct editorial *ed)
{
    struct media *list;
    struct auth_user u;
    size_t n, total;
    int64_t page, per_page;
    json_t *body, *items;
    enum cong_err rc;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_AUTHOR, &u))
        return;
    if (!editorial_query_count(req, "page", 1, 100000, &page) ||
        !editorial_query_count(req, "per_page", MEDIA_PER_PAGE, MEDIA_PER_PAGE_MAX, &per_page))
        return api_respond_error(res, 400, "bad_page",
                                 "'page' và 'per_page' phải là số dương ('per_page' tối đa 100).");
    rc = store_list_media(web_store(ed->web), req->arena, (size_t)((page - 1) * per_page),
                          (size_t)per_page, &list, &n, &total);
    if (rc != CONG_OK)
        return editorial_respond_err(res, rc, NULL);
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = media_json(ed, req->arena, list[i].id, &rc);
        if (!o) {
            json_decref(items);
            return editorial_respond_err(res, rc, NULL);
        }
        json_array_append_new(items, o);
    }
    body = json_object();
    json_object_set_new(body, "items", items);
    json_object_set_new(body, "page", json_integer(page));
    json_object_set_new(body, "per_page", json_integer(per_page));
    json_object_set_new(body, "total", json_integer((json_int_t)total));
    api_respond_json(res, 200, body);
    json_decref(body);
}

static void r_media_list(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method & (HTTP_GET | HTTP_HEAD))
        return h_list(req, res, ctx);
    if (req->method == HTTP_POST)
        return h_upload(req, res, ctx);
    http_response_header(res, "Allow", "GET, HEAD, POST");
    api_respond_error(res, 405, "method_not_allowed", "Phương thức này không dùng ở đây.");
}

static void h_delete(struct http_request *req, struct http_response *res, struct editorial *ed)
{
    struct auth_user u;
    struct content_actor who;
    struct cong_error err = {0};
    int64_t id;
    enum cong_err rc;
    json_t *body;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_AUTHOR, &u))
        return;
    if (!editorial_parse_id(req->params[0], &id))
        return api_respond_error(res, 404, "not_found", "Không có tệp này.");
    who = editorial_actor(&u, req);
    rc = content_media_delete(web_store(ed->web), &who, id, &err);
    if (rc != CONG_OK)
        return editorial_respond_err(res, rc, &err);
    body = json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1);
    api_respond_json(res, 200, body);
    json_decref(body);
}

static void r_media_one(struct http_request *req, struct http_response *res, void *ctx)
{
    struct editorial *ed = ctx;
    struct auth_user u;
    int64_t id;

    if (req->method == HTTP_DELETE)
        return h_delete(req, res, ed);
    if (!(req->method & (HTTP_GET | HTTP_HEAD))) {
        http_response_header(res, "Allow", "GET, HEAD, DELETE");
        return api_respond_error(res, 405, "method_not_allowed",
                                 "Phương thức này không dùng ở đây.");
    }
    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_AUTHOR, &u))
        return;
    if (!editorial_parse_id(req->params[0], &id))
        return api_respond_error(res, 404, "not_found", "Không có tệp này.");
    respond_one(ed, req, res, id, 200);
}

enum cong_err editorial_media_routes(struct editorial *ed, struct http_router *r)
{
    const unsigned any = HTTP_GET | HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE;
    enum cong_err rc;

    if ((rc = http_router_add(r, any, "/api/v1/media", r_media_list, ed)) ||
        (rc = http_router_add(r, any, "/api/v1/media/:id", r_media_one, ed)))
        return rc;
    return CONG_OK;
}
