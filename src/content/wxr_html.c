/*
 * A WordPress post's HTML made plain HTML, before the sanitizer has it: WordPress stores
 * what its editor wrote with notations of its own that only its renderer reads. [caption]
 * shortcodes become a figure with its caption (as the visual editor writes them), other
 * shortcodes give way to their content, block comments (<!-- wp:... -->) go, paragraphs
 * written as blank lines become <p> (what WordPress's wpautop does on display), and the
 * addresses of imported attachments become their /media/ ones. It only rewrites text; what
 * is left is for the sanitizer to judge.
 */
#include "content.h"

#include <ctype.h>
#include <string.h>

/* The name of the shortcode whose '[' is at p ("caption" of "[caption id=..]"), its length
   into *n; false if p starts none ("[1]", "[ ", a link text). */
static bool shortcode_at(const char *p, size_t *n)
{
    size_t i = p[1] == '/' ? 2 : 1;
    size_t start = i;

    while (islower((unsigned char)p[i]) || p[i] == '_' || p[i] == '-' ||
           (i > start && isdigit((unsigned char)p[i])))
        i++;
    if (i == start || (p[i] != ']' && p[i] != ' ' && p[i] != '/'))
        return false;
    *n = i - start;
    return strchr(p, ']') != NULL;
}

/* [caption ...]<img ...> Text[/caption] at p into b as a figure; the input consumed. */
static const char *caption(struct buf *b, const char *p)
{
    const char *open_end = strchr(p, ']'), *close = strstr(p, "[/caption]");
    const char *img, *img_end, *inner;

    if (!open_end || !close || close < open_end)
        return NULL;
    inner = open_end + 1;
    img = strstr(inner, "<img");
    img_end = img && img < close ? strchr(img, '>') : NULL;
    if (!img_end || img_end > close)
        return NULL;
    /* a linked picture: <a ...><img ...></a> stays whole */
    const char *a_open = NULL;
    for (const char *q = inner; q < img; q++) {
        if (!strncmp(q, "<a ", 3))
            a_open = q;
    }
    const char *pic_start = a_open ? a_open : img, *pic_end = img_end + 1;
    if (a_open) {
        const char *a_close = strstr(img_end, "</a>");
        if (a_close && a_close < close)
            pic_end = a_close + 4;
    }
    buf_puts(b, "<figure>");
    buf_add(b, pic_start, (size_t)(pic_end - pic_start));
    buf_puts(b, "<figcaption>");
    /* what comes after the picture is the caption's text, spaces trimmed */
    const char *t = pic_end;
    while (t < close && isspace((unsigned char)*t))
        t++;
    const char *te = close;
    while (te > t && isspace((unsigned char)te[-1]))
        te--;
    buf_add(b, t, (size_t)(te - t));
    buf_puts(b, "</figcaption></figure>");
    return close + strlen("[/caption]");
}

/* Shortcodes and block comments out of html, into b. */
static void unwrap(struct buf *b, const char *html)
{
    size_t n;

    for (const char *p = html; *p;) {
        if (!strncmp(p, "<!-- wp:", 8) || !strncmp(p, "<!-- /wp:", 9)) {
            const char *end = strstr(p, "-->");
            p = end ? end + 3 : p + strlen(p);
            continue;
        }
        if (*p == '[' && shortcode_at(p, &n)) {
            const char *next = !strncmp(p, "[caption", 8) ? caption(b, p) : NULL;
            /* any other: its tag goes, what it wraps stays */
            p = next ? next : strchr(p, ']') + 1;
            continue;
        }
        buf_putc(b, *p++);
    }
}

static bool has_blocks(const char *html)
{
    static const char *const tags[] = {"<p", "<div", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6",
                                       "<ul", "<ol", "<table", "<figure", "<blockquote", "<pre"};

    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        const char *p = html;
        while ((p = strstr(p, tags[i]))) {
            char c = p[strlen(tags[i])];
            if (c == '>' || c == ' ' || c == '\n')
                return true;
            p++;
        }
    }
    return false;
}

/* Paragraphs from blank lines, line breaks from single newlines, into b. */
static void autop(struct buf *b, const char *text)
{
    const char *p = text;

    while (*p) {
        while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *end = strstr(p, "\n\n");
        const char *crlf = strstr(p, "\r\n\r\n");
        if (crlf && (!end || crlf < end))
            end = crlf;
        if (!end)
            end = p + strlen(p);
        buf_puts(b, "<p>");
        for (const char *q = p; q < end; q++) {
            if (*q == '\r')
                continue;
            if (*q == '\n')
                buf_puts(b, "<br>\n");
            else
                buf_putc(b, *q);
        }
        buf_puts(b, "</p>\n");
        p = end;
    }
}

const char *content_wxr_html(struct arena *a, const char *html, const char *const *urls,
                             const char *const *paths, size_t nurls)
{
    struct buf plain, out, swapped;
    const char *result = NULL;

    buf_init(&plain, (size_t)64 << 20);
    buf_init(&out, (size_t)64 << 20);
    buf_init(&swapped, (size_t)64 << 20);
    unwrap(&plain, html);
    if (has_blocks(plain.data))
        buf_add(&out, plain.data, plain.len);
    else
        autop(&out, plain.data);
    /* the imported pictures' old addresses, to their new ones */
    const char *src = out.data;
    while (*src) {
        size_t best = 0, k = 0;
        for (size_t i = 0; i < nurls; i++) {
            size_t n = strlen(urls[i]);
            if (n > best && !strncmp(src, urls[i], n)) {
                best = n;
                k = i;
            }
        }
        if (best) {
            buf_puts(&swapped, paths[k]);
            src += best;
        } else {
            buf_putc(&swapped, *src++);
        }
    }
    if (!buf_error(&plain) && !buf_error(&out) && !buf_error(&swapped))
        result = arena_strndup(a, swapped.data, swapped.len);
    buf_release(&plain);
    buf_release(&out);
    buf_release(&swapped);
    return result;
}
