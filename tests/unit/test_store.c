/*
 * Unit tests of the store through store.h: opening, creating, migrating and refusing
 * databases; settings, categories, articles (filters, pagination, totals), media; use from
 * many threads; data surviving a reopen. Each test works in a temporary directory of its own,
 * removed at its end, so tests run in any order and leave nothing behind. Only the test for a
 * newer schema touches SQLite directly, to forge a version number no cong writes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

#define NOW 1700000000

struct fixture {
    char dir[64];
    char path[128]; /* dir/cong.db, not created */
    struct arena arena;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    int n;

    if (!f)
        return -1;
    n = snprintf(f->dir, sizeof(f->dir), "/tmp/test_store.XXXXXX");
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

    arena_release(&f->arena);
    rc = nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

/* A path under the fixture's directory, from its arena. */
static const char *fixture_path(struct fixture *f, const char *name)
{
    const char *p = arena_printf(&f->arena, "%s/%s", f->dir, name);

    assert_non_null(p);
    return p;
}

static bool file_exists(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0;
}

static struct store *open_new(struct fixture *f)
{
    struct store *st = NULL;
    struct cong_error err = {0};

    if (store_open(f->path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st, &err) != CONG_OK)
        fail_msg("store_open: %s", err.msg);
    return st;
}

static int64_t add_category(struct store *st, const char *slug, const char *name, int position)
{
    struct category c = {.slug = slug, .name = name, .position = position};
    int64_t id = 0;

    assert_int_equal(store_add_category(st, &c, &id), CONG_OK);
    assert_true(id > 0);
    return id;
}

static int64_t add_article(struct store *st, int64_t category_id, const char *title,
                           enum article_status status, int64_t published_at)
{
    struct article a = {
        .category_id = category_id,
        .status = status,
        .published_at = published_at,
        .title = title,
        .slug = "bai-viet",
        .summary = "Tóm tắt",
        .body_md = "Nội dung *đậm*",
        .body_html = "<p>Nội dung <em>đậm</em></p>",
        .author = "Phòng Hành chính",
    };
    int64_t id = 0;

    assert_int_equal(store_add_article(st, &a, &id), CONG_OK);
    assert_true(id > 0);
    return id;
}

/* Opening. */

static void open_creates_database_with_latest_schema(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);

    assert_true(file_exists(f->path));
    assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
    store_free(st);

    /* an up-to-date database opens without flags */
    struct cong_error err = {0};
    assert_int_equal(store_open(f->path, 0, &st, &err), CONG_OK);
    assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
    store_free(st);
}

static void open_create_alone_initialises_new_file(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct cong_error err = {0};

    assert_int_equal(store_open(f->path, STORE_OPEN_CREATE, &st, &err), CONG_OK);
    assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
    store_free(st);
}

static void open_missing_without_create_is_notfound(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct cong_error err = {0};

    assert_int_equal(store_open(f->path, STORE_OPEN_MIGRATE, &st, &err), CONG_ENOTFOUND);
    assert_null(st);
    assert_int_equal(err.code, CONG_ENOTFOUND);
    assert_non_null(strstr(err.msg, f->path));
    assert_non_null(strstr(err.msg, "cong init"));
    assert_false(file_exists(f->path));
}

