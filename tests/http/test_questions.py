"""Questions and answers against the real server: a question waits unseen (page, detail, API,
search) until an editor answers and publishes it; publishing needs an answer; the public form
refuses a post from another site (no token), one sent sooner than its minimum fill time or
with a forged time, thanks a robot that fills the honeypot and keeps nothing, and takes a
question once the time has passed (seen by restarting the server with its clock ahead); the
per-address rate limit answers 429; a refused field is marked aria-invalid and described by
the message; the admin answers through its form; and a question of one site is 404 on
another site's host."""

import json
import re
import unittest
import urllib.parse

from accounts import Client, password_of, server_with_users
from harness import connect

USERS = {"hd_bientap": "editor", "hd_tacgia": "author"}

srv = None
tokens = {}


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)
    with connect(srv.db) as c:
        c.execute("INSERT INTO sites (host, created_at) VALUES ('khoa.localhost', 0)"
                  " ON CONFLICT (host) DO NOTHING")  # the demo's own sub-portal


def tearDownModule():
    srv.close()


def api(method, path, body=None, who=None, headers=None, source=None):
    h = dict(headers or {})
    if who:
        h["Authorization"] = "Bearer " + tokens[who]
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = Client(srv, source=source).request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None), r


def ask(title, source, body="Xin hỏi quy định hiện hành về việc này."):
    st, q, _ = api("POST", "/api/v1/questions",
                   {"name": "Người dân", "email": "nguoidan@example.vn", "title": title,
                    "body": body}, source=source)
    assert st == 201, (st, q)
    return q


def stored(title):
    """(status, count) of the questions titled title, read from the database."""
    with connect(srv.db) as c:
        rows = c.execute("SELECT status FROM questions WHERE title = ?", (title,)).fetchall()
    return [r[0] for r in rows]


def form_fields(page):
    return {k: v for k, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                                        page.text)}


