/*
 * The admin's composition pages: /quan-tri/trang (the pages, and a form to make one),
 * /quan-tri/trang/ID (a page's settings, its portlets region by region with buttons to move
 * and remove them, a form to add one) and /quan-tri/portlet/ID (a portlet's title, region,
 * configuration and permissions). Only admins reach them. They are plain forms with the
 * session's CSRF token: they work with a keyboard and without JavaScript, and need no inline
 * script or style. Every change goes through the portal module's checks, the same as the
 * API's; a refused form comes back with the values typed, one clear message and the table's
 * status for the refusal, and nothing is written. A change answers 303 back to the page, so a
 * reload never repeats it, and is written to the audit log.
 */
#include "admin_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../portal/portal.h"

#define PAGES_PATH    "/quan-tri/trang"
#define PORTLETS_PATH "/quan-tri/portlet"

static const char msg_no_page[] = N_("Không có trang này.");
static const char msg_no_portlet[] = N_("Không có portlet này.");

/* What ?tb= says after a change. */
static const struct admin_notice notices[] = {
    {"tao", N_("Đã tạo trang.")},         {"luu", N_("Đã lưu.")},
    {"xoa", N_("Đã xóa trang.")},         {"them", N_("Đã thêm portlet. Hãy cấu hình nó bên dưới.")},
    {"chuyen", N_("Đã chuyển portlet.")}, {"bo", N_("Đã xóa portlet.")},
};

/* Every page here: the admin frame, and the notice of ?tb= or the error of a refusal. */
static json_t *page_data(struct web *w, struct http_request *req, const char *title,
                         const struct web_viewer *v, const char *error)
{
    const char *notice = error ? NULL : ADMIN_NOTICE(notices, http_request_query(req, "tb"));

    return web_view_extend(web_admin_page_data(w, req, title, v),
                           (struct web_kv[]){
                               WEB_J("notice", notice ? web_jstr(notice) : NULL),
                               WEB_J("error", error ? web_jstr(error) : NULL),
                               WEB_END});
}

/* An <option> or a box: {value, label, selected} (or checked). NULL: out of memory. */
static json_t *option(const char *value, const char *label, const char *mark, bool on)
{
    return web_view((struct web_kv[]){WEB_S("value", value), WEB_S("label", label),
                                      WEB_B(mark, on), WEB_END});
}

/* Appends item to list; on failure releases list and sets it NULL. */
static void add_to(json_t **list, json_t *item)
{
    if (json_array_append_new(*list, item)) {
        json_decref(*list);
        *list = NULL;
    }
}

/* <option>s of the page layouts, selected marked. */
static json_t *layout_options(const char *selected)
{
    json_t *list = json_array();
    const struct portal_layout *l;

    for (size_t i = 0; list && (l = portal_layout_at(i)); i++)
        add_to(&list, option(l->name, _(l->label), "selected", selected && !strcmp(selected, l->name)));
    return list;
}

static json_t *region_options(const struct portal_layout *l, const char *selected)
{
    json_t *list = json_array();

    for (const char *const *r = l->regions; list && *r; r++)
        add_to(&list, option(*r, _(portal_region_label(*r)), "selected",
                             selected && !strcmp(selected, *r)));
    return list;
}

/* The layout of a page, "mot-cot" for one the code no longer knows. */
static const struct portal_layout *layout_of(const struct page *p)
{
    const struct portal_layout *l = portal_layout_find(p->layout);

    return l ? l : portal_layout_find("mot-cot");
}

/* The pages list. */

struct page_form {
    const char *title, *slug, *layout;
    const char *lang; /* NULL: the form has no language (a built-in page's) */
    bool in_menu;
};

static void page_form_read(const struct http_request *req, struct page_form *f)
{
    const char *checked = http_request_form_value(req, "in_menu");

    f->title = http_request_form_value(req, "title");
    f->slug = http_request_form_value(req, "slug");
    f->layout = http_request_form_value(req, "layout");
    f->in_menu = checked && *checked;
    f->lang = http_request_form_value(req, "lang");
    if (f->lang && !*f->lang)
        f->lang = NULL;
}

