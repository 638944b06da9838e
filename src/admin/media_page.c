/*
 * The admin's media library (/quan-tri/thu-vien): every uploaded file newest first, with its
 * thumbnail, type, size, dimensions and the address to paste into an article, and a plain
 * upload form (multipart/form-data, field "file") that works without JavaScript. Authors and
 * above may use it. What an upload becomes (type by its bytes, metadata removed, resized
 * copies) is content_add_media_by's; this file only turns its answer into a page, and records
 * each upload in the audit log ("media_uploaded"). Each file the viewer may delete (her own
 * uploads for an author, any for an editor and above) has a "Xoá" button, a plain POST form to
 * /quan-tri/thu-vien/ID/xoa; content_media_delete decides and refuses a file still in use.
 */
#include <string.h>

#include "../content/content.h"
#include "../web/web.h"
#include "admin_int.h"

#define MEDIA_PATH "/quan-tri/thu-vien"
#define MEDIA_PER_PAGE 24

/* "12 KB", "3,4 MB": a size for people. */
static const char *size_label(struct arena *a, size_t n)
{
    if (n < 1024)
        return arena_printf(a, "%zu byte", n);
    if (n < (size_t)1 << 20)
        return arena_printf(a, "%zu KB", (n + 1023) / 1024);
    return arena_printf(a, "%zu,%zu MB", n >> 20, ((n & ((1u << 20) - 1)) * 10) >> 20);
}

static const char *type_label(const char *mime)
{
    if (!strcmp(mime, "image/jpeg"))
        return "JPEG";
    if (!strcmp(mime, "image/png"))
        return "PNG";
    if (!strcmp(mime, "image/webp"))
        return "WebP";
    if (!strcmp(mime, "image/gif"))
        return "GIF";
    if (!strcmp(mime, "application/pdf"))
        return "PDF";
    return mime;
}

/* One file of the grid. NULL if the store fails (rc says how). */
static json_t *item_json(struct admin *ad, struct arena *a, const struct media *m,
                         const struct content_actor *who, enum cong_err *rc)
{
    struct content_image img;
    struct buf date;
    json_t *o;
    bool image = !strncmp(m->mime, "image/", 6);

    *rc = content_media_image(web_store(ad->web), a, m->id, &img);
    if (*rc != CONG_OK)
        return NULL;
    o = json_object();
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "url", json_string(img.url));
    json_object_set_new(o, "filename", json_string(*m->filename ? m->filename : img.url));
    json_object_set_new(o, "type", json_string(type_label(m->mime)));
    json_object_set_new(o, "size", json_string(size_label(a, m->size)));
    json_object_set_new(o, "is_image", json_boolean(image));
    json_object_set_new(o, "may_delete", json_boolean(content_may_delete_media(who, m)));
    if (image && m->width > 0 && m->height > 0) {
        /* the thumbnail is the 320 copy when there is one: its box, so the grid does not jump */
        int tw = m->width < 320 ? m->width : 320;
        json_object_set_new(o, "thumb", json_string(img.thumb));
        json_object_set_new(o, "thumb_width", json_integer(tw));
        json_object_set_new(o, "thumb_height",
                            json_integer((int)((int64_t)m->height * tw / m->width)));
        json_object_set_new(o, "width", json_integer(m->width));
        json_object_set_new(o, "height", json_integer(m->height));
    }
    buf_init(&date, 64);
    time_add_date(&date, m->created_at);
    json_object_set_new(o, "date", json_stringn(date.data, date.len));
    buf_release(&date);
    return o;
}