static void open_refuses_newer_schema(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    struct cong_error err = {0};
    sqlite3 *db = NULL;

    store_free(st);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);

    st = NULL;
    assert_int_equal(store_open(f->path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st, &err),
                     CONG_ESCHEMA);
    assert_null(st);
    assert_non_null(strstr(err.msg, f->path));
    assert_non_null(strstr(err.msg, "99"));
    assert_non_null(strstr(err.msg, "newer"));
    /* refused, not damaged: the file is still there and still version 99 */
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 99);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void open_empty_database_needs_migrate(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct cong_error err = {0};
    FILE *fp = fopen(f->path, "w"); /* an empty file is an empty SQLite database */

    assert_non_null(fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(store_open(f->path, 0, &st, &err), CONG_ESCHEMA);
    assert_null(st);
    assert_non_null(strstr(err.msg, "needs migrating"));
    assert_non_null(strstr(err.msg, "cong init"));

    assert_int_equal(store_open(f->path, STORE_OPEN_MIGRATE, &st, &err), CONG_OK);
    assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
    store_free(st);
}

static void login_successes_are_kept_and_old_records_go(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    struct login_failure lf;
    int64_t n = 0;

    assert_int_equal(store_add_login_failure(st, "pair:a", 100, 0, &n), CONG_OK);
    assert_int_equal(store_lock_login(st, "pair:a", 1000), CONG_OK);
    /* a success forgets the failures and the lock, and is remembered */
    assert_int_equal(store_add_login_success(st, "pair:a", 200), CONG_OK);
    assert_int_equal(store_get_login_failure(st, "pair:a", &lf), CONG_OK);
    assert_int_equal(lf.failures, 0);
    assert_int_equal(lf.locked_until, 0);
    assert_int_equal(lf.last_success_at, 200);
    assert_int_equal(store_add_login_failure(st, "pair:a", 300, 250, &n), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_add_login_success(st, "pair:b", 400), CONG_OK);
    assert_int_equal(store_add_login_failure(st, "ip:c", 300, 0, &n), CONG_OK);
    /* failures before 350 are old, and so are successes before 300 */
    assert_int_equal(store_delete_old_login_failures(st, 350, 300, 500), CONG_OK);
    assert_int_equal(store_get_login_failure(st, "pair:a", &lf), CONG_ENOTFOUND);
    assert_int_equal(store_get_login_failure(st, "ip:c", &lf), CONG_ENOTFOUND);
    assert_int_equal(store_get_login_failure(st, "pair:b", &lf), CONG_OK);
    assert_int_equal(lf.last_success_at, 400);
    store_free(st);
}

static void migration_8_ends_the_locks_of_names_only(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct cong_error err = {0};
    struct login_failure lf;
    sqlite3 *db = NULL;

    /* a portal of schema 7, where five failures locked a name from everywhere */
    assert_int_equal(store_create_at_version(f->path, 7, &err), CONG_OK);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO login_failures VALUES ('name:x', 5, 100, 9000);"
                                  "INSERT INTO login_failures VALUES ('ip:y', 20, 100, 9000);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    st = NULL;
    assert_int_equal(store_open(f->path, STORE_OPEN_MIGRATE, &st, &err), CONG_OK);
    assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
    assert_int_equal(store_get_login_failure(st, "name:x", &lf), CONG_OK);
    assert_int_equal(lf.failures, 5);
    assert_int_equal(lf.locked_until, 0);
    assert_int_equal(store_get_login_failure(st, "ip:y", &lf), CONG_OK);
    assert_int_equal(lf.locked_until, 9000);
    assert_int_equal(lf.last_success_at, 0);
    store_free(st);
}

/* The content language: a filter of every kind of list, cached (public) and written for the
   call (admin), with its totals; kept on update; anything but "vi" and "en" refused. */
static void list_filters_by_language(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    int64_t news = add_category(st, "tin-tuc", "Tin tức", 0);
    int64_t vi1 = add_article(st, news, "Tin một", ARTICLE_PUBLISHED, NOW - 300);
    int64_t vi2 = add_article(st, news, "Tin hai", ARTICLE_PUBLISHED, NOW - 200);
    struct article a = {.category_id = news, .status = ARTICLE_PUBLISHED,
                        .published_at = NOW - 100, .title = "News", .slug = "news",
                        .body_html = "<p>Text</p>", .featured = true, .lang = "en"};
    struct article got, *rows = NULL;
    int64_t en = 0, draft = 0;
    size_t n = 0, total = 0;

    assert_int_equal(store_add_article(st, &a, &en), CONG_OK);
    a.status = ARTICLE_DRAFT;
    a.title = "Draft";
    assert_int_equal(store_add_article(st, &a, &draft), CONG_OK);
    assert_int_equal(store_get_article(st, &f->arena, vi1, &got), CONG_OK);
    assert_string_equal(got.lang, "vi"); /* none given: Vietnamese */
    assert_int_equal(store_get_article(st, &f->arena, en, &got), CONG_OK);
    assert_string_equal(got.lang, "en");

    /* each cached variant: published, with the category, with the bodies */
    struct article_query q = {.published_only = true, .now = NOW, .limit = 10, .lang = "en"};
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(total, 1);
    assert_int_equal(rows[0].id, en);
    assert_string_equal(rows[0].lang, "en");
    q.lang = "vi";
    q.category_id = news;
    q.with_body = true;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 2);
    assert_int_equal(rows[0].id, vi2);
    assert_int_equal(rows[1].id, vi1);
    assert_non_null(rows[0].body_html);
    /* an admin variant (written for the call), and no filter at all */
    q = (struct article_query){.limit = 10, .lang = "en", .status_mask = 1u << ARTICLE_DRAFT};
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, draft);
    q = (struct article_query){.limit = 10, .now = NOW, .published_only = true,
                               .featured_only = true, .lang = "vi"};
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 0);
    q = (struct article_query){.limit = 10};
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(total, 4);

    /* an update writes it; a language the schema does not know is refused */
    assert_int_equal(store_get_article(st, &f->arena, vi1, &got), CONG_OK);
    got.lang = "en";
    assert_int_equal(store_update_article(st, &got), CONG_OK);
    assert_int_equal(store_get_article(st, &f->arena, vi1, &got), CONG_OK);
    assert_string_equal(got.lang, "en");
    got.lang = "fr";
    assert_int_equal(store_update_article(st, &got), CONG_EINVAL);
    a.lang = "EN";
    assert_int_equal(store_add_article(st, &a, &draft), CONG_EINVAL);
    store_free(st);
}

/* Migration 18: what was there is Vietnamese, pages and menu items too. */
static void migration_18_makes_existing_content_vietnamese(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct cong_error err = {0};
    struct page p;
    struct menu_item *items = NULL;
    size_t n = 0;
    sqlite3 *db = NULL;

    assert_int_equal(store_create_at_version(f->path, 17, &err), CONG_OK);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO pages (site_id, slug, title, layout, in_menu,"
                                  " created_at, updated_at) VALUES (1, 'gioi-thieu',"
                                  " 'Giới thiệu', 'mot-cot', 1, 0, 0);"
                                  "INSERT INTO menu_items (site_id, menu, label, kind, url)"
                                  " VALUES (1, 'main', 'Hỏi đáp', 'url', '/hoi-dap');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    assert_int_equal(store_open(f->path, STORE_OPEN_MIGRATE, &st, &err), CONG_OK);
    assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
    assert_int_equal(store_get_page_by_slug(st, &f->arena, "gioi-thieu", &p), CONG_OK);
    assert_string_equal(p.lang, "vi");
    p.lang = "en";
    assert_int_equal(store_update_page(st, &p), CONG_OK);
    assert_int_equal(store_get_page_by_slug(st, &f->arena, "gioi-thieu", &p), CONG_OK);
    assert_string_equal(p.lang, "en");
    p.lang = "de";
    assert_int_equal(store_update_page(st, &p), CONG_EINVAL);
    assert_int_equal(store_list_menu_items(st, &f->arena, "main", &items, &n), CONG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].lang, "vi");
    store_free(st);
}

