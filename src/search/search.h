/*
 * The search module: Vietnamese full-text search that forgives missing accents. It turns
 * what a visitor typed into words the store can look up (folded: no diacritics, đ as d,
 * lowercase; cut to a bounded size; with a second reading for words typed in Telex), runs the
 * ranked search through the store, and marks the words found on the original, accented text
 * of titles and excerpts. A query is only ever text: quotes, operators, parentheses and the
 * like are separators here, and the store quotes every word it is given. The search page, the
 * search box portlet and the JSON API all search through this header; it knows no HTTP.
 */
#ifndef CONG_SEARCH_H
#define CONG_SEARCH_H

#include "../core/core.h"
#include "../store/store.h"

#define SEARCH_QUERY_MAX_CHARS 200 /* characters of a query kept; the rest is cut */
#define SEARCH_TERMS_MAX 16        /* words of a query kept; the rest is cut */
#define SEARCH_SNIPPET_CHARS 240   /* characters of an excerpt, about three lines */

_Static_assert(SEARCH_TERMS_MAX <= STORE_SEARCH_TERMS_MAX, "the store takes every word");

/* A query once normalised. Its strings live in the arena given to search_query_parse. */
struct search_query {
    const char *text; /* what the visitor typed, trimmed and cut: to show back in the form */
    struct store_search_term terms[SEARCH_TERMS_MAX];
    size_t nterms; /* 0: nothing to search for (empty, or only punctuation) */
    bool cut;      /* the input was longer than SEARCH_QUERY_MAX_CHARS or SEARCH_TERMS_MAX */
};

/*
 * Normalises text[0..len): trims it, cuts it to SEARCH_QUERY_MAX_CHARS characters, folds it
 * (text_fold: NFC or NFD alike, any case, diacritics dropped, đ/Đ as d), splits it into words
 * of letters and digits (everything else separates words, and is never syntax), drops
 * repeated words and keeps the first SEARCH_TERMS_MAX. A word that reads as Telex typing
 * without accents ("ddangr", "vieen", "truwowngf") gets its decoded form as an alternative
 * (term.alt: "dang", "vien", "truong"). CONG_EINVAL if text is not UTF-8; CONG_ENOMEM.
 */
enum cong_err search_query_parse(struct arena *ar, const char *text, size_t len,
                                 struct search_query *out);

/*
 * The decoded, folded form of a word typed in Telex: "dd" is d, doubled a/e/o and the
 * breve/horn "w" drop away ("w" alone is u), and a tone letter (s f r x j, or z) after the
 * word's first vowel is dropped. Appends it to out and returns true when it differs from the
 * word; false (out unchanged) for a word that is not lowercase ASCII letters or reads the
 * same. For tests and for search_query_parse.
 */
bool search_telex_fold(const char *word, size_t len, struct buf *out);

/*
 * Appends text[0..len) HTML-escaped with every word that matches a term of q (its word or its
 * alternative, compared folded) inside <mark>...</mark>; whitespace runs become one space.
 * Words are matched on the original characters, accented or not, NFC or NFD. Returns whether
 * any word was marked. Text that is not UTF-8 is appended escaped, without marks.
 */
bool search_highlight(const char *text, size_t len, const struct search_query *q,
                      struct buf *out);

/*
 * Appends an excerpt of at most max_chars characters of text[0..len), chosen where most of
 * q's words meet (the start of the text when it holds as many), HTML-escaped, matches in
 * <mark>, and "…" where the text was cut. With no match the excerpt is the start of the
 * text, unmarked. Returns how many of q's terms the excerpt marks (0: none). q may be NULL.
 */
size_t search_snippet(const char *text, size_t len, const struct search_query *q,
                      size_t max_chars, struct buf *out);

struct search_filter {
    int64_t category_id; /* 0: any */
    int64_t from, to;    /* published_at in [from, to); 0: no bound */
    bool published_only; /* the public's view: published and published_at <= now */
    bool with_shared;    /* also what other sites share to this one */
    int64_t now;
};

struct search_result {
    struct article article; /* its body_html is loaded; body_md is NULL */
    double rank;            /* lower is better */
    const char *title_html; /* the title escaped, its matching words marked */
    const char *excerpt_html; /* summary or body excerpt, escaped, matching words marked */
};

/*
 * Runs q with filter f: the articles holding every word, best first, results offset..limit
 * (limit at most STORE_LIST_MAX) in an array of *n from ar (NULL if none), and *total of them
 * all (see STORE_SEARCH_RANKED_MAX: a value over it means "more than that"; may be NULL). A
 * query without words gives no results and CONG_OK. Store errors pass on.
 */
enum cong_err search_articles(struct store *st, struct arena *ar, const struct search_query *q,
                              const struct search_filter *f, size_t offset, size_t limit,
                              struct search_result **out, size_t *n, size_t *total);

#endif
