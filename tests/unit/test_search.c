/*
 * Unit tests of the search module through search.h: query normalisation (folding, syntax as
 * plain separators, cuts, Telex), marking matches on accented text, excerpts, and a search
 * against a real store in a temporary directory, removed at the end. Articles are written
 * through store.h with their folded text filled by hand, as the content module would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_location.h"
#include "search/search.h"

static struct search_query parse(struct arena *ar, const char *text)
{
    struct search_query q;

    assert_int_equal(search_query_parse(ar, text, strlen(text), &q), CONG_OK);
    return q;
}

static void assert_terms(const struct search_query *q, const char *const *words, size_t n)
{
    assert_int_equal(q->nterms, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(q->terms[i].word, words[i]);
}

static void query_is_accent_and_case_insensitive(void **state)
{
    static const char *const spellings[] = {
        "dang vien", "Đảng viên", "ĐẢNG VIÊN", "đang vien",
        "\xc4\x90" "a\xcc\x89ng vie\xcc\x82n", /* NFD: marks as separate characters */
        "  Đảng   viên  ",
    };
    static const char *const want[] = {"dang", "vien"};
    struct arena ar;

    (void)state;
    arena_init(&ar, 0);
    for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
        struct search_query q = parse(&ar, spellings[i]);
        assert_terms(&q, want, 2);
        assert_false(q.cut);
    }
    arena_release(&ar);
}

static void query_syntax_is_only_text(void **state)
{
    static const char *const hostile[] = {
        "\"", "AND", "NEAR(", "*", "-x", "(((", "title:x", "a OR b NOT c", "^x", "\"a\" + {b}",
        ")", "x\"y", "NEAR(a b, 3)",
    };
    struct arena ar;

    (void)state;
    arena_init(&ar, 0);
    for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        struct search_query q = parse(&ar, hostile[i]);
        for (size_t t = 0; t < q.nterms; t++) {
            /* only letters and digits reach the store */
            for (const char *p = q.terms[t].word; *p; p++)
                assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'));
        }
    }
    struct search_query q = parse(&ar, "title:Học -viện \"AND\" NEAR(x*");
    static const char *const want[] = {"title", "hoc", "vien", "and", "near", "x"};
    assert_terms(&q, want, 6);
    arena_release(&ar);
}

static void query_empty_or_punctuation_has_no_terms(void **state)
{
    static const char *const empty[] = {"", "   ", "\"()*:-^", "… — !?"};
    struct arena ar;

    (void)state;
    arena_init(&ar, 0);
    for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
        struct search_query q = parse(&ar, empty[i]);
        assert_int_equal(q.nterms, 0);
        assert_non_null(q.text);
    }
    arena_release(&ar);
}

static void query_is_cut_and_deduplicated(void **state)
{
    struct arena ar;
    struct buf b;
    struct search_query q;

    (void)state;
    arena_init(&ar, 0);
    buf_init(&b, 0);
    for (int i = 0; i < 150; i++)
        buf_puts(&b, "đ "); /* 300 characters */
    q = parse(&ar, b.data);
    assert_true(q.cut);
    assert_int_equal(strlen(q.text), 99 * 3 + 2); /* 200 characters, trimmed: 100 "đ", 99 spaces */
    assert_int_equal(q.nterms, 1);
    assert_string_equal(q.terms[0].word, "d");
    buf_reset(&b);
    for (int i = 0; i < 20; i++)
        buf_printf(&b, "tu%d ", i);
    q = parse(&ar, b.data);
    assert_true(q.cut);
    assert_int_equal(q.nterms, SEARCH_TERMS_MAX);
    assert_string_equal(q.terms[15].word, "tu15");
    q = parse(&ar, "Hà Nội hà nội HÀ NỘI");
    assert_int_equal(q.nterms, 2);
    assert_false(q.cut);
    buf_release(&b);
    arena_release(&ar);
}

static void query_refuses_bad_utf8(void **state)
{
    struct arena ar;
    struct search_query q;

    (void)state;
    arena_init(&ar, 0);
    assert_int_equal(search_query_parse(&ar, "a\xff", 2, &q), CONG_EINVAL);
    assert_int_equal(q.nterms, 0);
    arena_release(&ar);
}

