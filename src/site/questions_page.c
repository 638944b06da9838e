/*
 * Questions and answers for the public: /hoi-dap lists the answered questions (newest answer
 * first, ?q= searched without regard to accents, ?trang= paged), /hoi-dap/ID shows one, and
 * /hoi-dap/gui is the form to ask, with /hoi-dap/da-gui its thank-you page. A question is
 * never public before an editor publishes it with its answer.
 *
 * The form takes no account and no third-party service, so it defends itself:
 * - it cannot be posted from another site: GET sets a random token in an HttpOnly,
 *   SameSite=Strict cookie scoped to /hoi-dap and writes it into the form; a POST must bring
 *   both, equal (the login form's double submit);
 * - a minimum fill time: the form carries the time it was given out, signed with the
 *   portal's key and bound to the token (content_form_stamp), so a POST sooner than
 *   FORM_MIN_SECONDS after it, or with a forged time, is refused;
 * - a honeypot: a field people do not see (and are told to leave empty); a form that fills
 *   it gets the thank-you page and nothing is kept, so a robot learns nothing;
 * - size limits and the per-address rate limit are the content module's (civic.h), and every
 *   question waits for moderation.
 */
#include "site_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <string.h>

#include "../content/civic.h"

#define FORM_COOKIE        "cong_hoi_dap"
#define FORM_PATH          "/hoi-dap"
#define FORM_MIN_SECONDS   5
#define FORM_MAX_SECONDS   (24 * 3600)
#define QUESTIONS_PER_PAGE 10

static const char msg_expired[] =
    N_("Biểu mẫu đã hết hạn hoặc không hợp lệ. Xin vui lòng kiểm tra lại nội dung và gửi lại.");
static const char msg_too_fast[] =
    N_("Câu hỏi được gửi quá nhanh sau khi mở biểu mẫu. Xin vui lòng kiểm tra lại nội dung rồi "
    "gửi lại sau vài giây.");

/* text as paragraphs (its non-empty lines); NULL when out of memory. */
static json_t *paragraphs(const char *text)
{
    json_t *list = json_array();
    const char *p = text ? text : "";
    bool ok = list != NULL;

    while (ok && *p) {
        size_t n = strcspn(p, "\n"), len = n;
        const char *t = text_trim(p, &len);
        if (len > 0)
            ok = web_list_add(list, json_stringn(t, len));
        p += n;
        if (*p)
            p++;
    }
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    return list;
}

static json_t *question_view(const struct question *q)
{
    char url[40];

    (void)snprintf(url, sizeof(url), "/hoi-dap/%lld", (long long)q->id);
    return web_view((struct web_kv[]){
        WEB_I("id", q->id), WEB_S("url", url), WEB_S("title", q->title), WEB_S("name", q->name),
        WEB_DATE("asked_date", q->asked_at), WEB_ISO("asked_iso", q->asked_at),
        WEB_DATE("answered_date", q->answered_at), WEB_ISO("answered_iso", q->answered_at),
        WEB_N("body", paragraphs(q->body)), WEB_N("answer", paragraphs(q->answer)), WEB_END});
}

/* The list page's URL for page and query (NULL: none), in the arena. */
static const char *list_url(struct arena *a, const char *query, int64_t page)
{
    struct buf b;
    const char *out;

    buf_init(&b, 4096);
    buf_puts(&b, "/hoi-dap");
    if (query && *query) {
        buf_puts(&b, "?q=");
        buf_add_urlenc(&b, query, strlen(query));
    }
    if (page > 1)
        buf_printf(&b, "%strang=%lld", query && *query ? "&" : "?", (long long)page);
    out = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out;
}

