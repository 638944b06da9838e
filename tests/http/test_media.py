"""The media library end to end: uploads through the admin page (a plain multipart form) and
the API (multipart or a raw body), the type read from the bytes whatever the name or the
Content-Type say, location metadata removed from the original and every copy, the copies
served with their type and long-lived cache headers, uploads past the limit refused with 413
(before the body is read when Content-Length says so), covers drawn with srcset, and files
deleted (from the page and the API) only by whom the roles allow and once no article uses them.

Fixtures are made here: pictures by the `vips` command (libvips-tools), the EXIF block with its
GPS position by hand."""

import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import unittest
import uuid

from accounts import FAST, Client, must_create_user
from harness import connect, Server, run_cong, status_of

PW = "mat-khau-thu-vien-1"
srv = None
tmp = None
token = None
viewer = None  # a logged-in author: files no published article uses are private, hers to see

HAVE_VIPS = shutil.which("vips") and shutil.which("vipsheader")


def setUpModule():
    global srv, tmp, token
    tmp = tempfile.mkdtemp(prefix="cong-media-")
    # the media limit from the environment: 1 MB, so the server's body limit is 2 MB
    srv = Server(demo=True, env=dict(FAST, CONG_MEDIA_MAX_MB="1"))
    must_create_user(srv.db, "tacgia", "author", PW)
    must_create_user(srv.db, "thanhvien", "member", PW)
    st, out, err = run_cong("token", "create", "tacgia", "--db", srv.db, env=FAST)
    assert st == 0, err
    token = out.strip()
    global viewer
    viewer = Client(srv)
    assert viewer.login("tacgia", PW).status == 303


def media_get(path, headers=None):
    """A file as its author sees it: a fresh upload is not public yet (404 to guests)."""
    return viewer.get(path, headers=headers)


def tearDownModule():
    srv.close()
    shutil.rmtree(tmp, ignore_errors=True)


def vips_image(width, height, suffix):
    """A width×height RGB picture (a gradient) encoded as suffix says, by the vips command."""
    base = os.path.join(tmp, uuid.uuid4().hex)
    subprocess.run(["vips", "xyz", base + ".v", str(width), str(height)], check=True)
    subprocess.run(["vips", "extract_band", base + ".v", base + "-x.v", "0"], check=True)
    subprocess.run(["vips", "bandjoin_const", base + "-x.v", base + "-c.v", "90 200"], check=True)
    subprocess.run(["vips", "cast", base + "-c.v", base + suffix + "[strip]", "uchar"], check=True)
    with open(base + suffix, "rb") as f:
        return f.read()


def exif_app1(orientation):
    """An APP1 segment: EXIF with Orientation and a GPS IFD (GPSLatitudeRef N, 21° 1' 30")."""
    def entry(tag, typ, count, value):
        return struct.pack("<HHII", tag, typ, count, value)
    tiff = b"II*\x00" + struct.pack("<I", 8)
    tiff += struct.pack("<H", 2) + entry(0x0112, 3, 1, orientation) + entry(0x8825, 4, 1, 38)
    tiff += struct.pack("<I", 0)
    tiff += struct.pack("<H", 3) + entry(0x0000, 1, 4, 2 | 3 << 8) + entry(0x0001, 2, 2, ord("N"))
    tiff += entry(0x0002, 5, 3, 80) + struct.pack("<I", 0)
    tiff += struct.pack("<6I", 21, 1, 1, 1, 30, 1)
    assert len(tiff) == 104
    return b"\xff\xe1" + struct.pack(">H", 2 + 6 + len(tiff)) + b"Exif\x00\x00" + tiff


def jpeg_with_gps(width, height, orientation):
    j = vips_image(width, height, ".jpg")
    at = 2
    if j[2:4] == b"\xff\xe0":
        at = 4 + struct.unpack(">H", j[4:6])[0]
    return j[:at] + exif_app1(orientation) + j[at:]


