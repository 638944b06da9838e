"""The render cache, against the real server: a guest's page is drawn once and served from
memory (X-Cache: hit) until something it shows changes, and then the next answer shows the
change, on the page itself and on the pages that list it: an article published, edited,
unpublished or reaching its scheduled minute; a category, a page's portlet, a setting changed
from another process. What each request has of its own is filled in per request: the visitor
counter equals GET /api/v1/stats, two guests never get each other's login token, a logged-in
viewer's page is never cached nor served to a guest, and a role never gets a page drawn for
another. gzip and brotli bodies decompress to the plain bytes. With --cache-mb 0 nothing is
cached, and a small budget drops the least used pages first."""

import gzip
import json
import re
import subprocess
import time
import unittest

from accounts import Client, password_of, server_with_users
from harness import connect, Server

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36"}
USERS = {"bientap": "editor", "quantri": "admin", "xuatban": "publisher"}

srv = None
tokens = {}
password = password_of


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)


def tearDownModule():
    srv.close()


def api(method, path, body=None, who="quantri"):
    h = {"Authorization": "Bearer " + tokens[who]}
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def get(path, headers=None, server=None):
    return (server or srv).get(path, headers=dict(BROWSER, **(headers or {})))


def twice(path):
    """The page asked twice: the second answer, which must come from the cache."""
    get(path)
    r = get(path)
    assert r.status == 200, (path, r.status)
    return r


def first_article_path():
    return re.search(r'href="(/bai-viet/\d+-[a-z0-9-]+)"', twice("/").text).group(1)


def counter(html):
    """The visitor counter's three numbers as the page shows them."""
    block = html[html.index("portlet-visitor_stats"):]
    return [int(n) for n in re.findall(r"<strong>(\d+)</strong>", block)[:3]]


