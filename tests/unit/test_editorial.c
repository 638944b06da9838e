/*
 * Unit tests of editorial work through content.h: the whole rule table (every role, own and
 * someone else's article, every state, every action), the writes that apply it (EPERM versus
 * ESTATE, stale revisions, restore, the audit trail), tags in their normal form, the line
 * diff (checked against a dynamic-programming LCS on random texts), and the category rules.
 * Store-backed tests run on a real SQLite file in a temporary directory, removed at the end.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "i18n/i18n.h"

#include "content/content.h"

#define NOW 1800000000

/* The rule table, written out by hand. */

enum who { W_GUEST, W_MEMBER, W_AUTHOR_OWN, W_AUTHOR_OTHER, W_EDITOR, W_PUBLISHER, W_ADMIN };

static struct content_actor actor_of(enum who w)
{
    static const enum auth_role roles[] = {AUTH_GUEST,  AUTH_MEMBER,    AUTH_AUTHOR, AUTH_AUTHOR,
                                           AUTH_EDITOR, AUTH_PUBLISHER, AUTH_ADMIN};
    return (struct content_actor){
        .user_id = w == W_GUEST ? 0 : 10 + (int64_t)w, .name = "x", .role = roles[w], .ip = ""};
}

/*
 * For each actor and state, seven answers: Edit, Delete, Submit, Approve, Reject, Publish,
 * Unpublish ('y' allowed). The article's owner is W_AUTHOR_OWN.
 */
static const struct {
    enum who who;
    const char *draft, *pending, *published;
} table[] = {
    {W_GUEST, "nnnnnnn", "nnnnnnn", "nnnnnnn"},
    {W_MEMBER, "nnnnnnn", "nnnnnnn", "nnnnnnn"},
    {W_AUTHOR_OWN, "yyynnnn", "nnnnnnn", "nnnnnnn"},
    {W_AUTHOR_OTHER, "nnnnnnn", "nnnnnnn", "nnnnnnn"},
    {W_EDITOR, "yyynnnn", "yynnynn", "ynnnnnn"},
    {W_PUBLISHER, "yyynnyn", "yynyyyn", "yynnnny"},
    {W_ADMIN, "yyynnyn", "yynyyyn", "yynnnny"},
};

static void rule_table_holds_for_every_role_state_and_action(void **state)
{
    static const enum content_action acts[] = {CONTENT_SUBMIT, CONTENT_APPROVE, CONTENT_REJECT,
                                               CONTENT_PUBLISH, CONTENT_UNPUBLISH};
    (void)state;
    for (size_t r = 0; r < sizeof(table) / sizeof(table[0]); r++) {
        struct content_actor who = actor_of(table[r].who);
        for (int s = 0; s < 3; s++) {
            const char *want = s == 0   ? table[r].draft
                               : s == 1 ? table[r].pending
                                        : table[r].published;
            struct article a = {.id = 1,
                                .status = (enum article_status)s,
                                .owner_id = actor_of(W_AUTHOR_OWN).user_id,
                                .published_at = NOW - 10};
            char got[8] = {0};
            got[0] = content_may_edit(&who, &a) ? 'y' : 'n';
            got[1] = content_may_delete(&who, &a) ? 'y' : 'n';
            for (size_t i = 0; i < 5; i++)
                got[2 + i] = content_may_transition(&who, &a, acts[i], NULL) ? 'y' : 'n';
            if (strcmp(got, want) != 0)
                fail_msg("actor %zu, state %d: got %s, want %s", r, s, got, want);
        }
    }
}

static void transitions_lead_where_the_table_says(void **state)
{
    struct content_actor pub = actor_of(W_PUBLISHER), ed = actor_of(W_EDITOR);
    struct article a = {.status = ARTICLE_DRAFT};
    enum article_status to = 99;

    (void)state;
    assert_true(content_may_transition(&ed, &a, CONTENT_SUBMIT, &to));
    assert_int_equal(to, ARTICLE_PENDING);
    assert_true(content_may_transition(&pub, &a, CONTENT_PUBLISH, &to));
    assert_int_equal(to, ARTICLE_PUBLISHED);
    a.status = ARTICLE_PENDING;
    assert_true(content_may_transition(&ed, &a, CONTENT_REJECT, &to));
    assert_int_equal(to, ARTICLE_DRAFT);
    assert_true(content_may_transition(&pub, &a, CONTENT_APPROVE, &to));
    assert_int_equal(to, ARTICLE_PUBLISHED);
    a.status = ARTICLE_PUBLISHED;
    assert_true(content_may_transition(&pub, &a, CONTENT_UNPUBLISH, &to));
    assert_int_equal(to, ARTICLE_DRAFT);
}

static void create_rules_by_role_and_status(void **state)
{
    static const struct {
        enum who who;
        const char *want; /* draft, pending, published */
    } rows[] = {
        {W_GUEST, "nnn"},  {W_MEMBER, "nnn"},    {W_AUTHOR_OWN, "yyn"},
        {W_EDITOR, "yyn"}, {W_PUBLISHER, "yyy"}, {W_ADMIN, "yyy"},
    };
    (void)state;
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        struct content_actor who = actor_of(rows[r].who);
        for (int s = 0; s < 3; s++)
            assert_int_equal(content_may_create(&who, (enum article_status)s),
                             rows[r].want[s] == 'y');
    }
}

static void action_names_parse_back_and_unknown_is_refused(void **state)
{
    enum content_action act;

    (void)state;
    for (int i = CONTENT_SUBMIT; i <= CONTENT_UNPUBLISH; i++) {
        assert_true(content_action_parse(content_action_name((enum content_action)i), &act));
        assert_int_equal(act, i);
        assert_true(strlen(content_action_label((enum content_action)i)) > 0);
    }
    assert_false(content_action_parse("Submit", &act));
    assert_false(content_action_parse("", &act));
    assert_false(content_action_parse(NULL, &act));
    struct article a = {.status = ARTICLE_PUBLISHED, .published_at = NOW + 60};
    assert_string_equal(content_status_label(&a, NOW), "Đã lên lịch");
    a.published_at = NOW;
    assert_string_equal(content_status_label(&a, NOW), "Đã đăng");
}

/* Tags. */

static void tags_are_trimmed_deduplicated_folded(void **state)
{
    struct arena ar;
    struct cong_error err;
    const char *out;

    (void)state;
    arena_init(&ar, 0);
    assert_int_equal(
        content_tags_normalise(&ar, "  a , b,, A ,Giáo dục, giáo dục , GIÁO DỤC,b ", &out, &err),
        CONG_OK);
    assert_string_equal(out, "a,b,Giáo dục");
    assert_int_equal(content_tags_normalise(&ar, NULL, &out, &err), CONG_OK);
    assert_string_equal(out, "");
    assert_int_equal(content_tags_normalise(&ar, " , ,\t, ", &out, &err), CONG_OK);
    assert_string_equal(out, "");
    assert_int_equal(content_tags_normalise(&ar, "x", &out, &err), CONG_OK);
    assert_string_equal(out, "x");
    arena_release(&ar);
}