/* The rows of the pages list, each with its count of portlets; CONG_ENOMEM or the store's. */
static enum cong_err page_rows(struct store *st, struct arena *a, const struct page *pages,
                               size_t n, json_t **out)
{
    json_t *list = json_array();
    struct portlet *ps;
    size_t np;
    enum cong_err rc = CONG_OK;

    for (size_t i = 0; list && i < n; i++) {
        const struct portal_layout *l = portal_layout_find(pages[i].layout);
        const char *url = portal_page_path(a, pages[i].slug);
        if ((rc = store_list_portlets(st, a, pages[i].id, &ps, &np)) != CONG_OK)
            break;
        add_to(&list, web_view((struct web_kv[]){
                          WEB_I("id", pages[i].id),
                          WEB_S("title", pages[i].title),
                          WEB_S("slug", pages[i].slug),
                          WEB_J("url", url ? web_jstr(url) : NULL),
                          WEB_S("layout_label", l ? _(l->label) : pages[i].layout),
                          WEB_B("in_menu", pages[i].in_menu),
                          WEB_S("lang", pages[i].lang),
                          WEB_J("lang_name", pages[i].lang && !strcmp(pages[i].lang, "en")
                                                 ? web_jstr(web_lang_name(pages[i].lang))
                                                 : NULL),
                          WEB_B("builtin", portal_page_is_builtin(pages[i].slug)),
                          WEB_I("count", np),
                          WEB_END}));
    }
    if (rc == CONG_OK && !list)
        rc = CONG_ENOMEM;
    if (rc != CONG_OK) {
        json_decref(list);
        list = NULL;
    }
    *out = list;
    return rc;
}