class Serving(unittest.TestCase):
    def test_a_guests_page_is_served_from_memory_the_second_time(self):
        path = first_article_path()
        self.assertEqual(get(path).status, 200)
        r = get(path)
        self.assertEqual(r.header("x-cache"), "hit")
        self.assertEqual(r.header("cache-control"), "no-cache")
        self.assertIn("Accept-Encoding", r.header("vary"))

    def test_gzip_and_brotli_are_the_plain_bytes(self):
        stats = json.loads(srv.get("/api/v1/stats").body)  # every view handed over
        self.assertTrue(stats)
        twice("/")
        plain = get("/").body
        gz = get("/", {"Accept-Encoding": "gzip"})
        br = get("/", {"Accept-Encoding": "br, gzip"})
        self.assertEqual(gz.header("content-encoding"), "gzip")
        self.assertEqual(br.header("content-encoding"), "br")
        self.assertEqual(gzip.decompress(gz.body), plain)
        out = subprocess.run(["brotli", "-d", "-c"], input=br.body, stdout=subprocess.PIPE,
                             check=True).stdout
        self.assertEqual(out, plain)
        self.assertLess(len(br.body), len(plain) // 3)
        # q=0 refuses an encoding
        r = get("/", {"Accept-Encoding": "br;q=0, gzip;q=0"})
        self.assertIsNone(r.header("content-encoding"))
        self.assertEqual(r.body, plain)

    def test_the_counter_on_a_cached_page_is_the_apis(self):
        path = first_article_path()
        twice(path)
        # another visitor, so the numbers move
        get(path, {"User-Agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/125.0"})
        stats = json.loads(srv.get("/api/v1/stats").body)
        r = get(path)
        self.assertEqual(r.header("x-cache"), "hit")
        self.assertEqual(counter(r.text), [stats["online"], stats["today"], stats["total"]])

    def test_the_views_of_an_article_move_on_a_cached_page(self):
        path = first_article_path()
        twice(path)
        views = lambda: int(re.search(r"Lượt xem: (\d+)", get(path).text).group(1))
        before = views()
        # a visitor the counter has not seen reads it (one visitor's views count once)
        get(path, {"User-Agent": f"Mozilla/5.0 (X11; Linux) Firefox/{time.time():.6f}"})
        srv.get("/api/v1/stats")  # hands the views over
        deadline = time.time() + 5
        while views() <= before and time.time() < deadline:
            time.sleep(0.2)  # the page reads the views again at most once a second
        self.assertGreater(views(), before)


class Metrics(unittest.TestCase):
    def test_metrics_count_the_caches_work_and_the_visitors(self):
        read = lambda: dict(l.rsplit(" ", 1) for l in srv.get("/metrics").text.splitlines()
                            if l and not l.startswith("#"))
        before = read()
        get("/chuyen-muc/dao-tao-boi-duong?metrics=1")
        get("/chuyen-muc/dao-tao-boi-duong?metrics=1")
        after = read()
        self.assertEqual(after["cong_cache_enabled"], "1")
        self.assertGreaterEqual(int(after["cong_cache_misses_total"]),
                                int(before["cong_cache_misses_total"]) + 1)
        self.assertGreaterEqual(int(after["cong_cache_hits_total"]),
                                int(before["cong_cache_hits_total"]) + 1)
        self.assertGreaterEqual(int(after["cong_cache_entries"]), 1)
        self.assertGreater(int(after["cong_cache_bytes"]), 0)
        stats = json.loads(srv.get("/api/v1/stats").body)
        m = read()
        self.assertEqual([int(m["cong_visitors_online"]), int(m["cong_visits_today"]),
                          int(m["cong_visits"])],
                         [stats["online"], stats["today"], stats["total"]])
        r = srv.get("/metrics")
        self.assertTrue(r.header("content-type").startswith("text/plain; version=0.0.4"))
        self.assertEqual(r.header("cache-control"), "no-store")


class Changes(unittest.TestCase):
    def test_a_published_article_shows_on_the_home_page_and_its_category(self):
        twice("/")
        twice("/chuyen-muc/tin-tuc-su-kien")
        st, art = api("POST", "/api/v1/articles", {
            "title": "Bài mới 7731 về bộ nhớ đệm", "category": "tin-tuc-su-kien",
            "body": "Nội dung.", "status": "published"}, who="xuatban")
        self.assertEqual(st, 201, art)
        self.assertIn("Bài mới 7731", get("/").text)
        self.assertIn("Bài mới 7731", get("/chuyen-muc/tin-tuc-su-kien").text)
        # edited: the article page and the lists show the new title
        twice(art["url"])
        st, body = api("PATCH", f"/api/v1/articles/{art['id']}", {"title": "Bài sửa 7732"},
                       who="xuatban")
        self.assertEqual(st, 200, body)
        canon = body["url"]
        self.assertIn("Bài sửa 7732", get(canon).text)
        self.assertIn("Bài sửa 7732", get("/").text)
        self.assertNotIn("Bài mới 7731", get("/").text)
        # unpublished: gone from the lists and its page
        twice(canon)
        st, body = api("POST", f"/api/v1/articles/{art['id']}/transitions",
                       {"action": "unpublish"}, who="xuatban")
        self.assertEqual(st, 200, body)
        self.assertNotIn("Bài sửa 7732", get("/").text)
        self.assertEqual(get(canon).status, 404)

    def test_a_search_is_kept_and_finds_a_new_article(self):
        path = "/tim-kiem?q=bo+nho+dem+7781"
        r = twice(path)
        self.assertEqual(r.header("x-cache"), "hit")
        self.assertNotIn("bo-nho-dem-7781", r.text)
        st, art = api("POST", "/api/v1/articles", {
            "title": "Bộ nhớ đệm 7781", "category": "tin-tuc-su-kien", "body": "Tìm thấy.",
            "status": "published"}, who="xuatban")
        self.assertEqual(st, 201, art)
        self.assertIn(f"/bai-viet/{art['id']}-bo-nho-dem-7781", get(path).text)

    def test_a_scheduled_article_appears_at_its_time(self):
        when = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() + 3))
        st, art = api("POST", "/api/v1/articles", {
            "title": "Bài hẹn giờ 7741", "category": "tin-tuc-su-kien", "body": "Hẹn.",
            "status": "published", "published_at": when}, who="xuatban")
        self.assertEqual(st, 201, art)
        self.assertNotIn("Bài hẹn giờ 7741", twice("/").text)
        deadline = time.time() + 15
        while "Bài hẹn giờ 7741" not in get("/").text and time.time() < deadline:
            time.sleep(0.25)
        self.assertIn("Bài hẹn giờ 7741", get("/").text)

    def test_a_renamed_category_shows_in_the_menu(self):
        twice("/")
        st, cats = api("GET", "/api/v1/categories")
        cat = next(c for c in cats["items"] if c["slug"] == "thong-bao")
        st, body = api("PATCH", f"/api/v1/categories/{cat['id']}", {"name": "Thông báo 7751"})
        self.assertEqual(st, 200, body)
        self.assertIn("Thông báo 7751", get("/").text)

    def test_a_changed_portlet_shows_on_every_page(self):
        path = first_article_path()
        twice(path)
        st, page = api("GET", "/api/v1/pages/site")
        self.assertEqual(st, 200, page)
        st, body = api("POST", "/api/v1/pages/site/portlets", {
            "type": "html", "region": "right", "title": "Khối 7761",
            "config": {"html": "<p>Nội dung 7762</p>"}})
        self.assertEqual(st, 201, body)
        self.assertIn("Nội dung 7762", get(path).text)
        self.assertIn("Nội dung 7762", get("/").text)
        st, _ = api("DELETE", f"/api/v1/portlets/{body['id']}")
        self.assertEqual(st, 204)
        self.assertNotIn("Nội dung 7762", get(path).text)

    def test_a_setting_changed_by_another_process_shows_at_once(self):
        twice("/")
        # what `cong setting set` does while the server runs
        with connect(srv.db) as c:
            c.execute("insert into settings (site_id, key, value) values"
                      " (1, 'portlet_unauthorized', 'hide') on conflict (site_id, key)"
                      " do update set value = excluded.value")
        try:
            self.assertNotEqual(get("/").header("x-cache"), "hit")
        finally:
            with connect(srv.db) as c:
                c.execute("delete from settings where key = 'portlet_unauthorized'")


