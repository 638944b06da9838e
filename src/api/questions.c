/*
 * Questions and answers in the JSON API: GET /api/v1/questions (the published ones, ?q= to
 * search them, paged; editors may ask for ?status=pending|hidden|all), POST by anyone (the
 * question waits for moderation; throttled per address, 429 with Retry-After past the limit),
 * GET /api/v1/questions/ID (a question nobody published does not exist for the public), and
 * PATCH {title, answer, status} or DELETE by editors. The asker's e-mail and address are shown
 * to editors only. The rules are the content module's (civic.h).
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <string.h>

#include "../content/civic.h"

static const char msg_no_question[] = N_("Không có câu hỏi này.");

static const struct web_field ask_fields[] = {
    {"name", WEB_TEXT, WEB_REQUIRED, 0},
    {"email", WEB_TEXT, WEB_REQUIRED, 0},
    {"title", WEB_TEXT, WEB_REQUIRED, 0},
    {"body", WEB_TEXT, WEB_REQUIRED, 0},
    {NULL, 0, 0, 0},
};
static const struct web_field change_fields[] = {
    {"title", WEB_TEXT, 0, 0},
    {"answer", WEB_TEXT, 0, 0},
    {"status", WEB_TEXT, 0, 20},
    {NULL, 0, 0, 0},
};

static bool is_editor(const struct web_viewer *v)
{
    return auth_role_at_least(v->role, AUTH_EDITOR);
}

/* One question as the API shows it: the asker's e-mail and address only to editors. */
static json_t *question_view(const struct question *q, bool editor)
{
    json_t *o = web_view((struct web_kv[]){
        WEB_I("id", q->id), WEB_S("status", content_question_status_name(q->status)),
        WEB_S("name", q->name), WEB_S("title", q->title), WEB_S("body", q->body),
        WEB_S("answer", q->answer), WEB_ISO("asked_at", q->asked_at),
        WEB_ISO("answered_at", q->answered_at), WEB_END});

    if (o && editor)
        o = web_view_extend(o, (struct web_kv[]){WEB_S("email", q->email),
                                                 WEB_S("answered_by", q->answered_by),
                                                 WEB_S("sender", q->sender), WEB_END});
    if (o && q->status == QUESTION_PUBLISHED) {
        char url[40];
        (void)snprintf(url, sizeof(url), "/hoi-dap/%lld", (long long)q->id);
        o = web_view_extend(o, (struct web_kv[]){WEB_S("url", url), WEB_END});
    }
    return o;
}

/* Question id as v may see it into *q; false after answering 404 (also for what the public
   may not see) or 503. */
static bool question_or_respond(struct api *api, struct http_request *req,
                                struct http_response *res, const struct web_viewer *v, int64_t id,
                                struct question *q)
{
    enum cong_err rc = store_get_question(web_store(api->web, req), req->arena, id, q);

    if (rc == CONG_OK && (q->status == QUESTION_PUBLISHED || is_editor(v)))
        return true;
    if (rc == CONG_OK || rc == CONG_ENOTFOUND)
        web_json_error(res, 404, "not_found", NULL, _(msg_no_question));
    else
        web_json_fail(res, rc, NULL);
    return false;
}

/* ?status= into q->status: published for everyone, the others for editors; false after
   answering. */
static bool status_filter_or_respond(struct http_request *req, struct http_response *res,
                                     const struct web_viewer *v, struct question_query *q)
{
    const char *s = http_request_query(req, "status");
    enum question_status st;

    q->status = QUESTION_PUBLISHED;
    if (!s || !strcmp(s, "published"))
        return true;
    if (!is_editor(v)) {
        web_json_error(res, v->logged_in ? 403 : 401, v->logged_in ? "forbidden" : "unauthorized",
                       "status", _("Chỉ biên tập viên xem được câu hỏi chưa đăng."));
        return false;
    }
    if (!strcmp(s, "all")) {
        q->status = -1;
        return true;
    }
    if (!content_question_status_parse(s, &st)) {
        web_json_error(res, 400, "invalid_field", "status",
                       _("Trạng thái là pending, published, hidden hoặc all."));
        return false;
    }
    q->status = (int)st;
    return true;
}

static void h_list(struct http_request *req, struct http_response *res, struct api *api)
{
    struct question_query q = {0};
    struct web_viewer v;
    struct question *list;
    int64_t page, per_page;
    size_t n, total;
    json_t *items;
    bool ok;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_GUEST, &v) ||
        !status_filter_or_respond(req, res, &v, &q) ||
        !api_paging_or_respond(req, res, 20, 100, &page, &per_page))
        return;
    if (content_question_terms(req->arena, http_request_query(req, "q"), &q) != CONG_OK) {
        web_json_error(res, 400, "invalid_field", "q", _("Từ khóa không phải văn bản UTF-8 hợp lệ."));
        return;
    }
    q.offset = (size_t)(page - 1) * (size_t)per_page;
    q.limit = (size_t)per_page;
    rc = store_list_questions(web_store(api->web, req), req->arena, &q, &list, &n, &total);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    items = json_array();
    ok = items != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(items, question_view(&list[i], is_editor(&v)));
    if (!ok) {
        json_decref(items);
        items = NULL;
    }
    api_list(res, items, page, per_page, total);
}

