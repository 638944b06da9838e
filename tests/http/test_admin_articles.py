"""The admin's article and category pages over real HTTP: the list with its filters and paging
(an author sees only their own articles), the editor's multipart round trip with a cover
upload, the workflow buttons and the role rules behind them, the reviewer's note, stale
forms, autosaves, the Markdown preview and its sanitizing, the history with its diffs and
restore, deletion, the category tree, CSRF and the login gate. The paste conversion of
editor.js runs in node when node is installed."""

import json
import os
import re
import shutil
import struct
import subprocess
import unittest
import urllib.parse
import uuid
import zlib

from accounts import Client, must_create_user
from harness import ROOT, Server

srv = None
PW = "mat-khau-dai-1234"
ids = {}


def png(width=4, height=3):
    """A small valid PNG, for cover uploads."""
    raw = b"".join(b"\x00" + bytes([200, 30, 30]) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def multipart(fields, files=()):
    """(body, content type) of a multipart/form-data form; files are (name, filename, bytes)."""
    boundary = "----cong" + uuid.uuid4().hex
    out = []
    for k, v in fields.items():
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n"
                   .encode() + str(v).encode() + b"\r\n")
    for name, filename, data in files:
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                   f"filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                   .encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def post_multipart(c, path, fields, files=()):
    body, ctype = multipart(fields, files)
    return c.request("POST", path, body=body, headers={"Content-Type": ctype})


def login(name):
    c = Client(srv)
    r = c.login(name, PW)
    assert r.status == 303, (name, r.status)
    return c


def field_value(html, name):
    """The value of the input called name, or the text of the textarea called name."""
    m = re.search(r'<input[^>]*\bname="%s"[^>]*\bvalue="([^"]*)"' % re.escape(name), html)
    if m:
        return m.group(1)
    m = re.search(r'<textarea[^>]*\bname="%s"[^>]*>([^<]*)</textarea>' % re.escape(name), html)
    return m.group(1) if m else None


def selected_option(html, select_name):
    m = re.search(r'<select[^>]*name="%s"[^>]*>(.*?)</select>' % re.escape(select_name), html, re.S)
    if not m:
        return None
    s = re.search(r'<option value="([^"]*)" selected>([^<]*)<', m.group(1))
    return (s.group(1), s.group(2)) if s else None


def article_fields(**kw):
    f = {"title": "Bài thử", "summary": "", "body": "", "category": "tin-tuc", "tags": "",
         "author": "", "published_at": "", "cover": "0", "cover_caption": "",
         "action": "save"}
    f.update(kw)
    return f


def new_article(c, **kw):
    """Creates an article through the editor form; returns its id."""
    csrf = c.csrf("/quan-tri/bai-viet/moi")
    r = post_multipart(c, "/quan-tri/bai-viet/moi", dict(article_fields(**kw), csrf=csrf))
    assert r.status == 303, (r.status, r.text[-3000:])
    m = re.match(r"/quan-tri/bai-viet/(\d+)\?tb=", r.header("location"))
    assert m, r.header("location")
    return int(m.group(1))


def revision_of(html):
    return field_value(html, "revision")


def user_id(name):
    """The id of a user, read from the editors' owner filter."""
    page = login("bientap").get("/quan-tri/bai-viet").text
    m = re.search(r'<option value="(\d+)"[^>]*>%s</option>' % re.escape(name), page)
    return int(m.group(1))


def setUpModule():
    global srv
    srv = Server(demo=False)
    for name, role in (("tacgia", "author"), ("tacgia2", "author"), ("bientap", "editor"),
                       ("xuatban", "publisher")):
        must_create_user(srv.db, name, role, PW)
    c = login("bientap")
    csrf = c.csrf("/quan-tri/chuyen-muc")
    for name, slug in (("Tin tức", "tin-tuc"), ("Thông báo", "thong-bao")):
        r = c.post("/quan-tri/chuyen-muc", {"csrf": csrf, "action": "create", "name": name,
                                            "slug": slug, "parent": "0", "description": ""})
        assert r.status == 303, r.text[-2000:]


def tearDownModule():
    srv.stop()
    bad = [l for l in srv.stderr_lines if "runtime error" in l or "Sanitizer" in l]
    srv.close()
    if bad:
        raise AssertionError("sanitizer reports:\n" + "\n".join(bad[:20]))


class Gate(unittest.TestCase):
    def test_guest_goes_to_login(self):
        for path in ("/quan-tri/bai-viet", "/quan-tri/bai-viet/moi", "/quan-tri/bai-viet/1",
                     "/quan-tri/bai-viet/1/lich-su", "/quan-tri/chuyen-muc"):
            r = srv.get(path)
            self.assertEqual(r.status, 303, path)
            self.assertTrue(r.header("location").startswith("/dang-nhap"), path)
        r = srv.request("POST", "/quan-tri/bai-viet/moi", body=b"title=x",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 303)

    def test_csrf_missing_is_refused_and_nothing_is_written(self):
        c = login("tacgia")
        before = c.get("/quan-tri/bai-viet").text
        r = post_multipart(c, "/quan-tri/bai-viet/moi", article_fields(title="Không CSRF"))
        self.assertEqual(r.status, 403)
        r = post_multipart(c, "/quan-tri/bai-viet/moi",
                           dict(article_fields(title="CSRF sai"), csrf="x" * 43))
        self.assertEqual(r.status, 403)
        after = c.get("/quan-tri/bai-viet").text
        self.assertNotIn("Không CSRF", after)
        self.assertNotIn("CSRF sai", after)
        self.assertEqual(re.search(r"(\d+) bài viết", before).group(1),
                         re.search(r"(\d+) bài viết", after).group(1))
        # preview and autosave want it too
        self.assertEqual(c.post("/quan-tri/xem-truoc", {"body": "x"}).status, 403)
        self.assertEqual(c.post("/quan-tri/bai-viet/0/tu-dong-luu", {"title": "x"}).status, 403)

    def test_member_has_no_editor(self):
        must_create_user(srv.db, "thanhvien", "member", PW)
        c = Client(srv)
        c.login("thanhvien", PW)
        self.assertEqual(c.get("/quan-tri/bai-viet").status, 403)
        self.assertEqual(c.get("/quan-tri/bai-viet/moi").status, 403)

    def test_author_may_not_manage_categories(self):
        self.assertEqual(login("tacgia").get("/quan-tri/chuyen-muc").status, 403)


