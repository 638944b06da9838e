"""`cong mail test` against the local SMTP sink, and against a closed port."""

import json
import shutil
import socket
import sqlite3
import tempfile
import unittest

from accounts import FAST, Client, must_create_token, must_create_user, password_of
from harness import MailServer, mail_config, run_cong
from smtp_sink import SmtpSink

# who works on the notified portal, with the e-mail each has set (bientap is an editor: she
# may send to review but not approve, so she is not asked to approve)
PEOPLE = {"tacgia": "author", "bientap": "editor", "duyet": "publisher", "quantri": "admin",
          "khongthu": "publisher"}


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class MailTestCommand(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cong-mail-")
        self.sink = SmtpSink()

    def tearDown(self):
        self.sink.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_sends_a_well_formed_message_to_the_sink(self):
        cfg = mail_config(self.dir, self.sink)
        st, out, err = run_cong("mail", "test", "lan@example.org", "--config", cfg)
        self.assertEqual(st, 0, err)
        self.assertIn("lan@example.org", out)
        m = self.sink.wait_for()
        self.assertIsNotNone(m)
        self.assertEqual(m.mail_from, "noreply@cong.example.org")
        self.assertEqual(m.rcpt_to, ["lan@example.org"])
        self.assertEqual(m.subject, "Cổng: thư thử / test message")
        self.assertEqual(m.message["To"], "lan@example.org")
        self.assertTrue(m.message["Date"])
        self.assertTrue(m.message["Message-ID"].endswith("@cong.example.org>"))
        self.assertEqual(m.message.get_content_type(), "text/plain")
        self.assertEqual(m.message.get_content_charset(), "utf-8")
        self.assertIn("cấu hình [mail] của Cổng đã hoạt động", m.body)
        self.assertNotIn(b"\n", m.data.replace(b"\r\n", b""))

    def test_closed_port_fails_in_one_line(self):
        cfg = mail_config(self.dir, f"smtp://127.0.0.1:{closed_port()}")
        st, out, err = run_cong("mail", "test", "lan@example.org", "--config", cfg)
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("cannot send to 'lan@example.org'", err)
        self.assertIn("onnect", err)

    def test_without_mail_settings_says_so(self):
        st, out, err = run_cong("mail", "test", "lan@example.org",
                                env={"CONG_CONFIG": ""})
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("no [mail] smtp_url", err)

    def test_bad_address_and_usage_refused(self):
        cfg = mail_config(self.dir, self.sink)
        st, out, err = run_cong("mail", "test", "lan@example.org\r\nBcc: x@y.org",
                                "--config", cfg)
        self.assertEqual(st, 2)
        self.assertIn("invalid address", err)
        st, out, err = run_cong("mail", "send", "lan@example.org")
        self.assertEqual(st, 2)
        self.assertEqual(self.sink.messages, [])


srv = None
tokens = {}


def email_of(name):
    return f"{name}@truong.example.vn"


def prepare(db):
    for name, role in PEOPLE.items():
        must_create_user(db, name, role, password_of(name))
    with sqlite3.connect(db) as c:
        for name in PEOPLE:
            if name != "khongthu":  # a publisher without an e-mail gets the notice only
                c.execute("update users set email = ?, display_name = ? where name = ?",
                          (email_of(name), name.title(), name))


def setUpModule():
    global srv
    srv = MailServer(demo=False, env=dict(FAST), prepare=prepare)
    tokens.update({name: must_create_token(srv.db, name) for name in PEOPLE})
    st, body = api("POST", "/api/v1/categories", {"name": "Tin trường", "slug": "tin-truong"},
                   who="bientap")
    assert st == 201, body


def tearDownModule():
    srv.close()


def api(method, path, body=None, who=None, source=None):
    h = {}
    if who:
        h["Authorization"] = "Bearer " + tokens[who]
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = Client(srv, source=source).request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def mails_about(title):
    """{recipient: [subjects]} of the messages whose subject names title (after a drain)."""
    out = {}
    for m in list(srv.sink.messages):
        if title in m.subject:
            for r in m.rcpt_to:
                out.setdefault(r, []).append(m.subject)
    return out


def wait_mail(to, words):
    m = srv.sink.wait_for(lambda m: to in m.rcpt_to and words in m.subject)
    assert m is not None, (to, words, [(x.rcpt_to, x.subject) for x in srv.sink.messages])
    return m


def notices(name):
    with sqlite3.connect(srv.db) as db:
        return db.execute("select n.kind, n.text, n.link from notices n join users u on "
                          "u.id = n.user_id where u.name = ? order by n.id", (name,)).fetchall()


class Notifications(unittest.TestCase):
    def test_submit_return_and_publish_reach_the_right_people(self):
        title = "Lễ khai giảng năm học mới"
        st, art = api("POST", "/api/v1/articles", {
            "title": title, "summary": "Tóm tắt", "body": "Nội dung.",
            "category": "tin-truong"}, who="tacgia")
        self.assertEqual(st, 201, art)
        path = f"/api/v1/articles/{art['id']}/transitions"
        self.assertEqual(api("POST", path, {"action": "submit"}, who="tacgia")[0], 200)
        m = wait_mail(email_of("duyet"), "Bài chờ duyệt")
        wait_mail(email_of("quantri"), "Bài chờ duyệt")
        self.assertIn(title, m.subject)
        self.assertIn(f"/quan-tri/bai-viet/{art['id']}", m.body)
        self.assertIn("tacgia vừa gửi duyệt bài", m.body)
        self.assertEqual(m.mail_from, "noreply@cong.example.org")

        note = "Cần thêm ảnh và sửa tiêu đề cho rõ."
        self.assertEqual(api("POST", path, {"action": "reject", "note": note},
                             who="duyet")[0], 200)
        m = wait_mail(email_of("tacgia"), "Bài bị trả lại")
        self.assertIn(note, m.body)
        self.assertEqual(api("POST", path, {"action": "submit"}, who="tacgia")[0], 200)
        self.assertEqual(api("POST", path, {"action": "approve"}, who="duyet")[0], 200)
        m = wait_mail(email_of("tacgia"), "Bài đã được duyệt đăng")
        self.assertIn(f"/bai-viet/{art['id']}-", m.body)

        # FIFO: the last one has come, so every earlier one has too
        got = mails_about(title)
        self.assertEqual(len(got[email_of("duyet")]), 2)   # two submissions
        self.assertEqual(len(got[email_of("quantri")]), 2)
        self.assertEqual(len(got[email_of("tacgia")]), 2)  # returned, published
        self.assertNotIn(email_of("bientap"), got)          # an editor cannot approve
        # the dashboards: a publisher without e-mail still has her notice
        kinds = [k for k, _, _ in notices("khongthu")]
        self.assertEqual(kinds.count("submitted"), 2)
        self.assertEqual([k for k, _, _ in notices("tacgia")][-2:], ["returned", "published"])
        self.assertEqual(notices("bientap"), [])
        # and the author sees them on her dashboard
        c = Client(srv)
        self.assertEqual(c.login("tacgia", password_of("tacgia")).status, 303)
        page = c.get("/quan-tri").text
        self.assertIn("Thông báo", page)
        self.assertIn(note, page)
        self.assertIn(f"Bài “{title}” đã được đăng.", page)

    def test_the_asker_gets_the_answer_by_email(self):
        st, q = api("POST", "/api/v1/questions", {
            "name": "Phạm Văn Hùng", "email": "hung@nguoidan.example.vn",
            "title": "Thời hạn nộp hồ sơ xét tuyển", "body": "Xin hỏi khi nào hết hạn?"},
            source="127.0.0.31")
        self.assertEqual(st, 201, q)
        path = f"/api/v1/questions/{q['id']}"
        self.assertEqual(api("PATCH", path, {"answer": "Đến hết ngày 30-06."},
                             who="bientap")[0], 200)
        st, got = api("PATCH", path, {"status": "published"}, who="bientap")
        self.assertEqual(st, 200, got)
        m = wait_mail("hung@nguoidan.example.vn", "đã được trả lời")
        self.assertIn("Thời hạn nộp hồ sơ xét tuyển", m.subject)
        self.assertIn(f"/hoi-dap/{q['id']}", m.body)
        self.assertIn("Xin chào Phạm Văn Hùng", m.body)
        # published again after a correction: no second e-mail
        self.assertEqual(api("PATCH", path, {"answer": "Đến hết ngày 30-06 hằng năm."},
                             who="bientap")[0], 200)
        self.assertEqual(api("POST", "/api/v1/questions", {
            "name": "B", "email": "sau@nguoidan.example.vn", "title": "Câu hỏi sau",
            "body": "Nội dung."}, source="127.0.0.32")[0], 201)
        st, q2 = api("GET", "/api/v1/questions?status=pending", who="bientap")
        later = [i for i in q2["items"] if i["title"] == "Câu hỏi sau"][0]
        self.assertEqual(api("PATCH", f"/api/v1/questions/{later['id']}", {
            "answer": "Có.", "status": "published"}, who="bientap")[0], 200)
        wait_mail("sau@nguoidan.example.vn", "đã được trả lời")
        self.assertEqual(len(srv.sink.to("hung@nguoidan.example.vn")), 1)


if __name__ == "__main__":
    unittest.main()