static void h_ask(struct http_request *req, struct http_response *res, struct api *api)
{
    struct web_viewer v;
    struct question_input in;
    struct cong_error err = {0};
    int64_t id = 0, retry = 0;
    char seconds[24];
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_GUEST, &v))
        return;
    if (!(o = api_body_or_respond(req, res, ask_fields)))
        return;
    in = (struct question_input){web_json_text(o, "name"), web_json_text(o, "email"),
                                 web_json_text(o, "title"), web_json_text(o, "body"),
                                 req->remote_addr ? req->remote_addr : ""};
    rc = content_question_ask(web_store(api->web, req), &in, web_now(api->web), &id, &retry, &err);
    json_decref(o);
    if (rc == CONG_EBUSY && retry > 0) {
        (void)snprintf(seconds, sizeof(seconds), "%lld", (long long)retry);
        http_response_header(res, "Retry-After", seconds);
        web_json_error(res, 429, "too_many_requests", NULL, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    /* the asker learns it was received, not what it looks like: it is nobody's page yet */
    api_created(res, NULL,
                web_view((struct web_kv[]){WEB_I("id", id), WEB_S("status", "pending"),
                                           WEB_S("message", _("Câu hỏi đã được gửi và đang chờ "
                                                            "trả lời.")),
                                           WEB_END}));
}

static void h_change(struct http_request *req, struct http_response *res, struct api *api,
                     int64_t id)
{
    struct question_change ch = {0};
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    struct question q;
    const char *status;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_EDITOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!(o = api_body_or_respond(req, res, change_fields)))
        return;
    ch.title = web_json_text(o, "title");
    ch.answer = web_json_text(o, "answer");
    status = web_json_text(o, "status");
    if (status &&
        (!content_question_status_parse(status, &ch.status) || ch.status == QUESTION_PENDING)) {
        json_decref(o);
        web_json_error(res, 400, "invalid_field", "status", _("Trạng thái là published hoặc hidden."));
        return;
    }
    ch.set_status = status != NULL;
    rc = content_question_change(web_store(api->web, req), &who, id, &ch, web_now(api->web), &err);
    json_decref(o);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    if (question_or_respond(api, req, res, &v, id, &q))
        api_answer(res, 200, question_view(&q, true));
}

static void h_delete(struct http_request *req, struct http_response *res, struct api *api,
                     int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_EDITOR, &v))
        return;
    web_actor(&v, req, &who);
    rc = content_question_delete(web_store(api->web, req), &who, id, &err);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_deleted(res, id);
}

static void h_get(struct http_request *req, struct http_response *res, struct api *api, int64_t id)
{
    struct web_viewer v;
    struct question q;

    if (!web_api_or_respond(api->web, req, res, AUTH_GUEST, &v))
        return;
    if (question_or_respond(api, req, res, &v, id, &q))
        api_answer(res, 200, question_view(&q, is_editor(&v)));
}

static void r_questions(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_list(req, res, ctx);
    else if (req->method == HTTP_POST)
        h_ask(req, res, ctx);
    else
        web_json_method_not_allowed(res, "GET, HEAD, POST");
}

static void r_question(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id;

    if (!web_parse_id(req->params[0], false, &id)) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_question));
        return;
    }
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_get(req, res, ctx, id);
    else if (req->method == HTTP_PATCH)
        h_change(req, res, ctx, id);
    else if (req->method == HTTP_DELETE)
        h_delete(req, res, ctx, id);
    else
        web_json_method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
}

const struct api_route api_questions_table[] = {
    {"/api/v1/questions", r_questions, "questions",
     {{HTTP_GET, "Answered questions, newest first (?q=TEXT); editors may ask ?status=.",
       AUTH_GUEST, NULL, 200, false},
      {HTTP_POST, "Asks a question (anyone; it waits for an editor).", AUTH_GUEST, ask_fields,
       201, false}}},
    {"/api/v1/questions/:id", r_question, "questions",
     {{HTTP_GET, "One answered question (any, for editors).", AUTH_GUEST, NULL, 200, false},
      {HTTP_PATCH, "Answers, publishes or hides a question.", AUTH_EDITOR, change_fields, 200,
       false},
      {HTTP_DELETE, "Deletes a question.", AUTH_EDITOR, NULL, 200, false}}},
    {NULL, NULL, NULL, {{0}}},
};
