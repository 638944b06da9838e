"""Accounts that help themselves: the profile and password at /tai-khoan, the password
reset by e-mail (/quen-mat-khau, /dat-lai-mat-khau) through a local SMTP sink, and the page
that says an admin must help when the portal has no [mail] settings."""

import hashlib
import re
import sqlite3
import unittest

from accounts import FAST, Client, csrf_of, must_create_user, password_of
from harness import MailServer, Server, run_cong

SENT = "Nếu địa chỉ này là e-mail của một tài khoản, chúng tôi đã gửi tới đó một liên kết"
BAD_LINK = "Liên kết đặt lại mật khẩu không đúng, đã dùng hoặc đã hết hạn."
SUB = "khoa.example"

srv = None


def prepare(db):
    must_create_user(db, "quantri", "admin", password_of("quantri"))
    for name in ("lan", "hoa", "minh", "tuan", "mai"):
        must_create_user(db, name, "author", password_of(name))
    st, out, err = run_cong("site", "add", SUB, "--name", "Khoa Toán", "--db", db, env=FAST)
    assert st == 0, err
    st, out, err = run_cong("user", "add", "minh", "--role", "author", "--site", SUB,
                            "--db", db, env=FAST)
    assert st == 0, err
    with sqlite3.connect(db) as c:
        for name in ("minh", "tuan", "mai"):
            c.execute("update users set email = ? where name = ?", (name + "@truong.example.vn",
                                                                     name))


def setUpModule():
    global srv
    srv = MailServer(demo=False, env=dict(FAST), prepare=prepare)


def tearDownModule():
    srv.close()


class HostClient(Client):
    """A client of one site of the server, named by its Host header."""

    def __init__(self, server, host, source=None):
        super().__init__(server, source)
        self.host = host

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        h["Host"] = self.host
        return super().request(method, path, body, h)


def logged_in(name, password=None, client=None):
    c = client or Client(srv)
    r = c.login(name, password or password_of(name))
    assert r.status == 303, (r.status, r.text)
    return c


def is_logged_in(c):
    return c.get("/tai-khoan").status == 200


def audit(action):
    with sqlite3.connect(srv.db) as db:
        return db.execute("select target from audit_log where action = ? order by id",
                          (action,)).fetchall()


def ask_reset(email, source):
    c = Client(srv, source=source)
    page = c.get("/quen-mat-khau")
    assert page.status == 200, page.text
    return c.post("/quen-mat-khau", {"csrf": csrf_of(page.text), "email": email})


def link_of(msg):
    m = re.search(r"http://[^\s]+/dat-lai-mat-khau\?ma=([A-Za-z0-9_-]+)", msg.body)
    assert m, msg.body
    return m.group(0)[m.group(0).index("/dat-lai"):], m.group(1)


def reset(client, path, password):
    page = client.get(path)
    if page.status != 200:
        return page
    token = re.search(r'name="ma" value="([^"]+)"', page.text).group(1)
    return client.post("/dat-lai-mat-khau", {"csrf": csrf_of(page.text), "ma": token,
                                             "password": password, "password2": password})


