"""The site's menus against the real server: the demo's main menu (a sub-menu, an external link
opening a new window) in its order on every page; items added through the API showing at once,
in order, with their sub-menu and external mark; the rules (a javascript: URL, a third level, a
target that is not the site's, an empty label are refused with the field named); only admins
may change them (403), guests not at all (401); the admin page's plain form buttons (add, edit,
move up and down, indent and outdent, delete) with their CSRF check; and a site without items
keeping its old navigation."""

import json
import re
import unittest

from accounts import Client, password_of, server_with_users

USERS = {"menu_quantri": "admin", "menu_bientap": "editor"}

srv = None
tokens = {}


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)


def tearDownModule():
    srv.close()


def api(method, path, body=None, who="menu_quantri"):
    h = {}
    if who:
        h["Authorization"] = "Bearer " + tokens[who]
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def nav_labels(html):
    m = re.search(r'<ul class="wrap nav-list nav-wide">(.*?)</ul>\s*<details', html, re.S)
    assert m, "no main menu"
    labels = []
    for a in re.findall(r"<a [^>]*>(.*?)</a>", m.group(1), re.S):
        labels.append(re.sub(r"<span class=\"visually-hidden\">.*?</span>|<[^>]+>|↗", "", a)
                      .strip())
    return labels


def some_pages():
    """The home page, an article page and a category page."""
    home = srv.get("/").text
    art = re.search(r'href="(/bai-viet/\d+-[^"]+)"', home).group(1)
    return {"/": home, art: srv.get(art).text,
            "/chuyen-muc/thong-bao": srv.get("/chuyen-muc/thong-bao").text}


class DemoMenu(unittest.TestCase):
    def test_sub_menu_and_external_link_in_order_on_every_page(self):
        for path, html in some_pages().items():
            labels = nav_labels(html)
            want = ["Trang chủ", "Giới thiệu", "Lịch công tác", "Hỏi đáp", "Tin tức - Sự kiện"]
            self.assertEqual(labels[:5], want, path)
            self.assertEqual(labels[-2:], ["Văn bản", "Dịch vụ công"], path)
            # a sub-menu is a disclosure: its button names what it opens and controls it
            self.assertRegex(html, r'<button type="button" class="sub-toggle" '
                                   r'aria-expanded="false" aria-controls="menu-con-\d+" hidden>'
                                   r'<span class="visually-hidden">Mở menu con: Giới thiệu')
            # the external link: marked for the eye and for screen readers, new window
            self.assertRegex(html, r'<a href="https://dichvucong.gov.vn/" target="_blank" '
                                   r'rel="noopener" class="external">Dịch vụ công<span '
                                   r'class="ext-mark" aria-hidden="true">↗</span><span '
                                   r'class="visually-hidden"> \(trang ngoài, mở cửa sổ mới\)')
            # the menu button of narrow screens holds the same items
            self.assertIn('<details class="nav-narrow">', html)
            self.assertIn('<ul class="sub-list">', html)
            # the footer menu
            self.assertIn('aria-label="Liên kết chân trang"', html)

    def test_api_lists_items_parents_first(self):
        st, body = api("GET", "/api/v1/menus/main/items", who=None)
        self.assertEqual(st, 200)
        items = body["items"]
        self.assertEqual(items[0]["label"], "Giới thiệu")
        self.assertEqual(items[0]["kind"], "page")
        self.assertEqual(items[0]["url"], "/trang/gioi-thieu")
        self.assertEqual(items[1]["parent"], items[0]["id"])
        ext = [i for i in items if i["kind"] == "url" and i["url"].startswith("https://")][0]
        self.assertTrue(ext["new_window"])
        self.assertEqual(api("GET", "/api/v1/menus/ben-trai/items")[0], 404)

    def test_a_site_without_items_keeps_its_navigation(self):
        # the demo's faculty site has no menu: its categories and pages, as before
        r = srv.get("/", headers={"Host": "khoa.localhost"})
        self.assertEqual(r.status, 200)
        labels = nav_labels(r.text)
        self.assertEqual(labels[0], "Trang chủ")
        self.assertGreater(len(labels), 1)
        self.assertNotIn("Dịch vụ công", labels)


