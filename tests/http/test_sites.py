"""Several sites in one server, over loopback: the default site (the demo's school, any host)
and the demo's faculty sub-portal on khoa.localhost. Each site sees only its own records, in
pages, lists, search, feeds, sitemaps and the API, and ids guessed on the other host are 404;
roles are per site; visitor counters are per site and exact; a sub-portal's article shared to
its parent shows in the parent's lists and links back; a session is one site's."""

import json
import os
import re
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))

from accounts import (FAST, Client, csrf_of, must_create_token, must_create_user,
                      password_of, server_with_users)
from harness import connect, sqlite_only, Server, make_schema, run_cong

SUB = "khoa.localhost"


class HostClient(Client):
    """A browser-like client that asks for one host name on the test server's port."""

    def __init__(self, srv, host, source=None):
        super().__init__(srv, source)
        self.host = host

    def request(self, method, path, body=None, headers=None):
        h = {"Host": f"{self.host}:{self.srv.port}"}
        h.update(headers or {})
        return super().request(method, path, body=body, headers=h)


def add_sub_users(db):
    """An editor of the school, an editor and an admin of the faculty, a school admin."""
    must_create_user(db, "bt-truong", "editor", password_of("bt-truong"))
    must_create_user(db, "qt-truong", "admin", password_of("qt-truong"))
    for name, role in (("bt-khoa", "editor"), ("qt-khoa", "admin")):
        st, out, err = run_cong("user", "add", name, "--role", role, "--site", SUB,
                                "--password-stdin", "--db", db, env=FAST,
                                input=(password_of(name) + "\n").encode())
        if st != 0:
            raise RuntimeError(err)