class Moderation(unittest.TestCase):
    def test_a_waiting_question_is_nowhere_public(self):
        q = ask("Thủ tục xin cấp phép khai thác cát", "127.0.0.21")
        self.assertEqual(q["status"], "pending")
        self.assertEqual(stored("Thủ tục xin cấp phép khai thác cát"), [0])
        self.assertNotIn("khai thác cát", srv.get("/hoi-dap").text)
        self.assertNotIn("khai thác cát", srv.get("/hoi-dap?q=khai+thac+cat").text)
        self.assertEqual(srv.get("/hoi-dap/%d" % q["id"]).status, 404)
        st, lst, _ = api("GET", "/api/v1/questions?q=khai+thac+cat")
        self.assertEqual((st, lst["total"]), (200, 0))
        self.assertEqual(api("GET", "/api/v1/questions/%d" % q["id"])[0], 404)
        self.assertEqual(api("GET", "/api/v1/questions?status=pending")[0], 401)
        self.assertEqual(api("GET", "/api/v1/questions?status=pending", who="hd_tacgia")[0], 403)
        self.assertNotIn("khai thác cát", srv.get("/").text)
        # an editor sees it, with the asker's e-mail
        st, lst, _ = api("GET", "/api/v1/questions?status=pending&q=khai", who="hd_bientap")
        self.assertEqual(st, 200)
        self.assertEqual([i["id"] for i in lst["items"]], [q["id"]])
        self.assertEqual(lst["items"][0]["email"], "nguoidan@example.vn")

    def test_editor_answers_and_publishes(self):
        q = ask("Hỗ trợ học phí cho học viên vùng khó khăn", "127.0.0.22")
        path = "/api/v1/questions/%d" % q["id"]
        st, err, _ = api("PATCH", path, {"status": "published"}, who="hd_bientap")
        self.assertEqual(st, 422)
        self.assertEqual(err["error"]["code"], "invalid_state")
        self.assertEqual(api("PATCH", path, {"answer": "Có.", "status": "published"},
                             who="hd_tacgia")[0], 403)
        self.assertEqual(api("PATCH", path, {"answer": "Có."})[0], 401)
        self.assertEqual(api("PATCH", path, {"status": "pending"}, who="hd_bientap")[0], 400)
        hoi_dap = srv.get("/hoi-dap")  # drawn and kept before the answer
        self.assertNotIn("vùng khó khăn", hoi_dap.text)
        st, got, _ = api("PATCH", path, {"answer": "Học viên ở xã đặc biệt khó khăn được "
                                                   "giảm học phí theo quy định.",
                                         "status": "published"}, who="hd_bientap")
        self.assertEqual(st, 200, got)
        self.assertEqual(got["status"], "published")
        self.assertTrue(got["answered_at"])
        page = srv.get("/hoi-dap").text
        self.assertIn("vùng khó khăn", page)
        self.assertIn("giảm học phí", page)
        # searched without accents, and with them
        self.assertIn("vùng khó khăn", srv.get("/hoi-dap?q=hoc+phi+vung+kho+khan").text)
        self.assertIn("vùng khó khăn", srv.get("/hoi-dap?q=" + urllib.parse.quote("HỌC PHÍ")).text)
        self.assertNotIn("vùng khó khăn", srv.get("/hoi-dap?q=hoc+phi+mien+nui").text)
        self.assertEqual(srv.get("/hoi-dap/%d" % q["id"]).status, 200)
        st, one, _ = api("GET", path)
        self.assertEqual(st, 200)
        self.assertNotIn("email", one)  # the asker's address is the editors' only
        st, lst, _ = api("GET", "/api/v1/questions?q=giam+hoc+phi")
        self.assertEqual([i["id"] for i in lst["items"]], [q["id"]])
        # hidden again: gone at once
        self.assertEqual(api("PATCH", path, {"status": "hidden"}, who="hd_bientap")[0], 200)
        self.assertEqual(srv.get("/hoi-dap/%d" % q["id"]).status, 404)
        self.assertNotIn("vùng khó khăn", srv.get("/hoi-dap").text)

    def test_admin_answers_with_the_form(self):
        q = ask("Giờ làm việc của bộ phận một cửa", "127.0.0.23")
        c = Client(srv)
        self.assertEqual(c.login("hd_bientap", password_of("hd_bientap")).status, 303)
        listing = c.get("/quan-tri/hoi-dap")
        self.assertEqual(listing.status, 200)
        self.assertIn("Giờ làm việc của bộ phận một cửa", listing.text)
        page = c.get("/quan-tri/hoi-dap/%d" % q["id"])
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        r = c.post("/quan-tri/hoi-dap/%d" % q["id"],
                   {"csrf": csrf, "title": "Giờ làm việc của bộ phận một cửa",
                    "answer": "Từ thứ Hai đến thứ Sáu, sáng 7 giờ 30, chiều 13 giờ 30.",
                    "action": "publish"})
        self.assertEqual(r.status, 303)
        self.assertEqual(stored("Giờ làm việc của bộ phận một cửa"), [1])
        self.assertIn("chiều 13 giờ 30", srv.get("/hoi-dap/%d" % q["id"]).text)


