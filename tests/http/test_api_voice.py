"""The JSON API speaks with one voice (DESIGN.md, "Errors"): every error is
{"error": {"code", "message"[, "field"]}} with a code from one short list; every JSON body is
checked against its resource's fields, so an unknown key (a misspelt field) is 400
unknown_field naming it and nothing is written; a value of the wrong type is 400
invalid_field naming it; a refusal of the domain names its field where it has one; a body
too large for the server is a JSON 413 under /api/; messages are in Vietnamese. Also the
readers of the web layer as clients meet them: ids in paths, counts in query strings, JSON
objects with duplicate keys, NUL characters, nulls and required fields."""

import json
import socket
import sqlite3
import time
import unittest

from accounts import Client, password_of, server_with_users
from harness import status_of

USERS = {"tacgia": "author", "bientap": "editor", "quantri": "admin", "thanhvien": "member"}
CODES = {"bad_request", "invalid_field", "unknown_field", "unauthorized", "forbidden",
         "not_found", "conflict", "too_large", "invalid_state", "unavailable",
         "method_not_allowed"}
VIETNAMESE = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")

srv = None
tokens = {}


password = password_of


def setUpModule():
    global srv
    # media limit 1 MB: the server refuses bodies past 2 MB (the limit and 1 MB of framing)
    srv, made = server_with_users(USERS, extra_args=("--media-max-mb", "1"))
    tokens.update(made)


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
        h.setdefault("Content-Type", "application/json")
    r = srv.request(method, path, body=data, headers=h)
    got = json.loads(r.body) if r.body else None
    if r.status >= 400:
        check_voice(method, path, r, got)
    return r.status, got


def check_voice(method, path, r, body):
    """Every error answer of this module, whatever the test wants of it, is in the one voice:
    JSON, one "error" object with a code of the list, a Vietnamese message, a field where the
    code is about one."""
    where = (method, path, r.status, body)
    assert "application/json" in r.header("content-type"), where
    assert r.header("cache-control") == "no-store", where
    assert set(body) == {"error"}, where
    err = body["error"]
    assert err["code"] in CODES, where
    assert set(err) <= {"code", "message", "field"}, where
    assert is_vietnamese(err["message"]), where
    if err["code"] in ("invalid_field", "unknown_field"):
        assert err.get("field"), where


def count(table):
    with sqlite3.connect(srv.db) as c:
        return c.execute(f"select count(*) from {table}").fetchone()[0]


def new_article(who="bientap"):
    st, art = api("POST", "/api/v1/articles", {"title": "Bài giọng " + str(time.monotonic_ns()),
                                               "category": "thong-bao"}, who=who)
    assert st == 201, art
    return art


def new_page(test):
    st, page = api("POST", "/api/v1/pages", {"slug": "giong-" + str(time.monotonic_ns()),
                                             "title": "Trang giọng"})
    assert st == 201, page
    test.addCleanup(api, "DELETE", f"/api/v1/pages/{page['id']}")
    return page


def is_vietnamese(message):
    return any(c in VIETNAMESE for c in message.lower())


class Voice(unittest.TestCase):
    def assertError(self, got, status, code, field=None):
        st, body = got
        self.assertEqual(st, status, body)
        self.assertEqual(body["error"]["code"], code, body)
        if field is not None:
            self.assertEqual(body["error"].get("field"), field, body)
        self.assertTrue(is_vietnamese(body["error"]["message"]), body)


