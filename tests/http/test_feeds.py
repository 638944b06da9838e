"""What feed readers and search engines read, from the real server: RSS, sitemaps,
robots.txt, Open Graph and JSON-LD, the base URL, the redirect table, and the print view and
downloadable copy of an article."""

import email.utils
import json
import math
import re
import shutil
import subprocess
import time
import unittest
import xml.etree.ElementTree as ET

from harness import connect, Server, run_cong

srv = None
DRAFT = FUTURE = HOSTILE = None
HOSTILE_TITLE = 'Tiêu đề có </script><script>alert(1)</script> & <!-- "ngoặc"'
BASE = "https://truongchinhtri.example.vn"
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def prepare(db):
    """A draft, a scheduled article, and a title made to break out of a script block."""
    global DRAFT, FUTURE, HOSTILE
    with connect(db) as c:
        # the Vietnamese ones, which the Vietnamese home page lists (the demo has English too)
        ids = [r[0] for r in c.execute("select id from articles where site_id = 1 and status = 2"
                                       " and lang = 'vi' order by id")]
        DRAFT, FUTURE, HOSTILE = ids[0], ids[1], ids[-1]
        c.execute("update articles set status = 0 where id = ?", (DRAFT,))
        c.execute("update articles set published_at = ? where id = ?",
                  (int(time.time()) + 7 * 86400, FUTURE))
        c.execute("update articles set title = ? where id = ?", (HOSTILE_TITLE, HOSTILE))


def setUpModule():
    global srv
    srv = Server(demo=True, prepare=prepare)


def tearDownModule():
    srv.close()


def visible_ids(db):
    with connect(db) as c:
        return {r[0] for r in c.execute(
            "select id from articles where site_id = 1 and status = 2 and published_at <= ?",
            (int(time.time()),))}