class Profile(unittest.TestCase):
    def test_a_user_edits_her_own_name_email_and_unit(self):
        lan = logged_in("lan")
        page = lan.get("/tai-khoan")
        self.assertEqual(page.status, 200)
        self.assertEqual(page.header("cache-control"), "no-store")
        self.assertIn("Tài khoản của tôi", page.text)
        t = csrf_of(page.text)
        r = lan.post("/tai-khoan", {"csrf": t, "action": "profile",
                                    "display_name": "Nguyễn Thị Lan",
                                    "email": "lan@truong.example.vn", "unit": "Phòng Đào tạo"})
        self.assertEqual(r.status, 303)
        page = lan.get(r.header("location"))
        self.assertIn("Đã lưu thông tin tài khoản.", page.text)
        self.assertIn('value="Nguyễn Thị Lan"', page.text)
        with sqlite3.connect(srv.db) as db:
            row = db.execute("select display_name, email, unit from users where name='lan'"
                             ).fetchone()
        self.assertEqual(row, ("Nguyễn Thị Lan", "lan@truong.example.vn", "Phòng Đào tạo"))
        self.assertIn(("lan",), audit("user_profile_changed"))
        for bad in ("khong-phai-email", "lan@truong.example.vn\r\nBcc: x@y.vn"):
            r = lan.post("/tai-khoan", {"csrf": t, "action": "profile", "display_name": "Lan",
                                        "email": bad, "unit": ""})
            self.assertEqual(r.status, 400)
            self.assertIn("Địa chỉ e-mail không hợp lệ", r.text)
        r = lan.post("/tai-khoan", {"action": "profile", "display_name": "X", "email": "",
                                    "unit": ""})
        self.assertEqual(r.status, 403)  # no CSRF token
        self.assertEqual(Client(srv).get("/tai-khoan").status, 303)  # a guest logs in first

    def test_an_admin_sets_them_on_the_users_page(self):
        admin = logged_in("quantri")
        with sqlite3.connect(srv.db) as db:
            uid = db.execute("select id from users where name='hoa'").fetchone()[0]
        t = admin.csrf("/quan-tri/nguoi-dung")
        r = admin.post(f"/quan-tri/nguoi-dung/{uid}", {
            "csrf": t, "action": "profile", "display_name": "Trần Thu Hoa",
            "email": "hoa@truong.example.vn", "unit": "Khoa Ngữ văn"})
        self.assertEqual(r.status, 303)
        page = admin.get(r.header("location"))
        self.assertIn("Trần Thu Hoa", page.text)
        self.assertIn("hoa@truong.example.vn", page.text)
        r = admin.post(f"/quan-tri/nguoi-dung/{uid}", {
            "csrf": t, "action": "profile", "display_name": "x", "email": "@@", "unit": ""})
        self.assertEqual(r.status, 400)
        hoa = logged_in("hoa")
        self.assertEqual(hoa.post(f"/quan-tri/nguoi-dung/{uid}", {
            "csrf": hoa.csrf("/tai-khoan"), "action": "profile", "display_name": "x",
            "email": "", "unit": ""}).status, 403)


class PasswordChange(unittest.TestCase):
    def test_needs_the_current_password_and_ends_the_other_sessions(self):
        old, new = password_of("tuan"), "mat-khau-moi-cua-tuan"
        a, b = logged_in("tuan"), logged_in("tuan")
        t = a.csrf("/tai-khoan")
        r = a.post("/tai-khoan", {"csrf": t, "action": "password", "current": "sai-roi-nhe-123",
                                  "password": new, "password2": new})
        self.assertEqual(r.status, 403)
        self.assertIn("Mật khẩu hiện tại không đúng.", r.text)
        self.assertTrue(is_logged_in(b))
        r = a.post("/tai-khoan", {"csrf": t, "action": "password", "current": old,
                                  "password": "ngan", "password2": "ngan"})
        self.assertEqual(r.status, 400)
        self.assertIn("ít nhất 10 ký tự", r.text)
        r = a.post("/tai-khoan", {"csrf": t, "action": "password", "current": old,
                                  "password": new, "password2": new + "x"})
        self.assertEqual(r.status, 400)
        self.assertTrue(is_logged_in(b))
        r = a.post("/tai-khoan", {"csrf": t, "action": "password", "current": old,
                                  "password": new, "password2": new})
        self.assertEqual(r.status, 303)
        self.assertIn("Đã đổi mật khẩu.", a.get(r.header("location")).text)
        self.assertTrue(is_logged_in(a))
        self.assertFalse(is_logged_in(b))
        self.assertEqual(Client(srv).login("tuan", old).status, 200)
        logged_in("tuan", new)
        self.assertIn(("tuan",), audit("password_changed"))
        self.assertIn(("tuan",), audit("password_change_failed"))


