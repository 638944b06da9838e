/* Shared by the files of src/editorial only. */
#ifndef CONG_EDITORIAL_INT_H
#define CONG_EDITORIAL_INT_H

#include <jansson.h>

#include "../content/content.h"
#include "editorial.h"

struct editorial {
    struct site *site;
    struct auth *auth;
    struct api *api;
};

/* The routes of each file. */
enum cong_err editorial_articles_routes(struct editorial *ed, struct http_router *r);
enum cong_err editorial_categories_routes(struct editorial *ed, struct http_router *r);
enum cong_err editorial_media_routes(struct editorial *ed, struct http_router *r);

#endif
