/*
 * A portlet's configuration: checking it against its type's fields before it is saved (the
 * one check the admin form and the API share), completing it with defaults, and reading it
 * back leniently for display: a stored value that no longer passes (an old row, a hand edit)
 * falls back to its field's default and never breaks a page. HTML is sanitized here, once,
 * when saved. Forms send text, so this file also turns form text into a configuration
 * object and back.
 */
#include "portal_int.h"
#include "../i18n/i18n.h"

#include <stdlib.h>
#include <string.h>

#include "../render/render.h"

#define LINK_TITLE_MAX 200
#define LINK_URL_MAX   2000

static bool url_is_allowed(const char *u);

/* A PORTLET_SLIDES value: each slide a picture of the library (looked up in st when strict),
   a title and a link that may be "". */
static enum cong_err check_slides(struct store *st, struct arena *a, const struct portlet_field *f,
                                  json_t *v, bool strict, json_t **out, struct cong_error *err)
{
    json_t *list, *item;
    size_t i;

    if (!json_is_array(v) || json_array_size(v) > (size_t)f->max)
        return cong_error_field(err, "config", CONG_EINVAL,
                                _("Trường \"%s\" phải là danh sách tối đa %lld ảnh."), _(f->label),
                                (long long)f->max);
    list = json_array();
    json_array_foreach(v, i, item)
    {
        json_t *m = json_object_get(item, "media"), *t = json_object_get(item, "title"),
               *u = json_object_get(item, "url");
        struct media info;
        enum cong_err rc = CONG_OK;

        if (!json_is_object(item) || !json_is_integer(m) || json_integer_value(m) <= 0 ||
            (t && !json_is_string(t)) || (u && !json_is_string(u)) ||
            json_object_size(item) != 1u + (t != NULL) + (u != NULL) ||
            (t && portal_chars(json_string_value(t)) > LINK_TITLE_MAX)) {
            json_decref(list);
            return cong_error_field(err, "config", CONG_EINVAL,
                                    _("Trường \"%s\": ảnh thứ %zu cần số của ảnh trong thư viện, "
                                    "tiêu đề (tối đa %d ký tự) và liên kết."),
                                    _(f->label), i + 1, LINK_TITLE_MAX);
        }
        if (u && *json_string_value(u) && !url_is_allowed(json_string_value(u))) {
            json_decref(list);
            return cong_error_field(err, "config", CONG_EINVAL,
                                    _("Trường \"%s\": liên kết của ảnh thứ %zu phải bắt đầu bằng "
                                    "http://, https:// hoặc /."),
                                    _(f->label), i + 1);
        }
        if (strict && st)
            rc = store_get_media_info(st, a, json_integer_value(m), &info);
        if (rc == CONG_ENOTFOUND || (rc == CONG_OK && strict && st &&
                                     strncmp(info.mime, "image/", 6) != 0)) {
            json_decref(list);
            return cong_error_field(err, "config", CONG_EINVAL,
                                    _("Trường \"%s\": không có ảnh số %lld trong thư viện."),
                                    _(f->label), (long long)json_integer_value(m));
        }
        if (rc != CONG_OK) {
            json_decref(list);
            return cong_error_set(err, rc, _("Không đọc được thư viện."));
        }
        json_array_append_new(list, json_pack("{s:O,s:s,s:s}", "media", m, "title",
                                              t ? json_string_value(t) : "", "url",
                                              u ? json_string_value(u) : ""));
    }
    *out = list;
    return CONG_OK;
}

static json_t *field_default(const struct portlet_field *f)
{
    json_t *v = json_loads(f->def ? f->def : "null", JSON_DECODE_ANY, NULL);

    return v ? v : json_null();
}

static const char *choice_list(struct arena *a, const struct portlet_field *f)
{
    struct buf b;
    const char *out;

    buf_init(&b, 1024);
    for (const struct portlet_choice *c = f->choices; c && c->value; c++)
        buf_printf(&b, "%s%s", c == f->choices ? "" : ", ", c->value);
    out = buf_error(&b) ? "" : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out ? out : "";
}