static void tags_limits_and_bad_text_are_refused(void **state)
{
    struct arena ar;
    struct cong_error err;
    struct buf b;
    const char *out = "unset";

    (void)state;
    arena_init(&ar, 0);
    buf_init(&b, 1 << 16);
    for (int i = 0; i < CONTENT_TAGS_MAX; i++)
        buf_printf(&b, "%st%d", i ? "," : "", i);
    assert_int_equal(content_tags_normalise(&ar, b.data, &out, &err), CONG_OK);
    buf_puts(&b, ",one-more");
    assert_int_equal(content_tags_normalise(&ar, b.data, &out, &err), CONG_EINVAL);
    assert_null(out);
    assert_non_null(strstr(err.msg, "20"));
    /* a duplicate past the limit is not one more */
    buf_reset(&b);
    for (int i = 0; i < CONTENT_TAGS_MAX; i++)
        buf_printf(&b, "t%d,", i);
    buf_puts(&b, "T0");
    assert_int_equal(content_tags_normalise(&ar, b.data, &out, &err), CONG_OK);

    /* 60 characters of two bytes each pass; 61 do not */
    buf_reset(&b);
    for (int i = 0; i < CONTENT_TAG_LEN_MAX; i++)
        buf_puts(&b, "ệ");
    assert_int_equal(content_tags_normalise(&ar, b.data, &out, &err), CONG_OK);
    buf_puts(&b, "a");
    assert_int_equal(content_tags_normalise(&ar, b.data, &out, &err), CONG_EINVAL);
    assert_int_equal(content_tags_normalise(&ar, "ok,\xff\xfe", &out, &err), CONG_EINVAL);
    assert_int_equal(content_tags_normalise(&ar,
                                            "a\x01"
                                            "b",
                                            &out, &err),
                     CONG_EINVAL);
    /* whitespace inside a tag that is not a plain space is a control character */
    assert_int_equal(content_tags_normalise(&ar, "a\nb", &out, &err), CONG_EINVAL);
    buf_release(&b);
    arena_release(&ar);
}

/* Diff. */

static void assert_diff(const char *old, const char *new_, const char *want)
{
    struct arena ar;
    struct content_diff_line *d;
    size_t n;
    struct buf b;

    arena_init(&ar, 0);
    buf_init(&b, 1 << 16);
    assert_int_equal(content_diff(&ar, old, new_, &d, &n), CONG_OK);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%c%s|",
                   d[i].op == DIFF_SAME  ? ' '
                   : d[i].op == DIFF_DEL ? '-'
                                         : '+',
                   d[i].text);
    assert_string_equal(b.data, want);
    if (n == 0)
        assert_null(d);
    buf_release(&b);
    arena_release(&ar);
}

static void diff_simple_cases(void **state)
{
    (void)state;
    assert_diff(NULL, NULL, "");
    assert_diff("", "", "");
    assert_diff(NULL, "a\nb", "+a|+b|");
    assert_diff("a\nb\n", "", "-a|-b|");
    assert_diff("a\nb\nc\n", "a\nb\nc\n", " a| b| c|");
    assert_diff("a\nc\n", "a\nb\nc\n", " a|+b| c|");
    assert_diff("a\nb\nc\n", "a\nc\n", " a|-b| c|");
    assert_diff("a\nb\nc\n", "a\nx\nc\n", " a|-b|+x| c|");
    assert_diff("a\nb\n", "b\na\n", "-a| b|+a|");
    /* CRLF and LF endings compare equal; a missing last newline does not matter */
    assert_diff("a\r\nb\r\n", "a\nb", " a| b|");
    /* an empty line is a line; a lone '\r' inside a line is kept */
    assert_diff("a\n\nb\n", "a\nb\n", " a|-| b|");
    assert_diff("x\ry\n", "x\ry\n", " x\ry|");
}

/* The length of a longest common subsequence of a and b, by dynamic programming. */
static size_t lcs(const char *a, size_t na, const char *b, size_t nb)
{
    size_t *t = calloc((na + 1) * (nb + 1), sizeof(*t)), r;

    assert_non_null(t);
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++) {
            size_t up = t[(i - 1) * (nb + 1) + j], left = t[i * (nb + 1) + j - 1];
            t[i * (nb + 1) + j] = a[i - 1] == b[j - 1] ? t[(i - 1) * (nb + 1) + j - 1] + 1
                                  : up > left          ? up
                                                       : left;
        }
    }
    r = t[na * (nb + 1) + nb];
    free(t);
    return r;
}

/*
 * Random texts, one letter per line, over a small alphabet (lines repeat a lot) or a larger one
 * (many lines are on one side only): the script must rebuild both texts and be a shortest
 * one, with exactly na + nb - 2 * LCS edits.
 */
static void diff_is_a_shortest_edit_script(void **state)
{
    unsigned seed = 12345;

    (void)state;
    for (int round = 0; round < 400; round++) {
        char a[64], b[64], ta[160], tb[160], ra[64], rb[64];
        size_t na, nb, nra = 0, nrb = 0, edits = 0, pa = 0, pb = 0;
        struct arena ar;
        struct content_diff_line *d;
        size_t n;
        /* many letters: lines found on one side only, which the search leaves out */
        unsigned letters = round % 4 < 2 ? 4 : 16;

        seed = seed * 1103515245u + 12345u;
        na = (seed >> 16) % 40;
        seed = seed * 1103515245u + 12345u;
        nb = (seed >> 16) % 40;
        for (size_t i = 0; i < na; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i] = (char)('a' + (seed >> 16) % letters);
            ta[pa++] = a[i];
            ta[pa++] = '\n';
        }
        for (size_t i = 0; i < nb; i++) {
            seed = seed * 1103515245u + 12345u;
            /* half the rounds: b is a mutation of a, the other half unrelated */
            b[i] = round % 2 && i < na && (seed >> 20) % 4 ? a[i]
                                                           : (char)('a' + (seed >> 16) % letters);
            tb[pb++] = b[i];
            tb[pb++] = '\n';
        }
        ta[pa] = tb[pb] = '\0';
        arena_init(&ar, 0);
        assert_int_equal(content_diff(&ar, ta, tb, &d, &n), CONG_OK);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(strlen(d[i].text), 1);
            if (d[i].op != DIFF_ADD)
                ra[nra++] = d[i].text[0];
            if (d[i].op != DIFF_DEL)
                rb[nrb++] = d[i].text[0];
            edits += d[i].op != DIFF_SAME;
        }
        assert_int_equal(nra, na);
        assert_int_equal(nrb, nb);
        assert_memory_equal(ra, a, na);
        assert_memory_equal(rb, b, nb);
        assert_int_equal(edits, na + nb - 2 * lcs(a, na, b, nb));
        arena_release(&ar);
    }
}

