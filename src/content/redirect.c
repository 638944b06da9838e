/*
 * Rules for redirects, the table that keeps an old portal's links alive: which paths may be
 * redirected and where to. A redirect must never send a visitor to another site (an open
 * redirect is a phishing tool), so a target is a local path, or an absolute URL on the
 * portal's own base URL reduced to its path. The CLI and, later, the admin pages add
 * redirects through here; the store keeps what this file has checked.
 */
#include "content.h"
#include "../i18n/i18n.h"

#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes s[0..n) into out, strictly, as the server decodes request paths. */
static bool url_decode(const char *s, size_t n, struct buf *out)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi, lo;
            if (i + 2 >= n)
                return false;
            hi = hexval(s[i + 1]);
            lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0')
            return false;
        buf_putc(out, c);
    }
    return buf_error(out) == CONG_OK;
}

/* True if s has no ASCII control character, space, backslash or quote: what a Location holds. */
static bool is_clean(const char *s, size_t n, bool allow_space)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '\\' || c == '"' || (c == ' ' && !allow_space))
            return false;
    }
    return true;
}

/* A local path: one '/' at the start and not two ("//host" is another site). */
static bool is_local_path(const char *s)
{
    return s[0] == '/' && s[1] != '/';
}

enum cong_err content_redirect_old_path(struct arena *ar, const char *old_path,
                                        const char **out, struct cong_error *err)
{
    struct buf dec;
    const char *q;
    size_t olen;
    enum cong_err rc = CONG_OK;

    *out = NULL;
    if (!old_path)
        return cong_error_set(err, CONG_EINVAL, _("cần đường dẫn cũ"));
    olen = strlen(old_path);
    if (olen > CONTENT_REDIRECT_MAX)
        return cong_error_set(err, CONG_EINVAL, _("đường dẫn dài quá %d byte"),
                              CONTENT_REDIRECT_MAX);
    if (!text_is_utf8(old_path, olen))
        return cong_error_set(err, CONG_EINVAL, _("đường dẫn không phải văn bản UTF-8 hợp lệ"));
    /* as a request would present it: path decoded, query as sent */
    if (!is_local_path(old_path) || !is_clean(old_path, olen, true))
        return cong_error_set(err, CONG_EINVAL,
                              _("đường dẫn cũ '%s' phải bắt đầu bằng một dấu '/' và không chứa "
                              "ký tự điều khiển, '\\' hay '\"'"),
                              old_path);
    buf_init(&dec, CONTENT_REDIRECT_MAX * 2);
    q = strchr(old_path, '?');
    if (!url_decode(old_path, q ? (size_t)(q - old_path) : olen, &dec) ||
        !text_is_utf8(dec.data, dec.len) || !is_clean(dec.data, dec.len, true) ||
        !is_local_path(dec.data)) {
        rc = cong_error_set(err, CONG_EINVAL, _("đường dẫn cũ '%s' có mã %%XX không hợp lệ"),
                            old_path);
        goto out;
    }
    if (q && q[1])
        buf_puts(&dec, q);
    *out = buf_error(&dec) ? NULL : arena_strndup(ar, dec.data, dec.len);
    if (!*out)
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
out:
    buf_release(&dec);
    return rc;
}

enum cong_err content_redirect_check(struct arena *ar, const char *old_path,
                                     const char *new_path, const char *base_url,
                                     const char **old_out, const char **new_out,
                                     struct cong_error *err)
{
    struct buf enc;
    const char *target, *old;
    size_t nlen, blen;
    enum cong_err rc;

    *old_out = *new_out = NULL;
    rc = content_redirect_old_path(ar, old_path, &old, err);
    if (rc != CONG_OK)
        return rc;
    if (!new_path)
        return cong_error_set(err, CONG_EINVAL, _("cần đường dẫn mới"));
    nlen = strlen(new_path);
    if (nlen > CONTENT_REDIRECT_MAX)
        return cong_error_set(err, CONG_EINVAL, _("đường dẫn dài quá %d byte"),
                              CONTENT_REDIRECT_MAX);
    if (!text_is_utf8(new_path, nlen))
        return cong_error_set(err, CONG_EINVAL, _("đường dẫn không phải văn bản UTF-8 hợp lệ"));

    /* the new path: local, or on our own base URL */
    target = new_path;
    blen = base_url ? strlen(base_url) : 0;
    while (blen && base_url[blen - 1] == '/')
        blen--;
    if (blen && nlen > blen && !strncmp(new_path, base_url, blen) && new_path[blen] == '/')
        target = new_path + blen;
    if (!is_local_path(target) || !is_clean(target, strlen(target), false))
        return cong_error_set(err, CONG_EINVAL,
                              _("đường dẫn mới '%s' phải là một đường dẫn trong cổng (bắt đầu "
                              "bằng một dấu '/'), không trỏ sang trang web khác, không có "
                              "khoảng trắng"),
                              new_path);
    if (!strcmp(target, old_path) || !strcmp(target, old))
        return cong_error_set(err, CONG_EINVAL, _("đường dẫn mới trùng đường dẫn cũ"));
    /* a Location header carries ASCII: letters beyond it are sent percent-encoded */
    buf_init(&enc, CONTENT_REDIRECT_MAX * 3);
    for (const char *p = target; *p; p++) {
        if ((unsigned char)*p >= 0x80)
            buf_printf(&enc, "%%%02X", (unsigned)(unsigned char)*p);
        else
            buf_putc(&enc, *p);
    }
    *new_out = buf_error(&enc) ? NULL : arena_strndup(ar, enc.data, enc.len);
    buf_release(&enc);
    if (!*new_out)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    *old_out = old;
    return CONG_OK;
}

enum cong_err content_add_redirect(struct store *st, const char *old_path, const char *new_path,
                                   const char *base_url, struct cong_error *err)
{
    struct arena ar;
    const char *o, *n;
    enum cong_err rc;

    arena_init(&ar, 0);
    rc = content_redirect_check(&ar, old_path, new_path, base_url, &o, &n, err);
    if (rc == CONG_OK) {
        rc = store_add_redirect(st, o, n);
        if (rc == CONG_EEXIST)
            cong_error_set(err, rc, _("đường dẫn '%s' đã có chuyển hướng: xóa nó trước"), o);
        else if (rc != CONG_OK)
            cong_error_set(err, rc, _("không lưu được chuyển hướng: %s"), cong_strerror(rc));
    }
    arena_release(&ar);
    return rc;
}