static void pages_page(struct web *w, struct http_request *req, struct http_response *res,
                       const struct web_viewer *v, int status, const struct page_form *form,
                       const char *error)
{
    static const struct page_form empty = {.layout = "hai-cot"};
    struct page *pages;
    size_t n;
    json_t *rows, *data;
    enum cong_err rc;

    if (!form)
        form = &empty;
    if ((rc = store_list_pages(web_store(w, req), req->arena, false, &pages, &n)) != CONG_OK ||
        (rc = page_rows(web_store(w, req), req->arena, pages, n, &rows)) != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    data = web_view_extend(
        page_data(w, req, _("Trang và portlet"), v, error),
        (struct web_kv[]){
            WEB_N("pages", rows),
            WEB_N("form", web_view((struct web_kv[]){
                              WEB_S("title", form->title),
                              WEB_S("slug", form->slug),
                              WEB_B("in_menu", form->in_menu),
                              WEB_N("langs", web_lang_options(form->lang ? form->lang : "vi")),
                              WEB_N("layouts", layout_options(form->layout ? form->layout
                                                                           : "hai-cot")),
                              WEB_END})),
            WEB_END});
    web_render_private(w, req, res, status, "admin-portal-pages", data);
    json_decref(data);
}

static void h_pages(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    pages_page(w, req, res, &v, 200, NULL, NULL);
}

static void h_pages_add(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct cong_error err = {0};
    struct page_form form;
    int64_t id;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    page_form_read(req, &form);
    rc = portal_page_create(web_store(w, req), req->arena,
                            &(struct portal_page_change){
                                .title = form.title ? form.title : "",
                                .slug = form.slug,
                                .layout = form.layout,
                                .in_menu = form.in_menu ? 1 : 0,
                                .lang = form.lang,
                            },
                            &id, &err);
    if (rc != CONG_OK && web_status_of(rc) < 500) {
        pages_page(w, req, res, &v, web_status_of(rc), &form, err.msg);
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    admin_audit(w, req, &v, "page_created", arena_printf(req->arena, "trang %lld", (long long)id),
                form.title);
    web_see_other(req, res, arena_printf(req->arena, PAGES_PATH "/%lld?tb=tao", (long long)id));
}

/* One page: its settings and its portlets. */

/* The portlets of region r of l, in order, each with its move buttons' options. */
static json_t *region_portlets(struct arena *a, const struct portal_layout *l, const char *r,
                               const struct portlet *ps, size_t n)
{
    json_t *list = json_array();
    size_t count = 0, k = 0;

    for (size_t i = 0; i < n; i++)
        count += !strcmp(ps[i].region, r);
    for (size_t i = 0; list && i < n; i++) {
        const struct portlet_type *t = portal_type_find(ps[i].type);
        const char *type_label = t ? _(t->label) : ps[i].type;
        if (strcmp(ps[i].region, r) != 0)
            continue;
        add_to(&list, web_view((struct web_kv[]){
                          WEB_I("id", ps[i].id),
                          WEB_S("name", *ps[i].title ? ps[i].title : type_label),
                          WEB_S("type_label", type_label),
                          WEB_S("roles_label", portal_roles_label(a, ps[i].view_roles)),
                          WEB_B("restricted", *ps[i].view_roles != '\0'),
                          WEB_B("first", k == 0),
                          WEB_B("last", k + 1 == count),
                          WEB_N("regions", region_options(l, r)),
                          WEB_END}));
        k++;
    }
    return list;
}

/* The regions of l with their portlets ("compose"). */
static json_t *regions_view(struct arena *a, const struct portal_layout *l,
                            const struct portlet *ps, size_t n)
{
    json_t *list = json_array();

    for (const char *const *r = l->regions; list && *r; r++)
        add_to(&list, web_view((struct web_kv[]){
                          WEB_S("name", *r), WEB_S("label", _(portal_region_label(*r))),
                          WEB_N("portlets", region_portlets(a, l, *r, ps, n)), WEB_END}));
    return list;
}

/* Portlets left in a region the layout no longer has: shown to the admin, not the public. */
static json_t *orphans_view(const struct portal_layout *l, const struct portlet *ps, size_t n)
{
    json_t *list = json_array();

    for (size_t i = 0; list && i < n; i++) {
        if (portal_layout_has_region(l, ps[i].region))
            continue;
        add_to(&list, web_view((struct web_kv[]){
                          WEB_I("id", ps[i].id),
                          WEB_S("name", *ps[i].title ? ps[i].title : ps[i].type),
                          WEB_S("region", ps[i].region),
                          WEB_N("regions", region_options(l, NULL)), WEB_END}));
    }
    return list;
}

static json_t *type_options(void)
{
    json_t *list = json_array();
    const struct portlet_type *t;

    for (size_t i = 0; list && (t = portal_type_at(i)); i++)
        add_to(&list, web_view((struct web_kv[]){WEB_S("value", t->name),
                                                 WEB_S("label", _(t->label)),
                                                 WEB_S("description", _(t->description)),
                                                 WEB_END}));
    return list;
}

/* The page's settings form ("target": "page" is the <title> and the like of every page). */
static json_t *target_view(struct arena *a, const struct page *p, const struct portal_layout *l,
                           const struct page_form *form)
{
    const char *url = portal_page_path(a, p->slug);

    return web_view((struct web_kv[]){
        WEB_I("id", p->id),
        WEB_S("title", form && form->title ? form->title : p->title),
        WEB_S("slug", form && form->slug ? form->slug : p->slug),
        WEB_B("builtin", portal_page_is_builtin(p->slug)),
        WEB_B("is_site", !strcmp(p->slug, PORTAL_SITE_PAGE)),
        WEB_B("in_menu", form ? form->in_menu : p->in_menu),
        WEB_N("langs", web_lang_options(form && form->lang ? form->lang : p->lang)),
        WEB_S("layout_label", _(l->label)),
        WEB_J("url", url ? web_jstr(url) : NULL),
        WEB_N("layouts", layout_options(form && form->layout ? form->layout : p->layout)),
        WEB_END});
}

static void page_page(struct web *w, struct http_request *req, struct http_response *res,
                      const struct web_viewer *v, int64_t id, int status, const char *error,
                      const struct page_form *form)
{
    struct arena *a = req->arena;
    const struct portal_layout *l;
    struct portlet *ps;
    struct page p;
    size_t n;
    json_t *orphans, *data;
    enum cong_err rc;

    rc = store_get_page(web_store(w, req), a, id, &p);
    if (rc == CONG_OK)
        rc = store_list_portlets(web_store(w, req), a, id, &ps, &n);
    if (rc == CONG_ENOTFOUND) {
        web_admin_refuse(w, req, res, rc, _(msg_no_page));
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    l = layout_of(&p);
    orphans = orphans_view(l, ps, n);
    data = web_view_extend(page_data(w, req, arena_printf(a, _("Trang: %s"), p.title), v, error),
                           (struct web_kv[]){
                               WEB_N("target", target_view(a, &p, l, form)),
                               WEB_N("compose", regions_view(a, l, ps, n)),
                               WEB_B("has_orphans", json_array_size(orphans) > 0),
                               WEB_N("orphans", orphans),
                               WEB_N("types", type_options()),
                               WEB_N("add_regions", region_options(l, NULL)),
                               WEB_B("deletable", !portal_page_is_builtin(p.slug)),
                               WEB_END});
    web_render_private(w, req, res, status, "admin-portal-page", data);
    json_decref(data);
}

static void h_page(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    int64_t id;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    if (!web_parse_id(req->params[0], false, &id)) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _(msg_no_page));
        return;
    }
    page_page(w, req, res, &v, id, 200, NULL, NULL);
}

/* The page's settings saved from the form (f gets what was typed). */
static enum cong_err page_save(struct web *w, struct http_request *req, int64_t id,
                               struct page_form *f, struct cong_error *err)
{
    page_form_read(req, f);
    return portal_page_update(web_store(w, req), req->arena, id,
                              &(struct portal_page_change){
                                  .title = f->title,
                                  .slug = f->slug,
                                  .layout = f->layout,
                                  /* a built-in page's form has no such box: leave it */
                                  .in_menu = http_request_form_value(req, "menu_shown")
                                                 ? f->in_menu
                                                 : -1,
                                  .lang = f->lang,
                              },
                              err);
}

/* A portlet added to page id from the form; *pid and *type say which. */
static enum cong_err portlet_add(struct web *w, struct http_request *req, int64_t id,
                                 int64_t *pid, const char **type, struct cong_error *err)
{
    struct portal_portlet_change ch = {
        .type = http_request_form_value(req, "type"),
        .region = http_request_form_value(req, "region"),
        .position = PORTAL_POSITION_KEEP,
        .title = http_request_form_value(req, "title"),
    };

    *type = ch.type;
    return portal_portlet_add(web_store(w, req), req->arena, id, &ch, pid, err);
}

static void h_page_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct cong_error err = {0};
    struct page_form form = {0};
    const char *action, *target, *type;
    int64_t id, pid;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    if (!web_parse_id(req->params[0], false, &id)) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _(msg_no_page));
        return;
    }
    action = http_request_form_value(req, "action");
    action = action ? action : "";
    target = arena_printf(req->arena, "trang %lld", (long long)id);
    if (!strcmp(action, "luu")) {
        if ((rc = page_save(w, req, id, &form, &err)) == CONG_OK) {
            admin_audit(w, req, &v, "page_changed", target, form.title);
            web_see_other(req, res,
                          arena_printf(req->arena, PAGES_PATH "/%lld?tb=luu", (long long)id));
            return;
        }
    } else if (!strcmp(action, "xoa")) {
        if ((rc = portal_page_delete(web_store(w, req), req->arena, id, &err)) == CONG_OK) {
            admin_audit(w, req, &v, "page_deleted", target, NULL);
            web_see_other(req, res, PAGES_PATH "?tb=xoa");
            return;
        }
    } else if (!strcmp(action, "them")) {
        if ((rc = portlet_add(w, req, id, &pid, &type, &err)) == CONG_OK) {
            admin_audit(w, req, &v, "portlet_added",
                        arena_printf(req->arena, "portlet %lld", (long long)pid), type);
            web_see_other(req, res,
                          arena_printf(req->arena, PORTLETS_PATH "/%lld?tb=them", (long long)pid));
            return;
        }
    } else {
        web_admin_refuse(w, req, res, CONG_EINVAL, _("Thao tác không hợp lệ."));
        return;
    }
    /* a page that is gone has no form to show again */
    if (web_status_of(rc) >= 500 || rc == CONG_ENOTFOUND) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    page_page(w, req, res, &v, id, web_status_of(rc), err.msg, form.title ? &form : NULL);
}

