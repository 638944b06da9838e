/*
 * The admin's media library (/quan-tri/thu-vien): every uploaded file newest first, with its
 * thumbnail, type, size, dimensions and the address to paste into an article, and a plain
 * upload form (multipart/form-data, field "file") that works without JavaScript. Authors and
 * above may use it. What an upload becomes (type by its bytes, metadata removed, resized
 * copies) is content_add_media_by's; this file only turns its answer into a page, and records
 * each upload in the audit log ("media_uploaded"). Each file the viewer may delete (her own
 * uploads for an author, any for an editor and above) has a "Xóa" button, a plain POST form to
 * /quan-tri/thu-vien/ID/xoa; content_media_delete decides and refuses a file still in use.
 */
#include <string.h>

#include "../content/content.h"
#include "../i18n/i18n.h"
#include "../web/web.h"
#include "admin_int.h"

#define MEDIA_PATH "/quan-tri/thu-vien"
#define MEDIA_PER_PAGE 24

/* "12 KB", "3,4 MB": a size for people. */
static const char *size_label(struct arena *a, size_t n)
{
    if (n < 1024)
        return arena_printf(a, P_("%zu byte", "%zu byte", (int64_t)n), n);
    if (n < (size_t)1 << 20)
        return arena_printf(a, "%zu KB", (n + 1023) / 1024);
    /* the language's decimal sign: 1,5 MB / 1.5 MB */
    return arena_printf(a, _("%zu,%zu MB"), n >> 20, ((n & ((1u << 20) - 1)) * 10) >> 20);
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

/* One file of the grid into *out; a store failure or CONG_ENOMEM. */
static enum cong_err item_view(struct web *w, struct arena *a, const struct media *m,
                               const struct content_actor *who, json_t **out)
{
    struct content_image img;
    bool image = !strncmp(m->mime, "image/", 6);
    int tw = m->width < 320 ? m->width : 320;
    enum cong_err rc;

    *out = NULL;
    if ((rc = content_media_image(web_root_store(w), a, m->id, &img)) != CONG_OK)
        return rc;
    *out = web_view((struct web_kv[]){
        WEB_I("id", m->id),
        WEB_S("url", img.url),
        WEB_S("filename", *m->filename ? m->filename : img.url),
        WEB_S("type", type_label(m->mime)),
        WEB_S("size", size_label(a, m->size)),
        WEB_B("is_image", image),
        WEB_B("may_delete", content_may_delete_media(who, m)),
        WEB_DATE("date", m->created_at),
        WEB_END});
    /* the thumbnail is the 320 copy when there is one: its box, so the grid does not jump */
    if (image && m->width > 0 && m->height > 0)
        *out = web_view_extend(*out, (struct web_kv[]){
                                         WEB_S("thumb", img.thumb),
                                         WEB_I("thumb_width", tw),
                                         WEB_I("thumb_height", (int64_t)m->height * tw / m->width),
                                         WEB_I("width", m->width),
                                         WEB_I("height", m->height),
                                         WEB_END});
    return *out ? CONG_OK : CONG_ENOMEM;
}

/* The grid of list; a store failure or CONG_ENOMEM. */
static enum cong_err item_rows(struct web *w, struct http_request *req,
                               const struct web_viewer *v, const struct media *list, size_t n,
                               json_t **out)
{
    struct content_actor who;
    json_t *rows = json_array(), *o;
    enum cong_err rc = rows ? CONG_OK : CONG_ENOMEM;

    web_actor(v, req, &who);
    for (size_t i = 0; rc == CONG_OK && i < n; i++) {
        if ((rc = item_view(w, req->arena, &list[i], &who, &o)) == CONG_OK &&
            json_array_append_new(rows, o))
            rc = CONG_ENOMEM;
    }
    if (rc != CONG_OK) {
        json_decref(rows);
        rows = NULL;
    }
    *out = rows;
    return rc;
}

/* After an upload (?tb=tai-len&id=N): the new file's address, ready to copy; else NULL. */
static const char *uploaded_url(struct web *w, struct http_request *req)
{
    const char *tb = http_request_query(req, "tb");
    int64_t id;
    struct media m;

    if (!tb || strcmp(tb, "tai-len") != 0 || !web_parse_id(http_request_query(req, "id"), false, &id))
        return NULL;
    if (store_get_media_info(web_store(w, req), req->arena, id, &m) != CONG_OK)
        return NULL;
    return content_media_path(req->arena, m.id, m.mime);
}

/* The library page, with status and an error (NULL: none) above the form. */
static void media_page(struct web *w, struct http_request *req, struct http_response *res,
                       const struct web_viewer *v, int status, const char *error)
{
    const char *tb = http_request_query(req, "tb"), *done_url = NULL, *notice = NULL;
    struct media *list;
    size_t n, total, pages;
    int64_t page;
    json_t *items, *data;
    enum cong_err rc;

    if (!web_query_count(req, "trang", 1, 100000, &page)) {
        status = 400;
        error = _("Số trang không hợp lệ.");
        page = 1;
    }
    rc = store_list_media(web_store(w, req), req->arena, (size_t)(page - 1) * MEDIA_PER_PAGE,
                          MEDIA_PER_PAGE, &list, &n, &total);
    if (rc == CONG_OK)
        rc = item_rows(w, req, v, list, n, &items);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    if (!error && (done_url = uploaded_url(w, req)))
        notice = _("Đã tải lên tệp. Địa chỉ của tệp:");
    else if (!error && tb && !strcmp(tb, "xoa"))
        notice = _("Đã xóa tệp.");
    pages = (total + MEDIA_PER_PAGE - 1) / MEDIA_PER_PAGE;
    data = web_view_extend(
        web_admin_page_data(w, req, _("Thư viện ảnh và tệp"), v),
        (struct web_kv[]){
            WEB_N("items", items),
            WEB_B("has_items", n > 0),
            WEB_I("total", total),
            WEB_I("max_mb", web_media_max(w) >> 20),
            WEB_J("prev_url", page <= 1   ? NULL
                              : page == 2 ? web_jstr(MEDIA_PATH)
                                          : web_jstr(arena_printf(req->arena,
                                                                  MEDIA_PATH "?trang=%lld",
                                                                  (long long)page - 1))),
            WEB_J("next_url", (size_t)page < pages
                                  ? web_jstr(arena_printf(req->arena, MEDIA_PATH "?trang=%lld",
                                                          (long long)page + 1))
                                  : NULL),
            WEB_J("error", error ? web_jstr(error) : NULL),
            WEB_J("notice", notice ? web_jstr(notice) : NULL),
            WEB_J("notice_url", done_url ? web_jstr(done_url) : NULL),
            WEB_END});
    web_render_private(w, req, res, status, "admin-media", data);
    json_decref(data);
}

void admin_h_media(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    media_page(w, req, res, &v, 200, NULL);
}

void admin_h_media_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    const struct http_file *f;
    struct web_viewer v;
    struct cong_error err = {0};
    const char *msg;
    int64_t id;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    if (!(f = http_request_file(req, "file"))) {
        media_page(w, req, res, &v, 400, _("Chưa chọn tệp để tải lên."));
        return;
    }
    rc = content_add_media_by(web_store(w, req), v.user.id, f->data, f->len, f->filename,
                              web_media_max(w), &id, &err);
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        msg = arena_printf(req->arena, _("Không tải lên được '%s': %s."), f->filename, err.msg);
        media_page(w, req, res, &v, web_status_of(rc), msg ? msg : _("Không tải lên được tệp."));
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    admin_audit(w, req, &v, "media_uploaded", arena_printf(req->arena, "%lld", (long long)id),
                f->filename);
    web_see_other(req, res,
                  arena_printf(req->arena, MEDIA_PATH "?tb=tai-len&id=%lld", (long long)id));
}

void admin_h_media_delete(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    int64_t id;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    if (!req->nparams || !web_parse_id(req->params[0], false, &id)) {
        media_page(w, req, res, &v, 404, _("Không có tệp này."));
        return;
    }
    web_actor(&v, req, &who);
    rc = content_media_delete(web_store(w, req), &who, id, &err);
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        media_page(w, req, res, &v, web_status_of(rc), err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res, MEDIA_PATH "?tb=xoa");
}
