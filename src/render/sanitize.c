/*
 * The HTML sanitizer: the one gate through which user HTML (article bodies from Markdown,
 * imports, pasted fragments) reaches a page unescaped. libxml2's forgiving HTML parser turns
 * the fragment into a tree, and a walker writes back only allowlisted elements and
 * attributes, every value and text escaped by construction, so whatever the parser made of
 * broken markup, the output is balanced and inert. Dangerous containers (script, style,
 * iframe, svg, ...) go with their content; any other unknown element goes but keeps its text.
 * The same parse gives the plain text of a fragment. This file never writes raw input bytes.
 */
#include "render.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

enum attr_kind {
    ATTR_TEXT,   /* any text, escaped */
    ATTR_LINK,   /* a URL: http, https, mailto or relative */
    ATTR_SOURCE, /* an image URL: http, https or relative */
    ATTR_NUMBER, /* 1 to 5 digits */
    ATTR_START,  /* a list start: digits with an optional minus */
    ATTR_ALIGN,  /* left, center, right or justify (cmark-gfm tables use it) */
    ATTR_CLASS,  /* only the class names of class_names: alignment, never a style */
};

struct attr_rule {
    const char *name;
    enum attr_kind kind;
};

struct elem_rule {
    const char *name; /* as libxml2 gives it: lowercase */
    const char *out;  /* the element written */
    const struct attr_rule *attrs; /* ends with a NULL name; NULL for none */
    bool is_void;
};

static const struct attr_rule a_attrs[] = {{"href", ATTR_LINK}, {"title", ATTR_TEXT}, {NULL, 0}};
static const struct attr_rule img_attrs[] = {
    {"src", ATTR_SOURCE}, {"alt", ATTR_TEXT},     {"title", ATTR_TEXT},
    {"width", ATTR_NUMBER}, {"height", ATTR_NUMBER}, {NULL, 0}};
static const struct attr_rule cell_attrs[] = {{"colspan", ATTR_NUMBER},
                                              {"rowspan", ATTR_NUMBER},
                                              {"align", ATTR_ALIGN},
                                              {"class", ATTR_CLASS},
                                              {NULL, 0}};
/* Blocks the visual editor aligns: by a class of class_names (or the old align attribute),
 * since a style attribute could carry anything and the page's CSP refuses inline styles. */
static const struct attr_rule block_attrs[] = {
    {"align", ATTR_ALIGN}, {"class", ATTR_CLASS}, {NULL, 0}};
static const struct attr_rule ol_attrs[] = {{"start", ATTR_START}, {NULL, 0}};
static const struct attr_rule title_attrs[] = {{"title", ATTR_TEXT}, {NULL, 0}};

static const struct elem_rule elem_rules[] = {
    {"p", "p", block_attrs, false},
    {"br", "br", NULL, true},
    {"hr", "hr", NULL, true},
    /* An article's h1 is its title; headings in the body start at h2. */
    {"h1", "h2", block_attrs, false},
    {"h2", "h2", block_attrs, false},
    {"h3", "h3", block_attrs, false},
    {"h4", "h4", block_attrs, false},
    {"h5", "h5", block_attrs, false},
    {"h6", "h6", block_attrs, false},
    {"strong", "strong", NULL, false},
    {"b", "b", NULL, false},
    {"em", "em", NULL, false},
    {"i", "i", NULL, false},
    {"u", "u", NULL, false},
    {"s", "s", NULL, false},
    {"del", "del", NULL, false},
    {"ins", "ins", NULL, false},
    {"sub", "sub", NULL, false},
    {"sup", "sup", NULL, false},
    {"blockquote", "blockquote", block_attrs, false},
    {"pre", "pre", NULL, false},
    {"code", "code", NULL, false},
    {"ul", "ul", NULL, false},
    {"ol", "ol", ol_attrs, false},
    {"li", "li", block_attrs, false},
    {"dl", "dl", NULL, false},
    {"dt", "dt", NULL, false},
    {"dd", "dd", NULL, false},
    {"table", "table", NULL, false},
    {"thead", "thead", NULL, false},
    {"tbody", "tbody", NULL, false},
    {"tfoot", "tfoot", NULL, false},
    {"tr", "tr", NULL, false},
    {"th", "th", cell_attrs, false},
    {"td", "td", cell_attrs, false},
    {"caption", "caption", NULL, false},
    {"a", "a", a_attrs, false},
    {"img", "img", img_attrs, true},
    {"figure", "figure", block_attrs, false},
    {"figcaption", "figcaption", NULL, false},
    {"span", "span", NULL, false},
    {"div", "div", NULL, false},
    {"abbr", "abbr", title_attrs, false},
    {"cite", "cite", NULL, false},
    {"q", "q", title_attrs, false},
    {"small", "small", NULL, false},
    {"mark", "mark", NULL, false},
};

