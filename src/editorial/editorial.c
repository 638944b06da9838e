/* The editorial web's state and its routes, one group per file. */
#include "editorial_int.h"

#include <stdlib.h>

enum cong_err editorial_new(struct web *web, struct auth *au, struct api *api,
                            struct editorial **out)
{
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return CONG_ENOMEM;
    (*out)->web = web;
    (*out)->auth = au;
    (*out)->api = api;
    return CONG_OK;
}

void editorial_free(struct editorial *ed)
{
    free(ed);
}

enum cong_err editorial_add_routes(struct editorial *ed, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = editorial_articles_routes(ed, r)) || (rc = editorial_categories_routes(ed, r)) ||
        (rc = editorial_media_routes(ed, r)))
        return rc;
    return CONG_OK;
}
