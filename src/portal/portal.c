/*
 * The rules of composition: layouts and their regions, view permissions, and the changes to
 * pages and portlets that the admin UI and the API both call, so that one set of checks
 * guards every write. Everything is checked before anything is written; a refusal says, in
 * Vietnamese, which field is wrong. Configuration checks are in config.c, the built-in pages
 * in defaults.c.
 */
#include "portal_int.h"
#include "../i18n/i18n.h"

#include <stdlib.h>
#include <string.h>

#include "../i18n/i18n.h"

/* Layouts. */

static const char *const regions_mot_cot[] = {"main", NULL};
static const char *const regions_hai_cot[] = {"main", "right", NULL};
static const char *const regions_ba_cot[] = {"main", "left", "right", NULL};
static const char *const regions_site[] = {"right", "left", "header", "footer", NULL};

static const struct portal_layout layouts[] = {
    {"hai-cot", N_("Hai cột (nội dung 70%, cột phải 30%)"), regions_hai_cot},
    {"mot-cot", N_("Một cột"), regions_mot_cot},
    {"ba-cot", N_("Ba cột (cột trái, nội dung, cột phải)"), regions_ba_cot},
    {"site", N_("Toàn trang (đầu trang, cột trái, cột phải, chân trang)"), regions_site},
};
#define PAGE_LAYOUTS 3 /* the first three; "site" belongs to the page site alone */

static const struct {
    const char *name;
    const char *label;
} region_labels[] = {
    {"main", N_("Nội dung chính")}, {"left", N_("Cột trái")},     {"right", N_("Cột phải")},
    {"header", N_("Đầu trang")},    {"footer", N_("Chân trang")},
};

static const char *const builtin_pages[] = {PORTAL_SITE_PAGE, PORTAL_HOME_PAGE,
                                            PORTAL_CATEGORY_PAGE, PORTAL_ARTICLE_PAGE,
                                            PORTAL_SEARCH_PAGE};

const struct portal_layout *portal_layout_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof(layouts) / sizeof(layouts[0]); i++) {
        if (!strcmp(layouts[i].name, name))
            return &layouts[i];
    }
    return NULL;
}

const struct portal_layout *portal_layout_at(size_t i)
{
    return i < PAGE_LAYOUTS ? &layouts[i] : NULL;
}

bool portal_layout_has_region(const struct portal_layout *l, const char *region)
{
    for (const char *const *r = l->regions; region && *r; r++) {
        if (!strcmp(*r, region))
            return true;
    }
    return false;
}

const char *portal_region_label(const char *region)
{
    for (size_t i = 0; i < sizeof(region_labels) / sizeof(region_labels[0]); i++) {
        if (!strcmp(region_labels[i].name, region))
            return _(region_labels[i].label);
    }
    return region;
}

bool portal_page_is_builtin(const char *slug)
{
    for (size_t i = 0; slug && i < sizeof(builtin_pages) / sizeof(builtin_pages[0]); i++) {
        if (!strcmp(builtin_pages[i], slug))
            return true;
    }
    return false;
}

const char *portal_page_path(struct arena *a, const char *slug)
{
    if (!strcmp(slug, PORTAL_HOME_PAGE))
        return "/";
    if (!strcmp(slug, PORTAL_SEARCH_PAGE))
        return "/tim-kiem";
    if (portal_page_is_builtin(slug))
        return NULL;
    return arena_printf(a, "/trang/%s", slug);
}

/* Permissions. */

/* A role set no viewer is in: no bit of an enum auth_role. */
#define NOBODY (1u << 31)

static const char *const unauth_names[] = {"inherit", "message", "hide"};

const char *portal_unauth_name(enum portal_unauth u)
{
    return (unsigned)u < 3 ? unauth_names[u] : "inherit";
}

bool portal_unauth_parse(const char *name, enum portal_unauth *out)
{
    for (unsigned i = 0; name && i < 3; i++) {
        if (!strcmp(unauth_names[i], name)) {
            *out = (enum portal_unauth)i;
            return true;
        }
    }
    return false;
}