def header_of(data):
    """`vipsheader -a` of bytes: {field: value text}."""
    path = os.path.join(tmp, uuid.uuid4().hex)
    with open(path, "wb") as f:
        f.write(data)
    out = subprocess.run(["vipsheader", "-a", path], check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
    fields = {}
    for line in out.splitlines()[1:]:
        k, _, v = line.partition(": ")
        fields[k] = v
    return fields


def has_location(data):
    h = header_of(data)
    return b"Exif\x00\x00" in data or "exif-data" in h or any("GPS" in k for k in h)


def multipart(fields, files=(), file_type="application/octet-stream"):
    boundary = "----cong" + uuid.uuid4().hex
    out = []
    for k, v in fields.items():
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n"
                   .encode() + str(v).encode() + b"\r\n")
    for name, filename, data in files:
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                   f"filename=\"{filename}\"\r\nContent-Type: {file_type}\r\n\r\n"
                   .encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def author():
    c = Client(srv)
    r = c.login("tacgia", PW)
    assert r.status == 303, r.status
    return c


def admin_upload(c, filename, data, file_type="application/octet-stream"):
    body, ctype = multipart({"csrf": c.csrf("/quan-tri/thu-vien")}, [("file", filename, data)],
                            file_type)
    return c.request("POST", "/quan-tri/thu-vien", body=body, headers={"Content-Type": ctype})


def api(method, path, body=None, headers=None, who=None):
    h = {"Authorization": "Bearer " + (who or token)}
    h.update(headers or {})
    r = srv.request(method, path, body=body, headers=h)
    return r.status, (json.loads(r.text) if r.body else None), r


def api_upload(filename, data, file_type="application/octet-stream"):
    body, ctype = multipart({}, [("file", filename, data)], file_type)
    return api("POST", "/api/v1/media", body, {"Content-Type": ctype})


