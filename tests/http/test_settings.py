"""The site's settings against the real server: a name changed through the admin page or the
API shows on the very next request (no restart, the cached page too); GET and PATCH
/api/v1/settings with each field checked (a bad e-mail, phone, URL, language, counter or logo
refused with the field named, nothing written); the header's logo and the footer's contact
details and social links; hiding the portlets a visitor may not see; every change in the audit
log with its old and new value; admins only. And the admin frame: one menu on every admin page
naming every section the role may open, and a dashboard with the work waiting, the latest audit
lines and the visits chart."""

import json
import re
import unittest

from accounts import Client, password_of, server_with_users

USERS = {"cd_quantri": "admin", "cd_bientap": "editor", "cd_xuatban": "publisher",
         "cd_tacgia": "author"}

srv = None
tokens = {}


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)


def tearDownModule():
    srv.close()


def api(method, path, body=None, who="cd_quantri"):
    h = {}
    if who:
        h["Authorization"] = "Bearer " + tokens[who]
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def login(name):
    c = Client(srv)
    assert c.login(name, password_of(name)).status == 303
    return c


def site_name(html):
    return re.search(r'<span class="site-name">([^<]*)</span>', html).group(1)


class Api(unittest.TestCase):
    def test_get_lists_every_field(self):
        st, s = api("GET", "/api/v1/settings")
        self.assertEqual(st, 200, s)
        for key in ("name", "tagline", "logo", "address", "phone", "email", "footer", "social",
                    "language", "hide_unauthorized", "counter_offset", "base_url"):
            self.assertIn(key, s)
        self.assertEqual(s["language"], "vi")
        self.assertIsNone(s["logo"])
        self.assertIs(s["hide_unauthorized"], False)
        self.assertEqual(set(s["social"]), {"facebook", "youtube", "zalo"})

    def test_name_changed_through_the_api_shows_on_the_next_request(self):
        self.assertEqual(srv.get("/").status, 200)  # the home page is now cached
        st, s = api("PATCH", "/api/v1/settings", {"name": "Trường Chính trị Đổi Tên Qua API"})
        self.assertEqual((st, s["name"]), (200, "Trường Chính trị Đổi Tên Qua API"))
        try:
            html = srv.get("/").text
            self.assertEqual(site_name(html), "Trường Chính trị Đổi Tên Qua API")
            self.assertIn("<title>Trường Chính trị Đổi Tên Qua API</title>", html)
        finally:
            api("PATCH", "/api/v1/settings", {"name": "Trường Chính trị tỉnh Sông Hồng"})

    def refused(self, body, field):
        before = api("GET", "/api/v1/settings")[1]
        st, err = api("PATCH", "/api/v1/settings", body)
        self.assertEqual(st, 400, (body, err))
        self.assertEqual(err["error"]["field"], field, err)
        self.assertTrue(err["error"]["message"])
        self.assertEqual(api("GET", "/api/v1/settings")[1], before)  # nothing written
        return err

    def test_bad_values_are_refused_with_the_field_named(self):
        self.assertIn("thư điện tử", self.refused({"email": "khong-phai-thu"}, "email")
                      ["error"]["message"])
        self.refused({"phone": "gọi tôi"}, "phone")
        self.refused({"social": {"facebook": "javascript:alert(1)"}}, "facebook")
        self.refused({"language": "fr"}, "language")
        self.refused({"counter_offset": -5}, "counter_offset")
        self.refused({"base_url": "ftp://truong.example.vn"}, "base_url")
        self.refused({"name": ""}, "name")
        self.refused({"logo": 999999}, "logo")
        # one bad field among good ones: none of them is written
        self.refused({"address": "Số 1 đường Mới", "email": "@"}, "email")
        st, err = api("PATCH", "/api/v1/settings", {"colour": "đỏ"})
        self.assertEqual((st, err["error"]["code"]), (400, "unknown_field"))
        st, err = api("PATCH", "/api/v1/settings", {"social": {"tiktok": "https://x.vn"}})
        self.assertEqual((st, err["error"]["code"]), (400, "unknown_field"))
        st, err = api("PATCH", "/api/v1/settings", {"hide_unauthorized": "có"})
        self.assertEqual((st, err["error"]["field"]), (400, "hide_unauthorized"))

    def test_admins_only(self):
        for who in ("cd_bientap", "cd_xuatban"):
            self.assertEqual(api("GET", "/api/v1/settings", who=who)[0], 403)
            self.assertEqual(api("PATCH", "/api/v1/settings", {"name": "x"}, who=who)[0], 403)
        self.assertEqual(api("GET", "/api/v1/settings", who=None)[0], 401)
        self.assertIn("/api/v1/settings", api("GET", "/api/v1/openapi.json", who=None)[1]["paths"])

    def test_contact_details_logo_and_social_links_show_in_header_and_footer(self):
        st, media = api("GET", "/api/v1/media")
        image = [m for m in media["items"] if m.get("width")][0]
        body = {"address": "Số 9 đường Hùng Vương, tỉnh Sông Hồng", "phone": "(0210) 3 812 345",
                "email": "vanphong@truong.example.vn", "footer": "Cơ quan chủ quản: UBND tỉnh\n"
                "Giấy phép số 12/GP-TTĐT", "logo": image["id"],
                "social": {"facebook": "https://facebook.com/truong.example",
                           "zalo": "https://zalo.me/123"}}
        st, s = api("PATCH", "/api/v1/settings", body)
        self.assertEqual(st, 200, s)
        try:
            self.assertEqual(s["logo"], image["id"])
            self.assertEqual(s["social"]["zalo"], "https://zalo.me/123")
            html = srv.get("/").text
            self.assertRegex(html, r'<img class="emblem logo" src="/media/%d\.\w+"' % image["id"])
            self.assertIn("Số 9 đường Hùng Vương, tỉnh Sông Hồng", html)
            self.assertIn('<a href="tel:(0210) 3 812 345">', html)
            self.assertIn('<a href="mailto:vanphong@truong.example.vn">', html)
            self.assertIn("Giấy phép số 12/GP-TTĐT", html)
            self.assertIn('<a href="https://facebook.com/truong.example" rel="noopener" '
                          'class="external">Facebook', html)
            self.assertNotIn("YouTube", html)
        finally:
            api("PATCH", "/api/v1/settings", {"address": "", "phone": "", "email": "",
                                              "footer": "", "logo": None,
                                              "social": {"facebook": "", "zalo": ""}})
        html = srv.get("/").text
        self.assertNotIn("Hùng Vương", html)
        self.assertIn('<svg class="emblem"', html)

    def test_hiding_unauthorized_portlets(self):
        # a portlet for editors that follows the site's choice (the demo's own members-only
        # block keeps its message whatever the site says)
        st, p = api("POST", "/api/v1/pages/xem-chi-tiet/portlets",
                    {"type": "html", "region": "right", "title": "Chỉ dành cho biên tập",
                     "config": {"html": "<p>Ghi chú nội bộ</p>"}, "view_roles": ["editor"]})
        self.assertEqual(st, 201, p)
        home = srv.get("/").text
        art = re.search(r'href="(/bai-viet/\d+-[^"]+)"', home).group(1)
        msg = "Bạn chưa có đủ quyền truy nhập portlet này."
        try:
            shown = srv.get(art).text.count(msg)
            self.assertGreaterEqual(shown, 1)
            self.assertEqual(api("PATCH", "/api/v1/settings", {"hide_unauthorized": True})[0],
                             200)
            self.assertEqual(srv.get(art).text.count(msg), shown - 1)
            api("PATCH", "/api/v1/settings", {"hide_unauthorized": False})
            self.assertEqual(srv.get(art).text.count(msg), shown)
        finally:
            api("PATCH", "/api/v1/settings", {"hide_unauthorized": False})
            api("DELETE", f"/api/v1/portlets/{p['id']}")

    def test_counter_offset_and_language(self):
        st, s = api("PATCH", "/api/v1/settings", {"counter_offset": 756989, "language": "en"})
        try:
            self.assertEqual((st, s["counter_offset"], s["language"]), (200, 756989, "en"))
            self.assertIn('<html lang="en">', srv.get("/").text)
        finally:
            api("PATCH", "/api/v1/settings", {"counter_offset": 0, "language": "vi"})