/* A local path ("/x", not "//x") or an http(s) URL with a host; no spaces or controls. */
static bool url_is_allowed(const char *u)
{
    const char *host = NULL;

    if (!*u || strlen(u) > LINK_URL_MAX)
        return false;
    for (const char *p = u; *p; p++) {
        if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '\\' || *p == '"' || *p == '<' ||
            *p == '>')
            return false;
    }
    if (u[0] == '/')
        return u[1] != '/';
    if (!strncmp(u, "https://", 8))
        host = u + 8;
    else if (!strncmp(u, "http://", 7))
        host = u + 7;
    return host && *host && *host != '/' && *host != '?' && *host != '#';
}

/*
 * Checks one value v of field f. *out gets the value to keep (a new reference). With strict
 * (a write), err explains a refusal and categories are looked up in st; without (a read for
 * display), nothing is reported and no lookup is made.
 */
static enum cong_err field_check(struct store *st, struct arena *a, const struct portlet_field *f,
                                 json_t *v, bool strict, json_t **out, struct cong_error *err)
{
    enum cong_err rc;
    size_t i, j, n;
    json_t *item, *list;

    *out = NULL;
    switch (f->kind) {
    case PORTLET_INT:
        if (!json_is_integer(v) || json_integer_value(v) < f->min || json_integer_value(v) > f->max)
            return cong_error_field(err, "config", CONG_EINVAL,
                                  _("Trường \"%s\" phải là số nguyên từ %lld đến %lld."), _(f->label),
                                  (long long)f->min, (long long)f->max);
        break;
    case PORTLET_BOOL:
        if (!json_is_boolean(v))
            return cong_error_field(err, "config", CONG_EINVAL, _("Trường \"%s\" phải là true hoặc false."),
                                  _(f->label));
        break;
    case PORTLET_TEXT:
    case PORTLET_HTML:
        if (!json_is_string(v))
            return cong_error_field(err, "config", CONG_EINVAL, _("Trường \"%s\" phải là một chuỗi văn bản."),
                                  _(f->label));
        if (f->max && portal_chars(json_string_value(v)) > (size_t)f->max)
            return cong_error_field(err, "config", CONG_EINVAL, _("Trường \"%s\" dài quá %lld ký tự."), _(f->label),
                                  (long long)f->max);
        if (f->kind == PORTLET_HTML && strict) {
            /* sanitized once, when saved: rendering then trusts the stored text */
            struct buf b;
            buf_init(&b, 4 * (size_t)(f->max ? f->max : 65536) + 1024);
            rc = render_sanitize_html(json_string_value(v), json_string_length(v), &b);
            if (rc == CONG_OK && buf_error(&b))
                rc = CONG_ENOMEM;
            if (rc == CONG_OK)
                *out = json_stringn(b.data, b.len);
            buf_release(&b);
            if (rc == CONG_EINVAL)
                return cong_error_set(err, rc, _("Trường \"%s\" không phải văn bản UTF-8."), _(f->label));
            if (rc != CONG_OK || !*out)
                return cong_error_set(err, CONG_ENOMEM, _("Hết bộ nhớ."));
            return CONG_OK;
        }
        break;
    case PORTLET_CATEGORY:
        if (!json_is_string(v))
            return cong_error_field(err, "config", CONG_EINVAL,
                                  _("Trường \"%s\" phải là đường dẫn (slug) của một chuyên mục."),
                                  _(f->label));
        if (strict && st && *json_string_value(v)) {
            struct category c;
            rc = store_get_category_by_slug(st, a, json_string_value(v), &c);
            if (rc == CONG_ENOTFOUND)
                return cong_error_field(err, "config", CONG_EINVAL, _("Trường \"%s\": không có chuyên mục '%s'."),
                                      _(f->label), json_string_value(v));
            if (rc != CONG_OK)
                return cong_error_set(err, rc, _("Không đọc được danh sách chuyên mục."));
        }
        break;
    case PORTLET_CHOICE:
        if (json_is_string(v)) {
            for (const struct portlet_choice *c = f->choices; c && c->value; c++) {
                if (!strcmp(c->value, json_string_value(v))) {
                    *out = json_incref(v);
                    return CONG_OK;
                }
            }
        }
        return cong_error_field(err, "config", CONG_EINVAL, _("Trường \"%s\" phải là một trong: %s."), _(f->label),
                              choice_list(a, f));
    case PORTLET_IDS:
        if (!json_is_array(v) || json_array_size(v) > (size_t)f->max)
            return cong_error_field(err, "config", CONG_EINVAL,
                                  _("Trường \"%s\" phải là danh sách tối đa %lld mã bài viết."),
                                  _(f->label), (long long)f->max);
        n = json_array_size(v);
        for (i = 0; i < n; i++) {
            item = json_array_get(v, i);
            if (!json_is_integer(item) || json_integer_value(item) <= 0)
                return cong_error_field(err, "config", CONG_EINVAL,
                                      _("Trường \"%s\": mục thứ %zu không phải mã bài viết (số "
                                      "nguyên dương)."),
                                      _(f->label), i + 1);
            for (j = 0; j < i; j++) {
                if (json_integer_value(json_array_get(v, j)) == json_integer_value(item))
                    return cong_error_field(err, "config", CONG_EINVAL,
                                          _("Trường \"%s\": mã bài viết %lld có hai lần."), _(f->label),
                                          (long long)json_integer_value(item));
            }
        }
        break;
    case PORTLET_LINKS:
        if (!json_is_array(v) || json_array_size(v) > (size_t)f->max)
            return cong_error_field(err, "config", CONG_EINVAL,
                                  _("Trường \"%s\" phải là danh sách tối đa %lld liên kết."), _(f->label),
                                  (long long)f->max);
        n = json_array_size(v);
        list = json_array();
        for (i = 0; i < n; i++) {
            json_t *t, *u;
            item = json_array_get(v, i);
            t = json_object_get(item, "title");
            u = json_object_get(item, "url");
            if (!json_is_object(item) || json_object_size(item) != 2 || !json_is_string(t) ||
                !json_is_string(u) || !*json_string_value(t) ||
                portal_chars(json_string_value(t)) > LINK_TITLE_MAX) {
                json_decref(list);
                return cong_error_field(err, "config", CONG_EINVAL,
                                      _("Trường \"%s\": liên kết thứ %zu phải có tiêu đề (tối đa "
                                      "%d ký tự) và địa chỉ."),
                                      _(f->label), i + 1, LINK_TITLE_MAX);
            }
            if (!url_is_allowed(json_string_value(u))) {
                json_decref(list);
                return cong_error_field(err, "config", CONG_EINVAL,
                                      _("Trường \"%s\": địa chỉ của liên kết thứ %zu phải bắt đầu "
                                      "bằng http://, https:// hoặc /."),
                                      _(f->label), i + 1);
            }
            json_array_append_new(list, json_pack("{s:O,s:O}", "title", t, "url", u));
        }
        *out = list;
        return CONG_OK;
    case PORTLET_SLIDES:
        return check_slides(st, a, f, v, strict, out, err);
    }
    *out = json_incref(v);
    return CONG_OK;
}

