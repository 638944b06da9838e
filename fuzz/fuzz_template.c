/*
 * Fuzzes the Mustache engine: the input is a template, optionally followed by a NUL and the
 * JSON data to render it with (else a fixed object with strings, numbers, lists and nested
 * objects). The template is also added as the partial "p", so {{>p}} recurses into itself
 * up to TMPL_MAX_PARTIAL_DEPTH.
 */
#include "fuzz.h"

#include "render/render.h"

static const char default_ctx[] =
    "{\"a\":\"<b>&'\\\"\",\"n\":3,\"r\":1.5,\"t\":true,\"f\":false,\"z\":null,\"e\":\"\","
    "\"l\":[1,\"x\",{\"a\":\"in\",\"l\":[]},[2]],\"o\":{\"a\":{\"b\":{\"c\":\"deep\"}},\"l\":[{}]}"
    "}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tmpl_set *set = NULL;
    struct cong_error err = {0};
    struct buf out;
    json_t *ctx;
    char *s = fuzz_strndup(data, size);
    size_t tlen;

    if (!s)
        return 0;
    tlen = fuzz_first_part(s, size);
    if (tlen < size)
        ctx = json_loadb(s + tlen + 1, size - tlen - 1, JSON_DECODE_ANY, NULL);
    else
        ctx = json_loads(default_ctx, 0, NULL);
    buf_init(&out, 1 << 20);
    if (tmpl_set_new(&set) == CONG_OK && tmpl_set_add(set, "t", s, tlen, &err) == CONG_OK &&
        tmpl_set_add(set, "p", s, tlen, &err) == CONG_OK)
        tmpl_render(set, "t", ctx, &out, &err);
    buf_release(&out);
    tmpl_set_free(set);
    json_decref(ctx);
    free(s);
    return 0;
}
