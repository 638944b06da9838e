"""Accounts against the real server: login and logout, sessions and their timeouts, CSRF,
roles, throttling, API tokens, cookies and headers, the audit log, the `cong user` and
`cong token` commands, and what the database keeps (hashes only, never a secret)."""

import json
import os
import pty
import pwd
import re
import select
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.parse

from accounts import (FAST, Client, cookie_line, create_user, csrf_of, login_error,
                      must_create_user, parse_set_cookie)
from harness import connect, db_dump, CONG, Server, run_cong

PW = {"quantri": "quan-tri-vien-1", "tacgia": "tac-gia-viet-bai", "thanhvien": "thanh-vien-doc",
      "bientap": "bien-tap-vien-9"}
BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."

srv = None


def add_users(db):
    must_create_user(db, "quantri", "admin", PW["quantri"])
    must_create_user(db, "tacgia", "author", PW["tacgia"])
    must_create_user(db, "thanhvien", "member", PW["thanhvien"])
    must_create_user(db, "bientap", "editor", PW["bientap"])


def setUpModule():
    global srv
    srv = Server(demo=False, env=dict(FAST), prepare=add_users)


def tearDownModule():
    srv.close()


def logged_in(name, server=None):
    c = Client(server or srv)
    r = c.login(name, PW[name])
    assert r.status == 303, (r.status, r.text)
    return c


def audit_actions(db):
    with connect(db) as c:
        return [r[0] for r in c.execute("select action from audit_log order by id")]


class Login(unittest.TestCase):
    def test_login_page_is_private_and_sets_its_form_cookie(self):
        c = Client(srv)
        r = c.get("/dang-nhap")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("cache-control"), "no-store")
        self.assertIn('action="/dang-nhap"', r.text)
        self.assertIn('type="password"', r.text)
        token = csrf_of(r.text)
        name, value, attrs = parse_set_cookie(cookie_line(r, "cong_login_csrf"))
        self.assertEqual(value, token)
        self.assertEqual(attrs.get("path"), "/dang-nhap")
        self.assertIn("httponly", attrs)
        self.assertEqual(attrs.get("samesite"), "Strict")
        self.assertNotIn("secure", attrs)
        # a second visit keeps the form's token, so two open tabs both work
        self.assertEqual(csrf_of(c.get("/dang-nhap").text), token)

    def test_login_sets_a_session_cookie_and_goes_to_the_target(self):
        c = Client(srv)
        r = c.login("quantri", PW["quantri"], tiep="/quan-tri/nhat-ky?trang=1")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("location"), "/quan-tri/nhat-ky?trang=1")
        name, value, attrs = parse_set_cookie(cookie_line(r, "cong_session"))
        self.assertEqual(len(value), 43)
        self.assertIn("httponly", attrs)
        self.assertEqual(attrs.get("samesite"), "Lax")
        self.assertEqual(attrs.get("path"), "/")
        self.assertNotIn("secure", attrs)  # this server is not configured for https
        self.assertEqual(attrs.get("max-age"), str(12 * 3600))
        home = c.get("/quan-tri")
        self.assertEqual(home.status, 200)
        self.assertIn("quantri", home.text)

    def test_without_a_target_authors_go_to_the_dashboard_and_members_home(self):
        self.assertEqual(Client(srv).login("tacgia", PW["tacgia"]).header("location"),
                         "/quan-tri")
        self.assertEqual(Client(srv).login("thanhvien", PW["thanhvien"]).header("location"), "/")

    def test_targets_off_the_site_are_ignored(self):
        for target in ("//evil.example/x", "/\\evil.example", "https://evil.example/",
                       "javascript:alert(1)", "/quan-tri\r\nSet-Cookie: x=y", "quan-tri"):
            r = Client(srv).login("tacgia", PW["tacgia"], tiep=target)
            self.assertEqual(r.status, 303, target)
            self.assertEqual(r.header("location"), "/quan-tri", target)

    def test_wrong_password_and_unknown_user_get_the_same_answer(self):
        wrong = Client(srv).login("bientap", "not-the-password")
        unknown = Client(srv).login("khong-ai-ca", "not-the-password")
        for r in (wrong, unknown):
            self.assertEqual(r.status, 200)
            self.assertEqual(login_error(r.text), BAD_LOGIN)
            self.assertIsNone(cookie_line(r, "cong_session"))
        strip = lambda t: re.sub(r'name="(csrf|name)" value="[^"]*"', "", t)
        self.assertEqual(strip(wrong.text), strip(unknown.text))

    def test_names_are_trimmed_and_lowercased(self):
        self.assertEqual(Client(srv).login("  TacGia ", PW["tacgia"]).status, 303)

    def test_login_without_its_form_token_is_403_and_logs_nobody_in(self):
        c = Client(srv)
        # no cookie, no field
        r = c.post("/dang-nhap", {"name": "quantri", "password": PW["quantri"]})
        self.assertEqual(r.status, 403)
        self.assertIsNone(c.session())
        # a cookie, but a field that differs (a forged form)
        token = csrf_of(c.get("/dang-nhap").text)
        r = c.post("/dang-nhap", {"csrf": token[:-1] + ("A" if token[-1] != "A" else "B"),
                                   "name": "quantri", "password": PW["quantri"]})
        self.assertEqual(r.status, 403)
        self.assertIsNone(c.session())
        # the field alone, without the cookie another site cannot send
        r = Client(srv).post("/dang-nhap", {"csrf": token, "name": "quantri",
                                             "password": PW["quantri"]})
        self.assertEqual(r.status, 403)
        self.assertIsNone(cookie_line(r, "cong_session"))

    def test_a_cookie_planted_before_login_is_not_the_session_after(self):
        c = Client(srv)
        planted = "A" * 43
        c.cookies["cong_session"] = planted
        r = c.login("tacgia", PW["tacgia"])
        self.assertEqual(r.status, 303)
        self.assertNotEqual(c.session(), planted)
        attacker = Client(srv)
        attacker.cookies["cong_session"] = planted
        self.assertEqual(attacker.get("/quan-tri").status, 303)
        # a real session brought to a second login (a login form left open in another tab)
        # is ended and replaced too
        before = c.session()
        self.assertEqual(c.get("/dang-nhap").status, 303)  # logged in: no form for us
        tab = Client(srv)
        token = csrf_of(tab.get("/dang-nhap").text)
        c.cookies["cong_login_csrf"] = token
        r = c.post("/dang-nhap", {"csrf": token, "name": "tacgia", "password": PW["tacgia"]})
        self.assertEqual(r.status, 303)
        self.assertNotEqual(c.session(), before)
        old = Client(srv)
        old.cookies["cong_session"] = before
        self.assertEqual(old.get("/quan-tri").status, 303)

    def test_malformed_forms_are_400(self):
        c = Client(srv)
        c.get("/dang-nhap")
        for body in ("name=%zz&password=x", "name=%C3%28", "name=a%00b"):
            r = c.request("POST", "/dang-nhap", body=body,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(r.status, 400, body)
        r = c.request("POST", "/dang-nhap", body='{"name": "x"}',
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 400)

    def test_passwords_are_never_logged(self):
        Client(srv).login("bientap", PW["bientap"])
        Client(srv).login("bientap", "mat-khau-sai-ne")
        logs = "\n".join(srv.stdout_lines + srv.stderr_lines)
        self.assertNotIn(PW["bientap"], logs)
        self.assertNotIn("mat-khau-sai-ne", logs)


class Logout(unittest.TestCase):
    def test_logout_asks_then_needs_the_token_then_ends_the_session(self):
        c = logged_in("tacgia")
        page = c.get("/dang-xuat")
        self.assertEqual(page.status, 200)
        self.assertIn('action="/dang-xuat"', page.text)
        self.assertEqual(c.get("/quan-tri").status, 200)  # a GET changes nothing
        self.assertEqual(c.post("/dang-xuat", {}).status, 403)
        self.assertEqual(c.post("/dang-xuat", {"csrf": "x" * 43}).status, 403)
        self.assertEqual(c.get("/quan-tri").status, 200)
        session = c.session()
        r = c.post("/dang-xuat", {"csrf": csrf_of(page.text)})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("location"), "/")
        self.assertEqual(parse_set_cookie(cookie_line(r, "cong_session"))[2].get("max-age"), "0")
        again = Client(srv)
        again.cookies["cong_session"] = session
        self.assertEqual(again.get("/quan-tri").status, 303)

    def test_logout_without_a_session_goes_home(self):
        r = Client(srv).get("/dang-xuat")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("location"), "/")