class Visitors(unittest.TestCase):
    def test_two_guests_never_share_a_login_token(self):
        a, b = Client(srv), Client(srv)
        token = lambda r: re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
        a.get("/trang/gioi-thieu")
        pa = a.get("/trang/gioi-thieu")
        self.assertEqual(pa.header("x-cache"), "hit")
        ta = a.cookies.get("cong_login_csrf")
        pb = b.get("/trang/gioi-thieu")
        tb = b.cookies.get("cong_login_csrf")
        # each form carries its own browser's cookie, never the other's
        self.assertEqual(token(pa), ta)
        self.assertEqual(token(pb), tb)
        self.assertNotEqual(ta, tb)
        # a browser that brings its cookie keeps its token
        self.assertEqual(token(a.get("/trang/gioi-thieu")), ta)

    def test_a_logged_in_page_is_never_cached_nor_shown_to_a_guest(self):
        path = first_article_path()
        twice(path)
        editor = Client(srv)
        self.assertEqual(editor.login("bientap", password("bientap")).status, 303)
        for _ in range(2):
            r = editor.get(path)
            self.assertIsNone(r.header("x-cache"))
            self.assertIn("bientap", r.text)
            self.assertIn("no-store", r.header("cache-control"))
        guest = get(path)
        self.assertEqual(guest.header("x-cache"), "hit")
        self.assertNotIn("bientap", guest.text)

    def test_a_role_never_gets_a_page_drawn_for_another(self):
        st, body = api("POST", "/api/v1/pages/trang-chu/portlets", {
            "type": "html", "region": "right", "title": "Nội bộ 7771",
            "config": {"html": "<p>Chỉ biên tập 7772</p>"}, "view_roles": ["editor"]})
        self.assertEqual(st, 201, body)
        try:
            guest = twice("/")
            self.assertNotIn("Chỉ biên tập 7772", guest.text)
            self.assertIn("Bạn chưa có đủ quyền truy nhập portlet này.", guest.text)
            editor = Client(srv)
            self.assertEqual(editor.login("bientap", password("bientap")).status, 303)
            self.assertIn("Chỉ biên tập 7772", editor.get("/").text)
            self.assertNotIn("Chỉ biên tập 7772", get("/").text)
        finally:
            api("DELETE", f"/api/v1/portlets/{body['id']}")


class Budget(unittest.TestCase):
    def test_cache_off_and_a_small_budget(self):
        off = Server(demo=True, extra_args=("--cache-mb", "0"))
        try:
            for _ in range(2):
                r = get("/", server=off)
                self.assertEqual(r.status, 200)
                self.assertIsNone(r.header("x-cache"))
            self.assertIn("cong_cache_enabled 0", off.get("/metrics").text)
        finally:
            off.close()
        small = Server(demo=True, extra_args=("--cache-mb", "1"))
        try:
            home = get("/", server=small)
            links = sorted(set(re.findall(r'href="(/bai-viet/\d+-[a-z0-9-]+)"', home.text)))
            self.assertEqual(get("/", server=small).header("x-cache"), "hit")
            # more pages than a megabyte holds, the home page untouched meanwhile: being the
            # least used, it goes first
            for i in range(10):
                for link in links:
                    self.assertEqual(get(f"{link}?lan={i}", server=small).status, 200)
            self.assertEqual(get("/", server=small).header("x-cache"), "miss")
            self.assertEqual(get("/", server=small).header("x-cache"), "hit")
        finally:
            small.close()


if __name__ == "__main__":
    unittest.main()
