/*
 * The admin's composition pages: /quan-tri/trang (the pages, and a form to make one),
 * /quan-tri/trang/ID (a page's settings, its portlets region by region with buttons to move
 * and remove them, a form to add one) and /quan-tri/portlet/ID (a portlet's title, region,
 * configuration and permissions). Only admins reach them. They are plain forms with the
 * session's CSRF token: they work with a keyboard and without JavaScript, and need no inline
 * script or style. Every change goes through the portal module's checks, the same as the
 * API's; a refused form comes back with the values typed and one clear message, and nothing
 * is written. A change answers 303 back to the page, so a reload never repeats it, and is
 * written to the audit log. The gate is the admin module's rule, re-stated here with the
 * auth module (src/admin keeps its helpers to itself): a guest goes to the login page and
 * comes back, a role below admin gets 403, a POST without the token 403.
 */
#include "portal_int.h"

#include <stdlib.h>
#include <string.h>

#include "../content/content.h"
#include "../http/http.h"
#include "../web/web.h"

#define LOGIN_PATH "/dang-nhap"
#define TARGET_MAX 2048

static const char msg_forbidden[] = "Bạn không có quyền truy cập trang này.";
static const char msg_csrf[] = "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                               "Vui lòng tải lại trang rồi thử lại.";

/* What ?tb= says after a change. */
static const struct {
    const char *key;
    const char *text;
} notices[] = {
    {"tao", "Đã tạo trang."},         {"luu", "Đã lưu."},
    {"xoa", "Đã xoá trang."},         {"them", "Đã thêm portlet. Hãy cấu hình nó bên dưới."},
    {"chuyen", "Đã chuyển portlet."}, {"bo", "Đã xoá portlet."},
};

enum cong_err portal_web_new(struct web *web, struct auth *au, struct api *api,
                             struct portal_web **out)
{
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return CONG_ENOMEM;
    (*out)->web = web;
    (*out)->auth = au;
    (*out)->api = api;
    return CONG_OK;
}

void portal_web_free(struct portal_web *w)
{
    free(w);
}

enum cong_err portal_web_add_routes(struct portal_web *w, struct http_router *r)
{
    return portal_admin_add_routes(w, r);
}

const char *portal_roles_label(struct arena *a, const char *stored)
{
    unsigned mask;
    struct buf b;
    const char *out;

    if (portal_roles_parse(stored, &mask, NULL) != CONG_OK)
        return "Không ai";
    if (mask == PORTAL_EVERYONE)
        return "Mọi người";
    buf_init(&b, 512);
    for (enum auth_role r = AUTH_GUEST; r <= AUTH_ADMIN; r++) {
        if (mask & PORTAL_ROLE_BIT(r))
            buf_printf(&b, "%s%s", b.len ? ", " : "", auth_role_label(r));
    }
    out = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out ? out : "";
}

/* Answers. */

static void private_answer(struct http_response *res)
{
    http_response_set_header(res, "Cache-Control", "no-store");
    http_response_set_header(res, "X-Robots-Tag", "noindex");
}

static void fail(struct portal_web *w, struct http_request *req, struct http_response *res,
                 int status, const char *message)
{
    web_page_error(w->web, req, res, status, message);
    private_answer(res);
}

static void store_failed(struct portal_web *w, struct http_request *req, struct http_response *res,
                         enum cong_err rc)
{
    if (rc != CONG_ENOMEM)
        log_error("admin: cannot answer '%s': %s", req->path, cong_strerror(rc));
    fail(w, req, res, 503,
         rc == CONG_ENOMEM ? "Máy chủ đang quá tải, xin thử lại sau."
                           : "Không đọc được dữ liệu lúc này, xin thử lại sau ít phút.");
}

static void see_other(struct http_request *req, struct http_response *res, const char *location)
{
    http_response_redirect(req, res, 303, location);
    private_answer(res);
}

