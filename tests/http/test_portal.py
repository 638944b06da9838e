"""Pages built from portlets, against the real server: who sees a portlet (the message, hide
mode, the site's setting, a member who logs in), the order of portlets as they move, refused
configurations that change nothing (through the API and the admin form), pages of one's own
at /trang/SLUG and in the menu, the visitor counter, and the admin's composition pages."""

import json
import os
import re
import tempfile
import unittest

from accounts import FAST, Client, csrf_of, must_create_user
from harness import connect, sqlite_only, ROOT, Server, make_schema, run_cong


def latest_schema():
    """The schema version this build writes, as store.h says (it grows with every migration)."""
    with open(os.path.join(ROOT, "src", "store", "store.h"), encoding="utf-8") as f:
        return int(re.search(r"#define STORE_SCHEMA_VERSION (\d+)", f.read()).group(1))

PW = {"quantri": "quan-tri-vien-1", "thanhvien": "thanh-vien-doc", "bientap": "bien-tap-vien-9"}
DENIED = "Bạn chưa có đủ quyền truy nhập portlet này."

srv = None
tokens = {}


def add_users(db):
    must_create_user(db, "quantri", "admin", PW["quantri"])
    must_create_user(db, "thanhvien", "member", PW["thanhvien"])
    must_create_user(db, "bientap", "editor", PW["bientap"])


def token_for(name):
    st, out, err = run_cong("token", "create", name, "--db", srv.db, env=FAST)
    assert st == 0, err
    return out.strip()


def setUpModule():
    global srv
    srv = Server(demo=True, env=dict(FAST), prepare=add_users)
    tokens["quantri"] = token_for("quantri")
    tokens["thanhvien"] = token_for("thanhvien")


def tearDownModule():
    srv.close()


def api(method, path, body=None, who="quantri", headers=None):
    """Calls the API as who (None: no credentials); returns (status, parsed JSON or None)."""
    h = dict(headers or {})
    if who:
        h["Authorization"] = "Bearer " + tokens[who]
    data = None
    if body is not None:
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        h["Content-Type"] = "application/json"
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def logged_in(name):
    c = Client(srv)
    r = c.login(name, PW[name])
    assert r.status == 303, (r.status, r.text)
    return c


def setting(key, value):
    """Sets a portal setting as `cong setting set` does; the server reads it per request."""
    with connect(srv.db) as c:
        c.execute("insert into settings (site_id, key, value) values (1, ?, ?) on conflict"
                  " (site_id, key) do update set value = excluded.value", (key, value))


class PortalTest(unittest.TestCase):
    def new_page(self, slug, layout="hai-cot", in_menu=False, title=None):
        st, page = api("POST", "/api/v1/pages", {"slug": slug, "title": title or slug,
                                                 "layout": layout, "in_menu": in_menu})
        self.assertEqual(st, 201, page)
        self.addCleanup(api, "DELETE", f"/api/v1/pages/{page['id']}")
        return page

    def add(self, page, **fields):
        st, p = api("POST", f"/api/v1/pages/{page['id']}/portlets", fields)
        self.assertEqual(st, 201, p)
        return p

    def html_block(self, page, text, **fields):
        return self.add(page, type="html", config={"html": f"<p>{text}</p>"}, **fields)


