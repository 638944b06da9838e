/*
 * The admin's questions and answers (/quan-tri/hoi-dap): editors see the questions waiting
 * (or those published, hidden, or all: ?trang_thai=), open one (/quan-tri/hoi-dap/ID), write or
 * correct the answer, and publish or hide it; or remove it. The asker's e-mail and address
 * show here only. The rules (an answer before publishing, no way back to waiting) are the
 * content module's (civic.h), which also writes the audit log.
 */
#include <string.h>

#include "../content/civic.h"
#include "../i18n/i18n.h"
#include "../web/web.h"
#include "admin_int.h"

#define QUESTIONS_PATH      "/quan-tri/hoi-dap"
#define ADMIN_QUESTIONS_MAX 200

static const struct admin_notice notices[] = {
    {"luu", N_("Đã lưu câu trả lời.")},
    {"dang", N_("Đã đăng câu hỏi và câu trả lời.")},
    {"an", N_("Đã ẩn câu hỏi.")},
    {"xoa", N_("Đã xóa câu hỏi.")},
};

static json_t *question_row(struct arena *a, const struct question *q)
{
    return web_view((struct web_kv[]){
        WEB_I("id", q->id), WEB_S("title", q->title), WEB_S("name", q->name),
        WEB_S("email", q->email), WEB_DATETIME("asked", q->asked_at),
        WEB_S("status", content_question_status_name(q->status)),
        WEB_S("status_label", content_question_status_label(q->status)),
        WEB_S("url", arena_printf(a, QUESTIONS_PATH "/%lld", (long long)q->id)), WEB_END});
}

/* The ?trang_thai= filter as a status (-1: all); pending when absent or unknown. */
static int status_filter(struct http_request *req, const char **name)
{
    const char *s = http_request_query(req, "trang_thai");
    enum question_status st;

    if (s && !strcmp(s, "all")) {
        *name = "all";
        return -1;
    }
    if (!s || !content_question_status_parse(s, &st))
        st = QUESTION_PENDING;
    *name = content_question_status_name(st);
    return (int)st;
}

static void h_list(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct question_query q = {.limit = ADMIN_QUESTIONS_MAX};
    struct question *list;
    const char *filter, *notice;
    size_t n, total;
    json_t *rows, *data;
    bool ok;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    q.status = status_filter(req, &filter);
    rc = store_list_questions(web_store(w, req), req->arena, &q, &list, &n, &total);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    rows = json_array();
    ok = rows != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(rows, question_row(req->arena, &list[i]));
    if (!ok) {
        json_decref(rows);
        rows = NULL;
    }
    notice = ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    data = web_view_extend(
        web_admin_page_data(w, req, _("Hỏi đáp"), &v),
        (struct web_kv[]){WEB_N("questions", rows), WEB_I("total", total), WEB_B("more", total > n),
                          WEB_S("filter", filter), WEB_B("f_pending", !strcmp(filter, "pending")),
                          WEB_B("f_published", !strcmp(filter, "published")),
                          WEB_B("f_hidden", !strcmp(filter, "hidden")),
                          WEB_B("f_all", !strcmp(filter, "all")),
                          WEB_J("notice", notice ? web_jstr(notice) : NULL), WEB_END});
    web_render_private(w, req, res, 200, "admin-questions", data);
    json_decref(data);
}

static void question_page(struct web *w, struct http_request *req, struct http_response *res,
                          const struct web_viewer *v, const struct question *q, int status,
                          bool typed, const char *error)
{
    const char *notice = ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    json_t *data = web_view_extend(
        web_admin_page_data(w, req, _("Trả lời câu hỏi"), v),
        (struct web_kv[]){
            WEB_N("question", question_row(req->arena, q)), WEB_S("body", q->body),
            WEB_S("sender", q->sender), WEB_S("answered_by", q->answered_by),
            WEB_S("form_title", typed ? http_request_form_value(req, "title") : q->title),
            WEB_S("answer", typed ? http_request_form_value(req, "answer") : q->answer),
            WEB_B("is_published", q->status == QUESTION_PUBLISHED),
            WEB_B("is_hidden", q->status == QUESTION_HIDDEN),
            WEB_J("error", error ? web_jstr(error) : NULL),
            WEB_J("notice", notice ? web_jstr(notice) : NULL), WEB_END});

    web_render_private(w, req, res, status, "admin-question", data);
    json_decref(data);
}

/* What a POST asks: save, publish, hide or delete; the notice code it ends with. */
static enum cong_err apply(struct web *w, struct http_request *req, const struct web_viewer *v,
                           int64_t id, const char **tb, struct cong_error *err)
{
    const char *action = http_request_form_value(req, "action");
    struct content_actor who;
    struct question_change ch = {0};

    web_actor(v, req, &who);
    if (action && !strcmp(action, "delete")) {
        *tb = "xoa";
        return content_question_delete(web_store(w, req), &who, id, err);
    }
    ch.title = http_request_form_value(req, "title");
    ch.answer = http_request_form_value(req, "answer");
    *tb = "luu";
    if (action && !strcmp(action, "publish")) {
        ch.set_status = true;
        ch.status = QUESTION_PUBLISHED;
        *tb = "dang";
    } else if (action && !strcmp(action, "hide")) {
        ch.set_status = true;
        ch.status = QUESTION_HIDDEN;
        *tb = "an";
    }
    return content_question_change(web_store(w, req), &who, id, &ch, web_now(w), err);
}

static void h_one(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct question q;
    struct cong_error err = {0};
    const char *tb = "luu";
    int64_t id;
    enum cong_err rc = CONG_ENOTFOUND;

    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    if (!web_parse_id(req->params[0], false, &id) ||
        (rc = store_get_question(web_store(w, req), req->arena, id, &q)) == CONG_ENOTFOUND) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _("Không có câu hỏi này."));
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    if (req->method != HTTP_POST) {
        question_page(w, req, res, &v, &q, 200, false, NULL);
        return;
    }
    rc = apply(w, req, &v, id, &tb, &err);
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        question_page(w, req, res, &v, &q, web_status_of(rc), true, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    if (!strcmp(tb, "xoa"))
        web_see_other(req, res, QUESTIONS_PATH "?tb=xoa");
    else
        web_see_other(req, res,
                      arena_printf(req->arena, QUESTIONS_PATH "/%lld?tb=%s", (long long)id, tb));
}

enum cong_err admin_questions_routes(struct web *w, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, QUESTIONS_PATH, h_list, w)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, QUESTIONS_PATH "/:id", h_one, w)))
        return rc;
    return CONG_OK;
}