class Reset(unittest.TestCase):
    def test_the_link_arrives_works_once_and_ends_every_session(self):
        login = Client(srv).get("/dang-nhap")
        self.assertIn('href="/quen-mat-khau"', login.text)
        main = logged_in("minh")
        sub = logged_in("minh", client=HostClient(srv, SUB))
        self.assertTrue(is_logged_in(sub))
        r = ask_reset("minh@truong.example.vn", "127.0.0.11")
        self.assertEqual(r.status, 200)
        self.assertIn(SENT, r.text)
        msg = srv.sink.wait_for(lambda m: "minh@truong.example.vn" in m.rcpt_to)
        self.assertIsNotNone(msg, "no reset e-mail arrived")
        self.assertEqual(msg.mail_from, "noreply@cong.example.org")
        self.assertTrue(msg.subject.startswith("Đặt lại mật khẩu"))
        self.assertIn('"minh"', msg.body)
        path, token = link_of(msg)
        with sqlite3.connect(srv.db) as db:  # only the hash is kept
            self.assertEqual(db.execute("select count(*) from password_resets where "
                                        "token_hash = ?", (token,)).fetchone()[0], 0)
            hashed = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
            self.assertEqual(db.execute("select count(*) from password_resets where "
                                        "token_hash = ?", (hashed,)).fetchone()[0], 1)
        guest = Client(srv)
        page = guest.get(path)
        self.assertEqual(page.status, 200)
        self.assertEqual(page.header("referrer-policy"), "no-referrer")
        self.assertEqual(reset(guest, path, "ngan").status, 400)  # the link stays good
        new = "mat-khau-dat-lai-cua-minh"
        r = reset(guest, path, new)
        self.assertEqual(r.status, 200, r.text)
        self.assertIn("Đã đặt mật khẩu mới.", r.text)
        self.assertFalse(is_logged_in(main))
        self.assertFalse(is_logged_in(sub))  # on every site
        self.assertEqual(Client(srv).login("minh", password_of("minh")).status, 200)
        logged_in("minh", new)
        again = guest.get(path)
        self.assertEqual(again.status, 404)
        self.assertIn(BAD_LINK, again.text)
        r = guest.post("/dat-lai-mat-khau", {"csrf": guest.cookies.get("cong_form_csrf"),
                                             "ma": token, "password": "mot-lan-nua-thoi",
                                             "password2": "mot-lan-nua-thoi"})
        self.assertEqual(r.status, 404)
        self.assertIn(("minh",), audit("password_reset"))

    def test_a_wrong_address_gets_the_same_answer_and_no_mail(self):
        unknown = ask_reset("khong-ai-ca@truong.example.vn", "127.0.0.12")
        known = ask_reset("mai@truong.example.vn", "127.0.0.12")
        self.assertEqual(unknown.status, known.status)
        strip = lambda html: re.sub(r'value="[^"]*"', "", html)
        self.assertEqual(strip(unknown.text), strip(known.text))
        # the queue is first in, first out: once mai's arrived, nothing else is coming
        self.assertIsNotNone(srv.sink.wait_for(lambda m: "mai@truong.example.vn" in m.rcpt_to))
        self.assertEqual(srv.sink.to("khong-ai-ca@truong.example.vn"), [])

    def test_an_expired_link_is_refused(self):
        ask_reset("mai@truong.example.vn", "127.0.0.13")
        msg = srv.sink.wait_for(lambda m: "mai@truong.example.vn" in m.rcpt_to and
                                m not in self.seen)
        path, token = link_of(msg)
        with sqlite3.connect(srv.db) as db:
            # an hour and a second later, as the store sees it: the link's own row only
            hashed = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
            n = db.execute("update password_resets set expires_at = created_at - 1 where "
                           "token_hash = ?", (hashed,)).rowcount
            self.assertEqual(n, 1)
        guest = Client(srv)
        self.assertEqual(guest.get(path).status, 404)
        guest.get("/quen-mat-khau")  # for the form's token cookie
        r = guest.post("/dat-lai-mat-khau", {"csrf": guest.cookies.get("cong_form_csrf"),
                                             "ma": token, "password": "mat-khau-het-han",
                                             "password2": "mat-khau-het-han"})
        self.assertEqual(r.status, 404)
        self.assertIn(BAD_LINK, r.text)
        logged_in("mai")

    def setUp(self):
        self.seen = list(srv.sink.messages)

    def test_requests_are_throttled_per_address_and_per_client(self):
        statuses = [ask_reset("ai-do@truong.example.vn", "127.0.0.14").status
                    for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        statuses = [ask_reset(f"nguoi-{i}@truong.example.vn", "127.0.0.15").status
                    for i in range(11)]
        self.assertEqual(statuses[:10], [200] * 10)
        self.assertEqual(statuses[10], 429)

    def test_the_form_needs_its_token(self):
        c = Client(srv, source="127.0.0.16")
        r = c.post("/quen-mat-khau", {"email": "mai@truong.example.vn"})
        self.assertEqual(r.status, 403)
        self.assertEqual(Client(srv).get("/dat-lai-mat-khau?ma=khong-dung").status, 404)


class WithoutMail(unittest.TestCase):
    def test_the_page_says_an_admin_must_reset_the_password(self):
        plain = Server(demo=False, env=dict(FAST))
        try:
            c = Client(plain)
            page = c.get("/quen-mat-khau")
            self.assertEqual(page.status, 200)
            self.assertIn("liên hệ quản trị viên", page.text)
            self.assertNotIn('name="email"', page.text)
            r = c.post("/quen-mat-khau", {"email": "ai@truong.example.vn"})
            self.assertEqual(r.status, 503)
            self.assertIn("liên hệ quản trị viên", r.text)
        finally:
            plain.close()


if __name__ == "__main__":
    unittest.main()
