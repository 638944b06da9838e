/* Shared by the files of src/web only: the layer's state. */
#ifndef CONG_WEB_INT_H
#define CONG_WEB_INT_H

#include "web.h"

struct web {
    struct store *store;
    struct auth *auth; /* NULL: everyone is a guest */
    struct stats *stats;
    struct tmpl_set *tmpl;
    struct http_static *assets;
    char *name;
    char *tagline;
    char *static_prefix; /* "/static/VERSION" */
    char *base_url;      /* the base_url setting, normalised; "" when unset */
    size_t sitemap_max;
    size_t media_max;
    int64_t (*now)(void);
};

/* Where the login form is, and where its token cookie is scoped. */
#define WEB_LOGIN_PATH "/dang-nhap"

/* frame.c: true if the request is for the JSON API (its errors answer in JSON). */
bool web_is_api(const struct http_request *req);

#endif
