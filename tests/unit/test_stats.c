/*
 * Unit tests of the visitor counter with a real temporary store and an injected clock:
 * visitors by cookie and by address+browser, the 30-minute visit window, midnight, article
 * views, crawlers, the starting offset, exact counts from many threads, and the lag of the
 * views not yet written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "i18n/i18n.h"
#include "stats/stats.h"
#include "store/store.h"

static int64_t fake_now;

static int64_t clock_fn(void)
{
    return __atomic_load_n(&fake_now, __ATOMIC_SEQ_CST);
}

struct fixture {
    char dir[64];
    char path[128];
    struct store *st;
    struct stats *stats;
    int64_t article_id;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct cong_error err;
    struct category c = {.slug = "tin", .name = "Tin"};
    struct article a = {.status = ARTICLE_PUBLISHED, .title = "A", .slug = "a"};
    int64_t cid;

    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/cong-stats-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
    if (time_set_zone("Asia/Ho_Chi_Minh") != CONG_OK ||
        store_open(f->path, STORE_OPEN_CREATE, &f->st, &err) != CONG_OK ||
        store_add_category(f->st, &c, &cid) != CONG_OK)
        return -1;
    a.category_id = cid;
    if (store_add_article(f->st, &a, &f->article_id) != CONG_OK)
        return -1;
    /* 2026-11-24 10:00 in Hà Nội */
    fake_now = 1795489200;
    struct stats_config cfg = {.now = clock_fn};
    if (stats_new(f->st, &cfg, &f->stats, &err) != CONG_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char side[160];

    stats_free(f->stats);
    store_free(f->st);
    unlink(f->path);
    snprintf(side, sizeof(side), "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", f->path);
    unlink(side);
    rmdir(f->dir);
    free(f);
    return 0;
}

static const char *const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120";

static void view(struct fixture *f, const char *cookie_header, const char *addr, const char *ua,
                 int64_t article, char cookie[STATS_COOKIE_LEN + 1], bool *set)
{
    struct stats_view v = {cookie_header, addr, ua, article};
    char tmp[STATS_COOKIE_LEN + 1];
    bool s = stats_count(f->stats, &v, cookie ? cookie : tmp);

    if (set)
        *set = s;
}

static struct stats_counts counts(struct fixture *f)
{
    struct stats_counts c;

    assert_int_equal(stats_read(f->stats, 1, &c), CONG_OK);
    return c;
}

static void crawlers_are_known(void **state)
{
    (void)state;
    assert_true(stats_is_crawler("Mozilla/5.0 (compatible; Googlebot/2.1)"));
    assert_true(stats_is_crawler("bingbot/2.0"));
    assert_true(stats_is_crawler("curl/8.0"));
    assert_true(stats_is_crawler(""));
    assert_true(stats_is_crawler(NULL));
    assert_false(stats_is_crawler(BROWSER));
}

static void cookieless_requests_from_one_browser_count_once(void **state)
{
    struct fixture *f = *state;
    char first[STATS_COOKIE_LEN + 1], again[STATS_COOKIE_LEN + 1];
    bool set;

    view(f, NULL, "10.0.0.1", BROWSER, 0, first, &set);
    assert_true(set);
    for (int i = 0; i < 49; i++) {
        fake_now += 5;
        view(f, NULL, "10.0.0.1", BROWSER, 0, again, &set);
        assert_true(set);
        assert_string_equal(again, first); /* the same visitor, offered the same cookie */
    }
    struct stats_counts c = counts(f);
    assert_int_equal(c.today, 1);
    assert_int_equal(c.total, 1);
    assert_int_equal(c.online, 1);
}

static void the_cookie_keeps_the_visitor(void **state)
{
    struct fixture *f = *state;
    char cookie[STATS_COOKIE_LEN + 1], header[64];
    bool set;

    view(f, NULL, "10.0.0.2", BROWSER, 0, cookie, &set);
    snprintf(header, sizeof(header), "a=b; " STATS_COOKIE "=%s", cookie);
    fake_now += 60;
    view(f, header, "10.9.9.9", "Another browser 1.0", 0, NULL, &set);
    assert_false(set);
    assert_int_equal(counts(f).today, 1);
    /* a malformed cookie is no cookie */
    view(f, STATS_COOKIE "=zz", "10.0.0.3", BROWSER, 0, NULL, &set);
    assert_true(set);
    assert_int_equal(counts(f).today, 2);
}

