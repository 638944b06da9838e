/*
 * The admin's site settings (/quan-tri/cai-dat): the name, tagline, logo, contact details,
 * footer, social links, language, the show-or-hide of portlets a visitor may not see, the
 * counter's starting number and the base URL, in one form. Admins only. The fields and their
 * rules are the content module's (content_site_field_*), the same the API edits; every change
 * goes to the audit log with its old and new value, and shows on the next request of every
 * node (settings move the page generation).
 */
#include <string.h>

#include "../content/content.h"
#include "../i18n/i18n.h"
#include "../web/web.h"
#include "admin_int.h"

#define SETTINGS_PATH "/quan-tri/cai-dat"
#define LOGO_CHOICES  100

static const struct admin_notice notices[] = {
    {"luu", N_("Đã lưu cài đặt. Thay đổi hiện ngay ở lần tải trang tiếp theo.")},
};

/* The pictures of the library a logo may be, newest first, with selected marked. */
static json_t *logo_options(struct web *w, struct http_request *req, const char *selected)
{
    struct media *list;
    size_t n;
    json_t *out = json_array();
    bool ok = out != NULL;

    if (store_list_media(web_store(w, req), req->arena, 0, LOGO_CHOICES, &list, &n, NULL) !=
        CONG_OK)
        n = 0; /* logged by the store: the emblem and the current choice remain */
    for (size_t i = 0; ok && i < n; i++) {
        const char *id = arena_printf(req->arena, "%lld", (long long)list[i].id);
        if (strncmp(list[i].mime, "image/", 6) != 0)
            continue;
        ok = id && web_list_add(out, web_view((struct web_kv[]){
                                         WEB_S("value", id),
                                         WEB_S("label", arena_printf(req->arena, _("Ảnh số %s: %s"),
                                                                     id, list[i].filename)),
                                         WEB_B("selected", !strcmp(id, selected)), WEB_END}));
    }
    if (!ok) {
        json_decref(out);
        return NULL;
    }
    return out;
}

static const char *input_type(enum content_site_field_kind k)
{
    switch (k) {
    case CONTENT_SF_EMAIL: return "email";
    case CONTENT_SF_PHONE: return "tel";
    case CONTENT_SF_URL:
    case CONTENT_SF_BASE_URL: return "url";
    case CONTENT_SF_COUNT: return "number";
    default: return "text";
    }
}

/* The form's fields with values (typed[i] when given, else the site's), bad naming the one
   the error is about. NULL with *rc on failure. */
static json_t *field_rows(struct web *w, struct http_request *req, const char *const *typed,
                          const char *bad, enum cong_err *rc)
{
    const struct content_site_field *f;
    json_t *rows = json_array();
    bool ok = rows != NULL;

    *rc = CONG_OK;
    for (size_t i = 0; ok && (f = content_site_field_at(i)); i++) {
        const char *v = typed ? typed[i] : NULL;
        if (!v && (*rc = content_site_field_get(web_store(w, req), req->arena, f, &v)) != CONG_OK)
            break;
        ok = web_list_add(
            rows, web_view((struct web_kv[]){
                      WEB_S("field", f->field),
                      WEB_S("label", _(f->label)),
                      WEB_J("help", f->help ? web_jstr(_(f->help)) : NULL),
                      WEB_S("value", v),
                      WEB_S("type", input_type(f->kind)),
                      WEB_B("invalid", bad && !strcmp(bad, f->field)),
                      WEB_B("is_line", f->kind != CONTENT_SF_LONGTEXT &&
                                           f->kind != CONTENT_SF_MEDIA &&
                                           f->kind != CONTENT_SF_FLAG &&
                                           f->kind != CONTENT_SF_LANGUAGE),
                      WEB_B("is_long", f->kind == CONTENT_SF_LONGTEXT),
                      WEB_B("is_flag", f->kind == CONTENT_SF_FLAG),
                      WEB_B("checked", !strcmp(v, "1")),
                      WEB_B("is_language", f->kind == CONTENT_SF_LANGUAGE),
                      WEB_B("is_en", !strcmp(v, "en")),
                      WEB_B("is_media", f->kind == CONTENT_SF_MEDIA),
                      WEB_B("no_logo", !*v || !strcmp(v, "0")),
                      WEB_J("logos",
                            f->kind == CONTENT_SF_MEDIA ? logo_options(w, req, v) : NULL),
                      WEB_END}));
    }
    if (*rc == CONG_OK && !ok)
        *rc = CONG_ENOMEM;
    if (*rc != CONG_OK) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}

static void settings_page(struct web *w, struct http_request *req, struct http_response *res,
                          const struct web_viewer *v, int status, const char *const *typed,
                          const struct cong_error *err)
{
    const char *notice = ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    enum cong_err rc;
    json_t *rows = field_rows(w, req, typed, err ? err->field : NULL, &rc), *data;

    if (!rows) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    data = web_view_extend(web_admin_page_data(w, req, _("Cài đặt cổng"), v),
                           (struct web_kv[]){
                               WEB_N("fields", rows),
                               WEB_J("error", err ? web_jstr(err->msg) : NULL),
                               WEB_J("notice", notice ? web_jstr(notice) : NULL),
                               WEB_END});
    web_render_private(w, req, res, status, "admin-settings", data);
    json_decref(data);
}

void admin_h_settings(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    settings_page(w, req, res, &v, 200, NULL, NULL);
}

void admin_h_settings_post(struct http_request *req, struct http_response *res, void *ctx)
{
    const struct content_site_field *fields[32];
    const char *values[32];
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    const struct content_site_field *f;
    size_t n = 0;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    for (size_t i = 0; n < 32 && (f = content_site_field_at(i)); i++) {
        const char *val = http_request_form_value(req, f->field);
        fields[n] = f;
        /* an unticked box is not sent at all */
        values[n++] = f->kind == CONTENT_SF_FLAG ? (val ? "1" : "0") : (val ? val : "");
    }
    web_actor(&v, req, &who);
    rc = content_site_settings_update(web_store(w, req), &who, req->arena, fields, values, n,
                                      &err);
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        settings_page(w, req, res, &v, web_status_of(rc), values, &err);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    web_see_other(req, res, SETTINGS_PATH "?tb=luu");
}
