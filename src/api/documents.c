/*
 * The documents of the JSON API (/api/v1/documents): the public's list and documents, the
 * editors' drafts, writing (POST, PATCH, DELETE), attaching files (POST /ID/files, a file
 * typed by its bytes) and the comments on drafts in consultation (GET and public POST
 * /ID/comments, editors' PATCH /ID/comments/CID). Every write goes through the content
 * module's documents functions, which hold the rules; this file turns JSON into their
 * arguments and their answers into JSON. A draft a reader may not see is a 404.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <string.h>
#include <strings.h>

#include "../content/documents.h"

#define PER_PAGE     20
#define PER_PAGE_MAX 100

static const char msg_no_document[] = N_("Không có văn bản này.");

#define DOCUMENT_FIELDS                                                                            \
    {"number", WEB_TEXT, 0, 0}, {"title", WEB_TEXT, 0, 0}, {"kind", WEB_TEXT, 0, 0},               \
        {"issuer", WEB_TEXT, 0, 0}, {"field", WEB_TEXT, 0, 0}, {"signer", WEB_TEXT, 0, 0},         \
        {"issued_on", WEB_TEXT, WEB_NULLABLE, 0}, {"effective_on", WEB_TEXT, WEB_NULLABLE, 0},     \
        {"expires_on", WEB_TEXT, WEB_NULLABLE, 0}, {"replaced_by", WEB_INT, WEB_NULLABLE, 0},      \
        {"status", WEB_TEXT, 0, 0}, {"consultation_until", WEB_TEXT, WEB_NULLABLE, 0},             \
        {"comment_summary", WEB_TEXT, 0, 0},                                                       \
    {                                                                                              \
        "files", WEB_INTS, 0, DOCUMENT_FILES_MAX                                                   \
    }
static const struct web_field document_fields[] = {DOCUMENT_FIELDS, {NULL, 0, 0, 0}};
static const struct web_field comment_fields[] = {{"name", WEB_TEXT, WEB_REQUIRED, 0},
                                                  {"email", WEB_TEXT, WEB_REQUIRED, 0},
                                                  {"body", WEB_TEXT, WEB_REQUIRED, 0},
                                                  {NULL, 0, 0, 0}};
static const struct web_field moderate_fields[] = {{"status", WEB_TEXT, WEB_REQUIRED, 0},
                                                   {NULL, 0, 0, 0}};

static bool is_editor(const struct web_viewer *v)
{
    return auth_role_at_least(v->role, AUTH_EDITOR);
}

/* Views. */

