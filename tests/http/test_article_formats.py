"""An article's body in either format over real HTTP: HTML from the visual editor, through the
admin's form and through the API, is stored as the sanitizer writes it (a hostile fragment
comes out inert, a picture of the library gets its copies and caption on the public page, a
YouTube video only as the no-cookie embed), while Markdown bodies keep working and an
existing Markdown article opens and saves unchanged. Also the publisher's two buttons for a
pending article: "Duyệt và đăng ngay" publishes now whatever the date says, "Lên lịch đăng"
publishes at the date, which must be ahead. And the admin's scrolling tables, which keyboard
users must be able to focus to scroll."""

import html
import json
import re
import struct
import unittest
import uuid
import zlib

from accounts import Client, must_create_token, must_create_user
from harness import Server

srv = None
PW = "mat-khau-dai-1234"
tokens = {}

HOSTILE = ('<h2 style="color:red">Tiêu đề</h2>'
           '<p class="align-center MsoNormal" onclick="x()">Chữ <strong>đậm</strong>'
           '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">bấm</a></p>'
           '<style>body{display:none}</style><script>alert(2)</script>'
           '<iframe src="https://evil.example/"></iframe>'
           '<p><iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
           'title="Phim"></iframe></p>'
           '<table style="width:100%"><tbody><tr><td style="x">Ô</td></tr></tbody></table>')


def png(width, height):
    raw = b"".join(b"\x00" + bytes([30, 120, 200]) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def multipart(fields):
    boundary = "----cong" + uuid.uuid4().hex
    out = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n".encode()
           + str(v).encode() + b"\r\n" for k, v in fields.items()]
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def post_form(c, path, fields):
    body, ctype = multipart(dict(fields, csrf=c.csrf(path)))
    return c.request("POST", path, body=body, headers={"Content-Type": ctype})


def login(name):
    c = Client(srv)
    r = c.login(name, PW)
    assert r.status == 303, (name, r.status)
    return c


def fields(**kw):
    f = {"title": "Bài định dạng", "summary": "", "body": "", "category": "tin-tuc",
         "tags": "", "author": "", "published_at": "", "cover": "0", "cover_caption": "",
         "action": "save"}
    f.update(kw)
    return f


def textarea(page, name):
    m = re.search(r'<textarea[^>]*\bname="%s"[^>]*>([^<]*)</textarea>' % name, page)
    return html.unescape(m.group(1)) if m else None


def checked_format(page):
    m = re.search(r'<input type="radio" name="body_format" value="(\w+)" checked>', page)
    return m.group(1) if m else None


def revision_of(page):
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def create(c, **kw):
    r = post_form(c, "/quan-tri/bai-viet/moi", fields(**kw))
    assert r.status == 303, (r.status, r.text[-2000:])
    return int(re.match(r"/quan-tri/bai-viet/(\d+)\?tb=", r.header("location")).group(1))