static void open_refuses_foreign_sqlite_file(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct cong_error err = {0};
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE other (x)", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    assert_int_equal(store_open(f->path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st, &err),
                     CONG_ESCHEMA);
    assert_null(st);
}

static void open_unwritable_path_is_eio(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct cong_error err = {0};
    const char *missing_dir = fixture_path(f, "no/such/dir/cong.db");

    assert_int_equal(store_open(missing_dir, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st, &err),
                     CONG_EIO);
    assert_null(st);
    assert_non_null(strstr(err.msg, missing_dir));
    assert_false(file_exists(fixture_path(f, "no")));

    /* a directory where the file should be */
    const char *dir = fixture_path(f, "adir");
    assert_int_equal(mkdir(dir, 0700), 0);
    err = (struct cong_error){0};
    assert_int_equal(store_open(dir, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st, &err), CONG_EIO);
    assert_null(st);
    assert_non_null(strstr(err.msg, dir));

    /* a read-only directory; root writes anyway, so only checked for other users */
    if (geteuid() != 0) {
        const char *ro = fixture_path(f, "ro");
        const char *in_ro = fixture_path(f, "ro/cong.db");
        assert_int_equal(mkdir(ro, 0500), 0);
        assert_int_equal(store_open(in_ro, STORE_OPEN_CREATE, &st, &err), CONG_EIO);
        assert_null(st);
        assert_false(file_exists(in_ro));
        assert_int_equal(chmod(ro, 0700), 0);
    }
}

static void open_non_database_file_is_eio(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct cong_error err = {0};
    FILE *fp = fopen(f->path, "w");
    char text[4096];

    assert_non_null(fp);
    memset(text, 'x', sizeof(text));
    assert_int_equal(fwrite(text, 1, sizeof(text), fp), sizeof(text));
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(store_open(f->path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st, &err),
                     CONG_EIO);
    assert_null(st);
    assert_non_null(strstr(err.msg, f->path));
    /* not ours: left as it was */
    assert_true(file_exists(f->path));
}

static void open_rejects_memory_path_and_bad_flags(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;

    assert_int_equal(store_open(":memory:", STORE_OPEN_CREATE, &st, NULL), CONG_EINVAL);
    assert_int_equal(store_open("", STORE_OPEN_CREATE, &st, NULL), CONG_EINVAL);
    assert_int_equal(store_open(f->path, STORE_OPEN_READONLY | STORE_OPEN_CREATE, &st, NULL),
                     CONG_EINVAL);
    assert_null(st);
    assert_false(file_exists(f->path));
}

static void open_readonly_reads_and_refuses_writes(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    char *value = NULL;

    assert_int_equal(store_set_setting(st, "site_name", "Cổng"), CONG_OK);
    store_free(st);
    st = NULL;
    assert_int_equal(store_open(f->path, STORE_OPEN_READONLY, &st, NULL), CONG_OK);
    assert_int_equal(store_get_setting(st, &f->arena, "site_name", &value), CONG_OK);
    assert_string_equal(value, "Cổng");
    assert_int_equal(store_set_setting(st, "site_name", "x"), CONG_EPERM);
    store_free(st);
}

/* Settings. */

static void ping_and_pool_figures(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f), *other = NULL;
    struct store_metrics m;

    assert_int_equal(store_ping(st), CONG_OK);
    memset(&m, 0xff, sizeof(m));
    store_metrics(st, &m);
    assert_true(m.pool_size >= 1 && m.pool_size <= STORE_MAX_CONNECTIONS);
    assert_int_equal(m.pool_in_use, 0);
    assert_int_equal(m.pool_waits, 0);
    assert_int_equal(m.notifications, 0); /* SQLite has none */
    /* every site's handle shares the one pool */
    assert_int_equal(store_for_site(st, 2, &other), CONG_OK);
    assert_int_equal(store_ping(other), CONG_OK);
    store_metrics(other, &m);
    assert_true(m.pool_size >= 1);
    assert_int_equal(m.pool_in_use, 0);
    store_free(st);
}

static void settings_round_trip(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    char *value = (char *)"unset";

    assert_int_equal(store_get_setting(st, &f->arena, "site_name", &value), CONG_OK);
    assert_null(value);
    assert_int_equal(store_set_setting(st, "site_name", "Trường THPT Hòa Bình"), CONG_OK);
    assert_int_equal(store_get_setting(st, &f->arena, "site_name", &value), CONG_OK);
    assert_string_equal(value, "Trường THPT Hòa Bình");
    assert_int_equal(store_set_setting(st, "site_name", "Sở Giáo dục"), CONG_OK);
    assert_int_equal(store_get_setting(st, &f->arena, "site_name", &value), CONG_OK);
    assert_string_equal(value, "Sở Giáo dục");
    assert_int_equal(store_set_setting(st, "empty", ""), CONG_OK);
    assert_int_equal(store_get_setting(st, &f->arena, "empty", &value), CONG_OK);
    assert_string_equal(value, "");
    assert_int_equal(store_set_setting(st, "nothing", NULL), CONG_EINVAL);
    /* a key that looks like SQL is only a key */
    assert_int_equal(store_set_setting(st, "x'); DROP TABLE settings; --", "v"), CONG_OK);
    assert_int_equal(store_get_setting(st, &f->arena, "site_name", &value), CONG_OK);
    assert_string_equal(value, "Sở Giáo dục");
    /* set only when unset: the first writer wins, later ones are told and change nothing */
    assert_int_equal(store_add_setting(st, "stats_secret", "mot"), CONG_OK);
    assert_int_equal(store_add_setting(st, "stats_secret", "hai"), CONG_EEXIST);
    assert_int_equal(store_get_setting(st, &f->arena, "stats_secret", &value), CONG_OK);
    assert_string_equal(value, "mot");
    assert_int_equal(store_add_setting(st, "site_name", "khác"), CONG_EEXIST);
    assert_int_equal(store_get_setting(st, &f->arena, "site_name", &value), CONG_OK);
    assert_string_equal(value, "Sở Giáo dục");
    store_free(st);
}