static json_t *files_view(struct http_request *req, const struct document *d,
                          const struct document_file *f, size_t n)
{
    json_t *list = json_array();

    for (size_t i = 0; list && i < n; i++) {
        if (!web_list_add(
                list, web_view((struct web_kv[]){
                          WEB_I("id", f[i].media_id), WEB_S("name", f[i].filename),
                          WEB_S("mime", f[i].mime), WEB_I("size", f[i].size),
                          WEB_S("url", arena_printf(req->arena, "/van-ban/%lld/tep/%lld",
                                                    (long long)d->id, (long long)f[i].media_id)),
                          WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *document_view(struct web *w, struct http_request *req, const struct document *d)
{
    struct document_file *f = NULL;
    size_t nf = 0;

    if (store_list_document_files(web_store(w, req), req->arena, d->id, &f, &nf) != CONG_OK)
        return NULL;
    return web_view((struct web_kv[]){
        WEB_I("id", d->id),
        WEB_S("url", content_document_path(req->arena, d)),
        WEB_S("number", d->number),
        WEB_S("title", d->title),
        WEB_S("kind", d->kind),
        WEB_S("issuer", d->issuer),
        WEB_S("field", d->field),
        WEB_S("signer", d->signer),
        WEB_J("issued_on", *d->issued_on ? json_string(d->issued_on) : json_null()),
        WEB_J("effective_on", *d->effective_on ? json_string(d->effective_on) : json_null()),
        WEB_J("expires_on", *d->expires_on ? json_string(d->expires_on) : json_null()),
        WEB_J("replaced_by", d->replaced_by ? json_integer(d->replaced_by) : json_null()),
        WEB_S("status", content_document_status_name(d->status)),
        WEB_ISO("consultation_until", d->consultation_until),
        WEB_B("open", content_document_is_open(d, web_now(w))),
        WEB_S("comment_summary", d->comment_summary),
        WEB_I("comments", d->comments),
        WEB_N("files", files_view(req, d, f, nf)),
        WEB_ISO("created_at", d->created_at),
        WEB_ISO("updated_at", d->updated_at),
        WEB_END});
}

static json_t *comment_view(const struct document_comment *c, bool editor)
{
    static const char *const names[] = {"pending", "published", "hidden"};
    json_t *o = web_view((struct web_kv[]){
        WEB_I("id", c->id), WEB_I("document", c->document_id), WEB_S("name", c->name),
        WEB_S("body", c->body), WEB_ISO("created_at", c->created_at),
        WEB_S("status", names[c->status <= COMMENT_HIDDEN ? c->status : 0]), WEB_END});

    /* the sender's address stays with the agency */
    if (o && editor && !web_view_add(o, (struct web_kv[]){WEB_S("email", c->email), WEB_END})) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Loads document id as v may see it (a draft only for editors); false: answered 404/503. */
static bool load_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                            const struct web_viewer *v, int64_t id, struct document *d)
{
    enum cong_err rc = store_get_document(web_store(w, req), req->arena, id, d);

    if (rc == CONG_ENOTFOUND ||
        (rc == CONG_OK && !content_document_is_public(d) && !is_editor(v))) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_document));
        return false;
    }
    if (rc) {
        web_json_fail(res, rc, NULL);
        return false;
    }
    return true;
}

/* Reading. */

/* The list's filters from the query string; false after answering 400. */
static bool list_ask_or_respond(struct http_request *req, struct http_response *res,
                                const struct web_viewer *v, struct document_query *q)
{
    const char *status = http_request_query(req, "status"), *text = http_request_query(req, "q");

    memset(q, 0, sizeof(*q));
    q->kind = http_request_query(req, "kind");
    q->issuer = http_request_query(req, "issuer");
    q->field = http_request_query(req, "field");
    q->year = http_request_query(req, "year");
    /* guests see the public ones; editors everything unless they ask for "public" */
    q->public_only = !is_editor(v) || (status && !strcmp(status, "public"));
    if (status && strcmp(status, "public") && strcmp(status, "all")) {
        web_json_error(res, 400, "invalid_field", "status",
                       _("Tham số 'status' chỉ nhận public hoặc all."));
        return false;
    }
    if (text && strlen(text) > 200) {
        web_json_error(res, 400, "invalid_field", "q", _("Từ khóa dài quá 200 ký tự."));
        return false;
    }
    if (content_document_query_text(req->arena, text, q) != CONG_OK) {
        web_json_fail(res, CONG_ENOMEM, NULL);
        return false;
    }
    return true;
}

static void h_list(struct web *w, struct http_request *req, struct http_response *res)
{
    struct web_viewer v;
    struct document_query q;
    struct document *docs;
    int64_t page, per_page;
    size_t n, total;
    json_t *items;
    enum cong_err rc;

    if (!web_api_or_respond(w, req, res, AUTH_GUEST, &v) ||
        !api_paging_or_respond(req, res, PER_PAGE, PER_PAGE_MAX, &page, &per_page) ||
        !list_ask_or_respond(req, res, &v, &q))
        return;
    q.offset = (size_t)((page - 1) * per_page);
    q.limit = (size_t)per_page;
    rc = store_list_documents(web_store(w, req), req->arena, &q, &docs, &n, &total);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        if (!web_list_add(items, document_view(w, req, &docs[i]))) {
            json_decref(items);
            items = NULL;
        }
    }
    api_list(res, items, page, per_page, total);
}

static void answer_document(struct web *w, struct http_request *req, struct http_response *res,
                            int64_t id, int status)
{
    struct document d;
    enum cong_err rc = store_get_document(web_store(w, req), req->arena, id, &d);

    if (rc) {
        web_json_fail(res, rc, NULL);
        return;
    }
    if (status == 201)
        api_created(res, arena_printf(req->arena, "/api/v1/documents/%lld", (long long)id),
                    document_view(w, req, &d));
    else
        api_answer(res, status, document_view(w, req, &d));
}

/* Writing. */

/* Overlays a checked body's fields on d; the files into files/nfiles. false: answered 400. */
static bool parse_edit(struct http_request *req, struct http_response *res, json_t *o,
                       struct document *d, int64_t *files, size_t *nfiles, bool *has_files)
{
    static const struct {
        const char *key;
        size_t off;
    } texts[] = {
        {"number", offsetof(struct document, number)},
        {"title", offsetof(struct document, title)},
        {"kind", offsetof(struct document, kind)},
        {"issuer", offsetof(struct document, issuer)},
        {"field", offsetof(struct document, field)},
        {"signer", offsetof(struct document, signer)},
        {"issued_on", offsetof(struct document, issued_on)},
        {"effective_on", offsetof(struct document, effective_on)},
        {"expires_on", offsetof(struct document, expires_on)},
        {"comment_summary", offsetof(struct document, comment_summary)},
    };
    const char *s;
    json_t *arr, *e;
    size_t i;

    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        if (web_json_has(o, texts[i].key)) {
            s = web_json_text(o, texts[i].key);
            *(const char **)((char *)d + texts[i].off) = s ? arena_strdup(req->arena, s) : "";
        }
    }
    if (web_json_has(o, "replaced_by") && !web_json_int(o, "replaced_by", &d->replaced_by))
        d->replaced_by = 0;
    if ((s = web_json_text(o, "status")) && !content_document_status_parse(s, &d->status)) {
        web_json_error(res, 400, "invalid_field", "status",
                       _("Trạng thái chỉ nhận draft, consultation hoặc published."));
        return false;
    }
    if (web_json_has(o, "consultation_until")) {
        s = web_json_text(o, "consultation_until");
        d->consultation_until = 0;
        if (s && time_parse_iso8601(s, &d->consultation_until) != CONG_OK) {
            web_json_error(res, 400, "invalid_field", "consultation_until",
                           _("Thời hạn góp ý phải theo ISO 8601 (2026-05-01T17:00:00+07:00)."));
            return false;
        }
    }
    *nfiles = 0;
    *has_files = (arr = json_object_get(o, "files")) != NULL;
    json_array_foreach(arr, i, e) files[(*nfiles)++] = json_integer_value(e);
    return true;
}

/* POST (id 0) and PATCH of a document. */
static void h_save(struct web *w, struct http_request *req, struct http_response *res, int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct document d = {.status = DOCUMENT_DRAFT};
    struct cong_error err = {0};
    int64_t files[DOCUMENT_FILES_MAX], saved;
    size_t nfiles;
    bool has_files;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    web_actor(&v, req, &who);
    if (id && !load_or_respond(w, req, res, &v, id, &d))
        return;
    if (!(o = api_body_or_respond(req, res, document_fields)))
        return;
    if (!parse_edit(req, res, o, &d, files, &nfiles, &has_files)) {
        json_decref(o);
        return;
    }
    json_decref(o);
    rc = content_document_save(web_store(w, req), &who, &d, files, nfiles, has_files, web_now(w),
                               &saved, &err);
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_document(w, req, res, saved, id ? 200 : 201);
}

static void h_delete(struct web *w, struct http_request *req, struct http_response *res, int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct document d;
    struct cong_error err = {0};
    enum cong_err rc;

    if (!web_api_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!load_or_respond(w, req, res, &v, id, &d))
        return;
    if ((rc = content_document_delete(web_store(w, req), &who, id, web_now(w), &err))) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_deleted(res, id);
}

/* POST /ID/files: the multipart form's "file" (its name kept) or the raw body, ?name= naming
   it; the file is attached after the document's others. */
static void h_add_file(struct web *w, struct http_request *req, struct http_response *res,
                       int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct document d;
    struct cong_error err = {0};
    const char *ct = http_request_header(req, "Content-Type"), *name;
    const void *data = req->body;
    size_t len = req->body_len;
    int64_t media;
    const struct http_file *part;
    enum cong_err rc;

    if (!web_api_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!load_or_respond(w, req, res, &v, id, &d))
        return;
    name = http_request_query(req, "name");
    if (ct && !strncasecmp(ct, "multipart/form-data", 19)) {
        if (http_request_form(req) != CONG_OK || !(part = http_request_file(req, "file"))) {
            web_json_error(res, 400, "invalid_field", "file",
                           _("Cần gửi tệp trong trường 'file' của biểu mẫu multipart."));
            return;
        }
        data = part->data;
        len = part->len;
        name = part->filename;
    }
    rc = content_document_attach(web_store(w, req), &who, id, data, len, name ? name : "",
                                 web_media_max(w), web_now(w), &media, &err);
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_document(w, req, res, id, 201);
}

/* Comments. */

static void h_comments(struct web *w, struct http_request *req, struct http_response *res,
                       int64_t id)
{
    struct web_viewer v;
    struct document d;
    struct document_comment *c;
    const char *status = http_request_query(req, "status");
    int64_t page, per_page;
    int only = COMMENT_PUBLISHED;
    size_t n, total;
    json_t *items;
    enum cong_err rc;

    if (!web_api_or_respond(w, req, res, AUTH_GUEST, &v) ||
        !api_paging_or_respond(req, res, PER_PAGE, PER_PAGE_MAX, &page, &per_page) ||
        !load_or_respond(w, req, res, &v, id, &d))
        return;
    /* only editors see what waits or was hidden; for anyone else the parameter is refused
       rather than quietly ignored */
    if (status && strcmp(status, "published")) {
        if (!is_editor(&v)) {
            web_json_error(res, 403, "forbidden", "status",
                           _("Chỉ biên tập viên xem được góp ý chưa công bố."));
            return;
        }
        only = !strcmp(status, "pending")  ? COMMENT_PENDING
               : !strcmp(status, "hidden") ? COMMENT_HIDDEN
                                           : -1;
    }
    rc = store_list_document_comments(web_store(w, req), req->arena, id, only,
                                      (size_t)((page - 1) * per_page), (size_t)per_page, &c, &n,
                                      &total);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        if (!web_list_add(items, comment_view(&c[i], is_editor(&v)))) {
            json_decref(items);
            items = NULL;
        }
    }
    api_list(res, items, page, per_page, total);
}

