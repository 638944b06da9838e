/*
 * Cookies and forms: reading the Cookie header and application/x-www-form-urlencoded bodies
 * as strictly as the query string (a malformed escape or bytes that are not UTF-8 refuse the
 * whole form), and writing Set-Cookie. What it returns lives in the request's arena. It knows
 * nothing of sessions: which cookie means what is the auth module's and the handlers' affair.
 */
#include "http.h"

#include <string.h>
#include <strings.h>

/* RFC 6265 cookie-octet: printable ASCII but space, '"', ',', ';' and '\'. */
static bool is_cookie_octet(char c)
{
    return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
}

const char *http_cookie_get(struct arena *a, const char *header, const char *name)
{
    const char *p = header, *end, *eq, *v, *found = NULL;
    size_t nlen = strlen(name), vlen = 0, found_len = 0, i;

    if (!header)
        return NULL;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        end = strchrnul(p, ';');
        eq = memchr(p, '=', (size_t)(end - p));
        if (eq && (size_t)(eq - p) == nlen && !memcmp(p, name, nlen)) {
            /* a second cookie of the same name may have been planted (by a sibling domain,
             * say): rather than guess which is ours, take neither */
            if (found)
                return NULL;
            v = eq + 1;
            vlen = (size_t)(end - v);
            while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                vlen--;
            if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
                v++;
                vlen -= 2;
            }
            for (i = 0; i < vlen; i++) {
                if (!is_cookie_octet(v[i]))
                    return NULL;
            }
            found = v;
            found_len = vlen;
        }
        p = end;
    }
    return found ? arena_strndup(a, found, found_len) : NULL;
}

const char *http_request_cookie(struct http_request *req, const char *name)
{
    return http_cookie_get(req->arena, http_request_header(req, "Cookie"), name);
}

enum cong_err http_form_decode(struct arena *a, const char *body, size_t len,
                               struct http_param **out, size_t *n)
{
    const char *p, *end = body + len, *amp, *eq;
    struct http_param *fields;
    struct buf b;
    size_t cap = 1, count = 0;
    enum cong_err rc = CONG_OK;

    *out = NULL;
    *n = 0;
    for (p = body; p < end; p++)
        cap += *p == '&';
    fields = arena_alloc(a, cap * sizeof(*fields));
    if (!fields)
        return CONG_ENOMEM;
    /* a decoded field is never longer than the body */
    buf_init(&b, len + 1);
    for (p = body; p < end; p = amp + 1) {
        amp = memchr(p, '&', (size_t)(end - p));
        if (!amp)
            amp = end;
        if (amp == p)
            continue;
        eq = memchr(p, '=', (size_t)(amp - p));
        buf_reset(&b);
        if ((rc = http_url_decode(p, (size_t)((eq ? eq : amp) - p), true, &b)))
            goto out;
        fields[count].name = arena_strndup(a, b.data, b.len);
        buf_reset(&b);
        if (eq && (rc = http_url_decode(eq + 1, (size_t)(amp - eq - 1), true, &b)))
            goto out;
        fields[count].value = arena_strndup(a, b.data, b.len);
        if (!fields[count].name || !fields[count].value) {
            rc = CONG_ENOMEM;
            goto out;
        }
        count++;
        if (amp == end)
            break;
    }
    *out = fields;
    *n = count;
out:
    /* the buffer held field values, passwords among them */
    if (b.cap)
        memset(b.data, 0, b.cap);
    buf_release(&b);
    return rc;
}

enum cong_err http_request_form(struct http_request *req)
{
    const char *ct = http_request_header(req, "Content-Type");
    const char *want = "application/x-www-form-urlencoded";
    size_t wlen = strlen(want);

    req->form = NULL;
    req->nform = 0;
    req->files = NULL;
    req->nfiles = 0;
    if (ct && !strncasecmp(ct, "multipart/form-data", 19))
        return http_multipart_decode(req->arena, ct, req->body ? req->body : "", req->body_len,
                                     &req->form, &req->nform, &req->files, &req->nfiles);
    if (!ct || strncasecmp(ct, want, wlen) != 0 ||
        (ct[wlen] != '\0' && ct[wlen] != ';' && ct[wlen] != ' '))
        return CONG_EINVAL;
    return http_form_decode(req->arena, req->body ? req->body : "", req->body_len, &req->form,
                            &req->nform);
}

const char *http_request_form_value(const struct http_request *req, const char *name)
{
    for (size_t i = 0; i < req->nform; i++) {
        if (!strcmp(req->form[i].name, name))
            return req->form[i].value;
    }
    return NULL;
}

/* True if s is non-empty and only letters, digits, '-', '_', '.' and, if path, '/'. */
static bool is_cookie_token(const char *s, bool path)
{
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || (path && c == '/')))
            return false;
    }
    return true;
}

enum cong_err http_response_cookie(struct http_request *req, struct http_response *res,
                                   const char *name, const char *value, const char *path,
                                   int64_t max_age, unsigned flags)
{
    struct buf b;
    const char *line;

    if (!is_cookie_token(name, false) || (*value && !is_cookie_token(value, false)) ||
        !is_cookie_token(path, true) || path[0] != '/')
        return CONG_EINVAL;
    buf_init(&b, 1024);
    buf_printf(&b, "%s=%s; Path=%s", name, value, path);
    if (max_age >= 0)
        buf_printf(&b, "; Max-Age=%lld", (long long)max_age);
    if (flags & HTTP_COOKIE_SECURE)
        buf_puts(&b, "; Secure");
    if (flags & HTTP_COOKIE_HTTPONLY)
        buf_puts(&b, "; HttpOnly");
    if (flags & HTTP_COOKIE_STRICT)
        buf_puts(&b, "; SameSite=Strict");
    else if (flags & HTTP_COOKIE_LAX)
        buf_puts(&b, "; SameSite=Lax");
    line = buf_error(&b) ? NULL : arena_strndup(req->arena, b.data, b.len);
    buf_release(&b);
    if (!line)
        return CONG_ENOMEM;
    http_response_header(res, "Set-Cookie", line);
    return CONG_OK;
}

void http_response_set_header(struct http_response *res, const char *name, const char *value)
{
    for (size_t i = 0; i < res->nheaders; i++) {
        if (!strcasecmp(res->headers[i].name, name)) {
            res->headers[i].value = value;
            return;
        }
    }
    http_response_header(res, name, value);
}
