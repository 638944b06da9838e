/*
 * A site's menus (content.h): the rules of an item (a label, a target that is this site's
 * page or category, the documents, or a URL that is http(s) or a path on the site), the two
 * levels a menu may have, and the order the editor gives. The order is kept as positions
 * 0..n-1 among siblings: every change places one item and numbers its groups again, in one
 * transaction of the store. Writes go to the audit log; the page generation moves by the
 * table's triggers, so a change shows on every page at once.
 */
#include "content_int.h"
#include "../i18n/i18n.h"

#include <stdio.h>
#include <string.h>

static const char msg_admins_only[] = N_("Chỉ quản trị viên được sửa menu.");
static const char msg_no_item[] = N_("Không có mục menu này.");

bool content_menu_is_known(const char *name)
{
    return name && (!strcmp(name, "main") || !strcmp(name, "footer"));
}

bool content_menu_url_is_allowed(const char *url)
{
    size_t n, skip = 0;

    if (!url || !(n = strlen(url)) || n > CONTENT_MENU_URL_MAX || !text_is_utf8(url, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= ' ' || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
            c == '`')
            return false;
    }
    if (url[0] == '/')
        return n == 1 || url[1] != '/'; /* "//host" would leave the site */
    if (!strncmp(url, "https://", 8))
        skip = 8;
    else if (!strncmp(url, "http://", 7))
        skip = 7;
    else
        return false; /* javascript:, data:, mailto: and the like */
    n = strcspn(url + skip, "/?#");
    return content_is_authority(url + skip, n);
}

static bool is_kind(const char *k)
{
    return k && (!strcmp(k, "page") || !strcmp(k, "category") || !strcmp(k, "documents") ||
                 !strcmp(k, "url"));
}

/* Checks in's label and target (not its place) into it; CONG_EINVAL with err. */
static enum cong_err check_target(struct store *st, struct arena *a, const struct menu_input *in,
                                  struct menu_item *it, struct cong_error *err)
{
    enum cong_err rc;

    if (!in->label || !*in->label)
        return cong_error_field(err, "label", CONG_EINVAL, _("Cần nhập tên mục menu."));
    if ((rc = content_check_text(in->label, CONTENT_MENU_LABEL_MAX, "label", _("Tên mục menu"), err)))
        return rc;
    if (!is_kind(in->kind))
        return cong_error_field(err, "kind", CONG_EINVAL,
                                _("Loại mục menu là trang, chuyên mục, văn bản hoặc liên kết."));
    it->label = in->label;
    it->kind = in->kind;
    it->ref_id = 0;
    it->url = "";
    it->new_window = in->new_window;
    if (in->lang && !content_lang_is_valid(in->lang))
        return cong_error_field(err, "lang", CONG_EINVAL, "%s", _(CONTENT_LANG_MSG));
    if (!strcmp(in->kind, "url")) {
        if (!content_menu_url_is_allowed(in->url))
            return cong_error_field(err, "url", CONG_EINVAL,
                                    _("Liên kết phải bắt đầu bằng http://, https:// (kèm tên miền) "
                                    "hoặc / (một trang của cổng)."));
        it->url = in->url;
    } else if (!strcmp(in->kind, "page")) {
        struct page p;
        rc = in->ref_id > 0 ? store_get_page(st, a, in->ref_id, &p) : CONG_ENOTFOUND;
        if (rc == CONG_ENOTFOUND || (rc == CONG_OK && (!strcmp(p.slug, "site") ||
                                                       !strcmp(p.slug, "xem-chi-tiet") ||
                                                       !strcmp(p.slug, "chuyen-muc"))))
            return cong_error_field(err, "page", CONG_EINVAL,
                                    _("Cần chọn một trang của cổng có địa chỉ riêng."));
        if (rc != CONG_OK)
            return cong_error_set(err, rc, _("không đọc được trang: %s"), cong_strerror(rc));
        it->ref_id = in->ref_id;
    } else if (!strcmp(in->kind, "category")) {
        struct category c;
        rc = in->ref_id > 0 ? store_get_category(st, a, in->ref_id, &c) : CONG_ENOTFOUND;
        if (rc == CONG_ENOTFOUND)
            return cong_error_field(err, "category", CONG_EINVAL,
                                    _("Cần chọn một chuyên mục của cổng."));
        if (rc != CONG_OK)
            return cong_error_set(err, rc, _("không đọc được chuyên mục: %s"), cong_strerror(rc));
        it->ref_id = in->ref_id;
    }
    return CONG_OK;
}

/* The items of menu, read once for a change. */
struct menu_list {
    struct menu_item *v;
    size_t n;
};

static enum cong_err load(struct store *st, struct arena *a, const char *menu,
                          struct menu_list *l, struct cong_error *err)
{
    enum cong_err rc = store_list_menu_items(st, a, menu, &l->v, &l->n);

    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không đọc được menu: %s"), cong_strerror(rc));
    return CONG_OK;
}

static const struct menu_item *find(const struct menu_list *l, int64_t id)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].id == id)
            return &l->v[i];
    }
    return NULL;
}