/* Categories. */

static void categories_add_list_get(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    struct category *cats = NULL, c;
    size_t n = 99;
    int64_t news, events, parent;

    assert_int_equal(store_list_categories(st, &f->arena, &cats, &n), CONG_OK);
    assert_int_equal(n, 0);
    assert_null(cats);

    news = add_category(st, "tin-tuc", "Tin tức", 2);
    events = add_category(st, "su-kien", "Sự kiện", 1);
    parent = add_category(st, "thong-bao", "Thông báo", 2);
    struct category child = {.parent_id = parent,
                             .slug = "thong-bao-khoa",
                             .name = "Khoa",
                             .description = "Thông báo của khoa",
                             .position = 0};
    int64_t child_id = 0;
    assert_int_equal(store_add_category(st, &child, &child_id), CONG_OK);

    assert_int_equal(store_list_categories(st, &f->arena, &cats, &n), CONG_OK);
    assert_int_equal(n, 4);
    /* by position, then name (bytewise: "Thông" < "Tin") */
    assert_int_equal(cats[0].id, child_id);
    assert_int_equal(cats[1].id, events);
    assert_int_equal(cats[2].id, parent);
    assert_int_equal(cats[3].id, news);
    assert_string_equal(cats[0].description, "Thông báo của khoa");
    assert_int_equal(cats[0].parent_id, parent);
    assert_int_equal(cats[3].parent_id, 0);
    assert_string_equal(cats[3].description, ""); /* unset optional text reads as "" */

    assert_int_equal(store_get_category_by_slug(st, &f->arena, "su-kien", &c), CONG_OK);
    assert_int_equal(c.id, events);
    assert_string_equal(c.name, "Sự kiện");
    assert_int_equal(c.position, 1);
    assert_int_equal(store_get_category(st, &f->arena, news, &c), CONG_OK);
    assert_string_equal(c.slug, "tin-tuc");

    assert_int_equal(store_get_category_by_slug(st, &f->arena, "khong-co", &c), CONG_ENOTFOUND);
    assert_int_equal(store_get_category(st, &f->arena, 9999, &c), CONG_ENOTFOUND);
    store_free(st);
}

static void categories_duplicate_slug_is_eexist(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    struct category c = {.slug = "tin-tuc", .name = "Tin tức khác"};
    int64_t id = 42;

    add_category(st, "tin-tuc", "Tin tức", 0);
    assert_int_equal(store_add_category(st, &c, &id), CONG_EEXIST);
    assert_int_equal(id, 0);
    store_free(st);
}

static void categories_missing_parent_or_name_is_einval(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    struct category orphan = {.parent_id = 777, .slug = "mo-coi", .name = "Mồ côi"};
    struct category unnamed = {.slug = "khong-ten"};
    int64_t id;

    assert_int_equal(store_add_category(st, &orphan, &id), CONG_EINVAL);
    assert_int_equal(store_add_category(st, &unnamed, &id), CONG_EINVAL);
    store_free(st);
}

/* Articles. */

static void article_add_get_update(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    int64_t news = add_category(st, "tin-tuc", "Tin tức", 0);
    int64_t events = add_category(st, "su-kien", "Sự kiện", 1);
    struct article in = {
        .category_id = news,
        .status = ARTICLE_PUBLISHED,
        .published_at = NOW,
        .title = "Lễ khai giảng năm học mới",
        .slug = "le-khai-giang-nam-hoc-moi",
        .summary = "Sáng nay, nhà trường tổ chức lễ khai giảng.",
        .body_md = "Đoạn *một*.",
        .body_html = "<p>Đoạn <em>một</em>.</p>",
        .author = "Ban biên tập",
        .cover_caption = "Học sinh dự lễ",
    };
    struct article out;
    int64_t id = 0;
    int64_t before = time_now();

    assert_int_equal(store_add_article(st, &in, &id), CONG_OK);
    assert_true(id > 0);
    assert_int_equal(store_get_article(st, &f->arena, id, &out), CONG_OK);
    assert_int_equal(out.id, id);
    assert_int_equal(out.category_id, news);
    assert_int_equal(out.status, ARTICLE_PUBLISHED);
    assert_int_equal(out.published_at, NOW);
    assert_true(out.created_at >= before && out.created_at <= time_now());
    assert_int_equal(out.updated_at, out.created_at);
    assert_int_equal(out.cover_media_id, 0);
    assert_string_equal(out.title, in.title);
    assert_string_equal(out.slug, in.slug);
    assert_string_equal(out.summary, in.summary);
    assert_string_equal(out.body_md, in.body_md);
    assert_string_equal(out.body_html, in.body_html);
    assert_string_equal(out.author, in.author);
    assert_string_equal(out.cover_caption, in.cover_caption);
    assert_string_equal(out.category_slug, "tin-tuc");
    assert_string_equal(out.category_name, "Tin tức");

    in.id = id;
    in.category_id = events;
    in.status = ARTICLE_DRAFT;
    in.title = "Lễ khai giảng (đã sửa)";
    in.summary = NULL; /* optional: stored as "" */
    assert_int_equal(store_update_article(st, &in), CONG_OK);
    assert_int_equal(store_get_article(st, &f->arena, id, &out), CONG_OK);
    assert_int_equal(out.status, ARTICLE_DRAFT);
    assert_string_equal(out.title, "Lễ khai giảng (đã sửa)");
    assert_string_equal(out.summary, "");
    assert_string_equal(out.category_slug, "su-kien");
    assert_true(out.updated_at >= out.created_at);

    in.id = id + 1000;
    assert_int_equal(store_update_article(st, &in), CONG_ENOTFOUND);
    assert_int_equal(store_get_article(st, &f->arena, id + 1000, &out), CONG_ENOTFOUND);
    store_free(st);
}

