/* Shared inside src/http only. */
#ifndef CONG_HTTP_INT_H
#define CONG_HTTP_INT_H

#include "http.h"

/* Finds the route for req and runs it (or the fallback, or a 405/404 error). */
void http_router_dispatch(struct http_router *r, struct http_request *req,
                          struct http_response *res);

#endif
