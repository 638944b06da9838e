"""Refusals of the admin and composition pages, against the real server: each answers with the
status of the web layer's one table from a result to HTTP (a role too low or a forged form 403,
a page, portlet, article or user that is not there 404, a duplicate 409, a bad form or query
400, too many portlets 422) and with a page that is private (Cache-Control: no-store)."""

import re
import sqlite3
import unittest

from accounts import Client, must_create_user
from harness import Server

PW = {"quantri": "quan-tri-vien-1", "tacgia": "tac-gia-viet-1", "thanhvien": "thanh-vien-doc"}

srv = None


def setUpModule():
    global srv

    def add_users(db):
        must_create_user(db, "quantri", "admin", PW["quantri"])
        must_create_user(db, "tacgia", "author", PW["tacgia"])
        must_create_user(db, "thanhvien", "member", PW["thanhvien"])

    srv = Server(demo=True, prepare=add_users)


def tearDownModule():
    srv.close()


def logged_in(name):
    c = Client(srv)
    r = c.login(name, PW[name])
    assert r.status == 303, (r.status, r.text)
    return c


def page_id(slug):
    with sqlite3.connect(srv.db) as c:
        return c.execute("select id from pages where slug = ?", (slug,)).fetchone()[0]


class Refusals(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.admin = logged_in("quantri")
        cls.token = cls.admin.csrf()

    def refused(self, r, status, what):
        """r is status, a private page (never stored, never indexed)."""
        self.assertEqual(r.status, status, (what, r.text[:300]))
        self.assertEqual(r.header("cache-control"), "no-store", what)
        self.assertEqual(r.header("x-robots-tag"), "noindex", what)
        self.assertIn("text/html", r.header("content-type"), what)

    def post(self, path, fields, who=None):
        return (who or self.admin).post(path, dict(fields, csrf=self.token))

    def new_page(self, slug):
        r = self.post("/quan-tri/trang", {"title": slug, "slug": slug, "layout": "mot-cot"})
        self.assertEqual(r.status, 303, r.text[:300])
        return int(re.search(r"/quan-tri/trang/(\d+)", r.header("location")).group(1))

    # the composition pages

    def test_a_role_below_admin_is_forbidden_from_the_composition_pages(self):
        for who in ("tacgia", "thanhvien"):
            c = logged_in(who)
            for path in ("/quan-tri/trang", f"/quan-tri/trang/{page_id('trang-chu')}",
                         "/quan-tri/portlet/1"):
                self.refused(c.get(path), 403, (who, path))

    def test_a_missing_page_or_portlet_is_404(self):
        self.refused(self.admin.get("/quan-tri/trang/999999"), 404, "page")
        self.refused(self.admin.get("/quan-tri/trang/khong-so"), 404, "page id")
        self.refused(self.admin.get("/quan-tri/portlet/999999"), 404, "portlet")
        self.refused(self.post("/quan-tri/trang/999999", {"action": "luu", "title": "x"}), 404,
                     "post to a missing page")
        self.refused(self.post("/quan-tri/portlet/999999", {"action": "luu"}), 404,
                     "post to a missing portlet")

    def test_a_duplicate_slug_is_409_and_a_bad_slug_400(self):
        pid = self.new_page("trung-lap-1")
        r = self.post("/quan-tri/trang", {"title": "Lần hai", "slug": "trung-lap-1",
                                          "layout": "mot-cot"})
        self.refused(r, 409, "duplicate slug")
        self.assertIn('role="alert"', r.text)
        r = self.post(f"/quan-tri/trang/{pid}", {"action": "luu", "title": "Sai",
                                                 "slug": "Sai Đường Dẫn", "layout": "mot-cot"})
        self.refused(r, 400, "bad slug")

    def test_what_a_built_in_page_refuses_is_422(self):
        r = self.post(f"/quan-tri/trang/{page_id('xem-chi-tiet')}", {"action": "xoa"})
        self.refused(r, 422, "delete a built-in page")
        self.assertEqual(srv.get("/").status, 200)
        r = self.post(f"/quan-tri/trang/{page_id('tim-kiem')}",
                      {"action": "luu", "title": "Tìm", "slug": "tim", "layout": "mot-cot"})
        self.refused(r, 422, "rename a built-in page")

    def test_a_bad_form_is_400(self):
        pid = self.new_page("bieu-mau-hong")
        self.refused(self.post(f"/quan-tri/trang/{pid}", {"action": "nhay"}), 400, "action")
        r = self.post(f"/quan-tri/trang/{pid}", {"action": "them", "type": "ban_do",
                                                 "region": "main"})
        self.refused(r, 400, "unknown portlet type")
        self.assertIn("ban_do", r.text)

    def test_a_form_without_the_token_is_403(self):
        r = self.admin.post("/quan-tri/trang", {"title": "Không token"})
        self.refused(r, 403, "no token")

    def test_too_many_portlets_is_422(self):
        pid = self.new_page("qua-nhieu")
        with sqlite3.connect(srv.db) as c:
            cols = [row[1] for row in c.execute("pragma table_info(portlets)")]
            self.assertIn("page_id", cols)
            have = c.execute("select count(*) from portlets where page_id = ?",
                             (pid,)).fetchone()[0]
        for _ in range(50 - have):
            r = self.post(f"/quan-tri/trang/{pid}", {"action": "them", "type": "html",
                                                     "region": "main"})
            self.assertEqual(r.status, 303)
        r = self.post(f"/quan-tri/trang/{pid}", {"action": "them", "type": "html",
                                                 "region": "main"})
        self.refused(r, 422, "the 51st portlet")

    # the other admin pages

    def test_a_role_too_low_is_403(self):
        author = logged_in("tacgia")
        for path in ("/quan-tri/nguoi-dung", "/quan-tri/nhat-ky", "/quan-tri/chuyen-huong",
                     "/quan-tri/chuyen-muc", "/quan-tri/thong-ke"):
            self.refused(author.get(path), 403, path)
        self.refused(logged_in("thanhvien").get("/quan-tri/bai-viet"), 403, "member")

    def test_what_is_not_there_is_404(self):
        for path in ("/quan-tri/bai-viet/999999", "/quan-tri/bai-viet/999999/lich-su",
                     "/quan-tri/bai-viet/khong-so", "/quan-tri/khong-co-trang-nay",
                     "/quan-tri/nhat-ky?trang=999999"):
            self.refused(self.admin.get(path), 404, path)
        self.refused(self.post("/quan-tri/nguoi-dung/999999", {"action": "disable"}), 404,
                     "a user that is not there")
        self.refused(self.post("/quan-tri/thu-vien/999999/xoa", {}), 404, "a file")

    def test_duplicates_are_409(self):
        r = self.post("/quan-tri/nguoi-dung", {"name": "tacgia", "role": "author",
                                               "password": "mot-mat-khau-dai"})
        self.refused(r, 409, "a user name taken")
        fields = {"action": "add", "old_path": "/cu/trung-lap.html", "new_path": "/"}
        self.assertEqual(self.post("/quan-tri/chuyen-huong", fields).status, 303)
        self.refused(self.post("/quan-tri/chuyen-huong", fields), 409, "a redirect twice")
        fields = {"action": "create", "name": "Trùng lặp", "slug": "trung-lap-cm", "parent": "0"}
        self.assertEqual(self.post("/quan-tri/chuyen-muc", fields).status, 303)
        self.refused(self.post("/quan-tri/chuyen-muc", fields), 409, "a category slug twice")

    def test_bad_forms_and_queries_are_400(self):
        self.refused(self.post("/quan-tri/chuyen-muc", {"action": "create", "name": ""}), 400,
                     "a category without a name")
        self.refused(self.post("/quan-tri/nguoi-dung", {"name": "A B", "role": "author",
                                                        "password": "mot-mat-khau-dai"}),
                     400, "a bad user name")
        for path in ("/quan-tri/nhat-ky?trang=abc", "/quan-tri/thong-ke?ngay=7",
                     "/quan-tri/bai-viet?trang_thai=la", "/quan-tri/bai-viet?tu=hom-qua",
                     "/quan-tri/thu-vien?trang=0"):
            self.refused(self.admin.get(path), 400, path)

    def test_a_forged_form_is_403(self):
        r = self.admin.post("/quan-tri/chuyen-muc", {"action": "create", "name": "Giả",
                                                     "csrf": "sai"})
        self.refused(r, 403, "a wrong token")
        r = self.admin.post("/quan-tri/chuyen-muc", {"action": "create", "name": "Giả",
                                                     "csrf": self.token},
                            headers={"Sec-Fetch-Site": "cross-site"})
        self.refused(r, 403, "a form from another site")


if __name__ == "__main__":
    unittest.main()