class Roles(unittest.TestCase):
    def test_guest_is_sent_to_login_with_the_page_to_come_back_to(self):
        for path in ("/quan-tri", "/quan-tri/nhat-ky?trang=2", "/quan-tri/khong-co"):
            r = Client(srv).get(path)
            self.assertEqual(r.status, 303, path)
            loc = r.header("location")
            self.assertTrue(loc.startswith("/dang-nhap?tiep="), loc)
            self.assertEqual(re.sub(r"^/dang-nhap\?tiep=", "", loc),
                             urllib.parse.quote(path, safe=""))
        r = Client(srv).post("/quan-tri/nguoi-dung", {"name": "x"})
        self.assertEqual(r.status, 303)

    def test_each_role_reaches_what_it_may_and_gets_403_elsewhere(self):
        member, author, admin = logged_in("thanhvien"), logged_in("tacgia"), logged_in("quantri")
        expect = {
            "/quan-tri": (403, 200, 200),
            "/quan-tri/nguoi-dung": (403, 403, 200),
            "/quan-tri/nhat-ky": (403, 403, 200),
        }
        for path, codes in expect.items():
            for c, code in zip((member, author, admin), codes):
                self.assertEqual(c.get(path).status, code, path)
        r = member.get("/quan-tri")
        self.assertIn("Bạn không có quyền truy cập trang này.", r.text)
        self.assertEqual(r.header("cache-control"), "no-store")
        self.assertEqual(author.get("/quan-tri/khong-co").status, 404)
        # an author's valid token does not open the admin's forms either
        r = author.post("/quan-tri/nguoi-dung", {"csrf": author.csrf(), "name": "ke-gian",
                                                 "role": "admin", "password": "1234567890"})
        self.assertEqual(r.status, 403)
        with connect(srv.db) as db:
            self.assertIsNone(db.execute("select id from users where name='ke-gian'").fetchone())

    def test_the_header_links_to_login_or_to_the_users_page(self):
        self.assertIn('href="/dang-nhap">Đăng nhập</a>', Client(srv).get("/").text)
        self.assertIn('href="/quan-tri">quantri</a>', logged_in("quantri").get("/quan-tri").text)
        # a member has no dashboard: the link under the name leads out
        self.assertIn('href="/dang-xuat">thanhvien</a>',
                      logged_in("thanhvien").get("/dang-xuat").text)


