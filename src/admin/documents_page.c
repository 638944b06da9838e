/*
 * The admin's documents (/quan-tri/van-ban): the list of every document of the site, drafts
 * included, the form that creates and edits one, its attached files (uploaded here, typed by
 * their bytes) and the moderation of the public's comments on a draft. Editors save drafts;
 * the content module decides who may publish, and audits every change.
 */
#include <string.h>

#include "../content/documents.h"
#include "../i18n/i18n.h"
#include "../web/web.h"
#include "admin_int.h"

#define DOCS_PATH "/quan-tri/van-ban"

static const struct admin_notice notices[] = {
    {"luu", N_("Đã lưu văn bản.")},
    {"tep", N_("Đã đính kèm tệp.")},
    {"xoa", N_("Đã xóa văn bản.")},
    {"duyet", N_("Đã cập nhật góp ý.")},
    {"danh-muc", N_("Đã lưu các danh mục.")},
};

/* A list of names as templates draw it: [{name}], or their text a name a line. */
static json_t *names_view(struct store *st, struct arena *a, enum document_list which, bool text)
{
    const char **names;
    size_t n;
    json_t *list;
    struct buf b;

    if (content_document_names(st, a, which, &names, &n) != CONG_OK)
        return text ? json_string("") : json_array();
    if (text) {
        buf_init(&b, 1 << 20);
        for (size_t i = 0; i < n; i++)
            buf_printf(&b, "%s%s", i ? "\n" : "", names[i]);
        list = buf_error(&b) ? NULL : json_string(b.data);
        buf_release(&b);
        return list;
    }
    list = json_array();
    for (size_t i = 0; list && i < n; i++) {
        if (!web_list_add(list, web_view((struct web_kv[]){WEB_S("name", names[i]), WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *list_rows(struct http_request *req, const struct document *d, size_t n)
{
    json_t *rows = json_array();

    for (size_t i = 0; rows && i < n; i++) {
        if (!web_list_add(rows, web_view((struct web_kv[]){
                                    WEB_S("url", arena_printf(req->arena, DOCS_PATH "/%lld",
                                                              (long long)d[i].id)),
                                    WEB_S("public_url", content_document_path(req->arena, &d[i])),
                                    WEB_S("number", d[i].number), WEB_S("title", d[i].title),
                                    WEB_S("issued_on", d[i].issued_on),
                                    WEB_S("status", content_document_status_label(d[i].status)),
                                    WEB_I("comments", d[i].comments), WEB_END}))) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

/* GET /quan-tri/van-ban. */
static void h_list(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct document_query q = {.limit = STORE_LIST_MAX};
    struct document *d;
    size_t n, total;
    const char *notice = ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    json_t *data;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    rc = content_document_query_text(req->arena, http_request_query(req, "q"), &q);
    if (rc == CONG_OK)
        rc = store_list_documents(web_store(w, req), req->arena, &q, &d, &n, &total);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    bool admin = auth_role_at_least(v.role, AUTH_ADMIN);
    data = web_view_extend(
        web_admin_page_data(w, req, _("Văn bản"), &v),
        (struct web_kv[]){
            WEB_N("documents", list_rows(req, d, n)), WEB_I("total", total),
            WEB_S("q", http_request_query(req, "q")),
            WEB_J("notice", notice ? web_jstr(notice) : NULL),
            /* the lists the forms offer: the site's admins keep them */
            WEB_J("lists", admin ? web_view((struct web_kv[]){
                                       WEB_N("kinds", names_view(web_store(w, req), req->arena,
                                                                 DOCUMENT_KINDS, true)),
                                       WEB_N("issuers", names_view(web_store(w, req), req->arena,
                                                                   DOCUMENT_ISSUERS, true)),
                                       WEB_END})
                                 : NULL),
            WEB_END});
    web_render_private(w, req, res, 200, "admin-documents", data);
    json_decref(data);
}

static json_t *comment_rows(struct web *w, struct http_request *req, const struct document *d)
{
    static const char *const labels[] = {N_("Chờ duyệt"), N_("Đã công bố"), N_("Đã ẩn")};
    struct document_comment *c;
    size_t n;
    json_t *rows = json_array();

    if (!d->id || store_list_document_comments(web_store(w, req), req->arena, d->id, -1, 0,
                                               STORE_LIST_MAX, &c, &n, NULL) != CONG_OK)
        return rows;
    for (size_t i = 0; rows && i < n; i++) {
        if (!web_list_add(
                rows,
                web_view((struct web_kv[]){
                    WEB_I("id", c[i].id), WEB_S("name", c[i].name), WEB_S("email", c[i].email),
                    WEB_S("body", c[i].body), WEB_DATETIME("date", c[i].created_at),
                    WEB_S("status", _(labels[c[i].status <= COMMENT_HIDDEN ? c[i].status : 0])),
                    WEB_B("pending", c[i].status == COMMENT_PENDING),
                    WEB_B("published", c[i].status == COMMENT_PUBLISHED), WEB_END}))) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

static json_t *file_rows(struct web *w, struct http_request *req, const struct document *d)
{
    struct document_file *f;
    size_t n;
    json_t *rows = json_array();

    if (!d->id ||
        store_list_document_files(web_store(w, req), req->arena, d->id, &f, &n) != CONG_OK)
        return rows;
    for (size_t i = 0; rows && i < n; i++) {
        if (!web_list_add(rows, web_view((struct web_kv[]){
                                    WEB_S("name", f[i].filename), WEB_S("mime", f[i].mime),
                                    WEB_I("kb", (f[i].size + 1023) / 1024),
                                    WEB_B("indexed", f[i].text_state == 1), WEB_END}))) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

/* "YYYY-MM-DDTHH:MM" of t in the site's zone, for a datetime-local input ("" for 0). */
static const char *local_input(struct arena *a, int64_t t)
{
    struct buf b;
    const char *s;

    if (!t)
        return "";
    buf_init(&b, 64);
    time_add_iso8601(&b, t);
    s = buf_error(&b) == CONG_OK && b.len >= 16 ? arena_strndup(a, b.data, 16) : "";
    buf_release(&b);
    return s;
}

/* The edit page of d (id 0: a new one) with status and an error. */
static void edit_page(struct web *w, struct http_request *req, struct http_response *res,
                      const struct web_viewer *v, int status, const struct document *d,
                      const char *error)
{
    struct arena *a = req->arena;
    const char *notice = ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    json_t *data = web_view_extend(
        web_admin_page_data(w, req, d->id ? d->number : _("Thêm văn bản"), v),
        (struct web_kv[]){WEB_I("id", d->id),
                          WEB_S("action", d->id
                                              ? arena_printf(a, DOCS_PATH "/%lld", (long long)d->id)
                                              : DOCS_PATH "/moi"),
                          WEB_S("public_url", d->id ? content_document_path(a, d) : NULL),
                          WEB_S("number", d->number),
                          WEB_S("title", d->title),
                          WEB_S("kind", d->kind),
                          WEB_S("issuer", d->issuer),
                          WEB_N("kinds", names_view(web_store(w, req), a, DOCUMENT_KINDS,
                                                    false)),
                          WEB_N("issuers", names_view(web_store(w, req), a, DOCUMENT_ISSUERS,
                                                      false)),
                          WEB_S("field", d->field),
                          WEB_S("signer", d->signer),
                          WEB_S("issued_on", d->issued_on),
                          WEB_S("effective_on", d->effective_on),
                          WEB_S("expires_on", d->expires_on),
                          WEB_B("is_draft", d->status == DOCUMENT_DRAFT),
                          WEB_B("is_consultation", d->status == DOCUMENT_CONSULTATION),
                          WEB_B("is_published", d->status == DOCUMENT_PUBLISHED),
                          WEB_S("until", local_input(a, d->consultation_until)),
                          WEB_S("comment_summary", d->comment_summary),
                          WEB_N("files", file_rows(w, req, d)),
                          WEB_N("comments", comment_rows(w, req, d)),
                          WEB_J("error", error ? web_jstr(error) : NULL),
                          WEB_J("notice", notice ? web_jstr(notice) : NULL),
                          WEB_END});

    web_render_private(w, req, res, status, "admin-document", data);
    json_decref(data);
}

/* Loads document params[0] for the admin; false after answering. */
static bool load_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                            struct document *d)
{
    int64_t id;
    enum cong_err rc;

    if (!web_parse_id(req->params[0], false, &id)) {
        web_not_found(w, req, res);
        return false;
    }
    rc = store_get_document(web_store(w, req), req->arena, id, d);
    if (rc) {
        web_admin_fail(w, req, res, rc, NULL);
        return false;
    }
    return true;
}

/* GET /quan-tri/van-ban/moi and /quan-tri/van-ban/ID. */
static void h_edit(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct document d = {.status = DOCUMENT_DRAFT};

    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    if (req->nparams && !load_or_respond(w, req, res, &d))
        return;
    edit_page(w, req, res, &v, 200, &d, NULL);
}

/* The form's fields over d; false (with *error) when one cannot be read. */
static bool read_form(struct http_request *req, struct document *d, const char **error)
{
    const char *status = http_request_form_value(req, "status");
    const char *until = http_request_form_value(req, "until");

#define FORM_TEXT(f) d->f = http_request_form_value(req, #f) ? http_request_form_value(req, #f) : ""
    FORM_TEXT(number);
    FORM_TEXT(title);
    FORM_TEXT(kind);
    FORM_TEXT(issuer);
    FORM_TEXT(field);
    FORM_TEXT(signer);
    FORM_TEXT(issued_on);
    FORM_TEXT(effective_on);
    FORM_TEXT(expires_on);
    FORM_TEXT(comment_summary);
#undef FORM_TEXT
    if (status && !content_document_status_parse(status, &d->status)) {
        *error = _("Trạng thái không hợp lệ.");
        return false;
    }
    d->consultation_until = 0;
    if (until && *until && time_parse_iso8601(until, &d->consultation_until) != CONG_OK) {
        *error = _("Hạn góp ý không hợp lệ.");
        return false;
    }
    return true;
}

/* Saves the form as d (a new one when d->id is 0). */
static void save(struct web *w, struct http_request *req, struct http_response *res,
                 const struct web_viewer *v, struct document *d)
{
    struct content_actor who;
    struct cong_error err = {0};
    const char *error = NULL;
    int64_t id;
    enum cong_err rc;

    web_actor(v, req, &who);
    if (!read_form(req, d, &error)) {
        edit_page(w, req, res, v, 400, d, error);
        return;
    }
    rc = content_document_save(web_store(w, req), &who, d, NULL, 0, false, web_now(w), &id, &err);
    if (rc && web_status_of(rc) < 500) {
        edit_page(w, req, res, v, web_status_of(rc), d, err.msg);
        return;
    }
    if (rc) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res, arena_printf(req->arena, DOCS_PATH "/%lld?tb=luu", (long long)id));
}

/* Attaches the uploaded "file" to d. */
static void upload(struct web *w, struct http_request *req, struct http_response *res,
                   const struct web_viewer *v, const struct document *d)
{
    const struct http_file *f = http_request_file(req, "file");
    struct content_actor who;
    struct cong_error err = {0};
    int64_t media;
    enum cong_err rc;

    web_actor(v, req, &who);
    rc = f ? content_document_attach(web_store(w, req), &who, d->id, f->data, f->len, f->filename,
                                     web_media_max(w), web_now(w), &media, &err)
           : cong_error_set(&err, CONG_EINVAL, _("Chọn một tệp để đính kèm."));
    if (rc && web_status_of(rc) < 500) {
        edit_page(w, req, res, v, web_status_of(rc), d, err.msg);
        return;
    }
    if (rc) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res, arena_printf(req->arena, DOCS_PATH "/%lld?tb=tep", (long long)d->id));
}

/* Publishes or hides a comment, or deletes the document. */
static void act(struct web *w, struct http_request *req, struct http_response *res,
                const struct web_viewer *v, const struct document *d, const char *action)
{
    struct content_actor who;
    struct cong_error err = {0};
    const char *cid = http_request_form_value(req, "comment");
    int64_t id = 0;
    enum cong_err rc;

    web_actor(v, req, &who);
    if (!strcmp(action, "delete")) {
        rc = content_document_delete(web_store(w, req), &who, d->id, web_now(w), &err);
    } else if (!cid || !web_parse_id(cid, false, &id)) {
        rc = cong_error_set(&err, CONG_EINVAL, _("Không có góp ý này."));
    } else {
        rc = content_document_moderate(
            web_store(w, req), &who, id,
            !strcmp(action, "publish") ? COMMENT_PUBLISHED : COMMENT_HIDDEN, web_now(w), &err);
    }
    if (rc && web_status_of(rc) < 500) {
        edit_page(w, req, res, v, web_status_of(rc), d, err.msg);
        return;
    }
    if (rc) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    if (!strcmp(action, "delete"))
        web_see_other(req, res, DOCS_PATH "?tb=xoa");
    else
        web_see_other(req, res,
                      arena_printf(req->arena, DOCS_PATH "/%lld?tb=duyet", (long long)d->id));
}

/* POST /quan-tri/van-ban/moi and /quan-tri/van-ban/ID. */
static void h_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct document d = {.status = DOCUMENT_DRAFT};
    const char *action;

    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    if (req->nparams && !load_or_respond(w, req, res, &d))
        return;
    action = http_request_form_value(req, "action");
    if (!action || !strcmp(action, "save"))
        save(w, req, res, &v, &d);
    else if (d.id && !strcmp(action, "upload"))
        upload(w, req, res, &v, &d);
    else if (d.id &&
             (!strcmp(action, "delete") || !strcmp(action, "publish") || !strcmp(action, "hide")))
        act(w, req, res, &v, &d, action);
    else
        edit_page(w, req, res, &v, 400, &d, _("Thao tác không hợp lệ."));
}

static void h_one(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method == HTTP_POST)
        h_post(req, res, ctx);
    else
        h_edit(req, res, ctx);
}

/* POST /quan-tri/van-ban/danh-muc: the kinds and issuing bodies the forms offer (admins). */
static void h_lists(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    web_actor(&v, req, &who);
    rc = content_document_lists_set(web_store(w, req), &who,
                                    http_request_form_value(req, "kinds"),
                                    http_request_form_value(req, "issuers"), &err);
    if (rc == CONG_EINVAL || rc == CONG_EPERM) {
        web_admin_refuse(w, req, res, rc, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res, DOCS_PATH "?tb=danh-muc");
}

enum cong_err admin_documents_add_routes(struct web *w, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_POST, DOCS_PATH "/danh-muc", h_lists, w)) ||
        (rc = http_router_add(r, HTTP_GET, DOCS_PATH, h_list, w)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, DOCS_PATH "/moi", h_one, w)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, DOCS_PATH "/:id", h_one, w)))
        return rc;
    return CONG_OK;
}
