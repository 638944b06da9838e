/* The articles endpoints of the editorial API (being written). */
#include "editorial_int.h"

enum cong_err editorial_articles_routes(struct editorial *ed, struct http_router *r)
{
    (void)ed;
    (void)r;
    return CONG_OK;
}