static void h_comment(struct web *w, struct http_request *req, struct http_response *res,
                      int64_t id)
{
    struct web_viewer v;
    struct document_comment_form f = {.filled_s = -1};
    struct cong_error err = {0};
    int64_t cid;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(w, req, res, AUTH_GUEST, &v))
        return;
    if (!(o = api_body_or_respond(req, res, comment_fields)))
        return;
    f.name = web_json_text(o, "name");
    f.email = web_json_text(o, "email");
    f.body = web_json_text(o, "body");
    f.address = req->remote_addr ? req->remote_addr : "";
    rc = content_document_comment(web_store(w, req), id, &f, web_now(w), &cid, &err);
    json_decref(o);
    if (rc == CONG_EBUSY) {
        http_response_header(res, "Retry-After", "600");
        web_json_error(res, 429, "rate_limited", NULL, err.msg);
        return;
    }
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_created(res, NULL,
                web_view((struct web_kv[]){WEB_I("id", cid), WEB_S("status", "pending"),
                                           WEB_S("message", _("Cảm ơn bạn đã góp ý. Góp ý sẽ được "
                                                            "công bố sau khi được xem xét.")),
                                           WEB_END}));
}

static void h_moderate(struct web *w, struct http_request *req, struct http_response *res,
                       int64_t id, int64_t cid)
{
    struct web_viewer v;
    struct content_actor who;
    struct document_comment c;
    struct cong_error err = {0};
    enum document_comment_status to;
    const char *s;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    web_actor(&v, req, &who);
    rc = store_get_document_comment(web_store(w, req), req->arena, cid, &c);
    if (rc == CONG_ENOTFOUND || (rc == CONG_OK && c.document_id != id)) {
        web_json_error(res, 404, "not_found", NULL, _("Không có góp ý này."));
        return;
    }
    if (rc || !(o = api_body_or_respond(req, res, moderate_fields))) {
        if (rc)
            web_json_fail(res, rc, NULL);
        return;
    }
    s = web_json_text(o, "status");
    if (!strcmp(s, "published") || !strcmp(s, "hidden")) {
        to = !strcmp(s, "published") ? COMMENT_PUBLISHED : COMMENT_HIDDEN;
        rc = content_document_moderate(web_store(w, req), &who, cid, to, web_now(w), &err);
    } else {
        rc = cong_error_field(&err, "status", CONG_EINVAL,
                              _("Trạng thái góp ý chỉ nhận published hoặc hidden."));
    }
    json_decref(o);
    if (rc == CONG_OK)
        rc = store_get_document_comment(web_store(w, req), req->arena, cid, &c);
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_answer(res, 200, comment_view(&c, true));
}

