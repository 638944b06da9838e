"""The admin's redirect table: an admin adds and removes redirects that the site then follows;
bad ones are refused with a message; only admins may use it."""

import unittest

from accounts import Client, must_create_user
from harness import Server

srv = None


def setUpModule():
    global srv
    srv = Server(demo=False)
    must_create_user(srv.db, "quantri", "admin", "mat-khau-quan-tri-1")
    must_create_user(srv.db, "bientap", "editor", "mat-khau-bien-tap-1")


def tearDownModule():
    srv.close()


class Redirects(unittest.TestCase):
    def admin(self):
        c = Client(srv)
        self.assertEqual(c.login("quantri", "mat-khau-quan-tri-1").status, 303)
        return c

    def test_add_follow_and_remove(self):
        c = self.admin()
        csrf = c.csrf("/quan-tri/chuyen-huong")
        r = c.post("/quan-tri/chuyen-huong", {"csrf": csrf, "action": "add",
                                               "old_path": "/tin-tuc/cu.html",
                                               "new_path": "/chuyen-muc/thong-bao"})
        self.assertEqual(r.status, 303)
        r = srv.get("/tin-tuc/cu.html")
        self.assertEqual((r.status, r.header("location")), (301, "/chuyen-muc/thong-bao"))
        page = c.get("/quan-tri/chuyen-huong").text
        self.assertIn("/tin-tuc/cu.html", page)
        log = c.get("/quan-tri/nhat-ky").text
        self.assertIn("Thêm chuyển hướng", log)
        r = c.post("/quan-tri/chuyen-huong", {"csrf": csrf, "action": "remove",
                                               "old_path": "/tin-tuc/cu.html"})
        self.assertEqual(r.status, 303)
        self.assertEqual(srv.get("/tin-tuc/cu.html").status, 404)

    def test_bad_redirects_are_refused_and_nothing_changes(self):
        c = self.admin()
        csrf = c.csrf("/quan-tri/chuyen-huong")
        for old, new in (("/a", "https://lua-dao.example/"), ("/b", "//lua-dao.example/x"),
                         ("khong-gach", "/x"), ("/c", "javascript:alert(1)")):
            r = c.post("/quan-tri/chuyen-huong", {"csrf": csrf, "action": "add",
                                                   "old_path": old, "new_path": new})
            self.assertEqual(r.status, 400, (old, new))
            self.assertIn('role="alert"', r.text)
        self.assertEqual(srv.get("/a").status, 404)
        # without the CSRF token nothing is added
        r = c.post("/quan-tri/chuyen-huong", {"action": "add", "old_path": "/d",
                                               "new_path": "/"})
        self.assertEqual(r.status, 403)
        self.assertEqual(srv.get("/d").status, 404)

    def test_only_admins(self):
        self.assertEqual(srv.get("/quan-tri/chuyen-huong").status, 303)
        c = Client(srv)
        self.assertEqual(c.login("bientap", "mat-khau-bien-tap-1").status, 303)
        self.assertEqual(c.get("/quan-tri/chuyen-huong").status, 403)


if __name__ == "__main__":
    unittest.main()