class ApiChanges(unittest.TestCase):
    def add(self, menu="footer", **body):
        st, item = api("POST", f"/api/v1/menus/{menu}/items", body)
        self.assertEqual(st, 201, item)
        return item

    def test_items_added_show_in_order_at_once(self):
        top = self.add(label="Liên hệ thử", url="/trang/gioi-thieu")
        sub = self.add(label="Mục con thử", url="/hoi-dap", parent=top["id"])
        ext = self.add(label="Trang ngoài thử", url="https://example.org/a?b=1")
        cat = self.add(label="Chuyên mục thử", category="thong-bao")
        try:
            self.assertEqual(sub["parent"], top["id"])
            self.assertEqual(cat["url"], "/chuyen-muc/thong-bao")
            for path, html in some_pages().items():
                foot = html[html.index('aria-label="Liên kết chân trang"'):]
                positions = [foot.index(x) for x in ("Liên hệ thử", "Trang ngoài thử",
                                                     "Chuyên mục thử")]
                self.assertEqual(positions, sorted(positions), path)
                # an external link not meant for a new window stays in this one
                self.assertIn('<a href="https://example.org/a?b=1" class="external">', foot)
            # moved to the front through PATCH
            st, moved = api("PATCH", f"/api/v1/menus/footer/items/{cat['id']}",
                            {"position": 0})
            self.assertEqual((st, moved["position"]), (200, 0))
            st, body = api("GET", "/api/v1/menus/footer/items", who=None)
            self.assertEqual(body["items"][0]["id"], cat["id"])
            st, ch = api("PATCH", f"/api/v1/menus/footer/items/{ext['id']}",
                         {"label": "Trang ngoài đổi tên", "new_window": True})
            self.assertEqual((st, ch["label"], ch["new_window"]),
                             (200, "Trang ngoài đổi tên", True))
            self.assertTrue("Trang ngoài đổi tên" in srv.get("/").text)
        finally:
            for it in (top, ext, cat):
                api("DELETE", f"/api/v1/menus/footer/items/{it['id']}")
        # the sub-item went with its parent
        self.assertEqual(api("GET", f"/api/v1/menus/footer/items/{sub['id']}")[0], 404)
        self.assertFalse("Liên hệ thử" in srv.get("/").text)

    def refused(self, status, field, body, menu="footer"):
        st, err = api("POST", f"/api/v1/menus/{menu}/items", body)
        self.assertEqual(st, status, (body, err))
        self.assertEqual(err["error"]["field"], field, err)
        self.assertTrue(err["error"]["message"])
        return err

    def test_bad_items_are_refused_with_the_field_named(self):
        before = api("GET", "/api/v1/menus/footer/items")[1]["items"]
        err = self.refused(400, "url", {"label": "Xấu", "url": "javascript:alert(1)"})
        self.assertEqual(err["error"]["code"], "invalid_field")
        self.refused(400, "url", {"label": "Xấu", "url": "//lua-dao.example/"})
        self.refused(400, "url", {"label": "Xấu", "url": "data:text/html,hi"})
        self.refused(400, "url", {"label": "Xấu", "url": "https://"})
        self.refused(400, "label", {"label": "", "url": "/"})
        self.refused(400, "label", {"label": "x" * 101, "url": "/"})
        self.refused(400, "page", {"label": "Xấu", "page": 999999})
        self.refused(400, "page", {"label": "Xấu", "page": "khong-co-trang-nay"})
        self.refused(400, "page", {"label": "Xấu", "page": "site"})
        self.refused(400, "category", {"label": "Xấu", "category": 999999})
        self.refused(400, "kind", {"label": "Xấu", "kind": "ftp"})
        st, err = api("POST", "/api/v1/menus/footer/items", {"label": "Xấu", "colour": "red"})
        self.assertEqual((st, err["error"]["code"]), (400, "unknown_field"))
        # a third level
        top = self.add(label="Cấp một", url="/")
        two = self.add(label="Cấp hai", url="/", parent=top["id"])
        try:
            err = self.refused(422, "parent", {"label": "Cấp ba", "url": "/",
                                                "parent": two["id"]})
            self.assertIn("hai cấp", err["error"]["message"])
            # an item with children may not go under another
            other = self.add(label="Cấp một khác", url="/")
            st, err = api("PATCH", f"/api/v1/menus/footer/items/{top['id']}",
                          {"parent": other["id"]})
            self.assertEqual((st, err["error"]["field"]), (422, "parent"))
            api("DELETE", f"/api/v1/menus/footer/items/{other['id']}")
            # a parent of the other menu
            main_top = api("GET", "/api/v1/menus/main/items")[1]["items"][0]
            self.refused(400, "parent", {"label": "Lạc menu", "url": "/",
                                          "parent": main_top["id"]})
        finally:
            api("DELETE", f"/api/v1/menus/footer/items/{top['id']}")
        self.assertEqual(api("GET", "/api/v1/menus/footer/items")[1]["items"], before)

    def test_only_admins_change_menus(self):
        st, err = api("POST", "/api/v1/menus/footer/items", {"label": "Của biên tập",
                                                              "url": "/"}, who="menu_bientap")
        self.assertEqual((st, err["error"]["code"]), (403, "forbidden"))
        st, err = api("POST", "/api/v1/menus/footer/items", {"label": "Khách", "url": "/"},
                      who=None)
        self.assertEqual(st, 401)
        item = api("GET", "/api/v1/menus/main/items")[1]["items"][0]
        self.assertEqual(api("DELETE", f"/api/v1/menus/main/items/{item['id']}",
                             who="menu_bientap")[0], 403)
        self.assertEqual(api("PATCH", f"/api/v1/menus/main/items/{item['id']}",
                             {"label": "x"}, who="menu_bientap")[0], 403)

    def test_described_in_openapi(self):
        st, doc = api("GET", "/api/v1/openapi.json", who=None)
        self.assertIn("/api/v1/menus/{name}/items", doc["paths"])
        self.assertIn("/api/v1/menus/{name}/items/{id}", doc["paths"])


