/*
 * Sites: the rules of adding and removing a portal of the server, and of sharing a
 * sub-portal's article with its parent. The store keeps the rows; this file decides what a
 * host may be, what a site must hold to be removed, and who sees a shared article.
 */
#include "content.h"
#include "../i18n/i18n.h"
#include "content_int.h"

#include <stdio.h>
#include <string.h>

#define SITE_NAME_MAX 200

/* Names the field at fault in err, after cong_error_set gave its message. */
static void name_field(struct cong_error *err, const char *field)
{
    if (err)
        snprintf(err->field, sizeof(err->field), "%s", field);
}

enum cong_err content_site_host(const char *in, char out[CONTENT_HOST_MAX + 1],
                                struct cong_error *err)
{
    size_t n = in ? strlen(in) : 0, label = 0;

    out[0] = '\0';
    if (n == 0 || n > CONTENT_HOST_MAX)
        goto bad;
    for (size_t i = 0; i < n; i++) {
        char ch = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] - 'A' + 'a') : in[i];
        bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (ch == '.') {
            /* no empty label, none ending in '-' */
            if (label == 0 || out[i - 1] == '-')
                goto bad;
            label = 0;
        } else if (alnum || (ch == '-' && label > 0)) {
            if (++label > 63)
                goto bad;
        } else {
            goto bad;
        }
        out[i] = ch;
    }
    out[n] = '\0';
    if (label == 0 || out[n - 1] == '-')
        goto bad;
    return CONG_OK;
bad:
    out[0] = '\0';
    cong_error_set(err, CONG_EINVAL,
                   _("Tên miền của cổng không hợp lệ: chỉ gồm chữ không dấu, chữ số, dấu gạch "
                   "ngang và dấu chấm, không kèm cổng (port), ví dụ khoa-luat.truong.edu.vn."));
    name_field(err, "host");
    return CONG_EINVAL;
}

enum cong_err content_site_add(struct store *st, const struct content_actor *who,
                               const char *host, const char *name, const char *parent_host,
                               int64_t *id, struct cong_error *err)
{
    char h[CONTENT_HOST_MAX + 1], ph[CONTENT_HOST_MAX + 1];
    struct store *root;
    struct site parent = {0};
    struct arena a;
    size_t n = name ? strlen(name) : 0;
    const char *trimmed = name ? text_trim(name, &n) : NULL;
    char *nm = NULL;
    enum cong_err rc;

    *id = 0;
    if ((rc = content_site_host(host, h, err)) != CONG_OK)
        return rc;
    if (!trimmed || n == 0 || n > SITE_NAME_MAX || !text_is_utf8(trimmed, n)) {
        cong_error_set(err, CONG_EINVAL, _("Tên cổng phải có từ 1 đến %d byte chữ."), SITE_NAME_MAX);
        name_field(err, "name");
        return CONG_EINVAL;
    }
    if ((rc = store_for_site(st, STORE_DEFAULT_SITE, &root)) != CONG_OK)
        return cong_error_set(err, rc, "%s", cong_strerror(rc));
    arena_init(&a, 0);
    nm = arena_strndup(&a, trimmed, n);
    if (!nm) {
        rc = cong_error_set(err, CONG_ENOMEM, _("Hết bộ nhớ."));
        goto out;
    }
    if (parent_host) {
        if ((rc = content_site_host(parent_host, ph, err)) != CONG_OK) {
            name_field(err, "parent");
            goto out;
        }
        rc = store_get_site_by_host(root, &a, ph, &parent);
        if (rc == CONG_ENOTFOUND) {
            rc = cong_error_set(err, CONG_EINVAL, _("Không có cổng nào với tên miền %s."), ph);
            name_field(err, "parent");
        }
        if (rc != CONG_OK)
            goto out;
    }
    rc = store_add_site(root, h, parent.id, nm, id);
    if (rc == CONG_EEXIST) {
        cong_error_set(err, rc, _("Đã có cổng với tên miền %s."), h);
        name_field(err, "host");
    } else if (rc != CONG_OK) {
        cong_error_set(err, rc, _("Không thêm được cổng: %s."), cong_strerror(rc));
    } else {
        content_audit(root, who, 0, "site_created", h, nm);
    }
out:
    arena_release(&a);
    return rc;
}

enum cong_err content_site_remove(struct store *st, const struct content_actor *who,
                                  const char *host, bool force, struct cong_error *err)
{
    char h[CONTENT_HOST_MAX + 1];
    struct store *root;
    struct site_usage u;
    struct site s;
    struct arena a;
    enum cong_err rc;

    if ((rc = content_site_host(host, h, err)) != CONG_OK)
        return rc;
    if ((rc = store_for_site(st, STORE_DEFAULT_SITE, &root)) != CONG_OK)
        return cong_error_set(err, rc, "%s", cong_strerror(rc));
    arena_init(&a, 0);
    rc = store_get_site_by_host(root, &a, h, &s);
    if (rc == CONG_ENOTFOUND)
        cong_error_set(err, rc, _("Không có cổng nào với tên miền %s."), h);
    else if (rc == CONG_OK && s.id == STORE_DEFAULT_SITE)
        rc = cong_error_set(err, CONG_EINVAL, _("Không thể xóa cổng chính."));
    if (rc == CONG_OK)
        rc = store_delete_site(root, s.id, force);
    if (rc == CONG_EEXIST && store_site_usage(root, s.id, &u) == CONG_OK)
        cong_error_set(err, rc,
                       _("Cổng %s còn %zu bài viết, %zu chuyên mục, %zu trang, %zu tệp, %zu "
                       "chuyển hướng, %zu văn bản và %zu cổng con: hãy chuyển hoặc xóa chúng "
                       "trước (hoặc xóa hẳn cả cổng với --force)."),
                       h, u.articles, u.categories, u.pages, u.media, u.redirects, u.documents,
                       u.children);
    else if (rc != CONG_OK && err && !err->msg[0])
        cong_error_set(err, rc, _("Không xóa được cổng %s: %s."), h, cong_strerror(rc));
    if (rc == CONG_OK)
        content_audit(root, who, 0, force ? "site_purged" : "site_removed", h, NULL);
    arena_release(&a);
    return rc;
}

enum cong_err content_article_share(struct store *st, const struct content_actor *who,
                                    int64_t id, bool share, struct cong_error *err)
{
    struct article art;
    struct site self;
    struct arena a;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = store_get_article(st, &a, id, &art);
    if (rc == CONG_OK)
        rc = store_get_site(st, &a, store_site_id(st), &self);
    if (rc == CONG_ENOTFOUND) {
        cong_error_set(err, rc, _("Không có bài viết này."));
        goto out;
    }
    if (rc != CONG_OK)
        goto out;
    if (!self.parent_id) {
        rc = cong_error_set(err, CONG_ESTATE,
                            _("Chỉ bài của cổng thành phần mới chia sẻ lên cổng cấp trên được."));
        goto out;
    }
    if (share && art.status != ARTICLE_PUBLISHED) {
        rc = cong_error_set(err, CONG_ESTATE, _("Chỉ chia sẻ được bài đã đăng."));
        goto out;
    }
    rc = share ? store_share_article(st, id, self.parent_id, time_now())
               : store_unshare_article(st, id, self.parent_id);
    if (rc == CONG_OK)
        content_audit(st, who, 0, share ? "article_shared" : "article_unshared",
                      arena_printf(&a, "#%lld %s", (long long)art.id, art.title), NULL);
    else
        cong_error_set(err, rc, _("Không chia sẻ được bài viết: %s."), cong_strerror(rc));
out:
    arena_release(&a);
    return rc;
}
