/*
 * Growable byte buffers with a sticky error and a size cap, and the HTML/URL/XML escaping
 * appends built on them. Everything in Cổng that builds text builds it here.
 */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
    b->data = buf_empty;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : BUF_DEFAULT_MAX;
    b->failed = false;
}

void buf_release(struct buf *b)
{
    if (b->cap)
        free(b->data);
    buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->cap)
        b->data[0] = '\0';
    b->failed = false;
}

char *buf_detach(struct buf *b, size_t *len)
{
    char *p;

    if (b->failed) {
        buf_release(b);
        if (len)
            *len = 0;
        return NULL;
    }
    if (!b->cap) {
        p = malloc(1);
        if (p)
            p[0] = '\0';
    } else {
        p = b->data;
    }
    if (len)
        *len = p ? b->len : 0;
    buf_init(b, b->max);
    return p;
}

enum cong_err buf_error(const struct buf *b)
{
    return b->failed ? CONG_ENOMEM : CONG_OK;
}

bool buf_grow(struct buf *b, size_t n)
{
    size_t need, ncap;
    char *p;

    if (b->failed)
        return false;
    if (n > b->max - b->len) {
        b->failed = true;
        return false;
    }
    need = b->len + n + 1;
    if (need <= b->cap)
        return true;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    p = b->cap ? realloc(b->data, ncap) : malloc(ncap);
    if (!p) {
        b->failed = true;
        return false;
    }
    if (!b->cap)
        p[0] = '\0';
    b->data = p;
    b->cap = ncap;
    return true;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
    if (!buf_grow(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    if (b->failed)
        return;
    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!buf_grow(b, (size_t)n))
        return;
    if (vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap) != n) {
        b->data[b->len] = '\0';
        b->failed = true;
        return;
    }
    b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_add_html(struct buf *b, const char *s, size_t n)
{
    size_t i, start = 0;
    const char *rep;

    for (i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_add(b, s + start, i - start);
        buf_puts(b, rep);
        start = i + 1;
    }
    buf_add(b, s + start, n - start);
}

void buf_add_xml(struct buf *b, const char *s, size_t n)
{
    size_t i, start = 0;
    unsigned char c;

    for (i = 0; i < n; i++) {
        c = (unsigned char)s[i];
        if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' ||
            (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
            buf_add(b, s + start, i - start);
            switch (c) {
            case '&': buf_puts(b, "&amp;"); break;
            case '<': buf_puts(b, "&lt;"); break;
            case '>': buf_puts(b, "&gt;"); break;
            case '"': buf_puts(b, "&quot;"); break;
            case '\'': buf_puts(b, "&apos;"); break;
            default: break; /* control characters are not allowed in XML 1.0: dropped */
            }
            start = i + 1;
        }
    }
    buf_add(b, s + start, n - start);
}

void buf_add_urlenc(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    unsigned char c;
    char esc[3];

    for (i = 0; i < n; i++) {
        c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            esc[0] = '%';
            esc[1] = hex[c >> 4];
            esc[2] = hex[c & 15];
            buf_add(b, esc, 3);
        }
    }
}