static void h_list(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct arena *a = req->arena;
    const char *query = http_request_query(req, "q");
    struct question_query q = {.status = QUESTION_PUBLISHED, .limit = QUESTIONS_PER_PAGE};
    struct question *list;
    int64_t page;
    size_t n, total, pages;
    json_t *ctx, *items;
    bool ok;
    enum cong_err rc;

    if (web_cached(w, req, res))
        return;
    if (!web_query_count(req, "trang", 1, 100000, &page)) {
        web_page_error(w, req, res, 400,
                       _("Số trang không hợp lệ: tham số 'trang' phải là số từ 1 trở lên."));
        return;
    }
    if (query && strlen(query) > 200) {
        web_page_error(w, req, res, 400, _("Từ khóa dài quá: tối đa 200 ký tự."));
        return;
    }
    if (content_question_terms(a, query, &q) != CONG_OK) {
        web_page_error(w, req, res, 400, _("Từ khóa không phải văn bản UTF-8 hợp lệ."));
        return;
    }
    q.offset = (size_t)(page - 1) * QUESTIONS_PER_PAGE;
    rc = store_list_questions(web_store(w, req), a, &q, &list, &n, &total);
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    pages = total ? (total + QUESTIONS_PER_PAGE - 1) / QUESTIONS_PER_PAGE : 1;
    if (page > 1 && (size_t)page > pages) {
        web_not_found(w, req, res);
        return;
    }
    items = json_array();
    ok = items != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(items, question_view(&list[i]));
    if (!ok) {
        json_decref(items);
        items = NULL;
    }
    ctx = web_page_data(
        w, req, page > 1 ? arena_printf(a, _("Hỏi đáp - Trang %lld"), (long long)page) : _("Hỏi đáp"),
        list_url(a, query, page), _("Câu hỏi của người dân và trả lời của cơ quan"), "questions", 0);
    ctx = web_view_extend(
        ctx,
        (struct web_kv[]){
            WEB_N("questions",
                  web_view((struct web_kv[]){
                      WEB_N("items", items), WEB_S("q", query), WEB_B("searched", q.nterms > 0),
                      WEB_NUM("total", total), WEB_B("empty", n == 0), WEB_I("page", page),
                      WEB_I("pages", pages),
                      WEB_J("prev_url", page > 1 ? web_jstr(list_url(a, query, page - 1)) : NULL),
                      WEB_J("next_url",
                            (size_t)page < pages ? web_jstr(list_url(a, query, page + 1)) : NULL),
                      WEB_END})),
            WEB_END});
    web_render(w, req, res, 200, "questions", ctx);
    json_decref(ctx);
}

static void h_one(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct question q;
    int64_t id;
    json_t *ctx;
    enum cong_err rc;

    if (web_cached(w, req, res))
        return;
    if (!web_parse_id(req->params[0], false, &id)) {
        web_not_found(w, req, res);
        return;
    }
    rc = store_get_question(web_store(w, req), req->arena, id, &q);
    /* what nobody published does not exist for the public */
    if (rc == CONG_ENOTFOUND || (rc == CONG_OK && q.status != QUESTION_PUBLISHED)) {
        web_not_found(w, req, res);
        return;
    }
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    ctx = web_page_data(w, req, q.title, arena_printf(req->arena, "/hoi-dap/%lld", (long long)id),
                        NULL, "questions", 0);
    ctx = web_view_extend(ctx, (struct web_kv[]){WEB_N("question", question_view(&q)), WEB_END});
    web_render(w, req, res, 200, "question", ctx);
    json_decref(ctx);
}

/* The form's token cookie: set with value, scoped to the form's pages. */
static void form_cookie(struct web *w, struct http_request *req, struct http_response *res,
                        const char *value)
{
    struct auth *au = web_auth(w, req);
    unsigned flags = HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_STRICT |
                     (au && auth_is_https(au) ? HTTP_COOKIE_SECURE : 0);

    if (http_response_cookie(req, res, FORM_COOKIE, value, FORM_PATH, -1, flags) != CONG_OK)
        log_error("site: cannot set the question form's cookie: out of memory");
}

/*
 * The question form with status, the fields as typed (from the POST, or empty) and a message.
 * Keeps the browser's token when well formed (several tabs may be open), else makes one; the
 * stamp is always new, so a form sent too soon can be sent again once read over.
 */