static void diff_past_the_bound_is_all_removed_then_added(void **state)
{
    struct buf a, b;
    struct arena ar;
    struct content_diff_line *d;
    size_t n;

    (void)state;
    buf_init(&a, 1 << 20);
    buf_init(&b, 1 << 20);
    for (int i = 0; i < 20001; i++)
        buf_puts(&a, "same\n");
    buf_puts(&b, "same\n");
    arena_init(&ar, 0);
    assert_int_equal(content_diff(&ar, a.data, b.data, &d, &n), CONG_OK);
    assert_int_equal(n, 20002);
    assert_int_equal(d[0].op, DIFF_DEL);
    assert_int_equal(d[20000].op, DIFF_DEL);
    assert_int_equal(d[20001].op, DIFF_ADD);
    arena_release(&ar);
    buf_release(&a);
    buf_release(&b);
}


static void slugs_editors_may_type(void **state)
{
    (void)state;
    assert_true(content_slug_is_valid("tin-moi-2026"));
    assert_true(content_slug_is_valid("a"));
    assert_false(content_slug_is_valid(""));
    assert_false(content_slug_is_valid("-tin"));
    assert_false(content_slug_is_valid("tin-"));
    assert_false(content_slug_is_valid("tin--moi"));
    assert_false(content_slug_is_valid("Tin"));
    assert_false(content_slug_is_valid("tin moi"));
    assert_false(content_slug_is_valid("tin/moi"));
    assert_false(content_slug_is_valid("ti\xe1\xbb\x87n"));
    char long_slug[CONTENT_SLUG_MAX + 2];
    memset(long_slug, 'a', sizeof(long_slug) - 1);
    long_slug[CONTENT_SLUG_MAX + 1] = '\0';
    assert_false(content_slug_is_valid(long_slug));
    long_slug[CONTENT_SLUG_MAX] = '\0';
    assert_true(content_slug_is_valid(long_slug));
}

static void public_until_its_expiry(void **state)
{
    struct article a = {.status = ARTICLE_PUBLISHED, .published_at = NOW - 60};

    (void)state;
    assert_true(content_article_is_public(&a, NOW));
    a.expires_at = NOW + 60;
    assert_true(content_article_is_public(&a, NOW + 59));
    assert_false(content_article_is_expired(&a, NOW + 59));
    assert_false(content_article_is_public(&a, NOW + 60));
    assert_true(content_article_is_expired(&a, NOW + 60));
    assert_string_equal(content_status_label(&a, NOW + 60), "Đã hết hạn");
    a.status = ARTICLE_DRAFT;
    assert_false(content_article_is_expired(&a, NOW + 60));
}

/* Store-backed tests. */

struct fixture {
    char dir[64];
    char path[128];
    struct store *st;
    int64_t cat, other_cat;
    struct content_actor who[7];
};

static int setup_store(void **state)
{
    static const char *const names[] = {"guest",   "member",    "tacgia", "tacgia2",
                                        "bientap", "duyetdang", "quantri"};
    static const char *const roles[] = {"member", "member",    "author", "author",
                                        "editor", "publisher", "admin"};
    struct fixture *f = calloc(1, sizeof(*f));
    struct cong_error err;
    int n;

    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/test_editorial.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    n = snprintf(f->path, sizeof(f->path), "%s/cong.db", f->dir);
    if (n < 0 || (size_t)n >= sizeof(f->path))
        return -1;
    if (store_open(f->path, STORE_OPEN_CREATE, &f->st, &err) != CONG_OK)
        return -1;
    struct category c1 = {.slug = "tin-tuc", .name = "Tin tức"};
    struct category c2 = {.slug = "dao-tao", .name = "Đào tạo"};
    if (store_add_category(f->st, &c1, &f->cat) || store_add_category(f->st, &c2, &f->other_cat))
        return -1;
    for (int i = 0; i < 7; i++) {
        struct user u = {.name = names[i],
                         .display_name = names[i],
                         .role = roles[i],
                         .password_hash = "x",
                         .created_at = NOW};
        f->who[i] = actor_of((enum who)i);
        f->who[i].name = names[i];
        if (i == W_GUEST) {
            continue;
        }
        if (store_add_user(f->st, &u, &f->who[i].user_id) != CONG_OK)
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

static int64_t create(struct fixture *f, enum who w, const char *title, enum article_status s)
{
    struct article_edit e = {.title = title,
                             .body_md = "Dòng một\n\nDòng hai",
                             .category_slug = "tin-tuc",
                             .tags = "Giáo dục, tin",
                             .set_status = true,
                             .status = s};
    struct cong_error err = {0};
    int64_t id = 0;

    if (content_article_create(f->st, &f->who[w], &e, NOW, &id, &err) != CONG_OK)
        fail_msg("create: %s", err.msg);
    return id;
}

static struct article get(struct fixture *f, struct arena *ar, int64_t id)
{
    struct article a;

    assert_int_equal(store_get_article(f->st, ar, id, &a), CONG_OK);
    return a;
}

/* True if the audit log holds an entry with action whose target names article id. */
static bool audited(struct fixture *f, const char *action, const char *target_prefix)
{
    struct arena ar;
    struct audit_entry *e;
    size_t n;
    bool found = false;

    arena_init(&ar, 0);
    assert_int_equal(store_list_audit(f->st, &ar, 0, STORE_LIST_MAX, &e, &n, NULL), CONG_OK);
    for (size_t i = 0; i < n && !found; i++)
        found = !strcmp(e[i].action, action) &&
                !strncmp(e[i].target, target_prefix, strlen(target_prefix));
    arena_release(&ar);
    return found;
}

static const char *target(struct arena *ar, int64_t id)
{
    return arena_printf(ar, "#%lld ", (long long)id);
}

static void slugs_stay_unique_and_a_public_change_redirects(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct arena ar;
    struct article a, b;
    char *target_path = NULL;
    int64_t one = create(f, W_PUBLISHER, "Cùng một tiêu đề", ARTICLE_PUBLISHED);
    int64_t two = create(f, W_PUBLISHER, "Cùng một tiêu đề", ARTICLE_PUBLISHED);
    struct article_edit typed = {.slug = "dia-chi-rieng"};
    struct article_edit taken = {.slug = "cung-mot-tieu-de"};
    struct article_edit bad = {.slug = "Có Dấu"};

    arena_init(&ar, 0);
    a = get(f, &ar, one);
    b = get(f, &ar, two);
    assert_string_equal(a.slug, "cung-mot-tieu-de");
    assert_string_equal(b.slug, "cung-mot-tieu-de-2");
    /* a typed slug another article has is refused, nothing written */
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], two, &taken, -1, NOW, &err),
                     CONG_EEXIST);
    assert_string_equal(err.field, "slug");
    assert_string_equal(get(f, &ar, two).slug, "cung-mot-tieu-de-2");
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], two, &bad, -1, NOW, &err),
                     CONG_EINVAL);
    assert_string_equal(err.field, "slug");
    /* a public article's new address: the old one redirects to it */
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], two, &typed, -1, NOW, &err),
                     CONG_OK);
    b = get(f, &ar, two);
    assert_string_equal(b.slug, "dia-chi-rieng");
    assert_int_equal(store_get_redirect(f->st, &ar,
                                        arena_printf(&ar, "/bai-viet/%lld-cung-mot-tieu-de-2",
                                                     (long long)two),
                                        &target_path),
                     CONG_OK);
    assert_string_equal(target_path, content_article_path(&ar, &b));
    assert_true(audited(f, "redirect_added", "/bai-viet/"));
    /* other fields leave the slug as it is; a title change too */
    struct article_edit retitle = {.title = "Tiêu đề khác hẳn"};
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], two, &retitle, -1, NOW, &err),
                     CONG_OK);
    assert_string_equal(get(f, &ar, two).slug, "dia-chi-rieng");
    arena_release(&ar);
}