/* Routes. */

static bool id_or_respond(struct http_response *res, const char *s, int64_t *id)
{
    if (web_parse_id(s, false, id))
        return true;
    web_json_error(res, 404, "not_found", NULL, _(msg_no_document));
    return false;
}

static void r_documents(struct http_request *req, struct http_response *res, void *api)
{
    struct web *ctx = ((struct api *)api)->web;
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_list(ctx, req, res);
    else if (req->method == HTTP_POST)
        h_save(ctx, req, res, 0);
    else
        web_json_method_not_allowed(res, "GET, HEAD, POST");
}

static void r_document(struct http_request *req, struct http_response *res, void *api)
{
    struct web *ctx = ((struct api *)api)->web;
    struct web_viewer v;
    struct document d;
    int64_t id;

    if (!id_or_respond(res, req->params[0], &id))
        return;
    if (req->method & (HTTP_GET | HTTP_HEAD)) {
        if (web_api_or_respond(ctx, req, res, AUTH_GUEST, &v) &&
            load_or_respond(ctx, req, res, &v, id, &d))
            api_answer(res, 200, document_view(ctx, req, &d));
    } else if (req->method == HTTP_PATCH) {
        h_save(ctx, req, res, id);
    } else if (req->method == HTTP_DELETE) {
        h_delete(ctx, req, res, id);
    } else {
        web_json_method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
    }
}