static void article_bad_references_are_einval(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    int64_t news = add_category(st, "tin-tuc", "Tin tức", 0);
    struct article a = {.category_id = 999, .title = "T", .slug = "t", .published_at = NOW};
    int64_t id = 5;

    assert_int_equal(store_add_article(st, &a, &id), CONG_EINVAL);
    assert_int_equal(id, 0);
    a.category_id = news;
    a.cover_media_id = 12345;
    assert_int_equal(store_add_article(st, &a, &id), CONG_EINVAL);
    a.cover_media_id = 0;
    a.status = (enum article_status)7;
    assert_int_equal(store_add_article(st, &a, &id), CONG_EINVAL);
    a.status = ARTICLE_DRAFT;
    a.title = NULL;
    assert_int_equal(store_add_article(st, &a, &id), CONG_EINVAL);
    a.title = "T";
    assert_int_equal(store_add_article(st, &a, &id), CONG_OK);

    /* updating onto a missing category fails the same way and changes nothing */
    struct article out;
    a.id = id;
    a.category_id = 999;
    assert_int_equal(store_update_article(st, &a), CONG_EINVAL);
    assert_int_equal(store_get_article(st, &f->arena, id, &out), CONG_OK);
    assert_int_equal(out.category_id, news);
    store_free(st);
}

static void list_filters_by_category_and_excludes(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    int64_t news = add_category(st, "tin-tuc", "Tin tức", 0);
    int64_t events = add_category(st, "su-kien", "Sự kiện", 1);
    int64_t n1 = add_article(st, news, "Tin 1", ARTICLE_PUBLISHED, NOW - 300);
    int64_t n2 = add_article(st, news, "Tin 2", ARTICLE_PUBLISHED, NOW - 200);
    int64_t e1 = add_article(st, events, "Sự kiện 1", ARTICLE_PUBLISHED, NOW - 100);
    struct article_query q = {.category_id = news, .limit = 10};
    struct article *rows = NULL;
    size_t n = 0, total = 0;

    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 2);
    assert_int_equal(rows[0].id, n2); /* newest first */
    assert_int_equal(rows[1].id, n1);
    assert_string_equal(rows[0].category_slug, "tin-tuc");
    assert_string_equal(rows[0].category_name, "Tin tức");
    assert_null(rows[0].body_md);
    assert_null(rows[0].body_html);
    assert_string_equal(rows[0].summary, "Tóm tắt");

    q.exclude_id = n2;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(total, 1);
    assert_int_equal(rows[0].id, n1);

    q = (struct article_query){.limit = 10, .with_body = true};
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, NULL), CONG_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, e1);
    assert_string_equal(rows[0].body_md, "Nội dung *đậm*");
    assert_string_equal(rows[0].body_html, "<p>Nội dung <em>đậm</em></p>");
    assert_string_equal(rows[0].author, "Phòng Hành chính");

    /* a category with no articles, and one that does not exist */
    q = (struct article_query){.category_id = 12345, .limit = 10};
    rows = (struct article *)&q;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    assert_null(rows);
    store_free(st);
}

static void list_published_only_hides_drafts_and_future(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    int64_t news = add_category(st, "tin-tuc", "Tin tức", 0);
    int64_t past = add_article(st, news, "Đã đăng", ARTICLE_PUBLISHED, NOW - 60);
    int64_t now = add_article(st, news, "Đăng đúng giờ", ARTICLE_PUBLISHED, NOW);
    add_article(st, news, "Nháp", ARTICLE_DRAFT, NOW - 120);
    add_article(st, news, "Chờ duyệt", ARTICLE_PENDING, NOW - 120);
    int64_t future = add_article(st, news, "Hẹn giờ", ARTICLE_PUBLISHED, NOW + 3600);
    struct article_query q = {.published_only = true, .now = NOW, .limit = 10};
    struct article *rows = NULL;
    size_t n = 0, total = 0;

    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 2);
    assert_int_equal(rows[0].id, now);
    assert_int_equal(rows[1].id, past);

    /* the same with the category filter */
    q.category_id = news;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 2);

    /* the scheduled one appears once its time has come */
    q.now = NOW + 3600;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, future);

    /* without the filter every state shows */
    q = (struct article_query){.limit = 10};
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(total, 5);
    store_free(st);
}

static void list_pages_with_totals(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    int64_t news = add_category(st, "tin-tuc", "Tin tức", 0);
    int64_t ids[7];
    struct article_query q = {.published_only = true, .now = NOW, .limit = 3};
    struct article *rows = NULL;
    size_t n = 0, total = 0, i;

    /* two share a date, so the id decides their order */
    for (i = 0; i < 7; i++)
        ids[i] = add_article(st, news, "Tin", ARTICLE_PUBLISHED, NOW - 1000 + (int64_t)(i / 2 * 2));
    /* expected order: by date desc, then id desc, which here is ids reversed */
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(total, 7);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, ids[6]);
    assert_int_equal(rows[1].id, ids[5]);
    assert_int_equal(rows[2].id, ids[4]);
    q.offset = 3;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(total, 7);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, ids[3]);
    assert_int_equal(rows[2].id, ids[1]);
    q.offset = 6;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(total, 7);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, ids[0]);
    q.offset = 7;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(total, 7);
    assert_int_equal(n, 0);
    assert_null(rows);
    q.offset = SIZE_MAX;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 0);
    /* limit 0: only the total */
    q.offset = 0;
    q.limit = 0;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(total, 7);
    /* without a total the page is the same */
    q.limit = 3;
    q.offset = 3;
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, NULL), CONG_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, ids[3]);
    store_free(st);
}