class AdminPage(unittest.TestCase):
    def admin(self):
        c = Client(srv)
        self.assertEqual(c.login("menu_quantri", password_of("menu_quantri")).status, 303)
        return c

    def rows(self, c):
        html = c.get("/quan-tri/menu?menu=footer").text
        return re.findall(r'<tr( class="menu-sub")?>\s*<th scope="row">(?:<span aria-hidden='
                          r'"true">— </span><span class="visually-hidden">Mục con: </span>)?'
                          r'([^<]+)</th>', html)

    def test_add_move_indent_and_delete_with_buttons(self):
        c = self.admin()
        page = c.get("/quan-tri/menu?menu=footer")
        self.assertEqual(page.status, 200)
        self.assertIn('<a href="/quan-tri/menu" aria-current="page">Menu</a>', page.text)
        csrf = c.csrf("/quan-tri/menu")
        for label in ("Nút một", "Nút hai"):
            r = c.post("/quan-tri/menu", {"csrf": csrf, "menu": "footer", "action": "save",
                                          "label": label, "kind": "url", "url": "/tim-kiem"})
            self.assertEqual(r.status, 303, r.text)
            self.assertIn("menu=footer", r.header("location"))
        items = api("GET", "/api/v1/menus/footer/items")[1]["items"]
        one = [i for i in items if i["label"] == "Nút một"][0]
        two = [i for i in items if i["label"] == "Nút hai"][0]
        try:
            def act(action, item):
                return c.post("/quan-tri/menu", {"csrf": csrf, "menu": "footer",
                                                 "action": action, "id": str(item["id"])})
            self.assertEqual(act("up", two).status, 303)
            labels = [x[1] for x in self.rows(c)]
            self.assertLess(labels.index("Nút hai"), labels.index("Nút một"))
            self.assertEqual(act("down", two).status, 303)
            self.assertEqual(act("indent", two).status, 303)
            rows = self.rows(c)
            self.assertIn((' class="menu-sub"', "Nút hai"), rows)
            # the home page shows it under its parent at once
            self.assertTrue("Nút hai" in srv.get("/").text)
            # a second indent is refused with a message, nothing changes
            r = act("indent", two)
            self.assertEqual(r.status, 422)
            self.assertIn('role="alert"', r.text)
            self.assertEqual(act("outdent", two).status, 303)
            self.assertIn(("", "Nút hai"), self.rows(c))
            # the first item cannot go up
            first = api("GET", "/api/v1/menus/footer/items")[1]["items"][0]
            self.assertEqual(act("up", first).status, 422)
            # edit through the form
            r = c.get(f"/quan-tri/menu?menu=footer&sua={one['id']}")
            self.assertIn('value="Nút một"', r.text)
            r = c.post("/quan-tri/menu", {"csrf": csrf, "menu": "footer", "action": "save",
                                          "id": str(one["id"]), "label": "Nút một đã sửa",
                                          "kind": "documents"})
            self.assertEqual(r.status, 303)
            self.assertTrue('<a href="/van-ban">Nút một đã sửa</a>' in srv.get("/").text)
            log = c.get("/quan-tri/nhat-ky").text
            for word in ("Thêm mục menu", "Đổi thứ tự menu", "Sửa mục menu"):
                self.assertIn(word, log)
        finally:
            for it in (one, two):
                act("delete", it)
        self.assertNotIn("Nút một", c.get("/quan-tri/menu?menu=footer").text)
        self.assertIn("Xóa mục menu", c.get("/quan-tri/nhat-ky").text)

    def test_bad_item_refused_on_the_page_and_csrf_required(self):
        c = self.admin()
        csrf = c.csrf("/quan-tri/menu")
        r = c.post("/quan-tri/menu", {"csrf": csrf, "menu": "footer", "action": "save",
                                      "label": "Độc", "kind": "url",
                                      "url": "javascript:alert(1)"})
        self.assertEqual(r.status, 400)
        self.assertIn('role="alert"', r.text)
        self.assertIn("http://, https://", r.text)
        self.assertIn('value="Độc"', r.text)  # what was typed stays
        r = c.post("/quan-tri/menu", {"menu": "footer", "action": "save", "label": "Không mã",
                                      "kind": "url", "url": "/"})
        self.assertEqual(r.status, 403)
        self.assertNotIn("Không mã", c.get("/quan-tri/menu?menu=footer").text)

    def test_not_for_editors_nor_guests(self):
        c = Client(srv)
        self.assertEqual(c.login("menu_bientap", password_of("menu_bientap")).status, 303)
        self.assertEqual(c.get("/quan-tri/menu").status, 403)
        self.assertNotIn('href="/quan-tri/menu"', c.get("/quan-tri").text)
        self.assertEqual(srv.get("/quan-tri/menu").status, 303)


if __name__ == "__main__":
    unittest.main()