static void expiry_leaves_lists_at_its_second_and_is_a_due_time(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct arena ar;
    struct article *arts;
    size_t n;
    int64_t at = 0, id = create(f, W_PUBLISHER, "Hết hạn sau", ARTICLE_PUBLISHED);
    int64_t flagged = create(f, W_PUBLISHER, "Nổi bật", ARTICLE_PUBLISHED);
    struct article_edit e = {.set_expires_at = true, .expires_at = NOW + 100};
    struct article_edit early = {.set_expires_at = true, .expires_at = NOW - 100000};
    struct article_edit feat = {.set_featured = true, .featured = true};
    struct article_query q = {.published_only = true, .now = NOW + 99, .limit = 10};

    arena_init(&ar, 0);
    assert_int_equal(content_article_update(f->st, &f->who[W_PUBLISHER], id, &e, -1, NOW, &err),
                     CONG_OK);
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], flagged, &feat, -1, NOW,
                                            &err),
                     CONG_OK);
    /* before its published date: refused */
    assert_int_equal(content_article_update(f->st, &f->who[W_PUBLISHER], id, &early, -1, NOW,
                                            &err),
                     CONG_EINVAL);
    assert_string_equal(err.field, "expires_at");
    assert_int_equal(store_list_articles(f->st, &ar, &q, &arts, &n, NULL), CONG_OK);
    assert_int_equal(n, 2);
    q.now = NOW + 100;
    assert_int_equal(store_list_articles(f->st, &ar, &q, &arts, &n, NULL), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(arts[0].id, flagged);
    assert_int_equal(store_next_scheduled(f->st, NOW, &at), CONG_OK);
    assert_int_equal(at, NOW + 100);
    assert_int_equal(store_next_scheduled(f->st, NOW + 100, &at), CONG_OK);
    assert_int_equal(at, 0);
    /* the featured flag filters a list */
    q = (struct article_query){.published_only = true, .now = NOW, .limit = 10,
                               .featured_only = true};
    assert_int_equal(store_list_articles(f->st, &ar, &q, &arts, &n, NULL), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(arts[0].id, flagged);
    assert_true(arts[0].featured);
    arena_release(&ar);
}

static void create_sets_owner_tags_and_first_revision(void **state)
{
    struct fixture *f = *state;
    struct arena ar;
    struct article a;
    struct article_revision *revs;
    size_t n, total;
    int64_t id = create(f, W_AUTHOR_OWN, "  Bài của tác giả  ", ARTICLE_DRAFT);

    arena_init(&ar, 0);
    a = get(f, &ar, id);
    assert_string_equal(a.title, "Bài của tác giả");
    assert_int_equal(a.owner_id, f->who[W_AUTHOR_OWN].user_id);
    assert_string_equal(a.tags, "Giáo dục,tin");
    assert_int_equal(a.status, ARTICLE_DRAFT);
    assert_non_null(strstr(a.body_html, "<p>Dòng một</p>"));
    assert_int_equal(store_list_revisions(f->st, &ar, id, 0, 10, &revs, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(revs[0].action, "create");
    assert_int_equal(revs[0].user_id, f->who[W_AUTHOR_OWN].user_id);
    assert_true(audited(f, "article_created", target(&ar, id)));
    arena_release(&ar);
}

static void writes_refuse_with_perm_or_state(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct article_edit e = {
        .title = "X", .category_slug = "tin-tuc", .set_status = true, .status = ARTICLE_PUBLISHED};
    struct article_edit edit = {.title = "Đổi tên"};
    int64_t id = 0, own = create(f, W_AUTHOR_OWN, "Nháp", ARTICLE_DRAFT);
    int64_t pend = create(f, W_AUTHOR_OWN, "Chờ", ARTICLE_PENDING);
    struct arena ar;

    arena_init(&ar, 0);
    /* an author cannot publish: not by status on create, update, nor by transition */
    assert_int_equal(content_article_create(f->st, &f->who[W_AUTHOR_OWN], &e, NOW, &id, &err),
                     CONG_EPERM);
    assert_int_equal(id, 0);
    assert_int_equal(content_article_update(f->st, &f->who[W_AUTHOR_OWN], own, &e, -1, NOW, &err),
                     CONG_EPERM);
    assert_int_equal(content_article_transition(f->st, &f->who[W_AUTHOR_OWN], own, CONTENT_PUBLISH,
                                                NULL, NOW, &err),
                     CONG_EPERM);
    assert_int_equal(get(f, &ar, own).status, ARTICLE_DRAFT);
    /* members and guests write nothing */
    e.status = ARTICLE_DRAFT;
    assert_int_equal(content_article_create(f->st, &f->who[W_MEMBER], &e, NOW, &id, &err),
                     CONG_EPERM);
    assert_int_equal(content_article_create(f->st, &f->who[W_GUEST], &e, NOW, &id, &err),
                     CONG_EPERM);
    /* another author's draft is out of reach */
    assert_int_equal(
        content_article_update(f->st, &f->who[W_AUTHOR_OTHER], own, &edit, -1, NOW, &err),
        CONG_EPERM);
    assert_int_equal(content_article_transition(f->st, &f->who[W_AUTHOR_OTHER], own, CONTENT_SUBMIT,
                                                NULL, NOW, &err),
                     CONG_EPERM);
    assert_int_equal(content_article_delete(f->st, &f->who[W_AUTHOR_OTHER], own, &err), CONG_EPERM);
    /* an author's own pending article is out of their hands too */
    assert_int_equal(
        content_article_update(f->st, &f->who[W_AUTHOR_OWN], pend, &edit, -1, NOW, &err),
        CONG_EPERM);
    /* a right the role has, from the wrong state: ESTATE */
    assert_int_equal(content_article_transition(f->st, &f->who[W_PUBLISHER], own, CONTENT_APPROVE,
                                                NULL, NOW, &err),
                     CONG_ESTATE);
    assert_int_equal(content_article_transition(f->st, &f->who[W_PUBLISHER], own, CONTENT_UNPUBLISH,
                                                NULL, NOW, &err),
                     CONG_ESTATE);
    assert_int_equal(content_article_transition(f->st, &f->who[W_AUTHOR_OWN], pend, CONTENT_SUBMIT,
                                                NULL, NOW, &err),
                     CONG_ESTATE);
    /* an editor may not approve at all, whatever the state */
    assert_int_equal(content_article_transition(f->st, &f->who[W_EDITOR], pend, CONTENT_APPROVE,
                                                NULL, NOW, &err),
                     CONG_EPERM);
    assert_int_equal(content_article_transition(f->st, &f->who[W_EDITOR], 999999, CONTENT_SUBMIT,
                                                NULL, NOW, &err),
                     CONG_ENOTFOUND);
    /* a bad field is EINVAL and writes nothing */
    struct article_edit bad = {.category_slug = "khong-co"};
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], own, &bad, -1, NOW, &err),
                     CONG_EINVAL);
    assert_non_null(strstr(err.msg, "khong-co"));
    bad = (struct article_edit){.title = "   "};
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], own, &bad, -1, NOW, &err),
                     CONG_EINVAL);
    assert_string_equal(get(f, &ar, own).title, "Nháp");
    arena_release(&ar);
}