static void telex_words_get_their_decoded_reading(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"ddangr", "dang"},      {"vieen", "vien"},   {"truwowngf", "truong"},
        {"nguyeenx", "nguyen"}, {"hocj", "hoc"},     {"nhw", "nhu"},
        {"ddoongf", "dong"},    {"tieesng", "tieng"}, {"chinhs", "chinh"},
    };
    static const char *const plain[] = {"dang", "vien", "xin", "sang", "ra", "x", "ab1", "dd"};
    struct buf b;

    (void)state;
    buf_init(&b, 0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        buf_reset(&b);
        assert_true(search_telex_fold(cases[i].in, strlen(cases[i].in), &b));
        assert_string_equal(b.data, cases[i].out);
    }
    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        buf_reset(&b);
        assert_false(search_telex_fold(plain[i], strlen(plain[i]), &b));
        assert_int_equal(b.len, 0);
    }
    buf_release(&b);

    struct arena ar;
    arena_init(&ar, 0);
    struct search_query q = parse(&ar, "ddangr vieen dang");
    assert_int_equal(q.nterms, 3);
    assert_string_equal(q.terms[0].word, "ddangr");
    assert_string_equal(q.terms[0].alt, "dang");
    assert_string_equal(q.terms[1].alt, "vien");
    assert_null(q.terms[2].alt);
    arena_release(&ar);
}

static void highlight_marks_accented_words(void **state)
{
    static const char *const queries[] = {"dang vien", "ĐẢNG VIÊN", "ddangr vieen"};
    struct arena ar;
    struct buf b;

    (void)state;
    arena_init(&ar, 0);
    buf_init(&b, 0);
    for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        struct search_query q = parse(&ar, queries[i]);
        buf_reset(&b);
        const char *t = "Đảng viên gương mẫu, đảng bộ vững mạnh";
        assert_true(search_highlight(t, strlen(t), &q, &b));
        assert_string_equal(b.data, "<mark>Đảng</mark> <mark>viên</mark> gương mẫu, "
                                    "<mark>đảng</mark> bộ vững mạnh");
    }
    /* NFD text: the marks stay inside the highlighted word */
    struct search_query q = parse(&ar, "viên");
    const char *nfd2 = "Đa\xcc\x89ng vie\xcc\x82n.";
    buf_reset(&b);
    assert_true(search_highlight(nfd2, strlen(nfd2), &q, &b));
    assert_string_equal(b.data, "Đa\xcc\x89ng <mark>vie\xcc\x82n</mark>.");
    /* escaping, and words that only contain a term are not marked */
    q = parse(&ar, "dang");
    buf_reset(&b);
    const char *html = "<b>Đảng</b> & \"dangling\"";
    assert_true(search_highlight(html, strlen(html), &q, &b));
    assert_string_equal(b.data, "&lt;b&gt;<mark>Đảng</mark>&lt;/b&gt; &amp; &quot;dangling&quot;");
    buf_release(&b);
    arena_release(&ar);
}

static void snippet_centres_on_matches_and_marks_them(void **state)
{
    struct arena ar;
    struct buf text, b;
    struct search_query q;

    (void)state;
    arena_init(&ar, 0);
    buf_init(&text, 0);
    buf_init(&b, 0);
    for (int i = 0; i < 60; i++)
        buf_puts(&text, "Nội dung mở đầu không liên quan. ");
    buf_puts(&text, "Hội nghị học tập chuyên đề về công tác Đảng viên mới.\n\n");
    for (int i = 0; i < 60; i++)
        buf_puts(&text, "Phần kết thúc cũng không liên quan. ");
    q = parse(&ar, "cong tac dang vien");
    assert_int_equal(search_snippet(text.data, text.len, &q, 120, &b), 4);
    assert_non_null(strstr(b.data, "<mark>công</mark> <mark>tác</mark> <mark>Đảng</mark> "
                                   "<mark>viên</mark>"));
    assert_memory_equal(b.data, "…", strlen("…"));
    assert_string_equal(b.data + b.len - strlen("…"), "…");

    /* no match: the start of the text, unmarked */
    q = parse(&ar, "khongco");
    buf_reset(&b);
    assert_int_equal(search_snippet(text.data, text.len, &q, 40, &b), 0);
    assert_null(strstr(b.data, "<mark>"));
    assert_memory_equal(b.data, "Nội dung mở đầu", strlen("Nội dung mở đầu"));

    /* a short text is shown whole */
    buf_reset(&b);
    assert_int_equal(search_snippet("Đảng viên.", strlen("Đảng viên."), &q, 40, &b), 0);
    assert_string_equal(b.data, "Đảng viên.");
    buf_release(&text);
    buf_release(&b);
    arena_release(&ar);
}

