/*
 * The public pages of documents (văn bản): /van-ban (the table with its filters and search),
 * /van-ban/ID-SLUG (one document, its files and published comments), its files' downloads,
 * the comment form of a draft in consultation (/van-ban/ID-SLUG/gop-y) and the RSS feed of
 * new documents. Reads go to the store of the request's site; a comment goes through the
 * content module, which holds the rules. Guests' pages are cached by the web layer, except
 * the form, which carries a per-visitor token.
 */
#include "site_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../i18n/i18n.h"
#include "../content/documents.h"

#define PER_PAGE       20
#define PAGES_MAX      10000
#define FEED_ITEMS     30
#define COMMENTS_SHOWN 200
/* the form's token cookie: a random secret, sent back in the form too (double submit), that
   also keys the signature of the time the form was shown */
#define FORM_COOKIE  "cong_gop_y"
#define FORM_MAX_AGE 86400

static const char *datetime_vn(struct arena *a, int64_t t)
{
    struct buf b;
    const char *s;

    buf_init(&b, 64);
    i18n_add_datetime(&b, t);
    s = buf_error(&b) == CONG_OK ? arena_strndup(a, b.data, b.len) : NULL;
    buf_release(&b);
    return s;
}

static const char *file_url(struct arena *a, const struct document *d, int64_t media_id)
{
    return arena_printf(a, "/van-ban/%lld/tep/%lld", (long long)d->id, (long long)media_id);
}

/* The short name of a file's type for the table ("PDF", "DOCX"...). */
static const char *type_label(const char *mime)
{
    static const struct {
        const char *mime, *label;
    } types[] = {
        {"application/pdf", "PDF"},
        {"application/msword", "DOC"},
        {"application/vnd.ms-excel", "XLS"},
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"},
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"},
        {"application/vnd.oasis.opendocument.text", "ODT"},
    };

    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (!strcmp(mime, types[i].mime))
            return types[i].label;
    }
    return _("Tệp");
}