class UnknownKeys(Voice):
    """A misspelt field is refused, named, and changes nothing."""

    def test_articles(self):
        before = count("articles")
        got = api("POST", "/api/v1/articles", {"title": "Thử", "category": "thong-bao",
                                               "titel": "x"}, who="bientap")
        self.assertError(got, 400, "unknown_field", "titel")
        self.assertEqual(count("articles"), before)
        art = new_article()
        got = api("PATCH", f"/api/v1/articles/{art['id']}",
                  {"title": "Đổi tên", "sumary": "x"}, who="bientap")
        self.assertError(got, 400, "unknown_field", "sumary")
        # "revision" belongs to PATCH only
        got = api("POST", "/api/v1/articles", {"title": "Thử", "category": "thong-bao",
                                               "revision": 1}, who="bientap")
        self.assertError(got, 400, "unknown_field", "revision")
        st, now = api("GET", f"/api/v1/articles/{art['id']}", who="bientap")
        self.assertEqual((now["title"], now["revision"]), (art["title"], art["revision"]))

    def test_transitions(self):
        art = new_article()
        got = api("POST", f"/api/v1/articles/{art['id']}/transitions",
                  {"action": "submit", "nota": "xem giúp"}, who="bientap")
        self.assertError(got, 400, "unknown_field", "nota")
        st, now = api("GET", f"/api/v1/articles/{art['id']}", who="bientap")
        self.assertEqual(now["status"], "draft")

    def test_categories(self):
        before = count("categories")
        got = api("POST", "/api/v1/categories", {"name": "Mới", "slugg": "moi"}, who="bientap")
        self.assertError(got, 400, "unknown_field", "slugg")
        self.assertEqual(count("categories"), before)
        got = api("PATCH", "/api/v1/categories/thong-bao", {"name": "Đổi", "parrent": None},
                  who="bientap")
        self.assertError(got, 400, "unknown_field", "parrent")
        st, cat = api("GET", "/api/v1/categories/thong-bao")
        self.assertNotEqual(cat["name"], "Đổi")

    def test_pages(self):
        before = count("pages")
        got = api("POST", "/api/v1/pages", {"title": "Trang", "in_menue": True})
        self.assertError(got, 400, "unknown_field", "in_menue")
        self.assertEqual(count("pages"), before)
        page = new_page(self)
        got = api("PATCH", f"/api/v1/pages/{page['id']}", {"title": "Đổi", "layuot": "ba-cot"})
        self.assertError(got, 400, "unknown_field", "layuot")
        st, now = api("GET", f"/api/v1/pages/{page['id']}")
        self.assertEqual((now["title"], now["layout"]), (page["title"], page["layout"]))

    def test_portlets(self):
        page = new_page(self)
        got = api("POST", f"/api/v1/pages/{page['id']}/portlets",
                  {"type": "html", "config": {"html": "<p>a</p>"}, "regoin": "right"})
        self.assertError(got, 400, "unknown_field", "regoin")
        st, now = api("GET", f"/api/v1/pages/{page['id']}/portlets")
        self.assertEqual(now["portlets"], [])
        st, p = api("POST", f"/api/v1/pages/{page['id']}/portlets",
                    {"type": "html", "title": "Khối", "config": {"html": "<p>a</p>"}})
        self.assertEqual(st, 201, p)
        got = api("PATCH", f"/api/v1/portlets/{p['id']}", {"title": "Đổi", "view_role": []})
        self.assertError(got, 400, "unknown_field", "view_role")
        # the type cannot change: on PATCH it is not a field at all
        got = api("PATCH", f"/api/v1/portlets/{p['id']}", {"type": "links"})
        self.assertError(got, 400, "unknown_field", "type")
        # the type's own configuration keys are checked too, by the portal
        got = api("PATCH", f"/api/v1/portlets/{p['id']}", {"config": {"htlm": "<p>b</p>"}})
        self.assertError(got, 400, "invalid_field", "config")
        st, now = api("GET", f"/api/v1/portlets/{p['id']}")
        self.assertEqual((now["title"], now["config"]), (p["title"], p["config"]))


