"""/metrics and /healthz against the real server. /metrics speaks Prometheus's text format
(version 0.0.4): every sample line is `name{labels} value` and every metric has its TYPE (a
small parser here checks it all). Requests are counted by route class and status (an article
under "article" with 200, an unknown address under "other" with 404), the latency histogram's
buckets are cumulative with `_count` equal to `+Inf`, the render cache's hits move on a second
request for a page, and the database pool, the visitor counter's flush lag and the process's
memory are there. Neither page is cached or counted as a visit. [server] metrics_allow decides
who may read /metrics (loopback by default): a list that leaves loopback out answers 404 as if
the page did not exist, and a bad entry stops `cong serve` with one line on stderr."""

import json
import math
import os
import re
import tempfile
import time
import unittest

from harness import Server, run_cong

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"

srv = None

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(rf"^({NAME})(?:\{{({LABEL}(?:,{LABEL})*)\}})? (\S+)$")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def parse(text):
    """The exposition as {"types": {family: type}, "samples": {(name, labels): value}}, labels
    a sorted tuple of (key, value). Fails on anything the format does not allow."""
    types, helps, samples = {}, set(), {}
    assert text.endswith("\n"), "the exposition ends with a newline"
    for line in text.splitlines():
        if line.startswith("# HELP "):
            name = line.split(" ", 3)[2]
            assert re.fullmatch(NAME, name), line
            assert name not in helps, f"second HELP for {name}"
            helps.add(name)
        elif line.startswith("# TYPE "):
            parts = line.split(" ")
            assert len(parts) == 4 and parts[3] in TYPES, line
            assert parts[2] not in types, f"second TYPE for {parts[2]}"
            types[parts[2]] = parts[3]
        elif line.startswith("#"):
            continue  # a comment
        else:
            m = SAMPLE.match(line)
            assert m, f"not a sample line: {line!r}"
            name, labels, value = m.groups()
            v = float(value)  # also +Inf, -Inf, NaN
            assert not math.isnan(v) or value == "NaN", line
            family = name
            if family not in types:
                family = re.sub(r"_(bucket|sum|count)$", "", name)
                assert types.get(family) in ("histogram", "summary"), f"no TYPE for {name}"
            pairs = tuple(sorted(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"',
                                            labels or "")))
            key = (name, pairs)
            assert key not in samples, f"sample given twice: {line}"
            samples[key] = v
    return {"types": types, "samples": samples}


def scrape(server=None):
    r = (server or srv).get("/metrics")
    assert r.status == 200, r.status
    return parse(r.text)


def value(m, name, **labels):
    """A sample's value, 0 when the sample is absent (a counter not yet moved)."""
    return m["samples"].get((name, tuple(sorted(labels.items()))), 0)


def browse(path, ua=BROWSER, server=None):
    return (server or srv).get(path, headers={"User-Agent": ua})


def until(check, what, seconds=10):
    """An answer is counted once it has gone out, just after the client has it: wait for it
    to show (a deadline, not a sleep)."""
    deadline = time.time() + seconds
    while True:
        got = check()
        if got or time.time() > deadline:
            assert got, what
            return got
        time.sleep(0.02)


def article_path():
    home = browse("/").text
    return re.search(r'href="(/bai-viet/\d+-[a-z0-9-]+)"', home).group(1)


def setUpModule():
    global srv
    srv = Server(demo=True)


def tearDownModule():
    srv.close()