class Permissions(PortalTest):
    def test_member_only_portlet_shows_the_message_and_nothing_of_its_content(self):
        page = self.new_page("noi-bo")
        self.html_block(page, "Biên bản họp chi bộ số 7391", title="Tài liệu thành viên 4417",
                        view_roles=["member"])
        r = srv.get("/trang/noi-bo")
        self.assertEqual(r.status, 200)
        self.assertIn(DENIED, r.text)
        # nothing of it reaches a guest: not its text, not even its title
        self.assertNotIn("7391".encode(), r.body)
        self.assertNotIn("4417".encode(), r.body)

        member = logged_in("thanhvien")
        r = member.get("/trang/noi-bo")
        self.assertIn("Biên bản họp chi bộ số 7391", r.text)
        self.assertNotIn(DENIED, r.text)
        self.assertIn("no-store", r.header("cache-control"))

        # a set of roles is literal: an editor is not a member
        r = logged_in("bientap").get("/trang/noi-bo")
        self.assertIn(DENIED, r.text)
        self.assertNotIn("7391".encode(), r.body)

    def test_a_guest_who_logs_in_then_sees_the_demo_members_block(self):
        home = srv.get("/").text
        path = re.search(r'href="(/bai-viet/\d+-[a-z0-9-]+)"', home).group(1)
        guest = srv.get(path)
        self.assertIn(DENIED, guest.text)
        self.assertNotIn("Tài liệu sinh hoạt chi bộ", guest.text)
        c = Client(srv)
        r = c.login("thanhvien", PW["thanhvien"], tiep=path)
        self.assertEqual(r.header("location"), path)
        member = c.get(path)
        self.assertIn("Tài liệu sinh hoạt chi bộ", member.text)
        self.assertNotIn(DENIED, member.text)

    def test_hide_mode_leaves_no_trace(self):
        page = self.new_page("an-hoan-toan")
        p = self.html_block(page, "Mật 5521", title="Khối ẩn 6630", view_roles=["admin"],
                            unauthorized="hide")
        r = srv.get("/trang/an-hoan-toan")
        self.assertEqual(r.status, 200)
        self.assertNotIn(DENIED, r.text)
        self.assertNotIn(b"5521", r.body)
        self.assertNotIn(b"6630", r.body)
        self.assertNotIn(f'id="portlet-{p["id"]}"', r.text)
        self.assertIn("Mật 5521", logged_in("quantri").get("/trang/an-hoan-toan").text)

    def test_site_setting_hides_what_inherits_it(self):
        page = self.new_page("cai-dat-chung")
        self.html_block(page, "Theo cổng 8801", view_roles=["member"])
        self.html_block(page, "Tự báo 8802", view_roles=["member"], unauthorized="message")
        setting("portlet_unauthorized", "hide")
        self.addCleanup(setting, "portlet_unauthorized", "message")
        body = srv.get("/trang/cai-dat-chung").text
        self.assertNotIn("8801", body)
        self.assertNotIn("8802", body)
        # one message: the portlet that asks for it, not the one that inherits "hide"
        self.assertEqual(body.count(DENIED), 1)

    def test_the_api_serves_configuration_to_admins_only(self):
        page = self.new_page("cau-hinh-rieng")
        p = self.html_block(page, "Cấu hình 3344", view_roles=["admin"])
        for path in ("/api/v1/pages", f"/api/v1/pages/{page['id']}",
                     f"/api/v1/pages/{page['id']}/portlets", f"/api/v1/portlets/{p['id']}"):
            st, body = api("GET", path, who=None)
            self.assertEqual(st, 401, path)
            st, body = api("GET", path, who="thanhvien")
            self.assertEqual(st, 403, path)
            self.assertNotIn("3344", json.dumps(body, ensure_ascii=False))
        st, body = api("GET", f"/api/v1/portlets/{p['id']}")
        self.assertEqual(st, 200)
        self.assertIn("3344", body["config"]["html"])
        self.assertEqual(body["view_roles"], ["admin"])

    def test_login_portlet_logs_a_guest_in_and_greets_them(self):
        page = self.new_page("dang-nhap-nhanh")
        self.add(page, type="login", region="right", title="Đăng nhập")
        c = Client(srv)
        r = c.get("/trang/dang-nhap-nhanh")
        form = r.text[r.text.index('action="/dang-nhap"'):]
        token = csrf_of(form)
        self.assertTrue(token)
        self.assertEqual(c.cookies.get("cong_login_csrf"), token)
        tiep = re.search(r'name="tiep" value="([^"]+)"', form).group(1)
        self.assertEqual(tiep, "/trang/dang-nhap-nhanh")
        r = c.post("/dang-nhap", {"csrf": token, "tiep": tiep, "name": "thanhvien",
                                  "password": PW["thanhvien"]})
        self.assertEqual((r.status, r.header("location")), (303, "/trang/dang-nhap-nhanh"))
        r = c.get("/trang/dang-nhap-nhanh")
        self.assertIn("Xin chào <strong>thanhvien</strong>", r.text)
        self.assertIn('action="/dang-xuat"', r.text)


