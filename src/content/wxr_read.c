/*
 * Reading a WordPress export (WXR 1.2, an RSS file) with libxml2's streaming reader: the file
 * is never held whole in memory, only one <item> or term at a time, expanded into a small
 * tree and handed over as plain strings. The reader is strict about what an export never
 * holds: a document type declaration (where entity bombs and external entities live) is
 * refused before any of it is used, the network is never reached, and a text node past
 * libxml2's 10 MB limit (XML_PARSE_HUGE is not set) ends the read with an error.
 */
#include "wxr.h"

#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>

/* The first error libxml2 reports while reading, as one line with its place. */
struct read_state {
    struct cong_error *err;
    bool failed;
};

static void on_error(void *arg, xmlErrorPtr e)
{
    struct read_state *rs = arg;
    size_t n;

    if (rs->failed || !e)
        return;
    rs->failed = true;
    cong_error_set(rs->err, CONG_EPARSE, "not a readable WordPress export: line %d: %s", e->line,
                   e->message ? e->message : "XML error");
    /* libxml2's messages end with a newline: one line on stderr */
    n = strlen(rs->err->msg);
    while (n && (rs->err->msg[n - 1] == '\n' || rs->err->msg[n - 1] == ' '))
        rs->err->msg[--n] = '\0';
}

/* The text of node's children (CDATA included), in NFC (an export may hold decomposed
   Vietnamese, which would look the same and compare differently), or ""; free with xmlFree. */
static char *text_of(xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n), *out = NULL;
    struct buf b;

    if (!t)
        return (char *)xmlStrdup((const xmlChar *)"");
    buf_init(&b, (size_t)64 << 20);
    if (text_nfc((const char *)t, strlen((const char *)t), &b) == CONG_OK)
        out = xmlStrndup((const xmlChar *)b.data, (int)b.len);
    buf_release(&b);
    if (out) {
        xmlFree(t);
        return (char *)out;
    }
    return (char *)t;
}

static bool named(xmlNodePtr n, const char *qname)
{
    char full[64];

    if (n->type != XML_ELEMENT_NODE)
        return false;
    if (n->ns && n->ns->prefix) {
        snprintf(full, sizeof(full), "%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
        return !strcmp(full, qname);
    }
    return !strcmp((const char *)n->name, qname);
}

/* The text of node's first child element named qname, or NULL; the caller frees it. */
static char *child_text(xmlNodePtr parent, const char *qname)
{
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (named(c, qname))
            return text_of(c);
    }
    return NULL;
}

static int64_t to_i64(const char *s)
{
    return s ? strtoll(s, NULL, 10) : 0;
}

static void item_free(struct wxr_item *it)
{
    char **texts[] = {&it->title,     &it->link,       &it->creator,        &it->content,
                      &it->excerpt,   &it->post_date,  &it->post_date_gmt,  &it->post_name,
                      &it->status,    &it->post_type,  &it->attachment_url, &it->guid,
                      &it->meta_description, &it->lang};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        xmlFree(*texts[i]);
    for (size_t i = 0; i < it->ncategories; i++)
        xmlFree(it->categories[i]);
    for (size_t i = 0; i < it->ntags; i++)
        xmlFree(it->tags[i]);
    free(it->categories);
    free(it->tags);
    memset(it, 0, sizeof(*it));
}

/* Appends v (taken) to list; false when out of memory (v freed). */
static bool push(char ***list, size_t *n, char *v)
{
    char **grown = realloc(*list, (*n + 1) * sizeof(**list));

    if (!grown) {
        xmlFree(v);
        return false;
    }
    *list = grown;
    (*list)[(*n)++] = v;
    return true;
}

/* Reads an expanded <item> into it. CONG_ENOMEM. */
static enum cong_err item_of(xmlNodePtr n, struct wxr_item *it)
{
    memset(it, 0, sizeof(*it));
    it->title = child_text(n, "title");
    it->link = child_text(n, "link");
    it->guid = child_text(n, "guid");
    it->creator = child_text(n, "dc:creator");
    it->content = child_text(n, "content:encoded");
    it->excerpt = child_text(n, "excerpt:encoded");
    it->post_date = child_text(n, "wp:post_date");
    it->post_date_gmt = child_text(n, "wp:post_date_gmt");
    it->post_name = child_text(n, "wp:post_name");
    it->status = child_text(n, "wp:status");
    it->post_type = child_text(n, "wp:post_type");
    it->attachment_url = child_text(n, "wp:attachment_url");
    char *v = child_text(n, "wp:post_id");
    it->post_id = to_i64(v);
    xmlFree(v);
    v = child_text(n, "wp:post_parent");
    it->post_parent = to_i64(v);
    xmlFree(v);
    v = child_text(n, "wp:is_sticky");
    it->sticky = to_i64(v) == 1;
    xmlFree(v);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (named(c, "category")) {
            xmlChar *domain = xmlGetProp(c, (const xmlChar *)"domain");
            bool is_cat = domain && !strcmp((const char *)domain, "category");
            bool is_tag = domain && !strcmp((const char *)domain, "post_tag");
            bool is_lang = domain && !strcmp((const char *)domain, "language");
            xmlChar *nice = is_cat ? xmlGetProp(c, (const xmlChar *)"nicename") : NULL;
            xmlFree(domain);
            if (is_lang && !it->lang)
                it->lang = (char *)xmlGetProp(c, (const xmlChar *)"nicename");
            if (is_cat && nice && !push(&it->categories, &it->ncategories, (char *)nice))
                return CONG_ENOMEM;
            if (!is_cat)
                xmlFree(nice);
            if (is_tag && !push(&it->tags, &it->ntags, text_of(c)))
                return CONG_ENOMEM;
        } else if (named(c, "wp:postmeta")) {
            char *key = child_text(c, "wp:meta_key");
            if (key && !strcmp(key, "_thumbnail_id")) {
                char *val = child_text(c, "wp:meta_value");
                it->thumbnail_id = to_i64(val);
                xmlFree(val);
            } else if (key && !strcmp(key, "_yoast_wpseo_metadesc") && !it->meta_description) {
                it->meta_description = child_text(c, "wp:meta_value");
            }
            xmlFree(key);
        }
    }
    return CONG_OK;
}