enum portal_unauth portal_site_unauth(const char *setting)
{
    return setting && !strcmp(setting, "hide") ? PORTAL_UNAUTH_HIDE : PORTAL_UNAUTH_MESSAGE;
}

enum cong_err portal_roles_parse(const char *text, unsigned *mask, struct cong_error *err)
{
    const char *p = text ? text : "", *end;
    enum auth_role r;
    char name[32];
    size_t n;

    *mask = PORTAL_EVERYONE;
    while (*p) {
        end = strchrnul(p, ',');
        n = (size_t)(end - p);
        if (n == 0 || n >= sizeof(name))
            goto bad;
        memcpy(name, p, n);
        name[n] = '\0';
        if (!auth_role_parse(name, &r))
            goto bad;
        *mask |= PORTAL_ROLE_BIT(r);
        p = *end ? end + 1 : end;
    }
    return CONG_OK;
bad:
    *mask = PORTAL_EVERYONE;
    return cong_error_set(err, CONG_EINVAL, _("Danh sách vai trò không hợp lệ: '%s'."),
                          text ? text : "");
}

void portal_roles_format(unsigned mask, struct buf *out)
{
    bool first = true;

    for (enum auth_role r = AUTH_GUEST; r <= AUTH_ADMIN; r++) {
        if (!(mask & PORTAL_ROLE_BIT(r)))
            continue;
        if (!first)
            buf_putc(out, ',');
        buf_puts(out, auth_role_name(r));
        first = false;
    }
}

enum portal_show portal_decide(unsigned roles, enum portal_unauth own,
                               enum portal_unauth site_default, enum auth_role viewer)
{
    enum portal_unauth mode = own == PORTAL_UNAUTH_INHERIT ? site_default : own;

    if (roles == PORTAL_EVERYONE || (roles & PORTAL_ROLE_BIT(viewer)))
        return PORTAL_SHOW;
    return mode == PORTAL_UNAUTH_HIDE ? PORTAL_SHOW_NOTHING : PORTAL_SHOW_MESSAGE;
}

enum portal_show portal_portlet_show(const struct portlet *p, enum auth_role viewer,
                                     enum portal_unauth site_default)
{
    enum portal_unauth own = PORTAL_UNAUTH_INHERIT;
    unsigned roles;

    (void)portal_unauth_parse(p->unauthorized, &own); /* unknown: inherit */
    /* a list that does not parse names no role: the content stays hidden from everyone */
    if (portal_roles_parse(p->view_roles, &roles, NULL) != CONG_OK)
        roles = NOBODY;
    return portal_decide(roles, own, site_default, viewer);
}

size_t portal_chars(const char *s)
{
    size_t c = 0;

    for (; *s; s++)
        c += ((unsigned char)*s & 0xC0) != 0x80;
    return c;
}

/* Pages. */

static bool slug_is_valid(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > PORTAL_SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        bool ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-';
        if (!ok || (s[i] == '-' && s[i + 1] == '-'))
            return false;
    }
    return true;
}

/* A title trimmed into a, or NULL with err set. */
static const char *checked_title(struct arena *a, const char *title, bool required,
                                 const char *what, struct cong_error *err)
{
    size_t n = strlen(title);
    const char *t = text_trim(title, &n), *out;

    if (!text_is_utf8(t, n)) {
        cong_error_field(err, "title", CONG_EINVAL, _("%s không phải văn bản UTF-8."), what);
        return NULL;
    }
    if (required && n == 0) {
        cong_error_field(err, "title", CONG_EINVAL, _("%s không được để trống."), what);
        return NULL;
    }
    out = arena_strndup(a, t, n);
    if (!out) {
        cong_error_set(err, CONG_ENOMEM, _("Hết bộ nhớ."));
        return NULL;
    }
    if (portal_chars(out) > PORTAL_TITLE_MAX) {
        cong_error_field(err, "title", CONG_EINVAL, _("%s dài quá %d ký tự."), what,
                         PORTAL_TITLE_MAX);
        return NULL;
    }
    return out;
}

