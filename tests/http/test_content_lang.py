"""The language of content against the real server: articles, pages and menu items carry one
("vi" or "en"), set through the API and the admin forms and refused otherwise (400 with the
field named, nothing written); the English home page (/?lang=en) lists English articles only
and the Vietnamese one Vietnamese only, and so do the RSS feeds; the English menu appears with
the English interface; the demo's English pages answer with lang="en" on their content, and an
article read in the other interface keeps its own lang; search lists both languages, marking
the other one; the render cache never serves one language's page to the other."""

import json
import re
import unittest

from accounts import Client, password_of, server_with_users

USERS = {"ngonngu_quantri": "admin", "ngonngu_bientap": "editor"}
EN_PAGES = ("/trang/about-the-school", "/trang/functions-and-tasks", "/trang/leadership",
            "/trang/contact-us")

srv = None
tokens = {}


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)


def tearDownModule():
    srv.close()


def api(method, path, body=None, who="ngonngu_quantri"):
    h = {"Authorization": "Bearer " + tokens[who]} if who else {}
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def as_lang(path, lang):
    """The page at path in the interface language lang, chosen by the cookie the switch sets
    (the address stays the same, as for a visitor who switched before)."""
    return srv.get(path, headers={"Cookie": "lang=" + lang})


def article_ids(html):
    return {int(i) for i in re.findall(r'href="/bai-viet/(\d+)-', html)}


def main_of(html):
    m = re.search(r"<main\b.*?</main>", html, re.S)
    assert m, "no <main>"
    return m.group(0)


def nav_labels(html):
    m = re.search(r'<ul class="wrap nav-list nav-wide">(.*?)</ul>\s*<details', html, re.S)
    assert m, "no main menu"
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a [^>]*>(.*?)</a>",
                                                                  m.group(1), re.S)]


def langs_of_published():
    """{id: lang} of every published article, from the API."""
    out, page = {}, 1
    while True:
        st, body = api("GET", f"/api/v1/articles?per_page=100&page={page}", who=None)
        assert st == 200, body
        for a in body["items"]:
            out[a["id"]] = a["lang"]
        if len(body["items"]) < 100:
            return out
        page += 1