static void workflow_from_draft_to_published_with_audit(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct arena ar;
    struct article a;
    struct article_revision *revs;
    size_t n;
    int64_t id = create(f, W_AUTHOR_OWN, "Quy trình", ARTICLE_DRAFT);

    arena_init(&ar, 0);
    assert_int_equal(content_article_transition(f->st, &f->who[W_AUTHOR_OWN], id, CONTENT_SUBMIT,
                                                NULL, NOW + 10, &err),
                     CONG_OK);
    assert_int_equal(get(f, &ar, id).status, ARTICLE_PENDING);
    /* a rejection needs its note */
    assert_int_equal(content_article_transition(f->st, &f->who[W_EDITOR], id, CONTENT_REJECT, "  ",
                                                NOW + 20, &err),
                     CONG_EINVAL);
    assert_int_equal(content_article_transition(f->st, &f->who[W_EDITOR], id, CONTENT_REJECT,
                                                " Cần thêm ảnh ", NOW + 20, &err),
                     CONG_OK);
    a = get(f, &ar, id);
    assert_int_equal(a.status, ARTICLE_DRAFT);
    assert_string_equal(a.review_note, "Cần thêm ảnh");
    assert_int_equal(content_article_transition(f->st, &f->who[W_AUTHOR_OWN], id, CONTENT_SUBMIT,
                                                NULL, NOW + 30, &err),
                     CONG_OK);
    assert_int_equal(content_article_transition(f->st, &f->who[W_PUBLISHER], id, CONTENT_APPROVE,
                                                "Tốt", NOW + 40, &err),
                     CONG_OK);
    a = get(f, &ar, id);
    assert_int_equal(a.status, ARTICLE_PUBLISHED);
    /* it was dated at creation; approving makes it public now, dated now */
    assert_int_equal(a.published_at, NOW + 40);
    assert_int_equal(content_article_transition(f->st, &f->who[W_PUBLISHER], id, CONTENT_UNPUBLISH,
                                                NULL, NOW + 50, &err),
                     CONG_OK);
    assert_int_equal(get(f, &ar, id).status, ARTICLE_DRAFT);
    assert_int_equal(store_list_revisions(f->st, &ar, id, 0, 10, &revs, &n, NULL), CONG_OK);
    assert_int_equal(n, 6);
    assert_string_equal(revs[0].action, "unpublish");
    assert_string_equal(revs[1].action, "approve");
    assert_string_equal(revs[1].note, "Tốt");
    assert_string_equal(revs[3].action, "reject");
    assert_string_equal(revs[3].note, "Cần thêm ảnh");
    assert_string_equal(revs[5].action, "create");
    const char *t = target(&ar, id);
    assert_true(audited(f, "article_submitted", t));
    assert_true(audited(f, "article_rejected", t));
    assert_true(audited(f, "article_approved", t));
    assert_true(audited(f, "article_unpublished", t));
    arena_release(&ar);
}

static void scheduled_publish_keeps_its_future_date(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct arena ar;
    struct article_edit e = {.set_published_at = true, .published_at = NOW + 3600};
    int64_t id = create(f, W_EDITOR, "Lên lịch", ARTICLE_DRAFT);

    arena_init(&ar, 0);
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], id, &e, -1, NOW, &err),
                     CONG_OK);
    assert_int_equal(content_article_transition(f->st, &f->who[W_PUBLISHER], id, CONTENT_PUBLISH,
                                                NULL, NOW, &err),
                     CONG_OK);
    struct article a = get(f, &ar, id);
    assert_int_equal(a.status, ARTICLE_PUBLISHED);
    assert_int_equal(a.published_at, NOW + 3600);
    assert_string_equal(content_status_label(&a, NOW), "Đã lên lịch");
    assert_true(audited(f, "article_published", target(&ar, id)));

    /* an editor mends the text of a scheduled article, but its date is the publisher's:
     * neither brought forward (0 is now) nor moved; the same minute is no change */
    struct article_edit mend = {
        .title = "Lên lịch, đã sửa", .set_published_at = true, .published_at = NOW + 3600 + 30};
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], id, &mend, -1, NOW, &err),
                     CONG_OK);
    for (int64_t when = 0; when <= NOW + 7200; when += NOW + 7200) {
        struct article_edit move = {.set_published_at = true, .published_at = when};
        assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], id, &move, -1, NOW, &err),
                         CONG_EPERM);
    }
    a = get(f, &ar, id);
    assert_string_equal(a.title, "Lên lịch, đã sửa");
    assert_int_equal(a.published_at / 60, (NOW + 3600) / 60);
    struct article_edit now_please = {.set_published_at = true, .published_at = 0};
    assert_int_equal(
        content_article_update(f->st, &f->who[W_PUBLISHER], id, &now_please, -1, NOW, &err),
        CONG_OK);
    a = get(f, &ar, id);
    assert_int_equal(a.published_at, NOW);
    arena_release(&ar);
}

static void update_status_is_the_matching_transition(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct arena ar;
    struct article_revision *revs;
    size_t n;
    struct article_edit e = {
        .summary = "Tóm tắt mới", .set_status = true, .status = ARTICLE_PENDING};
    int64_t id = create(f, W_AUTHOR_OWN, "Sửa và gửi", ARTICLE_DRAFT);

    arena_init(&ar, 0);
    assert_int_equal(content_article_update(f->st, &f->who[W_AUTHOR_OWN], id, &e, -1, NOW, &err),
                     CONG_OK);
    struct article a = get(f, &ar, id);
    assert_int_equal(a.status, ARTICLE_PENDING);
    assert_string_equal(a.summary, "Tóm tắt mới");
    assert_string_equal(a.title, "Sửa và gửi"); /* unset fields stay */
    assert_string_equal(a.tags, "Giáo dục,tin");
    assert_int_equal(store_list_revisions(f->st, &ar, id, 0, 10, &revs, &n, NULL), CONG_OK);
    assert_string_equal(revs[0].action, "submit");
    assert_true(audited(f, "article_submitted", target(&ar, id)));
    /* pending back to draft by a status alone is refused: a rejection needs a note */
    e = (struct article_edit){.set_status = true, .status = ARTICLE_DRAFT};
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], id, &e, -1, NOW, &err),
                     CONG_EINVAL);
    e.status = ARTICLE_PUBLISHED;
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], id, &e, -1, NOW, &err),
                     CONG_EPERM);
    assert_int_equal(content_article_update(f->st, &f->who[W_PUBLISHER], id, &e, -1, NOW, &err),
                     CONG_OK);
    assert_int_equal(get(f, &ar, id).status, ARTICLE_PUBLISHED);
    assert_true(audited(f, "article_approved", target(&ar, id)));
    arena_release(&ar);
}

