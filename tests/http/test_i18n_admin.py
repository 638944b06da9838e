"""The administration and the API in English, against the real server: an admin page asked
with ?lang=en (or after it, by its cookie) speaks English and loads the English of its scripts
(/i18n/en.js) before them, in Vietnamese it speaks Vietnamese and loads nothing more; an API
error's message is in English for ?lang=en or Accept-Language: en and in Vietnamese otherwise;
role names follow the page's language; /i18n/en.js is JavaScript setting window.CONG_T to a
JSON object of the scripts' messages, with an ETag that brings a 304; and the public banner's
pause button carries its two words translated, so public pages load no dictionary."""

import json
import re
import unittest

from accounts import Client, password_of, server_with_users

USERS = {"quantri": "admin", "tacgia": "author"}
VIETNAMESE = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")

srv = None
tokens = {}


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)


def tearDownModule():
    srv.close()


def has_vietnamese(s):
    return any(ch in VIETNAMESE for ch in s.lower())


def api(path, headers=None, who="quantri"):
    h = {"Authorization": "Bearer " + tokens[who]}
    h.update(headers or {})
    r = srv.request("GET", path, headers=h)
    return r, json.loads(r.body)


def login(name):
    c = Client(srv)
    r = c.login(name, password_of(name))
    assert r.status == 303, (name, r.status)
    return c


class AdminPages(unittest.TestCase):
    def test_dashboard_in_english_with_lang_en(self):
        c = login("quantri")
        r = c.get("/quan-tri?lang=en")
        self.assertEqual(r.status, 200)
        html = r.text
        self.assertIn('<html lang="en">', html)
        self.assertIn("Hello", html)
        self.assertIn("Your role: Administrator.", html)
        self.assertIn("View the whole audit log", html)
        self.assertNotIn("Xin chào", html)
        self.assertIn('<script src="/i18n/en.js" defer></script>', html)

    def test_dashboard_in_vietnamese_by_default(self):
        c = login("quantri")
        html = c.get("/quan-tri").text
        self.assertIn('<html lang="vi">', html)
        self.assertIn("Xin chào", html)
        self.assertIn("Vai trò của bạn: Quản trị viên.", html)
        self.assertNotIn("/i18n/en.js", html)

    def test_editor_loads_the_dictionary_before_its_scripts(self):
        c = login("tacgia")
        html = c.get("/quan-tri/bai-viet/moi?lang=en").text
        self.assertIn("Editing mode", html)
        at = html.find("/i18n/en.js")
        self.assertGreater(at, 0)
        self.assertLess(at, html.find("/editor.js"))
        self.assertLess(at, html.find("/visual-editor.js"))
        html = c.get("/quan-tri/bai-viet/moi?lang=vi").text
        self.assertIn("Cách soạn", html)
        self.assertNotIn("/i18n/en.js", html)

    def test_the_language_stays_by_its_cookie(self):
        c = login("quantri")
        c.get("/quan-tri/nguoi-dung?lang=en")
        html = c.get("/quan-tri/nguoi-dung").text
        self.assertIn("Add a user", html)
        self.assertNotIn("Thêm người dùng", html)
        c.get("/quan-tri?lang=vi")
        self.assertIn("Thêm người dùng", c.get("/quan-tri/nguoi-dung").text)


class ApiErrors(unittest.TestCase):
    def check_error(self, r, body, status, code):
        self.assertEqual(r.status, status, body)
        self.assertEqual(body["error"]["code"], code)
        return body["error"]["message"]

    def test_not_found_in_english(self):
        r, body = api("/api/v1/documents/999999?lang=en")
        msg = self.check_error(r, body, 404, "not_found")
        self.assertEqual(msg, "There is no such document.")
        r, body = api("/api/v1/documents/999999", {"Accept-Language": "en-GB,en;q=0.8"})
        msg = self.check_error(r, body, 404, "not_found")
        self.assertEqual(msg, "There is no such document.")

    def test_not_found_in_vietnamese_otherwise(self):
        r, body = api("/api/v1/documents/999999")
        msg = self.check_error(r, body, 404, "not_found")
        self.assertEqual(msg, "Không có văn bản này.")
        r, body = api("/api/v1/documents/999999", {"Accept-Language": "vi"})
        self.assertEqual(self.check_error(r, body, 404, "not_found"), "Không có văn bản này.")

    def test_invalid_field_in_english(self):
        r, body = api("/api/v1/articles?per_page=0", {"Accept-Language": "en"})
        msg = self.check_error(r, body, 400, "invalid_field")
        self.assertEqual(body["error"]["field"], "per_page")
        self.assertTrue(msg.startswith("The 'per_page' parameter must be"), msg)
        self.assertFalse(has_vietnamese(msg), msg)
        r, body = api("/api/v1/articles?per_page=0")
        self.assertTrue(has_vietnamese(self.check_error(r, body, 400, "invalid_field")))

    def test_no_such_route_in_english(self):
        r, body = api("/api/v1/khong-co?lang=en")
        msg = self.check_error(r, body, 404, "not_found")
        self.assertEqual(msg, "There is no such API address.")