static enum cong_err store_said(enum cong_err rc, struct cong_error *err)
{
    if (rc == CONG_ENOMEM)
        return cong_error_set(err, rc, _("Máy chủ đang quá tải, xin thử lại sau."));
    return cong_error_set(err, rc, _("Không ghi được vào cơ sở dữ liệu (%s)."), cong_strerror(rc));
}

/* Checks layout for a page called slug. */
static enum cong_err check_layout(const char *slug, const char *layout, struct cong_error *err)
{
    bool site = !strcmp(slug, PORTAL_SITE_PAGE);
    const struct portal_layout *l = portal_layout_find(layout);

    if (site && (!l || strcmp(l->name, "site") != 0))
        return cong_error_set(err, CONG_ESTATE, _("Trang \"site\" luôn có bố cục \"site\"."));
    if (!site && (!l || !strcmp(l->name, "site")))
        return cong_error_field(err, "layout", CONG_EINVAL,
                                _("Bố cục '%s' không có; chọn mot-cot, hai-cot hoặc ba-cot."), layout);
    return CONG_OK;
}

/* A page's language: NULL (unchanged, or the default) or "vi" or "en"; CONG_EINVAL with err. */
static enum cong_err check_lang(const char *lang, struct cong_error *err)
{
    if (!lang || !strcmp(lang, "vi") || !strcmp(lang, "en"))
        return CONG_OK;
    return cong_error_field(err, "lang", CONG_EINVAL, "%s",
                            _("Ngôn ngữ của trang là vi (Tiếng Việt) hoặc en (English)."));
}

enum cong_err portal_page_create(struct store *st, struct arena *a,
                                 const struct portal_page_change *in, int64_t *id,
                                 struct cong_error *err)
{
    struct page p = {0};
    struct page *all;
    size_t n;
    enum cong_err rc;

    *id = 0;
    if (!in->title)
        return cong_error_field(err, "title", CONG_EINVAL, _("Tiêu đề trang không được để trống."));
    p.title = checked_title(a, in->title, true, _("Tiêu đề trang"), err);
    if (!p.title)
        return err ? err->code : CONG_EINVAL;
    if (in->slug && *in->slug) {
        p.slug = in->slug;
    } else {
        struct buf b;
        buf_init(&b, PORTAL_SLUG_MAX + 1);
        rc = text_slugify(p.title, strlen(p.title), PORTAL_SLUG_MAX, &b);
        p.slug = rc == CONG_OK && !buf_error(&b) ? arena_strndup(a, b.data, b.len) : NULL;
        buf_release(&b);
        if (!p.slug || !*p.slug)
            return cong_error_field(err, "slug", CONG_EINVAL,
                                    _("Không tạo được đường dẫn từ tiêu đề; hãy nhập đường dẫn."));
    }
    if (!slug_is_valid(p.slug))
        return cong_error_field(err, "slug", CONG_EINVAL,
                              _("Đường dẫn '%s' không hợp lệ: chỉ chữ thường không dấu, chữ số và "
                              "dấu gạch ngang, tối đa %d ký tự."),
                              p.slug, PORTAL_SLUG_MAX);
    if (portal_page_is_builtin(p.slug))
        return cong_error_set(err, CONG_EEXIST, _("Đường dẫn '%s' là của một trang hệ thống."),
                              p.slug);
    p.layout = in->layout ? in->layout : "hai-cot";
    if ((rc = check_layout(p.slug, p.layout, err)) != CONG_OK)
        return rc;
    p.in_menu = in->in_menu == 1;
    if ((rc = check_lang(in->lang, err)) != CONG_OK)
        return rc;
    p.lang = in->lang ? in->lang : "vi";
    if ((rc = store_list_pages(st, a, false, &all, &n)) != CONG_OK)
        return store_said(rc, err);
    if (n >= PORTAL_PAGES_MAX)
        return cong_error_set(err, CONG_ESTATE, _("Cổng đã có %d trang, không thêm được nữa."),
                              PORTAL_PAGES_MAX);
    rc = store_add_page(st, &p, id);
    if (rc == CONG_EEXIST)
        return cong_error_set(err, rc, _("Đã có trang với đường dẫn '%s'."), p.slug);
    if (rc != CONG_OK)
        return store_said(rc, err);
    return CONG_OK;
}

