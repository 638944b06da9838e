/*
 * Cổng's Mustache engine. A template is parsed once into a tree of nodes that lives in the
 * template's own arena, together with a copy of its source; a set of templates is then only
 * read, so any number of threads may render from it at once. Rendering keeps its state (the
 * context stack, the partial indentation, the depth) on the C stack and appends to the
 * caller's buffer; it never changes the set or the data. This file knows nothing of HTTP,
 * the database or Markdown.
 *
 * Standalone lines and partial indentation follow the Mustache spec. The parser records
 * every place where a line of source starts (except lines that a standalone tag removes) as
 * an INDENT node; rendering a partial that stood alone on its line prints the accumulated
 * indentation there, so indentation applies to the partial's own lines and never to the
 * lines inside interpolated data.
 */
#include "render.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../i18n/i18n.h"

/* Deepest nesting of sections inside one template; deeper is a parse error. */
#define TMPL_MAX_NESTING 64
/* Largest template file tmpl_set_load_dir and tmpl_set_add_file read. */
#define TMPL_MAX_FILE ((size_t)4 << 20)

enum node_kind {
    NODE_TEXT,     /* literal bytes */
    NODE_INDENT,   /* a line of source starts here: print the partial indentation */
    NODE_VAR,      /* {{name}}, HTML-escaped */
    NODE_RAW,      /* {{{name}}} or {{& name}} */
    NODE_SECTION,  /* {{#name}} ... {{/name}} */
    NODE_INVERTED, /* {{^name}} ... {{/name}} */
    NODE_PARTIAL,  /* {{> name}} */
};

/* A tag's name, split at dots; nparts == 0 is the implicit iterator ".". */
struct name {
    const char *text; /* the whole name, NUL-terminated */
    size_t len;
    char **parts; /* each NUL-terminated, for json_object_get */
    size_t nparts;
};

struct node {
    enum node_kind kind;
    struct node *next;
    const char *text; /* TEXT: the bytes; PARTIAL: its indentation when standalone */
    size_t len;
    struct name name;       /* VAR, RAW, SECTION, INVERTED, PARTIAL */
    struct node *children;  /* SECTION, INVERTED */
    bool standalone;        /* PARTIAL: the tag stood alone on its line */
};

struct tmpl {
    char *name; /* in arena */
    struct arena arena;
    struct node *root[I18N_COUNT]; /* the tree in each language */
};

struct tmpl_set {
    struct tmpl **items;
    size_t n;
    size_t cap;
};

/* Parsing. */

struct parser {
    struct arena *arena;
    const char *tname;
    const char *src; /* the template's copy of the source, in arena */
    size_t len;
    size_t pos; /* first byte not yet consumed */
    const char *otag;
    size_t olen;
    const char *ctag;
    size_t clen;
    bool line_pending; /* a line of source starts at pos and has no INDENT node yet */
    struct cong_error *err;
};

struct node_list {
    struct node *head;
    struct node **tail;
};

/* What scan_tag found between the delimiters. */
struct tag {
    char kind;  /* '!', '=', '#', '^', '/', '>', '&', '{' or 'v' for a plain variable */
    size_t start; /* the opening delimiter */
    size_t end;   /* just past the closing delimiter */
    const char *body; /* the text inside, trimmed */
    size_t body_len;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

CONG_PRINTF(3, 4)
static enum cong_err parse_error(struct parser *p, size_t at, const char *fmt, ...)
{
    char what[256];
    size_t i, line = 1, col = 1;
    va_list ap;
    int n;