/* The page to come back to after logging in: this one, if it is a plain local path. */
static void to_login(struct http_request *req, struct http_response *res)
{
    struct buf b;
    const char *loc = NULL;
    size_t n = strlen(req->raw_path);
    bool plain = n < TARGET_MAX && req->raw_path[0] == '/' && req->raw_path[1] != '/';

    for (size_t i = 0; plain && i < n; i++)
        plain = req->raw_path[i] > 0x20 && req->raw_path[i] < 0x7f && req->raw_path[i] != '\\';
    buf_init(&b, 4 * TARGET_MAX);
    buf_puts(&b, LOGIN_PATH);
    if (plain) {
        buf_puts(&b, "?tiep=");
        buf_add_urlenc(&b, req->raw_path, n);
    }
    if (!buf_error(&b))
        loc = arena_strndup(req->arena, b.data, b.len);
    buf_release(&b);
    see_other(req, res, loc ? loc : LOGIN_PATH);
}

/*
 * The checks before any page here: a live session of an admin, and for a POST a decoded
 * form, not from another site, with the session's token. Fills *s; false once it answered.
 */
static bool admin_or_respond(struct portal_web *w, struct http_request *req,
                             struct http_response *res, struct auth_session *s)
{
    const char *cookie = http_request_cookie(req, AUTH_SESSION_COOKIE), *from;
    enum cong_err rc;

    memset(s, 0, sizeof(*s));
    rc = cookie ? auth_session_find(w->auth, req->arena, cookie, s) : CONG_ENOTFOUND;
    if (rc == CONG_ENOTFOUND) {
        to_login(req, res);
        return false;
    }
    if (rc != CONG_OK) {
        store_failed(w, req, res, rc);
        return false;
    }
    if (s->user.role != AUTH_ADMIN) {
        fail(w, req, res, 403, msg_forbidden);
        return false;
    }
    if (req->method == HTTP_POST) {
        if (http_request_form(req) != CONG_OK) {
            fail(w, req, res, 400, "Dữ liệu biểu mẫu không hợp lệ.");
            return false;
        }
        from = http_request_header(req, "Sec-Fetch-Site");
        if ((from && !strcmp(from, "cross-site")) ||
            !auth_csrf_is_valid(s, http_request_form_value(req, "csrf"))) {
            fail(w, req, res, 403, msg_csrf);
            return false;
        }
    }
    return true;
}

/* The data of every page here: the site's, the viewer (as admin-nav wants it) and the token. */
static json_t *page_data(struct portal_web *w, struct http_request *req, const char *title,
                         const struct auth_session *s)
{
    json_t *ctx = web_page_data(w->web, req, title, req->path, NULL, "admin", 0), *v;
    const char *tb = http_request_query(req, "tb");

    v = json_object();
    json_object_set_new(v, "name", json_string(s->user.name));
    json_object_set_new(v, "role", json_string(auth_role_name(s->user.role)));
    json_object_set_new(v, "role_label", json_string(auth_role_label(s->user.role)));
    json_object_set_new(v, "is_admin", json_true());
    json_object_set_new(v, "home", json_string("/quan-tri"));
    json_object_set_new(ctx, "viewer", v);
    json_object_set_new(ctx, "csrf", json_string(s->csrf));
    for (size_t i = 0; tb && i < sizeof(notices) / sizeof(notices[0]); i++) {
        if (!strcmp(tb, notices[i].key))
            json_object_set_new(ctx, "notice", json_string(notices[i].text));
    }
    return ctx;
}

static void render(struct portal_web *w, struct http_request *req, struct http_response *res,
                   int status, const char *tmpl, json_t *ctx)
{
    web_render(w->web, req, res, status, tmpl, ctx);
    private_answer(res);
}

static void audit(struct portal_web *w, struct http_request *req, const struct auth_session *s,
                  const char *action, const char *target, const char *detail)
{
    struct auth_actor by = auth_actor_of(&s->user, req->remote_addr);

    /* the change is made; a log that cannot be written is reported, not undone */
    if (auth_audit(w->auth, &by, action, target, detail) != CONG_OK)
        log_error("admin: cannot write '%s' to the audit log", action);
}

/* The status a refused change answers with. */
static int status_of(enum cong_err rc)
{
    switch (rc) {
    case CONG_EINVAL: return 400;
    case CONG_ENOTFOUND: return 404;
    case CONG_EEXIST: return 409;
    case CONG_EPERM:
    case CONG_ESTATE:
    case CONG_ETOOBIG: return 422;
    default: return 503;
    }
}

