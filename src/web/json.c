/*
 * The API's one voice: JSON answers and errors shaped {"error": {"code", "message", "field"}},
 * and the readers of what clients send: a JSON body checked against a table of its fields
 * (an unknown key is refused, never ignored), the URL's ids, days and counts. Also the typed
 * step that builds view objects for pages and answers, which fails whole or not at all.
 */
#include "web_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool web_is_api(const struct http_request *req)
{
    return req && req->path && !strncmp(req->path, "/api/", 5);
}

void web_json(struct http_response *res, int status, json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;

    buf_reset(&res->body);
    res->data = NULL;
    res->content_type = "application/json; charset=utf-8";
    http_response_set_header(res, "Cache-Control", "no-store");
    if (!text) {
        /* jansson could not allocate: a fixed answer needs no memory of its own */
        res->status = 503;
        buf_puts(&res->body, _("{\"error\":{\"code\":\"unavailable\","
                             "\"message\":\"Máy chủ đang quá tải, xin thử lại sau.\"}}\n"));
        return;
    }
    res->status = status;
    buf_puts(&res->body, text);
    buf_putc(&res->body, '\n');
    free(text);
}

void web_json_error(struct http_response *res, int status, const char *code, const char *field,
                    const char *message)
{
    json_t *e = json_pack("{s:s,s:s}", "code", code, "message", message ? message : "");
    json_t *body = NULL;

    if (e && field && *field)
        json_object_set_new(e, "field", json_string(field));
    if (e)
        body = json_pack("{s:o}", "error", e);
    web_json(res, status, body);
    json_decref(body);
}

void web_json_fail(struct http_response *res, enum cong_err rc, const struct cong_error *err)
{
    const char *field = err && err->field[0] ? err->field : NULL;
    int status = web_status_of(rc);
    const char *msg;

    if (rc == CONG_EBUSY) {
        /* overloaded, not broken: the domain's message says what to wait for */
        http_response_header(res, "Retry-After", WEB_BUSY_RETRY_AFTER);
        msg = err && err->msg[0] ? err->msg : cong_strerror(rc);
        field = NULL;
    } else if (status >= 500) {
        if (rc != CONG_ENOMEM)
            log_error("API: %s%s%s", cong_strerror(rc), err && err->msg[0] ? ": " : "",
                      err && err->msg[0] ? err->msg : "");
        /* the cause is logged; the client only needs to retry */
        msg = rc == CONG_ENOMEM ? _("Máy chủ đang quá tải, xin thử lại sau.")
                                : _("Không đọc hoặc ghi được dữ liệu lúc này, xin thử lại sau.");
        field = NULL;
    } else {
        msg = err && err->msg[0] ? err->msg : cong_strerror(rc);
    }
    web_json_error(res, status, web_code_of(rc, field != NULL), field, msg);
}

void web_json_method_not_allowed(struct http_response *res, const char *allow)
{
    char msg[128];

    http_response_set_header(res, "Allow", allow);
    snprintf(msg, sizeof(msg), _("Phương thức này không được phép; hãy dùng %s."), allow);
    web_json_error(res, 405, "method_not_allowed", NULL, msg);
}

json_t *web_json_body(struct http_request *req, struct http_response *res)
{
    json_error_t jerr;
    json_t *o;

    o = req->body_len ? json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!o) {
        web_json_error(res, 400, "bad_request", NULL, _("Nội dung yêu cầu không phải JSON hợp lệ."));
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        web_json_error(res, 400, "bad_request", NULL,
                       _("Nội dung yêu cầu phải là một đối tượng JSON."));
        return NULL;
    }
    return o;
}

static const char *type_name(enum web_field_type t)
{
    switch (t) {
    case WEB_TEXT: return _("một chuỗi");
    case WEB_INT: return _("một số nguyên");
    case WEB_BOOL: return _("true hoặc false");
    case WEB_TEXTS: return _("một mảng chuỗi");
    case WEB_INTS: return _("một mảng số nguyên");
    case WEB_OBJECT: return _("một đối tượng");
    case WEB_TEXT_OR_INT: return _("một chuỗi hoặc một số nguyên");
    }
    return "?";
}

