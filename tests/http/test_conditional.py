"""Conditional requests against the real server (RFC 9110 §13): theme files, media (originals
and copies), the feeds and the sitemap carry an ETag and a Last-Modified; a matching
If-None-Match (one tag, a list, a W/ form, "*") or, when there is none, an If-Modified-Since no
older than Last-Modified answers 304 with no body; a feed that changed answers 200 with its new
tag; HEAD answers like GET without a body. Theme text files and pages go in brotli or gzip when
the request accepts it, each coding with its own ETag, and plain to a client that takes none."""

import email.utils
import gzip
import json
import re
import subprocess
import time
import unittest

from accounts import FAST, must_create_user
from harness import connect, Server, run_cong

srv = None
token = None
DAY = 86400


def prepare(db):
    """A publisher, and every date a day back, so that an article published by a test is newer
    than anything a feed showed before it."""
    must_create_user(db, "duyetdang", "publisher", "mat-khau-duyetdang-123")
    with connect(db) as c:
        c.execute("update articles set published_at = published_at - ?,"
                  " updated_at = updated_at - ?", (DAY, DAY))


def setUpModule():
    global srv, token
    srv = Server(demo=True, env=dict(FAST), prepare=prepare)
    st, out, err = run_cong("token", "create", "duyetdang", "--db", srv.db, env=FAST)
    assert st == 0, err
    token = out.strip()


def tearDownModule():
    srv.close()


def publish(category):
    body = {"title": "Tin mới " + str(time.monotonic_ns()), "summary": "Tóm tắt",
            "body": "Nội dung.", "category": category, "status": "published"}
    r = srv.request("POST", "/api/v1/articles", body=json.dumps(body),
                    headers={"Authorization": "Bearer " + token,
                             "Content-Type": "application/json"})
    assert r.status == 201, (r.status, r.text)
    return json.loads(r.text)


def http_date(t):
    return email.utils.formatdate(t, usegmt=True)


def seconds(date):
    return email.utils.parsedate_to_datetime(date).timestamp()


def raw_answer(method, path, headers=""):
    """The bytes of an answer on a connection the server closes: (head, body)."""
    data = srv.raw((f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\n{headers}"
                    "Connection: close\r\n\r\n").encode())
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


class Validators:
    """The checks every validated address passes; subclasses name PATHS."""
    PATHS = ()

    def first(self, path):
        r = srv.get(path)
        self.assertEqual(r.status, 200, path)
        etag, lm = r.header("etag"), r.header("last-modified")
        self.assertRegex(etag or "", r'^"[0-9a-f]{32}"$', path)
        return r, etag, lm

    def test_matching_etag_answers_304_without_a_body(self):
        for path in self.PATHS:
            r, etag, lm = self.first(path)
            for inm in (etag, "W/" + etag, f'"nope", {etag}', f'W/"x",W/{etag} ', "*"):
                r2 = srv.get(path, headers={"If-None-Match": inm})
                self.assertEqual(r2.status, 304, (path, inm))
                self.assertEqual(r2.body, b"")
                self.assertEqual(r2.header("etag"), etag)
                self.assertEqual(r2.header("cache-control"), r.header("cache-control"))
                self.assertEqual(r2.header("last-modified"), lm)
            # neither a tag cut short nor one that merely ends like ours
            for inm in ('"nope"', etag[:-2] + '"', "W/" + etag[:-2] + '"', '"x' + etag[1:]):
                self.assertEqual(srv.get(path, headers={"If-None-Match": inm}).status, 200,
                                 (path, inm))

    def test_no_body_goes_out_with_a_304(self):
        for path in self.PATHS:
            _, etag, _ = self.first(path)
            head, body = raw_answer("GET", path, f"If-None-Match: {etag}\r\n")
            self.assertTrue(head.startswith("HTTP/1.1 304"), head)
            self.assertEqual(body, b"")

    def test_head_answers_like_get_without_a_body(self):
        for path in self.PATHS:
            r, etag, lm = self.first(path)
            head, body = raw_answer("HEAD", path)
            self.assertTrue(head.startswith("HTTP/1.1 200"), head)
            self.assertIn(f"ETag: {etag}", head)
            self.assertIn(f"Content-Length: {len(r.body)}", head)
            self.assertEqual(body, b"")
            head, body = raw_answer("HEAD", path, f"If-None-Match: {etag}\r\n")
            self.assertTrue(head.startswith("HTTP/1.1 304"), head)
            self.assertEqual(body, b"")