static bool has_children(const struct menu_list *l, int64_t id)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].parent_id == id)
            return true;
    }
    return false;
}

/* The index of id among the siblings under parent (in order), and how many there are
   (id not counted when skip). */
static size_t sibling_index(const struct menu_list *l, int64_t parent, int64_t id, size_t *count)
{
    size_t k = 0, at = 0;

    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].parent_id != parent)
            continue;
        if (l->v[i].id == id)
            at = k;
        k++;
    }
    *count = k;
    return at;
}

/* The parent in->parent_id for item id (0: new) checked: a top item of this menu, and id
   itself without children. CONG_ESTATE with err. */
static enum cong_err check_parent(const struct menu_list *l, int64_t id, int64_t parent,
                                  struct cong_error *err)
{
    const struct menu_item *p;

    if (!parent)
        return CONG_OK;
    p = find(l, parent);
    if (!p || parent == id)
        return cong_error_field(err, "parent", CONG_EINVAL, _("Mục cha không có trong menu này."));
    if (p->parent_id)
        return cong_error_field(err, "parent", CONG_ESTATE,
                                _("Menu chỉ có hai cấp: không đặt được mục dưới một mục con."));
    if (id && has_children(l, id))
        return cong_error_field(err, "parent", CONG_ESTATE,
                                _("Mục này đang có mục con: menu chỉ có hai cấp."));
    return CONG_OK;
}

/* The language of an item under parent (0: at the top): its parent's, so that a sub-menu
   belongs to the menu of its language; else wanted, else keep (a checked parent is in l). */
static const char *item_lang(const struct menu_list *l, int64_t parent, const char *wanted,
                             const char *keep)
{
    const struct menu_item *p = parent ? find(l, parent) : NULL;

    if (p && p->lang)
        return p->lang;
    return wanted ? wanted : keep;
}

/*
 * Writes the order of l with item id placed under parent at index (past the end: last),
 * every group numbered again from 0.
 */
static enum cong_err place(struct store *st, struct arena *a, const struct menu_list *l,
                           int64_t id, int64_t parent, int64_t index, struct cong_error *err)
{
    int64_t *ids = arena_alloc(a, (l->n + 1) * sizeof(int64_t));
    int64_t *parents = arena_alloc(a, (l->n + 1) * sizeof(int64_t));
    int64_t *positions = arena_alloc(a, (l->n + 1) * sizeof(int64_t));
    size_t m = 0;
    enum cong_err rc;

    if (!ids || !parents || !positions)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    /* each group in turn: the top (parent 0), then under every item */
    for (size_t g = 0; g <= l->n; g++) {
        int64_t gp = g == 0 ? 0 : l->v[g - 1].id;
        int64_t pos = 0;
        bool placed = gp != parent;

        for (size_t i = 0; i < l->n; i++) {
            if (l->v[i].id == id || l->v[i].parent_id != gp)
                continue;
            if (!placed && pos == index) {
                ids[m] = id, parents[m] = gp, positions[m++] = pos++;
                placed = true;
            }
            ids[m] = l->v[i].id, parents[m] = gp, positions[m++] = pos++;
        }
        if (!placed)
            ids[m] = id, parents[m] = gp, positions[m++] = pos;
    }
    rc = store_set_menu_order(st, m, ids, parents, positions);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không lưu được thứ tự menu: %s"), cong_strerror(rc));
    return CONG_OK;
}

static void audit(struct store *st, const struct content_actor *who, const char *action,
                  const char *menu, int64_t id, const char *label)
{
    char target[300];
    int n = snprintf(target, sizeof(target), "menu %s #%lld %s", menu, (long long)id,
                     label ? label : "");

    (void)content_audit(st, who, 0, action, n < 0 ? "" : target, NULL);
}

static enum cong_err check_who(const struct content_actor *who, const char *menu,
                               struct cong_error *err)
{
    if (!who || who->role != AUTH_ADMIN)
        return cong_error_set(err, CONG_EPERM, "%s", _(msg_admins_only));
    if (!content_menu_is_known(menu))
        return cong_error_set(err, CONG_ENOTFOUND, _("Không có menu này (main hoặc footer)."));
    return CONG_OK;
}

enum cong_err content_menu_add(struct store *st, const struct content_actor *who,
                               struct arena *a, const char *menu, const struct menu_input *in,
                               int64_t *id, struct cong_error *err)
{
    struct menu_item it = {.menu = menu, .parent_id = in->parent_id};
    struct menu_list l;
    size_t count;
    enum cong_err rc;

    *id = 0;
    if ((rc = check_who(who, menu, err)) || (rc = check_target(st, a, in, &it, err)) ||
        (rc = load(st, a, menu, &l, err)) || (rc = check_parent(&l, 0, in->parent_id, err)))
        return rc;
    if (l.n >= STORE_MENU_ITEMS_MAX)
        return cong_error_set(err, CONG_ESTATE, _("Một menu có tối đa %d mục."),
                              STORE_MENU_ITEMS_MAX);
    it.lang = item_lang(&l, in->parent_id, in->lang, "vi");
    (void)sibling_index(&l, in->parent_id, 0, &count);
    it.position = (int64_t)count;
    rc = store_add_menu_item(st, &it, id);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không lưu được mục menu: %s"), cong_strerror(rc));
    if (in->position >= 0 && (size_t)in->position < count &&
        (rc = place(st, a, &l, *id, in->parent_id, in->position, err)) != CONG_OK)
        return rc;
    audit(st, who, "menu_item_added", menu, *id, in->label);
    return CONG_OK;
}