static void list_limit_is_capped(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    int64_t news = add_category(st, "tin-tuc", "Tin tức", 0);
    struct article_query q = {.limit = 100000};
    struct article *rows = NULL;
    size_t n = 0, total = 0, i;

    for (i = 0; i < STORE_LIST_MAX + 5; i++)
        add_article(st, news, "Tin", ARTICLE_DRAFT, NOW + (int64_t)i);
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, &total), CONG_OK);
    assert_int_equal(n, STORE_LIST_MAX);
    assert_int_equal(total, STORE_LIST_MAX + 5);
    assert_int_equal(rows[0].published_at, NOW + STORE_LIST_MAX + 4);
    assert_int_equal(store_list_articles(st, &f->arena, &q, &rows, &n, NULL), CONG_OK);
    assert_int_equal(n, STORE_LIST_MAX);
    assert_int_equal(store_count_articles(st, &n), CONG_OK);
    assert_int_equal(n, STORE_LIST_MAX + 5);
    store_free(st);
}

static void status_names_round_trip(void **state)
{
    enum article_status s;

    (void)state;
    assert_string_equal(store_article_status_name(ARTICLE_DRAFT), "draft");
    assert_string_equal(store_article_status_name(ARTICLE_PENDING), "pending");
    assert_string_equal(store_article_status_name(ARTICLE_PUBLISHED), "published");
    assert_string_equal(store_article_status_name((enum article_status)9), "unknown");
    assert_true(store_article_status_parse("pending", &s));
    assert_int_equal(s, ARTICLE_PENDING);
    assert_true(store_article_status_parse("published", &s));
    assert_int_equal(s, ARTICLE_PUBLISHED);
    assert_false(store_article_status_parse("Published", &s));
    assert_false(store_article_status_parse("", &s));
    assert_false(store_article_status_parse(NULL, &s));
}

/* Media. */

static void media_round_trip(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    unsigned char bytes[70000];
    struct media in = {
        .mime = "image/png",
        .filename = "ảnh lễ khai giảng.png",
        .width = 640,
        .height = 480,
        .data = bytes,
        .size = sizeof(bytes),
        .sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    };
    struct media out;
    int64_t id = 0, empty_id = 0;
    size_t i;

    /* NUL bytes included: a blob is not a string */
    for (i = 0; i < sizeof(bytes); i++)
        bytes[i] = (unsigned char)(i * 7 + i / 256);
    assert_int_equal(store_add_media(st, &in, &id), CONG_OK);
    assert_true(id > 0);
    assert_int_equal(store_get_media(st, &f->arena, id, &out), CONG_OK);
    assert_int_equal(out.id, id);
    assert_string_equal(out.mime, in.mime);
    assert_string_equal(out.filename, in.filename);
    assert_int_equal(out.width, 640);
    assert_int_equal(out.height, 480);
    assert_string_equal(out.sha256, in.sha256);
    assert_true(out.created_at > 0);
    assert_int_equal(out.size, sizeof(bytes));
    assert_memory_equal(out.data, bytes, sizeof(bytes));

    /* the same without the bytes */
    assert_int_equal(store_get_media_info(st, &f->arena, id, &out), CONG_OK);
    assert_null(out.data);
    assert_int_equal(out.size, sizeof(bytes));
    assert_string_equal(out.mime, in.mime);
    assert_string_equal(out.sha256, in.sha256);
    assert_int_equal(out.width, 640);
    assert_int_equal(store_get_media_info(st, &f->arena, id + 100, &out), CONG_ENOTFOUND);

    in.data = NULL;
    in.size = 0;
    in.filename = NULL;
    assert_int_equal(store_add_media(st, &in, &empty_id), CONG_OK);
    assert_int_equal(store_get_media(st, &f->arena, empty_id, &out), CONG_OK);
    assert_int_equal(out.size, 0);
    assert_non_null(out.data);
    assert_string_equal(out.filename, "");

    assert_int_equal(store_get_media(st, &f->arena, id + 100, &out), CONG_ENOTFOUND);
    assert_null(out.data);

    /* an article may use it as its cover */
    int64_t news = add_category(st, "tin-tuc", "Tin tức", 0);
    struct article a = {.category_id = news,
                        .title = "Ảnh",
                        .slug = "anh",
                        .cover_media_id = id,
                        .published_at = NOW};
    struct article got;
    int64_t aid;
    assert_int_equal(store_add_article(st, &a, &aid), CONG_OK);
    assert_int_equal(store_get_article(st, &f->arena, aid, &got), CONG_OK);
    assert_int_equal(got.cover_media_id, id);
    store_free(st);
}

/* Threads. */

#define THREADS    8
#define PER_THREAD 20

struct worker {
    struct store *st;
    int64_t category_id;
    int failures;
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct arena a;
    int i;