class AdminPage(unittest.TestCase):
    def test_name_changed_through_the_web_shows_on_the_next_request(self):
        c = login("cd_quantri")
        page = c.get("/quan-tri/cai-dat")
        self.assertEqual(page.status, 200)
        self.assertIn('<a href="/quan-tri/cai-dat" aria-current="page">Cài đặt</a>', page.text)
        self.assertIn('name="name"', page.text)
        self.assertIn("Quốc huy (mặc định)", page.text)
        # the text fields as they are (an unticked box is not sent)
        fields = dict(re.findall(r'<input id="cd-\w+" name="(\w+)" '
                                 r'type="(?:text|email|tel|url|number)" value="([^"]*)"', page.text))
        fields["csrf"] = c.csrf("/quan-tri/cai-dat")
        fields["name"] = "Trường Chính trị Đổi Tên Qua Web"
        fields["language"] = "vi"
        old = site_name(srv.get("/").text)
        r = c.post("/quan-tri/cai-dat", fields)
        self.assertEqual(r.status, 303, r.text[:300])
        try:
            self.assertEqual(site_name(srv.get("/").text), "Trường Chính trị Đổi Tên Qua Web")
            self.assertIn("Đã lưu cài đặt", c.get(r.header("location")).text)
            log = c.get("/quan-tri/nhat-ky").text
            self.assertIn("Đổi cài đặt", log)
            self.assertIn(f"{old} → Trường Chính trị Đổi Tên Qua Web", log)
        finally:
            api("PATCH", "/api/v1/settings", {"name": old})

    def test_bad_value_refused_on_the_page(self):
        c = login("cd_quantri")
        csrf = c.csrf("/quan-tri/cai-dat")
        r = c.post("/quan-tri/cai-dat", {"csrf": csrf, "name": "Tên", "email": "sai@",
                                         "language": "vi", "counter_offset": "0"})
        self.assertEqual(r.status, 400)
        self.assertIn('role="alert"', r.text)
        self.assertIn('aria-invalid="true"', r.text)
        self.assertIn('value="sai@"', r.text)
        self.assertNotEqual(site_name(srv.get("/").text), "Tên")
        r = c.post("/quan-tri/cai-dat", {"name": "Không mã"})
        self.assertEqual(r.status, 403)

    def test_not_for_editors(self):
        c = login("cd_bientap")
        self.assertEqual(c.get("/quan-tri/cai-dat").status, 403)


