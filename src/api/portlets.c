/*
 * The portlets of the JSON API: GET, PATCH and DELETE /api/v1/portlets/PID, and what
 * pages.c shares to add one to a page (POST /api/v1/pages/ID/portlets): a portlet's view and
 * the reading of a change. Only admins may use them: a portlet's configuration can hold what
 * its view roles keep from others. Writes go through the portal module, the same functions
 * as the admin pages, so a configuration refused there is refused here with the same message,
 * and nothing is written.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../portal/portal.h"

static const char msg_no_portlet[] = N_("Không có portlet này.");

/* A new portlet's fields; a change takes the same without "type" (it cannot change). */
const struct web_field api_portlet_new_fields[] = {
    {"type", WEB_TEXT, WEB_REQUIRED, 0},
    {"region", WEB_TEXT, WEB_NULLABLE, 0},
    {"position", WEB_INT, WEB_NULLABLE, 0},
    {"title", WEB_TEXT, WEB_NULLABLE, 0},
    {"config", WEB_OBJECT, WEB_NULLABLE, 0},
    {"view_roles", WEB_TEXTS, WEB_NULLABLE, 0},
    {"unauthorized", WEB_TEXT, WEB_NULLABLE, 0},
    {NULL, 0, 0, 0},
};
static const struct web_field *const change_fields = api_portlet_new_fields + 1;

/* The roles of a stored set as names; NULL when out of memory. */
static json_t *roles_view(const char *stored)
{
    json_t *roles = json_array();
    unsigned mask;
    bool ok = roles != NULL;

    if (ok && portal_roles_parse(stored, &mask, NULL) == CONG_OK) {
        for (enum auth_role r = AUTH_GUEST; ok && r <= AUTH_ADMIN; r++) {
            if (mask & PORTAL_ROLE_BIT(r))
                ok = web_list_add(roles, json_string(auth_role_name(r)));
        }
    }
    if (!ok) {
        json_decref(roles);
        return NULL;
    }
    return roles;
}

json_t *api_portlet_view(const struct portlet *p)
{
    json_t *config = json_loads(p->config, 0, NULL);

    return web_view((struct web_kv[]){
        WEB_I("id", p->id),
        WEB_I("page_id", p->page_id),
        WEB_S("type", p->type),
        WEB_S("region", p->region),
        WEB_I("position", p->position),
        WEB_S("title", p->title),
        WEB_N("config", config ? config : json_object()),
        WEB_N("view_roles", roles_view(p->view_roles)),
        WEB_S("unauthorized", p->unauthorized),
        WEB_ISO("updated_at", p->updated_at),
        WEB_END});
}

bool api_portlet_change_or_respond(struct http_request *req, struct http_response *res,
                                   json_t *body, struct portal_portlet_change *ch)
{
    json_t *roles = json_object_get(body, "view_roles"), *item;
    const char **names;
    size_t i;

    *ch = (struct portal_portlet_change){.position = PORTAL_POSITION_KEEP};
    ch->type = web_json_text(body, "type");
    ch->region = web_json_text(body, "region");
    ch->title = web_json_text(body, "title");
    ch->unauthorized = web_json_text(body, "unauthorized");
    if (web_json_int(body, "position", &ch->position) && ch->position < 0) {
        web_json_error(res, 400, "invalid_field", "position",
                       _("Trường 'position' phải là số nguyên từ 0."));
        return false;
    }
    if (json_is_object(json_object_get(body, "config")))
        ch->config = json_object_get(body, "config");
    if (!json_is_array(roles))
        return true;
    names = arena_alloc(req->arena, (json_array_size(roles) + 1) * sizeof(*names));
    if (!names) {
        web_json_fail(res, CONG_ENOMEM, NULL);
        return false;
    }
    json_array_foreach(roles, i, item)
        names[i] = json_string_value(item);
    ch->set_roles = true;
    ch->view_roles = names;
    ch->nview_roles = json_array_size(roles);
    return true;
}

/* Answers status with portlet id as it is now. */
static void answer_portlet(struct api *api, struct http_request *req, struct http_response *res,
                           int64_t id, int status)
{
    struct portlet p;
    enum cong_err rc = store_get_portlet(web_store(api->web, req), req->arena, id, &p);

    if (rc == CONG_ENOTFOUND) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_portlet));
        return;
    }
    if (rc != CONG_OK) {
        web_json_fail(res, rc, NULL);
        return;
    }
    if (status == 201) {
        api_created(res, arena_printf(req->arena, "/api/v1/portlets/%lld", (long long)id),
                    api_portlet_view(&p));
        return;
    }
    api_answer(res, status, api_portlet_view(&p));
}

static void h_patch(struct http_request *req, struct http_response *res, struct api *api,
                    int64_t id)
{
    struct cong_error err = {0};
    struct portal_portlet_change ch;
    json_t *body;
    enum cong_err rc;

    if (!(body = api_body_or_respond(req, res, change_fields)))
        return;
    if (!api_portlet_change_or_respond(req, res, body, &ch)) {
        json_decref(body);
        return;
    }
    rc = portal_portlet_update(web_store(api->web, req), req->arena, id, &ch, &err);
    json_decref(body);
    if (rc != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_portlet(api, req, res, id, 200);
}

static void h_portlet(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *api = ctx;
    struct cong_error err = {0};
    struct web_viewer v;
    int64_t id;
    enum cong_err rc;

    if (!(req->method & (HTTP_GET | HTTP_HEAD | HTTP_PATCH | HTTP_DELETE))) {
        web_json_method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
        return;
    }
    if (!web_api_or_respond(api->web, req, res, AUTH_ADMIN, &v))
        return;
    if (!web_parse_id(req->params[0], false, &id)) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_portlet));
        return;
    }
    if (req->method == HTTP_PATCH) {
        h_patch(req, res, api, id);
        return;
    }
    if (req->method != HTTP_DELETE) {
        answer_portlet(api, req, res, id, 200);
        return;
    }
    if ((rc = portal_portlet_delete(web_store(api->web, req), id, &err)) != CONG_OK) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_no_content(res);
}

const struct api_route api_portlets_table[] = {
    {"/api/v1/portlets/:id", h_portlet, "pages",
     {{HTTP_GET, "One portlet.", AUTH_ADMIN, NULL, 200, false},
      {HTTP_PATCH, "Changes a portlet: title, configuration, who sees it, its place.",
       AUTH_ADMIN, api_portlet_new_fields + 1, 200, false},
      {HTTP_DELETE, "Deletes a portlet.", AUTH_ADMIN, NULL, 204, false}}},
    {NULL, NULL, NULL, {{0}}},
};