/* The library page, with status and an error (NULL: none) above the form. */
static void media_page(struct admin *ad, struct http_request *req, struct http_response *res,
                       const struct auth_session *s, int status, const char *error)
{
    struct media *list;
    size_t n, total, page = 1, pages;
    int64_t p, done;
    const char *q = http_request_query(req, "trang"), *tb = http_request_query(req, "tb");
    json_t *data, *items;
    struct content_actor who;
    enum cong_err rc;

    admin_actor_of(s, req, &who);
    if (q && (!text_parse_i64(q, strlen(q), &p) || p < 1 || p > 100000)) {
        status = 400;
        error = "Số trang không hợp lệ.";
    } else if (q) {
        page = (size_t)p;
    }
    rc = store_list_media(web_store(ad->web), req->arena, (page - 1) * MEDIA_PER_PAGE,
                          MEDIA_PER_PAGE, &list, &n, &total);
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    data = admin_page_data(ad, req, "Thư viện ảnh và tệp", s);
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = item_json(ad, req->arena, &list[i], &who, &rc);
        if (!o) {
            json_decref(items);
            json_decref(data);
            return admin_store_failed(ad, req, res, rc);
        }
        json_array_append_new(items, o);
    }
    json_object_set_new(data, "items", items);
    json_object_set_new(data, "has_items", json_boolean(n > 0));
    json_object_set_new(data, "total", json_integer((json_int_t)total));
    json_object_set_new(data, "max_mb", json_integer((json_int_t)(web_media_max(ad->web) >> 20)));
    pages = (total + MEDIA_PER_PAGE - 1) / MEDIA_PER_PAGE;
    if (page > 1)
        json_object_set_new(data, "prev_url",
                            json_string(page == 2 ? MEDIA_PATH
                                                  : arena_printf(req->arena, MEDIA_PATH "?trang=%zu",
                                                                 page - 1)));
    if (page < pages)
        json_object_set_new(data, "next_url",
                            json_string(arena_printf(req->arena, MEDIA_PATH "?trang=%zu", page + 1)));
    if (error)
        json_object_set_new(data, "error", json_string(error));
    /* after an upload: the new file's address, ready to copy */
    if (!error && tb && !strcmp(tb, "tai-len") && http_request_query(req, "id") &&
        text_parse_i64(http_request_query(req, "id"), strlen(http_request_query(req, "id")),
                       &done) &&
        done > 0) {
        struct media m;
        if (store_get_media_info(web_store(ad->web), req->arena, done, &m) == CONG_OK) {
            json_object_set_new(data, "notice", json_string("Đã tải lên tệp. Địa chỉ của tệp:"));
            json_object_set_new(data, "notice_url",
                                json_string(content_media_path(req->arena, m.id, m.mime)));
        }
    }
    if (!error && tb && !strcmp(tb, "xoa"))
        json_object_set_new(data, "notice", json_string("Đã xoá tệp."));
    admin_render(ad, req, res, status, "admin-media", data);
    json_decref(data);
}

void admin_h_media(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    media_page(ad, req, res, &s, 200, NULL);
}

void admin_h_media_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    const struct http_file *f;
    struct auth_session s;
    struct auth_actor by;
    struct cong_error err = {0};
    const char *msg;
    int64_t id;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    f = http_request_file(req, "file");
    if (!f)
        return media_page(ad, req, res, &s, 400, "Chưa chọn tệp để tải lên.");
    rc = content_add_media_by(web_store(ad->web), s.user.id, f->data, f->len, f->filename,
                              web_media_max(ad->web), &id, &err);
    if (rc == CONG_EINVAL || rc == CONG_ETOOBIG) {
        msg = arena_printf(req->arena, "Không tải lên được '%s': %s.", f->filename, err.msg);
        return media_page(ad, req, res, &s, rc == CONG_ETOOBIG ? 413 : 400,
                          msg ? msg : "Không tải lên được tệp.");
    }
    if (rc != CONG_OK)
        return admin_fail(ad, req, res, 503, "Không lưu được tệp lúc này, xin thử lại sau ít phút.");
    by = auth_actor_of(&s.user, req->remote_addr);
    (void)auth_audit(ad->auth, &by, "media_uploaded", arena_printf(req->arena, "%lld", (long long)id),
                     f->filename);
    http_response_redirect(req, res, 303,
                           arena_printf(req->arena, MEDIA_PATH "?tb=tai-len&id=%lld", (long long)id));
}

void admin_h_media_delete(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    struct content_actor who;
    struct cong_error err = {0};
    int64_t id;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    if (!req->nparams || !text_parse_i64(req->params[0], strlen(req->params[0]), &id) || id <= 0)
        return media_page(ad, req, res, &s, 404, "Không có tệp này.");
    admin_actor_of(&s, req, &who);
    rc = content_media_delete(web_store(ad->web), &who, id, &err);
    if (rc == CONG_EPERM || rc == CONG_ENOTFOUND || rc == CONG_EEXIST)
        return media_page(ad, req, res, &s, admin_status_of(rc), err.msg);
    if (rc != CONG_OK)
        return admin_fail(ad, req, res, 503,
                          "Không xoá được tệp lúc này, xin thử lại sau ít phút.");
    http_response_redirect(req, res, 303, MEDIA_PATH "?tb=xoa");
}