class Csrf(unittest.TestCase):
    def test_admin_posts_without_the_token_are_403_and_change_nothing(self):
        admin = logged_in("quantri")
        token = admin.csrf()
        with connect(srv.db) as db:
            before = db.execute("select count(*) from users").fetchone()[0]
        form = {"name": "moi-tao", "role": "member", "password": "mat-khau-moi-tao"}
        for fields, headers in (
                (form, {}),
                (dict(form, csrf=""), {}),
                (dict(form, csrf="x" * 43), {}),
                (dict(form, csrf=token), {"Sec-Fetch-Site": "cross-site"})):
            self.assertEqual(admin.post("/quan-tri/nguoi-dung", fields, headers).status, 403)
        with connect(srv.db) as db:
            self.assertEqual(db.execute("select count(*) from users").fetchone()[0], before)
        # another session's token is not this session's
        other = logged_in("quantri").csrf()
        self.assertEqual(admin.post("/quan-tri/nguoi-dung", dict(form, csrf=other)).status, 403)
        r = admin.post("/quan-tri/nguoi-dung", dict(form, csrf=token),
                       {"Sec-Fetch-Site": "same-origin"})
        self.assertEqual(r.status, 303)
        with connect(srv.db) as db:
            self.assertEqual(db.execute("select count(*) from users").fetchone()[0], before + 1)

    def test_api_writes_with_a_cookie_need_the_csrf_header(self):
        c = logged_in("tacgia")
        token = c.csrf()
        r = c.request("POST", "/api/v1/me")
        self.assertEqual(r.status, 403)
        self.assertEqual(json.loads(r.text)["error"]["code"], "forbidden")
        self.assertIn("X-CSRF-Token", json.loads(r.text)["error"]["message"])
        r = c.request("POST", "/api/v1/me", headers={"X-CSRF-Token": "y" * 43})
        self.assertEqual(r.status, 403)
        # with its token the request goes through (and this endpoint only answers GET)
        r = c.request("POST", "/api/v1/me", headers={"X-CSRF-Token": token})
        self.assertEqual(r.status, 405)
        self.assertEqual(c.get("/api/v1/me").status, 200)  # reads need no token


class UserPages(unittest.TestCase):
    def test_admin_creates_changes_disables_and_enables_a_user(self):
        admin = logged_in("quantri")
        t = admin.csrf("/quan-tri/nguoi-dung")
        r = admin.post("/quan-tri/nguoi-dung", {"csrf": t, "name": "nguoi-moi", "role": "author",
                                                "password": "mat-khau-ban-dau"})
        self.assertEqual(r.status, 303)
        page = admin.get(r.header("location"))
        self.assertIn("Đã tạo người dùng.", page.text)
        self.assertIn("nguoi-moi", page.text)
        self.assertEqual(page.header("cache-control"), "no-store")
        for fields, status, msg in (
                ({"name": "nguoi-moi", "role": "author", "password": "mat-khau-ban-dau"}, 409,
                 "đã có người dùng"),
                ({"name": "ngan", "role": "author", "password": "ngan"}, 400, "ít nhất 10"),
                ({"name": "Có Dấu", "role": "author", "password": "mat-khau-ban-dau"}, 400,
                 "Tên đăng nhập"),
                ({"name": "vaitro", "role": "guest", "password": "mat-khau-ban-dau"}, 400,
                 "Vai trò")):
            r = admin.post("/quan-tri/nguoi-dung", dict(fields, csrf=t))
            self.assertEqual(r.status, status, fields)
            self.assertIn(msg, r.text)
        with connect(srv.db) as db:
            uid = db.execute("select id from users where name='nguoi-moi'").fetchone()[0]
        user = Client(srv)
        self.assertEqual(user.login("nguoi-moi", "mat-khau-ban-dau").status, 303)
        self.assertEqual(user.get("/quan-tri").status, 200)
        r = admin.post(f"/quan-tri/nguoi-dung/{uid}", {"csrf": t, "action": "role",
                                                       "role": "member"})
        self.assertEqual(r.status, 303)
        self.assertEqual(user.get("/quan-tri").status, 403)  # the role applies at once
        r = admin.post(f"/quan-tri/nguoi-dung/{uid}", {"csrf": t, "action": "disable"})
        self.assertEqual(r.status, 303)
        self.assertEqual(user.get("/quan-tri").status, 303)  # its session is gone
        self.assertEqual(Client(srv).login("nguoi-moi", "mat-khau-ban-dau").status, 200)
        r = admin.post(f"/quan-tri/nguoi-dung/{uid}", {"csrf": t, "action": "enable"})
        self.assertEqual(r.status, 303)
        self.assertEqual(Client(srv).login("nguoi-moi", "mat-khau-ban-dau").status, 303)
        self.assertEqual(admin.post("/quan-tri/nguoi-dung/99999",
                                    {"csrf": t, "action": "disable"}).status, 404)
        self.assertEqual(admin.post(f"/quan-tri/nguoi-dung/{uid}",
                                    {"csrf": t, "action": "explode"}).status, 400)

    def test_an_admin_cannot_lock_or_demote_themselves(self):
        admin = logged_in("quantri")
        with connect(srv.db) as db:
            uid = db.execute("select id from users where name='quantri'").fetchone()[0]
        t = admin.csrf()
        for fields in ({"action": "disable"}, {"action": "role", "role": "member"}):
            r = admin.post(f"/quan-tri/nguoi-dung/{uid}", dict(fields, csrf=t))
            self.assertEqual(r.status, 409)
        self.assertEqual(admin.get("/quan-tri/nguoi-dung").status, 200)