/* One portlet. */

/* A form's text for a configuration field: "cfg_NAME". */
static const char *form_field(void *ctx, const char *name)
{
    struct http_request *req = ctx;
    const char *key = arena_printf(req->arena, "cfg_%s", name);

    return key ? http_request_form_value(req, key) : NULL;
}

/* The <option>s of a CHOICE or CATEGORY field, value selected. */
static json_t *field_options(const struct portlet_field *f, const char *value,
                             const struct category *cats, size_t ncats)
{
    json_t *list = json_array();

    if (f->kind == PORTLET_CHOICE) {
        for (const struct portlet_choice *c = f->choices; list && c && c->value; c++)
            add_to(&list, option(c->value, _(c->label), "selected", value && !strcmp(value, c->value)));
        return list;
    }
    add_to(&list, option("", _("— Không chọn —"), "selected", !value || !*value));
    for (size_t i = 0; list && i < ncats; i++)
        add_to(&list, option(cats[i].slug, cats[i].name, "selected",
                             value && !strcmp(value, cats[i].slug)));
    return list;
}

/* The flag of a field's kind for the template ("is_int", ...). */
static const char *kind_flag(enum portlet_field_kind k)
{
    switch (k) {
    case PORTLET_INT: return "is_int";
    case PORTLET_BOOL: return "is_bool";
    case PORTLET_TEXT: return "is_text";
    case PORTLET_HTML: return "is_html";
    case PORTLET_IDS: return "is_ids";
    case PORTLET_LINKS:
    case PORTLET_SLIDES: return "is_links";
    case PORTLET_CHOICE: return "is_choice";
    case PORTLET_CATEGORY: return "is_category";
    }
    return "is_text";
}