    /* Columns count characters, not bytes, so they match what an editor shows. */
    for (i = 0; i < at && i < p->len; i++) {
        if (p->src[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)p->src[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    va_start(ap, fmt);
    n = vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    if (n < 0)
        what[0] = '\0';
    return cong_error_set(p->err, CONG_EPARSE, "template '%s' line %zu column %zu: %s", p->tname,
                          line, col, what);
}

static enum cong_err oom(struct parser *p)
{
    return cong_error_set(p->err, CONG_ENOMEM, "out of memory parsing template '%s'", p->tname);
}

static struct node *list_add(struct parser *p, struct node_list *l, enum node_kind kind)
{
    struct node *n = arena_alloc(p->arena, sizeof(*n));

    if (!n)
        return NULL;
    n->kind = kind;
    *l->tail = n;
    l->tail = &n->next;
    return n;
}

/* Adds an INDENT node if a line starts here; the one place line_pending is cleared. */
static enum cong_err mark_line(struct parser *p, struct node_list *l)
{
    if (!p->line_pending)
        return CONG_OK;
    p->line_pending = false;
    return list_add(p, l, NODE_INDENT) ? CONG_OK : oom(p);
}

/* Adds src[start..end) as text nodes, one per line, each line preceded by its INDENT. */
static enum cong_err add_text(struct parser *p, struct node_list *l, size_t start, size_t end)
{
    const char *nl;
    struct node *n;
    size_t stop;

    while (start < end) {
        nl = memchr(p->src + start, '\n', end - start);
        stop = nl ? (size_t)(nl - p->src) + 1 : end;
        if (mark_line(p, l) != CONG_OK)
            return CONG_ENOMEM;
        n = list_add(p, l, NODE_TEXT);
        if (!n)
            return oom(p);
        n->text = p->src + start;
        n->len = stop - start;
        if (nl)
            p->line_pending = true;
        start = stop;
    }
    return CONG_OK;
}

static const char *find(const char *hay, size_t hay_len, const char *needle, size_t n)
{
    return memmem(hay, hay_len, needle, n);
}

/*
 * Finds the closing delimiter from `from`; when `before` is not 0 it must be preceded by that
 * character (the '}' of a triple mustache, the '=' of a delimiter change). Returns the index
 * of the closing delimiter, or (size_t)-1.
 */
static size_t find_close(const struct parser *p, size_t from, char before)
{
    const char *hit;
    size_t at = from;

    if (before)
        at++; /* the character before the delimiter belongs to the tag, not its body */
    while (at <= p->len) {
        hit = find(p->src + at, p->len - at, p->ctag, p->clen);
        if (!hit)
            return (size_t)-1;
        at = (size_t)(hit - p->src);
        if (!before || p->src[at - 1] == before)
            return at;
        at++;
    }
    return (size_t)-1;
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

static enum cong_err scan_tag(struct parser *p, size_t start, struct tag *t)
{
    size_t q = start + p->olen, close, body;
    char c;

    t->start = start;
    if (q >= p->len)
        return parse_error(p, start, "unclosed tag '%.*s'", (int)p->olen, p->otag);
    c = p->src[q];
    switch (c) {
    case '{':
    case '=':
        t->kind = c;
        body = q + 1;
        close = find_close(p, body, c == '{' ? '}' : '=');
        if (close == (size_t)-1)
            break;
        t->body = p->src + body;
        t->body_len = close - 1 - body;
        t->end = close + p->clen;
        trim(&t->body, &t->body_len);
        return CONG_OK;
    case '!':
    case '#':
    case '^':
    case '/':
    case '>':
    case '&':
        t->kind = c;
        body = q + 1;
        close = find_close(p, body, 0);
        if (close == (size_t)-1)
            break;
        t->body = p->src + body;
        t->body_len = close - body;
        t->end = close + p->clen;
        trim(&t->body, &t->body_len);
        return CONG_OK;
    default:
        t->kind = 'v';
        close = find_close(p, q, 0);
        if (close == (size_t)-1)
            break;
        t->body = p->src + q;
        t->body_len = close - q;
        t->end = close + p->clen;
        trim(&t->body, &t->body_len);
        return CONG_OK;
    }
    return parse_error(p, start, "unclosed tag '%.*s'", (int)p->olen, p->otag);
}

/*
 * A tag that may stand alone (section, inverted, end, partial, comment, delimiter change) and
 * has only blanks around it on its line disappears with that whole line. On true, *line_start
 * is where the line starts and *after is just past its line ending (or the end of source).
 */
static bool is_standalone(const struct parser *p, const struct tag *t, size_t *line_start,
                          size_t *after)
{
    size_t i;

    if (!strchr("#^/>!=", t->kind))
        return false;
    i = t->start;
    while (i > 0 && is_blank(p->src[i - 1]))
        i--;
    if (i > 0 && p->src[i - 1] != '\n')
        return false;
    *line_start = i;
    i = t->end;
    while (i < p->len && is_blank(p->src[i]))
        i++;
    if (i < p->len && p->src[i] == '\r' && i + 1 < p->len && p->src[i + 1] == '\n')
        i++;
    if (i < p->len && p->src[i] != '\n')
        return false;
    *after = i < p->len ? i + 1 : i;
    return true;
}

static enum cong_err parse_name(struct parser *p, const struct tag *t, struct name *nm)
{
    size_t i, start, k;

    if (t->body_len == 0)
        return parse_error(p, t->start, "empty tag");
    nm->text = arena_strndup(p->arena, t->body, t->body_len);
    if (!nm->text)
        return oom(p);
    nm->len = t->body_len;
    if (t->body_len == 1 && t->body[0] == '.')
        return CONG_OK;
    nm->nparts = 1;
    for (i = 0; i < t->body_len; i++)
        nm->nparts += t->body[i] == '.';
    nm->parts = arena_alloc(p->arena, nm->nparts * sizeof(*nm->parts));
    if (!nm->parts)
        return oom(p);
    for (i = 0, start = 0, k = 0; i <= t->body_len; i++) {
        if (i < t->body_len && t->body[i] != '.')
            continue;
        if (i == start)
            return parse_error(p, t->start, "bad name '%s'", nm->text);
        nm->parts[k] = arena_strndup(p->arena, t->body + start, i - start);
        if (!nm->parts[k++])
            return oom(p);
        start = i + 1;
    }
    return CONG_OK;
}

/* {{=<% %>=}}: two non-empty delimiters without blanks or '=', separated by blanks. */
static enum cong_err set_delimiters(struct parser *p, const struct tag *t)
{
    const char *s = t->body, *end = t->body + t->body_len, *o, *c;
    size_t olen, clen;

    o = s;
    while (s < end && !is_space(*s) && *s != '=')
        s++;
    olen = (size_t)(s - o);
    while (s < end && is_space(*s))
        s++;
    c = s;
    while (s < end && !is_space(*s) && *s != '=')
        s++;
    clen = (size_t)(s - c);
    if (olen == 0 || clen == 0 || s != end)
        return parse_error(p, t->start, "bad delimiter change '%.*s'", (int)t->body_len, t->body);
    p->otag = o;
    p->olen = olen;
    p->ctag = c;
    p->clen = clen;
    return CONG_OK;
}

static enum cong_err parse_list(struct parser *p, struct node_list *l, const struct node *open,
                                size_t open_at, unsigned depth);

static enum cong_err parse_section(struct parser *p, struct node_list *l, const struct tag *t,
                                   unsigned depth)
{
    struct node_list sub;
    struct node *n;
    enum cong_err rc;

    if (depth >= TMPL_MAX_NESTING)
        return parse_error(p, t->start, "sections nested deeper than %d", TMPL_MAX_NESTING);
    n = list_add(p, l, t->kind == '#' ? NODE_SECTION : NODE_INVERTED);
    if (!n)
        return oom(p);
    rc = parse_name(p, t, &n->name);
    if (rc != CONG_OK)
        return rc;
    sub.head = NULL;
    sub.tail = &sub.head;
    rc = parse_list(p, &sub, n, t->start, depth + 1);
    n->children = sub.head;
    return rc;
}

/*
 * Parses nodes into l up to the end of source (open == NULL) or up to the end tag of the
 * section open, whose tag starts at open_at.
 */
static enum cong_err parse_list(struct parser *p, struct node_list *l, const struct node *open,
                                size_t open_at, unsigned depth)
{
    const char *hit;
    struct tag t;
    struct node *n;
    size_t text_end, line_start = 0, after = 0;
    bool alone;
    enum cong_err rc;

    for (;;) {
        hit = find(p->src + p->pos, p->len - p->pos, p->otag, p->olen);
        if (!hit) {
            rc = add_text(p, l, p->pos, p->len);
            p->pos = p->len;
            if (rc != CONG_OK)
                return rc;
            if (open)
                return parse_error(p, open_at, "unclosed section '%s'", open->name.text);
            return CONG_OK;
        }
        rc = scan_tag(p, (size_t)(hit - p->src), &t);
        if (rc != CONG_OK)
            return rc;
        alone = is_standalone(p, &t, &line_start, &after);
        text_end = alone ? line_start : t.start;
        rc = add_text(p, l, p->pos, text_end);
        if (rc != CONG_OK)
            return rc;
        if (alone) {
            /* The line vanishes; the next one starts right after it. */
            p->line_pending = true;
            p->pos = after;
        } else {
            rc = mark_line(p, l);
            if (rc != CONG_OK)
                return rc;
            p->pos = t.end;
        }
        switch (t.kind) {
        case '!':
            break;
        case '=':
            rc = set_delimiters(p, &t);
            break;
        case '#':
        case '^':
            rc = parse_section(p, l, &t, depth);
            break;
        case '/':
            if (!open)
                return parse_error(p, t.start, "section end '%.*s' without open section",
                                   (int)t.body_len, t.body);
            if (t.body_len != open->name.len || memcmp(t.body, open->name.text, t.body_len) != 0)
                return parse_error(p, t.start, "section end '%.*s' does not match section '%s'",
                                   (int)t.body_len, t.body, open->name.text);
            return CONG_OK;
        case '>':
            if (t.body_len == 0)
                return parse_error(p, t.start, "empty partial name");
            n = list_add(p, l, NODE_PARTIAL);
            if (!n)
                return oom(p);
            n->name.text = arena_strndup(p->arena, t.body, t.body_len);
            if (!n->name.text)
                return oom(p);
            n->name.len = t.body_len;
            n->standalone = alone;
            if (alone) {
                n->text = p->src + line_start;
                n->len = t.start - line_start;
            }
            break;
        default:
            n = list_add(p, l, t.kind == 'v' ? NODE_VAR : NODE_RAW);
            if (!n)
                return oom(p);
            rc = parse_name(p, &t, &n->name);
            break;
        }
        if (rc != CONG_OK)
            return rc;
    }
}

static void tmpl_free(struct tmpl *t)
{
    if (!t)
        return;
    arena_release(&t->arena);
    free(t);
}

/* The markers of a piece of text to translate: {{#_}}Văn bản{{/_}}. */
#define TR_OPEN "{{#_}}"
#define TR_CLOSE "{{/_}}"

/*
 * src[0..len) in lang, copied into a: each {{#_}}msgid{{/_}} replaced by msgid's translation
 * (msgid itself in Vietnamese or when the catalogue has none). The markers do not nest.
 * CONG_EPARSE for an unclosed or nested marker, CONG_ENOMEM.
 */
static enum cong_err translate_source(const char *name, const char *src, size_t len,
                                      enum i18n_lang lang, struct arena *a, const char **out,
                                      size_t *out_len, struct cong_error *err)
{
    const size_t olen = sizeof(TR_OPEN) - 1, clen = sizeof(TR_CLOSE) - 1;
    const char *at = src, *end = src + len, *open, *close, *next, *tr;
    struct buf b;
    char *msgid;
    enum cong_err rc = CONG_OK;

    buf_init(&b, 0);
    while ((open = memmem(at, (size_t)(end - at), TR_OPEN, olen)) != NULL) {
        close = memmem(open + olen, (size_t)(end - open - olen), TR_CLOSE, clen);
        next = memmem(open + olen, (size_t)(end - open - olen), TR_OPEN, olen);
        if (!close || (next && next < close)) {
            size_t line = 1;
            for (const char *c = src; c < open; c++)
                line += *c == '\n';
            rc = cong_error_set(err, CONG_EPARSE, "template '%s' line %zu: %s", name, line,
                                close ? "text to translate inside text to translate"
                                      : "unclosed " TR_OPEN);
            goto out;
        }
        buf_add(&b, at, (size_t)(open - at));
        msgid = arena_strndup(a, open + olen, (size_t)(close - open - olen));
        if (!msgid) {
            rc = CONG_ENOMEM;
            goto out;
        }
        tr = i18n_tr(lang, msgid);
        buf_puts(&b, tr);
        at = close + clen;
    }
    buf_add(&b, at, (size_t)(end - at));
    if (buf_error(&b) != CONG_OK || !(*out = arena_strndup(a, b.data, b.len))) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory parsing template '%s'", name);
        goto out;
    }
    *out_len = b.len;
out:
    buf_release(&b);
    return rc;
}

static enum cong_err tmpl_parse(const char *name, const char *src, size_t len,
                                struct cong_error *err, struct tmpl **out)
{
    struct parser p = {0};
    struct node_list l;
    struct tmpl *t;
    const char *copy = NULL;
    char *tname;
    size_t copy_len = 0;
    enum cong_err rc;
    int lang;

    *out = NULL;
    t = calloc(1, sizeof(*t));
    if (!t)
        return cong_error_set(err, CONG_ENOMEM, "out of memory parsing template '%s'", name);
    arena_init(&t->arena, 0);
    t->name = arena_strdup(&t->arena, name);
    if (!t->name) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory parsing template '%s'", name);
        goto out;
    }
    if (!text_is_utf8(src, len)) {
        rc = cong_error_set(err, CONG_EPARSE, "template '%s' is not valid UTF-8", name);
        goto out;
    }
    for (lang = 0; lang < I18N_COUNT; lang++) {
        rc = translate_source(name, src, len, (enum i18n_lang)lang, &t->arena, &copy, &copy_len,
                              err);
        if (rc != CONG_OK)
            goto out;
        tname = lang == I18N_VI ? t->name : arena_alloc(&t->arena, strlen(name) + 6);
        if (!tname) {
            rc = cong_error_set(err, CONG_ENOMEM, "out of memory parsing template '%s'", name);
            goto out;
        }
        if (tname != t->name)
            (void)snprintf(tname, strlen(name) + 6, "%s (%s)", name,
                           i18n_code((enum i18n_lang)lang));
        memset(&p, 0, sizeof(p));
        p.arena = &t->arena;
        p.tname = tname;
        p.src = copy;
        p.len = copy_len;
        p.otag = "{{";
        p.olen = 2;
        p.ctag = "}}";
        p.clen = 2;
        p.line_pending = true;
        p.err = err;
        l.head = NULL;
        l.tail = &l.head;
        rc = parse_list(&p, &l, NULL, 0, 0);
        t->root[lang] = l.head;
        if (rc != CONG_OK)
            goto out;
    }
out:
    if (rc != CONG_OK) {
        tmpl_free(t);
        return rc;
    }
    *out = t;
    return CONG_OK;
}

/* The set. */

enum cong_err tmpl_set_new(struct tmpl_set **out)
{
    *out = calloc(1, sizeof(**out));
    return *out ? CONG_OK : CONG_ENOMEM;
}

void tmpl_set_free(struct tmpl_set *set)
{
    size_t i;

    if (!set)
        return;
    for (i = 0; i < set->n; i++)
        tmpl_free(set->items[i]);
    free(set->items);
    free(set);
}

static const struct tmpl *set_find(const struct tmpl_set *set, const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < set->n; i++) {
        if (strncmp(set->items[i]->name, name, len) == 0 && set->items[i]->name[len] == '\0')
            return set->items[i];
    }
    return NULL;
}

bool tmpl_set_has(const struct tmpl_set *set, const char *name)
{
    return set_find(set, name, strlen(name)) != NULL;
}

enum cong_err tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len,
                           struct cong_error *err)
{
    struct tmpl *t, **items;
    size_t i, ncap;
    enum cong_err rc;