class TwoSites(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = Server(demo=True, env=dict(FAST), prepare=add_sub_users)
        cls.tokens = {n: must_create_token(cls.srv.db, n)
                      for n in ("bt-truong", "qt-truong", "bt-khoa", "qt-khoa")}
        cls.school = HostClient(cls.srv, "localhost")
        cls.faculty = HostClient(cls.srv, SUB)
        with connect(cls.srv.db) as c:
            cls.sub_ids = [r[0] for r in c.execute(
                "select id from articles where site_id = 2 order by id")]
            cls.school_ids = [r[0] for r in c.execute(
                "select id from articles where site_id = 1 and status = 2 order by id")]
            cls.shared = c.execute("select article_id from article_shares").fetchone()[0]

    @classmethod
    def tearDownClass(cls):
        cls.srv.close()

    def api(self, client, method, path, token, body=None):
        h = {"Authorization": "Bearer " + token}
        data = None
        if body is not None:
            data = json.dumps(body)
            h["Content-Type"] = "application/json"
        r = client.request(method, path, body=data, headers=h)
        return r.status, (json.loads(r.text) if r.text.strip() else None)

    def test_each_host_shows_its_own_site(self):
        a = self.school.get("/").text
        b = self.faculty.get("/").text
        self.assertIn("Trường Chính trị tỉnh Sông Hồng</title>", a)
        self.assertIn("Khoa Xây dựng Đảng</title>", b)
        # any other host name is the default site's
        self.assertIn("Trường Chính trị tỉnh Sông Hồng</title>",
                      HostClient(self.srv, "ten-la.example").get("/").text)
        # port and case do not matter
        self.assertIn("Khoa Xây dựng Đảng</title>",
                      HostClient(self.srv, "KHOA.Localhost").get("/").text)

    def test_ids_of_the_other_site_are_404(self):
        for aid in self.sub_ids:
            self.assertEqual(self.school.get(f"/bai-viet/{aid}").status, 404)
            self.assertEqual(self.faculty.get(f"/bai-viet/{aid}").status, 301)
        self.assertEqual(self.faculty.get(f"/bai-viet/{self.school_ids[0]}").status, 404)
        # the API too, for the public and for an admin of the other site
        self.assertEqual(self.school.get(f"/api/v1/articles/{self.sub_ids[0]}").status, 404)
        st, _ = self.api(self.faculty, "GET", f"/api/v1/articles/{self.school_ids[0]}",
                         self.tokens["qt-khoa"])
        self.assertEqual(st, 404)
        st, _ = self.api(self.faculty, "PATCH", f"/api/v1/articles/{self.school_ids[0]}",
                         self.tokens["qt-khoa"], {"title": "Sửa bài cổng khác"})
        self.assertEqual(st, 404)
        # categories and pages of the other site do not exist here
        self.assertEqual(self.faculty.get("/chuyen-muc/tin-tuc-su-kien").status, 404)
        self.assertEqual(self.school.get("/chuyen-muc/tai-lieu-hoc-tap").status, 404)
        self.assertEqual(self.faculty.get("/chuyen-muc/tai-lieu-hoc-tap").status, 200)
        self.assertEqual(self.faculty.get("/trang/gioi-thieu").status, 404)

    def test_lists_feeds_sitemaps_and_search_are_the_sites_own(self):
        sub_rss = self.faculty.get("/rss.xml").text
        school_rss = self.school.get("/rss.xml").text
        self.assertIn("Học viên lớp Trung cấp lý luận chính trị K12", sub_rss)
        self.assertNotIn("Học viên lớp Trung cấp lý luận chính trị K12", school_rss)
        self.assertNotIn("Sông Hồng</title>", sub_rss.split("<item>")[0].replace(
            "Cổng thành phần của Trường Chính trị tỉnh Sông Hồng", ""))
        sub_map = self.faculty.get("/sitemap.xml").text
        school_map = self.school.get("/sitemap.xml").text
        for aid in self.sub_ids:
            self.assertIn(f"/bai-viet/{aid}-", sub_map)
            self.assertNotIn(f"/bai-viet/{aid}-", school_map)
        self.assertIn(f"http://{SUB}:{self.srv.port}/", sub_map)
        self.assertIn(f"Sitemap: http://{SUB}:{self.srv.port}/sitemap.xml",
                      self.faculty.get("/robots.txt").text)
        # the school's search does not find the faculty's unshared news, and the other way
        self.assertNotIn("nghiên cứu thực tế", self.school.get(
            "/tim-kiem?q=nghien+cuu+thuc+te+K12").text.lower().split("kết quả")[-1])
        found = self.faculty.get("/tim-kiem?q=nghien+cuu+thuc+te+K12").text
        self.assertIn(f"/bai-viet/{self.sub_ids[1]}-", found)
        self.assertNotIn("/bai-viet/1-", self.faculty.get("/tim-kiem?q=hoi+nghi").text)
        # the API's lists
        items = json.loads(self.faculty.get("/api/v1/articles?per_page=100").text)["items"]
        self.assertEqual(sorted(i["id"] for i in items), sorted(self.sub_ids))
        cats = json.loads(self.faculty.get("/api/v1/categories").text)["items"]
        self.assertEqual(sorted(c["slug"] for c in cats), ["tai-lieu-hoc-tap", "tin-hoat-dong"])

    def test_a_shared_article_shows_on_the_parent_and_links_to_the_sub_portal(self):
        home = self.school.get("/").text
        url = f"http://{SUB}:{self.srv.port}/bai-viet/{self.shared}-"
        self.assertIn(url, home)
        self.assertIn(url, self.school.get("/tim-kiem?q=sinh+hoat+chuyen+mon").text)
        # the parent has no page of its own for it: its one address is the sub-portal's
        self.assertEqual(self.school.get(f"/bai-viet/{self.shared}").status, 404)
        # an unshared one is not there
        other = [i for i in self.sub_ids if i != self.shared][0]
        self.assertNotIn(f"/bai-viet/{other}-", home)

    def test_sharing_and_unsharing_through_the_api(self):
        other = self.sub_ids[1]
        st, body = self.api(self.faculty, "GET", f"/api/v1/articles/{other}",
                            self.tokens["bt-khoa"])
        self.assertEqual((st, body["shared"]), (200, False))
        st, body = self.api(self.faculty, "PATCH", f"/api/v1/articles/{other}",
                            self.tokens["bt-khoa"], {"shared": True})
        self.assertEqual((st, body["shared"]), (200, True), body)
        try:
            self.assertIn(f"/bai-viet/{other}-", self.school.get("/").text)
        finally:
            st, body = self.api(self.faculty, "PATCH", f"/api/v1/articles/{other}",
                                self.tokens["bt-khoa"], {"shared": False})
            self.assertEqual((st, body["shared"]), (200, False), body)
        self.assertNotIn(f"/bai-viet/{other}-", self.school.get("/").text)
        # the default site has no parent: nothing to share to
        st, body = self.api(self.school, "PATCH", f"/api/v1/articles/{self.school_ids[0]}",
                            self.tokens["qt-truong"], {"shared": True})
        self.assertEqual((st, body["error"]["code"]), (422, "invalid_state"))

    def test_roles_are_per_site(self):
        # the school's editor is nobody on the faculty's site, by form and by API
        c = HostClient(self.srv, SUB)
        self.assertEqual(c.login("bt-truong", password_of("bt-truong")).status, 303)
        self.assertEqual(c.get("/quan-tri/bai-viet").status, 403)
        st, body = self.api(self.faculty, "POST", "/api/v1/articles", self.tokens["bt-truong"],
                            {"title": "Không được", "category": "tin-hoat-dong"})
        self.assertEqual((st, body["error"]["code"]), (403, "forbidden"))
        # the faculty's editor writes there, not on the school's
        st, body = self.api(self.faculty, "POST", "/api/v1/articles", self.tokens["bt-khoa"],
                            {"title": "Lịch sinh hoạt chuyên môn quý tới",
                             "category": "tin-hoat-dong"})
        self.assertEqual(st, 201, body)
        st, _ = self.api(self.school, "POST", "/api/v1/articles", self.tokens["bt-khoa"],
                         {"title": "Không được", "category": "thong-bao"})
        self.assertEqual(st, 403)
        # a category of the other site is no category here
        st, body = self.api(self.faculty, "POST", "/api/v1/articles", self.tokens["bt-khoa"],
                            {"title": "Sai chuyên mục", "category": "thong-bao"})
        self.assertEqual(st, 400, body)
        # the default site's admin acts on every site
        st, body = self.api(self.faculty, "POST", "/api/v1/articles", self.tokens["qt-truong"],
                            {"title": "Thông báo của trường gửi khoa",
                             "category": "tin-hoat-dong"})
        self.assertEqual(st, 201, body)
        admin = HostClient(self.srv, SUB)
        self.assertEqual(admin.login("qt-truong", password_of("qt-truong")).status, 303)
        self.assertEqual(admin.get("/quan-tri/bai-viet").status, 200)
        # the faculty's admin manages its users, and sees only them
        fa = HostClient(self.srv, SUB)
        self.assertEqual(fa.login("qt-khoa", password_of("qt-khoa")).status, 303)
        users = fa.get("/quan-tri/nguoi-dung").text
        self.assertIn("bt-khoa", users)
        self.assertNotIn("bt-truong", users)
        # but not the school's
        sa = HostClient(self.srv, "localhost")
        self.assertEqual(sa.login("qt-khoa", password_of("qt-khoa")).status, 303)
        self.assertEqual(sa.get("/quan-tri/nguoi-dung").status, 403)

    def test_only_the_default_sites_admins_manage_sites(self):
        st, body = self.api(self.school, "GET", "/api/v1/sites", self.tokens["qt-truong"])
        self.assertEqual(st, 200)
        self.assertEqual([s["host"] for s in body["items"]][:2], ["localhost", SUB])
        self.assertEqual(body["items"][1]["parent"], "localhost")
        st, body = self.api(self.faculty, "GET", "/api/v1/sites", self.tokens["qt-khoa"])
        self.assertEqual((st, body["error"]["code"]), (403, "forbidden"))
        st, body = self.api(self.school, "POST", "/api/v1/sites", self.tokens["qt-truong"],
                            {"host": "Phong-Dao-Tao.localhost", "name": "Phòng Đào tạo",
                             "parent": "localhost"})
        self.assertEqual(st, 201, body)
        self.assertEqual(body["host"], "phong-dao-tao.localhost")
        page = HostClient(self.srv, "phong-dao-tao.localhost").get("/")
        self.assertEqual(page.status, 200)
        self.assertIn("Phòng Đào tạo</title>", page.text)
        for bad, field in (({"host": "a b", "name": "X"}, "host"),
                           ({"host": "x.localhost:80", "name": "X"}, "host"),
                           ({"host": "y.localhost", "name": ""}, "name"),
                           ({"host": "z.localhost", "name": "Z", "parent": "khong-co.vn"},
                            "parent")):
            st, body = self.api(self.school, "POST", "/api/v1/sites", self.tokens["qt-truong"],
                                bad)
            self.assertEqual((st, body["error"]["field"]), (400, field), body)
        st, body = self.api(self.school, "POST", "/api/v1/sites", self.tokens["qt-truong"],
                            {"host": SUB, "name": "Trùng"})
        self.assertEqual((st, body["error"]["code"]), (409, "conflict"))

    def test_a_session_is_one_sites(self):
        c = HostClient(self.srv, "localhost")
        self.assertEqual(c.login("qt-truong", password_of("qt-truong")).status, 303)
        self.assertEqual(c.get("/quan-tri").status, 200)
        # the same cookie sent to the other host (a forged or copied cookie) opens nothing
        c.host = SUB
        r = c.get("/quan-tri")
        self.assertEqual(r.status, 303)
        self.assertIn("/dang-nhap", r.header("location"))

    def test_visitor_counters_are_per_site_and_exact(self):
        def total(client):
            return json.loads(client.get("/api/v1/stats").text)["total"]

        a0, b0 = total(self.school), total(self.faculty)
        browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
        for i in range(100):
            r = Client(self.srv, source=f"127.0.{1 + i // 200}.{1 + i % 200}")
            r.get("/", headers=dict(browser, Host=f"localhost:{self.srv.port}"))
        for i in range(50):
            r = Client(self.srv, source=f"127.0.{3 + i // 200}.{1 + i % 200}")
            r.get("/", headers=dict(browser, Host=f"{SUB}:{self.srv.port}"))
        self.assertEqual(total(self.school) - a0, 100)
        self.assertEqual(total(self.faculty) - b0, 50)

    def test_the_render_cache_keeps_each_sites_page(self):
        for _ in range(2):
            a = self.school.get("/")
            b = self.faculty.get("/")
        self.assertEqual(a.header("x-cache"), "hit")
        self.assertEqual(b.header("x-cache"), "hit")
        self.assertIn("Sông Hồng</title>", a.text)
        self.assertIn("Khoa Xây dựng Đảng</title>", b.text)


@sqlite_only("the commands on a SQLite file of their own, one of an older schema")
class Commands(unittest.TestCase):
    def test_site_add_list_remove(self):
        with tempfile.TemporaryDirectory(prefix="cong-sites-") as d:
            db = os.path.join(d, "cong.db")
            self.assertEqual(run_cong("init", "--db", db)[0], 0)
            st, out, err = run_cong("site", "add", "Phong.Example.VN", "--name", "Phòng A",
                                    "--db", db)
            self.assertEqual(st, 0, err)
            st, out, err = run_cong("site", "add", "phong.example.vn", "--name", "Lần hai",
                                    "--db", db)
            self.assertEqual(st, 2)
            self.assertIn("phong.example.vn", err)
            st, out, err = run_cong("site", "add", "bad host", "--name", "X", "--db", db)
            self.assertEqual(st, 2)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            st, out, err = run_cong("site", "add", "con.example.vn", "--name", "Con",
                                    "--parent", "phong.example.vn", "--db", db)
            self.assertEqual(st, 0, err)
            st, out, err = run_cong("site", "list", "--db", db)
            self.assertEqual(st, 0, err)
            self.assertIn("phong.example.vn", out)
            self.assertRegex(out, r"con\.example\.vn\s+2\s+Con")
            # a site holding something is kept unless --force, and says what it holds
            st, out, err = run_cong("setting", "set", "tagline", "Khẩu hiệu", "--site",
                                    "phong.example.vn", "--db", db)
            self.assertEqual(st, 0, err)
            with connect(db) as c:
                c.execute("insert into categories (site_id, slug, name) values (2, 'tin', 'Tin')")
            st, out, err = run_cong("site", "remove", "phong.example.vn", "--db", db)
            self.assertEqual(st, 2)
            self.assertIn("1 chuyên mục", err)
            self.assertIn("1 cổng con", err)
            st, out, err = run_cong("site", "remove", "phong.example.vn", "--force", "--db", db)
            self.assertEqual(st, 0, err)
            with connect(db) as c:
                self.assertEqual(c.execute("select count(*) from categories where site_id = 2")
                                 .fetchone()[0], 0)
                self.assertEqual(c.execute("select count(*) from settings where site_id = 2")
                                 .fetchone()[0], 0)
                self.assertEqual(c.execute("select parent_id from sites where host ="
                                           " 'con.example.vn'").fetchone()[0], None)
            # the default site stays
            st, out, err = run_cong("site", "remove", "localhost", "--force", "--db", db)
            self.assertEqual(st, 2)
            st, out, err = run_cong("setting", "get", "tagline", "--site", "khong-co.vn",
                                    "--db", db)
            self.assertEqual(st, 1)
            self.assertIn("no site", err)

    def test_an_old_portal_migrates_into_the_default_site(self):
        with tempfile.TemporaryDirectory(prefix="cong-old-") as d:
            db = os.path.join(d, "cong.db")
            st, err = make_schema(db, 8)
            self.assertEqual(st, 0, err)
            with connect(db) as c:
                c.executescript(
                    "insert into settings (key, value) values ('site_name', 'Cổng cũ');"
                    "insert into categories (id, slug, name) values (1, 'tin', 'Tin');"
                    "insert into users (id, name, role, password_hash, created_at,"
                    " password_changed_at) values (1, 'bien-tap', 'editor', 'x', 0, 0);"
                    "insert into articles (id, category_id, status, published_at, created_at,"
                    " updated_at, title, slug, owner_id) values (1, 1, 2, 1, 1, 1, 'Bài cũ',"
                    " 'bai-cu', 1);"
                    "insert into redirects values ('/tin/1.html', '/bai-viet/1-bai-cu', 1);"
                    "insert into stats_daily values ('2026-01-01', 7, 9);"
                    "insert into pages (id, slug, title, layout, created_at, updated_at)"
                    " values (1, 'gioi-thieu', 'Giới thiệu', 'mot-cot', 1, 1);"
                    "insert into portlets (page_id, region, position, type, updated_at)"
                    " values (1, 'main', 0, 'html', 1);")
            st, out, err = run_cong("init", "--db", db)
            self.assertEqual(st, 0, err)
            with connect(db) as c:
                for table in ("settings", "categories", "articles", "redirects", "stats_daily",
                              "pages"):
                    self.assertEqual(
                        c.execute(f"select count(*) from {table} where site_id <> 1")
                        .fetchone()[0], 0, table)
                self.assertEqual(c.execute("select site_id, role from site_roles").fetchall(),
                                 [(1, "editor")])
                self.assertEqual(c.execute("select count(*) from portlets p join pages g on"
                                           " g.id = p.page_id where g.slug = 'gioi-thieu'")
                                 .fetchone()[0], 1)
                self.assertEqual(c.execute("select visits from stats_daily").fetchone()[0], 7)
            srv = Server(db=db)
            try:
                self.assertIn("Cổng cũ", srv.get("/").text)
                self.assertEqual(srv.get("/tin/1.html").status, 301)
                self.assertEqual(srv.get("/bai-viet/1").status, 301)
            finally:
                srv.close()


if __name__ == "__main__":
    unittest.main()