enum cong_err portal_config_check(struct store *st, const struct portlet_type *t,
                                  const json_t *config, json_t **out, struct cong_error *err)
{
    struct arena a;
    json_t *result = NULL, *v, *kept;
    const char *key;
    enum cong_err rc = CONG_OK;
    size_t i;

    *out = NULL;
    if (config && !json_is_object(config))
        return cong_error_field(err, "config", CONG_EINVAL, _("Cấu hình phải là một đối tượng JSON."));
    arena_init(&a, 0);
    json_object_foreach((json_t *)config, key, v)
    {
        for (i = 0; i < t->nfields && strcmp(t->fields[i].name, key) != 0; i++)
            ;
        if (i == t->nfields) {
            rc = cong_error_field(err, "config", CONG_EINVAL, _("Portlet \"%s\" không có trường cấu hình '%s'."),
                                _(t->label), key);
            goto out;
        }
    }
    result = json_object();
    if (!result) {
        rc = cong_error_set(err, CONG_ENOMEM, _("Hết bộ nhớ."));
        goto out;
    }
    for (i = 0; i < t->nfields; i++) {
        const struct portlet_field *f = &t->fields[i];
        json_t *given = config ? json_object_get(config, f->name) : NULL;
        v = given ? json_incref(given) : field_default(f);
        rc = field_check(st, &a, f, v, true, &kept, err);
        json_decref(v);
        if (rc != CONG_OK)
            goto out;
        json_object_set_new(result, f->name, kept);
    }
    if (t->check && (rc = t->check(result, err)) != CONG_OK)
        goto out;
    *out = result;
    result = NULL;
out:
    json_decref(result);
    arena_release(&a);
    return rc;
}

