"""The article fields editors expect, against the real server: the address (slug) typed in the
form or the API, unique in the site (a taken or malformed one refused with a message), and a
changed address of a published article answering 301 from the old one through the site's
redirects; the page description in <meta name="description"> and og:description (the summary
when there is none); the cover's alt text (the title when there is none); an expiry time after
which the article leaves public view at its second, cached pages included, while the admin
still lists it marked expired; the featured flag, the featured portlet that lists flagged
articles newest first, and the home page that shows its lead story once."""

import json
import re
import sqlite3
import time
import unittest
import urllib.parse

from accounts import Client, password_of, server_with_users

USERS = {"tacgia": "author", "bientap": "editor", "duyetdang": "publisher", "quantri": "admin"}
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36"}

srv = None
tokens = {}


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)


def tearDownModule():
    srv.close()


def api(method, path, body=None, who="duyetdang"):
    h = {"Authorization": "Bearer " + tokens[who]} if who else {}
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def uniq():
    return str(time.monotonic_ns())[-9:]


def published(**fields):
    body = {"title": "Bài trường mới " + uniq(), "summary": "Tóm tắt của bài.",
            "body": "Nội dung.", "category": "tin-tuc-su-kien", "status": "published"}
    body.update(fields)
    st, art = api("POST", "/api/v1/articles", body)
    assert st == 201, (st, art)
    return art


def get(path):
    return srv.get(path, headers=BROWSER)


def login(name):
    c = Client(srv)
    r = c.login(name, password_of(name))
    assert r.status == 303, (name, r.status)
    return c


def field_value(html, name):
    m = re.search(r'<input[^>]*\bname="%s"[^>]*\bvalue="([^"]*)"' % re.escape(name), html)
    if m:
        return m.group(1)
    m = re.search(r'<textarea[^>]*\bname="%s"[^>]*>([^<]*)</textarea>' % re.escape(name), html)
    return m.group(1) if m else None


def form_of(html):
    """The editor form's fields as the page fills them (what a browser would send back)."""
    f = {}
    for name in ("csrf", "revision", "title", "summary", "body", "tags", "author",
                 "published_at", "cover_caption", "slug", "meta_description", "cover_alt",
                 "expires_at", "has_featured"):
        v = field_value(html, name)
        if v is not None:
            f[name] = v.replace("&amp;", "&").replace("&quot;", '"')
    m = re.search(r'<select[^>]*name="category"[^>]*>(.*?)</select>', html, re.S)
    sel = re.search(r'<option value="([^"]*)" selected>', m.group(1))
    f["category"] = sel.group(1) if sel else ""
    f["cover"] = "0"
    f["body_format"] = "markdown"
    if re.search(r'name="featured" value="1" checked', html):
        f["featured"] = "1"
    return f


