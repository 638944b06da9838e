"""The public pages of a demo portal, fetched from the real server."""

import html
import re
import unittest
from html.parser import HTMLParser

from harness import connect, Server, table_columns

srv = None


def add_copies(db, n):
    """Adds n published copies of the newest article of the first category, so that one
    category has several pages (the demo has fewer than a page per category)."""
    with connect(db) as c:
        row = c.execute("select id, category_id from articles where site_id = 1"
                        " order by published_at desc limit 1").fetchone()
        cols = [col for col in table_columns(db, "articles") if col != "id"]
        for i in range(n):
            sel = ", ".join("slug || '-ban-sao-%d'" % i if col == "slug" else
                            "published_at - %d" % (86400 * (i + 1)) if col == "published_at"
                            else col for col in cols)
            c.execute(f"insert into articles ({', '.join(cols)}) select {sel} from articles "
                      f"where id = ?", (row[0],))


def setUpModule():
    global srv
    srv = Server(demo=True, prepare=lambda db: add_copies(db, 14))


def tearDownModule():
    srv.close()


class Resources(HTMLParser):
    """Collects what a browser would fetch on a first visit: styles, scripts, images, icons
    (a data: URL is no fetch)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = {k: v for k, v in attrs if not (v or "").startswith("data:")}
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload") and a.get("href"):
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "img" and a.get("src") and a.get("loading") != "lazy":
            self.urls.append(a["src"])


def article_links(body):
    return re.findall(r'href="(/bai-viet/(\d+)-[a-z0-9-]+)"', body)


class HomePage(unittest.TestCase):
    def test_home_lists_articles_of_each_category(self):
        r = srv.get("/")
        self.assertEqual(r.status, 200)
        self.assertIn("text/html", r.header("content-type"))
        body = r.text
        self.assertRegex(body, r'<html[^>]* lang="vi"')
        self.assertGreaterEqual(len(set(article_links(body))), 10)
        self.assertGreaterEqual(len(set(re.findall(r'href="/chuyen-muc/([a-z0-9-]+)"', body))), 5)
        for landmark in ("<header", "<nav", "<main", "<footer"):
            self.assertIn(landmark, body)

    def test_every_image_has_alt_text(self):
        body = srv.get("/").text
        for tag in re.findall(r"<img\b[^>]*>", body):
            self.assertRegex(tag, r'\balt="[^"]+"', tag)


class ArticlePage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        home = srv.get("/").text
        cls.path, cls.id = article_links(home)[0]
        cls.resp = srv.get(cls.path)

    def test_article_page_has_every_element_of_an_institutional_article(self):
        r = self.resp
        self.assertEqual(r.status, 200)
        body = r.text
        title = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1).strip())
        site = html.unescape(re.search(r'class="site-name"[^>]*>(.*?)<', body, re.S).group(1)
                             if 'class="site-name"' in body else "")
        page_title = html.unescape(re.search(r"<title>(.*?)</title>", body, re.S).group(1))
        self.assertTrue(page_title.startswith(title + " - "), page_title)
        self.assertRegex(body, r"Ngày \d{2}-\d{2}-\d{4}")
        self.assertIn("<figure", body)
        self.assertIn("<figcaption", body)
        self.assertRegex(body, r'class="byline"')
        self.assertGreater(len(re.findall(r"<p>", body)), 2)
        del site

    def test_byline_comes_after_the_body(self):
        body = self.resp.text
        self.assertLess(body.index("<figcaption"), body.index('class="byline"'))

    def test_other_articles_of_the_category_are_listed(self):
        links = [p for p, i in article_links(self.resp.text) if i != self.id]
        self.assertGreater(len(links), 0)

    def test_wrong_slug_redirects_permanently_to_canonical_url(self):
        for bad in (f"/bai-viet/{self.id}-sai-duong-dan", f"/bai-viet/{self.id}"):
            r = srv.get(bad)
            self.assertEqual(r.status, 301, bad)
            self.assertEqual(r.header("location"), self.path)

    def test_unknown_article_is_a_real_404_page(self):
        r = srv.get("/bai-viet/999999-khong-co")
        self.assertEqual(r.status, 404)
        self.assertIn("text/html", r.header("content-type"))
        self.assertIn('lang="vi"', r.text)
        self.assertIn('href="/"', r.text)

    def test_non_numeric_article_id_is_404(self):
        self.assertEqual(srv.get("/bai-viet/abc-def").status, 404)

    def test_first_visit_weighs_at_most_100kb_in_5_requests(self):
        p = Resources()
        p.feed(self.resp.text)
        urls = [self.path] + [u for u in dict.fromkeys(p.urls)]
        self.assertLessEqual(len(urls), 5, urls)
        total = len(self.resp.body)
        for u in urls[1:]:
            r = srv.get(u)
            self.assertEqual(r.status, 200, u)
            total += len(r.body)
        self.assertLessEqual(total, 100 * 1024, f"{total} bytes in {urls}")


class CategoryPage(unittest.TestCase):
    def find_paged_category(self):
        home = srv.get("/").text
        for slug in dict.fromkeys(re.findall(r'href="/chuyen-muc/([a-z0-9-]+)"', home)):
            r = srv.get(f"/chuyen-muc/{slug}")
            if "trang=2" in r.text:
                return slug, r
        self.skipTest("no category has two pages")

    def test_category_lists_its_articles_newest_first(self):
        home = srv.get("/").text
        slug = re.search(r'href="/chuyen-muc/([a-z0-9-]+)"', home).group(1)
        r = srv.get(f"/chuyen-muc/{slug}")
        self.assertEqual(r.status, 200)
        dates = re.findall(r'datetime="([0-9T:+-]+)"', r.text)
        self.assertGreater(len(dates), 0)
        main = r.text[r.text.index("<main"):]
        main_dates = re.findall(r'datetime="([0-9T:+-]+)"', main.split("</main>")[0])
        self.assertEqual(main_dates, sorted(main_dates, reverse=True))

    def test_second_page_differs_from_the_first(self):
        slug, first = self.find_paged_category()
        second = srv.get(f"/chuyen-muc/{slug}?trang=2")
        self.assertEqual(second.status, 200)
        a = set(article_links(first.text.split("<aside")[0]))
        b = set(article_links(second.text.split("<aside")[0]))
        self.assertTrue(b and not (a & b), (a, b))

    def test_page_past_the_end_is_404_and_bad_page_number_is_400(self):
        slug, _ = self.find_paged_category()
        self.assertEqual(srv.get(f"/chuyen-muc/{slug}?trang=999").status, 404)
        self.assertEqual(srv.get(f"/chuyen-muc/{slug}?trang=abc").status, 400)
        self.assertEqual(srv.get(f"/chuyen-muc/{slug}?trang=0").status, 400)

    def test_unknown_category_is_404(self):
        self.assertEqual(srv.get("/chuyen-muc/khong-ton-tai").status, 404)


class Assets(unittest.TestCase):
    def stylesheet(self):
        m = re.search(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', srv.get("/").text) or \
            re.search(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', srv.get("/").text)
        return m.group(1)

    def test_static_assets_have_etag_and_long_cache(self):
        r = srv.get(self.stylesheet())
        self.assertEqual(r.status, 200)
        self.assertIn("text/css", r.header("content-type"))
        self.assertIn("max-age=31536000", r.header("cache-control"))
        etag = r.header("etag")
        self.assertTrue(etag)
        again = srv.get(self.stylesheet(), headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")

    def test_unknown_asset_is_404(self):
        self.assertEqual(srv.get("/static/x/khong-co.css").status, 404)
        self.assertEqual(srv.get("/static/x/../../etc/passwd").status, 404)

    def test_cover_images_are_served_from_the_database(self):
        body = srv.get("/").text
        src = re.search(r'<img[^>]+src="(/media/[^"]+)"', body).group(1)
        r = srv.get(src)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("content-type"), "image/jpeg")
        self.assertEqual(r.body[:3], b"\xff\xd8\xff")
        self.assertEqual(srv.get(src, headers={"If-None-Match": r.header("etag")}).status, 304)
        self.assertEqual(srv.get("/media/999999.jpg").status, 404)

    def test_security_headers_on_pages(self):
        r = srv.get("/")
        self.assertEqual(r.header("x-content-type-options"), "nosniff")
        csp = r.header("content-security-policy")
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)

    def test_healthz_answers_ok(self):
        r = srv.get("/healthz")
        self.assertEqual((r.status, r.text), (200, "ok\n"))


if __name__ == "__main__":
    unittest.main()