@unittest.skipUnless(HAVE_VIPS, "needs the vips command (libvips-tools)")
class AdminLibrary(unittest.TestCase):
    def test_upload_from_the_page_turns_the_photo_and_removes_its_location(self):
        c = author()
        page = c.get("/quan-tri/thu-vien")
        self.assertEqual(page.status, 200)
        self.assertIn('enctype="multipart/form-data"', page.text)
        self.assertRegex(page.text, r'<label for="file">Tệp</label>')
        self.assertIn('name="file" type="file"', page.text)

        photo = jpeg_with_gps(1400, 1000, 6)
        h = header_of(photo)  # the fixture is what it claims
        self.assertEqual(h.get("orientation", "").split()[0], "6")
        self.assertTrue(any("GPSLatitude" in k for k in h))

        r = admin_upload(c, "ảnh chụp.jpg", photo)
        self.assertEqual(r.status, 303, r.text[:500])
        m = re.fullmatch(r"/quan-tri/thu-vien\?tb=tai-len&id=(\d+)", r.header("location"))
        self.assertTrue(m, r.header("location"))
        mid = int(m.group(1))
        page = c.get(r.header("location"))
        self.assertIn(f"/media/{mid}.jpg", page.text)
        self.assertIn("ảnh chụp.jpg", page.text)
        self.assertIn("1000×1400", page.text)
        self.assertIn(f'src="/media/{mid}-320.webp"', page.text)  # the thumbnail

        orig = media_get(f"/media/{mid}.jpg")
        self.assertEqual(orig.status, 200)
        self.assertEqual(orig.header("content-type"), "image/jpeg")
        # nothing published uses it yet: its author's to see, kept by no cache
        self.assertEqual(orig.header("cache-control"), "private, no-store")
        self.assertEqual(srv.get(f"/media/{mid}.jpg").status, 404)
        h = header_of(orig.body)
        self.assertEqual((h["width"], h["height"]), ("1000", "1400"))  # turned upright
        self.assertFalse(has_location(orig.body))

        for width, ext, ctype in ((320, "webp", "image/webp"), (320, "jpg", "image/jpeg"),
                                  (640, "webp", "image/webp"), (640, "jpg", "image/jpeg")):
            v = media_get(f"/media/{mid}-{width}.{ext}")
            self.assertEqual(v.status, 200, (width, ext))
            self.assertEqual(v.header("content-type"), ctype)
            self.assertEqual(v.header("cache-control"), "private, no-store")
            self.assertTrue(v.header("etag"))
            self.assertEqual(header_of(v.body)["width"], str(width))
            self.assertFalse(has_location(v.body), (width, ext))
            again = media_get(f"/media/{mid}-{width}.{ext}", headers={"If-None-Match": v.header("etag")})
            self.assertEqual(again.status, 304)
        # 1280 is wider than the photo; other widths and other types are no copies
        for path in (f"/media/{mid}-1280.webp", f"/media/{mid}-500.webp", f"/media/{mid}.png",
                     f"/media/{mid}-320.png", f"/media/{mid}-320.gif", f"/media/{mid}-x.jpg"):
            self.assertEqual(media_get(path).status, 404, path)

        with connect(srv.db) as db:
            row = db.execute("select user_name, detail from audit_log where action = "
                             "'media_uploaded' and target = ?", (str(mid),)).fetchone()
        self.assertEqual(row, ("tacgia", "ảnh chụp.jpg"))

    def test_a_png_named_jpg_is_stored_as_png(self):
        c = author()
        r = admin_upload(c, "anh.jpg", vips_image(700, 100, ".png"), "image/jpeg")
        self.assertEqual(r.status, 303)
        mid = int(r.header("location").rsplit("=", 1)[1])
        self.assertEqual(media_get(f"/media/{mid}.png").header("content-type"), "image/png")
        self.assertEqual(media_get(f"/media/{mid}.jpg").status, 404)
        self.assertEqual(media_get(f"/media/{mid}-640.png").status, 200)

    def test_refusals_come_back_as_the_page_with_a_message(self):
        c = author()
        r = admin_upload(c, "thu.jpg", b"xin chao, toi la van ban\n", "image/jpeg")
        self.assertEqual(r.status, 400)
        self.assertIn("không được hỗ trợ", r.text)
        self.assertIn('enctype="multipart/form-data"', r.text)
        r = admin_upload(c, "hong.jpg", b"\xff\xd8\xff\xe0" + b"\x5a" * 2000)
        self.assertEqual(r.status, 400)
        self.assertIn("hỏng", r.text)
        # within the server's body limit, over the media limit: refused after reading it
        r = admin_upload(c, "lon.jpg", b"\xff\xd8\xff" + os.urandom(1536 * 1024))
        self.assertEqual(r.status, 413)
        self.assertIn("giới hạn 1 MB", r.text)
        # a form without a file
        body, ctype = multipart({"csrf": c.csrf("/quan-tri/thu-vien")})
        r = c.request("POST", "/quan-tri/thu-vien", body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 400)
        self.assertIn("Chưa chọn tệp", r.text)

    def test_csrf_and_role_are_checked(self):
        c = author()
        body, ctype = multipart({"csrf": "sai"}, [("file", "a.png", vips_image(50, 50, ".png"))])
        r = c.request("POST", "/quan-tri/thu-vien", body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 403)
        m = Client(srv)
        self.assertEqual(m.login("thanhvien", PW).status, 303)
        self.assertEqual(m.get("/quan-tri/thu-vien").status, 403)
        self.assertEqual(Client(srv).get("/quan-tri/thu-vien").status, 303)  # to the login page
        for bad in ("0", "abc", "-1"):
            self.assertEqual(c.get("/quan-tri/thu-vien?trang=" + bad).status, 400, bad)

    def test_an_oversized_upload_is_refused_before_its_body(self):
        # 3 MB announced, nothing sent: the answer comes at once, the body is never read
        raw = srv.raw(b"POST /quan-tri/thu-vien HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: multipart/form-data; boundary=b\r\n"
                      b"Content-Length: %d\r\n\r\n" % (3 << 20), timeout=10)
        self.assertEqual(status_of(raw), 413, raw[:300])
        self.assertIn("vượt quá giới hạn".encode(), raw)
        raw = srv.raw(b"POST /api/v1/media HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
                      b"Content-Length: %d\r\n\r\n" % (3 << 20), timeout=10)
        self.assertEqual(status_of(raw), 413, raw[:300])