static bool parse_id(const char *s, int64_t *id)
{
    return text_parse_i64(s, strlen(s), id) && *id > 0;
}

/* <option>s of the page layouts, selected marked. */
static json_t *layout_options(const char *selected)
{
    json_t *list = json_array();
    const struct portal_layout *l;

    for (size_t i = 0; (l = portal_layout_at(i)); i++)
        json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "value", l->name, "label", l->label,
                                              "selected", selected && !strcmp(selected, l->name)));
    return list;
}

static json_t *region_options(const struct portal_layout *l, const char *selected)
{
    json_t *list = json_array();

    for (const char *const *r = l->regions; *r; r++)
        json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "value", *r, "label",
                                              portal_region_label(*r), "selected",
                                              selected && !strcmp(selected, *r)));
    return list;
}

/* The pages list. */

struct page_form {
    const char *title, *slug, *layout;
    bool in_menu;
};

static void pages_page(struct portal_web *w, struct http_request *req, struct http_response *res,
                       const struct auth_session *s, int status, const struct page_form *form,
                       const char *error)
{
    struct arena *a = req->arena;
    struct store *st = web_store(w->web);
    struct page *pages;
    struct portlet *ps;
    size_t n, np;
    json_t *ctx, *list, *f;
    enum cong_err rc;

    if ((rc = store_list_pages(st, a, false, &pages, &n)) != CONG_OK)
        return store_failed(w, req, res, rc);
    ctx = page_data(w, req, "Trang và portlet", s);
    list = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct portal_layout *l = portal_layout_find(pages[i].layout);
        const char *url = portal_page_path(a, pages[i].slug);
        if ((rc = store_list_portlets(st, a, pages[i].id, &ps, &np)) != CONG_OK) {
            json_decref(list);
            json_decref(ctx);
            return store_failed(w, req, res, rc);
        }
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(pages[i].id));
        json_object_set_new(o, "title", json_string(pages[i].title));
        json_object_set_new(o, "slug", json_string(pages[i].slug));
        if (url)
            json_object_set_new(o, "url", json_string(url));
        json_object_set_new(o, "layout_label", json_string(l ? l->label : pages[i].layout));
        json_object_set_new(o, "in_menu", json_boolean(pages[i].in_menu));
        json_object_set_new(o, "builtin", json_boolean(portal_page_is_builtin(pages[i].slug)));
        json_object_set_new(o, "count", json_integer((json_int_t)np));
        json_array_append_new(list, o);
    }
    json_object_set_new(ctx, "pages", list);
    f = json_object();
    json_object_set_new(f, "title", json_string(form && form->title ? form->title : ""));
    json_object_set_new(f, "slug", json_string(form && form->slug ? form->slug : ""));
    json_object_set_new(f, "in_menu", json_boolean(form && form->in_menu));
    json_object_set_new(f, "layouts",
                        layout_options(form && form->layout ? form->layout : "hai-cot"));
    json_object_set_new(ctx, "form", f);
    if (error) {
        json_object_del(ctx, "notice");
        json_object_set_new(ctx, "error", json_string(error));
    }
    render(w, req, res, status, "admin-portal-pages", ctx);
    json_decref(ctx);
}

static void h_pages(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct auth_session s;

    if (!admin_or_respond(w, req, res, &s))
        return;
    pages_page(w, req, res, &s, 200, NULL, NULL);
}

static void h_pages_add(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct auth_session s;
    struct cong_error err = {0};
    struct page_form form;
    const char *checked;
    int64_t id;
    enum cong_err rc;

    if (!admin_or_respond(w, req, res, &s))
        return;
    checked = http_request_form_value(req, "in_menu");
    form = (struct page_form){
        .title = http_request_form_value(req, "title"),
        .slug = http_request_form_value(req, "slug"),
        .layout = http_request_form_value(req, "layout"),
        .in_menu = checked && *checked,
    };
    struct portal_page_change ch = {
        .title = form.title ? form.title : "",
        .slug = form.slug,
        .layout = form.layout,
        .in_menu = form.in_menu ? 1 : 0,
    };
    rc = portal_page_create(web_store(w->web), req->arena, &ch, &id, &err);
    if (rc != CONG_OK) {
        if (status_of(rc) == 503)
            return store_failed(w, req, res, rc);
        return pages_page(w, req, res, &s, status_of(rc), &form, err.msg);
    }
    audit(w, req, &s, "page_created", arena_printf(req->arena, "trang %lld", (long long)id),
          form.title);
    see_other(req, res, arena_printf(req->arena, "/quan-tri/trang/%lld?tb=tao", (long long)id));
}