    arena_init(&a, 0);
    for (i = 0; i < PER_THREAD; i++) {
        struct article art = {.category_id = w->category_id,
                              .status = ARTICLE_PUBLISHED,
                              .published_at = NOW,
                              .title = "Song song",
                              .slug = "song-song"};
        struct article_query q = {.category_id = w->category_id, .limit = 200};
        struct article *rows = NULL;
        size_t n = 0, total = 0, all = 0;
        int64_t id;

        if (store_add_article(w->st, &art, &id) != CONG_OK) {
            w->failures++;
            continue;
        }
        /* this thread's category holds exactly what it has added so far */
        if (store_list_articles(w->st, &a, &q, &rows, &n, &total) != CONG_OK ||
            total != (size_t)i + 1 || n != total || rows[0].id != id)
            w->failures++;
        /* the whole table holds at least that, and never more than everyone's work */
        q.category_id = 0;
        if (store_list_articles(w->st, &a, &q, &rows, &n, &total) != CONG_OK ||
            total < (size_t)i + 1 || total > THREADS * PER_THREAD || n != total)
            w->failures++;
        if (store_count_articles(w->st, &all) != CONG_OK || all < total)
            w->failures++;
        arena_release(&a);
    }
    return NULL;
}

static void threads_add_and_list_consistently(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    struct worker w[THREADS];
    pthread_t t[THREADS];
    char slug[32];
    size_t n = 0;
    int i;

    for (i = 0; i < THREADS; i++) {
        assert_true(snprintf(slug, sizeof(slug), "chuyen-muc-%d", i) > 0);
        w[i] = (struct worker){.st = st, .category_id = add_category(st, slug, slug, i)};
    }
    for (i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
    for (i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(w[i].failures, 0);
    }
    assert_int_equal(store_count_articles(st, &n), CONG_OK);
    assert_int_equal(n, THREADS * PER_THREAD);
    store_free(st);
}

/* Durability. */

static void data_survives_reopen(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f);
    unsigned char bytes[] = {0x89, 'P', 'N', 'G', 0, 1, 2};
    struct media m = {.mime = "image/png", .data = bytes, .size = sizeof(bytes), .sha256 = "ab"};
    struct article a;
    struct media got;
    char *value = NULL;
    int64_t news, aid, mid;

    assert_int_equal(store_set_setting(st, "site_name", "Cổng"), CONG_OK);
    news = add_category(st, "tin-tuc", "Tin tức", 0);
    aid = add_article(st, news, "Còn đó", ARTICLE_PUBLISHED, NOW);
    assert_int_equal(store_add_media(st, &m, &mid), CONG_OK);
    store_free(st);

    st = NULL;
    assert_int_equal(store_open(f->path, 0, &st, NULL), CONG_OK);
    assert_int_equal(store_get_setting(st, &f->arena, "site_name", &value), CONG_OK);
    assert_string_equal(value, "Cổng");
    assert_int_equal(store_get_article(st, &f->arena, aid, &a), CONG_OK);
    assert_string_equal(a.title, "Còn đó");
    assert_string_equal(a.category_slug, "tin-tuc");
    assert_int_equal(store_get_media(st, &f->arena, mid, &got), CONG_OK);
    assert_int_equal(got.size, sizeof(bytes));
    assert_memory_equal(got.data, bytes, sizeof(bytes));
    /* and the store keeps going from there */
    int64_t next = add_article(st, news, "Mới", ARTICLE_DRAFT, NOW);
    assert_true(next > aid);
    store_free(st);
}


/* Sites. */