static void form_page(struct web *w, struct http_request *req, struct http_response *res,
                      int status, bool typed, const char *error)
{
    const char *token = http_request_cookie(req, FORM_COOKIE);
    char fresh[AUTH_SECRET_LEN + 1], stamp[CONTENT_FORM_STAMP_LEN + 1];
    int64_t now = web_now(w);
    json_t *ctx;
    enum cong_err rc;

    if (!auth_secret_is_well_formed(token)) {
        auth_secret_new(fresh);
        token = arena_strdup(req->arena, fresh);
        auth_wipe(fresh, sizeof(fresh));
    }
    rc = token ? content_form_stamp(web_root_store(w), token, now, stamp) : CONG_ENOMEM;
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
#define TYPED(k) WEB_S(k, typed ? http_request_form_value(req, k) : NULL)
    ctx = web_page_data(w, req, _("Gửi câu hỏi"), "/hoi-dap/gui",
                        _("Gửi câu hỏi tới cơ quan; câu trả lời được đăng tại mục Hỏi đáp"),
                        "question_form", 0);
    ctx = web_view_extend(
        ctx, (struct web_kv[]){
                 WEB_N("form", web_view((struct web_kv[]){
                                   WEB_S("csrf", token), WEB_I("t", now), WEB_S("stamp", stamp),
                                   TYPED("name"), TYPED("email"), TYPED("title"), TYPED("body"),
                                   WEB_I("name_max", CONTENT_QUESTION_NAME_MAX),
                                   WEB_I("title_max", CONTENT_QUESTION_TITLE_MAX),
                                   WEB_I("body_max", CONTENT_QUESTION_BODY_MAX),
                                   WEB_J("error", error ? web_jstr(error) : NULL), WEB_END})),
                 WEB_END});
#undef TYPED
    json_object_set_new(json_object_get(ctx, "page"), "noindex", json_true());
    web_render_private(w, req, res, status, "question_form", ctx);
    json_decref(ctx);
    form_cookie(w, req, res, token);
}

static void h_form(struct http_request *req, struct http_response *res, void *ctx_)
{
    form_page(ctx_, req, res, 200, false, NULL);
}

/* The form's own checks (token, stamp, fill time); false after answering. */
static bool form_checks_or_respond(struct web *w, struct http_request *req,
                                   struct http_response *res)
{
    const char *token = http_request_cookie(req, FORM_COOKIE),
               *t = http_request_form_value(req, "t");
    int64_t issued = 0, now = web_now(w);

    if (!auth_secret_is_well_formed(token) ||
        !auth_secret_equal(token, http_request_form_value(req, "csrf")) || !t ||
        !text_parse_i64(t, strlen(t), &issued) ||
        !content_form_stamp_is_valid(web_root_store(w), token, issued,
                                     http_request_form_value(req, "stamp")) ||
        now - issued > FORM_MAX_SECONDS) {
        form_page(w, req, res, 403, true, _(msg_expired));
        return false;
    }
    if (now - issued < FORM_MIN_SECONDS) {
        form_page(w, req, res, 400, true, _(msg_too_fast));
        return false;
    }
    return true;
}

static void h_ask(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct question_input in;
    struct cong_error err = {0};
    const char *trap;
    int64_t id = 0, retry = 0;
    char seconds[24];
    enum cong_err rc;

    if (http_request_form(req) != CONG_OK) {
        web_page_error(w, req, res, 400, _("Dữ liệu biểu mẫu không hợp lệ."));
        return;
    }
    if (!form_checks_or_respond(w, req, res))
        return;
    trap = http_request_form_value(req, "website");
    if (trap && *trap) {
        /* the honeypot: thanked like anyone, kept nowhere */
        web_see_other(req, res, "/hoi-dap/da-gui");
        return;
    }
    in = (struct question_input){
        http_request_form_value(req, "name"), http_request_form_value(req, "email"),
        http_request_form_value(req, "title"), http_request_form_value(req, "body"),
        req->remote_addr ? req->remote_addr : ""};
    rc = content_question_ask(web_store(w, req), &in, web_now(w), &id, &retry, &err);
    if (rc == CONG_EBUSY && retry > 0) {
        (void)snprintf(seconds, sizeof(seconds), "%lld", (long long)retry);
        http_response_header(res, "Retry-After", seconds);
        form_page(w, req, res, 429, true, err.msg);
        return;
    }
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        form_page(w, req, res, web_status_of(rc), true, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res, "/hoi-dap/da-gui");
}

static void h_thanks(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    json_t *ctx =
        web_page_data(w, req, _("Đã gửi câu hỏi"), "/hoi-dap/da-gui", NULL, "question_form", 0);

    if (ctx)
        json_object_set_new(json_object_get(ctx, "page"), "noindex", json_true());
    web_render(w, req, res, 200, "question_sent", ctx);
    json_decref(ctx);
}

enum cong_err site_questions_routes(struct web *w, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, "/hoi-dap", h_list, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/hoi-dap/gui", h_form, w)) ||
        (rc = http_router_add(r, HTTP_POST, "/hoi-dap/gui", h_ask, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/hoi-dap/da-gui", h_thanks, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/hoi-dap/:id", h_one, w)))
        return rc;
    return CONG_OK;
}