class Exposition(unittest.TestCase):
    def test_it_parses_and_every_metric_has_a_type(self):
        browse("/")
        r = srv.get("/metrics")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type").startswith("text/plain; version=0.0.4"))
        self.assertEqual(r.header("cache-control"), "no-store")
        m = parse(r.text)
        want = {
            "cong_http_requests_total": "counter",
            "cong_http_request_duration_seconds": "histogram",
            "cong_cache_hits_total": "counter",
            "cong_cache_misses_total": "counter",
            "cong_cache_evictions_total": "counter",
            "cong_db_pool_connections": "gauge",
            "cong_db_pool_in_use": "gauge",
            "cong_db_pool_waits_total": "counter",
            "cong_db_notifications_total": "counter",
            "cong_stats_flush_lag_seconds": "gauge",
            "process_resident_memory_bytes": "gauge",
            "process_start_time_seconds": "gauge",
        }
        for name, kind in want.items():
            self.assertEqual(m["types"].get(name), kind, name)
        self.assertGreater(value(m, "process_resident_memory_bytes"), 1 << 20)
        started = value(m, "process_start_time_seconds")
        self.assertLess(abs(time.time() - started), 3600)
        self.assertGreaterEqual(value(m, "cong_db_pool_connections"), 1)
        self.assertGreaterEqual(value(m, "cong_db_pool_connections"),
                                value(m, "cong_db_pool_in_use"))
        self.assertEqual(value(m, "cong_db_notifications_total"), 0)  # SQLite sends none
        self.assertGreaterEqual(value(m, "cong_stats_flush_lag_seconds"), 0)
        self.assertLess(value(m, "cong_stats_flush_lag_seconds"), 60)

    def test_the_parser_refuses_what_the_format_does_not_allow(self):
        for bad in ("cong_x 1\n",  # no TYPE
                    "# TYPE cong_x counter\ncong_x{a=b} 1\n",  # unquoted label
                    "# TYPE cong_x counter\ncong_x one\n",
                    "# TYPE cong_x counter\ncong_x 1"):  # no final newline
            with self.assertRaises((AssertionError, ValueError), msg=bad):
                parse(bad)


class Requests(unittest.TestCase):
    def test_an_article_counts_under_its_class_with_200(self):
        path = article_path()
        before = value(scrape(), "cong_http_requests_total", **{"class": "article", "code": "200"})
        self.assertEqual(browse(path).status, 200)
        until(lambda: value(scrape(), "cong_http_requests_total",
                            **{"class": "article", "code": "200"}) >= before + 1,
              "the article's 200 was not counted")

    def test_a_missing_page_counts_as_404(self):
        before = value(scrape(), "cong_http_requests_total", **{"class": "other", "code": "404"})
        self.assertEqual(browse("/khong-co-trang-nay-8812").status, 404)
        until(lambda: value(scrape(), "cong_http_requests_total",
                            **{"class": "other", "code": "404"}) >= before + 1,
              "the 404 was not counted")
        before = value(scrape(), "cong_http_requests_total", **{"class": "article", "code": "404"})
        self.assertEqual(browse("/bai-viet/999999-khong-co").status, 404)
        until(lambda: value(scrape(), "cong_http_requests_total",
                            **{"class": "article", "code": "404"}) >= before + 1,
              "the missing article's 404 was not counted")

    def test_the_histogram_is_cumulative_and_its_count_is_its_inf_bucket(self):
        browse(article_path())
        until(lambda: value(scrape(), "cong_http_request_duration_seconds_count",
                            **{"class": "article"}) >= 1, "no article in the histogram")
        m = scrape()
        classes = {dict(labels)["class"] for (name, labels) in m["samples"]
                   if name == "cong_http_request_duration_seconds_count"}
        self.assertTrue({"article", "home", "category", "search", "feed", "media", "static",
                         "api", "admin", "other"} <= classes, classes)
        for cls in classes:
            buckets = sorted(((float(dict(labels)["le"]), v)
                              for (name, labels), v in m["samples"].items()
                              if name == "cong_http_request_duration_seconds_bucket"
                              and dict(labels)["class"] == cls))
            bounds = [b for b, _ in buckets]
            self.assertEqual(bounds[0], 0.0005, cls)
            self.assertEqual(bounds[-2], 5, cls)
            self.assertEqual(bounds[-1], math.inf, cls)
            counts = [v for _, v in buckets]
            self.assertEqual(counts, sorted(counts), f"{cls}: buckets not cumulative")
            self.assertEqual(value(m, "cong_http_request_duration_seconds_count",
                                   **{"class": cls}), counts[-1], cls)
            self.assertGreaterEqual(value(m, "cong_http_request_duration_seconds_sum",
                                          **{"class": cls}), 0, cls)

    def test_a_second_request_for_a_page_is_a_cache_hit(self):
        path = f"/chuyen-muc/tin-tuc-su-kien?lan={time.time_ns()}"
        before = scrape()
        first = browse(path)
        second = browse(path)
        self.assertEqual((first.status, second.status), (200, 200))
        self.assertEqual(second.header("x-cache"), "hit")
        after = scrape()
        self.assertGreaterEqual(value(after, "cong_cache_misses_total"),
                                value(before, "cong_cache_misses_total") + 1)
        self.assertGreaterEqual(value(after, "cong_cache_hits_total"),
                                value(before, "cong_cache_hits_total") + 1)


