/*
 * Unit tests of the metrics module through its header: the allow list of /metrics (IPv4 and
 * IPv6 networks, their edges, IPv4 seen through a dual-stack socket, strict refusal of bad
 * entries), the request counters (exact from many threads) and the latency histogram as the
 * exposition format writes it (cumulative buckets, _count equal to +Inf), and the format's
 * lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "metrics/metrics.h"

static struct metrics_allow *allow(const char *list)
{
    struct metrics_allow *a = NULL;
    struct cong_error err = {0};

    if (metrics_allow_parse(list, &a, &err) != CONG_OK)
        fail_msg("metrics_allow_parse '%s': %s", list, err.msg);
    return a;
}

static void loopback_is_the_default(void **state)
{
    struct metrics_allow *a = allow(METRICS_ALLOW_DEFAULT);

    (void)state;
    assert_true(metrics_allow_has(a, "127.0.0.1"));
    assert_true(metrics_allow_has(a, "127.255.3.4"));
    assert_true(metrics_allow_has(a, "::1"));
    /* an IPv4 peer of a dual-stack socket */
    assert_true(metrics_allow_has(a, "::ffff:127.0.0.1"));
    assert_false(metrics_allow_has(a, "128.0.0.1"));
    assert_false(metrics_allow_has(a, "10.0.0.1"));
    assert_false(metrics_allow_has(a, "::2"));
    assert_false(metrics_allow_has(a, "::ffff:10.0.0.1"));
    /* what is no address is no one */
    assert_false(metrics_allow_has(a, "-"));
    assert_false(metrics_allow_has(a, ""));
    assert_false(metrics_allow_has(a, NULL));
    assert_false(metrics_allow_has(a, "localhost"));
    assert_false(metrics_allow_has(NULL, "127.0.0.1"));
    metrics_allow_free(a);
}