@unittest.skipUnless(HAVE_VIPS, "needs the vips command (libvips-tools)")
class Api(unittest.TestCase):
    def test_multipart_upload_answers_201_with_the_copies(self):
        st, d, r = api_upload("anh.jpg", vips_image(700, 300, ".png"), "image/jpeg")
        self.assertEqual(st, 201, d)
        self.assertEqual(d["mime"], "image/png")
        self.assertEqual(d["url"], f"/media/{d['id']}.png")
        self.assertEqual((d["width"], d["height"]), (700, 300))
        self.assertEqual(r.header("location"), f"/api/v1/media/{d['id']}")
        got = sorted((v["width"], v["mime"]) for v in d["variants"])
        self.assertEqual(got, [(320, "image/png"), (320, "image/webp"), (640, "image/png"),
                               (640, "image/webp")])
        for v in d["variants"]:
            self.assertEqual(media_get(v["url"]).header("content-type"), v["mime"])
        st, one, _ = api("GET", f"/api/v1/media/{d['id']}")
        self.assertEqual(st, 200)
        self.assertEqual(one, d)

    def test_raw_body_is_typed_by_its_bytes(self):
        photo = jpeg_with_gps(500, 400, 1)
        st, d, _ = api("POST", "/api/v1/media", photo, {"Content-Type": "image/png"})
        self.assertEqual(st, 201, d)
        self.assertEqual(d["mime"], "image/jpeg")
        self.assertEqual([v["width"] for v in d["variants"]], [320, 320])
        orig = media_get(d["url"]).body
        self.assertFalse(has_location(orig))
        self.assertTrue(all(not has_location(media_get(v["url"]).body) for v in d["variants"]))

    def test_errors_are_json(self):
        st, d, _ = api_upload("thu.jpg", b"chi la van ban", "image/jpeg")
        self.assertEqual(st, 400)
        self.assertEqual((d["error"]["code"], d["error"]["field"]), ("invalid_field", "file"))
        self.assertIn("không được hỗ trợ", d["error"]["message"])
        st, d, _ = api_upload("lon.jpg", b"\xff\xd8\xff" + bytes(1100 * 1024))
        self.assertEqual(st, 413)
        self.assertEqual(d["error"]["code"], "too_large")
        st, d, _ = api("POST", "/api/v1/media", b"--x\r\nbroken", {
            "Content-Type": "multipart/form-data; boundary=x"})
        self.assertEqual(st, 400)
        self.assertEqual(d["error"]["code"], "bad_request")
        body, ctype = multipart({"other": "1"})
        st, d, _ = api("POST", "/api/v1/media", body, {"Content-Type": ctype})
        self.assertEqual((st, d["error"]["code"], d["error"]["field"]),
                         (400, "invalid_field", "file"))
        st, d, _ = api("POST", "/api/v1/media", b"", {"Content-Type": "image/png"})
        self.assertEqual((st, d["error"]["code"], d["error"]["field"]),
                         (400, "invalid_field", "file"))
        self.assertEqual(api("GET", "/api/v1/media/999999")[0], 404)
        st, d, r = api("PUT", "/api/v1/media/1", b"{}")
        self.assertEqual(st, 405)
        self.assertEqual(r.header("allow"), "GET, HEAD, DELETE")
        # the demo's pictures belong to nobody: an author may not delete them
        st, d, _ = api("DELETE", "/api/v1/media/1")
        self.assertEqual((st, d["error"]["code"]), (403, "forbidden"))

    def test_list_is_newest_first_and_paginated(self):
        ids = [api_upload(f"{i}.png", vips_image(40 + i, 30, ".png"))[1]["id"] for i in range(3)]
        st, d, _ = api("GET", "/api/v1/media?per_page=2")
        self.assertEqual(st, 200)
        self.assertEqual([m["id"] for m in d["items"]], ids[::-1][:2])
        self.assertGreaterEqual(d["total"], 3)
        st, d2, _ = api("GET", "/api/v1/media?per_page=2&page=2")
        self.assertEqual(d2["items"][0]["id"], ids[0])
        self.assertEqual(api("GET", "/api/v1/media?per_page=0")[0], 400)

    def test_parallel_uploads_each_get_their_own_file(self):
        pictures = [vips_image(700 + 10 * i, 300, ".png") for i in range(6)]
        results = [None] * len(pictures)

        def one(i):
            results[i] = api_upload(f"song-song-{i}.png", pictures[i])

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(pictures))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertTrue(all(r and r[0] == 201 for r in results), [r and r[0] for r in results])
        self.assertEqual(len({r[1]["id"] for r in results}), len(pictures))
        for i, (st, d, _) in enumerate(results):
            self.assertEqual(d["width"], 700 + 10 * i)
            self.assertEqual(media_get(d["url"]).body[:8], b"\x89PNG\r\n\x1a\n")

    def test_members_and_guests_may_not(self):
        r = srv.request("GET", "/api/v1/media")
        self.assertEqual(r.status, 401)
        st, out, err = run_cong("token", "create", "thanhvien", "--db", srv.db, env=FAST)
        member = out.strip()
        body, ctype = multipart({}, [("file", "a.png", vips_image(50, 50, ".png"))])
        st, d, _ = api("POST", "/api/v1/media", body, {"Content-Type": ctype}, who=member)
        self.assertEqual(st, 403)