json_t *portal_config_effective(const struct portlet_type *t, const char *stored)
{
    json_t *in = json_loads(stored ? stored : "{}", 0, NULL), *out = json_object(), *kept, *v;
    struct arena a;

    if (!out) {
        json_decref(in);
        return NULL;
    }
    arena_init(&a, 0);
    for (size_t i = 0; i < t->nfields; i++) {
        const struct portlet_field *f = &t->fields[i];
        v = json_is_object(in) ? json_object_get(in, f->name) : NULL;
        if (!v || field_check(NULL, &a, f, v, false, &kept, NULL) != CONG_OK) {
            v = field_default(f);
            /* a default that fails its own field is a programmer mistake: keep it anyway */
            kept = v;
        }
        json_object_set_new(out, f->name, kept);
    }
    arena_release(&a);
    json_decref(in);
    return out;
}

/* Appends the number in s[0..n) as an integer, or the text as a string if it is none. */
static json_t *int_or_text(const char *s, size_t n)
{
    int64_t v;

    s = text_trim(s, &n);
    if (text_parse_i64(s, n, &v))
        return json_integer(v);
    return json_stringn(s, n);
}

/* Lines "media id | Title | URL" (title and URL may be left out) as slides; a first part that
   is no number stays text, so the check names it. */
static json_t *slides_from_text(const char *text)
{
    json_t *list = json_array();

    for (const char *p = text, *end; list && *p; p = *end ? end + 1 : end) {
        const char *parts[3] = {"", "", ""};
        size_t lens[3] = {0, 0, 0}, k = 0, n;
        const char *line;
        int64_t id;

        end = strchrnul(p, '\n');
        n = (size_t)(end - p);
        line = text_trim(p, &n);
        if (n == 0)
            continue;
        /* the first two '|' split: a URL has no bare '|' and comes last */
        for (const char *q = line; k < 3; k++) {
            const char *bar = k < 2 ? memchr(q, '|', (size_t)(line + n - q)) : NULL;
            size_t len = bar ? (size_t)(bar - q) : (size_t)(line + n - q);
            parts[k] = text_trim(q, &len);
            lens[k] = len;
            if (!bar)
                break;
            q = bar + 1;
        }
        json_t *slide = json_object();
        json_object_set_new(slide, "media", text_parse_i64(parts[0], lens[0], &id)
                                                ? json_integer(id)
                                                : json_stringn(parts[0], lens[0]));
        json_object_set_new(slide, "title", json_stringn(parts[1], lens[1]));
        json_object_set_new(slide, "url", json_stringn(parts[2], lens[2]));
        json_array_append_new(list, slide);
    }
    return list;
}