/* The view of one configuration field for the form, its value from config. */
static json_t *field_view(const struct portlet_field *f, const json_t *config,
                          const struct category *cats, size_t ncats)
{
    const char *value = json_string_value(json_object_get(config, f->name));
    bool has_opts = f->kind == PORTLET_CHOICE || f->kind == PORTLET_CATEGORY;
    bool has_max = f->kind == PORTLET_INT || f->kind == PORTLET_TEXT;
    struct buf b;
    json_t *o;

    /* a refused form keeps what was typed, even what is not a valid value */
    buf_init(&b, 1 << 20);
    portal_config_field_text(f, config, &b);
    o = web_view((struct web_kv[]){
        WEB_J("value", buf_error(&b) ? NULL : json_stringn(b.data, b.len)),
        WEB_S("name", f->name),
        WEB_S("label", _(f->label)),
        WEB_J("help", f->help ? web_jstr(_(f->help)) : NULL),
        WEB_B(kind_flag(f->kind), true),
        WEB_J("min", f->kind == PORTLET_INT ? json_integer(f->min) : NULL),
        WEB_J("max", has_max ? json_integer(f->max) : NULL),
        WEB_J("checked", f->kind == PORTLET_BOOL
                             ? json_boolean(json_is_true(json_object_get(config, f->name)))
                             : NULL),
        WEB_J("options", has_opts ? field_options(f, value, cats, ncats) : NULL),
        WEB_END});
    buf_release(&b);
    return o;
}

/* What a refused portlet form typed, to show it again. */
struct portlet_form {
    const char *title, *region, *unauthorized;
    unsigned roles;
    json_t *config; /* owned */
};

/* The fields of type t (NULL: unknown) with their values: the form's, else the stored ones. */
static json_t *fields_view(const struct portlet_type *t, const struct portlet *p,
                           const struct portlet_form *form, const struct category *cats,
                           size_t ncats)
{
    json_t *list = json_array(), *config;

    if (!t || !t->nfields)
        return list;
    config = form && form->config ? json_incref(form->config)
                                  : portal_config_effective(t, p->config);
    if (!config) {
        json_decref(list);
        return NULL;
    }
    for (size_t i = 0; list && i < t->nfields; i++)
        add_to(&list, field_view(&t->fields[i], config, cats, ncats));
    json_decref(config);
    return list;
}

/* Who may see it: a box per role, and what the others get. */
static bool access_views(const struct portlet *p, const struct portlet_form *form,
                         json_t **roles_out, json_t **unauth_out)
{
    enum portal_unauth un = PORTAL_UNAUTH_INHERIT;
    unsigned roles = PORTAL_EVERYONE;
    json_t *roles_list = json_array(), *unauth = json_array();
    char denied_line[256];

    (void)snprintf(denied_line, sizeof(denied_line), _("Dòng thông báo “%s”"),
                   _(PORTAL_DENIED_MESSAGE));

    if (form)
        roles = form->roles;
    else
        (void)portal_roles_parse(p->view_roles, &roles, NULL);
    for (enum auth_role r = AUTH_GUEST; roles_list && r <= AUTH_ADMIN; r++)
        add_to(&roles_list, option(auth_role_name(r), _(auth_role_label(r)), "checked",
                                   (roles & PORTAL_ROLE_BIT(r)) != 0));
    (void)portal_unauth_parse(form && form->unauthorized ? form->unauthorized : p->unauthorized,
                              &un);
    add_to(&unauth, option("inherit", _("Theo cài đặt chung của cổng"), "checked",
                           un == PORTAL_UNAUTH_INHERIT));
    if (unauth)
        add_to(&unauth, option("message", denied_line,
                               "checked", un == PORTAL_UNAUTH_MESSAGE));
    if (unauth)
        add_to(&unauth, option("hide", _("Không thấy gì (ẩn hoàn toàn)"), "checked",
                               un == PORTAL_UNAUTH_HIDE));
    *roles_out = roles_list;
    *unauth_out = unauth;
    return roles_list && unauth;
}