/*
 * Elements dropped with everything inside them: code, styles, embedded documents, forms.
 * Void elements such as embed, input or meta are not here: libxml2 does not know all of them
 * as void and may hang the text that follows them inside, so they are left out like unknown
 * elements, keeping that text.
 */
static const char *const dropped[] = {
    "applet", "audio",  "canvas", "form",      "frameset", "head",     "iframe",
    "math",   "noembed", "noframes", "noscript", "object",  "plaintext", "script",
    "select", "style",  "svg",    "template",  "textarea", "title",    "video",
    "xml",    "xmp",
};

/* Elements that end a line in plain text. */
static const char *const blocks[] = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead",
    "tr", "ul",
};

/*
 * The class names an element may keep: the visual editor's alignment of blocks and pictures,
 * and its mark of a captioned picture. The theme styles each; any other name is dropped.
 */
static const char *const class_names[] = {
    "align-left", "align-center", "align-right", "align-justify", "image",
};

/* The one host a video may come from, and how long its ids are. */
#define YOUTUBE_EMBED "https://www.youtube-nocookie.com/embed/"
#define YOUTUBE_ID_LEN 11

/* Marks, in a node's _private, an element whose start tag was written. */
static char opened_mark;

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strcmp(name, list[i]) == 0)
            return true;
    }
    return false;
}

static bool is_dropped(const char *name)
{
    return in_list(name, dropped, sizeof(dropped) / sizeof(dropped[0]));
}

static bool is_block(const char *name)
{
    return in_list(name, blocks, sizeof(blocks) / sizeof(blocks[0]));
}

static const struct elem_rule *find_rule(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(elem_rules) / sizeof(elem_rules[0]); i++) {
        if (strcmp(name, elem_rules[i].name) == 0)
            return &elem_rules[i];
    }
    return NULL;
}

/*
 * Parses a fragment as the content of a body. The wrapper keeps libxml2 from wrapping
 * leading text in an implied <p>; whatever the fragment does with its own html, head or body
 * tags, the walkers look at the whole document, so nothing escapes the allowlist.
 */
static enum cong_err parse_fragment(const char *html, size_t len, htmlDocPtr *out)
{
    static const char prefix[] = "<html><body>";
    struct buf src;
    htmlDocPtr doc;

    *out = NULL;
    pthread_once(&xml_once, xml_init);
    if (len > (size_t)INT_MAX - sizeof(prefix))
        return CONG_ETOOBIG;
    buf_init(&src, len + sizeof(prefix));
    buf_add(&src, prefix, sizeof(prefix) - 1);
    buf_add(&src, html, len);
    if (buf_error(&src) != CONG_OK)
        return CONG_ENOMEM;
    /* IGNORE_ENC: a <meta charset> inside the fragment must not change how it is read. */
    doc = htmlReadMemory(src.data, (int)src.len, NULL, "UTF-8",
                         HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                             HTML_PARSE_IGNORE_ENC);
    buf_release(&src);
    if (!doc)
        return CONG_ENOMEM;
    *out = doc;
    return CONG_OK;
}

/*
 * Walks the tree in document order without recursion (nesting depth is the input's to
 * choose). enter returns whether to visit the children; leave is called after them, for
 * exactly the nodes whose enter returned true.
 */
static void walk(htmlDocPtr doc, bool (*enter)(xmlNode *, void *), void (*leave)(xmlNode *, void *),
                 void *state)
{
    xmlNode *n = doc->children, *stop = (xmlNode *)doc;

    while (n) {
        if (enter(n, state)) {
            if (n->children) {
                n = n->children;
                continue;
            }
            leave(n, state);
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n == stop)
                return;
            leave(n, state);
        }
        n = n->next;
    }
}

/* Sanitizing. */

struct sanitizer {
    struct buf *out;
    struct buf url; /* scratch for the cleaned URL */
    size_t links;   /* <a> elements written and not yet closed */
};

static bool is_scheme_char(char c, bool first)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return !first && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
}

/*
 * Reads a URL as a browser does (entities are already decoded by the parser): leading and
 * trailing spaces and control characters dropped, tabs and line breaks inside removed, so
 * "jav&#x09;ascript:" is seen as the "javascript:" it becomes. Leaves the cleaned URL in
 * s->url and says whether it may be written: a relative URL, or a scheme from the allowlist.
 * A colon before any '/', '?' or '#' starts a scheme; one that is not allowed, or not a
 * well-formed scheme, refuses the URL.
 */