static void sites_see_only_their_own_records(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_new(f), *b = NULL, *again = NULL;
    struct arena a;
    struct article art, *list = NULL;
    struct category cat;
    struct site site;
    struct site_usage u;
    struct user usr, *users = NULL;
    struct session s = {.id_hash = "h1", .csrf_token = "c", .created_at = 5};
    int64_t site_b = 0, cat_a, cat_b, art_a, art_b, uid = 0, *shares = NULL;
    char *v = NULL;
    size_t n = 9, total = 9;

    arena_init(&a, 0);
    assert_int_equal(store_add_site(st, "khoa.example.vn", STORE_DEFAULT_SITE, "Khoa", &site_b),
                     CONG_OK);
    assert_int_equal(store_add_site(st, "khoa.example.vn", 0, "Lần hai", &site_b), CONG_EEXIST);
    assert_int_equal(store_add_site(st, "moi.example.vn", 999, "Mồ côi", &uid), CONG_EINVAL);
    assert_int_equal(store_add_site(st, "khoa.example.vn", STORE_DEFAULT_SITE, "Khoa", &site_b),
                     CONG_EEXIST);
    assert_int_equal(store_get_site_by_host(st, &a, "khoa.example.vn", &site), CONG_OK);
    site_b = site.id;
    assert_string_equal(site.name, "Khoa");
    assert_int_equal(site.parent_id, STORE_DEFAULT_SITE);
    assert_int_equal(store_for_site(st, site_b, &b), CONG_OK);
    assert_int_equal(store_for_site(st, site_b, &again), CONG_OK);
    assert_ptr_equal(b, again);
    assert_int_equal(store_site_id(b), site_b);

    /* the same slug on each site; a reference across sites does not exist */
    cat_a = add_category(st, "tin", "Tin", 1);
    cat_b = add_category(b, "tin", "Tin khoa", 1);
    assert_int_equal(store_get_category_by_slug(b, &a, "tin", &cat), CONG_OK);
    assert_int_equal(cat.id, cat_b);
    assert_int_equal(store_get_category(b, &a, cat_a, &cat), CONG_ENOTFOUND);
    art_a = add_article(st, cat_a, "Bài của trường", ARTICLE_PUBLISHED, 100);
    art_b = add_article(b, cat_b, "Bài của khoa", ARTICLE_PUBLISHED, 200);
    struct article cross = {.category_id = cat_a, .title = "Sai", .slug = "sai"};
    assert_int_equal(store_add_article(b, &cross, &uid), CONG_EINVAL);
    assert_int_equal(store_get_article(b, &a, art_a, &art), CONG_ENOTFOUND);
    assert_int_equal(store_get_article(b, &a, art_b, &art), CONG_OK);
    assert_int_equal(art.site_id, site_b);
    assert_int_equal(store_delete_article(b, art_a, -1), CONG_ENOTFOUND);
    struct article_query q = {.published_only = true, .now = 1000, .limit = 10};
    assert_int_equal(store_list_articles(st, &a, &q, &list, &n, &total), CONG_OK);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].id, art_a);

    /* shared to the parent: in its lists that ask for them, still the sub-site's */
    assert_int_equal(store_share_article(b, art_b, STORE_DEFAULT_SITE, 300), CONG_OK);
    assert_int_equal(store_share_article(st, art_b, site_b, 300), CONG_ENOTFOUND);
    assert_int_equal(store_share_article(b, art_b, site_b, 300), CONG_EINVAL);
    q.with_shared = true;
    assert_int_equal(store_list_articles(st, &a, &q, &list, &n, &total), CONG_OK);
    assert_int_equal(total, 2);
    assert_int_equal(list[0].id, art_b);
    assert_int_equal(list[0].site_id, site_b);
    assert_int_equal(store_article_shares(b, &a, art_b, &shares, &n), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(shares[0], STORE_DEFAULT_SITE);
    assert_int_equal(store_unshare_article(b, art_b, STORE_DEFAULT_SITE), CONG_OK);
    assert_int_equal(store_list_articles(st, &a, &q, &list, &n, &total), CONG_OK);
    assert_int_equal(total, 1);

    /* settings are a site's */
    assert_int_equal(store_set_setting(b, "tagline", "Khẩu hiệu khoa"), CONG_OK);
    assert_int_equal(store_get_setting(st, &a, "tagline", &v), CONG_OK);
    assert_null(v);
    assert_int_equal(store_get_setting(b, &a, "site_name", &v), CONG_OK);
    assert_string_equal(v, "Khoa");

    /* a user is everyone's, a role one site's, a session one site's */
    struct user nu = {.name = "bt", .role = "editor", .password_hash = "x", .created_at = 1};
    assert_int_equal(store_add_user(b, &nu, &uid), CONG_OK);
    assert_int_equal(store_get_user(b, &a, uid, &usr), CONG_OK);
    assert_string_equal(usr.role, "editor");
    assert_string_equal(usr.default_role, "");
    assert_int_equal(store_get_user(st, &a, uid, &usr), CONG_OK);
    assert_string_equal(usr.role, "");
    assert_int_equal(usr.other_sites, 1);
    assert_int_equal(store_list_users(st, &a, true, &users, &n), CONG_OK);
    assert_int_equal(n, 0);
    s.user_id = uid;
    assert_int_equal(store_add_session(b, &s), CONG_OK);
    assert_int_equal(store_get_session(st, &a, "h1", &s, &usr), CONG_ENOTFOUND);
    assert_int_equal(store_get_session(b, &a, "h1", &s, &usr), CONG_OK);
    assert_string_equal(usr.role, "editor");

    /* a site holding records stays, unless forced; the default one always */
    assert_int_equal(store_delete_site(st, site_b, false), CONG_EEXIST);
    assert_int_equal(store_site_usage(st, site_b, &u), CONG_OK);
    assert_int_equal(u.articles, 1);
    assert_int_equal(u.categories, 1);
    assert_int_equal(store_delete_site(st, STORE_DEFAULT_SITE, true), CONG_EINVAL);
    assert_int_equal(store_delete_site(st, site_b, true), CONG_OK);
    assert_int_equal(store_get_article(b, &a, art_b, &art), CONG_ENOTFOUND);
    assert_int_equal(store_get_session(b, &a, "h1", &s, &usr), CONG_ENOTFOUND);
    assert_int_equal(store_get_user(st, &a, uid, &usr), CONG_OK); /* the account stays */
    assert_int_equal(store_delete_site(st, site_b, true), CONG_ENOTFOUND);
    assert_int_equal(store_get_article(st, &a, art_a, &art), CONG_OK);
    arena_release(&a);
    store_free(st);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(open_creates_database_with_latest_schema),
        T(open_create_alone_initialises_new_file),
        T(open_missing_without_create_is_notfound),
        T(open_refuses_newer_schema),
        T(open_empty_database_needs_migrate),
        T(login_successes_are_kept_and_old_records_go),
        T(migration_8_ends_the_locks_of_names_only),
        T(open_refuses_foreign_sqlite_file),
        T(open_unwritable_path_is_eio),
        T(open_non_database_file_is_eio),
        T(open_rejects_memory_path_and_bad_flags),
        T(open_readonly_reads_and_refuses_writes),
        T(ping_and_pool_figures),
        T(settings_round_trip),
        T(categories_add_list_get),
        T(categories_duplicate_slug_is_eexist),
        T(categories_missing_parent_or_name_is_einval),
        T(article_add_get_update),
        T(article_bad_references_are_einval),
        T(list_filters_by_category_and_excludes),
        T(list_published_only_hides_drafts_and_future),
        T(list_pages_with_totals),
        T(list_limit_is_capped),
        T(list_filters_by_language),
        T(migration_18_makes_existing_content_vietnamese),
        cmocka_unit_test(status_names_round_trip),
        T(sites_see_only_their_own_records),
        T(media_round_trip),
        T(threads_add_and_list_consistently),
        T(data_survives_reopen),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
