/*
 * Categories as editors manage them: names and slugs checked, the tree kept a tree (no
 * category under itself or its own descendants), siblings kept in order, deletion refused
 * while anything is still filed there, and every change written to the audit log. The store
 * enforces the same constraints again inside its transactions; here they get their messages.
 */
#include "content_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#define CATEGORY_NAME_MAX        200
#define CATEGORY_DESCRIPTION_MAX 2000

static enum cong_err need_editor(const struct content_actor *who, struct cong_error *err)
{
    if (!auth_role_at_least(who->role, AUTH_EDITOR))
        return cong_error_set(err, CONG_EPERM,
                              _("chỉ biên tập viên trở lên mới quản lý được chuyên mục"));
    return CONG_OK;
}

/*
 * Checks a typed slug: it must already be in the form text_slugify makes (lowercase ASCII
 * letters, digits and single '-'), so what the editor sees in the URL is what they typed.
 */
static enum cong_err check_slug(const char *slug, struct cong_error *err)
{
    struct buf b;
    size_t n = strlen(slug);
    enum cong_err rc;

    buf_init(&b, CONTENT_SLUG_MAX + 8);
    rc = text_slugify(slug, n, CONTENT_SLUG_MAX, &b);
    if (rc == CONG_OK)
        rc = buf_error(&b);
    if (rc == CONG_OK && (b.len != n || memcmp(b.data, slug, n) != 0))
        rc = CONG_EINVAL;
    buf_release(&b);
    if (rc)
        return cong_error_field(err, "slug", CONG_EINVAL,
                              _("đường dẫn (slug) chỉ gồm chữ thường không dấu, chữ số và dấu '-', "
                              "dài nhiều nhất %d ký tự"),
                              CONTENT_SLUG_MAX);
    return CONG_OK;
}

/* The slug made from name into *out (from ar). */
static enum cong_err slug_from_name(struct arena *ar, const char *name, const char **out,
                                    struct cong_error *err)
{
    struct buf b;
    enum cong_err rc;

    buf_init(&b, CONTENT_SLUG_MAX + 8);
    rc = text_slugify(name, strlen(name), CONTENT_SLUG_MAX, &b);
    if (rc == CONG_OK)
        rc = buf_error(&b);
    if (rc == CONG_OK && b.len == 0)
        rc = cong_error_field(err, "slug", CONG_EINVAL,
                            _("không tạo được đường dẫn từ tên này; hãy nhập đường dẫn (slug)"));
    else if (rc)
        cong_error_set(err, rc, _("không tạo được đường dẫn: %s"), cong_strerror(rc));
    if (rc == CONG_OK && !(*out = arena_strndup(ar, b.data, b.len)))
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
    buf_release(&b);
    return rc;
}

/* Trims name and checks it: 1..CATEGORY_NAME_MAX characters of UTF-8. *out from ar. */
static enum cong_err check_name(struct arena *ar, const char *name, const char **out,
                                struct cong_error *err)
{
    size_t n = name ? strlen(name) : 0;
    enum cong_err rc;

    if ((rc = content_check_text(name, CATEGORY_NAME_MAX, "name", _("tên chuyên mục"), err)))
        return rc;
    name = name ? text_trim(name, &n) : "";
    if (n == 0)
        return cong_error_field(err, "name", CONG_EINVAL, _("chuyên mục cần có tên"));
    if (!(*out = arena_strndup(ar, name, n)))
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    return CONG_OK;
}

/*
 * Checks that parent_id may hold category id (0 for a new one): it exists and is neither id
 * nor one of id's descendants. all[0..n) is every category.
 */
static enum cong_err check_parent(const struct category *all, size_t n, int64_t id,
                                  int64_t parent_id, struct cong_error *err)
{
    int64_t at = parent_id;
    size_t steps = 0;

    if (parent_id == 0)
        return CONG_OK;
    if (parent_id == id)
        return cong_error_field(err, "parent", CONG_EINVAL, _("chuyên mục không thể nằm trong chính nó"));
    /* walk up from the new parent: meeting id means the parent is id's descendant */
    while (at != 0) {
        size_t i;

        for (i = 0; i < n && all[i].id != at; i++)
            ;
        if (i == n) {
            if (at == parent_id)
                return cong_error_field(err, "parent", CONG_EINVAL, _("không có chuyên mục cha #%lld"),
                                      (long long)parent_id);
            break; /* a dangling link above: the store decides */
        }
        if (id != 0 && all[i].id == id)
            return cong_error_field(err, "parent", CONG_EINVAL,
                                  _("không thể đặt chuyên mục vào trong một chuyên mục con của nó"));
        at = all[i].parent_id;
        if (++steps > n)
            break; /* a cycle already in the data: do not loop forever */
    }
    return CONG_OK;
}

