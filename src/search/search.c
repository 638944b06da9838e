/*
 * Search: query normalisation, Telex decoding, and marking matches on accented text. The
 * index holds text folded by text_fold; queries are folded the same way, so "dang vien",
 * "Đảng viên" and "ĐẢNG VIÊN" are the same words. To mark matches on the original text, each
 * of its code points is folded on its own (for Vietnamese, folding is one character to one
 * letter, and a combining mark folds to nothing and stays with its letter), which maps every
 * folded word back to the bytes it came from. Where folding one character at a time would
 * differ from folding the whole text, a word simply goes unmarked: the excerpt stays correct.
 */
#include "search.h"
#include "../i18n/i18n.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../render/render.h"

/* Text beyond this many bytes is not scanned for an excerpt: articles are far shorter. */
#define SCAN_MAX ((size_t)256 << 10)
/* Words of context kept before the first match of an excerpt. */
#define CONTEXT_WORDS 4
/* Matches tried as the start of an excerpt. */
#define ANCHORS_MAX 256

/* Letters, digits and private-use characters make words, as in the index's tokenizer. */
static bool is_word_cp(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_CO:
        return true;
    default:
        return false;
    }
}

static bool is_mark_cp(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);

    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/*
 * Folds one code point as text_fold folds text: decomposed, marks stripped, case folded, đ
 * as d. Writes at most cap code points to dst and returns how many (0 for a mark), or -1.
 */
static int fold_cp(utf8proc_int32_t cp, utf8proc_int32_t *dst, int cap)
{
    int boundclass = 0;
    utf8proc_ssize_t n;

    n = utf8proc_decompose_char(cp, dst, cap,
                                UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD,
                                &boundclass);
    if (n < 0 || n > cap)
        return -1;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        if (dst[i] == 0x0111)
            dst[i] = 'd';
    }
    return (int)n;
}

static void add_cp(struct buf *b, utf8proc_int32_t cp)
{
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, enc);

    buf_add(b, enc, (size_t)n);
}

/* Query parsing. */

bool search_telex_fold(const char *w, size_t n, struct buf *out)
{
    size_t start = out->len, i;
    bool vowel = false;

    if (n < 2)
        return false;
    for (i = 0; i < n; i++) {
        if (w[i] < 'a' || w[i] > 'z')
            return false;
    }
    for (i = 0; i < n; i++) {
        char c = w[i], next = i + 1 < n ? w[i + 1] : '\0';
        if (next == c && (c == 'd' || c == 'a' || c == 'e' || c == 'o')) {
            /* dd is đ; aa, ee, oo are â, ê, ô: folded, one letter */
            buf_putc(out, c);
            vowel = vowel || c != 'd';
            i++;
            continue;
        }
        if (c == 'w') {
            /* aw, ow, uw are ă, ơ, ư; a lone w is ư */
            char prev = out->len > start ? out->data[out->len - 1] : '\0';
            if (prev != 'a' && prev != 'o' && prev != 'u')
                buf_putc(out, 'u');
            vowel = true;
            continue;
        }
        if (vowel && strchr("sfrxjz", c))
            continue; /* a tone letter: no Vietnamese syllable has one after its vowel */
        buf_putc(out, c);
        if (strchr("aeiouy", c))
            vowel = true;
    }
    if (buf_error(out) || !vowel ||
        (out->len - start == n && !memcmp(out->data + start, w, n))) {
        /* undo: data is the static "" until a first append, so only write to our memory */
        out->len = start;
        if (out->cap > start)
            out->data[start] = '\0';
        return false;
    }
    return true;
}

enum cong_err search_query_parse(struct arena *ar, const char *text, size_t len,
                                 struct search_query *out)
{
    struct buf fold, alt;
    const utf8proc_uint8_t *p;
    size_t i, chars = 0, cut_len, wstart = 0, pos;
    bool in_word = false;
    enum cong_err rc = CONG_OK;

    memset(out, 0, sizeof(*out));
    if (!text_is_utf8(text, len))
        return CONG_EINVAL;
    text = text_trim(text, &len);
    /* cut at a character boundary: count lead bytes */
    for (cut_len = 0; cut_len < len; cut_len++) {
        if (((unsigned char)text[cut_len] & 0xC0) != 0x80) {
            if (chars == SEARCH_QUERY_MAX_CHARS)
                break;
            chars++;
        }
    }
    out->cut = cut_len < len;
    text = text_trim(text, &cut_len); /* the cut may end on a space */
    out->text = arena_strndup(ar, text, cut_len);
    if (!out->text)
        return CONG_ENOMEM;