static void stale_revision_is_eexist_and_writes_nothing(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct arena ar;
    int64_t r1, r2, r3;
    struct article_edit e1 = {.title = "Bản của người thứ nhất"};
    struct article_edit e2 = {.title = "Bản của người thứ hai"};
    int64_t id = create(f, W_EDITOR, "Gốc", ARTICLE_DRAFT);

    arena_init(&ar, 0);
    assert_int_equal(store_latest_revision(f->st, id, &r1), CONG_OK);
    assert_true(r1 > 0);
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], id, &e1, r1, NOW, &err),
                     CONG_OK);
    assert_int_equal(store_latest_revision(f->st, id, &r2), CONG_OK);
    assert_true(r2 > r1);
    /* the second editor opened it at r1 too */
    assert_int_equal(content_article_update(f->st, &f->who[W_PUBLISHER], id, &e2, r1, NOW, &err),
                     CONG_EEXIST);
    assert_true(strlen(err.msg) > 0);
    assert_string_equal(get(f, &ar, id).title, "Bản của người thứ nhất");
    assert_int_equal(store_latest_revision(f->st, id, &r3), CONG_OK);
    assert_int_equal(r3, r2);
    assert_int_equal(content_article_update(f->st, &f->who[W_PUBLISHER], id, &e2, r2, NOW, &err),
                     CONG_OK);
    arena_release(&ar);
}

static void restore_brings_fields_back_keeps_status(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct arena ar;
    struct article_revision *revs;
    size_t n;
    int64_t r1, other;
    struct article_edit e = {
        .title = "Tiêu đề mới", .body_md = "Thân mới", .tags = "khác", .category_slug = "dao-tao"};
    int64_t id = create(f, W_AUTHOR_OWN, "Tiêu đề cũ", ARTICLE_DRAFT);

    arena_init(&ar, 0);
    assert_int_equal(store_latest_revision(f->st, id, &r1), CONG_OK);
    assert_int_equal(content_article_update(f->st, &f->who[W_AUTHOR_OWN], id, &e, -1, NOW, &err),
                     CONG_OK);
    assert_int_equal(content_article_transition(f->st, &f->who[W_AUTHOR_OWN], id, CONTENT_SUBMIT,
                                                NULL, NOW, &err),
                     CONG_OK);
    /* pending: out of the author's hands, restoring included */
    assert_int_equal(content_article_restore(f->st, &f->who[W_AUTHOR_OWN], id, r1, NOW, &err),
                     CONG_EPERM);
    assert_int_equal(content_article_restore(f->st, &f->who[W_EDITOR], id, r1, NOW, &err), CONG_OK);
    struct article a = get(f, &ar, id);
    assert_string_equal(a.title, "Tiêu đề cũ");
    assert_string_equal(a.body_md, "Dòng một\n\nDòng hai");
    assert_string_equal(a.tags, "Giáo dục,tin");
    assert_string_equal(a.category_slug, "tin-tuc");
    assert_int_equal(a.status, ARTICLE_PENDING);
    assert_int_equal(store_list_revisions(f->st, &ar, id, 0, 10, &revs, &n, NULL), CONG_OK);
    assert_int_equal(n, 4);
    assert_string_equal(revs[0].action, "restore");
    assert_int_equal(revs[0].status, ARTICLE_PENDING);
    assert_true(audited(f, "article_restored", target(&ar, id)));
    /* a revision of another article, or none, is not found */
    other = create(f, W_EDITOR, "Bài khác", ARTICLE_DRAFT);
    assert_int_equal(content_article_restore(f->st, &f->who[W_EDITOR], other, r1, NOW, &err),
                     CONG_ENOTFOUND);
    assert_int_equal(content_article_restore(f->st, &f->who[W_EDITOR], id, 987654, NOW, &err),
                     CONG_ENOTFOUND);
    arena_release(&ar);
}

static void restore_skips_a_cover_deleted_since(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct arena ar;
    struct media m = {.mime = "application/pdf", .data = "%PDF-1.4", .size = 8, .sha256 = "ab"};
    int64_t mid = 0, r1 = 0;
    struct article_edit with = {.set_cover = true, .cover_caption = "Ảnh cũ"};
    struct article_edit without = {.set_cover = true, .cover_media_id = 0, .title = "Bỏ ảnh"};
    int64_t id = create(f, W_EDITOR, "Có ảnh bìa", ARTICLE_DRAFT);

    arena_init(&ar, 0);
    assert_int_equal(store_add_media(f->st, &m, &mid), CONG_OK);
    with.cover_media_id = mid;
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], id, &with, -1, NOW, &err),
                     CONG_OK);
    assert_int_equal(store_latest_revision(f->st, id, &r1), CONG_OK);
    assert_int_equal(content_article_update(f->st, &f->who[W_EDITOR], id, &without, -1, NOW, &err),
                     CONG_OK);
    assert_int_equal(store_delete_media(f->st, mid), CONG_OK);
    /* the text of r1 comes back; its cover is gone, so the present one (none) stays */
    assert_int_equal(content_article_restore(f->st, &f->who[W_EDITOR], id, r1, NOW, &err), CONG_OK);
    struct article a = get(f, &ar, id);
    assert_string_equal(a.title, "Có ảnh bìa");
    assert_int_equal(a.cover_media_id, 0);
    arena_release(&ar);
}

static void delete_rules_and_audit(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct arena ar;
    struct article a;
    int64_t draft = create(f, W_AUTHOR_OWN, "Xóa nháp", ARTICLE_DRAFT);
    int64_t pub = create(f, W_PUBLISHER, "Đã đăng", ARTICLE_PUBLISHED);

    arena_init(&ar, 0);
    assert_int_equal(content_article_delete(f->st, &f->who[W_MEMBER], draft, &err), CONG_EPERM);
    assert_int_equal(content_article_delete(f->st, &f->who[W_EDITOR], pub, &err), CONG_EPERM);
    assert_int_equal(content_article_delete(f->st, &f->who[W_AUTHOR_OWN], draft, &err), CONG_OK);
    assert_int_equal(store_get_article(f->st, &ar, draft, &a), CONG_ENOTFOUND);
    assert_int_equal(content_article_delete(f->st, &f->who[W_AUTHOR_OWN], draft, &err),
                     CONG_ENOTFOUND);
    assert_int_equal(content_article_delete(f->st, &f->who[W_PUBLISHER], pub, &err), CONG_OK);
    assert_true(audited(f, "article_deleted", target(&ar, draft)));
    assert_true(audited(f, "article_deleted", target(&ar, pub)));
    arena_release(&ar);
}