static enum cong_err list_all(struct store *st, struct arena *ar, struct category **all, size_t *n,
                              struct cong_error *err)
{
    enum cong_err rc = store_list_categories(st, ar, all, n);

    if (rc)
        return cong_error_set(err, rc, _("không đọc được chuyên mục: %s"), cong_strerror(rc));
    return CONG_OK;
}

static enum cong_err write_error(enum cong_err rc, const char *slug, struct cong_error *err)
{
    switch (rc) {
    case CONG_OK: return CONG_OK;
    case CONG_EEXIST:
        return cong_error_set(err, rc, _("đường dẫn '%s' đã có chuyên mục khác dùng"), slug);
    case CONG_EINVAL: return cong_error_field(err, "parent", rc, _("chuyên mục cha không hợp lệ"));
    case CONG_ENOTFOUND: return cong_error_set(err, rc, _("không có chuyên mục này"));
    default: return cong_error_set(err, rc, _("không lưu được chuyên mục: %s"), cong_strerror(rc));
    }
}

enum cong_err content_category_create(struct store *st, const struct content_actor *who,
                                      const struct category_edit *e, int64_t *id,
                                      struct cong_error *err)
{
    struct arena ar;
    struct category c = {0}, *all = NULL;
    size_t n = 0;
    enum cong_err rc;

    *id = 0;
    if ((rc = need_editor(who, err)))
        return rc;
    arena_init(&ar, 0);
    if ((rc = check_name(&ar, e->name, &c.name, err)))
        goto out;
    if (e->slug && *e->slug) {
        if ((rc = check_slug(e->slug, err)))
            goto out;
        c.slug = e->slug;
    } else if ((rc = slug_from_name(&ar, c.name, &c.slug, err))) {
        goto out;
    }
    if ((rc = content_check_text(e->description, CATEGORY_DESCRIPTION_MAX, "description", _("mô tả"), err)))
        goto out;
    c.description = e->description ? e->description : "";
    c.parent_id = e->set_parent ? e->parent_id : 0;
    if ((rc = list_all(st, &ar, &all, &n, err)) || (rc = check_parent(all, n, 0, c.parent_id, err)))
        goto out;
    if (e->set_position) {
        c.position = e->position;
    } else {
        /* last among its siblings */
        for (size_t i = 0; i < n; i++) {
            if (all[i].parent_id == c.parent_id && all[i].position >= c.position)
                c.position = all[i].position + 1;
        }
    }
    if ((rc = write_error(store_add_category(st, &c, id), c.slug, err)))
        goto out;
    content_audit(st, who, 0, "category_created", c.slug, c.name);
out:
    arena_release(&ar);
    return rc;
}

static enum cong_err load_category(struct store *st, struct arena *ar, int64_t id,
                                   struct category *c, struct cong_error *err)
{
    enum cong_err rc = id > 0 ? store_get_category(st, ar, id, c) : CONG_ENOTFOUND;

    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("không có chuyên mục #%lld"), (long long)id);
    if (rc)
        return cong_error_set(err, rc, _("không đọc được chuyên mục: %s"), cong_strerror(rc));
    return CONG_OK;
}

enum cong_err content_category_update(struct store *st, const struct content_actor *who, int64_t id,
                                      const struct category_edit *e, struct cong_error *err)
{
    struct arena ar;
    struct category c, *all = NULL;
    size_t n = 0;
    const char *old_slug;
    enum cong_err rc;

    if ((rc = need_editor(who, err)))
        return rc;
    arena_init(&ar, 0);
    if ((rc = load_category(st, &ar, id, &c, err)))
        goto out;
    old_slug = c.slug;
    if (e->name && (rc = check_name(&ar, e->name, &c.name, err)))
        goto out;
    if (e->slug && *e->slug) {
        if ((rc = check_slug(e->slug, err)))
            goto out;
        c.slug = e->slug;
    }
    if (e->description) {
        if ((rc = content_check_text(e->description, CATEGORY_DESCRIPTION_MAX, "description", _("mô tả"), err)))
            goto out;
        c.description = e->description;
    }
    if (e->set_parent) {
        if ((rc = list_all(st, &ar, &all, &n, err)) ||
            (rc = check_parent(all, n, id, e->parent_id, err)))
            goto out;
        c.parent_id = e->parent_id;
    }
    if (e->set_position)
        c.position = e->position;
    if ((rc = write_error(store_update_category(st, &c), c.slug, err)))
        goto out;
    content_audit(st, who, 0, "category_updated", c.slug,
                  strcmp(old_slug, c.slug) ? arena_printf(&ar, "%s → %s", old_slug, c.slug) : c.name);
out:
    arena_release(&ar);
    return rc;
}