/* One page: its settings and its portlets. */

static void page_page(struct portal_web *w, struct http_request *req, struct http_response *res,
                      const struct auth_session *s, int64_t id, int status, const char *error,
                      const struct page_form *form)
{
    struct arena *a = req->arena;
    struct store *st = web_store(w->web);
    const struct portal_layout *l;
    const struct portlet_type *lt;
    struct portlet *ps;
    struct page p;
    size_t n;
    json_t *ctx, *pj, *regions, *types, *orphans;
    enum cong_err rc;
    bool builtin;

    rc = store_get_page(st, a, id, &p);
    if (rc == CONG_ENOTFOUND)
        return fail(w, req, res, 404, "Không có trang này.");
    if (rc == CONG_OK)
        rc = store_list_portlets(st, a, id, &ps, &n);
    if (rc != CONG_OK)
        return store_failed(w, req, res, rc);
    l = portal_layout_find(p.layout);
    if (!l)
        l = portal_layout_find("mot-cot");
    builtin = portal_page_is_builtin(p.slug);
    ctx = page_data(w, req, arena_printf(a, "Trang: %s", p.title), s);
    pj = json_object();
    json_object_set_new(pj, "id", json_integer(p.id));
    json_object_set_new(pj, "title", json_string(form && form->title ? form->title : p.title));
    json_object_set_new(pj, "slug", json_string(form && form->slug ? form->slug : p.slug));
    json_object_set_new(pj, "builtin", json_boolean(builtin));
    json_object_set_new(pj, "is_site", json_boolean(!strcmp(p.slug, PORTAL_SITE_PAGE)));
    json_object_set_new(pj, "in_menu", json_boolean(form ? form->in_menu : p.in_menu));
    json_object_set_new(pj, "layout_label", json_string(l->label));
    if (portal_page_path(a, p.slug))
        json_object_set_new(pj, "url", json_string(portal_page_path(a, p.slug)));
    json_object_set_new(pj, "layouts",
                        layout_options(form && form->layout ? form->layout : p.layout));
    /* not "page": that is the <title> and the like of every page */
    json_object_set_new(ctx, "target", pj);

    regions = json_array();
    for (const char *const *r = l->regions; *r; r++) {
        json_t *reg = json_object(), *list = json_array();
        size_t count = 0, k = 0;
        for (size_t i = 0; i < n; i++)
            count += !strcmp(ps[i].region, *r);
        for (size_t i = 0; i < n; i++) {
            const struct portlet_type *t;
            if (strcmp(ps[i].region, *r) != 0)
                continue;
            t = portal_type_find(ps[i].type);
            json_t *o = json_object();
            json_object_set_new(o, "id", json_integer(ps[i].id));
            json_object_set_new(
                o, "name", json_string(*ps[i].title ? ps[i].title : (t ? t->label : ps[i].type)));
            json_object_set_new(o, "type_label", json_string(t ? t->label : ps[i].type));
            json_object_set_new(o, "roles_label",
                                json_string(portal_roles_label(a, ps[i].view_roles)));
            json_object_set_new(o, "restricted", json_boolean(*ps[i].view_roles != '\0'));
            json_object_set_new(o, "first", json_boolean(k == 0));
            json_object_set_new(o, "last", json_boolean(k + 1 == count));
            json_object_set_new(o, "regions", region_options(l, *r));
            json_array_append_new(list, o);
            k++;
        }
        json_object_set_new(reg, "name", json_string(*r));
        json_object_set_new(reg, "label", json_string(portal_region_label(*r)));
        json_object_set_new(reg, "portlets", list);
        json_array_append_new(regions, reg);
    }
    json_object_set_new(ctx, "compose", regions);
    /* portlets left in a region the layout no longer has: shown to the admin, not the public */
    orphans = json_array();
    for (size_t i = 0; i < n; i++) {
        if (portal_layout_has_region(l, ps[i].region))
            continue;
        json_array_append_new(orphans,
                              json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)ps[i].id, "name",
                                        *ps[i].title ? ps[i].title : ps[i].type, "region",
                                        ps[i].region, "regions", region_options(l, NULL)));
    }
    json_object_set_new(ctx, "has_orphans", json_boolean(json_array_size(orphans) > 0));
    json_object_set_new(ctx, "orphans", orphans);
    types = json_array();
    for (size_t i = 0; (lt = portal_type_at(i)); i++)
        json_array_append_new(types, json_pack("{s:s,s:s,s:s}", "value", lt->name, "label",
                                               lt->label, "description", lt->description));
    json_object_set_new(ctx, "types", types);
    json_object_set_new(ctx, "add_regions", region_options(l, NULL));
    json_object_set_new(ctx, "deletable", json_boolean(!builtin));
    if (error) {
        json_object_del(ctx, "notice");
        json_object_set_new(ctx, "error", json_string(error));
    }
    render(w, req, res, status, "admin-portal-page", ctx);
    json_decref(ctx);
}

