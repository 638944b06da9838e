/*
 * multipart/form-data bodies (RFC 7578), decoded from the request's buffered body: text
 * fields join the url-encoded ones in req->form, parts with a filename become struct
 * http_file whose bytes point into the body (nothing is copied). It is strict, as the query
 * string and url-encoded forms are: CRLF framing, a Content-Disposition of form-data with a
 * name on every part, UTF-8 names and text, bounded counts; anything else refuses the whole
 * body with CONG_EINVAL. libmicrohttpd's post processor is not used: it wants a live
 * connection and streams, while the server has already buffered the body within its limit.
 */
#include "http.h"

#include <string.h>
#include <strings.h>

/* The most parts in one body, header lines in one part, and bytes of one part's head. */
#define MP_PARTS_MAX 100
#define MP_HEADERS_MAX 16
#define MP_HEAD_MAX 8192
/* RFC 2046: a boundary is 1 to 70 characters. */
#define MP_BOUNDARY_MAX 70

/* RFC 2046 bchars (without the space, which may not end a boundary and no client sends). */
static bool is_bchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("'()+_,-./:=?", c) != NULL;
}

/* RFC 7230 tchar: what a token (a parameter's name, an unquoted value) is made of. */
static bool is_tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static const char *skip_ows(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/*
 * Reads one parameter "; name=value" of a header value at *pp (the ';' included): its name
 * into name[0..*nlen) and its value, unquoted (backslash escapes undone), appended to val.
 * Moves *pp past it. CONG_EINVAL if it is not well formed.
 */
static enum cong_err next_param(const char **pp, const char *end, const char **name,
                                size_t *nlen, struct buf *val)
{
    const char *p = skip_ows(*pp, end);

    if (p >= end || *p != ';')
        return CONG_EINVAL;
    p = skip_ows(p + 1, end);
    *name = p;
    while (p < end && is_tchar(*p))
        p++;
    *nlen = (size_t)(p - *name);
    if (*nlen == 0 || p >= end || *p != '=')
        return CONG_EINVAL;
    p++;
    buf_reset(val);
    if (p < end && *p == '"') {
        for (p++; p < end && *p != '"'; p++) {
            if (*p == '\\' && p + 1 < end)
                p++;
            if (*p == '\0' || *p == '\r' || *p == '\n')
                return CONG_EINVAL;
            buf_add(val, p, 1);
        }
        if (p >= end)
            return CONG_EINVAL; /* no closing quote */
        p++;
    } else {
        const char *v = p;
        while (p < end && is_tchar(*p))
            p++;
        if (p == v)
            return CONG_EINVAL;
        buf_add(val, v, (size_t)(p - v));
    }
    *pp = skip_ows(p, end);
    return buf_error(val);
}

/* The boundary of a multipart/form-data Content-Type, copied into out (NUL-terminated). */
static enum cong_err content_type_boundary(const char *ct, char out[MP_BOUNDARY_MAX + 1])
{
    const char *want = "multipart/form-data", *p, *end, *name;
    size_t wlen = strlen(want), nlen, i;
    struct buf val;
    enum cong_err rc = CONG_EINVAL;
    bool found = false;

    if (!ct || strncasecmp(ct, want, wlen) != 0)
        return CONG_EINVAL;
    p = ct + wlen;
    end = p + strlen(p);
    buf_init(&val, 1024);
    while (skip_ows(p, end) < end) {
        if ((rc = next_param(&p, end, &name, &nlen, &val)))
            goto out;
        if (nlen == 8 && !strncasecmp(name, "boundary", 8)) {
            rc = CONG_EINVAL;
            if (found || val.len == 0 || val.len > MP_BOUNDARY_MAX ||
                val.data[val.len - 1] == ' ')
                goto out;
            for (i = 0; i < val.len; i++) {
                if (!is_bchar(val.data[i]) && val.data[i] != ' ')
                    goto out;
            }
            memcpy(out, val.data, val.len);
            out[val.len] = '\0';
            found = true;
        }
    }
    rc = found ? CONG_OK : CONG_EINVAL;
out:
    buf_release(&val);
    return rc;
}

/* Decodes an RFC 5987 ext-value "UTF-8''percent-encoded" (the only charset accepted). */
static enum cong_err ext_value_decode(const char *v, size_t n, struct buf *out)
{
    const char *q;

    if (n < 7 || strncasecmp(v, "UTF-8'", 6) != 0)
        return CONG_EINVAL;
    q = memchr(v + 6, '\'', n - 6); /* the language tag, ignored */
    if (!q)
        return CONG_EINVAL;
    q++;
    return http_url_decode(q, (size_t)(v + n - q), false, out);
}

/* What a part's head says. Strings point into the arena. */
struct part_head {
    const char *name;
    const char *filename; /* NULL: a text field */
    const char *content_type;
};

/*
 * Parses the Content-Disposition value v[0..n): "form-data" and its name, filename and
 * filename* parameters (filename* wins). Unknown parameters are ignored; a repeated one is
 * refused.
 */
static enum cong_err parse_disposition(struct arena *a, const char *v, size_t n,
                                       struct part_head *h)
{
    const char *p = v, *end = v + n, *pname;
    struct buf val, ext;
    size_t nlen;
    bool has_name = false, has_fn = false, has_fnx = false;
    enum cong_err rc = CONG_EINVAL;

    if (n < 9 || strncasecmp(v, "form-data", 9) != 0)
        return CONG_EINVAL;
    p += 9;
    buf_init(&val, MP_HEAD_MAX);
    buf_init(&ext, MP_HEAD_MAX);
    while (skip_ows(p, end) < end) {
        if ((rc = next_param(&p, end, &pname, &nlen, &val)))
            goto out;
        rc = CONG_EINVAL;
        if (nlen == 4 && !strncasecmp(pname, "name", 4)) {
            if (has_name)
                goto out;
            has_name = true;
            h->name = arena_strndup(a, val.data, val.len);
        } else if (nlen == 8 && !strncasecmp(pname, "filename", 8)) {
            if (has_fn)
                goto out;
            has_fn = true;
            if (!has_fnx)
                h->filename = arena_strndup(a, val.data, val.len);
        } else if (nlen == 9 && !strncasecmp(pname, "filename*", 9)) {
            if (has_fnx)
                goto out;
            has_fnx = true;
            buf_reset(&ext);
            if (ext_value_decode(val.data, val.len, &ext) != CONG_OK)
                goto out;
            h->filename = arena_strndup(a, ext.data, ext.len);
        } else {
            continue;
        }
        if ((has_name && !h->name) || ((has_fn || has_fnx) && !h->filename)) {
            rc = CONG_ENOMEM;
            goto out;
        }
    }
    rc = CONG_EINVAL;
    /* names and file names travel as text: they must be UTF-8 (a NUL cannot get in, as
       next_param refuses it and the ext-value decoder too) */
    if (!has_name || !*h->name || !text_is_utf8(h->name, strlen(h->name)) ||
        (h->filename && !text_is_utf8(h->filename, strlen(h->filename))))
        goto out;
    rc = CONG_OK;
out:
    buf_release(&val);
    buf_release(&ext);
    return rc;
}

/* Parses the head of one part, head[0..n) (its header lines, each ending in CRLF). */
static enum cong_err parse_part_head(struct arena *a, const char *head, size_t n,
                                     struct part_head *h)
{
    const char *p = head, *end = head + n, *eol, *colon, *v;
    size_t lines = 0, vlen;
    bool has_cd = false, has_ct = false;
    enum cong_err rc;

    memset(h, 0, sizeof(*h));
    while (p < end) {
        eol = memmem(p, (size_t)(end - p), "\r\n", 2);
        if (!eol || ++lines > MP_HEADERS_MAX || *p == ' ' || *p == '\t')
            return CONG_EINVAL; /* folded lines are obsolete: refused */
        colon = memchr(p, ':', (size_t)(eol - p));
        if (!colon || colon == p)
            return CONG_EINVAL;
        for (const char *c = p; c < colon; c++) {
            if (!is_tchar(*c))
                return CONG_EINVAL;
        }
        v = skip_ows(colon + 1, eol);
        vlen = (size_t)(eol - v);
        while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
            vlen--;
        for (size_t i = 0; i < vlen; i++) {
            if (v[i] == '\0' || v[i] == '\r' || v[i] == '\n')
                return CONG_EINVAL;
        }
        if ((size_t)(colon - p) == 19 && !strncasecmp(p, "Content-Disposition", 19)) {
            if (has_cd)
                return CONG_EINVAL;
            has_cd = true;
            if ((rc = parse_disposition(a, v, vlen, h)))
                return rc;
        } else if ((size_t)(colon - p) == 12 && !strncasecmp(p, "Content-Type", 12)) {
            if (has_ct || !text_is_utf8(v, vlen))
                return CONG_EINVAL;
            has_ct = true;
            h->content_type = arena_strndup(a, v, vlen);
            if (!h->content_type)
                return CONG_ENOMEM;
        }
        /* other headers (Content-Transfer-Encoding is deprecated by RFC 7578) are ignored */
        p = eol + 2;
    }
    return has_cd ? CONG_OK : CONG_EINVAL;
}

enum cong_err http_multipart_decode(struct arena *a, const char *content_type, const char *body,
                                    size_t len, struct http_param **fields, size_t *nfields,
                                    struct http_file **files, size_t *nfiles)
{
    char boundary[MP_BOUNDARY_MAX + 1];
    char delim[MP_BOUNDARY_MAX + 5]; /* "\r\n--" boundary */
    const char *p, *end = body + len, *head_end, *next;
    struct http_param *f = NULL;
    struct http_file *fl = NULL;
    struct part_head h;
    size_t blen, dlen, nf = 0, nfl = 0, parts = 0, dlen_part;
    enum cong_err rc;

    *fields = NULL;
    *nfields = 0;
    *files = NULL;
    *nfiles = 0;
    if ((rc = content_type_boundary(content_type, boundary)))
        return rc;
    blen = strlen(boundary);
    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, boundary, blen);
    dlen = blen + 4;
    f = arena_alloc(a, MP_PARTS_MAX * sizeof(*f));
    fl = arena_alloc(a, MP_PARTS_MAX * sizeof(*fl));
    if (!f || !fl)
        return CONG_ENOMEM;

    /* the body opens with the first delimiter (no preamble: no client sends one) */
    if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0)
        return CONG_EINVAL;
    p = body + dlen - 2;
    for (;;) {
        /* after a delimiter: "--" ends the body, CRLF starts a part */
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
            p += 2;
            /* nothing may follow but one CRLF */
            if (p == end || (end - p == 2 && p[0] == '\r' && p[1] == '\n'))
                break;
            return CONG_EINVAL;
        }
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return CONG_EINVAL;
        p += 2;
        /* a part must have a head: an empty line at once would make its data the head */
        if (++parts > MP_PARTS_MAX || (end - p >= 2 && p[0] == '\r' && p[1] == '\n'))
            return CONG_EINVAL;
        /* the head ends at an empty line; a part with no header at all has no name */
        head_end = memmem(p, (size_t)(end - p) < MP_HEAD_MAX ? (size_t)(end - p) : MP_HEAD_MAX,
                          "\r\n\r\n", 4);
        if (!head_end)
            return CONG_EINVAL;
        if ((rc = parse_part_head(a, p, (size_t)(head_end - p) + 2, &h)))
            return rc;
        p = head_end + 4;
        next = memmem(p, (size_t)(end - p), delim, dlen);
        if (!next)
            return CONG_EINVAL;
        dlen_part = (size_t)(next - p);
        if (h.filename) {
            fl[nfl].name = h.name;
            fl[nfl].filename = h.filename;
            fl[nfl].content_type = h.content_type ? h.content_type : "";
            fl[nfl].data = p;
            fl[nfl].len = dlen_part;
            nfl++;
        } else {
            /* a text field: UTF-8 without NUL, as url-encoded fields are */
            if (!text_is_utf8(p, dlen_part) || memchr(p, '\0', dlen_part))
                return CONG_EINVAL;
            f[nf].name = h.name;
            f[nf].value = arena_strndup(a, p, dlen_part);
            if (!f[nf].value)
                return CONG_ENOMEM;
            nf++;
        }
        p = next + dlen;
    }
    *fields = nf ? f : NULL;
    *nfields = nf;
    *files = nfl ? fl : NULL;
    *nfiles = nfl;
    return CONG_OK;
}

const struct http_file *http_request_file(const struct http_request *req, const char *name)
{
    for (size_t i = 0; i < req->nfiles; i++) {
        if (!strcmp(req->files[i].name, name))
            return req->files[i].len ? &req->files[i] : NULL;
    }
    return NULL;
}
