/*
 * The admin's work schedule (/quan-tri/lich-cong-tac): editors see one week's entries
 * (?tuan=YYYY-Www), add an entry, change one (/quan-tri/lich-cong-tac/ID) or remove one. Times
 * are typed in the site's time zone (the browser's datetime-local fields). The rules are the
 * content module's (civic.h), which also writes the audit log. This file adds the routes of
 * questions_page.c too, so the server adds the state portal's admin pages with one call.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../content/civic.h"
#include "../i18n/i18n.h"
#include "../web/web.h"
#include "admin_int.h"

#define SCHEDULE_PATH "/quan-tri/lich-cong-tac"

static const struct admin_notice notices[] = {
    {"them", N_("Đã thêm mục lịch.")},
    {"sua", N_("Đã lưu mục lịch.")},
    {"xoa", N_("Đã xóa mục lịch.")},
};

/* t in the site's zone as a datetime-local value ("2026-12-07T08:00"); "" for 0. */
static const char *local_input(struct arena *a, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char s[32];

    if (!t || !localtime_r(&tt, &tm) || !strftime(s, sizeof(s), "%Y-%m-%dT%H:%M", &tm))
        return "";
    return arena_strdup(a, s);
}

static json_t *entry_row(struct arena *a, const struct schedule_entry *e)
{
    return web_view((struct web_kv[]){
        WEB_I("id", e->id), WEB_DATETIME("starts", e->starts_at), WEB_DATETIME("ends", e->ends_at),
        WEB_S("title", e->title), WEB_S("location", e->location), WEB_S("chair", e->chair),
        WEB_S("edit_url", arena_printf(a, SCHEDULE_PATH "/%lld", (long long)e->id)), WEB_END});
}

/* The form's fields: of e (NULL: empty), or as typed when the POST was refused. */
static json_t *form_view(struct http_request *req, const struct schedule_entry *e, bool typed)
{
    struct arena *a = req->arena;
#define F(k, v) WEB_S(k, typed ? http_request_form_value(req, k) : e ? (v) : NULL)
    return web_view((struct web_kv[]){
        F("starts_at", local_input(a, e ? e->starts_at : 0)),
        F("ends_at", local_input(a, e ? e->ends_at : 0)), F("title", e ? e->title : NULL),
        F("location", e ? e->location : NULL), F("chair", e ? e->chair : NULL),
        F("people", e ? e->people : NULL), F("host_unit", e ? e->host_unit : NULL), WEB_END});
#undef F
}

/* The week's page with the add form (typed: refill it from the POST) and a message. */
static void week_page(struct web *w, struct http_request *req, struct http_response *res,
                      const struct web_viewer *v, int status, bool typed, const char *error)
{
    struct arena *a = req->arena;
    const char *tuan = http_request_query(req, "tuan"), *notice;
    struct schedule_entry *list;
    int64_t monday;
    int y, wk;
    size_t n;
    json_t *rows, *data;
    bool ok;
    enum cong_err rc;

    if (!tuan || !content_iso_week_parse(tuan, &monday))
        content_iso_week_of(web_now(w), &monday, &y, &wk);
    content_iso_week_of(monday, &monday, &y, &wk);
    rc = store_list_schedule(web_store(w, req), a, monday, content_day_add(monday, 7), &list, &n);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    rows = json_array();
    ok = rows != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(rows, entry_row(a, &list[i]));
    if (!ok) {
        json_decref(rows);
        rows = NULL;
    }
    notice = ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    data = web_view_extend(
        web_admin_page_data(w, req, _("Lịch công tác"), v),
        (struct web_kv[]){WEB_N("entries", rows), WEB_N("form", form_view(req, NULL, typed)),
                          WEB_S("week", arena_printf(a, "%04d-W%02d", y, wk)),
                          WEB_I("week_number", wk), WEB_DATE("first", monday),
                          WEB_DATE("last", content_day_add(monday, 6)),
                          WEB_J("error", error ? web_jstr(error) : NULL),
                          WEB_J("notice", notice ? web_jstr(notice) : NULL), WEB_END});
    if (data) {
        int64_t m;
        int py, pw, ny, nw;
        content_iso_week_of(content_day_add(monday, -7), &m, &py, &pw);
        content_iso_week_of(content_day_add(monday, 7), &m, &ny, &nw);
        data = web_view_extend(
            data, (struct web_kv[]){
                      WEB_S("prev_url", arena_printf(a, SCHEDULE_PATH "?tuan=%04d-W%02d", py, pw)),
                      WEB_S("next_url", arena_printf(a, SCHEDULE_PATH "?tuan=%04d-W%02d", ny, nw)),
                      WEB_END});
    }
    web_render_private(w, req, res, status, "admin-schedule", data);
    json_decref(data);
}

