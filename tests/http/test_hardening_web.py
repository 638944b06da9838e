"""Hardening of the web layer (issue "Hardening", items 3 and 6): a draft's picture is not
public until the article is; writes of a session from another site are refused on the API
and the admin forms, a Bearer token is not; an unknown Host never reaches canonical URLs;
over https, HSTS and the __Host- session cookie."""

import json
import os
import struct
import tempfile
import time
import unittest
import zlib

from accounts import FAST, Client, cookie_line, must_create_user, parse_set_cookie
from harness import Server, run_cong

PW = "mat-khau-cung-co-123"
srv = None
tokens = {}


def add_users(db):
    must_create_user(db, "tacgia", "author", PW)
    must_create_user(db, "duyetdang", "publisher", PW)


def setUpModule():
    global srv
    srv = Server(demo=True, env=dict(FAST), prepare=add_users)
    for name in ("tacgia", "duyetdang"):
        st, out, err = run_cong("token", "create", name, "--db", srv.db, env=FAST)
        assert st == 0, err
        tokens[name] = out.strip()


def tearDownModule():
    srv.close()


def png(width, height):
    """A grey width×height PNG."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    rows = b"".join(b"\x00" + bytes((x * 7) & 0xff for x in range(width)) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def api(method, path, body=None, who=None, headers=None):
    h = dict(headers or {})
    if who:
        h["Authorization"] = "Bearer " + tokens[who]
    data = body
    if body is not None and not isinstance(body, bytes):
        data = json.dumps(body)
        h.setdefault("Content-Type", "application/json")
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def login(name):
    c = Client(srv)
    assert c.login(name, PW).status == 303
    return c


class DraftMedia(unittest.TestCase):
    def test_a_drafts_picture_is_public_only_once_the_article_is(self):
        st, m = api("POST", "/api/v1/media", png(400, 300), "tacgia", {"Content-Type": "image/png"})
        self.assertEqual(st, 201, m)
        mid = m["id"]
        orig, copy = f"/media/{mid}.png", f"/media/{mid}-320.png"
        st, art = api("POST", "/api/v1/articles", {
            "title": "Nháp có ảnh " + str(time.monotonic_ns()), "summary": "Tóm tắt",
            "body": "Đoạn một.", "category": "tin-tuc-su-kien", "cover": mid}, "tacgia")
        self.assertEqual(st, 201, art)
        author = login("tacgia")
        for path in (orig, copy):
            self.assertEqual(srv.get(path).status, 404, path)  # a guest counting ids finds nothing
            r = author.get(path)
            self.assertEqual(r.status, 200, path)
            self.assertEqual(r.header("cache-control"), "private, no-store", path)
        st, body = api("POST", f"/api/v1/articles/{art['id']}/transitions", {"action": "publish"},
                       "duyetdang")
        self.assertEqual(st, 200, body)
        for path in (orig, copy):
            r = srv.get(path)
            self.assertEqual(r.status, 200, path)
            self.assertEqual(r.header("cache-control"), "public, max-age=31536000, immutable")
        st, body = api("POST", f"/api/v1/articles/{art['id']}/transitions",
                       {"action": "unpublish"}, "duyetdang")
        self.assertEqual(st, 200, body)
        self.assertEqual(srv.get(orig).status, 404)


class CrossSite(unittest.TestCase):
    def setUp(self):
        self.c = login("tacgia")
        self.csrf = self.c.csrf()

    def api_post(self, headers):
        h = {"Content-Type": "application/json", "X-CSRF-Token": self.csrf}
        h.update(headers)
        body = json.dumps({"title": "Từ trang khác", "summary": "x", "body": "x",
                           "category": "tin-tuc-su-kien"})
        return self.c.request("POST", "/api/v1/articles", body=body, headers=h)

    def test_the_api_refuses_a_session_write_from_another_site(self):
        for h in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"},
                  {"Origin": "null"}):
            r = self.api_post(h)
            self.assertEqual(r.status, 403, h)
            self.assertEqual(json.loads(r.body)["error"]["code"], "forbidden")
        # the same request from the portal's own pages goes through
        r = self.api_post({"Sec-Fetch-Site": "same-origin",
                           "Origin": f"http://127.0.0.1:{srv.port}"})
        self.assertEqual(r.status, 201, r.text)

    def test_an_admin_form_from_another_site_is_refused(self):
        for h in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
            r = self.c.post("/quan-tri/bai-viet/0/tu-dong-luu", {"csrf": self.csrf, "title": "x"},
                            headers=h)
            self.assertEqual(r.status, 403, h)
        r = self.c.post("/quan-tri/bai-viet/0/tu-dong-luu", {"csrf": self.csrf, "title": "x"},
                        headers={"Origin": f"http://127.0.0.1:{srv.port}"})
        self.assertEqual(r.status, 200, r.text)

    def test_a_bearer_token_is_not_affected(self):
        st, body = api("POST", "/api/v1/articles", {
            "title": "Bằng mã", "summary": "x", "body": "x", "category": "tin-tuc-su-kien"},
            "tacgia", {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
        self.assertEqual(st, 201, body)


class UnknownHost(unittest.TestCase):
    def test_an_unknown_host_never_reaches_canonical_urls(self):
        for path in ("/", "/rss.xml", "/robots.txt"):
            for _ in range(2):  # drawn, then from the render cache
                r = srv.get(path, headers={"Host": "evil.example"})
                self.assertNotIn("evil.example", r.text, path)
        # the portal's own address still gets absolute URLs, after the forged ones
        body = srv.get("/", headers={"Host": f"127.0.0.1:{srv.port}"}).text
        self.assertIn(f'href="http://127.0.0.1:{srv.port}/"', body)


class Https(unittest.TestCase):
    def test_hsts_and_the_host_prefixed_cookie(self):
        with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
            f.write("[site]\nhttps = on\n")
            ini = f.name
        s = Server(demo=False, env=dict(FAST), prepare=add_users, extra_args=("--config", ini))
        try:
            for path in ("/", "/khong-co-trang-nay", "/api/v1/articles", "/healthz"):
                self.assertEqual(s.get(path).header("strict-transport-security"),
                                 "max-age=31536000", path)
            c = Client(s)
            r = c.login("tacgia", PW)
            self.assertEqual(r.status, 303)
            self.assertIsNone(cookie_line(r, "cong_session"))
            name, _, attrs = parse_set_cookie(cookie_line(r, "__Host-cong_session"))
            self.assertEqual(name, "__Host-cong_session")
            self.assertIn("secure", attrs)
            self.assertEqual(attrs.get("path"), "/")
            self.assertNotIn("domain", attrs)
            self.assertEqual(c.get("/quan-tri").status, 200)  # the session is read back by it
        finally:
            s.close()
            os.unlink(ini)

    def test_no_hsts_without_https(self):
        self.assertIsNone(srv.get("/").header("strict-transport-security"))


if __name__ == "__main__":
    unittest.main()