    rc = tmpl_parse(name, src, len, err, &t);
    if (rc != CONG_OK)
        return rc;
    for (i = 0; i < set->n; i++) {
        if (strcmp(set->items[i]->name, name) == 0) {
            tmpl_free(set->items[i]);
            set->items[i] = t;
            return CONG_OK;
        }
    }
    if (set->n == set->cap) {
        ncap = set->cap ? set->cap * 2 : 16;
        items = realloc(set->items, ncap * sizeof(*items));
        if (!items) {
            tmpl_free(t);
            return cong_error_set(err, CONG_ENOMEM, "out of memory adding template '%s'", name);
        }
        set->items = items;
        set->cap = ncap;
    }
    set->items[set->n++] = t;
    return CONG_OK;
}

enum cong_err tmpl_set_add_file(struct tmpl_set *set, const char *name, const char *path,
                                struct cong_error *err)
{
    struct buf b;
    struct stat st;
    char chunk[8192];
    ssize_t n;
    int fd;
    enum cong_err rc;

    buf_init(&b, TMPL_MAX_FILE);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return cong_error_set(err, errno == ENOENT ? CONG_ENOTFOUND : CONG_EIO,
                              "cannot open template '%s': %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = cong_error_set(err, CONG_EIO, "cannot read template '%s': not a regular file", path);
        goto out;
    }
    for (;;) {
        n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = cong_error_set(err, CONG_EIO, "cannot read template '%s': %s", path,
                                strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        buf_add(&b, chunk, (size_t)n);
        if (b.failed) {
            rc = cong_error_set(err, CONG_ETOOBIG, "template '%s' is larger than %zu bytes",
                                path, TMPL_MAX_FILE);
            goto out;
        }
    }
    rc = tmpl_set_add(set, name, b.data, b.len, err);
out:
    close(fd);
    buf_release(&b);
    return rc;
}

static int only_mustache(const struct dirent *d)
{
    size_t n = strlen(d->d_name);

    return n > 9 && strcmp(d->d_name + n - 9, ".mustache") == 0 && d->d_name[0] != '.';
}

enum cong_err tmpl_set_load_dir(struct tmpl_set *set, const char *dir, struct cong_error *err)
{
    struct dirent **list = NULL;
    struct buf path, name;
    int n, i;
    size_t dlen = strlen(dir);
    enum cong_err rc = CONG_OK;