class WrongTypes(Voice):
    def test_articles(self):
        art = new_article()
        for body, field in (({"title": 5}, "title"), ({"tags": "a,b"}, "tags"),
                            ({"tags": [1]}, "tags"), ({"tags": ["a,b"]}, "tags"),
                            ({"cover": "x"}, "cover"), ({"status": "scheduled"}, "status"),
                            ({"published_at": "hôm qua"}, "published_at"),
                            ({"revision": "1"}, "revision"), ({"summary": None}, "summary"),
                            ({"body": {"md": "x"}}, "body")):
            got = api("PATCH", f"/api/v1/articles/{art['id']}", body, who="bientap")
            self.assertError(got, 400, "invalid_field", field)
        st, now = api("GET", f"/api/v1/articles/{art['id']}", who="bientap")
        self.assertEqual(now["revision"], art["revision"])

    def test_transitions(self):
        art = new_article()
        path = f"/api/v1/articles/{art['id']}/transitions"
        for body, field in (({"action": 3}, "action"), ({}, "action"),
                            ({"action": "burn"}, "action"),
                            ({"action": "submit", "note": 5}, "note")):
            self.assertError(api("POST", path, body, who="bientap"), 400, "invalid_field", field)

    def test_categories(self):
        for body, field in (({"name": 3}, "name"), ({"name": "X", "parent": 1.5}, "parent"),
                            ({"name": "X", "parent": True}, "parent"),
                            ({"name": "X", "parent": "khong-co"}, "parent"),
                            ({"name": "X", "position": -1}, "position"),
                            ({"name": "X", "position": "1"}, "position")):
            got = api("POST", "/api/v1/categories", body, who="bientap")
            self.assertError(got, 400, "invalid_field", field)
        got = api("PATCH", "/api/v1/categories/thong-bao", {"move": "sideways"}, who="bientap")
        self.assertError(got, 400, "invalid_field", "move")

    def test_pages(self):
        for body, field in (({"title": "T", "in_menu": "yes"}, "in_menu"),
                            ({"title": 7}, "title"), ({"title": "T", "slug": ["a"]}, "slug")):
            self.assertError(api("POST", "/api/v1/pages", body), 400, "invalid_field", field)

    def test_portlets(self):
        page = new_page(self)
        path = f"/api/v1/pages/{page['id']}/portlets"
        for body, field in (({"type": "html", "position": "1"}, "position"),
                            ({"type": "html", "position": -1}, "position"),
                            ({"type": "html", "config": []}, "config"),
                            ({"type": "html", "view_roles": "member"}, "view_roles"),
                            ({"type": "html", "view_roles": [3]}, "view_roles"),
                            ({"type": 1}, "type"), ({"region": "main"}, "type")):
            self.assertError(api("POST", path, body), 400, "invalid_field", field)