enum cong_err portal_page_update(struct store *st, struct arena *a, int64_t id,
                                 const struct portal_page_change *in, struct cong_error *err)
{
    const struct portal_layout *l;
    struct portlet *ps;
    struct page p;
    size_t n;
    enum cong_err rc;

    rc = store_get_page(st, a, id, &p);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có trang %lld."), (long long)id);
    if (rc != CONG_OK)
        return store_said(rc, err);
    if (in->title) {
        p.title = checked_title(a, in->title, true, _("Tiêu đề trang"), err);
        if (!p.title)
            return err ? err->code : CONG_EINVAL;
    }
    if (in->slug && strcmp(in->slug, p.slug) != 0) {
        if (portal_page_is_builtin(p.slug))
            return cong_error_set(err, CONG_ESTATE,
                                  _("Không đổi được đường dẫn của trang hệ thống '%s'."), p.slug);
        if (!slug_is_valid(in->slug))
            return cong_error_field(err, "slug", CONG_EINVAL,
                                  _("Đường dẫn '%s' không hợp lệ: chỉ chữ thường không dấu, chữ số "
                                  "và dấu gạch ngang, tối đa %d ký tự."),
                                  in->slug, PORTAL_SLUG_MAX);
        if (portal_page_is_builtin(in->slug))
            return cong_error_set(err, CONG_EEXIST, _("Đường dẫn '%s' là của một trang hệ thống."),
                                  in->slug);
        p.slug = in->slug;
    }
    if (in->layout) {
        if ((rc = check_layout(p.slug, in->layout, err)) != CONG_OK)
            return rc;
        p.layout = in->layout;
    }
    if (in->in_menu >= 0) {
        if (in->in_menu == 1 && portal_page_is_builtin(p.slug))
            return cong_error_set(err, CONG_ESTATE, _("Trang hệ thống '%s' không đưa vào menu được."),
                                  p.slug);
        p.in_menu = in->in_menu == 1;
    }
    if (in->lang) {
        if ((rc = check_lang(in->lang, err)) != CONG_OK)
            return rc;
        p.lang = in->lang;
    }
    rc = store_update_page(st, &p);
    if (rc == CONG_EEXIST)
        return cong_error_set(err, rc, _("Đã có trang với đường dẫn '%s'."), p.slug);
    if (rc != CONG_OK)
        return store_said(rc, err);
    /* portlets of regions the new layout lacks go to the end of its first region */
    l = portal_layout_find(p.layout);
    if (!l || (rc = store_list_portlets(st, a, id, &ps, &n)) != CONG_OK)
        return l ? store_said(rc, err) : CONG_OK;
    for (size_t i = 0; i < n; i++) {
        if (portal_layout_has_region(l, ps[i].region))
            continue;
        ps[i].region = l->regions[0];
        ps[i].position = PORTAL_POSITION_KEEP;
        if ((rc = store_update_portlet(st, &ps[i])) != CONG_OK && rc != CONG_ENOTFOUND)
            return store_said(rc, err);
    }
    return CONG_OK;
}

enum cong_err portal_page_delete(struct store *st, struct arena *a, int64_t id,
                                 struct cong_error *err)
{
    struct page p;
    enum cong_err rc;

    rc = store_get_page(st, a, id, &p);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có trang %lld."), (long long)id);
    if (rc != CONG_OK)
        return store_said(rc, err);
    if (portal_page_is_builtin(p.slug))
        return cong_error_set(err, CONG_ESTATE, _("Trang hệ thống '%s' không xóa được."), p.slug);
    rc = store_delete_page(st, id);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có trang %lld."), (long long)id);
    return rc == CONG_OK ? CONG_OK : store_said(rc, err);
}

/* Portlets. */

/* Fills p's title, config, view_roles and unauthorized from in over what p holds. */
static enum cong_err apply_change(struct store *st, struct arena *a, const struct page *page,
                                  const struct portlet_type *t,
                                  const struct portal_portlet_change *in, struct portlet *p,
                                  struct cong_error *err)
{
    const struct portal_layout *l = portal_layout_find(page->layout);
    enum portal_unauth u;
    json_t *merged, *checked;
    unsigned roles = PORTAL_EVERYONE;
    enum auth_role r;
    struct buf b;
    char *text;
    enum cong_err rc;

