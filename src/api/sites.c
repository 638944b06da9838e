/*
 * GET|POST /api/v1/sites: the sites of the server, for the admins of the default site only
 * (an admin of another site manages that site alone, and learns nothing of the others).
 * POST {host, name, parent} adds one with the pages every portal needs; GET lists them.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include "../content/content.h"
#include "../portal/portal.h"

static json_t *site_view(const struct site *s, const char *parent_host)
{
    return web_view((struct web_kv[]){
        WEB_I("id", s->id), WEB_S("host", s->host), WEB_S("name", s->name),
        WEB_J("parent", parent_host ? web_jstr(parent_host) : json_null()),
        WEB_B("default", s->id == STORE_DEFAULT_SITE), WEB_ISO("created_at", s->created_at),
        WEB_END});
}

/* The host of site id among sites[0..n), or NULL. */
static const char *host_of(const struct site *sites, size_t n, int64_t id)
{
    for (size_t i = 0; id && i < n; i++) {
        if (sites[i].id == id)
            return sites[i].host;
    }
    return NULL;
}

static void list(struct api *api, struct http_request *req, struct http_response *res)
{
    struct site *sites;
    json_t *items = json_array();
    size_t n;
    enum cong_err rc;

    rc = store_list_sites(web_root_store(api->web), req->arena, &sites, &n);
    if (rc != CONG_OK) {
        json_decref(items);
        web_json_fail(res, rc, NULL);
        return;
    }
    for (size_t i = 0; items && i < n; i++) {
        if (!web_list_add(items, site_view(&sites[i], host_of(sites, n, sites[i].parent_id)))) {
            json_decref(items);
            items = NULL;
        }
    }
    api_list(res, items, 1, (int64_t)n, n);
}

static const struct web_field site_fields[] = {
    {"host", WEB_TEXT, WEB_REQUIRED, CONTENT_HOST_MAX},
    {"name", WEB_TEXT, WEB_REQUIRED, 1000},
    {"parent", WEB_TEXT, WEB_NULLABLE, CONTENT_HOST_MAX},
    {NULL, 0, 0, 0},
};

static void add(struct api *api, struct http_request *req, struct http_response *res,
                const struct web_viewer *v)
{
    struct store *root = web_root_store(api->web), *st;
    struct content_actor who;
    struct cong_error err = {0};
    struct site s;
    json_t *body = api_body_or_respond(req, res, site_fields);
    const char *parent;
    int64_t id;
    enum cong_err rc;

    if (!body)
        return;
    web_actor(v, req, &who);
    /* a copy: the body's strings go with it */
    parent = web_json_text(body, "parent");
    parent = parent && *parent ? arena_strdup(req->arena, parent) : NULL;
    rc = content_site_add(root, &who, web_json_text(body, "host"), web_json_text(body, "name"),
                          parent, &id, &err);
    json_decref(body);
    /* its pages, as `cong init` gives them; a failure leaves a site `cong init` completes */
    if (rc == CONG_OK && ((rc = store_for_site(root, id, &st)) != CONG_OK ||
                          (rc = portal_install_defaults(st, &err)) != CONG_OK))
        log_error("site %lld: its pages were not made: %s", (long long)id, err.msg);
    if (rc == CONG_OK)
        rc = store_get_site(root, req->arena, id, &s);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_created(res, arena_printf(req->arena, "/api/v1/sites/%lld", (long long)id),
                site_view(&s, parent));
}

static void h_sites(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct web_viewer v;

    if (!web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
        return;
    if (!v.user.default_admin) {
        web_json_error(res, 403, "forbidden", NULL,
                       _("Chỉ quản trị viên của cổng chính mới quản lý các cổng."));
        return;
    }
    if (req->method & (HTTP_GET | HTTP_HEAD))
        list(api, req, res);
    else if (req->method == HTTP_POST)
        add(api, req, res, &v);
    else
        web_json_method_not_allowed(res, "GET, HEAD, POST");
}

const struct api_route api_sites_table[] = {
    {"/api/v1/sites", h_sites, "sites",
     {{HTTP_GET, "Every site of the server (admins of the default site).", AUTH_ADMIN, NULL, 200,
       false},
      {HTTP_POST, "Adds a site with its pages (admins of the default site).", AUTH_ADMIN,
       site_fields, 201, false}}},
    {NULL, NULL, NULL, {{0}}},
};