class DomainNamesTheField(Voice):
    """Refusals of the content and portal modules say which field they are about."""

    def test_articles(self):
        got = api("POST", "/api/v1/articles", {"title": "  ", "category": "thong-bao"},
                  who="bientap")
        self.assertError(got, 400, "invalid_field", "title")
        got = api("POST", "/api/v1/articles", {"title": "X", "category": "khong-co"},
                  who="bientap")
        self.assertError(got, 400, "invalid_field", "category")
        got = api("POST", "/api/v1/articles", {"title": "X", "category": "thong-bao",
                                               "tags": ["t" * 61]}, who="bientap")
        self.assertError(got, 400, "invalid_field", "tags")
        art = new_article()
        api("POST", f"/api/v1/articles/{art['id']}/transitions", {"action": "submit"},
            who="bientap")
        got = api("POST", f"/api/v1/articles/{art['id']}/transitions", {"action": "reject"},
                  who="bientap")
        self.assertError(got, 400, "invalid_field", "note")

    def test_categories(self):
        got = api("POST", "/api/v1/categories", {"name": "X", "slug": "Có Dấu"}, who="bientap")
        self.assertError(got, 400, "invalid_field", "slug")
        got = api("POST", "/api/v1/categories", {"name": ""}, who="bientap")
        self.assertError(got, 400, "invalid_field", "name")

    def test_pages_and_portlets(self):
        got = api("POST", "/api/v1/pages", {"title": "T", "layout": "bon-cot"})
        self.assertError(got, 400, "invalid_field", "layout")
        got = api("POST", "/api/v1/pages", {"title": ""})
        self.assertError(got, 400, "invalid_field", "title")
        page = new_page(self)
        path = f"/api/v1/pages/{page['id']}/portlets"
        self.assertError(api("POST", path, {"type": "ban_do"}), 400, "invalid_field", "type")
        self.assertError(api("POST", path, {"type": "html", "region": "left"}), 400,
                         "invalid_field", "region")
        self.assertError(api("POST", path, {"type": "html", "view_roles": ["vua"]}), 400,
                         "invalid_field", "view_roles")
        self.assertError(api("POST", path, {"type": "news_list", "config": {"count": 0}}), 400,
                         "invalid_field", "config")
        self.assertError(api("DELETE", "/api/v1/pages/xem-chi-tiet"), 422, "invalid_state")

    def test_media(self):
        got = api("POST", "/api/v1/media", b"chi la van ban", who="tacgia",
                  headers={"Content-Type": "image/jpeg"})
        self.assertError(got, 400, "invalid_field", "file")
        got = api("POST", "/api/v1/media", {"file": "x"}, who="tacgia")
        self.assertError(got, 400, "invalid_field", "file")


class Readers(Voice):
    """The web layer's readers, as a client meets them."""

    def test_bodies(self):
        for raw in ("{", "[1, 2]", "\"x\"", "", "{\"title\": \"a\", \"title\": \"b\"}", "nul"):
            got = api("POST", "/api/v1/articles", raw, who="bientap")
            self.assertError(got, 400, "bad_request")
            got = api("POST", "/api/v1/pages", raw)
            self.assertError(got, 400, "bad_request")
        # a NUL would cut the text further on: refused as it is read
        got = api("POST", "/api/v1/articles", '{"title": "a\\u0000b", "category": "thong-bao"}',
                  who="bientap")
        self.assertError(got, 400, "bad_request")
        # null where a field allows it: published_at null is now, cover null is none
        st, art = api("POST", "/api/v1/articles", {"title": "Rỗng", "category": "thong-bao",
                                                   "published_at": None, "cover": None,
                                                   "tags": None}, who="bientap")
        self.assertEqual(st, 201, art)
        self.assertIsNone(art["cover"])

    def test_ids_in_paths(self):
        for path in ("/api/v1/articles/0", "/api/v1/articles/-1", "/api/v1/articles/12abc",
                     "/api/v1/articles/x/transitions", "/api/v1/portlets/0",
                     "/api/v1/media/abc", "/api/v1/categories/khong-co", "/api/v1/pages/khong-co"):
            method = "POST" if path.endswith("transitions") else "GET"
            body = {"action": "submit"} if method == "POST" else None
            self.assertError(api(method, path, body, who="quantri"), 404, "not_found")

    def test_counts_in_query_strings(self):
        for q, field in (("page=0", "page"), ("page=x", "page"), ("per_page=0", "per_page"),
                         ("per_page=101", "per_page"), ("per_page=1e3", "per_page"),
                         ("status=bogus", "status")):
            self.assertError(api("GET", "/api/v1/articles?" + q, who=None), 400, "invalid_field",
                             field)
        self.assertError(api("GET", "/api/v1/media?per_page=101", who="tacgia"), 400,
                         "invalid_field", "per_page")


def raw_answer(data):
    """(status, headers text, body bytes) of what the server answers to raw bytes."""
    raw = srv.raw(data, timeout=10)
    head, _, body = raw.partition(b"\r\n\r\n")
    return status_of(raw), head.decode("latin-1").lower(), body