static void r_files(struct http_request *req, struct http_response *res, void *api)
{
    struct web *ctx = ((struct api *)api)->web;
    int64_t id;

    if (!id_or_respond(res, req->params[0], &id))
        return;
    if (req->method == HTTP_POST)
        h_add_file(ctx, req, res, id);
    else
        web_json_method_not_allowed(res, "POST");
}

static void r_comments(struct http_request *req, struct http_response *res, void *api)
{
    struct web *ctx = ((struct api *)api)->web;
    int64_t id;

    if (!id_or_respond(res, req->params[0], &id))
        return;
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_comments(ctx, req, res, id);
    else if (req->method == HTTP_POST)
        h_comment(ctx, req, res, id);
    else
        web_json_method_not_allowed(res, "GET, HEAD, POST");
}

static void r_comment(struct http_request *req, struct http_response *res, void *api)
{
    struct web *ctx = ((struct api *)api)->web;
    int64_t id, cid;

    if (!id_or_respond(res, req->params[0], &id))
        return;
    if (!web_parse_id(req->params[1], false, &cid)) {
        web_json_error(res, 404, "not_found", NULL, _("Không có góp ý này."));
        return;
    }
    if (req->method == HTTP_PATCH)
        h_moderate(ctx, req, res, id, cid);
    else
        web_json_method_not_allowed(res, "PATCH");
}

const struct api_route api_documents_table[] = {
    {"/api/v1/documents", r_documents, "documents",
     {{HTTP_GET, "Public documents, newest first (?kind=&issuer=&field=&year=&q=&page=N); "
                 "editors see drafts too.",
       AUTH_GUEST, NULL, 200, false},
      {HTTP_POST, "Creates a document.", AUTH_EDITOR, document_fields, 201, false}}},
    {"/api/v1/documents/:id", r_document, "documents",
     {{HTTP_GET, "One document with its files.", AUTH_GUEST, NULL, 200, false},
      {HTTP_PATCH, "Changes a document.", AUTH_EDITOR, document_fields, 200, false},
      {HTTP_DELETE, "Deletes a document, its files and comments.", AUTH_EDITOR, NULL, 200,
       false}}},
    {"/api/v1/documents/:id/files", r_files, "documents",
     {{HTTP_POST, "Attaches a file (PDF, DOC, DOCX, XLS, XLSX, ODT, typed by its bytes).",
       AUTH_EDITOR, NULL, 201, true}}},
    {"/api/v1/documents/:id/comments", r_comments, "documents",
     {{HTTP_GET, "The published comments on a draft (all of them, for editors).", AUTH_GUEST,
       NULL, 200, false},
      {HTTP_POST, "Comments on a draft in consultation (anyone, until it closes).", AUTH_GUEST,
       comment_fields, 201, false}}},
    {"/api/v1/documents/:id/comments/:cid", r_comment, "documents",
     {{HTTP_PATCH, "Publishes or hides a comment.", AUTH_EDITOR, moderate_fields, 200,
       false}}},
    {NULL, NULL, NULL, {{0}}},
};