class Slug(unittest.TestCase):
    def test_slug_change_after_publishing_answers_301_from_the_old_address(self):
        art = published()
        old = art["url"]
        self.assertEqual(get(old).status, 200)
        slug = "dia-chi-moi-" + uniq()
        st, got = api("PATCH", f"/api/v1/articles/{art['id']}", {"slug": slug})
        self.assertEqual(st, 200, got)
        self.assertEqual(got["slug"], slug)
        new = f"/bai-viet/{art['id']}-{slug}"
        self.assertEqual(got["url"], new)
        r = get(old)
        self.assertEqual(r.status, 301)
        self.assertTrue(r.header("location").endswith(new), r.header("location"))
        self.assertEqual(get(new).status, 200)
        # kept in the site's redirects, audited
        with sqlite3.connect(srv.db) as c:
            row = c.execute("select new_path from redirects where old_path = ?", (old,)).fetchone()
            audit = c.execute("select count(*) from audit_log where action = 'redirect_added'"
                              " and target = ?", (old,)).fetchone()[0]
        self.assertEqual(row, (new,))
        self.assertEqual(audit, 1)
        # and back again: the new address is no longer redirected away
        st, got = api("PATCH", f"/api/v1/articles/{art['id']}", {"slug": art["slug"]})
        self.assertEqual(st, 200, got)
        self.assertEqual(get(old).status, 200)
        self.assertEqual(get(new).status, 301)

    def test_a_draft_changes_its_address_without_a_redirect(self):
        st, art = api("POST", "/api/v1/articles", {"title": "Nháp đổi địa chỉ " + uniq(),
                                                   "category": "tin-tuc-su-kien"}, who="tacgia")
        self.assertEqual(st, 201, art)
        slug = "nhap-" + uniq()
        st, got = api("PATCH", f"/api/v1/articles/{art['id']}", {"slug": slug}, who="tacgia")
        self.assertEqual((st, got["slug"]), (200, slug))
        with sqlite3.connect(srv.db) as c:
            n = c.execute("select count(*) from redirects where old_path = ?",
                          (art["url"],)).fetchone()[0]
        self.assertEqual(n, 0)

    def test_duplicate_and_malformed_slugs_are_refused_with_a_message(self):
        slug = "trung-dia-chi-" + uniq()
        first = published(slug=slug)
        self.assertEqual(first["slug"], slug)
        st, body = api("POST", "/api/v1/articles", {"title": "Bài khác", "slug": slug,
                                                    "category": "tin-tuc-su-kien"})
        self.assertEqual(st, 409, body)
        self.assertEqual(body["error"]["field"], "slug")
        self.assertIn(f"#{first['id']}", body["error"]["message"])
        other = published()
        st, body = api("PATCH", f"/api/v1/articles/{other['id']}", {"slug": slug})
        self.assertEqual(st, 409, body)
        self.assertEqual(api("GET", f"/api/v1/articles/{other['id']}")[1]["slug"], other["slug"])
        for bad in ("Có Dấu", "-dau-gach", "hai--gach", "x" * 81):
            st, body = api("PATCH", f"/api/v1/articles/{other['id']}", {"slug": bad})
            self.assertEqual((st, body["error"]["field"]), (400, "slug"), bad)
        # a title like another's gets a slug of its own
        a = published(title="Tiêu đề giống nhau " + slug)
        b = published(title="Tiêu đề giống nhau " + slug)
        self.assertNotEqual(a["slug"], b["slug"])
        self.assertTrue(b["slug"].startswith(a["slug"]))

    def test_the_form_edits_the_slug_and_refuses_a_taken_one(self):
        taken = published()
        art = published()
        c = login("bientap")
        path = f"/quan-tri/bai-viet/{art['id']}"
        page = c.get(path).text
        self.assertEqual(field_value(page, "slug"), art["slug"])
        f = form_of(page)
        f.update(slug=taken["slug"], action="save", summary="Sửa tóm tắt 8812")
        r = c.post(path, f)
        self.assertEqual(r.status, 409, r.text[-2000:])
        self.assertIn("đã được bài viết #%d dùng" % taken["id"], r.text)
        # what was typed is kept
        self.assertEqual(field_value(r.text, "summary"), "Sửa tóm tắt 8812")
        f.update(slug="dia-chi-bieu-mau-" + uniq())
        r = c.post(path, f)
        self.assertEqual(r.status, 303, r.text[-2000:])
        self.assertEqual(api("GET", f"/api/v1/articles/{art['id']}")[1]["slug"], f["slug"])
        self.assertEqual(get(art["url"]).status, 301)