    if (in->region) {
        if (!l || !portal_layout_has_region(l, in->region)) {
            struct buf names;
            buf_init(&names, 256);
            for (const char *const *reg = l ? l->regions : regions_mot_cot; *reg; reg++)
                buf_printf(&names, "%s%s", reg == (l ? l->regions : regions_mot_cot) ? "" : ", ",
                           *reg);
            rc = cong_error_field(err, "region", CONG_EINVAL,
                                _("Vùng '%s' không có trong bố cục '%s' của trang (các vùng: %s)."),
                                in->region, page->layout, names.data);
            buf_release(&names);
            return rc;
        }
        p->region = in->region;
    }
    if (in->position != PORTAL_POSITION_KEEP) {
        if (in->position < 0 || in->position >= PORTAL_PORTLETS_MAX)
            return cong_error_field(err, "position", CONG_EINVAL, _("Vị trí phải là số từ 0 đến %d."),
                                  PORTAL_PORTLETS_MAX - 1);
        p->position = in->position;
    }
    if (in->title) {
        p->title = checked_title(a, in->title, false, _("Tiêu đề portlet"), err);
        if (!p->title)
            return err ? err->code : CONG_EINVAL;
    }
    if (in->unauthorized) {
        if (!portal_unauth_parse(in->unauthorized, &u))
            return cong_error_field(err, "unauthorized", CONG_EINVAL,
                                  _("Khi không đủ quyền phải là inherit, message hoặc hide, không "
                                  "phải '%s'."),
                                  in->unauthorized);
        p->unauthorized = portal_unauth_name(u);
    }
    if (in->set_roles) {
        for (size_t i = 0; i < in->nview_roles; i++) {
            if (!in->view_roles[i] || !auth_role_parse(in->view_roles[i], &r))
                return cong_error_field(err, "view_roles", CONG_EINVAL,
                                      _("Vai trò '%s' không có (các vai trò: guest, member, author, "
                                      "editor, publisher, admin)."),
                                      in->view_roles[i] ? in->view_roles[i] : "");
            roles |= PORTAL_ROLE_BIT(r);
        }
        buf_init(&b, 128);
        portal_roles_format(roles, &b);
        p->view_roles = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
        buf_release(&b);
        if (!p->view_roles)
            return cong_error_set(err, CONG_ENOMEM, _("Hết bộ nhớ."));
    }
    if (in->config || !p->config) {
        /* a change names only the fields it changes: the others keep their values */
        merged = portal_config_effective(t, p->config);
        if (!merged)
            return cong_error_set(err, CONG_ENOMEM, _("Hết bộ nhớ."));
        if (in->config && !json_is_object(in->config)) {
            json_decref(merged);
            return cong_error_field(err, "config", CONG_EINVAL, _("Cấu hình phải là một đối tượng JSON."));
        }
        if (in->config && p->config) {
            json_object_update(merged, (json_t *)in->config);
        } else if (in->config) {
            json_decref(merged);
            merged = json_incref((json_t *)in->config);
        }
        rc = portal_config_check(st, t, merged, &checked, err);
        json_decref(merged);
        if (rc != CONG_OK)
            return rc;
        text = json_dumps(checked, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(checked);
        p->config = text ? arena_strdup(a, text) : NULL;
        free(text);
        if (!p->config)
            return cong_error_set(err, CONG_ENOMEM, _("Hết bộ nhớ."));
    }
    return CONG_OK;
}

enum cong_err portal_portlet_add(struct store *st, struct arena *a, int64_t page_id,
                                 const struct portal_portlet_change *in, int64_t *id,
                                 struct cong_error *err)
{
    const struct portlet_type *t = portal_type_find(in->type);
    const struct portal_layout *l;
    struct portlet p = {0}, *existing;
    struct page page;
    size_t n;
    enum cong_err rc;