class Editor(unittest.TestCase):
    def test_form_round_trip_with_cover_upload(self):
        c = login("tacgia")
        page = c.get("/quan-tri/bai-viet/moi").text
        for label, name in (("Tiêu đề", "title"), ("Tóm tắt", "summary"), ("Nội dung", "body"),
                            ("Chuyên mục", "category"), ("Thẻ", "tags"), ("Tác giả", "author"),
                            ("Ngày đăng", "published_at"), ("Ảnh bìa", "cover"),
                            ("Tải ảnh bìa lên", "cover_file"), ("Chú thích ảnh", "cover_caption")):
            self.assertIn(f'<label for="{name}">{label}</label>', page)
        self.assertIn('enctype="multipart/form-data"', page)
        self.assertIn('type="datetime-local"', page)
        self.assertIn('<input id="cover_file" name="cover_file" type="file" accept="image/*">',
                      page)
        self.assertIn('<option value="0" selected>Không có</option>', page)
        self.assertIn('<button name="action" value="save">Lưu</button>', page)
        self.assertIn('<button name="action" value="submit" class="secondary">Gửi duyệt</button>',
                      page)
        self.assertNotIn('value="publish"', page)
        self.assertNotIn('value="approve"', page)
        self.assertRegex(page, r'<script src="/static/[^"]+/editor\.js" defer></script>')

        csrf = c.csrf("/quan-tri/bai-viet/moi")
        fields = article_fields(title="Hội nghị tổng kết năm học", summary="Tóm tắt ngắn",
                                body="Đoạn một.\n\n**Đoạn hai** đậm.", category="thong-bao",
                                tags="Giáo dục, tổng kết, giáo dục", author="Phòng Đào tạo",
                                published_at="2026-05-04T08:30", cover_caption="Toàn cảnh hội nghị",
                                csrf=csrf)
        r = post_multipart(c, "/quan-tri/bai-viet/moi", fields,
                           [("cover_file", "hoi-nghi.png", png())])
        self.assertEqual(r.status, 303, r.text[-2000:])
        loc = r.header("location")
        self.assertRegex(loc, r"^/quan-tri/bai-viet/\d+\?tb=tao$")
        page = c.get(loc).text
        self.assertIn("Đã tạo bài viết.", page)
        self.assertEqual(field_value(page, "title"), "Hội nghị tổng kết năm học")
        self.assertEqual(field_value(page, "summary"), "Tóm tắt ngắn")
        self.assertEqual(field_value(page, "body"), "Đoạn một.\n\n**Đoạn hai** đậm.")
        self.assertEqual(selected_option(page, "category"), ("thong-bao", "Thông báo"))
        self.assertEqual(field_value(page, "tags"), "Giáo dục, tổng kết")
        self.assertEqual(field_value(page, "author"), "Phòng Đào tạo")
        self.assertEqual(field_value(page, "published_at"), "2026-05-04T08:30")
        self.assertEqual(field_value(page, "cover_caption"), "Toàn cảnh hội nghị")
        cover = selected_option(page, "cover")
        self.assertIsNotNone(cover)
        self.assertNotEqual(cover[0], "0")
        self.assertIn("hoi-nghi.png", cover[1])
        self.assertIn("Xem trước", page)
        self.assertIn("Lịch sử", page)
        # the uploaded picture is served to its author, not to guests while the article is a draft
        self.assertEqual(c.get(f"/media/{cover[0]}.png").status, 200)
        self.assertEqual(srv.get(f"/media/{cover[0]}.png").status, 404)

        # a save keeps the cover chosen in the list, and changes what was typed
        edit = loc.split("?")[0]
        fields.update(title="Hội nghị tổng kết năm học 2025-2026", cover=cover[0],
                      revision=revision_of(page))
        r = post_multipart(c, edit, fields)
        self.assertEqual((r.status, r.header("location")), (303, edit + "?tb=luu"))
        page = c.get(edit).text
        self.assertEqual(field_value(page, "title"), "Hội nghị tổng kết năm học 2025-2026")
        self.assertEqual(selected_option(page, "cover")[0], cover[0])

        # a file that is not a picture is refused, the typed values stay
        fields.update(title="Tên mới chưa lưu", revision=revision_of(page))
        r = post_multipart(c, edit, fields, [("cover_file", "anh.png", b"khong phai anh")])
        self.assertEqual(r.status, 400)
        self.assertIn('role="alert"', r.text)
        self.assertEqual(field_value(r.text, "title"), "Tên mới chưa lưu")
        self.assertEqual(field_value(c.get(edit).text, "title"),
                         "Hội nghị tổng kết năm học 2025-2026")

    def test_bad_fields_keep_what_was_typed(self):
        c = login("tacgia")
        csrf = c.csrf("/quan-tri/bai-viet/moi")
        r = post_multipart(c, "/quan-tri/bai-viet/moi",
                           dict(article_fields(title="", body="Nội dung đã gõ"), csrf=csrf))
        self.assertEqual(r.status, 400)
        self.assertEqual(len(re.findall(r'role="alert"', r.text)), 1)
        self.assertEqual(field_value(r.text, "body"), "Nội dung đã gõ")
        # the field at fault is marked and described by the message
        self.assertIn('role="alert" id="loi-bai"', r.text)
        self.assertRegex(r.text, r'<input id="title"[^>]* aria-invalid="true" '
                                 r'aria-describedby="loi-bai"')
        self.assertEqual(r.text.count('aria-invalid="true"'), 1)
        r = post_multipart(c, "/quan-tri/bai-viet/moi",
                           dict(article_fields(title="Ngày sai", published_at="04/05/2026"),
                                csrf=csrf))
        self.assertEqual(r.status, 400)
        self.assertIn("Ngày đăng", r.text)
        r = post_multipart(c, "/quan-tri/bai-viet/moi",
                           dict(article_fields(title="Chuyên mục sai", category="khong-co"),
                                csrf=csrf))
        self.assertEqual(r.status, 400)
        self.assertEqual(field_value(r.text, "title"), "Chuyên mục sai")
        self.assertRegex(r.text, r'<select id="category"[^>]* aria-invalid="true"')

    def test_author_may_not_publish_or_approve(self):
        c = login("tacgia")
        aid = new_article(c, title="Bài của tác giả")
        edit = f"/quan-tri/bai-viet/{aid}"
        page = c.get(edit).text
        csrf = c.csrf(edit)
        for action in ("publish", "approve", "unpublish", "reject"):
            r = post_multipart(c, edit, dict(article_fields(title="Đổi tên lén", action=action),
                                             csrf=csrf, revision=revision_of(page)))
            self.assertEqual(r.status, 403, action)
            self.assertIn('role="alert"', r.text)
        page = c.get(edit).text
        self.assertEqual(field_value(page, "title"), "Bài của tác giả")
        self.assertIn("Bản nháp", page)
        history = c.get(edit + "/lich-su").text
        self.assertEqual(history.count("<tr><td"), 1)  # only its creation

    def test_other_authors_article_is_out_of_reach(self):
        aid = new_article(login("tacgia"), title="Riêng của tác giả một")
        c2 = login("tacgia2")
        edit = f"/quan-tri/bai-viet/{aid}"
        # another's draft is a 404, as a missing id is: no telling which ids exist
        self.assertEqual(c2.get(edit).status, 404)
        self.assertEqual(c2.get(edit + "/lich-su").status, 404)
        csrf = c2.csrf()
        r = post_multipart(c2, edit, dict(article_fields(title="Chiếm"), csrf=csrf))
        self.assertEqual(r.status, 404)
        self.assertEqual(c2.post(edit + "/xoa", {"csrf": csrf}).status, 404)
        r = c2.post(f"/quan-tri/bai-viet/{aid}/tu-dong-luu", {"csrf": csrf, "title": "x"})
        self.assertEqual(r.status, 404)
        self.assertIn("error", json.loads(r.text))
        self.assertEqual(c2.get("/quan-tri/bai-viet/999999").status, 404)

    def test_submit_reject_with_note_then_publish(self):
        author = login("tacgia")
        aid = new_article(author, title="Bài gửi duyệt", body="Dòng một")
        edit = f"/quan-tri/bai-viet/{aid}"
        page = author.get(edit).text
        r = post_multipart(author, edit, dict(article_fields(title="Bài gửi duyệt",
                                                             body="Dòng một", action="submit"),
                                              csrf=author.csrf(edit),
                                              revision=revision_of(page)))
        self.assertEqual((r.status, r.header("location")), (303, edit + "?tb=submit"))
        page = author.get(edit).text
        self.assertIn("Chờ duyệt", page)
        self.assertIsNone(field_value(page, "title"))  # read-only now
        self.assertIn("không sửa được", page)

        editor = login("bientap")
        page = editor.get(edit).text
        self.assertIn('<label for="note">Ghi chú cho tác giả</label>', page)
        self.assertIn('value="reject"', page)
        self.assertNotIn('value="approve"', page)  # editors send back, publishers approve
        # a rejection without its note is refused before anything changes
        r = post_multipart(editor, edit, dict(article_fields(title="Đổi khi trả", body="Dòng một",
                                                             action="reject", note="  "),
                                              csrf=editor.csrf(edit),
                                              revision=revision_of(page)))
        self.assertEqual(r.status, 400)
        self.assertIn("Cần ghi chú cho tác giả", r.text)
        self.assertIn("Chờ duyệt", editor.get(edit).text)
        self.assertNotIn("Đổi khi trả", editor.get(edit).text)
        r = post_multipart(editor, edit, dict(article_fields(title="Bài gửi duyệt",
                                                             body="Dòng một", action="reject",
                                                             note="Cần thêm ảnh và nguồn."),
                                              csrf=editor.csrf(edit),
                                              revision=revision_of(page)))
        self.assertEqual((r.status, r.header("location")), (303, edit + "?tb=reject"))

        # buttons pressed on unchanged forms leave no "save" revisions between the steps
        hist = author.get(edit + "/lich-su").text
        self.assertEqual(re.findall(r'<td data-label="Việc">([^<]*)</td>', hist),
                         ["Trả lại tác giả", "Gửi duyệt", "Tạo bài"])
        self.assertIn("Cần thêm ảnh và nguồn.", hist)
        page = author.get(edit).text
        self.assertIn("Ghi chú của người duyệt", page)
        self.assertIn("Cần thêm ảnh và nguồn.", page)
        self.assertIn("Bản nháp", page)
        self.assertEqual(field_value(page, "title"), "Bài gửi duyệt")

        # a publisher may publish at once, or schedule it for a date to come
        pub = login("xuatban")
        page = pub.get(edit).text
        self.assertIn(">Đăng ngay</button>", page)
        self.assertIn(">Lên lịch đăng</button>", page)
        r = post_multipart(pub, edit, dict(article_fields(title="Bài gửi duyệt", body="Dòng một",
                                                          published_at="2099-01-01T07:00",
                                                          action="schedule"),
                                           csrf=pub.csrf(edit), revision=revision_of(page)))
        self.assertEqual((r.status, r.header("location")), (303, edit + "?tb=schedule"))
        page = pub.get(edit).text
        self.assertIn("Đã lên lịch", page)
        self.assertIn(">Gỡ bài</button>", page)
        # the editor's button says what it does for a future date
        self.assertNotIn(">Đăng ngay</button>", page)

        # taken down, then published again with the date field emptied ("Để trống: lúc đăng"):
        # public now, not at the old 2099 date
        r = post_multipart(pub, edit, dict(article_fields(title="Bài gửi duyệt", body="Dòng một",
                                                          published_at="2099-01-01T07:00",
                                                          action="unpublish"),
                                           csrf=pub.csrf(edit), revision=revision_of(page)))
        self.assertEqual((r.status, r.header("location")), (303, edit + "?tb=unpublish"))
        page = pub.get(edit).text
        self.assertEqual(field_value(page, "published_at"), "2099-01-01T07:00")
        r = post_multipart(pub, edit, dict(article_fields(title="Bài gửi duyệt", body="Dòng một",
                                                          published_at="", action="publish"),
                                           csrf=pub.csrf(edit), revision=revision_of(page)))
        self.assertEqual((r.status, r.header("location")), (303, edit + "?tb=publish"))
        page = pub.get(edit).text
        self.assertIn("Đã đăng", page)
        self.assertNotIn("2099", field_value(page, "published_at"))
        self.assertEqual(srv.get("/bai-viet/%d" % aid).status, 301)  # public: to its full URL

    def test_stale_form_is_409_and_keeps_the_typed_values(self):
        c = login("tacgia")
        aid = new_article(c, title="Bản gốc")
        edit = f"/quan-tri/bai-viet/{aid}"
        page = c.get(edit).text
        rev = revision_of(page)
        csrf = c.csrf(edit)
        r = post_multipart(c, edit, dict(article_fields(title="Lần lưu thứ nhất"), csrf=csrf,
                                         revision=rev))
        self.assertEqual(r.status, 303)
        r = post_multipart(c, edit, dict(article_fields(title="Lần lưu từ thẻ cũ",
                                                        body="Chữ gõ trong thẻ cũ"),
                                         csrf=csrf, revision=rev))
        self.assertEqual(r.status, 409)
        self.assertIn("người khác lưu", r.text)
        self.assertEqual(len(re.findall(r'role="alert"', r.text)), 1)
        self.assertEqual(field_value(r.text, "title"), "Lần lưu từ thẻ cũ")
        self.assertEqual(field_value(r.text, "body"), "Chữ gõ trong thẻ cũ")
        self.assertEqual(field_value(c.get(edit).text, "title"), "Lần lưu thứ nhất")
        # the 409 form starts from the newest revision: saving it again is a deliberate overwrite
        newer = revision_of(r.text)
        self.assertNotEqual(newer, rev)
        r2 = post_multipart(c, edit, dict(article_fields(title="Ghi đè có chủ ý"), csrf=csrf,
                                          revision=newer))
        self.assertEqual(r2.status, 303)
        self.assertEqual(field_value(c.get(edit).text, "title"), "Ghi đè có chủ ý")
        # a workflow button on a stale form is refused too, even with nothing typed
        r = post_multipart(c, edit, dict(article_fields(title="Ghi đè có chủ ý",
                                                        action="submit"),
                                         csrf=csrf, revision=rev))
        self.assertEqual(r.status, 409)
        self.assertIn("Bản nháp", c.get(edit).text)

    def test_delete_with_confirmation(self):
        c = login("tacgia")
        aid = new_article(c, title="Bài sẽ xóa")
        page = c.get(f"/quan-tri/bai-viet/{aid}/xoa")
        self.assertEqual(page.status, 200)
        self.assertIn("Bài sẽ xóa", page.text)
        self.assertIn("Xóa hẳn bài này", page.text)
        r = c.post(f"/quan-tri/bai-viet/{aid}/xoa", {"csrf": c.csrf()})
        self.assertEqual((r.status, r.header("location")), (303, "/quan-tri/bai-viet?tb=xoa"))
        self.assertEqual(c.get(f"/quan-tri/bai-viet/{aid}").status, 404)
        self.assertIn("Đã xóa bài viết.", c.get("/quan-tri/bai-viet?tb=xoa").text)