    buf_init(&fold, SEARCH_QUERY_MAX_CHARS * 16);
    buf_init(&alt, SEARCH_QUERY_MAX_CHARS * 4);
    rc = text_fold(text, cut_len, &fold);
    if (rc != CONG_OK)
        goto out;
    p = (const utf8proc_uint8_t *)fold.data;
    /* one pass over the folded text; pos == fold.len closes the last word */
    for (pos = 0; pos <= fold.len;) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t step = 1;
        bool word = false;
        if (pos < fold.len) {
            step = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(fold.len - pos), &cp);
            if (step <= 0) {
                rc = CONG_EINVAL;
                goto out;
            }
            word = is_word_cp(cp);
        }
        if (word && !in_word) {
            wstart = pos;
            in_word = true;
        } else if (!word && in_word) {
            const char *w = fold.data + wstart;
            size_t wl = pos - wstart;
            bool seen = false;
            in_word = false;
            for (i = 0; i < out->nterms && !seen; i++) {
                seen = strlen(out->terms[i].word) == wl && !memcmp(out->terms[i].word, w, wl);
            }
            if (!seen) {
                if (out->nterms == SEARCH_TERMS_MAX) {
                    out->cut = true;
                    break;
                }
                struct store_search_term *t = &out->terms[out->nterms];
                t->word = arena_strndup(ar, w, wl);
                if (!t->word) {
                    rc = CONG_ENOMEM;
                    goto out;
                }
                buf_reset(&alt);
                if (search_telex_fold(w, wl, &alt)) {
                    t->alt = arena_strndup(ar, alt.data, alt.len);
                    if (!t->alt) {
                        rc = CONG_ENOMEM;
                        goto out;
                    }
                }
                out->nterms++;
            }
        }
        pos += (size_t)step;
    }
out:
    buf_release(&fold);
    buf_release(&alt);
    if (rc != CONG_OK) {
        const char *keep = out->text;
        memset(out, 0, sizeof(*out));
        out->text = keep;
    }
    return rc;
}

/* Scanning text into words, each mapped to its original bytes. */

struct span {
    size_t ob, oe; /* original bytes [ob, oe) */
    size_t cb, ce; /* original code points [cb, ce) */
    size_t fb, fe; /* folded bytes in struct scan's fold */
    int term;      /* index of the matching term, or -1 */
};

struct scan {
    struct span *w;
    size_t n, cap;
    struct buf fold;
    size_t len;     /* bytes scanned */
    size_t chars;   /* code points scanned */
    bool truncated; /* text went on past SCAN_MAX */
    bool failed;
};

static void scan_release(struct scan *s)
{
    free(s->w);
    buf_release(&s->fold);
}

static struct span *scan_push(struct scan *s)
{
    struct span *grown;

    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        grown = realloc(s->w, ncap * sizeof(*grown));
        if (!grown) {
            s->failed = true;
            return NULL;
        }
        s->w = grown;
        s->cap = ncap;
    }
    return &s->w[s->n++];
}

/* The term a folded word matches (its word or its alternative), or -1. */
static int term_of(const struct search_query *q, const char *w, size_t n)
{
    for (size_t i = 0; i < q->nterms; i++) {
        const struct store_search_term *t = &q->terms[i];
        if (strlen(t->word) == n && !memcmp(t->word, w, n))
            return (int)i;
        if (t->alt && strlen(t->alt) == n && !memcmp(t->alt, w, n))
            return (int)i;
    }
    return -1;
}

/* Splits text (valid UTF-8) into words with their folded form; false on memory failure. */
static bool scan_text(const char *text, size_t len, const struct search_query *q,
                      struct scan *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    utf8proc_int32_t f[16];
    struct span *cur = NULL;
    size_t pos = 0, chars = 0;

    memset(s, 0, sizeof(*s));
    buf_init(&s->fold, 0);
    s->truncated = len > SCAN_MAX;
    if (s->truncated) {
        /* stop on a character boundary */
        len = SCAN_MAX;
        while (len > 0 && (p[len] & 0xC0) == 0x80)
            len--;
    }
    while (pos < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(len - pos), &cp);
        int nf, i;
        bool word = false;

        if (step <= 0)
            return false; /* checked UTF-8 before: cannot happen */
        nf = fold_cp(cp, f, (int)(sizeof(f) / sizeof(f[0])));
        for (i = 0; i < nf; i++)
            word = word || is_word_cp(f[i]);
        if (word) {
            if (!cur) {
                cur = scan_push(s);
                if (!cur)
                    return false;
                cur->ob = pos;
                cur->cb = chars;
                cur->fb = s->fold.len;
                cur->term = -1;
            }
            for (i = 0; i < nf; i++) {
                if (is_word_cp(f[i]))
                    add_cp(&s->fold, f[i]);
            }
        } else if (!(cur && (nf == 0 || is_mark_cp(cp)))) {
            /* anything but a mark ends a word; a mark stays with its letter (NFD input) */
            if (cur) {
                cur->fe = s->fold.len;
                cur->term = term_of(q, s->fold.data + cur->fb, cur->fe - cur->fb);
            }
            cur = NULL;
        }
        pos += (size_t)step;
        chars++;
        if (cur) {
            cur->oe = pos;
            cur->ce = chars;
        }
    }
    if (cur) {
        cur->fe = s->fold.len;
        cur->term = term_of(q, s->fold.data + cur->fb, cur->fe - cur->fb);
    }
    s->len = len;
    s->chars = chars;
    return buf_error(&s->fold) == CONG_OK && !s->failed;
}