static bool url_is_allowed(struct sanitizer *s, const char *v, bool mailto)
{
    size_t n = strlen(v), i, colon;
    const char *u;

    /* DEL is a control character too: left at an end, its removal below would bare a space
     * that a second reading trims, and the sanitizer would not agree with itself */
    while (n && ((unsigned char)v[0] <= 0x20 || v[0] == 0x7f)) {
        v++;
        n--;
    }
    while (n && ((unsigned char)v[n - 1] <= 0x20 || v[n - 1] == 0x7f))
        n--;
    buf_reset(&s->url);
    for (i = 0; i < n; i++) {
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            continue;
        buf_putc(&s->url, v[i]);
    }
    if (buf_error(&s->url) != CONG_OK || s->url.len == 0)
        return false;
    u = s->url.data;
    n = s->url.len;
    colon = strcspn(u, ":/?#&");
    /*
     * An '&' before the first '/', '?' or '#' may be an entity libxml2 does not know but a
     * browser might (HTML5's "&colon;"): refuse rather than guess what the scheme becomes.
     */
    if (u[colon] == '&')
        return false;
    if (colon == n || u[colon] != ':')
        return true;
    for (i = 0; i < colon; i++) {
        if (!is_scheme_char(u[i], i == 0))
            return false;
    }
    if (colon == 4 && strncasecmp(u, "http", 4) == 0)
        return true;
    if (colon == 5 && strncasecmp(u, "https", 5) == 0)
        return true;
    return mailto && colon == 6 && strncasecmp(u, "mailto", 6) == 0;
}

static bool is_number(const char *v, bool sign)
{
    size_t i = 0, digits = 0;

    if (sign && v[0] == '-')
        i++;
    for (; v[i]; i++, digits++) {
        if (v[i] < '0' || v[i] > '9')
            return false;
    }
    return digits >= 1 && digits <= 5;
}

static const char *align_value(const char *v)
{
    static const char *const values[] = {"left", "center", "right", "justify"};
    size_t i;

    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        if (strcasecmp(v, values[i]) == 0)
            return values[i];
    }
    return NULL;
}

static void add_attr(struct buf *out, const char *name, const char *v, size_t n)
{
    buf_putc(out, ' ');
    buf_puts(out, name);
    buf_puts(out, "=\"");
    buf_add_html(out, v, n);
    buf_putc(out, '"');
}

/*
 * Writes class="..." with those of v's space-separated names that are in class_names, each
 * once, in the list's order (so the output does not depend on how the input repeats them);
 * nothing when none is.
 */
static void add_classes(struct buf *out, const char *v)
{
    size_t i, n, len, written = 0;
    const char *p;

    for (i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++) {
        len = strlen(class_names[i]);
        for (p = v; *p; p += n) {
            p += strspn(p, " \t\n\r\f");
            n = strcspn(p, " \t\n\r\f");
            if (n == len && strncmp(p, class_names[i], len) == 0)
                break;
        }
        if (!*p)
            continue;
        buf_puts(out, written++ ? " " : " class=\"");
        buf_puts(out, class_names[i]);
    }
    if (written)
        buf_putc(out, '"');
}

/*
 * Writes the start tag of an allowed element with its allowed attributes, in the rule's
 * order (so a repeated attribute cannot slip through twice). Returns false, writing
 * nothing, for a link or image without a usable URL: such an element is left out.
 */
static bool open_tag(struct sanitizer *s, xmlNode *n, const struct elem_rule *rule)
{
    struct buf *out = s->out;
    size_t mark = out->len;
    const struct attr_rule *a;
    const char *str;
    xmlChar *v;
    bool url_ok = false;

    buf_putc(out, '<');
    buf_puts(out, rule->out);
    for (a = rule->attrs; a && a->name; a++) {
        v = xmlGetNoNsProp(n, (const xmlChar *)a->name);
        if (!v)
            continue;
        str = (const char *)v;
        switch (a->kind) {
        case ATTR_TEXT:
            add_attr(out, a->name, str, strlen(str));
            break;
        case ATTR_LINK:
        case ATTR_SOURCE:
            if (url_is_allowed(s, str, a->kind == ATTR_LINK)) {
                add_attr(out, a->name, s->url.data, s->url.len);
                url_ok = true;
            }
            break;
        case ATTR_NUMBER:
        case ATTR_START:
            if (is_number(str, a->kind == ATTR_START))
                add_attr(out, a->name, str, strlen(str));
            break;
        case ATTR_ALIGN:
            if ((str = align_value(str)) != NULL)
                add_attr(out, a->name, str, strlen(str));
            break;
        case ATTR_CLASS:
            add_classes(out, str);
            break;
        }
        xmlFree(v);
    }
    if ((strcmp(rule->name, "a") == 0 || strcmp(rule->name, "img") == 0) && !url_ok) {
        if (!out->failed) {
            out->len = mark;
            out->data[mark] = '\0';
        }
        return false;
    }
    if (strcmp(rule->name, "a") == 0)
        buf_puts(out, " rel=\"noopener noreferrer\"");
    /* images in a body are below the cover: fetching them can wait until they are near the
       viewport, which keeps an article's first visit to a few requests */
    if (strcmp(rule->name, "img") == 0)
        buf_puts(out, " loading=\"lazy\" decoding=\"async\"");
    buf_putc(out, '>');
    return true;
}

