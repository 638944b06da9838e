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
 * (unclosed tag or section, mismatched section end, bad delimiter change, empty or bad name,
 * sections nested over 64 deep) or if src is not UTF-8; the set is then unchanged.
 * Not thread-safe: call while loading.
 */
enum cong_err tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len,
                           struct cong_error *err);
/*
 * Reads the file at path and adds it as tmpl_set_add does, under name. CONG_ENOTFOUND if the
 * file does not exist, CONG_EIO if it cannot be read, CONG_ETOOBIG past 4 MiB, CONG_EPARSE as
 * tmpl_set_add; err->msg names the file (for CONG_EPARSE, the template and position).
 */
enum cong_err tmpl_set_add_file(struct tmpl_set *set, const char *name, const char *path,
                                struct cong_error *err);
/*
 * Adds every "*.mustache" file in dir (not hidden ones), named by its file name without the
 * extension, in name order. CONG_EIO if dir or a file cannot be read, CONG_ETOOBIG and
 * CONG_EPARSE as tmpl_set_add_file; the files before the failing one stay added.
 */
enum cong_err tmpl_set_load_dir(struct tmpl_set *set, const char *dir, struct cong_error *err);
/* True if set holds a template called name. */
bool tmpl_set_has(const struct tmpl_set *set, const char *name);
/* Partials nested deeper than this render as nothing, so a recursive partial always ends. */
#define TMPL_MAX_PARTIAL_DEPTH 64
/* A render that visits more nodes than this (partials that fan out, say) stops unfinished. */
#define TMPL_MAX_RENDER_STEPS 2000000

/*
 * Renders template name against ctx (any JSON value, usually an object; NULL acts as null)
 * and appends the result to out. {{x}} is HTML-escaped; {{{x}}} and {{& x}} are not. Integers
 * print as integers, reals in their shortest form (1.21), true and false as words, null,
 * objects and lists as nothing. A section is skipped for a missing name, null, false, an
 * empty list, an empty string or zero; it repeats for each item of a list and otherwise
 * renders once with the value pushed on the context stack. Partials {{> p}} are looked up in
 * set; a missing partial renders as nothing. Partial recursion is cut off at
 * TMPL_MAX_PARTIAL_DEPTH. Safe to call from many threads on the same set; ctx is only read.
 * CONG_ENOTFOUND if name is not in set, CONG_ENOMEM if out fails, CONG_ETOOBIG (out then
 * holds a part of the page) past TMPL_MAX_RENDER_STEPS.
 */
enum cong_err tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx,
                          struct buf *out, struct cong_error *err);

/*
 * Converts Markdown (CommonMark with the GFM tables, strikethrough and autolink extensions)
 * to HTML and appends it to out, sanitized by render_sanitize_html: raw HTML, scripts, event
 * handlers and javascript: links come out inert. Thread-safe, though cmark-gfm's parsing
 * step runs under a process-wide lock (its extension tables are global). CONG_EINVAL if md
 * is not UTF-8, CONG_ENOMEM if out fails.
 */
enum cong_err render_markdown(const char *md, size_t len, struct buf *out);
/*
 * Appends to out a safe copy of an HTML fragment: only allowlisted elements and attributes
 * survive (paragraphs, headings, lists, tables, emphasis, links, images, figures with
 * captions, quotes, code); href/src only with http, https, mailto or relative URLs; no style,
 * no event handlers; alignment only as align="..." or the classes align-left|center|right|
 * justify; script, style, iframe and the like are dropped with their content, except an
 * iframe of a YouTube video on https://www.youtube-nocookie.com/embed/ID, rewritten with
 * Cổng's own attributes; links get rel="noopener". CONG_EINVAL if html is not UTF-8.
 */
enum cong_err render_sanitize_html(const char *html, size_t len, struct buf *out);
/*
 * Appends the plain text of an HTML fragment (tags dropped, entities decoded, script and the
 * like dropped with their content): whitespace runs become one space and block boundaries
 * one line break, with none at either end. CONG_EINVAL if html is not UTF-8.
 */
enum cong_err render_html_to_text(const char *html, size_t len, struct buf *out);

#endif
