/*
 * Portal settings: the values that belong to the whole portal (its name, time zone, the
 * counter's starting number...) rather than to one server, kept in the store so every node
 * sees the same. This file holds the one list of known settings and the rule each value must
 * follow, used by `cong setting` and by any admin page that edits them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content_int.h"
#include "../i18n/i18n.h"

static size_t chars(const char *s)
{
    size_t c = 0;

    for (; *s; s++)
        c += ((unsigned char)*s & 0xC0) != 0x80;
    return c;
}

static enum cong_err check_text(const char *key, const char *v, size_t max, bool empty_ok,
                                struct cong_error *err)
{
    if (!empty_ok && !*v)
        return cong_error_set(err, CONG_EINVAL, "'%s' must not be empty", key);
    if (chars(v) > max)
        return cong_error_set(err, CONG_EINVAL, "'%s' is longer than %zu characters", key, max);
    return CONG_OK;
}

static enum cong_err check_zone(const char *key, const char *v, struct cong_error *err)
{
    char path[512];
    FILE *f;
    int n;

    (void)key;
    /* the same test time_set_zone makes, without changing this process's zone */
    n = snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", v);
    if (!*v || strstr(v, "..") || v[0] == '/' || n < 0 || (size_t)n >= sizeof(path) ||
        !(f = fopen(path, "rb")))
        return cong_error_set(err, CONG_EINVAL,
                              "unknown time zone '%s' (an IANA name like Asia/Ho_Chi_Minh)", v);
    fclose(f);
    return CONG_OK;
}

static enum cong_err check_count(const char *key, const char *v, struct cong_error *err)
{
    int64_t n;

    if (!text_parse_i64(v, strlen(v), &n) || n < 0)
        return cong_error_set(err, CONG_EINVAL, "'%s' must be a whole number >= 0", key);
    return CONG_OK;
}

/* Host names and addresses. */

/* A DNS name (letters, digits, '-' in labels of 1..63, 253 in all) or a dotted IPv4. */
static bool is_host_name(const char *s, size_t n)
{
    size_t label = 0;

    if (n == 0 || n > 253)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (label == 0 || s[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return false;
        if (c == '-' && label == 0)
            return false;
        if (++label > 63)
            return false;
    }
    return label > 0 && s[n - 1] != '-';
}

/* "[v6]" with hex digits, ':' and '.' inside. */
static bool is_ipv6_literal(const char *s, size_t n)
{
    if (n < 4 || n > 47 || s[0] != '[' || s[n - 1] != ']')
        return false;
    for (size_t i = 1; i + 1 < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
              c == ':' || c == '.'))
            return false;
    }
    return true;
}

/* HOST or HOST:PORT as a Host header or URL authority carries it, port 1..65535. */
bool content_is_authority(const char *s, size_t n)
{
    const char *colon = NULL;
    int64_t port;

    for (size_t i = n; i > 0; i--) {
        if (s[i - 1] == ':') {
            colon = s + i - 1;
            break;
        }
        if (s[i - 1] == ']')
            break;
    }
    if (colon) {
        size_t plen = n - (size_t)(colon - s) - 1;
        if (plen == 0 || plen > 5 || !text_parse_i64(colon + 1, plen, &port) || port < 1 ||
            port > 65535 || colon[1] == '+' || colon[1] == '-')
            return false;
        n = (size_t)(colon - s);
    }
    return is_host_name(s, n) || is_ipv6_literal(s, n);
}

static void add_lower(struct buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf_putc(b, s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i]);
}

enum cong_err content_base_url_normalise(const char *url, struct buf *out)
{
    size_t n, skip;

    if (!url)
        return CONG_EINVAL;
    n = strlen(url);
    if (!strncmp(url, "https://", 8))
        skip = 8;
    else if (!strncmp(url, "http://", 7))
        skip = 7;
    else
        return CONG_EINVAL;
    if (n > skip && url[n - 1] == '/')
        n--;
    if (!content_is_authority(url + skip, n - skip))
        return CONG_EINVAL;
    add_lower(out, url, n);
    return buf_error(out);
}