def api(method, path, body=None, who="xuatban"):
    h = {"Authorization": "Bearer " + tokens[who]}
    data = None
    if body is not None:
        h["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    c = srv.connection()
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        return r.status, json.loads(r.read() or b"null")
    finally:
        c.close()


def upload_picture():
    c = srv.connection()
    try:
        c.request("POST", "/api/v1/media", body=png(800, 600),
                  headers={"Authorization": "Bearer " + tokens["xuatban"],
                           "Content-Type": "image/png"})
        r = c.getresponse()
        data = json.loads(r.read())
        assert r.status == 201, (r.status, data)
        return data
    finally:
        c.close()


def assert_inert(test, text):
    for bad in ("onerror", "onclick", "javascript:", "<script", "<style", "style=",
                "evil.example", "MsoNormal"):
        test.assertNotIn(bad, text)


def setUpModule():
    global srv
    srv = Server(demo=False)
    for name, role in (("tacgia", "author"), ("xuatban", "publisher")):
        must_create_user(srv.db, name, role, PW)
        tokens[name] = must_create_token(srv.db, name)
    c = login("xuatban")
    r = c.post("/quan-tri/chuyen-muc", {"csrf": c.csrf("/quan-tri/chuyen-muc"),
                                        "action": "create", "name": "Tin tức",
                                        "slug": "tin-tuc", "parent": "0", "description": ""})
    assert r.status == 303, r.text[-2000:]


def tearDownModule():
    srv.stop()
    bad = [l for l in srv.stderr_lines if "runtime error" in l or "Sanitizer" in l]
    srv.close()
    if bad:
        raise AssertionError("sanitizer reports:\n" + "\n".join(bad[:20]))


class FormHtml(unittest.TestCase):
    def test_html_body_is_stored_sanitized_and_reopens_as_html(self):
        author = login("tacgia")
        aid = create(author, title="Bài HTML", body=HOSTILE, body_format="html")
        page = author.get(f"/quan-tri/bai-viet/{aid}").text
        self.assertEqual(checked_format(page), "html")
        body = textarea(page, "body")
        # what the editor reopens is the sanitized HTML: structure kept, the rest gone
        self.assertIn('<h2>Tiêu đề</h2>', body)
        self.assertIn('<p class="align-center">Chữ <strong>đậm</strong>', body)
        self.assertIn('<table><tbody><tr><td>Ô</td></tr></tbody></table>', body)
        self.assertIn('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
                      'title="Phim"', body)
        assert_inert(self, body)
        self.assertNotIn("alert", body)
        # saved again unchanged: still HTML, same text
        r = post_form(author, f"/quan-tri/bai-viet/{aid}",
                      fields(title="Bài HTML", body=body, body_format="html",
                             revision=revision_of(page)))
        self.assertEqual(r.status, 303)
        self.assertEqual(textarea(author.get(f"/quan-tri/bai-viet/{aid}").text, "body"), body)

    def test_library_picture_with_caption_reaches_the_page_with_its_copies(self):
        media = upload_picture()
        src = media["url"]
        pub = login("xuatban")
        aid = create(pub, title="Ảnh có chú thích", body_format="html", action="publish",
                     body=f'<figure class="image"><img src="{src}" alt="Sân trường" '
                          f'width="800" height="600"><figcaption>Sân trường sáng nay'
                          f'</figcaption></figure><p>Hết.</p>')
        r = srv.get(f"/bai-viet/{aid}")
        self.assertEqual(r.status, 301)
        page = srv.get(r.header("location")).text
        fig = re.search(r'<figure class="image">(.*?)</figure>', page, re.S)
        self.assertIsNotNone(fig, page[-3000:])
        self.assertIn(f'src="{src}"', fig.group(1))
        self.assertIn('alt="Sân trường"', fig.group(1))
        self.assertRegex(fig.group(1), r'srcset="[^"]*%s 800w' % re.escape(src))
        self.assertIn("<figcaption>Sân trường sáng nay</figcaption>", fig.group(1))

    def test_unknown_format_is_refused(self):
        author = login("tacgia")
        r = post_form(author, "/quan-tri/bai-viet/moi",
                      fields(title="Sai", body="x", body_format="docx"))
        self.assertEqual(r.status, 400)
        self.assertIn("Cách soạn nội dung không hợp lệ", r.text)


class FormMarkdown(unittest.TestCase):
    def test_markdown_without_format_field_still_renders(self):
        pub = login("xuatban")
        aid = create(pub, title="Bài Markdown", body="## Mục\n\n**đậm** và <b onclick=x>b</b>",
                     action="publish")
        page = pub.get(f"/quan-tri/bai-viet/{aid}").text
        self.assertEqual(checked_format(page), "markdown")
        self.assertEqual(textarea(page, "body"), "## Mục\n\n**đậm** và <b onclick=x>b</b>")
        r = srv.get(f"/bai-viet/{aid}")
        public = srv.get(r.header("location")).text
        self.assertIn("<h2>Mục</h2>", public)
        self.assertIn("<strong>đậm</strong> và <b>b</b>", public)
        # saved again from the form as it came: nothing lost, still Markdown
        r = post_form(pub, f"/quan-tri/bai-viet/{aid}",
                      fields(title="Bài Markdown", body=textarea(page, "body"),
                             body_format="markdown", revision=revision_of(page)))
        self.assertEqual(r.status, 303)
        page = pub.get(f"/quan-tri/bai-viet/{aid}").text
        self.assertEqual(textarea(page, "body"), "## Mục\n\n**đậm** và <b onclick=x>b</b>")
        self.assertEqual(checked_format(page), "markdown")

    def test_preview_follows_the_format(self):
        c = login("tacgia")
        csrf = c.csrf("/quan-tri/bai-viet/moi")
        r = c.post("/quan-tri/xem-truoc", {"csrf": csrf, "body": "**x** <em>y</em>",
                                           "body_format": "html"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, "**x** <em>y</em>")
        r = c.post("/quan-tri/xem-truoc", {"csrf": csrf, "body": "**x**"})
        self.assertIn("<strong>x</strong>", r.text)


class Api(unittest.TestCase):
    def test_html_body_through_the_api(self):
        st, a = api("POST", "/api/v1/articles",
                    {"title": "API HTML", "category": "tin-tuc", "body": HOSTILE,
                     "body_format": "html"})
        self.assertEqual(st, 201, a)
        st, a = api("GET", f"/api/v1/articles/{a['id']}")
        self.assertEqual(st, 200)
        self.assertEqual(a["body_format"], "html")
        self.assertIn('<p class="align-center">Chữ <strong>đậm</strong>', a["body"])
        assert_inert(self, a["body"])
        assert_inert(self, a["body_html"])
        self.assertIn("<h2>Tiêu đề</h2>", a["body_html"])
        # back to Markdown with a PATCH
        st, b = api("PATCH", f"/api/v1/articles/{a['id']}",
                    {"body": "*nghiêng*", "body_format": "markdown"})
        self.assertEqual(st, 200, b)
        st, b = api("GET", f"/api/v1/articles/{a['id']}")
        self.assertEqual((b["body_format"], b["body"]), ("markdown", "*nghiêng*"))
        self.assertIn("<em>nghiêng</em>", b["body_html"])
        # a format without the body written in it would read the same text another way
        st, e = api("PATCH", f"/api/v1/articles/{a['id']}", {"body_format": "html"})
        self.assertEqual(st, 400, e)
        self.assertEqual(e["error"]["field"], "body_format")
        st, b = api("GET", f"/api/v1/articles/{a['id']}")
        self.assertEqual(b["body_format"], "markdown")

    def test_markdown_is_the_default_and_bad_formats_are_refused(self):
        st, a = api("POST", "/api/v1/articles",
                    {"title": "API Markdown", "category": "tin-tuc", "body": "**đậm**"})
        self.assertEqual(st, 201, a)
        st, a = api("GET", f"/api/v1/articles/{a['id']}")
        self.assertEqual(a["body_format"], "markdown")
        self.assertIn("<strong>đậm</strong>", a["body_html"])
        for bad in ("HTML", "docx", 1, None):
            st, e = api("POST", "/api/v1/articles",
                        {"title": "Sai", "category": "tin-tuc", "body": "x", "body_format": bad})
            self.assertEqual(st, 400, (bad, e))


class PublishButtons(unittest.TestCase):
    def pending(self, title, published_at=""):
        author = login("tacgia")
        return create(author, title=title, body="Nội dung", action="submit",
                      published_at=published_at)

    def test_pending_article_has_both_buttons(self):
        aid = self.pending("Hai nút", published_at="2099-01-01T07:00")
        page = login("xuatban").get(f"/quan-tri/bai-viet/{aid}").text
        self.assertIn('value="approve" class="secondary">Duyệt và đăng ngay</button>', page)
        self.assertIn('value="schedule" class="secondary" aria-describedby="schedule-when">'
                      'Lên lịch đăng</button>', page)
        self.assertIn('id="schedule-when">Đăng lúc 07:00 01-01-2099.</span>', page)
        # approval already publishes a pending article: no third button doing the same
        self.assertNotIn('value="publish"', page)

    def test_approve_now_ignores_a_future_date(self):
        aid = self.pending("Đăng ngay dù ngày sau", published_at="2099-01-01T07:00")
        pub = login("xuatban")
        page = pub.get(f"/quan-tri/bai-viet/{aid}").text
        r = post_form(pub, f"/quan-tri/bai-viet/{aid}",
                      fields(title="Đăng ngay dù ngày sau", body="Nội dung",
                             published_at="2099-01-01T07:00", action="approve",
                             revision=revision_of(page)))
        self.assertEqual((r.status, r.header("location")),
                         (303, f"/quan-tri/bai-viet/{aid}?tb=approve"))
        self.assertEqual(srv.get(f"/bai-viet/{aid}").status, 301)  # public now
        self.assertNotIn("2099", pub.get(f"/quan-tri/bai-viet/{aid}").text)

    def test_schedule_publishes_at_the_date(self):
        aid = self.pending("Lên lịch")
        pub = login("xuatban")
        page = pub.get(f"/quan-tri/bai-viet/{aid}").text
        self.assertIn("Chọn ngày giờ đăng trong tương lai", page)
        # without a date to come, nothing happens
        r = post_form(pub, f"/quan-tri/bai-viet/{aid}",
                      fields(title="Lên lịch", body="Nội dung", published_at="2020-01-01T07:00",
                             action="schedule", revision=revision_of(page)))
        self.assertEqual(r.status, 400)
        self.assertIn("Để lên lịch đăng", r.text)
        self.assertIn("Chờ duyệt", pub.get(f"/quan-tri/bai-viet/{aid}").text)
        r = post_form(pub, f"/quan-tri/bai-viet/{aid}",
                      fields(title="Lên lịch", body="Nội dung", published_at="2099-03-01T08:30",
                             action="schedule", revision=revision_of(page)))
        self.assertEqual((r.status, r.header("location")),
                         (303, f"/quan-tri/bai-viet/{aid}?tb=schedule"))
        self.assertEqual(srv.get(f"/bai-viet/{aid}").status, 404)  # not public before then
        page = pub.get(f"/quan-tri/bai-viet/{aid}").text
        self.assertIn("Đã lên lịch", page)
        self.assertIn('value="2099-03-01T08:30"', page)

    def test_author_cannot_schedule(self):
        author = login("tacgia")
        aid = create(author, title="Nháp của tác giả", body="x")
        page = author.get(f"/quan-tri/bai-viet/{aid}").text
        self.assertNotIn('value="schedule"', page)
        r = post_form(author, f"/quan-tri/bai-viet/{aid}",
                      fields(title="Nháp của tác giả", body="x", published_at="2099-01-01T07:00",
                             action="schedule", revision=revision_of(page)))
        self.assertEqual(r.status, 403)


class ScrollableRegions(unittest.TestCase):
    def test_scrolling_tables_take_keyboard_focus_and_have_a_name(self):
        pub = login("xuatban")
        page = pub.get("/quan-tri/thong-ke").text
        self.assertRegex(page, r'<div class="table-wrap stats-table" tabindex="0" role="region" '
                               r'aria-label="[^"]+">')
        page = pub.get("/quan-tri/bai-viet").text
        self.assertRegex(page, r'<div class="table-wrap" tabindex="0" role="region" '
                               r'aria-label="Danh sách bài viết \(cuộn được\)">')


if __name__ == "__main__":
    unittest.main()