class Pages(unittest.TestCase):
    def test_a_cover_has_srcset_width_and_height(self):
        home = srv.get("/").text
        m = re.search(r'href="(/bai-viet/\d+-[^"]+)"', home)
        page = srv.get(m.group(1)).text
        fig = re.search(r'<figure class="cover">(.*?)</figure>', page, re.S)
        self.assertTrue(fig, "the demo article has a cover")
        pic = fig.group(1)
        self.assertRegex(pic, r'<source type="image/webp" srcset="/media/\d+-320\.webp 320w, '
                              r'/media/\d+-640\.webp 640w" sizes="[^"]+">')
        img = re.search(r"<img [^>]+>", pic).group(0)
        self.assertRegex(img, r'srcset="/media/(\d+)-320\.jpg 320w, /media/\1-640\.jpg 640w, '
                              r'/media/\1\.jpg 1200w"')
        self.assertRegex(img, r'sizes="[^"]+"')
        self.assertRegex(img, r'width="1200" height="\d+"')
        # news lists too
        self.assertRegex(home, r'<img [^>]*srcset="/media/\d+-320\.jpg 320w')
        self.assertIn('<source type="image/webp" srcset="/media/', home)


    @unittest.skipUnless(HAVE_VIPS, "needs the vips command (libvips-tools)")
    def test_pictures_in_a_body_get_their_copies_and_the_saved_copy_embeds_them(self):
        st, body, _ = api_upload("hinh.png", vips_image(900, 600, ".png"))
        self.assertEqual(st, 201, body)
        mid = body["id"]
        must_create_user(srv.db, "bientap-anh", "publisher", PW)
        s2, out, err = run_cong("token", "create", "bientap-anh", "--db", srv.db, env=FAST)
        self.assertEqual(s2, 0, err)
        art = {"title": "Ảnh trong thân bài", "category": "tin-tuc-su-kien", "status": "published",
               "body": "Đoạn mở đầu.\n\n![Sân trường](/media/%d.png)\n" % mid}
        st, made, _ = api("POST", "/api/v1/articles", json.dumps(art).encode(),
                          {"Content-Type": "application/json"}, who=out.strip())
        self.assertEqual(st, 201, made)
        page = srv.get(made["url"]).text
        img = re.search(r'<img src="/media/%d\.png"[^>]*>' % mid, page)
        self.assertTrue(img, page)
        self.assertIn('width="900" height="600"', img.group(0))
        self.assertIn('srcset="/media/%d-320.png 320w, /media/%d-640.png 640w' % (mid, mid),
                      img.group(0))
        self.assertIn('<source type="image/webp" srcset="/media/%d-320.webp 320w' % mid, page)
        # the saved copy carries the picture itself, and no hint that would send a browser
        # back to the server for it
        saved = srv.get("/bai-viet/%d/luu" % made["id"]).text
        self.assertIn('src="data:image/png;base64,', saved)
        self.assertNotIn("srcset=", saved)
        self.assertNotIn("<source ", saved)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def token_for(name, role):
    must_create_user(srv.db, name, role, PW)
    st, out, err = run_cong("token", "create", name, "--db", srv.db, env=FAST)
    assert st == 0, err
    return out.strip()