static enum cong_err check_base_url(const char *key, const char *v, struct cong_error *err)
{
    struct buf b;
    enum cong_err rc;

    (void)key;
    if (!*v)
        return CONG_OK; /* unset: derived from each request's Host */
    buf_init(&b, 1024);
    rc = content_base_url_normalise(v, &b);
    buf_release(&b);
    if (rc != CONG_OK)
        return cong_error_set(err, CONG_EINVAL,
                              "'base_url' must be http:// or https:// and a host, with an "
                              "optional port, like https://truongchinhtri.example.vn");
    return CONG_OK;
}

static enum cong_err check_unauthorized(const char *key, const char *v, struct cong_error *err)
{
    (void)key;
    if (strcmp(v, "message") != 0 && strcmp(v, "hide") != 0)
        return cong_error_set(err, CONG_EINVAL, "'portlet_unauthorized' is 'message' or 'hide'");
    return CONG_OK;
}

/* A list of names, one a line: at most 100 of them, each 1..200 characters of text. */
static enum cong_err check_list(const char *key, const char *v, struct cong_error *err)
{
    size_t lines = 0;

    for (const char *p = v; *p;) {
        size_t n = strcspn(p, "\n");
        if (n > 800 || ++lines > 100)
            return cong_error_set(err, CONG_EINVAL,
                                  "'%s' is at most 100 names, one a line, of 200 characters "
                                  "each",
                                  key);
        p += n + (p[n] == '\n');
    }
    return CONG_OK;
}

enum setting_kind {
    S_TEXT,
    S_TEXT_OPT,
    S_ZONE,
    S_COUNT,
    S_BASE_URL,
    S_UNAUTHORIZED,
    S_LIST,
    S_SITE, /* a field of the site's settings page: checked as content_site_field says */
};

static const struct {
    const char *key;
    enum setting_kind kind;
    const char *help;
} known[] = {
    {"site_name", S_TEXT, "the portal's name, in the banner and every <title>"},
    {"tagline", S_TEXT_OPT, "the line under the name"},
    {"time_zone", S_ZONE, "IANA time zone of dates and of 'today' (Asia/Ho_Chi_Minh)"},
    {"stats_total_offset", S_COUNT, N_("visits counted before Cổng, added to 'Đã truy cập'")},
    {"base_url", S_BASE_URL, "https://host the portal is reached at, for feeds and links"},
    {"portlet_unauthorized", S_UNAUTHORIZED,
     "what a visitor without permission sees of a portlet: message or hide"},
    {"document_kinds", S_LIST, N_("the kinds of documents (loại văn bản) offered, one a line")},
    {"document_issuers", S_LIST,
     N_("the issuing bodies (cơ quan ban hành) offered, one a line")},
    {"logo", S_SITE, "the media id of the logo in the header; unset: the emblem"},
    {"address", S_SITE, "the institution's postal address, in the footer"},
    {"phone", S_SITE, "its telephone number, in the footer"},
    {"email", S_SITE, "its e-mail address, in the footer"},
    {"footer_text", S_SITE, "a few lines at the foot of every page"},
    {"social_facebook", S_SITE, "the address of its Facebook page"},
    {"social_youtube", S_SITE, "the address of its YouTube channel"},
    {"social_zalo", S_SITE, "the address of its Zalo page"},
    {"language", S_SITE, "the language of the pages: vi or en"},
};

static enum cong_err check_site_value(const struct content_site_field *f, const char *v,
                                      struct cong_error *err);

bool content_setting_is_known(const char *key, const char **help)
{
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (!strcmp(known[i].key, key)) {
            if (help)
                *help = known[i].help;
            return true;
        }
    }
    return false;
}

const char *content_setting_key(size_t i)
{
    return i < sizeof(known) / sizeof(known[0]) ? known[i].key : NULL;
}