/* The name of the nearest ancestor of n whose start tag was written, or "" if none. */
static const char *written_parent(const xmlNode *n)
{
    for (n = n->parent; n; n = n->parent) {
        if (n->type == XML_ELEMENT_NODE && n->_private == &opened_mark)
            return (const char *)n->name;
    }
    return "";
}

/*
 * True if a table part may be written under what was written around it: a cell in a row, a
 * row in a table or its sections, a section or caption in a table. libxml2 keeps a cell in a
 * cell or a row in a list, which a browser's parser moves elsewhere: the output must mean
 * the same to both, so a part out of place keeps only its content (fuzz_markdown).
 */
static bool is_in_place(const xmlNode *n, const char *name)
{
    static const char *const sections[] = {"table", "thead", "tbody", "tfoot"};
    if (!strcmp(name, "td") || !strcmp(name, "th"))
        return !strcmp(written_parent(n), "tr");
    if (!strcmp(name, "tr"))
        return in_list(written_parent(n), sections, 4);
    if (!strcmp(name, "thead") || !strcmp(name, "tbody") || !strcmp(name, "tfoot") ||
        !strcmp(name, "caption"))
        return !strcmp(written_parent(n), "table");
    return true;
}

/*
 * True if src is a YouTube video on its no-cookie host: YOUTUBE_EMBED, an id of
 * YOUTUBE_ID_LEN letters, digits, '-' or '_', and at most "?start=" and up to 5 digits.
 * Nothing else: no other host, path, parameter, entity or space, as the value is compared
 * as written (entities already decoded by the parser).
 */