class EarlyRefusals(unittest.TestCase):
    """What the server refuses before the router (a body past the limit) speaks the request's
    language too, not the language of the thread's last request."""

    def refuse(self, query, lang_header=""):
        raw = srv.raw(("POST /api/v1/articles%s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s"
                       "Content-Type: application/json\r\nContent-Length: 999999999\r\n"
                       "Connection: close\r\n\r\n" % (query, lang_header)).encode())
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 413"), head[:80])
        return json.loads(body)["error"]["message"]

    def test_too_large_in_each_language(self):
        for _ in range(3):  # whichever thread answered an English request before
            self.assertEqual(self.refuse("?lang=en"),
                             "The data sent is larger than the limit allows.")
            self.assertEqual(self.refuse(""), "Dữ liệu gửi lên vượt quá giới hạn cho phép.")
            self.assertEqual(self.refuse("", "Accept-Language: en\r\n"),
                             "The data sent is larger than the limit allows.")


    def test_bad_address_in_the_cookie_language(self):
        r = srv.get("/%zz", headers={"Cookie": "lang=en"})
        self.assertEqual(r.status, 400)
        self.assertIn("Invalid address (wrong URL encoding or UTF-8).", r.text)
        self.assertIn('<html lang="en">', r.text)
        r = srv.get("/%zz")
        self.assertEqual(r.status, 400)
        self.assertIn("Địa chỉ không hợp lệ (mã hoá URL hoặc UTF-8 sai).", r.text)


class Dictionary(unittest.TestCase):
    def test_en_js_is_the_scripts_english(self):
        r = srv.get("/i18n/en.js")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type").startswith("text/javascript"))
        text = r.text
        m = re.fullmatch(r"window\.CONG_T = (\{.*\});\n", text, re.S)
        self.assertIsNotNone(m, text[:200])
        d = json.loads(m.group(1))
        self.assertEqual(d["Đậm"], "Bold")
        self.assertEqual(d["Chọn tất cả bài trong trang"], "Select all articles on the page")
        self.assertEqual(d["Đăng lúc {time}."], "Publishes at {time}.")
        # only the scripts' messages, not the whole catalogue
        self.assertNotIn("Xin chào", d)
        self.assertNotIn("</", m.group(1))

    def test_en_js_is_cacheable(self):
        r = srv.get("/i18n/en.js")
        etag = r.header("etag")
        self.assertTrue(etag and etag.startswith('"'), etag)
        self.assertIn("no-cache", r.header("cache-control"))
        again = srv.get("/i18n/en.js", headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        self.assertEqual(srv.get("/i18n/en.js").header("etag"), etag)

    def test_other_languages_have_no_dictionary(self):
        self.assertEqual(srv.get("/i18n/vi.js").status, 404)
        self.assertEqual(srv.request("POST", "/i18n/en.js", body="").status, 405)


class PublicBanner(unittest.TestCase):
    def test_home_loads_no_dictionary(self):
        for q in ("", "?lang=en"):
            html = srv.get("/" + q).text
            self.assertNotIn("/i18n/en.js", html)
            self.assertNotIn("CONG_T", html)

    def test_pause_button_words_come_translated(self):
        h = {"Authorization": "Bearer " + tokens["quantri"]}
        media = json.loads(srv.request("GET", "/api/v1/media", headers=h).body)["items"]
        pics = [m for m in media if m.get("width")][:2]
        self.assertEqual(len(pics), 2)
        h["Content-Type"] = "application/json"
        r = srv.request("POST", "/api/v1/pages/trang-chu/portlets", headers=h, body=json.dumps(
            {"type": "banner", "region": "main", "position": 0,
             "config": {"slides": [{"media": pics[0]["id"]}, {"media": pics[1]["id"]}]}}))
        self.assertEqual(r.status, 201, r.body)
        pid = json.loads(r.body)["id"]
        try:
            vi = srv.get("/?lang=vi").text
            self.assertIn('data-pause="Tạm dừng" data-play="Phát"', vi)
            en = srv.get("/?lang=en").text
            self.assertIn('data-pause="Pause" data-play="Play"', en)
            self.assertNotIn("/i18n/en.js", en)
        finally:
            srv.request("DELETE", f"/api/v1/portlets/{pid}",
                        headers={"Authorization": "Bearer " + tokens["quantri"]})


if __name__ == "__main__":
    unittest.main()
