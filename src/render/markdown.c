/*
 * Markdown to HTML for article bodies: cmark-gfm with the table, strikethrough and autolink
 * extensions. cmark is asked to keep raw HTML and every link as written, because none of its
 * output reaches a page directly: all of it goes through render_sanitize_html, which is the
 * single place that decides what is safe. This file owns the one-time registration of
 * cmark's extensions and the lock around cmark's parsing, both needed because cmark-gfm
 * keeps process-wide tables that it does not lock itself.
 */
#include "render.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <string.h>

static pthread_once_t cmark_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t cmark_lock = PTHREAD_MUTEX_INITIALIZER;

static void cmark_init(void)
{
    cmark_gfm_core_extensions_ensure_registered();
}

static bool attach(cmark_parser *parser, const char *name)
{
    cmark_syntax_extension *ext = cmark_find_syntax_extension(name);

    return ext && cmark_parser_attach_syntax_extension(parser, ext);
}

enum cong_err render_markdown(const char *md, size_t len, struct buf *out)
{
    /* UNSAFE only tells cmark not to filter: the sanitizer below filters everything. */
    const int options = CMARK_OPT_UNSAFE;
    cmark_parser *parser;
    cmark_node *doc = NULL;
    char *html = NULL;
    enum cong_err rc;

    if (!text_is_utf8(md, len))
        return CONG_EINVAL;
    pthread_once(&cmark_once, cmark_init);
    parser = cmark_parser_new(options);
    if (!parser)
        return CONG_ENOMEM;
    if (!attach(parser, "table") || !attach(parser, "strikethrough") ||
        !attach(parser, "autolink")) {
        rc = CONG_ENOMEM;
        goto out;
    }
    /*
     * cmark-gfm keeps the table of special inline characters in a process-wide array and each
     * parser adds its extensions' characters ('~') to it while parsing inlines and takes them
     * away after: two parses at once would see each other's table. Parsing is serialized;
     * rendering and sanitizing run in parallel.
     */
    pthread_mutex_lock(&cmark_lock);
    cmark_parser_feed(parser, md, len);
    doc = cmark_parser_finish(parser);
    pthread_mutex_unlock(&cmark_lock);
    if (!doc) {
        rc = CONG_ENOMEM;
        goto out;
    }
    html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
    if (!html) {
        rc = CONG_ENOMEM;
        goto out;
    }
    rc = render_sanitize_html(html, strlen(html), out);
out:
    if (html)
        cmark_get_default_mem_allocator()->free(html);
    if (doc)
        cmark_node_free(doc);
    cmark_parser_free(parser);
    return rc;
}