static void networks_end_where_their_prefix_says(void **state)
{
    struct metrics_allow *a = allow(" 10.0.0.0/8 ,192.168.1.128/25, fd00::/8,2001:db8::1/128 ");

    (void)state;
    assert_true(metrics_allow_has(a, "10.0.0.0"));
    assert_true(metrics_allow_has(a, "10.255.255.255"));
    assert_false(metrics_allow_has(a, "9.255.255.255"));
    assert_false(metrics_allow_has(a, "11.0.0.0"));
    assert_true(metrics_allow_has(a, "192.168.1.128"));
    assert_true(metrics_allow_has(a, "192.168.1.255"));
    assert_false(metrics_allow_has(a, "192.168.1.127"));
    assert_true(metrics_allow_has(a, "fd12:3456::1"));
    assert_true(metrics_allow_has(a, "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    assert_false(metrics_allow_has(a, "fe00::1"));
    assert_false(metrics_allow_has(a, "fc00::1"));
    assert_true(metrics_allow_has(a, "2001:db8::1"));
    assert_true(metrics_allow_has(a, "2001:0db8:0000::0001")); /* another spelling of it */
    assert_false(metrics_allow_has(a, "2001:db8::2"));
    assert_false(metrics_allow_has(a, "127.0.0.1"));
    assert_false(metrics_allow_has(a, "::1"));
    metrics_allow_free(a);
}

static void whole_families_and_single_hosts(void **state)
{
    struct metrics_allow *v4 = allow("0.0.0.0/0"), *v6 = allow("::/0"), *host = allow("192.0.2.7");

    (void)state;
    assert_true(metrics_allow_has(v4, "203.0.113.9"));
    assert_true(metrics_allow_has(v4, "::ffff:203.0.113.9"));
    assert_false(metrics_allow_has(v4, "2001:db8::1"));
    /* the families stay apart: "every IPv6 address" does not let IPv4 in */
    assert_true(metrics_allow_has(v6, "2001:db8::1"));
    assert_false(metrics_allow_has(v6, "203.0.113.9"));
    assert_true(metrics_allow_has(host, "192.0.2.7"));
    assert_false(metrics_allow_has(host, "192.0.2.6"));
    assert_false(metrics_allow_has(host, "192.0.2.8"));
    metrics_allow_free(v4);
    metrics_allow_free(v6);
    metrics_allow_free(host);
}

static void an_empty_list_allows_no_one(void **state)
{
    struct metrics_allow *a = allow(""), *b = allow("   ");

    (void)state;
    assert_false(metrics_allow_has(a, "127.0.0.1"));
    assert_false(metrics_allow_has(b, "::1"));
    metrics_allow_free(a);
    metrics_allow_free(b);
}

static void bad_entries_are_refused_by_name(void **state)
{
    static const struct {
        const char *list, *quoted;
    } bad[] = {
        {"10.0.0.0/33", "'10.0.0.0/33'"},
        {"::1/129", "'::1/129'"},
        {"10.1.2.3/8", "'10.1.2.3/8'"}, /* bits past the prefix */
        {"fd00::1/8", "'fd00::1/8'"},
        {"10.0.0.0/", "'10.0.0.0/'"},
        {"10.0.0.0/+8", "'10.0.0.0/+8'"},
        {"10.0.0.0/ 8", "'10.0.0.0/ 8'"},
        {"10.0.0.0/8x", "'10.0.0.0/8x'"},
        {"10.0.0.0/0008", "'10.0.0.0/0008'"},
        {"10.0.0.0/8/8", "'10.0.0.0/8/8'"},
        {"10.0.0/8", "'10.0.0/8'"},
        {"127.0.0.1, localhost", "'localhost'"},
        {"[::1]", "'[::1]'"},
        {"1.2.3.4 5.6.7.8", "'1.2.3.4 5.6.7.8'"},
        {"127.0.0.1,", "empty entry"},
        {",127.0.0.1", "empty entry"},
        {"127.0.0.1,,::1", "empty entry"},
        {"*", "'*'"},
    };
    struct metrics_allow *a;
    struct cong_error err;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(&err, 0, sizeof(err));
        a = (struct metrics_allow *)1;
        assert_int_equal(metrics_allow_parse(bad[i].list, &a, &err), CONG_EINVAL);
        assert_null(a);
        if (!strstr(err.msg, bad[i].quoted))
            fail_msg("'%s': message '%s' does not say %s", bad[i].list, err.msg, bad[i].quoted);
        assert_null(strchr(err.msg, '\n'));
    }
}

static const char *const names[] = {"article", "home", "other"};

static void counters_count_by_class_and_code(void **state)
{
    struct metrics *m;

    (void)state;
    assert_int_equal(metrics_new(names, 0, &m), CONG_EINVAL);
    assert_null(m);
    assert_int_equal(metrics_new(names, METRICS_CLASSES_MAX + 1, &m), CONG_EINVAL);
    assert_int_equal(metrics_new(names, 3, &m), CONG_OK);
    metrics_count(m, 0, 200, 100);
    metrics_count(m, 0, 200, 100);
    metrics_count(m, 0, 404, 100);
    metrics_count(m, 1, 200, 100);
    metrics_count(m, 2, 42, 100);  /* no status: counted as 0 */
    metrics_count(m, 3, 200, 100); /* no such class: ignored */
    metrics_count(NULL, 0, 200, 100);
    assert_int_equal(metrics_requests(m, 0, 200), 2);
    assert_int_equal(metrics_requests(m, 0, 404), 1);
    assert_int_equal(metrics_requests(m, 1, 200), 1);
    assert_int_equal(metrics_requests(m, 1, 404), 0);
    assert_int_equal(metrics_requests(m, 2, 0), 1);
    assert_int_equal(metrics_requests(m, 3, 200), 0);
    metrics_free(m);
    metrics_free(NULL);
}

/* The value of the sample line that starts with prefix (name and labels) in text. */
static double sample(const char *text, const char *prefix)
{
    const char *p = text;
    size_t n = strlen(prefix);

    while (p && *p) {
        if (!strncmp(p, prefix, n) && p[n] == ' ')
            return strtod(p + n + 1, NULL);
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    fail_msg("no sample '%s' in:\n%s", prefix, text);
    return -1;
}

static void the_histogram_is_cumulative_and_counts_its_sum(void **state)
{
    static const char *const le[] = {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                                     "0.1",    "0.25",  "0.5",    "1",     "2.5",  "5",     "+Inf"};
    struct metrics *m;
    struct buf b;
    char key[128];
    double prev = 0, v;

    (void)state;
    assert_int_equal(metrics_new(names, 3, &m), CONG_OK);
    metrics_count(m, 0, 200, 500);      /* on the first bound: in it */
    metrics_count(m, 0, 200, 501);      /* just past it */
    metrics_count(m, 0, 304, 30000);    /* 30 ms */
    metrics_count(m, 0, 503, 10000000); /* 10 s: +Inf only */
    metrics_count(m, 0, 200, -5);       /* a clock stepping back counts as 0 */
    buf_init(&b, 0);
    metrics_write_requests(m, &b);
    assert_int_equal(buf_error(&b), CONG_OK);
    assert_non_null(strstr(b.data, "# TYPE cong_http_requests_total counter\n"));
    assert_non_null(strstr(b.data, "# TYPE cong_http_request_duration_seconds histogram\n"));
    assert_int_equal(sample(b.data, "cong_http_requests_total{class=\"article\",code=\"200\"}"), 3);
    assert_int_equal(sample(b.data, "cong_http_requests_total{class=\"article\",code=\"503\"}"), 1);
    /* classes and codes never seen have no counter line, but every class has its histogram */
    assert_null(strstr(b.data, "cong_http_requests_total{class=\"home\""));
    assert_int_equal(sample(b.data, "cong_http_request_duration_seconds_count{class=\"home\"}"), 0);
    for (size_t i = 0; i < sizeof(le) / sizeof(le[0]); i++) {
        snprintf(key, sizeof(key),
                 "cong_http_request_duration_seconds_bucket{class=\"article\",le=\"%s\"}", le[i]);
        v = sample(b.data, key);
        assert_true(v >= prev);
        prev = v;
    }
    assert_int_equal(
        sample(b.data,
               "cong_http_request_duration_seconds_bucket{class=\"article\",le=\"0.0005\"}"),
        2);
    assert_int_equal(
        sample(b.data, "cong_http_request_duration_seconds_bucket{class=\"article\",le=\"0.001\"}"),
        3);
    assert_int_equal(
        sample(b.data, "cong_http_request_duration_seconds_bucket{class=\"article\",le=\"0.025\"}"),
        3);
    assert_int_equal(
        sample(b.data, "cong_http_request_duration_seconds_bucket{class=\"article\",le=\"5\"}"), 4);
    assert_int_equal(prev, 5);
    assert_int_equal(sample(b.data, "cong_http_request_duration_seconds_count{class=\"article\"}"),
                     prev);
    v = sample(b.data, "cong_http_request_duration_seconds_sum{class=\"article\"}");
    assert_true(v > 10.030 && v < 10.032);
    buf_release(&b);
    metrics_free(m);
}

struct worker {
    struct metrics *m;
    size_t cls;
};

static void *count_many(void *arg)
{
    struct worker *w = arg;

    for (int i = 0; i < 20000; i++)
        metrics_count(w->m, w->cls, i % 2 ? 200 : 404, i % 1000);
    return NULL;
}

static void counting_is_exact_from_many_threads(void **state)
{
    struct worker w[4];
    pthread_t t[4];
    struct metrics *m;

    (void)state;
    assert_int_equal(metrics_new(names, 3, &m), CONG_OK);
    for (size_t i = 0; i < 4; i++) {
        w[i] = (struct worker){m, i % 2};
        assert_int_equal(pthread_create(&t[i], NULL, count_many, &w[i]), 0);
    }
    for (size_t i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(metrics_requests(m, 0, 200), 20000);
    assert_int_equal(metrics_requests(m, 0, 404), 20000);
    assert_int_equal(metrics_requests(m, 1, 200), 20000);
    assert_int_equal(metrics_requests(m, 1, 404), 20000);
    metrics_free(m);
}

static void lines_follow_the_exposition_format(void **state)
{
    struct buf b;
    uint64_t rss;
    struct metrics *m;

    (void)state;
    buf_init(&b, 0);
    metrics_put_int(&b, "cong_x_total", "counter", "Things counted.", 42);
    metrics_put_double(&b, "cong_lag_seconds", "gauge", "A lag.", 1.5);
    buf_puts(&b, "cong_info{version=\"");
    metrics_put_label(&b, "a\"b\\c\nd");
    buf_puts(&b, "\"} 1\n");
    assert_string_equal(b.data, "# HELP cong_x_total Things counted.\n"
                                "# TYPE cong_x_total counter\n"
                                "cong_x_total 42\n"
                                "# HELP cong_lag_seconds A lag.\n"
                                "# TYPE cong_lag_seconds gauge\n"
                                "cong_lag_seconds 1.500\n"
                                "cong_info{version=\"a\\\"b\\\\c\\nd\"} 1\n");
    buf_release(&b);
    assert_true(metrics_resident_bytes(&rss));
    assert_true(rss > 1024 * 1024);
    assert_int_equal(metrics_new(names, 3, &m), CONG_OK);
    assert_true(metrics_start_time(m) > 1700000000.0);
    metrics_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loopback_is_the_default),
        cmocka_unit_test(networks_end_where_their_prefix_says),
        cmocka_unit_test(whole_families_and_single_hosts),
        cmocka_unit_test(an_empty_list_allows_no_one),
        cmocka_unit_test(bad_entries_are_refused_by_name),
        cmocka_unit_test(counters_count_by_class_and_code),
        cmocka_unit_test(the_histogram_is_cumulative_and_counts_its_sum),
        cmocka_unit_test(counting_is_exact_from_many_threads),
        cmocka_unit_test(lines_follow_the_exposition_format),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