class TooLarge(Voice):
    def test_announced_body_past_the_limit_is_json_413_under_api(self):
        for path in ("/api/v1/articles", "/api/v1/media", "/api/v1/khong-co"):
            st, head, body = raw_answer(
                b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n"
                % (path.encode(), tokens["bientap"].encode(), 3 << 20))
            self.assertEqual(st, 413, head)
            self.assertIn("application/json", head)
            got = json.loads(body)
            self.assertEqual(got["error"]["code"], "too_large")
            self.assertTrue(is_vietnamese(got["error"]["message"]))
        # a page is still answered with a page
        st, head, _ = raw_answer(b"POST /dang-nhap HTTP/1.1\r\nHost: x\r\n"
                                 b"Content-Length: %d\r\n\r\n" % (3 << 20))
        self.assertEqual(st, 413)
        self.assertIn("text/html", head)

    def test_chunked_body_past_the_limit_is_json_413(self):
        before = count("articles")
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
        try:
            s.sendall(b"POST /api/v1/articles HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\nAuthorization: Bearer %s\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n" % tokens["bientap"].encode())
            chunk = b"%x\r\n" % (1 << 20) + b" " * (1 << 20) + b"\r\n"
            try:
                for _ in range(3):
                    s.sendall(chunk)
                s.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server may answer and close before the end
            data = b""
            while b"}" not in data:
                more = s.recv(65536)
                if not more:
                    break
                data += more
        finally:
            s.close()
        self.assertEqual(status_of(data), 413, data[:300])
        self.assertIn(b"application/json", data)
        self.assertIn(b'"code":"too_large"', data)
        self.assertEqual(count("articles"), before)

    def test_an_upload_past_the_media_limit_is_json_413(self):
        got = api("POST", "/api/v1/media", b"\xff\xd8\xff" + bytes(1100 * 1024), who="tacgia",
                  headers={"Content-Type": "image/jpeg"})
        self.assertError(got, 413, "too_large")


class OneVoice(Voice):
    def test_frame_errors_are_vietnamese_json(self):
        self.assertError(api("GET", "/api/v1/khong-co", who=None), 404, "not_found")
        self.assertError(api("PUT", "/api/v1/pages"), 405, "method_not_allowed")
        self.assertError(api("PUT", "/api/v1/articles", who=None), 405, "method_not_allowed")
        self.assertError(api("POST", "/api/v1/stats", {}, who=None), 405, "method_not_allowed")
        self.assertError(api("GET", "/api/v1/me", who=None), 401, "unauthorized")
        self.assertError(api("GET", "/api/v1/me", who=None,
                             headers={"Authorization": "Bearer cong_" + "A" * 43}),
                         401, "unauthorized")
        self.assertError(api("GET", "/api/v1/pages", who="bientap"), 403, "forbidden")
        self.assertError(api("POST", "/api/v1/articles", {"title": "T", "category": "thong-bao"},
                             who="thanhvien"), 403, "forbidden")
        c = Client(srv)
        self.assertEqual(c.login("tacgia", password("tacgia")).status, 303)
        r = c.request("POST", "/api/v1/articles", body=b"{}",
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 403)
        body = json.loads(r.body)
        self.assertEqual(body["error"]["code"], "forbidden")
        self.assertTrue(is_vietnamese(body["error"]["message"]))

    def test_pages_and_portlets_answer_in_vietnamese(self):
        self.assertError(api("GET", "/api/v1/pages/khong-co"), 404, "not_found")
        self.assertError(api("GET", "/api/v1/portlets/999999"), 404, "not_found")
        self.assertError(api("PATCH", "/api/v1/portlets/999999", {"title": "x"}), 404,
                         "not_found")
        page = new_page(self)
        self.assertError(api("POST", "/api/v1/pages", {"slug": page["slug"], "title": "Trùng"}),
                         409, "conflict")
        self.assertError(api("PATCH", "/api/v1/pages/tim-kiem", {"slug": "tim"}), 422,
                         "invalid_state")


if __name__ == "__main__":
    unittest.main()