class Describing(unittest.TestCase):
    def cover_id(self):
        st, media = api("GET", "/api/v1/media", who="quantri")
        self.assertEqual(st, 200, media)
        return next(m["id"] for m in media["items"] if m.get("width"))

    def test_meta_description_and_cover_alt_reach_the_page(self):
        art = published(cover=self.cover_id(), meta_description="Mô tả trang 4471 & thêm",
                        cover_alt="Ảnh hội trường 4472")
        self.assertEqual(art["meta_description"], "Mô tả trang 4471 & thêm")
        self.assertEqual(art["cover_alt"], "Ảnh hội trường 4472")
        page = get(art["url"]).text
        self.assertIn('<meta name="description" content="Mô tả trang 4471 &amp; thêm">', page)
        self.assertIn('<meta property="og:description" content="Mô tả trang 4471 &amp; thêm">',
                      page)
        self.assertIn('alt="Ảnh hội trường 4472"', page)
        self.assertIn('<meta property="og:image:alt" content="Ảnh hội trường 4472">', page)

    def test_without_them_the_summary_and_title_stand_in(self):
        art = published(cover=self.cover_id(), summary="Tóm tắt thay mô tả 4481")
        page = get(art["url"]).text
        self.assertIn('<meta name="description" content="Tóm tắt thay mô tả 4481">', page)
        self.assertIn('alt="%s"' % art["title"], page)

    def test_the_form_carries_the_new_fields(self):
        c = login("duyetdang")
        page = c.get("/quan-tri/bai-viet/moi").text
        for name, label in (("slug", "Đường dẫn"), ("meta_description", "Mô tả trang"),
                            ("cover_alt", "Mô tả ảnh cho người khiếm thị"),
                            ("expires_at", "Hết hạn lúc")):
            self.assertIn(f'<label for="{name}">{label}</label>', page)
        self.assertIn('name="featured" value="1"', page)
        f = form_of(page)
        f.update(title="Bài qua biểu mẫu " + uniq(), category="tin-tuc-su-kien",
                 meta_description="Mô tả 4491", cover_alt="Ảnh 4492", featured="1",
                 expires_at="2099-01-01T08:00", action="save")
        r = c.post("/quan-tri/bai-viet/moi", f)
        self.assertEqual(r.status, 303, r.text[-2000:])
        aid = int(re.search(r"/bai-viet/(\d+)", r.header("location")).group(1))
        st, got = api("GET", f"/api/v1/articles/{aid}")
        self.assertEqual((got["meta_description"], got["cover_alt"], got["featured"]),
                         ("Mô tả 4491", "Ảnh 4492", True))
        self.assertTrue(got["expires_at"].startswith("2099-01-01T08:00:00"), got["expires_at"])
        # unticked, the flag goes; an emptied expiry is none
        page = c.get(f"/quan-tri/bai-viet/{aid}").text
        f = form_of(page)
        self.assertEqual(f.get("featured"), "1")
        f.pop("featured")
        f.update(expires_at="", action="save")
        self.assertEqual(c.post(f"/quan-tri/bai-viet/{aid}", f).status, 303)
        st, got = api("GET", f"/api/v1/articles/{aid}")
        self.assertEqual((got["featured"], got["expires_at"]), (False, None))

    def test_bad_values_are_refused(self):
        art = published()
        st, body = api("PATCH", f"/api/v1/articles/{art['id']}", {"expires_at": "ngày mai"})
        self.assertEqual((st, body["error"]["field"]), (400, "expires_at"))
        st, body = api("PATCH", f"/api/v1/articles/{art['id']}",
                       {"expires_at": "2001-01-01T00:00:00+07:00"})
        self.assertEqual((st, body["error"]["field"]), (400, "expires_at"))
        st, body = api("PATCH", f"/api/v1/articles/{art['id']}", {"featured": "có"})
        self.assertEqual((st, body["error"]["field"]), (400, "featured"))
        st, body = api("PATCH", f"/api/v1/articles/{art['id']}", {"meta_description": "x" * 301})
        self.assertEqual((st, body["error"]["field"]), (400, "meta_description"))

    def test_openapi_describes_the_fields(self):
        st, doc = api("GET", "/api/v1/openapi.json", who=None)
        props = doc["paths"]["/api/v1/articles"]["post"]["requestBody"]["content"][
            "application/json"]["schema"]["properties"]
        for name in ("slug", "meta_description", "cover_alt", "expires_at", "featured"):
            self.assertIn(name, props)


