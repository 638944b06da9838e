/*
 * Fuzzes the cookie parser: the input is a Cookie header's text, read for the portal's own
 * cookies and for the name before the first '=' of the input. A value found must hold only
 * RFC 6265 cookie octets.
 */
#include "fuzz.h"

#include "http/http.h"

static void check(const char *v)
{
    for (; v && *v; v++) {
        if (*v <= 0x20 || *v >= 0x7f || *v == '"' || *v == ',' || *v == ';' || *v == '\\')
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    char *header = fuzz_strndup(data, size), *name = NULL;
    const char *eq;

    if (!header)
        return 0;
    arena_init(&a, 1 << 20);
    check(http_cookie_get(&a, header, "cong_session"));
    check(http_cookie_get(&a, header, "cong_login_csrf"));
    eq = strchr(header, '=');
    if (eq && (name = fuzz_strndup(data, (size_t)(eq - header))))
        check(http_cookie_get(&a, header, name));
    arena_release(&a);
    free(name);
    free(header);
    return 0;
}