class ModifiedSince:
    """If-Modified-Since, for addresses with a Last-Modified."""

    def test_if_modified_since_answers_304_when_nothing_is_newer(self):
        for path in self.PATHS:
            _, etag, lm = self.first(path)
            self.assertIsNotNone(lm, path)
            # an IMF-fixdate, in GMT
            self.assertRegex(lm, r"^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$")
            t = seconds(lm)
            self.assertLessEqual(t, time.time() + 1)
            for since in (lm, http_date(t + 60)):
                r = srv.get(path, headers={"If-Modified-Since": since})
                self.assertEqual(r.status, 304, (path, since))
                self.assertEqual(r.body, b"")
            # older than the answer, or not a date: the whole answer
            for since in (http_date(t - 1), "hier", ""):
                self.assertEqual(srv.get(path, headers={"If-Modified-Since": since}).status,
                                 200, (path, since))
            # the obsolete forms are dates too
            asctime = time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(t))
            self.assertEqual(srv.get(path, headers={"If-Modified-Since": asctime}).status, 304)

    def test_if_none_match_wins_over_if_modified_since(self):
        for path in self.PATHS:
            _, etag, lm = self.first(path)
            r = srv.get(path, headers={"If-None-Match": '"autre"', "If-Modified-Since": lm})
            self.assertEqual(r.status, 200, path)
            r = srv.get(path, headers={"If-None-Match": etag,
                                       "If-Modified-Since": http_date(seconds(lm) - DAY)})
            self.assertEqual(r.status, 304, path)


def static_path():
    m = re.search(r'href="(/static/[0-9a-f]+/style\.css)"', srv.get("/").text)
    assert m, "no stylesheet on the home page"
    return m.group(1)