/* A string value without NUL (which would cut it silently further on) within max bytes. */
static bool text_ok(const json_t *v, size_t max)
{
    return json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v) &&
           (!max || json_string_length(v) <= max);
}

const char *const web_lang_values[] = {"vi", "en", NULL};

/* True if string v is one of values (NULL: any). */
static bool value_listed(const char *const *values, const json_t *v)
{
    if (!values)
        return true;
    for (; *values; values++) {
        if (!strcmp(*values, json_string_value(v)))
            return true;
    }
    return false;
}

static bool value_ok(const struct web_field *f, const json_t *v)
{
    size_t i;
    json_t *e;

    if (json_is_null(v))
        return f->flags & WEB_NULLABLE;
    switch (f->type) {
    case WEB_TEXT: return text_ok(v, f->max) && value_listed(f->values, v);
    case WEB_INT: return json_is_integer(v);
    case WEB_BOOL: return json_is_boolean(v);
    case WEB_OBJECT: return json_is_object(v);
    case WEB_TEXT_OR_INT: return json_is_integer(v) || text_ok(v, f->max);
    case WEB_TEXTS:
        if (!json_is_array(v))
            return false;
        json_array_foreach(v, i, e) {
            if (!text_ok(e, f->max))
                return false;
        }
        return true;
    case WEB_INTS:
        if (!json_is_array(v) || (f->max && json_array_size(v) > f->max))
            return false;
        json_array_foreach(v, i, e) {
            if (!json_is_integer(e))
                return false;
        }
        return true;
    }
    return false;
}

static void field_error(struct http_response *res, const char *code, const char *key,
                        const char *what, const char *want)
{
    char msg[256];

    snprintf(msg, sizeof(msg), _("Trường '%s' %s%s."), key, what, want);
    web_json_error(res, 400, code, key, msg);
}