enum cong_err content_category_delete(struct store *st, const struct content_actor *who, int64_t id,
                                      struct cong_error *err)
{
    struct arena ar;
    struct category c;
    size_t articles = 0, children = 0;
    enum cong_err rc;

    if ((rc = need_editor(who, err)))
        return rc;
    arena_init(&ar, 0);
    if ((rc = load_category(st, &ar, id, &c, err)))
        goto out;
    rc = store_category_usage(st, id, &articles, &children);
    if (rc) {
        cong_error_set(err, rc, _("không đọc được chuyên mục: %s"), cong_strerror(rc));
        goto out;
    }
    if (articles || children) {
        rc = cong_error_set(err, CONG_EEXIST,
                            _("chuyên mục '%s' còn %zu bài viết và %zu chuyên mục con; hãy chuyển "
                            "chúng sang chuyên mục khác trước khi xóa"),
                            c.name, articles, children);
        goto out;
    }
    rc = store_delete_category(st, id);
    if (rc == CONG_EEXIST) {
        /* something was filed there between the count and the delete */
        cong_error_set(err, rc, _("chuyên mục '%s' vừa có thêm bài viết hoặc chuyên mục con"), c.name);
        goto out;
    }
    if (rc) {
        cong_error_set(err, rc, _("không xóa được chuyên mục: %s"), cong_strerror(rc));
        goto out;
    }
    content_audit(st, who, 0, "category_deleted", c.slug, c.name);
out:
    arena_release(&ar);
    return rc;
}

enum cong_err content_category_move(struct store *st, const struct content_actor *who, int64_t id,
                                    int delta, struct cong_error *err)
{
    struct arena ar;
    struct category *all = NULL, **sib = NULL, *tmp;
    int64_t *ids;
    size_t n = 0, ns = 0, at = 0, other;
    enum cong_err rc;
    bool found = false;

    if ((rc = need_editor(who, err)))
        return rc;
    if (delta != -1 && delta != 1)
        return cong_error_set(err, CONG_EINVAL, _("chỉ chuyển lên hoặc xuống một bậc"));
    arena_init(&ar, 0);
    if ((rc = list_all(st, &ar, &all, &n, err)))
        goto out;
    for (size_t i = 0; i < n && !found; i++) {
        if (all[i].id == id) {
            found = true;
            tmp = &all[i];
        }
    }
    if (!found) {
        rc = cong_error_set(err, CONG_ENOTFOUND, _("không có chuyên mục #%lld"), (long long)id);
        goto out;
    }
    sib = n ? arena_alloc(&ar, n * sizeof(*sib)) : NULL;
    if (!sib) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
        goto out;
    }
    /* the store lists by position then name: the siblings come in their shown order */
    for (size_t i = 0; i < n; i++) {
        if (all[i].parent_id == tmp->parent_id) {
            if (all[i].id == id)
                at = ns;
            sib[ns++] = &all[i];
        }
    }
    if ((delta < 0 && at == 0) || (delta > 0 && at + 1 == ns))
        goto out; /* already first or last: nothing to do */
    other = delta < 0 ? at - 1 : at + 1;
    tmp = sib[at];
    sib[at] = sib[other];
    sib[other] = tmp;
    /* renumbered densely in one transaction, touching nothing but the positions (a rename
     * made meanwhile stays); a sibling that went away meanwhile makes it refuse */
    ids = arena_alloc(&ar, ns * sizeof(*ids));
    if (!ids) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < ns; i++)
        ids[i] = sib[i]->id;
    rc = store_order_categories(st, tmp->parent_id, ids, ns);
    if (rc == CONG_ENOTFOUND)
        rc = cong_error_set(err, CONG_EEXIST,
                            _("các chuyên mục vừa được người khác thay đổi; hãy tải lại rồi thử lại"));
    else if (rc)
        rc = cong_error_set(err, rc, _("không lưu được thứ tự chuyên mục: %s"), cong_strerror(rc));
    if (rc == CONG_OK)
        content_audit(st, who, 0, "category_moved", sib[other]->slug, delta < 0 ? "up" : "down");
out:
    arena_release(&ar);
    return rc;
}
