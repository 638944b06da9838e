/*
 * Fuzzes Markdown and the HTML sanitizer: the input goes through render_markdown (cmark-gfm,
 * then the sanitizer), and as HTML through render_sanitize_html and render_html_to_text.
 * The sanitizer's output is sanitized again, which must find the same start tags with the
 * same attributes and the same text in the same order: a second reading of what it wrote
 * reveals no markup it did not mean (the ground of mutation XSS). Where end tags fall may
 * differ (libxml2 nests a paragraph in a paragraph, for one, and closes it on a re-read).
 */
#include "fuzz.h"

#include <stdio.h>

#include "render/render.h"

/* s without its end tags, in place: the sanitizer writes them as "</name>" and escapes every
 * '<' of text, so a "</" always starts one. Returns the new length. */
static size_t drop_end_tags(char *s, size_t n)
{
    size_t i = 0, j = 0;

    while (i < n) {
        if (s[i] == '<' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '>')
                i++;
            i++;
            continue;
        }
        s[j++] = s[i++];
    }
    return j;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct buf out, again;

    buf_init(&out, 4 << 20);
    buf_init(&again, 4 << 20);
    render_markdown(s, size, &out);
    buf_reset(&out);
    if (render_sanitize_html(s, size, &out) == CONG_OK && !out.failed) {
        if (render_sanitize_html(out.data, out.len, &again) == CONG_OK && !again.failed) {
            size_t n1, n2;

            n1 = drop_end_tags(out.data, out.len);
            n2 = drop_end_tags(again.data, again.len);
            if (n1 != n2 || memcmp(out.data, again.data, n1)) {
                fprintf(stderr, "a second pass reads other markup:\n%.*s\n----\n%.*s\n", (int)n1,
                        out.data, (int)n2, again.data);
                abort();
            }
        }
    }
    buf_reset(&out);
    render_html_to_text(s, size, &out);
    buf_release(&again);
    buf_release(&out);
    return 0;
}