class Sessions(unittest.TestCase):
    def test_a_password_change_ends_every_session_of_the_user(self):
        db = srv.db
        must_create_user(db, "doi-mat-khau", "author", "mat-khau-cu-1")
        a, b = Client(srv), Client(srv)
        for c in (a, b):
            self.assertEqual(c.login("doi-mat-khau", "mat-khau-cu-1").status, 303)
            self.assertEqual(c.get("/quan-tri").status, 200)
        other = logged_in("tacgia")
        st, out, err = run_cong("user", "passwd", "doi-mat-khau", "--password-stdin", "--db", db,
                                env=FAST, input=b"mat-khau-moi-2\n")
        self.assertEqual(st, 0, err)
        for c in (a, b):
            self.assertEqual(c.get("/quan-tri").status, 303)
        self.assertEqual(other.get("/quan-tri").status, 200)  # other users keep theirs
        self.assertEqual(Client(srv).login("doi-mat-khau", "mat-khau-cu-1").status, 200)
        self.assertEqual(Client(srv).login("doi-mat-khau", "mat-khau-moi-2").status, 303)


class Api(unittest.TestCase):
    def test_bearer_token_lifecycle(self):
        st, token, err = run_cong("token", "create", "bientap", "--db", srv.db)
        self.assertEqual(st, 0, err)
        token = token.strip()
        self.assertRegex(token, r"^cong_[A-Za-z0-9_-]{43}$")
        r = srv.get("/api/v1/me", headers={"Authorization": "Bearer " + token})
        self.assertEqual(r.status, 200)
        self.assertIn("application/json", r.header("content-type"))
        self.assertEqual(r.header("cache-control"), "no-store")
        me = json.loads(r.text)
        self.assertEqual((me["name"], me["role"]), ("bientap", "editor"))
        self.assertIsInstance(me["id"], int)
        st, out, err = run_cong("token", "list", "--db", srv.db)
        self.assertEqual(st, 0, err)
        self.assertNotIn(token, out)
        self.assertNotIn(token[5:], out)
        line = [l for l in out.splitlines() if "bientap" in l][-1]
        # ID USER CREATED(date time) LAST-USED(date time) REVOKED("-")
        cols = line.split()
        self.assertEqual(len(cols), 7, line)
        self.assertEqual(cols[-1], "-")
        tid = cols[0]
        st, out, err = run_cong("token", "revoke", tid, "--db", srv.db)
        self.assertEqual(st, 0, err)
        r = srv.get("/api/v1/me", headers={"Authorization": "Bearer " + token})
        self.assertEqual(r.status, 401)
        self.assertEqual(json.loads(r.text)["error"]["code"], "unauthorized")
        self.assertIn('error="invalid_token"', r.header("www-authenticate"))
        st, out, err = run_cong("token", "revoke", tid, "--db", srv.db)
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_missing_unknown_and_malformed_credentials_are_401_json(self):
        for headers in ({}, {"Authorization": "Bearer cong_" + "A" * 43},
                        {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic eDp5"},
                        {"Cookie": "cong_session=" + "B" * 43}):
            r = srv.get("/api/v1/me", headers=headers)
            self.assertEqual(r.status, 401, headers)
            body = json.loads(r.text)
            self.assertEqual(body["error"]["code"], "unauthorized")
            self.assertTrue(body["error"]["message"])
            self.assertTrue(r.header("www-authenticate").startswith("Bearer"))

    def test_a_session_cookie_works_for_reads(self):
        r = logged_in("thanhvien").get("/api/v1/me")
        self.assertEqual(r.status, 200)
        self.assertEqual(json.loads(r.text)["role"], "member")

    def test_unknown_endpoints_answer_json_404(self):
        r = srv.get("/api/v1/khong-co")
        self.assertEqual(r.status, 404)
        self.assertEqual(json.loads(r.text), {"error": {"code": "not_found",
                                                        "message": "Không có địa chỉ API này."}})


class Headers(unittest.TestCase):
    def test_security_headers_on_every_kind_of_answer(self):
        admin = logged_in("quantri")
        answers = [srv.get("/"), srv.get("/dang-nhap"), srv.get("/quan-tri"),
                   admin.get("/quan-tri"), admin.get("/quan-tri/nhat-ky"),
                   srv.get("/api/v1/me"), srv.get("/khong-co-trang-nay")]
        for r in answers:
            self.assertEqual(r.header("x-content-type-options"), "nosniff")
            self.assertEqual(r.header("x-frame-options"), "DENY")
            self.assertTrue(r.header("referrer-policy"))
            csp = r.header("content-security-policy")
            self.assertIn("frame-ancestors 'none'", csp)
            self.assertIn("default-src 'self'", csp)
            self.assertNotIn("unsafe-inline", csp)
            self.assertNotIn("unsafe-eval", csp)

    def test_private_pages_are_not_stored_public_ones_may_be(self):
        admin = logged_in("quantri")
        for r in (srv.get("/dang-nhap"), admin.get("/quan-tri"), admin.get("/dang-xuat"),
                  admin.get("/quan-tri/nguoi-dung"), srv.get("/quan-tri")):
            self.assertEqual(r.header("cache-control"), "no-store")
        self.assertNotEqual(srv.get("/").header("cache-control"), "no-store")

    def test_admin_pages_need_no_inline_script_or_style(self):
        admin = logged_in("quantri")
        for path in ("/quan-tri", "/quan-tri/nguoi-dung", "/quan-tri/nhat-ky", "/dang-xuat"):
            body = admin.get(path).text
            self.assertNotRegex(body, r"<script(?![^>]*\bsrc=)", path)
            self.assertNotIn("<style", body)
            self.assertNotRegex(body, r"\sstyle=", path)
            self.assertNotRegex(body, r"\son[a-z]+=", path)


class AuditLog(unittest.TestCase):
    def test_admin_reads_who_did_what_from_where(self):
        admin = logged_in("quantri")
        Client(srv).login("bientap", "sai-mat-khau-roi")
        st, out, err = run_cong("token", "create", "tacgia", "--db", srv.db)
        self.assertEqual(st, 0, err)
        page = admin.get("/quan-tri/nhat-ky")
        self.assertEqual(page.status, 200)
        self.assertEqual(page.header("cache-control"), "no-store")
        rows = re.findall(r'<tr data-action="([a-z_]+)"><td>(\d\d-\d\d-\d{4} \d\d:\d\d)</td>'
                          r'<td>([^<]*)</td><td>([^<]*)</td>', page.text)
        actions = [r[0] for r in rows]
        self.assertEqual(actions[0], "token_created")  # newest first
        self.assertEqual(rows[0][2], "cli:" + pwd.getpwuid(os.geteuid()).pw_name)
        failed = [r for r in rows if r[0] == "login_failed"][0]
        self.assertEqual((failed[2], failed[3]), ("bientap", "127.0.0.1"))
        for action in ("login", "login_failed", "user_created", "token_created"):
            self.assertIn(action, actions)
        self.assertEqual(admin.get("/quan-tri/nhat-ky?trang=abc").status, 400)
        self.assertEqual(admin.get("/quan-tri/nhat-ky?trang=999").status, 404)

    def test_every_account_event_is_recorded(self):
        if True:
            s = Server(demo=False, env=dict(FAST), prepare=add_users)
            try:
                admin = logged_in("quantri", s)
                t = admin.csrf()
                admin.post("/quan-tri/nguoi-dung", {"csrf": t, "name": "ghi-lai",
                                                    "role": "author", "password": "mat-khau-dai-1"})
                with connect(s.db) as db:
                    uid = db.execute("select id from users where name='ghi-lai'").fetchone()[0]
                for fields in ({"action": "role", "role": "editor"}, {"action": "disable"},
                               {"action": "enable"}):
                    admin.post(f"/quan-tri/nguoi-dung/{uid}", dict(fields, csrf=t))
                run_cong("user", "passwd", "ghi-lai", "--password-stdin", "--db", s.db, env=FAST,
                         input=b"mat-khau-dai-2\n")
                st, token, _ = run_cong("token", "create", "ghi-lai", "--db", s.db)
                run_cong("token", "revoke", "1", "--db", s.db)
                Client(s).login("ghi-lai", "sai")
                admin.post("/dang-xuat", {"csrf": t})
                actions = audit_actions(s.db)
                for a in ("user_created", "login", "login_failed", "user_role_changed",
                          "user_disabled", "user_enabled", "password_changed", "token_created",
                          "token_revoked", "logout"):
                    self.assertIn(a, actions)
                with connect(s.db) as db:
                    row = db.execute("select user_name, ip, target, detail from audit_log "
                                     "where action='user_role_changed'").fetchone()
                self.assertEqual(row, ("quantri", "127.0.0.1", "ghi-lai", "author -> editor"))
            finally:
                s.close()


class Secrets(unittest.TestCase):
    def test_the_database_holds_hashes_never_secrets(self):
        c = logged_in("tacgia")
        session = c.session()
        st, token, err = run_cong("token", "create", "tacgia", "--db", srv.db)
        token = token.strip()
        csrf = c.csrf()
        self.assertTrue(session and token and csrf)
        self.assertTrue(csrf)
        with connect(srv.db) as db:
            hashes = [r[0] for r in db.execute("select password_hash from users")]
        dump = db_dump(srv.db)
        for h in hashes:
            self.assertTrue(h.startswith("$argon2id$"), h)
        for secret in (PW["tacgia"], PW["quantri"], session, token, token[5:]):
            self.assertNotIn(secret, dump)
        # nor in the files themselves, the write-ahead log included
        raw = b""
        for suffix in ("", "-wal"):
            if os.path.exists(srv.db + suffix):
                with open(srv.db + suffix, "rb") as f:
                    raw += f.read()
        for secret in (PW["tacgia"], session, token[5:]):
            self.assertNotIn(secret.encode(), raw)


class Https(unittest.TestCase):
    def test_cookies_are_secure_when_the_site_is_served_over_https(self):
        with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
            f.write("[site]\nhttps = on\n")
            ini = f.name
        s = Server(demo=False, env=dict(FAST), prepare=add_users, extra_args=("--config", ini))
        try:
            c = Client(s)
            page = c.get("/dang-nhap")
            self.assertIn("secure", parse_set_cookie(cookie_line(page, "cong_login_csrf"))[2])
            # the visitor counter's cookie too (wapiti found it without Secure)
            home = Client(s).request("GET", "/", headers={
                "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"})
            attrs = parse_set_cookie(cookie_line(home, "cong_v"))[2]
            self.assertIn("secure", attrs)
            self.assertIn("httponly", attrs)
            r = c.login("tacgia", PW["tacgia"])
            self.assertEqual(r.status, 303)
            # __Host-: a browser keeps it only Secure, for Path=/ and no Domain
            self.assertIsNone(cookie_line(r, "cong_session"))
            attrs = parse_set_cookie(cookie_line(r, "__Host-cong_session"))[2]
            self.assertIn("secure", attrs)
            self.assertEqual(attrs.get("path"), "/")
            self.assertNotIn("domain", attrs)
            self.assertEqual(r.header("strict-transport-security"), "max-age=31536000")
            self.assertIn("httponly", attrs)
            self.assertEqual(attrs.get("samesite"), "Lax")
        finally:
            s.close()
            os.unlink(ini)

    def test_a_bad_https_value_stops_cong_with_one_line(self):
        with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
            f.write("[site]\nhttps = maybe\n")
            ini = f.name
        try:
            st, out, err = run_cong("serve", "--db", srv.db, "--listen", "127.0.0.1:0",
                                    "--config", ini)
            self.assertNotEqual(st, 0)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertIn("site.https", err)
        finally:
            os.unlink(ini)


class Proxy(unittest.TestCase):
    def test_behind_a_trusted_proxy_the_forwarded_address_counts(self):
        with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
            f.write("[server]\ntrusted_proxy = 127.0.0.1\n")
            ini = f.name
        s = Server(demo=False, env=dict(FAST), prepare=add_users, extra_args=("--config", ini))
        try:
            def attempt(client_ip, name="ai-do", pw="sai-mat-khau"):
                c = Client(s)
                page = c.get("/dang-nhap")
                # the client may send its own header; the proxy appends the address it saw
                xff = {"X-Forwarded-For": "203.0.113.66, " + client_ip}
                return c.post("/dang-nhap", {"csrf": csrf_of(page.text), "name": name,
                                             "password": pw}, headers=xff)
            for i in range(19):
                self.assertEqual(attempt("198.51.100.9", "ten-%d" % i).status, 200)
            self.assertEqual(attempt("198.51.100.9", "ten-cuoi").status, 429)
            # another client behind the same proxy is not locked out
            self.assertEqual(attempt("2001:DB8::0:1", "tacgia", PW["tacgia"]).status, 303)
            with connect(s.db) as db:
                ips = {r[0] for r in db.execute("select ip from audit_log where ip != ''")}
            self.assertEqual(ips, {"198.51.100.9", "2001:db8::1"})
            self.assertTrue(any(l.startswith("198.51.100.9 ") for l in s.stdout_lines))
        finally:
            s.close()
            os.unlink(ini)

    def test_a_trusted_proxy_must_be_an_address(self):
        with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
            f.write("[server]\ntrusted_proxy = localhost\n")
            ini = f.name
        try:
            st, out, err = run_cong("serve", "--db", srv.db, "--listen", "127.0.0.1:0",
                                    "--config", ini)
            self.assertNotEqual(st, 0)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertIn("server.trusted_proxy", err)
        finally:
            os.unlink(ini)

    def test_without_a_trusted_proxy_the_header_is_ignored(self):
        c = Client(srv)
        page = c.get("/dang-nhap")
        c.post("/dang-nhap", {"csrf": csrf_of(page.text), "name": "bientap",
                              "password": "gia-mao-dia-chi"},
               headers={"X-Forwarded-For": "192.0.2.77"})
        with connect(srv.db) as db:
            ips = {r[0] for r in db.execute("select ip from audit_log")}
        self.assertNotIn("192.0.2.77", ips)
        self.assertIn("127.0.0.1", ips)


class Throttling(unittest.TestCase):
    """Each test has its own server: locks are per address, and every test comes from one."""

    def setUp(self):
        self.s = Server(demo=False, env=dict(FAST), prepare=add_users)

    def tearDown(self):
        self.s.close()

    def test_five_failures_lock_known_and_unknown_names_alike(self):
        for name in ("tacgia", "khong-ton-tai"):
            c = Client(self.s)
            for i in range(4):
                r = c.login(name, "sai-mat-khau-%d" % i)
                self.assertEqual((r.status, login_error(r.text)), (200, BAD_LOGIN), name)
            r = c.login(name, "sai-mat-khau-5")
            self.assertEqual(r.status, 429, name)
            self.assertEqual(login_error(r.text), LOCKED)
            self.assertEqual(r.header("retry-after"), "900")
        # from that address the right password changes nothing while the lock lasts
        r = Client(self.s).login("tacgia", PW["tacgia"])
        self.assertEqual((r.status, login_error(r.text)), (429, LOCKED))
        self.assertIsNone(cookie_line(r, "cong_session"))
        # other names are not concerned
        self.assertEqual(Client(self.s).login("bientap", PW["bientap"]).status, 303)
        self.assertIn("login_locked", audit_actions(self.s.db))
        # nor is the owner at another address (test_lockout.py has more)
        self.assertEqual(Client(self.s, source="127.0.0.2").login("tacgia", PW["tacgia"]).status,
                         303)

    def test_the_lock_ends_after_fifteen_minutes(self):
        for i in range(5):
            Client(self.s).login("tacgia", "sai-mat-khau-%d" % i)
        self.assertEqual(Client(self.s).login("tacgia", PW["tacgia"]).status, 429)
        self.s.stop()
        self.s.env["CONG_TEST_CLOCK_OFFSET"] = str(14 * 60)
        self.s.start()
        self.assertEqual(Client(self.s).login("tacgia", PW["tacgia"]).status, 429)
        self.s.stop()
        self.s.env["CONG_TEST_CLOCK_OFFSET"] = str(15 * 60 + 30)
        self.s.start()
        self.assertEqual(Client(self.s).login("tacgia", PW["tacgia"]).status, 303)

    def test_twenty_failures_lock_the_address(self):
        for i in range(19):
            r = Client(self.s).login("ten-%d" % i, "sai-mat-khau")
            self.assertEqual(r.status, 200)
        r = Client(self.s).login("ten-cuoi", "sai-mat-khau")
        self.assertEqual(r.status, 429)
        self.assertEqual(login_error(r.text), LOCKED)
        self.assertEqual(Client(self.s).login("bientap", PW["bientap"]).status, 429)
        # the address is locked, not the names
        self.assertEqual(Client(self.s, source="127.0.0.2").login("bientap", PW["bientap"]).status,
                         303)


def restart_at(s, offset):
    """Restarts server s with its clock offset seconds ahead of the real one."""
    s.stop()
    s.env["CONG_TEST_CLOCK_OFFSET"] = str(offset)
    s.start()


class Timeouts(unittest.TestCase):
    def test_a_session_ends_after_two_idle_hours(self):
        s = Server(demo=False, env=dict(FAST), prepare=add_users)
        try:
            c = logged_in("tacgia", s)
            for offset, status in ((60 * 60, 200),             # an hour idle: fine, and used
                                   (60 * 60 + 119 * 60, 200),  # 1 h 59 later: fine again
                                   (60 * 60 + 119 * 60 + 2 * 3600 + 60, 303)):  # 2 h idle
                restart_at(s, offset)
                self.assertEqual(c.get("/quan-tri").status, status, offset)
        finally:
            s.close()

    def test_a_session_ends_after_twelve_hours_however_busy(self):
        # idle time is taken out of the picture by a day-long idle timeout
        with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
            f.write("[session]\nidle_timeout = 1440\n")
            ini = f.name
        s = Server(demo=False, env=dict(FAST), prepare=add_users, extra_args=("--config", ini))
        try:
            c = logged_in("tacgia", s)
            for hours, status in ((11, 200), (12, 303)):
                restart_at(s, hours * 3600 + 30)
                self.assertEqual(c.get("/quan-tri").status, status, hours)
        finally:
            s.close()
            os.unlink(ini)


class CommandLine(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="cong-user-")
        self.db = os.path.join(self.dir.name, "cong.db")
        self.assertEqual(run_cong("init", "--db", self.db)[0], 0)

    def tearDown(self):
        self.dir.cleanup()

    def users(self):
        with connect(self.db) as c:
            return [r[0] for r in c.execute("select name from users order by name")]

    def assert_refused(self, result, *words):
        st, out, err = result
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        for w in words:
            self.assertIn(w, err)

    def test_user_add_list_and_passwd(self):
        st, out, err = create_user(self.db, "lan", "editor", "mat-khau-cua-lan")
        self.assertEqual(st, 0, err)
        self.assertIn("lan", out)
        # --db anywhere after the subcommand's name, or CONG_DB
        st, out, err = run_cong("user", "--db", self.db, "list")
        self.assertEqual(st, 0, err)
        self.assertRegex(out, r"\blan\s+editor\s+active\b")
        st, out, err = run_cong("user", "list", env={"CONG_DB": self.db})
        self.assertEqual(st, 0, err)
        self.assertIn("lan", out)
        st, out, err = run_cong("user", "passwd", "lan", "--db", self.db, "--password-stdin",
                                env=FAST, input=b"mat-khau-moi-cua-lan\n")
        self.assertEqual(st, 0, err)

    def test_bad_input_is_refused_with_one_line_and_nothing_written(self):
        self.assertEqual(create_user(self.db, "lan", "editor", "mat-khau-cua-lan")[0], 0)
        self.assert_refused(create_user(self.db, "minh", "boss", "mat-khau-cua-minh"),
                            "unknown role 'boss'")
        self.assert_refused(create_user(self.db, "minh", "guest", "mat-khau-cua-minh"), "role")
        self.assert_refused(create_user(self.db, "minh", "author", "ngan"), "at least 10")
        self.assert_refused(create_user(self.db, "lan", "author", "mat-khau-khac-1"),
                            "already exists")
        self.assert_refused(create_user(self.db, "Minh Anh", "author", "mat-khau-cua-minh"),
                            "invalid user name")
        self.assert_refused(create_user(self.db, "minh", "author", ""), "password")
        self.assert_refused(run_cong("user", "add", "minh", "--db", self.db), "--role")
        self.assert_refused(run_cong("user", "frobnicate", "--db", self.db), "unknown command")
        self.assert_refused(run_cong("user", "list", "--bogus", "--db", self.db), "--bogus")
        self.assert_refused(run_cong("token", "list", "--db"), "--db")
        self.assert_refused(run_cong("user", "passwd", "ai-do", "--password-stdin",
                                     "--db", self.db, input=b"mat-khau-cua-ai\n"), "no user")
        self.assert_refused(run_cong("user", "passwd", "lan", "--password-stdin", "--db", self.db,
                                     input=b"ngan\n"), "at least 10")
        self.assert_refused(run_cong("token", "create", "ai-do", "--db", self.db), "no user")
        self.assert_refused(run_cong("token", "revoke", "abc", "--db", self.db), "abc")
        self.assert_refused(run_cong("token", "revoke", "42", "--db", self.db), "42")
        self.assertEqual(self.users(), ["lan"])
        with connect(self.db) as c:
            self.assertEqual(c.execute("select count(*) from api_tokens").fetchone()[0], 0)

    def test_without_a_terminal_the_password_must_come_on_stdin(self):
        # a new session has no controlling terminal: there is nowhere to ask
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
        r = subprocess.run([CONG, "user", "add", "minh", "--role", "author", "--db", self.db],
                           env=env, input=b"", capture_output=True, start_new_session=True,
                           timeout=60)
        err = r.stderr.decode()
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("--password-stdin", err)
        self.assertEqual(self.users(), [])

    def run_on_terminal(self, args, answers):
        """Runs cong with a pseudo-terminal as its controlling terminal, typing each answer
        after the next prompt ending in ': '; returns (status, everything the terminal showed)."""
        pid, fd = pty.fork()
        if pid == 0:
            env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0", **FAST)
            os.execve(CONG, [CONG, *args], env)
        shown, fresh, pending = b"", b"", list(answers)
        deadline = time.time() + 60
        while time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            fresh += chunk
            # answer a prompt once it is shown in full: cong asks only after echo is off
            if pending and fresh.endswith(b": "):
                os.write(fd, pending.pop(0).encode() + b"\n")
                fresh = b""
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)  # stuck waiting for input: fail, do not hang
            _, status = os.waitpid(pid, 0)
        os.close(fd)
        return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")

    def test_the_terminal_is_asked_twice_without_echo(self):
        st, shown = self.run_on_terminal(["user", "add", "minh", "--role", "author",
                                          "--db", self.db],
                                         ["mat-khau-go-tay", "mat-khau-go-tay"])
        self.assertEqual(st, 0, shown)
        self.assertIn("Password:", shown)
        self.assertIn("Repeat password:", shown)
        self.assertNotIn("mat-khau-go-tay", shown)  # never echoed
        self.assertEqual(self.users(), ["minh"])
        st, shown = self.run_on_terminal(["user", "add", "lan", "--role", "author",
                                          "--db", self.db],
                                         ["mat-khau-thu-nhat", "mat-khau-thu-hai"])
        self.assertNotEqual(st, 0)
        self.assertIn("differ", shown)
        self.assertEqual(self.users(), ["minh"])

    def test_real_cost_without_the_test_switch(self):
        st, out, err = run_cong("user", "add", "that", "--role", "member", "--password-stdin",
                                "--db", self.db, input=b"mat-khau-that-su\n")
        self.assertEqual(st, 0, err)
        with connect(self.db) as c:
            h = c.execute("select password_hash from users where name='that'").fetchone()[0]
        self.assertTrue(h.startswith("$argon2id$v=19$m=65536,t=2,p=1$"), h)


if __name__ == "__main__":
    unittest.main()