static void category_rules(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct arena ar;
    struct category c;
    int64_t parent, child, grandchild, id;
    struct category_edit e = {.name = " Giáo dục "};

    arena_init(&ar, 0);
    assert_int_equal(content_category_create(f->st, &f->who[W_AUTHOR_OWN], &e, &id, &err),
                     CONG_EPERM);
    assert_int_equal(content_category_create(f->st, &f->who[W_EDITOR], &e, &parent, &err), CONG_OK);
    assert_int_equal(store_get_category(f->st, &ar, parent, &c), CONG_OK);
    assert_string_equal(c.slug, "giao-duc");
    assert_string_equal(c.name, "Giáo dục");
    assert_int_equal(content_category_create(f->st, &f->who[W_EDITOR], &e, &id, &err), CONG_EEXIST);
    e = (struct category_edit){.name = "Sai", .slug = "Có Dấu"};
    assert_int_equal(content_category_create(f->st, &f->who[W_EDITOR], &e, &id, &err), CONG_EINVAL);
    e = (struct category_edit){.name = ""};
    assert_int_equal(content_category_create(f->st, &f->who[W_EDITOR], &e, &id, &err), CONG_EINVAL);
    e = (struct category_edit){.name = "Con", .set_parent = true, .parent_id = 424242};
    assert_int_equal(content_category_create(f->st, &f->who[W_EDITOR], &e, &id, &err), CONG_EINVAL);
    e.parent_id = parent;
    assert_int_equal(content_category_create(f->st, &f->who[W_EDITOR], &e, &child, &err), CONG_OK);
    e = (struct category_edit){
        .name = "Cháu", .slug = "chau", .set_parent = true, .parent_id = child};
    assert_int_equal(content_category_create(f->st, &f->who[W_EDITOR], &e, &grandchild, &err),
                     CONG_OK);
    /* no cycles: not under itself, not under its own descendant */
    e = (struct category_edit){.set_parent = true, .parent_id = parent};
    assert_int_equal(content_category_update(f->st, &f->who[W_EDITOR], parent, &e, &err),
                     CONG_EINVAL);
    e.parent_id = grandchild;
    assert_int_equal(content_category_update(f->st, &f->who[W_EDITOR], parent, &e, &err),
                     CONG_EINVAL);
    assert_int_equal(store_get_category(f->st, &ar, parent, &c), CONG_OK);
    assert_int_equal(c.parent_id, 0);
    /* rename, and move the grandchild up to the top */
    e = (struct category_edit){.name = "Giáo dục và Đào tạo", .slug = "giao-duc-dao-tao"};
    assert_int_equal(content_category_update(f->st, &f->who[W_EDITOR], parent, &e, &err), CONG_OK);
    assert_int_equal(store_get_category(f->st, &ar, parent, &c), CONG_OK);
    assert_string_equal(c.slug, "giao-duc-dao-tao");
    /* delete refused while it holds a child, with the count */
    assert_int_equal(content_category_delete(f->st, &f->who[W_EDITOR], child, &err), CONG_EEXIST);
    assert_non_null(strstr(err.msg, "1 chuyên mục con"));
    /* and while it holds articles, any status */
    create(f, W_EDITOR, "Một", ARTICLE_DRAFT);
    create(f, W_PUBLISHER, "Hai", ARTICLE_PUBLISHED);
    assert_int_equal(store_get_category_by_slug(f->st, &ar, "tin-tuc", &c), CONG_OK);
    assert_int_equal(content_category_delete(f->st, &f->who[W_ADMIN], c.id, &err), CONG_EEXIST);
    assert_non_null(strstr(err.msg, "2 bài viết"));
    assert_int_equal(content_category_delete(f->st, &f->who[W_AUTHOR_OWN], grandchild, &err),
                     CONG_EPERM);
    assert_int_equal(content_category_delete(f->st, &f->who[W_EDITOR], grandchild, &err), CONG_OK);
    assert_int_equal(store_get_category(f->st, &ar, grandchild, &c), CONG_ENOTFOUND);
    assert_int_equal(content_category_delete(f->st, &f->who[W_EDITOR], grandchild, &err),
                     CONG_ENOTFOUND);
    assert_true(audited(f, "category_created", "giao-duc"));
    assert_true(audited(f, "category_updated", "giao-duc-dao-tao"));
    assert_true(audited(f, "category_deleted", "chau"));
    arena_release(&ar);
}

static void category_move_swaps_with_its_neighbour(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct arena ar;
    struct category *all;
    size_t n;
    int64_t x;
    struct category_edit e = {.name = "Ba"};

    arena_init(&ar, 0);
    /* tin-tuc and dao-tao were made at position 0; a new one goes last */
    assert_int_equal(content_category_create(f->st, &f->who[W_EDITOR], &e, &x, &err), CONG_OK);
    assert_int_equal(content_category_move(f->st, &f->who[W_EDITOR], x, -1, &err), CONG_OK);
    assert_int_equal(store_list_categories(f->st, &ar, &all, &n), CONG_OK);
    assert_int_equal(n, 3);
    assert_int_equal(all[1].id, x);
    assert_int_equal(content_category_move(f->st, &f->who[W_EDITOR], x, -1, &err), CONG_OK);
    assert_int_equal(store_list_categories(f->st, &ar, &all, &n), CONG_OK);
    assert_int_equal(all[0].id, x);
    /* already first: nothing changes */
    assert_int_equal(content_category_move(f->st, &f->who[W_EDITOR], x, -1, &err), CONG_OK);
    assert_int_equal(content_category_move(f->st, &f->who[W_EDITOR], x, 2, &err), CONG_EINVAL);
    assert_int_equal(content_category_move(f->st, &f->who[W_AUTHOR_OWN], x, 1, &err), CONG_EPERM);
    assert_int_equal(content_category_move(f->st, &f->who[W_EDITOR], x, 1, &err), CONG_OK);
    assert_int_equal(store_list_categories(f->st, &ar, &all, &n), CONG_OK);
    assert_int_equal(all[1].id, x);
    arena_release(&ar);
}

/* Refusals speak the request's language; what is kept for others to read later (a notice, an
   audit line) does not depend on it: notices are in the site's language, audit details are
   codes. */
