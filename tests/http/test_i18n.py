"""The interface's language, against the real server: ?lang=en|vi on any public URL answers in
that language and keeps the choice in a cookie; the cookie alone then chooses; a language the
portal does not have is ignored; the site's language setting is the default; the page says its
language (<html lang>, Content-Language), links its other language (hreflang) and has a switch;
the render cache never serves a page drawn in one language to a visitor of the other; the
DESIGN.md denial message appears in English; the API answers errors in the language its
Accept-Language asks for."""

import json
import re
import unittest

from harness import Server, run_cong

DENIED_VI = "Bạn chưa có đủ quyền truy nhập portlet này."
DENIED_EN = "You do not have permission to view this portlet."
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36"}

srv = None


def setUpModule():
    global srv
    srv = Server(demo=True)


def tearDownModule():
    srv.close()


def get(path, lang=None, server=None):
    h = dict(BROWSER)
    if lang:
        h["Cookie"] = "lang=" + lang
    return (server or srv).get(path, headers=h)


def lang_cookie(path, lang=None):
    """The Set-Cookie header of the lang cookie in the answer to path, or None."""
    c = srv.connection()
    try:
        h = dict(BROWSER)
        if lang:
            h["Cookie"] = "lang=" + lang
        c.request("GET", path, headers=h)
        r = c.getresponse()
        r.read()
        found = [v for k, v in r.getheaders() if k.lower() == "set-cookie" and v.startswith("lang=")]
        return found[0] if found else None
    finally:
        c.close()


def html_lang(r):
    return re.search(r'<html lang="([a-z]+)"', r.text).group(1)


def article_path():
    return re.search(r'href="(/bai-viet/\d+-[a-z0-9-]+)"', get("/").text).group(1)


class Choice(unittest.TestCase):
    def test_lang_en_answers_in_english_and_sets_the_cookie(self):
        r = get("/?lang=en")
        self.assertEqual(r.status, 200)
        self.assertEqual(html_lang(r), "en")
        self.assertEqual(r.header("content-language"), "en")
        cookie = lang_cookie("/?lang=en")
        self.assertIsNotNone(cookie)
        self.assertTrue(cookie.startswith("lang=en;"), cookie)
        self.assertIn("Path=/", cookie)
        self.assertIn("SameSite=Lax", cookie)
        self.assertRegex(cookie, r"Max-Age=\d{7,}")

    def test_the_cookie_alone_keeps_the_choice(self):
        r = get("/", lang="en")
        self.assertEqual(html_lang(r), "en")
        self.assertIsNone(lang_cookie("/", lang="en"))
        self.assertIsNone(lang_cookie("/?lang=en", lang="en"))  # nothing new to keep
        r = get("/?lang=vi", lang="en")
        self.assertEqual(html_lang(r), "vi")
        self.assertTrue(lang_cookie("/?lang=vi", lang="en").startswith("lang=vi;"))

    def test_a_language_the_portal_does_not_have_is_ignored(self):
        for q in ("fr", "", "en-GB", "e", "vi;en"):
            r = get("/?lang=" + q)
            self.assertEqual(r.status, 200, q)
            self.assertEqual(html_lang(r), "vi", q)
            self.assertIsNone(lang_cookie("/?lang=" + q), q)
        self.assertEqual(html_lang(get("/", lang="xx")), "vi")

    def test_the_page_links_its_other_language_and_keeps_its_query(self):
        r = get("/tim-kiem?q=hoc+tap")
        self.assertIn('<link rel="alternate" hreflang="en"', r.text)
        self.assertIn('<link rel="alternate" hreflang="vi"', r.text)
        self.assertIn('href="/tim-kiem?q=hoc+tap&amp;lang=en"', r.text)
        # the switch on an English page leads back, with the query, and only once lang=
        r = get("/tim-kiem?q=hoc+tap&lang=en")
        self.assertIn('href="/tim-kiem?q=hoc+tap&amp;lang=vi"', r.text)
        self.assertNotIn("lang=en&amp;lang", r.text)


class Pages(unittest.TestCase):
    def test_the_denial_message_is_in_the_visitors_language(self):
        path = article_path()
        vi = get(path, lang="vi").text
        self.assertIn(DENIED_VI, vi)
        self.assertNotIn(DENIED_EN, vi)
        en = get(path + "?lang=en").text
        self.assertTrue(DENIED_EN in en and DENIED_VI not in en)

    def test_the_interface_changes_with_the_language(self):
        vi, en = get("/", lang="vi").text, get("/", lang="en").text
        self.assertIn("Bỏ qua điều hướng", vi)
        self.assertFalse("Bỏ qua điều hướng" in en)
        self.assertIn('hreflang="vi" lang="vi">Tiếng Việt</a>', en)
        self.assertIn('hreflang="en" lang="en">English</a>', vi)

    def test_the_cache_keeps_each_language_apart(self):
        path = article_path()
        for _ in range(2):
            for lang in ("vi", "en", "vi", "en"):
                r = get(path, lang=lang)
                self.assertEqual(html_lang(r), lang)
                self.assertTrue((DENIED_VI if lang == "vi" else DENIED_EN) in r.text, lang)
        self.assertEqual(get(path, lang="en").header("x-cache"), "hit")

    def test_error_pages_speak_the_language_too(self):
        vi = get("/khong-co-trang-nay", lang="vi")
        en = get("/khong-co-trang-nay", lang="en")
        self.assertEqual((vi.status, en.status), (404, 404))
        self.assertEqual((html_lang(vi), html_lang(en)), ("vi", "en"))
        self.assertNotEqual(re.search(r"<h1[^>]*>(.*?)</h1>", vi.text, re.S).group(1),
                            re.search(r"<h1[^>]*>(.*?)</h1>", en.text, re.S).group(1))


class Api(unittest.TestCase):
    def message(self, headers):
        r = srv.request("GET", "/api/v1/articles/987654321", headers=headers)
        self.assertEqual(r.status, 404)
        self.assertEqual(json.loads(r.body)["error"]["code"], "not_found")
        return json.loads(r.body)["error"]["message"]

    def test_errors_follow_accept_language(self):
        vi = self.message({})
        en = self.message({"Accept-Language": "en-GB,en;q=0.9"})
        self.assertNotEqual(vi, en)
        self.assertTrue(all(ord(c) < 0x250 for c in en), en)
        self.assertEqual(self.message({"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.8"}), vi)
        self.assertEqual(self.message({"Accept-Language": "fr"}), vi)
        self.assertEqual(self.message({"Cookie": "lang=en"}), en)


class SiteSetting(unittest.TestCase):
    def test_the_sites_language_is_the_default(self):
        def english(db):
            st, _, err = run_cong("setting", "set", "language", "en", "--db", db)
            assert st == 0, err
        s = Server(demo=True, prepare=english)
        try:
            self.assertEqual(html_lang(get("/", server=s)), "en")
            self.assertEqual(html_lang(get("/?lang=vi", server=s)), "vi")
            self.assertEqual(html_lang(get("/", lang="vi", server=s)), "vi")
        finally:
            s.close()


if __name__ == "__main__":
    unittest.main()