/* Writing escaped text with whitespace runs as one space. */
struct emitter {
    struct buf *out;
    bool space; /* the last thing written was a space (or nothing yet) */
};

static void emit(struct emitter *e, const char *s, size_t n)
{
    size_t i = 0, run;

    while (i < n) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
            if (!e->space)
                buf_putc(e->out, ' ');
            e->space = true;
            i++;
            continue;
        }
        for (run = i; run < n && s[run] != ' ' && s[run] != '\n' && s[run] != '\t' &&
                      s[run] != '\r';
             run++)
            ;
        buf_add_html(e->out, s + i, run - i);
        e->space = false;
        i = run;
    }
}

/* Writes text[from, to) escaped, with the words of spans [a, b) that match marked. */
static bool emit_marked(struct emitter *e, const char *text, size_t from, size_t to,
                        const struct scan *s, size_t a, size_t b)
{
    size_t pos = from;
    bool marked = false;

    for (size_t i = a; i < b; i++) {
        const struct span *w = &s->w[i];
        if (w->term < 0)
            continue;
        emit(e, text + pos, w->ob - pos);
        buf_puts(e->out, "<mark>");
        buf_add_html(e->out, text + w->ob, w->oe - w->ob);
        buf_puts(e->out, "</mark>");
        e->space = false;
        pos = w->oe;
        marked = true;
    }
    emit(e, text + pos, to - pos);
    return marked;
}

bool search_highlight(const char *text, size_t len, const struct search_query *q,
                      struct buf *out)
{
    struct emitter e = {out, true};
    struct scan s;
    bool marked = false;

    if (!text_is_utf8(text, len) || !q || q->nterms == 0) {
        emit(&e, text, len);
        return false;
    }
    if (!scan_text(text, len, q, &s)) {
        scan_release(&s);
        emit(&e, text, len);
        return false;
    }
    marked = emit_marked(&e, text, 0, s.len, &s, 0, s.n);
    if (s.truncated)
        emit(&e, text + s.len, len - s.len);
    scan_release(&s);
    return marked;
}

/* The first span whose words from a on still fit in max_chars, exclusive. */
static size_t window_end(const struct scan *s, size_t a, size_t max_chars)
{
    size_t b = a;

    while (b < s->n && s->w[b].ce - s->w[a].cb <= max_chars)
        b++;
    return b > a ? b : a + 1; /* one word longer than the window is still shown */
}

/* The score of the window of spans [a, window_end): distinct terms first, then matches. */
static unsigned window_score(const struct scan *s, size_t a, size_t b, unsigned *distinct)
{
    uint32_t seen = 0;
    unsigned count = 0;

    *distinct = 0;
    for (size_t i = a; i < b; i++) {
        if (s->w[i].term < 0)
            continue;
        count++;
        if (!(seen & (1u << s->w[i].term))) {
            seen |= 1u << s->w[i].term;
            (*distinct)++;
        }
    }
    return *distinct * 1024 + (count < 1024 ? count : 1023);
}

