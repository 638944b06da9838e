/*
 * Fuzzes Markdown and the HTML sanitizer: the input goes through render_markdown (cmark-gfm,
 * then the sanitizer), and as HTML through render_sanitize_html and render_html_to_text;
 * the sanitizer's output is sanitized again, which must change nothing.
 */
#include "fuzz.h"

#include <stdio.h>

#include "render/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct buf out, again;

    buf_init(&out, 4 << 20);
    buf_init(&again, 4 << 20);
    render_markdown(s, size, &out);
    buf_reset(&out);
    if (render_sanitize_html(s, size, &out) == CONG_OK && !out.failed) {
        /* what the sanitizer lets through is already safe: a second pass keeps it whole */
        if (render_sanitize_html(out.data, out.len, &again) == CONG_OK && !again.failed &&
            (again.len != out.len || memcmp(again.data, out.data, out.len))) {
            fprintf(stderr, "sanitizer not idempotent:\n%s\n----\n%s\n", out.data, again.data);
            abort();
        }
    }
    buf_reset(&out);
    render_html_to_text(s, size, &out);
    buf_release(&again);
    buf_release(&out);
    return 0;
}
