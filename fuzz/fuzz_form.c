/*
 * Fuzzes the query string and form parser: the input is an
 * application/x-www-form-urlencoded body (a query string has the same form). Every field it
 * returns must be valid UTF-8 without NUL.
 */
#include "fuzz.h"

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct http_param *fields = NULL;
    size_t n = 0;

    arena_init(&a, 4 << 20);
    if (http_form_decode(&a, (const char *)data, size, &fields, &n) == CONG_OK) {
        for (size_t i = 0; i < n; i++) {
            if (!text_is_utf8(fields[i].name, strlen(fields[i].name)) ||
                !text_is_utf8(fields[i].value, strlen(fields[i].value)))
                abort();
        }
    }
    arena_release(&a);
    return 0;
}