enum cong_err content_menu_update(struct store *st, const struct content_actor *who,
                                  struct arena *a, const char *menu, int64_t id,
                                  const struct menu_input *in, struct cong_error *err)
{
    struct menu_item it = {.id = id, .menu = menu, .parent_id = in->parent_id};
    const struct menu_item *old;
    struct menu_list l;
    size_t count, at;
    enum cong_err rc;

    if ((rc = check_who(who, menu, err)) || (rc = load(st, a, menu, &l, err)))
        return rc;
    if (!(old = find(&l, id)))
        return cong_error_set(err, CONG_ENOTFOUND, "%s", _(msg_no_item));
    if ((rc = check_target(st, a, in, &it, err)) ||
        (rc = check_parent(&l, id, in->parent_id, err)))
        return rc;
    at = sibling_index(&l, old->parent_id, id, &count);
    it.position = old->position;
    it.lang = item_lang(&l, in->parent_id, in->lang, old->lang);
    rc = store_update_menu_item(st, &it);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không lưu được mục menu: %s"), cong_strerror(rc));
    if (in->parent_id != old->parent_id || (in->position >= 0 && (size_t)in->position != at)) {
        rc = place(st, a, &l, id, in->parent_id, in->position >= 0 ? in->position : INT64_MAX,
                   err);
        if (rc != CONG_OK)
            return rc;
    }
    audit(st, who, "menu_item_changed", menu, id, in->label);
    return CONG_OK;
}

enum cong_err content_menu_delete(struct store *st, const struct content_actor *who,
                                  struct arena *a, const char *menu, int64_t id,
                                  struct cong_error *err)
{
    struct menu_item it;
    enum cong_err rc;

    if ((rc = check_who(who, menu, err)))
        return rc;
    rc = store_get_menu_item(st, a, id, &it);
    if (rc == CONG_OK && strcmp(it.menu, menu) != 0)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        rc = store_delete_menu_item(st, id);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, "%s", _(msg_no_item));
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không xóa được mục menu: %s"), cong_strerror(rc));
    audit(st, who, "menu_item_removed", menu, id, it.label);
    return CONG_OK;
}

enum cong_err content_menu_move(struct store *st, const struct content_actor *who,
                                struct arena *a, const char *menu, int64_t id,
                                enum content_menu_move how, struct cong_error *err)
{
    static const char *const names[] = {"up", "down", "indent", "outdent"};
    const struct menu_item *it, *prev = NULL;
    struct menu_list l;
    size_t count, at;
    int64_t parent, index;
    enum cong_err rc;

    if ((rc = check_who(who, menu, err)) || (rc = load(st, a, menu, &l, err)))
        return rc;
    if (!(it = find(&l, id)))
        return cong_error_set(err, CONG_ENOTFOUND, "%s", _(msg_no_item));
    at = sibling_index(&l, it->parent_id, id, &count);
    parent = it->parent_id;
    switch (how) {
    case CONTENT_MENU_UP:
        if (at == 0)
            return cong_error_set(err, CONG_ESTATE, _("Mục này đã ở đầu."));
        index = (int64_t)at - 1;
        break;
    case CONTENT_MENU_DOWN:
        if (at + 1 >= count)
            return cong_error_set(err, CONG_ESTATE, _("Mục này đã ở cuối."));
        index = (int64_t)at + 1;
        break;
    case CONTENT_MENU_INDENT:
        for (size_t i = 0; i < l.n && &l.v[i] != it; i++) {
            if (l.v[i].parent_id == it->parent_id)
                prev = &l.v[i];
        }
        if (it->parent_id || !prev)
            return cong_error_set(err, CONG_ESTATE,
                                  _("Chỉ lùi vào được một mục cấp trên có mục đứng trước nó."));
        if (has_children(&l, id))
            return cong_error_set(err, CONG_ESTATE,
                                  _("Mục này đang có mục con: menu chỉ có hai cấp."));
        parent = prev->id;
        index = INT64_MAX;
        break;
    case CONTENT_MENU_OUTDENT:
    default:
        if (!it->parent_id)
            return cong_error_set(err, CONG_ESTATE, _("Mục này đã ở cấp trên cùng."));
        index = (int64_t)sibling_index(&l, 0, it->parent_id, &count) + 1;
        parent = 0;
        break;
    }
    if ((rc = place(st, a, &l, id, parent, index, err)) != CONG_OK)
        return rc;
    audit(st, who, "menu_item_moved", menu, id, names[how]);
    return CONG_OK;
}