static void a_visit_ends_after_thirty_minutes(void **state)
{
    struct fixture *f = *state;
    char header[64], cookie[STATS_COOKIE_LEN + 1];

    view(f, NULL, "10.0.0.4", BROWSER, 0, cookie, NULL);
    snprintf(header, sizeof(header), STATS_COOKIE "=%s", cookie);
    fake_now += 29 * 60;
    view(f, header, "10.0.0.4", BROWSER, 0, NULL, NULL);
    assert_int_equal(counts(f).total, 1);
    fake_now += 29 * 60; /* 29 minutes after the last view, not the first */
    view(f, header, "10.0.0.4", BROWSER, 0, NULL, NULL);
    assert_int_equal(counts(f).total, 1);
    fake_now += 31 * 60;
    view(f, header, "10.0.0.4", BROWSER, 0, NULL, NULL);
    assert_int_equal(counts(f).total, 2);
    /* cookieless too: after 31 minutes the same address and browser is a new visit */
    view(f, NULL, "10.0.0.5", BROWSER, 0, NULL, NULL);
    fake_now += 31 * 60;
    view(f, NULL, "10.0.0.5", BROWSER, 0, NULL, NULL);
    assert_int_equal(counts(f).total, 4);
}

static void online_forgets_after_five_minutes(void **state)
{
    struct fixture *f = *state;

    view(f, NULL, "10.0.0.6", BROWSER, 0, NULL, NULL);
    view(f, NULL, "10.0.0.7", BROWSER, 0, NULL, NULL);
    assert_int_equal(counts(f).online, 2);
    fake_now += 4 * 60;
    view(f, NULL, "10.0.0.7", BROWSER, 0, NULL, NULL);
    fake_now += 2 * 60;
    assert_int_equal(counts(f).online, 1);
}

static void today_restarts_at_midnight_and_total_does_not(void **state)
{
    struct fixture *f = *state;

    view(f, NULL, "10.0.1.1", BROWSER, 0, NULL, NULL);
    view(f, NULL, "10.0.1.2", BROWSER, 0, NULL, NULL);
    assert_int_equal(counts(f).today, 2);
    fake_now += 14 * 3600 + 60; /* 00:01 the next day in Hà Nội */
    assert_int_equal(counts(f).today, 0);
    view(f, NULL, "10.0.1.3", BROWSER, 0, NULL, NULL);
    struct stats_counts c = counts(f);
    assert_int_equal(c.today, 1);
    assert_int_equal(c.total, 3);
}

static void a_visit_across_midnight_belongs_to_its_first_day(void **state)
{
    struct fixture *f = *state;
    char cookie[STATS_COOKIE_LEN + 1], header[64];

    fake_now += 14 * 3600 - 5 * 60; /* 23:55 */
    view(f, NULL, "10.0.2.1", BROWSER, 0, cookie, NULL);
    snprintf(header, sizeof(header), STATS_COOKIE "=%s", cookie);
    fake_now += 10 * 60; /* 00:05: the same visit goes on */
    view(f, header, "10.0.2.1", BROWSER, 0, NULL, NULL);
    struct stats_counts c = counts(f);
    assert_int_equal(c.today, 0);
    assert_int_equal(c.total, 1);
}