json_t *portal_config_from_text(const struct portlet_type *t,
                                const char *(*get)(void *ctx, const char *name), void *ctx)
{
    json_t *out = json_object(), *list;
    const char *text, *p, *end, *bar;
    size_t n;

    if (!out)
        return NULL;
    for (size_t i = 0; i < t->nfields; i++) {
        const struct portlet_field *f = &t->fields[i];
        text = get(ctx, f->name);
        switch (f->kind) {
        case PORTLET_BOOL:
            json_object_set_new(out, f->name,
                                json_boolean(text && *text && strcmp(text, "0") != 0));
            break;
        case PORTLET_INT:
            if (text)
                json_object_set_new(out, f->name, int_or_text(text, strlen(text)));
            break;
        case PORTLET_IDS:
            if (!text)
                break;
            list = json_array();
            for (p = text; *p;) {
                while (*p == ',' || *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
                    p++;
                if (!*p)
                    break;
                end = p + strcspn(p, ", \t\r\n");
                json_array_append_new(list, int_or_text(p, (size_t)(end - p)));
                p = end;
            }
            json_object_set_new(out, f->name, list);
            break;
        case PORTLET_LINKS:
            if (!text)
                break;
            list = json_array();
            for (p = text; *p; p = *end ? end + 1 : end) {
                const char *line, *title, *url = "";
                size_t tn, un = 0;
                end = strchrnul(p, '\n');
                n = (size_t)(end - p);
                line = text_trim(p, &n);
                if (n == 0)
                    continue;
                /* "Title | URL": the last '|' splits, as a URL has no bare '|' */
                bar = NULL;
                for (const char *q = line; q < line + n; q++) {
                    if (*q == '|')
                        bar = q;
                }
                tn = bar ? (size_t)(bar - line) : n;
                title = text_trim(line, &tn);
                if (bar) {
                    un = (size_t)(line + n - (bar + 1));
                    url = text_trim(bar + 1, &un);
                }
                json_t *link = json_object();
                json_object_set_new(link, "title", json_stringn(title, tn));
                json_object_set_new(link, "url", json_stringn(url, un));
                json_array_append_new(list, link);
            }
            json_object_set_new(out, f->name, list);
            break;
        case PORTLET_SLIDES:
            if (text)
                json_object_set_new(out, f->name, slides_from_text(text));
            break;
        case PORTLET_TEXT:
        case PORTLET_HTML:
        case PORTLET_CATEGORY:
        case PORTLET_CHOICE:
            if (text)
                json_object_set_new(out, f->name, json_string(text));
            break;
        }
    }
    return out;
}

void portal_config_field_text(const struct portlet_field *f, const json_t *config, struct buf *out)
{
    json_t *v = json_object_get(config, f->name), *item;
    size_t i;

    switch (f->kind) {
    case PORTLET_INT:
        if (json_is_integer(v))
            buf_printf(out, "%lld", (long long)json_integer_value(v));
        else if (json_is_string(v))
            buf_puts(out, json_string_value(v)); /* as typed, to show a refused form again */
        break;
    case PORTLET_BOOL:
        if (json_is_true(v))
            buf_putc(out, '1');
        break;
    case PORTLET_IDS:
        json_array_foreach(v, i, item)
        {
            if (i)
                buf_puts(out, ", ");
            if (json_is_integer(item))
                buf_printf(out, "%lld", (long long)json_integer_value(item));
            else if (json_is_string(item))
                buf_puts(out, json_string_value(item));
        }
        break;
    case PORTLET_LINKS:
        json_array_foreach(v, i, item)
        {
            const char *t = json_string_value(json_object_get(item, "title"));
            const char *u = json_string_value(json_object_get(item, "url"));
            buf_printf(out, "%s | %s\n", t ? t : "", u ? u : "");
        }
        break;
    case PORTLET_SLIDES:
        json_array_foreach(v, i, item)
        {
            const char *t = json_string_value(json_object_get(item, "title"));
            const char *u = json_string_value(json_object_get(item, "url"));
            json_t *m = json_object_get(item, "media");
            if (json_is_integer(m))
                buf_printf(out, "%lld", (long long)json_integer_value(m));
            else if (json_is_string(m))
                buf_puts(out, json_string_value(m));
            buf_printf(out, " | %s | %s\n", t ? t : "", u ? u : "");
        }
        break;
    case PORTLET_TEXT:
    case PORTLET_HTML:
    case PORTLET_CATEGORY:
    case PORTLET_CHOICE:
        if (json_is_string(v))
            buf_add(out, json_string_value(v), json_string_length(v));
        else if (json_is_integer(v))
            buf_printf(out, "%lld", (long long)json_integer_value(v));
        break;
    }
}

enum cong_err portal_portlet_view(const struct portal_env *env, const struct portlet *p,
                                  const struct portlet_type *t, json_t **view)
{
    json_t *config = portal_config_effective(t, p->config), *v = json_object();
    enum cong_err rc;

    *view = NULL;
    if (!config || !v) {
        json_decref(config);
        json_decref(v);
        return CONG_ENOMEM;
    }
    rc = t->render(env, config, v);
    json_decref(config);
    if (rc != CONG_OK) {
        json_decref(v);
        return rc;
    }
    *view = v;
    return CONG_OK;
}
