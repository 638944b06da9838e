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

static enum cong_err check_base_url(const char *key, const char *v, struct cong_error *err)
{
    const char *host;

    (void)key;
    if (!*v)
        return CONG_OK; /* unset: derived from each request's Host */
    if (!strncmp(v, "https://", 8))
        host = v + 8;
    else if (!strncmp(v, "http://", 7))
        host = v + 7;
    else
        return cong_error_set(err, CONG_EINVAL, "'base_url' must start with https:// or http://");
    if (!*host || strpbrk(host, "/?#@ \\\"'<>") || host[strlen(host) - 1] == '.')
        return cong_error_set(err, CONG_EINVAL,
                              "'base_url' must be a scheme and a host only, like "
                              "https://truongchinhtri.example.vn");
    return CONG_OK;
}

static enum cong_err check_unauthorized(const char *key, const char *v, struct cong_error *err)
{
    (void)key;
    if (strcmp(v, "message") != 0 && strcmp(v, "hide") != 0)
        return cong_error_set(err, CONG_EINVAL, "'portlet_unauthorized' is 'message' or 'hide'");
    return CONG_OK;
}

enum setting_kind { S_TEXT, S_TEXT_OPT, S_ZONE, S_COUNT, S_BASE_URL, S_UNAUTHORIZED };

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