class Autosave(unittest.TestCase):
    def test_store_offer_restore_and_forget(self):
        c = login("tacgia")
        aid = new_article(c, title="Bài có lưu tự động", body="Bản đã lưu")
        edit = f"/quan-tri/bai-viet/{aid}"
        self.assertNotIn("Có bản lưu tự động", c.get(edit).text)
        csrf = c.csrf(edit)
        body, ctype = multipart({"csrf": csrf, "title": "Tiêu đề đang gõ", "body": "Chữ chưa lưu",
                                 "category": "tin-tuc", "secret": "bỏ đi"})
        r = c.request("POST", edit + "/tu-dong-luu", body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type").startswith("application/json"))
        self.assertRegex(json.loads(r.text)["message"], r"^Đã lưu tự động lúc \d\d:\d\d$")
        page = c.get(edit).text
        self.assertRegex(page, r"Có bản lưu tự động lúc \d\d:\d\d \d\d-\d\d-\d{4}:")
        self.assertIn(">Khôi phục</a>", page)
        self.assertIn(">Bỏ qua</button>", page)
        self.assertEqual(field_value(page, "title"), "Bài có lưu tự động")
        page = c.get(edit + "?tu_dong=1").text
        self.assertEqual(field_value(page, "title"), "Tiêu đề đang gõ")
        self.assertEqual(field_value(page, "body"), "Chữ chưa lưu")
        self.assertNotIn("bỏ đi", page)
        # another user does not see it
        self.assertNotIn("Có bản lưu tự động", login("bientap").get(edit).text)
        # a real save forgets it
        r = post_multipart(c, edit, dict(article_fields(title="Tiêu đề đang gõ",
                                                        body="Chữ chưa lưu"),
                                         csrf=csrf, revision=revision_of(page)))
        self.assertEqual(r.status, 303)
        page = c.get(edit).text
        self.assertNotIn("Có bản lưu tự động", page)
        self.assertIn("Không còn bản lưu tự động", c.get(edit + "?tu_dong=1").text)

    def test_new_article_autosave_and_skip(self):
        c = login("tacgia2")
        csrf = c.csrf("/quan-tri/bai-viet/moi")
        r = c.post("/quan-tri/bai-viet/0/tu-dong-luu", {"csrf": csrf, "title": "Nháp chưa tạo"})
        self.assertEqual(r.status, 200)
        page = c.get("/quan-tri/bai-viet/moi").text
        self.assertIn("Có bản lưu tự động", page)
        page = c.get("/quan-tri/bai-viet/moi?tu_dong=1").text
        self.assertEqual(field_value(page, "title"), "Nháp chưa tạo")
        r = c.post("/quan-tri/bai-viet/0/tu-dong-luu", {"csrf": csrf, "bo_qua": "1"})
        self.assertEqual((r.status, r.header("location")), (303, "/quan-tri/bai-viet/moi?tb=bo-qua"))
        self.assertNotIn("Có bản lưu tự động", c.get("/quan-tri/bai-viet/moi").text)

    def test_oversized_autosave_is_refused(self):
        c = login("tacgia2")
        csrf = c.csrf("/quan-tri/bai-viet/moi")
        r = c.post("/quan-tri/bai-viet/0/tu-dong-luu", {"csrf": csrf, "title": "x" * 5000})
        self.assertEqual(r.status, 400)
        self.assertIn("error", json.loads(r.text))


class Preview(unittest.TestCase):
    def test_preview_renders_and_strips_styles(self):
        c = login("tacgia")
        csrf = c.csrf()
        md = ("## Tiêu đề\n\n**đậm** và *nghiêng*\n\n"
              "<p class=\"MsoNormal\" style=\"color:red;font-family:Arial\">Dán từ "
              "<span style=\"mso-bidi-font-weight:bold\">Word</span></p>\n\n"
              "<script>alert(1)</script>\n\n[xấu](javascript:alert(1))")
        r = c.post("/quan-tri/xem-truoc", {"csrf": csrf, "body": md})
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type").startswith("text/html"))
        self.assertIn("<h2>Tiêu đề</h2>", r.text)
        self.assertIn("<strong>đậm</strong>", r.text)
        self.assertIn("<em>nghiêng</em>", r.text)
        self.assertIn("Word", r.text)
        for bad in ("style=", "MsoNormal", "<script", "alert(1)</script>", "javascript:"):
            self.assertNotIn(bad, r.text)

    def test_saved_article_is_sanitized_the_same_way(self):
        c = login("tacgia")
        aid = new_article(c, title="Bài dán HTML",
                          body="<p style=\"font-size:20pt\" class=\"MsoNormal\">Chữ dán</p>")
        page = c.get(f"/quan-tri/bai-viet/{aid}/xem-truoc").text
        self.assertIn("Chữ dán", page)
        self.assertNotIn("font-size:20pt", page)
        self.assertNotIn("MsoNormal", page)

    def test_editor_script_is_served(self):
        page = login("tacgia").get("/quan-tri/bai-viet/moi").text
        src = re.search(r'<script src="(/static/[^"]+/editor\.js)"', page).group(1)
        r = srv.get(src)
        self.assertEqual(r.status, 200)
        self.assertIn("javascript", r.header("content-type"))
        self.assertIn("htmlToMarkdown", r.text)


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta name=Generator content="Microsoft Word 15"><style><!-- p.MsoNormal{margin:0cm} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
</head><body lang=VI style='tab-interval:36.0pt'><!--StartFragment--><div class=WordSection1>
<h1><span lang=VI style='font-family:"Times New Roman",serif'>Kế hoạch năm học</span><o:p></o:p></h1>
<p class=MsoNormal style='text-align:justify'><span style='font-size:13.0pt'>Nhà trường <b>thông báo</b>
kế hoạch và <i>lịch học</i> tại <a href="https://truong.example.vn/lich">trang lịch</a>.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span>Khai giảng</span><o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span><span style='mso-list:Ignore'>2.<span>&nbsp;&nbsp; </span></span></span><![endif]>Thi học kỳ<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span>&nbsp;&nbsp; </span></span></span><!--[endif]-->Mang theo thẻ<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l1 level2 lfo2'><![if !supportLists]><span style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span>&nbsp;&nbsp; </span></span></span><![endif]>Thẻ sinh viên<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse'><tr><td width=200 style='width:150pt'><p class=MsoNormal><b>Lớp<o:p></o:p></b></p></td><td><p class=MsoNormal><b>Sĩ số</b></p></td></tr>
<tr><td><p class=MsoNormal>10A</p></td><td><p class=MsoNormal>40 | 42</p></td></tr></table>
<p class=MsoNormal><span style='color:red;font-family:Arial'><font face=Arial>Học phí 1.500.000&nbsp;đồng</font></span></p>
<!--EndFragment--></div></body></html>"""

WORD_MD = """# Kế hoạch năm học

Nhà trường **thông báo** kế hoạch và *lịch học* tại [trang lịch](https://truong.example.vn/lich).

1. Khai giảng
2. Thi học kỳ

- Mang theo thẻ
    - Thẻ sinh viên

| Lớp | Sĩ số |
| --- | --- |
| 10A | 40 \\| 42 |

Học phí 1.500.000 đồng"""

GDOCS_HTML = """<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b"><h2 dir="ltr" style="line-height:1.38"><span style="font-size:16pt;font-weight:400">Tin ngắn</span></h2><p dir="ltr" style="line-height:1.38;margin-top:0pt"><span style="font-size:11pt;font-family:Arial;font-weight:700">Chữ đậm</span><span style="font-weight:400"> và </span><span style="font-style:italic;font-weight:400">nghiêng</span></p><ul style="margin-top:0"><li dir="ltr" style="list-style-type:disc"><p dir="ltr" role="presentation"><span>Ý một</span></p></li><li><p><span>Ý hai có </span><a href="javascript:alert(1)"><span>liên kết xấu</span></a></p></li></ul><br></b>"""

GDOCS_MD = """## Tin ngắn

**Chữ đậm** và *nghiêng*

- Ý một
- Ý hai có liên kết xấu"""


@unittest.skipUnless(shutil.which("node"), "node is not installed")
class PasteConversion(unittest.TestCase):
    """editor.js's htmlToMarkdown on the HTML Word and Google Docs put on the clipboard."""

    def convert(self, html):
        script = os.path.join(ROOT, "themes", "default", "static", "editor.js")
        prog = ("const m = require(process.argv[1]); let s = '';"
                "process.stdin.on('data', d => s += d);"
                "process.stdin.on('end', () => process.stdout.write(m.htmlToMarkdown(s)));")
        r = subprocess.run(["node", "-e", prog, os.path.abspath(script)], input=html.encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return r.stdout.decode()

    def test_word(self):
        md = self.convert(WORD_HTML)
        self.assertEqual(md, WORD_MD)
        for junk in ("mso", "style", "o:p", "<span", "font", "Times", "MsoNormal", "<!--"):
            self.assertNotIn(junk, md)

    def test_google_docs(self):
        self.assertEqual(self.convert(GDOCS_HTML), GDOCS_MD)

    def test_plain_text_stays_text(self):
        self.assertEqual(self.convert("<p># không phải tiêu đề</p><p>1. không phải danh sách</p>"
                                      "<p>a*b_c [x] &lt;script&gt;</p><script>alert(1)</script>"),
                         "\\# không phải tiêu đề\n\n1\\. không phải danh sách\n\n"
                         "a\\*b\\_c \\[x\\] \\<script\\>")

    def test_a_1_mb_word_list_converts_whole(self):
        item = ("<p class=MsoListParagraphCxSpMiddle style='mso-list:l0 level1 lfo1'>"
                "<![if !supportLists]><span><span style='mso-list:Ignore'>1.<span>&nbsp; </span>"
                "</span></span><![endif]>Mục <b>đậm</b></p>\n")
        md = self.convert("<html><body>" + item * 5000 + "</body></html>")  # about 1 MB
        lines = md.split("\n")
        self.assertEqual(len(lines), 5000)
        self.assertEqual(lines[0], "1. Mục **đậm**")
        self.assertEqual(lines[-1], "5000. Mục **đậm**")

    def test_converted_markdown_renders_clean(self):
        c = login("tacgia")
        r = c.post("/quan-tri/xem-truoc", {"csrf": c.csrf(), "body": self.convert(WORD_HTML)})
        self.assertEqual(r.status, 200)
        self.assertIn("Kế hoạch năm học</h", r.text)
        self.assertIn("<table>", r.text)
        self.assertIn("<ol>", r.text)
        self.assertIn('<a href="https://truong.example.vn/lich"', r.text)
        self.assertNotIn("style=", r.text)


class ListPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # an author of her own: 23 drafts, 2 pending; dates spread over May 2026
        must_create_user(srv.db, "nguoiviet", "author", PW)
        c = login("nguoiviet")
        cls.ids = []
        for i in range(25):
            cls.ids.append(new_article(
                c, title=f"Danh sách số {i:02d} về học tập" if i % 5 == 0 else
                f"Danh sách số {i:02d}",
                category="thong-bao" if i % 2 else "tin-tuc",
                published_at=f"2026-05-{i + 1:02d}T09:00",
                action="submit" if i in (3, 4) else "save"))

    def test_author_sees_only_own_with_paging(self):
        c = login("nguoiviet")
        page = c.get("/quan-tri/bai-viet").text
        self.assertIn("<title>Bài viết - ", page)
        self.assertIn("25 bài viết · trang 1/2", page)
        self.assertEqual(page.count('<td class="col-title"'), 20)
        self.assertIn("Danh sách số 24", page)  # newest first
        self.assertNotIn("Bài của tác giả", page)
        self.assertIn('rel="next" href="/quan-tri/bai-viet?trang=2"', page)
        page2 = c.get("/quan-tri/bai-viet?trang=2").text
        self.assertEqual(page2.count('<td class="col-title"'), 5)
        self.assertIn("Danh sách số 00", page2)
        self.assertIn('rel="prev"', page2)
        # asking for someone else's articles still shows only one's own
        other = user_id("tacgia")
        page = c.get(f"/quan-tri/bai-viet?tac_gia={other}").text
        self.assertIn("25 bài viết", page)
        self.assertNotIn("Pending", page)
        self.assertNotIn("Bài chờ duyệt", page)  # the queue is the editors'

    def test_filters(self):
        c = login("bientap")
        me = user_id("nguoiviet")
        base = f"/quan-tri/bai-viet?tac_gia={me}"
        page = c.get(base).text
        self.assertIn("25 bài viết", page)
        page = c.get(base + "&trang_thai=pending").text
        self.assertIn("2 bài viết", page)
        self.assertIn("Danh sách số 03", page)
        self.assertIn("Chờ duyệt", page)
        page = c.get(base + "&trang_thai=draft&chuyen_muc=thong-bao").text
        self.assertIn("11 bài viết", page)  # odd numbers but 3
        page = c.get(base + "&tu=2026-05-10&den=2026-05-12").text
        self.assertIn("3 bài viết", page)
        self.assertIn("Danh sách số 09", page)
        self.assertIn("Danh sách số 11", page)
        # search forgives missing accents
        page = c.get(base + "&q=" + urllib.parse.quote("hoc tap")).text
        self.assertIn("5 bài viết", page)
        page = c.get(base + "&trang_thai=published").text
        self.assertIn("0 bài viết", page)
        # filters stay in the paging links
        page = c.get(base + "&chuyen_muc=tin-tuc&trang=1").text
        self.assertIn("13 bài viết", page)
        for bad in ("trang_thai=xoa", "tu=10-05-2026", "den=2026-13-45", "trang=0",
                    "chuyen_muc=khong-co", "tac_gia=abc"):
            r = c.get("/quan-tri/bai-viet?" + bad)
            self.assertEqual(r.status, 400, bad)
            self.assertIn('role="alert"', r.text)

    def test_pending_count_for_editors(self):
        c = login("bientap")
        page = c.get("/quan-tri/bai-viet").text
        n = int(re.search(r'class="pending-count">(\d+)<', page).group(1))
        self.assertGreaterEqual(n, 2)
        dash = c.get("/quan-tri").text
        self.assertIn(f"Bài chờ duyệt: {n}", dash)
        self.assertIn('href="/quan-tri/chuyen-muc"', dash)
        self.assertIn('href="/quan-tri/bai-viet"', login("tacgia").get("/quan-tri").text)
        self.assertNotIn("Bài chờ duyệt", login("tacgia").get("/quan-tri").text)


class History(unittest.TestCase):
    def test_history_diff_and_restore(self):
        c = login("tacgia")
        aid = new_article(c, title="Tiêu đề cũ", body="Dòng giữ nguyên\nDòng sẽ bỏ")
        edit = f"/quan-tri/bai-viet/{aid}"
        page = c.get(edit).text
        r = post_multipart(c, edit, dict(article_fields(title="Tiêu đề mới",
                                                        body="Dòng giữ nguyên\nDòng mới thêm",
                                                        tags="Sự kiện"),
                                         csrf=c.csrf(edit), revision=revision_of(page)))
        self.assertEqual(r.status, 303)
        hist = c.get(edit + "/lich-su")
        self.assertEqual(hist.status, 200)
        rows = re.findall(r'<tr><td class="nowrap" data-label="Lúc"><a href="'
                          r'(/quan-tri/bai-viet/\d+/lich-su/\d+)">[^<]+</a></td>'
                          r'<td data-label="Người làm">([^<]*)</td>'
                          r'<td data-label="Việc">([^<]*)</td>', hist.text)
        self.assertEqual([(w, a) for _, w, a in rows], [("tacgia", "Lưu"), ("tacgia", "Tạo bài")])
        newest, first = rows[0][0], rows[1][0]

        diff = c.get(newest).text
        self.assertIn('<span class="diff-line diff-del">- Dòng sẽ bỏ</span>', diff)
        self.assertIn('<span class="diff-line diff-add">+ Dòng mới thêm</span>', diff)
        self.assertIn('<span class="diff-line diff-same">  Dòng giữ nguyên</span>', diff)
        self.assertIn("<dt>Tiêu đề</dt>", diff)
        self.assertIn("- Tiêu đề cũ", diff)
        self.assertIn("+ Tiêu đề mới", diff)
        self.assertIn("<dt>Thẻ</dt>", diff)
        self.assertNotIn("<dt>Chuyên mục</dt>", diff)  # unchanged fields are not listed
        self.assertIn("Khôi phục bản này", diff)
        self.assertIn("Phiên bản đầu tiên", c.get(first).text)
        # a revision of another article is not found here
        other = new_article(c, title="Bài khác")
        rev_other = re.search(r'/lich-su/(\d+)', c.get(f"/quan-tri/bai-viet/{other}/lich-su")
                              .text).group(1)
        self.assertEqual(c.get(f"{edit}/lich-su/{rev_other}").status, 404)

        rev_first = first.rsplit("/", 1)[1]
        r = c.post(edit + "/khoi-phuc", {"csrf": c.csrf(edit), "rev": rev_first})
        self.assertEqual((r.status, r.header("location")), (303, edit + "?tb=khoi-phuc"))
        page = c.get(edit).text
        self.assertEqual(field_value(page, "title"), "Tiêu đề cũ")
        self.assertEqual(field_value(page, "body"), "Dòng giữ nguyên\nDòng sẽ bỏ")
        self.assertIn("Bản nháp", page)
        self.assertIn("Khôi phục bản cũ", c.get(edit + "/lich-su").text)
        self.assertEqual(c.post(edit + "/khoi-phuc", {"csrf": c.csrf(edit), "rev": rev_other})
                         .status, 404)
        self.assertEqual(c.post(edit + "/khoi-phuc", {"csrf": c.csrf(edit)}).status, 400)


class Categories(unittest.TestCase):
    def create(self, c, name, slug="", parent="0"):
        return c.post("/quan-tri/chuyen-muc", {"csrf": c.csrf("/quan-tri/chuyen-muc"),
                                               "action": "create", "name": name, "slug": slug,
                                               "parent": parent, "description": ""})

    def cat_id(self, page, slug):
        m = re.search(r'<li class="category-row depth-(\d+)" id="cm-(\d+)">\n'
                      r'<div class="category-head">\n<strong class="category-name">[^<]*</strong> '
                      r'<span class="category-slug">/%s</span>' % re.escape(slug), page)
        return (int(m.group(2)), int(m.group(1))) if m else (None, None)

    def test_create_rename_nest_move_and_delete(self):
        c = login("bientap")
        page = c.get("/quan-tri/chuyen-muc").text
        for label, name in (("Tên", "name"), ("Đường dẫn", "slug"), ("Chuyên mục cha", "parent")):
            self.assertIn(f'<label for="{name}">{label}</label>', page)
        self.assertEqual(self.create(c, "Giáo dục đào tạo").status, 303)
        page = c.get("/quan-tri/chuyen-muc").text
        parent, depth = self.cat_id(page, "giao-duc-dao-tao")  # slug made from the name
        self.assertEqual(depth, 0)
        r = self.create(c, "Tuyển sinh", "tuyen-sinh", str(parent))
        self.assertEqual(r.status, 303)
        page = c.get("/quan-tri/chuyen-muc?tb=tao").text
        self.assertIn("Đã tạo chuyên mục.", page)
        child, depth = self.cat_id(page, "tuyen-sinh")
        self.assertEqual(depth, 1)
        # nested names are indented in the editor's select too
        editor = c.get("/quan-tri/bai-viet/moi").text
        self.assertIn('<option value="tuyen-sinh">— Tuyển sinh</option>', editor)
        # a taken slug is refused with the typed values kept
        r = self.create(c, "Trùng", "tuyen-sinh")
        self.assertEqual(r.status, 409)
        self.assertIn('value="Trùng"', r.text)
        # rename
        csrf = c.csrf("/quan-tri/chuyen-muc")
        r = c.post("/quan-tri/chuyen-muc", {"csrf": csrf, "action": "update", "id": str(child),
                                            "name": "Tuyển sinh 2026", "slug": "tuyen-sinh",
                                            "description": "Thông tin tuyển sinh"})
        self.assertEqual(r.status, 303)
        self.assertIn(">Tuyển sinh 2026</strong>", c.get("/quan-tri/chuyen-muc").text)
        # a category cannot move under its own child
        r = c.post("/quan-tri/chuyen-muc", {"csrf": csrf, "action": "parent", "id": str(parent),
                                            "parent": str(child)})
        self.assertIn(r.status, (400, 409, 422))
        self.assertIn('role="alert"', r.text)
        # order among the top level
        self.assertEqual(self.create(c, "Xếp thứ tự A", "xep-a").status, 303)
        self.assertEqual(self.create(c, "Xếp thứ tự B", "xep-b").status, 303)
        page = c.get("/quan-tri/chuyen-muc").text
        a_id, _ = self.cat_id(page, "xep-a")
        self.assertLess(page.index("/xep-a<"), page.index("/xep-b<"))
        r = c.post("/quan-tri/chuyen-muc", {"csrf": csrf, "action": "down", "id": str(a_id)})
        self.assertEqual(r.status, 303)
        page = c.get("/quan-tri/chuyen-muc").text
        self.assertLess(page.index("/xep-b<"), page.index("/xep-a<"))
        # move the child to the top level
        r = c.post("/quan-tri/chuyen-muc", {"csrf": csrf, "action": "parent", "id": str(child),
                                            "parent": "0"})
        self.assertEqual(r.status, 303)
        self.assertEqual(self.cat_id(c.get("/quan-tri/chuyen-muc").text, "tuyen-sinh")[1], 0)

        # delete is refused while the category holds an article
        new_article(login("tacgia"), title="Bài trong chuyên mục", category="tuyen-sinh")
        r = c.post("/quan-tri/chuyen-muc", {"csrf": csrf, "action": "delete", "id": str(child)})
        self.assertEqual(r.status, 409)
        self.assertIn('role="alert"', r.text)
        self.assertIsNotNone(self.cat_id(c.get("/quan-tri/chuyen-muc").text, "tuyen-sinh")[0])
        r = c.post("/quan-tri/chuyen-muc", {"csrf": csrf, "action": "delete", "id": str(parent)})
        self.assertEqual(r.status, 303)
        self.assertIsNone(self.cat_id(c.get("/quan-tri/chuyen-muc").text, "giao-duc-dao-tao")[0])
        # no CSRF, nothing happens
        r = c.post("/quan-tri/chuyen-muc", {"action": "create", "name": "Không CSRF"})
        self.assertEqual(r.status, 403)
        self.assertNotIn("Không CSRF", c.get("/quan-tri/chuyen-muc").text)


if __name__ == "__main__":
    unittest.main()
