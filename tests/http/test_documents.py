"""Documents (văn bản) and the public consultation on drafts against the real server: the
table's filters by kind, issuing body, field and year; search by number with and without
accents and punctuation; files typed by their bytes (an HTML page named .pdf refused) and
downloaded under their own names; who may publish; the comment form's spam checks (honeypot,
fill time, token, rate per address; a refused field marked aria-invalid and described by
the message); a comment after the closing time is 422; comments wait
for moderation before they are public (page, API); the RSS feed; and a document of one site
is 404 on another site's host."""

import http.client
import io
import json
import re
import time
import unittest
import urllib.parse
import zipfile

from accounts import Client, csrf_of, must_create_token, must_create_user, password_of
from harness import connect, Server

USERS = {"bientap": "editor", "duyetdang": "publisher", "thanhvien": "member", "quantri": "admin"}
OTHER_HOST = "phuong-an-hoa.example"

srv = None
tokens = {}


def prepare(db):
    for name, role in USERS.items():
        must_create_user(db, name, role, password_of(name))
    with connect(db) as c:
        c.execute("INSERT INTO sites (host, parent_id, created_at) VALUES (?, NULL, 0)",
                  (OTHER_HOST,))


def setUpModule():
    global srv
    srv = Server(demo=True, env={"CONG_TEST_WEAK_HASH": "1"}, prepare=prepare)
    for name in USERS:
        tokens[name] = must_create_token(srv.db, name)


def tearDownModule():
    srv.close()


def request(method, path, body=None, headers=None, source=None):
    """One request, from source (a loopback address) when given, as another client's."""
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30,
                                   source_address=(source, 0) if source else None)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data, \
            r.msg.get_all("Set-Cookie") or []
    finally:
        c.close()


def api(method, path, body=None, who=None, headers=None, source=None):
    h = dict(headers or {})
    if who:
        h["Authorization"] = "Bearer " + tokens[who]
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    st, _, raw, _ = request(method, path, data, h, source)
    return st, (json.loads(raw) if raw else None)


def page(path, headers=None):
    st, hdrs, raw, _ = request("GET", path, headers=headers)
    return st, raw.decode("utf-8", "replace")


def pdf_bytes(text="Van ban thu nghiem"):
    """A small valid PDF with one line of text."""
    content = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET\n".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources"
            b" << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >> stream\n" % len(content) + content + b"endstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj " % i + o + b" endobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n"
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


_seq = [0]


def new_document(who="duyetdang", **fields):
    _seq[0] += 1
    body = {"number": f"{_seq[0]}/2026/QĐ-TN", "title": "Văn bản thử nghiệm số " + str(_seq[0]),
            "kind": "Quyết định", "issuer": "Sở Thử nghiệm", "field": "Thử nghiệm",
            "issued_on": "2026-03-15", "status": "published"}
    body.update(fields)
    st, doc = api("POST", "/api/v1/documents", body, who=who)
    assert st == 201, (st, doc)
    return doc


def attach(doc_id, data, name, who="bientap"):
    st, _, raw, _ = request("POST", f"/api/v1/documents/{doc_id}/files?name="
                            + urllib.parse.quote(name),
                            data, {"Authorization": "Bearer " + tokens[who],
                                   "Content-Type": "application/octet-stream"})
    return st, json.loads(raw)


def listed_numbers(query):
    st, html = page("/van-ban?" + urllib.parse.urlencode(query))
    assert st == 200, (st, html[:300])
    return re.findall(r'<a class="doc-number" href="/van-ban/\d+-[^"]*">([^<]+)</a>', html)