static void article_views_count_once_per_visitor_and_window(void **state)
{
    struct fixture *f = *state;
    char cookie[STATS_COOKIE_LEN + 1], header[64];
    int64_t views;

    view(f, NULL, "10.0.3.1", BROWSER, f->article_id, cookie, NULL);
    snprintf(header, sizeof(header), STATS_COOKIE "=%s", cookie);
    view(f, header, "10.0.3.1", BROWSER, f->article_id, NULL, NULL);
    view(f, NULL, "10.0.3.2", BROWSER, f->article_id, NULL, NULL);
    view(f, NULL, "10.0.3.3", "Googlebot/2.1", f->article_id, NULL, NULL);
    assert_int_equal(stats_flush(f->stats), CONG_OK);
    assert_int_equal(store_article_views(f->st, f->article_id, &views), CONG_OK);
    assert_int_equal(views, 2);
    fake_now += 31 * 60;
    view(f, header, "10.0.3.1", BROWSER, f->article_id, NULL, NULL);
    assert_int_equal(stats_flush(f->stats), CONG_OK);
    assert_int_equal(store_article_views(f->st, f->article_id, &views), CONG_OK);
    assert_int_equal(views, 3);

    struct arena a;
    struct article_views_row *top;
    size_t n;
    arena_init(&a, 0);
    assert_int_equal(store_top_articles(f->st, &a, 10, &top, &n), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(top[0].views, 3);
    assert_string_equal(top[0].title, "A");
    arena_release(&a);
}

static void crawlers_are_not_visits(void **state)
{
    struct fixture *f = *state;
    bool set;

    view(f, NULL, "10.0.4.1", "Mozilla/5.0 (compatible; bingbot/2.0)", 0, NULL, &set);
    assert_false(set);
    view(f, NULL, "10.0.4.1", NULL, 0, NULL, &set);
    assert_int_equal(counts(f).total, 0);
}

static void total_starts_from_the_configured_offset(void **state)
{
    struct fixture *f = *state;
    struct stats_config cfg = {.now = clock_fn};
    struct cong_error err;

    stats_free(f->stats);
    assert_int_equal(store_set_setting(f->st, "stats_total_offset", "756989"), CONG_OK);
    assert_int_equal(stats_new(f->st, &cfg, &f->stats, &err), CONG_OK);
    view(f, NULL, "10.0.5.1", BROWSER, 0, NULL, NULL);
    struct stats_counts c = counts(f);
    assert_int_equal(c.total, 756990);
    assert_int_equal(c.today, 1);
    stats_cached(f->stats, 1, &c);
    assert_int_equal(c.total, 756990);

    stats_free(f->stats);
    f->stats = NULL;
    assert_int_equal(store_set_setting(f->st, "stats_total_offset", "nhiều"), CONG_OK);
    assert_int_equal(stats_new(f->st, &cfg, &f->stats, &err), CONG_EINVAL);
    assert_non_null(strstr(err.msg, "stats_total_offset"));
    assert_int_equal(store_set_setting(f->st, "stats_total_offset", "0"), CONG_OK);
    assert_int_equal(stats_new(f->st, &cfg, &f->stats, &err), CONG_OK);
}

static void counts_survive_a_restart_and_the_secret_is_kept(void **state)
{
    struct fixture *f = *state;
    struct stats_config cfg = {.now = clock_fn};
    struct cong_error err;
    bool set;

    view(f, NULL, "10.0.6.1", BROWSER, 0, NULL, NULL);
    stats_free(f->stats); /* writes the gathered view */
    assert_int_equal(stats_new(f->st, &cfg, &f->stats, &err), CONG_OK);
    /* the same address and browser are recognised by the next process through the store */
    fake_now += 60;
    view(f, NULL, "10.0.6.1", BROWSER, 0, NULL, &set);
    struct stats_counts c = counts(f);
    assert_int_equal(c.total, 1);
    assert_int_equal(c.today, 1);
}

struct worker {
    struct fixture *f;
    int id;
};

static void *count_many(void *arg)
{
    struct worker *w = arg;
    char addr[32];

    for (int i = 0; i < 500; i++) {
        snprintf(addr, sizeof(addr), "10.%d.%d.%d", w->id, i / 250, i % 250);
        view(w->f, NULL, addr, BROWSER, w->f->article_id, NULL, NULL);
        if (i % 100 == 0)
            (void)stats_flush(w->f->stats); /* hand-overs racing with counting */
    }
    return NULL;
}

static void counts_are_exact_under_concurrency(void **state)
{
    struct fixture *f = *state;
    struct worker w[8];
    pthread_t t[8];
    int64_t views;

    assert_int_equal(stats_start(f->stats), CONG_OK);
    for (int i = 0; i < 8; i++) {
        w[i] = (struct worker){f, i + 1};
        assert_int_equal(pthread_create(&t[i], NULL, count_many, &w[i]), 0);
    }
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    struct stats_counts c = counts(f);
    assert_int_equal(c.today, 4000);
    assert_int_equal(c.total, 4000);
    assert_int_equal(c.online, 4000);
    assert_int_equal(store_article_views(f->st, f->article_id, &views), CONG_OK);
    assert_int_equal(views, 4000);
}

static void days_list_the_counts(void **state)
{
    struct fixture *f = *state;
    struct arena a;
    struct stats_day *days;
    size_t n;

    view(f, NULL, "10.0.7.1", BROWSER, 0, NULL, NULL);
    fake_now += 86400;
    view(f, NULL, "10.0.7.1", BROWSER, 0, NULL, NULL);
    view(f, NULL, "10.0.7.2", BROWSER, 0, NULL, NULL);
    assert_int_equal(stats_flush(f->stats), CONG_OK);
    arena_init(&a, 0);
    assert_int_equal(store_stats_days(f->st, &a, "2026-11-01", "2026-11-30", &days, &n), CONG_OK);
    assert_int_equal(n, 2);
    assert_string_equal(days[0].day, "2026-11-24");
    assert_int_equal(days[0].visits, 1);
    assert_string_equal(days[1].day, "2026-11-25");
    assert_int_equal(days[1].visits, 2);
    arena_release(&a);
}

static void series_has_every_day_and_the_chart_describes_it(void **state)
{
    struct fixture *f = *state;
    struct stats_series *v;
    struct arena a;
    struct buf b;

    view(f, NULL, "10.0.8.1", BROWSER, 0, NULL, NULL);
    fake_now += 2 * 86400;
    view(f, NULL, "10.0.8.1", BROWSER, 0, NULL, NULL);
    view(f, NULL, "10.0.8.2", BROWSER, 0, NULL, NULL);
    arena_init(&a, 0);
    assert_int_equal(stats_series(f->stats, stats_store(f->stats), &a, 30, &v), CONG_OK);
    assert_string_equal(v[29].day, "2026-11-26");
    assert_string_equal(v[28].day, "2026-11-25");
    assert_string_equal(v[0].day, "2026-10-28");
    assert_int_equal(v[29].visits, 2);
    assert_int_equal(v[28].visits, 0);
    assert_int_equal(v[27].visits, 1);
    assert_int_equal(stats_series(f->stats, stats_store(f->stats), &a, 0, &v), CONG_EINVAL);

    assert_int_equal(stats_series(f->stats, stats_store(f->stats), &a, 30, &v), CONG_OK);
    buf_init(&b, 0);
    stats_svg_chart(v, 30, "Lượt truy cập 30 ngày <qua>", &b);
    assert_non_null(strstr(b.data, "role=\"img\""));
    assert_non_null(strstr(b.data, "Lượt truy cập 30 ngày &lt;qua&gt;"));
    assert_non_null(strstr(b.data, "Tổng 3 lượt truy cập"));
    assert_non_null(strstr(b.data, "từ 28-10-2026 đến 26-11-2026"));
    assert_non_null(strstr(b.data, "nhiều nhất 2 lượt vào ngày 26-11-2026"));
    assert_null(strstr(b.data, "style="));
    /* in English the dates are written as English writes them */
    buf_reset(&b);
    i18n_set_lang(I18N_EN);
    stats_svg_chart(v, 30, "Visits", &b);
    i18n_set_lang(I18N_VI);
    assert_non_null(strstr(b.data, "28 Oct 2026"));
    assert_non_null(strstr(b.data, "26 Nov 2026"));
    buf_reset(&b);
    stats_csv(v, 30, &b);
    assert_non_null(strstr(b.data, "ngay,luot_truy_cap,luot_xem_trang\r\n2026-10-28,0,0\r\n"));
    assert_non_null(strstr(b.data, "2026-11-26,2,2\r\n"));
    buf_release(&b);
    arena_release(&a);
}

static void the_lag_is_the_age_of_the_oldest_unwritten_view(void **state)
{
    struct fixture *f = *state;
    struct timespec pause = {0, 20 * 1000 * 1000};

    assert_true(stats_lag(f->stats) == 0.0);
    view(f, NULL, "10.0.0.1", BROWSER, 0, NULL, NULL);
    nanosleep(&pause, NULL);
    view(f, NULL, "10.0.0.2", BROWSER, 0, NULL, NULL); /* a newer one does not reset it */
    assert_true(stats_lag(f->stats) >= 0.02);
    assert_true(stats_lag(f->stats) < 10.0);
    assert_int_equal(stats_flush(f->stats), CONG_OK);
    assert_true(stats_lag(f->stats) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crawlers_are_known),
        cmocka_unit_test_setup_teardown(cookieless_requests_from_one_browser_count_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_cookie_keeps_the_visitor, setup, teardown),
        cmocka_unit_test_setup_teardown(a_visit_ends_after_thirty_minutes, setup, teardown),
        cmocka_unit_test_setup_teardown(online_forgets_after_five_minutes, setup, teardown),
        cmocka_unit_test_setup_teardown(today_restarts_at_midnight_and_total_does_not, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_visit_across_midnight_belongs_to_its_first_day, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(article_views_count_once_per_visitor_and_window, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(crawlers_are_not_visits, setup, teardown),
        cmocka_unit_test_setup_teardown(total_starts_from_the_configured_offset, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(counts_survive_a_restart_and_the_secret_is_kept, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(counts_are_exact_under_concurrency, setup, teardown),
        cmocka_unit_test_setup_teardown(days_list_the_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(series_has_every_day_and_the_chart_describes_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_lag_is_the_age_of_the_oldest_unwritten_view, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