class Banner(unittest.TestCase):
    def images(self):
        st, media = api("GET", "/api/v1/media")
        return [m for m in media["items"] if m.get("width")][:3]

    def test_slides_show_as_a_plain_list_with_titles_and_links(self):
        a, b, c = self.images()
        slides = [{"media": a["id"], "title": "Khai giảng năm học mới", "url": "/chuyen-muc/thong-bao"},
                  {"media": b["id"], "title": "Cổng dịch vụ công", "url": "https://dichvucong.gov.vn/"},
                  {"media": c["id"]}]
        st, p = api("POST", "/api/v1/pages/trang-chu/portlets",
                    {"type": "banner", "region": "main", "position": 0, "title": "",
                     "config": {"slides": slides, "interval": 5}})
        self.assertEqual(st, 201, p)
        try:
            self.assertEqual(p["config"]["autoplay"], True)
            html = srv.get("/").text
            box = html[html.index('class="portlet portlet-banner"'):]
            box = box[:box.index("</section>")]
            self.assertIn('data-interval="5000" data-autoplay="1"', box)
            self.assertEqual(box.count('<li class="banner-slide"'), 3)
            self.assertIn('aria-label="2 / 3"', box)
            self.assertRegex(box, r'<a href="/chuyen-muc/thong-bao"><picture>.*?alt="Khai giảng '
                                  r'năm học mới"')
            self.assertIn('<a href="https://dichvucong.gov.vn/">', box)
            # the buttons are for the script; without it the list alone shows
            self.assertIn('<div class="banner-controls" hidden>', box)
            self.assertIn('<button type="button" class="banner-pause"', box)
            # the editor's form holds the slides one a line
            c_ = Client(srv)
            c_.login("cd_quantri", password_of("cd_quantri"))
            form = c_.get(f"/quan-tri/portlet/{p['id']}").text
            self.assertIn(f"{a['id']} | Khai giảng năm học mới | /chuyen-muc/thong-bao", form)
        finally:
            api("DELETE", f"/api/v1/portlets/{p['id']}")

    def test_bad_slides_are_refused(self):
        a = self.images()[0]
        for slides in ([{"media": 999999, "title": "Không có"}],
                       [{"media": a["id"], "url": "javascript:alert(1)"}],
                       [{"media": "mot", "title": "x"}],
                       [{"media": a["id"], "colour": "red"}],
                       [{"media": a["id"]}] * 13):
            st, err = api("POST", "/api/v1/pages/trang-chu/portlets",
                          {"type": "banner", "region": "main", "config": {"slides": slides}})
            self.assertEqual(st, 400, (slides, err))
            self.assertTrue(err["error"]["message"])
        st, err = api("POST", "/api/v1/pages/trang-chu/portlets",
                      {"type": "banner", "region": "main",
                       "config": {"slides": [{"media": a["id"]}], "interval": 1}})
        self.assertEqual(st, 400, err)