    buf_init(&path, 4096);
    buf_init(&name, 4096);
    /* Sorted, so a theme with two bad files always reports the same one. */
    n = scandir(dir, &list, only_mustache, alphasort);
    if (n < 0)
        return cong_error_set(err, CONG_EIO, "cannot read template folder '%s': %s", dir,
                              strerror(errno));
    for (i = 0; i < n; i++) {
        buf_reset(&path);
        buf_reset(&name);
        buf_add(&path, dir, dlen);
        if (dlen && dir[dlen - 1] != '/')
            buf_putc(&path, '/');
        buf_puts(&path, list[i]->d_name);
        buf_add(&name, list[i]->d_name, strlen(list[i]->d_name) - 9);
        if (buf_error(&path) != CONG_OK || buf_error(&name) != CONG_OK) {
            rc = cong_error_set(err, CONG_ENOMEM, "path too long in template folder '%s'", dir);
            break;
        }
        rc = tmpl_set_add_file(set, name.data, path.data, err);
        if (rc == CONG_ENOTFOUND)
            rc = cong_error_set(err, CONG_EIO, "template '%s' vanished while loading",
                                path.data);
        if (rc != CONG_OK)
            break;
    }
    for (i = 0; i < n; i++)
        free(list[i]);
    free(list);
    buf_release(&path);
    buf_release(&name);
    return rc;
}

/* Rendering. */

/* The context stack, innermost first; frames live on the C stack of the renderer. */
struct ctx {
    json_t *value;
    const struct ctx *up;
};

/* Indentation of standalone partials, innermost last; printed outermost first. */
struct indent {
    const char *s;
    size_t n;
    const struct indent *up;
};

struct render {
    const struct tmpl_set *set;
    struct buf *out;
    size_t steps; /* nodes visited so far, up to TMPL_MAX_RENDER_STEPS */
    enum i18n_lang lang; /* which tree of each template: the thread's language */
};

/*
 * The spec's lookup: the first part of a dotted name is searched up the context stack; the
 * rest only inside what it found, so a broken chain never falls back to an outer context.
 */
static json_t *lookup(const struct ctx *ctx, const struct name *nm)
{
    json_t *v = NULL;
    size_t i;

    if (nm->nparts == 0)
        return ctx->value;
    for (; ctx; ctx = ctx->up) {
        if (json_is_object(ctx->value)) {
            v = json_object_get(ctx->value, nm->parts[0]);
            if (v)
                break;
        }
    }
    for (i = 1; v && i < nm->nparts; i++)
        v = json_is_object(v) ? json_object_get(v, nm->parts[i]) : NULL;
    return v;
}

/* Falsey: missing, null, false, an empty list, an empty string, zero. */
static bool is_truthy(const json_t *v)
{
    if (!v)
        return false;
    switch (json_typeof(v)) {
    case JSON_OBJECT: return true;
    case JSON_ARRAY: return json_array_size(v) > 0;
    case JSON_STRING: return json_string_length(v) > 0;
    case JSON_INTEGER: return json_integer_value(v) != 0;
    case JSON_REAL: return json_real_value(v) != 0.0;
    case JSON_TRUE: return true;
    case JSON_FALSE:
    case JSON_NULL: return false;
    }
    return false;
}

/* The shortest decimal that reads back as d: 1.21 prints "1.21", not "1.2099999999999999". */
static void add_real(struct buf *out, double d)
{
    char tmp[40];
    int n = 0, prec;

    for (prec = 1; prec <= 17; prec++) {
        n = snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
        if (n < 0 || (size_t)n >= sizeof(tmp)) {
            out->failed = true;
            return;
        }
        if (strtod(tmp, NULL) == d)
            break;
    }
    buf_add(out, tmp, (size_t)n);
}

static void add_value(struct buf *out, const json_t *v, bool escape)
{
    if (!v)
        return;
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (escape)
            buf_add_html(out, json_string_value(v), json_string_length(v));
        else
            buf_add(out, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        add_real(out, json_real_value(v));
        break;
    case JSON_TRUE:
        buf_puts(out, "true");
        break;
    case JSON_FALSE:
        buf_puts(out, "false");
        break;
    case JSON_NULL:
    case JSON_OBJECT:
    case JSON_ARRAY:
        break; /* nothing sensible to print; a template asks for the fields */
    }
}

static void add_indent(struct buf *out, const struct indent *ind)
{
    if (!ind)
        return;
    add_indent(out, ind->up);
    buf_add(out, ind->s, ind->n);
}

static void render_nodes(struct render *r, const struct node *n, const struct ctx *ctx,
                         const struct indent *ind, unsigned depth);

static void render_section(struct render *r, const struct node *n, const struct ctx *ctx,
                           const struct indent *ind, unsigned depth)
{
    json_t *v = lookup(ctx, &n->name);
    struct ctx inner;
    size_t i;

    if (n->kind == NODE_INVERTED) {
        if (!is_truthy(v))
            render_nodes(r, n->children, ctx, ind, depth);
        return;
    }
    if (!is_truthy(v))
        return;
    inner.up = ctx;
    if (json_is_array(v)) {
        for (i = 0; i < json_array_size(v) && !r->out->failed; i++) {
            inner.value = json_array_get(v, i);
            render_nodes(r, n->children, &inner, ind, depth);
        }
        return;
    }
    inner.value = v;
    render_nodes(r, n->children, &inner, ind, depth);
}

static void render_partial(struct render *r, const struct node *n, const struct ctx *ctx,
                           const struct indent *ind, unsigned depth)
{
    const struct tmpl *t;
    struct indent more;

    /* Deeper recursion renders nothing: a partial that includes itself must still end. */
    if (depth >= TMPL_MAX_PARTIAL_DEPTH)
        return;
    t = set_find(r->set, n->name.text, n->name.len);
    if (!t)
        return;
    if (!n->standalone) {
        /* An inline partial's lines are not indented, whatever surrounds it. */
        render_nodes(r, t->root[r->lang], ctx, NULL, depth + 1);
        return;
    }
    more.s = n->text;
    more.n = n->len;
    more.up = ind;
    render_nodes(r, t->root[r->lang], ctx, &more, depth + 1);
}

static void render_nodes(struct render *r, const struct node *n, const struct ctx *ctx,
                         const struct indent *ind, unsigned depth)
{
    for (; n && !r->out->failed; n = n->next) {
        /* Partials that each include themselves twice make 2^64 calls well inside the depth
         * limit, with or without output: the count of nodes is what bounds the work. */
        if (++r->steps > TMPL_MAX_RENDER_STEPS)
            return;
        switch (n->kind) {
        case NODE_TEXT:
            buf_add(r->out, n->text, n->len);
            break;
        case NODE_INDENT:
            add_indent(r->out, ind);
            break;
        case NODE_VAR:
            add_value(r->out, lookup(ctx, &n->name), true);
            break;
        case NODE_RAW:
            add_value(r->out, lookup(ctx, &n->name), false);
            break;
        case NODE_SECTION:
        case NODE_INVERTED:
            render_section(r, n, ctx, ind, depth);
            break;
        case NODE_PARTIAL:
            render_partial(r, n, ctx, ind, depth);
            break;
        }
    }
}

enum cong_err tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx,
                          struct buf *out, struct cong_error *err)
{
    const struct tmpl *t = set_find(set, name, strlen(name));
    struct render r;
    struct ctx root;

    if (!t)
        return cong_error_set(err, CONG_ENOTFOUND, "no template '%s'", name);
    r.set = set;
    r.out = out;
    r.steps = 0;
    r.lang = i18n_lang();
    root.value = ctx;
    root.up = NULL;
    render_nodes(&r, t->root[r.lang], &root, NULL, 0);
    if (r.steps > TMPL_MAX_RENDER_STEPS)
        return cong_error_set(err, CONG_ETOOBIG, "template '%s': more than %d steps to render",
                              name, TMPL_MAX_RENDER_STEPS);
    if (buf_error(out) != CONG_OK)
        return cong_error_set(err, CONG_ENOMEM, "template '%s': output too large or out of memory",
                              name);
    return CONG_OK;
}
