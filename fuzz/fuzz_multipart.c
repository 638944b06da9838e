/*
 * Fuzzes the multipart/form-data parser: the input's first line is the Content-Type header
 * (a line that does not name a boundary is refused, as a request would be), the rest the
 * body. The file parts must point inside the body.
 */
#include "fuzz.h"

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct http_param *fields = NULL;
    struct http_file *files = NULL;
    size_t nfields = 0, nfiles = 0, ctlen;
    const uint8_t *nl = memchr(data, '\n', size);
    char *ctype, *body;

    ctlen = nl ? (size_t)(nl - data) : size;
    ctype = fuzz_strndup(data, ctlen);
    /* the body in a buffer of its own size, so a read past its end is caught */
    body = malloc(size - ctlen + 1);
    if (!ctype || !body)
        goto out;
    if (size > ctlen)
        memcpy(body, data + ctlen + 1, size - ctlen - 1);
    arena_init(&a, 4 << 20);
    if (http_multipart_decode(&a, ctype, body, size > ctlen ? size - ctlen - 1 : 0, &fields,
                              &nfields, &files, &nfiles) == CONG_OK) {
        for (size_t i = 0; i < nfiles; i++) {
            const char *d = files[i].data;
            if (files[i].len && (d < body || d + files[i].len > body + (size - ctlen - 1)))
                abort();
        }
    }
    arena_release(&a);
out:
    free(body);
    free(ctype);
    return 0;
}