static void portlet_page(struct web *w, struct http_request *req, struct http_response *res,
                         const struct web_viewer *v, int64_t id, int status, const char *error,
                         const struct portlet_form *form)
{
    struct arena *a = req->arena;
    const struct portlet_type *t;
    struct category *cats;
    struct portlet p;
    struct page pg;
    size_t ncats;
    json_t *fields, *roles, *unauth, *data;
    enum cong_err rc;

    rc = store_get_portlet(web_store(w, req), a, id, &p);
    if (rc == CONG_ENOTFOUND) {
        web_admin_refuse(w, req, res, rc, _(msg_no_portlet));
        return;
    }
    if (rc == CONG_OK)
        rc = store_get_page(web_store(w, req), a, p.page_id, &pg);
    if (rc == CONG_OK)
        rc = store_list_categories(web_store(w, req), a, &cats, &ncats);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    t = portal_type_find(p.type);
    fields = fields_view(t, &p, form, cats, ncats);
    (void)access_views(&p, form, &roles, &unauth);
    data = web_view_extend(
        page_data(w, req, arena_printf(a, "Portlet: %s", t ? _(t->label) : p.type), v, error),
        (struct web_kv[]){
            WEB_N("portlet", web_view((struct web_kv[]){
                                 WEB_I("id", p.id),
                                 WEB_S("type", p.type),
                                 WEB_S("type_label", t ? _(t->label) : p.type),
                                 WEB_S("description", t ? _(t->description) : ""),
                                 WEB_S("title", form && form->title ? form->title : p.title),
                                 WEB_B("known", t != NULL),
                                 WEB_END})),
            WEB_N("owner", web_view((struct web_kv[]){WEB_I("id", pg.id),
                                                      WEB_S("title", pg.title), WEB_END})),
            WEB_N("region_options",
                  region_options(layout_of(&pg), form && form->region ? form->region : p.region)),
            /* a type without fields has no fields' box at all */
            WEB_N("fields", fields),
            WEB_N("roles", roles),
            WEB_N("unauth", unauth),
            WEB_END});
    if (data && !json_array_size(json_object_get(data, "fields")))
        json_object_del(data, "fields");
    web_render_private(w, req, res, status, "admin-portal-portlet", data);
    json_decref(data);
}

static void h_portlet(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    int64_t id;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v))
        return;
    if (!web_parse_id(req->params[0], false, &id)) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _(msg_no_portlet));
        return;
    }
    portlet_page(w, req, res, &v, id, 200, NULL, NULL);
}

/* Saves the portlet form of p: title, region, configuration, roles, unauthorized. */
static enum cong_err portlet_save(struct web *w, struct http_request *req, const struct portlet *p,
                                  struct portlet_form *form, struct cong_error *err)
{
    const struct portlet_type *t = portal_type_find(p->type);
    const char **names;
    size_t nroles = 0;
    enum auth_role r;

    names = arena_alloc(req->arena, (req->nform + 1) * sizeof(*names));
    if (!names)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
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
    if (t && !form->config)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    return portal_portlet_update(web_store(w, req), req->arena, p->id,
                                 &(struct portal_portlet_change){
                                     .region = form->region,
                                     .position = PORTAL_POSITION_KEEP,
                                     .title = form->title ? form->title : "",
                                     .config = form->config,
                                     .set_roles = true,
                                     .view_roles = names,
                                     .nview_roles = nroles,
                                     .unauthorized = form->unauthorized,
                                 },
                                 err);
}