static void h_page(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct auth_session s;
    int64_t id;

    if (!admin_or_respond(w, req, res, &s))
        return;
    if (!parse_id(req->params[0], &id))
        return fail(w, req, res, 404, "Không có trang này.");
    page_page(w, req, res, &s, id, 200, NULL, NULL);
}

static void h_page_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct store *st = web_store(w->web);
    struct auth_session s;
    struct cong_error err = {0};
    const char *action, *target;
    struct page_form form = {0};
    int64_t id, pid;
    enum cong_err rc;

    if (!admin_or_respond(w, req, res, &s))
        return;
    if (!parse_id(req->params[0], &id))
        return fail(w, req, res, 404, "Không có trang này.");
    action = http_request_form_value(req, "action");
    target = arena_printf(req->arena, "trang %lld", (long long)id);
    if (action && !strcmp(action, "luu")) {
        const char *checked = http_request_form_value(req, "in_menu");
        form.title = http_request_form_value(req, "title");
        form.slug = http_request_form_value(req, "slug");
        form.layout = http_request_form_value(req, "layout");
        form.in_menu = checked && *checked;
        struct portal_page_change ch = {
            .title = form.title,
            .slug = form.slug,
            .layout = form.layout,
            /* a built-in page's form has no such box: leave it */
            .in_menu = http_request_form_value(req, "menu_shown") ? form.in_menu : -1,
        };
        rc = portal_page_update(st, req->arena, id, &ch, &err);
        if (rc == CONG_OK) {
            audit(w, req, &s, "page_changed", target, form.title);
            return see_other(
                req, res, arena_printf(req->arena, "/quan-tri/trang/%lld?tb=luu", (long long)id));
        }
    } else if (action && !strcmp(action, "xoa")) {
        rc = portal_page_delete(st, req->arena, id, &err);
        if (rc == CONG_OK) {
            audit(w, req, &s, "page_deleted", target, NULL);
            return see_other(req, res, "/quan-tri/trang?tb=xoa");
        }
    } else if (action && !strcmp(action, "them")) {
        struct portal_portlet_change ch = {
            .type = http_request_form_value(req, "type"),
            .region = http_request_form_value(req, "region"),
            .position = PORTAL_POSITION_KEEP,
            .title = http_request_form_value(req, "title"),
        };
        rc = portal_portlet_add(st, req->arena, id, &ch, &pid, &err);
        if (rc == CONG_OK) {
            audit(w, req, &s, "portlet_added",
                  arena_printf(req->arena, "portlet %lld", (long long)pid), ch.type);
            return see_other(
                req, res,
                arena_printf(req->arena, "/quan-tri/portlet/%lld?tb=them", (long long)pid));
        }
    } else {
        return fail(w, req, res, 400, "Thao tác không hợp lệ.");
    }
    if (status_of(rc) == 503)
        return store_failed(w, req, res, rc);
    if (rc == CONG_ENOTFOUND)
        return fail(w, req, res, 404, err.msg);
    page_page(w, req, res, &s, id, status_of(rc), err.msg, form.title ? &form : NULL);
}

/* One portlet. */