class AdminFrame(unittest.TestCase):
    SECTIONS = ["Tổng quan", "Bài viết", "Thư viện", "Văn bản", "Chuyên mục", "Lịch công tác",
                "Hỏi đáp", "Thống kê", "Trang và portlet", "Menu", "Cài đặt", "Người dùng",
                "Nhật ký", "Chuyển hướng"]

    def nav(self, html):
        # the sections: the list, not the account link beside the logout button
        m = re.search(r'<nav class="admin-nav" aria-label="Quản trị">\s*<ul>(.*?)</ul>', html, re.S)
        return re.findall(r"<a href=\"[^\"]+\"[^>]*>([^<]+)</a>", m.group(1))

    def test_the_same_menu_on_every_admin_page(self):
        c = login("cd_quantri")
        for path in ("/quan-tri", "/quan-tri/bai-viet", "/quan-tri/thu-vien", "/quan-tri/van-ban",
                     "/quan-tri/chuyen-muc", "/quan-tri/lich-cong-tac", "/quan-tri/hoi-dap",
                     "/quan-tri/thong-ke", "/quan-tri/trang", "/quan-tri/menu",
                     "/quan-tri/cai-dat", "/quan-tri/nguoi-dung", "/quan-tri/nhat-ky",
                     "/quan-tri/chuyen-huong", "/quan-tri/bai-viet/moi"):
            r = c.get(path)
            self.assertEqual(r.status, 200, path)
            self.assertEqual(self.nav(r.text), self.SECTIONS, path)
        # an author sees the sections of the role only
        self.assertEqual(self.nav(login("cd_tacgia").get("/quan-tri").text),
                         ["Tổng quan", "Bài viết", "Thư viện"])

    def test_dashboard_shows_work_waiting_audit_and_chart(self):
        st, a = api("POST", "/api/v1/articles", {"title": "Bài chờ duyệt trên bảng điều khiển",
                                                 "body": "Nội dung.", "category": "thong-bao",
                                                 "status": "pending"}, who="cd_bientap")
        self.assertEqual(st, 201, a)
        st, q = api("POST", "/api/v1/questions", {"name": "Người hỏi", "email": "a@b.vn",
                                                  "title": "Câu hỏi chờ", "body": "Xin hỏi."},
                    who=None)
        try:
            html = login("cd_xuatban").get("/quan-tri").text
            self.assertIn("Việc đang chờ", html)
            self.assertRegex(html, r"Bài chờ duyệt: [1-9]")
            self.assertIn("Bài chờ duyệt trên bảng điều khiển", html)
            if st == 201:
                self.assertRegex(html, r"Câu hỏi chờ trả lời: [1-9]")
            self.assertIn("<svg", html)  # the visits chart
            self.assertNotIn("Hoạt động gần đây", html)  # the audit log is the admins'
            admin = login("cd_quantri").get("/quan-tri").text
            self.assertIn("Hoạt động gần đây", admin)
            self.assertIn("Đăng nhập", admin)
            # an editor sees the count, not the list to approve
            editor = login("cd_bientap").get("/quan-tri").text
            self.assertRegex(editor, r"Bài chờ duyệt: [1-9]")
        finally:
            api("DELETE", f"/api/v1/articles/{a['id']}")


if __name__ == "__main__":
    unittest.main()