class Health(unittest.TestCase):
    def test_healthz_is_ok_and_never_cached(self):
        for _ in range(2):
            r = srv.get("/healthz")
            self.assertEqual(r.status, 200)
            self.assertEqual(r.text, "ok\n")
            self.assertEqual(r.header("cache-control"), "no-store")
            self.assertIsNone(r.header("x-cache"))

    def test_metrics_and_healthz_are_not_visits(self):
        before = json.loads(srv.get("/api/v1/stats").body)
        for i in range(3):
            # a browser the counter has never seen: a page would make it a visitor
            ua = f"{BROWSER} probe/{time.time_ns()}.{i}"
            for path in ("/metrics", "/healthz"):
                r = browse(path, ua=ua)
                self.assertEqual(r.status, 200)
                self.assertIsNone(r.header("x-cache"), path)
                self.assertNotIn("cong_v=", r.header("set-cookie") or "", path)
        after = json.loads(srv.get("/api/v1/stats").body)
        self.assertEqual(after["total"], before["total"])
        self.assertEqual(after["today"], before["today"])


class Allow(unittest.TestCase):
    def config(self, text):
        path = os.path.join(self.dir.name, "cong.ini")
        with open(path, "w") as f:
            f.write(text)
        return path

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="cong-metrics-")

    def tearDown(self):
        self.dir.cleanup()

    def test_a_list_without_loopback_answers_404(self):
        cfg = self.config("[server]\nmetrics_allow = 10.0.0.0/8\n")
        other = Server(demo=False, extra_args=("--config", cfg))
        try:
            r = other.get("/metrics")
            self.assertEqual(r.status, 404)
            # the same answer as an address that does not exist
            missing = other.get("/khong-co-trang-nay")
            self.assertEqual(r.header("content-type"), missing.header("content-type"))
            self.assertNotIn("cong_http_requests_total", r.text)
            self.assertEqual(other.get("/healthz").status, 200)
        finally:
            other.close()

    def test_a_list_that_names_loopback_lets_it_in(self):
        cfg = self.config("[server]\nmetrics_allow = 192.0.2.0/24 , ::1, 127.0.0.1/32\n")
        other = Server(demo=False, extra_args=("--config", cfg))
        try:
            self.assertIn("cong_http_requests_total", scrape(other)["types"])
        finally:
            other.close()

    def test_a_bad_entry_stops_serve_with_one_line(self):
        db = os.path.join(self.dir.name, "cong.db")
        self.assertEqual(run_cong("init", "--db", db)[0], 0)
        for bad in ("10.0.0.0/33", "127.0.0.1, localhost", "10.1.2.3/8", "127.0.0.1,,::1"):
            cfg = self.config(f"[server]\nmetrics_allow = {bad}\n")
            st, out, err = run_cong("serve", "--db", db, "--listen", "127.0.0.1:0",
                                    "--config", cfg, timeout=60)
            self.assertNotEqual(st, 0, bad)
            lines = err.strip().splitlines()
            self.assertEqual(len(lines), 1, err)
            self.assertIn("metrics_allow", lines[0])


if __name__ == "__main__":
    unittest.main()