enum cong_err content_setting_check(const char *key, const char *value, struct cong_error *err)
{
    if (!text_is_utf8(value, strlen(value)))
        return cong_error_set(err, CONG_EINVAL, "the value of '%s' is not UTF-8 text", key);
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcmp(known[i].key, key) != 0)
            continue;
        switch (known[i].kind) {
        case S_TEXT: return check_text(key, value, 200, false, err);
        case S_TEXT_OPT: return check_text(key, value, 300, true, err);
        case S_ZONE: return check_zone(key, value, err);
        case S_COUNT: return check_count(key, value, err);
        case S_BASE_URL: return check_base_url(key, value, err);
        case S_UNAUTHORIZED: return check_unauthorized(key, value, err);
        case S_LIST: return check_list(key, value, err);
        case S_SITE: {
            for (size_t k = 0; content_site_field_at(k); k++) {
                if (!strcmp(content_site_field_at(k)->key, key))
                    return check_site_value(content_site_field_at(k), value, err);
            }
            return CONG_OK;
        }
        }
    }
    return cong_error_set(err, CONG_EINVAL, "unknown setting '%s' (see cong setting list)", key);
}

enum cong_err content_setting_set(struct store *st, const char *key, const char *value,
                                  struct cong_error *err)
{
    enum cong_err rc = content_setting_check(key, value, err);

    if (rc != CONG_OK)
        return rc;
    rc = store_set_setting(st, key, value);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, "cannot save setting '%s': %s", key, cong_strerror(rc));
    return CONG_OK;
}

/* The site's settings page and API. */

static const struct content_site_field site_fields[] = {
    {"name", "site_name", N_("Tên cổng"), CONTENT_SF_TEXT, N_("Hiện ở đầu trang và trong tiêu đề mọi trang.")},
    {"tagline", "tagline", N_("Khẩu hiệu"), CONTENT_SF_TEXT, N_("Dòng nhỏ dưới tên cổng; có thể để trống.")},
    {"logo", "logo", N_("Biểu trưng (logo)"), CONTENT_SF_MEDIA,
     N_("Số của một ảnh trong thư viện; để trống thì dùng quốc huy mặc định.")},
    {"address", "address", N_("Địa chỉ"), CONTENT_SF_TEXT, NULL},
    {"phone", "phone", N_("Điện thoại"), CONTENT_SF_PHONE, NULL},
    {"email", "email", N_("Thư điện tử"), CONTENT_SF_EMAIL, NULL},
    {"footer", "footer_text", N_("Nội dung chân trang"), CONTENT_SF_LONGTEXT,
     N_("Vài dòng ở cuối mọi trang: cơ quan chủ quản, giấy phép...")},
    {"facebook", "social_facebook", "Facebook", CONTENT_SF_URL, N_("Địa chỉ trang Facebook.")},
    {"youtube", "social_youtube", "YouTube", CONTENT_SF_URL, N_("Địa chỉ kênh YouTube.")},
    {"zalo", "social_zalo", "Zalo", CONTENT_SF_URL, N_("Địa chỉ trang Zalo.")},
    {"language", "language", N_("Ngôn ngữ"), CONTENT_SF_LANGUAGE,
     N_("Ngôn ngữ mặc định của các trang: tiếng Việt hoặc tiếng Anh.")},
    {"hide_unauthorized", "portlet_unauthorized", N_("Ẩn portlet người xem không có quyền"),
     CONTENT_SF_FLAG, N_("Không chọn: hiện thông báo chưa đủ quyền ở chỗ portlet.")},
    {"counter_offset", "stats_total_offset", N_("Số lượt truy cập ban đầu"), CONTENT_SF_COUNT,
     N_("Cộng vào “Đã truy cập” (số lượt của hệ thống cũ).")},
    {"base_url", "base_url", N_("Địa chỉ gốc"), CONTENT_SF_BASE_URL,
     N_("Ví dụ https://truong.example.vn; để trống thì lấy theo từng yêu cầu.")},
};
#define NSITE_FIELDS (sizeof(site_fields) / sizeof(site_fields[0]))

const struct content_site_field *content_site_field_at(size_t i)
{
    return i < NSITE_FIELDS ? &site_fields[i] : NULL;
}

const struct content_site_field *content_site_field_find(const char *name)
{
    for (size_t i = 0; name && i < NSITE_FIELDS; i++) {
        if (!strcmp(site_fields[i].field, name))
            return &site_fields[i];
    }
    return NULL;
}

