/*
 * Fuzzes the search query parser: the input is what a visitor typed in the search box. It is
 * parsed (folding, Telex, cutting), then used to mark itself (search_highlight) and to cut an
 * excerpt of itself (search_snippet), as the results page does with titles and bodies; each
 * word of the input also goes through search_telex_fold.
 */
#include "fuzz.h"

#include "search/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct arena a;
    struct search_query q;
    struct buf out;

    arena_init(&a, 4 << 20);
    buf_init(&out, 1 << 20);
    if (search_query_parse(&a, s, size, &q) == CONG_OK) {
        search_highlight(s, size, &q, &out);
        buf_reset(&out);
        search_snippet(s, size, &q, SEARCH_SNIPPET_CHARS, &out);
        buf_reset(&out);
        search_snippet(s, size, &q, 7, &out);
        buf_reset(&out);
    }
    for (size_t i = 0, start = 0; i <= size; i++) {
        if (i == size || s[i] == ' ') {
            search_telex_fold(s + start, i - start, &out);
            start = i + 1;
        }
    }
    buf_release(&out);
    arena_release(&a);
    return 0;
}