def xmllint_ok(test, body):
    """xmllint --noout on body, when libxml2-utils is installed."""
    if not shutil.which("xmllint"):
        test.skipTest("xmllint not installed (scripts/install-deps.sh --test)")
    r = subprocess.run(["xmllint", "--noout", "-"], input=body, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    test.assertEqual(r.returncode, 0, r.stderr.decode("utf-8", "replace"))


def base_of(server):
    return f"http://127.0.0.1:{server.port}"


def article_path(server, aid=None):
    home = server.get("/").text
    paths = re.findall(r'href="(/bai-viet/(\d+)-[a-z0-9-]+)"', home)
    for p, i in paths:
        if aid is None or int(i) == aid:
            return p
    raise AssertionError("no article link")


class Rss(unittest.TestCase):
    def check_feed(self, path):
        r = srv.get(path)
        self.assertEqual(r.status, 200)
        self.assertIn("application/rss+xml", r.header("content-type"))
        xmllint_ok(self, r.body)
        root = ET.fromstring(r.body)
        self.assertEqual(root.tag, "rss")
        self.assertEqual(root.get("version"), "2.0")
        ch = root.find("channel")
        for tag in ("title", "link", "description"):
            self.assertTrue((ch.findtext(tag) or "").strip(), tag)
        self_link = ch.find(ATOM + "link")
        self.assertEqual(self_link.get("rel"), "self")
        self.assertEqual(self_link.get("href"), base_of(srv) + path)
        items = ch.findall("item")
        self.assertLessEqual(len(items), 20)
        for it in items:
            for tag in ("title", "link", "guid", "pubDate", "category"):
                self.assertTrue((it.findtext(tag) or "").strip(), tag)
            self.assertTrue(it.findtext("link").startswith(base_of(srv) + "/bai-viet/"))
            self.assertIsNotNone(email.utils.parsedate_to_datetime(it.findtext("pubDate")))
        return ch, items

    def test_site_feed_lists_the_newest_visible_articles(self):
        ch, items = self.check_feed("/rss.xml")
        self.assertEqual(len(items), min(20, len(visible_ids(srv.db))))
        dates = [email.utils.parsedate_to_datetime(i.findtext("pubDate")) for i in items]
        self.assertEqual(dates, sorted(dates, reverse=True))
        links = " ".join(i.findtext("link") for i in items)
        for hidden in (DRAFT, FUTURE):
            self.assertNotIn(f"/bai-viet/{hidden}-", links)
        # the guid survives a new slug: it is the id, which redirects to the article
        guid = items[0].findtext("guid")
        r = srv.get(guid[len(base_of(srv)):])
        self.assertEqual(r.status, 301)

    def test_category_feed_holds_only_its_category(self):
        home = srv.get("/").text
        slug = re.search(r'href="/chuyen-muc/([a-z0-9-]+)"', home).group(1)
        ch, items = self.check_feed(f"/chuyen-muc/{slug}/rss.xml")
        self.assertTrue(items)
        names = {i.findtext("category") for i in items}
        self.assertEqual(len(names), 1)
        self.assertEqual(srv.get("/chuyen-muc/khong-co/rss.xml").status, 404)

    def test_pages_announce_the_feed(self):
        self.assertRegex(srv.get("/").text,
                         r'<link rel="alternate" type="application/rss\+xml"[^>]+/rss\.xml"')


class Sitemap(unittest.TestCase):
    def test_sitemap_lists_home_categories_and_every_visible_article(self):
        r = srv.get("/sitemap.xml")
        self.assertEqual(r.status, 200)
        self.assertIn("xml", r.header("content-type"))
        xmllint_ok(self, r.body)
        root = ET.fromstring(r.body)
        self.assertEqual(root.tag, SM + "urlset")
        locs = [u.findtext(SM + "loc") for u in root.findall(SM + "url")]
        base = base_of(srv)
        self.assertEqual(locs[0], base + "/")
        self.assertTrue(any(loc.startswith(base + "/chuyen-muc/") for loc in locs))
        ids = {int(m.group(1)) for loc in locs
               for m in [re.match(re.escape(base) + r"/bai-viet/(\d+)-", loc)] if m}
        self.assertEqual(ids, visible_ids(srv.db))
        for u in root.findall(SM + "url"):
            lm = u.findtext(SM + "lastmod")
            if lm:
                self.assertRegex(lm, r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
        self.assertEqual(srv.get("/sitemap-1.xml").status, 404)

    def test_robots_allows_all_but_admin_and_search(self):
        r = srv.get("/robots.txt")
        self.assertEqual(r.status, 200)
        self.assertIn("text/plain", r.header("content-type"))
        lines = r.text.splitlines()
        self.assertIn("User-agent: *", lines)
        self.assertIn("Disallow: /quan-tri/", lines)
        self.assertIn("Disallow: /tim-kiem", lines)
        self.assertIn(f"Sitemap: {base_of(srv)}/sitemap.xml", lines)


class BaseUrlAndSplitSitemap(unittest.TestCase):
    """A portal with its base_url set, serving sitemaps of at most 10 URLs per file."""

    @classmethod
    def setUpClass(cls):
        def set_base(db):
            with connect(db) as c:
                c.execute("insert into settings (site_id, key, value) values (1, 'base_url', ?)"
                          " on conflict (site_id, key) do update set value = excluded.value",
                          (BASE + "/",))
        cls.srv = Server(demo=True, prepare=set_base, env={"CONG_TEST_SITEMAP_URLS": "10"})

    @classmethod
    def tearDownClass(cls):
        cls.srv.close()

    def test_base_url_makes_every_absolute_url(self):
        s = self.srv
        body = s.get(article_path(s)).text
        self.assertRegex(body, r'<link rel="canonical" href="' + re.escape(BASE) + '/bai-viet/')
        self.assertRegex(body, r'property="og:image" content="' + re.escape(BASE) + '/media/')
        rss = ET.fromstring(s.get("/rss.xml").body)
        self.assertTrue(rss.find("channel").findtext("item/link").startswith(BASE + "/"))
        self.assertIn(f"Sitemap: {BASE}/sitemap.xml", s.get("/robots.txt").text)
        # a forged Host changes nothing once base_url is set
        forged = s.get("/", headers={"Host": "evil.example"}).text
        self.assertNotIn("evil.example", forged)

    def test_sitemap_splits_into_an_index_and_parts(self):
        s = self.srv
        r = s.get("/sitemap.xml")
        self.assertEqual(r.status, 200)
        xmllint_ok(self, r.body)
        root = ET.fromstring(r.body)
        self.assertEqual(root.tag, SM + "sitemapindex")
        parts = [e.findtext(SM + "loc") for e in root.findall(SM + "sitemap")]
        with connect(s.db) as c:
            ncats = c.execute("select count(*) from categories where site_id = 1").fetchone()[0]
        urls = 1 + ncats + len(visible_ids(s.db))
        self.assertEqual(len(parts), math.ceil(urls / 10))
        seen = []
        for i, loc in enumerate(parts, 1):
            self.assertEqual(loc, f"{BASE}/sitemap-{i}.xml")
            p = s.get(f"/sitemap-{i}.xml")
            self.assertEqual(p.status, 200)
            xmllint_ok(self, p.body)
            locs = [u.findtext(SM + "loc") for u in ET.fromstring(p.body).findall(SM + "url")]
            self.assertLessEqual(len(locs), 10)
            seen += locs
        self.assertEqual(len(seen), urls)
        self.assertEqual(len(set(seen)), urls)
        self.assertEqual(seen[0], BASE + "/")
        for bad in (f"/sitemap-{len(parts) + 1}.xml", "/sitemap-0.xml", "/sitemap-01.xml",
                    "/sitemap--1.xml", "/sitemap-x.xml"):
            self.assertEqual(s.get(bad).status, 404, bad)


class HostHeader(unittest.TestCase):
    def test_the_listen_address_makes_absolute_urls(self):
        for host in (f"127.0.0.1:{srv.port}", f"LocalHost:{srv.port}"):
            body = srv.get("/", headers={"Host": host}).text
            self.assertIn(f'<link rel="canonical" href="http://{host.lower()}/">', body)

    def test_an_unknown_host_is_not_echoed(self):
        # well formed, but not this portal's: without base_url, URLs stay relative
        body = srv.get("/", headers={"Host": "Cong.Example.VN:8080"}).text
        self.assertIn('<link rel="canonical" href="/">', body)
        self.assertNotIn("cong.example.vn", body.lower())

    def test_a_malformed_host_is_not_echoed(self):
        for host in ('evil.com/"><script>', "a b", "exa_mple.vn", "x:99999", "-x.vn",
                     "[::1", "user@host"):
            r = srv.get("/", headers={"Host": host})
            if r.status != 200:
                continue  # the HTTP layer may refuse it outright
            self.assertIn('<link rel="canonical" href="/">', r.text, host)
            self.assertNotIn("<script>", r.text.split("</head>")[0])


class ArticleMetadata(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.path = article_path(srv)
        cls.body = srv.get(cls.path).text

    def meta(self, attr, name):
        m = re.search(r'<meta %s="%s" content="([^"]*)">' % (attr, re.escape(name)), self.body)
        return m and m.group(1)

    def jsonld(self, body):
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
        self.assertEqual(len(blocks), 1)
        return json.loads(blocks[0])

    def test_open_graph_and_twitter_cards(self):
        base = base_of(srv)
        self.assertEqual(self.meta("property", "og:type"), "article")
        self.assertTrue(self.meta("property", "og:title"))
        self.assertTrue(self.meta("property", "og:description"))
        self.assertEqual(self.meta("property", "og:url"), base + self.path)
        self.assertTrue(self.meta("property", "og:image").startswith(base + "/media/"))
        self.assertEqual(self.meta("name", "twitter:card"), "summary_large_image")
        self.assertTrue(self.meta("name", "twitter:image").startswith(base + "/media/"))

    def test_json_ld_news_article(self):
        ld = self.jsonld(self.body)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", self.body, re.S).group(1)
        self.assertEqual(ld["@context"], "https://schema.org")
        self.assertEqual(ld["@type"], "NewsArticle")
        import html as h
        self.assertEqual(ld["headline"], h.unescape(h1))
        self.assertRegex(ld["datePublished"], r"^\d{4}-\d{2}-\d{2}T")
        self.assertRegex(ld["dateModified"], r"^\d{4}-\d{2}-\d{2}T")
        self.assertTrue(ld["author"]["name"])
        self.assertTrue(ld["publisher"]["name"])
        self.assertTrue(ld["image"][0].startswith(base_of(srv) + "/media/"))
        self.assertEqual(ld["mainEntityOfPage"]["@id"], base_of(srv) + self.path)

    def test_json_ld_cannot_be_broken_out_of(self):
        body = srv.get(article_path(srv, HOSTILE)).text
        head = body.split("</head>")[0]
        self.assertNotIn("<script><", head)
        # the JSON-LD block, and the theme's one script file (menus, sliders), nothing else
        self.assertEqual(head.count("<script"), 2)
        self.assertEqual(len(re.findall(r'<script src="/static/\w+/site\.js" defer></script>',
                                        head)), 1)
        self.assertEqual(self.jsonld(body)["headline"], HOSTILE_TITLE)

    def test_other_pages_have_no_article_metadata(self):
        home = srv.get("/").text
        self.assertNotIn("application/ld+json", home)
        self.assertIn('property="og:type" content="website"', home)


class Redirects(unittest.TestCase):
    def test_cli_adds_lists_and_removes_and_server_answers_301(self):
        target = article_path(srv)
        st, _, err = run_cong("redirect", "add", "/tin-tuc/chi-tiet.php?id=12", target,
                              "--db", srv.db)
        self.assertEqual(st, 0, err)
        st, _, err = run_cong("redirect", "add", "/gioi-thieu/l%E1%BB%8Bch-s%E1%BB%AD",
                              "/chuyen-muc/thong-bao", "--db", srv.db)
        self.assertEqual(st, 0, err)
        r = srv.get("/tin-tuc/chi-tiet.php?id=12")
        self.assertEqual(r.status, 301)
        self.assertEqual(r.header("location"), target)
        r = srv.get("/gioi-thieu/l%E1%BB%8Bch-s%E1%BB%AD")
        self.assertEqual((r.status, r.header("location")), (301, "/chuyen-muc/thong-bao"))
        self.assertEqual(srv.get("/tin-tuc/chi-tiet.php?id=13").status, 404)
        st, out, _ = run_cong("redirect", "list", "--db", srv.db)
        self.assertEqual(st, 0)
        self.assertIn(f"/tin-tuc/chi-tiet.php?id=12\t{target}", out)
        self.assertIn("/gioi-thieu/lịch-sử\t/chuyen-muc/thong-bao", out)
        # a second redirect from the same path is refused, one line on stderr
        st, _, err = run_cong("redirect", "add", "/tin-tuc/chi-tiet.php?id=12", "/", "--db",
                              srv.db)
        self.assertEqual(st, 1)
        self.assertEqual(len(err.strip().splitlines()), 1)
        st, _, err = run_cong("redirect", "remove", "/tin-tuc/chi-tiet.php?id=12", "--db", srv.db)
        self.assertEqual(st, 0, err)
        self.assertEqual(srv.get("/tin-tuc/chi-tiet.php?id=12").status, 404)
        st, _, err = run_cong("redirect", "remove", "/khong-co", "--db", srv.db)
        self.assertEqual(st, 1)

    def test_open_redirects_and_bad_paths_are_refused(self):
        for old, new in (("/a", "//evil.example/x"), ("/a", "https://evil.example/"),
                         ("/a", "javascript:alert(1)"), ("/a", "/\\evil.example"),
                         ("/a", "/b c"), ("a", "/b"), ("//a", "/b"), ("/a", "/a"),
                         ("/a%zz", "/b"), ("/a\x01", "/b")):
            st, _, err = run_cong("redirect", "add", old, new, "--db", srv.db)
            self.assertEqual(st, 1, (old, new))
            self.assertTrue(err.startswith("cong: "), err)
        st, out, _ = run_cong("redirect", "list", "--db", srv.db)
        self.assertNotIn("evil", out)
        for bad in (("redirect",), ("redirect", "move", "/a", "/b"), ("redirect", "add", "/a")):
            self.assertEqual(run_cong(*bad, "--db", srv.db)[0], 2, bad)


class PrintAndSave(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.path = article_path(srv)
        cls.body = srv.get(cls.path).text

    def test_article_offers_print_and_save_without_script(self):
        self.assertIn(f'href="{self.path}?in=1"', self.body)
        self.assertIn(f'href="{self.path}/luu"', self.body)
        self.assertIn("In bài viết", self.body)
        self.assertIn("Lưu bài viết", self.body)
        # no script but the JSON-LD and the theme's progressive site.js (menus work without it)
        self.assertNotRegex(self.body,
                            r"<script(?![^>]*(application/ld\+json|/site\.js\" defer))")
        # the printed page carries its source
        self.assertIn(f'class="print-only print-source">Nguồn: {base_of(srv)}{self.path}<',
                      self.body)
        css_url = re.search(r'<link rel="stylesheet" href="([^"]+)"', self.body).group(1)
        css = srv.get(css_url).text
        self.assertRegex(css, r"@media print\{[^@]*\.print-only\{display:block\}")
        self.assertRegex(css, r"\.print-only\{display:none\}")

    def test_print_view_is_the_article_without_menus(self):
        r = srv.get(self.path + "?in=1")
        self.assertEqual(r.status, 200)
        b = r.text
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", self.body, re.S).group(1)
        self.assertIn(f'<h1 lang="vi">{h1}</h1>', b)
        self.assertRegex(b, r"Ngày \d{2}-\d{2}-\d{4}")
        self.assertIn('class="byline"', b)
        self.assertIn("<figure", b)
        self.assertIn(f"Nguồn: {base_of(srv)}{self.path}", b)
        self.assertIn('name="robots" content="noindex"', b)
        self.assertIn(f'<link rel="canonical" href="{base_of(srv)}{self.path}">', b)
        for menu in ('class="site-nav"', 'class="sidebar"', 'class="site-search"', "<script"):
            self.assertNotIn(menu, b)

    def test_saved_file_embeds_its_images(self):
        r = srv.get(self.path + "/luu")
        self.assertEqual(r.status, 200)
        slug = re.match(r"/bai-viet/\d+-(.+)$", self.path).group(1)
        self.assertEqual(r.header("content-disposition"),
                         f'attachment; filename="{slug}.html"')
        b = r.text
        self.assertIn("data:image/jpeg;base64,", b)
        self.assertNotRegex(b, r'src="/media/')
        self.assertIn("<style>", b)
        self.assertIn(f"{base_of(srv)}{self.path}", b)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", self.body, re.S).group(1)
        self.assertIn(h1, b)

    def test_unpublished_articles_cannot_be_printed_or_saved(self):
        for aid in (DRAFT, FUTURE):
            self.assertEqual(srv.get(f"/bai-viet/{aid}-x/luu").status, 404)
            self.assertEqual(srv.get(f"/bai-viet/{aid}-x?in=1").status, 404)
        self.assertEqual(srv.get("/bai-viet/abc/luu").status, 404)


if __name__ == "__main__":
    unittest.main()