/* Moves p up, down or to another region ("len", "xuong", "chuyen"). */
static enum cong_err portlet_move(struct web *w, struct http_request *req, const struct portlet *p,
                                  const char *action, struct cong_error *err)
{
    struct portal_portlet_change ch = {.position = PORTAL_POSITION_KEEP};

    if (!strcmp(action, "chuyen"))
        ch.region = http_request_form_value(req, "region");
    else if (!strcmp(action, "len"))
        ch.position = p->position > 0 ? p->position - 1 : 0;
    else
        ch.position = p->position + 1; /* past the end stays last */
    return portal_portlet_update(web_store(w, req), req->arena, p->id, &ch, err);
}

/* The portlet of the route into *p; false when it has answered. */
static bool portlet_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                               struct portlet *p)
{
    int64_t id;
    enum cong_err rc = web_parse_id(req->params[0], false, &id)
                           ? store_get_portlet(web_store(w, req), req->arena, id, p)
                           : CONG_ENOTFOUND;

    if (rc == CONG_ENOTFOUND)
        web_admin_refuse(w, req, res, rc, _(msg_no_portlet));
    else if (rc != CONG_OK)
        web_admin_fail(w, req, res, rc, NULL);
    return rc == CONG_OK;
}

static void h_portlet_post(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct cong_error err = {0};
    struct portlet_form form = {0};
    struct portlet p;
    const char *action, *target, *back;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_ADMIN, &v) || !portlet_or_respond(w, req, res, &p))
        return;
    action = http_request_form_value(req, "action");
    action = action ? action : "";
    target = arena_printf(req->arena, "portlet %lld", (long long)p.id);
    back = arena_printf(req->arena, PAGES_PATH "/%lld", (long long)p.page_id);
    if (!strcmp(action, "len") || !strcmp(action, "xuong") || !strcmp(action, "chuyen")) {
        rc = portlet_move(w, req, &p, action, &err);
        if (rc == CONG_OK) {
            admin_audit(w, req, &v, "portlet_moved", target, action);
            web_see_other(
                req, res,
                arena_printf(req->arena, "%s?tb=chuyen#portlet-%lld", back, (long long)p.id));
            return;
        }
        if (web_status_of(rc) >= 500) {
            web_admin_fail(w, req, res, rc, &err);
            return;
        }
        page_page(w, req, res, &v, p.page_id, web_status_of(rc), err.msg, NULL);
        return;
    }
    if (!strcmp(action, "xoa")) {
        rc = portal_portlet_delete(web_store(w, req), p.id, &err);
        if (rc != CONG_OK && web_status_of(rc) >= 500) {
            web_admin_fail(w, req, res, rc, &err);
            return;
        }
        if (rc == CONG_OK)
            admin_audit(w, req, &v, "portlet_deleted", target, p.type);
        web_see_other(req, res, arena_printf(req->arena, "%s?tb=bo", back));
        return;
    }
    if (strcmp(action, "luu") != 0) {
        web_admin_refuse(w, req, res, CONG_EINVAL, _("Thao tác không hợp lệ."));
        return;
    }
    rc = portlet_save(w, req, &p, &form, &err);
    if (rc == CONG_OK) {
        admin_audit(w, req, &v, "portlet_changed", target, p.type);
        web_see_other(req, res,
                      arena_printf(req->arena, PORTLETS_PATH "/%lld?tb=luu", (long long)p.id));
    } else if (web_status_of(rc) >= 500) {
        web_admin_fail(w, req, res, rc, &err);
    } else {
        portlet_page(w, req, res, &v, p.id, web_status_of(rc), err.msg, &form);
    }
    json_decref(form.config);
}

enum cong_err admin_portal_add_routes(struct web *w, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, PAGES_PATH, h_pages, w)) ||
        (rc = http_router_add(r, HTTP_POST, PAGES_PATH, h_pages_add, w)) ||
        (rc = http_router_add(r, HTTP_GET, PAGES_PATH "/:id", h_page, w)) ||
        (rc = http_router_add(r, HTTP_POST, PAGES_PATH "/:id", h_page_post, w)) ||
        (rc = http_router_add(r, HTTP_GET, PORTLETS_PATH "/:id", h_portlet, w)) ||
        (rc = http_router_add(r, HTTP_POST, PORTLETS_PATH "/:id", h_portlet_post, w)))
        return rc;
    return CONG_OK;
}