    *id = 0;
    rc = store_get_page(st, a, page_id, &page);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có trang %lld."), (long long)page_id);
    if (rc != CONG_OK)
        return store_said(rc, err);
    if (!t)
        return cong_error_field(err, "type", CONG_EINVAL, _("Kiểu portlet '%s' không có."),
                              in->type ? in->type : "");
    l = portal_layout_find(page.layout);
    p.page_id = page_id;
    p.type = t->name;
    p.title = "";
    p.region = l ? l->regions[0] : "main";
    p.position = PORTAL_POSITION_KEEP;
    p.view_roles = "";
    p.unauthorized = "inherit";
    p.config = NULL; /* defaults, or in->config over them */
    if ((rc = apply_change(st, a, &page, t, in, &p, err)) != CONG_OK)
        return rc;
    if ((rc = store_list_portlets(st, a, page_id, &existing, &n)) != CONG_OK)
        return store_said(rc, err);
    if (n >= PORTAL_PORTLETS_MAX)
        return cong_error_set(err, CONG_ESTATE, _("Trang đã có %d portlet, không thêm được nữa."),
                              PORTAL_PORTLETS_MAX);
    rc = store_add_portlet(st, &p, id);
    if (rc == CONG_EINVAL || rc == CONG_ENOTFOUND)
        return cong_error_set(err, CONG_ENOTFOUND, _("Không có trang %lld."), (long long)page_id);
    return rc == CONG_OK ? CONG_OK : store_said(rc, err);
}

enum cong_err portal_portlet_update(struct store *st, struct arena *a, int64_t id,
                                    const struct portal_portlet_change *in, struct cong_error *err)
{
    const struct portlet_type *t;
    struct portlet p;
    struct page page;
    enum cong_err rc;

    rc = store_get_portlet(st, a, id, &p);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có portlet %lld."), (long long)id);
    if (rc != CONG_OK)
        return store_said(rc, err);
    if ((rc = store_get_page(st, a, p.page_id, &page)) != CONG_OK)
        return store_said(rc, err);
    t = portal_type_find(p.type);
    if (!t)
        return cong_error_set(err, CONG_EINVAL,
                              _("Portlet %lld có kiểu '%s' không còn; chỉ xóa được nó."),
                              (long long)id, p.type);
    if (in->type && strcmp(in->type, p.type) != 0)
        return cong_error_field(err, "type", CONG_EINVAL,
                                _("Không đổi được kiểu của portlet; hãy thêm một portlet mới."));
    /* the position stays unless asked: renumbering puts it back where it was */
    if ((rc = apply_change(st, a, &page, t, in, &p, err)) != CONG_OK)
        return rc;
    rc = store_update_portlet(st, &p);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có portlet %lld."), (long long)id);
    return rc == CONG_OK ? CONG_OK : store_said(rc, err);
}

enum cong_err portal_portlet_delete(struct store *st, int64_t id, struct cong_error *err)
{
    enum cong_err rc = store_delete_portlet(st, id);

    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có portlet %lld."), (long long)id);
    return rc == CONG_OK ? CONG_OK : store_said(rc, err);
}

const char *portal_portlet_title(const struct portlet *p)
{
    /* a default title is its own message: the catalogue knows it, and nothing else; the
       category list's is the plural of the word a form's field uses */
    if (p->title && !strcmp(p->title, N_("Chuyên mục")))
        return C_("danh sách", "Chuyên mục");
    return p->title && *p->title ? _(p->title) : "";
}

const char *portal_roles_label(struct arena *a, const char *stored)
{
    unsigned mask;
    struct buf b;
    const char *out;

    if (portal_roles_parse(stored, &mask, NULL) != CONG_OK)
        return _("Không ai");
    if (mask == PORTAL_EVERYONE)
        return _("Mọi người");
    buf_init(&b, 512);
    for (enum auth_role r = AUTH_GUEST; r <= AUTH_ADMIN; r++) {
        if (mask & PORTAL_ROLE_BIT(r))
            buf_printf(&b, "%s%s", b.len ? ", " : "", auth_role_label(r));
    }
    out = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out ? out : "";
}