/* A form's text for a configuration field: "cfg_NAME". */
static const char *form_field(void *ctx, const char *name)
{
    struct http_request *req = ctx;
    const char *key = arena_printf(req->arena, "cfg_%s", name);

    return key ? http_request_form_value(req, key) : NULL;
}

/* The view of one configuration field for the form, its value from config. */
static json_t *field_view(struct http_request *req, const struct portlet_field *f,
                          const json_t *config, const struct category *cats, size_t ncats)
{
    json_t *o = json_object(), *opts;
    struct buf b;
    const char *value = json_string_value(json_object_get(config, f->name));

    buf_init(&b, 1 << 20);
    portal_config_field_text(f, config, &b);
    /* a refused form keeps what was typed, even what is not a valid value */
    if (!buf_error(&b))
        json_object_set_new(o, "value", json_stringn(b.data, b.len));
    buf_release(&b);
    json_object_set_new(o, "name", json_string(f->name));
    json_object_set_new(o, "label", json_string(f->label));
    if (f->help)
        json_object_set_new(o, "help", json_string(f->help));
    switch (f->kind) {
    case PORTLET_INT:
        json_object_set_new(o, "is_int", json_true());
        json_object_set_new(o, "min", json_integer(f->min));
        json_object_set_new(o, "max", json_integer(f->max));
        break;
    case PORTLET_BOOL:
        json_object_set_new(o, "is_bool", json_true());
        json_object_set_new(o, "checked",
                            json_boolean(json_is_true(json_object_get(config, f->name))));
        break;
    case PORTLET_TEXT:
        json_object_set_new(o, "is_text", json_true());
        json_object_set_new(o, "max", json_integer(f->max));
        break;
    case PORTLET_HTML: json_object_set_new(o, "is_html", json_true()); break;
    case PORTLET_IDS: json_object_set_new(o, "is_ids", json_true()); break;
    case PORTLET_LINKS: json_object_set_new(o, "is_links", json_true()); break;
    case PORTLET_CHOICE:
        json_object_set_new(o, "is_choice", json_true());
        opts = json_array();
        for (const struct portlet_choice *c = f->choices; c && c->value; c++)
            json_array_append_new(opts,
                                  json_pack("{s:s,s:s,s:b}", "value", c->value, "label", c->label,
                                            "selected", value && !strcmp(value, c->value)));
        json_object_set_new(o, "options", opts);
        break;
    case PORTLET_CATEGORY:
        json_object_set_new(o, "is_category", json_true());
        opts = json_array();
        json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                              "— Không chọn —", "selected", !value || !*value));
        for (size_t i = 0; i < ncats; i++)
            json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", cats[i].slug, "label",
                                                  cats[i].name, "selected",
                                                  value && !strcmp(value, cats[i].slug)));
        json_object_set_new(o, "options", opts);
        break;
    }
    (void)req;
    return o;
}

/* What a refused portlet form typed, to show it again. */
struct portlet_form {
    const char *title, *region, *unauthorized;
    unsigned roles;
    json_t *config; /* borrowed */
};

