/*
 * Unit tests of the store's editorial work through store.h: an article's owner, tags and
 * review note; the admin's filters of store_list_articles, alone and combined; deleting an
 * article with everything that hangs on it; saving with a revision and the expected-revision
 * check; reading revisions back; autosaves; updating and deleting categories; and a portal of
 * schema 5 brought up to date. Each test works in a temporary directory of its own, removed at
 * its end. Raw SQLite is used only to look at rows no store function reads (the viewers of an
 * article) and to forge a schema-5 database from a fresh one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "store/store.h"

#define NOW 1700000000

struct fixture {
    char dir[64];
    char path[128];
    struct arena arena;
    struct store *st;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct cong_error err = {0};
    int n;

    if (!f)
        return -1;
    n = snprintf(f->dir, sizeof(f->dir), "/tmp/test_store_editorial.XXXXXX");
    if (n < 0 || (size_t)n >= sizeof(f->dir) || !mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    n = snprintf(f->path, sizeof(f->path), "%s/cong.db", f->dir);
    if (n < 0 || (size_t)n >= sizeof(f->path)) {
        free(f);
        return -1;
    }
    arena_init(&f->arena, 0);
    if (store_open(f->path, STORE_OPEN_CREATE, &f->st, &err) != CONG_OK) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        arena_release(&f->arena);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    int rc;

    store_free(f->st);
    arena_release(&f->arena);
    rc = nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

static int64_t add_user(struct store *st, const char *name, const char *display_name)
{
    struct user u = {
        .name = name,
        .display_name = display_name,
        .role = "author",
        .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        .created_at = NOW,
    };
    int64_t id = 0;

    assert_int_equal(store_add_user(st, &u, &id), CONG_OK);
    assert_true(id > 0);
    return id;
}

static int64_t add_category(struct store *st, const char *slug, int64_t parent_id)
{
    struct category c = {.slug = slug, .name = slug, .parent_id = parent_id};
    int64_t id = 0;

    assert_int_equal(store_add_category(st, &c, &id), CONG_OK);
    return id;
}

/* A folded word, as the content module makes it from what a user typed. */
static const char *fold(struct fixture *f, const char *typed)
{
    struct buf b;
    char *out;

    buf_init(&b, 0);
    assert_int_equal(text_fold(typed, strlen(typed), &b), CONG_OK);
    out = arena_strndup(&f->arena, b.data, b.len);
    buf_release(&b);
    assert_non_null(out);
    return out;
}

/* An article for the filters: title also indexed (folded), owner and status given. */
static int64_t add_article(struct fixture *f, int64_t category_id, const char *title,
                           enum article_status status, int64_t published_at, int64_t owner_id)
{
    struct article a = {
        .category_id = category_id,
        .status = status,
        .published_at = published_at,
        .title = title,
        .slug = "bai-viet",
        .body_md = "Nội dung",
        .body_html = "<p>Nội dung</p>",
        .owner_id = owner_id,
        .search_title = fold(f, title),
    };
    int64_t id = 0;

    assert_int_equal(store_add_article(f->st, &a, &id), CONG_OK);
    return id;
}

/* The ids q lists (at most 16), and checks that *total agrees with an unpaged count. */
static size_t list_ids(struct fixture *f, const struct article_query *q, int64_t ids[16],
                       size_t *total)
{
    struct article *rows = NULL;
    size_t n = 0, i;

    assert_int_equal(store_list_articles(f->st, &f->arena, q, &rows, &n, total), CONG_OK);
    assert_true(n <= 16);
    for (i = 0; i < n; i++)
        ids[i] = rows[i].id;
    return n;
}

/* Asserts q lists exactly the n ids given (in that order) with a total of n. */
static void expect_list(struct fixture *f, const struct article_query *q, size_t n, ...)
{
    int64_t ids[16];
    size_t got, total = 99, i;
    va_list ap;

    got = list_ids(f, q, ids, &total);
    assert_int_equal(got, n);
    assert_int_equal(total, n);
    va_start(ap, n);
    for (i = 0; i < n; i++)
        assert_int_equal(ids[i], va_arg(ap, int64_t));
    va_end(ap);
}

/* Owner, tags and review note. */