/* The values of a field as "a, b hoặc c" into want (cut at its size). */
static void values_text(const char *const *values, char *want, size_t size)
{
    size_t len = 0;
    int n;

    want[0] = '\0';
    for (size_t i = 0; values[i] && len < size; i++) {
        n = snprintf(want + len, size - len, "%s%s",
                     i == 0 ? "" : values[i + 1] ? ", " : _(" hoặc "), values[i]);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

bool web_json_check(json_t *o, const struct web_field *fields, struct http_response *res)
{
    const struct web_field *f;
    const char *key;
    json_t *v;
    char want[96];

    json_object_foreach(o, key, v) {
        for (f = fields; f->key && strcmp(f->key, key) != 0; f++)
            ;
        if (!f->key) {
            field_error(res, "unknown_field", key, _("không có ở đây"), "");
            return false;
        }
        if (!value_ok(f, v)) {
            snprintf(want, sizeof(want), "%s%s", type_name(f->type),
                     f->flags & WEB_NULLABLE ? _(" hoặc null") : "");
            if (f->max && (f->type == WEB_TEXT || f->type == WEB_TEXTS) && json_is_string(v) &&
                strlen(json_string_value(v)) == json_string_length(v))
                snprintf(want, sizeof(want), _("không quá %zu byte"), f->max);
            if (f->values && f->type == WEB_TEXT && json_is_string(v))
                values_text(f->values, want, sizeof(want));
            field_error(res, "invalid_field", key, _("phải là "), want);
            return false;
        }
    }
    for (f = fields; f->key; f++) {
        if ((f->flags & WEB_REQUIRED) && !json_object_get(o, f->key)) {
            field_error(res, "invalid_field", f->key, _("là bắt buộc"), "");
            return false;
        }
    }
    return true;
}

const char *web_json_text(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

bool web_json_int(json_t *o, const char *key, int64_t *out)
{
    json_t *v = json_object_get(o, key);

    if (!json_is_integer(v))
        return false;
    *out = (int64_t)json_integer_value(v);
    return true;
}

bool web_json_bool(json_t *o, const char *key, bool *out)
{
    json_t *v = json_object_get(o, key);

    if (!json_is_boolean(v))
        return false;
    *out = json_is_true(v);
    return true;
}

bool web_json_has(json_t *o, const char *key)
{
    return json_object_get(o, key) != NULL;
}

/* Reading the URL. */

bool web_parse_id(const char *s, bool slug_ok, int64_t *out)
{
    const char *dash;
    size_t n;

    if (!s)
        return false;
    dash = slug_ok ? strchr(s, '-') : NULL;
    n = dash ? (size_t)(dash - s) : strlen(s);
    return text_parse_i64(s, n, out) && *out > 0;
}

bool web_parse_day(const char *s, int64_t *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    return time_parse_iso8601(s, out) == CONG_OK;
}

bool web_query_count(struct http_request *req, const char *name, int64_t def, int64_t max,
                     int64_t *out)
{
    const char *v = http_request_query(req, name);

    *out = def;
    if (!v)
        return true;
    return text_parse_i64(v, strlen(v), out) && *out >= 1 && *out <= max;
}

/* Building views. */

json_t *web_jstr(const char *s)
{
    return json_string(s ? s : "");
}

const char *web_day_text(struct arena *a, const char *ymd)
{
    /* the day's noon in the zone dates are shown in stands for the day */
    struct tm tm = {.tm_hour = 12, .tm_isdst = -1};
    struct buf b;
    const char *out;
    char end;

    if (!ymd || strlen(ymd) != 10 ||
        sscanf(ymd, "%4d-%2d-%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &end) != 3 ||
        tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31)
        return "";
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    buf_init(&b, 32);
    i18n_add_date(&b, (int64_t)mktime(&tm));
    out = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out;
}

/* t formatted by add ("" for 0), or NULL when out of memory. */
static json_t *time_json(int64_t t, void (*add)(struct buf *, int64_t))
{
    struct buf b;
    json_t *v;

    if (!t)
        return json_string("");
    buf_init(&b, 64);
    add(&b, t);
    v = buf_error(&b) ? NULL : json_stringn(b.data, b.len);
    buf_release(&b);
    return v;
}

/* n with the language's digit groups (1.234.567 / 1,234,567), or NULL when out of memory. */
static json_t *num_json(int64_t n)
{
    struct buf b;
    json_t *v;

    buf_init(&b, 32);
    i18n_add_int(&b, n);
    v = buf_error(&b) ? NULL : json_stringn(b.data, b.len);
    buf_release(&b);
    return v;
}

static json_t *kv_value(const struct web_kv *kv)
{
    switch (kv->kind) {
    case WEB_KV_STR: return web_jstr(kv->s);
    case WEB_KV_INT: return json_integer(kv->i);
    case WEB_KV_BOOL: return json_boolean(kv->i);
    case WEB_KV_JSON:
    case WEB_KV_NEED: return kv->j;
    case WEB_KV_DATE: return time_json(kv->i, i18n_add_date);
    case WEB_KV_ISO: return time_json(kv->i, time_add_iso8601);
    case WEB_KV_DATETIME: return time_json(kv->i, i18n_add_datetime);
    case WEB_KV_NUM: return num_json(kv->i);
    case WEB_KV_END: break;
    }
    return NULL;
}

bool web_view_add(json_t *o, const struct web_kv *kv)
{
    bool ok = o != NULL;

    for (; kv->key; kv++) {
        json_t *v = kv_value(kv);
        if (kv->kind == WEB_KV_JSON && !v)
            continue; /* an absent part: the key is left out */
        if (!v) {
            ok = false;
        } else if (!ok) {
            json_decref(v); /* stolen in every case, also once the object is lost */
        } else if (json_object_set_new(o, kv->key, v) != 0) {
            ok = false; /* json_object_set_new has released v */
        }
    }
    return ok;
}

bool web_list_add(json_t *list, json_t *v)
{
    if (!list || !v) {
        json_decref(v);
        return false;
    }
    return json_array_append_new(list, v) == 0; /* it releases v when it fails */
}

json_t *web_view_extend(json_t *o, const struct web_kv *kv)
{
    if (!web_view_add(o, kv)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *web_view(const struct web_kv *kv)
{
    return web_view_extend(json_object(), kv);
}