static void portlet_page(struct portal_web *w, struct http_request *req, struct http_response *res,
                         const struct auth_session *s, int64_t id, int status, const char *error,
                         const struct portlet_form *form)
{
    struct arena *a = req->arena;
    struct store *st = web_store(w->web);
    const struct portlet_type *t;
    const struct portal_layout *l;
    enum portal_unauth un = PORTAL_UNAUTH_INHERIT;
    struct category *cats;
    struct portlet p;
    struct page pg;
    size_t ncats;
    unsigned roles = PORTAL_EVERYONE;
    json_t *ctx, *pj, *fields, *config, *list;
    enum cong_err rc;

    rc = store_get_portlet(st, a, id, &p);
    if (rc == CONG_ENOTFOUND)
        return fail(w, req, res, 404, "Không có portlet này.");
    if (rc == CONG_OK)
        rc = store_get_page(st, a, p.page_id, &pg);
    if (rc == CONG_OK)
        rc = store_list_categories(st, a, &cats, &ncats);
    if (rc != CONG_OK)
        return store_failed(w, req, res, rc);
    t = portal_type_find(p.type);
    l = portal_layout_find(pg.layout);
    if (!l)
        l = portal_layout_find("mot-cot");
    ctx = page_data(w, req, arena_printf(a, "Portlet: %s", t ? t->label : p.type), s);
    pj = json_object();
    json_object_set_new(pj, "id", json_integer(p.id));
    json_object_set_new(pj, "type", json_string(p.type));
    json_object_set_new(pj, "type_label", json_string(t ? t->label : p.type));
    json_object_set_new(pj, "description", json_string(t ? t->description : ""));
    json_object_set_new(pj, "title", json_string(form && form->title ? form->title : p.title));
    json_object_set_new(pj, "known", json_boolean(t != NULL));
    json_object_set_new(ctx, "portlet", pj);
    json_object_set_new(ctx, "owner",
                        json_pack("{s:I,s:s}", "id", (json_int_t)pg.id, "title", pg.title));
    json_object_set_new(ctx, "region_options",
                        region_options(l, form && form->region ? form->region : p.region));

    fields = json_array();
    if (t) {
        config =
            form && form->config ? json_incref(form->config) : portal_config_effective(t, p.config);
        for (size_t i = 0; i < t->nfields; i++)
            json_array_append_new(fields, field_view(req, &t->fields[i], config, cats, ncats));
        json_decref(config);
    }
    if (json_array_size(fields))
        json_object_set_new(ctx, "fields", fields);
    else
        json_decref(fields);

    if (form)
        roles = form->roles;
    else
        (void)portal_roles_parse(p.view_roles, &roles, NULL);
    list = json_array();
    for (enum auth_role r = AUTH_GUEST; r <= AUTH_ADMIN; r++)
        json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "value", auth_role_name(r), "label",
                                              auth_role_label(r), "checked",
                                              (roles & PORTAL_ROLE_BIT(r)) != 0));
    json_object_set_new(ctx, "roles", list);
    (void)portal_unauth_parse(form && form->unauthorized ? form->unauthorized : p.unauthorized,
                              &un);
    list = json_array();
    json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "value", "inherit", "label",
                                          "Theo cài đặt chung của cổng", "checked",
                                          un == PORTAL_UNAUTH_INHERIT));
    json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "value", "message", "label",
                                          "Dòng thông báo “" PORTAL_DENIED_MESSAGE "”", "checked",
                                          un == PORTAL_UNAUTH_MESSAGE));
    json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "value", "hide", "label",
                                          "Không thấy gì (ẩn hoàn toàn)", "checked",
                                          un == PORTAL_UNAUTH_HIDE));
    json_object_set_new(ctx, "unauth", list);
    if (error) {
        json_object_del(ctx, "notice");
        json_object_set_new(ctx, "error", json_string(error));
    }
    render(w, req, res, status, "admin-portal-portlet", ctx);
    json_decref(ctx);
}

static void h_portlet(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct auth_session s;
    int64_t id;

    if (!admin_or_respond(w, req, res, &s))
        return;
    if (!parse_id(req->params[0], &id))
        return fail(w, req, res, 404, "Không có portlet này.");
    portlet_page(w, req, res, &s, id, 200, NULL, NULL);
}

/* Saves the portlet form: title, region, configuration, roles, unauthorized. */
static enum cong_err save_portlet(struct portal_web *w, struct http_request *req, int64_t id,
                                  struct portlet_form *form, struct cong_error *err)
{
    struct store *st = web_store(w->web);
    const struct portlet_type *t;
    const char **names;
    struct portlet p;
    size_t nroles = 0;
    enum auth_role r;
    enum cong_err rc;

    rc = store_get_portlet(st, req->arena, id, &p);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, "Không có portlet này.");
    t = portal_type_find(p.type);
    names = arena_alloc(req->arena, (req->nform + 1) * sizeof(*names));
    if (!names)
        return cong_error_set(err, CONG_ENOMEM, "Hết bộ nhớ.");
    form->roles = PORTAL_EVERYONE;
    for (size_t i = 0; i < req->nform; i++) {
        if (strcmp(req->form[i].name, "roles") != 0)
            continue;
        names[nroles++] = req->form[i].value;
        if (auth_role_parse(req->form[i].value, &r))
            form->roles |= PORTAL_ROLE_BIT(r);
    }
    form->title = http_request_form_value(req, "title");
    form->region = http_request_form_value(req, "region");
    form->unauthorized = http_request_form_value(req, "unauthorized");
    form->config = t ? portal_config_from_text(t, form_field, req) : NULL;
    struct portal_portlet_change ch = {
        .region = form->region,
        .position = PORTAL_POSITION_KEEP,
        .title = form->title ? form->title : "",
        .config = form->config,
        .set_roles = true,
        .view_roles = names,
        .nview_roles = nroles,
        .unauthorized = form->unauthorized,
    };
    return portal_portlet_update(st, req->arena, id, &ch, err);
}