static json_t *files_view(struct arena *a, const struct document *d, const struct document_file *f,
                          size_t n)
{
    json_t *list = json_array();

    for (size_t i = 0; list && i < n; i++) {
        if (!web_list_add(list, web_view((struct web_kv[]){
                                    WEB_S("url", file_url(a, d, f[i].media_id)),
                                    WEB_S("name", *f[i].filename ? f[i].filename : "tep"),
                                    WEB_S("type", type_label(f[i].mime)),
                                    WEB_I("kb", (f[i].size + 1023) / 1024), WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* One document as the table and the feed show it. */
static json_t *row_view(struct web *w, struct http_request *req, const struct document *d)
{
    struct arena *a = req->arena;
    struct document_file *f = NULL;
    size_t nf = 0;

    (void)store_list_document_files(web_store(w, req), a, d->id, &f, &nf);
    return web_view((struct web_kv[]){
        WEB_I("id", d->id), WEB_S("number", d->number), WEB_S("title", d->title),
        WEB_S("url", content_document_path(a, d)), WEB_S("kind", d->kind),
        WEB_S("issuer", d->issuer), WEB_S("field", d->field),
        WEB_S("issued", web_day_text(a, d->issued_on)), WEB_S("issued_iso", d->issued_on),
        WEB_B("consultation", d->status == DOCUMENT_CONSULTATION),
        WEB_B("open", content_document_is_open(d, web_now(w))), WEB_I("comments", d->comments),
        WEB_N("files", files_view(a, d, f, nf)), WEB_END});
}

/* The options of a filter: each value, the one asked selected. */
static json_t *options_view(struct web *w, struct http_request *req, const char *which,
                            const char *asked)
{
    const char **v;
    size_t n;
    json_t *list = json_array();

    if (store_document_values(web_store(w, req), req->arena, which, &v, &n) != CONG_OK)
        n = 0;
    for (size_t i = 0; list && i < n; i++) {
        if (!web_list_add(list, web_view((struct web_kv[]){
                                    WEB_S("value", v[i]),
                                    WEB_B("selected", asked && !strcmp(asked, v[i])), WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* The list's URL with its filters and page n. */
static const char *list_url(struct arena *a, const struct document_query *q, const char *text,
                            size_t n)
{
    const char *keys[] = {"loai", "co-quan", "linh-vuc", "nam", "q"};
    const char *vals[] = {q->kind, q->issuer, q->field, q->year, text};
    struct buf b;
    const char *s;
    char sep = '?';

    buf_init(&b, 4096);
    buf_puts(&b, "/van-ban");
    for (size_t i = 0; i < 5; i++) {
        if (vals[i] && *vals[i]) {
            buf_printf(&b, "%c%s=", sep, keys[i]);
            buf_add_urlenc(&b, vals[i], strlen(vals[i]));
            sep = '&';
        }
    }
    if (n > 1)
        buf_printf(&b, "%ctrang=%zu", sep, n);
    s = buf_error(&b) == CONG_OK ? arena_strndup(a, b.data, b.len) : NULL;
    buf_release(&b);
    return s;
}

/* Reads the list's query string into q and *text; false after answering 400. */
static bool list_ask_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                                struct document_query *q, const char **text, int64_t *page)
{
    const char *trang = http_request_query(req, "trang");

    memset(q, 0, sizeof(*q));
    q->kind = http_request_query(req, "loai");
    q->issuer = http_request_query(req, "co-quan");
    q->field = http_request_query(req, "linh-vuc");
    q->year = http_request_query(req, "nam");
    *text = http_request_query(req, "q");
    *page = 1;
    if (trang && (!text_parse_i64(trang, strlen(trang), page) || *page < 1 || *page > PAGES_MAX)) {
        web_page_error(w, req, res, 400,
                       _("Số trang không hợp lệ: tham số 'trang' phải là số từ 1 trở lên."));
        return false;
    }
    if (*text && strlen(*text) > 200) {
        web_page_error(w, req, res, 400, _("Từ khóa tìm kiếm dài quá 200 ký tự."));
        return false;
    }
    if (content_document_query_text(req->arena, *text, q) != CONG_OK) {
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return false;
    }
    q->public_only = true;
    q->offset = (size_t)(*page - 1) * PER_PAGE;
    q->limit = PER_PAGE;
    return true;
}

/* GET /van-ban: the table of public documents, filtered, newest first. */
static void h_list(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct arena *a = req->arena;
    struct document_query q;
    struct document *docs;
    const char *text;
    size_t n, total, pages;
    int64_t page;
    json_t *ctx, *rows;
    enum cong_err rc;

    if (web_cached(w, req, res))
        return;
    if (!list_ask_or_respond(w, req, res, &q, &text, &page))
        return;
    rc = store_list_documents(web_store(w, req), a, &q, &docs, &n, &total);
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    rows = json_array();
    for (size_t i = 0; rows && i < n; i++) {
        if (!web_list_add(rows, row_view(w, req, &docs[i]))) {
            json_decref(rows);
            rows = NULL;
        }
    }
    pages = (total + PER_PAGE - 1) / PER_PAGE;
    ctx = web_page_data(
        w, req, page > 1 ? arena_printf(a, _("Văn bản - Trang %lld"), (long long)page) : _("Văn bản"),
        list_url(a, &q, text, (size_t)page), _("Văn bản chỉ đạo, điều hành và dự thảo lấy ý kiến"),
        "documents", 0);
    ctx = web_view_extend(
        ctx,
        (struct web_kv[]){
            WEB_N("documents", rows), WEB_B("any", n > 0), WEB_NUM("total", total), WEB_S("q", text),
            WEB_B("filtered", (q.kind && *q.kind) || (q.issuer && *q.issuer) ||
                                  (q.field && *q.field) || (q.year && *q.year) || q.nwords),
            WEB_N("kinds", options_view(w, req, "kind", q.kind)),
            WEB_N("issuers", options_view(w, req, "issuer", q.issuer)),
            WEB_N("fields", options_view(w, req, "field", q.field)),
            WEB_N("years", options_view(w, req, "year", q.year)), WEB_I("page_no", page),
            WEB_I("pages", pages),
            WEB_S("prev_url", page > 1 ? list_url(a, &q, text, (size_t)page - 1) : NULL),
            WEB_S("next_url",
                  (size_t)page < pages ? list_url(a, &q, text, (size_t)page + 1) : NULL),
            WEB_END});
    web_render(w, req, res, 200, "documents", ctx);
    json_decref(ctx);
}

/*
 * Loads the public document named by "ID-SLUG" (or "ID"); false after answering (404, or
 * 503). *slug_ok whether the slug is the document's.
 */
static bool load_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                            const char *idslug, struct document *d, bool *slug_ok)
{
    const char *dash = strchr(idslug, '-');
    int64_t id;
    enum cong_err rc;

    if (!text_parse_i64(idslug, dash ? (size_t)(dash - idslug) : strlen(idslug), &id) || id <= 0) {
        web_not_found(w, req, res);
        return false;
    }
    rc = store_get_document(web_store(w, req), req->arena, id, d);
    if (rc == CONG_ENOTFOUND || (rc == CONG_OK && !content_document_is_public(d))) {
        web_not_found(w, req, res);
        return false;
    }
    if (rc) {
        web_page_fail(w, req, res, rc, NULL);
        return false;
    }
    *slug_ok = !strcmp(dash ? dash + 1 : "", d->slug);
    return true;
}

static json_t *comments_view(struct web *w, struct http_request *req, const struct document *d)
{
    struct document_comment *c;
    size_t n;
    json_t *list = json_array();

    if (store_list_document_comments(web_store(w, req), req->arena, d->id, COMMENT_PUBLISHED, 0,
                                     COMMENTS_SHOWN, &c, &n, NULL) != CONG_OK) {
        json_decref(list);
        return NULL;
    }
    for (size_t i = 0; list && i < n; i++) {
        if (!web_list_add(list, web_view((struct web_kv[]){
                                    WEB_S("name", c[i].name), WEB_S("body", c[i].body),
                                    WEB_DATETIME("date", c[i].created_at), WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* The replacing document {number, url}, or nothing. */
static json_t *replaced_view(struct web *w, struct http_request *req, const struct document *d)
{
    struct document r;

    if (!d->replaced_by ||
        store_get_document(web_store(w, req), req->arena, d->replaced_by, &r) != CONG_OK ||
        !content_document_is_public(&r))
        return NULL;
    return web_view((struct web_kv[]){
        WEB_S("number", r.number), WEB_S("url", content_document_path(req->arena, &r)), WEB_END});
}

/* The document's view for its page and the comment form. */
static json_t *document_view(struct web *w, struct http_request *req, const struct document *d)
{
    struct arena *a = req->arena;
    struct document_file *f = NULL;
    size_t nf = 0;
    int64_t now = web_now(w);

    if (store_list_document_files(web_store(w, req), a, d->id, &f, &nf) != CONG_OK)
        return NULL;
    return web_view((struct web_kv[]){
        WEB_I("id", d->id),
        WEB_S("number", d->number),
        WEB_S("title", d->title),
        WEB_S("url", content_document_path(a, d)),
        WEB_S("kind", d->kind),
        WEB_S("issuer", d->issuer),
        WEB_S("field", d->field),
        WEB_S("signer", d->signer),
        WEB_S("issued", web_day_text(a, d->issued_on)),
        WEB_S("effective", web_day_text(a, d->effective_on)),
        WEB_S("expires", web_day_text(a, d->expires_on)),
        WEB_S("status", content_document_status_label(d->status)),
        WEB_B("consultation", d->status == DOCUMENT_CONSULTATION),
        WEB_B("open", content_document_is_open(d, now)),
        WEB_S("until", d->consultation_until ? datetime_vn(a, d->consultation_until) : ""),
        WEB_S("summary", d->comment_summary),
        WEB_NUM("comment_count", d->comments),
        WEB_S("form_url", arena_printf(a, "%s/gop-y", content_document_path(a, d))),
        WEB_N("files", files_view(a, d, f, nf)),
        WEB_J("replaced_by", replaced_view(w, req, d)),
        WEB_END});
}

/* GET /van-ban/ID-SLUG. */
static void h_document(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct document d;
    bool slug_ok;
    json_t *ctx;

    if (web_cached(w, req, res))
        return;
    if (!load_or_respond(w, req, res, req->params[0], &d, &slug_ok))
        return;
    if (!slug_ok) {
        http_response_redirect(req, res, 301, content_document_path(req->arena, &d));
        return;
    }
    ctx = web_page_data(w, req, arena_printf(req->arena, "%s %s", d.number, d.title),
                        content_document_path(req->arena, &d), d.title, "documents", 0);
    ctx = web_view_extend(ctx,
                          (struct web_kv[]){WEB_N("document", document_view(w, req, &d)),
                                            WEB_N("comments", comments_view(w, req, &d)), WEB_END});
    web_render(w, req, res, 200, "document", ctx);
    json_decref(ctx);
}

/* GET /van-ban/ID/tep/MEDIA: a file of a public document, under its own name. */
static void h_file(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct arena *a = req->arena;
    struct document d;
    struct document_file *f;
    struct media m;
    struct buf cd;
    int64_t media_id;
    size_t n, i;
    bool slug_ok;

    if (!load_or_respond(w, req, res, req->params[0], &d, &slug_ok))
        return;
    if (!web_parse_id(req->params[1], false, &media_id) ||
        store_list_document_files(web_store(w, req), a, d.id, &f, &n) != CONG_OK) {
        web_not_found(w, req, res);
        return;
    }
    for (i = 0; i < n && f[i].media_id != media_id; i++)
        ;
    if (i == n || store_get_media(web_store(w, req), a, media_id, &m) != CONG_OK) {
        web_not_found(w, req, res);
        return;
    }
    /* the original name for the save dialog (RFC 6266: an ASCII fallback and the UTF-8
       name); a PDF opens in the browser, the others are saved */
    buf_init(&cd, 2048);
    buf_puts(&cd, strcmp(m.mime, "application/pdf") ? "attachment" : "inline");
    buf_puts(&cd, "; filename=\"");
    for (const char *p = m.filename; *p; p++)
        buf_putc(&cd, (*p & 0x80) || *p == '"' || *p == '\\' || *p < 0x20 ? '_' : *p);
    buf_puts(&cd, "\"; filename*=UTF-8''");
    buf_add_urlenc(&cd, m.filename, strlen(m.filename));
    http_response_header(res, "Content-Disposition", arena_strndup(a, cd.data, cd.len));
    buf_release(&cd);
    http_response_header(res, "X-Content-Type-Options", "nosniff");
    http_response_header(res, "Cache-Control", "public, max-age=3600");
    res->status = 200;
    res->content_type = m.mime;
    res->data = m.data;
    res->data_len = m.size;
}

/* The form's signature of shown_at for document id, keyed by the visitor's cookie, as hex. */
static const char *form_sig(struct arena *a, const char *secret, int64_t id, int64_t shown_at)
{
    unsigned char mac[16];
    char msg[64], *hex = arena_alloc(a, sizeof(mac) * 2 + 1);
    int k = snprintf(msg, sizeof(msg), "gop-y:%lld:%lld", (long long)id, (long long)shown_at);

    if (!hex || k < 0 || (size_t)k >= sizeof(msg) || sodium_init() < 0)
        return NULL;
    crypto_generichash(mac, sizeof(mac), (const unsigned char *)msg, (size_t)k,
                       (const unsigned char *)secret, strlen(secret));
    return sodium_bin2hex(hex, sizeof(mac) * 2 + 1, mac, sizeof(mac));
}

/* The visitor's form secret: the cookie's if well formed, else a new one (set on res). */
static const char *form_secret(struct http_request *req, struct http_response *res)
{
    const char *s = http_request_cookie(req, FORM_COOKIE);
    char fresh[AUTH_SECRET_LEN + 1];

    if (auth_secret_is_well_formed(s))
        return s;
    auth_secret_new(fresh);
    s = arena_strdup(req->arena, fresh);
    auth_wipe(fresh, sizeof(fresh));
    if (!s || http_response_cookie(req, res, FORM_COOKIE, s, "/van-ban", FORM_MAX_AGE,
                                   HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_LAX) != CONG_OK)
        return NULL;
    return s;
}

/* What the form shows back: the visitor's values and a message. */
struct form_state {
    const char *name, *email, *body, *error, *error_field;
    bool sent;
};

/* Renders the comment page of d with status: the form (or why there is none), or thanks. */
static void form_page(struct web *w, struct http_request *req, struct http_response *res,
                      int status, const struct document *d, const struct form_state *fs)
{
    struct arena *a = req->arena;
    int64_t now = web_now(w);
    const char *secret = form_secret(req, res),
               *sig = secret ? form_sig(a, secret, d->id, now) : NULL;
    json_t *ctx;

    ctx = web_page_data(w, req, arena_printf(a, _("Góp ý dự thảo %s"), d->number),
                        arena_printf(a, "%s/gop-y", content_document_path(a, d)), d->title,
                        "documents", 0);
    ctx = web_view_extend(
        ctx, (struct web_kv[]){
                 WEB_N("document", document_view(w, req, d)),
                 WEB_S("token", sig ? arena_printf(a, "%lld.%s", (long long)now, sig) : NULL),
                 WEB_S("name", fs->name), WEB_S("email", fs->email), WEB_S("body", fs->body),
                 WEB_S("error", fs->error), WEB_S("error_field", fs->error_field),
                 WEB_B("sent", fs->sent), WEB_I("body_max", DOCUMENT_COMMENT_MAX), WEB_END});
    if (!sig) {
        json_decref(ctx);
        ctx = NULL;
    }
    web_render_private(w, req, res, status, "document-comment", ctx);
    json_decref(ctx);
}

/*
 * The seconds since the form was shown, from its token "SHOWN_AT.SIG" signed with the
 * cookie's secret; -2 when the token or the cookie is missing or wrong (a cross-site post,
 * an expired form).
 */
static int64_t form_age(struct http_request *req, int64_t id, int64_t now)
{
    const char *secret = http_request_cookie(req, FORM_COOKIE);
    const char *token = http_request_form_value(req, "token"), *dot, *sig;
    int64_t shown;

    if (!auth_secret_is_well_formed(secret) || !token || !(dot = strchr(token, '.')) ||
        !text_parse_i64(token, (size_t)(dot - token), &shown) || shown > now ||
        now - shown > FORM_MAX_AGE)
        return -2;
    sig = form_sig(req->arena, secret, id, shown);
    if (!sig || strlen(dot + 1) != strlen(sig) || sodium_memcmp(dot + 1, sig, strlen(sig)) != 0)
        return -2;
    return now - shown;
}

/* POST /van-ban/ID-SLUG/gop-y: a comment, checked by the content module. */
static void post_comment(struct web *w, struct http_request *req, struct http_response *res,
                         const struct document *d)
{
    struct document_comment_form f = {0};
    struct form_state fs = {0};
    struct cong_error err = {0};
    const char *trap;
    int64_t id, now = web_now(w);
    enum cong_err rc;

    if (http_request_form(req) != CONG_OK) {
        web_page_error(w, req, res, 400, _("Biểu mẫu gửi lên không đọc được."));
        return;
    }
    f.filled_s = form_age(req, d->id, now);
    if (f.filled_s == -2) {
        fs.error = _("Biểu mẫu góp ý đã hết hạn hoặc không hợp lệ. Vui lòng gửi lại.");
        form_page(w, req, res, 403, d, &fs);
        return;
    }
    fs.name = f.name = http_request_form_value(req, "name");
    fs.email = f.email = http_request_form_value(req, "email");
    fs.body = f.body = http_request_form_value(req, "body");
    trap = http_request_form_value(req, "website");
    f.trap_filled = trap && *trap;
    f.address = req->remote_addr ? req->remote_addr : "";
    rc = content_document_comment(web_store(w, req), d->id, &f, now, &id, &err);
    if (rc == CONG_OK) {
        fs = (struct form_state){.sent = true};
        form_page(w, req, res, 200, d, &fs);
        return;
    }
    fs.error = err.msg[0] ? err.msg : NULL;
    fs.error_field = err.field;
    if (!fs.error || rc == CONG_ENOMEM || rc == CONG_ESTORE) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    if (rc == CONG_EBUSY)
        http_response_header(res, "Retry-After", "600");
    form_page(w, req, res, rc == CONG_EBUSY ? 429 : web_status_of(rc), d, &fs);
}

/* GET|POST /van-ban/ID-SLUG/gop-y. */
static void h_comment(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct document d;
    struct form_state fs = {0};
    bool slug_ok;

    if (!load_or_respond(w, req, res, req->params[0], &d, &slug_ok))
        return;
    if (d.status != DOCUMENT_CONSULTATION) {
        web_not_found(w, req, res);
        return;
    }
    if (req->method == HTTP_POST) {
        post_comment(w, req, res, &d);
        return;
    }
    form_page(w, req, res, 200, &d, &fs);
}

/* GET /van-ban/rss.xml: the newest public documents. */
static void h_feed(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct arena *a = req->arena;
    struct document_query q = {.public_only = true, .limit = FEED_ITEMS};
    struct document *docs;
    const char *base = web_base_url(w, req);
    size_t n;
    struct buf *b = &res->body;
    enum cong_err rc = store_list_documents(web_store(w, req), a, &q, &docs, &n, NULL);

    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    if (!*base) {
        web_page_error(w, req, res, 400,
                       _("Không xác định được tên miền của cổng: gửi kèm tiêu đề Host, hoặc nhờ "
                       "quản trị đặt base_url."));
        return;
    }
    buf_puts(b,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>");
    buf_add_xml(b, web_site_name(w, req), strlen(web_site_name(w, req)));
    buf_puts(b, " - ");
    buf_add_xml(b, _("Văn bản"), strlen(_("Văn bản")));
    buf_puts(b, "</title><link>");
    buf_add_xml(b, base, strlen(base));
    buf_puts(b, "/van-ban</link><description>");
    buf_add_xml(b, _("Văn bản mới ban hành và dự thảo lấy ý kiến"),
                strlen(_("Văn bản mới ban hành và dự thảo lấy ý kiến")));
    buf_printf(b, "</description><language>%s</language>\n", i18n_code(i18n_lang()));
    for (size_t i = 0; i < n; i++) {
        const char *url = arena_printf(a, "%s%s", base, content_document_path(a, &docs[i]));
        const char *title = arena_printf(a, "%s: %s", docs[i].number, docs[i].title);
        if (!url || !title)
            break;
        buf_puts(b, "<item><title>");
        buf_add_xml(b, title, strlen(title));
        buf_puts(b, "</title><link>");
        buf_add_xml(b, url, strlen(url));
        buf_puts(b, "</link><guid>");
        buf_add_xml(b, url, strlen(url));
        buf_puts(b, "</guid><pubDate>");
        time_add_rfc822(b, docs[i].created_at);
        buf_puts(b, "</pubDate><category>");
        buf_add_xml(b, docs[i].kind, strlen(docs[i].kind));
        buf_puts(b, "</category></item>\n");
    }
    buf_puts(b, "</channel></rss>\n");
    if (buf_error(b) != CONG_OK) {
        buf_reset(b);
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    res->status = 200;
    res->content_type = "application/rss+xml; charset=utf-8";
}

enum cong_err site_documents_add_routes(struct web *w, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, "/van-ban", h_list, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/van-ban/rss.xml", h_feed, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/van-ban/:id", h_document, w)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, "/van-ban/:id/gop-y", h_comment, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/van-ban/:id/tep/:file", h_file, w)))
        return rc;
    return CONG_OK;
}
