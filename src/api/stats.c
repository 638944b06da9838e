/*
 * GET /api/v1/stats: the visitor counter's three numbers, exact (the last second included).
 * Public, like the counter every page shows. It only reads the counter the web layer was
 * given; counting is the site's and the stats module's.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include "../stats/stats.h"

static void h_stats(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct stats_counts c;
    enum cong_err rc;

    if (!(req->method & (HTTP_GET | HTTP_HEAD))) {
        web_json_method_not_allowed(res, "GET, HEAD");
        return;
    }
    if (!web_stats(api->web)) {
        web_json_error(res, 404, "not_found", NULL, _("Máy chủ này không đếm lượt truy cập."));
        return;
    }
    if ((rc = stats_read(web_stats(api->web), web_site(api->web, req)->id, &c)) != CONG_OK) {
        web_json_fail(res, rc == CONG_ENOMEM ? rc : CONG_EIO, NULL);
        return;
    }
    api_answer(res, 200,
               web_view((struct web_kv[]){WEB_I("online", c.online), WEB_I("today", c.today),
                                          WEB_I("total", c.total), WEB_END}));
}

const struct api_route api_stats_table[] = {
    {"/api/v1/stats", h_stats, "statistics",
     {{HTTP_GET, "The visitor counter: online, today, total (exact).", AUTH_GUEST, NULL, 200,
       false}}},
    {NULL, NULL, NULL, {{0}}},
};