static void h_portlet_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct portal_web *w = ctx;
    struct store *st = web_store(w->web);
    struct auth_session s;
    struct cong_error err = {0};
    struct portlet_form form = {0};
    struct portlet p;
    const char *action, *target;
    int64_t id;
    enum cong_err rc;

    if (!admin_or_respond(w, req, res, &s))
        return;
    if (!parse_id(req->params[0], &id))
        return fail(w, req, res, 404, "Không có portlet này.");
    rc = store_get_portlet(st, req->arena, id, &p);
    if (rc == CONG_ENOTFOUND)
        return fail(w, req, res, 404, "Không có portlet này.");
    if (rc != CONG_OK)
        return store_failed(w, req, res, rc);
    action = http_request_form_value(req, "action");
    target = arena_printf(req->arena, "portlet %lld", (long long)id);
    const char *back = arena_printf(req->arena, "/quan-tri/trang/%lld", (long long)p.page_id);
    if (action &&
        (!strcmp(action, "len") || !strcmp(action, "xuong") || !strcmp(action, "chuyen"))) {
        struct portal_portlet_change ch = {.position = PORTAL_POSITION_KEEP};
        if (!strcmp(action, "chuyen")) {
            ch.region = http_request_form_value(req, "region");
        } else if (!strcmp(action, "len")) {
            ch.position = p.position > 0 ? p.position - 1 : 0;
        } else {
            ch.position = p.position + 1; /* past the end stays last */
        }
        rc = portal_portlet_update(st, req->arena, id, &ch, &err);
        if (rc == CONG_OK) {
            audit(w, req, &s, "portlet_moved", target, action);
            return see_other(
                req, res,
                arena_printf(req->arena, "%s?tb=chuyen#portlet-%lld", back, (long long)id));
        }
        if (status_of(rc) == 503)
            return store_failed(w, req, res, rc);
        return page_page(w, req, res, &s, p.page_id, status_of(rc), err.msg, NULL);
    }
    if (action && !strcmp(action, "xoa")) {
        rc = portal_portlet_delete(st, id, &err);
        if (rc != CONG_OK && status_of(rc) == 503)
            return store_failed(w, req, res, rc);
        if (rc == CONG_OK)
            audit(w, req, &s, "portlet_deleted", target, p.type);
        return see_other(req, res, arena_printf(req->arena, "%s?tb=bo", back));
    }
    if (!action || strcmp(action, "luu") != 0)
        return fail(w, req, res, 400, "Thao tác không hợp lệ.");
    rc = save_portlet(w, req, id, &form, &err);
    if (rc == CONG_OK) {
        json_decref(form.config);
        audit(w, req, &s, "portlet_changed", target, p.type);
        return see_other(req, res,
                         arena_printf(req->arena, "/quan-tri/portlet/%lld?tb=luu", (long long)id));
    }
    if (status_of(rc) == 503) {
        json_decref(form.config);
        return store_failed(w, req, res, rc);
    }
    portlet_page(w, req, res, &s, id, status_of(rc), err.msg, &form);
    json_decref(form.config);
}

enum cong_err portal_admin_add_routes(struct portal_web *w, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, "/quan-tri/trang", h_pages, w)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/trang", h_pages_add, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/trang/:id", h_page, w)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/trang/:id", h_page_post, w)) ||
        (rc = http_router_add(r, HTTP_GET, "/quan-tri/portlet/:id", h_portlet, w)) ||
        (rc = http_router_add(r, HTTP_POST, "/quan-tri/portlet/:id", h_portlet_post, w)))
        return rc;
    return CONG_OK;
}