/* Hands one expanded channel-level node (a term, an author, an item) to h. */
static enum cong_err hand_over(xmlNodePtr n, const struct wxr_handler *h, struct cong_error *err)
{
    enum cong_err rc = CONG_OK;

    if (named(n, "item") && h->item) {
        struct wxr_item it;
        rc = item_of(n, &it);
        if (rc == CONG_OK)
            rc = h->item(h->ctx, &it, err);
        item_free(&it);
    } else if (named(n, "wp:category") && h->category) {
        struct wxr_category c = {
            .nicename = child_text(n, "wp:category_nicename"),
            .parent = child_text(n, "wp:category_parent"),
            .name = child_text(n, "wp:cat_name"),
            .description = child_text(n, "wp:category_description"),
        };
        if (c.nicename && *c.nicename)
            rc = h->category(h->ctx, &c, err);
        xmlFree(c.nicename);
        xmlFree(c.parent);
        xmlFree(c.name);
        xmlFree(c.description);
    } else if (named(n, "wp:author") && h->author) {
        char *login = child_text(n, "wp:author_login"), *name = child_text(n, "wp:author_display_name");
        if (login)
            rc = h->author(h->ctx, login, name ? name : "", err);
        xmlFree(login);
        xmlFree(name);
    }
    return rc;
}

enum cong_err wxr_read(const char *path, const struct wxr_handler *h, struct cong_error *err)
{
    struct read_state rs = {err, false};
    xmlTextReaderPtr r;
    enum cong_err rc = CONG_OK;
    bool seen_rss = false, seen_channel = false;
    int step = -1;

    /* no XML_PARSE_NOENT (entities are not substituted), no DTDLOAD, no HUGE; NONET */
    r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    if (!r)
        return cong_error_set(err, CONG_EIO, "cannot read '%s'", path);
    xmlTextReaderSetStructuredErrorHandler(r, on_error, &rs);
    while (rc == CONG_OK && (step = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
        const char *name = (const char *)xmlTextReaderConstName(r);

        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            rc = cong_error_set(err, CONG_EPARSE,
                                "refused: the file declares a document type (<!DOCTYPE>), which "
                                "a WordPress export never has (it could hide entity bombs or "
                                "external files)");
            break;
        }
        if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
            rc = cong_error_set(err, CONG_EPARSE, "refused: the file uses an entity '&%s;'",
                                name ? name : "");
            break;
        }
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        if (depth == 0) {
            seen_rss = name && !strcmp(name, "rss");
            if (!seen_rss) {
                rc = cong_error_set(err, CONG_EPARSE,
                                    "not a WordPress export: the document is <%s>, not <rss>",
                                    name ? name : "?");
            }
            continue;
        }
        if (depth == 1) {
            seen_channel = seen_channel || (name && !strcmp(name, "channel"));
            continue;
        }
        if (depth != 2 || !name ||
            (strcmp(name, "item") && strcmp(name, "wp:category") && strcmp(name, "wp:author")))
            continue;
        xmlNodePtr n = xmlTextReaderExpand(r);
        if (!n) {
            if (!rs.failed)
                rc = cong_error_set(err, CONG_EPARSE, "not a readable WordPress export");
            else
                rc = CONG_EPARSE;
            break;
        }
        rc = hand_over(n, h, err);
        if (rc == CONG_OK && xmlTextReaderNext(r) == -1)
            rc = CONG_EPARSE; /* the error handler said why */
        /* Next has moved past the subtree: re-read the current node's kind in the loop */
        while (rc == CONG_OK && xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
               xmlTextReaderDepth(r) == 2) {
            const char *nm = (const char *)xmlTextReaderConstName(r);
            if (!nm || (strcmp(nm, "item") && strcmp(nm, "wp:category") && strcmp(nm, "wp:author")))
                break;
            if (!(n = xmlTextReaderExpand(r))) {
                rc = CONG_EPARSE;
                break;
            }
            rc = hand_over(n, h, err);
            if (rc == CONG_OK && xmlTextReaderNext(r) == -1)
                rc = CONG_EPARSE;
        }
    }
    if (rc == CONG_OK && step != 0 && !rs.failed)
        rc = cong_error_set(err, CONG_EPARSE, "not a readable WordPress export");
    if (rs.failed && (rc == CONG_OK || rc == CONG_EPARSE))
        rc = CONG_EPARSE; /* err already says where */
    if (rc == CONG_OK && (!seen_rss || !seen_channel))
        rc = cong_error_set(err, CONG_EPARSE, "not a WordPress export: no <rss><channel>");
    xmlFreeTextReader(r);
    return rc;
}
