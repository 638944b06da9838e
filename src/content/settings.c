/*
 * Portal settings: the values that belong to the whole portal (its name, time zone, the
 * counter's starting number...) rather than to one server, kept in the store so every node
 * sees the same. This file holds the one list of known settings and the rule each value must
 * follow, used by `cong setting` and by any admin page that edits them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"

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

enum setting_kind { S_TEXT, S_TEXT_OPT, S_ZONE, S_COUNT, S_BASE_URL, S_UNAUTHORIZED, S_LIST };

static const struct {
    const char *key;
    enum setting_kind kind;
    const char *help;
} known[] = {
    {"site_name", S_TEXT, "the portal's name, in the banner and every <title>"},
    {"tagline", S_TEXT_OPT, "the line under the name"},
    {"time_zone", S_ZONE, "IANA time zone of dates and of 'today' (Asia/Ho_Chi_Minh)"},
    {"stats_total_offset", S_COUNT, "visits counted before Cổng, added to 'Đã truy cập'"},
    {"base_url", S_BASE_URL, "https://host the portal is reached at, for feeds and links"},
    {"portlet_unauthorized", S_UNAUTHORIZED,
     "what a visitor without permission sees of a portlet: message or hide"},
    {"document_kinds", S_LIST, "the kinds of documents (loại văn bản) offered, one a line"},
    {"document_issuers", S_LIST,
     "the issuing bodies (cơ quan ban hành) offered, one a line"},
};

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