static bool is_youtube_embed(const char *src)
{
    static const char start[] = "?start=";
    size_t i, len = strlen(YOUTUBE_EMBED);
    const char *id;

    if (strncmp(src, YOUTUBE_EMBED, len) != 0)
        return false;
    id = src + len;
    for (i = 0; i < YOUTUBE_ID_LEN; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    if (!id[i])
        return true;
    return strncmp(id + i, start, sizeof(start) - 1) == 0 &&
           is_number(id + i + sizeof(start) - 1, false);
}

/*
 * An iframe is kept only as a video of the allowlist (is_youtube_embed), and then written
 * whole here, its own attributes decided by Cổng: lazy, no referrer beyond the origin, a
 * sandbox that lets the player run but not navigate the page. Its content (fallback text
 * a browser never shows) is dropped like any other iframe's.
 */
static void write_video(struct sanitizer *s, xmlNode *n)
{
    xmlChar *src = xmlGetNoNsProp(n, (const xmlChar *)"src");
    xmlChar *title = xmlGetNoNsProp(n, (const xmlChar *)"title");
    const char *t = title && *title ? (const char *)title : "Video";

    if (src && is_youtube_embed((const char *)src)) {
        buf_puts(s->out, "<iframe");
        add_attr(s->out, "src", (const char *)src, strlen((const char *)src));
        add_attr(s->out, "title", t, strlen(t));
        buf_puts(s->out, " width=\"560\" height=\"315\" loading=\"lazy\""
                         " referrerpolicy=\"strict-origin-when-cross-origin\""
                         " sandbox=\"allow-scripts allow-same-origin allow-presentation\""
                         " allow=\"encrypted-media; picture-in-picture; fullscreen\""
                         " allowfullscreen></iframe>");
    }
    xmlFree(src);
    xmlFree(title);
}

static bool sanitize_enter(xmlNode *n, void *state)
{
    struct sanitizer *s = state;
    const struct elem_rule *rule;
    const char *name;

    n->_private = NULL;
    if (n->type == XML_TEXT_NODE) {
        if (n->content)
            buf_add_html(s->out, (const char *)n->content, strlen((const char *)n->content));
        return false;
    }
    /* Comments, CDATA, processing instructions, the doctype: never written. */
    if (n->type != XML_ELEMENT_NODE || !n->name)
        return false;
    name = (const char *)n->name;
    if (strcmp(name, "iframe") == 0) {
        write_video(s, n);
        return false;
    }
    if (is_dropped(name))
        return false;
    rule = find_rule(name);
    /* libxml2 nests a link in a link, which a browser's parser splits into two: the output
     * must mean the same to both, so an inner link keeps only its content (fuzz_markdown) */
    if (rule && strcmp(rule->name, "a") == 0 && s->links > 0)
        return true;
    if (rule && !is_in_place(n, rule->name))
        return true;
    if (!rule || !open_tag(s, n, rule))
        return true; /* left out, but its content is kept */
    if (strcmp(rule->name, "a") == 0)
        s->links++;
    n->_private = &opened_mark;
    return !rule->is_void;
}

static void sanitize_leave(xmlNode *n, void *state)
{
    struct sanitizer *s = state;
    const struct elem_rule *rule;

    if (n->_private != &opened_mark)
        return;
    rule = find_rule((const char *)n->name);
    if (!rule || rule->is_void)
        return;
    if (strcmp(rule->name, "a") == 0)
        s->links--;
    buf_puts(s->out, "</");
    buf_puts(s->out, rule->out);
    buf_putc(s->out, '>');
}

enum cong_err render_sanitize_html(const char *html, size_t len, struct buf *out)
{
    struct sanitizer s;
    htmlDocPtr doc;
    size_t start = out->len;
    enum cong_err rc;

    if (!text_is_utf8(html, len))
        return CONG_EINVAL;
    if (len == 0)
        return buf_error(out);
    rc = parse_fragment(html, len, &doc);
    if (rc != CONG_OK)
        return rc;
    s.out = out;
    s.links = 0;
    buf_init(&s.url, 0);
    walk(doc, sanitize_enter, sanitize_leave, &s);
    buf_release(&s.url);
    xmlFreeDoc(doc);
    rc = buf_error(out);
    /* The parser only hands back what it read as UTF-8; check rather than trust it. */
    if (rc == CONG_OK && !text_is_utf8(out->data + start, out->len - start)) {
        out->len = start;
        out->data[start] = '\0';
        rc = CONG_EINVAL;
    }
    return rc;
}

/* Plain text. */

struct text_state {
    struct buf *out;
    bool started;    /* some text was written */
    bool want_space; /* whitespace seen since the last character written */
    bool want_break; /* a block ended since the last character written */
};

/* Writes text with whitespace runs as one space and block boundaries as one line break. */
static void text_add(struct text_state *t, const char *s)
{
    size_t i, run;

    for (i = 0; s[i]; i += run) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f') {
            t->want_space = true;
            run = 1;
            continue;
        }
        if (t->started && t->want_break)
            buf_putc(t->out, '\n');
        else if (t->started && t->want_space)
            buf_putc(t->out, ' ');
        t->want_break = false;
        t->want_space = false;
        t->started = true;
        run = strcspn(s + i, " \t\n\r\f");
        buf_add(t->out, s + i, run);
    }
}

static bool text_enter(xmlNode *n, void *state)
{
    struct text_state *t = state;
    const char *name;

    if (n->type == XML_TEXT_NODE) {
        if (n->content)
            text_add(t, (const char *)n->content);
        return false;
    }
    if (n->type != XML_ELEMENT_NODE || !n->name)
        return false;
    name = (const char *)n->name;
    if (is_dropped(name))
        return false;
    if (is_block(name))
        t->want_break = true;
    else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
        t->want_space = true;
    return true;
}

static void text_leave(xmlNode *n, void *state)
{
    struct text_state *t = state;
    const char *name = (const char *)n->name;

    if (n->type != XML_ELEMENT_NODE || !name)
        return;
    if (is_block(name))
        t->want_break = true;
    else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
        t->want_space = true;
}

enum cong_err render_html_to_text(const char *html, size_t len, struct buf *out)
{
    struct text_state t = {0};
    htmlDocPtr doc;
    size_t start = out->len;
    enum cong_err rc;

    if (!text_is_utf8(html, len))
        return CONG_EINVAL;
    if (len == 0)
        return buf_error(out);
    rc = parse_fragment(html, len, &doc);
    if (rc != CONG_OK)
        return rc;
    t.out = out;
    walk(doc, text_enter, text_leave, &t);
    xmlFreeDoc(doc);
    rc = buf_error(out);
    if (rc == CONG_OK && !text_is_utf8(out->data + start, out->len - start)) {
        out->len = start;
        out->data[start] = '\0';
        rc = CONG_EINVAL;
    }
    return rc;
}