class Form(unittest.TestCase):
    def test_form_refuses_what_a_person_would_not_send(self):
        c = Client(srv, source="127.0.0.31")
        page = c.get("/hoi-dap/gui")
        self.assertEqual(page.status, 200)
        self.assertIn("no-store", page.header("Cache-Control"))
        fields = form_fields(page)
        self.assertEqual(set(fields), {"csrf", "t", "stamp"})
        cookie = [l for l in page.set_cookies if l.startswith("cong_hoi_dap=")][0]
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        title = "Câu hỏi gửi quá nhanh"
        typed = dict(fields, name="Lê An", email="an@example.vn", title=title,
                     body="Nội dung câu hỏi.", website="")
        # sent at once: faster than anyone types
        r = c.post("/hoi-dap/gui", typed)
        self.assertEqual(r.status, 400)
        self.assertIn("quá nhanh", r.text)
        self.assertIn('value="Lê An"', r.text)  # what was typed stays
        self.assertNotIn("aria-invalid", r.text)  # no one field is at fault
        # from another site: no token cookie
        r = Client(srv, source="127.0.0.31").post("/hoi-dap/gui", typed)
        self.assertEqual(r.status, 403)
        # a forged time
        forged = dict(typed, t=str(int(fields["t"]) - 600))
        self.assertEqual(c.post("/hoi-dap/gui", forged).status, 403)
        self.assertEqual(stored(title), [])

    def test_time_passed_question_is_kept_and_honeypot_is_not(self):
        c = Client(srv, source="127.0.0.32")
        fields = form_fields(c.get("/hoi-dap/gui"))
        good = dict(fields, name="Trần Bình", email="binh@example.vn",
                    title="Câu hỏi sau khi đọc kỹ", body="Tôi đã đọc kỹ rồi mới gửi.", website="")
        trap = dict(good, title="Câu hỏi của máy", website="http://spam.example")
        # the server's clock a minute ahead: the form has been open long enough
        srv.stop()
        srv.env["CONG_TEST_CLOCK_OFFSET"] = "60"
        try:
            srv.start()
            r = c.post("/hoi-dap/gui", trap)
            self.assertEqual(r.status, 303)
            self.assertEqual(r.header("Location"), "/hoi-dap/da-gui")
            self.assertEqual(stored("Câu hỏi của máy"), [])
            r = c.post("/hoi-dap/gui", good)
            self.assertEqual(r.status, 303, r.text)
            self.assertEqual(r.header("Location"), "/hoi-dap/da-gui")
            self.assertEqual(stored("Câu hỏi sau khi đọc kỹ"), [0])
            thanks = c.get("/hoi-dap/da-gui")
            self.assertEqual(thanks.status, 200)
            self.assertIn("Cảm ơn bạn đã gửi câu hỏi", thanks.text)
            # a field missing is said, and nothing kept
            r = c.post("/hoi-dap/gui", dict(good, title="Thiếu thư", email=""))
            self.assertEqual(r.status, 400)
            self.assertIn("thư điện tử", r.text)
            self.assertEqual(stored("Thiếu thư"), [])
            # the message has an id, and the field at fault, only it, is marked and described
            self.assertIn('role="alert" id="hd-loi"', r.text)
            email = re.search(r'<input id="hd-email"[^>]*>', r.text).group(0)
            self.assertIn('aria-invalid="true"', email)
            self.assertIn('aria-describedby="hd-loi hd-email-hint"', email)
            self.assertEqual(r.text.count('aria-invalid="true"'), 1)
            # too long
            r = c.post("/hoi-dap/gui", dict(good, title="Dài quá", body="a" * 5001))
            self.assertEqual(r.status, 400)
            self.assertEqual(stored("Dài quá"), [])
        finally:
            srv.stop()
            del srv.env["CONG_TEST_CLOCK_OFFSET"]
            srv.start()

    def test_rate_limit_per_address(self):
        for i in range(3):
            ask("Câu hỏi liên tiếp %d" % i, "127.0.0.41")
        st, err, r = api("POST", "/api/v1/questions",
                         {"name": "A", "email": "a@example.vn", "title": "Câu hỏi thứ tư",
                          "body": "Thêm một câu."}, source="127.0.0.41")
        self.assertEqual(st, 429)
        self.assertTrue(int(r.header("Retry-After")) > 0)
        self.assertEqual(stored("Câu hỏi thứ tư"), [])
        # another address is not held back
        ask("Câu hỏi từ nơi khác", "127.0.0.42")


class Sites(unittest.TestCase):
    def test_a_question_of_one_site_is_404_on_another(self):
        q = ask("Câu hỏi của cổng chính", "127.0.0.51")
        st, _, _ = api("PATCH", "/api/v1/questions/%d" % q["id"],
                       {"answer": "Trả lời của cổng chính.", "status": "published"},
                       who="hd_bientap")
        self.assertEqual(st, 200)
        other = {"Host": "khoa.localhost"}
        self.assertEqual(srv.get("/hoi-dap/%d" % q["id"]).status, 200)
        self.assertEqual(srv.get("/hoi-dap/%d" % q["id"], headers=other).status, 404)
        self.assertEqual(api("GET", "/api/v1/questions/%d" % q["id"], headers=other)[0], 404)
        self.assertNotIn("Câu hỏi của cổng chính", srv.get("/hoi-dap", headers=other).text)


if __name__ == "__main__":
    unittest.main()