class Order(PortalTest):
    def order(self, path, markers):
        body = srv.get(path).text
        return sorted(markers, key=body.index)

    def test_moving_a_portlet_through_the_api_changes_the_order_on_the_page(self):
        page = self.new_page("thu-tu")
        a = self.html_block(page, "Khối A-1001")
        self.html_block(page, "Khối B-1002")
        c = self.html_block(page, "Khối C-1003")
        marks = ["A-1001", "B-1002", "C-1003"]
        self.assertEqual(self.order("/trang/thu-tu", marks), marks)
        st, moved = api("PATCH", f"/api/v1/portlets/{c['id']}", {"position": 0})
        self.assertEqual((st, moved["position"]), (200, 0))
        self.assertEqual(self.order("/trang/thu-tu", marks), ["C-1003", "A-1001", "B-1002"])
        # to the side column: out of <main>, into the aside
        st, _ = api("PATCH", f"/api/v1/portlets/{a['id']}", {"region": "right"})
        self.assertEqual(st, 200)
        body = srv.get("/trang/thu-tu").text
        main = body[body.index("<main"):body.index("</main>")]
        self.assertNotIn("A-1001", main)
        self.assertIn("A-1001", body[body.index('class="sidebar region-right"'):])

    def test_admin_buttons_move_a_portlet_up_and_to_another_region(self):
        page = self.new_page("nut-bam")
        self.html_block(page, "Một-2001")
        b = self.html_block(page, "Hai-2002")
        admin = logged_in("quantri")
        token = admin.csrf()
        r = admin.post(f"/quan-tri/portlet/{b['id']}", {"csrf": token, "action": "len"})
        self.assertEqual(r.status, 303)
        self.assertTrue(r.header("location").startswith(f"/quan-tri/trang/{page['id']}"))
        self.assertEqual(self.order("/trang/nut-bam", ["Một-2001", "Hai-2002"]),
                         ["Hai-2002", "Một-2001"])
        r = admin.post(f"/quan-tri/portlet/{b['id']}",
                       {"csrf": token, "action": "chuyen", "region": "right"})
        self.assertEqual(r.status, 303)
        body = srv.get("/trang/nut-bam").text
        self.assertLess(body.index("Một-2001"), body.index('class="sidebar region-right"'))
        self.assertGreater(body.index("Hai-2002"), body.index('class="sidebar region-right"'))
        # the edit page lists regions in the layout's order, with the moved portlet in "right"
        r = admin.get(f"/quan-tri/trang/{page['id']}")
        self.assertEqual(r.status, 200)
        self.assertLess(r.text.index('id="vung-main"'), r.text.index(f'id="portlet-{b["id"]}"'))