/* A store in a temporary directory with three articles. */
struct fixture {
    char dir[64];
    char path[128];
    char location[256]; /* on PostgreSQL (test_location.h) */
    struct store *st;
    int64_t cat, other_cat;
    int64_t ids[4];
};

static int setup_store(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct cong_error err;
    int n;

    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/test_search.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    n = snprintf(f->path, sizeof(f->path), "%s/cong.db", f->dir);
    if (n < 0 || (size_t)n >= sizeof(f->path))
        return -1;
    const char *where = test_store_location(f->path, f->location, sizeof(f->location));
    if (!where || store_open(where, STORE_OPEN_CREATE, &f->st, &err) != CONG_OK) {
        fprintf(stderr, "store_open: %s\n", where ? err.msg : "no database");
        return -1;
    }
    struct category c1 = {.slug = "tin-tuc", .name = "Tin tức"};
    struct category c2 = {.slug = "dao-tao", .name = "Đào tạo"};
    if (store_add_category(f->st, &c1, &f->cat) || store_add_category(f->st, &c2, &f->other_cat))
        return -1;
    static const struct {
        const char *title, *summary, *body, *ftitle, *fsummary, *fbody;
        int status, cat, age;
    } arts[] = {
        {"Đảng viên gương mẫu", "Tóm tắt", "<p>Nội dung</p>", "dang vien guong mau", "tom tat",
         "noi dung", 2, 0, 100},
        {"Hội nghị cán bộ", "Về công tác đảng viên", "<p>Đảng viên và cán bộ</p>",
         "hoi nghi can bo", "ve cong tac dang vien", "dang vien va can bo", 2, 1, 50},
        {"Bản nháp về đảng viên", "", "", "ban nhap ve dang vien", "", "", 0, 0, 10},
        {"Lịch đảng viên sắp đăng", "", "", "lich dang vien sap dang", "", "", 2, 0, -1000},
    };
    for (size_t i = 0; i < 4; i++) {
        struct article a = {
            .category_id = arts[i].cat ? f->other_cat : f->cat,
            .status = (enum article_status)arts[i].status,
            .published_at = 1700000000 - arts[i].age,
            .title = arts[i].title,
            .slug = "bai",
            .summary = arts[i].summary,
            .body_html = arts[i].body,
            .search_title = arts[i].ftitle,
            .search_summary = arts[i].fsummary,
            .search_body = arts[i].fbody,
        };
        if (store_add_article(f->st, &a, &f->ids[i]) != CONG_OK)
            return -1;
    }
    *state = f;
    return 0;
}