static void messages_notices_and_audit_details_by_language(void **state)
{
    struct fixture *f = *state;
    struct cong_error err;
    struct article_edit e = {.title = "", .category_slug = "tin-tuc"};
    struct category_edit c = {.name = "Bốn"};
    struct notice *notices;
    struct audit_entry *log;
    size_t n, total;
    int64_t id = 0, own, cat;
    struct arena ar;

    arena_init(&ar, 0);
    own = create(f, W_AUTHOR_OWN, "Nháp", ARTICLE_DRAFT);
    i18n_set_lang(I18N_EN);
    assert_int_equal(content_article_create(f->st, &f->who[W_EDITOR], &e, NOW, &id, &err),
                     CONG_EINVAL);
    assert_string_equal(err.msg, "an article needs a title");
    assert_int_equal(content_article_transition(f->st, &f->who[W_AUTHOR_OWN], own,
                                                CONTENT_UNPUBLISH, NULL, NOW, &err),
                     CONG_EPERM);
    assert_string_equal(err.msg, "you are not allowed to 'Unpublish' this article");
    /* asked in English on a Vietnamese site: the publisher's notice is in Vietnamese */
    assert_int_equal(content_article_transition(f->st, &f->who[W_AUTHOR_OWN], own, CONTENT_SUBMIT,
                                                NULL, NOW, &err),
                     CONG_OK);
    assert_int_equal(i18n_lang(), I18N_EN);
    assert_int_equal(store_list_notices(f->st, &ar, f->who[W_PUBLISHER].user_id, 10, &notices, &n),
                     CONG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(notices[0].text, "tacgia gửi duyệt bài “Nháp”.");
    /* and on an English site, in English whoever asks */
    i18n_set_lang(I18N_VI);
    assert_int_equal(store_set_setting(f->st, "language", "en"), CONG_OK);
    assert_int_equal(content_article_transition(f->st, &f->who[W_PUBLISHER], own, CONTENT_REJECT,
                                                "Thêm ảnh", NOW, &err),
                     CONG_OK);
    assert_int_equal(store_list_notices(f->st, &ar, f->who[W_AUTHOR_OWN].user_id, 10, &notices, &n),
                     CONG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(notices[0].text, "The article “Nháp” was returned: Thêm ảnh");
    assert_int_equal(i18n_lang(), I18N_VI);
    /* a category's move is kept as a code */
    i18n_set_lang(I18N_EN);
    assert_int_equal(content_category_create(f->st, &f->who[W_EDITOR], &c, &cat, &err), CONG_OK);
    assert_int_equal(content_category_move(f->st, &f->who[W_EDITOR], cat, -1, &err), CONG_OK);
    i18n_set_lang(I18N_VI);
    assert_int_equal(store_list_audit(f->st, &ar, 0, 100, &log, &n, &total), CONG_OK);
    size_t moved = n;
    for (size_t i = 0; i < n && moved == n; i++)
        moved = strcmp(log[i].action, "category_moved") ? n : i;
    assert_true(moved < n);
    assert_string_equal(log[moved].detail, "up");
    arena_release(&ar);
}

/* Two people at once: one saving the text, one moving the article through the workflow. */
struct race {
    struct fixture *f;
    int64_t id;
    int last_saved; /* the number in the newest title the saver got written */
    int saved;      /* saves that went through */
    int moved;      /* transitions that went through */
};

#define RACE_ROUNDS 60

static void *race_saver(void *p)
{
    struct race *r = p;
    struct cong_error err;
    char title[32];

    for (int i = 1; i <= RACE_ROUNDS; i++) {
        struct article_edit e = {.title = title};
        snprintf(title, sizeof(title), "Bản %d", i);
        if (content_article_update(r->f->st, &r->f->who[W_EDITOR], r->id, &e, -1, NOW, &err) ==
            CONG_OK) {
            r->last_saved = i;
            r->saved++;
        }
    }
    return NULL;
}

static void *race_mover(void *p)
{
    struct race *r = p;
    struct cong_error err;

    for (int i = 0; i < RACE_ROUNDS; i++) {
        enum content_action act = i % 2 ? CONTENT_UNPUBLISH : CONTENT_PUBLISH;
        if (content_article_transition(r->f->st, &r->f->who[W_PUBLISHER], r->id, act, NULL, NOW,
                                       &err) == CONG_OK)
            r->moved++;
    }
    return NULL;
}

/*
 * A transition or a save built from a read that someone else's save overtook must not undo
 * that save: the titles along the revisions only ever grow, and the article ends with the
 * saver's last one.
 */
static void concurrent_save_and_transition_lose_nothing(void **state)
{
    struct fixture *f = *state;
    struct race r = {.f = f, .id = create(f, W_EDITOR, "Bản 0", ARTICLE_DRAFT)};
    pthread_t a, b;
    struct arena ar;
    struct article_revision *revs;
    size_t n, total, off = 0;
    int prev = 0, seen = 0;

    assert_int_equal(pthread_create(&a, NULL, race_saver, &r), 0);
    assert_int_equal(pthread_create(&b, NULL, race_mover, &r), 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    arena_init(&ar, 0);
    assert_true(r.last_saved > 0);
    assert_string_equal(get(f, &ar, r.id).title, arena_printf(&ar, "Bản %d", r.last_saved));
    /* newest first: walk them all and check the numbers never go up */
    prev = RACE_ROUNDS + 1;
    do {
        assert_int_equal(
            store_list_revisions(f->st, &ar, r.id, off, STORE_LIST_MAX, &revs, &n, &total),
            CONG_OK);
        for (size_t i = 0; i < n; i++) {
            int num = atoi(revs[i].title + strlen("Bản "));
            if (num > prev)
                fail_msg("revision %lld has 'Bản %d' after 'Bản %d'", (long long)revs[i].id, num,
                         prev);
            prev = num;
            seen++;
        }
        off += n;
    } while (n > 0 && off < total);
    assert_int_equal((size_t)seen, total);
    /* every write that said yes left exactly one revision */
    assert_int_equal(total, 1 + (size_t)r.moved + (size_t)r.saved);
    arena_release(&ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rule_table_holds_for_every_role_state_and_action),
        cmocka_unit_test(transitions_lead_where_the_table_says),
        cmocka_unit_test(create_rules_by_role_and_status),
        cmocka_unit_test(action_names_parse_back_and_unknown_is_refused),
        cmocka_unit_test(tags_are_trimmed_deduplicated_folded),
        cmocka_unit_test(tags_limits_and_bad_text_are_refused),
        cmocka_unit_test(diff_simple_cases),
        cmocka_unit_test(diff_is_a_shortest_edit_script),
        cmocka_unit_test(diff_past_the_bound_is_all_removed_then_added),
        cmocka_unit_test(slugs_editors_may_type),
        cmocka_unit_test(public_until_its_expiry),
        cmocka_unit_test_setup_teardown(slugs_stay_unique_and_a_public_change_redirects,
                                        setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(expiry_leaves_lists_at_its_second_and_is_a_due_time,
                                        setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(create_sets_owner_tags_and_first_revision, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(writes_refuse_with_perm_or_state, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(workflow_from_draft_to_published_with_audit, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(scheduled_publish_keeps_its_future_date, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(update_status_is_the_matching_transition, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(stale_revision_is_eexist_and_writes_nothing, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(restore_brings_fields_back_keeps_status, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(restore_skips_a_cover_deleted_since, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(delete_rules_and_audit, setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(concurrent_save_and_transition_lose_nothing, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(category_rules, setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(messages_notices_and_audit_details_by_language, setup_store,
                                        teardown_store),
        cmocka_unit_test_setup_teardown(category_move_swaps_with_its_neighbour, setup_store,
                                        teardown_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