class Filters(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.a = new_document(number="101/2025/CT-LOC", kind="Chỉ thị", issuer="Sở Lọc A",
                             field="Giáo dục lọc", issued_on="2025-06-01")
        cls.b = new_document(number="102/2026/KH-LOC", kind="Kế hoạch lọc", issuer="Sở Lọc B",
                             field="Y tế lọc", issued_on="2026-02-01")
        cls.draft = new_document(number="103/2026/KH-LOC", kind="Kế hoạch lọc",
                                 issuer="Sở Lọc B", status="draft", who="bientap")

    def test_by_kind(self):
        self.assertEqual(listed_numbers({"loai": "Kế hoạch lọc"}), ["102/2026/KH-LOC"])

    def test_by_issuer(self):
        self.assertEqual(listed_numbers({"co-quan": "Sở Lọc A"}), ["101/2025/CT-LOC"])

    def test_by_field(self):
        self.assertEqual(listed_numbers({"linh-vuc": "Y tế lọc"}), ["102/2026/KH-LOC"])

    def test_by_year(self):
        nums = listed_numbers({"nam": "2025", "co-quan": "Sở Lọc A"})
        self.assertEqual(nums, ["101/2025/CT-LOC"])
        self.assertEqual(listed_numbers({"nam": "2025", "co-quan": "Sở Lọc B"}), [])

    def test_api_filters_and_drafts(self):
        st, body = api("GET", "/api/v1/documents?" + urllib.parse.urlencode(
            {"issuer": "Sở Lọc B"}))
        self.assertEqual(st, 200)
        self.assertEqual([d["number"] for d in body["items"]], ["102/2026/KH-LOC"])
        # editors see drafts too
        st, body = api("GET", "/api/v1/documents?" + urllib.parse.urlencode(
            {"issuer": "Sở Lọc B"}), who="bientap")
        self.assertEqual(sorted(d["number"] for d in body["items"]),
                         ["102/2026/KH-LOC", "103/2026/KH-LOC"])

    def test_draft_hidden_from_guests(self):
        self.assertEqual(page(f"/van-ban/{self.draft['id']}")[0], 404)
        self.assertEqual(api("GET", f"/api/v1/documents/{self.draft['id']}")[0], 404)
        self.assertEqual(api("GET", f"/api/v1/documents/{self.draft['id']}", who="bientap")[0],
                         200)


class Search(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = new_document(number="12/2026/QĐ-UBND", issuer="Ủy ban tìm kiếm",
                               title="Quyết định về phòng chống dịch bệnh gia cầm")
        new_document(number="112/2026/QĐ-UBTK", issuer="Ủy ban tìm kiếm",
                     title="Quyết định khác hẳn")

    def found(self, q):
        return listed_numbers({"q": q, "co-quan": "Ủy ban tìm kiếm"})

    def test_number_as_written(self):
        self.assertEqual(self.found("12/2026/QĐ-UBND"), ["12/2026/QĐ-UBND"])

    def test_number_without_accents(self):
        self.assertEqual(self.found("12/2026/QD-UBND"), ["12/2026/QĐ-UBND"])

    def test_number_without_punctuation(self):
        self.assertEqual(self.found("12 2026 qd ubnd"), ["12/2026/QĐ-UBND"])
        self.assertEqual(self.found("122026QDUBND"), ["12/2026/QĐ-UBND"])

    def test_summary_without_accents(self):
        self.assertEqual(self.found("quyet dinh ve phong chong"), ["12/2026/QĐ-UBND"])
        self.assertEqual(self.found("PHÒNG CHỐNG dịch"), ["12/2026/QĐ-UBND"])
        self.assertEqual(self.found("không có chữ này"), [])

    def test_api_search(self):
        st, body = api("GET", "/api/v1/documents?q=12%2F2026%2Fqd-ubnd")
        self.assertEqual(st, 200)
        self.assertIn("12/2026/QĐ-UBND", [d["number"] for d in body["items"]])
        self.assertEqual(body["items"][0]["number"], "12/2026/QĐ-UBND")  # exact number first

    def test_pdf_text_is_searched(self):
        doc = new_document(number="77/2026/TB-PDF", issuer="Ủy ban tìm kiếm",
                           title="Thông báo có tệp")
        st, _ = attach(doc["id"], pdf_bytes("Noi dung rieng ve kenh muong Xuan Thuy"),
                       "thong-bao.pdf", who="duyetdang")
        self.assertEqual(st, 201)
        # the text is read by a worker, outside the request: wait for it, bounded
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.found("kênh mương xuân thủy") == ["77/2026/TB-PDF"]:
                return
            time.sleep(0.2)
        self.fail("the PDF's text was never found by search")


class Files(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = new_document(number="5/2026/QĐ-TEP", title="Văn bản có tệp")

    def test_pdf_download_keeps_name_and_type(self):
        st, body = attach(self.doc["id"], pdf_bytes(), "Quyết định 5.pdf", who="duyetdang")
        self.assertEqual(st, 201, body)
        f = body["files"][-1]
        self.assertEqual(f["mime"], "application/pdf")
        st, hdrs, raw, _ = request("GET", f["url"])
        self.assertEqual(st, 200)
        self.assertEqual(hdrs["content-type"], "application/pdf")
        self.assertTrue(raw.startswith(b"%PDF-"))
        cd = hdrs["content-disposition"]
        self.assertTrue(cd.startswith("inline"), cd)
        self.assertIn("filename*=UTF-8''" + urllib.parse.quote("Quyết định 5.pdf", safe=""), cd)

    def test_docx_is_typed_and_saved(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", "<w:document/>")
        st, body = attach(self.doc["id"], buf.getvalue(), "phu-luc.docx", who="duyetdang")
        self.assertEqual(st, 201, body)
        f = body["files"][-1]
        self.assertEqual(f["mime"],
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        st, hdrs, _, _ = request("GET", f["url"])
        self.assertEqual(st, 200)
        self.assertTrue(hdrs["content-disposition"].startswith("attachment"))

    def test_html_named_pdf_is_refused(self):
        st, body = attach(self.doc["id"], b"<!DOCTYPE html><html><body>PDF?</body></html>",
                          "quyet-dinh.pdf", who="duyetdang")
        self.assertEqual(st, 400)
        self.assertEqual(body["error"]["field"], "file")

    def test_editor_may_not_change_a_public_document(self):
        with connect(srv.db) as c:
            before = c.execute("select count(*) from media").fetchone()[0]
        st, body = attach(self.doc["id"], pdf_bytes(), "them.pdf", who="bientap")
        self.assertEqual(st, 403, body)
        with connect(srv.db) as c:
            self.assertEqual(c.execute("select count(*) from media").fetchone()[0], before)

    def test_other_zip_is_refused(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("index.html", "<html></html>")
        self.assertEqual(attach(self.doc["id"], buf.getvalue(), "van-ban.docx",
                                         who="duyetdang")[0], 400)

    def test_file_of_another_document_is_404(self):
        other = new_document(number="6/2026/QĐ-TEP")
        st, body = attach(other["id"], pdf_bytes(), "khac.pdf", who="duyetdang")
        media = body["files"][0]["id"]
        self.assertEqual(page(f"/van-ban/{self.doc['id']}/tep/{media}")[0], 404)


class Rules(unittest.TestCase):
    def test_member_may_not_write(self):
        st, body = api("POST", "/api/v1/documents", {"number": "1/TV", "title": "Không"},
                       who="thanhvien")
        self.assertEqual(st, 403)

    def test_editor_may_not_publish(self):
        st, body = api("POST", "/api/v1/documents",
                       {"number": "1/BT", "title": "Bản của biên tập", "status": "published"},
                       who="bientap")
        self.assertEqual(st, 403)
        self.assertEqual(body["error"]["code"], "forbidden")

    def test_missing_number_names_field(self):
        st, body = api("POST", "/api/v1/documents", {"title": "Thiếu số"}, who="duyetdang")
        self.assertEqual(st, 400)
        self.assertEqual(body["error"]["field"], "number")

    def test_unknown_field_refused(self):
        st, body = api("POST", "/api/v1/documents", {"number": "1/X", "title": "X", "foo": 1},
                       who="duyetdang")
        self.assertEqual(st, 400)
        self.assertEqual(body["error"]["code"], "unknown_field")

    def test_consultation_needs_closing_time(self):
        st, body = api("POST", "/api/v1/documents",
                       {"number": "1/DT", "title": "Dự thảo", "status": "consultation"},
                       who="duyetdang")
        self.assertEqual(st, 400)
        self.assertEqual(body["error"]["field"], "consultation_until")

    def test_delete(self):
        doc = new_document()
        self.assertEqual(api("DELETE", f"/api/v1/documents/{doc['id']}", who="bientap")[0], 403)
        self.assertEqual(api("DELETE", f"/api/v1/documents/{doc['id']}", who="duyetdang")[0],
                         200)
        self.assertEqual(page(f"/van-ban/{doc['id']}")[0], 404)


def open_draft(**fields):
    until = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 7 * 86400))
    body = {"status": "consultation", "consultation_until": until, "issued_on": None}
    body.update(fields)
    return new_document(**body)


class Comments(unittest.TestCase):
    def test_unmoderated_comment_is_not_public(self):
        doc = open_draft()
        st, body = api("POST", f"/api/v1/documents/{doc['id']}/comments",
                       {"name": "Nguyễn Thị Hoa", "email": "hoa@example.vn",
                        "body": "Góp ý chờ duyệt riêng biệt"}, source="127.0.0.11")
        self.assertEqual(st, 201, body)
        self.assertEqual(body["status"], "pending")
        cid = body["id"]
        st, html = page(doc["url"])
        self.assertEqual(st, 200)
        self.assertNotIn("Góp ý chờ duyệt riêng biệt", html)
        st, listed = api("GET", f"/api/v1/documents/{doc['id']}/comments")
        self.assertEqual(listed["items"], [])
        self.assertEqual(api("GET", f"/api/v1/documents/{doc['id']}/comments?status=pending")[0],
                         403)
        st, listed = api("GET", f"/api/v1/documents/{doc['id']}/comments?status=pending",
                         who="bientap")
        self.assertEqual([c["id"] for c in listed["items"]], [cid])
        # published by an editor: now public, without the sender's e-mail
        st, body = api("PATCH", f"/api/v1/documents/{doc['id']}/comments/{cid}",
                       {"status": "published"}, who="bientap")
        self.assertEqual(st, 200, body)
        st, html = page(doc["url"])
        self.assertIn("Góp ý chờ duyệt riêng biệt", html)
        self.assertNotIn("hoa@example.vn", html)
        st, listed = api("GET", f"/api/v1/documents/{doc['id']}/comments")
        self.assertEqual([c["body"] for c in listed["items"]], ["Góp ý chờ duyệt riêng biệt"])
        self.assertNotIn("email", listed["items"][0])
        st, one = api("GET", f"/api/v1/documents/{doc['id']}")
        self.assertEqual(one["comments"], 1)
        # hidden again: gone
        api("PATCH", f"/api/v1/documents/{doc['id']}/comments/{cid}", {"status": "hidden"},
            who="bientap")
        self.assertNotIn("Góp ý chờ duyệt riêng biệt", page(doc["url"])[1])

    def test_comment_after_closing_is_422(self):
        past = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
        doc = open_draft(consultation_until=past)
        st, body = api("POST", f"/api/v1/documents/{doc['id']}/comments",
                       {"name": "An", "email": "an@example.vn", "body": "Muộn"},
                       source="127.0.0.12")
        self.assertEqual(st, 422)
        self.assertEqual(body["error"]["code"], "invalid_state")
        self.assertIn("hết thời hạn", body["error"]["message"])
        # the form says so too, and its POST is refused the same way
        st, html = page(doc["url"] + "/gop-y")
        self.assertEqual(st, 200)
        self.assertIn("Đã hết thời hạn góp ý", html)
        self.assertNotIn('name="body"', html)
        st, _, raw, _ = request("POST", doc["url"] + "/gop-y",
                                urllib.parse.urlencode({"name": "An", "body": "x"}),
                                {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertIn(st, (403, 422))

    def test_cached_page_closes_with_the_consultation(self):
        soon = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3))
        doc = open_draft(consultation_until=soon)
        self.assertIn("Gửi góp ý", page(doc["url"])[1])
        self.assertIn("Gửi góp ý", page(doc["url"])[1])  # now from the render cache
        deadline = time.time() + 15
        while "Gửi góp ý" in page(doc["url"])[1]:
            self.assertLess(time.time(), deadline, "the page still offers the closed form")
            time.sleep(0.25)
        self.assertIn("Đã hết thời hạn góp ý", page(doc["url"])[1])

    def test_published_document_takes_no_comment(self):
        doc = new_document()
        st, body = api("POST", f"/api/v1/documents/{doc['id']}/comments",
                       {"name": "An", "email": "an@example.vn", "body": "x"},
                       source="127.0.0.13")
        self.assertEqual(st, 422)

    def test_rate_limit_per_address(self):
        doc = open_draft()
        sent = [api("POST", f"/api/v1/documents/{doc['id']}/comments",
                    {"name": "Bình", "email": "binh@example.vn", "body": f"Lần {i}"},
                    source="127.0.0.14")[0] for i in range(4)]
        self.assertEqual(sent, [201, 201, 201, 429])
        # another address is not slowed by it
        self.assertEqual(api("POST", f"/api/v1/documents/{doc['id']}/comments",
                             {"name": "Chi", "email": "chi@example.vn", "body": "Khác"},
                             source="127.0.0.15")[0], 201)

    def test_size_limit(self):
        doc = open_draft()
        st, body = api("POST", f"/api/v1/documents/{doc['id']}/comments",
                       {"name": "Dũng", "email": "dung@example.vn", "body": "x" * 5001},
                       source="127.0.0.16")
        self.assertEqual(st, 413)

    def test_bad_email(self):
        doc = open_draft()
        st, body = api("POST", f"/api/v1/documents/{doc['id']}/comments",
                       {"name": "Dũng", "email": "khong-phai-thu", "body": "x"},
                       source="127.0.0.16")
        self.assertEqual(st, 400)
        self.assertEqual(body["error"]["field"], "email")


class Form(unittest.TestCase):
    """The HTML form: its token (cookie and signed time), honeypot and fill time."""

    def form(self, doc, source):
        st, hdrs, raw, cookies = request("GET", doc["url"] + "/gop-y", source=source)
        self.assertEqual(st, 200)
        self.assertIn("no-store", hdrs.get("cache-control", ""))
        token = re.search(r'name="token" value="([^"]+)"', raw.decode()).group(1)
        cookie = cookies[0].split(";")[0]
        return token, cookie

    def post(self, doc, fields, cookie, source):
        st, _, raw, _ = request("POST", doc["url"] + "/gop-y", urllib.parse.urlencode(fields),
                                {"Content-Type": "application/x-www-form-urlencoded",
                                 "Cookie": cookie}, source=source)
        return st, raw.decode()

    def test_form_flow(self):
        doc = open_draft()
        src = "127.0.0.21"
        token, cookie = self.form(doc, src)
        fields = {"token": token, "name": "Em", "email": "em@example.vn",
                  "body": "Góp ý qua biểu mẫu", "website": ""}
        # sent at once: a robot's speed
        st, html = self.post(doc, fields, cookie, src)
        self.assertEqual(st, 400)
        self.assertIn("quá nhanh", html)
        # the trap filled: refused whatever the time
        st, html = self.post(doc, dict(fields, website="http://spam.example"), cookie, src)
        self.assertEqual(st, 400)
        # without the cookie (another site's page posting): refused
        st, html = self.post(doc, fields, "cong_gop_y=" + "A" * 43, src)
        self.assertEqual(st, 403)
        # a person's speed, with an address the browser lets by: refused for it, the field
        # marked invalid and described by the message
        deadline = time.time() + 10
        while True:
            st, html = self.post(doc, dict(fields, email="em@localhost"), cookie, src)
            if "quá nhanh" not in html or time.time() > deadline:
                break
            time.sleep(0.25)
        self.assertEqual(st, 400, html[:500])
        self.assertIn('role="alert" id="gy-loi">Địa chỉ thư điện tử không hợp lệ', html)
        email = re.search(r'<input id="gy-email"[^>]*>', html).group(0)
        self.assertIn('aria-invalid="true" aria-describedby="gy-loi"', email)
        self.assertEqual(html.count('aria-invalid="true"'), 1)
        # then accepted, thanked, and waiting for moderation
        st, html = self.post(doc, fields, cookie, src)
        self.assertEqual(st, 200, html[:500])
        self.assertIn("Cảm ơn bạn đã góp ý", html)
        self.assertNotIn("Góp ý qua biểu mẫu", page(doc["url"])[1])
        st, listed = api("GET", f"/api/v1/documents/{doc['id']}/comments?status=pending",
                         who="bientap")
        self.assertEqual([c["body"] for c in listed["items"]], ["Góp ý qua biểu mẫu"])

    def test_list_shows_comment_count(self):
        doc = open_draft(number="9/2026/DT-DEM", issuer="Sở Đếm góp ý")
        st, body = api("POST", f"/api/v1/documents/{doc['id']}/comments",
                       {"name": "Gia", "email": "gia@example.vn", "body": "Một"},
                       source="127.0.0.22")
        api("PATCH", f"/api/v1/documents/{doc['id']}/comments/{body['id']}",
            {"status": "published"}, who="bientap")
        st, html = page("/van-ban?" + urllib.parse.urlencode({"co-quan": "Sở Đếm góp ý"}))
        self.assertIn("1 góp ý", html)

    def test_summary_is_published(self):
        doc = open_draft()
        st, body = api("PATCH", f"/api/v1/documents/{doc['id']}",
                       {"comment_summary": "Cơ quan soạn thảo đã tiếp thu ý kiến về học bù."},
                       who="duyetdang")
        self.assertEqual(st, 200, body)
        self.assertIn("đã tiếp thu ý kiến về học bù", page(doc["url"])[1])


class Feed(unittest.TestCase):
    def test_rss_lists_new_documents_not_drafts(self):
        pub = new_document(number="88/2026/TB-RSS", title="Thông báo trong nguồn tin")
        draft = new_document(number="89/2026/TB-RSS", title="Bản nháp ngoài nguồn tin",
                             status="draft", who="bientap")
        st, hdrs, raw, _ = request("GET", "/van-ban/rss.xml")
        self.assertEqual(st, 200)
        self.assertIn("rss", hdrs["content-type"])
        text = raw.decode()
        self.assertIn("88/2026/TB-RSS", text)
        self.assertNotIn("89/2026/TB-RSS", text)
        self.assertIn(pub["url"], text)


class Sites(unittest.TestCase):
    def test_document_of_another_site_is_404(self):
        doc = new_document(number="1/2026/QĐ-SITE")
        self.assertEqual(page(doc["url"])[0], 200)
        self.assertEqual(page(doc["url"], {"Host": OTHER_HOST})[0], 404)
        st, _, _, _ = request("GET", f"/api/v1/documents/{doc['id']}", headers={"Host": OTHER_HOST})
        self.assertEqual(st, 404)
        st, html = page("/van-ban?q=1%2F2026%2FQD-SITE", {"Host": OTHER_HOST})
        self.assertEqual(st, 200)
        self.assertNotIn("1/2026/QĐ-SITE", html)


class Admin(unittest.TestCase):
    """/quan-tri/van-ban: the list, the form, an upload and the moderation, as an editor."""

    def setUp(self):
        self.c = Client(srv)
        self.assertEqual(self.c.login("bientap", password_of("bientap")).status, 303)

    def test_create_upload_and_moderate(self):
        st = self.c.get("/quan-tri/van-ban")
        self.assertEqual(st.status, 200)
        form = self.c.get("/quan-tri/van-ban/moi")
        self.assertEqual(form.status, 200)
        r = self.c.post("/quan-tri/van-ban/moi", {
            "csrf": csrf_of(form.text), "action": "save", "number": "3/2026/KH-QT",
            "title": "Kế hoạch soạn trong trang quản trị", "kind": "Kế hoạch",
            "issued_on": "2026-04-01", "status": "draft"})
        self.assertEqual(r.status, 303, r.text[:500])
        url = r.header("location").split("?")[0]
        doc_id = int(url.rsplit("/", 1)[1])
        edit = self.c.get(url)
        self.assertIn("3/2026/KH-QT", edit.text)
        # an editor may not publish: the form says why
        r = self.c.post(url, {"csrf": csrf_of(edit.text), "action": "save",
                              "number": "3/2026/KH-QT", "title": "Kế hoạch", "status": "published"})
        self.assertEqual(r.status, 403)
        # an upload through the multipart form
        boundary = "----ranh-gioi-thu"
        parts = [("csrf", csrf_of(edit.text)), ("action", "upload")]
        body = b"".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                        .encode() for k, v in parts)
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                 f"filename=\"ke-hoach.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
        body += pdf_bytes() + f"\r\n--{boundary}--\r\n".encode()
        r = self.c.request("POST", url, body=body, headers={
            "Content-Type": "multipart/form-data; boundary=" + boundary})
        self.assertEqual(r.status, 303, r.text[:500])
        st, doc = api("GET", f"/api/v1/documents/{doc_id}", who="bientap")
        self.assertEqual([f["name"] for f in doc["files"]], ["ke-hoach.pdf"])

    def test_moderation_from_the_page(self):
        doc = open_draft()
        st, body = api("POST", f"/api/v1/documents/{doc['id']}/comments",
                       {"name": "Hạnh", "email": "hanh@example.vn", "body": "Góp ý duyệt tay"},
                       source="127.0.0.31")
        url = f"/quan-tri/van-ban/{doc['id']}"
        edit = self.c.get(url)
        self.assertIn("Góp ý duyệt tay", edit.text)
        r = self.c.post(url, {"csrf": csrf_of(edit.text), "action": "publish",
                              "comment": str(body["id"])})
        self.assertEqual(r.status, 303)
        self.assertIn("Góp ý duyệt tay", page(doc["url"])[1])


class Lists(unittest.TestCase):
    """The kinds and issuing bodies the forms offer: the site's admins keep them."""

    def test_admins_edit_the_lists_and_the_form_offers_them(self):
        editor = Client(srv)
        self.assertEqual(editor.login("bientap", password_of("bientap")).status, 303)
        self.assertNotIn('name="kinds"', editor.get("/quan-tri/van-ban").text)
        # the usual kinds while none are set
        self.assertIn('<option value="Nghị định">', editor.get("/quan-tri/van-ban/moi").text)
        r = editor.post("/quan-tri/van-ban/danh-muc",
                        {"csrf": editor.csrf("/quan-tri/van-ban"), "kinds": "A", "issuers": ""})
        self.assertEqual(r.status, 403)
        admin = Client(srv)
        self.assertEqual(admin.login("quantri", password_of("quantri")).status, 303)
        page = admin.get("/quan-tri/van-ban").text
        self.assertIn("Nghị định", page.split('name="kinds"')[1].split("</textarea>")[0])
        csrf = admin.csrf("/quan-tri/van-ban")
        r = admin.post("/quan-tri/van-ban/danh-muc",
                       {"csrf": csrf, "kinds": "Quyết định\r\n  Tờ trình  \r\n\r\nCông văn",
                        "issuers": "UBND tỉnh\nSở Nội vụ"})
        self.assertEqual(r.status, 303, r.text)
        form = editor.get("/quan-tri/van-ban/moi").text
        self.assertIn('<option value="Tờ trình">', form)
        self.assertNotIn('<option value="Nghị định">', form)
        self.assertIn('<option value="Sở Nội vụ">', form)
        with connect(srv.db) as c:
            self.assertEqual(c.execute("select value from settings where site_id = 1 and"
                                       " key = 'document_kinds'").fetchone()[0],
                             "Quyết định\nTờ trình\nCông văn")
            self.assertEqual(c.execute("select count(*) from audit_log where"
                                       " action = 'document_lists_changed'").fetchone()[0], 1)
        # too many names: refused, nothing changed
        r = admin.post("/quan-tri/van-ban/danh-muc",
                       {"csrf": csrf, "kinds": "\n".join(f"Loại {i}" for i in range(101)),
                        "issuers": ""})
        self.assertEqual(r.status, 400)
        self.assertIn('<option value="Tờ trình">', editor.get("/quan-tri/van-ban/moi").text)


class Demo(unittest.TestCase):
    def test_demo_has_documents_and_an_open_draft(self):
        st, body = api("GET", "/api/v1/documents?per_page=100")
        self.assertEqual(st, 200)
        self.assertTrue(any(d["open"] for d in body["items"]), body["items"])
        self.assertTrue(any(d["files"] for d in body["items"]))


if __name__ == "__main__":
    unittest.main()