class Stored(unittest.TestCase):
    def test_api_article_lang_kept_changed_and_refused(self):
        st, a = api("POST", "/api/v1/articles", {"title": "A test story in English",
                                                 "category": "news", "status": "published",
                                                 "lang": "en", "body": "Plain words."})
        self.assertEqual(st, 201, a)
        self.assertEqual(a["lang"], "en")
        try:
            self.assertEqual(api("GET", f"/api/v1/articles/{a['id']}")[1]["lang"], "en")
            for bad in ("fr", "EN", "", "vietnamese"):
                st, e = api("PATCH", f"/api/v1/articles/{a['id']}", {"lang": bad})
                self.assertEqual(st, 400, bad)
                self.assertEqual(e["error"]["code"], "invalid_field")
                self.assertEqual(e["error"]["field"], "lang")
            self.assertEqual(api("GET", f"/api/v1/articles/{a['id']}")[1]["lang"], "en")
            st, b = api("PATCH", f"/api/v1/articles/{a['id']}", {"lang": "vi"})
            self.assertEqual((st, b["lang"]), (200, "vi"))
            # a change of anything else keeps it
            st, b = api("PATCH", f"/api/v1/articles/{a['id']}", {"summary": "Tóm tắt"})
            self.assertEqual((st, b["lang"]), (200, "vi"))
        finally:
            api("DELETE", f"/api/v1/articles/{a['id']}")
        # without lang: Vietnamese; a bad one on create writes nothing
        st, e = api("POST", "/api/v1/articles", {"title": "Bài không tạo", "category": "news",
                                                 "lang": 1})
        self.assertEqual((st, e["error"]["field"]), (400, "lang"))
        st, b = api("POST", "/api/v1/articles", {"title": "Bài tiếng Việt", "category": "news"})
        self.assertEqual((st, b["lang"]), (201, "vi"))
        api("DELETE", f"/api/v1/articles/{b['id']}")

    def test_api_pages_and_menu_items_carry_lang(self):
        st, p = api("POST", "/api/v1/pages", {"title": "Office hours", "slug": "office-hours",
                                              "lang": "en"})
        self.assertEqual((st, p["lang"]), (201, "en"), p)
        try:
            st, e = api("PATCH", f"/api/v1/pages/{p['id']}", {"lang": "de"})
            self.assertEqual((st, e["error"]["code"], e["error"]["field"]),
                             (400, "invalid_field", "lang"))
            self.assertEqual(api("GET", "/api/v1/pages/office-hours")[1]["lang"], "en")
            st, e = api("POST", "/api/v1/menus/footer/items", {"label": "Hours",
                                                               "page": "office-hours",
                                                               "lang": "english"})
            self.assertEqual((st, e["error"]["field"]), (400, "lang"))
            st, it = api("POST", "/api/v1/menus/footer/items", {"label": "Hours",
                                                                "page": "office-hours",
                                                                "lang": "en"})
            self.assertEqual((st, it["lang"]), (201, "en"), it)
            footer = as_lang("/", "en").text
            self.assertIn(">Hours</a>", footer)
            self.assertNotIn(">Hours</a>", as_lang("/", "vi").text)
            api("DELETE", f"/api/v1/menus/footer/items/{it['id']}")
        finally:
            api("DELETE", f"/api/v1/pages/{p['id']}")

    def test_api_lists_one_language(self):
        st, body = api("GET", "/api/v1/articles?lang=en&per_page=100", who=None)
        self.assertEqual(st, 200)
        self.assertTrue(body["items"])
        self.assertEqual({a["lang"] for a in body["items"]}, {"en"})
        st, body = api("GET", "/api/v1/articles?lang=vi&per_page=100", who=None)
        self.assertEqual({a["lang"] for a in body["items"]}, {"vi"})
        for bad in ("lang=fr", "lang=en&q=school"):
            st, e = api("GET", "/api/v1/articles?" + bad, who=None)
            self.assertEqual((st, e["error"]["field"]), (400, "lang"), bad)

    def test_openapi_describes_the_field(self):
        st, doc = api("GET", "/api/v1/openapi.json", who=None)
        self.assertEqual(st, 200)
        for path, method in (("/api/v1/articles", "post"), ("/api/v1/pages", "post"),
                             ("/api/v1/menus/{name}/items", "post")):
            schema = doc["paths"][path][method]["requestBody"]["content"]["application/json"][
                "schema"]
            self.assertEqual(schema["properties"]["lang"]["enum"], ["vi", "en"], path)

    def test_admin_forms_set_and_refuse_lang(self):
        c = Client(srv)
        self.assertEqual(c.login("ngonngu_bientap", password_of("ngonngu_bientap")).status, 303)
        page = c.get("/quan-tri/bai-viet/moi").text
        self.assertRegex(page, r'<select id="lang" name="lang"')
        csrf = c.csrf("/quan-tri/bai-viet/moi")
        form = {"csrf": csrf, "title": "Form story in English", "summary": "", "body": "Text.",
                "category": "news", "tags": "", "author": "", "published_at": "", "cover": "0",
                "cover_caption": "", "action": "save", "lang": "en"}
        r = c.post("/quan-tri/bai-viet/moi", form)
        self.assertEqual(r.status, 303, r.text[-2000:])
        aid = int(re.match(r"/quan-tri/bai-viet/(\d+)", r.header("location")).group(1))
        try:
            self.assertEqual(api("GET", f"/api/v1/articles/{aid}")[1]["lang"], "en")
            edit = c.get(f"/quan-tri/bai-viet/{aid}").text
            self.assertRegex(edit, r'<option value="en" lang="en" selected>English</option>')
            # the failure path: a language the portal has not, refused, nothing written
            bad = dict(form, title="Không được tạo", lang="fr")
            r = c.post("/quan-tri/bai-viet/moi", bad)
            self.assertEqual(r.status, 400)
            self.assertIn('role="alert"', r.text)
            self.assertIn("Ngôn ngữ", r.text)
            st, found = api("GET", "/api/v1/articles?q=" + "Kh%C3%B4ng%20%C4%91%C6%B0%E1%BB%A3c"
                            "%20t%E1%BA%A1o&status=draft")
            self.assertEqual([a for a in found["items"] if a["title"] == "Không được tạo"],
                             [])
        finally:
            api("DELETE", f"/api/v1/articles/{aid}")

    def test_admin_page_form_sets_lang(self):
        c = Client(srv)
        self.assertEqual(c.login("ngonngu_quantri", password_of("ngonngu_quantri")).status, 303)
        csrf = c.csrf("/quan-tri/trang")
        r = c.post("/quan-tri/trang", {"csrf": csrf, "title": "Visitors", "slug": "visitors",
                                       "layout": "mot-cot", "lang": "xx"})
        self.assertEqual(r.status, 400)
        self.assertEqual(api("GET", "/api/v1/pages/visitors")[0], 404)
        r = c.post("/quan-tri/trang", {"csrf": csrf, "title": "Visitors", "slug": "visitors",
                                       "layout": "mot-cot", "lang": "en"})
        self.assertEqual(r.status, 303, r.text[-1500:])
        try:
            st, p = api("GET", "/api/v1/pages/visitors")
            self.assertEqual(p["lang"], "en")
            self.assertIn('lang="en"', main_of(srv.get("/trang/visitors").text))
            self.assertIn("Visitors", c.get("/quan-tri/nhat-ky").text)
        finally:
            api("DELETE", "/api/v1/pages/visitors")