class Validation(PortalTest):
    def test_a_bad_configuration_is_refused_by_the_api_and_changes_nothing(self):
        page = self.new_page("cau-hinh-sai")
        p = self.add(page, type="news_list", title="Tin 3131",
                     config={"mode": "latest", "count": 3})
        before_page = srv.get("/trang/cau-hinh-sai").text
        for bad, words, field in (
                ({"config": {"count": 0}}, "Số bài", "config"),
                ({"config": {"count": "ba"}}, "Số bài", "config"),
                ({"config": {"mode": "category", "category": "khong-co"}}, "khong-co", "config"),
                ({"config": {"mau": "do"}}, "mau", "config"),
                ({"region": "footer"}, "footer", "region"),
                ({"view_roles": ["chu-tich"]}, "chu-tich", "view_roles"),
                ({"unauthorized": "an"}, "an", "unauthorized")):
            st, body = api("PATCH", f"/api/v1/portlets/{p['id']}", dict(bad, title="Đổi 9999"))
            self.assertEqual(st, 400, (bad, body))
            self.assertEqual(body["error"]["code"], "invalid_field")
            self.assertEqual(body["error"]["field"], field)
            self.assertIn(words, body["error"]["message"])
        st, after = api("GET", f"/api/v1/portlets/{p['id']}")
        self.assertEqual(after["title"], "Tin 3131")
        self.assertEqual(after["config"]["count"], 3)
        self.assertEqual(after["position"], p["position"])
        body = srv.get("/trang/cau-hinh-sai").text
        self.assertNotIn("9999", body)
        main = lambda t: t[t.index("<main"):t.index("</main>")]
        self.assertEqual(main(body), main(before_page))

    def test_a_bad_configuration_is_refused_by_the_admin_form_and_changes_nothing(self):
        page = self.new_page("bieu-mau-sai")
        p = self.add(page, type="news_list", title="Tin 4242", config={"count": 4})
        admin = logged_in("quantri")
        form = {"csrf": admin.csrf(), "action": "luu", "title": "Đổi 7777", "region": "main",
                "cfg_mode": "latest", "cfg_count": "bốn", "cfg_display": "list",
                "unauthorized": "inherit"}
        r = admin.post(f"/quan-tri/portlet/{p['id']}", form)
        self.assertEqual(r.status, 400)
        alert = re.search(r'role="alert"[^>]*>([^<]*)<', r.text).group(1)
        self.assertIn("Số bài", alert)
        self.assertIn('value="bốn"', r.text)  # what was typed comes back, to be corrected
        st, after = api("GET", f"/api/v1/portlets/{p['id']}")
        self.assertEqual((after["title"], after["config"]["count"]), ("Tin 4242", 4))
        self.assertNotIn("7777", srv.get("/trang/bieu-mau-sai").text)
        # the same form with a good value goes through
        r = admin.post(f"/quan-tri/portlet/{p['id']}", dict(form, cfg_count="2",
                                                              roles="member"))
        self.assertEqual(r.status, 303)
        st, after = api("GET", f"/api/v1/portlets/{p['id']}")
        self.assertEqual((after["title"], after["config"]["count"], after["view_roles"]),
                         ("Đổi 7777", 2, ["member"]))

    def test_html_is_sanitized_when_saved(self):
        page = self.new_page("html-sach")
        p = self.add(page, type="html", config={
            "html": '<p onclick="x()">Chào 6060</p><script>alert(1)</script>'
                    '<a href="javascript:alert(2)">liên kết</a>'})
        self.assertNotIn("script", p["config"]["html"])
        self.assertNotIn("onclick", p["config"]["html"])
        self.assertNotIn("javascript:", p["config"]["html"])
        body = srv.get("/trang/html-sach").text
        self.assertIn("Chào 6060", body)
        self.assertNotIn("alert(", body)

    def test_api_answers_errors_with_the_right_status(self):
        page = self.new_page("loi-api")
        self.assertEqual(api("GET", "/api/v1/pages/khong-co")[0], 404)
        self.assertEqual(api("GET", "/api/v1/portlets/999999")[0], 404)
        self.assertEqual(api("PATCH", "/api/v1/portlets/999999", {"title": "x"})[0], 404)
        st, body = api("POST", "/api/v1/pages", {"slug": "loi-api", "title": "Trùng"})
        self.assertEqual((st, body["error"]["code"]), (409, "conflict"))
        st, body = api("DELETE", "/api/v1/pages/xem-chi-tiet")
        self.assertEqual((st, body["error"]["code"]), (422, "invalid_state"))
        st, body = api("PATCH", "/api/v1/pages/tim-kiem", {"slug": "tim"})
        self.assertEqual(st, 422)
        st, body = api("POST", "/api/v1/pages", b"{not json")
        self.assertEqual((st, body["error"]["code"]), (400, "bad_request"))
        st, body = api("POST", "/api/v1/pages", {"title": "x", "layout": "bon-cot"})
        self.assertEqual((st, body["error"]["field"]), (400, "layout"))
        self.assertIn("bon-cot", body["error"]["message"])
        st, body = api("POST", f"/api/v1/pages/{page['id']}/portlets", {"type": "ban_do"})
        self.assertEqual((st, body["error"]["field"]), (400, "type"))
        self.assertIn("ban_do", body["error"]["message"])
        st, body = api("PUT", "/api/v1/pages")
        self.assertEqual(st, 405)
        # the slug works as well as the id, and a deleted page is gone
        st, body = api("GET", "/api/v1/pages/loi-api")
        self.assertEqual((st, body["id"]), (200, page["id"]))
        st, _ = api("DELETE", f"/api/v1/pages/{page['id']}")
        self.assertEqual(st, 204)
        self.assertEqual(srv.get("/trang/loi-api").status, 404)