static void article_owner_tags_round_trip(void **state)
{
    struct fixture *f = *state;
    int64_t cat = add_category(f->st, "tin-tuc", 0);
    int64_t an = add_user(f->st, "an", "Nguyễn Văn An");
    int64_t binh = add_user(f->st, "binh", "");
    struct article in = {
        .category_id = cat,
        .published_at = NOW,
        .title = "Thông báo",
        .slug = "thong-bao",
        .owner_id = an,
        .tags = "giáo dục,tuyển sinh",
        .review_note = "Cần thêm ảnh",
        .search_title = "thong bao",
    };
    struct store_search_term word = {.word = "thong"};
    struct store_search_query sq = {.terms = &word, .nterms = 1, .limit = 10};
    struct store_search_hit *hits = NULL;
    struct article out;
    struct article *rows = NULL;
    struct article_query q = {.limit = 10};
    size_t n = 0;
    int64_t id = 0, plain;

    assert_int_equal(store_add_article(f->st, &in, &id), CONG_OK);
    assert_int_equal(store_get_article(f->st, &f->arena, id, &out), CONG_OK);
    assert_int_equal(out.owner_id, an);
    assert_string_equal(out.owner_name, "Nguyễn Văn An"); /* the display name */
    assert_string_equal(out.tags, "giáo dục,tuyển sinh");
    assert_string_equal(out.review_note, "Cần thêm ảnh");
    /* its history starts with a "create" revision by nobody logged in, holding its fields */
    {
        struct article_revision *revs = NULL, rev;
        size_t nrev = 0, total = 0;

        assert_int_equal(store_list_revisions(f->st, &f->arena, id, 0, 10, &revs, &nrev, &total),
                         CONG_OK);
        assert_int_equal(total, 1);
        assert_string_equal(revs[0].action, "create");
        assert_int_equal(revs[0].user_id, 0);
        assert_int_equal(store_get_revision(f->st, &f->arena, revs[0].id, &rev), CONG_OK);
        assert_string_equal(rev.tags, "giáo dục,tuyển sinh");
        assert_string_equal(rev.body_md, ""); /* NULL optional text is kept as "" */
    }
    /* search results carry them too */
    assert_int_equal(store_search_articles(f->st, &f->arena, &sq, &hits, &n, NULL), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(hits[0].article.owner_id, an);
    assert_string_equal(hits[0].article.owner_name, "Nguyễn Văn An");
    assert_string_equal(hits[0].article.tags, "giáo dục,tuyển sinh");
    assert_string_equal(hits[0].article.review_note, "Cần thêm ảnh");

    /* a new owner without a display name reads as the login name; tags and note replaced */
    in.id = id;
    in.owner_id = binh;
    in.tags = NULL;
    in.review_note = "";
    assert_int_equal(store_update_article(f->st, &in), CONG_OK);
    assert_int_equal(store_get_article(f->st, &f->arena, id, &out), CONG_OK);
    assert_int_equal(out.owner_id, binh);
    assert_string_equal(out.owner_name, "binh");
    assert_string_equal(out.tags, "");
    assert_string_equal(out.review_note, "");

    /* no owner (the command line): 0 and "" */
    plain = add_article(f, cat, "Không chủ", ARTICLE_DRAFT, NOW - 10, 0);
    assert_int_equal(store_get_article(f->st, &f->arena, plain, &out), CONG_OK);
    assert_int_equal(out.owner_id, 0);
    assert_string_equal(out.owner_name, "");
    assert_string_equal(out.tags, "");
    assert_string_equal(out.review_note, "");

    /* listings carry the same fields */
    assert_int_equal(store_list_articles(f->st, &f->arena, &q, &rows, &n, NULL), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, id);
    assert_string_equal(rows[0].owner_name, "binh");
    assert_int_equal(rows[1].owner_id, 0);
    assert_string_equal(rows[1].owner_name, "");

    /* an owner that is no user is refused */
    in.id = 0;
    in.owner_id = 9999;
    assert_int_equal(store_add_article(f->st, &in, &id), CONG_EINVAL);
}

/* The admin's filters. */

struct corpus {
    int64_t cat_a, cat_b, u1, u2;
    int64_t draft, pending, published, scheduled, old;
};

static void corpus_make(struct fixture *f, struct corpus *c)
{
    c->cat_a = add_category(f->st, "giao-duc", 0);
    c->cat_b = add_category(f->st, "thong-bao", 0);
    c->u1 = add_user(f->st, "an", "An");
    c->u2 = add_user(f->st, "binh", "Bình");
    c->draft = add_article(f, c->cat_a, "Tuyển sinh lớp 10", ARTICLE_DRAFT, NOW - 100, c->u1);
    c->pending = add_article(f, c->cat_b, "Lịch thi học kỳ", ARTICLE_PENDING, NOW - 200, c->u2);
    c->published =
        add_article(f, c->cat_a, "Kết quả TUYỂN SINH", ARTICLE_PUBLISHED, NOW - 300, c->u1);
    c->scheduled =
        add_article(f, c->cat_b, "Đón năm học mới", ARTICLE_PUBLISHED, NOW + 1000, c->u2);
    c->old = add_article(f, c->cat_a, "Đảng viên mới", ARTICLE_PUBLISHED, NOW - 100000, 0);
}

static void list_filter_status_mask(void **state)
{
    struct fixture *f = *state;
    struct corpus c;
    struct article_query q = {.limit = 10};

    corpus_make(f, &c);
    q.status_mask = 1u << ARTICLE_DRAFT;
    expect_list(f, &q, 1, c.draft);
    q.status_mask = 1u << ARTICLE_PENDING;
    expect_list(f, &q, 1, c.pending);
    q.status_mask = (1u << ARTICLE_DRAFT) | (1u << ARTICLE_PENDING);
    expect_list(f, &q, 2, c.draft, c.pending);
    q.status_mask = 1u << ARTICLE_PUBLISHED;
    expect_list(f, &q, 3, c.scheduled, c.published, c.old);
    q.status_mask = 7u; /* every status: no filter */
    expect_list(f, &q, 5, c.scheduled, c.draft, c.pending, c.published, c.old);
    q.status_mask = 1u << 5; /* no status there is */
    expect_list(f, &q, 0);
}

static void list_filter_scheduled_owner_dates(void **state)
{
    struct fixture *f = *state;
    struct corpus c;
    struct article_query q = {.limit = 10, .now = NOW};

    corpus_make(f, &c);
    q.scheduled_only = true;
    expect_list(f, &q, 1, c.scheduled);
    q.now = NOW + 2000; /* its minute has come: no longer scheduled */
    expect_list(f, &q, 0);

    q = (struct article_query){.limit = 10, .owner_id = c.u1};
    expect_list(f, &q, 2, c.draft, c.published);
    q.owner_id = c.u2;
    expect_list(f, &q, 2, c.scheduled, c.pending);
    q.owner_id = 9999;
    expect_list(f, &q, 0);

    /* [from, to): the lower bound is in, the upper out */
    q = (struct article_query){.limit = 10, .from = NOW - 300, .to = NOW - 100};
    expect_list(f, &q, 2, c.pending, c.published);
    q = (struct article_query){.limit = 10, .from = NOW};
    expect_list(f, &q, 1, c.scheduled);
    q = (struct article_query){.limit = 10, .to = NOW - 1000};
    expect_list(f, &q, 1, c.old);
}

static void list_filter_terms_folded(void **state)
{
    struct fixture *f = *state;
    struct corpus c;
    struct store_search_term terms[3] = {{0}};
    struct article_query q = {.limit = 10, .terms = terms};
    struct article *rows = NULL;
    size_t n = 9, total = 9;

    corpus_make(f, &c);
    /* the words as the content module hands them: folded from what the editor typed */
    terms[0].word = fold(f, "TUYỂN");
    assert_string_equal(terms[0].word, "tuyen");
    q.nterms = 1;
    expect_list(f, &q, 2, c.draft, c.published);
    terms[1].word = fold(f, "sinh");
    q.nterms = 2;
    expect_list(f, &q, 2, c.draft, c.published);
    terms[2].word = fold(f, "Kết");
    q.nterms = 3;
    expect_list(f, &q, 1, c.published);
    /* a word with an alternative spelling matches either */
    terms[0] = (struct store_search_term){.word = "dang", .alt = "don"};
    q.nterms = 1;
    expect_list(f, &q, 2, c.scheduled, c.old);
    /* match syntax in a word is only text: no error, no match */
    terms[0] = (struct store_search_term){.word = "tuyen\" OR \"lich"};
    expect_list(f, &q, 0);
    terms[0] = (struct store_search_term){.word = "NEAR(tuyen"};
    expect_list(f, &q, 0);

    /* an empty word or too many words is a bad query, not an empty page */
    terms[0] = (struct store_search_term){.word = ""};
    assert_int_equal(store_list_articles(f->st, &f->arena, &q, &rows, &n, &total), CONG_EINVAL);
    assert_null(rows);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    terms[0].word = "tuyen";
    q.nterms = STORE_SEARCH_TERMS_MAX + 1;
    assert_int_equal(store_list_articles(f->st, &f->arena, &q, &rows, &n, &total), CONG_EINVAL);
}

static void list_filters_combined(void **state)
{
    struct fixture *f = *state;
    struct corpus c;
    struct store_search_term term = {.word = "tuyen"};
    struct article_query q;
    struct article *rows = NULL;
    int64_t ids[16];
    size_t n, total = 0;

    corpus_make(f, &c);
    q = (struct article_query){
        .limit = 10, .status_mask = 1u << ARTICLE_PUBLISHED, .owner_id = c.u1};
    expect_list(f, &q, 1, c.published);
    q = (struct article_query){
        .limit = 10, .status_mask = 1u << ARTICLE_DRAFT, .terms = &term, .nterms = 1};
    expect_list(f, &q, 1, c.draft);
    q = (struct article_query){
        .limit = 10, .category_id = c.cat_a, .owner_id = c.u1, .published_only = true, .now = NOW};
    expect_list(f, &q, 1, c.published);
    q = (struct article_query){.limit = 10, .scheduled_only = true, .now = NOW, .owner_id = c.u1};
    expect_list(f, &q, 0);
    q = (struct article_query){.limit = 10,
                               .from = NOW - 1000,
                               .terms = &term,
                               .nterms = 1,
                               .category_id = c.cat_a,
                               .exclude_id = c.draft};
    expect_list(f, &q, 1, c.published);
    q = (struct article_query){.limit = 10,
                               .status_mask = (1u << ARTICLE_DRAFT) | (1u << ARTICLE_PUBLISHED),
                               .from = NOW - 1000,
                               .to = NOW};
    expect_list(f, &q, 2, c.draft, c.published);

    /* pages of a filtered list, with its total; bodies when asked */
    q = (struct article_query){.limit = 1, .offset = 1, .owner_id = c.u1, .with_body = true};
    n = list_ids(f, &q, ids, &total);
    assert_int_equal(n, 1);
    assert_int_equal(total, 2);
    assert_int_equal(ids[0], c.published);
    assert_int_equal(store_list_articles(f->st, &f->arena, &q, &rows, &n, NULL), CONG_OK);
    assert_string_equal(rows[0].body_html, "<p>Nội dung</p>");
    q.with_body = false;
    assert_int_equal(store_list_articles(f->st, &f->arena, &q, &rows, &n, NULL), CONG_OK);
    assert_null(rows[0].body_html);
    q.offset = 2;
    n = list_ids(f, &q, ids, &total);
    assert_int_equal(n, 0);
    assert_int_equal(total, 2);
    q = (struct article_query){.limit = 0, .owner_id = c.u2};
    n = list_ids(f, &q, ids, &total);
    assert_int_equal(n, 0);
    assert_int_equal(total, 2);
}

/* Deleting. */

static int64_t count_rows(struct fixture *f, const char *sql, int64_t id)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int64_t n;

    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_bind_int64(s, 1, id), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

static size_t search_count(struct fixture *f, const char *word)
{
    struct store_search_term t = {.word = word};
    struct store_search_query q = {.terms = &t, .nterms = 1, .limit = 10};
    struct store_search_hit *hits = NULL;
    size_t n = 0, total = 0;

    assert_int_equal(store_search_articles(f->st, &f->arena, &q, &hits, &n, &total), CONG_OK);
    return total;
}

static void delete_article_removes_everything(void **state)
{
    struct fixture *f = *state;
    int64_t cat = add_category(f->st, "tin", 0);
    int64_t u = add_user(f->st, "an", "An");
    struct article a = {
        .category_id = cat,
        .published_at = NOW - 10,
        .status = ARTICLE_PUBLISHED,
        .title = "Lễ khai giảng",
        .slug = "le-khai-giang",
        .search_title = "le khai giang",
    };
    struct revision_meta meta = {.user_id = u, .user_name = "an", .action = "create"};
    struct article_autosave as = {.user_id = u, .data = "{}"};
    struct article_autosave got;
    struct stats_hit hit = {
        .visitor = "0123456789abcdef0123456789abcdef",
        .day = "2023-11-14",
        .first_ts = NOW,
        .last_ts = NOW,
        .views = 1,
    };
    struct article out;
    struct article_revision *revs = NULL;
    size_t n = 9, total = 9;
    int64_t id = 0, other = 0, rev = 0, views = -1;

    assert_int_equal(store_save_article(f->st, &a, &meta, -1, &id, &rev), CONG_OK);
    a.search_title = "le be giang";
    assert_int_equal(store_save_article(f->st, &a, &meta, -1, &other, NULL), CONG_OK);
    as.article_id = id;
    assert_int_equal(store_put_autosave(f->st, &as), CONG_OK);
    as.article_id = other;
    assert_int_equal(store_put_autosave(f->st, &as), CONG_OK);
    hit.article_id = id;
    assert_int_equal(store_stats_apply(f->st, &hit, 1, 0), CONG_OK);
    assert_int_equal(store_article_views(f->st, id, &views), CONG_OK);
    assert_int_equal(views, 1);
    assert_int_equal(count_rows(f,
                                "SELECT count(*) FROM stats_article_viewers"
                                " WHERE article_id = ?1",
                                id),
                     1);
    assert_int_equal(search_count(f, "khai"), 1);

    assert_int_equal(store_delete_article(f->st, id, -1), CONG_OK);
    assert_int_equal(store_get_article(f->st, &f->arena, id, &out), CONG_ENOTFOUND);
    assert_int_equal(search_count(f, "khai"), 0);
    assert_int_equal(store_list_revisions(f->st, &f->arena, id, 0, 10, &revs, &n, &total), CONG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    assert_int_equal(store_get_revision(f->st, &f->arena, rev, (struct article_revision[1]){0}),
                     CONG_ENOTFOUND);
    assert_int_equal(store_get_autosave(f->st, &f->arena, id, u, &got), CONG_ENOTFOUND);
    assert_int_equal(store_article_views(f->st, id, &views), CONG_OK);
    assert_int_equal(views, 0);
    assert_int_equal(count_rows(f,
                                "SELECT count(*) FROM stats_article_viewers"
                                " WHERE article_id = ?1",
                                id),
                     0);

    /* the other article keeps all of its own */
    assert_int_equal(search_count(f, "giang"), 1);
    assert_int_equal(store_get_autosave(f->st, &f->arena, other, u, &got), CONG_OK);
    assert_int_equal(store_list_revisions(f->st, &f->arena, other, 0, 10, &revs, &n, &total),
                     CONG_OK);
    assert_int_equal(total, 1);

    assert_int_equal(store_delete_article(f->st, id, -1), CONG_ENOTFOUND);
    assert_int_equal(store_delete_article(f->st, 0, -1), CONG_ENOTFOUND);

    /* a conditional delete against a revision that is no longer the newest deletes nothing */
    assert_int_equal(store_latest_revision(f->st, other, &rev), CONG_OK);
    assert_int_equal(store_delete_article(f->st, other, rev + 1), CONG_EEXIST);
    assert_int_equal(store_get_article(f->st, &f->arena, other, &out), CONG_OK);
    assert_int_equal(search_count(f, "giang"), 1);
    assert_int_equal(store_delete_article(f->st, other, rev), CONG_OK);
    assert_int_equal(store_get_article(f->st, &f->arena, other, &out), CONG_ENOTFOUND);
}

/* Saving with revisions. */

static void save_article_checks_expected_revision(void **state)
{
    struct fixture *f = *state;
    int64_t cat = add_category(f->st, "tin", 0);
    int64_t u = add_user(f->st, "an", "An");
    struct article a = {
        .category_id = cat,
        .published_at = NOW,
        .title = "Bản đầu",
        .slug = "ban-dau",
        .body_md = "Một",
        .tags = "a,b",
        .owner_id = u,
        .search_title = "ban dau",
    };
    struct revision_meta meta = {.user_id = u, .user_name = "an", .action = "create"};
    struct article out;
    struct article_revision rv;
    size_t count = 0, before;
    int64_t id = 0, rev1 = 0, rev2 = 0, rev3 = 0, rev = 0, latest = -1;

    /* a new article has no revision: 0 is what an editor opening the empty form expects */
    assert_int_equal(store_save_article(f->st, &a, &meta, 0, &id, &rev1), CONG_OK);
    assert_true(id > 0);
    assert_true(rev1 > 0);
    assert_int_equal(store_latest_revision(f->st, id, &latest), CONG_OK);
    assert_int_equal(latest, rev1);
    assert_int_equal(store_get_article(f->st, &f->arena, id, &out), CONG_OK);
    assert_int_equal(out.owner_id, u);
    assert_int_equal(store_get_revision(f->st, &f->arena, rev1, &rv), CONG_OK);
    assert_int_equal(rv.article_id, id);
    assert_int_equal(rv.at, out.updated_at);
    assert_int_equal(rv.user_id, u);
    assert_string_equal(rv.user_name, "an");
    assert_string_equal(rv.action, "create");
    assert_string_equal(rv.note, "");
    assert_string_equal(rv.title, "Bản đầu");
    assert_string_equal(rv.tags, "a,b");
    assert_string_equal(rv.body_md, "Một");
    assert_string_equal(rv.category_name, "tin");

    /* saved from the newest revision: written */
    a.id = id;
    a.title = "Bản hai";
    a.search_title = "ban hai";
    meta.action = "save";
    meta.note = "sửa tiêu đề";
    assert_int_equal(store_save_article(f->st, &a, &meta, rev1, NULL, &rev2), CONG_OK);
    assert_true(rev2 > rev1);
    assert_int_equal(store_get_revision(f->st, &f->arena, rev2, &rv), CONG_OK);
    assert_string_equal(rv.note, "sửa tiêu đề");
    assert_int_equal(search_count(f, "hai"), 1);
    assert_int_equal(search_count(f, "dau"), 0);

    /* saved from a revision someone else has since replaced: refused, nothing written */
    a.title = "Bản ba";
    a.search_title = "ban ba";
    assert_int_equal(store_save_article(f->st, &a, &meta, rev1, &id, &rev), CONG_EEXIST);
    assert_int_equal(rev, 0);
    assert_int_equal(id, 0);
    assert_int_equal(store_get_article(f->st, &f->arena, a.id, &out), CONG_OK);
    assert_string_equal(out.title, "Bản hai");
    assert_int_equal(store_latest_revision(f->st, a.id, &latest), CONG_OK);
    assert_int_equal(latest, rev2);
    assert_int_equal(search_count(f, "ba"), 0);

    /* a new article expected to have a revision: refused, no article made */
    assert_int_equal(store_count_articles(f->st, &before), CONG_OK);
    a.id = 0;
    assert_int_equal(store_save_article(f->st, &a, &meta, 5, &id, &rev), CONG_EEXIST);
    assert_int_equal(store_count_articles(f->st, &count), CONG_OK);
    assert_int_equal(count, before);

    /* -1: written whatever the newest revision */
    a.id = out.id;
    assert_int_equal(store_save_article(f->st, &a, &meta, -1, NULL, &rev3), CONG_OK);
    assert_true(rev3 > rev2);

    /* no such article: not found, and no revision left behind */
    a.id = 9999;
    assert_int_equal(store_save_article(f->st, &a, &meta, -1, NULL, &rev), CONG_ENOTFOUND);
    assert_int_equal(store_latest_revision(f->st, 9999, &latest), CONG_OK);
    assert_int_equal(latest, 0);

    /* who and why are required; a bad field aborts the whole save */
    a.id = out.id;
    assert_int_equal(store_save_article(f->st, &a, NULL, -1, NULL, &rev), CONG_EINVAL);
    meta.action = NULL;
    assert_int_equal(store_save_article(f->st, &a, &meta, -1, NULL, &rev), CONG_EINVAL);
    meta.action = "save";
    a.category_id = 9999;
    assert_int_equal(store_save_article(f->st, &a, &meta, -1, NULL, &rev), CONG_EINVAL);
    assert_int_equal(store_latest_revision(f->st, out.id, &latest), CONG_OK);
    assert_int_equal(rev, 0);
    assert_int_equal(latest, rev3);
}

static void revisions_list_page_and_previous(void **state)
{
    struct fixture *f = *state;
    int64_t cat = add_category(f->st, "tin", 0);
    struct article a = {.category_id = cat, .published_at = NOW, .title = "T", .slug = "t"};
    struct revision_meta meta = {.action = "save"};
    struct article_revision *revs = NULL, rv;
    int64_t rev[5], id = 0, other = 0, other_rev = 0, latest = -1;
    char body[8];
    size_t n = 0, total = 0, i;

    for (i = 0; i < 5; i++) {
        snprintf(body, sizeof(body), "v%zu", i);
        a.body_md = body;
        /* id may point at the article's own id */
        assert_int_equal(store_save_article(f->st, &a, &meta, -1, &a.id, &rev[i]), CONG_OK);
        if (i == 0) {
            id = a.id;
            /* another article's revision in between must not show in this one's history */
            struct article b = a;
            b.id = 0;
            assert_int_equal(store_save_article(f->st, &b, &meta, -1, &other, &other_rev), CONG_OK);
        }
        a.id = id;
    }

    assert_int_equal(store_list_revisions(f->st, &f->arena, id, 0, 2, &revs, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 5);
    assert_int_equal(revs[0].id, rev[4]);
    assert_int_equal(revs[1].id, rev[3]);
    assert_null(revs[0].body_md);
    assert_string_equal(revs[0].category_name, "tin");
    assert_string_equal(revs[0].user_name, "");
    assert_int_equal(revs[0].user_id, 0);
    assert_int_equal(store_list_revisions(f->st, &f->arena, id, 4, 10, &revs, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(revs[0].id, rev[0]);
    assert_int_equal(store_list_revisions(f->st, &f->arena, id, 5, 10, &revs, &n, &total), CONG_OK);
    assert_int_equal(n, 0);
    assert_null(revs);
    assert_int_equal(total, 5);
    assert_int_equal(store_list_revisions(f->st, &f->arena, id, 0, 0, &revs, &n, NULL), CONG_OK);
    assert_int_equal(n, 0);

    assert_int_equal(store_get_revision(f->st, &f->arena, rev[2], &rv), CONG_OK);
    assert_string_equal(rv.body_md, "v2");
    assert_int_equal(store_get_previous_revision(f->st, &f->arena, rev[2], &rv), CONG_OK);
    assert_int_equal(rv.id, rev[1]);
    assert_string_equal(rv.body_md, "v1");
    /* rev[1] came after the other article's revision, yet its predecessor is rev[0] */
    assert_true(other_rev > rev[0] && other_rev < rev[1]);
    assert_int_equal(store_get_previous_revision(f->st, &f->arena, rev[1], &rv), CONG_OK);
    assert_int_equal(rv.id, rev[0]);
    assert_int_equal(store_get_previous_revision(f->st, &f->arena, rev[0], &rv), CONG_ENOTFOUND);
    assert_int_equal(rv.id, 0);
    assert_int_equal(store_get_previous_revision(f->st, &f->arena, other_rev, &rv), CONG_ENOTFOUND);
    assert_int_equal(store_get_previous_revision(f->st, &f->arena, 9999, &rv), CONG_ENOTFOUND);
    assert_int_equal(store_get_revision(f->st, &f->arena, 9999, &rv), CONG_ENOTFOUND);
    assert_int_equal(store_latest_revision(f->st, id, &latest), CONG_OK);
    assert_int_equal(latest, rev[4]);
}

/* Two editors who opened revision rev save at once: exactly one of them may win. */
struct racer {
    struct store *st;
    struct article a;
    int64_t expect;
    pthread_barrier_t *start;
    enum cong_err rc;
};

static void *race_save(void *arg)
{
    struct racer *r = arg;
    struct revision_meta meta = {.action = "save"};

    (void)pthread_barrier_wait(r->start);
    r->rc = store_save_article(r->st, &r->a, &meta, r->expect, NULL, NULL);
    return NULL;
}

static void save_article_race_has_one_winner(void **state)
{
    struct fixture *f = *state;
    int64_t cat = add_category(f->st, "tin", 0);
    struct article a = {.category_id = cat, .published_at = NOW, .title = "Gốc", .slug = "goc"};
    struct revision_meta meta = {.action = "create"};
    struct racer r[4];
    pthread_t th[4];
    pthread_barrier_t start;
    struct article_revision *revs = NULL;
    size_t n = 0, total = 0, wins, round, i;
    int64_t id = 0, rev = 0;

    assert_int_equal(store_save_article(f->st, &a, &meta, 0, &id, &rev), CONG_OK);
    for (round = 0; round < 5; round++) {
        assert_int_equal(pthread_barrier_init(&start, NULL, 4), 0);
        for (i = 0; i < 4; i++) {
            r[i] = (struct racer){.st = f->st, .a = a, .expect = rev, .start = &start};
            r[i].a.id = id;
            r[i].a.title = i % 2 ? "Một" : "Hai";
            assert_int_equal(pthread_create(&th[i], NULL, race_save, &r[i]), 0);
        }
        wins = 0;
        for (i = 0; i < 4; i++) {
            assert_int_equal(pthread_join(th[i], NULL), 0);
            if (r[i].rc == CONG_OK)
                wins++;
            else
                assert_int_equal(r[i].rc, CONG_EEXIST);
        }
        assert_int_equal(pthread_barrier_destroy(&start), 0);
        assert_int_equal(wins, 1);
        assert_int_equal(store_latest_revision(f->st, id, &rev), CONG_OK);
    }
    assert_int_equal(store_list_revisions(f->st, &f->arena, id, 0, 10, &revs, &n, &total), CONG_OK);
    assert_int_equal(total, 6);
}

/* Reads into an arena too small for them fail whole, their out-parameters cleared. */
static void reads_out_of_arena_are_enomem(void **state)
{
    struct fixture *f = *state;
    struct corpus c;
    struct arena small;
    struct store_search_term term = {.word = "tuyen"};
    struct article_query q = {.limit = 10, .owner_id = 0, .terms = &term, .nterms = 1};
    struct article *rows = (struct article *)1;
    struct article_revision *revs = (struct article_revision *)1, rv;
    struct article_autosave as = {.user_id = 0, .data = "{\"title\":\"một bản nháp dài\"}"};
    struct revision_meta meta = {.action = "save", .user_name = "an"};
    struct article a;
    size_t n = 9, total = 9;
    int64_t rev = 0;

    corpus_make(f, &c);
    assert_int_equal(store_get_article(f->st, &f->arena, c.draft, &a), CONG_OK);
    a.search_title = "tuyen sinh lop 10"; /* reads leave it NULL, and a save writes it */
    assert_int_equal(store_save_article(f->st, &a, &meta, -1, NULL, &rev), CONG_OK);
    as.article_id = c.draft;
    as.user_id = c.u1;
    assert_int_equal(store_put_autosave(f->st, &as), CONG_OK);

    arena_init(&small, 16);
    assert_int_equal(store_list_articles(f->st, &small, &q, &rows, &n, &total), CONG_ENOMEM);
    assert_null(rows);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    assert_int_equal(store_list_revisions(f->st, &small, c.draft, 0, 10, &revs, &n, &total),
                     CONG_ENOMEM);
    assert_null(revs);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    assert_int_equal(store_get_revision(f->st, &small, rev, &rv), CONG_ENOMEM);
    assert_null(rv.title);
    assert_int_equal(store_get_autosave(f->st, &small, c.draft, c.u1, &as), CONG_ENOMEM);
    assert_null(as.data);
    arena_release(&small);

    /* the store is none the worse: the same reads work with room */
    assert_int_equal(store_list_articles(f->st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(store_get_revision(f->st, &f->arena, rev, &rv), CONG_OK);
}

/* Autosaves. */

static void autosave_put_replace_get_delete(void **state)
{
    struct fixture *f = *state;
    int64_t cat = add_category(f->st, "tin", 0);
    int64_t an = add_user(f->st, "an", "");
    int64_t binh = add_user(f->st, "binh", "");
    int64_t id = add_article(f, cat, "Bài", ARTICLE_DRAFT, NOW, an);
    struct article_autosave as = {
        .article_id = id, .user_id = an, .saved_at = NOW, .data = "{\"title\":\"Nháp\"}"};
    struct article_autosave got;

    assert_int_equal(store_get_autosave(f->st, &f->arena, id, an, &got), CONG_ENOTFOUND);
    assert_int_equal(store_put_autosave(f->st, &as), CONG_OK);
    assert_int_equal(store_get_autosave(f->st, &f->arena, id, an, &got), CONG_OK);
    assert_int_equal(got.article_id, id);
    assert_int_equal(got.user_id, an);
    assert_int_equal(got.saved_at, NOW);
    assert_string_equal(got.data, "{\"title\":\"Nháp\"}");

    /* one per (article, user): a second put replaces it */
    as.saved_at = NOW + 30;
    as.data = "{\"title\":\"Nháp 2\"}";
    assert_int_equal(store_put_autosave(f->st, &as), CONG_OK);
    assert_int_equal(store_get_autosave(f->st, &f->arena, id, an, &got), CONG_OK);
    assert_int_equal(got.saved_at, NOW + 30);
    assert_string_equal(got.data, "{\"title\":\"Nháp 2\"}");
    assert_int_equal(store_get_autosave(f->st, &f->arena, id, binh, &got), CONG_ENOTFOUND);

    /* article 0: the form of an article not yet made, one per user too */
    as = (struct article_autosave){.article_id = 0, .user_id = binh, .data = "{}"};
    assert_int_equal(store_put_autosave(f->st, &as), CONG_OK);
    assert_int_equal(store_get_autosave(f->st, &f->arena, 0, binh, &got), CONG_OK);
    assert_true(got.saved_at > 0); /* 0: the store's clock */
    assert_string_equal(got.data, "{}");
    assert_int_equal(store_get_autosave(f->st, &f->arena, 0, an, &got), CONG_ENOTFOUND);

    assert_int_equal(store_delete_autosave(f->st, id, an), CONG_OK);
    assert_int_equal(store_get_autosave(f->st, &f->arena, id, an, &got), CONG_ENOTFOUND);
    assert_int_equal(store_delete_autosave(f->st, id, an), CONG_OK); /* none: not an error */
    assert_int_equal(store_get_autosave(f->st, &f->arena, 0, binh, &got), CONG_OK);

    /* a user that does not exist, or no data */
    as = (struct article_autosave){.article_id = id, .user_id = 9999, .data = "{}"};
    assert_int_equal(store_put_autosave(f->st, &as), CONG_EINVAL);
    as = (struct article_autosave){.article_id = id, .user_id = an, .data = NULL};
    assert_int_equal(store_put_autosave(f->st, &as), CONG_EINVAL);
}

/* Categories. */

static void category_update_rename_reparent_and_refusals(void **state)
{
    struct fixture *f = *state;
    int64_t root = add_category(f->st, "goc", 0);
    int64_t child = add_category(f->st, "con", root);
    int64_t grandchild = add_category(f->st, "chau", child);
    int64_t other = add_category(f->st, "khac", 0);
    struct category c, got;

    /* rename, describe, move under another parent, reorder */
    c = (struct category){.id = child,
                          .parent_id = other,
                          .position = 3,
                          .slug = "con-moi",
                          .name = "Con mới",
                          .description = "Mô tả"};
    assert_int_equal(store_update_category(f->st, &c), CONG_OK);
    assert_int_equal(store_get_category(f->st, &f->arena, child, &got), CONG_OK);
    assert_int_equal(got.parent_id, other);
    assert_int_equal(got.position, 3);
    assert_string_equal(got.slug, "con-moi");
    assert_string_equal(got.name, "Con mới");
    assert_string_equal(got.description, "Mô tả");
    /* to the top level */
    c.parent_id = 0;
    c.description = NULL;
    assert_int_equal(store_update_category(f->st, &c), CONG_OK);
    assert_int_equal(store_get_category(f->st, &f->arena, child, &got), CONG_OK);
    assert_int_equal(got.parent_id, 0);
    assert_string_equal(got.description, "");

    /* cycles: under itself, under its child or grandchild */
    c = (struct category){.id = root, .slug = "goc", .name = "Gốc", .parent_id = root};
    assert_int_equal(store_update_category(f->st, &c), CONG_EINVAL);
    c = (struct category){.id = child, .slug = "con-moi", .name = "Con", .parent_id = grandchild};
    assert_int_equal(store_update_category(f->st, &c), CONG_EINVAL);
    c = (struct category){.id = other, .slug = "khac", .name = "Khác", .parent_id = root};
    assert_int_equal(store_update_category(f->st, &c), CONG_OK);
    c = (struct category){.id = root, .slug = "goc", .name = "Gốc", .parent_id = other};
    assert_int_equal(store_update_category(f->st, &c), CONG_EINVAL);
    /* a parent that does not exist, a slug that is another's, a category that is not there */
    c = (struct category){.id = child, .slug = "con-moi", .name = "Con", .parent_id = 9999};
    assert_int_equal(store_update_category(f->st, &c), CONG_EINVAL);
    c = (struct category){.id = child, .slug = "khac", .name = "Con"};
    assert_int_equal(store_update_category(f->st, &c), CONG_EEXIST);
    c = (struct category){.id = 9999, .slug = "moi", .name = "Mới"};
    assert_int_equal(store_update_category(f->st, &c), CONG_ENOTFOUND);
    c = (struct category){.id = child, .slug = NULL, .name = "Con"};
    assert_int_equal(store_update_category(f->st, &c), CONG_EINVAL);

    /* none of the refusals changed anything */
    assert_int_equal(store_get_category(f->st, &f->arena, child, &got), CONG_OK);
    assert_int_equal(got.parent_id, 0);
    assert_string_equal(got.slug, "con-moi");
    assert_string_equal(got.name, "Con mới");
    assert_int_equal(store_get_category(f->st, &f->arena, root, &got), CONG_OK);
    assert_int_equal(got.parent_id, 0);
}

static void category_order_is_all_or_nothing(void **state)
{
    struct fixture *f = *state;
    int64_t a = add_category(f->st, "mot", 0);
    int64_t b = add_category(f->st, "hai", 0);
    int64_t child = add_category(f->st, "ba", a);
    struct category got;

    assert_int_equal(store_order_categories(f->st, 0, (int64_t[]){b, a}, 2), CONG_OK);
    assert_int_equal(store_get_category(f->st, &f->arena, b, &got), CONG_OK);
    assert_int_equal(got.position, 0);
    assert_string_equal(got.name, "hai"); /* only the position is written */
    assert_int_equal(store_get_category(f->st, &f->arena, a, &got), CONG_OK);
    assert_int_equal(got.position, 1);
    /* one that is not a child of that parent (or is gone) undoes the whole order */
    assert_int_equal(store_order_categories(f->st, 0, (int64_t[]){a, b, child}, 3), CONG_ENOTFOUND);
    assert_int_equal(store_order_categories(f->st, 0, (int64_t[]){a, 9999}, 2), CONG_ENOTFOUND);
    assert_int_equal(store_get_category(f->st, &f->arena, a, &got), CONG_OK);
    assert_int_equal(got.position, 1);
    assert_int_equal(store_get_category(f->st, &f->arena, b, &got), CONG_OK);
    assert_int_equal(got.position, 0);
    assert_int_equal(store_order_categories(f->st, a, (int64_t[]){child}, 1), CONG_OK);
}

static void category_delete_refused_while_in_use(void **state)
{
    struct fixture *f = *state;
    int64_t parent = add_category(f->st, "cha", 0);
    int64_t child = add_category(f->st, "con", parent);
    int64_t empty = add_category(f->st, "trong", 0);
    int64_t art = add_article(f, child, "Nháp", ARTICLE_DRAFT, NOW, 0);
    struct category got;
    size_t articles = 9, children = 9;

    assert_int_equal(store_category_usage(f->st, parent, &articles, &children), CONG_OK);
    assert_int_equal(articles, 0);
    assert_int_equal(children, 1);
    assert_int_equal(store_category_usage(f->st, child, &articles, &children), CONG_OK);
    assert_int_equal(articles, 1);
    assert_int_equal(children, 0);

    /* a draft is enough to keep it */
    assert_int_equal(store_delete_category(f->st, child), CONG_EEXIST);
    assert_int_equal(store_delete_category(f->st, parent), CONG_EEXIST);
    assert_int_equal(store_get_category(f->st, &f->arena, child, &got), CONG_OK);

    assert_int_equal(store_delete_category(f->st, empty), CONG_OK);
    assert_int_equal(store_get_category(f->st, &f->arena, empty, &got), CONG_ENOTFOUND);
    assert_int_equal(store_delete_category(f->st, empty), CONG_ENOTFOUND);

    /* emptied, bottom up, they go */
    assert_int_equal(store_delete_article(f->st, art, -1), CONG_OK);
    assert_int_equal(store_delete_category(f->st, child), CONG_OK);
    assert_int_equal(store_delete_category(f->st, parent), CONG_OK);
    assert_int_equal(store_category_usage(f->st, parent, &articles, &children), CONG_OK);
    assert_int_equal(articles, 0);
    assert_int_equal(children, 0);
}

/* Migration. */

/* The format of the body goes with the article and with each revision; Markdown unless said. */
static void body_format_round_trip(void **state)
{
    struct fixture *f = *state;
    int64_t cat = add_category(f->st, "tin-tuc", 0);
    struct article in = {
        .category_id = cat,
        .published_at = NOW,
        .title = "Bài trực quan",
        .slug = "bai-truc-quan",
        .body_md = "<p><strong>Đậm</strong></p>",
        .body_html = "<p><strong>Đậm</strong></p>",
        .body_format = ARTICLE_BODY_HTML,
    };
    struct revision_meta meta = {.action = "save"};
    struct article_revision rev;
    struct article out;
    int64_t id = 0, plain = 0, rev_id = 0;
    enum article_body_format fmt;

    assert_int_equal(store_add_article(f->st, &in, &id), CONG_OK);
    assert_int_equal(store_get_article(f->st, &f->arena, id, &out), CONG_OK);
    assert_int_equal(out.body_format, ARTICLE_BODY_HTML);
    assert_string_equal(out.body_md, "<p><strong>Đậm</strong></p>");
    /* saved back as Markdown: the article and its new revision say so */
    out.body_format = ARTICLE_BODY_MARKDOWN;
    out.body_md = "**Đậm**";
    assert_int_equal(store_save_article(f->st, &out, &meta, -1, NULL, &rev_id), CONG_OK);
    assert_int_equal(store_get_article(f->st, &f->arena, id, &out), CONG_OK);
    assert_int_equal(out.body_format, ARTICLE_BODY_MARKDOWN);
    assert_int_equal(store_get_revision(f->st, &f->arena, rev_id, &rev), CONG_OK);
    assert_int_equal(rev.body_format, ARTICLE_BODY_MARKDOWN);
    /* the revision before it kept HTML, so a restore renders it as it was written */
    assert_int_equal(store_get_previous_revision(f->st, &f->arena, rev_id, &rev), CONG_OK);
    assert_int_equal(rev.body_format, ARTICLE_BODY_HTML);
    /* an article written without saying is Markdown */
    in.body_format = ARTICLE_BODY_MARKDOWN;
    in.slug = "bai-thuong";
    assert_int_equal(store_add_article(f->st, &in, &plain), CONG_OK);
    assert_int_equal(store_get_article(f->st, &f->arena, plain, &out), CONG_OK);
    assert_int_equal(out.body_format, ARTICLE_BODY_MARKDOWN);
    assert_true(store_body_format_parse("html", &fmt) && fmt == ARTICLE_BODY_HTML);
    assert_true(store_body_format_parse("markdown", &fmt) && fmt == ARTICLE_BODY_MARKDOWN);
    assert_false(store_body_format_parse("HTML", &fmt));
    assert_false(store_body_format_parse(NULL, &fmt));
}

static void migration_from_schema_5_keeps_articles(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    int64_t id = 1;
    struct article out;
    struct article_revision *revs = NULL;
    sqlite3 *db = NULL;
    size_t n = 9;
    int64_t saved = 0;
    struct revision_meta meta = {.action = "save"};

    /* a portal of schema 5, made as Cổng of that version made it */
    store_free(f->st);
    f->st = NULL;
    assert_int_equal(unlink(f->path), 0);
    assert_int_equal(store_create_at_version(f->path, 5, &err), CONG_OK);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO categories (id, slug, name) VALUES (1, 'tin', 'Tin');"
                                  "INSERT INTO articles (id, category_id, status, published_at,"
                                  " created_at, updated_at, title, slug)"
                                  " VALUES (1, 1, 2, 1700000000, 1700000000, 1700000000,"
                                  " 'Bài cũ', 'bai-cu');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);

    assert_int_equal(store_open(f->path, 0, &f->st, &err), CONG_ESCHEMA);
    assert_int_equal(store_open(f->path, STORE_OPEN_MIGRATE, &f->st, &err), CONG_OK);
    assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
    assert_int_equal(store_get_article(f->st, &f->arena, id, &out), CONG_OK);
    assert_string_equal(out.title, "Bài cũ");
    assert_int_equal(out.owner_id, 0);
    assert_string_equal(out.owner_name, "");
    assert_string_equal(out.tags, "");
    assert_string_equal(out.review_note, "");
    assert_int_equal(store_list_revisions(f->st, &f->arena, id, 0, 10, &revs, &n, NULL), CONG_OK);
    assert_int_equal(n, 0);
    /* and it can be edited with revisions from then on */
    out.body_md = "mới";
    assert_int_equal(store_save_article(f->st, &out, &meta, 0, NULL, &saved), CONG_OK);
    assert_true(saved > 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(article_owner_tags_round_trip),
        T(list_filter_status_mask),
        T(list_filter_scheduled_owner_dates),
        T(list_filter_terms_folded),
        T(list_filters_combined),
        T(delete_article_removes_everything),
        T(save_article_checks_expected_revision),
        T(revisions_list_page_and_previous),
        T(save_article_race_has_one_winner),
        T(reads_out_of_arena_are_enomem),
        T(autosave_put_replace_get_delete),
        T(category_update_rename_reparent_and_refusals),
        T(category_order_is_all_or_nothing),
        T(category_delete_refused_while_in_use),
        T(migration_from_schema_5_keeps_articles),
        T(body_format_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