/* The form's fields into in (texts borrowed from the request); false with *error set. */
static bool read_form(struct http_request *req, struct schedule_input *in, const char **error)
{
    const char *s = http_request_form_value(req, "starts_at"),
               *e = http_request_form_value(req, "ends_at");

    memset(in, 0, sizeof(*in));
    if (!s || time_parse_iso8601(s, &in->starts_at) != CONG_OK) {
        *error = _("Cần nhập thời gian bắt đầu (ngày và giờ).");
        return false;
    }
    if (e && *e && time_parse_iso8601(e, &in->ends_at) != CONG_OK) {
        *error = _("Thời gian kết thúc không hợp lệ.");
        return false;
    }
    in->title = http_request_form_value(req, "title");
    in->location = http_request_form_value(req, "location");
    in->chair = http_request_form_value(req, "chair");
    in->people = http_request_form_value(req, "people");
    in->host_unit = http_request_form_value(req, "host_unit");
    return true;
}

/* Where to go back to after a change: the week of t. */
static const char *week_of_url(struct arena *a, int64_t t, const char *tb)
{
    int64_t m;
    int y, wk;

    content_iso_week_of(t, &m, &y, &wk);
    return arena_printf(a, SCHEDULE_PATH "?tuan=%04d-W%02d&tb=%s", y, wk, tb);
}

static void h_week(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct schedule_input in;
    struct cong_error err = {0};
    const char *error = NULL;
    int64_t id;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    if (req->method != HTTP_POST) {
        week_page(w, req, res, &v, 200, false, NULL);
        return;
    }
    if (!read_form(req, &in, &error)) {
        week_page(w, req, res, &v, 400, true, error);
        return;
    }
    web_actor(&v, req, &who);
    rc = content_schedule_create(web_store(w, req), &who, &in, &id, &err);
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        week_page(w, req, res, &v, web_status_of(rc), true, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res, week_of_url(req->arena, in.starts_at, "them"));
}

static void entry_page(struct web *w, struct http_request *req, struct http_response *res,
                       const struct web_viewer *v, const struct schedule_entry *e, int status,
                       bool typed, const char *error)
{
    json_t *data = web_view_extend(
        web_admin_page_data(w, req, _("Sửa mục lịch công tác"), v),
        (struct web_kv[]){WEB_I("id", e->id), WEB_N("form", form_view(req, e, typed)),
                          WEB_S("back_url", week_of_url(req->arena, e->starts_at, "")),
                          WEB_J("error", error ? web_jstr(error) : NULL), WEB_END});

    web_render_private(w, req, res, status, "admin-schedule-entry", data);
    json_decref(data);
}

/* GET, POST /quan-tri/lich-cong-tac/ID and POST .../ID/xoa. */
static void h_entry(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct schedule_entry e;
    struct schedule_input in;
    struct cong_error err = {0};
    const char *error = NULL, *action;
    int64_t id;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    if (!web_parse_id(req->params[0], false, &id) ||
        (rc = store_get_schedule_entry(web_store(w, req), req->arena, id, &e)) == CONG_ENOTFOUND) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _("Không có mục lịch này."));
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    if (req->method != HTTP_POST) {
        entry_page(w, req, res, &v, &e, 200, false, NULL);
        return;
    }
    web_actor(&v, req, &who);
    action = http_request_form_value(req, "action");
    if (action && !strcmp(action, "delete")) {
        rc = content_schedule_delete(web_store(w, req), &who, id, &err);
        if (rc != CONG_OK)
            web_admin_fail(w, req, res, rc, &err);
        else
            web_see_other(req, res, week_of_url(req->arena, e.starts_at, "xoa"));
        return;
    }
    if (!read_form(req, &in, &error)) {
        entry_page(w, req, res, &v, &e, 400, true, error);
        return;
    }
    rc = content_schedule_update(web_store(w, req), &who, id, &in, &err);
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        entry_page(w, req, res, &v, &e, web_status_of(rc), true, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res, week_of_url(req->arena, in.starts_at, "sua"));
}

enum cong_err admin_civic_add_routes(struct admin *ad, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET | HTTP_POST, SCHEDULE_PATH, h_week, ad->web)) ||
        (rc = http_router_add(r, HTTP_GET | HTTP_POST, SCHEDULE_PATH "/:id", h_entry, ad->web)) ||
        (rc = admin_questions_routes(ad->web, r)))
        return rc;
    return CONG_OK;
}
