/*
 * Text at the edges: UTF-8 validation, Vietnamese slugs and the accent-insensitive fold that
 * search uses. Per-character work goes through utf8proc; nothing here knows about HTML.
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool text_is_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    unsigned int c;
    int extra;

    while (p < end) {
        c = *p++;
        if (c < 0x80) {
            if (c == 0)
                return false;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            c &= 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            c &= 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            c &= 0x07;
        } else {
            return false;
        }
        if (end - p < extra)
            return false;
        for (int i = 0; i < extra; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (p[i] & 0x3F);
        }
        p += extra;
        if ((extra == 2 && c < 0x800) || (extra == 3 && (c < 0x10000 || c > 0x10FFFF)))
            return false;
        if (c >= 0xD800 && c <= 0xDFFF)
            return false;
    }
    return true;
}

/* Decomposes, strips combining marks and case-folds; the result is malloc'ed. */
static enum cong_err text_strip(const char *s, size_t n, bool compose, unsigned char **out,
                                size_t *out_len)
{
    utf8proc_ssize_t r;
    utf8proc_option_t opt = UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_STABLE |
                            (compose ? UTF8PROC_COMPOSE : UTF8PROC_DECOMPOSE);

    *out = NULL;
    if (!text_is_utf8(s, n) || n > (size_t)INT32_MAX)
        return CONG_EINVAL;
    r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, out, opt);
    if (r < 0)
        return r == UTF8PROC_ERROR_NOMEM ? CONG_ENOMEM : CONG_EINVAL;
    *out_len = (size_t)r;
    return CONG_OK;
}

enum cong_err text_slugify(const char *s, size_t n, size_t max_len, struct buf *out)
{
    unsigned char *m, c;
    size_t mlen, i, start = out->len, last_dash = 0;
    bool dash = false;
    enum cong_err rc;

    rc = text_strip(s, n, false, &m, &mlen);
    if (rc)
        return rc;
    for (i = 0; i < mlen; i++) {
        c = m[i];
        char keep = 0;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            keep = (char)c;
        } else if (c >= 'A' && c <= 'Z') {
            keep = (char)(c - 'A' + 'a');
        } else if (c == 0xC4 && i + 1 < mlen && (m[i + 1] == 0x91 || m[i + 1] == 0x90)) {
            keep = 'd'; /* đ (U+0111); case folding has already turned Đ into đ */
            i++;
        } else if (c >= 0x80) {
            /* skip the rest of this multibyte character: it acts as a separator */
            while (i + 1 < mlen && (m[i + 1] & 0xC0) == 0x80)
                i++;
        }
        if (!keep) {
            dash = out->len > start;
            continue;
        }
        if (dash) {
            if (out->len - start + 1 >= max_len)
                break;
            last_dash = out->len;
            buf_putc(out, '-');
            dash = false;
        }
        if (out->len - start >= max_len) {
            /* too long: cut back to the last word boundary when there is one */
            if (last_dash > start) {
                out->len = last_dash;
                out->data[out->len] = '\0';
            }
            break;
        }
        buf_putc(out, keep);
    }
    free(m);
    return buf_error(out);
}

enum cong_err text_fold(const char *s, size_t n, struct buf *out)
{
    unsigned char *m;
    size_t mlen, i, start = 0;
    enum cong_err rc;

    rc = text_strip(s, n, true, &m, &mlen);
    if (rc)
        return rc;
    for (i = 0; i + 1 < mlen; i++) {
        if (m[i] == 0xC4 && (m[i + 1] == 0x91 || m[i + 1] == 0x90)) {
            buf_add(out, m + start, i - start);
            buf_putc(out, 'd');
            start = i + 2;
            i++;
        }
    }
    buf_add(out, m + start, mlen - start);
    free(m);
    return buf_error(out);
}

enum cong_err text_nfc(const char *s, size_t n, struct buf *out)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t len;

    if (!text_is_utf8(s, n))
        return CONG_EINVAL;
    len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                       UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (len < 0)
        return len == UTF8PROC_ERROR_NOMEM ? CONG_ENOMEM : CONG_EINVAL;
    buf_add(out, m, (size_t)len);
    free(m);
    return buf_error(out);
}

const char *text_trim(const char *s, size_t *n)
{
    size_t len = *n;

    while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
                   s[len - 1] == '\r'))
        len--;
    *n = len;
    return s;
}

bool text_parse_i64(const char *s, size_t n, int64_t *out)
{
    bool neg = false;
    uint64_t v = 0, lim;
    size_t i = 0;

    if (n == 0)
        return false;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i = 1;
        if (n == 1)
            return false;
    }
    lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (v > (lim - (uint64_t)(s[i] - '0')) / 10)
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}