enum cong_err content_site_field_get(struct store *st, struct arena *a,
                                     const struct content_site_field *f, const char **value)
{
    char *v = NULL;
    enum cong_err rc = store_get_setting(st, a, f->key, &v);

    *value = "";
    if (rc == CONG_ENOTFOUND)
        rc = CONG_OK, v = NULL;
    if (rc != CONG_OK)
        return rc;
    if (f->kind == CONTENT_SF_FLAG)
        *value = v && !strcmp(v, "hide") ? "1" : "0";
    else if (f->kind == CONTENT_SF_LANGUAGE)
        *value = v && !strcmp(v, "en") ? "en" : "vi";
    else if (f->kind == CONTENT_SF_COUNT)
        *value = v && *v ? v : "0";
    else
        *value = v ? v : "";
    return CONG_OK;
}

enum i18n_lang content_site_lang(struct store *st)
{
    enum i18n_lang lang = I18N_VI;
    struct arena a;
    char *v = NULL;

    arena_init(&a, 0);
    if (store_get_setting(st, &a, "language", &v) == CONG_OK && v)
        (void)i18n_parse(v, &lang);
    arena_release(&a);
    return lang;
}

static bool is_email(const char *v)
{
    const char *at = strchr(v, '@');
    size_t n = strlen(v);

    if (!at || at == v || strchr(at + 1, '@') || n > 254)
        return false;
    for (const char *p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == ',' || c == ';' || c == 0x7f)
            return false;
    }
    return content_is_authority(at + 1, strlen(at + 1)) && strchr(at + 1, '.') &&
           !strchr(at + 1, ':');
}

static bool is_phone(const char *v)
{
    size_t digits = 0;

    for (const char *p = v; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" +.()-", *p))
            return false;
    }
    return digits >= 3 && strlen(v) <= 40;
}

static bool is_web_url(const char *v)
{
    return (!strncmp(v, "https://", 8) || !strncmp(v, "http://", 7)) &&
           content_menu_url_is_allowed(v);
}

/* Checks v for f; CONG_EINVAL with a Vietnamese message and err->field. The media library is
   not looked at here (content_site_settings_update does). */
static enum cong_err check_site_value(const struct content_site_field *f, const char *v,
                                      struct cong_error *err)
{
    size_t n = strlen(v);
    int64_t num;

    if (!text_is_utf8(v, n))
        return cong_error_field(err, f->field, CONG_EINVAL, _("%s không phải văn bản UTF-8 hợp lệ."),
                                _(f->label));
    switch (f->kind) {
    case CONTENT_SF_TEXT:
        if (f->kind == CONTENT_SF_TEXT && !strcmp(f->key, "site_name") && !n)
            return cong_error_field(err, f->field, CONG_EINVAL, _("Cần nhập tên cổng."));
        if (chars(v) > 300 || strchr(v, '\n'))
            return cong_error_field(err, f->field, CONG_EINVAL,
                                    _("%s là một dòng, tối đa 300 ký tự."), _(f->label));
        return CONG_OK;
    case CONTENT_SF_LONGTEXT:
        if (chars(v) > 2000)
            return cong_error_field(err, f->field, CONG_EINVAL, _("%s dài tối đa 2000 ký tự."),
                                    _(f->label));
        return CONG_OK;
    case CONTENT_SF_MEDIA:
        if (n && (!text_parse_i64(v, n, &num) || num < 0))
            return cong_error_field(err, f->field, CONG_EINVAL,
                                    _("Biểu trưng là số của một ảnh trong thư viện."));
        return CONG_OK;
    case CONTENT_SF_EMAIL:
        if (n && !is_email(v))
            return cong_error_field(err, f->field, CONG_EINVAL,
                                    _("Địa chỉ thư điện tử không hợp lệ (ví dụ: vanphong@example.vn)."));
        return CONG_OK;
    case CONTENT_SF_PHONE:
        if (n && !is_phone(v))
            return cong_error_field(err, f->field, CONG_EINVAL,
                                    _("Số điện thoại chỉ gồm chữ số, dấu cách và + . ( ) -."));
        return CONG_OK;
    case CONTENT_SF_URL:
        if (n && !is_web_url(v))
            return cong_error_field(err, f->field, CONG_EINVAL,
                                    _("%s phải là địa chỉ bắt đầu bằng http:// hoặc https://."),
                                    _(f->label));
        return CONG_OK;
    case CONTENT_SF_LANGUAGE:
        if (strcmp(v, "vi") != 0 && strcmp(v, "en") != 0)
            return cong_error_field(err, f->field, CONG_EINVAL,
                                    _("Ngôn ngữ là vi (tiếng Việt) hoặc en (tiếng Anh)."));
        return CONG_OK;
    case CONTENT_SF_FLAG:
        if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)
            return cong_error_field(err, f->field, CONG_EINVAL, _("%s là có hoặc không."), _(f->label));
        return CONG_OK;
    case CONTENT_SF_COUNT:
        if (!text_parse_i64(v, n, &num) || num < 0)
            return cong_error_field(err, f->field, CONG_EINVAL,
                                    _("%s là một số nguyên không âm."), _(f->label));
        return CONG_OK;
    case CONTENT_SF_BASE_URL:
        if (check_base_url(f->key, v, err) != CONG_OK)
            return cong_error_field(err, f->field, CONG_EINVAL,
                                    _("Địa chỉ gốc là http:// hoặc https:// và tên miền, ví dụ "
                                    "https://truong.example.vn."));
        return CONG_OK;
    }
    return CONG_OK;
}