class Pages(PortalTest):
    def test_a_page_in_the_menu_appears_in_the_navigation(self):
        page = self.new_page("gioi-thieu-khoa", in_menu=True, title="Giới thiệu khoa")
        self.html_block(page, "Khoa Lý luận cơ sở 1212")
        home = srv.get("/").text
        nav = home[home.index('class="site-nav"'):]
        self.assertIn('href="/trang/gioi-thieu-khoa"', nav[:nav.index("</nav>")])
        r = srv.get("/trang/gioi-thieu-khoa")
        self.assertEqual(r.status, 200)
        self.assertIn("<title>Giới thiệu khoa - ", r.text)
        self.assertIn("Khoa Lý luận cơ sở 1212", r.text)
        self.assertRegex(r.text, r'href="/trang/gioi-thieu-khoa" aria-current="page"')
        st, _ = api("PATCH", f"/api/v1/pages/{page['id']}", {"in_menu": False})
        self.assertEqual(st, 200)
        self.assertNotIn('href="/trang/gioi-thieu-khoa"', srv.get("/").text)

    def test_only_pages_of_ones_own_live_under_trang(self):
        self.assertEqual(srv.get("/trang/khong-co-trang-nay").status, 404)
        for builtin in ("trang-chu", "xem-chi-tiet", "chuyen-muc", "tim-kiem", "site"):
            self.assertEqual(srv.get(f"/trang/{builtin}").status, 404, builtin)

    def test_the_built_in_pages_are_pages_like_any_other(self):
        st, body = api("GET", "/api/v1/pages")
        slugs = {p["slug"]: p for p in body["pages"]}
        for s in ("trang-chu", "chuyen-muc", "xem-chi-tiet", "tim-kiem", "site"):
            self.assertIn(s, slugs)
            self.assertTrue(slugs[s]["builtin"])
        st, detail = api("GET", "/api/v1/pages/xem-chi-tiet")
        self.assertIn("news_detail", [p["type"] for p in detail["portlets"]])
        # a block put on the home page shows there at once, and goes at once
        home = {"id": slugs["trang-chu"]["id"]}
        st, p = api("POST", f"/api/v1/pages/{home['id']}/portlets",
                    {"type": "html", "region": "right", "position": 0,
                     "config": {"html": "<p>Thông báo tuyển sinh 5151</p>"}})
        self.assertEqual(st, 201)
        self.assertIn("Thông báo tuyển sinh 5151", srv.get("/").text)
        self.assertEqual(api("DELETE", f"/api/v1/portlets/{p['id']}")[0], 204)
        self.assertNotIn("5151", srv.get("/").text)

    def test_site_wide_portlets_show_on_every_page(self):
        st, site = api("GET", "/api/v1/pages/site")
        st, p = api("POST", f"/api/v1/pages/{site['id']}/portlets",
                    {"type": "links", "region": "footer", "title": "Liên kết 7070",
                     "config": {"links": [{"title": "Sở Nội vụ", "url": "https://snv.example.vn"}]}})
        self.assertEqual(st, 201, p)
        self.addCleanup(api, "DELETE", f"/api/v1/portlets/{p['id']}")
        home = srv.get("/").text
        cat = re.search(r'href="(/chuyen-muc/[a-z0-9-]+)"', home).group(1)
        for path in ("/", cat, "/tim-kiem?q=hoi+nghi", "/khong-co-trang-nay"):
            r = srv.get(path)
            footer = r.text[r.text.index("<footer"):]
            self.assertIn("Liên kết 7070", footer, path)
            self.assertIn('href="https://snv.example.vn"', footer, path)

    def test_visitor_counter_shows_its_three_lines(self):
        body = srv.get("/").text
        text = re.sub(r"<[^>]+>", "", body)
        for label in ("Đang online", "Hôm nay", "Đã truy cập"):
            self.assertRegex(text, label + r": \d+")
        # the footer no longer carries a counter of its own: one of each
        self.assertEqual(text.count("Đang online:"), 1)