class Public(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.langs = langs_of_published()
        cls.en = {i for i, l in cls.langs.items() if l == "en"}
        cls.vi = {i for i, l in cls.langs.items() if l == "vi"}

    def test_demo_has_english_articles(self):
        self.assertGreaterEqual(len(self.en), 3)

    def test_home_lists_the_articles_of_its_language(self):
        en = article_ids(main_of(srv.get("/?lang=en").text))
        vi = article_ids(main_of(srv.get("/?lang=vi").text))
        self.assertTrue(en)
        self.assertLessEqual(en, self.en, en - self.en)
        self.assertTrue(vi)
        self.assertFalse(vi & self.en)
        self.assertLessEqual(vi, self.vi | set())

    def test_the_english_menu_with_the_english_interface(self):
        en = nav_labels(srv.get("/?lang=en").text)
        for label in ("About the School", "Functions and tasks", "Leadership", "News",
                      "Contact us"):
            self.assertIn(label, en)
        self.assertNotIn("Giới thiệu", en)
        vi = nav_labels(srv.get("/?lang=vi").text)
        self.assertIn("Giới thiệu", vi)
        self.assertNotIn("About the School", vi)

    def test_english_pages_answer_with_their_language(self):
        for path in EN_PAGES:
            for lang in ("en", "vi"):
                r = srv.get(f"{path}?lang={lang}")
                self.assertEqual(r.status, 200, path)
                self.assertRegex(r.text, r'<main [^>]*lang="en"', path)
        leaders = srv.get("/trang/leadership?lang=en").text
        for what in ("Principal", "Deputy Principal", "Phone:", "mailto:"):
            self.assertIn(what, leaders)
        contact = srv.get("/trang/contact-us?lang=en").text
        for what in ("Address:", "Phone:", "E-mail:", "Office hours"):
            self.assertIn(what, contact)

    def test_an_article_keeps_its_lang_in_the_other_interface(self):
        en_id = min(self.en)
        vi_id = min(article_ids(main_of(srv.get("/?lang=vi").text)))
        r = srv.get(f"/bai-viet/{en_id}?lang=vi")
        if r.status == 301:
            r = srv.get(r.header("location") + "?lang=vi")
        self.assertEqual(r.status, 200)
        self.assertRegex(r.text, r'<div class="article-body" lang="en">')
        r = srv.get(f"/bai-viet/{vi_id}?lang=en")
        if r.status == 301:
            r = srv.get(r.header("location") + "?lang=en")
        self.assertEqual(r.status, 200)
        self.assertRegex(r.text, r'<div class="article-body" lang="vi">')
        # the other articles of its category listed beside it (the list with a link to the
        # category) are in its language
        related = [b for b in re.findall(r'<section class="portlet portlet-news_list.*?</section>',
                                         r.text, re.S) if 'class="box-more"' in b]
        self.assertEqual(len(related), 1)
        others = article_ids(related[0]) - {vi_id}
        self.assertTrue(others)
        self.assertFalse(others & self.en)

    def test_feeds_list_their_language(self):
        en = srv.get("/rss.xml?lang=en").text
        self.assertIn("<language>en</language>", en)
        ids = {int(i) for i in re.findall(r"<guid[^>]*>[^<]*/bai-viet/(\d+)</guid>", en)}
        self.assertTrue(ids)
        self.assertLessEqual(ids, self.en)
        vi = srv.get("/rss.xml?lang=vi").text
        self.assertIn("<language>vi</language>", vi)
        ids = {int(i) for i in re.findall(r"<guid[^>]*>[^<]*/bai-viet/(\d+)</guid>", vi)}
        self.assertTrue(ids)
        self.assertFalse(ids & self.en)

    def test_search_lists_both_and_marks_the_other(self):
        r = srv.get("/tim-kiem?q=school&lang=vi")
        self.assertEqual(r.status, 200)
        self.assertTrue(article_ids(r.text) & self.en)
        self.assertRegex(r.text, r'<h2 lang="en"><a href="/bai-viet/')

    def test_the_cache_keeps_the_languages_apart(self):
        for _ in range(2):
            for lang in ("en", "vi"):
                r = as_lang("/", lang)
                self.assertEqual(r.status, 200)
                ids = article_ids(main_of(r.text))
                if lang == "en":
                    self.assertLessEqual(ids, self.en, r.header("x-cache"))
                    self.assertIn("About the School", nav_labels(r.text))
                else:
                    self.assertFalse(ids & self.en, r.header("x-cache"))
                    self.assertNotIn("About the School", nav_labels(r.text))
        # the second round came from the cache: each language's own copy
        self.assertEqual(as_lang("/", "en").header("x-cache"), "hit")
        for path in ("/trang/leadership", "/chuyen-muc/news"):
            a, b = as_lang(path, "en"), as_lang(path, "vi")
            self.assertEqual((a.status, b.status), (200, 200))
            self.assertEqual(as_lang(path, "en").text, as_lang(path, "en").text)
        news_en = article_ids(main_of(as_lang("/chuyen-muc/news", "en").text))
        news_vi = article_ids(main_of(as_lang("/chuyen-muc/news", "vi").text))
        self.assertTrue(news_en)
        self.assertFalse(news_vi & self.en)


if __name__ == "__main__":
    unittest.main()
