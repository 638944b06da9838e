/*
 * What the search index keeps of an article: its title, summary and body as plain text,
 * folded the way queries are (text_fold: no diacritics, đ as d, lowercase), computed once at
 * save time so that searching never folds a document. Writing goes through the store with the
 * article itself; this file only prepares the text, and re-indexes articles the index lacks.
 */
#include "content.h"

#include <string.h>

#include "../render/render.h"

/* The folded copy of s[0..n) in ar, through scratch; NULL on failure with *rc set. */
static const char *fold_copy(struct arena *ar, const char *s, size_t n, struct buf *scratch,
                             enum cong_err *rc)
{
    const char *p;

    buf_reset(scratch);
    *rc = text_fold(s, n, scratch);
    if (*rc != CONG_OK)
        return NULL;
    p = arena_strndup(ar, scratch->data, scratch->len);
    if (!p)
        *rc = CONG_ENOMEM;
    return p;
}

enum cong_err content_search_fill(struct arena *ar, struct article *a)
{
    struct buf text, scratch;
    const char *title = a->title ? a->title : "", *summary = a->summary ? a->summary : "";
    const char *html = a->body_html ? a->body_html : "";
    enum cong_err rc = CONG_OK;

    /* folding may grow text (a ligature becomes two letters): room for a few times the body */
    buf_init(&text, (size_t)CONTENT_BODY_MAX * 4);
    buf_init(&scratch, (size_t)CONTENT_BODY_MAX * 8);
    a->search_title = fold_copy(ar, title, strlen(title), &scratch, &rc);
    if (rc == CONG_OK)
        a->search_summary = fold_copy(ar, summary, strlen(summary), &scratch, &rc);
    if (rc == CONG_OK)
        rc = render_html_to_text(html, strlen(html), &text);
    if (rc == CONG_OK)
        rc = buf_error(&text);
    if (rc == CONG_OK)
        a->search_body = fold_copy(ar, text.data, text.len, &scratch, &rc);
    if (rc != CONG_OK) {
        a->search_title = a->search_summary = a->search_body = NULL;
    }
    buf_release(&text);
    buf_release(&scratch);
    return rc;
}

enum cong_err content_search_reindex(struct store *st, size_t *count)
{
    struct arena ar;
    struct article a;
    int64_t *ids;
    size_t n, done = 0;
    enum cong_err rc;

    if (count)
        *count = 0;
    for (;;) {
        arena_init(&ar, 0);
        rc = store_list_unindexed(st, &ar, 100, &ids, &n);
        for (size_t i = 0; rc == CONG_OK && i < n; i++) {
            rc = store_get_article(st, &ar, ids[i], &a);
            if (rc == CONG_ENOTFOUND) {
                rc = CONG_OK; /* removed since the listing: nothing to index */
                continue;
            }
            if (rc == CONG_OK)
                rc = content_search_fill(&ar, &a);
            if (rc == CONG_EINVAL) {
                /* text that is not UTF-8 (written outside Cổng) is indexed empty, so the
                   article stops being listed as missing and the loop ends */
                a.search_title = a.search_summary = a.search_body = "";
                rc = CONG_OK;
            }
            if (rc == CONG_OK)
                rc = store_index_article(st, a.id, a.search_title, a.search_summary,
                                         a.search_body);
            if (rc == CONG_OK)
                done++;
        }
        arena_release(&ar);
        if (rc != CONG_OK || n == 0)
            break;
    }
    if (count)
        *count = done;
    return rc;
}
