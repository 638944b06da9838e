/*
 * The render module: Cổng's own Mustache template engine, Markdown to HTML through cmark-gfm,
 * and the allowlist HTML sanitizer. Templates are parsed once at start-up into a read-only
 * set that any number of threads render from at once. Data comes in as jansson values.
 * This module never touches the database or HTTP.
 */
#ifndef CONG_RENDER_H
#define CONG_RENDER_H

#include <jansson.h>

#include "../core/core.h"

/* A named set of compiled templates (a theme). Read-only and thread-safe once loaded. */
struct tmpl_set;

/* Allocates an empty set. CONG_ENOMEM. */
enum cong_err tmpl_set_new(struct tmpl_set **out);
/* Frees the set and its templates; accepts NULL. */
void tmpl_set_free(struct tmpl_set *set);
/*
 * Parses src[0..len) and adds it to set under name (replacing one of the same name).
 * CONG_EPARSE with err->msg naming name, line and column on a syntax error
 * (unclosed tag or section, mismatched section end, bad delimiter change); the set is then
 * unchanged. Not thread-safe: call while loading.
 */
enum cong_err tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len,
                           struct cong_error *err);
/*
 * Adds every "*.mustache" file in dir, named by its file name without the extension.
 * CONG_EIO if dir or a file cannot be read, CONG_EPARSE as tmpl_set_add.
 */
enum cong_err tmpl_set_load_dir(struct tmpl_set *set, const char *dir, struct cong_error *err);
/* True if set holds a template called name. */
bool tmpl_set_has(const struct tmpl_set *set, const char *name);
/*
 * Renders template name against ctx (any JSON value, usually an object) and appends the
 * result to out. {{x}} is HTML-escaped; {{{x}}} and {{& x}} are not. Partials {{> p}} are
 * looked up in set; a missing partial renders as nothing. Partial recursion is cut off
 * at a fixed depth. CONG_ENOTFOUND if name is not in set, CONG_ENOMEM if out fails.
 */
enum cong_err tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx,
                          struct buf *out, struct cong_error *err);

/*
 * Converts Markdown (CommonMark with the GFM tables, strikethrough and autolink extensions)
 * to HTML and appends it to out, sanitized by render_sanitize_html: raw HTML, scripts, event
 * handlers and javascript: links come out inert. CONG_EINVAL if md is not UTF-8.
 */
enum cong_err render_markdown(const char *md, size_t len, struct buf *out);
/*
 * Appends to out a safe copy of an HTML fragment: only allowlisted elements and attributes
 * survive (paragraphs, headings, lists, tables, emphasis, links, images, figures, quotes,
 * code); href/src only with http, https, mailto or relative URLs; no style, no event
 * handlers; script, style, iframe and the like are dropped with their content; links get
 * rel="noopener". CONG_EINVAL if html is not UTF-8.
 */
enum cong_err render_sanitize_html(const char *html, size_t len, struct buf *out);
/* Appends the plain text of an HTML fragment (tags dropped, entities decoded). */
enum cong_err render_html_to_text(const char *html, size_t len, struct buf *out);

#endif