size_t search_snippet(const char *text, size_t len, const struct search_query *q,
                      size_t max_chars, struct buf *out)
{
    static const struct search_query none = {0};
    struct emitter e = {out, true};
    struct scan s;
    size_t best_a = 0, best_b, anchors = 0, from, to;
    unsigned best_score, best_distinct, distinct, score;
    bool whole;

    if (!text_is_utf8(text, len)) {
        emit(&e, text, len > max_chars ? max_chars : len);
        return 0;
    }
    if (!q)
        q = &none;
    if (!scan_text(text, len, q, &s) || s.n == 0) {
        /* no words (only punctuation), or no memory to find them: the start, unmarked */
        size_t cut = 0, chars = 0;
        while (cut < len && chars < max_chars) {
            cut++;
            while (cut < len && ((unsigned char)text[cut] & 0xC0) == 0x80)
                cut++;
            chars++;
        }
        emit(&e, text, cut);
        if (cut < len)
            buf_puts(out, _("…"));
        scan_release(&s);
        return 0;
    }
    /* the start of the text wins ties: an excerpt reads best from the beginning */
    best_score = window_score(&s, 0, window_end(&s, 0, max_chars), &best_distinct);
    for (size_t m = 0; m < s.n && anchors < ANCHORS_MAX; m++) {
        size_t a;
        if (s.w[m].term < 0)
            continue;
        anchors++;
        a = m > CONTEXT_WORDS ? m - CONTEXT_WORDS : 0;
        score = window_score(&s, a, window_end(&s, a, max_chars), &distinct);
        if (score > best_score) {
            best_score = score;
            best_distinct = distinct;
            best_a = a;
        }
    }
    best_b = window_end(&s, best_a, max_chars);
    whole = best_b == s.n && !s.truncated;
    from = best_a == 0 ? 0 : s.w[best_a].ob;
    to = whole ? s.len : s.w[best_b - 1].oe;
    if (best_a > 0) {
        buf_puts(out, _("…"));
        e.space = false;
    }
    (void)emit_marked(&e, text, from, to, &s, best_a, best_b);
    if (!whole) {
        /* no space before the ellipsis: trailing whitespace was already folded into one */
        if (e.space && out->len && out->data[out->len - 1] == ' ')
            out->data[--out->len] = '\0';
        buf_puts(out, _("…"));
    }
    scan_release(&s);
    return best_distinct;
}

/* Running a search. */

/*
 * The excerpt of one result: from the summary or the body, whichever holds more of the
 * query's words (the summary on a tie: it was written to be read first), else the start of
 * the summary, else of the body.
 */
static enum cong_err excerpt(struct arena *ar, const struct search_query *q,
                             const struct article *a, struct buf *tmp, const char **out)
{
    struct buf text, body;
    const char *summary = a->summary ? a->summary : "";
    const char *html = a->body_html ? a->body_html : "";
    size_t in_summary = 0, in_body = 0;
    enum cong_err rc;

    *out = NULL;
    buf_reset(tmp);
    buf_init(&text, (size_t)4 << 20);
    buf_init(&body, (size_t)1 << 20);
    if (*summary)
        in_summary = search_snippet(summary, strlen(summary), q, SEARCH_SNIPPET_CHARS, tmp);
    if (in_summary < q->nterms) {
        /* a body that does not parse still leaves the summary to show */
        rc = render_html_to_text(html, strlen(html), &text);
        if (rc == CONG_OK && !buf_error(&text))
            in_body = search_snippet(text.data, text.len, q, SEARCH_SNIPPET_CHARS, &body);
    }
    if (in_body > in_summary || (!*summary && buf_error(&body) == CONG_OK)) {
        buf_reset(tmp);
        buf_add(tmp, body.data, body.len);
    }
    buf_release(&text);
    buf_release(&body);
    if (buf_error(tmp))
        return CONG_ENOMEM;
    *out = arena_strndup(ar, tmp->data, tmp->len);
    return *out ? CONG_OK : CONG_ENOMEM;
}

enum cong_err search_articles(struct store *st, struct arena *ar, const struct search_query *q,
                              const struct search_filter *f, size_t offset, size_t limit,
                              struct search_result **out, size_t *n, size_t *total)
{
    struct store_search_hit *hits;
    struct search_result *res;
    struct buf tmp;
    size_t nh, i;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    if (q->nterms == 0)
        return CONG_OK;
    struct store_search_query sq = {
        .terms = q->terms,
        .nterms = q->nterms,
        .phrase_boost = q->nterms > 1,
        .category_id = f->category_id,
        .from = f->from,
        .to = f->to,
        .published_only = f->published_only,
        .with_shared = f->with_shared,
        .now = f->now,
        .offset = offset,
        .limit = limit,
    };
    rc = store_search_articles(st, ar, &sq, &hits, &nh, total);
    if (rc != CONG_OK || nh == 0)
        return rc;
    res = arena_alloc(ar, nh * sizeof(*res));
    if (!res)
        return CONG_ENOMEM;
    buf_init(&tmp, (size_t)1 << 20);
    for (i = 0; i < nh && rc == CONG_OK; i++) {
        const char *title = hits[i].article.title ? hits[i].article.title : "";
        res[i].article = hits[i].article;
        res[i].rank = hits[i].rank;
        buf_reset(&tmp);
        (void)search_highlight(title, strlen(title), q, &tmp);
        res[i].title_html = buf_error(&tmp) ? NULL : arena_strndup(ar, tmp.data, tmp.len);
        if (!res[i].title_html)
            rc = CONG_ENOMEM;
        if (rc == CONG_OK)
            rc = excerpt(ar, q, &res[i].article, &tmp, &res[i].excerpt_html);
    }
    buf_release(&tmp);
    if (rc != CONG_OK)
        return rc;
    *out = res;
    *n = nh;
    return CONG_OK;
}