class StaticFiles(Validators, ModifiedSince, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.PATHS = (static_path(), "/static/0/logo.svg")

    def test_versioned_files_are_immutable(self):
        r = srv.get(static_path())
        self.assertEqual(r.header("cache-control"), "public, max-age=31536000, immutable")


def unbrotli(data):
    """data decoded with Debian's brotli command (the tests' brotli package)."""
    return subprocess.run(["brotli", "-d", "-c"], input=data, stdout=subprocess.PIPE,
                          check=True).stdout


class Compression(unittest.TestCase):
    def test_theme_files_in_each_coding(self):
        for path in (static_path(), "/static/0/site.js", "/static/0/logo.svg"):
            plain = srv.get(path)
            self.assertEqual(plain.status, 200, path)
            self.assertIsNone(plain.header("content-encoding"), path)
            self.assertIn("Accept-Encoding", plain.header("vary") or "", path)
            tags = {plain.header("etag")}
            for coding, decode in (("br", unbrotli), ("gzip", gzip.decompress)):
                r = srv.get(path, headers={"Accept-Encoding": coding})
                self.assertEqual(r.status, 200, path)
                if r.header("content-encoding") is None:
                    # a file that does not get smaller goes plain
                    self.assertEqual(r.body, plain.body, path)
                    continue
                self.assertEqual(r.header("content-encoding"), coding, path)
                self.assertEqual(decode(r.body), plain.body, (path, coding))
                self.assertLess(len(r.body), len(plain.body), (path, coding))
                tags.add(r.header("etag"))
                # its own tag validates it, and the plain file's tag is not its own
                again = srv.get(path, headers={"Accept-Encoding": coding,
                                               "If-None-Match": r.header("etag")})
                self.assertEqual(again.status, 304, (path, coding))
                other = srv.get(path, headers={"Accept-Encoding": coding,
                                               "If-None-Match": plain.header("etag")})
                self.assertEqual(other.status, 200, (path, coding))
            self.assertEqual(len(tags), 3 if path.endswith((".css", ".js")) else len(tags), path)

    def test_a_stylesheet_gets_much_smaller(self):
        plain = srv.get(static_path())
        r = srv.get(static_path(), headers={"Accept-Encoding": "gzip, deflate, br"})
        self.assertEqual(r.header("content-encoding"), "br")
        self.assertLess(len(r.body) * 3, len(plain.body))

    def test_a_refused_coding_is_not_used(self):
        r = srv.get(static_path(), headers={"Accept-Encoding": "br;q=0, gzip"})
        self.assertEqual(r.header("content-encoding"), "gzip")
        r = srv.get(static_path(), headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
        self.assertIsNone(r.header("content-encoding"))

    def test_pages_the_cache_does_not_keep_are_compressed_too(self):
        # the documents' table and a login form are drawn for each request
        for path in ("/van-ban", "/dang-nhap", "/khong-co-trang-nay"):
            plain = srv.get(path)
            self.assertIsNone(plain.header("content-encoding"), path)
            r = srv.get(path, headers={"Accept-Encoding": "br"})
            self.assertEqual(r.header("content-encoding"), "br", path)
            self.assertIn("Accept-Encoding", r.header("vary") or "", path)
            self.assertIn("</html>", unbrotli(r.body).decode(), path)
            self.assertLess(len(r.body) * 2, len(plain.body), path)
            r = srv.get(path, headers={"Accept-Encoding": "gzip"})
            self.assertEqual(r.header("content-encoding"), "gzip", path)
            self.assertIn("</html>", gzip.decompress(r.body).decode(), path)

    def test_other_types_are_left_as_they_are(self):
        r = srv.get("/api/v1/articles", headers={"Accept-Encoding": "br, gzip"})
        self.assertEqual(r.status, 200)
        self.assertIsNone(r.header("content-encoding"))
        json.loads(r.text)


def media_paths():
    with connect(srv.db) as c:
        mid, = c.execute("select id from media where mime = 'image/jpeg' and id in"
                         " (select media_id from media_variants) order by id limit 1").fetchone()
        width, = c.execute("select width from media_variants where media_id = ? and"
                           " mime = 'image/webp' order by width limit 1", (mid,)).fetchone()
    return f"/media/{mid}.jpg", f"/media/{mid}-{width}.webp"


class Media(Validators, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.PATHS = media_paths()

    def test_originals_and_copies_are_immutable(self):
        for path in self.PATHS:
            r = srv.get(path)
            self.assertEqual(r.header("cache-control"), "public, max-age=31536000, immutable",
                             path)

    def test_an_original_is_modified_since_its_upload(self):
        original = self.PATHS[0]
        r = srv.get(original)
        lm = r.header("last-modified")
        with connect(srv.db) as c:
            created, = c.execute("select created_at from media where id = ?",
                                 (int(re.search(r"(\d+)", original).group(1)),)).fetchone()
        self.assertEqual(seconds(lm), created)
        self.assertEqual(srv.get(original, headers={"If-Modified-Since": lm}).status, 304)


class FeedsAndSitemap(Validators, ModifiedSince, unittest.TestCase):
    PATHS = ("/rss.xml", "/chuyen-muc/tin-tuc-su-kien/rss.xml", "/sitemap.xml")

    def test_a_feed_that_changed_is_sent_whole(self):
        # its own category, so that the other tests' feeds stay as they were
        path = "/chuyen-muc/thong-bao/rss.xml"
        before = srv.get(path)
        etag, lm = before.header("etag"), before.header("last-modified")
        self.assertEqual(srv.get(path, headers={"If-None-Match": etag}).status, 304)
        art = publish("thong-bao")
        r = srv.get(path, headers={"If-None-Match": etag})
        self.assertEqual(r.status, 200)
        self.assertIn(art["title"], r.text)
        self.assertNotEqual(r.header("etag"), etag)
        self.assertGreater(seconds(r.header("last-modified")), seconds(lm))
        r = srv.get(path, headers={"If-Modified-Since": lm})
        self.assertEqual(r.status, 200)
        self.assertIn(art["title"], r.text)
        # and the new answer is current in its turn
        self.assertEqual(srv.get(path, headers={"If-None-Match": r.header("etag")}).status, 304)

    def test_the_feed_is_the_same_for_every_request(self):
        a, b = srv.get("/rss.xml"), srv.get("/rss.xml")
        self.assertEqual(a.body, b.body)
        self.assertEqual(a.header("etag"), b.header("etag"))


class SitemapParts(unittest.TestCase):
    def test_parts_and_index_are_validated(self):
        s = Server(demo=True, env={"CONG_TEST_SITEMAP_URLS": "10"})
        try:
            self.assertIn("<sitemapindex", s.get("/sitemap.xml").text)
            for path in ("/sitemap.xml", "/sitemap-2.xml"):
                r = s.get(path)
                self.assertEqual(r.status, 200, path)
                etag, lm = r.header("etag"), r.header("last-modified")
                self.assertIsNotNone(lm, path)
                self.assertEqual(s.get(path, headers={"If-None-Match": etag}).status, 304)
                self.assertEqual(s.get(path, headers={"If-Modified-Since": lm}).status, 304)
        finally:
            s.close()


if __name__ == "__main__":
    unittest.main()