class Deletion(unittest.TestCase):
    """Deleting a file of the library: who may, refused while an article uses it, and
    nothing of it served afterwards."""

    @classmethod
    def setUpClass(cls):
        cls.other = token_for("tacgia-khac", "author")
        cls.editor = token_for("bientap-xoa", "editor")

    def delete_form(self, c, mid):
        return c.post(f"/quan-tri/thu-vien/{mid}/xoa", {"csrf": c.csrf("/quan-tri/thu-vien")})

    def test_delete_through_the_page(self):
        c = author()
        r = admin_upload(c, "nham.pdf", PDF)
        self.assertEqual(r.status, 303, r.text[:300])
        mid = int(r.header("location").rsplit("=", 1)[1])
        self.assertEqual(media_get(f"/media/{mid}.pdf").status, 200)
        page = c.get("/quan-tri/thu-vien").text
        self.assertIn(f'<form method="post" action="/quan-tri/thu-vien/{mid}/xoa"', page)
        self.assertNotIn("<script>", page)

        # without the CSRF token: refused, the file stays
        r = c.post(f"/quan-tri/thu-vien/{mid}/xoa", {"csrf": "sai"})
        self.assertEqual(r.status, 403)
        self.assertEqual(media_get(f"/media/{mid}.pdf").status, 200)

        r = self.delete_form(c, mid)
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(r.header("location"), "/quan-tri/thu-vien?tb=xoa")
        page = c.get(r.header("location")).text
        self.assertIn("Đã xóa tệp.", page)
        self.assertNotIn(f"/media/{mid}.pdf", page)
        self.assertEqual(media_get(f"/media/{mid}.pdf").status, 404)
        st, body, _ = api("GET", f"/api/v1/media/{mid}")
        self.assertEqual(st, 404)
        with connect(srv.db) as db:
            row = db.execute("select user_name from audit_log where action = 'media_deleted'"
                             " and target = ?", (f"#{mid} nham.pdf",)).fetchone()
        self.assertEqual(row, ("tacgia",))
        # a second time: the page with 404
        r = self.delete_form(c, mid)
        self.assertEqual(r.status, 404)
        self.assertIn("Không có tệp này.", r.text)

    def test_an_author_deletes_only_her_own_uploads(self):
        st, theirs, _ = api("POST", "/api/v1/media", PDF, who=self.other)
        self.assertEqual(st, 201, theirs)
        tid = theirs["id"]
        st, mine, _ = api("POST", "/api/v1/media", PDF)
        self.assertEqual(st, 201, mine)
        c = author()
        page = c.get("/quan-tri/thu-vien").text
        self.assertIn(f'action="/quan-tri/thu-vien/{mine["id"]}/xoa"', page)
        self.assertNotIn(f'action="/quan-tri/thu-vien/{tid}/xoa"', page)

        r = self.delete_form(c, tid)
        self.assertEqual(r.status, 403)
        self.assertIn("chính mình tải lên", r.text)
        st, body, _ = api("DELETE", f"/api/v1/media/{tid}")
        self.assertEqual(st, 403, body)
        self.assertEqual(body["error"]["code"], "forbidden")
        self.assertEqual(media_get(f"/media/{tid}.pdf").status, 200)
        # no credentials: 401; an unknown id: 404
        self.assertEqual(srv.request("DELETE", f"/api/v1/media/{tid}").status, 401)
        st, body, _ = api("DELETE", "/api/v1/media/987654")
        self.assertEqual(st, 404, body)

        # her own: through the API
        st, body, _ = api("DELETE", f"/api/v1/media/{tid}", who=self.other)
        self.assertEqual(st, 200, body)
        self.assertEqual(body, {"id": tid, "deleted": True})
        self.assertEqual(media_get(f"/media/{tid}.pdf").status, 404)
        st, body, _ = api("DELETE", f"/api/v1/media/{tid}", who=self.other)
        self.assertEqual(st, 404, body)
        # an editor deletes anyone's
        st, body, _ = api("DELETE", f"/api/v1/media/{mine['id']}", who=self.editor)
        self.assertEqual(st, 200, body)
        self.assertEqual(srv.get(mine["url"]).status, 404)

    @unittest.skipUnless(HAVE_VIPS, "needs the vips command (libvips-tools)")
    def test_a_file_in_use_is_refused_until_no_article_uses_it(self):
        st, up, _ = api_upload("bia.jpg", vips_image(900, 600, ".jpg"))
        self.assertEqual(st, 201, up)
        mid = up["id"]
        copies = [v["url"] for v in up["variants"]]
        self.assertTrue(copies)
        art = {"title": "Bài có ảnh bìa sẽ xóa", "category": "tin-tuc-su-kien", "cover": mid}
        st, made, _ = api("POST", "/api/v1/articles", json.dumps(art).encode(),
                          {"Content-Type": "application/json"})
        self.assertEqual(st, 201, made)
        aid = made["id"]

        st, body, _ = api("DELETE", f"/api/v1/media/{mid}")
        self.assertEqual(st, 409, body)
        self.assertEqual(body["error"]["code"], "conflict")
        self.assertIn("ảnh bìa của 1 bài viết", body["error"]["message"])
        self.assertEqual(media_get(f"/media/{mid}.jpg").status, 200)
        c = author()
        r = self.delete_form(c, mid)
        self.assertEqual(r.status, 409)
        self.assertIn("Tệp đang được dùng làm ảnh bìa của 1 bài viết; hãy gỡ khỏi các bài đó"
                      " trước.", r.text)
        self.assertEqual(media_get(f"/media/{mid}.jpg").status, 200)

        def patch(fields):
            st, body, _ = api("PATCH", f"/api/v1/articles/{aid}", json.dumps(fields).encode(),
                              {"Content-Type": "application/json"})
            self.assertEqual(st, 200, body)

        # no longer the cover, but a copy of it in the body: still refused
        patch({"cover": None, "body": "Ảnh:\n\n![Bìa](%s)\n" % copies[0]})
        st, body, _ = api("DELETE", f"/api/v1/media/{mid}")
        self.assertEqual(st, 409, body)
        self.assertIn("trong nội dung của 1 bài viết", body["error"]["message"])
        self.assertEqual(media_get(copies[0]).status, 200)

        patch({"body": "Không còn ảnh."})
        st, body, _ = api("DELETE", f"/api/v1/media/{mid}")
        self.assertEqual(st, 200, body)
        self.assertEqual(media_get(f"/media/{mid}.jpg").status, 404)
        for url in copies:
            self.assertEqual(srv.get(url).status, 404, url)


class Config(unittest.TestCase):
    def test_bad_limits_are_refused(self):
        st, out, err = run_cong("serve", "--db", srv.db, "--media-max-mb", "0")
        self.assertEqual(st, 2)
        self.assertIn("--media-max-mb", err)
        st, out, err = run_cong("serve", "--db", srv.db, env={"CONG_MEDIA_MAX_MB": "nhieu"})
        self.assertNotEqual(st, 0)
        self.assertIn("CONG_MEDIA_MAX_MB", err)
        ini = os.path.join(tmp, "bad.ini")
        with open(ini, "w") as f:
            f.write("[media]\nmax_mb = -3\n")
        st, out, err = run_cong("serve", "--db", srv.db, "--config", ini)
        self.assertNotEqual(st, 0)
        self.assertIn("media.max_mb", err)


if __name__ == "__main__":
    unittest.main()