class AdminPages(PortalTest):
    def test_composition_pages_are_for_admins_only(self):
        r = Client(srv).get("/quan-tri/trang")
        self.assertEqual(r.status, 303)
        self.assertTrue(r.header("location").startswith("/dang-nhap?tiep="))
        member = logged_in("thanhvien")
        self.assertEqual(member.get("/quan-tri/trang").status, 403)
        self.assertEqual(logged_in("bientap").get("/quan-tri/portlet/1").status, 403)
        admin = logged_in("quantri")
        r = admin.get("/quan-tri/trang")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("cache-control"), "no-store")
        # a post without the session's token changes nothing
        r = admin.post("/quan-tri/trang", {"title": "Không token"})
        self.assertEqual(r.status, 403)
        st, body = api("GET", "/api/v1/pages")
        self.assertNotIn("Không token", [p["title"] for p in body["pages"]])

    def test_refused_admin_forms_answer_the_status_of_the_table(self):
        admin = logged_in("quantri")
        token = admin.csrf("/quan-tri/trang")
        st, body = api("GET", "/api/v1/pages")
        ids = {p["slug"]: p["id"] for p in body["pages"]}
        # a built-in page may not be deleted nor renamed: invalid_state (422), as in the API
        r = admin.post(f"/quan-tri/trang/{ids['xem-chi-tiet']}", {"csrf": token, "action": "xoa"})
        self.assertEqual(r.status, 422)
        self.assertEqual(r.header("cache-control"), "no-store")
        r = admin.post(f"/quan-tri/trang/{ids['tim-kiem']}", {
            "csrf": token, "action": "luu", "title": "Tìm", "slug": "tim", "layout": "mot-cot"})
        self.assertEqual(r.status, 422)
        self.assertIn('role="alert"', r.text)
        self.assertEqual(api("GET", "/api/v1/pages/tim-kiem")[0], 200)

    def test_an_admin_composes_a_page_with_plain_forms(self):
        admin = logged_in("quantri")
        token = admin.csrf("/quan-tri/trang")
        r = admin.post("/quan-tri/trang", {"csrf": token, "title": "Lịch tiếp dân",
                                           "slug": "", "layout": "mot-cot", "in_menu": "1"})
        self.assertEqual(r.status, 303)
        page_id = int(re.search(r"/quan-tri/trang/(\d+)", r.header("location")).group(1))
        self.addCleanup(api, "DELETE", f"/api/v1/pages/{page_id}")
        r = admin.post(f"/quan-tri/trang/{page_id}", {"csrf": token, "action": "them",
                                                      "type": "html", "region": "main",
                                                      "title": "Lịch tuần"})
        self.assertEqual(r.status, 303)
        pid = int(re.search(r"/quan-tri/portlet/(\d+)", r.header("location")).group(1))
        edit = admin.get(f"/quan-tri/portlet/{pid}")
        self.assertEqual(edit.status, 200)
        self.assertIn('name="cfg_html"', edit.text)
        r = admin.post(f"/quan-tri/portlet/{pid}", {
            "csrf": token, "action": "luu", "title": "Lịch tuần", "region": "main",
            "cfg_html": "<p>Thứ Năm hằng tuần 8686</p>", "unauthorized": "inherit"})
        self.assertEqual(r.status, 303)
        page = srv.get("/trang/lich-tiep-dan")
        self.assertEqual(page.status, 200)
        self.assertIn("Thứ Năm hằng tuần 8686", page.text)
        self.assertIn('href="/trang/lich-tiep-dan"', srv.get("/").text)
        # a refused page setting comes back with the message
        r = admin.post(f"/quan-tri/trang/{page_id}", {"csrf": token, "action": "luu",
                                                      "title": "Lịch tiếp dân",
                                                      "slug": "Sai Đường Dẫn",
                                                      "layout": "mot-cot", "menu_shown": "1"})
        self.assertEqual(r.status, 400)
        self.assertIn("không hợp lệ", re.search(r'role="alert"[^>]*>([^<]*)<', r.text).group(1))
        self.assertEqual(srv.get("/trang/lich-tiep-dan").status, 200)
        # removing the portlet
        r = admin.post(f"/quan-tri/portlet/{pid}", {"csrf": token, "action": "xoa"})
        self.assertEqual(r.status, 303)
        self.assertNotIn("8686", srv.get("/trang/lich-tiep-dan").text)


@sqlite_only("an older schema's SQLite file (tools/make_schema)")
class Init(unittest.TestCase):
    def test_init_gives_a_portal_made_before_pages_its_pages_once(self):
        with tempfile.TemporaryDirectory(prefix="cong-init-") as d:
            db = os.path.join(d, "cong.db")
            # a portal of schema 4: no pages yet, nor what later schemas add
            st, err = make_schema(db, 4)
            self.assertEqual(st, 0, err)
            with connect(db) as c:
                c.executescript("insert into settings (key, value) values ('site_name', 'Cổng cũ');"
                                "insert into categories (slug, name) values ('tin', 'Tin');")
            # the schema a new portal gets
            fresh = os.path.join(d, "moi.db")
            self.assertEqual(run_cong("init", "--db", fresh)[0], 0)
            with connect(fresh) as c:
                latest = c.execute("pragma user_version").fetchone()[0]
            for _ in range(2):  # a second run changes nothing
                st, out, err = run_cong("init", "--db", db)
                self.assertEqual(st, 0, err)
                with connect(db) as c:
                    self.assertEqual(c.execute("pragma user_version").fetchone()[0], latest)
                    # what it had is the default site's
                    self.assertEqual(c.execute("select site_id, value from settings"
                                               " where key = 'site_name'").fetchall(),
                                     [(1, "Cổng cũ")])
                    self.assertEqual(c.execute("select site_id from categories").fetchall(),
                                     [(1,)])
                    pages = dict(c.execute("select slug, (select count(*) from portlets"
                                           " where page_id = pages.id) from pages"))
                self.assertEqual(set(pages), {"site", "trang-chu", "chuyen-muc", "xem-chi-tiet",
                                              "tim-kiem"})
                self.assertEqual(pages["xem-chi-tiet"], 2)
                self.assertEqual(pages["site"], 2)


if __name__ == "__main__":
    unittest.main()