class Expiry(unittest.TestCase):
    def test_an_article_leaves_public_view_at_its_expiry(self):
        title = "Bài hết hạn " + uniq()
        when = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() + 4))
        art = published(title=title, expires_at=when)
        self.assertEqual(art["expired"], False)
        # drawn and kept by the render cache while it is public
        get("/")
        home = get("/")
        self.assertIn(title, home.text)
        self.assertEqual(home.header("x-cache"), "hit")
        self.assertEqual(get(art["url"]).status, 200)
        deadline = time.time() + 20
        while title in get("/").text and time.time() < deadline:
            time.sleep(0.25)
        self.assertNotIn(title, get("/").text)
        self.assertEqual(get(art["url"]).status, 404)
        self.assertEqual(api("GET", f"/api/v1/articles/{art['id']}", who=None)[0], 404)
        q = urllib.parse.quote(title)
        self.assertNotIn(art["url"], get("/tim-kiem?q=" + q).text)
        self.assertNotIn(art["url"], get("/rss.xml").text)
        # editors still have it, marked expired
        st, got = api("GET", f"/api/v1/articles/{art['id']}")
        self.assertEqual((st, got["status"], got["expired"]), (200, "published", True))
        c = login("bientap")
        listing = c.get("/quan-tri/bai-viet?q=" + q).text
        self.assertIn(title, listing)
        self.assertIn("Đã hết hạn", listing)
        # a later expiry brings it back
        st, got = api("PATCH", f"/api/v1/articles/{art['id']}", {"expires_at": None})
        self.assertEqual(st, 200, got)
        self.assertEqual(get(art["url"]).status, 200)

    def test_expiry_written_in_the_database_is_a_due_time_of_the_cache(self):
        title = "Bài hết hạn qua cơ sở dữ liệu " + uniq()
        art = published(title=title)
        get("/")
        self.assertIn(title, get("/").text)
        # as another process would: the cache learns it from the next due time
        with sqlite3.connect(srv.db) as c:
            c.execute("update articles set expires_at = ? where id = ?",
                      (int(time.time()) + 2, art["id"]))
        deadline = time.time() + 20
        while title in get("/").text and time.time() < deadline:
            time.sleep(0.25)
        self.assertNotIn(title, get("/").text)


class Featured(unittest.TestCase):
    def test_the_featured_portlet_lists_flagged_articles_newest_first(self):
        n = uniq()
        old = published(title="Nổi bật cũ " + n, featured=True,
                        published_at="2026-01-02T08:00:00+07:00")
        new = published(title="Nổi bật mới " + n, featured=True)
        plain = published(title="Không nổi bật " + n)
        slug = "noi-bat-" + n
        st, page = api("POST", "/api/v1/pages", {"slug": slug, "title": "Nổi bật " + n,
                                                 "layout": "mot-cot"}, who="quantri")
        self.assertEqual(st, 201, page)
        st, p = api("POST", f"/api/v1/pages/{slug}/portlets",
                    {"type": "featured", "region": "main", "title": "Tin nổi bật",
                     "config": {"mode": "flagged", "count": 10}}, who="quantri")
        self.assertEqual(st, 201, p)
        html = get("/trang/" + slug).text
        self.assertIn(new["title"], html)
        self.assertIn(old["title"], html)
        self.assertNotIn(plain["title"], html)
        self.assertLess(html.index(new["title"]), html.index(old["title"]))
        # the flag taken off through the API: gone from the block
        st, _ = api("PATCH", f"/api/v1/articles/{new['id']}", {"featured": False})
        self.assertEqual(st, 200)
        self.assertNotIn(new["title"], get("/trang/" + slug).text)
        # typed ids still work
        st, p2 = api("PATCH", f"/api/v1/portlets/{p['id']}",
                     {"config": {"mode": "chosen", "ids": [plain["id"]]}}, who="quantri")
        self.assertEqual(st, 200, p2)
        self.assertIn(plain["title"], get("/trang/" + slug).text)

    def test_the_home_page_shows_its_lead_story_once(self):
        art = published(title="Tin đầu trang " + uniq(), featured=True,
                        category="tin-tuc-su-kien")
        home = get("/").text
        lead = re.search(r'class="lead-story".*?href="(/bai-viet/[^"]+)"', home, re.S)
        self.assertIsNotNone(lead)
        self.assertEqual(lead.group(1), art["url"])
        self.assertEqual(home.count('href="%s"' % art["url"]), 1)
        # its category's block still has four stories, the next ones
        st, listing = api("GET", "/api/v1/articles?category=tin-tuc-su-kien&per_page=6")
        others = [a["url"] for a in listing["items"] if a["id"] != art["id"]][:3]
        for url in others:
            self.assertIn('href="%s"' % url, home)
        # the category's own page lists it as usual
        self.assertIn(art["url"], get("/chuyen-muc/tin-tuc-su-kien").text)


if __name__ == "__main__":
    unittest.main()