static int teardown_store(void **state)
{
    struct fixture *f = *state;
    char p[160];

    store_free(f->st);
    for (const char *const *s = (const char *const[]){"", "-wal", "-shm", NULL}; *s; s++) {
        if (snprintf(p, sizeof(p), "%s%s", f->path, *s) > 0)
            unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static void search_ranks_title_first_and_hides_unpublished(void **state)
{
    struct fixture *f = *state;
    struct search_filter filt = {.published_only = true, .now = 1700000000};
    struct search_result *res;
    struct arena ar;
    size_t n, total;

    arena_init(&ar, 0);
    struct search_query q = parse(&ar, "ĐẢNG VIÊN");
    assert_int_equal(search_articles(f->st, &ar, &q, &filt, 0, 10, &res, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 2);
    assert_int_equal(res[0].article.id, f->ids[0]); /* in the title: first */
    assert_int_equal(res[1].article.id, f->ids[1]);
    assert_string_equal(res[0].title_html, "<mark>Đảng</mark> <mark>viên</mark> gương mẫu");
    assert_non_null(strstr(res[1].excerpt_html, "<mark>đảng</mark> <mark>viên</mark>"));

    /* editors see every state */
    filt.published_only = false;
    assert_int_equal(search_articles(f->st, &ar, &q, &filt, 0, 10, &res, &n, &total), CONG_OK);
    assert_int_equal(total, 4);

    /* category and dates */
    filt.published_only = true;
    filt.category_id = f->other_cat;
    assert_int_equal(search_articles(f->st, &ar, &q, &filt, 0, 10, &res, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(res[0].article.id, f->ids[1]);
    filt.category_id = 0;
    filt.from = 1700000000 - 60;
    assert_int_equal(search_articles(f->st, &ar, &q, &filt, 0, 10, &res, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(res[0].article.id, f->ids[1]);

    /* pagination */
    filt.from = 0;
    assert_int_equal(search_articles(f->st, &ar, &q, &filt, 1, 10, &res, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(total, 2);
    assert_int_equal(res[0].article.id, f->ids[1]);
    arena_release(&ar);
}

static void search_words_never_act_as_syntax(void **state)
{
    struct fixture *f = *state;
    struct search_filter filt = {.published_only = true, .now = 1700000000};
    struct store_search_hit *hits;
    struct search_result *res;
    struct arena ar;
    size_t n, total;
    static const char *const hostile[] = {"\"", "AND", "NEAR(", "*", "-x", "(((", "title:x",
                                          "dang OR", "NOT dang", "dang*", "^dang"};

    arena_init(&ar, 0);
    for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        struct search_query q = parse(&ar, hostile[i]);
        assert_int_equal(search_articles(f->st, &ar, &q, &filt, 0, 10, &res, &n, &total),
                         CONG_OK);
    }
    /* even words the store is handed directly are quoted, quotes and all */
    struct store_search_term terms[] = {{"dang\" OR \"x", NULL}, {"*", "NEAR("}};
    struct store_search_query sq = {.terms = terms, .nterms = 2, .published_only = true,
                                    .now = 1700000000, .limit = 10};
    assert_int_equal(store_search_articles(f->st, &ar, &sq, &hits, &n, &total), CONG_OK);
    assert_int_equal(n, 0);
    struct store_search_term empty[] = {{"", NULL}};
    sq.terms = empty;
    sq.nterms = 1;
    assert_int_equal(store_search_articles(f->st, &ar, &sq, &hits, &n, &total), CONG_EINVAL);
    sq.nterms = 0;
    assert_int_equal(store_search_articles(f->st, &ar, &sq, &hits, &n, &total), CONG_EINVAL);
    arena_release(&ar);
}

static void index_follows_updates(void **state)
{
    struct fixture *f = *state;
    struct search_filter filt = {.published_only = true, .now = 1700000000};
    struct search_result *res;
    struct article a;
    struct arena ar;
    size_t n, total;

    arena_init(&ar, 0);
    assert_int_equal(store_get_article(f->st, &ar, f->ids[0], &a), CONG_OK);
    assert_null(a.search_title); /* write-only */
    a.title = "Thư viện số";
    a.search_title = "thu vien so";
    a.search_summary = "";
    a.search_body = "";
    assert_int_equal(store_update_article(f->st, &a), CONG_OK);
    struct search_query q = parse(&ar, "thu vien");
    assert_int_equal(search_articles(f->st, &ar, &q, &filt, 0, 10, &res, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(res[0].article.id, f->ids[0]);
    q = parse(&ar, "guong mau");
    assert_int_equal(search_articles(f->st, &ar, &q, &filt, 0, 10, &res, &n, &total), CONG_OK);
    assert_int_equal(n, 0);
    /* and an unindexed article can be indexed later */
    int64_t *ids;
    assert_int_equal(store_list_unindexed(f->st, &ar, 10, &ids, &n), CONG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_index_article(f->st, 999, "x", "y", "z"), CONG_ENOTFOUND);
    arena_release(&ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(query_is_accent_and_case_insensitive),
        cmocka_unit_test(query_syntax_is_only_text),
        cmocka_unit_test(query_empty_or_punctuation_has_no_terms),
        cmocka_unit_test(query_is_cut_and_deduplicated),
        cmocka_unit_test(query_refuses_bad_utf8),
        cmocka_unit_test(telex_words_get_their_decoded_reading),
        cmocka_unit_test(highlight_marks_accented_words),
        cmocka_unit_test(snippet_centres_on_matches_and_marks_them),
        cmocka_unit_test_setup_teardown(search_ranks_title_first_and_hides_unpublished,
                                        setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(search_words_never_act_as_syntax, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(index_follows_updates, setup_store, teardown_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