/* The stored text of value for f ("hide"/"message" of a flag). */
static const char *stored_of(const struct content_site_field *f, const char *value)
{
    if (f->kind == CONTENT_SF_FLAG)
        return !strcmp(value, "1") ? "hide" : "message";
    if (f->kind == CONTENT_SF_MEDIA && !strcmp(value, "0"))
        return "";
    return value;
}

enum cong_err content_site_settings_update(struct store *st, const struct content_actor *who,
                                           struct arena *a,
                                           const struct content_site_field *const *fields,
                                           const char *const *values, size_t n,
                                           struct cong_error *err)
{
    enum cong_err rc;

    if (!who || who->role != AUTH_ADMIN)
        return cong_error_set(err, CONG_EPERM, _("Chỉ quản trị viên được sửa cài đặt của cổng."));
    for (size_t i = 0; i < n; i++) {
        const char *v = values[i] ? values[i] : "";
        if ((rc = check_site_value(fields[i], v, err)) != CONG_OK)
            return rc;
        if (fields[i]->kind == CONTENT_SF_MEDIA && *v && strcmp(v, "0") != 0) {
            struct content_image img;
            int64_t id = 0;
            (void)text_parse_i64(v, strlen(v), &id);
            rc = content_media_image(st, a, id, &img);
            if (rc == CONG_ENOTFOUND || (rc == CONG_OK && strncmp(img.mime, "image/", 6) != 0))
                return cong_error_field(err, fields[i]->field, CONG_EINVAL,
                                        _("Không có ảnh số %s trong thư viện."), v);
            if (rc != CONG_OK)
                return cong_error_set(err, rc, _("không đọc được thư viện: %s"), cong_strerror(rc));
        }
    }
    for (size_t i = 0; i < n; i++) {
        const char *old = "", *v = stored_of(fields[i], values[i] ? values[i] : "");
        char *was = NULL;

        rc = store_get_setting(st, a, fields[i]->key, &was);
        if (rc == CONG_OK)
            old = was ? was : "";
        else if (rc != CONG_ENOTFOUND)
            return cong_error_set(err, rc, _("không đọc được cài đặt: %s"), cong_strerror(rc));
        if (!strcmp(old, v))
            continue;
        rc = store_set_setting(st, fields[i]->key, v);
        if (rc != CONG_OK)
            return cong_error_set(err, rc, _("không lưu được cài đặt '%s': %s"), fields[i]->key,
                                  cong_strerror(rc));
        /* the old and new values as they are, in no language */
        (void)content_audit(st, who, 0, "setting_changed", fields[i]->key,
                            arena_printf(a, "%s → %s", old, v));
    }
    return CONG_OK;
}
